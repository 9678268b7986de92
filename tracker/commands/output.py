"""What the commands share for printing: the console, the JSON contract's printer, inert table cells."""

from __future__ import annotations

import json
import re
import sys

from rich.console import Console
from rich.text import Text

from tracker.text import inert, one_line


def console() -> Console:
    return Console(highlight=False, soft_wrap=False, emoji=False, markup=False)


# JSON escapes C0 controls but leaves C1 controls (U+009B is a CSI to some terminals) and bidi or zero-width
# marks raw; they can only occur inside strings, where a \uXXXX escape means the same.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def print_json(data: object) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def cell(text: object, style: str = "") -> Text:
    return Text(one_line(text), style=style)


def error(message: str) -> int:
    """One line on stderr; the caller returns the exit code (1)."""
    print(f"tracker: {inert(message)}", file=sys.stderr)
    return 1
