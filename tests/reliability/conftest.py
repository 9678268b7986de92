"""Markers and shared fixtures of the reliability suite; its measured figures, written out on request."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker.application.bootstrap import Tracker, open_tracker

from ._support import LONG, RECORDED

MARKERS = {
    "concurrency": "several processes appending and reading at once",
    "crash": "kill -9 of an append at random moments",
    "tamper": "hash-chain verification after bypassing the triggers",
    "hostile": "hostile and broken YAML input",
    "properties": "hypothesis properties of the projections",
    "fuzz": "fuzzing of the YAML loader",
    "terminal": "untrusted text in the terminal",
}


def pytest_configure(config: pytest.Config) -> None:
    for name, text in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {text}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With TRACKER_FIGURES_OUT=path, write the figures the tests measured (one JSON object a line)."""
    out = os.environ.get("TRACKER_FIGURES_OUT")
    if out and RECORDED:
        with Path(out).open("a", encoding="utf-8") as f:
            for row in RECORDED:
                f.write(json.dumps({"mode": "long" if LONG else "short", **row}, default=str) + "\n")


def backend(url: str) -> str:
    return "postgres" if url.startswith("postgresql") else "sqlite"


@pytest.fixture
def fresh(store_url: str) -> Iterator[Tracker]:
    """An open tracker on a new store with the real clock (subprocesses write to it with the real clock too)."""
    opened = open_tracker(store_url)
    yield opened
    opened.close()
