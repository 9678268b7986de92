"""An event file's data -> validated registries and events, with every problem found (no database here)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from tracker.domain.errors import Path, Problem, nearest
from tracker.domain.events import (
    EVENT_CLASSES,
    EVENT_TYPES,
    PARTY_FIELDS,
    BaseEvent,
    Party,
    Source,
    fields_of,
)
from tracker.store.serialization import canonical_payload

SECTIONS = ("parties", "sources", "defaults", "events")
DEFAULTABLE = tuple(sorted({f for t in EVENT_TYPES for f in fields_of(t)} - {"id"}))
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class Registry:
    """What the store already knows: alias (lower case) -> party id, and the registered source ids."""

    aliases: Mapping[str, str]
    party_ids: frozenset[str]
    source_ids: frozenset[str]


@dataclass
class Batch:
    parties: list[tuple[int, Party]] = field(default_factory=list)
    sources: list[tuple[int, Source]] = field(default_factory=list)
    events: list[tuple[int, BaseEvent]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    payloads: dict[int, str] = field(default_factory=dict)  # canonical content by event index, computed once

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


def derived_id(payload: str) -> str:
    """An id from the content, so that appending the same file twice adds nothing."""
    return "ev-" + hashlib.sha256(payload.encode()).hexdigest()[:20]


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _from_pydantic(error: Mapping[str, Any], model: type[BaseModel], what: str) -> Problem:
    loc = tuple(error["loc"])
    name = str(loc[0]) if loc else what
    kind = error["type"]
    found = error.get("input")
    if kind == "extra_forbidden":
        valid = [f for f in model.model_fields if f != "type"]
        return Problem(loc, f"unknown field '{name}' for {what}", expected="one of: " + ", ".join(valid),
                       found=name, suggestion=nearest(name, valid))
    if kind == "missing":
        return Problem(loc, f"missing field '{name}' for {what}",
                       expected=f"{what} needs: " + ", ".join(
                           f for f, info in model.model_fields.items() if info.is_required() and f != "type"))
    message = error["msg"]
    suggestion = None
    if kind == "literal_error" and isinstance(found, str):
        choices = error.get("ctx", {}).get("expected", "")
        options = [c.strip(" '") for c in choices.replace(" or ", ", ").split(",")]
        suggestion = nearest(found, options)
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
    ctx = error.get("ctx") or {}  # a date's refusal carries what was expected and the nearest valid value
    return Problem(loc, message if loc else f"{what}: {message}", expected=ctx.get("expected"), found=_describe(found),
                   suggestion=suggestion or ctx.get("suggestion"))


def _validate(model: type[BaseModel], data: Any, path: Path, what: str, batch: Batch) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            batch.add(_from_pydantic(error, model, what).under(*path))
        return None


def _resolve_parties(data: dict[str, Any], aliases: Mapping[str, str], path: Path, batch: Batch) -> None:
    def resolve(value: Any, where: Path) -> Any:
        if not isinstance(value, str):
            return value
        party = aliases.get(value.strip().lower())
        if party is None:
            batch.add(Problem(where, f"unknown party '{value}'", expected="a party id or alias from the registry",
                              found=value, suggestion=nearest(value, sorted(set(aliases.values())))
                              or nearest(value, sorted(aliases))))  # a misspelt alias: the nearest alias
            return value
        return party

    for name in PARTY_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, list):
            data[name] = [resolve(v, path + (name, i)) for i, v in enumerate(value)]
        else:
            data[name] = resolve(value, path + (name,))


def _registries(root: Mapping[str, Any], registry: Registry, batch: Batch) -> tuple[dict[str, str], set[str]]:
    aliases = dict(registry.aliases)
    for i, raw in enumerate(_as_list(root, "parties", batch)):
        party = _validate(Party, raw, ("parties", i), "a party", batch)
        if party is None:
            continue
        for j, alias in enumerate((party.id, party.name, *party.aliases)):
            owner = aliases.get(alias.lower())
            if owner is not None and owner != party.id:
                where = ("parties", i) + (("aliases", j - 2) if j >= 2 else ("name",) if j == 1 else ("id",))
                batch.add(Problem(where, f"'{alias}' already names party '{owner}'", found=alias))
            aliases[alias.lower()] = party.id
        batch.parties.append((i, party))
    source_ids = set(registry.source_ids)
    for i, raw in enumerate(_as_list(root, "sources", batch)):
        source = _validate(Source, raw, ("sources", i), "a source", batch)
        if source is not None:
            source_ids.add(source.id)
            batch.sources.append((i, source))
    return aliases, source_ids


def _as_list(root: Mapping[str, Any], key: str, batch: Batch) -> list[Any]:
    value = root.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        batch.add(Problem((key,), f"'{key}' must be a list", expected="a list of entries", found=type(value).__name__))
        return []
    return value


def _defaults(root: Mapping[str, Any], batch: Batch) -> dict[str, Any]:
    value = root.get("defaults") or {}
    if not isinstance(value, dict):
        batch.add(Problem(("defaults",), "'defaults' must be a mapping of field: value", found=type(value).__name__))
        return {}
    for key in value:
        if key not in DEFAULTABLE:
            batch.add(Problem(("defaults", key), f"unknown default field '{key}'", expected="one of: " + ", ".join(DEFAULTABLE),
                              found=str(key), suggestion=nearest(str(key), DEFAULTABLE)))
    return {k: v for k, v in value.items() if k in DEFAULTABLE}


def _event(i: int, raw: Any, defaults: dict[str, Any], aliases: Mapping[str, str], sources: set[str],
           batch: Batch) -> None:
    path: Path = ("events", i)
    if not isinstance(raw, dict):
        batch.add(Problem(path, "an event must be a mapping of field: value", found=_describe(raw)))
        return
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in EVENT_CLASSES:  # `type: []` is unhashable: test the type first
        batch.add(Problem(path + ("type",), f"unknown event type '{kind}'" if kind is not None else "missing field 'type'",
                          expected="one of: " + ", ".join(EVENT_TYPES), found=None if kind is None else str(kind),
                          suggestion=nearest(str(kind), EVENT_TYPES) if kind is not None else None))
        return
    allowed = fields_of(kind)
    data = dict(raw)
    from_defaults = {k for k, v in defaults.items() if k in allowed and k not in data}
    data.update({k: defaults[k] for k in from_defaults})
    _resolve_parties(data, aliases, path, batch)
    model = EVENT_CLASSES[kind]
    try:
        event = model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            problem = _from_pydantic(error, model, f"a `{kind}` event")
            origin = ("defaults",) if problem.path and problem.path[0] in from_defaults else path
            batch.add(problem.under(*origin))
        return
    for j, ref in enumerate(event.sources):
        if isinstance(ref, str) and ref not in sources:
            batch.add(Problem(path + ("sources", j), f"unknown source '{ref}'", expected="a source id from the registry",
                              found=ref, suggestion=nearest(ref, sources)))
    payload = canonical_payload(event)
    if event.id is None:
        event = event.model_copy(update={"id": derived_id(payload)})
    batch.events.append((i, event))
    batch.payloads[i] = payload


def read_batch(root: Any, registry: Registry) -> Batch:
    """Validate a file's data: every problem is collected (up to a cap), nothing is written."""
    batch = Batch()
    if not isinstance(root, dict):
        batch.add(Problem((), "the file's root must be a mapping with 'events' (and optionally parties, sources, defaults)",
                          found=type(root).__name__))
        return batch
    for key in root:
        if key not in SECTIONS:
            batch.add(Problem((key,), f"unknown section '{key}'", expected="one of: " + ", ".join(SECTIONS),
                              found=str(key), suggestion=nearest(str(key), SECTIONS)))
    aliases, sources = _registries(root, registry, batch)
    defaults = _defaults(root, batch)
    raw_events = _as_list(root, "events", batch)
    if not raw_events and not batch.parties and not batch.sources and not batch.problems:
        batch.add(Problem((), "nothing to append: the file has no events, parties or sources"))
    for i, raw in enumerate(raw_events):
        if len(batch.problems) >= MAX_PROBLEMS:
            break  # the report is full: checking (and suggesting for) the rest only costs time
        _event(i, raw, defaults, aliases, sources, batch)
    return batch


