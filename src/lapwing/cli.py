"""The `lapwing` command: a thin shell over the pipeline, the store and the evaluators.

stdout carries only data (JSONL by default); messages and progress go to stderr.
Exit codes: 0 success, 1 some input failed (everything else was still processed),
2 usage error. A skipped input (a file of no article kind in a directory, a second copy of
a text already read, an article not in English) is reported on stderr but is no failure:
a run whose only problems are skips exits 0.
"""

from __future__ import annotations

import csv
import itertools
import json
import logging
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from lapwing import __version__
from lapwing.config import Settings
from lapwing.errors import LapwingError
from lapwing.export import FORMATS as EXPORT_FORMATS
from lapwing.records import Article, CodingResult, InputFailure, SkippedInput

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Code news articles into located, dated PLOVER/CAMEO political events.",
)
err = Console(stderr=True, highlight=False)


def _warn(message: str) -> None:
    """One unwrapped line on stderr: messages are read by people and by scripts."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


PathsArg = Annotated[
    list[str] | None, typer.Argument(help="Files, directories or '-' for standard input.")
]
DateOpt = Annotated[
    str | None, typer.Option("--date", help="Publication date (YYYY-MM-DD) for inputs without one.")
]
SourceOpt = Annotated[
    str | None, typer.Option("--source", help="Publisher for inputs without one.")
]
DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="DuckDB file (default lapwing.duckdb) or postgresql:// URL."),
]
ActorsOpt = Annotated[
    list[Path] | None,
    typer.Option("--actors", help="Extra actor file(s) (TSV, see data/README.md)."),
]
PatternsOpt = Annotated[
    list[Path] | None, typer.Option("--patterns", help="Extra event pattern file(s) (JSONL).")
]
GazetteerOpt = Annotated[
    list[Path] | None, typer.Option("--gazetteer", help="Extra gazetteer file(s) (TSV).")
]
LexiconOpt = Annotated[
    list[Path] | None,
    typer.Option("--lexicon", help="Extra word-class file(s) (TSV, see data/README.md)."),
]
QuietOpt = Annotated[bool, typer.Option("--silent", "-q", help="No messages on stderr.")]
ARTICLE_FIELDS = ("text", "id", "title", "date", "source", "url", "language")
TextColumnOpt = Annotated[
    str | None,
    typer.Option(
        "--text-column",
        help="CSV/TSV column or JSON key holding the text (default: text); "
        "same as --column text=NAME.",
    ),
]
ColumnOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--column",
        metavar="FIELD=NAME",
        help="Read an article field (text, id, title, date, source, url, language) from "
        "another CSV/TSV column or JSON key, e.g. --column date=published; repeatable.",
    ),
]
# The filters every command that reads stored events takes (events, export).
CountryOpt = Annotated[str | None, typer.Option(help="ISO3 country of the place or actors.")]
SinceOpt = Annotated[str | None, typer.Option(help="Events on or after this date.")]
UntilOpt = Annotated[str | None, typer.Option(help="Events on or before this date.")]
TypeOpt = Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. ASSAULT.")]
ActorOpt = Annotated[str | None, typer.Option(help="Actor or recipient code, e.g. RUSMIL.")]
AllModalitiesOpt = Annotated[
    bool, typer.Option("--all-modalities", help="Also negated, hypothetical, future events.")
]
LimitOpt = Annotated[int | None, typer.Option(help="At most this many events.")]
WorkersOpt = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="Processes to code with (each loads the model once)."),
]


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


# `lapwing export --format`: the export module's formats, as a choice the help lists
ExportFormat = StrEnum("ExportFormat", {name.replace("-", "_"): name for name in EXPORT_FORMATS})


class Engine(StrEnum):
    local = "local"
    dask = "dask"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lapwing {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose", "-v", count=True,
            help="Log what lapwing does to stderr: -v warnings and progress, -vv debugging.",
        ),
    ] = 0,
) -> None:  # fmt: skip
    """lapwing turns news articles into political event data."""
    if verbose:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("lapwing %(levelname)s %(name)s: %(message)s"))
        logger = logging.getLogger("lapwing")
        logger.addHandler(handler)
        logger.setLevel(logging.INFO if verbose == 1 else logging.DEBUG)


# ---------------------------------------------------------------- shared helpers


def _settings(**overrides: Any) -> Settings:
    return Settings.from_env(**overrides)


def _check_date(value: str | None, option: str = "--date") -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option
        ) from None


def _check_period(value: str | None, option: str) -> str | None:
    """A filter bound: a day, a month or a year (YYYY-MM-DD, YYYY-MM, YYYY)."""
    if value is None:
        return None
    for pattern in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            datetime.strptime(value, pattern)
            return value
        except ValueError:
            continue
    raise typer.BadParameter(
        f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", param_hint=option
    )


def _columns(text_column: str | None, column: list[str] | None) -> dict[str, str] | None:
    """--text-column and --column FIELD=NAME as `read_inputs(columns=...)`."""
    columns: dict[str, str] = {}
    for item in column or ():
        field, sep, name = item.partition("=")
        field, name = field.strip(), name.strip()
        if not sep or not name:
            raise typer.BadParameter(f"{item!r} is not FIELD=NAME", param_hint="--column")
        if field not in ARTICLE_FIELDS:
            raise typer.BadParameter(
                f"{field!r} is no article field (use {', '.join(ARTICLE_FIELDS)})",
                param_hint="--column",
            )
        columns[field] = name
    if text_column:
        columns["text"] = text_column
    return columns or None


class FailureLog:
    """Counts unreadable and skipped inputs while the articles stream on (and the articles
    read and those with no date), keeping only what the store has yet to get: with a
    `sink` the error rows go to it every `FLUSH_EVERY`, so a million malformed lines cost
    no memory; without one only the counts are kept."""

    FLUSH_EVERY = 500

    def __init__(self, quiet: bool) -> None:
        self.failed = 0
        self.skipped = 0  # inputs skipped before reading and articles left uncoded
        self.read = 0
        self.undated = 0
        self.quiet = quiet
        self.sink: Callable[[list[InputFailure]], object] | None = None
        self._pending: list[InputFailure] = []  # error rows the sink has not had yet

    def articles(self, stream: Iterable[Article | InputFailure]) -> Iterator[Article]:
        for item in stream:
            if isinstance(item, SkippedInput):
                self.skip(item.origin, item.reason)
            elif isinstance(item, InputFailure):
                self.fail(item)
            else:
                self.read += 1
                self.undated += item.date is None
                yield item

    def fail(self, failure: InputFailure) -> None:
        self.failed += 1
        if not self.quiet:
            _warn(f"lapwing: {failure.origin}: {failure.reason}")
        self._keep(failure)

    def skip(self, origin: str, reason: str) -> None:
        """An input read but deliberately not coded: said on stderr, no error; stored as a
        row marked 'skipped:', so a stored run accounts for all its inputs."""
        self.skipped += 1
        if not self.quiet:
            _warn(f"lapwing: {origin}: skipped: {reason}")
        self._keep(SkippedInput(origin=origin, reason=f"skipped: {reason}"))

    def _keep(self, row: InputFailure) -> None:
        if self.sink is None:
            return
        self._pending.append(row)
        if len(self._pending) >= self.FLUSH_EVERY:
            rows, self._pending = self._pending, []
            self.sink(rows)  # between the store's article batches: no transaction is open

    def stream_to(self, store) -> None:
        """Hand error rows to `store` as they come (see `_keep`)."""
        self.sink = lambda rows: store.write([], rows)

    def error_rows(self) -> Iterator[InputFailure]:
        """The error rows not yet sunk; lazy: the store reads it after the articles."""
        rows, self._pending = self._pending, []
        yield from rows

    def warn_undated(self, events: bool = True) -> None:
        if not self.undated or self.quiet:
            return
        then = (
            ", and their events not dated otherwise have date_precision 'ingest' (the day "
            "of coding)"
            if events
            else ""
        )
        column = " (--column date=NAME)" if events else ""
        _warn(
            f"lapwing: warning: {self.undated} article(s) had no date: relative dates "
            f"('on Thursday') were not resolved{then}; give one with --date YYYY-MM-DD or a "
            f"'date' field or column{column}"
        )


def _read(
    paths: list[str] | None,
    date_: str | None,
    source: str | None,
    settings: Settings,
    columns: dict[str, str] | None = None,
):
    from lapwing.ingest import read_inputs

    return read_inputs(
        paths or ["-"],
        default_date=_check_date(date_),
        default_source=source,
        stdin=sys.stdin.buffer,
        max_chars=settings.max_chars,
        columns=columns,
    )


def _skipped(result: CodingResult, log: FailureLog) -> None:
    if result.skipped_reason:  # the article is stored, with its reason: no error row
        origin = result.article.origin or result.article.id
        log.skipped += 1
        if not log.quiet:
            _warn(f"lapwing: {origin}: not coded: {result.skipped_reason}")


def _pipeline(settings: Settings):
    from lapwing import get_pipeline

    return get_pipeline(settings)


def _code(settings: Settings, articles: Iterable[Article]) -> Iterator[CodingResult]:
    # the model (~5 s) loads once there is an article: an empty or unreadable input is
    # refused at once
    stream = iter(articles)
    first = next(stream, None)
    if first is None:
        return iter(())
    articles = itertools.chain([first], stream)
    if settings.workers > 1:
        from lapwing.scale import code_parallel

        return code_parallel(articles, settings, workers=settings.workers)
    return _pipeline(settings).code(articles)


def _fail_on(log: FailureLog) -> None:
    if log.failed:
        if not log.quiet:
            _warn(f"lapwing: {log.failed} input(s) could not be read")
        raise typer.Exit(1)


def _progress(quiet: bool, description: str):
    """A progress bar on a terminal; nothing when piped or silenced."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn(description),
        BarColumn(),
        TextColumn("{task.completed} articles"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=True,
    )


# ---------------------------------------------------------------- commands


@app.command()
def code(
    paths: PathsArg = None,
    date_: DateOpt = None,
    source: SourceOpt = None,
    output_format: Annotated[
        Format, typer.Option("--format", help="jsonl, csv, or table (for reading).")
    ] = Format.jsonl,
    all_modalities: Annotated[
        bool,
        typer.Option(
            "--all-modalities",
            help="Also print negated, hypothetical, future events, and dyadic events with "
            "only one party known.",
        ),
    ] = False,
    partial_dyads: Annotated[
        bool,
        typer.Option(
            "--partial-dyads",
            help="Also print dyadic events (ACCUSE, REQUEST, ...) with only one party known.",
        ),
    ] = False,
    actors: ActorsOpt = None,
    patterns: PatternsOpt = None,
    gazetteer: GazetteerOpt = None,
    lexicon: LexiconOpt = None,
    workers: WorkersOpt = None,
    engine: Annotated[
        Engine, typer.Option("--engine", help="local (this machine) or dask (a Dask cluster).")
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address (default: a LocalCluster)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", help="Write events as Parquet under this new directory."),
    ] = None,
    db: Annotated[
        str | None, typer.Option("--db", help="Also store articles, events and errors here.")
    ] = None,
    text_column: TextColumnOpt = None,
    column: ColumnOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Code articles and print one event per line (or write Parquet with --output).
    A summary line goes to stderr at the end; a progress bar too when it is a terminal.

    Example: lapwing code eval/seed_niger.txt --date 2024-04-12
    """
    if scheduler and engine != Engine.dask:
        raise typer.BadParameter("only with --engine dask", param_hint="--scheduler")
    if output is not None and output.exists() and not (output.is_dir() and _empty(output)):
        raise typer.BadParameter(
            f"{output} exists and is not an empty directory", param_hint="--output"
        )
    settings = _settings(
        all_modalities=all_modalities or None,
        partial_dyads=partial_dyads or None,
        actor_files=actors or None,
        pattern_files=patterns or None,
        gazetteer_files=gazetteer or None,
        lexicon_files=lexicon or None,
        workers=workers,
        db=db,
    )
    from lapwing import scale

    columns = _columns(text_column, column)
    log = FailureLog(quiet)
    articles = log.articles(_read(paths, date_, source, settings, columns))
    writer = _EventWriter(output_format) if output is None else None
    tally = _Tally()
    with ExitStack() as stack:
        progress = stack.enter_context(_progress(quiet, "coding"))
        task = progress.add_task("coding", total=None)
        if engine == Engine.dask:
            try:
                client = stack.enter_context(scale.dask_client(scheduler, workers=workers))
            except OSError as error:
                _warn(f"lapwing: cannot reach the Dask scheduler {scheduler}: {error}")
                raise typer.Exit(1) from None
            reports = scale.code_dask(
                articles, settings, client, output=output,
                return_results=db is not None or output is None,
            )  # fmt: skip
            results = _dask_results(reports, log, tally)
        else:
            results = _code(settings, articles)
            if output is not None:
                results = scale.write_results_parquet(results, settings, output)

        def shown() -> Iterator[CodingResult]:
            for result in results:
                _skipped(result, log)
                kept = scale.kept_events(result, settings)
                tally.add(result, len(kept))
                for event in kept if writer else ():
                    writer.write(event.to_dict())
                progress.advance(task)
                yield result

        if db is None:
            deque(shown(), maxlen=0)
        else:
            from lapwing.store import open_store

            store = stack.enter_context(open_store(settings.db))
            log.stream_to(store)
            store.write(shown(), log.error_rows())
    if writer:
        writer.close()
    log.warn_undated()
    if not quiet:
        where = "printed" if output is None else f"-> {output}"
        _warn(
            f"lapwing: {tally.coded} article(s) coded, {tally.events} event(s) {where}; "
            f"{log.undated} without a date, {log.skipped} skipped, "
            f"{log.failed} error(s)"
        )
    _fail_on(log)


class _Tally:
    """Articles coded and events kept (printed or written) in one `code` run."""

    def __init__(self) -> None:
        self.coded = 0
        self.events = 0

    def add(self, result: CodingResult, events: int) -> None:
        self.coded += result.skipped_reason is None
        self.events += events


def _empty(directory: Path) -> bool:
    return next(directory.iterdir(), None) is None


def _dask_results(reports, log: FailureLog, tally: _Tally) -> Iterator[CodingResult]:
    """Results out of the workers' chunk reports; failures and skips reported as locally
    (results that come back are counted where they are shown, the others here)."""
    for report in reports:
        for failure in report.failed:
            log.fail(failure)
        if report.results is not None:
            yield from report.results
            continue
        tally.coded += report.articles - len(report.failed) - len(report.skipped)
        tally.events += report.events
        for origin, reason in report.skipped:
            log.skipped += 1
            if not log.quiet:
                _warn(f"lapwing: {origin}: not coded: {reason}")


class _EventWriter:
    def __init__(self, output_format: Format) -> None:
        self.format = output_format
        self.rows: list[dict] = []
        self.csv: csv.DictWriter | None = None

    def write(self, record: dict) -> None:
        if self.format == Format.jsonl:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif self.format == Format.csv:
            flat = _flatten(record)
            if self.csv is None:
                # The header lists every sub-column, whatever the first event lacks.
                fields = list(dict.fromkeys([*_flatten(_TEMPLATE), *flat]))
                from lapwing.export import SafeDictWriter

                self.csv = SafeDictWriter(sys.stdout, fieldnames=fields, extrasaction="ignore")
                self.csv.writeheader()
            self.csv.writerow(flat)
        else:
            self.rows.append(record)

    def close(self) -> None:
        if self.format == Format.table:
            Console().print(event_table(self.rows, title=f"{len(self.rows)} events"))
        sys.stdout.flush()


_ACTOR_TEMPLATE = {"text": None, "code": None, "country": None, "sector": None, "name": None}
_TEMPLATE: dict[str, Any] = {
    "actor": _ACTOR_TEMPLATE,
    "recipient": _ACTOR_TEMPLATE,
    "location": dict.fromkeys(
        ("name", "geonameid", "lat", "lon", "country", "admin1", "precision")
    ),
}


def _flatten(record: dict) -> dict:
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if key in _TEMPLATE:
            for sub in _TEMPLATE[key]:
                flat[f"{key}_{sub}"] = (value or {}).get(sub)
        elif isinstance(value, (dict, list)):
            flat[key] = json.dumps(value, ensure_ascii=False)
        else:
            flat[key] = value
    return flat


def event_table(rows: list[dict], title: str) -> Table:
    table = Table(title=title, show_lines=False)
    for column in ("date", "actor", "event", "recipient", "where", "modality"):
        table.add_column(column, overflow="fold")
    for row in rows:
        actor = (row.get("actor") or {}).get("code") or "-"
        recipient = (row.get("recipient") or {}).get("code") or "-"
        location = row.get("location") or {}
        where = location.get("name") or "-"
        if location.get("country") and location.get("name") != location.get("country"):
            where = f"{where} ({location['country']})"
        event = f"{row['event_type']} {row.get('mode') or ''} [{row['cameo']}]".replace("  ", " ")
        table.add_row(
            f"{row['date']} ({row['date_precision']})",
            actor,
            event,
            recipient,
            where,
            row["modality"],
        )
    return table


@app.command()
def ingest(
    paths: PathsArg = None,
    db: DbOpt = None,
    date_: DateOpt = None,
    source: SourceOpt = None,
    actors: ActorsOpt = None,
    patterns: PatternsOpt = None,
    gazetteer: GazetteerOpt = None,
    lexicon: LexiconOpt = None,
    workers: WorkersOpt = None,
    text_column: TextColumnOpt = None,
    column: ColumnOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Code articles and keep articles, events and errors in the store. The summary line
    on stderr gives what the store gained (a re-run of the same input: 0 new), then the
    inputs that failed or were skipped in this run.

    Example: lapwing ingest articles/ --db lapwing.duckdb
    """
    settings = _settings(
        db=db, actor_files=actors or None, pattern_files=patterns or None,
        gazetteer_files=gazetteer or None, lexicon_files=lexicon or None, workers=workers,
    )  # fmt: skip
    columns = _columns(text_column, column)
    log = FailureLog(quiet)
    articles = log.articles(_read(paths, date_, source, settings, columns))
    stats, gained = _ingest(settings, articles, log, quiet)
    log.warn_undated()
    if not quiet:
        _warn(
            f"lapwing: {gained['articles']} new article(s), {gained['events']} new event(s), "
            f"{gained['mentions']} new mention(s), {gained['errors']} new error(s) "
            f"-> {settings.db}; {stats.articles_updated} article(s) re-coded, "
            f"{stats.articles_unchanged} unchanged, {log.undated} without a date, "
            f"{log.skipped} skipped, {log.failed} input(s) failed"
        )
    _fail_on(log)


_GAINED = ("articles", "events", "mentions", "errors")


def _ingest(settings: Settings, articles: Iterable[Article], log: FailureLog, quiet: bool):
    """Code and store; (the store's write stats, its rows gained per table). A gain is
    the store's own count after minus before, so it can be checked against the store (and
    is negative where a re-coded article lost events)."""
    from lapwing.store import open_store

    with open_store(settings.db) as store, _progress(quiet, "coding") as progress:
        task = progress.add_task("coding", total=None)
        before = store.counts()
        log.stream_to(store)

        def counted() -> Iterator[CodingResult]:
            for result in _code(settings, articles):
                _skipped(result, log)
                progress.advance(task)
                yield result

        stats = store.write(counted())
        store.write([], log.error_rows())
        after = store.counts()
    return stats, {table: after[table] - before[table] for table in _GAINED}


@app.command()
def events(
    db: DbOpt = None,
    country: CountryOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    event_type: TypeOpt = None,
    actor: ActorOpt = None,
    all_modalities: AllModalitiesOpt = False,
    limit: LimitOpt = None,
    output_format: Annotated[Format, typer.Option("--format")] = Format.table,
) -> None:
    """Read stored events back.

    Example: lapwing events --country NER --since 2024-01-01 --type AID --format jsonl
    """
    from lapwing.records import REALIZED_MODALITIES
    from lapwing.store import open_store

    settings = _settings(db=db)
    _require_store(settings.db)
    realized = not all_modalities
    writer = _EventWriter(output_format)
    with open_store(settings.db, read_only=True) as store:
        for row in store.events(
            country=_upper(country), since=_check_period(since, "--since"),
            until=_check_period(until, "--until"), event_type=_upper(event_type),
            actor=_upper(actor), modality=REALIZED_MODALITIES if realized else None,
            aspect=["event"] if realized else None, limit=limit,
        ):  # fmt: skip
            writer.write(row)
    writer.close()


def _require_store(location: str) -> None:
    from lapwing.store import store_exists

    if not store_exists(location):
        _warn(f"lapwing: no store at {location} (run `lapwing ingest` first)")
        raise typer.Exit(1)


def _upper(value: str | None) -> str | None:
    return value.upper() if value else None


@app.command()
def demo(
    db: DbOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Code the bundled sample articles into the store and show what came out.

    Example: lapwing demo
    """
    from lapwing.dictionaries import data_path
    from lapwing.store import open_store

    settings = _settings(db=db)
    log = FailureLog(quiet)
    corpus = data_path("demo", "articles.jsonl")
    from lapwing.ingest import read_inputs

    articles = log.articles(read_inputs([corpus]))
    stats, _ = _ingest(settings, articles, log, quiet)
    from lapwing.records import REALIZED_MODALITIES

    console = Console(width=max(Console().width, 120))  # the table is unreadable wrapped at 80
    with open_store(settings.db, read_only=True) as store:
        rows = list(store.events(modality=REALIZED_MODALITIES, aspect=["event"]))
        counts = store.counts()
    by_type = Counter(r["event_type"] for r in rows)
    summary = Table(title="Events by PLOVER type")
    summary.add_column("type")
    summary.add_column("events", justify="right")
    for event_type, n in by_type.most_common():
        summary.add_row(event_type, str(n))
    console.print(
        f"Coded {counts.get('articles', 0)} articles into {settings.db}: "
        f"{len(rows)} realized events ({counts.get('events', 0)} with all modalities); "
        f"{stats.articles_new} article(s) new in this run."
    )
    console.print(summary)
    rows.sort(key=lambda r: (-r["confidence"], r["date"]))
    title = "Who did what to whom, where, when: the 40 most confident events"
    console.print(event_table(rows[:40], title=title))
    _fail_on(log)


@app.command("eval")
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL file(s), e.g. eval/*.jsonl.")],
    task: Annotated[
        str, typer.Option(help="events | news | geo | event_location | temporal | auto")
    ] = "auto",
    output_format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
    realized_only: Annotated[
        bool, typer.Option("--realized-only", help="Score only realized events.")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="news: also list every miss and false positive."),
    ] = False,
) -> None:
    """Score lapwing against gold data. Article-level gold (news_dev.jsonl) is scored on the
    events `lapwing code` prints, with the rules of eval/NEWS_GOLD.md.

    Example: lapwing eval eval/plover_gsr.dev.jsonl tests/fixtures/news_gold.jsonl
    """
    from lapwing.evaluate import run

    for path in gold:
        if not path.exists():
            _warn(f"lapwing: {path}: no such file")
            raise typer.Exit(2)
        report, result = run(path, task=task, realized_only=realized_only, verbose=verbose)
        if output_format == "json":
            typer.echo(json.dumps(result, ensure_ascii=False, default=str))
        else:
            typer.echo(report)


@app.command()
def geoparse(
    paths: PathsArg = None,
    date_: DateOpt = None,
    gazetteer: GazetteerOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Print the resolved place names of each article as JSONL.

    Example: lapwing geoparse article.txt
    """
    settings = _settings(gazetteer_files=gazetteer or None)
    log = FailureLog(quiet)
    articles = log.articles(_read(paths, date_, None, settings))
    for result in _pipeline(settings).code(articles):
        _skipped(result, log)
        for toponym in result.toponyms:
            place = toponym.place
            record = {
                "article_id": result.article.id,
                "name": toponym.name,
                "start": toponym.start,
                "end": toponym.end,
                "geonameid": place.geonameid if place else None,
                "lat": place.lat if place else None,
                "lon": place.lon if place else None,
                "country": place.country if place else None,
                "admin1": place.admin1 if place else None,
                "feature": place.feature if place else None,
                "precision": place.precision if place else None,
                "confidence": place.confidence if place else 0.0,
            }
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    _fail_on(log)


@app.command()
def timex(
    paths: PathsArg = None,
    date_: DateOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Print the normalized temporal expressions of each article as JSONL (no model needed).
    Without a date, an expression that needs one ("on Thursday") has value null.

    Example: echo "Troops arrived on Thursday." | lapwing timex - --date 2024-04-12
    """
    from lapwing.stages.dates import find_timexes, split_undated

    settings = _settings()
    log = FailureLog(quiet)
    for article in log.articles(_read(paths, date_, None, settings)):
        if article.date:
            found_all = find_timexes(article.text, date.fromisoformat(article.date))
            relative: set[tuple[int, int]] = set()
        else:
            absolute, unresolved = split_undated(article.text)
            found_all = sorted([*absolute, *unresolved], key=lambda t: t.start)
            relative = {(t.start, t.end) for t in unresolved}
        for found in found_all:
            unknown = (found.start, found.end) in relative
            record = {
                "article_id": article.id,
                "text": found.text,
                "start": found.start,
                "end": found.end,
                "type": found.type,
                "value": None if unknown else found.value,
                "precision": None if unknown else found.precision,
            }
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    log.warn_undated(events=False)
    _fail_on(log)


@app.command()
def export(
    db: DbOpt = None,
    output_format: Annotated[
        ExportFormat,
        typer.Option("--format", help="What to write; parquet needs -o."),
    ] = ExportFormat.plover,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Output file (default stdout).")
    ] = None,
    country: CountryOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    event_type: TypeOpt = None,
    actor: ActorOpt = None,
    all_modalities: AllModalitiesOpt = False,
    limit: LimitOpt = None,
    header: Annotated[
        bool, typer.Option("--header", help="GDELT formats: column names as a first line.")
    ] = False,
    partition_by_date: Annotated[
        bool,
        typer.Option("--partition-by-date", help="Parquet: a directory of year=/month= parts."),
    ] = False,
    quiet: QuietOpt = False,
) -> None:
    """Write stored events as PLOVER JSONL, GDELT 2.0 events or mentions, ACLED CSV,
    Parquet or flat CSV (field mappings: the lapwing.export module docstring).

    Example: lapwing export --format gdelt --country NER --since 2024-01 -o ner.gdelt.tsv
    """
    from lapwing.export import export as export_events
    from lapwing.store import open_store

    output_format = output_format.value
    if output_format == "parquet" and output is None:
        raise typer.BadParameter("Parquet needs an output path", param_hint="-o")
    if partition_by_date and output_format != "parquet":
        raise typer.BadParameter("only with --format parquet", param_hint="--partition-by-date")
    for hint, period in (("--since", since), ("--until", until)):
        try:  # YYYY, YYYY-MM or YYYY-MM-DD, as the store reads them
            if period is not None:
                date.fromisoformat(period + "-01" * (2 - period.count("-")))
        except ValueError:
            raise typer.BadParameter(
                f"{period!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", param_hint=hint
            ) from None
    settings = _settings(db=db)
    _require_store(settings.db)
    from rich.progress import Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("exporting {task.completed} events"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=True,
    )
    with open_store(settings.db, read_only=True) as store, bar:
        task = bar.add_task("export", total=None)
        stats = export_events(
            store, output_format, output, header=header, partition_by_date=partition_by_date,
            all_modalities=all_modalities, progress=lambda n: bar.update(task, completed=n),
            country=_upper(country), since=since, until=until, event_type=_upper(event_type),
            actor=_upper(actor), limit=limit,
        )  # fmt: skip
    if not quiet:
        skipped = f", {stats.skipped} with no {output_format} counterpart" if stats.skipped else ""
        where = output if output is not None else "stdout"
        _warn(f"lapwing: {stats.rows} row(s) from {stats.events} event(s){skipped} -> {where}")


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    demo: Annotated[
        bool, typer.Option("--demo", help="Serve the bundled demo store (built on first use).")
    ] = False,
    close_reads: Annotated[
        bool, typer.Option("--close-reads", help="Reads need LAPWING_READ_TOKEN (or the token).")
    ] = False,
    cors_origin: Annotated[
        list[str] | None, typer.Option("--cors-origin", help="Allow browser calls from here.")
    ] = None,
) -> None:
    """Serve the HTTP API and the dashboard (writes need LAPWING_TOKEN).

    Example: lapwing serve --db lapwing.duckdb --port 8000
    """
    import os

    from lapwing.api import create_app, demo_store, run_server

    settings = _settings(db=db)
    if not (settings.header_timeout > 0 and settings.max_connections > 0):
        _warn("lapwing: LAPWING_HEADER_TIMEOUT and LAPWING_MAX_CONNECTIONS must be above 0")
        raise typer.Exit(2)
    if demo:
        _warn("lapwing: preparing the demo store (the first time codes 31 articles)...")
        location = str(demo_store())
    else:
        location = settings.db
        if not Path(location).exists() and "://" not in location:
            _warn(f"lapwing: no store at {location} (run `lapwing ingest` first, or --demo)")
            raise typer.Exit(1)
    read_token = os.environ.get("LAPWING_READ_TOKEN") or None
    token = os.environ.get("LAPWING_TOKEN") or None
    if close_reads and not (read_token or token):
        _warn("lapwing: --close-reads needs LAPWING_READ_TOKEN or LAPWING_TOKEN")
        raise typer.Exit(2)
    api = create_app(
        location,
        token=token,
        open_reads=not (close_reads or read_token),
        read_token=read_token,
        cors_origins=cors_origin or (),
    )
    _warn(
        f"lapwing: serving {location} on http://{host}:{port}/ (writes "
        f"{'enabled' if token else 'disabled: set LAPWING_TOKEN'})"
    )
    run_server(
        api,
        host=host,
        port=port,
        header_timeout=settings.header_timeout,
        max_connections=settings.max_connections,
    )


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS/Atom feed URLs or files.")],
    every: Annotated[str, typer.Option(help="Time between polls: 90s, 15m, 1h.")] = "15m",
    db: DbOpt = None,
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit (for cron).")] = False,
    actors: ActorsOpt = None,
    patterns: PatternsOpt = None,
    gazetteer: GazetteerOpt = None,
    lexicon: LexiconOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Poll feeds; fetch, code and store each new article as it appears (Ctrl-C stops).

    Example: lapwing watch https://example.org/feed.xml --every 15m --db lapwing.duckdb
    """
    from lapwing.store import open_store
    from lapwing.watch import parse_interval
    from lapwing.watch import watch as run

    try:
        seconds = parse_interval(every)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--every") from None
    settings = _settings(
        db=db, actor_files=actors or None, pattern_files=patterns or None,
        gazetteer_files=gazetteer or None, lexicon_files=lexicon or None,
    )  # fmt: skip
    try:
        stats = run(
            feeds, lambda: open_store(settings.db), lambda articles: _code(settings, articles),
            every=seconds, once=once, log=None if quiet else _warn,
        )  # fmt: skip
    except KeyboardInterrupt:
        raise typer.Exit(0) from None  # every committed article is safe; the rest comes next time
    if stats.errors:
        raise typer.Exit(1)


def main() -> None:
    try:
        app()
    except LapwingError as exc:
        _warn(f"lapwing: {exc}")
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(0)
