"""One line per finding, sorted by position, never wrapped: for logs, grep and editors.

    seeds/001.txt:42:7: S201 [warning] "has been shown" in ...; the cited study is a narrative review

The line is `path:line:col: CODE [severity] message` (column 1 for article-level findings, as
compilers print them), every field passed through the sanitiser so one finding is one line.
"""

from __future__ import annotations

from verifier.models import Finding, Report
from verifier.report.sanitise import inert


def by_position(finding: Finding) -> tuple[int, int, str]:
    span = finding.span
    return (span.line, span.column, finding.code) if span else (0, 0, finding.code)


def finding_line(path: str, finding: Finding) -> str:
    line, column = (finding.span.line, finding.span.column) if finding.span else (1, 1)
    return f"{inert(path)}:{line}:{column}: {finding.code} [{finding.severity.value}] {inert(finding.message)}"


def to_concise(report: Report) -> str:
    lines = [finding_line(article.path, finding)
             for article in sorted(report.articles, key=lambda a: a.path)
             for finding in sorted(article.findings, key=by_position)]
    return "\n".join(lines) + ("\n" if lines else "")
