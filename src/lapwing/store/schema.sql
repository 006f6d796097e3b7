-- lapwing store schema, version 2 (kept in step with base.SCHEMA_VERSION).
-- Portable between DuckDB and PostgreSQL: TEXT, DATE, INTEGER, BIGINT,
-- DOUBLE PRECISION and TIMESTAMP only; lists and span objects are JSON text.
-- Offsets are named start_char/end_char because END is reserved in both.
-- Statements are separated by semicolons; no semicolon may appear inside one.

CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    title TEXT,
    date TEXT,
    source TEXT,
    url TEXT,
    language TEXT,
    origin TEXT,
    text TEXT NOT NULL,
    n_events INTEGER NOT NULL,
    skipped_reason TEXT,
    coding_hash TEXT NOT NULL,
    ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    date DATE NOT NULL,
    date_precision TEXT NOT NULL,
    event_type TEXT NOT NULL,
    mode TEXT,
    context TEXT NOT NULL,
    cameo TEXT NOT NULL,
    quad_class INTEGER NOT NULL,
    goldstein DOUBLE PRECISION NOT NULL,
    actor_text TEXT,
    actor_code TEXT,
    actor_country TEXT,
    actor_sector TEXT,
    actor_name TEXT,
    recipient_text TEXT,
    recipient_code TEXT,
    recipient_country TEXT,
    recipient_sector TEXT,
    recipient_name TEXT,
    location_name TEXT,
    location_geonameid BIGINT,
    location_lat DOUBLE PRECISION,
    location_lon DOUBLE PRECISION,
    location_country TEXT,
    location_admin1 TEXT,
    location_precision TEXT,
    modality TEXT NOT NULL,
    aspect TEXT NOT NULL,
    sentence TEXT NOT NULL,
    sentence_index INTEGER NOT NULL,
    spans TEXT NOT NULL,
    source TEXT,
    url TEXT,
    confidence DOUBLE PRECISION NOT NULL,
    rule TEXT NOT NULL,
    data_version TEXT NOT NULL,
    fatalities INTEGER,
    num_mentions INTEGER NOT NULL,
    num_articles INTEGER NOT NULL,
    num_sources INTEGER NOT NULL,
    first_seen DATE,
    last_seen DATE
);

-- One row per coded event (a mention), with everything needed to re-cluster it:
-- `event_id` is the canonical event (in `events`) it was merged into, `mention_id`
-- its own coded id. block_family/block_country/window_* are the dedup blocking keys
-- (null when it may not be merged: not realized, no usable date or country).
CREATE TABLE IF NOT EXISTS mentions (
    mention_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    sentence_index INTEGER NOT NULL,
    sentence TEXT NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    trigger_start INTEGER,
    trigger_end INTEGER,
    published DATE,
    block_family TEXT,
    block_country TEXT,
    window_start DATE,
    window_end DATE,
    date DATE NOT NULL,
    date_precision TEXT NOT NULL,
    event_type TEXT NOT NULL,
    mode TEXT,
    context TEXT NOT NULL,
    cameo TEXT NOT NULL,
    quad_class INTEGER NOT NULL,
    goldstein DOUBLE PRECISION NOT NULL,
    actor_text TEXT,
    actor_code TEXT,
    actor_country TEXT,
    actor_sector TEXT,
    actor_name TEXT,
    recipient_text TEXT,
    recipient_code TEXT,
    recipient_country TEXT,
    recipient_sector TEXT,
    recipient_name TEXT,
    location_name TEXT,
    location_geonameid BIGINT,
    location_lat DOUBLE PRECISION,
    location_lon DOUBLE PRECISION,
    location_country TEXT,
    location_admin1 TEXT,
    location_precision TEXT,
    modality TEXT NOT NULL,
    aspect TEXT NOT NULL,
    spans TEXT NOT NULL,
    source TEXT,
    url TEXT,
    rule TEXT NOT NULL,
    data_version TEXT NOT NULL,
    fatalities INTEGER,
    PRIMARY KEY (article_id, mention_id)
);

CREATE INDEX IF NOT EXISTS mentions_by_event ON mentions (event_id);

CREATE INDEX IF NOT EXISTS mentions_by_block ON mentions (block_family, block_country, window_start);

CREATE TABLE IF NOT EXISTS errors (
    id TEXT PRIMARY KEY,
    origin TEXT NOT NULL,
    reason TEXT NOT NULL,
    article_id TEXT,
    seen_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS toponyms (
    article_id TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    name TEXT NOT NULL,
    geonameid BIGINT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    country TEXT,
    admin1 TEXT,
    place_precision TEXT,
    feature TEXT,
    confidence DOUBLE PRECISION,
    PRIMARY KEY (article_id, start_char, end_char)
);

CREATE TABLE IF NOT EXISTS timexes (
    article_id TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    timex_precision TEXT,
    date TEXT,
    PRIMARY KEY (article_id, start_char, end_char)
)
