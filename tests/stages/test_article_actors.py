"""Article-level actor resolution: who is who across a whole article, compound parties,
people and organizations no table lists."""

from __future__ import annotations


def _of_type(events, event_type):
    return [e for e in events if e.event_type == event_type]


def _dyads(events, event_type):
    return {
        (e.actor.code if e.actor else None, e.recipient.code if e.recipient else None)
        for e in events
        if e.event_type == event_type
    }


def test_a_first_full_mention_defines_the_later_short_ones(code):
    text = (
        "Dutch Foreign Minister Anna Verbeek flew to Ankara on Monday. "
        "Later that day, Ms Verbeek criticised Turkey for jailing journalists."
    )
    events = code(text)
    accusations = _of_type(events, "ACCUSE")
    assert accusations, events
    assert accusations[0].actor.code == "NLDGOV"  # from "Dutch Foreign Minister", not Turkey
    assert accusations[0].recipient.country == "TUR"


def test_an_unlisted_person_takes_the_country_of_the_articles_people(code):
    # No table lists "Okafor"; the article's people are Nigerian, its places too.
    text = (
        "Nigerian President Muhammadu Buhari met governors in Abuja on Tuesday. "
        "Emeka Okafor accused the police of beating protesters in Lagos."
    )
    events = code(text, date="2020-10-20")
    accusations = _of_type(events, "ACCUSE")
    assert accusations and accusations[0].actor.country == "NGA"


def test_she_does_not_go_to_a_man(code):
    text = (
        "Bolivian Interior Minister Luis Morales met Peruvian Foreign Minister Ana Alvarez "
        "in Lima on Monday. Mr Morales and Ms Alvarez later spoke to reporters. "
        "On Tuesday she criticised Chile over the border closure."
    )
    events = code(text, date="2020-01-10")
    accusations = _of_type(events, "ACCUSE")
    assert accusations and accusations[0].actor.code == "PERGOV", accusations


def test_coordinated_parties_are_split_one_event_each(code):
    events = code("The United States, Japan and South Korea condemned North Korea on Monday.")
    dyads = _dyads(events, "ACCUSE")
    actors = {a[:3] for a, _ in dyads if a}
    assert actors == {"USA", "JPN", "KOR"}, dyads
    assert {r[:3] for _, r in dyads if r} == {"PRK"}
    events = code("Britain condemned Russia and Iran over the attack.")
    assert {r[:3] for _, r in _dyads(events, "ACCUSE") if r} == {"RUS", "IRN"}


def test_an_organization_named_for_its_kind(code):
    text = "Police in Kenya arrested the leaders of the Kisumu Traders Union on Monday."
    events = code(text, date="2021-03-01")
    arrests = _of_type(events, "COERCE")
    assert arrests and arrests[0].recipient.code == "KENLAB", arrests


def test_a_pronoun_object_is_not_its_own_subject(code):
    text = "Turkey condemned the German government, accusing it of sheltering militants."
    events = code(text, date="2017-03-20")
    accusing = [e for e in events if e.event_type == "ACCUSE" and e.rule.startswith("accuse")]
    assert accusing and accusing[0].recipient is not None
    assert accusing[0].recipient.code == "DEUGOV"


def test_a_participle_misparsed_after_a_name_keeps_its_subject(code):
    events = code(
        "Trump alleged on Saturday that Obama had wiretapped his phones.", date="2017-03-04"
    )
    accusations = _of_type(events, "ACCUSE")
    assert accusations and accusations[0].actor is not None
    assert accusations[0].actor.code == "USAGOV"


def test_police_belong_to_the_country_their_event_happens_in(code):
    text = (
        "Turkey's president criticised Turkish exiles in Europe on Friday. "
        "Police arrested three protesters in Frankfurt on Saturday."
    )
    events = code(text, date="2017-03-20")
    arrests = _of_type(events, "COERCE")
    assert arrests and arrests[0].actor.code == "DEUCOP", arrests


def test_a_verbal_attack_is_an_accusation(code):
    events = code("The president launched a blistering attack on the media on Thursday.")
    assert [e.event_type for e in events] == ["ACCUSE"], events


def test_an_event_counted_as_none_is_negated(code):
    events = code("There have been zero terrorist attacks on Ghana by foreign militants.")
    assert events and all(e.modality == "negated" for e in events)


def test_an_event_noun_predicated_of_a_subject_is_no_event(code):
    events = code("Officials said foreign militants are an existential threat to Kenya.")
    assert not [e for e in events if e.event_type == "THREATEN"]


def test_half_a_dyad_is_held_back_by_default(default_pipeline, pipeline):
    from lapwing.records import Article

    text = "The minister criticised the decision on Monday. Rebels attacked Goma."
    article = Article(id="d", text=text, date="2024-04-12", language="en")
    default = next(default_pipeline.code([article])).events
    everything = next(pipeline.code([article])).events
    # no one criticised: an ACCUSE with no recipient is no dyad to count
    assert "ACCUSE" in {e.event_type for e in everything}
    assert "ACCUSE" not in {e.event_type for e in default}
    # an attack keeps its place-less victim or its named attacker
    assert "ASSAULT" in {e.event_type for e in default}


def test_refraining_from_an_act_negates_it(code):
    events = code("The president refrained from criticising Iran on Monday.")
    assert events and all(e.modality == "negated" for e in events), events


def test_a_user_file_adds_an_honorific_to_the_builtin_ones(tmp_path):
    from lapwing.dictionaries import load_lexicon

    extra = tmp_path / "mine.tsv"
    extra.write_text("# version: 2026.12.1\nclass\tword\tnote\nfemale_honorific\tsenhora\t\n")
    lexicon = load_lexicon([extra])
    assert "senhora" in lexicon["female_honorific"]
    assert "senhora" not in load_lexicon()["female_honorific"]
