"""The SQLite connection of an open project: how it begins, retries and commits transactions.

Three things here keep committed work on disk when the file is shared:

* Transactions begin ``IMMEDIATE``: a deferred ``BEGIN`` that later needs to write fails at
  once with "database is locked" when another program writes, whatever the busy timeout. An
  immediate one waits its turn; it is retried until :data:`WRITE_BUDGET` seconds have passed.
* The write-ahead log is watched. Closing *any* descriptor of the project file in this process
  drops SQLite's POSIX locks; another program may then take itself for the last user, fold the
  log into the file and delete it. Writes would then go to a deleted file and vanish on a
  crash. The log's device and inode are recorded at open and compared (one ``os.stat``) before
  and after each commit; if it is gone or replaced, writing stops with :class:`JournalLost`.
* Closing does not wait: the final checkpoint runs with no busy timeout, so a reader in another
  program never stalls the close.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
import time
from collections.abc import Generator, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.errors import JournalLost, ReadOnlyProject

if TYPE_CHECKING:
    # For type checking, a ProjectDatabase is the sqlite-utils Database the stores are typed
    # with. At run time it only needs ``conn``, ``execute`` and ``atomic`` (all the stores use),
    # so sqlite-utils is not imported at start-up (see annotator.store.migration_registry).
    from sqlite_utils import Database as _Base
else:
    _Base = object

_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
WRITE_BUDGET = 10.0  # seconds a write waits for other programs before it is refused
_RETRY_PAUSE = 0.005


class ProjectDatabase(_Base):
    """The project's connection: ``execute`` and an :meth:`atomic` safe for a shared file.

    Attributes:
        path: the project file.
        read_only: opened read-only (read-only file, folder or mount); writes are refused.
        write_budget: seconds a transaction may wait for the write lock.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        *,
        read_only: bool = False,
        write_budget: float = WRITE_BUDGET,
    ) -> None:
        self.conn = conn
        conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils set it
        self.path = path
        self.read_only = read_only
        self.write_budget = write_budget
        self._journal: tuple[int, int] | None = None
        self._journal_lost = False

    def execute(self, sql: str, parameters: Iterable[Any] | dict[str, Any] | None = None) -> Any:
        """Run one statement; a write outside a transaction is committed at once.

        That is what ``sqlite_utils.Database.execute`` does and what callers rely on; the
        commit checks the journal like :meth:`atomic` does.
        """
        values: Any = parameters if parameters is not None else ()
        was_in_transaction = self.conn.in_transaction
        try:
            cursor = self.conn.execute(sql, values)
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if (
            not was_in_transaction
            and self.conn.in_transaction
            and cursor.description is None
            and sql.lstrip().split(None, 1)[0].upper() not in _TRANSACTION_CONTROL
        ):
            try:
                self._refuse_if_journal_lost()
                self._retry_busy("COMMIT")
            except BaseException:
                self.rollback()
                raise
        return cursor

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    # -- the write-ahead log -------------------------------------------------------------------

    @property
    def wal_path(self) -> Path:
        return self.path.with_name(self.path.name + "-wal")

    def watch_journal(self) -> None:
        """Remember which file is the log now (call once the connection has read the file)."""
        try:
            info = os.stat(self.wal_path)
        except OSError:
            self._journal = None
            return
        self._journal = (info.st_dev, info.st_ino)

    def journal_intact(self) -> bool:
        """False once the log this connection writes to was deleted or replaced by another."""
        if self._journal_lost:
            return False
        if self._journal is None:
            return True
        try:
            info = os.stat(self.wal_path)
        except FileNotFoundError:
            self._journal_lost = True
        else:
            self._journal_lost = (info.st_dev, info.st_ino) != self._journal
        return not self._journal_lost

    def _refuse_if_journal_lost(self, *, committed: bool = False) -> None:
        if self.journal_intact():
            return
        when = "the last change may not be saved; " if committed else "nothing more is written; "
        raise JournalLost(
            f"{self.path}: another program removed or replaced the project's journal "
            f"({self.wal_path.name}) while it was open here; {when}"
            "close the project and open it again"
        )

    # -- transactions --------------------------------------------------------------------------

    @contextlib.contextmanager
    def atomic(self) -> Generator[ProjectDatabase, None, None]:
        """One transaction (a savepoint when nested) that begins IMMEDIATE and checks the log."""
        if self.conn.in_transaction:
            with self._savepoint():
                yield self
            return
        if self.read_only:
            raise ReadOnlyProject(
                f"{self.path}: opened read-only (the file, its folder or its disk cannot be "
                "written); nothing was changed"
            )
        self._refuse_if_journal_lost()
        self.begin_immediate()
        try:
            yield self
            self._refuse_if_journal_lost()
        except BaseException:
            self.rollback()
            raise
        try:
            self._retry_busy("COMMIT")
        except BaseException:
            self.rollback()
            raise
        self._refuse_if_journal_lost(committed=True)

    def begin_immediate(self) -> None:
        """Take the write lock now, waiting (within the budget) for other writers."""
        self._retry_busy("BEGIN IMMEDIATE")

    def _retry_busy(self, statement: str) -> None:
        deadline = time.monotonic() + self.write_budget
        while True:
            try:
                self.conn.execute(statement)
                return
            except sqlite3.OperationalError as err:
                if not _is_busy(err) or time.monotonic() >= deadline:
                    raise
            time.sleep(_RETRY_PAUSE)

    @contextlib.contextmanager
    def _savepoint(self) -> Generator[None, None, None]:
        name = f"annotator_{secrets.token_hex(8)}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        self.conn.execute(f"RELEASE SAVEPOINT {name}")

    # -- closing -------------------------------------------------------------------------------

    def close(self) -> None:
        """Fold the log into the file if nobody else needs it, without waiting; then close.

        After the log was lost nothing is checkpointed: this connection's view is stale.
        """
        if not self.read_only and self.journal_intact():
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("PRAGMA busy_timeout = 0")
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        self.conn.close()


def _is_busy(err: sqlite3.OperationalError) -> bool:
    code = getattr(err, "sqlite_errorcode", None)
    if code is not None:
        return bool(code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED))
    return "locked" in str(err) or "busy" in str(err)
