"""Search modes, units (hit, sentence, paragraph) and 'within', on hard text."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.search import SearchSpec, paragraphs, search_documents, sentences, units
from tests.conftest import HARD_TEXT

TEXT = (
    "Café staff 😀 agreed. The CAFÉ closed!\nA cafés list.\n\n"
    "  Второй абзац: café 👩\u200d👩\u200d👧."
)


def found(spec: SearchSpec, scope: str = "hit", **kw: object) -> list[str]:
    hits = search_documents({1: TEXT}, spec, scope=scope, **kw)  # type: ignore[arg-type]
    for hit in hits:
        assert hit.text == TEXT[hit.start : hit.end]
    return [TEXT[h.unit_start : h.unit_end] for h in hits]


def test_modes_and_case() -> None:
    assert found(SearchSpec("café")) == ["Café", "CAFÉ", "caf\u00e9", "café"]
    assert found(SearchSpec("café", "word")) == ["Café", "CAFÉ", "café"]
    assert found(SearchSpec("café", "word", case_sensitive=True)) == ["café"]
    assert found(SearchSpec(r"caf\w{2}", "regex")) == ["cafés"]
    assert found(SearchSpec("😀 a", "plain")) == ["😀 a"]


def test_offsets_are_code_points_after_emoji_and_zwj() -> None:
    hits = search_documents({7: TEXT}, SearchSpec("👩\u200d👩\u200d👧"))
    assert [(h.document_id, h.start, h.end) for h in hits] == [(7, TEXT.index("👩"), len(TEXT) - 1)]


def test_sentences_and_paragraphs() -> None:
    assert found(SearchSpec("closed"), "sentence") == ["The CAFÉ closed!"]
    assert found(SearchSpec("agreed"), "sentence") == ["Café staff 😀 agreed."]
    assert found(SearchSpec("list"), "paragraph") == [
        "Café staff 😀 agreed. The CAFÉ closed!\nA cafés list."
    ]
    assert found(SearchSpec("абзац"), "paragraph") == ["Второй абзац: café 👩\u200d👩\u200d👧."]
    assert sentences("One. Two?\nThree") == [(0, 4), (5, 9), (10, 15)]
    assert paragraphs("a\n \nb\n\n\nc") == [(0, 1), (4, 5), (8, 9)]
    # A hit across two sentences codes both.
    assert found(SearchSpec("agreed. The", "plain"), "sentence") == [
        "Café staff 😀 agreed. The CAFÉ closed!"
    ]


def test_within_keeps_hits_inside_and_clips_the_unit() -> None:
    start = TEXT.index("The")
    within = {1: [(start, start + 10), (start + 5, start + 16)]}
    assert found(SearchSpec("café"), "sentence", within=within) == ["The CAFÉ closed!"]
    assert found(SearchSpec("closed"), "paragraph", within={1: [(start, start + 14)]}) == []
    assert found(SearchSpec("café"), within={}) == []


def test_units_join_hits_in_one_sentence() -> None:
    hits = search_documents({1: TEXT}, SearchSpec("a", "word", case_sensitive=True))
    assert hits == []
    hits = search_documents({1: TEXT}, SearchSpec("c"), scope="sentence")
    assert len(units(hits)) < len(hits)


def test_bad_patterns_are_one_line_errors() -> None:
    with pytest.raises(AnnotatorError, match="invalid regular expression"):
        SearchSpec("caf(", "regex").compile()
    with pytest.raises(AnnotatorError, match="empty"):
        SearchSpec("").compile()
    assert search_documents({1: "abc"}, SearchSpec("x*", "regex")) == []


def test_hard_text_every_script() -> None:
    for needle in ("😀", "cafe\u0301", "قال", "שלום", "Россия", "\u00a0"):
        hits = search_documents({1: HARD_TEXT}, SearchSpec(needle, case_sensitive=True))
        assert hits, needle
        assert all(HARD_TEXT[h.start : h.end] == needle for h in hits)
