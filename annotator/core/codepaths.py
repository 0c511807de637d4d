"""Code paths: a code's place in the codebook tree written as ``Parent/Child/Grandchild``."""

from __future__ import annotations

from annotator.core.errors import AnnotatorError

SEPARATOR = "/"


def split_code_path(path: str) -> tuple[str, ...]:
    """Split ``"Actors/Russia"`` into ``("Actors", "Russia")``; refuse empty parts."""
    parts = tuple(part.strip() for part in path.split(SEPARATOR))
    if not path.strip() or any(not part for part in parts):
        raise AnnotatorError(f"invalid code path {path!r}: use names separated by '/'")
    return parts


def join_code_path(parts: tuple[str, ...] | list[str]) -> str:
    return SEPARATOR.join(parts)


def check_code_name(name: str) -> str:
    """Return the cleaned name of a single code, or raise saying what is wrong with it."""
    cleaned = name.strip()
    if not cleaned:
        raise AnnotatorError("a code needs a name")
    if SEPARATOR in cleaned:
        raise AnnotatorError(f"a code name cannot contain '{SEPARATOR}': {name!r}")
    return cleaned
