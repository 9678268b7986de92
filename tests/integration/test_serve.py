"""`tracker serve`: the dashboard in a browser. Start it, fetch the page, drive one session over its websocket."""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from serve_kit import serving

from tracker.application.bootstrap import open_tracker

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TITLE = "30-day truce".encode()  # the truce's title, as the overview draws it


@pytest.fixture
def served(store_url: str, tmp_path: Path) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    loaded = open_tracker(store_url)
    for name in ("registry.yaml", "truce.yaml"):
        loaded.services.append_one(FIXTURES / name)
    loaded.close()
    with serving(store_url, tmp_path, "2025-03-31") as running:
        yield running


async def _page(port: int) -> str:
    async with aiohttp.ClientSession() as http:
        for _ in range(600):  # a bound for "never": a slow machine may take a while to start a server
            try:
                async with http.get(f"http://127.0.0.1:{port}/") as response:
                    assert response.status == 200
                    return await response.text()
            except aiohttp.ClientConnectorError:
                await asyncio.sleep(0.1)
    raise AssertionError("tracker serve did not answer within 60 s")


async def _session(port: int) -> tuple[str, bool]:
    """Open a session as the browser does, read the screen until the truce shows, press q to leave."""
    seen = b""
    async with aiohttp.ClientSession() as http:
        async with http.ws_connect(f"ws://127.0.0.1:{port}/ws?width=120&height=40") as ws:
            deadline = time.monotonic() + 90
            while TITLE not in seen and time.monotonic() < deadline:
                try:
                    message = await ws.receive(timeout=2)
                except asyncio.TimeoutError:
                    continue
                if message.type == aiohttp.WSMsgType.BINARY:
                    seen += message.data
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                    break
            await ws.send_json(["stdin", "q"])
            closed = False
            end = time.monotonic() + 45
            while time.monotonic() < end:
                try:
                    message = await ws.receive(timeout=2)
                except asyncio.TimeoutError:
                    continue
                if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                    closed = True
                    break
    return seen.decode("utf-8", "replace"), closed


def test_the_page_is_served_on_localhost_and_a_session_shows_the_store(
        served: tuple[int, subprocess.Popen[bytes]]) -> None:
    port, process = served
    page = asyncio.run(_page(port))
    assert "<html" in page.lower() and "tracker" in page
    screen, closed = asyncio.run(_session(port))
    assert "30-day truce" in screen, screen[-2000:]
    assert closed  # q left the dashboard and ended the session
    assert process.poll() is None  # the server outlives its sessions


def test_it_listens_on_localhost_only_by_default() -> None:
    from tracker.cli import parser

    args = parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)
