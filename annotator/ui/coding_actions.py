"""Acting on codings in the text: apply a code, remove, re-code, memo, move a boundary.

The code keys (a code's own shortcut, else a free digit) are window actions made here from the
codebook each time it changes, so pressing a key in the text codes the selection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.core.model import Code, Coding
from annotator.core.spans import extend_to_words, strip_whitespace
from annotator.core.wording import plural
from annotator.ui.code_picker import pick_code
from annotator.ui.codebook_panel import swatch
from annotator.ui.dialogs import MemoDialog

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

MAX_RECENT_CODES = 10


class CodingActions(QObject):
    """The Code menu's coding actions and the per-code key actions of one window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.code_actions: list[QAction] = []
        self._recent_codes: list[int] = []
        menu = window.menus["code"]
        self.apply_menu = menu.addMenu("&Apply Code")
        self.recent_codes_menu = menu.addMenu("Recen&t Codes")
        add = window.add_action
        self.act_words = add(
            "code", "Extend Selection to Whole &Words", self._toggle_words, "",
            "Grow every coded selection to whole words",
        )  # fmt: skip
        self.act_words.setCheckable(True)
        self.act_words.setChecked(bool(window.settings.get("extend_to_words")))
        menu.addSeparator()
        self.act_remove = add(
            "code", "&Remove Coding", self.remove_selected_coding, ["Del", "Backspace"],
            "Remove the selected coding", needs="coding",
        )  # fmt: skip
        self.act_change_code = add(
            "code", "C&hange Coding's Code…", self.change_coding_code, "Ctrl+R", needs="coding"
        )
        self.act_memo = add(
            "code", "Edit Coding &Memo…", self.edit_coding_memo, "Ctrl+M",
            "Write a memo on the selected coding", needs="coding",
        )  # fmt: skip
        self.act_to_selection = add(
            "code", "Set Coding to &Selection", self.set_to_selection, "Ctrl+Shift+R",
            "Move the selected coding's boundaries to the text selection", needs="coding",
        )  # fmt: skip
        menu.addSeparator()
        for text, edge, step, keys in (
            ("Move Start &Left", "start", -1, "Alt+Left"),
            ("Move Start Ri&ght", "start", 1, "Alt+Right"),
            # Window managers often take Shift+Alt+arrows: "<" and ">" work everywhere.
            ("Move &End Left", "end", -1, ["Shift+Alt+Left", "Alt+,"]),
            ("Move E&nd Right", "end", 1, ["Shift+Alt+Right", "Alt+."]),
        ):
            add("code", text, lambda _=False, e=edge, s=step: self.nudge(e, s), keys,
                needs="coding")  # fmt: skip
        menu.addSeparator()

    def apply_code(self, code_id: int) -> int | None:
        """Apply a code to the current selection; returns the new coding's id."""
        window = self.window
        if window.session is None or window.document_id is None:
            return None
        code = window._codes.get(code_id)
        start, end = window.text.selection()
        if code is None:
            return None
        if start == end:
            window.statusBar().showMessage("Select some text first, then apply a code.", 5000)
            return None
        if self.act_words.isChecked():
            start, end = extend_to_words(window.text.text(), start, end)
        # A drag easily takes the space after a word: a coding's ends are never white space.
        start, end = strip_whitespace(window.text.text(), start, end)
        if start == end:
            window.statusBar().showMessage("The selection is only white space: nothing to code.",
                                           5000)  # fmt: skip
            return None
        coding_id = window.session.apply_code(window.document_id, code, start, end)
        if coding_id is not None:
            self._remember_code(code_id)
            # The new coding is what the user looks at now: Del, Ctrl+M and Ctrl+R act on it.
            window.text.select_coding(coding_id, scroll=False)
            window.codings.select(coding_id)
            window.statusBar().showMessage(f"Coded {plural(end - start, 'character')} as "
                                           f"{code.path}", 4000)  # fmt: skip
        return coding_id

    def bind_code_keys(self, codes: list[Code], shortcuts: dict[int, str]) -> None:
        """One window action per code, with its key, also listed under Code ▸ Apply Code."""
        window = self.window
        for action in self.code_actions:
            window.removeAction(action)
            action.deleteLater()
        self.code_actions = []
        self.apply_menu.clear()
        for code in codes:
            action = QAction(swatch(code.color), code.path, window)
            keys = shortcuts.get(code.id)
            if keys:
                action.setShortcut(QKeySequence(keys))
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setToolTip(code.description or code.path)
            action.triggered.connect(lambda _=False, c=code.id: self.apply_code(c))
            window.addAction(action)
            self.apply_menu.addAction(action)
            self.code_actions.append(action)

    def selected_coding(self) -> Coding | None:
        window = self.window
        if window.session is None or not window.text.selected_coding():
            return None
        try:
            return window.session.project.codings.get(window.text.selected_coding())
        except AnnotatorError:
            return None

    def remove_selected_coding(self) -> None:
        """Remove the coding in view; a coding with a memo is removed only when confirmed."""
        coding = self.selected_coding()
        if coding is None or self.window.session is None:
            return
        if coding.memo.strip():
            code = self.window._codes.get(coding.code_id)
            answer = QMessageBox.question(
                self.window, "Remove coding",
                f"Remove this coding ({code.path if code else '?'}) and its memo?\n\n"
                f"“{_shorten(coding.memo)}”\n\nCtrl+Z brings both back.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.window.session.remove_coding(coding.id)

    def nudge(self, edge: str, step: int) -> None:
        """Move the selected coding's start or end by one code point."""
        coding = self.selected_coding()
        session = self.window.session
        if coding is None or session is None:
            return
        if edge == "start":
            session.update_coding(coding.id, start=coding.start + step, text="Move start")
        else:
            session.update_coding(coding.id, end=coding.end + step, text="Move end")

    def set_to_selection(self) -> None:
        """Give the coding in view the boundaries of the text selection (one undoable step).

        Select the coding (click it), then select the text it should cover, overlapping it,
        and press Ctrl+Shift+R: quicker than moving each boundary one character at a time.
        """
        coding = self.selected_coding()
        start, end = self.window.text.selection()
        if coding is None or self.window.session is None:
            return
        if start == end:
            self.window.statusBar().showMessage("Select the text the coding should cover.", 5000)
            return
        if (start, end) != (coding.start, coding.end):
            self.window.session.update_coding(coding.id, start=start, end=end,
                                              text="Set coding to selection")  # fmt: skip

    def edit_coding_memo(self) -> None:
        coding = self.selected_coding()
        if coding is None or self.window.session is None:
            return
        code = self.window._codes.get(coding.code_id)
        dialog = MemoDialog("Coding memo", f"Memo on this coding ({code.path if code else ''}):",
                            coding.memo, self.window,
                            quoted=self.window.text.text()[coding.start : coding.end])  # fmt: skip
        if dialog.exec():
            self.window.session.update_coding(coding.id, memo=dialog.text(), text="Edit memo")

    def change_coding_code(self) -> None:
        coding = self.selected_coding()
        if coding is None or self.window.session is None:
            return
        choice = pick_code(self.window, list(self.window._codes.values()), coding.code_id)
        if choice is not None and choice != coding.code_id:
            self.window.session.update_coding(coding.id, code_id=choice, text="Change code")

    def _toggle_words(self, checked: bool) -> None:
        self.window.settings.set("extend_to_words", bool(checked))

    def _remember_code(self, code_id: int) -> None:
        self._recent_codes = [code_id, *(c for c in self._recent_codes if c != code_id)]
        del self._recent_codes[MAX_RECENT_CODES:]
        self.recent_codes_menu.clear()
        for recent in self._recent_codes:
            code = self.window._codes.get(recent)
            if code is not None:
                action = self.recent_codes_menu.addAction(swatch(code.color), code.path)
                action.triggered.connect(lambda _=False, c=recent: self.apply_code(c))


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
