"""Checks on the text of values before they are validated: unfilled template placeholders, and names that only
look like another (a Cyrillic letter or an invisible character in a party's alias)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from tracker.domain.errors import Path
from tracker.ingest.hints import placeholder_texts



_PLACEHOLDERS = placeholder_texts()


def is_placeholder(value: Any) -> bool:
    """A value exactly as `tracker template` writes one the analyst must fill in (`<YYYY-MM-DD>`, `<party>`)."""
    return isinstance(value, str) and value in _PLACEHOLDERS


def placeholders(value: Any, path: Path = ()) -> list[tuple[Path, str]]:
    """Every unfilled placeholder in a value, with its path.

    Run on every event of every file, so text (most values) is tested inline, without a call per value.
    """
    found: list[tuple[Path, str]] = []
    if type(value) is str:
        if value and value[0] == "<" and is_placeholder(value):
            found.append((path, value))
    elif type(value) is dict or type(value) is list:
        _scan(value, path, found)
    return found


def _scan(container: dict[Any, Any] | list[Any], path: Path, found: list[tuple[Path, str]]) -> None:
    pairs = container.items() if type(container) is dict else enumerate(container)
    for key, item in pairs:
        kind = type(item)
        if kind is str:
            if item and item[0] == "<" and is_placeholder(item):
                found.append((path + (key,), item))
        elif (kind is dict or kind is list) and isinstance(key, (str, int)):
            _scan(item, path + (key,), found)


# Letters of other scripts drawn like Latin ones (after Unicode's confusables list): a name written with one of
# them looks the same on screen and in a briefing, but is another string.
_LOOKALIKES = str.maketrans(
    "АВЕКМНОРСТУХЅІЈЈԁԛԝаеорсухѕіјһԁӏ"  # Cyrillic
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοιρτυνκχε",  # Greek
    "ABEKMHOPCTYXSIJJdqwaeopcyxsijhdl"
    "ABEZHIKMNOPTYXaoiptuvkxe",
)


def invisible(text: str) -> list[str]:
    """The invisible characters in a text: zero-width spaces and joiners, direction marks, soft hyphens..."""
    return [c for c in text if unicodedata.category(c) == "Cf"]


def without_invisible(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


@lru_cache(maxsize=4096)
def skeleton(text: str) -> str:
    """What a name looks like: lookalike letters as their Latin twins, invisible characters gone, case folded."""
    return without_invisible(text).translate(_LOOKALIKES).casefold()


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else None


def mixed_script(text: str) -> tuple[str, str] | None:
    """(the first letter of a second script, its script) when a word mixes Latin with Cyrillic or Greek."""
    scripts: dict[str, str] = {}
    for char in text:
        script = _script(char)
        if script is not None:
            scripts.setdefault(script, char)
    if "LATIN" in scripts and len(scripts) > 1:
        other = next(s for s in scripts if s != "LATIN")
        return scripts[other], other.capitalize()
    return None


def spoofing(text: str) -> str | None:
    """Why a name must not be taken for the one it looks like (an invisible character, mixed scripts), or None."""
    hidden = invisible(text)
    if hidden:
        char = hidden[0]
        return f"it contains an invisible character (U+{ord(char):04X} {unicodedata.name(char, 'format character')})"
    mixed = mixed_script(text)
    if mixed:
        char, script = mixed
        return f"it mixes Latin letters with the {script} letter '{char}' (U+{ord(char):04X})"
    return None


def lookalike_of(text: str, known: Mapping[str, str]) -> str | None:
    """The known name (lower case) that `text` looks exactly like without being it, or None."""
    shape = skeleton(text)
    for name in known:
        if name != text.lower() and skeleton(name) == shape:
            return name
    return None
