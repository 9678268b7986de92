"""Hostile and broken event files: what each is, how to make it, and what its refusal must say."""

from __future__ import annotations

import gzip
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ._support import LONG

VALID = b"events:\n  - {id: ok-1, type: accepted, proposal: host, date: 2025-01-02, party: UA}\n"
PWNED = Path("/tmp/tracker-reliability-pwned")


def _event(**fields: str) -> bytes:
    body = ", ".join(f"{k}: {v}" for k, v in {"id": "ev-1", "type": "accepted", "proposal": "host",
                                                "date": "2025-01-02", "party": "UA", **fields}.items())
    return b"events:\n  - {" + body.encode() + b"}\n"


def _laughs(levels: int, width: int = 9) -> bytes:
    lines = [b"a0: &a0 [" + b", ".join([b"lol"] * width) + b"]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [".encode() + b", ".join([f"*a{i - 1}".encode()] * width) + b"]")
    return b"\n".join(lines) + b"\n"


def _indented(depth: int) -> bytes:
    return "".join("  " * i + "a:\n" for i in range(depth)).encode() + b"  " * depth + b"x\n"


def _random_bytes(n: int) -> bytes:
    return random.Random(7).randbytes(n)


@dataclass(frozen=True)
class Hostile:
    name: str
    make: Callable[[], bytes] | None  # None: `path` names something that is not a regular file
    line: bool  # the refusal must name a line (and column)
    says: str  # a regular expression the refusal must match
    heavy: bool = False  # run on its own (memory is measured per process)
    path: str | None = None
    env: tuple[tuple[str, str], ...] = ()

    @property
    def slug(self) -> str:
        return "".join(c if c.isalnum() else "-" for c in self.name.lower()).strip("-")


HUGE = 10 * 1024 * 1024

CASES: list[Hostile] = [
    # alias bombs
    Hostile("billion laughs", lambda: _laughs(9), True, "alias", heavy=True),
    Hostile("alias bomb inside an event", lambda: _laughs(6) + b"events:\n  - {type: accepted, note: *a6}\n", True,
            "alias", heavy=True),
    Hostile("recursive alias", lambda: b"events: &a [*a]\n", True, "alias"),
    Hostile("undefined alias", lambda: b"events: *nowhere\n", True, "alias"),
    # deep nesting
    Hostile("flow sequences 100k deep", lambda: b"events: " + b"[" * 100_000 + b"]" * 100_000 + b"\n", True,
            "nested", heavy=True),
    Hostile("flow mappings 50k deep", lambda: b"{a: " * 50_000 + b"1" + b"}" * 50_000 + b"\n", True, "nested",
            heavy=True),
    Hostile("block sequences 100k deep", lambda: b"- " * 100_000 + b"x\n", True, "nested", heavy=True),
    Hostile("block mappings 1000 deep", lambda: _indented(1000), True, "nested", heavy=True),
    Hostile("nesting inside an event", lambda: _event(note="[" * 500 + "]" * 500), True, "nested"),
    # huge scalars and oversize files
    Hostile(f"a {HUGE // 1024 // 1024} MB note", lambda: _event(note="x" * HUGE), True, "at most|too long|4000",
            heavy=True),
    Hostile("a 5 MB key", lambda: b"events: []\n" + b"k" * (5 * 1024 * 1024) + b": 1\n", True, "not valid YAML",
            heavy=True),
    Hostile("a 1000-character key", lambda: b"events: []\n" + b"k" * 1000 + b": 1\n", True, "unknown section"),
    Hostile("a 5 MB line of text", lambda: b"a" * (5 * 1024 * 1024), True, "mapping", heavy=True),
    Hostile("over the size limit", lambda: VALID + b"# " + b"x" * 2_000_000 + b"\n", False, "limit", heavy=True,
            env=(("TRACKER_MAX_FILE_BYTES", "1000000"),)),
    Hostile("an integer of 100k digits", lambda: b"events: 1" + b"0" * 100_000 + b"\n", False, "digits"),
    Hostile("/dev/zero", None, False, "not a regular file", heavy=True, path="/dev/zero"),
    # encodings and characters
    Hostile("invalid UTF-8", lambda: b"events:\n  - {note: caf\xe9}\n", True, "UTF-8"),
    Hostile("overlong UTF-8", lambda: b"events:\n  - {note: \xc0\xaf}\n", True, "UTF-8"),
    Hostile("an encoded surrogate", lambda: b"events:\n  - {note: \xed\xa0\x80}\n", True, "UTF-8"),
    Hostile("UTF-16 with its byte order mark", lambda: VALID.decode().encode("utf-16"), True, "UTF-8"),
    Hostile("a NUL byte", lambda: VALID + b"\x00", True, "NUL"),
    Hostile("a raw ESC", lambda: _event(note="'\x1b[31mred'"), True, "not allowed"),
    Hostile("a raw BEL", lambda: _event(note="'ding\x07'"), True, "not allowed"),
    Hostile("a C1 control (CSI)", lambda: _event(note="'\u009b31m'"), True, "not allowed"),
    Hostile("tab indentation", lambda: b"events:\n\t- {type: accepted}\n", True, "not valid YAML"),
    Hostile("tab before a key", lambda: b"events: []\n\tparties: []\n", True, "not valid YAML"),
    # keys and tags
    Hostile("duplicate section", lambda: VALID + b"events: []\n", True, "duplicate"),
    Hostile("duplicate key in an event", lambda: _event(date="2025-01-02, date: 2025-01-03"), True, "duplicate"),
    Hostile("!!python/object/apply", lambda: f'events: !!python/object/apply:os.system ["touch {PWNED}"]\n'.encode(),
            True, "tag"),
    Hostile("!!python/object/new", lambda: b"events: !!python/object/new:os.system [echo]\n", True, "tag"),
    Hostile("!!python/name", lambda: b"events: !!python/name:os.system\n", True, "tag"),
    Hostile("!!python/object", lambda: b"events: !!python/object:collections.OrderedDict {}\n", True, "tag"),
    Hostile("a local tag", lambda: b"events: !custom [1]\n", True, "tag"),
    Hostile("!!binary", lambda: _event(note="!!binary aGVsbG8="), True, "tag"),
    Hostile("!!str on a date", lambda: _event(date="!!str 2025-01-02"), True, "tag"),
    Hostile("!!set", lambda: b"events: !!set {a, b}\n", True, "tag"),
    Hostile("a verbatim tag", lambda: b"events: !<tag:yaml.org,2002:python/object:os.system> {}\n", True, "tag"),
    Hostile("a %TAG directive", lambda: b"%TAG !e! tag:example.com,2000:\n---\nevents: !e!x []\n", True, "tag"),
    # found by the fuzz target
    Hostile("an event type that is a list", lambda: b"events:\n  - {type: [], proposal: host}\n", True,
            "unknown event type"),
    Hostile("a party named by another's alias", lambda: b"parties:\n  - {id: TA, name: Ukraine}\n", True,
            "already names party"),
    Hostile("an integer of 5000 digits", lambda: b"events: 1" + b"0" * 5000 + b"\n", False, "digits"),
    # dates
    Hostile("2025-02-30", lambda: _event(date="2025-02-30"), True, "February 2025 has 28 days"),
    Hostile("month 13", lambda: _event(date="2025-13-01"), True, "month"),
    Hostile("day 00", lambda: _event(date="2025-01-00"), True, "not a day|day"),
    Hostile("a date as a number", lambda: _event(date="20250101"), True, "date"),
    Hostile("a date in words", lambda: _event(date="yesterday"), True, "date"),
    Hostile("a date in the future", lambda: _event(date="2999-01-01"), True, "future"),
    # empty, wrong roots, not YAML
    Hostile("an empty file", lambda: b"", False, "empty"),
    Hostile("only whitespace", lambda: b"  \n\n\t\n", False, "empty"),
    Hostile("only a comment", lambda: b"# nothing here\n", False, "no YAML document|empty"),
    Hostile("only a document marker", lambda: b"---\n", False, "no YAML document"),
    Hostile("a root list", lambda: b"- type: accepted\n- type: rejected\n", True, "mapping"),
    Hostile("a root scalar", lambda: b"hello\n", True, "mapping"),
    Hostile("a root number", lambda: b"42\n", True, "mapping"),
    Hostile("a root boolean", lambda: b"true\n", True, "mapping"),
    Hostile("an empty mapping", lambda: b"{}\n", False, "nothing to append"),
    Hostile("two documents", lambda: VALID + b"---\n" + VALID, True, "document"),
    Hostile("random bytes", lambda: _random_bytes(1 << 20), True, "UTF-8|NUL", heavy=True),
    Hostile("a gzip file", lambda: gzip.compress(VALID, mtime=0), True, "UTF-8|NUL"),
    Hostile("a PNG header", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", True, "UTF-8|NUL"),
    Hostile("truncated JSON", lambda: b'{"events": [{"type": "accepted", "party": "UA"', True, "not valid YAML"),
    Hostile("JSON of the wrong shape", lambda: b'{"events": 5}', True, "must be a list"),
    Hostile("JSON garbage", lambda: b'}}]]{{"a":,,,]', True, "not valid YAML"),
    # paths that are not files
    Hostile("a directory with no event files", None, False, "directory", path="<dir>"),
    Hostile("a missing file", None, False, "no such file", path="<missing>"),
    Hostile("a symlink loop", None, False, "cannot be read", path="<loop>"),
]

# Inputs under the byte limit whose size alone costs seconds and hundreds of megabytes: the loader has no
# limit on the number of values, and a refused file is parsed again to locate its problems.
VALUES, INVALID = (300_000, 50_000) if LONG else (150_000, 20_000)
WIDE = [
    Hostile(f"a flow sequence of {VALUES // 1000}k values", lambda: b"[" + b"0," * VALUES + b"0]\n", True, "mapping",
            heavy=True),
    Hostile(f"{INVALID // 1000}k invalid events", lambda: b"events:\n" + b"  - {type: acepted, proposal: host, "
            b"date: 2025-01-02}\n" * INVALID, True, "unknown event type", heavy=True),
]
if LONG:
    WIDE.append(Hostile("a flow sequence of 5M values (10 MB)", lambda: b"[" + b"0," * 5_000_000 + b"0]\n", True,
                        "mapping", heavy=True))
    WIDE.append(Hostile("a 60 MB note", lambda: _event(note="x" * (60 * 1024 * 1024)), True, "at most", heavy=True))


def materialize(case: Hostile, folder: Path) -> str:
    """Write the case under `folder` and return the path to hand to the tracker."""
    if case.path == "<dir>":
        target = folder / f"{case.slug}"
        target.mkdir()
        (target / "notes.txt").write_text("not an event file\n")
        return str(target)
    if case.path == "<missing>":
        return str(folder / "no-such-file.yaml")
    if case.path == "<loop>":
        target = folder / f"{case.slug}.yaml"
        target.symlink_to(target)
        return str(target)
    if case.path:
        return case.path
    assert case.make is not None
    target = folder / f"{case.slug}.yaml"
    target.write_bytes(case.make())
    return str(target)
