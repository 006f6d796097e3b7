"""One event, many reports: which coded events describe the same real-world event.

Pure Python, no SQL and no model: the store hands candidate mentions to `cluster`
and writes back one canonical event per cluster.

Two mentions are the same event (`same_event`) when all of these hold:

- **type**: the same PLOVER event type (the CAMEO root when a mention has none);
- **actors**: actor codes compatible, and recipient codes compatible: equal, one a
  less specific prefix of the other (`RUS` ~ `RUSMIL`), `---` (unknown country) as a
  wildcard for any country, a missing code compatible with anything; the armed
  non-state sectors `REB`, `INS` and `UAF` count as one (reporters call the same
  fighters rebels, insurgents or gunmen);
- **place**, by the coarser of the two precisions: point/city within 25 km, admin1
  within 150 km or the same admin1, country the same country, region the same region
  name; a mention with no place only where the actors' countries meet the other's;
- **date**, by the coarser precision: day within 1 day, publication (no date in the
  text) within 2 days, week within 7 days, month the same month, year the same year;
  a mention dated `ingest` (no date anywhere: the day it was coded) is never merged,
  since two reports coded the same day may tell events years apart;
- both are **realized**: asserted or reported, and a discrete event. Negated,
  hypothetical, future and habitual mentions are never merged.

`cluster` blocks mentions by (event type, country) and, inside a block, by day (or
month, for long windows) and a 1-degree grid cell for point/city places, so a
mention is only compared with clusters that could match: O(n log n) for the sort
plus work per mention that grows with how many events share its block and days.
Within a block mentions are taken in a canonical order (finest date first), and
each joins the best matching cluster -- checked against the cluster's
profile, the most specific actors, place and date of its members, so clusters
do not drift by chaining -- or starts a new one. The input order never matters.
A mention is compared with at most `MAX_CANDIDATES` clusters, nearest days first,
which keeps the work per mention bounded in dense blocks (a month- or
year-precision report of a busy country) at the price of an occasional missed
merge there.

Blocking trades a little recall for speed: mentions filed under different
countries (the place's country, else the recipient's, else the actor's) are never
compared.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from lapwing.records import REALIZED_MODALITIES, Event, date_period

MAX_CONFIDENCE = 0.99

# Date precision -> (rank, tolerance in days); the coarser mention's tolerance applies.
_DATE_RULES = {
    "day": (0, 1),
    "publication": (1, 2),
    "week": (2, 7),
    "month": (3, 0),
    "year": (4, 0),
}
# Placeholder dates: the day of coding, not of the event. Such a mention stands alone.
_UNDATED = frozenset({"ingest"})
# Place precision -> rank; the coarser one decides the test.
_PLACE_RANK = {"point": 0, "city": 1, "admin1": 2, "country": 3, "region": 4}
_NO_PLACE = 9
CITY_RADIUS_KM = 25.0
ADMIN1_RADIUS_KM = 150.0
_EARTH_KM = 6371.0088
_ARMED_NON_STATE = {"REB": "ARM", "INS": "ARM", "UAF": "ARM"}
_GRID_DEGREES = 1.0  # >= 25 km of longitude up to 75 degrees latitude


@dataclass(frozen=True, slots=True)
class Mention:
    """What matching needs to know about one coded event (one report of it)."""

    id: str
    article_id: str
    event_type: str
    cameo: str
    date: str  # YYYY-MM-DD, the first day of the period
    date_precision: str
    modality: str
    aspect: str = "event"
    actor: str | None = None  # CAMEO-style codes
    recipient: str | None = None
    actor_country: str | None = None
    recipient_country: str | None = None
    lat: float | None = None
    lon: float | None = None
    place_country: str | None = None
    admin1: str | None = None
    place_precision: str | None = None  # None: no place
    place_name: str | None = None
    source: str | None = None
    published: str | None = None  # the article's publication date, YYYY-MM-DD
    confidence: float = 0.0
    sentence_index: int = 0

    @classmethod
    def from_event(cls, event: Event, published: str | None = None) -> Mention:
        actor, recipient, place = event.actor, event.recipient, event.location
        if actor is not None and not actor.identified:
            actor = None  # an unidentified doer matches any report's actor
        return cls(
            id=event.id,
            article_id=event.article_id,
            event_type=event.event_type,
            cameo=event.cameo,
            date=event.date,
            date_precision=event.date_precision,
            modality=event.modality,
            aspect=event.aspect,
            actor=actor.code if actor else None,
            recipient=recipient.code if recipient else None,
            actor_country=actor.country if actor else None,
            recipient_country=recipient.country if recipient else None,
            lat=place.lat if place else None,
            lon=place.lon if place else None,
            place_country=place.country if place else None,
            admin1=place.admin1 if place else None,
            place_precision=place.precision if place else None,
            place_name=place.name if place else None,
            source=event.source,
            published=published,
            confidence=event.confidence,
            sentence_index=event.sentence_index,
        )

    @property
    def realized(self) -> bool:
        return self.modality in REALIZED_MODALITIES and self.aspect == "event"


@dataclass(frozen=True, slots=True)
class Summary:
    """One canonical event: the mention that stands for it and the counts."""

    representative: Mention  # the first article's first mention
    num_mentions: int
    num_articles: int
    num_sources: int  # distinct non-empty `source`
    first_seen: str | None  # earliest / latest publication date of its articles
    last_seen: str | None
    confidence: float


# -- keys ---------------------------------------------------------------------


def family(m: Mention) -> str | None:
    """The type family: the PLOVER type, or the CAMEO root when there is none."""
    if m.event_type:
        return m.event_type.upper()
    return f"cameo:{m.cameo[:2]}" if m.cameo else None


def block_country(m: Mention) -> str | None:
    """The country a mention is filed under: its place's, else its recipient's or actor's."""
    return m.place_country or m.recipient_country or m.actor_country


def period(m: Mention) -> tuple[int, int] | None:
    """First and last day (proleptic ordinals) the mention's date denotes, or None (no
    date: an unknown or `ingest` precision)."""
    if m.date_precision not in _DATE_RULES or m.date_precision in _UNDATED:
        return None
    try:
        first, last = date_period(m.date, m.date_precision)
    except (TypeError, ValueError):
        return None
    return first.toordinal(), last.toordinal()


def block_key(m: Mention) -> tuple[str, str] | None:
    """(type family, country) for a mention that may be merged, else None."""
    if not m.realized or period(m) is None:
        return None
    kind, country = family(m), block_country(m)
    if kind is None or country is None:
        return None
    return kind, country


def window(m: Mention) -> tuple[int, int] | None:
    """The days (ordinals, inclusive) a matching mention's period must reach."""
    days = period(m)
    if days is None:
        return None
    tolerance = _DATE_RULES[m.date_precision][1]
    return days[0] - tolerance, days[1] + tolerance


# -- matching -----------------------------------------------------------------


def _chunks(code: str | None) -> tuple[str, ...] | None:
    if not code:
        return None
    parts = [code[i : i + 3].upper() for i in range(0, len(code), 3)]
    return tuple(_ARMED_NON_STATE.get(p, p) for p in parts)


def _codes_compatible(a: tuple[str, ...] | None, b: tuple[str, ...] | None) -> bool:
    if a is None or b is None or a == b:
        return True
    return all(x == y or x == "---" or y == "---" for x, y in zip(a, b, strict=False))


def _merge_codes(a: tuple[str, ...] | None, b: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """The most specific code two compatible codes agree on."""
    if a is None or b is None:
        return a or b
    longer, shorter = (a, b) if len(a) >= len(b) else (b, a)
    merged = list(longer)
    for i, chunk in enumerate(shorter):
        if merged[i] == "---":
            merged[i] = chunk
    return tuple(merged)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(math.sqrt(min(1.0, max(0.0, h))))


class _View:
    """A mention, or the profile of a cluster: the most specific of its members."""

    __slots__ = (
        "kind",
        "start",
        "end",
        "rank",
        "tolerance",
        "actor",
        "recipient",
        "countries",
        "prank",
        "lat",
        "lon",
        "place_country",
        "admin1",
        "place_name",
        "cell",
    )

    def __init__(self, m: Mention, kind: str, days: tuple[int, int]) -> None:
        self.kind = kind
        self.start, self.end = days
        self.rank, self.tolerance = _DATE_RULES[m.date_precision]
        self.actor = _chunks(m.actor)
        self.recipient = _chunks(m.recipient)
        self.countries = frozenset(c for c in (m.actor_country, m.recipient_country) if c)
        self.prank = _PLACE_RANK.get(m.place_precision or "", _NO_PLACE)
        if m.place_precision is not None and self.prank == _NO_PLACE:
            self.prank = _PLACE_RANK["region"]  # an unknown precision: trust names only
        located = m.lat is not None and m.lon is not None
        self.lat, self.lon = (m.lat, m.lon) if located else (None, None)
        self.place_country = m.place_country
        self.admin1 = m.admin1
        self.place_name = (m.place_name or "").casefold() or None
        self.cell = _cell(self.lat, self.lon) if located and self.prank <= 1 else None

    def absorb(self, other: _View) -> None:
        """Keep the most specific values a cluster's members agree on."""
        self.actor = _merge_codes(self.actor, other.actor)
        self.recipient = _merge_codes(self.recipient, other.recipient)
        self.countries = self.countries | other.countries
        if other.prank < self.prank:
            self.prank, self.lat, self.lon = other.prank, other.lat, other.lon
            self.place_country = other.place_country or self.place_country
            self.admin1, self.place_name = other.admin1, other.place_name
        if (other.rank, other.end - other.start) < (self.rank, self.end - self.start):
            self.start, self.end = other.start, other.end
            self.rank, self.tolerance = other.rank, other.tolerance


def _cell(lat: float | None, lon: float | None) -> tuple[int, int] | None:
    if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    return math.floor(lat / _GRID_DEGREES), math.floor(lon / _GRID_DEGREES)


def _place_distance(a: _View, b: _View) -> float | None:
    """0 or the distance in km when the places are compatible, None when not."""
    if a.prank == _NO_PLACE or b.prank == _NO_PLACE:
        located, other = (b, a) if a.prank == _NO_PLACE else (a, b)
        if other.prank == _NO_PLACE:
            return 0.0 if a.countries & b.countries else None
        known = located.countries | ({located.place_country} if located.place_country else set())
        return 0.0 if other.countries & known else None
    coarse = max(a.prank, b.prank)
    if coarse == _PLACE_RANK["region"]:
        if a.prank == b.prank:
            return 0.0 if a.place_name == b.place_name else None
        return 0.0 if a.place_country and a.place_country == b.place_country else None
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return None
    if coarse == _PLACE_RANK["country"]:
        return 0.0 if a.place_country == b.place_country else None
    if a.lat is None or b.lat is None:
        same = a.place_name == b.place_name and a.admin1 == b.admin1
        return 0.0 if same or (coarse == 2 and a.admin1 and a.admin1 == b.admin1) else None
    km = distance_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
    if coarse == _PLACE_RANK["admin1"]:
        return km if km <= ADMIN1_RADIUS_KM or (a.admin1 and a.admin1 == b.admin1) else None
    return km if km <= CITY_RADIUS_KM else None


def _match(a: _View, b: _View) -> tuple[int, float] | None:
    """(days apart, km apart) when a and b may be the same event, else None."""
    if a.kind != b.kind:
        return None
    gap = max(a.start - b.end, b.start - a.end, 0)
    coarser = a if a.rank >= b.rank else b
    if gap > coarser.tolerance:
        return None
    if not (_codes_compatible(a.actor, b.actor) and _codes_compatible(a.recipient, b.recipient)):
        return None
    km = _place_distance(a, b)
    return None if km is None else (gap, km)


def _view(m: Mention) -> _View | None:
    days = period(m)
    kind = family(m)
    if not m.realized or days is None or kind is None:
        return None
    return _View(m, kind, days)


def same_event(a: Mention | Event, b: Mention | Event) -> bool:
    """Whether two mentions may report the same real-world event (the rules above)."""
    va = _view(a if isinstance(a, Mention) else Mention.from_event(a))
    vb = _view(b if isinstance(b, Mention) else Mention.from_event(b))
    return va is not None and vb is not None and _match(va, vb) is not None


# -- clustering ---------------------------------------------------------------


def _order(m: Mention) -> tuple:
    """Canonical processing order: finest date, then date, finest place, first report."""
    return (
        _DATE_RULES.get(m.date_precision, (9, 0))[0],
        m.date,
        _PLACE_RANK.get(m.place_precision or "", _NO_PLACE),
        m.published or "",
        m.article_id,
        m.sentence_index,
        m.id,
    )


_NEIGHBOURS = tuple((dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1))
_SHORT_WINDOW = 16  # days; longer windows are looked up month by month
# Clusters a mention is compared with at most, nearest days first: a month- or
# year-precision report in a dense block would otherwise scan thousands.
MAX_CANDIDATES = 100

Bucket = dict[Any, list[int]]  # grid cell (None: no precise place) -> cluster numbers


def _month(ordinal: int) -> int:
    day = dt.date.fromordinal(max(1, ordinal))
    return day.year * 12 + day.month


def _cluster_block(mentions: list[Mention]) -> list[list[Mention]]:
    """Leader clustering in canonical order, clusters indexed by day (and month) and cell."""
    clusters: list[list[Mention]] = []
    profiles: list[_View] = []
    by_day: dict[int, Bucket] = defaultdict(dict)
    by_month: dict[int, Bucket] = defaultdict(dict)
    for m in sorted(mentions, key=_order):
        view = _view(m)
        assert view is not None  # block_key() let only mergeable mentions in
        low, high = view.start - view.tolerance, view.end + view.tolerance
        if high - low <= _SHORT_WINDOW:
            keys, index = range(low, high + 1), by_day
            middle = (view.start + view.end) // 2
        else:
            keys, index = range(_month(low), _month(high) + 1), by_month
            middle = _month((view.start + view.end) // 2)
        buckets = [index.get(k) for k in sorted(keys, key=lambda k: (abs(k - middle), k))]
        cells = None
        if view.cell is not None:
            y, x = view.cell
            cells = [(y + dy, x + dx) for dy, dx in _NEIGHBOURS] + [None]
        best: tuple[int, float, int] | None = None
        seen: set[int] = set()
        for bucket in buckets:
            if not bucket or len(seen) >= MAX_CANDIDATES:
                continue
            lists = bucket.values() if cells is None else [bucket.get(c) for c in cells]
            for found in lists:
                for c in found or ():
                    if c in seen or len(seen) >= MAX_CANDIDATES:
                        continue
                    seen.add(c)
                    score = _match(profiles[c], view)
                    if score is not None and (best is None or (*score, c) < best):
                        best = (*score, c)
        if best is not None:
            clusters[best[2]].append(m)
            profiles[best[2]].absorb(view)
            continue
        c = len(clusters)
        clusters.append([m])
        profiles.append(view)
        # The profile's date only narrows, so registering the first member's window
        # covers every mention that can match it later.
        for day in range(low, high + 1):
            by_day[day].setdefault(view.cell, []).append(c)
        for k in range(_month(low), _month(high) + 1):
            by_month[k].setdefault(view.cell, []).append(c)
    return clusters


def cluster(mentions: Iterable[Mention]) -> list[list[Mention]]:
    """Group mentions into events; each list holds the mentions of one event.

    Mentions that may not be merged (not realized, no usable date, no country)
    come back alone. The result depends only on the set of mentions, not their
    order; clusters and their members are in canonical order.
    """
    blocks: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    alone: list[list[Mention]] = []
    for m in mentions:
        key = block_key(m)
        if key is None:
            alone.append([m])
        else:
            blocks[key].append(m)
    out = [c for key in sorted(blocks) for c in _cluster_block(blocks[key])]
    out.extend(alone)
    out.sort(key=lambda c: _order(c[0]))
    return out


# -- one canonical event per cluster --------------------------------------------


def _first_report(m: Mention) -> tuple:
    return (m.published is None, m.published or "", m.article_id, m.sentence_index, m.id)


def combined_confidence(mentions: Sequence[Mention]) -> float:
    """Confidence that rises with independent sources.

    Each source counts once, with its most confident mention c_s (mentions without a
    source count as one source together): 1 - prod(1 - c_s), capped at 0.99 and
    never below the best single mention. One source alone keeps its best mention's
    confidence: retellings in one outlet are not independent evidence.
    """
    best: dict[str | None, float] = {}
    for m in mentions:
        best[m.source] = max(best.get(m.source, m.confidence), m.confidence)
    top = max(best.values())
    if len(best) < 2:
        return top
    doubt = math.prod(1.0 - min(1.0, max(0.0, c)) for c in best.values())
    return max(top, min(MAX_CONFIDENCE, 1.0 - doubt))


def summarize(mentions: Sequence[Mention]) -> Summary:
    """The canonical event of one cluster (a non-empty list of mentions)."""
    if not mentions:
        raise ValueError("summarize() needs at least one mention")
    dates = sorted(m.published for m in mentions if m.published)
    return Summary(
        representative=min(mentions, key=_first_report),
        num_mentions=len(mentions),
        num_articles=len({m.article_id for m in mentions}),
        num_sources=len({m.source for m in mentions if m.source}),
        first_seen=dates[0] if dates else None,
        last_seen=dates[-1] if dates else None,
        confidence=combined_confidence(mentions),
    )
