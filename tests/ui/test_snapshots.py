"""A few pictures of the main screens, at fixed dates (update with `pytest --snapshot-update`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dashboard_kit import settle
from snapshot_app import snapshot_app
from textual.pilot import Pilot


async def _settle(pilot: Pilot[Any]) -> None:
    await settle(pilot)


def test_overview_at_200x50(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(snapshot_app(tmp_path, "2025-03-19"), terminal_size=(200, 50), run_before=_settle)


def test_overview_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(snapshot_app(tmp_path, "2025-03-19"), terminal_size=(80, 24), run_before=_settle)


def test_overview_in_diff_mode(snap_compare: Any, tmp_path: Path) -> None:
    async def diff(pilot: Pilot[Any]) -> None:
        await pilot.press("d", *"2025-03-01", "enter")
        await _settle(pilot)

    assert snap_compare(snapshot_app(tmp_path, "2025-12-31"), terminal_size=(200, 50), run_before=diff)


def test_proposal_view(snap_compare: Any, tmp_path: Path) -> None:
    async def open_pause(pilot: Pilot[Any]) -> None:
        await _settle(pilot)
        pilot.app.open_proposal("energy-strike-pause-2025")
        await _settle(pilot)

    assert snap_compare(snapshot_app(tmp_path, "2025-03-19"), terminal_size=(160, 45), run_before=open_pause)
