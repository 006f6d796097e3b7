"""Fuzz targets for every input reader (plain text, HTML, RSS/Atom, JSONL, JSON, stdin).

Each target takes raw bytes and checks the reader's contract: it never raises, it yields
at least one record, and each record is an `Article` with text or an `InputFailure` with a
reason. The targets are plain functions so that the hypothesis tests in
tests/reliability/test_hostile_input.py run them too; `python fuzz/readers.py TARGET`
runs one under atheris (see fuzz/README.md).
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from lapwing.ingest import read_inputs
from lapwing.records import Article, InputFailure

# Small enough that the fuzzer reaches the "too long" branches with short inputs.
MAX_CHARS = 4096
_SCRATCH = Path(tempfile.mkdtemp(prefix="lapwing-fuzz-"))


def check_records(records: list, what: str) -> None:
    """The reader contract every target asserts."""
    if not records:
        raise AssertionError(f"{what}: no record at all (input silently dropped)")
    for record in records:
        if isinstance(record, Article):
            if not record.text.strip():
                raise AssertionError(f"{what}: article without text: {record!r}")
            if not record.id:
                raise AssertionError(f"{what}: article without id")
            if record.date is not None and len(record.date) != 10:
                raise AssertionError(f"{what}: date not YYYY-MM-DD: {record.date!r}")
        elif isinstance(record, InputFailure):
            if not record.reason or not record.origin:
                raise AssertionError(f"{what}: failure without reason/origin: {record!r}")
            if "\n" in record.reason and "Traceback" in record.reason:
                raise AssertionError(f"{what}: traceback in a reason")
        else:
            raise AssertionError(f"{what}: unexpected record {type(record).__name__}")


def _read_file(data: bytes, suffix: str) -> list:
    path = _SCRATCH / f"input{suffix}"
    path.write_bytes(data)
    try:
        return list(read_inputs([path], max_chars=MAX_CHARS))
    finally:
        path.unlink(missing_ok=True)


def fuzz_text(data: bytes) -> None:
    check_records(_read_file(data, ".txt"), "text")


def fuzz_html(data: bytes) -> None:
    check_records(_read_file(data, ".html"), "html")


def fuzz_feed(data: bytes) -> None:
    check_records(_read_file(data, ".rss"), "feed")


def fuzz_jsonl(data: bytes) -> None:
    check_records(_read_file(data, ".jsonl"), "jsonl")


def fuzz_json(data: bytes) -> None:
    check_records(_read_file(data, ".json"), "json")


def fuzz_sniffed(data: bytes) -> None:
    """No telling extension: the reader sniffs the kind from the first bytes."""
    check_records(_read_file(data, ""), "sniffed")


def fuzz_stdin(data: bytes) -> None:
    check_records(list(read_inputs(["-"], stdin=io.BytesIO(data), max_chars=MAX_CHARS)), "stdin")
    text = data.decode("utf-8", "replace")
    check_records(
        list(read_inputs(["-"], stdin=io.StringIO(text), max_chars=MAX_CHARS)), "stdin-text"
    )


TARGETS: dict[str, Callable[[bytes], None]] = {
    "text": fuzz_text,
    "html": fuzz_html,
    "feed": fuzz_feed,
    "jsonl": fuzz_jsonl,
    "json": fuzz_json,
    "sniffed": fuzz_sniffed,
    "stdin": fuzz_stdin,
}

# Seeds that put the fuzzer near the interesting branches of each reader.
SEEDS: dict[str, list[bytes]] = {
    "text": [
        b"Russian troops attacked rebels near Niamey.\n",
        b"\xef\xbb\xbfText",
        b"\xff\xfeT\x00",
    ],
    "html": [
        b"<html><head><title>t</title></head><body><article><p>Russian troops attacked "
        b"rebels.</p></article></body></html>",
        b"<!doctype html><p>unclosed <b>tags <script>x",
    ],
    "feed": [
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>x'
        b"</title><description>Troops attacked.</description></item></channel></rss>",
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title><content>'
        b"Troops attacked.</content></entry></feed>",
    ],
    "jsonl": [b'{"id": "a", "text": "Troops attacked.", "date": "2024-04-12"}\n{"text": 5}\n'],
    "json": [b'[{"id": "a", "text": "Troops attacked."}]', b'{"text": "x"}'],
    "sniffed": [b"<rss><channel><item><title>x</title></item></channel></rss>", b'{"text":"x"}'],
    "stdin": [b'{"text": "Troops attacked."}\n', b"Troops attacked.\n"],
}


def _declared(encoding: str, body: str) -> bytes:
    declaration = f'<?xml version="1.0" encoding="{encoding}"?>'.encode("ascii")
    if encoding == "utf-7":
        return declaration + body.encode("utf-7").replace(b"<", b"+ADw-")
    return declaration + body.encode(encoding)


# What found issue 16: declarations hidden by an encoding, integers int() will not read,
# marked-section fragments html.parser asserted on, NUL bytes among good JSON lines.
_ENTITIES = (
    '<!DOCTYPE rss [<!ENTITY a "xxxx"><!ENTITY b "&a;&a;&a;">]><rss version="2.0"><channel>'
    "<item><title>T</title><description>Troops attacked &b;.</description></item></channel></rss>"
)
_MARKED = (
    b'<rss version="2.0"><channel><item><title>&lt;![&lt;![</title><description>Troops '
    b"attacked. &lt;![foo[ x ]]&gt; &lt;p&gt;a &lt;![</description></item></channel></rss>"
)
_LONG = b"9" * 4400
_GOOD = b'{"text": "Troops attacked."}\n'
SEEDS["feed"] += [*(_declared(e, _ENTITIES) for e in ("cp500", "utf-7", "cp1140")), _MARKED]
SEEDS["sniffed"] += [_declared("cp500", _ENTITIES), b'{"text": "x", "n": ' + _LONG + b"}\n" + _GOOD]
SEEDS["jsonl"] += [
    _GOOD + b'{"text": "x", "n": ' + _LONG + b"}\n",
    _GOOD + b'{"text": "a\x00b"}\n' + _GOOD,
]
SEEDS["json"] += [b'[{"text": "Troops attacked."}, {"text": "x", "n": ' + _LONG + b"}]"]
SEEDS["stdin"] += [_GOOD + b'{"id": ' + _LONG + b', "text": "x"}\n' + b"\x00\n" + _GOOD]
SEEDS["html"] += [b"<html><body><p>Troops attacked <![<![ the town.</p><![if x]>y</body></html>"]


def main(argv: list[str]) -> None:
    import atheris

    if len(argv) < 2 or argv[1] not in TARGETS:
        sys.exit(f"usage: python fuzz/readers.py {{{','.join(TARGETS)}}} [libFuzzer options]")
    name = argv[1]
    target = TARGETS[name]
    corpus = Path(__file__).parent / "corpus" / name
    if not corpus.exists():
        corpus.mkdir(parents=True)
        for n, seed in enumerate(SEEDS[name]):
            (corpus / f"seed-{n}").write_bytes(seed)
    atheris.instrument_all()
    # libFuzzer reads its options and the corpus directory from argv.
    atheris.Setup([argv[0], *argv[2:], str(corpus)], target)
    atheris.Fuzz()


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    main(sys.argv)
