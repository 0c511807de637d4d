"""Query evaluation checked against the per-character reference on random codings."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import span_sets
from annotator.core.query import CodeTerm, Node, Operation, parse_query
from annotator.core.query_eval import CodedSpan, TermScope, evaluate, evaluate_documents
from annotator.core.spans import Span
from tests.core.query_reference import reference_spans, runs

LENGTH = 30
CODES = ("A", "B", "C")


@st.composite
def span_lists(draw: st.DrawFn) -> list[Span]:
    spans = []
    for _ in range(draw(st.integers(0, 5))):
        start = draw(st.integers(0, LENGTH - 1))
        spans.append((start, draw(st.integers(start + 1, LENGTH))))
    return spans


terms = st.builds(CodeTerm, st.sampled_from(CODES), st.sampled_from([None, "x", "y"]))


def _extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.builds(
        Operation,
        st.sampled_from(["AND", "OR", "NOT", "NEAR", "FOLLOWED BY"]),
        children,
        children,
        st.sampled_from([None, 0, 1, 3, 10]),
    ).map(_fix_distance)


def _fix_distance(node: Operation) -> Operation:
    if node.operator == "NEAR" and node.distance is None:
        return Operation("NEAR", node.left, node.right, 2)
    if node.operator in ("AND", "OR", "NOT"):
        return Operation(node.operator, node.left, node.right)
    return node


queries = st.recursive(terms, _extend, max_leaves=6)
codings = st.dictionaries(
    st.tuples(st.sampled_from(CODES), st.sampled_from(["x", "y"])), span_lists()
)


def _segments_of(data: dict[tuple[str, str], list[Span]]):  # type: ignore[no-untyped-def]
    def segments_of(term: CodeTerm) -> list[Span]:
        return [
            span
            for (code, coder), spans in data.items()
            if code == term.path and term.coder in (None, coder)
            for span in spans
        ]

    return segments_of


@settings(max_examples=400, deadline=None)
@given(queries, codings)
def test_evaluation_matches_the_per_character_reference(
    node: Node, data: dict[tuple[str, str], list[Span]]
) -> None:
    segments_of = _segments_of(data)
    assert evaluate(node, segments_of) == reference_spans(node, segments_of, LENGTH)


@settings(max_examples=300, deadline=None)
@given(span_lists(), span_lists())
def test_set_operations_match_character_sets(left: list[Span], right: list[Span]) -> None:
    a, b = span_sets.normalize(left), span_sets.normalize(right)
    chars_a = {i for s, e in left for i in range(s, e)}
    chars_b = {i for s, e in right for i in range(s, e)}

    def as_runs(chars: set[int]) -> list[Span]:
        return runs([i in chars for i in range(LENGTH)])

    assert a == as_runs(chars_a)
    assert span_sets.intersection(a, b) == as_runs(chars_a & chars_b)
    assert span_sets.union(a, b) == as_runs(chars_a | chars_b)
    assert span_sets.difference(a, b) == as_runs(chars_a - chars_b)


def test_documents_are_evaluated_separately_and_coders_restrict() -> None:
    spans = [
        CodedSpan(1, 10, 1, 0, 10),
        CodedSpan(1, 20, 2, 5, 15),
        CodedSpan(2, 10, 1, 0, 4),
        CodedSpan(3, 20, 2, 0, 4),  # only B here: AND gives nothing
        CodedSpan(2, 11, 2, 2, 8),  # child of A, by coder 2
    ]
    node = parse_query("A AND B@bob")
    a, b = code_terms_of(node)
    scopes = {a: TermScope(frozenset({10, 11})), b: TermScope(frozenset({20, 11}), frozenset({2}))}
    assert evaluate_documents(node, scopes, spans) == {1: [(5, 10)], 2: [(2, 8)]}


def code_terms_of(node: Node) -> Sequence[CodeTerm]:
    assert isinstance(node, Operation)
    assert isinstance(node.left, CodeTerm)
    assert isinstance(node.right, CodeTerm)
    return node.left, node.right


def test_near_and_followed_by_by_hand() -> None:
    a = [(0, 5), (20, 25)]
    b = [(8, 10)]
    assert span_sets.near(a, b, 2) == []
    assert span_sets.near(a, b, 3) == [(0, 5)]
    assert span_sets.near(a, b, 10) == [(0, 5), (20, 25)]
    assert span_sets.followed_by(a, b) == [(0, 5)]
    assert span_sets.followed_by(a, b, 2) == []
    assert span_sets.followed_by(a, b, 3) == [(0, 5)]
    assert span_sets.followed_by(b, a) == [(8, 10)]


@settings(max_examples=500, deadline=None)
@given(span_lists(), span_lists(), st.integers(0, 4), st.sampled_from(["NEAR", "FOLLOWED BY"]))
def test_proximity_matches_the_reference(
    left: list[Span], right: list[Span], distance: int, operator: str
) -> None:
    node = Operation(operator, CodeTerm("A"), CodeTerm("B"), distance)
    data = {("A", "x"): left, ("B", "x"): right}
    segments_of = _segments_of(data)
    assert evaluate(node, segments_of) == reference_spans(node, segments_of, LENGTH)
