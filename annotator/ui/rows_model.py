"""A read-only table over plain rows (tuples), for result tables that a proxy sorts.

Numbers stay numbers in the display role so that a ``QSortFilterProxyModel`` sorts them as
numbers; text has its line breaks shown as ⏎ so one row stays one line.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt

from annotator.ui.table_model import ColumnsModel, Index

Row = Sequence[object]


class RowsModel(ColumnsModel):
    """Rows of values under column titles; ``tooltips`` optionally per row."""

    def __init__(self, columns: Sequence[str] = ()) -> None:
        super().__init__()
        self.columns = tuple(columns)
        self.rows: list[Row] = []
        self.tooltips: list[str] = []

    def set_rows(
        self, columns: Sequence[str], rows: list[Row], tooltips: list[str] | None = None
    ) -> None:
        self.beginResetModel()
        self.columns = tuple(columns)
        self.rows = rows
        self.tooltips = tooltips or []
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not self.valid(index) or index.column() >= len(self.columns):
            return None
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return value.replace("\n", " ⏎ ") if isinstance(value, str) else value
        if role == Qt.ItemDataRole.ToolTipRole and index.row() < len(self.tooltips):
            return self.tooltips[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
