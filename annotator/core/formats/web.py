"""Saved web pages through trafilatura: the main article without menus, adverts and footers,
with the page's title, author, date and site name. ``full_page`` keeps every visible text
instead, block by block, for pages that are not articles.
"""

from __future__ import annotations

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from annotator.core.errors import ImportRefused
from annotator.core.formats.builder import TextBuilder
from annotator.core.formats.extracted import Extracted

_INVISIBLE_TAGS = ("script", "style", "noscript", "template", "head", "svg")
_BLOCK_TAGS = frozenset(
    ("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset")
    + ("figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header")
    + ("hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul")
)


def extract(data: bytes, name: str, *, full_page: bool = False) -> Extracted:
    tree = trafilatura.load_html(data)
    if tree is None:
        raise ImportRefused(f"{name}: not a readable web page")
    found = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, include_tables=True
    )
    result = found if isinstance(found, Document) else None
    metadata = _metadata(result)
    builder = TextBuilder()
    if full_page:
        fresh = trafilatura.load_html(data)  # the extraction above pruned ``tree``
        for block in _visible_blocks(tree if fresh is None else fresh):
            builder.block(block)
    elif result is not None and result.text:
        for line in result.text.split("\n"):
            builder.block(line)
    text = builder.text()
    if not text.strip():
        hint = "" if full_page else " (--full-page keeps every visible text)"
        raise ImportRefused(f"{name}: the web page holds no article text{hint}")
    return Extracted(text, "html", metadata, tuple(builder.regions))


def _metadata(result: Document | None) -> dict[str, str]:
    if result is None:
        return {}
    metadata: dict[str, str] = {}
    for field in ("title", "author", "date", "sitename", "url"):
        value = getattr(result, field, None)
        if isinstance(value, str) and value.strip():
            metadata["site" if field == "sitename" else field] = value.strip()
    return metadata


def _visible_blocks(tree: etree._Element) -> list[str]:
    """Every visible text of the page, one string per block element, whitespace collapsed."""
    for element in list(tree.iter(*_INVISIBLE_TAGS)):
        if isinstance(element, lxml.html.HtmlElement) and element.getparent() is not None:
            element.drop_tree()
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        joined = " ".join(" ".join(current).split())
        if joined:
            blocks.append(joined)
        current.clear()

    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _BLOCK_TAGS:
            flush()
        if event == "start" and element.text and tag:
            current.append(element.text)
        if event == "end" and element.tail:
            current.append(element.tail)
    flush()
    return blocks
