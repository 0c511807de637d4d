"""What a merge remembers between runs: withdrawn codings, deleted documents, merged copies."""

from __future__ import annotations

import hashlib
import sqlite3
import zipfile
from pathlib import Path

import pytest

from annotator.core.decoding import decode_bytes
from annotator.core.errors import InvalidCoding, ProjectError
from annotator.store import Project, schema
from annotator.store.agreement_source import agreement_input
from annotator.store.coder_copy import COPY_FOR_SETTING, COPY_ID_SETTING, copy_for
from annotator.store.merge import merge_files
from tests.conftest import HARD_TEXT


def closed_digest(project: Project) -> str:
    project.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return hashlib.sha256(project.path.read_bytes()).hexdigest()


@pytest.fixture
def lead(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "lead.annotator")
    project.documents.add(decode_bytes(HARD_TEXT.encode()), "hard")
    project.documents.add(decode_bytes(b"Second document, plain."), "second")
    project.codes.ensure_path("Stance/Accusation")
    project.codes.ensure_path("Stance/Cooperation offered")
    return project


def code(
    project: Project, coder: str, path: str, start: int, end: int, memo: str = "",
    document: str = "hard",
) -> int:  # fmt: skip
    doc = project.documents.by_name(document)
    change = project.codings.add(
        doc.id, project.codes.by_path(path).id, project.coders.ensure(coder).id, start, end,
        memo=memo,
    )  # fmt: skip
    return change.added[0]


def spans(project: Project, coder: str) -> set[tuple[str, int, int]]:
    """A coder's codings in ``project`` as (code path, start, end)."""
    coder_id = project.coders.by_name(coder).id
    return {
        (project.codes.get(c.code_id).path, c.start, c.end)
        for c in project.codings.all() if c.coder_id == coder_id
    }  # fmt: skip


def bobs_copy(lead: Project, tmp_path: Path) -> Path:
    """Bob codes two spans in his copy, which is merged once."""
    path = tmp_path / "bob.annotator"
    copy_for(lead, "bob", path)
    with Project.open(path) as copy:
        code(copy, "bob", "Stance/Accusation", 10, 20)
        code(copy, "bob", "Stance/Accusation", 30, 40, memo="bob's note")
    merge_files(lead, [path])
    assert spans(lead, "bob") == {("Stance/Accusation", 10, 20), ("Stance/Accusation", 30, 40)}
    return path


def test_a_coding_removed_in_the_copy_is_withdrawn_and_agreement_no_longer_counts_it(
    lead: Project, tmp_path: Path
) -> None:
    path = bobs_copy(lead, tmp_path)
    with Project.open(path) as copy:
        copy.codings.remove(copy.codings.all()[0].id)
        code(copy, "bob", "Stance/Cooperation offered", 10, 25)
    report = merge_files(lead, [path])[0]
    assert report.counts["codings"].added == 1
    assert report.counts["codings"].withdrawn == 1
    assert "codings:       1 added, 1 already present, 1 withdrawn, 0 conflicts" in report.lines()
    assert report.as_dict()["counts"]["codings"]["withdrawn"] == 1
    assert spans(lead, "bob") == {
        ("Stance/Cooperation offered", 10, 25), ("Stance/Accusation", 30, 40),
    }  # fmt: skip
    counted = {(c.code, c.start) for c in agreement_input(lead).codings if c.coder == "bob"}
    assert counted == {("Stance/Cooperation offered", 10), ("Stance/Accusation", 30)}
    # Idempotent: the same copy again changes nothing, byte for byte.
    before = closed_digest(lead)
    again = merge_files(lead, [path])[0]
    assert not again.changes_anything
    assert again.counts["codings"].withdrawn == 0
    assert closed_digest(lead) == before


def test_a_changed_span_or_code_withdraws_the_old_coding_with_its_memo(
    lead: Project, tmp_path: Path
) -> None:
    path = bobs_copy(lead, tmp_path)
    with Project.open(path) as copy:
        noted = next(c for c in copy.codings.all() if c.start == 30)
        copy.codings.update(noted.id, end=45)
        other = next(c for c in copy.codings.all() if c.start == 10)
        copy.codings.update(other.id, code_id=copy.codes.by_path("Stance/Cooperation offered").id)
    report = merge_files(lead, [path])[0]
    assert (report.counts["codings"].withdrawn, report.counts["codings"].added) == (2, 2)
    assert report.counts["memos"].withdrawn == 1
    assert spans(lead, "bob") == {
        ("Stance/Cooperation offered", 10, 20), ("Stance/Accusation", 30, 45),
    }  # fmt: skip
    [moved] = [c for c in lead.codings.all() if c.start == 30]
    assert moved.memo == "bob's note"


def test_undoing_an_add_in_the_copy_withdraws_it(lead: Project, tmp_path: Path) -> None:
    path = bobs_copy(lead, tmp_path)
    with Project.open(path) as copy:
        added = copy.codings.get(code(copy, "bob", "Stance/Accusation", 50, 60))
    merge_files(lead, [path])
    assert ("Stance/Accusation", 50, 60) in spans(lead, "bob")
    with Project.open(path) as copy:
        copy.codings.remove_if_unchanged(copy.codings.get(added.id))
    assert merge_files(lead, [path])[0].counts["codings"].withdrawn == 1
    assert ("Stance/Accusation", 50, 60) not in spans(lead, "bob")


def test_withdrawn_then_coded_again_is_not_withdrawn(lead: Project, tmp_path: Path) -> None:
    path = bobs_copy(lead, tmp_path)
    with Project.open(path) as copy:
        first = copy.codings.all()[0]
        copy.codings.remove(first.id)
        code(copy, "bob", "Stance/Accusation", first.start, first.end)
    report = merge_files(lead, [path])[0]
    assert not report.changes_anything
    assert len(spans(lead, "bob")) == 2


def test_a_document_deleted_in_the_copy_withdraws_its_coders_codings_on_it(
    lead: Project, tmp_path: Path
) -> None:
    path = bobs_copy(lead, tmp_path)
    with Project.open(path) as copy:
        copy.documents.delete(copy.documents.by_name("hard").id)
    report = merge_files(lead, [path])[0]
    assert report.counts["codings"].withdrawn == 2
    assert lead.documents.by_name("hard").name == "hard"  # the lead's document stays


def test_only_the_copys_own_coder_is_withdrawn_never_the_consensus(
    lead: Project, tmp_path: Path
) -> None:
    code(lead, "alice", "Stance/Accusation", 0, 5)
    code(lead, "consensus", "Stance/Accusation", 0, 5)
    path = tmp_path / "bob.annotator"
    copy_for(lead, "bob", path)
    with Project.open(path) as copy:
        for coding in copy.codings.all():
            copy.codings.remove(coding.id)  # bob removes alice's and the consensus coding
        code(copy, "bob", "Stance/Accusation", 1, 2)
    report = merge_files(lead, [path])[0]
    assert report.counts["codings"].withdrawn == 0
    assert spans(lead, "alice") == {("Stance/Accusation", 0, 5)}
    assert spans(lead, "consensus") == {("Stance/Accusation", 0, 5)}
    # A copy made for the consensus coder (copy_for refuses that now; an older version did
    # not) withdraws nothing either.
    consensus = tmp_path / "consensus.annotator"
    copy_for(lead, "carol", consensus)
    with Project.open(consensus) as copy:
        copy.settings.set(COPY_FOR_SETTING, "consensus")
        copy.codings.remove(copy.codings.all()[0].id)
    report = merge_files(lead, [consensus])[0]
    assert report.counts["codings"].withdrawn == 0
    assert any("consensus coder" in note for note in report.notes)
    assert spans(lead, "consensus") == {("Stance/Accusation", 0, 5)}


def test_a_withdrawn_coding_an_adjudication_cites_is_withdrawn_and_the_decision_reviewed(
    lead: Project, tmp_path: Path
) -> None:
    path = bobs_copy(lead, tmp_path)
    doc = lead.documents.by_name("hard").id
    accusation = lead.codes.by_path("Stance/Accusation").id
    cited = next(c for c in lead.codings.all() if c.start == 10)
    lead.adjudications.decide(doc, accusation, (10, 20), [(10, 20)], action="accept",
                              sources=[cited.id], decided_by=lead.coders.ensure("lena").id,
                              accepted_coder="bob")  # fmt: skip
    with Project.open(path) as copy:
        for coding in copy.codings.all():
            copy.codings.remove(coding.id)
    report = merge_files(lead, [path])[0]
    assert report.counts["codings"].withdrawn == 2
    assert report.counts["codings"].conflicts == 0
    [warning] = report.warnings
    assert "the decision (accept) on Stance/Accusation [10, 20) in 'hard'" in warning
    assert "made before bob changed a coding it was made from: review it again" in warning
    assert spans(lead, "bob") == set()
    # The record and the consensus coding stay as decided; the record names the span.
    [record] = lead.adjudications.all()
    assert record.sources == [{"coding_id": cited.id, "coder_id": cited.coder_id,
                               "start": 10, "end": 20}]  # fmt: skip
    assert spans(lead, "consensus") == {("Stance/Accusation", 10, 20)}
    [stale] = lead.adjudications.stale(doc)
    assert stale.record.id == record.id
    assert stale.reason() == "decided before bob changed their coding"


def test_a_withdrawn_coding_whose_memo_differs_here_is_kept(lead: Project, tmp_path: Path) -> None:
    path = bobs_copy(lead, tmp_path)
    noted = next(c for c in lead.codings.all() if c.start == 30)
    lead.codings.update(noted.id, memo="the lead's own note")
    with Project.open(path) as copy:
        copy.codings.remove(next(c for c in copy.codings.all() if c.start == 30).id)
    report = merge_files(lead, [path])[0]
    assert report.counts["codings"].withdrawn == 0
    assert any("its memo here differs; kept" in c for c in report.conflicts)
    assert lead.codings.get(noted.id).memo == "the lead's own note"


def test_a_failed_merge_withdraws_nothing(lead: Project, tmp_path: Path) -> None:
    path = bobs_copy(lead, tmp_path)
    with Project.open(path) as copy:
        copy.codings.remove(copy.codings.all()[0].id)
        copy.db.execute("DROP TRIGGER codings_within_text_insert")
        copy.db.execute(
            "INSERT INTO codings (document_id, code_id, coder_id, span_start, span_end, "
            "created_at, updated_at) SELECT d.id, 1, 1, 0, 999, 'x', 'x' FROM documents d "
            "WHERE d.name = 'second'"
        )
    before = closed_digest(lead)
    with pytest.raises(InvalidCoding):
        merge_files(lead, [path])
    assert closed_digest(lead) == before
    assert len(spans(lead, "bob")) == 2


def test_a_document_deleted_here_is_not_brought_back_unless_asked(
    lead: Project, tmp_path: Path
) -> None:
    path = tmp_path / "bob.annotator"
    copy_for(lead, "bob", path)
    with Project.open(path) as copy:
        code(copy, "bob", "Stance/Accusation", 0, 6, document="second")
        code(copy, "bob", "Stance/Accusation", 0, 4)
    lead.documents.delete(lead.documents.by_name("second").id)
    report = merge_files(lead, [path])[0]
    assert report.counts["documents"].added == 0
    assert report.not_restored == ["second"]
    assert "1 document deleted in this project, not brought back: 'second'" in report.lines()
    assert any("1 coding on documents deleted" in note for note in report.notes)
    assert report.counts["codings"].added == 1
    assert [d.name for d in lead.documents.all()] == ["hard"]
    assert report.as_dict()["deleted_here_not_brought_back"] == ["second"]
    restored = merge_files(lead, [path], restore_deleted=True)[0]
    assert restored.counts["documents"].added == 1
    assert restored.counts["codings"].added == 1
    # Back in the project, it is no longer a deleted document.
    assert not merge_files(lead, [path])[0].not_restored


def test_two_copies_for_one_coder_name_are_merged_with_a_warning(
    lead: Project, tmp_path: Path
) -> None:
    one, two = tmp_path / "one.annotator", tmp_path / "two.annotator"
    for path, end in ((one, 10), (two, 12)):
        copy_for(lead, "coder", path)
        with Project.open(path) as copy:
            code(copy, "coder", "Stance/Accusation", 5, end)
    with Project.open(one) as a, Project.open(two) as b:
        assert a.settings.get(COPY_ID_SETTING) != b.settings.get(COPY_ID_SETTING) != ""
    preview = merge_files(lead, [one, two], dry_run=True)
    assert preview[0].warnings == []
    [warning] = preview[1].warnings
    assert warning.startswith("copy two.annotator for coder 'coder' is a different copy from the")
    assert "(one.annotator): a second or out-of-date copy, or two people coding as" in warning
    reports = merge_files(lead, [one, two])
    assert [len(r.warnings) for r in reports] == [0, 1]
    assert reports[1].lines()[0].startswith("warning: copy two.annotator for coder 'coder'")
    assert len(spans(lead, "coder")) == 2  # merged all the same
    # The first copy coding on again: the warning comes back, now for it.
    with Project.open(one) as copy:
        code(copy, "coder", "Stance/Accusation", 20, 30)
    assert len(merge_files(lead, [one])[0].warnings) == 1
    # The same copy merged again with nothing new is no news.
    assert merge_files(lead, [one])[0].warnings == []


def test_a_fresh_copy_for_the_same_coder_warns_once(lead: Project, tmp_path: Path) -> None:
    old, fresh = tmp_path / "old.annotator", tmp_path / "fresh.annotator"
    copy_for(lead, "bob", old)
    with Project.open(old) as copy:
        code(copy, "bob", "Stance/Accusation", 5, 10)
    merge_files(lead, [old])
    copy_for(lead, "bob", fresh)
    with Project.open(fresh) as copy:
        code(copy, "bob", "Stance/Accusation", 15, 20)
    assert len(merge_files(lead, [fresh])[0].warnings) == 1
    with Project.open(fresh) as copy:
        code(copy, "bob", "Stance/Accusation", 25, 30)
    assert merge_files(lead, [fresh])[0].warnings == []


def test_merging_the_project_into_itself_is_refused(lead: Project, tmp_path: Path) -> None:
    before = closed_digest(lead)
    link = tmp_path / "link.annotator"
    link.symlink_to(lead.path)
    for same in (lead.path, tmp_path / "." / "lead.annotator", link):
        with pytest.raises(ProjectError, match=r"is the project merged into \(lead.annotator\)"):
            merge_files(lead, [same])
    assert closed_digest(lead) == before


def test_a_qdpx_given_as_a_project_points_to_import_qdpx(lead: Project, tmp_path: Path) -> None:
    for name in ("export.qdpx", "export.annotator"):
        with zipfile.ZipFile(tmp_path / name, "w") as archive:
            archive.writestr("project.qde", "<Project/>")
        with pytest.raises(ProjectError, match="use import-qdpx for REFI-QDA files"):
            merge_files(lead, [tmp_path / name])
    (tmp_path / "plain.annotator").write_bytes(b"just text, not sqlite, not a zip at all")
    with pytest.raises(ProjectError) as raised:
        merge_files(lead, [tmp_path / "plain.annotator"])
    assert "import-qdpx" not in str(raised.value)
    # Named .qdpx but no zip at all: not called a zip archive, still pointed to import-qdpx.
    (tmp_path / "x.qdpx").write_bytes(b"x\n")
    with pytest.raises(ProjectError) as raised:
        merge_files(lead, [tmp_path / "x.qdpx"])
    assert "zip" not in str(raised.value)
    assert "imported with import-qdpx" in str(raised.value)


def test_a_project_from_before_the_merge_memory_upgrades_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.annotator"
    with Project.create(path) as project:
        project.documents.add(decode_bytes(b"abcdefghij"), "d")
        project.db.execute("DROP TRIGGER codings_withdrawn_delete")
        project.db.execute("DROP TRIGGER codings_withdrawn_update")
        project.db.execute("DROP TRIGGER documents_deleted")
        project.db.execute("DROP TRIGGER documents_undeleted")
        for table in ("withdrawn_codings", "deleted_documents", "merged_copies"):
            project.db.execute(f"DROP TABLE {table}")
        project.db.execute("DELETE FROM _sqlite_migrations WHERE name = '0008_merge_memory'")
        project.db.conn.commit()
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")}
    conn.close()
    assert "0008_merge_memory" not in names
    with Project.open(path) as project:
        assert set(project.applied_migrations()) == set(schema.known_migrations())
        assert project.applied_migrations()[-1] == "0008_merge_memory"
        project.documents.delete(project.documents.by_name("d").id)
        [(name,)] = project.db.execute("SELECT name FROM deleted_documents").fetchall()
        assert name == "d"


def test_a_code_matched_by_path_is_withdrawn_too(lead: Project, tmp_path: Path) -> None:
    path = tmp_path / "bob.annotator"
    copy_for(lead, "bob", path)
    with Project.open(path) as copy:
        copy.codes.ensure_path("Tone")  # made in the copy and in the lead: two GUIDs
        code(copy, "bob", "Tone", 3, 9)
    lead.codes.ensure_path("Tone")
    assert merge_files(lead, [path])[0].counts["codings"].added == 1
    with Project.open(path) as copy:
        copy.codings.remove(copy.codings.all()[0].id)
    assert merge_files(lead, [path])[0].counts["codings"].withdrawn == 1
    assert spans(lead, "bob") == set()


def test_a_copy_for_a_name_spelled_differently_is_the_existing_coder_and_withdraws(
    lead: Project, tmp_path: Path
) -> None:
    code(lead, "Bob", "Stance/Accusation", 0, 5)  # the project's coder is "Bob"
    path = tmp_path / "bob.annotator"
    made = copy_for(lead, "  bob ", path)
    assert made.coder == "Bob"
    with Project.open(path) as copy:
        assert copy.settings.get(COPY_FOR_SETTING) == "Bob"
        code(copy, "bob", "Stance/Accusation", 10, 20)
    merge_files(lead, [path])
    assert [c.name for c in lead.coders.all()] == ["Bob"]
    with Project.open(path) as copy:
        copy.codings.remove(next(c.id for c in copy.codings.all() if c.start == 10))
    report = merge_files(lead, [path])[0]
    assert report.counts["codings"].withdrawn == 1
    assert spans(lead, "Bob") == {("Stance/Accusation", 0, 5)}


def test_coders_match_by_name_ignoring_case_and_spacing_across_projects(
    lead: Project, tmp_path: Path
) -> None:
    """Two projects made apart: "Alice" there is "alice" here; two spellings there are one."""
    code(lead, "alice", "Stance/Accusation", 0, 5)
    other = Project.create(tmp_path / "other.annotator")
    other.documents.add(decode_bytes(HARD_TEXT.encode()), "hard")
    other.codes.ensure_path("Stance/Accusation")
    code(other, "Alice", "Stance/Accusation", 0, 5)
    code(other, "Alice", "Stance/Accusation", 6, 9)
    # An older project could hold two spellings of one new coder: they become one here.
    other.db.execute("INSERT INTO coders (name) VALUES ('CAROL'), ('carol')")
    carol = [int(r[0]) for r in other.db.execute("SELECT id FROM coders WHERE name LIKE 'carol'")]
    doc, code_id = other.documents.by_name("hard").id, other.codes.by_path("Stance/Accusation").id
    for coder_id, start in zip(carol, (1, 2), strict=True):
        other.codings.add(doc, code_id, coder_id, start, start + 3)
    other.close()
    report = merge_files(lead, [tmp_path / "other.annotator"])[0]
    assert report.counts["coders"].added == 1
    assert sorted(c.name for c in lead.coders.all()) == ["CAROL", "alice"]
    assert spans(lead, "alice") == {("Stance/Accusation", 0, 5), ("Stance/Accusation", 6, 9)}
    assert spans(lead, "carol") == {("Stance/Accusation", 1, 4), ("Stance/Accusation", 2, 5)}
