from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from annotator.core.decoding import decode_bytes
from annotator.core.errors import ProjectError
from annotator.store import Project, schema


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_project_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.annotator") as project:
        assert project.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert project.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert project.applied_migrations() == schema.known_migrations()
    with Project.open(tmp_path / "p.annotator") as project:
        assert project.counts() == {"documents": 0, "codes": 0, "coders": 0, "codings": 0}


def test_create_refuses_existing_file(tmp_path: Path) -> None:
    existing = tmp_path / "p.annotator"
    existing.write_text("keep me")
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(existing)
    assert existing.read_text() == "keep me"


@pytest.mark.parametrize(
    "content",
    [b"just some text\n", b"", b"SQLite format 3\x00" + b"\x10" * 20],
    ids=["text", "empty", "truncated-header"],
)
def test_non_projects_are_refused_and_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "thing.annotator"
    path.write_bytes(content)
    before = digest(path)
    with pytest.raises(ProjectError, match="not an Annotator project|truncated"):
        Project.open(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thing.annotator"]


def test_foreign_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE birds (name TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(ProjectError, match="SQLite database, but not an Annotator project"):
        Project.open(path)
    assert digest(path) == before


def test_truncated_project_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    with Project.create(path) as project:
        project.codes.add("Actors")
        for n in range(300):
            project.codes.add(f"Code {n} " + "x" * 200)
    data = path.read_bytes()
    damaged = tmp_path / "damaged.annotator"
    damaged.write_bytes(data[: len(data) // 2])
    before = digest(damaged)
    with pytest.raises(ProjectError, match="damaged|truncated|malformed"):
        Project.open(damaged)
    assert digest(damaged) == before


def test_project_from_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    with Project.create(path) as project:
        project.db.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
            ["annotator", "0099_future", "2030-01-01"],
        )
        project.db.conn.commit()
    with pytest.raises(ProjectError, match="newer version"):
        Project.open(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no such project"):
        Project.open(tmp_path / "nope.annotator")
    with pytest.raises(ProjectError, match="folder"):
        Project.open(tmp_path)


def test_failed_operation_leaves_earlier_work(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    with Project.create(path) as project:
        project.codes.add("Kept")

        def add_then_fail() -> None:
            with project.transaction():
                project.codes.add("Lost")
                raise ZeroDivisionError

        with pytest.raises(ZeroDivisionError):
            add_then_fail()
    with Project.open(path) as project:
        assert [c.path for c in project.codes.all()] == ["Kept"]


def test_project_from_an_older_version_upgrades_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.annotator"
    with Project.create(path) as project:
        project.codes.add("Kept")
        # Make it look like a project written before 0002 existed.
        project.db.execute("DROP TABLE adjudications")
        project.db.execute("DROP TABLE project_settings")
        project.db.execute("DELETE FROM _sqlite_migrations WHERE name = '0002_adjudication'")
        project.db.conn.commit()
    with Project.open(path) as project:
        assert sorted(project.applied_migrations()) == sorted(schema.known_migrations())
        assert project.settings.consensus_coder == "consensus"
        assert [c.path for c in project.codes.all()] == ["Kept"]


def test_adjudications_survive_the_review_round_two_migration(tmp_path: Path) -> None:
    path = tmp_path / "old.annotator"
    with Project.create(path) as project:
        doc = project.documents.add(decode_bytes(b"abcdefghij"), "d").added[0]
        code = project.codes.add("A").added[0]
        ann = project.coders.ensure("ann").id
        project.adjudications.decide(doc, code, (0, 5), [(0, 5)], action="accept", sources=[],
                                     decided_by=ann, accepted_coder="ann")  # fmt: skip
        # Undo 0007 by hand: the table as 0002 made it, the record kept.
        project.db.execute("ALTER TABLE adjudications DROP COLUMN batch")
        project.db.execute("DELETE FROM _sqlite_migrations WHERE name = '0007_review_round_two'")
        project.db.conn.commit()
    with Project.open(path) as project:
        [record] = project.adjudications.all()
        assert (record.action, record.accepted_coder, record.batch) == ("accept", "ann", None)
