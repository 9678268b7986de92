"""A fuzz target for the YAML loader and the batch reader, driven by hypothesis.

The target: decode() and load() raise nothing but YamlRefused; read_batch() raises nothing; and
Services.append_bytes(..., dry_run=True) returns a FileOutcome (a refusal, or a valid batch) and never raises.
Every input must finish within HANG_S seconds (a SIGALRM turns a hang into a failure).

Inputs are mutations of the corpus in fuzz_corpus/ (valid event files and the small hostile inputs, written by
make_fuzz_corpus.py) and random event-shaped documents. A failing input is printed by hypothesis; set
TRACKER_FUZZ_SAVE=1 to also keep it in fuzz_corpus/ as a regression seed.
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tracker.application.bootstrap import Tracker, open_tracker
from tracker.application.services import FileOutcome
from tracker.domain.events import EVENT_TYPES, fields_of
from tracker.ingest.batch import Registry, read_batch
from tracker.ingest.yaml_loader import YamlProblem, YamlRefused, decode, load

from ._support import pick, record, seed_file

pytestmark = pytest.mark.fuzz

CORPUS = Path(__file__).resolve().parent / "fuzz_corpus"
SEEDS = sorted(CORPUS.glob("*.yaml"))
HANG_S = 5
MUTATIONS = pick(300, 20_000)
DOCUMENTS = pick(150, 5_000)
TOKENS = [b"&a ", b"*a", b"&b ", b"*b", b"!!python/object:os.system ", b"!!str ", b"!x ", b"[", b"]", b"{", b"}",
          b"- ", b": ", b", ", b"? ", b"|", b">-", b"'", b'"', b"#", b"%TAG ! tag:x,1:\n", b"---\n", b"...\n", b"<<: ",
          b"\xef\xbb\xbf", b"\t", b"\n", b"  ", b"\x00", b"\xff", b"\xc3", b"\x1b[31m", b"\\e", b"2025-02-30",
          b"2025-13", b"1" * 5000, b"null", b"~", b"true", b"yes", b".inf", b"0x1F", b"events:", b"type: ", b"id: ",
          b"proposal: ", b"retracts: ", b"terms: [", b"parties:", b"sources:", b"defaults:", b"\xe2\x80\xae"]
# No explain phase: its line tracer slows the pure-Python parser fifty-fold and trips the hang alarm.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]
STATS = {"inputs": 0, "refused by the loader": 0, "refused later": 0, "valid": 0, "slowest_s": 0.0}


class Hang(Exception):
    pass


def _alarm(_signum: int, _frame: Any) -> None:
    raise Hang(f"an input took more than {HANG_S} s")


@pytest.fixture(scope="module")
def target_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tracker]:
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    folder = Path(shm) / f"tracker-fuzz-{os.getpid()}" if shm else tmp_path_factory.mktemp("fuzz")
    folder.mkdir(exist_ok=True)
    tracker = open_tracker(f"sqlite:///{folder / 'store.db'}")
    assert tracker.services.append_bytes(seed_file(["host", "p0"]), "seed.yaml").outcome == "appended"
    yield tracker
    tracker.close()
    for f in folder.glob("*"):
        f.unlink()
    folder.rmdir() if shm else None


def run_target(data: bytes, tracker: Tracker) -> None:
    """The fuzz target: the loader refuses with YamlRefused or gives data; nothing downstream raises."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, HANG_S)
    started = time.perf_counter()
    try:
        try:
            root = load(decode(data))
        except YamlRefused as exc:
            assert isinstance(exc.problem, YamlProblem) and exc.problem.message
            STATS["refused by the loader"] += 1
            return
        registry = tracker.services.registry()
        read_batch(root, Registry(registry.aliases, registry.party_ids, registry.source_ids))
        outcome = tracker.services.append_bytes(data, "fuzz.yaml", dry_run=True)
        assert isinstance(outcome, FileOutcome) and outcome.outcome in ("refused", "valid")
        STATS["valid" if outcome.outcome == "valid" else "refused later"] += 1
    except Exception:
        if os.environ.get("TRACKER_FUZZ_SAVE") == "1":
            (CORPUS / f"found-{hashlib.sha256(data).hexdigest()[:12]}.yaml").write_bytes(data)
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        STATS["inputs"] += 1
        STATS["slowest_s"] = max(STATS["slowest_s"], round(time.perf_counter() - started, 3))


@st.composite
def mutated(draw: Any) -> bytes:
    data = bytearray(SEEDS[draw(st.integers(0, len(SEEDS) - 1))].read_bytes()) if SEEDS else bytearray()
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "insert", "token", "delete", "duplicate", "truncate", "splice"]))
        at = draw(st.integers(0, len(data)))
        if op == "flip" and data:
            at = min(at, len(data) - 1)
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif op == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif op == "duplicate":
            chunk = data[at:at + draw(st.integers(1, 200))]
            data[at:at] = chunk * draw(st.integers(1, 20))
        elif op == "truncate":
            del data[at:]
        elif op == "splice" and SEEDS:
            other = SEEDS[draw(st.integers(0, len(SEEDS) - 1))].read_bytes()
            start = draw(st.integers(0, len(other)))
            data[at:at] = other[start:start + draw(st.integers(1, 400))]
    return bytes(data)


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                    st.text(max_size=30), st.sampled_from(["2025-01-02", "2025-02-30", "2025-03", "2025", "UA", "Kyiv",
                                                           "host", "p0", "t1", "p0-proposed", "ev-1", ""]),
                    st.dates().map(str))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                                          max_size=4), max_leaves=12)
FIELDS = sorted({f for t in EVENT_TYPES for f in fields_of(t)} | {"type", "bogus"})
EVENTS = st.dictionaries(st.sampled_from(FIELDS), st.one_of(VALUES, st.sampled_from(EVENT_TYPES)), max_size=10)
DOCS = st.fixed_dictionaries({}, optional={"events": st.lists(EVENTS, max_size=6), "parties": VALUES,
                                           "sources": VALUES, "defaults": st.dictionaries(st.sampled_from(FIELDS),
                                                                                          VALUES, max_size=4),
                                           "junk": VALUES})


def _render(doc: dict[str, Any], flow: bool) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=True, default_flow_style=flow, sort_keys=False).encode()


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_every_corpus_file(seed: Path, target_store: Tracker) -> None:
    run_target(seed.read_bytes(), target_store)


@settings(max_examples=MUTATIONS, deadline=None, suppress_health_check=list(HealthCheck), phases=PHASES)
@given(data=mutated())
def test_mutations_of_the_corpus(data: bytes, target_store: Tracker) -> None:
    run_target(data, target_store)


@settings(max_examples=DOCUMENTS, deadline=None, suppress_health_check=list(HealthCheck), phases=PHASES)
@given(doc=DOCS, flow=st.booleans())
def test_event_shaped_documents(doc: dict[str, Any], flow: bool, target_store: Tracker) -> None:
    run_target(_render(doc, flow), target_store)


def test_the_corpus_is_there() -> None:
    assert len(SEEDS) >= 40, "run tests/reliability/make_fuzz_corpus.py"
    assert any(p.name.startswith("valid-") for p in SEEDS) and any(p.name.startswith("hostile-") for p in SEEDS)
    record("fuzz", corpus=len(SEEDS), mutations=MUTATIONS, documents=DOCUMENTS, **STATS)
