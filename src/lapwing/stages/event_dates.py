"""Pick the date of an event: the temporal expression governing its clause, else the
sentence's, else, for an event told in the past tense, the one day its paragraph names
("Police fired a live round on a protester yesterday. … RTHK withdrew its reporters.") or
the one recent day the story has named so far, else the publication date (precision
`publication`). An article with no publication date is dated only by the dates its text names
in full; its other events get the day it was coded with precision `ingest`, a placeholder
that says the date is unknown, never a guess."""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date, timedelta

from lapwing.records import EventDate, Timex
from lapwing.stages.syntax import Tree

PRECISION_FOR_SCHEMA = {
    "day": "day",
    "time": "day",
    "week": "week",
    "month": "month",
    "season": "month",
    "quarter": "month",
    "year": "year",
}  # decades and centuries ("the 21st century") are too coarse to date an event


# A paragraph's date carries over to its undated events only at day or week precision:
# a month or a year named in passing does not date the paragraph's other events.
PARAGRAPH_PRECISIONS = frozenset({"day", "time", "week"})
# A story's one named day dates its other past-tense events only when it is this recent.
STORY_WINDOW = timedelta(days=10)


# "at 14:00 local time", "around 8 pm": a clock time names no day of its own
_CLOCK_ONLY = re.compile(
    r"(?:about|around|at|some|by|until|shortly|after|before|\s|\d|[:.]|am|pm|a\.m\.|p\.m\.|"
    r"o'clock|local|time|gmt|utc|hours?|h|noon|midnight|midday)*",
    re.IGNORECASE,
)


def usable(timex: Timex) -> bool:
    if timex.type == "TIME" and _CLOCK_ONLY.fullmatch(timex.text):
        return False
    return (
        timex.type in ("DATE", "TIME")
        and timex.date is not None
        and timex.precision in (PRECISION_FOR_SCHEMA)
    )


class EventDater:
    """Bound to one document: its tree, its timexes and its publication date."""

    def __init__(self, tree: Tree, timexes: list[Timex], publication: str | None) -> None:
        self.tree = tree
        self.publication = publication
        # An undated article: no date after it can be ruled out, and the undated events get
        # the day of coding, marked `ingest` (`timexes` must hold absolute dates only).
        self._latest = publication or "9999-12-31"
        self._fallback = (
            EventDate(date=publication, precision="publication")
            if publication
            else EventDate(date=date.today().isoformat(), precision="ingest")
        )
        self.timexes = [t for t in timexes if usable(t)]
        # token index -> timex, for tokens covered by a timex
        self._timex_at: dict[int, Timex] = {}
        starts = [token.start for token in tree.tokens]
        for timex in self.timexes:
            i = bisect_left(starts, timex.start)
            while i < len(starts) and tree.tokens[i].end <= timex.end:
                self._timex_at[i] = timex
                i += 1

    def __call__(self, tree: Tree, trigger: int) -> EventDate:
        chosen = self._governing(trigger) or self._in_sentence(trigger)
        if chosen is None and self._past(trigger):
            chosen = self._in_paragraph(trigger) or self._story_day(trigger)
        if chosen is not None and chosen.date is not None and chosen.date > self._latest:
            chosen = None  # a date after publication cannot date a past event
        if chosen is None or chosen.date is None:
            return self._fallback
        return EventDate(
            date=chosen.date,
            precision=PRECISION_FOR_SCHEMA[chosen.precision or "day"],
            text=chosen.text,
            span=(chosen.start, chosen.end),
        )

    def _governing(self, trigger: int) -> Timex | None:
        """A timex attached to the trigger's clause, or one the trigger's clause hangs from
        ("since July when soldiers ousted…")."""
        tree = self.tree
        clause = tree.clause_head(trigger) if tree[trigger].pos != "VERB" else trigger
        for i in [trigger, clause]:
            for kid in tree.children(i):
                for j in tree.subtree(kid.i):
                    if j in self._timex_at and not self._crosses_clause(j, i):
                        return self._timex_at[j]
        for ancestor in tree.ancestors(trigger):
            if ancestor.i in self._timex_at:
                return self._timex_at[ancestor.i]
        return None

    def _crosses_clause(self, j: int, clause: int) -> bool:
        """True when token j sits in a clause nested below `clause` (not its own)."""
        tree = self.tree
        for ancestor in tree.ancestors(j):
            if ancestor.i == clause:
                return False
            if ancestor.pos in ("VERB", "AUX") and ancestor.dep in ("ccomp", "advcl", "relcl"):
                return True
        return False

    def _in_paragraph(self, trigger: int) -> Timex | None:
        """The day a paragraph is about, for a past-tense event with no date of its own: only
        when every day-level date in the paragraph is the same day (a paragraph that names
        two days, or only a month or a year, gives none)."""
        text = self.tree.doc.article.text
        position = self.tree[trigger].start
        start = text.rfind("\n", 0, position) + 1
        end = text.find("\n", position)
        days = self._one_day(start, len(text) if end < 0 else end, until=self._latest)
        return min(days, key=lambda t: abs(t.start - position)) if days else None

    def _story_day(self, trigger: int) -> Timex | None:
        """The day a breaking-news story is about, for a past-tense event with no date in its
        paragraph: when every day-level date the article has named before the event is one
        and the same recent day ("On Friday, a man stabbed… Police arrived and shot him")."""
        if self.publication is None:
            return None  # "recent" needs a publication date
        days = self._one_day(0, self.tree[trigger].start)
        earliest = (date.fromisoformat(self.publication) - STORY_WINDOW).isoformat()
        if not days or not earliest <= days[0].date <= self.publication:
            return None
        return days[-1]

    def _one_day(self, start: int, end: int, until: str = "9999") -> list[Timex]:
        """The day-level timexes in [start, end) dated up to `until`, when they all name the
        same day, else []."""
        days = [
            t
            for t in self.timexes
            if start <= t.start < end
            and t.precision in PARAGRAPH_PRECISIONS
            and t.date is not None
            and t.date <= until
        ]
        return days if len({t.date for t in days}) == 1 else []

    def _past(self, trigger: int) -> bool:
        """Told in the simple past ("withdrew", "were injured"), not the present perfect,
        the future or a report of what will happen."""
        tree = self.tree
        verb = tree[trigger]
        while verb.pos not in ("VERB", "AUX") and verb.head != verb.i:
            verb = tree[verb.head]
        if verb.tag == "VBD":
            return True
        auxiliaries = tree.children(verb.i, "aux", "auxpass")
        return verb.tag == "VBN" and any(a.tag == "VBD" and a.lemma == "be" for a in auxiliaries)

    def _in_sentence(self, trigger: int) -> Timex | None:
        sentence = self.tree.doc.sentences[self.tree.sentence_index(trigger)]
        trigger_start = self.tree[trigger].start
        inside = [t for t in self.timexes if sentence.start <= t.start < sentence.end]
        if not inside:
            return None
        return min(inside, key=lambda t: abs(t.start - trigger_start))
