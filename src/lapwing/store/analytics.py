"""Read-side queries for the HTTP API and dashboard: filters, pages, aggregates.

Everything here reads through a Store's `_fetchall`, so it works on any backend
that speaks the portable SQL in base.py. As there, no value is ever formatted
into SQL text: values are parameters, and the only identifiers interpolated come
from the fixed whitelists below (sort keys, group-by columns, time intervals).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from lapwing.records import MODALITIES, REALIZED_MODALITIES
from lapwing.store.base import (
    _ARTICLE_OUTPUT,
    EVENT_COLUMNS,
    Store,
    StoreError,
    _event_dict,
    _iso,
    _like_prefix,
    _period,
    _placeholders,
    _plain_dict,
)

# sort key -> (column, descending); the id breaks ties so every order is total
SORTS: dict[str, tuple[str, bool]] = {
    "date": ("date", False),
    "-date": ("date", True),
    "confidence": ("confidence", False),
    "-confidence": ("confidence", True),
    "goldstein": ("goldstein", False),
    "-goldstein": ("goldstein", True),
    "mentions": ("num_mentions", False),
    "-mentions": ("num_mentions", True),
    # text columns, for the dashboard's table; a missing actor sorts as ""
    "type": ("event_type", False),
    "-type": ("event_type", True),
    "actor": ("coalesce(actor_code, '')", False),
    "-actor": ("coalesce(actor_code, '')", True),
    "recipient": ("coalesce(recipient_code, '')", False),
    "-recipient": ("coalesce(recipient_code, '')", True),
    "place": ("coalesce(location_name, '')", False),
    "-place": ("coalesce(location_name, '')", True),
}
_TEXT_SORTS = {"event_type", "coalesce(actor_code, '')", "coalesce(recipient_code, '')",
               "coalesce(location_name, '')"}  # fmt: skip
GROUP_COLUMNS = {
    "event_type": "event_type",
    "quad_class": "quad_class",
    "country": "location_country",
    "modality": "modality",
}
INTERVALS = ("day", "week", "month", "year")
MAX_PAGE = 500
_BIGINT = 2**63  # a cursor number outside 64 bits was never handed out


class BadQuery(StoreError):
    """A filter, sort key or cursor that cannot be used; the message says which."""


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events a request is about; every field narrows, None means any.

    `countries` match where it happened or either actor's country; `actors`
    match either side by CAMEO code prefix or by name/text as written;
    `modalities` None means every modality, and `realized` keeps only discrete
    events (aspect `event`) the text asserts or reports.
    """

    countries: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    quad_classes: tuple[int, ...] = ()
    modalities: tuple[str, ...] | None = tuple(sorted(REALIZED_MODALITIES))
    realized: bool = True
    since: str | None = None
    until: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    q: str | None = None
    article_id: str | None = None
    sources: tuple[str, ...] = ()  # publisher names, as stored
    modes: tuple[str, ...] = ()  # PLOVER modes (aerial, troops...)
    goldstein_min: float | None = None
    goldstein_max: float | None = None
    admin1s: tuple[str, ...] = ()  # first-level division names of the place
    precisions: tuple[str, ...] = ()  # place precision: point, city, admin1, country, region
    dyads: tuple[tuple[str, str], ...] = ()  # (actor code, recipient code), exactly

    def where(self) -> tuple[str, list[Any]]:
        """A WHERE condition (never empty: `TRUE` when nothing narrows) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.countries:
            codes = [c.upper() for c in self.countries]
            inn = _placeholders(len(codes))
            clauses.append(
                f"(location_country IN {inn} OR actor_country IN {inn} "
                f"OR recipient_country IN {inn})"
            )
            params += codes * 3
        if self.actors:
            sides = []
            for actor in self.actors:
                sides.append(
                    "(actor_code LIKE ? ESCAPE '\\' OR recipient_code LIKE ? ESCAPE '\\'"
                    " OR lower(actor_name) = ? OR lower(recipient_name) = ?"
                    " OR lower(actor_text) = ? OR lower(recipient_text) = ?)"
                )
                params += [_like_prefix(actor.upper())] * 2 + [actor.lower()] * 4
            clauses.append("(" + " OR ".join(sides) + ")")
        if self.event_types:
            types = [t.upper() for t in self.event_types]
            clauses.append(f"event_type IN {_placeholders(len(types))}")
            params += types
        if self.quad_classes:
            clauses.append(f"quad_class IN {_placeholders(len(self.quad_classes))}")
            params += [int(q) for q in self.quad_classes]
        if self.modalities is not None:
            wanted = sorted(set(self.modalities))
            if not wanted:
                clauses.append("FALSE")
            else:
                clauses.append(f"modality IN {_placeholders(len(wanted))}")
                params += wanted
        if self.realized:
            clauses.append("aspect = ?")
            params.append("event")
        if self.since is not None:
            clauses.append("date >= ?")
            params.append(_period(self.since, "since", last=False))
        if self.until is not None:
            clauses.append("date <= ?")
            params.append(_period(self.until, "until", last=True))
        if self.bbox is not None:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            clauses.append("location_lat BETWEEN ? AND ?")
            params += [min_lat, max_lat]
            if min_lon <= max_lon:
                clauses.append("location_lon BETWEEN ? AND ?")
            else:  # the box crosses the antimeridian
                clauses.append("(location_lon >= ? OR location_lon <= ?)")
            params += [min_lon, max_lon]
        if self.q:
            clauses.append("sentence ILIKE ? ESCAPE '\\'")
            params.append("%" + _like_prefix(self.q)[:-1] + "%")
        if self.article_id is not None:
            clauses.append("id IN (SELECT event_id FROM mentions WHERE article_id = ?)")
            params.append(self.article_id)
        for column, values in (
            ("source", self.sources),
            ("mode", self.modes),
            ("location_admin1", self.admin1s),
            ("location_precision", self.precisions),
        ):
            if values:
                clauses.append(f"{column} IN {_placeholders(len(values))}")
                params += list(values)
        if self.goldstein_min is not None:
            clauses.append("goldstein >= ?")
            params.append(float(self.goldstein_min))
        if self.goldstein_max is not None:
            clauses.append("goldstein <= ?")
            params.append(float(self.goldstein_max))
        if self.dyads:
            pairs = " OR ".join(["(actor_code = ? AND recipient_code = ?)"] * len(self.dyads))
            clauses.append(f"({pairs})")
            params += [code.upper() for pair in self.dyads for code in pair]
        return (" AND ".join(clauses) or "TRUE"), params


def modalities_from(values: Sequence[str]) -> tuple[tuple[str, ...] | None, bool]:
    """`realized` (the default), `all`, or modality names -> (modalities, realized only)."""
    if not values or list(values) == ["realized"]:
        return tuple(sorted(REALIZED_MODALITIES)), True
    if "all" in values:
        return None, False
    unknown = sorted(set(values) - set(MODALITIES) - {"realized"})
    if unknown:
        raise BadQuery(f"modality: unknown value(s) {unknown}; use {', '.join(MODALITIES)}")
    chosen = set(values) - {"realized"}
    if "realized" in values:
        chosen |= REALIZED_MODALITIES
    return tuple(sorted(chosen)), False


# -- cursors ------------------------------------------------------------------


def encode_cursor(sort: str, value: Any, event_id: str) -> str:
    raw = json.dumps([sort, _iso(value), event_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    """The (sort value, id) a page ended on. Anything but a cursor this API handed out for
    `sort` is a BadQuery (422), never a value the database then fails on (503): a number no
    column holds (10**300), NaN, or text PostgreSQL or UTF-8 cannot carry (NUL, a lone
    surrogate)."""
    forged = BadQuery("cursor: not a cursor this API handed out")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        decoded = json.loads(raw)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError, RecursionError) as e:
        raise forged from e
    if not (isinstance(decoded, list) and len(decoded) == 3):
        raise forged
    got_sort, value, event_id = decoded
    if got_sort != sort:
        if isinstance(got_sort, str) and got_sort in SORTS:
            raise BadQuery("cursor: it belongs to another sort order; start again without it")
        raise forged
    column = SORTS[sort][0]
    if not _storable_text(event_id) or not _cursor_value_fits(column, value):
        raise forged
    return (dt.date.fromisoformat(value) if column == "date" else value), event_id


def _storable_text(value: Any) -> bool:
    if not isinstance(value, str) or "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800"), which JSON can spell
        return False
    return True


def _cursor_value_fits(column: str, value: Any) -> bool:
    """Whether `value` is one `column` can hold, as `encode_cursor` writes it."""
    if column == "date":
        try:
            return _storable_text(value) and bool(dt.date.fromisoformat(value))
        except ValueError:
            return False
    if column in _TEXT_SORTS:
        return _storable_text(value)
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -_BIGINT <= value < _BIGINT
    return column != "num_mentions" and isinstance(value, float) and math.isfinite(value)


# -- queries ------------------------------------------------------------------


@dataclass(slots=True)
class Page:
    events: list[dict[str, Any]]
    next_cursor: str | None


def events_page(
    store: Store, where: EventFilter, *, sort: str = "date", limit: int = 100, cursor: str | None
) -> Page:
    """One page of events in `sort` order, after the event `cursor` points at."""
    if sort not in SORTS:
        raise BadQuery(f"sort: unknown key {sort!r}; use one of {', '.join(SORTS)}")
    if not 1 <= limit <= MAX_PAGE:
        raise BadQuery(f"limit: must be between 1 and {MAX_PAGE}")
    column, descending = SORTS[sort]
    condition, params = where.where()
    if cursor:
        value, last_id = decode_cursor(cursor, sort)
        op = "<" if descending else ">"
        condition += f" AND ({column} {op} ? OR ({column} = ? AND id {op} ?))"
        params += [value, value, last_id]
    direction = "DESC" if descending else "ASC"
    # Two steps: order and cut on the narrow columns, then read whole rows by primary key.
    # Sorting all ~45 columns (sentences included) to keep 100 rows is ~6x slower.
    sql = (
        f"SELECT id, {column} FROM events WHERE {condition} "
        f"ORDER BY {column} {direction}, id {direction} LIMIT ?"
    )
    keys = store._fetchall(sql, [*params, limit + 1])
    wanted = [k[0] for k in keys[:limit]]
    by_id: dict[str, dict[str, Any]] = {}
    for chunk in range(0, len(wanted), 200):
        part = wanted[chunk : chunk + 200]
        rows = store._fetchall(
            f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE id IN {_placeholders(len(part))}",
            part,
        )
        by_id.update((r[0], _event_dict(r)) for r in rows)
    events = [by_id[i] for i in wanted if i in by_id]
    next_cursor = None
    if len(keys) > limit:
        last_id, last_value = keys[limit - 1]
        next_cursor = encode_cursor(sort, last_value, last_id)
    return Page(events, next_cursor)


def count_events(store: Store, where: EventFilter) -> int:
    condition, params = where.where()
    return store._fetchall(f"SELECT count(*) FROM events WHERE {condition}", params)[0][0]


def event(store: Store, event_id: str) -> dict[str, Any] | None:
    sql = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE id = ?"
    rows = store._fetchall(sql, [event_id])
    return _event_dict(rows[0]) if rows else None


def mentions(store: Store, event_id: str) -> list[dict[str, Any]]:
    """Every article that reported the event, with the sentence it used, oldest first."""
    columns = (
        "article_id", "sentence_index", "sentence", "confidence", "title", "date", "source", "url"
    )  # fmt: skip
    sql = (
        "SELECT m.article_id, m.sentence_index, m.sentence, m.confidence, "
        "a.title, a.date, a.source, a.url FROM mentions m "
        "LEFT JOIN articles a ON a.id = m.article_id WHERE m.event_id = ? "
        "ORDER BY a.date, m.article_id, m.sentence_index"
    )
    return [_plain_dict(columns, r) for r in store._fetchall(sql, [event_id])]


def article(store: Store, article_id: str) -> dict[str, Any] | None:
    sql = f"SELECT {', '.join(_ARTICLE_OUTPUT)} FROM articles WHERE id = ?"
    rows = store._fetchall(sql, [article_id])
    return _plain_dict(_ARTICLE_OUTPUT, rows[0]) if rows else None


def article_text(store: Store, article_id: str) -> str | None:
    rows = store._fetchall("SELECT text FROM articles WHERE id = ?", [article_id])
    return rows[0][0] if rows else None


def _bucket(interval: str) -> str:
    if interval not in INTERVALS:
        raise BadQuery(f"interval: use one of {', '.join(INTERVALS)}")
    return f"date_trunc('{interval}', date)"


def date_range(store: Store, where: EventFilter) -> tuple[str | None, str | None, int]:
    """(first, last, count) of the matching events; an undated event (`ingest`) counts, but
    its placeholder date (the day it was coded) bounds nothing."""
    condition, params = where.where()
    sql = (
        f"SELECT min(CASE WHEN {_DATED} THEN date END), max(CASE WHEN {_DATED} THEN date END), "
        f"count(*) FROM events WHERE {condition}"
    )
    first, last, n = store._fetchall(sql, params)[0]
    return _iso(first), _iso(last), n


def pick_interval(first: str | None, last: str | None) -> str:
    """About a hundred buckets or fewer over the span of the data."""
    if not first or not last:
        return "month"
    days = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days
    if days <= 120:
        return "day"
    if days <= 2 * 365:
        return "week"
    if days <= 15 * 365:
        return "month"
    return "year"


def series(
    store: Store, where: EventFilter, *, group_by: str, interval: str | None
) -> list[dict[str, Any]]:
    """Counts per (period, group) -- or per group when `interval` is None."""
    if group_by not in GROUP_COLUMNS:
        raise BadQuery(f"group_by: use one of {', '.join(GROUP_COLUMNS)}")
    key = GROUP_COLUMNS[group_by]
    condition, params = where.where()
    if interval is None:
        sql = (
            f"SELECT {key}, count(*) AS n FROM events WHERE {condition} "
            f"GROUP BY {key} ORDER BY n DESC, {key}"
        )
        return [{"key": k, "count": n} for k, n in store._fetchall(sql, params)]
    bucket = _bucket(interval)
    sql = (
        f"SELECT {bucket} AS period, {key}, count(*) FROM events WHERE {condition} "
        f"GROUP BY period, {key} ORDER BY period, {key}"
    )
    return [
        {"period": _iso(_as_date(p)), "key": k, "count": n}
        for p, k, n in store._fetchall(sql, params)
    ]


def _as_date(value: Any) -> Any:
    return value.date() if isinstance(value, dt.datetime) else value


def top_actors(
    store: Store, where: EventFilter, *, limit: int = 20, prefix: str | None = None
) -> list[dict[str, Any]]:
    """Actor codes by how many events they take part in, on either side."""
    condition, params = where.where()
    code_filter, code_params = "", []
    if prefix:
        code_filter = " LIKE ? ESCAPE '\\'"
        code_params = [_like_prefix(prefix.upper())]
    merged: dict[str, list[Any]] = {}
    for position, side in enumerate(("actor", "recipient")):
        sql = (
            f"SELECT {side}_code, max({side}_name), count(*) FROM events WHERE {condition} "
            f"AND {side}_code IS NOT NULL"
            + (f" AND {side}_code{code_filter}" if code_filter else "")
            + f" GROUP BY {side}_code"
        )
        for code, name, n in store._fetchall(sql, [*params, *code_params]):
            entry = merged.setdefault(code, [None, 0, 0])
            entry[0] = entry[0] or name
            entry[1 + position] += n
    ranked = sorted(merged.items(), key=lambda kv: (-(kv[1][1] + kv[1][2]), kv[0]))[:limit]
    return [
        {"code": code, "name": name, "as_actor": a, "as_recipient": r, "count": a + r}
        for code, (name, a, r) in ranked
    ]


def dyads(store: Store, where: EventFilter, *, limit: int = 50) -> list[dict[str, Any]]:
    """Who acts on whom: (actor, recipient) pairs by event count, with their QuadClass mix."""
    condition, params = where.where()
    quads = ", ".join(f"sum(CASE WHEN quad_class = {q} THEN 1 ELSE 0 END)" for q in (1, 2, 3, 4))
    sql = (
        f"SELECT actor_code, recipient_code, count(*) AS n, avg(goldstein), {quads} "
        f"FROM events WHERE {condition} AND actor_code IS NOT NULL "
        "AND recipient_code IS NOT NULL AND actor_code <> recipient_code "
        "GROUP BY actor_code, recipient_code ORDER BY n DESC, actor_code, recipient_code LIMIT ?"
    )
    return [
        {
            "actor": a,
            "recipient": r,
            "count": n,
            "goldstein": round(float(g), 2),
            "quad_classes": {str(q): int(c) for q, c in zip((1, 2, 3, 4), counts, strict=True)},
        }
        for a, r, n, g, *counts in store._fetchall(sql, [*params, limit])
    ]


def map_points(
    store: Store, where: EventFilter, *, precision: int = 1, limit: int = 2000
) -> tuple[list[dict[str, Any]], int]:
    """Located events clustered on a grid of 10**-precision degrees, biggest clusters first.

    However many events match, at most `limit` points come back; the second value
    is the number of located events, so a client can say how many it shows.
    """
    condition, params = where.where()
    scale = 10.0**precision
    quads = ", ".join(f"sum(CASE WHEN quad_class = {q} THEN 1 ELSE 0 END)" for q in (1, 2, 3, 4))
    located = f"{condition} AND location_lat IS NOT NULL AND location_lon IS NOT NULL"
    sql = (
        "SELECT round(location_lat * ?) / ? AS lat, round(location_lon * ?) / ? AS lon, "
        f"count(*) AS n, {quads} FROM events WHERE {located} "
        "GROUP BY 1, 2 ORDER BY n DESC, lat, lon LIMIT ?"
    )
    rows = store._fetchall(sql, [scale, scale, scale, scale, *params, limit])
    total = store._fetchall(f"SELECT count(*) FROM events WHERE {located}", params)[0][0]
    points = []
    for lat, lon, n, *counts in rows:
        mix = dict(zip((1, 2, 3, 4), (int(c) for c in counts), strict=True))
        points.append(
            {
                "lat": lat,
                "lon": lon,
                "count": n,
                "quad_class": max(mix, key=lambda q: (mix[q], -q)),
                "quad_classes": {str(q): c for q, c in mix.items()},
            }
        )
    return points, total


def article_events(store: Store, article_id: str) -> list[dict[str, Any]]:
    """Every event an article mentions, whatever its modality, in reading order."""
    sql = (
        f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE id IN "
        "(SELECT event_id FROM mentions WHERE article_id = ?) ORDER BY sentence_index, id"
    )
    return [_event_dict(r) for r in store._fetchall(sql, [article_id])]


# -- evidence -----------------------------------------------------------------

ROLES = ("trigger", "actor", "recipient", "location")  # drawing order: first wins


def evidence_segments(
    sentence: str, spans: dict[str, Any], text: str | None
) -> tuple[list[dict[str, Any]], int | None]:
    """Cut the sentence into segments, each with the roles (trigger, actor...) it is part of.

    Spans are offsets into the article text, so the sentence is first found in it
    (the occurrence holding the trigger). Without the text, or when a span
    falls outside the sentence, that span is left out rather than guessed.
    Returns the segments and the sentence's offset in the article (or None).
    """
    offset = _sentence_offset(sentence, spans, text)
    roles_at: list[set[str]] = [set() for _ in sentence]
    if offset is not None:
        for role in ROLES:
            span = spans.get(role)
            if not span:
                continue
            start, end = span[0] - offset, span[1] - offset
            if 0 <= start < end <= len(sentence):
                for i in range(start, end):
                    roles_at[i].add(role)
    segments: list[dict[str, Any]] = []
    for ch, roles in zip(sentence, roles_at, strict=True):
        ordered = [r for r in ROLES if r in roles]
        if segments and segments[-1]["roles"] == ordered:
            segments[-1]["text"] += ch
        else:
            segments.append({"text": ch, "roles": ordered})
    for segment in segments:
        segment["role"] = segment["roles"][0] if segment["roles"] else None
    return segments, offset


def _sentence_offset(sentence: str, spans: dict[str, Any], text: str | None) -> int | None:
    if not text or not sentence:
        return None
    anchor = next((spans[r] for r in ROLES if spans.get(r)), None)
    start = text.find(sentence)
    first = start
    while start >= 0:
        if anchor is None or start <= anchor[0] < start + len(sentence):
            return start
        start = text.find(sentence, start + 1)
    return first if first >= 0 and anchor is None else None


# -- dashboard aggregates -------------------------------------------------------
# Everything the dashboard draws is counted here, so a view over millions of events
# moves a few hundred rows, never the events themselves.

# How coarse a stored date is: a month-precision event is dated the 1st of its month.
# `ingest` has no rank: its date is the day of coding, drawn on no axis (`undated`).
_DATE_RANK = {"day": 0, "publication": 0, "week": 1, "month": 2, "year": 3}
_INTERVAL_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_RANK_SQL = (
    "CASE date_precision WHEN 'week' THEN 1 WHEN 'month' THEN 2 WHEN 'year' THEN 3 ELSE 0 END"
)
_DATED = "date_precision <> 'ingest'"
MAX_SPANS = 1000


def timeline(store: Store, where: EventFilter, *, interval: str) -> dict[str, Any]:
    """Counts per period and event type for the events a period can hold, and the coarser
    ones (a year-precision event on a monthly axis) as date spans, never piled on day 1.

    `bars` rows are {period, key, count, coarse}: `coarse` of them are dated only as
    precisely as the interval (month-precision events in a month bar). `spans` rows are
    {start, end, precision, count}, `end` inclusive. `undated` counts the events with no
    known date (precision `ingest`), in neither.
    """
    bucket = _bucket(interval)
    rank = _INTERVAL_RANK[interval]
    condition, params = where.where()
    sql = (
        f"SELECT {bucket} AS period, event_type, count(*), "
        f"sum(CASE WHEN {_RANK_SQL} = ? AND {_RANK_SQL} > 0 THEN 1 ELSE 0 END) "
        f"FROM events WHERE {condition} AND {_DATED} AND {_RANK_SQL} <= ? "
        "GROUP BY period, event_type ORDER BY period, event_type"
    )
    bars = [
        {"period": _iso(_as_date(p)), "key": k, "count": n, "coarse": int(c or 0)}
        for p, k, n, c in store._fetchall(sql, [rank, *params, rank])
    ]
    sql = (
        f"SELECT date_precision, date, count(*) FROM events WHERE {condition} "
        f"AND {_DATED} AND {_RANK_SQL} > ? "
        "GROUP BY date_precision, date ORDER BY date, date_precision LIMIT ?"
    )
    spans = [
        {"start": _iso(day), "end": _iso(_span_end(day, precision)), "precision": precision,
         "count": n}
        for precision, day, n in store._fetchall(sql, [*params, rank, MAX_SPANS])
    ]  # fmt: skip
    sql = f"SELECT count(*) FROM events WHERE {condition} AND NOT ({_DATED})"
    undated = store._fetchall(sql, params)[0][0]
    return {"bars": bars, "spans": spans, "undated": int(undated)}


def _span_end(day: dt.date, precision: str) -> dt.date:
    if precision == "week":
        return day + dt.timedelta(days=6)
    if precision == "month":
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(day.year, 12, 31)


# facet name -> (column, the EventFilter field that narrows it)
FACETS: dict[str, tuple[str, str]] = {
    "event_type": ("event_type", "event_types"),
    "country": ("location_country", "countries"),
    "source": ("source", "sources"),
    "mode": ("mode", "modes"),
    "admin1": ("location_admin1", "admin1s"),
    "location_precision": ("location_precision", "precisions"),
    "date_precision": ("date_precision", ""),
}


def facets(
    store: Store, where: EventFilter, names: Sequence[str], *, limit: int = 100
) -> dict[str, list[dict[str, Any]]]:
    """Value counts for filter menus. Each facet ignores its own filter, so choosing a
    type still lists the other types (with the counts they would have)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name in names:
        if name not in FACETS:
            raise BadQuery(f"facets: use any of {', '.join(FACETS)}")
        column, field = FACETS[name]
        own = replace(where, **{field: ()}) if field else where
        condition, params = own.where()
        extra = ", location_country" if name == "admin1" else ""
        sql = (
            f"SELECT {column}{extra}, count(*) AS n FROM events WHERE {condition} "
            f"AND {column} IS NOT NULL GROUP BY {column}{extra} ORDER BY n DESC, {column} LIMIT ?"
        )
        rows = store._fetchall(sql, [*params, limit])
        if name == "admin1":
            out[name] = [{"key": k, "country": c, "count": n} for k, c, n in rows]
        else:
            out[name] = [{"key": k, "count": n} for k, n in rows]
    return out


def _quad_mix(counts: Sequence[Any]) -> tuple[int, dict[str, int]]:
    mix = dict(zip((1, 2, 3, 4), (int(c) for c in counts), strict=True))
    return max(mix, key=lambda q: (mix[q], -q)), {str(q): c for q, c in mix.items()}


def map_layers(
    store: Store, where: EventFilter, *, precision: int = 1, limit: int = 2000
) -> tuple[list[dict[str, Any]], int]:
    """Located events by how precisely they are placed, each kind aggregated its own way:
    `country` (one row per country), `admin1` (per country and division), `region`, and
    `place` (cities and points clustered on a 10**-precision degree grid; a cluster of
    one place carries its name). Returns the rows and the number of located events."""
    condition, params = where.where()
    located = f"{condition} AND location_lat IS NOT NULL AND location_lon IS NOT NULL"
    quads = ", ".join(f"sum(CASE WHEN quad_class = {q} THEN 1 ELSE 0 END)" for q in (1, 2, 3, 4))
    out: list[dict[str, Any]] = []
    grouped = (
        ("country", "location_precision = 'country'", "location_country, NULL"),
        ("admin1", "location_precision = 'admin1'", "location_country, location_admin1"),
        ("region", "location_precision = 'region'", "location_country, location_name"),
    )
    for kind, which, keys in grouped:
        sql = (
            f"SELECT {keys}, avg(location_lat), avg(location_lon), count(*) AS n, {quads} "
            f"FROM events WHERE {located} AND {which} GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?"
        )
        for country, name, lat, lon, n, *counts in store._fetchall(sql, [*params, limit]):
            quad, mix = _quad_mix(counts)
            out.append(
                {"kind": kind, "country": country, "name": name, "lat": round(lat, 4),
                 "lon": round(lon, 4), "count": n, "quad_class": quad, "quad_classes": mix}
            )  # fmt: skip
    scale = 10.0**precision
    sql = (
        "SELECT round(location_lat * ?) / ? AS lat, round(location_lon * ?) / ? AS lon, "
        "min(location_name), max(location_name), min(location_country), count(*) AS n, "
        f"{quads} FROM events WHERE {located} AND (location_precision IS NULL OR "
        "location_precision NOT IN ('country', 'admin1', 'region')) "
        "GROUP BY 1, 2 ORDER BY n DESC, lat, lon LIMIT ?"
    )
    for lat, lon, first, last, country, n, *counts in store._fetchall(
        sql, [scale, scale, scale, scale, *params, limit]
    ):
        quad, mix = _quad_mix(counts)
        out.append(
            {"kind": "place", "country": country, "name": first if first == last else None,
             "lat": lat, "lon": lon, "count": n, "quad_class": quad, "quad_classes": mix}
        )  # fmt: skip
    total = store._fetchall(f"SELECT count(*) FROM events WHERE {located}", params)[0][0]
    return out, total


def mentions_of(store: Store, event_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """`mentions()` for many events in one query: event id -> its mentions, oldest first."""
    columns = (
        "event_id", "article_id", "sentence_index", "sentence", "confidence", "title", "date",
        "source", "url",
    )  # fmt: skip
    found: dict[str, list[dict[str, Any]]] = {i: [] for i in event_ids}
    for chunk in range(0, len(event_ids), 200):
        part = list(event_ids[chunk : chunk + 200])
        sql = (
            "SELECT m.event_id, m.article_id, m.sentence_index, m.sentence, m.confidence, "
            "a.title, a.date, a.source, a.url FROM mentions m "
            f"LEFT JOIN articles a ON a.id = m.article_id WHERE m.event_id IN "
            f"{_placeholders(len(part))} ORDER BY m.event_id, a.date, m.article_id, "
            "m.sentence_index"
        )
        for row in store._fetchall(sql, part):
            found[row[0]].append(_plain_dict(columns[1:], row[1:]))
    return found
