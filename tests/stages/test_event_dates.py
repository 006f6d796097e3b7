"""Which date an event gets: its clause's, its sentence's, its paragraph's day, or none."""

from __future__ import annotations

STORY = (
    "Police fired tear gas at protesters in Tbilisi on Sunday. Protesters threw stones at "
    "the parliament building and police arrested dozens of demonstrators.\n"
    "The opposition has called for an investigation. Georgia's president will meet the "
    "protest leaders.\n"
    "Riot police attacked protesters in Batumi on Saturday and in Tbilisi on Sunday. "
    "Officers detained twelve activists."
)


def test_a_past_event_takes_the_one_day_its_paragraph_names(code):
    events = code(STORY, date="2024-05-14")
    arrest = [e for e in events if e.event_type == "COERCE" and "arrested" in e.sentence]
    assert arrest and arrest[0].date == "2024-05-12" and arrest[0].date_precision == "day"


def test_no_paragraph_day_for_present_perfect_or_future(code):
    events = code(STORY, date="2024-05-14")
    later = [e for e in events if "investigation" in e.sentence or "will meet" in e.sentence]
    assert later and all(e.date_precision == "publication" for e in later)


def test_a_paragraph_naming_two_days_dates_nothing_else(code):
    events = code(STORY, date="2024-05-14")
    detained = [e for e in events if "detained" in e.sentence]
    assert detained and detained[0].date_precision == "publication"


def test_a_clock_time_alone_dates_nothing(code):
    events = code(
        "The officers shot the attacker dead at around 14:00 local time.", date="2020-02-05"
    )
    shot = [e for e in events if e.event_type == "ASSAULT"]
    assert shot and shot[0].date_precision == "publication"
    dated = code("The officers shot the attacker dead on Sunday at 14:00.", date="2020-02-05")
    assert [e.date for e in dated if e.event_type == "ASSAULT"] == ["2020-02-02"]


def test_a_story_s_one_recent_day_dates_its_later_past_events(code):
    story = (
        "On Friday, a man stabbed several people near London Bridge.\n"
        "Police arrived and shot him dead.\n"
        "The government will review the early release programme."
    )
    events = code(story, date="2019-12-02")
    shot = [e for e in events if "shot him" in e.sentence]
    assert shot and shot[0].date == "2019-11-29" and shot[0].date_precision == "day"
    # an old day does not date today's news
    stale = code(story.replace("On Friday", "On 3 March"), date="2019-12-02")
    shot = [e for e in stale if "shot him" in e.sentence]
    assert shot and shot[0].date_precision == "publication"
