"""Hardening: secrets in no output, a hostile input corpus, concurrent runs sharing a cache, and
an interrupted run. Inputs are generated here; runs that could misbehave run in a subprocess
with a time limit, and their peak memory is bounded."""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ISLAM_PRINTED, ISLAM_XML, article_from_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.fake_eutils import FakeEutils
from support.fakeserver import FakeServer

from verifier.citations import find_citations
from verifier.claims import extract_claims
from verifier.cli import main

KEY = "fake-key-4c1d9e77aa"
EMAIL = "secret.editor@example.org"
DOI_ONLY = ("Islam MA, Alam SS, Kundu S, Ahmed S, Sultana S, Patar A, Hossan T. Mesenchymal Stem Cell Therapy "
            "in Multiple Sclerosis. J Clin Med. 2023 Sep 30;12(19):6311. doi: 10.3390/jcm12196311.")
ARTICLE = f"MSC therapy cures MS.\nSource: {ISLAM_PRINTED}\n\nIt is safe.\nSource: {DOI_ONLY}\n"
# The 100,000-citation article peaks at about 660 MB (session 12: the JSON report is encoded item by item;
# holding it as one tree of dicts and one string took it to 1,494-1,498 MB, against the 1.5 GB bound then)
PEAK_RSS_LIMIT_KB = 1_000_000
TIME_LIMIT = 120


def islam_server(**options: object) -> FakeServer:
    return FakeServer(FakeEutils([ISLAM_XML.read_text(encoding="utf-8")]), **options)  # type: ignore[arg-type]


# -- secrets ---------------------------------------------------------------------------------

def test_no_secret_in_any_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NCBI_API_KEY", KEY)
    monkeypatch.setenv("NCBI_EMAIL", EMAIL)
    monkeypatch.setenv("VERIFIER_CACHE", str(tmp_path / "cache.sqlite"))
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    outputs: list[str] = []
    # esearch answers 500 quoting the request URL, key and all; efetch works.
    with islam_server(faults=lambda n, endpoint: "echo-url" if endpoint == "esearch.fcgi" else None) as server:
        common = ["--eutils-url", server.url]
        runs = [["audit", str(article), *common, "--cassette", str(tmp_path / "run.yaml"), "--record-mode", "all",
                 "--format", fmt, "--out", str(tmp_path / f"report.{fmt}")] for fmt in
                ("json", "html", "sarif", "md", "jsonl", "github", "text")]
        runs += [["audit", str(article), *common, "--require-evidence"],
                 ["fetch", "37834955", *common], ["fetch", "10.3390/jcm12196311", *common],
                 ["extract", str(article), "-o", str(tmp_path / "claims.yaml"), *common],
                 ["baseline", "create", str(article), "-o", str(tmp_path / "baseline.json"), *common],
                 ["config", "--show"]]
        for args in runs:
            result = CliRunner().invoke(main, args)
            outputs += [result.stdout, result.stderr]
            assert "Traceback" not in result.stderr
    reasons = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["articles"][0]["citations"]
    assert "[redacted]" in reasons[1]["reason"]  # the echo was there, and was cleaned
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert {p.name for p in written} >= {"run.yaml", "report.html", "report.sarif", "cache.sqlite", "claims.yaml"}
    for secret in (KEY, EMAIL):
        for path in written:
            assert secret.encode() not in path.read_bytes(), (secret, path.name)
        for text in outputs:
            assert secret not in text


# -- hostile input corpus ----------------------------------------------------------------------

def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def corpus(folder: Path) -> dict[str, Path]:
    big = folder / "big.txt"
    with big.open("wb") as handle:
        for _ in range(100):
            handle.write(b"MSC therapy cures everything. " * 34_953)  # ~1 MiB a round, 100 MiB in all
    return {
        "zero-bytes": _write(folder / "empty.txt", b""),
        "whitespace-only": _write(folder / "blank.txt", b" \n\t\n" * 100),
        "binary": _write(folder / "data.txt", bytes(range(256)) * 64),
        "png-named-txt": _write(folder / "image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),
        "100-MB-text": big,
        "deeply-nested-html": _write(folder / "nested.html", b"<html><body>" + b"<div>" * 20_000
                                     + b"MSC therapy cures arthritis." + b"</div>" * 20_000 + b"</body></html>"),
        "latin-1": _write(folder / "latin1.txt",
                          "Les cellules soign\u00e9es gu\u00e9rissent tout.\n".encode("latin-1")),
        "utf-16-bom": _write(folder / "utf16.txt", "MSC therapy cures pain.\nPMID: 37834955\n".encode("utf-16")),
        "mixed-encodings": _write(folder / "mixed.txt", "Caf\u00e9 ".encode() + "th\u00e9rapie".encode("latin-1")
                                  + b" cures pain.\n"),
        "control-characters": _write(folder / "ctrl.txt", b"MSC\x07 therapy\x1b[31m cures\x0c pain.\x08\n"),
        "one-megabyte-line": _write(folder / "line.txt", b"MSC therapy may help " * 52_429),
        "100000-citations": _write(folder / "many.txt", b"".join(
            b"Claim %d cures pain. PMID: %d\n" % (i, 10_000_000 + i) for i in range(100_000))),
        "pmid-of-100000-digits": _write(folder / "digits.txt", b"PMID: " + b"7" * 100_000 + b"\n"),
        "doi-of-10000-characters": _write(folder / "doi.txt", b"doi: 10.1234/" + b"x" * 10_000 + b"\n"),
        "unbalanced-brackets": _write(folder / "brackets.txt", b"[[[[((((" * 20_000 + b" MSC cures [1( all.\n"),
        "reference-line-storm": _write(folder / "refs.txt", b"Source: " + b"Smith J, " * 20_000 + b"\n"),
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return corpus(tmp_path_factory.mktemp("hostile"))


CASES = ["zero-bytes", "whitespace-only", "binary", "png-named-txt", "100-MB-text", "deeply-nested-html",
         "latin-1", "utf-16-bom", "mixed-encodings", "control-characters", "one-megabyte-line",
         "100000-citations", "pmid-of-100000-digits", "doi-of-10000-characters", "unbalanced-brackets",
         "reference-line-storm"]


@pytest.mark.parametrize("name", CASES)
def test_hostile_input_ends_in_findings_or_one_line(hostile: dict[str, Path], name: str) -> None:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "verifier", "audit", str(hostile[name]), "--offline",
                           "--format", "json", "--fail-on", "never"], capture_output=True, text=True,
                          timeout=TIME_LIMIT)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode in (0, 2), done.stderr
    if done.returncode == 2:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("verifier: error: "), lines
    else:  # every citation accounted for, none passed without evidence
        report = json.loads(done.stdout)
        citations = report["articles"][0]["citations"]
        assert all(c["status"] in ("unverified", "unresolved") for c in citations)
        assert report["summary"]["citations"] == len(citations)
        if name == "100000-citations":
            assert len(citations) == 100_000 and {c["pmid"] for c in citations} == {
                str(10_000_000 + i) for i in range(100_000)}
    assert time.monotonic() - started < TIME_LIMIT
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < PEAK_RSS_LIMIT_KB


def test_hostile_corpus_outcomes(hostile: dict[str, Path]) -> None:
    """Which inputs are refused and which are audited, as docs/reliability.md states."""
    refused = {"zero-bytes", "whitespace-only", "binary", "png-named-txt", "100-MB-text", "control-characters"}
    for name in (n for n in CASES if n != "100000-citations"):  # that one is audited above
        done = subprocess.run([sys.executable, "-m", "verifier", "audit", str(hostile[name]), "--offline"],
                              capture_output=True, text=True, timeout=TIME_LIMIT)
        assert (done.returncode == 2) is (name in refused), (name, done.stderr)
    for name in ("pmid-of-100000-digits", "doi-of-10000-characters"):  # garbage ids are findings
        done = subprocess.run([sys.executable, "-m", "verifier", "audit", str(hostile[name]), "--offline",
                               "--format", "json", "--fail-on", "never"], capture_output=True, text=True,
                              timeout=TIME_LIMIT)
        assert "C105" in {f["code"] for f in json.loads(done.stdout)["articles"][0]["findings"]}, name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=400),
       st.sampled_from(["", f"\nSource: {ISLAM_PRINTED}\n", "\n[1] Smith J. T. J X. 2020;1(1):1-2.\n"]))
def test_claim_extraction_never_fails(text: str, tail: str) -> None:
    article = article_from_text(text.replace("\r", "\n") + tail)
    citations = find_citations(article)
    ids = {c.id for c in citations}
    for claim in extract_claims(article, citations):
        assert 0 <= claim.span.start < claim.span.end <= len(article.text)
        assert article.text[claim.span.start:claim.span.end] == claim.text
        assert set(claim.citation_ids) <= ids and 0 <= claim.strength <= 3


# -- files and concurrency --------------------------------------------------------------------

def _audit_process(article: Path, server: FakeServer, cache: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "verifier", "audit", str(article), "--eutils-url", server.url,
                             "--format", "json", "--fail-on", "never"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "VERIFIER_CACHE": str(cache)})


def _integrity(cache: Path) -> tuple[str, int]:
    with sqlite3.connect(cache) as db:
        status = db.execute("PRAGMA integrity_check").fetchone()[0]
        return status, db.execute("SELECT COUNT(*) FROM records").fetchone()[0]


def test_two_audits_share_one_cache(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    cache = tmp_path / "cache.sqlite"
    with islam_server(latency=0.2) as server:
        runs = [_audit_process(article, server, cache) for _ in range(2)]
        results = [run.communicate(timeout=TIME_LIMIT) for run in runs]
        assert [run.returncode for run in runs] == [0, 0], [err for _, err in results]
        assert all(json.loads(out)["articles"][0]["citations"][0]["status"] == "verified" for out, _ in results)
        assert _integrity(cache) == ("ok", 1)
        before = server.requests
        third = _audit_process(article, server, cache)
        third.communicate(timeout=TIME_LIMIT)
        assert server.requests == before  # everything came from the cache both wrote


def test_interrupted_audit_leaves_the_cache_usable(tmp_path: Path) -> None:
    others = "".join(f"Claim {i}.\nSource: PMID: {20_000_000 + i}\n\n" for i in range(600))
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE + others, encoding="utf-8")
    cache = tmp_path / "cache.sqlite"
    with islam_server(latency=1.5) as server:
        run = _audit_process(article, server, cache)
        deadline = time.monotonic() + 30
        while server.requests < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        run.send_signal(signal.SIGINT)
        _, err = run.communicate(timeout=TIME_LIMIT)
    assert run.returncode == 130
    assert "Traceback" not in err and "interrupted:" in err and "records fetched" in err
    assert _integrity(cache)[0] == "ok"
    result = CliRunner().invoke(main, ["audit", str(article), "--records", str(ISLAM_XML), "--format", "json"])
    assert result.exit_code in (0, 1)
