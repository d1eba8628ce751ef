"""Claim strength, cues, sentence splitting, numbers, populations and citation links.

Expected strengths follow the scale in DESIGN.md (0 none, 1 hedged, 2 qualified/associational,
3 definitive), decided by reading each sentence, not by running the code.
"""

from __future__ import annotations

import pytest
from conftest import article_from_text

from verifier.citations import find_citations
from verifier.claims import extract_claims, find_numbers, split_sentences
from verifier.language import compare, strength
from verifier.models import ClaimKind, Population


@pytest.mark.parametrize(("sentence", "expected"), [
    ("More research is needed to understand the long-term effects.", 0),
    ("In this review, Hetta et al. summarize the clinical progress of MSC therapy.", 0),
    ("Mesenchymal stem cells are a type of adult stem cell.", 0),
    ("MSCs may help repair cartilage and ease joint pain.", 1),
    ("These results suggest that MSC therapy could slow disease progression.", 1),
    ("Intravenous administration also seems more effective than intrathecal delivery.", 1),
    ("MSCs from umbilical cord were associated with higher improvement rates.", 2),
    ("The analysis found that approximately 40% of patients experienced improvements.", 2),
    ("A meta-analysis found that 40 percent of patients improved after stem cell therapy.", 2),  # as "40%"
    ("A meta-analysis found that 40 per cent of patients improved after stem cell therapy.", 2),
    ("In systemic sclerosis, MSCs have been linked to reduced scarring.", 2),
    ("HUC-MSC therapy has been shown to offer faster, longer-lasting relief.", 3),
    ("Treatment with HUC-MSCs has proven to be well tolerated and safe.", 3),
    ("Intravenous administration resulted in better outcomes.", 3),
    ("Early reports also confirm its safety, with minimal serious adverse events.", 3),
    ("MSCs reduce inflammation in the joint.", 3),
])
def test_strength_of_sentences(sentence: str, expected: int) -> None:
    assert strength(sentence)[0] == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Vitamin D pills slash cancer deaths, landmark trial finds", 3),  # a news headline with its source
    ("Vitamin D cuts cancer deaths, trial finds.", 3),
    ("According to the trial, vitamin D cut cancer deaths.", 3),
    ("Coffee drinkers live longer, study suggests.", 1),  # the source's "suggests" still hedges
    ("The researchers said the trial was well run.", 0),  # a source, but no relation reported
    ("Vitamin D pills fail to slash cancer deaths, trial finds.", 0),  # a null result reported
])
def test_a_relation_reported_with_its_source_keeps_its_strength(sentence: str, expected: int) -> None:
    level, cues = strength(sentence)
    assert level == expected
    if expected == 3 and sentence.startswith("Vitamin D"):  # the model alone reads no relation in these two
        assert any(c.text.startswith("relation reported from a study") for c in cues)


def test_cues_name_hedges_boosters_and_hype_apart() -> None:
    level, cues = strength("MSC eye drops probably offer a transformative treatment for dry eye.")
    kinds = {(c.kind.value, c.text.casefold()) for c in cues}
    assert ("hedge", "probably") in kinds and ("hype", "transformative") in kinds
    assert level == 1  # hype does not raise strength; it is recorded apart


@pytest.mark.parametrize(("claim", "source", "verdict"), [
    ("Use of the pathway is saving lives.", "Use of the pathway could be efficacious.", "exaggerates"),
    ("Drug X may reduce pain.", "Drug X reduces pain in adults.", "downplays"),
    ("Drug X is associated with lower risk.", "Drug X was associated with a lower risk of death.", "same"),
])
def test_compare_claim_with_source(claim: str, source: str, verdict: str) -> None:
    assert compare(claim, source) == verdict


def test_sentences_do_not_split_at_et_al_or_initials() -> None:
    text = "Zhang et al. found benefit in 12 patients. Smith J. disagreed! Was it real? Yes."
    assert [s.text for s in split_sentences(text)] == [
        "Zhang et al. found benefit in 12 patients.", "Smith J. disagreed!", "Was it real?", "Yes."]


def test_numbers_keep_printed_precision_and_approximation() -> None:
    found = list(find_numbers("approximately 40% improved, 32.8% were stable and 18 patients worsened"))
    assert [(n.value, n.unit, n.decimals, n.approximate) for n in found] == [
        (40.0, "%", 0, True), (32.8, "%", 1, False), (18.0, "", 0, False)]
    assert found[0].tolerance == 1.0 and found[1].tolerance == pytest.approx(0.05)


ARTICLE = """Stem cells for knees

MSC therapy has been shown to restore cartilage in patients with knee osteoarthritis.
In mice, MSCs reduced cartilage breakdown.
Smith et al. found that MSC injections improved pain scores.
Source: Smith J, Jones K. Mesenchymal stem cells for knee osteoarthritis: a trial. J Knee. 2020;3(2):10-20.

Buy now: our clinic cures arthritis.
"""


def test_claims_carry_kind_population_and_the_section_source() -> None:
    article = article_from_text(ARTICLE)
    claims = extract_claims(article, find_citations(article))
    by_text = {c.text.split()[0]: c for c in claims}
    assert by_text["MSC"].strength == 3 and by_text["MSC"].citation_ids == ("c1",)
    assert by_text["MSC"].population == Population.human
    assert by_text["In"].population == Population.animal
    assert by_text["Smith"].linked_by == ("named",) and by_text["Smith"].attribution
    assert by_text["Buy"].citation_ids == () and by_text["Buy"].kind == ClaimKind.efficacy


NUMBERED = """MSC therapy restored walking in patients [1]. Exercise reduced pain in adults [2, 3].

References
1. Smith J, Jones K. Mesenchymal stem cells for spinal cord injury. J Spine. 2020;3(2):10-20.
2. Brown A. Exercise for back pain. Spine J. 2019;5(1):1-9.
3. Green B. Exercise and pain. Pain. 2018;7(4):100-110.
"""


def test_claims_link_to_numbered_references_by_marker() -> None:
    article = article_from_text(NUMBERED)
    citations = find_citations(article)
    assert [c.marker for c in citations] == [1, 2, 3]
    claims = extract_claims(article, citations)
    assert [(c.citation_ids, c.linked_by) for c in claims] == [
        (("c1",), ("marker [1]",)), (("c2", "c3"), ("marker [2]", "marker [3]"))]


def test_claims_link_to_author_year_mentions() -> None:
    text = ("Exercise reduced back pain (Brown, 2019). Exercise relieved pain in adults "
            "(Green et al. 2018).\n\nReferences\nBrown A. Exercise for back pain. Spine J. 2019;5(1):1-9.\n"
            "Green B, White C. Exercise and pain. Pain. 2018;7(4):100-110.\n")
    article = article_from_text(text)
    claims = extract_claims(article, find_citations(article))
    assert [(c.citation_ids, c.linked_by) for c in claims] == [
        (("c1",), ("author-year",)), (("c2",), ("named",))]


@pytest.mark.parametrize(("sentence", "hype"), [
    ("Vitamin D pills slash cancer deaths, landmark trial finds.", ["landmark trial"]),
    ("The clinic sits beside a landmark building in the old town.", []),  # a landmark, not a study
])
def test_a_landmark_study_is_hype_and_a_landmark_is_not(sentence: str, hype: list[str]) -> None:
    assert [c.text for c in strength(sentence)[1] if c.kind.value == "hype"] == hype
