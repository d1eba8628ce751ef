"""Crossref under the run's limits (issue 15, case 5), over the loopback Crossref server: one
deadline (a dripped answer cannot hold a run), a size cap on answers and on what gzip decodes
to, a cap on all retry waiting, and `interrupt_evidence()` / Ctrl-C stopping a Crossref wait.
The mechanism is the E-utilities client's (`verifier.evidence.transport`). Limits are small, so
each test is bounded in time and in requests; a DOI that hits one is unavailable with the
reason, never missing (no C101)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT, SEED_CASSETTE
from support.fake_crossref import FakeCrossref, FakeCrossrefServer
from support.fake_eutils import FakeEutils
from support.fakehttp import interrupted_while_waiting
from support.fakeserver import FakeServer
from test_crossref import HARDIN, RITZ, WAKEFIELD, works
from test_crossref_resolve import HARDIN_PRINTED, page

from verifier.cli import main
from verifier.evidence.base import FetchResult
from verifier.evidence.crossref.client import CrossrefClient
from verifier.evidence.eutils.ratelimit import RateLimiter
from verifier.evidence.transport import Limits, RetryPolicy


def served(faults: Any = None, **options: Any) -> FakeCrossrefServer:
    return FakeCrossrefServer(FakeCrossref(list(works().values())), faults=faults, **options)


def always(fault: str) -> Any:
    return lambda number, path: fault


def client(server: FakeCrossrefServer, limits: Limits, attempts: int = 3, **options: Any) -> CrossrefClient:
    return CrossrefClient(base_url=server.url, limiter=RateLimiter(1e6), limits=limits,
                          retry=RetryPolicy(attempts=attempts, initial=0.05, maximum=0.1), **options)


def asked(crossref: CrossrefClient, dois: list[str]) -> tuple[FetchResult, float]:
    started = time.monotonic()
    try:
        answer = crossref.works(dois)
    finally:
        crossref.close()
    return answer, time.monotonic() - started


def unavailable(answer: FetchResult, dois: list[str]) -> list[str]:
    assert not answer.records and not answer.missing, answer  # nothing found, nothing called absent
    assert sorted(answer.unavailable) == sorted(dois)
    return [answer.unavailable[d] for d in dois]


# -- one deadline -----------------------------------------------------------------------------

def test_a_dripped_crossref_answer_ends_at_the_deadline() -> None:
    with served(always("drip"), drip_seconds=0.2) as server:
        answer, elapsed = asked(client(server, Limits(deadline=1.5)), [HARDIN, RITZ])
    assert elapsed < 1.5 + 2.5, elapsed  # the deadline, plus a drip and a loaded machine's slack
    assert all(r.startswith("Crossref: run deadline of 1.5 s reached") for r in unavailable(answer, [HARDIN, RITZ]))
    assert server.requests == 1  # the second DOI is not even asked


def test_the_deadline_reaches_crossref_through_the_command_line(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "verifier.toml"
    config.write_text("deadline = 1.5\n", encoding="utf-8")
    monkeypatch.setenv("VERIFIER_CONFIG", str(config))
    article = tmp_path / "a.txt"
    article.write_text(page(HARDIN_PRINTED), encoding="utf-8")
    with FakeServer(FakeEutils([])) as pubmed, served(always("drip"), drip_seconds=0.2) as registry:
        monkeypatch.setenv("VERIFIER_CROSSREF_URL", registry.url)
        started = time.monotonic()
        result = CliRunner().invoke(main, ["audit", str(article), "--eutils-url", pubmed.url, "--no-cache",
                                           "--format", "json", "--fail-on", "never"])
        elapsed = time.monotonic() - started
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    (row,) = json.loads(result.stdout)["articles"][0]["citations"]
    assert row["status"] == "unverified"
    assert row["reason"] == "not in PubMed; Crossref: run deadline of 1.5 s reached", row
    assert elapsed < 1.5 + 2.5 and registry.requests == 1


# -- size caps ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fault", ["huge", "huge-unannounced", "gzip-bomb"])
def test_a_crossref_answer_past_the_size_cap_is_not_read(fault: str) -> None:
    with served(always(fault), huge_bytes=8 << 20) as server:
        answer, _ = asked(client(server, Limits(max_answer_bytes=1 << 20)), [HARDIN])
    assert unavailable(answer, [HARDIN]) == ["Crossref: answer larger than 1,048,576 bytes; not read"]
    assert server.requests == 1  # refused, not retried


def test_a_crossref_gzip_bomb_is_stopped_a_slice_past_the_cap() -> None:
    """What the client holds never passes the cap by more than one decoded slice (64 KB)."""
    with served(always("gzip-bomb")) as server:
        crossref = client(server, Limits(max_answer_bytes=1 << 20), attempts=1)
        tracemalloc.start()
        answer = crossref.works([HARDIN])
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        crossref.close()
    assert "larger than" in answer.unavailable[HARDIN]
    assert peak < 8 << 20, peak  # the bomb decodes to 64 MiB


# -- retry waiting -------------------------------------------------------------------------------

def test_a_crossref_429_storm_stops_at_the_retry_wait_cap() -> None:
    with served(always("429-retry-after")) as server:  # Retry-After: 1 on every answer
        answer, elapsed = asked(client(server, Limits(max_retry_wait=1.5), attempts=20), [HARDIN, RITZ])
    assert all("retry waits" in reason for reason in unavailable(answer, [HARDIN, RITZ]))
    assert elapsed < 1.5 + 2.5 and server.requests <= 4, (elapsed, server.requests)


def test_a_crossref_retry_after_beyond_the_cap_is_not_waited_for() -> None:
    with served(always("429-retry-after-long")) as server:  # Retry-After: 3600 (each wait capped at 60 s)
        answer, elapsed = asked(client(server, Limits(max_retry_wait=5.0)), [HARDIN])
    assert unavailable(answer, [HARDIN]) == ["Crossref: gave up: waiting 60 s more to retry would pass the "
                                             "run's cap of 5 s of retry waits"]
    assert elapsed < 4.0 and server.requests == 1  # given up at once, not after the 5 s cap


def test_a_rate_header_cannot_stall_crossref_past_the_deadline() -> None:
    slow = FakeCrossref(list(works().values()), extra_headers={"X-Rate-Limit-Limit": "1",
                                                               "X-Rate-Limit-Interval": "3600s"})
    with FakeCrossrefServer(slow) as server:
        crossref = CrossrefClient(base_url=server.url, limits=Limits(deadline=5.0))  # its own limiter
        answer, elapsed = asked(crossref, [HARDIN, WAKEFIELD, RITZ])
    # The first answer's headers space the requests after the next: one per 11.2 s at slowest
    # (not one an hour), which the third would start after the deadline, so it is not sent.
    assert crossref.limiter.interval == pytest.approx(1.12 / 0.1)
    assert set(answer.records) == {HARDIN, WAKEFIELD}
    assert answer.unavailable[RITZ] == ("Crossref: run deadline of 5 s reached (the next request would start "
                                        "after it)")
    assert elapsed < 4.0 and server.requests == 2  # the third is not waited for (5 s deadline)


# -- interruption ----------------------------------------------------------------------------------

def _interrupted_while(fault: str, **options: Any) -> tuple[FetchResult, FakeCrossrefServer]:
    """Ask in a thread, interrupt once the server has the request, and see it stop."""
    with served(always(fault), **options) as server:
        crossref = client(server, Limits(max_retry_wait=1000.0))
        # waiting on a 60 s Retry-After, or on the next dripped byte; the second DOI never asked
        answer = interrupted_while_waiting(server, lambda: crossref.works([HARDIN, RITZ]), settle=0.3, quiet=0.3)
        crossref.close()
    return answer, server


def test_interrupting_stops_crossref_waiting_to_retry() -> None:
    answer, _ = _interrupted_while("429-retry-after-long")
    assert unavailable(answer, [HARDIN, RITZ]) == ["Crossref: run interrupted"] * 2


def test_interrupting_stops_crossref_reading_a_dripped_answer() -> None:
    answer, _ = _interrupted_while("drip", drip_seconds=0.2)
    assert unavailable(answer, [HARDIN, RITZ]) == ["Crossref: run interrupted"] * 2


def test_ctrl_c_ends_a_run_waiting_on_crossref_with_exit_130(tmp_path: Path) -> None:
    config = tmp_path / "verifier.toml"
    config.write_text("max-retry-wait = 1000\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(page(HARDIN_PRINTED), encoding="utf-8")
    with FakeServer(FakeEutils([])) as pubmed, served(always("429-retry-after-long")) as registry:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "VERIFIER_CONFIG": str(config),
               "VERIFIER_CACHE": str(tmp_path / "cache.sqlite"), "VERIFIER_CROSSREF_URL": registry.url}
        run = subprocess.Popen([sys.executable, "-m", "verifier", "audit", str(article), "--eutils-url", pubmed.url],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        limit = time.monotonic() + 30
        while registry.requests < 1 and time.monotonic() < limit:
            time.sleep(0.05)
        time.sleep(0.5)  # the run now waits out a 60 s Retry-After from Crossref
        run.send_signal(signal.SIGINT)
        interrupted = time.monotonic()
        _, err = run.communicate(timeout=20)
        took = time.monotonic() - interrupted
        asked_then = registry.requests
        time.sleep(0.3)
        assert registry.requests == asked_then == 1
    assert run.returncode == 130, err
    assert took < 5, took
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "interrupted" in lines[0] and "Traceback" not in err, err


# -- the Crossref cache: keyed by source, with the run's age limit (case 9) ----------------------

def test_a_work_a_stand_in_served_is_not_used_against_another_crossref(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERIFIER_CACHE", str(tmp_path / "cache.sqlite"))
    article = tmp_path / "a.txt"
    article.write_text(page(HARDIN_PRINTED), encoding="utf-8")
    forged = {**works()[HARDIN], "volume": "99"}
    args = ["audit", str(article), "--format", "json", "--fail-on", "never", "--eutils-url"]

    def status_against(crossref: FakeCrossref) -> tuple[str, int]:
        with FakeServer(FakeEutils([])) as pubmed, FakeCrossrefServer(crossref) as registry:
            monkeypatch.setenv("VERIFIER_CROSSREF_URL", registry.url)
            result = CliRunner().invoke(main, [*args, pubmed.url])
        return json.loads(result.stdout)["articles"][0]["citations"][0]["status"], crossref.calls["works"]

    assert status_against(FakeCrossref([forged])) == ("mismatch", 1)
    assert status_against(FakeCrossref(list(works().values()))) == ("verified", 1)  # asked, not the forgery


# -- a Crossref cassette runs no code (case 1) --------------------------------------------------

@pytest.mark.parametrize("name", ["python-tag", "not-yaml", "wrong-shape"])
def test_a_hostile_crossref_cassette_runs_nothing_and_is_one_line(tmp_path: Path, name: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from test_snapshot import HOSTILE_CASSETTES

    marker = tmp_path / "ran"
    cassette = tmp_path / "crossref.yaml"
    cassette.write_text(HOSTILE_CASSETTES[name].format(marker=marker), encoding="utf-8")
    monkeypatch.setenv("VERIFIER_CROSSREF_CASSETTE", str(cassette))
    article = tmp_path / "a.txt"
    article.write_text(page(HARDIN_PRINTED), encoding="utf-8")
    done = CliRunner().invoke(main, ["audit", str(article), "--cassette", str(SEED_CASSETTE)])
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.exit_code == 2 and "Traceback" not in done.output, done.output
    assert len(lines) == 1 and f"Crossref cassette {cassette}: not a readable cassette" in lines[0], lines
    assert not marker.exists()
