"""Load, validate and merge lapwing's data files with the user's own.

Built-in files live in `lapwing/data/`; user files of the same format are merged over them
(a user row with the same key replaces the built-in one). Formats: `data/README.md`.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
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


@dataclass(frozen=True, slots=True)
class TsvFile:
    """A versioned TSV file: its version, header (with its line number) and numbered rows."""

    version: str
    header: tuple[str, ...]
    header_line: int
    rows: tuple[tuple[int, dict[str, str]], ...]  # (line number, row)


def read_tsv_file(path: Path) -> TsvFile:
    """Read a TSV file, keeping each row's line number. Lines starting with `#` are comments
    (the first one holding `version:` gives the version); blank lines are skipped."""
    version = ""
    lines: list[str] = []
    numbers: list[int] = []
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.startswith("#"):
                    if "version:" in line and not version:
                        version = line.split("version:", 1)[1].strip()
                    continue
                if line.strip():
                    lines.append(line.rstrip("\n"))
                    numbers.append(number)
    except OSError as exc:
        raise DictionaryError(f"cannot read {path}: {exc.strerror}") from exc
    if not lines:
        return TsvFile(version, (), 0, ())
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = tuple(
        (number, {k: (v or "").strip() for k, v in row.items() if k})
        for number, row in zip(numbers[1:], reader, strict=True)
    )
    header = tuple(name for name in reader.fieldnames or () if name)
    return TsvFile(version, header, numbers[0], rows)


def read_tsv(path: Path) -> tuple[str, list[dict[str, str]]]:
    """Rows of a versioned TSV file as dicts; returns (version, rows)."""
    table = read_tsv_file(path)
    return table.version, [row for _, row in table.rows]


def closest(word: str, valid: Iterable[str]) -> str:
    """ "; did you mean 'object'?" for a misspelt key, or "" when nothing is close."""
    match = difflib.get_close_matches(word, sorted(valid), n=1, cutoff=0.6)
    return f"; did you mean {match[0]!r}?" if match else ""


def check_columns(table: TsvFile, allowed: Iterable[str], origin: str) -> None:
    """An unknown column (a misspelt header) is an error, not a silently ignored one."""
    allowed = frozenset(allowed)
    for column in table.header:
        if column not in allowed:
            raise DictionaryError(
                f"{origin}:{table.header_line}: unknown column {column!r}"
                f"{closest(column, allowed)} (columns: {', '.join(sorted(allowed))})"
            )


def read_jsonl_lines(path: Path) -> tuple[str, list[tuple[int, dict]]]:
    """(version, [(line number, object), ...]) of a JSONL file; `{"version": ...}` alone on a
    line gives the version, lines starting with `#` are comments."""
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
                if not isinstance(row, dict):
                    raise DictionaryError(f"{path}:{number}: expected a JSON object")
                if set(row) == {"version"}:
                    version = str(row["version"])
                    continue
                rows.append((number, row))
    except OSError as exc:
        raise DictionaryError(f"cannot read {path}: {exc.strerror}") from exc
    return version, rows


def read_jsonl(path: Path) -> tuple[str, list[dict]]:
    version, rows = read_jsonl_lines(path)
    return version, [row for _, row in rows]


def split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


# ---------------------------------------------------------------- lexicon (word classes)


@dataclass(frozen=True, slots=True)
class LexiconClass:
    stage: str  # the module that reads the class
    meaning: str


# Every word class the stages read, declared once: a row of a lexicon file whose class is not
# here is an error. Words are lower-case lemmas (or lower-case word forms where `meaning`
# says so); several words separated by spaces make a phrase.
LEXICON_CLASSES: dict[str, LexiconClass] = {
    # stages/modality.py: the mood of an event
    "modal_hypothetical": LexiconClass(
        "modality", "auxiliary making the event hypothetical (could, might, should)"
    ),
    "modal_future": LexiconClass("modality", "auxiliary making the event future (will, 'll)"),
    "noun_hypothetical": LexiconClass(
        "modality", "modifier of an event noun making it hypothetical (possible, proposed)"
    ),
    "noun_future": LexiconClass(
        "modality", "modifier of an event noun making it future (planned, upcoming)"
    ),
    "itinerary_verb": LexiconClass(
        "modality", "travel or meeting verb whose bare present tense is a schedule (visits)"
    ),
    "itinerary_governor": LexiconClass(
        "modality", "verb whose present-tense object is what a schedule holds (involves)"
    ),
    "governor_future": LexiconClass(
        "modality", "verb whose complement clause is a future event (plan, intend, vow)"
    ),
    "governor_hypothetical": LexiconClass(
        "modality", "verb whose complement or object is only wanted or asked (want, urge)"
    ),
    "noun_governor_hypothetical": LexiconClass(
        "modality", "noun whose infinitive clause is aimed at, not done (effort, bid, plan)"
    ),
    "governor_negated": LexiconClass(
        "modality", "verb whose complement did not happen (refuse, fail, prevent)"
    ),
    "governor_alleged": LexiconClass(
        "modality", "verb whose of- or to-complement is only alleged (accused of, alleged to)"
    ),
    "speech_verb": LexiconClass(
        "modality", "verb of saying whose complement is reported (say, claim, announce)"
    ),
    "conditional_mark": LexiconClass(
        "modality", "subordinator making its clause hypothetical (if, unless)"
    ),
    "purpose_head": LexiconClass(
        "modality", "word whose for-object names a purpose, not an event (use, need, ready)"
    ),
    "habitual_marker": LexiconClass(
        "modality", "phrase marking a perfect clause as background (so far, for years)"
    ),
    # stages/places.py: toponyms and event locations (lower-case word forms, not lemmas)
    "admin_word": LexiconClass(
        "places", "word after a name making it an administrative division (state, province)"
    ),
    "admin_of_word": LexiconClass(
        "places", "division word in 'the X of NAME' naming the division (state, county)"
    ),
    "physical_word": LexiconClass(
        "places", "word making a name a physical feature or facility (river, mount, airport)"
    ),
    "area_word": LexiconClass(
        "places", "last word of a name that is part of a known place (city, coast, area)"
    ),
    "facility_word": LexiconClass(
        "places", "facility a town's name places in the town (airport, base)"
    ),
    "locative_prep": LexiconClass("places", "preposition that can place an event (in, near)"),
    "at_prep": LexiconClass("places", "preposition putting something at a place (in, at)"),
    "toward_prep": LexiconClass("places", "preposition of direction (to, into, towards)"),
    "origin_prep": LexiconClass(
        "places", "preposition naming where something came from, seldom the event's place"
    ),
    "rescue_prep": LexiconClass(
        "places", "preposition after which a person or organization name may be a place"
    ),
    "direction_word": LexiconClass(
        "places", "compass word; alone it is no place (north, western, central)"
    ),
    "name_continuation": LexiconClass(
        "places", "word after a place name that does not make a longer name (president, monday)"
    ),
    "place_name_head": LexiconClass(
        "places", "word making a longer place name of a name before it (delta, beach, street)"
    ),
    "organization_head": LexiconClass(
        "places", "capitalised head of 'HEAD of NAME' naming an organization (university, bank)"
    ),
    "location_noun": LexiconClass(
        "places", "noun for a place: in 'the town of X' X stands where the noun stands"
    ),
    "country_word": LexiconClass("places", "noun for the article's country (country, nation)"),
    "capital_word": LexiconClass("places", "noun for the article's capital (capital)"),
    # stages/actors.py: who the parties are
    "pronoun": LexiconClass("actors", "pronoun that takes its antecedent's code (it, they, his)"),
    "generic_head": LexiconClass(
        "actors", "head noun saying little about the sector: a modifier decides (leader)"
    ),
    "country_anaphor": LexiconClass("actors", "noun for the article's country (country, nation)"),
    "government_noun": LexiconClass(
        "actors", "noun standing for the article's government (government, junta)"
    ),
    "personal_pronoun": LexiconClass("actors", "pronoun looking for a person first (he, she)"),
    "male_pronoun": LexiconClass("actors", "personal pronoun of a man (he, his)"),
    "compass_word": LexiconClass(
        "actors", "first word of a country name that stands alone for it (north: 'the North')"
    ),
    "former_word": LexiconClass("actors", "modifier making an official a former one (former)"),
    "quantity_head": LexiconClass(
        "actors", "head counting its of-object, which is the actor (thousands of, members of)"
    ),
    "group_noun": LexiconClass(
        "actors", "plural noun for one party per country: 'the two leaders' (side, navy)"
    ),
    "honorific": LexiconClass("actors", "title before a name, no part of the name (mr, ms, dr)"),
    "male_honorific": LexiconClass("actors", "honorific of a man, without its dot (mr, sir)"),
    "female_honorific": LexiconClass("actors", "honorific of a woman, without its dot (ms)"),
    # stages/code.py: which trigger is which event, and its roles
    "non_agent_verb": LexiconClass(
        "code", "verb whose subject is not the agent of its object event noun (condemn)"
    ),
    "undergoing_verb": LexiconClass(
        "code", "verb whose subject undergoes its object event noun (faces pressure)"
    ),
    "travel_verb": LexiconClass("code", "movement verb, a visit only for visitors (arrive)"),
    "protest_lodging_verb": LexiconClass(
        "code", "verb making a protest noun a spoken protest (lodge, file)"
    ),
    "protester_noun": LexiconClass("code", "noun for protesters: their violence is a riot"),
    "verbal_attack_word": LexiconClass(
        "code", "modifier making an attack noun verbal, an accusation (blistering)"
    ),
    "none_quantifier": LexiconClass("code", "determiner counting an event as none (no, zero)"),
    "alleging_verb": LexiconClass(
        "code", "saying verb making a reported hostile deed an accusation (claim, allege)"
    ),
    "claiming_verb": LexiconClass(
        "code", "saying verb making one's own deed a claim of responsibility (claim, admit)"
    ),
    # A passive with no agent ("was arrested", "were indicted") is still done by someone:
    # the police, the courts or the state of the country the event happens in.
    "police_act": LexiconClass(
        "code", "trigger lemma or pattern id whose unnamed passive agent is the police (arrest)"
    ),
    "court_act": LexiconClass(
        "code", "trigger lemma or pattern id whose unnamed passive agent is a court (indict)"
    ),
    "state_act": LexiconClass(
        "code", "trigger lemma or pattern id whose unnamed passive agent is the state (deport)"
    ),
    "accidental_word": LexiconClass(
        "code", "modifier making harm an accident, no attack (accidentally, inadvertently)"
    ),
    "policy_noun": LexiconClass(
        "code", "noun of a policy whose maker, unnamed, is the government (rule, budget)"
    ),
    "crowd_verb": LexiconClass(
        "code", "verb of rallying that, done by a crowd of people, is a street protest (rally)"
    ),
    "question_mark": LexiconClass(
        "code", "word opening an indirect question, which asks nothing of anyone (whether)"
    ),
    "relation_noun": LexiconClass(
        "code", "noun of ties between parties, always with another party (relations, ties)"
    ),
    "concur_verb": LexiconClass(
        "code", "verb of agreeing that, with a that-clause, concurs in a view (agree, concur)"
    ),
    "warning_verb": LexiconClass(
        "code", "verb of warning: a threat only when the warner is the one who would act (warn)"
    ),
    "object_control_prep": LexiconClass(
        "code", "preposition whose gerund is done by the verb's object (accused X of doing)"
    ),
    "event_frame_word": LexiconClass(
        "code", "word an event noun is only the theme of: its undoing or role (collapse, guarantor)"
    ),
    "participation_verb": LexiconClass(
        "code", "verb whose subject does the event noun of its in-phrase (involved in, join in)"
    ),
    "relative_pronoun": LexiconClass("code", "relative pronoun (who, which)"),
    "time_noun": LexiconClass("code", "noun of time the parser takes for a party (day, week)"),
}
LEXICON_COLUMNS = ("class", "word", "note")
_LEXICON_VERSION = re.compile(r"^# version: (\d{4}\.\d{2}\.\d+)\s*$")


class Lexicon(Mapping[str, frozenset[str]]):
    """The word classes, immutable: `lexicon["speech_verb"]` is a frozenset of lemmas.

    Every declared class is a key (an empty frozenset when no file gives it words); an
    undeclared class is a KeyError, so a misspelt class name in code fails at once."""

    __slots__ = ("version", "_words", "_hash")
    version: str
    _words: dict[str, frozenset[str]]

    def __init__(self, words: Mapping[str, Iterable[str]], version: str = "") -> None:
        unknown = sorted(set(words) - set(LEXICON_CLASSES))
        if unknown:
            raise KeyError(f"undeclared lexicon class(es): {', '.join(unknown)}")
        frozen = {name: frozenset(words.get(name, ())) for name in LEXICON_CLASSES}
        object.__setattr__(self, "version", version)
        object.__setattr__(self, "_words", frozen)
        object.__setattr__(self, "_hash", hash((version, tuple(frozen.items()))))

    def __getitem__(self, name: str) -> frozenset[str]:
        try:
            return self._words[name]
        except KeyError:
            raise KeyError(
                f"undeclared lexicon class {name!r}{closest(name, self._words)}"
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Lexicon):
            return NotImplemented
        return self.version == other.version and self._words == other._words

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Lexicon is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("a Lexicon is immutable")

    def __reduce__(self):
        return (Lexicon, (self._words, self.version))

    def __repr__(self) -> str:
        words = sum(len(v) for v in self._words.values())
        return f"Lexicon(version={self.version!r}, {len(self._words)} classes, {words} words)"


def builtin_lexicon_files() -> list[Path]:
    return sorted(data_path("lexicon").glob("*.tsv"))


def _lexicon_rows(
    path: Path, origin: str, *, builtin: bool
) -> tuple[str, list[tuple[int, str, str]]]:
    """(version, [(line, class, word)]) of one lexicon file, every row checked."""
    try:
        with open(path, encoding="utf-8") as handle:
            first = handle.readline()
    except OSError as exc:
        raise DictionaryError(f"cannot read {path}: {exc.strerror}") from exc
    version_match = _LEXICON_VERSION.match(first)
    if not first.startswith("# version:") or (builtin and not version_match):
        raise DictionaryError(f"{origin}:1: the first line must be '# version: YYYY.MM.N'")
    table = read_tsv_file(path)
    check_columns(table, LEXICON_COLUMNS, origin)
    if not {"class", "word"} <= set(table.header):
        raise DictionaryError(
            f"{origin}:{table.header_line or 1}: the header must name the columns "
            "class, word and note, tab-separated"
        )
    rows = []
    for line, row in table.rows:
        name, word = row.get("class", ""), " ".join(row.get("word", "").split())
        if name not in LEXICON_CLASSES:
            raise DictionaryError(
                f"{origin}:{line}: unknown lexicon class {name!r}{closest(name, LEXICON_CLASSES)}"
            )
        if not word.lstrip("-"):
            raise DictionaryError(f"{origin}:{line}: empty word for class {name!r}")
        if word != word.lower():
            raise DictionaryError(f"{origin}:{line}: {word!r} must be written in lower case")
        if builtin and word.startswith("-"):
            raise DictionaryError(f"{origin}:{line}: a built-in file cannot remove words")
        rows.append((line, name, word))
    return table.version, rows


def load_lexicon(user_files: Sequence[Path] = ()) -> Lexicon:
    """The built-in word classes (`data/lexicon/*.tsv`), then the user's files in order: a
    user row adds its word to its class; a row whose word starts with `-` removes it."""
    words: dict[str, set[str]] = {name: set() for name in LEXICON_CLASSES}
    versions = []
    for path in builtin_lexicon_files():
        version, rows = _lexicon_rows(path, f"lexicon/{path.name}", builtin=True)
        versions.append(f"{path.stem} {version}")
        for _, name, word in rows:
            words[name].add(word)
    for path in user_files:
        _, rows = _lexicon_rows(Path(path), str(path), builtin=False)
        for line, name, word in rows:
            if word.startswith("-"):
                if word[1:] not in words[name]:
                    raise DictionaryError(
                        f"{path}:{line}: cannot remove {word[1:]!r}: class {name!r} lacks it"
                    )
                words[name].discard(word[1:])
            else:
                words[name].add(word)
    version = ", ".join(versions) + ("+user" if user_files else "")
    return Lexicon(words, version)


@cache
def default_lexicon() -> Lexicon:
    """The built-in lexicon, loaded once (it is immutable): what the stages use when they are
    not handed the pipeline's own."""
    return load_lexicon()


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


# Every key a pattern row may have (data/README.md, "patterns.jsonl"), with the JSON type of
# its value: "str", "list" (of strings), "bool", "str?" (a string or null).
PATTERN_KEYS: dict[str, str] = {
    "id": "str",
    "trigger": "str",
    "pos": "str",
    "particle": "str?",
    "object": "list",
    "not_object": "list",
    "actor_is": "list",
    "cameo": "str",
    "type": "str",
    "mode": "str?",
    "context": "list",
    "recipient_prep": "list",
    "reverse": "bool",
    "note": "str?",
}
PATTERN_REQUIRED = ("id", "trigger", "pos", "cameo", "type")


def _check_pattern_row(row: dict, origin: str) -> None:
    """Unknown keys (a misspelt `objct` would leave the rule unconstrained), missing keys and
    values of the wrong JSON type are errors naming the file and line."""
    name = f"pattern {row.get('id')!r}"
    for key in row:
        if key not in PATTERN_KEYS:
            raise DictionaryError(
                f"{origin}: {name}: unknown key {key!r}{closest(key, PATTERN_KEYS)}"
            )
    for key in PATTERN_REQUIRED:
        if key not in row:
            raise DictionaryError(f"{origin}: {name} lacks {key!r}")
    for key, value in row.items():
        kind = PATTERN_KEYS[key]
        if kind == "list":
            ok = value is None or (
                isinstance(value, list) and all(isinstance(v, str) and v for v in value)
            )
            expected = "a list of strings"
        elif kind == "bool":
            ok = isinstance(value, bool)
            expected = "true or false"
        elif kind == "str?":
            ok = value is None or isinstance(value, str)
            expected = "a string or null"
        else:
            ok = isinstance(value, str) and bool(value.strip())
            expected = "a non-empty string"
        if not ok:
            raise DictionaryError(f"{origin}: {name}: {key!r} must be {expected}, not {value!r}")


def _pattern_from_row(row: dict, origin: str) -> Pattern:
    _check_pattern_row(row, origin)
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


def load_patterns(extra_files: Sequence[Path] = (), cameo: dict[str, CameoCode] | None = None):
    """Built-in patterns, then user files; a user pattern with a known id replaces it. Every
    row, built-in or user, is checked against `PATTERN_KEYS`."""
    version, rows = read_jsonl_lines(data_path("patterns.jsonl"))
    ordered: dict[str, Pattern] = {}
    for origin, file_rows in [("patterns.jsonl", rows)] + [
        (str(p), read_jsonl_lines(Path(p))[1]) for p in extra_files
    ]:
        for number, row in file_rows:
            where = f"{origin}:{number}"
            pattern = _pattern_from_row(row, where)
            if cameo is not None and pattern.cameo not in cameo:
                raise DictionaryError(f"{where}: pattern {pattern.id!r}: unknown CAMEO code")
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
    # folded title of an office one country has ("foreign secretary") -> ISO3
    country_by_office: dict[str, str] = field(default_factory=dict)

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


# The columns of the actor files (data/README.md); any other column is an error.
COUNTRY_COLUMNS = ("iso3", "name", "aliases", "demonyms", "capital", "metonyms")
NAMED_COLUMNS = ("name", "aliases", "kind", "code", "country", "sector", "start", "end", "note")
AGENT_COLUMNS = ("word", "sector", "note")
OFFICE_COLUMNS = ("title", "country", "note")


def _actor_file(path: Path, columns: Sequence[str], origin: str) -> TsvFile:
    table = read_tsv_file(path)
    check_columns(table, columns, origin)
    return table


def load_actors(extra_files: Sequence[Path] = ()) -> ActorTables:
    """Countries, named actors and sector words; user files may add named actors or agents."""
    countries_file = _actor_file(
        data_path("actors", "countries.tsv"), COUNTRY_COLUMNS, "countries.tsv"
    )
    version, country_rows = countries_file.version, [r for _, r in countries_file.rows]
    named_file = _actor_file(data_path("actors", "named.tsv"), NAMED_COLUMNS, "named.tsv")
    named_rows = [r for _, r in named_file.rows]
    agents_file = _actor_file(data_path("actors", "agents.tsv"), AGENT_COLUMNS, "agents.tsv")
    agent_rows = [r for _, r in agents_file.rows]
    offices_file = _actor_file(data_path("actors", "offices.tsv"), OFFICE_COLUMNS, "offices.tsv")
    # every file's own version, so a change to any of them shows in an event's data_version
    version = (
        f"countries {version}, named {named_file.version}, agents {agents_file.version}, "
        f"offices {offices_file.version}"
    )
    country_by_office = {}
    for number, row in offices_file.rows:
        if not row.get("title") or len(row.get("country", "")) != 3:
            raise DictionaryError(f"offices.tsv:{number}: needs a title and an ISO3 country")
        country_by_office[fold(row["title"])] = row["country"]
    named: list[NamedActor] = list(_iter_named(named_rows, "named.tsv"))
    for path in extra_files:
        table = read_tsv_file(Path(path))
        rows = [row for _, row in table.rows]
        if rows and "sector" in rows[0] and "word" in rows[0]:
            check_columns(table, AGENT_COLUMNS, str(path))
            agent_rows.extend(rows)
            continue
        check_columns(table, NAMED_COLUMNS, str(path))
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

    for title, iso3 in country_by_office.items():
        if iso3 not in countries:
            raise DictionaryError(f"offices.tsv: {title!r} names no country of countries.tsv")
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
        country_by_office=country_by_office,
    )


PLOVER_TYPE_FLAGS = (
    "dyadic",
    "cooperative",
    "from_is_place",
    "in_is_patient",
    "of_is_patient",
    "answers_the_story",
    "mutual",
    "armed",
)


@dataclass(frozen=True)
class PloverTypes:
    """Per-type behaviour of the PLOVER event types (`data/plover_types.tsv`)."""

    version: str
    flags: dict[str, frozenset[str]]  # flag -> the types that have it

    def having(self, flag: str) -> frozenset[str]:
        return self.flags[flag]


def load_plover_types(path: Path | None = None) -> PloverTypes:
    path = path or data_path("plover_types.tsv")
    version, rows = read_tsv(path)
    flags: dict[str, set[str]] = {flag: set() for flag in PLOVER_TYPE_FLAGS}
    for line, row in enumerate(rows, start=1):
        kind = row.get("type", "")
        if not kind.isupper():
            raise DictionaryError(f"{path}: row {line}: type {kind!r} is not a PLOVER type")
        for flag in PLOVER_TYPE_FLAGS:
            cell = row.get(flag, "")
            if cell not in ("yes", "no"):
                raise DictionaryError(f"{path}: row {line} ({kind}): {flag} must be yes or no")
            if cell == "yes":
                flags[flag].add(kind)
    return PloverTypes(version=version, flags={k: frozenset(v) for k, v in flags.items()})
