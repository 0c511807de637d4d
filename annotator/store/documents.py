"""Documents: their stored text, identity (sha256), title, provenance and attributes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.decoding import DEFAULT_MAX_BYTES, DecodedText, text_sha256
from annotator.core.errors import Conflict, ImportRefused, NotFound
from annotator.core.formats.extracted import PLACES, Extracted, Region, place_of
from annotator.core.importing import (
    ImportResult,
    PreparedFile,
    Refusal,
    collect_text_files,
    document_name_for,
    prepare_files,
)
from annotator.core.model import Change, Document
from annotator.store.coders import coder_clause as _coder_clause
from annotator.store.document_rows import DeletedDocument, restore_rows, rows_of_document
from annotator.store.document_writes import insert_extracted

if TYPE_CHECKING:
    from sqlite_utils import Database

_COLUMNS = (
    "d.id, d.name, d.length, d.sha256, d.source_path, d.encoding, d.line_endings, d.imported_at, "
    "d.title, d.format"
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
        title=str(row[8] or ""),
        format=None if row[9] is None else str(row[9]),
    )


class DocumentStore:
    """Reads and changes the documents of one project."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- reading -------------------------------------------------------------------------------

    def all(self, coder_ids: Sequence[int] | None = None) -> list[Document]:
        """All documents by name, each with its number of codings (of ``coder_ids`` only, if
        given: blind coding shows a coder their own counts)."""
        only, params = _coder_clause(coder_ids)
        rows = self._db.execute(
            f"SELECT {_COLUMNS}, (SELECT count(*) FROM codings c WHERE c.document_id = d.id"
            f"{only}) FROM documents d ORDER BY d.name",
            params,
        ).fetchall()
        return [_document(row, int(row[10])) for row in rows]

    def get(self, document_id: int) -> Document:
        row = self._db.execute(
            f"SELECT {_COLUMNS}, (SELECT count(*) FROM codings c WHERE c.document_id = d.id) "
            "FROM documents d WHERE d.id = ?",
            [document_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"no document with id {document_id}")
        return _document(row, int(row[10]))

    def titles(self) -> dict[str, str]:
        """Each document's title by name ("" when it has none).

        Without the coding counts :meth:`all` adds: cheap enough to read at each agreement
        computation, whose rows name documents by name and whose views show titles.
        """
        rows = self._db.execute("SELECT name, title FROM documents ORDER BY name")
        return {str(name): str(title or "") for name, title in rows}

    def by_name(self, name: str) -> Document:
        row = self._db.execute("SELECT id FROM documents WHERE name = ?", [name]).fetchone()
        if row is None:
            raise NotFound(f"no document named {name!r}")
        return self.get(int(row[0]))

    def by_sha256(self, sha256: str) -> list[Document]:
        """Documents whose stored text or original file has this SHA-256."""
        rows = self._db.execute(
            "SELECT id FROM documents WHERE sha256 = ? UNION "
            "SELECT document_id FROM document_sources WHERE sha256 = ? ORDER BY 1",
            [sha256.lower(), sha256.lower()],
        ).fetchall()
        return [self.get(int(row[0])) for row in rows]

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
        rows = self._db.execute(
            "SELECT name FROM document_attributes UNION SELECT name FROM attribute_types ORDER BY 1"
        )
        return [str(row[0]) for row in rows]

    def source(self, document_id: int) -> tuple[str, bytes]:
        """The original file's name and bytes, as imported."""
        self.get(document_id)
        row = self._db.execute(
            "SELECT file_name, data FROM document_sources WHERE document_id = ?", [document_id]
        ).fetchone()
        if row is None:
            raise NotFound(
                f"document {self.get(document_id).name!r} has no original file kept "
                "(added as text, or imported before originals were kept)"
            )
        return str(row[0]), bytes(row[1])

    def regions(self, document_id: int, kind: str | None = None) -> list[Region]:
        """Pages, cues, headings... of a document, in text order."""
        sql = "SELECT kind, span_start, span_end, label FROM document_regions WHERE document_id = ?"
        params: list[Any] = [document_id]
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        rows = self._db.execute(sql + " ORDER BY span_start, rowid", params)
        return [Region(str(k), int(s), int(e), str(label)) for k, s, e, label in rows]

    def location(self, document_id: int, offset: int) -> str:
        """Where ``offset`` is in the original: ``p. 4`` (PDF), ``00:12:31`` (subtitles), or ''."""
        return place_of([r for r in self.regions(document_id) if r.kind in PLACES], offset)

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
        extracted = Extracted(
            decoded.text, "txt", encoding=decoded.encoding, line_endings=decoded.line_endings
        )
        with self._db.atomic():
            self._check_new(decoded.sha256, name, allow_duplicate)
            document_id = insert_extracted(self._db, extracted, name, source_path, None, {})
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
        full_page: bool = False,
    ) -> list[ImportResult]:
        """Import files of every supported format, and folders of them, as one transaction."""
        files = collect_text_files(paths)
        prepared = prepare_files(files, max_bytes=max_bytes, full_page=full_page)
        return self.add_prepared(prepared, allow_duplicates=allow_duplicates)

    def add_prepared(
        self, prepared: Iterable[PreparedFile | Refusal], *, allow_duplicates: bool = False
    ) -> list[ImportResult]:
        """Store files already read (see :func:`prepare_files`) together, all or nothing.

        Refused files and duplicates are reported and the others go on; the accepted ones
        are stored in one transaction with their original bytes, regions and metadata.
        """
        results: list[ImportResult] = []
        accepted: list[tuple[PreparedFile, str]] = []
        taken = {str(row[0]) for row in self._db.execute("SELECT name FROM documents")}
        seen = {str(row[0]) for row in self._db.execute("SELECT sha256 FROM documents")}
        for item in prepared:
            if isinstance(item, Refusal):
                results.append(ImportResult(str(item.path), None, None, item.message))
                continue
            sha = text_sha256(item.extracted.text)
            if not allow_duplicates and sha in seen:
                results.append(ImportResult(str(item.path), None, None, (
                    f"{item.path.name}: the same text is already in the project "
                    "(import duplicates to keep both)"
                )))  # fmt: skip
                continue
            name = document_name_for(item.path, taken)
            taken.add(name)
            seen.add(sha)
            accepted.append((item, name))
        with self._db.atomic():
            types = self._types()
            for item, name in accepted:
                document_id = insert_extracted(
                    self._db, item.extracted, name, str(item.path),
                    (item.path.name, item.source_sha256, item.source), types,
                )  # fmt: skip
                summary = _summary(item, name)
                results.append(ImportResult(str(item.path), name, document_id, summary))
        return results

    def rename(self, document_id: int, name: str) -> Change:
        """Give a document a new unique name (its title stays)."""
        old = self.get(document_id)
        name = name.strip()
        if not name:
            raise Conflict("a document name cannot be empty")
        if (
            name != old.name
            and self._db.execute("SELECT 1 FROM documents WHERE name = ?", [name]).fetchone()
        ):
            raise Conflict(f"a document named {name!r} already exists")
        with self._db.atomic():
            self._db.execute("UPDATE documents SET name = ? WHERE id = ?", [name, document_id])
        return Change(f"Renamed {old.name} to {name}", "document", updated=(document_id,),
                      before=(old,))  # fmt: skip

    def set_title(self, document_id: int, title: str) -> Change:
        old = self.get(document_id)
        with self._db.atomic():
            self._db.execute(
                "UPDATE documents SET title = ? WHERE id = ?", [title.strip(), document_id]
            )
        return Change(f"Set the title of {old.name}", "document", updated=(document_id,),
                      before=(old,))  # fmt: skip

    def set_attribute(self, document_id: int, name: str, value: str) -> Change:
        """Set one attribute as text, unchecked (the attribute store checks types)."""
        self.get(document_id)
        with self._db.atomic():
            self._db.execute(
                "INSERT INTO document_attributes (document_id, name, value) VALUES (?, ?, ?) "
                "ON CONFLICT (document_id, name) DO UPDATE SET value = excluded.value",
                [document_id, name, value],
            )
        return Change(f"Set {name} of document {document_id}", "document", updated=(document_id,))

    def delete(self, document_id: int) -> Change:
        """Delete a document with its codings, memo, statuses, original and regions.

        The change's ``before`` holds a :class:`DeletedDocument` with every row, so
        :meth:`restore` can undo the deletion exactly (same ids, same codings).
        """
        old = self.get(document_id)
        with self._db.atomic():
            snapshot = rows_of_document(self._db, document_id)
            self._db.execute("DELETE FROM documents WHERE id = ?", [document_id])
        plural = "" if old.codings == 1 else "s"
        return Change(
            f"Deleted document {old.name} with {old.codings} coding{plural}", "document",
            removed=(document_id,), document_ids=frozenset({document_id}), before=(snapshot,),
        )  # fmt: skip

    def restore(self, snapshot: DeletedDocument) -> Change:
        """Put a deleted document back with everything that went with it."""
        with self._db.atomic():
            restore_rows(self._db, snapshot)
        return Change(
            f"Restored document {snapshot.name}", "document", added=(snapshot.document_id,),
            document_ids=frozenset({snapshot.document_id}),
        )  # fmt: skip

    def _types(self) -> dict[str, str]:
        rows = self._db.execute("SELECT name, type FROM attribute_types")
        return {str(name): str(kind) for name, kind in rows}

    def _check_new(self, sha256: str, name: str, allow_duplicate: bool) -> None:
        if self._db.execute("SELECT 1 FROM documents WHERE name = ?", [name]).fetchone():
            raise Conflict(f"a document named {name!r} already exists")
        if not allow_duplicate:
            row = self._db.execute(
                "SELECT name FROM documents WHERE sha256 = ?", [sha256]
            ).fetchone()
            if row is not None:
                raise ImportRefused(
                    f"{name}: the same text is already in the project as {row[0]!r}"
                )


def _summary(item: PreparedFile, name: str) -> str:
    extracted = item.extracted
    details = [f"{len(extracted.text):,} characters", extracted.format]
    pages = sum(1 for r in extracted.regions if r.kind == "page")
    cues = sum(1 for r in extracted.regions if r.kind == "cue")
    if pages:
        details.append(f"{pages} page{'s' if pages != 1 else ''}")
    if cues:
        details.append(f"{cues} cues")
    if extracted.encoding and extracted.format in ("txt", "md", "srt", "vtt"):
        details.append(f"{extracted.encoding}, {extracted.line_endings} line endings")
    return f"imported as {name!r}: " + ", ".join(details)
