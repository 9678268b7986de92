"""The analyst at the command line (features/cli): stores, output, lookups, help and completion."""

from pytest_bdd import scenarios
from steps.cli import *  # noqa: F403 - the steps and their fixtures
from steps.team import *  # noqa: F403 - who recorded an event

scenarios("cli")
