"""Every record kind PubMed serves, read from small answers of the project's own
(tests/data/pubmed, see its README): a book, a chapter, old DTDs (2008, 2011), a Season date,
a MedlineDate, and DeleteCitation. Expected values are the facts of the real records."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from conftest import DATA

from verifier.models import Record
from verifier.parse import parse_pubmed_answer, parse_pubmed_xml

FORMATS = DATA / "pubmed"


def read(name: str) -> Record:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every DTD these declare is shipped: no fallback warning
        (record,) = parse_pubmed_xml((FORMATS / name).read_bytes())
    return record


def test_a_whole_book_is_a_record() -> None:
    book = read("book_26468569.xml")
    assert (book.kind, book.pmid, book.doi, book.book_accession) == ("book", "26468569", "10.17226/21775",
                                                                     "NBK321423")
    assert book.title == book.book_title == ("Application of Modern Toxicology Approaches for Predicting "
                                             "Acute Toxicity for Chemical Defense")
    assert (book.publisher, book.publisher_location) == ("National Academies Press (US)", "Washington (DC)")
    assert book.isbn == ("9780309376662",)
    assert (book.pub_date.year, book.pub_date.month, book.pub_date.day) == (2015, 9, 1)
    assert [(a.last_name, a.collective) for a in book.authors] == [("Committee on Toxicology", True),
                                                                   ("Board on Life Sciences", True)]
    assert book.volume is None and book.pages is None and book.journal_title == ""


def test_a_chapter_keeps_its_authors_and_the_book_its_editors() -> None:
    chapter = read("chapter_20301340.xml")
    assert (chapter.kind, chapter.pmid, chapter.book_accession) == ("chapter", "20301340", "NBK1161")
    assert chapter.title == "Alzheimer Disease Overview" and chapter.book_title == "GeneReviews®"
    assert [a.short() for a in chapter.authors] == ["Bird TD"]
    assert [a.short() for a in chapter.editors] == ["Adam MP"]
    assert (chapter.publisher, chapter.publisher_location) == ("University of Washington, Seattle",
                                                               "Seattle (WA)")
    assert chapter.pub_date.year == 1993


def test_the_2008_dtd_with_a_season_date() -> None:
    record = read("olddtd2008_12091962.xml")
    assert (record.pmid, record.title) == ("12091962", "The treatment of AIDS behind the walls of "
                                           "correctional facilities.")
    assert [a.short() for a in record.authors] == ["Olivero JM"]
    assert (record.medline_ta, record.volume, record.issue, record.pages) == ("Soc Justice", "17", "1", "113-125")
    # a season is no month: the year stands, the month stays unknown, the text keeps the season
    assert (record.pub_date.year, record.pub_date.month, record.pub_date.text) == (1990, None, "1990 Spring")


def test_the_2011_dtd() -> None:
    record = read("olddtd2011_20412080.xml")
    assert (record.pmid, record.doi) == ("20412080", "10.1111/j.1399-0004.2010.01436.x")
    assert [a.short() for a in record.authors] == ["Robinson PN", "Mundlos S"]
    assert (record.pub_date.year, record.pub_date.month) == (2010, 6)
    assert (record.medline_ta, record.volume, record.issue, record.pages) == ("Clin Genet", "77", "6", "525-534")


def test_a_medline_date_gives_its_first_year_and_month() -> None:
    record = read("medlinedate_23878845.xml")
    assert record.pmid == "23878845" and [a.last_name for a in record.authors] == [
        "Hajizadeh", "Ghavamnasiri", "Majidinia"]
    assert (record.pub_date.year, record.pub_date.month, record.pub_date.text) == (2013, 11, "2013 Nov-Dec")
    assert (record.volume, record.issue, record.pages) == ("44", "10", "793-798")


@pytest.mark.parametrize(("medline_date", "year", "month"), [
    ("1998 Dec-1999 Jan", 1998, 12),  # NLM's own example of a range across a year end
    ("2000 Spring", 2000, None),
    ("1999-2000", 1999, None),
])
def test_medline_date_forms(medline_date: str, year: int, month: int | None) -> None:
    xml = (FORMATS / "medlinedate_23878845.xml").read_bytes().replace(b"2013 Nov-Dec", medline_date.encode())
    (record,) = parse_pubmed_xml(xml)
    assert (record.pub_date.year, record.pub_date.month, record.pub_date.text) == (year, month, medline_date)


def test_delete_citation_lists_pmids_and_no_record() -> None:
    answer = parse_pubmed_answer((FORMATS / "deletecitation.xml").read_bytes())
    assert answer.records == () and answer.unplaced == ()
    assert answer.deleted == {"12091962", "20412080"}


def test_articles_books_and_deletions_in_one_answer(tmp_path: Path) -> None:
    bodies = [(FORMATS / n).read_text(encoding="utf-8") for n in
              ("medlinedate_23878845.xml", "chapter_20301340.xml", "book_26468569.xml")]
    inner = "".join(b.split("<PubmedArticleSet>")[1].split("</PubmedArticleSet>")[0] for b in bodies)
    head = bodies[0].split("<PubmedArticleSet>")[0]
    xml = f"{head}<PubmedArticleSet>{inner}<DeleteCitation><PMID>12091962</PMID></DeleteCitation></PubmedArticleSet>"
    answer = parse_pubmed_answer(xml.encode())
    assert sorted((r.pmid, r.kind) for r in answer.records) == [("20301340", "chapter"), ("23878845", "article"),
                                                                 ("26468569", "book")]
    assert answer.deleted == {"12091962"} and answer.unplaced == ()


def test_an_entry_the_parser_cannot_place_is_reported() -> None:
    xml = (FORMATS / "olddtd2011_20412080.xml").read_bytes().replace(
        b"</PubmedArticleSet>", b"<PubmedArticle><PubmedData/></PubmedArticle></PubmedArticleSet>")
    answer = parse_pubmed_answer(xml)
    assert [r.pmid for r in answer.records] == ["20412080"]
    assert answer.unplaced, "an entry with no MedlineCitation must be reported, not dropped"
