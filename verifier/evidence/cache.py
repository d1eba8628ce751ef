"""A persistent SQLite cache of parsed records and of DOI/PMCID -> PMID answers, and the source
that puts it in front of another one.

A second audit of the same article makes no request. A cache file that SQLite
cannot read is moved aside and rebuilt, with a warning; one another run holds locked is waited for
(`sqlite_file`).

Every entry is kept under the evidence source that answered it (`origin`: the E-utilities and
ID-converter URLs), so a record served once by a stand-in or a forged `--eutils-url` is never
used against another source; and entries older than the age limit are fetched again, so a
retraction published after caching is seen.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from pydantic import ValidationError

from verifier.evidence.base import (
    CitationQuery,
    EvidenceSource,
    FetchedSoFar,
    FetchResult,
    Lookup,
    TitleQuery,
    fetch_in_parts,
)
from verifier.evidence.defaults import DEFAULT_MAX_AGE_DAYS
from verifier.evidence.sqlite_file import open_cache_file, use_wal
from verifier.models import Record

SCHEMA_VERSION = 2
_DAY = 86400.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (origin TEXT NOT NULL, pmid TEXT NOT NULL, json TEXT NOT NULL,
                                    fetched REAL NOT NULL, PRIMARY KEY (origin, pmid));
CREATE TABLE IF NOT EXISTS ids (origin TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,
                                pmid TEXT NOT NULL, fetched REAL NOT NULL, PRIMARY KEY (origin, kind, value));
"""


class CacheCorruptWarning(UserWarning):
    pass


class RecordCache:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        return open_cache_file(self.path, self._set_up, label="cache", warning=CacheCorruptWarning)

    @staticmethod
    def _set_up(db: sqlite3.Connection) -> None:
        use_wal(db)
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is not None and row[0] != str(SCHEMA_VERSION):  # an older layout: start again
            db.executescript("DROP TABLE IF EXISTS records; DROP TABLE IF EXISTS ids;")
        db.executescript(_SCHEMA)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        db.commit()

    def close(self) -> None:
        self._db.close()

    def get_records(self, pmids: list[str], origin: str = "",
                    max_age_days: float = DEFAULT_MAX_AGE_DAYS) -> dict[str, Record]:
        """The records `origin` answered for these PMIDs within the age limit."""
        found: dict[str, Record] = {}
        oldest = self._clock() - max_age_days * _DAY
        with self._lock:
            for pmid in pmids:
                row = self._db.execute("SELECT json FROM records WHERE origin=? AND pmid=? AND fetched>=?",
                                       (origin, pmid, oldest)).fetchone()
                if row is None:
                    continue
                try:
                    found[pmid] = Record.model_validate_json(row[0])
                except ValidationError:
                    continue
        return found

    def put_records(self, records: list[Record], origin: str = "") -> None:
        now = self._clock()
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?)",
                                 [(origin, r.pmid, r.model_dump_json(), now) for r in records])

    def get_ids(self, kind: str, values: list[str], origin: str = "",
                max_age_days: float = DEFAULT_MAX_AGE_DAYS) -> dict[str, str]:
        found: dict[str, str] = {}
        oldest = self._clock() - max_age_days * _DAY
        with self._lock:
            for value in values:
                row = self._db.execute("SELECT pmid FROM ids WHERE origin=? AND kind=? AND value=? AND fetched>=?",
                                       (origin, kind, value.lower(), oldest)).fetchone()
                if row is not None:
                    found[value] = row[0]
        return found

    def put_ids(self, kind: str, mapping: dict[str, str], origin: str = "") -> None:
        now = self._clock()
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO ids VALUES (?, ?, ?, ?, ?)",
                                 [(origin, kind, k.lower(), v, now) for k, v in mapping.items()])


class CachedSource:
    """A cache in front of another source: records and positive id answers are kept, under the
    source's `origin`, and used while younger than `max_age_days`."""

    def __init__(self, source: EvidenceSource, cache: RecordCache, refresh: bool = False,
                 origin: str = "", max_age_days: float = DEFAULT_MAX_AGE_DAYS) -> None:
        self.source = source
        self.cache = cache
        self.refresh = refresh
        self.origin = origin
        self.max_age_days = max_age_days

    def fetch(self, pmids: list[str]) -> FetchResult:
        answered = FetchedSoFar()
        for part in self.fetch_parts(pmids):
            answered.add(part)
        return answered.only(pmids)

    def fetch_parts(self, pmids: list[str]) -> Iterator[FetchResult]:
        """The cached records first, then the source's answers as they come (each kept)."""
        cached = {} if self.refresh else self.cache.get_records(pmids, self.origin, self.max_age_days)
        if cached:
            yield FetchResult(records=cached)
        rest = [p for p in pmids if p not in cached]
        if not rest:
            return
        for part in fetch_in_parts(self.source, rest):
            self.cache.put_records(list(part.records.values()), self.origin)
            yield part

    def pmids_for_dois(self, dois: list[str]) -> Lookup:
        return self._ids("doi", dois, self.source.pmids_for_dois)

    def pmids_for_pmcids(self, pmcids: list[str]) -> Lookup:
        return self._ids("pmcid", pmcids, self.source.pmids_for_pmcids)

    def citmatch(self, queries: Mapping[str, CitationQuery]) -> Lookup:
        return self.source.citmatch(queries)

    def title_search(self, queries: Mapping[str, TitleQuery]) -> Lookup:
        return self.source.title_search(queries)

    def _ids(self, kind: str, keys: list[str], ask: Callable[[list[str]], Lookup]) -> Lookup:
        cached = {} if self.refresh else self.cache.get_ids(kind, keys, self.origin, self.max_age_days)
        rest = [k for k in keys if k not in cached]
        lookup = ask(rest) if rest else Lookup()
        self.cache.put_ids(kind, dict(lookup.found), self.origin)
        return lookup.merged(Lookup(found=cached))
