"""Commands for tables and charts: frequencies, cooccurrence, chart."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli import cli
from annotator.cli.analysis_cmds import CODE, CODER, DOCUMENT, WHERE
from annotator.cli.blind_scope import blind_filter
from annotator.cli.output import FORMATS, emit
from annotator.cli.project_cmds import PROJECT
from annotator.core.segments import SEGMENT_COLUMNS
from annotator.core.spreadsheet import write_xlsx
from annotator.core.tables import COUNTS, MEASURES, Table
from annotator.store import Project
from annotator.store.analysis import SegmentFilter, parse_where
from annotator.store.tables import cooccurrence_segments, cooccurrence_table, frequency_table

XLSX = click.option(
    "--xlsx",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the table to this XLSX workbook.",
)


def _emit_table(table: Table, fmt: str, xlsx: Path | None, title: str) -> None:
    header, rows = table.records()
    if xlsx is not None:
        write_xlsx(xlsx, [(title, header, rows)])
        click.echo(f"wrote {xlsx}", err=True)
    emit(header, rows, fmt)


@cli.command()
@PROJECT
@click.option(
    "--measure",
    type=click.Choice(MEASURES),
    default="codings",
    show_default=True,
    help="Count codings, characters coded (union), or documents with the code.",
)
@click.option(
    "--by",
    "by",
    type=click.Choice(["document", "coder"]),
    default="document",
    show_default=True,
    help="Columns: documents or coders.",
)
@click.option(
    "--attribute",
    metavar="NAME",
    help="Columns: the values of this document attribute (e.g. outlet).",
)
@CODE
@CODER
@DOCUMENT
@WHERE
@XLSX
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def frequencies(
    project: Path,
    measure: str,
    by: str,
    attribute: str | None,
    codes: tuple[str, ...],
    coders: tuple[str, ...],
    documents: tuple[str, ...],
    where: tuple[str, ...],
    xlsx: Path | None,
    fmt: str,
) -> None:
    """Code frequencies: codes × documents, coders or attribute values, with a total."""
    chosen = SegmentFilter(codes, coders, documents, parse_where(where))
    with Project.open(project) as opened:
        chosen = blind_filter(opened, chosen)  # a blind coder copy: its coder's only
        table = frequency_table(
            opened,
            measure=measure,
            by="attribute" if attribute else by,
            attribute=attribute,
            chosen=chosen,
        )
    _emit_table(table, fmt, xlsx, f"Frequencies ({measure})")


@cli.command()
@PROJECT
@click.option(
    "--count",
    type=click.Choice(COUNTS),
    default="segments",
    show_default=True,
    help="Count segment pairs, or documents where the codes co-occur.",
)
@click.option(
    "--distance",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Segments within this many characters co-occur (0: overlapping or touching).",
)
@click.option(
    "--segments-of",
    nargs=2,
    metavar="CODE_A CODE_B",
    help="Instead of the table, list the segments behind one cell.",
)
@CODE
@CODER
@DOCUMENT
@WHERE
@XLSX
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def cooccurrence(
    project: Path,
    count: str,
    distance: int,
    segments_of: tuple[str, str] | None,
    codes: tuple[str, ...],
    coders: tuple[str, ...],
    documents: tuple[str, ...],
    where: tuple[str, ...],
    xlsx: Path | None,
    fmt: str,
) -> None:
    """Code co-occurrence: codes × codes; the diagonal holds each code's own total."""
    chosen = SegmentFilter(codes, coders, documents, parse_where(where))
    with Project.open(project) as opened:
        chosen = blind_filter(opened, chosen)  # a blind coder copy: its coder's only
        if segments_of:
            a, b = (opened.codes.by_path(path).id for path in segments_of)
            found = cooccurrence_segments(opened, a, b, distance=distance, chosen=chosen)
            emit(SEGMENT_COLUMNS, [segment.row() for segment in found], fmt)
            return
        table = cooccurrence_table(opened, count=count, distance=distance, chosen=chosen).table()
    _emit_table(table, fmt, xlsx, f"Co-occurrence ({count})")


@cli.command()
@PROJECT
@click.option("--bars", "kind", flag_value="bars", help="Code frequencies as bars.")
@click.option("--heatmap", "kind", flag_value="heatmap", help="The co-occurrence heat map.")
@click.option("--codeline", metavar="DOCUMENT", help="One document's codes along its text.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write: .png or .svg.")  # fmt: skip
@click.option("--measure", type=click.Choice(MEASURES), default="codings", show_default=True,
              help="What the bars count.")  # fmt: skip
@click.option("--count", type=click.Choice(COUNTS), default="segments", show_default=True,
              help="What the heat map counts.")  # fmt: skip
@click.option("--distance", type=click.IntRange(min=0), default=0, show_default=True,
              help="Heat map: segments within this many characters co-occur.")  # fmt: skip
@CODE
@CODER
def chart(
    project: Path,
    kind: str | None,
    codeline: str | None,
    out: Path,
    measure: str,
    count: str,
    distance: int,
    codes: tuple[str, ...],
    coders: tuple[str, ...],
) -> None:
    """Draw a chart (bars, heat map or codeline) to PNG or SVG, with Qt, without a display."""
    if (kind is None) == (codeline is None):
        raise click.UsageError("give one of --bars, --heatmap or --codeline DOCUMENT")
    if out.suffix.lower() not in (".png", ".svg"):
        raise click.UsageError("--out must end in .png or .svg")
    from annotator.ui.chart_builders import codeline as build_codeline
    from annotator.ui.chart_builders import cooccurrence_heatmap, frequency_bars
    from annotator.ui.charts import Chart, save_chart, start_offscreen_application

    start_offscreen_application()
    chosen = SegmentFilter(codes, coders)
    drawn: Chart
    with Project.open(project) as opened:
        chosen = blind_filter(opened, chosen)  # a blind coder copy: its coder's only
        if codeline is not None:
            drawn = build_codeline(opened, codeline, chosen.coders)
        elif kind == "bars":
            drawn = frequency_bars(opened, measure, chosen)
        else:
            drawn = cooccurrence_heatmap(opened, count, distance, chosen)
    save_chart(drawn, out)
    click.echo(f"wrote {out}")
