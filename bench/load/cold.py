"""Checking CPU on articles never seen before: what bench/load's copies of the two seeds hide.

    python bench/load/cold.py [--baseline c806fcb] [--runs 7]

bench/load audits copies of the seeds, so from the third article on every sentence and
paragraph has been read before and the kept answers (verifier/memo.py) serve it. Here one
interpreter per tree audits the two seeds (one of each, `--records` as in bench/load) again and
again, forgetting every kept answer before each audit (`memo.clear()`; the baseline's own
per-record caches too), after one warm-up audit that pays the imports. The CPU time of each
audit (process time) is two seed-sized articles checked cold, plus the command's own fixed work
(options, reading the --records file, writing the report), which a batch pays once.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(HERE))

from baseline import baseline_checkout  # noqa: E402
from run import RECORDS, SEEDS  # noqa: E402

_CHILD = """
import sys, tempfile, time
from pathlib import Path
from click.testing import CliRunner
from verifier.cli import main
import verifier.checks.claims as claim_rules
records, runs, seeds = sys.argv[1], int(sys.argv[2]), sys.argv[3:]

try:
    from verifier.memo import clear as forget_kept
except ImportError:  # the baseline has no kept answers of its own (asked once: a failed import is slow)
    forget_kept = None

def forget():
    if forget_kept is not None:
        forget_kept()
    for name in ("record_stems", "condition_stems"):
        getattr(claim_rules, name).cache_clear()

def audit(out):
    result = CliRunner().invoke(main, ["audit", *seeds, "--records", records, "--format", "jsonl",
                                       "--out", out, "--fail-on", "never"])
    assert result.exit_code in (0, 1), result.output

with tempfile.TemporaryDirectory() as folder:
    out = str(Path(folder) / "report.jsonl")
    audit(out)  # imports, compiled patterns, the model's weights: paid once by any batch
    for _ in range(runs):
        forget()
        started = time.process_time()
        audit(out)
        print(time.process_time() - started)
"""


def cpu_times(tree: Path, runs: int) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    # -P: the package on PYTHONPATH, not the one in the working folder
    done = subprocess.run([sys.executable, "-P", "-c", _CHILD, str(RECORDS), str(runs), *map(str, SEEDS)],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{tree}: {done.stderr.strip()[-500:]}")
    return [float(line) for line in done.stdout.split()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="c806fcb")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with baseline_checkout(args.baseline) as old:
        trees = {"this tree": ROOT, args.baseline: old.folder}
        times = {name: cpu_times(tree, args.runs) for name, tree in trees.items()}
    print(f"{args.runs} cold audits of the two seeds each; {os.cpu_count()} cores shared with other work\n")
    print("| code | CPU per audit of 2 articles, median | fastest | articles/CPU-s (median) |")
    print("|---|---|---|---|")
    for name, values in times.items():
        middle = statistics.median(values)
        print(f"| {name} | {middle * 1000:.0f} ms | {min(values) * 1000:.0f} ms | {len(SEEDS) / middle:.1f} |")
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f} (1 min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
