"""The evidence stage: where records come from, behind one protocol and one entry point.

Sources: E-utilities (`eutils`: client, request builders, rate limiter, snapshots), a SQLite
cache in front of it (`cache`), local record files (`local`), a local mirror (`mirror`), nothing
(`offline`). `open_source(settings)` opens the one a run asks for. Only the clients under
`eutils` (and `crossref`) touch the network. Nothing here imports the checks, claims, reports
or the command line. Each name loads its module when first used, so that a run imports only
the source it opens (no HTTP client offline, no XML reader without records to read).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from verifier.evidence.base import CitationQuery, EvidenceSource, FetchResult, Lookup, TitleQuery
from verifier.lazy import lazy_exports

if TYPE_CHECKING:
    from verifier.evidence.cache import CachedSource, RecordCache
    from verifier.evidence.local import LocalRecords, citation_fits, read_records_file
    from verifier.evidence.offline import OfflineSource
    from verifier.evidence.sources import open_source

__all__ = ["CachedSource", "CitationQuery", "EvidenceSource", "FetchResult", "LocalRecords", "Lookup",
           "OfflineSource", "RecordCache", "TitleQuery", "citation_fits", "open_source", "read_records_file"]

_LAZY = {"CachedSource": "cache", "RecordCache": "cache", "LocalRecords": "local", "citation_fits": "local",
         "read_records_file": "local", "OfflineSource": "offline", "open_source": "sources"}
__getattr__ = lazy_exports(__name__, {name: f"{__name__}.{module}" for name, module in _LAZY.items()})
