"""Parsing PubMed XML and MEDLINE with Biopython, offline and safely."""

from __future__ import annotations

import warnings

import pytest
from Bio.Entrez import Parser as EntrezParser
from conftest import DATA, ISLAM_XML

from verifier.errors import RecordParseError
from verifier.evidence import LocalRecords, read_records_file
from verifier.parse import UnknownDTDWarning, expand_pages, parse_medline, parse_pubmed_xml


def test_islam_record_fields() -> None:
    (record,) = parse_pubmed_xml(ISLAM_XML.read_bytes())
    assert (record.pmid, record.doi, record.pmcid) == ("37834955", "10.3390/jcm12196311", "PMC10573670")
    assert [a.short() for a in record.authors] == ["Islam MA", "Alam SS", "Kundu S", "Ahmed S",
                                                   "Sultana S", "Patar A", "Hossan T"]
    assert (record.volume, record.issue, record.pages) == ("12", "19", "6311")
    assert (record.pub_date.year, record.pub_date.month, record.pub_date.day) == (2023, 9, 30)
    assert "Meta-Analysis" in record.publication_types
    assert record.abstract[2].label == "RESULTS (PARAPHRASE)" and "40.4%" in record.abstract[2].text


def test_medline_gives_the_same_record_fields() -> None:
    (xml,) = parse_pubmed_xml(ISLAM_XML.read_bytes())
    (medline,) = parse_medline((DATA / "islam2023.medline").read_text(encoding="utf-8"))
    for field in ("pmid", "doi", "pmcid", "title", "authors", "volume", "issue", "pages", "medline_ta"):
        assert getattr(medline, field) == getattr(xml, field), field
    assert medline.pub_date.year == 2023 and medline.pub_date.month == 9


@pytest.mark.parametrize(("printed", "expanded"), [("188-91", "188-191"), ("1001-9", "1001-1009"),
                                                    ("e70189", "e70189"), ("12-4, 18", "12-14, 18"),
                                                    ("S10-S12", "S10-S12")])
def test_page_ranges_are_expanded(printed: str, expanded: str) -> None:
    assert expand_pages(printed) == expanded


def test_markup_in_titles_is_stripped_and_collective_authors_kept() -> None:
    xml = ISLAM_XML.read_bytes().replace(
        b"Mesenchymal Stem Cell Therapy in", b"Mesenchymal <i>Stem</i> Cell Therapy<sup>1</sup> in").replace(
        b"</AuthorList>", b"<Author><CollectiveName>MS Study Group</CollectiveName></Author></AuthorList>")
    (record,) = parse_pubmed_xml(xml)
    assert record.title.startswith("Mesenchymal Stem Cell Therapy1 in")
    assert record.authors[-1].collective and record.authors[-1].last_name == "MS Study Group"


def test_unknown_dtd_is_replaced_offline_with_a_warning() -> None:
    xml = ISLAM_XML.read_bytes().replace(b"pubmed_250101.dtd", b"pubmed_990101.dtd")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        (record,) = parse_pubmed_xml(xml)
    assert record.pmid == "37834955"
    assert any(issubclass(w.category, UnknownDTDWarning) for w in caught)


def test_missing_doctype_is_supplied() -> None:
    xml = b"\n".join(line for line in ISLAM_XML.read_bytes().splitlines() if b"DOCTYPE" not in line)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert parse_pubmed_xml(xml)[0].pmid == "37834955"


def test_entity_expansion_bomb_is_refused() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
            b"<ArticleTitle>&c;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(RecordParseError):
            parse_pubmed_xml(bomb)


def test_external_entity_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    xml = (f'<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [<!ENTITY x SYSTEM "file://{secret}">]>'
           "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
           "<ArticleTitle>&x;</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
           "</PubmedArticleSet>").encode()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(RecordParseError):
            parse_pubmed_xml(xml)


@pytest.mark.parametrize("xml", [b"<PubmedArticleSet><PubmedArticle>", b"<html>no</html>", b"not xml"])
def test_broken_xml_is_a_parse_error(xml: bytes) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(RecordParseError):
            parse_pubmed_xml(xml)


def test_records_files_xml_and_medline_answer_alike() -> None:
    from_xml = LocalRecords(read_records_file(str(ISLAM_XML)))
    from_medline = LocalRecords(read_records_file(str(DATA / "islam2023.medline")))
    for source in (from_xml, from_medline):
        assert source.pmids_for_dois(["10.3390/jcm12196311"]).found == {"10.3390/jcm12196311": "37834955"}
        assert source.pmids_for_pmcids(["PMC10573670"]).found == {"PMC10573670": "37834955"}


# -- a decoy DOCTYPE before the real one ----------------------------------------------------------

ENTITY_VOLUME = (b'<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
                 b'"pubmed_250101.dtd" [<!ENTITY v "999">]>')


@pytest.fixture
def no_fetching(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Bio.Entrez fetches a DTD it does not ship with urlopen: any call fails the test."""
    asked: list[str] = []

    def refuse(url: object, *args: object, **kwargs: object) -> None:
        asked.append(str(url))
        raise AssertionError(f"the parser tried to fetch {url}")

    monkeypatch.setattr(EntrezParser, "urlopen", refuse)
    return asked


@pytest.mark.parametrize("decoy", [
    b'<!-- <!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle//EN" "pubmed_250101.dtd"> -->',
    b'<?decoy <!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle//EN" "pubmed_250101.dtd"> ?>',
    b"<!-- a --><?pi x?><!-- <!DOCTYPE x> -->",
])
def test_a_decoy_doctype_cannot_hide_an_internal_subset(decoy: bytes, no_fetching: list[str]) -> None:
    lines = ISLAM_XML.read_bytes().split(b"\n")
    body = b"\n".join(line for line in lines[1:] if b"DOCTYPE" not in line)
    xml = lines[0] + b"\n" + decoy + b"\n" + ENTITY_VOLUME + b"\n" + body.replace(b"<Volume>12</Volume>",
                                                                                b"<Volume>&v;</Volume>")
    with pytest.raises(RecordParseError, match="entities"):
        parse_pubmed_xml(xml)
    assert no_fetching == []


def test_an_unshipped_dtd_behind_a_decoy_is_never_fetched(no_fetching: list[str]) -> None:
    xml = ISLAM_XML.read_bytes().replace(b"pubmed_250101.dtd", b"pubmed_990101.dtd")
    declaration, rest = xml.split(b"\n", 1)
    xml = declaration + b'\n<!-- <!DOCTYPE PubmedArticleSet SYSTEM "pubmed_250101.dtd"> -->\n' + rest
    with pytest.warns(UnknownDTDWarning, match="pubmed_990101.dtd"):
        (record,) = parse_pubmed_xml(xml)
    assert record.volume == "12" and no_fetching == []
