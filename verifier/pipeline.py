"""The audit, stage by stage: ingest -> citations -> resolve/fetch/parse -> checks -> report."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from verifier import ingest, suppress
from verifier.checks.claims import ClaimContext, check_claim
from verifier.checks.metadata import check_citation
from verifier.checks.text import check_text
from verifier.citations import citation_key, citation_label, find_citations
from verifier.claims import CitationIndex, describing_sentences, extract_claims
from verifier.design import design_from_article, design_from_record
from verifier.evidence import EvidenceSource, OfflineSource, open_source
from verifier.evidence.background import in_background, interrupt_evidence
from verifier.evidence.crossref import open_registry
from verifier.fingerprint import fingerprint
from verifier.merge import merge_same_paper
from verifier.models import (
    Article,
    ArticleReport,
    Citation,
    CitationReport,
    Claim,
    DesignType,
    Finding,
    Report,
    Resolution,
    ReviewerInput,
    StudyDesign,
)
from verifier.report.provenance import article_title, run_info
from verifier.resolve import resolve
from verifier.settings import Settings


class Progress(Protocol):
    """Where long work reports itself: a status message, and records fetched so far."""

    def message(self, text: str) -> None: ...
    def fetched(self, done: int, total: int) -> None: ...


class _Silent:
    def message(self, text: str) -> None:
        pass

    def fetched(self, done: int, total: int) -> None:
        pass


def audit(paths: list[str], settings: Settings | None = None,
          progress: Progress | None = None, reviewed: Mapping[str, ReviewerInput] | None = None
          ) -> Report:
    """Audit articles (files, directories, '-') and return the report. `reviewed` maps an
    article path to what its reviewed claim file adds (design facts, decisions)."""
    settings = settings or Settings()
    return audit_articles(load_articles(paths, settings), settings, progress, reviewed=reviewed)


def load_articles(paths: list[str], settings: Settings) -> list[Article]:
    """Every article the paths name (files, directories, '-'), read and cleaned."""
    return [ingest.load(p, settings.max_bytes) for p in ingest.iter_paths(paths)]


def audit_articles(articles: list[Article], settings: Settings,
                   progress: Progress | None = None, source: EvidenceSource | None = None,
                   reviewed: Mapping[str, ReviewerInput] | None = None) -> Report:
    """Audit loaded articles; `source` overrides the evidence source the settings describe."""
    work = gather_evidence(articles, settings, progress, source, reviewed)
    return Report(articles=tuple(check_article(task) for task in work), run=run_info(settings))


@dataclass(frozen=True)
class ArticleTask:
    """Everything the checks of one article need: the evidence is already in it, so a task can
    run anywhere (another process, a Dask worker) with no network and no shared state."""

    article: Article
    citations: tuple[Citation, ...]
    resolutions: tuple[Resolution, ...]
    review: ReviewerInput
    settings: Settings
    prepared: Prepared | None = None


@dataclass(frozen=True)
class Prepared:
    """The part of an article's checks that needs no evidence: done while the fetch waits."""

    index: CitationIndex
    claims: tuple[Claim, ...]
    text_findings: tuple[Finding, ...]


def prepare(article: Article, citations: tuple[Citation, ...], settings: Settings) -> Prepared:
    index = CitationIndex.build(article, citations)
    return Prepared(index, extract_claims(article, citations, index),
                    tuple(check_text(article, settings.spun_article_at)))


def gather_evidence(articles: list[Article], settings: Settings, progress: Progress | None = None,
                    source: EvidenceSource | None = None,
                    reviewed: Mapping[str, ReviewerInput] | None = None) -> list[ArticleTask]:
    """Find every citation, then resolve and fetch them all at once (deduplicated, batched)."""
    notify = progress or _Silent()
    found = [find_citations(a) for a in articles]
    everything: list[Citation] = [c for cites in found for c in cites]
    notify.message(f"found {len(everything)} citations in {len(articles)} articles")
    pending = in_background(_resolve_all, everything, settings, notify, source)
    prepared: list[Prepared] = []
    try:
        for article, cites in zip(articles, found, strict=True):  # while the fetch waits on NCBI
            if pending.done():
                break
            prepared.append(prepare(article, cites, settings))
        resolutions = pending.result()
    except KeyboardInterrupt:
        interrupt_evidence()  # no client keeps sending or retrying while the run winds down
        raise
    tasks, position = [], 0
    for number, (article, cites) in enumerate(zip(articles, found, strict=True)):
        mine = tuple(resolutions[position:position + len(cites)])
        position += len(cites)
        review = (reviewed or {}).get(article.path, ReviewerInput())
        ready = prepared[number] if number < len(prepared) else None
        tasks.append(ArticleTask(article, cites, mine, review, settings, ready))
    return tasks


def _resolve_all(citations: list[Citation], settings: Settings, notify: Progress,
                 source: EvidenceSource | None) -> list[Resolution]:
    if source is not None:
        return resolve(citations, source)
    with evidence_source(settings, notify) as chosen, open_registry(settings, notify.message) as registry:
        return resolve(citations, chosen, registry)


def check_article(task: ArticleTask) -> ArticleReport:
    """Every check on one article whose evidence is at hand: pure, no network."""
    article, citations, review, settings = task.article, task.citations, task.review, task.settings
    ready = task.prepared or prepare(article, citations, settings)
    citations, resolutions, claims = merge_same_paper(citations, task.resolutions, ready.claims)
    rows: list[CitationReport] = []
    findings: list[Finding] = []
    index = ready.index
    for citation, resolution in zip(citations, resolutions, strict=True):
        found, status = check_citation(citation, resolution)
        findings.extend(_printed(f, citation) for f in found)
        design = _design(article, citation, index, resolution, review)
        rows.append(CitationReport(citation=citation, status=status, reason=resolution.reason,
                                   record=resolution.record, design=design))
    findings.extend(_claim_findings(claims, rows, settings.small_sample))
    findings.extend(_printed(f) for f in ready.text_findings)
    findings = [_with_severity(f, settings) for f in findings if settings.rule_enabled(f.code, article.path)]
    findings, suppressed = suppress.apply(findings, article.directives)
    kept, dismissed = apply_reviews(findings, review)
    return ArticleReport(path=article.path, citations=tuple(rows), findings=tuple(kept),
                         set_apart=article.set_apart, claims=claims, dismissed=tuple(dismissed),
                         suppressed=tuple(suppressed), title=article_title(article))


def _with_severity(finding: Finding, settings: Settings) -> Finding:
    level = settings.severity_of(finding.code, finding.severity)
    return finding if level == finding.severity else finding.model_copy(update={"severity": level})


def _design(article: Article, citation: Citation, index: CitationIndex,
            resolution: Resolution, review: ReviewerInput) -> StudyDesign | None:
    """Reviewer-supplied facts first (a person checked them), then the record, then the
    article's own description of the study."""
    supplied = review.designs.get(citation_key(citation))
    if supplied is not None:
        return supplied
    if resolution.record is not None:
        return design_from_record(resolution.record)
    described = describing_sentences(article, citation, index)
    design = design_from_article(citation.fields.title or "", described, citation_label(citation))
    return None if design.type == DesignType.unknown else design


def _claim_findings(claims: tuple[Claim, ...], rows: list[CitationReport],
                    small_sample: int) -> Iterator[Finding]:
    by_id = {row.citation.id: row for row in rows}
    for claim in claims:
        if not claim.citation_ids:
            ctx = ClaimContext(claim=claim, citation_id=None, label="", design=None, record=None,
                               small_sample=small_sample)
            yield from (_printed(f, claim=claim) for f in check_claim(ctx))
        for cid in claim.citation_ids:
            row = by_id[cid]
            ctx = ClaimContext(claim=claim, citation_id=cid, label=citation_label(row.citation),
                               design=row.design, record=row.record, small_sample=small_sample,
                               title=row.citation.fields.title or "")
            yield from (_printed(f, row.citation, claim) for f in check_claim(ctx))


def _printed(finding: Finding, citation: Citation | None = None, claim: Claim | None = None) -> Finding:
    """The finding with its fingerprint."""
    mark = fingerprint(finding, claim.text if claim else None, citation.printed if citation else None)
    return finding.model_copy(update={"fingerprint": mark})


def apply_reviews(findings: list[Finding], review: ReviewerInput) -> tuple[list[Finding], list[Finding]]:
    """Dismissed findings move aside; accepted ones stay (a reviewer agreed they are real)."""
    dismissed = {r.fingerprint for r in review.reviews if r.status == "dismissed"}
    kept = [f for f in findings if f.fingerprint not in dismissed]
    return kept, [f for f in findings if f.fingerprint in dismissed]


@contextmanager
def evidence_source(settings: Settings, notify: Progress | None = None) -> Iterator[EvidenceSource]:
    """The source the settings ask for (see `verifier.evidence.open_source`)."""
    notify = notify or _Silent()
    with open_source(settings, notify.message, notify.fetched) as source:
        yield source


__all__ = ["OfflineSource", "audit", "audit_articles", "evidence_source", "gather_evidence"]
