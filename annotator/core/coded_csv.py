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
