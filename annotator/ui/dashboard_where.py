"""The agreement dashboard's attribute filter: the CLI's ``--where`` as a line edit.

Conditions are comma-separated (``outlet=sputnik, date<2015-10``) and all must hold, as with
repeated ``--where`` options and the documents panel's filter; they are parsed by
:func:`annotator.core.attributes.parse_filters` and matched by the store, the same code the CLI
runs, so the dashboard and ``annotator agreement --where`` compare the same documents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QWidget

from annotator.core.attributes import parse_filters
from annotator.core.errors import AnnotatorError

if TYPE_CHECKING:
    from annotator.store import Project


class WhereFilter(QLineEdit):
    """Restricts the documents compared to those whose attributes match."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Where: outlet=sputnik, date<2015-10")
        self.setClearButtonEnabled(True)
        self.setAccessibleName("Only documents whose attributes match")

    def conditions(self) -> list[str]:
        return [part.strip() for part in self.text().split(",") if part.strip()]

    def matching(self, project: Project) -> set[str] | None:
        """Names of the matching documents, None without conditions; AnnotatorError if bad."""
        conditions = self.conditions()
        if not conditions:
            return None
        ids = project.attributes.matching(parse_filters(conditions))
        return {d.name for d in project.documents.all() if d.id in ids}

    def show_in(self, documents: QListWidget, project: Project) -> None:
        """Hide the documents that do not match; a bad condition is shown in red, not raised."""
        try:
            names = self.matching(project)
        except AnnotatorError as err:
            self.setToolTip(str(err))
            self.setStyleSheet("QLineEdit { color: #b00020; }")
            return
        self.setToolTip("")
        self.setStyleSheet("")
        for row in range(documents.count()):
            item = documents.item(row)
            name = item.data(Qt.ItemDataRole.UserRole)  # the item shows the title
            item.setHidden(names is not None and name not in names)
