"""Input readers: every reader on real-looking fixtures, and every kind of bad input."""

from __future__ import annotations

import codecs
import io
import json
import tempfile
import time
import tracemalloc
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEED_TEXT
from lapwing import ingest
from lapwing.ingest import (
    detect_language,
    normalize_date,
    normalize_source,
    read_inputs,
    strip_attribution,
    text_id,
)
from lapwing.records import Article, InputFailure, SkippedInput

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
DEMO = resources.files("lapwing").joinpath("data/demo/articles.jsonl")


def read(*paths, **kwargs) -> list[Article | InputFailure]:
    return list(read_inputs([str(p) for p in paths], **kwargs))


def articles(records) -> list[Article]:
    return [r for r in records if isinstance(r, Article)]


def failures(records) -> list[InputFailure]:
    """The errors: inputs that could not be read, not those skipped on purpose."""
    return [r for r in records if isinstance(r, InputFailure) and not isinstance(r, SkippedInput)]


def only(records, kind):
    assert len(records) == 1, records
    assert isinstance(records[0], kind), records[0]
    return records[0]


@pytest.fixture
def niger_file() -> Path:
    """The NBC News seed article (eval/seed_niger.txt, also the first demo article)."""
    return SEED_TEXT


# --------------------------------------------------------------------------- plain text


def test_text_file_reads_text_and_attribution():
    raw = (FIXTURES / "plain_article.txt").read_text(encoding="utf-8")
    article = only(read(FIXTURES / "plain_article.txt"), Article)
    last_line = raw.strip().splitlines()[-1]
    assert last_line.startswith("Originally published by")
    assert article.text == raw.strip().rsplit("\n", 1)[0]
    assert article.source == "Reuters"
    assert article.language == "en"
    assert article.id == text_id(article.text)
    assert article.origin == str(FIXTURES / "plain_article.txt")
    assert article.date is None and article.title is None


def test_french_text_is_detected_as_french():
    article = only(read(FIXTURES / "actualite_fr.txt"), Article)
    assert article.language == "fr"
    assert "Niamey" in article.text


def test_defaults_fill_only_what_is_missing(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Troops crossed the border on Monday, the ministry said.", encoding="utf-8")
    article = only(read(path, default_date="2024-01-02", default_source="reuters.com"), Article)
    assert (article.date, article.source) == ("2024-01-02", "Reuters")
    records = read(
        FIXTURES / "articles.jsonl", default_date="1999-09-09", default_source="Default Wire"
    )
    first, second, _ = articles(records)
    assert (first.date, first.source) == ("2024-06-25", "Example Daily")
    assert (second.date, second.source) == ("2024-03-08", "Default Wire")


# --------------------------------------------------------------------------- HTML


def _check_sahel_page(article: Article) -> None:
    assert article.title == "Mali junta expels French ambassador"
    assert article.date == "2022-01-31"
    assert article.source == "The Sahel Observer"
    assert article.url == "https://sahel-observer.example/2022/01/31/mali-expels-french-ambassador"
    assert article.language == "en"
    assert "ordered the French ambassador to leave the country within 72 hours" in article.text
    assert "ECOWAS imposed sanctions on Mali" in article.text
    for noise in ("Subscribe", "newsletter", "All rights reserved", "dataLayer", "font-family"):
        assert noise not in article.text


def test_html_page_text_and_metadata():
    _check_sahel_page(only(read(FIXTURES / "sahel_page.html"), Article))


def test_html_fallback_extractor_without_trafilatura(monkeypatch):
    monkeypatch.setattr(ingest, "_trafilatura", lambda: None)
    _check_sahel_page(only(read(FIXTURES / "sahel_page.html"), Article))


def test_html_without_article_text_is_a_failure(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>Nothing</title></head><body></body></html>")
    assert "no article text" in only(read(path), InputFailure).reason


def test_html_is_sniffed_without_extension(tmp_path):
    path = tmp_path / "page"
    path.write_bytes((FIXTURES / "sahel_page.html").read_bytes())
    assert only(read(path), Article).title == "Mali junta expels French ambassador"


# --------------------------------------------------------------------------- feeds


def test_rss_feed_entries():
    records = read(FIXTURES / "world_news.rss")
    assert not failures(records)
    protest, sanctions, talks = records
    assert protest.title == "Protesters rally in Tbilisi against foreign agents bill"
    assert protest.url == "https://wire.example/2024/05/01/tbilisi-protest"
    assert protest.id == "wire-2024-0501-tbilisi"
    assert "Riot police used tear gas" in protest.text  # content:encoded preferred over summary
    assert "<" not in protest.text and "<b>" not in sanctions.text
    assert [r.date for r in records] == ["2024-05-01", "2024-06-24", "2023-05-06"]
    assert {r.source for r in records} == {"Global Affairs Wire"}
    assert {r.language for r in records} == {"en"}
    assert talks.id == text_id(talks.text)  # no guid: content id


def test_atom_feed_entries():
    armenia, sweden = read(FIXTURES / "diplomacy.atom")
    assert armenia.title == "Armenia freezes participation in Russian-led security bloc"
    assert armenia.date == "2024-02-23"  # published, not updated
    assert sweden.date == "2024-02-26"  # only updated
    assert armenia.url == "https://dispatch.example/armenia-csto"
    assert "accusing the Moscow-led alliance" in armenia.text
    assert "&lt;" not in armenia.text and "<p>" not in armenia.text
    assert sweden.source == armenia.source == "Diplomatic Dispatch"


def test_feed_sniffed_from_content(tmp_path):
    path = tmp_path / "feed.txt.download"
    path.write_bytes((FIXTURES / "world_news.rss").read_bytes())
    assert len(articles(read(path))) == 3


def test_non_xml_rss_is_a_failure(tmp_path):
    path = tmp_path / "broken.rss"
    path.write_text("this is not a feed at all, just words\n")
    assert "not a valid RSS/Atom feed" in only(read(path), InputFailure).reason


def test_xml_that_is_not_a_feed(tmp_path):
    path = tmp_path / "catalog.xml"
    path.write_text('<?xml version="1.0"?><catalog><book id="1">Dune</book></catalog>')
    assert "not an RSS/Atom feed" in only(read(path), InputFailure).reason


def test_external_entity_is_never_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    path = tmp_path / "xxe.rss"
    path.write_text(
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
        "<description>&xxe;</description></item></channel></rss>"
    )
    records = read(path)
    assert "entities" in only(records, InputFailure).reason
    assert "TOP-SECRET" not in repr(records)


def test_billion_laughs_is_not_expanded(tmp_path):
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    ]
    path = tmp_path / "laughs.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [' + "".join(entities) + "]>\n"
        '<rss version="2.0"><channel><title>t</title><item><title>&lol9;</title>'
        "<description>&lol9;</description></item></channel></rss>"
    )
    started = time.perf_counter()
    records = read(path)
    assert time.perf_counter() - started < 5
    only(records, InputFailure)
    assert "lollollol" not in repr(records)


# --------------------------------------------------------------------------- JSONL


def test_jsonl_records():
    path = FIXTURES / "articles.jsonl"
    first, second, third = read(path)
    source = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert first.id == source[0]["id"]
    assert (first.title, first.url, first.source) == (
        source[0]["title"],
        source[0]["url"],
        source[0]["source"],
    )
    assert second.id == text_id(source[1]["text"])
    assert second.date == source[1]["date"][:10]
    assert third.language == "fr"
    assert [r.origin for r in (first, second, third)] == [f"{path}:{n}" for n in (1, 2, 3)]


def test_malformed_jsonl_line_among_good_lines(tmp_path):
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "ok-1", "text": "Rebels seized the town on Sunday."}),
        '{"id": "broken", "text": "unterminated',
        "",
        json.dumps({"id": "ok-2", "text": "Police arrested the opposition leader."}),
        json.dumps({"id": "no-text", "title": "Only a title"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": 42}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = read(path)
    assert [a.id for a in articles(records)] == ["ok-1", "ok-2"]
    bad = {f.origin: f for f in failures(records)}
    assert set(bad) == {f"{path}:{n}" for n in (2, 5, 6, 7)}
    assert bad[f"{path}:2"].reason.startswith("malformed JSON: ")
    assert "'text'" in bad[f"{path}:5"].reason and bad[f"{path}:5"].article_id == "no-text"
    assert "not a JSON object" in bad[f"{path}:6"].reason


def test_jsonl_language_field_wins_over_detection(tmp_path):
    path = tmp_path / "a.ndjson"
    text = "The government said the talks would resume next week in Geneva."
    path.write_text(json.dumps({"text": text, "language": "de-DE"}) + "\n")
    assert only(read(path), Article).language == "de"


def test_overlong_jsonl_line_is_skipped_and_next_line_read(tmp_path):
    path = tmp_path / "long.jsonl"
    huge = json.dumps({"text": "x " * 5000})
    path.write_text(huge + "\n" + json.dumps({"text": "Troops withdrew."}) + "\n")
    records = read(path, max_chars=1000)
    assert "exceeds the limit" in failures(records)[0].reason
    assert articles(records)[0].text == "Troops withdrew."


def test_json_document_object_array_or_lines(tmp_path):
    records = [{"id": f"doc-{n}", "text": f"Talks resumed in round {n}."} for n in (1, 2)]
    (tmp_path / "one.json").write_text(json.dumps(records[0], indent=2))
    (tmp_path / "two.json").write_text(json.dumps(records, indent=2))
    (tmp_path / "three.json").write_text("\n".join(json.dumps(r) for r in records))
    (tmp_path / "four.json").write_text('{"text": "unfinished",\n')
    found = read(*(tmp_path / f"{n}.json" for n in ("one", "two", "three", "four")))
    # Each text is coded once; its later copies are skipped, naming where it was first read.
    assert [a.id for a in articles(found)] == ["doc-1", "doc-2"]
    assert [a.origin for a in articles(found)] == [
        str(tmp_path / "one.json"),
        f"{tmp_path / 'two.json'}#2",
    ]
    skipped = [r for r in found if isinstance(r, SkippedInput)]
    assert len(skipped) == 3 and all("coded once" in s.reason for s in skipped)
    assert "malformed JSON" in only(failures(found), InputFailure).reason


# --------------------------------------------------------------------------- directories, paths


def test_directory_is_recursive_sorted_and_skips_hidden(tmp_path):
    for name in ("b.txt", "a.txt", "sub/c.txt", ".hidden.txt", ".git/d.txt", "sub/.e.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Protesters marched in the capital. File {name}.")
    origins = [r.origin for r in read(tmp_path)]
    assert origins == [str(tmp_path / n) for n in ("a.txt", "b.txt", "sub/c.txt")]


def test_fixture_directory_reads_every_kind():
    records = read(FIXTURES)
    assert not failures(records)
    assert {Path(a.origin.split(":")[0]).name for a in records} == {
        p.name for p in FIXTURES.iterdir()
    }


def test_missing_path_is_a_failure_and_stream_goes_on(tmp_path):
    records = read(tmp_path / "nope.txt", FIXTURES / "plain_article.txt")
    assert "no such file" in records[0].reason
    assert isinstance(records[1], Article)


def test_read_inputs_is_lazy(tmp_path):
    stream = read_inputs([tmp_path / "missing", FIXTURES / "plain_article.txt"])
    assert isinstance(next(stream), InputFailure)
    assert isinstance(next(stream), Article)


# --------------------------------------------------------------------------- bad bytes


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \n"], ids=["empty", "whitespace"])
@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".html", ""])
def test_empty_input(tmp_path, content, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(content)
    assert only(read(path), InputFailure).reason == "empty input"


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".html", ".png"])
def test_binary_file(tmp_path, suffix):
    path = tmp_path / f"image{suffix}"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert only(read(path), InputFailure).reason == "binary file, not text"


def test_control_characters_without_nul_are_binary(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(1, 32)) * 50)
    assert only(read(path), InputFailure).reason == "binary file, not text"


def test_invalid_utf8(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Some words \x81\x8d\x90\x9d and bytes \xc3\x28 that decode nowhere")
    assert only(read(path), InputFailure).reason == "not valid UTF-8 text"


def test_invalid_utf8_symbols_are_not_taken_for_cp1252(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Text " + bytes(range(0xA1, 0xC0)) * 3)
    assert only(read(path), InputFailure).reason == "not valid UTF-8 text"


def test_cp1252_text_is_read_as_last_resort(tmp_path):
    text = "Le ministre a déclaré que l'armée française quittera le pays d'ici à l'été."
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("cp1252"))
    assert only(read(path), Article).text == text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_text_with_bom(tmp_path, encoding):
    text = "Soldiers detained the president at his residence on Wednesday."
    path = tmp_path / "bom.txt"
    path.write_bytes(text.encode(encoding))
    assert only(read(path), Article).text == text


def test_size_limit_reports_the_length(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("é" * 1200, encoding="utf-8")
    reason = only(read(path, max_chars=1000), InputFailure).reason
    assert (
        reason
        == "text of 1,200 characters exceeds the limit of 1,000 (LAPWING_MAX_CHARS raises it)"
    )
    assert isinstance(only(read(path, max_chars=1200), Article), Article)


def test_fifty_megabyte_file_fails_fast_without_loading_it(tmp_path):
    path = tmp_path / "huge.txt"
    line = b"The army said its troops had repelled an attack near the border town.\n"
    count = 50_000_000 // len(line) + 1
    with path.open("wb") as f:
        for _ in range(count // 1000):
            f.write(line * 1000)
    size = path.stat().st_size
    assert size > 49_000_000
    tracemalloc.start()
    try:
        records = read(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    reason = only(records, InputFailure).reason
    assert reason == (
        f"text of {size:,} characters exceeds the limit of {ingest.DEFAULT_MAX_CHARS:,} "
        "(LAPWING_MAX_CHARS raises it)"
    )
    assert peak < 10_000_000


# --------------------------------------------------------------------------- stdin


def test_stdin_plain_text():
    text = "{Braces} open this text, but it is plain prose about a ceasefire in Gaza."
    article = only(read("-", stdin=io.StringIO(text + "\n")), Article)
    assert article.text == text and article.origin == "<stdin>"


def test_stdin_jsonl_binary_stream():
    lines = [{"id": "s1", "text": "Protesters blocked the road."}, {"text": "Talks resumed."}]
    data = "\n".join(json.dumps(x) for x in lines).encode() + b"\n{oops\n"
    records = read("-", stdin=io.BytesIO(data))
    assert [a.text for a in articles(records)] == [x["text"] for x in lines]
    assert only(failures(records), InputFailure).origin == "<stdin>:3"


def test_stdin_text_stream_jsonl_and_empty():
    stream = io.StringIO("\n" + json.dumps({"text": "Rebels shelled the city."}) + "\n")
    assert only(read("-", stdin=stream), Article).origin == "<stdin>:2"
    assert only(read("-", stdin=io.StringIO("")), InputFailure).reason == "empty input"


def test_stdin_limits_and_bad_bytes():
    long_text = io.BytesIO(b"word " * 400)
    assert (
        "exceeds the limit" in only(read("-", stdin=long_text, max_chars=1000), InputFailure).reason
    )
    binary = io.BytesIO(b"\x00\x01\x02" * 100)
    assert only(read("-", stdin=binary), InputFailure).reason == "binary file, not text"


# --------------------------------------------------------------------------- ids, attribution


def test_same_text_gets_the_same_id_by_any_route(tmp_path):
    text = "The junta asked French forces to leave.\nThey left within a year."
    (tmp_path / "one.txt").write_text(text)
    (tmp_path / "two.txt").write_text("\n  " + text.replace("\n", "\r\n") + "\n\n")
    (tmp_path / "three.jsonl").write_text(json.dumps({"text": text}) + "\n")
    found = read(tmp_path)
    # The JSONL record is read first (plain text last), the two text files are its copies.
    (article,) = articles(found)
    assert article.id.startswith("a-") and article.origin.endswith("three.jsonl:1")
    assert {s.article_id for s in found if isinstance(s, SkippedInput)} == {article.id}
    assert read(tmp_path) == read(tmp_path)


def test_niger_attribution_line_sets_source_and_is_removed(niger_file):
    raw = niger_file.read_text(encoding="utf-8")
    article = only(read(niger_file), Article)
    body, attribution = raw.rstrip("\n").rsplit("\n", 1)
    assert "originally belongs to" in attribution
    assert article.source == "NBC News"
    assert article.text == body
    assert raw.startswith(article.text)  # offsets into the file stay valid
    assert article.language == "en"


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("Source: | This article originally belongs to Nbcnews.com", "NBC News"),
        ("This article originally appeared on aljazeera.com", "Al Jazeera"),
        ("Originally published by bbc.co.uk", "BBC"),
        ("Source: Reuters", "Reuters"),
        ("source: www.reuters.com", "Reuters"),
    ],
)
def test_attribution_variants_at_end_or_start(line, source):
    body = "Gunmen attacked a checkpoint.\nTwo soldiers were killed."
    assert strip_attribution(f"{body}\n{line}\n") == (body, source)
    assert strip_attribution(f"{line}\n\n{body}") == (body, source)


def test_attribution_lines_mid_article_are_kept():
    text = "Gunmen attacked a checkpoint.\nSource: Reuters\nTwo soldiers were killed."
    assert strip_attribution(text) == (text, None)
    sentence = "Originally published by the ministry in 1990, the report said troops left."
    assert strip_attribution(sentence) == (sentence, None)


def test_explicit_source_wins_over_attribution_in_jsonl(tmp_path):
    path = tmp_path / "a.jsonl"
    record = {"text": "Talks collapsed.\nSource: Reuters", "source": "Example Daily"}
    path.write_text(json.dumps(record) + "\n")
    article = only(read(path), Article)
    assert (article.text, article.source) == ("Talks collapsed.", "Example Daily")


def test_sources_table_is_versioned_and_every_row_resolves():
    text = resources.files("lapwing").joinpath("data/sources.tsv").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# version: 2026.11.1"
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    assert rows[0] == ["domain", "name"]
    for domain, name in rows[1:]:
        assert normalize_source(domain) == name
        assert normalize_source(f"https://www.{domain}/news/story") == name
        assert normalize_source(name) == name


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Nbcnews.com", "NBC News"),
        ("reuters.com", "Reuters"),
        ("aljazeera.com", "Al Jazeera"),
        ("news.bbc.co.uk", "BBC"),
        ("edition.cnn.com", "CNN"),
        ("daily-sabah.com", "Daily Sabah"),
        ("premiumtimes.co.ng", "Premiumtimes"),
        ("The Sahel Observer", "The Sahel Observer"),
    ],
)
def test_normalize_source(raw, name):
    assert normalize_source(raw) == name


# --------------------------------------------------------------------------- dates, languages


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-04-12", "2024-04-12"),
        ("2024-04-12T23:59:00+05:00", "2024-04-12"),
        ("Fri, 12 Apr 2024 08:00:00 GMT", "2024-04-12"),
        ("12 April 2024", "2024-04-12"),
        ("2024-02-30", None),
        ("next Tuesday", None),
        ("", None),
    ],
)
def test_normalize_date(raw, expected):
    assert normalize_date(raw) == expected


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The president said that the army would withdraw from the region by the end of it."),
        ("fr", "Le président a déclaré que l'armée se retirera de la région avant la fin du mois."),
        ("es", "El presidente dijo que el ejército se retirará de la región antes del fin de mes."),
        (
            "de",
            "Der Präsident sagte, dass die Armee sich bis Ende des Monats zurückzieht.",
        ),
        ("pt", "O presidente disse que o exército vai se retirar da região até o fim do mês."),
        (
            "it",
            "Il presidente ha detto che l'esercito si ritirerà entro la fine del mese.",
        ),
        (
            "nl",
            "De president zei dat het leger zich voor het einde van de maand terugtrekt.",
        ),
        ("ru", "Президент заявил, что армия выйдет из региона до конца месяца."),
        ("ar", "قال الرئيس إن الجيش سينسحب من المنطقة بحلول نهاية الشهر."),
        ("zh", "总统表示，军队将在月底前撤出该地区。"),
        ("ja", "大統領は、軍が月末までにその地域から撤退すると述べた。"),
    ],
)
def test_detect_language(lang, text):
    detected, confidence = detect_language(text)
    assert detected == lang
    assert 0.3 < confidence <= 1.0


def test_detect_language_without_evidence():
    assert detect_language("") == ("und", 0.0)
    assert detect_language("12345 !!! ---") == ("und", 0.0)


def test_detect_language_on_the_demo_corpus_is_english():
    for line in DEMO.read_text(encoding="utf-8").splitlines():
        language, confidence = detect_language(json.loads(line)["text"])
        assert language == "en" and confidence > 0.8


# --------------------------------------------------------------------------- demo corpus


def test_demo_corpus_reads_cleanly():
    with resources.as_file(DEMO) as path:
        records = read(path)
    assert not failures(records)
    assert len(records) >= 25
    assert records[0].id == "seed_niger" and records[0].source == "NBC News"
    assert len({a.id for a in records}) == len(records)
    assert all(a.date and a.url for a in records[1:])


# --------------------------------------------------------------------------- property


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=500).map(lambda t: t.encode("utf-8")),
        st.sampled_from([codecs.BOM_UTF16_LE, codecs.BOM_UTF8, b"<?xml", b"<rss", b"{"]).flatmap(
            lambda head: st.binary(max_size=500).map(lambda tail: head + tail)
        ),
    ),
    suffix=st.sampled_from([".txt", ".html", ".rss", ".atom", ".jsonl", ".json", ""]),
)
def test_arbitrary_bytes_never_raise(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        records = read(path)
        records += read("-", stdin=io.BytesIO(data))
    assert records
    assert all(isinstance(r, Article | InputFailure) for r in records)
    assert all(r.text.strip() for r in articles(records))
