"""Toponym resolution and event location, on plain records (no spaCy here).

Resolution weighs evidence the way a reader does: a name's kind (a bare "Niger" is the country,
"Niger State" the Nigerian state, "Niger River" no settlement at all), the countries the article
is about (named countries, demonyms, unambiguous places), containment written into the text
("Gao, Mali"; "Niamey, Niger's capital"), nearness to the article's other places, and only then
population as a prior. Every choice carries a confidence from the margin over its rivals.

The words it reads (place words, prepositions, titles) are data: the `places` classes of the
lexicon (`data/lexicon/places.tsv`, extended by the user's lexicon files). `resolve_toponyms`
and `event_location` take the `Lexicon` to read them from, by default the built-in one.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from lapwing.dictionaries import Lexicon, default_lexicon
from lapwing.gazetteer import Candidate, Gazetteer, haversine_km, place_key
from lapwing.records import Document, Entity, Place, Token, Toponym

TOPONYM_LABELS = frozenset({"GPE", "LOC", "FAC"})
MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
# The prepositions after which a name the toponym stage passed over is taken as a place, by
# its entity label, as lexicon classes (other labels: any locative preposition).
PLACING_PREP_CLASSES = {
    "PERSON": ("at_prep",),
    **dict.fromkeys(("ORG", "NORP", "PRODUCT", "EVENT"), ("at_prep", "toward_prep")),
}

WORLD_CITY_POPULATION = 1_000_000
KIND_BASE = {"country": 10.0, "continent": 9.5, "region": 9.0}
RESCUE_LABELS = frozenset({"PERSON", "ORG", "NORP"})
_LIST_GAP = re.compile(r"^\s*(,|,?\s*and|,?\s*or)(\s+the)?\s*$", re.IGNORECASE)
# What agreeing with the rest of a list is worth: more than the article's overall evidence.
LIST_BONUS = 5.0
_INSIDE_GAP = re.compile(
    r"^\s*(?:(?:neighbou?rhood|area|district|suburb|village|town|township|section)\s*)?"
    r"(?:,|\(|in|of|in the)\s*$",
    re.IGNORECASE,
)
_CONTAINER_GAP = re.compile(r"^\s*(,|\(|in|of)\s*$", re.IGNORECASE)


@dataclass
class _Mention:
    entity: Entity
    name: str
    candidates: list[Candidate]
    kinds: frozenset[str] | None  # restriction from "... State", or None
    scores: list[float]
    own: Counter = field(default_factory=Counter)  # the evidence this mention itself gives


@dataclass(frozen=True)
class _Words:
    """The lexicon's place classes as this module reads them (built once per lexicon)."""

    admin: frozenset[str]  # "state", "province": a division word after a name
    admin_of: frozenset[str]  # "the state of Washington" (not "the territory of Georgia")
    physical: frozenset[str]  # "river", "mount", "airport": no settlement of the name
    area: frozenset[str]  # "Quezon City", "the Indian Ocean coast": part of a known place
    facility: frozenset[str]  # "Amsterdam airport", "Kano base": where the town is
    locative: frozenset[str]  # prepositions that can place an event
    origin: frozenset[str]  # "troops from Chad": where someone came from, seldom the event's
    rescue: frozenset[str]  # after which a PERSON/ORG/NORP name may be a place ("in Douma")
    direction: frozenset[str]  # a bare compass word is a fragment ("West" of "West Midlands")
    continuation: frozenset[str]  # titles and weekdays: "US President" is still the US
    place_heads: frozenset[str]  # "Danube Delta", "Miami Beach": a longer place name
    organization_heads: frozenset[str]  # "University of California": an organization
    location_nouns: frozenset[str]  # "the town of X", "a Baghdad restaurant"
    country: frozenset[str]  # "in the country": the article's main country
    capital: frozenset[str]  # "near the capital": its capital
    placing: dict[str, frozenset[str]]  # entity label -> prepositions that place its names
    not_a_longer_name: frozenset[str]  # words after a place name that keep it a place

    @staticmethod
    @cache
    def of(lexicon: Lexicon) -> _Words:
        w = lexicon
        return _Words(
            admin=w["admin_word"],
            admin_of=w["admin_of_word"],
            physical=w["physical_word"],
            area=w["area_word"],
            facility=w["facility_word"],
            locative=w["locative_prep"],
            origin=w["origin_prep"],
            rescue=w["rescue_prep"],
            direction=w["direction_word"],
            continuation=w["name_continuation"],
            place_heads=w["place_name_head"],
            organization_heads=w["organization_head"],
            location_nouns=w["location_noun"],
            country=w["country_word"],
            capital=w["capital_word"],
            placing={
                label: frozenset().union(*(w[name] for name in classes))
                for label, classes in PLACING_PREP_CLASSES.items()
            },
            not_a_longer_name=w["name_continuation"]
            | w["place_name_head"]
            | w["admin_word"]
            | w["physical_word"]
            | w["location_noun"],
        )


def _words(lexicon: Lexicon | None) -> _Words:
    return _Words.of(default_lexicon() if lexicon is None else lexicon)


def resolve_toponyms(
    doc: Document, gazetteer: Gazetteer, lexicon: Lexicon | None = None
) -> list[Toponym]:
    """Resolve the document's place entities; unknown names get `place=None`."""
    words = _words(lexicon)
    text = doc.article.text
    mentions: list[_Mention] = []
    for entity in doc.entities:
        if entity.label not in TOPONYM_LABELS and not _placed_by_context(
            entity, doc, gazetteer, words
        ):
            continue
        if _inside_larger_name(entity, doc, words):
            continue
        mention = _make_mention(entity, doc, gazetteer, words)
        if mention is None:
            continue
        if not mention.candidates and not _named_as_place(entity, doc, mentions, words):
            continue
        mentions.append(mention)

    evidence = _country_evidence(doc, mentions, gazetteer)
    _score(mentions, evidence, text, gazetteer, first_pass=True)
    _score(mentions, evidence, text, gazetteer, first_pass=False)

    chosen: list[Place | None] = []
    for mention in mentions:
        place = None
        if mention.candidates:
            best = max(range(len(mention.scores)), key=mention.scores.__getitem__)
            confidence = _confidence(mention.scores, best)
            if _stray(mention, mention.candidates[best], mentions, evidence, gazetteer):
                confidence = min(confidence, STRAY_CONFIDENCE)
            place = replace(mention.candidates[best].entry.place, confidence=round(confidence, 3))
        chosen.append(place)
    toponyms = []
    for position, mention in enumerate(mentions):
        place = chosen[position]
        if place is None and position + 1 < len(mentions) and chosen[position + 1] is not None:
            place = _inside_known_place(mention, mentions[position + 1], chosen[position + 1], text)
        toponyms.append(
            Toponym(mention.entity.text, mention.entity.start, mention.entity.end, place)
        )
    return toponyms


# `_stray`: how clearly an article must be about one country (its evidence weight and share),
# and the confidence a stray reading keeps: a guess to show, too weak to place its parties.
STRAY_EVIDENCE, STRAY_SHARE = 3.0, 0.5
STRAY_CONFIDENCE = 0.1


def _stray(
    mention: _Mention,
    candidate: Candidate,
    mentions: list[_Mention],
    evidence: Counter,
    gazetteer: Gazetteer,
) -> bool:
    """The best reading is a minor place in a country nothing else in the article names,
    while the article is clearly about another: "Long Island" in a New York story is the
    island, which the gazetteer lacks, not the Bahamian district of that name. Such a
    reading keeps only `STRAY_CONFIDENCE`, too little to move the event's parties abroad."""
    entry = candidate.entry
    place = entry.place
    if entry.kind not in ("city", "admin1") or not place.country or not evidence:
        return False
    if entry.population >= WORLD_CITY_POPULATION or gazetteer.is_capital(place):
        return False  # "Paris", "Nairobi": named abroad on purpose
    name = place_key(mention.name)
    own = sum((m.own for m in mentions if place_key(m.name) == name), Counter())
    others = evidence - own
    total = sum(others.values())
    leader, lead = others.most_common(1)[0] if others else (None, 0.0)
    return (
        others.get(place.country, 0.0) <= 0.0
        and total >= STRAY_EVIDENCE
        and lead / total >= STRAY_SHARE
        and leader != place.country
    )


def _inside_known_place(
    mention: _Mention, after: _Mention, container: Place, text: str
) -> Place | None:
    """A place the gazetteer lacks, written as part of the next one: "the Crown Heights
    neighborhood of Brooklyn", "Greenlane, Auckland", "Pingilikani, Kenya". It lies within
    the container, so it takes the container's point, named as the text names it and with
    a low confidence (the point is the container's, not its own)."""
    if mention.candidates or container.lat is None:
        return None
    if not _INSIDE_GAP.match(text[mention.entity.end : after.entity.start]):
        return None
    return replace(
        container,
        name=mention.name,
        geonameid=None,
        feature=None,
        confidence=round(min(0.3, container.confidence), 3),
    )


def _inside_larger_name(entity: Entity, doc: Document, words: _Words) -> bool:
    """A place name that is only part of a longer proper name: "The [Washington] Post",
    "[Maryland] State Police", "[Vladimir] Putin", "Graeme [Hamilton]", "University of
    [California]".

    The gazetteer's entity ruler claims a place name before the statistical tagger sees the
    whole name, so the name's other words are left untagged (or tagged PERSON) around it. A
    title ("[US] President", "[New York] Governor") or a place word ("[Orange] County",
    "[Hudson] River") after it does not make a longer name: the place is still meant.
    """
    tokens = doc.tokens
    if entity.token_end < len(tokens):
        after = tokens[entity.token_end]
        if (
            after.start == entity.end + 1
            and _capitalised_name_word(after)
            and not _same_sentence_start(doc, after.i)
        ):
            # The rest of the capitalised run decides: "Queensland Health Minister" keeps its
            # title, "Da Nang International Airport" its place word.
            run = [after]
            for token in tokens[after.i + 1 : after.i + 4]:
                if not _capitalised_name_word(token) or token.start > run[-1].end + 1:
                    break
                run.append(token)
            run_words = {t.text.lower().rstrip(".") for t in run}
            if not run_words & words.not_a_longer_name:
                return True
    if entity.token_start > 1:
        before, earlier = tokens[entity.token_start - 1], tokens[entity.token_start - 2]
        if before.end + 1 == entity.start and before.ent_label == "PERSON":
            return True  # "Kerry-Ann [Hamilton]", "George W. [Bush]"
        if (
            before.end + 1 == entity.start
            and before.tag == "NNP"
            and before.text[:1].isupper()
            and before.ent_label == ""
            and before.dep == "compound"
            and before.head in range(entity.token_start, entity.token_end)
            and before.text.lower().rstrip(".") not in words.continuation
            and earlier.text.lower() not in words.locative | {"of", "the"}
            and not _same_sentence_start(doc, before.i)
        ):
            return True  # "Graeme [Hamilton] told", "tapped John [Bolton]"
    if entity.token_start > 1:
        of, head = tokens[entity.token_start - 1], tokens[entity.token_start - 2]
        if of.text == "of" and _capitalised_in(head.text, words.organization_heads):
            return True  # "University of [California]", "Bank of [Mexico]"
    return False


def _capitalised_in(text: str, lower_words: frozenset[str]) -> bool:
    """Whether `text` is one of the words written capitalised ("University", not "UNIVERSITY")."""
    lower = text.lower()
    return lower in lower_words and text == lower.capitalize()


def _capitalised_name_word(token: Token) -> bool:
    return (
        token.text[:1].isupper()
        and token.tag in ("NNP", "NNPS")
        and token.ent_label not in TOPONYM_LABELS
    )


def _same_sentence_start(doc: Document, token_index: int) -> bool:
    """Whether the token opens its sentence (capitalised for that reason alone)."""
    position = bisect_right(doc.sentences, token_index, key=lambda s: s.token_start) - 1
    return position >= 0 and doc.sentences[position].token_start == token_index


def _named_as_place(entity: Entity, doc: Document, mentions: list[_Mention], words: _Words) -> bool:
    """Whether the text itself presents a name the gazetteer lacks as a place.

    Unknown one-word "places" are mostly mis-tagged people and brands ("Dubreuil had",
    "UConn women"); keep one only after a locative preposition ("in Balintawak"), before a
    place noun ("Torkula village") or beside another place ("Maliuc and Caraorman", "Gainesville,
    Va."). Longer unknown names ("Crown Heights", "Fire Island") are kept.
    """
    if entity.token_end - entity.token_start > 1 or entity.label != "GPE":
        return True
    tokens = doc.tokens
    if entity.token_start > 0 and tokens[entity.token_start - 1].text.lower() in words.locative:
        return True
    if entity.token_start > 1 and tokens[entity.token_start - 1].text.lower() == "of":
        noun = tokens[entity.token_start - 2].text.lower()
        nouns = words.location_nouns
        if noun in nouns or noun in words.admin or noun.rstrip("s") in nouns:
            return True  # "the village of Jdeideh", "the neighbourhood of Adhamiyah"
    if entity.token_end < len(tokens):
        following = tokens[entity.token_end].text.lower()
        if following in words.location_nouns or following in words.admin:
            return True
    text = doc.article.text
    if mentions:
        gap = text[mentions[-1].entity.end : entity.start]
        if mentions[-1].entity.end <= entity.start and gap.strip() in (",", "and", "or", "-"):
            return True
    if not text.startswith(", ", entity.end):
        return False
    # Entities are in text order: find the next one by bisection, not by scanning the article.
    k = bisect_left(doc.entities, entity.end + 2, key=lambda e: e.start)
    return (
        k < len(doc.entities)
        and doc.entities[k].start == entity.end + 2
        and doc.entities[k].label in ("GPE", "LOC")
    )


def _placed_by_context(entity: Entity, doc: Document, gazetteer: Gazetteer, words: _Words) -> bool:
    """A name the tagger called a person or organization that the text uses as a place.

    "fighting in Douma", "a base near Manbij": the small model often tags little-known places
    PERSON or ORG. Trust the gazetteer only behind a locative preposition, and only for a
    single settlement-like name (not "the Marigny Plantation").
    """
    if entity.label not in RESCUE_LABELS or entity.token_start == 0:
        return False
    before = doc.tokens[entity.token_start - 1]
    if before.text.lower() not in words.rescue:
        return False
    if not 1 <= len(entity.text.split()) <= 3 or not entity.text[:1].isupper():
        return False
    return any(
        c.primary and c.entry.kind in ("city", "admin1") and c.entry.population >= 1000
        for c in gazetteer.candidates(entity.text)
    )


def _make_mention(
    entity: Entity, doc: Document, gazetteer: Gazetteer, w: _Words
) -> _Mention | None:
    name = entity.text.strip()
    words = place_key(name).split()
    if not words or (len(words) == 1 and words[0] in w.direction):
        return None
    first = next((w for w in name.split() if w.lower() != "the"), "")
    if not (first[:1].isupper() or first[:1].isdigit()):
        return None  # "n't", "veranda": tagger fragments, never a proper name
    if entity.label == "GPE" and len(words) == 1 and gazetteer.demonym_country(name):
        if not any(c.primary for c in gazetteer.candidates(name)):
            return None  # "Emirati handler": an adjective, not a place
    kinds: frozenset[str] | None = None
    candidates = gazetteer.candidates(name)
    following = (
        doc.tokens[entity.token_end].text.lower() if entity.token_end < len(doc.tokens) else ""
    )
    longer = _longer_name(entity, doc, gazetteer, w)
    if longer:
        # "[Quebec] City", "[Hamilton] County": the tagger stopped short of a name the
        # gazetteer has whole; that name decides.
        candidates = longer
        if following in w.admin:
            kinds = frozenset({"admin1"})
    elif words[-1] in w.admin and len(words) > 1:
        # "Orange County" by its full name (the US counties), "Benue State" by its base
        base = " ".join(words[:-1])
        whole = [c for c in candidates if c.entry.kind == "admin1"]
        found = [c for c in gazetteer.candidates(base) if c.entry.kind == "admin1"]
        candidates = whole + [c for c in found if all(c.entry is not w.entry for w in whole)]
        kinds = frozenset({"admin1"})
    elif following in w.admin or _after_admin_of(entity, doc, w):
        # "Benue state", "the state of Washington": the division, not its namesake town
        admin = [c for c in candidates if c.entry.kind == "admin1"]
        if admin:
            candidates, kinds = admin, frozenset({"admin1"})
    elif words[0] in w.physical or words[-1] in w.physical:
        # A river named after a town or country is neither: no place beats a wrong one. A
        # settlement that bears the whole name ("Beverly Hills", "Miami Beach") still counts.
        candidates = [c for c in candidates if c.entry.kind in ("region", "continent") or c.primary]
    elif following in w.physical and following not in w.facility:
        candidates = [c for c in candidates if c.entry.kind in ("region", "continent")]
    elif not candidates and words[-1] in w.area and len(words) > 1:
        # "Quezon City", "the Indian Ocean coast": the place the phrase is part of
        candidates = gazetteer.candidates(" ".join(words[:-1]))
    if entity.label == "FAC" and not candidates:
        return None
    if entity.ent_id.startswith("country:") and kinds is None and following not in w.physical:
        iso3 = entity.ent_id.split(":", 1)[1]
        country = gazetteer.country_entry(iso3)
        if country is not None and all(c.entry is not country for c in candidates):
            candidates = [Candidate(country, True), *candidates]
    return _Mention(entity, name, candidates, kinds, [0.0] * len(candidates))


def _longer_name(
    entity: Entity, doc: Document, gazetteer: Gazetteer, words: _Words
) -> list[Candidate]:
    """Candidates for the name with its next word when that word is a capitalised place word
    ("Quebec City", "Hamilton County") and the gazetteer knows the longer name."""
    if entity.token_end >= len(doc.tokens):
        return []
    after = doc.tokens[entity.token_end]
    word = after.text.lower()
    if not after.text[:1].isupper() or after.start != entity.end + 1:
        return []
    if word not in words.place_heads and word not in words.admin:
        return []
    return gazetteer.candidates(f"{entity.text} {after.text}")


def _after_admin_of(entity: Entity, doc: Document, words: _Words) -> bool:
    start = entity.token_start
    return (
        start > 1
        and doc.tokens[start - 1].text == "of"
        and doc.tokens[start - 2].text.lower() in words.admin_of
    )


def _country_evidence(doc: Document, mentions: list[_Mention], gazetteer: Gazetteer) -> Counter:
    """How strongly the article is about each country (ISO3 -> weight)."""
    evidence: Counter = Counter()
    for mention in mentions:
        kinds = {c.entry.kind for c in mention.candidates}
        countries = {c.entry.place.country for c in mention.candidates if c.entry.place.country}
        if "country" in kinds and mention.kinds is None:
            for c in mention.candidates:
                if c.entry.kind == "country":
                    mention.own[c.entry.place.country] += 1.0
        elif len(countries) == 1:
            mention.own[countries.pop()] += 1.0
        evidence.update(mention.own)
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
    # What each name says, summed over its repetitions: "Innisfail" five times is one voice,
    # and a name does not vote for itself through its own repetitions.
    own_by_name: dict[str, Counter] = {}
    for mention in mentions:
        own_by_name.setdefault(place_key(mention.name), Counter()).update(mention.own)
    anchors: list[tuple[int, Place]] = []  # (mention position, its first-pass choice)
    if not first_pass:
        for position, mention in enumerate(mentions):
            if mention.candidates:
                best = max(range(len(mention.scores)), key=mention.scores.__getitem__)
                place = mention.candidates[best].entry.place
                if place.lat is not None and place.precision in ("city", "admin1"):
                    anchors.append((position, place))
    # One entry per distinct anchor place: an article naming Niamey 10,000 times has one
    # Niamey to measure distances to, not 10,000 (folded name, lat, lon) -> mention positions
    distinct: dict[tuple[str, float, float], list[int]] = {}
    for other, a in anchors:
        distinct.setdefault((place_key(a.name), a.lat, a.lon), []).append(other)
    readings = _list_readings(mentions, text)
    for position, mention in enumerate(mentions):
        container = _container(mentions, position, text)
        contained = _contained(mentions, position, text)
        shared = readings.get(position)
        for k, candidate in enumerate(mention.candidates):
            entry = candidate.entry
            place = entry.place
            pop = math.log10(entry.population + 10)
            if entry.kind in KIND_BASE:
                score = KIND_BASE[entry.kind]
            elif entry.kind == "admin1":
                # A bare province name is more often the province than a small namesake town;
                # division populations are partial (only listed cities), hence the floor.
                score = max(pop, 5.5) - (0.0 if mention.kinds else 0.5)
            else:
                score = pop + (1.0 if gazetteer.is_capital(place) else 0.0)
                if entry.population >= WORLD_CITY_POPULATION:
                    # London is London unless the text says otherwise: the article's leaning
                    # alone should not move a world city to a namesake town (by its own name;
                    # "Victoria" for Hong Kong or "Salisbury" for Harare is no such city).
                    score += 2.5 if candidate.primary else 1.5
            if candidate.primary:
                score += 1.0
            if place.lat is None:
                score -= 3.0
            if entry.kind not in ("region", "continent") and place.country:
                # what the rest of the article says: a name never votes for itself
                own = own_by_name[place_key(mention.name)].get(place.country, 0.0)
                others = evidence.get(place.country, 0.0) - own
                share = others / total
                score += 4.0 * share + (1.0 if share >= 0.4 else 0.0)
            if container is not None and entry.kind not in ("country", "region", "continent"):
                if place.country == container.country and (
                    container.precision == "country" or container.admin1 == place.admin1
                ):
                    score += 6.0
            if contained and entry.kind in ("country", "admin1") and place.country:
                # "Atlanta, Georgia": the US state, which holds an Atlanta; not the country
                if any(
                    place.country == inner.country
                    and (entry.kind == "country" or inner.admin1 == place.admin1)
                    for inner in contained
                ):
                    score += 3.0
            if shared is not None and _reading(entry) == shared:
                score += LIST_BONUS
            # The ruler's id for a country or division is a reading of the name; for a town it
            # is only the most populous namesake, which the population term already counts.
            ruler = mention.entity.ent_id
            if ruler and entry.kind != "city" and ruler == _ruler_id(entry):
                score += 1.0
            if distinct and entry.kind in ("city", "admin1") and place.lat is not None:
                name = place_key(place.name)
                near = min(
                    (
                        haversine_km(place.lat, place.lon, lat, lon)
                        for (folded, lat, lon), where in distinct.items()
                        if folded != name and where != [position]
                    ),
                    default=None,
                )
                if near is not None:
                    score += 2.0 if near < 200 else 1.0 if near < 600 else 0.0
            mention.scores[k] = score


def _contained(mentions: list[_Mention], position: int, text: str) -> list[Place]:
    """Towns of the place written right before this one as its content ("Atlanta, Georgia")."""
    if position == 0:
        return []
    before, here = mentions[position - 1], mentions[position].entity
    if not _CONTAINER_GAP.match(text[before.entity.end : here.start]):
        return []
    return [c.entry.place for c in before.candidates if c.entry.kind in ("city", "admin1")]


def _reading(entry) -> tuple[str, str | None]:
    """What a list's members share: all countries, or divisions/towns of one country."""
    if entry.kind in ("country", "region", "continent"):
        return (entry.kind, None)
    return (entry.kind, entry.place.country)


_KIND_RANK = {"city": 0, "admin1": 1, "region": 2, "continent": 2, "country": 3}


def _list_readings(mentions: list[_Mention], text: str) -> dict[int, tuple[str, str | None]]:
    """The reading most members of a list of places can share, per member.

    "British Columbia, Alberta, Manitoba, Ontario and New Brunswick" are Canadian provinces,
    not the Californian town of Ontario; "Texas and Georgia" are US states; "Mali, Niger, and
    Senegal" are countries. A list is three or more names joined by commas/and/or, or two
    joined by and/or ("Gao, Mali" is a container, not a list). The shared reading must be
    open to at least two thirds of the members.
    """
    chains: list[list[int]] = []
    for position in range(len(mentions)):
        if position and _LIST_GAP.match(
            text[mentions[position - 1].entity.end : mentions[position].entity.start]
        ):
            chains[-1].append(position)
        else:
            chains.append([position])
    out: dict[int, tuple[str, str | None]] = {}
    for chain in chains:
        if len(chain) < 2:
            continue
        if len(chain) == 2:
            gap = text[mentions[chain[0]].entity.end : mentions[chain[1]].entity.start]
            if gap.strip(" ,").removesuffix(" the").strip() not in ("and", "or"):
                continue
        counts: Counter = Counter()
        for position in chain:
            # A reading only an alternate spelling offers ("New York" for New York City, "San
            # Juan" for San Juan Cosalá) is no evidence of what the list is about.
            candidates = mentions[position].candidates
            primary = [c for c in candidates if c.primary] or candidates
            # dict, not set: ties go to the first reading in candidate order, run after run
            counts.update(list(dict.fromkeys(_reading(c.entry) for c in primary)))
        if not counts:
            continue
        # On a tie the larger kind: names that can all be states are states ("California or
        # Washington"), not towns that happen to share their names.
        reading, count = max(counts.items(), key=lambda rc: (rc[1], _KIND_RANK[rc[0][0]]))
        if count >= max(2, math.ceil(2 * len(chain) / 3)):
            out.update(dict.fromkeys(chain, reading))
    return out


def _container(mentions: list[_Mention], position: int, text: str) -> Place | None:
    """The place written right after this one as its container ("Gao, Mali")."""
    if position + 1 >= len(mentions):
        return None
    here, after = mentions[position].entity, mentions[position + 1]
    if not _CONTAINER_GAP.match(text[here.end : after.entity.start]):
        return None
    # "China, Japan": a country name before a country is a list, not a town in the second.
    kinds = ("admin1",) if _names_country(mentions[position]) else ("country", "admin1")
    best = None
    for k, candidate in enumerate(after.candidates):
        if candidate.entry.kind in kinds:
            if best is None or after.scores[k] > after.scores[best]:
                best = k
    return None if best is None else after.candidates[best].entry.place


def _names_country(mention: _Mention) -> bool:
    return any(c.primary and c.entry.kind == "country" for c in mention.candidates)


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

# Dependents that make a noun part of an actor phrase ("the U.S. presence", "Mali's army").
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "iobj", "agent", "attr", "appos", "dative"})
# A verb reached through these labels heads a clause of its own.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "xcomp", "acl", "conj", "parataxis", "csubj"})
# The least link score at which a sentence's place is the event's place.
LINK_THRESHOLD = 2.0
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "csubj"})
UNRECOGNIZED_PENALTY = 1.0
# Labels the small model gives little-known places ("Hama" ORG, "Palmyra" PERSON).
UNRECOGNIZED_PLACE_LABELS = frozenset(
    {"ORG", "PERSON", "FAC", "NORP", "PRODUCT", "EVENT", "LOC", "GPE"}
)
PRECISION_BONUS = {"city": 1.5, "admin1": 1.0, "country": 0.0, "region": -0.5}


def event_location(
    doc: Document,
    toponyms: list[Toponym],
    trigger_token: int,
    *,
    fallback: bool = True,
    avoid: Sequence[tuple[int, int]] = (),
    lexicon: Lexicon | None = None,
) -> tuple[Place, tuple[int, int] | None] | None:
    """Where the event whose trigger is `doc.tokens[trigger_token]` happened.

    A toponym of the trigger's sentence counts only when the parse links it to the trigger's
    clause: best governed by the trigger through a locative preposition ("attacked ... in Gao"),
    else reached from the trigger without crossing into another clause; a place that only
    modifies an actor ("Mali's army", "Russian trainers", "the U.S. presence") never counts.
    "In the country" / "the capital" stand for the article's main country and its capital, and
    are returned without a span (the sentence does not name the place). With `fallback` an
    event no sentence place is linked to gets the main place of its paragraph or article,
    also without a span; without it (evaluation against "no location in the sentence") None.
    `avoid`: character spans of the event's parties ("called on Turkey", "the United States'
    killing of…"): a place named as a party is not where the event happened.
    `lexicon`: the word classes to read (by default the built-in lexicon).
    """
    if not 0 <= trigger_token < len(doc.tokens):
        return None
    words = _words(lexicon)
    trigger = doc.tokens[trigger_token]
    position = bisect_right(doc.sentences, trigger_token, key=lambda s: s.token_start) - 1
    sentence = doc.sentences[position] if position >= 0 else None
    if sentence is not None and not sentence.token_start <= trigger_token < sentence.token_end:
        sentence = None
    resolved = [t for t in toponyms if t.place is not None]
    if sentence is not None:
        in_sentence = [
            t if t.place is not None else replace(t, place=_unlocated(t, resolved))
            for t in toponyms
            if sentence.start <= t.start < sentence.end and not _overlaps(t, avoid)
        ]
        scored = [(_location_score(doc, t, trigger, words), t) for t in in_sentence]
        for entity in _unrecognized_places(doc, sentence, in_sentence, words):
            if _overlaps(entity, avoid):
                continue
            # Less sure to be a place than a recognized toponym: it yields to one linked as well.
            named = Toponym(entity.text, entity.start, entity.end, None)
            named = replace(named, place=_unlocated(named, resolved))
            link = _location_score(doc, named, trigger, words)
            scored.append((link - UNRECOGNIZED_PENALTY, named))
        scored = [(score, t) for score, t in scored if score >= LINK_THRESHOLD]
        if scored:
            score, best = max(scored, key=lambda pair: (pair[0], -pair[1].start))
            # Of the names in one phrase, the one that names it ("the West Bank town of
            # Hebron", "Mogadishu's Yaqshid district") over its container or neighbour.
            node, rank = _naming_rank(doc, best, words)
            for other_score, other in scored:
                other_node, other_rank = _naming_rank(doc, other, words)
                if other_node == node and other_rank < rank:
                    score, best, rank = other_score, other, other_rank
            confidence = max(0.1, min(0.95, 0.5 + score / 20)) * best.place.confidence
            return replace(best.place, confidence=round(confidence, 3)), (best.start, best.end)
        anaphor = _anaphoric_place(doc, sentence, trigger, resolved, words)
        if anaphor is not None:
            return replace(anaphor, confidence=round(0.6 * anaphor.confidence, 3)), None
    if not fallback:
        return None
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


def _overlaps(named: Toponym | Entity, spans: Sequence[tuple[int, int]]) -> bool:
    return any(named.start < end and start < named.end for start, end in spans)


def _unrecognized_places(
    doc: Document, sentence, toponyms: list[Toponym], words: _Words
) -> list[Entity]:
    """Names of the sentence the toponym stage passed over that the text still presents as
    places: a name ending in a place word ("Al-Assad Suburb", "Kuweires Military Airport",
    "Deir Ezzor Governorate"), or a name the small model mis-tagged as a person or an
    organisation right after a locative preposition ("in Hama", "near Palmyra")."""
    taken = [(t.start, t.end) for t in toponyms]
    found = []
    for entity in doc.sentence_entities(sentence):
        if entity.label not in UNRECOGNIZED_PLACE_LABELS or not entity.text[:1].isupper():
            continue
        if any(entity.start < end and start < entity.end for start, end in taken):
            continue
        last = entity.text.split()[-1].lower()
        named = len(entity.text.split()) > 1 and (
            last in words.place_heads or last in words.admin or last in words.facility
        )
        before = doc.tokens[entity.token_start - 1] if entity.token_start > 0 else None
        # a person's or organization's name is a place only after "in", "at", "near"…:
        # "apologized to Duterte", "posted on Twitter" name no place
        preps = words.placing.get(entity.label, words.locative)
        placed = (
            before is not None
            and before.lemma in preps
            and before.lemma not in words.origin
            and doc.tokens[entity.token_end - 1].head == before.i
        )
        if named or placed:
            found.append(entity)
    return found


def _unlocated(toponym: Toponym, resolved: list[Toponym]) -> Place:
    """A place the text names but the gazetteer lacks ("Al-Bayaa"): named, not located; its
    country is the article's main one, with a low confidence."""
    return Place(
        name=toponym.name,
        geonameid=None,
        lat=None,
        lon=None,
        country=main_country(resolved),
        precision="point",
        feature=None,
        confidence=0.2,
    )


def _head_of(doc: Document, start: int, end: int) -> Token | None:
    # Tokens are in text order: find the span by bisection, not by scanning the article.
    first = bisect_left(doc.tokens, start, key=lambda t: t.start)
    tokens = []
    for t in doc.tokens[first:]:
        if t.start >= end:
            break
        if t.end <= end:
            tokens.append(t)
    if not tokens:
        return None
    span_ids = {t.i for t in tokens}
    return next((t for t in tokens if t.head not in span_ids or t.head == t.i), tokens[0])


def _path_to_trigger(doc: Document, head: Token, trigger: Token) -> list[Token] | None:
    """Tokens from `head` up to the trigger, or None when the trigger is not above it."""
    path = [head]
    node = head
    for _ in range(12):
        if node.i == trigger.i:
            return path
        if node.head == node.i:
            return None
        node = doc.tokens[node.head]
        path.append(node)
    return None


def _climb(doc: Document, head: Token, words: _Words) -> Token:
    """The head of the phrase a toponym stands for as a location.

    "the town of Sheikhupura", "a Baghdad restaurant", "Kabul city", "the capital, Abidjan",
    "Syria and Iraq": the place is where the larger phrase is, so its head takes the toponym's
    role (a preposition governing "town" governs Sheikhupura).
    """
    return _climb_ranked(doc, head, words)[0]


def _climb_ranked(doc: Document, head: Token, words: _Words) -> tuple[Token, int]:
    """`_climb`, with how directly the toponym names the phrase it climbed to.

    0: it is the phrase's head or its name ("the town of Hebron", "Gao, a town", "Syria and
    Iraq"); 1: a compound name of the noun ("the Yaqshid district"); 2: only a modifier or a
    reference point ("the Somali town of ...", "Mogadishu's ... district", "110 km east of
    Algiers"), which names a container or a neighbour rather than the place itself.
    """
    node, rank = head, 0
    for _ in range(6):
        if node.head == node.i:
            break
        governor = doc.tokens[node.head]
        if node.dep == "pobj" and governor.lemma == "of" and governor.head != governor.i:
            above = doc.tokens[governor.head]
            if above.pos in ("NOUN", "PROPN") and above.lemma in words.location_nouns:
                if above.lemma in words.direction:
                    rank = 2
                node = above
                continue
            break
        if node.dep in MODIFIER_DEPS and governor.lemma in words.location_nouns:
            rank = max(rank, 1 if node.dep == "compound" else 2)
            node = governor
        elif node.dep in ("appos", "conj") and governor.pos in ("NOUN", "PROPN"):
            node = governor
        else:
            break
    return node, rank


def _naming_rank(doc: Document, toponym: Toponym, words: _Words) -> tuple[int, int]:
    """The phrase a toponym stands for (its head's index) and how directly it names it."""
    head = _head_of(doc, toponym.start, toponym.end)
    if head is None:
        return -1, 3
    node, rank = _climb_ranked(doc, head, words)
    return node.i, rank


def _location_score(doc: Document, toponym: Toponym, trigger: Token, words: _Words) -> float:
    """How firmly the parse ties this toponym to the trigger's clause (below 2: not at all).

    Scores from 2 to 3 are the weak links, taken only when nothing firmer is found: a place
    in a clause the trigger's event continues into, a place that only names where a locative
    noun is, the origin of a movement.
    """
    head = _head_of(doc, toponym.start, toponym.end)
    if head is None:
        return -10.0
    node = _climb(doc, head, words)
    governor = doc.tokens[node.head]
    agent = governor.dep == "agent" or (governor.lemma == "by" and trigger.tag == "VBN")
    prep = governor.lemma if node.dep == "pobj" and not agent else ""
    locative = prep in words.locative and prep not in words.origin
    precision = toponym.place.precision if toponym.place is not None else "country"
    bonus = PRECISION_BONUS.get(precision, 0.0)
    if node.i == trigger.i:
        return 6.0 + bonus  # "the Gaza offensive" is the trigger's own modifier
    path = _path_to_trigger(doc, node, trigger)
    if path is None:
        # Hung on a word above the trigger: "A bomb exploded ... in Sheikhupura, killing six"
        # (the locative belongs to "exploded", whose clause the trigger continues).
        if _clause_between(doc, node, trigger):
            return 0.0
        if locative:
            return 3.5 + bonus - abs(node.i - trigger.i) / 20.0
        if node.dep == "dobj" and _continues(doc, trigger, doc.tokens[node.head]):
            # "Two car bombs struck the city of Kerbala, killing five": the object of the
            # event the trigger's participle or infinitive continues.
            return 2.8 - abs(node.i - trigger.i) / 100.0
        return 0.0
    steps = len(path) - 1
    clauses = [t for t in path[1:-1] if t.dep in CLAUSE_DEPS and t.pos in ("VERB", "AUX")]
    if clauses:
        # A place inside another clause: a relative clause or a reported one has events of its
        # own, but an adverbial clause ("shot when their vehicle was ambushed in X"), an
        # infinitive ("tried to ambush a patrol near X") or a verb coordinated under the same
        # subject ("was shot and killed in X") usually happened where the trigger's event did.
        if locative and len(clauses) == 1 and _continues(doc, clauses[0], trigger):
            return 2.5 - abs(node.i - trigger.i) / 100.0
        return 1.0
    if agent or (node.dep == "nsubj" and steps == 1):
        return 0.0  # "Israel captured ...", "captured by Israel": an actor
    if any(t.dep in SUBJECT_DEPS for t in path[:-1]) and prep and not locative:
        return 0.0  # "fighters of Syria were killed", "troops from Chad attacked": the actor's
    if node.dep in MODIFIER_DEPS and steps >= 1:
        # "Mali's army attacked", "Russian trainers arrived", "recognized the U.S. presence":
        # part of an actor or recipient ("a Baghdad restaurant" climbed to its noun above).
        # But a modifier of a locative's noun names where that is: "in the Harare township".
        if node.dep in ("compound", "nmod") and _locative_object(doc, governor, words):
            return 2.6 - steps / 100.0
        return 0.0
    if prep in words.origin:
        # "captured the Golan Heights from Syria": the origin, not where the event happened;
        # taken only when it is the trigger's own and nothing else is ("marched from Geneva").
        return 2.2 if steps == 2 else 0.0
    if prep and not locative and prep != "of":
        return 0.0  # "a border with Sudan", "pressure on Russia": not a place of the event
    score = 8.0 - min(steps, 5) + bonus
    if locative:
        score += 5.0
    elif node.dep in ("dobj", "nsubjpass"):
        score += 1.0  # "captured Mosul", "Aleppo was shelled"
    return score


def _locative_object(doc: Document, noun: Token, words: _Words) -> bool:
    """Whether the noun is the object of a locative preposition ("near the Abuja home")."""
    if noun.dep != "pobj" or noun.head == noun.i:
        return False
    prep = doc.tokens[noun.head].lemma
    return prep in words.locative and prep not in words.origin


def _continues(doc: Document, clause: Token, governor: Token) -> bool:
    """Whether the clause headed by `clause`, right under `governor`, continues its event.

    Adverbial clauses and infinitives do ("struck Kerbala, killing five"; "patrol Kabul to
    make it safe"), and so does a verb coordinated without a subject of its own ("was shot
    and killed in Nassau"); relative, reported and clausal subjects do not.
    """
    if clause.head != governor.i:
        return False
    if clause.dep in ("advcl", "xcomp"):
        return True
    if clause.dep != "conj":
        return False
    lo, hi = max(0, clause.i - 30), min(len(doc.tokens), clause.i + 30)
    return not any(
        t.head == clause.i and t.dep in ("nsubj", "nsubjpass", "expl") for t in doc.tokens[lo:hi]
    )


def _clause_between(doc: Document, node: Token, trigger: Token) -> bool:
    """Whether a verb that is not above the trigger governs `node` (another clause's place)."""
    above_trigger = set()
    walker = trigger
    for _ in range(20):
        above_trigger.add(walker.i)
        if walker.head == walker.i:
            break
        walker = doc.tokens[walker.head]
    walker = node
    for _ in range(20):
        if walker.i in above_trigger:
            return False
        if walker.i != node.i and walker.pos in ("VERB", "AUX"):
            return True
        if walker.head == walker.i:
            return True
        walker = doc.tokens[walker.head]
    return True


def _same_clause(doc: Document, token: Token, trigger: Token) -> bool:
    """Whether `token` sits in the trigger's clause (below it, or beside it under one head)."""
    node = token
    for _ in range(12):
        if node.i == trigger.i:
            return True
        if node.pos in ("VERB", "AUX") and node.i != trigger.i:
            return False
        if node.head == node.i:
            return False
        node = doc.tokens[node.head]
    return False


def _anaphoric_place(
    doc: Document, sentence, trigger: Token, resolved: list[Toponym], words: _Words
) -> Place | None:
    """ "in the country" / "near the capital" in the trigger's clause -> the main country."""
    for token in doc.sentence_tokens(sentence):
        if token.lemma not in words.country | words.capital or token.dep != "pobj":
            continue
        prep = doc.tokens[token.head]
        if prep.lemma not in words.locative or not _same_clause(doc, prep, trigger):
            continue
        if not any(doc.tokens[k].lemma == "the" for k in range(max(0, token.i - 2), token.i)):
            continue
        iso3 = main_country(resolved)
        if iso3 is None:
            return None
        if token.lemma in words.capital:
            capital = next(
                (
                    t.place
                    for t in resolved
                    if t.place.country == iso3
                    and t.place.precision == "city"
                    and t.start < token.start
                ),
                None,
            )
            if capital is not None:
                return capital
        country = next(
            (
                t.place
                for t in resolved
                if t.place.country == iso3 and t.place.precision == "country"
            ),
            None,
        )
        return country
    return None


def main_country(toponyms: list[Toponym]) -> str | None:
    """The article's main country: the one its resolved places name most, earlier ones first."""
    votes: Counter = Counter()
    for position, t in enumerate(toponyms):
        if t.place is not None and t.place.country:
            votes[t.place.country] += 1.0 + 1.0 / (1 + position)
    return votes.most_common(1)[0][0] if votes else None


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
