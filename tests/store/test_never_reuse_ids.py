"""Ids are never reused, and undo/redo act only on the coding they made (issue 9)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.core.decoding import decode_bytes
from annotator.core.errors import InvalidCoding, Stale
from annotator.store import Project, schema
from tests.conftest import HARD_TEXT

NOW = "2026-11-29T00:00:00.000Z"


def build_schema_0002(path: Path) -> None:
    """A project as Annotator wrote it before ``0003_never_reuse_ids``, with some rows."""
    db = Database(path)
    db.execute("PRAGMA journal_mode = WAL")
    schema.migrations.apply(db, stop_before="0003_never_reuse_ids")
    with db.atomic():
        db.execute(
            "INSERT INTO documents (id, name, text, length, sha256, imported_at) "
            "VALUES (1, 'd', ?, ?, 'x', ?)",
            [HARD_TEXT, len(HARD_TEXT), NOW],
        )
        db.execute("INSERT INTO codes (id, guid, name, color) VALUES (1, 'g1', 'A', '#112233')")
        db.execute("INSERT INTO coders (id, name) VALUES (1, 'alice'), (2, 'bob')")
        for coding_id, start in ((1, 0), (2, 5), (3, 10)):
            db.execute(
                "INSERT INTO codings (id, document_id, code_id, coder_id, span_start, span_end, "
                "created_at, updated_at) VALUES (?, 1, 1, 1, ?, ?, ?, ?)",
                [coding_id, start, start + 3, NOW, NOW],
            )
        db.execute("DELETE FROM codings WHERE id = 3")
        db.execute(
            "INSERT INTO adjudications (document_id, code_id, decided_by, consensus_coder, action, "
            "region_start, region_end, sources, results, decided_at) "
            "VALUES (1, 1, 1, 2, 'accept', 0, 3, '[1]', '[]', ?)",
            [NOW],
        )
    db.close()


def test_project_at_schema_0002_upgrades_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "old.annotator"
    build_schema_0002(path)
    before = sqlite3.connect(path)
    objects = sorted(before.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE "
                                    "'sqlite_%'").fetchall())  # fmt: skip
    columns = {t: [c[1] for c in before.execute(f"PRAGMA table_info({t})")] for t in
               ("documents", "codes", "coders", "codings", "adjudications")}  # fmt: skip
    rows = {t: before.execute(f"SELECT {', '.join(c)} FROM {t} ORDER BY 1").fetchall()
            for t, c in columns.items()}  # fmt: skip
    before.close()
    with Project.open(path) as project:
        assert "0003_never_reuse_ids" in project.applied_migrations()
        db = project.db
        after = sorted(db.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE "
                                  "'sqlite_%'").fetchall())  # fmt: skip
        # Later migrations add tables and columns; everything that was there stays.
        assert set(objects) <= set(after)
        for table, kept in rows.items():
            names = ", ".join(columns[table])
            assert db.execute(f"SELECT {names} FROM {table} ORDER BY 1").fetchall() == kept
            sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()
            assert "AUTOINCREMENT" in sql[0]
        # Constraints and triggers still hold.
        with pytest.raises(InvalidCoding):
            project.codings.add(1, 1, 1, 0, 3)
        with pytest.raises(sqlite3.IntegrityError, match="beyond the end"):
            db.execute(
                "INSERT INTO codings (document_id, code_id, coder_id, span_start, span_end, "
                "created_at, updated_at) VALUES (1, 1, 1, 0, 100000, ?, ?)",
                [NOW, NOW],
            )
        new_id = project.codings.add(1, 1, 2, 20, 22).added[0]
        assert new_id > 2
        project.documents.delete(1)
        assert project.codings.all() == []  # ON DELETE CASCADE survived the rebuild
    with Project.open(path) as project:  # opening again changes nothing
        assert project.applied_migrations().count("0003_never_reuse_ids") == 1


@pytest.fixture
def ids(project: Project) -> tuple[int, int, int, int]:
    doc = project.documents.add(decode_bytes(HARD_TEXT.encode()), "hard").added[0]
    code, _ = project.codes.ensure_path("Stance")
    return doc, code.id, project.coders.ensure("alice").id, project.coders.ensure("bob").id


def test_deleted_newest_ids_are_not_reused(project: Project, ids: tuple[int, ...]) -> None:
    doc, code, alice, bob = ids
    first = project.codings.add(doc, code, alice, 0, 4).added[0]
    project.codings.remove(first)
    assert project.codings.add(doc, code, bob, 0, 4).added[0] != first
    code_id = project.codes.add("Gone").added[0]
    project.codes.delete(code_id)
    assert project.codes.add("Other").added[0] != code_id


def test_undo_redo_never_touch_another_coders_coding(
    project: Project, ids: tuple[int, ...]
) -> None:
    """The issue's sequence: alice codes and undoes; bob codes; alice redoes and undoes."""
    doc, code, alice, bob = ids
    made = project.codings.get(project.codings.add(doc, code, alice, 0, 4).added[0])
    project.codings.remove_if_unchanged(made)  # undo
    bobs = project.codings.add(doc, code, bob, 0, 4).added[0]
    project.codings.restore(made)  # redo
    project.codings.remove_if_unchanged(made)  # undo again
    assert [c.id for c in project.codings.all()] == [bobs]


def test_undo_of_a_coding_changed_elsewhere_is_refused(
    project: Project, ids: tuple[int, ...]
) -> None:
    doc, code, alice, _ = ids
    made = project.codings.get(project.codings.add(doc, code, alice, 0, 4).added[0])
    project.codings.update(made.id, end=6)  # another program moves it
    with pytest.raises(Stale, match="changed since"):
        project.codings.remove_if_unchanged(made)
    assert project.codings.get(made.id).end == 6
    project.codings.remove(made.id)
    with pytest.raises(Stale, match="removed already"):
        project.codings.remove_if_unchanged(made)


def test_restore_refuses_a_taken_id_or_a_duplicate(project: Project, ids: tuple[int, ...]) -> None:
    doc, code, alice, _ = ids
    made = project.codings.get(project.codings.add(doc, code, alice, 0, 4).added[0])
    with pytest.raises(Stale, match="exists already"):
        project.codings.restore(made)
    project.codings.remove(made.id)
    again = project.codings.add(doc, code, alice, 0, 4).added[0]
    with pytest.raises(Stale, match="added again"):
        project.codings.restore(made)
    assert [c.id for c in project.codings.all()] == [again]


def test_put_back_checks_the_coding_is_as_the_update_left_it(
    project: Project, ids: tuple[int, ...]
) -> None:
    doc, code, alice, _ = ids
    coding_id = project.codings.add(doc, code, alice, 0, 4).added[0]
    change = project.codings.update(coding_id, end=8)
    original = change.before[0]
    assert isinstance(original, type(project.codings.get(coding_id)))
    updated = project.codings.get(coding_id)
    project.codings.update(coding_id, memo="someone else's note")
    with pytest.raises(Stale, match="changed since"):
        project.codings.put_back(original, expected=updated)
    assert project.codings.get(coding_id).end == 8
    project.codings.put_back(original, expected=project.codings.get(coding_id))
    assert project.codings.get(coding_id).end == 4
