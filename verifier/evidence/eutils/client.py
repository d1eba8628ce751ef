"""The E-utilities client: with the Crossref client, the only code in the package that touches
the network.

It sends the requests built in `eutils.requests` through httpx, one process-wide
rate limiter in front, retries with back-off (tenacity) behind, and translates
every httpx, vcrpy and NCBI failure into the `EvidenceError` tree here, once. Every error
text leaves through one redaction (`Redactor`), so neither the API key nor the e-mail
address, plain or URL-encoded, reaches a report or stderr.

A run has limits (`Limits`: one deadline, a size cap per answer, a cap on retry waiting) and
`interrupt()` stops a client at once; both clients keep them the same way, through
`verifier.evidence.transport` (`RunBudget`, `send_with_retries`, `receive`).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator, Mapping

import httpx

from verifier.errors import EvidenceError, NCBIError, RecordParseError
from verifier.evidence.background import map_in_background
from verifier.evidence.base import (
    CitationQuery,
    FetchedSoFar,
    FetchResult,
    Lookup,
    TitleQuery,
    title_hits,
    unanswered,
)
from verifier.evidence.eutils import requests as rq
from verifier.evidence.eutils.ratelimit import RateLimiter, shared_limiter
from verifier.evidence.transport import (
    DEFAULT_TIMEOUT,
    MAX_RETRY_AFTER,
    Interrupted,
    Limits,
    Redactor,
    Retryable,
    RetryPolicy,
    RunBudget,
    RunDeadline,
    ascii_digits,
    receive,
    retry_after,
    send_with_retries,
    short,
)
from verifier.models import Record
from verifier.parse import PubmedAnswer, safe_doctype

# Names the tests and scripts import from here; they live in `transport` since Crossref uses them too.
__all__ = ["DEFAULT_TIMEOUT", "MAX_RETRY_AFTER", "Interrupted", "Limits", "PubMedClient", "Redactor", "RetryPolicy",
           "Retryable", "RunDeadline", "placed"]

RETRY_STATUSES = {429, 500, 502, 503, 504}
# Requests in flight at once: enough to keep NCBI's 3/s (10/s with a key) busy while each answer
# takes a second or more; the shared limiter, not this number, bounds the rate.
DEFAULT_IN_FLIGHT = 4
_NCBI_XML_ERROR = re.compile(rb"<ERROR>(.*?)</ERROR>", re.S)


class PubMedClient:
    def __init__(self, identity: rq.Identity, *, eutils_url: str = rq.DEFAULT_EUTILS_URL,
                 idconv_url: str = rq.DEFAULT_IDCONV_URL,
                 transport: httpx.BaseTransport | None = None,
                 limiter: RateLimiter | None = None, retry: RetryPolicy | None = None,
                 sleep: Callable[[float], None] | None = None,
                 timeout: httpx.Timeout = DEFAULT_TIMEOUT,
                 on_request: Callable[[rq.EutilsRequest], None] | None = None,
                 on_fetched: Callable[[int, int], None] | None = None,
                 max_in_flight: int = DEFAULT_IN_FLIGHT, limits: Limits | None = None) -> None:
        self.identity = identity
        self.eutils_url = eutils_url
        self.idconv_url = idconv_url
        self.limiter = limiter or shared_limiter(bool(identity.api_key))
        self.retry = retry or RetryPolicy()
        self.limits = limits or Limits()
        self._budget = RunBudget(self.limits, sleep)  # registered: `interrupt_evidence()` reaches it
        self._timeout = timeout
        self._on_request = on_request
        self._on_fetched = on_fetched
        self._http = httpx.Client(transport=transport, timeout=timeout,
                                  headers={"User-Agent": f"{rq.TOOL_NAME} (+citation checker)",
                                           "Accept-Encoding": "gzip, deflate"})
        self.requests_sent = 0
        self.max_in_flight = max_in_flight
        self._count_lock = threading.Lock()
        self._redact = Redactor((identity.api_key, identity.email))
        self._fetched = FetchedSoFar()  # every PMID's outcome this run: one efetch per PMID

    def close(self) -> None:
        self._http.close()

    def interrupt(self) -> None:
        """Stop now: requests not yet sent are not sent, waits end, no retry follows."""
        self._budget.interrupt()

    # -- public operations ---------------------------------------------------------

    def fetch(self, pmids: list[str]) -> FetchResult:
        """Records for the PMIDs, 200 per request, up to `max_in_flight` requests at once (the
        shared limiter still spaces their starts). A PMID already asked for this run is answered
        from that answer, however it was found."""
        for _ in self.fetch_parts(pmids):
            pass
        return self._fetched.only(pmids)

    def fetch_parts(self, pmids: list[str]) -> Iterator[FetchResult]:
        """`fetch` as the requests are answered: the PMIDs answered earlier in the run first,
        then each request's answer in turn (the later requests go on while a part is used)."""
        known = self._fetched
        earlier = [p for p in pmids if known.knows(p)]
        batches = rq.batches([p for p in pmids if not known.knows(p)], rq.EFETCH_BATCH)
        total = sum(len(b) for b in batches)
        done = 0
        self._progress(done, total)
        if earlier:
            yield known.only(earlier)
        parts = map_in_background(self._fetch_batch, batches, self.max_in_flight)
        for batch, part in zip(batches, parts, strict=True):
            answer = part.result()
            known.add(answer)
            done += len(batch)
            self._progress(done, total)
            yield answer

    def _progress(self, done: int, total: int) -> None:
        if self._on_fetched is not None:
            self._on_fetched(done, total)

    def _fetch_batch(self, batch: list[str]) -> FetchResult:
        from verifier.evidence.fastxml import read_answer  # lxml, at the first fetch only

        try:
            response = self._send(rq.efetch(self.eutils_url, batch, self.identity))
            # lxml reads the records (Biopython's reading, parse_pubmed_answer, is the parity reference); the
            # prolog is rebuilt first as for Biopython, so a DOCTYPE reads and warns the same on both paths
            answer = read_answer(safe_doctype(_check_xml_error(response)))
        except (EvidenceError, RecordParseError) as exc:
            return FetchResult(unavailable=dict.fromkeys(batch, self._why(exc)))
        return placed(answer, batch, "efetch")

    def pmids_for_dois(self, dois: list[str]) -> Lookup:
        """DOI -> PMID via esearch; each answer is confirmed on the fetched record's DOI (that
        fetch is the run's one fetch of the PMID)."""
        lookup = Lookup()
        for batch in rq.batches(dois, rq.ESEARCH_DOI_BATCH):
            try:
                response = self._send(rq.esearch_dois(self.eutils_url, batch, self.identity))
                candidates = _esearch_ids(response)
            except EvidenceError as exc:
                lookup = lookup.merged(unanswered(batch, self._why(exc)))
                continue
            fetched = self.fetch(candidates) if candidates else FetchResult()
            by_doi = {r.doi.lower(): r.pmid for r in fetched.records.values() if r.doi}
            found = {d: by_doi[d.lower()] for d in batch if d.lower() in by_doi}
            rest = [d for d in batch if d not in found]
            if fetched.unavailable:
                why = next(iter(fetched.unavailable.values()))
                lookup = lookup.merged(Lookup(found=found, unavailable=dict.fromkeys(rest, why)))
            else:
                lookup = lookup.merged(Lookup(found=found, missing=frozenset(rest)))
        return lookup

    def pmids_for_pmcids(self, pmcids: list[str]) -> Lookup:
        lookup = Lookup()
        for batch in rq.batches(pmcids, rq.IDCONV_BATCH):
            try:
                response = self._send(rq.idconv(self.idconv_url, batch, self.identity))
                answers = _idconv_records(response)
            except EvidenceError as exc:
                lookup = lookup.merged(unanswered(batch, self._why(exc)))
                continue
            found = {p: answers[p.upper()] for p in batch if answers.get(p.upper())}
            lookup = lookup.merged(Lookup(found=found, missing=frozenset(set(batch) - set(found))))
        return lookup

    def citmatch(self, queries: Mapping[str, CitationQuery]) -> Lookup:
        """ECitMatch: reference key -> PMID, one `journal|year|volume|page|author|key|` line each."""
        if not queries:
            return Lookup()
        lines = [rq.citmatch_line(q, key) for key, q in queries.items()]
        try:
            response = self._send(rq.ecitmatch(self.eutils_url, lines, self.identity))
        except EvidenceError as exc:
            return unanswered(list(queries), self._why(exc))
        return _citmatch_answers(response.text, set(queries))

    def title_search(self, queries: Mapping[str, TitleQuery]) -> Lookup:
        """One esearch per printed title (with first author and year): one hit is found, several
        are ambiguous, none is missing."""
        hits: dict[str, list[str]] = {}
        failed = Lookup()
        for key, query in queries.items():
            try:
                hits[key] = _title_search_ids(self._send(rq.esearch_title(self.eutils_url, query, self.identity)))
            except EvidenceError as exc:
                failed = failed.merged(unanswered([key], self._why(exc)))
        return failed.merged(title_hits(hits))

    # -- sending ----------------------------------------------------------------------

    def _why(self, exc: BaseException) -> str:
        """The reason an id could not be answered, as a report may print it: one line, redacted."""
        return self._redact(" ".join(str(exc).split()))[:300]  # redacted whole, then cut

    def _send(self, request: rq.EutilsRequest) -> httpx.Response:
        try:
            return send_with_retries(lambda: self._send_once(request), self.retry, self._budget, request.kind)
        except EvidenceError as exc:  # redacted in place: its type and attributes kept, its chain dropped
            exc.args = (self._redact(str(exc)),)
            exc.__cause__, exc.__suppress_context__ = None, True
            raise

    def _send_once(self, request: rq.EutilsRequest) -> httpx.Response:
        self._budget.check_going()
        self.limiter.acquire()
        self._budget.check_going()
        with self._count_lock:
            self.requests_sent += 1
        if self._on_request is not None:
            self._on_request(request)
        response = receive(self._http, request.method, request.url, params=request.params, data=request.data,
                           budget=self._budget, timeout=self._timeout, kind=request.kind, refuse=NCBIError)
        if response.status_code in RETRY_STATUSES:
            raise Retryable(f"HTTP {response.status_code}{_ncbi_message(response)}",
                            retry_after=retry_after(response.headers))
        if response.status_code >= 400:
            raise NCBIError(f"{request.kind}: HTTP {response.status_code}{_ncbi_message(response)}")
        return response


def placed(answer: PubmedAnswer, batch: list[str], what: str) -> FetchResult:
    """Sort the asked PMIDs by what a parsed answer says of them. An id is missing only when the
    answer was read whole, is about what was asked, and no record or deletion in it names the id."""
    wanted = set(batch)
    records: dict[str, Record] = {r.pmid: r for r in answer.records if r.pmid in wanted}
    deleted = {p: f"PubMed lists PMID {p} as deleted (DeleteCitation)" for p in answer.deleted & wanted}
    absent = wanted - records.keys() - deleted.keys()
    strangers = sorted({r.pmid for r in answer.records} - wanted)
    if answer.unplaced:
        reason = f"{what} answer not read whole: {'; '.join(answer.unplaced[:3])}"
        return FetchResult(records=records, unavailable={**deleted, **dict.fromkeys(absent, reason)})
    if strangers:  # an answer that is not about what was asked proves no absence
        reason = f"{what} answered with records not asked for ({', '.join(strangers[:3])})"
        return FetchResult(records=records, unavailable={**deleted, **dict.fromkeys(absent, reason)})
    return FetchResult(records=records, missing=frozenset(absent), unavailable=deleted)


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
    if match and b"<PubmedArticle>" not in body and b"<PubmedBookArticle>" not in body:
        raise NCBIError(f"efetch: NCBI error: {match.group(1).decode(errors='replace').strip()}")
    return body


def _esearch_ids(response: httpx.Response) -> list[str]:
    try:
        payload = response.json()
    except ValueError as exc:
        raise NCBIError(f"esearch: unreadable answer ({short(exc)})") from exc
    result = payload.get("esearchresult") if isinstance(payload, dict) else None
    if not isinstance(result, dict):
        raise NCBIError("esearch: unreadable answer (no esearchresult object)")
    if "ERROR" in result:
        raise NCBIError(f"esearch: NCBI error: {str(result['ERROR'])[:200]}")
    ids = result.get("idlist", [])
    if not isinstance(ids, list) or not all(isinstance(i, str) and ascii_digits(i) for i in ids):
        raise NCBIError("esearch: unreadable answer (idlist is not a list of PMIDs)")
    return ids


def _title_search_ids(response: httpx.Response) -> list[str]:
    """The hits of a title search. A term PubMed could not find is left out of its search
    (`errorlist.phrasesnotfound`), so the others could then fit another paper: no hit."""
    ids = _esearch_ids(response)
    errors = response.json()["esearchresult"].get("errorlist")
    if isinstance(errors, dict) and any(errors.get(k) for k in ("phrasesnotfound", "fieldsnotfound")):
        return []
    return ids


def _idconv_records(response: httpx.Response) -> dict[str, str]:
    try:
        payload = json.loads(response.text)
    except ValueError as exc:
        raise NCBIError(f"idconv: unreadable answer ({short(exc)})") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("records", []), list):
        raise NCBIError("idconv: unreadable answer (no records list)")
    if payload.get("status") == "error":
        raise NCBIError(f"idconv: {str(payload.get('message', 'error'))[:200]}")
    return {str(r.get("pmcid", "")).upper(): str(r["pmid"])
            for r in payload.get("records", [])
            if isinstance(r, dict) and ascii_digits(str(r.get("pmid", ""))) and not r.get("errmsg")}


def _citmatch_answers(text: str, keys: set[str]) -> Lookup:
    """ECitMatch lines `journal|year|volume|page|author|key|answer`: a PMID, NOT_FOUND, or
    AMBIGUOUS (several records fit: not an absence)."""
    found: dict[str, str] = {}
    missing: set[str] = set()
    unavailable: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.strip().split("|")
        if len(parts) < 7 or parts[5] not in keys:
            continue
        key, answer = parts[5], parts[6].strip()
        if ascii_digits(answer):
            found[key] = answer
        elif answer.upper().startswith("AMBIGUOUS"):
            unavailable[key] = "ECitMatch: ambiguous, several PubMed records fit this reference"
        elif answer.upper().startswith("NOT_FOUND"):
            missing.add(key)
        else:
            unavailable[key] = f"ECitMatch: unreadable answer {answer[:40]!r}"
    for key in keys - found.keys() - missing - unavailable.keys():
        unavailable[key] = "ECitMatch gave no answer for this reference"
    return Lookup(found=found, missing=frozenset(missing), unavailable=unavailable)
