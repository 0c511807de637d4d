from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.decoding import decode_bytes
from annotator.core.errors import InvalidCoding
from annotator.core.spans import find_occurrence
from annotator.store import Project
from tests.conftest import HARD_TEXT


@pytest.fixture
def ids(project: Project) -> tuple[int, int, int]:
    doc = project.documents.add(decode_bytes(HARD_TEXT.encode()), "hard").added[0]
    code, _ = project.codes.ensure_path("Stance/Cooperation offered")
    coder = project.coders.ensure("alice")
    return doc, code.id, coder.id


@pytest.mark.parametrize(
    "needle", ["agreed", "👩\u200d👩\u200d👧", "cafe\u0301", "روسيا", "Россия", "😀"]
)
def test_coded_text_is_exactly_the_slice(
    project: Project, ids: tuple[int, int, int], needle: str
) -> None:
    doc, code, coder = ids
    start, end = find_occurrence(HARD_TEXT, needle)
    coding_id = project.codings.add(doc, code, coder, start, end).added[0]
    coding = project.codings.get(coding_id)
    assert project.documents.text(doc)[coding.start : coding.end] == needle


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (6, 2), (0, len(HARD_TEXT) + 1)])
def test_invalid_spans_are_refused(
    project: Project, ids: tuple[int, int, int], start: int, end: int
) -> None:
    doc, code, coder = ids
    with pytest.raises(InvalidCoding):
        project.codings.add(doc, code, coder, start, end)
    assert project.codings.for_document(doc) == []


def test_whole_text_is_allowed(project: Project, ids: tuple[int, int, int]) -> None:
    doc, code, coder = ids
    project.codings.add(doc, code, coder, 0, len(HARD_TEXT))
    assert len(project.codings.for_document(doc)) == 1


def test_identical_coding_is_refused_but_other_coder_may(
    project: Project, ids: tuple[int, int, int]
) -> None:
    doc, code, coder = ids
    project.codings.add(doc, code, coder, 0, 4)
    with pytest.raises(InvalidCoding, match="already has the same code"):
        project.codings.add(doc, code, coder, 0, 4)
    bob = project.coders.ensure("bob").id
    project.codings.add(doc, code, bob, 0, 4)
    assert len(project.codings.for_document(doc)) == 2


def test_database_itself_refuses_bad_spans(project: Project, ids: tuple[int, int, int]) -> None:
    doc, code, coder = ids
    with pytest.raises(sqlite3.IntegrityError, match="beyond the end"):
        project.db.execute(
            "INSERT INTO codings (document_id, code_id, coder_id, span_start, span_end, "
            "created_at, updated_at) VALUES (?, ?, ?, 0, 100000, '', '')",
            [doc, code, coder],
        )


def test_batch_is_all_or_nothing(project: Project, ids: tuple[int, int, int]) -> None:
    from annotator.core.model import NewCoding

    doc, code, coder = ids
    with pytest.raises(InvalidCoding):
        project.codings.add_many(
            [NewCoding(doc, code, coder, 0, 3), NewCoding(doc, code, coder, 2, 999_999)]
        )
    assert project.codings.for_document(doc) == []


def test_update_remove_restore(project: Project, ids: tuple[int, int, int], tmp_path: Path) -> None:
    doc, code, coder = ids
    coding_id = project.codings.add(doc, code, coder, 0, 4, memo="first").added[0]
    change = project.codings.update(coding_id, end=9, memo="longer")
    assert (project.codings.get(coding_id).end, project.codings.get(coding_id).memo) == (
        9,
        "longer",
    )
    with pytest.raises(InvalidCoding):
        project.codings.update(coding_id, start=9)
    project.codings.put_back(change.before[0])  # type: ignore[arg-type]
    assert project.codings.get(coding_id).end == 4
    removed = project.codings.remove(coding_id)
    assert project.codings.for_document(doc) == []
    project.codings.restore(removed.before[0])  # type: ignore[arg-type]
    assert project.codings.get(coding_id).memo == "first"


def test_codings_survive_reopen(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    with Project.create(path) as project:
        doc = project.documents.add(decode_bytes(HARD_TEXT.encode()), "hard").added[0]
        code = project.codes.ensure_path("A")[0].id
        coder = project.coders.ensure("alice").id
        start, end = find_occurrence(HARD_TEXT, "agreed")
        project.codings.add(doc, code, coder, start, end)
    with Project.open(path) as project:
        [coding] = project.codings.for_document(doc)
        assert HARD_TEXT[coding.start : coding.end] == "agreed"
