"""Word .docx files through python-docx: paragraphs in order, headings, list items, tables as
tab-separated rows, footnotes after the text; title, author and date from the core properties.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.styles import BabelFish
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from annotator.core.errors import ImportRefused
from annotator.core.formats.builder import TextBuilder
from annotator.core.formats.containers import check_zip
from annotator.core.formats.extracted import Extracted

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def extract(data: bytes, name: str) -> Extracted:
    check_zip(data, name, "Word", ("word/document.xml",))
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as err:
        raise ImportRefused(f"{name}: not a readable Word file ({err})") from err
    builder = TextBuilder()
    styles = _style_names(document)
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            _paragraph(builder, block, styles)
        else:
            _table(builder, block)
    notes = list(_footnotes(document))
    if notes:
        builder.gap()
        for number, note in notes:
            builder.block(f"[{number}] {note}", "footnote", number)
    text = builder.text()
    if not text.strip():
        raise ImportRefused(f"{name}: the Word file holds no text")
    return Extracted(text, "docx", _metadata(document), tuple(builder.regions))


def _style_names(document: WordDocument) -> dict[str | None, str]:
    """Paragraph style names by style id, read once.

    python-docx's ``Paragraph.style`` searches the styles part on every call, which made
    reading a five-page file take a quarter of a second; one lookup table makes it linear.
    """
    names: dict[str | None, str] = {None: "Normal"}
    for style in document.styles.element.iterchildren(f"{{{_W}}}style"):
        if style.get(f"{{{_W}}}type") != "paragraph":
            continue
        style_id = style.get(f"{{{_W}}}styleId")
        name_element = style.find(f"{{{_W}}}name")
        raw = name_element.get(f"{{{_W}}}val") if name_element is not None else None
        name = BabelFish.internal2ui(raw) if raw else style_id or "Normal"
        names[style_id] = name
        if style.get(f"{{{_W}}}default") in ("1", "true"):
            names[None] = name
    return names


def _paragraph(builder: TextBuilder, paragraph: Paragraph, styles: dict[str | None, str]) -> None:
    style_id = paragraph._p.style
    style = styles.get(style_id) or styles[None]
    if style == "Title" or style.startswith("Heading"):
        kind = "heading"
    elif style.startswith("List") or _numbered(paragraph):
        kind = "list item"
    else:
        kind = "paragraph"
    if not paragraph.text.strip() and kind == "paragraph":
        return
    builder.block(paragraph.text, kind, style)


def _numbered(paragraph: Paragraph) -> bool:
    properties = paragraph._p.pPr
    return properties is not None and properties.numPr is not None


def _table(builder: TextBuilder, table: Table) -> None:
    start = builder.next_start
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            cells.append(" ".join(cell.text.replace("\t", " ").split("\n")))
        builder.block("\t".join(cells))
    builder.mark("table", start, f"{len(table.rows)} rows")


def _footnotes(document: WordDocument) -> Iterator[tuple[str, str]]:
    """Footnote number and text, read from the footnotes part (python-docx has no API for it)."""
    for rel in document.part.rels.values():
        if rel.reltype != RELATIONSHIP_TYPE.FOOTNOTES or rel.is_external:
            continue
        root = etree.fromstring(rel.target_part.blob)
        for note in root.iter(f"{{{_W}}}footnote"):
            if note.get(f"{{{_W}}}type") in ("separator", "continuationSeparator"):
                continue
            paragraphs = [
                "".join(t.text or "" for t in p.iter(f"{{{_W}}}t")) for p in note.iter(f"{{{_W}}}p")
            ]
            body = " ".join(p.strip() for p in paragraphs if p.strip())
            if body:
                yield str(note.get(f"{{{_W}}}id")), body


def _metadata(document: WordDocument) -> dict[str, str]:
    props = document.core_properties
    metadata: dict[str, str] = {}
    if props.title and props.title.strip():
        metadata["title"] = props.title.strip()
    if props.author and props.author.strip():
        metadata["author"] = props.author.strip()
    if props.created is not None:
        metadata["date"] = props.created.date().isoformat()
    return metadata
