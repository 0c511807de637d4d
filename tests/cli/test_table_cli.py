"""frequencies, cooccurrence and chart from the command line; XLSX read back with openpyxl."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook  # type: ignore[import-untyped]

from annotator.cli import cli, main  # noqa: F401  (main registers the commands)
from annotator.core.decoding import decode_bytes
from annotator.core.model import NewCoding
from annotator.store import Project


def run(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def coded(tmp_path: Path) -> Path:
    path = tmp_path / "t.annotator"
    with Project.create(path) as project:
        texts = {
            "rt1": "Россия 😀 said yes.\r\n=formula",
            "rt2": "No. 👩‍👩‍👧 Yes.",
            "tass": "Да нет",
        }
        ids = {name: project.documents.add(decode_bytes(t.encode()), name).added[0]
               for name, t in texts.items()}  # fmt: skip
        for name, outlet in (("rt1", "RT"), ("rt2", "RT"), ("tass", "TASS")):
            project.documents.set_attribute(ids[name], "outlet", outlet)
        a = project.codes.ensure_path("=A")[0].id
        b = project.codes.ensure_path("B")[0].id
        alice = project.coders.ensure("alice").id
        bob = project.coders.ensure("bob").id
        project.codings.add_many([
            NewCoding(ids["rt1"], a, alice, 0, 8),
            NewCoding(ids["rt1"], b, bob, 7, 12),
            NewCoding(ids["rt2"], a, alice, 0, 3),
            NewCoding(ids["rt2"], b, alice, 10, 14),
            NewCoding(ids["tass"], b, bob, 0, 2),
        ])  # fmt: skip
    return path


def test_frequencies_by_attribute_to_xlsx(coded: Path, runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "f.xlsx"
    result = run(runner, "frequencies", coded, "--attribute", "outlet", "--xlsx", out,
                 "--format", "json")  # fmt: skip
    rows = json.loads(result.stdout)
    assert rows == [{"code": "=A", "RT": 2, "TASS": 0, "Total": 2},
                    {"code": "B", "RT": 2, "TASS": 1, "Total": 3}]  # fmt: skip
    sheet = load_workbook(out).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["code", "RT", "TASS", "Total"], ["=A", 2, 0, 2], ["B", 2, 1, 3],
    ]  # fmt: skip
    chars = json.loads(run(runner, "frequencies", coded, "--measure", "characters", "--by",
                           "coder", "--format", "json").stdout)  # fmt: skip
    assert chars[1] == {"code": "B", "alice": 4, "bob": 7, "Total": 11}


def test_cooccurrence_and_its_segments(coded: Path, runner: CliRunner) -> None:
    rows = json.loads(run(runner, "cooccurrence", coded, "--format", "json").stdout)
    assert rows[0] == {"code": "=A", "=A": 2, "B": 1}
    near = json.loads(run(runner, "cooccurrence", coded, "--distance", "7", "--count",
                          "documents", "--format", "json").stdout)  # fmt: skip
    assert near[0]["B"] == 2
    cell = json.loads(run(runner, "cooccurrence", coded, "--segments-of", "=A", "B", "--format",
                          "json").stdout)  # fmt: skip
    assert [(r["code"], r["text"]) for r in cell] == [("=A", "Россия 😀"), ("B", "😀 sai")]


def test_chart_png_and_svg(coded: Path, runner: CliRunner, tmp_path: Path) -> None:
    for args, name in ((["--bars"], "b.png"), (["--heatmap"], "h.svg"),
                       (["--codeline", "rt1"], "c.png")):  # fmt: skip
        out = tmp_path / name
        result = run(runner, "chart", coded, *args, "--out", out)
        assert result.exit_code == 0, result.output
        data = out.read_bytes()
        assert data.startswith(b"\x89PNG") if name.endswith(".png") else b"<svg" in data
    svg = (tmp_path / "h.svg").read_text(encoding="utf-8")
    assert "=A" in svg
    assert run(runner, "chart", coded, "--bars", "--out", tmp_path / "x.gif").exit_code == 2
    assert run(runner, "chart", coded, "--out", tmp_path / "x.png").exit_code == 2
