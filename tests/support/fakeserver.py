"""FakeEutils over real HTTP on 127.0.0.1, for fault tests and benchmarks (test support: never
in the wheel, which serves no HTTP).

It serves efetch, esearch, ecitmatch and the ID converter from PubMed XML (see `fake.py`),
with a configurable latency, NCBI-like rate limiting (HTTP 429 with NCBI's JSON error body past
the limit), faults injected per request, and a count of what it was asked. It listens on a free
loopback port only, and stops by itself when its `with` block ends; a request it is told to
leave unanswered waits at most `hang_seconds`.
"""

from __future__ import annotations

import gzip
import json
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

import httpx

from support.fake_eutils import FakeEutils

# A fault is chosen per request: (request number from 1, endpoint) -> fault name or None. The
# names: reset, hang, truncate, invalid-xml, ncbi-error, wrong-pmid, echo-url, error-200-echo,
# unplaceable, drip, huge, huge-unannounced, gzip-bomb, 429, 429-retry-after, 429-retry-after-long, 500, 502, 503
# (see Handler._fault).
FaultPlan = Callable[[int, str], str | None]


class FakeServer:
    def __init__(self, eutils: FakeEutils, *, latency: float = 0.0, rate_limit: float | None = None,
                 faults: FaultPlan | None = None, hang_seconds: float = 5.0,
                 drip_seconds: float = 0.5, huge_bytes: int = 64 << 20) -> None:
        self.eutils = eutils
        self.latency = latency
        self.rate_limit = rate_limit
        self.faults = faults or (lambda number, endpoint: None)
        self.hang_seconds = hang_seconds
        self.drip_seconds = drip_seconds
        self.huge_bytes = huge_bytes
        self.requests = 0
        self.rejected = 0
        self.faulted: list[tuple[int, str, str]] = []
        self._lock = threading.Lock()
        self._recent: deque[float] = deque()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The E-utilities base URL to give the client (--eutils-url)."""
        assert self._server is not None, "start the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/entrez/eutils"

    @property
    def idconv_url(self) -> str:
        return self.url.replace("/entrez/eutils", "/tools/idconv/api/v1/articles/")

    def __enter__(self) -> FakeServer:
        handler = _handler_for(self)
        self._server = _QuietServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-eutils", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _admit(self) -> tuple[int, bool]:
        """Count the request; False when it is over the rate limit (NCBI answers 429)."""
        with self._lock:
            self.requests += 1
            number = self.requests
            if self.rate_limit is None:
                return number, True
            now = time.monotonic()
            while self._recent and now - self._recent[0] >= 1.0:
                self._recent.popleft()
            if len(self._recent) >= self.rate_limit:
                self.rejected += 1
                return number, False
            self._recent.append(now)
            return number, True

    def _wait(self, seconds: float) -> None:
        self._stopping.wait(seconds)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up (a timeout, an interrupted run) is part of the tests."""
        error = sys.exc_info()[1]
        if not isinstance(error, (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def _handler_for(server: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            self._serve(b"")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self._serve(self.rfile.read(length))

        def _serve(self, body: bytes) -> None:
            number, admitted = server._admit()
            endpoint = self.path.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
            if server.latency:
                server._wait(server.latency)
            if not admitted:
                self._reply(429, json.dumps({"error": "API rate limit exceeded", "count": "4",
                                             "limit": str(server.rate_limit)}).encode(), "application/json")
                return
            fault = server.faults(number, endpoint)
            if fault is not None:
                server.faulted.append((number, endpoint, fault))
                if self._fault(fault):
                    return
            request = httpx.Request(self.command, f"http://fake{self.path}", content=body,
                                    headers={"Content-Type": self.headers.get("Content-Type", "")})
            answer = server.eutils(request)
            content = answer.content
            if fault == "wrong-pmid":
                content = content.replace(b"<PMID Version=\"1\">", b"<PMID Version=\"1\">9", 1)
            if fault == "unplaceable":  # an entry no parser can make a record of, beside good ones
                content = content.replace(b"</PubmedArticleSet>",
                                          b"<PubmedArticle><PubmedData/></PubmedArticle></PubmedArticleSet>")
            self._reply(answer.status_code, content, answer.headers.get("Content-Type", "text/plain"),
                        truncate=fault == "truncate")

        def _fault(self, fault: str) -> bool:
            """Act out a fault that replaces the answer; False when it only alters it."""
            if fault == "reset":
                self.close_connection = True
                self.connection.shutdown(2)  # no answer at all: the client sees the connection drop
                return True
            if fault == "hang":
                server._wait(server.hang_seconds)
                self.close_connection = True
                return True
            if fault in ("429", "500", "502", "503"):
                self._reply(int(fault), b'{"error": "simulated"}', "application/json")
                return True
            if fault == "429-retry-after":
                self._reply(429, b'{"error": "API rate limit exceeded"}', "application/json",
                            extra={"Retry-After": "1"})
                return True
            if fault == "echo-url":  # a server that quotes the request's parameters, key first
                query = self.path.partition("?")[2].split("&")
                quoted = "&".join(reversed(query))
                self._reply(400, json.dumps({"error": f"bad request {quoted}"}).encode(), "application/json")
                return True
            if fault == "429-retry-after-long":
                self._reply(429, b'{"error": "API rate limit exceeded"}', "application/json",
                            extra={"Retry-After": "3600"})
                return True
            if fault == "error-200-echo":  # NCBI's <ERROR> body quoting the request, with HTTP 200
                self._reply(200, _echo_error(self.path).encode(), "text/xml")
                return True
            if fault == "drip":
                self._drip()
                return True
            if fault in ("huge", "huge-unannounced"):
                self._huge(announced=fault == "huge")
                return True
            if fault == "gzip-bomb":
                self._reply(200, _GZIP_BOMB, "text/xml", extra={"Content-Encoding": "gzip"})
                return True
            if fault == "ncbi-error":
                self._reply(200, b"<eFetchResult><ERROR>External viewer error</ERROR></eFetchResult>", "text/xml")
                return True
            if fault == "invalid-xml":
                self._reply(200, b"<?xml version='1.0'?><PubmedArticleSet><PubmedArticle><oops", "text/xml")
                return True
            return False

        def _drip(self) -> None:
            """A valid start, then one byte every `drip_seconds`: each read is under any read
            timeout, the whole never ends (until the server stops or the client hangs up)."""
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(1 << 20))
            self.end_headers()
            self.wfile.write(b"<?xml version='1.0'?>\n<PubmedArticleSet>")
            self.wfile.flush()
            while not server._stopping.wait(server.drip_seconds):
                self.wfile.write(b" ")
                self.wfile.flush()
            self.close_connection = True

        def _huge(self, announced: bool) -> None:
            """An answer of `huge_bytes` (sent in chunks, never held whole), its length announced
            or not (then the body runs until the connection closes)."""
            chunk = b" " * 65536
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            if announced:
                self.send_header("Content-Length", str(server.huge_bytes))
            else:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"<PubmedArticleSet>")
            left = server.huge_bytes - len(b"<PubmedArticleSet>")
            while left > 0 and not server._stopping.is_set():
                self.wfile.write(chunk[:left])
                left -= len(chunk)
            self.close_connection = True

        def _reply(self, status: int, content: bytes, content_type: str, *, truncate: bool = False,
                   extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(content)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(content[: len(content) // 2] if truncate else content)
            if truncate:
                self.close_connection = True

    return Handler


# 64 MiB of spaces inside a PubmedArticleSet, gzip-compressed to about 64 KB.
_GZIP_BOMB = gzip.compress(b"<PubmedArticleSet>" + b" " * (64 << 20) + b"</PubmedArticleSet>", compresslevel=9)


def _echo_error(path: str) -> str:
    """An efetch `<ERROR>` naming the request the way a server may quote it: as sent (%40), decoded
    (plain), form-encoded, and cut short mid-value."""
    from urllib.parse import parse_qsl, quote_plus, unquote

    query = path.partition("?")[2]
    fields = parse_qsl(query)
    form = "&".join(f"{k}={quote_plus(v)}" for k, v in fields)
    cut = query[: query.find("email=") + 16] if "email=" in query else query[:40]
    return (f"<eFetchResult><ERROR>Invalid request {path} ; decoded {unquote(query)} ; form {form} ; "
            f"cut {cut}</ERROR></eFetchResult>")
