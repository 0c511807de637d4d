"""The export command: coded spans, the codebook."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli import cli
from annotator.cli.blind_scope import blind_coders, refuse_in_blind_copy
from annotator.cli.project_cmds import PROJECT
from annotator.cli.targets import FORCE, check_outputs, report
from annotator.core.attributes import parse_filters
from annotator.core.codebook_csv import EXPORT_COLUMNS
from annotator.core.csvformat import write_csv
from annotator.core.offsets import UNITS
from annotator.core.wording import plural
from annotator.store import Project
from annotator.store.exports import (
    ExportFilter,
    adjudication_export,
    codebook_export,
    coding_export,
)
from annotator.store.qdpx_io import export_qdpx
from annotator.store.review import ADJUDICATION_COLUMNS

OUT = click.Path(dir_okay=False, path_type=Path)


@cli.command()
@PROJECT
@click.option("--csv", "csv_out", type=OUT, help="Write coded spans to this CSV file.")
@click.option(
    "--excel",
    is_flag=True,
    help="Spreadsheet-safe CSV: BOM, CRLF, formula-like cells prefixed with '.",
)
@click.option("--coder", "coders", multiple=True, help="Only this coder (repeatable).")
@click.option(
    "--code", "codes", multiple=True, help="Only this code and its children (repeatable)."
)
@click.option("--document", "documents", multiple=True, help="Only this document (repeatable).")
@click.option("--where", "where", multiple=True, metavar="ATTRIBUTE=VALUE",
              help="Only documents whose attribute matches (=, !=, <, <=, >, >=, ~ contains); "
              "repeatable, all must hold.")  # fmt: skip
@click.option("--codebook-csv", type=OUT, help="Write the codebook to this CSV file.")
@click.option("--adjudications-csv", type=OUT,
              help="Write the adjudication audit trail to this CSV file.")  # fmt: skip
@click.option("--qdpx", type=OUT, help="Write the whole project as a REFI-QDA .qdpx file.")
@click.option("--offsets", type=click.Choice(UNITS), default="codepoints", show_default=True,
              help="Positions in the .qdpx: code points or utf16 (for NVivo).")  # fmt: skip
@FORCE
def export(
    project: Path,
    csv_out: Path | None,
    excel: bool,
    coders: tuple[str, ...],
    codes: tuple[str, ...],
    documents: tuple[str, ...],
    where: tuple[str, ...],
    codebook_csv: Path | None,
    adjudications_csv: Path | None,
    qdpx: Path | None = None,
    offsets: str = "codepoints",
    force: bool = False,
) -> None:
    """Export coded spans, the codebook, the adjudication trail, the whole project as .qdpx.

    Files appear only when complete; OUT may be - (standard output). The project itself, its
    -wal/-shm and other SQLite files are never overwritten (--force for the latter).
    """
    if not (csv_out or codebook_csv or adjudications_csv or qdpx):
        raise click.UsageError(
            "say what to export: --csv OUT, --codebook-csv OUT, --adjudications-csv OUT "
            "and/or --qdpx OUT"
        )
    to_stdout = check_outputs(
        project, (csv_out, codebook_csv, adjudications_csv, qdpx), force=force
    )
    with Project.open(project) as opened:
        if adjudications_csv:
            refuse_in_blind_copy(opened, "the adjudication trail")
        locked = opened.settings.blind_lock is not None
        # A blind coder copy: its coder's codings only, in the CSV and in the .qdpx.
        own = blind_coders(opened, coders) if (csv_out or qdpx) and locked else coders
        if csv_out:
            chosen = ExportFilter(own, codes, documents, parse_filters(where))
            header, rows = coding_export(opened, chosen)
            count = write_csv(csv_out, header, rows, excel=excel)
            report(f"wrote {plural(count, 'coding')} to {csv_out}", to_stdout=to_stdout)
        if codebook_csv:
            count = write_csv(codebook_csv, EXPORT_COLUMNS, codebook_export(opened), excel=excel)
            report(f"wrote {plural(count, 'code')} to {codebook_csv}", to_stdout=to_stdout)
        if adjudications_csv:
            trail = adjudication_export(opened)
            count = write_csv(adjudications_csv, ADJUDICATION_COLUMNS, trail, excel=excel)
            report(
                f"wrote {plural(count, 'adjudication')} to {adjudications_csv}", to_stdout=to_stdout
            )
        if qdpx:
            count = export_qdpx(opened, qdpx, offsets=offsets, coders=own if locked else ())
            report(
                f"wrote {plural(count, 'coding')} to {qdpx} (positions in {offsets})",
                to_stdout=to_stdout,
            )
