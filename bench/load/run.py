"""Load: audits of 1, 100 and 1,000 articles in one run, with peak memory and every citation
accounted for.

    python bench/load/run.py [--sizes 1 100 1000]

The articles are the two seeds, copied and numbered (generated into a temporary folder, not
kept); evidence comes from the reconstructed Islam record (`--records`), so the run measures
verifier, not the network. Each size runs in its own process; peak RSS is that process's.
The one-article run is the baseline beside the others.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
RECORDS = ROOT / "cassettes" / "reconstructed" / "islam2023.xml"


def make_articles(folder: Path, count: int) -> int:
    """`count` articles cycling through the seeds; returns how many citations they hold."""
    per_seed = {0: 1, 1: 5}  # seed 000 cites 1 study, seed 001 cites 5
    citations = 0
    for number in range(count):
        source = SEEDS[number % len(SEEDS)]
        shutil.copy(source, folder / f"{number:05d}_{source.name}")
        citations += per_seed[number % len(SEEDS)]
    return citations


def run(count: int) -> dict[str, float | int]:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        expected = make_articles(folder, count)
        out = folder / "report.jsonl"
        started = time.perf_counter()
        child = subprocess.run(
            [sys.executable, "-c", _CHILD, str(folder), str(RECORDS), str(out)],
            capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        if child.returncode not in (0, 1):
            raise SystemExit(f"audit of {count} articles failed: {child.stderr[-500:]}")
        peak_kb = int(child.stdout.strip().splitlines()[-1])
        summary = json.loads(out.read_text(encoding="utf-8").splitlines()[-1])
        return {"articles": count, "citations": summary["citations"], "expected": expected,
                "seconds": elapsed, "peak_mb": peak_kb / 1024}


# The child audits, writes JSON Lines, and prints its own peak RSS (KB) last.
_CHILD = """
import resource, sys
from click.testing import CliRunner
from verifier.cli import main
folder, records, out = sys.argv[1:4]
result = CliRunner().invoke(main, ["audit", folder, "--records", records, "--format", "jsonl",
                                   "--out", out, "--fail-on", "never"])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
sys.exit(result.exit_code)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 1000])
    args = parser.parse_args()
    print("| articles | citations (expected) | wall time | articles/s | peak RSS |")
    print("|---|---|---|---|---|")
    for size in args.sizes:
        row = run(size)
        assert row["citations"] == row["expected"], row
        print(f"| {row['articles']:,} | {row['citations']:,} ({row['expected']:,}) | {row['seconds']:.1f} s | "
              f"{row['articles'] / row['seconds']:.1f} | {row['peak_mb']:.0f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
