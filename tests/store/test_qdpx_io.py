"""REFI-QDA projects in and out of a project file: round trip, schema, merge rules, refusals."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from annotator.core.decoding import decode_bytes
from annotator.core.errors import FormatError
from annotator.store import Project
from annotator.store.qdpx_io import export_qdpx, import_qdpx
from tests.conftest import HARD_TEXT, SHARED
from tests.core.test_qdpx_read import NVIVO, hostile

SCHEMA = xmlschema.XMLSchema(str(SHARED / "refi-qda" / "Project.xsd"))


def build(path: Path) -> Project:
    project = Project.create(path)
    project.documents.add(decode_bytes(HARD_TEXT.replace("\n", "\r\n").encode()), "hard")
    project.documents.add(decode_bytes("Второй документ 😀.".encode()), "second")
    hard = project.documents.by_name("hard").id
    stance, _ = project.codes.ensure_path("Stance/Cooperation offered", color="#112233",
                                          description="offers to work together")  # fmt: skip
    tone, _ = project.codes.ensure_path("Tone")
    project.memos.set("code", tone.id, "a code memo")
    project.memos.set("document", hard, "a document memo")
    project.documents.set_attribute(hard, "outlet", "RT")
    second = project.documents.by_name("second").id
    project.documents.set_title(hard, "Лавров: «готова» — 😀 & <co-operation>")
    typed = {  # attribute: type, (value in hard, value in second)
        "date": ("date", ("2015-09-30", "2017-09-22")),  # REFI-QDA Date
        "month": ("date", ("2015-10", "2016-01-31")),  # a month alone: Text + description
        "wave": ("number", ("2", "-13")),  # Integer
        "share": ("number", ("0.25", "12")),  # Float
        "big": ("number", ("1e5", "3")),  # no xsd:decimal: Text + description
        "note": ("text", ("2015-09-30", "")),  # text that looks like a date stays text
    }
    for name, (kind, values) in typed.items():
        project.attributes.set_type(name, kind)
        for doc, value in zip((hard, second), values, strict=True):
            project.attributes.set_value(doc, name, value or None)
    ann, ben = project.coders.ensure("Ann").id, project.coders.ensure("Ben").id
    project.coders.ensure("Idle")
    emoji = HARD_TEXT.index("😀")
    family = HARD_TEXT.index("👩")
    project.codings.add(hard, tone.id, ann, emoji, emoji + 1, memo="an emoji")
    project.codings.add(hard, tone.id, ben, emoji, emoji + 1)
    project.codings.add(hard, stance.id, ben, family, family + 5, memo="family")
    arabic = HARD_TEXT.index("قال")
    project.codings.add(hard, stance.id, ann, arabic, arabic + 3)
    return project


def fingerprint(project: Project) -> dict[str, object]:
    """Everything a round trip must keep, by names (ids differ between projects)."""
    codes = {c.id: c for c in project.codes.all()}
    docs = {d.id: d for d in project.documents.all()}
    return {
        "documents": sorted((d.name, d.title, project.documents.text(d.id), project.memos.get(
            "document", d.id), project.documents.attributes(d.id)) for d in docs.values()),
        "attribute types": project.attributes.types(),
        "codes": sorted((c.path, c.guid, c.color, c.description, project.memos.get("code", c.id))
                        for c in codes.values()),
        "coders": [c.name for c in project.coders.all()],
        "codings": sorted((docs[c.document_id].name, codes[c.code_id].path,
                           project.coders.get(c.coder_id).name, c.start, c.end, c.memo)
                          for c in project.codings.all()),
    }  # fmt: skip


@pytest.mark.parametrize("offsets", ["codepoints", "utf16"])
def test_round_trip_of_our_own_export_gives_the_same_project(tmp_path: Path, offsets: str) -> None:
    with build(tmp_path / "a.annotator") as original:
        assert export_qdpx(original, tmp_path / "a.qdpx", offsets=offsets) == 4
        expected = fingerprint(original)
    (tmp_path / "b").mkdir()
    result = import_qdpx(tmp_path / "b" / "a.annotator", tmp_path / "a.qdpx")
    assert result.created
    assert result.read.unit == offsets
    with Project.open(tmp_path / "b" / "a.annotator") as copy:
        assert fingerprint(copy) == expected
        assert copy.attributes.types() == {
            "big": "number", "date": "date", "month": "date", "note": "text", "outlet": "text",
            "share": "number", "wave": "number",
        }  # fmt: skip
        assert copy.documents.by_name("hard").title.startswith("Лавров")
        export_qdpx(copy, tmp_path / "b.qdpx", offsets=offsets)
    with zipfile.ZipFile(tmp_path / "a.qdpx") as a, zipfile.ZipFile(tmp_path / "b.qdpx") as b:
        assert a.read("project.qde") == b.read("project.qde")


def test_export_is_valid_against_the_schema_with_bomless_utf8_sources(tmp_path: Path) -> None:
    with build(tmp_path / "a.annotator") as project:
        export_qdpx(project, tmp_path / "a.qdpx")
    with zipfile.ZipFile(tmp_path / "a.qdpx") as archive:
        qde = archive.read("project.qde")
        sources = [n for n in archive.namelist() if n.startswith("sources/")]
        texts = [archive.read(n) for n in sources]
    SCHEMA.validate(qde.decode("utf-8"))
    # What other tools read: titles as the sources' descriptions, typed variables.
    root = etree.fromstring(qde)
    ns = {"q": "urn:QDA-XML:project:1.0"}
    titles = root.xpath("//q:TextSource/q:Description/text()", namespaces=ns)
    assert titles == ["Лавров: «готова» — 😀 & <co-operation>"]
    variables = root.iterfind(".//q:Variable", namespaces=ns)
    kinds = {v.get("name"): v.get("typeOfVariable") for v in variables}
    assert kinds == {"big": "Text", "date": "Date", "month": "Text", "note": "Text",
                     "outlet": "Text", "share": "Float", "wave": "Integer"}  # fmt: skip
    described = root.xpath("//q:Variable[@name='month']/q:Description/text()", namespaces=ns)
    assert described == ["Annotator attribute type: date"]
    assert root.xpath("//q:DateValue/text()", namespaces=ns) == ["2015-09-30", "2017-09-22"]
    assert len(sources) == 2
    assert all(not t.startswith(b"\xef\xbb\xbf") and b"\r" not in t for t in texts)
    assert HARD_TEXT.encode("utf-8") in texts


def test_export_of_an_empty_project_is_valid_too(tmp_path: Path) -> None:
    with Project.create(tmp_path / "e.annotator") as project:
        export_qdpx(project, tmp_path / "e.qdpx")
    with zipfile.ZipFile(tmp_path / "e.qdpx") as archive:
        SCHEMA.validate(archive.read("project.qde").decode("utf-8"))


def test_nvivo_import_into_an_existing_project_merges_and_twice_adds_nothing(
    tmp_path: Path,
) -> None:
    target = tmp_path / "t.annotator"
    with build(target):
        pass
    first = import_qdpx(target, NVIVO)
    assert not first.created
    assert first.report.counts["codings"].added == 97
    again = import_qdpx(target, NVIVO)
    assert not again.report.changes_anything
    assert again.report.counts["codings"].present == 97
    with Project.open(target) as project:
        assert project.counts()["documents"] == 3


@pytest.mark.parametrize("name", ["escape", "symlink", "bomb", "dtd", "missing-source"])
def test_a_hostile_archive_writes_nothing(tmp_path: Path, name: str) -> None:
    existing = tmp_path / "t.annotator"
    with build(existing) as project:
        project.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = hashlib.sha256(existing.read_bytes()).hexdigest()
    archive = hostile(tmp_path, name)
    with pytest.raises(FormatError):
        import_qdpx(existing, archive)
    assert hashlib.sha256(existing.read_bytes()).hexdigest() == before
    with pytest.raises(FormatError):
        import_qdpx(tmp_path / "new.annotator", archive)
    assert not (tmp_path / "new.annotator").exists()


def test_characters_xml_cannot_hold_do_not_break_the_export(tmp_path: Path) -> None:
    with build(tmp_path / "a.annotator") as project:
        hard = project.documents.by_name("hard").id
        project.memos.set("document", hard, 'form\x0cfeed & <tags> "quoted"\r\nline')
        export_qdpx(project, tmp_path / "a.qdpx")
    with zipfile.ZipFile(tmp_path / "a.qdpx") as archive:
        SCHEMA.validate(archive.read("project.qde").decode("utf-8"))
    import_qdpx(tmp_path / "b.annotator", tmp_path / "a.qdpx")
    with Project.open(tmp_path / "b.annotator") as copy:
        memo = copy.memos.get("document", copy.documents.by_name("hard").id)
    assert memo == 'form\ufffdfeed & <tags> "quoted"\r\nline'
