"""Plain, picklable records that flow through the pipeline.

article -> Document (sentences, tokens, entities) -> Event (actors, place, date).
Only `stages/parse.py` knows spaCy; everything after it works on these records,
so later stages are pure Python, testable without a model and safe to ship to
Dask/Spark workers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

Span = tuple[int, int]

MODALITIES = ("asserted", "reported", "negated", "hypothetical", "future")
REALIZED_MODALITIES = frozenset({"asserted", "reported"})
# `ingest`: no date in the input, its metadata, --date or the text; the event's `date` is the
# day it was coded, a placeholder to filter on, never the event's date.
DATE_PRECISIONS = ("day", "week", "month", "year", "publication", "ingest")


def date_period(date: str, precision: str) -> tuple[dt.date, dt.date]:
    """The first and last day an event's `date` (the first day of its period) denotes at
    `precision`: a week, a month, a year, else that one day. ValueError for a bad date."""
    first = dt.date.fromisoformat(date)
    if precision == "week":
        return first, first + dt.timedelta(days=6)
    if precision == "month":
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, following - dt.timedelta(days=1)
    if precision == "year":
        return first, dt.date(first.year, 12, 31)
    return first, first


PLACE_PRECISIONS = ("point", "city", "admin1", "country", "region")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from any input."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # publication date, ISO 8601 (YYYY-MM-DD)
    source: str | None = None  # publisher, normalized ("NBC News")
    url: str | None = None
    language: str | None = None
    origin: str | None = None  # file path / feed URL it came from, for error messages


@dataclass(frozen=True, slots=True)
class InputFailure:
    """An input record that could not be read; it becomes an error row, never vanishes."""

    origin: str  # file path, "path:line", feed URL or "<stdin>"
    reason: str
    article_id: str | None = None


@dataclass(frozen=True, slots=True)
class SkippedInput(InputFailure):
    """An input deliberately not read (a file of no article kind in a directory, the same
    text read once already): reported and counted, but no error. Code that knows only
    `InputFailure` still treats it as one, never as an article."""


@dataclass(frozen=True, slots=True)
class Token:
    i: int  # index within the document
    text: str
    lemma: str
    pos: str  # universal POS (VERB, NOUN, PROPN, ...)
    tag: str  # fine-grained tag (VBD, VBN, ...)
    dep: str  # dependency label
    head: int  # document index of the syntactic head (itself for the root)
    start: int  # character offsets into the article text
    end: int
    ent_label: str = ""  # entity label ("GPE", "NORP", ...) or ""
    ent_id: str = ""  # resolved id from the gazetteer/actor ruler ("country:NER"), or ""


@dataclass(frozen=True, slots=True)
class Entity:
    label: str  # GPE, LOC, FAC, NORP, ORG, PERSON, DATE, ...
    text: str
    start: int  # character offsets into the article text
    end: int
    token_start: int  # document token indices, end exclusive
    token_end: int
    ent_id: str = ""  # ruler id, e.g. "country:NER", "group:WAGNER", "place:2440476"


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    token_start: int  # document token indices, end exclusive
    token_end: int
    parsed: bool = True  # False when the prefilter skipped tagging/parsing


@dataclass(frozen=True, slots=True)
class Document:
    article: Article
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]

    def sentence_tokens(self, sentence: Sentence) -> tuple[Token, ...]:
        return self.tokens[sentence.token_start : sentence.token_end]

    def sentence_entities(self, sentence: Sentence) -> tuple[Entity, ...]:
        return tuple(
            e for e in self.entities if sentence.token_start <= e.token_start < sentence.token_end
        )


@dataclass(frozen=True, slots=True)
class Actor:
    text: str | None
    code: str | None  # CAMEO-style: ISO3 + sector ("RUSMIL"), or a group code
    country: str | None = None  # ISO 3166 alpha-3
    sector: str | None = None  # GOV, MIL, REB, INS, OPP, COP, JUD, MED, BUS, CVL, IGO, NGO, PMC...
    name: str | None = None  # canonical name of a known person or group

    @property
    def identified(self) -> bool:
        """False for the stand-in of a party the text does not name (`unidentified`)."""
        return not is_unidentified(self.text, self.name)


# The actor of an event whose doer the text does not name: explicit, as ACLED's
# "Unidentified Armed Group (Mali)", rather than an empty actor.
UNIDENTIFIED_ARMED = "Unidentified Armed Group"
UNIDENTIFIED_ACTOR = "Unidentified actor"
UNIDENTIFIED_NAMES = frozenset({UNIDENTIFIED_ARMED, UNIDENTIFIED_ACTOR})


def is_unidentified(text: str | None, name: str | None) -> bool:
    """Whether an actor's `text` and `name` (as stored) are those of `unidentified`."""
    return text is None and name in UNIDENTIFIED_NAMES


def unidentified(country: str | None, armed: bool) -> Actor:
    """An armed group keeps the country it fights in (ACLED's practice); any other doer no
    country, since a bare country code would name the state."""
    if not armed:
        return Actor(text=None, code="---", name=UNIDENTIFIED_ACTOR)
    return Actor(
        text=None,
        code=f"{country or '---'}UAF",
        country=country,
        sector="UAF",
        name=UNIDENTIFIED_ARMED,
    )


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None  # ISO3
    admin1: str | None = None
    precision: str = "country"  # one of PLACE_PRECISIONS
    feature: str | None = None  # GeoNames feature class.code, or "region"
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name found in an article and resolved against the gazetteer."""

    name: str
    start: int
    end: int
    place: Place | None  # None when it could not be resolved


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression normalized in TimeML style."""

    text: str
    start: int
    end: int
    type: str  # DATE, TIME, DURATION, SET
    value: str  # "2024-04-11", "2023-12", "2017", "P2Y", "PRESENT_REF", ...
    precision: str | None = None  # day, week, month, year, ... (None for durations)
    date: str | None = None  # first day of the period as YYYY-MM-DD, when it denotes one


@dataclass(frozen=True, slots=True)
class EventDate:
    date: str  # YYYY-MM-DD, the first day of the period
    precision: str  # one of DATE_PRECISIONS
    text: str | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event; field names follow docs/SCHEMA.md."""

    id: str
    article_id: str
    date: str
    date_precision: str
    event_type: str
    mode: str | None
    context: list[str]
    cameo: str
    quad_class: int
    goldstein: float
    actor: Actor | None
    recipient: Actor | None
    location: Place | None
    modality: str
    sentence: str
    spans: dict[str, Span | None]
    source: str | None
    url: str | None
    confidence: float
    rule: str
    # "event", or "habitual"/"historical" for background that is no news of the day
    aspect: str = "event"
    sentence_index: int = 0
    data_version: str = ""
    # Deaths the text states for it (stages/fatalities.py); None: it states none (unknown).
    fatalities: int | None = None

    @property
    def realized(self) -> bool:
        return self.modality in REALIZED_MODALITIES and self.aspect == "event"

    def to_dict(self) -> dict[str, Any]:
        record = asdict(self)
        if self.location is not None:
            record["location"] = {
                key: record["location"][key]
                for key in ("name", "geonameid", "lat", "lon", "country", "admin1", "precision")
            }
        record["spans"] = {k: list(v) if v else None for k, v in self.spans.items()}
        return record


@dataclass(slots=True)
class CodingResult:
    """Everything coded from one article: what the store keeps."""

    article: Article
    events: list[Event] = field(default_factory=list)
    toponyms: list[Toponym] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    skipped_reason: str | None = None  # e.g. "not English (fr)"
