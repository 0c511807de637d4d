"""Tables to an XLSX workbook with openpyxl (one sheet per table), written atomically."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from annotator.core.atomic import atomic_write_bytes

Sheet = tuple[str, Sequence[str], Sequence[Sequence[object]]]


def write_xlsx(path: str | Path, sheets: Sequence[Sheet]) -> None:
    """Write ``(title, header, rows)`` sheets; a text cell never becomes a formula."""
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(_title(title))
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(list(row))
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":  # text that starts with "=" stays text, unchanged
                    cell.data_type = "s"
        sheet.freeze_panes = "B2"
        widest = max((len(str(row[0])) for row in rows), default=10)
        sheet.column_dimensions["A"].width = min(60, widest + 2)
    with atomic_write_bytes(path) as handle:
        book.save(handle)


def _title(text: str) -> str:
    """Sheet titles: at most 31 characters, none of ``[]:*?/\\``."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in text)
    return clean[:31] or "Sheet"
