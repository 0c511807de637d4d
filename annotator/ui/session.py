"""The open project as the window sees it: who is coding, whose codings show, and undo.

Every change goes through :meth:`Session.perform`: the store operation runs (one transaction,
committed before it returns), and only then is it pushed onto the undo stack, whose undo and
redo are store operations too. What the screen shows as done is therefore always committed.

Signals:
    changed(object): a :class:`~annotator.core.model.Change` was committed (also on undo/redo).
    coder_changed(): the current coder or the view filter changed.
    failed(str): an operation was refused; the one-line reason.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.disagreement import Disagreement, resolve
from annotator.core.errors import AnnotatorError, JournalLost, Stale
from annotator.core.model import Change, Code, Coder, Coding
from annotator.core.review_plan import Decision
from annotator.core.spans import Span
from annotator.core.wording import plural
from annotator.store import Project
from annotator.store.codebook import CodeSnapshot, MergeRecord
from annotator.store.coders import same_coder

Operation = Callable[[], Change]


def describe_failure(err: Exception) -> str:
    """One line for a failed store operation: ours as they are, the others made readable."""
    if isinstance(err, AnnotatorError):
        return str(err)
    text = str(err) or type(err).__name__
    if isinstance(err, OSError):
        text = err.strerror or text
    if "locked" in text or "busy" in text:
        return "Not saved: the project is busy in another program; try again in a moment"
    return f"Not saved: {text}"


class _Step(QUndoCommand):
    """An undo step whose first 'redo' already happened when it was pushed."""

    def __init__(self, session: Session, text: str, redo: Operation, undo: Operation) -> None:
        super().__init__(text)
        self._session = session
        self._redo = redo
        self._undo = undo
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self._act(self._redo, "redo")

    def undo(self) -> None:
        self._act(self._undo, "undo")

    def _act(self, operation: Operation, verb: str) -> None:
        """Run the step; one that can never succeed again is dropped from the history.

        That is a :class:`Stale` step: what it would act on was changed or removed by another
        program (or is back already), so it is refused rather than applied to something else.
        A step that failed for a passing reason (the file busy, the disk full) stays.
        """
        if self._session._run(operation, f"Could not {verb} \u201c{self.text()}\u201d") is None:
            self.setObsolete(isinstance(self._session.last_failure, Stale))


def _pending(name: str) -> Coder:
    """A coder not in the project yet (id 0 matches no row), named as ``ensure`` would store it."""
    return Coder(0, " ".join(name.split()))


class Session(QObject):
    changed = Signal(object)
    coder_changed = Signal()
    failed = Signal(str)
    out_of_date = Signal()
    journal_lost = Signal(str)

    def __init__(self, project: Project, coder_name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        # Never the consensus coder: its codings come only from review, each one recorded.
        # Nor, in a blind coder copy, a coder whose codings it hides: the copy's coder then.
        lock = project.settings.blind_lock
        if lock is not None and self._hidden(coder_name):
            coder_name = lock.coder
        # Not added to the project yet: opening is not coding (tryout 4 had the lead's project
        # list a coder who had only opened it). The first coding or status change adds it.
        project.coders.refuse_consensus(coder_name)
        self._coder = project.coders.matching(coder_name) or _pending(coder_name)
        self.view_filter = "all"
        self.last_failure: Exception | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(1000)

    # -- who and what is shown -----------------------------------------------------------------

    @property
    def coder(self) -> Coder:
        """Whom this session codes as; id 0 while the coder is not in the project yet.

        Looked up again while pending: an auto-coding run or another window may have added
        the coder meanwhile, and their codings are then this session's own.
        """
        if not self._coder.id:
            self._coder = self.project.coders.matching(self._coder.name) or self._coder
        return self._coder

    @coder.setter
    def coder(self, coder: Coder) -> None:
        self._coder = coder

    def coder_id_to_write(self) -> int | None:
        """The coder's id for a coding, status or decision: the coder is added if still new.

        None (with the failure said, as :meth:`_run` says it) when adding it failed.
        """
        if not self.coder.id:
            try:
                self._coder = self.project.coders.for_coding(self._coder.name).coder
            except (AnnotatorError, sqlite3.Error, OSError) as err:
                self._fail(err, "")
                return None
        return self._coder.id

    def switch_coder(self, name: str) -> None:
        """Code as ``name`` from now on.

        The undo history is the previous coder's: left in place, the next coder's Ctrl+Z would
        silently take back someone else's coding or status (hidden from them in blind coding).
        """
        lock = self.project.settings.blind_lock
        if lock is not None and self._hidden(name):
            self.failed.emit(
                f"This copy was made for {lock.coder} with blind coding: {name.strip()}'s "
                f"codings in it are not shown, so nobody codes as {name.strip()} here."
            )
            return
        if not self.coder.id and same_coder(name, self.coder.name):
            return  # already the one coding here, only not added to the project yet
        try:
            coder = self.project.coders.for_coding(name).coder
        except AnnotatorError as err:
            self.failed.emit(str(err))
            return
        if coder.id != self.coder.id:
            self.undo_stack.clear()
        self.coder = coder
        self.coder_changed.emit()

    def _hidden(self, name: str) -> bool:
        """Whether ``name`` is a coder a blind coder copy hides (see SettingsStore)."""
        return any(same_coder(name, hidden) for hidden in self.project.settings.hidden_coders())

    def set_view_filter(self, view: str) -> None:
        """``mine``, ``all``, or the name of one other coder."""
        self.view_filter = view
        self.coder_changed.emit()

    def visible_coder_ids(self, document_id: int | None = None) -> list[int] | None:
        """Whose codings to show (None: everyone's).

        With blind coding on, a coder sees only their own codings in a document until they
        have marked it done. In a coder copy made with blind coding (locked) they never see
        the others', done or not: the lead's project decides when codings are compared, and a
        coder who saw them could go on coding the document.
        """
        if self.project.settings.blind_lock is not None:
            return [self.coder.id]
        if (
            document_id is not None
            and self.project.settings.blind
            and self.project.status.get(document_id, self.coder.id) != "done"
        ):
            return [self.coder.id]
        if self.view_filter == "all":
            return None
        if self.view_filter == "mine":
            return [self.coder.id]
        try:
            return [self.project.coders.by_name(self.view_filter).id]
        except AnnotatorError:
            return [self.coder.id]

    def counted_coder_ids(self) -> list[int] | None:
        """Whose codings the counts count (None: everyone's).

        With blind coding on, the coding counts (document list, codebook, code details,
        analysis tables) are the current coder's own: the others' would show where and how
        much they coded.
        """
        return [self.coder.id] if self.project.settings.blind else None

    def counted_coders(self) -> tuple[str, ...]:
        """The coder names analysis windows are limited to (empty: no limit); see above."""
        return (self.coder.name,) if self.project.settings.blind else ()

    def exported_coders(self) -> tuple[str, ...]:
        """The coders whose codings the window's exports write (empty: everyone's).

        In a coder copy made with blind coding, the file holds the other coders' codings only
        so that the merge back keeps them; exports from the window are the coder's own, as is
        everything else the window shows there.
        """
        return (self.coder.name,) if self.project.settings.blind_lock is not None else ()

    def visible_codings(self, document_id: int) -> list[Coding]:
        ids = self.visible_coder_ids(document_id)
        return self.project.codings.for_document(document_id, coder_ids=ids)

    def set_blind(self, blind: bool) -> bool:
        """Turn blind coding on or off for the whole project.

        Only the coder who turned it on may turn it off: another coder switching it off
        would see everyone's codings before finishing their own. (Annotator has no log-in,
        so this guards against accidents, not against someone determined.) In a coder copy
        made with blind coding nobody may: the lead's project decides. Returns whether the
        setting changed.
        """
        settings = self.project.settings
        lock = settings.blind_lock
        if lock is not None:
            if not blind:
                self.failed.emit(lock.reason())
            return False
        owner = self.blind_owner()
        if not blind and settings.blind and owner and not same_coder(owner, self.coder.name):
            self.failed.emit(
                f"Blind coding was turned on by {owner}; only {owner} can turn it off."
            )
            return False
        with self.project.transaction():
            settings.set("blind_coding", "1" if blind else "0")
            settings.set("blind_coding_by", self.coder.name if blind else "")
        self.coder_changed.emit()
        return True

    def blind_owner(self) -> str:
        """The coder who turned blind coding on ("" if unknown or off)."""
        return self.project.settings.get("blind_coding_by")

    def adjudicate(
        self,
        document_id: int,
        item: Disagreement,
        action: str,
        *,
        coder_id: int | None = None,
        adjusted: Span | None = None,
    ) -> bool:
        """Settle a disagreement into the consensus coder; undo removes codings and record."""
        try:
            spans = resolve(item, action, coder_id=coder_id, adjusted=adjusted)
        except ValueError as err:
            self.failed.emit(str(err))
            return False
        store = self.project.adjudications
        accepted = self.project.coders.get(coder_id).name if coder_id is not None else None
        records: list[int] = []
        decided_by = self.coder_id_to_write()
        if decided_by is None:
            return False

        def decide() -> Change:
            change = store.decide(
                document_id, item.code_id, (item.start, item.end), spans, action=action,
                sources=list(item.codings), decided_by=decided_by, accepted_coder=accepted,
            )  # fmt: skip
            records.append(change.records[0])
            return change

        label = f"Accept {accepted}'s version" if accepted else f"Adjudicate: {action}"
        change = self.perform(label, decide, lambda: store.undo(records[-1]))
        return change is not None

    def decide_many(self, label: str, decisions: list[Decision], batch: str) -> bool:
        """Record a bulk decision: one audit record per region, undone as one step."""
        if not decisions:
            self.failed.emit("Nothing to decide: every region is already settled.")
            return False
        store = self.project.adjudications
        records: list[list[int]] = []
        decided_by = self.coder_id_to_write()
        if decided_by is None:
            return False

        def decide() -> Change:
            change = store.decide_many(decisions, decided_by=decided_by, batch=batch)
            records.append(list(change.records))
            return change

        return self.perform(label, decide, lambda: store.undo_many(records[-1])) is not None

    # -- changes -------------------------------------------------------------------------------

    def perform(
        self, text: str, do: Operation, undo: Operation, *, redo: Operation | None = None
    ) -> Change | None:
        """Run ``do`` now; if it succeeds, make it undoable (``redo`` defaults to ``do``)."""
        change = self._run(do)
        if change is not None:
            self.undo_stack.push(_Step(self, text, redo or do, undo))
        return change

    def _run(self, operation: Operation, context: str = "") -> Change | None:
        """Run one store operation; any failure becomes a one-line message, never an escape.

        After a failure the screen may show what is not stored (or miss what another program
        stored), so :attr:`out_of_date` asks the window to reload.
        """
        self.last_failure = None
        try:
            change = operation()
        except (AnnotatorError, sqlite3.Error, OSError) as err:
            self._fail(err, context)
            return None
        self.changed.emit(change)
        return change

    def _fail(self, err: Exception, context: str) -> None:
        self.last_failure = err
        message = describe_failure(err)
        self.failed.emit(f"{context}: {message}" if context else message)
        if isinstance(err, JournalLost):
            self.journal_lost.emit(message)
        self.out_of_date.emit()

    def apply_code(self, document_id: int, code: Code, start: int, end: int) -> int | None:
        """Code ``[start, end)`` (code points) for the current coder; returns the coding id.

        The first coding in a document the coder has not started sets it in progress, in the
        same transaction; undo puts both back.
        """
        codings, progress = self.project.codings, self.project.status
        coder_id = self.coder_id_to_write()
        if coder_id is None:
            return None
        starts = progress.get(document_id, coder_id) == "not started"

        def step(operation: Operation, status: str) -> Operation:
            def run() -> Change:
                with self.project.transaction():
                    change = operation()
                    if starts:
                        progress.set(document_id, coder_id, status)
                return change

            return run

        change = self.perform(
            f"Code {plural(end - start, 'character')} as {code.path}",
            step(lambda: codings.add(document_id, code.id, coder_id, start, end), "in progress"),
            step(lambda: codings.remove_if_unchanged(stored), "not started"),
            redo=step(lambda: codings.restore(stored), "in progress"),
        )
        if change is None:
            return None
        stored = codings.get(change.added[0])
        return stored.id

    def remove_coding(self, coding_id: int) -> bool:
        codings = self.project.codings
        try:
            before = codings.get(coding_id)
        except AnnotatorError as err:
            self.failed.emit(str(err))
            return False
        change = self.perform(
            "Remove coding",
            lambda: codings.remove_if_unchanged(before),
            lambda: codings.restore(before),
        )
        return change is not None

    def update_coding(
        self,
        coding_id: int,
        *,
        start: int | None = None,
        end: int | None = None,
        code_id: int | None = None,
        memo: str | None = None,
        text: str = "Change coding",
    ) -> bool:
        codings = self.project.codings
        try:
            before = codings.get(coding_id)
        except AnnotatorError as err:
            self.failed.emit(str(err))
            return False

        after: list[Coding] = []

        def apply() -> Change:
            change = codings.update(coding_id, start=start, end=end, code_id=code_id, memo=memo)
            after.append(codings.get(coding_id))
            return change

        change = self.perform(
            text, apply,
            lambda: codings.put_back(before, expected=after[-1]),
            redo=lambda: codings.put_back(after[-1], expected=before),
        )  # fmt: skip
        return change is not None

    def set_status(self, document_id: int, status: str) -> bool:
        progress = self.project.status
        coder_id = self.coder_id_to_write()
        if coder_id is None:
            return False
        before = progress.get(document_id, coder_id)
        change = self.perform(
            f"Mark document {status}",
            lambda: progress.set(document_id, coder_id, status),
            lambda: progress.set(document_id, coder_id, before),
        )
        return change is not None

    def set_memo(self, kind: str, target_id: int, text: str) -> bool:
        memos = self.project.memos
        before = memos.get(kind, target_id)
        if before == text:
            return True
        change = self.perform(
            f"Edit {kind} memo",
            lambda: memos.set(kind, target_id, text),
            lambda: memos.set(kind, target_id, before),
        )
        return change is not None

    # -- the codebook ----------------------------------------------------------------------------

    def add_code(self, name: str, parent_id: int | None, color: str | None = None) -> int | None:
        codes = self.project.codes
        snapshots: list[CodeSnapshot] = []

        def add() -> Change:
            change = codes.add(name, parent_id=parent_id, color=color)
            snapshots.append(codes.snapshot([change.added[0]]))
            return change

        change = self.perform(
            f"Add code {name.strip()}",
            add,
            lambda: codes.delete(int(snapshots[-1].codes[0][0])),
            redo=lambda: codes.restore(snapshots[-1]),
        )
        return None if change is None else change.added[0]

    def update_code(self, code_id: int, text: str = "Edit code", **fields: str | None) -> bool:
        codes = self.project.codes
        try:
            before = codes.get(code_id)
        except AnnotatorError as err:
            self.failed.emit(str(err))
            return False
        old = {name: getattr(before, name) for name in fields}
        change = self.perform(
            text,
            lambda: codes.update(code_id, **fields),
            lambda: codes.update(code_id, **old),
        )
        return change is not None

    def move_code(self, code_id: int, parent_id: int | None, position: int | None) -> bool:
        codes = self.project.codes
        try:
            before = codes.get(code_id)
            old_position = codes.position(code_id)
        except AnnotatorError as err:
            self.failed.emit(str(err))
            return False
        change = self.perform(
            f"Move {before.name}",
            lambda: codes.move(code_id, parent_id, position),
            lambda: codes.move(code_id, before.parent_id, old_position),
        )
        return change is not None

    def merge_codes(self, source_id: int, target_id: int) -> bool:
        codes = self.project.codes
        records: list[MergeRecord] = []

        def merge() -> Change:
            change = codes.merge(source_id, target_id)
            records.append(change.before[0])  # type: ignore[arg-type]
            return change

        change = self.perform("Merge codes", merge, lambda: codes.unmerge(records[-1]))
        return change is not None

    def delete_code(self, code_id: int) -> bool:
        codes = self.project.codes
        snapshots: list[CodeSnapshot] = []

        def delete() -> Change:
            change = codes.delete(code_id)
            snapshots.append(change.before[0])  # type: ignore[arg-type]
            return change

        change = self.perform("Delete code", delete, lambda: codes.restore(snapshots[-1]))
        return change is not None
