"""Hostile feeds and records from issue 16: entity declarations hidden by an encoding,
huge JSON integers, marked-section fragments, NUL bytes and feedparser's slow regexes.
Each input must end as an error row for itself alone; nothing may crash the process."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time

import pytest

from lapwing.ingest import read_inputs
from lapwing.records import Article, InputFailure

GOOD = "Police arrested protesters in Niamey on Monday."


def read(*paths, **kwargs) -> list:
    return list(read_inputs([str(p) for p in paths], **kwargs))


# -- item 1: entity declarations in encodings the raw-byte check did not know ------------


def _nested_entity_feed(encoding: str, levels: int, fanout: int = 1) -> bytes:
    """A feed declaring `levels` entities, each `fanout` references to the one before."""
    decls = '<!ENTITY e0 "xxxxxxxxxx">' + "".join(
        f'<!ENTITY e{i} "{f"&e{i - 1};" * fanout}">' for i in range(1, levels)
    )
    body = (
        f'<!DOCTYPE rss [{decls}]><rss version="2.0"><channel><item><title>T</title>'
        f"<description>Troops attacked &e{levels - 1}; rebels.</description></item>"
        "</channel></rss>"
    )
    declaration = f'<?xml version="1.0" encoding="{encoding}"?>'
    if encoding == "utf-7":  # every "<" spelled +ADw-: no "<!ENTITY" in the raw bytes
        return declaration.encode("ascii") + body.encode("utf-7").replace(b"<", b"+ADw-")
    return (declaration + body).encode(encoding)


@pytest.mark.parametrize("encoding", ["cp500", "utf-7", "cp1140", "utf-16"])
def test_deeply_nested_entities_in_any_encoding_are_an_error_row_not_a_segfault(tmp_path, encoding):
    path = tmp_path / "deep.rss"
    path.write_bytes(_nested_entity_feed(encoding, 30_000))
    # In a child: on expat 2.5 the unfixed reader dies with SIGSEGV, taking pytest along.
    script = (
        "import sys\nfrom lapwing.ingest import read_inputs\n"
        "for r in read_inputs([sys.argv[1]]):\n"
        "    print(type(r).__name__, getattr(r, 'reason', len(getattr(r, 'text', ''))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert done.stdout.splitlines() == [
        "InputFailure XML declares entities (DTD); refused as unsafe"
    ]


@pytest.mark.parametrize("encoding", ["cp500", "utf-7", "cp1140"])
def test_small_entity_expansion_feeds_are_refused_not_expanded(tmp_path, encoding):
    path = tmp_path / "laughs.rss"
    path.write_bytes(_nested_entity_feed(encoding, 5, fanout=10))  # 100,000 characters
    assert len(path.read_bytes()) < 700
    (record,) = read(path)
    assert isinstance(record, InputFailure), (type(record), len(getattr(record, "text", "")))
    assert "entities" in record.reason


@pytest.mark.parametrize(
    "declaration",
    [b'encoding="\xffcp1140"', b'encoding="utf-8\xc4"', b'encoding="no-such-codec"'],
    ids=["not-utf8-name", "cut-utf8-name", "unknown"],
)
def test_an_unreadable_encoding_name_is_an_error_row(tmp_path, declaration):
    """Found by fuzzing the decoding step: feedparser's own conversion raises on these."""
    path = tmp_path / "named.rss"
    path.write_bytes(
        b'<?xml version="1.0" ' + declaration + b'?><rss version="2.0"><channel><item>'
        b"<title>T</title><description>Troops attacked.</description></item></channel></rss>"
    )
    records = read(path)
    assert records and all(isinstance(r, InputFailure | Article) for r in records)


# -- item 3: marked-section fragments in feed entries ---------------------------------------

MARKED = ["&lt;![&lt;![", "&lt;![foo[ x ]]&gt;", "&lt;p&gt;a &lt;![ b&lt;/p&gt;", "&lt;![&lt;!["]


def _marked_feed() -> str:
    items = "".join(
        f"<item><guid>m{i}</guid><title>T{i} {m}</title>"
        f"<description>{GOOD} {m}</description></item>"
        for i, m in enumerate(MARKED)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}</channel></rss>'
    )


def test_marked_section_fragments_in_a_feed_are_text_not_an_assertion(tmp_path):
    path = tmp_path / "marked.rss"
    path.write_text(_marked_feed(), encoding="utf-8")
    records = read(path)
    assert [type(r).__name__ for r in records] == ["Article"] * len(MARKED)
    assert all(r.text.startswith(GOOD) for r in records)
    assert "<![<![" in records[0].text  # kept as the text it is, not cut off


def test_marked_section_fragments_do_not_stop_the_watcher(tmp_path, pipeline):
    from lapwing.store import open_store
    from lapwing.watch import Watcher

    feed = tmp_path / "marked.rss"
    feed.write_text(_marked_feed(), encoding="utf-8")
    with open_store(tmp_path / "w.duckdb") as store:
        stats = Watcher(store, pipeline.code, sleep=lambda s: None).poll([str(feed)])
        assert (stats.articles_stored, stats.errors) == (len(MARKED), 0)


# -- item 2: integers longer than int() reads -----------------------------------------------

LONG = "9" * 5_000


def _kinds(records: list) -> list[str]:
    return [type(r).__name__ for r in records]


def test_a_long_integer_fails_its_own_record_in_jsonl_json_and_stdin(tmp_path):
    good = json.dumps({"id": "good", "text": GOOD})
    bad = '{"text": "x", "n": ' + LONG + "}"
    bad_id = '{"id": ' + LONG + ', "text": "' + GOOD + '"}'
    lines = "\n".join([good, bad, bad_id, good.replace("good", "good2")]) + "\n"
    (tmp_path / "long.jsonl").write_text(lines)
    (tmp_path / "sniffed").write_text(bad + "\n" + good + "\n")  # sniffing reads line 1
    (tmp_path / "array.json").write_text(f"[{good}, {bad}, {bad_id}]")
    (tmp_path / "object.json").write_text(bad)
    expected = {
        "long.jsonl": ["Article", "InputFailure", "InputFailure", "Article"],
        "sniffed": ["InputFailure", "Article"],
        "array.json": ["Article", "InputFailure", "InputFailure"],
        "object.json": ["InputFailure"],
    }
    for name, kinds in expected.items():
        records = read(tmp_path / name)
        assert _kinds(records) == kinds, name
        assert all("4,300 digits" in r.reason for r in records if isinstance(r, InputFailure))
    stdin = list(read_inputs(["-"], stdin=io.BytesIO(lines.encode())))
    assert _kinds(stdin) == expected["long.jsonl"]


def test_a_long_integer_leaves_the_rest_of_the_run_stored(tmp_path):
    import duckdb
    from typer.testing import CliRunner

    from lapwing.cli import app

    first = tmp_path / "a.jsonl"
    first.write_text(
        json.dumps({"id": "a1", "text": GOOD}) + "\n" + '{"text": "x", "n": ' + LONG + "}\n"
    )
    second = tmp_path / "b.jsonl"
    second.write_text(json.dumps({"id": "b1", "text": "Troops attacked rebels in Gao."}) + "\n")
    db = tmp_path / "run.duckdb"
    done = CliRunner().invoke(app, ["ingest", str(first), str(second), "--db", str(db)])
    assert done.exit_code == 1, done.output  # 1: some input failed
    assert "Traceback" not in done.output
    conn = duckdb.connect(str(db), read_only=True)
    try:
        ids = sorted(i for (i,) in conn.execute("SELECT id FROM articles").fetchall())
        reasons = [r for (r,) in conn.execute("SELECT reason FROM errors").fetchall()]
    finally:
        conn.close()
    assert ids == ["a1", "b1"]
    assert len(reasons) == 1 and "4,300 digits" in reasons[0]


# -- item 10: a NUL byte is one bad line, not a binary file -----------------------------


def _good_lines(first: int, count: int) -> bytes:
    """Distinct good records: a second copy of a text is skipped, not read again."""
    return b"".join(
        (json.dumps({"text": f"{GOOD} Report {i}."}) + "\n").encode()
        for i in range(first, first + count)
    )


def test_a_nul_byte_in_jsonl_fails_only_its_line(tmp_path):
    data = (
        _good_lines(0, 2) + b'{"text": "a\x00b"}\n' + b'{"text"\x00: "c"}\n' + _good_lines(2, 500)
    )
    for name in ("nul.jsonl", "nul.ndjson", "nul.json", "nul"):
        path = tmp_path / name
        path.write_bytes(data)
        records = read(path)
        assert _kinds(records) == ["Article"] * 2 + ["InputFailure"] * 2 + ["Article"] * 500, name
        assert [r.origin for r in records if isinstance(r, InputFailure)] == [
            f"{path}:3",
            f"{path}:4",
        ]


def test_a_repeated_jsonl_line_is_read_once_and_its_copies_are_skipped_with_a_reason(tmp_path):
    path = tmp_path / "repeated.jsonl"
    path.write_bytes((json.dumps({"text": GOOD}) + "\n").encode() * 3)
    records = read(path)
    assert _kinds(records) == ["Article", "SkippedInput", "SkippedInput"]
    first = f"{path}:1"
    assert [r.origin for r in records] == [first, f"{path}:2", f"{path}:3"]
    assert all(r.reason.startswith(f"same text as {first} ") for r in records[1:])


def test_a_binary_file_named_jsonl_is_still_one_binary_failure(tmp_path):
    path = tmp_path / "image.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 400)
    (record,) = read(path)
    assert record.reason == "binary file, not text"


# -- item 7: feedparser's quadratic author regex; a time limit around feed parsing ----------


def _author_feed(length: int) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><title>T</title>'
        f"<author>{'a' * length}</author><description>{GOOD}</description></item></channel></rss>"
    )


def test_a_feed_over_the_time_limit_is_an_error_row_and_the_next_feed_is_read(
    tmp_path, monkeypatch
):
    from lapwing import ingest

    monkeypatch.setattr(ingest, "FEED_SECONDS", 1.0)
    slow = tmp_path / "slow.rss"
    slow.write_text(_author_feed(32_000))  # ~15 s in feedparser's author regex
    fine = tmp_path / "fine.rss"
    fine.write_text(_author_feed(20))
    started = time.perf_counter()
    records = read(slow, fine)
    assert time.perf_counter() - started < 8
    assert _kinds(records) == ["InputFailure", "Article"]
    assert records[0].reason == "feed took more than 1 s to parse; refused"
    assert records[1].text == GOOD


def test_a_feed_parser_that_dies_is_an_error_row_not_the_end_of_the_run(tmp_path):
    from lapwing import ingest

    slow = tmp_path / "slow.rss"
    slow.write_text(_author_feed(32_000))
    fine = tmp_path / "fine.rss"
    fine.write_text(_author_feed(20))
    read(fine)  # the child is running

    def kill_the_child() -> None:
        time.sleep(0.5)
        ingest._FEED_PARSER._child.kill()  # as a segfault in expat would end it

    killer = threading.Thread(target=kill_the_child)
    killer.start()
    records = read(slow, fine)
    killer.join()
    assert _kinds(records) == ["InputFailure", "Article"]
    assert records[0].reason == "the feed parser process ended on this feed"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_process_gets_its_own_feed_parser(tmp_path):
    from lapwing import ingest

    fine = tmp_path / "fine.rss"
    fine.write_text(_author_feed(20))
    assert _kinds(read(fine)) == ["Article"]
    parents_child = ingest._FEED_PARSER._child
    pid = os.fork()
    if pid == 0:  # the fork must not talk on (or kill) the parent's pipes
        ok = _kinds(read(fine)) == ["Article"] and ingest._FEED_PARSER._child is not parents_child
        ingest._FEED_PARSER.stop()
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert ingest._FEED_PARSER._child is parents_child and parents_child.poll() is None
    assert _kinds(read(fine)) == ["Article"]
