"""Render the dashboard's snapshot pictures (tests/ui/__snapshots__) to PNG, to look at them.

    python docs/screenshots.py            # every snapshot -> /tmp/tracker-screens/*.png
    python docs/screenshots.py docs/screens 120x40   # the README's pictures: one per screen at 120x40

Update the snapshots first if the screens changed: `pytest tests/ui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from svg_to_png import svg_to_png

SNAPSHOTS = Path(__file__).resolve().parent.parent / "tests" / "ui" / "__snapshots__" / "test_snapshots"


def main(target: Path, size: str | None = None) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    made = []
    for svg in sorted(SNAPSHOTS.glob("test_screen[[]*].svg")):
        match = re.fullmatch(r"test_screen\[(?P<screen>\w+)-(?P<size>\d+x\d+)\]", svg.stem)
        if match is None or (size is not None and match["size"] != size):
            continue
        name = match["screen"].replace("_", "-") + ("" if size else f"-{match['size']}") + ".png"
        svg_to_png(svg, target / name)
        made.append(target / name)
    return made


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/tracker-screens")
    for path in main(folder, sys.argv[2] if len(sys.argv) > 2 else None):
        print(path)
