"""Start-up: each command imports only what it needs (checked in a fresh interpreter, not timed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = {"sqlalchemy": "SQLAlchemy", "textual": "Textual", "pydantic": "pydantic",
         "tracker.domain.events": "the event models", "yaml": "PyYAML", "rich": "rich", "alembic": "Alembic"}
# Alembic is loaded only to create or upgrade a store, never to open a current one.
READS = {"textual", "pydantic", "tracker.domain.events", "yaml", "rich", "alembic"}

# command -> the heavy modules it must never import
NEVER = {
    ("--help",): {"sqlalchemy", "textual", "pydantic", "tracker.domain.events", "yaml"},
    ("status", "--help"): {"sqlalchemy", "textual", "pydantic", "tracker.domain.events", "yaml"},
    ("schema",): {"sqlalchemy", "textual", "pydantic", "tracker.domain.events", "yaml", "alembic"},
    ("template", "accepted"): {"sqlalchemy", "textual", "alembic"},
    ("status",): READS,
    ("status", "--proposal", "black-sea-2025", "--json"): READS,
    ("timeline", "black-sea-2025"): READS,
    ("diff", "2025-03-01", "2025-04-01"): READS,
    ("replay", "--to", "2025-04-01"): READS,
    ("verify",): READS,
}

PROBE = """
import contextlib, io, json, sys
from tracker.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "modules": sorted(m for m in sys.modules if m in %r)}))
""" % (sorted(HEAVY),)


def imported(args: tuple[str, ...], db: str) -> tuple[int, set[str]]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    run = subprocess.run([sys.executable, "-c", PROBE, "--db", db, *args] if args[0] != "--help"
                         else [sys.executable, "-c", PROBE, *args],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout.strip().splitlines()[-1])
    return data["code"], set(data["modules"])


@pytest.mark.parametrize("args", sorted(NEVER), ids=" ".join)
def test_a_command_imports_only_what_it_needs(args: tuple[str, ...], bundled_sqlite: Path) -> None:
    code, modules = imported(args, f"sqlite:///{bundled_sqlite}")
    assert code in (0, None), f"tracker {' '.join(args)} exited {code}"
    loaded = modules & NEVER[args]
    assert not loaded, f"tracker {' '.join(args)} imported {', '.join(HEAVY[m] for m in sorted(loaded))}"


def test_the_probe_sees_heavy_imports(bundled_sqlite: Path) -> None:
    """The check can fail: a writing command does load the models and SQLAlchemy."""
    _, modules = imported(("validate", str(bundled_sqlite.parent / "nothing-here.yaml")), f"sqlite:///{bundled_sqlite}")
    assert {"sqlalchemy", "pydantic", "tracker.domain.events"} <= modules


def test_the_probe_sees_alembic_when_a_store_is_upgraded(tmp_path: Path) -> None:
    """The check can fail for Alembic too: opening a store an earlier version made loads it, once."""
    import old_stores

    old = f"sqlite:///{tmp_path / 'old.db'}"
    old_stores.build(old, 3, {})
    assert "alembic" in imported(("status",), old)[1]
    assert "alembic" not in imported(("status",), old)[1]
