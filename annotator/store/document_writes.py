"""Writing one extracted file into the project: text, original bytes, regions, metadata."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.attributes import METADATA_TYPES, check_value
from annotator.core.decoding import text_sha256
from annotator.core.errors import AnnotatorError
from annotator.core.formats.extracted import Extracted
from annotator.core.model import utc_now

if TYPE_CHECKING:
    from sqlite_utils import Database


def insert_extracted(
    db: Database,
    extracted: Extracted,
    name: str,
    source_path: str | None,
    source: tuple[str, str, bytes] | None,
    types: dict[str, str],
) -> int:
    """Insert a document inside the caller's transaction and return its id.

    ``source`` is the original file (name, SHA-256, bytes), kept so provenance survives and
    the text can be extracted again. The file's title becomes the document's title; its other
    metadata become attributes, checked against their types (a value that does not fit, say
    an unparseable date, is left out rather than stored wrong).
    """
    text = extracted.text
    cursor = db.execute(
        "INSERT INTO documents (name, text, length, sha256, source_path, encoding, line_endings, "
        "imported_at, title, format) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            name, text, len(text), text_sha256(text), source_path, extracted.encoding,
            extracted.line_endings, utc_now(), extracted.metadata.get("title", ""),
            extracted.format,
        ],
    )  # fmt: skip
    document_id = cursor.lastrowid
    assert document_id is not None
    if source is not None:
        file_name, sha256, data = source
        db.execute(
            "INSERT INTO document_sources (document_id, file_name, sha256, size, data) "
            "VALUES (?, ?, ?, ?, ?)",
            [document_id, file_name, sha256, len(data), data],
        )
    db.conn.executemany(
        "INSERT INTO document_regions (document_id, kind, span_start, span_end, label) "
        "VALUES (?, ?, ?, ?, ?)",
        [(document_id, r.kind, r.start, r.end, r.label) for r in extracted.regions],
    )
    for key, raw in extracted.metadata.items():
        if key == "title":
            continue
        kind = types.get(key) or METADATA_TYPES.get(key, "text")
        try:
            value = check_value(raw, kind, key)
        except AnnotatorError:
            continue
        if key not in types:
            db.execute(
                "INSERT OR IGNORE INTO attribute_types (name, type) VALUES (?, ?)", [key, kind]
            )
            types[key] = kind
        db.execute(
            "INSERT INTO document_attributes (document_id, name, value) VALUES (?, ?, ?)",
            [document_id, key, value],
        )
    return int(document_id)
