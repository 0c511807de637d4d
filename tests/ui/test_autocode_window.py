"""Search and auto-code: hits in context, a preview that writes nothing, apply, undo, redo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.store.autocode import auto_coding_ids
from annotator.ui.autocode_window import AutocodeWindow
from annotator.ui.main_window import MainWindow
from tests.ui.conftest import make_window


def open_autocode(qtbot: QtBot, window: MainWindow) -> AutocodeWindow:
    window.analysis.act_autocode.trigger()
    found = window.analysis.autocode
    assert found is not None
    qtbot.waitExposed(found)
    return found


def wait_idle(qtbot: QtBot, autocode: AutocodeWindow) -> None:
    qtbot.waitUntil(lambda: not autocode.job.is_busy() and not autocode.progress.isVisible())


def test_search_preview_apply_undo_redo(qtbot: QtBot, tmp_path: Path, hard_path: Path) -> None:
    window = make_window(qtbot, tmp_path, hard_path)
    project = window.session.project  # type: ignore[union-attr]
    autocode = open_autocode(qtbot, window)
    qtbot.keyClicks(autocode.pattern, "caf")
    qtbot.keyClick(autocode.pattern, Qt.Key.Key_Return)
    wait_idle(qtbot, autocode)
    assert autocode.status.text() == "3 hits in 2 documents"
    hits = [str(autocode.model.rows[r][4]) for r in range(autocode.model.rowCount())]
    assert sorted(hits) == ["Caf", "Caf", "caf"]
    autocode.code_box.setCurrentText("Stance/Agreement")
    autocode.scope.setCurrentText("sentence")
    qtbot.mouseClick(autocode.preview_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, autocode)
    assert "3 spans to code as Stance/Agreement for alice" in autocode.status.text()
    preview = [row[3] for row in autocode.model.rows]
    assert "Café staff 😀 agreed; managers did not." in preview
    assert project.counts()["codings"] == 0  # the preview wrote nothing
    assert autocode.apply_button.isEnabled()
    qtbot.mouseClick(autocode.apply_button, Qt.MouseButton.LeftButton)
    codings = project.codings.all()
    assert len(codings) == 3
    assert auto_coding_ids(project) == {c.id for c in codings}
    for coding in codings:
        assert project.documents.text(coding.document_id)[coding.start : coding.end] in preview
    assert window.session.undo_stack.count() == 1  # type: ignore[union-attr]
    assert not autocode.apply_button.isEnabled()
    window.activateWindow()
    window.undo()
    assert project.counts()["codings"] == 0
    window.redo()
    assert len(project.codings.all()) == 3
    window.undo()
    assert project.counts()["codings"] == 0


def test_a_changed_setting_needs_a_new_preview_and_bad_regex_is_one_line(
    qtbot: QtBot, tmp_path: Path, hard_path: Path
) -> None:
    window = make_window(qtbot, tmp_path, hard_path)
    autocode = open_autocode(qtbot, window)
    autocode.code_box.setCurrentText("Actors/People")
    qtbot.keyClicks(autocode.pattern, "staff")
    qtbot.mouseClick(autocode.preview_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, autocode)
    assert autocode.apply_button.isEnabled()
    autocode.scope.setCurrentText("paragraph")
    assert not autocode.apply_button.isEnabled()
    autocode.mode.setCurrentIndex(autocode.mode.findData("regex"))
    autocode.pattern.setText("caf(")
    qtbot.mouseClick(autocode.search_button, Qt.MouseButton.LeftButton)
    assert "invalid regular expression" in autocode.status.text()
