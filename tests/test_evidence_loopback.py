"""The evidence path over the loopback E-utilities server (tests/support/fakeserver.py):
books and old DTDs are records, never C101; an answer not read whole leaves the citation
unverified with the reason; a run sends nothing to any host but the one configured; a
DOI-only citation costs one esearch and one efetch; no secret reaches any report format."""

from __future__ import annotations

import json
import socket
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from conftest import DATA, ISLAM_PRINTED, ISLAM_XML, article_from_text
from support.fake_eutils import FakeEutils
from support.fakeserver import FakeServer

from verifier.cli import main
from verifier.evidence.eutils.client import PubMedClient, RetryPolicy
from verifier.evidence.eutils.ratelimit import RateLimiter
from verifier.evidence.eutils.requests import Identity
from verifier.models import CitationStatus, Report
from verifier.pipeline import audit_articles
from verifier.settings import Settings

FORMATS = DATA / "pubmed"
CHAPTER = ("Bird TD. Alzheimer Disease Overview. 1998 Oct 23. In: Adam MP, editor. GeneReviews. Seattle (WA): "
           "University of Washington, Seattle; 1993. PMID: 20301340.")
OLD_DTD = ("Olivero JM. The treatment of AIDS behind the walls of correctional facilities. Soc Justice. "
           "1990 Spring;17(1):113-25. PMID: 12091962.")
DOI_ONLY = ("Islam MA, Alam SS, Kundu S, Ahmed S, Sultana S, Patar A, Hossan T. Mesenchymal Stem Cell Therapy "
            "in Multiple Sclerosis: A Systematic Review and Meta-Analysis. J Clin Med. 2023 Sep 30;12(19):6311. "
            "doi: 10.3390/jcm12196311.")
PMCID_ONLY = ("Islam MA, Alam SS, Kundu S, Ahmed S, Sultana S, Patar A, Hossan T. Mesenchymal Stem Cell Therapy "
              "in Multiple Sclerosis: A Systematic Review and Meta-Analysis. J Clin Med. 2023;12(19):6311. "
              "PMCID: PMC10573670.")
KEY = "fake-key-77c0ffee42"
EMAIL = "secret.editor@example.org"
FORMATS_OUT = ("json", "html", "sarif", "md", "jsonl", "github", "text")


def client_for(server: FakeServer, **options: object) -> PubMedClient:
    defaults: dict[str, object] = {"limiter": RateLimiter(1000),
                                   "retry": RetryPolicy(attempts=2, initial=0.01, maximum=0.02)}
    return PubMedClient(Identity(email="tester@example.org"), eutils_url=server.url,
                        idconv_url=server.idconv_url, **{**defaults, **options})  # type: ignore[arg-type]


def audit(server: FakeServer, text: str) -> Report:
    client = client_for(server)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return audit_articles([article_from_text(text)], Settings(use_cache=False), source=client)
    finally:
        client.close()


def codes(report: Report) -> list[str]:
    return [f.code for f in report.articles[0].findings]


# -- books and old DTDs ---------------------------------------------------------------------

@pytest.mark.parametrize(("fixture", "printed", "dtd"), [
    ("chapter_20301340.xml", CHAPTER, "pubmed_250101.dtd"),
    ("olddtd2008_12091962.xml", OLD_DTD, "pubmed_080101.dtd"),
    ("olddtd2008_12091962.xml", OLD_DTD, "pubmed_110101.dtd"),
])
def test_a_book_or_old_dtd_answer_is_a_record_never_c101(fixture: str, printed: str, dtd: str) -> None:
    eutils = FakeEutils([(FORMATS / fixture).read_text(encoding="utf-8")], dtd=dtd)
    with FakeServer(eutils) as server:
        assert dtd in httpx.get(f"{server.url}/efetch.fcgi?db=pubmed&id={printed[-9:-1]}").text
        report = audit(server, f"A claim.\nSource: {printed}\n")
    (row,) = report.articles[0].citations
    assert "C101" not in codes(report)
    assert row.record is not None and row.record.pmid == printed[-9:-1]
    assert row.status in (CitationStatus.verified, CitationStatus.mismatch), row.reason


def test_an_answer_not_read_whole_is_unverified_with_the_reason() -> None:
    eutils = FakeEutils([ISLAM_XML.read_text(encoding="utf-8")])
    absent = "Zhang P, Dong B. A review. J Orthop Surg Res. 2023;18(1):639. PMID: 37644595."
    with FakeServer(eutils, faults=lambda n, endpoint: "unplaceable" if endpoint == "efetch.fcgi" else None) \
            as server:
        report = audit(server, f"One.\nSource: {ISLAM_PRINTED}\n\nTwo.\nSource: {absent}\n")
    rows = {r.citation.pmid: r for r in report.articles[0].citations}
    assert rows["37834955"].status == CitationStatus.verified  # the record that was read is used
    assert rows["37644595"].status == CitationStatus.unverified
    assert "not read whole" in rows["37644595"].reason
    assert "C101" not in codes(report)


# -- hosts: the configured one and nothing else ----------------------------------------------

@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every name looked up and every address connected to, each failing the test unless it is
    the loopback address."""
    seen: list[str] = []
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        seen.append(str(host))
        if str(host) not in ("127.0.0.1", "localhost"):
            raise AssertionError(f"looked up a host other than the loopback server: {host}")
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    def connect(self: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else str(address)
        seen.append(str(host))
        if self.family in (socket.AF_INET, socket.AF_INET6) and host != "127.0.0.1":
            raise AssertionError(f"connected to a host other than the loopback server: {address}")
        real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    yield seen


def test_a_run_against_a_loopback_server_sends_nothing_elsewhere(tmp_path: Path, loopback_only: list[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERIFIER_CACHE", str(tmp_path / "cache.sqlite"))
    article = tmp_path / "article.txt"
    article.write_text(f"One.\nSource: {ISLAM_PRINTED}\n\nTwo.\nSource: {DOI_ONLY}\n\nThree.\nSource: {PMCID_ONLY}\n"
                       f"\nFour.\nSource: {OLD_DTD}\n", encoding="utf-8")
    eutils = FakeEutils([ISLAM_XML.read_text(encoding="utf-8")])
    with FakeServer(eutils) as server:
        result = CliRunner().invoke(main, ["audit", str(article), "--eutils-url", server.url,
                                           "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.stderr
    assert {"efetch.fcgi", "esearch.fcgi", "articles"} <= set(eutils.calls), eutils.calls  # idconv followed
    assert loopback_only and set(loopback_only) <= {"127.0.0.1", "localhost"}
    json.loads(result.stdout)


def test_the_loopback_guard_catches_another_host(loopback_only: list[str]) -> None:
    with pytest.raises(AssertionError, match="other than the loopback"):
        socket.getaddrinfo("eutils.ncbi.nlm.nih.gov", 443)


# -- one esearch and one efetch for a DOI ----------------------------------------------------

def test_a_doi_only_citation_costs_one_esearch_and_one_efetch() -> None:
    eutils = FakeEutils([ISLAM_XML.read_text(encoding="utf-8")])
    with FakeServer(eutils) as server:
        report = audit(server, f"One.\nSource: {DOI_ONLY}\n")
    (row,) = report.articles[0].citations
    assert row.status == CitationStatus.verified and row.record is not None and row.record.pmid == "37834955"
    assert dict(eutils.calls) == {"esearch.fcgi": 1, "efetch.fcgi": 1}
    assert server.requests == 2


# -- secrets in no report format ---------------------------------------------------------------

@pytest.mark.parametrize("fault", ["error-200-echo", "echo-url"])
def test_no_secret_in_any_report_format(fault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An NCBI <ERROR> body with HTTP 200 quoting the request (as sent, decoded, form-encoded, cut
    short), and the HTTP 400 path quoting it as sent."""
    monkeypatch.setenv("NCBI_API_KEY", KEY)
    monkeypatch.setenv("NCBI_EMAIL", EMAIL)
    article = tmp_path / "article.txt"
    article.write_text(f"One.\nSource: {ISLAM_PRINTED}\n", encoding="utf-8")
    eutils = FakeEutils([ISLAM_XML.read_text(encoding="utf-8")])
    outputs: dict[str, str] = {}
    with FakeServer(eutils, faults=lambda n, endpoint: fault if endpoint == "efetch.fcgi" else None) as server:
        for fmt in FORMATS_OUT:
            out = tmp_path / f"report.{fmt}"
            result = CliRunner().invoke(main, ["audit", str(article), "--eutils-url", server.url, "--no-cache",
                                               "--format", fmt, "--out", str(out)])
            assert "Traceback" not in result.stderr
            outputs[fmt] = out.read_text(encoding="utf-8") + result.stdout + result.stderr
    assert server.faulted and "[redacted]" in outputs["json"]  # the echo reached the report, cleaned
    forms = (KEY, EMAIL, "secret.editor%40example.org", "secret.editor%40", "secret.edi", "77c0ffee")
    for fmt, text in outputs.items():
        for form in forms:
            assert form not in text, (fault, fmt, form)


def test_a_doi_only_citation_costs_the_same_through_the_command_line_and_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERIFIER_CACHE", str(tmp_path / "cache.sqlite"))
    article = tmp_path / "article.txt"
    article.write_text(f"One.\nSource: {DOI_ONLY}\n", encoding="utf-8")
    eutils = FakeEutils([ISLAM_XML.read_text(encoding="utf-8")])
    with FakeServer(eutils) as server:
        result = CliRunner().invoke(main, ["audit", str(article), "--eutils-url", server.url, "--format", "json"])
    assert json.loads(result.stdout)["articles"][0]["citations"][0]["status"] == "verified"
    assert dict(eutils.calls) == {"esearch.fcgi": 1, "efetch.fcgi": 1}


def test_a_hostile_dtd_id_in_an_answer_reaches_stderr_escaped(tmp_path: Path) -> None:
    """Issue 15, case 8: a DTD id is printed in the unknown-DTD warning; one quoting a workflow
    command and terminal escapes is one line on stderr, with neither."""
    hostile = "x\n::error file=a.md::forged\x1b]0;title\x07pubmed_990101.dtd"
    eutils = FakeEutils([ISLAM_XML.read_text(encoding="utf-8")], dtd=hostile)
    article = tmp_path / "a.txt"
    article.write_text(f"One.\nSource: {ISLAM_PRINTED}\n", encoding="utf-8")
    with FakeServer(eutils) as server:
        done = CliRunner().invoke(main, ["audit", str(article), "--eutils-url", server.url, "--no-cache",
                                         "--format", "json", "--fail-on", "never"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["articles"][0]["citations"][0]["status"] == "verified"
    lines = [line for line in done.stderr.splitlines() if "DTD" in line]
    assert len(lines) == 1 and "is not available offline" in lines[0], done.stderr
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert not any(line.lstrip().startswith("::") or "::error" in line for line in done.stderr.splitlines())
