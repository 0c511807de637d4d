"""Writing a REFI-QDA project (``.qdpx``) that ``Project.xsd`` accepts.

``project.qde`` follows the schema's element order (Users, CodeBook, Variables, Sources, Notes)
and leaves out empty containers, which the schema forbids. Each document is a ``.txt`` under
``sources/``, UTF-8 without BOM, exactly the stored text. Positions are code points as the
standard says, or, with ``offsets="utf16"``, UTF-16 code units, which is what NVivo reads. Each
coding gets a selection of its own, so its memo (a note) stays its own.

GUIDs: codes keep theirs; coders, documents, codings and notes get GUIDs derived from what
identifies them (name, text hash, span), so exporting the same project twice gives the same
GUIDs.
"""

from __future__ import annotations

import hashlib
import re
import uuid
import zipfile
from pathlib import Path

from lxml import etree

from annotator.core.atomic import atomic_write_bytes
from annotator.core.exchange import ProjectSnapshot, SnapCode
from annotator.core.offsets import Utf16Index

NAMESPACE = "urn:QDA-XML:project:1.0"
_NS = f"{{{NAMESPACE}}}"
_GUIDS = uuid.UUID("6f1d7a52-7f0e-4a0c-9a55-2b0b8e0d3c11")
_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")


def derived_guid(*parts: object) -> str:
    """A name-based GUID (RFC 4122 version 5 layout), computed without ``uuid`` objects.

    The export makes several per coding, so it is built straight from the SHA-1 digest.
    """
    digest = bytearray(hashlib.sha1(_GUIDS.bytes + "\x1f".join(map(str, parts)).encode()).digest())
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest[:16].hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def write_qdpx(
    path: str | Path, snapshot: ProjectSnapshot, *, name: str, origin: str, offsets: str
) -> None:
    """Write ``snapshot`` as a ``.qdpx`` at ``path`` (temporary file, then rename)."""
    qde, sources = project_xml(snapshot, name=name, origin=origin, offsets=offsets)
    with (
        atomic_write_bytes(path) as handle,
        zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
    ):
        archive.writestr("project.qde", qde)
        for member, text in sources:
            archive.writestr(member, text.encode("utf-8"))


def project_xml(
    snapshot: ProjectSnapshot, *, name: str, origin: str, offsets: str
) -> tuple[bytes, list[tuple[str, str]]]:
    """The ``project.qde`` bytes and the source files (member name, text) to put beside it."""
    root = etree.Element(f"{_NS}Project", nsmap={None: NAMESPACE})  # type: ignore[dict-item]
    root.set("name", name)
    root.set("origin", origin)
    users = {coder: derived_guid("coder", coder) for coder in snapshot.coders}
    for coding in snapshot.codings:
        users.setdefault(coding.coder, derived_guid("coder", coding.coder))
    notes: list[tuple[str, str, str]] = []
    if users:
        element = etree.SubElement(root, f"{_NS}Users")
        for coder, guid in sorted(users.items()):
            etree.SubElement(element, f"{_NS}User", guid=guid, name=coder)
    _codebook(root, snapshot, notes)
    variables = _variables(root, snapshot)
    sources = _sources(root, snapshot, users, variables, notes, offsets)
    if notes:
        element = etree.SubElement(root, f"{_NS}Notes")
        for guid, title, text in notes:
            note = etree.SubElement(element, f"{_NS}Note", guid=guid, name=title)
            etree.SubElement(note, f"{_NS}PlainTextContent").text = text
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return bytes(data), sources


def _codebook(
    root: etree._Element, snapshot: ProjectSnapshot, notes: list[tuple[str, str, str]]
) -> None:
    if not snapshot.codes:
        return
    container = etree.SubElement(etree.SubElement(root, f"{_NS}CodeBook"), f"{_NS}Codes")
    elements: dict[int, etree._Element] = {}
    for code in snapshot.codes:
        parent = container if code.parent_key is None else elements[code.parent_key]
        elements[code.key] = _code(parent, code, notes)


def _code(
    parent: etree._Element, code: SnapCode, notes: list[tuple[str, str, str]]
) -> etree._Element:
    element = etree.SubElement(parent, f"{_NS}Code", guid=code.guid, name=code.name)
    element.set("isCodable", "true")
    if code.color:
        element.set("color", code.color)
    if code.description:
        etree.SubElement(element, f"{_NS}Description").text = code.description
    if code.memo:
        guid = derived_guid("code memo", code.guid)
        notes.append((guid, f"Memo: {code.name}", code.memo))
        etree.SubElement(element, f"{_NS}NoteRef", targetGUID=guid)
    return element


def _variables(root: etree._Element, snapshot: ProjectSnapshot) -> dict[str, str]:
    names = sorted({name for doc in snapshot.documents for name in doc.attributes})
    guids = {name: derived_guid("attribute", name) for name in names}
    if names:
        element = etree.SubElement(root, f"{_NS}Variables")
        for name in names:
            etree.SubElement(element, f"{_NS}Variable", guid=guids[name], name=name,
                             typeOfVariable="Text")  # fmt: skip
    return guids


def _sources(
    root: etree._Element,
    snapshot: ProjectSnapshot,
    users: dict[str, str],
    variables: dict[str, str],
    notes: list[tuple[str, str, str]],
    offsets: str,
) -> list[tuple[str, str]]:
    if not snapshot.documents:
        return []
    codes = {code.key: code.guid for code in snapshot.codes}
    by_document: dict[int, list[int]] = {}
    for index, coding in enumerate(snapshot.codings):
        by_document.setdefault(coding.document_key, []).append(index)
    container = etree.SubElement(root, f"{_NS}Sources")
    files: list[tuple[str, str]] = []
    for doc in snapshot.documents:
        guid = derived_guid("document", doc.sha256, doc.name)
        files.append((f"sources/{guid}.txt", doc.text))
        source = etree.SubElement(container, f"{_NS}TextSource", guid=guid, name=doc.name)
        source.set("plainTextPath", f"internal://{guid}.txt")
        _when(source, "creationDateTime", doc.imported_at)
        units = Utf16Index(doc.text) if offsets == "utf16" else None
        for position in by_document.get(doc.key, []):
            coding = snapshot.codings[position]
            start, end = coding.start, coding.end
            if units is not None:
                start, end = units.span_to_utf16(start, end)
            code_guid = codes[coding.code_key]
            sel_guid = derived_guid("coding", guid, code_guid, coding.coder, start, end)
            selection = etree.SubElement(source, f"{_NS}PlainTextSelection", guid=sel_guid,
                                         startPosition=str(start), endPosition=str(end),
                                         creatingUser=users[coding.coder])  # fmt: skip
            _when(selection, "creationDateTime", coding.created_at)
            element = etree.SubElement(selection, f"{_NS}Coding",
                                       guid=derived_guid("coding of", sel_guid),
                                       creatingUser=users[coding.coder])  # fmt: skip
            _when(element, "creationDateTime", coding.created_at)
            etree.SubElement(element, f"{_NS}CodeRef", targetGUID=code_guid)
            if coding.memo:
                note = derived_guid("coding memo", sel_guid)
                notes.append((note, f"Memo: {doc.name} [{start}, {end})", coding.memo))
                etree.SubElement(element, f"{_NS}NoteRef", targetGUID=note)
        if doc.memo:
            note = derived_guid("document memo", guid)
            notes.append((note, f"Memo: {doc.name}", doc.memo))
            etree.SubElement(source, f"{_NS}NoteRef", targetGUID=note)
        for name, value in sorted(doc.attributes.items()):
            item = etree.SubElement(source, f"{_NS}VariableValue")
            etree.SubElement(item, f"{_NS}VariableRef", targetGUID=variables[name])
            etree.SubElement(item, f"{_NS}TextValue").text = value
    return files


def _when(element: etree._Element, attribute: str, value: str) -> None:
    if value and _DATETIME.match(value):
        element.set(attribute, value)
