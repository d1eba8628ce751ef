"""The audit as the commands run it, as a library with no click in it: which files are
articles, reviewed claim files matched to them, a batch in which a bad file is an entry and not
an abort, evidence gaps said out loud, baselines, JSON Lines streaming, and `fetch`'s lookup.

The CLI parses options, calls these, prints the notes and maps the outcome to an exit code.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from verifier import ingest
from verifier.collector import fewer_collections
from verifier.errors import InputError, UsageError
from verifier.models import (
    Article,
    ArticleReport,
    CitationStatus,
    Finding,
    Report,
    Resolution,
    ReviewerInput,
    Severity,
)
from verifier.pipeline import Overlapped, Progress, evidence_source
from verifier.report.provenance import run_info
from verifier.settings import Settings, known_codes

if TYPE_CHECKING:  # claim files (and YAML) and baselines load only for a run that has them
    from verifier import claimfile

RECORDING_MODES = ("once", "new_episodes", "all")
# How the E-utilities client words a transport failure (httpx's connect errors and timeouts) and
# the offline source its refusal: recording through any of these records nothing.
NO_NETWORK = ("network error (", "timed out (", "offline (")


class _Silent:
    def message(self, text: str) -> None:
        pass

    def fetched(self, done: int, total: int) -> None:
        pass


@dataclass
class Notes:
    """What a run has to say on stderr besides the report: warnings always, notes unless quiet."""

    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --- claim files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimEntry:
    source: str
    claim_file: claimfile.ClaimFile
    article: Path  # the article it names, resolved

    @property
    def display_path(self) -> str:
        """The article as a path to open from here: as written when that works, else found
        beside the claim file."""
        return _shown(self.article)


@dataclass(frozen=True)
class ClaimFiles:
    entries: tuple[ClaimEntry, ...] = ()

    def for_path(self, path: str) -> ClaimEntry | None:
        resolved = _resolved(path)
        return next((e for e in self.entries if e.article == resolved), None)

    def reviewed(self, paths: Sequence[str]) -> dict[str, ReviewerInput]:
        """What each audited article's claim file adds, keyed by the path as audited."""
        found = {}
        for path in paths:
            entry = self.for_path(path)
            if entry is not None:
                found[path] = entry.claim_file.reviewer_input()
        return found

    def unmatched(self, paths: Sequence[str]) -> list[ClaimEntry]:
        audited = {_resolved(p) for p in paths}
        return [e for e in self.entries if e.article not in audited]


def load_claim_files(paths: Sequence[str]) -> ClaimFiles:
    """Claim files (or folders of them); each is matched to its article by resolved path, found
    relative to the working folder or to a folder above the claim file."""
    if not paths:
        return ClaimFiles()
    from verifier import claimfile

    entries: list[ClaimEntry] = []
    for item in paths:
        path = Path(item).expanduser()
        if not path.exists():
            raise UsageError(f"--claims {item}: no such file or directory")
        for name in sorted(path.glob("*.yaml")) if path.is_dir() else [path]:
            ingest.regular_file(str(name), "--claims")
            loaded = claimfile.load(str(name))
            entries.append(ClaimEntry(str(name), loaded, _locate(loaded.article, name)))
    return ClaimFiles(tuple(entries))


def require_articles_inside(claims: ClaimFiles, folder: Path) -> None:
    """`check` audits what the repository holds: an article a claim file names must lie inside
    the working folder or the claim file's own git repository, or any file on the machine could
    be read into the annotations."""
    here = _resolved(str(folder))
    for entry in claims.entries:
        roots = [here, *_repository_of(Path(entry.source))]
        if not any(entry.article.is_relative_to(root) for root in roots):
            raise UsageError(f"{entry.source}: its article {entry.claim_file.article!r} lies outside the "
                             "working folder and the claim file's repository; `verifier check` audits only "
                             "articles inside them")


def _repository_of(path: Path) -> list[Path]:
    """The work tree holding a file: its nearest folder with a `.git`, if any."""
    return [folder for folder in _resolved(str(path)).parents if (folder / ".git").exists()][:1]


def _locate(article: str, claim_path: Path) -> Path:
    written = Path(article).expanduser()
    candidates = [written] if written.is_absolute() else [
        written, *(folder / written for folder in claim_path.resolve().parents)]
    return _resolved(str(next((c for c in candidates if c.exists()), written)))


def _resolved(path: str) -> Path:
    try:
        return Path(path).expanduser().resolve()
    except (OSError, RuntimeError):
        return Path(path).absolute()


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# --- reading a batch -------------------------------------------------------------------------


def article_paths(inputs: Sequence[str], settings: Settings) -> list[str]:
    """The files the inputs name (folders expanded), kept by the config's include/exclude; an
    input that names nothing is kept so that reading it reports why."""
    found: list[str] = []
    for item in inputs:
        try:
            expanded = list(ingest.iter_paths([item]))
        except InputError:
            found.append(item)
            continue
        found.extend(p for p in expanded if p == "-" or settings.is_article(p))
    return found


def read_articles(paths: Sequence[str], settings: Settings) -> tuple[list[Article], list[ArticleReport]]:
    """Every article that can be read, and an X901 entry for each file that cannot; when none
    can, the first reason is the error."""
    articles: list[Article] = []
    unreadable: list[ArticleReport] = []
    for path in paths:
        try:
            articles.append(ingest.load(path, settings.max_bytes))
        except InputError as exc:
            unreadable.append(_unreadable(path, str(exc)))
    if unreadable and not articles:
        first = unreadable[0].findings[0].message
        more = f" (and {len(unreadable) - 1} more files that cannot be read)" if len(unreadable) > 1 else ""
        raise InputError(first + more)
    return articles, unreadable


def _unreadable(path: str, reason: str) -> ArticleReport:
    from verifier.fingerprint import fingerprint

    finding = Finding(code="X901", name="unreadable-article", severity=Severity.error,
                      message=f"not audited: {reason}")
    return ArticleReport(path=path, citations=(),
                         findings=(finding.model_copy(update={"fingerprint": fingerprint(finding)}),))


def directive_warnings(articles: Sequence[Article]) -> list[str]:
    from verifier import suppress

    known = known_codes()
    return [f"{a.path}:{line}: suppression comment names {code!r}, which is no rule's code or prefix"
            for a in articles for line, code in suppress.unknown_codes(a.directives, known)]


# --- the audit -------------------------------------------------------------------------------


@dataclass
class Outcome:
    report: Report
    notes: Notes


def run_audit(inputs: Sequence[str], settings: Settings, claims: ClaimFiles | None = None,
              progress: Progress | None = None, baseline_path: str | None = None,
              dask_scheduler: str | None = None, jobs: int = 1) -> Outcome:
    """Audit the inputs: the fetch starts while articles are still being read, and each article
    is checked once its evidence is in (`pipeline.Overlapped`); on Dask, evidence for every
    citation first, then each article's checks on the cluster."""
    claims = claims or ClaimFiles()
    notes = Notes()
    check_inputs(settings)
    paths = _paths_or_nothing(inputs, settings, notes)
    if not paths:
        return Outcome(Report(articles=(), run=run_info(settings)), notes)
    unreadable: list[ArticleReport] = []
    if dask_scheduler:
        from verifier.distributed import audit_on_dask

        articles, unreadable = read_articles(paths, settings)
        notes.warnings.extend(directive_warnings(articles))
        checked = audit_on_dask([a.path for a in articles], settings, dask_scheduler, progress,
                                reviewed=claims.reviewed([a.path for a in articles])).articles
    else:
        checked = tuple(checked_as_read(paths, settings, claims, unreadable, notes, progress, jobs))
    report = _in_input_order(Report(articles=(*checked, *unreadable), run=run_info(settings)), paths)
    evidence_notes(report, settings, notes)
    if baseline_path is not None:
        report = _with_baseline(report, baseline_path, notes)
    claim_notes(claims, report, notes)
    return Outcome(report, notes)


def checked_as_read(paths: Sequence[str], settings: Settings, claims: ClaimFiles, unreadable: list[ArticleReport],
                    notes: Notes, progress: Progress | None = None, jobs: int = 1) -> Iterator[ArticleReport]:
    """Each readable article's report, in the order read, the overlapped way: the articles are
    read one by one, their PMIDs fetched meanwhile, and each is checked once its evidence is in.
    A file that cannot be read joins `unreadable` (X901); when none can, the first reason is the
    error, raised once every path was tried (as `read_articles` raises it). With `jobs` > 1 the
    reading and checking run in that many worker processes (verifier/parallel.py), same answers."""
    if jobs > 1:
        from verifier.parallel import checked_in_workers

        yield from checked_in_workers(paths, settings, _reviews_of(claims), unreadable, notes.warnings, progress,
                                      jobs, "report")
        return
    notify = progress or _Silent()
    review = _reviews_of(claims)
    readable = 0
    with fewer_collections(), Overlapped(settings, progress, expected=len(paths)) as run:  # verifier/collector.py
        for number, path in enumerate(paths, 1):
            try:
                article = ingest.load(path, settings.max_bytes)
            except InputError as exc:
                unreadable.append(_unreadable(path, str(exc)))
                continue
            readable += 1
            notes.warnings.extend(directive_warnings([article]))
            notify.message(f"reading {number} of {len(paths)}: {path}")
            run.add(article, review(article.path))
            yield from run.ready()
        raise_if_none_readable(unreadable, readable)
        yield from run.finish()


def raise_if_none_readable(unreadable: list[ArticleReport], readable: int) -> None:
    """When no file could be read, the first reason is the error (with how many more failed)."""
    if unreadable and not readable:
        first = unreadable[0].findings[0].message
        more = f" (and {len(unreadable) - 1} more files that cannot be read)" if len(unreadable) > 1 else ""
        raise InputError(first + more)


def _reviews_of(claims: ClaimFiles) -> Callable[[str], ReviewerInput | None]:
    """An article's reviewer input, from its claim file (None without one)."""
    def review(path: str) -> ReviewerInput | None:
        entry = claims.for_path(path) if claims.entries else None
        return entry.claim_file.reviewer_input() if entry is not None else None

    return review


@dataclass(frozen=True)
class Line:
    """One article as JSON Lines streaming writes it: its line, and what the closing summary and
    the exit code need from it (small: what a worker process sends back instead of the report)."""

    text: str
    summary: dict[str, Any]
    codes: list[str]
    worst: int
    gaps: list[tuple[str, str]]


def line_of(report: ArticleReport) -> Line:
    from verifier.report.json_report import summary
    from verifier.report.lines import article_line

    return Line(article_line(report), summary(Report(articles=(report,))), [f.code for f in report.findings],
                max([0, *(f.severity.rank for f in report.findings)]),
                [(report.path, c.reason) for c in report.citations if c.status == CitationStatus.unverified])


def _paths_or_nothing(inputs: Sequence[str], settings: Settings, notes: Notes) -> list[str]:
    paths = article_paths(inputs, settings)
    if not paths:
        notes.notes.append("verifier: every file given is excluded by the config's include/exclude; "
                           "nothing audited")
    return paths


def _in_input_order(report: Report, paths: Sequence[str]) -> Report:
    order = {p: n for n, p in enumerate(paths)}
    articles = sorted(report.articles, key=lambda a: order.get(a.path, len(order)))
    return report.model_copy(update={"articles": tuple(articles)})


def check_inputs(settings: Settings) -> None:
    """Evidence files that are FIFOs or devices would hang the run: refused before it starts."""
    for path in (*settings.records, *([settings.cassette] if settings.cassette else [])):
        ingest.regular_file(path, "--records" if path in settings.records else "--cassette")


def evidence_gaps(report: Report) -> list[tuple[str, str]]:
    """(article, reason) for each citation whose record could not be had."""
    return [(a.path, c.reason) for a in report.articles for c in a.citations
            if c.status == CitationStatus.unverified]


def evidence_notes(report: Report, settings: Settings, notes: Notes) -> None:
    """Say when evidence was missing; recording a cassette without it is an error."""
    gaps = evidence_gaps(report)
    if not gaps:
        return
    total = sum(len(a.citations) for a in report.articles)
    path, reason = gaps[0]
    line = _gap_line(len(gaps), total, path, reason)
    _refuse_recording_without_network(gaps, total, settings)
    hint = "" if settings.require_evidence else " (--require-evidence makes this exit 3)"
    notes.warnings.append(f"verifier: warning: evidence unavailable for {line}{hint}")


def _refuse_recording_without_network(gaps: list[tuple[str, str]], total: int, settings: Settings) -> None:
    """Recording a cassette through no network leaves it without the exchanges: an error, not
    a run that replays as 'unverified' later."""
    if not settings.cassette or settings.record_mode not in RECORDING_MODES:
        return
    unreached = [gap for gap in gaps if any(words in gap[1] for words in NO_NETWORK)]
    if unreached:
        raise UsageError(f"--record-mode {settings.record_mode}: nothing recorded for "
                         f"{_gap_line(len(unreached), total, *unreached[0])}; recording a cassette "
                         "needs the network")


def _gap_line(count: int, total: int, path: str, reason: str) -> str:
    return f"{count} of {total} citations, first in {path}: {reason or 'no reason given'}"


def _with_baseline(report: Report, path: str, notes: Notes) -> Report:
    from verifier import baseline

    ingest.regular_file(path, "--baseline")
    report, stale = baseline.apply(report, baseline.load(path))
    known = sum(len(a.baselined) for a in report.articles)
    new = sum(len(a.findings) for a in report.articles)
    notes.notes.append(f"verifier: baseline {path}: {known} known, {new} new, {len(stale)} stale")
    notes.warnings.extend(f"verifier: stale baseline entry: {e.path}: {e.code} ({e.fingerprint}) "
                          "matches no current finding" for e in stale)
    return report


def claim_notes(claims: ClaimFiles, report: Report, notes: Notes) -> None:
    """Claim files that match no audited article; articles changed since extraction; reviews
    that match no finding any more."""
    if not claims.entries:
        return
    from verifier import claimfile

    notes.warnings.extend(
        f"verifier: warning: claim file {e.source} names {e.claim_file.article}, which is not among "
        "the audited articles" for e in claims.unmatched([a.path for a in report.articles]))
    for article in report.articles:
        entry = claims.for_path(article.path)
        if entry is None or any(f.code == "X901" for f in article.findings):
            continue
        if entry.claim_file.article_sha256 != claimfile.sha256_of(article.path):
            notes.notes.append(f"verifier: note: {article.path} changed since its claim file was extracted")
        for stale in claimfile.stale_reviews(entry.claim_file, article):
            notes.warnings.append(f"verifier: warning: {article.path}: review of {stale.code} "
                                  f"({stale.fingerprint}) matches no current finding")


@dataclass
class Streamed:
    worst: int
    unverified: bool
    notes: Notes


def stream_jsonl(inputs: Sequence[str], settings: Settings, claims: ClaimFiles, stream: TextIO,
                 progress: Progress | None = None, jobs: int = 1) -> Streamed:
    """JSON Lines for big batches: the evidence for every article first (deduplicated and
    batched), then each article is checked, written and let go, so memory does not grow with the
    number of articles' reports."""
    from verifier.report.lines import Totals

    notes = Notes()
    check_inputs(settings)
    paths = _paths_or_nothing(inputs, settings, notes)
    unreadable: list[ArticleReport] = []
    totals, worst, cited = Totals(), 0, 0
    gaps: list[tuple[str, str]] = []
    lines: Iterator[Line] = iter(())
    if paths and jobs > 1:
        from verifier.parallel import checked_in_workers

        lines = checked_in_workers(paths, settings, _reviews_of(claims), unreadable, notes.warnings, progress,
                                   jobs, "line")
    elif paths:
        lines = map(line_of, checked_as_read(paths, settings, claims, unreadable, notes, progress))
    for line in itertools.chain(lines, (line_of(report) for report in unreadable)):
        stream.write(line.text + "\n")
        totals.add_summary(line.summary, line.codes)
        worst = max(worst, line.worst)
        cited += line.summary["citations"]
        gaps.extend(line.gaps)
    stream.write(totals.line() + "\n")
    if gaps:
        said = _gap_line(len(gaps), cited, *gaps[0])
        _refuse_recording_without_network(gaps, cited, settings)
        notes.warnings.append(f"verifier: warning: evidence unavailable for {said}")
    return Streamed(worst, bool(gaps), notes)


def exit_code(report: Report, settings: Settings) -> int:
    """0 nothing at or above fail-on; 1 findings at or above it; 3 evidence missing when it is
    required (checked first: a run that could not verify must not look like a clean one)."""
    worst = max((f.severity.rank for a in report.articles for f in a.findings), default=0)
    return exit_for(worst, bool(evidence_gaps(report)), settings)


def exit_for(worst: int, unverified: bool, settings: Settings) -> int:
    if settings.require_evidence and unverified:
        return 3
    threshold = settings.fail_threshold
    return 1 if threshold is not None and worst >= threshold.rank else 0


# --- fetch -----------------------------------------------------------------------------------


def lookup(identifier: str, settings: Settings) -> Resolution:
    """The record for a PMID, DOI or PMCID, through the source the settings ask for."""
    from verifier.citations import extract_ids
    from verifier.models import Citation, Span
    from verifier.resolve import resolve

    text = identifier.strip()
    ids = extract_ids(f"PMID: {text}" if text.isdigit() else text)
    if not (ids.pmid or ids.doi or ids.pmcid):
        raise UsageError(f"{identifier!r} is not a PMID, DOI or PMCID")
    citation = Citation(id="c1", printed=text, span=Span(start=0, end=len(text), line=1),
                        pmid=ids.pmid, doi=ids.doi, pmcid=ids.pmcid)
    check_inputs(settings)
    with evidence_source(settings) as source:
        return resolve([citation], source)[0]
