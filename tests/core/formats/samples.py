"""Real files of every importable format, built with each format's own writer.

Each holds emoji, Cyrillic and Arabic; the plain-text formats have CRLF line ends. The
expected stored text of each is given beside it, so a test can compare exactly.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import odfdo
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
CYRILLIC = "Лавров заявил, что Россия готова."
ARABIC = "قال المتحدث إن الميزانية جيدة."
EMOJI = "Staff 😀 agreed 👩\u200d👩\u200d👧 café\u0301."

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES = (
    f'<w:footnotes xmlns:w="{_W}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t>Source: interview 😀 Москва.</w:t></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


def make_docx(path: Path) -> Path:
    """A Word file with a heading, paragraphs, a list, a table and a footnote."""
    document = docx.Document()
    document.core_properties.title = "Budget vote 😀"
    document.core_properties.author = "Мария Иванова"
    document.core_properties.created = dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.UTC)
    document.add_heading("Council votes", level=1)
    paragraph = document.add_paragraph(EMOJI)
    paragraph.add_run().element.append(parse_xml(f'<w:footnoteReference xmlns:w="{_W}" w:id="1"/>'))
    document.add_paragraph(CYRILLIC)
    document.add_paragraph(ARABIC)
    document.add_paragraph("first point", style="List Bullet")
    document.add_paragraph("second point", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for (row, col), value in {
        (0, 0): "outlet",
        (0, 1): "date",
        (1, 0): "Ledger",
        (1, 1): "5 March",
    }.items():
        table.cell(row, col).text = value
    document.add_paragraph("After the table.")
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        _FOOTNOTES.encode("utf-8"),
        document.part.package,
    )
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    document.save(str(path))
    return path


DOCX_TEXT = (
    f"Council votes\n{EMOJI}\n{CYRILLIC}\n{ARABIC}\nfirst point\nsecond point\n"
    "outlet\tdate\nLedger\t5 March\nAfter the table.\n\n[1] Source: interview 😀 Москва."
)


def pdf_writer() -> Any:
    fpdf = pytest.importorskip("fpdf")
    if not FONT.exists():
        pytest.skip("needs the DejaVu font (Debian fonts-dejavu-core)")
    pdf = fpdf.FPDF()
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=11)
    return pdf


def make_pdf(path: Path, pages: list[str], *, title: str = "") -> Path:
    """A text PDF with one string per page, in the DejaVu font (Cyrillic and 😀 included)."""
    pdf = pdf_writer()
    if title:
        pdf.set_title(title)
        pdf.set_author("Автор")
        pdf.set_creation_date(dt.datetime(2023, 11, 2, tzinfo=dt.UTC))
    for content in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, content)
    path.write_bytes(bytes(pdf.output()))
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A PDF whose only page is an image, as a scanner makes it."""
    image = pytest.importorskip("PIL.Image")
    pdf = pdf_writer()
    buffer = io.BytesIO()
    image.new("RGB", (200, 100), "white").save(buffer, format="PNG")
    pdf.add_page()
    pdf.image(buffer, x=10, y=10, w=100)
    path.write_bytes(bytes(pdf.output()))
    return path


def make_encrypted_pdf(path: Path) -> Path:
    pypdf = pytest.importorskip("pypdf")
    plain = make_pdf(path, ["secret text"])
    writer = pypdf.PdfWriter(clone_from=str(plain))
    writer.encrypt("reader", "owner", algorithm="AES-256")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def office_pdf(docx_path: Path, out_dir: Path) -> Path:
    """Convert a Word file to PDF with LibreOffice, as a researcher's office suite would."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("needs LibreOffice")
    subprocess.run(
        [office, "--headless", f"-env:UserInstallation=file://{out_dir}/profile",
         "--convert-to", "pdf", "--outdir", str(out_dir), str(docx_path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return out_dir / (docx_path.stem + ".pdf")


HTML = (
    '<!DOCTYPE html>\r\n<html lang="en"><head><meta charset="utf-8">\r\n'
    "<title>Council votes on budget | The Daily Ledger</title>\r\n"
    '<meta name="author" content="Мария Иванова">\r\n'
    '<meta property="og:site_name" content="The Daily Ledger">\r\n'
    '<meta property="article:published_time" content="2024-03-05T10:00:00Z">\r\n'
    "<style>body { color: black }</style><script>var tracking = 1;</script></head>\r\n"
    '<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a>'
    '</li><li><a href="/sport">Sport</a></li></ul></nav></header>\r\n'
    '<div class="advert ad-banner">Buy cheap watches now! Limited offer!</div>\r\n'
    "<main><article><h1>Council votes on budget</h1>\r\n"
    "<p>The city council voted on Tuesday to approve the budget 😀 after a long debate that "
    "lasted well into the night, with many members speaking.</p>\r\n"
    f"<p>{CYRILLIC} The vote was 12 to 3, and the mayor welcomed the result in a short "
    "statement.</p>\r\n"
    f"<p>{ARABIC} Residents will see new bus routes and more street lighting from the summer "
    "onwards.</p>\r\n</article></main>\r\n"
    '<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Other story one</a></li>'
    '<li><a href="/b">Other story two</a></li></ul></aside>\r\n'
    "<footer>© 2024 The Daily Ledger. All rights reserved.</footer></body></html>\r\n"
)
HTML_FIRST_PARAGRAPH = (
    "The city council voted on Tuesday to approve the budget 😀 after a long debate that "
    "lasted well into the night, with many members speaking."
)


def make_odt(path: Path) -> Path:
    document = odfdo.Document("text")
    document.body.clear()
    document.body.append(odfdo.Header(1, "Заголовок"))
    document.body.append(odfdo.Paragraph(EMOJI))
    document.body.append(odfdo.Paragraph(ARABIC))
    document.body.append(odfdo.List(["item one", "item two"]))
    table = odfdo.Table("Table1", width=2, height=1)
    table.set_value((0, 0), "a")
    table.set_value((1, 0), "b")
    document.body.append(table)
    document.meta.set_title("ODT title 😀")
    document.meta.set_initial_creator("Автор")
    document.save(path)
    return path


ODT_TEXT = f"Заголовок\n{EMOJI}\n{ARABIC}\nitem one\nitem two\na\tb"

# As Word writes it: non-ASCII as \uN with a fallback character, 😀 as a surrogate pair.
RTF = (
    "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}\r\n"
    "{\\info{\\title Rich \\u1058?\\u1077?\\u1082?\\u1089?\\u1090?}{\\author Ann}"
    "{\\creatim\\yr2022\\mo7\\dy14}}\r\n"
    "\\f0 Caf\\'e9 \\u-10179?\\u-8704? agreed.\\par\r\n"
    "\\u1051?\\u1072?\\u1074?\\u1088?\\u1086?\\u1074?\\par\r\n"
    "\\u1602?\\u1575?\\u1604?\\par\r\n}"
)
RTF_TEXT = "Café 😀 agreed.\nЛавров\nقال"

SRT = (
    "1\r\n00:00:01,000 --> 00:00:04,000\r\nInterviewer: Как дела? 😀\r\n\r\n"
    "2\r\n00:12:31,500 --> 00:12:35,000\r\nWe are fine,\r\nthank you.\r\n\r\n"
    f"3\r\n01:02:03,000 --> 01:02:05,000\r\n{ARABIC}\r\n"
)
SRT_TEXT = f"Interviewer: Как дела? 😀\nWe are fine, thank you.\n{ARABIC}"

VTT = (
    "WEBVTT\r\n\r\n00:00:01.000 --> 00:00:04.000\r\n<v Мария>Привет 😀\r\n\r\n"
    "00:00:05.000 --> 00:00:09.000\r\n<v Omar>مرحبا\r\n"
)
VTT_TEXT = "Мария: Привет 😀\nOmar: مرحبا"

MARKDOWN = f"# Notes 😀\r\n\r\n{CYRILLIC}\r\n\r\n* {ARABIC}\r\n"


def zip_bomb(path: Path) -> Path:
    """A .docx-shaped archive whose document inflates a thousandfold."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (8 * 1024 * 1024))
    return path
