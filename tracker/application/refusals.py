"""Refusals as analysts read them: file, line, column, field, what was expected, what was found."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain.errors import Path, Problem
from tracker.ingest.batch import MAX_PROBLEMS
from tracker.ingest.yaml_loader import Locator, YamlProblem


def dotted(path: Path) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


@dataclass(frozen=True)
class Refusal:
    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    expected: str | None = None
    found: str | None = None
    suggestion: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column}"
        text = f"{where}: {self.field + ': ' if self.field else ''}{self.message}"
        details = [f"expected {self.expected}" if self.expected else "", f"found {self.found}" if self.found else ""]
        details = [d for d in details if d]
        if details:
            text += " (" + "; ".join(details) + ")"
        if self.suggestion:
            text += f" - did you mean '{self.suggestion}'?"
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "expected": self.expected,
            "found": self.found,
            "suggestion": self.suggestion,
        }


def from_problem(name: str, problem: Problem, locator: Locator | None) -> Refusal:
    spot = locator.find(problem.path) if locator is not None else None
    line, column = spot if spot else (None, None)
    return Refusal(name, line, column, dotted(problem.path), problem.message, problem.expected, problem.found,
                   problem.suggestion)


def in_file_order(name: str, problems: list[Problem], locator: Locator | None) -> tuple[Refusal, ...]:
    """Refusals by event, and within an event from its first line down (a missing field: at the event's start)."""
    def event_index(problem: Problem) -> int:
        path = problem.path
        return path[1] if len(path) > 1 and path[0] == "events" and isinstance(path[1], int) else -1

    by_event = sorted(problems, key=event_index)[:MAX_PROBLEMS]
    refusals = [(event_index(p), from_problem(name, p, locator)) for p in by_event]
    refusals.sort(key=lambda pair: (pair[0], pair[1].line or 0))
    return tuple(r for _, r in refusals)


def from_yaml(name: str, problem: YamlProblem) -> Refusal:
    return Refusal(name, problem.line, problem.column, "", problem.message)
