"""File dialogs must never cost the window its hold on the project (issue 9, point 1).

Closing any descriptor of a file drops every POSIX lock the process holds on it. If a file
dialog reads the open project to guess its type, the next program to open the project (the
command line, the dashboard's engine) takes itself for the last user, deletes the WAL, and
everything the window saves afterwards is lost on a crash.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QTreeView
from pytestqt.qtbot import QtBot

from annotator.store import Project
from annotator.ui.main_window import MainWindow
from tests.ui.window_child import WindowProcess, annotator

DIALOG_MENUS = ["Import Documents", "Export Coded Spans (CSV)", "Open Project"]


@pytest.fixture
def child(tmp_path: Path, demo_path: Path) -> Iterator[WindowProcess]:
    # Files of several kinds beside the project, as in a real project folder.
    (tmp_path / "notes.txt").write_text("notes", encoding="utf-8")
    (tmp_path / "copy.annotator").write_bytes(demo_path.read_bytes())
    process = WindowProcess(demo_path, tmp_path / "settings.json")
    yield process
    process.close()


def codings_on_disk(path: Path) -> int:
    with Project.open(path) as project:
        return project.counts()["codings"]


@pytest.mark.parametrize("menu", DIALOG_MENUS)
def test_coding_after_a_cancelled_dialog_survives_a_crash(
    child: WindowProcess, demo_path: Path, menu: str
) -> None:
    before = codings_on_disk(demo_path)
    listed = child.send(f"menu {menu}")
    assert Path(listed) == demo_path.parent  # the dialog showed the project's own folder
    info = annotator("info", demo_path)
    assert info.returncode == 0, info.stderr
    answer = child.send("code 0 9 1")
    assert "Coded 9 characters" in answer
    child.kill()
    assert codings_on_disk(demo_path) == before + 1


def test_reopening_the_open_project_keeps_its_locks(child: WindowProcess, demo_path: Path) -> None:
    """Open Recent on the project already open: checking its header would read the file."""
    before = codings_on_disk(demo_path)
    assert child.send(f"menu {demo_path.resolve()}") == "no dialog"
    assert annotator("info", demo_path).returncode == 0
    assert "Coded 9 characters" in child.send("code 0 9 1")
    child.kill()
    assert codings_on_disk(demo_path) == before + 1


def answer_dialogs(qtbot: QtBot, file_name: str, seen: list[str], answered: int = 0) -> None:
    """Type ``file_name`` into the file dialog, confirm replacing, note every message shown.

    Each answer may open the next modal dialog before it returns, so the next look is
    scheduled first; once no dialog is left, the looking stops.
    """
    modal = QApplication.activeModalWidget()
    if modal is None and answered:
        return
    answered += modal is not None
    QTimer.singleShot(50, lambda: answer_dialogs(qtbot, file_name, seen, answered))
    if isinstance(modal, QFileDialog):
        field = modal.findChild(QLineEdit, "fileNameEdit")
        assert field is not None
        field.setText(file_name)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    elif isinstance(modal, QMessageBox):
        seen.append(modal.text())
        yes = modal.button(QMessageBox.StandardButton.Yes)
        (yes or modal.button(QMessageBox.StandardButton.Ok)).click()


@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_export_over_the_project_is_refused(
    qtbot: QtBot, window: MainWindow, demo_path: Path, suffix: str
) -> None:
    # Export coded spans, and type the project's own name (or its WAL's) as the target.
    original = demo_path.read_bytes()
    seen: list[str] = []
    QTimer.singleShot(0, lambda: answer_dialogs(qtbot, demo_path.name + suffix, seen))
    window.file_actions.export_dialog()
    assert "itself; choose another file name" in seen[-1]
    assert demo_path.read_bytes() == original
    assert window.session is not None
    assert window.session.project.counts()["documents"] > 0


def test_importing_the_project_as_text_is_refused(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    assert window.session is not None
    before = window.session.project.counts()["documents"]
    seen: list[str] = []
    QTimer.singleShot(0, lambda: answer_dialogs(qtbot, demo_path.name, seen))
    window.file_actions.import_dialog()
    assert "open project's own file" in seen[-1]
    assert window.session.project.counts()["documents"] == before


def test_export_over_another_database_is_refused(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, demo_path: Path
) -> None:
    other = tmp_path / "other.csv"
    other.write_bytes(demo_path.read_bytes())  # a project, whatever its name says
    seen: list[str] = []
    QTimer.singleShot(0, lambda: answer_dialogs(qtbot, other.name, seen))
    window.file_actions.export_dialog()
    assert "is an existing SQLite database" in seen[-1]
    assert other.read_bytes() == demo_path.read_bytes()


def measure_columns(found: dict[str, list[tuple[int, int, int]]], names: set[str]) -> None:
    """Once the open file dialog lists ``names``, note each column's size and hints; close it.

    The folder is read in the background and the columns follow a tick later, so the dialog
    is looked at again until it has listed every file, then once more.
    """
    modal = QApplication.activeModalWidget()
    dialog = modal if isinstance(modal, QFileDialog) else None
    view = dialog.findChild(QTreeView, "treeView") if dialog is not None else None
    if dialog is None or view is None:
        QTimer.singleShot(20, lambda: measure_columns(found, names))
        return
    model, root = view.model(), view.rootIndex()
    listed = {str(model.index(row, 0, root).data()) for row in range(model.rowCount(root))}
    if not names <= listed:
        QTimer.singleShot(20, lambda: measure_columns(found, names))
        return
    if "listed" not in found:
        found["listed"] = []
        QTimer.singleShot(20, lambda: measure_columns(found, names))
        return
    header = view.header()
    found["columns"] = [
        (header.sectionSize(i), view.sizeHintForColumn(i), header.sectionSizeHint(i))
        for i in range(header.count())
    ]
    found["viewport"] = [(view.viewport().width(), header.length(), 0)]
    dialog.reject()


def test_import_dialog_columns_fit_their_contents(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    folder = demo_path.parent
    files = {
        "Lavrov and Kerry agree on cooperation, 30 November.txt": 3_456_789,
        "brief.docx": 12_345,
        "statement.pdf": 987,
    }
    long_ago = 1_575_158_340  # 30 November 2019, 23:59 UTC: two-digit day, month and hour
    for name, size in files.items():
        (folder / name).write_bytes(b"x" * size)
        os.utime(folder / name, (long_ago, long_ago))
    found: dict[str, list[tuple[int, int, int]]] = {}
    QTimer.singleShot(0, lambda: measure_columns(found, set(files)))
    window.file_actions.import_dialog()
    name_column, *others = found["columns"]
    for width, contents, title in others:  # size, type and date: values and titles whole
        assert width >= contents > 0
        assert width >= title
    assert name_column[0] >= name_column[1]  # the long name too, on an 800 px screen
    [(viewport, total, _)] = found["viewport"]
    assert total == viewport  # the name column takes the room left over


UI = Path(__file__).resolve().parents[2] / "annotator" / "ui"
FILE_BROWSING = re.compile(r"\b(QFileDialog|QFileSystemModel|QFileIconProvider|QMimeDatabase)\b")


@pytest.mark.parametrize("path", sorted(UI.glob("*.py")), ids=lambda p: p.name)
def test_every_file_dialog_goes_through_the_safe_helper(path: Path) -> None:
    """Qt's file browsing guesses types from contents; only file_dialogs.py may use it."""
    if path.name == "file_dialogs.py":
        return
    assert not FILE_BROWSING.search(path.read_text(encoding="utf-8"))


def test_save_a_copy_holds_work_still_in_the_journal(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, demo_path: Path
) -> None:
    window.text.setFocus()
    window.text.select_codepoints(0, 9)
    qtbot.keyClick(window.text, Qt.Key.Key_1)
    assert Path(f"{demo_path}-wal").stat().st_size > 0  # the coding is in the journal yet
    seen: list[str] = []
    QTimer.singleShot(0, lambda: answer_dialogs(qtbot, "copy.annotator", seen))
    window.file_actions.save_copy_dialog()
    assert "Saved a complete copy" in window.statusBar().currentMessage()
    with Project.open(tmp_path / "copy.annotator") as copy:
        assert copy.counts()["codings"] == 1
    # Again over that copy (the dialog asks to replace it), and never over the project.
    QTimer.singleShot(0, lambda: answer_dialogs(qtbot, "copy.annotator", seen))
    window.file_actions.save_copy_dialog()
    assert "Saved a complete copy" in window.statusBar().currentMessage()
    QTimer.singleShot(0, lambda: answer_dialogs(qtbot, demo_path.name, seen))
    window.file_actions.save_copy_dialog()
    assert "itself; choose another file name" in seen[-1]
