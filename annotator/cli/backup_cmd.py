"""The backup command: a complete copy of a project, even while it is open elsewhere."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli import cli
from annotator.cli.project_cmds import PROJECT
from annotator.store import Project


@cli.command()
@PROJECT
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace OUT even if it is a SQLite file.")
def backup(project: Path, out: Path, force: bool) -> None:
    """Copy PROJECT to OUT with everything committed (safe while the app has it open).

    Copying the .annotator file alone can miss work still in its -wal file.
    """
    with Project.open(project) as opened:
        opened.backup(out, force=force)
    click.echo(f"backed up {project} to {out}")
