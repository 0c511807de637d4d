"""The command index that makes start-up lazy stays true to the commands (issue 9)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import click

import annotator.cli
from annotator.cli import load_all_commands
from annotator.cli.command_index import COMMANDS


def every_command() -> dict[str, click.Command]:
    for info in pkgutil.iter_modules(annotator.cli.__path__):
        __import__(f"annotator.cli.{info.name}")
    return dict(load_all_commands().commands)


def test_every_command_is_indexed_with_its_module_and_help() -> None:
    for name, command in every_command().items():
        assert name in COMMANDS, f"add {name!r} to annotator/cli/command_index.py"
        module, short = COMMANDS[name]
        assert command.callback is not None
        assert command.callback.__module__ == f"annotator.cli.{module}", name
        assert command.get_short_help_str(limit=300) == short, name
    assert set(COMMANDS) <= set(every_command())


def test_help_and_a_command_import_only_what_they_need() -> None:
    """`annotator --help` loads no command module; `info` no import reader nor numpy."""
    probe = (
        "import sys; from annotator.cli import main; sys.argv = ['annotator'] + sys.argv[1:]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('annotator.cli.', 'numpy', "
        "'pandas', 'lxml', 'sqlite_utils', 'docx', 'pypdf', 'trafilatura', 'openpyxl', "
        "'charset_normalizer'))),"
        " file=sys.stderr)"
    )
    helped = subprocess.run([sys.executable, "-c", probe, "--help"], capture_output=True,
                            text=True, check=True)  # fmt: skip
    assert "Commands:" in helped.stdout
    assert "backup" in helped.stdout
    assert eval(helped.stderr) == ["annotator.cli.command_index"]  # noqa: S307
    info = subprocess.run([sys.executable, "-c", probe, "info", "/nonexistent.annotator"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    loaded = eval(info.stderr.strip().splitlines()[-1])  # noqa: S307
    assert not [m for m in loaded if not m.startswith("annotator.cli.")], loaded
