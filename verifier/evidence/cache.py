"""A persistent SQLite cache of parsed records and of DOI/PMCID -> PMID answers, and the source
that puts it in front of another one.

A second audit of the same article makes no request. A cache file that SQLite
cannot read is moved aside and rebuilt, with a warning.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path

import platformdirs
from pydantic import ValidationError

from verifier.evidence.base import CitationQuery, EvidenceSource, FetchResult, Lookup, TitleQuery
from verifier.models import Record

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (pmid TEXT PRIMARY KEY, json TEXT NOT NULL, fetched REAL NOT NULL);
CREATE TABLE IF NOT EXISTS ids (kind TEXT NOT NULL, value TEXT NOT NULL, pmid TEXT NOT NULL,
                                PRIMARY KEY (kind, value));
"""


class CacheCorruptWarning(UserWarning):
    pass


def default_cache_path() -> Path:
    return Path(platformdirs.user_cache_dir("verifier")) / "records.sqlite3"


class RecordCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            aside = self.path.with_suffix(f".corrupt-{int(time.time())}")
            self.path.replace(aside)
            warnings.warn(f"cache {self.path} was unreadable ({exc}); moved to {aside.name} and rebuilt",
                          CacheCorruptWarning, stacklevel=3)
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(_SCHEMA)
        row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None:
            db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        elif row[0] != str(SCHEMA_VERSION):
            db.executescript("DELETE FROM records; DELETE FROM ids;")
            db.execute("UPDATE meta SET value=? WHERE key='schema'", (str(SCHEMA_VERSION),))
        db.commit()
        return db

    def close(self) -> None:
        self._db.close()

    def get_records(self, pmids: list[str]) -> dict[str, Record]:
        found: dict[str, Record] = {}
        with self._lock:
            for pmid in pmids:
                row = self._db.execute("SELECT json FROM records WHERE pmid=?", (pmid,)).fetchone()
                if row is None:
                    continue
                try:
                    found[pmid] = Record.model_validate_json(row[0])
                except ValidationError:
                    continue
        return found

    def put_records(self, records: list[Record]) -> None:
        now = time.time()
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?)",
                                 [(r.pmid, r.model_dump_json(), now) for r in records])

    def get_ids(self, kind: str, values: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        with self._lock:
            for value in values:
                row = self._db.execute("SELECT pmid FROM ids WHERE kind=? AND value=?",
                                       (kind, value.lower())).fetchone()
                if row is not None:
                    found[value] = row[0]
        return found

    def put_ids(self, kind: str, mapping: dict[str, str]) -> None:
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO ids VALUES (?, ?, ?)",
                                 [(kind, k.lower(), v) for k, v in mapping.items()])


class CachedSource:
    """A cache in front of another source: records and positive id answers are kept."""

    def __init__(self, source: EvidenceSource, cache: RecordCache, refresh: bool = False) -> None:
        self.source = source
        self.cache = cache
        self.refresh = refresh

    def fetch(self, pmids: list[str]) -> FetchResult:
        cached = {} if self.refresh else self.cache.get_records(pmids)
        rest = [p for p in pmids if p not in cached]
        result = self.source.fetch(rest) if rest else FetchResult()
        self.cache.put_records(list(result.records.values()))
        return result.merged(FetchResult(records=cached))

    def pmids_for_dois(self, dois: list[str]) -> Lookup:
        return self._ids("doi", dois, self.source.pmids_for_dois)

    def pmids_for_pmcids(self, pmcids: list[str]) -> Lookup:
        return self._ids("pmcid", pmcids, self.source.pmids_for_pmcids)

    def citmatch(self, queries: Mapping[str, CitationQuery]) -> Lookup:
        return self.source.citmatch(queries)

    def title_search(self, queries: Mapping[str, TitleQuery]) -> Lookup:
        return self.source.title_search(queries)

    def _ids(self, kind: str, keys: list[str], ask: Callable[[list[str]], Lookup]) -> Lookup:
        cached = {} if self.refresh else self.cache.get_ids(kind, keys)
        rest = [k for k in keys if k not in cached]
        lookup = ask(rest) if rest else Lookup()
        self.cache.put_ids(kind, dict(lookup.found))
        return lookup.merged(Lookup(found=cached))
