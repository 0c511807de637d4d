"""Coders: the people (or models) whose codings the project keeps apart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError, NotFound
from annotator.core.model import Coder
from annotator.core.names import coder_key, default_coders, same_coder

if TYPE_CHECKING:
    from sqlite_utils import Database

    from annotator.store.review import SettingsStore

# How many known coders a "no coder named ..." message lists before it says "and N more".
_LISTED = 12


@dataclass(frozen=True)
class CoderChoice:
    """The coder someone codes as, and whether that name was new (a typo shows up here)."""

    coder: Coder
    added: bool


# The name rule lives in core (the agreement engine applies it too); callers import it here.
__all__ = ["CoderChoice", "CoderStore", "coder_clause", "coder_key", "same_coder"]


class CoderStore:
    """The project's coders, matched by name ignoring case and spacing everywhere.

    One rule for every command and dialog: a name given by a user is looked up with
    :meth:`by_name` (an unknown name is refused with the known ones listed), a person who is
    about to code gets their coder from :meth:`for_coding` (never the consensus coder, whose
    codings only review makes).
    """

    def __init__(self, db: Database, settings: SettingsStore | None = None) -> None:
        self._db = db
        self._settings = settings

    def all(self) -> list[Coder]:
        rows = self._db.execute("SELECT id, name FROM coders ORDER BY name")
        return [Coder(int(i), str(n)) for i, n in rows]

    def with_codings(self) -> list[Coder]:
        """Coders who have made at least one coding."""
        rows = self._db.execute(
            "SELECT id, name FROM coders WHERE id IN (SELECT DISTINCT coder_id FROM codings) "
            "ORDER BY name"
        )
        return [Coder(int(i), str(n)) for i, n in rows]

    def active(self, document_id: int | None = None, *, include_auto: bool = False) -> list[Coder]:
        """Whom agreement and comparison compare unless told otherwise.

        README "What counts": every coder who worked on the documents (on one, when given):
        made a coding there (auto-codings only with ``include_auto``: a search rule's hits
        are not a coder's judgement) or marked it done (a coder who found nothing to code
        there still agrees on "nothing here"); never the consensus coder, in any spelling.
        The command line's default (:func:`annotator.core.names.default_coders`), so that
        the dashboard and Compare Coders start from the figures ``annotator agreement``
        prints. A coder who only opened the project (the lead at the first-start prompt, a
        typo) worked nowhere and is not compared.
        """
        where, params = ("", []) if document_id is None else (" AND document_id = ?", [document_id])
        auto = "" if include_auto else " AND auto_rule IS NULL"
        rows = self._db.execute(
            f"SELECT DISTINCT coder_id FROM codings WHERE 1{auto}{where} UNION "
            f"SELECT coder_id FROM document_status WHERE status = 'done'{where}",
            params * 2,
        )
        worked = {int(row[0]) for row in rows}
        coders = {coder.name: coder for coder in self.all() if coder.id in worked}
        consensus = self._settings.consensus_coder if self._settings is not None else None
        return [coders[name] for name in default_coders(coders, consensus)]

    def by_name(self, name: str) -> Coder:
        """The coder of this name; case and spacing do not matter (see :meth:`ensure`)."""
        row = self._db.execute("SELECT id, name FROM coders WHERE name = ?", [name]).fetchone()
        if row is None:
            match = self.matching(name)
            if match is None:
                raise NotFound(f"no coder named {name!r} ({self._known()})")
            return match
        return Coder(int(row[0]), str(row[1]))

    def _known(self) -> str:
        """The coders there are, for a message about a name that is not one of them."""
        names = [coder.name for coder in self.all()]
        if not names:
            return "the project has no coders yet"
        more = f" and {len(names) - _LISTED} more" if len(names) > _LISTED else ""
        return "coders: " + ", ".join(names[:_LISTED]) + more

    def get(self, coder_id: int) -> Coder:
        row = self._db.execute("SELECT id, name FROM coders WHERE id = ?", [coder_id]).fetchone()
        if row is None:
            raise NotFound(f"no coder with id {coder_id}")
        return Coder(int(row[0]), str(row[1]))

    def ensure(self, name: str) -> Coder:
        """The coder named ``name``, created if new.

        Names that differ only in case or spacing ("Alice", " alice ", "ALICE") are one
        coder: the existing one is returned, so a typo at the prompt cannot split a coder's
        work in two. A new name is stored with its spaces collapsed.
        """
        clean = " ".join(name.split())
        if not clean:
            raise AnnotatorError("a coder needs a name")
        existing = self.matching(clean)
        if existing is not None:
            return existing
        with self._db.atomic():
            self._db.execute("INSERT OR IGNORE INTO coders (name) VALUES (?)", [clean])
        return self.by_name(clean)

    def matching(self, name: str) -> Coder | None:
        """The coder whose name equals ``name`` ignoring case and spacing, if any."""
        wanted = coder_key(name)
        rows = self._db.execute("SELECT id, name FROM coders ORDER BY id").fetchall()
        for row in rows:
            if coder_key(str(row[1])) == wanted:
                return Coder(int(row[0]), str(row[1]))
        return None

    def is_consensus(self, name: str) -> bool:
        """Whether ``name`` is the project's consensus coder (in any case or spacing)."""
        return self._settings is not None and same_coder(name, self._settings.consensus_coder)

    def consensus_problem(self, name: str) -> str:
        """Why ``name`` cannot be coded as ("" when it can): it is the consensus coder.

        The consensus holds only what a reviewer decided, each decision in the audit trail;
        codings made directly under its name would enter it with no record.
        """
        if self._settings is None or not self.is_consensus(name):
            return ""
        consensus = self.matching(name)
        shown = consensus.name if consensus is not None else self._settings.consensus_coder
        return (
            f"{shown!r} is the consensus coder: its codings are made through review "
            "(adjudication), which records every decision; code under your own name"
        )

    def refuse_consensus(self, name: str) -> None:
        """Refuse the consensus coder as someone to code as or to make a coder copy for."""
        if problem := self.consensus_problem(name):
            raise AnnotatorError(problem)

    def for_coding(self, name: str) -> CoderChoice:
        """The coder to code as ``name``: an existing one (any case or spacing), or a new one.

        ``added`` says the name was new, so that the caller can say so: a typo would
        otherwise split one person's work across two coders without a word.
        """
        self.refuse_consensus(name)
        existing = self.matching(name)
        if existing is not None:
            return CoderChoice(existing, added=False)
        return CoderChoice(self.ensure(name), added=True)


def coder_clause(coder_ids: Sequence[int] | None, alias: str = "c") -> tuple[str, list[int]]:
    """`` AND c.coder_id IN (…)`` and its parameters; nothing for every coder (None).

    Counts under blind coding are a coder's own: the window passes that coder's id.
    """
    if coder_ids is None:
        return "", []
    ids = list(coder_ids)
    return f" AND {alias}.coder_id IN ({', '.join('?' for _ in ids) or 'NULL'})", ids
