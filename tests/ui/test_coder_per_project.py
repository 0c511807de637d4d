"""Who is coding is remembered per project (tryout 4, Q4).

One remembered name for every project filed the lead's codings under the coder whose copy
the lead had opened last: after "Code as carol2" in carol2's copy, the lead's own project
opened silently as carol2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from annotator.store import Project
from annotator.store.coder_copy import copy_for
from annotator.ui.main_window import MainWindow
from annotator.ui.settings import MAX_PROJECT_CODERS, Settings
from tests.ui.driving import type_and_enter, when_modal
from tests.ui.test_workspace import select_by_keyboard

SEED = "000_dc4029054c129186"


@pytest.fixture
def lead(demo_path: Path) -> Path:
    """A lead's project where bob has coded (after a merge)."""
    with Project.open(demo_path) as project:
        doc = project.documents.by_name(SEED)
        start = project.documents.text(doc.id).index("Russia")
        coder = project.coders.ensure("bob")
        code = project.codes.by_path("Actors/Russia")
        project.codings.add(doc.id, code.id, coder.id, start, start + 6)
    return demo_path


def window_on(qtbot: QtBot, settings: Path) -> MainWindow:
    window = MainWindow(Settings(settings))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # Window shortcuts (the code keys) only fire in the active window.
    with qtbot.waitActive(window, timeout=5000):
        window.activateWindow()
    return window


def no_question(log: list[str]) -> None:
    """Record any dialog that shows and cancel it, so that a question fails the test, not hangs."""

    def poll(left: int) -> None:
        widget = QApplication.activeModalWidget()
        if widget is not None and widget.isVisible():
            log.append(type(widget).__name__)
            QTest.keyClick(widget.focusWidget() or widget, Qt.Key.Key_Escape)
        if left:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, lambda: poll(100))


def answer_box(text: str, seen: list[str]) -> None:
    """Click the button ``text`` of the next message box."""

    def poll(left: int) -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QMessageBox) and widget.isVisible():
            seen.append(widget.text())
            [button] = [b for b in widget.buttons() if b.text() == text]
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        elif left:
            QTimer.singleShot(10, lambda: poll(left - 1))

    QTimer.singleShot(0, lambda: poll(400))


def coder_names(path: Path) -> list[str]:
    with Project.open(path) as project:
        return [c.name for c in project.coders.all()]


def code_a_word(qtbot: QtBot, window: MainWindow) -> None:
    """Select a word and press the first code's key, as a coder does."""
    session = window.session
    assert session is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)  # after a dialog, activation is async
    window.show_document(session.project.documents.by_name(SEED).id)
    select_by_keyboard(qtbot, window, "Russian military")
    window.text.setFocus()
    qtbot.keyClick(window.text, Qt.Key.Key_1)
    assert window.statusBar().currentMessage().startswith("Coded "), (
        window.statusBar().currentMessage()
    )


def test_the_leads_project_opens_as_the_lead_after_a_coder_copy(
    qtbot: QtBot, tmp_path: Path, lead: Path
) -> None:
    settings = tmp_path / "settings.json"
    window = window_on(qtbot, settings)
    first = when_modal(type_and_enter("lena"))  # the first start: nothing remembered yet
    assert window.open_project(lead)
    assert first == ["QInputDialog"]
    assert window.session is not None
    assert window.session.coder.name == "lena"
    assert coder_names(lead) == ["bob"]  # opening is not coding
    code_a_word(qtbot, window)  # the lead works: now lena is a coder here
    assert coder_names(lead) == ["bob", "lena"]
    copy = tmp_path / "carol2.annotator"
    copy_for(window.session.project, "carol2", copy, made_by="lena")

    seen: list[str] = []
    answer_box("Code as carol2", seen)  # the tryout's answer: the default button
    assert window.open_project(copy)
    assert seen == ["This copy was made for carol2. Code as carol2?"]
    assert window.session.coder.name == "carol2"

    asked: list[str] = []
    no_question(asked)
    assert window.open_project(lead)
    assert asked == []
    assert window.session.coder.name == "lena"
    assert "carol2" not in coder_names(lead)
    window.close_project()

    # After a restart (the tryout quit in between), from the settings file alone.
    again = window_on(qtbot, settings)
    no_question(asked)
    assert again.open_project(copy)
    assert again.session is not None
    assert again.session.coder.name == "carol2"
    assert again.open_project(lead)
    assert asked == []
    assert again.session.coder.name == "lena"
    assert "carol2" not in coder_names(lead)


def test_a_new_project_asks_with_the_last_name_filled_in(
    qtbot: QtBot, tmp_path: Path, lead: Path
) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"coder": "lena"}), encoding="utf-8")  # before per project
    window = window_on(qtbot, settings)
    shown: list[tuple[str, str, list[str]]] = []

    def look_and_enter(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        combo = dialog.findChild(QComboBox)
        assert combo is not None
        assert combo.isVisible()
        assert combo.isEditable()
        items = [combo.itemText(i) for i in range(combo.count())]
        shown.append((dialog.windowTitle(), combo.currentText(), items))
        QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)

    log = when_modal(look_and_enter)
    assert window.open_project(lead)
    assert log == ["QInputDialog"]
    assert shown == [("Who is coding?", "lena", ["bob"])]  # one Enter: the name used last
    assert window.session is not None
    assert window.session.coder.name == "lena"
    assert window.settings.project_coder(lead) == "lena"


def test_an_existing_coder_is_picked_from_the_list(
    qtbot: QtBot, tmp_path: Path, lead: Path
) -> None:
    window = window_on(qtbot, tmp_path / "settings.json")
    window.settings.set("coder", "lena")

    def pick_bob(dialog: QWidget) -> None:
        combo = dialog.findChild(QComboBox)
        assert combo is not None
        combo.setCurrentIndex(combo.findText("bob"))
        QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)

    when_modal(pick_bob)
    assert window.open_project(lead)
    assert window.session is not None
    assert window.session.coder.name == "bob"
    assert coder_names(lead) == ["bob"]


def test_a_remembered_coder_not_in_the_project_is_asked_about_again(
    qtbot: QtBot, tmp_path: Path, lead: Path
) -> None:
    settings = Settings(tmp_path / "settings.json")
    settings.remember_coder(lead, "zoe")  # zoe never coded here, or the file was replaced
    settings.remember_coder(tmp_path / "other.annotator", "lena")
    window = window_on(qtbot, settings.path)
    filled: list[str] = []

    def retype(dialog: QWidget) -> None:
        combo = dialog.findChild(QComboBox)
        assert combo is not None
        filled.append(combo.currentText())
        combo.setEditText("")
        QTest.keyClicks(dialog.focusWidget() or dialog, "Yusuf")
        QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)

    log = when_modal(retype)
    assert window.open_project(lead)
    assert log == ["QInputDialog"]
    assert filled == ["zoe"]  # this project's name, not lena (the name used last)
    assert window.session is not None
    assert window.session.coder.name == "Yusuf"
    assert window.settings.project_coder(lead) == "Yusuf"


def test_a_remembered_coder_is_kept_while_nobody_has_coded(
    qtbot: QtBot, tmp_path: Path, demo_path: Path
) -> None:
    settings = Settings(tmp_path / "settings.json")
    settings.remember_coder(demo_path, "zoe")
    settings.set("coder", "lena")
    window = window_on(qtbot, settings.path)
    asked: list[str] = []
    no_question(asked)
    assert window.open_project(demo_path)
    assert asked == []
    assert window.session is not None
    assert window.session.coder.name == "zoe"
    assert "zoe" not in coder_names(demo_path)  # added by the first coding, not by opening


def test_switching_coder_is_remembered_for_the_project(
    qtbot: QtBot, tmp_path: Path, lead: Path
) -> None:
    window = window_on(qtbot, tmp_path / "settings.json")
    assert window.open_project(lead, coder="lena")
    window.switch_coder("bob")
    assert window.settings.project_coder(lead) == "bob"
    assert Settings(tmp_path / "settings.json").get("coder") == "bob"


def test_the_settings_keep_the_latest_projects_only(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    for n in range(MAX_PROJECT_CODERS + 5):
        settings.remember_coder(tmp_path / f"p{n}.annotator", f"coder{n}")
    settings.remember_coder(tmp_path / "p6.annotator", "again")  # now the newest
    loaded = Settings(tmp_path / "settings.json")
    assert len(loaded.get("project_coders")) == MAX_PROJECT_CODERS
    assert loaded.project_coder(tmp_path / "p4.annotator") == ""
    assert loaded.project_coder(tmp_path / "p5.annotator") == "coder5"  # p6 moved, not added
    assert loaded.project_coder(tmp_path / "p6.annotator") == "again"
    assert loaded.project_coder(tmp_path / "p54.annotator") == "coder54"
    assert loaded.get("coder") == "again"


def test_a_coder_who_only_opened_a_project_is_asked_with_that_name(
    qtbot: QtBot, tmp_path: Path, lead: Path
) -> None:
    settings = tmp_path / "settings.json"
    window = window_on(qtbot, settings)
    assert window.open_project(lead, coder="lena")
    assert coder_names(lead) == ["bob"]  # lena looked, coded nothing: not added
    copy = tmp_path / "carol2.annotator"
    with Project.open(lead) as project:
        copy_for(project, "carol2", copy, made_by="lena")
    assert window.open_project(copy, coder="carol2")
    filled: list[str] = []

    def look_and_enter(dialog: QWidget) -> None:
        combo = dialog.findChild(QComboBox)
        assert combo is not None
        filled.append(combo.currentText())
        QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)

    when_modal(look_and_enter)
    assert window.open_project(lead)
    assert filled == ["lena"]  # this project's name, not carol2 (the name used last)
    assert window.session is not None
    assert window.session.coder.name == "lena"
    code_a_word(qtbot, window)
    with Project.open(lead) as project:
        [lena] = [c for c in project.coders.all() if c.name == "lena"]
        assert any(c.coder_id == lena.id for c in project.codings.all())
        assert project.status.get(project.documents.by_name(SEED).id, lena.id) == "in progress"
    assert window.session.coder.id == lena.id
