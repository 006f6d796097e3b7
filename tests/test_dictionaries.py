"""Users extend the built-in dictionaries with their own files of the same format."""

from __future__ import annotations

import json

import pytest

from lapwing.config import Settings
from lapwing.dictionaries import load_actors, load_cameo, load_patterns
from lapwing.errors import DictionaryError
from lapwing.pipeline import Pipeline
from lapwing.records import Article


def test_user_actor_rows_are_added_and_replace_built_ins(tmp_path):
    user = tmp_path / "actors.tsv"
    user.write_text(
        "# version: test.1\n"
        "name\taliases\tkind\tcode\tcountry\tsector\tstart\tend\tnote\n"
        "Amadou Example\tExample\tperson\tNERGOV\tNER\tGOV\t2024-01-01\t\tinvented minister\n"
        "Vladimir Putin\tPutin\tperson\tRUSMIL\tRUS\tMIL\t\t\treplaces the built-in rows\n",
        encoding="utf-8",
    )
    tables = load_actors([user])
    assert tables.named("Amadou Example", "2024-04-12").code == "NERGOV"
    assert tables.named("Example", "2024-04-12").country == "NER"
    assert tables.named("Putin", "2024-04-12").code == "RUSMIL"
    assert tables.version.endswith("+user")
    assert load_actors().named("Putin", "2024-04-12").code == "RUSGOV"


def test_roles_follow_the_article_date():
    tables = load_actors()
    assert tables.named("Abdourahamane Tiani", "2023-01-01").code == "NERMIL"
    assert tables.named("Abdourahamane Tiani", "2024-01-01").code == "NERGOV"


def test_user_patterns_code_new_triggers(tmp_path):
    _, cameo = load_cameo()
    user = tmp_path / "patterns.jsonl"
    rows = [
        {"version": "test.1"},
        {"id": "user-besiege", "trigger": "outflank", "pos": "VERB", "cameo": "191",
         "type": "ASSAULT", "mode": None, "context": ["military"]},
    ]  # fmt: skip
    user.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    index = load_patterns([user], cameo)
    assert [p.id for p in index.candidates("outflank", "VERB")] == ["user-besiege"]
    assert index.version.endswith("+user")

    pipeline = Pipeline(Settings(pattern_files=(user,)))
    text = "Sudanese troops outflanked rebel fighters near El Fasher on Monday."
    article = Article(id="u", text=text, date="2024-05-14", language="en")
    events = next(pipeline.code([article])).events
    assert [(e.event_type, e.rule, e.actor.code) for e in events] == [
        ("ASSAULT", "user-besiege", "SDNMIL")
    ]
    assert events[0].recipient.sector == "REB"


def test_malformed_user_patterns_name_the_file_and_line(tmp_path):
    user = tmp_path / "bad.jsonl"
    user.write_text('{"id": "x", "trigger": "a"\n', encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"bad.jsonl:1: malformed JSON"):
        load_patterns([user])
    unknown = tmp_path / "unknown.jsonl"
    unknown.write_text(
        json.dumps({"id": "y", "trigger": "b", "pos": "VERB", "cameo": "999", "type": "ASSAULT"}),
        encoding="utf-8",
    )
    with pytest.raises(DictionaryError, match="unknown CAMEO code"):
        load_patterns([unknown], load_cameo()[1])


def test_a_misspelt_pattern_key_is_an_error_not_an_unconstrained_rule(tmp_path):
    user = tmp_path / "mine.jsonl"
    rows = [
        {"version": "test.1"},
        {"id": "shell-town", "trigger": "shell", "pos": "VERB", "object": ["town"],
         "cameo": "195", "type": "ASSAULT", "mode": None, "context": []},
        {"id": "shell-city", "trigger": "shell", "pos": "VERB", "objct": ["city"],
         "cameo": "195", "type": "ASSAULT", "mode": None, "context": []},
    ]  # fmt: skip
    user.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with pytest.raises(DictionaryError) as caught:
        load_patterns([user], load_cameo()[1])
    message = str(caught.value)
    assert f"{user}:3:" in message  # the file and the line
    assert "pattern 'shell-city': unknown key 'objct'; did you mean 'object'?" in message


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"object": "town"}, r"'object' must be a list of strings"),
        ({"reverse": "yes"}, r"'reverse' must be true or false"),
        ({"trigger": ""}, r"'trigger' must be a non-empty string"),
        ({"cameo": 195}, r"'cameo' must be a non-empty string"),
    ],
)
def test_pattern_values_of_the_wrong_type_are_errors(tmp_path, change, error):
    row = {"id": "x", "trigger": "shell", "pos": "VERB", "cameo": "195", "type": "ASSAULT"}
    user = tmp_path / "typed.jsonl"
    user.write_text(json.dumps(row | change) + "\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=rf"typed.jsonl:1: pattern 'x': {error}"):
        load_patterns([user])


def test_an_unknown_column_in_a_user_actor_file_is_an_error(tmp_path):
    named = tmp_path / "named.tsv"
    named.write_text(
        "# version: test.1\n"
        "name\taliases\tkind\tcode\tcountry\tsectr\tstart\tend\tnote\n"
        "Amadou Example\t\tperson\tNERGOV\tNER\tGOV\t\t\t\n",
        encoding="utf-8",
    )
    with pytest.raises(DictionaryError, match=r"named.tsv:2: unknown column 'sectr'.*'sector'"):
        load_actors([named])
    agents = tmp_path / "agents.tsv"
    agents.write_text("# version: test.1\nword\tsector\tnotes\nwarlord\tREB\t\n", "utf-8")
    with pytest.raises(DictionaryError, match=r"agents.tsv:2: unknown column 'notes'"):
        load_actors([agents])
