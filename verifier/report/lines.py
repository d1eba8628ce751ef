"""Line-oriented writers: JSON Lines for batch runs, GitHub workflow annotations for CI."""

from __future__ import annotations

import json
from collections import Counter

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
        one = summary(Report(articles=(article,)))
        self.articles += 1
        self.counts.update({k: one[k] for k in ("citations", "claims", "dismissed", "baselined")})
        self.severities.update(one["findings"])
        self.statuses.update(one["citation_status"])
        self.by_rule.update(f.code for f in article.findings)

    def line(self) -> str:
        closing = {"type": "summary", "schema_version": SCHEMA_VERSION, "articles": self.articles,
                   **{k: self.counts[k] for k in ("citations", "claims", "dismissed", "baselined")},
                   "findings": {level: self.severities[level] for level in ("error", "warning", "info")},
                   "citation_status": {s: self.statuses[s] for s in ("verified", "mismatch", "unverified",
                                                                     "unresolved")},
                   "by_rule": dict(sorted(self.by_rule.items()))}
        return json.dumps(closing, ensure_ascii=False)


def to_github(report: Report) -> str:
    """`::warning file=...,line=...,col=...,title=...::message` workflow commands."""
    out = []
    for article in report.articles:
        for f in article.findings:
            place = f"file={_property(article.path)}"
            if f.span is not None:
                place += f",line={f.span.line},col={f.span.column}"
            title = _property(f"{f.code} {f.name}")
            out.append(f"::{GITHUB_LEVEL[f.severity]} {place},title={title}::{_data(f.message)}")
    return "\n".join(out) + ("\n" if out else "")


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
