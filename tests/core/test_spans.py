from __future__ import annotations

import pytest

from annotator.core.errors import InvalidCoding, NotFound
from annotator.core.spans import (
    check_span,
    extend_to_words,
    find_occurrence,
    merge_overlapping,
    strip_whitespace,
    union_length,
)
from tests.conftest import HARD_TEXT


def test_check_span_accepts_whole_text_and_refuses_outside() -> None:
    check_span(0, 5, 5)
    for start, end in [(-1, 2), (3, 3), (4, 2), (0, 6)]:
        with pytest.raises(InvalidCoding):
            check_span(start, end, 5)


def test_find_occurrence_counts_code_points() -> None:
    start, end = find_occurrence(HARD_TEXT, "agreed")
    assert HARD_TEXT[start:end] == "agreed"
    start, end = find_occurrence(HARD_TEXT, "Россия")
    assert HARD_TEXT[start:end] == "Россия"
    start, end = find_occurrence(HARD_TEXT, "روسيا")
    assert HARD_TEXT[start:end] == "روسيا"


def test_find_occurrence_second_and_missing() -> None:
    text = "a😀a😀a"
    assert find_occurrence(text, "a", 3) == (4, 5)
    with pytest.raises(NotFound, match="occurs 3 times"):
        find_occurrence(text, "a", 4)


def test_merge_overlapping_keeps_touching_units_apart() -> None:
    assert merge_overlapping([(5, 10), (0, 3), (2, 4), (10, 12), (11, 11 + 2)]) == [
        (0, 4),
        (5, 10),
        (10, 13),
    ]
    assert merge_overlapping([]) == []


def test_union_length() -> None:
    assert union_length([(0, 4), (2, 6), (10, 12), (11, 12)]) == 8


def test_extend_to_words_handles_combining_marks_and_cyrillic() -> None:
    text = "the cafe\u0301 was open; Россия готова"
    start = text.index("af")
    assert text[slice(*extend_to_words(text, start, start + 1))] == "cafe\u0301"
    start = text.index("осс")
    assert text[slice(*extend_to_words(text, start, start + 2))] == "Россия"
    space = text.index(" was")
    assert extend_to_words(text, space, space + 1) == (space, space + 1)


def test_strip_whitespace_shrinks_past_spaces_in_code_points() -> None:
    text = "\r\n 😀 👩‍👩‍👧\u00a0Привет مرحبا e\u0301 \r\n"
    start, end = strip_whitespace(text, 0, len(text))
    assert text[start:end] == "😀 👩‍👩‍👧\u00a0Привет مرحبا e\u0301"
    assert strip_whitespace(text, 0, 3) == (3, 3)  # white space only: empty
    assert strip_whitespace("abc", 1, 2) == (1, 2)
