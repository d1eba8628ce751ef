"""The PubMed client: requests as values, the rate limiter and retry policy with injected time,
NCBI error payloads, and set difference for absent ids. No sockets: httpx.MockTransport."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import httpx
import pytest
from conftest import SEED_CASSETTE

from verifier.evidence import CitationQuery
from verifier.evidence.eutils import requests as rq
from verifier.evidence.eutils.ratelimit import RateLimiter
from verifier.evidence.eutils.snapshot import RECONSTRUCTED_HEADER, ReconstructedSnapshot, is_reconstructed

IDENTITY = rq.Identity(email="me@example.org", api_key="k")


def test_efetch_request_is_sorted_and_identified() -> None:
    request = rq.efetch("https://e.test/eutils/", ["37834955", "36911700"], IDENTITY)
    assert (request.method, request.url) == ("GET", "https://e.test/eutils/efetch.fcgi")
    assert request.params == {"db": "pubmed", "retmode": "xml", "id": "36911700,37834955",
                              "tool": "verifier", "email": "me@example.org", "api_key": "k"}


def test_long_id_lists_are_posted() -> None:
    request = rq.efetch(rq.DEFAULT_EUTILS_URL, [str(i) for i in range(1, 152)], rq.Identity())
    assert request.method == "POST"
    assert request.data is not None and request.data["id"].startswith("1,2,3")
    assert request.params == {"tool": "verifier"}


def test_efetch_refuses_more_than_200_ids() -> None:
    with pytest.raises(ValueError):
        rq.efetch(rq.DEFAULT_EUTILS_URL, [str(i) for i in range(1, 202)], rq.Identity())


def test_no_email_is_sent_unless_given() -> None:
    assert rq.Identity().params() == {"tool": "verifier"}


def test_esearch_term_for_dois() -> None:
    request = rq.esearch_dois(rq.DEFAULT_EUTILS_URL, ["10.2/b", "10.1/a"], rq.Identity())
    assert request.params["term"] == '"10.1/a"[doi] OR "10.2/b"[doi]'


def test_citmatch_line_shape() -> None:
    assert rq.citmatch_line(CitationQuery("Stem Cell Res Ther", 2025, "16", "202", "Zhang D"), "0") == \
        "Stem Cell Res Ther|2025|16|202|Zhang D|0|"


def test_batches_deduplicate() -> None:
    assert rq.batches(["1", "2", "1", "3"], 2) == [["1", "2"], ["3"]]


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_rate_limiter_spaces_requests_at_the_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3, clock=clock, sleep=clock.sleep)
    starts = []
    for _ in range(7):
        limiter.acquire()
        starts.append(clock.now)
    assert all(b - a == pytest.approx(1 / 3) for a, b in pairwise(starts))
    # no one-second window holds more than 3 request starts
    assert all(sum(1 for t in starts if s <= t < s + 1 - 1e-9) <= 3 for s in starts)


def test_rate_limiter_does_not_wait_after_idle_time() -> None:
    clock = FakeClock()
    limiter = RateLimiter(10, clock=clock, sleep=clock.sleep)
    limiter.acquire()
    clock.now += 5
    assert limiter.acquire() == 0


def test_429_with_retry_after_is_honoured(fake_eutils, make_client) -> None:  # type: ignore[no-untyped-def]
    calls: list[int] = []
    sleeps: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            return httpx.Response(429, headers={"Retry-After": "7"},
                                  json={"error": "API rate limit exceeded", "count": "11"})
        return fake_eutils(request)

    client = make_client(handler, sleep=sleeps.append)
    result = client.fetch(["37834955"])
    assert set(result.records) == {"37834955"}
    assert len(calls) == 2 and sleeps == [7.0]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retried_then_reported(status: int, make_client) -> None:  # type: ignore[no-untyped-def]
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(status, text="busy")

    result = make_client(handler).fetch(["37834955"])
    assert len(calls) == 3
    assert result.records == {} and result.missing == set()
    assert "HTTP" in result.unavailable["37834955"] and "3 tries" in result.unavailable["37834955"]


def test_timeouts_are_retried_and_never_reported_as_not_found(make_client) -> None:  # type: ignore[no-untyped-def]
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    result = make_client(handler).fetch(["37834955"])
    assert result.missing == set()
    assert "timed out" in result.unavailable["37834955"]


def test_ncbi_error_payload_in_a_200_is_recognised(make_client) -> None:  # type: ignore[no-untyped-def]
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<eFetchResult><ERROR>Cannot retrieve</ERROR></eFetchResult>")

    result = make_client(handler).fetch(["37834955"])
    assert "Cannot retrieve" in result.unavailable["37834955"]


def test_absent_ids_found_by_set_difference(fake_eutils, make_client) -> None:  # type: ignore[no-untyped-def]
    result = make_client(fake_eutils).fetch(["37834955", "37834956"])
    assert set(result.records) == {"37834955"}
    assert result.missing == {"37834956"}
    assert fake_eutils.calls["efetch.fcgi"] == 1


def test_reconstructed_snapshots_make_absent_ids_unavailable(fake_eutils, make_client) -> None:  # type: ignore[no-untyped-def]
    source = ReconstructedSnapshot(make_client(fake_eutils))
    result = source.fetch(["37834955", "37834956"])
    assert set(result.records) == {"37834955"} and result.missing == set()
    assert "not in snapshot" in result.unavailable["37834956"]
    assert source.pmids_for_dois(["10.1000/absent-from-the-fake"]).missing == set()


def test_the_seed_cassette_is_known_as_reconstructed(tmp_path: Path) -> None:
    assert is_reconstructed(str(SEED_CASSETTE))
    recorded = tmp_path / "real.yaml"
    recorded.write_text(SEED_CASSETTE.read_text(encoding="utf-8").replace(RECONSTRUCTED_HEADER, "x-other")
                        .replace("X-Verifier-Reconstructed", "X-Other"), encoding="utf-8")
    assert not is_reconstructed(str(recorded))


def test_a_pmid_is_fetched_once_per_run(fake_eutils, make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(fake_eutils)
    client.fetch(["37834955", "37834956"])
    again = client.fetch(["37834955", "37834956"])
    assert set(again.records) == {"37834955"} and again.missing == {"37834956"}
    assert fake_eutils.calls["efetch.fcgi"] == 1


def test_a_record_for_another_pmid_is_not_taken(make_client, fake_eutils) -> None:  # type: ignore[no-untyped-def]
    def handler(request: httpx.Request) -> httpx.Response:
        return fake_eutils(httpx.Request("GET", request.url.copy_with(params={"id": "37834955"})))

    result = make_client(handler).fetch(["37644595"])
    assert result.records == {} and result.missing == set()  # a wrong answer proves no absence
    assert "not asked for (37834955)" in result.unavailable["37644595"]


def test_doi_lookup_is_confirmed_on_the_record(fake_eutils, make_client) -> None:  # type: ignore[no-untyped-def]
    lookup = make_client(fake_eutils).pmids_for_dois(["10.3390/JCM12196311", "10.3390/jcm0"])
    assert lookup.found == {"10.3390/JCM12196311": "37834955"}
    assert lookup.missing == {"10.3390/jcm0"}


def test_pmcid_lookup(fake_eutils, make_client) -> None:  # type: ignore[no-untyped-def]
    lookup = make_client(fake_eutils).pmids_for_pmcids(["PMC10573670", "PMC1"])
    assert lookup.found == {"PMC10573670": "37834955"} and lookup.missing == {"PMC1"}


# -- what servers send that must not crash a run -------------------------------------------------

@pytest.mark.parametrize("body", ['{"esearchresult": "x"}', '{"esearchresult": {"idlist": "37834955"}}',
                                  '{"esearchresult": {"idlist": ["3783x955"]}}',
                                  '{"esearchresult": {"idlist": ["\u00b2"]}}', "[1, 2]", "not json {"])
def test_malformed_esearch_json_leaves_the_doi_unavailable(body: str, make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(lambda request: httpx.Response(200, text=body, headers={"Content-Type": "application/json"}))
    lookup = client.pmids_for_dois(["10.3390/jcm12196311"])
    assert lookup.found == {} and lookup.missing == set()
    assert "esearch: unreadable answer" in lookup.unavailable["10.3390/jcm12196311"]


@pytest.mark.parametrize("body", ['{"records": "x"}', "[]", "<html>busy</html>",
                                  '{"status": "error", "message": "invalid ids"}'])
def test_malformed_idconv_json_leaves_the_pmcid_unavailable(body: str, make_client) -> None:  # type: ignore[no-untyped-def]
    client = make_client(lambda request: httpx.Response(200, text=body))
    lookup = client.pmids_for_pmcids(["PMC10573670"])
    assert lookup.found == {} and lookup.missing == set()
    assert "idconv" in lookup.unavailable["PMC10573670"]


def test_idconv_pmid_that_is_not_ascii_digits_is_not_taken(make_client) -> None:  # type: ignore[no-untyped-def]
    body = '{"status": "ok", "records": [{"pmcid": "PMC10573670", "pmid": "\u00b2"}]}'
    lookup = make_client(lambda request: httpx.Response(200, text=body)).pmids_for_pmcids(["PMC10573670"])
    assert lookup.found == {}


@pytest.mark.parametrize("value", ["\u00b2", "\u0661\u0662", "soon", "-5"])
def test_retry_after_that_is_not_a_number_falls_back_to_backoff(value: str, fake_eutils, make_client) -> None:  # type: ignore[no-untyped-def]
    calls: list[int] = []
    sleeps: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            return httpx.Response(429, headers={"Retry-After": value.encode()},  # raw bytes, as a server sends
                                  json={"error": "API rate limit exceeded"})
        return fake_eutils(request)

    result = make_client(handler, sleep=sleeps.append).fetch(["37834955"])
    assert set(result.records) == {"37834955"}
    assert len(sleeps) == 1 and 0 <= sleeps[0] < 1  # the back-off (0.01-0.02 s), not the header


@pytest.mark.parametrize(("answer", "outcome"), [("37834955", "found"), ("\u00b2", "unavailable"),
                                                 ("NOT_FOUND", "missing"), ("AMBIGUOUS 1,2", "unavailable")])
def test_ecitmatch_answers(answer: str, outcome: str, make_client) -> None:  # type: ignore[no-untyped-def]
    line = f"J Clin Med|2023|12|6311|Islam MA|r1|{answer}\n"
    client = make_client(lambda request: httpx.Response(200, text=line))
    lookup = client.citmatch({"r1": CitationQuery("J Clin Med", 2023, "12", "6311", "Islam MA")})
    assert {"found": bool(lookup.found), "missing": bool(lookup.missing),
            "unavailable": bool(lookup.unavailable)} == {k: k == outcome for k in ("found", "missing", "unavailable")}
    if outcome == "found":
        assert lookup.found == {"r1": "37834955"}


def test_a_fetch_in_parts_hands_over_each_request_as_it_is_answered(  # type: ignore[no-untyped-def]
        fake_eutils, make_client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rq, "EFETCH_BATCH", 1)  # one PMID a request: three requests, three parts
    client = make_client(fake_eutils)
    parts = list(client.fetch_parts(["37834955", "37644595", "37834956"]))
    assert [set(p.records) for p in parts] == [{"37834955"}, {"37644595"}, set()]
    assert parts[2].missing == {"37834956"} and fake_eutils.calls["efetch.fcgi"] == 3
    again = list(client.fetch_parts(["37644595", "37834956"]))  # answered earlier: one part, no request
    assert len(again) == 1 and set(again[0].records) == {"37644595"} and again[0].missing == {"37834956"}
    assert fake_eutils.calls["efetch.fcgi"] == 3
    whole = client.fetch(["37834955", "37644595", "37834956"])
    assert set(whole.records) == {"37834955", "37644595"} and whole.missing == {"37834956"}


def test_a_reconstructed_snapshot_marks_each_part_as_it_marks_a_whole_fetch(  # type: ignore[no-untyped-def]
        fake_eutils, make_client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rq, "EFETCH_BATCH", 1)
    snapshot = ReconstructedSnapshot(make_client(fake_eutils))
    parts = list(snapshot.fetch_parts(["37834955", "37834956"]))
    assert set(parts[0].records) == {"37834955"}
    assert parts[1].missing == set() and "37834956" in parts[1].unavailable  # not in a snapshot: not absent
