"""Fatalities: the death toll the text states for a violent event.

Pure Python over coded events and their sentences, after coding. An event of material
conflict (quad class 4) or a protest takes the toll its own sentence states ("killing at
least eight people", "20 dead", "two soldiers were killed"). An ASSAULT whose sentence states
none takes the toll that opens the next sentence, which tells its aftermath ("Gunmen
attacked a church in Owo. Fourteen worshippers were killed."): only a toll at the start of
that sentence, so "Last year 200 people were killed in similar attacks" is never taken.

Conservative like ACLED: the largest single number stated, never a sum; "dozens" is 12,
"several" and "many" 10, "hundreds" 100. `None` means the text states no toll (unknown,
written blank by the exports), 0 that it says no one died ("no one was killed").

The cue words (verbs of killing, "dead", "death toll", hedges such as "at least") are data:
`data/fatalities.tsv`, a versioned word-class file in the lexicon format (`class word
note`; its classes are `CLASSES` here, an unknown one is an error naming file and line).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from lapwing.dictionaries import check_columns, closest, data_path, read_tsv_file
from lapwing.errors import DictionaryError
from lapwing.records import Event

__all__ = ["CLASSES", "FatalityCues", "assign", "count", "load_cues", "opening_count"]

CLASSES = {
    "kill_verb": "active verb whose object is the dead (killing 12)",
    "death_word": "word after the dead and an optional auxiliary (30 dead, were killed)",
    "death_noun": "noun the count modifies (45 deaths)",
    "toll_noun": "noun whose value the count is (the death toll rose to 45)",
    "hedge": "word before the count that leaves it a count (at least)",
    "passive_aux": "auxiliary between the dead and a death word (were, have been)",
    "no_count": "word right before the count that makes the toll zero (no one was killed)",
}
# Event types whose toll is counted besides material conflict (quad class 4).
COUNTED_TYPES = frozenset({"ASSAULT", "PROTEST"})

_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "several": 10, "many": 10, "dozen": 12, "dozens": 12, "hundreds": 100,
}  # fmt: skip
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_NUMBER = (
    rf"(?P<n>\d[\d,]*|(?:(?:{_TENS})[- ])?"
    r"(?:" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r"))"
)
_NOUNS = r"(?:\s+[a-z-]+){0,3}?"  # "eight people", "three Malian soldiers"
_OPENING = r"^\W*"  # the toll opens the sentence


def _any(words: frozenset[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)  # "have been" before "have"
    return "(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered) + ")"


@dataclass(frozen=True, slots=True)
class FatalityCues:
    """The compiled cue patterns of one version of the cue words."""

    version: str
    words: dict[str, frozenset[str]]
    patterns: tuple[re.Pattern[str], ...]
    opening: tuple[re.Pattern[str], ...]  # a toll at the start of a sentence
    negation: re.Pattern[str]
    any_cue: re.Pattern[str]

    @classmethod
    def from_words(cls, version: str, words: dict[str, frozenset[str]]) -> FatalityCues:
        hedge = rf"(?:{_any(words['hedge'])}\s+)?"
        aux = rf"(?:{_any(words['passive_aux'])}\s+)?"
        dead_after = rf"{hedge}{_NUMBER}{_NOUNS}\s+{aux}{_any(words['death_word'])}\b"
        sources = (
            rf"\b{_any(words['kill_verb'])}\s+{hedge}{_NUMBER}\b",
            rf"\b{dead_after}",
            rf"\b{_any(words['toll_noun'])}\s+(?:\w+\s+){{0,3}}?{hedge}{_NUMBER}\b",
            rf"\b{hedge}{_NUMBER}{_NOUNS}\s+{_any(words['death_noun'])}\b",
        )
        flags = re.IGNORECASE
        return cls(
            version=version,
            words=words,
            patterns=tuple(re.compile(p, flags) for p in sources),
            opening=(re.compile(_OPENING + dead_after, flags),),
            negation=re.compile(rf"\b{_any(words['no_count'])}\s+$", flags),
            any_cue=re.compile(
                "|".join(
                    _any(words[c]) for c in ("kill_verb", "death_word", "death_noun", "toll_noun")
                ),
                flags,
            ),
        )


@lru_cache(maxsize=4)
def load_cues(path: Path | None = None) -> FatalityCues:
    """The cue words of `path` (default: the built-in `data/fatalities.tsv`), checked."""
    path = path or data_path("fatalities.tsv")
    table = read_tsv_file(path)
    check_columns(table, ("class", "word", "note"), path.name)
    words: dict[str, set[str]] = {name: set() for name in CLASSES}
    for line, row in table.rows:
        name, word = row.get("class", ""), row.get("word", "")
        if name not in CLASSES:
            raise DictionaryError(
                f"{path.name}:{line}: unknown fatality class {name!r}{closest(name, CLASSES)}"
            )
        if not word or word != word.lower():
            raise DictionaryError(f"{path.name}:{line}: word {word!r} must be lower-case text")
        words[name].add(word)
    empty = [name for name, found in words.items() if not found]
    if empty:
        raise DictionaryError(f"{path.name}: no words for class(es) {', '.join(empty)}")
    return FatalityCues.from_words(table.version, {k: frozenset(v) for k, v in words.items()})


def _number(text: str) -> int | None:
    text = text.lower().replace(",", "")
    if text.isdigit():
        return int(text)
    total = 0
    for part in re.split(r"[- ]", text):
        if part not in _WORD_NUMBERS:
            return None
        total += _WORD_NUMBERS[part]
    return total


def _tolls(sentence: str, patterns: Sequence[re.Pattern[str]], cues: FatalityCues) -> int | None:
    found: list[int] = []
    for pattern in patterns:
        for match in pattern.finditer(sentence):
            if cues.negation.search(sentence[: match.start("n")]):
                found.append(0)  # "no one was killed"
                continue
            value = _number(match.group("n"))
            if value is not None:
                found.append(value)
    return max(found) if found else None


def count(sentence: str, cues: FatalityCues | None = None) -> int | None:
    """The death toll a sentence states ("killing at least eight people" -> 8), 0 when it
    says no one died, None when it states none."""
    cues = cues or load_cues()
    if not sentence or not cues.any_cue.search(sentence):
        return None
    return _tolls(sentence, cues.patterns, cues)


def opening_count(sentence: str, cues: FatalityCues | None = None) -> int | None:
    """A toll that opens a sentence ("Fourteen worshippers were killed.", "At least 30
    people died."), the aftermath of what the sentence before it told; else None."""
    cues = cues or load_cues()
    if not sentence or not cues.any_cue.search(sentence):
        return None
    return _tolls(sentence.strip(), cues.opening, cues)


def counted(event: Event) -> bool:
    return event.quad_class == 4 or event.event_type in COUNTED_TYPES


def assign(
    events: Sequence[Event], sentences: Sequence[str], cues: FatalityCues | None = None
) -> list[Event]:
    """`events` with `fatalities` set from their sentences (`sentences[i]` is the text of
    sentence i of the article): see the module docstring."""
    cues = cues or load_cues()
    out: list[Event] = []
    for event in events:
        if not counted(event):
            out.append(event)
            continue
        dead = count(event.sentence, cues)
        following = event.sentence_index + 1
        if dead is None and event.event_type == "ASSAULT" and following < len(sentences):
            dead = opening_count(sentences[following], cues)
        out.append(replace(event, fatalities=dead) if dead is not None else event)
    return out
