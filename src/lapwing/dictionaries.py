"""Load, validate and merge lapwing's data files with the user's own.

Built-in files live in `lapwing/data/`; user files of the same format are merged over them
(a user row with the same key replaces the built-in one). Formats: `data/README.md`.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from lapwing.errors import DictionaryError

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip


def data_path(*parts: str) -> Path:
    return Path(str(resources.files("lapwing").joinpath("data", *parts)))


def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Élysée' and 'elysee' look the same."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("’", "'").lower().split())


# ---------------------------------------------------------------- file readers


def read_tsv(path: Path) -> tuple[str, list[dict[str, str]]]:
    """Rows of a versioned TSV file as dicts; returns (version, rows)."""
    version = ""
    lines = []
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("#"):
                    if "version:" in line and not version:
                        version = line.split("version:", 1)[1].strip()
                    continue
                if line.strip():
                    lines.append(line.rstrip("\n"))
    except OSError as exc:
        raise DictionaryError(f"cannot read {path}: {exc.strerror}") from exc
    if not lines:
        return version, []
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    return version, rows


def read_jsonl(path: Path) -> tuple[str, list[dict]]:
    version = ""
    rows = []
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DictionaryError(f"{path}:{number}: malformed JSON: {exc.msg}") from exc
                if set(row) == {"version"}:
                    version = str(row["version"])
                    continue
                rows.append(row)
    except OSError as exc:
        raise DictionaryError(f"cannot read {path}: {exc.strerror}") from exc
    return version, rows


def split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


# ---------------------------------------------------------------- CAMEO table


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    quad_class: int
    goldstein: float
    plover_type: str
    plover_mode: str | None
    plover_context: tuple[str, ...]


def load_cameo(path: Path | None = None) -> tuple[str, dict[str, CameoCode]]:
    version, rows = read_tsv(path or data_path("cameo.tsv"))
    table = {}
    for row in rows:
        code = row["code"]
        table[code] = CameoCode(
            code=code,
            name=row.get("name", ""),
            quad_class=int(row["quad_class"]),
            goldstein=float(row["goldstein"] or 0.0),
            plover_type=row.get("plover_type", ""),
            plover_mode=row.get("plover_mode") or None,
            plover_context=tuple(split_list(row.get("plover_context", "").replace(",", "|"))),
        )
    return version, table


# ---------------------------------------------------------------- event patterns


@dataclass(frozen=True, slots=True)
class Pattern:
    id: str
    trigger: str
    pos: str
    cameo: str
    type: str
    mode: str | None = None
    context: tuple[str, ...] = ()
    particle: str | None = None
    object: frozenset[str] = frozenset()
    not_object: frozenset[str] = frozenset()
    actor_is: frozenset[str] = frozenset()
    recipient_prep: tuple[str, ...] = ()
    reverse: bool = False  # the subject receives; the "from" object acts ("received arms from")

    @property
    def specificity(self) -> int:
        return bool(self.particle) + bool(self.object) + bool(self.actor_is) + bool(self.not_object)


@dataclass(frozen=True)
class PatternIndex:
    version: str
    by_trigger: dict[tuple[str, str], tuple[Pattern, ...]]

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_trigger.values())

    def candidates(self, lemma: str, pos: str) -> tuple[Pattern, ...]:
        return self.by_trigger.get((lemma, pos), ())

    @property
    def triggers(self) -> frozenset[str]:
        return frozenset(lemma for lemma, _ in self.by_trigger)

    def requirements(self) -> dict[str, frozenset[str] | None]:
        """Trigger lemma -> None when some pattern fires on it alone, else the words (objects,
        particles, actors) one of which its patterns need."""
        out: dict[str, frozenset[str] | None] = {}
        for (lemma, _), patterns in self.by_trigger.items():
            if out.get(lemma, ()) is None:
                continue
            needed: set[str] = set(out.get(lemma) or ())
            for p in patterns:
                if not (p.particle or p.object or p.actor_is):
                    out[lemma] = None
                    break
                needed |= p.object | p.actor_is | ({p.particle} if p.particle else set())
            else:
                out[lemma] = frozenset(needed)
        return out


def _pattern_from_row(row: dict, origin: str) -> Pattern:
    try:
        pos = row["pos"].upper()
        if pos not in ("VERB", "NOUN"):
            raise DictionaryError(f"{origin}: pattern {row.get('id')!r}: pos must be VERB or NOUN")
        if row["type"] not in PLOVER_TYPES:
            raise DictionaryError(f"{origin}: pattern {row['id']!r}: unknown type {row['type']!r}")
        return Pattern(
            id=str(row["id"]),
            trigger=str(row["trigger"]).lower(),
            pos=pos,
            cameo=str(row["cameo"]),
            type=row["type"],
            mode=row.get("mode") or None,
            context=tuple(row.get("context") or ()),
            particle=(row.get("particle") or None),
            object=frozenset(w.lower() for w in row.get("object") or ()),
            not_object=frozenset(w.lower() for w in row.get("not_object") or ()),
            actor_is=frozenset(w.lower() for w in row.get("actor_is") or ()),
            recipient_prep=tuple(row.get("recipient_prep") or ()),
            reverse=bool(row.get("reverse")),
        )
    except KeyError as exc:
        raise DictionaryError(f"{origin}: pattern {row.get('id')!r} lacks {exc.args[0]!r}") from exc


def load_patterns(extra_files: Sequence[Path] = (), cameo: dict[str, CameoCode] | None = None):
    """Built-in patterns, then user files; a user pattern with a known id replaces it."""
    version, rows = read_jsonl(data_path("patterns.jsonl"))
    ordered: dict[str, Pattern] = {}
    for origin, file_rows in [("patterns.jsonl", rows)] + [
        (str(p), read_jsonl(Path(p))[1]) for p in extra_files
    ]:
        for row in file_rows:
            pattern = _pattern_from_row(row, origin)
            if cameo is not None and pattern.cameo not in cameo:
                raise DictionaryError(f"{origin}: pattern {pattern.id!r}: unknown CAMEO code")
            ordered.pop(pattern.id, None)
            ordered[pattern.id] = pattern
    grouped: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
    for pattern in ordered.values():
        grouped[(pattern.trigger, pattern.pos)].append(pattern)
    # Most specific first; file order breaks ties (sorted() is stable).
    by_trigger = {
        key: tuple(sorted(group, key=lambda p: -p.specificity)) for key, group in grouped.items()
    }
    if extra_files:
        version = f"{version}+user"
    return PatternIndex(version=version, by_trigger=by_trigger)


# ---------------------------------------------------------------- actors


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str
    metonyms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NamedActor:
    name: str
    aliases: tuple[str, ...]
    kind: str
    code: str
    country: str | None
    sector: str | None
    start: str
    end: str

    def holds_on(self, date: str | None) -> bool:
        if not date:
            return not self.end
        return (not self.start or self.start <= date) and (not self.end or date < self.end)


@dataclass(frozen=True)
class ActorTables:
    version: str
    countries: dict[str, Country]
    country_by_name: dict[str, str]  # folded name/alias -> ISO3
    country_by_demonym: dict[str, str]  # folded demonym -> ISO3
    government_by_metonym: dict[str, str]  # folded "Kremlin" -> ISO3
    named_by_name: dict[str, tuple[NamedActor, ...]]  # folded name/alias -> rows (role periods)
    sector_by_word: dict[str, str] = field(default_factory=dict)  # lemma -> sector

    def named(self, text: str, date: str | None) -> NamedActor | None:
        rows = self.named_by_name.get(fold(text), ())
        if not rows:
            return None
        for row in rows:
            if row.holds_on(date):
                return row
        # No row covers the date: take the latest role that began before it.
        dated = [r for r in rows if not date or not r.start or r.start <= date]
        return (dated or list(rows))[-1]

    def ruler_patterns(self) -> list[dict]:
        """EntityRuler patterns so the small model labels countries and groups right."""
        patterns = []
        seen = set()

        def add(label: str, text: str, ent_id: str) -> None:
            key = (label, text)
            if text and key not in seen and not text.islower():
                seen.add(key)
                patterns.append({"label": label, "pattern": text, "id": ent_id})

        for country in self.countries.values():
            for name in (country.name, *country.aliases):
                add("GPE", name, f"country:{country.iso3}")
            for demonym in country.demonyms:
                add("NORP", demonym, f"country:{country.iso3}")
            for metonym in country.metonyms:
                add("ORG", metonym, f"government:{country.iso3}")
        for rows in self.named_by_name.values():
            row = rows[0]
            label = "PERSON" if row.kind == "person" else "ORG"
            for name in (row.name, *row.aliases):
                add(label, name, f"actor:{row.name}")
        return patterns


def _iter_named(rows: Iterable[dict[str, str]], origin: str) -> Iterator[NamedActor]:
    for row in rows:
        try:
            yield NamedActor(
                name=row["name"],
                aliases=tuple(split_list(row.get("aliases", ""))),
                kind=row.get("kind", "") or "group",
                code=row["code"],
                country=row.get("country") or None,
                sector=row.get("sector") or None,
                start=row.get("start", ""),
                end=row.get("end", ""),
            )
        except KeyError as exc:
            raise DictionaryError(f"{origin}: actor row lacks {exc.args[0]!r}") from exc


def load_actors(extra_files: Sequence[Path] = ()) -> ActorTables:
    """Countries, named actors and sector words; user files may add named actors or agents."""
    version, country_rows = read_tsv(data_path("actors", "countries.tsv"))
    _, named_rows = read_tsv(data_path("actors", "named.tsv"))
    _, agent_rows = read_tsv(data_path("actors", "agents.tsv"))
    named: list[NamedActor] = list(_iter_named(named_rows, "named.tsv"))
    for path in extra_files:
        _, rows = read_tsv(Path(path))
        if rows and "sector" in rows[0] and "word" in rows[0]:
            agent_rows.extend(rows)
            continue
        user_rows = list(_iter_named(rows, str(path)))
        replaced = {fold(r.name) for r in user_rows}
        named = [r for r in named if fold(r.name) not in replaced] + user_rows
        version = f"{version}+user"

    countries: dict[str, Country] = {}
    by_name: dict[str, str] = {}
    by_demonym: dict[str, str] = {}
    by_metonym: dict[str, str] = {}
    for row in country_rows:
        country = Country(
            iso3=row["iso3"],
            name=row["name"],
            aliases=tuple(split_list(row.get("aliases", ""))),
            demonyms=tuple(split_list(row.get("demonyms", ""))),
            capital=row.get("capital", ""),
            metonyms=tuple(split_list(row.get("metonyms", ""))),
        )
        countries[country.iso3] = country
        for name in (country.name, *country.aliases):
            by_name.setdefault(fold(name), country.iso3)
            if fold(name).startswith("the "):
                by_name.setdefault(fold(name)[4:], country.iso3)
        for demonym in country.demonyms:
            by_demonym.setdefault(fold(demonym), country.iso3)
        for metonym in country.metonyms:
            by_metonym.setdefault(fold(metonym), country.iso3)

    named_by_name: dict[str, list[NamedActor]] = defaultdict(list)
    for actor in named:
        for name in {actor.name, *actor.aliases}:
            named_by_name[fold(name)].append(actor)
    sector_by_word = {fold(r["word"]): r["sector"] for r in agent_rows if r.get("word")}
    return ActorTables(
        version=version,
        countries=countries,
        country_by_name=by_name,
        country_by_demonym=by_demonym,
        government_by_metonym=by_metonym,
        named_by_name={
            k: tuple(sorted(v, key=lambda r: r.start)) for k, v in named_by_name.items()
        },
        sector_by_word=sector_by_word,
    )
