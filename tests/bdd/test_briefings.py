"""Scenarios of features/briefings (why, and briefings made again), bound to tests/bdd/steps/briefings.py."""

from pytest_bdd import scenarios

from steps.briefings import *  # noqa: F403 - the steps of these features only

scenarios("briefings")
