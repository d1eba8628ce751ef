"""What the DOI registry answers, and the one place that decides whether a run asks it.

Crossref is asked only by a run that asks PubMed over the network (live, or cached), or that
was given a Crossref cassette to replay. `--offline`, `--records`, the mirror and a PubMed
cassette alone send nothing to Crossref; nor does a run against a local E-utilities stand-in
(`--eutils-url`) unless a Crossref URL was configured too (hosts you configured, nothing else).
`--no-crossref` (env `VERIFIER_CROSSREF=off`, config `crossref = false`) turns it off everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from verifier.evidence.crossref.client import WorkResult
    from verifier.settings import Settings


class DoiRegistry(Protocol):
    def works(self, dois: list[str]) -> WorkResult: ...


def asks_crossref(settings: Settings) -> bool:
    from verifier.evidence.defaults import DEFAULT_CROSSREF_URL
    from verifier.evidence.eutils.requests import DEFAULT_EUTILS_URL

    if not settings.crossref or settings.records or settings.source == "mirror" or settings.offline:
        return False
    if settings.eutils_url.rstrip("/") != DEFAULT_EUTILS_URL and settings.crossref_url == DEFAULT_CROSSREF_URL:
        return False
    return settings.cassette is None or settings.crossref_cassette is not None


def _quiet(text: str) -> None:
    pass


@contextmanager
def open_registry(settings: Settings, on_message: Callable[[str], None] = _quiet) -> Iterator[DoiRegistry | None]:
    """The Crossref client the settings ask for (cached when live), or None."""
    if not asks_crossref(settings):
        yield None
        return
    from verifier.evidence.crossref.cache import CachedRegistry, CrossrefCache, crossref_cache_path
    from verifier.evidence.crossref.client import CrossrefClient
    from verifier.evidence.transport import Limits

    with ExitStack() as stack:
        client = CrossrefClient(mailto=settings.email, base_url=settings.crossref_url,
                                cassette=settings.crossref_cassette, record_mode=settings.record_mode,
                                on_request=on_message, limits=Limits.of(settings))
        stack.callback(client.close)
        registry: DoiRegistry = client
        if settings.use_cache and settings.crossref_cassette is None:
            cache = CrossrefCache(crossref_cache_path(settings.cache_path))
            stack.callback(cache.close)
            registry = CachedRegistry(client, cache, refresh=settings.refresh, origin=client.base_url,
                                      max_age_days=settings.cache_max_age_days)
        yield registry
