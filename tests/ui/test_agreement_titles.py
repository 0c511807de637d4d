"""The agreement dashboard and the comparison view show documents by title, as the workspace
does, and keep using their unique names underneath (options, exports, the audit trail)."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from annotator.store import Project
from tests.ui.conftest import make_window, open_comparison, open_dashboard, settled


def _labels(checklist: QListWidget) -> list[tuple[str, str]]:
    items = [checklist.item(r) for r in range(checklist.count())]
    return [(item.text(), item.toolTip()) for item in items]


def test_the_dashboard_shows_titles_and_compares_by_name(
    qtbot: QtBot, tmp_path: Path, auto_coded: Path
) -> None:
    with Project.open(auto_coded) as project:
        project.attributes.set_value(project.documents.by_name("one").id, "outlet", "Ledger")
    window = make_window(qtbot, tmp_path, auto_coded)
    dashboard = open_dashboard(qtbot, window)
    # The workspace's rule and order: the title (the name on hover when they differ).
    assert _labels(dashboard.documents) == [("Zoe interview", "one"), ("two", "")]
    view = dashboard.view
    shown = [view.itemText(i) for i in range(view.count())]
    assert shown[2:] == ["Document: Zoe interview", "Document: two"]
    assert view.itemData(2, Qt.ItemDataRole.ToolTipRole) == "one"

    view.setCurrentIndex(view.findText("Every document"))
    proxy, header = dashboard.proxy, dashboard.table.horizontalHeader()
    x = header.sectionViewportPosition(1) + header.sectionSize(1) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    cells = [proxy.index(r, 1) for r in range(proxy.rowCount())]
    documents = [cell.data() for cell in cells]
    # Sorted by what is shown, whatever the case: "two" before "Zoe interview".
    assert documents == sorted(documents, key=str.casefold)
    assert {"two", "Zoe interview"} <= set(documents)
    assert "one" not in documents
    zoe = next(cell for cell in cells if cell.data() == "Zoe interview")
    assert zoe.data(Qt.ItemDataRole.ToolTipRole) == "one"

    view.setCurrentIndex(view.findText("Document: Zoe interview"))
    assert {proxy.index(r, 1).data() for r in range(proxy.rowCount())} == {"Zoe interview"}

    exported = tmp_path / "agreement.csv"
    dashboard.export_csv(exported)
    with exported.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][1] == "Document"
    assert rows[0][-1] == "Document title"
    assert {(row[1], row[-1]) for row in rows[1:]} == {
        ("one", "Zoe interview"), ("two", ""), ("(pooled)", ""),
    }  # fmt: skip

    # The Where filter matches names behind titles, and options carry names.
    qtbot.keyClicks(dashboard.where, "outlet=ledger")
    visible = [r for r in range(dashboard.documents.count())
               if not dashboard.documents.item(r).isHidden()]  # fmt: skip
    assert [dashboard.documents.item(r).text() for r in visible] == ["Zoe interview"]
    assert dashboard.options().documents == ["one"]
    qtbot.mouseClick(dashboard.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: settled(dashboard) and {r.document for r in dashboard.model.rows()}
                    == {"one", None}, timeout=20_000)  # fmt: skip


def test_the_comparison_view_lists_titles_and_records_names(
    qtbot: QtBot, tmp_path: Path, auto_coded: Path
) -> None:
    _, view = open_comparison(qtbot, tmp_path, auto_coded)
    combo = view.document
    assert [combo.itemText(i) for i in range(combo.count())] == ["Zoe interview", "two"]
    assert combo.itemData(0, Qt.ItemDataRole.ToolTipRole) == "one"
    assert combo.itemData(1, Qt.ItemDataRole.ToolTipRole) is None
    combo.setCurrentIndex(combo.findText("Zoe interview"))
    view.select_coders("alice", "bob")
    with Project.open(auto_coded) as project:
        assert view.document_id() == project.documents.by_name("one").id
    qtbot.mouseClick(view.buttons["agreements"], Qt.MouseButton.LeftButton)
    preview = view.preview
    assert preview is not None
    assert preview.list.count() > 0
    qtbot.mouseClick(preview.apply_button, Qt.MouseButton.LeftButton)
    with Project.open(auto_coded) as project:
        # The audit trail names the document by its unique name, which a title change keeps.
        assert {a.batch for a in project.adjudications.all()} == {"agreements in one"}
