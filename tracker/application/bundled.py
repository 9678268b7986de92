"""Where the bundled dataset lives: inside the installed package, or beside it in a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def bundled_root() -> Path:
    packaged = Path(str(resources.files("tracker"))) / "_bundled"
    if (packaged / "events").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def bundled_files() -> list[Path]:
    """The source registry first, then the event journal, each in name order."""
    root = bundled_root()
    files: list[Path] = []
    for folder in ("seeds", "events"):
        files += sorted(p for p in (root / folder).glob("*.y*ml") if p.is_file())
    return files
