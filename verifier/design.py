"""Study design: what a cited study can support, from everything its record says.

A record says its design in three places: the publication types NLM assigns, the MEDLINE
headings its indexers add (Random Allocation, Cohort Studies, Cell Line, Mice ...), and the
abstract's own words. Each is read into named *signals*, each signal keeping where it was
seen ("publication type: Randomized Controlled Trial", "MeSH: Cross-Sectional Studies",
'abstract: "non-randomised"'). Negation and scope are read with the words: "non-randomised"
and "not randomised" are a signal against randomisation, "without a control group" against
control; a cell study that mentions its control cells stays a cell study. The design is then
the first row of DESIGN_TABLE whose required signals are present and whose excluding signals
are absent.

Evidence levels follow the Oxford CEBM 2011 table for the treatment-benefit question
("Does this intervention help?"):
  1 systematic review of randomised trials;            -> meta-analysis of RCTs
  2 randomised trial;                                  -> RCT
  3 non-randomised controlled cohort / follow-up study -> non-randomised controlled, cohort,
                                                          a meta-analysis whose included designs
                                                          are not stated
  4 case series, case-control, historically controlled-> single-arm trial / case series, case
                                                          report, case-control, cross-sectional,
                                                          historically controlled study,
                                                          meta-analysis of uncontrolled studies,
                                                          qualitative systematic review of
                                                          studies not known to be randomised
  5 mechanism-based reasoning                          -> narrative review, opinion, animal and
                                                          in vitro work, and meta-analyses of them
CEBM lets a level go down for imprecision or indirectness; we do not grade up or down.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from verifier import lazyre as re  # re, compiled on first use, with a literal pre-test (verifier/lazyre.py)
from verifier import memo
from verifier.language import strength
from verifier.models import DesignFact, DesignType, Population, Record, StudyDesign

D = DesignType
LEVEL = {D.meta_analysis_rcts: 1, D.rct: 2, D.non_randomised_controlled: 3, D.cohort: 3,
         D.meta_analysis_mixed: 3, D.single_arm: 4, D.case_report: 4, D.case_control: 4,
         D.cross_sectional: 4, D.meta_analysis_uncontrolled: 4, D.systematic_review_qualitative: 4,
         D.narrative_review: 5, D.opinion: 5, D.preclinical_animal: 5, D.in_vitro: 5}
REVIEWS = (D.meta_analysis_rcts, D.meta_analysis_uncontrolled, D.meta_analysis_mixed,
           D.systematic_review_qualitative, D.narrative_review)

Source = Literal["publication type", "MeSH", "abstract"]


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.I)


# Abstract phrases that deny a design feature; matched before the plain feature words, whose
# hits inside a denial are not counted.
ABSTRACT_SIGNALS: dict[str, re.Pattern[str]] = {
    "non_randomised": _words(r"non-?randomi[sz]ed", r"not randomi[sz]ed", r"without randomi[sz]ation",
                             r"chose their (?:group|treatment)", r"self-selected", r"quasi-experimental"),
    "randomised": _words(r"randomi[sz]ed", r"randomly (?:assigned|allocated)", r"randomi[sz]ation"),
    "no_control": _words(r"no control(?: group)?", r"without (?:a |any )?control(?: group)?",
                         r"lack(?:ed|s)? (?:of )?a control group", r"no comparison group",
                         r"uncontrolled", r"single[- ]arm", r"single[- ]group", r"non-?comparative"),
    "historical_control": _words(r"historical(?:ly)? control(?:s|led)?", r"historical comparison"),
    "before_after": _words(r"before[- ]and[- ]after", r"before-after", r"pre-?post"),
    "controlled": _words(r"placebo", r"control group", r"controls?", r"sham", r"usual care",
                         r"standard care", r"waiting[- ]list", r"compared with \d+ who"),
    "blinded": _words(r"double[- ]blind(?:ed)?", r"single[- ]blind(?:ed)?", r"triple[- ]blind(?:ed)?",
                      r"observer[- ]blind(?:ed)?", r"masked"),
    "open_label": _words(r"open[- ]label", r"unblinded", r"non-?blinded", r"unmasked"),
    "pilot": _words(r"pilot", r"first[- ]in[- ]human", r"feasibility study"),
    "case_series": _words(r"case series", r"report of (?:\w+ )?(?:\d+|two|three|four|five|six|seven|eight|nine"
                          r"|ten|eleven|twelve) (?:\w+ )?patients", r"the first (?:\d+|ten|\w+) patients"),
    "case_report": _words(r"case report", r"we (?:report|describe) a (?:case|patient)", r"a \d+-year-old"),
    "meta": _words(r"meta-?analys[ie]s", r"pooled analysis of (?:\d+ |\w+ )?(?:randomi[sz]ed )?"
                   r"(?:controlled )?(?:trials|RCTs)", r"cochrane review"),
    "systematic": _words(r"systematic(?:ally)? review(?:ed)?", r"systematic literature review"),
    "review": _words(r"narrative review", r"review", r"overview"),
    "of_rcts": _words(r"randomi[sz]ed (?:controlled )?trials", r"RCTs", r"placebo-controlled trials",
                      r"controlled trials"),
    "of_uncontrolled": _words(r"single[- ]arm", r"uncontrolled", r"case series", r"proportions?",
                              r"prevalence", r"single[- ]group", r"non-?comparative"),
    "of_observational": _words(r"observational studies", r"cohort studies", r"case-control studies",
                               r"prospective studies"),
    "of_animal": _words(r"animal studies", r"preclinical studies", r"studies in (?:mice|rats|rodents|animals)"),
    "of_humans": _words(r"(?:studies|trials)\b[^.;]{0,120}?\b(?:in|of|among) (?:[\w-]+ ){0,2}?(?:patients|participants"
                        r"|adults|children|people|humans|women|men)"),
    "cohort": _words(r"cohorts?", r"followed(?: up)? (?:for|from|over)", r"follow-up", r"longitudinal",
                     r"register-based", r"registry"),
    "pooled_cohorts": _words(r"pooled analysis of (?:\d+ |\w+ )?(?:\w+ )?(?:prospective )?cohorts"),
    "case_control": _words(r"case[- ]control", r"matched controls"),
    # "30 individuals with ASD and 20 age- and gender-matched normal controls", "compared to 10
    # healthy controls": patients set beside people without the condition (read after the trial,
    # cohort and cross-sectional rows).
    "healthy_controls": _words(r"(?:healthy|normal)(?: \w+)? controls", r"(?:[\w-]+ ){0,3}?matched (?:\w+ )?controls",
                               r"healthy (?:control )?volunteers", r"typically developing (?:\w+ )?controls"),
    "same_time": _words(r"cross[- ]sectional", r"measured at the same (?:time|sweep|visit|wave)",
                        r"at a single time point"),
    "survey": _words(r"survey"),
    # "invited 138 adolescents ... to complete several questionnaires": people asked once (a
    # cross-sectional survey when no trial, cohort or before-after word says otherwise).
    "questionnaire": _words(r"(?:complete[ds]?|answered|filled (?:in|out)|responded to) (?:\w+ ){0,3}?questionnaires?",
                            r"questionnaire[- ]based", r"self-administered questionnaires?"),
    # "Subjects were 24 patients ... the sway index was significantly correlated with the DHI
    # score": measures of one group set against each other (cross-sectional when nothing says trial,
    # cohort or before-after).
    "correlated": _words(r"(?:was|were) (?:not )?(?:significantly |positively |negatively |inversely )?"
                         r"correlated (?:with|to)", r"significant correlations? (?:was|were) (?:shown|found|seen)"),
    # "Forty patients received 12 weeks of acupuncture; change in pain was correlated with ...": a
    # treatment given and followed, not measures of one group taken once.
    "intervened": _words(r"received", r"(?:were|was) (?:given|treated|administered)", r"underwent",
                         r"changes? in", r"\d+ (?:weeks|months|sessions) of", r"after the (?:\w+ ){0,2}?"
                         r"(?:programme|program|intervention|treatment|sessions?|course)"),
    # "We report results for 36,627 individuals from 2011 to 2013": a programme's or a clinic's
    # own series, reported as it ran, with no comparison group made for the study.
    "reported_series": _words(r"we report (?:the )?(?:results|outcomes|findings) (?:for|of|from|in) (?:the )?"
                              r"[\d,]+ (?:\w+ ){0,2}?(?:individuals|patients|people|participants|persons|subjects)"),
    "trial": _words(r"trial", r"enrolled", r"assigned to"),
    "in_vitro": _words(r"in vitro", r"cell lines?", r"cell[- ]culture", r"cultured cells", r"cells in culture",
                       r"(?:multicellular )?spheroids", r"MTT assays?",
                       r"cells were (?:treated|incubated|exposed|cultured)"),
    "animal": _words(r"mice", r"mouse", r"murine", r"rats?", r"rodents?", r"animal models?", r"rabbits?",
                     r"porcine", r"primates?", r"zebrafish", r"sheep", r"ovine(?: model)", r"piglets",
                     r"canine model", r"(?:rhesus )?macaques", r"hamsters?", r"guinea pigs?"),
    "no_humans": _words(r"no (?:humans|patients|people) were", r"no animals or patients",
                        r"no (?:people|patients|humans|participants) took part",
                        r"no (?:humans|people|patients) (?:were )?(?:studied|treated)"),
    "human_subjects": _words(r"(?:patients|participants|adults|people|volunteers|women|men|children|girls"
                             r"|boys|subjects) (?:\w+ ){0,3}?(?:were |was )?(?:enrolled|randomi[sz]ed|assigned"
                             r"|recruited|took|received|followed|treated)", r"(?<![\d,])\d[\d,]*+ (?:\w+ ){0,2}?"
                             r"(?:patients|participants|adults|adolescents|people|women|men|children|volunteers)",
                             r"(?<![\d,])\d[\d,]*+ (?:\w+ ){0,2}?individuals (?:with|aged|who)\b",
                             r"(?:patients|participants|adults|adolescents|people|women|men|children|volunteers)"
                             r" \(n ?= ?\d+"),
}
# A denial span hides the plain feature word inside it: "non-randomised" is not "randomised".
DENIALS = {"randomised": "non_randomised", "controlled": "no_control"}

# MEDLINE headings -> signal. Publication types -> signal.
HEADING_SIGNALS: dict[str, str] = {
    "random allocation": "randomised", "double-blind method": "blinded", "single-blind method": "blinded",
    "placebos": "controlled", "control groups": "controlled",
    "cohort studies": "cohort", "prospective studies": "cohort", "retrospective studies": "cohort",
    "longitudinal studies": "cohort", "follow-up studies": "cohort",
    "case-control studies": "case_control", "cross-sectional studies": "same_time",
    "controlled before-after studies": "before_after", "historically controlled study": "historical_control",
    "in vitro techniques": "in_vitro", "cell line": "in_vitro", "cell line, tumor": "in_vitro",
    "cells, cultured": "in_vitro", "mice": "animal", "rats": "animal", "disease models, animal": "animal",
    "mice, inbred c57bl": "animal", "rats, sprague-dawley": "animal", "rats, wistar": "animal",
    "mice, transgenic": "animal", "animals": "animal_heading", "humans": "humans_heading",
}
# Species headings: indexers add them for the animals an experiment used, "Humans" too when the
# material came from patients ("microbiota from patients ... transplanted to mice").
SPECIES_HEADINGS = frozenset({"mice", "rats", "mice, inbred c57bl", "rats, sprague-dawley", "rats, wistar",
                              "mice, transgenic", "disease models, animal"})
TYPE_SIGNALS: dict[str, str] = {
    "meta-analysis": "meta", "network meta-analysis": "meta", "systematic review": "systematic",
    "randomized controlled trial": "rct_type", "controlled clinical trial": "controlled_trial_type",
    "clinical trial": "trial", "clinical trial, phase i": "trial", "clinical trial, phase ii": "trial",
    "clinical trial, phase iii": "trial", "clinical trial, phase iv": "trial",
    "pragmatic clinical trial": "trial", "equivalence trial": "rct_type",
    "observational study": "observational_type", "case reports": "case_report_type", "review": "review_type",
    "editorial": "opinion", "letter": "opinion", "comment": "opinion",
}


@dataclass(frozen=True)
class Row:
    """A row of the design table: the design, the signals it needs (all of them), the signals
    that rule it out (any of them)."""

    design: DesignType
    needs: frozenset[str]
    unless: frozenset[str] = frozenset()


def _row(design: DesignType, needs: str, unless: str = "") -> Row:
    return Row(design, frozenset(needs.split()), frozenset(unless.split()))


CLINICAL = "rct_type controlled_trial_type trial observational_type human_subjects"
# An abstract that names a trial and says nothing of randomisation or a control group describes
# one group; a news item says nothing of them either way ("The VITAL trial followed 25,871
# adults"), so from an article's own words a bare "trial" decides nothing (design_from_text).
_SILENCE_IS_A_FACT = _row(D.single_arm, "trial")
# First matching row wins. Read it top to bottom as the evidence hierarchy's tie-breaks.
DESIGN_TABLE: tuple[Row, ...] = (
    _row(D.opinion, "opinion"),
    _row(D.meta_analysis_rcts, "meta of_rcts", "of_animal"),
    _row(D.meta_analysis_uncontrolled, "meta of_uncontrolled", "of_animal"),
    _row(D.meta_analysis_mixed, "meta"),
    _row(D.meta_analysis_rcts, "systematic of_rcts", "of_animal"),
    _row(D.systematic_review_qualitative, "systematic"),
    _row(D.rct, "rct_type", "non_randomised"),
    _row(D.rct, "rct_title human_subjects", "non_randomised protocol_title"),
    _row(D.narrative_review, "review_type", "case_report_type"),
    _row(D.non_randomised_controlled, "non_randomised", "no_control"),
    _row(D.preclinical_animal, "animal", "humans_heading human_subjects"),
    _row(D.preclinical_animal, "animal no_humans"),
    _row(D.preclinical_animal, "animal_heading", "humans_heading human_subjects"),
    _row(D.preclinical_animal, "species_heading animal", CLINICAL),
    _row(D.in_vitro, "in_vitro", CLINICAL),
    _row(D.in_vitro, "in_vitro no_humans"),
    _row(D.single_arm, "case_report_type case_series"),
    _row(D.case_report, "case_report_type"),
    _row(D.case_report, "case_report", "trial"),
    _row(D.narrative_review, "review", "trial cohort case_control"),
    _row(D.single_arm, "no_control"),
    _row(D.non_randomised_controlled, "historical_control"),
    _row(D.non_randomised_controlled, "before_after controlled"),
    _row(D.single_arm, "case_series"),
    _row(D.single_arm, "pilot", "randomised"),
    _row(D.rct, "randomised controlled"),
    _row(D.rct, "randomised trial"),
    _row(D.non_randomised_controlled, "controlled_trial_type"),
    _row(D.case_control, "case_control"),
    _row(D.cross_sectional, "same_time"),
    _row(D.cohort, "pooled_cohorts"),
    _row(D.cohort, "cohort"),
    _row(D.cross_sectional, "survey"),
    _row(D.case_control, "healthy_controls human_subjects", "trial before_after in_vitro animal"),
    _row(D.cross_sectional, "questionnaire human_subjects", "trial before_after pilot in_vitro animal"),
    _row(D.cross_sectional, "correlated human_subjects",
         "trial before_after pilot in_vitro animal randomised controlled no_control observational_type intervened"),
    # NLM's "Observational Study" with no word of which kind: the commonest, a cohort.
    _row(D.cohort, "observational_type"),
    _row(D.single_arm, "reported_series human_subjects", "randomised controlled trial"),
    _row(D.non_randomised_controlled, "controlled trial"),
    _SILENCE_IS_A_FACT,
    _row(D.narrative_review, "review"),
)


@dataclass(frozen=True)
class Signals:
    found: dict[str, DesignFact]

    def has(self, name: str) -> bool:
        return name in self.found

    def fact(self, name: str) -> DesignFact | None:
        return self.found.get(name)


def read_signals(text: str, publication_types: Iterable[str], mesh: Iterable[str]) -> Signals:
    found: dict[str, DesignFact] = {}
    for name in publication_types:
        if signal := TYPE_SIGNALS.get(fold_name(name)):
            found.setdefault(signal, DesignFact(field="design", value=signal, source=f"publication type: {name}"))
    for name in mesh:
        if signal := HEADING_SIGNALS.get(fold_name(name)):
            found.setdefault(signal, DesignFact(field="design", value=signal, source=f"MeSH: {name}"))
        if fold_name(name) in SPECIES_HEADINGS:
            found.setdefault("species_heading", DesignFact(field="design", value="species_heading",
                                                           source=f"MeSH: {name}"))
    denials = {feature: [m.span() for m in ABSTRACT_SIGNALS[denial].finditer(text)]
               for feature, denial in DENIALS.items()}
    for signal, pattern in ABSTRACT_SIGNALS.items():
        blocked = denials.get(signal, [])
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(b_start <= start and end <= b_end for b_start, b_end in blocked):
                continue
            found.setdefault(signal, DesignFact(field="design", value=signal,
                                                source=f'abstract: "{match.group(0)}"'))
            break
    return Signals(found)


# The title names the study's own design ("Results of two randomized, double-blind, placebo-controlled
# trials"): it outranks a background sentence of the abstract about animal models or cells.
TITLE_SIGNALS: dict[str, re.Pattern[str]] = {
    "rct_title": _words(r"randomi[sz]ed(?:,? (?:double|single|triple)[- ]blind(?:ed)?)?(?:,? (?:placebo|sham)[- ]"
                        r"controlled)?(?:,? (?:multicent(?:er|re)|parallel[- ]group|crossover))*,? (?:controlled )?"
                        r"(?:clinical )?trials?"),
    "protocol_title": _words(r"study protocol", r"protocol for", r"design and rationale", r"rationale and design"),
}


def title_signals(title: str) -> dict[str, DesignFact]:
    """The design the title states, each with its phrase."""
    found = {}
    for signal, pattern in TITLE_SIGNALS.items():
        if match := pattern.search(title):
            found[signal] = DesignFact(field="design", value=signal, source=f'title: "{match.group(0)}"')
    return found


def fold_name(name: str) -> str:
    return " ".join(name.casefold().split())


def design_from_record(record: Record) -> StudyDesign:
    text = " ".join([record.title, *(s.text for s in record.abstract)])
    return design_from_text(text, record.publication_types, record.mesh_headings, basis="record", title=record.title,
                            provenance=f"PubMed {record.pmid}: publication types, MeSH, abstract" if record.pmid
                            else f"Crossref {record.doi}: title only (no publication types, MeSH or abstract)",
                            conclusion=_conclusion(record), abstract_only=" ".join(s.text for s in record.abstract))


def design_from_article(title: str, sentences: Iterable[str], citation_label: str) -> StudyDesign:
    """The design as the article itself describes the cited study, when no record is at hand."""
    text = " ".join([title, *sentences])
    return design_from_text(text, (), (), basis="article",
                            provenance=f"the article's own description of {citation_label}")


# A pure function of the texts (verifier/memo.py): a record's design is read once for all its
# citations. Designs are a few kilobytes each: those of the last few articles' studies are kept.
DESIGNS_KEPT = 256


@memo.kept_up_to(DESIGNS_KEPT)
def design_from_text(text: str, publication_types: tuple[str, ...], mesh: tuple[str, ...], *,
                     basis: str, provenance: str, conclusion: str | None = None,
                     abstract_only: str | None = None, title: str = "") -> StudyDesign:
    signals = read_signals(text, publication_types, mesh)
    for name, fact in title_signals(title).items():
        signals.found.setdefault(name, fact)
    kind, row = classify_signals(signals)
    if basis == "article" and row is _SILENCE_IS_A_FACT:
        kind, row = D.unknown, None
    decided = [f for name in sorted(row.needs) if (f := signals.fact(name)) is not None] if row else []
    population = _population(signals, kind)
    pooled = _pooled(signals, kind)
    n, unit = _size(text, kind, population)
    controlled, randomized, blinded = _arms(signals, kind)
    level = _level(kind, population, signals)
    phase = PHASE.search(text)
    follow = FOLLOW_UP.search(text)
    outcome, met, outcome_source = primary_outcome(abstract_only if abstract_only is not None else text)
    if met is None and kind in TRIALS and conclusion:
        outcome, met, outcome_source = concluded_null(conclusion) or (outcome, met, outcome_source)
    arms = comparator_arms(text)
    facts = [DesignFact(field="type", value=kind.value, source=f.source) for f in decided]
    if pooled:
        facts.append(DesignFact(field="pooled", value=pooled[0], source=pooled[1]))
    if outcome:
        facts.append(DesignFact(field="primary_outcome", value=outcome, source=outcome_source))
    return StudyDesign(
        type=kind, evidence_level=level, population=population, n=n, n_unit=unit,
        controlled=controlled, randomized=randomized, blinded=blinded,
        phase=phase.group(1) if phase else None, follow_up=follow.group(1) if follow else None,
        conclusion=conclusion, conclusion_strength=strength(conclusion)[0] if conclusion else None,
        cues=tuple(f.source for f in decided), basis=basis,  # type: ignore[arg-type]  # basis: str
        provenance=provenance, facts=tuple(facts), pooled_designs=pooled[0] if pooled else None,
        primary_outcome=outcome, primary_met=met, arms=arms,
        historical_control=signals.has("historical_control"))


def classify_signals(signals: Signals) -> tuple[DesignType, Row | None]:
    for row in DESIGN_TABLE:
        if all(signals.has(s) for s in row.needs) and not any(signals.has(s) for s in row.unless):
            return row.design, row
    return D.unknown, None


def classify(text: str, types: Iterable[str], mesh: Iterable[str]) -> tuple[DesignType, list[str]]:
    """The design type and the sources that decided it (publication type, heading, phrase)."""
    signals = read_signals(text, types, mesh)
    kind, row = classify_signals(signals)
    return kind, [f.source for name in sorted(row.needs) if (f := signals.fact(name))] if row else []


def _population(signals: Signals, kind: DesignType) -> Population:
    if kind == D.in_vitro:
        return Population.in_vitro
    pooled_humans = kind in REVIEWS and signals.has("of_humans")
    if kind == D.preclinical_animal or (kind in REVIEWS and signals.has("of_animal") and not pooled_humans):
        return Population.animal
    human = signals.has("humans_heading") or signals.has("human_subjects")
    animal = signals.has("animal") or signals.has("animal_heading")
    if kind in REVIEWS and (human or pooled_humans) and (animal or signals.has("in_vitro")):
        return Population.mixed
    if human or pooled_humans or kind not in (*REVIEWS, D.opinion, D.unknown):
        return Population.human
    return Population.animal if animal else Population.unspecified


def _pooled(signals: Signals, kind: DesignType) -> tuple[str, str] | None:
    """What a meta-analysis or systematic review pooled, with the phrase that says so."""
    if kind not in REVIEWS or kind == D.narrative_review:
        return None
    for signal, what in (("of_animal", "animal studies"), ("of_rcts", "randomised trials"),
                         ("of_uncontrolled", "uncontrolled studies"),
                         ("of_observational", "observational studies"), ("of_humans", "studies in people")):
        if signal == "of_animal" and signals.has("of_humans"):
            continue  # "nine studies in IE patients" pooled; the animal studies are only summarised
        if fact := signals.fact(signal):
            return what, fact.source
    return None


def _level(kind: DesignType, population: Population, signals: Signals) -> int | None:
    if population in (Population.animal, Population.in_vitro):
        return 5  # mechanism-based evidence, pooled or not
    if kind == D.non_randomised_controlled and signals.has("historical_control"):
        return 4  # CEBM 2011 puts historically controlled studies at level 4
    return LEVEL.get(kind)


PHASE = re.compile(r"\bphase\s*(I{1,3}V?|[1-4](?:/[1-4]a?)?|I/II|II/III)\b", re.I)
FOLLOW_UP = re.compile(r"\b(?:followed(?: up)?|follow-up)(?: \w+){0,3}? (?:for |of |at )?"
                       r"(\d+(?:\.\d+)? (?:days?|weeks?|months?|years?))", re.I)
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                 "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
                 "forty": 40, "fifty": 50}
# A count starts where a number starts (never inside "1,1,1,...": every start inside a run would rescan it,
# quadratic on long runs) and has at most 15 characters: int() refuses over 4,300 digits, no sample is that large.
_TENS = r"(?:twenty|thirty|forty|fifty)-(?:one|two|three|four|five|six|seven|eight|nine)"  # "Twenty-four sheep"
_COUNT = (r"(?<![\d,])(\d[\d,]{0,14}+|" + _TENS + "|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
          + r")(?!\s*(?:%|percent\b|per cent\b))")  # "Fifty-one percent of the participants" is no count
N_PEOPLE = re.compile(r"\b(?:n\s*=\s*(\d[\d,]{0,14}+)|" + _COUNT + r"\s+(?:[\w\-]+\s+){0,3}?(?:patients|participants"
                      r"|subjects|individuals|adults|adolescents|children|women|men|girls|people|persons|volunteers"
                      r"|sufferers|eyes))\b", re.I)
N_ANIMALS = re.compile(r"\b" + _COUNT + r"\s+(?:[\w\-]+\s+){0,2}?(?:mice|rats|animals|rabbits|dogs|pigs|sheep)\b", re.I)
N_STUDIES = re.compile(r"\b" + _COUNT + r"\s+(?:[\w\-]+\s+){0,2}?(?:studies|trials|articles|papers|RCTs|cohorts)\b",
                       re.I)


def _count(raw: str) -> int:
    if "-" in raw:
        return sum({"one": 1}.get(part) or _NUMBER_WORDS[part] for part in raw.casefold().split("-"))
    return _NUMBER_WORDS.get(raw.casefold()) or int(raw.replace(",", ""))


def _size(text: str, kind: DesignType, population: Population
          ) -> tuple[int | None, Literal["participants", "studies", "animals"]]:
    unit: Literal["participants", "studies", "animals"] = (
        "studies" if kind in REVIEWS else "animals" if population == Population.animal else "participants")
    pattern = {"studies": N_STUDIES, "animals": N_ANIMALS, "participants": N_PEOPLE}[unit]
    counts, at = [], 0
    while (m := pattern.search(text, at)) is not None:
        raw = next((g for g in m.groups() if g), None)
        if raw is not None and _a_year(text, m, raw):
            at = text.find(raw, m.start()) + len(raw)  # read on after the year: "2011 six patients"
            continue
        if raw is not None:
            counts.append(_count(raw))
        at = m.end()
    return (max(counts), unit) if counts else (None, unit)


_YEAR_BEFORE = re.compile(r"(?:\b(?:between|from|since|during|until|through|in)|\b(?:19|20)\d\d\s*(?:and|to|-|–))\s*$",
                          re.I)
_YEAR_AFTER = re.compile(r"\s*(?:and|to|through|-|–)\s*(?:19|20)\d\d\b", re.I)


def _a_year(text: str, match: re.Match[str], raw: str) -> bool:
    """"Between 2007 and 2011 six patients were treated": 2007 and 2011 are years, not counts."""
    if len(raw) != 4 or raw[:2] not in ("19", "20"):
        return False
    at = text.find(raw, match.start())
    return bool(_YEAR_BEFORE.search(text, max(at - 16, 0), at) or _YEAR_AFTER.match(text, at + 4))


def _arms(signals: Signals, kind: DesignType) -> tuple[bool | None, bool | None, bool | None]:
    """(controlled, randomised, blinded); None where nothing says."""
    blinded = True if signals.has("blinded") else (False if signals.has("open_label") else None)
    if kind in (D.single_arm, D.case_report, D.meta_analysis_uncontrolled):
        return False, False, False if signals.has("open_label") or kind == D.case_report else None
    if kind in (D.narrative_review, D.opinion, D.systematic_review_qualitative):
        return False, False, None
    if kind in (D.rct, D.meta_analysis_rcts):
        return True, True, blinded
    if kind in (D.non_randomised_controlled, D.cohort, D.case_control):
        return True, False, blinded
    return None, None, None


_PRIMARY = re.compile(r"\bprimary (?:outcomes?|end ?points?|efficacy end ?points?|analysis)\b", re.I)
_NOT_MET = _words(r"did not (?:differ|reduce|improve|lower|change|significantly)", r"not significantly",
                  r"no significant", r"neither", r"was not (?:met|lowered|reduced|significant)",
                  r"were not (?:met|lowered|reduced|significant)", r"did not significantly", r"no difference",
                  r"not (?:lowered|reduced)")
_MET = _words(r"improved", r"reduced", r"significantly (?:lower|higher|better|fewer|greater)", r"was met",
              r"were met", r"p\s*[<=]\s*0\.0[0-4]\d*", r"relative reduction")


def primary_outcome(abstract: str) -> tuple[str | None, bool | None, str]:
    """The primary outcome's sentence and whether it was met (None: the abstract does not say)."""
    match = _PRIMARY.search(abstract)
    if match is None:
        return None, None, ""
    # The clause around the phrase: back to the last "." or ";", on to the next "." (found with
    # rfind/find, not a leading [^.;]*, which rescans the text from every position).
    start = max(abstract.rfind(".", 0, match.start()), abstract.rfind(";", 0, match.start())) + 1
    end = abstract.find(".", match.end())
    sentence = abstract[start:end if end >= 0 else len(abstract)].strip()
    met = False if _NOT_MET.search(sentence) else True if _MET.search(sentence) else None
    return sentence[:200], met, f'abstract: "{sentence[:120]}"'


_ARM = re.compile(r"\b(?:placebo|sham|usual care|standard care|waiting[- ]list|wait[- ]list|no treatment"
                  r"|(?:[\w]+[- ])?(?:education|support|active) controls?|chest radiography|vancomycin"
                  r"|psychotherapy|antidepressants?|(?:[\w]+[- ])?control group)\b", re.I)


TRIALS = (D.rct, D.non_randomised_controlled)
# A trial's conclusion that it showed no benefit, when the abstract names no primary outcome:
# "did not show a signal that adding G to A improves PFS", "its use is not supported".
_CONCLUDED_NULL = _words(r"did not (?:show|demonstrate|find|improve|reduce|prolong|lower|increase)",
                         r"(?:was|were) not (?:superior|better|more effective|associated with (?:a |any )?"
                         r"(?:benefit|improvement))",
                         r"no (?:significant |clinically meaningful )?(?:benefit|improvement|difference|effect)",
                         r"failed to (?:show|demonstrate|improve|reduce|meet)",
                         r"is not supported", r"could not confirm")


_CONCLUSION_LABEL = re.compile(r"\bCONCLUSIONS?\s*:")


def concluded_null(conclusion: str) -> tuple[str, bool, str] | None:
    """(the conclusion's sentence, False, its source) when a trial's conclusion says it showed no
    benefit; read only when the abstract names no primary outcome of its own. In an abstract
    printed as one block, the conclusion is what follows "CONCLUSION(S):", else its last two sentences."""
    label = _CONCLUSION_LABEL.search(conclusion)
    sentences = re.split(r"(?<=[.;])\s+", conclusion[label.end():] if label else conclusion)
    for sentence in sentences if label else sentences[-2:]:
        if match := _CONCLUDED_NULL.search(sentence):
            return sentence.strip()[:200], False, f'conclusion: "{match.group(0)}" in "{sentence.strip()[:120]}"'
    return None


def comparator_arms(text: str) -> tuple[str, ...]:
    """The comparators the study names: placebo, usual care, a waiting list, an active control."""
    return tuple(dict.fromkeys(m.group(0).casefold() for m in _ARM.finditer(text)))


def _conclusion(record: Record) -> str | None:
    for section in record.abstract:
        if section.label and section.label.upper().startswith("CONCLUSION"):
            return section.text
    return record.abstract[-1].text if record.abstract else None


