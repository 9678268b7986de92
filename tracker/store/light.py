"""Stored events read back for folding, without the pydantic models: the read commands never load them."""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace
from typing import Any

import orjson

from tracker.domain.dates import FuzzyDate

# What an optional field the file left out means: the models' defaults, by rule rather than by model, so
# that reading needs no models (a unit test checks the rule against every model's every optional field).
COLLECTIONS = frozenset({"sources", "terms", "conditions", "add_terms", "remove_terms", "replace_terms",
                         "disputed_by", "participants", "parties_added", "aliases"})
SCALARS: dict[str, Any] = {"confidence": "reported"}


def default(name: str) -> Any:
    if name in COLLECTIONS:
        return ()
    return SCALARS.get(name)


class LightEvent(SimpleNamespace):
    """An attribute bag with the model's fields; a field the payload left out reads as its default."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return default(name)


@lru_cache(maxsize=65536)
def _date(text: str) -> FuzzyDate:
    return FuzzyDate.parse(text)


def _term(data: dict[str, str]) -> SimpleNamespace:
    return SimpleNamespace(id=data["id"], text=data["text"])


def light_event(event_id: str, payload: str) -> Any:
    """A stored event for folding, without re-validating it: the store only holds validated content.

    Pydantic validation costs more than the fold itself, so the projections read stored rows through
    this attribute bag, which has the same fields as the model.
    """
    event: dict[str, Any] = orjson.loads(payload)
    event["id"] = event_id
    event["date"] = _date(event["date"])
    if "starts" in event:
        event["starts"] = _date(event["starts"])
    for name in ("terms", "add_terms", "replace_terms"):
        value = event.get(name)
        if value and isinstance(value[0], dict):
            event[name] = tuple(_term(t) for t in value)
    return LightEvent(**{**_DEFAULTS, **event})


# Every default up front: the fold reads most of them for every event, and a lookup through __getattr__
# (a miss first) costs several times a plain attribute.
_DEFAULTS: dict[str, Any] = {**dict.fromkeys(COLLECTIONS, ()), **SCALARS}
