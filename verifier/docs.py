"""docs/rules.md, generated from the rule registry (`verifier rules --format md`)."""

from __future__ import annotations

from verifier.checks.registry import RULES

FAMILIES = {"C": "C1xx: citation metadata", "S": "S2xx: claims against the cited study's design",
            "T": "T3xx: the article's text", "X": "X9xx: the tool itself"}


def rules_markdown() -> str:
    lines = ["# Rules", "",
             "Generated from the rule registry by `verifier rules --format md > docs/rules.md`;",
             "a test fails when this file and the registry disagree.", "",
             "| code | name | severity | confidence | checks |", "|---|---|---|---|---|"]
    ordered = sorted(RULES.values(), key=lambda r: r.code)
    lines += [f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity.value} | {r.confidence.value} "
              f"| {r.summary} |" for r in ordered]
    for family, title in FAMILIES.items():
        lines += ["", f"## {title}"]
        for r in (r for r in ordered if r.family == family):
            lines += ["", f"### {r.code}", "", f"**{r.name}** ({r.severity.value}, confidence "
                      f"{r.confidence.value}). {r.summary}", "", f"Why: {r.rationale}", "",
                      f"Example: {r.example}"]
    return "\n".join(lines) + "\n"
