"""Opening a long, densely coded document in the real widget (offscreen).

Usage: python benchmarks/open_document.py --chars 300000 --codings 12000 [--script ltr]
Builds its own project (M codings, half by each of two coders, 30 codes), then prints one
JSON line: open_s (until the text, every highlight on screen and every stripe are painted),
apply_ms and remove_ms (median of 20 single codings applied or removed through the window,
repaint included), cursor_ms (1,000 ``cursorRect`` calls at positions spread over the text and
1,000 ``cursorForPosition`` calls over the viewport: the geometry every click, hover, caret
move and Find asks Qt for) and rss_mb (resident memory at the end).

``--script``: ``mixed`` (the default) is mostly Latin and Cyrillic with one Arabic word among
its words, so the document holds right-to-left text; ``ltr`` leaves that word out; ``rtl`` is
Arabic and Hebrew with a few Latin names.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SCRIPTS, article  # noqa: E402
from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.decoding import decode_bytes  # noqa: E402
from annotator.core.model import NewCoding  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.ui.main_window import MainWindow  # noqa: E402
from annotator.ui.settings import Settings  # noqa: E402


def build(path: Path, chars: int, codings: int, words: tuple[str, ...]) -> None:
    rng = random.Random(3)
    with Project.create(path) as project:
        text = article(rng, chars, words)
        doc = project.documents.add(decode_bytes(text.encode()), "long").added[0]
        codes = [project.codes.ensure_path(f"Group {i % 6}/Code {i}")[0].id for i in range(30)]
        coders = [project.coders.ensure("alice").id, project.coders.ensure("bob").id]
        seen: set[tuple[int, int, int, int]] = set()
        batch: list[NewCoding] = []
        while len(batch) < codings:
            start = rng.randrange(chars - 1)
            end = min(chars, start + rng.randint(3, 250))
            key = (rng.choice(codes), coders[len(batch) % 2], start, end)
            if key not in seen:
                seen.add(key)
                batch.append(NewCoding(doc, *key))
        project.codings.add_many(batch)


def settle(app: QApplication, window: MainWindow) -> None:
    """Process pending events, which paints every widget that asked to be repainted."""
    app.processEvents()


def measure_cursor(window: MainWindow) -> float:
    """Milliseconds for 1,000 caret rectangles and 1,000 hit tests in the shown document."""
    view = window.text
    cursor = QTextCursor(view.document())
    length = view.document().characterCount() - 1
    size = view.viewport().size()
    began = time.perf_counter()
    for n in range(1000):
        cursor.setPosition(n * 9973 % length)
        view.cursorRect(cursor)
    for n in range(1000):
        view.cursorForPosition(QPoint(n * 37 % size.width(), n * 53 % size.height()))
    return (time.perf_counter() - began) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chars", type=int, default=300_000)
    parser.add_argument("--codings", type=int, default=12_000)
    parser.add_argument("--script", choices=sorted(SCRIPTS), default="mixed")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.annotator"
        build(path, args.chars, args.codings, SCRIPTS[args.script])
        window = MainWindow(Settings(Path(tmp) / "settings.json"))
        window.resize(1400, 900)
        window.show()
        app.processEvents()
        assert window.open_project(path, coder="alice")
        document = window.document_id
        assert document is not None
        window.show_document(document)  # warm caches (fonts, icons) once
        settle(app, window)
        started = time.perf_counter()
        window.show_document(document)
        settle(app, window)
        # Make sure every highlight and stripe on screen has really been painted.
        window.text.viewport().repaint()
        window.text.margin().repaint()
        open_s = time.perf_counter() - started
        code = next(iter(window._codes))
        text_length = len(window.text.text())
        rng = random.Random(5)
        applied: list[float] = []
        created: list[int] = []
        for _ in range(20):
            start = rng.randrange(text_length - 40)
            window.text.select_codepoints(start, start + rng.randint(5, 30))
            settle(app, window)
            began = time.perf_counter()
            coding = window.apply_code(code)
            settle(app, window)
            applied.append((time.perf_counter() - began) * 1000)
            assert coding is not None
            created.append(coding)
        removed: list[float] = []
        for coding in created:
            window.select_coding(coding)
            settle(app, window)
            began = time.perf_counter()
            window.coding_actions.remove_selected_coding()
            settle(app, window)
            removed.append((time.perf_counter() - began) * 1000)
        cursor_ms = measure_cursor(window)
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        window.close()
    print(json.dumps({
        "chars": args.chars, "codings": args.codings, "script": args.script,
        "open_s": round(open_s, 3),
        "apply_ms": round(statistics.median(applied), 1),
        "remove_ms": round(statistics.median(removed), 1), "cursor_ms": round(cursor_ms),
        "rss_mb": round(rss_mb, 1),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
