"""(b) Reference finding on real articles, scored as ../shared/data/articles/README.md describes.

The 50 articles are split once, deterministically: sorted by number of truth references
(descending) then slug, even positions are the dev half (looked at while building), odd
positions the held-out half (only measured); the split is bench/splits.py's. The pages held out of this split
and of bench/claims' one are scored on their own as well: no stage was tuned on them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from baseline import baseline_checkout
from splits import references_split, with_never_tuned_on

from verifier.checks.normalise import fold

ROOT = Path(__file__).resolve().parents[2]
FIELDS = ("first_author", "year", "journal", "volume", "first_page")


def _words(text: str) -> list[str]:
    return fold(text).split()


def _overlap(a: str, b: str) -> float:
    x, y = _words(a), _words(b)
    if len(x) < 6 or not y:
        return 0.0
    common = len(set(x) & set(y))
    return common / min(len(set(x)), len(set(y)))


def _tool_ids(c: dict[str, Any]) -> set[str]:
    ids = set()
    if c.get("pmid"):
        ids.add(f"pmid:{c['pmid']}")
    if c.get("doi"):
        ids.add(f"doi:{c['doi'].lower()}")
    if c.get("pmcid"):
        ids.add(f"pmcid:{c['pmcid'].upper()}")
    return ids


def _truth_ids(ref: dict[str, Any]) -> set[str]:
    out = set()
    for value in ref.get("ids") or []:
        kind, _, v = value.partition(":")
        out.add(f"{kind}:{v.lower() if kind == 'doi' else v.upper() if kind == 'pmcid' else v}")
    return out


def _surname(author: str) -> str:
    parts = author.split()
    if len(parts) > 1 and re.fullmatch(r"[A-Z\-]{1,4}", parts[-1]):
        parts = parts[:-1]
    return " ".join(parts)


def _tool_value(c: dict[str, Any], field: str) -> str | None:
    f = c.get("fields") or {}
    if field == "first_author":
        return _surname(f["authors"][0]) if f.get("authors") else None
    if field == "first_page":
        return re.split(r"[-–]", f["pages"])[0] if f.get("pages") else None
    value = f.get(field)
    return None if value is None else str(value)


def _truth_value(ref: dict[str, Any], field: str) -> str | None:
    if field == "first_page":
        return re.split(r"[-–]", str(ref["pages"]))[0] if ref.get("pages") else None
    value = ref.get(field)
    return None if value is None else str(value)


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and fold(a) == fold(b)


def score(truth: list[dict[str, Any]], report: dict[str, Any]) -> dict[str, list[int]]:
    by_path = {Path(a["path"]).name: a for a in report["articles"]}
    totals = {k: [0, 0] for k in ("found", "spurious", *FIELDS, "all 5")}
    for article in truth:
        citations = by_path.get(article["file"], {}).get("citations", [])
        ids_printed = {f"{k}:{v.lower() if k == 'doi' else v}" for k, vs in article["ids"].items() for v in vs}
        matched: set[int] = set()
        for ref in article["references"]:
            options = [i for i, c in enumerate(citations)
                       if _tool_ids(c) & _truth_ids(ref) or _overlap(c["printed"], ref["text"]) >= 0.6]
            matched |= set(options)
            best = max(options, key=lambda i: (bool(_tool_ids(citations[i]) & _truth_ids(ref)),
                                               _overlap(citations[i]["printed"], ref["text"]),
                                               sum(_tool_value(citations[i], f) is not None for f in FIELDS)),
                       default=None)  # its own ids, else the closest text (two papers of one team share words)
            totals["found"][0] += best is not None
            totals["found"][1] += 1
            right = []
            for field in FIELDS:
                want = _truth_value(ref, field)
                if want is None:
                    continue
                ok = best is not None and _same(_tool_value(citations[best], field), want)
                totals[field][0] += ok
                totals[field][1] += 1
                right.append(ok)
            if len(right) == len(FIELDS):
                totals["all 5"][0] += all(right)
                totals["all 5"][1] += 1
        for i, c in enumerate(citations):
            if i not in matched and not (_tool_ids(c) & ids_printed):
                totals["spurious"][0] += 1
    return totals


def _current_audit(paths: list[str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "verifier", "audit", *paths, "--offline", "--format", "json"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode > 1:
        raise RuntimeError(done.stderr[-500:])
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _cell(pair: list[int], count_only: bool = False) -> str:
    if count_only:
        return str(pair[0])
    return f"{pair[0] / pair[1]:.0%} ({pair[0]}/{pair[1]})" if pair[1] else "—"


def articles_part(data: Path, revision: str) -> None:
    folder = data / "articles"
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))["articles"]
    paths = [str((folder / a["file"]).resolve()) for a in truth]
    current = _current_audit(paths)
    with baseline_checkout(revision) as old:
        before = old.audit_json([*paths, "--offline"])
    print(f"\n## (b) references in {len(truth)} real articles (dev half looked at; held-out only measured)\n")
    print("| half | version | refs found | spurious refs | 1st author | year | journal | volume | 1st page | all 5 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for half, articles in with_never_tuned_on(references_split(truth), truth).items():
        for version, report in (("current", current), (f"baseline {revision}", before)):
            t = score(articles, report)
            cells = [_cell(t["found"]), _cell(t["spurious"], True)] + [_cell(t[f]) for f in (*FIELDS, "all 5")]
            print(f"| {half} ({len(articles)}) | {version} | " + " | ".join(cells) + " |")
