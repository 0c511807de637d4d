"""Take the README's screenshots: ``python -m annotator.ui.screenshots FOLDER``.

Builds a demo project in a temporary folder, codes a seed article as two coders would, and
saves PNGs of the real windows. Run it under a real X server (``make screenshots`` uses Xvfb).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from annotator.store import Project
from annotator.store.bulk import build_demo
from annotator.ui.main_window import MainWindow
from annotator.ui.settings import Settings

# (coder, code path, text to code, occurrence)
CODINGS = (
    ("alice", "Actors/Russia", "Russian military operations in Syria", 1),
    ("alice", "Stance/Condition set", "need to be appropriately integrated with the US-led "
     "coalition’s campaign", 1),
    ("alice", "Actors/United States", "White House spokesperson Josh Earnest", 1),
    ("alice", "Attribution/Direct quote", "we would readily accept it", 1),
    ("alice", "Stance/Cooperation offered", "If a Russian offer is made that is constructive", 1),
    ("alice", "Military action/Airstrike", "anti-Islamic State airstrikes in\u00a0Syria", 1),
    ("alice", "Stance/Accusation", "alleged that Russian airstrikes hit targets", 1),
    ("alice", "Boilerplate/Site navigation", "Listen Live", 1),
    ("bob", "Actors/Russia", "Russian military operations", 1),
    ("bob", "Stance/Condition set", "appropriately integrated with the US-led coalition’s "
     "campaign to defeat the Islamic State", 1),
    ("bob", "Military action/Airstrike", "Russian airstrikes hit targets in", 1),
    ("carol", "Actors/Russia", "Russian military operations in Syria", 1),
    ("carol", "Actors/United States", "White House spokesperson Josh Earnest", 1),
    ("carol", "Military action/Airstrike", "Russian airstrikes hit targets", 1),
)  # fmt: skip


def build(path: Path) -> None:
    with Project.create(path) as project:
        build_demo(project)
        document = project.documents.all()[0]
        text = project.documents.text(document.id)
        for coder, code_path, needle, _ in CODINGS:
            start = text.index(needle)
            code = project.codes.by_path(code_path)
            coder_id = project.coders.ensure(coder).id
            project.codings.add(document.id, code.id, coder_id, start, start + len(needle))
        quote = project.codings.for_document(document.id)[3]
        project.codings.update(quote.id, memo="Earnest quoted at the press briefing")
        for other in project.documents.all()[1:3]:
            words = project.documents.text(other.id)
            for coder, shift in (("alice", 0), ("bob", 3)):
                coder_id = project.coders.ensure(coder).id
                for code_path, needle in (("Actors/Russia", "Russia"), ("Actors/ISIL", "ISIL"),
                                          ("Actors/United States", "US")):  # fmt: skip
                    start = words.find(needle)
                    if start >= 0:
                        code = project.codes.by_path(code_path)
                        extra = shift if code_path != "Actors/ISIL" else 0
                        end = start + len(needle) + extra
                        project.codings.add(other.id, code.id, coder_id, start, end)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "resources/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.annotator"
        build(path)
        window = MainWindow(Settings(Path(tmp) / "settings.json"))
        window.resize(1500, 900)
        window.show()
        window.open_project(path, coder="alice")
        text = window.text.text()
        start = text.index("Kremlin noted")
        window.text.select_codepoints(start, start + len("Kremlin"))
        app.processEvents()
        window.grab().save(str(out / "workspace.png"))
        window.open_comparison()
        comparison = window.comparison
        assert comparison is not None
        comparison.select_coders("alice", "bob", "carol")
        comparison.list.setCurrentRow(0)
        comparison.decide("accept", "a")
        comparison.list.setCurrentRow(1)
        app.processEvents()
        comparison.grab().save(str(out / "comparison.png"))
        window.open_dashboard()
        dashboard = window.dashboard
        assert dashboard is not None
        while dashboard.is_busy() or not dashboard.model.rowCount():
            app.processEvents()
        dashboard.intervals.resamples.setValue(200)
        dashboard.intervals.seed.setValue(1)
        dashboard.start_intervals()
        while dashboard.intervals.is_busy():
            app.processEvents()
        app.processEvents()
        dashboard.grab().save(str(out / "dashboard.png"))
        window.close()
    print(f"saved screenshots in {out}")


if __name__ == "__main__":
    main()
