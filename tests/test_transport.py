"""The shared transport (verifier/evidence/transport.py): how a compressed answer is read, and
which network errors are worth a retry. Answers come from httpx's MockTransport, streamed."""

from __future__ import annotations

import gzip
import zlib

import httpx
import pytest

from verifier.errors import NCBIError, NetworkError
from verifier.evidence.transport import Limits, RetryPolicy, RunBudget, receive, send_with_retries, translated

BODY = b"<PubmedArticleSet>" + b"<PubmedArticle/>" * 300 + b"</PubmedArticleSet>"  # 4,835 bytes
TIMEOUT = httpx.Timeout(5.0)


def answered(encoding: str, payload: bytes) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-encoding": encoding}, stream=httpx.ByteStream(payload))

    return httpx.Client(transport=httpx.MockTransport(handler))


def read(client: httpx.Client) -> bytes:
    budget = RunBudget(Limits(deadline=10))
    return receive(client, "GET", "https://eutils.test/efetch.fcgi", budget=budget, timeout=TIMEOUT,
                   kind="efetch", refuse=NCBIError).content


def test_a_whole_gzip_answer_is_decoded() -> None:
    assert read(answered("gzip", gzip.compress(BODY))) == BODY


def test_a_gzip_answer_cut_short_is_refused_not_taken_as_complete() -> None:
    cut = gzip.compress(BODY)[:40]  # the header and the first deflate bytes, no end of stream
    with pytest.raises(NCBIError, match="cut short"):
        read(answered("gzip", cut))


def test_deflate_with_and_without_its_zlib_header_is_decoded() -> None:
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    headerless = raw.compress(BODY) + raw.flush()
    assert read(answered("deflate", zlib.compress(BODY))) == BODY
    assert read(answered("deflate", headerless)) == BODY


def test_a_body_that_says_gzip_and_is_not_is_refused() -> None:
    with pytest.raises(NCBIError, match="could not be decoded"):
        read(answered("gzip", b"plain text, not gzip at all"))


def test_an_address_no_retry_can_mend_is_given_up_at_once() -> None:
    tries: list[int] = []
    budget = RunBudget(Limits(deadline=10), sleep=lambda seconds: tries.append(-1))

    def attempt() -> httpx.Response:
        tries.append(1)
        with translated("crossref", NCBIError), httpx.Client() as client:
            return client.get("htps://api.crossref.test/works")  # a misspelt scheme

    with pytest.raises(NetworkError, match=r"could not be sent .*UnsupportedProtocol"):
        send_with_retries(attempt, RetryPolicy(attempts=4), budget, "crossref")
    assert tries == [1]  # one try, no back-off sleep
