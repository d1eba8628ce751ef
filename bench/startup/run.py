"""Start-up wall time: `verifier --version` and a one-article offline audit, beside `python -c pass`
and beside the baseline revision, in one run.

    python bench/startup/run.py [--runs 9] [--baseline f8761e3] [--article seeds/001_cbb8193102376ae8.txt]
                                [--short seeds/000_c01f6e6ce9b21b39.txt]

Each command is run --runs times, the commands interleaved (so that a busy moment of the machine
falls on all of them alike), each a fresh interpreter as a shell or a pre-commit hook starts it;
the median and the fastest wall time and the median CPU time (user + system, which a
busy machine inflates less) are printed. The baseline revision (main before this branch) runs
from a temporary checkout with the same interpreter. Targets: --version <= 0.3 s, the audit
<= 0.6 s. `--help` and an audit of a short article (--short) are shown beside them, untargeted.

Bytecode: the runs are made with PYTHONDONTWRITEBYTECODE removed from their environment, so that
the warm-up runs leave each tree's `.pyc` files as an installed package has them; with it set
(as this project's shells do) every run compiles the checkout's sixty-odd modules from source,
about 0.3 s that no installed copy pays.

Compiled patterns: each tree's runs keep them in a store of its own in a temporary folder
(VERIFIER_PATTERN_STORE; verifier/patternstore.py), written by the warm-up runs as an installed
copy's first run writes it; the row "ARTICLE, no pattern store" runs with the store off, which
is what the very first audit after installing costs (every pattern compiled). A tree without the
store ignores the variable.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from baseline import baseline_checkout  # noqa: E402

MAIN = "f8761e3"
TARGETS = {"verifier --version": 0.3, "verifier audit ARTICLE --offline": 0.6}


def wall(command: list[str], tree: Path, store: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of the command ("STORE=off" first: the pattern
    store off for it)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(tree)
    env["VERIFIER_PATTERN_STORE"] = str(store)
    if command[0] == "STORE=off":
        env["VERIFIER_PATTERN_STORE"], command = "off", command[1:]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=tree, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):  # 1: the audit found something, which is fine here
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-400:]}")
    return elapsed, cpu


def _size(path: str) -> str:
    return f"{(ROOT / path).stat().st_size / 1000:.1f} KB" if path else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--baseline", default=MAIN)
    parser.add_argument("--article", default="seeds/001_cbb8193102376ae8.txt")
    parser.add_argument("--short", default="seeds/000_c01f6e6ce9b21b39.txt",
                        help="a short article, audited too (untargeted); '' to leave it out")
    args = parser.parse_args()
    python = sys.executable
    commands = {"python -c pass": [python, "-c", "pass"],
                "verifier --version": [python, "-m", "verifier", "--version"],
                "verifier --help": [python, "-m", "verifier", "--help"],
                "verifier audit ARTICLE --offline": [python, "-m", "verifier", "audit", args.article, "--offline"],
                "verifier audit ARTICLE --offline, no pattern store":
                    ["STORE=off", python, "-m", "verifier", "audit", args.article, "--offline"]}
    if args.short:
        commands["verifier audit SHORT --offline"] = [python, "-m", "verifier", "audit", args.short, "--offline"]
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with baseline_checkout(args.baseline) as old, tempfile.TemporaryDirectory() as stores:
        trees = {"this branch": ROOT, f"main {args.baseline}": old.folder}
        store = {name: Path(stores) / f"{index}.json" for index, name in enumerate(trees)}
        for tree_name, tree in trees.items():  # warm the file cache, the bytecode caches and the store first
            for command in commands.values():
                wall(command, tree, store[tree_name])
        for _ in range(args.runs):
            for tree_name, tree in trees.items():
                for name, command in commands.items():
                    times.setdefault((name, tree_name), []).append(wall(command, tree, store[tree_name]))
    print(f"{args.runs} runs each, interleaved; {os.cpu_count()} cores shared with other work; "
          f"ARTICLE {args.article} ({_size(args.article)}), SHORT {args.short or '-'} ({_size(args.short)})\n")
    print("| command | tree | wall, median | wall, fastest | CPU, median | target (wall) |")
    print("|---|---|---|---|---|---|")
    for (name, tree_name), values in times.items():
        if (name.startswith("python -c pass") or "no pattern store" in name) and tree_name != "this branch":
            continue
        target = f"<= {TARGETS[name]} s" if name in TARGETS else ""
        walls, cpus = [w for w, _ in values], [c for _, c in values]
        print(f"| `{name}` | {tree_name} | {statistics.median(walls):.2f} s | {min(walls):.2f} s | "
              f"{statistics.median(cpus):.2f} s | {target} |")
    print(f"\nload average during the run: {os.getloadavg()[0]:.1f} (1 min); wall time above the CPU time is "
          "waiting for a core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
