"""A check several suites share: the projections kept by appends equal a rebuild from the events alone."""

from __future__ import annotations

from tracker.application.bootstrap import Tracker


def assert_snapshots_equal_a_rebuild(tracker: Tracker) -> None:
    """The projections kept by appends must be exactly what a rebuild from the events alone gives."""
    with tracker.services.store.session() as session:
        maintained = session.all_snapshots()
    tracker.services.rebuild()
    with tracker.services.store.session() as session:
        assert session.all_snapshots() == maintained
