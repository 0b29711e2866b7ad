"""The one object that owns the DuckDB connection.

Sharing: one process (the Streamlit app, or one CLI command) opens the file and keeps one
connection; every read and write takes its own cursor, which is how DuckDB shares a
connection safely across Streamlit's session threads. Writes are serialised with a lock
and run in a transaction, so many sessions never lose a write or see "connection busy".
DuckDB lets only one process hold the file; a second process gets ``StoreLockedError``
with a Dutch sentence instead of the raw lock error.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from kompas.domain.errors import (
    AccessUnknownError,
    RawSqlRefusedError,
    SchemaTooNewError,
    StoreCorruptError,
    StoreLockedError,
    StoreNotFoundError,
)
from kompas.domain.roles import OWNER, Access

if TYPE_CHECKING:  # pandas only for the hints: DuckDB imports it itself when ``df`` is called
    import pandas as pd

# Every DuckDB file the library opens: no extension is installed or loaded behind its back (backup uses it too).
DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
_PID = re.compile(r"PID (\d+)")


def migrations() -> list[tuple[int, str, str]]:
    """The numbered migrations shipped with the library: (version, name, sql), in order."""
    found = []
    for entry in resources.files("kompas.store.migrations").iterdir():
        match = re.match(r"^(\d{3})_(\w+)\.sql$", entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


def latest_version() -> int:
    return migrations()[-1][0]


class Store:
    """A Kwaliteitskompas store in one DuckDB file.

    A raw ``Store`` has no access: the library's functions that read or write as somebody refuse it
    (``kompas.domain.roles.of`` raises ``AccessUnknownError``). Hand them a view: ``as_user`` for a person,
    ``as_system`` for the library's own work on the whole file.

    >>> store = Store(":memory:", create=True)
    >>> store.schema_version() == latest_version()
    True
    """

    def __init__(self, path: str | Path, create: bool = False):
        self.path = str(path)
        is_new = self.path != ":memory:" and not Path(self.path).exists()
        if is_new and not create:
            raise StoreNotFoundError(self.path)
        self._con = connect(self.path)
        if is_new:  # only its owner may read it (kompas.store.files); the CLI has no password
            from kompas.store.permissions import make_private

            make_private(self.path)
        self._write_lock = threading.RLock()
        self.data_version = 0
        self.migrate()

    def as_user(self, user: str, role: str) -> StoreView:
        """This store as one person in one role sees it: reads are clamped to the role, writes
        are refused (``NotAllowedError``) unless the role may edit. Shares the connection.

        >>> store = Store(":memory:", create=True)
        >>> store.as_user("Els", "raad").access.audience("werkgroep")
        'openbaar'
        """
        return StoreView(self, Access(role, user))

    def as_system(self, purpose: str) -> StoreView:
        """This store as the system itself uses it, with full rights (``OWNER``): for the library's own work
        on the whole file (building the demo or a synthetic store, restoring a backup, ``kompas init``, tests,
        a notebook), never for a person. ``purpose`` says why, in a few words (shown in ``repr``); the audit
        log names the actor 'systeem'. Whoever holds the ``Store`` could run any SQL on it, so a system view
        answers raw SQL to every caller and can hand out a person's view (``as_user``).

        >>> store = Store(":memory:", create=True)
        >>> store.as_system("demo bouwen").access.role
        'systeem'
        """
        return StoreView(self, OWNER, purpose=purpose)

    # --- connection -------------------------------------------------------------------
    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def df(self, sql: str, params: list | tuple | None = None) -> pd.DataFrame:
        """Run a parameterised read and return a DataFrame."""
        with self.cursor() as cur:
            return cur.execute(sql, params or []).df()

    def rows(self, sql: str, params: list | tuple | None = None) -> list[dict]:
        """Run a parameterised read and return a list of dicts (column name -> value)."""
        with self.cursor() as cur:
            result = cur.execute(sql, params or [])
            names = [d[0] for d in result.description]
            return [dict(zip(names, row)) for row in result.fetchall()]

    def scalar(self, sql: str, params: list | tuple | None = None):
        with self.cursor() as cur:
            row = cur.execute(sql, params or []).fetchone()
            return None if row is None else row[0]

    @contextmanager
    def transaction(
        self, *, changes_data: bool = True, on: duckdb.DuckDBPyConnection | None = None
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor inside one transaction: committed on success, rolled back on any error.
        ``changes_data=False`` (only the audit log) keeps ``data_version``, so cached reads stay valid.
        ``on``: run the transaction on this open cursor (its temp tables stay readable), not a new one."""
        with self._write_lock, nullcontext(on) if on is not None else self.cursor() as cur:
            cur.begin()
            try:
                yield cur
            except BaseException:
                cur.rollback()
                raise
            cur.commit()
            if changes_data:
                self.data_version += 1

    @contextmanager
    def log_transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A transaction that writes only to the audit log (an export is logged, nothing else changes)."""
        with self.transaction(changes_data=False) as cur:
            yield cur

    # --- schema -----------------------------------------------------------------------
    def schema_version(self) -> int:
        """The highest migration applied to this file; 0 for a file without migrations (a new one)."""
        with self.cursor() as cur:
            try:  # asking for the table beats asking information_schema first: 10-40 ms on every start
                return cur.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]
            except duckdb.CatalogException:
                return 0

    def migrate(self) -> list[int]:
        """Apply the migrations this file lacks, each in its own transaction; return those applied."""
        current = self.schema_version()
        if current == 0 and self.scalar("SELECT count(*) FROM information_schema.tables"):
            raise StoreCorruptError(self.path)  # a DuckDB file, but someone else's
        known = latest_version()
        if current > known:
            raise SchemaTooNewError(self.path, current, known)
        applied = []
        for version, name, sql in migrations():
            if version <= current:
                continue
            with self.transaction() as cur:
                cur.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations ("
                    " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                    " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
                )
                cur.execute(sql)
                cur.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
            applied.append(version)
        return applied

    # --- store-wide facts ---------------------------------------------------------------
    def info(self, key: str, default: str = "") -> str:
        value = self.scalar("SELECT value FROM store_info WHERE key = ?", [key])
        return default if value is None else value

    def set_info(self, key: str, value: str) -> None:
        with self.transaction() as cur:
            cur.execute(
                "INSERT INTO store_info VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )


class StoreView:
    """A person's view of a ``Store``: the same connection, with their ``Access``.

    The view has no raw SQL for its person: ``df``, ``rows``, ``scalar``, ``cursor``, the transactions and
    ``base`` answer only the library's own functions (code in the ``kompas`` package), which filter every
    read of figures (``kompas.store.suppression``: hidden figures have no value; the council sees no provisional
    figure) and stories (``kompas.domain.roles``: visibility per role) and log every change. Called from anywhere
    else (a page, a notebook, a plug-in) they raise ``RawSqlRefusedError`` and nothing is read or changed.
    A transaction first checks that the role may edit, so a refused write changes nothing.
    A system view (``Store.as_system``, access ``OWNER``) is the file's owner and answers every caller.
    """

    def __init__(self, store: Store, access: Access, *, purpose: str = ""):
        self._store = store
        self.access = access
        self.purpose = purpose

    def __repr__(self) -> str:
        why = f", {self.purpose!r}" if self.purpose else ""
        return f"StoreView({self._store.path!r}, {self.access.role}: {self.access.user!r}{why})"

    def _library(self) -> Store:
        """The store itself, for a caller inside the library; ``RawSqlRefusedError`` for anyone else."""
        if self.access is OWNER:
            return self._store
        caller = sys._getframe(2).f_globals.get("__name__", "")
        if caller != "kompas" and not caller.startswith("kompas."):
            raise RawSqlRefusedError(self.access.role)
        return self._store

    def as_user(self, user: str, role: str) -> StoreView:
        """Another person's view of the same store: only from a system view or inside the library
        (``RawSqlRefusedError`` for a person's view used outside it), so a role cannot widen itself."""
        return self._library().as_user(user, role)

    @property
    def base(self) -> Store:
        return self._library()

    @property
    def path(self) -> str:
        return self._store.path

    @property
    def data_version(self) -> int:
        return self._store.data_version

    def cursor(self):
        return self._library().cursor()

    def df(self, sql: str, params: list | tuple | None = None) -> pd.DataFrame:
        return self._library().df(sql, params)

    def rows(self, sql: str, params: list | tuple | None = None) -> list[dict]:
        return self._library().rows(sql, params)

    def scalar(self, sql: str, params: list | tuple | None = None):
        return self._library().scalar(sql, params)

    def schema_version(self) -> int:
        return self._store.schema_version()

    def info(self, key: str, default: str = "") -> str:
        return self._store.info(key, default)

    def transaction(self, changes_data: bool = True, *, on: duckdb.DuckDBPyConnection | None = None):
        store = self._library()
        self.access.require_edit()
        return store.transaction(changes_data=changes_data, on=on)

    def log_transaction(self):
        """A transaction for the audit log only: also for roles that may not edit (an export is logged)."""
        return self._library().log_transaction()

    def set_info(self, key: str, value: str) -> None:
        store = self._library()
        self.access.require_edit()
        store.set_info(key, value)

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> StoreView:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def raw(store: StoreView) -> StoreView:
    """For the library's own functions: the store under a person's view as the system sees it (``OWNER``, full
    rights, raw SQL), to read before filtering for that person. ``RawSqlRefusedError`` when a person's view is
    passed from outside the ``kompas`` package; ``AccessUnknownError`` for a raw ``Store`` (say whose view it is).
    """
    if not isinstance(store, StoreView):
        raise AccessUnknownError(store)
    if store.access is OWNER:
        return store
    caller = sys._getframe(1).f_globals.get("__name__", "")
    if caller != "kompas" and not caller.startswith("kompas."):
        raise RawSqlRefusedError(store.access.role)
    return store._store.as_system("read before filtering for a person")


DatabaseError = duckdb.Error  # what DuckDB raises; callers outside the store catch this name


def scratch() -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB connection, for work that needs SQL but no store (close it: ``with``)."""
    return duckdb.connect()


def connect(path: str) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to the store file at ``path``; ``StoreLockedError`` while another process holds
    it, ``StoreCorruptError`` (Dutch) when it is no DuckDB store."""
    try:
        return duckdb.connect(path, config=DUCKDB_CONFIG)
    except duckdb.IOException as exc:
        message = str(exc)
        if "lock" in message.lower():
            pid = _PID.search(message)
            raise StoreLockedError(path, pid.group(1) if pid else None) from None
        if "not a valid DuckDB database" in message:
            raise StoreCorruptError(path) from None
        raise StoreCorruptError(path) from exc
    except duckdb.Error as exc:
        raise StoreCorruptError(path) from exc
