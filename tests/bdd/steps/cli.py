"""Steps of features/cli: the `tracker` command run as the analyst types it, in a working folder of its own."""

from __future__ import annotations

import hashlib
import os
import shlex
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import old_stores
import pytest
from pytest_bdd import given, parsers, then, when

from tracker.application.bootstrap import Tracker, open_tracker
from tracker.cli import main

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
REPO = Path(__file__).resolve().parents[3]

EPISODE = """\
defaults: {proposal: truce-2025}
events:
  - {id: ru-accepts-truce-with-conditions-about-the-front-line, type: accepted, date: 2025-03-13, party: RU,
     conditions: [freeze of the front line, no rearmament during the pause], confidence: claimed}
  - {id: talks-in-riyadh-about-the-truce, type: talks_held, date: 2025-03-14, participants: [US, RU],
     location: Riyadh, outcome: agreement on a monitoring group}
  - {id: ua-rejects-truce-later, type: rejected, date: 2025-03-15, party: UA, reason: the front line keeps moving}
  - {id: correction-of-the-ua-rejection, type: retracted, date: 2025-03-16, retracts: ua-rejects-truce-later,
     reason: misattributed quote}
"""


@dataclass
class Ran:
    code: int
    out: str
    err: str


@dataclass
class Workspace:
    folder: Path
    digests: dict[str, str]


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    folder = (tmp_path / "work").resolve()
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("TRACKER_DB", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    (folder / "events.yaml").write_bytes((FIXTURES / "registry.yaml").read_bytes())
    return Workspace(folder, {})


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(words: list[str], capsys: pytest.CaptureFixture[str]) -> Ran:
    assert words[0] == "tracker"
    capsys.readouterr()
    try:
        code = main(words[1:])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    return Ran(code, captured.out, captured.err)


@given(parsers.parse('there is no file "{name}"'))
def _(work: Workspace, name: str) -> None:
    assert not (work.folder / name).exists()


@given(parsers.parse('a SQLite file "{name}" of another application with a table "{table}"'))
def _(work: Workspace, name: str, table: str) -> None:
    with sqlite3.connect(work.folder / name) as conn:
        conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, what TEXT)")
        conn.execute(f"INSERT INTO {table} (what) VALUES ('theirs')")
    work.digests[name] = _digest(work.folder / name)


@given(parsers.parse('a store "{name}" stamped with schema version {version:d}'))
def _(work: Workspace, name: str, version: int) -> None:
    open_tracker(f"sqlite:///{work.folder / name}").close()
    with sqlite3.connect(work.folder / name) as conn:
        conn.execute("UPDATE tracker_meta SET value = ? WHERE key = 'schema_version'", (str(version),))
        conn.execute("UPDATE alembic_version SET version_num = ?", (f"{version:04d}",))  # the revision is the version


@given(parsers.parse("a store \"{name}\" left by the tracker's schema version {version:d}, holding the truce"))
def _(work: Workspace, name: str, version: int) -> None:
    source = work.folder.parent / "source"
    source.mkdir()
    old_stores.build(f"sqlite:///{work.folder / name}", version, old_stores.rows_of(old_stores.make_source(source)))


@given(parsers.parse('the environment variable {name} is "{value}"'))
def _(work: Workspace, monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)


@given("a store with the truce, a conditional acceptance, talks and a retracted rejection")
def _(work: Workspace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (work.folder / "episode.yaml").write_text(EPISODE)
    ran = _run(["tracker", "--db", "store.db", "append", str(FIXTURES / "registry.yaml"),
                str(FIXTURES / "truce.yaml"), "episode.yaml"], capsys)
    assert ran.code == 0, ran.out + ran.err
    monkeypatch.setenv("TRACKER_DB", str(work.folder / "store.db"))


@when(parsers.parse('I run "{line}" at {columns:d} columns'), target_fixture="ran")
def _(work: Workspace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], line: str,
      columns: int) -> Ran:
    monkeypatch.setenv("COLUMNS", str(columns))
    return _run(shlex.split(line), capsys)


@when(parsers.parse('I run "{line}" with the argument "{argument}"'), target_fixture="ran")
def _(work: Workspace, capsys: pytest.CaptureFixture[str], line: str, argument: str) -> Ran:
    return _run([*shlex.split(line), argument.replace("\\e", "\x1b")], capsys)


@when(parsers.parse('I run "{line}"'), target_fixture="ran")
def _(work: Workspace, capsys: pytest.CaptureFixture[str], line: str) -> Ran:
    return _run(shlex.split(line), capsys)


@when(parsers.parse('I complete "{line}" in bash'), target_fixture="completions")
def _(work: Workspace, request: pytest.FixtureRequest, tmp_path: Path, line: str) -> list[str]:
    tracker: Tracker = request.getfixturevalue("bdd_tracker")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "tracker").write_text(f'#!/bin/sh\nexec {sys.executable} -m tracker "$@"\n')
    (bin_dir / "tracker").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHONPATH": str(REPO),
           "TRACKER_DB": tracker.url.removeprefix("sqlite:///")}
    script = subprocess.run([sys.executable, "-m", "tracker", "completion", "bash"], capture_output=True, text=True,
                            env=env, check=True).stdout
    words = line.split(" ")
    program = (f"{script}\nCOMP_WORDS=({' '.join(shlex.quote(w) for w in words)}); COMP_CWORD={len(words) - 1}; "
               "_tracker; printf '%s\\n' \"${COMPREPLY[@]}\"")
    run = subprocess.run(["bash", "-c", program], capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 0, run.stderr
    return [w for w in run.stdout.splitlines() if w]


@then("the command succeeds")
def _(ran: Ran) -> None:
    assert ran.code == 0, ran.err


@then(parsers.parse('the command fails with "{text}"'))
def _(work: Workspace, ran: Ran, text: str) -> None:
    expected = "tracker: " + text.replace("{dir}", str(work.folder))
    assert ran.code == 1 and ran.out == "", (ran.code, ran.out, ran.err)
    assert ran.err.count("\n") == 1 and "Traceback" not in ran.err, ran.err
    assert ran.err.startswith(expected), f"{ran.err!r} does not start with {expected!r}"


@then(parsers.parse('the command notes "{text}"'))
def _(work: Workspace, ran: Ran, text: str) -> None:
    lines = ran.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(text.replace("{dir}", str(work.folder))), ran.err


@then("the command notes nothing")
def _(ran: Ran) -> None:
    assert ran.err == "", ran.err


@then(parsers.parse('there is still no file "{name}"'))
def _(work: Workspace, name: str) -> None:
    assert not (work.folder / name).exists()


@then(parsers.parse('the file "{name}" did not change'))
def _(work: Workspace, name: str) -> None:
    assert _digest(work.folder / name) == work.digests[name]


@then(parsers.parse('the output has the line "{line}"'))
def _(ran: Ran, line: str) -> None:
    assert line in ran.out.splitlines(), ran.out


@then(parsers.parse('the output starts with "{text}"'))
def _(ran: Ran, text: str) -> None:
    assert ran.out.startswith(text), ran.out


@then(parsers.parse("no line of the output is wider than {columns:d} columns except an id line"))
def _(ran: Ran, columns: int) -> None:
    wide = [line for line in ran.out.splitlines() if len(line) > columns and not line.strip().startswith("id: ")]
    assert not wide, wide


@then(parsers.parse('the completions are "{words}"'))
def _(completions: list[str], words: str) -> None:
    assert completions == words.split()
