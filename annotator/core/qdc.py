"""REFI-QDA codebooks (``.qdc``): reading what other tools write, writing what the schema allows.

Reading is defensive: no DTDs or entities (refused outright, so no external entity can be
fetched and no entity can expand), no network, a size limit, and every problem (bad XML,
duplicate names among siblings, a GUID used twice, which is how a cycle would show) is reported
before anything is imported. Other tools' variations are accepted: missing colours, upper-case
or braced GUIDs, lower-case or short hex colours, namespace variants such as
``urn:QDA-XML:codebook:1:0``, and a codebook inside a ``project.qde``.

Writing follows ``Codebook.xsd`` (namespace ``urn:QDA-XML:codebook:1.0``): a ``Codes``
container that is left out when empty, ``Description`` before child codes, GUIDs in lower case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from annotator.core.atomic import atomic_write_bytes
from annotator.core.errors import FormatError
from annotator.core.palette import normalise_colour

NAMESPACE = "urn:QDA-XML:codebook:1.0"
MAX_BYTES = 20 * 1024 * 1024
_GUID = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)


@dataclass
class QdcCode:
    guid: str
    name: str
    color: str | None = None
    description: str = ""
    children: list[QdcCode] = field(default_factory=list)


def normalise_guid(value: str) -> str:
    """Lower case, no braces; FormatError if it is not a GUID."""
    match = _GUID.match(value.strip())
    if not match:
        raise FormatError(f"not a GUID: {value!r}")
    return match.group(1).lower()


def read_codebook(path: str | Path) -> list[QdcCode]:
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise FormatError(f"{file.name}: {size / 1_048_576:.1f} MB is too large for a codebook")
        data = file.read_bytes()
    except OSError as err:
        raise FormatError(f"{file.name}: cannot be read ({err.strerror or err})") from err
    return parse_codebook(data, file.name)


def parse_codebook(data: bytes, name: str = "codebook") -> list[QdcCode]:
    """The top-level codes of a REFI-QDA codebook (or of the CodeBook inside a project)."""
    root = parse_xml(data, name)
    book = root if local_name(root) == "CodeBook" else first_child(root, "CodeBook")
    if book is None:
        raise FormatError(f"{name}: no CodeBook element (is this a REFI-QDA codebook?)")
    return codes_of(book, name)


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse REFI-QDA XML safely: no DTD or entity at all, no network, comments dropped."""
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise FormatError(f"{name}: DTDs and entities are not allowed in REFI-QDA files")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_comments=True, remove_pis=True,
    )  # fmt: skip
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise FormatError(f"{name}: not well-formed XML ({err.msg})") from err
    if getattr(root.getroottree().docinfo, "doctype", ""):
        raise FormatError(f"{name}: DTDs and entities are not allowed in REFI-QDA files")
    namespace = etree.QName(root).namespace or ""
    if namespace and not namespace.startswith("urn:QDA-XML:"):
        raise FormatError(f"{name}: unknown namespace {namespace}")
    return root


def codes_of(book: etree._Element, name: str) -> list[QdcCode]:
    """The code tree under a ``CodeBook`` element, every problem reported at once."""
    codes_element = first_child(book, "Codes")
    problems: list[str] = []
    seen: set[str] = set()
    codes = [] if codes_element is None else _codes(codes_element, seen, problems, "")
    if problems:
        raise FormatError(f"{name}: " + "; ".join(problems[:10]))
    return codes


def _codes(
    parent: etree._Element, seen: set[str], problems: list[str], where: str
) -> list[QdcCode]:
    out: list[QdcCode] = []
    names: set[str] = set()
    for element in parent:
        if not isinstance(element.tag, str) or local_name(element) != "Code":
            continue
        label = (element.get("name") or "").strip()
        path = f"{where}/{label}" if where else label
        if not label:
            problems.append(f"a code under {where or 'the top'} has no name")
            continue
        try:
            guid = normalise_guid(element.get("guid") or "")
        except FormatError as err:
            problems.append(f"code {path!r}: {err}")
            continue
        if guid in seen:
            problems.append(f"GUID {guid} is used twice (a duplicate or a cycle), at {path!r}")
            continue
        seen.add(guid)
        if label in names:
            problems.append(f"two codes named {label!r} under {where or 'the top'}")
        names.add(label)
        colour = element.get("color")
        try:
            colour = normalise_colour(colour) if colour else None
        except ValueError:
            problems.append(f"code {path!r}: not a colour: {colour!r}")
        description = first_child(element, "Description")
        text = (description.text or "") if description is not None else ""
        out.append(
            QdcCode(guid, label, colour, text.strip(), _codes(element, seen, problems, path))
        )
    return out


def local_name(element: etree._Element) -> str:
    return etree.QName(element).localname


def first_child(element: etree._Element, local: str) -> etree._Element | None:
    return next(element.iterchildren(f"{{*}}{local}"), None)


def codebook_bytes(codes: list[QdcCode], origin: str) -> bytes:
    """A schema-valid ``.qdc`` document."""
    book = etree.Element(f"{{{NAMESPACE}}}CodeBook", nsmap={None: NAMESPACE})  # type: ignore[dict-item]
    book.set("origin", origin)
    container = etree.SubElement(book, f"{{{NAMESPACE}}}Codes")
    for code in codes:
        _write_code(container, code)
    if not len(container):
        # The schema wants at least one Code inside Codes, and Codes inside CodeBook.
        raise FormatError("the codebook is empty: nothing to export")
    return bytes(etree.tostring(book, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _write_code(parent: etree._Element, code: QdcCode) -> None:
    """Write ``code`` and its subtree without recursion (a codebook may be very deep)."""
    stack = [(parent, code)]
    while stack:
        container, item = stack.pop()
        element = etree.SubElement(container, f"{{{NAMESPACE}}}Code")
        element.set("guid", item.guid)
        element.set("name", item.name)
        element.set("isCodable", "true")
        if item.color:
            element.set("color", item.color)
        if item.description:
            etree.SubElement(element, f"{{{NAMESPACE}}}Description").text = item.description
        stack.extend((element, child) for child in reversed(item.children))


def write_codebook(path: str | Path, codes: list[QdcCode], origin: str) -> None:
    data = codebook_bytes(codes, origin)
    with atomic_write_bytes(path) as handle:
        handle.write(data)
