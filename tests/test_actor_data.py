"""Checks on the built-in actor dictionaries (data/actors/*.tsv).

The rules tested here are the ones data/README.md documents for these files.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

ACTORS = Path(__file__).resolve().parents[1] / "src/lapwing/data/actors"
VERSION_LINE = re.compile(r"# version: \d{4}\.\d{2}\.\d+")

SECTORS = frozenset(
    "GOV MIL COP JUD LEG SPY REB INS OPP UAF SEP PTY PMC CRM MED BUS MNC CVL LAB AGR EDU HLH "
    "REL REF SET ELI ENV HRI DEV NGO NGM IGO PKO".split()
)
# CAMEO codes for regions and the few countries ISO lacks (data/README.md, "Non-ISO codes").
NON_ISO = frozenset(
    "XKX AFR ASA BLK CAS CAU CEU CFR CRB EAF EEU EUR LAM MDT MEA NAF NMR PGS SAF SAM SAS SCN SEA "
    "WAF WST".split()
)
REGIONS = NON_ISO - {"XKX"}
# Names two rows really share; the first code is the one a resolver should prefer.
SHARED_NAMES = {
    "congolese": ("COD", "COG"),
    "dominican": ("DOM", "DMA"),
    "dominicans": ("DOM", "DMA"),
    "kingston": ("JAM", "NFK"),
}
# Uninhabited territories: no demonym exists.
NO_DEMONYM = frozenset({"ATF", "BVT", "HMD", "SGS", "UMI"})
KINDS = frozenset({"person", "group", "igo", "ngo", "institution", "media", "company"})


def read(name: str) -> tuple[str, list[str], list[dict[str, str]]]:
    lines = (ACTORS / name).read_text(encoding="utf-8").splitlines()
    body = [line for line in lines[1:] if line and not line.startswith("#")]
    reader = csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = list(reader)
    return lines[0], list(reader.fieldnames or []), rows


def split(cell: str) -> list[str]:
    return [part for part in cell.split("|") if part]


def date(cell: str) -> dt.date | None:
    return dt.date.fromisoformat(cell) if cell else None


def valid_country(code: str) -> bool:
    return code in NON_ISO or pycountry.countries.get(alpha_3=code) is not None


@pytest.fixture(scope="module")
def countries() -> list[dict[str, str]]:
    return read("countries.tsv")[2]


@pytest.fixture(scope="module")
def named() -> list[dict[str, str]]:
    return read("named.tsv")[2]


@pytest.fixture(scope="module")
def agents() -> list[dict[str, str]]:
    return read("agents.tsv")[2]


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("countries.tsv", ["iso3", "name", "aliases", "demonyms", "capital", "metonyms"]),
        (
            "named.tsv",
            ["name", "aliases", "kind", "code", "country", "sector", "start", "end", "note"],
        ),
        ("agents.tsv", ["word", "sector", "note"]),
    ],
)
def test_version_line_and_header(name: str, header: list[str]) -> None:
    version, fields, rows = read(name)
    assert VERSION_LINE.fullmatch(version), version
    assert fields == header
    for row in rows:
        assert None not in row and all(v is not None for v in row.values()), row
        assert all(v == v.strip() for v in row.values()), row


# countries.tsv


def test_countries_cover_iso_and_extras(countries: list[dict[str, str]]) -> None:
    codes = [row["iso3"] for row in countries]
    assert len(codes) == len(set(codes))
    iso = {c.alpha_3 for c in pycountry.countries}
    assert iso <= set(codes)
    assert {"XKX", "PSE", "TWN", "ESH"} <= set(codes)
    assert all(valid_country(code) for code in codes)


def test_every_country_has_a_demonym(countries: list[dict[str, str]]) -> None:
    missing = [
        row["iso3"]
        for row in countries
        if not split(row["demonyms"]) and row["iso3"] not in NO_DEMONYM | REGIONS
    ]
    assert not missing


def test_no_name_claimed_by_two_countries(countries: list[dict[str, str]]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for row in countries:
        names = [row["name"]]
        for column in ("aliases", "demonyms", "metonyms"):
            names += split(row[column])
        names += split(row["capital"])
        for name in names:
            if name:
                owners[name.casefold()].add(row["iso3"])
    clashes = {
        name: codes
        for name, codes in owners.items()
        if len(codes) > 1 and set(SHARED_NAMES.get(name, ())) != codes
    }
    assert not clashes


@pytest.mark.parametrize(
    ("iso3", "column", "value"),
    [
        ("NER", "demonyms", "Nigerien"),
        ("NGA", "demonyms", "Nigerian"),
        ("BFA", "demonyms", "Burkinabe"),
        ("USA", "aliases", "U.S."),
        ("GBR", "demonyms", "British"),
        ("COD", "aliases", "DRC"),
        ("CIV", "aliases", "Ivory Coast"),
        ("MMR", "aliases", "Burma"),
        ("TUR", "aliases", "Türkiye"),
        ("UKR", "capital", "Kyiv"),
        ("RUS", "metonyms", "Kremlin"),
        ("FRA", "metonyms", "Élysée"),
        ("MEA", "aliases", "Middle East"),
    ],
)
def test_country_spot_checks(
    countries: list[dict[str, str]], iso3: str, column: str, value: str
) -> None:
    row = next(r for r in countries if r["iso3"] == iso3)
    assert value in [row["name"], *split(row[column])]


# named.tsv


def test_named_rows(named: list[dict[str, str]]) -> None:
    assert len(named) >= 600
    keys = [(row["name"], row["start"]) for row in named]
    assert len(keys) == len(set(keys))
    for row in named:
        assert row["name"] and row["kind"] in KINDS, row
        assert row["sector"] in SECTORS, row
        country = row["country"]
        if country:
            assert valid_country(country), row
            assert row["code"] == country + row["sector"], row
        else:
            # IGOs, international courts, NGOs and transnational groups: sector/IGO/NGO + 3 letters
            assert len(row["code"]) == 6 and row["code"].isalnum() and row["code"].isupper(), row
            assert row["code"][:3] in SECTORS, row
        start, end = date(row["start"]), date(row["end"])
        if start and end:
            assert start < end, row


def test_role_periods_of_one_person_do_not_overlap(named: list[dict[str, str]]) -> None:
    periods: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for row in named:
        start = date(row["start"]) or dt.date.min
        end = date(row["end"]) or dt.date.max
        periods[row["name"]].append((start, end))
    for name, spans in periods.items():
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start, name


def lookup(named: list[dict[str, str]], text: str, on: str) -> dict[str, str]:
    day = dt.date.fromisoformat(on)
    hits = [
        row
        for row in named
        if text in [row["name"], *split(row["aliases"])]
        and (date(row["start"]) or dt.date.min) <= day < (date(row["end"]) or dt.date.max)
    ]
    assert len({h["code"] for h in hits}) == 1, (text, on, hits)
    return hits[0]


@pytest.mark.parametrize(
    ("text", "on", "code"),
    [
        ("Putin", "2024-04-12", "RUSGOV"),
        ("Putin", "2010-01-01", "RUSGOV"),
        ("Wagner Group", "2023-06-24", "RUSPMC"),
        ("Wagner", "2022-01-01", "RUSPMC"),
        ("ECOWAS", "2023-08-10", "IGOWAS"),
        ("NATO", "2024-01-01", "IGONAT"),
        ("EU", "2024-01-01", "IGOEEC"),
        ("Tiani", "2023-07-01", "NERMIL"),
        ("Tiani", "2023-08-01", "NERGOV"),
        ("Mohamed Bazoum", "2022-01-01", "NERGOV"),
        ("Goita", "2024-01-01", "MLIGOV"),
        ("Trump", "2018-01-01", "USAGOV"),
        ("Trump", "2023-01-01", "USAOPP"),
        ("Biden", "2022-01-01", "USAGOV"),
        ("Prigozhin", "2023-06-24", "RUSPMC"),
        ("Taliban", "2019-01-01", "AFGINS"),
        ("Taliban", "2022-01-01", "AFGGOV"),
        ("RSF", "2024-01-01", "SDNREB"),
        ("Hemedti", "2020-01-01", "SDNMIL"),
        ("IDF", "2024-01-01", "ISRMIL"),
        ("Pentagon", "2024-01-01", "USAMIL"),
        ("ISIS", "2016-01-01", "INSISI"),
        ("JNIM", "2024-01-01", "MLIINS"),
        ("AES", "2024-07-06", "IGOAES"),
        ("Zelensky", "2024-01-01", "UKRGOV"),
        ("Erdogan", "2024-01-01", "TURGOV"),
        # historical heads of state and government, and of international organizations
        ("Abdelaziz Bouteflika", "2005-01-01", "DZAGOV"),
        ("Laurent Gbagbo", "2004-06-01", "CIVGOV"),
        ("Hosni Mubarak", "2000-01-01", "EGYGOV"),
        ("Yasser Arafat", "1999-01-01", "PSEGOV"),
        ("Suharto", "1995-01-01", "IDNGOV"),
        ("Kofi Annan", "2000-01-01", "IGOUNO"),
        ("Javier Solana", "1997-01-01", "IGONAT"),
        ("Romano Prodi", "2001-01-01", "IGOEEC"),
        ("Romano Prodi", "2007-01-01", "ITAGOV"),
    ],
)
def test_named_spot_checks(named: list[dict[str, str]], text: str, on: str, code: str) -> None:
    assert lookup(named, text, on)["code"] == code


def test_minusma_ended(named: list[dict[str, str]]) -> None:
    row = next(r for r in named if r["name"] == "MINUSMA")
    assert row["end"] == "2023-12-31"


# agents.tsv


def test_agents(agents: list[dict[str, str]]) -> None:
    assert len(agents) >= 250
    words = [row["word"].casefold() for row in agents]
    assert len(words) == len(set(words))
    assert all(row["sector"] in SECTORS for row in agents)
    sector = {row["word"]: row["sector"] for row in agents}
    expected = {
        "troops": "MIL",
        "police": "COP",
        "government": "GOV",
        "junta": "GOV",
        "rebels": "REB",
        "jihadists": "INS",
        "protesters": "CVL",
        "mercenaries": "PMC",
        "judge": "JUD",
        "lawmakers": "LEG",
        "journalists": "MED",
    }
    assert {word: sector[word] for word in expected} == expected


def test_no_alias_names_two_actors(named: list[dict[str, str]]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for row in named:
        for alias in [row["name"], *split(row["aliases"])]:
            owners[alias.casefold()].add(row["name"])
    assert not {alias: names for alias, names in owners.items() if len(names) > 1}
