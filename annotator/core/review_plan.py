"""Bulk review decisions, planned as plain data before anything is written.

A plan is a list of :class:`Decision`: one settled region each, exactly what a single
decision records, so the audit trail reads the same whether a region was decided alone or in
bulk. The UI shows the plan as a preview; the store writes it in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from annotator.core.disagreement import Disagreement as Region
from annotator.core.disagreement import regions
from annotator.core.model import Coding
from annotator.core.spans import Span
from annotator.core.wording import plural


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


def emptied_regions(
    found: Sequence[Region], stale: Regions, code_ids: set[int] | None = None
) -> list[tuple[int, int, int]]:
    """Out-of-date decisions' regions where no compared coder codes that code any more.

    ``found`` holds the compared coders' regions (:func:`regions`). The coders agree there on
    nothing, but the consensus may still hold the codings the old decision made: deciding the
    region (as 'agreed', with no spans) removes them and records the review.
    """
    out = []
    for code_id, start, end in sorted(set(stale), key=lambda r: (r[1], r[2], r[0])):
        if code_ids is not None and code_id not in code_ids:
            continue
        if any(r.code_id == code_id and r.start < end and start < r.end for r in found):
            continue
        out.append((code_id, start, end))
    return out


def count_line(disagreements: int, review_again: int, undecided: int) -> str:
    """Compare Coders' count: regions coders disagree on apart from decisions to review again.

    A region under an out-of-date decision is listed even where the coders now agree, so it
    is counted as such, not as a disagreement (tryout3 P3).
    """
    line = plural(disagreements, "disagreement")
    if review_again:
        again = plural(review_again, "decision to review again", "decisions to review again")
        return f"{line}, {again}; {undecided} not yet decided"
    return f"{line}, {undecided} not yet decided"


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
    found = regions(codings, coder_ids)
    for item in found:
        if not item.agreed or (code_ids is not None and item.code_id not in code_ids):
            continue
        spans = list(next(iter(item.coverage.values())))
        decision = Decision(document_id, item.code_id, (item.start, item.end), spans, "agreed",
                            list(item.codings))  # fmt: skip
        if not _settled(decision, consensus, decided or set(), stale):
            plan.append(decision)
    plan.extend(_agreed_on_nothing(document_id, found, stale, code_ids))
    return sorted(plan, key=lambda d: (d.region, d.code_id))


def _agreed_on_nothing(
    document_id: int, found: Sequence[Region], stale: Regions, code_ids: set[int] | None
) -> list[Decision]:
    """Where nobody compared codes an out-of-date decision's code any more: agreed, nothing."""
    return [
        Decision(document_id, code_id, (start, end), [], "agreed", [])
        for code_id, start, end in emptied_regions(found, stale, code_ids)
    ]


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
    found = regions(codings, coder_ids)
    for item in found:
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
    plan.extend(_agreed_on_nothing(document_id, found, stale, code_ids))
    return sorted(plan, key=lambda d: (d.region, d.code_id))
