"""Pictures of the main screens at 80x24, 120x40 and 200x50, at fixed dates (update with
`pytest tests/ui/test_snapshots.py --snapshot-update`; `python docs/screenshots.py` renders them to PNG)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from dashboard_kit import settle
from snapshot_app import snapshot_app
from textual.pilot import Pilot

from tracker.ui.messages import OpenEvent

SIZES = [(80, 24), (120, 40), (200, 50)]
SIZE_IDS = [f"{w}x{h}" for w, h in SIZES]


async def _press(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def overview(pilot: Pilot[Any]) -> None:
    await settle(pilot)


async def overview_diff_known_on(pilot: Pilot[Any]) -> None:
    """As of the end of 2025, changes since 1 Mar 2025, as known at the end of 6 Jan 2026."""
    await settle(pilot)
    await _press(pilot, "d", *"2025-03-01", "enter")
    await _press(pilot, "k", *"2026-01-06", "enter")


async def proposal(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    pilot.app.open_proposal("energy-strike-pause-2025")  # type: ignore[attr-defined]
    await settle(pilot)


async def event(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    pilot.app.post_message(OpenEvent("ru-reports-krasnodar-oil-depot-2025-03-ed2"))  # dated by an interval
    await settle(pilot)


LAST_WEEK = """\
events:
  - {id: test-ua-accepts-last-week, type: accepted, proposal: black-sea-2025, date: 2025-03-26/2025-03-30, party: UA}
  - {id: test-ru-reviews-reportedly, type: reviewing, proposal: black-sea-2025, date: 2025-03-27?, party: RU}
"""


async def proposal_dated_by_an_interval(pilot: Pilot[Any]) -> None:
    """Ukraine's acceptance dated 'last week' (26-30 Mar): its lane is drawn uncertain until the 30th."""
    await settle(pilot)
    path = Path(tempfile.mkdtemp()) / "last-week.yaml"
    path.write_text(LAST_WEEK)
    assert pilot.app.services.append_file(path).outcome == "appended"  # type: ignore[attr-defined]
    pilot.app.head = pilot.app.queries.head()  # type: ignore[attr-defined]
    pilot.app.open_proposal("black-sea-2025")  # type: ignore[attr-defined]
    await settle(pilot)


async def why_status(pilot: Pilot[Any]) -> None:
    """`w` in the proposal view: the status's rule and the violation reports."""
    await proposal(pilot)
    await _press(pilot, "w")


async def why_party(pilot: Pilot[Any]) -> None:
    """→ twice from the status: RU's position, on an event UA disputes, with the retracted first version."""
    await settle(pilot)
    pilot.app.open_proposal("kyiv-chernihiv-deescalation-2022")  # type: ignore[attr-defined]
    await settle(pilot)
    await _press(pilot, "w", "right", "right")


SCREENS = {
    "overview": ("2025-03-19", overview),
    "overview_diff_known_on": ("2025-12-31", overview_diff_known_on),
    "proposal": ("2025-03-25", proposal),
    "event": ("2025-03-25", event),
    "proposal_interval": ("2025-04-05", proposal_dated_by_an_interval),
    "why_status": ("2025-03-25", why_status),
    "why_party": ("2022-04-01", why_party),
}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare: Any, tmp_path: Path, screen: str, size: tuple[int, int]) -> None:
    as_of, run_before = SCREENS[screen]
    assert snap_compare(snapshot_app(tmp_path, as_of), terminal_size=size, run_before=run_before)
