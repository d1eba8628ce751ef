"""S2xx and T3xx rules: a firing and a non-firing case each, and S201's table cell by cell.

The designs below restate facts from shared/records/seed-citations.json by hand:
Zhang D 2025 is a first-in-human, open-label, single-arm pilot of 16 patients (news reports);
Zhang P 2023 is a qualitative systematic review of 43 studies, 31 basic and 12 clinical, with
no pooled comparison (publisher abstract); Islam 2023 pools single-group proportions (40.4%
improved, 32.8% stable, 18.1% worse) and concludes with "potential" and "possible" (abstract).
"""

from __future__ import annotations

import dataclasses

import pytest
from conftest import ISLAM_XML, article_from_text

from verifier.checks.claims import ClaimContext, check_claim
from verifier.checks.registry import RULES
from verifier.checks.text import check_text
from verifier.citations import find_citations
from verifier.claims import extract_claims
from verifier.design import design_from_record
from verifier.models import Claim, ClaimKind, DesignType, Population, Record, Span, StudyDesign
from verifier.parse import parse_pubmed_xml

ZHANG_D = StudyDesign(type=DesignType.single_arm, evidence_level=4, population=Population.human, n=16,
                      controlled=False, randomized=False, blinded=False, basis="reviewer")
ZHANG_P = StudyDesign(type=DesignType.systematic_review_qualitative, evidence_level=4,
                      population=Population.mixed, n=43, n_unit="studies", controlled=False,
                      randomized=False, basis="reviewer")
LARGE_RCT = StudyDesign(type=DesignType.rct, evidence_level=2, population=Population.human, n=1200,
                        controlled=True, randomized=True, blinded=True, basis="reviewer")
MOUSE_STUDY = StudyDesign(type=DesignType.preclinical_animal, evidence_level=5,
                          population=Population.animal, basis="reviewer")
SOURCE = "Source: Smith J. Mesenchymal stem cell therapy for multiple sclerosis. J MS. 2020;3(2):10-20.\n"


def islam_record() -> Record:
    return parse_pubmed_xml(ISLAM_XML.read_bytes())[0]


def claim_of(sentence: str) -> Claim:
    text = f"Mesenchymal stem cells (MSCs) are adult cells.\n{sentence}\n{SOURCE}"
    article = article_from_text(text)
    claims = extract_claims(article, find_citations(article))
    assert len(claims) == 1, claims
    return claims[0]


def codes(sentence: str, design: StudyDesign | None, record: Record | None = None) -> set[str]:
    ctx = ClaimContext(claim=claim_of(sentence), citation_id="c1", label="Smith J 2020",
                       design=design, record=record)
    return {f.code for f in check_claim(ctx)}


def test_islam_record_design_facts() -> None:
    design = design_from_record(islam_record())
    assert design.type == DesignType.meta_analysis_uncontrolled
    assert design.evidence_level == 4 and design.controlled is False
    assert design.conclusion_strength == 1  # "potential" ... "possible" in the authors' conclusion


# S201: strength x CEBM level. GRADE: high certainty (levels 1-2) may say "results in" (3);
# moderate/low (3-4) "likely"/"improved in this study" (2); very low (5) only "may" (1).
FIRES = {  # level: [strength 0, 1, 2, 3]
    1: [False, False, False, False],
    2: [False, False, False, False],
    3: [False, False, False, True],
    4: [False, False, False, True],
    5: [False, False, True, True],
}


@pytest.mark.parametrize("level", sorted(FIRES))
@pytest.mark.parametrize("strength", [0, 1, 2, 3])
def test_s201_decision_table_cell(level: int, strength: int) -> None:
    claim = Claim(id="k1", text="MSC therapy improves walking.", span=Span(start=0, end=1, line=1),
                  kind=ClaimKind.efficacy, strength=strength, population=Population.human,
                  citation_ids=("c1",))
    design = StudyDesign(type=DesignType.unknown, evidence_level=level, basis="reviewer")
    ctx = ClaimContext(claim=claim, citation_id="c1", label="Smith J 2020", design=design, record=None)
    assert ("S201" in {f.code for f in check_claim(ctx)}) is FIRES[level][strength]


def test_s201_leaves_animal_claims_alone() -> None:
    assert "S201" not in codes("In mice, MSC therapy restored walking.", ZHANG_P)


@pytest.mark.parametrize(("sentence", "design", "code", "fires"), [
    ("MSC therapy restores walking in patients with multiple sclerosis.", MOUSE_STUDY, "S202", True),
    ("In mice, MSC therapy restored walking.", MOUSE_STUDY, "S202", False),
    ("MSC therapy leads to remission in patients with multiple sclerosis.", ZHANG_D, "S203", True),
    ("MSC therapy leads to remission in patients with multiple sclerosis.", LARGE_RCT, "S203", False),
    ("When compared to sodium hyaluronate injections, MSC therapy has been shown to offer faster, "
     "longer-lasting relief.", ZHANG_P, "S204", True),
    ("When compared to sodium hyaluronate injections, MSC therapy has been shown to offer faster, "
     "longer-lasting relief.", LARGE_RCT, "S204", False),
    ("MSC therapy seems more effective than hyaluronate injections.", ZHANG_P, "S204", False),
    ("Treatment with MSCs has proven to be well tolerated and safe, with no serious side effects.",
     ZHANG_P, "S205", True),
    ("Early reports also confirm its safety, with minimal serious adverse events.", ZHANG_D, "S205", True),
    ("No serious adverse events were reported with MSC therapy in this trial.", ZHANG_D, "S205", False),
    ("Treatment with MSCs has proven to be well tolerated and safe.", LARGE_RCT, "S205", False),
    ("MSC eye drops probably offer a transformative treatment.", ZHANG_D, "S209", True),
    ("MSC eye drops probably offer a transformative treatment.", LARGE_RCT, "S209", False),
])
def test_design_rules(sentence: str, design: StudyDesign, code: str, fires: bool) -> None:
    assert (code in codes(sentence, design)) is fires


def test_specific_rule_replaces_the_general_one() -> None:
    found = codes("MSC therapy leads to remission in patients with multiple sclerosis.", ZHANG_D)
    assert "S203" in found and "S201" not in found


def test_s206_certainty_upgraded_from_the_authors_hedge() -> None:
    islam = design_from_record(islam_record())
    assert "S206" in codes("According to the authors, MSC therapy reverses disability.", islam)
    assert "S206" not in codes("According to the authors, MSC therapy may reduce disability.", islam)


@pytest.mark.parametrize(("sentence", "expected"), [
    # 40.4%, 32.8% and 18.1% are the record's figures: each printed rounding matches.
    ("The analysis found that approximately 40% of patients improved after MSC therapy.", set()),
    ("With MSC therapy, another 33% remained stable, while about 18% worsened.", set()),
    # 50% against 40.4% for the same measure (patients improved): outside any rounding.
    ("The analysis found that approximately 50% of patients improved after MSC therapy.", {"S207"}),
    # 58% for intravenous delivery is not in the abstract (seed-citations: unconfirmed).
    ("With intravenous MSC therapy 58% of patients showed improvement.", {"S208"}),
])
def test_numbers_against_the_record(sentence: str, expected: set[str]) -> None:
    found = codes(sentence, design_from_record(islam_record()), islam_record())
    assert found & {"S207", "S208"} == expected


def test_s210_uncited_claims() -> None:
    article = article_from_text("MSC therapy cures arthritis.\nMSC therapy may help patients.\n")
    claims = extract_claims(article, find_citations(article))
    found = {c.text: {f.code for f in check_claim(ClaimContext(claim=c, citation_id=None, label="",
                                                              design=None, record=None))}
             for c in claims}
    assert found == {"MSC therapy cures arthritis.": {"S210"}, "MSC therapy may help patients.": set()}


def test_s211_claim_about_another_condition() -> None:
    islam, record = design_from_record(islam_record()), islam_record()
    assert "S211" in codes("MSC therapy restores cartilage in knee osteoarthritis.", islam, record)
    assert "S211" not in codes("MSC therapy improved disability in multiple sclerosis.", islam, record)


def text_codes(text: str) -> list[str]:
    return [f.code for f in check_text(article_from_text(text))]


def test_t301_tortured_phrase_with_expected_wording() -> None:
    findings = check_text(article_from_text("Cells from umbilical twine were given.\n"))
    assert [(f.code, f.expected) for f in findings] == [("T301", "umbilical cord")]
    assert text_codes("Cells from umbilical cord were given.\n") == []


def test_t302_needs_several_distinct_phrases() -> None:
    spun = "Sufferers with dry eye illness joined this potential pilot.\n"
    assert text_codes(spun).count("T302") == 1
    assert "T302" not in text_codes("Sufferers with dry eye illness joined.\n")


def test_t303_calls_to_action() -> None:
    assert text_codes("MSCs help.\n\nRequest Information Packet\n") == ["T303"]
    assert text_codes("MSCs help.\n") == []


def test_every_claim_and_text_rule_is_documented() -> None:
    for code, spec in RULES.items():
        if code[0] in "ST":
            assert spec.rationale and spec.summary and spec.name, code


def test_a_rule_that_raises_becomes_x900(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: object) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setitem(RULES, "T301", dataclasses.replace(RULES["T301"], check=broken))
    found = check_text(article_from_text("Cells from umbilical twine.\nRequest Information Packet\n"))
    assert [f.code for f in found] == ["X900", "T303"]  # the other rules still ran
    assert "rule T301 failed" in found[0].message
