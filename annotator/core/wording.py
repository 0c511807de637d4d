"""Counting words for messages: "1 coding", "2 codings"."""

from __future__ import annotations


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``count`` with ``noun`` in the singular or plural (``nouns``, else noun + "s")."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"
