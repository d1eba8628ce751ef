"""Crossref exchanges recorded to, or replayed from, a vcrpy cassette of their own.

The user's e-mail never reaches a cassette: the `mailto` parameter and the User-Agent (which
names it too) are filtered before an exchange is recorded or matched, and the address is
scrubbed from recorded answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import vcr
import yaml

from verifier.errors import InputError, UsageError
from verifier.evidence.eutils.snapshot import MATCH_ON, RECORD_MODES, scrubber


@contextmanager
def crossref_snapshot(path: str, record_mode: str = "none", mailto: str | None = None) -> Iterator[None]:
    if record_mode not in RECORD_MODES:
        raise UsageError(f"record mode must be one of {', '.join(RECORD_MODES)}, not {record_mode!r}")
    if record_mode == "none" and not Path(path).is_file():
        raise UsageError(f"Crossref cassette {path}: no such file")
    recorder = vcr.VCR(record_mode=record_mode, match_on=MATCH_ON, filter_query_parameters=["mailto"],
                       filter_headers=["user-agent", "authorization", "cookie", "set-cookie"],
                       decode_compressed_response=True,
                       before_record_response=scrubber([mailto] if mailto else []))
    try:
        context = recorder.use_cassette(path)
        context.__enter__()
    except (ValueError, TypeError, KeyError, AttributeError, yaml.YAMLError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"Crossref cassette {path}: not a readable cassette ({first[:200]})") from None
    try:
        yield
    finally:
        context.__exit__(None, None, None)
