"""Refusals are placed by walking the parser's events only as far as needed, at the same place as the node graph gives."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pytest
import yaml

from tracker.ingest.yaml_loader import Locator, _Loader

DOCS = [
    "events:\n  - type: accepted\n    party: UA\n    terms: [a, b]\n  - {type: rejected, party: RU}\n",
    "a: 1\nb:\n  c: [1, {d: 2}]\n  e: |\n    text\n",
    "- x\n- - y\n  - z\n- {1: one, '2': two}\n",
    "? [complex, key]\n: value\nplain: after\n",
    "dup: 1\ndup: 2\nother: 3\n",
    "anchor: &a {k: v}\nalias: *a\n",
    "events:\n" + "  - {type: acepted, proposal: host, date: 2025-01-02}\n" * 12,
]


@lru_cache(maxsize=None)
def _graph(text: str) -> yaml.Node:
    return yaml.compose(text, Loader=_Loader)


def reference(text: str, path: tuple[Any, ...]) -> tuple[int, int] | None:
    """The node graph's answer: the node at the path, else its deepest ancestor on the path."""
    node, found = _graph(text), None
    for step in path:
        if node is None:
            break
        found = node
        if isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            node = node.value[step] if 0 <= step < len(node.value) else None
        elif isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(step)), None)
        else:
            node = None
    target = node if node is not None else found
    return (target.start_mark.line + 1, target.start_mark.column + 1) if target is not None else None


def paths(node: yaml.Node, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            out += paths(child, (*prefix, i))
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):
                out += paths(v, (*prefix, k.value))
    return out


@pytest.mark.parametrize("text", DOCS)
def test_every_path_and_some_missing_ones_are_placed_as_the_node_graph_places_them(text: str) -> None:
    every = paths(_graph(text))
    asked = every + [(*p, "missing") for p in every] + [(*p, 99) for p in every] + [("nope", 0, "x")]
    one = Locator(text)  # one locator asked everything, in order and out of order, as refusals do
    for path in asked + list(reversed(asked)):
        assert one.find(path) == reference(text, path), path
        assert Locator(text).find(path) == reference(text, path), path


def test_the_first_problems_of_a_wide_file_are_placed_without_reading_it_whole() -> None:
    text = "events:\n" + "  - {type: acepted, proposal: host, date: 2025-01-02}\n" * 20_000
    locator = Locator(text)
    small = "events:\n" + "  - {type: acepted, proposal: host, date: 2025-01-02}\n" * 5
    assert locator.find(("events", 3, "type")) == reference(small, ("events", 3, "type")) == (5, 12)
    assert locator.find(("events", 3, "party")) == reference(small, ("events", 3, "party")) == (5, 5)
    assert not locator._done and len(locator._marks) < 100


def test_text_that_does_not_parse_is_placed_as_far_as_it_was_read() -> None:
    assert Locator("a: [1, 2\nb: c\n").find(("a", 0)) == (1, 5)
    assert Locator("a: [1, 2\nb: c\n").find(("b",)) == (1, 1)
