"""The shipped event dictionary (patterns.jsonl) and CAMEO table (cameo.tsv) are well formed.

Plain file checks: no model, no network. Facts about well-known CAMEO codes are checked against
the public codebook values, not against the file itself.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from conftest import repo_file

DATA = Path(__file__).resolve().parents[1] / "src" / "lapwing" / "data"

# The PLOVER vocabulary lives once, in the script that builds cameo.tsv from the codebooks.
_spec = importlib.util.spec_from_file_location(
    "build_cameo_table", Path(__file__).resolve().parents[1] / "tools" / "build_cameo_table.py"
)
_build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_build)
PLOVER_MODES = _build.PLOVER_MODES
PLOVER_CONTEXTS = _build.PLOVER_CONTEXTS
# lapwing adds one context PLOVER lacks; SCHEMA.md names it as an example.
LAPWING_CONTEXTS = {"coup"}

REQUIRED = ("id", "trigger", "pos", "cameo", "type")
ALLOWED = {
    "id", "trigger", "pos", "particle", "object", "not_object", "actor_is", "cameo", "type",
    "mode", "context", "recipient_prep", "reverse", "note",
}  # fmt: skip
VERSION = re.compile(r"^\d{4}\.\d{2}\.\d+$")


@cache
def cameo_rows() -> tuple[str, list[dict[str, str]]]:
    lines = (DATA / "cameo.tsv").read_text(encoding="utf-8").splitlines()
    first = lines[0]
    body = [line for line in lines if not line.startswith("#")]
    return first, list(csv.DictReader(body, delimiter="\t"))


@cache
def cameo() -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in cameo_rows()[1]}


@cache
def patterns() -> tuple[dict, list[dict]]:
    lines = (DATA / "patterns.jsonl").read_text(encoding="utf-8").splitlines()
    objects = [json.loads(line) for line in lines if line.strip() and not line.startswith("#")]
    return objects[0], objects[1:]


# --- cameo.tsv ------------------------------------------------------------------------------


def test_cameo_header_and_version():
    first, rows = cameo_rows()
    assert first.startswith("# version: ")
    assert VERSION.match(first.removeprefix("# version: ").strip())
    assert list(rows[0]) == [
        "code", "name", "quad_class", "goldstein", "plover_type", "plover_mode", "plover_context",
    ]  # fmt: skip


def test_cameo_rows_are_well_formed():
    rows = cameo_rows()[1]
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes))
    for r in rows:
        code = r["code"]
        assert re.fullmatch(r"\d{2,4}", code), code
        assert 1 <= int(code[:2]) <= 20, code
        root = int(code[:2])
        assert int(r["quad_class"]) == (
            1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
        )
        assert -10.0 <= float(r["goldstein"]) <= 10.0, code
        assert r["name"].strip(), code
        assert r["plover_type"] in PLOVER_MODES, code
        assert not r["plover_mode"] or r["plover_mode"] in PLOVER_MODES[r["plover_type"]], code
        contexts = [c for c in r["plover_context"].split("|") if c]
        assert set(contexts) <= PLOVER_CONTEXTS, code


def test_cameo_has_every_root_and_parents_of_every_code():
    table = cameo()
    assert {f"{i:02d}" for i in range(1, 21)} <= set(table)
    for code in table:
        if len(code) >= 3:
            assert code[:2] in table and (len(code) == 3 or code[:3] in table), code
    assert len(table) >= 300


def test_cameo_covers_the_reference_lookup():
    reference = repo_file("docs", "reference", "cameo_event_codes.tsv")
    with reference.open(encoding="utf-8") as f:
        ref = {r["cameo_code"] for r in csv.DictReader(f, delimiter="\t")}
    assert ref <= set(cameo())


@pytest.mark.parametrize(
    ("code", "quad", "goldstein", "plover_type"),
    [
        ("190", 4, -10.0, "ASSAULT"),
        ("042", 1, 1.9, "CONSULT"),
        ("043", 1, 2.8, "CONSULT"),
        ("057", 1, 8.0, "SUPPORT"),
        ("072", 2, 8.3, "AID"),
        ("0841", 2, 7.0, "RETREAT"),
        ("112", 3, -2.0, "ACCUSE"),
        ("138", 3, -7.0, "THREATEN"),
        ("141", 4, -6.5, "PROTEST"),
        ("173", 4, -5.0, "COERCE"),
        ("202", 4, -10.0, "ASSAULT"),
    ],
)
def test_cameo_known_codes(code, quad, goldstein, plover_type):
    row = cameo()[code]
    assert int(row["quad_class"]) == quad
    assert float(row["goldstein"]) == pytest.approx(goldstein)
    assert row["plover_type"] == plover_type


def test_cameo_statement_and_appeal_roots_are_mapped():
    table = cameo()
    assert all(table[c]["plover_type"] == "REQUEST" for c in table if c.startswith("02"))
    assert table["016"]["plover_type"] == "REJECT"
    assert table["014"]["plover_type"] == "CONSULT"


# --- patterns.jsonl ---------------------------------------------------------------------------


def test_patterns_version_line():
    header, _ = patterns()
    assert set(header) == {"version"}
    assert VERSION.match(header["version"])


def test_patterns_keys_and_values():
    _, rows = patterns()
    table = cameo()
    for p in rows:
        where = p.get("id")
        assert all(k in p for k in REQUIRED), where
        assert set(p) <= ALLOWED, where
        assert p["pos"] in ("VERB", "NOUN"), where
        # spaCy splits hyphenated words, so a hyphen or space in a trigger could never match
        assert re.fullmatch(r"[a-zà-ÿ]+", p["trigger"]), where
        assert p["cameo"] in table, where
        assert p["type"] in PLOVER_MODES, where
        assert p.get("mode") is None or p["mode"] in PLOVER_MODES[p["type"]], where
        assert set(p.get("context") or []) <= PLOVER_CONTEXTS | LAPWING_CONTEXTS, where
        for key in ("object", "not_object", "actor_is", "recipient_prep"):
            if p.get(key) is not None:
                assert isinstance(p[key], list) and p[key], (where, key)
                assert all(isinstance(w, str) and w == w.lower() for w in p[key]), (where, key)
        if p.get("particle") is not None:
            assert isinstance(p["particle"], str) and p["particle"], where


def test_pattern_ids_are_unique():
    _, rows = patterns()
    counts = Counter(p["id"] for p in rows)
    assert [i for i, n in counts.items() if n > 1] == []


def test_pattern_type_agrees_with_cameo_table_unless_noted():
    _, rows = patterns()
    table = cameo()
    disagree = [
        p["id"]
        for p in rows
        if p["type"] != table[p["cameo"]]["plover_type"] and not (p.get("note") or "").strip()
    ]
    assert disagree == []


def test_identical_constraints_do_not_give_two_codes():
    """Two patterns with the same trigger and constraints would make file order decide."""
    _, rows = patterns()
    seen: dict[tuple, str] = {}
    clashes = []
    for p in rows:
        key = (
            p["trigger"], p["pos"], p.get("particle"),
            frozenset(p.get("object") or ()), frozenset(p.get("actor_is") or ()),
            frozenset(p.get("not_object") or ()),
        )  # fmt: skip
        if key in seen and seen[key] != p["cameo"]:
            clashes.append(p["id"])
        seen.setdefault(key, p["cameo"])
    assert clashes == []


def test_pattern_counts_and_coverage():
    _, rows = patterns()
    assert len(rows) >= 1000
    types = Counter(p["type"] for p in rows)
    assert set(types) == set(PLOVER_MODES)
    assert min(types.values()) >= 10, types
    roots = Counter(p["cameo"][:2] for p in rows)
    assert set(roots) == {f"{i:02d}" for i in range(1, 21)}
    assert min(roots.values()) >= 10, roots
    pos = Counter(p["pos"] for p in rows)
    assert pos["NOUN"] >= 150 and pos["VERB"] >= 500


def test_patterns_are_grouped_by_root():
    """File order is meaningful: each CAMEO root is one contiguous block, in order."""
    _, rows = patterns()
    blocks = [p["cameo"][:2] for p in rows]
    order = [root for i, root in enumerate(blocks) if i == 0 or blocks[i - 1] != root]
    assert order == sorted(order)
    assert len(order) == len(set(order))


@pytest.mark.parametrize(
    "trigger",
    ["attack", "visit", "talk", "sanction", "coup", "protest", "ceasefire", "arrest", "aid"],
)
def test_common_event_nouns_are_triggers(trigger):
    _, rows = patterns()
    assert any(p["trigger"] == trigger and p["pos"] == "NOUN" for p in rows)


def test_senses_of_send_are_separated():
    _, rows = patterns()
    send = {p["cameo"][:2] for p in rows if p["trigger"] == "send" and p.get("object")}
    assert {"07", "15"} <= send
    assert not any(p["trigger"] == "send" and not p.get("object") for p in rows)


def test_the_loader_the_readme_and_this_file_agree_on_the_pattern_keys():
    from lapwing.dictionaries import PATTERN_KEYS, PATTERN_REQUIRED

    readme = (DATA / "README.md").read_text(encoding="utf-8")
    section = readme.split("## `patterns.jsonl`", 1)[1].split("\n## ", 1)[0]
    table = dict(re.findall(r"^\| `(\w+)` \| (yes|no) \|", section, flags=re.M))
    assert set(table) == set(PATTERN_KEYS) == ALLOWED
    assert {k for k, v in table.items() if v == "yes"} == set(PATTERN_REQUIRED) == set(REQUIRED)
