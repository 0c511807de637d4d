"""The Review menu: the agreement dashboard, the comparison of two coders, blind coding.

The dashboard and the comparison are windows of their own, made on first use and kept until
the project closes. The agreement engine's process is started when a project with two or more
coders opens, so the dashboard does not wait for it; the dashboard takes it over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from annotator.ui.comparison import ComparisonView
    from annotator.ui.dashboard import AgreementDashboard
    from annotator.ui.main_window import MainWindow


class ReviewActions(QObject):
    """Owns the review windows of one main window and the Review menu's actions."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dashboard: AgreementDashboard | None = None
        self.comparison: ComparisonView | None = None
        self._engine: ProcessPoolExecutor | None = None
        add = window.add_action
        self.act_dashboard = add(
            "review", "Agreement &Dashboard…", self.open_dashboard, "Ctrl+Shift+A",
            "Agreement measures per code, coloured by strength", needs="project", keeps_focus=False,
        )  # fmt: skip
        self.act_compare = add(
            "review", "&Compare Coders…", self.open_comparison, "Ctrl+Shift+K",
            "Review disagreements between two coders and settle them", needs="project",
            keeps_focus=False,
        )  # fmt: skip
        window.menus["review"].addSeparator()
        self.act_blind = add(
            "review", "&Blind Coding", self.toggle_blind, "",
            "Hide other coders' codings from each coder until they mark a document done",
            needs="project",
        )  # fmt: skip
        self.act_blind.setCheckable(True)
        self._blind_tip = self.act_blind.toolTip()
        self._review_tips = {a: a.toolTip() for a in (self.act_dashboard, self.act_compare)}
        window.menus["review"].setToolTipsVisible(True)

    def sync_blind(self) -> None:
        """The Blind Coding item as the project has it: checked, and locked in a coder copy.

        A copy made with ``copy-for --blind`` keeps blind coding on whoever codes in it: the
        item is disabled there, and its tip says why (the lead's project decides).
        """
        session = self.window.session
        lock = session.project.settings.blind_lock if session is not None else None
        if session is not None:
            self.act_blind.setChecked(session.project.settings.blind)
        self.act_blind.setEnabled(session is not None and lock is None)
        tip = lock.reason() if lock is not None else self._blind_tip
        self.act_blind.setToolTip(tip)
        self.act_blind.setStatusTip(tip)
        # The dashboard and the comparison show every coder's codings: not in a blind copy.
        for action, own_tip in self._review_tips.items():
            action.setEnabled(session is not None and lock is None)
            tip = own_tip if lock is None else "Not in a coder copy made with blind coding"
            action.setToolTip(tip)
            action.setStatusTip(tip)

    def project_opened(self) -> None:
        session = self.window.session
        if session is None:
            return
        self.sync_blind()
        if self._engine is None and len(session.project.coders.with_codings()) > 1:
            # Start the agreement engine's process now, so the dashboard opens quickly.
            from annotator.ui.dashboard import engine_process

            self._engine = engine_process()

    def close_windows(self) -> None:
        """Close the review windows (the project is closing)."""
        for dialog in (self.dashboard, self.comparison):
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()
        self.dashboard = self.comparison = None

    def shutdown(self) -> None:
        """The window is closing: stop the engine's process if the dashboard never took it."""
        if self._engine is not None:
            self._engine.shutdown(wait=False, cancel_futures=True)
            self._engine = None

    def open_dashboard(self) -> None:
        session = self.window.session
        if session is None or session.project.settings.blind_lock is not None:
            return
        from annotator.ui.dashboard import AgreementDashboard

        if self.dashboard is None or self.dashboard.session is not session:
            self.dashboard = AgreementDashboard(session, self.window, self._engine)
            self._engine = None  # the dashboard owns it now
        self.dashboard.show()
        self.dashboard.raise_()
        if not self.dashboard.model.rowCount():
            self.dashboard.compute()

    def open_comparison(self) -> None:
        session = self.window.session
        if session is None or session.project.settings.blind_lock is not None:
            return
        from annotator.ui.comparison import ComparisonView

        if self.comparison is None or self.comparison.session is not session:
            self.comparison = ComparisonView(session, self.window, self.window.document_id)
        if self.window.document_id is not None:
            self.comparison.select_document(self.window.document_id)
        self.comparison.show()
        self.comparison.raise_()
        self.comparison.refresh()

    def toggle_blind(self, checked: bool) -> None:
        session = self.window.session
        if session is not None and not session.set_blind(bool(checked)):
            self.act_blind.setChecked(session.project.settings.blind)  # refused: as it was
