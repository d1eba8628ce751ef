"""`verifier audit --jobs N` (verifier/parallel.py): the same report as one process, the same
requests to the E-utilities (none refused at NCBI's rate), unreadable files and errors reported
as in one process, and Ctrl-C stopping every worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import ROOT, SEED_CASSETTE, SEEDS
from support.fake_eutils import FakeEutils
from support.fakeserver import FakeServer
from test_overlap import RECORDS, batch_text

from verifier import parallel, pipeline
from verifier.cli import main
from verifier.errors import InputError, UsageError
from verifier.parallel import jobs_wanted, slim

sys.path.insert(0, str(ROOT / "bench"))
import generated  # bench/generated.py: GENERATED records, not real ones


def write_batch(folder: Path) -> list[Path]:
    """30 articles over the generated records: by PMID (some cited again elsewhere), by DOI,
    PMCID and bare reference (resolved once reading ends), a PMID no record has, one article that
    cites nothing, one with a suppression comment naming no rule, and an empty file (X901)."""
    paths = []
    for index in range(30):
        text = batch_text(index)
        if index == 12:
            text = "<!-- verifier: disable=Q999 -->\n" + text
        path = folder / f"article_{index:03d}.txt"
        path.write_text(text if index != 17 else "", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def eutils() -> FakeEutils:
    return FakeEutils(["".join(generated.document(range(RECORDS)))])


def audit(args: list[str]) -> Result:
    return CliRunner().invoke(main, ["audit", *args, "--fail-on", "never"])


def test_two_jobs_give_one_process_report_and_requests_at_ncbis_rate(tmp_path: Path, eutils: FakeEutils) -> None:
    write_batch(tmp_path)
    runs = {}
    for jobs in ("1", "2"):
        out = tmp_path.parent / f"{tmp_path.name}-{jobs}.jsonl"
        eutils.calls.clear()
        with FakeServer(eutils, rate_limit=3) as server:  # NCBI's limit without a key: 429 past it
            done = audit([str(tmp_path), "--eutils-url", server.url, "--no-cache", "--no-crossref",
                          "--format", "jsonl", "--out", str(out), "--jobs", jobs])
            runs[jobs] = (out.read_text(encoding="utf-8"), done.stderr, dict(eutils.calls), server.rejected)
        assert done.exit_code == 0, done.output
    one, two = runs["1"], runs["2"]
    assert two[0] == one[0]  # every line, in the same order, and the closing summary
    assert '"X901"' in one[0] and '"C101"' in one[0]  # the empty file, the PMID no record has
    assert "'Q999'" in one[1] and two[1] == one[1]  # the same warnings on stderr
    assert two[2] == one[2] and one[2]["efetch.fcgi"] >= 2  # the same requests, endpoint by endpoint
    assert one[3] == two[3] == 0  # never refused


def test_two_jobs_give_the_seeds_text_report(tmp_path: Path) -> None:
    args = [str(SEEDS), "--cassette", str(SEED_CASSETTE), "--claims", str(ROOT / "claims")]
    one, two = audit([*args, "--jobs", "1"]), audit([*args, "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0, two.output
    assert "S2" in one.stdout and two.stdout == one.stdout and two.stderr == one.stderr


def test_a_file_no_job_can_read_is_the_same_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    one = audit([str(tmp_path / "empty.txt"), "--offline", "--jobs", "1"])
    two = audit([str(tmp_path / "empty.txt"), "--offline", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 2
    assert two.stderr == one.stderr and one.stderr.startswith("verifier: error: ")


def test_an_error_while_checking_is_raised_as_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    """The package's errors are one line on stderr; others keep the worker's traceback as a note.
    (The workers are forked from this process: they see the patched check.)"""
    (tmp_path / "a.txt").write_text("Claim: it helps.\nSource: PMID: 12345678\n", encoding="utf-8")

    def refused(task: pipeline.ArticleTask) -> None:
        raise InputError(f"{task.article.path}: refused by the test")

    monkeypatch.setattr(pipeline, "check_article", refused)
    monkeypatch.setattr(parallel, "check_article", refused)
    one = audit([str(tmp_path), "--offline", "--jobs", "1"])
    two = audit([str(tmp_path), "--offline", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 2
    assert two.stderr == one.stderr == f"verifier: error: {tmp_path / 'a.txt'}: refused by the test\n"

    def broken(task: pipeline.ArticleTask) -> None:
        raise ZeroDivisionError("a bug in a check")

    monkeypatch.setattr(parallel, "check_article", broken)
    crashed = audit([str(tmp_path), "--offline", "--jobs", "2"])
    assert isinstance(crashed.exception, ZeroDivisionError) and str(crashed.exception) == "a bug in a check"
    assert "in a worker process" in crashed.exception.__notes__[0] and "broken" in crashed.exception.__notes__[0]


def test_a_worker_that_dies_is_an_error_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("Claim: it helps.\nSource: PMID: 12345678\n", encoding="utf-8")
    monkeypatch.setattr(parallel, "check_article", lambda task: os._exit(9))
    done = audit([str(tmp_path), "--offline", "--jobs", "2"])
    assert done.exit_code == 2
    assert done.stderr == "verifier: error: --jobs: worker process 0 stopped unexpectedly (exit code 9)\n"


def test_ctrl_c_stops_the_run_and_every_worker(tmp_path: Path, eutils: FakeEutils) -> None:
    """SIGINT to the whole process group, as a terminal sends it, while the fetch waits."""
    write_batch(tmp_path)
    with FakeServer(eutils, latency=5.0) as server:
        run = subprocess.Popen([sys.executable, "-m", "verifier", "audit", str(tmp_path), "--eutils-url",
                                server.url, "--no-cache", "--no-crossref", "--jobs", "2", "--format", "jsonl",
                                "--out", str(tmp_path / "out.jsonl")],
                               cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        limit = time.monotonic() + 30
        while server.requests < 1 and time.monotonic() < limit:
            time.sleep(0.05)
        assert server.requests >= 1
        os.killpg(run.pid, signal.SIGINT)
        _, stderr = run.communicate(timeout=10)
        asked = server.requests
    assert run.returncode == 130
    assert stderr.startswith("verifier: error: interrupted") and "Traceback" not in stderr
    assert asked == 1 and not (tmp_path / "out.jsonl").exists()
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):  # no worker outlives the run
        os.killpg(run.pid, 0)


def test_jobs_counts() -> None:
    assert jobs_wanted("1") == 1 and jobs_wanted("3") == 3
    assert jobs_wanted("auto") == parallel.usable_cores() >= 1
    for wrong in ("0", "-2", "many"):
        with pytest.raises(UsageError, match="--jobs"):
            jobs_wanted(wrong)
    done = audit([str(SEEDS), "--offline", "--jobs", "2", "--dask", "local"])
    assert done.exit_code == 2 and done.stderr.startswith("verifier: error: --jobs and --dask: choose one")


def test_resolving_slim_citations_gives_the_same_resolutions(eutils: FakeEutils, tmp_path: Path) -> None:
    """What crosses to the main process is enough for `resolve`: PMIDs, DOIs, PMCIDs and bare
    references resolve the same from slim citations as from whole ones."""
    from test_overlap import batch, client_for

    from verifier.citations import find_citations
    from verifier.resolve import resolve

    citations = [c for article in batch() for c in find_citations(article)]
    with FakeServer(eutils) as server:
        whole = resolve(citations, client_for(server))
        slimmed = resolve([slim(c) for c in citations], client_for(server))
    assert {r.method for r in whole} == {"pmid", "doi", "pmcid", "citmatch"}
    assert slimmed == whole


def test_an_evidence_failure_is_the_same_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Claim: it helps.\nSource: PMID: 12345678\n", encoding="utf-8")
    args = [str(tmp_path), "--source", "mirror", "--mirror", str(tmp_path / "none.sqlite")]
    one, two = audit([*args, "--jobs", "1"]), audit([*args, "--jobs", "2"])
    assert one.exit_code == two.exit_code != 0
    assert "no mirror at" in one.stderr and two.stderr == one.stderr


def test_spawned_workers_give_the_same_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where fork is not used (macOS, Windows), workers start from a fresh interpreter."""
    import multiprocessing

    for index in range(4):
        (tmp_path / f"a{index}.txt").write_text(f"Claim {index}: the treatment cures it.\nSource: "
                                                f"{generated.citation_line(index)}\n", encoding="utf-8")
    one = audit([str(tmp_path), "--offline", "--format", "json", "--jobs", "1"])
    monkeypatch.setattr(parallel, "_context", lambda: multiprocessing.get_context("spawn"))
    two = audit([str(tmp_path), "--offline", "--format", "json", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout.count('"path"') >= 4 and two.stdout == one.stdout
