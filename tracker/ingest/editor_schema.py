"""The JSON Schema of event files, for yaml-language-server and validators: as strict as the tracker where a
schema can know (fields, types, enums, patterns, required fields), and never stricter.

Built from the event models, then shaped for editors:
- an event is checked against the schema of its own `type` only (if/then), so an error names the right field;
- a field an event type needs is required unless the file's `defaults` gives it (a condition on the root);
- `defaults` is checked field by field; `parties`, `sources`, `defaults` and `events` may be empty while typing;
- every field carries the hint `tracker template` prints, and every pattern a message in words;
- no `null` defaults, which editors would insert on completion;
- every date field refers to one definition, `$defs/Date` (DATE_JSON_SCHEMA in domain/events.py).
"""

from __future__ import annotations

import json
from typing import Any

from tracker.domain.events import (
    DATE_JSON_SCHEMA,
    EVENT_CLASSES,
    EVENT_TYPES,
    InlineSource,
    Party,
    Source,
    Term,
    fields_of,
    required_fields_of,
)
from tracker.ingest.hints import PURPOSE, REGISTRY, field_hint
from tracker.ingest.wording import PATTERNS

_REF = "#/$defs/{model}"
_SECTIONS = ("parties", "sources", "defaults", "events")


def _tidy(node: Any, defs: dict[str, Any]) -> Any:
    """Editor-friendly: no null defaults or bare titles, `X | None` as one type list, patterns explained."""
    if isinstance(node, list):
        return [_tidy(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if "x-definition" in node:
        name = node["x-definition"]
        defs[name] = {k: v for k, v in node.items() if k != "x-definition"}
        return {"$ref": f"#/$defs/{name}"}
    out = {k: _tidy(v, defs) for k, v in node.items() if k not in ("title", "properties")
           and not (k == "default" and v is None)}
    if "properties" in node:  # names of fields, not keywords: `title` is a field of some events
        out["properties"] = {name: _tidy(body, defs) for name, body in node["properties"].items()}
    options = out.get("anyOf")
    if isinstance(options, list) and len(options) == 2 and {"type": "null"} in options:
        other = next(o for o in options if o != {"type": "null"})
        if isinstance(other.get("type"), str):  # `X | None` -> type [X, null], one schema for hover and errors
            del out["anyOf"]
            out.update(other, type=[other["type"], "null"])
    if "pattern" in out and "patternErrorMessage" not in out and out["pattern"] in PATTERNS:
        noun, words = PATTERNS[out["pattern"]]
        out["patternErrorMessage"] = f"{noun}: {words}"
    return out


def _source_ref(items: dict[str, Any]) -> dict[str, Any]:
    """A source is a registry id (text) or an inline source (a mapping): decide by the shape, then check it."""
    options = items.get("anyOf", [])
    text = next((o for o in options if o.get("type") == "string"), None)
    inline = next((o for o in options if "$ref" in o), None)
    if text is None or inline is None:
        return items
    return {"if": {"type": "string"}, "then": text, "else": inline}


def _described(properties: dict[str, Any], describe: Any) -> dict[str, Any]:
    for name, body in properties.items():
        if name == "sources" and isinstance(body.get("items"), dict):
            body["items"] = _source_ref(body["items"])
        body["description"] = describe(name)
    return properties


def _model(model: Any, prefix: str, defs: dict[str, Any]) -> dict[str, Any]:
    body = model.model_json_schema(ref_template=_REF)
    for name, sub in body.pop("$defs", {}).items():
        defs[name] = _tidy(sub, defs)
    body = _tidy(body, defs)
    _described(body.get("properties", {}), lambda name: REGISTRY.get(f"{prefix}.{name}", ""))
    return body


def _event(kind: str, defs: dict[str, Any]) -> dict[str, Any]:
    body = EVENT_CLASSES[kind].model_json_schema(ref_template=_REF)
    for name, sub in body.pop("$defs", {}).items():
        defs[name] = _tidy(sub, defs)
    body = _tidy(body, defs)
    properties = _described(body["properties"], lambda name: field_hint(name, kind))
    properties["type"] = {"const": kind, "description": PURPOSE[kind]}
    # The rest of what it needs is required by the root's conditions, unless `defaults` gives it.
    return {"type": "object", "description": f"`{kind}`: {PURPOSE[kind]}", "properties": properties,
            "required": ["type"], "additionalProperties": False}


def _defaults(events: dict[str, Any]) -> dict[str, Any]:
    """Every field an event may inherit, as strict as the event types that have it allow (any of them)."""
    properties: dict[str, Any] = {}
    for name in sorted({f for kind in EVENT_TYPES for f in fields_of(kind)} - {"id"}):
        variants: dict[str, Any] = {}
        for kind in EVENT_TYPES:
            body = events[f"event-{kind}"]["properties"].get(name)
            if body is not None:
                shape = {k: v for k, v in body.items() if k != "description"}
                variants.setdefault(json.dumps(shape, sort_keys=True), shape)
        shapes = list(variants.values())
        properties[name] = dict(shapes[0] if len(shapes) == 1 else {"anyOf": shapes}, description=field_hint(name))
    return {"type": ["object", "null"], "description": REGISTRY["defaults"], "properties": properties,
            "additionalProperties": False}


def _date() -> dict[str, Any]:
    """The one date definition, flat so that editors explain it: `pattern` checks text only and `minimum` /
    `maximum` numbers only (a bare year is a YAML number), which is the domain's anyOf in one object."""
    text = next(o for o in DATE_JSON_SCHEMA["anyOf"] if o["type"] == "string")
    year = next(o for o in DATE_JSON_SCHEMA["anyOf"] if o["type"] == "integer")
    return {"type": ["string", "integer"], "pattern": text["pattern"],
            "patternErrorMessage": "a date: YYYY-MM-DD, YYYY-MM or YYYY; an interval START/END; a day marked ? "
                                   "(uncertain), ~ (approximate) or % (both); 2025-03-1X for unspecified digits",
            "minimum": year["minimum"], "maximum": year["maximum"], "description": DATE_JSON_SCHEMA["description"]}


def _needs(field: str) -> dict[str, Any]:
    types = [kind for kind in EVENT_TYPES if field in required_fields_of(kind)]
    return {"if": {"properties": {"type": {"enum": types}}, "required": ["type"]}, "then": {"required": [field]}}


def _required_unless_defaulted() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    fields = sorted({f for kind in EVENT_TYPES for f in required_fields_of(kind)})
    conditions = [{"if": {"properties": {"defaults": {"type": "object", "required": [f]}}, "required": ["defaults"]},
                   "else": {"properties": {"events": {"items": {"$ref": f"#/$defs/needs-{f}"}}}}} for f in fields]
    return conditions, {f"needs-{f}": _needs(f) for f in fields}


def json_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {"Date": dict(DATE_JSON_SCHEMA)}
    events = {f"event-{kind}": _event(kind, defs) for kind in EVENT_TYPES}
    for name, model, prefix in (("Party", Party, "party"), ("Source", Source, "source")):
        defs[name] = _model(model, prefix, defs)
    for name, model, prefix in (("InlineSource", InlineSource, "source"), ("Term", Term, "term")):
        defs[name] = _model(model, prefix, defs)
    conditions, needs = _required_unless_defaulted()
    defs.update(events)
    defs.update(needs)
    defs["Event"] = {
        "type": "object",
        "description": "one event: its `type` says which fields it has",
        "properties": {"type": {"enum": list(EVENT_TYPES), "description": field_hint("type")}},
        "required": ["type"],
        "allOf": [{"if": {"properties": {"type": {"const": kind}}, "required": ["type"]},
                   "then": {"$ref": f"#/$defs/event-{kind}"}} for kind in EVENT_TYPES],
    }
    defs["defaults"] = _defaults(events)
    defs["Date"] = _date()

    def section(items: str) -> dict[str, Any]:
        return {"type": ["array", "null"], "items": {"$ref": f"#/$defs/{items}"}}

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "tracker event file",
        "description": "Events about ceasefire and peace proposals, for `tracker validate` and `tracker append`.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "parties": section("Party") | {"description": REGISTRY["parties"]},
            "sources": section("Source") | {"description": REGISTRY["sources"]},
            "defaults": {"$ref": "#/$defs/defaults"},
            "events": section("Event") | {"description": REGISTRY["events"]},
        },
        "allOf": conditions,
        "$defs": dict(sorted(defs.items())),
    }
