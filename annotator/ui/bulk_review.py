"""Bulk review decisions: plan, preview, apply as one undoable step.

Every plan is built from plain data (``core.review_plan``) and shown in :class:`BulkPreview`
before anything is written: which regions, of which codes, in which documents, by which
rule. Applying records each region in the audit trail like a single decision; one undo takes
the whole batch back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.agreement import AgreementOptions, compute_agreement
from annotator.core.disagreement import Disagreement, regions
from annotator.core.model import Coding
from annotator.core.review_plan import (
    Decision,
    emptied_regions,
    plan_agreements,
    plan_coder_version,
)
from annotator.core.spans import Span
from annotator.core.wording import plural
from annotator.store.agreement_source import agreement_input
from annotator.store.review import StaleDecision
from annotator.ui.session import Session

EXCERPT = 60
# An out-of-date decision's region where every compared coder now codes nothing.
AGREED_ON_NOTHING = (
    "nobody codes this any more (decision out of date; its consensus coding is removed)"
)


def consensus_codings(session: Session, document_id: int) -> list[Coding]:
    """What the consensus coder already holds in a document (nothing if it does not exist)."""
    project = session.project
    name = project.settings.consensus_coder
    coder = next((c for c in project.coders.all() if c.name == name), None)
    if coder is None:
        return []
    return project.codings.for_document(document_id, coder_ids=[coder.id])


def decided_regions(session: Session, document_id: int) -> set[tuple[int, int, int]]:
    """(code id, start, end) of every region of the document decided and not out of date."""
    return session.project.adjudications.decided_regions(document_id)


def review_items(
    codings: Sequence[Coding], coder_ids: Sequence[int], stale: Sequence[StaleDecision]
) -> list[Disagreement]:
    """The disagreements, and the regions of out-of-date decisions even where coders agree now.

    Such a region must be decided again (its consensus may no longer match the coders), so
    Compare Coders lists it until a newer decision covers it; where no compared coder codes
    that code there any more, it is listed as an empty region (deciding it, e.g. accepting
    a coder's "nothing", replaces the old consensus codings).
    """
    found = regions(codings, coder_ids)
    items = [item for item in found if not item.agreed or stale_verdict(item, stale)]
    out_of_date = {(s.record.code_id, *s.record.region) for s in stale}
    for code_id, start, end in emptied_regions(found, out_of_date):
        empty: dict[int, tuple[Span, ...]] = {coder: () for coder in coder_ids}
        items.append(Disagreement(code_id, start, end, empty, ()))
    items.sort(key=lambda d: (d.start, d.end, d.code_id))
    return items


def stale_verdict(item: Disagreement, stale: Sequence[StaleDecision]) -> StaleDecision | None:
    """The out-of-date decision covering ``item``, if any."""
    return next(
        (s for s in stale if s.record.code_id == item.code_id
         and s.record.region[0] < item.end and item.start < s.record.region[1]),
        None,
    )  # fmt: skip


def agreements_plan(
    session: Session,
    document_ids: Sequence[int],
    coder_ids: Sequence[int],
    code_id: int | None = None,
) -> list[Decision]:
    """Every disagreement-free region of the documents (of one code), not yet in the consensus."""
    plan: list[Decision] = []
    code_ids = {code_id} if code_id is not None else None
    for document_id in document_ids:
        codings = session.project.codings.for_document(document_id, coder_ids=list(coder_ids))
        stale = session.project.adjudications.stale_regions(document_id)
        plan.extend(plan_agreements(document_id, codings, coder_ids,
                                    consensus_codings(session, document_id), code_ids,
                                    decided_regions(session, document_id), stale))  # fmt: skip
    return plan


def documents_above(
    session: Session, coder_ids: Sequence[int], code_id: int, threshold: float
) -> list[int]:
    """Documents whose alpha_U for the code, among these coders, is above ``threshold``."""
    project = session.project
    names = [project.coders.get(i).name for i in coder_ids]
    path = project.codes.get(code_id).path
    rows = compute_agreement(agreement_input(project), AgreementOptions(coders=names, codes=[path]))
    above = {
        row.document for row in rows
        if row.document is not None and row.code == path and row.alpha_u is not None
        and row.alpha_u > threshold
    }  # fmt: skip
    return [doc.id for doc in project.documents.all() if doc.name in above]


def coder_version_plan(
    session: Session,
    document_ids: Sequence[int],
    coder_ids: Sequence[int],
    coder_id: int,
    code_ids: set[int] | None = None,
) -> list[Decision]:
    """One coder's version of every region (of ``code_ids``) of the documents."""
    name = session.project.coders.get(coder_id).name
    plan: list[Decision] = []
    for document_id in document_ids:
        codings = session.project.codings.for_document(document_id, coder_ids=list(coder_ids))
        plan.extend(plan_coder_version(
            document_id, codings, coder_ids, coder_id, name,
            consensus_codings(session, document_id), code_ids,
            decided_regions(session, document_id),
            session.project.adjudications.stale_regions(document_id),
        ))  # fmt: skip
    return plan


def outcome(decision: Decision, text: str) -> str:
    """What the decision writes, quoted: the spans the consensus gets, not the whole region.

    Accepting a coder who did not code in a region writes nothing there; quoting the region
    would read as if its text were to be coded.
    """
    how = decision.action + (f" {decision.accepted_coder}" if decision.accepted_coder else "")
    if not decision.spans and decision.action == "agreed":
        return f"{how}: {AGREED_ON_NOTHING}"
    if not decision.spans:
        return f"{how}: nothing (no consensus coding here)"
    quotes = []
    for start, end in decision.spans:
        excerpt = text[start : min(end, start + EXCERPT)].replace("\n", " ")
        where = "" if (start, end) == decision.region else f" [{start}–{end})"
        quotes.append(f"“{excerpt}{'…' if end - start > EXCERPT else ''}”{where}")
    return f"{how}: {', '.join(quotes)}"


class BulkPreview(QDialog):
    """Lists a planned bulk decision; Apply records it, Cancel leaves everything as it was."""

    def __init__(
        self,
        session: Session,
        title: str,
        plan: list[Decision],
        apply: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 420)
        self.plan = plan
        self._apply = apply
        project = session.project
        paths = {code.id: code.path for code in project.codes.all()}
        names = {doc.id: doc.name for doc in project.documents.all()}
        texts: dict[int, str] = {}
        emptied = sum(1 for d in plan if not d.spans and d.action == "agreed")
        empty = sum(1 for d in plan if not d.spans) - emptied
        nothing = (
            f" {plural(empty, 'region')} {'gets' if empty == 1 else 'get'} no consensus "
            "coding: the chosen version has none there." if empty else ""
        ) + (
            f" {plural(emptied, 'region')} under an out-of-date decision "
            f"{'is' if emptied == 1 else 'are'} coded by no compared coder any more: "
            "the out-of-date consensus coding there is removed."
            if emptied else ""
        )  # fmt: skip
        documents = plural(len({d.document_id for d in plan}), "document")
        self.summary = QLabel(
            f"{plural(len(plan), 'region')} in {documents} will be decided into the consensus "
            f"coder, each recorded in the audit trail.{nothing} One undo (Ctrl+Z) takes them "
            "all back.",
            self,
        )
        self.summary.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Planned decisions")
        for decision in plan:
            if decision.document_id not in texts:
                texts[decision.document_id] = project.documents.text(decision.document_id)
            start, end = decision.region
            self.list.addItem(
                f"{names.get(decision.document_id, '?')} · {paths.get(decision.code_id, '?')} "
                f"[{start}–{end}) {outcome(decision, texts[decision.document_id])}"
            )
        buttons = QDialogButtonBox(self)
        self.apply_button = buttons.addButton("Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(bool(plan))
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def _on_apply(self) -> None:
        if self._apply():
            self.accept()
