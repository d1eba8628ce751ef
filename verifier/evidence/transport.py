"""The one way the network clients (E-utilities, Crossref) send a request and read its answer,
within the run's limits.

A run has limits (`Limits`): one deadline for all its requests (each read's timeout shrinks to
what is left, and a body is streamed and dropped at the deadline, so a server dripping a byte
every few seconds cannot hold a run), a size cap on each answer counted as it streams, after
gzip decoding (a gzip bomb stops at the cap), and a cap on all the time spent waiting to retry
(429 storms, Retry-After). Each client holds a `RunBudget` made from them; `interrupt()` (or
`interrupt_evidence()` for every budget of the process) stops it at once: no request, no retry,
no wait. `send_with_retries` retries what is worth retrying (back-off, Retry-After) through the
budget; `receive` streams one answer in under the deadline and the cap; `translated` maps
transport and cassette failures to the `EvidenceError` tree. Secrets leave through `Redactor`.
"""

from __future__ import annotations

import re
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote, quote_plus

import httpx
import tenacity

from verifier.errors import EvidenceError, NetworkError, NotInSnapshot
from verifier.evidence.background import register
from verifier.evidence.defaults import DEFAULT_DEADLINE, DEFAULT_MAX_ANSWER_BYTES, DEFAULT_MAX_RETRY_WAIT

if TYPE_CHECKING:
    from verifier.settings import Settings

R = TypeVar("R")
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
MAX_RETRY_AFTER = 60.0
ACCEPT_ENCODING = "gzip, deflate"  # all `receive` decodes
_SLICE = 1 << 16
_SECRET_PARAM = re.compile(r"\b(api_key|email|mailto)=[^&\s\"'<>]*", re.I)


@dataclass(frozen=True)
class Limits:
    """What one run may spend: seconds for all its requests, bytes per answer (after gzip
    decoding), and seconds waiting to retry, all retries of the run together."""

    deadline: float = DEFAULT_DEADLINE
    max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES
    max_retry_wait: float = DEFAULT_MAX_RETRY_WAIT

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(settings.deadline, settings.max_answer_bytes, settings.max_retry_wait)


class RunDeadline(NetworkError):
    """The run's deadline passed: nothing more is asked."""


class Interrupted(NetworkError):
    """The run was interrupted (Ctrl-C): nothing more is asked."""


class Retryable(EvidenceError):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential back-off with jitter; a server's Retry-After wins when it says more."""

    attempts: int = 4
    initial: float = 1.0
    maximum: float = 20.0

    def wait(self) -> tenacity.wait.wait_base:
        backoff = tenacity.wait_exponential_jitter(multiplier=self.initial, max=self.maximum)
        return _RetryAfterOr(backoff)


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


class RunBudget:
    """One client's hold on the run's limits: when the deadline falls (fixed when the client
    opens; a run opens its clients together), what retry waiting is left, and the stop switch.
    Registered, so `interrupt_evidence()` reaches it. `sleep`, when given, replaces the real
    wait before a retry (tests); the budget is charged all the same."""

    def __init__(self, limits: Limits, sleep: Callable[[float], None] | None = None) -> None:
        self.limits = limits
        self._ends_at = time.monotonic() + limits.deadline
        self._retry_waited = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._sleep = sleep
        register(self)

    def interrupt(self) -> None:
        """Stop now: requests not yet sent are not sent, waits end, no retry follows."""
        self._stop.set()

    def left(self) -> float:
        return self._ends_at - time.monotonic()

    def check_going(self) -> None:
        if self._stop.is_set():
            raise Interrupted("run interrupted")
        if self.left() <= 0:
            raise RunDeadline(f"run deadline of {self.limits.deadline:g} s reached")

    def pause(self, seconds: float) -> None:
        """Wait before a retry, within the run's retry budget and deadline, unless interrupted."""
        with self._lock:
            if self._retry_waited + seconds > self.limits.max_retry_wait:
                raise NetworkError(f"gave up: waiting {seconds:.0f} s more to retry would pass the run's cap of "
                                   f"{self.limits.max_retry_wait:g} s of retry waits")
            self._retry_waited += seconds
        if seconds >= self.left():
            raise RunDeadline(f"run deadline of {self.limits.deadline:g} s reached (a retry would end after it)")
        if self._sleep is not None:
            self._sleep(seconds)
        elif self._stop.wait(seconds):
            raise Interrupted("run interrupted")

    def nap(self, seconds: float) -> None:
        """A rate limiter's wait: not past the deadline, cut short by an interrupt."""
        if seconds >= self.left():
            raise RunDeadline(f"run deadline of {self.limits.deadline:g} s reached (the next request would "
                              "start after it)")
        if self._stop.wait(seconds):
            raise Interrupted("run interrupted")

    def timeout(self, configured: httpx.Timeout) -> httpx.Timeout:
        """The configured timeouts, each cut to what is left of the deadline."""
        left = max(self.left(), 0.001)
        return httpx.Timeout(connect=_within(configured.connect, left), read=_within(configured.read, left),
                             write=_within(configured.write, left), pool=_within(configured.pool, left))


def send_with_retries(attempt: Callable[[], R], policy: RetryPolicy, budget: RunBudget, label: str) -> R:
    """`attempt()`, again after each `Retryable` it raises (back-off, or the Retry-After the
    server asked for), each wait charged to the budget; a `NetworkError` once the tries run out."""
    retrying = tenacity.Retrying(stop=tenacity.stop_after_attempt(policy.attempts), wait=policy.wait(),
                                 retry=tenacity.retry_if_exception_type(Retryable), sleep=budget.pause,
                                 reraise=True)
    try:
        return retrying(attempt)
    except Retryable as exc:
        raise NetworkError(f"{label}: {exc} (gave up after {policy.attempts} tries)") from None


def receive(http: httpx.Client, method: str, url: str, *, budget: RunBudget, timeout: httpx.Timeout,
            kind: str, refuse: type[EvidenceError], params: Mapping[str, str] | None = None,
            data: Mapping[str, str] | None = None) -> httpx.Response:
    """Send and stream the answer in, within the deadline (each wait for bytes is cut to what
    is left of it, and the budget is checked after every chunk) and the size cap, counted on the
    decoded bytes as they come out of the decompressor, a slice at a time (a gzip bomb never
    expands past the cap). The answer comes back whole and decoded; a refusal is `refuse`."""
    cap = budget.limits.max_answer_bytes
    too_large = f"{kind}: answer larger than {cap:,} bytes; not read"
    with translated(kind, refuse), http.stream(method, url, params=params, data=data,
                                               timeout=budget.timeout(timeout)) as streamed:
        declared = streamed.headers.get("content-length", "")
        if ascii_digits(declared) and int(declared) > cap:
            raise refuse(too_large)
        decoder = _Decoder(streamed.headers.get("content-encoding", ""), kind, refuse)
        body = bytearray()
        try:
            for raw in streamed.iter_raw():
                for piece in decoder.decode(raw):
                    body += piece
                    if len(body) > cap:
                        raise refuse(too_large)
                budget.check_going()
            decoder.finish()
        except httpx.StreamConsumed:  # an answer built in memory (a mock, a replay): decoded already
            body = bytearray(streamed.content)
            if len(body) > cap:
                raise refuse(too_large) from None
        headers = [(k, v) for k, v in streamed.headers.raw  # as sent: bytes, even when not ASCII
                   if k.lower() not in (b"content-encoding", b"content-length", b"transfer-encoding")]
        return httpx.Response(streamed.status_code, headers=headers, content=bytes(body), request=streamed.request)


@contextmanager
def translated(kind: str, refuse: type[EvidenceError]) -> Iterator[None]:
    """Map transport and snapshot errors to ours, most specific first."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise Retryable(f"timed out ({type(exc).__name__})") from exc
    except httpx.DecodingError as exc:  # a body that says gzip and is not
        raise refuse(f"{kind}: answer could not be decoded ({short(exc)})") from exc
    except (httpx.UnsupportedProtocol, httpx.LocalProtocolError, httpx.ProxyError) as exc:  # no retry mends these
        raise NetworkError(f"{kind}: request could not be sent ({type(exc).__name__}: {short(exc)})") from exc
    except httpx.TransportError as exc:
        raise Retryable(f"network error ({type(exc).__name__}: {short(exc)})") from exc
    except Exception as exc:
        if type(exc).__name__ == "CannotOverwriteExistingCassetteException":
            raise NotInSnapshot(f"{kind}: not in snapshot") from exc
        raise


class _Decoder:
    """Bytes in, decoded slices of at most 64 KB out: identity, gzip or deflate (all we ask for).
    `finish` refuses a compressed answer that stopped before its end (a connection cut short)."""

    def __init__(self, encoding: str, kind: str, refuse: type[EvidenceError]) -> None:
        name = encoding.strip().lower()
        if name not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise refuse(f"{kind}: answer in an encoding not asked for ({name[:20]})")
        self.kind, self.refuse, self.raw_deflate_allowed = kind, refuse, name == "deflate"
        self.inflater = None if name in ("", "identity") else zlib.decompressobj(zlib.MAX_WBITS | 32)
        self.started = self.fed = False

    def decode(self, raw: bytes) -> Iterator[bytes]:
        if self.inflater is None:
            yield raw
            return
        self.fed = self.fed or bool(raw)
        try:
            yield from _inflated(self.inflater, raw, self)
        except zlib.error as exc:
            if not (self.raw_deflate_allowed and not self.started):
                raise self.refuse(f"{self.kind}: answer could not be decoded ({short(exc)})") from exc
            self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # deflate sent without its zlib header
            self.raw_deflate_allowed = False
            yield from self.decode(raw)

    def finish(self) -> None:
        if self.inflater is not None and self.fed and not self.inflater.eof:
            raise self.refuse(f"{self.kind}: answer cut short before the end of its compressed body")


def _inflated(inflater: zlib._Decompress, raw: bytes, decoder: _Decoder) -> Iterator[bytes]:
    data = raw
    while data:
        piece = inflater.decompress(data, _SLICE)
        data = inflater.unconsumed_tail
        if piece:
            decoder.started = True
            yield piece
        elif not data or inflater.eof:
            return


def _within(configured: float | None, left: float) -> float:
    return left if configured is None else min(configured, left)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """`Retry-After` in seconds (a number of ASCII digits, or an HTTP date), else None."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if ascii_digits(value):
        return float(value)
    try:
        return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError):
        return None


def ascii_digits(text: str) -> bool:
    """"123", not "²" or "١٢" (which `str.isdigit` accepts and `int` may refuse)."""
    return text.isascii() and text.isdigit()


def short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:120] or "no detail"


class Redactor:
    """The one place secrets are taken out of text leaving a client: each secret as is,
    URL-encoded (`%40`, either hex case) and form-encoded (`+` for spaces)."""

    def __init__(self, secrets: tuple[str | None, ...]) -> None:
        forms: set[str] = set()
        for secret in (s for s in secrets if s):
            for form in (secret, quote(secret, safe=""), quote_plus(secret, safe="")):
                forms |= {form, form.lower(), re.sub(r"%[0-9a-f]{2}", lambda m: m.group(0).upper(), form)}
        self._pattern = re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))) \
            if forms else None

    def __call__(self, text: str) -> str:
        text = _SECRET_PARAM.sub(r"\1=[redacted]", text)  # even a value cut short by truncation
        return self._pattern.sub("[redacted]", text) if self._pattern else text
