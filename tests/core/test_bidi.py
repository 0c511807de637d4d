"""Right-to-left detection: exact against ``unicodedata`` for every code point, and in texts."""

from __future__ import annotations

import unicodedata

import pytest

from annotator.core.bidi import RIGHT_TO_LEFT_BLOCKS, RIGHT_TO_LEFT_CLASSES, has_right_to_left

RTL_CONTROLS = ["\u200f", "\u202b", "\u202e", "\u2067"]  # RLM, RLE, RLO, RLI


def test_agrees_with_unicodedata_on_every_code_point() -> None:
    every = [chr(code) for code in range(0x110000)]
    expected = [c for c in every if unicodedata.bidirectional(c) in RIGHT_TO_LEFT_CLASSES]
    assert len(expected) > 2000
    assert [c for c in every if has_right_to_left(c)] == expected
    assert all(any(low <= ord(c) <= high for low, high in RIGHT_TO_LEFT_BLOCKS) for c in expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", False),
        ("Moscow said on Monday that the Kremlin had agreed.", False),
        ("Россия, café, naïve, 😀, 👩\u200d👩\u200d👧, 中文, ελληνικά, १२३", False),
        ("Digits 0123 ٠١٢٣ are weak, and Hebrew points alone \u0591\u05b0 are not letters", False),
        ("Lavrov قال on Monday", True),
        ("ISIL ואמר", True),
        ("an Adlam letter \U0001e900 far in plane 1", True),
        ("a Phoenician letter \U00010900", True),
        ("presentation form \ufef5", True),
    ]
    + [(f"left {control} right", True) for control in RTL_CONTROLS],
)
def test_texts(text: str, expected: bool) -> None:
    assert has_right_to_left(text) is expected


def test_the_last_character_of_a_long_text_counts() -> None:
    assert has_right_to_left("x" * 300_000 + "א")
    assert not has_right_to_left("x" * 300_000 + "\u200e")  # LEFT-TO-RIGHT MARK
