"""The coding pipeline: Article -> Document -> events with actors, places and dates.

A `Pipeline` is built once per process (it loads the model and the dictionaries) and then
streams articles: `for result in pipeline.code(articles): ...`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date

from lapwing.config import Settings
from lapwing.dictionaries import (
    Lexicon,
    data_path,
    load_actors,
    load_cameo,
    load_lexicon,
    load_patterns,
    load_plover_types,
    read_tsv,
)
from lapwing.gazetteer import Gazetteer
from lapwing.ingest import detect_language
from lapwing.records import Article, CodingResult, Document, Place, Span
from lapwing.stages import fatalities, parse
from lapwing.stages.actors import ActorResolver
from lapwing.stages.code import EventCoder
from lapwing.stages.dates import find_timexes, split_undated
from lapwing.stages.event_dates import EventDater
from lapwing.stages.places import event_location, resolve_toponyms
from lapwing.stages.syntax import Tree

LOG = logging.getLogger("lapwing")


@dataclass(frozen=True)
class Resources:
    """Everything loaded once per process; picklable parts only, the model comes separately."""

    coder: EventCoder
    gazetteer: Gazetteer
    ruler_patterns: list[dict]
    data_version: str
    prefilter: parse.Prefilter
    lexicon: Lexicon


def load_resources(settings: Settings) -> Resources:
    cameo_version, cameo = load_cameo()
    patterns = load_patterns(settings.pattern_files, cameo)
    actors = load_actors(settings.actor_files)
    gazetteer = Gazetteer.load(settings.gazetteer_files)
    _, abstract_rows = read_tsv(data_path("abstract_targets.tsv"))
    plover_types = load_plover_types()
    lexicon = load_lexicon(settings.lexicon_files)
    data_version = (
        f"patterns {patterns.version}; actors {actors.version}; cameo {cameo_version}; "
        f"types {plover_types.version}; lexicon {lexicon.version}; "
        f"fatalities {fatalities.load_cues().version}; gazetteer {gazetteer.data_version}"
    )
    coder = EventCoder(
        patterns=patterns,
        cameo=cameo,
        resolver=ActorResolver(actors, lexicon),
        abstract_targets=frozenset(r["lemma"] for r in abstract_rows),
        data_version=data_version,
        types=plover_types,
        partial_dyads=settings.partial_dyads,
    )
    ruler = actors.ruler_patterns()
    known = {(p["label"], p["pattern"]) for p in ruler}
    ruler += [p for p in gazetteer.ruler_patterns() if (p["label"], p["pattern"]) not in known]
    _, irregular_rows = read_tsv(data_path("irregular_verbs.tsv"))
    irregular = {r["lemma"]: (r["past"], r["participle"]) for r in irregular_rows}
    prefilter = parse.Prefilter.for_triggers(patterns.requirements(), irregular)
    return Resources(
        coder=coder,
        gazetteer=gazetteer,
        ruler_patterns=ruler,
        data_version=data_version,
        prefilter=prefilter,
        lexicon=lexicon,
    )


class Pipeline:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        started = time.perf_counter()
        self.resources = load_resources(self.settings)
        self.nlp = parse.load_nlp(self.resources.ruler_patterns, max_length=self.settings.max_chars)
        LOG.info(
            "pipeline loaded in %.1f s (model %s; %s)",
            time.perf_counter() - started, parse.MODEL_NAME,
            self.resources.coder.data_version,
        )  # fmt: skip

    def code(self, articles: Iterable[Article]) -> Iterator[CodingResult]:
        """Code articles in order; empty or non-English articles come back uncoded."""
        reasons: dict[int, str] = {}

        def flagged(stream: Iterable[Article]) -> Iterator[tuple[Article, bool]]:
            for article in stream:
                reason = self._skip_reason(article)
                if reason:
                    reasons[id(article)] = reason
                yield article, reason is None

        items = flagged(articles)
        prefilter = self.resources.prefilter if self.settings.prefilter else None
        parsed = parse.parse_selected(
            self.nlp, items, batch_size=self.settings.batch_size, prefilter=prefilter
        )
        for article, doc in parsed:
            if doc is None:
                yield CodingResult(article=article, skipped_reason=reasons.pop(id(article)))
                continue
            try:
                yield self.code_document(doc)
            except Exception as exc:  # a stage's bug must not lose the article or the run
                LOG.warning("coding %s failed", article.id, exc_info=True)
                reason = f"coding failed: {type(exc).__name__}: {exc}"[:500]
                yield CodingResult(article=article, skipped_reason=reason)

    def code_document(self, doc: Document) -> CodingResult:
        article = doc.article
        publication = article.date  # None: no date in the input, its metadata or --date
        coder = self.resources.coder
        tree = Tree(doc, speech_verbs=coder.words["speech_verb"])
        toponyms = (
            resolve_toponyms(doc, self.resources.gazetteer, self.resources.lexicon)
            if self.settings.places
            else []
        )
        place_countries = {
            t.start: t.place.country for t in toponyms if t.place is not None and t.place.country
        }
        ctx = coder.resolver.article_context(doc, place_countries)
        coder.resolver.learn_names(tree, ctx)
        timexes: list = []
        if self.settings.timexes and publication:
            anchor = date.fromisoformat(publication)
            timexes = find_timexes(article.text, anchor, tense_at=_tense_lookup(tree))
        elif self.settings.timexes:  # only dates the text names in full ("12 April 2024")
            timexes, _ = split_undated(article.text, tense_at=_tense_lookup(tree))
        dater = EventDater(tree, timexes, publication)

        def locate(
            doc: Document, tree: Tree, trigger: int, parties: Sequence[Span]
        ) -> tuple[Place, Span | None] | None:
            return (
                event_location(
                    doc, toponyms, trigger, avoid=parties, lexicon=self.resources.lexicon
                )
                if toponyms
                else None
            )

        events = []
        for sentence in doc.sentences:
            events += coder.code_sentence(tree, sentence.index, ctx, locate, dater)
        # A sentence's text keeps the line breaks around it; an event's sentence does not.
        events = [e if e.sentence == e.sentence.strip() else replace(e, sentence=e.sentence.strip())
                  for e in events]  # fmt: skip
        events = fatalities.assign(events, [s.text for s in doc.sentences])
        return CodingResult(article=article, events=events, toponyms=toponyms, timexes=timexes)

    def _skip_reason(self, article: Article) -> str | None:
        if not article.text.strip():
            return "empty text"
        if not self.settings.english_only:
            return None
        language = article.language
        if not language:
            language, _ = detect_language(article.text)
        if language and language not in ("en", "und"):
            return f"not English (detected language: {language})"
        return None


def _tense_lookup(tree: Tree):
    """Tense of the clause at a character offset, for relative dates ("on Thursday")."""
    by_start = {token.start: token.i for token in tree.tokens}

    def tense_at(offset: int) -> str | None:
        i = by_start.get(offset)
        if i is None:
            return None
        clause = tree.clause_head(i)
        kids = tree.children(clause)
        if any(k.lemma in ("will", "shall") for k in kids if k.dep == "aux"):
            return "future"
        if tree[clause].tag in ("VBD", "VBN") or any(
            k.tag == "VBD" for k in kids if k.dep in ("aux", "auxpass")
        ):
            return "past"
        if tree[clause].tag in ("VBZ", "VBP", "VBG"):
            return "present"
        return None

    return tense_at
