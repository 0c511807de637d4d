"""Helpers the benchmark scripts share: generated text and a stopwatch."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager

WORDS = (
    "Russia", "coalition", "airstrike", "Syria", "ISIL", "Moscow", "Washington", "Lavrov",
    "Kerry", "cooperation", "ministry", "said", "officials", "report", "forces", "ground",
    "campaign", "Damascus", "Assad", "Kurdish", "militants", "targets", "Пентагон", "Россия",
    "😀", "café", "naïve", "👩\u200d👩\u200d👧", "قال",
)  # fmt: skip
# The same words without the Arabic one: a document with no right-to-left text at all.
LTR_WORDS = tuple(word for word in WORDS if word != "قال")
# Arabic and Hebrew news words, with a few Latin names and digits among them.
RTL_WORDS = (
    "قال", "روسيا", "الولايات", "المتحدة", "وزارة", "الخارجية", "سوريا", "موسكو", "غارة",
    "אמר", "משרד", "החוץ", "רוסיה", "סוריה", "ISIL", "Lavrov", "2015", "٢٠١٥",
)  # fmt: skip
SCRIPTS = {"mixed": WORDS, "ltr": LTR_WORDS, "rtl": RTL_WORDS}


def article(rng: random.Random, chars: int, words: tuple[str, ...] = WORDS) -> str:
    """Generated news-like text of about ``chars`` code points, with paragraphs."""
    parts: list[str] = []
    size = 0
    while size < chars:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(6, 18))) + ". "
        if rng.random() < 0.15:
            sentence += "\n\n"
        parts.append(sentence)
        size += len(sentence)
    return "".join(parts)[:chars]


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """Yields a one-item list that holds the elapsed seconds once the block ends."""
    box = [0.0]
    start = time.perf_counter()
    try:
        yield box
    finally:
        box[0] = time.perf_counter() - start
