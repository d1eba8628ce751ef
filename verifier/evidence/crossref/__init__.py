"""Crossref, the DOI registry's REST API: records for DOIs PubMed does not index, and update
notices (retractions, corrections, expressions of concern, Retraction Watch's included) for
every DOI. `open_registry(settings)` opens the client a run asks for, or none. The client (and
its HTTP stack) loads only when a name from it is first used."""

from __future__ import annotations

from typing import TYPE_CHECKING

from verifier.evidence.crossref.registry import DoiRegistry, asks_crossref, open_registry
from verifier.evidence.defaults import DEFAULT_CROSSREF_URL
from verifier.lazy import lazy_exports

if TYPE_CHECKING:
    from verifier.evidence.crossref.client import CrossrefClient, CrossrefError, WorkResult
    from verifier.evidence.crossref.work import WorkFormatError, record_from_work

__all__ = ["DEFAULT_CROSSREF_URL", "CrossrefClient", "CrossrefError", "DoiRegistry", "WorkFormatError",
           "WorkResult", "asks_crossref", "open_registry", "record_from_work"]

_LAZY = {"CrossrefClient": "client", "CrossrefError": "client", "WorkResult": "client",
         "WorkFormatError": "work", "record_from_work": "work"}
__getattr__ = lazy_exports(__name__, {name: f"{__name__}.{module}" for name, module in _LAZY.items()})
