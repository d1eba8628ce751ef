"""Evidence snapshots: every PubMed exchange recorded to, or replayed from, a vcrpy cassette.

A snapshot the project reconstructed from known facts (not a recording) marks each response
with `X-Verifier-Reconstructed`; from such a snapshot an id the answers lack is "not in
snapshot" (unverified), never "does not exist": `ReconstructedSnapshot` applies that rule.

Secrets never reach a cassette: `api_key` and `email` are filtered from query
strings and POST bodies before an exchange is recorded (and before it is matched), and
their values are scrubbed from recorded responses too, since a server may quote a request
back (NCBI's rate-limit answer names the key).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from verifier.errors import InputError, UsageError
from verifier.evidence.base import (
    CitationQuery,
    EvidenceSource,
    FetchResult,
    Lookup,
    TitleQuery,
    fetch_in_parts,
)
from verifier.evidence.eutils.requests import SECRET_PARAMS

if TYPE_CHECKING:
    import vcr

RECONSTRUCTED_HEADER = "x-verifier-reconstructed"
NOT_IN_SNAPSHOT = "not in snapshot (reconstructed snapshot holds confirmed records only)"
_RECONSTRUCTED_LINE = re.compile(rf"^\s*{RECONSTRUCTED_HEADER}:", re.I | re.M)
RECORD_MODES = ("none", "once", "new_episodes", "all")
MATCH_ON = ("method", "scheme", "host", "port", "path", "query", "body")


def recorder(record_mode: str, secrets: Iterable[str | None] = ()) -> vcr.VCR:
    if record_mode not in RECORD_MODES:
        raise UsageError(f"--record-mode must be one of {', '.join(RECORD_MODES)}, not {record_mode!r}")
    import vcr  # the cassette layer loads only when a cassette is used

    return vcr.VCR(
        record_mode=record_mode,
        match_on=MATCH_ON,
        filter_query_parameters=list(SECRET_PARAMS),
        filter_post_data_parameters=list(SECRET_PARAMS),
        filter_headers=["authorization", "cookie", "set-cookie"],
        decode_compressed_response=True,
        before_record_response=scrubber([s for s in secrets if s]),
    )


def scrubber(secrets: list[str]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Replace each secret, as is and URL-encoded, in a recorded response's body and headers."""
    forms = [(form.encode(), b"[redacted]") for secret in secrets for form in {secret, quote(secret, safe="")}]

    def scrub(response: dict[str, Any]) -> dict[str, Any]:
        body = response.get("body", {})
        content = body.get("string", b"")
        if isinstance(content, str):
            content = content.encode()
        for secret, mask in forms:
            content = content.replace(secret, mask)
        body["string"] = content
        for name, values in response.get("headers", {}).items():
            response["headers"][name] = [_scrub_text(v, forms) for v in values]
        return response

    return scrub


def _scrub_text(value: str, forms: list[tuple[bytes, bytes]]) -> str:
    for secret, mask in forms:
        value = value.replace(secret.decode(), mask.decode())
    return value


@contextmanager
def snapshot(path: str | None, record_mode: str = "none",
             secrets: Iterable[str | None] = ()) -> Iterator[None]:
    """Record or replay every HTTP exchange made inside the block; a no-op without a path."""
    if path is None:
        yield
        return
    if record_mode == "none" and not Path(path).is_file():
        raise UsageError(f"--cassette {path}: no such file (use --record-mode once to record it)")
    import yaml

    with ExitStack() as stack:
        try:
            stack.enter_context(recorder(record_mode, secrets).use_cassette(path))
        except (ValueError, TypeError, KeyError, AttributeError, yaml.YAMLError) as exc:
            # vcrpy refuses `!!python` tags and unreadable YAML with these; say it in one line.
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(f"--cassette {path}: not a readable cassette ({first[:200]})") from None
        yield


def is_reconstructed(path: str | None) -> bool:
    """The cassette is one the project reconstructed (its responses carry the header)."""
    if path is None or not Path(path).is_file():
        return False
    return bool(_RECONSTRUCTED_LINE.search(Path(path).read_text(encoding="utf-8", errors="replace")))


class ReconstructedSnapshot:
    """A source replaying a reconstructed snapshot: what it lacks is unavailable, not absent."""

    def __init__(self, source: EvidenceSource) -> None:
        self.source = source

    def fetch(self, pmids: list[str]) -> FetchResult:
        return _not_absent_records(self.source.fetch(pmids))

    def fetch_parts(self, pmids: list[str]) -> Iterator[FetchResult]:
        for part in fetch_in_parts(self.source, pmids):
            yield _not_absent_records(part)

    def pmids_for_dois(self, dois: list[str]) -> Lookup:
        return _not_absent(self.source.pmids_for_dois(dois))

    def pmids_for_pmcids(self, pmcids: list[str]) -> Lookup:
        return _not_absent(self.source.pmids_for_pmcids(pmcids))

    def citmatch(self, queries: Mapping[str, CitationQuery]) -> Lookup:
        return _not_absent(self.source.citmatch(queries))

    def title_search(self, queries: Mapping[str, TitleQuery]) -> Lookup:
        return _not_absent(self.source.title_search(queries))


def _not_absent_records(result: FetchResult) -> FetchResult:
    return FetchResult(records=result.records,
                       unavailable={**result.unavailable, **dict.fromkeys(result.missing, NOT_IN_SNAPSHOT)})


def _not_absent(lookup: Lookup) -> Lookup:
    return Lookup(found=lookup.found,
                  unavailable={**lookup.unavailable, **dict.fromkeys(lookup.missing, NOT_IN_SNAPSHOT)})
