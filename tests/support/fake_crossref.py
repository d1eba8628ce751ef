"""A stand-in for the Crossref REST API, for tests and for building reconstructed cassettes
(test support: not part of the wheel).

`FakeCrossref` is an httpx handler answering `/works/{doi}` and `/works/{doi}/agency` from the
works it was given, as Crossref does: 404 "Resource not found." for a DOI it does not hold,
`X-Rate-Limit-Limit`/`X-Rate-Limit-Interval` on every answer. `FakeCrossrefServer` serves it
over real HTTP on 127.0.0.1, with faults chosen per request (404, 429 with rate-limit headers,
bad JSON, 500, not a work) and a count of what it was asked.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

import httpx

RATE_HEADERS = {"X-Rate-Limit-Limit": "50", "X-Rate-Limit-Interval": "1s"}
# (request number from 1, path) -> fault name or None
FaultPlan = Callable[[int, str], str | None]


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


class FakeCrossrefServer:
    def __init__(self, crossref: FakeCrossref, faults: FaultPlan | None = None) -> None:
        self.crossref = crossref
        self.faults = faults or (lambda number, path: None)
        self.requests = 0
        self.paths: list[str] = []
        self.user_agents: list[str] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FakeCrossrefServer:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-crossref", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _count(self, path: str, agent: str) -> int:
        with self._lock:
            self.requests += 1
            self.paths.append(path)
            self.user_agents.append(agent)
            return self.requests


def _handler_for(server: FakeCrossrefServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            number = server._count(self.path, self.headers.get("User-Agent", ""))
            fault = server.faults(number, urlsplit(self.path).path)
            if fault == "429":
                self._reply(429, b"Too many requests", {"Retry-After": "0", **RATE_HEADERS})
            elif fault == "500":
                self._reply(500, b"Internal server error", RATE_HEADERS)
            elif fault == "404":
                self._reply(404, b"Resource not found.", RATE_HEADERS)
            elif fault == "bad-json":
                self._reply(200, b'{"status": "ok", "message": {"DOI": ', RATE_HEADERS)
            elif fault == "not-a-work":
                self._reply(200, json.dumps({"status": "ok", "message-type": "work-list",
                                             "message": {"items": []}}).encode(), RATE_HEADERS)
            else:
                status, body = server.crossref.answer(self.path)
                self._reply(status, body, {**RATE_HEADERS, **server.crossref.extra_headers})

        def _reply(self, status: int, content: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if status == 200 else "text/plain")
            self.send_header("Content-Length", str(len(content)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(content)

    return Handler
