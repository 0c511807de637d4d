"""Coded segments as a researcher reads them: where, which code, whose, the text and its context."""

from __future__ import annotations

from dataclasses import dataclass

SEGMENT_COLUMNS = (
    "document",
    "code",
    "coder",
    "start",
    "end",
    "text",
    "memo",
    "context_before",
    "context_after",
)


@dataclass(frozen=True)
class Segment:
    """One coded stretch of a document (a coding, or a span a query selected).

    ``coding_id`` is ``None`` for a query result, whose ``code`` is the query and whose
    ``coder`` names the coders of the codings it touches.
    """

    document_id: int
    document: str
    code: str
    coder: str
    start: int
    end: int
    text: str
    memo: str = ""
    before: str = ""
    after: str = ""
    coding_id: int | None = None
    code_id: int | None = None

    def row(self) -> tuple[str | int, ...]:
        return (
            self.document,
            self.code,
            self.coder,
            self.start,
            self.end,
            self.text,
            self.memo,
            self.before,
            self.after,
        )


def cut(text: str, start: int, end: int, context: int) -> tuple[str, str, str]:
    """The text of ``[start, end)`` and up to ``context`` code points either side of it."""
    return text[max(0, start - context) : start], text[start:end], text[end : end + context]
