"""Which files an import takes, reading them into prepared documents, and the report.

Reading (the slow part: PDF layout, HTML boilerplate removal) is pure and needs no project, so
the GUI can run it on a worker thread; storing the prepared files is then one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from annotator.core.decoding import DEFAULT_MAX_BYTES
from annotator.core.errors import ImportRefused
from annotator.core.formats.extracted import Extracted
from annotator.core.formats.reading import SUFFIXES, extract, format_of, read_source

TEXT_SUFFIXES = SUFFIXES


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


@dataclass(frozen=True)
class PreparedFile:
    """A file read and extracted, ready to be stored with its original bytes."""

    path: Path
    extracted: Extracted
    source: bytes

    @property
    def source_sha256(self) -> str:
        return hashlib.sha256(self.source).hexdigest()


@dataclass(frozen=True)
class Refusal:
    """A file that could not be read, and the one-line reason."""

    path: Path
    message: str


def collect_text_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into their importable files (recursively, sorted); keep files as given."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
                )
            )
        else:
            found.append(path)
    return found


def prepare_file(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, full_page: bool = False
) -> PreparedFile:
    """Read and extract one file; :class:`ImportRefused` names the file and the reason."""
    data = read_source(path, max_bytes=max_bytes)
    return PreparedFile(path, extract(data, path.name, format_of(path), full_page=full_page), data)


def prepare_files(
    paths: Iterable[Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    full_page: bool = False,
    progress: Callable[[int, str], bool] | None = None,
) -> list[PreparedFile | Refusal]:
    """Read every file; a bad one becomes a :class:`Refusal` and the batch goes on.

    ``progress(done, name)`` is called before each file; when it returns False the reading
    stops and what was read so far is returned (the caller stores nothing on cancel).
    """
    prepared: list[PreparedFile | Refusal] = []
    for done, path in enumerate(paths):
        if progress is not None and not progress(done, path.name):
            break
        try:
            prepared.append(prepare_file(path, max_bytes=max_bytes, full_page=full_page))
        except ImportRefused as err:
            prepared.append(Refusal(path, str(err)))
    return prepared


def document_name_for(path: Path, taken: set[str]) -> str:
    """A unique document name from a file name: its stem, then ``stem (2)``, ``stem (3)``..."""
    stem = path.stem.strip() or "document"
    name, n = stem, 1
    while name in taken:
        n += 1
        name = f"{stem} ({n})"
    return name
