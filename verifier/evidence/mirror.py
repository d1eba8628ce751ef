"""A local PubMed mirror: baseline and update files streamed into SQLite, audited with no network.

Import streams a file (gzipped or not) through the lxml reader (`verifier.evidence.fastxml`,
which gives the same `Record` as the Biopython path for efetch answers) and stores it 500
records at a time, so memory stays flat whatever the file's size. Several files are read in
parallel, one process per core, each into a spool of ready rows; the rows are written in the
order the files were given, since a later update file overrides an earlier one. Each file is
one transaction, recorded with its SHA-256: re-importing a file already imported is a no-op,
and an interrupted or broken import leaves nothing half-done (a truncated or non-gzip `.gz`, an
unterminated record and a file with no record boundary are errors, never "0 records").
Update files' DeleteCitation lists are applied; a record already held is replaced by a newer
version (higher `Version`, or the same version from a later file).

Lookups: PMID, DOI, PMCID, (journal, year, volume, first page, first author) for reference
strings without ids (the ECitMatch question), and a full-text title index for fuzzy matches.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import pickle
import queue
import re
import sqlite3
import tempfile
import threading
import time
import unicodedata
import zlib
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, cast

from rapidfuzz import fuzz

from verifier.errors import InputError, RecordParseError
from verifier.evidence.base import CitationQuery, FetchResult, Lookup, TitleQuery, title_hits
from verifier.models import Record

CHUNK_ARTICLES = 500
BLOCK = 1 << 20
SCHEMA = """
CREATE TABLE IF NOT EXISTS records (pmid TEXT PRIMARY KEY, version INTEGER, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ids (kind TEXT, value TEXT, pmid TEXT, PRIMARY KEY (kind, value));
CREATE INDEX IF NOT EXISTS ids_pmid ON ids (pmid);
CREATE TABLE IF NOT EXISTS cites (journal TEXT, year INTEGER, volume TEXT, page TEXT, author TEXT,
                                  pmid TEXT);
CREATE INDEX IF NOT EXISTS cites_key ON cites (journal, year, volume, page);
CREATE INDEX IF NOT EXISTS cites_pmid ON cites (pmid);
CREATE VIRTUAL TABLE IF NOT EXISTS titles USING fts5 (pmid UNINDEXED, title);  -- rowid: the PMID
CREATE TABLE IF NOT EXISTS files (name TEXT, sha256 TEXT PRIMARY KEY, records INTEGER, deleted INTEGER,
                                  seconds REAL);
"""
# 1: a title's rowid is its PMID and ids are indexed by PMID, so the rows of a record an update
# file replaces are found at once (before, each replacement scanned both tables whole: hours a
# day's update file on a full mirror). An older mirror is upgraded when opened.
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Imported:
    name: str
    records: int
    deleted: int
    seconds: float
    skipped: bool = False


class Mirror:
    def __init__(self, path: Path, on_message: Callable[[str], None] | None = None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        if on_message is not None and _older_schema(self.db):
            on_message(f"{path}: upgrading the mirror to schema version {SCHEMA_VERSION} (once: its title "
                       "and id indexes are rebuilt, about a minute a few million records)")
        self.db.executescript(SCHEMA)
        _upgrade(self.db)

    def close(self) -> None:
        self.db.close()

    # -- import ---------------------------------------------------------------------

    def import_file(self, path: str) -> Imported:
        return next(self.import_files([path], workers=1))

    def import_files(self, paths: list[str], workers: int | None = None) -> Iterator[Imported]:
        """Import files in the order given, one `Imported` each as it is stored. With more than one
        file to read, up to `workers` processes (default: one per core) read ahead in parallel."""
        plan = self._plan(paths)
        todo = [job for job in plan if not job.skipped]
        workers = min(workers or os.cpu_count() or 1, len(todo))
        if workers <= 1:
            for job in plan:
                yield job.skipped or self._store_file(job, _batches(job.path))
            return
        with tempfile.TemporaryDirectory(prefix="verifier-mirror-") as spool_dir, \
                ProcessPoolExecutor(max_workers=workers) as pool:
            spools: dict[str, Future[str]] = {}
            waiting = iter(enumerate(todo))

            def read_ahead() -> None:  # a file per process, plus one, ahead of the writer: bounded spool space
                while len(spools) <= workers and (nxt := next(waiting, None)):
                    number, job = nxt
                    spools[job.path] = pool.submit(_spool, job.path, str(Path(spool_dir) / f"{number}.spool"))

            try:
                for job in plan:
                    if job.skipped:
                        yield job.skipped
                        continue
                    read_ahead()
                    yield self._store_file(job, _spooled(job.path, spools.pop(job.path)))
            finally:
                for future in spools.values():
                    future.cancel()

    def _plan(self, paths: list[str]) -> list[_Job]:
        """Each file with its digest; files already held, or given twice, are skipped."""
        seen: set[str] = set()
        plan: list[_Job] = []
        for path in paths:
            digest = _sha256(path)
            held = digest in seen or self.db.execute("SELECT 1 FROM files WHERE sha256=?", (digest,)).fetchone()
            plan.append(_Job(path, digest, Imported(Path(path).name, 0, 0, 0.0, skipped=True) if held else None))
            seen.add(digest)
        return plan

    def _store_file(self, job: _Job, batches: Iterator[_Batch]) -> Imported:
        name = Path(job.path).name
        started = time.perf_counter()
        count = deleted = 0
        try:
            with self.db:  # one transaction: all of the file or none of it
                for batch in batches:
                    count += self._store(batch.rows)
                    deleted += self._delete(batch.deleted)
                self.db.execute("INSERT INTO files VALUES (?, ?, ?, ?, ?)",
                                (name, job.digest, count, deleted, time.perf_counter() - started))
        except RecordParseError as exc:
            raise InputError(f"{job.path}: {exc}") from exc
        return Imported(name, count, deleted, time.perf_counter() - started)

    def _store(self, rows: list[_Row]) -> int:
        if not rows:
            return 0
        held = dict(self.db.execute(
            f"SELECT pmid, version FROM records WHERE pmid IN ({','.join('?' * len(rows))})",
            [r.pmid for r in rows]).fetchall())
        newer = [r for r in rows if r.version >= held.get(r.pmid, 0)]
        self._forget([r.pmid for r in newer if r.pmid in held])
        self.db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?)",
                            [(r.pmid, r.version, r.json) for r in newer])
        self.db.executemany("INSERT OR REPLACE INTO ids VALUES (?, ?, ?)",
                            [(kind, value, r.pmid) for r in newer for kind, value in r.ids])
        self.db.executemany("INSERT INTO cites VALUES (?, ?, ?, ?, ?, ?)", [r.cite for r in newer])
        self.db.executemany("INSERT INTO titles (rowid, pmid, title) VALUES (?, ?, ?)",
                            [(number, r.pmid, r.title) for r in newer if (number := _title_row(r.pmid)) is not None])
        return len(newer)

    def _delete(self, pmids: list[str]) -> int:
        self._forget(pmids)
        cursor = self.db.executemany("DELETE FROM records WHERE pmid=?", [(p,) for p in pmids])
        return cursor.rowcount if cursor.rowcount >= 0 else len(pmids)

    def _forget(self, pmids: list[str]) -> None:
        rows = [(p,) for p in pmids]
        self.db.executemany("DELETE FROM ids WHERE pmid=?", rows)
        self.db.executemany("DELETE FROM cites WHERE pmid=?", rows)
        self.db.executemany("DELETE FROM titles WHERE rowid=?",
                            [(number,) for p in pmids if (number := _title_row(p)) is not None])

    # -- lookups --------------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        return {"records": self.db.execute("SELECT COUNT(*) FROM records").fetchone()[0],
                "files": self.db.execute("SELECT COUNT(*) FROM files").fetchone()[0]}

    def records(self, pmids: list[str]) -> dict[str, Record]:
        found: dict[str, Record] = {}
        for start in range(0, len(pmids), 500):
            part = pmids[start:start + 500]
            rows = self.db.execute(f"SELECT pmid, json FROM records WHERE pmid IN ({','.join('?' * len(part))})",
                                   part).fetchall()
            found.update({pmid: Record.model_validate_json(text) for pmid, text in rows})
        return found

    def pmid_for(self, kind: str, value: str) -> str | None:
        row = self.db.execute("SELECT pmid FROM ids WHERE kind=? AND value=?", (kind, _id_key(kind, value))).fetchone()
        return str(row[0]) if row else None

    def pmid_for_citation(self, query: CitationQuery) -> str | None:
        rows = self.db.execute("SELECT pmid, author FROM cites WHERE journal=? AND year=? AND volume=? AND page=?",
                               (fold(query.journal), query.year, query.volume or "",
                                query.first_page or "")).fetchall()
        surname = fold(query.surname)
        matches = [pmid for pmid, first in rows if not surname or first == surname]
        return str(matches[0]) if len(matches) == 1 else None

    def pmids_by_title(self, title: str, limit: int = 5) -> list[tuple[str, float]]:
        """Records whose title is close to `title`, best first, with their similarity."""
        words = [w for w in fold(title).split() if len(w) > 3 or w.isdigit()][:16]
        if not words:
            return []
        query = " OR ".join(f'"{w}"' for w in words)
        rows = self.db.execute("SELECT pmid, title FROM titles WHERE titles MATCH ? ORDER BY rank LIMIT 50",
                               (query,)).fetchall()
        scored = sorted(((str(p), title_similarity(title, t)) for p, t in rows), key=lambda x: -x[1])
        return scored[:limit]


class MirrorSource:
    """The mirror as an evidence source: ids it does not hold are "not in the mirror", which is
    unverified, never "not found" (a mirror may be incomplete or out of date)."""

    def __init__(self, mirror: Mirror) -> None:
        self.mirror = mirror
        self.reason = f"not in the local mirror {mirror.path}"

    def fetch(self, pmids: list[str]) -> FetchResult:
        found = self.mirror.records(pmids)
        return FetchResult(records=found, unavailable={p: self.reason for p in pmids if p not in found})

    def pmids_for_dois(self, dois: list[str]) -> Lookup:
        return self._lookup(dois, "doi")

    def pmids_for_pmcids(self, pmcids: list[str]) -> Lookup:
        return self._lookup(pmcids, "pmc")

    def citmatch(self, queries: Mapping[str, CitationQuery]) -> Lookup:
        return self._answers({key: self.mirror.pmid_for_citation(q) for key, q in queries.items()})

    def title_search(self, queries: Mapping[str, TitleQuery]) -> Lookup:
        hits: dict[str, list[str]] = {}
        for key, query in queries.items():
            close = [pmid for pmid, _ in self.mirror.pmids_by_title(query.title, limit=10)]
            hits[key] = [r.pmid for r in self.mirror.records(close).values() if title_fits(r, query)]
        return title_hits(hits, none_reason=self.reason)

    def _lookup(self, values: list[str], kind: str) -> Lookup:
        return self._answers({value: self.mirror.pmid_for(kind, value) for value in values})

    def _answers(self, pmids: dict[str, str | None]) -> Lookup:
        return Lookup(found={k: p for k, p in pmids.items() if p},
                      unavailable={k: self.reason for k, p in pmids.items() if not p})


@dataclass(frozen=True)
class _Job:
    path: str
    digest: str
    skipped: Imported | None


@dataclass(frozen=True)
class _Row:
    """One record as the mirror stores it, made where the file is read (a worker process)."""

    pmid: str
    version: int
    json: str
    ids: tuple[tuple[str, str], ...]
    cite: tuple[str, int | None, str | None, str | None, str, str]
    title: str


@dataclass
class _Batch:
    rows: list[_Row] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def _row(record: Record, version: int) -> _Row:
    return _Row(record.pmid, version, record.model_dump_json(), tuple(_ids(record)), _cite_row(record),
                record.title)


def _batches(path: str) -> Iterator[_Batch]:
    """A file's rows and deletions, `CHUNK_ARTICLES` records at a time, in document order.
    Every reading error, of the XML or of the gzip stream, becomes one `RecordParseError`."""
    from verifier.evidence.fastxml import Deleted, Read, Unread, iter_pubmed  # lxml: only to import

    batch = _Batch()
    try:
        with _open(path) as raw, _ReadAhead(raw) as handle:
            for item in iter_pubmed(handle):
                if isinstance(item, Read):
                    batch.rows.append(_row(item.record, item.version))
                elif isinstance(item, Deleted):
                    batch.deleted.extend(item.pmids)
                elif isinstance(item, Unread):
                    raise RecordParseError(item.reason)
                if len(batch.rows) >= CHUNK_ARTICLES or batch.deleted:
                    yield batch
                    batch = _Batch()
    except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        raise RecordParseError(f"not a readable gzip or XML file ({_one_line(exc)})") from exc
    except ValueError as exc:  # a record whose fields fail the model, raised from the reader
        raise RecordParseError(_one_line(exc)) from exc
    if batch.rows or batch.deleted:
        yield batch


def _spool(path: str, spool: str) -> str:
    """In a worker process: read a file into a spool of pickled batches (what `_spooled` reads).
    A reading error is spooled too, so that it is raised where the file's turn comes."""
    with open(spool, "wb") as out:
        try:
            for batch in _batches(path):
                pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
        except RecordParseError as exc:
            pickle.dump(str(exc), out)
    return spool


def _spooled(path: str, future: Future[str]) -> Iterator[_Batch]:
    try:
        spool = future.result()
    except InputError:
        raise
    except Exception as exc:  # a worker that died (out of memory, killed)
        raise InputError(f"{path}: the reading process failed ({_one_line(exc)})") from exc
    with open(spool, "rb") as handle:
        while True:
            try:
                item = pickle.load(handle)  # our own spool, written by _spool just now
            except EOFError:
                break
            if isinstance(item, str):
                raise RecordParseError(item)
            yield item
    os.unlink(spool)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _open(path: str) -> IO[bytes]:
    try:
        if path.endswith(".gz"):
            return cast(IO[bytes], gzip.open(path, "rb"))
        return open(path, "rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc


class _ReadAhead:
    """A file's bytes read on a thread, a few blocks ahead of the parse. For a gzipped file that
    is the inflating, and zlib lets go of the GIL while it inflates, so on two cores part of it
    runs beside lxml's parse (bench/mirror, session 14: about 6% off the wall time of a
    real-sized file, for 10% more CPU). Errors of the file (a bad gzip stream) are raised where
    the parse reads, as they would be without the thread."""

    def __init__(self, handle: IO[bytes], ahead: int = 4) -> None:
        self._handle = handle
        self._blocks: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=ahead)
        self._stop = threading.Event()
        self._block, self._at, self._ended = b"", 0, False
        self._thread = threading.Thread(target=self._fill, name="mirror-read-ahead", daemon=True)
        self._thread.start()

    def _fill(self) -> None:
        try:
            while not self._stop.is_set():
                data = self._handle.read(BLOCK)
                self._put(data)
                if not data:
                    return
        except BaseException as exc:  # handed to the reading thread, which raises it
            self._put(exc)

    def _put(self, item: bytes | BaseException) -> None:
        while not self._stop.is_set():
            try:
                self._blocks.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes (fewer at a block's end; b"" at the file's end)."""
        if self._at >= len(self._block):
            if self._ended:
                return b""
            item = self._blocks.get()
            if isinstance(item, BaseException):
                self._ended = True
                raise item
            self._block, self._at = item, 0
            if not item:
                self._ended = True
                return b""
        end = len(self._block) if size is None or size < 0 else self._at + size
        data = self._block[self._at:end]
        self._at += len(data)
        return data

    def __enter__(self) -> _ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()  # the thread stops at its next block and lets go of the file
        self._thread.join()


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(BLOCK), b""):
                digest.update(block)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return digest.hexdigest()


def _title_row(pmid: str) -> int | None:
    """The title's rowid: the PMID, always digits in PubMed (a record whose PMID is not gets no
    title row: it is still found by PMID, DOI, PMCID and citation, not by title)."""
    return int(pmid) if pmid.isascii() and pmid.isdigit() and len(pmid) <= 18 else None


def _older_schema(db: sqlite3.Connection) -> bool:
    """A mirror made by an older version (not a new file)."""
    made = db.execute("SELECT 1 FROM sqlite_master WHERE name='records'").fetchone() is not None
    return made and db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION


def _upgrade(db: sqlite3.Connection) -> None:
    """A mirror of an older schema, brought to SCHEMA_VERSION (the indexes are made by SCHEMA)."""
    if db.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
        return
    with db:
        db.execute("CREATE VIRTUAL TABLE titles_by_pmid USING fts5 (pmid UNINDEXED, title)")
        db.execute("INSERT OR REPLACE INTO titles_by_pmid (rowid, pmid, title) SELECT CAST(pmid AS INTEGER), pmid, "
                   "title FROM titles WHERE pmid GLOB '[0-9]*' AND pmid NOT GLOB '*[^0-9]*' AND length(pmid) <= 18")
        db.execute("DROP TABLE titles")
        db.execute("ALTER TABLE titles_by_pmid RENAME TO titles")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _ids(record: Record) -> Iterator[tuple[str, str]]:
    if record.doi:
        yield "doi", _id_key("doi", record.doi)
    if record.pmcid:
        yield "pmc", _id_key("pmc", record.pmcid)


def _id_key(kind: str, value: str) -> str:
    return value.lower() if kind == "doi" else value.upper()


def _cite_row(record: Record) -> tuple[str, int | None, str | None, str | None, str, str]:
    first = fold(record.authors[0].last_name) if record.authors else ""
    journal = fold(record.medline_ta or record.journal_iso or record.journal_title)
    return journal, record.pub_date.year, record.volume, record.first_page, first, record.pmid


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-"})


@lru_cache(maxsize=1 << 16)  # journals and surnames repeat across records
def fold(text: str) -> str:
    """The mirror's index key for journals and surnames: case, diacritics and punctuation
    removed (its own, so that keys written at import and read at lookup never drift apart)."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("&", " and ").casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def title_similarity(a: str, b: str) -> float:
    """Word-order-aware similarity of two titles in [0, 1]."""
    return fuzz.ratio(fold(a), fold(b)) / 100.0


TITLE_FITS = 0.9  # title similarity (case, punctuation, diacritics folded) a local title match needs


def title_fits(record: Record, query: TitleQuery) -> bool:
    """The record's title is the printed one (up to folding and a slip or two), and its first
    author and year are the printed ones when those were printed."""
    if title_similarity(query.title, record.title) < TITLE_FITS:
        return False
    fits_year = query.year is None or record.pub_date.year in (None, query.year)
    fits_author = not query.surname or (bool(record.authors) and
                                        fold(record.authors[0].last_name) == fold(query.surname))
    return fits_year and fits_author
