"""Commands for reading what was coded: segments (with code queries)."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli import cli
from annotator.cli.output import FORMATS, emit
from annotator.cli.project_cmds import PROJECT
from annotator.core.segments import SEGMENT_COLUMNS
from annotator.store import Project
from annotator.store.analysis import SegmentFilter, coded_segments, parse_where, query_segments

CODE = click.option(
    "--code",
    "codes",
    multiple=True,
    metavar="PATH",
    help="Only this code and its children (repeatable).",
)
CODER = click.option(
    "--coder",
    "coders",
    multiple=True,
    metavar="NAME",
    help="Only codings of this coder (repeatable).",
)
DOCUMENT = click.option(
    "--document",
    "documents",
    multiple=True,
    metavar="NAME",
    help="Only this document (repeatable).",
)
WHERE = click.option(
    "--where",
    "where",
    multiple=True,
    metavar="ATTRIBUTE=VALUE",
    help="Only documents with this attribute value (repeatable; all must hold).",
)


@cli.command()
@PROJECT
@CODE
@CODER
@DOCUMENT
@WHERE
@click.option(
    "--query",
    metavar="EXPR",
    help="A code query, e.g. 'Stance AND \"Actors/Russia\"@alice' (see the README).",
)
@click.option(
    "--context",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Characters of context either side of each segment.",
)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def segments(
    project: Path,
    codes: tuple[str, ...],
    coders: tuple[str, ...],
    documents: tuple[str, ...],
    where: tuple[str, ...],
    query: str | None,
    context: int,
    fmt: str,
) -> None:
    """List coded segments with their text: by code, coder, document, or a code query.

    With --query the rows are the spans the query selects (exact code-point offsets); --code
    cannot be combined with it, the other filters can.
    """
    if query is not None and codes:
        raise click.UsageError("give --code or --query, not both")
    chosen = SegmentFilter(codes, coders, documents, parse_where(where))
    with Project.open(project) as opened:
        if query is not None:
            found = query_segments(opened, query, chosen, context)
        else:
            found = coded_segments(opened, chosen, context)
    emit(SEGMENT_COLUMNS, [segment.row() for segment in found], fmt)
