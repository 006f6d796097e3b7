"""Where coded events are kept: one Store interface, a backend per database.

with open_store("lapwing.duckdb") as store:
    stats = store.write(results, failures)
    for event in store.events(country="UKR", since="2024-01"):
        ...
"""

from __future__ import annotations

from pathlib import Path

from lapwing.store.base import SCHEMA_VERSION, Store, StoreBusy, StoreError, WriteStats

DEFAULT_STORE = "lapwing.duckdb"
_POSTGRES_SCHEMES = ("postgresql://", "postgres://")

__all__ = [
    "DEFAULT_STORE",
    "SCHEMA_VERSION",
    "Store",
    "StoreBusy",
    "StoreError",
    "WriteStats",
    "open_store",
    "store_exists",
]


def open_store(url: str | Path = DEFAULT_STORE, *, read_only: bool = False) -> Store:
    """Open (creating if needed) the store at a path, ":memory:", or a database URL.

    A path or ":memory:" is a DuckDB store; a `postgresql://` (or `postgres://`) URL
    is a PostgreSQL database, which several processes may write at once. `read_only`
    opens an existing store for reading only.
    """
    location = str(url)
    if location.startswith(_POSTGRES_SCHEMES):
        from lapwing.store.postgres import PostgresStore

        return PostgresStore(location, read_only=read_only)
    if "://" in location:
        raise StoreError(f"cannot open {_redact(location)}: unknown store URL scheme")
    from lapwing.store.duckdb import DuckDBStore

    return DuckDBStore(location, read_only=read_only)


def store_exists(url: str | Path) -> bool:
    """Whether there is a store to read at `url`: a database URL always (its server says
    otherwise when opened), a DuckDB path when the file exists."""
    location = str(url)
    return (
        location.startswith(_POSTGRES_SCHEMES) or location == ":memory:" or Path(location).exists()
    )


def _redact(url: str) -> str:
    """Drop a password from a URL before it goes into a message."""
    scheme, _, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in credentials else url
