from __future__ import annotations

import pytest

from annotator.core.errors import InvalidCoding, NotFound
from annotator.core.find import other_white_space
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


# Stored text is LF; a terminal shows no-break spaces as spaces.
TYPED = (
    "Они\u00a0сказали: ok 😀\u00a0yes; e\u0301te\u0301\u00a0done;\n"
    "שלום\u00a0עולם; قال\u00a0المتحدث\nline two [Russian forces] a.b"
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Они сказали", "Они\u00a0сказали"),  # Cyrillic, no-break space
        ("😀 yes", "😀\u00a0yes"),  # an emoji is one code point
        ("e\u0301te\u0301 done", "e\u0301te\u0301\u00a0done"),  # combining marks count
        ("שלום עולם", "שלום\u00a0עולם"),  # right-to-left Hebrew
        ("قال المتحدث", "قال\u00a0المتحدث"),  # right-to-left Arabic
        ("المتحدث\r\nline two", "المتحدث\nline two"),  # pasted CRLF, stored LF
        ("done; \n  שלום", "done;\nשלום"),  # any run matches any run
        ("[Russian forces] a.b", "[Russian forces] a.b"),  # no pattern syntax
    ],
)
def test_find_occurrence_matches_any_white_space_in_exact_code_points(
    typed: str, stored: str
) -> None:
    start, end = find_occurrence(TYPED, typed)
    assert (start, end) == (TYPED.index(stored), TYPED.index(stored) + len(stored))
    assert TYPED[start:end] == stored


def test_find_occurrence_keeps_case_and_counts_overlapping_matches() -> None:
    assert find_occurrence("aaa", "aa", 2) == (1, 3)
    with pytest.raises(NotFound, match="in other upper or lower case it occurs 1 time"):
        find_occurrence(TYPED, "они сказали")
    with pytest.raises(NotFound, match="any white space matches any white space"):
        find_occurrence(TYPED, "a b")


def test_white_space_at_the_start_matches_a_whole_run_once() -> None:
    text = "x \u00a0 yes"
    assert find_occurrence(text, " yes") == (1, 7)
    with pytest.raises(NotFound, match="occurs 1 time in"):
        find_occurrence(text, " yes", 2)


def test_other_white_space_names_what_differs_where() -> None:
    start, end = find_occurrence(TYPED, "Они сказали: ok 😀 yes")
    assert other_white_space(TYPED[start:end], "Они сказали: ok 😀 yes", start) == (
        "U+00A0 NO-BREAK SPACE at 3, 17"  # the emoji before it is one code point
    )
    assert other_white_space("a b", "a b", 0) == ""


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


@pytest.mark.parametrize(
    ("text", "needle", "found"),
    [
        ("Кафе cafe\u0301 😀", "caf\u00e9", "cafe\u0301"),  # composed finds decomposed
        ("مرحبا caf\u00e9\r\n👩‍👩‍👧", "cafe\u0301", "caf\u00e9"),  # and the other way
        ("A\u030a and \u00c5", "\u00c5", "A\u030a"),  # the first of either form
    ],
)
def test_find_occurrence_matches_either_unicode_form(text: str, needle: str, found: str) -> None:
    start, end = find_occurrence(text, needle)
    assert text[start:end] == found


def test_a_match_never_cuts_the_accent_off_its_letter() -> None:
    from annotator.core.find import find_spans

    text = "Le caf\u00e9 😀. Un cafe\u0301 noir, Привет. Pas de cafe ici.\nمرحبا"
    assert find_spans(text, "cafe") == [(text.index("cafe ici"), text.index("cafe ici") + 4)]
    start, end = find_occurrence(text, "cafe")
    assert text[start:end] == "cafe"
    assert text[end] == " "  # the bare "cafe", not the first four code points of "cafe" + U+0301
    with pytest.raises(NotFound):
        find_occurrence("only cafe\u0301 here", "cafe")
