from __future__ import annotations

from pathlib import Path

from annotator.core.decoding import decode_bytes
from annotator.store import Project
from tests.conftest import HARD_TEXT


def test_folder_import_reports_each_file_and_skips_bad_ones(
    tmp_path: Path, project: Project
) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(HARD_TEXT, encoding="utf-8")
    (folder / "crlf.txt").write_bytes(b"\xef\xbb\xbfline one\r\nline two\r\n")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (folder / "sub" / "copy.txt").write_text(HARD_TEXT, encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG ignored: not a supported format")
    results = project.documents.import_paths([folder])
    outcome = {Path(r.path).name: r for r in results}
    assert set(outcome) == {"good.txt", "crlf.txt", "empty.txt", "binary.txt", "copy.txt"}
    assert outcome["good.txt"].ok
    assert outcome["crlf.txt"].ok
    assert "empty" in outcome["empty.txt"].message
    assert "binary" in outcome["binary.txt"].message
    assert "already in the project" in outcome["copy.txt"].message
    docs = {d.name: d for d in project.documents.all()}
    assert set(docs) == {"good", "crlf"}
    assert project.documents.text(docs["good"].id) == HARD_TEXT
    assert project.documents.text(docs["crlf"].id) == "line one\nline two\n"
    assert docs["crlf"].line_endings == "CRLF"
    assert docs["crlf"].encoding == "utf-8+bom"
    assert docs["good"].length == len(HARD_TEXT)


def test_duplicates_when_asked_and_unique_names(tmp_path: Path, project: Project) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text("same text", encoding="utf-8")
    results = project.documents.import_paths(
        [tmp_path / "a", tmp_path / "b"], allow_duplicates=True
    )
    assert all(r.ok for r in results)
    assert [d.name for d in project.documents.all()] == ["story", "story (2)"]


def test_size_limit_refuses_only_the_large_file(tmp_path: Path, project: Project) -> None:
    (tmp_path / "big.txt").write_text("x " * 10_000)
    (tmp_path / "small.txt").write_text("tiny")
    results = project.documents.import_paths([tmp_path], max_bytes=1_000)
    assert {Path(r.path).name: r.ok for r in results} == {"big.txt": False, "small.txt": True}


def test_attributes(project: Project, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("text")
    doc_id = project.documents.import_paths([tmp_path / "a.txt"])[0].document_id
    assert doc_id is not None
    project.documents.set_attribute(doc_id, "outlet", "Sputnik")
    project.documents.set_attribute(doc_id, "year", "2015")
    project.documents.set_attribute(doc_id, "year", "2016")
    assert project.documents.attributes(doc_id) == {"outlet": "Sputnik", "year": "2016"}


def test_titles_by_name(project: Project) -> None:
    """What views that know documents by name show: the title, empty when there is none."""
    for name in ("b", "a"):
        project.documents.add(decode_bytes(f"text {name}".encode()), name)
    project.documents.set_title(project.documents.by_name("b").id, "A talk")
    assert project.documents.titles() == {"a": "", "b": "A talk"}
    assert list(project.documents.titles()) == [d.name for d in project.documents.all()]
