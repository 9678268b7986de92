"""Safe YAML reading: plain data only, every refusal located at a line and column.

The fast path builds plain data straight from the events of PyYAML's C parser, resolving and
constructing scalars as the safe loader does, with no node graph in between. Whatever it cannot
reproduce exactly (anchors and aliases, merge keys, keys that are collections, a repeated key,
a second document, a scalar it cannot construct) sends the text down the node-graph path, which
gives the data or the refusal. Tags are refused as their events come, and the nesting check parses
again only a text that looks deeply nested, so an ordinary file costs one parse.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
import os
import re
from dataclasses import dataclass
from typing import Any

import yaml

from tracker.domain.errors import Path

MAX_BYTES = int(os.environ.get("TRACKER_MAX_FILE_BYTES", 64 * 1024 * 1024))
MAX_DEPTH = 40
MAX_EXPANDED_NODES = 2_000_000
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BOOL = "tag:yaml.org,2002:bool"
_BRACKETS = re.compile(r"[\[\]{}]")
_DEEP_INDENT = re.compile(r"^[ \t]{%d,}\S" % (2 * MAX_DEPTH), re.M)
# The same as (?:[-?:][ \t]+){20,}, but led by a plain class, which the regex engine scans for six times faster.
_DEEP_DASHES = re.compile(r"[-?:][ \t]+(?:[-?:][ \t]+){%d,}" % (MAX_DEPTH // 2 - 1))


@dataclass(frozen=True)
class YamlProblem:
    line: int | None
    column: int | None
    message: str


class YamlRefused(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _Loader(yaml.CSafeLoader):
    """Safe, with dates left as text (we parse them ourselves) and YAML 1.1's yes/no/on/off not booleans."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # valid YAML (`? [a, b]`), but no event field is one
                what = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
                raise YamlRefused(_at(key_node.start_mark, f"a {what} used as a key: the tracker accepts only "
                                                           "plain text keys (field names)"))
            if isinstance(key_node, yaml.ScalarNode):
                key = (key_node.tag, key_node.value)
                if key in seen:
                    first = seen[key].start_mark
                    raise YamlRefused(
                        _at(key_node.start_mark, f"duplicate key '{key_node.value}' (first at line {first.line + 1})")
                    )
                seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


# Numbers follow YAML 1.2's core schema, decimal only: YAML 1.1's octal (030 = 24), base 60 (12:30 = 750),
# binary (0b11), hexadecimal and underscores (1_000) are text, so a time stays a time and nothing is read as
# a number the analyst did not write. A decimal with a leading zero (030) is refused: YAML 1.1 tools read it
# as octal and YAML 1.2 tools as decimal, so either reading could be the wrong one.
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
LEADING_ZERO = "tag:tracker,2025:leading-zero"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_TIMESTAMP, _BOOL, _INT, _FLOAT)]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver(LEADING_ZERO, re.compile(r"^[-+]?0[0-9]+$"), list("-+0"))
_Loader.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    _FLOAT,
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"),
)


def _refuse_leading_zero(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> Any:
    digits = node.value.lstrip("+-")
    plain = node.value[: len(node.value) - len(digits)] + (digits.lstrip("0") or "0")
    raise YamlRefused(_at(node.start_mark, f"the number {node.value} has a leading zero, which YAML 1.1 reads as "
                                           f"octal and YAML 1.2 as decimal: write {plain}, or \"{node.value}\" "
                                           "in quotes for text"))


_Loader.add_constructor(LEADING_ZERO, _refuse_leading_zero)


def _at(mark: Any, message: str) -> YamlProblem:
    return YamlProblem(mark.line + 1, mark.column + 1, message) if mark else YamlProblem(None, None, message)


def decode(data: bytes) -> str:
    """UTF-8 (a byte order mark is fine); the first invalid byte is named with its line and column."""
    if len(data) > MAX_BYTES:
        raise YamlRefused(YamlProblem(None, None, f"file is {len(data):,} bytes, over the limit of {MAX_BYTES:,}"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise YamlRefused(YamlProblem(line, column, f"not valid UTF-8: byte 0x{data[exc.start]:02x}")) from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise YamlRefused(_at(_Mark(text, text.index("\x00")), "the file contains a NUL character: not a text file"))
    return text


@dataclass
class _Mark:
    text: str
    index: int

    @property
    def line(self) -> int:
        return self.text.count("\n", 0, self.index)

    @property
    def column(self) -> int:
        return self.index - (self.text.rfind("\n", 0, self.index) + 1)


def _check_depth(text: str) -> None:
    suspicious = bool(_DEEP_INDENT.search(text) or _DEEP_DASHES.search(text))
    if not suspicious and text.count("[") + text.count("{") > MAX_DEPTH:
        depth = 0
        for match in _BRACKETS.finditer(text):
            depth = depth + 1 if match.group() in "[{" else max(0, depth - 1)
            if depth > MAX_DEPTH:
                suspicious = True
                break
    if not suspicious:
        return
    # The pure-Python parser keeps its own stack, so it can stop at the limit without recursing.
    depth = 0
    try:
        for ev in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlRefused(_at(ev.start_mark, f"nested more than {MAX_DEPTH} levels deep"))
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        raise YamlRefused(_at(exc.problem_mark, f"not valid YAML: {exc.problem}")) from None


def _check_tags(text: str) -> None:
    for ev in yaml.parse(text, Loader=yaml.CSafeLoader):
        tag = getattr(ev, "tag", None)
        if tag is not None and isinstance(ev, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            raise YamlRefused(_at(ev.start_mark, f"YAML tag '{tag}' is not allowed: write plain values"))


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    if id(node) in memo:
        return memo[id(node)]
    memo[id(node)] = MAX_EXPANDED_NODES + 1  # a cycle counts as unbounded
    if isinstance(node, yaml.ScalarNode):
        size = 1
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(child, memo) for child in node.value)
    else:
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    memo[id(node)] = min(size, MAX_EXPANDED_NODES + 1)
    return memo[id(node)]


class _Fallback(Exception):
    """The event stream holds something only the node-graph path reproduces exactly."""


def _plain_resolvers() -> tuple[dict[str, tuple[tuple[str, re.Pattern[str]], ...] | None], Any]:
    """First character of a plain scalar -> the resolvers BaseResolver.resolve would try, in its order."""
    resolvers = _Loader.yaml_implicit_resolvers
    wildcard = tuple(resolvers.get(None, ()))
    table = {first: tuple(pairs) + wildcard for first, pairs in resolvers.items() if first is not None}
    return {first: pairs or None for first, pairs in table.items()}, wildcard or None


_PLAIN, _PLAIN_OTHER = _plain_resolvers()
_SCALAR_CONSTRUCTORS = {tag: _Loader.yaml_constructors[tag] for tag in
                        ("tag:yaml.org,2002:null", _BOOL, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")}
_ScalarEvent = yaml.ScalarEvent
_MappingStart, _MappingEnd = yaml.MappingStartEvent, yaml.MappingEndEvent
_SequenceStart, _SequenceEnd = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_DocumentEnd, _StreamEnd = yaml.DocumentEndEvent, yaml.StreamEndEvent
_NOTHING = object()


def _resolve_plain(loader: _Loader, value: str) -> Any:
    """A plain scalar's value: the tag BaseResolver.resolve gives it, then the safe constructor of that tag."""
    for tag, regexp in _PLAIN.get(value[:1], _PLAIN_OTHER) or ():
        if regexp.match(value):
            construct = _SCALAR_CONSTRUCTORS.get(tag)
            if construct is None:  # '<<' (a merge key), '=': what they mean depends on where they are
                raise _Fallback
            try:
                return construct(loader, yaml.ScalarNode(tag, value))
            except Exception:  # e.g. an int too long to convert: the node graph checks other things first
                raise _Fallback from None
    return value


def _build(loader: _Loader, tagged: bool, anchored: bool) -> Any:
    """The document's data, built from the parser's events with a stack of open collections.

    `tagged` and `anchored` say whether the text contains '!' and '&' at all: only then can an event carry
    a tag or an anchor, so only then is it worth looking.
    """
    get = loader.get_event
    get()  # StreamStartEvent
    if type(get()) is _StreamEnd:  # no DocumentStartEvent: nothing but comments and blank lines
        return None
    # Plain scalars repeat a lot (keys, ids, dates, party names): each distinct text is resolved once, and the
    # repeats share one object, which also keeps the memory of a large file down.
    plain: dict[str, Any] = {}
    document: list[Any] = []
    stack: list[Any] = []
    push, pop = stack.append, stack.pop
    current: Any = document
    in_mapping = False
    key: Any = _NOTHING
    while True:
        event = get()
        kind = type(event)
        if kind is _ScalarEvent:
            if tagged and event.tag is not None:
                _refuse_tag(event)
            if anchored and event.anchor is not None:
                raise _Fallback
            value = event.value
            if event.implicit[0]:
                resolved = plain.get(value, _NOTHING)
                if resolved is _NOTHING:
                    resolved = plain[value] = _resolve_plain(loader, value)
                value = resolved
            if in_mapping:
                if key is _NOTHING:
                    # Keys are compared as values, not as (tag, text) as the node graph compares them: the dict
                    # checks that for free, where keeping every key's text and line would cost on every key. A
                    # repeated text always collides (the same text gives the same object, NaN included), and the
                    # few values that collide with another text (1 and 0x1, null and ~, 1 and true: not refused,
                    # the last wins) go to the node graph as well, so data and refusals stay exactly as they were.
                    if value in current:
                        raise _Fallback
                    key = value
                    continue
                current[key] = value
                key = _NOTHING
            else:
                current.append(value)
        elif kind is _MappingStart or kind is _SequenceStart:
            if tagged and event.tag is not None:
                _refuse_tag(event)
            if anchored and event.anchor is not None:
                raise _Fallback
            child: Any = {} if kind is _MappingStart else []
            if in_mapping:
                if key is _NOTHING:  # a collection as a key
                    raise _Fallback
                current[key] = child
                key = _NOTHING
            else:
                current.append(child)
            push(current)
            current = child
            in_mapping = kind is _MappingStart
        elif kind is _MappingEnd or kind is _SequenceEnd:
            current = pop()
            in_mapping = type(current) is dict
        elif kind is _DocumentEnd:
            break
        else:  # an alias
            raise _Fallback
    if type(get()) is not _StreamEnd:  # a second document: refused as the node-graph path refuses it
        raise _Fallback
    return document[0]


def _refuse_tag(event: Any) -> None:
    raise YamlRefused(_at(event.start_mark, f"YAML tag '{event.tag}' is not allowed: write plain values"))


def _load_events(text: str) -> Any:
    loader = _Loader(text)
    try:
        return _build(loader, "!" in text, "&" in text)
    finally:
        loader.dispose()


def load(text: str) -> Any:
    """Plain data from YAML text, or YamlRefused naming where and why."""
    if not text or text.isspace():  # as `not text.strip()`, without copying a large text
        raise YamlRefused(YamlProblem(None, None, "the file is empty"))
    # The collector would rescan the growing data again and again while none of it can be garbage yet (on the
    # node-graph path, most of the time of a large file). It is back on, if it was on, once the data is built.
    with collector_paused():
        return _load(text)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic collector off for a while (reading or appending a large file builds millions of
    objects, none of them garbage until the end), and back on after, if it was on."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _load(text: str) -> Any:
    try:
        _check_depth(text)
        try:
            data = _load_events(text)
        except _Fallback:
            data = _load_nodes(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlRefused(_at(mark, _words(exc, text))) from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids (ESC, BEL, ...): its first occurrence is the one
        char = chr(exc.character) if isinstance(exc.character, int) else ""
        spot = _Mark(text, text.index(char)) if char and char in text else None
        raise YamlRefused(_at(spot, f"not valid YAML: character {char!r} is not allowed: {exc.reason}")) from None
    except yaml.YAMLError as exc:
        raise YamlRefused(YamlProblem(None, None, f"not valid YAML: {exc}")) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits, which Python refuses to convert
        raise YamlRefused(YamlProblem(None, None, f"not valid YAML: {exc}")) from None
    except RecursionError:
        raise YamlRefused(YamlProblem(None, None, f"nested too deeply (more than {MAX_DEPTH} levels)")) from None
    if data is None:
        raise YamlRefused(YamlProblem(None, None, "the file holds no YAML document"))
    if type(data) is dict:
        document = Document(data)
        document.may_hold_placeholders = "<" in text
        return document
    return data


class Document(dict):  # type: ignore[type-arg]
    """A file's root mapping, knowing whether its text holds a '<' at all: a template's `<placeholder>` needs
    one, so a file without any is not searched for them value by value (one scan of the text instead)."""

    __slots__ = ("may_hold_placeholders",)


def _words(exc: yaml.MarkedYAMLError, text: str) -> str:
    """PyYAML's message, or the tracker's words where PyYAML's alone would puzzle an analyst."""
    if exc.problem == "second occurrence" and exc.problem_mark is not None:
        # YAML 1.2 lets a later anchor of the same name win, YAML 1.1 does not: either way an alias below it
        # would read differently in different tools, so the tracker refuses the second definition.
        name = _anchor_at(text, exc.problem_mark)
        first = f" (first defined at line {exc.context_mark.line + 1})" if exc.context_mark else ""
        return f"anchor {name + ' ' if name else ''}defined a second time{first}: give one of them another name"
    return f"not valid YAML: {exc.problem or exc.context}"


def _anchor_at(text: str, mark: Any) -> str | None:
    """The `&name` written at a mark (the C parser's message leaves the name out)."""
    lines = text.split("\n", mark.line + 1)
    if len(lines) <= mark.line:
        return None
    match = re.compile(r"&[^\s,\[\]{}]+").search(lines[mark.line], mark.column)
    return match.group() if match else None


def _load_nodes(text: str) -> Any:
    """The node-graph path: PyYAML's own composer and safe constructor, with the tag and alias checks."""
    if "!" in text:
        _check_tags(text)
    loader = _Loader(text)
    try:
        if "&" in text or "*" in text:
            node = loader.get_single_node()
            if node is not None and _expanded_size(node, {}) > MAX_EXPANDED_NODES:
                raise YamlRefused(
                    _at(node.start_mark, f"aliases expand to more than {MAX_EXPANDED_NODES:,} nodes (an alias bomb?)")
                )
            return loader.construct_document(node) if node is not None else None
        return loader.get_single_data()
    finally:
        loader.dispose()


class Locator:
    """Finds the line and column of a path such as ('events', 3, 'party'), reading the text again only if asked.

    It walks the parser's events only as far as the paths asked for: a refusal names the first problems
    of a file, so a wide file with 20,000 bad events is not read whole a second time to place the first 50.
    A path that is not there is placed at its deepest part that is.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._marks: dict[tuple[str, ...], tuple[int, int]] = {}
        self._closed: set[tuple[str, ...]] = set()  # containers walked to their end
        self._walk: Iterator[None] | None = None
        self._done = False

    def find(self, path: Path) -> tuple[int, int] | None:
        key = tuple(str(step) for step in path)
        if self._walk is None:
            self._walk = self._walker()
        while not self._done and key not in self._marks and not any(key[:n] in self._closed for n in range(len(key))):
            next(self._walk, None)
        for n in range(len(key), -1, -1):
            if key[:n] in self._marks:
                return self._marks[key[:n]]
        return None

    def _walker(self) -> Iterator[None]:
        """One parser event a step; each node's start recorded under its path (None: inside a complex key)."""
        stack: list[list[Any]] = []  # [path, is_mapping, pending key or item count, expecting a key]
        anchors: dict[str, tuple[str, ...]] = {}
        try:
            for event in yaml.parse(self._text, Loader=_Loader):
                if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
                    path: tuple[str, ...] | None = ()
                    if stack:
                        frame = stack[-1]
                        if frame[1] and frame[3]:  # a mapping's key: remembered, not a node we locate
                            frame[2] = event.value if isinstance(event, yaml.ScalarEvent) else None
                            frame[3] = False
                            if isinstance(event, yaml.CollectionStartEvent):
                                stack.append([None, isinstance(event, yaml.MappingStartEvent), 0, True])
                            yield None
                            continue
                        if frame[0] is None:
                            path = None
                        elif frame[1]:
                            path = None if frame[2] is None else (*frame[0], frame[2])
                            frame[3] = True
                        else:
                            path = (*frame[0], str(frame[2]))
                            frame[2] += 1
                    if path is not None and isinstance(event, yaml.AliasEvent):
                        self._alias(anchors.get(event.anchor), path)
                    elif path is not None:
                        self._marks.setdefault(path, (event.start_mark.line + 1, event.start_mark.column + 1))
                        if event.anchor is not None:
                            anchors[event.anchor] = path
                    if isinstance(event, yaml.CollectionStartEvent):
                        stack.append([path, isinstance(event, yaml.MappingStartEvent), 0 if not isinstance(
                            event, yaml.MappingStartEvent) else None, True])
                elif isinstance(event, yaml.CollectionEndEvent):
                    closed = stack.pop()
                    if closed[0] is not None:
                        self._closed.add(closed[0])
                elif isinstance(event, yaml.DocumentEndEvent):
                    break
                yield None
        except yaml.YAMLError:
            pass
        self._done = True

    def _alias(self, anchored: tuple[str, ...] | None, path: tuple[str, ...]) -> None:
        """An alias is placed where its anchored node is, and so is everything under it (as in the node graph)."""
        if anchored is None:
            return
        depth = len(anchored)
        for known, mark in list(self._marks.items()):
            if known[:depth] == anchored:
                self._marks.setdefault((*path, *known[depth:]), mark)
        for known in list(self._closed):
            if known[:depth] == anchored:
                self._closed.add((*path, *known[depth:]))

