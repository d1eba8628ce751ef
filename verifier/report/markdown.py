"""A Markdown discrepancy report; article and record text is escaped."""

from __future__ import annotations

import re

from verifier.models import ArticleReport, Report, RunInfo
from verifier.report.concise import by_position
from verifier.report.json_report import summary
from verifier.report.sanitise import inert

# Markdown punctuation, plus '@' and '#' so that GitHub does not turn a name into a mention or a
# number into a link to an issue when the report is a step summary or a comment.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|@#&!~])")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", inert(" ".join(text.split())))


def to_markdown(report: Report) -> str:
    totals = summary(report)
    lines = ["# verifier report", "", *_made(report.run),
             f"{totals['citations']} citations: " + ", ".join(
                 f"{n} {s}" for s, n in totals["citation_status"].items()),
             "Findings: " + ", ".join(f"{n} {s}" for s, n in totals["findings"].items()), ""]
    for article in report.articles:
        lines.extend(_article(article))
    return "\n".join(lines) + "\n"


def _made(run: RunInfo | None) -> list[str]:
    """How the report was made, and a plain warning when its evidence is a reconstructed snapshot."""
    if run is None:
        return []
    lines = [f"Made by verifier {escape(run.tool_version)} on {escape(run.created)}; "
             f"evidence: {escape(run.evidence)}", ""]
    if run.reconstructed:
        lines += ["**Warning: the evidence is a reconstructed snapshot**, rebuilt from confirmed facts, not saved "
                  "from PubMed: a citation it lacks is unverified, never wrong.", ""]
    return lines


def _article(article: ArticleReport) -> list[str]:
    lines = [f"## {escape(article.path)}", "", "| id | status | printed | record | design |",
             "|---|---|---|---|---|"]
    for row in article.citations:
        record = f"{escape(row.record.label)}: {escape(row.record.title)}" if row.record else \
            escape(row.reason or "-")
        design = escape(row.design.describe()) if row.design else "-"
        lines.append(f"| {row.citation.id} | {row.status.value} | {escape(row.citation.printed[:160])} "
                     f"| {record} | {design} |")
    lines.append("")
    if not article.findings:
        return [*lines, "No findings.", ""]
    lines.extend(["| line | code | severity | citation | message |", "|---|---|---|---|---|"])
    for f in sorted(article.findings, key=by_position):
        line = f.span.line if f.span else ""
        lines.append(f"| {line} | {f.code} {f.name} | {f.severity.value} | {f.citation_id or ''} "
                     f"| {escape(f.message)} |")
    return [*lines, ""]
