"""Crossref answers kept on disk: a SQLite file of its own beside the record cache.

A work found is kept a week (its update notices may change: a retraction comes later), or
less when the run's cache age limit (`cache-max-age-days`) is shorter; a DOI no agency knows is
kept a day. Unavailable answers are never kept. Every answer is kept under the Crossref URL
that gave it (`origin`), so a work a stand-in served is never used against another host. An
unreadable file is moved aside and rebuilt, and one of the old layout (no origin) started
again, as the record cache does.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from verifier.evidence.crossref.client import WorkResult
from verifier.evidence.crossref.registry import DoiRegistry
from verifier.evidence.sqlite_file import open_cache_file
from verifier.models import Record

FOUND_FOR = 7 * 24 * 3600.0
MISSING_FOR = 24 * 3600.0
_SCHEMA = ("CREATE TABLE IF NOT EXISTS works (origin TEXT NOT NULL, doi TEXT NOT NULL, json TEXT, "
           "fetched REAL NOT NULL, PRIMARY KEY (origin, doi))")


class CrossrefCacheWarning(UserWarning):
    pass


def crossref_cache_path(record_cache: Path) -> Path:
    return record_cache.with_name("crossref.sqlite3")


class CrossrefCache:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()
        self._db = open_cache_file(path, self._set_up, label="Crossref cache", warning=CrossrefCacheWarning)

    @staticmethod
    def _set_up(db: sqlite3.Connection) -> None:
        columns = {row[1] for row in db.execute("PRAGMA table_info(works)")}
        if columns and "origin" not in columns:  # the layout before origins: start again
            db.execute("DROP TABLE works")
        db.execute(_SCHEMA)
        db.commit()

    def close(self) -> None:
        self._db.close()

    def get(self, dois: list[str], origin: str = "", found_for: float = FOUND_FOR) -> WorkResult:
        """What `origin` answered for the DOIs, while younger than `found_for` seconds (a work)
        or a day (an absence)."""
        now, found, missing = self._clock(), {}, set()
        with self._lock:
            for doi in dois:
                row = self._db.execute("SELECT json, fetched FROM works WHERE origin=? AND doi=?",
                                       (origin, doi.lower())).fetchone()
                if row is None:
                    continue
                text, fetched = row
                if text is None:
                    if now - fetched < MISSING_FOR:
                        missing.add(doi)
                    continue
                if now - fetched >= found_for:
                    continue
                try:
                    found[doi] = Record.model_validate_json(text)
                except ValidationError:
                    continue  # written by another version of the model: ask again
        return WorkResult(records=found, missing=frozenset(missing))

    def put(self, result: WorkResult, origin: str = "") -> None:
        now = self._clock()
        rows: list[tuple[str, str, str | None, float]] = [(origin, d.lower(), r.model_dump_json(), now)
                                                          for d, r in result.records.items()]
        rows += [(origin, d.lower(), None, now) for d in result.missing]
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO works VALUES (?, ?, ?, ?)", rows)
            self._db.commit()


class CachedRegistry:
    """Crossref behind the cache: only DOIs without a fresh answer from the same `origin` (the
    Crossref URL) are asked."""

    def __init__(self, registry: DoiRegistry, cache: CrossrefCache, refresh: bool = False, origin: str = "",
                 max_age_days: float | None = None) -> None:
        self.registry = registry
        self.cache = cache
        self.refresh = refresh
        self.origin = origin
        self.found_for = FOUND_FOR if max_age_days is None else min(FOUND_FOR, max_age_days * 24 * 3600.0)

    def works(self, dois: list[str]) -> WorkResult:
        known = WorkResult() if self.refresh else self.cache.get(dois, self.origin, self.found_for)
        rest = [d for d in dois if d not in known.records and d not in known.missing]
        if not rest:
            return known
        asked = self.registry.works(rest)
        self.cache.put(asked, self.origin)
        return known.merged(asked)
