"""The bounds of printed identifiers (verifier.identifiers), with real ids: PMID 37834955 and PMCID
PMC10573670 with DOI 10.3390/jcm12196311 (Islam et al., J Clin Med 2023); DOI
10.1016/j.mce.2016.01.003 (PMID 26773731, Shen et al. 2016); DOI 10.1016/S0140-6736(20)30183-5
(PMID 31986264, Huang et al., Lancet 2020), whose suffix holds brackets."""

from __future__ import annotations

import pytest

from verifier.citations import extract_ids, malformed_ids
from verifier.identifiers import DOI_RE, PMCID_RE, PMID_RE, clean_doi, clean_pmcid, clean_pmid
from verifier.references import parse


@pytest.mark.parametrize(("printed", "doi"), [
    ("doi: 10.3390/jcm12196311.", "10.3390/jcm12196311"),
    ("(doi:10.3390/jcm12196311)", "10.3390/jcm12196311"),
    ("https://doi.org/10.1016/j.mce.2016.01.003;", "10.1016/j.mce.2016.01.003"),
    ("“10.1016/j.mce.2016.01.003”,", "10.1016/j.mce.2016.01.003"),
    ("doi:10.1016/S0140-6736(20)30183-5.", "10.1016/S0140-6736(20)30183-5"),
    ("(see doi:10.1016/S0140-6736(20)30183-5)", "10.1016/S0140-6736(20)30183-5"),
])
def test_a_doi_loses_the_punctuation_printed_after_it_but_keeps_its_own_brackets(printed: str, doi: str) -> None:
    [match] = DOI_RE.findall(printed)
    assert clean_doi(match) == doi
    assert extract_ids(printed).doi == doi
    assert parse(f"Smith A. A title. J Med. 2020;1:2. {printed}").doi == doi


def test_a_doi_suffix_beyond_250_characters_is_malformed_not_cut() -> None:
    printed = "doi: 10.3390/jcm12196311" + "x" * 240
    assert extract_ids(printed).doi is None
    assert parse(f"Smith A. A title. J Med. 2020;1:2. {printed}").doi is None
    [malformed] = malformed_ids(printed)
    assert malformed.description.endswith("(259 characters; not a DOI's shape)")  # 19 + 240
    assert clean_doi("10.3390/jcm12196311" + "x" * 239) is not None  # a suffix of 11 + 239 = 250


@pytest.mark.parametrize(("printed", "pmid"), [
    ("PMID: 37834955", "37834955"),
    ("PMID 37834955.", "37834955"),
    ("https://pubmed.ncbi.nlm.nih.gov/37834955/", "37834955"),
    ("PMID: 0037834955", "37834955"),  # leading zeros are not digits of the id
    ("PMID: 1", "1"),
])
def test_pmids_of_one_to_nine_digits(printed: str, pmid: str) -> None:
    assert extract_ids(printed).pmid == pmid
    assert parse(f"Islam MA. A title. J Clin Med. 2023;12:6311. {printed}").pmid == pmid


@pytest.mark.parametrize("printed", ["PMID: 3783495512", "PMID: 0", "PMID: 378349551234567"])
def test_a_pmid_of_ten_or_more_digits_or_zero_is_malformed(printed: str) -> None:
    assert extract_ids(printed).pmid is None
    assert parse(f"Islam MA. A title. J Clin Med. 2023;12:6311. {printed}").pmid is None
    assert len(malformed_ids(printed)) == 1


def test_a_pmid_in_other_digits_is_not_sent_anywhere() -> None:
    assert PMID_RE.search("PMID: ٣٧٨٣٤٩٥٥")  # \d reads Arabic-Indic digits ...
    assert clean_pmid("٣٧٨٣٤٩٥٥") is None  # ... but they are no PMID
    assert extract_ids("PMID: ٣٧٨٣٤٩٥٥").pmid is None


@pytest.mark.parametrize(("printed", "pmcid"), [
    ("PMCID: PMC10573670", "PMC10573670"),
    ("PMC10573670.", "PMC10573670"),
    ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC10573670/", "PMC10573670"),
    ("PMC010573670", "PMC10573670"),
])
def test_pmcid_forms(printed: str, pmcid: str) -> None:
    assert extract_ids(printed).pmcid == pmcid
    assert parse(f"Islam MA. A title. J Clin Med. 2023;12:6311. {printed}").pmcid == pmcid


def test_a_pmcid_beyond_nine_digits_is_malformed() -> None:
    printed = "PMC1057367012"
    [match] = PMCID_RE.findall(printed)
    assert clean_pmcid(match) is None
    assert extract_ids(printed).pmcid is None
    assert len(malformed_ids(printed)) == 1
