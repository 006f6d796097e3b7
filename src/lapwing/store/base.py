"""The Store interface and the one copy of its SQL, shared by every backend.

A backend (DuckDB now, PostgreSQL later) supplies only a connection: how to run
a statement, stream a query, and open/commit/roll back a transaction. Everything
else -- the schema, the upserts, the filters, turning rows back into SCHEMA.md
shaped dicts -- lives here, written in SQL both databases understand, with `?`
placeholders that a backend may translate to its own parameter style.

No value is ever formatted into SQL text: values travel as parameters, and the
only identifiers interpolated are the fixed column tuples below.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from lapwing.errors import LapwingError
from lapwing.records import Actor, CodingResult, Event, InputFailure, Place, is_unidentified
from lapwing.stages import dedup

SCHEMA_VERSION = 3
# version -> the statements that bring a store of that version to the next one; run when a
# store is opened for writing, so an older store keeps its data.
_MIGRATIONS: dict[str, tuple[str, ...]] = {
    "2": (  # 3: the death toll the text states (stages/fatalities.py)
        "ALTER TABLE events ADD COLUMN IF NOT EXISTS fatalities INTEGER",
        "ALTER TABLE mentions ADD COLUMN IF NOT EXISTS fatalities INTEGER",
    ),
}
BATCH_ARTICLES = 500  # articles per transaction: a crash loses at most this many
_MAX_PARAMS = 8000  # per multi-row INSERT; PostgreSQL allows 65535
_MAX_ROWS = 200  # rows per multi-row INSERT (and ids per IN list)
_COLUMNAR_ROWS = 2000  # rows per column-wise INSERT


class StoreError(LapwingError):
    """The store could not be opened, read or written; the message says why."""


class StoreBusy(StoreError):
    """The store is there but cannot be had right now (another process holds DuckDB's
    write lock, the PostgreSQL server does not answer): worth waiting for."""


@dataclass(slots=True)
class WriteStats:
    articles_new: int = 0
    articles_updated: int = 0  # already stored, coded differently: events replaced
    articles_unchanged: int = 0  # already stored with the same coding: nothing written
    events_written: int = 0
    errors_written: int = 0  # new error rows; a failure seen before is not counted


# -- the whitelist: the only identifiers that ever reach SQL text -------------

ARTICLE_COLUMNS = (
    "id",
    "title",
    "date",
    "source",
    "url",
    "language",
    "origin",
    "text",
    "n_events",
    "skipped_reason",
    "coding_hash",
    "ingested_at",
)
_ACTOR_FIELDS = ("text", "code", "country", "sector", "name")
_LOCATION_FIELDS = ("name", "geonameid", "lat", "lon", "country", "admin1", "precision")
_DEDUP_COLUMNS = ("num_mentions", "num_articles", "num_sources", "first_seen", "last_seen")
EVENT_COLUMNS = (
    "id",
    "article_id",
    "date",
    "date_precision",
    "event_type",
    "mode",
    "context",
    "cameo",
    "quad_class",
    "goldstein",
    *(f"actor_{f}" for f in _ACTOR_FIELDS),
    *(f"recipient_{f}" for f in _ACTOR_FIELDS),
    *(f"location_{f}" for f in _LOCATION_FIELDS),
    "modality",
    "aspect",
    "sentence",
    "sentence_index",
    "spans",
    "source",
    "url",
    "confidence",
    "rule",
    "data_version",
    "fatalities",
    *_DEDUP_COLUMNS,
)
# What links a mention to its canonical event (the public part of a mentions row).
MENTION_COLUMNS = (
    "event_id",
    "article_id",
    "sentence_index",
    "sentence",
    "confidence",
    "mention_id",
    "trigger_start",
    "trigger_end",
)
_EVENT_FIELDS = tuple(c for c in EVENT_COLUMNS if c not in _DEDUP_COLUMNS)
# Everything a mentions row keeps: its own coding, so that canonical events can be
# re-clustered and rebuilt when articles arrive or are re-coded.
_MENTION_STORED = (
    *MENTION_COLUMNS,
    "published",
    "block_family",
    "block_country",
    "window_start",
    "window_end",
    *(c for c in _EVENT_FIELDS if c not in MENTION_COLUMNS and c != "id"),
)
ERROR_COLUMNS = ("id", "origin", "reason", "article_id", "seen_at")
TOPONYM_COLUMNS = (
    "article_id",
    "start_char",
    "end_char",
    "name",
    "geonameid",
    "lat",
    "lon",
    "country",
    "admin1",
    "place_precision",
    "feature",
    "confidence",
)
TIMEX_COLUMNS = (
    "article_id",
    "start_char",
    "end_char",
    "text",
    "type",
    "value",
    "timex_precision",
    "date",
)
_ARTICLE_OUTPUT = tuple(c for c in ARTICLE_COLUMNS if c != "coding_hash")


def _placeholders(n: int) -> str:
    return "(" + ", ".join("?" * n) + ")"


def _select(table: str, columns: Sequence[str]) -> str:
    return f"SELECT {', '.join(columns)} FROM {table}"


@dataclass(frozen=True, slots=True)
class _Upsert:
    table: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    update: bool  # ON CONFLICT DO UPDATE (replace) rather than DO NOTHING (keep first)

    def _conflict(self) -> str:
        key = ", ".join(self.key)
        if not self.update:
            return f"ON CONFLICT ({key}) DO NOTHING"
        sets = ", ".join(f"{c} = excluded.{c}" for c in self.columns if c not in self.key)
        return f"ON CONFLICT ({key}) DO UPDATE SET {sets}"

    def values_sql(self, n_rows: int) -> str:
        """Row-wise: n_rows tuples of placeholders, one parameter per value."""
        rows = ", ".join([_placeholders(len(self.columns))] * n_rows)
        return (
            f"INSERT INTO {self.table} ({', '.join(self.columns)}) VALUES {rows} {self._conflict()}"
        )

    def columns_sql(self) -> str:
        """Column-wise: one list parameter per column, zipped by unnest (DuckDB)."""
        select = ", ".join(f"unnest(?) AS {c}" for c in self.columns)
        return (
            f"INSERT INTO {self.table} ({', '.join(self.columns)}) "
            f"SELECT {select} {self._conflict()}"
        )

    def dedupe(self, rows: Iterable[tuple]) -> list[tuple]:
        """One row per key: a key twice in one INSERT is an error in both databases."""
        positions = [self.columns.index(k) for k in self.key]
        by_key: dict[tuple, tuple] = {}
        for row in rows:
            key = tuple(row[p] for p in positions)
            if self.update or key not in by_key:
                by_key[key] = row
        return list(by_key.values())


_ARTICLES = _Upsert("articles", ARTICLE_COLUMNS, ("id",), update=True)
_EVENTS = _Upsert("events", EVENT_COLUMNS, ("id",), update=True)
_MENTIONS = _Upsert("mentions", _MENTION_STORED, ("article_id", "mention_id"), update=True)
_ERRORS = _Upsert("errors", ERROR_COLUMNS, ("id",), update=False)
_TOPONYMS = _Upsert("toponyms", TOPONYM_COLUMNS, ("article_id", "start_char", "end_char"), False)
_TIMEXES = _Upsert("timexes", TIMEX_COLUMNS, ("article_id", "start_char", "end_char"), False)
_COUNTED_TABLES = ("articles", "events", "mentions", "errors", "toponyms", "timexes")


# -- records -> rows ----------------------------------------------------------


def coding_hash(result: CodingResult) -> str:
    """Fingerprint of everything stored for one article: equal hash, nothing to rewrite.

    The records are frozen dataclasses, so their repr spells out every field
    (and is ten times faster than `asdict`). The article's `origin` is left out:
    where a file was read from, and how its path was spelt (`./x`, `/abs/x`), says
    nothing about how the article was coded.
    """
    if result.article.origin is not None:
        result = replace(result, article=replace(result.article, origin=None))
    return hashlib.sha256(repr(result).encode("utf-8", "surrogatepass")).hexdigest()


def error_id(origin: str, reason: str) -> str:
    """One id per failing input and reason, however the input's path was spelt."""
    return hashlib.sha256(f"{_same_origin(origin)}\x00{reason}".encode()).hexdigest()[:32]


def _same_origin(origin: str) -> str:
    """A local file's origin (`x`, `./x`, `/abs/x`, each maybe with `:line` or `:entry n`)
    as its resolved absolute path; anything else (a URL, `<stdin>`, a POST) as it is."""
    if "://" in origin or origin.startswith("<"):
        return origin
    path, suffix = origin, ""
    while True:
        try:
            if os.path.exists(path):
                return os.path.realpath(path) + suffix
        except (OSError, ValueError):  # a NUL byte, a name too long for the file system
            return origin
        head, colon, tail = path.rpartition(":")
        if not colon or not head:
            return origin
        path, suffix = head, colon + tail + suffix


def _utcnow() -> dt.datetime:
    # Naive UTC: TIMESTAMP (without time zone) means the same in both databases.
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _to_date(value: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as e:
        raise StoreError(f"{what}: {value!r} is not a YYYY-MM-DD date") from e


def _publication_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _article_row(result: CodingResult, digest: str, now: dt.datetime) -> tuple:
    a = result.article
    return (
        a.id,
        a.title,
        a.date,
        a.source,
        a.url,
        a.language,
        a.origin,
        a.text,
        len(result.events),
        result.skipped_reason,
        digest,
        now,
    )


def _actor_values(actor: Actor | None) -> tuple:
    if actor is None:
        return (None,) * len(_ACTOR_FIELDS)
    return (actor.text, actor.code, actor.country, actor.sector, actor.name)


def _place_values(place: Place | None) -> tuple:
    if place is None:
        return (None,) * len(_LOCATION_FIELDS)
    return tuple(getattr(place, f) for f in _LOCATION_FIELDS)


def _event_row(event: Event, published: dt.date | None) -> tuple:
    spans = {k: list(v) if v else None for k, v in event.spans.items()}
    return (
        event.id,
        event.article_id,
        _to_date(event.date, f"event {event.id} date"),
        event.date_precision,
        event.event_type,
        event.mode,
        json.dumps(list(event.context), ensure_ascii=False),
        event.cameo,
        event.quad_class,
        event.goldstein,
        *_actor_values(event.actor),
        *_actor_values(event.recipient),
        *_place_values(event.location),
        event.modality,
        event.aspect,
        event.sentence,
        event.sentence_index,
        json.dumps(spans, ensure_ascii=False),
        event.source,
        event.url,
        event.confidence,
        event.rule,
        event.data_version,
        event.fatalities,
        # One article, one mention: cross-article dedup recounts these later.
        1,
        1,
        1 if event.source else 0,
        published,
        published,
    )


def _day(ordinal: int) -> dt.date:
    return dt.date.fromordinal(min(max(ordinal, 1), dt.date.max.toordinal()))


def _mention_record(event: Event, published: dt.date | None) -> dict[str, Any]:
    """A newly coded event as a mentions row (column -> value), its own event for now."""
    row = dict(zip(EVENT_COLUMNS, _event_row(event, published), strict=True))
    del row["id"]
    trigger = event.spans.get("trigger")
    row.update(
        mention_id=event.id,
        event_id=event.id,
        published=published,
        trigger_start=trigger[0] if trigger else None,
        trigger_end=trigger[1] if trigger else None,
    )
    mention = _as_mention(row)
    key, days = dedup.block_key(mention), dedup.window(mention)
    if key is None or days is None:
        row.update(block_family=None, block_country=None, window_start=None, window_end=None)
    else:
        row.update(
            block_family=key[0],
            block_country=key[1],
            window_start=_day(days[0]),
            window_end=_day(days[1]),
        )
    return row


def _as_mention(row: dict[str, Any]) -> dedup.Mention:
    located = row["location_name"] is not None
    # an unidentified doer is no known actor to match on: any report's actor may be it
    named = not is_unidentified(row.get("actor_text"), row.get("actor_name"))
    return dedup.Mention(
        id=row["mention_id"],
        article_id=row["article_id"],
        event_type=row["event_type"],
        cameo=row["cameo"],
        date=_iso(row["date"]),
        date_precision=row["date_precision"],
        modality=row["modality"],
        aspect=row["aspect"],
        actor=row["actor_code"] if named else None,
        recipient=row["recipient_code"],
        actor_country=row["actor_country"] if named else None,
        recipient_country=row["recipient_country"],
        lat=row["location_lat"],
        lon=row["location_lon"],
        place_country=row["location_country"],
        admin1=row["location_admin1"],
        place_precision=row["location_precision"] if located else None,
        place_name=row["location_name"],
        source=row["source"],
        published=_iso(row["published"]),
        confidence=row["confidence"],
        sentence_index=row["sentence_index"],
    )


def _canonical_row(representative: dict[str, Any], summary: dedup.Summary) -> tuple:
    """The events row of one cluster: its first report's coding, the cluster's counts."""
    seen = (summary.first_seen, summary.last_seen)
    first, last = (dt.date.fromisoformat(d) if d else None for d in seen)
    values = {
        **representative,
        "id": representative["mention_id"],
        "confidence": summary.confidence,
        "num_mentions": summary.num_mentions,
        "num_articles": summary.num_articles,
        "num_sources": summary.num_sources,
        "first_seen": first,
        "last_seen": last,
    }
    return tuple(values[c] for c in EVENT_COLUMNS)


def _toponym_rows(result: CodingResult) -> Iterator[tuple]:
    for t in result.toponyms:
        p = t.place
        fields = ("geonameid", "lat", "lon", "country", "admin1", "precision", "feature")
        place = tuple(None if p is None else getattr(p, f) for f in (*fields, "confidence"))
        yield (result.article.id, t.start, t.end, t.name, *place)


def _timex_rows(result: CodingResult) -> Iterator[tuple]:
    for t in result.timexes:
        yield (result.article.id, t.start, t.end, t.text, t.type, t.value, t.precision, t.date)


# -- rows -> SCHEMA.md dicts --------------------------------------------------


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _event_dict(row: Sequence[Any]) -> dict[str, Any]:
    col = dict(zip(EVENT_COLUMNS, row, strict=True))
    actor, recipient = (
        {f: col[f"{side}_{f}"] for f in _ACTOR_FIELDS} for side in ("actor", "recipient")
    )
    location = {f: col[f"location_{f}"] for f in _LOCATION_FIELDS}
    spans = {k: list(v) if v else None for k, v in json.loads(col["spans"]).items()}
    record = {
        "id": col["id"],
        "article_id": col["article_id"],
        "date": _iso(col["date"]),
        "date_precision": col["date_precision"],
        "event_type": col["event_type"],
        "mode": col["mode"],
        "context": json.loads(col["context"]),
        "cameo": col["cameo"],
        "quad_class": col["quad_class"],
        "goldstein": col["goldstein"],
        # An actor with no field at all is stored as nothing and reads back as null.
        "actor": actor if any(v is not None for v in actor.values()) else None,
        "recipient": recipient if any(v is not None for v in recipient.values()) else None,
        "location": location if location["name"] is not None else None,
        "modality": col["modality"],
        "sentence": col["sentence"],
        "spans": spans,
        "source": col["source"],
        "url": col["url"],
        "confidence": col["confidence"],
        "rule": col["rule"],
        "aspect": col["aspect"],
        "sentence_index": col["sentence_index"],
        "data_version": col["data_version"],
        "fatalities": col["fatalities"],
    }
    record.update({c: _iso(col[c]) for c in _DEDUP_COLUMNS})
    return record


def _plain_dict(columns: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    return {c: _iso(v) for c, v in zip(columns, row, strict=True)}


def _period(value: str, what: str, *, last: bool) -> dt.date:
    """YYYY, YYYY-MM or YYYY-MM-DD -> its first day (or last day, for `until`)."""
    parts = value.split("-") if isinstance(value, str) else []
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            year = int(parts[0])
            return dt.date(year, 12, 31) if last else dt.date(year, 1, 1)
        if len(parts) == 2 and len(parts[0]) == 4 and len(parts[1]) == 2:
            year, month = int(parts[0]), int(parts[1])
            day = calendar.monthrange(year, month)[1] if last else 1
            return dt.date(year, month, day)
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as e:
        raise StoreError(f"{what}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from e


def _like_prefix(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# -- the interface ------------------------------------------------------------


class Store(ABC):
    """Coded articles, events and input errors in one database.

    Backends implement the six connection primitives at the bottom; the logic is
    shared. Use as a context manager, or call `close()`.
    """

    location: str  # file path or URL, for messages
    batch_size: int = BATCH_ARTICLES
    # Merge events that report the same real-world event (stages/dedup.py). False:
    # every coded event stays its own event with one mention.
    dedup: bool = True

    # ---- writing

    def write(
        self, results: Iterable[CodingResult], failures: Iterable[InputFailure] = ()
    ) -> WriteStats:
        """Upsert coded articles and input failures; idempotent.

        Articles are committed every `batch_size`. An article already stored with
        the same coding is skipped; one coded differently has its events,
        mentions, toponyms and timexes replaced in the same transaction.
        `failures` is read after `results`, so it may be filled while they stream.
        """
        stats = WriteStats()
        batch: dict[str, CodingResult] = {}
        for result in results:
            if result.article.id in batch or len(batch) >= self.batch_size:
                self._write_batch(batch, stats)
                batch = {}
            batch[result.article.id] = result
        if batch:
            self._write_batch(batch, stats)
        pending: list[InputFailure] = []
        for failure in failures:
            pending.append(failure)
            if len(pending) >= self.batch_size:
                self._write_failures(pending, stats)
                pending = []
        if pending:
            self._write_failures(pending, stats)
        return stats

    def _write_batch(self, batch: dict[str, CodingResult], stats: WriteStats) -> None:
        now = _utcnow()
        digests = {aid: coding_hash(r) for aid, r in batch.items()}
        with self._transaction("write articles"):
            stored = self._stored_hashes(list(batch))
            changed = [aid for aid in batch if aid in stored and stored[aid] != digests[aid]]
            todo = [aid for aid in batch if stored.get(aid) != digests[aid]]
            affected = self._forget(changed)
            results = [batch[aid] for aid in todo]
            fresh: list[dict[str, Any]] = []
            for r in results:
                published = _publication_date(r.article.date)
                fresh.extend(_mention_record(e, published) for e in r.events)
            self._upsert(_ARTICLES, [_article_row(r, digests[r.article.id], now) for r in results])
            written = self._merge(fresh, affected)
            self._upsert(_TOPONYMS, [row for r in results for row in _toponym_rows(r)])
            self._upsert(_TIMEXES, [row for r in results for row in _timex_rows(r)])
        stats.articles_updated += len(changed)
        stats.articles_new += len(todo) - len(changed)
        stats.articles_unchanged += len(batch) - len(todo)
        stats.events_written += written

    def _stored_hashes(self, ids: list[str]) -> dict[str, str]:
        stored: dict[str, str] = {}
        for chunk in _chunks(ids, _MAX_ROWS):
            sql = f"SELECT id, coding_hash FROM articles WHERE id IN {_placeholders(len(chunk))}"
            stored.update(dict(self._fetchall(sql, chunk)))
        return stored

    def _forget(self, article_ids: list[str]) -> set[str]:
        """Remove what earlier codings of these articles stored, except the articles.

        Returns the canonical events their mentions belonged to: `_merge` rebuilds
        them from the mentions other articles still hold, or deletes them.
        """
        affected: set[str] = set()
        for chunk in _chunks(article_ids, _MAX_ROWS):
            ids = _placeholders(len(chunk))
            sql = f"SELECT DISTINCT event_id FROM mentions WHERE article_id IN {ids}"
            affected.update(i for (i,) in self._fetchall(sql, chunk))
            for table in ("mentions", "toponyms", "timexes"):
                self._execute(f"DELETE FROM {table} WHERE article_id IN {ids}", chunk)
        return affected

    def _merge(self, fresh: list[dict[str, Any]], affected: set[str]) -> int:
        """Cluster new mentions with the stored ones they may match; rewrite those events.

        The stored side is every mention in the new mentions' blocks (type family,
        country, overlapping date window), every other mention of the events those
        belong to, and what is left of the `affected` events. That neighbourhood is
        re-clustered from scratch, so the outcome does not depend on which article
        came first. Returns the number of new mentions.
        """
        new = {(r["article_id"], r["mention_id"]): r for r in fresh}
        known = self._neighbourhood(list(new.values()), affected) if self.dedup else {}
        rows = {**known, **new}
        mentions = [_as_mention(r) for r in rows.values()]
        groups = dedup.cluster(mentions) if self.dedup else [[m] for m in mentions]
        before = {r["event_id"] for r in known.values()} | affected
        after: set[str] = set()
        events: list[tuple] = []
        moved: list[dict[str, Any]] = []
        # An event whose members all stay put, none lost, none gained, is left as it is.
        dirty = set(affected)
        for group in groups:
            first = group[0] if len(group) == 1 else dedup.summarize(group).representative
            canonical = rows[(first.article_id, first.id)]["mention_id"]
            for m in group:
                key = (m.article_id, m.id)
                if key in new or rows[key]["event_id"] != canonical:
                    dirty.update((canonical, rows[key]["event_id"]))
        for group in groups:
            summary = dedup.summarize(group)
            first = summary.representative
            canonical = rows[(first.article_id, first.id)]
            after.add(canonical["mention_id"])
            if canonical["mention_id"] not in dirty:
                continue
            # The event's toll: the lowest one its reports state, as ACLED takes the most
            # conservative report (the first report may state none).
            tolls = [rows[(m.article_id, m.id)]["fatalities"] for m in group]
            known = [t for t in tolls if t is not None]
            toll = {"fatalities": min(known) if known else None}
            events.append(_canonical_row({**canonical, **toll}, summary))
            for m in group:
                key = (m.article_id, m.id)
                row = rows[key]
                if key in new or row["event_id"] != canonical["mention_id"]:
                    row["event_id"] = canonical["mention_id"]
                    moved.append(row)
        for chunk in _chunks(sorted(before - after), _MAX_ROWS):
            self._execute(f"DELETE FROM events WHERE id IN {_placeholders(len(chunk))}", chunk)
        self._upsert(_EVENTS, events)
        self._upsert(_MENTIONS, [tuple(r[c] for c in _MENTION_STORED) for r in moved])
        return len(new)

    def _neighbourhood(
        self, fresh: list[dict[str, Any]], affected: set[str]
    ) -> dict[tuple[str, str], dict[str, Any]]:
        """Stored mentions that new ones may merge with, and their events' other mentions."""
        windows: dict[tuple[str, str], list[tuple[dt.date, dt.date]]] = {}
        for r in fresh:
            if r["block_family"] is not None:
                key = (r["block_family"], r["block_country"])
                windows.setdefault(key, []).append((r["window_start"], r["window_end"]))
        clauses: list[tuple[str, str, dt.date, dt.date]] = []
        for (family, country), spans in sorted(windows.items()):
            spans.sort()
            low, high = spans[0]
            for start, end in spans[1:]:
                if start > high:
                    clauses.append((family, country, low, high))
                    low = start
                high = max(high, end)
            clauses.append((family, country, low, high))
        select = _select("mentions", _MENTION_STORED)
        found: dict[tuple[str, str], dict[str, Any]] = {}

        def fetch(sql: str, params: list[Any]) -> None:
            for values in self._fetchall(sql, params):
                row = dict(zip(_MENTION_STORED, values, strict=True))
                found[(row["article_id"], row["mention_id"])] = row

        # Windows are each mention's period widened by its own tolerance, so two
        # mentions can match only where their windows overlap.
        block = "(block_family = ? AND block_country = ? AND window_start <= ? AND window_end >= ?)"
        for chunk in _chunks(clauses, _MAX_ROWS // 4):
            where = " OR ".join([block] * len(chunk))
            fetch(f"{select} WHERE {where}", [v for f, c, lo, hi in chunk for v in (f, c, hi, lo)])
        events = sorted({r["event_id"] for r in found.values()} | affected)
        for chunk in _chunks(events, _MAX_ROWS):
            fetch(f"{select} WHERE event_id IN {_placeholders(len(chunk))}", list(chunk))
        return found

    def _write_failures(self, failures: list[InputFailure], stats: WriteStats) -> None:
        now = _utcnow()
        rows = _ERRORS.dedupe(
            (error_id(f.origin, f.reason), f.origin, f.reason, f.article_id, now) for f in failures
        )
        with self._transaction("write errors"):
            known: set[str] = set()
            for chunk in _chunks([r[0] for r in rows], _MAX_ROWS):
                sql = f"SELECT id FROM errors WHERE id IN {_placeholders(len(chunk))}"
                known.update(i for (i,) in self._fetchall(sql, chunk))
            new = [r for r in rows if r[0] not in known]
            self._upsert(_ERRORS, new)
        stats.errors_written += len(new)

    def _upsert(self, statement: _Upsert, rows: Iterable[tuple]) -> None:
        unique = statement.dedupe(rows)
        if self._columnar:
            for chunk in _chunks(unique, _COLUMNAR_ROWS):
                self._execute(statement.columns_sql(), [list(c) for c in zip(*chunk, strict=True)])
            return
        per = max(1, min(_MAX_ROWS, _MAX_PARAMS // len(statement.columns)))
        for chunk in _chunks(unique, per):
            self._execute(statement.values_sql(len(chunk)), [v for row in chunk for v in row])

    @contextmanager
    def _transaction(self, what: str) -> Iterator[None]:
        self._begin()
        try:
            yield
            self._commit()
        except BaseException as e:
            try:
                self._rollback()
            except self._db_errors:
                pass  # a failed COMMIT has already ended the transaction
            if isinstance(e, self._db_errors):
                raise StoreError(f"could not {what} to {self.location}: {e}") from e
            raise

    # ---- reading

    def events(
        self,
        *,
        country: str | None = None,
        since: str | None = None,
        until: str | None = None,
        event_type: str | None = None,
        actor: str | None = None,
        modality: Iterable[str] | None = None,
        aspect: Iterable[str] | None = None,
        article_id: str | None = None,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Stored events in the SCHEMA.md shape, ordered by date and id, streamed.

        `modality` and `aspect` filter in the query, before `limit` (realized data is
        `modality=REALIZED_MODALITIES, aspect=["event"]`).

        `country` (ISO3) matches where it happened or either actor's country;
        `since`/`until` take YYYY, YYYY-MM or YYYY-MM-DD and are inclusive;
        `actor` matches either side: a CAMEO code prefix ("RUS" finds "RUSMIL"),
        or a name or text as written, ignoring case. A bad argument raises
        StoreError here, before the first row.
        """
        clauses: list[str] = []
        params: list[Any] = []
        if country is not None:
            clauses.append("(location_country = ? OR actor_country = ? OR recipient_country = ?)")
            params += [country.upper()] * 3
        if since is not None:
            clauses.append("date >= ?")
            params.append(_period(since, "since", last=False))
        if until is not None:
            clauses.append("date <= ?")
            params.append(_period(until, "until", last=True))
        if event_type is not None:
            clauses.append("event_type = ?")
            params.append(event_type.upper())
        if actor is not None:
            clauses.append(
                "(actor_code LIKE ? ESCAPE '\\' OR recipient_code LIKE ? ESCAPE '\\'"
                " OR lower(actor_name) = ? OR lower(recipient_name) = ?"
                " OR lower(actor_text) = ? OR lower(recipient_text) = ?)"
            )
            params += [_like_prefix(actor.upper())] * 2 + [actor.lower()] * 4
        if modality is not None:
            modalities = [modality] if isinstance(modality, str) else modality
            wanted = sorted({str(m) for m in modalities})
            if not wanted:
                return iter(())
            clauses.append(f"modality IN {_placeholders(len(wanted))}")
            params += wanted
        if aspect is not None:
            aspects = sorted({aspect} if isinstance(aspect, str) else {str(a) for a in aspect})
            if not aspects:
                return iter(())
            clauses.append(f"coalesce(aspect, 'event') IN {_placeholders(len(aspects))}")
            params += aspects
        if article_id is not None:
            clauses.append("article_id = ?")
            params.append(article_id)
        sql = _select("events", EVENT_COLUMNS)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY date, id"
        if limit is not None:
            if not isinstance(limit, int) or limit < 0:
                raise StoreError(f"limit: {limit!r} is not a non-negative integer")
            sql += " LIMIT ?"
            params.append(limit)
        return map(_event_dict, self._stream(sql, params))

    def articles(self) -> Iterator[dict[str, Any]]:
        """Stored articles (with their text, event count and skip reason), by id."""
        sql = _select("articles", _ARTICLE_OUTPUT) + " ORDER BY id"
        for row in self._stream(sql, []):
            yield _plain_dict(_ARTICLE_OUTPUT, row)

    def mentions(self, event_ids: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
        """Which articles report which events, ordered by event, article and sentence.

        Each row adds the reporting article's `article_date`, `article_source`,
        `article_url` and `article_length` (characters). `event_ids` limits the rows
        to those events; pass a few hundred at a time to stream.
        """
        article = ("article_date", "article_source", "article_url", "article_length")
        sql = (
            "SELECT " + ", ".join(f"m.{c}" for c in MENTION_COLUMNS)
            + ", a.date, a.source, a.url, length(a.text)"
            " FROM mentions m LEFT JOIN articles a ON a.id = m.article_id"
        )  # fmt: skip
        order = " ORDER BY m.event_id, m.article_id, m.sentence_index"
        if event_ids is None:
            queries = [(sql + order, [])]
        else:
            queries = [
                (f"{sql} WHERE m.event_id IN {_placeholders(len(chunk))}{order}", list(chunk))
                for chunk in _chunks(sorted(set(event_ids)), _MAX_ROWS)
            ]
        for query, params in queries:
            for row in self._stream(query, params):
                yield _plain_dict((*MENTION_COLUMNS, *article), row)

    def errors(self) -> Iterator[dict[str, Any]]:
        """Inputs that could not be read, oldest first."""
        sql = _select("errors", ERROR_COLUMNS) + " ORDER BY seen_at, origin, id"
        for row in self._stream(sql, []):
            yield _plain_dict(ERROR_COLUMNS, row)

    def toponyms(self, article_id: str | None = None) -> Iterator[dict[str, Any]]:
        yield from self._per_article("toponyms", TOPONYM_COLUMNS, article_id)

    def timexes(self, article_id: str | None = None) -> Iterator[dict[str, Any]]:
        yield from self._per_article("timexes", TIMEX_COLUMNS, article_id)

    def _per_article(
        self, table: str, columns: tuple[str, ...], article_id: str | None
    ) -> Iterator[dict[str, Any]]:
        sql, params = _select(table, columns), []
        if article_id is not None:
            sql, params = sql + " WHERE article_id = ?", [article_id]
        for row in self._stream(sql + " ORDER BY article_id, start_char, end_char", params):
            yield _plain_dict(columns, row)

    def counts(self) -> dict[str, Any]:
        """Rows per table, plus `events_by_type`."""
        counts: dict[str, Any] = {
            table: self._fetchall(f"SELECT count(*) FROM {table}", [])[0][0]
            for table in _COUNTED_TABLES
        }
        by_type = "SELECT event_type, count(*) FROM events GROUP BY event_type ORDER BY event_type"
        counts["events_by_type"] = dict(self._fetchall(by_type, []))
        return counts

    # ---- schema

    def _create_schema(self) -> None:
        script = resources.files("lapwing.store").joinpath("schema.sql").read_text("utf-8")
        lines = [line for line in script.splitlines() if not line.lstrip().startswith("--")]
        with self._transaction("create the schema"):
            for statement in "\n".join(lines).split(";"):
                if statement.strip():
                    self._execute(statement, [])
            self._execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                ["schema_version", str(SCHEMA_VERSION)],
            )
            self._migrate()
        self._check_version()

    def _migrate(self) -> None:
        rows = self._fetchall("SELECT value FROM meta WHERE key = ?", ["schema_version"])
        found = rows[0][0] if rows else None
        while found in _MIGRATIONS:
            for statement in _MIGRATIONS[found]:
                self._execute(statement, [])
            found = str(int(found) + 1)
            self._execute("UPDATE meta SET value = ? WHERE key = ?", [found, "schema_version"])

    def _check_version(self) -> None:
        try:
            rows = self._fetchall("SELECT value FROM meta WHERE key = ?", ["schema_version"])
        except (StoreError, *self._db_errors) as e:
            raise StoreError(f"{self.location} is not a lapwing store: {e}") from e
        found = rows[0][0] if rows else None
        if found != str(SCHEMA_VERSION):
            upgrade = " (open it for writing once, e.g. `lapwing ingest`, to upgrade it)"
            raise StoreError(
                f"{self.location} has store schema version {found}; this lapwing "
                f"reads version {SCHEMA_VERSION}{upgrade if found in _MIGRATIONS else ''}"
            )

    # ---- lifecycle

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- what a backend provides

    _db_errors: tuple[type[BaseException], ...] = ()  # the driver's own exceptions
    _columnar = False  # True: bulk inserts pass one list per column (columns_sql)

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any]) -> None:
        """Run one statement on the writing connection (inside the current transaction)."""

    @abstractmethod
    def _fetchall(self, sql: str, params: Sequence[Any]) -> list[tuple]: ...

    @abstractmethod
    def _stream(self, sql: str, params: Sequence[Any]) -> Iterator[tuple]:
        """Yield the rows of a query a few hundred at a time, never all at once."""

    @abstractmethod
    def _begin(self) -> None: ...

    @abstractmethod
    def _commit(self) -> None: ...

    @abstractmethod
    def _rollback(self) -> None: ...
