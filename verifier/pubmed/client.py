"""The PubMed client: the only code in the package that touches the network.

It sends the requests built in `pubmed.requests` through httpx, one process-wide
rate limiter in front, retries with back-off (tenacity) behind, and translates
every httpx, vcrpy and NCBI failure into the `EvidenceError` tree here, once.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx
import tenacity

from verifier.errors import EvidenceError, NCBIError, NetworkError, NotInSnapshot, RecordParseError
from verifier.models import Record
from verifier.parse import parse_pubmed_xml
from verifier.pubmed import requests as rq
from verifier.pubmed.ratelimit import RateLimiter, shared_limiter

RECONSTRUCTED_HEADER = "x-verifier-reconstructed"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 60.0
# Requests in flight at once: enough to keep NCBI's 3/s (10/s with a key) busy while each answer
# takes a second or more; the shared limiter, not this number, bounds the rate.
DEFAULT_IN_FLIGHT = 4
_NCBI_XML_ERROR = re.compile(rb"<ERROR>(.*?)</ERROR>", re.S)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential back-off with jitter; a server's Retry-After wins when it says more."""

    attempts: int = 4
    initial: float = 1.0
    maximum: float = 20.0

    def wait(self) -> tenacity.wait.wait_base:
        backoff = tenacity.wait_exponential_jitter(multiplier=self.initial, max=self.maximum)
        return _RetryAfterOr(backoff)


class Retryable(EvidenceError):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class _RetryAfterOr(tenacity.wait.wait_base):
    def __init__(self, fallback: tenacity.wait.wait_base) -> None:
        self.fallback = fallback

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        outcome = retry_state.outcome
        error = outcome.exception() if outcome is not None else None
        backoff = self.fallback(retry_state)
        if isinstance(error, Retryable) and error.retry_after is not None:
            return max(min(error.retry_after, MAX_RETRY_AFTER), backoff)
        return backoff


@dataclass
class FetchResult:
    records: dict[str, Record] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    unavailable: dict[str, str] = field(default_factory=dict)


@dataclass
class Lookup:
    """Identifier -> PMID answers: found, known absent, or not answerable (with a reason)."""

    found: dict[str, str] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    unavailable: dict[str, str] = field(default_factory=dict)


class PubMedClient:
    def __init__(self, identity: rq.Identity, *, eutils_url: str = rq.DEFAULT_EUTILS_URL,
                 idconv_url: str = rq.DEFAULT_IDCONV_URL,
                 transport: httpx.BaseTransport | None = None,
                 limiter: RateLimiter | None = None, retry: RetryPolicy = RetryPolicy(),
                 sleep: Callable[[float], None] = time.sleep,
                 timeout: httpx.Timeout = DEFAULT_TIMEOUT,
                 on_request: Callable[[rq.EutilsRequest], None] | None = None,
                 on_fetched: Callable[[int, int], None] | None = None,
                 max_in_flight: int = DEFAULT_IN_FLIGHT) -> None:
        self.identity = identity
        self.eutils_url = eutils_url
        self.idconv_url = idconv_url
        self.limiter = limiter or shared_limiter(bool(identity.api_key))
        self.retry = retry
        self._sleep = sleep
        self._on_request = on_request
        self._on_fetched = on_fetched
        self._http = httpx.Client(transport=transport, timeout=timeout,
                                  headers={"User-Agent": f"{rq.TOOL_NAME} (+citation checker)"})
        self.requests_sent = 0
        self.max_in_flight = max_in_flight
        self._count_lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    # -- public operations ---------------------------------------------------------

    def fetch(self, pmids: list[str]) -> FetchResult:
        """Records for the PMIDs, 200 per request, up to `max_in_flight` requests at once (the
        shared limiter still spaces their starts); absent ids are found by set difference."""
        result = FetchResult()
        batches = rq.batches(pmids, rq.EFETCH_BATCH)
        total = sum(len(b) for b in batches)
        done = 0
        self._progress(done, total)
        workers = max(1, min(self.max_in_flight, len(batches)))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="efetch") as pool:
            for batch, part in zip(batches, pool.map(self._fetch_batch, batches), strict=True):
                result.records.update(part.records)
                result.missing |= part.missing
                result.unavailable.update(part.unavailable)
                done += len(batch)
                self._progress(done, total)
        return result

    def _progress(self, done: int, total: int) -> None:
        if self._on_fetched is not None:
            self._on_fetched(done, total)

    def _fetch_batch(self, batch: list[str]) -> FetchResult:
        part = FetchResult()
        try:
            response = self._send(rq.efetch(self.eutils_url, batch, self.identity))
            records = parse_pubmed_xml(_check_xml_error(response))
        except (EvidenceError, RecordParseError) as exc:
            part.unavailable.update(dict.fromkeys(batch, str(exc)))
            return part
        wanted = set(batch)
        part.records.update({r.pmid: r for r in records if r.pmid in wanted})
        absent = wanted - part.records.keys()
        strangers = sorted({r.pmid for r in records} - wanted)
        if RECONSTRUCTED_HEADER in response.headers:
            part.unavailable.update(dict.fromkeys(
                absent, "not in snapshot (reconstructed snapshot holds confirmed records only)"))
        elif strangers:  # an answer that is not about what was asked proves no absence
            part.unavailable.update(dict.fromkeys(
                absent, f"efetch answered with records not asked for ({', '.join(strangers[:3])})"))
        else:
            part.missing |= absent
        return part

    def pmids_for_dois(self, dois: list[str]) -> Lookup:
        """DOI -> PMID via esearch; each answer is confirmed on the fetched record's DOI."""
        lookup = Lookup()
        for batch in rq.batches(dois, rq.ESEARCH_DOI_BATCH):
            try:
                response = self._send(rq.esearch_dois(self.eutils_url, batch, self.identity))
                candidates = _esearch_ids(response)
            except EvidenceError as exc:
                lookup.unavailable.update(dict.fromkeys(batch, str(exc)))
                continue
            fetched = self.fetch(candidates) if candidates else FetchResult()
            by_doi = {r.doi.lower(): r.pmid for r in fetched.records.values() if r.doi}
            for doi in batch:
                if doi.lower() in by_doi:
                    lookup.found[doi] = by_doi[doi.lower()]
                elif fetched.unavailable:
                    lookup.unavailable[doi] = next(iter(fetched.unavailable.values()))
                else:
                    lookup.missing.add(doi)
        return lookup

    def pmids_for_pmcids(self, pmcids: list[str]) -> Lookup:
        lookup = Lookup()
        for batch in rq.batches(pmcids, rq.IDCONV_BATCH):
            try:
                response = self._send(rq.idconv(self.idconv_url, batch, self.identity))
                answers = _idconv_records(response)
            except EvidenceError as exc:
                lookup.unavailable.update(dict.fromkeys(batch, str(exc)))
                continue
            for pmcid in batch:
                pmid = answers.get(pmcid.upper())
                if pmid:
                    lookup.found[pmcid] = pmid
                else:
                    lookup.missing.add(pmcid)
        return lookup

    def citmatch(self, lines: dict[str, str]) -> Lookup:
        """ECitMatch: reference key -> PMID for `journal|year|volume|page|author|key|` lines."""
        lookup = Lookup()
        if not lines:
            return lookup
        try:
            response = self._send(rq.ecitmatch(self.eutils_url, list(lines.values()), self.identity))
        except EvidenceError as exc:
            lookup.unavailable.update(dict.fromkeys(lines, str(exc)))
            return lookup
        for line in response.text.splitlines():
            parts = line.strip().split("|")
            if len(parts) >= 7 and parts[5] in lines:
                if parts[6].strip().isdigit():
                    lookup.found[parts[5]] = parts[6].strip()
                else:
                    lookup.missing.add(parts[5])
        for key in lines.keys() - lookup.found.keys() - lookup.missing:
            lookup.unavailable[key] = "ECitMatch gave no answer for this reference"
        return lookup

    # -- sending ----------------------------------------------------------------------

    def _send(self, request: rq.EutilsRequest) -> httpx.Response:
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.retry.attempts),
            wait=self.retry.wait(),
            retry=tenacity.retry_if_exception_type(Retryable),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(self._send_once, request)
        except Retryable as exc:
            raise NetworkError(self._redact(f"{request.kind}: {exc} (gave up after {self.retry.attempts} tries)")) \
                from None
        except EvidenceError as exc:
            raise type(exc)(self._redact(str(exc))) from None

    def _redact(self, text: str) -> str:
        """Error text may quote a URL or a server's echo; the key and e-mail never leave here."""
        for secret in (self.identity.api_key, self.identity.email):
            if secret:
                text = text.replace(secret, "[redacted]")
        return text

    def _send_once(self, request: rq.EutilsRequest) -> httpx.Response:
        self.limiter.acquire()
        with self._count_lock:
            self.requests_sent += 1
        if self._on_request is not None:
            self._on_request(request)
        with _translated(request.kind):
            response = self._http.request(request.method, request.url, params=request.params,
                                          data=request.data)
        if response.status_code in RETRY_STATUSES:
            raise Retryable(f"HTTP {response.status_code}{_ncbi_message(response)}",
                            retry_after=_retry_after(response))
        if response.status_code >= 400:
            raise NCBIError(f"{request.kind}: HTTP {response.status_code}{_ncbi_message(response)}")
        return response


@contextmanager
def _translated(kind: str) -> Iterator[None]:
    """Map transport and snapshot errors to ours, most specific first."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise Retryable(f"timed out ({type(exc).__name__})") from exc
    except httpx.TransportError as exc:
        raise Retryable(f"network error ({type(exc).__name__}: {_short(exc)})") from exc
    except Exception as exc:
        if type(exc).__name__ == "CannotOverwriteExistingCassetteException":
            raise NotInSnapshot(f"{kind}: not in snapshot") from exc
        raise


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:120] or "no detail"


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError):
        return None


def _ncbi_message(response: httpx.Response) -> str:
    try:
        payload = response.json()
    except ValueError:
        return ""
    if isinstance(payload, dict) and isinstance(payload.get("error"), str):
        return f" ({payload['error'][:120]})"
    return ""


def _check_xml_error(response: httpx.Response) -> bytes:
    body = response.content
    match = _NCBI_XML_ERROR.search(body[:4096])
    if match and b"<PubmedArticle>" not in body:
        raise NCBIError(f"efetch: NCBI error: {match.group(1).decode(errors='replace').strip()[:200]}")
    return body


def _esearch_ids(response: httpx.Response) -> list[str]:
    try:
        payload = response.json()
        result = payload["esearchresult"]
    except (ValueError, KeyError, TypeError) as exc:
        raise NCBIError(f"esearch: unreadable answer ({_short(exc)})") from exc
    if "ERROR" in result:
        raise NCBIError(f"esearch: NCBI error: {str(result['ERROR'])[:200]}")
    return [str(i) for i in result.get("idlist", [])]


def _idconv_records(response: httpx.Response) -> dict[str, str]:
    try:
        payload = json.loads(response.text)
    except ValueError as exc:
        raise NCBIError(f"idconv: unreadable answer ({_short(exc)})") from exc
    if payload.get("status") == "error":
        raise NCBIError(f"idconv: {str(payload.get('message', 'error'))[:200]}")
    return {str(r.get("pmcid", "")).upper(): str(r["pmid"])
            for r in payload.get("records", []) if r.get("pmid") and not r.get("errmsg")}
