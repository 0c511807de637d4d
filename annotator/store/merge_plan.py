"""Deciding what a merge brings in, by reading only: the plan a preview shows and a merge applies.

The rules, in the order they are applied:

- documents match by the SHA-256 of their text; a source document whose name is taken here by a
  different text is a conflict: it is not brought in (nor anything on it), nothing is
  overwritten;
- codes match by GUID, then by path; a code whose GUID is here under another path was renamed or
  moved in one copy: reported, and the target's name and place are kept;
- coders match by name;
- codings match by document, code, coder and span; memos (of documents, codes, codings),
  attributes and statuses are filled in where the target has none; two different memos or
  attribute values are a conflict and the target's is kept; of two statuses the newer one wins;
- adjudications match by document, code, region, action, decider and time;
- a document deleted here (its SHA-256 is remembered) is not brought back, nor anything on it,
  unless asked to;
- a coding removed here (by hand, by undoing a decision, or withdrawn by an earlier merge) is
  not brought back by a source whose coding is as old as that removal or older (a stale
  copy, an older snapshot of a copy): the time the coding was made or last changed (its
  ``updated_at``; a span changed back in place keeps ``created_at``) is compared with the
  time this project removed the same document, code, coder and span; such codings are
  counted in a note; a coding made again (or changed) after the removal comes in;
- a coder copy withdraws, for its own coder only, the codings its coder removed in it (also by
  changing a span or code): the target's coding with the same document, code, coder and span
  is removed, with its memo, unless the copy holds that coding again or its memo here differs
  (a conflict: the coding is kept). A coder's codings are the coder's judgement, so a coding
  an adjudication here cites is withdrawn too: the decision's record and its consensus
  codings stay, and the decision is reported as needing review (Compare Coders lists it
  again); the consensus coder's codings are never withdrawn;
- a coder copy is remembered by its copy id; a different copy for a coder already merged
  from another copy (names matched as everywhere, ignoring case and spacing) is a warning,
  not a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.core.exchange import (
    MergeReport,
    ProjectSnapshot,
    SnapAdjudication,
    SnapCode,
    SnapCoding,
    SnapDocument,
)
from annotator.core.wording import plural
from annotator.store.coders import coder_key
from annotator.store.merge_memory import plan_copy, plan_withdrawals

if TYPE_CHECKING:
    from sqlite_utils import Database

CodingKey = tuple[int, int, int, int, int]


@dataclass
class TargetState:
    """What the target project holds, read once per merge."""

    docs_by_sha: dict[str, int]
    docs_by_name: dict[str, int]
    doc_memos: dict[int, str]
    attributes: dict[tuple[int, str], str]
    codes_by_guid: dict[str, int]
    codes_by_path: dict[tuple[str, ...], int]
    paths: dict[int, tuple[str, ...]]
    code_memos: dict[int, str]
    shortcuts: set[str]
    coders: dict[str, int]
    codings: dict[CodingKey, tuple[int, str]]
    statuses: dict[tuple[int, int], tuple[str, str]]
    adjudications: set[tuple[object, ...]]
    deleted_docs: set[str] = field(default_factory=set)
    # (document sha, code guid, coder_key, start, end) -> when this project removed it
    withdrawn: dict[tuple[str, str, str, int, int], str] = field(default_factory=dict)

    @classmethod
    def read(cls, db: Database, coder_names: set[str]) -> TargetState:
        """Read what a merge compares against; codings only of coders named ``coder_names``."""
        docs_by_sha: dict[str, int] = {}
        docs_by_name: dict[str, int] = {}
        for doc_id, name, sha in db.execute("SELECT id, name, sha256 FROM documents ORDER BY id"):
            docs_by_sha.setdefault(str(sha), int(doc_id))
            docs_by_name[str(name)] = int(doc_id)
        parents: dict[int, tuple[int | None, str]] = {}
        codes_by_guid: dict[str, int] = {}
        shortcuts: set[str] = set()
        for code_id, guid, parent, name, shortcut in db.execute(
            "SELECT id, guid, parent_id, name, shortcut FROM codes"
        ):
            parents[int(code_id)] = (parent, str(name))
            codes_by_guid[str(guid)] = int(code_id)
            if shortcut:
                shortcuts.add(str(shortcut))
        paths = {code_id: _path(code_id, parents) for code_id in parents}
        # By coder_key: "Alice" in a copy is the target's "alice", as everywhere in the store.
        coders = {coder_key(str(n)): int(i) for i, n in db.execute("SELECT id, name FROM coders")}
        # Only codings of the source's coders can match one of its codings.
        wanted = [coders[k] for k in {coder_key(name) for name in coder_names} if k in coders]
        marks = ", ".join("?" for _ in wanted)
        return cls(
            docs_by_sha, docs_by_name,
            {int(d): str(t) for d, t in db.execute("SELECT document_id, text FROM document_memos")},
            {(int(d), str(n)): str(v) for d, n, v in db.execute(
                "SELECT document_id, name, value FROM document_attributes")},
            codes_by_guid, {p: i for i, p in paths.items()}, paths,
            {int(c): str(t) for c, t in db.execute("SELECT code_id, text FROM code_memos")},
            shortcuts, coders,
            {(d, k, c, s, e): (i, m) for i, d, k, c, s, e, m in db.execute(
                "SELECT id, document_id, code_id, coder_id, span_start, span_end, memo "
                f"FROM codings WHERE coder_id IN ({marks})", wanted)},
            {(int(d), int(c)): (str(s), str(u)) for d, c, s, u in db.execute(
                "SELECT document_id, coder_id, status, updated_at FROM document_status")},
            {(int(r[0]), int(r[1]), str(r[2]), str(r[3]), int(r[4]), int(r[5]), str(r[6]))
             for r in db.execute(
                "SELECT a.document_id, a.code_id, c.name, a.action, a.region_start, "
                "a.region_end, a.decided_at FROM adjudications a JOIN coders c "
                "ON c.id = a.decided_by")},
            {str(sha) for (sha,) in db.execute("SELECT sha256 FROM deleted_documents")},
            _withdrawn_here(db, {coder_key(name) for name in coder_names}),
        )  # fmt: skip


def _withdrawn_here(db: Database, keys: set[str]) -> dict[tuple[str, str, str, int, int], str]:
    """The codings of the coders ``keys`` removed in this project, and when (the newest)."""
    found: dict[tuple[str, str, str, int, int], str] = {}
    for sha, guid, coder, start, end, when in db.execute(
        "SELECT document_sha256, code_guid, coder, span_start, span_end, withdrawn_at "
        "FROM withdrawn_codings"
    ):
        key = coder_key(str(coder))
        if key in keys:
            identity = (str(sha), str(guid).lower(), key, int(start), int(end))
            found[identity] = max(found.get(identity, ""), str(when))
    return found


def _path(code_id: int, parents: dict[int, tuple[int | None, str]]) -> tuple[str, ...]:
    names: list[str] = []
    current: int | None = code_id
    while current is not None and len(names) <= len(parents):
        parent, name = parents[current]
        names.append(name)
        current = parent
    return tuple(reversed(names))


@dataclass
class MergePlan:
    """The records a merge will write, keyed by the source's keys, and its report."""

    report: MergeReport
    doc_ids: dict[int, int] = field(default_factory=dict)
    new_documents: list[SnapDocument] = field(default_factory=list)
    code_ids: dict[int, int] = field(default_factory=dict)
    new_codes: list[SnapCode] = field(default_factory=list)
    coder_ids: dict[str, int] = field(default_factory=dict)
    new_coders: list[str] = field(default_factory=list)
    coder_aliases: dict[str, str] = field(default_factory=dict)  # spelling -> new coder's name
    codings: list[SnapCoding] = field(default_factory=list)
    coding_memos: list[tuple[int, str]] = field(default_factory=list)
    doc_memos: list[tuple[int, str]] = field(default_factory=list)
    code_memos: list[tuple[int, str]] = field(default_factory=list)
    attributes: list[tuple[int, str, str]] = field(default_factory=list)
    statuses: list[tuple[int, str, str, str]] = field(default_factory=list)
    adjudications: list[SnapAdjudication] = field(default_factory=list)
    existing_codings: dict[int, int] = field(default_factory=dict)
    attribute_types: dict[str, str] = field(default_factory=dict)
    withdrawals: list[int] = field(default_factory=list)  # the target's coding ids
    deleted_here: set[int] = field(default_factory=set)  # source keys of documents deleted here
    copy: tuple[str, str, str] | None = None  # copy id, coder, source name: to remember


# A coder copy merged before: copy id -> (coder, source name, when its work last came in).
MergedCopies = dict[str, tuple[str, str, str]]


def plan_merge(
    db: Database, snapshot: ProjectSnapshot, source: str, *, restore_deleted: bool = False,
    planned_copies: MergedCopies | None = None,
) -> MergePlan:  # fmt: skip
    """What merging ``snapshot`` into the project ``db`` would do; reads only.

    ``planned_copies`` are coder copies planned earlier in the same merge (a preview writes
    nothing, so they are not in the target yet); this one is added to it.
    """
    coders = {coding.coder for coding in snapshot.codings}
    if snapshot.copy_for:
        coders.add(snapshot.copy_for)
    target = TargetState.read(db, coders)
    plan = MergePlan(MergeReport(source))
    skipped_docs = _plan_documents(plan, target, snapshot, restore_deleted)
    _plan_codes(plan, target, snapshot)
    _plan_coders(plan, target, snapshot)
    _plan_codings(plan, target, snapshot, skipped_docs)
    plan_withdrawals(plan, db, target, snapshot)
    _plan_memos(plan, target, snapshot, skipped_docs)
    _plan_statuses(plan, target, snapshot, skipped_docs)
    _plan_adjudications(plan, target, snapshot, skipped_docs)
    _plan_attribute_types(plan, db, snapshot)
    plan_copy(plan, db, snapshot, source, planned_copies if planned_copies is not None else {})
    return plan


def _plan_attribute_types(plan: MergePlan, db: Database, snapshot: ProjectSnapshot) -> None:
    """An attribute's type (text, number, date) comes along unless the target types it too."""
    here = {str(n): str(t) for n, t in db.execute("SELECT name, type FROM attribute_types")}
    for name, kind in snapshot.attribute_types.items():
        if name not in here:
            plan.attribute_types[name] = kind
        elif here[name] != kind:
            plan.report.notes.append(
                f"attribute {name!r} is typed {here[name]} here, {kind} there; {here[name]} kept"
            )


def _plan_documents(
    plan: MergePlan, target: TargetState, snapshot: ProjectSnapshot, restore_deleted: bool
) -> set[int]:
    count = plan.report.counts["documents"]
    names = dict(target.docs_by_name)
    skipped: set[int] = set()
    for doc in snapshot.documents:
        existing = target.docs_by_sha.get(doc.sha256)
        if existing is not None:
            plan.doc_ids[doc.key] = existing
            count.present += 1
        elif doc.sha256 in target.deleted_docs and not restore_deleted:
            # The lead deleted it here: a copy made before that must not bring it back.
            skipped.add(doc.key)
            plan.deleted_here.add(doc.key)
            plan.report.not_restored.append(doc.name)
        elif doc.name in names:
            skipped.add(doc.key)
            plan.report.conflict(
                "documents",
                f"{doc.name!r} has a different text here; not merged (nor its codings, memo, "
                "attributes and statuses)",
            )
        else:
            names[doc.name] = -1
            plan.new_documents.append(doc)
            count.added += 1
    return skipped


def _plan_codes(plan: MergePlan, target: TargetState, snapshot: ProjectSnapshot) -> None:
    count = plan.report.counts["codes"]
    source_paths = snapshot.code_paths()
    taken_paths = dict(target.codes_by_path)
    shortcuts = set(target.shortcuts)
    new_paths: dict[int, tuple[str, ...]] = {}
    for code in snapshot.codes:
        by_guid = target.codes_by_guid.get(code.guid.lower())
        wanted = source_paths[code.key]
        if code.parent_key in new_paths:
            wanted = (*new_paths[code.parent_key], code.name)
        elif code.parent_key is not None and code.parent_key in plan.code_ids:
            wanted = (*target.paths[plan.code_ids[code.parent_key]], code.name)
        if by_guid is not None:
            plan.code_ids[code.key] = by_guid
            here = target.paths[by_guid]
            if here != source_paths[code.key]:
                plan.report.conflict(
                    "codes",
                    f"{'/'.join(source_paths[code.key])!r} is {'/'.join(here)!r} here "
                    "(same GUID); the name here is kept",
                )
            else:
                count.present += 1
        elif wanted in taken_paths and taken_paths[wanted] >= 0:
            plan.code_ids[code.key] = taken_paths[wanted]
            count.present += 1
        elif wanted in taken_paths:
            # Two source codes on one path (only a hostile or broken source does that).
            plan.report.conflict("codes", f"{'/'.join(wanted)!r} appears twice; merged once")
            plan.code_ids[code.key] = -1
        else:
            if code.shortcut and code.shortcut in shortcuts:
                plan.report.notes.append(
                    f"shortcut {code.shortcut} of {'/'.join(wanted)!r} is taken here; left off"
                )
                code.shortcut = None
            if code.shortcut:
                shortcuts.add(code.shortcut)
            taken_paths[wanted] = -1
            new_paths[code.key] = wanted
            plan.new_codes.append(code)
            count.added += 1


def _plan_coders(plan: MergePlan, target: TargetState, snapshot: ProjectSnapshot) -> None:
    count = plan.report.counts["coders"]
    named = dict.fromkeys(snapshot.coders)
    named.update(dict.fromkeys(c.coder for c in snapshot.codings))
    named.update(dict.fromkeys(s.coder for s in snapshot.statuses))
    for item in snapshot.adjudications:
        named.update(dict.fromkeys((item.decided_by, item.consensus_coder)))
    new: dict[str, str] = {}  # coder_key -> the spelling the new coder gets
    for name in named:
        key = coder_key(name)
        if key in target.coders:
            plan.coder_ids[name] = target.coders[key]
            count.present += 1
        elif key in new:
            plan.coder_aliases[name] = new[key]  # another spelling of a new coder
        else:
            new[key] = name
            plan.new_coders.append(name)
            count.added += 1


def _plan_codings(
    plan: MergePlan, target: TargetState, snapshot: ProjectSnapshot, skipped: set[int]
) -> None:
    count = plan.report.counts["codings"]
    memos = plan.report.counts["memos"]
    seen: set[tuple[int, int, str, int, int]] = set()
    shas = {i: sha for sha, i in target.docs_by_sha.items()}
    guids = {i: guid.lower() for guid, i in target.codes_by_guid.items()}
    removed_here = 0
    for coding in _codings_to_plan(plan, snapshot, skipped):
        identity = (coding.document_key, coding.code_key, coding.coder, coding.start, coding.end)
        if identity in seen or plan.code_ids.get(coding.code_key) == -1:
            count.present += 1
            continue
        seen.add(identity)
        doc = plan.doc_ids.get(coding.document_key)
        code = plan.code_ids.get(coding.code_key)
        coder = plan.coder_ids.get(coding.coder)
        found = None
        if doc is not None and code is not None and coder is not None:
            found = target.codings.get((doc, code, coder, coding.start, coding.end))
        if found is None and doc is not None and code is not None and target.withdrawn:
            removed_at = target.withdrawn.get(
                (shas[doc], guids[code], coder_key(coding.coder), coding.start, coding.end)
            )
            # Its last change (creation, or a span, code or memo change, which keeps
            # created_at) is what the removal here must be newer than to stand.
            changed = coding.updated_at or coding.created_at or ""
            if removed_at is not None and changed <= removed_at:
                removed_here += 1  # removed here after it was last changed: the removal stands
                continue
        if found is None:
            plan.codings.append(coding)
            count.added += 1
            if coding.memo:
                memos.added += 1
            continue
        count.present += 1
        plan.existing_codings[coding.key] = found[0]
        if coding.memo and coding.memo != found[1]:
            if found[1]:
                plan.report.conflict(
                    "memos", f"a coding memo on [{coding.start}, {coding.end}) differs; "
                    "the one here is kept",
                )  # fmt: skip
            else:
                plan.coding_memos.append((found[0], coding.memo))
                memos.added += 1
        elif coding.memo:
            memos.present += 1
    if removed_here:
        plan.report.notes.append(
            f"{plural(removed_here, 'coding')} removed here earlier, not brought back (the copy's "
            "are as old as that removal or older; code them again to bring them in)"
        )


def _codings_to_plan(
    plan: MergePlan, snapshot: ProjectSnapshot, skipped: set[int]
) -> list[SnapCoding]:
    """The source's codings less those on documents not merged, which are reported."""
    if not skipped:
        return snapshot.codings
    lost = left_out = 0
    kept: list[SnapCoding] = []
    for coding in snapshot.codings:
        if coding.document_key in plan.deleted_here:
            left_out += 1
        elif coding.document_key in skipped:
            lost += 1
        else:
            kept.append(coding)
    if lost:
        plan.report.counts["codings"].conflicts += lost
        plan.report.conflicts.append(f"codings: {lost} on conflicting documents not merged")
    if left_out:
        plan.report.notes.append(
            f"{left_out} coding{'s' if left_out != 1 else ''} on documents deleted in this "
            "project not brought back"
        )
    return kept


def _plan_memos(
    plan: MergePlan, target: TargetState, snapshot: ProjectSnapshot, skipped: set[int]
) -> None:
    attributes = plan.report.counts["attributes"]
    for doc in snapshot.documents:
        if doc.key in skipped:
            continue
        here = plan.doc_ids.get(doc.key)
        _fill(plan, doc.memo, target.doc_memos.get(here, "") if here else "",
              f"the memo of document {doc.name!r}", plan.doc_memos, doc.key)  # fmt: skip
        for name, value in doc.attributes.items():
            old = target.attributes.get((here, name)) if here else None
            if old is None:
                plan.attributes.append((doc.key, name, value))
                attributes.added += 1
            elif old == value:
                attributes.present += 1
            else:
                plan.report.conflict(
                    "attributes", f"{name} of {doc.name!r} is {old!r} here, {value!r} there; "
                    "kept", )  # fmt: skip
    for code in snapshot.codes:
        here = plan.code_ids.get(code.key)
        if here == -1:
            continue
        _fill(plan, code.memo, target.code_memos.get(here, "") if here else "",
              f"the memo of code {code.name!r}", plan.code_memos, code.key)  # fmt: skip


def _fill(
    plan: MergePlan, text: str, here: str, what: str, out: list[tuple[int, str]], key: int
) -> None:
    """A memo is brought in where the target has none; two different ones are a conflict."""
    if not text:
        return
    memos = plan.report.counts["memos"]
    if not here:
        out.append((key, text))
        memos.added += 1
    elif here == text:
        memos.present += 1
    else:
        plan.report.conflict("memos", f"{what} differs; the one here is kept")


def _plan_statuses(
    plan: MergePlan, target: TargetState, snapshot: ProjectSnapshot, skipped: set[int]
) -> None:
    count = plan.report.counts["statuses"]
    for status in snapshot.statuses:
        if status.document_key in skipped:
            continue
        doc = plan.doc_ids.get(status.document_key)
        coder = plan.coder_ids.get(status.coder)
        old = target.statuses.get((doc, coder)) if doc and coder else None
        row = (status.document_key, status.coder, status.status, status.updated_at)
        if old is None:
            plan.statuses.append(row)
            count.added += 1
        elif old[0] == status.status:
            count.present += 1
        elif status.updated_at > old[1]:
            plan.statuses.append(row)
            count.updated += 1
        else:
            count.present += 1


def _plan_adjudications(
    plan: MergePlan, target: TargetState, snapshot: ProjectSnapshot, skipped: set[int]
) -> None:
    count = plan.report.counts["adjudications"]
    for item in snapshot.adjudications:
        if item.document_key in plan.deleted_here:
            continue
        if item.document_key in skipped:
            plan.report.conflict("adjudications", "one on a conflicting document not merged")
            continue
        doc = plan.doc_ids.get(item.document_key)
        code = plan.code_ids.get(item.code_key)
        key = (doc, code, item.decided_by, item.action, *item.region, item.decided_at)
        if doc is not None and code is not None and key in target.adjudications:
            count.present += 1
        else:
            plan.adjudications.append(item)
            count.added += 1
