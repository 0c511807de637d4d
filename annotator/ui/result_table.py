"""The read-only result table and status row shared by the analysis windows.

The segments and auto-code windows show rows the same way (sortable, whole rows selected,
documents A to Z first) with a status line and a busy bar under them; one builder keeps them
looking and behaving alike.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QTableView,
    QWidget,
)


def result_table(parent: QWidget, model: QAbstractItemModel) -> QTableView:
    """A sortable, read-only table of whole rows over ``model``, sorted by its first column."""
    table = QTableView(parent)
    table.setModel(model)
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # documents A to Z, then start
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    return table


def status_row(parent: QWidget) -> tuple[QLabel, QProgressBar, QHBoxLayout]:
    """A status line with a (hidden) busy bar at its right, and the layout holding both."""
    status = QLabel(parent)
    progress = QProgressBar(parent)
    progress.setMaximumWidth(160)
    progress.hide()
    row = QHBoxLayout()
    row.addWidget(status, 1)
    row.addWidget(progress)
    return status, progress, row
