"""The Crossref REST API client: with the E-utilities client, the only code that touches the
network. Plain httpx, under the same run limits as the E-utilities client, kept the same way
(`verifier.evidence.transport`): the run's deadline (each read's timeout cut to what is left,
a body dropped at it), the answer-size cap counted after gzip decoding, the cap on all retry
waiting, and `interrupt()` / `interrupt_evidence()` stopping every send, retry and wait. A
failure of any of them leaves the DOI unavailable with the reason, never missing.

Etiquette (the "polite pool"): the user's e-mail, when configured, goes as `mailto` and in the
User-Agent; requests are spaced by a limiter that follows the `X-Rate-Limit-Limit` and
`X-Rate-Limit-Interval` headers of each answer; 429 and 5xx are retried with back-off,
honouring `Retry-After`. A DOI is "missing" only when `/works/{doi}` answered 404 *and*
`/works/{doi}/agency` answered 404 too (no registration agency knows it); a DOI another agency
registered (DataCite: arXiv, Zenodo, figshare) is unavailable, not missing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

import httpx

from verifier.errors import EvidenceError
from verifier.evidence.base import FetchResult
from verifier.evidence.crossref.snapshot import crossref_snapshot
from verifier.evidence.crossref.work import WorkFormatError, record_from_work
from verifier.evidence.defaults import DEFAULT_CROSSREF_URL
from verifier.evidence.eutils.ratelimit import RateLimiter
from verifier.evidence.eutils.requests import TOOL_NAME
from verifier.evidence.transport import (
    ACCEPT_ENCODING,
    DEFAULT_TIMEOUT,
    Limits,
    Redactor,
    Retryable,
    RetryPolicy,
    RunBudget,
    ascii_digits,
    receive,
    retry_after,
    send_with_retries,
)

# Crossref's documented public-pool rate, kept until an answer's headers say otherwise.
START_RATE = 5.0
MARGIN = 0.12
SLOWEST_RATE = 0.1
RETRY_STATUSES = {429, 500, 502, 503, 504}
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$")


class CrossrefError(EvidenceError):
    """Crossref answered with an error status or something that is not a work."""


# DOI -> Crossref record; DOIs no registration agency knows; DOIs not answerable (why): the
# shape of every source's answer about records, keyed by DOI.
WorkResult = FetchResult


class CrossrefClient:
    def __init__(self, *, mailto: str | None = None, base_url: str = DEFAULT_CROSSREF_URL,
                 transport: httpx.BaseTransport | None = None, limiter: RateLimiter | None = None,
                 retry: RetryPolicy | None = None, sleep: Callable[[float], None] | None = None,
                 timeout: httpx.Timeout = DEFAULT_TIMEOUT, cassette: str | None = None,
                 record_mode: str = "none", on_request: Callable[[str], None] | None = None,
                 limits: Limits | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.mailto = mailto
        self.limits = limits or Limits()
        self._budget = RunBudget(self.limits, sleep)  # registered: `interrupt_evidence()` reaches it
        # The limiter's waits, too, end at the deadline or an interrupt.
        self.limiter = limiter or RateLimiter(START_RATE, margin=MARGIN, sleep=self._budget.nap)
        self.retry = retry or RetryPolicy()
        self.cassette = cassette
        self.record_mode = record_mode
        self.requests_sent = 0
        self._timeout = timeout
        self._on_request = on_request
        self._redact = Redactor((mailto,))
        contact = f"; mailto:{mailto}" if mailto else ""
        self._http = httpx.Client(transport=transport, timeout=timeout, headers={
            "User-Agent": f"{TOOL_NAME} (citation checker{contact})", "Accept-Encoding": ACCEPT_ENCODING})

    def close(self) -> None:
        self._http.close()

    def interrupt(self) -> None:
        """Stop now: no request, no retry, no wait (the DOIs left are unavailable, "interrupted")."""
        self._budget.interrupt()

    def works(self, dois: list[str]) -> WorkResult:
        """Each DOI's Crossref record, absence, or the reason it could not be had."""
        result = WorkResult()
        with self._replaying():
            for doi in dict.fromkeys(dois):
                result = result.merged(self._work(doi))
        return result

    @contextmanager
    def _replaying(self) -> Iterator[None]:
        """The Crossref cassette is active only while Crossref is asked, so that it never
        answers for PubMed (whose own cassette may be active around it)."""
        if self.cassette is None:
            yield
            return
        with crossref_snapshot(self.cassette, self.record_mode, self.mailto):
            yield

    def _work(self, doi: str) -> WorkResult:
        try:
            response = self._send(f"/works/{_path(doi)}")
            if response.status_code == 404:
                return self._unregistered(doi)
            record = record_from_work(_message(response, "work"), doi)
        except (EvidenceError, WorkFormatError) as exc:
            return WorkResult(unavailable={doi: self._why(exc)})
        return WorkResult(records={doi: record})

    def _unregistered(self, doi: str) -> WorkResult:
        """After a 404 for the work: does any registration agency know the DOI?"""
        response = self._send(f"/works/{_path(doi)}/agency")
        if response.status_code == 404:
            return WorkResult(missing=frozenset({doi}))
        agency = _message(response, "work-agency").get("agency")
        label = agency.get("label") or agency.get("id") if isinstance(agency, dict) else None
        if not isinstance(label, str) or not label:
            raise CrossrefError("Crossref: unreadable agency answer")
        if label.lower() == "crossref":
            raise CrossrefError("Crossref: the DOI is registered with Crossref but its work was not served")
        return WorkResult(unavailable={doi: f"DOI registered with {label[:40]}, not Crossref: "
                                            "not in PubMed and Crossref cannot check it"})

    def _why(self, exc: BaseException) -> str:
        text = " ".join(str(exc).split())[:300]
        return self._redact(text if text.startswith("Crossref") else f"Crossref: {text}")

    def _send(self, path: str) -> httpx.Response:
        return send_with_retries(lambda: self._send_once(path), self.retry, self._budget, "Crossref")

    def _send_once(self, path: str) -> httpx.Response:
        self._budget.check_going()
        self.limiter.acquire()
        self._budget.check_going()
        self.requests_sent += 1
        if self._on_request is not None:
            self._on_request("Crossref agency" if path.endswith("/agency") else "Crossref work")
        params = {"mailto": self.mailto} if self.mailto else None
        response = receive(self._http, "GET", self.base_url + path, params=params, budget=self._budget,
                           timeout=self._timeout, kind="Crossref", refuse=CrossrefError)
        self._follow_rate(response)
        if response.status_code in RETRY_STATUSES:
            raise Retryable(f"HTTP {response.status_code}", retry_after=_retry_after(response))
        if response.status_code >= 400 and response.status_code != 404:
            raise CrossrefError(f"Crossref: HTTP {response.status_code}")
        return response

    def _follow_rate(self, response: httpx.Response) -> None:
        """Space requests as the server's rate-limit headers ask (never faster than 50/s, nor
        slower than one every 10 s: a header cannot stall a run)."""
        rate = rate_from_headers(response.headers)
        if rate is not None:
            self.limiter.interval = (1.0 + MARGIN) / min(max(rate, SLOWEST_RATE), 50.0)


def rate_from_headers(headers: Mapping[str, str]) -> float | None:
    """Requests per second from `X-Rate-Limit-Limit: 50` and `X-Rate-Limit-Interval: 1s`."""
    limit, interval = headers.get("x-rate-limit-limit", ""), headers.get("x-rate-limit-interval", "")
    match = _INTERVAL.match(interval)
    if not ascii_digits(limit.strip()) or not match or int(limit) <= 0:
        return None
    seconds = float(match.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0, None: 1.0}[match.group(2)]
    return int(limit) / seconds if seconds > 0 else None


def _retry_after(response: httpx.Response) -> float | None:
    """`Retry-After` in seconds, else the rate-limit interval (Crossref's 429 carries both)."""
    asked = retry_after(response.headers)
    if asked is not None:
        return asked
    rate = rate_from_headers(response.headers)
    return 1.0 / rate if rate else None


def _message(response: httpx.Response, kind: str) -> dict[str, Any]:
    """The `message` of a Crossref answer of the expected `message-type`, checked."""
    try:
        payload = json.loads(response.content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CrossrefError(f"Crossref: unreadable answer (not JSON: {' '.join(str(exc).split())[:80]})") from None
    if not isinstance(payload, dict) or payload.get("status") != "ok":
        raise CrossrefError("Crossref: unreadable answer (no status ok)")
    if payload.get("message-type") != kind or not isinstance(payload.get("message"), dict):
        raise CrossrefError(f"Crossref: unreadable answer (not a {kind} message)")
    message: dict[str, Any] = payload["message"]
    return message


def _path(doi: str) -> str:
    return quote(doi.strip(), safe="/")
