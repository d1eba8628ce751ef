"""Design from everything a record says: publication types, MEDLINE headings, the abstract with
negation and scope. Each text is our own short restatement of a real study's design facts
(named in the comment, as confirmed on public pages), or a plain description where marked."""

from __future__ import annotations

import pytest

from verifier.design import DESIGN_TABLE, design_from_article, design_from_text
from verifier.models import DesignType, Population, StudyDesign

D = DesignType


def design(text: str, types: tuple[str, ...] = ("Journal Article",), mesh: tuple[str, ...] = ()) -> StudyDesign:
    return design_from_text(text, types, mesh, basis="record", provenance="test", abstract_only=text)


def test_non_randomised_is_not_randomised() -> None:
    # Hallberg 2018 (Virta): open-label, non-randomised, controlled before-and-after study
    found = design("Open-label, non-randomised controlled study: 262 adults who chose the remote care "
                   "programme were compared with 87 who chose usual care.",
                   ("Journal Article", "Controlled Clinical Trial"))
    assert (found.type, found.randomized, found.evidence_level) == (D.non_randomised_controlled, False, 3)
    assert 'abstract: "non-randomised"' in found.cues


def test_without_a_control_group_is_single_arm() -> None:
    # Schrag 2023 (PATHFINDER): prospective single-group cohort, no control group
    found = design("A prospective cohort of 6662 adults had the blood test, without a control group.")
    assert (found.type, found.controlled) == (D.single_arm, False)


def test_a_cell_study_that_mentions_its_control_stays_in_vitro() -> None:
    # Scott 2017: leukaemia cell lines; no animals or patients treated
    found = design("Leukaemia cell lines were treated with cannabinoids and chemotherapy and compared with "
                   "untreated control cells.")
    assert (found.type, found.population, found.evidence_level) == (D.in_vitro, Population.in_vitro, 5)


def test_a_meta_analysis_of_animal_studies_is_animal_evidence() -> None:
    # plain description (no real study): the pooled designs decide the population and the level
    found = design("Meta-analysis of 40 animal studies in rats and mice.", ("Meta-Analysis",), ("Animals",))
    assert (found.type, found.population, found.evidence_level) == (D.meta_analysis_mixed, Population.animal, 5)
    assert found.pooled_designs == "animal studies" and "meta-analysis of animal studies" in found.describe()


def test_a_pooled_analysis_of_trials_is_a_meta_analysis_of_trials() -> None:
    found = design("A pooled analysis of three randomised controlled trials in 2400 adults.")
    assert found.type == D.meta_analysis_rcts


def test_a_pooled_analysis_of_cohorts_is_a_cohort_study() -> None:
    # O'Brien 2020: pooled analysis of four US prospective cohorts
    found = design("A pooled analysis of four prospective cohorts of 252,745 women.", mesh=("Humans",))
    assert found.type == D.cohort


def test_mouse_studies_are_animal_not_mixed() -> None:
    # Harrison 2009: genetically heterogeneous mice; no humans studied
    found = design("Mice fed rapamycin late in life lived longer. No humans were studied.", mesh=("Animals", "Mice"))
    assert (found.type, found.population, found.n_unit) == (D.preclinical_animal, Population.animal, "animals")


def test_historical_controls_are_level_4() -> None:
    found = design("Patients given the new protocol were compared with historical controls.",
                   mesh=("Humans", "Historically Controlled Study"))
    assert (found.type, found.evidence_level, found.historical_control) == (D.non_randomised_controlled, 4, True)


@pytest.mark.parametrize(("heading", "expected"), [
    ("Cross-Sectional Studies", D.cross_sectional), ("Case-Control Studies", D.case_control),
    ("Cohort Studies", D.cohort), ("Retrospective Studies", D.cohort),
])
def test_design_headings_decide_when_the_abstract_is_silent(heading: str, expected: DesignType) -> None:
    found = design("Health records of adults were analysed.", mesh=("Humans", heading))
    assert found.type == expected and f"MeSH: {heading}" in found.cues


def test_random_allocation_heading_and_a_usual_care_arm_make_an_rct() -> None:
    found = design("Participants were assigned to exercise or usual care.", mesh=("Humans", "Random Allocation"))
    assert found.type == D.rct and "usual care" in found.arms


def test_primary_outcome_not_met_and_its_arms() -> None:
    # Fowler 2019 (CITRIS-ALI): primary outcomes did not differ; placebo arm
    found = design("Randomised, double-blind trial of vitamin C or placebo in 167 patients. The primary outcome, "
                   "change in organ failure score, did not differ significantly between groups.",
                   ("Journal Article", "Randomized Controlled Trial"))
    assert (found.type, found.primary_met, found.blinded, found.n) == (D.rct, False, True, 167)
    assert "placebo" in found.arms and any(f.field == "primary_outcome" for f in found.facts)


def test_case_reports_of_ten_patients_are_a_case_series() -> None:
    # Bredesen 2016: report of ten treated patients, no control group
    found = design("Report of ten patients with cognitive decline treated with the programme.", ("Case Reports",))
    assert found.type == D.single_arm


def test_the_table_has_no_row_that_can_never_match_before_a_broader_one() -> None:
    """A row whose needs include an earlier row's needs, with no extra exclusion, can still be
    reached; a row identical to an earlier one cannot."""
    seen = set()
    for row in DESIGN_TABLE:
        key = (row.needs, row.unless)
        assert key not in seen, row
        seen.add(key)


def _with_title(title: str, abstract: str) -> StudyDesign:
    return design_from_text(f"{title} {abstract}", ("Journal Article",), (), basis="record", provenance="test",
                            abstract_only=abstract, title=title, conclusion=abstract)


def test_the_title_s_randomised_trials_outrank_animal_models_in_the_background() -> None:
    # Berry-Kravis 2016 (PMID 26764156): two phase 2b RCTs of mavoglurant in fragile X; the abstract
    # opens with work in animal models, and neither trial met its primary end point
    found = _with_title("Mavoglurant in fragile X syndrome: Results of two randomized, double-blind, "
                        "placebo-controlled trials.",
                        "Work in animal models pointed to mGluR5 signalling. Adults (n = 175) and adolescents "
                        "(n = 139) were randomised to mavoglurant or placebo. Neither study achieved the primary "
                        "efficacy end point.")
    assert (found.type, found.population, found.primary_met) == (D.rct, Population.human, False)
    assert any(c.startswith('title: "randomized, double-blind, placebo-controlled trials"') for c in found.cues)


def test_a_trial_s_null_conclusion_stands_for_an_unnamed_primary_outcome() -> None:
    # Tryfonidis 2016 for the EORTC (PMID 26724641): phase II RCT closed early; no "primary" in the abstract
    found = _with_title("A randomized, double-blind, placebo-controlled phase II trial of anastrozole with "
                        "gefitinib or placebo.",
                        "METHODS: 71 patients were randomised to gefitinib or placebo. RESULTS: progression-free "
                        "survival at one year was 35% and 32%. CONCLUSIONS: The trial did not show a signal that "
                        "adding gefitinib improves progression-free survival, and its use is not supported.")
    assert (found.type, found.primary_met) == (D.rct, False)
    assert found.primary_outcome is not None and found.primary_outcome.startswith("The trial did not show")
    assert any(f.field == "primary_outcome" and f.source.startswith('conclusion: "did not show"') for f in found.facts)


def test_a_null_finding_in_the_results_is_not_the_conclusion() -> None:
    # plain description: a secondary null result before a positive conclusion leaves primary_met unknown
    found = _with_title("A randomised trial of a walking programme.",
                        "RESULTS: 200 adults were randomised; quality of life showed no difference. "
                        "CONCLUSIONS: Walking improved fitness.")
    assert found.primary_met is None


def test_a_meta_analysis_of_patient_studies_that_also_summarises_animal_work_is_not_animal_evidence() -> None:
    # Sun 2016 (PMID 26000815): nine studies of MRP1 expression in patients with intractable epilepsy
    # pooled; experiments in animal models only summarised beside them
    found = design("We conducted a meta-analysis of nine studies (Jadad score 3 or more) on MRP1 expression in "
                   "IE patients. Most relevant preclinical studies found higher MRP1 expression in model rodents.")
    assert (found.type, found.population) == (D.meta_analysis_mixed, Population.mixed)
    assert found.pooled_designs == "studies in people" and found.evidence_level == 3


def test_mice_given_patients_material_are_an_animal_study() -> None:
    # Ritz 2024 (PMID 38147649): microbiota from patients with social anxiety transplanted to mice;
    # indexed with Humans, Animals and Mice
    found = design("We transplanted the microbiota from patients with social anxiety disorder to mice, which then "
                   "had a heightened sensitivity to social fear.", mesh=("Humans", "Animals", "Mice"))
    assert (found.type, found.population, found.evidence_level) == (D.preclinical_animal, Population.animal, 5)


def test_cells_in_spheroids_and_mtt_assays_are_in_vitro() -> None:
    # Jendzelovsky 2016 (PMID 26721606): ovarian cancer cells, MTT assays in multicellular spheroids
    found = design("Proadifen sensitised resistant ovarian cancer cells to cisplatin, confirmed by MTT assays in "
                   "multicellular spheroids.")
    assert (found.type, found.population) == (D.in_vitro, Population.in_vitro)


def test_an_observational_study_by_publication_type_alone_is_a_cohort() -> None:
    # A plain description: only NLM's "Observational Study" says what the design is.
    found = design("Tea intake was recorded in 4000 older women; hip fractures were rarer among daily drinkers.",
                   ("Journal Article", "Observational Study"))
    assert (found.type, found.evidence_level, found.randomized) == (D.cohort, 3, False)
    assert "publication type: Observational Study" in found.cues


def test_an_observational_study_that_names_a_cross_sectional_design_stays_cross_sectional() -> None:
    # A plain description: the abstract's "cross-sectional" outranks the generic publication type.
    found = design("A cross-sectional survey of 900 nurses measured sleep and burnout.",
                   ("Journal Article", "Observational Study"))
    assert found.type == D.cross_sectional


def test_years_before_a_count_are_not_the_sample_size() -> None:
    # Henrichs 2016 (PMID 26695847): six patients with sacral bone cysts embolised between 2007 and 2011
    found = design("Between 2007 and 2011 six patients (aged 8 to 18) with a bone cyst of the sacrum were treated "
                   "by arterial embolisation.")
    assert (found.n, found.n_unit) == (6, "participants")


def test_counts_spelled_out_past_twelve_are_read() -> None:
    # Alshahrani 2016 (PMID 26808781): a single-group pre-post trial in thirteen patients
    found = design("Prospective pre-post, single group clinical trial. Thirteen patients with diabetic peripheral "
                   "neuropathy received ten sessions.")
    assert (found.type, found.n) == (D.single_arm, 13)


def test_patients_beside_healthy_or_matched_controls_are_case_control() -> None:
    # Yui 2016 (PMID 26552013): 30 individuals with autism and 20 matched controls, measured once
    found = design("Plasma fatty acids were measured once in 30 individuals with autism and in 20 age- and "
                   "sex-matched normal controls.")
    assert (found.type, found.population, found.evidence_level) == (D.case_control, Population.human, 4)
    # Sinegre 2016 (PMID 26806287): plasma of 30 cirrhotic patients against 10 healthy controls
    found = design("Plasma samples of 30 patients with cirrhosis were compared with those of 10 healthy controls.")
    assert found.type == D.case_control


def test_healthy_volunteers_giving_cells_leave_a_cell_study_unread() -> None:
    # Chenevier-Gobeaux 2016 (PMID 26743983): blood cells of 5 healthy volunteers and a monocytic cell line
    found = design("Mononuclear cells from 5 healthy volunteers and a monocytic cell line were stimulated "
                   "with lipopolysaccharide.")
    assert found.type != D.case_control


def test_people_asked_once_by_questionnaire_are_a_cross_sectional_survey() -> None:
    # Hwang 2023 (PMID 37822558): 138 vaccinated adolescents and their caregivers completed questionnaires
    found = design("We invited 138 vaccinated adolescents and their caregivers to complete three questionnaires.")
    assert (found.type, found.n, found.evidence_level) == (D.cross_sectional, 138, 4)
    # a trial that uses questionnaires as outcomes stays a trial
    found = design("In this randomised trial, 80 adults assigned to yoga or usual care completed questionnaires.")
    assert found.type == D.rct


def test_sheep_are_an_animal_model_and_hyphenated_counts_are_read() -> None:
    # Oehme 2016 (PMID 26799116): injured lumbar discs of 24 sheep injected with precursor cells
    found = design("Twenty-four sheep had annular incisions made to induce disc degeneration in an ovine model.")
    assert (found.type, found.population, found.n, found.evidence_level) == (
        D.preclinical_animal, Population.animal, 24, 5)


def test_a_share_of_the_participants_is_not_the_sample_size() -> None:
    # a plain description: "Fifty-one percent of the participants" is a share, 40 is the count
    found = design("A survey of 40 participants was run. Fifty-one percent of the participants were nurses.")
    assert found.n == 40


@pytest.mark.parametrize(("described", "kind"), [
    # a news item names the trial and says nothing of its arms: nothing is decided
    ("The VITAL trial followed 25,871 adults for a median of 5.3 years.", DesignType.unknown),
    # the same article saying there was one group, or randomisation, decides
    ("The small trial, which had no control group, followed 16 adults.", DesignType.single_arm),
    ("The randomised trial followed 25,871 adults for a median of 5.3 years.", DesignType.rct),
])
def test_an_article_naming_a_trial_says_nothing_of_its_arms(described: str, kind: DesignType) -> None:
    assert design_from_article("", [described], "Manson 2019").type == kind


def test_an_abstract_naming_a_trial_and_no_control_describes_one_group() -> None:
    assert design("In this trial, 16 adults received eye drops twice daily for 12 weeks.").type == DesignType.single_arm


def test_one_group_whose_measures_are_correlated_is_cross_sectional() -> None:
    # Sawada 2016 (PMID 26449588): 23 patients with fibromyalgia measured once, sway correlated with a score
    found = design("Subjects were 24 patients with fibromyalgia; 23 were assessed once on a stabilometer and by "
                   "dizziness questionnaires. Body sway was significantly correlated with the dizziness score.")
    assert (found.type, found.evidence_level) == (D.cross_sectional, 4)
    # a trial that correlates its measures stays a trial
    found = design("In this randomised trial, 60 patients were assigned to exercise or usual care; the change in "
                   "pain was correlated with the change in sleep.")
    assert found.type == D.rct
    # a treatment given and followed whose changes are correlated is no survey of one moment
    for treated in ("Forty patients received 12 weeks of acupuncture; change in pain was correlated with baseline "
                    "anxiety.", "In 40 patients with knee osteoarthritis, pain scores were significantly correlated "
                    "with BMI before and 12 weeks after the exercise programme."):
        assert design(treated).type != D.cross_sectional, treated


def test_a_programme_reporting_its_own_series_is_a_case_series() -> None:
    # Yamaguchi 2016 (PMID 26789514): a city's opportunistic screening of 36,627 people, 65 cancers found
    found = design("We report results for 36,627 individuals screened with the ABC method from 2011 to 2013. "
                   "Gastric cancer was detected in 65 patients.")
    assert (found.type, found.evidence_level) == (D.single_arm, 4)
    # results reported for randomised patients are a trial's
    found = design("We report results for 300 patients randomised to drug or placebo.")
    assert found.type == D.rct
