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


class Link(Frozen):
    """A hyperlink of an HTML page: where its text sits in the clean text, and its target."""

    start: int
    end: int
    href: str
    line: int = Field(description="line of the original file the link is on")


class InlineDirective(Frozen):
    """A `<!-- verifier: disable=CODE reason="..." -->` comment in the article, on its original
    line; `target` is the line a `disable-next-line` applies to."""

    line: int
    action: Literal["disable", "enable", "disable-next-line"]
    codes: tuple[str, ...] = Field(default=(), description="codes or prefixes; empty: every rule")
    reason: str = ""
    target: int | None = None


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
    links: tuple[Link, ...] = ()
    encoding: str = "utf-8"
    media_type: Literal["text", "markdown", "html"] = "text"
    directives: tuple[InlineDirective, ...] = Field(default=(), description="inline suppression comments")


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
    suffix: str = Field(default="", description="Jr, Sr, 2nd, 3rd, II, III as printed")

    def short(self) -> str:
        return f"{self.last_name} {self.initials}".strip()


class LabelledSpan(Frozen):
    """A run of words of one label in the reference string (offsets into the string parsed)."""

    label: str
    start: int
    end: int
    text: str


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
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    article_number: str | None = Field(default=None, description="e0123456, eabl6449, 321ra5: printed for pages")
    ahead_of_print: bool = False
    supplement: str | None = Field(default=None, description="'Suppl 2' as printed with the volume or issue")
    labels: tuple[LabelledSpan, ...] = Field(default=(), description="the labelled words each field came from")


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
    marker: int | None = Field(default=None, description="its number in a numbered reference list")
    malformed: tuple[str, ...] = Field(default=(), description="printed ids that cannot be ids")


class InTextMention(Frozen):
    text: str
    surname: str
    span: Span
    year: int | None = None  # "Smith et al. (2020)", "Smith et al., 2020": the year printed with it


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
    """One bibliographic record, parsed: from PubMed (an article, a book or a chapter) or, for a
    DOI PubMed does not index, from Crossref (then `pmid` is empty)."""

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
    kind: Literal["article", "book", "chapter"] = "article"
    book_title: str | None = Field(default=None, description="the book a chapter is in, or the book")
    editors: tuple[Author, ...] = ()
    publisher: str | None = None
    publisher_location: str | None = None
    edition: str | None = None
    isbn: tuple[str, ...] = ()
    book_accession: str | None = Field(default=None, description="NCBI Bookshelf accession (NBK...)")
    source: Literal["PubMed", "Crossref"] = Field(default="PubMed", description="where the record came from")

    @property
    def label(self) -> str:
        """How messages name the record: its PMID, or its DOI when it is not from PubMed."""
        return f"PMID {self.pmid}" if self.pmid else f"DOI {self.doi}"

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
    fingerprint: str = ""
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


class SuppressedFinding(Frozen):
    """A finding silenced by an inline comment in the article: kept, listed, never counted."""

    finding: Finding
    reason: str = ""
    line: int = Field(description="the line of the suppressing comment")


class ClaimKind(StrEnum):
    efficacy = "efficacy"
    safety = "safety"
    mechanism = "mechanism"
    comparative = "comparative"
    statistic = "statistic"
    advice = "advice"
    risk = "risk"


class Population(StrEnum):
    human = "human"
    animal = "animal"
    in_vitro = "in_vitro"
    mixed = "mixed"
    unspecified = "unspecified"


class NumberMention(Frozen):
    """A figure as printed: "approximately 40%" is value 40, 0 decimals, approximate."""

    text: str
    value: float
    unit: Literal["%", ""] = ""
    decimals: int = 0
    approximate: bool = False
    context: tuple[str, ...] = Field(default=(), description="content words around the figure")

    @property
    def tolerance(self) -> float:
        """Half a unit of the last printed digit; a whole unit when marked approximate."""
        step = 10.0 ** -self.decimals
        return step if self.approximate else step / 2


class ClaimCue(Frozen):
    kind: str
    text: str


class Claim(Frozen):
    id: str
    text: str
    span: Span
    kind: ClaimKind
    strength: int = Field(ge=0, le=3)
    cues: tuple[ClaimCue, ...] = ()
    numbers: tuple[NumberMention, ...] = ()
    population: Population = Population.unspecified
    attribution: str | None = Field(default=None, description='e.g. "According to the authors"')
    citation_ids: tuple[str, ...] = ()
    linked_by: tuple[str, ...] = Field(default=(), description="how each citation was tied to it")
    topical: bool = Field(default=True, description="names the subject of the cited study")

    def cue_texts(self, *kinds: str) -> list[str]:
        return [c.text for c in self.cues if c.kind in kinds]


class DesignType(StrEnum):
    meta_analysis_rcts = "meta-analysis of RCTs"
    meta_analysis_uncontrolled = "meta-analysis of uncontrolled studies"
    meta_analysis_mixed = "meta-analysis (included designs not stated)"
    systematic_review_qualitative = "qualitative systematic review"
    rct = "randomised controlled trial"
    non_randomised_controlled = "non-randomised controlled study"
    cohort = "cohort study"
    case_control = "case-control study"
    cross_sectional = "cross-sectional study"
    single_arm = "single-arm trial / case series"
    case_report = "case report"
    narrative_review = "narrative review"
    preclinical_animal = "preclinical animal study"
    in_vitro = "in vitro study"
    opinion = "opinion"
    unknown = "unknown"


class DesignFact(Frozen):
    """One design fact and where the record says it: "publication type: Randomized Controlled
    Trial", "MeSH: Cohort Studies", 'abstract: "non-randomised"'."""

    field: str
    value: str
    source: str


class StudyDesign(Frozen):
    """What a study can support: its design and evidence level, with where each fact came from."""

    type: DesignType
    evidence_level: int | None = Field(default=None, ge=1, le=5,
                                       description="Oxford CEBM 2011, treatment-benefit question")
    population: Population = Population.unspecified
    n: int | None = None
    n_unit: Literal["participants", "studies", "animals"] = "participants"
    controlled: bool | None = None
    randomized: bool | None = None
    blinded: bool | None = None
    phase: str | None = None
    follow_up: str | None = None
    conclusion_strength: int | None = Field(default=None, ge=0, le=3,
                                            description="strength of the authors' own conclusion")
    conclusion: str | None = None
    cues: tuple[str, ...] = Field(default=(), description="the words that decided the design")
    basis: Literal["record", "reviewer", "article"] = "record"
    provenance: str = ""
    facts: tuple[DesignFact, ...] = Field(default=(), description="each design fact with its source")
    pooled_designs: str | None = Field(default=None, description="what a meta-analysis pooled")
    primary_outcome: str | None = None
    primary_met: bool | None = Field(default=None, description="None: the abstract does not say")
    arms: tuple[str, ...] = Field(default=(), description="the comparators the study names")
    historical_control: bool = False

    def describe(self) -> str:
        parts = ["study of unknown design" if self.type == DesignType.unknown else self.type.value]
        if self.pooled_designs and self.type == DesignType.meta_analysis_mixed:
            parts[0] = f"meta-analysis of {self.pooled_designs}"
        if self.n is not None:
            parts.append(f"n={self.n} {self.n_unit}")
        if self.controlled is False:
            parts.append("no control group")
        if self.randomized is False and self.controlled:
            parts.append("not randomised")
        if self.blinded is False:
            parts.append("open-label")
        if self.population not in (Population.unspecified, Population.human):
            parts.append(f"population {self.population.value.replace('_', ' ')}")
        if self.evidence_level is not None:
            parts.append(f"CEBM level {self.evidence_level}")
        record = "from the Crossref record" if self.provenance.startswith("Crossref") else "from the PubMed record"
        basis = {"record": record, "reviewer": "reviewer-supplied",
                 "article": "as the article describes it; record not available"}[self.basis]
        sources = "; ".join(self.cues[:2])
        return f"{', '.join(parts)} ({basis}{': ' + sources if sources else ''})"


class CitationReport(Frozen):
    citation: Citation
    status: CitationStatus
    reason: str = ""
    record: Record | None = None
    design: StudyDesign | None = None


class Review(Frozen):
    """A reviewer's decision on one finding, kept in the claim file."""

    fingerprint: str
    status: Literal["accepted", "dismissed"]
    reason: str = ""


class ReviewerInput(Frozen):
    """What a reviewed claim file adds to an audit: design facts for citations whose record is
    not at hand (keyed by the folded printed citation), and decisions on findings."""

    designs: dict[str, StudyDesign] = Field(default_factory=dict)
    reviews: tuple[Review, ...] = ()


class ArticleReport(Frozen):
    path: str
    citations: tuple[CitationReport, ...]
    findings: tuple[Finding, ...]
    set_apart: tuple[TextBlock, ...] = ()
    claims: tuple[Claim, ...] = ()
    dismissed: tuple[Finding, ...] = Field(default=(), description="findings a reviewer dismissed")
    baselined: tuple[Finding, ...] = Field(default=(), description="findings in the --baseline file")
    suppressed: tuple[SuppressedFinding, ...] = Field(default=(), description="silenced in the article")
    title: str = Field(default="", description="the article's title line, when it has one")


class RunInfo(Frozen):
    """How a report was made, for a reader who gets the report alone."""

    tool_version: str
    created: str = Field(description="when the audit ran, ISO 8601 in UTC")
    evidence: str = Field(description="where the records came from, in plain words")
    reconstructed: bool = Field(default=False, description="the evidence is a reconstructed snapshot")


class Report(Frozen):
    articles: tuple[ArticleReport, ...]
    run: RunInfo | None = None


Citation.model_rebuild()
