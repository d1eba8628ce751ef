"""The audit, stage by stage: ingest -> citations -> resolve/fetch/parse -> checks -> report.

Two ways through it, with the same findings: `gather_evidence` (every article read and every
citation found first, then one deduplicated resolve, then the checks: the Dask path and the
reference for tests) and `Overlapped` (the command line's way: the fetch starts while articles
are still being read, and each article is checked as soon as its evidence is in).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

from verifier import ingest, suppress
from verifier.checks.claims import ClaimContext, check_claim
from verifier.checks.metadata import check_citation, described_years
from verifier.checks.text import check_text
from verifier.citations import citation_key, citation_label, find_citations
from verifier.claims import CitationIndex, describing_sentences, extract_claims
from verifier.design import design_from_article, design_from_record
from verifier.evidence import CitationQuery, EvidenceSource, FetchResult, Lookup, OfflineSource, TitleQuery, open_source
from verifier.evidence.background import in_background, interrupt_evidence
from verifier.evidence.base import FetchedSoFar, fetch_in_parts
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

if TYPE_CHECKING:
    from verifier.evidence.crossref import DoiRegistry, WorkResult


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
        found, status = check_citation(citation, resolution, described_years(claims, citation.id))
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
            ctx = ClaimContext(claim=claim, citation_id=cid, label=citation_label(row.citation, row.record),
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


# --- overlapped: fetch while reading, check each article once its evidence is in ---------------

BATCH = 200  # PMIDs an efetch request carries (rq.EFETCH_BATCH): only full batches go out early
KEEP_FED = 4  # while reading, articles are checked only when this many batches wait to be answered


class _Remembered:
    """The run's evidence source, asked each PMID once: what was fetched is answered from memory.
    Used from the evidence thread only."""

    def __init__(self, source: EvidenceSource, on_answered: Callback) -> None:
        self.source = source
        self.known = FetchedSoFar()
        self.on_answered = on_answered

    def fetch(self, pmids: list[str]) -> FetchResult:
        for _ in self.fetch_parts(pmids):
            pass
        return self.known.only(pmids)

    def fetch_parts(self, pmids: list[str]) -> Iterator[FetchResult]:
        """The PMIDs not asked before, fetched; each part of the answer remembered, and its
        PMIDs counted answered, as it comes in."""
        new = [p for p in dict.fromkeys(pmids) if not self.known.knows(p)]
        if not new:
            return
        unanswered = set(new)
        for part in fetch_in_parts(self.source, new):
            self.known.add(part)
            answered = [p for p in (*part.records, *part.missing, *part.unavailable) if p in unanswered]
            unanswered.difference_update(answered)
            self.on_answered(answered)
            yield part
        if unanswered:  # a PMID no part named is answered too: nothing more will come
            self.on_answered([p for p in new if p in unanswered])

    def pmids_for_dois(self, dois: list[str]) -> Lookup:
        return self.source.pmids_for_dois(dois)

    def pmids_for_pmcids(self, pmcids: list[str]) -> Lookup:
        return self.source.pmids_for_pmcids(pmcids)

    def citmatch(self, queries: Mapping[str, CitationQuery]) -> Lookup:
        return self.source.citmatch(queries)

    def title_search(self, queries: Mapping[str, TitleQuery]) -> Lookup:
        return self.source.title_search(queries)


class _RememberedRegistry:
    """Crossref asked once per DOI across the run's resolve calls."""

    def __init__(self, registry: DoiRegistry) -> None:
        self.registry = registry
        self.known: WorkResult | None = None
        self.asked: set[str] = set()

    def works(self, dois: list[str]) -> WorkResult:
        new = [d for d in dict.fromkeys(dois) if d not in self.asked]
        if new or self.known is None:
            answer = self.registry.works(new)
            self.known = answer if self.known is None else self.known.merged(answer)
            self.asked.update(new)
        return self.known


class Callback(Protocol):
    def __call__(self, pmids: list[str]) -> None: ...


@dataclass
class _Entry:
    """One article in the overlapped run: its citations, and their resolutions once in."""

    path: str
    article: Article | None  # None: another process holds it (verifier/parallel.py)
    citations: tuple[Citation, ...]
    review: ReviewerInput
    pmids: frozenset[str]
    early: bool  # every citation has a PMID: resolvable as soon as those records are in
    resolutions: tuple[Resolution, ...] | None = None
    number: int = 0  # its place among the articles added, from 0


@dataclass
class _State:
    entries: deque[_Entry] = field(default_factory=deque)  # not yet checked, in reading order
    waiting: list[_Entry] = field(default_factory=list)  # not yet resolved
    unsent: list[str] = field(default_factory=list)  # PMIDs wanted, not yet asked for
    seen: set[str] = field(default_factory=set)
    answered: set[str] = field(default_factory=set)
    closed: bool = False  # no more articles
    abandoned: bool = False  # the run stopped early: nothing more is fetched
    error: BaseException | None = None


class Overlapped:
    """An audit that overlaps reading, fetching and checking, with `gather_evidence`'s findings.

    `add` each article as it is read: its citations are found and their PMIDs, deduplicated
    across the run, go to the evidence thread, which sends them in full batches of 200 as soon
    as there are that many (the rest when reading ends). An article whose citations all carry a
    PMID is resolved as soon as their records are in; the others (DOIs, PMCIDs, reference
    strings to match) are resolved together once reading ends, in one `resolve` as before.
    `ready()` yields the reports of the leading articles whose evidence is in (only while the
    fetch has enough queued, so that reading keeps it fed); `finish()` yields the rest, in order.
    One thread talks to the evidence source, as in `gather_evidence`.
    """

    def __init__(self, settings: Settings, progress: Progress | None = None,
                 source: EvidenceSource | None = None, expected: int | None = None,
                 on_change: Callable[[], None] | None = None) -> None:
        self.settings = settings
        self.notify = progress or _Silent()
        self.expected = expected  # articles the run names, for "checking 3 of 10" (else those added)
        self.checked = 0
        self.added = 0
        self.on_change = on_change  # called from the evidence thread once articles are resolved or it failed
        self._state = _State()
        self._lock = threading.Condition()
        self._thread = threading.Thread(target=self._evidence, args=(source,), name="evidence", daemon=True)
        self._thread.start()

    def __enter__(self) -> Overlapped:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            return
        if issubclass(kind, KeyboardInterrupt):
            interrupt_evidence()  # no client keeps sending or retrying while the run winds down
        with self._lock:
            self._state.closed = self._state.abandoned = True
            self._lock.notify_all()

    def add(self, article: Article, review: ReviewerInput | None = None) -> None:
        self.add_found(article.path, tuple(find_citations(article)), review, article)

    def add_found(self, path: str, citations: tuple[Citation, ...], review: ReviewerInput | None = None,
                  article: Article | None = None) -> None:
        """An article whose citations were found elsewhere (`article` None: a worker process
        holds it, and `take_resolved` hands its entry back to be checked there)."""
        pmids = list(dict.fromkeys(c.pmid for c in citations if c.pmid))
        entry = _Entry(path, article, citations, review or ReviewerInput(), frozenset(pmids),
                       early=all(c.pmid for c in citations), resolutions=None if citations else (),
                       number=self.added)
        self.added += 1
        with self._lock:
            self._raise_failure()
            state = self._state
            state.entries.append(entry)
            if entry.resolutions is None:
                state.waiting.append(entry)
            state.unsent.extend(p for p in pmids if p not in state.seen)
            state.seen.update(pmids)
            if len(state.unsent) >= BATCH:  # only then has the evidence thread work: waking it for
                self._lock.notify_all()  # less hands it the GIL for nothing (a wait for a core, each time)

    def ready(self) -> Iterator[ArticleReport]:
        """Reports of the leading articles whose evidence is in, while the fetch is kept fed."""
        while True:
            with self._lock:
                self._raise_failure()
                state = self._state
                backlog = len(state.seen) - len(state.answered)
                if not state.entries or state.entries[0].resolutions is None or backlog < KEEP_FED * BATCH:
                    return
                entry = state.entries.popleft()
            yield self._checked(entry)

    def take_resolved(self) -> list[_Entry]:
        """Every article whose evidence is in, leading or not, taken out of the run (for checks
        made elsewhere, in any order); while reading goes on, only when the fetch is kept fed."""
        with self._lock:
            self._raise_failure()
            state = self._state
            if not state.closed and len(state.seen) - len(state.answered) < KEEP_FED * BATCH:
                return []
            taken = [e for e in state.entries if e.resolutions is not None]
            if taken:
                state.entries = deque(e for e in state.entries if e.resolutions is None)
            return taken

    def close(self) -> None:
        """No more articles: the rest of the fetch goes out (`finish` without waiting)."""
        with self._lock:
            self._state.closed = True
            self._lock.notify_all()

    def join(self) -> None:
        """Wait for the evidence thread's end (every article resolved); raise what it raised."""
        self._thread.join()
        self._raise_failure()

    def finish(self) -> Iterator[ArticleReport]:
        """No more articles: the rest of the fetch goes out; each report, in order, once its
        evidence is in."""
        with self._lock:
            self._state.closed = True
            self._lock.notify_all()
        while True:
            with self._lock:
                state = self._state
                while state.entries and state.entries[0].resolutions is None and state.error is None:
                    self._lock.wait()
                self._raise_failure()
                if not state.entries:
                    break
                entry = state.entries.popleft()
            yield self._checked(entry)
        self._thread.join()
        self._raise_failure()

    def _raise_failure(self) -> None:
        if self._state.error is not None:
            raise self._state.error

    def _checked(self, entry: _Entry) -> ArticleReport:
        assert entry.resolutions is not None
        self.checked += 1
        total = self.expected if self.expected is not None else self.checked + len(self._state.entries)
        self.notify.message(f"checking {self.checked} of {total}: {entry.path}")
        assert entry.article is not None
        return check_article(ArticleTask(entry.article, entry.citations, entry.resolutions, entry.review,
                                         self.settings))

    # -- the evidence thread ----------------------------------------------------------------

    def _evidence(self, source: EvidenceSource | None) -> None:
        try:
            if source is not None:
                self._serve(_Remembered(source, self._answered), None)
                return
            with evidence_source(self.settings, _MessagesOnly(self.notify)) as chosen, \
                    open_registry(self.settings, self.notify.message) as registry:
                self._serve(_Remembered(chosen, self._answered),
                            _RememberedRegistry(registry) if registry is not None else None)
        except BaseException as exc:  # handed to the reading thread, which raises it
            with self._lock:
                self._state.error = exc
                self._lock.notify_all()
            self._changed()

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    def _serve(self, source: _Remembered, registry: _RememberedRegistry | None) -> None:
        while True:
            with self._lock:
                state = self._state
                while len(state.unsent) < BATCH and not state.closed:
                    self._lock.wait()
                if state.abandoned:
                    return
                final = state.closed
                count = len(state.unsent) if final else len(state.unsent) // BATCH * BATCH
                chunk, state.unsent[:count] = state.unsent[:count], []
            for _ in source.fetch_parts(chunk):  # the articles of each answer, resolved as it comes
                self._resolve(source, registry, False)
            if final:  # reading has ended: every article left is resolved, whatever it cites
                self._resolve(source, registry, True)
                return

    def _answered(self, pmids: list[str]) -> None:
        with self._lock:
            self._state.answered.update(pmids)
            done, total = len(self._state.answered), len(self._state.seen)
        self.notify.fetched(done, total)

    def _resolve(self, source: _Remembered, registry: _RememberedRegistry | None, everything: bool) -> None:
        """Resolve, in one call, every waiting article whose evidence can be had now: early
        articles whose records are all in, and, once reading has ended, all the rest."""
        with self._lock:
            state = self._state
            group = [e for e in state.waiting if everything or (e.early and e.pmids <= state.answered)]
            taken = {id(e) for e in group}
            state.waiting = [e for e in state.waiting if id(e) not in taken]
        if not group:
            return
        answers = resolve([c for e in group for c in e.citations], source, registry)
        position = 0
        with self._lock:
            for entry in group:
                entry.resolutions = tuple(answers[position:position + len(entry.citations)])
                position += len(entry.citations)
            self._lock.notify_all()
        self._changed()


class _MessagesOnly:
    """The run's progress, less the client's per-call fetch counts (`Overlapped` counts the run's)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress

    def message(self, text: str) -> None:
        self.progress.message(text)

    def fetched(self, done: int, total: int) -> None:
        pass


def audit_overlapped(articles: Sequence[Article], settings: Settings, progress: Progress | None = None,
                     source: EvidenceSource | None = None,
                     reviewed: Mapping[str, ReviewerInput] | None = None) -> Iterator[ArticleReport]:
    """`audit_articles`'s article reports, in order, the overlapped way."""
    with Overlapped(settings, progress, source) as run:
        for article in articles:
            run.add(article, (reviewed or {}).get(article.path))
            yield from run.ready()
        yield from run.finish()


__all__ = ["OfflineSource", "Overlapped", "audit", "audit_articles", "audit_overlapped", "evidence_source",
           "gather_evidence"]
