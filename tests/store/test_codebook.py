from __future__ import annotations

import pytest

from annotator.core.decoding import decode_bytes
from annotator.core.errors import AnnotatorError, Conflict
from annotator.store import Project


def test_ensure_path_creates_parents_once(project: Project) -> None:
    code, change = project.codes.ensure_path("Actors/Russia", color="#d55e00")
    assert code.path == "Actors/Russia"
    assert code.color == "#D55E00"
    assert len(change.added) == 2
    _, again = project.codes.ensure_path("Actors/Russia")
    assert again.added == ()
    project.codes.ensure_path("Actors/United States")
    assert [c.path for c in project.codes.all()] == [
        "Actors", "Actors/Russia", "Actors/United States",
    ]  # fmt: skip


def test_sibling_names_are_unique_but_cousins_may_share(project: Project) -> None:
    project.codes.ensure_path("A/Other")
    project.codes.ensure_path("B/Other")
    with pytest.raises(Conflict, match="already exists"):
        project.codes.add("A")
    with pytest.raises(AnnotatorError, match="cannot contain"):
        project.codes.add("a/b")


def test_shortcut_conflicts_are_refused(project: Project) -> None:
    a, _ = project.codes.ensure_path("A")
    b, _ = project.codes.ensure_path("B")
    project.codes.update(a.id, shortcut="1")
    with pytest.raises(Conflict, match="already used by A"):
        project.codes.update(b.id, shortcut="1")
    project.codes.update(a.id, shortcut="1")


def test_move_merge_delete(project: Project) -> None:
    doc = project.documents.add(decode_bytes(b"hello world"), "d").added[0]
    coder = project.coders.ensure("alice").id
    a, _ = project.codes.ensure_path("A")
    b, _ = project.codes.ensure_path("B")
    child, _ = project.codes.ensure_path("A/Child")
    project.codings.add(doc, a.id, coder, 0, 5)
    project.codings.add(doc, b.id, coder, 0, 5)
    project.codings.add(doc, a.id, coder, 6, 11)
    with pytest.raises(Conflict, match="into itself"):
        project.codes.move(a.id, child.id)
    project.codes.move(child.id, None, 0)
    assert [c.path for c in project.codes.all()] == ["Child", "A", "B"]
    change = project.codes.merge(a.id, b.id)
    assert "1 duplicate collapsed" in change.summary
    assert sorted((c.code_id, c.start) for c in project.codings.for_document(doc)) == [
        (b.id, 0), (b.id, 6),
    ]  # fmt: skip
    assert project.codes.count_codings(b.id) == 2
    project.codes.delete(b.id)
    assert project.codings.for_document(doc) == []
    assert [c.path for c in project.codes.all()] == ["Child"]
