"""The JSON report, schema_version "1", as DESIGN.md fixes it (extra keys: fields, reason)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from verifier.models import (
    ArticleReport,
    CitationReport,
    Claim,
    Finding,
    Record,
    Report,
    Span,
    StudyDesign,
)

SCHEMA_VERSION = "1"


def to_json(report: Report) -> str:
    return "".join(json_chunks(report))


def json_chunks(report: Report) -> Iterator[str]:
    """The JSON report in pieces, the same text as `json.dumps(report_dict(report), indent=2)`:
    each citation, claim and finding is made into a dict and encoded only when its turn comes, so
    a report of 100,000 citations is never held as one tree of dicts and one string (that was
    most of a big run's peak memory)."""
    yield from _encoded(_report_parts(report), 0)
    yield "\n"


def report_dict(report: Report) -> dict[str, Any]:
    return _built(_report_parts(report))  # type: ignore[no-any-return]


def _report_parts(report: Report) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION,
            "articles": (_article_parts(a) for a in report.articles),
            "summary": summary(report)}


def _built(value: Any) -> Any:
    """A value of `_report_parts` or `_article_parts` with every lazy part made (plain values,
    the citation, claim and finding dicts among them, are taken as they are)."""
    if isinstance(value, Iterator):
        return [_built(item) for item in value]
    if _lazy(value):
        return {key: _built(item) for key, item in value.items()}
    return value


def _lazy(value: Any) -> bool:
    """A dict of `_report_parts` or `_article_parts`: one holding parts made on demand."""
    return isinstance(value, dict) and any(isinstance(item, Iterator) for item in value.values())


def _encoded(value: Any, level: int) -> Iterator[str]:
    """json.dumps(value, indent=2) at this nesting level, lazy parts (iterators, and the dicts
    holding them) encoded item by item. Only `_report_parts` and `_article_parts` make lazy
    parts; anything else is plain JSON (an iterator inside a plain dict would not be)."""
    if isinstance(value, Iterator):
        yield from _members(((None, item) for item in value), level, "[]")
    elif _lazy(value):
        yield from _members(value.items(), level, "{}")
    else:
        yield json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)


def _members(items: Iterable[tuple[str | None, Any]], level: int, brackets: str) -> Iterator[str]:
    inner = "\n" + "  " * (level + 1)
    first = True
    for key, item in items:
        yield (brackets[0] if first else ",") + inner
        first = False
        if key is not None:
            yield json.dumps(key, ensure_ascii=False) + ": "
        yield from _encoded(item, level + 1)
    yield brackets if first else "\n" + "  " * level + brackets[1]


def summary(report: Report) -> dict[str, Any]:
    severities = Counter(f.severity.value for a in report.articles for f in a.findings)
    statuses = Counter(c.status.value for a in report.articles for c in a.citations)
    return {"citations": sum(len(a.citations) for a in report.articles),
            "claims": sum(len(a.claims) for a in report.articles),
            "dismissed": sum(len(a.dismissed) for a in report.articles),
            "baselined": sum(len(a.baselined) for a in report.articles),
            "findings": {level: severities.get(level, 0) for level in ("error", "warning", "info")},
            "citation_status": {s: statuses.get(s, 0)
                                for s in ("verified", "mismatch", "unverified", "unresolved")}}


def article_dict(article: ArticleReport) -> dict[str, Any]:
    return _built(_article_parts(article))  # type: ignore[no-any-return]


def _article_parts(article: ArticleReport) -> dict[str, Any]:
    return {"path": article.path,
            "citations": (citation_dict(c) for c in article.citations),
            "claims": (claim_dict(c) for c in article.claims),
            "findings": (finding_dict(f) for f in article.findings),
            "dismissed": (finding_dict(f) for f in article.dismissed),
            "suppressed": ({**finding_dict(s.finding), "suppressed_at_line": s.line, "reason": s.reason}
                           for s in article.suppressed)}


def span_dict(span: Span | None) -> dict[str, int]:
    if span is None:
        return {}
    return {"start": span.start, "end": span.end, "line": span.line, "column": span.column}


def citation_dict(row: CitationReport) -> dict[str, Any]:
    citation = row.citation
    fields = citation.fields
    return {
        "id": citation.id, "printed": citation.printed, "span": span_dict(citation.span),
        "pmid": citation.pmid, "doi": citation.doi, "pmcid": citation.pmcid,
        "status": row.status.value, "reason": row.reason or None,
        "fields": {"authors": [a.short() for a in fields.authors],
                   "authors_truncated": fields.authors_truncated, "title": fields.title,
                   "journal": fields.journal, "year": fields.year, "month": fields.month,
                   "day": fields.day, "volume": fields.volume, "issue": fields.issue,
                   "pages": fields.pages,
                   "in_text": [m.text for m in citation.in_text_mentions]},
        "record": record_dict(row.record) if row.record else None,
        "design": design_dict(row.design) if row.design else None,
    }


def design_dict(design: StudyDesign) -> dict[str, Any]:
    return {"type": design.type.value, "evidence_level": design.evidence_level,
            "population": design.population.value, "n": design.n, "n_unit": design.n_unit,
            "controlled": design.controlled, "randomized": design.randomized,
            "blinded": design.blinded, "phase": design.phase, "follow_up": design.follow_up,
            "conclusion_strength": design.conclusion_strength, "basis": design.basis,
            "provenance": design.provenance, "cues": list(design.cues)}


def claim_dict(claim: Claim) -> dict[str, Any]:
    return {"id": claim.id, "text": claim.text, "span": span_dict(claim.span),
            "citation_ids": list(claim.citation_ids), "linked_by": list(claim.linked_by),
            "kind": claim.kind.value, "strength": claim.strength,
            "hedges": claim.cue_texts("hedge"), "boosters": claim.cue_texts("booster"),
            "hype": claim.cue_texts("hype"),
            "numbers": [{"text": n.text, "value": n.value, "unit": n.unit, "decimals": n.decimals,
                         "approximate": n.approximate} for n in claim.numbers],
            "population": claim.population.value, "attribution": claim.attribution,
            "cited": bool(claim.citation_ids)}


def record_dict(record: Record) -> dict[str, Any]:
    return {"pmid": record.pmid, "title": record.title,
            "authors": [a.short() for a in record.authors],
            "journal": record.medline_ta or record.journal_iso or record.journal_title,
            "year": record.pub_date.year, "volume": record.volume, "issue": record.issue,
            "pages": record.pages or (record.elocation_ids[0] if record.elocation_ids else None),
            "doi": record.doi, "pmcid": record.pmcid, "source": record.source,
            "publication_types": list(record.publication_types)}


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {"code": finding.code, "name": finding.name, "severity": finding.severity.value,
            "confidence": finding.confidence.value, "message": finding.message,
            "citation_id": finding.citation_id, "claim_id": finding.claim_id,
            "field": finding.field, "expected": finding.expected, "found": finding.found,
            "span": span_dict(finding.span), "fingerprint": finding.fingerprint}
