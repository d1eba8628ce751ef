"""Citation finding and reference parsing, against what the seed articles print (checked by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, ISLAM_PRINTED, ISLAM_XML, SEEDS, article_from_text

from verifier.citations import (
    citation_label,
    extract_ids,
    find_citations,
    heads_a_citation,
    is_reference_heading,
    malformed_ids,
    parse_reference,
)
from verifier.evidence import LocalRecords, read_records_file
from verifier.ingest import load
from verifier.parse import parse_pubmed_xml
from verifier.pipeline import audit_articles
from verifier.settings import Settings


def test_seed_001_has_five_references_with_their_printed_ids() -> None:
    citations = find_citations(load(str(SEEDS / "001_cbb8193102376ae8.txt")))
    assert [(c.pmid, c.doi, c.pmcid) for c in citations] == [
        ("40353645", "10.1002/iid3.70189", "PMC12067559"),
        ("37834955", "10.3390/jcm12196311", "PMC10573670"),
        ("37644595", "10.1186/s13018-023-04131-7", "PMC10466768"),
        ("36911700", "10.3389/fimmu.2023.1141601", "PMC9999104"),
        ("39142905", "10.1016/j.parkreldis.2024.107087", None),
    ]
    assert [c.span.line for c in citations] == [50, 114, 172, 225, 282]


def test_seed_000_short_reference_is_parsed_into_fields() -> None:
    (citation,) = find_citations(load(str(SEEDS / "000_c01f6e6ce9b21b39.txt")))
    fields = citation.fields
    assert (citation.pmid, citation.doi, citation.pmcid) == (None, None, None)
    assert [a.short() for a in fields.authors] == ["Zhang D"]
    assert fields.authors_truncated
    assert (fields.journal, fields.year, fields.volume, fields.issue, fields.pages) == \
        ("Stem Cell Res Ther", 2025, "16", "1", "202")
    assert fields.title is not None and fields.title.startswith("A primary-in-human, potential pilot trial")


def test_nlm_reference_fields() -> None:
    fields = parse_reference(
        "Tambe P, Undale V, Sanap A, Bhonde R, Mante N. The prospective role of mesenchymal stem cells "
        "in Parkinson’s disease. Parkinsonism Relat Disord. 2024 Oct;127:107087. "
        "doi: 10.1016/j.parkreldis.2024.107087. Epub 2024 Aug 10. PMID: 39142905.")
    assert [a.short() for a in fields.authors] == ["Tambe P", "Undale V", "Sanap A", "Bhonde R", "Mante N"]
    assert fields.title == "The prospective role of mesenchymal stem cells in Parkinson’s disease"
    assert (fields.journal, fields.year, fields.month, fields.day) == ("Parkinsonism Relat Disord", 2024, 10, None)
    assert (fields.volume, fields.issue, fields.pages) == ("127", None, "107087")


def test_page_ranges_and_day() -> None:
    fields = parse_reference("Doe J. A title. Some J. 2020 Jan 5;3(2):188-91.")
    assert (fields.month, fields.day, fields.pages) == (1, 5, "188-91")


def test_in_text_mentions_link_to_their_section_reference() -> None:
    citations = find_citations(load(str(SEEDS / "001_cbb8193102376ae8.txt")))
    mentions = {c.pmid: {m.surname for m in c.in_text_mentions} for c in citations}
    assert mentions["40353645"] == {"Hetta"}
    assert mentions["37834955"] == {"Islam"}
    assert mentions["37644595"] == {"Zhang"}
    assert mentions["36911700"] == {"Xia"}
    assert mentions["39142905"] == {"Tambe"}


def test_identifier_forms_and_trailing_punctuation() -> None:
    ids = extract_ids("see https://doi.org/10.1000/xyz123). and pubmed.ncbi.nlm.nih.gov/12345678/ PMC0042,")
    assert (ids.doi, ids.pmid, ids.pmcid) == ("10.1000/xyz123", "12345678", "PMC42")


def test_doi_keeps_balanced_parentheses() -> None:
    assert extract_ids("doi: 10.1016/S0140-6736(20)30183-5.").doi == "10.1016/S0140-6736(20)30183-5"


def test_bare_identifiers_in_running_text_become_citations() -> None:
    article = article_from_text("Trials showed benefit (PMID: 37834955) in patients.\n")
    (citation,) = find_citations(article)
    assert citation.pmid == "37834955"
    assert citation.span.line == 1 and citation.span.column == 24


def test_invalid_shapes_are_not_identifiers() -> None:
    ids = extract_ids("PMID: 1234567890123 doi 10.12/short PMC")
    assert (ids.pmid, ids.doi, ids.pmcid) == (None, None, None)


def test_pathological_identifier_strings_finish() -> None:
    text = "PMID: " + "9" * 100_000 + "\n" + "10.1234/" + "a" * 10_000 + "\n" + "(" * 5000 + "\n"
    citations = find_citations(article_from_text(text))
    assert all(c.pmid is None for c in citations)
    assert all(c.doi is None or len(c.doi) <= 300 for c in citations)


# Reference finding in the forms real pages print. The entries below are the Islam 2023 and
# Zhang P 2023 references of seed 001 (facts of shared/records/seed-citations.json), laid out
# as each kind of page lays them out.
ISLAM_VANCOUVER = ("Islam MA, Alam SS, Kundu S, Ahmed S, Sultana S, Patar A, et al. Mesenchymal Stem Cell "
                   "Therapy in Multiple Sclerosis: A Systematic Review and Meta-Analysis. J Clin Med "
                   "2023;12(19):6311.")
ZHANG_VANCOUVER = ("Zhang P, Dong B, Yuan P, Li X. Human umbilical cord mesenchymal stem cells promoting knee "
                   "joint chondrogenesis for the treatment of knee osteoarthritis: a systematic review. "
                   "J Orthop Surg Res 2023;18(1):639.")


def printed(text: str) -> list[str]:
    return [c.printed for c in find_citations(article_from_text(text))]


@pytest.mark.parametrize("heading", [
    "References", "REFERENCES", "## References", "**Sources**", "Bibliography", "Literature cited",
    "Works Cited:", "Linked References"])
def test_a_list_under_any_usual_heading(heading: str) -> None:
    text = f"Stem cells are studied in MS.\n\n{heading}\n\n{ISLAM_VANCOUVER}\n{ZHANG_VANCOUVER}\n"
    assert printed(text) == [ISLAM_VANCOUVER, ZHANG_VANCOUVER]


def test_an_html_list_under_its_heading_ends_at_the_next_heading(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><p>Stem cells were studied.</p><h2>References</h2><ol><li>{ISLAM_VANCOUVER}"
                    f"</li><li>{ZHANG_VANCOUVER}</li></ol><h2>About us</h2><p>We are a clinic.</p>"
                    "</body></html>", encoding="utf-8")
    citations = find_citations(load(str(page)))
    assert [c.printed for c in citations] == [ISLAM_VANCOUVER, ZHANG_VANCOUVER]


@pytest.mark.parametrize("number", ["1. ", "[1] ", "(1) ", "1) ", "- ", "  1. "])
def test_numbered_or_bulleted_entries_lose_their_number(number: str) -> None:
    text = f"References\n{number}{ISLAM_VANCOUVER}\n{number.replace('1', '2')}{ZHANG_VANCOUVER}\n"
    citations = find_citations(article_from_text(text))
    assert [c.printed for c in citations] == [ISLAM_VANCOUVER, ZHANG_VANCOUVER]
    if "1" in number:
        assert [c.marker for c in citations] == [1, 2]


def test_a_wrapped_entry_is_joined_again() -> None:
    cut = ISLAM_VANCOUVER.index("Systematic")
    text = f"References\n1. {ISLAM_VANCOUVER[:cut].rstrip()}\n   {ISLAM_VANCOUVER[cut:]}\n2. {ZHANG_VANCOUVER}\n"
    assert printed(text) == [ISLAM_VANCOUVER, ZHANG_VANCOUVER]


def test_a_doi_link_on_the_next_line_belongs_to_the_entry() -> None:
    text = f"References\n{ISLAM_VANCOUVER}\nhttps://doi.org/10.3390/jcm12196311\n\n{ZHANG_VANCOUVER}\n"
    citations = find_citations(article_from_text(text))
    assert [(c.doi, c.printed[:5]) for c in citations] == [("10.3390/jcm12196311", "Islam"), (None, "Zhang")]


def test_the_list_ends_at_the_next_heading() -> None:
    text = (f"References\n{ISLAM_VANCOUVER}\n\nRelated articles\nStem cells for knees\n"
            "Knee pain and what helps\n")
    assert printed(text) == [ISLAM_VANCOUVER]


def test_the_list_ends_at_a_prose_paragraph() -> None:
    prose = ("Our clinic offers consultations for patients who want to know more about stem cell "
             "treatments and what the research says about them.")
    citations = find_citations(article_from_text(f"Sources:\n{ISLAM_VANCOUVER}\n{prose}\n"))
    assert [c.printed for c in citations] == [ISLAM_VANCOUVER]


@pytest.mark.parametrize("label", ["Source:", "Reference:", "Cite as:", "How to cite:", "Journal reference:",
                                   "Citation:", "Please cite this article as:", "Cite this article:"])
def test_labelled_lines_anywhere(label: str) -> None:
    text = f"The review pooled 40% improvement.\n{label} {ISLAM_VANCOUVER}\nMore text follows here.\n"
    assert printed(text) == [ISLAM_VANCOUVER]


@pytest.mark.parametrize("label", ["How to Cite", "Journal Reference:", "Cite This Page:"])
def test_a_label_on_its_own_line_takes_the_block_below(label: str) -> None:
    text = f"Read the paper.\n\n{label}\n\n  1. {ISLAM_VANCOUVER}\n\nOther news of the week.\n"
    assert printed(text) == [ISLAM_VANCOUVER]


def test_a_reference_shaped_line_with_an_identifier_is_a_reference() -> None:
    line = f"{ISLAM_VANCOUVER} doi: 10.3390/jcm12196311"
    (citation,) = find_citations(article_from_text(f"As shown before.\n{line}\n"))
    assert (citation.doi, citation.printed) == ("10.3390/jcm12196311", line)


def test_prose_mentioning_a_year_is_not_a_reference() -> None:
    text = "In 2023 a review of MSC therapy in multiple sclerosis pooled eleven studies of patients.\n"
    assert printed(text) == []


def test_a_bare_pmid_line_is_an_identifier_not_a_title() -> None:
    (citation,) = find_citations(article_from_text("References\nPMID: 37834955\n"))
    assert citation.pmid == "37834955"
    assert citation.fields.title is None and citation.fields.authors == ()


def test_a_pmid_line_under_its_entry_joins_it() -> None:
    text = f"References\n1. {ISLAM_VANCOUVER}\n[PubMed] PMID: 37834955\n2. {ZHANG_VANCOUVER}\n"
    citations = find_citations(article_from_text(text))
    assert [(c.pmid, c.printed[:5]) for c in citations] == [("37834955", "Islam"), (None, "Zhang")]


def test_a_second_pmid_under_an_entry_is_another_paper() -> None:
    text = f"Source: {ISLAM_VANCOUVER} PMID: 37834955\nPMID: 37644595\n"
    assert [c.pmid for c in find_citations(article_from_text(text))] == ["37834955", "37644595"]


def test_a_pmc_header_is_one_citation_with_all_its_ids() -> None:
    text = ("J Clin Med. 2023 Sep 30;12(19):6311. doi: 10.3390/jcm12196311\n"
            "PMCID: PMC10573670  PMID: 37834955\n\nAbstract\n")
    (citation,) = find_citations(article_from_text(text))
    assert (citation.pmid, citation.doi, citation.pmcid) == ("37834955", "10.3390/jcm12196311", "PMC10573670")


def test_ids_of_different_papers_in_prose_stay_apart() -> None:
    text = "Two trials (PMID: 37834955) and (PMID: 37644595) disagree.\n"
    assert [c.pmid for c in find_citations(article_from_text(text))] == ["37834955", "37644595"]


def test_a_list_of_lines_without_dates_is_not_one_giant_reference() -> None:
    text = "References\n" + "".join(f"see also item number {n} of the series\n" for n in range(40))
    assert all(c.printed.count("see also") <= 8 for c in find_citations(article_from_text(text)))


SHEN_NATURE = ("References\n1. Shen, G., Li, Z., Zhang, Y., Wu, H. & Feng, J. H NMR-based metabolomics study on the "
               "physiological variations during the rat pregnancy process. Mol. Cell. Endocrinol. {pii} (2016).\n")


@pytest.mark.parametrize(("pii", "codes"), [("S0303-7207(16)30003-X", []),  # the record's own PII
                                             ("S0303-7207(16)30004-X", ["C115"]),  # one digit changed
                                             ("S0303-7207(15)30003-X", ["C115"])])
def test_a_pii_printed_for_pages_is_compared_whole(pii: str, codes: list[str]) -> None:
    source = LocalRecords(read_records_file(str(DATA / "shen2016.medline")))
    report = audit_articles([article_from_text(SHEN_NATURE.format(pii=pii))], Settings(), source=source)
    [row] = report.articles[0].citations
    assert row.record is not None and row.record.pmid == "26773731"
    assert [f.code for f in report.articles[0].findings if f.code.startswith("C") and f.severity != "info"] == codes


# Real records (Manson JE et al., N Engl J Med 2019, the VITAL trial; Bao Y et al., N Engl J Med
# 2013), each printed hard-wrapped over three lines as a PDF flattened to text prints them.
WRAPPED_LIST = """Vitamin D did not prevent cancer in the trial, and nuts were tied to a longer life.

Manson JE, Cook NR, Lee IM, et al. Vitamin D Supplements and
Prevention of Cancer and Cardiovascular Disease. N Engl J
Med. 2019;380(1):33-44.
Bao Y, Han J, Hu FB, et al. Association of nut consumption with
total and cause-specific mortality. N Engl J Med.
2013;369(21):2001-11.
"""


def test_references_hard_wrapped_over_lines_are_read_whole() -> None:
    from conftest import article_from_text
    citations = find_citations(article_from_text(WRAPPED_LIST))
    assert [(c.fields.authors[0].last_name, c.fields.year) for c in citations] == [("Manson", 2019), ("Bao", 2013)]
    assert citations[1].printed.startswith("Bao Y, Han J, Hu FB, et al. Association of nut consumption with total")


def test_a_wrapped_sentence_naming_places_is_not_a_reference() -> None:
    from conftest import article_from_text
    text = ("We evaluated the network in four of its countries: Bangladesh, the\n"
            "Ethiopia, Malawi and Uganda. This evaluation ran from 2019-2022, with\n"
            "2-4 rounds of visits in each of the four countries.\n")
    assert find_citations(article_from_text(text)) == ()


def test_a_short_claim_right_above_a_source_line_is_not_the_start_of_a_wrapped_reference() -> None:
    from conftest import ISLAM_PRINTED, article_from_text
    citations = find_citations(article_from_text(f"MSC therapy cures MS.\nSource: {ISLAM_PRINTED}\n"))
    assert [c.printed[:9] for c in citations] == ["Islam MA,"]


# --- reference lists hard-wrapped at a narrow width ------------------------------------------

WRAPPED_NUMBERED = """1. Brown A, Green B, White C, Black D. Vitamin D drops and falls in
care homes: a trial over one winter. Age Care J. 2019;
5:1-9.
2. Green B, Grey E. Protein at breakfast and hunger before lunch in
older adults. Nutr Sci. 2018; 7:100-110.
"""


def test_a_numbered_list_wrapped_with_no_heading_is_one_reference_per_entry() -> None:
    citations = find_citations(article_from_text(WRAPPED_NUMBERED))
    assert [(c.marker, c.fields.year, c.printed.split(".")[1].strip()) for c in citations] == [
        (1, 2019, "Vitamin D drops and falls in care homes: a trial over one winter"),
        (2, 2018, "Protein at breakfast and hunger before lunch in older adults"),
    ]


def test_numbered_steps_wrapped_the_same_way_are_no_references() -> None:
    text = ("1. Take the tablet with water after breakfast and wait for one\nhour before you eat again.\n"
            "2. Keep the box away from light and heat, and throw it away after\nthe date on the label.\n")
    assert find_citations(article_from_text(text)) == ()


def test_a_wrapped_entry_whose_last_line_reads_as_a_reference_stays_whole() -> None:
    text = ("1. Islam MA, Alam SS, Kundu S, Ahmed S, Sultana S, Patar A, Hossan\n"
            "T. Mesenchymal Stem Cell Therapy in Multiple Sclerosis: A Systematic\n"
            "Review and Meta-Analysis. J Clin Med. 2023;12(19):6311. doi: 10.3390/jcm12196311.\n")
    (citation,) = find_citations(article_from_text(text))
    assert citation.printed.startswith("Islam MA, Alam SS") and citation.doi == "10.3390/jcm12196311"


@pytest.mark.parametrize(("heading", "listed"), [
    ("List of references", True), ("Reference list", True), ("Scientific references", True),
    ("## Studies cited", True), ("List of stockists", False), ("Key findings", False),
])
def test_usual_names_of_a_reference_list_heading(heading: str, listed: bool) -> None:
    assert is_reference_heading(heading) is listed


def test_a_citation_line_with_its_doi_wrapped_onto_the_next_line_is_one_citation() -> None:
    # seed 001's second reference as a PubMed digest prints it, hard-wrapped after "doi:"
    text = ("Mesenchymal Stem Cell Therapy in Multiple Sclerosis: A Systematic Review and\nMeta-Analysis\n\n"
            "J Clin Med. 2023 Sep 30;12(19):6311. doi:\n10.3390/jcm12196311.\n\n"
            "Stem cell therapy lowered relapse rates in the pooled trials.\n")
    (citation,) = find_citations(article_from_text(text))
    assert citation.printed.startswith("J Clin Med. 2023") and citation.doi == "10.3390/jcm12196311"
    assert citation.fields.year == 2023


def test_a_line_opening_with_a_number_and_a_full_stop_is_still_an_entry_number() -> None:
    text = ("1. Brown A, Green B. Vitamin D drops and falls in care homes. Age Care J.\n2019; 5:1-9.\n"
            "10. Green B, Grey E. Protein at breakfast and hunger. Nutr Sci. 2018;\n7:100-110.\n")
    assert [c.marker for c in find_citations(article_from_text(text))] == [1, 10]


@pytest.mark.parametrize(("text", "says"), [
    ("See PMID: 0 for details.", "PMID 0 (PMIDs start at 1)"),
    ("See PMID: 000 for details.", "PMID 000 (PMIDs start at 1)"),
    ("See PMID: 3783495512345 for details.", "PMID 3783495512345 (13 digits; a PMID has 1 to 9)"),
])
def test_a_pmid_that_cannot_be_one_says_why(text: str, says: str) -> None:
    assert [m.description for m in malformed_ids(text)] == [says]


def test_a_pmid_with_leading_zeros_is_a_pmid() -> None:
    assert malformed_ids("See PMID: 0037834955 for details.") == []


@pytest.mark.parametrize(("line", "heads"), [
    ("Journal reference", True), ("Journal Reference:", True), ("How to cite this article:", True),
    ("References", True), ("Journal club", False), ("Study design", False),
])
def test_a_label_of_the_citation_below_heads_sources_not_prose(line: str, heads: bool) -> None:
    assert heads_a_citation(line) is heads


def test_a_citation_printing_only_an_identifier_is_named_by_its_record() -> None:
    (citation,) = find_citations(article_from_text("A meta-analysis found it (PMID: 37834955).\n"))
    record = parse_pubmed_xml(ISLAM_XML.read_bytes())[0]
    assert citation_label(citation) == "PMID 37834955"
    assert citation_label(citation, record) == "Islam MA 2023"
    (printed,) = find_citations(article_from_text(f"Source: {ISLAM_PRINTED}\n"))
    assert citation_label(printed, record) == "Islam MA 2023"  # as printed: the record is not asked
