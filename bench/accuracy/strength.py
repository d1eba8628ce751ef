"""Claim strength and exaggeration: the shipped model beside the lexicon and simple baselines.

    python bench/accuracy/strength.py [--data ../shared/data] [--baseline aee4371] [--no-cv]

Reads ../shared/data (never copied into this repository):
  strength/yu2019_pubmed_conclusions.csv: dev = even data rows (the model is trained on them:
    in-sample), held-out = odd rows (never read by the training script);
  exaggeration/insciout_train.jsonl: 100 press-release/abstract pairs, measurement only (nothing
    is trained or tuned on them).
Every figure is macro-F1 on Yu et al.'s scale (0 none, 1 correlational, 2 conditional causal,
3 direct causal); our 0-3 scale is mapped onto it with OURS_TO_YU. Columns, all from this run:
verifier's strength(); the model's own label (no scale rules); the lexicon path alone
(`lexicon_strength`, this branch's cue tables); the code of an earlier revision (bench/baseline.py,
default aee4371, before the model); a modal-verb keyword rule; the majority class of the measured set.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from baseline import DEFAULT_BASELINE, baseline_checkout
from scoring import macro_f1, modal_keywords

from verifier.language import find_cues, lexicon_strength, strength
from verifier.strength_model import features, shipped_model

ROOT = Path(__file__).resolve().parents[2]
OURS_TO_YU = {0: 0, 1: 2, 2: 1, 3: 3}
LABELS = (0, 1, 2, 3)
VERDICTS = ("same", "exaggerates", "downplays")
OLD_CODE = ("import json, sys\nfrom verifier.language import strength\n"
            "print(json.dumps([strength(s)[0] for s in json.load(sys.stdin)]))")
Scorer = Callable[[list[str]], list[int]]


def verdict(claim: int, source: int) -> str:
    return "exaggerates" if claim > source else "downplays" if claim < source else "same"


def verdicts(claims: list[int], sources: list[int]) -> list[str]:
    return [verdict(a, b) for a, b in zip(claims, sources, strict=True)]


def ours(sentences: list[str]) -> list[int]:
    return [OURS_TO_YU[strength(s)[0]] for s in sentences]


def model_alone(sentences: list[str]) -> list[int]:
    """The model's own label on Yu's scale, before the scale rules and the no-claim rules."""
    found = []
    for s in sentences:
        cues = find_cues(s)
        found.append(shipped_model().predict(features(s, cues, lexicon_strength(s, cues))).label)
    return found


def lexicon(sentences: list[str]) -> list[int]:
    return [OURS_TO_YU[lexicon_strength(s, find_cues(s))] for s in sentences]


def old_code(old: Any) -> Scorer:
    def score(sentences: list[str]) -> list[int]:
        return [OURS_TO_YU[int(v)] for v in json.loads(old.python(OLD_CODE, stdin=json.dumps(sentences)))]
    return score


def keywords(sentences: list[str]) -> list[int]:
    return [modal_keywords(s) for s in sentences]


def load(data: Path) -> tuple[list[tuple[str, int]], list[dict[str, Any]]]:
    with (data / "strength" / "yu2019_pubmed_conclusions.csv").open(encoding="utf-8") as handle:
        rows = [(r["sentence"], int(r["label"])) for r in csv.DictReader(handle)]
    with (data / "exaggeration" / "insciout_train.jsonl").open(encoding="utf-8") as handle:
        pairs = [json.loads(line) for line in handle if line.strip()]
    return rows, pairs


def cross_validated_dev(data: Path) -> str:
    """The training script's 5-fold figure on the dev rows (needs the `train` extra)."""
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "train_strength_model.py"), "--data", str(data),
                           "--cv-only"], capture_output=True, text=True, check=False)
    if done.returncode:
        return f"n/a ({done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'failed'})"
    return done.stdout.strip().splitlines()[-1]


def table(data: Path, revision: str, with_cv: bool) -> list[str]:
    rows, pairs = load(data)
    sets: dict[str, tuple[list[str], list[int]]] = {
        f"Yu 2019 dev, even rows ({len(rows[0::2])}; model trained here: in-sample)":
            ([s for s, _ in rows[0::2]], [g for _, g in rows[0::2]]),
        f"Yu 2019 held-out, odd rows ({len(rows[1::2])})": ([s for s, _ in rows[1::2]], [g for _, g in rows[1::2]]),
        f"InSciOut press-release sentences ({len(pairs)})":
            ([p["press_release_conclusion"] for p in pairs], [p["press_release_strength"] for p in pairs]),
        f"InSciOut abstract sentences ({len(pairs)})":
            ([p["abstract_conclusion"] for p in pairs], [p["abstract_strength"] for p in pairs]),
    }
    targets = {1: ">= 0.80", 2: ">= 0.80", 3: ""}
    with baseline_checkout(revision) as old:
        scorers: dict[str, Scorer] = {"verifier": ours, "model alone": model_alone, "lexicon path": lexicon,
                                      f"{revision} code": old_code(old), "modal keywords": keywords}
        predictions = {name: {key: scorer(s) for key, (s, _) in sets.items()} for name, scorer in scorers.items()}
    lines = ["| measure (macro-F1) | " + " | ".join(scorers) + " | majority class | target |",
             "|---" * (len(scorers) + 3) + "|"]
    for index, (key, (_, gold)) in enumerate(sets.items()):
        majority = [Counter(gold).most_common(1)[0][0]] * len(gold)
        cells = [f"{macro_f1(gold, predictions[name][key], LABELS):.3f}" for name in scorers]
        lines.append(f"| strength, {key} | " + " | ".join(cells) +
                     f" | {macro_f1(gold, majority, LABELS):.3f} | {targets.get(index, '')} |")
    press, abstract = list(sets)[2], list(sets)[3]
    gold_verdicts = [p["exaggeration_label"] for p in pairs]
    cells = [f"{macro_f1(gold_verdicts, verdicts(predictions[n][press], predictions[n][abstract]), VERDICTS):.3f}"
             for n in scorers]
    majority = [Counter(gold_verdicts).most_common(1)[0][0]] * len(pairs)
    lines.append(f"| exaggeration, InSciOut ({len(pairs)} pairs; verdict from the two strengths) | "
                 + " | ".join(cells) + f" | {macro_f1(gold_verdicts, majority, VERDICTS):.3f} | >= 0.60 |")
    lines.append(speed_row([s for s, _ in rows], len(scorers)))
    if with_cv:
        lines.append(f"\nModel, 5-fold cross-validation on the dev rows (in-sample): {cross_validated_dev(data)}")
    return lines


def speed_row(sentences: list[str], columns: int) -> str:
    cells = []
    for scorer in (ours, model_alone, lexicon):
        started = time.perf_counter()
        scorer(sentences)
        cells.append(f"{len(sentences) / (time.perf_counter() - started):,.0f}/s")
    return "| speed, sentences per second (one core, 3,061 Yu sentences) | " + " | ".join(cells) + \
        " | -" * (columns - 3) + " | - | thousands/s |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="the shared labelled data (default ../shared/data)")
    parser.add_argument("--baseline", default=DEFAULT_BASELINE, help="revision run as the baseline")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validated dev figure")
    args = parser.parse_args()
    if not (args.data / "strength" / "yu2019_pubmed_conclusions.csv").is_file() or \
            not (args.data / "exaggeration" / "insciout_train.jsonl").is_file():
        print(f"bench/accuracy/strength.py: no labelled data at {args.data} (pass --data DIR)", file=sys.stderr)
        return 2
    for line in table(args.data, args.baseline, not args.no_cv):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
