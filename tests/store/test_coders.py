"""Coders are matched by name ignoring case and spacing, in the store, so GUI and CLI agree."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.decoding import decode_bytes
from annotator.store import Project


def test_names_differing_in_case_or_spaces_are_one_coder(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.annotator") as project:
        alice = project.coders.ensure("Alice  Smith")
        assert alice.name == "Alice Smith"
        for variant in ("alice smith", " ALICE   SMITH ", "Alice\u00a0Smith"):
            assert project.coders.ensure(variant) == alice
            assert project.coders.by_name(variant) == alice
        assert [c.name for c in project.coders.all()] == ["Alice Smith"]
        assert project.coders.ensure("Bob") != alice


def test_the_cli_codes_as_the_same_coder(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    with Project.create(path) as project:
        doc = project.documents.add(decode_bytes(b"Kremlin said no."), "news")
        project.codes.ensure_path("Actors")
        project.coders.ensure("Alice")
    result = CliRunner().invoke(
        cli, ["code", str(path), "--document", "news", "--code", "Actors", "--coder", " alice",
              "--start", "0", "--end", "7"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with Project.open(path) as project:
        assert [c.name for c in project.coders.all()] == ["Alice"]
        assert len(project.codings.for_document(doc.added[0])) == 1
