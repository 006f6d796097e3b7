"""Input readers: text, HTML, RSS/Atom, JSONL, CSV/TSV and Parquet files (or standard
input) -> Article.

`read_inputs` is a generator: files are read one at a time, directories are walked lazily and
JSONL and CSV are read record by record, so a large corpus never sits in memory at once. Bad
input never raises; it becomes an `InputFailure` with a readable reason and the stream goes
on. What is left out on purpose (a file of no article kind in a directory, a text read once
already) is a `SkippedInput`, reported and counted but no error.
"""

from __future__ import annotations

import atexit
import codecs
import csv
import datetime as dt
import email.utils
import hashlib
import html
import io
import json
import os
import re
import subprocess
import sys
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import date, datetime
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, TextIO
from urllib.parse import urlsplit

from lapwing.records import Article, InputFailure, SkippedInput

__all__ = [
    "DEFAULT_MAX_CHARS",
    "detect_language",
    "make_article",
    "normalize_date",
    "normalize_source",
    "read_inputs",
    "strip_attribution",
    "text_id",
]

DEFAULT_MAX_CHARS = 5_000_000
# The longest one feed may take to parse: a 5 MB feed takes a few seconds, but feedparser's
# author regex is quadratic (a 64 KB author field takes a minute).
FEED_SECONDS = 30.0
STDIN_ORIGIN = "<stdin>"

Record = Article | InputFailure

_TEXT_EXTS = frozenset({".txt", ".text"})
_HTML_EXTS = frozenset({".html", ".htm", ".xhtml"})
_FEED_EXTS = frozenset({".xml", ".rss", ".atom"})
_JSONL_EXTS = frozenset({".jsonl", ".ndjson"})
_TABLE_EXTS = {".csv": ",", ".tsv": "\t", ".tab": "\t"}  # kind "csv" / "tsv" by delimiter
# The fields an article record may carry (JSONL keys, CSV/TSV and Parquet columns).
ARTICLE_FIELDS = ("id", "text", "title", "date", "source", "url", "language")
_SNIFF_BYTES = 65_536
_CHUNK = 1 << 20


# --------------------------------------------------------------------------- public helpers


def text_id(text: str) -> str:
    """Content id of an article: `a-` + the first 16 hex digits of sha1(normalized text)."""
    normalized = unicodedata.normalize("NFC", " ".join(text.split()))
    return "a-" + hashlib.sha1(normalized.encode("utf-8")).hexdigest()[:16]


def normalize_date(value: object) -> str | None:
    """`YYYY-MM-DD` from an ISO 8601 or RFC 822 date (or a date/datetime); None if unparseable."""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if not isinstance(value, str) or not value.strip():
        return None
    raw = value.strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])", raw)
    if match:
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    try:
        parsed = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.strftime("%Y-%m-%d")
    for fmt in ("%Y%m%d", "%Y/%m/%d", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y"):
        try:
            return datetime.strptime(raw, fmt).strftime("%Y-%m-%d")
        except ValueError:
            continue
    return None


@cache
def _source_table() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(domain -> name, lower-cased name -> name, domain label -> name) from data/sources.tsv."""
    by_domain: dict[str, str] = {}
    text = resources.files("lapwing").joinpath("data/sources.tsv").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header, *rows = rows
    if header.split("\t")[:2] != ["domain", "name"]:
        raise ValueError("data/sources.tsv: header must be 'domain<TAB>name'")
    for row in rows:
        domain, name = row.split("\t")[:2]
        by_domain[domain.strip().lower()] = name.strip()
    by_name = {name.lower(): name for name in by_domain.values()}
    by_label = {_domain_label(d): name for d, name in by_domain.items()}
    return by_domain, by_name, by_label


_DOMAIN_RE = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$")
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "go", "ne", "or"})


def _domain_label(domain: str) -> str:
    """The registrable name of a domain without its suffix: `news.bbc.co.uk` -> `bbc`."""
    parts = domain.split(".")
    if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL and len(parts[-1]) == 2:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else parts[0]


def normalize_source(name: str | None) -> str | None:
    """Publisher name from a name, domain or URL: `Nbcnews.com` -> `NBC News`.

    Well-known outlets come from `data/sources.tsv`; an unknown domain becomes a readable
    title-cased name (`daily-sabah.com` -> `Daily Sabah`); other names are kept as written.
    """
    if name is None:
        return None
    value = " ".join(name.split()).strip(" .,;:|-")
    if not value:
        return None
    by_domain, by_name, by_label = _source_table()
    if value.lower() in by_name:
        return by_name[value.lower()]
    host = value.lower()
    if "://" in host:
        host = urlsplit(host).hostname or ""
    else:
        host = host.split("/")[0]
    host = host.removeprefix("www.")
    if _DOMAIN_RE.match(host):
        parts = host.split(".")
        for i in range(len(parts) - 1):
            if ".".join(parts[i:]) in by_domain:
                return by_domain[".".join(parts[i:])]
        label = _domain_label(host)
        if label in by_label:
            return by_label[label]
        return " ".join(w.capitalize() for w in re.split(r"[-_]+", label) if w) or value
    if value.lower() in by_label:
        return by_label[value.lower()]
    return value if any(c.isupper() for c in value) else value.title()


_ATTRIBUTION_RE = re.compile(
    r"""^\s*(?:source\s*:\s*\|?\s*)?
    (?:
        this\s+(?:article|story|post|report)\s+
            (?:(?:was\s+)?(?:originally|first)\s+)?
            (?:belongs\s+to|appeared\s+(?:on|in|at)|(?:was\s+)?published\s+(?:on|by|in|at))
      | (?:originally|first)\s+(?:published|appeared)\s+(?:on|by|in|at)
      | source\s*:
      | via\s*:
    )\s*(?P<name>[^\n]{2,80}?)\s*\.?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def strip_attribution(text: str) -> tuple[str, str | None]:
    """Remove publisher attribution lines at the start or end of `text`.

    Returns the text without them and the normalized publisher they name (the last one found),
    e.g. `Source: | This article originally belongs to Nbcnews.com` -> `NBC News`.
    Lines inside the article are never touched.
    """
    lines = text.split("\n")
    source: str | None = None

    def take(line: str) -> bool:
        nonlocal source
        match = _ATTRIBUTION_RE.match(line)
        if not match:
            return False
        name = match.group("name").strip(" |")
        if not name or len(name.split()) > 6 or re.search(r"[,;!?\"]", name):
            return False
        source = normalize_source(name) or source
        return True

    while lines and (not lines[-1].strip() or take(lines[-1])):
        lines.pop()
    while lines and (not lines[0].strip() or take(lines[0])):
        lines.pop(0)
    return "\n".join(lines), source


# --------------------------------------------------------------------------- language detection

# Frequent function words per language; each word counts 1/(number of languages that share it).
_PROFILES: dict[str, str] = {
    "en": "the of and to in is that for it was on with as by at from his her they this which "
    "be are were has have had not but an or said will would their been who its after than",
    "fr": "le la les de des du et est un une dans que qui pour pas sur au aux par il elle "
    "ce cette ont sont avec plus se ne été leur mais ou son sa ses nous vous était",
    "es": "el la los las de del y en que es un una por con para se no su sus al lo como "
    "más pero fue ha han este esta son también entre sobre desde había",
    "de": "der die das und ist nicht ein eine zu den dem des mit von sich auf für im auch "
    "es wird werden hat haben wurde nach bei aus sie er wir oder noch dass",
    "pt": "o a os as de do da dos das e em que um uma para com não no na nos nas por se "
    "mais foi ao pelo pela são também é seu sua ele ela entre",
    "it": "il lo la i gli le di del della dei delle e è che un una per con non in nel "
    "nella si da al alla sono ha anche come più ma questo questa",
    "nl": "de het een en van in is dat op te zijn voor met niet die aan er ook als door "
    "maar om bij wordt werd heeft hebben naar uit nog deze dit",
}
_WORD_WEIGHTS: dict[str, dict[str, float]] = {}
for _lang, _words in _PROFILES.items():
    for _word in set(_words.split()):
        _WORD_WEIGHTS.setdefault(_word, {})[_lang] = 1.0
for _word, _langs in _WORD_WEIGHTS.items():
    for _lang in _langs:
        _langs[_lang] = 1.0 / len(_langs)

# Letters that point to one or two Latin-script languages.
_LETTER_HINTS = {
    "ç": ("fr", "pt"),
    "ñ": ("es",),
    "ã": ("pt",),
    "õ": ("pt",),
    "ß": ("de",),
    "ä": ("de",),
    "ö": ("de",),
    "ü": ("de",),
    "è": ("fr", "it"),
    "ê": ("fr", "pt"),
    "à": ("fr", "it"),
    "ù": ("fr", "it"),
    "¿": ("es",),
    "¡": ("es",),
}
_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _script_of(char: str) -> str | None:
    code = ord(char)
    if 0x0400 <= code <= 0x04FF:
        return "cyrillic"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    if 0x3040 <= code <= 0x30FF:
        return "kana"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
        return "han"
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
        return "hangul"
    if 0x0590 <= code <= 0x05FF:
        return "hebrew"
    if 0x0370 <= code <= 0x03FF:
        return "greek"
    if 0x0900 <= code <= 0x097F:
        return "devanagari"
    if 0x0E00 <= code <= 0x0E7F:
        return "thai"
    if char.isalpha():
        return "latin"
    return None


_SCRIPT_LANG = {
    "arabic": "ar",
    "hangul": "ko",
    "hebrew": "he",
    "greek": "el",
    "devanagari": "hi",
    "thai": "th",
}


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and a confidence in [0, 1]; `("und", 0.0)` when nothing points anywhere.

    Offline and fast: the writing system decides non-Latin scripts (Cyrillic -> ru or uk,
    Arabic -> ar, kana -> ja, Han -> zh, ...); Latin-script text is scored against
    function-word profiles of en, fr, es, de, pt, it and nl. Only the first 20,000
    characters are looked at.
    """
    sample = text[:20_000]
    scripts: dict[str, int] = {}
    for char in sample:
        script = _script_of(char)
        if script:
            scripts[script] = scripts.get(script, 0) + 1
    letters = sum(scripts.values())
    if not letters:
        return "und", 0.0
    script, count = max(scripts.items(), key=lambda item: item[1])
    if scripts.get("kana", 0) >= 0.1 * letters:
        return "ja", round(min(1.0, (scripts["kana"] + scripts.get("han", 0)) / letters), 3)
    share = count / letters
    if script == "han":
        return "zh", round(share, 3)
    if script == "cyrillic":
        ukrainian = sum(sample.count(c) for c in "іїєґІЇЄҐ")
        return ("uk" if ukrainian > 0.01 * count else "ru"), round(share, 3)
    if script in _SCRIPT_LANG:
        return _SCRIPT_LANG[script], round(share, 3)
    if script != "latin":
        return "und", 0.0

    scores = dict.fromkeys(_PROFILES, 0.0)
    words = _WORD_RE.findall(sample.lower())
    for word in words:
        for lang, weight in _WORD_WEIGHTS.get(word, {}).items():
            scores[lang] += weight
    lowered = sample.lower()
    for letter, langs in _LETTER_HINTS.items():
        hits = lowered.count(letter)
        if hits:
            for lang in langs:
                scores[lang] += 0.5 * hits / len(langs)
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top <= 0:
        return "und", 0.0
    margin = (top - second) / top
    evidence = min(1.0, top / 6.0)  # a handful of function words before we are sure
    return best, round(share * evidence * (0.5 + 0.5 * margin), 3)


# --------------------------------------------------------------------------- building articles


def _clean(value: object) -> str | None:
    if value is None or isinstance(value, dict | list | bool | _LongNumber):
        return None
    text = " ".join(str(value).split())
    return text or None


def _language_code(value: object) -> str | None:
    code = _clean(value)
    if not code:
        return None
    primary = re.split(r"[-_]", code.lower())[0]
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(value: Any) -> Any:
    """JSON can spell lone surrogates (`"\\ud800"`), which no encoder, model or database
    takes: they become U+FFFD, as undecodable bytes would."""
    if isinstance(value, str) and _SURROGATE.search(value):
        return _SURROGATE.sub("\ufffd", value)
    return value


def make_article(
    text: str,
    *,
    id: str | None = None,
    title: str | None = None,
    date: str | None = None,
    source: str | None = None,
    url: str | None = None,
    language: str | None = None,
    origin: str | None = None,
    default_date: str | None = None,
    default_source: str | None = None,
    source_is_explicit: bool = True,
) -> Article:
    """Finish one article: strip attribution lines, normalize date and source, id, language.

    An explicit `source` wins over an attribution line; with `source_is_explicit=False` (a
    page's site name, a feed's title) the attribution line wins. The defaults fill in only
    what is still missing.
    """
    text, id, title, date, source, url, language = (
        _without_surrogates(v) for v in (text, id, title, date, source, url, language)
    )
    body, attributed = strip_attribution(text.replace("\r\n", "\n").replace("\r", "\n"))
    body = body.strip()
    given_source = normalize_source(source)
    if source_is_explicit:
        final_source = given_source or attributed
    else:
        final_source = attributed or given_source
    lang = _language_code(language)
    if lang is None:
        detected, confidence = detect_language(body)
        lang = detected if confidence > 0 else None
    return Article(
        id=_clean(id) or text_id(body),
        text=body,
        title=_clean(title),
        date=normalize_date(date) or normalize_date(default_date),
        source=final_source or normalize_source(default_source),
        url=_clean(url),
        language=lang,
        origin=origin,
    )


# --------------------------------------------------------------------------- decoding


def _is_mostly_text(text: str) -> bool:
    sample = text[:_SNIFF_BYTES]
    if not sample:
        return True
    bad = sum(
        1
        for c in sample
        if unicodedata.category(c) in ("Cc", "Cn", "Co", "Cs") and c not in "\t\n\r\f\v"
    )
    return bad <= 0.02 * len(sample)


def _decode(data: bytes) -> str | InputFailure:
    """Text from bytes, or the reason it is not text (an InputFailure without origin)."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            text = data[3:].decode("utf-8")
        except UnicodeDecodeError:
            return InputFailure("", "not valid UTF-8 text")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return InputFailure("", "not valid UTF-16 text")
    elif b"\x00" in data[:_SNIFF_BYTES]:
        return InputFailure("", "binary file, not text")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_cp1252(data)
            if text is None:
                return InputFailure("", "not valid UTF-8 text")
    if not _is_mostly_text(text):
        return InputFailure("", "binary file, not text")
    return text


def _decode_cp1252(data: bytes) -> str | None:
    """cp1252 as a last resort, only when the non-ASCII characters are mostly letters."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    non_ascii = [c for c in text[:_SNIFF_BYTES] if ord(c) > 127]
    if not non_ascii or sum(c.isalpha() for c in non_ascii) < 0.8 * len(non_ascii):
        return None
    return text


def _too_long(chars: int, max_chars: int) -> str:
    return (
        f"text of {chars:,} characters exceeds the limit of {max_chars:,} "
        "(LAPWING_MAX_CHARS raises it)"
    )


def _count_chars(stream: BinaryIO, head: bytes = b"") -> int:
    """Characters in a byte stream, read in chunks so a huge input is never held in memory."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")
    else:
        decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    total = len(decoder.decode(head))
    while chunk := stream.read(_CHUNK):
        total += len(decoder.decode(chunk))
    return total + len(decoder.decode(b"", final=True))


# --------------------------------------------------------------------------- HTML


class _LenientParser(HTMLParser):
    """HTMLParser that keeps a malformed `<![` (`<![<![`, `<![foo[`) as text instead of
    raising AssertionError from _markupbase, so no fragment can stop a feed or a page."""

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            self.handle_data("<![")
            return i + 3


class _TextCollector(_LenientParser):
    """Text of an HTML fragment with block elements on their own lines."""

    _BLOCKS = frozenset(
        "p br div li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article pre".split()
    )
    _SKIP = frozenset({"script", "style", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


def _strip_tags(fragment: str) -> str:
    if "<" not in fragment:
        return "\n".join(
            " ".join(line.split()) for line in html.unescape(fragment).splitlines() if line.strip()
        )
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    return collector.text()


class _PageParser(_LenientParser):
    """A small fallback article extractor: metadata from <head>, paragraphs from the body."""

    _SKIP = frozenset(
        "script style noscript template nav header footer aside form figure figcaption "
        "button select svg iframe".split()
    )
    _PARAS = frozenset({"p", "h2", "h3", "h4", "blockquote", "li"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.paragraphs: list[tuple[bool, str]] = []  # (inside <article>/<main>, text)
        self._stack_skip = 0
        self._in_title = False
        self._in_article = 0
        self._para: list[str] | None = None
        self._time: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            if key and values.get("content") and key not in self.meta:
                self.meta[key] = values["content"]
        elif tag == "title":
            self._in_title = True
        elif tag == "time" and values.get("datetime") and self._time is None:
            self._time = values["datetime"]
        elif tag in self._SKIP:
            self._stack_skip += 1
        elif tag in ("article", "main"):
            self._in_article += 1
        elif tag in self._PARAS and not self._stack_skip:
            classes = values.get("class", "").lower()
            noise = any(word in classes for word in ("byline", "caption", "credit", "share"))
            self._para = None if noise else []
        elif tag == "br" and self._para is not None:
            self._para.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._SKIP:
            self._stack_skip = max(0, self._stack_skip - 1)
        elif tag in ("article", "main"):
            self._in_article = max(0, self._in_article - 1)
        elif tag in self._PARAS and self._para is not None:
            text = " ".join("".join(self._para).split())
            if text:
                self.paragraphs.append((self._in_article > 0, text))
            self._para = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._para is not None and not self._stack_skip:
            self._para.append(data)


def _extract_html_fallback(page: str) -> dict[str, str | None]:
    parser = _PageParser()
    parser.feed(page)
    parser.close()
    in_article = [text for inside, text in parser.paragraphs if inside]
    paragraphs = in_article or [text for _, text in parser.paragraphs]
    meta = parser.meta
    return {
        "text": "\n".join(paragraphs),
        "title": meta.get("og:title") or " ".join(parser.title.split()) or None,
        "date": meta.get("article:published_time")
        or meta.get("date")
        or meta.get("pubdate")
        or parser._time,
        "sitename": meta.get("og:site_name"),
        "url": meta.get("og:url"),
    }


@cache
def _trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError:  # e.g. lxml >= 5.2 without lxml_html_clean: use the fallback
        return None
    return trafilatura


def _extract_html(page: str) -> dict[str, str | None]:
    """Main text and metadata of a page: trafilatura when importable, else the fallback."""
    fallback = _extract_html_fallback(page)
    trafilatura = _trafilatura()
    if trafilatura is None:
        return fallback
    raw = trafilatura.extract(
        page, output_format="json", with_metadata=True, include_comments=False
    )
    if not raw:
        return fallback
    found = json.loads(raw)
    return {
        "text": found.get("text") or fallback["text"],
        "title": found.get("title") or fallback["title"],
        "date": fallback["date"] or found.get("date"),
        "sitename": found.get("source-hostname") or fallback["sitename"],
        "url": found.get("source") or fallback["url"],
    }


# --------------------------------------------------------------------------- readers


class _Options:
    __slots__ = ("columns", "default_date", "default_source", "max_chars")

    def __init__(
        self,
        default_date: str | None,
        default_source: str | None,
        max_chars: int,
        columns: dict[str, str] | None = None,
    ):
        self.default_date = default_date
        self.default_source = default_source
        self.max_chars = max_chars
        self.columns = columns or {}  # article field -> the key/column holding it

    def column(self, field: str) -> str:
        return self.columns.get(field, field)


def _failure(origin: str, reason: str, article_id: str | None = None) -> InputFailure:
    return InputFailure(
        origin=origin,
        reason=_without_surrogates(reason),
        article_id=_without_surrogates(article_id),
    )


def _text_article(text: str, origin: str, opts: _Options) -> Record:
    if not text.strip():
        return _failure(origin, "empty input")
    article = make_article(
        text,
        origin=origin,
        default_date=opts.default_date,
        default_source=opts.default_source,
    )
    if not article.text:
        return _failure(origin, "no text besides an attribution line")
    return article


def _html_articles(page: str, origin: str, opts: _Options) -> Iterator[Record]:
    try:
        found = _extract_html(page)
    except Exception as error:  # a third-party parser choking on bad data is bad input
        yield _failure(origin, f"could not parse HTML: {error}")
        return
    text = found["text"] or ""
    if not text.strip():
        yield _failure(origin, "no article text found in HTML")
        return
    yield make_article(
        text,
        title=found["title"],
        date=found["date"],
        source=found["sitename"],
        url=found["url"],
        origin=origin,
        default_date=opts.default_date,
        default_source=opts.default_source,
        source_is_explicit=False,
    )


_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)


def _feed_bytes(data: bytes) -> bytes:
    """The bytes feedparser's XML parsers will read: its own conversion to UTF-8 (BOM,
    declared encoding, fallbacks), or the input unchanged when no encoding fits, which its
    lenient parser then reads as UTF-8. Checking these, not the raw bytes, leaves no
    encoding (cp500, utf-7, ...) in which a declaration can hide."""
    from feedparser.encodings import convert_to_utf8

    return convert_to_utf8({}, data, {})


def _feed_articles(data: bytes, origin: str, opts: _Options) -> Iterator[Record]:
    try:
        data = _feed_bytes(data)
    except (UnicodeError, LookupError) as error:  # e.g. an encoding name that is not UTF-8
        yield _failure(origin, f"could not parse feed: {error}")
        return
    # Entity declarations are never needed in a news feed; refusing them rules out external
    # entity fetching, "billion laughs" expansion and expat's stack overflow on deeply nested
    # entities (CVE-2024-8176), whatever the XML parser does.
    if _ENTITY_DECL.search(data.decode("utf-8", "replace")):
        yield _failure(origin, "XML declares entities (DTD); refused as unsafe")
        return
    yield from _FEED_PARSER.parse(data, origin, opts)


class _FeedParser:
    """Feeds parsed in a child process, one child kept from feed to feed. A Python thread
    cannot be stopped, so a feed that takes longer than FEED_SECONDS is refused by ending
    the child; a crash of the XML parser in it becomes an error row the same way. Where
    pipes are not POSIX the feed is parsed here, without the limit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # one feed at a time on the one pair of pipes
        self._child: subprocess.Popen[bytes] | None = None
        self._inbox: Any = None  # multiprocessing.connection.Connection, both
        self._outbox: Any = None
        self._pid = os.getpid()  # the process whose child it is (a fork inherits the object)

    def parse(self, data: bytes, origin: str, opts: _Options) -> list[Record]:
        if os.name != "posix":
            return list(_parsed_feed(data, origin, opts))
        options = [opts.default_date, opts.default_source, opts.max_chars]
        with self._lock:
            try:
                self._start()
                self._outbox.send_bytes(json.dumps([origin, options]).encode())
                self._outbox.send_bytes(data)
                if self._inbox.poll(FEED_SECONDS):
                    return [_record_from_json(r) for r in json.loads(self._inbox.recv_bytes())]
                reason = f"feed took more than {FEED_SECONDS:g} s to parse; refused"
            except (EOFError, OSError):
                reason = "the feed parser process ended on this feed"
            self.stop()
            return [_failure(origin, reason)]

    def _start(self) -> None:
        from multiprocessing.connection import Connection

        if self._pid != os.getpid():  # forked: that child and its pipes are the parent's
            self._child = self._inbox = self._outbox = None
            self._pid = os.getpid()
        if self._child is not None and self._child.poll() is None:
            return
        # The child gets the parent's sys.path, so it imports this very lapwing.
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        command = "from lapwing.ingest import _feed_worker; _feed_worker()"
        child = subprocess.Popen(
            [sys.executable, "-c", command],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        assert child.stdin is not None and child.stdout is not None
        self._inbox = Connection(os.dup(child.stdout.fileno()), writable=False)
        self._outbox = Connection(os.dup(child.stdin.fileno()), readable=False)
        child.stdin.close()
        child.stdout.close()
        self._child = child

    def stop(self) -> None:
        if self._child is not None and self._pid == os.getpid():
            self._child.kill()
            self._child.wait()
            self._inbox.close()
            self._outbox.close()
            self._child = self._inbox = self._outbox = None


_FEED_PARSER = _FeedParser()
atexit.register(_FEED_PARSER.stop)


def _record_json(record: Record) -> dict[str, Any]:
    return {"article" if isinstance(record, Article) else "failure": asdict(record)}


def _record_from_json(value: dict[str, Any]) -> Record:
    ((kind, fields),) = value.items()
    return Article(**fields) if kind == "article" else InputFailure(**fields)


def _feed_worker() -> None:
    """The child's loop: [origin, options] and feed bytes in, JSON records out, until EOF."""
    from multiprocessing.connection import Connection

    inbox = Connection(os.dup(0), writable=False)
    outbox = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # a stray print must not corrupt the channel
    while True:
        try:
            origin, options = json.loads(inbox.recv_bytes())
            data = inbox.recv_bytes()
        except EOFError:
            return
        try:
            records = list(_parsed_feed(data, origin, _Options(*options)))
        except Exception as error:  # whatever the feed does, the child answers
            records = [_failure(origin, f"could not parse feed: {error}")]
        outbox.send_bytes(json.dumps([_record_json(r) for r in records]).encode())


def _parsed_feed(data: bytes, origin: str, opts: _Options) -> Iterator[Record]:
    """The entries of a feed already decoded to UTF-8 and checked for entities."""
    import feedparser

    try:
        parsed = feedparser.parse(
            io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False
        )
    except Exception as error:  # third-party parser on bad data
        yield _failure(origin, f"could not parse feed: {error}")
        return
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            yield _failure(origin, f"not a valid RSS/Atom feed: {parsed.get('bozo_exception')}")
        elif not parsed.get("version"):
            yield _failure(origin, "XML but not an RSS/Atom feed")
        return
    feed = parsed.get("feed") or {}
    feed_title = _clean(feed.get("title"))
    feed_language = feed.get("language")
    for number, entry in enumerate(entries, start=1):
        candidates = [c.get("value", "") for c in entry.get("content") or []]
        candidates.append(entry.get("summary") or "")
        text = _strip_tags(max(candidates, key=len))
        title = _strip_tags(entry.get("title") or "") or None
        if not text.strip():
            text = title or ""
        if not text.strip():
            yield _failure(f"{origin}:entry {number}", "feed entry has no text")
            continue
        parsed_date = entry.get("published_parsed") or entry.get("updated_parsed")
        when = (
            f"{parsed_date.tm_year:04d}-{parsed_date.tm_mon:02d}-{parsed_date.tm_mday:02d}"
            if parsed_date
            else entry.get("published") or entry.get("updated")
        )
        entry_source = (entry.get("source") or {}).get("title")
        yield make_article(
            text,
            id=entry.get("id"),
            title=title,
            date=when,
            source=entry_source or feed_title,
            url=entry.get("link"),
            language=entry.get("language") or feed_language,
            origin=origin,
            default_date=opts.default_date,
            default_source=opts.default_source,
            source_is_explicit=False,
        )


class _LongNumber:
    """Stands for a JSON integer longer than int() reads (4,300 digits by default), so the
    record that holds it is refused alone rather than the whole file raising ValueError."""

    __slots__ = ()


_LONG_NUMBER = _LongNumber()


def _json_int(digits: str) -> int | _LongNumber:
    try:
        return int(digits)
    except ValueError:
        return _LONG_NUMBER


_JSON = json.JSONDecoder(parse_int=_json_int)


def _json_loads(text: str) -> Any:
    """json.loads that never raises for a long integer (see `_LongNumber`); it still raises
    JSONDecodeError and RecursionError."""
    return _JSON.decode(text)


def _number_problem(obj: object) -> str | None:
    """Why a decoded JSON value cannot be taken: it holds a `_LongNumber` somewhere."""
    stack = [obj]
    while stack:  # iterative: the value may be nested as deeply as the decoder allows
        value = stack.pop()
        if value is _LONG_NUMBER:
            return f"a JSON number has more than {sys.get_int_max_str_digits():,} digits"
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return None


def _json_article(obj: object, origin: str, opts: _Options) -> Record:
    if not isinstance(obj, dict):
        return _failure(origin, f"not a JSON object but {type(obj).__name__}")
    if opts.columns:  # --text-column body: the record's "body" is the article's text
        obj = {**obj, **{field: obj.get(name) for field, name in opts.columns.items()}}
    record_id = _clean(obj.get("id"))
    if problem := _number_problem(obj):
        return _failure(origin, problem, record_id)
    text = obj.get("text")
    if text is None:
        return _failure(origin, f"record has no {opts.column('text')!r} field", record_id)
    if not isinstance(text, str):
        return _failure(origin, f"{opts.column('text')!r} is not a string", record_id)
    if len(text) > opts.max_chars:
        return _failure(origin, _too_long(len(text), opts.max_chars), record_id)
    if not text.strip():
        return _failure(origin, "empty text", record_id)
    article = make_article(
        text,
        id=record_id,
        title=_clean(obj.get("title")),
        date=_clean(obj.get("date")),
        source=_clean(obj.get("source")),
        url=_clean(obj.get("url")),
        language=_clean(obj.get("language")),
        origin=origin,
        default_date=opts.default_date,
        default_source=opts.default_source,
    )
    if not article.text:
        return _failure(origin, "no text besides an attribution line", record_id)
    return article


def _read_lines(stream: BinaryIO | TextIO, limit: int) -> Iterator[tuple[str | bytes, bool]]:
    """Lines of a stream, each at most `limit` units; an over-long line is skipped to its end
    and reported as (its first part, True) so one huge line cannot fill the memory."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and line[-1:] not in ("\n", b"\n"):
            length = len(line)
            while True:
                rest = stream.readline(_CHUNK)
                length += len(rest)
                if not rest or rest[-1:] in ("\n", b"\n"):
                    break
            yield line[:0], True
            continue
        yield line, False


def _jsonl_records(
    lines: Iterable[tuple[str | bytes, bool]], origin: str, opts: _Options
) -> Iterator[Record]:
    empty = True
    for number, (raw, too_long) in enumerate(lines, start=1):
        where = f"{origin}:{number}"
        if too_long:
            yield _failure(where, f"line exceeds the limit of {opts.max_chars:,} characters")
            continue
        if isinstance(raw, bytes):
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                yield _failure(where, f"not valid UTF-8 text ({error.reason})")
                continue
        else:
            line = raw.removeprefix("\ufeff") if number == 1 else raw
        if not line.strip():
            continue
        empty = False
        try:
            obj = _json_loads(line)
        except ValueError as error:  # JSONDecodeError, or any other value json refuses
            yield _failure(where, f"malformed JSON: {error}")
            continue
        except RecursionError:
            yield _failure(where, "malformed JSON: nested too deeply")
            continue
        yield _json_article(obj, where, opts)
    if empty:
        yield _failure(origin, "empty input")


def _sniff(head: bytes) -> str:
    """Kind of a file with no telling extension, from its first bytes."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        start = head.decode("utf-16", "replace").lstrip("\ufeff \t\r\n").lower()
    else:
        start = head.removeprefix(codecs.BOM_UTF8).decode("utf-8", "replace").lstrip().lower()
    if start.startswith(("<!doctype html", "<html")):
        return "html"
    if start.startswith(("<?xml", "<rss", "<feed", "<rdf:rdf")):
        return "html" if "<html" in start[:2000] and "<rss" not in start[:2000] else "feed"
    first_line = start.split("\n", 1)[0].strip()
    if first_line.startswith("{") and first_line.endswith("}"):
        try:
            if isinstance(_json_loads(first_line), dict):
                return "jsonl"
        except (ValueError, RecursionError):
            pass
    return "text"


def _kind_from_suffix(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix in _TEXT_EXTS:
        return "text"
    if suffix in _HTML_EXTS:
        return "html"
    if suffix in _FEED_EXTS:
        return "feed"
    if suffix in _JSONL_EXTS:
        return "jsonl"
    if suffix == ".json":
        return "json"
    if suffix in _TABLE_EXTS:
        return "csv" if _TABLE_EXTS[suffix] == "," else "tsv"
    return None


def _read_file(path: Path, opts: _Options) -> Iterator[Record]:
    origin = str(path)
    try:
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
            if not head:
                yield _failure(origin, "empty input")
                return
            kind = _kind_from_suffix(path) or _sniff(head)
            if kind == "parquet":
                stream.close()
                yield from _parquet_records(path, opts)
                return
            if kind in ("csv", "tsv"):
                stream.seek(0)
                yield from _table_records(stream, origin, opts, "," if kind == "csv" else "\t")
                return
            if kind == "json":  # JSON lines, or one object / an array of objects
                kind = "jsonl" if _sniff(head) == "jsonl" else "jsondoc"
            is_utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
            if kind == "jsonl" and not is_utf16:
                # A NUL byte or two make bad lines, read one by one, not a binary file.
                if not _is_mostly_text(head.decode("utf-8", "replace")):
                    yield _failure(origin, "binary file, not text")
                    return
                stream.seek(0)
                lines = _read_lines(stream, 4 * opts.max_chars + 64)
                yield from _jsonl_records(lines, origin, opts)
                return
            if b"\x00" in head and not is_utf16:
                yield _failure(origin, "binary file, not text")
                return
            size = os.fstat(stream.fileno()).st_size
            if size > opts.max_chars:  # a UTF-8 character takes at least one byte
                stream.seek(0)
                chars = _count_chars(stream)
                if chars > opts.max_chars:
                    yield _failure(origin, _too_long(chars, opts.max_chars))
                    return
            stream.seek(0)
            data = stream.read()
    except OSError as error:
        yield _failure(origin, f"cannot read: {error.strerror or error}")
        return
    yield from _read_data(data, kind, origin, opts)


PARQUET_FIELDS = ARTICLE_FIELDS


def _parquet_records(path: Path, opts: _Options) -> Iterator[Record]:
    """One article per row of a Parquet file whose columns are the JSONL article fields,
    read with DuckDB in batches; a row that is no article fails as `path:row`."""
    import duckdb

    origin = str(path)
    con = duckdb.connect(config={"threads": 1})
    try:
        try:
            cursor = con.execute("SELECT * FROM read_parquet(?)", [origin])
        except duckdb.Error as error:
            first = (str(error).strip().splitlines() or [type(error).__name__])[0]
            yield _failure(origin, f"cannot read Parquet: {first}")
            return
        names = [d[0] for d in cursor.description]
        if opts.column("text") not in names:
            yield _failure(origin, f"Parquet file has no {opts.column('text')!r} column")
            return
        columns = {opts.column(f) for f in PARQUET_FIELDS}
        wanted = {name: i for i, name in enumerate(names) if name in columns}
        text_column = opts.column("text")
        number = 0
        while batch := cursor.fetchmany(1024):
            for row in batch:
                number += 1
                record = {
                    name: row[i] if name == text_column else _cell(row[i])
                    for name, i in wanted.items()
                }
                yield _json_article(record, f"{origin}:{number}", opts)
        if number == 0:
            yield _failure(origin, "empty input")
    finally:
        con.close()


def _table_records(stream: BinaryIO, origin: str, opts: _Options, delimiter: str):
    """One article per row of a CSV/TSV file with a header row naming the article fields
    (`text`, `id`, `title`, `date`, ... as in JSONL; other names via `columns`). A row is
    `path:line` in messages, the line it starts on."""
    csv.field_size_limit(max(csv.field_size_limit(), 4 * opts.max_chars + 64))
    handle = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.reader(handle, delimiter=delimiter)
    start = 1
    try:
        header = next(reader, None)
        if header is None:
            yield _failure(origin, "empty input")
            return
        names = [name.strip() for name in header]
        text_column = opts.column("text")
        if text_column not in names:
            hint = "" if opts.columns.get("text") else "; name yours with --text-column"
            yield _failure(
                origin,
                f"no {text_column!r} column in the header (columns: {', '.join(names)}){hint}",
            )
            return
        rows = 0
        while True:
            start = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                break
            if not any(cell.strip() for cell in cells):
                continue
            rows += 1
            where = f"{origin}:{start}"
            if len(cells) > len(names):
                yield _failure(where, f"{len(cells)} cells for {len(names)} columns in the header")
                continue
            pairs = zip(names, cells, strict=False)  # a short row leaves the rest empty
            record = {name: cell if cell != "" else None for name, cell in pairs}
            yield _json_article(record, where, opts)
        if rows == 0:
            yield _failure(origin, "no rows after the header")
    except UnicodeDecodeError as error:
        yield _failure(f"{origin}:{start}", f"not valid UTF-8 text ({error.reason}); not read on")
    except csv.Error as error:
        yield _failure(f"{origin}:{start}", f"malformed {'CSV' if delimiter == ',' else 'TSV'}: "
                       f"{error}; not read on")  # fmt: skip
    finally:
        handle.detach()


def _cell(value: object) -> object:
    """A Parquet cell as the JSONL reader would see it: dates as ISO text."""
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _read_data(data: bytes, kind: str, origin: str, opts: _Options) -> Iterator[Record]:
    if kind == "feed":
        empty = True
        for record in _feed_articles(data, origin, opts):
            empty = False
            yield record
        if empty:  # a well-formed feed without entries; `watch` polls those quietly
            yield _failure(origin, "feed has no entries")
        return
    decoded = _decode(data)
    if isinstance(decoded, InputFailure):
        yield _failure(origin, decoded.reason)
        return
    text = decoded
    if len(text) > opts.max_chars:
        yield _failure(origin, _too_long(len(text), opts.max_chars))
    elif not text.strip():
        yield _failure(origin, "empty input")
    elif kind == "html":
        yield from _html_articles(text, origin, opts)
    elif kind == "jsondoc":
        yield from _json_document(text, origin, opts)
    elif kind == "jsonl":
        lines = ((line, False) for line in text.splitlines())
        yield from _jsonl_records(lines, origin, opts)
    else:
        yield _text_article(text, origin, opts)


def _json_document(text: str, origin: str, opts: _Options) -> Iterator[Record]:
    """A .json file holding one article object or an array of them; else read as JSON lines."""
    try:
        document = _json_loads(text)
    except (ValueError, RecursionError):
        lines = ((line, False) for line in text.splitlines())
        yield from _jsonl_records(lines, origin, opts)
        return
    if isinstance(document, list):
        if not document:
            yield _failure(origin, "empty input")
        for number, item in enumerate(document, start=1):
            yield _json_article(item, f"{origin}#{number}", opts)
    else:
        yield _json_article(document, origin, opts)


def _read_stdin(stream: TextIO | BinaryIO, opts: _Options) -> Iterator[Record]:
    """Standard input: JSONL when its first non-empty line is a JSON object, else plain text."""
    source: Any = getattr(stream, "buffer", stream)
    binary = isinstance(source.read(0), bytes)
    limit = (4 if binary else 1) * opts.max_chars + 64
    peeked: list[tuple[str | bytes, bool]] = []
    try:
        lines = _read_lines(source, limit)
        for line, too_long in lines:
            peeked.append((line, too_long))
            if too_long or line.strip():
                break
        first, too_long = peeked[-1] if peeked else ("", False)
        if too_long:
            yield _failure(STDIN_ORIGIN, f"text exceeds the limit of {opts.max_chars:,} characters")
            return
        if not first.strip():
            yield _failure(STDIN_ORIGIN, "empty input")
            return
        if _sniff(first.encode("utf-8") if isinstance(first, str) else first) == "jsonl":
            yield from _jsonl_records([*peeked, *lines], STDIN_ORIGIN, opts)
            return
        parts = [line for line, _ in peeked]
        size = sum(len(p) for p in parts)
        while size <= limit and (chunk := source.read(_CHUNK)):
            parts.append(chunk)
            size += len(chunk)
    except OSError as error:
        yield _failure(STDIN_ORIGIN, f"cannot read: {error.strerror or error}")
        return
    except UnicodeDecodeError:
        yield _failure(STDIN_ORIGIN, "not valid UTF-8 text")
        return
    if binary:
        data = b"".join(parts)  # type: ignore[arg-type]
        if size > limit:
            yield _failure(STDIN_ORIGIN, _too_long(_count_chars(source, data), opts.max_chars))
            return
        yield from _read_data(data, "text", STDIN_ORIGIN, opts)
        return
    text = "".join(parts)  # type: ignore[arg-type]
    if len(text) > opts.max_chars:
        total = len(text) + sum(len(chunk) for chunk in iter(lambda: source.read(_CHUNK), ""))
        yield _failure(STDIN_ORIGIN, _too_long(total, opts.max_chars))
        return
    yield _text_article(text, STDIN_ORIGIN, opts)


def _walk(directory: Path) -> Iterator[Path | InputFailure]:
    """Files under a directory, recursively, in sorted order, hidden ones left out."""
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield _failure(str(directory), f"cannot read: {error.strerror or error}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path)
        else:
            yield path


class _Identity:
    """One article per id in a run. The same text read again (a page and a text file of
    one story, a repeated JSONL line) is skipped and said so; another text under an id
    already read is an error, never a silent replacement of the first."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, str, str | None]] = {}  # id -> (text id, origin, date)

    def checked(self, records: Iterable[Record]) -> Iterator[Record]:
        for record in records:
            yield self._check(record) if isinstance(record, Article) else record

    def _check(self, article: Article) -> Record:
        digest = text_id(article.text)
        origin = article.origin or article.id
        prior = self._seen.get(article.id)
        if prior is None:
            self._seen[article.id] = (digest, origin, article.date)
            return article
        first_digest, first_origin, first_date = prior
        if first_digest != digest:
            reason = f"id {article.id!r} was read from {first_origin} with another text; not coded"
            return _failure(origin, reason, article.id)
        unused = ""
        if article.date and article.date != first_date:
            unused = f"; its date {article.date} is not used ({first_date or 'none'} there)"
        reason = f"same text as {first_origin} (article {article.id}), coded once{unused}"
        return SkippedInput(origin=origin, reason=reason, article_id=article.id)


def read_inputs(
    paths: Iterable[str | Path],
    *,
    default_date: str | None = None,
    default_source: str | None = None,
    stdin: TextIO | BinaryIO | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    columns: dict[str, str] | None = None,
) -> Iterator[Article | InputFailure]:
    """Articles from files, directories (recursive, sorted, no hidden files) or `-` (stdin).

    Yields one `Article` per text/HTML file, feed entry, JSONL line or CSV/TSV/Parquet row,
    and an `InputFailure` for each input that could not be read; it never raises on bad
    data. `default_date` and `default_source` fill in only where an input carries none.
    `columns` maps article fields to other key or column names (`{"text": "body"}`).
    `stdin` replaces `sys.stdin` for `-`. An empty `paths` yields nothing (the CLI decides
    to read stdin).

    Each id is coded once per call: plain-text files are read after the other inputs, so a
    page or record holding the same text (with its title and date) is the one coded and the
    bare text is a `SkippedInput`; so is any later copy of a text already read. In a
    directory, files of no article kind (`.md`, `.pdf`, ...) are `SkippedInput`s too; named
    on their own they are read by their content.
    """
    opts = _Options(default_date, default_source, max_chars, columns)
    identity = _Identity()
    plain_text: list[Path] = []  # read last: see above
    for raw in paths:
        if str(raw) == "-":
            stream = stdin if stdin is not None else sys.stdin
            yield from identity.checked(_read_stdin(stream, opts))
            continue
        path = Path(raw)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as error:
            yield _failure(str(path), f"cannot read: {error.strerror or error}")
            continue
        if not exists:
            yield _failure(str(path), "no such file or directory")
            continue
        for item in _walk(path) if is_dir else [path]:
            if isinstance(item, InputFailure):
                yield item
                continue
            kind = _kind_from_suffix(item)
            if is_dir and kind is None and item.suffix:
                reason = f"not an article file ({item.suffix}); name it alone to read it as text"
                yield SkippedInput(origin=str(item), reason=reason)
            elif kind == "text":
                plain_text.append(item)
            else:
                yield from identity.checked(_read_file(item, opts))
    for item in plain_text:
        yield from identity.checked(_read_file(item, opts))
