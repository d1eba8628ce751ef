"""Citation finding and reference parsing, against what the seed articles print (checked by hand)."""

from __future__ import annotations

from conftest import SEEDS, article_from_text

from verifier.citations import extract_ids, find_citations, parse_reference
from verifier.ingest import load


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
