"""Importing real material end to end: a folder of every format and of bad files, then the
stored text, title, attributes, page/time of an offset, the original bytes and the CSV export.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.cli import cli
from annotator.core.attributes import parse_filters
from annotator.store import Project
from tests.core.formats import samples


def run(runner: CliRunner, *args: str | Path) -> Result:
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def material(tmp_path: Path) -> Path:
    folder = tmp_path / "material"
    folder.mkdir()
    samples.make_docx(folder / "word.docx")
    samples.make_pdf(folder / "report.pdf", ["Первая страница 😀", "Second page: the budget."],
                     title="Отчёт")  # fmt: skip
    (folder / "article.html").write_bytes(samples.HTML.encode("utf-8"))
    samples.make_odt(folder / "office.odt")
    (folder / "letter.rtf").write_bytes(samples.RTF.encode("ascii"))
    (folder / "notes.md").write_bytes(samples.MARKDOWN.encode("utf-8"))
    (folder / "interview.srt").write_bytes(samples.SRT.encode("utf-8"))
    (folder / "meeting.vtt").write_bytes(samples.VTT.encode("utf-8"))
    bad = folder / "bad"
    bad.mkdir()
    samples.zip_bomb(bad / "bomb.docx")
    samples.make_encrypted_pdf(bad / "locked.pdf")
    samples.make_scanned_pdf(bad / "scan.pdf")
    (bad / "broken.odt").write_bytes(b"PK\x03\x04 not a zip")
    (bad / "empty.html").write_text('<html><body><img src="x.png"></body></html>')
    return folder


def test_a_folder_of_every_format(tmp_path: Path, runner: CliRunner, material: Path) -> None:
    path = tmp_path / "p.annotator"
    run(runner, "new", path)
    result = run(runner, "import", path, material)
    assert result.exit_code == 1  # some files were refused
    refused = [line for line in result.stderr.splitlines() if line.startswith("refused ")]
    assert len(refused) == 5
    reasons = "\n".join(refused)
    for reason in ("bomb.docx: ", "zip bomb", "locked.pdf: encrypted: ", "scan.pdf: no text layer: "
                   "run OCR first", "broken.odt: ", "empty.html: "):  # fmt: skip
        assert reason in reasons
    assert "8 imported, 5 refused" in result.stdout
    with Project.open(path) as project:
        docs = {d.name: d for d in project.documents.all()}
        assert set(docs) == {"word", "report", "article", "office", "letter", "notes",
                             "interview", "meeting"}  # fmt: skip
        word = docs["word"]
        assert project.documents.text(word.id) == samples.DOCX_TEXT
        assert word.title == "Budget vote 😀"
        assert word.format == "docx"
        assert project.documents.attributes(word.id) == {"author": "Мария Иванова",
                                                         "date": "2024-03-05"}  # fmt: skip
        article = docs["article"]
        assert project.attributes.types()["date"] == "date"
        assert project.documents.attributes(article.id)["site"] == "The Daily Ledger"
        report = project.documents.text(docs["report"].id)
        assert project.documents.location(docs["report"].id, report.index("budget")) == "p. 2"
        transcript = project.documents.text(docs["interview"].id)
        assert project.documents.location(docs["interview"].id,
                                          transcript.index("thank you")) == "00:12:31"  # fmt: skip
        assert project.documents.text(docs["letter"].id) == samples.RTF_TEXT
        assert project.documents.text(docs["meeting"].id) == samples.VTT_TEXT


def test_originals_come_back_byte_for_byte(tmp_path: Path, runner: CliRunner) -> None:
    pdf = samples.make_pdf(tmp_path / "report.pdf", ["One 😀", "Two"])
    path = tmp_path / "p.annotator"
    run(runner, "new", path)
    assert run(runner, "import", path, pdf).exit_code == 0
    out = tmp_path / "back.pdf"
    result = run(runner, "source", path, "--document", "report", "--out", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == pdf.read_bytes()
    with Project.open(path) as project:
        sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
        assert [d.name for d in project.documents.by_sha256(sha)] == ["report"]


def test_a_coding_in_a_pdf_exports_its_text_page_and_attributes(
    tmp_path: Path, runner: CliRunner
) -> None:
    pages = ["Введение 😀 and more", "Лавров заявил 😀, что Россия готова."]
    pdf = samples.make_pdf(tmp_path / "report.pdf", pages, title="Отчёт")
    srt = tmp_path / "talk.srt"
    srt.write_bytes(samples.SRT.encode("utf-8"))
    path = tmp_path / "p.annotator"
    run(runner, "new", path)
    assert run(runner, "import", path, pdf, srt).exit_code == 0
    run(runner, "codes", "add", path, "Claim")
    needle = "заявил 😀, что"
    assert run(runner, "code", path, "--document", "report", "--code", "Claim",
                "--coder", "ann", "--match", needle).exit_code == 0  # fmt: skip
    assert run(runner, "code", path, "--document", "talk", "--code", "Claim",
                "--coder", "ann", "--match", "thank you").exit_code == 0  # fmt: skip
    sheet = tmp_path / "attrs.csv"
    sheet.write_text("document,outlet,words:number\nreport,Ledger,1200\ntalk,Radio,300\n",
                     encoding="utf-8")  # fmt: skip
    assert run(runner, "attributes", path, sheet).exit_code == 0
    out = tmp_path / "codings.csv"
    assert run(runner, "export", path, "--csv", out, "--where", "words>500").exit_code == 0
    with out.open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["text"] == needle
    assert row["location"] == "p. 2"
    assert row["document_title"] == "Отчёт"
    assert row["outlet"] == "Ledger"
    assert row["words"] == "1200"
    assert run(runner, "export", path, "--csv", out, "--where", "outlet=radio").exit_code == 0
    with out.open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert (row["text"], row["location"]) == ("thank you", "00:12:31")


def test_attributes_csv_names_unknown_documents_and_changes_nothing(
    tmp_path: Path, runner: CliRunner
) -> None:
    path = tmp_path / "p.annotator"
    run(runner, "new", path)
    (tmp_path / "a.txt").write_text("Первый текст 😀")
    run(runner, "import", path, tmp_path / "a.txt")
    sheet = tmp_path / "attrs.csv"
    sheet.write_text("document,outlet\na,Ledger\nghost,Times\nphantom,Post\n", encoding="utf-8")
    result = run(runner, "attributes", path, sheet)
    assert result.exit_code == 1
    assert "unknown documents: 'ghost', 'phantom'; nothing was changed" in result.stderr
    bad_date = tmp_path / "dates.csv"
    bad_date.write_text("document,published:date\na,5 March\n", encoding="utf-8")
    result = run(runner, "attributes", path, bad_date)
    assert result.exit_code == 1
    assert "'5 March' is not a date" in result.stderr
    with Project.open(path) as project:
        assert project.attributes.values() == {}
    with Project.open(path) as project:
        sha = project.documents.by_name("a").sha256
    by_sha = tmp_path / "sha.csv"
    by_sha.write_text(f"sha256,outlet,title\n{sha},Ledger,Первый\n", encoding="utf-8")
    assert run(runner, "attributes", path, by_sha).exit_code == 0
    listing = run(runner, "attributes", path, "--format", "csv").output
    assert listing.splitlines() == ["document,title,outlet:text", "a,Первый,Ledger"]


def test_rename_title_and_delete(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "p.annotator"
    run(runner, "new", path)
    (tmp_path / "a.txt").write_text("Первый текст 😀 here")
    run(runner, "import", path, tmp_path / "a.txt")
    run(runner, "codes", "add", path, "Claim")
    run(runner, "code", path, "--document", "a", "--code", "Claim", "--coder", "ann",
        "--match", "текст")  # fmt: skip
    assert run(runner, "document", "rename", path, "a", "first").exit_code == 0
    assert run(runner, "document", "title", path, "first", "The first text").exit_code == 0
    result = run(runner, "document", "delete", path, "first", "--yes")
    assert result.output.strip() == "Deleted document first with 1 coding"
    with Project.open(path) as project:
        assert project.documents.all() == []


def test_demo_articles_carry_headline_outlet_and_date(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "demo.annotator"
    assert run(runner, "demo", path).exit_code == 0
    with Project.open(path) as project:
        lavrov = project.documents.by_name("002_1243f50a687903e2")
        assert lavrov.title == "Lavrov calls to coordinate Russian, US military action in Syria"
        assert project.documents.text(lavrov.id).startswith(lavrov.title)
        assert project.documents.attributes(lavrov.id) == {"date": "2017-09-22", "outlet": "TASS"}
        assert project.attributes.types() == {"date": "date", "outlet": "text"}
        sputnik = project.attributes.matching(parse_filters(["outlet=sputnik", "date<2015-10-01"]))
        assert [project.documents.get(i).name for i in sputnik] == ["000_dc4029054c129186"]


def test_full_page_and_a_document_without_an_original(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "p.annotator"
    run(runner, "new", path)
    page = tmp_path / "page.html"
    page.write_bytes(samples.HTML.encode("utf-8"))
    assert run(runner, "import", path, page, "--full-page").exit_code == 0
    text = run(runner, "text", path, "--document", "page").stdout
    assert "Buy cheap watches now!" in text
    assert samples.HTML_FIRST_PARAGRAPH in text.split("\n")
    with Project.open(path) as project:
        from annotator.core.decoding import decode_bytes

        project.documents.add(decode_bytes("Привет 😀".encode()), "typed")
    result = run(runner, "source", path, "--document", "typed", "--out", tmp_path / "x")
    assert result.exit_code == 1
    assert "has no original file kept" in result.stderr
    assert not (tmp_path / "x").exists()
