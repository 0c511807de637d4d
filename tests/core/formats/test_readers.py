"""Each reader on a real file of its format: stored text, metadata and regions."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from annotator.core.errors import ImportRefused
from annotator.core.formats.extracted import cue_time, region_at
from annotator.core.formats.reading import extract, format_of, read_source
from tests.core.formats import samples


def read(path: Path, **options: bool) -> object:
    return extract(read_source(path), path.name, format_of(path), **options)


def test_docx_text_headings_lists_tables_footnotes(tmp_path: Path) -> None:
    got = extract(read_source(samples.make_docx(tmp_path / "a.docx")), "a.docx", "docx")
    assert got.text == samples.DOCX_TEXT
    assert got.metadata == {
        "title": "Budget vote 😀",
        "author": "Мария Иванова",
        "date": "2024-03-05",
    }
    kinds = {(r.kind, got.text[r.start : r.end]) for r in got.regions}
    assert ("heading", "Council votes") in kinds
    assert ("list item", "second point") in kinds
    assert ("table", "outlet\tdate\nLedger\t5 March") in kinds
    assert ("footnote", "[1] Source: interview 😀 Москва.") in kinds
    heading = next(r for r in got.regions if r.kind == "heading")
    assert heading.label == "Heading 1"


def test_pdf_page_of_every_offset(tmp_path: Path) -> None:
    pages = [f"Page one {samples.CYRILLIC} 😀", "Page two text", "Third page: конец"]
    path = samples.make_pdf(tmp_path / "p.pdf", pages, title="Отчёт 😀")
    got = extract(read_source(path), path.name, "pdf")
    assert got.text == "\n\n".join(pages)
    assert got.metadata == {"title": "Отчёт 😀", "author": "Автор", "date": "2023-11-02"}
    offset = got.text.index("конец")
    page = region_at(got.regions, "page", offset)
    assert page is not None
    assert page.label == "3"
    assert region_at(got.regions, "page", got.text.index("😀")).label == "1"  # type: ignore[union-attr]
    # The blank line between pages belongs to the page before it.
    gap = got.text.index("\n\nPage two")
    assert region_at(got.regions, "page", gap + 1).label == "1"  # type: ignore[union-attr]


def test_pdf_from_an_office_suite_keeps_arabic_in_logical_order(tmp_path: Path) -> None:
    pdf = samples.office_pdf(samples.make_docx(tmp_path / "w.docx"), tmp_path)
    got = extract(read_source(pdf), pdf.name, "pdf")
    # Words in logical order; the full stop of a right-to-left line lands where it is drawn.
    assert samples.ARABIC.rstrip(".") in got.text
    assert samples.CYRILLIC in got.text
    assert got.text.startswith("Council votes\n")


def test_html_keeps_the_article_and_its_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(samples.HTML.encode("utf-8"))
    got = extract(read_source(path), path.name, "html")
    assert samples.HTML_FIRST_PARAGRAPH in got.text.split("\n")
    assert samples.ARABIC in got.text
    assert samples.CYRILLIC in got.text
    for boilerplate in (
        "Home",
        "Buy cheap watches",
        "Most read",
        "All rights reserved",
        "tracking",
    ):
        assert boilerplate not in got.text
    assert "\r" not in got.text
    assert got.metadata["author"] == "Мария Иванова"
    assert got.metadata["date"] == "2024-03-05"
    assert got.metadata["site"] == "The Daily Ledger"
    assert got.metadata["title"].startswith("Council votes on budget")


def test_html_full_page_keeps_every_visible_text(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(samples.HTML.encode("utf-8"))
    got = extract(read_source(path), path.name, "html", full_page=True)
    lines = got.text.split("\n")
    for visible in ("Home", "Buy cheap watches now! Limited offer!", "Most read"):
        assert any(visible in line for line in lines)
    assert samples.HTML_FIRST_PARAGRAPH in lines
    assert "tracking" not in got.text
    assert "color: black" not in got.text


def test_odt(tmp_path: Path) -> None:
    got = extract(read_source(samples.make_odt(tmp_path / "o.odt")), "o.odt", "odt")
    assert got.text == samples.ODT_TEXT
    assert got.metadata["title"] == "ODT title 😀"
    assert got.metadata["author"] == "Автор"
    heading = region_at(got.regions, "heading", 0)
    assert heading is not None
    assert got.text[heading.start : heading.end] == "Заголовок"


def test_rtf_unicode_escapes_and_info(tmp_path: Path) -> None:
    path = tmp_path / "r.rtf"
    path.write_bytes(samples.RTF.encode("ascii"))
    got = extract(read_source(path), path.name, "rtf")
    assert got.text == samples.RTF_TEXT
    assert got.metadata == {"title": "Rich Текст", "author": "Ann", "date": "2022-07-14"}


def test_markdown_is_kept_as_text_with_lf(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes(samples.MARKDOWN.encode("utf-8"))
    got = extract(read_source(path), path.name, "md")
    assert got.text == samples.MARKDOWN.replace("\r\n", "\n")
    assert got.line_endings == "CRLF"
    assert got.metadata == {"title": "Notes 😀"}


def test_srt_time_of_every_offset(tmp_path: Path) -> None:
    path = tmp_path / "t.srt"
    path.write_bytes(samples.SRT.encode("utf-8"))
    got = extract(read_source(path), path.name, "srt")
    assert got.text == samples.SRT_TEXT
    cue = region_at(got.regions, "cue", got.text.index("thank you"))
    assert cue is not None
    assert cue_time(cue.label) == "00:12:31"
    assert cue_time(cue.label, precise=True) == "00:12:31.500"
    last = region_at(got.regions, "cue", len(got.text) - 1)
    assert last is not None
    assert cue_time(last.label) == "01:02:03"


def test_vtt_speakers_lead_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "t.vtt"
    path.write_bytes(samples.VTT.encode("utf-8"))
    got = extract(read_source(path), path.name, "vtt")
    assert got.text == samples.VTT_TEXT
    cue = region_at(got.regions, "cue", got.text.index("مرحبا"))
    assert cue is not None
    assert cue.label == "00:00:05.000\tOmar"


# -- bad files -------------------------------------------------------------------------------


def refusal(path: Path, fmt: str | None = None) -> str:
    with pytest.raises(ImportRefused) as caught:
        extract(read_source(path), path.name, fmt or format_of(path))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(path.name + ": ")
    return message


def test_corrupt_and_truncated_zip_containers(tmp_path: Path) -> None:
    good = samples.make_docx(tmp_path / "good.docx").read_bytes()
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(good[: len(good) // 2])
    assert "damaged or truncated zip" in refusal(truncated)
    junk = tmp_path / "junk.odt"
    junk.write_bytes(b"PK\x03\x04 this is not really a zip file")
    assert "damaged or truncated zip" in refusal(junk)
    odt = samples.make_odt(tmp_path / "o.odt").read_bytes()
    cut = tmp_path / "cut.odt"
    cut.write_bytes(odt[:-200])
    assert "zip" in refusal(cut)


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    assert "zip bomb" in refusal(samples.zip_bomb(tmp_path / "bomb.docx"))


def test_encrypted_pdf(tmp_path: Path) -> None:
    assert "encrypted: " in refusal(samples.make_encrypted_pdf(tmp_path / "locked.pdf"))


def test_scanned_pdf_needs_ocr(tmp_path: Path) -> None:
    assert "no text layer: run OCR first" in refusal(
        samples.make_scanned_pdf(tmp_path / "scan.pdf")
    )


def test_truncated_pdf(tmp_path: Path) -> None:
    path = tmp_path / "half.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    assert "not a readable PDF" in refusal(path)


def test_html_with_no_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text(
        "<html><head><title>x</title><script>var a = 'words';</script></head>"
        '<body><div><img src="photo.jpg"></div></body></html>'
    )
    assert "holds no article text" in refusal(path)


def test_over_the_size_limit(tmp_path: Path) -> None:
    path = samples.make_docx(tmp_path / "big.docx")
    with pytest.raises(ImportRefused, match=r"^big\.docx: .* over the import limit"):
        read_source(path, max_bytes=100)


def test_malformed_subtitles_and_rtf(tmp_path: Path) -> None:
    srt = tmp_path / "bad.srt"
    srt.write_text("1\nnot a time line\nhello\n")
    assert "SRT" in refusal(srt)
    rtf = tmp_path / "bad.rtf"
    rtf.write_text("plain words, not rtf")
    assert "not an RTF file" in refusal(rtf)


def test_damaged_member_inside_a_sound_zip(tmp_path: Path) -> None:
    good = samples.make_docx(tmp_path / "good.docx").read_bytes()
    info = zipfile.ZipFile(io.BytesIO(good)).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    bad = bytearray(good)
    for offset in range(start + 20, start + 60):
        bad[offset] ^= 0xFF
    path = tmp_path / "damaged.docx"
    path.write_bytes(bytes(bad))
    assert "cannot be read as docx" in refusal(path)
