"""Reading an event file whole: never a file caught half-written by an editor or a script.

A regular file must be the same (device, inode, size, modification time) before and after it is read,
and hold as many bytes as were read; otherwise it is read again, and refused if it keeps changing. Just
before the commit, a guard checks that it is still the file that was read.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from tracker.ingest.files import NotARegularFile, check_regular

READ_ATTEMPTS = 3  # a file that changes while it is read is read again, this many times in all
CHANGED = ("changed while it was being read (is it still being written?); nothing appended: append it again "
           "once it is saved")
Signature = tuple[int, int, int, int]  # device, inode, size, mtime_ns
Guard = Callable[[], str | None]  # None while the file is unchanged, else why it must be refused


class Unreadable(Exception):
    """The file cannot be appended as it is: the message says why, in the analyst's words."""


def _signature(st: os.stat_result) -> Signature:
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def read_whole(path: str | Path, limit: int) -> tuple[bytes, Signature]:
    """The file's bytes (never more than `limit` + 1: a huge file must not fill memory) and its signature.

    Only a regular file is read: its kind is checked before it is opened, because a FIFO with no writer
    would block `open` for ever and a device could stream without end (see ingest.files)."""
    for attempt in range(READ_ATTEMPTS):
        try:
            check_regular(path)
            with open(path, "rb") as f:
                before = os.fstat(f.fileno())
                data = f.read(limit + 1)
                after = os.fstat(f.fileno())
            now = os.stat(path)
        except NotARegularFile as exc:
            raise Unreadable(str(exc)) from None
        except IsADirectoryError:
            raise Unreadable("is a directory with no *.yaml or *.yml files") from None
        except FileNotFoundError:
            raise Unreadable("no such file") from None
        except OSError as exc:
            raise Unreadable(f"cannot be read: {exc.strerror or exc}") from None
        if len(data) > limit:
            raise Unreadable(f"file is over the limit of {limit:,} bytes")
        signature = _signature(after)
        if _signature(before) == signature == _signature(now) and len(data) == after.st_size:
            return data, signature
        time.sleep(0.05 * (attempt + 1))  # a writer mid-save: give it a moment
    raise Unreadable(CHANGED)


def unchanged_guard(path: str | Path, signature: Signature | None) -> Guard | None:
    """A check to run just before the commit: the file must still be the one that was read."""
    if signature is None:
        return None

    def changed() -> str | None:
        try:
            same = _signature(os.stat(path)) == signature
        except OSError:
            same = False
        return None if same else CHANGED.replace("being read", "being appended")

    return changed
