"""OpenDocument text (.odt) through odfdo: headings, paragraphs, list items and tables (as
tab-separated rows) in document order; title, author and date from the meta part.
"""

from __future__ import annotations

import io

import odfdo
from lxml import etree
from odfdo.element import Element

from annotator.core.errors import ImportRefused
from annotator.core.formats.builder import TextBuilder
from annotator.core.formats.containers import check_zip
from annotator.core.formats.extracted import Extracted

_CONTAINERS = ("text:section", "text:list-item", "text:list-header", "text:soft-page-break")


def extract(data: bytes, name: str) -> Extracted:
    check_zip(data, name, "OpenDocument", ("content.xml",))
    try:
        document = odfdo.Document(io.BytesIO(data))
        body = document.body
    except (KeyError, ValueError, TypeError, etree.XMLSyntaxError) as err:
        raise ImportRefused(f"{name}: not a readable OpenDocument file ({err})") from err
    builder = TextBuilder()
    for child in body.children:
        _block(builder, child, in_list=False)
    text = builder.text()
    if not text.strip():
        raise ImportRefused(f"{name}: the OpenDocument file holds no text")
    return Extracted(text, "odt", _metadata(document), tuple(builder.regions))


def _block(builder: TextBuilder, element: Element, *, in_list: bool) -> None:
    tag = element.tag
    if tag == "text:h":
        level = element.get_attribute_string("text:outline-level") or "1"
        builder.block(element.text_recursive, "heading", f"Heading {level}")
    elif tag == "text:p":
        content = element.text_recursive
        if in_list:
            builder.block(content, "list item", "List")
        elif content.strip():
            builder.block(
                content, "paragraph", element.get_attribute_string("text:style-name") or "Standard"
            )
    elif tag == "text:list":
        for child in element.children:
            _block(builder, child, in_list=True)
    elif tag == "table:table":
        _table(builder, element)
    elif tag in _CONTAINERS:
        for child in element.children:
            _block(builder, child, in_list=in_list or tag.startswith("text:list"))


def _table(builder: TextBuilder, table: Element) -> None:
    start = builder.next_start
    rows = 0
    for row in table.get_elements("descendant::table:table-row"):
        cells = [
            " ".join(p.text_recursive.replace("\t", " ") for p in cell.get_elements("text:p"))
            for cell in row.get_elements("table:table-cell")
        ]
        builder.block("\t".join(cells).rstrip("\t"))
        rows += 1
    builder.mark("table", start, f"{rows} rows")


def _metadata(document: odfdo.Document) -> dict[str, str]:
    meta = document.meta
    metadata: dict[str, str] = {}
    title = meta.get_title()
    creator = meta.get_initial_creator() or meta.get_creator()
    created = meta.get_creation_date()
    if title and title.strip():
        metadata["title"] = title.strip()
    if creator and creator.strip():
        metadata["author"] = creator.strip()
    if created is not None:
        metadata["date"] = created.date().isoformat()
    return metadata
