"""What a merge remembers between runs: a coder copy's withdrawals and the copies merged.

The rules are in :mod:`annotator.store.merge_plan` (whose plan these fill in): a coder copy
withdraws, for its own coder only, what its coder removed in it; a different copy for a coder
already merged from another copy is a warning.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from annotator.core.exchange import ProjectSnapshot
from annotator.core.model import utc_now
from annotator.store.coders import coder_key
from annotator.store.review import DEFAULT_CONSENSUS

if TYPE_CHECKING:
    from sqlite_utils import Database

    from annotator.store.merge_plan import MergedCopies, MergePlan, TargetState


def plan_withdrawals(
    plan: MergePlan, db: Database, target: TargetState, snapshot: ProjectSnapshot
) -> None:
    """The codings a coder copy's coder removed in it, which the target still holds unchanged.

    Only a coder copy withdraws, and only its own coder's codings: anything else it holds
    (other coders' work copied along) is not its coder's to take back.
    """
    coder = snapshot.copy_for
    coder_id = target.coders.get(coder_key(coder))
    if not coder or not snapshot.withdrawn or coder_id is None:
        return
    consensus = _setting(db, "consensus_coder") or DEFAULT_CONSENSUS
    if coder_key(coder) == coder_key(consensus):
        plan.report.notes.append(
            f"the consensus coder's codings ({coder!r}) are never withdrawn by a merge"
        )
        return
    shas = {doc.key: doc.sha256 for doc in snapshot.documents}
    guids = {code.key: code.guid.lower() for code in snapshot.codes}
    # A code matched by path (another GUID here) is found through the plan's own matching.
    codes_here = dict(target.codes_by_guid)
    codes_here.update({guids[k]: i for k, i in plan.code_ids.items() if i >= 0 and k in guids})
    present = {
        (shas.get(c.document_key), guids.get(c.code_key), c.start, c.end)
        for c in snapshot.codings if c.coder == coder
    }  # fmt: skip
    cited: dict[int, list[str]] | None = None
    review: dict[str, None] = {}
    codings = plan.report.counts["codings"]
    memos = plan.report.counts["memos"]
    for item in snapshot.withdrawn:
        guid = item.code_guid.lower()
        if item.coder != coder or (item.document_sha256, guid, item.start, item.end) in present:
            continue  # another coder's, or withdrawn and then coded again: not withdrawn
        doc = target.docs_by_sha.get(item.document_sha256)
        code = codes_here.get(guid)
        found = None
        if doc is not None and code is not None:
            found = target.codings.get((doc, code, coder_id, item.start, item.end))
        if found is None:
            continue  # never merged, or gone here already
        where = f"{coder}'s coding [{item.start}, {item.end})"
        if cited is None:
            cited = _cited_codings(db, target.paths)
        if found[1] and found[1] != item.memo:
            plan.report.conflict(
                "codings", f"{where} was withdrawn in the copy but its memo here differs; kept"
            )
            continue
        # Cited by a decision or not, it goes: figures follow the coder's current codings.
        # The decision's record (which names the coding's coder and span) and its consensus
        # codings stay; the decision is out of date and is listed for review again.
        for decision in cited.get(found[0], []):
            review[f"{decision} was made before {coder} changed a coding it was made from: "
                   "review it again (Compare Coders lists it)"] = None  # fmt: skip
        plan.withdrawals.append(found[0])
        codings.withdrawn += 1
        if found[1]:
            memos.withdrawn += 1
    plan.report.warnings.extend(review)


def _cited_codings(db: Database, paths: dict[int, tuple[str, ...]]) -> dict[int, list[str]]:
    """Ids of the codings an adjudication here names as a source, and which decisions
    (``paths``: the target's code paths, read once per merge)."""
    cited: dict[int, list[str]] = {}
    for doc, code, action, start, end, sources in db.execute(
        "SELECT d.name, a.code_id, a.action, a.region_start, a.region_end, a.sources "
        "FROM adjudications a JOIN documents d ON d.id = a.document_id ORDER BY a.id"
    ):
        path = "/".join(paths.get(int(code), ("?",)))
        what = f"the decision ({action}) on {path} [{start}, {end}) in {doc!r}"
        for source in json.loads(sources):
            if isinstance(source.get("coding_id"), int) and not source.get("replaced"):
                cited.setdefault(source["coding_id"], []).append(what)
    return cited


def _setting(db: Database, key: str) -> str:
    row = db.execute("SELECT value FROM project_settings WHERE key = ?", [key]).fetchone()
    return "" if row is None else str(row[0])


def plan_copy(
    plan: MergePlan, db: Database, snapshot: ProjectSnapshot, source: str, planned: MergedCopies
) -> None:
    """Remember a coder copy by its id; warn when another copy was merged for the same coder.

    A coder may well be given a fresh copy, so this never refuses. It warns when this copy is
    new here, or when the other copy's work came in as recently as this one's (two copies
    being merged in turn: two people coding under one name).
    """
    if not snapshot.copy_id or not snapshot.copy_for:
        return
    coder = snapshot.copy_for
    key = coder_key(coder)  # "Alice" and "alice" are one coder here, as everywhere
    known: MergedCopies = {
        str(i): (str(c), str(s), str(t))
        for i, c, s, t in db.execute(
            "SELECT copy_id, coder, source, last_merged_at FROM merged_copies"
        )
        if coder_key(str(c)) == key
    }
    known.update({i: entry for i, entry in planned.items() if coder_key(entry[0]) == key})
    mine = known.get(snapshot.copy_id)
    for copy_id, (_coder, other, when) in sorted(known.items(), key=lambda kv: kv[1][2]):
        if copy_id != snapshot.copy_id and (mine is None or when >= mine[2]):
            plan.report.warnings.append(
                f"copy {source} for coder {coder!r} is a different copy from the one merged on "
                f"{when[:10]} ({other}): a second or out-of-date copy, or two people coding as "
                f"{coder!r}? (codings removed here since are not brought back)"
            )
    if plan.report.changes_anything:
        # Remembered only when its work comes in: merging it again then writes nothing.
        plan.copy = (snapshot.copy_id, coder, source)
        planned[snapshot.copy_id] = (coder, source, utc_now())
