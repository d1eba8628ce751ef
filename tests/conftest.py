"""Shared fixtures: the reconstructed seed records, a fake E-utilities transport, article builders."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

# The tests (and the commands they start) compile every pattern afresh and write nothing into the
# user's cache folder (set before verifier is imported); tests/test_patternstore.py points the
# store at a temporary file where it tests it.
os.environ["VERIFIER_PATTERN_STORE"] = "off"

import httpx
import pytest
from support.fake_eutils import FakeEutils

from verifier.evidence.eutils.client import PubMedClient, RetryPolicy
from verifier.evidence.eutils.ratelimit import RateLimiter
from verifier.evidence.eutils.requests import Identity
from verifier.ingest import line_starts
from verifier.models import Article

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
ISLAM_XML = ROOT / "cassettes" / "reconstructed" / "islam2023.xml"
ZHANGP_XML = DATA / "zhangP2023_partial.xml"
SEEDS = ROOT / "seeds"
SEED_CASSETTE = ROOT / "cassettes" / "seeds.yaml"

# The citation exactly as seed 001 prints it (line 114), whose every field is confirmed.
ISLAM_PRINTED = (
    "Islam MA, Alam SS, Kundu S, Ahmed S, Sultana S, Patar A, Hossan T. Mesenchymal Stem Cell "
    "Therapy in Multiple Sclerosis: A Systematic Review and Meta-Analysis. J Clin Med. 2023 Sep "
    "30;12(19):6311. doi: 10.3390/jcm12196311. PMID: 37834955; PMCID: PMC10573670."
)


def article_from_text(text: str, path: str = "article.txt") -> Article:
    starts = line_starts(text)
    return Article(path=path, text=text, line_starts=starts,
                   source_lines=tuple(range(1, len(starts) + 1)))


@pytest.fixture
def fake_eutils() -> FakeEutils:
    return FakeEutils([ISLAM_XML.read_text(encoding="utf-8"), ZHANGP_XML.read_text(encoding="utf-8")])


@pytest.fixture
def make_client() -> Callable[..., PubMedClient]:
    def build(handler: Callable[[httpx.Request], httpx.Response], **kwargs: object) -> PubMedClient:
        options: dict[str, object] = {"limiter": RateLimiter(1e6), "sleep": lambda _: None,
                                      "retry": RetryPolicy(attempts=3, initial=0.01, maximum=0.02)}
        options.update(kwargs)
        return PubMedClient(Identity(email="tester@example.org"),
                            transport=httpx.MockTransport(handler), **options)  # type: ignore[arg-type]

    return build
