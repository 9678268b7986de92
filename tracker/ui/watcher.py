"""The folder watch: which *.yaml / *.yml files are new or changed since the last look. No Textual here."""

from __future__ import annotations

from pathlib import Path

Signature = tuple[int, int]  # mtime_ns, size


class FolderWatch:
    """Polls a folder's YAML files; files present at the start count as seen (only later saves are appended)."""

    def __init__(self, folder: str | Path, include_existing: bool = False) -> None:
        self.folder = Path(folder)
        self._seen: dict[Path, Signature] = {} if include_existing else self._scan()

    def _scan(self) -> dict[Path, Signature]:
        found: dict[Path, Signature] = {}
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return found
        for path in entries:
            if path.suffix not in (".yaml", ".yml") or path.name.startswith("."):
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            if path.is_file():
                found[path] = (stat.st_mtime_ns, stat.st_size)
        return found

    def changed(self) -> list[Path]:
        """Files added or saved since the last call, in name order."""
        now = self._scan()
        fresh = sorted(p for p, sig in now.items() if self._seen.get(p) != sig)
        self._seen = now
        return fresh
