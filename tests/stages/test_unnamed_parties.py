"""Parties the text leaves unnamed or names only by a pronoun: the agent of an agentless
passive, a place read abroad, "she" after a town, accidents that are no attacks."""

from __future__ import annotations


def _of_type(events, event_type):
    return [e for e in events if e.event_type == event_type]


def test_an_agentless_arrest_is_made_by_the_police_of_the_country(code):
    text = (
        "Protesters clashed with riot police in Lyon, France, on Saturday. "
        "A 20-year-old student was arrested near the city hall, a police source said."
    )
    arrests = _of_type(code(text), "COERCE")
    assert arrests, "no arrest coded"
    arrest = arrests[0]
    assert arrest.actor is not None and arrest.actor.code == "FRACOP"
    assert arrest.actor.text is None and arrest.spans["actor"] is None  # no words of its own
    assert arrest.rule == "arrest" and arrest.modality == "reported"


def test_an_indictment_without_an_agent_is_a_courts_and_a_named_agent_wins(code):
    text = (
        "Federal prosecutors in New York have opened a case against a drug ring. "
        "Eleven members of the gang were indicted on Thursday on murder charges in Brooklyn."
    )
    indicted = _of_type(code(text), "COERCE")
    assert indicted and indicted[0].actor.code == "USAJUD"
    named = code("Eleven members of the gang were arrested by soldiers in Kano, Nigeria.")
    assert {e.actor.code for e in _of_type(named, "COERCE")} == {"NGAMIL"}


def test_a_passive_with_no_implied_doer_has_an_explicit_unidentified_actor(code):
    # Being attacked says nothing about who attacked: no agent is made up, and the event
    # says so, as ACLED's "Unidentified Armed Group (Mali)"
    events = code("Five soldiers were killed in an ambush near Menaka, Mali, on Monday.")
    (attack,) = [e for e in _of_type(events, "ASSAULT") if e.realized]
    assert attack.recipient.code == "MLIMIL"
    assert (attack.actor.text, attack.actor.code, attack.actor.name) == (
        None,
        "MLIUAF",
        "Unidentified Armed Group",
    )
    assert not attack.actor.identified and attack.spans["actor"] is None
    from lapwing.export import acled_row, load_acled_rules

    _, rules = load_acled_rules()
    row = acled_row(attack.to_dict(), rules)
    assert row is not None and row["actor1"] == "Unidentified Armed Group (Mali)"
    # any other type's unnamed doer is no state: no country at all
    (deployed,) = _of_type(code("Police were deployed in Niamey on Monday."), "MOBILIZE")
    assert (deployed.actor.code, deployed.actor.country) == ("---", None)
    # an event with no party at all is no event data
    assert not code("Torture was reported on Monday.")


def test_told_with_a_past_tense_clause_reports_the_event(code):
    # "told them to leave" asks; "told AFP the man was detained" reports a detention
    reported = code("An official told AFP the opposition leader was detained in Harare.")
    assert [e.modality for e in _of_type(reported, "COERCE")] == ["reported"]
    asked = code("The president told the army to detain the opposition leader in Harare.")
    assert all(e.modality != "reported" for e in _of_type(asked, "COERCE"))


def test_a_minor_place_in_a_country_the_article_never_names_does_not_move_its_parties(code):
    # The gazetteer knows a "Long Island" district in the Bahamas, not the island of New
    # York; the article is about the United States.
    text = (
        "New York police and the FBI said on Monday that the United States would step up "
        "its fight against gangs in New York City and across the United States. "
        "Four gang members were arrested on Long Island on Sunday."
    )
    arrests = _of_type(code(text), "COERCE")
    assert arrests and arrests[0].actor.country == "USA"


def test_an_accidental_shooting_is_no_attack(code):
    events = code("A man in Ohio accidentally shot his neighbour while cleaning a rifle.")
    assert not _of_type(events, "ASSAULT")
    assert _of_type(code("Gunmen in Ohio shot two policemen on Sunday."), "ASSAULT")


def test_she_is_the_person_not_the_town_named_before(code):
    text = (
        "French presidential candidate Marine Le Pen met Vladimir Putin in Moscow. "
        "When she left, Kremlin officials said she had criticised Germany."
    )
    accusations = _of_type(code(text), "ACCUSE")
    assert accusations and accusations[0].actor.country == "FRA", accusations


def test_a_state_that_unintentionally_shot_down_a_plane_still_attacked_it(code):
    text = "Iran's military unintentionally shot down a Ukrainian airliner near Tehran."
    assert any(e.actor and e.actor.code == "IRNMIL" for e in _of_type(code(text), "ASSAULT"))


def test_an_unlisted_name_is_who_its_apposition_says_and_keeps_it_by_surname(code):
    text = (
        "Ricardo Rosselló Nevares, Puerto Rico's governor, announced his resignation on "
        "Wednesday in San Juan. Protesters had called for Rosselló's resignation for weeks."
    )
    events = code(text, date="2019-07-25")
    resignation = _of_type(events, "RETREAT")
    assert resignation and resignation[0].actor.code == "PRIGOV"
    calls = _of_type(events, "REQUEST")
    assert calls and calls[0].recipient is not None and calls[0].recipient.code == "PRIGOV"
