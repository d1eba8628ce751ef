"""The typed hand-offs between stages.

ingest -> Article; citations -> Citation; resolve/fetch/parse -> Record;
checks -> Finding; report -> Report. Every model is immutable.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(Frozen):
    """A character range in the article's clean text, with the original file position."""

    start: int
    end: int
    line: int
    column: int = 1


class TextBlock(Frozen):
    """A piece of page furniture (navigation, a call to action) kept apart from the text."""

    kind: Literal["navigation", "call_to_action", "boilerplate"]
    text: str
    line: int


class Article(Frozen):
    path: str
    text: str
    line_starts: tuple[int, ...] = Field(
        description="offset in `text` where each line of the original file begins"
    )
    source_lines: tuple[int, ...] = Field(
        description="original file line of each line of `text` (differs from 1..n for HTML)"
    )
    set_apart: tuple[TextBlock, ...] = ()
    encoding: str = "utf-8"
    media_type: Literal["text", "markdown", "html"] = "text"


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return {"info": 1, "warning": 2, "error": 3}[self.value]


class Confidence(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"


class Author(Frozen):
    last_name: str
    initials: str = ""
    collective: bool = False

    def short(self) -> str:
        return f"{self.last_name} {self.initials}".strip()


class PrintedFields(Frozen):
    """What the reference string says, field by field (None: not printed)."""

    authors: tuple[Author, ...] = ()
    authors_truncated: bool = False
    title: str | None = None
    journal: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None


class CitationStatus(StrEnum):
    verified = "verified"
    mismatch = "mismatch"
    unverified = "unverified"
    unresolved = "unresolved"


class Citation(Frozen):
    id: str
    printed: str
    span: Span
    pmid: str | None = None
    doi: str | None = None
    pmcid: str | None = None
    fields: PrintedFields = PrintedFields()
    in_text_mentions: tuple[InTextMention, ...] = ()


class InTextMention(Frozen):
    text: str
    surname: str
    span: Span


class PubDate(Frozen):
    year: int | None = None
    month: int | None = None
    day: int | None = None
    text: str = ""


class AbstractSection(Frozen):
    label: str | None = None
    text: str


class Correction(Frozen):
    kind: str
    source: str = ""
    pmid: str | None = None


class Record(Frozen):
    """One PubMed record, parsed."""

    pmid: str
    doi: str | None = None
    pmcid: str | None = None
    title: str = ""
    authors: tuple[Author, ...] = ()
    authors_complete: bool = True
    journal_title: str = ""
    journal_iso: str = ""
    medline_ta: str = ""
    pub_date: PubDate = PubDate()
    article_dates: tuple[PubDate, ...] = ()
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    elocation_ids: tuple[str, ...] = ()
    publication_types: tuple[str, ...] = ()
    mesh_headings: tuple[str, ...] = ()
    abstract: tuple[AbstractSection, ...] = ()
    corrections: tuple[Correction, ...] = ()
    publication_status: str | None = None

    @property
    def first_page(self) -> str | None:
        if not self.pages:
            return None
        return self.pages.split("-")[0]


class Resolution(Frozen):
    """How a citation was tied to a PubMed record, or why it could not be."""

    citation_id: str
    pmid: str | None = None
    method: Literal["pmid", "doi", "pmcid", "citmatch", "none"] = "none"
    status: Literal["found", "not_found", "unavailable", "no_ids"] = "no_ids"
    reason: str = ""
    record: Record | None = None
    doi_pmid: str | None = Field(
        default=None, description="the PMID the printed DOI resolves to, when it was looked up"
    )


class Finding(Frozen):
    code: str
    name: str
    severity: Severity
    confidence: Confidence = Confidence.high
    message: str
    citation_id: str | None = None
    claim_id: str | None = None
    field: str | None = None
    expected: str | None = None
    found: str | None = None
    span: Span | None = None


class CitationReport(Frozen):
    citation: Citation
    status: CitationStatus
    reason: str = ""
    record: Record | None = None


class ArticleReport(Frozen):
    path: str
    citations: tuple[CitationReport, ...]
    findings: tuple[Finding, ...]
    set_apart: tuple[TextBlock, ...] = ()


class Report(Frozen):
    articles: tuple[ArticleReport, ...]


Citation.model_rebuild()
