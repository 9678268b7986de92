"""Shared steps for every feature: star-imported here, so that pytest-bdd finds them (pytest-bdd #209, #542).

The dashboard features import their own steps in tests/bdd/test_dashboard.py.
"""

from steps.authoring import *  # noqa: F403
from steps.ingest import *  # noqa: F403
from steps.integrity import *  # noqa: F403
from steps.store import *  # noqa: F403
from steps.views import *  # noqa: F403
from steps.dates import *  # noqa: F403
