"""A run's limits over the loopback server: one deadline (a server dripping a byte at a time
cannot hold a run), a size cap on answers and on what gzip decodes to, a cap on all retry
waiting, Ctrl-C stopping every client at once, and a cache keyed by source with an age limit.
Deadlines, caps and waits are set small here, so every test is bounded in time and requests."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from conftest import ISLAM_PRINTED, ISLAM_XML, ROOT, article_from_text
from support.fake_eutils import FakeEutils
from support.fakehttp import interrupted_while_waiting
from support.fakeserver import FakeServer

from verifier.cli import main
from verifier.evidence.cache import CachedSource, RecordCache
from verifier.evidence.eutils.client import Limits, PubMedClient, RetryPolicy
from verifier.evidence.eutils.ratelimit import RateLimiter
from verifier.evidence.eutils.requests import Identity
from verifier.models import CitationStatus, Report
from verifier.pipeline import audit_articles
from verifier.settings import Settings

DOI_ONLY = ("Islam MA, Alam SS, Kundu S, Ahmed S, Sultana S, Patar A, Hossan T. Mesenchymal Stem Cell Therapy "
            "in Multiple Sclerosis: A Systematic Review and Meta-Analysis. J Clin Med. 2023 Sep 30;12(19):6311. "
            "doi: 10.3390/jcm12196311.")
ABSENT = "Zhang P, Dong B. A review. J Orthop Surg Res. 2023;18(1):639. PMID: 37644595."
ARTICLE = f"One.\nSource: {ISLAM_PRINTED}\n\nTwo.\nSource: {DOI_ONLY}\n\nThree.\nSource: {ABSENT}\n"
U = CitationStatus.unverified


def islam_server(**options: object) -> FakeServer:
    return FakeServer(FakeEutils([ISLAM_XML.read_text(encoding="utf-8")]), **options)  # type: ignore[arg-type]


def always(fault: str) -> object:
    return lambda number, endpoint: fault


def client_for(server: FakeServer, limits: Limits, attempts: int = 4, **options: object) -> PubMedClient:
    return PubMedClient(Identity(email="tester@example.org"), eutils_url=server.url, idconv_url=server.idconv_url,
                        limiter=RateLimiter(1000), retry=RetryPolicy(attempts=attempts, initial=0.05, maximum=0.1),
                        limits=limits, **options)  # type: ignore[arg-type]


def audit(client: PubMedClient, text: str = ARTICLE) -> tuple[Report, float]:
    started = time.monotonic()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = audit_articles([article_from_text(text)], Settings(use_cache=False), source=client)
    finally:
        client.close()
    return report, time.monotonic() - started


def reasons(report: Report) -> list[str]:
    rows = report.articles[0].citations
    assert all(row.status == U for row in rows), [(r.status, r.reason) for r in rows]
    assert "C101" not in [f.code for f in report.articles[0].findings]  # nothing called absent
    return [row.reason for row in rows]


# -- one deadline -----------------------------------------------------------------------------

def test_a_dripping_server_ends_the_run_at_its_deadline() -> None:
    with islam_server(faults=always("drip"), drip_seconds=0.2) as server:
        report, elapsed = audit(client_for(server, Limits(deadline=2.0)))
    assert elapsed < 2.0 + 1.5, elapsed  # the deadline, plus at most a drip and the bookkeeping
    assert all("deadline" in reason for reason in reasons(report))
    assert server.requests <= 3


def test_the_deadline_is_a_setting_of_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "verifier.toml"
    config.write_text("deadline = 1.5\n", encoding="utf-8")
    monkeypatch.setenv("VERIFIER_CONFIG", str(config))
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with islam_server(faults=always("drip"), drip_seconds=0.2) as server:
        started = time.monotonic()
        result = CliRunner().invoke(main, ["audit", str(article), "--eutils-url", server.url, "--no-cache",
                                           "--format", "json", "--fail-on", "never"])
        elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["articles"][0]["citations"]
    assert [row["status"] for row in rows] == ["unverified"] * 3
    assert all("run deadline of 1.5 s reached" in row["reason"] for row in rows), rows
    assert elapsed < 1.5 + 2.5


# -- size caps ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fault", ["huge", "huge-unannounced", "gzip-bomb"])
def test_an_answer_past_the_size_cap_is_not_read(fault: str) -> None:
    with islam_server(faults=always(fault), huge_bytes=8 << 20) as server:
        report, _ = audit(client_for(server, Limits(max_answer_bytes=1 << 20)))
    assert all("larger than 1,048,576 bytes" in reason for reason in reasons(report))
    assert server.requests <= 3  # refused, not retried


def test_a_gzip_bomb_is_stopped_a_slice_past_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the client holds never passes the cap by more than one decoded slice (64 KB)."""
    import tracemalloc

    with islam_server(faults=always("gzip-bomb")) as server:
        client = client_for(server, Limits(max_answer_bytes=1 << 20), attempts=1)
        tracemalloc.start()
        result = client.fetch(["37834955"])
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        client.close()
    assert "larger than" in result.unavailable["37834955"]
    assert peak < 8 << 20, peak  # the bomb decodes to 64 MB


def test_a_body_that_says_gzip_and_is_not_is_unverified() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(b"not gzip"))

    client = PubMedClient(Identity(), transport=httpx.MockTransport(handler), limiter=RateLimiter(1000),
                          retry=RetryPolicy(attempts=1))
    result = client.fetch(["37834955"])
    assert "could not be decoded" in result.unavailable["37834955"] and not result.missing


# -- retry waiting -------------------------------------------------------------------------------

def test_a_429_storm_stops_at_the_retry_wait_cap() -> None:
    with islam_server(faults=always("429-retry-after")) as server:  # Retry-After: 1 on every answer
        report, elapsed = audit(client_for(server, Limits(max_retry_wait=1.5), attempts=20))
    assert all("HTTP 429" in reason or "retry waits" in reason for reason in reasons(report))
    assert any("retry waits" in reason for reason in reasons(report))
    assert elapsed < 1.5 + 2.0 and server.requests <= 6


def test_a_retry_after_beyond_the_cap_is_not_waited_for() -> None:
    with islam_server(faults=always("429-retry-after-long")) as server:  # Retry-After: 3600
        report, elapsed = audit(client_for(server, Limits(max_retry_wait=5.0)))
    assert all("retry waits" in reason for reason in reasons(report))
    assert elapsed < 3.0


# -- Ctrl-C ------------------------------------------------------------------------------------------

def test_interrupting_stops_a_client_waiting_to_retry() -> None:
    with islam_server(faults=always("429-retry-after-long")) as server:
        client = client_for(server, Limits(max_retry_wait=1000.0))
        # now waiting out a 60 s Retry-After
        result = interrupted_while_waiting(server, lambda: client.fetch(["37834955"]), settle=0.2, quiet=0.5)
        client.close()
    assert "interrupted" in result.unavailable["37834955"]  # type: ignore[attr-defined]


def test_ctrl_c_ends_a_run_waiting_on_the_network_with_exit_130(tmp_path: Path) -> None:
    config = tmp_path / "verifier.toml"
    config.write_text("max-retry-wait = 1000\n", encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VERIFIER_CONFIG": str(config),
           "VERIFIER_CACHE": str(tmp_path / "cache.sqlite")}
    with islam_server(faults=always("429-retry-after-long")) as server:
        run = subprocess.Popen([sys.executable, "-m", "verifier", "audit", str(article), "--eutils-url", server.url],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        limit = time.monotonic() + 30
        while server.requests < 1 and time.monotonic() < limit:
            time.sleep(0.05)
        time.sleep(0.5)
        run.send_signal(signal.SIGINT)
        interrupted = time.monotonic()
        _, err = run.communicate(timeout=20)
        took = time.monotonic() - interrupted
        asked = server.requests
        time.sleep(0.3)
        assert server.requests == asked
    assert run.returncode == 130, err
    assert took < 5, took
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "interrupted" in lines[0] and "Traceback" not in err, err


# -- the cache: keyed by source, with an age limit ---------------------------------------------------

def test_a_record_served_by_another_source_is_not_used(tmp_path: Path) -> None:
    forged = ISLAM_XML.read_text(encoding="utf-8").replace("Mesenchymal Stem Cell Therapy in Multiple Sclerosis",
                                                          "A forged title")
    cache = RecordCache(tmp_path / "cache.sqlite")
    with FakeServer(FakeEutils([forged])) as stand_in:
        forged_source = CachedSource(client_for(stand_in, Limits()), cache, origin=stand_in.url)
        assert forged_source.fetch(["37834955"]).records["37834955"].title.startswith("A forged title")
    with islam_server() as real:
        source = CachedSource(client_for(real, Limits()), cache, origin=real.url)
        record = source.fetch(["37834955"]).records["37834955"]
        assert real.requests == 1 and record.title.startswith("Mesenchymal Stem Cell Therapy")
        again = CachedSource(client_for(real, Limits()), cache, origin=real.url)
        assert again.fetch(["37834955"]).records["37834955"].title == record.title
        assert real.requests == 1  # its own answer is cached


def test_the_command_line_keys_the_cache_by_eutils_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERIFIER_CACHE", str(tmp_path / "cache.sqlite"))
    article = tmp_path / "article.txt"
    article.write_text(f"One.\nSource: {ISLAM_PRINTED}\n", encoding="utf-8")
    forged = ISLAM_XML.read_text(encoding="utf-8").replace("<Volume>12</Volume>", "<Volume>99</Volume>")
    args = ["audit", str(article), "--format", "json", "--fail-on", "never", "--eutils-url"]
    with FakeServer(FakeEutils([forged])) as stand_in:
        first = CliRunner().invoke(main, [*args, stand_in.url])
    assert json.loads(first.stdout)["articles"][0]["citations"][0]["status"] == "mismatch"
    with islam_server() as real:
        second = CliRunner().invoke(main, [*args, real.url])
        assert real.requests == 1
    assert json.loads(second.stdout)["articles"][0]["citations"][0]["status"] == "verified"


def test_cached_entries_expire_at_the_age_limit(tmp_path: Path, fake_eutils: FakeEutils) -> None:
    now = [1_000_000.0]
    cache = RecordCache(tmp_path / "cache.sqlite", clock=lambda: now[0])
    client = PubMedClient(Identity(), transport=httpx.MockTransport(fake_eutils), limiter=RateLimiter(1000))
    CachedSource(client, cache, max_age_days=21).fetch(["37834955"])
    CachedSource(client, cache, max_age_days=21).pmids_for_dois(["10.3390/jcm12196311"])
    assert fake_eutils.calls["efetch.fcgi"] == 1
    now[0] += 20 * 86400  # younger than the limit: from the cache
    assert cache.get_records(["37834955"], max_age_days=21)
    assert cache.get_ids("doi", ["10.3390/jcm12196311"], max_age_days=21)
    now[0] += 2 * 86400  # 22 days: fetched again, so a retraction since is seen
    assert cache.get_records(["37834955"], max_age_days=21) == {}
    assert cache.get_ids("doi", ["10.3390/jcm12196311"], max_age_days=21) == {}
    fresh = PubMedClient(Identity(), transport=httpx.MockTransport(fake_eutils), limiter=RateLimiter(1000))
    assert CachedSource(fresh, cache, max_age_days=21).fetch(["37834955"]).records
    assert fake_eutils.calls["efetch.fcgi"] == 2


def test_a_cache_of_the_old_layout_is_rebuilt(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "cache.sqlite"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                     "INSERT INTO meta VALUES ('schema', '1');"
                     "CREATE TABLE records (pmid TEXT PRIMARY KEY, json TEXT NOT NULL, fetched REAL NOT NULL);"
                     "INSERT INTO records VALUES ('37834955', '{}', 0);")
    db.commit()
    db.close()
    cache = RecordCache(path)
    assert cache.get_records(["37834955"]) == {}
    cache.close()


def test_reliability_doc_lists_these_cases() -> None:
    doc = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    for name in ("drip", "huge", "huge-unannounced", "gzip-bomb", "429-retry-after", "429-retry-after-long",
                 "error-200-echo", "echo-url", "unplaceable"):
        assert f"| `{name}`" in doc, name
    for row in ("Crossref `drip`", "Crossref `huge`", "Crossref `429-retry-after`", "Crossref `429-retry-after-long`",
                "Crossref rate header", "Crossref interrupt", "Crossref Ctrl-C", "Crossref cache by source"):
        assert f"| {row}" in doc, row  # the same limits, held by the Crossref client


@pytest.mark.parametrize("line", ["deadline = 0", "max-answer-bytes = -1", "cache-max-age-days = \"soon\""])
def test_a_bad_limit_in_the_config_is_one_line(line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "verifier.toml"
    config.write_text(line + "\n", encoding="utf-8")
    monkeypatch.setenv("VERIFIER_CONFIG", str(config))
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", str(article), "--offline"])
    assert result.exit_code == 2
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    key = line.split(" = ")[0]
    assert len(lines) == 1 and f"{config}: {key}:" in lines[0], result.stderr  # the file and the key as written
