"""C1xx: the citation as printed against the PubMed record it points to."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from verifier.checks.normalise import (
    fold,
    is_shortened,
    same_journal,
    same_surname,
    title_similarity,
)
from verifier.checks.registry import RULES, rule, run_family
from verifier.models import (
    Citation,
    CitationStatus,
    Confidence,
    Finding,
    Record,
    Resolution,
    Severity,
    Span,
)
from verifier.parse import expand_pages

DIFFERENT_TITLE_BELOW = 0.5
ERROR, WARNING, INFO = Severity.error, Severity.warning, Severity.info


@dataclass(frozen=True)
class CitationContext:
    citation: Citation
    resolution: Resolution

    @property
    def record(self) -> Record | None:
        return self.resolution.record

    @cached_property
    def wrong_paper(self) -> bool:
        """The id leads to a paper whose title has little to do with the printed one (asked by
        most rules: computed once)."""
        title = self.citation.fields.title
        return bool(self.record and title and self.record.title
                    and title_similarity(title, self.record.title) < DIFFERENT_TITLE_BELOW)


def finding(code: str, ctx: CitationContext, message: str, *, field: str | None = None,
            expected: object = None, found: object = None, span: Span | None = None,
            confidence: Confidence | None = None) -> Finding:
    spec = RULES[code]
    return Finding(code=code, name=spec.name, severity=spec.severity,
                   confidence=confidence or spec.confidence, message=message,
                   citation_id=ctx.citation.id, field=field,
                   expected=None if expected is None else str(expected),
                   found=None if found is None else str(found),
                   span=span or ctx.citation.span)


def _compared(ctx: CitationContext) -> Record | None:
    """The record to compare fields with, unless it is the wrong paper altogether."""
    return None if ctx.wrong_paper else ctx.record


@rule("C101", "id-not-found", ERROR, "The printed PMID, DOI or PMCID matches no PubMed record.")
def id_not_found(ctx: CitationContext) -> Iterator[Finding]:
    """An identifier that leads nowhere sends readers to nothing; it is reported only when
    PubMed answered that the id does not exist, never when the lookup failed."""
    res = ctx.resolution
    if res.status == "not_found" and res.method in ("pmid", "doi", "pmcid"):
        value = getattr(ctx.citation, res.method)
        yield finding("C101", ctx, f"{res.method.upper()} {value} matches no PubMed record",
                      field=res.method, found=value)


@rule("C102", "id-conflict", ERROR, "The printed DOI or PMCID is not the one the record carries.")
def id_conflict(ctx: CitationContext) -> Iterator[Finding]:
    """Two identifiers in one citation that belong to different papers mean at least one is
    wrong; readers following either may land on the wrong paper."""
    record = _compared(ctx)
    if record is None:
        return
    printed_doi = ctx.citation.doi
    if printed_doi and record.doi and printed_doi.lower() != record.doi.lower():
        yield finding("C102", ctx, f"printed DOI {printed_doi} is not the record's DOI {record.doi}",
                      field="doi", expected=record.doi, found=printed_doi)
    printed_pmcid = ctx.citation.pmcid
    if printed_pmcid and record.pmcid and printed_pmcid.upper() != record.pmcid.upper():
        yield finding("C102", ctx, f"printed PMCID {printed_pmcid} is not the record's "
                      f"PMCID {record.pmcid}", field="pmcid", expected=record.pmcid,
                      found=printed_pmcid)


@rule("C103", "wrong-paper", ERROR, "The identifier leads to a different paper than the one described.")
def wrong_paper(ctx: CitationContext) -> Iterator[Finding]:
    """When the record's title shares little with the printed title, the identifier points at
    another paper: the other field comparisons would be noise, so only this is reported."""
    if not ctx.wrong_paper or ctx.record is None:
        return
    field = ctx.resolution.method if ctx.resolution.method != "none" else "pmid"
    score = title_similarity(ctx.citation.fields.title or "", ctx.record.title)
    value = getattr(ctx.citation, field, None) or ctx.record.pmid
    yield finding("C103", ctx, f"{field.upper()} {value} is a different paper: "
                  f"\"{ctx.record.title}\" (title similarity {score:.2f})",
                  field=field, expected=ctx.record.title, found=ctx.citation.fields.title)


@rule("C104", "title-reworded", WARNING, "The printed title is a shortened or reworded form of the real one.")
def title_reworded(ctx: CitationContext) -> Iterator[Finding]:
    """A title that differs beyond case, punctuation and diacritics is not the title of record;
    machine-spun titles ('sufferers' for 'patients') are a sign of a copied, paraphrased page."""
    record, printed = _compared(ctx), ctx.citation.fields.title
    if record is None or not printed or not record.title or fold(printed) == fold(record.title):
        return
    score = title_similarity(printed, record.title)
    kind = "shortened" if is_shortened(printed, record.title) else "reworded"
    yield finding("C104", ctx, f"title {kind} (similarity {score:.2f}); record: \"{record.title}\"",
                  field="title", expected=record.title, found=printed)


@rule("C105", "malformed-identifier", ERROR, "A printed PMID, DOI or PMCID cannot be an identifier.")
def malformed_identifier(ctx: CitationContext) -> Iterator[Finding]:
    """A PMID of twelve digits or a DOI of ten thousand characters points nowhere; readers and
    indexers cannot follow it. It is named, not skipped as if it were not there."""
    for description in ctx.citation.malformed:
        yield finding("C105", ctx, f"{description} cannot be an identifier", field="id", found=description)


@rule("C106", "first-author-mismatch", ERROR, "The first author printed is not the record's first author.")
def first_author(ctx: CitationContext) -> Iterator[Finding]:
    """The first author's surname is how a paper is found and named ('Smith et al.')."""
    record, printed = _compared(ctx), ctx.citation.fields.authors
    if record is None or not printed or not record.authors:
        return
    if not same_surname(printed[0].last_name, record.authors[0].last_name):
        yield finding("C106", ctx, f"first author printed as {printed[0].short()}, record has "
                      f"{record.authors[0].short()}", field="authors",
                      expected=record.authors[0].short(), found=printed[0].short())


@rule("C107", "author-list-mismatch", WARNING, "Authors are missing, added or out of order.")
def author_list(ctx: CitationContext) -> Iterator[Finding]:
    """A reference that drops, adds or reorders authors misattributes the work. A list ended
    with 'et al.' is compared only as far as it goes."""
    record, printed = _compared(ctx), ctx.citation.fields.authors
    if record is None or len(printed) < 2 or not record.authors:
        return
    if not same_surname(printed[0].last_name, record.authors[0].last_name):
        return  # C106 reports it
    ours = [fold(a.last_name) for a in printed]
    theirs = [fold(a.last_name) for a in record.authors]
    shorter = ctx.citation.fields.authors_truncated or not record.authors_complete
    if ours == theirs or (shorter and theirs[: len(ours)] == ours):
        return
    yield finding("C107", ctx, f"author list differs: printed {len(printed)} "
                  f"({', '.join(a.last_name for a in printed)}), record {len(record.authors)} "
                  f"({', '.join(a.last_name for a in record.authors)})", field="authors",
                  expected=", ".join(a.short() for a in record.authors),
                  found=", ".join(a.short() for a in printed))


@rule("C108", "author-initials-mismatch", WARNING, "An author's initials differ from the record's.")
def initials(ctx: CitationContext) -> Iterator[Finding]:
    """Wrong initials make a citation point at a different person of the same surname."""
    record, printed = _compared(ctx), ctx.citation.fields.authors
    if record is None:
        return
    for ours, theirs in zip(printed, record.authors, strict=False):
        if not same_surname(ours.last_name, theirs.last_name) or not theirs.initials:
            continue
        if ours.initials and ours.initials != theirs.initials:
            yield finding("C108", ctx, f"initials of {ours.last_name}: printed {ours.initials}, "
                          f"record {theirs.initials}", field="initials",
                          expected=theirs.short(), found=ours.short())


@rule("C109", "in-text-name-mismatch", WARNING, "An in-text 'X et al.' does not name the first author.",
      confidence=Confidence.medium)
def in_text_name(ctx: CitationContext) -> Iterator[Finding]:
    """'Hetta et al.' in the text must name the first author of the paper it stands for;
    mentions are linked to their section's reference, so this is of medium confidence."""
    record = _compared(ctx)
    first = record.authors[0].last_name if record and record.authors else None
    if first is None:
        return
    for mention in ctx.citation.in_text_mentions:
        if not same_surname(mention.surname, first):
            yield finding("C109", ctx, f"in-text \"{mention.text}\" but the first author is {first}",
                          field="in_text_name", expected=first, found=mention.surname,
                          span=mention.span)


@rule("C110", "year-mismatch", ERROR, "The printed year is neither the print nor the electronic year.")
def year(ctx: CitationContext) -> Iterator[Finding]:
    """The year is part of how a reference is found; either publication date is accepted."""
    record, printed = _compared(ctx), ctx.citation.fields.year
    if record is None or printed is None:
        return
    years = {d.year for d in (record.pub_date, *record.article_dates) if d.year}
    if years and printed not in years:
        yield finding("C110", ctx, f"year printed as {printed}, record has "
                      f"{' or '.join(str(y) for y in sorted(years))}", field="year",
                      expected=record.pub_date.year or min(years), found=printed)


@rule("C111", "date-mismatch", WARNING, "The printed month or day matches neither publication date.")
def month_day(ctx: CitationContext) -> Iterator[Finding]:
    """A wrong month or day is minor, but it shows the reference was not taken from the record."""
    record, fields = _compared(ctx), ctx.citation.fields
    if record is None or fields.year is None:
        return
    dates = [d for d in (record.pub_date, *record.article_dates) if d.year == fields.year]
    if fields.month and dates and all(d.month and d.month != fields.month for d in dates):
        yield finding("C111", ctx, f"month printed as {fields.month}, record has "
                      f"{' or '.join(str(d.month) for d in dates)}", field="month",
                      expected=dates[0].month, found=fields.month)
        return
    same_month = [d for d in dates if d.month == fields.month]
    if fields.day and same_month and all(d.day and d.day != fields.day for d in same_month):
        yield finding("C111", ctx, f"day printed as {fields.day}, record has "
                      f"{' or '.join(str(d.day) for d in same_month)}", field="day",
                      expected=same_month[0].day, found=fields.day)


@rule("C112", "journal-mismatch", ERROR, "The printed journal is not the record's journal.")
def journal(ctx: CitationContext) -> Iterator[Finding]:
    """The journal is accepted as its full title, ISO abbreviation or NLM title abbreviation."""
    record, printed = _compared(ctx), ctx.citation.fields.journal
    if record is None or not printed or not (record.journal_iso or record.journal_title):
        return
    if not same_journal(printed, record.journal_iso, record.medline_ta, record.journal_title):
        yield finding("C112", ctx, f"journal printed as \"{printed}\", record has "
                      f"\"{record.medline_ta or record.journal_iso}\" ({record.journal_title})",
                      field="journal", expected=record.medline_ta or record.journal_iso,
                      found=printed)


def _field_differs(printed: str | None, actual: str | None) -> bool:
    return bool(printed and actual and fold(printed) != fold(actual))


@rule("C113", "volume-mismatch", ERROR, "The printed volume is not the record's.")
def volume(ctx: CitationContext) -> Iterator[Finding]:
    """A wrong volume sends a reader to the wrong issue of the journal."""
    record, printed = _compared(ctx), ctx.citation.fields.volume
    if record is not None and _field_differs(printed, record.volume):
        yield finding("C113", ctx, f"volume printed as {printed}, record has {record.volume}",
                      field="volume", expected=record.volume, found=printed)


@rule("C114", "issue-mismatch", WARNING, "The printed issue is not the record's.")
def issue(ctx: CitationContext) -> Iterator[Finding]:
    """Issue numbers are often dropped or invented by citation generators; reported when the
    record has one and it differs."""
    record, printed = _compared(ctx), ctx.citation.fields.issue
    if record is not None and _field_differs(printed, record.issue):
        yield finding("C114", ctx, f"issue printed as {printed}, record has {record.issue}",
                      field="issue", expected=record.issue, found=printed)


@rule("C115", "pages-mismatch", ERROR, "The printed pages or article number are not the record's.")
def pages(ctx: CitationContext) -> Iterator[Finding]:
    """Pages are compared after expanding NLM ranges ('188-91'); an article number may match
    the record's pagination or its electronic location id."""
    record, printed = _compared(ctx), expand_pages(ctx.citation.fields.pages)
    if record is None or not printed or not (record.pages or record.elocation_ids):
        return
    if _pages_match(printed, record):
        return
    yield finding("C115", ctx, f"pages printed as {printed}, record has "
                  f"{record.pages or ', '.join(record.elocation_ids)}", field="pages",
                  expected=record.pages or record.elocation_ids[0], found=printed)


def _pages_match(printed: str, record: Record) -> bool:
    if fold(printed) in {fold(v) for v in (record.pages, *record.elocation_ids) if v}:
        return True
    return "-" not in printed and fold(printed) == fold(record.first_page or "")


@rule("C116", "retracted", ERROR, "The cited paper has been retracted.")
def retracted(ctx: CitationContext) -> Iterator[Finding]:
    """A retracted paper is not evidence for anything; PubMed links the retraction notice."""
    record = ctx.record
    if record is None:
        return
    notices = [c for c in record.corrections if c.kind == "RetractionIn"]
    if notices or "Retracted Publication" in record.publication_types:
        where = notices[0].source if notices else "publication type Retracted Publication"
        yield finding("C116", ctx, f"PMID {record.pmid} is retracted ({where})", field="pmid",
                      found=record.pmid)


@rule("C117", "erratum", INFO, "An erratum has been published for the cited paper.")
def erratum(ctx: CitationContext) -> Iterator[Finding]:
    """An erratum may change the figures an article quotes; worth a look, not an error."""
    for notice in (c for c in (ctx.record.corrections if ctx.record else ()) if c.kind == "ErratumIn"):
        yield finding("C117", ctx, f"erratum published: {notice.source}", field="pmid",
                      found=notice.pmid)


@rule("C118", "expression-of-concern", WARNING, "An expression of concern is attached to the cited paper.")
def concern(ctx: CitationContext) -> Iterator[Finding]:
    """Editors have publicly questioned the paper's reliability."""
    record = ctx.record
    for notice in (c for c in (record.corrections if record else ()) if c.kind ==
                   "ExpressionOfConcernIn"):
        yield finding("C118", ctx, f"expression of concern: {notice.source}", field="pmid",
                      found=notice.pmid)


@rule("C119", "reference-unresolvable", WARNING, "A reference without ids matches no PubMed record.")
def unresolvable(ctx: CitationContext) -> Iterator[Finding]:
    """ECitMatch found nothing for the journal, year, volume, page and author printed: the
    reference is wrong or not indexed in PubMed."""
    res = ctx.resolution
    if res.method == "citmatch" and res.status == "not_found":
        yield finding("C119", ctx, "no PubMed record matches this reference's journal, year, "
                      "volume, first page and first author", field="reference")


@rule("C120", "reference-resolved", INFO, "A reference without ids was matched to a PubMed record.")
def resolved(ctx: CitationContext) -> Iterator[Finding]:
    """Tells the reader which record a reference without identifiers was checked against."""
    res = ctx.resolution
    if res.method == "citmatch" and res.record is not None:
        yield finding("C120", ctx, f"reference matched to PMID {res.record.pmid}", field="pmid",
                      expected=res.record.pmid)


@rule("C121", "citation-unverified", WARNING, "The record could not be obtained, so nothing was checked.")
def unverified(ctx: CitationContext) -> Iterator[Finding]:
    """A citation that could not be checked must never pass silently; the reason is given
    (offline, not in the snapshot, lookup failed)."""
    res = ctx.resolution
    if res.status == "unavailable":
        yield finding("C121", ctx, f"not verified: {res.reason}", field=None)
    elif res.status == "no_ids":
        yield finding("C121", ctx, f"not verified: {res.reason}", field=None,
                      confidence=Confidence.medium)


def check_citation(citation: Citation, resolution: Resolution) -> tuple[list[Finding], CitationStatus]:
    ctx = CitationContext(citation, resolution)
    findings = run_family("C", ctx, citation.span, citation_id=citation.id)
    return findings, citation_status(resolution, findings)


def citation_status(resolution: Resolution, findings: list[Finding]) -> CitationStatus:
    if resolution.status == "unavailable":
        return CitationStatus.unverified
    if resolution.status == "no_ids" or (resolution.method == "citmatch"
                                         and resolution.status == "not_found"):
        return CitationStatus.unresolved
    if any(f.severity != Severity.info and f.code != "C121" for f in findings):
        return CitationStatus.mismatch
    return CitationStatus.verified if resolution.record is not None else CitationStatus.mismatch
