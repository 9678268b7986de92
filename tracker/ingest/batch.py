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
from tracker.ingest import screening, wording
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


@dataclass(frozen=True)
class Partial:
    """An event that failed validation, with the references that did validate, so that they are still checked
    against the store (an unknown proposal or retraction target is reported along with the missing field)."""

    index: int
    type: str
    references: Mapping[str, str]  # of REFERENCES, those the event holds and that are not in error


REFERENCES = ("id", "proposal", "retracts", "counter_proposal", "counter_to")


@dataclass
class Batch:
    parties: list[tuple[int, Party]] = field(default_factory=list)
    sources: list[tuple[int, Source]] = field(default_factory=list)
    events: list[tuple[int, BaseEvent]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    payloads: dict[int, str] = field(default_factory=dict)  # canonical content by event index, computed once
    partials: list[Partial] = field(default_factory=list)
    # A problem of a value in `defaults`, found in the events that inherit it: reported once, with their count.
    inherited: dict[tuple[Path, str], tuple[Problem, int]] = field(default_factory=dict)

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    def inherit(self, problem: Problem) -> None:
        key = (problem.path, problem.message)
        known, count = self.inherited.get(key, (problem, 0))
        self.inherited[key] = (known, count + 1)

    def settle_defaults(self) -> None:
        """The problems of `defaults`, one each, first in the report (they are the first lines of the file)."""
        settled = []
        for problem, count in self.inherited.values():
            who = f"{count} event inherits it" if count == 1 else f"{count} events inherit it"
            settled.append(Problem(("defaults", *problem.path), f"{problem.message}; {who}",
                                   problem.expected, problem.found, problem.suggestion))
        self.problems[:0] = settled
        del self.problems[MAX_PROBLEMS:]
        self.inherited.clear()


def derived_id(payload: str) -> str:
    """An id from the content, so that appending the same file twice adds nothing."""
    return "ev-" + hashlib.sha256(payload.encode()).hexdigest()[:20]


def _validate(model: type[BaseModel], data: Any, path: Path, what: str, batch: Batch) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        written = data if isinstance(data, dict) else {}
        for problem in wording.problems(exc.errors(include_url=False), model, what, written):
            batch.add(problem.under(*path))
        return None


def _unknown_party(value: str, aliases: Mapping[str, str]) -> Problem:
    spoof = screening.spoofing(value)
    twin = screening.lookalike_of(value, aliases)
    if spoof or twin:
        clean = screening.without_invisible(value)
        hint = twin or (clean if clean.lower() in aliases else None)
        why = spoof or f"it only looks like '{twin}'"
        return Problem((), f"unknown party '{clean}': {why}",
                       expected="a party id or alias from the registry, in plain letters", found=ascii(value)[1:-1],
                       suggestion=hint)
    return Problem((), f"unknown party '{value}'", expected="a party id or alias from the registry", found=value,
                   suggestion=nearest(value, sorted(set(aliases.values()))) or nearest(value, sorted(aliases)))


def _resolve_parties(data: dict[str, Any], aliases: Mapping[str, str], skip: set[str], inherited: set[str],
                     path: Path, batch: Batch) -> None:
    def resolve(value: Any, where: Path) -> Any:
        if not isinstance(value, str):
            return value
        party = aliases.get(value.strip().lower())
        if party is None:
            problem = _unknown_party(value, aliases).under(*where)
            if where[0] in inherited:
                batch.inherit(problem)
            else:
                batch.add(problem.under(*path))
            return value
        return party

    for name in PARTY_FIELDS:
        if name not in data or name in skip:
            continue
        value = data[name]
        if isinstance(value, list):
            data[name] = [resolve(v, (name, i)) for i, v in enumerate(value)]
        else:
            data[name] = resolve(value, (name,))


def _check_name(alias: str, owner_id: str, aliases: Mapping[str, str], where: Path, batch: Batch) -> bool:
    """A new id, name or alias must not pass for another party's name (read with lookalike letters as Latin and
    invisible characters dropped). Text that looks like no other name is the analyst's to write."""
    twin = screening.lookalike_of(alias, {k: v for k, v in aliases.items() if v != owner_id})
    if twin:
        spoof = screening.spoofing(alias)
        reason = f"it looks exactly like '{twin}', which names party '{aliases[twin]}'" + (
            f" ({spoof.removeprefix('it ')})" if spoof else "")
        batch.add(Problem(where, f"'{screening.without_invisible(alias)}' could be mistaken for another name: {reason}",
                          expected="a name in plain letters of one script", found=ascii(alias)[1:-1]))
        return False
    return True


def _registries(root: Mapping[str, Any], registry: Registry, batch: Batch) -> tuple[dict[str, str], set[str]]:
    aliases = dict(registry.aliases)
    for i, raw in enumerate(_as_list(root, "parties", batch)):
        party = _validate(Party, raw, ("parties", i), "a party", batch)
        if party is None:
            continue
        for j, alias in enumerate((party.id, party.name, *party.aliases)):
            where = ("parties", i) + (("aliases", j - 2) if j >= 2 else ("name",) if j == 1 else ("id",))
            owner = aliases.get(alias.lower())
            if owner is not None and owner != party.id:
                batch.add(Problem(where, f"'{alias}' already names party '{owner}'", found=alias))
            elif owner is None and not _check_name(alias, party.id, aliases, where, batch):
                continue
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
        batch.add(Problem((key,), f"'{key}' must be a list", expected="a list of entries",
                          found=wording.describe(value)))
        return []
    return value


def _defaults(root: Mapping[str, Any], batch: Batch) -> dict[str, Any]:
    value = root.get("defaults") or {}
    if not isinstance(value, dict):
        batch.add(Problem(("defaults",), "'defaults' must be a mapping of field: value", found=wording.describe(value)))
        return {}
    for key in value:
        if key not in DEFAULTABLE:
            batch.add(Problem(("defaults", key), f"unknown default field '{key}'", expected="one of: " + ", ".join(DEFAULTABLE),
                              found=str(key), suggestion=nearest(str(key), DEFAULTABLE)))
    return {k: v for k, v in value.items() if k in DEFAULTABLE}


def _placeholder(where: Path, text: str) -> Problem:
    return Problem(where, f"placeholder {text} not filled in: write the value (or delete the line if `defaults` "
                   "gives it)")


def _event(i: int, raw: Any, defaults: dict[str, Any], unfilled: set[str], aliases: Mapping[str, str],
           sources: set[str], batch: Batch, scan: bool = True) -> None:
    path: Path = ("events", i)
    if not isinstance(raw, dict):
        batch.add(Problem(path, "an event must be a mapping of field: value", found=wording.describe(raw)))
        return
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in EVENT_CLASSES:  # `type: []` is unhashable: test the type first
        batch.add(Problem(path + ("type",), f"unknown event type '{kind}'" if kind is not None else "missing field 'type'",
                          expected="one of: " + ", ".join(EVENT_TYPES), found=None if kind is None else str(kind),
                          suggestion=nearest(str(kind), EVENT_TYPES) if kind is not None else None))
        return
    allowed = fields_of(kind)
    data = dict(raw)
    skip: set[str] = set()
    if scan:
        for where, text in screening.placeholders(raw):
            batch.add(_placeholder(path + where, text))
            skip.add(str(where[0]))
    from_defaults = {k for k in defaults if k in allowed and k not in data}
    data.update({k: defaults[k] for k in from_defaults})
    skip |= from_defaults & unfilled  # reported once, in `defaults`
    _resolve_parties(data, aliases, skip, from_defaults, path, batch)
    model = EVENT_CLASSES[kind]
    try:
        event = model.model_validate(data)
    except ValidationError as exc:
        what = f"{wording.article(kind)} `{kind}` event"
        failed = set(skip)
        said = wording.problems(exc.errors(include_url=False), model, what, data)
        if not said and not skip:  # never drop an event without a word: pydantic's own, as a last resort
            batch.add(Problem(path, f"{what} that is not valid", found=str(exc).splitlines()[-1].strip()))
        for problem in said:
            name = str(problem.path[0]) if problem.path else ""
            if name in skip:
                continue
            failed.add(name)
            if name in from_defaults:
                batch.inherit(problem)
            else:
                batch.add(problem.under(*path))
        event = _without(model, data, failed)
        if event is None:
            _partial(i, kind, data, failed, sources, batch)
            return
    _check_sources(event.sources, path, sources, batch)
    payload = canonical_payload(event)
    if event.id is None:
        event = event.model_copy(update={"id": derived_id(payload)})
    batch.events.append((i, event))
    batch.payloads[i] = payload


def _without(model: type[BaseEvent], data: Mapping[str, Any], failed: set[str]) -> BaseEvent | None:
    """The event without its failed fields, if those were all optional: the file is refused already, but the
    rest of the event still gets every check against the store (its terms, its date, its references)."""
    try:
        return model.model_validate({k: v for k, v in data.items() if k not in failed})
    except ValidationError:
        return None


def _check_sources(refs: Any, path: Path, sources: set[str], batch: Batch) -> None:
    for j, ref in enumerate(refs if isinstance(refs, (list, tuple)) else ()):
        if isinstance(ref, str) and ref not in sources and not screening.is_placeholder(ref):
            batch.add(Problem(path + ("sources", j), f"unknown source '{ref}'", expected="a source id from the registry",
                              found=ref, suggestion=nearest(ref, sources)))


def _partial(i: int, kind: str, data: Mapping[str, Any], failed: set[str], sources: set[str], batch: Batch) -> None:
    """What still can be checked of an event that failed validation: its sources here, its references later."""
    if "sources" not in failed:
        _check_sources(data.get("sources"), ("events", i), sources, batch)
    references = {k: data[k] for k in REFERENCES if k not in failed and isinstance(data.get(k), str)}
    batch.partials.append(Partial(i, kind, references))


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
    unfilled = set()
    for where, text in screening.placeholders(defaults):
        batch.add(_placeholder(("defaults", *where), text))
        unfilled.add(str(where[0]))
    for key in ("parties", "sources"):
        for where, text in screening.placeholders(root.get(key)):
            batch.add(_placeholder((key, *where), text))
    raw_events = _as_list(root, "events", batch)
    scan = getattr(root, "may_hold_placeholders", True)  # False: the file's text has no '<' at all
    if not raw_events and not batch.parties and not batch.sources and not batch.problems:
        batch.add(Problem((), "nothing to append: the file has no events, parties or sources"))
    for i, raw in enumerate(raw_events):
        if len(batch.problems) >= MAX_PROBLEMS:
            break  # the report is full: checking (and suggesting for) the rest only costs time
        _event(i, raw, defaults, unfilled, aliases, sources, batch, scan)
    batch.settle_defaults()
    return batch


