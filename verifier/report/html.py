"""A self-contained HTML discrepancy report for an editor: no external assets, every text escaped.

Jinja2 renders it with autoescaping on, so article and record text can never become markup;
a Content-Security-Policy admits only the report's own script (by hash), so even a defect in
escaping could not run anything.

What an editor needs first comes first: what the report was made from (tool version, date,
evidence source, a warning when that is a reconstructed snapshot), a "fix first" list ordered
by severity, then each citation as a card with its findings on it and the printed value beside
the record's, the differing characters marked, then the claims with the words that decided
their strength, and the repeated tortured phrases as one table. A legend says in plain words
what the evidence levels, strengths, severities and statuses mean.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from importlib.resources import files
from typing import Any

from jinja2 import Environment, StrictUndefined, select_autoescape

from verifier.models import ArticleReport, CitationReport, Claim, Finding, Record, Report
from verifier.report.concise import by_position
from verifier.report.json_report import summary

PUBMED = "https://pubmed.ncbi.nlm.nih.gov/{}/"
FIELD_GROUPS = {"authors": "authors", "initials": "authors", "in_text_name": "authors",
                "month": "date", "day": "date", "year": "date"}
STRENGTH_WORDS = {0: "no claim", 1: "hedged (a possibility: may, could, suggests)",
                  2: "qualified (an association, or a result of one study)",
                  3: "definitive (states cause and effect, or a general truth)"}
EVIDENCE_LEVELS = {1: "systematic review of randomised trials: the strongest evidence that a treatment works",
                   2: "a randomised controlled trial",
                   3: "a controlled study that was not randomised, such as a cohort study",
                   4: "a study without a fair comparison group: case series, case-control, historically "
                      "controlled or cross-sectional studies, and reviews that pool such studies",
                   5: "reasoning from mechanism: laboratory and animal studies, narrative reviews, opinion"}
SEVERITY_WORDS = {"error": "the citation or claim is wrong as printed: fix it before publishing",
                  "warning": "probably wrong or overstated: check it against the study",
                  "info": "worth a look; often fine"}
STATUS_WORDS = {"verified": "the printed citation matches its PubMed record",
                "mismatch": "the record was found, and some printed details differ from it",
                "unverified": "the record could not be obtained, so nothing was checked",
                "unresolved": "no record could be tied to this citation"}
TORTURED = "T301"
SHORT_AGREEMENT = 3  # equal runs shorter than this, between two changes, are marked with them
_TIMES = re.compile(r"\((\d+) times\)")  # T301's message counts repeats this way
_EDGE = " ,;:("
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


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool


@dataclass
class Row:
    name: str
    printed: list[Segment]
    record: list[Segment]
    differs: bool


@dataclass
class CitationView:
    row: CitationReport
    anchor: str
    fields: list[Row]
    link: str | None
    findings: list[Finding] = field(default_factory=list)
    claims: list[tuple[str, str, list[str]]] = field(default_factory=list)  # anchor, claim id, codes
    level_words: str = ""


@dataclass
class ClaimView:
    claim: Claim
    anchor: str
    text: list[Segment]
    strength_words: str
    deciding: list[str]
    designs: list[tuple[str, str]]  # citation anchor, design described
    findings: list[Finding]


@dataclass
class FixItem:
    finding: Finding
    anchor: str
    where: str


@dataclass
class Tortured:
    printed: str
    usual: str
    times: int
    line: int | None
    finding: Finding


def to_html(report: Report) -> str:
    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    template = environment.from_string(
        files("verifier.report").joinpath("templates/report.html.j2").read_text(encoding="utf-8"))
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    articles = [_article(number, a) for number, a in enumerate(report.articles, start=1)]
    return template.render(summary=summary(report), articles=articles, run=report.run,
                           fix_first=_fix_first(articles), strength_words=STRENGTH_WORDS,
                           evidence_levels=EVIDENCE_LEVELS, severity_words=SEVERITY_WORDS,
                           status_words=STATUS_WORDS, script=SCRIPT, script_hash=f"sha256-{digest}")


def _article(number: int, article: ArticleReport) -> dict[str, Any]:
    prefix = f"a{number}"
    claim_anchor = {c.id: f"{prefix}-{c.id}" for c in article.claims}
    citation_anchor = {row.citation.id: f"{prefix}-{row.citation.id}" for row in article.citations}
    by_claim: dict[str, list[Finding]] = {}
    for finding in article.findings:
        if finding.claim_id:
            by_claim.setdefault(finding.claim_id, []).append(finding)
    citations = [_citation(row, citation_anchor[row.citation.id], article, by_claim, claim_anchor)
                 for row in article.citations]
    designs = {row.citation.id: row.design.describe() if row.design else "design unknown"
               for row in article.citations}
    claims = [_claim(c, claim_anchor[c.id], by_claim.get(c.id, []),
                     [(citation_anchor.get(cid, ""), f"{cid}: {designs.get(cid, 'design unknown')}")
                      for cid in c.citation_ids]) for c in article.claims]
    tortured = [_tortured(f) for f in article.findings if f.code == TORTURED]
    anchors = {"citation": citation_anchor, "claim": claim_anchor, "tortured": f"{prefix}-tortured",
               "text": f"{prefix}-text"}
    return {"path": article.path, "title": article.title, "anchor": prefix, "citations": citations,
            "flagged": [c for c in claims if c.findings], "quiet": [c for c in claims if not c.findings],
            "tortured": sorted(tortured, key=lambda t: (-t.times, t.printed.casefold())),
            "tortured_anchor": anchors["tortured"],
            "other_text": [f for f in article.findings if f.code.startswith("T") and f.code != TORTURED],
            "findings": sorted(article.findings, key=by_position), "anchors": anchors,
            "dismissed": article.dismissed, "baselined": article.baselined}


def _fix_first(articles: list[dict[str, Any]]) -> list[FixItem]:
    """Every finding, most severe first, then by article and line; repeated tortured phrases are
    one item per article (their table is below)."""
    items: list[FixItem] = []
    for article in articles:
        anchors = article["anchors"]
        grouped = False
        for finding in article["findings"]:
            if finding.code == TORTURED:
                if not grouped:
                    items.append(_tortured_item(article))
                    grouped = True
                continue
            items.append(FixItem(finding, _anchor_of(finding, anchors), _where(article["path"], finding)))
    return sorted(items, key=lambda item: -item.finding.severity.rank)  # stable: position order kept


def _tortured_item(article: dict[str, Any]) -> FixItem:
    phrases: list[Tortured] = article["tortured"]
    first = min(phrases, key=lambda t: t.line or 0)
    total = sum(t.times for t in phrases)
    grouped = first.finding.model_copy(update={
        "message": f"{len(phrases)} tortured phrases, {total} times in all (listed below), "
                   f'e.g. "{phrases[0].printed}" for "{phrases[0].usual}"'})
    return FixItem(grouped, article["tortured_anchor"], _where(article["path"], first.finding))


def _anchor_of(finding: Finding, anchors: dict[str, Any]) -> str:
    if finding.claim_id and finding.claim_id in anchors["claim"]:
        return str(anchors["claim"][finding.claim_id])
    if finding.citation_id and finding.citation_id in anchors["citation"]:
        return str(anchors["citation"][finding.citation_id])
    return str(anchors["text"])


def _where(path: str, finding: Finding) -> str:
    return f"{path}:{finding.span.line}" if finding.span else path


def _tortured(finding: Finding) -> Tortured:
    times = _TIMES.search(finding.message)
    return Tortured(printed=finding.found or "", usual=finding.expected or "", times=int(times[1]) if times else 1,
                    line=finding.span.line if finding.span else None, finding=finding)


def _claim(claim: Claim, anchor: str, findings: list[Finding], designs: list[tuple[str, str]]) -> ClaimView:
    words = [f.found for f in findings if f.found and f.found in claim.text]
    words += [c.text for c in claim.cues if c.kind != "deciding"]
    return ClaimView(claim=claim, anchor=anchor, text=_with_words_marked(claim.text, words),
                     strength_words=STRENGTH_WORDS.get(claim.strength, ""),
                     deciding=claim.cue_texts("deciding"), designs=designs, findings=findings)


def _with_words_marked(text: str, words: list[str]) -> list[Segment]:
    """The claim with each cue word or phrase (and the words a finding quotes) marked."""
    marked = [False] * len(text)
    for word in {w for w in words if w.strip()}:
        for match in re.finditer(re.escape(word), text):
            marked[match.start():match.end()] = [True] * (match.end() - match.start())
    return _runs(text, marked)


def _runs(text: str, marked: list[bool]) -> list[Segment]:
    segments: list[Segment] = []
    for char, flag in zip(text, marked, strict=True):
        if segments and segments[-1].changed == flag:
            segments[-1] = Segment(segments[-1].text + char, flag)
        else:
            segments.append(Segment(char, flag))
    return segments


def _citation(row: CitationReport, anchor: str, article: ArticleReport, by_claim: dict[str, list[Finding]],
              claim_anchor: dict[str, str]) -> CitationView:
    mine = [f for f in article.findings if f.citation_id == row.citation.id and f.code.startswith("C")]
    differing = {FIELD_GROUPS.get(f.field or "", f.field or "") for f in mine}
    rows = []
    for name, printed, recorded in _field_values(row):
        if not (printed or recorded):
            continue
        differs = name in differing
        shown_printed, shown_record = marked_difference(printed, recorded) if differs and printed and recorded \
            else ([Segment(printed, False)], [Segment(recorded, False)])
        rows.append(Row(name, shown_printed, shown_record, differs))
    claims = [(claim_anchor[c.id], c.id, sorted({f.code for f in by_claim.get(c.id, [])}))
              for c in article.claims if row.citation.id in c.citation_ids]
    level = row.design.evidence_level if row.design else None
    return CitationView(row=row, anchor=anchor, fields=rows, link=_record_link(row.record), findings=mine,
                        claims=claims, level_words=EVIDENCE_LEVELS.get(level, "") if level else "")


def _record_link(record: Record | None) -> str | None:
    if record and record.pmid:
        return PUBMED.format(record.pmid)
    return f"https://doi.org/{record.doi}" if record and record.doi else None  # a Crossref record


def _field_values(row: CitationReport) -> list[tuple[str, str, str]]:
    """Each field as the article prints it (the words the parser labelled, not the normalised
    value) beside the record's."""
    citation, record = row.citation, row.record
    fields = citation.fields
    authors = ", ".join(a.short() for a in fields.authors) + (" et al." if fields.authors_truncated else "")
    date = " ".join(str(v) for v in (fields.year, fields.month, fields.day) if v)
    printed = {"authors": as_printed(row, "author") or authors, "title": as_printed(row, "title") or fields.title,
               "journal": as_printed(row, "journal") or fields.journal, "date": _printed_date(row) or date,
               "volume": as_printed(row, "volume") or fields.volume, "issue": as_printed(row, "issue") or fields.issue,
               "pages": as_printed(row, "pages") or fields.pages or fields.article_number,
               "pmid": citation.pmid, "doi": citation.doi, "pmcid": citation.pmcid}
    recorded = _record_values(record) if record else {}
    return [(name, value or "", recorded.get(name, "")) for name, value in printed.items()]


def _record_values(record: Record) -> dict[str, str]:
    return {"authors": ", ".join(a.short() for a in record.authors) + ("" if record.authors_complete else " et al."),
            "title": _trimmed(record.title), "journal": record.medline_ta or record.journal_iso or record.journal_title,
            "date": record.pub_date.text or str(record.pub_date.year or ""), "volume": record.volume or "",
            "issue": record.issue or "", "pages": record.pages or ", ".join(record.elocation_ids),
            "pmid": record.pmid, "doi": record.doi or "", "pmcid": record.pmcid or ""}


def as_printed(row: CitationReport, label: str) -> str:
    """The first run of words labelled `label` in the reference, without the punctuation that
    separates it from the next field."""
    span = next((s for s in row.citation.fields.labels if s.label == label), None)
    return _trimmed(span.text) if span else ""


def _printed_date(row: CitationReport) -> str:
    year = row.citation.fields.year
    dates = [s for s in row.citation.fields.labels if s.label == "date"]
    chosen = next((s for s in dates if year is not None and str(year) in s.text), dates[0] if dates else None)
    return _trimmed(chosen.text) if chosen else ""


def _trimmed(text: str) -> str:
    text = text.strip().strip(_EDGE).strip()
    if text.endswith(".") and not text.endswith("et al."):
        text = text[:-1].rstrip()
    if text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip()
    return text


def marked_difference(printed: str, record: str) -> tuple[list[Segment], list[Segment]]:
    """Both values cut into runs, the characters that differ marked on each side. Agreement of
    one or two characters between two changes is marked too: it reads as one change."""
    opcodes = SequenceMatcher(None, printed, record, autojunk=False).get_opcodes()
    left: list[Segment] = []
    right: list[Segment] = []
    for number, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        inside = 0 < number < len(opcodes) - 1
        changed = tag != "equal" or (inside and i2 - i1 < SHORT_AGREEMENT)
        _append(left, printed[i1:i2], changed)
        _append(right, record[j1:j2], changed)
    return left, right


def _append(segments: list[Segment], text: str, changed: bool) -> None:
    if not text:
        return
    if segments and segments[-1].changed == changed:
        segments[-1] = Segment(segments[-1].text + text, changed)
    else:
        segments.append(Segment(text, changed))

