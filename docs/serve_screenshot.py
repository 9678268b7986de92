"""Take the README's picture of `tracker serve` in a browser, the way tests/integration/test_serve_browser.py does.

    python docs/serve_screenshot.py                 # -> docs/screens/serve-browser.png
    python docs/serve_screenshot.py /tmp/shot.png

Serves a new store holding the bundled dataset (as of 19 March 2025, as docs/screens/overview.png) and
shoots it in a headless Chromium (chromium-headless-shell from the package registry); refuses to write a
picture the test's check would not take for the dashboard.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "integration"))

from browser_kit import browser, chromium, dashboard_shot  # noqa: E402
from serve_kit import REPO, serving, wait_until_listening  # noqa: E402

AS_OF = "2025-03-19"
SHOWN = "Black Sea maritime ceasefire".encode()  # a bundled proposal the overview lists on that day


async def _shoot(binary: str, port: int) -> bytes:
    async with browser(binary) as page:
        shot = await dashboard_shot(page, f"http://127.0.0.1:{port}/", SHOWN)
    if SHOWN not in shot.frames or shot.verdict is not None:
        raise SystemExit(f"serve_screenshot: the browser did not draw the dashboard: {shot.verdict}")
    return shot.png


def main(target: Path) -> Path:
    binary = chromium()
    if binary is None:
        raise SystemExit("serve_screenshot: no headless Chromium (apt-get install chromium-headless-shell)")
    with tempfile.TemporaryDirectory(prefix="tracker-serve-shot-") as folder:
        url = f"sqlite:///{folder}/store.db"
        env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_DATA_HOME": f"{folder}/xdg"}
        env.pop("TRACKER_DB", None)
        subprocess.run([sys.executable, "-m", "tracker", "--db", url, "init", "--bundled"], cwd=folder, env=env,
                       check=True, stdout=subprocess.DEVNULL)
        with serving(url, Path(folder), AS_OF) as (port, _):
            wait_until_listening(port)
            png = asyncio.run(_shoot(binary, port))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(png)
    return target


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screens" / "serve-browser.png"))
