"""Commands for team work and exchange: copy-for, merge, import-qdpx (export is in export_cmds)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from annotator.cli import cli
from annotator.cli.project_cmds import PROJECT
from annotator.core.exchange import MergeReport, reports_json
from annotator.core.offsets import UNITS
from annotator.core.wording import plural
from annotator.store import Project
from annotator.store.coder_copy import copy_for as make_copy
from annotator.store.merge import merge_files
from annotator.store.qdpx_io import import_qdpx

MERGE_FORMATS = click.Choice(["table", "json"])


@cli.command(name="copy-for")
@PROJECT
@click.option("--coder", required=True, help="The coder who will code in the copy.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The new project file to write (must not exist).")  # fmt: skip
@click.option("--blind", is_flag=True,
              help="Switch blind coding on in the copy; the coder cannot turn it off.")  # fmt: skip
@click.option("--without-other-coders", is_flag=True,
              help="Leave out other coders and all their work.")  # fmt: skip
def copy_for(project: Path, coder: str, out: Path, blind: bool, without_other_coders: bool) -> None:
    """Make a copy of PROJECT for one coder: documents, codebook, settings."""
    with Project.open(project) as opened:
        own = opened.coders.matching(coder)
        others = [c.name for c in opened.coders.with_codings() if own is None or c.id != own.id]
        made = make_copy(opened, coder, out, blind=blind, without_other_coders=without_other_coders)
    if made.earlier:
        click.echo(f"note: {made.earlier}", err=True)
    if blind and not without_other_coders and others:
        click.echo(
            f"note: the copy holds the codings of {', '.join(others)}; Annotator "
            "shows and exports only the coder's own there, but the file can be read. "
            "--without-other-coders leaves them out of the file.",
            err=True,
        )
    removed = f", {made.removed_codings} other coders' codings left out"
    if not made.removed_codings:
        removed = ""
    click.echo(
        f"wrote {made.path} for {made.coder}: {plural(made.documents, 'document')}, "
        f"{plural(made.codings, 'coding')}{removed}"
    )
    if made.memo_note:
        click.echo(made.memo_note)


@cli.command()
@PROJECT
@click.argument("sources", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))  # fmt: skip
@click.option("--format", "fmt", type=MERGE_FORMATS, default="table", show_default=True)
@click.option("--dry-run", is_flag=True, help="Show what would come in; write nothing.")
@click.option("--restore-deleted", is_flag=True,
              help="Bring back documents deleted in PROJECT (left out otherwise).")  # fmt: skip
def merge(
    project: Path, sources: tuple[Path, ...], fmt: str, dry_run: bool, restore_deleted: bool
) -> None:
    """Merge coder copies (or other projects) into PROJECT, losing nothing.

    Documents match by the SHA-256 of their text, codes by GUID then path, coders by name.
    Conflicts are reported and the target's version kept. A coder copy also withdraws the
    codings its coder removed in it; documents deleted in PROJECT stay deleted. All sources
    go in one transaction.
    """
    with Project.open(project) as opened:
        reports = merge_files(
            opened, list(sources), dry_run=dry_run, restore_deleted=restore_deleted
        )
    print_reports(reports, fmt, "would merge" if dry_run else "merged")


def print_reports(reports: list[MergeReport], fmt: str, verb: str) -> None:
    if fmt == "json":
        click.echo(reports_json(reports))
        return
    for report in reports:
        click.echo(f"{verb} {report.source}")
        for line in report.lines():
            click.echo(f"  {line}")


@cli.command(name="import-qdpx")
@PROJECT
@click.argument("qdpx", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--offsets", type=click.Choice(UNITS), default=None,
              help="The unit of positions in the file (default: by writer, checked).")  # fmt: skip
@click.option("--format", "fmt", type=MERGE_FORMATS, default="table", show_default=True)
def import_qdpx_cmd(project: Path, qdpx: Path, offsets: str | None, fmt: str) -> None:
    """Import a REFI-QDA project (.qdpx); creates PROJECT if missing, else merges into it.

    Sources Annotator cannot hold (PDF, pictures, audio, video) are reported by name.
    """
    result = import_qdpx(project, qdpx, offsets=offsets)
    for warning in result.read.warnings:
        click.echo(f"warning: {warning}", err=True)
    if fmt == "json":
        data = result.report.as_dict()
        data["reader"] = result.read.lines()
        data["warnings"] = list(result.read.warnings)
        click.echo(json.dumps([data], indent=2, ensure_ascii=False))
        return
    click.echo(f"{'created' if result.created else 'merged into'} {project}")
    for line in result.read.lines(warnings=False):
        click.echo(f"  {line}")
    print_reports([result.report], fmt, "merged")
