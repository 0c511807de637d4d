"""Printing rows as an aligned table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

import click

FORMATS = click.Choice(["table", "csv", "json"])


def emit(header: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> None:
    if fmt == "json":
        click.echo(
            json.dumps(
                [dict(zip(header, row, strict=True)) for row in rows], indent=2, ensure_ascii=False
            )
        )
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        click.echo(buffer.getvalue(), nl=False)
    else:
        click.echo(table(header, rows))


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Columns aligned by width; numbers right-aligned; ``None`` shown as ``-``."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [len(name) for name in header]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    numeric = [
        bool(rows) and all(isinstance(row[i], int | float) or row[i] is None for row in rows)
        for i in range(len(header))
    ]
    lines = [_line(header, widths, [False] * len(header))]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(_line(row, widths, numeric) for row in cells)
    return "\n".join(line.rstrip() for line in lines)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value).replace("\n", "⏎")


def _line(row: Sequence[str], widths: list[int], numeric: list[bool]) -> str:
    return "  ".join(
        c.rjust(w) if n else c.ljust(w) for c, w, n in zip(row, widths, numeric, strict=True)
    )
