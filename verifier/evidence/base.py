"""What every evidence source answers, and the frozen values it answers with.

A source is asked five questions (records for PMIDs; PMIDs for DOIs, for PMCIDs, for printed
references and for printed titles) and each answer sorts every key into found, known absent (`missing`),
or not answerable with a reason (`unavailable`). "Missing" is a strong claim (the source
read a whole answer and the id was in no record, book record or deletion notice in it);
anything less is "unavailable".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from verifier.models import Record


@dataclass(frozen=True)
class FetchResult:
    """PMID -> record, PMIDs known not to exist, and PMIDs that could not be answered (why). The
    Crossref client answers in the same shape, keyed by DOI (`WorkResult`)."""

    records: Mapping[str, Record] = field(default_factory=dict)
    missing: frozenset[str] = frozenset()
    unavailable: Mapping[str, str] = field(default_factory=dict)

    def merged(self, other: FetchResult) -> FetchResult:
        return FetchResult(records={**self.records, **other.records},
                           missing=self.missing | other.missing,
                           unavailable={**self.unavailable, **other.unavailable})


@dataclass(frozen=True)
class Lookup:
    """Identifier -> PMID answers: found, known absent, or not answerable (with a reason)."""

    found: Mapping[str, str] = field(default_factory=dict)
    missing: frozenset[str] = frozenset()
    unavailable: Mapping[str, str] = field(default_factory=dict)

    def merged(self, other: Lookup) -> Lookup:
        return Lookup(found={**self.found, **other.found}, missing=self.missing | other.missing,
                      unavailable={**self.unavailable, **other.unavailable})


def unanswered(keys: list[str], reason: str) -> Lookup:
    return Lookup(unavailable=dict.fromkeys(keys, reason))


@dataclass(frozen=True)
class CitationQuery:
    """A reference without ids, as the fields ECitMatch (or a mirror) can search on."""

    journal: str
    year: int | None = None
    volume: str | None = None
    first_page: str | None = None
    author: str | None = None  # "Surname Initials" of the first author

    @property
    def surname(self) -> str:
        return self.author.split()[0] if self.author and self.author.split() else ""


@dataclass(frozen=True)
class TitleQuery:
    """A reference without ids as a title search asks for it: the printed title, and the first
    author and year when printed, which a hit must fit too."""

    title: str
    surname: str | None = None
    initials: str | None = None
    year: int | None = None


def title_hits(hits: Mapping[str, Sequence[str]], none_reason: str | None = None) -> Lookup:
    """Sort title-search hits: one is found; several are ambiguous (unavailable, the candidates
    named: never a guess); none is missing, or unavailable with `none_reason` when the source
    cannot prove absence."""
    found = {key: pmids[0] for key, pmids in hits.items() if len(pmids) == 1}
    unavailable = {key: f"title search: ambiguous, {len(pmids)} PubMed records fit "
                        f"(PMIDs {', '.join(pmids[:5])}{', ...' if len(pmids) > 5 else ''})"
                   for key, pmids in hits.items() if len(pmids) > 1}
    nothing = [key for key, pmids in hits.items() if not pmids]
    if none_reason is None:
        return Lookup(found=found, missing=frozenset(nothing), unavailable=unavailable)
    return Lookup(found=found, unavailable={**unavailable, **dict.fromkeys(nothing, none_reason)})


class EvidenceSource(Protocol):
    def fetch(self, pmids: list[str]) -> FetchResult: ...
    def pmids_for_dois(self, dois: list[str]) -> Lookup: ...
    def pmids_for_pmcids(self, pmcids: list[str]) -> Lookup: ...
    def citmatch(self, queries: Mapping[str, CitationQuery]) -> Lookup: ...
    def title_search(self, queries: Mapping[str, TitleQuery]) -> Lookup: ...


@runtime_checkable
class FetchesInParts(Protocol):
    """A source that can hand over each request's answer as it comes in (`fetch_in_parts`)."""

    def fetch_parts(self, pmids: list[str]) -> Iterator[FetchResult]: ...


def fetch_in_parts(source: EvidenceSource, pmids: list[str]) -> Iterator[FetchResult]:
    """`source.fetch(pmids)` in parts, as the answers come in (the parts together are its
    answer): a run checks the articles of the first batches while the later ones are fetched.
    A source that answers all at once gives one part."""
    if isinstance(source, FetchesInParts):
        yield from source.fetch_parts(pmids)
    else:
        yield source.fetch(pmids)


class FetchedSoFar:
    """Every PMID's outcome so far in a run, added to in place: the answers of a run's
    thousands of requests are not copied into a new `FetchResult` at each one."""

    def __init__(self) -> None:
        self.records: dict[str, Record] = {}
        self.missing: set[str] = set()
        self.unavailable: dict[str, str] = {}

    def add(self, part: FetchResult) -> None:
        self.records.update(part.records)
        self.missing |= part.missing
        self.unavailable.update(part.unavailable)

    def knows(self, pmid: str) -> bool:
        return pmid in self.records or pmid in self.missing or pmid in self.unavailable

    def only(self, pmids: Sequence[str]) -> FetchResult:
        """The outcomes of these PMIDs (those known)."""
        return FetchResult(records={p: self.records[p] for p in pmids if p in self.records},
                           missing=frozenset(p for p in pmids if p in self.missing),
                           unavailable={p: self.unavailable[p] for p in pmids if p in self.unavailable})
