"""Finding text in a document the way a reader types it.

A reader types an ordinary space; news text is full of no-break and thin spaces. A space in
the needle therefore matches any one Unicode space (not a line break). Case is folded by the
regular-expression engine, so every match is a span of the original text in code points.
What is typed on a command line (``annotator code --match``) is matched more strictly, case
and all, but as leniently in white space: see :func:`typed_text_pattern`.
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
import unicodedata

from annotator.core.charclass import class_body, runs

# Any whitespace but the ones that end a line or paragraph.
_SPACE = r"[^\S\n\r\v\f\x1c-\x1e\x85\u2028\u2029]"


@functools.cache
def _whole_letter() -> str:
    """A lookahead: no combining mark next. A match never ends between a letter and its
    accents ("cafe" does not find the first four code points of "cafe" + U+0301: coding them
    would cut the accent off its letter). Built on first use (a pass over every code point,
    about 0.07 s), so commands that never search do not pay for it."""
    return f"(?![{_combining_class()}])"


def _combining_class() -> str:
    """Every combining mark (canonical combining class > 0) as a character-class body."""
    marks = (code for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code)))
    return class_body(runs(marks))


def needle_pattern(needle: str, *, case_sensitive: bool = False) -> re.Pattern[str]:
    """A pattern for ``needle`` in which each space matches any one Unicode space, and an
    accented letter either of its Unicode forms."""
    parts = [
        _SPACE * len(list(chars)) if space else canonical_pattern("".join(chars))
        for space, chars in itertools.groupby(needle, str.isspace)
    ]
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile("".join(parts) + _whole_letter(), flags)


def find_spans(text: str, needle: str, *, case_sensitive: bool = False) -> list[tuple[int, int]]:
    """Every non-overlapping match of ``needle`` in ``text`` as ``[start, end)`` code points."""
    if not needle:
        return []
    pattern = needle_pattern(needle, case_sensitive=case_sensitive)
    return [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]


def typed_text_pattern(needle: str) -> re.Pattern[str]:
    """A pattern for text typed or pasted on a command line: exact, but for white space.

    Each run of white space in ``needle`` matches any run of white space in the text: a
    space typed in a terminal matches the no-break space the document has there, a pasted
    line break (LF or CRLF) the text's line break, two spaces one. Everything else, case
    included, must be as typed: a coding is made where the text is what the user quoted.
    A run at the start of the needle starts where the text's run starts, so a match never
    begins in the middle of white space.
    """
    parts = [
        r"\s+" if space else canonical_pattern("".join(chars))
        for space, chars in itertools.groupby(needle, str.isspace)
    ]
    lead = r"(?<!\s)" if needle[:1].isspace() else ""
    return re.compile(lead + "".join(parts) + _whole_letter())


def canonical_pattern(chunk: str) -> str:
    """``chunk`` escaped, each letter with its marks matching both its composed and its
    decomposed form: "é" typed (U+00E9) finds the "e" + U+0301 a document may hold, and
    the other way round. The match is still a span of the document's own code points.
    """
    parts: list[str] = []
    for cluster in _clusters(chunk):
        forms = dict.fromkeys(
            unicodedata.normalize(form, cluster) for form in ("NFC", "NFD")
        )  # ordered, without repeats
        forms[cluster] = None
        escaped = [re.escape(form) for form in forms]
        parts.append(escaped[0] if len(escaped) == 1 else f"(?:{'|'.join(escaped)})")
    return "".join(parts)


def _clusters(text: str) -> list[str]:
    """A character with the combining marks that follow it, one string each."""
    clusters: list[str] = []
    for char in text:
        if clusters and unicodedata.combining(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def other_white_space(matched: str, needle: str, start: int) -> str:
    """What white space of a match differs from the needle's, e.g. ``U+00A0 NO-BREAK SPACE
    at 893, 907``; "" when the match is the needle exactly.

    ``start`` is where ``matched`` begins in the text, so positions are the text's.
    """
    if matched == needle:
        return ""
    typed = set(needle)
    places: dict[str, list[int]] = {}
    for offset, char in enumerate(matched):
        if char.isspace() and char not in typed:
            places.setdefault(char, []).append(start + offset)
    if not places:
        return "white space other than typed (more or fewer characters)"
    return "; ".join(
        f"U+{ord(char):04X} {unicodedata.name(char, 'WHITE SPACE')} at "
        + ", ".join(str(p) for p in where[:_SHOWN])
        + (f" and {len(where) - _SHOWN} more" if len(where) > _SHOWN else "")
        for char, where in places.items()
    )


_SHOWN = 5
