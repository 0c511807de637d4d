"""File ▸ Merge Project… previews before it writes; File menu items for copies and .qdpx."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.core.decoding import decode_bytes
from annotator.store import Project
from annotator.store.coder_copy import copy_for
from annotator.ui.exchange_actions import CoderCopyDialog
from tests.ui.conftest import EMOJI_SENTENCE, make_window, open_dashboard


def bob_copy(hard_path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "bob.annotator"
    with Project.open(hard_path) as lead:
        copy_for(lead, "bob", copy, blind=True)
    with Project.open(copy) as opened:
        doc = opened.documents.by_name("emoji").id
        code = opened.codes.by_path("Stance/Agreement").id
        start = EMOJI_SENTENCE.index("😀")
        opened.codings.add(doc, code, opened.coders.by_name("bob").id, start, start + 1,
                           memo="bob's 😀")  # fmt: skip
        opened.documents.add(decode_bytes(b"Bob's own text"), "hard-2")
    return copy


def test_merge_preview_shows_what_comes_in_and_writes_only_on_merge(
    qtbot: QtBot, tmp_path: Path, hard_path: Path
) -> None:
    copy = bob_copy(hard_path, tmp_path)
    other = tmp_path / "other.annotator"
    with Project.create(other) as opened:
        opened.documents.add(decode_bytes(b"Not the same text at all"), "emoji")
    window = make_window(qtbot, tmp_path, hard_path)
    project = window.session.project  # type: ignore[union-attr]
    before = project.counts()
    with qtbot.waitSignal(window.exchange.previewed, timeout=20_000):
        assert window.exchange.preview_merge([copy, other])
    dialog = window.exchange.preview
    assert dialog is not None
    qtbot.waitExposed(dialog)
    text = dialog.details.toPlainText()
    assert "From bob.annotator:" in text
    assert "codings:       1 added, 0 already present, 0 conflicts" in text
    assert "documents:     1 added, 2 already present, 0 conflicts" in text
    assert "conflict: documents: 'emoji' has a different text here" in text
    assert dialog.headline.text() == (
        "Merging will add what is listed. 1 conflict: the project's own version is kept."
    )
    assert project.counts() == before  # the preview wrote nothing
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.project is not project,
        timeout=20_000,
    )
    merged = window.session.project  # type: ignore[union-attr]
    assert merged.counts()["codings"] == before["codings"] + 1
    assert merged.counts()["documents"] == before["documents"] + 1
    bob = merged.coders.by_name("bob").id
    [coding] = [c for c in merged.codings.all() if c.coder_id == bob]
    assert coding.memo == "bob's 😀"
    assert "Merged 2 sources: 1 coding added, 1 conflict" in window.statusBar().currentMessage()
    names = window.documents.model.document_ids()
    assert len(names) == before["documents"] + 1


def test_cancelling_the_preview_writes_nothing(
    qtbot: QtBot, tmp_path: Path, hard_path: Path
) -> None:
    copy = bob_copy(hard_path, tmp_path)
    window = make_window(qtbot, tmp_path, hard_path)
    project = window.session.project  # type: ignore[union-attr]
    before = project.counts()
    with qtbot.waitSignal(window.exchange.previewed, timeout=20_000):
        assert window.exchange.preview_merge([copy])
    dialog = window.exchange.preview
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.session is not None
    assert window.session.project is project
    assert project.counts() == before


def test_file_menu_offers_copies_merge_and_refi_qda(
    qtbot: QtBot, tmp_path: Path, hard_path: Path
) -> None:
    window = make_window(qtbot, tmp_path, hard_path)
    texts = [a.text() for a in window.menus["file"].actions()]
    assert "Make &Coder Copy…" in texts
    assert "&Merge Project…" in texts
    assert "Import/E&xport" in texts
    assert texts.index("&Merge Project…") < texts.index("&Quit")
    window.exchange.export(tmp_path / "out.qdpx", "utf16")
    assert (tmp_path / "out.qdpx").exists()
    window.exchange.make_copy("carol", tmp_path / "carol.annotator", True, True)
    with Project.open(tmp_path / "carol.annotator") as copy:
        assert copy.settings.blind
        assert [c.name for c in copy.coders.all()] == ["carol"]


def test_a_blind_copy_keeping_others_codings_says_so(
    qtbot: QtBot, tmp_path: Path, hard_path: Path
) -> None:
    with Project.open(hard_path) as project:
        doc = project.documents.by_name("emoji").id
        code = project.codes.by_path("Stance/Agreement").id
        project.codings.add(doc, code, project.coders.ensure("alice").id, 0, 4)
    window = make_window(qtbot, tmp_path, hard_path)
    window.exchange.make_copy("carol", tmp_path / "carol.annotator", True, False)
    shown = window.statusBar().currentMessage()
    assert shown.startswith("Wrote carol.annotator for carol: 2 documents, 1 coding.")
    assert "the copy holds the codings of alice" in shown
    window.exchange.make_copy("dave", tmp_path / "dave.annotator", True, True)
    assert "holds the codings" not in window.statusBar().currentMessage()


def test_two_coder_copies_merged_show_both_coders_on_the_dashboard(
    qtbot: QtBot, tmp_path: Path, hard_path: Path
) -> None:
    start = EMOJI_SENTENCE.index("😀")
    for coder, end in (("alice", start + 1), ("bob", start + 9)):
        copy = tmp_path / f"{coder}.annotator"
        with Project.open(hard_path) as lead:
            copy_for(lead, coder, copy, blind=True, without_other_coders=True)
        with Project.open(copy) as opened:
            doc = opened.documents.by_name("emoji").id
            code = opened.codes.by_path("Stance/Agreement").id
            opened.codings.add(doc, code, opened.coders.by_name(coder).id, start, end)
    window = make_window(qtbot, tmp_path, hard_path, coder="lead")
    copies = [tmp_path / "alice.annotator", tmp_path / "bob.annotator"]
    with qtbot.waitSignal(window.exchange.previewed, timeout=20_000):
        assert window.exchange.preview_merge(copies)
    dialog = window.exchange.preview
    assert dialog is not None
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "Merged 2 sources" in window.statusBar().currentMessage(), timeout=20_000
    )
    dashboard = open_dashboard(qtbot, window)
    rows = {(r.document, r.code): r for r in dashboard.model.rows()}
    agreement = rows[(None, "Stance/Agreement")]
    assert agreement.coders == ["alice", "bob"]
    assert agreement.coded_by == {"alice": 1, "bob": 9}


def test_a_bad_source_is_reported_in_one_line_and_nothing_written(
    qtbot: QtBot, tmp_path: Path, hard_path: Path
) -> None:
    bogus = tmp_path / "bogus.annotator"
    bogus.write_bytes(b"not a project")
    window = make_window(qtbot, tmp_path, hard_path)
    project = window.session.project  # type: ignore[union-attr]
    before = project.counts()
    assert window.exchange.preview_merge([bogus])
    qtbot.waitUntil(lambda: not window.exchange.job.is_busy(), timeout=20_000)
    message = window.statusBar().currentMessage()
    assert "Nothing was merged" in message
    assert "not an Annotator project" in message
    assert "\n" not in message
    assert window.exchange.preview is None
    assert project.counts() == before


def test_closing_the_project_while_planning_drops_the_preview(
    qtbot: QtBot, tmp_path: Path, hard_path: Path
) -> None:
    copy = bob_copy(hard_path, tmp_path)
    window = make_window(qtbot, tmp_path, hard_path)
    assert window.exchange.preview_merge([copy])
    window.close_project()  # waits for the worker thread to stop
    # Its queued result arrives now and must change nothing.
    qtbot.waitUntil(lambda: not window.exchange.job.is_busy(), timeout=20_000)
    assert window.exchange.preview is None
    assert window.session is None
    with Project.open(hard_path) as project:
        assert "bob" not in [c.name for c in project.coders.all()]


def long_project(tmp_path: Path) -> Path:
    """A lead project whose second document is long enough to scroll."""
    path = tmp_path / "long.annotator"
    lines = "".join(f"Line {n}: a sentence with 😀 and قال in it.\n" for n in range(400))
    with Project.create(path) as project:
        project.documents.add(decode_bytes(b"A short first text."), "a-first")
        project.documents.add(decode_bytes(lines.encode()), "b-long")
        project.codes.ensure_path("Tone")
    return path


def test_merge_keeps_the_document_selection_and_scroll_position(
    qtbot: QtBot, tmp_path: Path
) -> None:
    lead = long_project(tmp_path)
    copy = tmp_path / "bob.annotator"
    with Project.open(lead) as opened:
        copy_for(opened, "bob", copy)
    with Project.open(copy) as opened:
        opened.codings.add(opened.documents.by_name("b-long").id, opened.codes.by_path("Tone").id,
                           opened.coders.by_name("bob").id, 5, 9)  # fmt: skip
    window = make_window(qtbot, tmp_path, lead)
    project = window.session.project  # type: ignore[union-attr]
    long_id = project.documents.by_name("b-long").id
    window.show_document(long_id)
    start = window.text.text().index("Line 250")
    window.text.select_codepoints(start, start + 8)
    scroll = window.text.verticalScrollBar().value()
    assert scroll > 0
    with qtbot.waitSignal(window.exchange.previewed, timeout=20_000):
        assert window.exchange.preview_merge([copy])
    dialog = window.exchange.preview
    assert dialog is not None
    with qtbot.waitSignal(window.exchange.merged, timeout=20_000):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert window.session is not None
    assert window.session.project is not project
    assert window.document_id == long_id
    [selected] = window.documents.table.selectionModel().selectedRows()
    assert selected.data(Qt.ItemDataRole.UserRole) == long_id
    assert window.text.selection() == (start, start + 8)
    assert window.text.verticalScrollBar().value() == scroll
    assert [c.start for c in window.session.visible_codings(long_id)] == [5]


def test_merge_preview_shows_withdrawn_codings_and_the_two_people_warning(
    qtbot: QtBot, tmp_path: Path, hard_path: Path
) -> None:
    from annotator.store.merge import merge_files

    copy = bob_copy(hard_path, tmp_path)
    second = tmp_path / "bob-again.annotator"  # someone else who also types "bob"
    with Project.open(hard_path) as lead:
        copy_for(lead, "bob", second)
        merge_files(lead, [copy])
    with Project.open(copy) as opened:
        [coding] = opened.codings.all()
        opened.codings.update(coding.id, end=coding.end + 2)  # re-scoped: old one withdrawn
    with Project.open(second) as opened:
        opened.codings.add(opened.documents.by_name("hard").id,
                           opened.codes.by_path("Actors/People").id,
                           opened.coders.by_name("bob").id, 0, 4)  # fmt: skip
    window = make_window(qtbot, tmp_path, hard_path, coder="lead")
    with qtbot.waitSignal(window.exchange.previewed, timeout=20_000):
        assert window.exchange.preview_merge([copy, second])
    dialog = window.exchange.preview
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert "withdraw 1 coding that their coder removed" in dialog.headline.text()
    assert dialog.warnings.isVisible()
    assert "copy bob-again.annotator for coder 'bob' is a different copy" in dialog.warnings.text()
    text = dialog.details.toPlainText()
    assert "codings:       1 added, 0 already present, 1 withdrawn, 0 conflicts" in text
    assert "memos:         1 added, 0 already present, 1 withdrawn, 0 conflicts" in text
    assert "warning: copy bob-again.annotator for coder 'bob'" in text
    with qtbot.waitSignal(window.exchange.merged, timeout=20_000) as merged:
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert merged.args == ["Merged 2 sources: 2 codings added, 1 withdrawn, 0 conflicts"]
    project = window.session.project  # type: ignore[union-attr]
    bob = project.coders.by_name("bob").id
    assert sorted(c.end - c.start for c in project.codings.all() if c.coder_id == bob) == [3, 4]


def test_merging_the_project_into_itself_is_refused_in_one_line(
    qtbot: QtBot, tmp_path: Path, hard_path: Path
) -> None:
    window = make_window(qtbot, tmp_path, hard_path)
    assert window.exchange.preview_merge([hard_path])
    qtbot.waitUntil(lambda: not window.exchange.job.is_busy(), timeout=20_000)
    assert window.statusBar().currentMessage() == (
        "Nothing was merged: hard.annotator is the project merged into (hard.annotator); "
        "nothing to merge"
    )
    assert window.exchange.preview is None


def test_the_coder_copy_dialog_is_wide_enough_for_its_title(
    qtbot: QtBot, tmp_path: Path, hard_path: Path
) -> None:
    """Its title and check boxes were cut ("Make code…Annotator", tryout2)."""
    window = make_window(qtbot, tmp_path, hard_path)
    dialog = CoderCopyDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() >= 460
    for box in (dialog.blind, dialog.alone):
        assert box.width() >= box.sizeHint().width()
