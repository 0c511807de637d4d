"""Import speed for real formats, beside each library's own extraction time.

Builds its own files: 200 Word files of about five pages, 50 text PDFs of 20 pages (fpdf2,
DejaVu Sans when Debian's fonts-dejavu-core is there), 500 saved web pages with navigation,
adverts, scripts and a sidebar. For each set it times the library alone (python-docx reading
every paragraph and table, PDFium reading every page's text, trafilatura extracting the article
with metadata) and then ``annotator import`` of the folder into a new project (reading, checking,
regions, metadata, originals kept, one transaction).

Usage: python benchmarks/import_formats.py [--docx 200] [--pdf 50] [--html 500]
Prints one line per format and one JSON line.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import docx  # noqa: E402
import pypdfium2  # noqa: E402
import trafilatura  # noqa: E402
from _common import article, stopwatch  # noqa: E402

from annotator.core.importing import collect_text_files, prepare_files  # noqa: E402
from annotator.store import Project  # noqa: E402

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LIMITS = {"docx": 10.0, "pdf": 20.0, "html": 20.0}


def build_docx(folder: Path, count: int, rng: random.Random) -> None:
    for n in range(count):
        document = docx.Document()
        document.core_properties.title = f"Report {n}"
        for section in range(5):  # about a page each
            document.add_heading(f"Section {section + 1} of report {n}", level=1)
            for paragraph in article(rng, 3_000).split("\n\n"):
                if paragraph.strip():
                    document.add_paragraph(paragraph.strip())
        table = document.add_table(rows=3, cols=3)
        for row in range(3):
            for col in range(3):
                table.cell(row, col).text = f"{n}.{row}.{col}"
        document.save(str(folder / f"report{n:03}.docx"))


def build_pdf(folder: Path, count: int, rng: random.Random) -> None:
    """Lines wrapped here and placed with ``text()``: fpdf2's own line breaking takes seconds."""
    from fpdf import FPDF

    for n in range(count):
        pdf = FPDF()
        if FONT.exists():
            pdf.add_font("body", fname=str(FONT))
            pdf.set_font("body", size=10)
        else:
            pdf.set_font("helvetica", size=10)
        for page in range(20):
            pdf.add_page()
            text = article(rng, 2_600).replace("\n\n", " ")
            text = text.replace("👩", "woman").replace("👧", "girl")  # not in DejaVu Sans
            if not FONT.exists():
                text = text.encode("latin-1", "replace").decode("latin-1")
            lines = [f"Page {page + 1} of document {n}", *textwrap.wrap(text, 95)]
            for row, line in enumerate(lines):
                pdf.text(10, 15 + row * 5, line)
        (folder / f"paper{n:02}.pdf").write_bytes(bytes(pdf.output()))


NAV = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(40))
ADS = "".join(
    f'<div class="ad advert" id="ad-{i}"><a href="https://ads.example/{i}">Buy now! Offer {i}'
    "</a></div>"
    for i in range(6)
)
SCRIPT = "<script>" + "var tracker = {id: 1, pages: [1,2,3]};" * 200 + "</script>"
SIDEBAR = "".join(
    f'<li><a href="/story/{i}">Most read story number {i}</a></li>' for i in range(20)
)


def build_html(folder: Path, count: int, rng: random.Random) -> None:
    for n in range(count):
        body = "".join(
            f"<p>{p.strip()}</p>" for p in article(rng, 6_000).split("\n\n") if p.strip()
        )
        page = (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Story {n} | '
            f'The Ledger</title><meta name="author" content="Reporter {n % 17}">'
            '<meta property="og:site_name" content="The Ledger">'
            f'<meta property="article:published_time" content="2024-03-{n % 28 + 1:02}T10:00:00Z">'
            f"<style>body {{ margin: 0 }}</style>{SCRIPT}</head><body>"
            f"<header><nav><ul>{NAV}</ul></nav></header>{ADS}"
            f"<main><article><h1>Story {n}</h1>{body}</article></main>"
            f'<aside class="sidebar"><h3>Most read</h3><ul>{SIDEBAR}</ul></aside>'
            "<footer>© The Ledger. All rights reserved.</footer></body></html>"
        )
        (folder / f"story{n:03}.html").write_text(page, encoding="utf-8")


def library_docx(path: Path) -> int:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    size = sum(len(p.text) for p in document.paragraphs)
    for table in document.tables:
        size += sum(len(cell.text) for row in table.rows for cell in row.cells)
    return size


def library_pdf(path: Path) -> int:
    document = pypdfium2.PdfDocument(path.read_bytes())
    size = 0
    for page in document:
        textpage = page.get_textpage()
        size += len(textpage.get_text_range())
        textpage.close()
        page.close()
    document.close()
    return size


def library_html(path: Path) -> int:
    result = trafilatura.bare_extraction(path.read_bytes(), with_metadata=True,
                                         include_comments=False, include_tables=True)  # fmt: skip
    return len(getattr(result, "text", "") or "")


LIBRARY = {"docx": library_docx, "pdf": library_pdf, "html": library_html}
BUILD = {"docx": build_docx, "pdf": build_pdf, "html": build_html}


def measure(fmt: str, count: int, work: Path, rng: random.Random) -> dict[str, float | int]:
    folder = work / fmt
    folder.mkdir()
    with stopwatch() as built:
        BUILD[fmt](folder, count, rng)
    files = sorted(folder.iterdir())
    cpu = time.process_time()
    with stopwatch() as library:
        characters = sum(LIBRARY[fmt](path) for path in files)
    library_cpu = time.process_time() - cpu
    cpu = time.process_time()
    with Project.create(work / f"{fmt}.annotator") as project, stopwatch() as imported:
        with stopwatch() as read:
            prepared = prepare_files(collect_text_files([folder]))
        results = project.documents.add_prepared(prepared)
    import_cpu = time.process_time() - cpu
    refused = [r.message for r in results if not r.ok]
    if refused:
        raise SystemExit(f"{fmt}: {len(refused)} refused, e.g. {refused[0]}")
    return {
        "files": len(files), "build_s": round(built[0], 2), "library_s": round(library[0], 2),
        "import_s": round(imported[0], 2), "read_s": round(read[0], 2),
        "store_s": round(imported[0] - read[0], 2), "library_cpu_s": round(library_cpu, 2),
        "import_cpu_s": round(import_cpu, 2), "characters": characters,
        "bytes": sum(p.stat().st_size for p in files),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docx", type=int, default=200)
    parser.add_argument("--pdf", type=int, default=50)
    parser.add_argument("--html", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(14)
    figures: dict[str, dict[str, float | int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, count in (("docx", args.docx), ("pdf", args.pdf), ("html", args.html)):
            if count:
                figures[fmt] = got = measure(fmt, count, Path(tmp), rng)
                extra = got["import_s"] - got["library_s"]
                print(
                    f"{fmt:>4}: {got['files']} files, {got['bytes'] / 1e6:.1f} MB: import "
                    f"{got['import_s']:.2f} s (limit {LIMITS[fmt]:.0f} s), library alone "
                    f"{got['library_s']:.2f} s, import adds {extra:+.2f} s (reading "
                    f"{got['read_s']:.2f} s, storing {got['store_s']:.2f} s); CPU time: import "
                    f"{got['import_cpu_s']:.2f} s, library {got['library_cpu_s']:.2f} s"
                )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
