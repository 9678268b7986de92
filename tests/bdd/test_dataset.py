"""Scenarios of features/dataset, bound to the shared steps in tests/bdd/steps/ and their own."""

from pytest_bdd import scenarios
from steps.dataset import *  # noqa: F403 - the steps and their fixtures

scenarios("dataset")
