"""Throughput against NCBI's rate limit: verifier beside per-PMID fetching, in one run.

    python bench/throughput/run.py [--sizes 100 1000 10000] [--latency 0.3] [--peer-max 1000]
                                   [--baseline c806fcb] [--no-peers]

A fake E-utilities server on 127.0.0.1 serves GENERATED records (bench/generated.py) with a
fixed latency per request and NCBI's limit of 3 requests/s without a key (429 past it). The
citations are spread over articles of 10, a tenth of them repeating a PMID cited elsewhere.
For each size it prints verifier's wall time for the whole audit with each --jobs value given
(default 1 and 2), its CPU time (all its processes), its request count, the bound (ceil(unique
ids / 200) requests at 3/s) and the ratio to it, whether every run wrote the same report, and the
load average before the size's runs; and the same PMIDs fetched
the way peers do it: a Bio.Entrez efetch loop, one PMID a request (Bio.Entrez spaces its
requests 0.37 s apart), and metapub's PubMedFetcher if it is installed (`pip install
metapub`), both pointed at the same server. Past --peer-max the peers' times are extrapolated
from their measured time per PMID, and marked so. The baseline revision (--baseline, main
before this branch; '' for none) audits the same articles against a fresh server in the same
run, from a temporary checkout with the same interpreter. Both trees are byte-compiled first
(an installed package has its .pyc files).
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.request import Request, urlopen

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parents[1] / "tests"))  # the fake E-utilities live in tests/support

import generated  # noqa: E402  (bench/generated.py, beside this folder)
from baseline import baseline_checkout  # noqa: E402  (bench/baseline.py)
from support.fake_eutils import FakeEutils  # noqa: E402
from support.fakeserver import FakeServer  # noqa: E402

NCBI = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
RATE = 3.0
PER_ARTICLE = 10
BASELINE = "c806fcb"


def layout(size: int) -> tuple[list[list[int]], int]:
    """Citations (record numbers) per article; a tenth repeat a number cited earlier."""
    unique = size - size // 10
    numbers = list(range(unique)) + [i * 7 % unique for i in range(size - unique)]
    articles = [numbers[i:i + PER_ARTICLE] for i in range(0, size, PER_ARTICLE)]
    return articles, unique


def write_articles(folder: Path, articles: list[list[int]]) -> None:
    for index, numbers in enumerate(articles):
        lines = [f"Claim {n}: the generated treatment may help.\nSource: {generated.citation_line(n)}\n"
                 for n in numbers]
        (folder / f"article_{index:05d}.txt").write_text("\n".join(lines), encoding="utf-8")


def compiled(tree: Path) -> Path:
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "verifier")], check=True)
    return tree


@dataclass(frozen=True)
class Timed:
    """One verifier run: wall and CPU seconds (its processes, workers included), what the server
    saw, and the report it wrote."""

    seconds: float
    cpu: float
    requests: int
    rejected: int
    report: bytes


def ours(folder: Path, eutils: FakeEutils, latency: float, tree: Path = HERE.parents[1], jobs: int = 1) -> Timed:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = folder.parent / f"report-{os.getpid()}-{jobs}.jsonl"
    command = [sys.executable, "-m", "verifier", "audit", str(folder), "--no-cache", "--format", "jsonl",
               "--out", str(out), "--fail-on", "never", *(["--jobs", str(jobs)] if jobs != 1 else [])]
    with FakeServer(eutils, latency=latency, rate_limit=RATE) as server:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run([*command, "--eutils-url", server.url], capture_output=True, text=True, env=env,
                              cwd=tree)
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        requests, rejected = server.requests, server.rejected
    if done.returncode != 0:
        raise SystemExit(f"verifier failed: {done.stderr[-800:]}")
    report = out.read_bytes()
    out.unlink()
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Timed(elapsed, cpu, requests, rejected, report)


def biopython_loop(pmids: list[str], server: FakeServer) -> float:
    from Bio import Entrez

    Entrez.email = "bench@example.org"

    def redirected(request: Request, *args: object, **kwargs: object) -> object:
        return urlopen(Request(request.full_url.replace(NCBI, server.url), data=request.data,
                               headers=dict(request.header_items())), timeout=60)

    original = Entrez.urlopen  # type: ignore[attr-defined]
    Entrez.urlopen = redirected  # type: ignore[attr-defined]
    try:
        started = time.perf_counter()
        for pmid in pmids:
            with Entrez.efetch(db="pubmed", id=pmid, retmode="xml") as handle:
                handle.read()
        return time.perf_counter() - started
    finally:
        Entrez.urlopen = original  # type: ignore[attr-defined]


def metapub_loop(pmids: list[str], server: FakeServer) -> float | str:
    try:
        from metapub import PubMedFetcher
        from metapub.ncbi_client import NCBIClient
    except ImportError:
        return "not installed (pip install metapub)"
    NCBIClient.BASE_URL = server.url.rstrip("/")
    fetcher = PubMedFetcher(cachedir=None)
    started = time.perf_counter()
    try:
        for pmid in pmids:
            fetcher.article_by_pmid(pmid)
    except Exception as exc:  # report why the peer could not be measured
        return f"could not be measured against the fake server ({type(exc).__name__}: {str(exc)[:80]})"
    return time.perf_counter() - started


def median(runs: list[Timed]) -> Timed:
    """The run of median wall time (the lower of the middle two)."""
    return sorted(runs, key=lambda run: run.seconds)[(len(runs) - 1) // 2]


def measure(size: int, latency: float, peer_max: int, old: Path | None, jobs: list[int],
            repeat: int = 1) -> dict[str, object]:
    articles, unique = layout(size)
    eutils = FakeEutils(["".join(generated.document(range(unique)))])
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "articles"
        folder.mkdir()
        write_articles(folder, articles)
        load = os.getloadavg()[0]
        variants: list[tuple[Path, int] | None] = [(HERE.parents[1], n) for n in jobs]
        variants += [None] if old is None else [(old, 1)]
        timings: dict[int, list[Timed]] = {k: [] for k in range(len(variants))}
        for round_ in range(repeat):  # interleaved, the order turned each round: a busy moment hits each
            for k in [(round_ + i) % len(variants) for i in range(len(variants))]:
                chosen = variants[k]
                if chosen is not None:
                    timings[k].append(ours(folder, eutils, latency, chosen[0], chosen[1]))
        runs = {n: median(timings[k]) for k, n in enumerate(jobs)}
        baseline = median(timings[len(jobs)]) if old is not None else None
        reports = {t.report for ts in timings.values() for t in ts}
        load = (load + os.getloadavg()[0]) / 2
        bound = math.ceil(unique / 200) / RATE
        row: dict[str, object] = {"size": size, "unique": unique, "articles": len(articles), "runs": runs,
                                  "bound": bound, "baseline": baseline, "load": load, "same": len(reports) == 1}
        if peer_max <= 0:
            return row
        pmids = [generated.pmid(n) for n in range(min(unique, peer_max))]
        with FakeServer(eutils, latency=latency, rate_limit=RATE) as server:
            bio = biopython_loop(pmids, server)
            bio_rejected = server.rejected
        with FakeServer(eutils, latency=latency, rate_limit=RATE) as server:
            meta = metapub_loop(pmids, server)
    scale = unique / len(pmids)
    return {**row, "bio": bio * scale, "bio_rejected": bio_rejected,
            "meta": meta * scale if isinstance(meta, float) else meta, "extrapolated": scale > 1}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--latency", type=float, default=0.3, help="seconds per request (default 0.3)")
    parser.add_argument("--peer-max", type=int, default=1000, help="PMIDs the peers fetch for real")
    parser.add_argument("--no-peers", action="store_true", help="leave the Bio.Entrez and metapub loops out")
    parser.add_argument("--baseline", default=BASELINE, help="revision to run beside this tree ('' for none)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds per size, interleaved (the order turned each round); the median is shown")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2],
                        help="verifier's --jobs values to run, each beside the others (default 1 2)")
    args = parser.parse_args()
    compiled(HERE.parents[1])
    if args.baseline:
        with baseline_checkout(args.baseline) as old:
            return table(args, compiled(old.folder))
    return table(args, None)


def table(args: argparse.Namespace, old: Path | None) -> int:
    print(f"latency {args.latency} s a request; NCBI limit {RATE:.0f}/s enforced by the server (429 past it); "
          f"{os.cpu_count()} cores shared with other work; CPU: the audit's processes, workers included\n")
    heads = [f"verifier --jobs {n} | requests (429s) | ratio | CPU |" for n in args.jobs]
    base = f" main {args.baseline} | requests (429s) | its ratio |" if old is not None else ""
    peers = " Bio.Entrez loop | speed-up | metapub |" if not args.no_peers else ""
    same = " same report |" if len(args.jobs) > 1 or old is not None else ""
    print(f"| citations (unique ids, articles) | bound | {' '.join(heads)}{base}{same} load |{peers}")
    columns = 2 + 4 * len(args.jobs) + (3 if old is not None else 0) + (1 if same else 0) + 1 + (3 if peers else 0)
    print("|" + "---|" * columns)
    for size in args.sizes:
        row = measure(size, args.latency, 0 if args.no_peers else args.peer_max, old, args.jobs, args.repeat)
        bound: float = row["bound"]  # type: ignore[assignment]
        runs: dict[int, Timed] = row["runs"]  # type: ignore[assignment]
        line = f"| {row['size']:,} ({row['unique']:,}, {row['articles']:,}) | {bound:.1f} s |"
        for n in args.jobs:
            run = runs[n]
            line += (f" {run.seconds:.1f} s | {run.requests} ({run.rejected}) | {run.seconds / bound:.2f}x | "
                     f"{run.cpu:.1f} s |")
        then = row["baseline"]
        first = runs[args.jobs[0]]
        if isinstance(then, Timed):
            line += f" {then.seconds:.1f} s | {then.requests} ({then.rejected}) | {then.seconds / bound:.2f}x |"
        if same:
            line += " yes |" if row["same"] else " NO |"
        line += f" {row['load']:.1f} |"
        if not args.no_peers:
            mark = " (extrapolated)" if row["extrapolated"] else ""
            meta = row["meta"]
            meta_text = f"{meta:.0f} s{mark}" if isinstance(meta, float) else str(meta)
            line += (f" {row['bio']:.0f} s{mark} | {row['bio'] / first.seconds:.0f}x | "  # type: ignore[operator]
                     f"{meta_text} |")
        print(line, flush=True)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f} (1 min); 'load': the 1-minute load average "
          f"before and after each size's runs, averaged; {args.repeat} interleaved round(s) a size, the median "
          "run shown; 'same report': every run of the size wrote the same bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
