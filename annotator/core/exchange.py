"""A whole project as plain data, the common ground of merging, copying and REFI-QDA exchange.

A :class:`ProjectSnapshot` is what a merge brings in, whether it was read from another project
file or from a ``.qdpx`` archive: records point at each other by *keys* that only mean something
inside the snapshot (the source's row ids, or positions in the archive), never by the target's
ids. Coders are named, because names are what match coders between projects.

:class:`MergeReport` is what a merge did (or, for a preview, would do): per kind of record how
many were added, already present, updated, withdrawn or in conflict, and one line per conflict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class SnapDocument:
    key: int
    name: str
    text: str
    sha256: str
    source_path: str | None = None
    encoding: str | None = None
    line_endings: str | None = None
    imported_at: str = ""
    memo: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    title: str = ""
    format: str | None = None
    original: tuple[str, str, int, bytes] | None = None  # file name, SHA-256, size, bytes
    regions: list[tuple[str, int, int, str]] = field(default_factory=list)


@dataclass(slots=True)
class SnapCode:
    key: int
    guid: str
    parent_key: int | None
    name: str
    color: str | None = None
    description: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    shortcut: str | None = None
    sort_order: int = 0
    memo: str = ""


@dataclass(slots=True)
class SnapCoding:
    key: int
    document_key: int
    code_key: int
    coder: str
    start: int
    end: int
    memo: str = ""
    created_at: str = ""
    updated_at: str = ""
    auto_rule: str | None = None


@dataclass(slots=True)
class SnapStatus:
    document_key: int
    coder: str
    status: str
    updated_at: str


@dataclass(slots=True)
class SnapSource:
    """One coding an adjudication decided from, as it was when it was decided."""

    coding_key: int | None
    coder: str
    start: int
    end: int


@dataclass(slots=True)
class SnapAdjudication:
    document_key: int
    code_key: int
    decided_by: str
    consensus_coder: str
    action: str
    accepted_coder: str | None
    region: tuple[int, int]
    sources: list[SnapSource]
    results: list[int]
    decided_at: str
    batch: str | None = None


@dataclass(slots=True)
class SnapWithdrawn:
    """A coding removed in the source, keyed as a merge matches codings across projects."""

    document_sha256: str
    code_guid: str
    coder: str
    start: int
    end: int
    memo: str = ""
    withdrawn_at: str = ""


@dataclass
class ProjectSnapshot:
    """Everything of a project that a merge can carry; codes are listed parents first.

    ``copy_for`` and ``copy_id`` say whom a coder copy was made for and which copy it is
    (empty for any other project); ``withdrawn`` are the codings removed in the source.
    """

    documents: list[SnapDocument] = field(default_factory=list)
    codes: list[SnapCode] = field(default_factory=list)
    coders: list[str] = field(default_factory=list)
    codings: list[SnapCoding] = field(default_factory=list)
    statuses: list[SnapStatus] = field(default_factory=list)
    adjudications: list[SnapAdjudication] = field(default_factory=list)
    attribute_types: dict[str, str] = field(default_factory=dict)
    withdrawn: list[SnapWithdrawn] = field(default_factory=list)
    copy_for: str = ""
    copy_id: str = ""

    def code_paths(self) -> dict[int, tuple[str, ...]]:
        """Each code's path (names from the top), by key."""
        paths: dict[int, tuple[str, ...]] = {}
        for code in self.codes:
            parent = () if code.parent_key is None else paths[code.parent_key]
            paths[code.key] = (*parent, code.name)
        return paths


KINDS = (
    "documents", "codes", "coders", "codings", "memos", "attributes", "statuses",
    "adjudications",
)  # fmt: skip


@dataclass
class KindCount:
    added: int = 0
    present: int = 0
    updated: int = 0
    conflicts: int = 0
    withdrawn: int = 0

    def line(self, kind: str) -> str:
        parts = [f"{self.added} added", f"{self.present} already present"]
        if self.updated:
            parts.append(f"{self.updated} updated")
        if self.withdrawn:
            parts.append(f"{self.withdrawn} withdrawn")
        plural = "s" if self.conflicts != 1 else ""
        parts.append(f"{self.conflicts} conflict{plural}")
        return f"{kind + ':':<15}" + ", ".join(parts)


@dataclass
class MergeReport:
    """What a merge of one source did, or would do."""

    source: str
    counts: dict[str, KindCount] = field(default_factory=lambda: {k: KindCount() for k in KINDS})
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    not_restored: list[str] = field(default_factory=list)

    def conflict(self, kind: str, message: str) -> None:
        self.counts[kind].conflicts += 1
        self.conflicts.append(f"{kind}: {message}")

    @property
    def changes_anything(self) -> bool:
        return any(c.added or c.updated or c.withdrawn for c in self.counts.values())

    def lines(self) -> list[str]:
        """Warnings first, the summary one line per kind, then conflicts and notes."""
        out = [f"warning: {message}" for message in self.warnings]
        out.extend(self.counts[kind].line(kind) for kind in KINDS)
        if self.not_restored:
            names = ", ".join(repr(name) for name in self.not_restored)
            count = len(self.not_restored)
            out.append(
                f"{count} document{'s' if count != 1 else ''} deleted in this project, "
                f"not brought back: {names}"
            )
        out.extend(f"conflict: {message}" for message in self.conflicts)
        out.extend(f"note: {message}" for message in self.notes)
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "counts": {
                kind: {
                    "added": c.added, "already_present": c.present, "updated": c.updated,
                    "withdrawn": c.withdrawn, "conflicts": c.conflicts,
                }
                for kind, c in self.counts.items()
            },
            "conflicts": list(self.conflicts),
            "notes": list(self.notes),
            "warnings": list(self.warnings),
            "deleted_here_not_brought_back": list(self.not_restored),
        }  # fmt: skip


def reports_json(reports: list[MergeReport]) -> str:
    return json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False)
