"""Claims in the words health pages use (verifier/claim_words.py): everyday effect verbs,
evaluations, comparisons, prevalence, safety, imperatives with a promised effect; and the
sentences of the same look that are not claims. Every sentence is written for this test."""

from __future__ import annotations

import pytest
from conftest import article_from_text

from verifier.citations import find_citations
from verifier.claim_words import extra_cues, health_words, states_a_finding
from verifier.claims import (
    _title_case,
    article_sentences,
    extract_claims,
    findings_paragraphs,
    looks_like_reference,
    not_a_claim,
    split_sentences,
)
from verifier.language import CueKind, find_cues
from verifier.models import Claim


def claims_of(text: str) -> list[Claim]:
    article = article_from_text(text + "\n")
    return list(extract_claims(article, find_citations(article)))


@pytest.mark.parametrize("sentence", [
    "Turmeric fights inflammation naturally.",
    "Our greens powder supports healthy digestion and immunity.",
    "Collagen strengthens hair and nails.",
    "This supplement detoxifies the liver.",
    "Sugar feeds cancer cells.",
    "Chronic inflammation underlies most modern diseases.",
    "Heavy drinking damages the liver.",
    "Omega-3 fatty acids support brain development in infants.",
    "This tea has been used for centuries to calm the mind.",
])
def test_everyday_effect_verbs_make_a_claim(sentence: str) -> None:
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", [
    "Vitamin D is essential for strong bones.",
    "Omega-3s are good for your brain.",
    "Curcumin is a potent anti-inflammatory compound.",
    "Regular exercise keeps depression at bay.",
    "Too much salt puts a strain on your kidneys.",
    "Green tea extract speeds up your metabolism.",
    "Sitting all day is as bad for you as smoking.",
    "Smokers are twice as likely to develop gum disease.",
    "Walnuts are the best nut for heart health.",
    "Acupuncture is no better than sham needling for back pain.",
    "Children today are less active than their parents were.",
    "Cancer survival in England lags behind other rich countries.",
    "Uptake of the vaccine varied widely between regions.",
    "Antibiotics do nothing against viral infections.",
])
def test_evaluations_and_comparisons_are_claims(sentence: str) -> None:
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize(("sentence", "rule"), [
    ("Around one in three adults has high blood pressure.", "prevalence"),
    ("Most adults in the US do not get enough magnesium.", "prevalence"),
    ("Vitamin D deficiency is widespread in northern countries.", "prevalence"),
    ("Dark chocolate is rich in flavonoids.", "composition"),
    ("Stem cell injections for knee pain are unproven.", "evidence statement"),
    ("Knowledge of the guidelines was poor among junior doctors.", "a level reported"),
])
def test_findings_without_a_relation_word_are_claims(sentence: str, rule: str) -> None:
    assert states_a_finding(sentence) == rule
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", [
    "Collagen from bone broth makes your skin look ten years younger.",
    "A warm bath made their joints feel less stiff.",
    "This therapy worked best when the sessions were held twice a week.",
    "The drug did not work in children under five.",
    "These injections also work well for shoulder pain.",
])
def test_a_look_or_a_feeling_given_and_a_treatment_that_works_are_claims(sentence: str) -> None:
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", [
    "The new lamp made the waiting room look brighter.",  # nothing about the body
    "The drug trolley worked well on the second floor.",  # a thing named after the treatment worked
    "The treatment room worked best as a meeting room.",
])
def test_looks_of_things_and_things_that_work_are_no_claim(sentence: str) -> None:
    assert claims_of(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Eight weeks of fasting shrank liver fat in adults with obesity.",  # an irregular past
    "Nobody in the trial developed low blood sugar.",
    "Not a single patient needed a blood transfusion.",
    "The effect was larger in people with high cholesterol at the start.",
    "The reductions were more marked in smokers with stiff arteries.",
])
def test_irregular_pasts_no_case_at_all_and_a_larger_effect_are_claims(sentence: str) -> None:
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", [
    "Nobody in our office had a day off in June.",  # no health word
    "The effects were larger in the second year of the project.",  # nothing about health
    "The market shrank in the spring.",
])
def test_the_same_wordings_about_offices_and_projects_are_no_claim(sentence: str) -> None:
    assert claims_of(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Most back pain goes away on its own within six weeks.",
    "A mild sprain heals by itself in a fortnight.",
    "There is no safe level of alcohol for pregnant women.",
])
def test_the_course_of_a_condition_and_nothing_safe_are_claims(sentence: str) -> None:
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", [
    "The paint smell goes away after a day.",  # nothing about the body
    "There is no safe level of noise in an open-plan office.",
])
def test_a_smell_going_away_and_noise_are_no_claim(sentence: str) -> None:
    assert claims_of(sentence) == []


@pytest.mark.parametrize("sentence", [
    "People with fewer gut bacteria of one kind reported more severe depression.",
    "Women who slept less than six hours had higher blood pressure at follow-up.",
    "Children with lower vitamin D levels were more often admitted with asthma.",
])
def test_two_groups_compared_on_the_body_are_claims(sentence: str) -> None:
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", [
    "People with more pets reported more visits to the park.",  # people, nothing about the body
    "Shops with larger windows had more customers on Saturdays.",
])
def test_two_groups_compared_on_anything_else_are_no_claim(sentence: str) -> None:
    assert claims_of(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Salt raises blood pressure in adults.",
    "Eating two eggs a day will not raise your cholesterol.",
    "Weight-bearing exercise builds bone density.",
    "Detox foot pads draw toxins out through the soles of your feet.",
    "Our treatments are backed by the latest science.",
    "This serum is clinically proven to firm ageing skin.",
])
def test_raise_build_draw_out_and_evidence_claimed_are_claims(sentence: str) -> None:
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", [
    "We raised money for the children's ward last spring.",  # people and places, nothing about the body
    "Muscle Building Supplement Stack",  # "building" names a kind of product
    "Stem cells are a natural building block of our bodies.",
    "Our prices are backed by a guarantee.",
    "Our products are backed by science.",  # no health word
])
def test_raising_money_building_blocks_and_guarantees_are_no_claim(sentence: str) -> None:
    assert claims_of(sentence) == []


@pytest.mark.parametrize("sentence", [
    "New Blood Test Spots Cancer Years Early",
    "The scan can detect bone loss before a fracture.",
    "A simple saliva test picks up gum disease in children.",
])
def test_what_a_test_finds_is_a_claim(sentence: str) -> None:
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", [
    "The app detects when your phone is left at home.",  # nothing about the body
    "Our screening day caught the attention of the local press.",
])
def test_what_an_app_or_an_event_catches_is_no_claim(sentence: str) -> None:
    assert claims_of(sentence) == []


@pytest.mark.parametrize("sentence", [
    "One in three customers prefers the blue label.",
    "The new policy supports small firms.",
    "Most of our staff live nearby.",
])
def test_the_same_wording_without_a_health_word_is_no_claim(sentence: str) -> None:
    assert health_words(sentence) == frozenset()
    assert claims_of(sentence) == []


@pytest.mark.parametrize("sentence", [
    "It is now clear that the clinic is busy.",  # "is" before "clear" is no plural subject
    "The clinic was firm about visiting hours for patients.",
    "Its support for patients comes from the hospital charity.",
    "Our team is behind the new hospital website.",  # people and places of care, nothing about health
    "The nurses are good for a laugh.",
    "Our doctors speed up the paperwork.",
])
def test_sentences_about_staff_and_service_are_no_claim(sentence: str) -> None:
    assert claims_of(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Our physiotherapists work closely with your GP to plan your care.",
    "Our nurses work hard to keep patients comfortable.",
    "The dietitian works alongside the surgical team.",
    "Our pharmacists work with patients and families on every ward.",
    "Our counsellors work remotely with patients across the region.",
    "The care team works in partnership with local hospitals.",
    "Our nurses work as a team on every ward.",
])
def test_how_staff_work_is_no_claim(sentence: str) -> None:
    assert claims_of(sentence) == []


@pytest.mark.parametrize("sentence", [
    "The therapy works well for knee pain.",
    "The vaccine works in people over 65.",
    "The two drugs work well together to lower blood pressure.",
    "This drug works with your immune system against the tumour.",  # no word for staff before "works"
    "Vitamin D and calcium work well together for bone health.",
    "Metformin works together with insulin.",
    "The therapy works with patients of all ages.",
    "This cream works hard to hydrate your skin.",
])
def test_what_a_treatment_does_when_it_works_is_a_claim(sentence: str) -> None:
    assert [c.text for c in claims_of(sentence)] == [sentence]
    assert any(cue.text.startswith("work") for cue in find_cues(sentence))


@pytest.mark.parametrize(("sentence", "kind", "strength"), [
    ("It has no known side effects.", CueKind.safety_absolute, 3),
    ("Nobody in the trial was harmed.", CueKind.safety_absolute, 3),
    ("The injections were well tolerated.", CueKind.qualifier, 2),
    ("Adverse events were rare and mild.", CueKind.qualifier, 2),
    ("No participant reported serious adverse events.", CueKind.qualifier, 2),
])
def test_safety_claims_absolute_and_qualified(sentence: str, kind: CueKind, strength: int) -> None:
    assert kind in {c.kind for c in extra_cues(sentence, find_cues(sentence))}
    [claim] = claims_of(sentence)
    assert claim.strength == strength


@pytest.mark.parametrize("sentence", [
    "Drink green tea every day and watch the pounds melt away.",
    "Skip sugary drinks and your teeth will thank you.",
    "Try our probiotic and feel the difference in a week.",
])
def test_an_imperative_with_a_promised_effect_is_a_claim(sentence: str) -> None:
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", [
    "Take the stairs to the second floor.",
    "Drink plenty of water before your appointment.",
    "Always read the label.",
])
def test_an_imperative_without_a_promise_is_no_claim(sentence: str) -> None:
    assert claims_of(sentence) == []


@pytest.mark.parametrize("sentence", [
    "In some cases, chronic pain can manifest as low mood.",
    "Long-term stress can show up as stomach problems.",
    "Side effects of long-term steroid use often go unrecognised.",
    "Our patients report feeling more energetic within days.",
    "Many of our clients see results after one session.",
    "The intervention group showed a marked drop in blood pressure.",
    "Women in the programme lost an average of 5 kg.",
    "Mortality fell by a third in the treated group.",
    "The effect was strongest in people over 60.",
])
def test_possibilities_testimonials_and_results_are_claims(sentence: str) -> None:
    assert [c.text for c in claims_of(sentence)] == [sentence]


def test_a_sentence_with_a_lexicon_cue_keeps_its_strength() -> None:
    sentence = "Curcumin reduces joint pain and fights inflammation."
    assert extra_cues(sentence, find_cues(sentence)) == []


@pytest.mark.parametrize(("sentence", "kind"), [
    ("This study was supported by the National Institutes of Health.", "funding, licence or disclosure"),
    ("The authors thank the nurses who helped with recruitment.", "funding, licence or disclosure"),
    ("In this article, we will look at the benefits of magnesium.", "what the page will cover"),
    ("Here are five foods that may help.", "what the page will cover"),
    ("This product is not intended to diagnose, treat, cure or prevent any disease.", "disclaimer"),
    ("Consult your doctor before taking supplements that lower blood pressure.", "disclaimer"),
    ("Published online 12 May 2020.", "article furniture"),
    ("Author contributions: JS wrote the first draft.", "article furniture"),
])
def test_page_furniture_that_looks_like_a_claim_is_not_one(sentence: str, kind: str) -> None:
    assert not_a_claim(sentence) == kind
    assert claims_of(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Published in JAMA, the study found that tea lowers blood pressure.",
    "The evidence is supported by three large trials showing that tea lowers blood pressure.",
])
def test_look_alikes_of_furniture_are_still_claims(sentence: str) -> None:
    assert not_a_claim(sentence) is None
    assert len(claims_of(sentence)) == 1


@pytest.mark.parametrize("headline", [
    "Fish Oil Fails to Prevent Heart Attacks",
    "Why Sugar Is Worse Than Fat for Your Heart",
    "Loneliness as Deadly as Smoking",
    "Turmeric Beats Ibuprofen for Knee Pain",
    "Mediterranean diet protects the ageing brain",
    "Half of adults have high blood pressure",
    "Sleeping Less Than Six Hours Doubles Dementia Risk",
])
def test_headlines_that_assert_are_claims(headline: str) -> None:
    assert [c.text for c in claims_of(headline + "\n\nThe team gave no comment.")] == [headline]


@pytest.mark.parametrize("heading", [
    "Coffee versus Tea for Runners",
    "Reducing the Risk of Falls",
    "The Role of Gut Bacteria in Mood",
    "Aims to Prevent Falls",
    "Recovery after Knee Surgery",
])
def test_headings_that_name_a_topic_are_not_claims(heading: str) -> None:
    assert claims_of(heading + "\n\nThe team gave no comment.") == []


# --- pages about one study: every statement of the body describes it ------------------------

# The record is the seeds' own (Islam MA et al., J Clin Med 2023, see tests/data); the abstract
# below is written for this test.
RECORD_PAGE = """Mesenchymal Stem Cell Therapy in Multiple Sclerosis: A Systematic Review and Meta-Analysis

Islam MA, Alam SS, Kundu S, et al. J Clin Med. 2023;12(19):6311. doi: 10.3390/jcm12196311

Abstract

Background: Multiple sclerosis is a long-term disease of the nervous system.
Many people living with the condition look for treatments beyond the usual drugs.
Methods:
We searched four databases for trials of the therapy.
Two reviewers read every paper in full.
Results:
Disability scores were lower after the infusions in most of the pooled trials.
The quality of the included studies was mixed across the pooled trials.
"""


def test_on_a_record_page_every_statement_is_a_claim_but_methods_are_not() -> None:
    claims = claims_of(RECORD_PAGE)
    texts = [c.text for c in claims]
    assert "Many people living with the condition look for treatments beyond the usual drugs." in texts
    assert "The quality of the included studies was mixed across the pooled trials." in texts
    assert not any(t.startswith(("We searched", "Two reviewers", "Methods", "Results")) for t in texts)
    assert {c.linked_by for c in claims} == {("single-study article",)}


def test_the_same_statement_on_a_page_citing_no_study_is_no_claim() -> None:
    assert claims_of("Many people living with the condition look for treatments beyond the usual drugs.") == []


# A news item about one study named by its journal (the journal is real; the item is not).
NEWS_ITEM = """Tea and a longer life

Drinking tea was tied to a longer life in a study published Monday in the Annals of Internal Medicine.
The researchers followed half a million adults in Britain for more than a decade.
The temperature of the tea did not matter to the result.
I like my tea with milk.
"""


def test_in_a_news_item_about_one_study_its_statements_rest_on_it() -> None:
    claims = claims_of(NEWS_ITEM)
    followed = next(c for c in claims if c.text.startswith("The researchers followed"))
    assert followed.linked_by == ("single-study article: the study in Annals of Internal Medicine "
                                  "(no reference in the text)",)
    assert not any(c.text.startswith("I like") for c in claims)  # a personal aside


@pytest.mark.parametrize(("text", "reference"), [
    ("Islam MA, Alam SS. Stem cells and nerves. J Neurol. 2021;3:1-9.", True),
    ("Solar, O.; Irwin, A. A framework for action on health. Geneva, 2010.", True),
    ("Smith, John, et al. \u201cGreen tea and memory.\u201d Nutrients, vol. 9, 2017.", True),
    ("Walking after meals and blood sugar: a randomised crossover trial.", True),
    ("Smith et al. found that walking after meals lowers blood sugar.", False),
    ("In 2019, 40 of 100 adults walked after meals.", False),
])
def test_reference_lines_the_parser_missed_are_recognised(text: str, reference: bool) -> None:
    assert looks_like_reference(text) is reference


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Results:", "label only"),
    ("Key points:", "label only"),
    ("Background Detailed reporting of health loss is needed by planners.", "objective or methods line"),
    ("Methods The analysis estimated years lived with disability.", "objective or methods line"),
])
def test_labels_and_flattened_abstract_labels_are_not_claims(sentence: str, kind: str) -> None:
    assert not_a_claim(sentence) == kind


def test_a_findings_label_flattened_the_same_way_is_still_a_claim() -> None:
    assert not_a_claim("Findings Exercise reduced depressive symptoms compared with usual care.") is None


# --- sentences as a reader sees them, however the page was flattened -------------------------

def test_sentences_glued_at_a_full_stop_are_two_claims() -> None:
    text = "Green tea lowers blood pressure in adults.Black tea eases stress in adults.In some cases it helps."
    assert [c.text for c in claims_of(text)][:2] == [
        "Green tea lowers blood pressure in adults.", "Black tea eases stress in adults."]


def test_a_name_with_a_full_stop_is_not_split() -> None:
    assert [s.text for s in split_sentences("Dr.Smith reported lower blood pressure in adults.")] == [
        "Dr.Smith reported lower blood pressure in adults."]


NARROW = """Walking and memory

In a trial of older adults, a daily
brisk walk of thirty minutes
Improved recall compared with
stretching over twelve weeks.
Recall was also better at one year
in the walking group than in the
stretching group of the trial.
"""


def test_a_text_wrapped_at_a_narrow_width_is_rejoined() -> None:
    texts = [c.text for c in claims_of(NARROW)]
    assert ("In a trial of older adults, a daily brisk walk of thirty minutes Improved recall compared with "
            "stretching over twelve weeks.") in texts


WRAPPED_RESULTS = """Results: In all, 120 adults took part and 112 of them finished the trial.
Fatigue scores fell by a third in the iron group compared with placebo. The
benefit was seen in women and in men alike, at every dose that was tried.
Conclusions: Iron eased fatigue in adults with low ferritin in this trial.
Keywords: iron; fatigue; ferritin; randomised trial; adults; placebo
"""


def test_a_full_line_ending_a_sentence_goes_on_in_a_hard_wrapped_paragraph() -> None:
    article = article_from_text(WRAPPED_RESULTS)
    sentences = list(article_sentences(article, find_citations(article)))
    results = {s.paragraph for s in sentences if s.text.startswith("Results")}
    fatigue = next(s for s in sentences if s.text.startswith("Fatigue scores"))
    keywords = next(s for s in sentences if s.text.startswith("Keywords"))
    assert fatigue.paragraph in results and fatigue.paragraph in findings_paragraphs(sentences)
    assert keywords.paragraph not in results


def test_a_title_case_line_is_a_heading_and_a_wrapped_line_with_names_is_not() -> None:
    assert _title_case("Improvements in Tear Production and Eye Health")
    assert not _title_case("Readability was measured using Flesch Reading Ease Score, Flesch-Kincaid Grade")


@pytest.mark.parametrize("headline", [
    "Scientists Mark Success In First Trial Of Sleep Therapy",
    "Coffee Drinkers Live Longer, Study Finds",
    "Safety: Well-tolerated with no adverse effects",
    "Own a dog to reduce your risk of heart disease",
])
def test_headlines_reporting_a_finding_or_promising_an_effect_are_claims(headline: str) -> None:
    assert [c.text for c in claims_of(headline + "\n\nThe team gave no comment.")] == [headline]


@pytest.mark.parametrize("heading", [
    "What the Research Says",
    "How Scientists Test New Drugs",
    "Owning a Dog",
])
def test_headings_about_research_that_assert_nothing_are_not_claims(heading: str) -> None:
    assert claims_of(heading + "\n\nThe team gave no comment.") == []


@pytest.mark.parametrize("sentence", [
    "So, officially, the pilot trial showed nothing about ageing at all.",
    "Deaths and infections were not endpoints of this trial.",
])
def test_what_a_study_did_not_show_or_measure_is_a_claim(sentence: str) -> None:
    assert states_a_finding(sentence) == "nothing shown"
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", [
    "Studies that disclose industry ties report bigger benefits for the drug.",
    "Further research confirmed that zinc shortens colds.",
    "More studies are showing that exercise helps depression.",
    "The licensed vaccine cut hospital admissions by half.",
    "Funding cuts have doubled waiting times for cancer surgery.",
    "Studies funded by industry reported bigger benefits for the drug.",
])
def test_claims_using_the_words_of_disclosures_and_calls_for_research_are_claims(sentence: str) -> None:
    assert not_a_claim(sentence) is None
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Funding: This work was supported by the city's health trust.", "funding, licence or disclosure"),
    ("This study received funding from a drug company.", "funding, licence or disclosure"),
    ("The authors have no relevant financial relationships to disclose.", "funding, licence or disclosure"),
    ("More studies are needed before zinc can be recommended.", "call for research"),
])
def test_disclosures_and_calls_for_research_are_still_not_claims(sentence: str, kind: str) -> None:
    assert not_a_claim(sentence) == kind


@pytest.mark.parametrize("bullet", ["• Supports digestion", "- Reduces stress", "✓ Boosts immunity",
                                    "• Lowers cholesterol naturally", "➤ Rich in antioxidants"])
def test_a_benefit_listed_with_its_verb_first_is_a_claim(bullet: str) -> None:
    texts = [c.text for c in claims_of("Benefits\n\n" + bullet)]
    assert any(bullet.lstrip("•-✓➤ ") in t for t in texts)


@pytest.mark.parametrize("bullet", ["• Free shipping", "✓ Made in the USA", "• 60 capsules per bottle",
                                    "Benefits of Coffee for Runners", "Effects of Sleep on Memory"])
def test_product_facts_and_topic_headings_are_not_claims(bullet: str) -> None:
    assert claims_of("Benefits\n\n" + bullet) == []


@pytest.mark.parametrize(("sentence", "rule"), [
    ("Curcumin has been used in Ayurvedic medicine for thousands of years.", "traditional use"),
    ("There is still no cure for Alzheimer's disease.", "no cure"),
    ("Weight gain is a common side effect of some antidepressants.", "a side effect stated"),
    ("Research on psilocybin for depression is still in its early stages.", "evidence statement"),
])
def test_traditional_use_cures_side_effects_and_the_state_of_evidence_are_claims(sentence: str, rule: str) -> None:
    assert states_a_finding(sentence) == rule
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", ["Our shop has been used by local families for generations.",
                                      "There is no charge for parking."])
def test_the_same_forms_about_no_health_matter_are_not_claims(sentence: str) -> None:
    assert claims_of(sentence) == []


@pytest.mark.parametrize(("sentence", "rule"), [
    ("Battlefield acupuncture is a technique used to treat acute pain in soldiers.", "indication"),
    ("Metformin is prescribed for people with type 2 diabetes.", "indication"),
    ("We believe that the benefits of screening have been overstated.", "opinion"),
])
def test_indications_and_opinions_about_health_are_claims(sentence: str, rule: str) -> None:
    assert states_a_finding(sentence) == rule
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", ["We believe that every patient deserves a warm welcome.",
                                      "The app is used to book appointments with your doctor."])
def test_opinions_and_uses_that_are_not_about_health_are_not_claims(sentence: str) -> None:
    assert claims_of(sentence) == []


# --- the wording of abstracts' conclusions and press-release headlines ------------------------

@pytest.mark.parametrize("sentence", [
    "Yoga and swimming positively impact mood and sleep in older adults.",
    "Morning stiffness in these patients is driven by poor sleep.",
    "The diet lowered blood sugar, resulting in fewer diabetes medicines.",
    "Recovery after surgery was associated mainly with muscle strength.",
    "Night-shift workers are at risk for high blood pressure.",
    "Smokers had a higher incidence of gum disease than non-smokers.",
    "Walking had benefits comparable to those of physiotherapy for knee pain.",
    "The new cream offered no advantage over plain moisturiser for eczema.",
    "Patients with heart failure may benefit from regular walking.",
    "Adding zinc had no additive effect on cold symptoms.",
])
def test_relations_worded_as_in_abstracts_are_claims(sentence: str) -> None:
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", [
    "Our shop is driven by a love of good tea.",  # no health word
    "The new branch offered no advantage over the old one for parking.",
    "The new library is similar to a hotel lobby.",
])
def test_the_same_relation_wording_without_a_health_word_is_no_claim(sentence: str) -> None:
    assert claims_of(sentence) == []


def test_a_high_prevalence_is_a_finding_without_a_relation() -> None:
    assert states_a_finding("There was a high prevalence of asthma in young children.") == "prevalence"
    assert states_a_finding("The clinic has a high rate of repeat visitors.") is None


@pytest.mark.parametrize("headline", [
    "Serotonin levels affect the brain's response to stress",
    "Scientists identify cause of night-time leg cramps",
    "Listen to music to reduce pain after surgery",
])
def test_sentence_case_press_headlines_that_assert_are_claims(headline: str) -> None:
    assert [c.text for c in claims_of(headline + "\n\nThe team gave no comment.")] == [headline]


@pytest.mark.parametrize("heading", [
    "How Stem Cells Affect the Immune System",
    "Children at High Risk of Falls",
    "Scientists at Work",
])
def test_topic_headings_with_the_same_words_are_not_claims(heading: str) -> None:
    assert claims_of(heading + "\n\nThe team gave no comment.") == []


def test_a_possessive_after_et_al_does_not_end_the_sentence() -> None:
    text = "Our figures agree with Moreno et al.’s review of sleep trials, which found that naps lower stress."
    assert [s.text for s in split_sentences(text)] == [text]
    assert [s.text for s in split_sentences("The test was run by Moreno et al. Later work found less.")] == [
        "The test was run by Moreno et al.", "Later work found less."]


@pytest.mark.parametrize("sentence", [
    "Age, sex and the length of each hospital stay were noted.",
    "This mixed-methods evaluation comprised three rounds of interviews with nurses about pain care.",
])
def test_methods_in_other_words_are_not_claims(sentence: str) -> None:
    assert not_a_claim(sentence) == "methods"


@pytest.mark.parametrize("sentence", [
    "Fewer falls were noted in the group that took vitamin D.",
    "The evaluation comprised three hospitals and showed that pain care improved.",
])
def test_findings_worded_like_methods_are_still_claims(sentence: str) -> None:
    assert not_a_claim(sentence) is None


def test_a_glued_sentence_opening_with_a_mixed_case_name_is_split() -> None:
    text = "Sleep improved in the treated group.HONcode-certified sites scored higher on quality."
    assert [s.text for s in split_sentences(text)] == [
        "Sleep improved in the treated group.", "HONcode-certified sites scored higher on quality."]
    # a word all in capitals is not enough to split at a glued full stop (the rule needs lower case after it)
    assert [s.text for s in split_sentences("Samples went to the lab.DNA tests followed later.")] == [
        "Samples went to the lab.DNA tests followed later."]


@pytest.mark.parametrize("sentence", [
    "This night cream erases wrinkles in a week.",
    "Millions of adults suffer from back pain every year.",
    "Inflammation is at the root of most chronic disease.",
    "Lemon water alkalizes your body.",
    "Sugar is poison for your teeth.",
    "Stem cells have the ability to repair damaged tissue.",
    "Blue light from screens ruins your sleep.",
])
def test_marketing_wording_for_an_effect_or_a_prevalence_is_a_claim(sentence: str) -> None:
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", [
    "The storm erased the chalk drawings on the square.",
    "Many fans suffer from nerves before the final.",
    "Rain ruined the village fete.",
])
def test_the_same_wording_about_no_body_or_health_is_no_claim(sentence: str) -> None:
    assert claims_of(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Participants in the exercise group walked an average of 40 metres further.",
    "Only one patient developed a rash after the injections.",
    "Those who slept less than six hours were more prone to colds.",
    "Hyaluronic acid lubricates the knee joint.",
    "Unlike steroids, this injection does not weaken the tendon.",
    "Ketamine acts on the brain within hours.",
    "This is a safe, drug-free way to manage back pain.",
])
def test_findings_counts_and_safety_in_clinic_and_news_wording_are_claims(sentence: str) -> None:
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", [
    "Other studies should confirm these findings in older adults.",
    "Future trials will show whether the spray helps.",
    "Only one customer asked for a refund last year.",  # a count, but of no patients
    "The new bus acts on a tight timetable.",
])
def test_studies_still_to_come_and_counts_of_customers_are_not_claims(sentence: str) -> None:
    assert claims_of(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Scrolling social media late at night makes teenagers anxious.",
    "Sugary drinks made the children fatter.",
    "Cold-water swimming is the answer to winter fatigue.",
    "Daily stretching is the key to pain-free knees.",
    "Magnesium works at low doses for muscle cramps.",
])
def test_a_cause_given_a_state_and_a_promised_answer_are_claims(sentence: str) -> None:
    assert claims_of(sentence), sentence


@pytest.mark.parametrize("sentence", [
    "The new clinic opened in May.",
    "Our next workshop on sleep runs from May 4.",
    "Our physiotherapist works at the hospital on Tuesdays.",
    "She works part-time at a pharmacy in town.",
    "The café makes the best cakes in town.",
])
def test_months_jobs_and_cake_are_no_claims(sentence: str) -> None:
    assert claims_of(sentence) == [], sentence


def test_may_as_a_month_is_no_hedge_but_as_a_verb_is() -> None:
    assert [c.text for c in find_cues("Enrolment closed in May 2021.") if c.kind == CueKind.hedge] == []
    assert [c.text for c in find_cues("Fasting may ease joint pain.") if c.kind == CueKind.hedge] == ["may"]


@pytest.mark.parametrize("sentence", [
    "Women should avoid valproate in pregnancy.",
    "Smokers must stop at least six weeks before surgery.",
    "Children with asthma should be vaccinated against flu every autumn.",
])
def test_health_advice_with_what_to_do_is_a_claim(sentence: str) -> None:
    assert claims_of(sentence), sentence


@pytest.mark.parametrize("sentence", [
    "You should avoid the car park on market days.",  # no health word
    "Patients should bring their appointment letter.",  # nothing about health to do
    "Please talk to your doctor before changing any medicine.",
])
def test_advice_without_health_or_without_what_to_do_is_no_claim(sentence: str) -> None:
    assert claims_of(sentence) == [], sentence


@pytest.mark.parametrize("sentence", [
    "Night shifts make nurses dizzy and unwell.",
    "Living alone makes older men drink more alcohol.",
    "Poor sleep made the volunteers snack more the next day.",
    "Home blood tests should replace clinic visits for people on warfarin.",
    "Half of the caregivers in the survey had chronic back pain.",
])
def test_a_cause_given_a_habit_replacing_a_test_and_how_many_carers_are_claims(sentence: str) -> None:
    assert claims_of(sentence), sentence


@pytest.mark.parametrize("sentence", [
    "The long queue made the visitors wait more than an hour.",  # no habit of the body
    "Rain makes the walk to the clinic longer.",
    "The clinic should replace its waiting-room chairs.",  # nothing about health
    "Half of the parents brought their children by bus.",
])
def test_waiting_chairs_and_buses_are_no_claims(sentence: str) -> None:
    assert claims_of(sentence) == [], sentence


# The wording of abstracts' conclusions (measured by bench/claims/sentences.py on labelled real
# sentences; every sentence here is written for this test).
@pytest.mark.parametrize("sentence", [
    "Laparoscopic colectomy offers no advantage over the open approach.",  # health by its word form
    "Children on the ward had higher mortality than those treated at home.",
    "Smokers had fewer chest infections than expected.",
    "The blood test was more accurate in predicting kidney failure.",
    "Sleep quality was similar regardless of the dose given.",
    "The two diets gave comparable outcomes for weight.",
    "Survival rates varied depending on the stage of the tumour.",
    "Obese patients carry a greater risk of wound infection.",
    "Gut bacteria are implicated in the onset of colitis.",
    "Low vitamin D may be detrimental to bone health.",
    "Stress is a major determinant of blood pressure in shift workers.",
    "The findings point to a role for insulin in memory loss.",
    "Rates of stroke deaths have fallen over the past decade.",
    "These data provide strong evidence that aspirin thins the blood.",
    "We show that the syndrome includes a loss of nerve cells.",
    "The cause of the kidney damage is still unclear.",
    "Anaemia is highly prevalent in pregnant women.",
    "The rash was consistent with a drug reaction in the skin.",
])
def test_the_wording_of_abstract_conclusions_makes_a_claim(sentence: str) -> None:
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", [
    "The new ward has a diploma on every wall.",  # an everyday word of a medical ending
    "The aroma of coffee filled the cinema.",
    "The Role of Stem Cells in Spinal Injury",  # a topic title names a role, it asserts none
    "Our shop had higher sales than last year.",  # a comparison about nothing of health
    "The reason for the delay is still unclear.",
    "Our prices have risen twice since March.",  # a change, but not to the body
    "We show that our booking page is easy to use.",
    "Prices varied depending on the season.",
    "Roses are more fragrant than tulips.",  # endings shared with medical words
    "Our yoga poses are more popular than ever.",
    "Empathy is important for good teamwork.",
    "Nostalgia is a key factor in holiday bookings.",
    "Academia has changed a lot since 1990.",
    "It is more or less than a mile to the station.",  # an idiom, no comparison
    "People had higher incomes than last year.",  # people compared, not their health
    "Two doctors were implicated in the billing scandal.",
])
def test_the_same_wording_elsewhere_is_no_claim(sentence: str) -> None:
    assert claims_of(sentence) == []


@pytest.mark.parametrize("word", [
    "myeloma", "granuloma", "meningioma", "hyperlipidemia", "dyslipidaemia", "hypercholesterolemia",
    "hyperuricemia", "polycythemia", "hysterectomy", "pathogenesis",
])
def test_medical_word_forms_are_health_words(word: str) -> None:
    assert len(health_words(word)) == 1


@pytest.mark.parametrize("word", ["roses", "empathy", "Tacoma", "aroma", "diploma", "academia"])
def test_ordinary_words_with_medical_endings_are_not(word: str) -> None:
    assert health_words(word) == frozenset()


@pytest.mark.parametrize("sentence", [
    "Patients with the liver disease were older at diagnosis.",
    "Children with asthma exhibited abnormal airway responses during exercise.",
    "A steady fall in childhood asthma admissions has occurred since the smoking ban.",
    "None of the fat-mass measures was significant in women.",
    "The difference in blood pressure was significant in men but not in women.",
    "People who sleep less eat more, according to new research from a sleep clinic.",
])
def test_abstract_wording_of_groups_changes_and_significance_is_a_claim(sentence: str) -> None:
    assert [c.text for c in claims_of(sentence)] == [sentence]


@pytest.mark.parametrize("sentence", [
    # each with a health word, so the wording rules are read
    "Doctors at the cancer centre were older than their peers elsewhere.",
    "Many users display higher engagement with the diabetes app.",
    "A rise in flu vaccine appointments over the past week kept the pharmacy busy.",
    "The cost of cancer care was significant.",
    "According to the researchers, patients can register for the diabetes study online.",
    "According to the study's website, registration for the cancer trial is open.",
])
def test_the_same_wording_about_staff_costs_or_bookings_is_no_claim(sentence: str) -> None:
    assert claims_of(sentence) == []
