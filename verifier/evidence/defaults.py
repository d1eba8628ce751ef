"""Default limits, addresses and file places of the evidence stage, in a module that imports
nothing at its top, so that settings can name them without loading an HTTP client, SQLite or the
mirror's matcher (rapidfuzz, a process pool: ~15 ms of an audit's start-up)."""

from __future__ import annotations

from pathlib import Path

DEFAULT_DEADLINE = 600.0
DEFAULT_MAX_ANSWER_BYTES = 64 << 20  # an efetch of 200 records is a few MB
DEFAULT_MAX_RETRY_WAIT = 120.0
DEFAULT_CROSSREF_URL = "https://api.crossref.org"
DEFAULT_MAX_AGE_DAYS = 21.0  # the record cache's


def default_cache_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("verifier")) / "records.sqlite3"


def default_mirror_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("verifier", appauthor=False)) / "mirror.sqlite"
