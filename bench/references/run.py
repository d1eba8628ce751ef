"""Reference-string parsing accuracy per field, beside the baseline (main's parse_reference at
bench/baseline.py's revision, run in the same invocation).

    python bench/references/run.py [--data ../shared/data] [--baseline aee4371]

Reads ../shared/data/references/train.jsonl (labelled strings, split by verifier.references.data.
split_of: the held-out fifth is never trained or tuned on; the dev part is what the model was
trained on, so its figures are IN-SAMPLE) and ../shared/data/articles/truth.json (reference
strings from real pages, split into the dev and held-out halves of bench/splits.py, and the
pages held out of both splits: the dev half was looked at while building, so its figures are
IN-SAMPLE). Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from baseline import DEFAULT_BASELINE, baseline_checkout
from splits import NEVER_TUNED_ON, references_split, with_never_tuned_on

from verifier.references import parse
from verifier.references.authors import parse_authors
from verifier.references.data import Labelled, read_labelled, split_of

FIELDS = ("first_author", "year", "volume", "first_page", "title", "journal")
BIOMEDICAL = re.compile(r"med|clin|cancer|neuro|immun|pharm|health|genet|cell|lancet|bmj|jama|plos|bmc|"
                        r"biol|chem|physiol|endocrin|cardio|pediatr|nutr|epidemiol|psychiatr|surg|"
                        r"infect|diabet|nurs|vet|oncol|pathol|microbio|virol|hepat|gastro|nephro|dermat", re.I)
BASELINE_CODE = """
import json, sys
from verifier.citations import parse_reference
for line in sys.stdin:
    f = parse_reference(json.loads(line))
    print(json.dumps({"first_author": f.authors[0].last_name if f.authors else None, "year": f.year,
                      "volume": f.volume, "pages": f.pages, "title": f.title, "journal": f.journal}))
"""


def fold(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def first_number(text: str | None) -> str:
    match = re.search(r"[A-Za-z]{0,4}\d[\w]*", re.sub(r"^\s*(?:pp?\.|pages?)\s*", "", text or "", flags=re.I))
    return match.group(0).casefold() if match else ""


def gold_of(item: Labelled) -> dict[str, Any]:
    author = item.segment("author")
    names = parse_authors(author)[0] if author else ()
    date = re.search(r"(?<!\d)((?:1[5-9]|20)\d\d)(?!\d)", item.segment("date") or "")
    volume = re.sub(r"^\s*(?:1[5-9]|20)\d\d\s*[;:,]\s*", "", item.segment("volume") or "")
    volume = re.sub(r"^\s*vol(?:ume)?\.?\s*", "", volume, flags=re.I)
    return {"first_author": names[0].last_name if names else None, "year": int(date.group(1)) if date else None,
            "volume": first_number(volume) or None, "first_page": first_number(item.segment("pages")) or None,
            "title": item.segment("title"), "journal": item.segment("journal")}


def is_biomedical(item: Labelled, gold: dict[str, Any]) -> bool:
    journal = gold["journal"]
    return bool(journal and BIOMEDICAL.search(journal) and all(gold[f] for f in
                ("first_author", "year", "volume", "title")) and 20 <= len(item.raw) <= 1000)


def correct(field: str, gold: Any, predicted: dict[str, Any]) -> bool:
    if field == "first_author":
        return fold(predicted["first_author"]) == fold(gold)
    if field == "year":
        return predicted["year"] == gold
    if field == "volume":
        return first_number(predicted["volume"]) == gold
    if field == "first_page":
        return first_number((predicted["pages"] or "").split("-")[0]) == gold
    if field == "title":
        return fuzz.ratio(fold(predicted["title"]), fold(gold)) >= 90
    return fold(predicted["journal"]) == fold(gold)


def ours(text: str) -> dict[str, Any]:
    f = parse(text)
    return {"first_author": f.authors[0].last_name if f.authors else None, "year": f.year, "volume": f.volume,
            "pages": f.pages, "title": f.title, "journal": f.journal}


def score(golds: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> dict[str, float]:
    result: dict[str, float] = {}
    for field in FIELDS:
        pairs = [(g[field], p) for g, p in zip(golds, predictions, strict=True) if g[field] is not None]
        result[field] = sum(correct(field, g, p) for g, p in pairs) / len(pairs) if pairs else float("nan")
    result["fully_right"] = sum(all(correct(f, g[f], p) for f in FIELDS if g[f] is not None)
                                for g, p in zip(golds, predictions, strict=True)) / max(len(golds), 1)
    return result


def table(title: str, rows: list[tuple[str, int, dict[str, float]]]) -> str:
    lines = [f"### {title}", "", "| set | n | " + " | ".join(FIELDS) + " | fully right |",
             "|---|---|" + "---|" * (len(FIELDS) + 1)]
    for name, n, scores in rows:
        lines.append(f"| {name} | {n:,} | " + " | ".join(f"{scores[f]:.3f}" for f in (*FIELDS, "fully_right"))
                     + " |")
    return "\n".join(lines)


def truth_references(data: Path, half: str | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """The scored references of the real pages; of one part only when `half` is 'dev', 'held-out'
    (the references split of bench/splits.py) or the pages held out of both splits."""
    truth = json.loads((data / "articles" / "truth.json").read_text(encoding="utf-8"))
    articles = truth["articles"]
    if half is not None:
        articles = with_never_tuned_on(references_split(articles), articles)[half]
    texts, golds = [], []
    for article in articles:
        for reference in article.get("references", []):
            if not reference.get("scored"):
                continue
            texts.append(reference["text"])
            golds.append({"first_author": reference.get("first_author"), "year": reference.get("year"),
                          "volume": first_number(reference.get("volume")) or None,
                          "first_page": first_number(reference.get("pages")) or None,
                          "title": reference.get("title"), "journal": reference.get("journal")})
    return texts, golds


def timed(function: Callable[[str], dict[str, Any]], texts: list[str]) -> tuple[list[dict[str, Any]], float]:
    started = time.perf_counter()
    results = [function(t) for t in texts]
    return results, len(texts) / max(time.perf_counter() - started, 1e-9)


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--data", type=Path, default=Path("../shared/data"))
    options.add_argument("--baseline", default=DEFAULT_BASELINE)
    args = options.parse_args()
    labelled_path = args.data / "references" / "train.jsonl"
    if not labelled_path.exists():
        print(f"no labelled data at {labelled_path}: the benchmark needs ../shared/data (not in a clone)")
        return 2
    items = list(read_labelled(labelled_path))
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for item in items:
        gold = gold_of(item)
        split = split_of(item.raw)
        groups.setdefault(split, []).append((item.raw, gold))
        if is_biomedical(item, gold):
            groups.setdefault(f"{split} biomedical", []).append((item.raw, gold))
    texts_truth, _ = truth_references(args.data) if (args.data / "articles" / "truth.json").exists() \
        else ([], [])
    all_texts = [t for rows in groups.values() for t, _ in rows] + texts_truth
    with baseline_checkout(args.baseline) as old:
        started = time.perf_counter()
        output = old.python(BASELINE_CODE, stdin="".join(json.dumps(t) + "\n" for t in all_texts))
        baseline_rate = len(all_texts) / (time.perf_counter() - started)
    baseline_results = iter([json.loads(line) for line in output.splitlines()])
    baseline_by_text = {t: next(baseline_results) for t in all_texts}
    rows: list[tuple[str, int, dict[str, float]]] = []
    rate = 0.0
    order = ["held-out biomedical", "held-out", "dev biomedical", "dev"]
    for name in order:
        texts = [t for t, _ in groups.get(name, [])]
        golds = [g for _, g in groups.get(name, [])]
        predictions, speed = timed(ours, texts)
        rate = max(rate, speed)
        label = name + (" (IN-SAMPLE)" if name.startswith("dev") else "")
        rows.append((f"{label}: CRF", len(texts), score(golds, predictions)))
        rows.append((f"{label}: baseline", len(texts), score(golds, [baseline_by_text[t] for t in texts])))
    print("split: sha256 of the folded string, one in five held out (verifier.references.data.split_of); "
          "biomedical = journal matches a biomedical keyword and first author, year, volume and title are labelled; "
          "gold first author = the labelled author segment through the same name splitter")
    print()
    print(table("Labelled reference strings (train.jsonl, hash split)", rows))
    if texts_truth:
        real_rows: list[tuple[str, int, dict[str, float]]] = []
        for half in ("dev", "held-out", NEVER_TUNED_ON, None):
            texts, golds = truth_references(args.data, half)
            name = {"dev": "dev pages (IN-SAMPLE)", "held-out": "held-out pages", None: "all 50 pages",
                    NEVER_TUNED_ON: "pages held out of both splits"}[half]
            real_rows.append((f"{name}: CRF", len(texts), score(golds, timed(ours, texts)[0])))
            real_rows.append((f"{name}: baseline", len(texts), score(golds, [baseline_by_text[t] for t in texts])))
        print()
        print(table("Real pages (articles/truth.json, scored references; pages split as "
                    "bench/splits.py)", real_rows))
    print(f"\nspeed: CRF {rate:,.0f} refs/s (one process, features + tagging + fields); "
          f"baseline {baseline_rate:,.0f} refs/s (including its start-up)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
