"""The stages' word classes are versioned data (`data/lexicon/*.tsv`) users can extend, and a
user file with a typo is an error, not a class nothing reads."""

from __future__ import annotations

import pickle
import re

import pytest

from lapwing.config import Settings
from lapwing.dictionaries import (
    LEXICON_CLASSES,
    Lexicon,
    builtin_lexicon_files,
    data_path,
    default_lexicon,
    load_lexicon,
)
from lapwing.errors import DictionaryError
from lapwing.records import Article, Document, Entity, Sentence, Token

VERSION_LINE = re.compile(r"^# version: \d{4}\.\d{2}\.\d+\n")


def user_lexicon(tmp_path, *rows: str, name: str = "words.tsv", version: bool = True):
    path = tmp_path / name
    head = "# version: test.1\n" if version else ""
    path.write_text(head + "class\tword\tnote\n" + "".join(r + "\n" for r in rows), "utf-8")
    return path


# --- the built-in files -------------------------------------------------------------------


def test_builtin_files_are_versioned_and_every_declared_class_has_words():
    files = builtin_lexicon_files()
    assert {f.stem for f in files} >= {"modality", "places"}
    for path in files:
        assert VERSION_LINE.match(path.read_text(encoding="utf-8")), path
    lexicon = default_lexicon()
    assert set(lexicon) == set(LEXICON_CLASSES)
    assert [name for name in LEXICON_CLASSES if not lexicon[name]] == []
    for name, declared in LEXICON_CLASSES.items():
        assert declared.stage in {f.stem for f in files}, name
        assert declared.meaning and "\n" not in declared.meaning, name
        for word in lexicon[name]:
            assert word == word.lower() and word == " ".join(word.split()), (name, word)


def test_builtin_classes_live_in_their_stage_file():
    for path in builtin_lexicon_files():
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            if line.startswith("#") or line.startswith("class\t") or not line.strip():
                continue
            name = line.split("\t", 1)[0]
            assert LEXICON_CLASSES[name].stage == path.stem, (path.name, line)


def test_lexicon_is_an_immutable_mapping_of_frozensets():
    lexicon = default_lexicon()
    assert isinstance(lexicon["speech_verb"], frozenset)
    assert {"say", "announce"} <= lexicon["speech_verb"]
    assert "so far" in lexicon["habitual_marker"]  # phrases are words too
    with pytest.raises(KeyError, match="speech_verb"):
        lexicon["speech_verbs"]  # undeclared: a KeyError that suggests the declared name
    with pytest.raises(AttributeError):
        lexicon.version = "x"
    assert default_lexicon() is lexicon  # loaded once
    # the version names each file's own header line, in file order
    headers = {
        path.stem: path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# version: ")
        for path in sorted(data_path("lexicon").glob("*.tsv"))
    }
    assert lexicon.version == ", ".join(f"{stem} {version}" for stem, version in headers.items())
    assert re.fullmatch(r"(\w+ \d{4}\.\d{2}\.\d+)(, \w+ \d{4}\.\d{2}\.\d+){3}", lexicon.version)
    copy = pickle.loads(pickle.dumps(lexicon))  # the pipeline's resources go to workers
    assert copy == lexicon and hash(copy) == hash(lexicon)


# --- user files -----------------------------------------------------------------------------


def test_a_typo_in_a_user_class_is_an_error_naming_file_line_and_the_class_meant(tmp_path):
    path = user_lexicon(tmp_path, "speech_verb\ttweet\t", "speech_verbs\tpost\tthe typo")
    with pytest.raises(DictionaryError) as caught:
        load_lexicon([path])
    message = str(caught.value)
    assert f"{path}:4:" in message
    assert "unknown lexicon class 'speech_verbs'" in message
    assert "did you mean 'speech_verb'?" in message


@pytest.mark.parametrize(
    ("rows", "version", "error"),
    [
        (["speech_verb\t\tno word"], True, r"words.tsv:3: empty word for class 'speech_verb'"),
        (["speech_verb\tTweet"], True, r"words.tsv:3: 'Tweet' must be written in lower case"),
        (["speech_verb\ttweet"], False, r"words.tsv:1: the first line must be '# version"),
        (["speech_verb\t-tweet"], True, r"words.tsv:3: cannot remove 'tweet'"),
    ],
)
def test_malformed_user_rows_are_errors(tmp_path, rows, version, error):
    path = user_lexicon(tmp_path, *rows, version=version)
    with pytest.raises(DictionaryError, match=error):
        load_lexicon([path])


def test_an_unknown_column_is_an_error(tmp_path):
    path = tmp_path / "words.tsv"
    path.write_text("# version: test.1\nclass\twrod\nspeech_verb\ttweet\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"words.tsv:2: unknown column 'wrod'.*'word'"):
        load_lexicon([path])


def test_user_rows_add_and_remove_words(tmp_path):
    path = user_lexicon(
        tmp_path, "speech_verb\ttweet\tposted statements", "speech_verb\t-think\t", "# comment"
    )
    lexicon = load_lexicon([path])
    assert "tweet" in lexicon["speech_verb"] and "think" not in lexicon["speech_verb"]
    assert "tweet" not in default_lexicon()["speech_verb"]  # the built-in one is untouched
    assert lexicon["modal_future"] == default_lexicon()["modal_future"]
    assert lexicon.version == default_lexicon().version + "+user"
    assert isinstance(lexicon, Lexicon) and lexicon != default_lexicon()


def test_settings_read_lexicon_files_like_the_other_user_files():
    settings = Settings.from_env({"LAPWING_LEXICON_FILES": "a.tsv:b.tsv"})
    assert [p.name for p in settings.lexicon_files] == ["a.tsv", "b.tsv"]
    assert settings.pipeline_key().lexicon_files == settings.lexicon_files
    assert Settings.from_env({}, lexicon_files=["c.tsv"]).lexicon_files[0].name == "c.tsv"


# --- a user word changes what the stages do ---------------------------------------------


def test_a_user_speech_verb_makes_a_statement_reported(pipeline, tmp_path):
    from lapwing.stages import modality
    from lapwing.stages.parse import parse_articles
    from lapwing.stages.syntax import Tree

    text = "The minister tweeted that rebels attacked the town."
    article = Article(id="lex", text=text, date="2024-04-12", language="en")
    tree = Tree(next(parse_articles(pipeline.nlp, [article])))
    attacked = next(t.i for t in tree.tokens if t.text == "attacked")
    tweeted = next(t.i for t in tree.tokens if t.text == "tweeted")
    assert tree[attacked].head == tweeted and tree[attacked].dep == "ccomp"

    assert modality.modality(tree, attacked).mood == "asserted"  # built-in: not a speech verb
    lexicon = load_lexicon([user_lexicon(tmp_path, "speech_verb\ttweet\tposted statements")])
    mood = modality.modality(tree, attacked, lexicon)
    assert (mood.mood, mood.cue, mood.speaker) == ("reported", "speech", tweeted)
    # and the code.py call, without a lexicon, still reads the built-in one
    assert modality.modality(tree, attacked).mood == "asserted"


def test_a_user_habitual_marker_makes_background_habitual(pipeline, tmp_path):
    from lapwing.stages import modality
    from lapwing.stages.parse import parse_articles
    from lapwing.stages.syntax import Tree

    text = "The army has frequently shelled the town."
    tree = Tree(next(parse_articles(pipeline.nlp, [Article(id="lex", text=text)])))
    shelled = next(t.i for t in tree.tokens if t.text == "shelled")
    assert modality.aspect(tree, shelled) == "event"
    lexicon = load_lexicon([user_lexicon(tmp_path, "habitual_marker\tfrequently\t")])
    assert modality.aspect(tree, shelled, lexicon) == "habitual"


def _doc(text: str, name: str) -> Document:
    words = list(re.finditer(r"\w+|[^\w\s]", text))
    tokens = tuple(
        Token(i, m.group(), m.group().lower(), "PROPN", "NNP", "ROOT", i, m.start(), m.end())
        for i, m in enumerate(words)
    )
    start = text.index(name)
    entity = Entity("GPE", name, start, start + len(name), 0, 1)
    sentence = Sentence(0, 0, len(text), text, 0, len(tokens))
    return Document(Article("t", text), tokens, (sentence,), (entity,))


def test_a_user_location_noun_keeps_an_unknown_place(tmp_path):
    from lapwing.gazetteer import Gazetteer
    from lapwing.stages.places import resolve_toponyms

    gazetteer = Gazetteer.load()
    doc = _doc("Qqzwurtu hamlet was attacked.", "Qqzwurtu")
    assert not gazetteer.candidates("Qqzwurtu")
    # an unknown one-word name is kept only when the text presents it as a place
    assert resolve_toponyms(doc, gazetteer) == []
    lexicon = load_lexicon([user_lexicon(tmp_path, "location_noun\thamlet\t")])
    [toponym] = resolve_toponyms(doc, gazetteer, lexicon)
    assert (toponym.name, toponym.place) == ("Qqzwurtu", None)
