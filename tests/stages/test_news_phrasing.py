"""Ways real news words an event that sentence-level rules missed: a country by its compass
word, a that-clause the parser hung low, acts done by voting, since-phrases that only date,
keeping someone from acting, audiences granted, remarks against, missiles into the sea."""

from __future__ import annotations


def _dyads(events, event_type):
    return {
        (e.actor.code if e.actor else None, e.recipient.code if e.recipient else None)
        for e in events
        if e.event_type == event_type and e.realized
    }


def test_the_north_is_north_korea_once_the_article_names_it(code):
    text = (
        "North Korea and South Korea traded accusations on Monday. "
        "The South accused the North of violating the armistice."
    )
    assert ("KORGOV", "PRKGOV") in _dyads(code(text), "ACCUSE")
    # With no "North Korea" in the article, "the North" is no one
    alone = code("The South accused the North of violating the armistice.")
    assert not any(e.actor and e.actor.country == "PRK" for e in alone)


def test_the_accused_of_a_that_clause_the_parser_hung_low(code):
    text = (
        "\n\nTrump alleged on Saturday without evidence that former President Barack Obama "
        "wiretapped his phones."
    )
    accusations = [e for e in code(text, date="2017-03-04") if e.event_type == "ACCUSE"]
    assert accusations and accusations[0].recipient is not None
    assert accusations[0].recipient.name == "Barack Obama"


def test_a_chamber_that_voted_to_reject_rejected(code):
    events = code("The Senate voted on Tuesday to reject the president's budget plan.")
    assert [e for e in events if e.event_type == "REJECT" and e.realized]
    planned = code("The Senate will vote on Tuesday to reject the president's budget plan.")
    assert not [e for e in planned if e.event_type == "REJECT" and e.realized]


def test_since_an_event_dates_the_act_since_a_year_makes_it_background(code):
    dated = code(
        "Erdogan has made angry remarks against the Dutch since the incidents in Rotterdam."
    )
    assert ("TURGOV", "NLDGOV") in _dyads(dated, "ACCUSE")
    background = code("Erdogan has made angry remarks against the Dutch since 2015.")
    assert all(e.aspect == "habitual" for e in background if e.event_type == "ACCUSE")


def test_keeping_a_minister_from_entering_and_escorting_her_out(code):
    text = (
        "Dutch police stopped Turkey's family minister from entering the consulate in "
        "Rotterdam. She was later escorted out of the Netherlands."
    )
    events = code(text)
    coerced = [e for e in events if e.event_type == "COERCE" and e.realized]
    assert {e.rule for e in coerced} >= {"stop-from", "escort-out"}
    assert all(e.actor is not None and e.actor.country == "NLD" for e in coerced)


def test_granting_an_audience_hosts_a_visit(code):
    events = code("Russian President Vladimir Putin granted an audience to Marine Le Pen.")
    consult = [e for e in events if e.event_type == "CONSULT"]
    assert consult and consult[0].cameo == "043" and consult[0].actor.code == "RUSGOV"


def test_a_missile_fired_into_the_sea_is_a_show_of_force(code):
    events = code("North Korea fired four ballistic missiles into the sea on Monday.")
    assert [e.event_type for e in events if e.realized] == ["MOBILIZE"]
    attack = code("North Korea fired missiles at a South Korean island on Monday.")
    assert "ASSAULT" in {e.event_type for e in attack}


def test_a_warning_threatens_only_what_the_warner_would_do(code):
    danger = code(
        "China's foreign minister warned the U.S., South Korea and North Korea could be "
        "heading for conflict."
    )
    assert not _dyads(danger, "THREATEN")
    prediction = code("Britain warned that Russia would invade Ukraine within weeks.")
    assert not _dyads(prediction, "THREATEN")
    own = code("Iran warned the United States that it would retaliate against any strike.")
    assert ("IRNGOV", "USAGOV") in _dyads(own, "THREATEN") or ("IRN", "USAGOV") in _dyads(
        own, "THREATEN"
    )
    # The warner's own forces are the warner: the state threatens through its police
    forces = code("Cairo's security chief warned that police will no longer tolerate rallies.")
    assert _dyads(forces, "THREATEN")


def test_a_schedule_in_the_present_tense_is_not_yet_done(code):
    itinerary = code(
        "Tillerson arrived in Tokyo on Wednesday. After Tokyo, Tillerson visits South Korea. "
        "His final leg involves meetings with senior Chinese officials.",
        date="2017-03-15",
    )
    assert not _dyads(itinerary, "CONSULT") - {("USAGOV", "JPNGOV"), ("USAGOV", None)}
    visited = code("Tillerson visited South Korea on Friday.", date="2017-03-18")
    assert ("USAGOV", "KORGOV") in _dyads(visited, "CONSULT")


def test_agreeing_that_something_is_so_is_no_agreement(code):
    admission = code("In a police interview he agreed that he had committed terrorism offences.")
    assert not _dyads(admission, "AGREE")
    deal = code("Iran agreed that inspectors would visit the site next month.")
    assert [e for e in deal if e.event_type == "AGREE"]


def test_visiting_an_exhibition_meets_no_one(code):
    show = code("Le Pen left to visit an exhibition of French Gothic art in the Kremlin.")
    assert not [e for e in show if e.event_type == "CONSULT"]


def test_a_past_verb_after_an_infinitive_is_the_main_clause_s(code):
    text = (
        "Dutch Prime Minister Mark Rutte condemned the remarks. On Monday, Turkey announced "
        "that it would not allow the Dutch ambassador to return to Turkey and suspended "
        "high-level diplomatic relations between the two countries."
    )
    # "suspended" is Turkey's, asserted, and the ties cut are with the Netherlands
    assert ("TURGOV", "NLDGOV") in _dyads(code(text, date="2017-03-13"), "SANCTION")


def test_a_state_s_bare_demand_addresses_the_other_country_of_the_story(code):
    text = (
        "Turkish President Recep Tayyip Erdogan compared the Dutch government to Nazis on "
        "Sunday after the Netherlands barred two Turkish ministers. Dutch Prime Minister Mark "
        "Rutte called the remarks unacceptable and has demanded an apology."
    )
    assert ("NLDGOV", "TURGOV") in _dyads(code(text, date="2017-03-13"), "REQUEST")


def test_asking_whether_is_a_question_not_a_request(code):
    text = "Trump asked whether allies like Japan should pay more for their defence."
    assert not [e for e in code(text) if e.event_type == "REQUEST"]


def test_an_office_only_one_country_has_names_its_holder_s_country(code):
    text = (
        "The US State Department said on Monday the diplomat's wife would not return. "
        "Foreign Secretary Dominic Raab spoke with US Secretary of State Mike Pompeo about "
        "the case."
    )
    assert ("GBRGOV", "USAGOV") in _dyads(code(text, date="2019-10-08"), "CONSULT")


def test_a_comma_spliced_sentence_is_no_complement_of_the_next_verb(code):
    text = (
        "A Palestinian official blamed Israel, however, a military spokeswoman denied any "
        "knowledge of the strike."
    )
    events = code(text)
    assert ("PSEGOV", "ISRGOV") in _dyads(events, "ACCUSE")
    assert not [e for e in events if e.event_type == "REJECT" and e.recipient is not None]
    # A verb of saying keeps its fronted clause: what the minister said
    told = code("Rebels attacked the town, the minister told reporters.")
    assert [e.modality for e in told if e.event_type == "ASSAULT"] == ["reported"]


def test_a_crowd_of_a_people_with_no_state_protests_where_it_marches(code):
    text = (
        "Turkey condemned the rally. More than 30,000 Kurds marched through the streets of "
        "Frankfurt on Saturday calling for democracy in Turkey."
    )
    # The marchers are civilians where they march; their demand names whom they target
    assert ("DEUCVL", "TURGOV") in _dyads(code(text, date="2017-03-19"), "PROTEST")
    rally = code("Thousands of Kurds rallied against Turkey in Frankfurt.", date="2017-03-19")
    assert ("DEUCVL", "TURGOV") in _dyads(rally, "PROTEST")
    assert not _dyads(rally, "ACCUSE")


def test_the_agent_of_a_passive_clause_is_the_one_agreed_with(code):
    text = (
        "Senate investigators have questioned several aides. Trump adviser Jared Kushner has "
        "agreed to be interviewed by the senators of the intelligence committee."
    )
    agreements = _dyads(code(text, date="2017-03-27"), "AGREE")
    assert any(recipient == "USALEG" for _, recipient in agreements)


def test_a_policy_no_one_is_named_as_making_is_the_government_s(code):
    assert ("ITALEG", "ITAGOV") in _dyads(
        code("Italy's parliament rejected the budget on Tuesday."), "REJECT"
    )


def test_the_deed_an_accusation_names_is_the_accused_s_and_not_known_to_have_happened(code):
    events = code(
        "A UN human rights body accused the Turkish military of killing hundreds of "
        "civilians. Turkey also accused Germany of supporting the PKK.",
        date="2017-03-19",
    )
    assert ("IGOUNO", "TURMIL") in _dyads(events, "ACCUSE")
    assert ("TURGOV", "DEUGOV") in _dyads(events, "ACCUSE")
    killing = [e for e in events if e.rule == "kill"]
    support = [e for e in events if e.event_type == "SUPPORT"]
    # done by the accused, not by the accuser, and kept out of realized data
    assert [e.actor.code for e in killing] == ["TURMIL"]
    assert [e.actor.code for e in support] == ["DEUGOV"]
    assert not any(e.realized for e in killing + support)
    # said plainly, the same deed is realized
    plain = code("The Turkish military killed hundreds of civilians.")
    assert ("TURMIL", "TURCVL") in _dyads(plain, "ASSAULT")


def test_the_one_thanked_or_barred_does_the_gerund(code):
    thanked = code("Putin thanked Trump for sharing intelligence on the plot.", date="2017-12-17")
    assert ("RUSGOV", "USAGOV") in _dyads(thanked, "SUPPORT")
    assert any(e.actor and e.actor.code == "USAGOV" for e in thanked if e.event_type == "COOPERATE")
    after = code("After meeting Putin, Modi told reporters the talks went well.")
    assert ("INDGOV", "RUSGOV") in _dyads(after, "CONSULT")


def test_an_unlisted_organization_is_what_the_longest_phrase_of_its_name_says(code):
    events = code(
        "The American Civil Liberties Union urged Trump to veto the resolution. "
        "The Foreign Correspondents' Association criticized Tillerson.",
        date="2017-03-29",
    )
    actors = {e.actor.text: e.actor.code for e in events if e.actor is not None}
    assert actors["The American Civil Liberties Union"] == "USANGO"  # not a labor union
    assert actors["The Foreign Correspondents' Association"] == "USAMED"  # reporters
    # a union with nothing more specific in its name is still labor
    workers = code("The National Workers Union protested the budget.", date="2017-03-29")
    assert any(e.actor and e.actor.sector == "LAB" for e in workers)


def test_he_is_the_person_last_named_even_in_a_sentence_left_unparsed(code):
    text = (
        "Ziyed Ben Belgacem, 39, was killed at Orly airport in Paris. "
        "Belgacem's record included convictions for robbery, prosecutor Francois Molins told "
        "reporters. Early on Saturday, Belgacem was seen at a checkpoint north of Paris. "
        "He fired at police with a pellet gun."
    )
    (fired,) = [
        e
        for e in code(text, date="2017-03-19")
        if e.event_type == "ASSAULT" and e.realized and e.recipient and e.recipient.sector == "COP"
    ]
    assert fired.actor.text == "He"
    assert fired.actor.sector != "JUD"  # not the prosecutor the sentence before named
    assert fired.actor.country == "FRA"


def test_an_event_noun_named_only_as_what_collapsed_or_is_guaranteed_is_no_new_event(code):
    framed = code(
        "Peace talks and a ceasefire between the PKK and the Turkish state collapsed in 2015. "
        "Turkey as a guarantor of the nationwide ceasefire in Syria bears responsibility."
    )
    assert not [e for e in framed if e.rule.startswith("ceasefire")]
    declared = code("The army declared a ceasefire on Monday.")
    assert [e for e in declared if e.event_type == "RETREAT" and e.realized]


def test_a_list_of_gerunds_after_an_accusation_is_all_alleged_and_all_the_accused_s(code):
    events = code(
        "A UN human rights body accused the Turkish military of killing hundreds of "
        "civilians, displacing more than half a million people and carrying out torture.",
        date="2017-03-19",
    )
    deeds = [e for e in events if e.event_type == "ASSAULT"]
    assert {e.rule for e in deeds} >= {"kill", "displace-population"}
    assert all(e.actor and e.actor.code == "TURMIL" and not e.realized for e in deeds)


def test_her_is_the_woman_the_article_named_and_a_first_name_is_no_role(code):
    events = code(
        "Russian President Vladimir Putin granted an audience to French far-right party "
        "leader Marine Le Pen. Ms Le Pen backs the lifting of sanctions. Mr Putin said "
        "Donald Trump wanted better ties. After her meeting with Mr Putin, she spoke to "
        "reporters.",
        date="2017-03-24",
    )
    audience = next(e for e in events if e.rule == "grant-audience")
    assert audience.recipient.code == "FRAPTY"  # a party leader, not a marine
    meeting = next(e for e in events if e.rule == "meeting-n")
    assert (meeting.actor.code, meeting.recipient.code) == ("FRAPTY", "RUSGOV")


def test_the_two_leaders_are_the_two_the_article_just_named_with_one_another(code):
    events = code(
        "Trump met Chinese President Xi Jinping in Florida on Thursday. "
        "The two leaders discussed trade and North Korea.",
        date="2017-04-07",
    )
    talks = [e for e in events if e.rule == "discuss"]
    # one event for the pair, the topic no party
    assert [(e.actor.code, e.recipient.code) for e in talks] == [("USAGOV", "CHNGOV")]
    # "the two men" are any two people, not two countries
    men = code(
        "Israeli jets struck Gaza on Thursday, the Palestinian ministry said. "
        "The two men killed were identified as Hossam al-Sufi and Mohammed al-Aqra.",
        date="2017-03-23",
    )
    assert not any(e.actor and e.actor.text == "men" for e in men)
    assert not any(e.recipient and e.recipient.country == "ISR" for e in men if e.rule == "kill")


def test_navies_drilling_together_and_a_country_involved_in_drills(code):
    events = code(
        "Japan and South Korea, which host American troops, support U.S. efforts to increase "
        "pressure on Pyongyang. The three navies were also conducting missile defense drills "
        "on Wednesday, the U.S. Navy's 7th Fleet said. The U.S. is also involved in annual "
        "military drills in South Korea.",
        date="2017-03-15",
    )
    drills = {
        frozenset((e.actor.country, e.recipient.country))
        for e in events
        if e.rule == "conduct-exercise" and e.actor and e.recipient
    }
    assert drills == {frozenset(p) for p in (("JPN", "KOR"), ("JPN", "USA"), ("KOR", "USA"))}
    assert not [e for e in events if e.event_type == "ACCUSE"]  # the Navy reports, no one accuses
    annual = [e for e in events if e.rule == "drill-n-military"]
    assert annual and annual[0].actor is not None and annual[0].actor.country == "USA"


def test_an_event_dated_years_before_publication_is_historical_background(code):
    events = code(
        "The Oklahoma City bombing in 1995 killed 168 people. Last year Russian troops "
        "attacked rebels in Syria. On Monday police arrested protesters in Niamey.",
        date="2017-03-16",
    )
    by_rule = {e.rule: e for e in events}
    assert by_rule["kill"].aspect == "historical" and not by_rule["kill"].realized
    assert by_rule["attack"].realized  # "last year" is still news
    assert by_rule["arrest"].realized
