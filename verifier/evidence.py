"""Where records come from: PubMed (through the client), a cache in front of it, or local files.

Every source answers the same four questions, so `resolve` does not care which
one it talks to. Only `PubMedClient` touches the network.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from verifier.cache import RecordCache
from verifier.errors import InputError, RecordParseError
from verifier.models import Record
from verifier.parse import parse_medline, parse_pubmed_xml
from verifier.pubmed.client import FetchResult, Lookup


class EvidenceSource(Protocol):
    def fetch(self, pmids: list[str]) -> FetchResult: ...
    def pmids_for_dois(self, dois: list[str]) -> Lookup: ...
    def pmids_for_pmcids(self, pmcids: list[str]) -> Lookup: ...
    def citmatch(self, lines: dict[str, str]) -> Lookup: ...


class LocalRecords:
    """Records read from PubMed XML or MEDLINE files; ids not in them are unavailable, not absent."""

    def __init__(self, records: list[Record], origin: str = "--records files") -> None:
        self.origin = origin
        self.by_pmid = {r.pmid: r for r in records}
        self.by_doi = {r.doi.lower(): r.pmid for r in records if r.doi}
        self.by_pmcid = {r.pmcid.upper(): r.pmid for r in records if r.pmcid}

    @classmethod
    def from_files(cls, paths: list[str]) -> LocalRecords:
        records: list[Record] = []
        for path in paths:
            records.extend(read_records_file(path))
        return cls(records)

    def _absent(self, keys: list[str]) -> dict[str, str]:
        return dict.fromkeys(keys, f"not in {self.origin}")

    def fetch(self, pmids: list[str]) -> FetchResult:
        found = {p: self.by_pmid[p] for p in pmids if p in self.by_pmid}
        return FetchResult(records=found, unavailable=self._absent([p for p in pmids if p not in found]))

    def pmids_for_dois(self, dois: list[str]) -> Lookup:
        return self._lookup(dois, lambda d: self.by_doi.get(d.lower()))

    def pmids_for_pmcids(self, pmcids: list[str]) -> Lookup:
        return self._lookup(pmcids, lambda p: self.by_pmcid.get(p.upper()))

    def citmatch(self, lines: dict[str, str]) -> Lookup:
        found: dict[str, str] = {}
        for key, line in lines.items():
            journal, year, volume, page, author = (line.split("|") + [""] * 5)[:5]
            for record in self.by_pmid.values():
                if citation_fits(record, journal, year, volume, page, author):
                    found[key] = record.pmid
                    break
        return Lookup(found=found, unavailable=self._absent([k for k in lines if k not in found]))

    def _lookup(self, keys: list[str], get: Callable[[str], str | None]) -> Lookup:
        found = {k: pmid for k in keys if (pmid := get(k))}
        return Lookup(found=found, unavailable=self._absent([k for k in keys if k not in found]))


def citation_fits(record: Record, journal: str, year: str, volume: str, page: str,
                   author: str) -> bool:
    fits_journal = journal.lower() in {record.journal_iso.lower(), record.medline_ta.lower(),
                                       record.journal_title.lower()}
    fits_year = not year or str(record.pub_date.year) == year
    fits_volume = not volume or record.volume == volume
    fits_page = not page or page in {record.first_page, *record.elocation_ids}
    fits_author = not author or (bool(record.authors) and \
        record.authors[0].last_name.lower() == author.split()[0].lower())
    return fits_journal and fits_year and fits_volume and fits_page and fits_author


def read_records_file(path: str) -> list[Record]:
    """PubMed XML (efetch or baseline, optionally gzipped) or MEDLINE text."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"--records {path}: cannot read ({exc.strerror or exc})") from exc
    if path.endswith(".gz"):
        import gzip

        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(f"--records {path}: not a readable gzip file") from exc
    try:
        if data.lstrip()[:1] == b"<":
            return parse_pubmed_xml(data)
        return parse_medline(data.decode("utf-8", errors="replace"))
    except RecordParseError as exc:
        raise InputError(f"--records {path}: {exc}") from exc


class CachedSource:
    """A cache in front of another source: records and positive id answers are kept."""

    def __init__(self, source: EvidenceSource, cache: RecordCache, refresh: bool = False) -> None:
        self.source = source
        self.cache = cache
        self.refresh = refresh

    def fetch(self, pmids: list[str]) -> FetchResult:
        cached = {} if self.refresh else self.cache.get_records(pmids)
        result = self.source.fetch([p for p in pmids if p not in cached])
        self.cache.put_records(list(result.records.values()))
        result.records.update(cached)
        return result

    def pmids_for_dois(self, dois: list[str]) -> Lookup:
        return self._ids("doi", dois, self.source.pmids_for_dois)

    def pmids_for_pmcids(self, pmcids: list[str]) -> Lookup:
        return self._ids("pmcid", pmcids, self.source.pmids_for_pmcids)

    def citmatch(self, lines: dict[str, str]) -> Lookup:
        return self.source.citmatch(lines)

    def _ids(self, kind: str, keys: list[str], ask: Callable[[list[str]], Lookup]) -> Lookup:
        cached = {} if self.refresh else self.cache.get_ids(kind, keys)
        rest = [k for k in keys if k not in cached]
        lookup = ask(rest) if rest else Lookup()
        self.cache.put_ids(kind, lookup.found)
        lookup.found.update(cached)
        return lookup
