"""Bulk insertion of codings: the schema's span check holds with or without its trigger."""

from __future__ import annotations

import pytest

from annotator.core.decoding import decode_bytes
from annotator.core.errors import InvalidCoding
from annotator.store import Project
from annotator.store.bulk_insert import insert_codings
from tests.conftest import HARD_TEXT


def setup(project: Project) -> tuple[int, int, int]:
    doc = project.documents.add(decode_bytes(HARD_TEXT.encode()), "hard").added[0]
    code = project.codes.ensure_path("A")[0].id
    return doc, code, project.coders.ensure("alice").id


@pytest.mark.parametrize("count", [10, 1500])
def test_a_span_beyond_the_text_is_refused_and_the_trigger_kept(
    project: Project, count: int
) -> None:
    doc, code, coder = setup(project)
    rows = [(doc, code, coder, i, i + 1, "", "t", "t", None) for i in range(count)]
    rows.append((doc, code, coder, 0, len(HARD_TEXT) + 1, "", "t", "t", None))
    with pytest.raises(InvalidCoding), project.transaction():
        insert_codings(project.db, rows)
    assert project.counts()["codings"] == 0
    triggers = project.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'codings'"
    ).fetchall()
    assert ("codings_within_text_insert",) in triggers


def test_a_large_batch_goes_in_and_the_trigger_comes_back(project: Project) -> None:
    doc, code, coder = setup(project)
    rows = [
        (doc, code, coder, i % 150, i % 150 + 1 + i // 150, "", "t", "t", None) for i in range(1500)
    ]
    with project.transaction():
        insert_codings(project.db, rows)
    assert project.counts()["codings"] == 1500
    with pytest.raises(Exception, match="beyond the end"):
        project.db.execute(
            "INSERT INTO codings (document_id, code_id, coder_id, span_start, span_end, "
            "created_at, updated_at) VALUES (?, ?, ?, 0, 99999, 't', 't')", [doc, code, coder],
        )  # fmt: skip


def test_outside_a_transaction_it_refuses(project: Project) -> None:
    doc, code, coder = setup(project)
    with pytest.raises(Exception, match="inside a transaction"):
        insert_codings(project.db, [(doc, code, coder, 0, 1, "", "t", "t", None)])
