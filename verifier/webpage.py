"""Fetch one web page for `verifier audit URL`: HTML only, bounded in time, size and redirects.

The page is audited exactly like a saved page (`ingest.load_html`); the line numbers are those of
the fetched markup. Tests replay fetches from a vcrpy cassette or a loopback server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from verifier.errors import InputError

if TYPE_CHECKING:  # httpx loads only when a page is fetched
    import httpx

TIMEOUT = (20.0, 10.0)  # read, connect
MAX_REDIRECTS = 5
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_url(item: str) -> bool:
    return item.startswith(("http://", "https://"))


def fetch_page(url: str, max_bytes: int, timeout: httpx.Timeout | None = None) -> bytes:
    """The page's bytes; InputError with a one-line reason when it cannot be used."""
    headers = {"User-Agent": "verifier (claim and citation checker)",
               "Accept": "text/html,application/xhtml+xml;q=0.9"}
    import httpx

    timeout = timeout or httpx.Timeout(TIMEOUT[0], connect=TIMEOUT[1])
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=MAX_REDIRECTS,
                          headers=headers) as client, client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise InputError(f"{url}: the server answered HTTP {response.status_code}")
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind not in _HTML_TYPES:
                raise InputError(f"{url}: not an HTML page (content type {kind or 'not given'})")
            return _read_capped(response, url, max_bytes)
    except httpx.TooManyRedirects as exc:
        raise InputError(f"{url}: more than {MAX_REDIRECTS} redirects") from exc
    except httpx.TimeoutException as exc:
        raise InputError(f"{url}: timed out") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise InputError(f"{url}: cannot fetch ({type(exc).__name__})") from exc


def _read_capped(response: httpx.Response, url: str, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise InputError(f"{url}: larger than the {max_bytes:,}-byte limit (--max-bytes)")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise InputError(f"{url}: larger than the {max_bytes:,}-byte limit (--max-bytes)")
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data.strip():
        raise InputError(f"{url}: empty page")
    return data
