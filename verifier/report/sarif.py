"""SARIF 2.1.0: findings as code-scanning results, rules from the registry.

Severity maps to `level` (error, warning, note); confidence and the finding's fingerprint are
kept (`properties.confidence`, `partialFingerprints`). Article-level findings point at line 1.
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from typing import Any
from urllib.parse import quote

from verifier.checks.registry import RULES, Rule
from verifier.models import Finding, Report, Severity

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}


def to_sarif(report: Report) -> str:
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"


def sarif_log(report: Report) -> dict[str, Any]:
    rules = sorted(RULES.values(), key=lambda r: r.code)
    index = {rule.code: position for position, rule in enumerate(rules)}
    results = [_result(f, article.path, index) for article in report.articles for f in article.findings]
    results += [_suppressed(s.finding, article.path, index, "inSource", s.reason or "inline comment")
                for article in report.articles for s in article.suppressed]
    results += [{**_suppressed(f, article.path, index, "external", "in the --baseline file"),
                 "baselineState": "unchanged"} for article in report.articles for f in article.baselined]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "verifier", "version": _version(),
                                "rules": [_rule(rule) for rule in rules]}},
            "artifacts": [{"location": {"uri": _uri(a.path)}} for a in report.articles],
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }


def _rule(rule: Rule) -> dict[str, Any]:
    return {"id": rule.code, "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.rationale or rule.summary},
            "help": {"text": f"{rule.rationale}\nExample: {rule.example}".strip()},
            "defaultConfiguration": {"level": LEVEL[rule.severity]},
            "properties": {"confidence": rule.confidence.value, "family": rule.family}}


def _result(finding: Finding, path: str, index: dict[str, int]) -> dict[str, Any]:
    span = finding.span
    region = ({"startLine": span.line, "startColumn": span.column, "charOffset": span.start,
               "charLength": max(span.end - span.start, 0)} if span else {"startLine": 1})
    properties: dict[str, Any] = {"confidence": finding.confidence.value}
    for key in ("citation_id", "claim_id", "field", "expected", "found"):
        value = getattr(finding, key)
        if value is not None:
            properties[key] = value
    result: dict[str, Any] = {
        "ruleId": finding.code, "level": LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(path)}, "region": region}}],
        "properties": properties,
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    if finding.fingerprint:
        result["partialFingerprints"] = {"verifierFinding/v1": finding.fingerprint}
    return result


def _suppressed(finding: Finding, path: str, index: dict[str, int], kind: str, why: str) -> dict[str, Any]:
    """A result kept but silenced: an inline comment in the article, or the baseline."""
    return {**_result(finding, path, index), "suppressions": [{"kind": kind, "justification": why}]}


def _uri(path: str) -> str:
    """A relative URI reference: spaces, '%', '#', '?' and non-ASCII letters percent-encoded."""
    return quote(path.replace("\\", "/"), safe="/")


def _version() -> str:
    try:
        return version("verifier-health")
    except PackageNotFoundError:
        return "0+unknown"
