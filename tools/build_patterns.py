# ruff: noqa: E501  (the pattern tables read best one call per line)
"""Build ``src/lapwing/data/patterns.jsonl``, lapwing's event trigger dictionary.

    python3 tools/build_patterns.py [--out PATH]

The dictionary is written here as compact tables (lemmas x complement classes -> CAMEO code)
and expanded into one JSON object per pattern. The JSONL file is the shipped artifact; this
script only keeps it consistent. Patterns are grouped by CAMEO root (01 ... 20) in file order.

PLOVER type, mode and context default to the row of ``cameo.tsv`` for the pattern's code, so a
pattern cannot disagree with the CAMEO table by accident: a pattern that overrides the type says
why in its ``note``. A mode or context given here refines (never contradicts) the table's.

Written from the public CAMEO (Schrodt 2012) and PLOVER codebooks' category definitions and
everyday English; no PETRARCH/GDELT dictionary was consulted.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

VERSION = "2026.12.3"
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "lapwing" / "data"
KEYS = (
    "id", "trigger", "pos", "particle", "object", "not_object", "actor_is", "cameo", "type",
    "mode", "context", "recipient_prep", "reverse", "note",
)  # fmt: skip


def load_cameo(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    return {r["code"]: r for r in csv.DictReader(lines, delimiter="\t")}


CAMEO = load_cameo(DATA / "cameo.tsv")
PATTERNS: list[dict] = []
_IDS: set[str] = set()


def _words(x: str | list[str] | None) -> list[str] | None:
    if x is None:
        return None
    return x.split() if isinstance(x, str) else list(x)


def add(
    cameo: str,
    triggers: str,
    pos: str = "VERB",
    tag: str = "",
    *,
    particle: str | None = None,
    obj: str | list[str] | None = None,
    not_obj: str | list[str] | None = None,
    actor: str | list[str] | None = None,
    type: str | None = None,
    mode: str | None = "",
    ctx: str | None = None,
    rprep: str | None = None,
    reverse: bool | None = None,
    note: str | None = None,
) -> None:
    """One pattern per trigger lemma. ``mode=""`` and ``ctx=None`` take the cameo.tsv values."""
    row = CAMEO[cameo]
    for trigger in triggers.split():
        parts = [trigger] + (["n"] if pos == "NOUN" else [])
        parts += [particle] if particle else []
        parts += [tag] if tag and tag != particle else []
        pid = "-".join(parts)
        if pid in _IDS:
            raise ValueError(f"duplicate pattern id {pid!r}")
        _IDS.add(pid)
        contexts = [c for c in row["plover_context"].split("|") if c]
        for c in (ctx or "").split():
            if c not in contexts:
                contexts.append(c)
        pattern = {
            "id": pid,
            "trigger": trigger,
            "pos": pos,
            "particle": particle,
            "object": _words(obj),
            "not_object": _words(not_obj),
            "actor_is": _words(actor),
            "cameo": cameo,
            "type": type or row["plover_type"],
            "mode": (row["plover_mode"] or None) if mode == "" else mode,
            "context": contexts,
            "recipient_prep": _words(rprep),
            "reverse": reverse,
            "note": note,
        }
        PATTERNS.append(
            {k: pattern[k] for k in KEYS if pattern[k] is not None or k in ("mode", "context")}
        )


def V(cameo: str, triggers: str, tag: str = "", **kw) -> None:
    add(cameo, triggers, "VERB", tag, **kw)


def N(cameo: str, triggers: str, tag: str = "", **kw) -> None:
    add(cameo, triggers, "NOUN", tag, **kw)


# --- complement classes (spaCy lemmas) ----------------------------------------------------------
TROOPS = (
    "troop soldier force army unit battalion brigade division personnel reinforcement marine "
    "paratrooper commando contingent reservist"
)
WARSHIPS = "warship ship vessel carrier destroyer submarine fleet jet aircraft warplane bomber tank"
POLICE = "police policeman officer gendarme gendarmerie riot"
MILITIA = "militia volunteer fighter mercenary recruit"
WEAPONS = (
    "weapon arm ammunition munition missile rocket tank artillery drone jet fighter helicopter "
    "rifle gun howitzer shell interceptor defense defence"
)
MONEY = (
    "money fund funding loan grant credit cash budget financing bailout dollar euro financial "
    "economic debt million billion"
)  # "provided $20 million (in aid)": the amount is the verb's object
HUMANITARIAN = (
    "humanitarian food medicine medical medication vaccine tent blanket shelter water grain "
    "fuel relief emergency"
)
AID = "aid assistance help supply package"
# Measure nouns heading a shipment ("delivered 700 kg of medicine", "sent 50 truckloads of food");
# the goods themselves sit in the of-object, which verb objects do not look into.
CONSIGNMENTS = "ton tonne kg kilogram kilo truckload planeload shipload consignment cargo"
TRAINERS = "trainer instructor adviser advisor"
PEACEKEEPERS = "peacekeeper peacekeeping helmet monitor"
INSPECTORS = "inspector observer investigator monitor"
PRISONERS = (
    "prisoner hostage detainee captive activist journalist dissident inmate soldier "
    "opposition leader politician protester demonstrator student civilian citizen national "
    "worker fisherman sailor crew"
)
TALKS = "talk negotiation dialogue meeting summit consultation discussion conference"
DEALS = "agreement deal accord treaty pact memorandum protocol charter convention"
SANCTIONS = "sanction embargo tariff boycott"
TIES = "tie relation relationship"
DIPLOMATS = "ambassador envoy diplomat attache attaché chargé charge consul emissary"
CEASEFIRE = "ceasefire truce armistice"
VISITORS = (
    "president minister premier chancellor prime delegation leader envoy secretary king "
    "emir prince counterpart official foreign"
)
PROTESTS = "protest demonstration rally march strike sit boycott blockade"

# Objects that turn a demand/appeal/rejection into its CAMEO sub-code, in the order used for
# appeals (02), demands (10) and refusals (12). Each entry: (tag, objects, 02 code, 10 code).
REQUEST_OBJECTS = [
    ("econ-coop", "investment trade economic", "0211", "1011"),
    ("mil-coop", "military defense defence", "0212", "1012"),
    ("legal-coop", "extradition judicial", "0213", "1013"),
    ("intel", "intelligence information", "0214", "1014"),
    ("policy-support", "backing endorsement solidarity", "022", "102"),
    ("econ-aid", MONEY, "0231", "1031"),
    ("mil-aid", WEAPONS, "0232", "1032"),
    ("hum-aid", HUMANITARIAN, "0233", "1033"),
    ("protection", "protection peacekeeper peacekeeping intervention", "0234", "1034"),
    ("aid", AID, "023", "103"),
    ("leadership", "resignation resign ouster removal", "0241", "1041"),
    ("policy", "reform change policy review reversal", "0242", "1042"),
    ("rights", "right freedom liberty democracy", "0243", "1043"),
    ("regime", "election constitution referendum transition", "0244", "1044"),
    ("ease-admin", "curfew restriction", "0251", "1051"),
    ("ease-dissent", "calm restraint", "0252", "1052"),
    ("release", "release free freedom", "0253", "1053"),
    ("ease-sanctions", "lifting lift easing removal", "0254", "1054"),
    ("access", "access inspection corridor", "0255", "1055"),
    (
        "deescalate",
        "ceasefire truce cessation halt withdrawal withdraw leave de-escalation",
        "0256",
        "1056",
    ),
    ("meet", "talk negotiation dialogue meeting negotiate meet", "026", "106"),
    ("settle", "settlement solution resolution compromise", "027", "107"),
    ("mediate", "mediation mediate", "028", "108"),
]


def requests(verbs: str, root: str, particle: str | None = None) -> None:
    """Expand appeal ('02') or demand ('10') verbs over REQUEST_OBJECTS."""
    for tag, objects, appeal, demand in REQUEST_OBJECTS:
        V(appeal if root == "02" else demand, verbs, tag, particle=particle, obj=objects)


def build() -> None:  # noqa: PLR0915 - one long, flat table by design
    # === 01 MAKE PUBLIC STATEMENT (lapwing maps these to the closest PLOVER type) ===============
    V("010", "issue release", "statement", obj="statement communique communiqué declaration",
      note="a formal statement; only with a statement-like object")  # fmt: skip
    V("010", "address", "nation", obj="nation parliament assembly congress rally summit conference")
    V("010", "reiterate restate reaffirm", "position", obj="position stance view")
    V("011", "decline refuse", "comment", obj="comment comments elaborate")
    V("011", "decline", "to-comment", obj="comment confirm elaborate")
    V("012", "express voice", "concern", obj="concern worry alarm dismay regret disappointment "
      "pessimism doubt skepticism scepticism fear anxiety frustration")  # fmt: skip
    V(
        "012",
        "warn",
        "of",
        particle="of",
        note="'warn of' a danger is a pessimistic comment; with a threat object see THREATEN",
    )
    V("012", "lament bemoan", "")
    V("012", "fear", "", obj="escalation war collapse crisis violence worst")
    N("012", "concern", "serious", obj="serious grave deep growing")
    V("013", "express voice", "optimism", obj="optimism hope confidence satisfaction")
    V("013", "hail", "progress", obj="progress breakthrough step")
    V("014", "consider weigh mull contemplate study", "option",
      obj="option measure proposal plan response sanction move step")  # fmt: skip
    V("014", "explore", "option", obj="option possibility way avenue")
    V("015", "claim", "responsibility", obj="responsibility credit")
    V("015", "acknowledge admit accept take", "responsibility",
      obj="responsibility role involvement blame")  # fmt: skip
    V("015", "admit acknowledge", "mistake", obj="mistake error failure wrongdoing",
      note="admitting a mistake acknowledges responsibility")  # fmt: skip
    V("016", "deny", "")
    V("016", "deny reject dismiss rebuff refute disclaim", "allegation",
      obj="allegation accusation charge claim report involvement responsibility role "
      "wrongdoing complicity")  # fmt: skip
    V("016", "disown", "")
    N("016", "denial", "")
    V("017", "lay place", "wreath", obj="wreath flower")
    V("017", "observe hold", "silence", obj="silence minute vigil")
    V("017", "lower fly", "flag", obj="flag half-mast")
    V("017", "declare", "mourning", obj="mourning")
    V("017", "commemorate memorialize memorialise", "")
    V("017", "pay", "respect", obj="respect homage")
    V("018", "express offer extend convey send", "condolence",
      obj="condolence sympathy sorrow grief solidarity compassion")  # fmt: skip
    N("018", "condolence sympathy", "")
    V("018", "sympathize sympathise mourn console", "")
    V("019", "share echo", "view", obj="view concern position stance assessment opinion")
    V("019", "concur", "")
    V("019", "agree", "with", particle="with",
      obj="view assessment position statement stance opinion analysis",
      note="'agree with a view' expresses accord; agreeing to act is AGREE 030")  # fmt: skip
    N("019", "consensus", "", obj="broad")

    # === 02 APPEAL (REQUEST; milder than the demands of root 10) ================================
    for verb, particle in [
        ("appeal", "for"), ("call", "for"), ("urge", None), ("ask", None), ("ask", "for"),
        ("request", None), ("plead", "for"), ("press", "for"), ("call", "on"), ("call", "upon"),
        ("implore", None), ("encourage", None),
    ]:  # fmt: skip
        requests(verb, "02", particle=particle)
    V("020", "appeal", "", rprep="to")
    V("020", "appeal", "to", particle="to")
    V("020", "call", "on", particle="on", rprep="on")
    V("023", "seek", "aid", obj=AID + " support " + MONEY + " " + HUMANITARIAN)
    V("026", "seek", "talks", obj=TALKS)
    V("0253", "seek", "release", obj="release freedom")
    V("028", "seek", "mediation", obj="mediation")
    V("020", "call", "upon", particle="upon", rprep="upon")
    V("020", "call", "for", particle="for")
    V("020", "urge implore beseech exhort beg", "")
    V("020", "plead", "with", particle="with", rprep="with")
    V("023", "reach", "support", particle="out", obj="support help assistance aid backing",
      note="'reached out to X for support': an appeal for aid")  # fmt: skip
    V("020", "reach", "out", particle="out")
    V("026", "invite", "", note="an invitation appeals to the recipient to meet or visit")
    V("026", "invite", "talk", obj=TALKS + " visit")
    for noun in ("appeal", "call", "plea", "request"):
        for t, objects, appeal, _ in REQUEST_OBJECTS:
            N(appeal, noun, f"for-{t}", particle="for", obj=objects)
    N("020", "appeal plea", "")
    N("026", "invitation", "")

    # === 03 EXPRESS INTENT TO COOPERATE (AGREE) =================================================
    V("030", "agree", "", rprep="with")
    V("030", "agree", "to", particle="to")
    V("030", "agree", "on", particle="on", rprep="with")
    V("030", "agree", "cooperate", obj="cooperate collaborate work partner coordinate join")
    V("031", "agree", "material", obj="trade invest supply exchange build develop")
    V("0311", "agree offer pledge promise", "econ-coop",
      obj="trade investment invest economic energy")  # fmt: skip
    V("0312", "agree offer pledge promise", "mil-coop", obj="military defense defence security")
    V("0313", "agree", "extradite", obj="extradite extradition")
    V("0314", "agree offer pledge promise", "intel", obj="intelligence information")
    V("032", "pledge promise offer vow", "support", obj="support backing solidarity",
      note="promised political support")  # fmt: skip
    V("033", "agree", "aid", obj="provide give send supply donate deliver fund finance")
    V("0331", "pledge promise offer", "econ-aid", obj=MONEY)
    V("0332", "pledge promise offer", "mil-aid", obj=WEAPONS)
    V("0333", "pledge promise offer", "hum-aid", obj=HUMANITARIAN)
    V("0334", "pledge promise offer", "peacekeepers", obj=PEACEKEEPERS + " troop protection")
    V("033", "pledge promise offer", "aid", obj=AID)
    V("030", "pledge promise vow commit", "")
    V("030", "commit", "to", particle="to")
    V("030", "offer", "", note="an offer expresses intent to cooperate")
    V("034", "promise pledge vow", "reform", obj="reform change transition")
    V("0341", "promise pledge agree", "step-down", obj="resign step resignation election")
    V("0342", "promise pledge agree", "policy", obj="review reconsider revise change policy")
    V("0343", "promise pledge agree", "rights", obj="right freedom liberty")
    V("0344", "promise pledge agree", "election", obj="election constitution referendum")
    V("035", "agree offer", "yield", obj="yield concede compromise")
    V("0351", "promise pledge agree offer", "ease-admin", obj="lift ease relax curfew restriction")
    V("0353", "promise pledge agree offer", "release", obj="release free return swap exchange")
    V("0354", "promise pledge agree offer", "ease-sanctions", obj="sanction embargo tariff")
    V("0355", "agree", "allow", obj="allow admit permit inspector inspection access observer")
    V("0356", "agree promise pledge offer", "deescalate",
      obj="withdraw pull ceasefire truce halt stop de-escalate disengage")  # fmt: skip
    V("0356", "accept", "ceasefire", obj=CEASEFIRE)
    V("036", "agree offer promise", "meet", obj="meet talk negotiate hold resume visit " + TALKS)
    V("036", "accept", "invitation", obj="invitation")
    V("037", "agree promise", "settle", obj="settle resolve end solve")
    V("037", "accept", "plan", obj="plan proposal offer term roadmap initiative settlement")
    V("038", "accept welcome", "mediation", obj="mediation mediator")
    V("038", "agree", "mediation", obj="mediation")
    V("039", "offer propose volunteer", "mediate", obj="mediate mediation broker facilitate")
    N("030", "pledge promise commitment", "")
    N("033", "pledge promise", "aid", particle="of", obj=AID + " " + MONEY)
    N("036", "offer", "talks", particle="of", obj=TALKS)
    N("039", "offer", "mediation", particle="of", obj="mediation")
    N("030", "offer", "")
    V("030", "express", "willingness", obj="willingness readiness desire intention interest")
    V("030", "receive get obtain win secure", "assurance", obj="assurance guarantee pledge promise "
      "commitment", reverse=True, note="the subject receives: the giver (from X) is the actor")  # fmt: skip

    # === 04 CONSULT ==============================================================================
    V("040", "meet", "", rprep="with")
    V("040", "meet", "with", particle="with", rprep="with")
    V("044", "meet", "sidelines", particle="on", obj="sideline margin",
      note="meeting on the sidelines of a third event")  # fmt: skip
    V("040", "consult confer", "", rprep="with")
    V("040", "discuss", "", rprep="with")
    V("040", "talk", "with", particle="with", rprep="with")
    V("040", "speak", "with", particle="with", rprep="with")
    V("041", "talk speak", "phone", obj="phone telephone call videoconference video",
      mode="phone", rprep="with")  # fmt: skip
    V("041", "phone telephone ring", "", mode="phone")
    V("040", "hold", "talks", obj=TALKS, rprep="with")
    V("046", "hold", "negotiations", obj="negotiation")
    V("044", "hold", "third-party", obj="sideline margin")
    V("040", "convene", "", obj=TALKS + " session")
    V("040", "attend", "", obj="summit conference meeting talk session")
    V("040", "host", "talks", obj=TALKS, mode="multilateral",
      note="hosting talks or a summit among others")  # fmt: skip
    N("040", "meeting talk consultation discussion", "", rprep="with")
    N("046", "talk", "peace", obj="peace ceasefire truce nuclear trade direct indirect formal")
    N("040", "summit", "", rprep="with")
    N("040", "conference", "", obj="peace donor international", mode="multilateral")
    N("040", "dialogue", "", rprep="with")
    N("040", "encounter", "", obj="bilateral")
    N("041", "call", "between", particle="between", mode="phone")
    N("041", "call", "with", particle="with", mode="phone", rprep="with")
    N("041", "call", "phone", obj="phone telephone video", mode="phone", rprep="with")
    N("041", "conversation", "phone", obj="phone telephone video", rprep="with")
    N("040", "conversation", "", rprep="with")
    N("041", "videoconference", "", mode="phone")
    V("042", "visit", "", not_obj="exhibition museum gallery show concert festival game match "
      "school hospital factory farm site memorial grave", note="the visitor is the actor, the "
      "host the recipient; a visit to a show or a site meets no one")  # fmt: skip
    V(
        "043",
        "grant give",
        "audience",
        obj="audience",
        rprep="to",
        note="'granted an audience to': the host is the actor, the visitor the recipient",
    )
    V("042", "tour", "")
    V("042", "travel fly head", "to", particle="to", rprep="to")
    V("042", "arrive", "", rprep="in",
      note="a bare arrival is most often a visit; troops and trainers have own patterns")  # fmt: skip
    V("042", "arrive", "visitor", actor=VISITORS, rprep="in")
    V("042", "pay", "visit", obj="visit call trip", rprep="to")
    V("042", "make", "visit", obj="visit trip", rprep="to")
    N("042", "visit trip tour", "", rprep="to")
    N("042", "arrival", "visitor", particle="of", obj=VISITORS)
    N("042", "arrival", "")
    V("043", "host", "", not_obj=f"{TROOPS} {WARSHIPS} {WEAPONS} base refugee migrant",
      note="the host is the actor, the visitor the recipient; hosting troops or refugees "
      "is no visit")  # fmt: skip
    V("043", "receive welcome", "visitor", obj=VISITORS + " visitor guest")
    V("043", "give accord extend", "welcome", obj="welcome reception", not_obj="cautious "
      "guarded qualified plan proposal decision move deal agreement report initiative idea "
      "step offer news result announcement",
      note="'gave a warm welcome to' a visitor: hosting")  # fmt: skip
    V("040", "return travel fly head come go arrive", "for-talks", particle="for", obj=TALKS,
      rprep="with", note="travelling somewhere for talks: the talks are the event")  # fmt: skip
    N("043", "reception", "", obj="official")
    V("045", "mediate", "")
    V("045", "broker", "", obj=DEALS + " " + CEASEFIRE + " talk exchange swap")
    V("045", "facilitate", "", obj=TALKS + " " + DEALS)
    N("045", "mediation", "")
    V("045", "launch start begin undertake", "mediation", obj="mediation",
      note="'launched a mediation effort' (the object's compound)")  # fmt: skip
    N("045", "effort bid initiative mission", "mediation", obj="mediation")
    V("046", "negotiate", "", rprep="with")
    V("046", "bargain haggle", "", rprep="with")
    N("046", "negotiation", "", rprep="with")
    V("046", "resume", "talks", obj=TALKS)
    V("046", "open launch start begin", "talks", obj="talk negotiation dialogue")
    N("046", "round", "talks", particle="of", obj=TALKS)

    # === 05 ENGAGE IN DIPLOMATIC COOPERATION (SUPPORT) ==========================================
    V("051", "praise commend laud applaud hail salute congratulate", "")
    V("051", "welcome", "", note="welcoming a decision or act; visitors: see 043")
    V("051", "endorse back support", "")
    V("051", "thank", "")
    V("051", "pay", "tribute", obj="tribute")
    V("051", "express", "support", obj="support backing appreciation gratitude admiration")
    V("051", "voice", "support", obj="support backing")
    V("051", "reaffirm reiterate restate", "support", obj="support backing commitment")
    V("051", "throw", "weight", particle="behind")
    N("051", "praise endorsement", "")
    N("051", "support backing", "", obj="political diplomatic strong full unwavering")
    V("052", "defend", "verbal",
      obj="decision policy action move stance right record position statement ban order "
          "remark comment plan measure law bill claim nomination speech",
      note="verbal defence of a decision; military defence has no bare pattern")  # fmt: skip
    V("052", "stand", "by", particle="by")
    V("052", "side", "with", particle="with", rprep="with")
    V("052", "justify", "")
    V("053", "rally", "support", obj="support backing")
    V("053", "lobby campaign", "for", particle="for")
    V("053", "drum", "up", particle="up")
    V("054", "recognize recognise", "", obj="government state independence sovereignty "
      "statehood presence election result authority regime junta administration",
      note="diplomatic recognition (CAMEO 054)")  # fmt: skip
    N("054", "recognition", "")
    V("054", "establish restore normalize normalise resume", "ties", obj=TIES)
    N("054", "normalization normalisation", "")
    V("054", "reopen", "embassy", obj="embassy consulate mission")
    V("055", "apologize apologise", "", type="CONCEDE",
      note="PLOVER 2.0 CONCEDE covers apologies; the 2021 crosswalk put 055 under SUPPORT")  # fmt: skip
    V("055", "express offer", "apology", obj="apology regret remorse", type="CONCEDE",
      note="PLOVER 2.0 CONCEDE covers apologies; the 2021 crosswalk put 055 under SUPPORT")  # fmt: skip
    N("055", "apology", "", type="CONCEDE",
      note="PLOVER 2.0 CONCEDE covers apologies; the 2021 crosswalk put 055 under SUPPORT")  # fmt: skip
    V("056", "forgive", "")
    V("056", "pardon", "")
    V("056", "grant", "amnesty", obj="amnesty pardon clemency")
    N("056", "amnesty", "")
    SIGN_NOTE = (
        "PLOVER 2.0 SUPPORT covers signing, ratifying or finalizing an agreement (AGREE "
        "only its promise, which the future rule recodes)"
    )
    V("057", "sign ink conclude seal clinch finalize finalise", "",
      obj=DEALS + " mou contract declaration communique roadmap",
      note=SIGN_NOTE)  # fmt: skip
    V("057", "reach strike", "deal", obj=DEALS + " compromise consensus settlement understanding",
      type="AGREE", note="reaching a deal is agreeing to it; signing it is SUPPORT")  # fmt: skip
    V("057", "ratify approve adopt", "treaty", obj=DEALS, note=SIGN_NOTE)
    V("057", "sign", "on", particle="on", note=SIGN_NOTE)
    N("057", "agreement deal accord treaty pact memorandum", "", not_obj="great good",
      rprep="with", note=SIGN_NOTE)  # fmt: skip
    N("057", "signing", "", particle="of", note=SIGN_NOTE)
    N("057", "agreement deal accord treaty pact", "peace", obj="peace",
      note=SIGN_NOTE)  # fmt: skip

    # === 06 ENGAGE IN MATERIAL COOPERATION (COOPERATE) ===========================================
    V("060", "cooperate collaborate", "", rprep="with")
    V("060", "partner", "with", particle="with", rprep="with")
    V("060", "team", "up", particle="up", rprep="with")
    V("060", "join", "forces", obj="force hand")
    N("060", "cooperation collaboration partnership", "", rprep="with")
    V("061", "cooperate collaborate", "economic",
      obj="trade economy investment energy economic infrastructure")  # fmt: skip
    N("061", "cooperation partnership", "economic",
      obj="economic trade energy investment financial")  # fmt: skip
    MATERIAL_NOTE = ("a trade or investment deal is material cooperation (COOPERATE), "
                     "not only a signature")  # fmt: skip
    N(
        "061",
        "agreement deal accord pact",
        "trade",
        obj="trade economic investment energy gas oil grain arms supply",
        note=MATERIAL_NOTE,
    )
    V("061", "invest", "", rprep="in")
    V("061", "open", "market", obj="market economy trade")
    V("062", "cooperate collaborate", "military",
      obj="military defense defence security counterterrorism counter-terrorism")  # fmt: skip
    N("062", "cooperation partnership alliance", "military",
      obj="military defense defence security counterterrorism")  # fmt: skip
    N("062", "agreement deal accord pact", "defense",
      obj="defense defence security military basing", note=MATERIAL_NOTE.replace(
          "trade or investment", "defence or basing"))  # fmt: skip
    N("062", "exercise drill maneuver manoeuvre patrol operation", "joint",
      obj="joint combined bilateral multinational")  # fmt: skip
    V("062", "hold conduct stage stag", "joint-exercise",
      obj="exercise drill maneuver manoeuvre patrol")  # fmt: skip
    V("062", "partner", "army", particle="with", obj="army military force troop")
    V("062", "fight", "alongside", particle="alongside", rprep="alongside")
    V("062", "ally", "with", particle="with", rprep="with")
    V("063", "extradite", "")
    N("063", "extradition", "")
    V("063", "hand", "over-suspect", particle="over",
      obj="suspect fugitive criminal accused defendant")  # fmt: skip
    N("063", "cooperation", "judicial", obj="judicial legal police law enforcement")
    V("063", "cooperate", "judicial", obj="investigation probe inquiry prosecution")
    V("064", "share exchange", "intelligence", obj="intelligence information data evidence")
    N("064", "sharing exchange", "intelligence", obj="intelligence information")
    N("064", "cooperation", "intelligence", obj="intelligence")

    # === 07 PROVIDE AID (AID) ====================================================================
    GIVERS = "provide give deliver donate supply send ship airlift extend grant transfer allocate"
    for tag, objects, code in [
        ("econ", MONEY, "071"),
        ("mil", WEAPONS, "072"),
        ("hum", HUMANITARIAN, "073"),
        ("aid", AID, "070"),
    ]:
        V(code, GIVERS, tag, obj=objects, rprep="to")
    V("070", "provide extend", "support", obj="support", rprep="to")
    V("070", "help assist", "", note="helping another party is aid; its purpose clause is "
      "coded as well")  # fmt: skip
    V("070", "send dispatch", "team", obj="team expert specialist rescuer doctor",
      rprep="to", note="sending a team of experts or rescuers")  # fmt: skip
    V("071", "hand", "over-money", particle="over", obj=MONEY, rprep="to")
    V("073", "hand", "over-relief", particle="over", obj=HUMANITARIAN, rprep="to")
    V("070", "hand", "over-aid", particle="over", obj=AID, rprep="to",
      note="weapons handed over are often surrendered (0873), so they have no pattern here")  # fmt: skip
    V("070", "hand donate deliver airlift airdrop distribute", "consignment", obj=CONSIGNMENTS,
      rprep="to", note="a measured shipment of goods handed over or delivered")  # fmt: skip
    V("071", "disburse lend", "", rprep="to")
    V("071", "fund finance bankroll subsidize subsidise", "", note="funding a party or project")
    V("071", "forgive cancel write", "debt", obj="debt")
    V("072", "arm equip rearm", "", note="supplying weapons")
    V("072", "receive get obtain acquire", "weapons", obj=WEAPONS, reverse=True,
      note="the subject receives: the giver (from X) is the actor")  # fmt: skip
    V("070", "receive get obtain secure", "aid", obj=AID + " " + HUMANITARIAN, reverse=True,
      note="the subject receives: the giver (from X) is the actor")  # fmt: skip
    V("071", "receive get obtain secure", "money", obj=MONEY, reverse=True,
      note="the subject receives: the giver (from X) is the actor")  # fmt: skip
    V("072", "train", "", obj="troop soldier force army police military officer recruit "
      "personnel unit gendarme pilot",
      note="training foreign forces is military aid")  # fmt: skip
    V("072", "arrive deploy land", "trainers", actor=TRAINERS, rprep="in",
      note="military trainers or advisers arriving: military aid to the host")  # fmt: skip
    N("072", "arrival deployment presence", "trainers", particle="of", obj=TRAINERS)
    N("072", "training", "military", obj="military troop soldier force army police")
    N("071", "aid assistance support package", "econ", obj="economic financial budget budgetary")
    N("072", "aid assistance support package", "mil",
      obj="military security defense defence lethal")  # fmt: skip
    N("073", "aid assistance relief", "hum", obj="humanitarian food medical emergency relief")
    N("070", "aid assistance", "", rprep="to for")
    N("071", "loan grant bailout credit", "", not_obj="tax", rprep="to")
    N("070", "donation", "", rprep="to")
    N("072", "shipment delivery transfer", "arms", particle="of", obj=WEAPONS)
    N("072", "arms weapon", "shipment", obj="shipment delivery sale supply transfer")
    N("073", "shipment delivery", "aid", particle="of", obj=AID + " " + HUMANITARIAN)
    N("073", "airlift airdrop", "")
    V("073", "airdrop", "")
    V("073", "rescue", "", obj="migrant civilian people survivor refugee resident victim")
    V("073", "evacuate", "", obj="civilian people resident wounded injured child family citizen")
    N("073", "evacuation", "", obj="medical humanitarian civilian")
    V("073", "feed shelter house", "refugees", obj="refugee displaced migrant civilian")
    V("074", "deploy send dispatch", "peacekeepers", obj=PEACEKEEPERS,
      note="sending peacekeepers is protection (AID 074), not mobilization")  # fmt: skip
    N("074", "mission force operation", "peacekeeping", obj="peacekeeping stabilization "
      "stabilisation protection")  # fmt: skip
    N("074", "deployment", "peacekeepers", particle="of", obj=PEACEKEEPERS)
    V("074", "arrive", "peacekeepers", actor=PEACEKEEPERS, rprep="in",
      note="peacekeepers arriving: protection (AID 074), not a visit")  # fmt: skip
    V("074", "protect escort guard", "civilians", obj="civilian convoy refugee camp population")
    V("075", "grant give offer", "asylum", obj="asylum refuge sanctuary residency")
    V("075", "admit resettle accept", "refugees", obj="refugee asylum-seeker migrant")
    V("075", "take", "in-refugees", particle="in", obj="refugee migrant asylum-seeker")
    N("075", "asylum", "", obj="political")

    # === 08 YIELD (CONCEDE; release, withdrawal and ceasefire are RETREAT) =======================
    V("080", "concede", "", note="conceding a point or defeat")
    V("080", "give grant", "permission", obj="permission approval consent authorization "
      "authorisation clearance", note="allowing what another asked for")  # fmt: skip
    V("080", "yield", "to", particle="to")
    V("080", "bow cave succumb", "to", particle="to")
    V("080", "cave give", "in", particle="in")
    V("080", "back", "down", particle="down")
    V("080", "relent capitulate", "", type="CONCEDE")
    V("080", "compromise", "")
    N("080", "concession", "")
    V("081", "lift ease relax loosen", "restrictions", obj="restriction measure control rule ban")
    V("081", "cancel scrap revoke abolish remove drop end", "restrictions",
      obj="restriction curb ban", note="removing a restriction eases it")  # fmt: skip
    V("0811", "lift ease relax end", "censorship",
      obj="censorship ban media press internet speech")  # fmt: skip
    V("0811", "unblock restore", "internet", obj="internet website site access platform")
    V("0812", "lift", "party-ban", obj="party opposition candidate")
    V("0812", "unban legalize legalise reinstate", "party",
      obj="party opposition candidate politician group")  # fmt: skip
    V("0813", "lift end relax ease", "curfew", obj="curfew")
    V("0814", "lift end revoke", "emergency", obj="emergency martial law lockdown state",
      note="'lifted a state of emergency': the verb object is 'state'")  # fmt: skip
    V("082", "call", "off", particle="off", obj=PROTESTS + " walkout",
      note="calling off protests eases dissent")  # fmt: skip
    V("082", "end suspend halt", "protest", obj=PROTESTS + " walkout sit-in hunger")
    V("081", "allow permit authorize authorise", "protest", obj=PROTESTS + " march gathering",
      note="authorities allowing a rally or march ease a restriction")  # fmt: skip
    V("082", "disperse", "voluntary", actor="protester demonstrator crowd",
      note="protesters dispersing by themselves")  # fmt: skip
    V("083", "accept meet grant satisfy", "demands", obj="demand condition term request")
    V("083", "accede", "", particle="to")
    V("083", "concede bow yield cave", "to-demands", particle="to",
      obj="demand pressure condition call", note="giving in to demands")  # fmt: skip
    V("0831", "resign", "", type="RETREAT", mode="resign",
      note="PLOVER 2.0 codes a resignation as RETREAT/resign; CAMEO 0831 is the closest code")  # fmt: skip
    V("0831", "step", "down", particle="down", type="RETREAT", mode="resign",
      note="PLOVER 2.0 codes a resignation as RETREAT/resign; CAMEO 0831 is the closest code")  # fmt: skip
    V("0831", "quit leave vacate", "post", obj="post office position job presidency seat",
      type="RETREAT", mode="resign",
      note="PLOVER 2.0 codes a resignation as RETREAT/resign; CAMEO 0831 is the closest code")  # fmt: skip
    V("0831", "hand cede relinquish surrender", "power", obj="power presidency",
      type="RETREAT", mode="resign",
      note="PLOVER 2.0 codes a resignation as RETREAT/resign; CAMEO 0831 is the closest code")  # fmt: skip
    V("0831", "abdicate", "", type="RETREAT", mode="resign",
      note="PLOVER 2.0 codes a resignation as RETREAT/resign; CAMEO 0831 is the closest code")  # fmt: skip
    V("0831", "tender submit hand", "resignation", obj="resignation", type="RETREAT",
      mode="resign",
      note="PLOVER 2.0 codes a resignation as RETREAT/resign; CAMEO 0831 is the closest code")  # fmt: skip
    N("0831", "resignation", "", type="RETREAT", mode="resign",
      note="PLOVER 2.0 codes a resignation as RETREAT/resign; CAMEO 0831 is the closest code")  # fmt: skip
    V("0831", "dismiss sack fire replace", "minister",
      obj="minister cabinet government chief commander general head",
      note="a leadership change, usually under pressure")  # fmt: skip
    V("0832", "reverse scrap drop abandon shelve withdraw", "policy",
      obj="plan bill law proposal reform tax decision policy measure decree hike")  # fmt: skip
    V("0832", "repeal rescind", "", obj="law decree bill order measure tax")
    V("0832", "backtrack", "", particle="on")
    N("0832", "reversal", "")
    V("0833", "grant restore", "rights", obj="right freedom autonomy citizenship suffrage")
    V("0834", "call", "election", obj="election referendum vote",
      note="early elections conceded under pressure")  # fmt: skip
    V("0834", "dissolve", "government", obj="government cabinet",
      note="dissolving one's own government under pressure")  # fmt: skip
    V("0841", "release free", "prisoners", obj=PRISONERS + " people man woman citizen national "
      "crew sailor fisherman worker aid minister member official diplomat tourist child "
      "girl boy")  # fmt: skip
    V("0841", "release", "from", particle="from", obj="prison jail custody detention captivity")
    V("0841", "pardon commute", "prisoners", obj=PRISONERS)
    V("0841", "swap exchange", "prisoners", obj="prisoner captive detainee hostage pow")
    N("0841", "release", "prisoners", particle="of", obj=PRISONERS)
    N("0841", "swap exchange", "prisoners", obj="prisoner hostage captive detainee")
    V("0841", "repatriate", "prisoners", obj="prisoner pow remains body")
    V("0841", "return", "prisoners", obj="prisoner hostage captive detainee pow remains body")
    V("0842", "return", "property", obj="territory land property asset artifact artefact "
      "island village region area ship vessel weapon arm equipment vehicle")  # fmt: skip
    V("0842", "unfreeze", "", obj="asset fund account reserve")
    V("0842", "hand", "back", particle="back")
    V("0842", "hand", "over-territory", particle="over", obj="territory control town city base")
    N("0842", "return handover", "territory", particle="of", obj="territory land asset property")
    for verb in "lift ease relax suspend waive remove loosen".split():
        V("085", verb, "sanctions", obj=SANCTIONS)
    N("085", "lifting easing removal", "sanctions", particle="of", obj=SANCTIONS)
    N("085", "relief", "sanctions", obj="sanction")
    V("0861", "accept allow admit welcome", "peacekeepers", obj=PEACEKEEPERS)
    V("0862", "allow admit accept", "inspectors", obj=INSPECTORS + " inspection")
    V("086", "allow permit", "return", obj="return entry",
      note="'allow the return of inspectors/refugees': granting access")  # fmt: skip
    V("0862", "grant give", "access", obj="access", note="access for inspectors or monitors")
    V("0863", "allow permit let", "aid", obj="aid convoy delivery humanitarian corridor "
      "access supply truck")  # fmt: skip
    V("0863", "open", "corridor", obj="corridor crossing passage route")
    V("086", "allow", "involvement", obj="observer mission monitor investigator journalist")
    V("087", "halt stop suspend pause end", "offensive",
      obj="offensive fighting hostility operation attack bombing strike shelling airstrike "
      "raid bombardment")  # fmt: skip
    V("087", "scale", "back", particle="back", obj="operation offensive presence mission")
    V("087", "pause", "")
    V("087", "disengage", "")
    N("0871", "ceasefire truce armistice cessation", "")
    V("0871", "declare announce observe respect agree", "ceasefire", obj=CEASEFIRE +
      " cessation")  # fmt: skip
    V("0871", "extend", "ceasefire", obj=CEASEFIRE)
    V("0872", "lift ease end", "blockade", obj="blockade siege")
    V("0872", "open reopen", "border", obj="border crossing bridge airspace frontier checkpoint "
      "pass", not_obj="new", rprep="with to", note="reopening a closed border or crossing (the converse of 191 close)")  # fmt: skip
    V("0873", "demobilize demobilise disarm disband", "")
    V("0873", "lay hand", "down-arms", particle="down", obj="arm weapon")
    V("0873", "surrender", "weapons", obj="arm weapon")
    V("0873", "hand turn", "over-weapons", particle="over", obj="arm weapon ammunition rifle gun",
      actor="rebel fighter militant insurgent militia militiaman guerrilla guerilla combatant "
      "group", note="armed groups handing over their weapons disarm")  # fmt: skip
    N("0873", "demobilization demobilisation disarmament", "")
    V("0874", "surrender", "", mode="disarm")
    N("0874", "surrender", "", mode="disarm")
    V("0874", "retreat", "", mode="withdraw")
    N("0874", "retreat", "", mode="withdraw")
    V("0874", "withdraw pull", "troops", obj=TROOPS + " " + WARSHIPS + " peacekeeper "
      "presence", mode="withdraw")  # fmt: skip
    V("0874", "pull", "out", particle="out", mode="withdraw")
    V("0874", "pull", "back", particle="back", mode="withdraw")
    V("0874", "pull", "out-troops", particle="out", obj=TROOPS, mode="withdraw")
    V("0874", "withdraw", "", mode="withdraw",
      note="bare 'withdraw' is most often a; plans and deals have own patterns")  # fmt: skip
    V("0874", "withdraw", "from", particle="from", mode="withdraw")
    V("0874", "leave depart quit", "troops", actor=TROOPS, mode="withdraw",
      note="troops leaving a country or area")  # fmt: skip
    V("0874", "evacuate abandon vacate", "position",
      obj="position base outpost town city area village post", mode="withdraw")  # fmt: skip
    N("0874", "withdrawal pullout drawdown", "", mode="withdraw")
    N("0874", "withdrawal", "troops", particle="of", obj=TROOPS, mode="withdraw")
    N("0874", "departure exit", "troops", particle="of", obj=TROOPS, mode="withdraw")

    # === 09 INVESTIGATE (ACCUSE/investigate) =====================================================
    V("090", "investigate probe", "")
    V("090", "look", "into", particle="into")
    V("090", "launch open order begin start", "investigation",
      obj="investigation probe inquiry enquiry inspection audit case")  # fmt: skip
    V("090", "inspect", "", obj="site facility plant base")
    V("090", "send dispatch deploy", "investigators", obj="inspector investigator "
      "fact-finding forensic", note="sending inspectors or investigators to look into a matter")  # fmt: skip
    N("090", "investigation probe inquiry enquiry", "")
    N("090", "inspection", "", obj="site nuclear weapon")
    V("091", "audit", "")
    INVESTIGATORS = "investigate probe"
    V("094", INVESTIGATORS, "war-crimes", obj="war genocide atrocity massacre")
    V("091", INVESTIGATORS, "corruption", obj="corruption fraud bribery embezzlement crime "
      "murder killing death theft smuggling laundering graft trafficking")  # fmt: skip
    V("092", INVESTIGATORS, "abuses", obj="abuse violation torture disappearance right "
      "rape mistreatment")  # fmt: skip
    V("093", INVESTIGATORS, "military", obj="strike attack airstrike shelling incident raid "
      "operation bombing shooting crash downing")  # fmt: skip
    for noun in "investigation probe inquiry".split():
        N("094", noun, "war-crimes", obj="war genocide atrocity massacre")
        N("091", noun, "corruption", obj="corruption fraud bribery embezzlement graft criminal "
          "murder")  # fmt: skip
        N("092", noun, "abuses", obj="abuse violation torture right rape")
        N("093", noun, "military", obj="strike attack airstrike shelling incident raid bombing")

    # === 10 DEMAND (REQUEST) =====================================================================
    requests("demand", "10")
    requests("insist", "10", particle="on")
    V("100", "demand", "")
    V("100", "insist", "", particle="on")
    V("100", "insist", "that")
    V("100", "pressure", "")
    N("100", "pressure", "from", particle="from",
      note="'faces pressure from Congress': the pressing party follows 'from'")  # fmt: skip
    N("100", "pressure", "by", particle="by")
    V("100", "order", "stop", obj="stop halt cease end release",
      note="ordering another party to act is a demand")  # fmt: skip
    V("100", "press", "", obj="government authority junta country regime",
      note="pressing a party to act")  # fmt: skip
    N("100", "demand", "")
    for t, objects, _, demand in REQUEST_OBJECTS:
        N(demand, "demand", f"for-{t}", obj=objects)
    V("1056", "tell order", "leave", obj="leave withdraw depart go quit",
      note="asking a party to leave or withdraw is a demand for withdrawal")  # fmt: skip
    V("100", "demand", "explanation", obj="explanation answer apology clarification")
    V("1041", "demand", "resignation-verb", obj="resign step quit go")
    V("1053", "demand", "freedom-of", obj=PRISONERS)

    # === 11 DISAPPROVE (ACCUSE) ==================================================================
    V("110", "disapprove oppose", "")
    V("110", "object", "to", particle="to")
    V("110", "question", "", obj="legitimacy decision move motive policy")
    V("110", "express voice", "opposition", obj="opposition disapproval displeasure anger "
      "outrage indignation")  # fmt: skip
    N("110", "opposition", "", particle="to")
    V("111", "criticize criticise condemn denounce decry deplore censure rebuke reprimand "
      "chastise castigate lambaste lambast slam berate scold assail blast reproach admonish "
      "vilify excoriate", "")  # fmt: skip
    V("111", "hit", "out", particle="out")
    V("111", "lash", "out", particle="out")
    V("111", "mock ridicule insult", "")
    V("111", "warn", "against", particle="against",
      note="'warned against' a course of action criticizes it")  # fmt: skip
    N("111", "condemnation criticism rebuke denunciation censure reprimand", "")
    N(
        "111",
        "remark comment statement",
        "against",
        particle="against",
        note="'angry remarks against the Dutch': words aimed at someone",
    )
    V("112", "accuse blame allege", "")
    V("112", "point", "finger", obj="finger")
    V("112", "present produce offer provide", "evidence", obj="evidence proof",
      rprep="against", note="presenting evidence against or of a party's wrongdoing")  # fmt: skip
    V("112", "hold", "responsible", obj="responsible accountable")
    N("112", "accusation allegation", "")
    for verb in ("accuse", "blame"):
        particle = "of" if verb == "accuse" else "for"
        V("1121", verb, "crime", particle=particle, obj="corruption fraud bribery embezzlement "
          "crime graft theft murder smuggling laundering rigging")  # fmt: skip
        V("1122", verb, "abuses", particle=particle, obj="abuse violation torture repression "
          "persecution discrimination rape")  # fmt: skip
        V("1123", verb, "aggression", particle=particle, obj="aggression attack invasion "
          "provocation interference meddling incursion violation escalation shelling strike")  # fmt: skip
        V("1124", verb, "war-crimes", particle=particle, obj="war genocide atrocity massacre "
          "cleansing")  # fmt: skip
        V("1125", verb, "espionage", particle=particle, obj="spying espionage treason sabotage "
          "coup plot terrorism")  # fmt: skip
    N("1121", "accusation allegation", "crime", obj="corruption fraud bribery crime graft")
    N("1122", "accusation allegation", "abuses", obj="abuse torture rape violation")
    N("1124", "accusation allegation", "war-crimes", obj="war genocide")
    N("1125", "accusation allegation", "espionage", obj="spying espionage treason")
    V("113", "rally mobilize mobilise", "against", particle="against")
    V("113", "campaign lobby", "against", particle="against")
    V("113", "rally", "opposition", obj="opposition")
    V("114", "lodge file register", "complaint", obj="complaint protest grievance objection")
    V("114", "summon", "ambassador", obj=DIPLOMATS,
      note="summoning a diplomat is an official complaint")  # fmt: skip
    V("114", "protest", "official", actor="ministry government embassy minister foreign "
      "spokesman spokeswoman spokesperson",
      note="a government 'protests' through official channels")  # fmt: skip
    V("114", "complain", "")
    N("114", "complaint", "")
    N("114", "protest", "official", obj="formal diplomatic official strong")
    N("114", "note", "protest", obj="protest diplomatic")
    V("115", "sue", "")
    V("115", "file bring", "lawsuit", obj="lawsuit suit case claim action petition")
    V("115", "take", "to-court", particle="to", obj="court tribunal")
    N("115", "lawsuit suit", "", not_obj="space")
    V("116", "convict", "")
    V("116", "find", "guilty", obj="guilty liable")
    N("116", "conviction verdict", "", obj="guilty")
    V("116", "sentence", "", type="SANCTION", mode="convict",
      note="PLOVER 2.0 SANCTION/convict covers sentencing; CAMEO 116 is the closest code")  # fmt: skip
    N("116", "sentence", "prison", obj="prison jail death life", type="SANCTION", mode="convict",
      note="PLOVER 2.0 SANCTION/convict covers sentencing; CAMEO 116 is the closest code")  # fmt: skip

    # === 12 REJECT ===============================================================================
    V("120", "reject refuse spurn rebuff repudiate", "")
    V("120", "turn", "down", particle="down")
    V("120", "renege", "", particle="on", note="going back on a commitment refuses it")
    V("120", "renege", "on-commitment", particle="on", obj="commitment promise pledge deal "
      "agreement vow word accord")  # fmt: skip
    V("120", "rule", "out", particle="out")
    V("120", "decline", "", obj="offer invitation request proposal call")
    N("120", "rejection refusal", "")
    REFUSERS = "reject refuse dismiss rebuff spurn"
    V("121", REFUSERS, "cooperation", obj="cooperation cooperate collaboration partnership")
    V("1211", REFUSERS, "econ-coop", obj="trade investment economic")
    V("1212", REFUSERS, "mil-coop", obj="military alliance basing base")
    V("1213", REFUSERS, "extradition", obj="extradition extradite")
    V("1214", REFUSERS, "intel", obj="intelligence")
    V("122", REFUSERS, "aid", obj=AID + " offer")
    V("1221", REFUSERS, "econ-aid", obj="loan bailout fund funding grant money")
    V("1222", REFUSERS, "mil-aid", obj="weapon arm ammunition missile tank jet")
    V("1223", REFUSERS, "hum-aid", obj="humanitarian food medicine relief")
    V("1224", REFUSERS, "peacekeepers", obj=PEACEKEEPERS + " protection")
    V("123", REFUSERS, "reform", obj="reform change demand")
    V("1231", REFUSERS, "resign", obj="resign resignation step quit ouster")
    V("1232", REFUSERS, "policy", obj="policy review reversal")
    V("1233", REFUSERS, "rights", obj="right freedom autonomy independence")
    V("1234", REFUSERS, "regime", obj="election referendum constitution transition")
    V("124", REFUSERS, "demand", obj="demand ultimatum call appeal pressure request")
    V("124", "ignore defy", "demand", obj="demand ultimatum call appeal warning order request")
    V("1241", "refuse", "ease", obj="lift ease curfew restriction")
    V("1243", "refuse", "release", obj="release free return")
    V("1244", "refuse", "ease-sanctions", obj="sanction embargo tariff")
    V("1245", "refuse deny", "access", obj="access entry inspector inspection observer visa "
      "admit permission monitor")  # fmt: skip
    V("1245", "bar block", "inspectors", obj=INSPECTORS + " journalist")
    V("1246", "refuse", "deescalate", obj="withdraw pull stop halt end ceasefire truce leave "
      "disarm surrender")  # fmt: skip
    V("125", REFUSERS + " oppose", "talks", obj=TALKS + " invitation negotiate talk meet")
    V("125", "boycott shun snub", "talks", obj=TALKS + " election vote ceremony",
      note="boycotting talks or a meeting rejects it; street boycotts are PROTEST")  # fmt: skip
    V("126", REFUSERS + " oppose", "mediation", obj="mediation mediator mediate")
    V("127", REFUSERS + " oppose", "plan", obj="plan proposal peace deal agreement settlement ceasefire truce "
      "accord roadmap initiative resolution offer compromise")  # fmt: skip
    V("128", "defy flout violate breach disobey break", "law",
      obj="law rule order sanction resolution norm ban curfew regulation court ruling "
      "constitution embargo")  # fmt: skip
    V("128", "defy", "")
    N("128", "defiance", "")
    N("128", "violation breach", "law", particle="of", obj="law sanction resolution embargo "
      "sovereignty airspace border")  # fmt: skip
    V("129", "veto", "")
    N("129", "veto", "")
    V("129", "block", "resolution", obj="resolution bill motion proposal measure nomination")

    # === 13 THREATEN =============================================================================
    V("130", "threaten", "")
    V("130", "warn", "")
    V("130", "warn", "consequences", particle="of",
      obj="consequence retaliation response reprisal action measure")  # fmt: skip
    V("130", "vow", "revenge", obj="revenge retaliate retaliation avenge respond response")
    N("130", "threat warning", "", not_obj="terror weather flood")
    THREATENERS = "threaten warn"
    V("131", THREATENERS, "nonforce", obj="measure consequence")
    V("1311", THREATENERS, "aid-cut", obj=AID + " funding fund")
    V("1312", THREATENERS, "sanctions", obj=SANCTIONS + " sanction")
    V("1313", THREATENERS, "ties", obj=TIES + " recall")
    V("132", THREATENERS, "admin", obj="ban restriction")
    V("132", THREATENERS, "arrest", obj="arrest jail prosecute detain prosecution imprison",
      mode="arrest")  # fmt: skip
    V("1321", THREATENERS, "censor", obj="censor censorship shut block")
    V("1322", THREATENERS, "ban-party", obj="party opposition dissolve outlaw")
    V("1323", THREATENERS, "curfew", obj="curfew")
    V("1324", THREATENERS, "emergency", obj="emergency martial")
    V("133", THREATENERS, "protest", obj="protest strike boycott demonstration walkout unrest")
    V("134", THREATENERS, "talks", obj="talk negotiation dialogue")
    V("135", THREATENERS, "mediation", obj="mediation")
    V("136", THREATENERS, "expel", obj="expel expulsion deport peacekeeper mission observer "
      "diplomat ambassador", mode="expel")  # fmt: skip
    V("137", THREATENERS, "repression", obj="crackdown crush repression suppress")
    V("138", THREATENERS, "force", obj="war attack strike invade invasion retaliate force "
      "military retaliation bomb action response")  # fmt: skip
    V("1381", THREATENERS, "blockade", obj="blockade siege close")
    V("1382", THREATENERS, "occupation", obj="occupy occupation annex annexation seize "
      "territory")  # fmt: skip
    V("1384", THREATENERS, "attack", obj="attack assault offensive strike")
    V("1385", THREATENERS, "wmd", obj="nuclear chemical biological")
    N("138", "threat", "military", obj="military war attack force invasion")
    N("1385", "threat", "nuclear", obj="nuclear chemical")
    N("1312", "threat", "sanctions", particle="of", obj=SANCTIONS)
    N("139", "ultimatum", "")
    V("139", "issue give deliver set", "ultimatum", obj="ultimatum deadline")
    V("138", "rattle", "saber", obj="saber sabre")

    # === 14 PROTEST ==============================================================================
    V("141", "protest", "", rprep="against",
      note="street protest; official protests by governments are ACCUSE 114")  # fmt: skip
    V("141", "demonstrate rally march picket", "", rprep="against")
    V("141", "take", "to-streets", particle="to", obj="street")
    V("141", "gather", "protest", obj="protest demand")
    V("141", "converge gather assemble", "for-rally", particle="for", obj=PROTESTS + " vigil")
    V("141", "stage stag hold organize organise", "protest", obj="protest demonstration rally "
      "march vigil picket sit-in", note="spaCy lemmatizes 'staged' as 'stag'")  # fmt: skip
    N("141", "protest demonstration rally march picket vigil", "", rprep="against")
    N("141", "sit", "in", particle="in")
    for verb in "protest demonstrate rally march".split():
        V("1411", verb, "leadership", obj="resignation ouster president prime removal")
        V("1412", verb, "policy", obj="policy reform law bill tax price hike cut austerity")
        V("1413", verb, "rights", obj="right freedom democracy")
        V("1414", verb, "regime", obj="constitution election regime junta coup")
    for noun in "protest demonstration rally march".split():
        N("1411", noun, "leadership", obj="anti-government resignation")
        N("1412", noun, "policy", obj="policy reform tax price austerity")
        N("1413", noun, "rights", obj="right freedom pro-democracy democracy")
        N("1414", noun, "regime", obj="anti-coup constitution election")
    V("142", "go", "hunger-strike", particle="on", obj="hunger", mode="hunger")
    V("142", "stage stag begin start launch continue", "hunger-strike", obj="hunger",
      mode="hunger", note="the object 'strike' has the compound 'hunger'")  # fmt: skip
    N("142", "strike", "hunger", obj="hunger", mode="hunger")
    N("143", "strike", "labour", obj="general worker labour labor union teacher doctor nurse "
      "miner workers nationwide transport", mode="strike")  # fmt: skip
    V("143", "go", "strike", particle="on", obj="strike", mode="strike")
    V("143", "strike", "workers", actor="worker union teacher doctor nurse miner employee "
      "driver staff docker", mode="strike")  # fmt: skip
    V("143", "walk", "out", particle="out", actor="worker union teacher doctor nurse employee "
      "staff member lawmaker", mode="strike")  # fmt: skip
    N("143", "walkout stoppage", "", mode="strike")
    V("143", "stop down lay", "work", obj="work tool", actor="worker union teacher doctor nurse "
      "miner employee driver staff docker", mode="strike")  # fmt: skip
    V("143", "boycott", "")
    N("143", "boycott", "")
    V("144", "block barricade blockade", "roads", obj="road highway street traffic bridge "
      "entrance railway port border crossing access route transport")  # fmt: skip
    N("144", "roadblock barricade", "")
    V("144", "occupy", "building", obj="square building office campus parliament university "
      "ministry street plaza headquarters")  # fmt: skip
    V("145", "riot", "")
    N("145", "riot unrest", "", not_obj="police gear")
    V("145", "loot ransack", "", note="looting during unrest is coded as rioting")
    V("145", "vandalize vandalise deface", "", mode="vandalize")
    V("145", "storm", "protesters", actor="protester demonstrator crowd mob supporter rioter "
      "student")  # fmt: skip
    V("145", "clash", "protesters", actor="protester demonstrator rioter student crowd mob")
    N("145", "clash", "protesters", obj="protester demonstrator rioter student")
    V("145", "burn", "tyres", obj="tire tyre effigy barricade")
    V("145", "hurl throw pelt", "stones", obj="stone rock bottle molotov cocktail")
    N("145", "protest", "violent", obj="violent")

    # === 15 EXHIBIT FORCE POSTURE (MOBILIZE) ======================================================
    MOVERS = "deploy send dispatch station mass amass move rush position"
    V("154", MOVERS, "troops", obj=TROOPS + " " + WARSHIPS, mode="troops")
    V("154", MOVERS, "weapons", obj="missile rocket weapon battery launcher system nuclear",
      mode="weapons")  # fmt: skip
    V("153", MOVERS, "police", obj=POLICE, mode="police")
    V("154", MOVERS, "militia", obj=MILITIA, mode="militia")
    V("154", "mobilize mobilise", "", mode="troops")
    V("154", "mobilize mobilise", "troops", obj=TROOPS + " reserve", mode="troops")
    V("153", "mobilize mobilise", "police", obj=POLICE, mode="police")
    V("154", "mobilize mobilise", "militia", obj=MILITIA, mode="militia")
    V("154", "deploy", "", mode="troops", note="bare 'deploy' is nearly always military")
    V("154", "reinforce", "", mode="troops")
    V("154", "strengthen reinforce bolster boost beef increase", "forces",
      obj=TROOPS + " presence garrison deployment", not_obj="police", mode="troops")  # fmt: skip
    V("154", "build", "up", particle="up", obj=TROOPS + " force presence", mode="troops")
    V("154", "conscript draft", "", obj="man citizen reservist student", mode="troops")
    V("154", "recruit", "fighters", obj="fighter soldier militia volunteer mercenary",
      mode="militia")  # fmt: skip
    V("154", "arrive", "troops", actor=TROOPS + " " + WARSHIPS, mode="troops",
      note="troops arriving in an area")  # fmt: skip
    N("154", "deployment buildup reinforcement mobilization mobilisation", "",
      mode="troops")  # fmt: skip
    N("154", "deployment", "troops", particle="of", obj=TROOPS, mode="troops")
    N("153", "deployment", "police", particle="of", obj=POLICE, mode="police")
    N("154", "surge", "troops", obj="troop military", mode="troops")
    V("152", "put place raise heighten", "alert", obj="alert readiness", mode="troops")
    V("152", "put place", "on-alert", particle="on", obj="alert standby", mode="troops")
    N("152", "alert", "high", obj="high maximum heightened combat military", mode="troops")
    V("151", "tighten step heighten boost", "security", obj="security patrol checkpoint",
      mode="police")  # fmt: skip
    V("151", "step beef", "up-security", particle="up", obj="security patrol presence",
      mode="police")  # fmt: skip
    N("151", "security", "tight", obj="tight heightened increased beefed-up", mode="police")
    V("150", "hold conduct stage stag launch", "exercise", obj="exercise drill maneuver manoeuvre "
      "parade", not_obj="joint combined bilateral", mode=None)  # fmt: skip
    N("150", "exercise drill maneuver manoeuvre", "military",
      obj="military naval war live-fire missile nuclear air", mode=None)  # fmt: skip
    N("150", "parade", "military", obj="military", mode=None)
    V("150", "test", "missile", obj="missile rocket weapon warhead nuclear",
      mode="weapons")  # fmt: skip
    N("150", "test launch", "missile", obj="missile nuclear rocket ballistic", mode="weapons")
    V("150", "fly", "show", obj="bomber jet warplane sortie", mode="weapons")
    V("150", "patrol", "", mode="troops")
    V("150", "flex", "muscle", obj="muscle")
    V(
        "150",
        "fire launch",
        "sea",
        particle="into",
        obj="sea ocean water waters",
        mode="weapons",
        note="a missile fired into the sea is a show of force with no target",
    )

    # === 16 REDUCE RELATIONS (SANCTION) ===========================================================
    V("161", "cut sever break suspend downgrade freeze end", "ties", obj=TIES + " contact",
      rprep="with")  # fmt: skip
    V("161", "recall withdraw", "ambassador", obj=DIPLOMATS + " embassy")
    V("161", "close shut", "embassy", obj="embassy consulate mission")
    N("161", "rupture severing", "ties", particle="of", obj=TIES)
    STOPPERS = "cut suspend halt freeze stop withhold reduce end slash terminate pause"
    V("1622", STOPPERS, "mil-aid", obj="military arm weapon security")
    V("1621", STOPPERS, "econ-aid", obj="economic budget loan financial funding fund")
    V("1623", STOPPERS, "hum-aid", obj="humanitarian food relief")
    V("162", STOPPERS, "aid", obj="aid assistance support program programme")
    N("162", "suspension cut freeze halt", "aid", particle="of", obj="aid assistance funding")
    N("162", "cut", "aid", obj="aid funding")
    V("163", "impose slap", "sanctions", obj=SANCTIONS + " ban penalty levy",
      rprep="on against")  # fmt: skip
    V("163", "extend tighten expand widen toughen", "sanctions", obj=SANCTIONS,
      rprep="on against")  # fmt: skip
    V("163", "announce unveil approve adopt", "sanctions", obj=SANCTIONS, rprep="on against")
    V("163", "sanction blacklist embargo", "")
    V("163", "freeze", "assets", obj="asset account fund reserve",
      note="asset freezes are sanctions")  # fmt: skip
    V("163", "ban restrict halt suspend", "trade", obj="import export trade flight shipment "
      "sale purchase", rprep="from")  # fmt: skip
    N("163", "sanction embargo tariff", "", rprep="on against")
    N("163", "sanction", "new", obj="new fresh tough economic financial")
    N("163", "ban", "trade", obj="import export trade travel flight visa")
    V("164", "suspend halt freeze break end abandon quit", "talks", obj="talk negotiation "
      "dialogue")  # fmt: skip
    V("164", "call", "off-talks", particle="off", obj="talk negotiation meeting summit visit")
    V("164", "walk", "out-talks", particle="out", obj="talk negotiation meeting summit")
    V("164", "cancel postpone scrap", "visit", obj="visit trip meeting summit talk")
    N("164", "suspension breakdown collapse", "talks", particle="of", obj="talk negotiation")
    V("165", "suspend halt end abandon quit", "mediation", obj="mediation")
    V("166", "expel", "")
    V("166", "expel", "diplomats", obj=DIPLOMATS)
    V("1661", "expel", "troops", obj=TROOPS + " " + PEACEKEEPERS)
    V("1662", "expel", "inspectors", obj=INSPECTORS)
    V("1663", "expel", "agencies", obj="agency ngo charity organization organisation worker "
      "group")  # fmt: skip
    V("166", "order", "out", particle="out",
      note="ordering a foreign presence out expels it")  # fmt: skip
    V("1661", "order", "out-troops", particle="out", obj=TROOPS + " " + PEACEKEEPERS)
    V("166", "kick throw", "out", particle="out")
    V("166", "force push", "out", particle="out", not_obj="president leader minister premier "
      "prime chancellor official chief head king ruler dictator government office power "
      "election race resident villager family people civilian", note="forcing a foreign presence out; leaders forced out are not expelled")  # fmt: skip
    V("166", "declare", "persona", obj="persona grata")
    N("166", "expulsion", "")
    N("166", "expulsion", "diplomats", particle="of", obj=DIPLOMATS)
    N("1661", "expulsion", "troops", particle="of", obj=TROOPS + " " + PEACEKEEPERS)
    V(
        "160",
        "withdraw",
        "from-treaty",
        particle="from",
        obj=DEALS + " organization organisation bloc alliance union coalition court community",
        mode="withdraw",
    )
    V("160", "pull", "out-treaty", particle="out", obj=DEALS + " organization bloc alliance "
      "union coalition court", mode="withdraw")  # fmt: skip
    V("160", "withdraw pull quit leave exit", "treaty", obj=DEALS + " organization "
      "organisation bloc alliance union coalition court community", mode="withdraw",
      note="leaving an agreement or an organization")  # fmt: skip
    V("160", "revoke terminate cancel scrap annul renounce denounce", "accord", obj=DEALS,
      mode="discontinue", note="ending an agreement")  # fmt: skip
    V("160", "tear rip", "up", particle="up", obj=DEALS, mode="discontinue")
    V("160", "suspend", "membership", obj="membership cooperation participation")
    N("160", "withdrawal", "treaty", particle="from", obj=DEALS + " organization bloc "
      "alliance union court", mode="withdraw")  # fmt: skip
    N("160", "suspension", "membership", particle="of", obj="membership cooperation")
    V("160", "downgrade reduce scale", "relations", obj=TIES + " presence cooperation")

    # === 17 COERCE ===============================================================================
    COUP_NOTE = ("CAMEO has no coup code; coded COERCE 170 (force without a specific sub-code), "
                 "context coup")  # fmt: skip
    for verb in "oust overthrow topple depose unseat remove".split():
        obj = "president leader government prime regime ruler king" if verb == "remove" else None
        V("170", verb, "coup", obj=obj, ctx="coup pro_autocracy", note=COUP_NOTE)
    N("170", "coup putsch overthrow ouster", "", ctx="coup pro_autocracy", note=COUP_NOTE)
    N("170", "takeover", "military", obj="military army", ctx="coup pro_autocracy",
      note=COUP_NOTE)  # fmt: skip
    V("170", "seize grab take", "power", obj="power", ctx="coup pro_autocracy", note=COUP_NOTE)
    V("170", "take", "over", particle="over", actor="soldier army military officer junta "
      "general colonel", ctx="coup pro_autocracy", note=COUP_NOTE)  # fmt: skip
    V("170", "mutiny", "", ctx="coup military", note=COUP_NOTE)
    N("170", "mutiny", "", ctx="coup military", note=COUP_NOTE)
    V("170", "coerce force compel intimidate", "")
    N("170", "intimidation coercion harassment", "")
    V("170", "harass", "")
    V("170", "hack", "", not_obj="death", mode="cyber", ctx="cyber")
    N("170", "cyberattack hack hacking", "", mode="cyber", ctx="cyber")
    N("170", "attack", "cyber", obj="cyber", mode="cyber", ctx="cyber")
    V("170", "spread", "disinformation", obj="disinformation misinformation propaganda lie "
      "rumor rumour", mode="misinformation", ctx="misinformation")  # fmt: skip
    N("170", "disinformation", "", obj="campaign", mode="misinformation", ctx="misinformation")
    V("170", "jam", "", obj="signal gps communication", mode="cyber")
    V("1711", "seize confiscate impound expropriate nationalize nationalise", "property",
      obj="property asset land vehicle ship vessel cargo tanker shipment farm company plant "
      "oil document equipment", mode="seize")  # fmt: skip
    V("1711", "confiscate impound expropriate commandeer requisition", "")
    N("1711", "seizure confiscation expropriation nationalization", "")
    V("1712", "destroy demolish raze bulldoze torch", "", note="destroying property")
    V("1712", "burn", "houses", obj="house home village building church mosque school shop "
      "crop field market car vehicle office")  # fmt: skip
    V("1712", "set", "fire", obj="fire ablaze blaze")
    V("1712", "sabotage", "")
    N("1712", "sabotage demolition destruction arson", "")
    V("1712", "blow", "up-building", particle="up", obj="bridge building house pipeline "
      "railway line tower plant station")  # fmt: skip
    V("172", "impose", "restrictions", obj="restriction control lockdown measure limit rule")
    V("172", "restrict limit curb", "", obj="movement access travel activity gathering")
    V("172", "ban prohibit", "", note="bans on people or activities; trade bans are 163")
    V(
        "172",
        "stop prevent bar block ban",
        "from",
        particle="from",
        note="keeping someone from doing something: 'stopped the minister from entering'",
    )
    V("172", "suspend", "constitution", obj="constitution parliament assembly council "
      "institution activity", ctx="pro_autocracy")  # fmt: skip
    V("172", "dissolve", "parliament", obj="parliament assembly council commission court "
      "institution", ctx="pro_autocracy")  # fmt: skip
    V("1721", "censor muzzle gag", "", mode="censor")
    N("1721", "censorship", "", mode="censor")
    V("1721", "block shut", "media", obj="website site internet platform app newspaper "
      "broadcaster channel station outlet medium media network access", mode="censor")  # fmt: skip
    V("1721", "shut", "down-media", particle="down", obj="internet newspaper station channel "
      "website media outlet broadcaster paper", mode="censor")  # fmt: skip
    N("1721", "shutdown blackout", "internet", obj="internet communication media",
      mode="censor")  # fmt: skip
    V("1721", "ban", "media", obj="newspaper broadcaster channel station media outlet website "
      "app platform book film", mode="censor")  # fmt: skip
    V("1721", "ban", "protests", obj="protest demonstration rally gathering march assembly "
      "strike")  # fmt: skip
    V("1722", "ban outlaw proscribe", "party", obj="party opposition group organization "
      "organisation movement candidate politician union")  # fmt: skip
    V("1722", "disqualify bar", "candidate", obj="candidate politician party leader")
    V("1722", "outlaw proscribe", "")
    V("1722", "dissolve", "party", obj="party union organization organisation group")
    V("1723", "impose declare extend enforce order", "curfew", obj="curfew")
    N("1723", "curfew", "")
    V("1724", "impose declare extend", "emergency", obj="emergency martial law")
    N("1724", "emergency", "state", obj="state")
    N("1724", "law", "martial", obj="martial")
    V("173", "arrest detain jail imprison incarcerate apprehend nab", "")
    V("173", "round", "up", particle="up")
    V("173", "take", "into-custody", particle="into", obj="custody")
    V("173", "charge indict prosecute", "", note="charging with legal action")
    V("173", "hold", "detainee", obj="suspect detainee prisoner activist journalist",
      note="'held' people without a hostage object")  # fmt: skip
    V("173", "issue", "warrant", obj="warrant")
    N("173", "arrest detention imprisonment indictment", "")
    N("173", "warrant", "arrest", obj="arrest")
    N("173", "raid", "police", obj="police", note="police raids are arrests or searches")
    V("173", "raid", "police", actor="police policeman officer agent investigator",
      note="police raids are arrests or searches")  # fmt: skip
    V("173", "crack", "down-arrest", particle="down", obj="dissent opposition journalist",
      note="crackdowns on dissent: arrests")  # fmt: skip
    V("174", "deport exile banish repatriate", "")
    V("174", "escort", "out", particle="out", note="'was escorted out of the country'")
    V("174", "expel", "people", obj="journalist migrant national citizen foreigner refugee "
      "student activist priest missionary")  # fmt: skip
    N("174", "deportation exile", "")
    N("174", "expulsion", "people", particle="of", obj="journalist migrant national citizen "
      "foreigner refugee")  # fmt: skip
    V("175", "crack", "down", particle="down", rprep="on",
      note="violent repression (175) when no arrest object is named")  # fmt: skip
    N("175", "crackdown repression", "", rprep="on")
    V("175", "suppress quell crush repress", "", obj="protest unrest demonstration dissent "
      "uprising rebellion riot revolt opposition protester")  # fmt: skip
    V("175", "disperse", "", obj="protester crowd demonstrator protest rally gathering student",
      mode="crowd-control")  # fmt: skip
    V("175", "fire", "teargas", obj="teargas tear gas cannon bullet pellet",
      mode="crowd-control")  # fmt: skip
    V("175", "use", "teargas", obj="teargas tear cannon baton", mode="crowd-control")
    V("175", "teargasse teargas", "", mode="crowd-control",
      note="spaCy lemmatizes 'teargassed' as 'teargasse'")  # fmt: skip

    V("173", "capture", "people", obj="soldier fighter militant commander rebel leader suspect "
      "insurgent jihadist member", note="captured people are detained")  # fmt: skip

    # === 18 ASSAULT (unconventional violence) =====================================================
    V("180", "kill", "", note="killings without a military actor; see also 190")
    V("180", "murder slay slaughter", "")
    N("180", "killing murder", "")
    V("180", "execute", "", obj="prisoner hostage captive civilian man woman people soldier "
      "villager detainee", mode="targeted")  # fmt: skip
    V("180", "shoot", "", mode="firearms")
    V("180", "gun", "down", particle="down", mode="firearms")
    N("180", "shooting", "", mode="firearms")
    N("180", "attack", "terror", obj="terror terrorist militant jihadist insurgent jihadi",
      ctx="terrorism")  # fmt: skip
    V("180", "terrorize terrorise", "")
    V("180", "wound injure", "", note="injuries inflicted by an actor")
    N("180", "violence", "", obj="sectarian communal ethnic political militant")
    V("181", "abduct kidnap hijack", "")
    V("181", "take seize hold", "hostage", obj="hostage captive")
    N("181", "abduction kidnapping hijacking", "")
    V("181", "snatch", "", obj="girl boy child student worker villager")
    V("182", "beat assault whip flog lash punch", "")
    V("182", "rough", "up", particle="up")
    V("182", "stab", "", mode="primitive")
    N("182", "assault beating", "", not_obj="military ground")
    N("182", "attack", "knife", obj="knife machete axe stabbing", mode="primitive")
    V("1821", "rape", "")
    N("1821", "rape", "")
    N("1821", "assault violence", "sexual", obj="sexual")
    V("1822", "torture mutilate maim", "")
    N("1822", "torture mutilation", "")
    V("1823", "behead decapitate lynch", "", mode="primitive")
    V("1823", "beat", "to-death", particle="to", obj="death", mode="beat")
    V("1823", "hack", "to-death", particle="to", obj="death", mode="primitive")
    V("1823", "stone", "", obj="woman man", mode="primitive")
    V("183", "bomb", "", note="bombing without an air actor: non-military bombing")
    V("183", "detonate", "", obj="bomb explosive device vest car ied mine charge")
    V("183", "blow", "up", particle="up")
    V("183", "plant", "bomb", obj="bomb explosive device mine ied")
    N("183", "bombing blast explosion", "", not_obj="aerial air carpet barrel")
    N("183", "bomb", "", obj="pipe parcel letter nail")
    N("1831", "bombing attack", "suicide", obj="suicide")
    V("1831", "blow", "self", particle="up", obj="himself herself themselves")
    N("1832", "bombing bomb", "car", obj="car truck vehicle")
    N("1833", "bombing bomb", "roadside", obj="roadside ied")
    N("1833", "ied", "")
    V("184", "use hold keep", "shield", particle="as", obj="shield")
    N("184", "shield", "human", obj="human")
    N("185", "attempt plot", "assassination", obj="assassination murder life")
    V("185", "attempt try", "assassinate", obj="assassinate kill")
    V("186", "assassinate", "")
    N("186", "assassination", "")
    N("186", "killing", "targeted", obj="targeted extrajudicial")

    # === 19 FIGHT (ASSAULT, blockade and occupation are COERCE) ==================================
    V("195", "bomb", "air", actor="jet warplane plane aircraft bomber air force helicopter "
      "military army", mode="aerial")  # fmt: skip
    V("190", "kill", "military", actor=TROOPS + " airstrike strike shelling drone missile "
      "bombardment", ctx="military")  # fmt: skip
    V("190", "attack", "", rprep="on")
    N("190", "attack", "", rprep="on against")
    V("190", "fight battle", "", not_obj="corruption poverty disease virus pandemic climate "
      "inflation crime fire hunger cancer illness trafficking case charge election",
      rprep="against with")  # fmt: skip
    N("190", "fighting battle clash combat hostility skirmish", "", rprep="with between")
    V("190", "clash", "", rprep="with")
    V("190", "invade", "")
    N("190", "invasion incursion offensive counteroffensive", "")
    V("190", "storm raid overrun", "")
    N("190", "raid ambush assault", "military", obj="military ground army night")
    N("190", "raid ambush", "")
    V("190", "ambush", "")
    V("190", "retaliate", "", rprep="against")
    N("190", "retaliation reprisal", "")
    N("190", "intervention", "military", obj="military armed foreign",
      note="a military intervention is the use of force (ASSAULT), not only a deployment")  # fmt: skip
    V("190", "intervene", "militarily", obj="militarily military")
    N("190", "operation", "military", obj="military army counterterrorism counter-terrorism "
      "counterinsurgency ground combat")  # fmt: skip
    V("190", "strike", "", rprep="on at",
      note="a bare verb 'strike' in conflict news is an attack; labour strikes have actors")  # fmt: skip
    N("190", "strike", "", rprep="on against",
      note="a bare 'strike' in conflict news is most often military; labour strikes are 143")  # fmt: skip
    V("190", "engage", "enemy", obj="enemy militant rebel insurgent fighter")
    V("191", "blockade besiege encircle", "")
    N("191", "blockade siege", "")
    V("191", "close seal", "border", obj="border airspace crossing strait port frontier "
      "corridor")  # fmt: skip
    V("191", "block obstruct", "aid", obj="aid convoy delivery supply humanitarian",
      mode="withhold", ctx="human_security")  # fmt: skip
    V("192", "occupy annex", "")
    N("192", "occupation annexation", "")
    V("192", "seize capture take", "territory", obj="town city village territory area region "
      "base airport port district province hill position control island oilfield outpost",
      mode="seize")  # fmt: skip
    V("192", "capture", "", mode="seize")
    V("192", "retake recapture overrun", "territory", obj="town city village territory area "
      "base airport", mode="seize")  # fmt: skip
    N("192", "capture seizure fall", "town", particle="of", obj="town city village territory "
      "base airport region", mode="seize")  # fmt: skip
    V("193", "open", "fire", obj="fire", mode="firearms")
    V("193", "fire", "shots", obj="shot bullet round gun", mode="firearms")
    V("193", "shoot", "military", actor=TROOPS + " sniper", mode="firearms")
    N("193", "gunfire gunfight firefight shootout", "", mode="firearms")
    N("193", "attack", "gun", obj="gun armed gunman", mode="firearms")
    V("194", "shell bombard pound", "")
    N("194", "shelling bombardment", "")
    V("194", "fire", "artillery", obj="artillery shell mortar rocket missile howitzer round "
      "tank", mode="heavy-weapons")  # fmt: skip
    N("194", "fire", "artillery", obj="artillery tank mortar rocket")
    N("194", "attack", "rocket", obj="rocket mortar artillery missile tank")
    N("194", "strike", "missile", obj="missile rocket artillery")
    V("195", "launch", "missiles", obj="missile rocket drone",
      note="launching weapons at a target")  # fmt: skip
    N("195", "airstrike", "", mode="aerial")
    N("195", "strike raid attack bombing", "air", obj="air aerial airstrike", mode="aerial")
    N("195", "bombing", "carpet", obj="carpet barrel", mode="aerial")
    N("195", "strike attack", "drone", obj="drone uav", mode="drone")
    V("195", "strike hit attack", "drone", actor="drone uav", mode="drone")
    V("195", "strike hit", "missile", actor="missile rocket shell airstrike strike",
      mode="heavy-weapons")  # fmt: skip
    V("195", "strike hit", "warplane", actor="jet warplane plane aircraft helicopter bomber",
      mode="aerial")  # fmt: skip
    V("195", "shoot", "down", particle="down", obj="plane jet drone aircraft helicopter "
      "missile", mode="aerial")  # fmt: skip
    V("195", "strafe", "", mode="aerial")
    N("195", "sortie", "", mode="aerial")
    V("196", "violate breach break", "ceasefire", obj=CEASEFIRE)
    N("196", "violation breach", "ceasefire", particle="of", obj=CEASEFIRE)
    N("196", "violation", "ceasefire-compound", obj=CEASEFIRE)

    # === 20 USE UNCONVENTIONAL MASS VIOLENCE (ASSAULT) ============================================
    V("200", "slaughter", "mass", obj="villager civilian hundred dozen people")
    N("200", "atrocity", "")
    N("201", "expulsion deportation displacement", "mass", obj="mass forced forcible",
      note="mass expulsion (201)")  # fmt: skip
    V("201", "expel drive displace uproot", "population", obj="population resident villager "
      "minority inhabitant community family people civilian", ctx="migration")  # fmt: skip
    V("202", "massacre", "")
    N("202", "massacre genocide", "")
    N("202", "killing", "mass", obj="mass")
    V("202", "exterminate annihilate", "")
    N("202", "extermination", "")
    N("203", "cleansing", "ethnic", obj="ethnic")
    V("203", "cleanse", "ethnic", obj="ethnic area region")
    V("203", "engage carry", "cleansing", obj="cleansing",
      note="'engaged in / carried out ethnic cleansing'")  # fmt: skip
    V("2041", "use deploy", "chemical", obj="chemical gas sarin chlorine nerve agent toxin "
      "biological", mode="unconventional")  # fmt: skip
    V("2041", "gas poison", "", obj="civilian people village town resident",
      mode="unconventional")  # fmt: skip
    N("2041", "attack", "chemical", obj="chemical gas sarin chlorine biological",
      mode="unconventional")  # fmt: skip
    V("2042", "nuke", "")
    V("2042", "detonate drop", "nuclear", obj="nuclear atomic warhead")
    N("2042", "strike attack", "nuclear", obj="nuclear atomic")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA / "patterns.jsonl")
    args = parser.parse_args()
    build()
    with args.out.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"version": VERSION}) + "\n")
        for p in PATTERNS:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    print(f"wrote {len(PATTERNS)} patterns to {args.out}")


if __name__ == "__main__":
    main()
