"""The PostgreSQL backend: `postgresql://user:password@host:port/dbname` with psycopg 3.

Only the connection lives here; the schema, upserts and queries are base.Store's.
What PostgreSQL needs on top:

- `?` placeholders become `%s` (and a literal `%` becomes `%%`), outside quoted text.
- Text sort keys are compared with `COLLATE "C"`: code-point order, as in DuckDB,
  whatever locale the database was created with.
- Writers serialize on a transaction-scoped advisory lock, so the read-then-write of
  a batch (which articles are stored, with which coding) is atomic across processes
  and concurrent `CREATE TABLE IF NOT EXISTS` cannot race; the ON CONFLICT upserts
  keep rows unique in any case. Coding, not writing, takes the time, so writers
  rarely wait.
- PostgreSQL text cannot hold NUL; a NUL character is stored as U+FFFD, which keeps
  every character offset valid.
- Reads stream through named (server-side) cursors on a second connection, so a
  half-read iterator never holds up a write on the first.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from lapwing.store.base import Store, StoreBusy, StoreError

try:
    import psycopg
    from psycopg import conninfo
except ImportError as e:  # an optional dependency: `pip install 'lapwing[postgres]'`
    raise StoreError(
        "PostgreSQL support needs psycopg 3: pip install 'psycopg[binary]>=3.2' "
        "(or lapwing[postgres])"
    ) from e

_FETCH_ROWS = 500
_CONNECT_TIMEOUT = 10  # seconds, unless the URL sets connect_timeout
# Any fixed 64-bit number; every lapwing writer on a database takes this lock.
_WRITE_LOCK = 0x6C617077696E67  # "lapwing"
_TEXT_SORT_KEYS = frozenset({"id", "origin", "article_id", "event_id", "event_type"})
_QUOTED = re.compile(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")")
_ORDER_BY = re.compile(r"ORDER BY ([\w., ]+?)(?=\s+LIMIT\b|\s*$|\))")
_streams = itertools.count()
# libpq repeats the host and port we already name, per address it tried
_CONNECT_NOISE = re.compile(
    r'connection failed: |connection to server (?:at|on socket) "[^"]*"(?: \([^)]*\))?'
    r"(?:, port \d+)? failed: |FATAL: +"
)


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """base.Store's SQL in psycopg's parameter style, text sorted by code point."""
    # psycopg reads % everywhere, quoted or not; `?` is a placeholder only outside quotes.
    parts = _QUOTED.split(sql.replace("%", "%%"))
    for i in range(0, len(parts), 2):  # even parts are outside quotes
        parts[i] = _ORDER_BY.sub(_collate_order, parts[i].replace("?", "%s"))
    return "".join(parts)


def _collate_order(match: re.Match[str]) -> str:
    keys = [k.strip() for k in match.group(1).split(",")]
    return "ORDER BY " + ", ".join(
        f'{k} COLLATE "C"' if k.rpartition(".")[2] in _TEXT_SORT_KEYS else k for k in keys
    )


def _clean(params: Sequence[Any]) -> list[Any]:
    return [_without_nul(p) if isinstance(p, str) else p for p in params]


def _without_nul(text: str) -> str:
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def describe(url: str) -> str:
    """`host:port/dbname` of a URL (never its password), for messages."""
    try:
        info = conninfo.conninfo_to_dict(url)
    except psycopg.Error:
        return "an invalid URL"
    host = info.get("host") or "localhost"
    return f"{host}:{info.get('port') or 5432}/{info.get('dbname') or info.get('user') or ''}"


def redact(url: str) -> str:
    """The URL with its password (in the authority or in the query) replaced by ***."""
    url = re.sub(r"(?<=://)([^:/@?]*):[^@/?]*@", r"\1:***@", url)
    return re.sub(r"(?i)([?&]password=)[^&]*", r"\1***", url)


class PostgresStore(Store):
    """A store in a PostgreSQL database; any number of processes may write at once."""

    _db_errors = (psycopg.Error,)

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.location = redact(url)
        self.read_only = read_only
        self._url = url
        self._conn = self._connect()
        self._reader: psycopg.Connection | None = None
        self._open_streams = 0
        try:
            if read_only:
                self._conn.execute("SET default_transaction_read_only = on")
                self._check_version()
            else:
                self._create_schema()
        except BaseException:
            self._conn.close()
            raise

    def _connect(self, *, autocommit: bool = True) -> psycopg.Connection:
        options: dict[str, Any] = {}
        try:
            if "connect_timeout" not in conninfo.conninfo_to_dict(self._url):
                options["connect_timeout"] = _CONNECT_TIMEOUT
            return psycopg.connect(self._url, autocommit=autocommit, **options)
        except psycopg.Error as e:
            reason = _CONNECT_NOISE.sub("", " ".join(str(e).split())) or type(e).__name__
            password = _password(self._url)
            if password:
                reason = reason.replace(password, "***")
            # a server that does not answer may come back; a refused login or a missing
            # database will not
            refused = re.search(r"authentication|does not exist|permission denied", reason, re.I)
            raise (StoreError if refused else StoreBusy)(
                f"cannot connect to PostgreSQL at {describe(self._url)}: {reason}"
            ) from e

    def close(self) -> None:
        for conn in (self._reader, self._conn):
            if conn is not None and not conn.closed:
                conn.close()

    def _execute(self, sql: str, params: Sequence[Any]) -> None:
        self._conn.execute(translate(sql), _clean(params))

    def _fetchall(self, sql: str, params: Sequence[Any]) -> list[tuple]:
        try:
            return self._conn.execute(translate(sql), _clean(params)).fetchall()
        except psycopg.Error as e:
            raise StoreError(f"cannot read {self.location}: {_first_line(e)}") from e

    def _stream(self, sql: str, params: Sequence[Any]) -> Iterator[tuple]:
        # Named cursors live in a transaction on the reader connection; it ends
        # when the last open stream is done, so nothing idles in a transaction.
        if self._reader is None or self._reader.closed:
            self._reader = self._connect(autocommit=False)
            self._reader.read_only = True
        reader = self._reader
        self._open_streams += 1
        cursor = reader.cursor(name=f"lapwing_{next(_streams)}")
        try:
            cursor.execute(translate(sql), _clean(params))
            while rows := cursor.fetchmany(_FETCH_ROWS):
                yield from rows
        except psycopg.Error as e:
            raise StoreError(f"cannot read {self.location}: {_first_line(e)}") from e
        finally:
            self._open_streams -= 1
            try:
                cursor.close()
            except psycopg.Error:
                pass  # the transaction failed or the connection is gone
            if self._open_streams == 0 and not reader.closed:
                try:
                    reader.rollback()  # read only: nothing to commit
                except psycopg.Error:
                    pass

    def _stored_hashes(self, ids: list[str]) -> dict[str, str]:
        # An id is stored with NUL as U+FFFD; answer under the id as the caller knows it.
        stored = super()._stored_hashes(_clean(ids))
        return {i: stored[c] for i, c in zip(ids, _clean(ids), strict=True) if c in stored}

    def _begin(self) -> None:
        self._conn.execute("BEGIN")
        self._conn.execute("SELECT pg_advisory_xact_lock(%s)", [_WRITE_LOCK])

    def _commit(self) -> None:
        self._conn.execute("COMMIT")

    def _rollback(self) -> None:
        self._conn.execute("ROLLBACK")


def _password(url: str) -> str | None:
    try:
        return conninfo.conninfo_to_dict(url).get("password")
    except psycopg.Error:
        return None


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
