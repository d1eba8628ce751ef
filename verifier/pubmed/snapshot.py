"""Evidence snapshots: every PubMed exchange recorded to, or replayed from, a vcrpy cassette.

Secrets never reach a cassette: `api_key` and `email` are filtered from query
strings and POST bodies before an exchange is recorded (and before it is matched).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import vcr

from verifier.errors import UsageError
from verifier.pubmed.requests import SECRET_PARAMS

RECORD_MODES = ("none", "once", "new_episodes", "all")
MATCH_ON = ("method", "scheme", "host", "port", "path", "query", "body")


def recorder(record_mode: str) -> vcr.VCR:
    if record_mode not in RECORD_MODES:
        raise UsageError(f"--record-mode must be one of {', '.join(RECORD_MODES)}, not {record_mode!r}")
    return vcr.VCR(
        record_mode=record_mode,
        match_on=MATCH_ON,
        filter_query_parameters=list(SECRET_PARAMS),
        filter_post_data_parameters=list(SECRET_PARAMS),
        filter_headers=["authorization", "cookie", "set-cookie"],
        decode_compressed_response=True,
    )


@contextmanager
def snapshot(path: str | None, record_mode: str = "none") -> Iterator[None]:
    """Record or replay every HTTP exchange made inside the block; a no-op without a path."""
    if path is None:
        yield
        return
    if record_mode == "none" and not Path(path).is_file():
        raise UsageError(f"--cassette {path}: no such file (use --record-mode once to record it)")
    with recorder(record_mode).use_cassette(path):
        yield
