"""Pick the date of an event: the temporal expression governing its clause, else the
sentence's, else the publication date (precision `publication`)."""

from __future__ import annotations

from bisect import bisect_left
from datetime import date

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


def usable(timex: Timex) -> bool:
    return (
        timex.type in ("DATE", "TIME")
        and timex.date is not None
        and timex.precision in (PRECISION_FOR_SCHEMA)
    )


class EventDater:
    """Bound to one document: its tree, its timexes and its publication date."""

    def __init__(self, tree: Tree, timexes: list[Timex], publication: str | None) -> None:
        self.tree = tree
        self.publication = publication or date.today().isoformat()
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
        if chosen is None or chosen.date is None or chosen.date > self.publication:
            if chosen is not None and chosen.date is not None and chosen.date > self.publication:
                chosen = None  # a date after publication cannot date a past event
            if chosen is None:
                return EventDate(date=self.publication, precision="publication")
        return EventDate(
            date=chosen.date or self.publication,
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

    def _in_sentence(self, trigger: int) -> Timex | None:
        sentence = self.tree.doc.sentences[self.tree.sentence_index(trigger)]
        trigger_start = self.tree[trigger].start
        inside = [t for t in self.timexes if sentence.start <= t.start < sentence.end]
        if not inside:
            return None
        return min(inside, key=lambda t: abs(t.start - trigger_start))
