"""Process bodies for the concurrency tests (imported by spawned children: keep this module light)."""

from __future__ import annotations

import time
import traceback
from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import select

from ._support import day, dump

AS_OF = date(2025, 12, 31)
SHARED = "shared"


def own(writer: int) -> str:
    return f"own-{writer}"


def proposal_of(writer: int, batch: int) -> str:
    """Even batches go to the proposal every writer shares, odd ones to the writer's own."""
    return SHARED if batch % 2 == 0 else own(writer)


def batch_tag(writer: int, batch: int, via: str) -> str:
    return f"{proposal_of(writer, batch)}.{via}{writer}.b{batch}"


def tag_of(event_id: str) -> str:
    return event_id.rsplit(".e", 1)[0]


def batch_doc(writer: int, batch: int, k: int, via: str) -> bytes:
    """K events to one proposal: one `amended` (the revision counts batches) and K-1 violation reports."""
    proposal, tag = proposal_of(writer, batch), batch_tag(writer, batch, via)
    events: list[dict[str, Any]] = [
        {"id": f"{tag}.e0", "type": "amended", "proposal": proposal, "date": day(1 + (writer * 13 + batch * 7) % 300),
         "party": "US", "note": tag},
    ]
    for j in range(1, k):
        events.append({"id": f"{tag}.e{j}", "type": "violation_reported", "proposal": proposal,
                       "date": day(1 + (writer * 5 + batch * 11 + j * 3) % 300), "party": "UA", "against": "RU",
                       "description": tag})
    return dump({"events": events})


def api_writer(url: str, writer: int, batches: int, k: int, mode: str, barrier: Any, out: Any) -> None:
    """Append `batches` files through the Python API: append_bytes (which retries) or append_batch (which does not)."""
    from tracker.application.bootstrap import open_tracker
    from tracker.domain.errors import ConcurrencyConflict
    from tracker.ingest.batch import read_batch
    from tracker.ingest.yaml_loader import decode, load

    told: list[dict[str, Any]] = []
    try:
        tracker = open_tracker(url)
        services = tracker.services
        barrier.wait()
        for b in range(batches):
            tag = batch_tag(writer, b, "api")
            data = batch_doc(writer, b, k, "api")
            try:
                if mode == "bytes":
                    outcome = services.append_bytes(data, f"{tag}.yaml")
                else:
                    batch = read_batch(load(decode(data)), services.registry())
                    with services.store.session() as s:
                        expected = s.stream_versions([proposal_of(writer, b)])
                    outcome = services.append_batch(batch, f"{tag}.yaml", expected_versions=expected)
                told.append({"tag": tag, "outcome": outcome.outcome, "appended": outcome.appended,
                             "retried": outcome.conflicts, "refusals": [str(r) for r in outcome.refusals]})
            except ConcurrencyConflict as exc:
                told.append({"tag": tag, "outcome": "conflict", "appended": 0, "retried": 0, "refusals": [str(exc)]})
        tracker.close()
        out.put({"writer": writer, "told": told, "error": None})
    except BaseException:  # noqa: BLE001 - reported to the test, which fails on it
        out.put({"writer": writer, "told": told, "error": traceback.format_exc()})


def reader(url: str, k: int, stop: Any, out: Any) -> None:
    """Read status, a timeline and the log by position while writers append; report every torn view."""
    from tracker.application.bootstrap import open_tracker
    from tracker.store.sql import events

    anomalies: list[str] = []
    reads = 0
    last = 0
    try:
        tracker = open_tracker(url)
        queries, store = tracker.queries, tracker.services.store
        final = False
        while True:
            if stop.is_set():
                final = True  # one more pass after the writers are done: the follower must reach the head
            report = queries.status(as_of=AS_OF)
            for view in report.proposals:
                groups = Counter(tag_of(v.event_id) for v in view.violations)
                torn = {g: c for g, c in groups.items() if c != k - 1}
                if torn:
                    anomalies.append(f"status: {view.id} shows part of a batch's violations: {torn}")
                if view.revision - 1 != len(groups) and view.id != "seed-only":
                    anomalies.append(f"status: {view.id} revision {view.revision} but {len(groups)} batches listed")
            timeline = queries.timeline(SHARED)
            groups = Counter(tag_of(e.id) for e in timeline if e.type != "proposed")
            torn = {g: c for g, c in groups.items() if c != k}
            if torn:
                anomalies.append(f"timeline: part of a batch visible: {torn}")
            with store.session() as s:
                stmt = select(events.c.position).where(events.c.position > last).order_by(events.c.position)
                got = list(s.conn.execute(stmt).scalars())
            if got and got != list(range(last + 1, last + 1 + len(got))):
                anomalies.append(f"follower: after position {last} read {got[:5]}...: a hole a later commit may fill")
            last = got[-1] if got else last
            reads += 1
            if final:
                break
            time.sleep(0.05)  # leave the cores to the writers
        tracker.close()
        out.put({"reads": reads, "followed": last, "anomalies": anomalies[:20], "error": None})
    except BaseException:  # noqa: BLE001
        out.put({"reads": reads, "followed": last, "anomalies": anomalies[:20], "error": traceback.format_exc()})
