"""The fault matrix: each network fault acted out by the fake E-utilities server on 127.0.0.1.

For each case: bounded retries; then the citation is unverified with the reason, never "not
found" from a failed lookup, never a passed check; the other citations are still checked; and
`--require-evidence` turns missing evidence into exit 3. docs/reliability.md lists every case
with the outcome these tests assert (a test checks that the two agree).

The article cites Islam 2023 twice over: by PMID (c1) and, in a second reference, by DOI only
(c2); and a third reference (c3) by a PMID the server does not hold (Zhang P 2023's printed
PMID, whose record is not in our data: the server truthfully answers without it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from conftest import ISLAM_PRINTED, ISLAM_XML, ROOT, article_from_text
from support.fake_eutils import FakeEutils
from support.fakeserver import FakeServer

from verifier.cli import main
from verifier.evidence.eutils.client import PubMedClient, RetryPolicy
from verifier.evidence.eutils.ratelimit import RateLimiter, shared_limiter
from verifier.evidence.eutils.requests import Identity
from verifier.models import CitationStatus, Report
from verifier.pipeline import audit_articles
from verifier.settings import Settings

DOI_ONLY = ("Islam MA, Alam SS, Kundu S, Ahmed S, Sultana S, Patar A, Hossan T. Mesenchymal Stem Cell Therapy "
            "in Multiple Sclerosis: A Systematic Review and Meta-Analysis. J Clin Med. 2023 Sep 30;12(19):6311. "
            "doi: 10.3390/jcm12196311.")
ABSENT = ("Zhang P, Dong B, Yuan P, Li X. Human umbilical cord mesenchymal stem cells promoting knee joint "
          "chondrogenesis for the treatment of knee osteoarthritis: a systematic review. J Orthop Surg Res. "
          "2023;18(1):639. PMID: 37644595.")
ARTICLE = f"One.\nSource: {ISLAM_PRINTED}\n\nTwo.\nSource: {DOI_ONLY}\n\nThree.\nSource: {ABSENT}\n"
ATTEMPTS = 3
OTHER_DTD = "pubmed_990101.dtd"


@dataclass(frozen=True)
class Case:
    name: str
    faults: Callable[[int, str], str | None]
    c1: CitationStatus  # Islam by PMID (efetch)
    c2: CitationStatus  # Islam by DOI (esearch, then efetch)
    c3_not_found: bool  # Zhang P's PMID: "not found" only when PubMed really answered
    reason: str = ""  # part of the unverified reason


def always(fault: str, endpoint: str = "") -> Callable[[int, str], str | None]:
    return lambda number, where: fault if not endpoint or where == endpoint else None


def first(fault: str, times: int = 1) -> Callable[[int, str], str | None]:
    return lambda number, where: fault if number <= times else None


V, U = CitationStatus.verified, CitationStatus.unverified
CASES = [
    Case("healthy", lambda n, e: None, V, V, True),
    Case("read-timeout", always("hang"), U, U, False, "timed out"),
    Case("connection-reset", always("reset"), U, U, False, "network error"),
    Case("truncated-body", always("truncate"), U, U, False, "network error"),
    Case("http-429", always("429"), U, U, False, "HTTP 429"),
    Case("http-500", always("500"), U, U, False, "HTTP 500"),
    Case("http-502", always("502"), U, U, False, "HTTP 502"),
    Case("http-503", always("503"), U, U, False, "HTTP 503"),
    Case("ncbi-error-payload", always("ncbi-error", "efetch.fcgi"), U, U, False, "External viewer error"),
    Case("invalid-xml", always("invalid-xml", "efetch.fcgi"), U, U, False, "could not be parsed"),
    # the DOI's efetch answers with another PMID (nothing proved of Islam); Zhang P's own efetch
    # (a PMID is fetched once per run, so it goes alone) is an honest empty answer: not found
    Case("record-for-another-pmid", always("wrong-pmid", "efetch.fcgi"), U, U, True, "not asked for"),
    Case("esearch-down-efetch-up", always("503", "esearch.fcgi"), V, U, True, "HTTP 503"),
    Case("503-then-recovers", first("503", ATTEMPTS - 1), V, V, True),
    Case("429-retry-after-then-recovers", first("429-retry-after"), V, V, True),
]


def run_case(case: Case, *, hang: float = 2.0) -> tuple[Report, FakeServer, float]:
    with FakeServer(FakeEutils([ISLAM_XML.read_text(encoding="utf-8")]), faults=case.faults,
                    hang_seconds=hang) as server:
        client = PubMedClient(Identity(email="tester@example.org"), eutils_url=server.url,
                              idconv_url=server.idconv_url, limiter=RateLimiter(1000),
                              retry=RetryPolicy(attempts=ATTEMPTS, initial=0.01, maximum=0.05),
                              timeout=httpx.Timeout(0.5))
        started = time.monotonic()
        try:
            report = audit_articles([article_from_text(ARTICLE)], Settings(use_cache=False), source=client)
        finally:
            client.close()
        return report, server, time.monotonic() - started


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fault(case: Case) -> None:
    report, server, elapsed = run_case(case)
    rows = {row.citation.id: row for row in report.articles[0].citations}
    if case.c1 == V and case.c2 == V:  # both led to the same record: one paper, one citation
        assert "c2" not in rows and rows["c1"].citation.doi == "10.3390/jcm12196311"
        rows["c2"] = rows["c1"]
    assert (rows["c1"].status, rows["c2"].status) == (case.c1, case.c2), {k: r.reason for k, r in rows.items()}
    findings = report.articles[0].findings
    not_found = [f for f in findings if f.code == "C101"]
    assert bool(not_found) == case.c3_not_found  # never "not found" from a failed lookup
    for cid in ("c1", "c2"):
        if rows[cid].status == U:
            assert case.reason in rows[cid].reason
            assert not [f for f in findings if f.citation_id == cid and f.code not in ("C121",)]
    assert server.requests <= 3 * ATTEMPTS + 2  # bounded retries: a few requests, not a loop
    assert elapsed < 20


def test_unknown_dtd_version_is_parsed_offline() -> None:
    with FakeServer(FakeEutils([ISLAM_XML.read_text(encoding="utf-8")], dtd=OTHER_DTD)) as server:
        client = PubMedClient(Identity(), eutils_url=server.url, idconv_url=server.idconv_url,
                              limiter=RateLimiter(1000))
        assert OTHER_DTD in httpx.get(f"{server.url}/efetch.fcgi?db=pubmed&id=37834955").text
        with pytest.warns(UserWarning, match="not available offline"):
            report = audit_articles([article_from_text(f"One.\nSource: {ISLAM_PRINTED}\n")],
                                    Settings(use_cache=False), source=client)
        client.close()
    assert report.articles[0].citations[0].status == V


def test_require_evidence_exits_3_through_the_command_line(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with FakeServer(FakeEutils([ISLAM_XML.read_text(encoding="utf-8")]),
                    faults=always("ncbi-error", "efetch.fcgi")) as server:
        result = CliRunner().invoke(main, ["audit", str(article), "--eutils-url", server.url, "--no-cache",
                                           "--require-evidence", "--format", "json"])
    assert result.exit_code == 3
    with FakeServer(FakeEutils([ISLAM_XML.read_text(encoding="utf-8")])) as server:
        healthy = CliRunner().invoke(main, ["audit", str(article), "--eutils-url", server.url, "--no-cache",
                                            "--require-evidence", "--fail-on", "never"])
    assert healthy.exit_code == 0, healthy.output


def test_server_that_never_answers_is_bounded() -> None:
    case = Case("never-answers", always("hang"), U, U, False, "timed out")
    report, _, elapsed = run_case(case, hang=30.0)
    assert all(row.status == U for row in report.articles[0].citations[:2])
    assert elapsed < 15  # each attempt ends at the 0.5 s read timeout, not when the server gives up


def test_the_rate_limit_is_held_against_a_strict_server() -> None:
    with FakeServer(FakeEutils([ISLAM_XML.read_text(encoding="utf-8")]), rate_limit=3) as server:
        for _ in range(7):  # a client fetches a PMID once: seven clients share the process's limiter
            client = PubMedClient(Identity(), eutils_url=server.url, idconv_url=server.idconv_url,
                                  limiter=shared_limiter(has_api_key=False), retry=RetryPolicy(attempts=1))
            assert client.fetch(["37834955"]).records
            client.close()
    assert server.requests == 7 and server.rejected == 0


def test_reliability_doc_lists_every_case() -> None:
    doc = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    for name in [c.name for c in CASES] + ["unknown-dtd-version", "never-answers", "require-evidence"]:
        assert f"`{name}`" in doc, name
