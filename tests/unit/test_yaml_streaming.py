"""The event-stream loader against the node-graph loader: the same data, the same refusals, the same places.

`load` builds data straight from the parser's events and only goes down the node-graph path for what it
cannot reproduce exactly. Every case here runs both ways: through `load` with the node-graph path forbidden
(it must not fall back), or through `load` as it is, and through `load` with the event path switched off
(what `load` did before), and compares types, key order and values, or the refusal's line, column and message.
"""

from __future__ import annotations

import gc
import math
import os
import re
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.ingest import yaml_loader
from tracker.ingest.yaml_loader import YamlRefused, decode, load

REPO = Path(__file__).resolve().parents[2]
FELL_BACK = "fell back to the node graph"


def _shape(value: Any) -> Any:
    """The value with every type spelled out: 1, 1.0 and True differ, key order counts, NaN equals NaN."""
    if isinstance(value, dict):
        return ("dict", tuple((_shape(k), _shape(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("list", tuple(_shape(v) for v in value))
    if isinstance(value, float):
        return ("float", "nan" if math.isnan(value) else repr(value))
    return (type(value).__name__, value)


def _outcome(text: str) -> Any:
    try:
        return ("data", _shape(load(text)))
    except YamlRefused as exc:
        return ("refused", exc.problem.line, exc.problem.column, exc.problem.message)


def by_nodes(text: str) -> Any:
    """What `load` gives with the event path switched off: PyYAML's composer and constructor, as before."""
    with mock.patch.object(yaml_loader, "_load_events", side_effect=yaml_loader._Fallback):
        return _outcome(text)


def by_events(text: str) -> Any:
    """What `load` gives on the event path alone: a fall back to the node graph fails the test."""
    with mock.patch.object(yaml_loader, "_load_nodes", side_effect=AssertionError(FELL_BACK)):
        return _outcome(text)


def falls_back(text: str) -> bool:
    try:
        yaml_loader._load_events(text)
    except yaml_loader._Fallback:
        return True
    return False


def same_both_ways(text: str) -> Any:
    """The event path alone gives what the node graph gives; the outcome, for further checks."""
    expected = by_nodes(text)
    assert by_events(text) == expected
    return expected


def same_with_fallback(text: str) -> Any:
    """The event path hands the text to the node graph, and `load` gives what the node graph gives."""
    assert falls_back(text)
    expected = by_nodes(text)
    assert _outcome(text) == expected
    return expected


def data(outcome: Any) -> Any:
    assert outcome[0] == "data", outcome
    return outcome[1]


# -- scalars -------------------------------------------------------------------------------------------------

TRICKY = ["0x1F", "0x1f", "1_000", "1:30", "190:20:30", "-1:30", "1:30.5", ".inf", "-.inf", "+.INF", ".Inf", ".NaN",
          "-.NaN", ".nan", ".NAN", "nan", "inf", "~", "null", "Null", "NULL", "nULL", "", "yes", "no", "on", "off",
          "y", "n", "Y", "N", "True", "true", "TRUE", "tRUE", "False", "false", "FALSE", "2025-03-11",
          "2025-03-11T10:00:00Z", "2025-03-11 10:00:00", "1e3", "1.5e3", "1.0e+3", "6.8523015e+5", "+1", "-1", "0",
          "-0", "+0", "0o17", "012", "08", "0b101", "-0b1", "0x", "0xZ", "1__0", "+12_345", "1_0.5", ".5", "0.", ".",
          "-", "+", "a b", "x: y", "3.14", "-3.", "1.2.3", "12:60", "0x_1F", "__", "100%", "é", "日本", "0123456789" * 3]
# YAML 1.2's core schema, decimal only: hexadecimal, octal, binary, base 60 and underscores are text.
PINNED = {"0x1F": "0x1F", "1_000": "1_000", "1:30": "1:30", "190:20:30": "190:20:30", "12:30": "12:30",
          "20:03:20": "20:03:20", ".inf": math.inf, "-.inf": -math.inf, "~": None, "null": None, "": None,
          "yes": "yes", "no": "no", "on": "on", "True": True, "FALSE": False, "tRUE": "tRUE",
          "2025-03-11": "2025-03-11", "1e3": 1000.0, "1.0e+3": 1000.0, "+1": 1, "-0": 0, "0o17": "0o17",
          "0b101": "0b101", "0b11": "0b11", "-.NaN": "-.NaN", "3.14": 3.14, "1_0.5": "1_0.5", "0.": 0.0, ".5": 0.5,
          "1:30.5": "1:30.5", "30": 30}


def _value_texts(scalar: str) -> list[str]:
    single, double = scalar.replace("'", "''"), scalar.replace("\\", "\\\\").replace('"', '\\"')
    texts = [f"v: '{single}'\n", f'v: "{double}"\n', f"- '{single}'\n", f"['{single}', \"{double}\"]\n",
             f"'{single}': v\n", f'{{"{double}": v}}\n']
    if ": " not in scalar and scalar != "-":  # plain too
        texts += [f"v: {scalar}\n", f"- {scalar}\n", f"{{k: {scalar}}}\n", f"[{scalar}]\n", f"- [x, {scalar}, y]\n",
                  f"? {scalar}\n: v\n"]
        if scalar:
            texts += [f"{scalar}: v\n", f"{{{scalar}: v}}\n"]
    return [t for t in texts if t]


@pytest.mark.parametrize("scalar", TRICKY)
def test_a_tricky_scalar_is_read_as_the_node_graph_reads_it_plain_or_quoted_value_or_key(scalar: str) -> None:
    for text in _value_texts(scalar):
        if LEADING_ZERO.match(scalar) and falls_back(text):  # plain: refused, placed by the node graph
            assert same_with_fallback(text)[0] == "refused"
        else:
            same_both_ways(text)


LEADING_ZERO = re.compile(r"^[-+]?0[0-9]+$")


@pytest.mark.parametrize("scalar", ["030", "012", "08", "-012", "+00", "0123456789" * 3])
def test_a_number_with_a_leading_zero_is_refused_where_it_is_written_and_quoted_it_is_text(scalar: str) -> None:
    outcome = _outcome(f"events:\n  - duration_days: {scalar}\n")
    assert outcome[:3] == ("refused", 2, 20)
    assert f"the number {scalar} has a leading zero" in outcome[3] and "YAML 1.1 reads as octal" in outcome[3]
    assert load(f"v: '{scalar}'\n") == {"v": scalar}


@pytest.mark.parametrize(("scalar", "expected"), PINNED.items())
def test_plain_scalars_resolve_as_this_loader_wants(scalar: str, expected: Any) -> None:
    assert data(by_events(f"v: {scalar}\n")) == _shape({"v": expected})
    assert data(by_events(f"v: '{scalar}'\n")) == _shape({"v": scalar})  # quoted: always text


def test_nan_is_read_as_nan() -> None:
    assert math.isnan(load("v: .nan\n")["v"]) and math.isnan(load("[.NaN]")[0])


def test_an_integer_too_long_to_convert_is_refused_as_before() -> None:
    outcome = same_with_fallback("a: " + "1" * 5000 + "\n")
    assert outcome[0] == "refused" and "not valid YAML" in outcome[3]


def test_a_syntax_error_after_an_integer_too_long_is_the_one_reported_as_before() -> None:
    outcome = same_with_fallback("a: " + "1" * 5000 + "\nb: [1, 2\n")
    assert outcome[0] == "refused" and outcome[1] is not None and "digits" not in outcome[3]


@pytest.mark.parametrize("text", [
    "v: first line\n  second line\n\n  after a blank\n",
    "v: 'single\n  quoted ''folded''\n\n  lines'\n",
    'v: "double \\"quoted\\"\\n\\ttab\\u00e9 \\\n  joined"\n',
    "v: |\n  literal\n   indented\n\n  kept\n",
    "v: |-\n  strip\n\n",
    "v: |+\n  keep\n\n\n",
    "v: >\n  folded\n  lines\n\n  para\n",
    "v: >-\n  folded strip\n",
    "v: >+\n  folded keep\n\n",
    "v: |2\n    two more spaces\n",
    "- |\n  in a list\n- >\n  folded in a list\n",
    "--- |\n  a root block scalar\n",
    "k: |\n  text\nnext: 1\n",
    "? |\n  block key\n: v\n",
    "v: # a comment\n  on the next line\n",
    "v: a # comment\nw: 'b' # comment\n",
    "v: a#b\nw: a #b\n",
    "v: http://example.org/a?b=c#d\n",
    "v: [a, 'b', \"c\", {d: e}, [f], {}, []]\n",
    "{a: [1, {b: c}], d: [], e: {}}\n",
    "[a, b, {c: d}, [e], [[[]]]]\n",
    "{a, b: , c: d}\n",
    "[a: b, c]\n",
    "{? a : b}\n",
    "[a, b, ]\n",
    "{a: 1,\n b: 2,\n\n c: 3}\n",
    "a:\n- 1\n- 2\nb:\n  - c: d\n    e: f\n  -\n  - - x\n    - y\n",
    "a:\nb: ~\nc:\n",
    "- \n- ''\n- \"\"\n",
    "hello\n",
    "42\n",
    "'quoted root'\n",
    "- a\n- b\n",
    "%YAML 1.1\n---\na: 1\n",
    "%YAML 1.1\n--- a\n...\n",
    "---\na: 1\n...\n",
    "a: 1\n...\n# trailing comment\n",
    "# lead\n\n---\n# inside\na: 1 # end\n",
    "\ufeffa: 1\n",
    "é: ü\n日本: 語\nemoji: 🙂\n",
    "a: 'R&D'\nb: \"x*y\"\nc: 'Stop! now'\nd: '<<'\ne: '='\n",
    "a: x&y\nb: x*y\nc: x!y\n",
    "'<<': a\n",
    "events:\n  - id: a\n    type: accepted\n    terms: [t1, t2]\n    sources: [{outlet: X, published: 2025-03}]\n",
])
def test_texts_of_every_shape_give_the_same_data(text: str) -> None:
    assert same_both_ways(text)[0] == "data"


def test_a_literal_block_keeps_its_text() -> None:
    assert by_events("v: |\n  a\n   b\n")[1] == _shape({"v": "a\n b\n"})


# -- documents -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["# only a comment\n", "# one\n# two\n\n", "---\n", "--- \n...\n", "~\n", "null\n",
                                  "---\n# nothing\n...\n", "%YAML 1.1\n---\n", "''\n"])
def test_an_empty_document_or_only_comments_is_refused_as_before(text: str) -> None:
    outcome = same_both_ways(text)
    if text != "''\n":
        assert outcome == ("refused", None, None, "the file holds no YAML document")


@pytest.mark.parametrize("text", ["", " \n\t\n"])
def test_an_empty_file_is_refused_as_before(text: str) -> None:
    assert same_both_ways(text) == ("refused", None, None, "the file is empty")


@pytest.mark.parametrize(("text", "line"), [("a: 1\n---\nb: 2\n", 2), ("--- a\n--- b\n", 2), ("a: 1\n...\n---\nb\n", 3),
                                             ("# c\n---\n- 1\n---\n---\n", 4)])
def test_a_second_document_is_refused_where_it_starts(text: str, line: int) -> None:
    assert same_with_fallback(text) == ("refused", line, 1, "not valid YAML: but found another document")


def test_a_second_document_with_a_tag_is_refused_for_the_tag_as_before() -> None:
    outcome = same_with_fallback("a: 1\n---\nb: !x 2\n")
    assert outcome[:3] == ("refused", 3, 4) and "is not allowed" in outcome[3]


# -- duplicate keys ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "where", "message"), [
    ("events:\n  - type: accepted\n    type: rejected\n", (3, 5), "duplicate key 'type' (first at line 2)"),
    ("a: 1\nb: 2\na: 3\n", (3, 1), "duplicate key 'a' (first at line 1)"),
    ("a:\n  b: 1\n  c: 2\na: 3\n", (4, 1), "duplicate key 'a' (first at line 1)"),
    ("{a: 1, 'a': 2}\n", (1, 8), "duplicate key 'a' (first at line 1)"),
    ("- x\n- [{k: 1,\n    k: 2}]\n", (3, 5), "duplicate key 'k' (first at line 2)"),
    ("1: a\n2: b\n1: c\n", (3, 1), "duplicate key '1' (first at line 1)"),
    (".nan: a\n.nan: b\n", (2, 1), "duplicate key '.nan' (first at line 1)"),
    ("null: a\nnull: b\n", (2, 1), "duplicate key 'null' (first at line 1)"),
    ("? |\n  k\n: 1\n? |\n  k\n: 2\n", (4, 3), "duplicate key 'k\n' (first at line 1)"),
])
def test_a_duplicate_key_is_refused_where_it_repeats(text: str, where: tuple[int, int], message: str) -> None:
    assert same_with_fallback(text) == ("refused", *where, message)


@pytest.mark.parametrize(("text", "expected"), [
    ("1: a\n1.0: b\n", {1: "b"}),
    ("1: a\ntrue: b\n", {1: "b"}),
    ("null: a\n~: b\n", {None: "b"}),
    ("0: a\n-0: b\n0.0: c\n", {0: "c"}),
    (".inf: a\n.Inf: b\n", {math.inf: "b"}),
])
def test_keys_equal_in_value_but_written_differently_are_not_refused_as_before(text: str, expected: Any) -> None:
    assert same_with_fallback(text) == ("data", _shape(expected))


def test_keys_written_differently_that_stay_different_need_no_fallback() -> None:
    outcome = same_both_ways("'1': a\n1: b\n'true': c\nfalse: d\n")
    assert data(outcome) == _shape({"1": "a", 1: "b", "true": "c", False: "d"})


def test_nan_keys_written_differently_are_not_refused_as_before() -> None:
    assert same_with_fallback(".nan: a\n.NaN: b\n")[0] == "data"


def test_a_duplicate_key_and_a_later_syntax_error_report_the_syntax_error_as_before() -> None:
    outcome = same_with_fallback("a: 1\na: 2\nb: [1\n")
    assert outcome[0] == "refused" and "duplicate" not in outcome[3]


def test_a_duplicate_key_and_a_tag_report_the_tag_as_before() -> None:
    outcome = same_with_fallback("a: 1\na: 2\nb: !x 3\n")
    assert outcome[:3] == ("refused", 3, 4) and "is not allowed" in outcome[3]


# -- what the event path hands to the node graph -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "a: &x [1, 2]\nb: *x\n",
    "a: &x 1\n",
    "- &x {k: v}\n- *x\n",
    "a: *nope\n",
    "a: &x 1\nb: &x 2\nc: *x\n",
    "base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n",
    "a:\n  <<: {x: 1}\n  y: 2\n",
    "a:\n  <<: [{x: 1}, {x: 2, z: 3}]\n  y: 2\n",
    "a: <<\n",
    "=: a\n",
    "a: =\n",
    "? [a, b]\n: 1\n",
    "{[a]: 1}\n",
    "? {a: 1}\n: x\n",
    "- ? - x\n  : y\n",
])
def test_anchors_merges_and_collection_keys_go_to_the_node_graph_with_the_same_outcome(text: str) -> None:
    same_with_fallback(text)


def test_an_alias_bomb_is_still_refused() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i, name in enumerate("bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{'abcdefghi'[i]}"] * 10) + "]")
    outcome = same_with_fallback("\n".join(lines) + "\n")
    assert outcome[0] == "refused" and "alias bomb" in outcome[3]


@pytest.mark.parametrize(("text", "where"), [("events: !!python/object/apply:os.system [ls]\n", (1, 9)),
                                             ("a: 'ok!'\nb:\n  - !custom 1\n", (3, 5)), ("x: !<tag:x> {}\n", (1, 4)),
                                             ("a: [1, ! 2]\n", (1, 8)), ("%TAG ! tag:x,1:\n---\na: !t 1\n", (3, 4))])
def test_a_tag_is_refused_where_it_is_as_before(text: str, where: tuple[int, int]) -> None:
    outcome = same_both_ways(text)
    assert outcome[:3] == ("refused", *where) and "is not allowed" in outcome[3]


@pytest.mark.parametrize("text", ["a: [1, 2\n", "a: 'open\n", "a:\n\t- x\n", "a: b: c\n", "- a\nb: c\n", "a: \x07\n",
                                  "a: 1\n\x1b[31m\n", "{a: 1}}\n", "x: " + "[" * 60 + "]" * 60 + "\n",
                                  "- " * 45 + "x\n", "v: - x\n", "a: 1\n...\nb: 2\n"])
def test_broken_yaml_is_refused_at_the_same_place_with_the_same_words(text: str) -> None:
    assert same_both_ways(text)[0] == "refused"


@pytest.mark.parametrize("text", ["a: 1\n---\n: : [\n", "a: &x 1\nb: [\n", "a: 1\na: 2\n---\n[\n", "a: <<\nb: [\n"])
def test_broken_yaml_after_what_the_event_path_hands_over_is_refused_as_before(text: str) -> None:
    assert same_with_fallback(text)[0] == "refused"


# -- the collector -------------------------------------------------------------------------------------------

def test_the_collector_is_off_while_the_data_is_built_and_back_on_after() -> None:
    seen: list[bool] = []
    real = yaml_loader._build

    def spy(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args)

    assert gc.isenabled()
    with mock.patch.object(yaml_loader, "_build", spy):
        assert load("a: 1\n") == {"a": 1}
        with pytest.raises(YamlRefused):
            load("a: [1\n")
    assert seen == [False, False] and gc.isenabled()


def test_the_collector_stays_off_if_it_was_off() -> None:
    gc.disable()
    try:
        load("a: 1\n")
        with pytest.raises(YamlRefused):
            load("a: 1\na: 2\n")
        assert not gc.isenabled()
    finally:
        gc.enable()


# -- real files ----------------------------------------------------------------------------------------------

EVENT_FILES = sorted({*REPO.glob("events/**/*.y*ml"), *REPO.glob("tests/fixtures/**/*.y*ml"),
                      *REPO.glob("tests/ui/data/*.y*ml")})
CORPUS = sorted(REPO.glob("tests/reliability/fuzz_corpus/*.yaml"))


@pytest.mark.parametrize("path", EVENT_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_the_repository_event_files_take_the_event_path_and_give_the_same_data(path: Path) -> None:
    assert same_both_ways(decode(path.read_bytes()))[0] == "data"


def test_there_are_event_files_to_check() -> None:
    assert len(EVENT_FILES) >= 15


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_the_fuzz_corpus_gives_the_same_outcome(path: Path) -> None:
    try:
        text = decode(path.read_bytes())
    except YamlRefused:
        return
    assert _outcome(text) == by_nodes(text)


def test_a_generated_benchmark_file_takes_the_event_path_and_gives_the_same_data() -> None:
    from benchmarks.generate import generate, tail

    for text in [tail(1_500, 3, 1_500), generate(1_000, 3)[0]]:
        assert len(data(same_both_ways(text))) > 0


# -- generated documents -------------------------------------------------------------------------------------

_scalars = st.one_of(
    st.text(max_size=12), st.text(alphabet="0123456789_:.-+xobeEaf ~yYnNtTrRuUlLsS\n'\"#&*!", max_size=10),
    st.integers(), st.integers(min_value=-(10**30), max_value=10**30), st.floats(), st.booleans(), st.none(),
    st.sampled_from(TRICKY),
)
_keys = st.one_of(st.text(max_size=8), st.sampled_from(TRICKY), st.integers(-3, 3), st.booleans(), st.none(),
                  st.floats(allow_nan=True, width=16))
_documents = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(_keys, inner, max_size=5)),
    max_leaves=25,
)
_styles = st.fixed_dictionaries({
    "default_flow_style": st.sampled_from([False, True, None]),
    "width": st.sampled_from([4, 12, 40, 80]),
    "indent": st.integers(2, 6),
    "allow_unicode": st.booleans(),
    "explicit_start": st.booleans(),
    "explicit_end": st.booleans(),
    "canonical": st.sampled_from([False] * 9 + [True]),  # tags everywhere: refused both ways
})
_texts = st.one_of(st.text(max_size=12), st.sampled_from(TRICKY))
_text_documents = st.recursive(
    _texts, lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(_texts, inner, max_size=5)),
    max_leaves=25,
)


def _dumped_the_same(text: str) -> None:
    expected = by_nodes(text)
    try:
        got = by_events(text)
    except AssertionError as exc:
        assert str(exc) == FELL_BACK
        # Only repeated NaN keys (one NaN object per text '.nan'), anchors for shared objects and numbers with a
        # leading zero (text in YAML 1.1 when they hold an 8 or 9, so PyYAML writes them plain; refused here, and
        # placed by the node graph) need the node graph.
        assert ".nan" in text.lower() or "&" in text or re.search(r"(?<![\w.])[-+]?0[0-9]", text), text
        got = _outcome(text)
    assert got == expected, text


# Every push runs a third of the examples; TRACKER_LONG_TESTS=1 runs them all (the CI budget is minutes).
_SHARE = 1 if os.environ.get("TRACKER_LONG_TESTS") == "1" else 3


@settings(max_examples=400 // _SHARE, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_documents, _styles)
def test_dumped_documents_in_every_style_give_the_same_outcome(document: Any, style: dict[str, Any]) -> None:
    _dumped_the_same(yaml.safe_dump(document, sort_keys=False, **style))


@settings(max_examples=300 // _SHARE, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_text_documents, _styles, st.sampled_from(["'", '"', "|", ">"]))
def test_text_documents_dumped_quoted_or_as_blocks_give_the_same_outcome(document: Any, style: dict[str, Any],
                                                                         quoting: str) -> None:
    # Only text: any other scalar would be written with a tag to keep its type under quotes.
    _dumped_the_same(yaml.safe_dump(document, sort_keys=False, default_style=quoting, **{**style, "canonical": False}))


_TOKENS = ["&a ", "*a", "&b ", "*b", "!!str ", "!x ", "!", "[", "]", "{", "}", "- ", ": ", ":", ", ", "? ", "|", ">-",
           "|+", "'", '"', "#", "---\n", "...\n", "<<: ", "<<", "=", "\t", "\n", "  ", "    ", "\x07", "\\",
           "2025-02-30", "null", "~", "true", "yes", "True", ".inf", ".nan", ".NaN", "0x1F", "012", "1:30", "1_0", "a",
           "b", "a: ", "b: ", "k: 1\n", "k: 2\n", "é", "%YAML 1.1\n", "1" * 5000]


@settings(max_examples=800 // _SHARE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=25))
def test_token_soup_gives_the_same_data_or_the_same_refusal(tokens: list[str]) -> None:
    text = "".join(tokens)
    assert _outcome(text) == by_nodes(text), text
