"""The one place settings are read: defaults < LAPWING_* environment < explicit arguments."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Settings:
    db: str = "lapwing.duckdb"
    batch_size: int = 32
    workers: int = 1
    all_modalities: bool = False
    # Keep events of dyadic types that lack a coded actor or recipient (`all_modalities`
    # keeps them too); by default they are left out of the coded output.
    partial_dyads: bool = False
    max_chars: int = 5_000_000
    english_only: bool = True
    prefilter: bool = True  # parse only sentences that hold a trigger word
    places: bool = True  # geoparse and locate events (off only to measure its cost)
    timexes: bool = True  # resolve temporal expressions (off: events get the publication date)
    actor_files: tuple[Path, ...] = field(default_factory=tuple)
    pattern_files: tuple[Path, ...] = field(default_factory=tuple)
    gazetteer_files: tuple[Path, ...] = field(default_factory=tuple)
    lexicon_files: tuple[Path, ...] = field(default_factory=tuple)  # word classes (data/lexicon)
    # `lapwing serve`: seconds a client has to send a whole request head, from connecting
    # or from the previous response (a slow-header client is cut off), and the open
    # connections it keeps (the newest beyond them get a 503 and are closed).
    header_timeout: float = 10.0
    max_connections: int = 500

    def pipeline_key(self) -> Settings:
        """Only what changes the coding; two settings with the same key share a pipeline."""
        return Settings(
            batch_size=self.batch_size,
            max_chars=self.max_chars,
            english_only=self.english_only,
            prefilter=self.prefilter,
            places=self.places,
            timexes=self.timexes,
            actor_files=self.actor_files,
            pattern_files=self.pattern_files,
            gazetteer_files=self.gazetteer_files,
            lexicon_files=self.lexicon_files,
            partial_dyads=self.partial_dyads or self.all_modalities,
        )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then `LAPWING_<FIELD>` variables, then non-None keyword overrides."""
        environ = dict(os.environ if environ is None else environ)
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(f"LAPWING_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _convert(f.name, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        for key in ("actor_files", "pattern_files", "gazetteer_files", "lexicon_files"):
            if key in values:
                values[key] = tuple(Path(p) for p in values[key])
        return replace(cls(), **values)


def _convert(name: str, raw: str) -> Any:
    if name in ("batch_size", "workers", "max_chars", "max_connections"):
        return int(raw)
    if name == "header_timeout":
        return float(raw)
    if name in (
        "all_modalities",
        "partial_dyads",
        "english_only",
        "prefilter",
        "places",
        "timexes",
    ):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if name.endswith("_files"):
        return tuple(p for p in raw.split(os.pathsep) if p)
    return raw
