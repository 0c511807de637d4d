"""The agreement dashboard on the agreement benchmark's corpus (60,000 codings).

Prints one JSON line: first_figures_s (from opening the dashboard until its table holds rows)
and max_gap_ms, the longest the GUI event loop went without running a 20 ms timer while the
figures were being computed (how responsive the window stays).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from agreement import build  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.ui.main_window import MainWindow  # noqa: E402
from annotator.ui.settings import Settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--codings", type=int, default=60_000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.annotator"
        build(path, args.documents, 5000, 40, 3, args.codings)
        window = MainWindow(Settings(Path(tmp) / "settings.json"))
        window.show()
        window.open_project(path, coder="reviewer")
        app.processEvents()
        ticks: list[float] = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        timer.start(20)
        loop = QEventLoop()
        started = time.perf_counter()
        window.open_dashboard()
        dashboard = window.dashboard
        assert dashboard is not None
        # Wait the way the application does: in Qt's event loop, idle between events.
        dashboard.model.modelReset.connect(loop.quit)
        if dashboard.is_busy():
            loop.exec()
        app.processEvents()
        first = time.perf_counter() - started
        timer.stop()
        gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
        window.close()
    print(json.dumps({
        "codings": args.codings, "first_figures_s": round(first, 3),
        "max_gap_ms": round(max(gaps, default=0.0) * 1000, 1),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
