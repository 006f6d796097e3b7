"""Readable names for actor codes: "NERMIL" is "Niger military", "IGOAFU" the African Union.

A code is a country or region (countries.tsv), then three-letter sector parts
(`SECTORS`), or a group code that the named-actor table gives a name for. The
dashboard composes labels from `actor_labels()`, served once as JSON.
"""

from __future__ import annotations

from functools import lru_cache

from lapwing.dictionaries import data_path, read_tsv

# CAMEO's sector codes, and lapwing's additions (PMC), as a reader would say them.
SECTORS = {
    "AGR": "agriculture", "BUS": "business", "CRM": "criminals", "CVL": "civilians",
    "COP": "police", "EDU": "education", "ELI": "elites", "ENV": "environmental groups",
    "GOV": "government", "HLH": "health", "HRI": "human rights groups", "IGO": "intergovernmental",
    "INS": "insurgents", "JUD": "judiciary", "LAB": "labour", "LEG": "legislature",
    "MED": "media", "MIL": "military", "MNC": "multinational", "MOD": "moderates",
    "NGO": "NGO", "NGM": "non-governmental movement", "OPP": "opposition",
    "PMC": "private military",
    "PTY": "party", "RAD": "radicals", "REB": "rebels", "REF": "refugees", "REL": "religious",
    "SEP": "separatists", "SET": "settlers", "SPY": "intelligence", "UAF": "armed forces",
    "UNK": "unknown",
}  # fmt: skip


@lru_cache(maxsize=1)
def actor_labels() -> dict[str, dict[str, str]]:
    """{"countries": {ISO3 or region: name}, "sectors": {...}, "groups": {code: name}}.

    `groups` holds codes that are not a country and sectors (IGOAFU, NGOHRW): the
    first non-person name the named-actor table gives them.
    """
    _, rows = read_tsv(data_path("actors", "countries.tsv"))
    countries = {r["iso3"]: r["name"] for r in rows if r.get("iso3") and r.get("name")}
    groups: dict[str, str] = {}
    _, named = read_tsv(data_path("actors", "named.tsv"))
    for row in named:
        code = row.get("code") or ""
        if row.get("kind") == "person" or not code or code in groups:
            continue
        if code[:3] in countries and _reads_as_sectors(code[3:]):
            continue  # "Boko Haram" is NGAREB: the code reads as Nigeria rebels already
        groups[code] = row["name"]
    return {"countries": countries, "sectors": dict(SECTORS), "groups": groups}


def _reads_as_sectors(rest: str) -> bool:
    return all(rest[i : i + 3] in SECTORS for i in range(0, len(rest), 3))


def actor_label(code: str | None) -> str | None:
    """The readable name of one code, the way the dashboard composes it."""
    if not code:
        return None
    tables = actor_labels()
    if code in tables["groups"]:
        return tables["groups"][code]
    head, parts = code[:3], [code[i : i + 3] for i in range(3, len(code), 3)]
    words = [tables["countries"].get(head) or tables["sectors"].get(head) or head]
    words += [tables["sectors"].get(p, p) for p in parts]
    return " ".join(words)
