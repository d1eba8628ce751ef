"""What the loopback fake servers share (test support: never in the wheel): a server on a free
127.0.0.1 port for the length of a `with` block, a request handler, and the faults any HTTP
server can act out, whatever it serves.

A fault is chosen per request by a plan: (request number from 1, path or endpoint) -> a fault
name or None. The shared names (see `FakeHandler.act`): reset, hang, 429, 500, 502, 503,
429-retry-after (Retry-After: 1), 429-retry-after-long (Retry-After: 3600), drip (a valid start,
then a byte every `drip_seconds`, never ending), huge and huge-unannounced (`huge_bytes` sent in
chunks, with or without Content-Length), gzip-bomb (64 KB of gzip decoding to 64 MiB). Each
server adds its own (`FakeServer`: NCBI's; `FakeCrossrefServer`: Crossref's). A request left
unanswered waits at most `hang_seconds`; every wait ends when the server stops.
"""

from __future__ import annotations

import sys
import threading
import time
import zlib
from collections.abc import Callable
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self, TypeVar

FaultPlan = Callable[[int, str], str | None]
BOMB_BYTES = 64 << 20


class LoopbackServer:
    """A fake HTTP server: subclasses say what a request is answered with (`serve`), what a
    plain error status carries (`error_reply`), and how a long answer starts (`opening`)."""

    name = "fake-http"
    content_type = "application/json"  # of a dripped, huge or bomb answer
    opening = b""

    def __init__(self, faults: FaultPlan | None = None, *, latency: float = 0.0, hang_seconds: float = 5.0,
                 drip_seconds: float = 0.5, huge_bytes: int = 64 << 20) -> None:
        self.faults = faults or (lambda number, where: None)
        self.latency = latency
        self.hang_seconds = hang_seconds
        self.drip_seconds = drip_seconds
        self.huge_bytes = huge_bytes
        self.requests = 0
        self.faulted: list[tuple[int, str, str]] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def root(self) -> str:
        """`http://127.0.0.1:PORT`, once started."""
        assert self._server is not None, "start the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> Self:
        self._server = _Server(("127.0.0.1", 0), FakeHandler)
        self._server.owner = self
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name=self.name, daemon=True)
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

    def wait(self, seconds: float) -> None:
        """Sleep, but not past the server's end."""
        self._stopping.wait(seconds)

    def count(self) -> int:
        with self._lock:
            self.requests += 1
            return self.requests

    def fault_for(self, number: int, where: str) -> str | None:
        fault = self.faults(number, where)
        if fault is not None:
            with self._lock:
                self.faulted.append((number, where, fault))
        return fault

    def serve(self, handler: FakeHandler, body: bytes) -> None:
        raise NotImplementedError

    def error_reply(self, status: int) -> tuple[bytes, str, dict[str, str]]:
        """Body, content type and headers of a plain error status (a 429, a 5xx)."""
        return b'{"error": "simulated"}', "application/json", {}


class _Server(ThreadingHTTPServer):
    owner: LoopbackServer

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up (a timeout, an interrupted run) is part of the tests."""
        error = sys.exc_info()[1]
        if not isinstance(error, (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class FakeHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    @property
    def owner(self) -> LoopbackServer:
        return self.server.owner

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.owner.serve(self, b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.owner.serve(self, self.rfile.read(length))

    def reply(self, status: int, content: bytes, content_type: str, *, truncate: bool = False,
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

    def act(self, fault: str) -> bool:
        """Act out a shared fault that replaces the answer; False when the fault is not one."""
        owner = self.owner
        if fault == "reset":
            self.close_connection = True
            self.connection.shutdown(2)  # no answer at all: the client sees the connection drop
        elif fault == "hang":
            owner.wait(owner.hang_seconds)
            self.close_connection = True
        elif fault in ("429", "500", "502", "503"):
            body, kind, headers = owner.error_reply(int(fault))
            self.reply(int(fault), body, kind, extra=headers)
        elif fault in ("429-retry-after", "429-retry-after-long"):
            body, kind, headers = owner.error_reply(429)
            seconds = "1" if fault == "429-retry-after" else "3600"
            self.reply(429, body, kind, extra={**headers, "Retry-After": seconds})
        elif fault == "drip":
            self._drip()
        elif fault in ("huge", "huge-unannounced"):
            self._huge(announced=fault == "huge")
        elif fault == "gzip-bomb":
            self.reply(200, gzip_bomb(owner.opening), owner.content_type, extra={"Content-Encoding": "gzip"})
        else:
            return False
        return True

    def _drip(self) -> None:
        """A valid start, then one byte every `drip_seconds`: each read is under any read
        timeout, the whole never ends (until the server stops or the client hangs up)."""
        owner = self.owner
        self.send_response(200)
        self.send_header("Content-Type", owner.content_type)
        self.send_header("Content-Length", str(1 << 20))
        self.end_headers()
        self.wfile.write(owner.opening)
        self.wfile.flush()
        while not owner._stopping.wait(owner.drip_seconds):
            self.wfile.write(b" ")
            self.wfile.flush()
        self.close_connection = True

    def _huge(self, announced: bool) -> None:
        """An answer of `huge_bytes` (sent in chunks, never held whole), its length announced
        or not (then the body runs until the connection closes)."""
        owner = self.owner
        chunk = b" " * 65536
        self.send_response(200)
        self.send_header("Content-Type", owner.content_type)
        if announced:
            self.send_header("Content-Length", str(owner.huge_bytes))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(owner.opening)
        left = owner.huge_bytes - len(owner.opening)
        while left > 0 and not owner._stopping.is_set():
            self.wfile.write(chunk[:left])
            left -= len(chunk)
        self.close_connection = True


@cache
def gzip_bomb(opening: bytes) -> bytes:
    """`opening` and 64 MiB of spaces, gzip-compressed to about 64 KB (built a slice at a time)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    parts = [packer.compress(opening)]
    spaces = b" " * (1 << 20)
    parts += [packer.compress(spaces) for _ in range(BOMB_BYTES >> 20)]
    return b"".join([*parts, packer.flush()])


R = TypeVar("R")


def interrupted_while_waiting(server: LoopbackServer, ask: Callable[[], R], settle: float, quiet: float) -> R:
    """`ask()` in a thread; once the server has its first request and `settle` seconds have
    passed (the client now waits on a retry or a dripped byte), `interrupt_evidence()`: the
    client must stop within 2 s and send nothing more for `quiet` seconds. Its answer."""
    from verifier.evidence.background import interrupt_evidence

    results: list[R] = []
    worker = threading.Thread(target=lambda: results.append(ask()), daemon=True)
    worker.start()
    limit = time.monotonic() + 10
    while server.requests < 1 and time.monotonic() < limit:
        time.sleep(0.02)
    time.sleep(settle)
    interrupted = time.monotonic()
    interrupt_evidence()
    worker.join(timeout=5)
    assert not worker.is_alive() and time.monotonic() - interrupted < 2
    asked = server.requests
    time.sleep(quiet)
    assert server.requests == asked == 1  # no retry after the interrupt, and nothing else asked
    (answer,) = results
    return answer
