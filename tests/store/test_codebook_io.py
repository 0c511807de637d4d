"""Codebook round trips and undo of every codebook change."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.decoding import decode_bytes
from annotator.core.errors import FormatError
from annotator.store import Project
from annotator.store.codebook import CodeSnapshot, MergeRecord
from annotator.store.codebook_io import export_codebook_file, import_codebook_file

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "refi-qda" / "samples"


def summary(project: Project) -> list[tuple[str, str, str, str]]:
    return [(c.path, c.color, c.description, c.guid) for c in project.codes.all()]


def test_qdc_round_trip_keeps_paths_colours_descriptions_guids(
    demo_project: Project, tmp_path: Path
) -> None:
    first = tmp_path / "first.qdc"
    export_codebook_file(demo_project, first)
    with Project.create(tmp_path / "fresh.annotator") as fresh:
        import_codebook_file(fresh, first)
        assert summary(fresh) == summary(demo_project)
        second = tmp_path / "second.qdc"
        export_codebook_file(fresh, second)
    assert first.read_bytes() == second.read_bytes()


def test_importing_again_changes_nothing(demo_project: Project, tmp_path: Path) -> None:
    out = tmp_path / "book.qdc"
    export_codebook_file(demo_project, out)
    before = summary(demo_project)
    assert import_codebook_file(demo_project, out).added == ()
    assert summary(demo_project) == before


def test_nvivo_codebook_imports(project: Project, tmp_path: Path) -> None:
    import zipfile

    archive = SAMPLE / "nvivo-win-12.6_oltas.qdpx"
    if not archive.exists():
        pytest.skip("shared REFI-QDA sample not present")
    with zipfile.ZipFile(archive) as zipped:
        qde = zipped.read("project.qde")
    path = tmp_path / "nvivo.xml"
    path.write_bytes(qde)
    change = import_codebook_file(project, path)
    codes = project.codes.all()
    assert len(change.added) == len(codes) == 60
    assert all(c.color.startswith("#") for c in codes)


def test_bad_file_changes_nothing(demo_project: Project, tmp_path: Path) -> None:
    bad = tmp_path / "bad.qdc"
    guid = "00000000-0000-0000-0000-000000000001"
    bad.write_text(
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        f'<Code guid="{guid}" name="Actors" isCodable="true"/></Codes></CodeBook>'
    )
    before = summary(demo_project)
    with pytest.raises(FormatError, match="already exists"):
        import_codebook_file(demo_project, bad)
    assert summary(demo_project) == before


def test_delete_and_restore_with_codings(demo_project: Project) -> None:
    doc = demo_project.documents.all()[0].id
    alice = demo_project.coders.ensure("alice").id
    actors = demo_project.codes.by_path("Actors")
    russia = demo_project.codes.by_path("Actors/Russia")
    demo_project.codings.add(doc, russia.id, alice, 0, 5, memo="m")
    demo_project.memos.set("code", russia.id, "note")
    before = summary(demo_project)
    change = demo_project.codes.delete(actors.id)
    assert change.summary.endswith("and 1 coding")
    assert demo_project.codings.for_document(doc) == []
    snapshot = change.before[0]
    assert isinstance(snapshot, CodeSnapshot)
    demo_project.codes.restore(snapshot)
    assert summary(demo_project) == before
    assert demo_project.codings.for_document(doc)[0].memo == "m"
    assert demo_project.memos.get("code", russia.id) == "note"


def test_merge_and_unmerge(project: Project) -> None:
    doc = project.documents.add(decode_bytes(b"hello world, again"), "d").added[0]
    coder = project.coders.ensure("alice").id
    a, _ = project.codes.ensure_path("A")
    child, _ = project.codes.ensure_path("A/Child")
    b, _ = project.codes.ensure_path("B")
    project.codings.add(doc, a.id, coder, 0, 5)
    project.codings.add(doc, a.id, coder, 6, 11)
    project.codings.add(doc, b.id, coder, 0, 5)
    before_codings = sorted((c.code_id, c.start, c.end) for c in project.codings.for_document(doc))
    before = summary(project)
    change = project.codes.merge(a.id, b.id)
    assert project.codes.by_path("B/Child").id == child.id
    record = change.before[0]
    assert isinstance(record, MergeRecord)
    project.codes.unmerge(record)
    assert summary(project) == before
    after = sorted((c.code_id, c.start, c.end) for c in project.codings.for_document(doc))
    assert after == before_codings
