"""PLOVER's single-category rules and role finding beyond the clause's own verb."""

from __future__ import annotations


def _types(events):
    return [(e.event_type, e.cameo) for e in events]


def _primary(events):
    return max(events, key=lambda e: e.confidence)


def test_wanting_another_party_to_act_is_an_appeal(code):
    events = code("Zelensky wants NATO to send fighter jets to Ukraine.")
    appeal = _primary(events)
    assert appeal.event_type == "REQUEST" and appeal.cameo.startswith("02")
    assert appeal.actor.country == "UKR" and appeal.recipient.code.startswith("IGO")
    assert not [e for e in events if e.event_type == "MOBILIZE" and e.realized]
    # wanting to act oneself stays a statement of intent
    own = _primary(code("Erdogan wants to attack Kurdish militants in Syria."))
    assert own.event_type == "THREATEN"


def test_claiming_ones_own_attack_is_a_claim_of_responsibility(code):
    events = code("Hamas claimed that it had attacked Israeli soldiers near Gaza.")
    claim = _primary(events)
    assert claim.event_type == "CONCEDE" and claim.cameo == "015"
    assert claim.actor.code.startswith("PSE") and claim.recipient.country == "ISR"
    # another party's attack, said by a third: an accusation instead
    accused = code("Israel claimed that Hamas had attacked Israeli soldiers near Gaza.")
    assert _primary(accused).event_type == "ACCUSE"


def test_violence_by_protesters_is_a_riot(code):
    events = code("Several police cars were burned by protesters in Nairobi.")
    riot = _primary(events)
    assert riot.event_type == "PROTEST" and riot.mode == "riot" and riot.cameo == "145"


def test_passive_conjunct_shares_the_patient_of_the_first_verb(code):
    events = code(
        "The activists detained during the protests were freed on Monday by the Iranian "
        "authorities."
    )
    release = [e for e in events if e.event_type == "RETREAT"]
    assert release and release[0].actor.country == "IRN"


def test_pressure_from_a_party_has_the_one_who_faces_it_as_recipient(code):
    events = code("The Pakistani government faces pressure from the IMF to raise taxes.")
    request = [e for e in events if e.event_type == "REQUEST"]
    assert request, _types(events)
    assert request[0].actor.code.startswith("IGO") and request[0].recipient.country == "PAK"


def test_saying_another_must_act_is_a_demand_whatever_the_act(code):
    events = code("The African Union said Sudan's army must protect civilians in Darfur.")
    demand = [e for e in events if e.event_type == "REQUEST"]
    assert demand, _types(events)
    assert demand[0].actor.code.startswith("IGO") and demand[0].recipient.country == "SDN"
    # a party's own obligation is no demand on another
    own = code("Sudan's army said it must protect civilians in Darfur.")
    assert not [e for e in own if e.event_type == "REQUEST"]


def test_signing_a_treaty_is_support_and_promising_to_is_agree(code):
    signed = _primary(code("Kenya and Ethiopia signed a security pact in Nairobi on Monday."))
    assert signed.event_type == "SUPPORT" and signed.cameo == "057"
    promised = _primary(code("Kenya and Ethiopia will sign a security pact next week."))
    assert promised.event_type == "AGREE"


def test_a_protests_demand_ranks_below_the_protest(code):
    events = code("Thousands of Georgians rallied in Tbilisi on Sunday, demanding new elections.")
    assert _primary(events).event_type == "PROTEST"
    assert any(e.event_type == "REQUEST" for e in events)


def test_announcing_a_team_of_experts_is_an_offer_of_aid(code):
    events = code("Interpol said it will send a team of experts to Kenya.")
    offer = _primary(events)
    assert offer.event_type == "AGREE" and offer.cameo.startswith("03")
    assert offer.actor.code.startswith("IGO")


def test_a_city_acted_upon_stands_for_its_country(code):
    events = code("Sudanese rebels shelled the southern regional capital Juba on Monday.")
    shelling = [e for e in events if e.event_type == "ASSAULT"]
    assert shelling and shelling[0].recipient.code == "SSD"
    assert shelling[0].recipient.sector is None  # a place is no government
    # a place alone is no party: nobody is said to act here
    assert not code("There was a pause in the bombing in Aleppo.")


def test_an_object_pronoun_is_not_the_actor_again(code):
    events = code(
        "The United States government labeled the general a terrorist in 2007 and levied "
        "sanctions against him."
    )
    sanction = [e for e in events if e.event_type == "SANCTION"]
    assert sanction and sanction[0].actor.code == "USAGOV"
    assert sanction[0].recipient is None or sanction[0].recipient.code != "USAGOV"


def test_victims_of_an_attack_by_someone_were_attacked_by_them(code):
    events = code(
        "Amnesty International said six villagers were killed in a raid by Nigerian soldiers."
    )
    deed = [e for e in events if e.event_type == "ASSAULT"]
    assert deed and deed[0].actor.code == "NGAMIL"
    # a rights group reporting what the state's forces did accuses them
    accusation = [e for e in events if e.event_type == "ACCUSE"]
    assert accusation and accusation[0].recipient.code == "NGAMIL"


def test_armed_attacks_by_demonstrators_stay_assaults(code):
    events = code("Demonstrators fired rockets at the presidential palace in Khartoum.")
    assert [e for e in events if e.event_type == "ASSAULT"]
    assert not [e for e in events if e.mode == "riot"]


def test_where_an_organization_is_based_is_not_the_scene(code):
    events = code("A London-based monitor said government forces shelled a market on Sunday.")
    shelling = [e for e in events if e.event_type == "ASSAULT"]
    assert shelling and shelling[0].actor.country != "GBR"


def test_a_diplomatic_protest_is_an_accusation_not_a_street_protest(code):
    verbal = [e for e in code("China protested the Taiwanese president's visit to Washington.")]
    assert verbal and verbal[0].event_type == "ACCUSE" and verbal[0].mode == "disapprove"
    lodged = code("Beijing lodged a formal protest with the US embassy.")
    assert [e.event_type for e in lodged] == ["ACCUSE"]
    street = code("Thousands of students protested in Jakarta against the government.")
    assert [e.event_type for e in street] == ["PROTEST"]


def test_a_capital_that_speaks_is_its_government(code):
    warning = code("Washington warned Tehran against attacking shipping in the Gulf.")
    assert warning[0].actor.code == "USAGOV"
    assert code("Moscow condemned the new sanctions.")[0].actor.code == "RUSGOV"
    shelled = code("Kyiv's forces shelled Russian positions near Bakhmut.")
    assert shelled[0].actor.code == "UKRMIL"
    # a capital attacked is the country's territory, not its government
    struck = [e for e in code("Russian missiles struck Kyiv overnight.") if e.recipient]
    assert struck and struck[0].recipient.code == "UKR"


def test_the_subject_of_a_raising_passive_acts_in_its_clause(code):
    events = code("Modi is scheduled to visit Moscow next month.")
    visit = [e for e in events if e.event_type in ("CONSULT", "AGREE")]
    assert visit and visit[0].actor.code == "INDGOV"


def test_a_noun_is_no_party_because_a_country_follows_it(code):
    events = code("EU foreign ministers demanded the withdrawal of Serbian forces from Bosnia.")
    demand = [e for e in events if e.event_type == "REQUEST"]
    assert demand and demand[0].recipient.code == "SRBMIL"


def test_an_army_readying_an_attack_raises_its_alert(code):
    events = code("The Macedonian army prepared to resume shelling rebel-held villages.")
    ready = [e for e in events if e.event_type == "MOBILIZE"]
    assert ready and ready[0].cameo == "152" and ready[0].actor.code == "MKDMIL"
    assert not [e for e in events if e.event_type == "ASSAULT" and e.realized]


def test_a_place_named_as_a_party_is_not_where_the_event_happened(code):
    events = code("Egypt, Greece and Cyprus called on Turkey to halt its drilling operations.")
    call = [e for e in events if e.event_type == "REQUEST"][0]
    assert call.recipient.code == "TURGOV"
    assert call.spans["location"] is None  # not "Turkey": Turkey is the one called on
    # the one called on to act is the actor of the act, and "its" is its own
    halt = [e for e in events if e.event_type == "RETREAT"][0]
    assert halt.actor.code == "TURGOV" and halt.recipient is None
    # a city attacked is still where the attack happened
    shelled = code("Rebels shelled the southern regional capital Juba on Monday.")
    assert shelled[0].location.name == "Juba"


def test_coming_somewhere_is_a_visit_only_for_those_who_visit(code):
    assert not [e for e in code("Police arrived and shot him dead.") if e.event_type == "CONSULT"]
    visit = [e for e in code("The Turkish foreign minister arrived in Cairo on Monday.")]
    assert visit and visit[0].event_type == "CONSULT"
    assert visit[0].recipient.code == "EGYGOV"  # the host of a visit is the government


def test_inability_and_present_duty_are_not_deeds(code):
    events = code("May resigned after she was unable to negotiate a deal with the EU.")
    talks = [e for e in events if e.event_type == "CONSULT"]
    assert talks and talks[0].modality == "negated"
    demand = code("Hungary said Ukraine has to withdraw its troops from the border.")
    assert [e.event_type for e in demand] == ["REQUEST"]


def test_a_gerund_after_a_preposition_is_done_by_the_clause_subject(code):
    blame = code("The United States was more forceful in blaming Iran for the attack.")
    assert blame[0].actor.code == "USAGOV" and blame[0].recipient.code == "IRNGOV"
    meeting = [e for e in code("After meeting Putin in Moscow, Modi praised the talks.")]
    consult = [e for e in meeting if e.event_type == "CONSULT"]
    assert consult and consult[0].actor.code == "INDGOV"


def test_a_person_spoken_to_is_no_place(code):
    events = code("Katigbak apologized to Duterte during the Senate hearing in Manila.")
    apology = [e for e in events if e.event_type == "CONCEDE"]
    assert apology and (apology[0].location is None or apology[0].location.name != "Duterte")


def test_counted_demonyms_are_people_and_bare_officers_are_police(code):
    protest = code("Thousands of Serbians protested in Belgrade on Saturday.")
    assert [(e.event_type, e.actor.code) for e in protest] == [("PROTEST", "SRBCVL")]
    arrest = code("Officers arrested two men in Leeds on Monday.")
    assert arrest[0].actor.code == "GBRCOP"


def test_an_effort_to_act_is_not_the_act(code):
    events = code(
        "The government continued its efforts to complete the withdrawal of British troops."
    )
    assert events and not [e for e in events if e.realized and e.event_type == "RETREAT"]


def test_former_officials_and_titled_offices(code):
    major = code("Former prime minister John Major accused Johnson of misleading the Queen.")
    assert major[0].actor.code == "GBRELI"
    calida = code("Solicitor General Jose Calida accused the network of violating its franchise.")
    assert calida[0].actor.sector == "GOV"


def test_a_city_modifying_an_attack_is_where_not_who(code):
    events = code("Last week a Kabul car bombing killed five people.")
    assert not [e for e in events if e.actor is not None and e.actor.code == "AFG"]
    strike = code("Eight people were killed in an Israeli air strike on Gaza.")
    assert strike and strike[0].actor.country == "ISR"


def test_he_looks_for_a_person_first(code):
    events = code(
        "Governor Ricardo Rosselló met protesters outside his residence. Hundreds of "
        "protesters chanted slogans. He later announced he would resign."
    )
    resign = [e for e in events if "resign" in e.rule]
    assert resign and resign[0].actor.sector == "GOV"


def test_a_resolution_to_act_is_not_the_act(code):
    events = code(
        "Yesterday, the Parliament of Iraq voted on a resolution to expel United States "
        "troops from the country."
    )
    assert events and not [e for e in events if e.realized and e.event_type == "SANCTION"]


def test_a_country_moved_by_its_own_leader_is_not_the_target(code):
    events = code("Last year Trump withdrew the US from a nuclear treaty with Iran.")
    withdrawal = [e for e in events if e.actor is not None and e.actor.country == "USA"]
    assert withdrawal and all(
        e.recipient is None or e.recipient.code != e.actor.code for e in withdrawal
    )


def test_towns_vote_for_the_article_s_country(code):
    text = (
        "A man stabbed two people near London Bridge on Friday. Police officers in London "
        "arrested him after a chase through Southwark. A US tourist filmed the scene."
    )
    arrest = [e for e in code(text, date="2019-12-02") if e.event_type == "COERCE"]
    assert arrest and arrest[0].actor.country == "GBR"
