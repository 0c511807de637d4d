"""The ``annotator`` command: thin click commands over the store and the core.

Each command opens the project, calls one function, prints the result. Errors a user can cause
become one line on stderr with exit status 1 (click's usage errors exit with 2); a traceback is
never shown.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import Any

import click

from annotator import __version__
from annotator.core.errors import AnnotatorError


class _Group(click.Group):
    """A click group that turns known errors into a one-line message and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AnnotatorError as err:
            raise click.ClickException(str(err)) from err
        except sqlite3.Error as err:
            raise click.ClickException(f"database error: {err}") from err
        except OSError as err:
            where = f"{err.filename}: " if err.filename else ""
            raise click.ClickException(f"{where}{err.strerror or err}") from err


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="annotator")
def cli() -> None:
    """Annotator: code text spans, measure inter-coder agreement, export exact offsets.

    Offsets are Unicode code points of a document's stored text, half-open [start, end),
    exactly like a Python slice.
    """


def main() -> None:
    """Entry point for the ``annotator`` script and ``python -m annotator``."""
    try:
        cli.main(prog_name="annotator")
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)


# The commands register themselves on ``cli`` when their modules are imported.
from annotator.cli import (  # noqa: E402, F401
    agreement_cmd,
    analysis_cmds,
    backup_cmd,
    coding_cmds,
    document_cmds,
    exchange_cmds,
    export_cmds,
    project_cmds,
    table_cmds,
)
