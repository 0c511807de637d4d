"""Deleting a document and undoing it; attribute types, values and their undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.attributes import parse_filters
from annotator.core.errors import AnnotatorError, Conflict
from annotator.store import Project
from tests.conftest import HARD_TEXT
from tests.core.formats import samples


def test_delete_then_restore_brings_everything_back(project: Project, tmp_path: Path) -> None:
    srt = tmp_path / "talk.srt"
    srt.write_bytes(samples.SRT.encode("utf-8"))
    [result] = project.documents.import_paths([srt])
    doc = result.document_id
    assert doc is not None
    code = project.codes.add("Claim").added[0]
    coder = project.coders.ensure("ann").id
    text = project.documents.text(doc)
    start = text.index("😀")
    project.codings.add(doc, code, coder, start, start + 1)
    project.memos.set("document", doc, "memo 😀")
    project.attributes.set_value(doc, "outlet", "Radio")
    before = (project.codings.all(), project.documents.regions(doc), project.documents.source(doc))
    change = project.documents.delete(doc)
    assert change.summary == "Deleted document talk with 1 coding"
    assert project.codings.all() == []
    project.documents.restore(change.before[0])  # type: ignore[arg-type]
    after = (project.codings.all(), project.documents.regions(doc), project.documents.source(doc))
    assert after == before
    assert project.memos.get("document", doc) == "memo 😀"
    assert project.documents.attributes(doc) == {"outlet": "Radio"}
    assert project.documents.location(doc, start) == "00:00:01"


def test_restore_refuses_when_the_name_was_taken(project: Project) -> None:
    from annotator.core.decoding import decode_bytes

    doc = project.documents.add(decode_bytes(HARD_TEXT.encode()), "hard").added[0]
    change = project.documents.delete(doc)
    project.documents.add(decode_bytes(b"other text"), "hard")
    with pytest.raises(Conflict, match="cannot restore document 'hard'"):
        project.documents.restore(change.before[0])  # type: ignore[arg-type]


def test_typed_attributes_check_compare_and_undo(project: Project) -> None:
    from annotator.core.decoding import decode_bytes

    a = project.documents.add(decode_bytes("Лавров 😀".encode()), "a").added[0]
    b = project.documents.add(decode_bytes("قال 😀".encode()), "b").added[0]
    project.attributes.set_type("words", "number")
    project.attributes.set_type("published", "date")
    with pytest.raises(AnnotatorError, match="not a number"):
        project.attributes.set_value(a, "words", "many")
    with pytest.raises(AnnotatorError, match="not a date"):
        project.attributes.set_value(a, "published", "05/03/2024")
    project.attributes.set_value(a, "words", "900")
    project.attributes.set_value(b, "words", "1200")  # 1200 > 900 as numbers, not as text
    project.attributes.set_value(a, "published", "2024-03-05T10:00:00Z")
    assert project.attributes.get(a, "published") == "2024-03-05"
    assert project.attributes.matching(parse_filters(["words>1000"])) == {b}
    assert project.attributes.matching(parse_filters(["published>=2024-01"])) == {a}
    change = project.attributes.set_many([(a, "words", "5"), (b, "words", None)])
    assert project.documents.attributes(b) == {}
    project.attributes.undo(change)
    assert project.attributes.get(a, "words") == "900"
    assert project.attributes.get(b, "words") == "1200"
    project.documents.set_attribute(a, "outlet", "Ledger")
    with pytest.raises(AnnotatorError, match="not a number"):
        project.attributes.set_type("outlet", "number")
