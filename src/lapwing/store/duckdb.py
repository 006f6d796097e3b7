"""The DuckDB backend: one connection per Store, a file (or ":memory:")."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb

from lapwing.store.base import Store, StoreBusy, StoreError

_FETCH_ROWS = 500
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")


class DuckDBStore(Store):
    """A store in a DuckDB file; only one process may hold it open for writing."""

    _db_errors = (duckdb.Error,)
    # DuckDB binds each parameter slowly (~10 us); one list per column is ~5x faster
    # than row-wise VALUES and ~20x faster than executemany.
    _columnar = True

    def __init__(self, path: str | Path = "lapwing.duckdb", *, read_only: bool = False) -> None:
        self.location = str(path)
        self.read_only = read_only
        if read_only and self.location != ":memory:" and not Path(path).exists():
            raise StoreError(f"no lapwing store at {self.location}")
        try:
            self._conn = duckdb.connect(self.location, read_only=read_only)
        except duckdb.IOException as e:
            message = _open_error(self.location, e)
            busy = message.startswith("database is locked")
            raise (StoreBusy if busy else StoreError)(message) from e
        except duckdb.Error as e:
            raise StoreError(f"cannot open {self.location} as a DuckDB store: {e}") from e
        try:
            if read_only:
                self._check_version()
            else:
                self._create_schema()
        except BaseException:
            self._conn.close()
            raise

    def close(self) -> None:
        self._conn.close()

    def _execute(self, sql: str, params: Sequence[Any]) -> None:
        self._conn.execute(sql, list(params))

    def _fetchall(self, sql: str, params: Sequence[Any]) -> list[tuple]:
        try:
            return self._conn.execute(sql, list(params)).fetchall()
        except duckdb.Error as e:
            raise StoreError(f"cannot read {self.location}: {e}") from e

    def _stream(self, sql: str, params: Sequence[Any]) -> Iterator[tuple]:
        # A cursor is its own connection to the same database, so a half-read
        # iterator does not get in the way of writes on the main connection.
        try:
            cursor = self._conn.cursor()
        except duckdb.Error as e:
            raise StoreError(f"cannot read {self.location}: {e}") from e
        try:
            cursor.execute(sql, list(params))
            while rows := cursor.fetchmany(_FETCH_ROWS):
                yield from rows
        except duckdb.Error as e:
            raise StoreError(f"cannot read {self.location}: {e}") from e
        finally:
            cursor.close()

    def _begin(self) -> None:
        self._conn.begin()

    def _commit(self) -> None:
        self._conn.commit()

    def _rollback(self) -> None:
        self._conn.rollback()


def _open_error(location: str, error: duckdb.IOException) -> str:
    message = str(error)
    holder = _LOCK_HOLDER.search(message)
    if holder or "lock" in message.lower():
        who = f" ({holder.group(1)}, PID {holder.group(2)})" if holder else ""
        return (
            f"database is locked by another lapwing process{who}: {location}; "
            "only one process can write a DuckDB store at a time -- wait for it to "
            "finish, or give this one another --db"
        )
    return f"cannot open {location}: {message}"
