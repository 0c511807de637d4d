"""Evaluating a parsed code query, document by document, on exact code-point spans.

A query never mixes documents: every operator works within one document, so a project-wide
query is the same small computation repeated for each document that has codings of any code
the query names (a document without them gives an empty result for every operator).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from annotator.core import span_sets
from annotator.core.query import CodeTerm, Node, Operation, code_terms
from annotator.core.spans import Span


@dataclass(frozen=True)
class TermScope:
    """What a :class:`CodeTerm` stands for: these code ids (a code and its children), and
    these coder ids (``None``: every coder)."""

    code_ids: frozenset[int]
    coder_ids: frozenset[int] | None = None

    def matches(self, code_id: int, coder_id: int) -> bool:
        return code_id in self.code_ids and (self.coder_ids is None or coder_id in self.coder_ids)


class CodedSpan(NamedTuple):
    """The part of a coding a query or a table looks at (a tuple: made from rows cheaply)."""

    document_id: int
    code_id: int
    coder_id: int
    start: int
    end: int


def evaluate(node: Node, segments_of: Callable[[CodeTerm], Sequence[Span]]) -> list[Span]:
    """The spans ``node`` selects in one document, sorted.

    ``segments_of`` gives the segments of a code term in that document. A single code gives its
    distinct segments; ``AND``/``OR``/``NOT`` give canonical character sets (disjoint stretches);
    ``NEAR``/``FOLLOWED BY`` give the qualifying segments of their left side.
    """
    spans, _ = _evaluate(node, segments_of)
    return spans


def _evaluate(
    node: Node, segments_of: Callable[[CodeTerm], Sequence[Span]]
) -> tuple[list[Span], bool]:
    """Spans and whether they are already a canonical character set."""
    if isinstance(node, CodeTerm):
        return sorted(set(segments_of(node))), False
    left, left_canonical = _evaluate(node.left, segments_of)
    right, right_canonical = _evaluate(node.right, segments_of)
    return _combine(node, left, left_canonical, right, right_canonical), node.operator in (
        "AND",
        "OR",
        "NOT",
    )


def _combine(
    node: Operation, left: list[Span], left_set: bool, right: list[Span], right_set: bool
) -> list[Span]:
    if node.operator == "NEAR":
        return span_sets.near(left, right, node.distance or 0)
    if node.operator == "FOLLOWED BY":
        return span_sets.followed_by(left, right, node.distance)
    a = left if left_set else span_sets.normalize(left)
    b = right if right_set else span_sets.normalize(right)
    if node.operator == "AND":
        return span_sets.intersection(a, b)
    if node.operator == "OR":
        return span_sets.union(a, b)
    return span_sets.difference(a, b)


def evaluate_documents(
    node: Node, scopes: Mapping[CodeTerm, TermScope], codings: Iterable[CodedSpan]
) -> dict[int, list[Span]]:
    """Run the query on every document with codings of its terms; empty results left out."""
    terms = list(dict.fromkeys(code_terms(node)))
    by_document: dict[int, dict[CodeTerm, list[Span]]] = defaultdict(
        lambda: {term: [] for term in terms}
    )
    for coding in codings:
        for term in terms:
            if scopes[term].matches(coding.code_id, coding.coder_id):
                by_document[coding.document_id][term].append((coding.start, coding.end))
    results: dict[int, list[Span]] = {}
    for document_id in sorted(by_document):
        segments = by_document[document_id]
        spans = evaluate(node, segments.__getitem__)
        if spans:
            results[document_id] = spans
    return results
