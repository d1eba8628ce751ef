"""S2xx: each claim against the design of the study it rests on, and against the study's words.

Every message names the claim's wording, the study, and the design facts that limit it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from verifier import lazyre as re  # re, compiled on first use, with a literal pre-test (verifier/lazyre.py)
from verifier import memo
from verifier.checks.normalise import fold
from verifier.checks.registry import RULES, rule, run_family
from verifier.claim_words import body_words
from verifier.claims import GENERIC, condition_terms, find_numbers, stem
from verifier.language import STRENGTH_NAMES, CueKind
from verifier.memo import cached_property
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

ERROR, WARNING, INFO = Severity.error, Severity.warning, Severity.info
# The strongest wording each CEBM level supports, after GRADE's ladder: high certainty "results
# in" (3); moderate "likely" and low "may" (2 for a qualified, study-specific statement);
# very low "very uncertain" (1, hedged).
MAX_STRENGTH = {1: 3, 2: 3, 3: 2, 4: 2, 5: 1}
GRADE_WORDING = {3: '"results in" / "reduces"', 2: '"was associated with", "improved in this study"',
                 1: '"may" / "might"'}
SMALL_SAMPLE = 300
NEAR_MISS = 0.3  # a figure within 30% of a record figure sharing its words "differs"
BENEFIT_KINDS = (ClaimKind.efficacy, ClaimKind.comparative, ClaimKind.safety, ClaimKind.statistic,
                 ClaimKind.risk, ClaimKind.advice)
STRENGTH_KINDS = (ClaimKind.efficacy, ClaimKind.comparative, ClaimKind.statistic, ClaimKind.risk)
PRECLINICAL = (DesignType.preclinical_animal, DesignType.in_vitro)
NOT_EVIDENCE = (DesignType.narrative_review, DesignType.opinion)  # judged by S201, not S203
OBSERVATIONAL = (DesignType.cohort, DesignType.case_control, DesignType.cross_sectional)
NON_RANDOMISED = (*OBSERVATIONAL, DesignType.non_randomised_controlled)
_OUTCOME = re.compile(r"\b(?:relief|outcomes?|effective\w*|efficacy|efficacious|improv\w+|symptoms?"
                      r"|function|pain|recovery|response|remission|survival|results?|healing)\b", re.I)
SPECIFIC = ("S202", "S203", "S204", "S205", "S206", "S213", "S214", "S215", "S216", "S217", "S218")


@dataclass(frozen=True)
class ClaimContext:
    claim: Claim
    citation_id: str | None
    label: str  # "Zhang P 2023"
    design: StudyDesign | None
    record: Record | None
    small_sample: int = SMALL_SAMPLE
    title: str = ""  # the cited study's printed title, for claims whose design has no record

    @cached_property  # the rules ask it again and again of one frozen context
    def about_study(self) -> bool:
        """The claim names the cited study's subject: by the claim's own topic test, or by
        sharing two stemmed content words with the record's title and abstract."""
        if self.claim.topical or self.refers_to_its_study:
            return True
        if _BURDEN.search(self.claim.text):
            return False  # "Heart disease and cancer kill millions every year": background
        title = self.record.title if self.record is not None else self.title
        source = (record_stems(self.record.title, self.record.abstract) if self.record is not None
                  else stems(self.title))
        # The disease alone does not make a background sentence ("Knee osteoarthritis affects
        # millions") a claim about the study: two shared words besides the condition do.
        if len((stems(self.claim.text) & source) - condition_stems(title)) >= 2:
            return True
        return self.names_its_intervention or self.names_its_outcome_or_population

    @property
    def names_its_intervention(self) -> bool:
        """"Nuts boost longevity" on "Association of Nut Consumption with Total and Cause-Specific
        Mortality": a claim tied to the one study its section cites, with an effect verb, whose
        subject is the title's exposure (the claim's first content word is a title word that is not
        the condition, nor a word of a title's frame: association, risk, total)."""
        tied = bool(self.claim.linked_by) and all(how.startswith(_TIED_BY_PLACE) for how in self.claim.linked_by)
        if not tied or self.record is None or self.claim.strength < 2:
            return False
        if not (self.cue(CueKind.effect) or self.cue(CueKind.causal)):
            return False
        subject = topic_stems(" ".join(_content_words(self.claim.text)[:2]))
        exposure = topic_stems(self.record.title) - condition_stems(self.record.title) - _TOO_COMMON - _TITLE_FRAME
        return bool(subject & exposure)

    @property
    def names_its_outcome_or_population(self) -> bool:
        """"Older people who keep it low cut their bowel cancer risk": a claim tied to the one study
        its section cites, with an effect verb, that names the intervention only by a pronoun or
        speaks to the reader ("it", "your risk"), and names the study's outcome or population (a
        word of its record's title or MeSH headings, stemmed, "dying" read as mortality, "bowel" as
        colorectal, "teens" as adolescents). Without the pronoun, a sentence naming the disease or
        the people is most often the page's background ("Rheumatic diseases affect the joints")."""
        tied = bool(self.claim.linked_by) and all(how.startswith(_TIED_BY_PLACE) for how in self.claim.linked_by)
        if not tied or self.record is None or self.claim.strength < 2 or not _STANDS_FOR_IT.search(self.claim.text):
            return False
        if not (self.cue(CueKind.effect) or self.cue(CueKind.causal)):
            return False
        title, headings = self.record.title, " ".join(self.record.mesh_headings)
        named = topic_stems(self.claim.text) & (topic_stems(title) | topic_stems(headings))
        return bool(named - condition_stems(title) - _TOO_COMMON)

    @cached_property  # the rules ask it again and again of one frozen context
    def refers_to_its_study(self) -> bool:
        """"The small trial ...", "a new study has shown ...": a claim tied to the one study its
        section (or the article) cites, that speaks of a study, speaks of that study."""
        tied = bool(self.claim.linked_by) and all(how.startswith(_TIED_BY_PLACE) for how in self.claim.linked_by)
        return tied and bool(_A_STUDY.search(self.claim.text) or _THE_TREATMENT.search(self.claim.text)
                             or _THIS_EXPOSURE.search(self.claim.text))

    @cached_property  # the rules ask it again and again of one frozen context
    def names_a_model(self) -> bool:
        """"in mice", "leukaemia cells in laboratory tests": a claim about the model itself."""
        return bool(_MODEL.search(self.claim.text)) and not _PEOPLE.search(self.claim.text)

    @cached_property  # the rules ask it again and again of one frozen context
    def about_benefit_in_people(self) -> bool:
        # The model named in the claim decides, not any animal word: "owning a dog" is about people.
        mixed = self.claim.population == Population.mixed and _MODEL.search(self.claim.text)
        return (self.about_study and self.claim.kind in BENEFIT_KINDS and not self.names_a_model
                and not mixed and self.claim.population != Population.in_vitro)

    @cached_property  # the rules ask it again and again of one frozen context
    def asserted_strength(self) -> int:
        """The claim's strength, raised to definitive by a certainty booster ("results
        consistently show", "has been proven") that no negation or modal weakens."""
        if any(not _negated(self.claim.text, m.start()) and not _MODAL_BEFORE.search(self.claim.text, 0, m.start())
               for m in _CERTAINTY.finditer(self.claim.text)):
            return 3
        if self.claim.strength == 3 and not self.cue(CueKind.booster) and reports_groups(self.claim.text):
            return 2  # "Adults who drank coffee lived longer": what two groups showed, not a cause
        return self.claim.strength

    def cue(self, *kinds: CueKind) -> str | None:
        """The text of the claim's first cue of one of these kinds."""
        first = self._first_cues
        found = [first[kind.value] for kind in kinds if kind.value in first]
        return min(found)[1] if found else None

    @cached_property  # the rules ask ~9 times a claim; the claim's cues are read once
    def _first_cues(self) -> dict[str, tuple[int, str]]:
        """Each cue kind's first cue in the claim: (its place among the cues, its text)."""
        first: dict[str, tuple[int, str]] = {}
        for at, cue in enumerate(self.claim.cues):
            first.setdefault(cue.kind, (at, cue.text))
        return first


def finding(code: str, ctx: ClaimContext, message: str, *, severity: Severity | None = None,
            expected: str | None = None, found: str | None = None,
            confidence: Confidence | None = None) -> Finding:
    spec = RULES[code]
    if confidence is None and ctx.design is not None and ctx.design.basis == "article":
        confidence = Confidence.low  # the design is only as the article describes it
    if confidence is None and ctx.design is None and ctx.citation_id is not None:
        confidence = Confidence.low  # a cited study whose design nothing gives
    return Finding(code=code, name=spec.name, severity=severity or spec.severity,
                   confidence=confidence or spec.confidence, message=message,
                   citation_id=ctx.citation_id, claim_id=ctx.claim.id, field="claim",
                   expected=expected, found=found, span=ctx.claim.span)


def _quote(text: str, limit: int = 90) -> str:
    return f'"{text}"' if len(text) <= limit else f'"{text[:limit - 1]}…"'


def _design_note(ctx: ClaimContext) -> str:
    assert ctx.design is not None
    described = ctx.design.describe()
    return f"{ctx.label} is {'an' if described[0] in 'aeiou' else 'a'} {described}"


def _design_or_unknown(ctx: ClaimContext) -> str:
    if ctx.design is None:
        return f"{ctx.label}'s design is not known (no record, and the article does not describe it)"
    return _design_note(ctx)


_EXPLICIT_TIES = ("marker", "author-year", "hyperlink", "identifier", "named", "journal named")


def _explicitly_tied(claim: Claim) -> bool:
    return any(how.startswith(_EXPLICIT_TIES) for how in claim.linked_by)


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
    if claim.kind not in STRENGTH_KINDS or _METHOD.search(claim.text) or _DENIES_EFFECT.search(claim.text):
        return  # "did not improve reaction time": a denial is no claim of benefit (a null misread is S215's)
    allowed = MAX_STRENGTH[design.evidence_level]
    asserted = ctx.asserted_strength
    if asserted <= allowed:
        return
    # A definitive claim on level 4-5 evidence is two GRADE steps too strong; a figure the
    # study itself reports ("nine of the ten patients improved") is a report, not a claim.
    definitive_on_weak = asserted == 3 and design.evidence_level >= 4 and not _reports_the_study(claim.text)
    yield finding("S201", ctx,
                  f"{_quote(claim.text)} is worded as {STRENGTH_NAMES[asserted]} (strength "
                  f"{asserted}); {_design_note(ctx)}, which supports at most "
                  f"{GRADE_WORDING[allowed]}",
                  severity=WARNING if definitive_on_weak or asserted - allowed >= 2 else INFO,
                  expected=f"strength <= {allowed}", found=f"strength {asserted}")


@rule("S202", "preclinical-to-human", WARNING,
      "Human benefit is claimed from animal or in vitro evidence.")
def preclinical_to_human(ctx: ClaimContext) -> Iterator[Finding]:
    """Most treatments that work in animals or cells fail in people; animal work supports
    hypotheses about patients, not claims of benefit to them."""
    design, claim = ctx.design, ctx.claim
    if design is None:
        return
    # "may have just proven that it can treat cancer": a hedge does not make a clinical use
    # that cells or animals cannot show into a hypothesis about them.
    hedged_use = claim.strength == 1 and bool(_CLINICAL_USE.search(claim.text) or _AGAINST_DISEASE.search(claim.text)) \
        and not _SOME_DAY.search(claim.text)  # (the patterns only for a hedged claim)
    if not (ctx.about_benefit_in_people or (hedged_use and _names_the_intervention(ctx))):
        return
    if ctx.asserted_strength < 2 and not hedged_use and (ctx.cue(CueKind.hedge) or advice_on_association(ctx) is None):
        return  # "pregnant women should take vitamins A, E and C": advice to people is a claim about them
    if design.type in PRECLINICAL or design.population in (Population.animal, Population.in_vitro):
        yield finding("S202", ctx, f"{_quote(claim.text)} claims benefit in people; "
                      f"{_design_note(ctx)}", expected="a claim about animals or cells",
                      found=f"population {claim.population.value}")


@rule("S203", "causal-from-uncontrolled", WARNING,
      "A causal claim rests on observational or uncontrolled evidence.")
def causal_from_uncontrolled(ctx: ClaimContext) -> Iterator[Finding]:
    """Without a concurrent control group, improvement after treatment cannot be told apart from
    natural course, regression to the mean and placebo response; observational data, and a
    comparison the investigators did not randomise, cannot exclude confounding. Such evidence
    supports "was associated with", not "causes": on it, a risk verb ("raises the risk", "puts you
    at higher risk") or any definitive effect verb ("shortens the lives", "keeps muscles strong")
    is a cause, unless the claim reports what the study's groups showed; so is advice to change
    the exposure ("farmers should stop using aldrin"), which only a cause would justify."""
    design, claim = ctx.design, ctx.claim
    if design is None or (claim.kind == ClaimKind.comparative and design.type not in NON_RANDOMISED):
        return  # comparisons are S204's; on a comparison nobody randomised, "protects better than" is a cause
    advised = advice_on_association(ctx)
    if not (ctx.about_benefit_in_people or _people_outcome_from_observational(ctx) or advised):
        return
    causal = causal_wording(ctx) or observational_effect(ctx) or advised
    if causal and _uncontrolled(design) and not ctx.cue(CueKind.hedge) and not _associational_besides(ctx, causal):
        says = "advises acting on the exposure as on a cause" if causal == advised else "asserts cause and effect"
        yield finding("S203", ctx, f'"{causal}": {_quote(claim.text)} {says}; '
                      f"{_design_note(ctx)}", expected="associational or hedged wording",
                      found=causal)


@rule("S204", "comparative-without-comparison", WARNING,
      "An advantage over another treatment is claimed from a design with no comparison.")
def comparative_without_comparison(ctx: ClaimContext) -> Iterator[Finding]:
    """"Faster", "better than", "more effective than" need a comparison inside one study, ideally
    randomised; so do "as effective as" and "similar results as" a named treatment. Pooled
    single-arm proportions, subgroups of different uncontrolled studies, or a qualitative review
    cannot rank one treatment above another, nor show two equal."""
    design, claim = ctx.design, ctx.claim
    if design is None or design.controlled is not False:
        return
    equal = _EQUIVALENT.search(claim.text)
    # Whatever the strength score ("the authors conclude ... similar results as"): not when hedged, a
    # call for research ("trials must show whether ... as effective as") or a question.
    asserted = not (ctx.cue(CueKind.hedge) or ctx.cue(CueKind.need) or claim.text.rstrip().endswith("?"))
    if equal and not _negated(claim.text, equal.start()) and ctx.about_study and not ctx.names_a_model \
            and asserted:
        yield finding("S204", ctx, f'"{equal.group(0)}": {_quote(claim.text)} claims equivalence with another '
                      f"treatment; {_design_note(ctx)}, with no comparison group to support it",
                      expected="a controlled comparison", found=equal.group(0))
        return
    if claim.kind != ClaimKind.comparative or not ctx.about_benefit_in_people:
        return
    if claim.strength == 3 and _OUTCOME.search(claim.text):
        cue = ctx.cue(CueKind.comparative) or "comparison"
        yield finding("S204", ctx, f'"{cue}": {_quote(claim.text)} claims an advantage; '
                      f"{_design_note(ctx)}, with no comparison group to support it",
                      expected="a controlled comparison", found=cue)


@rule("S205", "safety-generalised", WARNING,
      "Safety is generalised (\"safe\", \"no side effects\", \"safe for everyone\") from a small or uncontrolled "
      "sample, or beyond what one study's size, length and population can show.")
def safety_generalised(ctx: ClaimContext) -> Iterator[Finding]:
    """Absence of serious harm in a few hundred people, or in uncontrolled series, cannot
    establish safety: a 1-in-100 harm is missed in a sample of 300 about as often as not
    (rule of three), and without controls harms cannot be attributed either way. Whatever its size,
    one trial cannot show a treatment "proven safe", free of side effects, safe for everyone or
    safe for years: it saw n people of its enrolled population for its follow-up, no more. And a
    plain "is safe" leaves out the harms a trial's record reports more often with the treatment."""
    design = ctx.design
    extra = _NO_RISK.search(ctx.claim.text)
    cue = ctx.cue(CueKind.safety_absolute) or (extra.group(0) if extra else None)
    if design is None:
        return
    if cue is not None and _safety_too_wide(ctx):
        yield finding("S205", ctx, f'"{cue}": {_quote(ctx.claim.text)} generalises safety; '
                      f"{_design_note(ctx)}", expected="safety reported as observed in the study",
                      found=cue)
        return
    general = generalised_safety(ctx)
    if general is not None:
        yield finding("S205", ctx, f'"{general}": {_quote(ctx.claim.text)} generalises safety beyond what one '
                      f"study can show; {_design_note(ctx)}{_safety_limits(ctx)}",
                      expected="safety reported as observed in the study", found=general)
        return
    harm = _harms_reported(ctx) if cue is not None else None
    if harm is not None:
        yield finding("S205", ctx, f'"{cue}": {_quote(ctx.claim.text)} calls the treatment safe; the record '
                      f"reports harms with it: {_quote(harm, 140)} ({_design_note(ctx)})",
                      expected="safety reported as observed in the study, harms included", found=cue)


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
    reported as unverifiable, never as wrong: a warning when the claim presents the figure as
    the study's result ("the study found ..."), info otherwise. A figure matches one the
    abstract prints in another form: "27 percent" is 27%, "20% lower" is a hazard ratio of
    0.80, within the printed precision widened by the claim's own hedge ("about", "up to")."""
    missing = [number.text for number, verdict, _ in _number_verdicts(ctx) if verdict == "missing"]
    if missing:
        attributed = bool(ctx.claim.attribution or _STUDY_SAYS.search(ctx.claim.text))
        yield finding("S208", ctx, f"{', '.join(missing)} in {_quote(ctx.claim.text, 70)} not found "
                      f"in the abstract of {ctx.label}"
                      + ("; the claim presents it as the study's result" if attributed else "; check the full text"),
                      found=", ".join(missing), severity=WARNING if attributed else INFO)


@rule("S209", "hype-on-weak-evidence", WARNING,
      "Hype terms (\"transformative\", \"breakthrough\") rest on weak evidence.")
def hype_on_weak_evidence(ctx: ClaimContext) -> Iterator[Finding]:
    """Promotional words tell readers a question is settled; on level 4-5 evidence (uncontrolled
    pilots, reviews, animal work) it is not, nor on a preliminary trial: phase 1 or 2, a pilot or
    feasibility study, fewer than 100 participants, or a primary outcome not met. The strongest
    words ("miracle", "game-changer", "breakthrough", "revolutionary") say more than any single
    study can, however large: they fire on one trial or cohort too, unless hedged or denied; only a
    meta-analysis of randomised trials is spared them."""
    design, hype = ctx.design, ctx.cue(CueKind.hype)
    if design is None or hype is None:
        return
    if (design.evidence_level or 0) < 4 and not _preliminary(design):
        strong = strong_hype(ctx)
        if strong is not None:
            yield finding("S209", ctx, f'"{strong}" in {_quote(ctx.claim.text)}: one study settles no question; '
                          f"{_design_note(ctx)}{_trial_limits(ctx)}",
                          expected="wording that reflects the evidence", found=strong)
        return
    yield finding("S209", ctx, f'"{hype}" in {_quote(ctx.claim.text)}; {_design_note(ctx)}',
                  expected="wording that reflects the evidence", found=hype)


@rule("S210", "claim-uncited", INFO, "A claim of a finding or benefit cites no study.",
      Confidence.medium)
def claim_uncited(ctx: ClaimContext) -> Iterator[Finding]:
    """Readers cannot check a claim that names no source; it is listed so an editor can add one.
    Hype that is the benefit ("fish oil is a miracle for heart health") is such a claim whatever
    the strength of its wording."""
    claim = ctx.claim
    rests_on_something = bool(claim.citation_ids or claim.linked_by)  # linked_by: ties with no reference
    hyped = bool(_HYPE_AS_BENEFIT.search(claim.text)) and bool(body_words(claim.text))
    if not rests_on_something and (claim.strength >= 2 or hyped) and claim.kind != ClaimKind.mechanism:
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


@rule("S212", "hedged-causal-from-observational", INFO,
      "Hedged causal wording (\"may help ... live longer\") rests on correlational evidence.",
      Confidence.medium)
def hedged_causal_from_observational(ctx: ClaimContext) -> Iterator[Finding]:
    """"May reduce" still tells readers the exposure acts on the outcome; an observational study
    shows that the two go together. Worth a note, not a warning: the hedge is honest."""
    design, claim = ctx.design, ctx.claim
    if design is None or design.type not in OBSERVATIONAL:
        return
    if not (ctx.about_benefit_in_people or _people_outcome_from_observational(ctx)):
        return
    causal, hedge = causal_wording(ctx), ctx.cue(CueKind.hedge)
    if causal and hedge and not ctx.cue(CueKind.associational):
        yield finding("S212", ctx, f'"{hedge} ... {causal}": {_quote(claim.text)} is causal, if hedged; '
                      f"{_design_note(ctx)}, which shows association only",
                      expected='"was associated with"', found=causal)


@rule("S213", "absolute-claim", ERROR,
      "An absolute claim (\"cures\", \"proves\", \"in every patient\", \"100%\", \"completely safe\").",
      Confidence.medium)
def absolute_claim(ctx: ClaimContext) -> Iterator[Finding]:
    """No study proves a cure for every patient: even large randomised trials report average
    effects with uncertainty. Absolute wording misreports any design, and most of all weak ones;
    so does "stops it in its tracks" or "reverses" for a trial whose record shows a slower decline."""
    claim = ctx.claim
    if ctx.citation_id is None or ctx.names_a_model:
        return
    # A claim about the cited study, whatever its design or with none known; with no design (no
    # record, nothing in the article) a claim tied explicitly (a marker, a link) rests on the study
    # even when its words do not name it: absolute wording is wrong for any design.
    if not ctx.about_study and not (ctx.design is None and _explicitly_tied(claim)):
        return
    for match in _ABSOLUTE.finditer(claim.text):
        if _negated(claim.text, match.start()) or _MODAL_BEFORE.search(claim.text, 0, match.start()):
            continue
        if "100" in match.group(0) and _abstract_has_100(ctx.record):
            continue
        if match.group(0).casefold().startswith("prov") and ctx.cue(CueKind.safety_absolute):
            continue  # "proven to be safe" is S205's generalised safety
        yield finding("S213", ctx, f'"{match.group(0)}": {_quote(claim.text)} is absolute; '
                      f"{_design_or_unknown(ctx)}", expected="the effect as the study measured it",
                      found=match.group(0))
        return
    halted = _halted_where_slowed(ctx)
    if halted is not None:
        word, clause = halted
        yield finding("S213", ctx, f'"{word}": {_quote(claim.text)} says the disease is stopped or reversed; '
                      f"the record reports slowing only: {_quote(clause, 140)} ({_design_or_unknown(ctx)})",
                      expected="the effect as the study measured it (slower decline)", found=word)
        return
    # "works for everyone", "helps every patient": an average effect told as everyone's; "safe for
    # everyone" is S205's generalised safety.
    for match in _FOR_EVERYONE.finditer(claim.text):
        if _negated(claim.text, match.start()) or _MODAL_BEFORE.search(claim.text, 0, match.start()):
            continue
        if ctx.cue(CueKind.hedge, CueKind.safety_absolute) or generalised_safety(ctx) is not None \
                or _SAFE_BEFORE.search(claim.text, 0, match.start()):
            return
        yield finding("S213", ctx, f'"{match.group(0)}": {_quote(claim.text)} is absolute; '
                      f"{_design_or_unknown(ctx)}", expected="the effect as the study measured it",
                      found=match.group(0))
        return


@rule("S214", "comparator-not-studied", WARNING,
      "The claim ranks the treatment above a comparator the study never had.", Confidence.medium)
def comparator_not_studied(ctx: ClaimContext) -> Iterator[Finding]:
    """A trial against a waiting list or placebo says nothing about a drug it was never compared
    with; "better than antidepressants" needs a study with an antidepressant arm."""
    design, record, claim = ctx.design, ctx.record, ctx.claim
    if design is None or not design.controlled or not ctx.about_benefit_in_people:
        return  # a design with no comparison at all is S204's
    match = _BETTER_THAN.search(claim.text)
    if match is None or _PERSON_WORD.match(match.group("other")):
        return
    named = _PREPOSITION.split(match.group("other"))[0]
    other = stems(named)
    compared = stems(" ".join([*design.arms, *(_comparison_windows(record) if record else [])]))
    if other and not other & compared:
        arms = ", ".join(design.arms) or "no named comparator"
        yield finding("S214", ctx, f'"{match.group(0)}": {ctx.label} compared with {arms}, '
                      f"not with {match.group('other').strip()}; {_design_note(ctx)}",
                      expected=f"a comparison with {arms}", found=match.group("other").strip())


@rule("S215", "null-result-misread", WARNING,
      "A non-significant primary result is reported as \"works\", or as proof of no effect.",
      Confidence.medium)
def null_result_misread(ctx: ClaimContext) -> Iterator[Finding]:
    """A trial whose primary outcome was not met has not shown benefit, whatever a secondary or
    post-hoc figure says (when the abstract names no primary outcome, a trial's conclusion that it
    "did not show" benefit stands for it); an effect on an outcome the record reports only as not
    significantly different ("No significant 30-day mortality differences were found") is not a
    result, nor is a benefit of a dose arm the record says improved no outcome significantly ("the
    high-dose discs failed to show significant improvements"); and an underpowered null result is
    absence of evidence, not evidence of absence ("no link")."""
    design, record, claim = ctx.design, ctx.record, ctx.claim
    if design is None or record is None or not ctx.about_study:
        return
    text = claim.text
    absence = _NO_EFFECT.search(text)
    if absence and not _SIGNIFICANCE.search(text) and _UNDERPOWERED.search(_abstract_text(record)):
        yield finding("S215", ctx, f'"{absence.group(0)}": {_quote(text)} reads a non-significant '
                      f"result as no effect; the record says the study may have been underpowered "
                      f"({_design_note(ctx)})", expected="no significant association was found",
                      found=absence.group(0))
        return
    benefit = _BENEFIT.search(text)
    worded_as_result = claim.strength >= 2 or any(n.unit == "%" for n in claim.numbers)
    named_as_secondary = bool(_SAYS_SECONDARY.search(text))  # "in a post hoc analysis, ...": reported as such
    if (design.primary_met is False and benefit and worded_as_result and not _ANY_NEGATION.search(text)
            and not named_as_secondary and ctx.about_benefit_in_people and _secondary_only(ctx) is None):
        yield finding("S215", ctx, f'"{benefit.group(0)}": {_quote(text)} reports a benefit; the primary '
                      f"outcome was not met: {_quote(design.primary_outcome or '', 140)}",
                      expected="the primary result, not significant", found=benefit.group(0))
        return
    arm = _dose_arm_null(ctx)
    if arm is not None:
        dose, clause = arm
        yield finding("S215", ctx, f'"{dose}": {_quote(text)} reports an effect of that dose; the record reports '
                      f"no significant result for it: {_quote(clause, 140)}",
                      expected="no significant effect at that dose, as the record", found=dose)
        return
    null = _null_for_outcome(ctx)
    if null is not None:
        effect, outcomes, clause = null
        yield finding("S215", ctx, f'"{effect}": {_quote(text)} reports an effect on {", ".join(outcomes)}; the '
                      f"record reports no significant difference: {_quote(clause, 140)}",
                      expected="no significant difference, as the record", found=effect)


@rule("S216", "population-widened", WARNING,
      "The claim widens the population the study enrolled (\"heavy smokers\" to \"smokers\").",
      Confidence.medium)
def population_widened(ctx: ClaimContext) -> Iterator[Finding]:
    """A result in heavy smokers, or in critically ill patients, is a result in them: the benefit
    and the balance of harms can differ in the wider group the claim names."""
    record, claim = ctx.record, ctx.claim
    if record is None or ctx.design is None or not ctx.about_study:
        return
    folded = fold(claim.text)
    for match in _NARROW_POPULATION.finditer(_abstract_text(record)):
        qualifier, group = fold(match.group("qualifier")), fold(match.group("group"))
        if re.search(rf"\b{re.escape(group)}\b", folded) and qualifier.split()[0] not in folded:
            yield finding("S216", ctx, f'{_quote(claim.text)} speaks of "{match.group("group")}"; '
                          f'{ctx.label} enrolled "{match.group(0)}"', expected=match.group(0),
                          found=match.group("group"))
            return


@rule("S217", "outcome-not-studied", WARNING,
      "The claim reports an effect on an outcome the record says the study did not measure.",
      Confidence.medium)
def outcome_not_studied(ctx: ClaimContext) -> Iterator[Finding]:
    """A trial says nothing about an outcome it did not measure ("death and transmission were not
    end points"): a claim of an effect on it has no support in the study, however good. A record
    whose title says it reports a trial's protocol, design or recruitment ("Design and Recruitment
    for a Randomized Controlled Trial of ...") holds no outcome at all: any effect claimed from it
    is one the cited paper never reported."""
    record, claim = ctx.record, ctx.claim
    if record is None or ctx.design is None or not ctx.about_benefit_in_people:
        return
    effect = _claimed_effect(claim.text)
    if effect is None:
        return
    if (plan := _REPORTS_A_PLAN.search(record.title)) is not None:
        yield finding("S217", ctx, f'"{effect.group(0).strip()}": {_quote(claim.text)} reports an effect; '
                      f'the cited record reports the study\'s {plan.group(0).casefold()} (title: '
                      f'{_quote(record.title)}), no outcome results', expected="a claim from the trial's results paper",
                      found=effect.group(0).strip())
        return
    claimed = outcome_stems(effect.group("outcome"))
    abstract = _abstract_text(record)
    for match in _NOT_MEASURED.finditer(abstract):
        said = _unmeasured_clause(abstract, match)
        shared = _words_with(effect.group("outcome"), claimed & outcome_stems(said))
        if shared:
            yield finding("S217", ctx, f'"{effect.group(0).strip()}": {_quote(claim.text)} reports an effect '
                          f'on {", ".join(shared)}; the record says: "{said}"',
                          expected="only outcomes the study measured", found=effect.group(0).strip())
            return


@rule("S218", "secondary-result-as-main", WARNING,
      "A secondary, subgroup, per-protocol or post hoc result is presented as the study's result.",
      Confidence.medium)
def secondary_result_as_main(ctx: ClaimContext) -> Iterator[Finding]:
    """Trials are powered and judged on their primary outcome in everyone randomised. A secondary
    end point, a subgroup, a per-protocol or a post hoc figure is a lead for the next trial: one of
    many looks, any of which can come up by chance. When the primary outcome was not met either,
    this finding says so and S215 stays quiet."""
    found = _secondary_only(ctx)
    if found is None:
        return
    effect, outcomes, marker, clause = found
    unmet = "; the primary outcome was not met" if ctx.design and ctx.design.primary_met is False else ""
    yield finding("S218", ctx, f'"{effect}": {_quote(ctx.claim.text)} presents as the result an outcome '
                  f'({", ".join(outcomes)}) the record gives only as a {marker} result: '
                  f"{_quote(clause, 140)}{unmet}",
                  expected="the primary result, or the result named as secondary", found=effect)


@rule("S219", "cited-reference-missing", WARNING,
      "A claim cites a numbered reference or an author the page does not print: it cannot be checked.",
      Confidence.medium)
def cited_reference_missing(ctx: ClaimContext) -> Iterator[Finding]:
    """"Creatine improves strength [1][2]" on a page that prints no reference list (a page cut
    short, a copy that left the list out) points at sources no reader can find; a checker that
    said nothing would pass the claim as clean. Only pointers to one reference count: a marker,
    an author-year, an author named; a claim tied to some references and not others names the
    missing ones. Reported once for the claim."""
    claim = ctx.claim
    if claim.citation_ids and ctx.citation_id != claim.citation_ids[0]:
        return
    missing = [how for how in claim.linked_by[len(claim.citation_ids):] if how.startswith(_POINTERS)]
    if not missing:
        return
    shown = ", ".join(_pointer(how) for how in missing)
    yield finding("S219", ctx, f"{_quote(claim.text)} cites {shown}, which the page's text does not print: "
                  "not verified", expected="a reference the reader can find", found=shown)


_POINTERS = ("marker [", "author-year ", "named: an author with no matching reference")


def _pointer(how: str) -> str:
    """"marker [2] (no reference 2 in the text)" -> "[2]"; "author-year Hollis 2019 (...)" ->
    "Hollis 2019"."""
    return how.split(" (")[0].removeprefix("marker ").removeprefix("author-year ").removeprefix("named: ")


def _null_for_outcome(ctx: ClaimContext) -> tuple[str, list[str], str] | None:
    """(the claim's effect words, its outcomes, the record's clause) when the claim reports an
    effect on an outcome that the abstract reports only as not significant ("No significant
    30-day mortality differences were found"), and nowhere as a significant or associated result."""
    record, claim = ctx.record, ctx.claim
    if record is None or ctx.design is None or not ctx.about_benefit_in_people:
        return None
    if _ANY_NEGATION.search(claim.text) or _SAYS_SECONDARY.search(claim.text) or ctx.cue(CueKind.hedge):
        return None
    if any(verdict == "matched" for _, verdict, _ in _number_verdicts(ctx)):
        return None  # "it reduced colds by only 3%": the record's own small figure, reported
    effect = _claimed_effect(claim.text)
    if effect is None:
        return None
    claimed = outcome_stems(effect.group("outcome"))
    null_clause, positive = None, False
    for clause in _clauses(_abstract_text(record)):
        shared = claimed & outcome_stems(clause)
        if not shared:
            continue
        if _POSITIVE_CLAUSE.search(clause):
            positive = True
        elif _NULL_CLAUSE.search(clause) and null_clause is None:
            null_clause = (clause, shared)
    if null_clause is None or positive:
        return None
    clause, shared = null_clause
    return effect.group(0).strip(), _words_with(effect.group("outcome"), shared), clause.strip()


def _secondary_only(ctx: ClaimContext) -> tuple[str, list[str], str, str] | None:
    """(the claim's effect words, the outcomes shared only with a secondary clause, the marker,
    that clause), when the claim reports an effect on an outcome the abstract names only in a
    secondary, exploratory, subgroup, per-protocol or post hoc result."""
    record, claim = ctx.record, ctx.claim
    if record is None or ctx.design is None or not ctx.about_benefit_in_people:
        return None
    if _SAYS_SECONDARY.search(claim.text) or _ANY_NEGATION.search(claim.text):
        return None
    effect = _claimed_effect(claim.text)
    if effect is None:
        return None
    clauses = _clauses(" ".join([record.title, _abstract_text(record)]))
    elsewhere = outcome_stems(" ".join(c for c in clauses if not _SECONDARY.search(c)))
    claimed = outcome_stems(effect.group("outcome"))
    for clause in clauses:
        marker = _SECONDARY.search(clause)
        only_there = sorted((claimed & outcome_stems(clause)) - elsewhere) if marker else []
        if marker and only_there:
            return (effect.group(0).strip(), _words_with(effect.group("outcome"), set(only_there)),
                    fold(marker.group(0)), clause.strip())
    return None


_SPELLING = ((re.compile(r"(?<=\w{4})is(e|ed|es|ing|ation|ations)\b"), r"iz\1"), (re.compile(r"programme"), "program"),
             (re.compile(r"aemia"), "emia"), (re.compile(r"our\b"), "or"))
_STOP = frozenset({"which", "there", "their", "these", "those", "would", "could", "about", "other", "after",
                   "before", "between", "while", "where", "people", "study", "studi", "result", "show",
                   "found", "report", "research", "new", "also", "than", "more", "such"})


@memo.kept  # a claim's text is read by several rules and once per citation (verifier/memo.py)
def stems(text: str) -> frozenset[str]:
    words = fold(text).split()
    for pattern, replacement in _SPELLING:
        words = [pattern.sub(replacement, w) for w in words]
    content = [w for w in words if len(w) > 2 and not w.isdigit() and w not in GENERIC and w not in _STOP]
    return frozenset(s for s in map(stem, content) if s not in _STOP)


@memo.kept_up_to(1024)
def record_stems(title: str, abstract: tuple[AbstractSection, ...]) -> frozenset[str]:
    return stems(" ".join([title, *(s.text for s in abstract)]))


@memo.kept_up_to(1024)
def condition_stems(title: str) -> frozenset[str]:
    terms = condition_terms(title)
    return stems(" ".join(w for w in fold(title).split() if w[:6] in terms))


def _abstract_text(record: Record) -> str:
    return " ".join(s.text for s in record.abstract)


def _abstract_has_100(record: Record | None) -> bool:
    return record is not None and bool(re.search(r"\b100(?:\.0)?\s?%", _abstract_text(record)))


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.I)


# "is a miracle for", "are a godsend for": hype that is itself the benefit claimed
_HYPE_AS_BENEFIT = re.compile(
    r"\b(?:is|are|was|were)\s+(?:truly\s+|simply\s+|nothing short of\s+)?(?:the|an?|your)\s+(?:\w+\s+)?"
    r"(?:miracle|wonder|godsend|game[- ]changer|magic bullet|cure[- ]all|panacea|breakthrough)(?:\s+\w+)?"
    r"\s+(?:for|against)\b", re.I)
_TIED_BY_PLACE = ("section source", "single-study")
# "This simple habit", "this marker", "the supplement": the section's one study's exposure, named by
# its kind (one of it, not "these foods", most often the background a page contrasts it with).
_THIS_EXPOSURE = re.compile(r"\b(?:this|that)\s+(?:simple\s+|one\s+|daily\s+|small\s+|common\s+|popular\s+"
                            r"|everyday\s+|cheap\s+)?(?:habit|food|snack|drink|drug|medicine|medication|supplement"
                            r"|vitamin|marker|exposure|lifestyle change|change|diet|pill|vaccine|inhaler|practice"
                            r"|routine|behaviou?r|activity|nutrient|compound|hormone|protein|gene|molecule)\b(?!s)",
                            re.I)
# A pronoun for the intervention, or the reader addressed: "keep it low", "cuts your risk".
_STANDS_FOR_IT = _words(r"it", r"its", r"them", r"they", r"your?")
# Burden statements are background: "kills millions of people every year", "affects 1 in 10 adults".
_BURDEN = _words(r"(?:kills?|affects?|strikes?|claims?) (?:the lives of )?(?:\w+ ){0,2}?(?:millions|thousands"
                 r"|hundreds of thousands|\d[\d,.]* (?:million|billion)|one in \w+|1 in \d+)",
                 r"(?:the )?leading causes? of (?:death|disability)")
# The words a claim and its study share that say too little to tie them: "risk", "health".
_TOPIC_SYNONYMS = {"dying": "mortality", "die": "mortality", "died": "mortality", "death": "mortality",
                   "deaths": "mortality", "bowel": "colorectal", "colon": "colorectal", "teens": "adolescent",
                   "teenagers": "adolescent", "teenage": "adolescent", "adolescents": "adolescent",
                   "kids": "children", "child": "children", "elderly": "aged", "seniors": "aged", "older": "aged",
                   "pregnant": "pregnancy", "babies": "infant", "baby": "infant", "newborns": "infant"}
_TOO_COMMON = frozenset(stem(w) for w in ("risk", "health", "effect", "level", "levels", "rate", "use", "life",
                                          "year", "years", "people", "humans", "human", "male", "female",
                                          "adult", "adults", "associ", "association", "total", "cause", "specif",
                                          "among", "high", "higher", "low", "lower", "early", "outcomes"))


_TITLE_FRAME = frozenset(stem(w) for w in ("association", "associations", "effect", "effects", "impact", "role",
                                           "relationship", "relation", "consumption", "intake", "exposure", "trial",
                                           "randomized", "randomised", "cohort", "outcomes", "mortality", "cancer",
                                           "disease", "incidence", "prevention", "evaluation", "comparison"))
_LEADING = frozenset({"eating", "taking", "drinking", "using", "regular", "daily", "more", "high", "higher", "low",
                      "lower", "a", "an", "the", "handful", "of", "some", "frequent", "heavy", "being"})


def _content_words(text: str) -> list[str]:
    """The claim's words from its first content word on ("Eating nuts ..." -> nuts ...)."""
    words = fold(text).split()
    start = next((i for i, w in enumerate(words) if w not in _LEADING), len(words))
    return words[start:]


def topic_stems(text: str) -> frozenset[str]:
    """Content stems, each common synonym read as the word a MEDLINE heading or title uses."""
    return stems(" ".join(_TOPIC_SYNONYMS.get(w, w) for w in fold(text).split()))
_A_STUDY = re.compile(r"\b(?:the|this|that|a|an|our)\s+(?:[\w-]+\s+){0,2}?(?:study|trial|experiment|research"
                      r"|analysis|review|paper)\b", re.I)
# "The method", "this treatment", "the new therapy": the section's one study's intervention (one,
# not "these therapies", which are most often the background treatments a page contrasts it with).
_THE_TREATMENT = re.compile(r"\b(?:the|this)\s+(?:new\s+|novel\s+|experimental\s+)?(?:method|treatment|therapy"
                            r"|technique|approach|programme|program|intervention|procedure|regimen|compound"
                            r"|supplements?|combination|inhaler|vaccine|jab|injection|infusion|implant|device|pill"
                            r"|drug)\b(?!s)", re.I)
_CLINICAL_USE = _words(r"treat(?:s|ing)? (?:\w+ ){0,4}?(?:cancers?|diseases?|disorders?|patients|people)",
                       r"(?:a|an) (?:\w+ )?(?:treatment|therapy|cure) for", r"cures?",
                       r"li(?:ve|ves) (?:\w+ ){0,4}?longer")
_GROUP_WHO = re.compile(r"(?:[\w-]+\s+){0,2}?(?:people|adults|women|men|children|patients|participants|those"
                        r"|individuals|smokers|users)\s+who\b", re.I)
_BECAUSE = _words(r"because (?:\w+ ){0,3}?(?:damages?|harms?|causes?|triggers?|raises?|lowers?|reduces?|increases?"
                  r"|protects?|blocks?|boosts?|keeps?|makes?|helps?)",
                  r"as a result of (?:eating|taking|using|drinking)")
_GROUP_HAD = re.compile(r"(?:[\w-]+\s+){0,3}?(?:carriers|users|owners|participants|patients|adults|people|women"
                        r"|men|children|smokers|drinkers|those|individuals|subjects|volunteers)\s+(?:[\w-]+\s+){0,6}?"
                        r"(?:had|were|showed|lost|gained|scored|reported|lived|developed)\b"
                        r"(?=.*\b(?:in|of|from) (?:a|an|the|this|one) (?:[\w-]+ ){0,3}?(?:study|trial|survey|cohort"
                        r"|analysis|review)\b)", re.I)
_ON_PEOPLE = _words(r"your?", r"people", r"patients?", r"humans?", r"adults?", r"children", r"women", r"men",
                    r"participants", r"as (?:you|we|they) age")
# "may help fight colon cancer": a hedged effect on a disease, named as a use in people.
_AGAINST_DISEASE = _words(r"(?:help(?:s|ing)? (?:to )?|to )?(?:fight|beat|combat|treat|reverse|halt|tackle|shrink|kill"
                          r"|destroy|cure|stop|prevent|slow)(?:s|ing)? (?:\w+ ){0,3}?(?:cancers?|tumou?rs?|diseases?"
                          r"|disorders?|dementia|alzheimer'?s|diabetes|obesity|depression|infections?|arthritis)")
_SOME_DAY = _words(r"one day", r"some ?day", r"in the future", r"in (?:the )?years to come")
_NEGATION_BEFORE = re.compile(r"\b(?:not|no|never|nor|without|cannot|n't)\b(?:\s+[\w'’-]+){0,3}\s*$", re.I)
_MODAL_BEFORE = re.compile(r"\b(?:may|might|could)\s+(?:one\s+day\s+|some\s?day\s+|eventually\s+|ultimately\s+"
                           r"|even\s+|also\s+)?(?:have\s+)?(?:just\s+)?(?:been\s+)?$", re.I)
_CERTAINTY = _words(r"consistently show(?:s|n|ed)?", r"(?:has|have) been (?:shown|proven|proved|demonstrated)",
                    r"(?:is|are|was|were) proven", r"proven to", r"conclusively", r"clearly show(?:s|n)?")
_ABSOLUTE = _words(r"cures?", r"cured", r"proves?", r"proved", r"proven",
                   r"in (?:every|all) (?:patients?|cases|people)",
                   r"100 ?%", r"100 percent", r"completely (?:safe|reversed?|cured|eliminat\w+|cures?)",
                   r"totally safe", r"guarantee[sd]?", r"never fails", r"always works")
_SAFE_BEFORE = re.compile(r"\b(?:safe|harmless|tolerated)\b[^.;]*$", re.I)
_FEW = r"(?!(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b)"  # "all 11 patients": a report
_FOR_EVERYONE = _words(r"(?:in|for) every (?:single )?(?:[a-z-]+ )?(?:patients?|persons?|cases?|child|adult|woman|man"
                       r"|one|sufferers?)", r"(?:helps?|works? for|cures?|benefits?) every(?:one|body)",
                       r"(?:helps?|works? for|cures?|benefits?) every (?:single )?(?:patient|person|sufferer)",
                       r"for (?:everyone|everybody|anyone)", rf"for all {_FEW}(?:[a-z-]+ ){{0,2}}?(?:patients|people"
                       r"|adults|children|women|men|sufferers)",
                       r"permanent(?:ly)? (?:cur\w+|revers\w+|restor\w+|fix\w*|eliminat\w+|remov\w+)",
                       r"once and for all")
_MODEL = _words(r"mice", r"mouse", r"rats?", r"rodents?", r"animals?", r"cells? lines?", r"sheep", r"piglets",
                r"rabbits?", r"hamsters?", r"guinea pigs?", r"(?:rhesus )?macaques", r"zebrafish",
                r"(?:cancer|leuka?emia|tumou?r|cultured|human) cells", r"cells in (?:culture|the lab)",
                r"laborator(?:y|ies)", r"in vitro", r"test tubes?", r"petri dish(?:es)?", r"in the lab")
_PEOPLE = _words(r"people", r"patients?", r"humans?", r"adults?", r"children", r"women", r"men", r"participants")
_CAUSAL_VERB = _words(r"reduc(?:es|ed|e|ing) (?:\S+ ){0,3}?(?:risk|death|mortality|deaths|odds|incidence|chances?)",
                      r"lower(?:s|ed) (?:\S+ ){0,3}?(?:risk|death|mortality|odds|chances?)",
                      r"(?:are|is|were|was|be|being|been|stay|stays) (?:\S+ )?(?:protected|shielded) (?:against|from)",
                      r"protect(?:s|ed)? (?:\S+ ){0,3}?(?:against|from)", r"shield(?:s|ed)? (?:\S+ ){0,3}?from",
                      r"prolong(?:s|ed)? (?:\S+ ){0,2}?li(?:fe|ves)", r"keeps? (?:\S+ ){0,3}?at bay",
                      r"rais(?:es|ed|e) (?:\S+ ){0,3}?risk", r"increas(?:es|ed|e) (?:\S+ ){0,3}?risk",
                      r"boosts?", r"cuts?", r"doubles?", r"triples?",
                      r"results? in an? (?:\S+ )?(?:risk|increase|reduction)", r"damag(?:es|e|ing)",
                      r"ruins?", r"harms?", r"causes?", r"prevents?", r"protects? against",
                      r"saw an? (?:\d+% )?(?:rise|increase|drop|fall)", r"managed to \w+",
                      r"(?:improves?|improved) (?:\S+ ){0,2}(?:function|symptoms|survival|health)",
                      r"helps? (?:\S+ ){0,2}(?:live longer|prevent|protect|reduce|lower)", r"extends? life",
                      r"extend(?:s|ed|ing)? (?:\S+ ){0,2}?(?:lifespans?|life expectancy|lives)",
                      r"(?:may|might|could|can|will|would|to) lower (?:\S+ ){0,3}?(?:risk|death|mortality|odds)",
                      r"(?:is|are|was|were) (?:the )?(?:main |real |key |big )?reasons? (?:why|for)", r"(?:is|are) why",
                      r"puts? (?:\S+ ){0,2}?at (?:an? )?(?:higher|greater|increased|lower|reduced) risk",
                      r"leads? to (?:an? )?(?:\S+ ){0,2}?(?:risk|increase|decrease|reduction|rise|drop|fall)",
                      r"because of (?:the|their|its|this|that)", r"shortens? (?:\S+ ){0,3}?li(?:fe|ves)",
                      r"makes? (?:\S+ ){0,2}?(?:more|less) likely", r"(?:wards?|staves?|fends?) off",
                      r"because (?:\S+ ){0,3}?(?:damages?|harms?|causes?|triggers?|raises?|lowers?|reduces?"
                      r"|increases?|protects?|blocks?|boosts?|keeps?|makes?|helps?)",
                      r"(?:is|are) good for (?:your|the|our|their) (?:heart|health|brain|body|bones|gut|mind)",
                      r"keeps? (?:\S+ ){0,2}?alive", r"life-?savers?")
_NO_RISK = _words(r"(?:do|does|did) not pose (?:a|any) (?:\w+ )?risk", r"poses? no (?:\w+ )?risk",
                  r"no risk of", r"without (?:any )?risk")
_STUDY_SAYS = _words(r"(?:study|trial|analysis|research|researchers|authors|review) (?:\w+ )?(?:found|finds|showed"
                     r"|shows|reported|reports|demonstrated)", r"results show(?:ed)?",
                     r"(?:researchers|scientists|investigators|authors) (?:say|said|found|report(?:ed)?|showed)",
                     r"(?:the )?(?:data|figures|findings) show(?:ed)?")
_BETTER_THAN = re.compile(r"\b(?:better|more effective|superior|safer|works? better|outperform\w*|beats?|beat)"
                          r"\s+(?:than|to|over)\s+(?P<other>(?:[\w-]+\s?){1,4})", re.I)
_PERSON_WORD = re.compile(r"\s*(?:people|those|patients|others?|before|baseline|the (?:control|placebo)|placebo"
                          r"|usual|no |doing nothing)", re.I)
_PREPOSITION = re.compile(r"\s(?:for|in|at|among|with|when|on|to)\s", re.I)
_COMPARISON = re.compile(r"\b(?:compared with|compared to|versus|vs\.?|against|or|than)\s+((?:[\w-]+\s?){1,4})",
                         re.I)
_NO_EFFECT = _words(r"no (?:\w+ )?(?:link|association|connection|relationship|effect|benefit)",
                    r"not (?:linked|associated|connected)", r"(?:does|do|did)(?: not|n't) (?:cause|work|help|raise)")
_SIGNIFICANCE = _words(r"significant(?:ly)?", r"statistically", r"strong evidence", r"clear evidence",
                       r"conclusive")
_UNDERPOWERED = _words(r"underpowered", r"under-powered", r"not powered", r"too small to", r"lacked power")
_BENEFIT = _words(r"reduc(?:e|es|ed|ing)", r"lower(?:s|ed)?", r"improv(?:e|es|ed)", r"cut(?:s)?", r"prevent(?:s|ed)?",
                  r"saves? lives", r"works?", r"beneficial", r"effective", r"halv(?:e|es|ed)",
                  r"help(?:s|ed)? (?:\w+ ){0,5}?li(?:ve|ved|ves) longer", r"prolong(?:s|ed)?",
                  r"extend(?:s|ed)? (?:\w+ )?(?:li(?:fe|ves)|survival)", r"boost(?:s|ed)?", r"enhanc(?:e|es|ed)",
                  r"strengthen(?:s|ed)?")
# "without" negates, except in an outcome: "live longer without progression".
_ANY_NEGATION = _words(r"not", r"no", r"n't", r"\w+n['’]t", r"neither", r"nor", r"failed to",
                       r"without(?! (?:disease )?(?:progression|relapse|recurrence))")
_NULL_CLAUSE = _words(r"no (?:statistically )?significant", r"not (?:statistically )?significant(?:ly)?",
                      r"did not (?:significantly )?(?:differ|reduce|improve|lower|change|decrease)",
                      r"no (?:\w+ ){0,2}differences?", r"(?:was|were) comparable", r"no apparent differences?")
_POSITIVE_CLAUSE = _words(r"significantly (?:lower|higher|reduced|improved|fewer|greater|better|decreased|increased"
                          r"|less|more)",
                          r"associat\w+ with (?:an? )?(?:higher|lower|increased|reduced|greater|elevated)",
                          r"(?:reduced|lowered|improved|decreased|increased) (?:the )?(?:\w+ ){0,3}?(?:by|from) \d")
# "as effective as ibuprofen", "similar, and in some instances equal, results as ... medication".
_EQUIVALENT = _words(r"(?:just )?as (?:effective|good|well|efficacious|powerful) as",
                     r"similar(?:,? and (?:\w+ ){0,4}?equal,?)? (?:\w+ ){0,2}?(?:results?|effects?|benefits?|efficacy)"
                     r" (?:as|to)", r"equal(?:ly)? (?:effective|efficacious) (?:as|to)", r"on (?:a )?par with",
                     r"comparable (?:results?|effects?|efficacy|benefits?) (?:as|to)")
_NARROW_POPULATION = re.compile(r"\b(?P<qualifier>heavy|high-risk|critically ill|postmenopausal|premenopausal|pregnant"
                                r"|severely obese|obese|older|elderly)\s+(?:current (?:or|and) former\s+)?"
                                r"(?P<group>smokers|drinkers|patients|women|adults|men)\b", re.I)
_REPORT = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) (?:out )?of (?:the )?"
                     r"(?:\d+|ten|\w+)\b", re.I)


_DENIES_EFFECT = re.compile(r"\b(?:did|does|do|was|were|is|are|has|have|had|could|can|will|would)(?:n[’']t| not)\b"
                            r"(?:\s+\w+ly)?\s+(?!only\b|just\b|merely\b)\w+", re.I)
_METHOD = re.compile(r"\bused to (?:track|measure|evaluate|assess)\b|\b(?:measure|scale|questionnaire) used\b", re.I)
_SAFE = re.compile(r"(?:is|are) safe|(?:did|does|do) not .*", re.I)  # S205's, or a null claim


def _negated(text: str, at: int) -> bool:
    return bool(_NEGATION_BEFORE.search(text, max(at - 40, 0), at))


def _reports_the_study(text: str) -> bool:
    """"Nine out of the 10 patients showed improvement": the study's own count, reported."""
    return bool(_REPORT.search(text))


def causal_wording(ctx: ClaimContext) -> str | None:
    """The causal verb of a claim: a causal cue, or a risk or harm verb ("reduces death risk",
    "boosts risk", "damages"), when no negation precedes it."""
    cue = ctx.cue(CueKind.causal)
    at = ctx.claim.text.find(cue) if cue else -1
    if cue and _GROUP_WHO.match(ctx.claim.text):
        cue = None  # "Adults who drank coffee lived longer" describes two groups, it names no cause
    if cue and ctx.claim.strength == 3 and not _SAFE.fullmatch(cue) and not _negated(ctx.claim.text, max(at, 0)):
        return cue
    for match in _CAUSAL_VERB.finditer(ctx.claim.text):
        noun = _NOUN_USE_BEFORE.search(ctx.claim.text, max(match.start() - 40, 0), match.start())
        if not _negated(ctx.claim.text, match.start()) and not noun:
            return match.group(0)
    return None


# "had more than double the hazard", "with a 20% cut": the verb's word used as a noun, a group's figure.
_NOUN_USE_BEFORE = re.compile(r"\b(?:had|has|have|having|with|showed|faced|carried|saw)\s+(?:(?:more than|nearly"
                              r"|almost|about|roughly|over|a|an|the|\d+(?:\.\d+)?\s?%)\s+){0,2}$", re.I)


def observational_effect(ctx: ClaimContext) -> str | None:
    """On an observational or non-randomised design, any definitive effect verb is a cause ("shortens the lives",
    "keeps muscles strong", "protects your hearing"): the study saw two things together, so a
    claim that one acts on the other says more than it showed. Not when the claim reports what
    two groups showed ("carriers had better thresholds") or a negation precedes the verb."""
    design, claim = ctx.design, ctx.claim
    if design is None or design.type not in NON_RANDOMISED or ctx.asserted_strength < 3:
        return None
    if ctx.cue(CueKind.hedge) or ctx.cue(CueKind.associational):
        return None
    for text in claim.cue_texts(CueKind.effect.value):
        at = claim.text.find(text)
        if at < 0 or _negated(claim.text, at) or _SAFE.fullmatch(text) or _adjectival(claim.text, at, text):
            continue
        return text
    return None


# "resistance to activated protein C", "the activated B-cell subtype": a past participle after a
# preposition or an article qualifies the noun after it; it is no verb of the claim.
_BEFORE_ADJECTIVE = re.compile(r"\b(?:to|of|with|the|a|an|in|on|by|for|than|from|their|its)\s+$", re.I)


def _adjectival(text: str, at: int, cue: str) -> bool:
    return cue.casefold().endswith("ed") and " " not in cue.strip() and bool(_BEFORE_ADJECTIVE.search(text, 0, at))


def _names_the_intervention(ctx: ClaimContext) -> bool:
    """"Curcumin may help fight colon cancer" on "Curcumin reduces tumour growth in a mouse model
    of colon cancer": a clinical use that names the title's intervention and its condition is
    about the study, though it shares only one word besides the condition."""
    claim, title = ctx.claim, ctx.record.title if ctx.record is not None else ctx.title
    shared, condition = stems(claim.text) & stems(title), condition_stems(title)
    return (not ctx.names_a_model and claim.kind in BENEFIT_KINDS and claim.population != Population.in_vitro
            and bool(shared & condition) and bool(shared - condition))


def _people_outcome_from_observational(ctx: ClaimContext) -> bool:
    """"Carrying the gene protects your hearing": a claim read as a mechanism, but about people,
    on an observational study of people, is a causal claim about them."""
    design, claim = ctx.design, ctx.claim
    if not (design is not None and design.type in OBSERVATIONAL and claim.kind == ClaimKind.mechanism
            and ctx.about_study and not ctx.names_a_model):
        return False
    return bool(_ON_PEOPLE.search(claim.text)) or _causes_studied_outcome(ctx)


def _causes_studied_outcome(ctx: ClaimContext) -> bool:
    """"Chronic inflammation causes colorectal cancer" on a cohort of inflammation and colorectal
    cancer: a causal verb whose object is an outcome the record's title names (a word of the title
    after the verb, not a word the title shares with every study: risk, health)."""
    record, text = ctx.record, ctx.claim.text
    title = record.title if record is not None else ctx.title
    for match in _CAUSAL_VERB.finditer(text):
        if _negated(text, match.start()):
            continue
        after = " ".join(text[match.end():].split()[:4])
        if (topic_stems(after) & topic_stems(title)) - _TOO_COMMON:
            return True
    return False


# "should stop using", "must avoid", "ought to switch from": advice to change what people do.
_ADVISED = re.compile(r"\b(?:should|must|ought to|needs? to|(?:is|are) advised to)\s+(?:(?:all|now|also|really"
                      r"|always|definitely|seriously consider)\s+)?(?P<act>stop|avoid|quit|cut (?:down|back|out)"
                      r"|give up|switch|start|take|eat|drink|use|raise|lower|boost|increase|reduce|limit|add"
                      r"|choose|skip|keep|own|adopt|drop|ditch|replace|swap|supplement)\b(?P<rest>[^.;!?]*)", re.I)
# "... to live longer", "... to protect their thyroid": the advice's purpose, an effect.
_PURPOSE = _words(r"(?:in order )?to (?:live longer|protect|prevent|keep|lower|reduce|cut|avoid|stay|boost|improve"
                  r"|ward off|stave off|fight|beat|slow|extend|prolong|guard|save|shield|strengthen)")


def advice_on_association(ctx: ClaimContext) -> str | None:
    """The advised action of a claim that tells people to change an exposure of the cited study
    ("farmers should stop using aldrin", "older adults should raise their klotho levels"), or to
    change anything for an effect ("should take baking soda to live longer"): advice that only a
    cause would justify. Not when hedged, negated or a question, nor advice to watch or test
    ("should have their thyroid checked"), which an association can support."""
    claim, record = ctx.claim, ctx.record
    if ctx.cue(CueKind.hedge) or claim.text.rstrip().endswith("?") or ctx.names_a_model:
        return None
    match = _ADVISED.search(claim.text)
    if match is None or _negated(claim.text, match.start()):
        return None
    action = claim.text[match.start():match.end("act")]
    what = " ".join(match.group("rest").split(",")[0].split()[:6])
    title = record.title if record is not None else ctx.title
    # "You should eat a handful of nuts a day" under "Association of Nut Consumption with ...
    # Mortality": the advised object is the title's exposure, in a claim tied to its one study.
    tied = bool(claim.linked_by) and all(how.startswith(_TIED_BY_PLACE) for how in claim.linked_by)
    exposure = topic_stems(title) - condition_stems(title) - _TOO_COMMON - _TITLE_FRAME
    if not (ctx.about_study or (tied and stems(what) & exposure)):
        return None
    purpose = _PURPOSE.search(match.group("rest"))
    if purpose:
        return f"{action} {match.group('rest')[:purpose.start()].strip()}".strip()
    source = record_stems(record.title, record.abstract) if record is not None else stems(title)
    acted_on = (stems(what) & source) - condition_stems(title) - _TOO_COMMON
    return f"{action} {what}".strip() if acted_on else None


def _associational_besides(ctx: ClaimContext, causal: str) -> bool:
    """An associational cue ("linked to", "higher risk") outside the causal phrase: "puts you at
    higher risk" and "leads to a higher risk" are causal whatever "higher risk" says alone, and so
    is a figure the claim explains by a cause ("an 18% higher risk because red meat damages the gut")."""
    if _BECAUSE.search(ctx.claim.text):
        return False
    return any(text not in causal for text in ctx.claim.cue_texts(CueKind.associational.value))


def reports_groups(text: str) -> bool:
    """"Adults who drank coffee lived longer", "APOE-E4 carriers had better thresholds in a
    cross-sectional study": what groups of the study showed, in the past tense, not a cause."""
    return bool(_GROUP_WHO.match(text) or _GROUP_HAD.match(text))


PRELIMINARY_N = 100
_EARLY_PHASE = re.compile(r"^(?:I|II|1|2|I/II|1/2|2a|2b)$", re.I)


def _preliminary(design: StudyDesign) -> bool:
    """A trial that cannot settle a question: early phase, pilot or feasibility, under 100
    participants, or its primary outcome not met."""
    small = design.n is not None and design.n_unit == "participants" and design.n < PRELIMINARY_N
    early = design.phase is not None and bool(_EARLY_PHASE.match(design.phase))
    pilot = any("pilot" in c or "feasibility" in c for c in design.cues)
    return small or early or pilot or design.primary_met is False


def _safety_too_wide(ctx: ClaimContext) -> bool:
    """S205's test: the sample is small (under `small_sample` people) or has no control group,
    or the evidence is level 4-5."""
    design = ctx.design
    if design is None:
        return False
    small = design.n is not None and design.n_unit == "participants" and design.n < ctx.small_sample
    return small or design.controlled is False or (design.evidence_level or 0) >= 4


def _uncontrolled(design: StudyDesign) -> bool:
    """No concurrent control, or a comparison the investigators did not randomise (cohort,
    case-control, cross-sectional, non-randomised controlled): GRADE starts all of them at low
    certainty, whose wording is "may", never "causes"."""
    primary_evidence = design.type not in (*PRECLINICAL, *NOT_EVIDENCE)
    return primary_evidence and (design.controlled is False or design.type in NON_RANDOMISED)


def _comparison_windows(record: Record) -> list[str]:
    return [m.group(1) for m in _COMPARISON.finditer(" ".join([record.title, _abstract_text(record)]))]


def _number_verdicts(ctx: ClaimContext) -> list[tuple[NumberMention, str, NumberMention | None]]:
    """For each percentage in the claim: matched, differs (with the record's figure) or missing."""
    record = ctx.record
    if record is None or not record.abstract:
        return []
    source = _abstract_percentages(record.abstract)
    return [_verdict(number, source, _number_window(ctx.claim.text, number), ctx.claim.text)
            for number in ctx.claim.numbers if number.unit == "%"]


_RATIO = re.compile(r"\b(?:HRs?|RRs?|ORs?|IRRs?|hazard ratios?|risk ratios?|odds ratios?|(?:incidence )?rate ratios?"
                    r"|relative risks?)\b[^0-9]{0,20}(\d\.\d+)", re.I)


@memo.kept_up_to(1024)
def _abstract_percentages(abstract: tuple[AbstractSection, ...]) -> tuple[NumberMention, ...]:
    """The abstract's percentages, and those its ratios stand for (HR 0.80 is 20% lower, OR 1.33
    is 33% higher; "hazard ratios 0.93, 0.89 and 0.80" are three), found once per record."""
    found = [n for section in abstract for n in find_numbers(section.text) if n.unit == "%"]
    for section in abstract:
        for match in _RATIO.finditer(section.text):
            values, at = [match.group(1)], match.end()
            while (more := _MORE_RATIOS.match(section.text, at)) is not None:
                values.append(more.group(1))
                at = more.end()
            for value in values:
                decimals = max(len(value.split(".")[1]) - 2, 0)
                found.append(NumberMention(text=f"{match.group(0)[:match.start(1) - match.start()]}{value}",
                                           value=round(abs(1 - float(value)) * 100, decimals),
                                           unit="%", decimals=decimals, context=("ratio",)))
    return tuple(found)


_MORE_RATIOS = re.compile(r"\s*(?:,|,? and|,? or)\s*(\d\.\d+)\b(?!\s*(?:[-–]|to)\s*\d)")


_HEDGE_BEFORE = re.compile(r"\b(up to|more than|over|at least|less than|under|nearly|almost|about|around"
                           r"|approximately|roughly|some|~)\s*$", re.I)


def _number_window(text: str, number: NumberMention) -> tuple[float, float]:
    """The record values the claim's figure covers: half a unit of its last printed digit, and
    what its hedge adds ("about 30%": 27-33; "up to 14%": anything to 14; "more than 40%": 40 up)."""
    at = text.find(number.text)
    before = text[max(at, 0) - 20:max(at, 0)] if at >= 0 else ""
    hedge = _HEDGE_BEFORE.search(before)
    word = fold(hedge.group(1)) if hedge else ""
    if not word and number.approximate:
        word = "about"
    value, step = number.value, number.tolerance if not number.approximate else 10.0 ** -number.decimals / 2
    if word in ("up to", "less than", "under"):
        return 0.0, value + step
    if word in ("more than", "over", "at least"):
        return value - step, float("inf")
    if word in ("nearly", "almost"):
        return value * 0.9 - step, value + step
    if word in ("about", "around", "approximately", "roughly", "some", "~"):
        return min(value * 0.9, value - 1) - step, max(value * 1.1, value + 1) + step
    return value - step, value + step


def _verdict(number: NumberMention, source: tuple[NumberMention, ...], window: tuple[float, float],
             claim_text: str = "") -> tuple[NumberMention, str, NumberMention | None]:
    """Matched when the abstract holds a figure inside the claim's window for the same measure
    (shared words), or, when both are effect sizes ("20 percent fewer deaths" and "a 20.0%
    relative reduction", or a ratio), for the effect. Differs when only a near figure for the same
    measure is there, and the abstract does not print the claim's figure itself elsewhere."""
    low, high = window
    words = set(number.context)
    inside = [c for c in source if low - 1e-9 <= c.value <= high + 1e-9]
    for candidate in inside:
        if not words or words & set(candidate.context):
            return number, "matched", candidate
    if _CHANGE.search(claim_text):
        for candidate in inside:
            if any(_CHANGE.match(w) for w in candidate.context):
                return number, "matched", candidate
    if inside:
        # The abstract prints this very figure, but with other words around it ("32% for A/P arm",
        # or another measure's 32.8%): unverifiable, never "differs" from a neighbouring figure.
        return number, "missing", None
    for candidate in source:
        near = abs(candidate.value - number.value) <= NEAR_MISS * max(candidate.value, 1e-9)
        if near and words & set(candidate.context):
            return number, "differs", candidate
    return number, "missing", None


_CHANGE = re.compile(r"\b(?:ratio|fewer|lower\w*|reduc\w*|less|declin\w*|increas\w*|higher|rise|rais\w*|slow\w*|cuts?"
                     r"|drop|fall|short\w*|halv\w*|effic\w*)\b", re.I)


_CLAIMED_EFFECT = re.compile(r"\b(?:reduc(?:e|es|ed|ing)|lower(?:s|ed)?|cut(?:s)?|prevent(?:s|ed)?|improv(?:e|es|ed)"
                             r"|slow(?:s|ed)?|halv(?:e|es|ed)|protect(?:s|ed)? against|decreas(?:e|es|ed)"
                             r"|boost(?:s|ed)?|increas(?:e|es|ed)|rais(?:e|es|ed)|sav(?:e|es|ed)|stop(?:s|ped)?"
                             r"|wards? off)\s+"
                             r"(?P<outcome>[\w'’-]+(?:\s+(?!by \d)[\w'’-]+){0,6})", re.I)
# "X was not measured", "X were not end points", "the trial did not measure X": the keyword is
# found first and X read from the words around it, so no pattern rescans the text.
_NOT_MEASURED = re.compile(r"\b(?:(?P<passive>were|was) not (?:an? )?(?:end ?points?|outcomes?|measured|assessed"
                           r"|studied|examined|evaluated|recorded)|(?:did|does) not (?:measure|assess|record|examine"
                           r"|study))\b", re.I)
_CLAUSE_MARK = re.compile(r"[.;:]")
_SECONDARY = _words(r"secondary (?:end ?points?|outcomes?)",
                    r"exploratory (?:\w+ )?(?:end ?points?|outcomes?|analys[ie]s)",
                    r"subgroup analys[ie]s", r"in (?:a|the|one) subgroup", r"per[- ]protocol", r"post[- ]hoc",
                    r"(?:after|when) excluding")
_SAYS_SECONDARY = _words(r"secondary", r"exploratory", r"subgroups?", r"per[- ]protocol", r"post[- ]hoc",
                         r"(?:among|in) those who", r"who completed", r"in a subset")
_OUTCOME_SYNONYMS = {"death": "mortality", "deaths": "mortality", "died": "mortality", "dying": "mortality",
                     "die": "mortality", "survival": "mortality", "fatal": "mortality", "lives": "mortality"}
_NOT_OUTCOMES = frozenset(stem(w) for w in ("effect", "effects", "risk", "rate", "rates", "level", "levels",
                                            "chance", "odds", "number", "patients", "people", "your", "their"))


# A title that announces a plan or a start, not results.
_REPORTS_A_PLAN = _words(r"study protocol", r"protocol for", r"trial protocol", r"design and rationale",
                         r"rationale and design", r"rationale,? design(?:,? and methods)?", r"design and recruitment",
                         r"design,? recruitment", r"recruitment and baseline characteristics",
                         r"design and baseline characteristics", r"design and methods")


def _claimed_effect(text: str) -> re.Match[str] | None:
    """The claim's first effect verb that no negation precedes, with the outcome words after it."""
    return next((m for m in _CLAIMED_EFFECT.finditer(text) if not _negated(text, m.start())), None)


def outcome_stems(text: str) -> frozenset[str]:
    """Content stems of an outcome phrase, with death, died and survival all read as mortality."""
    words = [_OUTCOME_SYNONYMS.get(w, w) for w in fold(text).split()]
    return stems(" ".join(words)) - _NOT_OUTCOMES


def _unmeasured_clause(abstract: str, match: re.Match[str]) -> str:
    """The clause that names what was not measured: before "was not measured" (back to the last
    clause mark, at most 120 characters), after "did not measure" (to the next one)."""
    if match.group("passive"):
        window = abstract[max(match.start() - 120, 0):match.start()]
        marks = list(_CLAUSE_MARK.finditer(window))
        what = window[marks[-1].end():] if marks else window
        return f"{what.strip()} {match.group(0)}".strip()
    rest = abstract[match.end():match.end() + 120]
    mark = _CLAUSE_MARK.search(rest)
    return f"{match.group(0)} {rest[:mark.start() if mark else len(rest)].strip()}"


def _words_with(text: str, wanted: set[str] | frozenset[str]) -> list[str]:
    """The words of the text whose outcome stem is wanted, as printed: "deaths", not "mortal"."""
    return list(dict.fromkeys(w for w in fold(text).split() if outcome_stems(w) & wanted))


_DOSE = _words(r"(?P<level>high|low|medium|middle|intermediate)(?:er|est)?[- ]dose")
_ARM_EFFECT = _words(r"repair(?:s|ed)?", r"restor(?:e|es|ed)", r"revers(?:e|es|ed)", r"heal(?:s|ed)?",
                     r"regenerat(?:e|es|ed)")
_ARM_SHOWED_NOTHING = _words(r"(?:failed to|did not) (?:show|produce|achieve|yield) (?:any )?(?:statistically )?"
                             r"significant (?:improvements?|effects?|benefits?|changes?)",
                             r"(?:showed|had|produced) no (?:statistically )?significant (?:improvements?|effects?"
                             r"|benefits?)", r"(?:improved|changed) no (?:\w+ )?(?:outcomes?|measures?)")


def _dose_arm_null(ctx: ClaimContext) -> tuple[str, str] | None:
    """(the claim's dose words, the record's clause) when the claim reports an effect of one dose
    that the abstract says showed no significant improvement ("the corresponding high-dose discs
    failed to show significant improvements in any outcome measure"): the arm that phrase speaks of
    (`_arm_meant`), so "the low dose helped, the high dose failed to show ..." holds against the
    high dose only."""
    record, text = ctx.record, ctx.claim.text
    dose = _DOSE.search(text)
    if record is None or dose is None or _ANY_NEGATION.search(text) or ctx.cue(CueKind.hedge):
        return None
    if not (_BENEFIT.search(text) or _ARM_EFFECT.search(text)):
        return None
    level = dose.group("level").casefold()
    for clause in _clauses(_abstract_text(record)):
        for nothing in _ARM_SHOWED_NOTHING.finditer(clause):
            if _arm_meant(clause, nothing.start()) == level:
                return dose.group(0), clause.strip()
    return None


_SET_AGAINST = re.compile(r"^\W*(?:\w+\W+){0,2}?(?:compared (?:with|to)|versus|vs\.?|relative to)\W+(?:\w+\W+)?$",
                          re.I)  # ", compared with" between two doses, a word or two around it


def _arm_meant(clause: str, before: int) -> str | None:
    """The dose a "failed to show ..." speaks of: the last named before it, unless the clause sets
    that one against another ("high-dose, compared with low-dose, did not ..."): then the first."""
    named = list(_DOSE.finditer(clause, 0, before))
    if not named:
        return None
    compared = len(named) > 1 and _SET_AGAINST.search(clause[named[0].end():named[1].start()])
    return (named[0] if compared else named[-1]).group("level").casefold()


def _clauses(text: str) -> list[str]:
    return [c for c in re.split(r"(?<=[.;])\s+", text) if c]


# Safety wording no single study supports, whatever its size: it speaks of everyone, of years, of
# no harm at all, or of proof.
_GENERALISED_SAFETY = _words(
    r"(?:proven|proved|shown|confirmed|established|demonstrated) (?:to be )?(?:completely |totally |entirely )?safe",
    r"safe (?:and effective )?for (?:everyone|everybody|anyone|all(?: ages| patients| people)?|every \w+"
    r"|life|long-term use|the long term|years)",
    r"free (?:of|from) (?:any )?side[- ]effects", r"no safety (?:concerns?|issues|problems|risks?)",
    r"safe (?:to (?:take|use) )?(?:for (?:years|decades|life|the long term)|long[- ]term|indefinitely|forever)",
    r"(?:has|have|had|with|causes?|caused|there are|there were) (?:absolutely )?no side[- ]effects?",
    r"no side[- ]effects? (?:at all|whatsoever)", r"without (?:any )?side[- ]effects", r"side[- ]effect[- ]free",
    r"zero side[- ]effects", r"risk[- ]free", r"harmless",
    r"(?:has|have|had|with|causes?|caused|there are|there were) (?:absolutely )?no adverse (?:effects|reactions)",
    r"well[- ]tolerated (?:and|with) (?:no|zero) (?:adverse|side)[- ](?:effects?|reactions?)")
# Of those, the ones a claim can scope to the study: "no one had side effects in the trial" is a report.
_SCOPABLE = re.compile(r"side[- ]effect", re.I)
_IN_THE_STUDY = _words(r"in (?:the|this|that) (?:\w+ ){0,2}?(?:trial|study|group|cohort)",
                       r"during (?:the|this) (?:\w+ ){0,2}?(?:trial|study|follow-up)",
                       r"among (?:the|its) (?:\w+ )?(?:participants|patients)", r"(?:were|was) reported")
_STRONG_HYPE = _words(r"miracle", r"miraculous", r"game[- ]chang\w+", r"breakthroughs?", r"revolution\w*",
                      r"magic bullet", r"cure[- ]all", r"holy grail", r"wonder drugs?", r"fountain of youth",
                      r"paradigm shift", r"new era", r"life[- ]changing")


def generalised_safety(ctx: ClaimContext) -> str | None:
    """The claim's safety wording that no one study can support ("proven safe", "no side effects",
    "safe for everyone", "safe to take for years"), unless negated, hedged, a question or about the
    model; "no side effects" scoped to the study ("in the trial") is a report."""
    claim, design = ctx.claim, ctx.design
    if design is None or not ctx.about_study or ctx.names_a_model or claim.text.rstrip().endswith("?"):
        return None
    for match in _GENERALISED_SAFETY.finditer(claim.text):
        if _negated(claim.text, match.start()) or _MODAL_BEFORE.search(claim.text, 0, match.start()):
            continue
        if ctx.cue(CueKind.hedge) or (_SCOPABLE.search(match.group(0)) and _IN_THE_STUDY.search(claim.text)):
            continue
        return match.group(0)
    return None


# "stops Alzheimer's in its tracks", "reverses memory loss": more than a slower decline.
_HALTS = _words(r"(?:stops?|halts?|arrests?|freezes?) (?:\S+ ){0,4}?(?:in (?:its|their) tracks|progression|decline"
                r"|(?:the )?disease|alzheimer'?s|dementia|memory loss)", r"revers(?:es|ed|e|ing)",
                r"in (?:its|their) tracks", r"turns? back the clock")
_SLOWED = _words(r"slow(?:ed|s|er|ing)", r"less (?:\w+ )?decline", r"smaller (?:\w+ )?decline",
                 r"(?:reduced|lower) (?:the )?(?:rate of )?decline", r"decline (?:was|were) (?:smaller|slower|less)")
_REVERSAL = _words(r"revers\w*", r"improv\w+", r"halted", r"stopped", r"no (?:further )?decline")


def _halted_where_slowed(ctx: ClaimContext) -> tuple[str, str] | None:
    """(the claim's halting word, the record's clause) when the claim says the treatment stops or
    reverses a disease and the abstract reports only a slower decline ("Decline was smaller with
    lecanemab"), never an improvement or a halt."""
    record, text = ctx.record, ctx.claim.text
    if record is None or not ctx.about_benefit_in_people or ctx.cue(CueKind.hedge):
        return None
    match = next((m for m in _HALTS.finditer(text) if not _negated(text, m.start())), None)
    if match is None:
        return None
    abstract = _abstract_text(record)
    slowed = next((c for c in _clauses(abstract) if _SLOWED.search(c)), None)
    if slowed is None or _REVERSAL.search(abstract):
        return None
    return match.group(0), slowed.strip()


# "more serious adverse events with lecanemab", "higher rates of adverse events": harms the treated
# arm had more of, as the abstract reports them.
_MORE_HARM = _words(r"more (?:\w+ )?(?:serious |severe )?(?:adverse (?:events|effects|reactions)|side[- ]effects)",
                    r"(?:higher|increased|greater|excess) (?:\w+ )?(?:rates?|incidence|risk|frequency) of (?:\w+ )?"
                    r"(?:serious |severe )?(?:adverse|side)[- ](?:events|effects|reactions)",
                    r"(?:serious |severe )?adverse (?:events|effects|reactions) (?:\w+ ){0,3}?(?:were|was) (?:more "
                    r"(?:common|frequent)|higher|increased)",
                    r"(?:treatment|drug|vaccine)[- ]related deaths?", r"deaths? (?:\w+ )?(?:related|attributed) to")


def _harms_reported(ctx: ClaimContext) -> str | None:
    """The abstract's sentence that reports more harm with the treatment than without ("more serious
    adverse events with lecanemab (14% vs 11.3%)"): a claim that the treatment is safe leaves it out.
    Not when the claim is hedged, negated, a question or about the model."""
    record, claim = ctx.record, ctx.claim
    if record is None or not ctx.about_study or ctx.names_a_model or ctx.cue(CueKind.hedge):
        return None
    if claim.text.rstrip().endswith("?") or _ANY_NEGATION.search(claim.text):
        return None
    for clause in _clauses(_abstract_text(record)):
        match = _MORE_HARM.search(clause)
        if match is not None and not _negated(clause, match.start()):
            return clause.strip()
    return None


def strong_hype(ctx: ClaimContext) -> str | None:
    """A word that declares a question settled ("miracle", "game-changer", "breakthrough"), said of
    one study that is not a meta-analysis of randomised trials, neither hedged nor denied."""
    design, claim = ctx.design, ctx.claim
    if design is None or design.type == DesignType.meta_analysis_rcts or not ctx.about_study:
        return None
    if ctx.cue(CueKind.hedge) or claim.text.rstrip().endswith("?"):
        return None
    for match in _STRONG_HYPE.finditer(claim.text):
        if not _negated(claim.text, match.start()) and not _MODAL_BEFORE.search(claim.text, 0, match.start()):
            return match.group(0)
    return None


_DURATION = re.compile(r"\b(\d+(?:\.\d+)?|one|two|three|four|six|eight|ten|twelve|eighteen)[- ]"
                       r"(week|month|year|day)s?\b", re.I)


def _length(ctx: ClaimContext) -> str | None:
    """How long the study watched its participants: its follow-up, else the first duration its
    abstract gives ("a 52-week, double-blind trial", "Eighteen-month")."""
    if ctx.design is not None and ctx.design.follow_up:
        return ctx.design.follow_up
    if ctx.record is None:
        return None
    match = _DURATION.search(_abstract_text(ctx.record))
    if match is None:
        return None
    count, unit = match.group(1), match.group(2).casefold()
    return f"{count.casefold()} {unit}" + ("" if count.casefold() in ("1", "one") else "s")


def _safety_limits(ctx: ClaimContext) -> str:
    """The design facts that bound what a study can say of harms: its n (a harm rarer than 1 in
    n/3 can go unseen, the rule of three) and how long it followed people."""
    design, parts = ctx.design, []
    if design is not None and design.n and design.n_unit == "participants":
        parts.append(f"{design.n:,} participants: a harm rarer than about 1 in {max(design.n // 3, 1):,} can go "
                     "unseen (rule of three), and rare or delayed harms were not studied")
    if (length := _length(ctx)) is not None:
        parts.append(f"followed for {length}: safety beyond that was not studied")
    return "; " + "; ".join(parts) if parts else ""


def _trial_limits(ctx: ClaimContext) -> str:
    """Phase, length and primary outcome of the one study, for S209's message (its n is in the
    design note already)."""
    design, parts = ctx.design, []
    if design is None:
        return ""
    if design.phase:
        parts.append(f"phase {design.phase}")
    if (length := _length(ctx)) is not None:
        parts.append(f"{length} long")
    if design.primary_outcome:
        parts.append(f"primary outcome: {_quote(design.primary_outcome, 100)}")
    return " (" + "; ".join(parts) + ")" if parts else ""


def check_claim(ctx: ClaimContext) -> list[Finding]:
    """Every S2xx rule; a specific overstatement rule, when it fires, replaces S201's general one."""
    found = run_family("S", ctx, ctx.claim.span, citation_id=ctx.citation_id, claim_id=ctx.claim.id)
    if any(f.code in SPECIFIC for f in found):
        found = [f for f in found if f.code != "S201"]
    return found
