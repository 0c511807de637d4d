"""Reading a REFI-QDA project (``.qdpx``) into a :class:`ProjectSnapshot`, exactly.

What comes in: text sources (internal ``.txt`` under ``sources/`` or ``Sources/``,
``plainTextPath`` with or without ``internal://``, or inline ``PlainTextContent``; UTF-8 with or
without BOM, UTF-16), the code tree with colours and descriptions, users as coders, codings (a
selection may carry several), notes on sources, codes, selections and codings (``Description``,
``NoteRef`` and ATLAS.ti's linked notes) as memos, variables and cases as document attributes
(typed as :mod:`annotator.core.qdpx_variables` says), sets as attributes named ``set: NAME``.
In Annotator's own exports a source's ``Description`` is the document's title.

The coder of a coding is ``Coding@creatingUser`` (NVivo's ``PlainTextSelection@creatingUser``
often names someone else). Positions are converted by :mod:`annotator.core.offsets` in the unit
:mod:`annotator.core.qdpx_units` decides. Sources Annotator cannot hold (PDF, pictures, audio,
video, rich text only) and the codings on them are counted and named in the report, never
silently dropped. Anything wrong with the file stops the import before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from annotator.core.attributes import check_value
from annotator.core.decoding import decode_raw, normalise_newlines, text_sha256
from annotator.core.errors import AnnotatorError, FormatError, ImportRefused
from annotator.core.exchange import ProjectSnapshot, SnapCode, SnapCoding, SnapDocument
from annotator.core.offsets import UNITS, RawTextOffsets
from annotator.core.qdc import QdcCode, codes_of, first_child, local_name, parse_xml
from annotator.core.qdpx_archive import Archive, open_archive
from annotator.core.qdpx_units import RawSelection, choose_unit, forced_unit_warning
from annotator.core.qdpx_variables import attribute_type

_MEDIA = {"PDFSource": "PDF", "PictureSource": "picture", "AudioSource": "audio",
          "VideoSource": "video"}  # fmt: skip
_VALUES = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue",
           "DateTimeValue")  # fmt: skip
_SLASH_STANDIN = "\u2215"


@dataclass
class QdpxImport:
    """A read project and what the reader has to say about it."""

    snapshot: ProjectSnapshot
    origin: str
    unit: str
    unit_note: str
    unsupported: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Doubts about the result the user should see (a forced unit that fits worse).
    warnings: list[str] = field(default_factory=list)

    def lines(self, *, warnings: bool = True) -> list[str]:
        """The reader's summary; ``warnings`` False leaves out the warnings (shown apart)."""
        out = [
            f"read {len(self.snapshot.documents)} text sources, {len(self.snapshot.codes)} codes, "
            f"{len(self.snapshot.codings)} codings from {self.origin or 'an unnamed writer'}",
            self.unit_note,
        ]
        out.extend(f"not imported: {item}" for item in self.unsupported)
        out.extend(f"note: {item}" for item in self.notes)
        if warnings:
            out.extend(f"warning: {item}" for item in self.warnings)
        return out


def read_qdpx(path: str | Path, *, offsets: str | None = None) -> QdpxImport:
    """Read and check a whole ``.qdpx``; :class:`FormatError` if anything is wrong with it."""
    if offsets is not None and offsets not in UNITS:
        raise FormatError(f"offsets must be one of {', '.join(UNITS)}, not {offsets!r}")
    archive = open_archive(path)
    try:
        return _Reader(archive, offsets).read()
    finally:
        archive.close()


def guid_of(value: str | None) -> str:
    """A GUID as Annotator keeps it: lower case, no braces."""
    return (value or "").strip().strip("{}").lower()


@dataclass
class _Source:
    document: SnapDocument
    offsets: RawTextOffsets
    selections: list[tuple[RawSelection, etree._Element]]
    whole: list[etree._Element]


class _Reader:
    def __init__(self, archive: Archive, offsets: str | None) -> None:
        self.archive = archive
        self.label = archive.path.name
        self.forced = offsets
        self.snapshot = ProjectSnapshot()
        self.users: dict[str, str] = {}
        self.codes: dict[str, int] = {}
        self.notes: dict[str, tuple[str, str]] = {}
        self.variables: dict[str, str] = {}
        self.variable_types: dict[str, str] = {}  # attribute type by variable name
        self.ours = False  # written by Annotator: a source's Description is its title
        self.memos: dict[tuple[str, int], list[str]] = {}
        self.targets: dict[str, list[tuple[str, int]]] = {}
        self.used_notes: set[str] = set()
        self.unsupported: list[str] = []
        self.extra: list[str] = []
        # The same few code and user GUIDs recur on every coding: normalise each once.
        self._code_by_raw: dict[str, int] = {}
        self._coder_by_raw: dict[str, str] = {}

    def read(self) -> QdpxImport:
        root = parse_xml(self.archive.read(self.archive.project_name), self.label)
        if local_name(root) != "Project":
            raise FormatError(f"{self.label}: the .qde file holds no REFI-QDA Project")
        origin = root.get("origin") or ""
        self.ours = origin.startswith("Annotator")
        self._users(first_child(root, "Users"))
        self._notes(first_child(root, "Notes"))
        self._codebook(first_child(root, "CodeBook"))
        self._variables(first_child(root, "Variables"))
        sources = self._sources(first_child(root, "Sources"))
        warnings: list[str] = []
        if self.forced:
            unit, why = self.forced, f"positions read as {self.forced} (as asked)"
            doubt = forced_unit_warning(
                self.forced, [(s.offsets, [r for r, _ in s.selections]) for s in sources]
            )
            warnings.extend([doubt] if doubt else [])
        else:
            unit, why = choose_unit(origin, [(s.offsets, [r for r, _ in s.selections])
                                             for s in sources])  # fmt: skip
        for source in sources:
            self._codings(source, unit)
        self._cases(first_child(root, "Cases"))
        self._sets(first_child(root, "Sets"))
        self._links(first_child(root, "Links"))
        self._type_attributes()
        self._apply_memos()
        coders = set(self.users.values()) - self._pseudo_users()
        self.snapshot.coders = sorted(coders | {c.coder for c in self.snapshot.codings})
        unattached = [name for guid, (name, _) in self.notes.items() if guid not in self.used_notes]
        if unattached:
            self.extra.append(
                f"{len(unattached)} notes are attached to nothing Annotator keeps: "
                + ", ".join(repr(n) for n in unattached[:10])
            )
        return QdpxImport(self.snapshot, origin, unit, why, self.unsupported, self.extra, warnings)

    def _pseudo_users(self) -> set[str]:
        """ATLAS.ti adds a user named after itself; without codings it is no coder."""
        return {name for name in self.users.values() if name == "ATLAS.ti"}

    # -- project-wide parts ---------------------------------------------------------------------

    def _users(self, element: etree._Element | None) -> None:
        for user in _children(element, "User"):
            guid = guid_of(user.get("guid"))
            self.users[guid] = (user.get("name") or "").strip() or f"user {guid[:8]}"

    def _notes(self, element: etree._Element | None) -> None:
        for note in _children(element, "Note"):
            guid = guid_of(note.get("guid"))
            content = first_child(note, "PlainTextContent")
            if content is not None:
                text = content.text or ""
            elif note.get("plainTextPath"):
                text = self._source_text(note.get("plainTextPath") or "", note.get("name") or "")
            else:
                description = first_child(note, "Description")
                text = "" if description is None else description.text or ""
            self.notes[guid] = ((note.get("name") or "").strip() or guid, text.strip())

    def _codebook(self, book: etree._Element | None) -> None:
        if book is None:
            return

        def place(items: list[QdcCode], parent: int | None) -> None:
            for order, item in enumerate(items):
                key = len(self.snapshot.codes)
                self.snapshot.codes.append(
                    SnapCode(
                        key,
                        item.guid,
                        parent,
                        item.name.replace("/", _SLASH_STANDIN),
                        item.color,
                        item.description,
                        sort_order=order,
                    )  # fmt: skip
                )
                self.codes[item.guid] = key
                self.targets.setdefault(item.guid, []).append(("code", key))
                place(item.children, key)

        place(codes_of(book, self.label), None)
        for code in book.iter("{*}Code"):
            key = self.codes.get(guid_of(code.get("guid")))
            if key is not None:
                self._note_refs(code, [("code", key)])

    def _variables(self, element: etree._Element | None) -> None:
        for variable in _children(element, "Variable"):
            name = (variable.get("name") or "").strip()
            self.variables[guid_of(variable.get("guid"))] = name
            description = first_child(variable, "Description")
            about = "" if description is None else description.text or ""
            self.variable_types[name] = attribute_type(variable.get("typeOfVariable") or "", about)

    def _type_attributes(self) -> None:
        """Number and date variables become typed attributes, if every value fits the type."""
        for name, kind in self.variable_types.items():
            if kind == "text":
                continue
            holders = [doc for doc in self.snapshot.documents if doc.attributes.get(name)]
            try:
                checked = [check_value(doc.attributes[name], kind, name) for doc in holders]
            except AnnotatorError as err:
                self.extra.append(f"attribute {name!r} imported as text: {err}")
                continue
            for doc, value in zip(holders, checked, strict=True):
                doc.attributes[name] = value
            self.snapshot.attribute_types[name] = kind

    # -- sources --------------------------------------------------------------------------------

    def _sources(self, element: etree._Element | None) -> list[_Source]:
        out: list[_Source] = []
        taken: set[str] = set()
        for source in _children(element, None):
            kind = local_name(source)
            name = (source.get("name") or "").strip() or guid_of(source.get("guid"))
            if kind in _MEDIA:
                self._unsupported(source, name, f"{_MEDIA[kind]} source")
            elif kind == "TextSource":
                read = self._text_source(source, _unique(name, taken))
                if read is not None:
                    out.append(read)
        return out

    def _text_source(self, source: etree._Element, name: str) -> _Source | None:
        content = first_child(source, "PlainTextContent")
        path = source.get("plainTextPath")
        if path:
            if _external(path):
                self._unsupported(source, name, f"text in a file outside the archive ({path})")
                return None
            raw, encoding = self._decode(self._member(path, name), name)
        elif content is not None and (content.text or ""):
            raw, encoding = content.text or "", "xml"
        else:
            self._unsupported(source, name, "rich text only, no plain text")
            return None
        if not raw.strip():
            self._unsupported(source, name, "empty text")
            return None
        text, line_endings = normalise_newlines(raw)
        key = len(self.snapshot.documents)
        document = SnapDocument(key, name, text, text_sha256(text), path, encoding, line_endings,
                                source.get("creationDateTime") or "")  # fmt: skip
        self.snapshot.documents.append(document)
        guid = guid_of(source.get("guid"))
        self.targets.setdefault(guid, []).append(("document", key))
        if self.ours:
            description = first_child(source, "Description")
            document.title = "" if description is None else (description.text or "").strip()
        else:
            self._description(source, [("document", key)])
        self._note_refs(source, [("document", key)])
        document.attributes.update(self._values(source))
        selections = [
            (RawSelection(_int(s, "startPosition", name), _int(s, "endPosition", name),
                          s.get("name") or ""), s)
            for s in _children(source, "PlainTextSelection")
        ]  # fmt: skip
        return _Source(document, RawTextOffsets(raw), selections, _children(source, "Coding"))

    def _member(self, path: str, source: str) -> bytes:
        member = self.archive.find_source(path)
        if member is None:
            raise FormatError(
                f"{self.label}: source {source!r} names {path}, which the archive lacks"
            )
        return self.archive.read(member)

    def _decode(self, data: bytes, name: str) -> tuple[str, str]:
        try:
            return decode_raw(data, name=name)
        except ImportRefused as err:
            raise FormatError(f"{self.label}: {err}") from err

    def _source_text(self, path: str, name: str) -> str:
        if _external(path):
            return ""
        return self._decode(self._member(path, name), name)[0]

    def _unsupported(self, source: etree._Element, name: str, why: str) -> None:
        codings = sum(1 for _ in source.iter("{*}Coding"))
        self.unsupported.append(f"{name!r} ({why}, {codings} codings)")

    # -- codings --------------------------------------------------------------------------------

    def _codings(self, source: _Source, unit: str) -> None:
        doc = source.document
        length = source.offsets.raw_length(unit)
        empty = 0
        for raw, element in source.selections:
            if not 0 <= raw.start <= raw.end <= length:
                other = next(u for u in UNITS if u != unit)
                raise FormatError(
                    f"{self.label}: a selection [{raw.start}, {raw.end}) of {doc.name!r} lies "
                    f"outside its text ({length} {unit}); try --offsets {other}"
                )
            start = source.offsets.to_stored(raw.start, unit)
            end = source.offsets.to_stored(raw.end, unit)
            if start >= end:
                empty += 1
                continue
            # One pass over the selection's children: 60,000 selections are read here.
            parts = _parts(element)
            made = self._coding_elements(
                parts.get("Coding", []), doc, start, end, element.get("creatingUser")
            )
            owners = [("coding", key) for key, _ in made]
            self.targets.setdefault(guid_of(element.get("guid")), []).extend(owners)
            # The selection's notes first, then each coding's own.
            for description in parts.get("Description", []):
                self._add_memo((description.text or "").strip(), owners)
            for ref in parts.get("NoteRef", []):
                self._attach(guid_of(ref.get("targetGUID")), owners)
            for key, coding_parts in made:
                for ref in coding_parts.get("NoteRef", []):
                    self._attach(guid_of(ref.get("targetGUID")), [("coding", key)])
        for key, coding_parts in self._coding_elements(source.whole, doc, 0, len(doc.text), None):
            for ref in coding_parts.get("NoteRef", []):
                self._attach(guid_of(ref.get("targetGUID")), [("coding", key)])
        if empty:
            self.extra.append(f"{empty} empty selections in {doc.name!r} skipped")

    def _coding_elements(
        self, codings: list[etree._Element], doc: SnapDocument, start: int, end: int,
        fallback_user: str | None,
    ) -> list[tuple[int, dict[str, list[etree._Element]]]]:  # fmt: skip
        made: list[tuple[int, dict[str, list[etree._Element]]]] = []
        for coding in codings:
            parts = _parts(coding)
            refs = parts.get("CodeRef", [])
            raw_code = (refs[0].get("targetGUID") if refs else None) or ""
            code = self._code_by_raw.get(raw_code)
            if code is None:
                code = self.codes.get(guid_of(raw_code))
                if code is None:
                    raise FormatError(f"{self.label}: a coding in {doc.name!r} names no known code")
                self._code_by_raw[raw_code] = code
            raw_user = coding.get("creatingUser") or fallback_user or ""
            coder = self._coder_by_raw.get(raw_user)
            if coder is None:
                user = guid_of(raw_user)
                coder = self.users.get(user) or (f"user {user[:8]}" if user else "imported")
                self._coder_by_raw[raw_user] = coder
            key = len(self.snapshot.codings)
            created = coding.get("creationDateTime") or ""
            self.snapshot.codings.append(
                SnapCoding(
                    key, doc.key, code, coder, start, end, created_at=created, updated_at=created
                )  # fmt: skip
            )
            made.append((key, parts))
        return made

    # -- memos and attributes -------------------------------------------------------------------

    def _description(self, element: etree._Element, owners: list[tuple[str, int]]) -> None:
        description = first_child(element, "Description")
        self._add_memo("" if description is None else (description.text or "").strip(), owners)

    def _add_memo(self, text: str, owners: list[tuple[str, int]]) -> None:
        if text:
            for owner in owners:
                self.memos.setdefault(owner, []).append(text)

    def _note_refs(self, element: etree._Element, owners: list[tuple[str, int]]) -> None:
        for ref in _children(element, "NoteRef"):
            self._attach(guid_of(ref.get("targetGUID")), owners)

    def _attach(self, note_guid: str, owners: list[tuple[str, int]]) -> None:
        note = self.notes.get(note_guid)
        if note is None or not owners:
            return
        self.used_notes.add(note_guid)
        for owner in owners:
            if note[1] and note[1] not in self.memos.get(owner, []):
                self.memos.setdefault(owner, []).append(note[1])

    def _apply_memos(self) -> None:
        for (kind, key), texts in self.memos.items():
            memo = "\n\n".join(texts)
            if kind == "document":
                self.snapshot.documents[key].memo = memo
            elif kind == "code":
                self.snapshot.codes[key].memo = memo
            else:
                self.snapshot.codings[key].memo = memo

    def _values(self, element: etree._Element) -> dict[str, str]:
        values: dict[str, str] = {}
        for item in _children(element, "VariableValue"):
            ref = first_child(item, "VariableRef")
            name = self.variables.get(guid_of(None if ref is None else ref.get("targetGUID")))
            found = (first_child(item, v) for v in _VALUES)
            value = next((v for v in found if v is not None), None)
            if name and value is not None:
                values[name] = (value.text or "").strip()
        return values

    def _documents_of(self, element: etree._Element, tag: str) -> list[SnapDocument]:
        found = []
        for ref in _children(element, tag):
            for kind, key in self.targets.get(guid_of(ref.get("targetGUID")), []):
                if kind == "document":
                    found.append(self.snapshot.documents[key])
        return found

    def _cases(self, element: etree._Element | None) -> None:
        for case in _children(element, "Case"):
            name = (case.get("name") or "").strip() or guid_of(case.get("guid"))
            values = self._values(case)
            for doc in self._documents_of(case, "SourceRef"):
                cases = [c for c in doc.attributes.get("case", "").split("; ") if c]
                doc.attributes["case"] = "; ".join([*cases, name])
                doc.attributes.update(values)

    def _sets(self, element: etree._Element | None) -> None:
        for item in _children(element, "Set"):
            name = (item.get("name") or "").strip() or guid_of(item.get("guid"))
            for doc in self._documents_of(item, "MemberSource"):
                doc.attributes[f"set: {name}"] = "yes"

    def _links(self, element: etree._Element | None) -> None:
        """ATLAS.ti links notes to what they are about with a Link between the two GUIDs."""
        for link in _children(element, "Link"):
            ends = [guid_of(link.get("originGUID")), guid_of(link.get("targetGUID"))]
            for note, other in (ends, ends[::-1]):
                if note in self.notes and other in self.targets:
                    self._attach(note, self.targets[other])


def _children(element: etree._Element | None, local: str | None) -> list[etree._Element]:
    if element is None:
        return []
    if local is not None:
        return list(element.iterchildren(f"{{*}}{local}"))
    return [child for child in element if isinstance(child.tag, str)]


def _parts(element: etree._Element) -> dict[str, list[etree._Element]]:
    """An element's child elements grouped by local name, in one pass."""
    parts: dict[str, list[etree._Element]] = {}
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            parts.setdefault(tag[tag.rfind("}") + 1 :], []).append(child)
    return parts


def _int(element: etree._Element, attribute: str, where: str) -> int:
    try:
        return int(element.get(attribute) or "")
    except ValueError as err:
        raise FormatError(f"a selection in {where!r} has no whole-number {attribute}") from err


def _external(path: str) -> bool:
    lowered = path.strip().lower()
    if lowered.startswith("internal://"):
        return False
    return "://" in lowered or lowered.startswith(("/", "\\")) or (len(path) > 1 and path[1] == ":")


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name} ({n})", n + 1
    taken.add(candidate)
    return candidate
