"""The Coder menu: who is coding (switch, add a coder) and whose codings are shown.

The menu is filled each time it opens, from the project's coders, so a coder added from the
command line or by another dialog appears without any bookkeeping.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QActionGroup

from annotator.store.review import COPY_FOR_SETTING
from annotator.ui.dialogs import ask_coder_name, confirm_copy_coder

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class CoderActions(QObject):
    """The Coder menu of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.act_new_coder = window.add_action(
            None, "&New Coder…", self.new_coder_dialog, "", "Code as someone new", needs="project"
        )
        window.menus["coder"].aboutToShow.connect(self.fill_menu)

    def new_coder_dialog(self) -> None:
        if self.window.session is None:
            return
        name = ask_coder_name(self.window)
        if name:
            copy_coder = self.window.session.project.settings.get(COPY_FOR_SETTING)
            self.switch_coder(confirm_copy_coder(self.window, name, copy_coder))

    def switch_coder(self, name: str) -> None:
        session = self.window.session
        if session is None:
            return
        session.switch_coder(name)
        self.window.settings.remember_coder(session.project.path, session.coder.name)

    def set_view(self, view: str) -> None:
        if self.window.session is None:
            return
        self.window.session.set_view_filter(view)
        if view in ("all", "mine"):
            self.window.settings.set("view_filter", view)

    def fill_menu(self) -> None:
        menu = self.window.menus["coder"]
        menu.clear()
        session = self.window.session
        if session is None:
            menu.addAction("Open a project first").setEnabled(False)
            return
        coders = session.project.coders.all()
        switch = menu.addMenu("&Switch Coder")
        group = QActionGroup(switch)
        # Not the consensus coder: its codings are made through review (adjudication).
        # Nor, in a blind coder copy, the coders whose codings it hides.
        hidden = set(session.project.settings.hidden_coders())
        listed = [c for c in coders if not session.project.coders.is_consensus(c.name)]
        for coder in (c for c in listed if c.name not in hidden):
            action = switch.addAction(coder.name)
            action.setCheckable(True)
            action.setChecked(coder.id == session.coder.id)
            group.addAction(action)
            action.triggered.connect(lambda _=False, n=coder.name: self.switch_coder(n))
        if not session.coder.id:  # not in the project until the first coding: still who codes
            action = switch.addAction(session.coder.name)
            action.setCheckable(True)
            action.setChecked(True)
            group.addAction(action)
        switch.addSeparator()
        switch.addAction(self.act_new_coder)
        view = menu.addMenu("Show Codings &Of")
        view_group = QActionGroup(view)
        options = [("mine", "&My Codings"), ("all", "&All Coders")]
        options += [(c.name, c.name) for c in coders
                    if c.id != session.coder.id and c.name not in hidden]  # fmt: skip
        for key, label in options:
            action = view.addAction(label)
            action.setCheckable(True)
            action.setChecked(session.view_filter == key)
            view_group.addAction(action)
            action.triggered.connect(lambda _=False, k=key: self.set_view(k))
