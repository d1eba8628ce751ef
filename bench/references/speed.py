"""Seconds to parse hostile reference strings (issue 15, case 7), beside a baseline revision run
in the same invocation. Needs no data.

    python bench/references/speed.py [--baseline 16ccea1] [--timeout 60]

Each input is timed in a fresh process (`parse_reference` on the whole string, the model loaded
first); a run that passes --timeout is printed as "> T s". Target: under 2 s per 100 KB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from baseline import baseline_checkout

ROOT = Path(__file__).resolve().parents[2]
INPUTS = {  # name -> Python expression of the string, in terms of its size in bytes `n`
    "'A' + spaces + 'B.'": "'A' + ' ' * (n - 3) + 'B.'",
    "'x. 2023;' repeated": "'x. 2023;' * (n // 8)",
    "'Smith A, ' repeated": "'Smith A, ' * (n // 9)",
    "'Islam MA,' + spaces + rest": "'Islam MA,' + ' ' * (n - 60) + 'Alam SS. A title. J Clin Med. 2023;12(19):6311.'",
}
SIZES = (10_000, 100_000)
CODE = """
import sys, time
from verifier.citations import parse_reference
parse_reference("Smith A. Warm-up. J Med. 2020;1:2.")
n = int(sys.argv[1])
text = {expression}
start = time.perf_counter()
parse_reference(text)
print(time.perf_counter() - start)
"""


def timed(folder: Path, expression: str, size: int, timeout: float) -> str:
    env = {**os.environ, "PYTHONPATH": str(folder)}
    try:
        done = subprocess.run([sys.executable, "-c", CODE.format(expression=expression), str(size)], cwd=folder,
                              env=env, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s"
    if done.returncode:
        return f"failed ({done.stderr.strip().splitlines()[-1][:60] if done.stderr.strip() else done.returncode})"
    return f"{float(done.stdout.strip()):.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="16ccea1")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    with baseline_checkout(args.baseline) as old:
        print(f"| input | size | current | baseline {args.baseline} |")
        print("|---|---|---|---|")
        for name, expression in INPUTS.items():
            for size in SIZES:
                print(f"| {name} | {size // 1000} KB | {timed(ROOT, expression, size, args.timeout)} | "
                      f"{timed(old.folder, expression, size, args.timeout)} |", flush=True)


if __name__ == "__main__":
    main()
