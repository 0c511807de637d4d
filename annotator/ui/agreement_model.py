"""The agreement table's model: codes x measures, coloured by Krippendorff's thresholds.

A thin adapter over the engine's plain rows; the three overall rows are labelled by how they
pool the codes, and bootstrap intervals, when computed, fill the last columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from annotator.core.agreement import MEASURES, AgreementRow

Index = QModelIndex | QPersistentModelIndex
GOOD, TENTATIVE = 0.800, 0.667
LABELS = {
    "percent_agreement": "% agree",
    "cohen_kappa": "Cohen κ",
    "fleiss_kappa": "Fleiss κ",
    "krippendorff_alpha": "Kripp. α",
    "gwet_ac1": "Gwet AC1",
    "alpha_u": "α_U",
}
POOLED = "(pooled)"
# The overall rows, named for how they combine the codes (core/agreement/overall.py).
ALL_CODES = {
    "pairs": "(all codes: pooled pairs)",
    "mean": "(all codes: mean of codes)",
    "codes": "(all codes: pooled over codes, De Vries)",
}

POOLING_TIPS = {
    "pairs": "Every (character, code) pair is one unit of one binary variable. Mixes the codes: "
    "uncoded text agrees for every code, which can lift this row above every code's own figure.",
    "mean": "The mean of the codes' own figures (codes where a figure is undefined are left out).",
    "codes": "1 − ΣD_o / ΣD_e over the codes: De Vries et al. (2008) pooled kappa for Cohen's "
    "kappa; Fleiss' (1971) kappa over categories; nominal alpha over categories.",
}


CI_MEASURES = ("krippendorff_alpha", "alpha_u")
# Krippendorff's thresholds are for chance-corrected coefficients of his kind, not for raw
# agreement or AC1 (whose chance term is built differently): those stay uncoloured.
UNCOLOURED = ("percent_agreement", "gwet_ac1")


def interval_text(row: AgreementRow, measure: str) -> str:
    value = row.ci.get(measure)
    if isinstance(value, list) and value and value[0] is not None:
        return f"[{value[0]:.3f}, {value[1]:.3f}]"
    return ""


def code_label(row: AgreementRow) -> str:
    return row.code if row.code is not None else ALL_CODES[row.pooling or "pairs"]


def strength_colour(value: float | None) -> QColor | None:
    """Krippendorff's thresholds: ≥ .800 reliable, ≥ .667 tentative, below: not reliable."""
    if value is None:
        return None
    if value >= GOOD:
        return QColor(46, 160, 67, 90)
    if value >= TENTATIVE:
        return QColor(230, 170, 0, 100)
    return QColor(214, 39, 40, 90)


class AgreementModel(QAbstractTableModel):
    """The engine's rows; documents are shown by title (the workspace's rule), kept by name."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[AgreementRow] = []
        self._coders: list[str] = []
        self._titles: Mapping[str, str] = {}

    def set_rows(
        self, rows: Sequence[AgreementRow], titles: Mapping[str, str] | None = None
    ) -> None:
        """Show ``rows``; ``titles`` maps document names to titles ("" or missing: no title)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._coders = list(rows[-1].coders) if rows else []
        self._titles = dict(titles or {})
        self.endResetModel()

    def document_label(self, row: AgreementRow) -> str:
        """What the Document column shows: the title when there is one, else the name."""
        if row.document is None:
            return POOLED
        return self._titles.get(row.document) or row.document

    def rows(self) -> list[AgreementRow]:
        return list(self._rows)

    def row_at(self, number: int) -> AgreementRow:
        return self._rows[number]

    def value(self, row: AgreementRow, column: int) -> Any:
        """One cell's value, without building the whole row."""
        if column == 0:
            return code_label(row)
        if column == 1:
            return self.document_label(row)
        if column == 2:
            return row.characters
        measures = len(MEASURES)
        if column < 3 + measures:
            return getattr(row, MEASURES[column - 3])
        coder = column - 3 - measures
        if coder < len(self._coders):
            return row.coded_by.get(self._coders[coder], 0)
        if coder == len(self._coders):
            return row.coded_by_all
        return interval_text(row, CI_MEASURES[coder - len(self._coders) - 1])

    def header(self) -> list[str]:
        counts = [f"coded by {c}" for c in self._coders]
        return ["Code", "Document", "Characters", *(LABELS[m] for m in MEASURES), *counts,
                "coded by all", *(f"{LABELS[m]} CI" for m in CI_MEASURES)]  # fmt: skip

    def set_intervals(self, with_ci: Sequence[AgreementRow]) -> None:
        """Copy bootstrap intervals onto the pooled rows shown (matched by code and pooling)."""
        found = {(r.code, r.pooling): r.ci for r in with_ci if r.document is None}
        for row in self._rows:
            if row.document is None:
                row.ci = found.get((row.code, row.pooling), {})
        if self._rows:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, last))

    def export_header(self) -> list[str]:
        """The CSV's columns: the table's, then each document's title.

        "Document" keeps the unique name there, where scripts look for it.
        """
        return [*self.header(), "Document title"]

    def row_values(self, row: AgreementRow) -> list[Any]:
        """One CSV row, in :meth:`export_header`'s order."""
        return [
            code_label(row),
            row.document if row.document is not None else POOLED,
            row.characters,
            *(getattr(row, m) for m in MEASURES),
            *(row.coded_by.get(c, 0) for c in self._coders),
            row.coded_by_all,
            *(interval_text(row, m) for m in CI_MEASURES),
            self._titles.get(row.document, "") if row.document is not None else "",
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.header())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.header()[section]
        return None

    def data(self, index: Index, role: int = 0) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        value = self.value(row, index.column())
        measure = MEASURES[index.column() - 3] if 3 <= index.column() < 3 + len(MEASURES) else None
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, float):
                return f"{value:.3f}"
            return "—" if value is None else value
        if role == Qt.ItemDataRole.EditRole:  # what the proxy sorts by
            return -9.0 if value is None else value
        if role == Qt.ItemDataRole.BackgroundRole and measure and measure not in UNCOLOURED:
            colour = strength_colour(value if isinstance(value, float) else None)
            return QBrush(colour) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0 and row.code is None:
            return POOLING_TIPS[row.pooling or "pairs"]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return row.document if value != row.document else None
        if role == Qt.ItemDataRole.ToolTipRole and measure:
            return row.notes.get(measure) or f"{LABELS[measure]} = {value}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.document is None:
            font = QFont()
            font.setBold(row.code is None)
            return font
        return None
