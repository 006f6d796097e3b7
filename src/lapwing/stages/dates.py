"""Temporal expressions: find them in text and normalize them in TimeML (TIMEX3) style.

Pure-Python rules, no parse needed. Every rule is a compiled regular expression over an
ASCII-lowercased copy of the text (same length, so offsets carry over) plus a handler that
turns a match into zero or more candidates; overlapping candidates keep the longest.
Relative expressions ("on Thursday", "in December", "since July") are resolved against the
publication date; whether they point back or forward comes from `tense_at` when the
pipeline supplies it, else from nearby words ("will", "ago", "said", ...), else the past.

TimeML value conventions followed: dates "2024-04-11", weeks "2024-W14", weekends
"2024-W14-WE", months "2023-12", seasons "2023-SU", quarters "2024-Q1", halves "2024-H1",
years "2017", decades "199", centuries "19", parts of day "2024-04-11TMO", clock times
"2024-04-11T22:00", durations "P2Y"/"PT48H"/"PXW" (X = unspecified amount), sets "P1W" or
"XXXX-WXX-5", and the references PRESENT_REF, PAST_REF, FUTURE_REF.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import NamedTuple

from lapwing.records import Timex

TenseAt = Callable[[int], str | None]

__all__ = ["find_timexes", "split_undated", "timex_period"]

# --------------------------------------------------------------------------- vocabulary

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_INDEX = {"SP": 0, "SU": 1, "FA": 2, "WI": 3}
_SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_PART_OF_DAY = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "overnight": "NI",
    "tonight": "NI",
}
_SMALL_NUMBERS = {
    "zero": 0,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "thousand": 1000,
}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
    "twenty first": 21,
}
_DECADE_WORDS = {
    "twenties": 2,
    "thirties": 3,
    "forties": 4,
    "fifties": 5,
    "sixties": 6,
    "seventies": 7,
    "eighties": 8,
    "nineties": 9,
}
# unit -> (TimeML duration letter, is a time unit needing "T")
_UNITS = {
    "second": ("S", True),
    "minute": ("M", True),
    "hour": ("H", True),
    "day": ("D", False),
    "night": ("D", False),
    "week": ("W", False),
    "fortnight": ("W", False),
    "month": ("M", False),
    "quarter": ("M", False),
    "year": ("Y", False),
    "decade": ("DE", False),
    "century": ("CE", False),
    "centurie": ("CE", False),
}
_UNIT_FACTOR = {"fortnight": 2, "quarter": 3}
_VAGUE_AMOUNTS = frozenset(
    {"several", "few", "a few", "some", "many", "a couple of", "couple of", "a number of"}
)
_VAGUE_AMOUNT_PREFIXES = ("dozens of", "hundreds of", "thousands of", "a couple of", "a number of")
_COUNT_NOUNS = frozenset(
    """people persons troops soldiers men women children students dollars euros pounds km
    kilometers kilometres miles meters metres feet tonnes tons units cases deaths votes members
    residents refugees families homes houses acres hectares barrels jobs workers officers police
    fighters militants civilians rebels migrants vehicles cars tanks rockets missiles drones
    protesters prisoners hostages patients beds calories points seats""".split()
)
_YEAR_PREPOSITIONS = frozenset(
    "in since from by until till before after during around circa early late mid year "
    "spring summer autumn fall winter".split()
)
_MONTH_PREPOSITIONS = frozenset(
    "in since from to until till by of during through throughout before after between and or "
    "early late mid last next this end beginning start middle".split()
)
_FUTURE_WORDS = frozenset(
    """will 'll ll shall won't wont next coming upcoming due scheduled expected expects expect
    plans plan planned planning intends intend intended aims aim hopes hope going would might
    tomorrow soon later until""".split()
)
_PAST_WORDS = frozenset(
    """was were had did said told ago last since earlier previously yesterday went came took
    made gave got met left saw began fell fought held won lost sent spent struck rose led fled
    paid sold bought brought thought found became ran wrote spoke broke chose drove flew grew
    knew shot stood threw wore has have 've been""".split()
)
_FINITE_PAST = frozenset(
    "was were had did ago last since earlier previously yesterday has have 've been".split()
)
_PRESENT_WORDS = frozenset("is are am 're".split())
_NOT_PARTICIPLES = frozenset(
    """need seed speed indeed hundred united based limited related armed red bed shed feed
    proceed succeed exceed red led""".split()
)
_PASSIVE_AUXILIARIES = frozenset("be being is are am 're 's will to get gets".split())

# --------------------------------------------------------------------------- regex parts

_M_FULL = "january|february|march|april|may|june|july|august|september|october|november|december"
_M_ABBR = r"(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?"
_MONTH = rf"(?:{_M_FULL}|{_M_ABBR})"
_WD = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_WD_ANY = rf"(?:{_WD}|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?:1[0-9]|20)\d\d"
_NUMWORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]"
    r"(?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
    r"|nineteen|(?:a\s+)?dozen|(?:a|one)\s+hundred|(?:a|one)\s+thousand|hundred|thousand)"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_VAGUE = (
    r"(?:several|a\s+few|few|some|many|a\s+couple\s+of|couple\s+of|a\s+number\s+of"
    r"|dozens\s+of|hundreds\s+of|thousands\s+of)"
)
_AMOUNT = rf"(?:{_DIGITS}|{_NUMWORD}|{_VAGUE}|an?)"
_UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur(?:y|ie))"
_UNIT_PLURAL = r"(?:seconds|minutes|hours|days|weeks|months|years|decades|centuries)"
_SEASON = "spring|summer|fall|autumn|winter"

# first words a rule can start with ("#" = a number, "'" = an apostrophe before a digit)
_T_WEEKDAY = "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur"
_T_WEEKDAY += " thurs fri sat sun"
_T_WEEKDAY_PLURAL = "mondays tuesdays wednesdays thursdays fridays saturdays sundays"
_T_MONTH = " ".join(_MONTHS)
_T_NUMBER = " ".join(_SMALL_NUMBERS)
_T_VAGUE = "several few some many couple dozens hundreds thousands a an"
_T_UNIT = " ".join(_UNITS) + " centuries seconds minutes hours days nights weeks fortnights months"
_T_UNIT += " quarters years decades"
_T_ORDINAL = " ".join(w for w in _ORDINALS if " " not in w) + " twenty"

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_WORD = re.compile(r"[a-z']+|[.!?;:\n]")
_DATE_PREFIX = re.compile(
    r"(?:\b(?:(?:the\s+)?(?:very\s+)?(early|late|mid)|(earlier|later)"
    r"|the\s+(?:very\s+)?(end|start|beginning|middle|close|turn|rest|remainder)\s+of(?:\s+the)?)"
    r"(?:\s+|\s*-\s*)|\bmid-?)\Z"
)
_DURATION_PREFIX = re.compile(
    r"\b(almost|nearly|more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to)\s+\Z"
)
_AMOUNT_BEFORE = re.compile(
    r"(?:\d|\d%|percent|million|billion|trillion|thousand|hundred|dollars?|euros?|pounds?"
    r"|cents?|times|once|twice|thrice|francs?|yuan|rubles?|roubles?|rupees?)[\s,]*\Z"
)
_TIME_GLUE = re.compile(r"\s*(?:,|at|on|of|,\s*at|,\s*on)?\s*\Z")
_EDGE_MODS = {
    "early": "START",
    "start": "START",
    "beginning": "START",
    "late": "END",
    "end": "END",
    "close": "END",
    "mid": "MID",
    "middle": "MID",
}


_NO_TIMEX = ""  # type of a candidate that blocks a span but produces nothing


class _Candidate(NamedTuple):
    start: int
    end: int
    type: str
    value: str
    mod: str | None = None


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    low: str
    anchor: date
    tense_at: TenseAt | None

    def cap(self, pos: int) -> bool:
        return self.text[pos].isupper()

    def previous_word(self, pos: int) -> str:
        match = _PREVIOUS_WORD.search(self.low, max(0, pos - 30), pos)
        return match.group(1) if match else ""

    def next_word(self, pos: int) -> str:
        match = _NEXT_WORD.match(self.text, pos)
        return match.group(1) if match else ""

    def orientation(self, start: int, end: int) -> str:
        """'past', 'future' or 'present' for the expression at start..end."""
        if self.tense_at is not None:
            tense = self.tense_at(start)
            if tense in ("past", "future", "present"):
                return tense
        return _cue_orientation(self.low, start, end) or "past"


_PREVIOUS_WORD = re.compile(r"([a-z']+)[\s,]*\Z")
_NEXT_WORD = re.compile(r"[\s,]*([\w']+)")


def _cue_orientation(low: str, start: int, end: int) -> str | None:
    """Tense of the clause around a timex, guessed from nearby function words and verbs."""
    words = _WORD.findall(low, max(0, start - 150), start)
    for index in range(len(words) - 1, -1, -1):
        verdict = _classify(words, index)
        if verdict == "stop":
            break
        if verdict:
            return verdict
    words = _WORD.findall(low, end, end + 100)
    for index in range(len(words)):
        verdict = _classify(words, index)
        if verdict == "stop":
            break
        if verdict:
            return verdict
    return None


def _classify(words: list[str], index: int) -> str | None:
    word = words[index]
    if word in ".!?;\n":
        return "stop"
    if word in _FUTURE_WORDS:
        return "future"
    if word in _PRESENT_WORDS:
        return "present"
    participle = word.endswith("ed") and len(word) > 4 and word not in _NOT_PARTICIPLES
    if word in _PAST_WORDS or participle:
        if word not in _FINITE_PAST and index and words[index - 1] in _PASSIVE_AUXILIARIES:
            return None  # "will be held", "is expected": the auxiliary decides
        return "past"
    return None


# --------------------------------------------------------------------------- calendar helpers


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + delta
    return total // 12, total % 12 + 1


def _week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _season_of(day: date) -> tuple[int, str]:
    """The season a day falls in; winter belongs to the year of its December."""
    if day.month in (12, 1, 2):
        return (day.year if day.month == 12 else day.year - 1), "WI"
    return day.year, ("SP", "SP", "SU", "SU", "SU", "FA", "FA", "FA")[day.month - 3]


def _resolve_season(anchor: date, season: str, direction: str) -> str:
    year, current = _season_of(anchor)
    now = year * 4 + _SEASON_INDEX[current]
    wanted = _SEASON_INDEX[season]
    options = [now + delta for delta in range(-4, 5) if (now + delta) % 4 == wanted]
    if direction == "last":
        ordinal = max(o for o in options if o < now)
    elif direction == "next":
        ordinal = min(o for o in options if o > now)
    elif direction == "past":
        ordinal = max(o for o in options if o <= now)
    elif direction == "future":
        ordinal = min(o for o in options if o >= now)
    else:
        ordinal = min(options, key=lambda o: (abs(o - now), o > now))
    return f"{ordinal // 4}-{season}"


def _resolve_month(anchor: date, month: int, orientation: str) -> str:
    year = anchor.year
    if orientation == "past" and month > anchor.month:
        year -= 1
    elif orientation == "future" and month < anchor.month:
        year += 1
    elif orientation == "present" and abs(month - anchor.month) > 6:
        year += 1 if month < anchor.month else -1
    return f"{year:04d}-{month:02d}"


def _resolve_day(anchor: date, month: int, day: int, orientation: str) -> str | None:
    year = anchor.year
    try:
        candidate = date(year, month, day)
        if orientation == "past" and candidate > anchor:
            candidate = date(year - 1, month, day)
        elif orientation == "future" and candidate < anchor:
            candidate = date(year + 1, month, day)
    except ValueError:
        return None
    return candidate.isoformat()


def _resolve_weekday(anchor: date, weekday: int, orientation: str, modifier: str) -> date:
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if modifier in ("last", "past", "previous"):
        return anchor - timedelta(days=back or 7)
    if modifier in ("next", "coming"):
        return anchor + timedelta(days=ahead or 7)
    if modifier == "this" or orientation == "present":
        return anchor - timedelta(days=back) if back <= ahead else anchor + timedelta(days=ahead)
    if orientation == "future":
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back)


def _quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def _parse_amount(words: str) -> float | None:
    """Number written in digits or words; None for vague amounts ("several")."""
    words = re.sub(r"\s+", " ", words.strip())
    if words in _VAGUE_AMOUNTS or words.startswith(_VAGUE_AMOUNT_PREFIXES):
        return None
    if words[0].isdigit():
        return float(words.replace(",", ""))
    total = 0
    for part in re.split(r"[\s-]+", words):
        value = _SMALL_NUMBERS.get(part)
        if value is None:
            continue
        if value in (100, 1000):
            total = max(total, 1) * value
        elif part in ("a", "an") and total:
            continue
        else:
            total += value
    return float(total) if total else None


def _format_number(number: float) -> str:
    return str(int(number)) if number == int(number) else f"{number:g}"


def _duration_value(amount: float | None, unit: str) -> str:
    unit = unit.rstrip("s") if unit.endswith("s") and unit != "centuries" else unit
    if unit == "centuries":
        unit = "century"
    letter, is_time = _UNITS[unit]
    factor = _UNIT_FACTOR.get(unit, 1)
    number = "X" if amount is None else _format_number(amount * factor)
    return f"PT{number}{letter}" if is_time else f"P{number}{letter}"


def _unit_key(unit: str) -> str:
    if unit.startswith("centur"):
        return "century"
    return unit[:-1] if unit.endswith("s") else unit


# --------------------------------------------------------------------------- rule handlers

Handler = Callable[[re.Match[str], _Context], Iterator[_Candidate]]


def _iso_date(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    try:
        value = date(year, month, day).isoformat()
    except ValueError:
        return
    if m[4]:
        yield _Candidate(m.start(), m.end(), "TIME", f"{value}T{m[4]}:{m[5]}")
    else:
        yield _Candidate(m.start(), m.end(), "DATE", value)


def _numeric_date(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    # US order (month/day) unless the first number cannot be a month
    first, second, year = int(m[1]), int(m[2]), int(m[3])
    if year < 100:
        year += 2000 if year < 50 else 1900
    month, day = (first, second) if first <= 12 else (second, first)
    try:
        yield _Candidate(m.start(), m.end(), "DATE", date(year, month, day).isoformat())
    except ValueError:
        return


def _month_day(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    month_text, day_text = m["month"], m["day"]
    month_start = m.start("month")
    if not ctx.cap(month_start):
        return
    month = _MONTHS[month_text.rstrip(".")]
    day = int(re.match(r"\d+", day_text)[0])  # type: ignore[index]
    if m["year"]:
        try:
            value = date(int(m["year"]), month, day).isoformat()
        except ValueError:
            value = ""
    else:
        value = _resolve_day(ctx.anchor, month, day, ctx.orientation(m.start(), m.end())) or ""
    if not value:
        # no such day ("February 30"): claim the span so its parts are not read alone
        yield _Candidate(m.start(), m.end(), _NO_TIMEX, "")
        return
    yield _Candidate(m.start(), m.end(), "DATE", value)


def _month_year(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    start = m.start()
    if not ctx.cap(start):
        return
    month_text = m[1].rstrip(".")
    month = _MONTHS[month_text]
    if m[2]:
        yield _Candidate(start, m.end(), "DATE", f"{int(m[2]):04d}-{month:02d}")
        return
    if len(month_text) < 5 and month_text not in ("may", "june", "july"):
        return  # bare abbreviations are too ambiguous
    if re.search(r"\d\s*\Z", ctx.low[max(0, start - 4) : start]):
        return  # "32 March": not a date we can honestly read
    previous = ctx.previous_word(start)
    if previous not in _MONTH_PREPOSITIONS and previous not in _MONTHS:
        if month_text == "may":
            return
        following = ctx.next_word(m.end())
        if following[:1].isupper() and following.lower() not in _WEEKDAYS:
            return  # "April Smith"
    end = m.end()
    value = _resolve_month(ctx.anchor, month, ctx.orientation(start, end))
    yield _Candidate(start, end, "DATE", value)


def _relative_month(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    if not ctx.cap(m.start("month")):
        return
    month = _MONTHS[m["month"]]
    anchor = ctx.anchor
    relative = m["rel"]
    year = anchor.year
    if relative in ("last", "past", "previous"):
        year -= 1 if month >= anchor.month else 0
    elif relative in ("next", "coming"):
        year += 1 if month <= anchor.month else 0
    yield _Candidate(m.start(), m.end(), "DATE", f"{year:04d}-{month:02d}")


def _year(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    year = int(m["year"])
    start = m.start("year")
    following = ctx.next_word(m.end())
    if following.lower() in _COUNT_NOUNS:
        return
    if year < 1900 and ctx.previous_word(m.start()) not in _YEAR_PREPOSITIONS:
        return
    yield _Candidate(m.start() if m["fiscal"] else start, m.end("year"), "DATE", str(year))
    if m["until"]:
        text = m["until"]
        second = int(text) if len(text) == 4 else (year // 100) * 100 + int(text)
        if year < second <= year + 100:
            yield _Candidate(m.start("until"), m.end("until"), "DATE", str(second))


def _decade(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    if m["full"]:
        value = m["full"][:3]
    elif m["short"]:
        digit = int(m["short"])
        value = f"19{digit}" if digit >= 3 else f"20{digit}"
    else:
        value = f"19{_DECADE_WORDS[m['word']]}"
    start = m.start("full") if m["full"] else m.start()
    yield _Candidate(start, m.end(), "DATE", value)


def _century(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    ordinal = m[1]
    number = int(ordinal[:-2]) if ordinal[0].isdigit() else _ORDINALS.get(ordinal)
    if not number or number > 30:
        return
    yield _Candidate(m.start(), m.end(), "DATE", f"{number - 1:02d}")


def _year_from_words(ctx: _Context, year: str | None, relative: str | None) -> int:
    if year:
        return int(year)
    delta = {"last": -1, "previous": -1, "next": 1}.get(relative or "", 0)
    return ctx.anchor.year + delta


def _quarter(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    word = m["ord"]
    explicit = m["year"] or m["rel"] or m["theyear"]
    if word in ("last", "final"):
        if not explicit:
            year, month = _shift_months(ctx.anchor.year, ctx.anchor.month, -3)
            yield _Candidate(m.start(), m.end(), "DATE", f"{year}-Q{(month - 1) // 3 + 1}")
            return
        number = 4
    else:
        number = {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(word) or int(word[0])
    year = _year_from_words(ctx, m["year"], m["rel"])
    if not explicit:
        current = _quarter_of(ctx.anchor)
        orientation = ctx.orientation(m.start(), m.end())
        if orientation == "past" and number > current:
            year -= 1
        elif orientation == "future" and number < current:
            year += 1
    yield _Candidate(m.start(), m.end(), "DATE", f"{year}-Q{number}")


def _short_quarter(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    if not ctx.cap(m.start()):
        return
    year_text = m[3]
    if year_text:
        year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text)
    else:
        year = ctx.anchor.year
    letter = "Q" if m[1] == "q" else "H"
    if letter == "H" and m[2] not in "12":
        return
    yield _Candidate(m.start(), m.end(), "DATE", f"{year}-{letter}{m[2]}")


def _half(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    number = 1 if m[1] in ("first", "1st") else 2
    year = _year_from_words(ctx, m[2], m[3])
    yield _Candidate(m.start(), m.end(), "DATE", f"{year}-H{number}")


def _season(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    season = _SEASONS[m["season"]]
    relative = (m["rel"] or "").split()[-1] if m["rel"] else ""
    start, end = m.start(), m.end()
    if m["year"]:
        if m["rel"]:
            start = m.start("season")
        yield _Candidate(start, end, "DATE", f"{int(m['year'])}-{season}")
        return
    if m["the"] and not m["rel"]:
        start = m.start("season")
    if relative in ("last", "past", "previous"):
        value = _resolve_season(ctx.anchor, season, "last")
        if m["rel"].startswith("the"):
            yield _Candidate(start, end, "DURATION", "P1" + season)
            return
    elif relative in ("next", "coming"):
        value = _resolve_season(ctx.anchor, season, "next")
    elif relative == "this":
        value = _resolve_season(ctx.anchor, season, "nearest")
    else:
        before = ctx.low[max(0, start - 30) : start]
        if not re.search(
            r"\b(?:in|during|over|through|throughout|by|until|since|before|after|early|late|mid)"
            r"\s+(?:the\s+)?\Z",
            before,
        ):
            return
        if re.match(r"\s+of\b", ctx.low[end : end + 4]):
            return  # "the fall of Kabul"
        orientation = ctx.orientation(start, end)
        value = _resolve_season(ctx.anchor, season, orientation)
    yield _Candidate(start, end, "DATE", value)


def _relative_unit(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    has_the = bool(m["the"])
    relative = m["rel"]
    unit = m["unit"]
    start, end = m.start(), m.end()
    anchor = ctx.anchor
    if relative in ("last", "following", "previous") and ctx.low.startswith(" of", end):
        return  # "the last day of the talks": an ordinal, not a date
    as_date = relative == "following" and not _SPAN_BEFORE.search(
        ctx.low, max(0, start - 12), start
    )  # "the following year" is a date; "over the following decade" lasts
    if not as_date and (
        relative in ("past", "coming", "following", "upcoming") or (has_the and relative == "next")
    ):
        if unit == "weekend":
            return
        if relative == "past" or has_the:
            yield _Candidate(start, end, "DURATION", _duration_value(1, unit))
            return
    if unit in ("hour", "minute", "second"):
        return
    step = {
        "last": -1,
        "previous": -1,
        "past": -1,
        "next": 1,
        "coming": 1,
        "upcoming": 1,
        "following": 1,
    }.get(relative, 0)
    if unit == "day":
        value = (anchor + timedelta(days=step)).isoformat()
    elif unit in ("week", "fortnight"):
        value = _week_value(anchor + timedelta(weeks=step))
    elif unit == "weekend":
        value = _week_value(_weekend_day(anchor, step)) + "-WE"
    elif unit == "month":
        year, month = _shift_months(anchor.year, anchor.month, step)
        value = f"{year:04d}-{month:02d}"
    elif unit == "quarter":
        year, month = _shift_months(anchor.year, anchor.month, 3 * step)
        value = f"{year}-Q{(month - 1) // 3 + 1}"
    elif unit == "year":
        value = str(anchor.year + step)
    elif unit == "decade":
        value = str(anchor.year // 10 + step)
    else:
        value = f"{anchor.year // 100 + step:02d}"
    yield _Candidate(start, end, "DATE", value)


_SPAN_BEFORE = re.compile(r"\b(?:over|for|during|within|throughout|in)\s+\Z")


def _weekend_day(anchor: date, step: int) -> date:
    """A Saturday inside the weekend meant by this/last/next weekend."""
    saturday = anchor + timedelta(days=5 - anchor.weekday())
    if step < 0:
        return saturday - timedelta(weeks=1)
    if step > 0:
        return saturday + timedelta(weeks=1) if anchor.weekday() >= 5 else saturday
    return saturday


def _the_weekend(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    orientation = ctx.orientation(m.start(), m.end())
    step = 0
    if ctx.anchor.weekday() < 5:
        step = 1 if orientation == "future" else -1
    day = _weekend_day(ctx.anchor, step) if step != 1 else _weekend_day(ctx.anchor, 0)
    yield _Candidate(m.start(), m.end(), "DATE", _week_value(day) + "-WE")


def _period_edge(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    mod = _EDGE_MODS.get(m["edge"], "MID")
    unit = m["unit"]
    orientation = ctx.orientation(m.start(), m.end())
    step = 0
    if mod == "END" and orientation == "past":
        step = -1  # an end already passed
    elif mod == "START" and orientation == "future":
        step = 1
    anchor = ctx.anchor
    if unit == "year":
        value = str(anchor.year + step)
    elif unit == "month":
        year, month = _shift_months(anchor.year, anchor.month, step)
        value = f"{year:04d}-{month:02d}"
    elif unit == "week":
        value = _week_value(anchor + timedelta(weeks=step))
    elif unit == "decade":
        value = str(anchor.year // 10 + step)
    else:
        value = f"{anchor.year // 100 + step:02d}"
    yield _Candidate(m.start(), m.end(), "DATE", value, mod)


def _ago(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    unit = _unit_key(m["unit"])
    amount = _parse_amount(m["amount"]) if m["amount"] else None
    start, end = m.start(), m.end()
    if amount is None or amount != int(amount) or unit in ("hour", "minute", "second"):
        yield _Candidate(start, end, "DATE", "PAST_REF")
        return
    n = int(amount) * _UNIT_FACTOR.get(unit, 1)
    anchor = ctx.anchor
    try:
        if unit in ("day", "night"):
            value = (anchor - timedelta(days=n)).isoformat()
        elif unit in ("week", "fortnight"):
            value = _week_value(anchor - timedelta(weeks=n))
        elif unit in ("month", "quarter"):
            year, month = _shift_months(anchor.year, anchor.month, -n)
            value = f"{year:04d}-{month:02d}"
        elif unit == "year":
            value = f"{anchor.year - n:04d}"
        elif unit == "decade":
            value = f"{anchor.year // 10 - n:03d}"
        else:
            value = f"{anchor.year // 100 - n:02d}"
    except (OverflowError, ValueError):
        return
    if value.startswith("-"):
        return
    yield _Candidate(start, end, "DATE", value)


def _duration(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    amount_text = m["amount"]
    unit = _unit_key(m["unit"])
    plural = m["unit"].endswith("s")
    amount = _parse_amount(amount_text)
    first = amount_text.split()[0]
    if first in ("a", "an"):
        if plural and amount_text.strip() in ("a", "an"):
            return
        if unit == "second" or unit == "night":
            return  # "a second round", "a night"
        if amount_text.strip() in ("a", "an") and _AMOUNT_BEFORE.search(
            ctx.low, max(0, m.start() - 25), m.start()
        ):
            yield _Candidate(m.start(), m.end(), "SET", _duration_value(1, unit))
            return
    if amount_text.strip() in ("one", "1") and unit == "second":
        return
    if unit == "night" and amount is None:
        return
    if unit == "quarter" and (not plural or amount is None or first in ("a", "an")):
        return  # "a quarter of", "three-quarter", "in some quarters"
    yield _Candidate(m.start(), m.end(), "DURATION", _duration_value(amount, unit))


def _span_duration(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    amount = _parse_amount(m["amount"]) if m["amount"] else None
    yield _Candidate(m.start(), m.end(), "DURATION", _duration_value(amount, _unit_key(m["unit"])))


def _amount_range(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    unit = _unit_key(m["unit"])
    low = _parse_amount(m["low"])
    high = _parse_amount(m["high"])
    if low is None or high is None:
        return
    yield _Candidate(m.start("low"), m.end("low"), "DURATION", _duration_value(low, unit))
    yield _Candidate(m.start("high"), m.end(), "DURATION", _duration_value(high, unit))


def _bare_units(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    group = "unit" if m["unit"] else "unit2"
    yield _Candidate(
        m.start(group), m.end(group), "DURATION", _duration_value(None, _unit_key(m[group]))
    )


def _deictic(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    word = re.sub(r"\s+", " ", m["word"])
    part = m["part"]
    anchor = ctx.anchor
    start, end = m.start(), m.end()
    days = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "this": 0, "last": -1}
    if word in days:
        day = (anchor + timedelta(days=days[word])).isoformat()
        if word == "tonight":
            yield _Candidate(start, end, "TIME", f"{day}TNI")
        elif part:
            yield _Candidate(start, end, "TIME", f"{day}T{_PART_OF_DAY[part]}")
        elif word in ("this", "last"):
            return
        else:
            yield _Candidate(start, end, "DATE", day)
        return
    if word in ("the past", "the future") and _NOT_A_REF_AFTER.match(ctx.low, end):
        return
    if word == "soon" and ctx.low.endswith("as ", 0, start):
        return  # "as soon as" is a conjunction
    yield _Candidate(start, end, "DATE", _REFS[word])


_NOT_A_REF_AFTER = re.compile(r"\s+(?:few|several|\d|of\b)")
_REFS = {
    "now": "PRESENT_REF",
    "right now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "presently": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "at the moment": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "the present": "PRESENT_REF",
    "recently": "PAST_REF",
    "lately": "PAST_REF",
    "the past": "PAST_REF",
    "at the time": "PAST_REF",
    "at that time": "PAST_REF",
    "formerly": "PAST_REF",
    "the future": "FUTURE_REF",
    "soon": "FUTURE_REF",
}


def _weekday(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    day_start = m.start("wd")
    if not ctx.cap(day_start):
        return
    weekday = _WEEKDAYS[m["wd"]]
    if m["plural"]:
        yield _Candidate(m.start(), m.end(), "SET", f"XXXX-WXX-{weekday + 1}")
        return
    modifier = m["rel"] or ""
    orientation = ctx.orientation(m.start(), m.end())
    day = _resolve_weekday(ctx.anchor, weekday, orientation, modifier).isoformat()
    if m["part"]:
        yield _Candidate(m.start(), m.end(), "TIME", f"{day}T{_PART_OF_DAY[m['part']]}")
    else:
        yield _Candidate(m.start(), m.end(), "DATE", day)


def _clock(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    hour = int(m["hour"])
    minute = int(m["minute"] or 0)
    if m["ampm"]:
        if not 1 <= hour <= 12:
            return
        if m["ampm"][0] == "p" and hour != 12:
            hour += 12
        elif m["ampm"][0] == "a" and hour == 12:
            hour = 0
    elif m["second"]:
        seconds = int(m["second"])
        value = "PT" + "".join(
            f"{n}{letter}" for n, letter in ((hour, "H"), (minute, "M"), (seconds, "S")) if n
        )
        yield _Candidate(m.start(), m.end(), "DURATION", value or "PT0S")
        return
    elif hour > 23:
        return
    yield _Candidate(
        m.start(), m.end(), "TIME", f"{ctx.anchor.isoformat()}T{hour:02d}:{minute:02d}"
    )


def _named_time(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    hour = {"noon": 12, "midday": 12, "midnight": 0}.get(m[1])
    if hour is None:
        hour = int(m[2])
        if not 1 <= hour <= 12:
            return
    yield _Candidate(m.start(), m.end(), "TIME", f"{ctx.anchor.isoformat()}T{hour:02d}:00")


def _set(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    what = m["what"]
    amount = _parse_amount(m["amount"]) if m["amount"] else 1.0
    if m["other"]:
        amount = 2.0 * (amount or 1)
    if what in _WEEKDAYS:
        value = f"XXXX-WXX-{_WEEKDAYS[what] + 1}"
    elif what in _SEASONS:
        value = f"XXXX-{_SEASONS[what]}"
    elif what in _PART_OF_DAY:
        value = f"XXXX-XX-XXT{_PART_OF_DAY[what]}"
    else:
        value = _duration_value(amount, _unit_key(what))
    yield _Candidate(m.start(), m.end(), "SET", value)


_SET_ADVERBS = {
    "hourly": "PT1H",
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "biweekly": "P2W",
    "fortnightly": "P2W",
    "monthly": "P1M",
    "quarterly": "P3M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "biannually": "P6M",
    "semiannually": "P6M",
    "biennially": "P2Y",
}


def _set_adverb(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    if ctx.cap(m.start()) and ctx.previous_word(m.start()):
        return  # "the Daily Telegraph"
    yield _Candidate(m.start(), m.end(), "SET", _SET_ADVERBS[m[1]])


def _frequency(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    yield _Candidate(m.start(), m.end(), "SET", _duration_value(1, _unit_key(m["unit"])))


def _holiday(m: re.Match[str], ctx: _Context) -> Iterator[_Candidate]:
    if not ctx.cap(m.start()):
        return
    name = m[1]
    if name.startswith("christmas"):
        month, day = (12, 24) if name.endswith("eve") else (12, 25)
    elif name.startswith("new"):
        month, day = (12, 31) if name.endswith("eve") else (1, 1)
    elif name.startswith("halloween"):
        month, day = 10, 31
    else:
        month, day = 2, 14
    value = _resolve_day(ctx.anchor, month, day, ctx.orientation(m.start(), m.end()))
    if value:
        yield _Candidate(m.start(), m.end(), "DATE", value)


# --------------------------------------------------------------------------- the rules

_RULES: tuple[tuple[re.Pattern[str], Handler, str], ...] = (
    (
        re.compile(rf"\b({_YEAR})-(0[1-9]|1[0-2])-(\d\d)(?:t([01]\d|2[0-3]):([0-5]\d))?\b"),
        _iso_date,
        "#",
    ),
    (re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/((?:19|20)?\d\d)(?![\d/])"), _numeric_date, "#"),
    (
        re.compile(
            rf"\b(?:{_WD_ANY},?\s+)?(?P<month>{_MONTH})\s+(?P<day>{_DAY})"
            rf"(?:\s*,?\s*(?P<year>{_YEAR})\b)?(?![,.]?\d)"
        ),
        _month_day,
        f"{_T_WEEKDAY} {_T_MONTH}",
    ),
    (
        re.compile(
            rf"\b(?:{_WD_ANY},?\s+)?(?:the\s+)?(?P<day>{_DAY})(?:\s+of)?\s+(?P<month>{_MONTH})"
            rf"(?:\s*,?\s*(?P<year>{_YEAR})\b)?"
        ),
        _month_day,
        f"{_T_WEEKDAY} the #",
    ),
    (
        re.compile(rf"\b({_M_FULL}|{_M_ABBR})(?:\s*,?\s+(?:of\s+)?({_YEAR})\b)?"),
        _month_year,
        _T_MONTH,
    ),
    (
        re.compile(rf"\b(?P<rel>last|next|this|past|coming|previous)\s+(?P<month>{_M_FULL})\b"),
        _relative_month,
        "last this next past coming previous",
    ),
    (
        re.compile(
            rf"(?<![\w$£€#.,:/])(?<!\d-)(?P<fiscal>(?:fiscal(?:\s+year)?\s+|fy\s?))?"
            rf"(?P<year>{_YEAR})(?:\s*[-–]\s*(?P<until>\d{{4}}|\d\d))?(?![\w%]|[.,:/-]\d)"
        ),
        _year,
        "fiscal fy #",
    ),
    (
        re.compile(
            r"(?<![\w'])(?:(?P<full>(?:1[0-9]|20)\d0)'?s|'(?P<short>\d)0s)\b"
            r"|\bthe\s+(?:(?:early|mid|late)[\s-]+)?(?P<word>twenties|thirties|forties|fifties"
            r"|sixties|seventies|eighties|nineties)\b"
        ),
        _decade,
        "# ' the",
    ),
    (
        re.compile(
            r"\b(twenty[\s-]first|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
            r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
            r"|eighteenth|nineteenth|twentieth|\d{1,2}(?:st|nd|rd|th))[\s-]+century\b"
        ),
        _century,
        f"{_T_ORDINAL} #",
    ),
    (
        re.compile(
            r"\b(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last)\s+"
            r"(?:fiscal\s+|calendar\s+)?quarter\b(?:\s+of\s+(?:the\s+)?(?:(?:fiscal\s+)?"
            rf"(?P<year>{_YEAR})\b|(?P<rel>this|last|next|current|previous)\s+year\b"
            r"|(?P<theyear>year)\b))?"
        ),
        _quarter,
        "the first second third fourth final last #",
    ),
    (re.compile(r"\b([qh])([1-4])\b(?:\s*'?((?:19|20)?\d\d)\b)?"), _short_quarter, "q h"),
    (
        re.compile(
            r"\b(?:the\s+)?(first|second|1st|2nd|latter)\s+half\s+of\s+(?:the\s+)?"
            rf"(?:({_YEAR})\b|(this|last|next|current|previous)\s+year\b|year\b)"
        ),
        _half,
        "the first second latter #",
    ),
    (
        re.compile(
            r"\b(?:(?P<the>the)\s+)?(?:(?P<rel>last|this|next|past|coming|previous"
            r"|the\s+(?:past|last|coming|next|previous))\s+)?"
            rf"(?P<season>{_SEASON})\b(?:\s+(?:of\s+)?(?P<year>{_YEAR})\b)?"
        ),
        _season,
        "the last this next past coming previous spring summer fall autumn winter",
    ),
    (
        re.compile(
            r"\b(?:(?P<the>the)\s+)?(?P<rel>last|this|next|past|coming|previous|current"
            r"|following|upcoming)\s+(?:(?:fiscal|financial|calendar)\s+)?"
            r"(?P<unit>day|week|weekend|fortnight|month|year|decade|century|quarter|hour)\b"
        ),
        _relative_unit,
        "the last this next past coming previous current following upcoming",
    ),
    (
        re.compile(r"\b(?:over|during|at|on|for)\s+the\s+weekend\b"),
        lambda m, ctx: (
            _Candidate(c.start + m.group(0).index("the"), c.end, c.type, c.value)
            for c in _the_weekend(m, ctx)
        ),
        "over during at on for",
    ),
    (
        re.compile(
            r"\b(?:the\s+)?(?P<edge>end|start|beginning|middle|close|turn)\s+of\s+(?:the\s+)?"
            r"(?P<unit>year|month|week|decade|century)\b"
        ),
        _period_edge,
        "the end start beginning middle close turn",
    ),
    (
        re.compile(rf"\b(?:(?P<amount>{_AMOUNT})[\s-]+)?(?P<unit>{_UNIT})s?\s+ago\b"),
        _ago,
        f"# {_T_NUMBER} {_T_VAGUE} {_T_UNIT}",
    ),
    (
        re.compile(
            rf"\b(?P<amount>{_AMOUNT}(?:\s+and\s+a\s+half)?)[\s-]+(?P<unit>{_UNIT}s?)\b"
            r"(?!-old\b)"
        ),
        _duration,
        f"# {_T_NUMBER} {_T_VAGUE}",
    ),
    (
        re.compile(
            r"\b(?:the\s+)?(?:past|last|next|coming|previous|recent|following|first|final)\s+"
            rf"(?:(?P<amount>{_AMOUNT})[\s-]+)?(?P<unit>{_UNIT_PLURAL})\b"
        ),
        _span_duration,
        "the past last next coming previous recent following first final",
    ),
    (
        re.compile(
            rf"\b(?P<low>{_DIGITS}|{_NUMWORD})\s+(?:and|to|or)\s+(?P<high>{_DIGITS}|{_NUMWORD})"
            rf"[\s-]+(?P<unit>{_UNIT_PLURAL})\b"
        ),
        _amount_range,
        f"# {_T_NUMBER}",
    ),
    (
        re.compile(
            r"\b(?:for|within|in|over|take|takes|took|taking|lasted|lasting|lasts|spent|spend"
            rf"|spending|after)\s+(?P<unit>{_UNIT_PLURAL})\b"
            rf"|\b(?P<unit2>{_UNIT_PLURAL})\s+(?:before|after|earlier|later)\b"
        ),
        _bare_units,
        "for within in over take takes took taking lasted lasting lasts spent spend spending after "
        + _T_UNIT,
    ),
    (
        re.compile(
            r"\b(?P<word>today|tonight|yesterday|tomorrow|this|last)"
            r"(?:\s+(?P<part>morning|afternoon|evening|night))?\b"
        ),
        _deictic,
        "today tonight yesterday tomorrow this last",
    ),
    (
        re.compile(
            r"\b(?P<word>right\s+now|now|currently|nowadays|presently|at\s+present"
            r"|at\s+the\s+moment|these\s+days|recently|lately|the\s+past|at\s+the\s+time"
            r"|at\s+that\s+time|formerly|the\s+future|soon)\b(?P<part>)(?!-)"
        ),
        _deictic,
        "right now currently nowadays presently at these recently lately the formerly soon",
    ),
    (
        re.compile(
            r"\b(?:(?P<rel>last|next|this|past|coming|previous)\s+)?(?P<wd>" + _WD + r")"
            r"(?P<plural>s)?\b(?:\s+(?P<part>morning|afternoon|evening|night|overnight)\b)?"
        ),
        _weekday,
        f"last this next past coming previous {_T_WEEKDAY} {_T_WEEKDAY_PLURAL}",
    ),
    (
        re.compile(
            r"\b(?P<hour>\d{1,2})(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>[ap](?:\.\s?m\.|\s?m\b))"
            r"|\b(?<![:.])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)"
            r"(?::(?P<s>[0-5]\d))?(?![:\d])"
        ),
        lambda m, ctx: _clock(_ClockMatch(m), ctx),
        "#",  # type: ignore[arg-type]
    ),
    (
        re.compile(r"\b(noon|midday|midnight|(\d{1,2})\s+o'clock)\b"),
        _named_time,
        "noon midday midnight #",
    ),
    (
        re.compile(
            r"\b(?:every|each)\s+(?P<other>other\s+)?(?:(?P<amount>"
            + _DIGITS
            + "|"
            + _NUMWORD
            + r")\s+)?(?P<what>"
            + _UNIT
            + "|"
            + _WD
            + "|"
            + _SEASON
            + r"|morning|afternoon|evening|night)s?\b"
        ),
        _set,
        "every each",
    ),
    (
        re.compile(
            r"\b(hourly|daily|nightly|weekly|biweekly|fortnightly|monthly|quarterly|annually"
            r"|yearly|biannually|semiannually|biennially)\b"
        ),
        _set_adverb,
        " ".join(_SET_ADVERBS),
    ),
    (
        re.compile(
            rf"\b(?:once|twice|thrice|(?:{_DIGITS}|{_NUMWORD}|several|many)\s+times)\s+"
            rf"(?:a|an|per|every|each)\s+(?P<unit>{_UNIT})\b"
            rf"|\bper\s+(?P<unit2>{_UNIT})\b"
        ),
        lambda m, ctx: _frequency(_UnitAlias(m), ctx),
        f"once twice thrice several many per # {_T_NUMBER}",  # type: ignore[arg-type]
    ),
    (
        re.compile(
            r"\b(christmas(?:\s+(?:day|eve))?|new\s+years?'?s?\s+(?:day|eve)|halloween"
            r"|valentines?'?s?\s+day)\b"
        ),
        _holiday,
        "christmas new halloween valentine valentines",
    ),
)


def _word_trie(words: Iterable[str]) -> str:
    """A regex alternation of `words` factored by shared prefixes, which `re` scans fast."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


def _trigger_table() -> MappingProxyType[str, tuple[int, ...]]:
    table: dict[str, list[int]] = {}
    for index, (_, _, words) in enumerate(_RULES):
        for word in dict.fromkeys(words.split()):
            table.setdefault(word, []).append(index)
    return MappingProxyType({word: tuple(indexes) for word, indexes in table.items()})


# rules are only tried where one of their first words starts
_TRIGGERS = _trigger_table()
_TOKEN = re.compile(r"\b(?:" + _word_trie(w for w in _TRIGGERS if w[0] >= "a") + r")\b|\d+|'(?=\d)")


class _ClockMatch:
    """Presents both clock alternatives (12-hour and 24-hour) under one set of group names."""

    __slots__ = ("_m",)

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m

    def __getitem__(self, name: str) -> str | None:
        m = self._m
        if m["hour"] is not None:
            return {"hour": m["hour"], "minute": m["minute"], "ampm": m["ampm"], "second": None}[
                name
            ]
        return {"hour": m["h"], "minute": m["m"], "ampm": None, "second": m["s"]}[name]

    def start(self) -> int:
        return self._m.start()

    def end(self) -> int:
        return self._m.end()


class _UnitAlias:
    __slots__ = ("_m",)

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m

    def __getitem__(self, name: str) -> str | None:
        return self._m["unit"] or self._m["unit2"]

    def start(self) -> int:
        return self._m.start()

    def end(self) -> int:
        return self._m.end()


# --------------------------------------------------------------------------- public API


def timex_period(value: str) -> tuple[str | None, str | None]:
    """(precision, first day YYYY-MM-DD) of a TimeML value, or (None, None) when it is no period.

    >>> timex_period("2024-W14")
    ('week', '2024-04-01')
    """
    match = _VALUE_SHAPE.fullmatch(value)
    if not match:
        return None, None
    year_text = match["year"]
    if len(year_text) == 2:
        return "century", f"{int(year_text) * 100:04d}-01-01"
    if len(year_text) == 3:
        return "decade", f"{int(year_text) * 10:04d}-01-01"
    year = int(year_text)
    if year < 1:
        return None, None
    try:
        if match["day"]:
            day = date(year, int(match["month"]), int(match["day"]))
            return ("time" if match["time"] else "day"), day.isoformat()
        if match["month"]:
            return "month", date(year, int(match["month"]), 1).isoformat()
        if match["week"]:
            weekday = 6 if value.endswith("-WE") else 1
            day = date.fromisocalendar(year, int(match["week"]), weekday)
            return ("time" if match["time"] else "week"), day.isoformat()
        if match["season"]:
            month = _SEASON_START_MONTH[match["season"]]
            return "season", date(year, month, 1).isoformat()
        if match["quarter"]:
            return "quarter", date(year, 3 * int(match["quarter"]) - 2, 1).isoformat()
        if match["half"]:
            return "quarter", date(year, 6 * int(match["half"]) - 5, 1).isoformat()
    except ValueError:
        return None, None
    return "year", date(year, 1, 1).isoformat()


_VALUE_SHAPE = re.compile(
    r"(?P<year>\d{4}|\d{3}|\d{2})"
    r"(?:-(?P<month>\d\d)(?:-(?P<day>\d\d))?|-W(?P<week>\d\d)(?:-WE)?"
    r"|-(?P<season>SP|SU|FA|WI)|-Q(?P<quarter>[1-4])|-H(?P<half>[12]))?"
    r"(?P<time>T.+)?"
)


def find_timexes(text: str, anchor: date, tense_at: TenseAt | None = None) -> list[Timex]:
    """All temporal expressions in `text`, normalized relative to `anchor` (publication date).

    `tense_at(char_offset)` may give the tense ("past", "future", "present") of the clause at
    an offset; without it the orientation of relative dates comes from nearby words, and
    defaults to the past. Offsets index `text`; `Timex.text == text[start:end]`.
    """
    if not text:
        return []
    low = text.translate(_ASCII_LOWER)
    ctx = _Context(text, low, anchor, tense_at)
    candidates: list[_Candidate] = []
    for token in _TOKEN.finditer(low):
        key = token.group()
        if key[0] < "a":
            key = "'" if key == "'" else "#"
        for index in _TRIGGERS.get(key, ()):
            pattern, handler, _ = _RULES[index]
            match = pattern.match(low, token.start())
            if match:
                try:
                    candidates.extend(handler(match, ctx))
                except (OverflowError, ValueError):
                    continue  # the expression points outside the calendar (year 0 or 10000)
    chosen = _extend_prefixes(_select(candidates), ctx)
    chosen = _date_clock_times(chosen, ctx)
    result = []
    for cand in chosen:
        if cand.type == _NO_TIMEX:
            continue
        precision, first_day = (
            timex_period(cand.value)
            if cand.type in ("DATE", "TIME")
            else (
                None,
                None,
            )
        )
        result.append(
            Timex(
                text=text[cand.start : cand.end],
                start=cand.start,
                end=cand.end,
                type=cand.type,
                value=cand.value,
                precision=precision,
                date=first_day,
            )
        )
    return result


# Two anchors that differ in year, month, day of the month and weekday: an expression that
# normalizes to the same value against both names its date itself ("12 April 2024", "in
# 2017", "two years"); one that does not ("on Thursday", "last year", "in March") needs a
# publication date to mean anything.
_PROBE_ANCHORS = (date(2019, 2, 13), date(2022, 9, 29))


def split_undated(text: str, tense_at: TenseAt | None = None) -> tuple[list[Timex], list[Timex]]:
    """The temporal expressions of a text that has no publication date: (those whose value
    does not depend on one, the relative ones). The relative ones carry the value they would
    have on the first probe anchor and must not be used to date anything: resolving them
    against today would date a story of any year to this week."""
    first = find_timexes(text, _PROBE_ANCHORS[0], tense_at)
    second = {(t.start, t.end, t.value) for t in find_timexes(text, _PROBE_ANCHORS[1], tense_at)}
    absolute = [t for t in first if (t.start, t.end, t.value) in second]
    relative = [t for t in first if (t.start, t.end, t.value) not in second]
    return absolute, relative


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, the longer one winning each overlap (earlier rule on ties)."""
    ordered = sorted(
        enumerate(candidates), key=lambda item: (item[1].start, -(item[1].end - item[1].start))
    )
    chosen: list[tuple[int, _Candidate]] = []
    for rank, cand in ordered:
        if cand.end <= cand.start:
            continue
        if chosen and cand.start < chosen[-1][1].end:
            best_rank, best = chosen[-1]
            if (cand.end - cand.start, -rank) > (best.end - best.start, -best_rank):
                chosen[-1] = (rank, cand)
            continue
        chosen.append((rank, cand))
    return [cand for _, cand in chosen]


def _extend_prefixes(chosen: list[_Candidate], ctx: _Context) -> list[_Candidate]:
    """Take in modifiers written before an expression: "early December", "almost seven years"."""
    result: list[_Candidate] = []
    previous_end = 0
    for cand in chosen:
        window = max(previous_end, cand.start - 40)
        if cand.type in ("DATE", "TIME") and not cand.value.endswith("_REF"):
            match = _DATE_PREFIX.search(ctx.low, window, cand.start)
            if match and match[2] and not ctx.low.startswith(("this", "last", "next"), cand.start):
                match = None  # "earlier"/"later" only qualify "this year"-style expressions
            if match:
                word = match[1] or match[3] or "mid"
                mod = _EDGE_MODS.get(word, cand.mod)
                value = cand.value
                cand = cand._replace(start=match.start(), mod=mod, value=value)
        elif cand.type == "DURATION":
            match = _DURATION_PREFIX.search(ctx.low, window, cand.start)
            if match:
                cand = cand._replace(start=match.start())
        result.append(cand)
        previous_end = cand.end
    return result


def _date_clock_times(chosen: list[_Candidate], ctx: _Context) -> list[_Candidate]:
    """Give a clock time the day written next to it ("10 p.m. Thursday", "April 2 at noon")."""
    default = ctx.anchor.isoformat() + "T"
    result = list(chosen)
    for index, cand in enumerate(result):
        if (
            cand.type != "TIME"
            or not cand.value.startswith(default)
            or cand.value[11] not in "0123456789"
        ):
            continue
        for other_index in (index - 1, index + 1):
            if not 0 <= other_index < len(result):
                continue
            other = result[other_index]
            if other.type != "DATE" or len(other.value) != 10 or other.value[4] != "-":
                continue
            gap = (
                ctx.low[other.end : cand.start]
                if other_index < index
                else ctx.low[cand.end : other.start]
            )
            if len(gap) <= 6 and _TIME_GLUE.match(gap + ""):
                result[index] = cand._replace(value=other.value + cand.value[10:])
                break
    return result
