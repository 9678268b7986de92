"""The folder watch: which *.yaml / *.yml files are new or changed, and whole. No Textual here.

A file is handed over only once it has stopped changing: its size, modification time and inode must stay
the same for `settle` seconds across polls. A file written in two steps (or by an editor that truncates
then writes) is otherwise caught between the steps, and its valid prefix appended for good.

The dashboard learns of changes from `watchfiles` (inotify on Linux) and scans the folder only then, and
while a changed file is still waiting out its quiet period (the timer the quiet period needs). On network
and container-mounted folders, where inotify events do not arrive, WATCHFILES_FORCE_POLLING=1 makes
`watchfiles` poll instead.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

Signature = tuple[int, int, int]  # mtime_ns, size, inode
SUFFIXES = (".yaml", ".yml")
# Editors' and tools' temporary and lock files that can end in .yaml (emacs `.#x.yaml`, `#x.yaml#` never
# does; Office `~$x.yaml`; backups `x~.yaml`). Hidden files are never event files.
_TEMP_PREFIXES = (".", "#", "~")


def is_temporary(name: str) -> bool:
    stem = name.rsplit(".", 1)[0]
    return name.startswith(_TEMP_PREFIXES) or stem.endswith("~")


class FolderWatch:
    """Polls a folder's YAML files; files present at the start count as seen (only later saves are appended)."""

    def __init__(self, folder: str | Path, include_existing: bool = False, settle: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.folder = Path(folder)
        self.settle = settle
        self.clock = clock
        self._root = self._resolved(self.folder)
        self._pending: dict[Path, tuple[Signature, float]] = {}  # changed, waiting to stay unchanged
        self._outside: set[Path] = set()  # links to files outside the folder, already reported
        self.links_outside: list[Path] = []  # new since the last call of changed(): reported, not followed
        self._seen: dict[Path, Signature] = {} if include_existing else self._scan()
        self.links_outside.clear()

    @staticmethod
    def _resolved(path: Path) -> Path:
        try:
            return path.resolve()
        except (OSError, RuntimeError):
            return path.absolute()

    def _inside(self, path: Path) -> bool:
        """A symbolic link is followed only to a file inside the watched folder."""
        if not path.is_symlink():
            return True
        target = self._resolved(path)
        return target.parent == self._root or self._root in target.parents

    def _scan(self) -> dict[Path, Signature]:
        found: dict[Path, Signature] = {}
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return found
        for path in entries:
            if path.suffix not in SUFFIXES or is_temporary(path.name):
                continue
            if not self._inside(path):
                if path not in self._outside:
                    self._outside.add(path)
                    self.links_outside.append(path)
                continue
            self._outside.discard(path)
            try:
                stat = path.stat()
            except OSError:
                continue
            if os.path.isfile(path):
                found[path] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        return found

    def changed(self) -> list[Path]:
        """Files added or saved since they were last handed over and unchanged for `settle` seconds, by name."""
        now, at = self._scan(), self.clock()
        ready = []
        for path, signature in now.items():
            if self._seen.get(path) == signature:
                self._pending.pop(path, None)
                continue
            pending = self._pending.get(path)
            if pending is None or pending[0] != signature:
                self._pending[path] = (signature, at)  # (still) changing: start waiting again
            elif at - pending[1] >= self.settle:
                ready.append(path)
                self._seen[path] = signature
                del self._pending[path]
        for gone in [p for p in (*self._seen, *self._pending) if p not in now]:
            self._seen.pop(gone, None)
            self._pending.pop(gone, None)
        return sorted(ready)

    @property
    def waiting(self) -> bool:
        """True while a changed file waits out its quiet period: the folder must be looked at again soon."""
        return bool(self._pending)

    def take_links_outside(self) -> list[Path]:
        """Links to files outside the folder found since the last call (each reported once)."""
        links, self.links_outside = sorted(self.links_outside), []
        return links
