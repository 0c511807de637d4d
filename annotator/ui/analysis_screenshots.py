"""Take the README's analysis screenshots: ``python -m annotator.ui.analysis_screenshots FOLDER``.

Builds the demo project of :mod:`annotator.ui.screenshots`, auto-codes some actors and actions
in every seed article, and saves PNGs of the real analysis windows. Run it under an X server
(Xvfb).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from annotator.core.search import SearchSpec
from annotator.store import Project
from annotator.store.autocode import apply_autocode, plan_autocode
from annotator.ui.main_window import MainWindow
from annotator.ui.screenshots import build
from annotator.ui.settings import Settings

RULES = (
    ("Actors/Russia", r"Russia\w*|Moscow|Kremlin|Putin|Lavrov"),
    ("Actors/United States", r"US|U\.S\.|Washington|White House|Kerry|Pentagon"),
    ("Actors/ISIL", r"ISIL|ISIS|Islamic State|Daesh"),
    ("Actors/Syrian government", r"Assad|Damascus|Syrian government"),
    ("Military action/Airstrike", r"air ?strikes?|bomb\w*"),
)


def autocode(path: Path) -> None:
    with Project.open(path) as project:
        project.coders.ensure("robot")
        for code, pattern in RULES:
            plan = plan_autocode(project, code, "robot", SearchSpec(pattern, "regex", True),
                                 scope="sentence")  # fmt: skip
            apply_autocode(project, plan)


def settle(app: QApplication, widget: QWidget, busy: object) -> None:
    """Let a window's worker finish and the window repaint."""
    while getattr(busy, "is_busy")():  # noqa: B009 (a job or a window)
        app.processEvents()
    for _ in range(5):
        app.processEvents()


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "resources/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.annotator"
        build(path)
        autocode(path)
        window = MainWindow(Settings(Path(tmp) / "settings.json"))
        window.resize(1500, 900)
        window.show()
        window.open_project(path, coder="alice")
        segments = window.analysis.open_segments()
        assert segments is not None
        segments.query.setText('"Actors/Russia" NEAR/40 "Military action/Airstrike"')
        segments.refresh()
        settle(app, segments, segments.job)
        segments.grab().save(str(out / "analysis-segments.png"))
        auto = window.analysis.open_autocode()
        assert auto is not None
        auto.pattern.setText("coalition")
        auto.mode.setCurrentIndex(auto.mode.findData("word"))
        auto.code_box.setCurrentText("Actors/Coalition")
        auto.scope.setCurrentText("sentence")
        auto.preview()
        settle(app, auto, auto.job)
        auto.grab().save(str(out / "analysis-autocode.png"))
        tables = window.analysis.open_tables()
        assert tables is not None
        tables.tabs.setCurrentWidget(tables.cooccurrence)
        tables.cooccurrence.refresh()
        settle(app, tables, tables.job)
        tables.grab().save(str(out / "analysis-cooccurrence.png"))
        window.close()
    print(f"saved screenshots in {out}")


if __name__ == "__main__":
    main()
