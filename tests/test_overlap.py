"""The overlapped audit (`pipeline.Overlapped`, the command line's way through a batch): the same
findings, in the same order, as the sequential path (`gather_evidence`: every article read, then
one resolve, then the checks) on the seeds and on a generated batch over the loopback
E-utilities; the fetch starts while articles are still being read; an article is checked while
later articles' records are still outstanding."""

from __future__ import annotations

import sys
import threading
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from conftest import ROOT, SEED_CASSETTE, SEEDS, article_from_text
from support.fake_eutils import FakeEutils
from support.fakeserver import FakeServer

from verifier import pipeline
from verifier.evidence import CitationQuery, FetchResult, Lookup, TitleQuery
from verifier.evidence.eutils.client import PubMedClient, RetryPolicy
from verifier.evidence.eutils.ratelimit import RateLimiter
from verifier.evidence.eutils.requests import Identity
from verifier.models import Article, ArticleReport, CitationStatus, Record
from verifier.pipeline import Overlapped, audit_articles, audit_overlapped, load_articles
from verifier.settings import Settings

sys.path.insert(0, str(ROOT / "bench"))
import generated  # bench/generated.py: GENERATED records, not real ones

RECORDS = 400  # generated records the loopback server holds: two full batches of 200 and more


def dumped(reports: Iterator[ArticleReport] | tuple[ArticleReport, ...]) -> list[dict[str, object]]:
    return [report.model_dump(mode="json") for report in reports]


def citation(number: int, how: str) -> str:
    """A generated record cited by PMID, by DOI only, by PMCID only, or as a bare reference."""
    year, volume, page = 2000 + number % 25, 1 + number % 60, 1 + number % 900
    head = (f"Generated A, Bench{number % 97} B. GENERATED benchmark record {number} (not a real article), "
            f"version 1. Gen J Bench. {year}")
    if how == "pmid":
        return generated.citation_line(number)
    if how == "doi":
        return f"{head} Jan;{volume}({1 + number % 12}):{page}-{page + 9}. doi: 10.5555/generated.{number}."
    if how == "pmcid":
        return f"{head} Jan;{volume}({1 + number % 12}):{page}-{page + 9}. PMCID: PMC{990_000_000 + number}."
    return f"{head};{volume}:{page}-{page + 9}."


def batch_text(index: int) -> str:
    """Article `index` of a generated batch: up to 10 citations, most by PMID, some cited again in
    other articles, some by DOI (index % 7 == 3), PMCID (% 11 == 4) or a bare reference
    (% 13 == 5), a PMID no record has (8), none at all (20)."""
    numbers = [(index * 9 + j) % RECORDS for j in range(10)]
    lines = [citation(n, "pmid") for n in numbers]
    if index % 7 == 3:
        lines[0] = citation(numbers[0], "doi")
    if index % 11 == 4:
        lines[1] = citation(numbers[1], "pmcid")
    if index % 13 == 5:
        lines[2] = citation(numbers[2], "reference")
    if index == 8:
        lines[3] = lines[3].replace(generated.pmid(numbers[3]), generated.pmid(RECORDS + 50))
    if index == 20:
        lines = []
    return "".join(f"Claim {k}: the generated treatment cures the condition.\nSource: {line}\n\n"
                   for k, line in enumerate(lines)) or "An article that cites nothing at all.\n"


def batch() -> list[Article]:
    """60 articles of up to 10 citations: most by PMID, some cited again elsewhere, some by DOI,
    PMCID or a bare reference (resolved once reading ends), a PMID no record has, an article
    with no citation at all."""
    articles = []
    for index in range(60):
        articles.append(article_from_text(batch_text(index), f"article_{index:03d}.txt"))
    return articles


def client_for(server: FakeServer) -> PubMedClient:
    return PubMedClient(Identity(email="tester@example.org"), eutils_url=server.url, idconv_url=server.idconv_url,
                        limiter=RateLimiter(1000), retry=RetryPolicy(attempts=2, initial=0.01, maximum=0.02))


def test_the_seeds_get_the_sequential_paths_findings() -> None:
    settings = Settings(cassette=str(SEED_CASSETTE), use_cache=False)
    articles = load_articles([str(SEEDS)], settings)
    sequential = audit_articles(articles, settings).articles
    overlapped = tuple(audit_overlapped(articles, settings))
    assert [r.path for r in overlapped] == [a.path for a in articles]
    assert sum(len(r.findings) for r in sequential) > 0
    assert dumped(overlapped) == dumped(sequential)


@pytest.fixture(scope="module")
def eutils() -> FakeEutils:
    return FakeEutils(["".join(generated.document(range(RECORDS)))])


def test_a_generated_batch_gets_the_sequential_paths_findings_and_requests(eutils: FakeEutils) -> None:
    articles, settings = batch(), Settings(use_cache=False, crossref=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with FakeServer(eutils) as server:
            eutils.calls.clear()
            client = client_for(server)
            sequential = audit_articles(articles, settings, source=client).articles
            client.close()
            asked_before = dict(eutils.calls)
            eutils.calls.clear()
            client = client_for(server)
            overlapped = tuple(audit_overlapped(articles, settings, source=client))
            client.close()
    rows = [row for report in sequential for row in report.citations]
    assert {row.status for row in rows} == {CitationStatus.verified, CitationStatus.mismatch}
    assert "C101" in {f.code for report in sequential for f in report.findings}  # the PMID no record has
    kinds = {("doi" if row.citation.doi else "pmcid" if row.citation.pmcid else "reference")
             for row in rows if row.citation.pmid is None and row.record is not None}
    assert kinds == {"doi", "pmcid", "reference"}  # each found once reading had ended
    assert dumped(overlapped) == dumped(sequential)
    # the same lookups, and the PMIDs deduplicated across the run: at most one efetch more
    # (the PMIDs found through DOIs, PMCIDs and references are fetched once reading ends)
    assert {k: v for k, v in eutils.calls.items() if k != "efetch.fcgi"} == \
        {k: v for k, v in asked_before.items() if k != "efetch.fcgi"}
    assert eutils.calls["efetch.fcgi"] <= asked_before["efetch.fcgi"] + 1


class Gated:
    """Records held in memory; a fetch that asks for `held_back` waits until the test opens
    the gate. Says when the first fetch began and how many articles had been added by then."""

    def __init__(self, records: Mapping[str, Record], held_back: str, added: list[int]) -> None:
        self.records = records
        self.held_back = held_back
        self.added = added
        self.started = threading.Event()
        self.gate = threading.Event()
        self.first_fetch_after: int | None = None

    def fetch(self, pmids: list[str]) -> FetchResult:
        if self.first_fetch_after is None:
            self.first_fetch_after = self.added[0]
            self.started.set()
        if self.held_back in pmids:
            assert self.gate.wait(30), "the gate was never opened"
        return FetchResult(records={p: self.records[p] for p in pmids if p in self.records},
                           missing=frozenset(p for p in pmids if p not in self.records))

    def pmids_for_dois(self, dois: list[str]) -> Lookup:
        return Lookup(missing=frozenset(dois))

    def pmids_for_pmcids(self, pmcids: list[str]) -> Lookup:
        return Lookup(missing=frozenset(pmcids))

    def citmatch(self, queries: Mapping[str, CitationQuery]) -> Lookup:
        return Lookup(missing=frozenset(queries))

    def title_search(self, queries: Mapping[str, TitleQuery]) -> Lookup:
        return Lookup(missing=frozenset(queries))


def by_pmid(first: int, count: int) -> Article:
    lines = "".join(f"Claim: the generated treatment may help.\nSource: {generated.citation_line(n)}\n\n"
                    for n in range(first, first + count))
    return article_from_text(lines, f"article_{first:04d}.txt")


def test_the_fetch_starts_while_articles_are_read_and_checks_wait_only_for_their_own(
        eutils: FakeEutils, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "BATCH", 20)
    articles = [by_pmid(10 * k, 10) for k in range(8)]  # 80 PMIDs: four batches of 20
    added = [0]
    source = Gated(eutils.records, held_back=generated.pmid(79), added=added)
    with Overlapped(Settings(use_cache=False), source=source) as run:
        for number, article in enumerate(articles, 1):
            added[0] = number
            run.add(article)
            if number == 2:  # 20 PMIDs known: the first batch goes out before the rest is read
                assert source.started.wait(30)
        assert source.first_fetch_after is not None and source.first_fetch_after < len(articles)
        first_checked_while_held_back(run, source, articles)


def first_checked_while_held_back(run: Overlapped, source: Gated, articles: list[Article]) -> None:
    """The first article's report comes while the gate still holds the last PMID's answer back;
    then every report, in order, each citation with its record."""
    reports = run.finish()
    first = next(reports)
    assert first.path == articles[0].path and not source.gate.is_set()
    assert all(row.record is not None for row in first.citations)
    source.gate.set()
    rest = list(reports)
    assert [r.path for r in (first, *rest)] == [a.path for a in articles]
    assert all(row.record is not None for r in rest for row in r.citations)


class GatedParts(Gated):
    """`Gated` answering in parts of `per_part` PMIDs (as the client answers request by
    request); the part holding `held_back` waits for the gate."""

    per_part = 10

    def fetch_parts(self, pmids: list[str]) -> Iterator[FetchResult]:
        for start in range(0, len(pmids), self.per_part):
            yield self.fetch(pmids[start:start + self.per_part])


def test_an_article_is_checked_once_its_part_of_a_fetch_is_in(eutils: FakeEutils,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "BATCH", 1000)  # nothing goes out early: one fetch of all 40 PMIDs
    articles = [by_pmid(10 * k, 10) for k in range(4)]
    source = GatedParts(eutils.records, held_back=generated.pmid(39), added=[0])
    with Overlapped(Settings(use_cache=False), source=source) as run:
        for article in articles:
            run.add(article)
        first_checked_while_held_back(run, source, articles)  # its part is in, the fetch's last is not


def test_an_evidence_failure_reaches_the_reading_thread(tmp_path: Path) -> None:
    settings = Settings(source="mirror", mirror_path=tmp_path / "none.sqlite")
    with pytest.raises(Exception, match="no mirror at"), Overlapped(settings) as run:
        run.add(by_pmid(0, 3))
        list(run.finish())
