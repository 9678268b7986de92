"""The analyst's workflow through the dashboard (features/dashboard)."""

from pytest_bdd import scenarios
from steps.dashboard import *  # noqa: F403 - the steps and their fixtures
from steps.why_screen import *  # noqa: F403 - the why screen's steps

scenarios("dashboard")
