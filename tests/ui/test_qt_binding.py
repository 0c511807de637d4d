"""Guards against a broken Qt binding: PySide6 6.12.0 leaks a reference to True per signal."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(int, int)


def test_signal_emission_keeps_true_alive() -> None:
    emitter = _Emitter()
    seen: list[int] = []
    emitter.fired.connect(lambda a, b: seen.append(a + b))
    before = sys.getrefcount(True)
    for n in range(500):
        emitter.fired.emit(n, 1)
    assert len(seen) == 500
    assert sys.getrefcount(True) >= before - 50
