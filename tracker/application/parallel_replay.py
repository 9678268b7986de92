"""A rebuild's folding spread over the machine's cores: each worker process replays whole proposals from
the log on a reading connection of its own, while the rebuilding transaction writes what they return.

Proposals are independent, so the rows are the very rows a replay in one process gives (the rebuild tests
compare both). Worker processes are forked (on Linux): they inherit what the rebuild has read (each batch's end)
instead of receiving it; elsewhere, and for a small log, the replay stays in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from tracker.config import rebuild_workers, sqlite_path
from tracker.store import Session, Store

# Below this many events the processes would take longer to start than the replay they share.
PARALLEL_FROM = 20_000
_CHUNK_EVENTS = 1_000  # events per piece of work: small pieces keep the workers equally busy to the end

Rows = list[dict[str, object]]
Replayer = Callable[[Session, Sequence[str], Mapping[str, int]], list[tuple[str, Rows]]]

# What a forked worker inherits from the rebuild (set just before the workers start).
_job: dict[str, Any] = {}


def workers_for(store: Store, events: int) -> int:
    """How many worker processes a rebuild of `events` events uses (1: none, the replay stays here)."""
    wanted = rebuild_workers()
    if wanted is None:
        wanted = min(os.cpu_count() or 1, 4) if events >= PARALLEL_FROM else 1
    url = getattr(store, "url", "")
    in_memory = url.startswith("sqlite") and sqlite_path(url) is None  # workers could not open it again
    # Forking is Linux's safe default; elsewhere (macOS's system libraries, Windows) the replay stays here.
    if wanted < 2 or in_memory or not sys.platform.startswith("linux"):
        return 1
    return wanted


def replayed(store: Store, session: Session, proposals: Sequence[str], sizes: Mapping[str, int],
             batch_end: Mapping[str, int], replay: Replayer, workers: int) -> Iterator[tuple[str, Rows]]:
    """(proposal, its snapshot rows) for every proposal, in order: replayed here, or by `workers` processes,
    a few proposals at a time (their events read in one statement)."""
    chunks: list[list[str]] = [[]]
    weight = 0
    for proposal in proposals:
        if weight >= _CHUNK_EVENTS:
            chunks.append([])
            weight = 0
        chunks[-1].append(proposal)
        weight += sizes.get(proposal, 0)
    if workers < 2:
        for chunk in chunks:
            yield from replay(session, chunk, batch_end)
        return
    _job.update(url=store.url, batch_end=batch_end, replay=replay)  # type: ignore[attr-defined]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for done in pool.imap(_replay_chunk, chunks):
                yield from done
    finally:
        _job.clear()


def _replay_chunk(proposals: list[str]) -> list[tuple[str, Rows]]:
    store = _job.get("store")
    if store is None:
        from tracker.store import open_store

        # The parent's connections are its own: a worker opens the store again, for reading only.
        store = _job["store"] = open_store(_job["url"], create=False)
    with store.session() as session:
        return _job["replay"](session, proposals, _job["batch_end"])
