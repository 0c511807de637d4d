"""Plain records passed between the store, the core and the UI.

They are frozen dataclasses: a widget or a computation can hold one without worrying that the
project changes it behind its back, and an undo step can keep one as a snapshot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

STATUSES = ("not started", "in progress", "done")


def utc_now() -> str:
    """Current time as ISO 8601 UTC with milliseconds, e.g. ``2026-11-22T02:52:23.123Z``."""
    now = dt.datetime.now(dt.UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class Document:
    """A document without its text (which can be large); ask the store for the text."""

    id: int
    name: str
    length: int
    sha256: str
    source_path: str | None
    encoding: str | None
    line_endings: str | None
    imported_at: str
    codings: int = 0
    title: str = ""
    format: str | None = None

    @property
    def label(self) -> str:
        """What lists show: the title when there is one, else the unique name."""
        return self.title or self.name


@dataclass(frozen=True)
class Code:
    id: int
    guid: str
    parent_id: int | None
    name: str
    path: str
    color: str
    description: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    shortcut: str | None = None
    sort_order: int = 0
    depth: int = 0


@dataclass(frozen=True)
class Coder:
    id: int
    name: str


@dataclass(frozen=True)
class Coding:
    id: int
    document_id: int
    code_id: int
    coder_id: int
    start: int
    end: int
    memo: str = ""
    created_at: str = ""
    updated_at: str = ""
    # The search rule that made an auto-coding (None for a coder's own); kept through undo.
    auto_rule: str | None = None


@dataclass(frozen=True)
class NewCoding:
    """A coding to be created: what :meth:`CodingStore.add_many` takes."""

    document_id: int
    code_id: int
    coder_id: int
    start: int
    end: int
    memo: str = ""
    created_at: str | None = None


@dataclass(frozen=True)
class Change:
    """What one user-level operation changed, so a caller can repaint just that.

    Attributes:
        summary: one line for a status bar or an undo menu ("Coded 6 characters as Stance").
        kind: ``document``, ``code``, ``coding``, ``coder``, ``status`` or ``memo``.
        added, removed, updated: ids of the records of that kind.
        document_ids: documents whose codings changed.
        before: snapshots of records as they were (removed or updated), for undo.
        records: ids of records of another kind the operation made (an adjudication's audit
            record), never to be taken for ids of ``kind``.
    """

    summary: str
    kind: str
    added: tuple[int, ...] = ()
    removed: tuple[int, ...] = ()
    updated: tuple[int, ...] = ()
    document_ids: frozenset[int] = field(default_factory=frozenset)
    before: tuple[object, ...] = ()
    records: tuple[int, ...] = ()
