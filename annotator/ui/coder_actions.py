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
    from pathlib import Path

    from annotator.store import Project
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

    def coder_for(self, project: Project, path: Path) -> str | None:
        """Who codes in ``project``: the coder remembered for it, else asked for.

        Remembered per project (README "Who is coding"): one name for every project filed
        the lead's codings under the coder whose copy they had looked at last. A remembered
        coder who is gone from the project is asked about again, unless nobody has coded yet.
        The name used last is only the suggestion (this project's own when it is asked
        about again). A coder is added to the project by its first coding or status change,
        not by opening (see :class:`Session`). A coder copy knows whom it was made for:
        the question is filled in with that coder, and a different name (remembered or typed)
        is asked about once.
        """
        remembered = self.window.settings.project_coder(path)
        coders = project.coders
        if remembered and (coders.matching(remembered) is not None or not coders.with_codings()):
            return remembered
        copy_coder = project.settings.get(COPY_FOR_SETTING)
        # Remembered but not there: never coded here (a coder is added by the first coding),
        # or the file was replaced. Asked, with the name this project had filled in.
        suggestion = remembered or self.window.settings.get("coder")
        if copy_coder:
            name = suggestion or ask_coder_name(self.window, copy_coder)
            return confirm_copy_coder(self.window, name, copy_coder) if name else None
        offered = [c.name for c in coders.all() if not coders.is_consensus(c.name)]
        return ask_coder_name(self.window, suggestion, coders=offered)

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
