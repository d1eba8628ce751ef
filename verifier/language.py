"""Claim language: how strongly a sentence asserts something, and the words that say so.

Strength, on the scale DESIGN.md fixes:
  0 no claim ("more research is needed", a definition, a description of the study);
  1 hedged or a possibility ("may", "could", "suggests", "potential", "appears to");
  2 qualified or associational ("was associated with", "improved in this study",
    a finding reported with its own figures);
  3 definitive causal or general ("has been shown to", "proven", "reduces", "is safe").
Hype terms ("transformative", "breakthrough") are recorded apart and do not change strength.

How a strength is decided (`strength_with_reasons`): the cue lexicon below gives its own strength
(`lexicon_strength`, kept callable as the baseline); a linear model (strength_model.py, weights
shipped beside it) reads the words, word pairs, cue kinds and that lexicon strength and predicts
on Yu et al. 2019's scale (0 none, 1 correlational, 2 conditional causal, 3 direct causal), which
YU_TO_OURS maps onto ours (their 1 is our 2, their 2 our 1). Where our scale says more than
theirs, a named rule of SCALE_RULES decides: the lexicon's hedges ("suggests", "potential") keep
a causal sentence hedged, a safety statement keeps the lexicon's level, a finding reported with
its own figures stays qualified. Every strength comes with `deciding` cues: the features that
pulled the score towards it over the runner-up, or the rule that decided.

Comparisons between two sentences (same / exaggerates / downplays) use the causal-language
ladder of Sumner et al. 2014 and Yu et al. 2019, on which a hedged causal statement ranks above
a correlational one: none < associational < conditional causal < direct causal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Literal

from verifier import lazyre as re  # re, compiled on first use, with a literal pre-test (verifier/lazyre.py)
from verifier import memo
from verifier.strength_model import Contribution, raw_features, shipped_model


class CueKind(StrEnum):
    hedge = "hedge"
    associational = "associational"
    qualifier = "qualifier"
    causal = "causal"
    effect = "effect"
    booster = "booster"
    hype = "hype"
    need = "need"
    advice = "advice"
    comparative = "comparative"
    safety = "safety"
    safety_absolute = "safety_absolute"
    deciding = "deciding"  # a feature that decided the model's strength (not searched for)


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue word or phrase in a sentence (internal; claims carry them as `ClaimCue`)."""

    kind: CueKind
    text: str
    start: int
    end: int


_VERB_CAUSE = (r"(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bits )(?<!\btheir )(?<!\bexact )(?<!\bpossible )"
                r"(?<!\bunderlying )(?<!\broot )(?<!\bmain )(?<!\bleading )(?<!\bcommon )(?<!\bknown )"
                r"(?<!\bmajor )(?<!\bprimary )(?<!\bunknown )(?<!\bother )(?<!\bmany )causes?")


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE)


# "it works", not "she works at the hospital" or "works part-time"
_A_JOB = (r"(?!\s+(?:full-time|part-time|shifts?|nights?|at\s+(?:an?|the|our|his|her|their|my)\s+(?:\w+\s+)?"
          r"(?:hospital|clinic|practice|university|school|college|company|firm|pharmacy|cent(?:re|er)|surgery|lab"
          r"|laboratory|institute|charity|shop|store|gym|office|trust|hospice|home))\b)")
# How staff work, not what a treatment does: "our nurses work closely with your GP", "the care team
# works in partnership with ..."; only after a word for staff ("the drugs work well together" is
# a claim).
_STAFF = ("nurses", "nurse", "doctors", "doctor", "staff", "team", "teams", "physiotherapists", "physiotherapist",
          "pharmacists", "pharmacist", "counsellors", "counsellor", "dietitians", "dietitian", "therapists",
          "therapist", "clinicians", "surgeons", "gps", "consultants", "specialists", "carers", "volunteers",
          "midwives", "we", "i", "they")
_AFTER_STAFF = "(?:" + "|".join(rf"(?<=\b{word} )" for word in _STAFF) + ")"
_STAFF_WAYS = (r"(?!\s+(?:closely|hard|alongside|remotely|from\s+home|in\s+(?:partnership|teams?|shifts)"
               r"|as\s+a\s+team|(?:well\s+)?together\b|with\s+(?:you\b|your\b|patients|families|each\s+other"
               r"|one\s+another|us\b|them\b|local|other)))")
_WORKS_NOT_A_JOB = rf"(?:{_AFTER_STAFF}works?{_A_JOB}{_STAFF_WAYS}|(?!{_AFTER_STAFF})works?{_A_JOB})"


# Order matters only for reading; every pattern is searched.
PATTERNS: dict[CueKind, re.Pattern[str]] = {
    CueKind.hedge: _words(
        r"(?<!\bin )(?<!\bof )(?<!\bsince )(?<!\buntil )(?<!\blast )(?<!\bnext )(?<!\bearly )(?<!\blate )"
        r"(?<!\bfrom )(?<!\bby )may(?!\s+\d)", r"might", r"could", r"possibl[ey]", r"potential(?:ly)?", r"perhaps",
        r"suggest(?:s|ed|ing)?", r"appears? to", r"appeared to", r"seem(?:s|ed)?(?: to)?",
        r"likely", r"probabl[ey]", r"promising", r"promise", r"hypothes[ie]s", r"speculat\w*",
        r"not (?:yet )?clear", r"unclear", r"preliminary", r"tentative(?:ly)?", r"plausibl[ey]",
        r"would"),
    CueKind.associational: _words(
        r"associated with", r"associations?", r"correlat\w*", r"linked (?:to|with)", r"links? between",
        r"related to", r"relationships?", r"predict(?:s|ed|ive|or|ors)?", r"risk factors?",
        r"(?:more|less) likely", r"odds", r"(?:higher|lower|greater|increased|decreased) risk",
        r"(?:positively|negatively|inversely) related", r"relation", r"coincid\w+",
        r"(?:common|prevalent|frequent|uncommon|rare) (?:in|among)",
        r"(?:higher|lower|greater|smaller) (?:\w+ ){0,2}in", r"differ(?:s|ed)?", r"differences?",
        r"prognostic", r"(?:correlates|determinants|markers?) (?:of|for)",
        r"coexist\w*", r"tied to", r"connected (?:to|with)"),
    CueKind.qualifier: _words(
        r"in this (?:study|trial|cohort|sample|analysis|population|series|case|patient)",
        r"in (?:the|these) (?:\d+ )?(?:patients|participants|cases)",
        r"were (?:observed|reported|seen|noted)", r"was (?:observed|reported|seen|noted)",
        r"experienced", r"generally", r"in some patients", r"partial(?:ly)?", r"modest(?:ly)?",
        r"trend", r"tended to", r"among (?:the )?(?:participants|patients)"),
    CueKind.causal: _words(
        r"(?:has|have|had) been shown", r"shown to", r"results? in", r"resulted in", r"leads? to",
        # "causes" the verb; the noun only as what something is ("is the leading cause of"):
        # "the cause of the rash is unknown", "looking for the causes" assert nothing
        r"led to", _VERB_CAUSE, r"(?:is|are|was|were|remains?|as) (?:the|a|an|one) (?:\w+ ){0,2}?causes? of",
        r"caused", r"causing", r"cures?", r"cured", r"restores?", r"restored",
        r"prevents?", r"prevented", r"(?:is|are|was|were) effective", r"effective(?:ly)? (?:in|at|for)",
        r"efficacious", r"responsible for", r"due to", r"because of", r"attributable to",
        r"(?:did|does|do) not (?:alter|affect|change|improve|reduce|increase|lead|cause)",
        r"superior", r"inferior", r"non-?inferior", r"outperform\w*", r"(?:is|are) safe",
        r"eliminat\w+", r"sav(?:e|es|ed|ing) lives", r"stops?", r"stopped", r"reverses?", r"reversed",
        r"causal", r"effects? (?:on|of)",
        r"(?:plays?|played) (?:a|an) (?:\w+ )?role", r"contribut\w+", r"translates? into",
        r"rais(?:e|es|ed|ing) (?:\w+ ){0,3}(?:risks?|odds|chances?|levels?|rates?)", r"slash(?:es|ed|ing)?",
        r"cuts?", r"cutting", r"doubl(?:e|es|ed|ing)", r"tripl(?:e|es|ed|ing)", r"halv(?:e|es|ed|ing)",
        r"kills?", r"killed", r"killing", r"destroys?", r"destroyed", r"traced (?:back )?to",
        r"li(?:ve|ves|ved|ving) longer", r"wards? off", r"the answer is", r"this proves",
        r"ups? (?:your |the |their )?(?:\w+ )?(?:risks?|odds|chances?)",
        r"hik(?:e|es|ed|ing) (?:\w+ ){0,2}(?:risks?|odds)",
        r"heighten(?:s|ed|ing)? (?:\w+ ){0,2}(?:risks?|odds|chances?)", r"trigger(?:s|ed|ing)?", r"fuels?",
        r"elevat(?:e|es|ed|ing) (?:\w+ ){0,2}(?:risks?|odds|chances?)", r"(?:major |main |key )?drivers? of",
        r"staves? off", r"fends? off",
        r"adds? (?:\w+ ){0,3}?years to", r"damag(?:es|ing)", r"disrupt(?:s|ing)",
        r"extend(?:s|ed|ing)? (?:\w+ ){0,2}?(?:lifespans?|life expectancy)",
        r"(?:is|are|was|were) (?:the )?(?:main |real |key |big )?reasons? (?:why|for)",
        r"(?:is|are) good for (?:your|the|our|their) (?:heart|health|brain|body|bones|gut|mind)",
        r"keeps? (?:\w+ ){0,2}?alive", r"life-?savers?", r"shielded from", r"keeps? (?:\w+ ){0,3}?at bay",
        r"(?:best|surest) ways? to (?:avoid|prevent|stave off|ward off)",
        r"harms? (?:\w+['’]?\s+){0,3}?(?:health|hearts?|brains?|development|sleep|well-?being)"),
    CueKind.effect: _words(
        r"improv(?:e|es|ed|ing|ement|ements)", r"reduc(?:e|es|ed|ing|tion|tions)",
        r"increas(?:e|es|ed|ing)", r"decreas(?:e|es|ed|ing)", r"lower(?:s|ed|ing)?",
        r"enhanc\w+", r"promot(?:e|es|ed|ing)", r"induc(?:e|es|ed|ing)",
        r"inhibit(?:s|ed|ing)?", r"suppress(?:es|ed|ing)?", r"protect(?:s|ed|ing|ive)?",
        r"benefit(?:s|ed|ted|ing)?", r"beneficial", r"heal(?:s|ed|ing)?", r"repair(?:s|ed|ing)?",
        r"regenerat\w+", r"relie(?:f|ve|ves|ved)", r"eas(?:e|es|ed|ing)", r"boost\w*",
        r"alter(?:s|ed)?", r"impact(?:s|ed)? (?:on )?",  r"modulat\w+", r"treats",
        r"effective", _WORKS_NOT_A_JOB, r"help(?:s|ed)? (?:to )?\w+", r"offers?",
        r"slow(?:s|ed)?", r"halt(?:s|ed)?", r"stabili[sz]\w+", r"accelerat\w+", r"worsen\w*",
        r"diminish\w*", r"useful (?:for|in)", r"affect(?:s|ed|ing)?", r"influenc\w+", r"interfer\w+",
        r"involved in", r"leading to", r"impact on", r"shorten(?:s|ed|ing)?"),
    CueKind.booster: _words(
        r"(?:has|have|had) been shown", r"shown to", r"proven", r"prove[sd]?", r"demonstrat\w+",
        r"confirm(?:s|ed|ing)?", r"established", r"clearly", r"definitive(?:ly)?", r"consistently",
        r"conclusive(?:ly)?", r"undoubtedly", r"certainly", r"always", r"guarantee[sd]?",
        r"no doubt", r"strong evidence", r"without question", r"definitely"),
    CueKind.hype: _words(
        r"transformative", r"transform(?:s|ed)? the", r"breakthroughs?", r"revolution\w*",
        r"game[- ]chang\w+", r"miracle", r"miraculous", r"groundbreaking", r"unprecedented",
        r"remarkable", r"dramatic(?:ally)?", r"most exciting", r"exciting", r"real hope", r"hope to millions",
        r"cornerstone", r"life[- ]changing", r"cutting[- ]edge", r"new era", r"holy grail",
        r"(?:great|significant|enormous|tremendous|immense) promise", r"paradigm shift",
        r"major step forward", r"cure[- ]all", r"magic bullet", r"fountain of youth",
        r"stunning", r"astonishing", r"amazing", r"incredible", r"extraordinary", r"wonder drugs?",
        r"major (?:advance|leap)", r"huge (?:step|leap|advance)", r"giant leap",
        r"landmark (?:study|trial|research|paper|finding|discovery)"),
    CueKind.advice: _words(
        r"should", r"recommend(?:s|ed)?", r"must", r"it is (?:important|worthwhile|necessary|essential)",
        r"implications? for", r"feasible", r"advis\w+", r"consider(?:ed)? (?:as|for)"),
    CueKind.need: _words(
        r"(?:is|are|will be|will now be|remain) (?:still )?(?:needed|required|warranted|necessary|essential|wanted)",
        r"needs? (?:to be|further)", r"further (?:research|studies|study|trials|investigation|work)",
        r"future (?:research|studies|trials|work)", r"more (?:research|studies|trials|evidence)",
        r"should be (?:investigated|explored|studied|evaluated|confirmed|examined)",
        r"(?:larger|large-scale|long-term|well-designed|randomi[sz]ed) (?:\w+ )?(?:studies|trials)"
        r" (?:are|will be|is) (?:needed|required|warranted|essential)",
        r"remains? (?:unclear|unknown|to be (?:determined|established|seen|elucidated))", r"warrant\w*",
        r"needs? (?:to|for)", r"requires?", r"merits?"),
    CueKind.comparative: _words(
        r"(?:faster|slower|better|worse|greater|stronger|longer[- ]lasting|safer|superior|inferior)"
        r"(?: than)?(?! (?:understand|define|characteri[sz]e|explain|identify|assess|predict))",
        r"more (?:effective|efficacious|meaningful|durable|beneficial) (?:than)?",
        r"less (?:effective|toxic|invasive) than", r"compared (?:to|with)", r"in comparison (?:to|with)",
        r"outperform\w*", r"(?:higher|lower) (?:\w+ ){0,2}(?:rates?|scores?|levels?) than",
        r"versus", r"vs\.?", r"over (?:traditional|conventional|standard|existing)",
        r"sets? (?:it|them) apart"),
    CueKind.safety: _words(
        r"safe", r"safety", r"safer", r"well[- ]tolerated", r"tolerab\w+", r"side[- ]effects?",
        r"adverse (?:events?|effects?|reactions?)", r"complications?", r"toxicit\w+", r"harm(?:s|ful)?",
        r"risks?"),
    CueKind.safety_absolute: _words(
        r"(?:is|are|was|were|be|been|proven|proved|confirmed|completely|totally|entirely|perfectly)"
        r" (?:to be )?(?:well[- ]tolerated and )?safe", r"confirm(?:s|ed)? (?:its|their|the) safety",
        r"(?:proven|proved|shown|established|demonstrated) (?:to be )?(?:well[- ]tolerated|safe)",
        r"no (?:serious |major )?side[- ]effects?", r"risk[- ]free", r"without (?:any )?(?:side[- ]effects|risks?)",
        r"well[- ]tolerated (?:and|with) (?:no|zero) (?:adverse|side)[- ](?:effects?|reactions?)",
        r"(?:completely|totally) safe", r"100% safe", r"zero (?:side[- ]effects|risk)",
        r"(?:none|no one|nobody|not one)(?: of (?:the|them|those))?(?: \w+){0,3}"
        r" (?:suffered|had|experienced|reported|developed|showed) (?:any )?(?:serious |major |significant )?"
        r"(?:side[- ]effects?|adverse (?:events?|effects?|reactions?)|complications?|harms?)"),
}

# "In this review, Hetta et al. summarize ...": a description of the source, not a claim.
_DESCRIBES_SOURCE = re.compile(
    r"^(?:(?:in|as part of) this (?:review|study|analysis|meta-analysis),?\s*)?(?:[A-Z][\w'’\-]+ et al\.?"
    r"|the authors?|this (?:review|study|paper)|the (?:review|study|paper))\s+(?:also\s+)?"
    r"(?:summari[sz]e|explore|examine|discuss|describe|highlight|analy[sz]e|assess|review|evaluate"
    r"|investigate|outline|consider)s?\b", re.I)

STRENGTH_NAMES = {0: "no claim", 1: "hedged", 2: "qualified/associational", 3: "definitive"}
# Causal-language ladder position of each strength (see the module docstring).
CAUSAL_RANK = {0: 0, 2: 1, 1: 2, 3: 3}
# The model predicts on Yu et al.'s scale (1 correlational, 2 conditional causal); ours swaps them.
YU_TO_OURS = {0: 0, 1: 2, 2: 1, 3: 3}
DECIDING_SHOWN = 5
PEOPLE_WINDOW = 200  # characters before a booster searched for the people word (five words)
Verdict = Literal["same", "exaggerates", "downplays"]

_MODAL = re.compile(r"\b(?:may|might|could)\b", re.I)
_NUMBER_WITH_UNIT = re.compile(r"\d+(?:\.\d+)?\s?(?:%|per\s?cent\b)", re.I)
_NEGATED_BEFORE = re.compile(r"\b(?:not|no|never|nor|fail(?:s|ed)?\s+to|unable\s+to|cannot|can't|didn't|doesn't|don't)"
                             r"\s+(?:\w+\s+){0,2}$", re.I)
_REPORTED_BY_A_STUDY = re.compile(
    r"\b(?:stud(?:y|ies)|trials?|research|researchers|scientists|review|analysis|data|experts)\s+(?:\w+\s+)?"
    r"(?:finds?|found|shows?|showed|says?|said|suggests?|reveals?|revealed|confirms?|confirmed|reports?|reported)\b",
    re.I)


# "patients demonstrated improvement": the verb means "showed", it does not boost a claim.
_PEOPLE_BEFORE = re.compile(r"\b(?:patients|sufferers|participants|subjects|individuals|groups?|children"
                            r"|adults|women|men|mice|rats|animals)\s+(?:[\w’'-]+\s+){0,4}$", re.I)


# Every kind's pattern in one compiled pass. At each word start, one lookahead a kind captures
# what that kind's own pattern would match there (the same alternatives, tried in the same order);
# the final conditional refuses a position where no kind matches, so only cue starts come back.
# Per kind, a match is kept only if it starts at or after the end of the last one kept: the
# non-overlapping, left-to-right matches of `PATTERNS[kind].finditer`, for all kinds in one scan.
# The lexicon is lower case, so a sentence whose lower case keeps every offset, and none of whose
# other characters a case-blind pattern reads as an ASCII letter (the Kelvin sign is a "k"), is
# matched lower-cased with a case-sensitive pattern: the same matches, three times faster (a
# case-blind literal cannot be skipped on its first character). Other sentences take the
# case-blind pattern.
_WORD_START = r"(?<![\w-])"
_ASCII_LETTER = re.compile(r"[a-z]", re.IGNORECASE)


def _one_pass(patterns: dict[CueKind, re.Pattern[str]], flags: int) -> re.Pattern[str]:
    lookaheads, refuse_none = [], "(?!)"
    for kind, pattern in patterns.items():
        # (the flags as given: reading `flags` would compile each kind's pattern, unused here)
        assert pattern.pattern.startswith(_WORD_START) and re.given_flags(pattern) & re.IGNORECASE
        assert not re.search(r"(?<!\\)[A-Z]", pattern.pattern)  # no upper-case literal
        lookaheads.append(f"(?:(?=(?P<{kind.name}>{pattern.pattern[len(_WORD_START):]})))?")
        refuse_none = f"(?({kind.name})|{refuse_none})"
    return re.compile(_WORD_START + "".join(lookaheads) + refuse_none, flags)


@cache  # compiled on first use: start-up (verifier --version, an empty run) does not pay for it
def _all_cues(case_blind: bool) -> re.Pattern[str]:
    """The one-pass pattern: case-blind, or case-sensitive for lower-cased sentences."""
    return _one_pass(PATTERNS, re.IGNORECASE if case_blind else 0)


_KINDS = tuple(PATTERNS)


def lowers_safely(sentence: str, lowered: str) -> bool:
    """May a case-blind pattern of lower-case ASCII words be run, case-sensitive, on `lowered`
    (`sentence.lower()`) instead, with the same matches at the same offsets?"""
    if sentence.isascii() or not re.folds_apart(sentence):
        return True  # (one C pass; the test below looks at each distinct character)
    return len(lowered) == len(sentence) and not any(
        _ASCII_LETTER.match(c) for c in set(sentence) if not c.isascii())


def find_cues(sentence: str) -> list[Cue]:
    """Every cue in the sentence, in reading order; a span claimed by a longer cue of the same
    kind is not reported twice."""
    return list(_cues(sentence))


@memo.kept  # a pure function of the sentence (verifier/memo.py)
def _cues(sentence: str) -> tuple[Cue, ...]:
    lowered = sentence.lower()
    safely = lowers_safely(sentence, lowered)
    pattern = _all_cues(not safely)
    groups = [(at, kind, pattern.groupindex[kind.name]) for at, kind in enumerate(_KINDS)]
    by_kind: list[list[Cue]] = [[] for _ in _KINDS]
    reached = [0] * len(_KINDS)
    for match in pattern.finditer(lowered if safely else sentence):
        spans = match.regs  # (start, end) of every group, (-1, -1) where its kind did not match
        for at, kind, group in groups:
            start, end = spans[group]
            if start < reached[at]:  # also every -1: no match of this kind here
                continue
            reached[at] = end
            if kind == CueKind.booster and _people_before(sentence, start):
                continue
            by_kind[at].append(Cue(kind=kind, text=sentence[start:end], start=start, end=end))
    cues = [cue for found in by_kind for cue in found]
    cues.sort(key=lambda c: (c.start, -c.end))
    return tuple(_drop_contained(cues))


def find_cues_by_kind(sentence: str) -> list[Cue]:
    """`find_cues` as it was, one `finditer` a kind: the reference the one-pass matcher is
    tested against (tests/test_claim_language.py)."""
    cues: list[Cue] = []
    for kind, pattern in PATTERNS.items():
        for match in pattern.finditer(sentence):
            if kind == CueKind.booster and _people_before(sentence, match.start()):
                continue
            cues.append(Cue(kind=kind, text=match.group(0), start=match.start(), end=match.end()))
    cues.sort(key=lambda c: (c.start, -c.end))
    return _drop_contained(cues)


def _people_before(sentence: str, at: int) -> bool:
    """"patients demonstrated": a people word at most five words back (read in a window, so a
    long sentence is not rescanned from its start for every cue)."""
    return bool(_PEOPLE_BEFORE.search(sentence, max(at - PEOPLE_WINDOW, 0), at))


def _drop_contained(cues: list[Cue]) -> list[Cue]:
    """Drop a cue inside a longer one of its kind, and the "likely" of "more likely" or the
    "risk" of "risk factor": words an associational phrase has already accounted for.

    One pass over the cues in (start, -end) order: every earlier cue starts at or before this
    one, so a cue is covered when the furthest-reaching earlier cue of its kind (or an
    associational one) ends after it, or ends with it having started before it."""
    kept: list[Cue] = []
    reach: dict[CueKind, tuple[int, int]] = {}  # kind -> (furthest end so far, earliest start reaching it)
    for cue in cues:
        if not any(_reaches_over(reach.get(kind), cue) for kind in {cue.kind, CueKind.associational}):
            kept.append(cue)
        if cue.end > reach.get(cue.kind, (-1, 0))[0]:
            reach[cue.kind] = (cue.end, cue.start)
    return kept


def _reaches_over(reach: tuple[int, int] | None, cue: Cue) -> bool:
    if reach is None:
        return False
    end, start = reach
    return end > cue.end or (end == cue.end and start < cue.start)


def lexicon_strength(sentence: str, cues: Iterable[Cue]) -> int:
    """Strength 0-3 from the cues alone, following the scale in the module docstring."""
    if _DESCRIBES_SOURCE.search(sentence):
        return 0
    cues = list(cues)
    first_need = min((c.start for c in cues if c.kind == CueKind.need), default=None)
    kinds = {c.kind for c in cues if not _inside_need(c, first_need)}
    relation = kinds & {CueKind.causal, CueKind.effect, CueKind.associational,
                        CueKind.comparative, CueKind.safety_absolute}
    if CueKind.need in kinds:
        return 0
    if not relation:
        if kinds & {CueKind.hedge} and _MODAL.search(sentence) and CueKind.advice not in kinds:
            return 1
        return _safety_only(kinds)
    if CueKind.associational in kinds:
        return 2
    if CueKind.advice in kinds and not kinds & {CueKind.booster, CueKind.causal}:
        return 0
    if CueKind.hedge in kinds:
        return 1
    definitive = kinds & {CueKind.causal, CueKind.booster, CueKind.safety_absolute}
    if definitive:
        return 3
    if CueKind.qualifier in kinds or _NUMBER_WITH_UNIT.search(sentence):
        return 2
    return 3


def _safety_only(kinds: set[CueKind]) -> int:
    """"No serious adverse events were reported" is a qualified safety finding; "safety is a
    critical consideration" asserts nothing."""
    if CueKind.safety not in kinds:
        return 0
    if CueKind.hedge in kinds:
        return 1
    return 2 if CueKind.qualifier in kinds else 0


def _inside_need(cue: Cue, first_need: int | None) -> bool:
    """Words inside a "further studies are needed to confirm ..." clause do not assert anything."""
    return cue.kind != CueKind.need and first_need is not None and first_need <= cue.start


def strength_from_cues(sentence: str, cues: Iterable[Cue]) -> int:
    """Strength 0-3 of the sentence, given its cues (see `strength_with_reasons`)."""
    return strength_with_reasons(sentence, list(cues))[0]


def strength_with_reasons(sentence: str, cues: list[Cue]) -> tuple[int, list[Cue]]:
    """Strength 0-3 and the `deciding` cues that explain it, strongest first.

    The shipped linear model (strength_model.py) reads the words, the cue kinds and the lexicon's
    own strength, and decides the kind of relation on Yu et al.'s scale. Where our scale says
    more than Yu's, a named rule of SCALE_RULES decides instead and is listed first. A sentence
    the lexicon reads as describing its source or asking for more research stays 0. The answer
    depends on the sentence and its cues alone, so it is kept for recent ones."""
    level, deciding = _strength(sentence, tuple(cues))
    return level, list(deciding)


@memo.kept
def _strength(sentence: str, cue_tuple: tuple[Cue, ...]) -> tuple[int, tuple[Cue, ...]]:
    level, deciding = _strength_of(sentence, list(cue_tuple))
    return level, tuple(deciding)


def _strength_of(sentence: str, cues: list[Cue]) -> tuple[int, list[Cue]]:
    lexicon = lexicon_strength(sentence, cues)
    if lexicon == 0 and _states_no_claim(sentence, cues):
        return 0, [Cue(CueKind.deciding, "cue rules: no claim", 0, 0)]
    prediction = shipped_model().predict_raw(raw_features(sentence, cues, lexicon), top=DECIDING_SHOWN)
    level = YU_TO_OURS[prediction.label]
    deciding = [_deciding_cue(c) for c in prediction.contributions]
    for rule in SCALE_RULES:
        cue = rule.applies(sentence, cues, level, lexicon)
        if cue is not None:
            return rule.level(lexicon), [Cue(CueKind.deciding, f"{rule.name}: {cue.text}", cue.start, cue.end),
                                         *deciding]
    return level, deciding


@dataclass(frozen=True, slots=True)
class ScaleRule:
    """Where our strength scale says more than Yu et al.'s (which rates relations only)."""

    name: str
    model_level: int  # the model's level (our scale) the rule corrects
    kinds: frozenset[CueKind]  # a cue of one of these kinds must be present
    to_level: int | None  # None: the lexicon's own level
    lexicon_levels: frozenset[int] = frozenset({1, 2, 3})
    needs_figure: bool = False
    needs: re.Pattern[str] | None = None  # wording the sentence must hold besides the cue

    def applies(self, sentence: str, cues: list[Cue], level: int, lexicon: int) -> Cue | None:
        if level != self.model_level or lexicon not in self.lexicon_levels:
            return None
        if self.needs_figure and not _NUMBER_WITH_UNIT.search(sentence):
            return None
        if self.needs is not None and not self.needs.search(sentence):
            return None
        found = next((c for c in cues if c.kind in self.kinds), None)
        if found is not None and self.needs is not None and _NEGATED_BEFORE.search(sentence, 0, found.start):
            return None  # "fail to slash cancer deaths, trial finds": a null result reported
        return found

    def level(self, lexicon: int) -> int:
        return lexicon if self.to_level is None else self.to_level


SCALE_RULES = (
    # "has proven to be well tolerated and safe": a safety statement, not a relation between two
    # variables, so Yu's scale calls it none; ours rates it as the lexicon does.
    ScaleRule("safety statement", 0, frozenset({CueKind.safety, CueKind.safety_absolute}), None),
    # "studies suggest that X influences Y", "has the potential to": DESIGN.md's scale calls these
    # hedged where Yu et al. label "suggest that X causes Y" direct causal; the lexicon's hedge wins.
    ScaleRule("hedged", 3, frozenset({CueKind.hedge}), 1, frozenset({1})),
    # "Zinc shortened colds by two days in this trial": an effect stated of the study itself is a
    # finding on our scale even where the model, trained on conclusions, reads no relation.
    ScaleRule("effect stated of this study", 0, frozenset({CueKind.qualifier}), None, frozenset({2})),
    # "40% of patients experienced improvements": a finding reported with its own figures.
    ScaleRule("figures of this study", 3, frozenset({CueKind.qualifier, CueKind.effect}), 2, frozenset({2}),
              needs_figure=True),
    # "Vitamin D pills cut cancer deaths, trial finds": news reports a relation with its source; the
    # model, trained on conclusions where "this trial found" often opens a description, reads none.
    ScaleRule("relation reported from a study", 0, frozenset({CueKind.causal}), None, needs=_REPORTED_BY_A_STUDY),
)


def _states_no_claim(sentence: str, cues: list[Cue]) -> bool:
    return bool(_DESCRIBES_SOURCE.search(sentence)) or any(c.kind == CueKind.need for c in cues)


def _deciding_cue(contribution: Contribution) -> Cue:
    feature = contribution.feature
    kind, _, value = feature.name.partition(":")
    if kind == "lexicon":
        text = f"cue rules: {STRENGTH_NAMES[int(value)]}"
    elif kind == "cue":
        text = f"{feature.text} ({value})"
    else:
        text = feature.text
    return Cue(CueKind.deciding, text, feature.start, feature.end)


def strength(sentence: str) -> tuple[int, list[Cue]]:
    """Strength 0-3 and the cues: the lexicon's, in reading order, then the `deciding` ones."""
    cues = find_cues(sentence)
    level, deciding = strength_with_reasons(sentence, cues)
    return level, cues + deciding


def compare(claim: str, source: str) -> Verdict:
    """Does the claim say more than the source sentence, the same, or less?"""
    claim_rank = CAUSAL_RANK[strength(claim)[0]]
    source_rank = CAUSAL_RANK[strength(source)[0]]
    if claim_rank > source_rank:
        return "exaggerates"
    if claim_rank < source_rank:
        return "downplays"
    return "same"
