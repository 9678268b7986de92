"""Scenarios of features/core (the analyst's three questions), bound to the shared steps in tests/bdd/steps/."""

from pytest_bdd import scenarios

scenarios("core")
