"""The coded-spans CSV: one row per coding, the format scripts in R or pandas rely on.

Columns, in this order: ``coding_id, document, document_id, document_sha256, code, code_path,
coder, start, end, text, memo, created_at, auto_rule``; the export adds ``document_title,
location`` (the page or cue time where the coding starts), then one column per document
attribute. ``start``
and ``end`` count code points of the stored text, half-open; ``text`` is ``stored[start:end]``.
``auto_rule`` is the search rule of an auto-coding (empty for a coder's own), so a CSV round trip
keeps auto-codings marked and agreement can still leave them out.
"""

from __future__ import annotations

from functools import partial
from operator import itemgetter
from typing import NamedTuple

from annotator.core.codepaths import split_code_path
from annotator.core.errors import AnnotatorError, FormatError

CODING_COLUMNS = (
    "coding_id", "document", "document_id", "document_sha256", "code", "code_path", "coder",
    "start", "end", "text", "memo", "created_at", "auto_rule",
)  # fmt: skip


class CodingRow(NamedTuple):
    """One row of a codings CSV to import, checked for shape but not yet against a project.

    A named tuple, not a frozen dataclass: an import makes 100,000 of them, and a tuple is
    made several times faster.
    """

    line: int
    document: str | None
    document_sha256: str | None
    code_path: str
    coder: str
    start: int
    end: int
    memo: str
    text: str | None
    auto_rule: str | None = None


def parse_coding_rows(header: list[str], rows: list[dict[str, str]], name: str) -> list[CodingRow]:
    """Check the columns and types of an imported codings CSV; name every bad row."""
    needed = {"code_path", "coder", "start", "end"}
    missing = sorted(needed - set(header))
    if "document" not in header and "document_sha256" not in header:
        missing.insert(0, "document or document_sha256")
    if missing:
        raise FormatError(
            f"{name}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
        )
    parsed: list[CodingRow] = []
    problems: list[str] = []
    paths: dict[str, str] = {}  # a file names few code paths many times: normalise each once
    for line, row in enumerate(rows, start=2):
        try:
            parsed.append(_parse_row(line, row, paths))
        except (AnnotatorError, ValueError) as err:
            problems.append(f"row {line}: {err}")
    if problems:
        raise FormatError(f"{name}: {len(problems)} invalid row(s): " + "; ".join(problems[:10]))
    return parsed


def _parse_row(line: int, row: dict[str, str], paths: dict[str, str]) -> CodingRow:
    document = (row.get("document") or "").strip() or None
    sha = (row.get("document_sha256") or "").strip().lower() or None
    if document is None and sha is None:
        raise AnnotatorError("no document or document_sha256")
    coder = (row.get("coder") or "").strip()
    if not coder:
        raise AnnotatorError("no coder")
    raw_path = row.get("code_path") or ""
    path = paths.get(raw_path)
    if path is None:
        path = paths[raw_path] = "/".join(split_code_path(raw_path))
    try:
        start, end = int(row["start"]), int(row["end"])
    except (TypeError, ValueError, KeyError) as err:
        raise AnnotatorError("start and end must be whole numbers") from err
    # An empty text cell means "not given": a coding always covers at least one character.
    text = row.get("text") or None
    rule = row.get("auto_rule") or None
    return CodingRow(
        line, document, sha, path, coder, start, end, row.get("memo") or "", text, rule
    )


def coding_rows_from_table(header: list[str], table: list[list[str]]) -> list[CodingRow] | None:
    """The rows :func:`parse_coding_rows` makes, column by column, or None if any is irregular.

    Parsing row by row (a dict, a dozen lookups and a call per row) took most of an import's
    time. A file whose rows all have the header's width and valid cells is parsed here a
    column at a time; for anything else (missing columns, short or long rows, a bad cell)
    this gives up and the caller runs :func:`parse_coding_rows`, which words the refusals.
    """
    width = len(header)
    index = {column: i for i, column in enumerate(header)}  # the last of a repeated name
    widths = set(map(len, table))
    if not {"code_path", "coder", "start", "end"} <= index.keys() or not widths <= {width}:
        return None

    def column(name: str) -> list[str]:
        return list(map(itemgetter(index[name]), table)) if name in index else [""] * len(table)

    documents = [cell.strip() or None for cell in column("document")]
    shas = [cell.strip().lower() or None for cell in column("document_sha256")]
    coders = [cell.strip() for cell in column("coder")]
    if not all(coders) or any(
        d is None and s is None for d, s in zip(documents, shas, strict=True)
    ):
        return None
    try:
        paths = {raw: "/".join(split_code_path(raw)) for raw in set(column("code_path"))}
        starts = list(map(int, column("start")))
        ends = list(map(int, column("end")))
    except (AnnotatorError, ValueError):
        return None
    # tuple.__new__ straight from zip: the named tuple's own constructor is Python, per row.
    make = partial(tuple.__new__, CodingRow)
    return list(
        map(
            make,
            zip(
                range(2, len(table) + 2),
                documents,
                shas,
                map(paths.__getitem__, column("code_path")),
                coders,
                starts,
                ends,
                column("memo"),
                [cell or None for cell in column("text")],
                [cell or None for cell in column("auto_rule")],
                strict=True,
            ),
        )
    )
