"""A stand-in for the Crossref REST API, for tests and for building reconstructed cassettes
(test support: not part of the wheel).

`FakeCrossref` is an httpx handler answering `/works/{doi}` and `/works/{doi}/agency` from the
works it was given, as Crossref does: 404 "Resource not found." for a DOI it does not hold,
`X-Rate-Limit-Limit`/`X-Rate-Limit-Interval` on every answer. `FakeCrossrefServer` serves it
over real HTTP on 127.0.0.1 (the server and the shared faults are `fakehttp.py`'s: reset, hang,
429/5xx, Retry-After, drip, huge, gzip-bomb), with Crossref's own faults too (404, bad JSON, not
a work), and a count of what it was asked.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx

from support.fakehttp import FakeHandler, FaultPlan, LoopbackServer

__all__ = ["RATE_HEADERS", "FakeCrossref", "FakeCrossrefServer", "FaultPlan", "work_answer"]

RATE_HEADERS = {"X-Rate-Limit-Limit": "50", "X-Rate-Limit-Interval": "1s"}


def work_answer(work: dict[str, Any]) -> dict[str, Any]:
    return {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": work}


class FakeCrossref:
    def __init__(self, works: list[dict[str, Any]], agencies: dict[str, str] | None = None,
                 extra_headers: dict[str, str] | None = None) -> None:
        self.works = {str(w["DOI"]).lower(): w for w in works}
        self.agencies = {d.lower(): a for d, a in (agencies or {}).items()}  # DOIs of other agencies
        self.extra_headers = extra_headers or {}
        self.calls: Counter[str] = Counter()
        self.asked: list[str] = []

    def answer(self, path: str) -> tuple[int, bytes]:
        doi = unquote(path.split("?", 1)[0]).removeprefix("/works/")
        agency = doi.endswith("/agency")
        doi = doi.removesuffix("/agency")
        self.calls["agency" if agency else "works"] += 1
        self.asked.append(doi)
        work = self.works.get(doi.lower())
        if agency:
            name = "crossref" if work is not None else self.agencies.get(doi.lower())
            if name is None:
                return 404, b"Resource not found."
            body = {"status": "ok", "message-type": "work-agency", "message-version": "1.0.0",
                    "message": {"DOI": doi, "agency": {"id": name.lower(), "label": name}}}
            return 200, json.dumps(body).encode()
        if work is None:
            return 404, b"Resource not found."
        return 200, json.dumps(work_answer(work)).encode()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        status, body = self.answer(request.url.raw_path.decode())
        kind = "application/json" if status == 200 else "text/plain"
        return httpx.Response(status, content=body, headers={"Content-Type": kind, **RATE_HEADERS,
                                                             **self.extra_headers})


class FakeCrossrefServer(LoopbackServer):
    """Faults are planned on (request number, path): Crossref's own are 404, bad-json and
    not-a-work; a 429 carries `Retry-After: 0` and the rate-limit headers, as Crossref's does."""

    name = "fake-crossref"
    opening = b'{"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": {"title": ["'

    def __init__(self, crossref: FakeCrossref, faults: FaultPlan | None = None, *, hang_seconds: float = 5.0,
                 drip_seconds: float = 0.5, huge_bytes: int = 64 << 20) -> None:
        super().__init__(faults, hang_seconds=hang_seconds, drip_seconds=drip_seconds, huge_bytes=huge_bytes)
        self.crossref = crossref
        self.paths: list[str] = []
        self.user_agents: list[str] = []

    @property
    def url(self) -> str:
        return self.root

    def error_reply(self, status: int) -> tuple[bytes, str, dict[str, str]]:
        if status == 429:
            return b"Too many requests", "text/plain", {"Retry-After": "0", **RATE_HEADERS}
        return b"Internal server error", "text/plain", RATE_HEADERS

    def serve(self, handler: FakeHandler, body: bytes) -> None:
        with self._lock:
            self.paths.append(handler.path)
            self.user_agents.append(handler.headers.get("User-Agent", ""))
        fault = self.fault_for(self.count(), urlsplit(handler.path).path)
        if fault is not None and (handler.act(fault) or self._fault(handler, fault)):
            return
        status, content = self.crossref.answer(handler.path)
        handler.reply(status, content, "application/json" if status == 200 else "text/plain",
                      extra={**RATE_HEADERS, **self.crossref.extra_headers})

    def _fault(self, handler: FakeHandler, fault: str) -> bool:
        if fault == "404":
            handler.reply(404, b"Resource not found.", "text/plain", extra=RATE_HEADERS)
        elif fault == "bad-json":
            handler.reply(200, b'{"status": "ok", "message": {"DOI": ', "application/json", extra=RATE_HEADERS)
        elif fault == "not-a-work":
            handler.reply(200, json.dumps({"status": "ok", "message-type": "work-list",
                                           "message": {"items": []}}).encode(), "application/json",
                          extra=RATE_HEADERS)
        else:
            return False
        return True
