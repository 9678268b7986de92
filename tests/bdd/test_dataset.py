"""Scenarios of features/dataset, bound to the shared steps in tests/bdd/steps/."""

from pytest_bdd import scenarios

scenarios("dataset")
