"""Bulk review decisions, planned as plain data before anything is written.

A plan is a list of :class:`Decision`: one settled region each, exactly what a single
decision records, so the audit trail reads the same whether a region was decided alone or in
bulk. The UI shows the plan as a preview; the store writes it in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from annotator.core.disagreement import regions
from annotator.core.model import Coding
from annotator.core.spans import Span


@dataclass(frozen=True)
class Decision:
    """One region settled into the consensus.

    ``action`` 'agreed' takes a region on which every compared coder coded the same text;
    'accept' takes ``accepted_coder``'s version.
    """

    document_id: int
    code_id: int
    region: Span
    spans: list[Span]
    action: str
    sources: list[int]
    accepted_coder: str | None = None


Decided = set[tuple[int, int, int]]  # (code id, region start, region end) already decided
Regions = AbstractSet[tuple[int, int, int]]  # (code id, region start, region end)


def _settled(
    decision: Decision, consensus: Sequence[Coding], decided: Decided, stale: Regions = frozenset()
) -> bool:  # fmt: skip
    """The region was decided before, or the consensus already holds exactly these spans.

    An empty decision (the consensus codes nothing here) is settled only by a record, and so
    is a region an out-of-date decision (``stale``) covers: it is to be decided again even
    where the consensus happens to match, so that the review is recorded.
    """
    if (decision.code_id, *decision.region) in decided:
        return True
    start, end = decision.region
    if any(code == decision.code_id and s < end and start < e for code, s, e in stale):
        return False
    if not decision.spans:
        return False
    held = sorted(
        (c.start, c.end) for c in consensus
        if c.code_id == decision.code_id and c.start < end and start < c.end
    )  # fmt: skip
    return held == sorted(decision.spans)


def plan_agreements(
    document_id: int,
    codings: Sequence[Coding],
    coder_ids: Sequence[int],
    consensus: Sequence[Coding] = (),
    code_ids: set[int] | None = None,
    decided: Decided | None = None,
    stale: Regions = frozenset(),
) -> list[Decision]:
    """Take every region all of ``coder_ids`` coded identically into the consensus.

    Regions the consensus already holds are left out, so running it twice changes nothing.
    """
    plan = []
    for item in regions(codings, coder_ids):
        if not item.agreed or (code_ids is not None and item.code_id not in code_ids):
            continue
        spans = list(next(iter(item.coverage.values())))
        decision = Decision(document_id, item.code_id, (item.start, item.end), spans, "agreed",
                            list(item.codings))  # fmt: skip
        if not _settled(decision, consensus, decided or set(), stale):
            plan.append(decision)
    return plan


def plan_coder_version(
    document_id: int,
    codings: Sequence[Coding],
    coder_ids: Sequence[int],
    coder_id: int,
    coder_name: str,
    consensus: Sequence[Coding] = (),
    code_ids: set[int] | None = None,
    decided: Decided | None = None,
    stale: Regions = frozenset(),
) -> list[Decision]:
    """One coder's version of every region (agreed regions as 'agreed'), not yet settled."""
    plan = []
    for item in regions(codings, coder_ids):
        if code_ids is not None and item.code_id not in code_ids:
            continue
        if item.agreed:
            spans, action, who = list(next(iter(item.coverage.values()))), "agreed", None
        else:
            spans, action, who = list(item.coverage.get(coder_id, ())), "accept", coder_name
        decision = Decision(document_id, item.code_id, (item.start, item.end), spans, action,
                            list(item.codings), who)  # fmt: skip
        if not _settled(decision, consensus, decided or set(), stale):
            plan.append(decision)
    return plan
