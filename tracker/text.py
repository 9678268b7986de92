"""Untrusted text made inert for a terminal: control characters and escape sequences shown, never obeyed."""

from __future__ import annotations

import re

# Lone surrogates are the bytes of a file name that is not UTF-8 (os.fsdecode's surrogateescape): written
# to a terminal they raise UnicodeEncodeError, so they are shown as escapes too.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def inert(text: object) -> str:
    """Replace control characters (ESC, BEL, bidi overrides, ...) with visible escapes; keep newlines and tabs."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                        str(text))


def one_line(text: object, width: int | None = None) -> str:
    flat = inert(text).replace("\n", " ").replace("\t", " ")
    if width is not None and len(flat) > width:
        return flat[: max(0, width - 1)] + "…"
    return flat
