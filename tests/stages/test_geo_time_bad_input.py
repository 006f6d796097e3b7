"""Where-and-when on text that gives no place, no date, absurd dates or other scripts."""

from __future__ import annotations

from lapwing.records import Article


def _result(pipeline, text: str, date: str = "2024-04-12"):
    return next(pipeline.code([Article(id="t", text=text, date=date, language="en")]))


def test_coordinates_are_not_place_names(pipeline):
    text = (
        "Soldiers attacked the camp at 13°31′N 2°07′E on Monday, and another at "
        "13.5116, 2.1254 the next day, the army said."
    )
    result = _result(pipeline, text)
    assert result.toponyms == []  # digits and degree signs are no place names
    assert [e.event_type for e in result.events] == ["ASSAULT"]
    assert result.events[0].location is None  # no place invented from the numbers
    assert result.events[0].date == "2024-04-08"  # "on Monday" still dates it


def test_place_names_in_other_scripts_give_honest_nulls(pipeline):
    result = _result(pipeline, "Протестующие собрались в Москве. 抗议者在北京集会。")
    assert result.events == [] and result.toponyms == [] and result.timexes == []


def test_no_place_and_no_date_in_the_text(pipeline):
    result = _result(pipeline, "The rebels attacked the soldiers.")
    assert result.timexes == []
    for event in result.events:
        assert event.location is None
        assert event.date == "2024-04-12" and event.date_precision == "publication"


def test_an_absurd_date_is_not_a_date(pipeline):
    result = _result(pipeline, "Rebels attacked Gao on 32 March, officials said.")
    assert all("-03-32" not in t.value for t in result.timexes)
    for event in result.events:
        assert event.date_precision == "publication"
