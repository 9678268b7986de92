"""Untrusted text in the terminal: notes, quotes, titles, reasons, descriptions, party and source names and file
names carrying Rich markup, ANSI/OSC escapes, C1 controls, bidi overrides or carriage returns are shown inert
by the CLI's table output (status, timeline, replay, diff, append): no control byte reaches the terminal, and
markup is printed literally. With colour forced, the only escapes are the SGR sequences Rich adds itself.
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tracker.application.bootstrap import open_tracker

from ._support import Run, cli_env, dump, record, run_cli

pytestmark = pytest.mark.terminal

MARKUP = "[bold]B[/] [link=https://evil.example]click[/link] [red on white]R[/]"
ESCAPES = "\x1b[31mred \x1b]0;pwned\x07 \x1b[2J \u009b31m \u202eevil \rgone \x1b]8;;http://evil\x1b\\x\x1b]8;;\x1b\\"
HOSTILE = f"{MARKUP} {ESCAPES}"
FORBIDDEN = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8b-\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]")
RICH_SGR = re.compile(rb"\x1b\[[0-9;]*m")
INERT = ("\\x1b[31mred", "\\x1b]0;pwned\\x07", "\\x9b31m", "\\u202eevil", "\\x0dgone")


def _journal() -> bytes:
    parties = [{"id": "UA", "name": f"Ukraine {HOSTILE}", "aliases": ["Kyiv"]},
               {"id": "RU", "name": "Russia", "aliases": ["Moscow"]}, {"id": "US", "name": "United States"}]
    sources = [{"id": "src-evil", "outlet": f"Outlet {HOSTILE}", "title": f"T {HOSTILE}", "quote": f"Q {HOSTILE}"}]
    p = "evil-2025"
    events = [
        {"id": "ev-proposed", "type": "proposed", "proposal": p, "date": "2025-03-01", "party": "US",
         "title": f"Title {HOSTILE}", "kind": "other", "parties": ["UA", "RU"], "sources": ["src-evil"],
         "terms": [{"id": "t1", "text": f"Term {HOSTILE}"}], "note": f"N1 {HOSTILE}"},
        {"id": "ev-accepted", "type": "accepted", "proposal": p, "date": "2025-03-02", "party": "UA",
         "conditions": [f"C {HOSTILE}"], "note": f"N2 {HOSTILE}",
         "sources": [{"outlet": f"Inline {HOSTILE}", "quote": f"Said {HOSTILE}"}]},
        {"id": "ev-rejected", "type": "rejected", "proposal": p, "date": "2025-03-03", "party": "RU",
         "reason": f"R {HOSTILE}", "note": f"N3 {HOSTILE}"},
        {"id": "ev-violation", "type": "violation_reported", "proposal": p, "date": "2025-03-04", "party": "UA",
         "against": "RU", "description": f"D {HOSTILE}", "disputed_by": ["RU"], "note": f"N4 {HOSTILE}"},
        {"id": "ev-talks", "type": "talks_held", "proposal": p, "date": "2025-03-05", "participants": ["UA", "RU"],
         "location": f"L {HOSTILE}", "outcome": f"O {HOSTILE}"},
        {"id": "ev-amended", "type": "amended", "proposal": p, "date": "2025-03-06", "party": "US",
         "title": f"Title 2 {HOSTILE}", "note": f"N5 {HOSTILE}"},
        {"id": "ev-retracted", "type": "retracted", "proposal": p, "date": "2025-03-07", "retracts": "ev-rejected",
         "reason": f"Wrong {HOSTILE}"},
    ]
    return dump({"parties": parties, "sources": sources, "events": events})


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('terminal') / 'store.db'}"
    tracker = open_tracker(url)
    outcome = tracker.services.append_bytes(_journal(), "hostile.yaml")
    tracker.close()
    assert outcome.outcome == "appended", [str(r) for r in outcome.refusals]
    return url


def _clean(what: str, raw: bytes) -> str:
    bad = FORBIDDEN.search(raw)
    if bad is not None:
        around = raw[max(0, bad.start() - 40):bad.end() + 40]
        pytest.fail(f"{what}: a control sequence reached the terminal: {around!r}")
    return raw.decode("utf-8")


COMMANDS = {
    "status": ["status", "--as-of", "2025-12-31"],
    "status of one proposal": ["status", "--as-of", "2025-12-31", "--proposal", "evil-2025"],
    "status as known before": ["status", "--as-of", "2025-12-31", "--known-on", "2000-01-01"],
    "timeline": ["timeline", "evil-2025"],
    "replay": ["replay", "--to", "2025-12-31"],
    "diff": ["diff", "2025-03-01", "2025-12-31"],
}


VARIANTS = [*((c, False) for c in COMMANDS), ("status", True), ("timeline", True)]
JSON_COMMANDS = {"status --json": ["status", "--as-of", "2025-12-31", "--json"],
                 "timeline --json": ["timeline", "evil-2025", "--json"]}


@pytest.fixture(scope="module")
def runs(hostile_store: str) -> dict[Any, Run]:
    """Every command's run, two at a time."""
    def one(key: Any) -> Run:
        if key in JSON_COMMANDS:
            return run_cli(["--db", hostile_store, *JSON_COMMANDS[key]])
        command, colour = key
        env = cli_env(**({"FORCE_COLOR": "1", "TERM": "xterm-256color"} if colour else {}))
        return run_cli(["--db", hostile_store, *COMMANDS[command]], env=env)

    keys = [*VARIANTS, *JSON_COMMANDS]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(keys, pool.map(one, keys)))


@pytest.mark.parametrize(("command", "colour"), VARIANTS,
                         ids=lambda v: v if isinstance(v, str) else ("forced-colour" if v else "plain"))
def test_tables_show_untrusted_text_inert(command: str, colour: bool, runs: dict[Any, Run]) -> None:
    run = runs[(command, colour)]
    assert run.returncode == 0, run.err
    stdout = RICH_SGR.sub(b"", run.stdout) if colour else run.stdout
    if not colour:
        assert b"\x1b" not in run.stdout
    out = _clean(f"{command} stdout", stdout) + _clean(f"{command} stderr", run.stderr)
    if command in ("timeline", "status", "status of one proposal"):
        for shown in ("[bold]B[/]", "[link=https://evil.example]click[/link]", *INERT):
            assert shown in out, f"{command}: {shown!r} is not shown literally:\n{out[:3000]}"
    record("terminal", command=command, colour=colour, control_bytes=0)


def test_refusals_and_file_names_are_inert(hostile_store: str, tmp_path: Path) -> None:
    name = tmp_path / "evil\x1b]0;pwned\x07\x1b[31m.yaml"
    name.write_bytes(dump({"events": [{"type": "accepted", "proposal": "evil-2025", "date": "2025-03-09",
                                       "party": f"RU{ESCAPES}", "note": HOSTILE}]}))
    for args in (["append", str(name)], ["validate", str(name)], ["append", str(tmp_path / "missing\x1b[2J.yaml")]):
        run = run_cli(["--db", hostile_store, *args])
        assert run.returncode == 1
        text = _clean(f"{args[0]} stdout", run.stdout) + _clean(f"{args[0]} stderr", run.stderr)
        assert "\\x1b" in text, text


@pytest.mark.parametrize("command", list(JSON_COMMANDS))
def test_json_output_escapes_control_characters(command: str, runs: dict[Any, Run]) -> None:
    run = runs[command]
    assert run.returncode == 0, run.err
    _clean(f"{command} stdout", run.stdout)  # C0 escaped by JSON itself; C1, bidi and zero-width ones too
    assert any(HOSTILE in text for text in _strings(json.loads(run.stdout))), "the untrusted text did not round-trip"


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return []
