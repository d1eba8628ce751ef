"""Claim extraction on labelled real sentences: is each sentence that states a relation a claim?

Yu, Li & Wang's 3,061 PubMed conclusion sentences (../shared/data/strength/) and the 100
InSciOut press-release / abstract conclusion pairs (../shared/data/exaggeration/) are labelled
0 (no relation), 1 correlational, 2 conditional causal, 3 direct causal. A sentence labelled 1-3
asserts a relation, so an audit of it alone must find a claim: that share is the recall measured
here. A sentence labelled 0 may still be a claim ("X was well tolerated"), so no precision is
read from this data: the share of label-0 sentences kept is shown for information, and precision
is measured on real pages by bench/claims/run.py.

Splits (fixed by row number, never by result):
- Yu rows 1, 5, 9, ... (row % 4 == 1): dev, read while tuning claim wording in session 10;
- Yu rows 3, 7, 11, ... (row % 4 == 3): held-out, measured only;
- Yu even rows: the strength model's training rows (bench/accuracy/strength.py), in-sample for
  the model, so a relation is found there by construction: shown apart, not a measure;
- InSciOut pairs with an even index: dev; odd index: held-out (both sentences of a pair together).

Each sentence is written to a file of its own in a scratch folder (never in the repository) and
all are audited with `--offline` in one run per revision, the current tree beside the baselines.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.baseline import ROOT, baseline_checkout

DEFAULT_BASELINE = "db47c9d"  # main at the start of session 10


def labelled_sentences(data: Path) -> list[tuple[str, str, int]]:
    """(part, sentence, label) for every labelled sentence, part as described above."""
    rows: list[tuple[str, str, int]] = []
    with (data / "strength" / "yu2019_pubmed_conclusions.csv").open(encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            part = {0: "Yu model-training rows (in-sample)", 2: "Yu model-training rows (in-sample)",
                    1: "Yu dev", 3: "Yu held-out"}[number % 4]
            rows.append((part, row["sentence"], int(row["label"])))
    with (data / "exaggeration" / "insciout_train.jsonl").open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            pair = json.loads(line)
            half = "dev" if number % 2 == 0 else "held-out"
            rows.append((f"InSciOut press {half}", pair["press_release_conclusion"], pair["press_release_strength"]))
            rows.append((f"InSciOut abstract {half}", pair["abstract_conclusion"], pair["abstract_strength"]))
    return rows


def write_files(rows: list[tuple[str, str, int]], folder: Path) -> list[Path]:
    paths = []
    for number, (_, sentence, _) in enumerate(rows):
        path = folder / f"s{number:05d}.txt"
        path.write_text(" ".join(sentence.split()) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def claimed(report: dict[str, Any]) -> set[str]:
    return {Path(a["path"]).name for a in report["articles"] if a.get("claims")}


def current_report(folder: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "verifier", "audit", str(folder), "--offline", "--format", "json"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode > 1:
        raise SystemExit(f"audit failed ({done.returncode}): {done.stderr.strip()[:300]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def tally(rows: list[tuple[str, str, int]], paths: list[Path], found: set[str]) -> dict[tuple[str, bool], list[int]]:
    counts: dict[tuple[str, bool], list[int]] = {}
    for (part, _, label), path in zip(rows, paths, strict=True):
        cell = counts.setdefault((part, label > 0), [0, 0])
        cell[0] += path.name in found
        cell[1] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="folder holding strength/ and exaggeration/ (default ../shared/data)")
    parser.add_argument("--baseline", action="append", default=None,
                        help=f"git revision to compare with (repeatable; default {DEFAULT_BASELINE})")
    parser.add_argument("--misses", action="store_true", help="print the current code's misses on the dev parts")
    args = parser.parse_args()
    if not (args.data / "strength" / "yu2019_pubmed_conclusions.csv").exists():
        print(f"no data: {args.data}/strength is absent (a clone of this repository alone does not have it)")
        return 2
    baselines: list[str] = args.baseline or [DEFAULT_BASELINE]
    rows = labelled_sentences(args.data)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        paths = write_files(rows, folder)
        runs = {"verifier": claimed(current_report(folder))}
        for revision in baselines:
            with baseline_checkout(revision) as old:
                runs[revision] = claimed(old.audit_json([str(folder), "--offline"]))
    tallies = {who: tally(rows, paths, found) for who, found in runs.items()}
    parts = list(dict.fromkeys(part for part, _, _ in rows))
    print(f"{len(rows)} labelled sentences, each audited alone; baselines: {', '.join(baselines)}.\n")
    print("| part | sentences | " + " | ".join(f"relation (1-3) a claim: {w}" for w in runs) + " | "
          + " | ".join(f"label 0 kept: {w}" for w in runs) + " |")
    print("|---|---|" + "---|" * (2 * len(runs)))
    for part in parts:
        cells = []
        for relation in (True, False):
            for who in runs:
                hit, total = tallies[who].get((part, relation), [0, 0])
                cells.append(f"{hit / total:.1%} ({hit}/{total})" if total else "—")
        size = sum(tallies["verifier"].get((part, r), [0, 0])[1] for r in (True, False))
        print(f"| {part} | {size} | " + " | ".join(cells) + " |")
    if args.misses:
        print("\nRelation sentences of the dev parts that are not a claim (current code):")
        for (part, sentence, label), path in zip(rows, paths, strict=True):
            if label and part.endswith("dev") and path.name not in runs["verifier"]:
                print(f"- [{part}, label {label}] {' '.join(sentence.split())}")
    by_label = Counter(label for _, _, label in rows)
    print(f"\nLabels: {dict(sorted(by_label.items()))}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
