"""`verifier audit URL`: a page fetched over HTTP is audited like the same page saved to disk.

The server is a loopback http.server started in the test; nothing in the package serves HTTP.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import vcr
from click.testing import CliRunner

from verifier import ingest
from verifier.cli import main
from verifier.errors import InputError

PAGE = """<!doctype html><html><head><title>Walking news</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Brisk Walking Lowers Blood Pressure</h1>
<p>A study found that brisk walking lowers blood pressure in adults.</p>
<p>Walking cures arthritis in every patient.</p>
<p>Do you want to feel better today?</p>
</article>
<footer>Copyright 2024 Walking News</footer>
</body></html>
"""
ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/page": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE.encode()),
    "/moved": (302, {"Location": "/page"}, b""),
    "/loop": (302, {"Location": "/loop"}, b""),
    "/data.json": (200, {"Content-Type": "application/json"}, b'{"a": 1}'),
    "/missing": (404, {"Content-Type": "text/html"}, b"<p>no</p>"),
    "/huge": (200, {"Content-Type": "text/html"}, b"<p>" + b"x" * 5000 + b"</p>"),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, headers, body = ROUTES.get(self.path, (404, {}, b""))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def loopback() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def audit(target: str) -> tuple[int, list[tuple[Any, ...]]]:
    result = CliRunner().invoke(main, ["audit", target, "--offline", "--format", "json"])
    article = json.loads(result.stdout)["articles"][0]
    return result.exit_code, sorted((f["code"], f["message"], f["span"] and f["span"]["line"])
                                    for f in article["findings"])


def test_a_fetched_page_has_the_findings_of_the_saved_page(tmp_path: Path) -> None:
    saved = tmp_path / "page.html"
    saved.write_bytes(PAGE.encode())
    with loopback() as base:
        fetched = audit(f"{base}/page")
        redirected = audit(f"{base}/moved")
    assert fetched == audit(str(saved)) == redirected
    codes = [code for code, _, _ in fetched[1]]
    assert "S210" in codes  # "Walking cures arthritis in every patient." rests on nothing
    assert not any("feel better" in message for _, message, _ in fetched[1])


def test_a_fetch_replays_from_a_cassette_without_the_server(tmp_path: Path) -> None:
    cassette = str(tmp_path / "page.yaml")
    with loopback() as base, vcr.use_cassette(cassette, record_mode="once"):
        recorded = ingest.load(f"{base}/page")
    with vcr.use_cassette(cassette, record_mode="none"):
        replayed = ingest.load(f"{base}/page")  # the server is gone: only the cassette answers
    assert replayed.text == recorded.text and "Brisk Walking" in replayed.text
    assert "Copyright" not in replayed.text


@pytest.mark.parametrize(("route", "says"), [
    ("/data.json", "not an HTML page (content type application/json)"),
    ("/missing", "HTTP 404"),
    ("/loop", "more than 5 redirects"),
    ("/huge", "larger than the 1,000-byte limit"),
])
def test_pages_that_cannot_be_audited_are_one_line_errors(route: str, says: str) -> None:
    with loopback() as base, pytest.raises(InputError, match=says.replace("(", r"\(").replace(")", r"\)")):
        ingest.load(f"{base}{route}", max_bytes=1000)


def test_the_cli_reports_a_bad_page_in_one_line_and_exit_2() -> None:
    with loopback() as base:
        result = CliRunner().invoke(main, ["audit", f"{base}/data.json", "--offline"])
    assert result.exit_code == 2 and "not an HTML page" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("url", "says"), [
    ("http://", "cannot fetch"),
    ("http://exa mple.com/\x00", "cannot fetch"),
])
def test_urls_that_cannot_be_fetched_are_one_line_errors(url: str, says: str) -> None:
    with pytest.raises(InputError, match=says):
        ingest.load(url)
