"""C1xx rules: the mutation set on the confirmed Islam 2023 citation, and each rule's cases.

Every expected (code, field) below follows from the facts in shared/records/seed-citations.json
(record islam2023, all fields confirmed) and from the one change made to the printed citation.
"""

from __future__ import annotations

import pytest
from conftest import ISLAM_PRINTED, ISLAM_XML, ZHANGP_XML, article_from_text

from verifier.checks.registry import rules_of_family
from verifier.evidence import LocalRecords
from verifier.models import CitationStatus, Correction, Report
from verifier.parse import parse_pubmed_xml
from verifier.pipeline import audit_articles
from verifier.settings import Settings


def records() -> LocalRecords:
    return LocalRecords(parse_pubmed_xml(ISLAM_XML.read_bytes()) + parse_pubmed_xml(ZHANGP_XML.read_bytes()))


def run(text: str, source: object | None = None) -> Report:
    article = article_from_text(text)
    return audit_articles([article], Settings(), source=source or records())  # type: ignore[arg-type]


def codes(report: Report) -> list[tuple[str, str | None]]:
    return [(f.code, f.field) for f in report.articles[0].findings]


def source_line(printed: str, in_text: str = "Islam et al.") -> str:
    return f"In this review, {in_text} assess MSC therapy.\nSource: {printed}\n"


def test_clean_citation_is_verified_with_no_finding() -> None:
    report = run(source_line(ISLAM_PRINTED))
    assert codes(report) == []
    assert report.articles[0].citations[0].status == CitationStatus.verified


MUTATIONS = [
    ("wrong year", "J Clin Med. 2023 Sep", "J Clin Med. 2022 Sep", [("C110", "year")]),
    ("wrong month", "2023 Sep 30", "2023 Oct 30", [("C111", "month")]),
    ("wrong day", "2023 Sep 30", "2023 Sep 29", [("C111", "day")]),
    ("wrong volume", ";12(19)", ";13(19)", [("C113", "volume")]),
    ("wrong issue", "12(19)", "12(9)", [("C114", "issue")]),
    ("wrong pages", ":6311.", ":6312.", [("C115", "pages")]),
    ("wrong initials", "Islam MA,", "Islam M,", [("C108", "initials")]),
    ("first author swapped", "Islam MA, Alam SS,", "Alam SS, Islam MA,", [("C106", "authors")]),
    ("author dropped", "Kundu S, Ahmed S,", "Kundu S,", [("C107", "authors")]),
    ("author added", "Kundu S, Ahmed S,", "Kundu S, Smith J, Ahmed S,", [("C107", "authors")]),
    ("DOI typo", "doi: 10.3390/jcm12196311", "doi: 10.3390/jcm12196331", [("C102", "doi")]),
    ("PMCID of another paper", "PMCID: PMC10573670", "PMCID: PMC10466768", [("C102", "pmcid")]),
    ("PMID of another record", "PMID: 37834955", "PMID: 37644595", [("C103", "pmid")]),
    ("shortened title", "Multiple Sclerosis: A Systematic Review and Meta-Analysis.",
     "Multiple Sclerosis.", [("C104", "title")]),
    ("reworded title", "Stem Cell Therapy in", "Stem Cell Treatment for", [("C104", "title")]),
    ("wrong journal", "J Clin Med.", "J Clin Neurosci.", [("C112", "journal")]),
]


@pytest.mark.parametrize(("label", "old", "new", "expected"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_each_injected_error_is_reported_on_its_field(label: str, old: str, new: str,
                                                      expected: list[tuple[str, str]]) -> None:
    assert old in ISLAM_PRINTED
    report = run(source_line(ISLAM_PRINTED.replace(old, new, 1)))
    assert codes(report) == expected
    assert report.articles[0].citations[0].status == CitationStatus.mismatch


def test_in_text_name_that_is_not_the_first_author() -> None:
    report = run(source_line(ISLAM_PRINTED, in_text="Alam et al."))
    assert codes(report) == [("C109", "in_text_name")]
    assert report.articles[0].findings[0].span is not None
    assert report.articles[0].findings[0].span.line == 1


@pytest.mark.parametrize(("in_text", "expected"), [
    ("Islam et al. (2021)", [("C122", "in_text_year")]),  # the paper is of 2023
    ("Islam et al., 2021,", [("C122", "in_text_year")]),
    ("(Islam et al. 2021)", [("C122", "in_text_year")]),
    ("Islam et al. (2023)", []),
    ("Islam et al. in 2021", []),  # a year in the sentence, not the mention's
    ("Islam et al. 2000 patients", []),  # a count
    ("Islam et al. 1990s trials", []),  # a decade
])
def test_in_text_year_that_is_not_the_papers(in_text: str, expected: list[tuple[str, str]]) -> None:
    report = run(source_line(ISLAM_PRINTED, in_text=in_text))
    assert codes(report) == expected
    if expected:
        assert report.articles[0].findings[0].message == 'in-text "Islam et al. (2021)" but the paper is from 2023'


@pytest.mark.parametrize(("described", "message"), [
    ("A 2021 meta-analysis", 'described as "A 2021 meta-analysis" but the paper is from 2023'),
    ("The 2020 Cochrane review", 'described as "The 2020 Cochrane review" but the paper is from 2023'),
    ("A review published in 2019", 'described as "A review published in 2019" but the paper is from 2023'),
    ("A 2023 meta-analysis", None),
    ("A meta-analysis of 2,023 patients", None),  # a count, not a year
    ("In 2021, a meta-analysis", None),  # the year of something else
    ("A 2015 trial", None),  # a review cited for an older trial it reports on
    ("A 2000 patient trial", None),  # a count
    ("A review from 2015 to 2019", None),  # the years it covers, not when it was published
])
def test_a_study_described_by_another_year_than_the_papers(described: str, message: str | None) -> None:
    text = f"{described} found that stem cell therapy slowed disability in multiple sclerosis [1].\n\n" \
           f"References\n1. {ISLAM_PRINTED}\n"
    found = [f for f in run(text).articles[0].findings if f.code == "C123"]
    assert [(f.field, f.message) for f in found] == ([("described_year", message)] if message else [])


def test_cosmetic_differences_are_not_findings() -> None:
    cosmetic = ISLAM_PRINTED.replace("Mesenchymal Stem Cell Therapy", "mesenchymal stem-cell therapy") \
        .replace("J Clin Med.", "J. Clin. Med.", 1)
    assert codes(run(source_line(cosmetic))) == []


def test_full_journal_title_is_accepted() -> None:
    printed = ISLAM_PRINTED.replace("J Clin Med.", "Journal of Clinical Medicine.", 1)
    assert codes(run(source_line(printed))) == []


def test_electronic_date_is_accepted_for_the_year() -> None:
    # a record printed in 2024 but published online in 2023: either year is right
    xml = ISLAM_XML.read_bytes().replace(b"<PubDate><Year>2023</Year>", b"<PubDate><Year>2024</Year>")
    source = LocalRecords(parse_pubmed_xml(xml))
    assert codes(run(source_line(ISLAM_PRINTED), source)) == []


def test_missing_from_local_records_is_unverified_not_not_found() -> None:
    report = run(source_line(ISLAM_PRINTED.replace("PMID: 37834955", "PMID: 37834956")))
    assert codes(report) == [("C121", None)]
    assert report.articles[0].citations[0].status == CitationStatus.unverified


def retracted_source(kind: str) -> LocalRecords:
    (record,) = parse_pubmed_xml(ISLAM_XML.read_bytes())
    notice = Correction(kind=kind, source="(a notice written for this test)", pmid=None)
    return LocalRecords([record.model_copy(update={"corrections": (notice,)})])


@pytest.mark.parametrize(("kind", "code"), [("RetractionIn", "C116"), ("ErratumIn", "C117"),
                                             ("ExpressionOfConcernIn", "C118")])
def test_correction_notices(kind: str, code: str) -> None:
    assert [c for c, _ in codes(run(source_line(ISLAM_PRINTED), retracted_source(kind)))] == [code]


# The findings of these two are compared in tests/cases/metadata/pubmed-citmatch.yaml and
# pubmed-unmatched.yaml; here, the status each citation ends with.
def test_reference_without_ids_resolved_by_citmatch_is_verified(fake_eutils, make_client) -> None:  # type: ignore[no-untyped-def]
    printed = ISLAM_PRINTED.split(" doi:")[0]
    report = run(source_line(printed), make_client(fake_eutils))
    assert report.articles[0].citations[0].status == CitationStatus.verified


def test_reference_without_ids_that_matches_nothing_is_unresolved(fake_eutils, make_client) -> None:  # type: ignore[no-untyped-def]
    printed = ISLAM_PRINTED.split(" doi:")[0].replace("12(19):6311", "12(19):9999")
    printed = printed.replace("Mesenchymal", "Haematopoietic")  # else the title search finds it
    report = run(source_line(printed), make_client(fake_eutils))
    assert report.articles[0].citations[0].status == CitationStatus.unresolved


def test_every_citation_rule_has_a_rationale() -> None:
    for spec in rules_of_family("C"):
        assert len(spec.rationale) > 40, spec.code


@pytest.mark.parametrize(("line", "says"), [
    ("See PMID: 12345678901234 for details.", "14 digits"),
    ("doi: 10.1234/" + "x" * 400, "not a DOI's shape"),
    ("PMC12345678901234 is cited.", "PMCID"),
])
def test_malformed_identifiers_are_named_not_skipped(line: str, says: str) -> None:
    report = run(f"A claim.\n{line}\n")
    [citation] = report.articles[0].citations
    assert citation.status == CitationStatus.unresolved
    [found] = [f for f in report.articles[0].findings if f.code == "C105"]
    assert says in found.message


def test_well_formed_identifiers_are_not_malformed() -> None:
    report = run("A claim. PMID: 37834955. doi: 10.3390/jcm12196311. PMC10573670.\n")
    assert "C105" not in {f.code for f in report.articles[0].findings}


LINK_AND_ENTRY = ("A meta-analysis (https://pubmed.ncbi.nlm.nih.gov/37834955/) has shown that disability "
                  "improved in about 40% of patients.\n\nReferences\n1. {entry}\n")


def test_a_link_and_its_list_entry_are_one_citation_with_every_id_checked() -> None:
    entry = ISLAM_PRINTED.split(" PMID:")[0].replace("PMC10573670", "")  # DOI only
    report = run(LINK_AND_ENTRY.format(entry=entry))
    [row] = report.articles[0].citations
    assert (row.citation.pmid, row.citation.doi) == ("37834955", "10.3390/jcm12196311")
    assert row.status == CitationStatus.verified
    assert codes(report) == [c for c in codes(report) if not c[0].startswith("C")]


def test_a_merged_citation_cross_checks_the_ids_of_both_places() -> None:
    entry = ISLAM_PRINTED.split(" PMID:")[0] + " PMCID: PMC10466768."  # another paper's PMCID
    entry = entry.replace("doi: 10.3390/jcm12196311.", "doi: 10.3390/jcm12196311")
    report = run(LINK_AND_ENTRY.format(entry=entry))
    assert len(report.articles[0].citations) == 1
    assert [c for c in codes(report) if c[0].startswith("C")] == [("C102", "pmcid")]


def test_each_claim_finding_on_a_merged_paper_appears_once() -> None:
    # the claim is tied to the paper twice: by its marker [1] and by the link closing its section
    text = ("Mesenchymal stem cell therapy has been proven to be safe and effective for patients with "
            "multiple sclerosis [1].\nThe abstract: https://pubmed.ncbi.nlm.nih.gov/37834955/\n\n"
            f"References\n1. {ISLAM_PRINTED.split(' PMID:')[0]}\n")
    article = run(text).articles[0]
    assert [c.citation_ids for c in article.claims] == [("c2",)]
    # "proven ... effective" (S203, causal wording from a meta-analysis of mostly uncontrolled
    # studies) and "proven to be safe" (S205), each once although the paper is cited twice
    assert [(f.code, f.claim_id) for f in article.findings] == [("S203", "k1"), ("S205", "k1")]


def test_merge_repoints_claims_and_keeps_the_fuller_reference() -> None:
    from verifier.citations import find_citations
    from verifier.merge import merge_same_paper
    from verifier.models import Claim, ClaimKind, Resolution

    (record,) = parse_pubmed_xml(ISLAM_XML.read_bytes())
    article = article_from_text(LINK_AND_ENTRY.format(entry=ISLAM_PRINTED.split(" doi:")[0]))
    link, entry = find_citations(article)
    found = tuple(Resolution(citation_id=c.id, pmid=record.pmid, method="pmid", status="found",
                             record=record) for c in (link, entry))
    claim = Claim(id="k1", text="shown", span=link.span, kind=ClaimKind.efficacy, strength=3,
                  citation_ids=(link.id, entry.id), linked_by=("hyperlink", "marker"))
    citations, resolutions, claims = merge_same_paper((link, entry), found, (claim,))
    assert [c.id for c in citations] == [entry.id] and len(resolutions) == 1
    assert citations[0].pmid == "37834955"
    assert (claims[0].citation_ids, claims[0].linked_by) == ((entry.id,), ("hyperlink",))


def test_different_papers_are_not_merged() -> None:
    text = f"Source: {ISLAM_PRINTED}\nSource: doi: 10.1186/s13018-023-04131-7\n"
    report = run(text)
    assert len(report.articles[0].citations) == 2
