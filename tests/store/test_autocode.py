"""Auto-coding: planned without writing, applied in one transaction, marked, taken back."""

from __future__ import annotations

import pytest

from annotator.core.decoding import decode_bytes
from annotator.core.errors import InvalidCoding
from annotator.core.search import SearchSpec
from annotator.store import Project
from annotator.store.autocode import (
    apply_autocode,
    auto_coding_ids,
    plan_autocode,
    remove_autocodings,
)
from tests.conftest import HARD_TEXT


@pytest.fixture
def texts(project: Project) -> Project:
    project.documents.add(decode_bytes(HARD_TEXT.replace("\n", "\r\n").encode()), "hard")
    project.documents.add(decode_bytes("Россия said. Россия again 😀.\r\n".encode()), "ru")
    project.codes.ensure_path("Actors/Russia")
    project.codes.ensure_path("Quote")
    project.coders.ensure("alice")
    return project


def test_plan_writes_nothing_then_apply_marks_and_undo_removes(texts: Project) -> None:
    spec = SearchSpec("Россия", case_sensitive=True)
    before = texts.counts()["codings"]
    plan = plan_autocode(texts, "Actors/Russia", "alice", spec, scope="sentence")
    assert texts.counts()["codings"] == before
    assert (len(plan.hits), len(plan.new), plan.existing) == (3, 3, 0)
    change = apply_autocode(texts, plan)
    assert len(change.added) == 3
    assert auto_coding_ids(texts) == set(change.added)
    ru = texts.documents.by_name("ru")
    coded = sorted(
        texts.documents.text(c.document_id)[c.start : c.end] for c in texts.codings.all()
    )
    assert coded == [
        "Лавров заявил, что Россия готова к сотрудничеству.",
        "Россия again 😀.",
        "Россия said.",
    ]
    assert ru.id in change.document_ids
    # A second run finds the same spans already coded.
    again = plan_autocode(texts, "Actors/Russia", "alice", spec, scope="sentence")
    assert (len(again.new), again.existing) == (0, 3)
    removed = remove_autocodings(texts, change.added)
    assert set(removed.removed) == set(change.added)
    assert texts.counts()["codings"] == before


def test_within_another_code_and_coders_own_codings_untouched(texts: Project) -> None:
    hard = texts.documents.by_name("hard")
    text = texts.documents.text(hard.id)
    alice = texts.coders.by_name("alice").id
    quote = texts.codes.by_path("Quote").id
    start = text.index("Лавров")
    texts.codings.add(hard.id, quote, alice, start, start + 30)
    plan = plan_autocode(texts, "Actors/Russia", "alice", SearchSpec("Россия"), within="Quote",
                         scope="sentence")  # fmt: skip
    assert [(d, s, e) for d, s, e in plan.new] == [(hard.id, start, start + 30)]
    change = apply_autocode(texts, plan)
    manual = texts.codings.find(hard.id, quote, alice, start, start + 30)
    assert manual.id not in auto_coding_ids(texts)
    remove_autocodings(texts, (*change.added, manual.id))
    assert texts.codings.get(manual.id) == manual


def test_a_conflicting_plan_writes_nothing(texts: Project) -> None:
    plan = plan_autocode(texts, "Quote", "alice", SearchSpec("😀"))
    first = plan.new[-1]
    texts.codings.add(first[0], texts.codes.by_path("Quote").id,
                      texts.coders.by_name("alice").id, first[1], first[2])  # fmt: skip
    count = texts.counts()["codings"]
    with pytest.raises(InvalidCoding, match="nothing was coded"):
        apply_autocode(texts, plan)
    assert texts.counts()["codings"] == count
