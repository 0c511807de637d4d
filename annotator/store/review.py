"""Project settings and the adjudication audit trail.

An adjudication decides one disagreement: it creates the consensus coder's codings for a
region and records who decided, when, from which codings and how, in the same transaction.
Undoing it removes the consensus codings and the record together.

A decision is out of date ("needs review") when a coding it was made from has since been
removed or changed, typically because a merge brought in the coder's correction: figures
follow the coders' current codings, so the record and its consensus codings stay as they were
decided, and the region is listed for a decision again until a newer decision covers it. That
newer decision replaces the out-of-date decision's consensus codings in the region it covers;
the replaced codings are named in its sources (``"replaced": true``), so undoing it puts
them back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError, NotFound
from annotator.core.model import Change, NewCoding, utc_now
from annotator.core.review_plan import Decision
from annotator.core.spans import Span, check_span
from annotator.store.coders import CoderStore, same_coder
from annotator.store.codings import CodingStore, forget_removal

if TYPE_CHECKING:
    from sqlite_utils import Database

ACTIONS = ("accept", "union", "intersection", "adjust", "agreed")
DEFAULT_CONSENSUS = "consensus"
#: Set by ``copy-for --blind``: blind coding in a coder copy is the lead's decision (JSON).
BLIND_LOCK = "blind_coding_lock"
#: Set by ``copy-for``: the coder a copy was made for.
COPY_FOR_SETTING = "copy_for_coder"
ADJUDICATION_COLUMNS = (
    "adjudication_id", "document", "code_path", "action", "accepted_coder", "decided_by",
    "consensus_coder", "region_start", "region_end", "source_codings", "result_codings",
    "decided_at", "batch",
)  # fmt: skip


class SettingsStore:
    """Settings that belong to the project (shared by every coder), not to one user."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str, default: str = "") -> str:
        row = self._db.execute("SELECT value FROM project_settings WHERE key = ?", [key]).fetchone()
        return default if row is None else str(row[0])

    def set(self, key: str, value: str) -> Change:
        with self._db.atomic():
            self._db.execute(
                "INSERT INTO project_settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
        return Change(f"Set {key}", "setting")

    @property
    def blind(self) -> bool:
        return self.get("blind_coding") == "1"

    @property
    def blind_lock(self) -> BlindLock | None:
        """Who set blind coding in this coder copy, if ``copy-for`` did (None: not locked).

        Copies made before the lock was recorded are recognised too: blind coding on, no
        coder recorded as having turned it on (the window always records one), and the
        copy's coder set, means ``copy-for --blind`` made it.
        """
        raw = self.get(BLIND_LOCK)
        if raw:
            try:
                data = json.loads(raw)
            except ValueError:
                data = {}
            if not isinstance(data, dict):
                data = {}
            return BlindLock(str(data.get("made_by", "")), str(data.get("at", "")),
                             str(data.get("coder", "")))  # fmt: skip
        coder = self.get(COPY_FOR_SETTING)
        if coder and self.blind and not self.get("blind_coding_by"):
            return BlindLock("", "", coder)
        return None

    def lock_blind(self, coder: str, made_by: str) -> None:
        """Switch blind coding on for good in a coder copy (``copy-for --blind``)."""
        lock = {"set_by": "copy-for", "made_by": made_by, "at": utc_now(), "coder": coder}
        with self._db.atomic():
            self.set("blind_coding", "1")
            self.set("blind_coding_by", "")
            self.set(BLIND_LOCK, json.dumps(lock, ensure_ascii=False))

    @property
    def consensus_coder(self) -> str:
        return self.get("consensus_coder", DEFAULT_CONSENSUS)

    def hidden_coders(self) -> list[str]:
        """In a blind coder copy, the coders whose codings came with the copy (not its coder).

        Their codings are never shown there, so nobody may code as them in the copy either
        (coding as bob would show bob's codings as one's own). Codings made in the copy are
        newer than the lock; a copy locked before the time was recorded hides every coder
        with codings but its own.
        """
        lock = self.blind_lock
        if lock is None:
            return []
        since = " WHERE c.created_at <= ?" if lock.at else ""
        rows = self._db.execute(
            "SELECT DISTINCT k.name FROM codings c JOIN coders k ON k.id = c.coder_id" + since,
            [lock.at] if lock.at else [],
        ).fetchall()
        return sorted(str(r[0]) for r in rows if not same_coder(str(r[0]), lock.coder))


@dataclass(frozen=True)
class BlindLock:
    """Blind coding set by ``copy-for``: the coder may not turn it off in their copy."""

    made_by: str  # who made the copy ("" if unknown)
    at: str  # when (UTC, ISO 8601; "" if unknown)
    coder: str  # whom the copy is for

    def reason(self) -> str:
        """One line for the window: why the Blind Coding switch does nothing here."""
        who = f" by {self.made_by}" if self.made_by else ""
        when = f" on {self.at[:10]}" if self.at else ""
        return (
            f"This coder copy was made with blind coding{who}{when}; the lead's project "
            "decides, so it cannot be turned off here."
        )


@dataclass(frozen=True)
class Adjudication:
    id: int
    document_id: int
    code_id: int
    decided_by: int
    consensus_coder: int
    action: str
    accepted_coder: str | None
    region: Span
    sources: list[dict[str, Any]]
    results: list[int]
    decided_at: str
    batch: str | None = None


@dataclass(frozen=True)
class StaleDecision:
    """A decision made from codings that have been removed or changed since."""

    record: Adjudication
    coders: tuple[str, ...]  # whose codings changed since

    def reason(self) -> str:
        """Why the decision needs review, for a list or a report."""
        return f"decided before {' and '.join(self.coders) or 'a coder'} changed their coding"


class AdjudicationStore:
    def __init__(
        self, db: Database, codings: CodingStore, coders: CoderStore, settings: SettingsStore
    ) -> None:
        self._db = db
        self._codings = codings
        self._coders = coders
        self._settings = settings

    def decide(
        self,
        document_id: int,
        code_id: int,
        region: Span,
        spans: list[Span],
        *,
        action: str,
        sources: list[int],
        decided_by: int,
        accepted_coder: str | None = None,
    ) -> Change:
        """Create the consensus codings ``spans`` and the audit record, in one transaction."""
        decision = Decision(document_id, code_id, region, spans, action, sources, accepted_coder)
        return self.decide_many([decision], decided_by=decided_by)

    def decide_many(
        self, decisions: list[Decision], *, decided_by: int, batch: str | None = None
    ) -> Change:
        """Every decision in one transaction, each with its own audit record.

        ``Change.records`` holds the new records' ids (for undo), ``added`` the new codings.
        """
        lengths: dict[int, int] = {}
        for decision in decisions:
            if decision.action not in ACTIONS:
                raise AnnotatorError(f"unknown adjudication action {decision.action!r}")
            if decision.document_id not in lengths:
                row = self._db.execute(
                    "SELECT length FROM documents WHERE id = ?", [decision.document_id]
                ).fetchone()
                if row is None:
                    raise NotFound(f"no document with id {decision.document_id}")
                lengths[decision.document_id] = int(row[0])
            check_span(decision.region[0], decision.region[1], lengths[decision.document_id])
        created: list[int] = []
        records: list[int] = []
        with self._db.atomic():
            consensus = self._coders.ensure(self._settings.consensus_coder)
            stale: dict[int, list[Adjudication]] = {}  # per document, as before this batch
            for decision in decisions:
                if decision.document_id not in stale:
                    stale[decision.document_id] = [
                        s.record for s in self.stale(decision.document_id)
                    ]  # fmt: skip
                results, record = self._record(
                    decision, consensus.id, decided_by, batch, stale[decision.document_id]
                )
                created.extend(results)
                records.append(record)
        label = decisions[0].action if len(decisions) == 1 else f"{len(decisions)} decisions"
        return Change(
            f"Adjudicated: {label}", "coding", added=tuple(created), records=tuple(records),
            document_ids=frozenset(d.document_id for d in decisions),
        )  # fmt: skip

    def _record(
        self, decision: Decision, consensus: int, decided_by: int, batch: str | None,
        stale: list[Adjudication],
    ) -> tuple[list[int], int]:  # fmt: skip
        document_id, code_id = decision.document_id, decision.code_id
        snapshots = [self._codings.get(i) for i in decision.sources]
        replaced = self._replace_stale(decision, consensus, stale)
        new = [
            NewCoding(document_id, code_id, consensus, start, end)
            for start, end in decision.spans
            if not self._codings.exists(document_id, code_id, consensus, start, end)
        ]
        created = list(self._codings.add_many(new).added) if new else []
        cursor = self._db.execute(
            "INSERT INTO adjudications (document_id, code_id, decided_by, consensus_coder, "
            "action, accepted_coder, region_start, region_end, sources, results, decided_at, "
            "batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                document_id, code_id, decided_by, consensus, decision.action,
                decision.accepted_coder, decision.region[0], decision.region[1],
                json.dumps([{"coding_id": c.id, "coder_id": c.coder_id, "start": c.start,
                             "end": c.end} for c in snapshots] + replaced),
                json.dumps(created), utc_now(), batch,
            ],
        )  # fmt: skip
        assert cursor.lastrowid is not None
        return created, cursor.lastrowid

    def _replace_stale(
        self, decision: Decision, consensus: int, out_of_date: list[Adjudication]
    ) -> list[dict[str, Any]]:
        """Remove the consensus codings out-of-date decisions left in the region decided now.

        Returns them as source entries marked ``replaced`` (with memo and times), which undo
        puts back.
        """
        start, end = decision.region
        stale = [
            record for record in out_of_date
            if record.code_id == decision.code_id
            and record.region[0] < end and start < record.region[1]
        ]  # fmt: skip
        keep = set(decision.spans)
        replaced: list[dict[str, Any]] = []
        for coding_id in sorted({i for record in stale for i in record.results}):
            row = self._db.execute(
                "SELECT coder_id, code_id, span_start, span_end, memo, created_at, updated_at "
                "FROM codings WHERE id = ?", [coding_id],
            ).fetchone()  # fmt: skip
            if row is None or int(row[0]) != consensus or int(row[1]) != decision.code_id:
                continue
            if (int(row[2]), int(row[3])) in keep:
                continue
            self._db.execute("DELETE FROM codings WHERE id = ?", [coding_id])
            replaced.append({
                "coding_id": coding_id, "coder_id": consensus, "start": int(row[2]),
                "end": int(row[3]), "replaced": True, "memo": str(row[4]),
                "created_at": str(row[5]), "updated_at": str(row[6]),
            })  # fmt: skip
        return replaced

    def stale(self, document_id: int | None = None) -> list[StaleDecision]:
        """Decisions (of one document, or all) made from codings removed or changed since.

        A decision stops being out of date once a newer decision covers its region (of the
        same code): that one was made from the codings as they are now.
        """
        records = self.all() if document_id is None else self.for_document(document_id)
        wanted = {
            int(s["coding_id"]) for r in records for s in r.sources
            if isinstance(s.get("coding_id"), int) and not s.get("replaced")
        }  # fmt: skip
        now: dict[int, tuple[int, int, int, int]] = {}
        ids = sorted(wanted)
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            marks = ", ".join("?" for _ in part)
            for i, code, coder, start, end in self._db.execute(
                f"SELECT id, code_id, coder_id, span_start, span_end FROM codings "
                f"WHERE id IN ({marks})", part,
            ):  # fmt: skip
                now[int(i)] = (int(code), int(coder), int(start), int(end))
        names = {c.id: c.name for c in self._coders.all()}
        found: list[StaleDecision] = []
        for record in records:
            changed: dict[str, None] = {}
            for source in record.sources:
                coding_id = source.get("coding_id")
                if not isinstance(coding_id, int) or source.get("replaced"):
                    continue
                coder = source.get("coder_id")
                if now.get(coding_id) != (record.code_id, coder, source.get("start"),
                                          source.get("end")):  # fmt: skip
                    changed[names.get(coder, "?") if isinstance(coder, int) else "?"] = None
            if changed and not any(
                later.id > record.id and later.document_id == record.document_id
                and later.code_id == record.code_id
                and later.region[0] < record.region[1] and record.region[0] < later.region[1]
                for later in records
            ):  # fmt: skip
                found.append(StaleDecision(record, tuple(sorted(changed, key=str.casefold))))
        return found

    def decided_regions(self, document_id: int) -> set[tuple[int, int, int]]:
        """(code id, start, end) of the document's regions decided and not out of date.

        An out-of-date decision (see :meth:`stale`) does not count: its region is to be
        decided again, and taking agreements may do it.
        """
        stale = {s.record.id for s in self.stale(document_id)}
        return {
            (record.code_id, *record.region)
            for record in self.for_document(document_id) if record.id not in stale
        }  # fmt: skip

    def stale_regions(self, document_id: int) -> set[tuple[int, int, int]]:
        """(code id, start, end) of the document's out-of-date decisions: to decide again."""
        return {(s.record.code_id, *s.record.region) for s in self.stale(document_id)}

    def undo(self, adjudication_id: int) -> Change:
        """Remove an adjudication's consensus codings and its record together."""
        return self.undo_many([adjudication_id])

    def undo_many(self, adjudication_ids: list[int]) -> Change:
        """Remove several adjudications (a bulk decision) in one transaction."""
        records = [self.get(i) for i in adjudication_ids]
        removed = [coding_id for record in records for coding_id in record.results]
        restored: list[int] = []
        with self._db.atomic():
            for coding_id in removed:
                self._db.execute("DELETE FROM codings WHERE id = ?", [coding_id])
            for record in records:
                self._db.execute("DELETE FROM adjudications WHERE id = ?", [record.id])
            for record in reversed(records):
                restored.extend(self._put_back(record))
        return Change(
            "Undid an adjudication" if len(records) == 1 else f"Undid {len(records)} decisions",
            "coding", added=tuple(restored), removed=tuple(removed),
            document_ids=frozenset(r.document_id for r in records),
        )  # fmt: skip

    def _put_back(self, record: Adjudication) -> list[int]:
        """The consensus codings ``record`` replaced, back with their ids (its undo)."""
        restored: list[int] = []
        for source in record.sources:
            if not source.get("replaced"):
                continue
            coding_id = int(source["coding_id"])
            if self._db.execute("SELECT 1 FROM codings WHERE id = ?", [coding_id]).fetchone():
                continue
            values = [coding_id, record.document_id, record.code_id, int(source["coder_id"]),
                      int(source["start"]), int(source["end"])]  # fmt: skip
            if self._db.execute(
                "SELECT 1 FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ? "
                "AND span_start = ? AND span_end = ?", values[1:],
            ).fetchone():  # fmt: skip
                continue  # coded again since: that one stands
            self._db.execute(
                "INSERT INTO codings (id, document_id, code_id, coder_id, span_start, span_end, "
                "memo, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [*values, str(source.get("memo", "")), str(source.get("created_at") or utc_now()),
                 str(source.get("updated_at") or utc_now())],
            )  # fmt: skip
            forget_removal(self._db, coding_id)
            restored.append(coding_id)
        return restored

    def get(self, adjudication_id: int) -> Adjudication:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM adjudications WHERE id = ?", [adjudication_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"no adjudication with id {adjudication_id}")
        return _adjudication(row)

    def for_document(self, document_id: int) -> list[Adjudication]:
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM adjudications WHERE document_id = ? ORDER BY id", [document_id]
        )
        return [_adjudication(row) for row in rows]

    def all(self) -> list[Adjudication]:
        return [
            _adjudication(r)
            for r in self._db.execute(f"SELECT {_COLUMNS} FROM adjudications ORDER BY id")
        ]


_COLUMNS = (
    "id, document_id, code_id, decided_by, consensus_coder, action, accepted_coder, "
    "region_start, region_end, sources, results, decided_at, batch"
)


def _adjudication(row: Any) -> Adjudication:
    return Adjudication(
        int(row[0]), int(row[1]), int(row[2]), int(row[3]), int(row[4]), str(row[5]),
        None if row[6] is None else str(row[6]), (int(row[7]), int(row[8])),
        json.loads(row[9]), [int(i) for i in json.loads(row[10])], str(row[11]),
        None if row[12] is None else str(row[12]),
    )  # fmt: skip
