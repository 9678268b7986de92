"""What the commands share for printing: the terminal's width, plain tables, the JSON contract's printer.

Plain text, not a rendering library: tables here are simple (one line a row, no wrapping), and the
read commands start faster without loading one (rich is left to the progress bar).
"""

from __future__ import annotations

import json
import re
import sys

import shutil
from collections.abc import Sequence

from tracker.text import inert, one_line


def width() -> int:
    """The terminal's columns (COLUMNS wins); 80 when the output is not a terminal."""
    return shutil.get_terminal_size((80, 24)).columns


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """Columns two spaces apart, a rule under the headers; cells are made inert and never cut or folded."""
    cells = [[one_line(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()

    return [line(headers), "─" * (sum(widths) + 2 * (len(widths) - 1)), *(line(r) for r in cells)]


# JSON escapes C0 controls but leaves C1 controls (U+009B is a CSI to some terminals) and bidi or zero-width
# marks raw; they can only occur inside strings, where a \uXXXX escape means the same.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def print_json(data: object) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def error(message: str) -> int:
    """One line on stderr; the caller returns the exit code (1)."""
    print(f"tracker: {inert(message)}", file=sys.stderr)
    return 1
