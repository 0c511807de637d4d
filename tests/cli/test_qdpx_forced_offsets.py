"""import-qdpx --offsets obeys, but says when the other unit fits the file clearly better (F19)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli, main  # noqa: F401  (main registers the commands)
from annotator.core.decoding import decode_bytes
from annotator.core.qdpx_read import read_qdpx
from annotator.store import Project
from annotator.store.qdpx_io import export_qdpx

# Every word after the first emoji sits 1, 2, 3 … UTF-16 units later than its code point.
TEXT = "Start 😀 alpha 🙂 beta gamma 👍 delta epsilon 🎉 zeta eta theta, and a tail of words."
WORDS = ("Start", "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "theta")


def exported(tmp_path: Path, offsets: str) -> Path:
    with Project.create(tmp_path / "src.annotator") as project:
        project.documents.add(decode_bytes(TEXT.encode()), "emoji")
        doc = project.documents.by_name("emoji").id
        code = project.codes.ensure_path("Word")[0].id
        coder = project.coders.ensure("ann").id
        for word in WORDS:
            start = TEXT.index(word)
            project.codings.add(doc, code, coder, start, start + len(word))
        out = tmp_path / f"{offsets}.qdpx"
        export_qdpx(project, out, offsets=offsets)
    return out


def segments(path: Path) -> list[str]:
    with Project.open(path) as project:
        doc = project.documents.by_name("emoji").id
        return sorted(TEXT[c.start : c.end] for c in project.codings.for_document(doc))


@pytest.mark.parametrize(("written", "forced"), [("codepoints", "utf16"), ("utf16", "codepoints")])
def test_a_forced_unit_that_fits_worse_is_obeyed_with_a_warning(
    tmp_path: Path, written: str, forced: str
) -> None:
    qdpx = exported(tmp_path, written)
    runner = CliRunner()
    out = tmp_path / "forced.annotator"
    result = runner.invoke(cli, ["import-qdpx", str(out), str(qdpx), "--offsets", forced])
    assert result.exit_code == 0, result.output
    [warning] = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert "as asked, but the selections fit" in warning
    assert f"8 of 8 selections begin and end cleanly in {label(written)}" in warning
    assert "7 of 8 codings are placed elsewhere" in warning  # all but the one before 😀
    assert "warning" not in result.stdout
    assert segments(out) != sorted(WORDS)  # obeyed: the codings drift, and now it is said
    again = runner.invoke(cli, ["import-qdpx", str(tmp_path / "j.annotator"), str(qdpx),
                                "--offsets", forced, "--format", "json"])  # fmt: skip
    [data] = json.loads(again.stdout)
    assert data["warnings"] == [warning.removeprefix("warning: ")]
    assert any(line.startswith("warning: ") for line in data["reader"])


def label(unit: str) -> str:
    return "UTF-16 code units" if unit == "utf16" else "Unicode code points"


@pytest.mark.parametrize("written", ["codepoints", "utf16"])
def test_the_right_unit_forced_or_chosen_gives_no_warning(tmp_path: Path, written: str) -> None:
    qdpx = exported(tmp_path, written)
    runner = CliRunner()
    for args, name in (([], "auto"), (["--offsets", written], "forced")):
        out = tmp_path / f"{name}.annotator"
        result = runner.invoke(cli, ["import-qdpx", str(out), str(qdpx), *args])
        assert result.exit_code == 0, result.output
        assert "warning" not in result.stderr
        assert segments(out) == sorted(WORDS)


def test_the_warning_is_in_the_reader_summary_the_window_shows(tmp_path: Path) -> None:
    read = read_qdpx(exported(tmp_path, "codepoints"), offsets="utf16")
    [warning] = read.warnings
    assert f"warning: {warning}" in read.lines()
    assert f"warning: {warning}" not in read.lines(warnings=False)


def test_text_without_wide_characters_gives_no_warning(tmp_path: Path) -> None:
    with Project.create(tmp_path / "plain.annotator") as project:
        project.documents.add(decode_bytes(b"plain words only here"), "plain")
        doc = project.documents.by_name("plain").id
        code = project.codes.ensure_path("Word")[0].id
        project.codings.add(doc, code, project.coders.ensure("ann").id, 6, 11)
        export_qdpx(project, tmp_path / "plain.qdpx")
    assert read_qdpx(tmp_path / "plain.qdpx", offsets="utf16").warnings == []
