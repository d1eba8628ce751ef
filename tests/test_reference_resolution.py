"""References printed without identifiers: ECitMatch, then a PubMed title search (title words in
[ti], first author in [1au], year in [dp]); one hit is fetched and checked like any citation,
several are reported as ambiguous with their PMIDs, never guessed. With no record of the printed
year, the search is asked again with the year open and a hit within a year is confirmed.

Facts typed by hand from the two real records the tests hold: PMID 37834955, Islam MA et al.,
"Mesenchymal Stem Cell Therapy in Multiple Sclerosis: A Systematic Review and Meta-Analysis."
J Clin Med 2023;12(19):6311; PMID 37644595, "Human umbilical cord mesenchymal stem cells promoting
knee joint chondrogenesis for the treatment of knee osteoarthritis: a systematic review." J Orthop
Surg Res 2023 (no authors in the partial record). Both titles hold "systematic review", 2023.
"""

from __future__ import annotations

from pathlib import Path

from conftest import ISLAM_XML, ZHANGP_XML, article_from_text
from support.fake_eutils import FakeEutils
from support.fakeserver import FakeServer

from verifier.evidence import FetchResult, LocalRecords, Lookup, OfflineSource, TitleQuery
from verifier.evidence.eutils.client import PubMedClient
from verifier.evidence.eutils.ratelimit import RateLimiter
from verifier.evidence.eutils.requests import Identity, title_term
from verifier.evidence.mirror import Mirror, MirrorSource
from verifier.models import CitationStatus, Report
from verifier.parse import parse_pubmed_xml
from verifier.pipeline import audit_articles
from verifier.resolve import within_a_year
from verifier.settings import Settings

TITLE = "Mesenchymal Stem Cell Therapy in Multiple Sclerosis: A Systematic Review and Meta-Analysis"
NO_VOLUME = f"Islam MA, Alam SS, Kundu S, et al. {TITLE}. J Clin Med. 2023."
WRONG_PAGE = f"Islam MA, Alam SS, Kundu S, et al. {TITLE}. J Clin Med. 2023;12(19):9999."
GENERIC = "A systematic review. 2023."


def audit(printed: str, source: object) -> Report:
    text = f"In this review, MSC therapy improved disability.\n\nReferences\n1. {printed}\n"
    return audit_articles([article_from_text(text)], Settings(use_cache=False), source=source)  # type: ignore[arg-type]


def codes(report: Report) -> list[tuple[str, str | None]]:
    return [(f.code, f.field) for f in report.articles[0].findings if f.code.startswith("C")]


def fake() -> FakeEutils:
    return FakeEutils([ISLAM_XML.read_text(encoding="utf-8"), ZHANGP_XML.read_text(encoding="utf-8")])


def records() -> LocalRecords:
    return LocalRecords(parse_pubmed_xml(ISLAM_XML.read_bytes()) + parse_pubmed_xml(ZHANGP_XML.read_bytes()))


def test_the_title_search_term_uses_pubmed_field_tags() -> None:
    term = title_term(TitleQuery(TITLE, surname="Islam", initials="MA", year=2023))
    assert term == ("mesenchymal[ti] AND stem[ti] AND cell[ti] AND therapy[ti] AND multiple[ti] AND "
                    "sclerosis[ti] AND systematic[ti] AND review[ti] AND meta[ti] AND analysis[ti] AND "
                    "islam m[1au] AND 2023[dp]")
    assert title_term(TitleQuery("Sjögren’s syndrome", surname="Müller-Lyer")) == \
        "sjogren[ti] AND syndrome[ti] AND muller-lyer[1au]"
    assert title_term(TitleQuery("-- .")) == ""


def test_a_reference_without_volume_or_page_is_found_by_title_and_checked(make_client) -> None:  # type: ignore[no-untyped-def]
    eutils = fake()
    report = audit(NO_VOLUME, make_client(eutils))
    assert codes(report) == [("C120", "pmid")]
    [row] = report.articles[0].citations
    assert (row.status, row.record.pmid if row.record else None) == (CitationStatus.verified, "37834955")
    assert any("title search" in f.message for f in report.articles[0].findings if f.code == "C120")
    assert (eutils.calls["ecitmatch.cgi"], eutils.calls["esearch.fcgi"], eutils.calls["efetch.fcgi"]) == (0, 1, 1)


def test_when_ecitmatch_finds_nothing_the_title_finds_the_paper_and_the_wrong_page_is_caught(make_client) -> None:  # type: ignore[no-untyped-def]
    eutils = fake()
    report = audit(WRONG_PAGE, make_client(eutils))
    assert codes(report) == [("C115", "pages"), ("C120", "pmid")]
    assert report.articles[0].citations[0].status == CitationStatus.mismatch
    assert (eutils.calls["ecitmatch.cgi"], eutils.calls["esearch.fcgi"]) == (1, 1)


def test_several_hits_are_ambiguous_with_the_candidates_never_a_guess(make_client) -> None:  # type: ignore[no-untyped-def]
    report = audit(GENERIC, make_client(fake()))
    [row] = report.articles[0].citations
    assert row.status == CitationStatus.unverified and row.record is None
    assert "ambiguous" in row.reason and "37834955" in row.reason and "37644595" in row.reason
    assert codes(report) == [("C121", None)]


def test_a_title_word_no_pubmed_title_has_means_no_match(make_client) -> None:  # type: ignore[no-untyped-def]
    printed = WRONG_PAGE.replace("Mesenchymal", "Haematopoietic")
    report = audit(printed, make_client(fake()))
    assert codes(report) == [("C119", "reference")]
    [finding] = [f for f in report.articles[0].findings if f.code == "C119"]
    assert "ECitMatch" in finding.message and "title search" in finding.message
    assert report.articles[0].citations[0].status == CitationStatus.unresolved


def test_the_title_search_over_a_loopback_server() -> None:
    with FakeServer(fake()) as server:
        client = PubMedClient(Identity(email="tester@example.org"), eutils_url=server.url,
                              idconv_url=server.idconv_url, limiter=RateLimiter(1000))
        try:
            report = audit(NO_VOLUME, client)
        finally:
            client.close()
    assert codes(report) == [("C120", "pmid")]
    assert report.articles[0].citations[0].status == CitationStatus.verified


def test_records_files_match_a_title_locally() -> None:
    report = audit(NO_VOLUME, records())
    assert codes(report) == [("C120", "pmid")]
    assert report.articles[0].citations[0].status == CitationStatus.verified


def test_records_files_never_match_a_title_with_another_first_author() -> None:
    report = audit(NO_VOLUME.replace("Islam MA", "Rahman MA"), records())
    assert codes(report) == [("C121", None)]
    [row] = report.articles[0].citations
    assert row.status == CitationStatus.unverified and "--records" in row.reason


def test_the_mirror_matches_a_title_locally(tmp_path: Path) -> None:
    mirror = Mirror(tmp_path / "m.sqlite")
    try:
        mirror.import_file(str(ISLAM_XML))
        source = MirrorSource(mirror)
        query = TitleQuery(TITLE.lower(), surname="Islam", initials="MA", year=2023)
        assert source.title_search({"k": query}).found == {"k": "37834955"}
        other_year = source.title_search({"k": TitleQuery(TITLE, surname="Islam", year=2019)})
        assert not other_year.found and "k" in other_year.unavailable
    finally:
        mirror.close()


def test_offline_answers_no_title_search() -> None:
    report = audit(NO_VOLUME, OfflineSource())
    [row] = report.articles[0].citations
    assert row.status == CitationStatus.unverified and "offline" in row.reason


def test_a_year_off_by_one_is_confirmed_by_title_and_first_author_and_then_caught(make_client) -> None:  # type: ignore[no-untyped-def]
    eutils = fake()
    report = audit(NO_VOLUME.replace("2023", "2022"), make_client(eutils))
    assert codes(report) == [("C110", "year"), ("C120", "pmid")]
    [row] = report.articles[0].citations
    assert row.record is not None and row.record.pmid == "37834955"
    assert (eutils.calls["esearch.fcgi"], eutils.calls["efetch.fcgi"]) == (2, 1)  # exact year, then year open


def test_a_year_off_by_more_than_one_is_no_match(make_client) -> None:  # type: ignore[no-untyped-def]
    report = audit(NO_VOLUME.replace("2023", "2020"), make_client(fake()))
    assert codes(report) == [("C119", "reference")]
    assert report.articles[0].citations[0].status == CitationStatus.unresolved


def test_the_same_title_search_is_asked_once(make_client) -> None:  # type: ignore[no-untyped-def]
    eutils = fake()
    shorter = NO_VOLUME.replace("Islam MA, Alam SS, Kundu S, et al.", "Islam MA, et al.")
    text = f"MSC therapy helped.\n\nReferences\n1. {NO_VOLUME}\n\nFurther reading\n1. {shorter}\n"
    report = audit_articles([article_from_text(text)], Settings(use_cache=False), source=make_client(eutils))
    assert {c.status for c in report.articles[0].citations} == {CitationStatus.verified}
    assert eutils.calls["esearch.fcgi"] == 1  # two printed forms, one question


def test_several_records_with_the_year_left_open_are_ambiguous_never_a_guess() -> None:
    query = TitleQuery(TITLE, surname="Islam", initials="MA", year=2021)
    ambiguous = "title search: ambiguous, 2 PubMed records fit (PMIDs 37834955, 37644595)"
    answer = within_a_year({"k": query}, Lookup(missing=frozenset({"k"})),
                           Lookup(unavailable={"k": ambiguous}), FetchResult())
    assert not answer.found and "k" not in answer.missing
    assert answer.unavailable["k"] == ("title search: no record of 2021 fits; ambiguous, 2 PubMed records fit "
                                       "(PMIDs 37834955, 37644595) with the year left open")
