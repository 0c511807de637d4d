"""Segments and code queries read from a real project with emoji, CRLF input and RTL text."""

from __future__ import annotations

import pytest

from annotator.core.decoding import decode_bytes
from annotator.core.errors import AnnotatorError, NotFound
from annotator.core.model import NewCoding
from annotator.core.query import CodeTerm, parse_query
from annotator.store import Project
from annotator.store.analysis import SegmentFilter, coded_segments, parse_where, query_segments
from tests.conftest import HARD_TEXT
from tests.core.query_reference import reference_spans

CRLF_BYTES = HARD_TEXT.replace("\n", "\r\n").encode("utf-8")


@pytest.fixture
def coded(project: Project) -> Project:
    """Two documents (one imported with CRLF) coded by two coders with A, A/child and B."""
    hard = project.documents.add(decode_bytes(CRLF_BYTES), "hard").added[0]
    other = project.documents.add(decode_bytes("Лавров 😀 said no.\r\n".encode()), "other").added[0]
    project.documents.set_attribute(hard, "outlet", "RT")
    project.documents.set_attribute(other, "outlet", "TASS")
    a = project.codes.ensure_path("A")[0].id
    child = project.codes.ensure_path("A/child")[0].id
    b = project.codes.ensure_path("B")[0].id
    alice = project.coders.ensure("alice").id
    bob = project.coders.ensure("bob").id
    text = project.documents.text(hard)
    emoji = text.index("😀")
    family = text.index("👩")
    project.codings.add_many(
        [
            NewCoding(hard, a, alice, 0, emoji + 1, memo="café memo"),
            NewCoding(hard, b, bob, emoji, family + 5),
            NewCoding(hard, child, bob, family, family + 8),
            NewCoding(hard, b, alice, family + 20, family + 30),
            NewCoding(hard, a, bob, text.index("Лавров"), len(text)),
            NewCoding(hard, b, alice, text.index("قال"), text.index("Лавров") - 1),
            NewCoding(other, a, alice, 0, 6),
            NewCoding(other, b, bob, 9, 13),
        ]
    )
    return project


def test_segments_of_a_code_include_children_and_exact_text(coded: Project) -> None:
    found = coded_segments(coded, SegmentFilter(codes=("A",)), context=3)
    assert {s.code for s in found} == {"A", "A/child"}
    for segment in found:
        text = coded.documents.text(segment.document_id)
        assert segment.text == text[segment.start : segment.end]
        assert segment.before == text[max(0, segment.start - 3) : segment.start]
        assert segment.after == text[segment.end : segment.end + 3]
    first = found[0]
    assert first.document == "hard"
    assert first.text.endswith("😀")
    assert first.memo == "café memo"
    assert "\r" not in "".join(s.text for s in found)


def test_filters_by_coder_document_and_attribute(coded: Project) -> None:
    by_bob = coded_segments(coded, SegmentFilter(coders=("bob",)))
    assert {s.coder for s in by_bob} == {"bob"}
    assert len(by_bob) == 4
    tass = coded_segments(coded, SegmentFilter(where=parse_where(["outlet=TASS"])))
    assert {s.document for s in tass} == {"other"}
    assert coded_segments(coded, SegmentFilter(documents=("other",), coders=("bob",)))[0].text == (
        "said"
    )
    assert coded_segments(coded, SegmentFilter(where=parse_where(["outlet=nobody"]))) == []


@pytest.mark.parametrize(
    "query",
    [
        "A AND B",
        "A OR B",
        "A NOT B",
        "B NOT A",
        "A NEAR/3 B",
        "A NEAR/0 B",
        "B NEAR/40 A@bob",
        "A FOLLOWED BY B",
        "A FOLLOWED BY/5 B",
        "(A OR B@alice) NOT A/child",
        "A@alice AND B@bob",
    ],
)
def test_every_operator_matches_the_reference_on_hard_text(coded: Project, query: str) -> None:
    found = query_segments(coded, query, SegmentFilter())
    node = parse_query(query)
    for document in coded.documents.all():
        text = coded.documents.text(document.id)
        by_term = _segments_by_term(coded, document.id)
        expected = reference_spans(node, by_term, len(text))
        got = [(s.start, s.end) for s in found if s.document_id == document.id]
        assert got == expected, (query, document.name)
        for segment in found:
            if segment.document_id == document.id:
                assert segment.text == text[segment.start : segment.end]


def _segments_by_term(project: Project, document_id: int):  # type: ignore[no-untyped-def]
    paths = {code.id: code.path for code in project.codes.all()}
    names = {coder.id: coder.name for coder in project.coders.all()}
    codings = project.codings.for_document(document_id)

    def segments_of(term: CodeTerm) -> list[tuple[int, int]]:
        return [
            (c.start, c.end)
            for c in codings
            if (paths[c.code_id] == term.path or paths[c.code_id].startswith(term.path + "/"))
            and term.coder in (None, names[c.coder_id])
        ]

    return segments_of


def test_query_results_carry_text_and_the_query(coded: Project) -> None:
    found = query_segments(coded, "A AND B", SegmentFilter(), context=2)
    assert found
    assert found[0].code == '("A" AND "B")'
    assert found[0].text == "😀"
    assert found[0].coder == "alice, bob"  # whose codings of A or B overlap the span


def test_unknown_code_or_coder_in_a_query_is_a_one_line_error(coded: Project) -> None:
    with pytest.raises(NotFound, match="column 7"):
        query_segments(coded, "A AND Nope", SegmentFilter())
    with pytest.raises(NotFound, match="carol"):
        query_segments(coded, "A@carol", SegmentFilter())
    with pytest.raises(AnnotatorError, match="ATTRIBUTE=VALUE"):
        parse_where(["outlet"])
