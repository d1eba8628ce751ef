"""Time on hostile inputs that used to take quadratic time (issue 15, case 7), beside a baseline.

    python bench/worst_case/run.py [--baseline REV] [--sizes 10,20,100]

Two inputs, each at a few sizes (KB), timed with the current code and with the baseline
revision's own code (bench/baseline.py) in the same run:
- an abstract of "1,1,1,..." read for its design (`design_from_text`) and checked against a
  claim with a percentage (the S2xx number rules read the abstract's figures);
- `strength` on "may " repeated.
Linear code takes about the same time per KB at every size; the target is < 2 s per 100 KB.
The baseline is only run up to --baseline-max KB (default 20): at 60 KB it took over a minute.
Nothing here reads ../shared/data.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from baseline import Checkout, baseline_checkout

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter (current tree or the baseline's): prints {"name": seconds}.
TIMER = r"""
import json, sys, time
from verifier.design import design_from_text
from verifier.language import strength
kb = int(sys.argv[1])
ones = ",".join(["1"] * (kb * 512))[: kb * 1024]
mays = "may " * (kb * 256)
out = {}
strength("The model is loaded before the clock starts.")
started = time.perf_counter()
design_from_text(ones, (), (), basis="record", provenance="bench", abstract_only=ones)
out["design of a '1,1,1,...' abstract"] = time.perf_counter() - started
started = time.perf_counter()
strength(mays)
out["strength of 'may ' x N"] = time.perf_counter() - started
try:
    from verifier.checks.claims import _abstract_percentages
    from verifier.models import AbstractSection
    started = time.perf_counter()
    _abstract_percentages((AbstractSection(text=ones),))
    out["abstract figures of a '1,1,1,...' abstract"] = time.perf_counter() - started
except ImportError:
    pass
print(json.dumps(out))
"""


def timings(kb: int, old: Checkout | None, timeout: float) -> dict[str, float] | str:
    try:
        if old is None:
            done = subprocess.run([sys.executable, "-c", TIMER, str(kb)], cwd=ROOT, capture_output=True,
                                  text=True, timeout=timeout, check=True)
            result: dict[str, float] = json.loads(done.stdout)
            return result
        done = old.run(["-c", TIMER, str(kb)], timeout=timeout)
        if done.returncode:
            return f"failed: {done.stderr.strip()[-200:]}"
        result = json.loads(done.stdout)
        return result
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="16ccea1", help="revision timed beside the current code")
    parser.add_argument("--sizes", default="10,20,100", help="input sizes in KB, comma-separated")
    parser.add_argument("--baseline-max", type=int, default=20, help="largest size (KB) given to the baseline")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds allowed per size and revision")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print("| input | size | verifier (s) | s per 100 KB | baseline (same run) | target |")
    print("|---|---|---|---|---|---|")
    with baseline_checkout(args.baseline) as old:
        for kb in sizes:
            ours = timings(kb, None, args.timeout)
            base = timings(kb, old, args.timeout) if kb <= args.baseline_max else "not run (too slow)"
            if isinstance(ours, str):
                print(f"| all | {kb} KB | {ours} | - | - | < 2 s per 100 KB |")
                continue
            for name, seconds in ours.items():
                then = base if isinstance(base, str) else (f"{old.revision}: {base[name]:.2f} s" if name in base
                                                          else f"{old.revision}: -")
                print(f"| {name} | {kb} KB | {seconds:.2f} | {seconds * 100 / kb:.2f} | {then} | < 2 s per 100 KB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
