"""The codebook: a tree of codes, each with a colour, definition, shortcut and stable GUID."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.core.codepaths import SEPARATOR, check_code_name, join_code_path, split_code_path
from annotator.core.errors import AnnotatorError, Conflict, NotFound
from annotator.core.model import Change, Code
from annotator.core.palette import fresh_colour, normalise_colour
from annotator.core.wording import plural
from annotator.store.coders import coder_clause as _coder_clause

if TYPE_CHECKING:
    from sqlite_utils import Database

_MAX_DEPTH = 100_000  # guards the ancestor walk against a parent cycle in a damaged file
_COLUMNS = (
    "id, guid, parent_id, name, color, description, inclusion, exclusion, example, shortcut, "
    "sort_order"
)
_MARKS = ", ".join("?" for _ in _COLUMNS.split(","))
# auto_rule too: a code's deletion or merge undone brings auto-codings back still marked.
_CODING_COLUMNS = (
    "id, document_id, code_id, coder_id, span_start, span_end, memo, created_at, updated_at, "
    "auto_rule"
)
_CODING_MARKS = ", ".join("?" for _ in _CODING_COLUMNS.split(","))


@dataclass(frozen=True)
class CodeSnapshot:
    """Rows of codes (parents first), their codings and memos, as they were."""

    codes: tuple[tuple[Any, ...], ...]
    codings: tuple[tuple[Any, ...], ...]
    memos: tuple[tuple[int, str, str], ...]


@dataclass(frozen=True)
class MergeRecord:
    snapshot: CodeSnapshot
    children: tuple[int, ...]
    moved: tuple[int, ...]
    # Target auto-codings a coder's own coding collapsed onto: unmarked by the merge (the
    # coder made that judgement), marked again by its undo. (coding id, rule)
    unmarked: tuple[tuple[int, str], ...] = ()


EDITABLE = ("name", "color", "description", "inclusion", "exclusion", "example", "shortcut")


def new_guid() -> str:
    return str(uuid.uuid4())


class CodeStore:
    """Reads and changes the codebook of one project."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- reading -------------------------------------------------------------------------------

    def all(self) -> list[Code]:
        """Every code in tree order (depth first, siblings by sort order then name).

        Iterative, so a tree of any depth is walked without recursion.
        """
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM codes").fetchall()
        children: dict[int | None, list[Any]] = {}
        for row in rows:
            children.setdefault(row[2], []).append(row)
        for siblings in children.values():
            siblings.sort(key=lambda r: (r[10], r[3].casefold()), reverse=True)
        ordered: list[Code] = []
        stack: list[tuple[Any, str, int]] = [(row, "", 0) for row in children.get(None, [])]
        while stack:
            row, prefix, depth = stack.pop()
            path = f"{prefix}{SEPARATOR}{row[3]}" if prefix else str(row[3])
            ordered.append(_code(row, path, depth))
            stack.extend((child, path, depth + 1) for child in children.get(row[0], []))
        return ordered

    def get(self, code_id: int) -> Code:
        """One code with its path, reading only its ancestors (cheap at any depth)."""
        row = self._db.execute(f"SELECT {_COLUMNS} FROM codes WHERE id = ?", [code_id]).fetchone()
        if row is None:
            raise NotFound(f"no code with id {code_id}")
        names = [
            str(name)
            for (name,) in self._db.execute(
                "WITH RECURSIVE up(id, parent_id, name, level) AS ("
                "SELECT id, parent_id, name, 0 FROM codes WHERE id = ? UNION ALL "
                "SELECT c.id, c.parent_id, c.name, up.level + 1 FROM codes c "
                "JOIN up ON c.id = up.parent_id WHERE up.level < ?) "
                "SELECT name FROM up ORDER BY level DESC",
                [code_id, _MAX_DEPTH],
            )
        ]
        return _code(row, join_code_path(names), len(names) - 1)

    def by_path(self, path: str) -> Code:
        """The code at ``path``, found part by part (one query per level)."""
        parts = split_code_path(path)
        parent: int | None = None
        for part in parts:
            parent = self._child(parent, part)
            if parent is None:
                raise NotFound(f"no code {join_code_path(parts)!r} in the codebook")
        assert parent is not None
        return self.get(parent)

    def by_guid(self, guid: str) -> Code:
        row = self._db.execute("SELECT id FROM codes WHERE guid = ?", [guid.lower()]).fetchone()
        if row is None:
            raise NotFound(f"no code with GUID {guid}")
        return self.get(int(row[0]))

    def descendants(self, code_id: int) -> list[int]:
        """Ids of ``code_id`` and every code below it."""
        rows = self._db.execute(
            "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL "
            "SELECT c.id FROM codes c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub",
            [code_id],
        )
        return [int(row[0]) for row in rows]

    def counts_by_coder(
        self, code_id: int, coder_ids: Sequence[int] | None = None
    ) -> dict[str, int]:
        """Codings of one code per coder name (only ``coder_ids``' if given)."""
        only, params = _coder_clause(coder_ids)
        rows = self._db.execute(
            "SELECT r.name, count(*) FROM codings c JOIN coders r ON r.id = c.coder_id "
            f"WHERE c.code_id = ?{only} GROUP BY r.name ORDER BY r.name",
            [code_id, *params],
        )
        return {str(name): int(count) for name, count in rows}

    def coding_counts(self, coder_ids: Sequence[int] | None = None) -> dict[int, int]:
        """Codings per code id (only ``coder_ids``' if given: blind coding)."""
        only, params = _coder_clause(coder_ids)
        rows = self._db.execute(
            f"SELECT c.code_id, count(*) FROM codings c WHERE 1{only} GROUP BY c.code_id", params
        )
        return {int(code_id): int(count) for code_id, count in rows}

    # -- changing ------------------------------------------------------------------------------

    def add(
        self,
        name: str,
        *,
        parent_id: int | None = None,
        color: str | None = None,
        description: str = "",
        shortcut: str | None = None,
        guid: str | None = None,
    ) -> Change:
        """Add one code under ``parent_id`` (or at the top), last among its siblings."""
        with self._db.atomic():
            code_id = self._insert(name, parent_id, color, description, shortcut, guid)
        return Change(f"Added code {name.strip()}", "code", added=(code_id,))

    def ensure_path(
        self, path: str, *, color: str | None = None, description: str = ""
    ) -> tuple[Code, Change]:
        """The code at ``path``, creating it and any missing parents (one transaction).

        ``color`` and ``description`` apply to the last part only, and only if it is created.
        """
        parts = split_code_path(path)
        added: list[int] = []
        with self._db.atomic():
            parent: int | None = None
            for depth, part in enumerate(parts):
                existing = self._child(parent, part)
                if existing is not None:
                    parent = existing
                    continue
                last = depth == len(parts) - 1
                parent = self._insert(
                    part, parent, color if last else None, description if last else "", None, None
                )
                added.append(parent)
        assert parent is not None
        code = self.get(parent)
        summary = f"Added code {code.path}" if added else f"Code {code.path} exists"
        return code, Change(summary, "code", added=tuple(added))

    def update(self, code_id: int, **fields: str | None) -> Change:
        """Change any of name, color, description, inclusion, exclusion, example, shortcut."""
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise AnnotatorError(f"cannot change {', '.join(sorted(unknown))} of a code")
        before = self.get(code_id)
        values = dict(fields)
        if "name" in values:
            values["name"] = check_code_name(values["name"] or "")
            self._check_sibling_free(before.parent_id, str(values["name"]), code_id)
        if "color" in values:
            values["color"] = _colour(values["color"])
        if "shortcut" in values:
            values["shortcut"] = self._check_shortcut(values["shortcut"], code_id)
        if not values:
            return Change("Nothing changed", "code")
        assignments = ", ".join(f"{column} = ?" for column in values)
        with self._db.atomic():
            self._db.execute(
                f"UPDATE codes SET {assignments} WHERE id = ?", [*values.values(), code_id]
            )
        what = ", ".join(values)
        return Change(
            f"Changed {what} of {before.path}", "code", updated=(code_id,), before=(before,)
        )

    def move(self, code_id: int, parent_id: int | None, position: int | None = None) -> Change:
        """Move a code (with its subtree) under ``parent_id`` at ``position`` among siblings."""
        before = self.get(code_id)
        if parent_id is not None and parent_id in self.descendants(code_id):
            raise Conflict(f"cannot move {before.path} into itself or one of its children")
        self._check_sibling_free(parent_id, before.name, code_id)
        siblings = [c.id for c in self.all() if c.parent_id == parent_id and c.id != code_id]
        index = len(siblings) if position is None else max(0, min(position, len(siblings)))
        siblings.insert(index, code_id)
        with self._db.atomic():
            self._db.execute("UPDATE codes SET parent_id = ? WHERE id = ?", [parent_id, code_id])
            for order, sibling in enumerate(siblings):
                self._db.execute("UPDATE codes SET sort_order = ? WHERE id = ?", [order, sibling])
        return Change(f"Moved {before.path}", "code", updated=(code_id,), before=(before,))

    def merge(self, source_id: int, target_id: int) -> Change:
        """Move every coding of ``source_id`` to ``target_id``; identical ones collapse.

        The source code's children move under the target; the source code is then deleted.
        """
        source, target = self.get(source_id), self.get(target_id)
        if source_id == target_id or target_id in self.descendants(source_id):
            raise Conflict(f"cannot merge {source.path} into {target.path}")
        snapshot = self._snapshot([source_id])
        children_ids = [int(r[0]) for r in self._db.execute(
            "SELECT id FROM codes WHERE parent_id = ?", [source_id])]  # fmt: skip
        with self._db.atomic():
            unmarked = [(int(r[0]), str(r[1])) for r in self._db.execute(
                "SELECT t.id, t.auto_rule FROM codings t JOIN codings s ON "
                "s.document_id = t.document_id AND s.coder_id = t.coder_id AND "
                "s.span_start = t.span_start AND s.span_end = t.span_end "
                "WHERE s.code_id = ? AND t.code_id = ? AND s.auto_rule IS NULL "
                "AND t.auto_rule IS NOT NULL",
                [source_id, target_id],
            ).fetchall()]  # fmt: skip
            self._db.conn.executemany(
                "UPDATE codings SET auto_rule = NULL WHERE id = ?", [(i,) for i, _ in unmarked]
            )
            moved_ids = [int(r[0]) for r in self._db.execute(
                "UPDATE OR IGNORE codings SET code_id = ? WHERE code_id = ? RETURNING id",
                [target_id, source_id],
            ).fetchall()]  # fmt: skip
            moved = len(moved_ids)
            collapsed = self._db.execute(
                "DELETE FROM codings WHERE code_id = ?", [source_id]
            ).rowcount
            children = self._db.execute(
                "SELECT id, name FROM codes WHERE parent_id = ?", [source_id]
            ).fetchall()
            for child in children:
                if self._child(target_id, child[1]) is not None:
                    raise Conflict(f"{target.path} already has a child named {child[1]!r}")
                self._db.execute(
                    "UPDATE codes SET parent_id = ? WHERE id = ?", [target_id, child[0]]
                )
            self._db.execute("DELETE FROM code_memos WHERE code_id = ?", [source_id])
            self._db.execute("DELETE FROM codes WHERE id = ?", [source_id])
        record = MergeRecord(snapshot, tuple(children_ids), tuple(moved_ids), tuple(unmarked))
        return Change(
            f"Merged {source.path} into {target.path} ({plural(moved, 'coding')} moved, "
            f"{plural(collapsed, 'duplicate')} collapsed)",
            "code", removed=(source_id,), updated=(target_id,), before=(record,),
            document_ids=frozenset(int(row[1]) for row in snapshot.codings),
        )  # fmt: skip

    def unmerge(self, record: MergeRecord) -> Change:
        """Undo a merge: the source code, its children, its codings (moved and collapsed)."""
        source_id = int(record.snapshot.codes[0][0])
        moved = set(record.moved)
        collapsed = CodeSnapshot(
            record.snapshot.codes,
            tuple(r for r in record.snapshot.codings if int(r[0]) not in moved),
            record.snapshot.memos,
        )
        with self._db.atomic():
            self.restore(collapsed)
            for child in record.children:
                self._db.execute("UPDATE codes SET parent_id = ? WHERE id = ?", [source_id, child])
            for coding_id in record.moved:
                self._db.execute(
                    "UPDATE codings SET code_id = ? WHERE id = ?", [source_id, coding_id]
                )
            for coding_id, rule in record.unmarked:
                self._db.execute("UPDATE codings SET auto_rule = ? WHERE id = ?", [rule, coding_id])
        return Change(
            "Split a merge", "code", added=(source_id,),
            document_ids=frozenset(int(row[1]) for row in record.snapshot.codings),
        )  # fmt: skip

    def position(self, code_id: int) -> int:
        """Index of a code among its siblings."""
        code = self.get(code_id)
        siblings = [c.id for c in self.all() if c.parent_id == code.parent_id]
        return siblings.index(code_id)

    def delete(self, code_id: int) -> Change:
        """Delete a code, its subtree and all their codings.

        ``Change.before`` holds a :class:`CodeSnapshot` from which :meth:`restore` puts it all
        back (undo).
        """
        before = self.get(code_id)
        ids = self.descendants(code_id)
        snapshot = self._snapshot(ids)
        marks = ", ".join("?" for _ in ids)
        with self._db.atomic():
            self._db.execute(f"DELETE FROM codings WHERE code_id IN ({marks})", ids)
            self._db.execute(f"DELETE FROM code_memos WHERE code_id IN ({marks})", ids)
            # Children first, so the parent reference never dangles.
            for child in reversed(ids):
                self._db.execute("DELETE FROM codes WHERE id = ?", [child])
        return Change(
            f"Deleted code {before.path} and {plural(len(snapshot.codings), 'coding')}", "code",
            removed=tuple(ids), before=(snapshot,),
            document_ids=frozenset(row[1] for row in snapshot.codings),
        )  # fmt: skip

    def restore(self, snapshot: CodeSnapshot) -> Change:
        """Put back deleted codes with their ids, GUIDs, codings and memos (undo of delete)."""
        with self._db.atomic():
            for row in snapshot.codes:
                self._db.execute(f"INSERT INTO codes ({_COLUMNS}) VALUES ({_MARKS})", list(row))
            for row in snapshot.codings:
                self._db.execute(
                    f"INSERT INTO codings ({_CODING_COLUMNS}) VALUES ({_CODING_MARKS})",
                    list(row),
                )
            for code_id, text, updated in snapshot.memos:
                self._db.execute(
                    "INSERT INTO code_memos (code_id, text, updated_at) VALUES (?, ?, ?)",
                    [code_id, text, updated],
                )
        ids = tuple(int(row[0]) for row in snapshot.codes)
        return Change(
            "Restored codes", "code", added=ids,
            document_ids=frozenset(int(row[1]) for row in snapshot.codings),
        )  # fmt: skip

    def snapshot(self, ids: list[int]) -> CodeSnapshot:
        """Rows of these codes (parents first) with their codings and memos."""
        return self._snapshot(ids)

    def _snapshot(self, ids: list[int]) -> CodeSnapshot:
        marks = ", ".join("?" for _ in ids)
        order = {code_id: n for n, code_id in enumerate(ids)}
        codes = sorted(
            (
                tuple(r)
                for r in self._db.execute(
                    f"SELECT {_COLUMNS} FROM codes WHERE id IN ({marks})", ids
                )
            ),
            key=lambda r: order[int(r[0])],
        )
        codings = [
            tuple(r)
            for r in self._db.execute(
                f"SELECT {_CODING_COLUMNS} FROM codings WHERE code_id IN ({marks})", ids
            )
        ]
        memos = [
            (int(r[0]), str(r[1]), str(r[2]))
            for r in self._db.execute(
                f"SELECT code_id, text, updated_at FROM code_memos WHERE code_id IN ({marks})", ids
            )
        ]
        return CodeSnapshot(tuple(codes), tuple(codings), tuple(memos))

    def count_codings(self, code_id: int, coder_ids: Sequence[int] | None = None) -> int:
        """Codings of ``code_id`` and the codes below it (only ``coder_ids``' if given)."""
        ids = self.descendants(code_id)
        marks = ", ".join("?" for _ in ids)
        only, params = _coder_clause(coder_ids)
        row = self._db.execute(
            f"SELECT count(*) FROM codings c WHERE c.code_id IN ({marks}){only}", [*ids, *params]
        )
        return int(row.fetchone()[0])

    # -- helpers -------------------------------------------------------------------------------

    def _insert(
        self,
        name: str,
        parent_id: int | None,
        color: str | None,
        description: str,
        shortcut: str | None,
        guid: str | None,
    ) -> int:
        clean = check_code_name(name)
        if (
            parent_id is not None
            and not self._db.execute("SELECT 1 FROM codes WHERE id = ?", [parent_id]).fetchone()
        ):
            raise NotFound(f"no code with id {parent_id}")
        self._check_sibling_free(parent_id, clean, None)
        shortcut = self._check_shortcut(shortcut, None)
        if color:
            colour = _colour(color)
        else:
            used = [str(r[0]) for r in self._db.execute("SELECT color FROM codes")]
            colour = fresh_colour(used)
        order = self._db.execute(
            "SELECT coalesce(max(sort_order) + 1, 0) FROM codes WHERE parent_id IS ?", [parent_id]
        ).fetchone()[0]
        try:
            cursor = self._db.execute(
                "INSERT INTO codes (guid, parent_id, name, color, description, shortcut, "
                "sort_order) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (guid or new_guid()).lower(),
                    parent_id,
                    clean,
                    colour,
                    description,
                    shortcut,
                    order,
                ],
            )
        except sqlite3.IntegrityError as err:
            raise Conflict(f"cannot add code {clean!r}: {err}") from err
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _child(self, parent_id: int | None, name: str) -> int | None:
        row = self._db.execute(
            "SELECT id FROM codes WHERE parent_id IS ? AND name = ?", [parent_id, name.strip()]
        ).fetchone()
        return None if row is None else int(row[0])

    def _check_sibling_free(self, parent_id: int | None, name: str, code_id: int | None) -> None:
        existing = self._child(parent_id, name)
        if existing is not None and existing != code_id:
            where = "at the top level" if parent_id is None else f"under {self.get(parent_id).path}"
            raise Conflict(f"a code named {name!r} already exists {where}")

    def _check_shortcut(self, shortcut: str | None, code_id: int | None) -> str | None:
        if shortcut is None or not shortcut.strip():
            return None
        shortcut = shortcut.strip()
        row = self._db.execute("SELECT id FROM codes WHERE shortcut = ?", [shortcut]).fetchone()
        if row is not None and int(row[0]) != code_id:
            raise Conflict(f"shortcut {shortcut} is already used by {self.get(int(row[0])).path}")
        return shortcut


def _colour(value: str | None) -> str:
    try:
        return normalise_colour(value or "")
    except ValueError as err:
        raise AnnotatorError(str(err)) from err


def _code(row: Any, path: str, depth: int) -> Code:
    return Code(
        id=int(row[0]), guid=str(row[1]), parent_id=None if row[2] is None else int(row[2]),
        name=str(row[3]), path=path, color=str(row[4]), description=str(row[5]),
        inclusion=str(row[6]), exclusion=str(row[7]), example=str(row[8]),
        shortcut=None if row[9] is None else str(row[9]), sort_order=int(row[10]), depth=depth,
    )  # fmt: skip


__all__ = ["CodeSnapshot", "CodeStore", "MergeRecord", "new_guid"]
