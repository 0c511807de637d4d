"""Commands on the codebook and on codings: codes ..., code, uncode, import-codings."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli import cli
from annotator.cli.output import FORMATS, emit
from annotator.cli.project_cmds import PROJECT
from annotator.cli.targets import FORCE, check_outputs
from annotator.core.errors import AnnotatorError
from annotator.core.find import other_white_space
from annotator.core.spans import find_occurrence
from annotator.core.wording import plural
from annotator.store import Project

# SQLite integers are 64-bit: a larger number would raise OverflowError deep in the store.
SQLITE_INT_MAX = 2**63 - 1
POSITION = click.IntRange(0, SQLITE_INT_MAX)


@cli.group()
def codes() -> None:
    """Build and inspect the codebook. Codes are named by path: "Parent/Child"."""


@codes.command(name="add")
@PROJECT
@click.argument("code_path")
@click.option("--color", help="Colour as #RRGGBB (default: next palette colour).")
@click.option("--description", default="", help="What the code means.")
@click.option("--shortcut", help="Key that applies the code in the workspace.")
def codes_add(
    project: Path, code_path: str, color: str | None, description: str, shortcut: str | None
) -> None:
    """Add a code, creating missing parents."""
    with Project.open(project) as opened, opened.transaction():
        # One transaction: a refused shortcut leaves no code behind.
        code, change = opened.codes.ensure_path(code_path, color=color, description=description)
        if not change.added:
            raise AnnotatorError(f"code {code.path!r} already exists")
        if shortcut:
            opened.codes.update(code.id, shortcut=shortcut)
    click.echo(change.summary)


@codes.command(name="list")
@PROJECT
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def codes_list(project: Path, fmt: str) -> None:
    """List codes in tree order with colour, shortcut and number of codings."""
    from annotator.core.codebook_csv import EXPORT_COLUMNS
    from annotator.store.exports import codebook_export

    with Project.open(project) as opened:
        rows = codebook_export(opened)
    emit(EXPORT_COLUMNS, rows, fmt)


@codes.command(name="import")
@PROJECT
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def codes_import(project: Path, source: Path) -> None:
    """Import a codebook: REFI-QDA .qdc, or CSV (code_path[, color, description, shortcut]).

    Codes already in the project (same GUID, or same path for CSV) are kept as they are.
    A malformed or hostile file changes nothing.
    """
    from annotator.store.codebook_io import import_codebook_file

    with Project.open(project) as opened:
        change = import_codebook_file(opened, source)
    click.echo(change.summary)


@codes.command(name="export")
@PROJECT
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@FORCE
def codes_export(project: Path, out: Path, force: bool) -> None:
    """Export the codebook to OUT: .qdc (REFI-QDA, any QDA tool) or .csv."""
    from annotator.store.codebook_io import export_codebook_file

    check_outputs(project, [out], force=force)
    with Project.open(project) as opened:
        count = export_codebook_file(opened, out)
    click.echo(f"wrote {plural(count, 'code')} to {out}")


@codes.command(name="rename")
@PROJECT
@click.argument("code_path")
@click.argument("new_name")
def codes_rename(project: Path, code_path: str, new_name: str) -> None:
    """Rename a code (its codings and GUID stay)."""
    with Project.open(project) as opened:
        change = opened.codes.update(opened.codes.by_path(code_path).id, name=new_name)
    click.echo(change.summary)


@codes.command(name="move")
@PROJECT
@click.argument("code_path")
@click.argument("new_parent", required=False)
@click.option("--top", is_flag=True, help="Move to the top level.")
@click.option("--position", type=POSITION, help="Place among the new siblings (0 = first).")
def codes_move(
    project: Path, code_path: str, new_parent: str | None, top: bool, position: int | None
) -> None:
    """Move a code with its children under NEW_PARENT (or --top)."""
    if (new_parent is None) != top:
        raise click.UsageError("give NEW_PARENT or --top")
    with Project.open(project) as opened:
        parent = None if top else opened.codes.by_path(new_parent or "").id
        change = opened.codes.move(opened.codes.by_path(code_path).id, parent, position)
    click.echo(change.summary)


@codes.command(name="merge")
@PROJECT
@click.argument("source")
@click.argument("target")
def codes_merge(project: Path, source: str, target: str) -> None:
    """Merge SOURCE into TARGET: its codings move, identical ones collapse, SOURCE goes."""
    with Project.open(project) as opened:
        change = opened.codes.merge(
            opened.codes.by_path(source).id, opened.codes.by_path(target).id
        )
    click.echo(change.summary)


@codes.command(name="delete")
@PROJECT
@click.argument("code_path")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def codes_delete(project: Path, code_path: str, yes: bool) -> None:
    """Delete a code, its children and all their codings."""
    with Project.open(project) as opened:
        code = opened.codes.by_path(code_path)
        count = opened.codes.count_codings(code.id)
        if not yes:
            click.confirm(
                f"Delete {code.path} and its {count} coding{'s' if count != 1 else ''}?",
                abort=True,
            )
        change = opened.codes.delete(code.id)
    click.echo(change.summary)


@cli.command()
@PROJECT
@click.option("--document", required=True, help="Document name.")
@click.option("--code", "code_path", required=True, help='Code path, e.g. "Stance/Accusation".')
@click.option("--coder", required=True,
              help="Coder name (any case or spacing; a new name adds one).")  # fmt: skip
@click.option("--start", type=POSITION, help="First code point of the span.")
@click.option("--end", type=POSITION, help="Code point after the span.")
@click.option("--match", "match",
              help="Code this text, not offsets (any white space matches any).")  # fmt: skip
@click.option(
    "--occurrence",
    type=click.IntRange(1, SQLITE_INT_MAX),
    default=1,
    show_default=True,
    help="Which match of --match, counting from 1.",
)
@click.option("--memo", default="", help="A note on this coding.")
def code(
    project: Path,
    document: str,
    code_path: str,
    coder: str,
    start: int | None,
    end: int | None,
    match: str | None,
    occurrence: int,
    memo: str,
) -> None:
    """Code a span of a document: by offsets, or by matching its text."""
    if (match is None) == (start is None or end is None) or (match and (start or end)):
        raise click.UsageError("give either --start and --end, or --match")
    with Project.open(project) as opened:
        doc = opened.documents.by_name(document)
        spaces = ""
        if match is not None:
            text = opened.documents.text(doc.id)
            start, end = find_occurrence(text, match, occurrence)
            spaces = other_white_space(text[start:end], match, start)
        assert start is not None
        assert end is not None
        code_id = opened.codes.by_path(code_path).id
        with opened.transaction():  # a refused coding adds no coder either
            chosen = opened.coders.for_coding(coder)
            change = opened.codings.add(doc.id, code_id, chosen.coder.id, start, end, memo=memo)
    if spaces:
        click.echo(f"matched with other white space than --match: {spaces}", err=True)
    if chosen.added:
        click.echo(f"new coder {chosen.coder.name!r} added", err=True)
    click.echo(f"coding {change.added[0]}: [{start}, {end}) {code_path} by {chosen.coder.name}")


@cli.command()
@PROJECT
@click.option("--document", required=True, help="Document name.")
@click.option("--code", "code_path", required=True, help="Code path.")
@click.option("--coder", required=True, help="Coder name.")
@click.option("--start", type=POSITION, required=True, help="Start of the coding.")
@click.option("--end", type=POSITION, required=True, help="End of the coding.")
def uncode(project: Path, document: str, code_path: str, coder: str, start: int, end: int) -> None:
    """Remove one coding."""
    with Project.open(project) as opened:
        doc = opened.documents.by_name(document)
        found = opened.codings.find(
            doc.id, opened.codes.by_path(code_path).id, opened.coders.by_name(coder).id, start, end
        )
        opened.codings.remove(found.id)
    click.echo(f"removed coding {found.id}")


@cli.command(name="import-codings")
@PROJECT
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_codings(project: Path, source: Path) -> None:
    """Import codings from CSV: document or document_sha256, code_path, coder, start, end.

    Optional memo and text columns; text is checked against the document. Any invalid row
    rejects the whole file. Codings already present are skipped.
    """
    from annotator.store.bulk import import_codings_csv

    with Project.open(project) as opened:
        result = import_codings_csv(opened, source)
    click.echo(
        f"{plural(result.added, 'coding')} imported, {result.skipped} already present; "
        f"{plural(result.codes_created, 'code')} and {plural(result.coders_created, 'coder')} "
        "created"
    )
    if result.consensus_added:
        click.echo(
            f"note: {plural(result.consensus_added, 'consensus coding')} imported without "
            "adjudication records (a CSV carries none); the audit trail does not show how they "
            "were decided",
            err=True,
        )
