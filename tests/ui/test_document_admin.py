"""Import in the background, properties, the attribute table, filters, rename and delete."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from annotator.store import Project
from annotator.ui.document_properties import DocumentPropertiesDialog
from annotator.ui.main_window import MainWindow
from tests.core.formats import samples
from tests.ui.conftest import make_window

TASS = "002_1243f50a687903e2"


def wait_for_import(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.document_admin.job.is_busy(), timeout=60_000)


def test_background_import_of_mixed_material(
    qtbot: QtBot, tmp_path: Path, window: MainWindow, demo_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    samples.make_docx(folder / "word.docx")
    samples.make_pdf(folder / "report.pdf", ["Первая 😀", "Вторая"])
    (folder / "talk.vtt").write_bytes(samples.VTT.encode("utf-8"))
    (folder / "page.html").write_bytes(samples.HTML.encode("utf-8"))
    samples.zip_bomb(folder / "bomb.docx")
    window.document_admin.import_paths([folder])
    assert window.document_admin.progress is not None  # five files: progress is shown
    wait_for_import(qtbot, window)
    assert window.document_admin.progress is None
    assert "refused 1" in window.statusBar().currentMessage()
    assert "bomb.docx" in window.statusBar().currentMessage()
    with Project.open(demo_path) as project:
        names = {d.name for d in project.documents.all()}
        assert {"word", "report", "talk", "page"} <= names
        assert project.documents.by_name("word").title == "Budget vote 😀"
    labels = [window.documents.model.index(r, 0).data()
              for r in range(window.documents.model.rowCount())]  # fmt: skip
    assert "Budget vote 😀" in labels


def test_cancel_imports_nothing(
    qtbot: QtBot, tmp_path: Path, window: MainWindow, demo_path: Path
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(40):
        page = samples.HTML.replace("budget", f"budget number {n}")
        (folder / f"page{n:02}.html").write_bytes(page.encode("utf-8"))
    admin = window.document_admin
    admin.import_paths([folder])
    assert admin.progress is not None
    cancel = admin.progress.findChild(QPushButton)
    assert cancel is not None
    reader = admin.job._reader
    assert reader is not None
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    # The worker's progress signals may still arrive after the cancel (seen under load):
    # deliver one explicitly; it must not bring the dialog back.
    reader.progress.emit(reader.serial, 30, 40, "late.html")
    QCoreApplication.processEvents()
    assert admin.progress is None or not admin.progress.isVisible()
    wait_for_import(qtbot, window)
    assert "cancelled" in window.statusBar().currentMessage()
    assert admin.progress is None
    admin.job.progress.emit(31, 40, "later.html")  # after the end: ignored, no error
    assert admin.progress is None
    with Project.open(demo_path) as project:
        assert project.counts()["documents"] == 5


def test_panel_shows_titles_and_filters_by_attribute(qtbot: QtBot, window: MainWindow) -> None:
    model = window.documents.model
    labels = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert "Lavrov calls to coordinate Russian, US military action in Syria" in labels
    qtbot.keyClicks(window.document_admin.filter, "outlet=tass")
    [only] = window.documents.visible_ids()
    assert window.session is not None
    assert window.session.project.documents.get(only).name == TASS
    window.document_admin.filter.clear()
    qtbot.keyClicks(window.document_admin.filter, "date>=2016, date<2017")
    assert len(window.documents.visible_ids()) == 1
    window.document_admin.filter.clear()
    qtbot.keyClicks(window.document_admin.filter, "date>>")
    assert "ATTRIBUTE=VALUE" in window.document_admin.filter.toolTip()
    window.document_admin.filter.clear()
    assert len(window.documents.visible_ids()) == 5
    qtbot.keyClicks(window.documents.filter, "Lavrov calls")  # the name filter matches titles
    assert len(window.documents.visible_ids()) == 1


def test_attribute_table_edits_like_a_spreadsheet_and_undoes(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    admin = window.document_admin
    admin.open_attribute_table()
    table = admin.table
    assert table is not None
    model = table.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
               for c in range(model.columnCount())]  # fmt: skip
    assert headers == ["Document", "Title", "date (date)", "outlet (text)"]
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == TASS)
    table.table.setCurrentIndex(model.index(row, 3))
    table.table.edit(model.index(row, 3))
    editor = table.table.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "Ledger")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # commits and moves on, as in a spreadsheet
    assert window.session is not None
    project = window.session.project
    doc = project.documents.by_name(TASS).id
    assert project.documents.attributes(doc)["outlet"] == "Ledger"
    qtbot.waitUntil(lambda: model.index(row, 3).data() == "Ledger")
    # QTest types ASCII only; other scripts go through the same edit path as a delegate's.
    assert model.setData(model.index(row, 3), "ТАСС 😀", Qt.ItemDataRole.EditRole)
    assert project.documents.attributes(doc)["outlet"] == "ТАСС 😀"
    qtbot.waitUntil(lambda: model.index(row, 3).data() == "ТАСС 😀")
    # A date that is not a date is refused with a message and the cell keeps its value.
    assert not model.setData(model.index(row, 2), "yesterday", Qt.ItemDataRole.EditRole)
    assert "not a date" in window.statusBar().currentMessage()
    assert model.index(row, 2).data() == "2017-09-22"
    window.undo()
    window.undo()
    assert project.documents.attributes(doc)["outlet"] == "TASS"
    qtbot.waitUntil(lambda: model.index(row, 3).data() == "TASS")
    # A new typed column.
    qtbot.keyClicks(table.new_name, "words")
    table.new_type.setCurrentText("number")
    qtbot.keyClick(table.new_name, Qt.Key.Key_Return)
    assert project.attributes.types()["words"] == "number"


def test_properties_dialog_checks_types_then_applies_as_one_step(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.session is not None
    project = window.session.project
    doc = project.documents.by_name(TASS)
    dialog = DocumentPropertiesDialog(doc, project.documents.attributes(doc.id),
                                      project.attributes.types(), "seed", window)  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title.clear()
    qtbot.keyClicks(dialog.title, "Lavrov: ")
    dialog.title.insert("координация 😀")
    qtbot.keyClicks(dialog.new_name, "words")
    dialog.new_type.setCurrentText("number")
    qtbot.mouseClick(dialog.findChildren(QPushButton)[0], Qt.MouseButton.LeftButton)
    row = dialog.table.rowCount() - 1
    dialog.table.item(row, 2).setText("many")  # type: ignore[union-attr]
    dialog.accept()
    assert dialog.isVisible()
    assert "not a number" in dialog.error.text()
    dialog.table.item(row, 2).setText("850")  # type: ignore[union-attr]
    dialog.accept()
    assert not dialog.isVisible()
    assert window.document_admin.apply_edits(doc.id, dialog.edits())
    after = project.documents.get(doc.id)
    assert after.title == "Lavrov: координация 😀"
    assert project.documents.attributes(doc.id)["words"] == "850"
    window.undo()
    assert project.documents.get(doc.id).title == doc.title
    assert "words" not in project.documents.attributes(doc.id)


def test_rename_and_undoable_delete(qtbot: QtBot, tmp_path: Path, hard_path: Path) -> None:
    window = make_window(qtbot, tmp_path, hard_path)
    assert window.session is not None
    project = window.session.project
    hard = project.documents.by_name("hard").id
    window.show_document(hard)
    code = project.codes.by_path("Stance/Agreement").id
    text = project.documents.text(hard)
    start = text.index("Россия")
    window.session.apply_code(hard, project.codes.get(code), start, start + 6)
    assert window.document_admin.rename(hard, "Трудный 😀")
    assert project.documents.get(hard).name == "Трудный 😀"
    assert window.document_admin.delete(hard)
    assert [d.name for d in project.documents.all()] == ["emoji"]
    assert window.document_id != hard
    window.undo()
    restored = project.documents.get(hard)
    assert restored.name == "Трудный 😀"
    assert restored.codings == 1
    assert [project.documents.text(hard)[c.start : c.end] for c in project.codings.all()] == [
        "Россия"
    ]
    window.redo()
    assert [d.name for d in project.documents.all()] == ["emoji"]


def test_status_line_says_the_page_or_time_of_the_caret(
    qtbot: QtBot, tmp_path: Path, window: MainWindow
) -> None:
    srt = tmp_path / "talk.srt"
    srt.write_bytes(samples.SRT.encode("utf-8"))
    window.document_admin.import_paths([srt])
    wait_for_import(qtbot, window)
    assert window.session is not None
    project = window.session.project
    talk = project.documents.by_name("talk").id
    window.show_document(talk)
    start = project.documents.text(talk).index("thank you")
    window.text.select_codepoints(start, start + 9)
    assert window.status_line.selection.text() == f"selection {start}–{start + 9} (9), 00:12:31"
