"""Line-oriented writers: JSON Lines for batch runs, GitHub workflow annotations for CI."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from verifier.models import ArticleReport, Report, Severity
from verifier.report.json_report import SCHEMA_VERSION, article_dict, summary

GITHUB_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}


def to_jsonl(report: Report) -> str:
    """One article per line (the shape of one entry of the JSON report's `articles`), then one
    closing summary line with counts per rule."""
    totals = Totals()
    lines = []
    for article in report.articles:
        lines.append(article_line(article))
        totals.add(article)
    lines.append(totals.line())
    return "\n".join(lines) + "\n"


def article_line(article: ArticleReport) -> str:
    return json.dumps({"type": "article", "schema_version": SCHEMA_VERSION, **article_dict(article)},
                      ensure_ascii=False)


class Totals:
    """The closing summary, added up one article at a time (so a batch can stream)."""

    def __init__(self) -> None:
        self.articles = 0
        self.counts: Counter[str] = Counter()
        self.severities: Counter[str] = Counter()
        self.statuses: Counter[str] = Counter()
        self.by_rule: Counter[str] = Counter()

    def add(self, article: ArticleReport) -> None:
        self.add_summary(summary(Report(articles=(article,))), [f.code for f in article.findings])

    def add_summary(self, one: dict[str, Any], codes: list[str]) -> None:
        """One article's `summary` and its findings' codes (what a worker process sends back)."""
        self.articles += 1
        self.counts.update({k: one[k] for k in ("citations", "claims", "dismissed", "baselined")})
        self.severities.update(one["findings"])
        self.statuses.update(one["citation_status"])
        self.by_rule.update(codes)

    def line(self) -> str:
        closing = {"type": "summary", "schema_version": SCHEMA_VERSION, "articles": self.articles,
                   **{k: self.counts[k] for k in ("citations", "claims", "dismissed", "baselined")},
                   "findings": {level: self.severities[level] for level in ("error", "warning", "info")},
                   "citation_status": {s: self.statuses[s] for s in ("verified", "mismatch", "unverified",
                                                                     "unresolved")},
                   "by_rule": dict(sorted(self.by_rule.items()))}
        return json.dumps(closing, ensure_ascii=False)


# GitHub turns at most 10 workflow commands of each level into annotations in one step, and 50 in
# a job (actions/toolkit, docs/problem-matchers.md). Past that it drops them silently, in the order
# printed. So the choice is made here: the most severe first, high confidence before low, then in
# reading order; 10 per level (30 at most, leaving 20 of the job's 50 to its other steps).
PER_LEVEL = 10
PER_STEP = 30
_CONFIDENCE = {"high": 0, "medium": 1, "low": 2}
_RANK = {"error": 0, "warning": 1, "notice": 2}


@dataclass(frozen=True)
class Annotation:
    """One finding as a GitHub workflow command would show it."""

    level: str  # error, warning or notice
    path: str
    line: int | None
    column: int | None
    title: str
    message: str
    confidence: str = "high"

    def order(self) -> tuple[int, int, str, int]:
        return _RANK[self.level], _CONFIDENCE.get(self.confidence, 1), self.path, self.line or 0


def to_github(report: Report) -> str:
    """`::warning file=...,line=...,col=...,title=...::message` workflow commands for the findings
    GitHub will show (see PER_LEVEL), then one plain line saying how many were left out."""
    candidates = [Annotation(GITHUB_LEVEL[f.severity], article.path, f.span.line if f.span else None,
                             f.span.column if f.span else None, f"{f.code} {f.name}", f.message, f.confidence.value)
                  for article in report.articles for f in article.findings]
    chosen, over_limit = within_limits(candidates)
    out = [github_line(a) for a in chosen]
    if over_limit:
        out.append(left_out_note(len(candidates), len(chosen), over_limit, 0))
    return "\n".join(out) + ("\n" if out else "")


def from_report_dict(report: dict[str, Any]) -> list[Annotation]:
    """The findings of a JSON report (report_dict's shape) as annotations."""
    level = {s.value: GITHUB_LEVEL[s] for s in Severity}
    return [Annotation(level[f["severity"]], article["path"], f["span"].get("line"), f["span"].get("column"),
                       f"{f['code']} {f['name']}", f["message"], f.get("confidence", "high"))
            for article in report["articles"] for f in article["findings"]]


def within_limits(candidates: list[Annotation]) -> tuple[list[Annotation], int]:
    """The annotations to print, in GitHub's limits and in the order chosen, and how many did not fit."""
    chosen: list[Annotation] = []
    per_level: Counter[str] = Counter()
    for annotation in sorted(candidates, key=Annotation.order):
        if per_level[annotation.level] < PER_LEVEL and len(chosen) < PER_STEP:
            chosen.append(annotation)
            per_level[annotation.level] += 1
    return chosen, len(candidates) - len(chosen)


def left_out_note(total: int, shown: int, over_limit: int, unchanged: int) -> str:
    """One plain line (not a workflow command) that says what the annotations leave out."""
    parts = [f"verifier: {total} finding{'s' if total != 1 else ''}, {shown} annotated"]
    if over_limit:
        parts.append(f"{over_limit} left out beyond GitHub's {PER_LEVEL} annotations per level in a step "
                     "(the most severe were kept)")
    if unchanged:
        parts.append(f"{unchanged} on lines this change did not touch")
    if over_limit or unchanged:
        parts.append("every finding is in the SARIF log and the full report")
    return "; ".join(parts)


def github_line(annotation: Annotation) -> str:
    place = f"file={_property(annotation.path)}"
    if annotation.line is not None:
        place += f",line={annotation.line},col={annotation.column or 1}"
    return f"::{annotation.level} {place},title={_property(annotation.title)}::{_data(annotation.message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
