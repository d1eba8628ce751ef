"""S2xx: each claim against the design of the study it rests on, and against the study's words.

Every message names the claim's wording, the study, and the design facts that limit it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from verifier.checks.normalise import fold
from verifier.checks.registry import RULES, rule, run_family
from verifier.claims import condition_terms, find_numbers, stem
from verifier.language import STRENGTH_NAMES, CueKind
from verifier.models import (
    AbstractSection,
    Claim,
    ClaimKind,
    Confidence,
    DesignType,
    Finding,
    NumberMention,
    Population,
    Record,
    Severity,
    StudyDesign,
)

WARNING, INFO = Severity.warning, Severity.info
# The strongest wording each CEBM level supports, after GRADE's ladder: high certainty "results
# in" (3); moderate "likely" and low "may" (2 for a qualified, study-specific statement);
# very low "very uncertain" (1, hedged).
MAX_STRENGTH = {1: 3, 2: 3, 3: 2, 4: 2, 5: 1}
GRADE_WORDING = {3: '"results in" / "reduces"', 2: '"was associated with", "improved in this study"',
                 1: '"may" / "might"'}
SMALL_SAMPLE = 300
NEAR_MISS = 0.3  # a figure within 30% of a record figure sharing its words "differs"
BENEFIT_KINDS = (ClaimKind.efficacy, ClaimKind.comparative, ClaimKind.safety, ClaimKind.statistic)
STRENGTH_KINDS = (ClaimKind.efficacy, ClaimKind.comparative, ClaimKind.statistic)
PRECLINICAL = (DesignType.preclinical_animal, DesignType.in_vitro)
NOT_EVIDENCE = (DesignType.narrative_review, DesignType.opinion)  # judged by S201, not S203
OBSERVATIONAL = (DesignType.cohort, DesignType.case_control, DesignType.cross_sectional)
_OUTCOME = re.compile(r"\b(?:relief|outcomes?|effective\w*|efficacy|efficacious|improv\w+|symptoms?"
                      r"|function|pain|recovery|response|remission|survival|results?|healing)\b", re.I)
SPECIFIC = ("S202", "S203", "S204", "S205", "S206")


@dataclass(frozen=True)
class ClaimContext:
    claim: Claim
    citation_id: str | None
    label: str  # "Zhang P 2023"
    design: StudyDesign | None
    record: Record | None
    small_sample: int = SMALL_SAMPLE

    @property
    def about_benefit_in_people(self) -> bool:
        return (self.claim.topical and self.claim.kind in BENEFIT_KINDS
                and self.claim.population in (Population.human, Population.unspecified))

    def cue(self, *kinds: CueKind) -> str | None:
        texts = self.claim.cue_texts(*(k.value for k in kinds))
        return texts[0] if texts else None


def finding(code: str, ctx: ClaimContext, message: str, *, severity: Severity | None = None,
            expected: str | None = None, found: str | None = None,
            confidence: Confidence | None = None) -> Finding:
    spec = RULES[code]
    if confidence is None and ctx.design is not None and ctx.design.basis == "article":
        confidence = Confidence.low  # the design is only as the article describes it
    return Finding(code=code, name=spec.name, severity=severity or spec.severity,
                   confidence=confidence or spec.confidence, message=message,
                   citation_id=ctx.citation_id, claim_id=ctx.claim.id, field="claim",
                   expected=expected, found=found, span=ctx.claim.span)


def _quote(text: str, limit: int = 90) -> str:
    return f'"{text}"' if len(text) <= limit else f'"{text[:limit - 1]}…"'


def _design_note(ctx: ClaimContext) -> str:
    assert ctx.design is not None
    return f"{ctx.label} is a {ctx.design.describe()}"


@rule("S201", "strength-above-evidence", WARNING,
      "The claim's wording is stronger than the cited design's evidence level supports.",
      Confidence.medium)
def strength_above_evidence(ctx: ClaimContext) -> Iterator[Finding]:
    """One decision table, strength x CEBM level (MAX_STRENGTH), after GRADE's wording ladder:
    only high-certainty evidence says "results in"; low-certainty evidence says "may". Claims
    about animals or cells, and mechanism statements, are left to other rules."""
    design, claim = ctx.design, ctx.claim
    if design is None or design.evidence_level is None or not ctx.about_benefit_in_people:
        return
    if claim.kind not in STRENGTH_KINDS:
        return
    allowed = MAX_STRENGTH[design.evidence_level]
    if claim.strength <= allowed:
        return
    gap = claim.strength - allowed
    yield finding("S201", ctx,
                  f"{_quote(claim.text)} is worded as {STRENGTH_NAMES[claim.strength]} (strength "
                  f"{claim.strength}); {_design_note(ctx)}, which supports at most "
                  f"{GRADE_WORDING[allowed]}",
                  severity=WARNING if gap >= 2 else INFO,
                  expected=f"strength <= {allowed}", found=f"strength {claim.strength}")


@rule("S202", "preclinical-to-human", WARNING,
      "Human benefit is claimed from animal or in vitro evidence.")
def preclinical_to_human(ctx: ClaimContext) -> Iterator[Finding]:
    """Most treatments that work in animals or cells fail in people; animal work supports
    hypotheses about patients, not claims of benefit to them."""
    design, claim = ctx.design, ctx.claim
    if design is None or claim.strength < 2 or not ctx.about_benefit_in_people:
        return
    if design.type in PRECLINICAL or design.population in (Population.animal, Population.in_vitro):
        yield finding("S202", ctx, f"{_quote(claim.text)} claims benefit in people; "
                      f"{_design_note(ctx)}", expected="a claim about animals or cells",
                      found=f"population {claim.population.value}")


@rule("S203", "causal-from-uncontrolled", WARNING,
      "A causal claim rests on observational or uncontrolled evidence.")
def causal_from_uncontrolled(ctx: ClaimContext) -> Iterator[Finding]:
    """Without a concurrent control group, improvement after treatment cannot be told apart from
    natural course, regression to the mean and placebo response; observational data cannot
    exclude confounding. Such evidence supports "was associated with", not "causes"."""
    design, claim = ctx.design, ctx.claim
    if design is None or claim.kind != ClaimKind.efficacy or not ctx.about_benefit_in_people:
        return
    causal = ctx.cue(CueKind.causal)
    uncontrolled = design.controlled is False or design.type in OBSERVATIONAL
    primary_evidence = design.type not in (*PRECLINICAL, *NOT_EVIDENCE)
    if claim.strength == 3 and causal and uncontrolled and primary_evidence:
        yield finding("S203", ctx, f'"{causal}": {_quote(claim.text)} asserts cause and effect; '
                      f"{_design_note(ctx)}", expected="associational or hedged wording",
                      found=causal)


@rule("S204", "comparative-without-comparison", WARNING,
      "An advantage over another treatment is claimed from a design with no comparison.")
def comparative_without_comparison(ctx: ClaimContext) -> Iterator[Finding]:
    """"Faster", "better than", "more effective than" need a comparison inside one study, ideally
    randomised. Pooled single-arm proportions, subgroups of different uncontrolled studies, or
    a qualitative review cannot rank one treatment above another."""
    design, claim = ctx.design, ctx.claim
    if design is None or claim.kind != ClaimKind.comparative or not ctx.about_benefit_in_people:
        return
    if claim.strength == 3 and design.controlled is False and _OUTCOME.search(claim.text):
        cue = ctx.cue(CueKind.comparative) or "comparison"
        yield finding("S204", ctx, f'"{cue}": {_quote(claim.text)} claims an advantage; '
                      f"{_design_note(ctx)}, with no comparison group to support it",
                      expected="a controlled comparison", found=cue)


@rule("S205", "safety-generalised", WARNING,
      "Safety is generalised (\"safe\", \"no side effects\") from a small or uncontrolled sample.")
def safety_generalised(ctx: ClaimContext) -> Iterator[Finding]:
    """Absence of serious harm in a few hundred people, or in uncontrolled series, cannot
    establish safety: a 1-in-100 harm is missed in a sample of 300 about as often as not
    (rule of three), and without controls harms cannot be attributed either way."""
    design = ctx.design
    cue = ctx.cue(CueKind.safety_absolute)
    if design is None or cue is None:
        return
    small = design.n is not None and design.n_unit == "participants" and design.n < ctx.small_sample
    weak = design.controlled is False or (design.evidence_level or 0) >= 4
    if small or weak:
        yield finding("S205", ctx, f'"{cue}": {_quote(ctx.claim.text)} generalises safety; '
                      f"{_design_note(ctx)}", expected="safety reported as observed in the study",
                      found=cue)


@rule("S206", "certainty-upgraded", WARNING,
      "The claim states as certain what the study's authors concluded with hedging.",
      Confidence.medium)
def certainty_upgraded(ctx: ClaimContext) -> Iterator[Finding]:
    """When the authors themselves wrote "may" or "potential", a summary that says "does" or
    "has been shown" misreports the source, whatever the design."""
    design, claim = ctx.design, ctx.claim
    if design is None or design.conclusion_strength != 1 or not design.conclusion:
        return
    presented_as_finding = claim.attribution or ctx.cue(CueKind.booster)
    if (claim.strength == 3 and claim.kind == ClaimKind.efficacy and ctx.about_benefit_in_people
            and presented_as_finding):
        yield finding("S206", ctx, f"{_quote(claim.text)} is definitive; the authors concluded: "
                      f"{_quote(design.conclusion, 160)}", expected="hedged, as the source",
                      found=f"strength {claim.strength}")


@rule("S207", "number-differs", WARNING,
      "A figure attributed to the study differs from the record's figure for the same measure.",
      Confidence.medium)
def number_differs(ctx: ClaimContext) -> Iterator[Finding]:
    """A figure close to, but outside the printed precision of, a figure the abstract gives for
    the same outcome (sharing its words) has been misread or mistyped."""
    for number, verdict, source in _number_verdicts(ctx):
        if verdict == "differs" and source is not None:
            yield finding("S207", ctx, f"{number.text}: the record gives {source.text} for this "
                          f"({', '.join(source.context[:4])})", expected=source.text, found=number.text)


@rule("S208", "number-unverifiable", INFO,
      "A figure attributed to the study is not in the record's abstract.")
def number_unverifiable(ctx: ClaimContext) -> Iterator[Finding]:
    """Figures the abstract does not give may come from the full text, or from nowhere; they are
    reported as unverifiable, never as wrong."""
    missing = [number.text for number, verdict, _ in _number_verdicts(ctx) if verdict == "missing"]
    if missing:
        yield finding("S208", ctx, f"{', '.join(missing)} in {_quote(ctx.claim.text, 70)} not found "
                      f"in the abstract of {ctx.label}; check the full text",
                      found=", ".join(missing))


@rule("S209", "hype-on-weak-evidence", WARNING,
      "Hype terms (\"transformative\", \"breakthrough\") rest on weak evidence.")
def hype_on_weak_evidence(ctx: ClaimContext) -> Iterator[Finding]:
    """Promotional words tell readers a question is settled; on level 4-5 evidence (uncontrolled
    pilots, reviews, animal work) it is not."""
    design, hype = ctx.design, ctx.cue(CueKind.hype)
    if design is None or hype is None or (design.evidence_level or 0) < 4:
        return
    yield finding("S209", ctx, f'"{hype}" in {_quote(ctx.claim.text)}; {_design_note(ctx)}',
                  expected="wording that reflects the evidence", found=hype)


@rule("S210", "claim-uncited", INFO, "A claim of a finding or benefit cites no study.",
      Confidence.medium)
def claim_uncited(ctx: ClaimContext) -> Iterator[Finding]:
    """Readers cannot check a claim that names no source; it is listed so an editor can add one."""
    claim = ctx.claim
    rests_on_something = bool(claim.citation_ids or claim.linked_by)  # linked_by: ties with no reference
    if not rests_on_something and claim.strength >= 2 and claim.kind != ClaimKind.mechanism:
        yield finding("S210", ctx, f"{_quote(claim.text)} cites no study")


@rule("S211", "claim-off-topic", WARNING,
      "The claim is about a condition the cited record does not study.", Confidence.low)
def claim_off_topic(ctx: ClaimContext) -> Iterator[Finding]:
    """A citation attached to a claim about another disease does not support it, however good
    the study; seen when a section reuses a source for a neighbouring condition."""
    record, claim = ctx.record, ctx.claim
    if record is None or not record.abstract or claim.strength < 2 or not claim.topical:
        return
    claimed = condition_terms(claim.text)
    studied = condition_terms(record.title)
    source_words = {stem(w) for w in fold(" ".join([record.title, *(s.text for s in record.abstract),
                                                  *record.mesh_headings])).split()}
    if claimed and studied and not claimed & source_words:
        yield finding("S211", ctx, f"{_quote(claim.text)} is about "
                      f"{', '.join(sorted(claimed))}; {ctx.label} studies {record.title}",
                      expected=record.title)


def _number_verdicts(ctx: ClaimContext) -> list[tuple[NumberMention, str, NumberMention | None]]:
    """For each percentage in the claim: matched, differs (with the record's figure) or missing."""
    record = ctx.record
    if record is None or not record.abstract:
        return []
    source = _abstract_percentages(record.abstract)
    verdicts = []
    for number in (n for n in ctx.claim.numbers if n.unit == "%"):
        verdicts.append(_verdict(number, source))
    return verdicts


@lru_cache(maxsize=1024)
def _abstract_percentages(abstract: tuple[AbstractSection, ...]) -> tuple[NumberMention, ...]:
    """The abstract's percentages, found once per record, not once per claim citing it."""
    return tuple(n for section in abstract for n in find_numbers(section.text) if n.unit == "%")


def _verdict(number: NumberMention, source: tuple[NumberMention, ...]
             ) -> tuple[NumberMention, str, NumberMention | None]:
    words = set(number.context)
    for candidate in source:
        if abs(candidate.value - number.value) <= number.tolerance + 1e-9 and (
                not words or words & set(candidate.context)):
            return number, "matched", candidate
    for candidate in source:
        near = abs(candidate.value - number.value) <= NEAR_MISS * max(candidate.value, 1e-9)
        if near and words & set(candidate.context):
            return number, "differs", candidate
    return number, "missing", None


def check_claim(ctx: ClaimContext) -> list[Finding]:
    """Every S2xx rule; a specific overstatement rule, when it fires, replaces S201's general one."""
    found = run_family("S", ctx, ctx.claim.span, citation_id=ctx.citation_id, claim_id=ctx.claim.id)
    if any(f.code in SPECIFIC for f in found):
        found = [f for f in found if f.code != "S201"]
    return found
