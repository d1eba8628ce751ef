"""The one entry point: the evidence source a `Settings` asks for, opened and closed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING

from verifier.errors import UsageError
from verifier.evidence.base import EvidenceSource
from verifier.evidence.offline import OfflineSource

if TYPE_CHECKING:
    from verifier.evidence.eutils.requests import EutilsRequest
    from verifier.settings import Settings


def _quiet_message(text: str) -> None:
    pass


def _quiet_fetched(done: int, total: int) -> None:
    pass


@contextmanager
def open_source(settings: Settings, on_message: Callable[[str], None] = _quiet_message,
                on_fetched: Callable[[int, int], None] = _quiet_fetched) -> Iterator[EvidenceSource]:
    """The source the settings ask for: `--records` files, the mirror, nothing (`--offline`),
    or E-utilities (live, cached, or replayed from a cassette). With a cassette the cache stays
    out of the way, so that snapshot evidence never mixes with records fetched live."""
    if settings.records:
        from verifier.evidence.local import LocalRecords

        yield LocalRecords.from_files(list(settings.records))
        return
    if settings.source == "mirror":
        from verifier.evidence.mirror import Mirror, MirrorSource

        if not settings.mirror_path.is_file():
            raise UsageError(f"no mirror at {settings.mirror_path}; build one with 'verifier mirror import FILE...'")
        mirror = Mirror(settings.mirror_path, on_message)
        try:
            yield MirrorSource(mirror)
        finally:
            mirror.close()
        return
    if settings.offline and settings.cassette is None:
        yield OfflineSource()
        return
    # The HTTP client, the cassette layer and the cache (SQLite) load only for a run that may use them.
    from verifier.evidence.cache import CachedSource, RecordCache
    from verifier.evidence.eutils.client import Limits, PubMedClient
    from verifier.evidence.eutils.requests import Identity
    from verifier.evidence.eutils.snapshot import ReconstructedSnapshot, is_reconstructed, snapshot

    with ExitStack() as stack:
        stack.enter_context(snapshot(settings.cassette, settings.record_mode,
                                     secrets=(settings.api_key, settings.email)))
        client = PubMedClient(Identity(email=settings.email, api_key=settings.api_key),
                              eutils_url=settings.eutils_url, idconv_url=settings.resolved_idconv_url,
                              on_request=lambda r: on_message(describe(r)), on_fetched=on_fetched,
                              limits=Limits(settings.deadline, settings.max_answer_bytes, settings.max_retry_wait))
        stack.callback(client.close)
        source: EvidenceSource = client
        if settings.cassette is not None and settings.record_mode == "none" and is_reconstructed(settings.cassette):
            source = ReconstructedSnapshot(source)
        if settings.use_cache and settings.cassette is None:
            cache = RecordCache(settings.cache_path)
            stack.callback(cache.close)
            source = CachedSource(source, cache, refresh=settings.refresh,
                                  origin=f"{settings.eutils_url} {settings.resolved_idconv_url}",
                                  max_age_days=settings.cache_max_age_days)
        yield source


def describe(request: EutilsRequest) -> str:
    size = (request.data or request.params).get("id", "")
    count = len(size.split(",")) if size else 0
    return f"PubMed {request.kind}" + (f" ({count} ids)" if count else "")
