"""The window beside other programs writing the same project (issue 9, points 2 to 4).

Other programs are real: the command line in a subprocess, or a second connection.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from annotator.store import Project
from annotator.ui.main_window import MainWindow
from tests.ui.window_child import WindowProcess, annotator

# Generous: the window looks once a second; a loaded machine may be slow to get there.
NOTICE_MS = 15000


def current(window: MainWindow) -> tuple[int, str, str]:
    """The open document's id and name, and the path of the code the key 1 applies."""
    assert window.session is not None
    assert window.document_id is not None
    project = window.session.project
    doc = project.documents.get(window.document_id)
    key_one = next(cid for cid, key in window._shortcuts.items() if key == "1")
    return doc.id, doc.name, project.codes.get(key_one).path


def code_by_key(qtbot: QtBot, window: MainWindow, start: int, end: int) -> None:
    window.text.setFocus()
    window.text.select_codepoints(start, end)
    qtbot.keyClick(window.text, Qt.Key.Key_1)


def undo(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def redo(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(
        window.text, Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )  # fmt: skip


def on_disk(path: Path) -> list[tuple[str, int, int]]:
    """(coder, start, end) of every coding in the file, as another program reads it."""
    with Project.open(path) as project:
        names = {c.id: c.name for c in project.coders.all()}
        return sorted((names[c.coder_id], c.start, c.end) for c in project.codings.all())


def shown(window: MainWindow) -> list[tuple[int, int]]:
    return sorted((c.start, c.end) for c in window.text.codings())


@pytest.fixture
def other(demo_path: Path) -> Iterator[Project]:
    """A second program's connection to the same project."""
    with Project.open(demo_path) as project:
        yield project


# -- point 2: undo and redo act on the coding they made, checked by content ---------------------


def test_redo_and_undo_beside_another_coder_from_the_command_line(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    _, name, code = current(window)
    code_by_key(qtbot, window, 0, 9)
    undo(qtbot, window)
    added = annotator("code", demo_path, "--document", name, "--code", code, "--coder", "bob",
                      "--start", "0", "--end", "9")  # fmt: skip
    assert added.returncode == 0, added.stderr
    redo(qtbot, window)
    assert on_disk(demo_path) == [("alice", 0, 9), ("bob", 0, 9)]
    assert "UNIQUE" not in window.statusBar().currentMessage()
    undo(qtbot, window)
    assert on_disk(demo_path) == [("bob", 0, 9)]


def test_undo_leaves_a_coding_another_program_changed(
    qtbot: QtBot, window: MainWindow, demo_path: Path, other: Project
) -> None:
    code_by_key(qtbot, window, 0, 9)
    (mine,) = other.codings.all()
    other.codings.update(mine.id, end=12)  # someone widened it meanwhile
    undo(qtbot, window)
    assert on_disk(demo_path) == [("alice", 0, 12)]
    assert "changed since" in window.statusBar().currentMessage()
    assert window.session is not None
    assert window.session.undo_stack.count() == 0  # the step can never apply: dropped


def test_undo_of_a_coding_removed_from_the_command_line(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    _, name, code = current(window)
    code_by_key(qtbot, window, 0, 9)
    removed = annotator("uncode", demo_path, "--document", name, "--code", code,
                        "--coder", "alice", "--start", "0", "--end", "9")  # fmt: skip
    assert removed.returncode == 0, removed.stderr
    undo(qtbot, window)
    assert "removed already" in window.statusBar().currentMessage()
    assert on_disk(demo_path) == []
    assert shown(window) == []


# -- point 3: every failed write says so, and the screen shows what is stored ------------------


def test_coding_while_another_program_holds_the_write_lock(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    assert window.session is not None
    window.session.project.db.write_budget = 0.2  # seconds: do not wait the full budget here
    blocker = sqlite3.connect(demo_path)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        code_by_key(qtbot, window, 0, 9)
    finally:
        blocker.rollback()
        blocker.close()
    assert "busy in another program" in window.statusBar().currentMessage()
    assert shown(window) == []
    assert on_disk(demo_path) == []


def test_coding_with_a_code_another_program_deleted(
    qtbot: QtBot, window: MainWindow, demo_path: Path, other: Project
) -> None:
    _, _, code = current(window)
    other.codes.delete(other.codes.by_path(code).id)
    code_by_key(qtbot, window, 0, 9)
    assert window.statusBar().currentMessage()  # one line saying why
    assert shown(window) == []
    assert on_disk(demo_path) == []
    assert code not in [c.path for c in window._codes.values()]  # the tree shows what is stored


def test_a_lost_journal_is_shown_loudly_and_nothing_more_is_written(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    code_by_key(qtbot, window, 0, 9)
    os.unlink(f"{demo_path}-wal")  # what another program's final checkpoint did (issue 9)
    code_by_key(qtbot, window, 20, 30)
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.icon() == QMessageBox.Icon.Critical]  # fmt: skip
    assert boxes
    assert "journal" in boxes[0].text()
    assert "journal" in window.statusBar().currentMessage()
    assert (20, 30) not in shown(window)


# -- point 4: what another program wrote appears, and is never overwritten ---------------------


def test_coding_added_from_the_command_line_appears(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    _, name, code = current(window)
    added = annotator("code", demo_path, "--document", name, "--code", code, "--coder", "bob",
                      "--start", "3", "--end", "8")  # fmt: skip
    assert added.returncode == 0, added.stderr
    qtbot.waitUntil(lambda: shown(window) == [(3, 8)], timeout=NOTICE_MS)


def test_code_deleted_by_another_program_leaves_the_tree(
    qtbot: QtBot, window: MainWindow, other: Project
) -> None:
    _, _, code = current(window)
    other.codes.delete(other.codes.by_path(code).id)
    qtbot.waitUntil(lambda: code not in [c.path for c in window._codes.values()], timeout=NOTICE_MS)
    code_by_key(qtbot, window, 0, 9)  # the key now applies whatever code holds it, or nothing
    assert all(c.code_id in window._codes for c in window.text.codings())


def test_a_failed_write_outside_the_undo_history_is_reported(
    tmp_path: Path, demo_path: Path
) -> None:
    """Blind coding is set directly in the store: its failure must still reach the window."""
    window = WindowProcess(demo_path, tmp_path / "settings.json")
    try:
        window.send("budget 0.2")
        blocker = sqlite3.connect(demo_path)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            window.send("menu Blind Coding")
            status = window.send("status")
        finally:
            blocker.rollback()
            blocker.close()
        assert "busy in another program" in status
    finally:
        window.close()
