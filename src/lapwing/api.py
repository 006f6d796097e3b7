"""The HTTP API and dashboard: `create_app(store_url)` -> a FastAPI app.

Reads (events, actors, stats, map, articles) are open unless the operator closes
them; writes (POST /articles) need the operator's bearer token and are refused
outright when none is configured. Every query goes through the Store and
`store.analytics`, so all SQL stays parameterized. Errors come back as
`{"detail": ...}` without stack traces; CORS is closed unless origins are named.

    uvicorn --factory lapwing.api:app_from_env      # LAPWING_DB, LAPWING_TOKEN, ...
    lapwing serve --db lapwing.duckdb
"""

from __future__ import annotations

import hmac
import html
import io
import json
import logging
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field

from lapwing import __version__
from lapwing.export import SafeDictWriter
from lapwing.records import DATE_PRECISIONS, PLACE_PRECISIONS
from lapwing.store import Store, StoreError, open_store
from lapwing.store import analytics as an

log = logging.getLogger("lapwing.api")

MAX_BODY_BYTES = 10 * 1024 * 1024  # largest request body; bigger ones get 413
MAX_ARTICLES_PER_REQUEST = 200
MAX_VALUES_PER_FILTER = 50
DASHBOARD = resources.files("lapwing").joinpath("dashboard")
_JSON_TYPES = ("application/json", "application/x-ndjson", "application/jsonl", "text/plain")
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "content-security-policy": _CSP,
}
_SECURITY_ITEMS = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]


# -- response shapes (for the OpenAPI document; handlers return plain JSON) ----


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ActorOut(_Open):
    text: str | None
    code: str | None
    country: str | None
    sector: str | None
    name: str | None


class LocationOut(_Open):
    name: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    precision: str | None


class EventOut(_Open):
    id: str
    article_id: str
    date: str
    date_precision: str = Field(description=f"One of {', '.join(DATE_PRECISIONS)}.")
    event_type: str
    mode: str | None
    context: list[str]
    cameo: str
    quad_class: int
    goldstein: float
    actor: ActorOut | None
    recipient: ActorOut | None
    location: LocationOut | None
    modality: str
    sentence: str
    spans: dict[str, list[int] | None]
    source: str | None
    url: str | None
    confidence: float
    rule: str


class EventPage(BaseModel):
    events: list[EventOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")
    limit: int
    total: int | None = Field(None, description="Matching events, when `count=true`.")


class Segment(BaseModel):
    text: str
    role: Literal["trigger", "actor", "recipient", "location"] | None
    roles: list[str]


class Evidence(BaseModel):
    sentence: str
    offset: int | None = Field(description="Where the sentence starts in the article text.")
    segments: list[Segment]


class Mention(_Open):
    article_id: str
    sentence_index: int
    sentence: str
    confidence: float
    title: str | None
    date: str | None
    source: str | None
    url: str | None


class ArticleRef(BaseModel):
    id: str
    title: str | None
    date: str | None
    source: str | None
    url: str | None
    href: str


class EventDetail(BaseModel):
    event: EventOut
    evidence: Evidence
    mentions: list[Mention]
    articles: list[ArticleRef]


class ActorCount(BaseModel):
    code: str
    name: str | None
    as_actor: int
    as_recipient: int
    count: int


class ActorList(BaseModel):
    actors: list[ActorCount]


class SeriesPoint(BaseModel):
    period: str | None = None
    key: str | int | None
    count: int


class Dyad(BaseModel):
    actor: str
    recipient: str
    count: int
    goldstein: float
    quad_classes: dict[str, int]


class Stats(BaseModel):
    total: int
    first: str | None
    last: str | None
    group_by: str
    interval: str | None
    series: list[SeriesPoint]
    groups: list[SeriesPoint]
    top_actors: list[ActorCount]
    dyads: list[Dyad]


class MapPoint(BaseModel):
    lat: float
    lon: float
    count: int
    quad_class: int
    quad_classes: dict[str, int]


class MapPoints(BaseModel):
    points: list[MapPoint]
    located: int = Field(description="Located events matching the filters.")
    shown: int = Field(description="Events the returned points stand for.")
    precision: int


class TimelineBar(BaseModel):
    period: str
    key: str
    count: int
    coarse: int = Field(description="Of `count`, events dated only as precisely as a period.")


class TimelineSpan(BaseModel):
    start: str
    end: str
    precision: str
    count: int


class Timeline(BaseModel):
    total: int
    first: str | None
    last: str | None
    interval: str
    bars: list[TimelineBar]
    spans: list[TimelineSpan] = Field(description="Events dated more coarsely than a period.")
    undated: int = Field(
        0, description="Events with no known date (precision `ingest`): in no bar or span."
    )


class FacetValue(_Open):
    key: str
    count: int


class Facets(BaseModel):
    facets: dict[str, list[FacetValue]]


class MapLayerPoint(MapPoint):
    kind: Literal["country", "admin1", "region", "place"]
    country: str | None
    name: str | None


class MapLayers(BaseModel):
    points: list[MapLayerPoint]
    located: int
    shown: int
    precision: int


class Story(EventOut):
    num_mentions: int
    num_articles: int
    num_sources: int
    mentions: list[Mention]


class StoryPage(BaseModel):
    stories: list[Story]
    next_cursor: str | None
    limit: int
    total: int | None


class ArticleOut(_Open):
    id: str
    title: str | None
    date: str | None
    source: str | None
    url: str | None
    text: str
    n_events: int
    skipped_reason: str | None
    events: list[EventOut]


class Submitted(BaseModel):
    id: str | None
    events: int | None = None
    skipped_reason: str | None = None
    error: str | None = None


class SubmitResult(BaseModel):
    articles: list[Submitted]
    articles_new: int
    articles_updated: int
    articles_unchanged: int
    events_written: int


class Health(BaseModel):
    status: str
    version: str
    events: int
    articles: int
    writes: bool


class Problem(BaseModel):
    detail: Any


def _problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    text = {
        401: "Missing or wrong bearer token.",
        403: "Writes are disabled on this server.",
        404: "No such record.",
        413: "Request body too large.",
        415: "Unsupported content type.",
        422: "A parameter or the body is invalid.",
        503: "The store could not be read.",
    }
    return {c: {"model": Problem, "description": text[c]} for c in codes}


# -- auth -----------------------------------------------------------------------


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _matches(given: str | None, expected: str | None) -> bool:
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


_CHALLENGE = {"WWW-Authenticate": "Bearer"}


# -- filters shared by the read endpoints --------------------------------------

ListParam = Annotated[list[str], Query(max_length=MAX_VALUES_PER_FILTER)]
_DATE_RE = r"^[12]\d{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
_NUMBER = r"-?\d{1,3}(\.\d+)?"
_BBOX_RE = rf"^{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}$"
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def _values(raw: Sequence[str]) -> list[str]:
    """Repeated parameters and comma-separated values, both: ?country=NER,MLI&country=BFA."""
    values = [v.strip() for item in raw for v in item.split(",") if v.strip()]
    if len(values) > MAX_VALUES_PER_FILTER:
        raise HTTPException(422, f"at most {MAX_VALUES_PER_FILTER} values per filter")
    for value in values:
        if len(value) > 100:
            raise HTTPException(422, "filter values are at most 100 characters")
        _printable(value)
    return values


def _printable(value: str | None) -> None:
    if value is not None and _CONTROL_RE.search(value):
        raise HTTPException(422, "filter values may not hold control characters")


def event_filter(
    country: Annotated[
        list[str], Query(description="ISO3 code(s) of the place or either actor.")
    ] = [],  # noqa: B006 -- FastAPI copies defaults per request
    actor: Annotated[
        list[str], Query(description="Actor code or prefix (RUS, RUSMIL) or name, either side.")
    ] = [],  # noqa: B006
    event_type: Annotated[list[str], Query(description="PLOVER type(s), e.g. ASSAULT.")] = [],  # noqa: B006
    quad_class: Annotated[list[str], Query(description="QuadClass 1-4.")] = [],  # noqa: B006
    modality: Annotated[
        list[str],
        Query(description="realized (default: asserted or reported events), all, or names."),
    ] = [],  # noqa: B006
    since: Annotated[str | None, Query(pattern=_DATE_RE, description="YYYY[-MM[-DD]]")] = None,
    until: Annotated[str | None, Query(pattern=_DATE_RE, description="YYYY[-MM[-DD]]")] = None,
    bbox: Annotated[
        str | None,
        Query(description="min_lon,min_lat,max_lon,max_lat", max_length=200, pattern=_BBOX_RE),
    ] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Text in the sentence, any case.")
    ] = None,
    article_id: Annotated[str | None, Query(max_length=300)] = None,
    source: Annotated[list[str], Query(description="Publisher name(s), as stored.")] = [],  # noqa: B006
    mode: Annotated[list[str], Query(description="PLOVER mode(s), e.g. aerial.")] = [],  # noqa: B006
    goldstein_min: Annotated[float | None, Query(ge=-10, le=10)] = None,
    goldstein_max: Annotated[float | None, Query(ge=-10, le=10)] = None,
    admin1: Annotated[
        list[str], Query(description="First-level division name(s) of the place.")
    ] = [],  # noqa: B006
    # not `precision`: /map's grid already takes that name
    location_precision: Annotated[
        list[str], Query(description="Place precision(s): point, city, admin1, country, region.")
    ] = [],  # noqa: B006
    dyad: Annotated[
        list[str], Query(description="ACTOR:RECIPIENT code pair(s), exactly, e.g. RUSMIL:NERREB.")
    ] = [],  # noqa: B006
) -> an.EventFilter:
    _printable(q)
    _printable(article_id)
    precisions = _values(location_precision)
    if set(precisions) - set(PLACE_PRECISIONS):
        raise HTTPException(422, f"location_precision: use {', '.join(PLACE_PRECISIONS)}")
    pairs: list[tuple[str, str]] = []
    for value in _values(dyad):
        actor_code, sep, recipient_code = value.partition(":")
        if not (sep and actor_code.strip() and recipient_code.strip()):
            raise HTTPException(422, "dyad: ACTOR:RECIPIENT, e.g. RUSMIL:NERREB")
        pairs.append((actor_code.strip(), recipient_code.strip()))
    quads: list[int] = []
    for value in _values(quad_class):
        if value not in ("1", "2", "3", "4"):
            raise HTTPException(422, "quad_class: use 1, 2, 3 or 4")
        quads.append(int(value))
    try:
        modalities, realized = an.modalities_from(_values(modality))
        for what, value in (("since", since), ("until", until)):
            if value is not None:
                an._period(value, what, last=False)
    except StoreError as e:
        raise HTTPException(422, str(e)) from None
    return an.EventFilter(
        countries=tuple(_values(country)),
        actors=tuple(_values(actor)),
        event_types=tuple(_values(event_type)),
        quad_classes=tuple(quads),
        modalities=modalities,
        realized=realized,
        since=since,
        until=until,
        bbox=_bbox(bbox),
        q=q or None,
        article_id=article_id,
        sources=tuple(_values(source)),
        modes=tuple(_values(mode)),
        goldstein_min=goldstein_min,
        goldstein_max=goldstein_max,
        admin1s=tuple(_values(admin1)),
        precisions=tuple(precisions),
        dyads=tuple(pairs),
    )


def _bbox(raw: str | None) -> tuple[float, float, float, float] | None:
    if raw is None:
        return None
    try:
        min_lon, min_lat, max_lon, max_lat = (float(v) for v in raw.split(","))
    except ValueError:
        raise HTTPException(422, "bbox: four numbers min_lon,min_lat,max_lon,max_lat") from None
    lons_ok = all(-180 <= v <= 180 for v in (min_lon, max_lon))
    if not (lons_ok and -90 <= min_lat <= max_lat <= 90):
        raise HTTPException(422, "bbox: longitudes in -180..180, latitudes -90..90, min <= max")
    return min_lon, min_lat, max_lon, max_lat


Filter = Annotated[an.EventFilter, Depends(event_filter)]


# -- output formats -------------------------------------------------------------

FLAT_COLUMNS: dict[str, str] = {
    "id": "VARCHAR", "article_id": "VARCHAR", "date": "DATE", "date_precision": "VARCHAR",
    "event_type": "VARCHAR", "mode": "VARCHAR", "context": "VARCHAR", "cameo": "VARCHAR",
    "quad_class": "INTEGER", "goldstein": "DOUBLE",
    **{f"{side}_{f}": "VARCHAR" for side in ("actor", "recipient")
       for f in ("text", "code", "country", "sector", "name")},
    "location_name": "VARCHAR", "location_geonameid": "BIGINT", "location_lat": "DOUBLE",
    "location_lon": "DOUBLE", "location_country": "VARCHAR", "location_admin1": "VARCHAR",
    "location_precision": "VARCHAR", "modality": "VARCHAR", "sentence": "VARCHAR",
    "spans": "VARCHAR", "source": "VARCHAR", "url": "VARCHAR", "confidence": "DOUBLE",
    "rule": "VARCHAR", "aspect": "VARCHAR", "sentence_index": "INTEGER",
    "data_version": "VARCHAR", "fatalities": "INTEGER", "num_mentions": "INTEGER",
    "num_articles": "INTEGER",
    "num_sources": "INTEGER", "first_seen": "DATE", "last_seen": "DATE",
}  # fmt: skip


def flatten(event: dict[str, Any]) -> dict[str, Any]:
    """One event as flat columns: nested objects become prefix_field, lists become JSON."""
    flat: dict[str, Any] = dict.fromkeys(FLAT_COLUMNS)
    for key, value in event.items():
        if key in ("actor", "recipient", "location"):
            for sub, v in (value or {}).items():
                flat[f"{key}_{sub}"] = v
        elif isinstance(value, dict | list):
            flat[key] = json.dumps(value, ensure_ascii=False)
        elif key in flat:
            flat[key] = value
    return flat


def to_csv(events: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = SafeDictWriter(out, fieldnames=list(FLAT_COLUMNS), extrasaction="ignore")
    writer.writeheader()
    for event in events:
        writer.writerow(flatten(event))
    return out.getvalue()


def to_parquet(events: list[dict[str, Any]]) -> bytes:
    """A Parquet file of flat events, written by an in-memory DuckDB (no pyarrow needed)."""
    import duckdb

    columns = list(FLAT_COLUMNS)
    rows = [flatten(e) for e in events]
    conn = duckdb.connect(":memory:")
    try:
        conn.execute(
            "CREATE TABLE page (" + ", ".join(f"{c} {t}" for c, t in FLAT_COLUMNS.items()) + ")"
        )
        if rows:
            select = ", ".join(f"unnest(?)::{FLAT_COLUMNS[c]}" for c in columns)
            conn.execute(
                f"INSERT INTO page SELECT {select}", [[r[c] for r in rows] for c in columns]
            )
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "events.parquet"
            # The path is ours (a fresh temporary directory); COPY takes no parameter for it.
            conn.execute(f"COPY page TO '{path.as_posix()}' (FORMAT parquet)")
            return path.read_bytes()
    finally:
        conn.close()


# -- the app ----------------------------------------------------------------------


class _SecurityHeaders:
    """Pure ASGI wrapper that puts the security headers on every response passing through
    it (a header the response sets itself is kept). When the app fails without answering
    (its own error handler raised), it answers the 500 the server would otherwise send
    bare."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [item for item in _SECURITY_ITEMS if item[0] not in present]
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            if not started:
                response = JSONResponse({"detail": "internal error"}, status_code=500)
                await response(scope, receive, send_with_headers)
            raise  # the server logs it, as it logs any failure of the app


class _App(FastAPI):
    """FastAPI with the security headers outside its whole middleware stack: Starlette's
    500s, the CORS preflight answers and the size limiter's 413s are sent by middleware
    that runs outside any the app adds, so a header middleware added the usual way missed
    them."""

    def build_middleware_stack(self) -> Any:
        return _SecurityHeaders(super().build_middleware_stack())


class _Limits:
    """Pure ASGI middleware: the body-size limit from Content-Length."""

    def __init__(self, app: Any, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            response = JSONResponse(
                {"detail": f"request body larger than {self.max_body} bytes"}, status_code=413
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def create_app(
    store_url: str | Path | Store,
    *,
    token: str | None = None,
    open_reads: bool = True,
    read_token: str | None = None,
    cors_origins: Sequence[str] = (),
    max_body: int = MAX_BODY_BYTES,
) -> FastAPI:
    """The lapwing API over one store.

    `token` enables writes (POST /articles) for requests bearing it; without it
    writes answer 403. With `open_reads=False`, reads need `read_token` (or the
    write token). `store_url` is a path, ":memory:", a URL `open_store` takes, or
    an open Store (the app then does not close it).
    """
    lock = threading.RLock()  # one DuckDB connection: requests take turns
    opened: list[Store] = []

    if isinstance(store_url, Store):
        opened.append(store_url)

        def open_() -> Store:
            return store_url
    else:
        location = str(store_url)

        def open_() -> Store:
            exists = location == ":memory:" or "://" in location or Path(location).exists()
            # Read-only unless writes are possible: other processes may read the file too.
            read_only = exists and token is None and location != ":memory:"
            return open_store(location, read_only=read_only)

        opened.append(open_())  # fail at start-up, not at the first request

    @contextmanager
    def using() -> Iterator[Store]:
        with lock:
            if not opened:  # closed by a previous shutdown (test clients restart apps)
                opened.append(open_())
            yield opened[0]

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        yield
        if not isinstance(store_url, Store):
            with lock:
                while opened:
                    opened.pop().close()

    app = _App(
        title="lapwing",
        version=__version__,
        summary="Political event data coded from news articles: who did what to whom, "
        "where, when, and according to which source.",
        docs_url=None,  # the interactive docs load scripts from a CDN; the spec is enough
        redoc_url=None,
        lifespan=lifespan,
    )
    app.add_middleware(_Limits, max_body=max_body)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )

    def may_read(request: Request) -> None:
        if open_reads:
            return
        given = _bearer(request)
        if not (_matches(given, read_token) or _matches(given, token)):
            raise HTTPException(401, "reading needs a bearer token", headers=_CHALLENGE)

    def may_write(request: Request) -> None:
        if token is None:
            raise HTTPException(403, "writes are disabled: the operator set no LAPWING_TOKEN")
        if not _matches(_bearer(request), token):
            raise HTTPException(401, "writing needs the bearer token", headers=_CHALLENGE)

    read = [Depends(may_read)]

    @app.exception_handler(an.BadQuery)
    async def bad_query(_: Request, exc: an.BadQuery) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(StoreError)
    async def store_error(_: Request, exc: StoreError) -> JSONResponse:
        log.error("store error: %s", exc)
        return JSONResponse({"detail": "the store could not be read"}, status_code=503)

    @app.exception_handler(Exception)
    async def internal(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return JSONResponse({"detail": "internal error"}, status_code=500)

    # -- reads

    @app.get(
        "/events",
        dependencies=read,
        response_model=None,
        responses={
            200: {
                "model": EventPage,
                "content": {"text/csv": {}, "application/vnd.apache.parquet": {}},
                "description": "A page of events; CSV and Parquet carry the next cursor "
                "in the X-Next-Cursor header.",
            },
            **_problems(401, 422, 503),
        },
    )
    def list_events(
        request: Request,
        where: Filter,
        sort: Annotated[Literal[tuple(an.SORTS)], Query()] = "date",  # type: ignore[valid-type]
        limit: Annotated[int, Query(ge=1, le=an.MAX_PAGE)] = 100,
        cursor: Annotated[str | None, Query(max_length=1000, pattern=r"^[A-Za-z0-9_-]+$")] = None,
        count: Annotated[bool, Query(description="Also count matching events.")] = False,
        format: Annotated[Literal["json", "csv", "parquet"], Query()] = "json",
    ) -> Response:
        """Events matching the filters, a page at a time (opaque `cursor`, `limit` <= 500)."""
        with using() as s:
            page = an.events_page(s, where, sort=sort, limit=limit, cursor=cursor)
            total = an.count_events(s, where) if count else None
        headers = {}
        if page.next_cursor:
            headers["X-Next-Cursor"] = page.next_cursor
            nxt = request.url.include_query_params(cursor=page.next_cursor)
            headers["Link"] = f'<{nxt}>; rel="next"'
        if format == "csv":
            return Response(to_csv(page.events), media_type="text/csv", headers=headers)
        if format == "parquet":
            return Response(
                to_parquet(page.events), media_type="application/vnd.apache.parquet",
                headers=headers,
            )  # fmt: skip
        body = {
            "events": page.events, "next_cursor": page.next_cursor, "limit": limit, "total": total
        }  # fmt: skip
        return JSONResponse(body, headers=headers)

    @app.get(
        "/events/{event_id}",
        dependencies=read,
        response_model=None,
        responses={200: {"model": EventDetail}, **_problems(401, 404, 422, 503)},
    )
    def get_event(event_id: Annotated[str, PathParam(max_length=300)]) -> JSONResponse:
        """One event with the articles that mention it and its sentence cut into highlighted
        segments (trigger, actor, recipient, location)."""
        with using() as s:
            record = an.event(s, event_id)
            if record is None:
                raise HTTPException(404, "no such event")
            found = an.mentions(s, event_id)
            text = an.article_text(s, record["article_id"])
        segments, offset = an.evidence_segments(record["sentence"], record["spans"], text)
        articles: dict[str, dict[str, Any]] = {}
        for m in found:
            articles.setdefault(m["article_id"], _article_ref(m["article_id"], m))
        if record["article_id"] not in articles:
            articles[record["article_id"]] = _article_ref(record["article_id"], {})
        body = {
            "event": record,
            "evidence": {"sentence": record["sentence"], "offset": offset, "segments": segments},
            "mentions": found,
            "articles": list(articles.values()),
        }
        return JSONResponse(body)

    @app.get(
        "/actors",
        dependencies=read,
        response_model=None,
        responses={200: {"model": ActorList}, **_problems(401, 422, 503)},
    )
    def list_actors(
        where: Filter,
        prefix: Annotated[str | None, Query(max_length=50)] = None,
        limit: Annotated[int, Query(ge=1, le=an.MAX_PAGE)] = 100,
    ) -> JSONResponse:
        """Actor codes by the number of matching events they take part in (either side)."""
        with using() as s:
            actors = an.top_actors(s, where, limit=limit, prefix=prefix)
        return JSONResponse({"actors": actors})

    @app.get(
        "/stats",
        dependencies=read,
        response_model=None,
        responses={200: {"model": Stats}, **_problems(401, 422, 503)},
    )
    def stats(
        where: Filter,
        group_by: Annotated[Literal[tuple(an.GROUP_COLUMNS)], Query()] = "event_type",  # type: ignore[valid-type]
        interval: Annotated[
            Literal["auto", "none", "day", "week", "month", "year"], Query()
        ] = "auto",
        top: Annotated[int, Query(ge=0, le=100, description="How many top actors.")] = 10,
        dyads: Annotated[int, Query(ge=0, le=500, description="How many dyads.")] = 30,
    ) -> JSONResponse:
        """Counts over time by `group_by`, totals per group, top actors and dyads, all
        aggregated in the store."""
        with using() as s:
            first, last, total = an.date_range(s, where)
            chosen = an.pick_interval(first, last) if interval == "auto" else interval
            body = {
                "total": total,
                "first": first,
                "last": last,
                "group_by": group_by,
                "interval": None if chosen == "none" else chosen,
                "series": []
                if chosen == "none"
                else an.series(s, where, group_by=group_by, interval=chosen),
                "groups": [],
                "top_actors": an.top_actors(s, where, limit=top) if top else [],
                "dyads": an.dyads(s, where, limit=dyads) if dyads else [],
            }
            body["groups"] = (
                _totals(body["series"])
                if body["series"] or not total
                else an.series(s, where, group_by=group_by, interval=None)
            )
        return JSONResponse(body)

    @app.get(
        "/map",
        dependencies=read,
        response_model=None,
        responses={200: {"model": MapPoints}, **_problems(401, 422, 503)},
    )
    def map_points(
        where: Filter,
        precision: Annotated[int, Query(ge=0, le=3, description="Grid: 10^-precision deg.")] = 0,
        limit: Annotated[int, Query(ge=1, le=5000, description="At most this many points.")] = 2000,
        by_precision: Annotated[
            bool,
            Query(
                description="Aggregate by place precision: one point per country, admin1 or "
                "region for events placed no closer, grid clusters for cities and points "
                "(each point then has `kind`, `country`, `name`)."
            ),
        ] = False,
    ) -> JSONResponse:
        """Located events clustered on a grid, at most `limit` points however many match."""
        with using() as s:
            if by_precision:
                points, located = an.map_layers(s, where, precision=precision, limit=limit)
            else:
                points, located = an.map_points(s, where, precision=precision, limit=limit)
        shown = sum(p["count"] for p in points)
        return JSONResponse(
            {"points": points, "located": located, "shown": shown, "precision": precision}
        )

    @app.get(
        "/timeline",
        dependencies=read,
        response_model=None,
        responses={200: {"model": Timeline}, **_problems(401, 422, 503)},
    )
    def timeline(
        where: Filter,
        interval: Annotated[Literal["auto", "day", "week", "month", "year"], Query()] = "auto",
    ) -> JSONResponse:
        """Events per period and type for a continuous time axis; events dated more coarsely
        than the interval (a year, a month) come back as spans instead of on their first day."""
        with using() as s:
            first, last, total = an.date_range(s, where)
            chosen = an.pick_interval(first, last) if interval == "auto" else interval
            body = {"total": total, "first": first, "last": last, "interval": chosen}
            body.update(an.timeline(s, where, interval=chosen))
        return JSONResponse(body)

    @app.get(
        "/facets",
        dependencies=read,
        response_model=None,
        responses={200: {"model": Facets}, **_problems(401, 422, 503)},
    )
    def facets(
        where: Filter,
        name: Annotated[
            list[Literal[tuple(an.FACETS)]],  # type: ignore[valid-type]
            Query(description="Which facets (default: all)."),
        ] = [],  # noqa: B006
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> JSONResponse:
        """Value counts for filter menus (type, country, source, mode, admin1, precision);
        each facet ignores its own filter so the other choices stay listed."""
        with using() as s:
            found = an.facets(s, where, name or list(an.FACETS), limit=limit)
        return JSONResponse({"facets": found})

    @app.get(
        "/stories",
        dependencies=read,
        response_model=None,
        responses={200: {"model": StoryPage}, **_problems(401, 422, 503)},
    )
    def stories(
        where: Filter,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        cursor: Annotated[str | None, Query(max_length=1000, pattern=r"^[A-Za-z0-9_-]+$")] = None,
        count: Annotated[bool, Query(description="Also count matching events.")] = False,
    ) -> JSONResponse:
        """Deduplicated events, most reported first, each with the mentions behind it
        (article, source, date and the sentence each used)."""
        with using() as s:
            page = an.events_page(s, where, sort="-mentions", limit=limit, cursor=cursor)
            found = an.mentions_of(s, [e["id"] for e in page.events])
            total = an.count_events(s, where) if count else None
        body = {
            "stories": [
                {**e, "mentions": [_with_href(m) for m in found.get(e["id"], [])]}
                for e in page.events
            ],
            "next_cursor": page.next_cursor,
            "limit": limit,
            "total": total,
        }
        return JSONResponse(body)

    @app.get(
        "/export",
        dependencies=read,
        response_model=None,
        responses={
            200: {
                "content": {
                    "text/csv": {},
                    "text/tab-separated-values": {},
                    "application/x-ndjson": {},
                    "application/vnd.apache.parquet": {},
                },
                "description": "Every matching event as a file (`lapwing export`'s formats); "
                "X-Event-Count says how many events matched, X-Row-Count how many rows "
                "were written (ACLED leaves verbal events out).",
            },
            **_problems(401, 422, 503),
        },
    )
    def export_events(
        where: Filter,
        format: Annotated[Literal[tuple(EXPORT_FORMATS)], Query()] = "csv",  # type: ignore[valid-type]
        header: Annotated[bool, Query(description="GDELT: a header line.")] = False,
    ) -> Response:
        """All events matching the filters, in CSV, Parquet, GDELT 2.0 (events or
        mentions), ACLED or PLOVER, read from the store a page at a time."""
        from starlette.background import BackgroundTask

        from lapwing import export as ex

        tmp = tempfile.mkdtemp(prefix="lapwing-export-")
        suffix, media = EXPORT_FORMATS[format]
        path = Path(tmp) / f"lapwing-events{suffix}"
        try:
            stats = ex.export(_FilteredStore(using, where), format, path, header=header,
                              all_modalities=True)  # fmt: skip
        except BaseException:
            _remove_tree(tmp)
            raise
        return FileResponse(
            str(path),
            media_type=media,
            filename=path.name,
            headers={"X-Event-Count": str(stats.events), "X-Row-Count": str(stats.rows)},
            background=BackgroundTask(_remove_tree, tmp),
        )

    @app.get(
        # `path`: ids may hold "/" (feed guids are often URLs); the links quote it as %2F,
        # which the server decodes before routing.
        "/articles/{article_id:path}",
        dependencies=read,
        response_model=None,
        responses={
            200: {"model": ArticleOut, "content": {"text/html": {}}},
            **_problems(401, 404, 422, 503),
        },
    )
    def get_article(
        request: Request,
        article_id: Annotated[str, PathParam(max_length=300)],
        format: Annotated[Literal["json", "html"] | None, Query()] = None,
    ) -> Response:
        """A stored article with its events; an HTML page for browsers (or `format=html`)."""
        with using() as s:
            record = an.article(s, article_id)
            if record is None:
                raise HTTPException(404, "no such article")
            record["events"] = an.article_events(s, article_id)
        if format == "html" or (format is None and _wants_html(request)):
            return HTMLResponse(_article_page(record))
        return JSONResponse(record)

    @app.get("/health", response_model=None, responses={200: {"model": Health}, **_problems(503)})
    def health() -> JSONResponse:
        """Liveness and row counts; open even when reads are closed."""
        with using() as s:
            counts = s.counts()
        return JSONResponse(
            {
                "status": "ok",
                "version": __version__,
                "events": counts.get("events", 0),
                "articles": counts.get("articles", 0),
                "writes": token is not None,
            }
        )

    # -- writes

    @app.post(
        "/articles",
        status_code=201,
        dependencies=[Depends(may_write)],
        response_model=None,
        openapi_extra={
            "requestBody": {
                "required": True,
                "description": "One article object, an array of them, or JSON lines; each "
                "has `text` and optional `id`, `title`, `date`, `source`, `url`, `language`.",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ArticleIn"}},
                    "application/x-ndjson": {"schema": {"type": "string"}},
                },
            }
        },
        responses={201: {"model": SubmitResult}, **_problems(401, 403, 413, 415, 422, 503)},
    )
    async def post_articles(request: Request) -> JSONResponse:
        """Code submitted articles and store them (needs the operator's bearer token)."""
        kind = request.headers.get("content-type", "application/json").split(";")[0].strip()
        if kind.lower() not in _JSON_TYPES:
            raise HTTPException(415, "send application/json or application/x-ndjson")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_body:
                raise HTTPException(413, f"request body larger than {max_body} bytes")
        items = _parse_articles(bytes(body))
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(_code_and_store, items)

    def _code_and_store(items: list[dict[str, Any]]) -> JSONResponse:
        from lapwing import get_pipeline
        from lapwing.ingest import make_article

        report: list[dict[str, Any]] = []
        articles = []
        for number, item in enumerate(items, start=1):
            problem = _article_problem(item)
            if problem:
                ident = _short(item.get("id")) if isinstance(item, dict) else None
                report.append({"id": ident, "error": f"#{number}: {problem}"})
                continue
            fields = {k: item.get(k) for k in ("id", "title", "date", "source", "url", "language")}
            article = make_article(item["text"], origin=f"POST /articles#{number}", **fields)
            if not article.text:
                report.append({"id": article.id, "error": f"#{number}: no text"})
                continue
            articles.append(article)
        if not articles:
            raise HTTPException(422, {"articles": report, "message": "no article could be read"})
        results = list(get_pipeline().code(articles))
        with using() as s:
            written = s.write(results)
        for r in results:
            report.append(
                {"id": r.article.id, "events": len(r.events), "skipped_reason": r.skipped_reason}
            )
        return JSONResponse(
            {
                "articles": report,
                "articles_new": written.articles_new,
                "articles_updated": written.articles_updated,
                "articles_unchanged": written.articles_unchanged,
                "events_written": written.events_written,
            },
            status_code=201,
        )

    # -- the dashboard

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(str(DASHBOARD.joinpath("index.html")), media_type="text/html")

    @app.get("/dashboard/countries.json", include_in_schema=False)
    def country_codes() -> JSONResponse:
        return JSONResponse(_iso_numeric_to_alpha3())

    @app.get("/dashboard/labels.json", include_in_schema=False)
    def actor_labels() -> JSONResponse:
        from lapwing.labels import actor_labels

        return JSONResponse(actor_labels())

    app.mount("/dashboard", StaticFiles(directory=str(DASHBOARD)), name="dashboard")
    _add_article_schema(app)
    return app


# export format -> (file suffix, media type); the formats of `lapwing export`
EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "csv": (".csv", "text/csv"),
    "parquet": (".parquet", "application/vnd.apache.parquet"),
    "gdelt": (".tsv", "text/tab-separated-values"),
    "gdelt-mentions": (".mentions.tsv", "text/tab-separated-values"),
    "acled": (".acled.csv", "text/csv"),
    "plover": (".jsonl", "application/x-ndjson"),
}
_EXPORT_PAGE = 500


class _FilteredStore:
    """What `export.export` reads from a store, narrowed to an API filter. Events are
    read a page at a time, each page under the store lock, so a long export lets other
    requests through between pages."""

    def __init__(self, using: Callable[[], Any], where: an.EventFilter) -> None:
        self._using = using
        self._where = where

    def events(self, **_: Any) -> Iterator[dict[str, Any]]:
        cursor = None
        while True:
            with self._using() as s:
                page = an.events_page(s, self._where, sort="date", limit=_EXPORT_PAGE,
                                      cursor=cursor)  # fmt: skip
            yield from page.events
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    def mentions(self, event_ids: Sequence[str]) -> list[dict[str, Any]]:
        with self._using() as s:
            return list(s.mentions(list(event_ids)))


def _remove_tree(path: str) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _with_href(mention: dict[str, Any]) -> dict[str, Any]:
    return {**mention, "href": f"/articles/{_quote(mention['article_id'])}"}


def _totals(series: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts: dict[Any, int] = {}
    for point in series:
        counts[point["key"]] = counts.get(point["key"], 0) + point["count"]
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] is None, str(kv[0])))
    return [{"key": k, "count": n} for k, n in ranked]


def _add_article_schema(app: FastAPI) -> None:
    """The POST body schema: one article or an array (declared by hand, the body is raw)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        one = {
            "type": "object",
            "required": ["text"],
            "properties": {
                "text": {"type": "string", "minLength": 1},
                **{
                    k: {"type": ["string", "null"]}
                    for k in ("id", "title", "date", "source", "url", "language")
                },
            },
        }
        schema.setdefault("components", {}).setdefault("schemas", {})["ArticleIn"] = {
            "oneOf": [one, {"type": "array", "items": one, "maxItems": MAX_ARTICLES_PER_REQUEST}]
        }
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _short(value: Any) -> str | None:
    return value[:300] if isinstance(value, str) else None


def _article_problem(item: Any) -> str | None:
    from lapwing.ingest import _number_problem

    if not isinstance(item, dict):
        return "not a JSON object"
    if problem := _number_problem(item):
        return problem
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        return "'text' must be a non-empty string"
    for key in ("id", "title", "date", "source", "url", "language"):
        if item.get(key) is not None and not isinstance(item[key], str):
            return f"'{key}' must be a string"
    return None


def _parse_articles(body: bytes) -> list[Any]:
    # The readers' decoder: an integer too long for int() marks its article, not a 500.
    from lapwing.ingest import _json_loads

    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(422, "the body is not UTF-8") from None
    if not text.strip():
        raise HTTPException(422, "empty body")
    try:
        document = _json_loads(text)
        items = document if isinstance(document, list) else [document]
    except (ValueError, RecursionError):
        items = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append(_json_loads(line))
            except (ValueError, RecursionError):
                raise HTTPException(422, f"line {number} is not JSON") from None
    if not items:
        raise HTTPException(422, "no articles in the body")
    if len(items) > MAX_ARTICLES_PER_REQUEST:
        raise HTTPException(413, f"at most {MAX_ARTICLES_PER_REQUEST} articles per request")
    return items


def _article_ref(article_id: str, info: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": article_id,
        "title": info.get("title"),
        "date": info.get("date"),
        "source": info.get("source"),
        "url": info.get("url"),
        "href": f"/articles/{_quote(article_id)}",
    }


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept


_ROLE_NAMES = ("trigger", "actor", "recipient", "location")


def _article_page(record: dict[str, Any]) -> str:
    """The article text with every event's evidence marked; all values escaped."""
    text: str = record["text"]
    marks: list[tuple[int, int, str]] = []
    for event in record["events"]:
        for role in _ROLE_NAMES:
            span = (event.get("spans") or {}).get(role)
            if span and 0 <= span[0] < span[1] <= len(text):
                marks.append((span[0], span[1], role))
    role_at: list[str | None] = [None] * len(text)
    for start, end, role in sorted(marks, key=lambda m: -_ROLE_NAMES.index(m[2])):
        for i in range(start, end):
            role_at[i] = role
    parts: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and role_at[j] == role_at[i]:
            j += 1
        chunk = html.escape(text[i:j]).replace("\n", "<br>")
        parts.append(f'<mark class="{role_at[i]}">{chunk}</mark>' if role_at[i] else chunk)
        i = j
    rows = "".join(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
            *(
                html.escape(str(v))
                for v in (
                    e["date"],
                    (e.get("actor") or {}).get("code") or "-",
                    e["event_type"],
                    (e.get("recipient") or {}).get("code") or "-",
                    e["modality"],
                )
            )
        )
        for e in record["events"]
    )
    title = html.escape(record.get("title") or record["id"])
    meta = " · ".join(html.escape(str(v)) for v in (record.get("source"), record.get("date")) if v)
    link = (
        f'<a href="{html.escape(record["url"])}" rel="noopener noreferrer">original</a>'
        if record.get("url") and re.match(r"^https?://", record["url"])
        else ""
    )
    legend = "".join(f'<mark class="{r}">{r}</mark> ' for r in _ROLE_NAMES)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} – lapwing</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/dashboard/app.css"></head>
<body class="article-page"><header><a href="/">← lapwing dashboard</a></header>
<main><h1>{title}</h1><p class="meta">{meta} {link}</p>
<p class="legend">{legend}</p>
<article class="article-text">{"".join(parts)}</article>
<h2>{len(record["events"])} events</h2>
<table class="events"><thead><tr><th>date</th><th>actor</th><th>event</th><th>recipient</th>
<th>modality</th></tr></thead><tbody>{rows}</tbody></table></main></body></html>"""


@lru_cache(maxsize=1)
def _iso_numeric_to_alpha3() -> dict[str, str]:
    """world-atlas names countries by ISO 3166 numeric code; events use alpha-3."""
    import pycountry

    return {c.numeric: c.alpha_3 for c in pycountry.countries}


def app_from_env() -> FastAPI:
    """For `uvicorn --factory lapwing.api:app_from_env`: LAPWING_DB, LAPWING_TOKEN,
    LAPWING_READ_TOKEN (closes reads when set), LAPWING_CORS_ORIGINS (comma-separated)."""
    read_token = os.environ.get("LAPWING_READ_TOKEN") or None
    origins = [o for o in os.environ.get("LAPWING_CORS_ORIGINS", "").split(",") if o.strip()]
    return create_app(
        os.environ.get("LAPWING_DB", "lapwing.duckdb"),
        token=os.environ.get("LAPWING_TOKEN") or None,
        open_reads=read_token is None,
        read_token=read_token,
        cors_origins=origins,
    )


def run_server(
    app: Any, *, host: str, port: int, header_timeout: float, max_connections: int
) -> None:
    """Serve `app` with uvicorn's h11 protocol and the limits a server on a network needs,
    which uvicorn lacks: a client has `header_timeout` seconds from connecting (or from the
    previous response) to send a whole request head, however it trickles the bytes in; of
    more than `max_connections` open connections, the newest get a 503 and are closed.
    uvicorn's own 400 for an unreadable request carries the security headers too."""
    import uvicorn

    protocol = _guarded_h11(header_timeout, max_connections)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", http=protocol)
    uvicorn.Server(config).run()


def _guarded_h11(header_timeout: float, max_connections: int) -> type:
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class GuardedH11(H11Protocol):
        # uvicorn only times out an idle keep-alive connection, and any byte received
        # resets that: a client sending a header line now and then held a connection for
        # ever (4,000 of them in issue 16). This deadline is for the whole head.
        _head_deadline: Any = None

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            if len(self.connections) > max_connections:
                self.app = _over_capacity  # this connection only
            self._await_head()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.conn.their_state is not h11.IDLE:  # a whole head arrived (or garbage)
                self._stop_waiting()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
                self._await_head()

        def connection_lost(self, exc: Exception | None) -> None:
            self._stop_waiting()
            super().connection_lost(exc)

        def send_400_response(self, msg: str) -> None:
            headers = [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"connection", b"close"),
                *_SECURITY_ITEMS,
            ]
            for event in (
                h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
                h11.Data(data=msg.encode("ascii")),
                h11.EndOfMessage(),
            ):
                self.transport.write(self.conn.send(event))
            self.transport.close()

        def _await_head(self) -> None:
            self._stop_waiting()
            self._head_deadline = self.loop.call_later(header_timeout, self._head_too_slow)

        def _stop_waiting(self) -> None:
            if self._head_deadline is not None:
                self._head_deadline.cancel()
                self._head_deadline = None

        def _head_too_slow(self) -> None:
            self._head_deadline = None
            if not self.transport.is_closing():
                self.transport.close()

    return GuardedH11


async def _over_capacity(scope: dict, receive: Callable, send: Callable) -> None:
    response = JSONResponse(
        {"detail": "the server has too many open connections; try again shortly"},
        status_code=503,
        headers={"retry-after": "1", "connection": "close"},
    )
    await _SecurityHeaders(response)(scope, receive, send)


def demo_store(cache: Path | None = None) -> Path:
    """The demo corpus coded into a store, built once into the user's cache directory."""
    from lapwing import get_pipeline
    from lapwing.dictionaries import data_path
    from lapwing.ingest import read_inputs
    from lapwing.records import Article

    base = cache or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lapwing"
    path = base / f"demo-{__version__}.duckdb"
    if path.exists():
        return path
    base.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.duckdb")
    partial.unlink(missing_ok=True)
    articles = [
        a for a in read_inputs([data_path("demo", "articles.jsonl")]) if isinstance(a, Article)
    ]
    with open_store(partial) as store:
        store.write(get_pipeline().code(articles))
    partial.replace(path)  # a crash half-way leaves no half-built demo behind
    return path
