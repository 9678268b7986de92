"""Half-written files are never appended (issue 16, point 1; the symlink case of point 10).

- the folder watch hands a file over only once it has stopped changing for the quiet period, skips editors'
  temporary files, and does not follow a link to a file outside the folder;
- a file written in two steps (a conditional acceptance whose conditions come second) is stored once,
  complete, never its valid prefix;
- every append reads the file whole: changed while read, it is read again; still changing, refused; changed
  between the read and the commit, refused with nothing written;
- CLI appends racing a process that rewrites the file in place store each version whole or not at all.
"""

from __future__ import annotations

import builtins
import os
import random
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import text

from tracker.application import services as services_module
from tracker.application import whole_file
from tracker.application.bootstrap import Tracker
from tracker.ui.watcher import FolderWatch, is_temporary

from ._support import PARTIES, big_file, dump, event_ids, pick, proposed, record, run_cli, seed_file, store_digest
from .conftest import backend

pytestmark = pytest.mark.concurrency


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _touch(path: Path, content: str) -> None:
    path.write_text(content)
    # Each step must look different even on a coarse clock: size or mtime changes with every write here.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


class TestFolderWatch:
    def test_a_file_is_handed_over_only_after_it_stopped_changing(self, tmp_path: Path) -> None:
        clock = Clock()
        watch = FolderWatch(tmp_path, settle=1.0, clock=clock)
        path = tmp_path / "accept.yaml"
        _touch(path, "events:\n")
        assert watch.changed() == []  # just appeared
        clock.advance(0.5)
        _touch(path, "events:\n  - id: x\n")
        assert watch.changed() == []  # changed since the last look: the wait starts again
        clock.advance(0.6)
        assert watch.changed() == []  # unchanged for 0.6 s only
        clock.advance(0.5)
        assert watch.changed() == [path]
        clock.advance(5)
        assert watch.changed() == []  # handed over once
        _touch(path, "events:\n  - id: y\n")
        assert watch.changed() == []
        clock.advance(1.0)
        assert watch.changed() == [path]

    def test_files_there_at_the_start_are_not_handed_over(self, tmp_path: Path) -> None:
        (tmp_path / "old.yaml").write_text("events: []\n")
        clock = Clock()
        watch = FolderWatch(tmp_path, settle=1.0, clock=clock)
        clock.advance(2)
        assert watch.changed() == [] and watch.changed() == []

    @pytest.mark.parametrize("name", [".#accept.yaml", ".accept.yaml", "~$accept.yaml", "accept~.yaml",
                                      "#accept.yaml#", "accept.yaml.swp", "accept.yaml~", "accept.yaml.tmp",
                                      "4913", "accept.yaml.part"])
    def test_editors_temporary_files_are_skipped(self, name: str, tmp_path: Path) -> None:
        clock = Clock()
        watch = FolderWatch(tmp_path, settle=0.5, clock=clock)
        (tmp_path / name).write_text("events: []\n")
        for _ in range(3):
            assert watch.changed() == []
            clock.advance(1)
        assert is_temporary(name) or not name.endswith((".yaml", ".yml"))

    def test_a_link_to_a_file_outside_the_folder_is_reported_once_and_not_followed(self, tmp_path: Path) -> None:
        folder, outside = tmp_path / "watched", tmp_path / "secret.yaml"
        folder.mkdir()
        outside.write_text("events: []\n")
        (folder / "inside-target.yaml").write_text("events: []\n")
        clock = Clock()
        watch = FolderWatch(folder, settle=0.5, clock=clock)
        (folder / "link-out.yaml").symlink_to(outside)
        (folder / "link-in.yaml").symlink_to(folder / "inside-target.yaml")
        (folder / "link-up.yaml").symlink_to(Path("..") / "secret.yaml")
        seen: list[Path] = []
        for _ in range(3):
            seen += watch.changed()
            clock.advance(1)
        assert seen == [folder / "link-in.yaml"]
        assert watch.take_links_outside() == [folder / "link-out.yaml", folder / "link-up.yaml"]
        clock.advance(1)
        watch.changed()
        assert watch.take_links_outside() == []  # reported once


def _acceptance(conditions: bool, with_id: bool = True) -> bytes:
    event: dict[str, Any] = {"type": "accepted", "proposal": "a", "date": "2024-01-05", "party": "UA"}
    if with_id:
        event["id"] = "ua-accepts"
    if conditions:
        event["conditions"] = ["prisoner exchange first"]
    return dump({"events": [event]})


class TestTwoStepWrites:
    @pytest.mark.parametrize("with_id", [True, False])
    def test_a_file_written_in_two_steps_is_stored_once_and_complete(
            self, with_id: bool, tracker: Tracker, clock: Any, tmp_path: Path) -> None:
        assert tracker.services.append_bytes(seed_file(["a"]), "seed.yaml").outcome == "appended"
        clock.advance(60)
        ticks = Clock()
        watch = FolderWatch(tmp_path, settle=1.0, clock=ticks)
        path = tmp_path / "accept.yaml"
        complete = _acceptance(True, with_id)
        path.write_bytes(complete[: complete.index(b"  conditions:")])  # step 1: a valid, unconditional prefix
        outcomes = []
        for step in range(6):  # the dashboard's poll, once every 0.4 s
            if step == 2:
                path.write_bytes(complete)  # step 2
            outcomes += [tracker.services.append_one(p) for p in watch.changed()]
            ticks.advance(0.4)
        assert [o.outcome for o in outcomes] == ["appended"], outcomes
        with tracker.services.store.raw().connect() as conn:
            payloads = [orjson.loads(p) for (p,) in conn.execute(text("SELECT payload FROM events WHERE type = "
                                                                      "'accepted'"))]
        assert payloads == [{**payloads[0], "conditions": ["prisoner exchange first"]}], payloads
        position = tracker.queries.status(proposal="a").proposals[0].positions["UA"]
        assert position.position == "conditional"
        record("half-written", backend=backend(tracker.url), case="two-step write, watch",
               id_present=with_id, stored="complete version once")


class _Rewriting:
    """`open` for the services module: after `times` reads the file on disk is rewritten with `then`."""

    def __init__(self, path: Path, then: list[bytes]) -> None:
        self.path, self.then, self.reads = path, list(then), 0

    def __call__(self, file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = builtins.open(file, mode, *args, **kwargs)
        return _Handle(handle, self) if Path(file) == self.path else handle


class _Handle:
    def __init__(self, handle: Any, spy: _Rewriting) -> None:
        self.handle, self.spy = handle, spy

    def __enter__(self) -> _Handle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def fileno(self) -> int:
        return self.handle.fileno()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.spy.reads += 1
        if self.spy.then:
            _rewrite_in_place(self.spy.path, self.spy.then.pop(0))
        return data


def _rewrite_in_place(path: Path, data: bytes) -> None:
    with builtins.open(path, "r+b") as f:
        f.truncate(0)
        f.write(data)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def _three(proposals: str = "xyz") -> bytes:
    return dump({"parties": PARTIES, "events": [proposed(p) for p in proposals]})


class TestReadRecheck:
    def test_a_file_that_changed_while_read_is_read_again_and_appended_whole(
            self, tracker: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        path = tmp_path / "three.yaml"
        whole = _three()
        path.write_bytes(whole[: whole.index(b"- id: z-proposed")])  # what a reader caught mid-write
        spy = _Rewriting(path, [whole])
        monkeypatch.setattr(whole_file, "open", spy, raising=False)
        outcome = tracker.services.append_one(path)
        assert outcome.outcome == "appended" and outcome.appended == 3 and spy.reads == 2, outcome

    def test_a_file_that_keeps_changing_is_refused_with_nothing_written(
            self, tracker: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        path = tmp_path / "three.yaml"
        versions = [_three(p) for p in ("x", "xy", "xyz", "xyzw")]
        path.write_bytes(versions[0])
        monkeypatch.setattr(whole_file, "open", _Rewriting(path, versions[1:]), raising=False)
        before = store_digest(tracker.services.store)
        outcome = tracker.services.append_one(path)
        assert outcome.outcome == "refused" and "changed while it was being read" in str(outcome.refusals[0])
        assert store_digest(tracker.services.store) == before

    def test_a_file_that_changed_before_the_commit_is_refused_with_nothing_written(
            self, tracker: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        path = tmp_path / "three.yaml"
        whole = _three()
        path.write_bytes(whole[: whole.index(b"- id: z-proposed")])
        real = services_module.read_batch

        def read_batch_while_the_file_grows(root: object, registry: Any) -> Any:
            if path.read_bytes() != whole:
                _rewrite_in_place(path, whole)
            return real(root, registry)

        monkeypatch.setattr(services_module, "read_batch", read_batch_while_the_file_grows)
        before = store_digest(tracker.services.store)
        outcome = tracker.services.append_one(path)
        assert outcome.outcome == "refused" and "changed while it was being appended" in str(outcome.refusals[0])
        assert store_digest(tracker.services.store) == before
        monkeypatch.setattr(services_module, "read_batch", real)
        assert tracker.services.append_one(path).appended == 3  # appended whole once it is saved


def _generation(event_id: str) -> str:
    return event_id.removeprefix("big-").split("-")[0]


@pytest.mark.slow
def test_cli_appends_racing_an_in_place_rewrite_store_each_version_whole_or_not_at_all(
        fresh: Tracker, tmp_path: Path) -> None:
    events, appends, generations = pick((400, 5, 12), (3000, 12, 40))
    path = tmp_path / "rewritten.yaml"
    versions = {f"g{g}": big_file(f"g{g}", events) for g in range(generations)}
    path.write_bytes(versions["g0"])
    stop = threading.Event()
    rng = random.Random(16)

    def rewrite() -> None:
        g = 0
        while not stop.is_set():
            data = versions[f"g{g % len(versions)}"]
            with builtins.open(path, "r+b") as f:  # in place: truncate, then write in pieces
                f.truncate(0)
                for i in range(0, len(data), len(data) // 4 + 1):
                    f.write(data[i: i + len(data) // 4 + 1])
                    f.flush()
                    time.sleep(0.01)
            g += 1
            time.sleep(rng.uniform(0.2, 1.5))  # sometimes long enough for a whole append

    writer = threading.Thread(target=rewrite, daemon=True)
    writer.start()
    outcomes: list[str] = []
    reasons: Counter[str] = Counter()
    try:
        for _ in range(appends):
            run = run_cli(["--db", fresh.url, "append", str(path)])
            assert "Traceback" not in run.err, run.err
            outcomes.append("appended" if run.returncode == 0 else "refused")
            reasons.update(r for r in ("changed while it was being read", "changed while it was being appended")
                           if r in run.out + run.err)
    finally:
        stop.set()
        writer.join()
    counts = Counter(_generation(e) for e in event_ids(fresh.services.store))
    partial = {g: n for g, n in counts.items() if n != events}
    assert not partial, f"versions stored in part: {partial} (each has {events} events)"
    record("half-written", backend=backend(fresh.url), case=f"CLI append × {appends} during in-place rewrites",
           events=events, appended=outcomes.count("appended"), refused=outcomes.count("refused"), partial=0,
           **{k.replace(" ", "_"): v for k, v in reasons.items()})
