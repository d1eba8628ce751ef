"""FakeEutils over real HTTP on 127.0.0.1, for fault tests and benchmarks (test support: never
in the wheel, which serves no HTTP).

It serves efetch, esearch, ecitmatch and the ID converter from PubMed XML (see `fake_eutils.py`),
with a configurable latency, NCBI-like rate limiting (HTTP 429 with NCBI's JSON error body past
the limit), faults injected per request, and a count of what it was asked. The server, its
handler and the faults any server can act out (reset, hang, 429/5xx, Retry-After, drip, huge,
gzip-bomb) are `fakehttp.py`'s, shared with the fake Crossref server.
"""

from __future__ import annotations

import json
import time
from collections import deque

import httpx

from support.fake_eutils import FakeEutils
from support.fakehttp import FakeHandler, FaultPlan, LoopbackServer

__all__ = ["FakeServer", "FaultPlan"]

# NCBI's own faults, besides the shared ones: truncate, invalid-xml, ncbi-error, wrong-pmid, echo-url,
# error-200-echo, unplaceable (see FakeServer._fault).


class FakeServer(LoopbackServer):
    name = "fake-eutils"
    content_type = "text/xml"
    opening = b"<?xml version='1.0'?>\n<PubmedArticleSet>"

    def __init__(self, eutils: FakeEutils, *, latency: float = 0.0, rate_limit: float | None = None,
                 faults: FaultPlan | None = None, hang_seconds: float = 5.0,
                 drip_seconds: float = 0.5, huge_bytes: int = 64 << 20) -> None:
        super().__init__(faults, latency=latency, hang_seconds=hang_seconds, drip_seconds=drip_seconds,
                         huge_bytes=huge_bytes)
        self.eutils = eutils
        self.rate_limit = rate_limit
        self.rejected = 0
        self._recent: deque[float] = deque()

    @property
    def url(self) -> str:
        """The E-utilities base URL to give the client (--eutils-url)."""
        return f"{self.root}/entrez/eutils"

    @property
    def idconv_url(self) -> str:
        return f"{self.root}/tools/idconv/api/v1/articles/"

    def _admit(self) -> tuple[int, bool]:
        """Count the request; False when it is over the rate limit (NCBI answers 429)."""
        number = self.count()
        if self.rate_limit is None:
            return number, True
        with self._lock:
            now = time.monotonic()
            while self._recent and now - self._recent[0] >= 1.0:
                self._recent.popleft()
            if len(self._recent) >= self.rate_limit:
                self.rejected += 1
                return number, False
            self._recent.append(now)
            return number, True

    def error_reply(self, status: int) -> tuple[bytes, str, dict[str, str]]:
        if status == 429:
            return b'{"error": "API rate limit exceeded"}', "application/json", {}
        return b'{"error": "simulated"}', "application/json", {}

    def serve(self, handler: FakeHandler, body: bytes) -> None:
        number, admitted = self._admit()
        endpoint = handler.path.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        if self.latency:
            self.wait(self.latency)
        if not admitted:
            handler.reply(429, json.dumps({"error": "API rate limit exceeded", "count": "4",
                                           "limit": str(self.rate_limit)}).encode(), "application/json")
            return
        fault = self.fault_for(number, endpoint)
        if fault is not None and (handler.act(fault) or self._fault(handler, fault)):
            return
        request = httpx.Request(handler.command, f"http://fake{handler.path}", content=body,
                                headers={"Content-Type": handler.headers.get("Content-Type", "")})
        answer = self.eutils(request)
        content = answer.content
        if fault == "wrong-pmid":
            content = content.replace(b"<PMID Version=\"1\">", b"<PMID Version=\"1\">9", 1)
        if fault == "unplaceable":  # an entry no parser can make a record of, beside good ones
            content = content.replace(b"</PubmedArticleSet>",
                                      b"<PubmedArticle><PubmedData/></PubmedArticle></PubmedArticleSet>")
        handler.reply(answer.status_code, content, answer.headers.get("Content-Type", "text/plain"),
                      truncate=fault == "truncate")

    def _fault(self, handler: FakeHandler, fault: str) -> bool:
        """Act out an NCBI fault that replaces the answer; False when it only alters it."""
        if fault == "echo-url":  # a server that quotes the request's parameters, key first
            quoted = "&".join(reversed(handler.path.partition("?")[2].split("&")))
            handler.reply(400, json.dumps({"error": f"bad request {quoted}"}).encode(), "application/json")
        elif fault == "error-200-echo":  # NCBI's <ERROR> body quoting the request, with HTTP 200
            handler.reply(200, _echo_error(handler.path).encode(), "text/xml")
        elif fault == "ncbi-error":
            handler.reply(200, b"<eFetchResult><ERROR>External viewer error</ERROR></eFetchResult>", "text/xml")
        elif fault == "invalid-xml":
            handler.reply(200, b"<?xml version='1.0'?><PubmedArticleSet><PubmedArticle><oops", "text/xml")
        else:
            return False
        return True


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
