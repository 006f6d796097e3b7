"""Build ``src/lapwing/data/cameo.tsv`` from the shared CAMEO and CAMEO2PLOVER reference tables.

    python3 tools/build_cameo_table.py [--reference DIR] [--out PATH]

Names and Goldstein scores come from the GDELT CAMEO lookup (``cameo_event_codes.tsv``); PLOVER
type, mode and context from PLOVER's ``CAMEO2PLOVER-2021`` crosswalk (``cameo_to_plover.tsv``).
Every decision that departs from the sources is written as a comment line into the output, so
the shipped table explains itself.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

VERSION = "2026.11.1"
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = Path("/work/shared/reference")
DEFAULT_OUT = ROOT / "src" / "lapwing" / "data" / "cameo.tsv"

PLOVER_MODES = {
    "AGREE": set(),
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "SUPPORT": set(),
    "CONCEDE": set(),
    "COOPERATE": set(),
    "AID": set(),
    "RETREAT": {"withdraw", "release", "disarm", "ceasefire", "access", "resign"},
    "REQUEST": {"assist", "change", "yield", "meet"},
    "ACCUSE": {"disapprove", "investigate", "allege"},
    "REJECT": {"assist", "change", "yield", "meet"},
    "THREATEN": {"restrict", "arrest", "relations", "expel", "territory", "violence"},
    "PROTEST": {"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"},
    "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
    "MOBILIZE": {"troops", "weapons", "police", "militia"},
    "COERCE": {
        "seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport",
        "withhold", "misinformation", "cyber",
    },
    "ASSAULT": {
        "abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
        "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control",
        "unconventional",
    },
}  # fmt: skip

PLOVER_CONTEXTS = set(
    "military intelligence executive legislative election political_institutions pro_democracy "
    "pro_autocracy economic legal reparations human_rights rights_freedoms repression "
    "human_security gender lgbt religion_ethnicity inequality diplomatic territory peacekeeping "
    "health asylum migration disasters natural_resource environment technology terrorism cbrn "
    "cyber misinformation crime corruption illegal_drugs trafficking".split()
)

# Crosswalk context words that are not in the PLOVER 2.0 context list.
CONTEXT_FIXES = {"humanitarian": "human_security", "democracy": "pro_democracy"}

# Crosswalk modes that are not PLOVER 2.0 modes of their type: (type, old) -> new ("" = none).
MODE_FIXES = {
    ("ASSAULT", "assassinate"): "targeted",
    ("ASSAULT", "massacre"): "",
    ("ASSAULT", "cleansing"): "",
    ("ASSAULT", "seize"): "destroy",
    ("ASSAULT", "pro_autocracy"): "",
    ("RETREAT", "ease"): "",
    ("RETREAT", "return"): "release",
    ("THREATEN", "ban"): "restrict",
    ("THREATEN", "political"): "restrict",
    ("COERCE", "ban"): "restrict",
}

# Whole-row decisions: code -> (type, mode, contexts, reason).
OVERRIDES = {
    "163": (
        "SANCTION",
        "",
        ["economic", "diplomatic"],
        "crosswalk files 163 under the SANCTION heading but types it COERCE/restrict; CAMEO 16 is "
        "'reduce relations' and PLOVER 2.0 lists sanctions and embargoes under SANCTION",
    ),
    "175": (
        "ASSAULT",
        "",
        ["repression", "pro_autocracy"],
        "crosswalk puts 'pro_autocracy' in the mode column; moved to context with 'repression' "
        "(violent repression is mostly police, so 'military' is dropped)",
    ),
}

# PLOVER drops CAMEO roots 01 and 02; lapwing keeps them and maps each to the closest type.
STATEMENTS = {
    "01": ("SUPPORT", "", [], "root 01 follows 010"),
    "010": ("SUPPORT", "", [], "a neutral public statement is closest to verbal support"),
    "011": ("REJECT", "", [], "declining comment refuses engagement"),
    "012": ("ACCUSE", "disapprove", [], "a pessimistic comment is mild disapproval"),
    "013": ("SUPPORT", "", [], "optimism about a party or process is verbal support"),
    "014": ("CONSULT", "", [], "considering a policy option is deliberation, closest to consult"),
    "015": ("CONCEDE", "", [], "claiming or acknowledging responsibility concedes a point"),
    "016": ("REJECT", "", [], "denying responsibility rejects an accusation"),
    "017": ("SUPPORT", "", [], "symbolic acts (wreaths, minutes of silence) express support"),
    "018": ("SUPPORT", "", [], "condolences and sympathy are verbal support"),
    "019": ("SUPPORT", "", [], "expressing accord is verbal support"),
}
# Appeals (02) are milder requests; CAMEO numbers them in parallel with demands (10), so each
# 02x(y) takes the mode and context of 10x(y) in the manual numbering of the crosswalk.
APPEAL_ROOT_NOTE = "02x(y) -> REQUEST with the mode/context of the parallel demand code 10x(y)"

# Where the GDELT lookup and the CAMEO 1.1b3 manual (which the crosswalk follows) disagree on a
# name, the manual name is used so that the name agrees with the PLOVER columns.
MANUAL_NAMES = {
    "101": "Demand material cooperation, not specified below",
    "103": "Demand material aid, not specified below",
    "105": "Demand that target yields, not specified below",
    "106": "Demand meeting, negotiation",
    "107": "Demand settling of dispute",
    "108": "Demand mediation",
    "033": "Express intent to provide material aid, not specified below",
}


def quad_class(root: str) -> int:
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def build(reference: Path) -> list[str]:
    codes = read_tsv(reference / "cameo_event_codes.tsv")
    crosswalk: dict[str, tuple[str, str, list[str]]] = {}
    for row in read_tsv(reference / "cameo_to_plover.tsv"):
        ctx = [c.strip() for c in row["plover_context"].replace(",", ";").split(";") if c.strip()]
        crosswalk.setdefault(
            row["cameo_code"], (row["plover_type"], row["plover_mode"].strip(), ctx)
        )
    by_code = {r["cameo_code"]: r for r in codes}
    notes: list[str] = []
    rows: list[str] = []

    def fix(code: str, typ: str, mode: str, ctx: list[str]) -> tuple[str, str, list[str]]:
        if (typ, mode) in MODE_FIXES:
            new = MODE_FIXES[(typ, mode)]
            notes.append(f"{code}: mode '{mode}' is not a PLOVER 2.0 {typ} mode -> '{new}'")
            mode = new
        fixed = []
        for c in ctx:
            if c in CONTEXT_FIXES:
                notes.append(f"{code}: context '{c}' -> '{CONTEXT_FIXES[c]}'")
                c = CONTEXT_FIXES[c]
            fixed.append(c)
        return typ, mode, fixed

    def plover(code: str) -> tuple[str, str, list[str]]:
        root = by_code[code]["root_code"] if code in by_code else code[:2]
        if code in OVERRIDES:
            typ, mode, ctx, _ = OVERRIDES[code]
            return typ, mode, ctx
        if root == "01":
            typ, mode, ctx, _ = STATEMENTS.get(code) or STATEMENTS[code[:3]]
            return typ, mode, ctx
        if root == "02":
            _, mode, ctx = plover("10" + code[2:] if len(code) > 2 else "100")
            return "REQUEST", mode, ctx
        if code in crosswalk:
            return fix(code, *crosswalk[code])
        if len(code) == 2:  # a root takes its "not specified" base code
            return plover(code + "0")
        parent = code[:3] if len(code) == 4 else code[:2]
        return plover(parent)

    for r in codes:
        code = r["cameo_code"]
        typ, mode, ctx = plover(code)
        assert typ in PLOVER_MODES, (code, typ)
        assert not mode or mode in PLOVER_MODES[typ], (code, typ, mode)
        assert all(c in PLOVER_CONTEXTS for c in ctx), (code, ctx)
        gold = r["goldstein"].strip()
        if not gold:
            gold = by_code[r["root_code"]]["goldstein"]
            notes.append(
                f"{code}: no Goldstein value in GDELT; root {r['root_code']}'s {gold} used"
            )
        expected_quad = quad_class(r["root_code"])
        assert int(r["quad_class"]) == expected_quad, code
        name = MANUAL_NAMES.get(code, r["name"].strip())
        if code in MANUAL_NAMES:
            notes.append(f"{code}: CAMEO 1.1b3 name used (GDELT: '{r['name'].strip()}')")
        rows.append(
            "\t".join(
                [code, name, str(expected_quad), f"{float(gold):.1f}", typ, mode, "|".join(ctx)]
            )
        )
    rows.sort(key=lambda line: (line.split("\t")[0][:2], line.split("\t")[0]))

    header = [
        f"# version: {VERSION}",
        "# CAMEO event codes with QuadClass, Goldstein score and PLOVER type/mode/context.",
        "# Built by tools/build_cameo_table.py from the GDELT CAMEO lookup and PLOVER's",
        "# CAMEO2PLOVER-2021 crosswalk (see shared/reference/README.md). Do not edit by hand.",
        "# quad_class from the root: 01-05 -> 1, 06-08 -> 2, 09-13 -> 3, 14-20 -> 4.",
        "# Codes without a crosswalk row inherit from their base code, bases from their root.",
        "# Roots 01 and 02 are dropped by PLOVER; lapwing maps them to the closest type:",
    ]
    header += [
        f"#   {c} -> {t}{'/' + m if m else ''}: {why}" for c, (t, m, _, why) in STATEMENTS.items()
    ]
    header.append(f"#   {APPEAL_ROOT_NOTE}")
    header.append("# Departures from the crosswalk:")
    header += [
        f"#   {c} -> {t}{'/' + m if m else ''}: {why}" for c, (t, m, _, why) in OVERRIDES.items()
    ]
    header += [f"#   {n}" for n in dict.fromkeys(notes)]
    header.append("code\tname\tquad_class\tgoldstein\tplover_type\tplover_mode\tplover_context")
    return header + rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    lines = build(args.reference)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {sum(1 for x in lines if not x.startswith('#')) - 1} codes to {args.out}")


if __name__ == "__main__":
    main()
