"""The ``annotator`` command: thin click commands over the store and the core.

Each command opens the project, calls one function, prints the result. Errors a user can cause
become one line on stderr with exit status 1 (click's usage errors exit with 2); a traceback is
never shown.
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
from typing import Any

import click

from annotator import __version__
from annotator.cli.command_index import COMMANDS
from annotator.core.errors import AnnotatorError


class _Group(click.Group):
    """A click group that turns known errors into a one-line message and exit status 1.

    Commands are loaded lazily (see :mod:`annotator.cli.command_index`): a command's module,
    and the libraries it needs, are imported only when that command runs.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"annotator.cli.{COMMANDS[cmd_name][0]}")
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        rows = []
        for name in names:
            loaded = self.commands.get(name)
            short = (
                loaded.get_short_help_str(limit)
                if loaded is not None
                else _shorten(COMMANDS[name][1], limit)
            )
            rows.append((name, short))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AnnotatorError as err:
            raise click.ClickException(str(err)) from err
        except sqlite3.Error as err:
            raise click.ClickException(f"database error: {err}") from err
        except BrokenPipeError:
            # The reader went away (``| head``): click exits quietly, as other tools do.
            raise
        except OSError as err:
            where = f"{err.filename}: " if err.filename else ""
            raise click.ClickException(f"{where}{err.strerror or err}") from err


def _shorten(text: str, limit: int) -> str:
    """Cut ``text`` at a word to fit ``limit`` characters, with "..." as click does."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 3)].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "..."


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


def load_all_commands() -> click.Group:
    """Import every command module (for the documentation tests); return the group."""
    for module in sorted({module for module, _ in COMMANDS.values()}):
        importlib.import_module(f"annotator.cli.{module}")
    return cli
