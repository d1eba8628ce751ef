"""Claim files: what `verifier extract` found in an article, in YAML a reviewer edits.

A reviewer may (1) give design facts for a citation whose record is not at hand, with their
provenance (`design:` with `basis: reviewer`), and (2) mark a finding `accepted` or `dismissed`
with a reason. `verifier check` re-audits the article with those facts and marks. A file that
holds any review is never overwritten without --force, and --force carries the review over.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from verifier.atomic import write_atomic
from verifier.citations import printed_key
from verifier.errors import InputError, UsageError, validated
from verifier.models import ArticleReport, Review, ReviewerInput, StudyDesign

SCHEMA = "verifier-claims/1"
HEADER = """\
# verifier claim file (schema verifier-claims/1), written by `verifier extract`.
# Review it: under a citation, `design:` with `basis: reviewer` and a `provenance` gives design
# facts for a study whose record is not at hand; under a finding, `review: accepted|dismissed`
# with a `reason` records your decision. `verifier check` honours both. Other fields are
# regenerated on each extract.
"""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CitationEntry(_Strict):
    id: str
    printed: str
    status: str
    pmid: str | None = None
    design: StudyDesign | None = None


class ClaimEntry(_Strict):
    id: str
    line: int
    text: str
    kind: str
    strength: int
    citations: list[str] = Field(default_factory=list)
    hedges: list[str] = Field(default_factory=list)
    boosters: list[str] = Field(default_factory=list)
    hype: list[str] = Field(default_factory=list)


class FindingEntry(_Strict):
    fingerprint: str
    code: str
    severity: str
    line: int | None = None
    claim: str | None = None
    citation: str | None = None
    message: str
    review: Literal["accepted", "dismissed"] | None = None
    reason: str | None = None


class ClaimFile(_Strict):
    schema_: str = Field(alias="schema", default=SCHEMA)
    article: str
    article_sha256: str
    citations: list[CitationEntry] = Field(default_factory=list)
    claims: list[ClaimEntry] = Field(default_factory=list)
    findings: list[FindingEntry] = Field(default_factory=list)

    @property
    def reviewed(self) -> bool:
        return any(f.review for f in self.findings) or any(
            c.design is not None and c.design.basis == "reviewer" for c in self.citations)

    def reviewer_input(self) -> ReviewerInput:
        designs = {printed_key(c.printed): c.design for c in self.citations
                   if c.design is not None and c.design.basis == "reviewer"}
        reviews = tuple(Review(fingerprint=f.fingerprint, status=f.review, reason=f.reason or "")
                        for f in self.findings if f.review)
        return ReviewerInput(designs=designs, reviews=reviews)


def sha256_of(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def from_report(article: ArticleReport) -> ClaimFile:
    findings = [*article.findings, *article.dismissed]
    return ClaimFile(
        article=article.path, article_sha256=sha256_of(article.path),
        citations=[CitationEntry(id=r.citation.id, printed=r.citation.printed, status=r.status.value,
                                 pmid=r.record.pmid if r.record else None, design=r.design)
                   for r in article.citations],
        claims=[ClaimEntry(id=c.id, line=c.span.line, text=c.text, kind=c.kind.value,
                           strength=c.strength, citations=list(c.citation_ids),
                           hedges=c.cue_texts("hedge"), boosters=c.cue_texts("booster"),
                           hype=c.cue_texts("hype"))
                for c in article.claims],
        findings=[FindingEntry(fingerprint=f.fingerprint, code=f.code, severity=f.severity.value,
                               line=f.span.line if f.span else None, claim=f.claim_id,
                               citation=f.citation_id, message=f.message)
                  for f in sorted(findings, key=lambda f: (f.span.start if f.span else -1, f.code))])


def carry_reviews(new: ClaimFile, old: ClaimFile) -> tuple[ClaimFile, int, int]:
    """Keep the old file's reviewer designs and marks where they still apply.
    Returns the merged file, how many marks were carried and how many no longer apply."""
    designs = {c.printed: c.design for c in old.citations
               if c.design is not None and c.design.basis == "reviewer"}
    marks = {f.fingerprint: f for f in old.findings if f.review}
    citations = [c.model_copy(update={"design": designs.get(c.printed, c.design)}) for c in new.citations]
    findings = [f.model_copy(update={"review": marks[f.fingerprint].review,
                                     "reason": marks[f.fingerprint].reason})
                if f.fingerprint in marks else f for f in new.findings]
    carried = sum(1 for f in new.findings if f.fingerprint in marks)
    merged = new.model_copy(update={"citations": citations, "findings": findings})
    return merged, carried, len(marks) - carried


def load(path: str) -> ClaimFile:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read claim file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: claim file is not UTF-8 text (byte {exc.start})") from exc
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML ({_first_line(exc)})") from exc
    except RecursionError as exc:
        raise InputError(f"{path}: nested too deeply to be a claim file") from exc
    if not isinstance(raw, dict):
        raise InputError(f"{path}: not a claim file (expected a mapping at the top)")
    loaded = validated(ClaimFile, raw, path)
    if loaded.schema_ != SCHEMA:
        raise InputError(f"{path}: schema {loaded.schema_!r} is not {SCHEMA!r}")
    for finding in loaded.findings:
        if finding.review == "dismissed" and not (finding.reason or "").strip():
            raise InputError(f"{path}: finding {finding.fingerprint} ({finding.code}) is dismissed "
                             "without a reason")
    return loaded


def dump(claim_file: ClaimFile) -> str:
    data: dict[str, Any] = claim_file.model_dump(mode="json", by_alias=True, exclude_none=True)
    return HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write(claim_file: ClaimFile, path: str, force: bool) -> str:
    """Write atomically; refuse to replace a reviewed file unless forced (then carry reviews)."""
    note = ""
    target = Path(path)
    if target.exists():
        try:
            old = load(path)
        except InputError:
            if not force:
                raise
        else:
            if old.reviewed and not force:
                raise UsageError(f"{path} holds reviews; use --force to regenerate it "
                                 "(reviews are carried over)")
            claim_file, carried, dropped = carry_reviews(claim_file, old)
            note = f"carried {carried} reviews" + (
                f"; {dropped} no longer match a finding" if dropped else "")
    write_atomic(target, dump(claim_file))
    return note


def stale_reviews(claim_file: ClaimFile, article: ArticleReport) -> list[FindingEntry]:
    """Marks whose finding no longer appears: the claim was edited or the rule changed."""
    present = {f.fingerprint for f in (*article.findings, *article.dismissed)}
    return [f for f in claim_file.findings if f.review and f.fingerprint not in present]


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
