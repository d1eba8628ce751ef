"""The audit, stage by stage: ingest -> citations -> resolve/fetch/parse -> checks -> report."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Protocol

from verifier import ingest
from verifier.cache import RecordCache
from verifier.checks.metadata import check_citation
from verifier.citations import find_citations
from verifier.evidence import CachedSource, EvidenceSource, LocalRecords
from verifier.models import Article, ArticleReport, Citation, CitationReport, Report, Resolution
from verifier.pubmed.client import FetchResult, Lookup, PubMedClient
from verifier.pubmed.requests import EutilsRequest, Identity
from verifier.pubmed.snapshot import snapshot
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


class OfflineSource:
    """Answers nothing: every citation is unverified because the network was not allowed."""

    reason = "offline (--offline): no evidence source"

    def fetch(self, pmids: list[str]) -> FetchResult:
        return FetchResult(unavailable=dict.fromkeys(pmids, self.reason))

    def pmids_for_dois(self, dois: list[str]) -> Lookup:
        return Lookup(unavailable=dict.fromkeys(dois, self.reason))

    def pmids_for_pmcids(self, pmcids: list[str]) -> Lookup:
        return Lookup(unavailable=dict.fromkeys(pmcids, self.reason))

    def citmatch(self, lines: dict[str, str]) -> Lookup:
        return Lookup(unavailable=dict.fromkeys(lines, self.reason))


def audit(paths: list[str], settings: Settings | None = None,
          progress: Progress | None = None) -> Report:
    """Audit articles (files, directories, '-') and return the report."""
    settings = settings or Settings()
    articles = [ingest.load(p, settings.max_bytes) for p in ingest.iter_paths(paths)]
    return audit_articles(articles, settings, progress)


def audit_articles(articles: list[Article], settings: Settings,
                   progress: Progress | None = None, source: EvidenceSource | None = None) -> Report:
    """Audit loaded articles; `source` overrides the evidence source the settings describe."""
    notify = progress or _Silent()
    found = [find_citations(a) for a in articles]
    everything: list[Citation] = [c for cites in found for c in cites]
    notify.message(f"found {len(everything)} citations in {len(articles)} articles")
    if source is not None:
        resolutions = resolve(everything, source)
    else:
        with evidence_source(settings, notify) as chosen:
            resolutions = resolve(everything, chosen)
    reports, position = [], 0
    for article, cites in zip(articles, found, strict=True):
        mine = resolutions[position:position + len(cites)]
        position += len(cites)
        reports.append(_article_report(article, cites, mine))
    return Report(articles=tuple(reports))


def _article_report(article: Article, citations: tuple[Citation, ...],
                    resolutions: list[Resolution]) -> ArticleReport:
    rows, findings = [], []
    for citation, resolution in zip(citations, resolutions, strict=True):
        found, status = check_citation(citation, resolution)
        findings.extend(found)
        rows.append(CitationReport(citation=citation, status=status, reason=resolution.reason,
                                   record=resolution.record))
    return ArticleReport(path=article.path, citations=tuple(rows), findings=tuple(findings),
                         set_apart=article.set_apart)


@contextmanager
def evidence_source(settings: Settings, notify: Progress | None = None) -> Iterator[EvidenceSource]:
    """The source the settings ask for; with a cassette, the cache stays out of the way so
    that snapshot evidence never mixes with records fetched live."""
    if settings.records:
        yield LocalRecords.from_files(list(settings.records))
        return
    if settings.offline and settings.cassette is None:
        yield OfflineSource()
        return
    notify = notify or _Silent()
    identity = Identity(email=settings.email, api_key=settings.api_key)
    with ExitStack() as stack:
        stack.enter_context(snapshot(settings.cassette, settings.record_mode))
        client = PubMedClient(identity, eutils_url=settings.eutils_url,
                              idconv_url=settings.idconv_url,
                              on_request=lambda r: notify.message(_describe(r)),
                              on_fetched=notify.fetched)
        stack.callback(client.close)
        source: EvidenceSource = client
        if settings.use_cache and settings.cassette is None:
            cache = RecordCache(settings.cache_path)
            stack.callback(cache.close)
            source = CachedSource(client, cache, refresh=settings.refresh)
        yield source


def _describe(request: EutilsRequest) -> str:
    size = (request.data or request.params).get("id", "")
    count = len(size.split(",")) if size else 0
    return f"PubMed {request.kind}" + (f" ({count} ids)" if count else "")
