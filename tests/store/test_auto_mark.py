"""The auto-coding mark (``codings.auto_rule``) survives every path that puts codings back.

Each test auto-codes, passes the codings through one path (undo of a removal, of a code's
deletion or merge, a coder's copy, merging a copy, a CSV round trip, undo of a document's
deletion) and checks the codings that come out are still marked with their rule.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from annotator.core.decoding import decode_bytes
from annotator.core.search import SearchSpec
from annotator.store import Project
from annotator.store.autocode import apply_autocode, plan_autocode
from annotator.store.bulk import import_codings_csv
from annotator.store.coder_copy import copy_for
from annotator.store.exports import ExportFilter, coding_export
from annotator.store.merge import merge_files
from tests.conftest import HARD_TEXT

Key = tuple[str, str, str, int, int]
RU = "Россия said. Россия again 😀 مرحبا.\r\n"


def marks(project: Project) -> dict[Key, str | None]:
    """Every coding by (document, code path, coder, start, end) with its auto_rule."""
    docs = {d.id: d.name for d in project.documents.all()}
    codes = {c.id: c.path for c in project.codes.all()}
    coders = {c.id: c.name for c in project.coders.all()}
    return {
        (docs[c.document_id], codes[c.code_id], coders[c.coder_id], c.start, c.end): c.auto_rule
        for c in project.codings.all()
    }


def autocode(project: Project, code: str = "Actors/Russia", coder: str = "alice") -> str:
    plan = plan_autocode(project, code, coder, SearchSpec("Россия"), scope="sentence")
    assert apply_autocode(project, plan).added
    return plan.rule


def fill(project: Project) -> Project:
    project.documents.add(decode_bytes(HARD_TEXT.replace("\n", "\r\n").encode()), "hard")
    project.documents.add(decode_bytes(RU.encode()), "ru")
    project.codes.ensure_path("Actors/Russia")
    project.codes.ensure_path("Quote")
    project.coders.ensure("alice")
    return project


@pytest.fixture
def coded(project: Project) -> Project:
    fill(project)
    rule = autocode(project)
    ru = project.documents.by_name("ru").id
    quote = project.codes.by_path("Quote").id
    alice = project.coders.by_name("alice").id
    project.codings.add(ru, quote, alice, 0, 6)  # a coder's own coding stays unmarked
    auto = [v for v in marks(project).values() if v is not None]
    assert len(auto) >= 2
    assert set(auto) == {rule}
    return project


def test_undo_of_a_removal_keeps_the_mark(coded: Project) -> None:
    before = marks(coded)
    for coding in coded.codings.all():
        change = coded.codings.remove(coding.id)
        [removed] = change.before
        coded.codings.restore(removed)  # type: ignore[arg-type]
    assert marks(coded) == before


def test_undo_of_a_code_deletion_keeps_the_mark(coded: Project) -> None:
    before = marks(coded)
    change = coded.codes.delete(coded.codes.by_path("Actors").id)
    assert all(key[1] == "Quote" for key in marks(coded))
    [snapshot] = change.before
    coded.codes.restore(snapshot)  # type: ignore[arg-type]
    assert marks(coded) == before


def test_a_code_merge_and_its_undo_keep_the_mark(coded: Project) -> None:
    """Moved auto-codings stay marked; one that collapses onto a duplicate comes back marked."""
    ru = coded.documents.by_name("ru").id
    quote = coded.codes.by_path("Quote").id
    alice = coded.coders.by_name("alice").id
    first = next(k for k, v in marks(coded).items() if v is not None and k[0] == "ru")
    coded.codings.add(ru, quote, alice, first[3], first[4])  # collapses in the merge
    before = marks(coded)
    source = coded.codes.by_path("Actors/Russia").id
    change = coded.codes.merge(source, quote)
    merged = marks(coded)
    moved = [k for k, v in before.items() if v is not None and k[3:] != first[3:]]
    assert moved
    for key in moved:
        assert merged[(key[0], "Quote", *key[2:])] == before[key]
    [record] = change.before
    coded.codes.unmerge(record)  # type: ignore[arg-type]
    assert marks(coded) == before


def test_a_coder_copy_keeps_the_mark(coded: Project, tmp_path: Path) -> None:
    coded.coders.ensure("bob")
    out = tmp_path / "alice.annotator"
    copy_for(coded, "alice", out, without_other_coders=True)
    with Project.open(out) as copy:
        assert marks(copy) == marks(coded)


def test_merging_a_copy_brings_the_mark_along(project: Project, tmp_path: Path) -> None:
    fill(project)
    out = tmp_path / "bob.annotator"
    copy_for(project, "bob", out)
    with Project.open(out) as copy:
        rule = autocode(copy, coder="bob")
        expected = marks(copy)
    merge_files(project, [out])
    assert marks(project) == expected
    assert set(expected.values()) == {rule}


def test_a_csv_round_trip_keeps_the_mark(coded: Project, tmp_path: Path) -> None:
    before = marks(coded)
    header, rows = coding_export(coded, ExportFilter())
    out = tmp_path / "codings.csv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    for coding in coded.codings.all():
        coded.codings.remove(coding.id)
    assert import_codings_csv(coded, out).added == len(before)
    assert marks(coded) == before


def test_undo_of_a_document_deletion_keeps_the_mark(coded: Project) -> None:
    before = marks(coded)
    change = coded.documents.delete(coded.documents.by_name("ru").id)
    [snapshot] = change.before
    coded.documents.restore(snapshot)  # type: ignore[arg-type]
    assert marks(coded) == before


def test_a_coders_own_coding_merged_onto_an_auto_coding_unmarks_it_until_undone(
    coded: Project,
) -> None:
    """The coder made that judgement too: the surviving coding is theirs, not the rule's."""
    ru = coded.documents.by_name("ru").id
    quote = coded.codes.by_path("Quote").id
    alice = coded.coders.by_name("alice").id
    auto = next(k for k, v in marks(coded).items() if v is not None and k[0] == "ru")
    coded.codings.add(ru, quote, alice, auto[3], auto[4])
    before = marks(coded)
    change = coded.codes.merge(quote, coded.codes.by_path("Actors/Russia").id)
    merged = marks(coded)
    assert merged[auto] is None
    others = {k: v for k, v in before.items() if k[1] == "Actors/Russia" and k != auto}
    assert others
    assert all(merged[k] == v for k, v in others.items())
    [record] = change.before
    coded.codes.unmerge(record)  # type: ignore[arg-type]
    assert marks(coded) == before
