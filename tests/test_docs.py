"""The README documents every command, and every command has help text."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from annotator.cli import load_all_commands

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        if isinstance(command, click.Group):
            found.extend(commands(command, full + " "))
        else:
            found.append((full, command))
    return found


@pytest.mark.parametrize(("name", "command"), commands(load_all_commands()), ids=lambda v: str(v))
def test_command_is_documented_and_has_help(name: str, command: click.Command) -> None:
    assert command.help, f"{name} has no help text"
    assert f"annotator {name} " in README, f"{name} is missing from the README"
