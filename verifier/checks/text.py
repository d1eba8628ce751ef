"""T3xx: the article's own text: machine-spun wording and promotional page context."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from verifier import lazyre as re  # re, compiled on first use, with a literal pre-test (verifier/lazyre.py)
from verifier import memo
from verifier.checks.registry import RULES, rule, run_family
from verifier.ingest import CALL_TO_ACTION, position
from verifier.language import lowers_safely
from verifier.memo import cached_property
from verifier.models import Article, Confidence, Finding, Severity, Span

SPUN_ARTICLE_AT = 3
CORROBORATED_BY = 2
CTA_LINE_MAX_WORDS = 16

# Our own lexicon of medical "tortured phrases": synonym-spinning tools swap words one by one,
# so fixed terms come out as phrases no clinician writes. Written from the seeds and from the
# substitutions such tools make; each maps to the wording a medical text would use.
TORTURED: dict[str, str] = {
    "umbilical twine": "umbilical cord",
    "dry eye illness": "dry eye disease",
    "primary-in-human": "first-in-human",
    "opposed occasions": "adverse events",
    "opposed results": "adverse effects",
    "unwanted side results": "side effects",
    "ocular floor": "ocular surface",
    "tear meniscus top": "tear meniscus height",
    "tear manufacturing": "tear production",
    "tear movie": "tear film",
    "randomised managed trials": "randomised controlled trials",
    "randomized managed trials": "randomized controlled trials",
    "pattern measurement": "sample size",
    "pattern dimension": "sample size",
    "organic mechanisms": "biological mechanisms",
    "schirmer i check": "Schirmer I test",
    "twice day by day": "twice daily",
    "persistent ocular situations": "chronic ocular conditions",
    "vital enhancements": "significant improvements",
    "scientific efficacy": "clinical efficacy",
    "evaluated the security": "evaluated the safety",
    "mesenchymal stem cell eye drops remedy": "mesenchymal stem cell eye drops therapy",
    "bosom malignancy": "breast cancer",
    "bosom disease": "breast cancer",
    "kidney disappointment": "kidney failure",
    "renal disappointment": "renal failure",
    "heart assault": "heart attack",
    "coronary failure": "heart failure",
    "circulatory strain": "blood pressure",
    "pulse strain": "blood pressure",
    "lung malignant growth": "lung cancer",
    "malignant growth cells": "cancer cells",
    "immune framework": "immune system",
    "resistant framework": "immune system",
    "focal sensory system": "central nervous system",
    "spinal string": "spinal cord",
    "undeveloped cells": "stem cells",
    "foundational microorganisms": "stem cells",
    "immature microorganisms": "stem cells",
    "bone marrow-inferred": "bone marrow-derived",
    "clinical preliminaries": "clinical trials",
    "randomized preliminaries": "randomized trials",
    "irritation pushed by": "inflammation driven by",
    "provocative cytokines": "inflammatory cytokines",
    "fiery cytokines": "inflammatory cytokines",
    "aggravation markers": "inflammation markers",
    "blood glucose level stage": "blood glucose level",
    "diabetes mellitus sort 2": "type 2 diabetes mellitus",
    "sort 2 diabetes": "type 2 diabetes",
    "hazard factors": "risk factors",
    "mortality charge": "mortality rate",
    "demise charge": "death rate",
    # word-by-word "article rewriters": each swap is an ordinary word, so only the phrase it
    # leaves in a medical sentence is listed ("most cancers" alone is plain English); the ones
    # a health page may also write on its own are in CORROBORATING below
    "breast most cancers": "breast cancer",
    "lung most cancers": "lung cancer",
    "prostate most cancers": "prostate cancer",
    "colon most cancers": "colon cancer",
    "pores and skin most cancers": "skin cancer",
    "most cancers cells": "cancer cells",
    "most cancers danger": "cancer risk",
    "most cancers sufferers": "cancer patients",
    "kinds of most cancers": "kinds of cancer",
    "forms of most cancers": "types of cancer",
    "sorts of most cancers": "types of cancer",
    "coronary heart illness": "heart disease",
    "coronary heart assault": "heart attack",
    "coronary heart fee": "heart rate",
    "alzheimer's illness": "Alzheimer's disease",
    "parkinson's illness": "Parkinson's disease",
    "cut back irritation": "reduce inflammation",
    "scale back irritation": "reduce inflammation",
    "cut back ache": "reduce pain",
    "scale back ache": "reduce pain",
    "cut back nervousness": "reduce anxiety",
    "scale back nervousness": "reduce anxiety",
    "insulin affectability": "insulin sensitivity",
    "wholesome consuming": "healthy eating",
    "wholesome weight loss plan": "healthy diet",
    "weight problems epidemic": "obesity epidemic",
    "weight problems charges": "obesity rates",
    "physique weight": "body weight",
    "physique fats": "body fat",
    "physique mass index": "body mass index",
    "well being advantages": "health benefits",
    "well being dangers": "health risks",
    "well being situations": "health conditions",
    "immune perform": "immune function",
    "cognitive perform": "cognitive function",
    "mind cells": "brain cells",
    "intestine well being": "gut health",
    "intestine micro organism": "gut bacteria",
    "placebo-managed": "placebo-controlled",
    "brand new examine": "new study",
    "the examine discovered": "the study found",
    "printed within the journal": "published in the journal",
    "revealed within the journal": "published in the journal",
    "research counsel": "research suggests",
    "facilities for illness management": "Centers for Disease Control",
    "meals and drug administration": "Food and Drug Administration",
    "world well being group": "World Health Organization",
    "nationwide institutes of well being": "National Institutes of Health",
    "grownup population": "adult population",
    "grownup inhabitants": "adult population",
    "american grownup": "American adult",
    # round-trip machine translation: a fixed term of trial design taken word by word
    "randomized controlled process": "randomized controlled trial",
    "randomised controlled process": "randomised controlled trial",
}
# What rewriters leave that is also ordinary English ("normal blood sugar ranges", "bodily
# exercise", "scientific trials", "sufferers"): counted only on a page that holds at least
# CORROBORATED_BY distinct phrases of TORTURED, where they add to its evidence; else no finding.
CORROBORATING: dict[str, str] = {
    "blood sugar ranges": "blood sugar levels",
    "ldl cholesterol ranges": "LDL cholesterol levels",
    "vitamin d ranges": "vitamin D levels",
    "blood stress": "blood pressure",
    "continual illness": "chronic disease",
    "continual irritation": "chronic inflammation",
    "hereditarily predisposed": "genetically predisposed",
    "childhood weight problems": "childhood obesity",
    "bodily exercise": "physical activity",
    "psychological well being": "mental health",
    "well being care": "health care",
    "well being issues": "health problems",
    "healthcare suppliers": "healthcare providers",
    "kidney perform": "kidney function",
    "liver perform": "liver function",
    "mind perform": "brain function",
    "mind well being": "brain health",
    "micro organism": "bacteria",
    "scientific trial": "clinical trial",
    "scientific trials": "clinical trials",
    "research recommend": "research suggests",
    "double blindness": "double-blind",
    # the same, among the earlier entries: a clinic writes "hay fever sufferers", "a disease
    # management group", "the sensory system"
    "sufferers": "patients",
    "potential pilot": "prospective pilot",
    "management group": "control group",
    "goal measures": "objective measures",
    "security profile": "safety profile",
    "sensory system": "nervous system",
    "danger factors": "risk factors",
    "continual ache": "chronic pain",
    "nervousness and despair": "anxiety and depression",
    "despair and nervousness": "depression and anxiety",
}
USUAL_WORDING = TORTURED | CORROBORATING
# (the phrases as a tree of shared prefixes: re.alternation, the same matches, about twice as fast)
_TORTURED_SOURCE = r"(?<![\w-])(" + re.alternation(sorted(USUAL_WORDING, key=len, reverse=True)) + r")(?![\w-])"
_TORTURED_RE = re.compile(_TORTURED_SOURCE, re.IGNORECASE)
# The phrases are lower case: on a text that lower-cases safely (language.lowers_safely) the
# case-sensitive pattern finds the same phrases in text.lower() several times faster.
_TORTURED_LOWER = re.compile(_TORTURED_SOURCE)
assert all(p == p.lower() and p.isascii() for p in USUAL_WORDING)
assert not set(TORTURED) & set(CORROBORATING)


@dataclass(frozen=True)
class ArticleContext:
    article: Article
    spun_article_at: int = SPUN_ARTICLE_AT

    @cached_property
    def tortured(self) -> dict[str, list[re.Match[str]]]:
        return tortured_phrases(self.article.text)


def _finding(code: str, message: str, span: Span | None, *, expected: str | None = None,
             found: str | None = None, severity: Severity | None = None) -> Finding:
    spec = RULES[code]
    return Finding(code=code, name=spec.name, severity=severity or spec.severity,
                   confidence=spec.confidence, message=message, field="text", expected=expected,
                   found=found, span=span)


def _span(article: Article, start: int, end: int) -> Span:
    line, column = position(article, start)
    return Span(start=start, end=end, line=line, column=column)


def tortured_phrases(text: str) -> dict[str, list[re.Match[str]]]:
    """Each distinct phrase found (lower case) with its occurrences; the CORROBORATING ones only
    beside CORROBORATED_BY distinct phrases of TORTURED."""
    found: dict[str, list[re.Match[str]]] = {}
    for match in _tortured_matches(text):
        found.setdefault(match.group(1).casefold(), []).append(match)
    if sum(phrase in TORTURED for phrase in found) >= CORROBORATED_BY:
        return found
    return {phrase: matches for phrase, matches in found.items() if phrase in TORTURED}


def _tortured_matches(text: str) -> list[re.Match[str]]:
    """`_TORTURED_RE.finditer(text)`: found in the lower-cased text when that is safe, each then
    matched again at its place in the text itself (the same match, with the text's own case)."""
    lowered = text.lower()
    if not lowers_safely(text, lowered):
        return list(_TORTURED_RE.finditer(text))
    matches = []
    for candidate in _TORTURED_LOWER.finditer(lowered):
        match = _TORTURED_RE.match(text, candidate.start())
        if match is None or match.end() != candidate.end():  # cannot happen; the plain path decides
            return list(_TORTURED_RE.finditer(text))
        matches.append(match)
    return matches


@rule("T301", "tortured-phrase", Severity.info,
      "A phrase typical of synonym-spinning software replaces a fixed medical term.")
def tortured_phrase(ctx: ArticleContext) -> Iterator[Finding]:
    """Spinning tools disguise copied text by swapping words for synonyms, turning "umbilical
    cord" into "umbilical twine". Each phrase is a sign the text was machine-rewritten, and that
    its facts were not checked by anyone who knows the field."""
    for phrase, matches in ctx.tortured.items():
        first = matches[0]
        times = f" ({len(matches)} times)" if len(matches) > 1 else ""
        beside = "" if phrase in TORTURED else " (counted beside the page's other tortured phrases)"
        yield _finding("T301", f'"{first.group(1)}"{times}: the usual wording is "{USUAL_WORDING[phrase]}"{beside}',
                       _span(ctx.article, first.start(), first.end()),
                       expected=USUAL_WORDING[phrase], found=first.group(1))


@rule("T302", "machine-spun-article", Severity.warning,
      f"{SPUN_ARTICLE_AT} or more distinct tortured phrases, {CORROBORATED_BY} of them no ordinary English: "
      "the article was machine-spun.")
def machine_spun(ctx: ArticleContext) -> Iterator[Finding]:
    """One odd phrase can be a translator's choice; several distinct ones in one article are the
    fingerprint of a paraphrasing tool run over someone else's text (Cabanac et al., 2021). A
    phrase ordinary English also writes ("sufferers", "bodily exercise") counts only beside two
    that it never writes, so a plain clinic page is not called spun."""
    found = ctx.tortured
    if len(found) >= ctx.spun_article_at:
        listed = ", ".join(f'"{m[0].group(1)}"' for m in found.values())
        yield _finding("T302", f"{len(found)} distinct tortured phrases: {listed}", None,
                       found=str(len(found)))


@rule("T303", "promotional-context", Severity.info,
      "The article sits in a sales page: calls to action or lead forms around it.", Confidence.medium)
def promotional_context(ctx: ArticleContext) -> Iterator[Finding]:
    """Health claims printed beside "request your free information packet" are advertising;
    editors and regulators read them with that in mind."""
    blocks = [b.text for b in ctx.article.set_apart if b.kind == "call_to_action"]
    blocks += [line.strip() for line in ctx.article.text.split("\n") if _calls_to_action(line)]
    if blocks:
        distinct = list(dict.fromkeys(blocks))
        shown = "; ".join(f'"{b[:60]}"' for b in distinct[:3])
        yield _finding("T303", f"{len(blocks)} calls to action ({len(distinct)} distinct), e.g. {shown}",
                       None, found=str(len(blocks)))


@memo.kept_short  # a pure function of the line (verifier/memo.py)
def _calls_to_action(line: str) -> bool:
    """A short line asking the reader to act ("Sign up for our newsletter")."""
    return len(line.split()) <= CTA_LINE_MAX_WORDS and CALL_TO_ACTION.search(line) is not None


def check_text(article: Article, spun_article_at: int = SPUN_ARTICLE_AT) -> list[Finding]:
    ctx = ArticleContext(article, spun_article_at)
    return run_family("T", ctx, None)
