"""A self-contained HTML discrepancy report: no external assets, every text escaped.

Jinja2 renders it with autoescaping on, so article and record text can never become markup;
a Content-Security-Policy admits only the report's own script (by hash), so even a defect in
escaping could not run anything.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from jinja2 import Environment, StrictUndefined, select_autoescape

from verifier.models import ArticleReport, CitationReport, Claim, Finding, Report
from verifier.report.json_report import summary

PUBMED = "https://pubmed.ncbi.nlm.nih.gov/{}/"
FIELD_GROUPS = {"authors": "authors", "initials": "authors", "in_text_name": "authors",
                "month": "date", "day": "date", "year": "date"}
SCRIPT = """
document.addEventListener("DOMContentLoaded", function () {
  var boxes = document.querySelectorAll("input[data-filter]");
  function apply() {
    var shown = {};
    boxes.forEach(function (box) { shown[box.dataset.filter] = box.checked; });
    document.querySelectorAll("[data-severity]").forEach(function (row) {
      row.hidden = !shown[row.dataset.severity];
    });
  }
  var wanted = /severity=([a-z,]+)/.exec(location.hash);
  if (wanted) {
    var keep = wanted[1].split(",");
    boxes.forEach(function (box) { box.checked = keep.indexOf(box.dataset.filter) >= 0; });
  }
  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  apply();
});
""".strip()


@dataclass
class Row:
    name: str
    printed: str
    record: str
    differs: bool


@dataclass
class CitationView:
    row: CitationReport
    fields: list[Row]
    link: str | None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class ClaimView:
    claim: Claim
    designs: list[str]
    findings: list[Finding]


def to_html(report: Report) -> str:
    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    template = environment.from_string(
        files("verifier.report").joinpath("templates/report.html.j2").read_text(encoding="utf-8"))
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    return template.render(summary=summary(report), articles=[_article(a) for a in report.articles],
                           script=SCRIPT, script_hash=f"sha256-{digest}")


def _article(article: ArticleReport) -> dict[str, Any]:
    citations = [_citation(row, article.findings) for row in article.citations]
    by_claim: dict[str, list[Finding]] = {}
    for finding in article.findings:
        if finding.claim_id:
            by_claim.setdefault(finding.claim_id, []).append(finding)
    designs = {row.citation.id: row.design.describe() if row.design else "design unknown"
               for row in article.citations}
    claims = [ClaimView(c, [f"{cid}: {designs[cid]}" for cid in c.citation_ids], by_claim.get(c.id, []))
              for c in article.claims]
    return {"path": article.path, "citations": citations,
            "flagged": [c for c in claims if c.findings], "quiet": [c for c in claims if not c.findings],
            "findings": article.findings, "dismissed": article.dismissed, "baselined": article.baselined}


def _citation(row: CitationReport, findings: tuple[Finding, ...]) -> CitationView:
    mine = [f for f in findings if f.citation_id == row.citation.id and f.code.startswith("C")]
    differing = {FIELD_GROUPS.get(f.field or "", f.field or "") for f in mine}
    printed, record = row.citation.fields, row.record
    authors = ", ".join(a.short() for a in printed.authors) + (" et al." if printed.authors_truncated else "")
    date = " ".join(str(v) for v in (printed.year, printed.month, printed.day) if v)
    values = [
        ("authors", authors, ", ".join(a.short() for a in record.authors) if record else ""),
        ("title", printed.title or "", record.title if record else ""),
        ("journal", printed.journal or "", (record.medline_ta or record.journal_iso) if record else ""),
        ("date", date, record.pub_date.text or str(record.pub_date.year or "") if record else ""),
        ("volume", printed.volume or "", record.volume or "" if record else ""),
        ("issue", printed.issue or "", record.issue or "" if record else ""),
        ("pages", printed.pages or "", (record.pages or ", ".join(record.elocation_ids)) if record else ""),
        ("pmid", row.citation.pmid or "", record.pmid if record else ""),
        ("doi", row.citation.doi or "", record.doi or "" if record else ""),
        ("pmcid", row.citation.pmcid or "", record.pmcid or "" if record else ""),
    ]
    rows = [Row(name, p, r, name in differing) for name, p, r in values if p or r]
    link = PUBMED.format(record.pmid) if record and record.pmid else \
        (f"https://doi.org/{record.doi}" if record and record.doi else None)  # a Crossref record
    return CitationView(row=row, fields=rows, link=link, findings=mine)
