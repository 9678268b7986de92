"""Reading an event file: only a regular file.

A FIFO with no writer would block `open` for ever, a device could stream without end or wait for input: the
path's kind is checked (a `stat`, which never blocks) before the file is opened.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


class NotARegularFile(OSError):
    """The path is a pipe, a device or a socket: not an event file."""


def _refuse_other_kinds(mode: int, path: str | Path) -> None:
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "Is a directory", str(path))
    if not stat.S_ISREG(mode):
        what = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise NotARegularFile(f"is {what}, not a regular file: only files are read")


def check_regular(path: str | Path) -> None:
    """IsADirectoryError for a directory, NotARegularFile for a pipe, a device or a socket (a `stat`: never
    blocks)."""
    _refuse_other_kinds(os.stat(path).st_mode, path)
