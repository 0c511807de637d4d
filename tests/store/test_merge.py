"""Coder copies and merging them back: nothing lost, nothing overwritten, nothing twice."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.core.agreement import AgreementOptions, compute_agreement
from annotator.core.decoding import decode_bytes
from annotator.core.errors import InvalidCoding, ProjectError
from annotator.store import Project, schema
from annotator.store.agreement_source import agreement_input
from annotator.store.coder_copy import copy_for
from annotator.store.merge import merge_files
from tests.conftest import HARD_TEXT


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def closed_digest(project: Project) -> str:
    project.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return digest(project.path)


@pytest.fixture
def lead(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "lead.annotator")
    project.documents.add(decode_bytes(HARD_TEXT.replace("\n", "\r\n").encode()), "hard")
    project.documents.add(decode_bytes(b"Second document, plain."), "second")
    project.codes.ensure_path("Stance/Cooperation offered")
    project.codes.ensure_path("Tone")
    return project


def code(project: Project, coder: str, path: str, start: int, end: int, memo: str = "") -> None:
    doc = project.documents.by_name("hard")
    project.codings.add(
        doc.id, project.codes.by_path(path).id, project.coders.ensure(coder).id, start, end,
        memo=memo,
    )  # fmt: skip


def test_copy_code_merge_shows_both_coders_to_the_agreement_engine(
    lead: Project, tmp_path: Path
) -> None:
    copies = {}
    for coder in ("alice", "bob"):
        copy_for(lead, coder, tmp_path / f"{coder}.annotator", blind=True)
        copies[coder] = Project.open(tmp_path / f"{coder}.annotator")
        assert copies[coder].settings.blind
    code(copies["alice"], "alice", "Tone", 11, 12, memo="the 😀")  # the emoji itself
    code(copies["alice"], "alice", "Stance/Cooperation offered", 0, 4)
    code(copies["bob"], "bob", "Tone", 11, 12)
    copies["bob"].status.set(copies["bob"].documents.by_name("hard").id,
                             copies["bob"].coders.by_name("bob").id, "done")  # fmt: skip
    for opened in copies.values():
        opened.close()
    reports = merge_files(lead, [tmp_path / "alice.annotator", tmp_path / "bob.annotator"])
    assert [r.counts["codings"].added for r in reports] == [2, 1]
    assert reports[0].counts["coders"].added == 1
    data = agreement_input(lead)
    assert {c.coder for c in data.codings} == {"alice", "bob"}
    assert ("hard", "bob") in data.done
    rows = compute_agreement(data, AgreementOptions(codes=["Tone"]))
    assert any(set(row.coders) == {"alice", "bob"} and row.percent_agreement == 1.0
               for row in rows)  # fmt: skip
    doc = lead.documents.by_name("hard")
    memo = [c.memo for c in lead.codings.for_document(doc.id) if c.memo]
    assert memo == ["the 😀"]
    assert lead.documents.text(doc.id)[11:12] == "😀"


def test_merging_twice_changes_nothing(lead: Project, tmp_path: Path) -> None:
    copy_for(lead, "alice", tmp_path / "a.annotator")
    with Project.open(tmp_path / "a.annotator") as copy:
        code(copy, "alice", "Tone", 0, 4, memo="m")
        copy.memos.set("document", copy.documents.by_name("hard").id, "doc memo")
        copy.codes.ensure_path("Tone/New child")
    first = merge_files(lead, [tmp_path / "a.annotator"])[0]
    assert first.changes_anything
    before = closed_digest(lead)
    counts = lead.counts()
    second = merge_files(lead, [tmp_path / "a.annotator"])[0]
    assert not second.changes_anything
    assert second.counts["codings"].present == 1
    assert second.counts["codes"].present == 4
    assert lead.counts() == counts
    assert closed_digest(lead) == before


def test_the_source_is_never_modified(lead: Project, tmp_path: Path) -> None:
    copy_for(lead, "alice", tmp_path / "a.annotator")
    before = digest(tmp_path / "a.annotator")
    merge_files(lead, [tmp_path / "a.annotator"])
    assert digest(tmp_path / "a.annotator") == before
    assert not (tmp_path / "a.annotator-wal").exists()


def test_every_conflict_kind_is_reported_and_the_target_kept(lead: Project, tmp_path: Path) -> None:
    copy_for(lead, "alice", tmp_path / "a.annotator")
    hard = lead.documents.by_name("hard").id
    code(lead, "lead", "Tone", 0, 4, memo="lead's memo")
    lead.documents.set_attribute(hard, "wave", "1")
    lead.memos.set("document", hard, "lead's doc memo")
    with Project.open(tmp_path / "a.annotator") as copy:
        tone = copy.codes.by_path("Tone").id
        copy.codes.update(tone, name="Tonality")  # same GUID, other name
        doc = copy.documents.by_name("hard").id
        copy.codings.add(doc, tone, copy.coders.ensure("lead").id, 0, 4, memo="alice's memo")
        copy.documents.set_attribute(doc, "wave", "2")
        copy.memos.set("document", doc, "alice's doc memo")
    conflicting = tmp_path / "other.annotator"
    with Project.create(conflicting) as other:
        other.documents.add(decode_bytes(b"Not the lead's second document."), "second")
        other.codes.ensure_path("Tone")
        other.codings.add(other.documents.by_name("second").id, other.codes.by_path("Tone").id,
                          other.coders.ensure("carol").id, 0, 3)  # fmt: skip
    reports = merge_files(lead, [tmp_path / "a.annotator", conflicting])
    text = "\n".join(reports[0].conflicts + reports[1].conflicts)
    assert "'Tonality' is 'Tone' here" in text
    assert "a coding memo on [0, 4) differs" in text
    assert "wave of 'hard'" in text
    assert "the memo of document 'hard' differs" in text
    assert "'second' has a different text here" in text
    assert "codings: 1 on conflicting documents not merged" in text
    assert lead.codes.by_path("Tone").name == "Tone"
    assert lead.memos.get("document", hard) == "lead's doc memo"
    assert lead.documents.attributes(hard) == {"wave": "1"}
    assert lead.documents.text(lead.documents.by_name("second").id) == "Second document, plain."
    assert "carol" not in {c.coder for c in agreement_input(lead).codings}
    assert reports[1].counts["documents"].conflicts == 1


def test_a_newer_source_is_refused_and_the_target_unchanged(lead: Project, tmp_path: Path) -> None:
    copy_for(lead, "alice", tmp_path / "new.annotator")
    with sqlite3.connect(tmp_path / "new.annotator") as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('annotator', '9999_future', '2030-01-01')"
        )
    conn.close()
    before = closed_digest(lead)
    with pytest.raises(ProjectError, match="newer version"):
        merge_files(lead, [tmp_path / "new.annotator"])
    assert closed_digest(lead) == before


def test_a_failure_half_way_leaves_the_target_byte_for_byte_unchanged(
    lead: Project, tmp_path: Path
) -> None:
    copy_for(lead, "alice", tmp_path / "a.annotator")
    with Project.open(tmp_path / "a.annotator") as copy:
        copy.documents.add(decode_bytes(b"short"), "short")
        code(copy, "alice", "Tone", 0, 4)
        copy.db.execute("DROP TRIGGER codings_within_text_insert")
        copy.db.execute(
            "INSERT INTO codings (document_id, code_id, coder_id, span_start, span_end, "
            "created_at, updated_at) SELECT d.id, 1, 1, 0, 99, 'x', 'x' FROM documents d "
            "WHERE d.name = 'short'"
        )
    before = closed_digest(lead)
    counts = lead.counts()
    with pytest.raises(InvalidCoding, match="beyond|end"):
        merge_files(lead, [tmp_path / "a.annotator"])
    assert lead.counts() == counts
    assert closed_digest(lead) == before


def test_an_older_source_is_upgraded_in_memory_only(lead: Project, tmp_path: Path) -> None:
    old = tmp_path / "old.annotator"
    db = Database(old)
    schema.migrations.apply(db, stop_before="0002_adjudication")
    doc = decode_bytes(b"Second document, plain.")
    with db.atomic():
        db.execute(
            "INSERT INTO documents (id, name, text, length, sha256, imported_at) "
            "VALUES (1, 'second', ?, ?, ?, 'x')", [doc.text, len(doc.text), doc.sha256],
        )  # fmt: skip
        db.execute("INSERT INTO codes (id, guid, name, color) VALUES (1, 'g1', 'Old', '#112233')")
        db.execute("INSERT INTO coders (id, name) VALUES (1, 'olga')")
        db.execute(
            "INSERT INTO codings (document_id, code_id, coder_id, span_start, span_end, "
            "created_at, updated_at) VALUES (1, 1, 1, 0, 6, 'x', 'x')"
        )
    db.close()
    before = digest(old)
    report = merge_files(lead, [old])[0]
    assert report.counts["codings"].added == 1
    assert report.counts["documents"].present == 1
    assert digest(old) == before
    assert [m.name for m in schema.migrations.applied(Database(old))] == ["0001_initial"]


def test_adjudications_and_their_audit_trail_come_along(lead: Project, tmp_path: Path) -> None:
    copy_for(lead, "alice", tmp_path / "a.annotator")
    with Project.open(tmp_path / "a.annotator") as copy:
        code(copy, "alice", "Tone", 0, 4)
        code(copy, "bob", "Tone", 0, 6)
        doc = copy.documents.by_name("hard").id
        tone = copy.codes.by_path("Tone").id
        ids = [c.id for c in copy.codings.for_document(doc)]
        copy.adjudications.decide(doc, tone, (0, 6), [(0, 5)], action="adjust", sources=ids,
                                  decided_by=copy.coders.ensure("lead").id)  # fmt: skip
    report = merge_files(lead, [tmp_path / "a.annotator"])[0]
    assert report.counts["adjudications"].added == 1
    [record] = lead.adjudications.all()
    consensus = lead.coders.by_name("consensus").id
    [result] = record.results
    assert lead.codings.get(result).coder_id == consensus
    assert (lead.codings.get(result).start, lead.codings.get(result).end) == (0, 5)
    sources = {lead.codings.get(s["coding_id"]).coder_id for s in record.sources}
    assert sources == {lead.coders.by_name("alice").id, lead.coders.by_name("bob").id}
    again = merge_files(lead, [tmp_path / "a.annotator"])[0]
    assert again.counts["adjudications"].present == 1
    assert len(lead.adjudications.all()) == 1


def test_copy_without_other_coders_keeps_only_that_coders_work(
    lead: Project, tmp_path: Path
) -> None:
    code(lead, "alice", "Tone", 0, 4)
    code(lead, "bob", "Tone", 0, 5)
    made = copy_for(lead, "alice", tmp_path / "a.annotator", without_other_coders=True)
    assert made.removed_codings == 1
    with Project.open(tmp_path / "a.annotator") as copy:
        assert {copy.coders.get(c.coder_id).name for c in copy.codings.all()} == {"alice"}
        assert not copy.settings.blind
        assert [c.name for c in copy.coders.all()] == ["alice"]
        assert copy.db.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert not list(tmp_path.glob(".a.annotator*"))


def test_copy_refuses_an_existing_file(lead: Project, tmp_path: Path) -> None:
    (tmp_path / "a.annotator").write_bytes(b"keep me")
    with pytest.raises(ProjectError, match="already exists"):
        copy_for(lead, "alice", tmp_path / "a.annotator")
    assert (tmp_path / "a.annotator").read_bytes() == b"keep me"


def test_titles_originals_regions_types_and_auto_rules_come_along(
    lead: Project, tmp_path: Path
) -> None:
    copy_for(lead, "alice", tmp_path / "a.annotator")
    srt = tmp_path / "talk.srt"
    srt.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nHello 😀 there\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\nСпасибо\n",
        encoding="utf-8",
    )
    with Project.open(tmp_path / "a.annotator") as copy:
        [result] = copy.documents.import_paths([srt])
        assert result.ok, result.message
        doc = copy.documents.by_name(result.name or "").id
        copy.documents.set_title(doc, "A talk")
        code(copy, "alice", "Tone", 0, 4)
        with copy.transaction():
            copy.db.execute("UPDATE codings SET auto_rule = 'search: Café'")
            copy.db.execute("INSERT INTO attribute_types (name, type) VALUES ('year', 'number')")
        regions = copy.documents.regions(doc)
        original = copy.documents.source(doc)
    merge_files(lead, [tmp_path / "a.annotator"])
    merged = lead.documents.by_name(result.name or "")
    assert lead.db.execute("SELECT title, format FROM documents WHERE id = ?",
                           [merged.id]).fetchone() == ("A talk", "srt")  # fmt: skip
    assert lead.documents.regions(merged.id) == regions
    assert len(regions) == 2
    assert lead.documents.source(merged.id) == original
    assert lead.db.execute("SELECT auto_rule FROM codings").fetchall() == [("search: Café",)]
    assert ("year", "number") in lead.db.execute("SELECT name, type FROM attribute_types")
