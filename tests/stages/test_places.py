"""Toponym resolution and event location on hand-built documents (no model)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from lapwing.gazetteer import Gazetteer
from lapwing.records import Article, Document, Entity, Sentence, Token
from lapwing.stages.places import event_location, resolve_toponyms


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def make_doc(text: str, ents=(), deps=None) -> Document:
    """Tokens by regex; `ents` = [(surface, label[, ent_id])]; `deps` = {i: (head, dep)}."""
    deps = deps or {}
    matches = list(re.finditer(r"\w+|[^\w\s]", text))
    tokens = []
    for i, m in enumerate(matches):
        head, dep = deps.get(i, (i, "ROOT"))
        tokens.append(
            Token(i, m.group(), m.group().lower(), "PROPN", "NNP", dep, head, m.start(), m.end())
        )
    entities = []
    cursor = 0
    for surface, label, *rest in ents:
        start = text.index(surface, cursor)
        end = start + len(surface)
        cursor = end
        first = next(t.i for t in tokens if t.start >= start)
        last = max(t.i for t in tokens if t.end <= end) + 1
        entities.append(Entity(label, surface, start, end, first, last, rest[0] if rest else ""))
    sentence = Sentence(0, 0, len(text), text, 0, len(tokens))
    return Document(Article("t", text), tuple(tokens), (sentence,), tuple(entities))


def places(doc, gazetteer):
    return {t.name: t.place for t in resolve_toponyms(doc, gazetteer)}


def test_niger_is_the_country(gazetteer):
    doc = make_doc(
        "Russian trainers arrived in Niger on Friday.", [("Russian", "NORP"), ("Niger", "GPE")]
    )
    got = places(doc, gazetteer)
    assert got["Niger"].country == "NER" and got["Niger"].precision == "country"


def test_niger_state_is_the_nigerian_state(gazetteer):
    doc = make_doc("Gunmen attacked a village in Niger State.", [("Niger State", "GPE")])
    place = places(doc, gazetteer)["Niger State"]
    assert place.country == "NGA" and place.precision == "admin1"


def test_niger_river_is_no_settlement(gazetteer):
    doc = make_doc("Boats sank on the Niger River.", [("Niger River", "LOC")])
    assert places(doc, gazetteer)["Niger River"] is None


def test_gao_mali_is_the_malian_city(gazetteer):
    doc = make_doc("Jihadists struck Gao, Mali, overnight.", [("Gao", "GPE"), ("Mali", "GPE")])
    gao = places(doc, gazetteer)["Gao"]
    assert gao.country == "MLI" and gao.precision == "city"


def test_niamey_nigers_capital(gazetteer):
    doc = make_doc(
        "Protesters gathered in Niamey, Niger's capital.", [("Niamey", "GPE"), ("Niger", "GPE")]
    )
    got = places(doc, gazetteer)
    assert got["Niamey"].country == "NER" and got["Niamey"].precision == "city"
    assert got["Niger"].precision == "country"


def test_the_sahel_is_a_region(gazetteer):
    doc = make_doc("Violence is spreading across the Sahel.", [("the Sahel", "LOC")])
    place = places(doc, gazetteer)["the Sahel"]
    assert place.precision == "region" and place.feature == "region"


def test_demonyms_are_not_toponyms(gazetteer):
    doc = make_doc("Russian and Malian officers met.", [("Russian", "NORP"), ("Malian", "NORP")])
    assert resolve_toponyms(doc, gazetteer) == []


def test_article_country_context_picks_the_namesake(gazetteer):
    # "Tripoli" alone is Libya's capital; an article about Lebanon means Lebanon's Tripoli.
    text = "Lebanon's army deployed in Tripoli after clashes near Beirut."
    doc = make_doc(text, [("Lebanon", "GPE"), ("Tripoli", "GPE"), ("Beirut", "GPE")])
    assert places(doc, gazetteer)["Tripoli"].country == "LBN"
    alone = make_doc("Clashes erupted in Tripoli.", [("Tripoli", "GPE")])
    assert places(alone, gazetteer)["Tripoli"].country == "LBY"


@pytest.mark.parametrize("name", ["Qwzxlandia", "Москва", "北京市", "???", "X"])
def test_unknown_names_resolve_to_none_without_crashing(gazetteer, name):
    doc = make_doc(f"They went to {name} yesterday.", [(name, "GPE")])
    got = resolve_toponyms(doc, gazetteer)
    assert all(t.place is None for t in got)


def test_confidence_is_a_probability(gazetteer):
    doc = make_doc("Fighting in Paris and Tripoli.", [("Paris", "GPE"), ("Tripoli", "GPE")])
    for toponym in resolve_toponyms(doc, gazetteer):
        assert 0.0 < toponym.place.confidence <= 1.0


def test_event_location_follows_the_locative_preposition(gazetteer):
    # Malian(0) soldiers(1) attacked(2) militants(3) in(4) Gao(5) .(6)
    text = "Malian soldiers attacked militants in Gao."
    deps = {
        0: (1, "amod"),
        1: (2, "nsubj"),
        3: (2, "dobj"),
        4: (2, "prep"),
        5: (4, "pobj"),
        6: (2, "punct"),
    }
    doc = make_doc(text, [("Malian", "NORP"), ("Gao", "GPE")], deps)
    toponyms = resolve_toponyms(doc, gazetteer)
    place, span = event_location(doc, toponyms, trigger_token=2)
    assert place.country == "MLI" and place.precision == "city"
    assert text[span[0] : span[1]] == "Gao"


def test_event_location_prefers_the_locative_over_an_actor_modifier(gazetteer):
    # Mali(0) 's(1) army(2) attacked(3) a(4) camp(5) near(6) Kidal(7) .(8)
    text = "Mali's army attacked a camp near Kidal."
    deps = {
        0: (2, "poss"),
        1: (0, "case"),
        2: (3, "nsubj"),
        4: (5, "det"),
        5: (3, "dobj"),
        6: (5, "prep"),
        7: (6, "pobj"),
        8: (3, "punct"),
    }
    doc = make_doc(text, [("Mali", "GPE"), ("Kidal", "GPE")], deps)
    place, span = event_location(doc, resolve_toponyms(doc, gazetteer), trigger_token=3)
    assert text[span[0] : span[1]] == "Kidal"


def test_event_location_without_a_place_is_none(gazetteer):
    doc = make_doc("Soldiers attacked the camp.")
    assert event_location(doc, resolve_toponyms(doc, gazetteer), trigger_token=1) is None
    assert event_location(doc, [], trigger_token=99) is None


def test_lowercase_fragments_and_demonyms_tagged_gpe_are_dropped(gazetteer):
    doc = make_doc("They haven't met the Emirati trainer.", [("n't", "GPE"), ("Emirati", "GPE")])
    assert resolve_toponyms(doc, gazetteer) == []


def test_a_person_tagged_place_after_in_is_a_toponym(gazetteer):
    doc = make_doc("Fighting raged in Niamey overnight.", [("Niamey", "PERSON")])
    got = places(doc, gazetteer)
    assert got["Niamey"].country == "NER"


def test_a_place_in_the_actor_phrase_is_not_the_location(gazetteer):
    text = "Mali's army attacked."
    # Mali(0) 's(1) army(2) attacked(3) .(4)
    deps = {0: (2, "poss"), 1: (0, "case"), 2: (3, "nsubj"), 4: (3, "punct")}
    doc = make_doc(text, [("Mali", "GPE")], deps)
    toponyms = resolve_toponyms(doc, gazetteer)
    assert event_location(doc, toponyms, trigger_token=3, fallback=False) is None
    place, span = event_location(doc, toponyms, trigger_token=3)  # the article's main place
    assert place.country == "MLI" and span is None


def test_a_place_in_another_clause_is_not_the_location(gazetteer):
    # Troops(0) attacked(1) a(2) camp(3) that(4) militants(5) built(6) in(7) Gao(8) .(9)
    text = "Troops attacked a camp that militants built in Gao."
    deps = {
        0: (1, "nsubj"),
        2: (3, "det"),
        3: (1, "dobj"),
        4: (6, "dobj"),
        5: (6, "nsubj"),
        6: (3, "relcl"),
        7: (6, "prep"),
        8: (7, "pobj"),
        9: (1, "punct"),
    }
    doc = make_doc(text, [("Gao", "GPE")], deps)
    for t in ("VERB",):
        doc = Document(
            doc.article,
            tuple(replace(tok, pos=t) if tok.i in (1, 6) else tok for tok in doc.tokens),
            doc.sentences,
            doc.entities,
        )
    toponyms = resolve_toponyms(doc, gazetteer)
    assert event_location(doc, toponyms, trigger_token=6, fallback=False)[1] is not None
    assert event_location(doc, toponyms, trigger_token=1, fallback=False) is None


def test_the_town_of_x_is_a_locative(gazetteer):
    # Gunmen(0) struck(1) in(2) the(3) town(4) of(5) Kidal(6) .(7)
    text = "Gunmen struck in the town of Kidal."
    deps = {
        0: (1, "nsubj"),
        2: (1, "prep"),
        3: (4, "det"),
        4: (2, "pobj"),
        5: (4, "prep"),
        6: (5, "pobj"),
        7: (1, "punct"),
    }
    doc = make_doc(text, [("Kidal", "GPE")], deps)
    place, span = event_location(doc, resolve_toponyms(doc, gazetteer), 1, fallback=False)
    assert text[span[0] : span[1]] == "Kidal" and place.country == "MLI"


def test_in_the_country_means_the_main_country(gazetteer):
    # Niger(0) expelled(1) troops(2) .(3) Protests(4) spread(5) in(6) the(7) country(8) .(9)
    text = "Niger expelled troops. Protests spread in the country."
    deps = {
        0: (1, "nsubj"),
        2: (1, "dobj"),
        3: (1, "punct"),
        4: (5, "nsubj"),
        6: (5, "prep"),
        7: (8, "det"),
        8: (6, "pobj"),
        9: (5, "punct"),
    }
    doc = make_doc(text, [("Niger", "GPE", "country:NER")], deps)
    tokens = tuple(replace(t, lemma="the") if t.i == 7 else t for t in doc.tokens)
    sentences = (Sentence(0, 0, 22, text[:22], 0, 4), Sentence(1, 23, len(text), text[23:], 4, 10))
    doc = Document(doc.article, tokens, sentences, doc.entities)
    place, span = event_location(doc, resolve_toponyms(doc, gazetteer), 5, fallback=False)
    assert place.country == "NER" and place.precision == "country" and span is None


def test_a_place_inside_a_longer_name_is_no_toponym(gazetteer):
    doc = make_doc("Reporters at The Washington Post said so.", [("Washington", "GPE")])
    assert resolve_toponyms(doc, gazetteer) == []
    doc = make_doc("He met Vladimir Putin twice.", [("Vladimir", "GPE")])
    assert resolve_toponyms(doc, gazetteer) == []


def test_a_title_or_place_word_after_the_name_keeps_the_place(gazetteer):
    doc = make_doc("Then US President Obama spoke.", [("US", "GPE", "country:USA")])
    assert places(doc, gazetteer)["US"].country == "USA"
    doc = make_doc("A car was parked in Beverly Hills yesterday.", [("Beverly Hills", "GPE")])
    place = places(doc, gazetteer)["Beverly Hills"]
    assert place.country == "USA" and place.precision == "city"


def test_an_unknown_one_word_name_needs_a_place_context(gazetteer):
    doc = make_doc("Dubreuil had a canal dug.", [("Dubreuil", "GPE")])
    assert resolve_toponyms(doc, gazetteer) == []
    doc = make_doc("They live in Balintawak now.", [("Balintawak", "GPE")])
    assert [t.name for t in resolve_toponyms(doc, gazetteer)] == ["Balintawak"]


def test_a_list_shares_one_reading(gazetteer):
    doc = make_doc(
        "Illnesses occurred in Texas and Georgia.", [("Texas", "GPE"), ("Georgia", "GPE")]
    )
    georgia = places(doc, gazetteer)["Georgia"]
    assert georgia.country == "USA" and georgia.precision == "admin1"
    text = "Cases in Alberta, Manitoba, Ontario and Quebec rose."
    doc = make_doc(text, [(n, "GPE") for n in ("Alberta", "Manitoba", "Ontario", "Quebec")])
    assert places(doc, gazetteer)["Ontario"].country == "CAN"


def test_a_container_that_holds_the_town_before_it(gazetteer):
    doc = make_doc(
        "Samples went to Atlanta, Georgia, for tests.",
        [("Atlanta", "GPE"), ("Georgia", "GPE", "country:GEO")],
    )
    got = places(doc, gazetteer)
    assert got["Georgia"].country == "USA" and got["Atlanta"].country == "USA"


def test_dateline_abbreviations(gazetteer):
    doc = make_doc("RALEIGH, N.C. (AP) - A report shows", [("RALEIGH", "GPE"), ("N.C.", "GPE")])
    got = places(doc, gazetteer)
    assert got["N.C."].name == "North Carolina" and got["RALEIGH"].country == "USA"


def test_a_country_before_a_country_is_a_list_not_a_container(gazetteer):
    # "China" is also a Japanese town; "China, Japan, and the United Kingdom" lists countries
    doc = make_doc(
        "Many countries, among them China, Japan, and the United Kingdom, have warned the WHO.",
        [("China", "GPE"), ("Japan", "GPE"), ("United Kingdom", "GPE")],
    )
    got = places(doc, gazetteer)
    assert got["China"].country == "CHN" and got["China"].precision == "country"


def test_the_state_of_x_is_the_division(gazetteer):
    doc = make_doc("The case was found in the state of Washington.", [("Washington", "GPE")])
    place = places(doc, gazetteer)["Washington"]
    assert place.precision == "admin1" and place.admin1 == "Washington"


def test_names_that_can_all_be_states_are_states(gazetteer):
    doc = make_doc(
        "Jobs moved from western states such as California or Washington.",
        [("California", "GPE"), ("Washington", "GPE")],
    )
    got = places(doc, gazetteer)
    assert got["California"].precision == "admin1" and got["Washington"].precision == "admin1"


def test_a_us_county_by_its_full_name(gazetteer):
    doc = make_doc(
        "Orange County, California, voted early.", [("Orange County", "GPE"), ("California", "GPE")]
    )
    place = places(doc, gazetteer)["Orange County"]
    assert place.country == "USA" and place.admin1 == "California"


def test_a_name_the_tagger_cut_short_is_read_whole(gazetteer):
    doc = make_doc("Trudeau spoke to reporters in Quebec City.", [("Quebec", "GPE")])
    place = places(doc, gazetteer)["Quebec"]
    assert place.country == "CAN" and place.precision == "city"


def test_an_unknown_place_inside_a_known_one_takes_its_point(gazetteer):
    doc = make_doc(
        "He was killed in the Crown Heights neighborhood of Brooklyn.",
        [("Crown Heights", "GPE"), ("Brooklyn", "GPE")],
    )
    got = places(doc, gazetteer)
    crown, brooklyn = got["Crown Heights"], got["Brooklyn"]
    assert crown.country == "USA" and (crown.lat, crown.lon) == (brooklyn.lat, brooklyn.lon)
    assert crown.name == "Crown Heights" and crown.confidence <= 0.3


def test_oceans_and_seas_are_regions(gazetteer):
    doc = make_doc(
        "The virus is present in the Indian Ocean and the Mediterranean.",
        [("the Indian Ocean", "LOC"), ("the Mediterranean", "LOC")],
    )
    got = places(doc, gazetteer)
    assert got["the Indian Ocean"].precision == "region"
    assert got["the Mediterranean"].precision == "region"


def with_pos(doc: Document, pos: dict[int, str]) -> Document:
    tokens = tuple(replace(t, pos=pos[t.i]) if t.i in pos else t for t in doc.tokens)
    return Document(doc.article, tokens, doc.sentences, doc.entities)


def located_span(doc, gazetteer, trigger):
    found = event_location(doc, resolve_toponyms(doc, gazetteer), trigger, fallback=False)
    return None if found is None else doc.article.text[found[1][0] : found[1][1]]


def test_a_coordinated_verb_without_its_own_subject_shares_the_place(gazetteer):
    # He(0) was(1) shot(2) and(3) killed(4) on(5) Monday(6) in(7) Nassau(8) .(9)
    text = "He was shot and killed on Monday in Nassau."
    deps = {0: (2, "nsubjpass"), 1: (2, "auxpass"), 3: (2, "cc"), 4: (2, "conj")}
    deps |= {5: (4, "prep"), 6: (5, "pobj"), 7: (4, "prep"), 8: (7, "pobj"), 9: (2, "punct")}
    doc = with_pos(make_doc(text, [("Nassau", "GPE")], deps), {2: "VERB", 4: "VERB"})
    assert located_span(doc, gazetteer, 2) == "Nassau"


def test_a_coordinated_clause_with_its_own_subject_keeps_its_place(gazetteer):
    # Police(0) shot(1) a(2) man(3) and(4) protesters(5) marched(6) in(7) Gao(8) .(9)
    text = "Police shot a man and protesters marched in Gao."
    deps = {0: (1, "nsubj"), 2: (3, "det"), 3: (1, "dobj"), 4: (1, "cc"), 5: (6, "nsubj")}
    deps |= {6: (1, "conj"), 7: (6, "prep"), 8: (7, "pobj"), 9: (1, "punct")}
    doc = with_pos(make_doc(text, [("Gao", "GPE")], deps), {1: "VERB", 6: "VERB"})
    assert located_span(doc, gazetteer, 1) is None
    assert located_span(doc, gazetteer, 6) == "Gao"


def test_a_participle_continues_the_event_of_the_object_it_follows(gazetteer):
    # Two(0) car(1) bombs(2) struck(3) the(4) city(5) of(6) Kerbala(7) ,(8) killing(9) five(10)
    # people(11) .(12)
    text = "Two car bombs struck the city of Kerbala, killing five people."
    deps = {0: (2, "nummod"), 1: (2, "compound"), 2: (3, "nsubj"), 4: (5, "det"), 5: (3, "dobj")}
    deps |= {6: (5, "prep"), 7: (6, "pobj"), 8: (3, "punct"), 9: (3, "advcl")}
    deps |= {10: (11, "nummod"), 11: (9, "dobj"), 12: (3, "punct")}
    doc = with_pos(make_doc(text, [("Kerbala", "GPE")], deps), {3: "VERB", 9: "VERB"})
    assert located_span(doc, gazetteer, 9) == "Kerbala"


def test_the_place_something_was_taken_from_is_not_the_event_place(gazetteer):
    # Israel(0) captured(1) the(2) Golan(3) Heights(4) from(5) Syria(6) in(7) 1967(8) .(9)
    text = "Israel captured the Golan Heights from Syria in 1967."
    deps = {0: (1, "nsubj"), 2: (4, "det"), 3: (4, "compound"), 4: (1, "dobj")}
    deps |= {5: (1, "prep"), 6: (5, "pobj"), 7: (1, "prep"), 8: (7, "pobj"), 9: (1, "punct")}
    ents = [("Israel", "GPE"), ("Golan Heights", "LOC"), ("Syria", "GPE")]
    doc = with_pos(make_doc(text, ents, deps), {1: "VERB"})
    assert located_span(doc, gazetteer, 1) == "Golan Heights"


def test_troops_from_a_country_do_not_place_the_event_there(gazetteer):
    # Troops(0) from(1) Chad(2) attacked(3) .(4)
    text = "Troops from Chad attacked."
    deps = {0: (3, "nsubj"), 1: (0, "prep"), 2: (1, "pobj"), 4: (3, "punct")}
    doc = with_pos(make_doc(text, [("Chad", "GPE")], deps), {3: "VERB"})
    assert located_span(doc, gazetteer, 3) is None


def test_the_name_of_the_district_wins_over_its_city(gazetteer):
    # Assassins(0) killed(1) an(2) administrator(3) in(4) Mogadishu(5) '(6) s(7) Yaqshid(8)
    # district(9) .(10)
    text = "Assassins killed an administrator in Mogadishu's Yaqshid district."
    deps = {0: (1, "nsubj"), 2: (3, "det"), 3: (1, "dobj"), 4: (3, "prep"), 5: (9, "poss")}
    deps |= {6: (5, "case"), 7: (6, "case"), 8: (9, "compound"), 9: (4, "pobj")}
    deps |= {10: (1, "punct")}
    ents = [("Mogadishu", "GPE"), ("Yaqshid", "GPE")]
    doc = with_pos(make_doc(text, ents, deps), {1: "VERB", 9: "NOUN"})
    assert located_span(doc, gazetteer, 1) == "Yaqshid"


def test_a_place_naming_a_locative_noun_is_the_event_place(gazetteer):
    # Gunmen(0) shot(1) a(2) man(3) in(4) a(5) Harare(6) township(7) .(8)
    text = "Gunmen shot a man in a Harare township."
    deps = {0: (1, "nsubj"), 2: (3, "det"), 3: (1, "dobj"), 4: (1, "prep"), 5: (7, "det")}
    deps |= {6: (7, "compound"), 7: (4, "pobj"), 8: (1, "punct")}
    doc = with_pos(make_doc(text, [("Harare", "GPE")], deps), {1: "VERB", 7: "NOUN"})
    assert located_span(doc, gazetteer, 1) == "Harare"


def test_a_facility_the_toponym_stage_missed_can_place_the_event(gazetteer):
    # Militants(0) attacked(1) the(2) Al(3) -(4) Zara(5) Power(6) Plant(7) .(8)
    text = "Militants attacked the Al-Zara Power Plant."
    deps = {0: (1, "nsubj"), 2: (7, "det"), 3: (5, "compound"), 4: (5, "punct")}
    deps |= {5: (7, "compound"), 6: (7, "compound"), 7: (1, "dobj"), 8: (1, "punct")}
    doc = with_pos(make_doc(text, [("Al-Zara Power Plant", "ORG")], deps), {1: "VERB"})
    place, span = event_location(doc, resolve_toponyms(doc, gazetteer), 1, fallback=False)
    assert text[span[0] : span[1]] == "Al-Zara Power Plant" and place.geonameid is None
