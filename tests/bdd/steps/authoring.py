"""Steps of writing event files: templates, and reading every refusal of a file at once."""

from __future__ import annotations

import io
import shlex
from pathlib import Path

from pytest_bdd import given, parsers, then

from steps.ingest import Attempt
from tracker.ingest.authoring import run_template


def _template(command: str) -> str:
    """What `tracker template ...` prints, run the way the CLI runs it."""
    words = shlex.split(command)
    assert words[:2] == ["tracker", "template"], command
    args = words[2:]
    as_file = "--file" in args
    out, err = io.StringIO(), io.StringIO()
    assert run_template([a for a in args if a != "--file"], as_file, out, err) == 0, err.getvalue()
    return out.getvalue()


@given(parsers.parse('a file "{name}" made with "{command}"'))
def _(event_files: Path, name: str, command: str) -> None:
    (event_files / name).write_text(_template(command), encoding="utf-8")


@given(parsers.parse('"{command}" appended to "{name}" twice'))
def _(event_files: Path, name: str, command: str) -> None:
    with (event_files / name).open("a", encoding="utf-8") as f:
        f.write(_template(command) * 2)


@then("the refusals are, line by line:")
def _(attempt: Attempt, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    assert header == ["line", "field", "says", "nearest"]
    found = [(r.line, r.field) for r in attempt.refusals]
    assert found == [(int(line), field) for line, field, _, _ in rows], "\n".join(map(str, attempt.refusals))
    for refusal, (_, _, says, nearest) in zip(attempt.refusals, rows):
        assert says in refusal.message, str(refusal)
        if nearest:
            assert refusal.suggestion == (None if nearest == "none" else nearest), str(refusal)


@then("every refusal says what was expected or what was found")
def _(attempt: Attempt) -> None:
    for refusal in attempt.refusals:
        assert refusal.expected or refusal.found, str(refusal)
        assert "Input should" not in str(refusal) and "Field required" not in str(refusal), str(refusal)


@then("every refusal is a placeholder not filled in")
def _(attempt: Attempt) -> None:
    assert attempt.refusals
    for refusal in attempt.refusals:
        assert "placeholder <" in refusal.message and "not filled in" in refusal.message, str(refusal)
