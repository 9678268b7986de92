"""Pydantic's validation errors, said in the tracker's words: what was expected, what was found, the nearest value.

Pydantic's own sentences ("Input should be a valid string") name neither the field nor the file's terms, and
for a union (a source is a registry id or an inline {outlet, ...}) it reports every branch under an internal
name. Each error is turned here into one Problem, placed at its field's path, with the union's branch names
taken out and only the branch the analyst meant (a mapping means an inline source) kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel

from tracker.domain.errors import Path, Problem, nearest
from tracker.domain.events import InlineSource, Term

# What a pattern means, in words, for each pattern the models use.
PATTERNS: dict[str, tuple[str, str]] = {
    r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$":
        ("an id", "letters, digits and . _ : - only, starting with a letter or digit, at most 128 characters"),
    r"^[A-Za-z][A-Za-z0-9_-]{0,31}$":
        ("a party id", "a letter, then letters, digits, _ or -, at most 32 characters"),
}

# Names pydantic gives the branches of a union in an error's location: never a field of ours.
_BRANCHES: dict[str, type[BaseModel] | None] = {"InlineSource": InlineSource, "Term": Term,
                                                 "constrained-str": None, "str": None}
_SUB_MODELS: dict[str, type[BaseModel]] = {"terms": Term, "add_terms": Term, "replace_terms": Term}


def article(word: str) -> str:
    """'a' or 'an' before a word as it is read aloud (an `accepted` event, a `rejected` event)."""
    return "an" if word.lstrip("`'\"")[:1].lower() in ("a", "e", "i", "o", "u") else "a"


def describe(value: Any) -> str:
    """A found value as the analyst wrote it, shortened."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, dict):
        text = "a mapping {" + ", ".join(str(k) for k in list(value)[:6]) + ("...}" if len(value) > 6 else "}")
    elif isinstance(value, (list, tuple)):
        text = f"a list of {len(value)}" if value else "an empty list"
    elif value is None:
        text = "nothing (an empty value)"
    elif isinstance(value, bool):
        text = str(value).lower()
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"the text '{value}'"


def _value_at(data: Any, path: Path) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _meant(error: Mapping[str, Any], data: Mapping[str, Any]) -> tuple[Path, type[BaseModel] | None] | None:
    """The error's path without branch names, and the sub-model it is in; None for a branch not meant."""
    loc: list[str | int] = []
    model: type[BaseModel] | None = None
    for step in error["loc"]:
        if isinstance(step, str) and step in _BRANCHES:
            branch = _BRANCHES[step]
            written = _value_at(data, tuple(loc))
            if (branch is None) == isinstance(written, dict):
                return None  # a mapping is an inline source, text a registry id: the other branch is noise
            model = branch
            continue
        if not loc and isinstance(step, str) and step in _SUB_MODELS:
            model = _SUB_MODELS[step]
        loc.append(step)
    return tuple(loc), model


def problems(errors: Iterable[Mapping[str, Any]], model: type[BaseModel], what: str, data: Mapping[str, Any]
             ) -> list[Problem]:
    """One problem per error the analyst can act on, in the tracker's words. `what`: "an `accepted` event"."""
    out: list[Problem] = []
    for error in errors:
        meant = _meant(error, data)
        if meant is None:
            continue
        loc, sub = meant
        out.append(_problem(error, loc, sub, model, what))
    return out


def _field_name(loc: Path) -> str:
    named = [step for step in loc if isinstance(step, str)]
    field = named[-1] if named else "value"
    return f"each item of {field}" if loc and isinstance(loc[-1], int) else field


def _problem(error: Mapping[str, Any], loc: Path, sub: type[BaseModel] | None, model: type[BaseModel], what: str
             ) -> Problem:
    kind = error["type"]
    found = error.get("input")
    ctx = error.get("ctx") or {}
    name = _field_name(loc)
    inner = sub is not None and len(loc) > 2  # a field of an inline source or a term, not of the event
    owner = model if not inner else sub
    assert owner is not None
    owner_what = what if not inner else ("an inline source" if owner is InlineSource else "a term")
    if kind == "extra_forbidden":
        valid = [f for f in owner.model_fields if f != "type"]
        return Problem(loc, f"unknown field '{name}' for {owner_what}", expected="one of: " + ", ".join(valid),
                       found=name, suggestion=nearest(name, valid))
    if kind == "missing":
        needed = [f for f, info in owner.model_fields.items() if info.is_required() and f != "type"]
        return Problem(loc, f"missing field '{name}' for {owner_what}",
                       expected="all of: " + ", ".join(needed))
    if kind == "literal_error":
        options = [c.strip(" '") for c in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        return Problem(loc, f"'{describe(found)}' is not a valid {name}", expected="one of: " + ", ".join(options),
                       found=describe(found), suggestion=nearest(found, options) if isinstance(found, str) else None)
    if kind == "value_error":
        return Problem(loc, str(error["msg"]).removeprefix("Value error, "), found=describe(found))
    if kind == "date":  # a date's refusal carries what was expected and the nearest valid value
        return Problem(loc, str(error["msg"]), expected=ctx.get("expected"), found=describe(found),
                       suggestion=ctx.get("suggestion"))
    return Problem(loc, *_expected(kind, ctx, found, name))


def _expected(kind: str, ctx: Mapping[str, Any], found: Any, name: str) -> tuple[str, str, str]:
    """(message, expected, found) for the errors of a value's type or size."""
    if kind == "string_pattern_mismatch":
        noun, words = PATTERNS.get(str(ctx.get("pattern")), ("valid", f"text matching {ctx.get('pattern')}"))
        return f"'{describe(found)}' is not {noun}", words, describe(found)
    if kind == "string_too_short":
        return f"{name} is empty", "some text", "nothing"
    if kind == "string_too_long":
        return (f"{name} is too long: {len(found)} characters", f"at most {ctx.get('max_length')} characters",
                f"{len(found)} characters")
    if kind == "string_type":
        return f"{name} must be text", "text (put it in quotes if it looks like a number)", _kind_of(found)
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{name} must be a whole number", "a whole number such as 30", _kind_of(found)
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = {"greater_than": f"more than {ctx.get('gt')}", "greater_than_equal": f"at least {ctx.get('ge')}",
                 "less_than": f"less than {ctx.get('lt')}", "less_than_equal": f"at most {ctx.get('le')}"}[kind]
        return f"{name} is out of range", f"a whole number {bound}", describe(found)
    if kind in ("tuple_type", "list_type"):
        return f"{name} must be a list", f"a list, e.g. {name}: [a, b]", _kind_of(found)
    if kind == "too_short":
        return f"{name} is empty", f"at least {ctx.get('min_length')} item(s)", "an empty list"
    if kind == "too_long":
        return f"{name} has too many items", f"at most {ctx.get('max_length')}", f"{ctx.get('actual_length')} items"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        shape = "{id, text}" if ctx.get("class_name") == "Term" else "{outlet, published, url, quote}" \
            if ctx.get("class_name") == "InlineSource" else "a mapping of field: value"
        return f"{name} must be a mapping", shape, _kind_of(found)
    if kind in ("bool_type", "bool_parsing"):
        return f"{name} must be true or false", "true or false", _kind_of(found)
    # Any other check the models gain later: still one line, with pydantic's sentence as the last resort.
    return f"{name}: {str(kind).replace('_', ' ')}", "", describe(found)
