"""Load: audits of 1, 100 and 1,000 articles in one run, with peak memory and every citation
accounted for.

    python bench/load/run.py [--sizes 1 100 1000] [--baseline REV] [--repeat 1] [--profile]

The articles are the two seeds, copied and numbered (generated into a temporary folder, not
kept); evidence comes from the reconstructed Islam record (`--records`), so the run measures
verifier, not the network. Each size runs in its own process; peak RSS is that process's.
The one-article run shows the fixed cost (start-up) beside the others. `--baseline REV` runs
each size with that revision's code too (a temporary checkout, bench/baseline.py), on the same
articles, interleaved with this tree's runs; `--repeat N` runs each N times and keeps the
one with the least CPU time (the machine is shared: CPU time, user + system of the child, is
what one core spends; wall time includes waiting for a core). `--profile` prints this tree's
cProfile of the largest size (the 25 functions with the most time of their own, and the 25 with the most in all).

The copies repeat every sentence, so from the third article on the kept answers (verifier/memo.py)
serve most of the sentence work: bench/load/cold.py measures articles never seen before, and
bench/load/parity.py checks that the output is byte for byte the baseline's.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
RECORDS = ROOT / "cassettes" / "reconstructed" / "islam2023.xml"

from baseline import baseline_checkout  # noqa: E402


def make_articles(folder: Path, count: int) -> int:
    """`count` articles cycling through the seeds; returns how many citations they hold."""
    per_seed = {0: 1, 1: 5}  # seed 000 cites 1 study, seed 001 cites 5
    citations = 0
    for number in range(count):
        source = SEEDS[number % len(SEEDS)]
        shutil.copy(source, folder / f"{number:05d}_{source.name}")
        citations += per_seed[number % len(SEEDS)]
    return citations


def run(count: int, tree: Path = ROOT, *, profile: bool = False) -> dict[str, float | int | str]:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        expected = make_articles(folder, count)
        out = folder / "report.jsonl"
        env = {**os.environ, "PYTHONPATH": str(tree)}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        child = subprocess.run(
            [sys.executable, "-c", _CHILD, str(folder), str(RECORDS), str(out), "profile" if profile else ""],
            capture_output=True, text=True, check=False, cwd=tree, env=env)
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if child.returncode not in (0, 1):
            raise SystemExit(f"audit of {count} articles failed: {child.stderr[-500:]}")
        lines = child.stdout.strip().splitlines()
        summary = json.loads(out.read_text(encoding="utf-8").splitlines()[-1])
        return {"articles": count, "citations": summary["citations"], "expected": expected,
                "seconds": elapsed, "cpu": cpu, "peak_mb": int(lines[-1]) / 1024, "profile": "\n".join(lines[:-1])}


# The child audits, writes JSON Lines, and prints its own peak RSS (KB) last (a profile before it).
_CHILD = """
import cProfile, io, pstats, resource, sys
from click.testing import CliRunner
from verifier.cli import main
folder, records, out, profile = sys.argv[1:5]
profiler = cProfile.Profile() if profile else None
if profiler:
    profiler.enable()
result = CliRunner().invoke(main, ["audit", folder, "--records", records, "--format", "jsonl",
                                   "--out", out, "--fail-on", "never"])
if profiler:
    profiler.disable()
    for order in ("tottime", "cumulative"):
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats(order).print_stats(25)
        print(text.getvalue())
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
sys.exit(result.exit_code)
"""


def _row(name: str, row: dict[str, float | int | str]) -> str:
    assert row["citations"] == row["expected"], row
    seconds, cpu, count = float(row["seconds"]), float(row["cpu"]), int(row["articles"])
    return (f"| {name} | {count:,} | {row['citations']:,} ({row['expected']:,}) | {seconds:.1f} s | "
            f"{count / seconds:.1f} | {cpu:.1f} s | {count / cpu:.1f} | {row['peak_mb']:.0f} MB |")


def fastest(count: int, tree: Path, repeat: int) -> dict[str, float | int | str]:
    return min((run(count, tree) for _ in range(repeat)), key=lambda r: float(r["cpu"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 1000])
    parser.add_argument("--baseline", default=None, help="also run this revision's code (e.g. c806fcb)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each size and tree; the fastest is kept")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the largest size (this tree)")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        trees = {"this tree": ROOT}
        if args.baseline:
            trees[args.baseline] = stack.enter_context(baseline_checkout(args.baseline)).folder
        print(f"{os.cpu_count()} cores shared with other work; fastest of {args.repeat} run(s) each\n")
        print("| code | articles | citations (expected) | wall time | articles/s | CPU time | articles/CPU-s "
              "| peak RSS |")
        print("|---|---|---|---|---|---|---|---|")
        for size in args.sizes:
            for name, tree in trees.items():
                print(_row(name, fastest(size, tree, args.repeat)), flush=True)
        print(f"\nload average at the end: {os.getloadavg()[0]:.1f} (1 min)")
    if args.profile:
        print(f"\ncProfile of {max(args.sizes)} articles, this tree:\n")
        print(run(max(args.sizes), ROOT, profile=True)["profile"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
