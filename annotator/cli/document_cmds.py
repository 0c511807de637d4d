"""Commands about single documents: their original file, attributes, name, title, deletion."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli import cli
from annotator.cli.output import FORMATS, emit
from annotator.cli.project_cmds import PROJECT
from annotator.core.atomic import atomic_write_bytes
from annotator.core.attributes import TYPES
from annotator.core.csvformat import read_csv_dicts
from annotator.core.errors import AnnotatorError
from annotator.store import Project


@cli.command()
@PROJECT
@click.option("--document", "name", required=True, help="Document name.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write the original bytes to.")  # fmt: skip
def source(project: Path, name: str, out: Path) -> None:
    """Write the original file a document was imported from, byte for byte."""
    with Project.open(project) as opened:
        file_name, data = opened.documents.source(opened.documents.by_name(name).id)
    with atomic_write_bytes(out) as handle:
        handle.write(data)
    click.echo(f"wrote {len(data):,} bytes of {file_name} to {out}")


@cli.command()
@PROJECT
@click.argument("csv_file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--type", "types", multiple=True, metavar="NAME=TYPE",
              help="Declare an attribute text, number or date (repeatable).")  # fmt: skip
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def attributes(project: Path, csv_file: Path | None, types: tuple[str, ...], fmt: str) -> None:
    """Set document attributes from a CSV (keyed by document or sha256), or list them.

    Columns other than the key are attributes; ``words:number`` or ``published:date`` in the
    header gives the type, a ``title`` column sets titles. Unknown documents are named and
    nothing changes. Without CSV_FILE, print every document's attributes.
    """
    with Project.open(project) as opened:
        with opened.transaction():
            for item in types:
                name, _, kind = item.partition("=")
                if kind not in TYPES:
                    raise AnnotatorError(f"--type needs NAME=text|number|date, not {item!r}")
                opened.attributes.set_type(name, kind)
            if csv_file is not None:
                header, rows = read_csv_dicts(csv_file)
                change = opened.attributes.apply_csv(header, rows, csv_file.name)
                click.echo(f"{change.summary}: {len(change.before)} values on "
                           f"{len(change.updated)} documents")  # fmt: skip
        if csv_file is None:
            kinds = opened.attributes.types()
            values = opened.attributes.values()
            header = ["document", "title", *(f"{n}:{k}" for n, k in kinds.items())]
            listing = [
                [d.name, d.title, *(values.get(d.id, {}).get(n, "") for n in kinds)]
                for d in opened.documents.all()
            ]
            emit(header, listing, fmt)


@cli.group()
def document() -> None:
    """Rename a document, set its title, delete it."""


@document.command(name="rename")
@PROJECT
@click.argument("name")
@click.argument("new_name")
def document_rename(project: Path, name: str, new_name: str) -> None:
    """Give a document a new unique name (codings stay with it)."""
    with Project.open(project) as opened:
        change = opened.documents.rename(opened.documents.by_name(name).id, new_name)
    click.echo(change.summary)


@document.command(name="title")
@PROJECT
@click.argument("name")
@click.argument("title")
def document_title(project: Path, name: str, title: str) -> None:
    """Set the title lists show for a document (empty: show its name)."""
    with Project.open(project) as opened:
        change = opened.documents.set_title(opened.documents.by_name(name).id, title)
    click.echo(change.summary)


@document.command(name="delete")
@PROJECT
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def document_delete(project: Path, name: str, yes: bool) -> None:
    """Delete a document with its codings, memo, statuses and original file."""
    with Project.open(project) as opened:
        doc = opened.documents.by_name(name)
        if not yes:
            plural = "" if doc.codings == 1 else "s"
            click.confirm(f"Delete {doc.name} and its {doc.codings} coding{plural}?", abort=True)
        change = opened.documents.delete(doc.id)
    click.echo(change.summary)
