"""A read-only mapping built from a compact form the first time it is read."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class LazyMapping(Mapping[K, V], Generic[K, V]):
    """Decoding a stored state builds every term, but a status of all proposals never reads a term:
    the terms are built when something first asks for them, and compare equal to the same dict."""

    __slots__ = ("_source", "_build", "_items")

    def __init__(self, source: Any, build: Callable[[Any], dict[K, V]]) -> None:
        self._source = source
        self._build = build
        self._items: dict[K, V] | None = None

    def _get(self) -> dict[K, V]:
        items = self._items
        if items is None:  # two threads may both build it: the same content, and the source is kept for both
            items = self._items = self._build(self._source)
        return items

    def __getitem__(self, key: K) -> V:
        return self._get()[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._get())

    def __len__(self) -> int:  # the stored form has one entry per item: no need to build them to count
        return len(self._source) if self._items is None else len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._get()

    def __repr__(self) -> str:
        return repr(self._get())
