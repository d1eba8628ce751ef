"""References: correct citations from real records, and reference finding on real articles.

    python bench/citations/run.py [--data ../shared/data] [--baseline aee4371] [--part records|articles]

(a) For every record in DATA/pubmed (efetch XML and MEDLINE files, parsed by the project's
parser; files it cannot parse are counted and skipped) a correct citation is printed in NLM,
Vancouver, AMA, APA and Nature styles and audited against that record: any C1xx finding is a
false error. Then each single-field mutation is audited: it must be caught on its own rule.
(b) On DATA/articles (truth.json), references found, spurious references and the printed
fields, scored as DATA/articles/README.md describes, on a dev half and a held-out half.
Every figure is printed beside the baseline revision's, run in the same invocation.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(HERE))

from baseline import DEFAULT_BASELINE, baseline_checkout  # noqa: E402
from judge import judge  # noqa: E402
from styles import MUTATIONS, STYLES, printable  # noqa: E402

from verifier.errors import InputError  # noqa: E402
from verifier.evidence import read_records_file  # noqa: E402
from verifier.models import Record  # noqa: E402


def load_records(folder: Path) -> tuple[list[tuple[str, Record]], list[str]]:
    found: list[tuple[str, Record]] = []
    skipped: list[str] = []
    files = sorted(folder.glob("efetch/**/*.xml")) + sorted(folder.glob("medline/*"))
    for path in files:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                records = read_records_file(str(path))
        except InputError:
            skipped.append(path.name)
            continue
        if not records:
            skipped.append(path.name)
        found.extend((str(path), r) for r in records)
    return found, skipped


def record_tasks(records: list[tuple[str, Record]]) -> list[dict[str, Any]]:
    tasks = []
    for path, record in records:
        if not record.title:
            continue
        base = printable(record)
        for style, render in STYLES.items():
            tasks.append({"file": path, "pmid": record.pmid, "style": style, "mutation": None,
                          "text": f"References\n1. {render(base)}\n"})
            for name, (_, mutate) in MUTATIONS.items():
                changed = mutate(base, record)
                if changed is not None:
                    tasks.append({"file": path, "pmid": record.pmid, "style": style,
                                  "mutation": name, "text": f"References\n1. {render(changed)}\n"})
    return tasks


def record_table(tasks: list[dict[str, Any]], results: dict[str, list[dict[str, Any]]]) -> list[str]:
    lines = ["| style | version | correct citations with a C1xx finding | "
             + " | ".join(f"{m} ({MUTATIONS[m][0]})" for m in MUTATIONS) + " |",
             "|---|---|---|" + "---|" * len(MUTATIONS)]
    for style in [*STYLES, "all"]:
        for version, outcome in results.items():
            mine = [(t, r) for t, r in zip(tasks, outcome, strict=True)
                    if style in ("all", t["style"])]
            correct = [r for t, r in mine if t["mutation"] is None]
            false = sum(1 for r in correct if r["codes"])
            cells = [f"{false}/{len(correct)} ({false / max(1, len(correct)):.1%})"]
            for name, (code, _) in MUTATIONS.items():
                done = [r for t, r in mine if t["mutation"] == name]
                caught = sum(1 for r in done if code in r["codes"])
                cells.append(f"{caught / max(1, len(done)):.1%} ({caught}/{len(done)})")
            lines.append(f"| {style} | {version} | " + " | ".join(cells) + " |")
    return lines


def false_error_kinds(tasks: list[dict[str, Any]], outcome: list[dict[str, Any]]) -> list[str]:
    counts: Counter[str] = Counter()
    for task, result in zip(tasks, outcome, strict=True):
        if task["mutation"] is None:
            counts.update(set(result["codes"]))
    return [f"{code}: {n}" for code, n in sorted(counts.items())]


def records_part(data: Path, revision: str, show: int) -> None:
    records, skipped = load_records(data / "pubmed")
    tasks = record_tasks(records)
    print(f"## (a) correct citations from {len(records)} real records "
          f"({len(skipped)} files skipped: {', '.join(skipped) or 'none'})\n")
    payload = [{k: t[k] for k in ("file", "pmid", "text")} for t in tasks]
    current = judge(payload)
    with baseline_checkout(revision) as old:
        before = json.loads(old.python((HERE / "judge.py").read_text(encoding="utf-8"),
                                       stdin=json.dumps(payload)))
    print("\n".join(record_table(tasks, {"current": current, f"baseline {revision}": before})))
    print(f"\nfalse C1xx on correct citations, by code: current {false_error_kinds(tasks, current)}; "
          f"baseline {false_error_kinds(tasks, before)}")
    for name, (code, _) in MUTATIONS.items():
        elsewhere: Counter[str] = Counter()
        for task, result in zip(tasks, current, strict=True):
            if task["mutation"] == name and code not in result["codes"]:
                elsewhere.update(result["codes"] or ["nothing"])
        if elsewhere:
            print(f"current, {name} mutations not on {code}: caught as {dict(sorted(elsewhere.items()))}")
    shown = 0
    for task, result in zip(tasks, current, strict=True):
        if shown < show and task["mutation"] is None and result["codes"]:
            print(f"  {task['style']} {task['pmid']}: {task['text'].splitlines()[1][:160]}\n"
                  f"    -> {result['messages']}")
            shown += 1
    missed: defaultdict[str, int] = defaultdict(int)
    for task, result in zip(tasks, current, strict=True):
        name = task["mutation"]
        if name and MUTATIONS[name][0] not in result["codes"] and missed[name] < show:
            missed[name] += 1
            print(f"  missed {name} {task['style']} {task['pmid']}: "
                  f"{task['text'].splitlines()[1][:140]} -> {result['codes']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--baseline", default=DEFAULT_BASELINE)
    parser.add_argument("--part", choices=("records", "articles", "all"), default="all")
    parser.add_argument("--show", type=int, default=0, help="print up to N failures of each kind")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"no data at {args.data}: this benchmark reads ../shared/data (--data DIR)")
        return 2
    if args.part in ("records", "all"):
        records_part(args.data, args.baseline, args.show)
    if args.part in ("articles", "all"):
        from articles import articles_part

        articles_part(args.data, args.baseline)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
