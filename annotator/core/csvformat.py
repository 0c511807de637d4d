"""CSV writing shared by every export: RFC 4180, UTF-8, and the spreadsheet-safe variant.

Plain CSV keeps every cell exactly. The ``excel`` variant is meant for spreadsheets: a BOM so
Excel reads UTF-8, CRLF row ends, and any text cell starting with ``= + - @``, tab or CR gets a
leading apostrophe so that the spreadsheet shows it as text instead of running it as a formula
(this alters the cell's text, which is why it is an option).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from annotator.core.atomic import atomic_write
from annotator.core.errors import FormatError

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


def neutralise_formula(cell: Cell) -> Cell:
    """Prefix a text cell that a spreadsheet would evaluate with ``'``."""
    if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES):
        return "'" + cell
    return cell


def write_csv(
    path: str | Path,
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    excel: bool = False,
) -> int:
    """Write a CSV atomically; return the number of data rows written."""
    count = 0
    with atomic_write(path, newline="", encoding="utf-8-sig" if excel else "utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\r\n" if excel else "\n")
        writer.writerow(header)
        for row in rows:
            if excel:
                row = [neutralise_formula(cell) for cell in row]
            writer.writerow(row)
            count += 1
    return count


def read_csv_table(path: str | Path) -> tuple[list[str], list[list[str]]]:
    """Read a UTF-8 CSV (BOM allowed) into its header and rows of cells, blank lines skipped.

    Rows keep the length they have in the file: a caller that needs every column checks.
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            rows = [values for values in reader if values]
    except UnicodeDecodeError as err:
        raise FormatError(f"{Path(path).name}: not UTF-8 text") from err
    except csv.Error as err:
        raise FormatError(f"{Path(path).name}: malformed CSV ({err})") from err
    except OSError as err:
        raise FormatError(f"{Path(path).name}: cannot be read ({err.strerror or err})") from err
    return header, rows


def read_csv_dicts(path: str | Path) -> tuple[list[str], list[dict[str, str]]]:
    """Read a UTF-8 CSV (BOM allowed) into its header and rows."""
    header, table = read_csv_table(path)
    # What csv.DictReader does (blank lines skipped, missing cells None, extra cells
    # in a list under None), at a third of its cost per row.
    rows: list[dict[str, Any]] = []
    width = len(header)
    for values in table:
        row: dict[Any, Any] = dict(zip(header, values, strict=False))
        if len(values) < width:
            row.update(dict.fromkeys(header[len(values) :]))
        elif len(values) > width:
            row[None] = values[width:]
        rows.append(row)
    return header, rows
