"""Writing a REFI-QDA project (``.qdpx``) that ``Project.xsd`` accepts.

``project.qde`` follows the schema's element order (Users, CodeBook, Variables, Sources, Notes)
and leaves out empty containers, which the schema forbids. A document's title, for which
REFI-QDA has no field, is its source's ``Description``; attributes are variables typed as
:mod:`annotator.core.qdpx_variables` says. Each document is a ``.txt`` under
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
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from annotator.core.atomic import atomic_write_bytes
from annotator.core.exchange import ProjectSnapshot, SnapCode
from annotator.core.offsets import Utf16Index
from annotator.core.qdpx_variables import VariableType, variable_type

NAMESPACE = "urn:QDA-XML:project:1.0"
_NS = f"{{{NAMESPACE}}}"
_GUIDS = uuid.UUID("6f1d7a52-7f0e-4a0c-9a55-2b0b8e0d3c11")
_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")


_SALT = _GUIDS.bytes


def derived_guid(*parts: object) -> str:
    """A name-based GUID (RFC 4122 version 5: SHA-1 of a namespace and a name)."""
    return _as_guid(hashlib.sha1(_SALT + "\x1f".join(map(str, parts)).encode()).digest())


def derived_guid_pair(*parts: object) -> tuple[str, str]:
    """Two GUIDs from one SHA-256 of the name: a selection's and its coding's, in one hash.

    The export needs both for each of tens of thousands of codings.
    """
    digest = hashlib.sha256(_SALT + "\x1f".join(map(str, parts)).encode()).digest()
    return _as_guid(digest[:16]), _as_guid(digest[16:])


def _as_guid(raw: bytes) -> str:
    data = bytearray(raw[:16])
    data[6] = (data[6] & 0x0F) | 0x50
    data[8] = (data[8] & 0x3F) | 0x80
    h = data.hex()
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
    names = set(snapshot.coders) | {coding.coder for coding in snapshot.codings}
    users = {coder: derived_guid("coder", coder) for coder in names}
    notes: list[tuple[str, str, str]] = []
    if users:
        element = etree.SubElement(root, f"{_NS}Users")
        for coder, guid in sorted(users.items()):
            etree.SubElement(element, f"{_NS}User", guid=guid, name=xml_safe(coder))
    _codebook(root, snapshot, notes)
    variables = _variables(root, snapshot)
    sources, files = _sources_xml(snapshot, users, variables, notes, offsets)
    if snapshot.documents:
        # A placeholder that the text of the Sources element replaces once serialised;
        # the literal cannot occur elsewhere, since names and texts are escaped.
        etree.SubElement(root, f"{_NS}Sources")
    if notes:
        element = etree.SubElement(root, f"{_NS}Notes")
        for guid, title, text in notes:
            note = etree.SubElement(element, f"{_NS}Note", guid=guid, name=xml_safe(title))
            etree.SubElement(note, f"{_NS}PlainTextContent").text = xml_safe(text)
    body = etree.tostring(root, encoding="unicode", pretty_print=True)
    if snapshot.documents:
        body = body.replace("<Sources/>", sources, 1)
    return ("<?xml version='1.0' encoding='UTF-8'?>\n" + body).encode("utf-8"), files


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
    element = etree.SubElement(parent, f"{_NS}Code", guid=code.guid, name=xml_safe(code.name))
    element.set("isCodable", "true")
    if code.color:
        element.set("color", code.color)
    if code.description:
        etree.SubElement(element, f"{_NS}Description").text = xml_safe(code.description)
    if code.memo:
        guid = derived_guid("code memo", code.guid)
        notes.append((guid, f"Memo: {code.name}", code.memo))
        etree.SubElement(element, f"{_NS}NoteRef", targetGUID=guid)
    return element


def _variables(
    root: etree._Element, snapshot: ProjectSnapshot
) -> dict[str, tuple[str, VariableType]]:
    """Each attribute as a variable of the REFI-QDA type for its type and values (see
    :mod:`annotator.core.qdpx_variables`); returns its GUID and type by name."""
    values: dict[str, list[str]] = {}
    for doc in snapshot.documents:
        for name, value in doc.attributes.items():
            values.setdefault(name, []).append(value)
    variables = {
        name: (
            derived_guid("attribute", name),
            variable_type(snapshot.attribute_types.get(name, "text"), values[name]),
        )
        for name in sorted(values)
    }
    if variables:
        element = etree.SubElement(root, f"{_NS}Variables")
        for name, (guid, kind) in variables.items():
            variable = etree.SubElement(element, f"{_NS}Variable", guid=guid,
                                        name=xml_safe(name),
                                        typeOfVariable=kind.type_of_variable)  # fmt: skip
            if kind.description:
                etree.SubElement(variable, f"{_NS}Description").text = kind.description
    return variables


def _sources_xml(
    snapshot: ProjectSnapshot,
    users: dict[str, str],
    variables: dict[str, tuple[str, VariableType]],
    notes: list[tuple[str, str, str]],
    offsets: str,
) -> tuple[str, list[tuple[str, str]]]:
    """The ``Sources`` element as text, and the source files.

    Written as text rather than built element by element: a project with 60,000 codings has
    180,000 elements here, and building them as lxml objects took seconds.
    """
    codes = {code.key: code.guid for code in snapshot.codes}
    by_document: dict[int, list[int]] = {}
    for index, coding in enumerate(snapshot.codings):
        by_document.setdefault(coding.document_key, []).append(index)
    out: list[str] = ["<Sources>"]
    files: list[tuple[str, str]] = []
    for doc in snapshot.documents:
        guid = derived_guid("document", doc.sha256, doc.name)
        files.append((f"sources/{guid}.txt", doc.text))
        when = _when_attribute(doc.imported_at)
        out.append(f'<TextSource guid="{guid}" name={_attr(doc.name)} '
                   f'plainTextPath="internal://{guid}.txt"{when}>')  # fmt: skip
        if doc.title:
            # REFI-QDA has no title: the source's Description (shown by other tools as its
            # description) holds it; the name stays the document's name, as it identifies it.
            out.append(f"<Description>{_text(doc.title)}</Description>")
        units = Utf16Index(doc.text) if offsets == "utf16" else None
        for position in by_document.get(doc.key, []):
            coding = snapshot.codings[position]
            start, end = coding.start, coding.end
            if units is not None:
                start, end = units.span_to_utf16(start, end)
            code_guid = codes[coding.code_key]
            sel_guid, coding_guid = derived_guid_pair(guid, code_guid, coding.coder, start, end)
            user = users[coding.coder]
            when = _when_attribute(coding.created_at)
            note = ""
            if coding.memo:
                note_guid = derived_guid("coding memo", sel_guid)
                notes.append((note_guid, f"Memo: {doc.name} [{start}, {end})", coding.memo))
                note = f'<NoteRef targetGUID="{note_guid}"/>'
            out.append(
                f'<PlainTextSelection guid="{sel_guid}" startPosition="{start}" '
                f'endPosition="{end}" creatingUser="{user}"{when}><Coding guid="{coding_guid}" '
                f'creatingUser="{user}"{when}><CodeRef targetGUID="{code_guid}"/>{note}</Coding>'
                "</PlainTextSelection>"
            )
        if doc.memo:
            note_guid = derived_guid("document memo", guid)
            notes.append((note_guid, f"Memo: {doc.name}", doc.memo))
            out.append(f'<NoteRef targetGUID="{note_guid}"/>')
        for name, value in sorted(doc.attributes.items()):
            variable, kind = variables[name]
            tag = kind.value_element if value else "TextValue"  # "" is no number or date
            out.append(
                f'<VariableValue><VariableRef targetGUID="{variable}"/>'
                f"<{tag}>{_text(value)}</{tag}></VariableValue>"
            )
        out.append("</TextSource>")
    out.append("</Sources>")
    return "\n".join(out), files


_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: str) -> str:
    """``value`` with the characters XML 1.0 cannot hold (most C0 controls) as U+FFFD."""
    return _INVALID.sub("\ufffd", value)


def _attr(value: str) -> str:
    return quoteattr(xml_safe(value), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _text(value: str) -> str:
    return escape(xml_safe(value), {"\r": "&#13;"})


def _when_attribute(value: str) -> str:
    return f' creationDateTime="{value}"' if value and _DATETIME.match(value) else ""
