"""Starting the desktop application."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from annotator.ui.main_window import MainWindow
from annotator.ui.settings import Settings


def run(project: Path | None = None) -> int:
    """Open the main window (on ``project``, or the last project) and run the event loop."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Annotator")
    app.setOrganizationName("Annotator")
    app.setApplicationDisplayName("Annotator")
    settings = Settings()
    window = MainWindow(settings)
    catch_failures(window)
    window.show()
    target = project or (
        Path(settings.get("last_project")) if settings.get("last_project") else None
    )
    if target is not None and (project is not None or target.exists()):
        window.open_project(target)
    return app.exec()


def catch_failures(window: MainWindow) -> None:
    """Show any error that escapes a Qt slot in ``window``, as one line (see ProjectWatch)."""
    sys.excepthook = window.project_watch.report_uncaught
