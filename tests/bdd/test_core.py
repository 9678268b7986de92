"""Scenarios of features/core (the analyst's three questions), bound to the shared steps in tests/bdd/steps/."""

from pytest_bdd import scenarios
from steps.dataset import *  # noqa: F403 - the dispute and timeline steps (features/core/disputes.feature)

scenarios("core")
