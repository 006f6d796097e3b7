"""Temporal expressions: recognition spans and TimeML values against fixed anchors."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lapwing.records import Timex
from lapwing.stages.dates import find_timexes, timex_period

FRIDAY = date(2024, 4, 12)  # the seed article's publication date, a Friday


def only(text: str, anchor: date = FRIDAY, **kwargs) -> Timex:
    found = find_timexes(text, anchor, **kwargs)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "expected_text", "type_", "value", "precision"),
    [
        ("He told the television on Thursday that", "Thursday", "DATE", "2024-04-11", "day"),
        ("in control since July when soldiers", "July", "DATE", "2023-07", "month"),
        ("a joint operation in Niger in 2017", "2017", "DATE", "2017", "year"),
        ("But earlier this year, Niger said", "earlier this year", "DATE", "2024", "year"),
        ("some 650 troops in Niger in December", "December", "DATE", "2023-12", "month"),
        ("Talks collapsed last week.", "last week", "DATE", "2024-W14", "week"),
        ("The coup happened two years ago.", "two years ago", "DATE", "2022", "year"),
        ("It happened three days ago.", "three days ago", "DATE", "2024-04-09", "day"),
        ("Fighting lasted for two years.", "two years", "DURATION", "P2Y", None),
        ("a ceasefire of 48 hours", "48 hours", "DURATION", "PT48H", None),
        ("after several weeks of talks", "several weeks", "DURATION", "PXW", None),
        ("It took a month.", "a month", "DURATION", "P1M", None),
        ("the past two years", "the past two years", "DURATION", "P2Y", None),
        ("Inspectors visit every week.", "every week", "SET", "P1W", None),
        ("The report is published annually.", "annually", "SET", "P1Y", None),
        ("They met Thursday morning.", "Thursday morning", "TIME", "2024-04-11TMO", "time"),
        ("He was arrested last summer.", "last summer", "DATE", "2023-SU", "season"),
        ("Protests were common in the 1990s.", "1990s", "DATE", "199", "decade"),
        ("the explorations of the 20th century", "20th century", "DATE", "19", "century"),
        ("Profits fell in the first quarter.", "the first quarter", "DATE", "2024-Q1", "quarter"),
        ("It is under way this week.", "this week", "DATE", "2024-W15", "week"),
        ("It will open next month.", "next month", "DATE", "2024-05", "month"),
        ("Sales rose last year.", "last year", "DATE", "2023", "year"),
        ("The vote was held on April 12, 2024.", "April 12, 2024", "DATE", "2024-04-12", "day"),
        ("The vote was held on 3 March 2021.", "3 March 2021", "DATE", "2021-03-03", "day"),
        ("It was signed on 2019-11-05.", "2019-11-05", "DATE", "2019-11-05", "day"),
        ("The raid in May 2010 killed nine.", "May 2010", "DATE", "2010-05", "month"),
        ("The army is currently deployed.", "currently", "DATE", "PRESENT_REF", None),
        ("Rebels recently seized the town.", "recently", "DATE", "PAST_REF", None),
        ("Attacks rose in recent years.", "recent years", "DURATION", "PXY", None),
        ("The blast came at 10 p.m.", "10 p.m.", "TIME", "2024-04-12T22:00", "time"),
    ],
)
def test_phrases(text, expected_text, type_, value, precision):
    timex = only(text)
    assert (timex.text, timex.type, timex.value, timex.precision) == (
        expected_text,
        type_,
        value,
        precision,
    )
    assert text[timex.start : timex.end] == timex.text


def test_today_yesterday_tomorrow_follow_the_anchor():
    anchor = date(2023, 1, 1)
    values = [t.value for t in find_timexes("yesterday, today and tomorrow", anchor)]
    day = timedelta(days=1)
    assert values == [(anchor - day).isoformat(), anchor.isoformat(), (anchor + day).isoformat()]


def test_weekday_points_back_in_past_tense_and_forward_in_future_tense():
    assert only("The minister resigned on Monday.").value == "2024-04-08"
    assert only("The minister will resign on Monday.").value == "2024-04-15"
    assert only("on Friday").value == "2024-04-12"  # the anchor itself


def test_month_without_year_uses_tense():
    assert only("Elections were held in June.").value == "2023-06"
    assert only("Elections will be held in June.").value == "2024-06"
    assert only("Elections were held in March.").value == "2024-03"


def test_tense_callback_overrides_local_cues():
    assert only("Elections in June", tense_at=lambda _: "future").value == "2024-06"
    assert only("Elections in June", tense_at=lambda _: "past").value == "2023-06"
    assert only("Elections in June", tense_at=lambda _: None).value == "2023-06"


def test_ranges_give_two_dates():
    found = find_timexes("between 2019 and 2021", FRIDAY)
    assert [(t.text, t.value) for t in found] == [("2019", "2019"), ("2021", "2021")]
    found = find_timexes("the war of 1957-58", FRIDAY)
    assert [t.value for t in found] == ["1957", "1958"]
    found = find_timexes("The drive ran from March to May.", FRIDAY)
    assert [t.text for t in found] == ["March", "May"]


def test_modifiers_are_part_of_the_span():
    assert only("The season started in early December.").text == "early December"
    assert only("a post held for almost seven years").text == "almost seven years"
    assert only("late last July").value == "2023-07"


def test_period_first_day():
    assert only("last week").date == "2024-04-01"
    assert only("in December").date == "2023-12-01"
    assert only("two years ago").date == "2022-01-01"
    assert only("the 1990s").date == "1990-01-01"
    assert only("for two years").date is None
    assert timex_period("2023-SU") == ("season", "2023-06-01")
    assert timex_period("PRESENT_REF") == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "No dates at all here.",
        "It may rain.",  # the modal, not the month
        "on 32 March",  # no such day
        "February 30, 2023",
        "2017 people were displaced.",  # a count, not a year
        "It cost $2019.",
        "They left as soon as possible.",
    ],
)
def test_no_timex(text):
    assert find_timexes(text, FRIDAY) == []


def test_offsets_index_the_original_text_with_non_ascii():
    text = "Ünïcode İstanbul talks ended on Thursday — 2 April 2024."
    found = find_timexes(text, FRIDAY)
    assert [t.text for t in found] == ["Thursday", "2 April 2024"]
    assert all(text[t.start : t.end] == t.text for t in found)


_PIECES = st.sampled_from(
    [
        "April 12, 2024",
        "on Thursday",
        "last week",
        "two years ago",
        "in May",
        "since July",
        "10 p.m.",
        "3:07:35",
        "every week",
        "the 1990s",
        "32 March",
        "12/04/2024",
        "99/99/9999",
        "the first quarter",
        "Q9",
        "mid-",
        "the end of",
        " ",
        ", ",
        "-",
        "'",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=12).map("".join),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
def test_any_text_gives_valid_timexes(text, anchor):
    found = find_timexes(text, anchor)
    previous_end = 0
    for timex in found:
        assert isinstance(timex, Timex)
        assert 0 <= timex.start < timex.end <= len(text)
        assert timex.start >= previous_end
        assert text[timex.start : timex.end] == timex.text
        assert timex.type in ("DATE", "TIME", "DURATION", "SET")
        previous_end = timex.end
