"""Helpers of the integration tests: a journal that appends YAML files as an analyst does, and CLI results."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tracker.application import json_output
from tracker.application.bootstrap import Tracker
from tracker.application.services import FileOutcome

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LATER = "2025-06-01T00:00:00Z"  # the clock between a fixture's appends and the test's own: after every event date


@dataclass
class Journal:
    """Appends event files to a store the way an analyst does, with the clock the test controls."""

    tracker: Tracker
    clock: Any
    folder: Path

    def write(self, text: str, name: str = "events.yaml") -> Path:
        path = self.folder / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def append(self, text: str, name: str = "events.yaml", at: str | None = None) -> FileOutcome:
        if at is not None:
            self.clock.set(at)
        outcome = self.tracker.services.append_file(self.write(text, name))
        return outcome

    def append_ok(self, text: str, name: str = "events.yaml", at: str | None = None) -> FileOutcome:
        outcome = self.append(text, name, at)
        assert outcome.outcome in ("appended", "unchanged"), [str(r) for r in outcome.refusals]
        return outcome

    def append_fixture(self, name: str, at: str | None = None) -> FileOutcome:
        return self.append_ok((FIXTURES / name).read_text(encoding="utf-8"), name.replace("/", "-"), at)

    def status(self, as_of: str, known_on: datetime | None = None, proposal: str | None = None) -> dict[str, Any]:
        report = self.tracker.queries.status(date.fromisoformat(as_of), known_on, proposal)
        return json_output.status(report)

    def proposal(self, pid: str, as_of: str, known_on: datetime | None = None) -> dict[str, Any] | None:
        found = [p for p in self.status(as_of, known_on)["proposals"] if p["id"] == pid]
        return found[0] if found else None

    def head(self) -> int:
        return self.tracker.queries.head()


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)
