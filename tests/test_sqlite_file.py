"""A cache file another run holds locked is waited for, never taken for a broken one; a file
SQLite cannot read is moved aside and rebuilt."""

from __future__ import annotations

import sqlite3
import threading
import warnings
from pathlib import Path

import pytest

from verifier.errors import VerifierError
from verifier.evidence.cache import CacheCorruptWarning, RecordCache
from verifier.evidence.crossref.cache import CrossrefCache
from verifier.evidence.sqlite_file import CacheBusyError, open_cache_file


def _make_table(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
    db.commit()


def _hold_exclusive(path: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_a_lock_that_outlasts_the_wait_is_an_error_and_the_file_stays(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    holder = _hold_exclusive(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "moved aside" warning may be raised
        with pytest.raises(CacheBusyError, match="stayed locked by another run"):
            open_cache_file(path, _make_table, label="cache", warning=CacheCorruptWarning, wait=0.3)
    holder.close()
    assert issubclass(CacheBusyError, VerifierError)  # the CLI prints it as one line
    assert [p.name for p in tmp_path.iterdir()] == ["cache.sqlite3"]


def test_a_lock_released_while_waiting_opens_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    holder = _hold_exclusive(path)
    holder.execute("INSERT INTO t VALUES (7)")
    threading.Timer(0.3, lambda: (holder.commit(), holder.close())).start()
    db = open_cache_file(path, _make_table, label="cache", warning=CacheCorruptWarning, wait=10)
    assert db.execute("SELECT x FROM t").fetchall() == [(7,)]
    db.close()


def test_an_immediate_locked_answer_is_retried_not_treated_as_corruption(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    answers = iter([sqlite3.OperationalError("database is locked")] * 2)

    def set_up_once_free(db: sqlite3.Connection) -> None:  # SQLite's busy answer without waiting
        refusal = next(answers, None)
        if refusal is not None:
            raise refusal
        _make_table(db)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        db = open_cache_file(path, set_up_once_free, label="cache", warning=CacheCorruptWarning, wait=10)
    assert db.execute("SELECT COUNT(*) FROM t").fetchone() == (0,)
    db.close()
    assert [p.name for p in tmp_path.iterdir()] == ["cache.sqlite3"]


@pytest.mark.parametrize("open_cache", [RecordCache, CrossrefCache])
def test_both_caches_rebuild_a_file_that_is_not_a_database(tmp_path: Path, open_cache: type) -> None:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"this is not an SQLite file" * 100)
    with pytest.warns(UserWarning, match="was unreadable"):
        cache = open_cache(path)
    cache.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "cache.sqlite3" in names and any(n.startswith("cache.corrupt-") for n in names)


def test_an_unreadable_file_is_moved_aside_with_its_write_ahead_log(tmp_path: Path) -> None:
    # SQLite removes a stale log itself when it can open the log; when it cannot (another process
    # still has it), the new file must not find the old file's log beside it
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"this is not an SQLite file" * 100)
    stale_log, stale_index = b"a log left by the broken file" * 10, b"its shared index" * 10
    (tmp_path / "cache.sqlite3-wal").write_bytes(stale_log)
    (tmp_path / "cache.sqlite3-shm").write_bytes(stale_index)
    answers = [sqlite3.DatabaseError("file is not a database")]

    def set_up(db: sqlite3.Connection) -> None:
        if answers:
            raise answers.pop()
        assert not (tmp_path / "cache.sqlite3-wal").exists(), "the old log is still beside the new file"
        _make_table(db)

    with pytest.warns(CacheCorruptWarning, match="was unreadable"):
        db = open_cache_file(path, set_up, label="cache", warning=CacheCorruptWarning, wait=5)
    db.close()
    aside = {p.name.rsplit("-", 1)[-1] if p.name.endswith(("-wal", "-shm")) else "file": p.read_bytes()
             for p in tmp_path.iterdir() if p.name.startswith("cache.corrupt-")}
    assert aside == {"file": b"this is not an SQLite file" * 100, "wal": stale_log, "shm": stale_index}
