"""Helpers for driving dialogs the way a user does: wait for the modal, then type into it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


def when_modal(handle: Callable[[QWidget], None], *, tries: int = 400) -> list[str]:
    """Run ``handle`` on the next modal dialog once it shows; returns the log of what ran.

    The dialog's ``exec`` blocks the test, so the handler is scheduled on the event loop
    beforehand, as a user's hands would wait for the dialog to appear.
    """
    log: list[str] = []

    def poll(left: int) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or not widget.isVisible():
            if left:
                QTimer.singleShot(10, lambda: poll(left - 1))
            return
        log.append(type(widget).__name__)
        widget.activateWindow()
        handle(widget)
        # A dialog the keys did not close would block the test forever: close it, and say so.
        QTimer.singleShot(1000, widget, lambda: _close_leftover(widget, log))

    QTimer.singleShot(0, lambda: poll(tries))
    return log


def _close_leftover(widget: QWidget, log: list[str]) -> None:
    if widget.isVisible():
        log.append("left open")
        widget.close()


def type_and_enter(
    text: str, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> Callable[[QWidget], None]:
    """Type ``text`` into whatever has focus in the dialog, then press Enter."""

    def handle(dialog: QWidget) -> None:
        if text:
            QTest.keyClicks(dialog.focusWidget() or dialog, text)
        QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return, modifier)

    return handle


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> (
    Callable[[QWidget], None]
):  # fmt: skip
    def handle(dialog: QWidget) -> None:
        QTest.keyClick(dialog.focusWidget() or dialog, key, modifier)

    return handle


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def click_button(button: QMessageBox.StandardButton) -> Callable[[QWidget], None]:
    """Click one button of a message box with the mouse."""

    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, QMessageBox)
        QTest.mouseClick(dialog.button(button), Qt.MouseButton.LeftButton)

    return handle
