"""Accuracy of claim strength, exaggeration and the S2xx rules, each beside a baseline.

    python bench/accuracy/run.py [--data ../shared/data]

Reads the public labelled data in ../shared/data (never copied into this repository) and our
own labelled claims in bench/accuracy/claims_labelled.yaml; prints a Markdown table.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from verifier.checks.claims import ClaimContext, check_claim
from verifier.citations import find_citations
from verifier.claims import extract_claims
from verifier.design import design_from_record
from verifier.ingest import line_starts
from verifier.language import CueKind, compare, strength
from verifier.models import Article, Record, StudyDesign
from verifier.parse import parse_pubmed_xml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# Our 0-3 scale (1 hedged, 2 associational) against Yu et al.'s (1 correlational, 2 conditional).
OURS_TO_YU = {0: 0, 1: 2, 2: 1, 3: 3}
EVALUATED = ("S201", "S202", "S203", "S204", "S205", "S206", "S207", "S208", "S209", "S211")


def macro_f1(gold: Sequence[Any], predicted: Sequence[Any], labels: Sequence[Any]) -> float:
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores)


def modal_baseline(sentence: str) -> int:
    """A keyword baseline on Yu's scale: may/might/could -> 2, associated/correlated -> 1, else 3."""
    lower = sentence.casefold()
    if any(w in lower.split() for w in ("may", "might", "could")):
        return 2
    if any(w in lower for w in ("associat", "correlat", "linked")):
        return 1
    return 3


def strength_bench(data: Path) -> list[str]:
    with (data / "strength" / "yu2019_pubmed_conclusions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    gold = [int(r["label"]) for r in rows]
    started = time.perf_counter()
    ours = [OURS_TO_YU[strength(r["sentence"])[0]] for r in rows]
    per_second = len(rows) / (time.perf_counter() - started)
    labels = [0, 1, 2, 3]
    majority = [Counter(gold).most_common(1)[0][0]] * len(gold)
    modal = [modal_baseline(r["sentence"]) for r in rows]
    halves = {"all": slice(None), "dev (even rows)": slice(0, None, 2), "held-out (odd rows)": slice(1, None, 2)}
    lines = []
    for name, part in halves.items():
        lines.append(f"| strength macro-F1, Yu 2019, {name} ({len(gold[part])}) | "
                     f"{macro_f1(gold[part], ours[part], labels):.3f} | "
                     f"majority {macro_f1(gold[part], majority[part], labels):.3f}; "
                     f"modal-verb keywords {macro_f1(gold[part], modal[part], labels):.3f} | >= 0.75 |")
    lines.append(f"| strength speed | {per_second:,.0f} sentences/s | - | thousands of lines |")
    return lines


def exaggeration_bench(data: Path) -> list[str]:
    with (data / "exaggeration" / "insciout_train.jsonl").open(encoding="utf-8") as handle:
        pairs = [json.loads(line) for line in handle if line.strip()]
    gold = [p["exaggeration_label"] for p in pairs]
    ours = [compare(p["press_release_conclusion"], p["abstract_conclusion"]) for p in pairs]
    labels = ["same", "exaggerates", "downplays"]
    majority = [Counter(gold).most_common(1)[0][0]] * len(gold)

    def oracle(pair: dict[str, Any]) -> str:
        """The same comparison on the annotators' own strengths: the ceiling of the method."""
        claim, source = pair["press_release_strength"], pair["abstract_strength"]
        return "exaggerates" if claim > source else "downplays" if claim < source else "same"

    ceiling = [oracle(p) for p in pairs]
    strengths_gold = [p["press_release_strength"] for p in pairs] + [p["abstract_strength"] for p in pairs]
    strengths_ours = [OURS_TO_YU[strength(p[key])[0]]
                      for key in ("press_release_conclusion", "abstract_conclusion") for p in pairs]
    return [
        f"| exaggeration macro-F1, InSciOut ({len(pairs)} pairs) | {macro_f1(gold, ours, labels):.3f} | "
        f"majority {macro_f1(gold, majority, labels):.3f}; gold strengths compared "
        f"{macro_f1(gold, ceiling, labels):.3f} (ceiling) | >= 0.55 |",
        f"| strength macro-F1 on those {len(strengths_gold)} sentences | "
        f"{macro_f1(strengths_gold, strengths_ours, [0, 1, 2, 3]):.3f} | - | - |",
    ]


def _article(text: str) -> Article:
    starts = line_starts(text)
    return Article(path="bench", text=text, line_starts=starts, source_lines=tuple(range(1, len(starts) + 1)))


def _records() -> dict[str, Record]:
    xml = (ROOT / "cassettes" / "reconstructed" / "islam2023.xml").read_bytes()
    return {"islam2023": parse_pubmed_xml(xml)[0]}


DEFINITIONS = ("Mesenchymal stem cells (MSCs), human umbilical cord MSCs (HUC-MSCs) and platelet-rich "
               "plasma (PRP) are studied.")


def predicted_codes(item: dict[str, Any], spec: dict[str, Any], records: dict[str, Record],
                    rules: Callable[[ClaimContext], set[str]]) -> set[str]:
    text = f"{DEFINITIONS}\n{item['sentence']}\nSource: Author A. {spec['title']}. J Test. 2020;1(1):1-2.\n"
    article = _article(text)
    claims = [c for c in extract_claims(article, find_citations(article)) if c.text == item["sentence"]]
    if not claims:
        return set()
    record = records.get(spec.get("record", ""))
    design = design_from_record(record) if record else StudyDesign.model_validate(spec["design"])
    ctx = ClaimContext(claim=claims[0], citation_id="c1", label="the cited study", design=design, record=record)
    return rules(ctx) & set(EVALUATED)


def ours(ctx: ClaimContext) -> set[str]:
    return {f.code for f in check_claim(ctx)}


def design_blind(ctx: ClaimContext) -> set[str]:
    """A promotional-language checker that does not read the study: flags the words alone."""
    claim, codes = ctx.claim, set()
    if ctx.cue(CueKind.hype):
        codes.add("S209")
    if ctx.cue(CueKind.safety_absolute):
        codes.add("S205")
    if ctx.cue(CueKind.comparative) and claim.strength == 3:
        codes.add("S204")
    if claim.strength == 3 and not codes:
        codes.add("S201")
    return codes


def rules_bench(name: str) -> list[str]:
    labelled = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))
    records = _records()
    lines = []
    for label, rules in (("verifier", ours), ("design-blind keyword flagger", design_blind)):
        tp = fp = fn = 0
        for item in labelled["items"]:
            expected = set(item["expected"])
            got = predicted_codes(item, labelled["designs"][item["design"]], records, rules)
            tp, fp, fn = tp + len(got & expected), fp + len(got - expected), fn + len(expected - got)
        precision, recall = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
        lines.append((label, precision, recall, tp, fp, fn))
    ours_row, base_row = lines
    return [f"| S2xx, {name} ({len(labelled['items'])} claims): precision / recall | "
            f"{ours_row[1]:.2f} / {ours_row[2]:.2f} (tp {ours_row[3]}, fp {ours_row[4]}, fn {ours_row[5]}) | "
            f"design-blind keyword flagger {base_row[1]:.2f} / {base_row[2]:.2f} | >= 0.80 at recall >= 0.70 |"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="the shared labelled data (default ../shared/data)")
    args = parser.parse_args()
    if not (args.data / "strength").is_dir():
        print(f"bench/accuracy: no labelled data at {args.data} (pass --data)", file=sys.stderr)
        return 2
    print("| measure | verifier | baseline (same run) | target |")
    print("|---|---|---|---|")
    for line in [*strength_bench(args.data), *exaggeration_bench(args.data),
                 *rules_bench("claims_labelled.yaml"), *rules_bench("claims_heldout.yaml")]:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
