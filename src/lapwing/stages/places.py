"""Toponym resolution and event location, on plain records (no spaCy here).

Resolution weighs evidence the way a reader does: a name's kind (a bare "Niger" is the country,
"Niger State" the Nigerian state, "Niger River" no settlement at all), the countries the article
is about (named countries, demonyms, unambiguous places), containment written into the text
("Gao, Mali"; "Niamey, Niger's capital"), nearness to the article's other places, and only then
population as a prior. Every choice carries a confidence from the margin over its rivals.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace

from lapwing.gazetteer import Candidate, Gazetteer, fold, haversine_km
from lapwing.records import Document, Entity, Place, Token, Toponym

TOPONYM_LABELS = frozenset({"GPE", "LOC", "FAC"})
ADMIN_WORDS = frozenset(
    "state province region governorate county district department oblast prefecture "
    "territory emirate canton voivodeship".split()
)
PHYSICAL_WORDS = frozenset(
    "river lake mount mountain mountains sea ocean desert valley island islands peninsula "
    "strait canal creek bay airport airbase base hill hills forest park plateau".split()
)
LOCATIVE_PREPS = frozenset(
    "in at near outside inside from to into across around throughout within on off along "
    "toward towards through between over by via onto beyond behind".split()
)
MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod"})

# A bare compass word tagged as a place is nearly always a fragment ("West" of "West Midlands").
DIRECTION_WORDS = frozenset(
    "north south east west northern southern eastern western central northeast northwest "
    "southeast southwest midwest".split()
)
KIND_BASE = {"country": 10.0, "continent": 9.5, "region": 9.0}
_CONTAINER_GAP = re.compile(r"^\s*(,|\(|in|of)\s*$", re.IGNORECASE)


@dataclass
class _Mention:
    entity: Entity
    name: str
    candidates: list[Candidate]
    kinds: frozenset[str] | None  # restriction from "... State", or None
    scores: list[float]


def resolve_toponyms(doc: Document, gazetteer: Gazetteer) -> list[Toponym]:
    """Resolve the document's place entities; unknown names get `place=None`."""
    text = doc.article.text
    mentions: list[_Mention] = []
    for entity in doc.entities:
        if entity.label not in TOPONYM_LABELS:
            continue
        mention = _make_mention(entity, doc, gazetteer)
        if mention is None:
            continue
        mentions.append(mention)

    evidence = _country_evidence(doc, mentions, gazetteer)
    _score(mentions, evidence, text, gazetteer, first_pass=True)
    _score(mentions, evidence, text, gazetteer, first_pass=False)

    toponyms = []
    for mention in mentions:
        place = None
        if mention.candidates:
            best = max(range(len(mention.scores)), key=mention.scores.__getitem__)
            confidence = _confidence(mention.scores, best)
            place = replace(mention.candidates[best].entry.place, confidence=round(confidence, 3))
        toponyms.append(
            Toponym(mention.entity.text, mention.entity.start, mention.entity.end, place)
        )
    return toponyms


def _make_mention(entity: Entity, doc: Document, gazetteer: Gazetteer) -> _Mention | None:
    name = entity.text.strip()
    words = fold(name).split()
    if not words or (len(words) == 1 and words[0] in DIRECTION_WORDS):
        return None
    kinds: frozenset[str] | None = None
    candidates = gazetteer.candidates(name)
    following = (
        doc.tokens[entity.token_end].text.lower() if entity.token_end < len(doc.tokens) else ""
    )
    if words[-1] in ADMIN_WORDS and len(words) > 1:
        base = " ".join(words[:-1])
        found = [c for c in gazetteer.candidates(base) if c.entry.kind == "admin1"]
        candidates = found or [c for c in candidates if c.entry.kind == "admin1"]
        kinds = frozenset({"admin1"})
    elif following in ADMIN_WORDS:
        admin = [c for c in candidates if c.entry.kind == "admin1"]
        if admin:
            candidates, kinds = admin, frozenset({"admin1"})
    elif words[0] in PHYSICAL_WORDS or words[-1] in PHYSICAL_WORDS or following in PHYSICAL_WORDS:
        # A river named after a town or country is neither: no place beats a wrong one.
        candidates = [c for c in candidates if c.entry.kind in ("region", "continent")]
    elif not candidates and words[-1] == "city" and len(words) > 1:
        candidates = gazetteer.candidates(" ".join(words[:-1]))
    if entity.label == "FAC" and not candidates:
        return None
    if entity.ent_id.startswith("country:") and kinds is None and following not in PHYSICAL_WORDS:
        iso3 = entity.ent_id.split(":", 1)[1]
        country = gazetteer.country_entry(iso3)
        if country is not None and all(c.entry is not country for c in candidates):
            candidates = [Candidate(country, True), *candidates]
    return _Mention(entity, name, candidates, kinds, [0.0] * len(candidates))


def _country_evidence(doc: Document, mentions: list[_Mention], gazetteer: Gazetteer) -> Counter:
    """How strongly the article is about each country (ISO3 -> weight)."""
    evidence: Counter = Counter()
    for mention in mentions:
        kinds = {c.entry.kind for c in mention.candidates}
        countries = {c.entry.place.country for c in mention.candidates if c.entry.place.country}
        if "country" in kinds and mention.kinds is None:
            for c in mention.candidates:
                if c.entry.kind == "country":
                    evidence[c.entry.place.country] += 1.0
        elif len(countries) == 1:
            evidence[countries.pop()] += 1.0
    for entity in doc.entities:
        if entity.label == "NORP":
            iso3 = gazetteer.demonym_country(entity.text)
            if iso3:
                evidence[iso3] += 0.5
    return evidence


def _score(
    mentions: list[_Mention],
    evidence: Counter,
    text: str,
    gazetteer: Gazetteer,
    *,
    first_pass: bool,
) -> None:
    total = sum(evidence.values()) or 1.0
    anchors: list[tuple[int, Place]] = []  # (mention position, its first-pass choice)
    if not first_pass:
        for position, mention in enumerate(mentions):
            if mention.candidates:
                best = max(range(len(mention.scores)), key=mention.scores.__getitem__)
                place = mention.candidates[best].entry.place
                if place.lat is not None and place.precision in ("city", "admin1"):
                    anchors.append((position, place))
    for position, mention in enumerate(mentions):
        container = _container(mentions, position, text)
        for k, candidate in enumerate(mention.candidates):
            entry = candidate.entry
            place = entry.place
            pop = math.log10(entry.population + 10)
            if entry.kind in KIND_BASE:
                score = KIND_BASE[entry.kind]
            elif entry.kind == "admin1":
                score = pop - (0.0 if mention.kinds else 1.5)
            else:
                score = pop
            if candidate.primary:
                score += 1.0
            if place.lat is None:
                score -= 3.0
            if entry.kind not in ("region", "continent") and place.country:
                score += 3.0 * evidence.get(place.country, 0.0) / total
            if container is not None and entry.kind not in ("country", "region", "continent"):
                if place.country == container.country and (
                    container.precision == "country" or container.admin1 == place.admin1
                ):
                    score += 6.0
            if mention.entity.ent_id and mention.entity.ent_id == _ruler_id(entry):
                score += 1.0
            if anchors and entry.kind in ("city", "admin1") and place.lat is not None:
                near = min(
                    (
                        haversine_km(place.lat, place.lon, a.lat, a.lon)
                        for other, a in anchors
                        if other != position and fold(a.name) != fold(place.name)
                    ),
                    default=None,
                )
                if near is not None:
                    score += 2.0 if near < 200 else 1.0 if near < 600 else 0.0
            mention.scores[k] = score


def _container(mentions: list[_Mention], position: int, text: str) -> Place | None:
    """The place written right after this one as its container ("Gao, Mali")."""
    if position + 1 >= len(mentions):
        return None
    here, after = mentions[position].entity, mentions[position + 1]
    if not _CONTAINER_GAP.match(text[here.end : after.entity.start]):
        return None
    best = None
    for k, candidate in enumerate(after.candidates):
        if candidate.entry.kind in ("country", "admin1"):
            if best is None or after.scores[k] > after.scores[best]:
                best = k
    return None if best is None else after.candidates[best].entry.place


def _ruler_id(entry) -> str:
    place = entry.place
    if entry.kind == "country":
        return f"country:{place.country}"
    if entry.kind in ("region", "continent"):
        return f"region:{place.name}"
    if entry.kind == "admin1":
        return f"admin1:{place.country}:{place.name}"
    return f"place:{place.geonameid}"


def _confidence(scores: list[float], best: int) -> float:
    top = scores[best]
    total = sum(math.exp(s - top) for s in scores)
    return min(0.99, max(0.05, 1.0 / total))


# ---- event location -----------------------------------------------------------------------


def event_location(
    doc: Document, toponyms: list[Toponym], trigger_token: int
) -> tuple[Place, tuple[int, int] | None] | None:
    """Where the event whose trigger is `doc.tokens[trigger_token]` happened.

    First a resolved toponym governed by the trigger through a locative preposition, else the
    best-placed toponym of the trigger's sentence (not one that only modifies an actor, as in
    "Mali's army"), else the main place of the trigger's paragraph or of the article, returned
    without a span because the sentence does not name it.
    """
    if not 0 <= trigger_token < len(doc.tokens):
        return None
    trigger = doc.tokens[trigger_token]
    sentence = next(
        (s for s in doc.sentences if s.token_start <= trigger_token < s.token_end), None
    )
    resolved = [t for t in toponyms if t.place is not None]
    if sentence is not None:
        in_sentence = [t for t in resolved if sentence.start <= t.start < sentence.end]
        scored = [(_location_score(doc, t, trigger), t) for t in in_sentence]
        if scored:
            score, best = max(scored, key=lambda pair: (pair[0], -pair[1].start))
            confidence = max(0.1, min(0.95, 0.5 + score / 20)) * best.place.confidence
            return replace(best.place, confidence=round(confidence, 3)), (best.start, best.end)
    text = doc.article.text
    paragraph_start = text.rfind("\n\n", 0, trigger.start) + 1
    paragraph_end = text.find("\n\n", trigger.end)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    for pool in (
        [t for t in resolved if paragraph_start <= t.start < paragraph_end],
        resolved,
    ):
        main = _main_place(pool)
        if main is not None:
            return replace(main, confidence=round(0.4 * main.confidence, 3)), None
    return None


def _location_score(doc: Document, toponym: Toponym, trigger: Token) -> float:
    tokens = [t for t in doc.tokens if t.start >= toponym.start and t.end <= toponym.end]
    if not tokens:
        return -10.0
    span_ids = {t.i for t in tokens}
    head = next((t for t in tokens if t.head not in span_ids or t.head == t.i), tokens[0])
    score = 0.0
    chain = [head.i]
    node = head
    for _ in range(10):
        if node.head == node.i:
            break
        node = doc.tokens[node.head]
        chain.append(node.i)
        if node.i == trigger.i:
            break
    governing = doc.tokens[head.head]
    locative = head.dep == "pobj" and governing.lemma in LOCATIVE_PREPS
    if trigger.i in chain:
        steps = chain.index(trigger.i)
        score += 6.0 - min(steps, 5)
        if locative:
            score += 6.0
    elif locative:
        score += 3.0
    if head.dep in MODIFIER_DEPS and governing.i != trigger.i:
        score -= 4.0
    score -= abs(head.i - trigger.i) / 10.0
    if toponym.place is not None and toponym.place.precision in ("city", "admin1"):
        score += 0.5
    return score


def _main_place(toponyms: list[Toponym]) -> Place | None:
    if not toponyms:
        return None
    counts: Counter = Counter()
    first: dict = {}
    places: dict = {}
    for t in toponyms:
        key = (t.place.geonameid, t.place.name, t.place.country)
        counts[key] += 1
        first.setdefault(key, t.start)
        places.setdefault(key, t.place)
    key = max(counts, key=lambda k: (counts[k], -first[k]))
    return places[key]
