"""`tracker verify`: the store's own checks, without the write side's modules (the event models are loaded
only for `--deep`, which folds the events again)."""

from __future__ import annotations

from tracker.store import Store, StoreFailure, VerifyProblem, describe_failure


def verify(store: Store, deep: bool = False, anchor: tuple[int, str] | None = None) -> list[VerifyProblem]:
    """The file itself (SQLite), the hash chain (against `anchor` if given) and every snapshot's checksum;
    with `deep`, the snapshots compared with a rebuild from the events, in memory."""
    damage = store.file_problem(whole=True)
    if damage:
        return [VerifyProblem(0, f"{damage}; restore it from a backup")]
    try:
        problems = store.verify(anchor)
        if not problems and deep:
            from tracker.application import projector

            problems = projector.compare_with_rebuild(store)
    except StoreFailure as exc:  # a page that cannot be read: a verdict, not a traceback
        return [VerifyProblem(0, f"the store cannot be read whole: {describe_failure(exc)}")]
    return problems


def head_anchor(store: Store) -> tuple[int, str]:
    """The last position and its hash: written down outside the store, `verify --anchor` checks it later."""
    with store.session() as session:
        return session.head_row()
