"""`tracker serve` started as a user starts it, on a free port of this machine, for the serve tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(store_url: str, folder: Path, as_of: str) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """`tracker --db STORE serve --port P --as-of DATE` run from `folder`; killed with its sessions after."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_DATA_HOME": str(folder / "xdg")}
    env.pop("TRACKER_DB", None)
    process = subprocess.Popen([sys.executable, "-m", "tracker", "--db", store_url, "serve", "--port", str(port),
                                "--as-of", as_of], cwd=folder, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        yield port, process
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the server and any session's dashboard process
        process.wait(timeout=10)


def wait_until_listening(port: int, within: float = 60) -> None:
    """Return once the page answers; `within` bounds "never" (a slow machine may take a while to start)."""
    end = time.monotonic() + within
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError(f"tracker serve did not answer within {within:.0f} s")
