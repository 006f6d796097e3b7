"""Hostile input: every reader, and the pipeline behind them, on data chosen to break them.

The contract: whatever arrives, each input ends up coded or as an `InputFailure` (an error
row) with a reason, nothing is fetched from the network, and no traceback reaches the user.
The fuzz targets in fuzz/readers.py are run here under hypothesis as well.
"""

from __future__ import annotations

import codecs
import http.server
import importlib.util
import io
import json
import os
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lapwing.ingest import read_inputs
from lapwing.records import Article, CodingResult, InputFailure

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "inputs"


def _load_fuzz_targets():
    spec = importlib.util.spec_from_file_location(
        "lapwing_fuzz_readers", REPO / "fuzz" / "readers.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FUZZ = _load_fuzz_targets()
EVENT_SENTENCE = "Russian troops attacked Nigerien rebels near Niamey on Monday."


def read(*paths, **kwargs) -> list:
    return list(read_inputs([str(p) for p in paths], **kwargs))


def accounted(records: list) -> None:
    """Every record is an article with text or a failure with a reason."""
    assert records
    for record in records:
        assert isinstance(record, Article | InputFailure), record
        if isinstance(record, Article):
            assert record.text.strip()
        else:
            assert record.reason and record.origin


# -- the fuzz targets, under hypothesis ---------------------------------------------------

_structured = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=800).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from(sorted({s for seeds in FUZZ.SEEDS.values() for s in seeds})).flatmap(
        lambda seed: st.tuples(st.integers(0, len(seed)), st.binary(max_size=200)).map(
            lambda cut: seed[: cut[0]] + cut[1]
        )
    ),
)


@pytest.mark.parametrize("target", sorted(FUZZ.TARGETS))
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=_structured)
def test_fuzz_targets_hold_under_hypothesis(target, data):
    FUZZ.TARGETS[target](data)


# -- deep nesting and huge lines ----------------------------------------------------------

NESTED = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    "suffix, content",
    [
        (".jsonl", NESTED + "\n"),
        (".jsonl", '{"text": ' + NESTED + "}\n"),
        (".jsonl", '{"id": "deep", "text": "Troops attacked.", "x": ' + NESTED + "}\n"),
        (".json", NESTED),
        (".json", '{"text": "Troops attacked.", "meta": ' + NESTED + "}"),
    ],
    ids=["array-line", "text-array", "extra-field", "json-array", "json-field"],
)
def test_deeply_nested_json_is_a_failure_not_a_crash(tmp_path, suffix, content):
    path = tmp_path / f"deep{suffix}"
    path.write_text(content)
    records = read(path)
    accounted(records)
    assert any(isinstance(r, InputFailure) for r in records)
    # Without an extension the same bytes are sniffed (and may be taken for plain text).
    sniffed = tmp_path / "deep"
    sniffed.write_text(content)
    accounted(read(sniffed))
    stdin = read("-", stdin=io.BytesIO(content.encode()))
    accounted(stdin)


def test_deep_nesting_on_stdin_among_good_lines():
    good = json.dumps({"id": "good", "text": EVENT_SENTENCE})
    data = "\n".join([good, NESTED, "{" * 50_000, good.replace("good", "good2")]) + "\n"
    records = read("-", stdin=io.BytesIO(data.encode()))
    kinds = [type(r).__name__ for r in records]
    assert kinds == ["Article", "InputFailure", "InputFailure", "Article"]


class _Endless(io.RawIOBase):
    """A stream of `size` bytes of one long line, generated on demand (never in memory)."""

    def __init__(self, size: int, unit: bytes = b"Troops attacked the town again ") -> None:
        self.left = size
        self.unit = unit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.left)
        chunk = (self.unit * (n // len(self.unit) + 1))[:n]
        buffer[:n] = chunk
        self.left -= n
        return n


@pytest.mark.parametrize("first", [b"", b'{"text": "x"}\n'])
def test_huge_line_on_stdin_is_refused_in_bounded_memory(first):
    limit = 200_000
    stream = io.BufferedReader(_Endless(60_000_000))
    source = io.BufferedReader(io.BytesIO(first)) if first else None
    tracemalloc.start()
    try:
        if source is None:
            records = read("-", stdin=stream, max_chars=limit)
        else:
            joined = io.BufferedReader(_Chain(first, _Endless(60_000_000)))
            records = read("-", stdin=joined, max_chars=limit)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    accounted(records)
    assert isinstance(records[-1], InputFailure)
    assert "limit" in records[-1].reason
    # 60 MB went by; a few times the limit (4 bytes per character) may be held, not all.
    assert peak < 40 * limit, f"peak {peak:,} bytes"


class _Chain(io.RawIOBase):
    def __init__(self, head: bytes, tail: io.RawIOBase) -> None:
        self.head = head
        self.tail = tail

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        return self.tail.readinto(buffer)


# -- malformed and truncated HTML / XML ---------------------------------------------------


def _sample_documents() -> list[tuple[str, bytes]]:
    docs = []
    for path in sorted(FIXTURES.iterdir()):
        if path.suffix.lower() in (".rss", ".atom", ".xml", ".html", ".htm"):
            docs.append((path.suffix.lower(), path.read_bytes()))
    assert docs, "tests/fixtures/inputs should hold HTML and feed samples"
    return docs


DOCS = _sample_documents()


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    which=st.integers(0, len(DOCS) - 1),
    cut=st.floats(0, 1),
    garbage=st.sampled_from([b"", b"<", b"</item>", b"&", b"&#", b"]]>", b"<![CDATA[", b"\xff"]),
)
def test_truncated_html_and_feeds(tmp_path_factory, which, cut, garbage):
    suffix, data = DOCS[which]
    truncated = data[: int(len(data) * cut)] + garbage
    path = tmp_path_factory.mktemp("cut") / f"doc{suffix}"
    path.write_bytes(truncated)
    accounted(read(path))


@pytest.mark.parametrize(
    "suffix, content",
    [
        (".html", "<html><body>" + "<div>" * 50_000 + "Troops attacked." + "</div>" * 10),
        (".html", "<p>" + "<b><i>" * 20_000 + "Troops attacked the town."),
        (".html", "<html><!-- never closed " + "x" * 100_000),
        (".html", "<html><body><p>Troops attacked.</p><script>" + "<" * 100_000),
        (".rss", '<rss version="2.0"><channel>' + "<item>" * 20_000),
        (".rss", '<rss version="2.0"><channel><item><description><![CDATA[' + "]" * 50_000),
        (".atom", '<feed xmlns="http://www.w3.org/2005/Atom">' + "<entry><title>" * 10_000),
        (".xml", "<?xml version='1.0'?>" + "<a>" * 100_000),
    ],
    ids=["divs", "inline", "comment", "script", "items", "cdata", "entries", "xml"],
)
def test_malformed_markup_is_read_or_refused_quickly(tmp_path, suffix, content):
    path = tmp_path / f"bad{suffix}"
    path.write_text(content)
    started = time.perf_counter()
    records = read(path)
    assert time.perf_counter() - started < 30
    accounted(records)


# -- entities: never expanded, never fetched ----------------------------------------------


@pytest.fixture(scope="module")
def trap(tmp_path_factory):
    """A loopback HTTP server and a secret file that entity declarations point at."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(
                b'<!ENTITY x "FETCHED-BY-PARSER">' if ".dtd" in self.path else b"FETCHED"
            )

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    secret = tmp_path_factory.mktemp("trap") / "secret.txt"
    secret.write_text("TOP-SECRET-FILE")
    yield f"http://127.0.0.1:{server.server_address[1]}", secret, hits
    server.shutdown()


def _entity_documents(base: str, secret: Path) -> dict[str, str]:
    item = (
        '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
        "<description>{body} Russian troops attacked rebels.</description></item></channel></rss>"
    )
    laughs = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    return {
        "general-http": f'<!DOCTYPE rss [<!ENTITY e SYSTEM "{base}/general">]>'
        + item.format(body="&e;"),
        "general-file": f'<!DOCTYPE rss [<!ENTITY e SYSTEM "file://{secret}">]>'
        + item.format(body="&e;"),
        "parameter": f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "{base}/param.dtd"> %p;]>'
        + item.format(body="&x;"),
        "external-dtd": f'<!DOCTYPE rss SYSTEM "{base}/external.dtd">' + item.format(body="&x;"),
        "public-dtd": f'<!DOCTYPE rss PUBLIC "-//X//Y" "{base}/public.dtd">'
        + item.format(body="&x;"),
        "xinclude": item.format(
            body=f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{base}/xi"/>'
        ),
        "stylesheet": f'<?xml-stylesheet type="text/xsl" href="{base}/style.xsl"?>'
        + item.format(body=""),
        "laughs": "<!DOCTYPE rss [" + "".join(laughs) + "]>" + item.format(body="&l9;"),
    }


_ENCODINGS = {
    "utf-8": lambda s: s.encode("utf-8"),
    "utf-8-bom": lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
    "utf-16": lambda s: s.encode("utf-16"),
    "utf-32": lambda s: s.encode("utf-32"),
    "ebcdic": lambda s: s.encode("cp037"),
}
_DECLARED = {"utf-8": "utf-8", "utf-8-bom": "utf-8", "utf-16": "utf-16", "utf-32": "utf-32",
             "ebcdic": "cp037"}  # fmt: skip


@pytest.mark.parametrize("encoding", sorted(_ENCODINGS))
@pytest.mark.parametrize("suffix", [".rss", ".xml", ".atom", ""])
def test_feed_entities_are_never_fetched_or_expanded(tmp_path, trap, encoding, suffix):
    base, secret, hits = trap
    before = len(hits)
    for name, body in _entity_documents(base, secret).items():
        document = f'<?xml version="1.0" encoding="{_DECLARED[encoding]}"?>\n{body}'
        path = tmp_path / f"{name}{suffix or '.unknown'}"
        if not suffix:
            path = tmp_path / name
        path.write_bytes(_ENCODINGS[encoding](document))
        started = time.perf_counter()
        records = read(path)
        assert time.perf_counter() - started < 10, name
        accounted(records)
        seen = repr(records)
        assert "TOP-SECRET" not in seen and "FETCHED" not in seen, (name, seen[:300])
        assert "lollollol" not in seen, name
    assert hits[before:] == [], "an input reader made a network request"


@pytest.mark.parametrize("encoding", sorted(_ENCODINGS))
def test_entity_declarations_are_refused_in_every_encoding(tmp_path, trap, encoding):
    """Defense in depth: the reader refuses DTD entities before the XML parser sees them,
    whatever encoding the feed is in (feedparser also reads UTF-32 and EBCDIC)."""
    base, secret, _ = trap
    body = _entity_documents(base, secret)["general-file"]
    path = tmp_path / "declares.rss"
    path.write_bytes(
        _ENCODINGS[encoding](f'<?xml version="1.0" encoding="{_DECLARED[encoding]}"?>\n{body}')
    )
    (failure,) = read(path)
    assert isinstance(failure, InputFailure)
    assert "entities" in failure.reason


def test_html_never_fetches_what_it_points_at(tmp_path, trap):
    base, secret, hits = trap
    before = len(hits)
    page = f"""<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY e SYSTEM "file://{secret}"><!ENTITY h SYSTEM "{base}/html-entity">]>
<html><head><title>t</title><link rel="stylesheet" href="{base}/css">
<meta http-equiv="refresh" content="0; url={base}/refresh"><base href="{base}/">
<script src="{base}/js"></script></head>
<body><article><p>&e; &h; Russian troops attacked Nigerien rebels near Niamey.</p>
<img src="{base}/img.png"><iframe src="{base}/frame"></iframe>
<object data="{base}/object"></object><svg><image href="{base}/svg"/></svg>
</article></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page)
    records = read(path)
    accounted(records)
    assert "TOP-SECRET" not in repr(records) and "FETCHED" not in repr(records)
    assert hits[before:] == []


# -- encodings and invisible characters ---------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        EVENT_SENTENCE.encode() + " Caf\u00e9 ".encode("cp1252") + "Café".encode(),  # mixed
        "Café ".encode() + "naïve".encode("latin-1") + b"\x81\x8d",  # undefined cp1252
        codecs.BOM_UTF8 + "Troops attacked.".encode("utf-16-le"),  # BOM lies
        codecs.BOM_UTF16_LE + b"T\x00r\x00\x00\xd8o\x00",  # lone surrogate in UTF-16
        codecs.BOM_UTF16_BE + b"\x00T\x00r\x00",  # truncated UTF-16 pair
        b"\xc0\xaf\xe0\x80\xaf Troops attacked.",  # overlong UTF-8
        b"\xed\xa0\x80 Troops attacked.",  # encoded surrogate
        "Troops attacked.".encode("utf-32"),
    ],
)
@pytest.mark.parametrize("suffix", [".txt", ".html", ".jsonl", ".rss", ""])
def test_mixed_and_broken_encodings(tmp_path, data, suffix):
    path = tmp_path / f"enc{suffix}"
    path.write_bytes(data)
    accounted(read(path))
    accounted(read("-", stdin=io.BytesIO(data)))


INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u202a",
             "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
             "\u0301", "\u00ad", "\u061c", "\u3000", "\u2028", "\u2029", "\x85"]  # fmt: skip


def _check_result(result: CodingResult) -> None:
    text = result.article.text
    for event in result.events:
        assert event.sentence in text
        for role, span in event.spans.items():
            if span:
                start, end = span
                assert 0 <= start < end <= len(text), (role, span, len(text))
        event.to_dict()


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    cuts=st.lists(
        st.tuples(st.integers(0, len(EVENT_SENTENCE)), st.sampled_from(INVISIBLE)), max_size=8
    ),
    rtl=st.sampled_from(["", " قالت الحكومة ", " הממשלה אמרה ", "\u202e.detatta spoort\u202c "]),
)
def test_invisible_and_right_to_left_characters_through_the_pipeline(pipeline, cuts, rtl):
    text = EVENT_SENTENCE
    for position, char in sorted(cuts, reverse=True):
        text = text[:position] + char + text[position:]
    text = text + rtl + EVENT_SENTENCE
    records = read("-", stdin=io.BytesIO(text.encode("utf-8")))
    accounted(records)
    articles = [r for r in records if isinstance(r, Article)]
    for result in pipeline.code(articles):
        _check_result(result)


def test_lone_surrogate_escapes_in_json_are_coded_or_refused(pipeline, tmp_path):
    """JSON may spell a lone surrogate (\\ud800); spaCy and the store cannot encode it."""
    from lapwing.store import open_store

    lines = [
        r'{"id": "s1", "text": "Russian troops attacked Nigerien rebels. \ud800 More."}',
        r'{"id": "s2\udfff", "title": "\ud83d", "source": "\udc00", "text": "Troops attacked."}',
        json.dumps({"id": "ok", "text": EVENT_SENTENCE}),
    ]
    path = tmp_path / "surrogates.jsonl"
    path.write_text("\n".join(lines) + "\n")
    records = read(path)
    accounted(records)
    articles = [r for r in records if isinstance(r, Article)]
    results = list(pipeline.code(articles))
    for result in results:
        _check_result(result)
    with open_store(tmp_path / "s.duckdb") as store:
        store.write(results, [r for r in records if isinstance(r, InputFailure)])
        counts = store.counts()
    assert counts["articles"] + counts["errors"] == len(lines)


# -- long articles through the real pipeline ----------------------------------------------

_FILLER = [
    "The committee published its annual report on agricultural output.",
    "Analysts said the figures were broadly in line with expectations.",
    "Rainfall in the north of the country was higher than last year.",
    "Officials described the harvest season as ordinary.",
    "Local markets opened early because of the holiday.",
    "Prices of millet and sorghum stayed stable through the month.",
    "The report runs to several hundred pages.",
    "Teachers returned to schools after the break.",
    "A new road between two market towns is under construction.",
]


def _run_child(args: list[str], **kwargs) -> tuple[subprocess.CompletedProcess, int]:
    """Run a lapwing command in a child; return it and the child's peak RSS in KiB."""
    code = (
        "import resource, sys\n"
        "from lapwing.cli import main\n"
        "sys.argv = ['lapwing', *sys.argv[1:]]\n"
        "try:\n    main()\n"
        "finally:\n"
        "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "    sys.stderr.write(f'\\nMAXRSS {peak}\\n')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, **kwargs
    )
    rss = int(done.stderr.rsplit("MAXRSS", 1)[1].split()[0]) if "MAXRSS" in done.stderr else 0
    return done, rss


@pytest.mark.slow
def test_ten_thousand_sentence_article_finishes_in_bounded_memory(tmp_path):
    sentences = []
    for i in range(10_000):
        if i % 10 == 0:
            sentences.append(f"Russian troops attacked rebels near Niamey on day {i}.")
        else:
            sentences.append(_FILLER[i % len(_FILLER)])
    path = tmp_path / "long.txt"
    path.write_text(" ".join(sentences))
    db = tmp_path / "long.duckdb"
    # Linear work is ~15 s with the model load; the budget leaves room for a busy machine.
    done, rss = _run_child(
        ["ingest", str(path), "--db", str(db), "--date", "2024-04-12"], timeout=45
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    import duckdb

    conn = duckdb.connect(str(db), read_only=True)
    try:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        errors = conn.execute("SELECT count(*) FROM errors").fetchone()[0]
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        conn.close()
    assert articles + errors == 1
    assert articles == 0 or events > 0
    # The model takes a few hundred MiB; one long article may add some, not gigabytes.
    assert rss < 1_500_000, f"peak {rss / 1024:.0f} MiB"


def test_toponym_resolution_is_not_quadratic(pipeline, monkeypatch):
    from lapwing.records import Article
    from lapwing.stages import places

    calls = {"n": 0}
    real_key = places.place_key

    def counting(value):
        calls["n"] += 1
        return real_key(value)

    monkeypatch.setattr(places, "place_key", counting)
    counts = []
    for n in (100, 200):
        article = Article(id=f"n{n}", text=" ".join([EVENT_SENTENCE] * n), date="2024-04-12",
                          language="en")  # fmt: skip
        calls["n"] = 0
        next(pipeline.code([article]))
        counts.append(calls["n"])
    # Twice the sentences may cost a little more than twice the work, not four times.
    assert counts[1] < 3 * counts[0], counts


@pytest.mark.slow
def test_article_over_a_million_characters_is_coded_or_refused(pipeline):
    """Past spaCy's default max_length (1,000,000) and under lapwing's own limit. Few, long
    sentences keep the per-sentence costs out of this test; it is about the length guard."""
    from lapwing.records import Article

    filler = " ".join(_FILLER).replace(".", ",")
    long_sentence = (filler + " ") * 18 + "and so on."
    text = " ".join([long_sentence] * (1_050_000 // len(long_sentence) + 1)) + " " + EVENT_SENTENCE
    assert len(text) > 1_000_000
    big = Article(id="big", text=text, date="2024-04-12", language="en")
    good = Article(id="good", text=EVENT_SENTENCE, date="2024-04-12", language="en")
    results = list(pipeline.code([big, good]))
    assert [r.article.id for r in results] == ["big", "good"]
    assert results[0].events or results[0].skipped_reason
    assert results[1].events


# -- the whole command: every input accounted for, no traceback ---------------------------


@pytest.mark.slow
def test_ingest_of_a_hostile_directory_accounts_for_every_input(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    inputs = {
        "good.txt": EVENT_SENTENCE.encode(),
        "random.bin": os.urandom(5000),
        "nul.txt": b"Troops\x00attacked",
        "deep.json": NESTED.encode(),
        "surrogate.json": rb'{"id": "sur", "text": "Troops attacked rebels. \ud800"}',
        "truncated.rss": b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>Tr',
        "xxe.rss": b'<!DOCTYPE rss [<!ENTITY e SYSTEM "file:///etc/passwd">]><rss/>',
        "empty.html": b"<html><body></body></html>",
        "rtl.txt": ("\u202e" + EVENT_SENTENCE + "\u200b\u200f").encode(),
        "cp1252.txt": "Les troupes ont attaqu\u00e9 la ville \u20ac hier.".encode("cp1252"),
        "french.txt": "Les troupes russes ont attaqué les rebelles près de Niamey.".encode(),
        "unclosed.html": b"<html><body><article><p>Russian troops attacked rebels near Niamey."
        b"<p><b><i><div>",
    }
    for name, data in inputs.items():
        (corpus / name).write_bytes(data)
    db = tmp_path / "hostile.duckdb"
    done, _ = _run_child(["ingest", str(corpus), "--db", str(db), "--date", "2024-04-12"],
                         timeout=300)  # fmt: skip
    assert done.returncode == 1, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    import duckdb

    conn = duckdb.connect(str(db), read_only=True)
    try:
        origins = {o for (o,) in conn.execute("SELECT origin FROM articles").fetchall()}
        failed = {o for (o,) in conn.execute("SELECT origin FROM errors").fetchall()}
        reasons = [r for (r,) in conn.execute("SELECT reason FROM errors").fetchall()]
    finally:
        conn.close()
    names = {Path(o.split(":")[0]).name for o in origins | failed}
    assert names == set(inputs), set(inputs) ^ names
    assert all(reason.strip() for reason in reasons)


@pytest.mark.parametrize(
    "data",
    [
        b'<rss version="2.0"><channel><title>t</title></channel></rss>',
        b'<?xml version"1.0="?><rss ersion="2.0"></rss>',  # found by fuzz/readers.py feed
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>',
    ],
)
def test_a_feed_without_entries_is_reported_not_dropped(tmp_path, data):
    path = tmp_path / "empty.rss"
    path.write_bytes(data)
    (record,) = read(path)
    assert isinstance(record, InputFailure) and "entries" in record.reason
