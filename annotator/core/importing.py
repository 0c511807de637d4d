"""Which files an import takes, and the report of what happened to each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = (".txt",)


@dataclass(frozen=True)
class ImportResult:
    """The fate of one file: imported as ``document_id``, or refused with ``message``."""

    path: str
    name: str | None
    document_id: int | None
    message: str

    @property
    def ok(self) -> bool:
        return self.document_id is not None


def collect_text_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into their ``.txt`` files (recursively, sorted); keep files as given."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
                )
            )
        else:
            found.append(path)
    return found


def document_name_for(path: Path, taken: set[str]) -> str:
    """A unique document name from a file name: its stem, then ``stem (2)``, ``stem (3)``..."""
    stem = path.stem.strip() or "document"
    name, n = stem, 1
    while name in taken:
        n += 1
        name = f"{stem} ({n})"
    return name
