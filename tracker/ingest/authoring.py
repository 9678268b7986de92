"""Help for writing event files: templates that build a file, and the JSON Schema for editors.

`tracker template TYPE...` prints events as list items for under `events:`, and `tracker template --file
TYPE...` a whole file that ends with `events:`, so that `template --file proposed > f.yaml` followed by any
number of `template accepted >> f.yaml` always gives one valid file. Values the analyst must write are
`<placeholders>`, which `validate` and `append` refuse until they are filled in: an unedited template never
appends by accident. Optional fields are commented out, with an example value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

# No event models here (pydantic): `tracker template` starts without them; the schema imports them when asked.
from tracker.domain.errors import nearest
from tracker.text import inert
from tracker.ingest.hints import (
    EVENT_TYPES,
    PLACEHOLDERS as _PLACEHOLDERS,
    PLACEHOLDERS_BY_TYPE as _PLACEHOLDERS_BY_TYPE,
    PURPOSE,
    field_hint,
    fields_of,
    required_fields_of,
)

# Example values of optional fields, shown commented out.
_EXAMPLES: dict[str, str] = {
    "id": "my-event-id", "sources": "[src-id]", "confidence": "reported", "note": "free text",
    "terms": "[term-id]", "duration_days": "30", "counter_to": "other-proposal-id",
    "add_terms": "[{id: new-term, text: New wording}]", "remove_terms": "[term-id]",
    "replace_terms": "[{id: term-id, text: New wording}]", "conditions": "[In the party's words]",
    "reason": "In the party's words", "starts": "2025-03-18", "disputed_by": "[RU]",
    "description": "What happened", "outcome": "What came of them", "title": "New title", "parties": "[UA, RU]",
    "party": "US",
}
_EXAMPLES_BY_TYPE: dict[tuple[str, str], str] = {
    ("proposed", "terms"): "[{id: halt, text: Halt all fire}]",
}
_LEADING = ("proposal", "date", "party")
_TRAILING = ("id", "sources", "confidence", "note", "disputed_by", "dispute")
_COMMENT_COLUMN = 38

_FILE_HEAD = """\
# Events for `tracker validate` and `tracker append`. Replace every <placeholder>: the file is
# refused until none is left. Uncomment the optional fields you need and delete the others.
# More events: `tracker template TYPE >> THIS-FILE` (they go under `events:`, the last section).
# Checks as you type: `tracker schema > event-file.schema.json`, then make this the first line:
#   # yaml-language-server: $schema=./event-file.schema.json
#
# parties:                            # new parties, or new aliases of known ones
#   - {id: XX, name: Example, aliases: [Other name]}
# sources:                            # source documents, cited by id in `sources`
#   - {id: src-example, outlet: Example daily, published: 2025-03-19, url: https://example.org}
# defaults:                           # applied to every event below that lacks the field
#   proposal: ceasefire-30d-2025
events:
"""


class UnknownType(KeyError):
    """An event type that does not exist; the message suggests the nearest."""


def check_type(event_type: str) -> None:
    if event_type not in EVENT_TYPES:
        hint = nearest(event_type, EVENT_TYPES)
        raise UnknownType(f"unknown event type '{event_type}'" + (f" - did you mean '{hint}'?" if hint else "")
                          + f" (one of: {', '.join(EVENT_TYPES)})")


def type_list() -> str:
    """Every event type, one a line, with what it records and what it needs beyond proposal, date and party."""
    width = max(map(len, EVENT_TYPES)) + 2
    lines = []
    for kind in EVENT_TYPES:
        needs = [f for f in required_fields_of(kind) if f not in _LEADING]
        lines.append(f"{kind:<{width}}{PURPOSE[kind]}" + (f" (needs {', '.join(needs)})" if needs else ""))
    return "\n".join(lines) + "\n"


def _ordered(kind: str) -> list[str]:
    fields = fields_of(kind)
    middle = [f for f in fields if f not in _LEADING and f not in _TRAILING]
    return [f for f in _LEADING if f in fields] + middle + [f for f in _TRAILING if f in fields]


def _line(text: str, comment: str) -> str:
    return f"{text:<{_COMMENT_COLUMN - 1}} # {comment}".rstrip() if comment else text


def item(kind: str) -> str:
    """One event as a list item for under `events:`: required fields as placeholders, optional ones commented."""
    check_type(kind)
    required = set(required_fields_of(kind))
    lines = [_line(f"  - type: {kind}", PURPOSE[kind])]
    for name in _ordered(kind):
        hint = field_hint(name, kind)
        if name in required:
            value = _PLACEHOLDERS_BY_TYPE.get((kind, name), _PLACEHOLDERS.get(name, f"<{name}>"))
            lines.append(_line(f"    {name}: {value}", hint))
        else:
            example = _EXAMPLES_BY_TYPE.get((kind, name), _EXAMPLES.get(name, "..."))
            lines.append(_line(f"    # {name}: {example}", f"optional: {hint}" if hint else "optional"))
    return "\n".join(lines) + "\n"


def template(event_type: str) -> str:
    """A whole file holding one event of this type (kept for callers that want one complete skeleton)."""
    return whole_file([event_type])


def items(types: Sequence[str]) -> str:
    for kind in types:
        check_type(kind)
    return "".join(item(kind) for kind in types)


def whole_file(types: Sequence[str]) -> str:
    return _FILE_HEAD + items(types)


def run_template(types: Sequence[str], as_file: bool, out: TextIO, err: TextIO) -> int:
    """`tracker template`: the list of types, items, or a whole file. Exit 2 for an unknown type."""
    try:
        if not types:
            text = whole_file([]) if as_file else type_list()
        else:
            text = whole_file(types) if as_file else items(types)
    except UnknownType as exc:
        print(f"tracker: {inert(exc.args[0])}", file=err)
        return 2
    out.write(text)
    return 0


def json_schema() -> dict[str, Any]:
    """The event-file format for yaml-language-server and validators (see editor_schema)."""
    from tracker.ingest.editor_schema import json_schema as build

    return build()


def schema_text() -> str:
    """What `tracker schema` prints: the shipped copy (a test keeps it equal to json_schema()), read without
    importing the models; generated when no copy is found."""
    from importlib import resources
    from pathlib import Path

    # Installed: inside the package (pyproject's force-include); in a source checkout: the repository's events/.
    for root in (Path(str(resources.files("tracker"))) / "_bundled", Path(__file__).resolve().parents[2]):
        try:
            return (root / "events" / "event-file.schema.json").read_text(encoding="utf-8")
        except OSError:
            continue
    import json

    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
