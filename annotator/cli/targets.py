"""Where an export may write: never over a project, ``-`` for standard output."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click

from annotator.core.atomic import STDOUT
from annotator.store.backup import refuse_project_target

FORCE = click.option(
    "--force", is_flag=True, help="Write even over an existing SQLite file (never the project)."
)


def check_outputs(project: Path, outputs: Iterable[Path | None], *, force: bool) -> bool:
    """Refuse every target that would destroy a project; True if one of them is ``-``.

    All targets are checked before anything is written, so a refusal writes nothing.
    """
    to_stdout = False
    for out in outputs:
        if out is None:
            continue
        if str(out) == STDOUT:
            to_stdout = True
            continue
        refuse_project_target(out, project, force=force)
    return to_stdout


def report(message: str, *, to_stdout: bool) -> None:
    """A summary line; on standard error when the data itself goes to standard output."""
    click.echo(message, err=to_stdout)
