"""Documents: their stored text, identity (sha256), provenance and attributes."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotator.core.decoding import DEFAULT_MAX_BYTES, DecodedText, read_text_file
from annotator.core.errors import Conflict, ImportRefused, NotFound
from annotator.core.importing import ImportResult, collect_text_files, document_name_for
from annotator.core.model import Change, Document, utc_now

_COLUMNS = (
    "d.id, d.name, d.length, d.sha256, d.source_path, d.encoding, d.line_endings, d.imported_at"
)


def _document(row: Any, codings: int = 0) -> Document:
    return Document(
        id=int(row[0]),
        name=str(row[1]),
        length=int(row[2]),
        sha256=str(row[3]),
        source_path=None if row[4] is None else str(row[4]),
        encoding=None if row[5] is None else str(row[5]),
        line_endings=None if row[6] is None else str(row[6]),
        imported_at=str(row[7]),
        codings=codings,
    )


class DocumentStore:
    """Reads and changes the documents of one project."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- reading -------------------------------------------------------------------------------

    def all(self) -> list[Document]:
        """All documents by name, each with its number of codings."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS}, (SELECT count(*) FROM codings c WHERE c.document_id = d.id) "
            "FROM documents d ORDER BY d.name"
        ).fetchall()
        return [_document(row, int(row[8])) for row in rows]

    def get(self, document_id: int) -> Document:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM documents d WHERE d.id = ?", [document_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"no document with id {document_id}")
        return _document(row)

    def by_name(self, name: str) -> Document:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM documents d WHERE d.name = ?", [name]
        ).fetchone()
        if row is None:
            raise NotFound(f"no document named {name!r}")
        return _document(row)

    def text(self, document_id: int) -> str:
        row = self._db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
        if row is None:
            raise NotFound(f"no document with id {document_id}")
        return str(row[0])

    def attributes(self, document_id: int) -> dict[str, str]:
        rows = self._db.execute(
            "SELECT name, value FROM document_attributes WHERE document_id = ? ORDER BY name",
            [document_id],
        )
        return {str(name): str(value) for name, value in rows}

    def attribute_names(self) -> list[str]:
        rows = self._db.execute("SELECT DISTINCT name FROM document_attributes ORDER BY name")
        return [str(row[0]) for row in rows]

    # -- changing ------------------------------------------------------------------------------

    def add(
        self,
        decoded: DecodedText,
        name: str,
        *,
        source_path: str | None = None,
        allow_duplicate: bool = False,
    ) -> Change:
        """Store one decoded text as a new document."""
        with self._db.atomic():
            self._check_new(decoded, name, allow_duplicate)
            document_id = self._insert(decoded, name, source_path)
        return Change(
            f"Imported {name}", "document", added=(document_id,),
            document_ids=frozenset({document_id}),
        )  # fmt: skip

    def import_paths(
        self,
        paths: Iterable[str | Path],
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        allow_duplicates: bool = False,
    ) -> list[ImportResult]:
        """Import files and folders of ``.txt`` files as one transaction.

        Each file is decoded and checked first; a refused file is reported and the others go
        on. The accepted ones are then stored together, so the import is all or nothing.
        """
        results: list[ImportResult] = []
        accepted: list[tuple[Path, str, DecodedText]] = []
        taken = {str(row[0]) for row in self._db.execute("SELECT name FROM documents")}
        seen = {str(row[0]) for row in self._db.execute("SELECT sha256 FROM documents")}
        for path in collect_text_files(paths):
            try:
                decoded = read_text_file(path, max_bytes=max_bytes)
                if not allow_duplicates and decoded.sha256 in seen:
                    raise ImportRefused(
                        f"{path.name}: the same text is already in the project "
                        "(import duplicates to keep both)"
                    )
            except ImportRefused as err:
                results.append(ImportResult(str(path), None, None, str(err)))
                continue
            name = document_name_for(path, taken)
            taken.add(name)
            seen.add(decoded.sha256)
            accepted.append((path, name, decoded))
        with self._db.atomic():
            for path, name, decoded in accepted:
                document_id = self._insert(decoded, name, str(path))
                results.append(
                    ImportResult(
                        str(path), name, document_id,
                        f"imported as {name!r}: {len(decoded.text):,} characters, "
                        f"{decoded.encoding}, {decoded.line_endings} line endings",
                    )
                )  # fmt: skip
        return results

    def set_attribute(self, document_id: int, name: str, value: str) -> Change:
        self.get(document_id)
        with self._db.atomic():
            self._db.execute(
                "INSERT INTO document_attributes (document_id, name, value) VALUES (?, ?, ?) "
                "ON CONFLICT (document_id, name) DO UPDATE SET value = excluded.value",
                [document_id, name, value],
            )
        return Change(f"Set {name} of document {document_id}", "document", updated=(document_id,))

    def delete(self, document_id: int) -> Change:
        """Delete a document with its codings, memo and statuses."""
        old = self.get(document_id)
        with self._db.atomic():
            self._db.execute("DELETE FROM documents WHERE id = ?", [document_id])
        return Change(
            f"Deleted document {old.name}", "document", removed=(document_id,),
            document_ids=frozenset({document_id}),
        )  # fmt: skip

    def _check_new(self, decoded: DecodedText, name: str, allow_duplicate: bool) -> None:
        if self._db.execute("SELECT 1 FROM documents WHERE name = ?", [name]).fetchone():
            raise Conflict(f"a document named {name!r} already exists")
        if not allow_duplicate:
            row = self._db.execute(
                "SELECT name FROM documents WHERE sha256 = ?", [decoded.sha256]
            ).fetchone()
            if row is not None:
                raise ImportRefused(
                    f"{name}: the same text is already in the project as {row[0]!r}"
                )

    def _insert(self, decoded: DecodedText, name: str, source_path: str | None) -> int:
        cursor = self._db.execute(
            "INSERT INTO documents (name, text, length, sha256, source_path, encoding, "
            "line_endings, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                name, decoded.text, len(decoded.text), decoded.sha256, source_path,
                decoded.encoding, decoded.line_endings, utc_now(),
            ],
        )  # fmt: skip
        assert cursor.lastrowid is not None
        return cursor.lastrowid
