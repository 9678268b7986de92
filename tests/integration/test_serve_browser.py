"""`tracker serve` in a headless Chromium: the browser draws the dashboard, and its screenshot shows it.

Needs a Chromium from the package registry (Debian: `apt-get install chromium-headless-shell`; .ci/run
installs it). Without one the test is skipped, unless TRACKER_REQUIRE_BROWSER=1 (set by CI): then it fails.
One store (SQLite) is enough here: what this test adds is the browser's drawing; test_serve.py serves
both databases.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from browser_kit import Shot, browser, chromium, dashboard_shot, dashboard_verdict, splash_shot
from serve_kit import serving, wait_until_listening

from tracker.application.bootstrap import open_tracker

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TITLE = "30-day truce".encode()


@pytest.fixture
def chromium_binary() -> str:
    found = chromium()
    if found is None:
        missing = ("no headless Chromium found (chromium-headless-shell or chromium on the PATH, or TRACKER_CHROMIUM);"
                   " install one with `apt-get install chromium-headless-shell`")
        if os.environ.get("TRACKER_REQUIRE_BROWSER") == "1":
            pytest.fail(f"TRACKER_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)
    return found


async def _pictures(binary: str, url: str) -> tuple[Shot, bytes, bytes]:
    """The dashboard as the browser draws it, then two pictures that are not it: the splash and a blank page."""
    async with browser(binary) as page:
        shot = await dashboard_shot(page, url, TITLE)
        splash = await splash_shot(page, url)
        await page.call("Page.navigate", url="about:blank")
        await page.pump(0.3)
        blank = await page.screenshot()
    return shot, splash, blank


def test_a_browser_draws_the_dashboard(chromium_binary: str, sqlite_url: str, tmp_path: Path) -> None:
    loaded = open_tracker(sqlite_url)
    for name in ("registry.yaml", "truce.yaml"):
        loaded.services.append_one(FIXTURES / name)
    loaded.close()
    with serving(sqlite_url, tmp_path, "2025-03-31") as (port, process):
        wait_until_listening(port)
        shot, splash, blank = asyncio.run(_pictures(chromium_binary, f"http://127.0.0.1:{port}/"))
        assert process.poll() is None
    picture = tmp_path / "serve-browser.png"
    picture.write_bytes(shot.png)  # to look at when the test fails
    assert TITLE in shot.frames, f"the session never sent the truce's title (picture: {picture})"
    assert shot.verdict is None, f"the browser did not draw the dashboard: {shot.verdict} (picture: {picture})"
    # The same look tells the dashboard from what a browser shows without it.
    assert dashboard_verdict(splash) is not None
    assert dashboard_verdict(blank) is not None
