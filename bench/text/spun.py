"""Machine-spun text on real pages: T301 (tortured phrase) and T302 (machine-spun article).

    python bench/text/spun.py [--data ../shared/data] [--baseline REV ...]

Reads ../shared/data/articles/ (never copied into this repository). Positives are the pages
whose truth `conventions` include "machine-spun" (5); every other page is a negative control (45),
and so are the 3,061 Yu et al. conclusion sentences, the 200 InSciOut conclusions and the 16,089
labelled reference strings (real scientific and press prose and real titles: a tortured phrase
there is a false finding). Each run audits with
`--offline` and counts T301 phrases and T302 verdicts, the current tree beside the baselines.

The spun pages are all in-sample: session 10 read the truth notes (the spun phrases listed) of
all five before writing the lexicon, so the positive figure shows what the lexicon covers, not how
it generalises. The negative controls were never read for this and are the measure of precision.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.baseline import ROOT, baseline_checkout

DEFAULT_BASELINE = "cda7430"  # main at the start of session 11


def spun(article: dict[str, Any]) -> bool:
    """The pages tagged machine-spun in the truth's conventions (5)."""
    return "machine-spun" in article.get("conventions", [])


def audit(run: Any, paths: list[Path]) -> dict[str, dict[str, Any]]:
    args = [*map(str, paths), "--offline"]
    if run is None:
        done = subprocess.run([sys.executable, "-m", "verifier", "audit", *args, "--format", "json"], cwd=ROOT,
                              capture_output=True, text=True, check=False)
        if done.returncode > 1:
            raise SystemExit(f"audit failed ({done.returncode}): {done.stderr.strip()[:300]}")
        report: dict[str, Any] = json.loads(done.stdout)
    else:
        report = run.audit_json(args)
    return {Path(a["path"]).name: a for a in report["articles"]}


def counts(reports: dict[str, dict[str, Any]], names: list[str]) -> tuple[int, int, int]:
    """(files with T302, files with any T301, T301 findings)."""
    findings = [[f["code"] for f in reports[n]["findings"]] for n in names]
    return (sum("T302" in codes for codes in findings), sum("T301" in codes for codes in findings),
            sum(codes.count("T301") for codes in findings))


def sentence_files(data: Path, folder: Path) -> list[Path]:
    texts = []
    with (data / "strength" / "yu2019_pubmed_conclusions.csv").open(encoding="utf-8") as handle:
        texts += [row["sentence"] for row in csv.DictReader(handle)]
    with (data / "exaggeration" / "insciout_train.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            pair = json.loads(line)
            texts += [pair["press_release_conclusion"], pair["abstract_conclusion"]]
    with (data / "references" / "train.jsonl").open(encoding="utf-8") as handle:
        texts += [" ".join(text for _, text in json.loads(line)["segments"]) for line in handle]
    paths = []
    for number in range(0, len(texts), 100):  # a hundred sentences a file: a page of prose
        path = folder / f"sentences-{number:05d}.txt"
        path.write_text("\n\n".join(" ".join(t.split()) for t in texts[number:number + 100]) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--baseline", action="append", default=None,
                        help=f"git revision to compare with (repeatable; default {DEFAULT_BASELINE})")
    args = parser.parse_args()
    truth_file = args.data / "articles" / "truth.json"
    if not truth_file.exists():
        print(f"no data: {truth_file} is absent (a clone of this repository alone does not have it)")
        return 2
    truth = json.loads(truth_file.read_text(encoding="utf-8"))["articles"]
    pages = [(args.data / "articles" / a["file"]).resolve() for a in truth]
    positives = [Path(a["file"]).name for a in truth if spun(a)]
    negatives = [Path(a["file"]).name for a in truth if not spun(a)]
    with tempfile.TemporaryDirectory() as scratch:
        sentences = sentence_files(args.data, Path(scratch))
        runs = {"verifier": (audit(None, pages), audit(None, sentences))}
        for revision in args.baseline or [DEFAULT_BASELINE]:
            with baseline_checkout(revision) as old:
                runs[revision] = (audit(old, pages), audit(old, sentences))
        names = [p.name for p in sentences]
        print("| version | spun pages with T302 (in-sample) | spun pages with a T301 | other pages with T302 "
              "| other pages with a T301 (T301 findings) | Yu, InSciOut and reference strings: T301 findings |")
        print("|---|---|---|---|---|---|")
        for who, (page_reports, sentence_reports) in runs.items():
            p302, p301, _ = counts(page_reports, positives)
            n302, n301, n301_all = counts(page_reports, negatives)
            _, _, s301 = counts(sentence_reports, names)
            print(f"| {who} | {p302}/{len(positives)} | {p301}/{len(positives)} | {n302}/{len(negatives)} "
                  f"| {n301}/{len(negatives)} ({n301_all}) | {s301} (in {len(names)} files of 100) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
