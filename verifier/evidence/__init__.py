"""The evidence stage: where records come from, behind one protocol and one entry point.

Sources: E-utilities (`eutils`: client, request builders, rate limiter, snapshots), a SQLite
cache in front of it (`cache`), local record files (`local`), a local mirror (`mirror`), nothing
(`offline`). `open_source(settings)` opens the one a run asks for. Only the clients under
`eutils` (and `crossref`) touch the network. Nothing here imports the checks, claims, reports
or the command line.
"""

from verifier.evidence.base import CitationQuery, EvidenceSource, FetchResult, Lookup, TitleQuery
from verifier.evidence.cache import CachedSource, RecordCache
from verifier.evidence.local import LocalRecords, citation_fits, read_records_file
from verifier.evidence.offline import OfflineSource
from verifier.evidence.sources import open_source

__all__ = ["CachedSource", "CitationQuery", "EvidenceSource", "FetchResult", "LocalRecords", "Lookup",
           "OfflineSource", "RecordCache", "TitleQuery", "citation_fits", "open_source", "read_records_file"]
