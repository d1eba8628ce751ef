"""The Crossref client and the reading of a work: mapping, validation, error paths, cache.

Expected values are the facts in cassettes/crossref/works.yaml, checked by hand against their
sources (the Hardin 2018 answer recorded in ropensci/rcrossref; the Wakefield 1998 citation and
its two notices; PMID 38147649's PubMed record)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from support.fake_crossref import FakeCrossref, FakeCrossrefServer

from verifier.design import design_from_record
from verifier.evidence.crossref.cache import CachedRegistry, CrossrefCache
from verifier.evidence.crossref.client import CrossrefClient, WorkResult, rate_from_headers
from verifier.evidence.crossref.work import WorkFormatError, initials, record_from_work
from verifier.evidence.eutils.client import RetryPolicy
from verifier.evidence.eutils.ratelimit import RateLimiter
from verifier.models import Author, DesignType

WORKS = Path(__file__).resolve().parents[1] / "cassettes" / "crossref" / "works.yaml"
HARDIN = "10.1016/j.acha.2016.05.001"
WAKEFIELD = "10.1016/S0140-6736(97)11096-0"
RITZ = "10.1073/pnas.2308706120"


def works() -> dict[str, dict[str, Any]]:
    loaded = yaml.safe_load(WORKS.read_text(encoding="utf-8"))
    return {w["DOI"]: {k: v for k, v in w.items() if k != "provenance"} for w in loaded}


def client(url: str, **options: Any) -> CrossrefClient:
    settings: dict[str, Any] = {"limiter": RateLimiter(1e6), "sleep": lambda _: None,
                                "retry": RetryPolicy(attempts=3, initial=0.01, maximum=0.02)}
    settings.update(options)
    return CrossrefClient(base_url=url, **settings)


def test_a_work_becomes_a_crossref_record_field_by_field() -> None:
    record = record_from_work(works()[HARDIN], HARDIN)
    assert record.source == "Crossref" and record.pmid == "" and record.label == f"DOI {HARDIN}"
    assert record.title == "A sharp Balian\u2013Low uncertainty principle for shift-invariant spaces"
    assert record.authors == (Author(last_name="Hardin", initials="DP"),
                              Author(last_name="Northington", initials="MC", suffix="V"),
                              Author(last_name="Powell", initials="AM"))
    assert record.journal_title == "Applied and Computational Harmonic Analysis"
    assert (record.volume, record.issue, record.pages) == ("44", "2", "294-311")
    assert (record.pub_date.year, record.pub_date.month, record.pub_date.text) == (2018, 3, "2018 Mar")
    assert record.kind == "article" and record.corrections == ()
    design = design_from_record(record)
    assert design.type == DesignType.unknown  # the record says nothing of design
    assert "from the Crossref record" in design.describe()


def test_update_notices_become_pubmed_kind_corrections_naming_their_source() -> None:
    record = record_from_work(works()[WAKEFIELD], WAKEFIELD)
    assert record.title.startswith("Ileal-lymphoid-nodular hyperplasia")  # the RETRACTED: flag is no title
    assert [c.kind for c in record.corrections] == ["ErratumIn", "RetractionIn"]
    retraction = record.corrections[1].source
    assert retraction == ("Crossref: Retraction 10.1016/s0140-6736(10)60175-4, 2010 Feb 6, "
                          "asserted by Retraction Watch, record 4036")
    ritz = record_from_work(works()[RITZ], RITZ)
    assert ritz.elocation_ids == ("e2308706120",) and ritz.pages is None
    assert ritz.pub_date.text == "2023 Dec 26" and ritz.article_dates == ()
    assert ritz.corrections[0].source.startswith("Crossref: Correction 10.1073/pnas.2424381121, 2025 Jan 7")


@pytest.mark.parametrize(("change", "says"), [
    ({"author": "Hardin"}, "author is not a list"),
    ({"author": ["Hardin"]}, "author entry is not an object"),
    ({"issued": {"date-parts": [["2018", "3"]]}}, "not numbers"),
    ({"issued": {"date-parts": [[2018, 13]]}}, "not a month"),
    ({"title": [{"x": 1}]}, "title is not a list of text"),
    ({"volume": ["44"]}, "volume is not text"),
    ({"updated-by": {"type": "retraction"}}, "updated-by is not a list"),
    ({"DOI": "10.1016/j.acha.2016.05.002"}, "not 10.1016/j.acha.2016.05.001"),
])
def test_a_work_of_the_wrong_shape_is_refused_whole(change: dict[str, Any], says: str) -> None:
    with pytest.raises(WorkFormatError, match=says):
        record_from_work({**works()[HARDIN], **change}, HARDIN)


def test_initials_follow_pubmed() -> None:
    assert [initials(g) for g in ("Douglas P.", "Jean-Pierre", "Caitlin S M", "")] == ["DP", "JP", "CSM", ""]


def test_rate_limit_headers() -> None:
    assert rate_from_headers({"x-rate-limit-limit": "50", "x-rate-limit-interval": "1s"}) == 50.0
    assert rate_from_headers({"x-rate-limit-limit": "5", "x-rate-limit-interval": "2s"}) == 2.5
    assert rate_from_headers({"x-rate-limit-limit": "lots", "x-rate-limit-interval": "1s"}) is None
    assert rate_from_headers({}) is None


def test_found_missing_and_another_agency_over_loopback() -> None:
    fake = FakeCrossref(list(works().values()), agencies={"10.48550/arXiv.1506.04967": "DataCite"})
    with FakeCrossrefServer(fake) as server:
        crossref = client(server.url, mailto="tester@example.org")
        unknown = "10.1016/j.acha.2016.05.999"  # the real DOI mistyped: no agency knows it
        answer = crossref.works([HARDIN, unknown, "10.48550/arXiv.1506.04967"])
        crossref.close()
    assert answer.records[HARDIN].volume == "44"
    assert answer.missing == {unknown}
    assert "DataCite" in answer.unavailable["10.48550/arXiv.1506.04967"]
    assert server.requests == 5  # one work each, plus the agency of each 404
    assert all("mailto=tester%40example.org" in p for p in server.paths)  # the polite pool
    assert all("mailto:tester@example.org" in agent for agent in server.user_agents)
    assert crossref.limiter.interval == pytest.approx(1.12 / 50)  # as X-Rate-Limit-* asked


@pytest.mark.parametrize(("fault", "says", "requests"), [
    ("bad-json", "Crossref: unreadable answer (not JSON", 1),
    ("not-a-work", "Crossref: unreadable answer (not a work message)", 1),
    ("500", "Crossref: HTTP 500 (gave up after 3 tries)", 3),
    ("429", "Crossref: HTTP 429 (gave up after 3 tries)", 3),
])
def test_a_bad_answer_is_unavailable_with_the_reason(fault: str, says: str, requests: int) -> None:
    with FakeCrossrefServer(FakeCrossref(list(works().values())), faults=lambda n, p: fault) as server:
        crossref = client(server.url)
        answer = crossref.works([HARDIN])
        crossref.close()
    assert answer.records == {} and answer.missing == frozenset()
    assert answer.unavailable[HARDIN].startswith(says)
    assert server.requests == requests


def test_429_and_5xx_are_retried_until_the_server_answers() -> None:
    waits: list[float] = []
    plan = {1: "429", 2: "500"}
    with FakeCrossrefServer(FakeCrossref(list(works().values())), faults=lambda n, p: plan.get(n)) as server:
        crossref = client(server.url, sleep=waits.append)
        answer = crossref.works([HARDIN])
        crossref.close()
    assert answer.records[HARDIN].issue == "2"
    assert server.requests == 3 and len(waits) == 2


def test_a_404_then_an_unreadable_agency_answer_is_no_absence() -> None:
    plan = {1: "404", 2: "bad-json"}
    with FakeCrossrefServer(FakeCrossref([]), faults=lambda n, p: plan.get(n)) as server:
        answer = client(server.url).works([HARDIN])
    assert answer.missing == frozenset() and "unreadable answer" in answer.unavailable[HARDIN]


def test_the_cache_answers_a_second_run_and_forgets_in_time(tmp_path: Path) -> None:
    now = [1000.0]
    fake = FakeCrossref(list(works().values()))
    crossref = CrossrefClient(transport=httpx.MockTransport(fake), limiter=RateLimiter(1e6))
    cache = CrossrefCache(tmp_path / "crossref.sqlite3", clock=lambda: now[0])
    cached = CachedRegistry(crossref, cache)
    unknown = "10.1016/j.acha.2016.05.999"
    first = cached.works([HARDIN, unknown])
    assert first.records[HARDIN].title and first.missing == {unknown} and fake.calls["works"] == 2
    again = cached.works([HARDIN, unknown])
    assert again.records[HARDIN] == first.records[HARDIN] and again.missing == {unknown}
    assert fake.calls["works"] == 2  # nothing asked
    now[0] += 2 * 24 * 3600  # two days: the absence is stale, the work is not
    cached.works([HARDIN, unknown])
    assert fake.asked[-2:] == [unknown, unknown]  # the work and its agency, asked again
    assert CachedRegistry(crossref, cache, refresh=True).works([HARDIN]).records and fake.asked[-1] == HARDIN
    cache.close()


def test_work_results_merge() -> None:
    merged = WorkResult(missing=frozenset({"a"})).merged(WorkResult(unavailable={"b": "why"}))
    assert merged.missing == {"a"} and merged.unavailable == {"b": "why"}


def test_an_expression_of_concern_is_c118_and_new_versions_are_no_notice() -> None:
    from conftest import article_from_text

    from verifier.checks.metadata import check_citation
    from verifier.citations import find_citations
    from verifier.models import Resolution

    updates = [{"type": "expression-of-concern", "label": "Expression of concern", "source": "publisher",
                "updated": {"date-parts": [[2019, 5]]}}, {"type": "new_version", "label": "New version"}]
    record = record_from_work({**works()[HARDIN], "updated-by": updates}, HARDIN)
    assert [c.kind for c in record.corrections] == ["ExpressionOfConcernIn"]
    citation = find_citations(article_from_text(f"References\n1. Hardin DP. 2018. doi:{HARDIN}\n"))[0]
    resolution = Resolution(citation_id=citation.id, method="doi", status="found", record=record)
    found = [f for f in check_citation(citation, resolution)[0] if f.code == "C118"]
    assert [f.message for f in found] == [
        "expression of concern: Crossref: Expression of concern, 2019 May, asserted by the publisher"]


def test_each_request_is_announced_for_the_progress_line() -> None:
    said: list[str] = []
    crossref = CrossrefClient(transport=httpx.MockTransport(FakeCrossref([])), limiter=RateLimiter(1e6),
                              on_request=said.append)
    assert crossref.works(["10.1016/j.acha.2016.05.999"]).missing
    assert said == ["Crossref work", "Crossref agency"] and crossref.requests_sent == 2


def test_the_reconstructed_cassette_replays_every_work_of_works_yaml() -> None:
    cassette = WORKS.with_name("dois.yaml")
    text = cassette.read_text(encoding="utf-8")
    assert text.startswith("# RECONSTRUCTED") and text.count("x-verifier-reconstructed") == len(works())
    crossref = CrossrefClient(cassette=str(cassette), limiter=RateLimiter(1e6))
    answer = crossref.works(list(works()))
    crossref.close()
    assert answer.records == {doi: record_from_work(work, doi) for doi, work in works().items()}


def test_the_cache_keeps_each_origin_apart_and_follows_a_shorter_age_limit(tmp_path: Path) -> None:
    now = [1000.0]
    fake = FakeCrossref(list(works().values()))
    crossref = CrossrefClient(transport=httpx.MockTransport(fake), limiter=RateLimiter(1e6))
    cache = CrossrefCache(tmp_path / "crossref.sqlite3", clock=lambda: now[0])
    CachedRegistry(crossref, cache, origin="http://127.0.0.1:1").works([HARDIN])
    assert cache.get([HARDIN], "http://127.0.0.1:1").records and not cache.get([HARDIN], "https://api.crossref.org").records
    CachedRegistry(crossref, cache, origin="https://api.crossref.org", max_age_days=1).works([HARDIN])
    assert fake.calls["works"] == 2  # the other origin's answer was not used
    now[0] += 2 * 24 * 3600  # two days: past a one-day limit, inside the week Crossref works are kept
    CachedRegistry(crossref, cache, origin="https://api.crossref.org", max_age_days=1).works([HARDIN])
    CachedRegistry(crossref, cache, origin="http://127.0.0.1:1").works([HARDIN])
    assert fake.calls["works"] == 3
    cache.close()


def test_a_crossref_cache_of_the_old_layout_is_started_again(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "crossref.sqlite3"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE works (doi TEXT PRIMARY KEY, json TEXT, fetched REAL NOT NULL);"
                     f"INSERT INTO works VALUES ('{HARDIN}', NULL, 1e12);")
    db.commit()
    db.close()
    cache = CrossrefCache(path)
    assert cache.get([HARDIN]).missing == frozenset()  # the absence kept without an origin is gone
    cache.close()
