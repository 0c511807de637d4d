"""Operations that take many records at once: codings and codebooks from files, the demo."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.codebook_csv import CodebookEntry, read_codebook_csv
from annotator.core.coded_csv import CodingRow, coding_rows_from_table, parse_coding_rows
from annotator.core.csvformat import read_csv_dicts, read_csv_table
from annotator.core.errors import AnnotatorError, FormatError
from annotator.core.model import Change, utc_now
from annotator.core.spans import check_span
from annotator.store.bulk_insert import CodingRow as InsertRow
from annotator.store.bulk_insert import insert_codings

if TYPE_CHECKING:
    from annotator.store.project import Project


CodingKey = tuple[int, int, int, int, int]


@dataclass(frozen=True)
class CodingImport:
    added: int
    skipped: int
    codes_created: int
    coders_created: int
    # New codings of the consensus coder: a CSV carries no adjudication records for them.
    consensus_added: int = 0


def import_codings_csv(project: Project, path: str | Path) -> CodingImport:
    """Import codings from a CSV in the export's columns: all rows, or none if any is bad."""
    header, table = read_csv_table(path)
    rows = coding_rows_from_table(header, table)
    if rows is None:  # something to refuse, or to read as csv.DictReader would: the long way
        header, raw = read_csv_dicts(path)
        rows = parse_coding_rows(header, raw, Path(path).name)
    return import_coding_rows(project, rows, Path(path).name)


def import_coding_rows(project: Project, rows: list[CodingRow], name: str) -> CodingImport:
    document_ids = _document_ids(project, rows, name)
    coders_before = len(project.coders.all())
    codes_before = len(project.codes.all())
    with project.transaction():
        coder_ids = {name: project.coders.ensure(name).id for name in {r.coder for r in rows}}
        code_ids = {code.path: code.id for code in project.codes.all()}
        for path in dict.fromkeys(row.code_path for row in rows):
            if path not in code_ids:
                code_ids[path] = project.codes.ensure_path(path)[0].id
        # One query for what is there already, one statement for what is new: a query per
        # row made 100,000 rows take ten seconds.
        seen = existing_coding_keys(project, list(coder_ids.values()))
        keys = zip(
            document_ids,
            map(code_ids.__getitem__, map(itemgetter(3), rows)),
            map(coder_ids.__getitem__, map(itemgetter(4), rows)),
            map(itemgetter(5), rows),
            map(itemgetter(6), rows),
            strict=True,
        )
        now = utc_now()
        new: list[InsertRow] = []
        for key, row in zip(keys, rows, strict=True):
            if key not in seen:
                seen.add(key)
                new.append((*key, row.memo, now, now, row.auto_rule))
        insert_codings(project.db, new)
        consensus = project.coders.matching(project.settings.consensus_coder)
    consensus_added = 0 if consensus is None else sum(1 for r in new if r[2] == consensus.id)
    return CodingImport(
        len(new), len(rows) - len(new), len(project.codes.all()) - codes_before,
        len(project.coders.all()) - coders_before, consensus_added,
    )  # fmt: skip


def _document_ids(project: Project, rows: list[CodingRow], name: str) -> list[int]:
    """The document of each row, checking its span (and text, if given) against it.

    Raises :class:`FormatError` naming the first ten bad rows.
    """
    documents = {doc.name: doc for doc in project.documents.all()}
    by_sha = {doc.sha256: doc for doc in documents.values()}
    texts: dict[int, str] = {}
    problems: list[str] = []
    ids: list[int] = []
    for line, document, sha, _path, _coder, start, end, _memo, given, _rule in rows:
        doc = documents.get(document) if document else by_sha.get(sha or "")
        if doc is None:
            problems.append(f"row {line}: no document {document or sha!r}")
            continue
        if not 0 <= start < end <= doc.length:
            try:
                check_span(start, end, doc.length)
            except AnnotatorError as err:
                problems.append(f"row {line}: {err}")
                continue
        if given is not None:
            text = texts.get(doc.id)
            if text is None:  # each document's text read once, not once per row
                text = texts[doc.id] = project.documents.text(doc.id)
            if text[start:end] != given:
                problems.append(f"row {line}: text does not match the document at [{start}, {end})")
                continue
        ids.append(doc.id)
    if problems:
        raise FormatError(f"{name}: {len(problems)} invalid row(s): " + "; ".join(problems[:10]))
    return ids


def existing_coding_keys(project: Project, coder_ids: list[int]) -> set[CodingKey]:
    """(document, code, coder, start, end) of every coding by these coders."""
    marks = ", ".join("?" for _ in coder_ids)
    rows = project.db.execute(
        "SELECT document_id, code_id, coder_id, span_start, span_end FROM codings "
        f"WHERE coder_id IN ({marks})",
        coder_ids,
    )
    return {(int(d), int(c), int(r), int(s), int(e)) for d, c, r, s, e in rows}


def import_codebook_entries(project: Project, entries: list[CodebookEntry]) -> Change:
    """Create the codes of a codebook (parents first); existing paths are left as they are."""
    added: list[int] = []
    with project.transaction():
        for entry in entries:
            code, change = project.codes.ensure_path(
                entry.path, color=entry.color, description=entry.description
            )
            if change.added and entry.shortcut:
                project.codes.update(code.id, shortcut=entry.shortcut)
            added.extend(change.added)
    return Change(f"Imported {len(added)} codes", "code", added=tuple(added))


def import_codebook_csv(project: Project, path: str | Path) -> Change:
    return import_codebook_entries(project, read_codebook_csv(path))


def build_demo(project: Project) -> list[str]:
    """Fill an empty project with the seed articles and the starter codebook.

    The articles get their headlines as titles and their outlet and publication date as
    attributes, read from the articles (``resources/demo-attributes.csv``: where an article
    does not name its outlet or year, the CSV says what the text shows instead).
    """
    package = resources.files("annotator")
    with (
        resources.as_file(package / "seeds") as seeds,
        resources.as_file(package / "resources" / "starter-codebook.csv") as codebook,
        resources.as_file(package / "resources" / "demo-attributes.csv") as attributes,
    ):
        results = project.documents.import_paths([seeds])
        import_codebook_csv(project, codebook)
        header, rows = read_csv_dicts(attributes)
        project.attributes.apply_csv(header, rows, attributes.name)
    return [result.message for result in results]
