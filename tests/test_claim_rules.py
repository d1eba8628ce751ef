"""S201's table cell by cell, S210 and the T3xx rules; the other S2xx rules' firing and
non-firing cases are data in tests/cases/claims/ (tests/test_claim_cases.py).

Islam 2023 (its reconstructed record) pools single-group proportions and concludes with
"potential" and "possible" (abstract).
"""

from __future__ import annotations

import dataclasses

import pytest
from conftest import ISLAM_PRINTED, ISLAM_XML, article_from_text

from verifier.checks.claims import ClaimContext, check_claim
from verifier.checks.registry import RULES
from verifier.checks.text import check_text
from verifier.citations import find_citations
from verifier.claims import extract_claims
from verifier.design import design_from_record
from verifier.evidence import LocalRecords
from verifier.models import Claim, ClaimKind, DesignType, Population, Record, Span, StudyDesign
from verifier.parse import parse_pubmed_xml
from verifier.pipeline import audit_articles
from verifier.settings import Settings


def islam_record() -> Record:
    return parse_pubmed_xml(ISLAM_XML.read_bytes())[0]


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


def test_s210_uncited_claims() -> None:
    article = article_from_text("MSC therapy cures arthritis.\nMSC therapy may help patients.\n")
    claims = extract_claims(article, find_citations(article))
    found = {c.text: {f.code for f in check_claim(ClaimContext(claim=c, citation_id=None, label="",
                                                              design=None, record=None))}
             for c in claims}
    assert found == {"MSC therapy cures arthritis.": {"S210"}, "MSC therapy may help patients.": set()}


@pytest.mark.parametrize(("design", "said"), [
    (StudyDesign(type=DesignType.in_vitro, evidence_level=5), "the cited study is an in vitro study"),
    (StudyDesign(type=DesignType.unknown), "the cited study is a study of unknown design"),
])
def test_a_design_is_named_in_plain_english(design: StudyDesign, said: str) -> None:
    article = article_from_text("Curcumin cures colon cancer.\n")
    (claim,) = extract_claims(article, find_citations(article))
    ctx = ClaimContext(claim=claim.model_copy(update={"topical": True}), citation_id="c1",
                       label="the cited study", design=design, record=None)
    messages = [f.message for f in check_claim(ctx) if f.code == "S213"]
    assert len(messages) == 1 and said in messages[0]


def text_codes(text: str) -> list[str]:
    return [f.code for f in check_text(article_from_text(text))]


def test_t301_tortured_phrase_with_expected_wording() -> None:
    findings = check_text(article_from_text("Cells from umbilical twine were given.\n"))
    assert [(f.code, f.expected) for f in findings] == [("T301", "umbilical cord")]
    assert text_codes("Cells from umbilical cord were given.\n") == []


def test_t302_needs_several_distinct_phrases() -> None:
    spun = "Sufferers with dry eye illness and umbilical twine cells joined this potential pilot.\n"
    assert text_codes(spun).count("T302") == 1
    assert "T302" not in text_codes("Sufferers with dry eye illness joined this potential pilot.\n")


def test_one_phrase_no_page_writes_does_not_make_ordinary_english_count() -> None:
    # written for this test: "sufferers", "blood sugar ranges" and "bodily exercise" are what a
    # clinic may write; "dry eye illness" alone is one odd phrase
    page = ("Diabetes sufferers keep blood sugar ranges steady with bodily exercise; "
            "some also have dry eye illness.\n")
    assert [(f.code, f.expected) for f in check_text(article_from_text(page))] == [("T301", "dry eye disease")]


def test_t302_on_a_word_by_word_rewrite_of_a_health_article() -> None:
    # what an "article rewriter" leaves of "Physical activity can reduce inflammation and improve
    # immune function, a new study shows", written for this test
    spun = "Bodily exercise can scale back irritation and improve immune perform, a brand new examine shows.\n"
    findings = check_text(article_from_text(spun))
    assert [(f.code, f.expected) for f in findings if f.code == "T301"] == [
        ("T301", "physical activity"), ("T301", "reduce inflammation"), ("T301", "immune function"),
        ("T301", "new study")]
    assert [f.code for f in findings].count("T302") == 1


@pytest.mark.parametrize("plain", [
    "Most cancers are found by screening.",  # "most cancers" as English has it
    "Exercise supports psychological well-being in older adults.",
    "She joined a weight loss program in May.",
    "Her doctor drew up a weight reduction plan with her.",
    "As well being cheap, the test is quick.",
    "The mind wanders when we are tired.",
    "Our clinic offers scientific advice on blood pressure.",
])
def test_the_words_a_rewriter_swaps_are_no_finding_in_plain_english(plain: str) -> None:
    assert text_codes(plain + "\n") == []


def test_a_plain_health_page_in_consumer_wording_is_not_spun() -> None:
    # written for this test in the wording clinic and consumer pages use
    page = ("Keeping blood sugar ranges steady matters for people with diabetes. Bodily exercise, "
            "a balanced plate and sleep all help, and scientific trials of new drugs are under way. "
            "Kidney and liver perform checks are part of the yearly review, because a continual "
            "illness such as diabetes can affect both. Psychological well being matters too, and "
            "healthcare suppliers can refer patients to a counsellor; if you are hereditarily "
            "predisposed, ask about screening.\n")
    assert text_codes(page) == []
    assert text_codes(page.replace("people with diabetes", "diabetes sufferers")
                      .replace("refer patients", "refer patients to a disease management group")) == []


def test_ordinary_english_a_rewriter_leaves_counts_beside_two_tortured_phrases() -> None:
    # written for this test: two phrases English also writes, and two no health page writes
    page = ("Bodily exercise keeps blood sugar ranges steady, lowers coronary heart illness risk "
            "and can scale back irritation.\n")
    findings = check_text(article_from_text(page))
    assert [(f.code, f.expected) for f in findings] == [
        ("T301", "physical activity"), ("T301", "blood sugar levels"), ("T301", "heart disease"),
        ("T301", "reduce inflammation"), ("T302", None)]
    one = check_text(article_from_text(page.replace("coronary heart illness", "heart disease")))
    assert [(f.code, f.expected) for f in one] == [("T301", "reduce inflammation")]


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


@pytest.mark.parametrize(("clause", "arm"), [
    ("High-dose vitamin D3, compared with low-dose, did not produce significant improvements in bone density.",
     "high"),  # the subject set against the other dose
    ("The low dose restored disc height over the control discs, the high dose improved no outcome significantly.",
     "high"),  # the last dose named before the null phrase
    ("The high-dose group improved; the low-dose group failed to show significant improvements.", "low"),
])
def test_the_dose_arm_a_null_phrase_speaks_of(clause: str, arm: str) -> None:
    from verifier.checks.claims import _ARM_SHOWED_NOTHING, _arm_meant

    nothing = _ARM_SHOWED_NOTHING.search(clause)
    assert nothing is not None and _arm_meant(clause, nothing.start()) == arm


def test_s219_names_only_the_markers_with_no_reference_once_a_claim() -> None:
    text = ("Stem cell therapy slowed disability in multiple sclerosis [1][2].\n\n"
            "Stem cell therapy was safe in every trial [3].\n\n"
            f"References\n1. {ISLAM_PRINTED}\n")
    source = LocalRecords(parse_pubmed_xml(ISLAM_XML.read_bytes()))
    report = audit_articles([article_from_text(text)], Settings(), source=source)
    missing = [(f.found, f.span.line if f.span else None) for f in report.articles[0].findings if f.code == "S219"]
    assert missing == [("[2]", 1), ("[3]", 3)]
