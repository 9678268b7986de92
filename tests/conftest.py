"""Shared fixtures: a store on every backend (SQLite always, PostgreSQL when configured) and a clock tests control."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tracker.application.bootstrap import Tracker, open_tracker

POSTGRES_URL = os.environ.get("TRACKER_TEST_POSTGRES_URL")
REQUIRE_POSTGRES = os.environ.get("TRACKER_REQUIRE_POSTGRES") == "1"
REPO = Path(__file__).resolve().parents[1]


@dataclass
class FakeClock:
    """The store's clock, set by the test: recorded_at and 'today' come from it."""

    now: datetime = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def set(self, when: datetime | str) -> None:
        if isinstance(when, str):
            when = datetime.fromisoformat(when.replace("Z", "+00:00"))
        self.now = when if when.tzinfo else when.replace(tzinfo=timezone.utc)

    def advance(self, seconds: float = 1.0) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


def postgres_schema_url(base: str) -> str:
    """A fresh, empty schema on the test server, as a URL whose search_path points at it."""
    from sqlalchemy import create_engine, text

    schema = "t_" + uuid.uuid4().hex[:12]
    engine = create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL required but unreachable at {base}: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    finally:
        engine.dispose()
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


def _backends() -> list[str]:
    return ["sqlite", "postgres"] if (POSTGRES_URL or REQUIRE_POSTGRES) else ["sqlite"]


@pytest.fixture(params=_backends())
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of a new, empty store: a SQLite file always, a PostgreSQL schema when configured."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    if not POSTGRES_URL:
        pytest.fail("TRACKER_REQUIRE_POSTGRES=1 but TRACKER_TEST_POSTGRES_URL is not set")
    return postgres_schema_url(POSTGRES_URL)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def tracker(store_url: str, clock: FakeClock) -> Iterator[Tracker]:
    opened = open_tracker(store_url, clock=clock)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def bundled_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the bundled dataset, built once per session; copy it before writing to it."""
    path = tmp_path_factory.mktemp("bundled") / "bundled.db"
    opened = open_tracker(f"sqlite:///{path}")
    outcomes = opened.services.load_bundled()
    opened.close()
    refused = [r for o in outcomes for r in o.refusals]
    assert not refused, refused
    return path
