"""Claims on real pages: extraction (recall, precision), ties to the right citation, S210 on non-claims.

    python bench/claims/run.py [--data ../shared/data] [--baseline REV ...] [--misses]

Reads ../shared/data/articles/ (never copied into this repository) and its truth.json. The 50
articles are split by a hash of their slug into a dev half (tuned on) and a held-out half (only
measured until session 10; that session read the misses of the held-out pages that are dev pages of
the references split, so only the pages held out of both splits stay blind: bench/splits.py
claims_parts); every part and all pages are printed, each beside the baselines (the code at each
--baseline, default main at 16ccea1 and the round's start aee4371, run in the same run through bench/baseline.py with
`audit FILES --offline --format json`). `--misses` also lists what the current code gets wrong on
the dev half only (the held-out half is never listed, so it stays unseen while tuning).

Measures, per half:
- claims found: truth claims matched by a tool claim (word overlap, below);
- precision: share of tool claims that are not of a non-claim kind. The non-claim kinds are the
  documented rules in NON_CLAIM below (a question to the reader; a funding / licence / conflict /
  objective / methods / keywords line; a paper title or reference line = a sentence whose words
  are mostly a truth reference's text; site interface text), applied to every tool claim. A tool
  claim that matches a truth claim is never counted as a non-claim;
- linked to the right citation: over truth claims whose citations are reference keys or ids and
  which the tool found, the tool's citation_ids match the same references (strict: same set;
  lenient: any overlap), per tie kind; a tool citation matches a truth reference if they share an
  id or its printed string overlaps the reference text by >= 60% of the shorter (6+ words);
- recognised: truth claims resting on an unlisted marker, author-year or narrative mention that
  the tool gives any tie (citation or linked_by);
- a second extraction check (in-sample): the sentences of ../shared/data/claims/claims.yaml that
  are a claim when each is audited alone;
- uncited left alone: found truth claims with `citations: []` the tool gives no citation;
- S210 on non-claims: S210 findings whose claim is of a non-claim kind.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from baseline import DEFAULT_BASELINE, baseline_checkout
from splits import NEVER_TUNED_ON, READ_IN_SESSION_10, claims_parts

MAIN_BEFORE = "16ccea1"  # main when this round's claims work started

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WORD = re.compile(r"[a-z0-9]+")

# Documented rules for sentences that are not claims (see the module docstring).
NON_CLAIM: dict[str, re.Pattern[str]] = {
    "question": re.compile(r"\?\s*[\"”’)]?\s*$"),
    "funding/licence/disclosure": re.compile(
        r"\b(?:funded by|funding|grant (?:no|number)|supported by (?:a |the )?grants?|licen[cs]e[ds]?|"
        r"creative commons|copyright|©|all rights reserved|conflicts? of interest|competing interests?|"
        r"disclos\w+|declare[sd]? (?:no|that)|no potential conflict)\b", re.I),
    "objective/methods/keywords": re.compile(
        r"^\s*(?:objectives?|aims?|purpose|background|methods?|design|setting|keywords?|"
        r"study design|materials and methods|data sources?)\s*[:.\-–]", re.I),
    "aim": re.compile(r"^\s*(?:the|this|our) (?:aim|objective|purpose|goal)s? (?:of|was|is|were)\b", re.I),
    "site interface": re.compile(
        r"\b(?:cookies?|subscribe|sign (?:in|up)|log ?in|newsletter|share (?:this|on)|add to cart|"
        r"click here|read more|skip to|menu|download pdf|view (?:full text|article)|google scholar|"
        r"crossref|pubmed|similar articles|cited by|full[- ]text links|permalink)\b", re.I),
    "reference line": re.compile(
        r"^\s*(?:\[?\d{1,3}[.)\]]\s+)?[A-Z][\w'’\-]+,? (?:[A-Z]{1,3}\b|[A-Z]\.)[^.]{0,200}\.\s.*"
        r"(?:\b(?:19|20)\d{2}\b.*;|\bdoi\b|\d+\s*\(\d+\)\s*:)", re.I),
}


def words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def overlap(a: str, b: str) -> float:
    """Share of the shorter text's words found in the longer one."""
    wa, wb = set(words(a)), set(words(b))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def claim_match(truth: str, tool: str) -> bool:
    """Word overlap: most of the truth claim's words in the tool sentence, and the tool
    sentence not much longer than the claim (a whole paragraph is not a found claim)."""
    wt, ws = set(words(truth)), set(words(tool))
    if not wt or not ws:
        return False
    shared = len(wt & ws)
    return shared / len(wt) >= 0.6 and shared / len(ws) >= 0.5


def non_claim_kind(text: str, references: list[dict[str, Any]]) -> str | None:
    for kind, pattern in NON_CLAIM.items():
        if pattern.search(text):
            return kind
    for ref in references:
        for piece in [ref.get("title") or "", *ref["text"].split(" / ")]:
            if len(words(piece)) >= 5 and len(words(text)) >= 4 and overlap(text, piece) >= 0.8:
                return "paper title / reference line"
    return None


def ref_matches(citation: dict[str, Any], ref: dict[str, Any]) -> bool:
    ids = {f"{k}:{str(citation[k]).lower()}" for k in ("pmid", "doi", "pmcid") if citation.get(k)}
    if ids & {i.lower() for i in ref.get("ids", [])}:
        return True
    printed = citation.get("printed") or ""
    return len(words(printed)) >= 6 and overlap(printed, ref["text"]) >= 0.6


def truth_target(entry: str, article: dict[str, Any]) -> Callable[[dict[str, Any]], bool] | None:
    """A predicate on tool citations for a truth citation that names a paper, else None."""
    refs = {r["key"]: r for r in article["references"]}
    if entry in refs:
        ref = refs[entry]
        return lambda c: ref_matches(c, ref)
    kind, _, value = entry.partition(":")
    if kind in ("doi", "pmid", "pmcid") and value:
        wanted = value.lower()
        refs_with = [r for r in article["references"] if f"{kind}:{wanted}" in {i.lower() for i in r.get("ids", [])}]
        return lambda c: str(c.get(kind) or "").lower() == wanted or any(ref_matches(c, r) for r in refs_with)
    return None


class Tally:
    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def add(self, name: str, hit: bool) -> None:
        cell = self.counts[name]
        cell[0] += int(hit)
        cell[1] += 1

    def show(self, name: str) -> str:
        hit, total = self.counts.get(name, [0, 0])
        return f"{hit / total:.0%} ({hit}/{total})" if total else "—"


def score(articles: list[dict[str, Any]], reports: dict[str, dict[str, Any]]) -> Tally:
    tally = Tally()
    for article in articles:
        report = reports[article["file"]]
        claims = report["claims"]
        citations = {c["id"]: c for c in report["citations"]}
        matched_tool: set[str] = set()
        for truth in article["claims"]:
            found = next((c for c in claims if claim_match(truth["text"], c["text"])), None)
            tally.add("claims found", found is not None)
            tally.add(f"claims found: tie {truth['tie']}", found is not None)
            if found is None:
                continue
            matched_tool.add(found["id"])
            _score_tie(tally, article, truth, found, citations)
            _score_missing_reference(tally, truth, found, report)
        for claim in claims:
            kind = None if claim["id"] in matched_tool else non_claim_kind(claim["text"], article["references"])
            tally.add("precision (tool claims not of a non-claim kind)", kind is None)
            if kind:
                tally.add(f"non-claim kind: {kind}", True)
        by_id = {c["id"]: c for c in claims}
        for finding in report["findings"]:
            if finding["code"] != "S210":
                continue
            claim = by_id.get(finding.get("claim_id") or "")
            text = claim["text"] if claim else ""
            bad = claim is not None and claim["id"] not in matched_tool and \
                non_claim_kind(text, article["references"]) is not None
            tally.add("S210 findings", True)
            if bad:
                tally.add("S210 on non-claims", True)
    return tally


_UNLISTED = re.compile(r"^\[(?:\d+|\?)\]$|^author-year:")


def _score_missing_reference(tally: Tally, truth: dict[str, Any], found: dict[str, Any],
                             report: dict[str, Any]) -> None:
    """S219 (a cited reference the page does not print): raised on the claims that cite an
    unlisted marker or author-year, and on no claim whose sources the page prints or that cites
    nothing."""
    raised = any(f["code"] == "S219" and f.get("claim_id") == found["id"] for f in report["findings"])
    if any(_UNLISTED.match(entry) for entry in truth["citations"]):
        tally.add("S219 on claims citing an unlisted marker or author-year", raised)
    else:
        tally.add("S219 on claims citing only printed references, or nothing (false)", raised)


def _tied_strictly(targets: list[Any], tool: list[dict[str, Any]]) -> bool:
    """Every paper the truth cites among the tool's citations, and no other."""
    return (all(any(t(c) for c in tool) for t in targets if t)
            and all(any(t(c) for t in targets if t) for c in tool))


def _score_tie(tally: Tally, article: dict[str, Any], truth: dict[str, Any], found: dict[str, Any],
               citations: dict[str, dict[str, Any]]) -> None:
    tool_cites = [citations[i] for i in found["citation_ids"] if i in citations]
    if not truth["citations"]:
        tally.add("uncited left alone (of found)", not tool_cites)
        return
    targets = [truth_target(e, article) for e in truth["citations"]]
    if all(t is not None for t in targets):
        strict = _tied_strictly(targets, tool_cites)
        lenient = any(any(t(c) for c in tool_cites) for t in targets if t is not None)
        tally.add("linked to right citation, strict", strict)
        tally.add("linked to right citation, lenient", lenient)
        tally.add(f"linked strict: tie {truth['tie']}", strict)
        tally.add(f"linked lenient: tie {truth['tie']}", lenient)
    else:
        recognised = bool(tool_cites) or bool(found.get("linked_by"))
        tally.add("unlisted marker / author-year / narrative recognised", recognised)
        tally.add(f"recognised: tie {truth['tie']}", recognised)


def current_reports(files: list[Path]) -> dict[str, dict[str, Any]]:
    done = subprocess.run([sys.executable, "-m", "verifier", "audit", *map(str, files), "--offline",
                           "--format", "json"], cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode > 1:
        raise SystemExit(f"audit failed ({done.returncode}): {done.stderr.strip()[:300]}")
    return _by_file(json.loads(done.stdout))


def claims_alone(data: Path, scratch: Path) -> list[Path]:
    """Each claim of ../shared/data/claims/claims.yaml written to a file of its own (in a scratch
    folder, never in the repository), to be audited alone."""
    source = data / "claims" / "claims.yaml"
    if not source.exists():
        return []
    import yaml

    files = []
    for number, item in enumerate(yaml.safe_load(source.read_text(encoding="utf-8")) or []):
        path = scratch / f"claim-{number:03d}.txt"
        path.write_text(" ".join(str(item["claim"]).split()) + "\n", encoding="utf-8")
        files.append(path)
    return files


def _found_alone(reports: dict[str, dict[str, Any]], files: list[Path]) -> int:
    return sum(1 for f in files if reports.get(f.name, {}).get("claims"))


def _by_file(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {Path(a["path"]).name: a for a in report["articles"]}


def segmenter_speed(files: list[Path]) -> str:
    """Sentences per second of pysbd (used) and the old punctuation splitter, on every paragraph."""
    from verifier.claims import _punctuation_split, split_sentences

    paragraphs = [p for f in files for p in f.read_text(encoding="utf-8", errors="replace").split("\n") if p.strip()]
    timings = []
    for name, splitter in (("pysbd", split_sentences), ("punctuation regex (old)", _punctuation_split)):
        started = time.perf_counter()
        count = sum(1 for p in paragraphs for _ in splitter(p, 0))
        seconds = time.perf_counter() - started
        timings.append(f"{name}: {count} sentences in {seconds * 1000:.0f} ms ({count / seconds:,.0f}/s)")
    return f"Segmenter on {len(paragraphs)} lines: " + "; ".join(timings) + "."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="folder holding articles/ (default ../shared/data)")
    parser.add_argument("--baseline", action="append", default=None,
                        help=f"git revision to compare with (repeatable; default {MAIN_BEFORE} and {DEFAULT_BASELINE})")
    parser.add_argument("--misses", action="store_true", help="list the current code's misses on the dev half")
    parser.add_argument("--stages", action="store_true",
                        help="count the current code's misses on every part by the stage that lost them (counts only: "
                             "no text is printed, so a held-out part stays unread)")
    args = parser.parse_args()
    baselines: list[str] = args.baseline or [MAIN_BEFORE, DEFAULT_BASELINE]
    folder = args.data / "articles"
    truth_file = folder / "truth.json"
    if not truth_file.exists():
        print(f"no data: {truth_file} is absent (the benchmark reads ../shared/data/articles; "
              "a clone of this repository alone does not have it)")
        return 2
    truth = json.loads(truth_file.read_text(encoding="utf-8"))["articles"]
    files = [(folder / a["file"]).resolve() for a in truth]
    started = time.perf_counter()
    ours = current_reports(files)
    ours_seconds = time.perf_counter() - started
    runs: dict[str, dict[str, dict[str, Any]]] = {"verifier": ours}
    with tempfile.TemporaryDirectory() as scratch:
        alone = claims_alone(args.data, Path(scratch))
        second = {"verifier": _found_alone(current_reports(alone), alone)} if alone else {}
        for revision in baselines:
            with baseline_checkout(revision) as old:
                runs[revision] = _by_file(old.audit_json([*map(str, files), "--offline"]))
                if alone:
                    second[revision] = _found_alone(_by_file(old.audit_json([*map(str, alone), "--offline"])), alone)
    halves = claims_parts(truth)
    tallies = {(name, who): score(arts, reports) for name, arts in halves.items() for who, reports in runs.items()}
    names = sorted({n for t in tallies.values() for n in t.counts}, key=_order)
    print(f"Articles: dev {len(halves['dev'])} (in-sample: tuned on), held-out {len(halves['held-out'])}"
          f" (measured only until session 10, which read the misses of {len(halves[READ_IN_SESSION_10])} of them:"
          f" '{READ_IN_SESSION_10}', in-sample since), {NEVER_TUNED_ON} {len(halves[NEVER_TUNED_ON])} (held out"
          " of this bench's split and of the references benches' one: never read for either stage, the blind"
          f" figure), all pages {len(halves['all pages'])} (mixed: mostly in-sample)."
          f" Baselines: {', '.join(baselines)}. verifier audit of all {len(files)} files:"
          f" {ours_seconds:.1f} s.\n")
    print(segmenter_speed(files) + "\n")
    columns = [(h, w) for h in halves for w in runs]
    print("| measure | " + " | ".join(f"{h}: {w}" for h, w in columns) + " |")
    print("|---|" + "---|" * len(columns))
    for name in names:
        cells = [tallies[column].show(name) for column in columns]
        if name in ("S210 findings", "S210 on non-claims") or name.startswith("non-claim kind"):
            cells = [str(tallies[column].counts.get(name, [0, 0])[1]) for column in columns]
        print(f"| {name} | " + " | ".join(cells) + " |")
    if second:
        print("\nSecond extraction check (in-sample): sentences of claims/claims.yaml that are a claim when audited "
              "alone: " + "; ".join(f"{who} {hit}/{len(alone)}" for who, hit in second.items()) + ".")
    if args.stages:
        print("\nMisses of the current code by stage (counts only):\n")
        print("| part | stage | misses |\n|---|---|---|")
        for name, articles in halves.items():
            for stage, count in sorted(miss_stages(articles, ours, folder).items(), key=lambda kv: -kv[1]):
                print(f"| {name} | {stage} | {count} |")
    if args.misses:
        print("\nMisses of the current code on the dev half (in-sample):")
        for line in dev_misses(halves["dev"], ours):
            print(line)
    return 0


def miss_stages(articles: list[dict[str, Any]], reports: dict[str, dict[str, Any]], folder: Path) -> dict[str, int]:
    """Where each truth claim the tool did not find, or tied wrongly, was lost: the text as read,
    the sentence split, the claim wording, or the tie."""
    from verifier.citations import find_citations
    from verifier.claims import article_sentences
    from verifier.ingest import load

    stages: dict[str, int] = defaultdict(int)
    for article in articles:
        report = reports[article["file"]]
        loaded = load(str(folder / article["file"]))
        sentences = [s.text for s in article_sentences(loaded, tuple(find_citations(loaded)))]
        page_words = set(words(loaded.text))
        for truth in article["claims"]:
            found = next((c for c in report["claims"] if claim_match(truth["text"], c["text"])), None)
            if found is None:
                stages[_lost_at(truth["text"], sentences, page_words)] += 1
            elif truth["citations"]:
                stage = _tie_stage(truth, found, article, report)
                if stage:
                    stages[f"{stage} [{truth['tie']}]"] += 1
    return dict(stages)


def _tie_stage(truth: dict[str, Any], found: dict[str, Any], article: dict[str, Any],
               report: dict[str, Any]) -> str | None:
    """As the linking measures count it: a claim whose cited references the truth can all point
    at is tied right, to another citation or to none; one whose reference is not in the page is
    only asked to have its tie recognised."""
    citations = {c["id"]: c for c in report["citations"]}
    tool = [citations[i] for i in found["citation_ids"] if i in citations]
    targets = [truth_target(e, article) for e in truth["citations"]]
    if any(t is None for t in targets):
        return None if tool or found.get("linked_by") else "tie: not recognised"
    if _tied_strictly(targets, tool):
        return None
    return "tie: another citation" if tool else "tie: none made"


def _lost_at(claim: str, sentences: list[str], page_words: set[str]) -> str:
    from verifier.claims import not_a_claim

    wanted = set(words(claim))
    if len(wanted & page_words) < 0.6 * len(wanted):
        return "text: the claim's words are not in the text as read"
    sentence = next((s for s in sentences if claim_match(claim, s)), None)
    if sentence is not None:
        return f"wording: a sentence, judged {not_a_claim(sentence) or 'to state no relation'}"
    if any(len(wanted & set(words(s))) >= 0.6 * len(wanted) for s in sentences):
        return "split: the claim is inside a longer sentence"
    return "split: the claim is spread over several sentences or is no prose"


def dev_misses(articles: list[dict[str, Any]], reports: dict[str, dict[str, Any]]) -> Iterator[str]:
    """One line per truth claim not found or wrongly tied, per non-claim the tool kept, per S210 on one."""
    for article in articles:
        report = reports[article["file"]]
        citations = {c["id"]: c for c in report["citations"]}
        lines: list[str] = []
        matched: set[str] = set()
        for truth in article["claims"]:
            found = next((c for c in report["claims"] if claim_match(truth["text"], c["text"])), None)
            if found is None:
                lines.append(f"  not found [{truth['tie']}]: {truth['text'][:160]}")
                continue
            matched.add(found["id"])
            tool = [citations[i] for i in found["citation_ids"] if i in citations]
            targets = [truth_target(e, article) for e in truth["citations"]]
            if not truth["citations"]:
                if tool:
                    lines.append(f"  uncited claim given a citation: {truth['text'][:120]} {found['linked_by']}")
            elif all(t is not None for t in targets):
                if not _tied_strictly(targets, tool):
                    lines.append(f"  wrong tie [{truth['tie']}]: {truth['text'][:120]} -> "
                                 f"{[c['printed'][:50] for c in tool]} {found['linked_by']}")
            elif not tool and not found.get("linked_by"):
                lines.append(f"  tie not recognised [{truth['tie']}]: {truth['text'][:120]}")
        s210 = {f.get("claim_id") for f in report["findings"] if f["code"] == "S210"}
        for claim in report["claims"]:
            kind = None if claim["id"] in matched else non_claim_kind(claim["text"], article["references"])
            if kind:
                flag = " (S210)" if claim["id"] in s210 else ""
                lines.append(f"  non-claim kept [{kind}]{flag}: {claim['text'][:120]}")
        if lines:
            yield f"- {article['file']}"
            yield from lines


def _order(name: str) -> tuple[int, str]:
    heads = ["claims found", "precision", "linked to right", "linked strict", "linked lenient",
             "unlisted", "recognised", "uncited", "S210", "non-claim"]
    return next((i for i, h in enumerate(heads) if name.startswith(h)), len(heads)), name


if __name__ == "__main__":
    raise SystemExit(main())
