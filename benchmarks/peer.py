"""The yardstick: the same workload through the `eventsourcing` library (its own SQLite recorder).

Run as a worker by `python -m benchmarks.run --peer` (see side_by_side.py), in a Python that has
`eventsourcing` (the `bench` extra): `python -m benchmarks.peer '{"events": ..., ...}'` prints one JSON line.

One proposal is one aggregate; the event mix is the side-by-side's (side_by_side.py): a `Proposed`, then
three party responses to one amendment, round robin over the streams. Measured, on a fresh SQLite file
(WAL; the library's defaults otherwise, synchronous=FULL):

  batched   N events, `batch` events (over `batch` aggregates) per `Application.save` (one transaction)
  single    `single` more events of the same sequence, one `save` (transaction) per event
  replay    the whole notification log read in pages, every event decoded to its domain event and folded
            into each proposal's party positions (the library's decoded replay)
  rebuild   `repository.get` of every aggregate (each stream replayed)
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import sys
import tempfile
import time
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

PARTIES = ("PA", "PB", "MED", "GUA")
RESPONSES = ("accepted", "rejected", "reviewing")
NOTE = ("Response recorded by the analyst from the joint communique and the evening briefing; the wording "
        "was checked against the source bundle before entry, item ")


class Proposal(Aggregate):
    @event("Proposed")
    def __init__(self, title: str, parties: list[str]) -> None:
        self.title = title
        self.parties = list(parties)
        self.positions: dict[str, str] = {p: "pending" for p in parties}
        self.revision = 1

    @event("PartyResponded")
    def respond(self, party: str, position: str, note: str, effective: str) -> None:
        self.positions[party] = position

    @event("Amended")
    def amend(self, term: str, text: str, effective: str) -> None:
        self.revision += 1


class _App(Application):
    log_section_size = 1000


def _next(proposal: Proposal, i: int, day: str) -> None:
    """The i-th event after the openings: an amendment every fourth, else a party's response."""
    if i % 4 == 3:
        proposal.amend(term=f"t{i % 3 + 1}", text=NOTE + str(i), effective=day)
    else:
        proposal.respond(party=PARTIES[i % 4], position=RESPONSES[(i // 3) % 3], note=NOTE + str(i), effective=day)


def run(params: dict[str, Any]) -> dict[str, Any]:
    n, s, batch, single = params["events"], params["streams"], params["batch"], params["single"]
    folder = tempfile.mkdtemp(prefix="peer-", dir=params.get("workdir"))
    out: dict[str, Any] = {}
    try:
        app = _App(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": os.path.join(folder, "peer.db")})
        proposals: list[Proposal] = []
        waiting: dict[Any, Proposal] = {}
        gc.collect()
        t0 = time.perf_counter()
        for x in range(n):
            if x < s:
                p = Proposal(title=f"Proposal p{x:04d}", parties=["PA", "PB", "GUA"])
                proposals.append(p)
            else:
                i = x - s
                p = proposals[i % s]
                _next(p, i, f"day {i // s + 1}")
            waiting[p.id] = p
            if len(waiting) >= batch:
                app.save(*waiting.values())
                waiting.clear()
        if waiting:
            app.save(*waiting.values())
        out["batched_eps"] = n / (time.perf_counter() - t0)

        gc.collect()
        t0 = time.perf_counter()
        for x in range(n, n + single):
            i = x - s
            p = proposals[i % s]
            _next(p, i, f"day {i // s + 1}")
            app.save(p)
        out["single_eps"] = single / (time.perf_counter() - t0)
        ids = [p.id for p in proposals]
        app.close()

        app = _App(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": os.path.join(folder, "peer.db")})
        gc.collect()
        to_event = app.mapper.to_domain_event
        positions: dict[Any, dict[str, str]] = {}
        count, start = 0, 1
        t0 = time.perf_counter()
        while True:
            items = app.notification_log.select(start=start, limit=1000)
            if not items:
                break
            for item in items:
                e = to_event(item)
                if isinstance(e, Proposal.Proposed):
                    positions[e.originator_id] = {p: "pending" for p in e.parties}
                elif isinstance(e, Proposal.PartyResponded):
                    positions[e.originator_id][e.party] = e.position
                count += 1
            start = items[-1].id + 1
        out["replay_eps"] = count / (time.perf_counter() - t0)
        out["replayed"] = count

        gc.collect()
        count = 0
        t0 = time.perf_counter()
        for i in ids:
            count += app.repository.get(i).version
        out["rebuild_eps"] = count / (time.perf_counter() - t0)
        app.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return out


if __name__ == "__main__":
    print(json.dumps(run(json.loads(sys.argv[1]))), flush=True)
