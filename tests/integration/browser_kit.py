"""A headless Chromium driven over the DevTools protocol, to look at `tracker serve` as a browser shows it.

Only what the browser test and docs/serve_screenshot.py need: find a Chromium installed from the package
registry, open a page, wait until the dashboard is drawn, take a screenshot, and read its pixels with a
small PNG decoder (zlib only) to tell the dashboard from an empty page or textual-serve's splash.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from textual.theme import BUILTIN_THEMES

# Debian's `chromium-headless-shell` first: no GTK, and the smallest install (.ci/run installs it).
BINARIES = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome", "headless_shell")
WIDTH, HEIGHT = 1280, 800

THEME = BUILTIN_THEMES["textual-dark"]  # the dashboard's theme when it starts (tracker/ui/app.py)


def chromium() -> str | None:
    """The Chromium to drive: TRACKER_CHROMIUM if set, else the first of BINARIES on the PATH."""
    named = os.environ.get("TRACKER_CHROMIUM")
    if named:
        return shutil.which(named) or (named if os.access(named, os.X_OK) else None)
    return next(filter(None, (shutil.which(b) for b in BINARIES)), None)


@dataclass
class Page:
    """One tab over its DevTools websocket: commands with replies, and the events seen so far."""

    ws: aiohttp.ClientWebSocketResponse
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    frames: bytearray = field(default_factory=bytearray)  # what the page's own websockets received

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        ident = next(self.ids)
        await self.ws.send_json({"id": ident, "method": method, "params": params})
        while True:
            message = json.loads(await self.ws.receive_str(timeout=30))
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return dict(message.get("result", {}))
            self._event(message)

    async def pump(self, seconds: float) -> None:
        """Take in the events that arrive within `seconds`."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            try:
                self._event(json.loads(await self.ws.receive_str(timeout=left)))
            except asyncio.TimeoutError:
                return

    def _event(self, message: dict[str, Any]) -> None:
        if message.get("method") == "Network.webSocketFrameReceived":
            response = message["params"]["response"]
            data = response["payloadData"]
            self.frames += base64.b64decode(data) if response.get("opcode") == 2 else data.encode()

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def screenshot(self) -> bytes:
        shot = await self.call("Page.captureScreenshot", format="png")
        return base64.b64decode(shot["data"])


@asynccontextmanager
async def browser(binary: str) -> AsyncIterator[Page]:
    """A headless Chromium with one blank tab; every host but this machine resolves to nothing."""
    with tempfile.TemporaryDirectory(prefix="tracker-chromium-") as profile:
        log = Path(profile) / "stderr.log"  # a file, not a pipe: a chatty browser must never block on it
        with log.open("wb") as stderr:
            process = subprocess.Popen(
                [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--hide-scrollbars", "--mute-audio", f"--window-size={WIDTH},{HEIGHT}", f"--user-data-dir={profile}",
                 "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                 # the page asks fonts.googleapis.com for a font: fail at once instead of waiting on the network
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "about:blank"],
                stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
        try:
            port = await _devtools_port(process, Path(profile))
            async with aiohttp.ClientSession() as http:
                async with http.get(f"http://127.0.0.1:{port}/json/list") as listing:
                    targets = await listing.json()
                tab = next(t for t in targets if t["type"] == "page")
                async with http.ws_connect(tab["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                    yield Page(ws)
        finally:
            # the whole group: Debian's /usr/bin/chromium-headless-shell is a script that runs the browser
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


async def _devtools_port(process: subprocess.Popen[bytes], profile: Path, within: float = 30) -> int:
    """The port Chromium chose, from the DevToolsActivePort file it writes into its profile once listening."""
    written = profile / "DevToolsActivePort"
    end = time.monotonic() + within
    while time.monotonic() < end and process.poll() is None:
        lines = written.read_text().split() if written.exists() else []
        if lines and lines[0].isdigit():
            return int(lines[0])
        await asyncio.sleep(0.05)
    said = (profile / "stderr.log").read_text(errors="replace").splitlines()[-20:]
    raise RuntimeError("Chromium opened no DevTools port:\n" + "\n".join(said))


@dataclass
class Shot:
    png: bytes
    frames: bytes  # what the page received over the session's websocket
    verdict: str | None  # None when the pixels show the dashboard, else why not


async def dashboard_shot(page: Page, url: str, expect: bytes, within: float = 60) -> Shot:
    """Open `url`, wait until the session has sent `expect` and the picture shows the dashboard, and shoot.

    The terminal is drawn on a canvas by xterm.js after the websocket's first bytes and a fade-in, so the
    screenshot is retaken until its pixels show the dashboard; `within` bounds "never" only."""
    await page.call("Network.enable")
    await page.call("Page.enable")
    await page.call("Page.navigate", url=url)
    end = time.monotonic() + within
    png, verdict = b"", "no screenshot taken"
    while time.monotonic() < end:
        await page.pump(0.25)
        if expect not in page.frames:
            continue
        shown = await page.evaluate(
            "document.body.classList.contains('-first-byte') && !document.body.classList.contains('-closed')"
            " && getComputedStyle(document.querySelector('.textual-terminal')).opacity === '1'")
        if not shown:
            continue
        png = await page.screenshot()
        verdict = dashboard_verdict(png)
        if verdict is None:
            break
    return Shot(png, bytes(page.frames), verdict)


async def splash_shot(page: Page, url: str) -> bytes:
    """textual-serve's splash, which never opens a session (`?delay=1` waits for a click on Start)."""
    await page.call("Page.enable")
    await page.call("Page.navigate", url=url + "?delay=1")
    await page.pump(1.0)
    return await page.screenshot()


def dashboard_verdict(png: bytes) -> str | None:
    """None when the picture is the dashboard drawn by the browser, else what is missing.

    The dashboard in its dark theme is mostly the theme's surface and background, has a bar of its panel
    colour, and text in many antialiased shades. A blank page is one colour; textual-serve's splash and
    the page behind the terminal have their own dark blue and none of the theme's colours."""
    width, height, counts = colour_counts(png)
    if (width, height) != (WIDTH, HEIGHT):
        return f"picture is {width}x{height}, expected {WIDTH}x{HEIGHT}"
    total = width * height
    theme = THEME.to_color_system().generate()
    surface, background, panel = (bytes.fromhex(theme[k].lstrip("#")[:6]) for k in ("surface", "background", "panel"))
    if counts[surface] + counts[background] < total // 2:
        return (f"the theme's surface and background cover {(counts[surface] + counts[background]) / total:.1%}"
                " of the picture, expected at least half")
    if counts[panel] < WIDTH * 8:
        return f"no bar of the theme's panel colour: {counts[panel]} pixels"
    if len(counts) < 100:
        return f"only {len(counts)} colours: no text drawn"
    return None


def colour_counts(png: bytes) -> tuple[int, int, Counter[bytes]]:
    """Width, height and how many pixels have each RGB colour (3 bytes) in an 8-bit RGB or RGBA PNG."""
    width, height, channels, rows = decode_png(png)
    stride = width * channels
    return width, height, Counter(row[x:x + 3] for row in rows for x in range(0, stride, channels))


def decode_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """Width, height, channels and unfiltered rows of an 8-bit, non-interlaced RGB or RGBA PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    offset, idat, header = 8, bytearray(), b""
    while offset < len(data):
        (length,), kind = struct.unpack(">I", data[offset:offset + 4]), data[offset + 4:offset + 8]
        body = data[offset + 8:offset + 8 + length]
        offset += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"PNG depth {depth}, colour type {colour}, interlace {interlace}: not decoded here")
    channels = 3 if colour == 2 else 4
    stride = width * channels
    raw = zlib.decompress(bytes(idat))
    rows: list[bytes] = []
    previous = bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        previous = _unfilter(raw[start], raw[start + 1:start + 1 + stride], previous, channels)
        rows.append(previous)
    return width, height, channels, rows


def _unfilter(kind: int, line: bytes, previous: bytes, bpp: int) -> bytes:
    if kind == 0:
        return line
    if kind == 2:  # Up, the commonest filter in a screenshot: bytewise sums a whole row at a time
        n = len(line)
        low, high = int.from_bytes(b"\x7f" * n, "big"), int.from_bytes(b"\x80" * n, "big")
        a, b = int.from_bytes(line, "big"), int.from_bytes(previous, "big")
        return (((a & low) + (b & low)) ^ ((a ^ b) & high)).to_bytes(n, "big")
    out = bytearray(line)
    for i in range(len(out)):
        left = out[i - bpp] if i >= bpp else 0
        up = previous[i]
        if kind == 1:
            out[i] = (out[i] + left) & 0xFF
        elif kind == 3:
            out[i] = (out[i] + ((left + up) >> 1)) & 0xFF
        elif kind == 4:
            corner = previous[i - bpp] if i >= bpp else 0
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            out[i] = (out[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        else:
            raise ValueError(f"PNG filter {kind} unknown")
    return bytes(out)
