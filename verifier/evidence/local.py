"""Records read from PubMed XML or MEDLINE files (`--records`): no network, no absence proved."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Mapping
from pathlib import Path

from verifier.errors import InputError, RecordParseError
from verifier.evidence.base import CitationQuery, FetchResult, Lookup, TitleQuery, title_hits
from verifier.evidence.fastxml import read_records
from verifier.evidence.mirror import title_fits
from verifier.models import Record
from verifier.parse import parse_medline


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

    def citmatch(self, queries: Mapping[str, CitationQuery]) -> Lookup:
        found: dict[str, str] = {}
        for key, query in queries.items():
            for record in self.by_pmid.values():
                if citation_fits(record, query):
                    found[key] = record.pmid
                    break
        return Lookup(found=found, unavailable=self._absent([k for k in queries if k not in found]))

    def title_search(self, queries: Mapping[str, TitleQuery]) -> Lookup:
        hits = {key: [r.pmid for r in self.by_pmid.values() if title_fits(r, query)]
                for key, query in queries.items()}
        return title_hits(hits, none_reason=f"no title in {self.origin} fits")

    def _lookup(self, keys: list[str], get: Callable[[str], str | None]) -> Lookup:
        found = {k: pmid for k in keys if (pmid := get(k))}
        return Lookup(found=found, unavailable=self._absent([k for k in keys if k not in found]))


def citation_fits(record: Record, query: CitationQuery) -> bool:
    fits_journal = query.journal.lower() in {record.journal_iso.lower(), record.medline_ta.lower(),
                                             record.journal_title.lower()}
    fits_year = query.year is None or record.pub_date.year == query.year
    fits_volume = not query.volume or record.volume == query.volume
    fits_page = not query.first_page or query.first_page in {record.first_page, *record.elocation_ids}
    fits_author = not query.surname or (bool(record.authors) and
                                        record.authors[0].last_name.lower() == query.surname.lower())
    return fits_journal and fits_year and fits_volume and fits_page and fits_author


def read_records_file(path: str) -> list[Record]:
    """PubMed XML (efetch or baseline, optionally gzipped) or MEDLINE text."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"--records {path}: cannot read ({exc.strerror or exc})") from exc
    if path.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(f"--records {path}: not a readable gzip file") from exc
    try:
        if data.lstrip()[:1] == b"<":
            return read_records(data)  # the lxml reader: the same records as the Biopython path, faster
        return parse_medline(data.decode("utf-8", errors="replace"))
    except RecordParseError as exc:
        raise InputError(f"--records {path}: {exc}") from exc
