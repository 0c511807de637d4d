"""Where coders disagree, and what each way of settling it would code.

For one code, every coding of the compared coders is gathered into *clusters*: stretches of text
joined by codings that overlap or touch. A cluster where every coder covers exactly the same
characters is agreement; any other cluster is one disagreement to review, with each coder's
coverage inside it. Settling it picks one coder's version, the union, the intersection, or new
boundaries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.core.model import Coding
from annotator.core.spans import Span


@dataclass(frozen=True)
class Disagreement:
    code_id: int
    start: int
    end: int
    coverage: dict[int, tuple[Span, ...]]  # coder id -> covered spans in the region
    codings: tuple[int, ...]  # the codings that make up the region

    @property
    def agreed(self) -> bool:
        """Every compared coder covers exactly the same characters here."""
        return len(set(self.coverage.values())) <= 1

    def summary(self, coder_names: dict[int, str]) -> str:
        parts = []
        for coder_id, spans in self.coverage.items():
            shown = ", ".join(f"{s}–{e}" for s, e in spans) or "nothing"
            parts.append(f"{coder_names.get(coder_id, coder_id)}: {shown}")
        return "; ".join(parts)


def covered(spans: Sequence[Span]) -> list[Span]:
    """Characters covered, as sorted spans; overlapping and touching spans join."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def intersection(first: Sequence[Span], second: Sequence[Span]) -> list[Span]:
    out: list[Span] = []
    i = j = 0
    a, b = covered(first), covered(second)
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] <= b[j][1]:
            i += 1
        else:
            j += 1
    return out


def find_disagreements(codings: Sequence[Coding], coder_ids: Sequence[int]) -> list[Disagreement]:
    """Every region, per code, where the coders ``coder_ids`` do not cover the same text."""
    return [item for item in regions(codings, coder_ids) if not item.agreed]


def find_agreements(codings: Sequence[Coding], coder_ids: Sequence[int]) -> list[Disagreement]:
    """Every region, per code, where all of ``coder_ids`` coded exactly the same text."""
    return [item for item in regions(codings, coder_ids) if item.agreed]


def regions(codings: Sequence[Coding], coder_ids: Sequence[int]) -> list[Disagreement]:
    """Every cluster of codings per code, agreed or not, sorted by position."""
    wanted = set(coder_ids)
    by_code: dict[int, list[Coding]] = defaultdict(list)
    for coding in codings:
        if coding.coder_id in wanted:
            by_code[coding.code_id].append(coding)
    found: list[Disagreement] = []
    for code_id, items in by_code.items():
        items.sort(key=lambda c: (c.start, c.end))
        cluster: list[Coding] = []
        reach = -1
        for coding in items:
            if cluster and coding.start > reach:
                found.append(_judge(code_id, cluster, coder_ids))
                cluster = []
            cluster.append(coding)
            reach = max(reach, coding.end) if len(cluster) > 1 else coding.end
        if cluster:
            found.append(_judge(code_id, cluster, coder_ids))
    found.sort(key=lambda d: (d.start, d.end, d.code_id))
    return found


def _judge(code_id: int, cluster: list[Coding], coder_ids: Sequence[int]) -> Disagreement:
    coverage = {
        coder: tuple(covered([(c.start, c.end) for c in cluster if c.coder_id == coder]))
        for coder in coder_ids
    }
    start = min(c.start for c in cluster)
    end = max(c.end for c in cluster)
    return Disagreement(code_id, start, end, coverage, tuple(c.id for c in cluster))


def resolve(
    item: Disagreement, action: str, *, coder_id: int | None = None, adjusted: Span | None = None
) -> list[Span]:
    """The consensus spans for settling ``item`` by ``action``."""
    versions = list(item.coverage.values())
    if action == "accept":
        if coder_id not in item.coverage:
            raise ValueError("accept needs one of the compared coders")
        return list(item.coverage[coder_id])
    if action == "union":
        return covered([span for spans in versions for span in spans])
    if action == "intersection":
        result: list[Span] = list(versions[0]) if versions else []
        for spans in versions[1:]:
            result = intersection(result, spans)
        return result
    if action == "adjust":
        if adjusted is None or adjusted[0] >= adjusted[1]:
            raise ValueError("adjusted boundaries need a non-empty span")
        return [adjusted]
    raise ValueError(f"unknown action {action!r}")
