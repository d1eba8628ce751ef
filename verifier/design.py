"""Study design: what a cited study can support, from its record or, failing that, from words.

Evidence levels follow the Oxford CEBM 2011 table for the treatment-benefit question
("Does this intervention help?"):
  1 systematic review of randomised trials;            -> meta-analysis of RCTs
  2 randomised trial;                                  -> RCT
  3 non-randomised controlled cohort / follow-up study -> non-randomised controlled, cohort,
                                                          a meta-analysis whose included designs
                                                          are not stated
  4 case series, case-control, historically controlled-> single-arm trial / case series, case
                                                          report, case-control, cross-sectional,
                                                          meta-analysis of uncontrolled studies,
                                                          qualitative systematic review of
                                                          studies not known to be randomised
  5 mechanism-based reasoning                          -> narrative review, opinion, animal and
                                                          in vitro work
CEBM lets a level go down for imprecision or indirectness; we do not grade up or down.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from verifier.checks.normalise import fold
from verifier.language import strength
from verifier.models import DesignType, Population, Record, StudyDesign

D = DesignType
LEVEL = {D.meta_analysis_rcts: 1, D.rct: 2, D.non_randomised_controlled: 3, D.cohort: 3,
         D.meta_analysis_mixed: 3, D.single_arm: 4, D.case_report: 4, D.case_control: 4,
         D.cross_sectional: 4, D.meta_analysis_uncontrolled: 4, D.systematic_review_qualitative: 4,
         D.narrative_review: 5, D.opinion: 5, D.preclinical_animal: 5, D.in_vitro: 5}


def _cue(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.I)


META = _cue(r"meta-?analys[ie]s", r"pooled analysis")
SYSTEMATIC = _cue(r"systematic(?:ally)? review(?:ed)?", r"systematic literature review")
REVIEW = _cue(r"review", r"overview")
RCT_INCLUDED = _cue(r"randomi[sz]ed controlled trials", r"RCTs")
UNCONTROLLED = _cue(r"single[- ]arm", r"uncontrolled", r"non-?comparative", r"open[- ]label",
                    r"proportions?", r"prevalence", r"single[- ]group", r"case series", r"pilot",
                    r"first[- ]in[- ]human", r"no control group", r"lack of a control group")
UNCONTROLLED_TRIAL = _cue(r"single[- ]arm", r"uncontrolled", r"case series", r"open[- ]label",
                          r"pilot", r"first[- ]in[- ]human")
RANDOMISED = _cue(r"randomi[sz]ed", r"randomly (?:assigned|allocated)")
CONTROLLED = _cue(r"placebo", r"control group", r"controlled",
                  r"compared with (?:a |the )?(?:control|usual care|standard)")
BLINDED = _cue(r"double[- ]blind(?:ed)?", r"single[- ]blind(?:ed)?", r"triple[- ]blind(?:ed)?", r"masked")
OPEN_LABEL = _cue(r"open[- ]label", r"unblinded", r"non-?blinded")
COHORT = _cue(r"cohort", r"prospective(?:ly)? followed", r"longitudinal")
CASE_CONTROL = _cue(r"case[- ]control")
CROSS_SECTIONAL = _cue(r"cross[- ]sectional", r"survey")
CASE_REPORT = _cue(r"case report", r"we report a (?:case|patient)", r"a \d+-year-old")
ANIMAL = _cue(r"mice", r"mouse", r"murine", r"rats?", r"rodents?", r"animal models?", r"rabbits?",
              r"porcine", r"canine", r"primates?", r"zebrafish", r"basic (?:research|experimental)")
IN_VITRO = _cue(r"in vitro", r"cell lines?", r"cultured cells")
HUMAN = _cue(r"patients?", r"participants?", r"humans?", r"adults?", r"children", r"women",
             r"clinical (?:trials?|studies)", r"volunteers", r"people", r"sufferers")
PHASE = re.compile(r"\bphase\s*(I{1,3}V?|[1-4](?:/[1-4])?|I/II|II/III)\b", re.I)
FOLLOW_UP = re.compile(r"\b(?:followed(?: up)?|follow-up)(?: \w+){0,3}? (?:for |of |at )?"
                       r"(\d+(?:\.\d+)? (?:days?|weeks?|months?|years?))", re.I)
N_PEOPLE = re.compile(r"\b(?:n\s*=\s*(\d[\d,]*)|(\d[\d,]*)\s+(?:\w+\s+){0,2}?(?:patients|participants|"
                      r"subjects|individuals|adults|children|women|men|volunteers|sufferers|eyes))\b",
                      re.I)
N_STUDIES = re.compile(r"\b(\d[\d,]*)\s+(?:\w+\s+){0,2}?(?:studies|trials|articles|papers|RCTs)\b", re.I)


def design_from_record(record: Record) -> StudyDesign:
    text = " ".join([record.title, *(s.text for s in record.abstract)])
    conclusion = _conclusion(record)
    return design_from_text(text, record.publication_types, record.mesh_headings, basis="record",
                            provenance=f"PubMed {record.pmid}: publication types, MeSH, abstract",
                            conclusion=conclusion)


def design_from_article(title: str, sentences: Iterable[str], citation_label: str) -> StudyDesign:
    """The design as the article itself describes the cited study, when no record is at hand."""
    text = " ".join([title, *sentences])
    return design_from_text(text, (), (), basis="article",
                            provenance=f"the article's own description of {citation_label}")


def design_from_text(text: str, publication_types: Iterable[str], mesh: Iterable[str], *,
                     basis: str, provenance: str, conclusion: str | None = None) -> StudyDesign:
    types = {fold(t) for t in publication_types}
    headings = {fold(h) for h in mesh}
    kind, cues = classify(text, types, headings)
    population = _population(text, headings, kind)
    n, unit = _size(text, kind)
    controlled, randomized, blinded = _arms(text, kind)
    phase = PHASE.search(text)
    follow = FOLLOW_UP.search(text)
    return StudyDesign(
        type=kind, evidence_level=LEVEL.get(kind), population=population, n=n, n_unit=unit,
        controlled=controlled, randomized=randomized, blinded=blinded,
        phase=phase.group(1) if phase else None, follow_up=follow.group(1) if follow else None,
        conclusion=conclusion, conclusion_strength=strength(conclusion)[0] if conclusion else None,
        cues=tuple(cues), basis=basis, provenance=provenance)  # type: ignore[arg-type]  # basis: str


def classify(text: str, types: set[str], mesh: set[str]) -> tuple[DesignType, list[str]]:
    """Publication types first, then the words of the title and abstract."""
    def found(pattern: re.Pattern[str]) -> str | None:
        match = pattern.search(text)
        return match.group(0) if match else None

    if "meta analysis" in types or found(META):
        if hit := found(RCT_INCLUDED):
            return D.meta_analysis_rcts, ["meta-analysis", hit]
        if hit := found(UNCONTROLLED):
            return D.meta_analysis_uncontrolled, ["meta-analysis", hit]
        return D.meta_analysis_mixed, ["meta-analysis"]
    if "systematic review" in types or found(SYSTEMATIC):
        if hit := found(RCT_INCLUDED):
            return D.meta_analysis_rcts if "meta" in hit else D.systematic_review_qualitative, [hit]
        return D.systematic_review_qualitative, ["systematic review, no meta-analysis"]
    if types & {"editorial", "comment", "letter"}:
        return D.opinion, sorted(types & {"editorial", "comment", "letter"})
    if "randomized controlled trial" in types:
        return D.rct, ["Randomized Controlled Trial"]
    if "animals" in mesh and "humans" not in mesh:
        return D.preclinical_animal, ["MeSH Animals"]
    if "case reports" in types or found(CASE_REPORT):
        return D.case_report, [found(CASE_REPORT) or "Case Reports"]
    if "review" in types or (found(REVIEW) and not found(_cue(r"trial", r"enrolled"))):
        return D.narrative_review, ["review, not systematic"]
    if (hit := found(UNCONTROLLED_TRIAL)) and not found(RANDOMISED):
        return D.single_arm, [hit]
    if found(RANDOMISED) and (found(CONTROLLED) or "clinical trial" in types):
        return D.rct, [found(RANDOMISED) or "randomised"]
    if "controlled clinical trial" in types or found(CONTROLLED):
        return D.non_randomised_controlled, [found(CONTROLLED) or "controlled"]
    for pattern, kind in ((CASE_CONTROL, D.case_control), (COHORT, D.cohort),
                          (CROSS_SECTIONAL, D.cross_sectional)):
        if hit := found(pattern):
            return kind, [hit]
    if found(IN_VITRO) and not found(HUMAN):
        return D.in_vitro, [found(IN_VITRO) or "in vitro"]
    if found(ANIMAL) and not found(HUMAN):
        return D.preclinical_animal, [found(ANIMAL) or "animals"]
    if "clinical trial" in types or found(_cue(r"trial")):
        return D.single_arm, ["trial with no control or randomisation stated"]
    return D.unknown, []


def _population(text: str, mesh: set[str], kind: DesignType) -> Population:
    if kind == D.in_vitro:
        return Population.in_vitro
    animal = bool(ANIMAL.search(text)) or "animals" in mesh
    vitro = bool(IN_VITRO.search(text))
    human = bool(HUMAN.search(text)) or "humans" in mesh
    if human and (animal or vitro):
        return Population.mixed
    if human:
        return Population.human
    if animal:
        return Population.animal
    return Population.in_vitro if vitro else Population.unspecified


def _size(text: str, kind: DesignType) -> tuple[int | None, Literal["participants", "studies"]]:
    reviews = {D.meta_analysis_rcts, D.meta_analysis_uncontrolled, D.meta_analysis_mixed,
               D.systematic_review_qualitative, D.narrative_review}
    unit: Literal["participants", "studies"] = "studies" if kind in reviews else "participants"
    pattern = N_STUDIES if unit == "studies" else N_PEOPLE
    counts = [int((m.group(1) or m.group(m.lastindex or 1)).replace(",", ""))
              for m in pattern.finditer(text) if any(m.groups())]
    return (max(counts), unit) if counts else (None, unit)


def _arms(text: str, kind: DesignType) -> tuple[bool | None, bool | None, bool | None]:
    """(controlled, randomised, blinded); None where nothing says."""
    if kind in (D.single_arm, D.case_report, D.meta_analysis_uncontrolled):
        return False, False, False if OPEN_LABEL.search(text) or kind == D.case_report else None
    if kind in (D.narrative_review, D.opinion, D.systematic_review_qualitative):
        return False, False, None
    if kind in (D.rct, D.meta_analysis_rcts):
        return True, True, True if BLINDED.search(text) else (False if OPEN_LABEL.search(text) else None)
    if kind in (D.non_randomised_controlled, D.cohort, D.case_control):
        return True, False, None
    return None, None, None


def _conclusion(record: Record) -> str | None:
    for section in record.abstract:
        if section.label and section.label.upper().startswith("CONCLUSION"):
            return section.text
    return record.abstract[-1].text if record.abstract else None
