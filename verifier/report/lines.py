"""Line-oriented writers: JSON Lines for batch runs, GitHub workflow annotations for CI."""

from __future__ import annotations

import json
from collections import Counter

from verifier.models import Report, Severity
from verifier.report.json_report import SCHEMA_VERSION, article_dict, summary

GITHUB_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}


def to_jsonl(report: Report) -> str:
    """One article per line (the shape of one entry of the JSON report's `articles`), then one
    closing summary line with counts per rule."""
    lines = [json.dumps({"type": "article", "schema_version": SCHEMA_VERSION, **article_dict(a)},
                        ensure_ascii=False) for a in report.articles]
    per_rule = Counter(f.code for a in report.articles for f in a.findings)
    closing = {"type": "summary", "schema_version": SCHEMA_VERSION, "articles": len(report.articles),
               **summary(report), "by_rule": dict(sorted(per_rule.items()))}
    lines.append(json.dumps(closing, ensure_ascii=False))
    return "\n".join(lines) + "\n"


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
