"""Commands for reading what was coded and coding by search: segments, autocode, report."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli import cli
from annotator.cli.blind_scope import blind_filter
from annotator.cli.output import FORMATS, emit
from annotator.cli.project_cmds import PROJECT
from annotator.core.search import SCOPES, Mode, Scope, SearchSpec
from annotator.core.segments import SEGMENT_COLUMNS
from annotator.core.wording import plural
from annotator.store import Project
from annotator.store.analysis import (
    SegmentFilter,
    coded_segments,
    document_scope,
    parse_where,
    query_segments,
    texts,
)
from annotator.store.autocode import apply_autocode, plan_autocode
from annotator.store.report_source import write_report

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
    help="Only documents whose attribute matches (=, !=, <, <=, >, >=, ~ contains); "
    "repeatable, all must hold.",
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
        chosen = blind_filter(opened, chosen)  # a blind coder copy: its coder's only
        if query is not None:
            found = query_segments(opened, query, chosen, context)
        else:
            found = coded_segments(opened, chosen, context)
    emit(SEGMENT_COLUMNS, [segment.row() for segment in found], fmt)


@cli.command()
@PROJECT
@click.option("--code", "code_path", required=True, metavar="PATH", help="The code to apply.")
@click.option("--coder", required=True, metavar="NAME",
              help="The coder (any case or spacing; a new name adds one).")  # fmt: skip
@click.option("--match", "match", metavar="TEXT", help="Plain text to find.")
@click.option("--regex", metavar="RE", help="A Python regular expression to find.")
@click.option("--word", is_flag=True, help="--match only as a whole word or phrase.")
@click.option("--case-sensitive", is_flag=True, help="Match upper and lower case exactly.")
@click.option("--scope", type=click.Choice(SCOPES), default="hit", show_default=True,
              help="Code the hit itself, its sentence or its paragraph.")  # fmt: skip
@click.option("--within", metavar="CODE", help="Only hits inside segments of this code (clipped).")
@DOCUMENT
@click.option("--dry-run", is_flag=True, help="Show what would be coded; change nothing.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def autocode(
    project: Path,
    code_path: str,
    coder: str,
    match: str | None,
    regex: str | None,
    word: bool,
    case_sensitive: bool,
    scope: Scope,
    within: str | None,
    documents: tuple[str, ...],
    dry_run: bool,
    fmt: str,
) -> None:
    """Search all documents and code the hits, their sentences or paragraphs.

    One transaction: everything is coded or nothing. Spans the coder already has with this
    code are skipped. Auto-codings are marked with their rule (agreement can leave them out).
    """
    if (match is None) == (regex is None):
        raise click.UsageError("give --match TEXT or --regex RE")
    if word and regex is not None:
        raise click.UsageError("--word goes with --match")
    mode: Mode = "regex" if regex is not None else ("word" if word else "plain")
    spec = SearchSpec(regex if regex is not None else match or "", mode, case_sensitive)
    with Project.open(project) as opened:
        only = document_scope(opened, SegmentFilter(documents=documents))
        opened.coders.refuse_consensus(coder)
        if not dry_run and (chosen := opened.coders.for_coding(coder)).added:
            click.echo(f"new coder {chosen.coder.name!r} added", err=True)
        plan = plan_autocode(opened, code_path, coder, spec, scope=scope, within=within,
                             document_ids=only)  # fmt: skip
        names = {doc.id: doc.name for doc in opened.documents.all()}
        bodies = texts(opened, {u[0] for u in plan.new})
        if not dry_run:
            apply_autocode(opened, plan)
    rows = [[names[d], s, e, bodies[d][s:e]] for d, s, e in plan.new]
    emit(("document", "start", "end", "text"), rows, fmt)
    verb = "would code" if dry_run else "coded"
    click.echo(f"{plural(len(plan.hits), 'hit')}; {verb} {plural(len(plan.new), 'span')}; "
               f"{plan.existing} already coded", err=True)  # fmt: skip


@cli.command()
@PROJECT
@click.option("--html", type=click.Path(dir_okay=False, path_type=Path), help="Write HTML here.")
@click.option("--rtf", type=click.Path(dir_okay=False, path_type=Path), help="Write RTF here.")
@click.option("--latex", type=click.Path(dir_okay=False, path_type=Path), help="Write LaTeX here.")
@CODE
@CODER
@DOCUMENT
@WHERE
def report(
    project: Path,
    html: Path | None,
    rtf: Path | None,
    latex: Path | None,
    codes: tuple[str, ...],
    coders: tuple[str, ...],
    documents: tuple[str, ...],
    where: tuple[str, ...],
) -> None:
    """Write a report of the coded documents: highlights, legend, memos, codebook.

    With --code, only that code (and its children) is shown, and every segment of it is
    listed. HTML is one self-contained file; RTF opens in Word and LibreOffice.
    """
    targets = [(kind, path) for kind, path in (("html", html), ("rtf", rtf), ("latex", latex))
               if path is not None]  # fmt: skip
    if len(targets) != 1:
        raise click.UsageError("give one of --html OUT.html, --rtf OUT.rtf or --latex OUT.tex")
    kind, out = targets[0]
    chosen = SegmentFilter(codes, coders, documents, parse_where(where))
    with Project.open(project) as opened:
        chosen = blind_filter(opened, chosen)  # a blind coder copy: its coder's only
        count = write_report(opened, out, kind, chosen)
    click.echo(f"wrote {out}: {plural(count, 'document')}")
