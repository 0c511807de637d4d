"""The codebook as CSV: what a spreadsheet user can read, edit and import back.

Export columns: ``code_path, code, parent_path, color, description, shortcut, codings``.
Import needs ``code_path`` and takes ``color``, ``description`` and ``shortcut`` when present,
so an exported file, the starter codebook and a hand-made list of paths all import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.core.codepaths import split_code_path
from annotator.core.csvformat import read_csv_dicts
from annotator.core.errors import AnnotatorError, FormatError
from annotator.core.palette import normalise_colour

EXPORT_COLUMNS = ("code_path", "code", "parent_path", "color", "description", "shortcut", "codings")


@dataclass(frozen=True)
class CodebookEntry:
    path: str
    color: str | None = None
    description: str = ""
    shortcut: str | None = None


def read_codebook_csv(path: str | Path) -> list[CodebookEntry]:
    """Parse and check a codebook CSV; raise :class:`FormatError` naming every bad row."""
    header, rows = read_csv_dicts(path)
    if "code_path" not in header:
        raise FormatError(f"{Path(path).name}: a codebook CSV needs a code_path column")
    entries: list[CodebookEntry] = []
    problems: list[str] = []
    seen: set[tuple[str, ...]] = set()
    shortcuts: dict[str, str] = {}
    for number, row in enumerate(rows, start=2):
        try:
            parts = split_code_path(row.get("code_path") or "")
            if parts in seen:
                raise AnnotatorError(f"code {'/'.join(parts)!r} appears twice")
            seen.add(parts)
            colour = (row.get("color") or "").strip()
            shortcut = (row.get("shortcut") or "").strip() or None
            if shortcut and shortcut in shortcuts:
                raise AnnotatorError(f"shortcut {shortcut} also used by {shortcuts[shortcut]}")
            if shortcut:
                shortcuts[shortcut] = "/".join(parts)
            entries.append(
                CodebookEntry(
                    "/".join(parts),
                    normalise_colour(colour) if colour else None,
                    (row.get("description") or "").strip(),
                    shortcut,
                )
            )
        except (AnnotatorError, ValueError) as err:
            problems.append(f"row {number}: {err}")
    if problems:
        raise FormatError(f"{Path(path).name}: " + "; ".join(problems[:10]))
    return entries
