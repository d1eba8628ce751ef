"""Opening a cache's SQLite file that other runs may be opening at the same moment.

SQLite can answer "database is locked" at once, without waiting, while another process sets the
file up (switching a new file to WAL takes an exclusive lock). Such a file is waited for; only a
file SQLite cannot read at all is moved aside and rebuilt, with a warning.
"""

from __future__ import annotations

import sqlite3
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from verifier.errors import VerifierError

LOCK_WAIT_SECONDS = 30.0
_FIRST_PAUSE, _LONGEST_PAUSE = 0.05, 1.0
_JOURNAL_SUFFIXES = ("", "-wal", "-shm")  # the file itself first


class CacheBusyError(VerifierError):
    """Another run held a cache file locked for longer than this one waits."""


def is_lock(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def open_cache_file(path: Path, set_up: Callable[[sqlite3.Connection], None], *, label: str,
                    warning: type[Warning], wait: float = LOCK_WAIT_SECONDS) -> sqlite3.Connection:
    """A connection to `path` after `set_up` ran on it: waited for while another run holds it
    locked, moved aside and rebuilt when SQLite cannot read it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _connect_when_free(path, set_up, wait)
    except sqlite3.DatabaseError as exc:
        if is_lock(exc):
            raise CacheBusyError(f"{label} {path} stayed locked by another run for {wait:.0f} s") from exc
        aside = path.with_suffix(f".corrupt-{int(time.time())}")
        _move_with_its_journal(path, aside)
        warnings.warn(f"{label} {path} was unreadable ({exc}); moved to {aside.name} and rebuilt",
                      warning, stacklevel=3)
        return _connect_when_free(path, set_up, wait)


def _move_with_its_journal(path: Path, aside: Path) -> None:
    """Move the file and its -wal and -shm files: a new file at `path` must not find the old
    file's write-ahead log beside it (SQLite would read it as the new file's own)."""
    for suffix in _JOURNAL_SUFFIXES:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.replace(aside.with_name(aside.name + suffix))


def _connect_when_free(path: Path, set_up: Callable[[sqlite3.Connection], None],
                       wait: float) -> sqlite3.Connection:
    deadline = time.monotonic() + wait
    pause = _FIRST_PAUSE
    while True:
        try:
            return _connect(path, set_up, wait)
        except sqlite3.OperationalError as exc:
            if not is_lock(exc) or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, _LONGEST_PAUSE)


def _connect(path: Path, set_up: Callable[[sqlite3.Connection], None], wait: float) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=wait, check_same_thread=False)
    try:
        set_up(db)
    except BaseException:
        db.close()
        raise
    return db


def use_wal(db: sqlite3.Connection) -> None:
    """WAL, so readers never wait for a writer; switched only when the file is not WAL yet,
    since the switch takes an exclusive lock."""
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.execute("PRAGMA journal_mode=WAL")
