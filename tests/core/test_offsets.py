from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.offsets import Utf16Index
from tests.conftest import HARD_TEXT


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_every_boundary_of_hard_text_round_trips() -> None:
    index = Utf16Index(HARD_TEXT)
    assert index.length == len(HARD_TEXT)
    assert index.length_utf16 == utf16_len(HARD_TEXT)
    for cp in range(len(HARD_TEXT) + 1):
        u16 = index.to_utf16(cp)
        assert u16 == utf16_len(HARD_TEXT[:cp])
        assert index.to_codepoint(u16) == cp


def test_agreed_after_emoji() -> None:
    text = "Café staff 😀 agreed; managers did not."
    index = Utf16Index(text)
    start = text.index("agreed")
    # In UTF-16 the emoji takes two units, so Qt sees "agreed" one unit later.
    assert index.span_to_utf16(start, start + 6) == (start + 1, start + 7)
    assert index.span_to_codepoint(start + 1, start + 7) == (start, start + 6)


def test_zwj_family_counts_each_code_point() -> None:
    family = "👩\u200d👩\u200d👧"
    index = Utf16Index(family)
    assert index.length == 5
    assert index.length_utf16 == 8
    assert index.to_utf16(5) == 8


def test_half_a_surrogate_pair_snaps_to_the_character_start() -> None:
    index = Utf16Index("a😀b")
    assert index.to_codepoint(2) == 1


def test_out_of_range_offsets_are_clamped() -> None:
    index = Utf16Index("ab😀")
    assert index.to_utf16(-3) == 0
    assert index.to_utf16(99) == 4
    assert index.to_codepoint(99) == 3


@given(st.text(), st.data())
def test_matches_python_utf16_encoding(text: str, data: st.DataObject) -> None:
    index = Utf16Index(text)
    cp = data.draw(st.integers(0, len(text)))
    u16 = index.to_utf16(cp)
    assert u16 == utf16_len(text[:cp])
    assert index.to_codepoint(u16) == cp


def test_raw_offsets_count_crlf_as_two_and_emoji_as_two_units() -> None:
    from annotator.core.offsets import RawTextOffsets

    raw = "a😀\r\nb👩\u200d👩\u200d👧\r\nc\u0301 שלום Лавров"
    stored = raw.replace("\r\n", "\n")
    offsets = RawTextOffsets(raw)
    # "b" is at raw code point 4, raw UTF-16 unit 5, stored code point 3.
    assert offsets.to_stored(4, "codepoints") == 3
    assert offsets.to_stored(5, "utf16") == 3
    assert stored[offsets.to_stored(5, "utf16")] == "b"
    family_u16 = raw.encode("utf-16-le").find("👩".encode("utf-16-le")) // 2
    assert stored[offsets.to_stored(family_u16, "utf16") :].startswith("👩\u200d👩\u200d👧")
    end = len(raw.encode("utf-16-le")) // 2
    assert offsets.to_stored(end, "utf16") == len(stored)
    assert offsets.splits_character(2, "utf16")
    assert not offsets.splits_character(3, "utf16")
    assert stored[offsets.to_stored(raw.index("ש"), "codepoints") :].startswith("שלום")
