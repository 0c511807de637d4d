"""Commands about the project as a whole: new, demo, info, import, documents, text, gui."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import click

from annotator.cli import cli
from annotator.cli.output import FORMATS, emit
from annotator.core.decoding import DEFAULT_MAX_BYTES
from annotator.core.errors import AnnotatorError
from annotator.core.wording import plural
from annotator.store import Project

PROJECT = click.argument("project", type=click.Path(dir_okay=False, path_type=Path))


@cli.command()
@PROJECT
def new(project: Path) -> None:
    """Create an empty project file."""
    Project.create(project).close()
    click.echo(f"created {project}")


@cli.command()
@PROJECT
def demo(project: Path) -> None:
    """Create a project with the five seed articles and the starter codebook."""
    from annotator.store.bulk import build_demo

    with Project.create(project) as opened:
        for line in build_demo(opened):
            click.echo(line)
        counts = opened.counts()
    click.echo(f"created {project}: {plural(counts['documents'], 'document')}, "
               f"{plural(counts['codes'], 'code')}")  # fmt: skip


@cli.command()
@PROJECT
def info(project: Path) -> None:
    """Summarise a project: counts, coders, schema."""
    with Project.open(project) as opened:
        counts = opened.counts()
        click.echo(f"project:    {project}")
        click.echo(f"schema:     {', '.join(sorted(opened.applied_migrations()))}")
        for key, value in counts.items():
            click.echo(f"{key + ':':<11} {value}")
        per_coder: dict[str, int] = {}
        for coding in opened.codings.all():
            name = opened.coders.get(coding.coder_id).name
            per_coder[name] = per_coder.get(name, 0) + 1
        for name, count in sorted(per_coder.items()):
            click.echo(f"  {name}: {plural(count, 'coding')}")


@cli.command(name="import")
@PROJECT
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--max-mb",
    type=float,
    default=DEFAULT_MAX_BYTES / 1_048_576,
    show_default=True,
    help="Refuse files larger than this many megabytes.",
)
@click.option("--allow-duplicates", is_flag=True, help="Import texts already in the project.")
@click.option("--full-page", is_flag=True,
              help="Web pages: keep every visible text, not just the main article.")  # fmt: skip
def import_(
    project: Path, paths: tuple[Path, ...], max_mb: float, allow_duplicates: bool, full_page: bool
) -> None:
    """Import files and folders: .txt .md .docx .pdf .html .odt .rtf .srt .vtt.

    Each file's original bytes are kept in the project. A bad file is reported on one line and
    the rest go on; exits 1 if any file was refused.
    """
    if not (math.isfinite(max_mb) and max_mb > 0):
        raise click.BadParameter("must be a positive number of megabytes", param_hint="--max-mb")
    max_bytes = min(int(max_mb * 1_048_576), sys.maxsize)
    with Project.open(project) as opened:
        results = opened.documents.import_paths(
            paths, max_bytes=max_bytes, allow_duplicates=allow_duplicates,
            full_page=full_page,
        )  # fmt: skip
    if not results:
        raise AnnotatorError("no importable files found in " + ", ".join(str(p) for p in paths))
    for result in results:
        click.echo(result.message if result.ok else f"refused {result.message}", err=not result.ok)
    refused = sum(not r.ok for r in results)
    click.echo(f"{len(results) - refused} imported, {refused} refused")
    if refused:
        sys.exit(1)


@cli.command()
@PROJECT
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def documents(project: Path, fmt: str) -> None:
    """List documents: name, id, sha256, characters, encoding, line endings, codings, title."""
    from annotator.cli.blind_scope import blind_coder_ids

    with Project.open(project) as opened:
        docs = opened.documents.all(blind_coder_ids(opened))  # a blind copy: its coder's count
    header = ["name", "id", "sha256", "characters", "encoding", "line_endings", "codings",
              "title", "format"]  # fmt: skip
    rows = [[d.name, d.id, d.sha256, d.length, d.encoding, d.line_endings, d.codings, d.title,
             d.format] for d in docs]  # fmt: skip
    emit(header, rows, fmt)


@cli.command()
@PROJECT
@click.option("--document", "name", required=True, help="Document name.")
def text(project: Path, name: str) -> None:
    """Print a document's stored text exactly (UTF-8, LF line ends, no added newline)."""
    with Project.open(project) as opened:
        content = opened.documents.text(opened.documents.by_name(name).id)
    sys.stdout.buffer.write(content.encode("utf-8"))
    sys.stdout.buffer.flush()


@cli.command()
@click.argument("project", required=False, type=click.Path(dir_okay=False, path_type=Path))
def gui(project: Path | None) -> None:
    """Open the coding workspace, optionally on PROJECT."""
    from annotator.ui.app import run

    sys.exit(run(project))
