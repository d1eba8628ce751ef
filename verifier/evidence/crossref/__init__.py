"""Crossref, the DOI registry's REST API: records for DOIs PubMed does not index, and update
notices (retractions, corrections, expressions of concern, Retraction Watch's included) for
every DOI. `open_registry(settings)` opens the client a run asks for, or none."""

from verifier.evidence.crossref.client import DEFAULT_CROSSREF_URL, CrossrefClient, CrossrefError, WorkResult
from verifier.evidence.crossref.registry import DoiRegistry, asks_crossref, open_registry
from verifier.evidence.crossref.work import WorkFormatError, record_from_work

__all__ = ["DEFAULT_CROSSREF_URL", "CrossrefClient", "CrossrefError", "DoiRegistry", "WorkFormatError",
           "WorkResult", "asks_crossref", "open_registry", "record_from_work"]
