"""Stage: tie each citation to a PubMed record, in as few requests as the evidence source allows.

Identifiers are deduplicated across every citation of the run, resolved in
batches (DOIs by esearch, PMCIDs by the ID converter, reference strings by
ECitMatch), and all PMIDs fetched together.
"""

from __future__ import annotations

from collections.abc import Sequence

from verifier.evidence import CitationQuery, EvidenceSource, FetchResult, Lookup
from verifier.models import Citation, Record, Resolution


def resolve(citations: Sequence[Citation], source: EvidenceSource) -> list[Resolution]:
    """One Resolution per citation, in the same order."""
    dois = [c.doi for c in citations if c.doi and not c.pmid]
    pmcids = [c.pmcid for c in citations if c.pmcid and not c.pmid and not c.doi]
    references = {str(i): query for i, c in enumerate(citations) if (query := _citation_query(c))}
    by_doi = source.pmids_for_dois(dois) if dois else Lookup()
    by_pmcid = source.pmids_for_pmcids(pmcids) if pmcids else Lookup()
    by_reference = source.citmatch(references) if references else Lookup()
    wanted = [c.pmid for c in citations if c.pmid]
    wanted += list(by_doi.found.values()) + list(by_pmcid.found.values())
    wanted += list(by_reference.found.values())
    fetched = source.fetch(list(dict.fromkeys(wanted))) if wanted else FetchResult()
    return [_resolution(c, str(i), by_doi, by_pmcid, by_reference, fetched)
            for i, c in enumerate(citations)]


def _citation_query(citation: Citation) -> CitationQuery | None:
    fields = citation.fields
    if citation.pmid or citation.doi or citation.pmcid or not (fields.journal and fields.year):
        return None
    author = fields.authors[0] if fields.authors else None
    first_page = fields.pages.split("-")[0] if fields.pages else None
    return CitationQuery(journal=fields.journal, year=fields.year, volume=fields.volume,
                         first_page=first_page, author=author.short() if author else None)


def _resolution(citation: Citation, key: str, by_doi: Lookup, by_pmcid: Lookup,
                by_reference: Lookup, fetched: FetchResult) -> Resolution:
    base = Resolution(citation_id=citation.id)
    if citation.pmid:
        return _fetched(base.model_copy(update={"method": "pmid", "pmid": citation.pmid}), fetched)
    if citation.doi:
        return _looked_up(base.model_copy(update={"method": "doi"}), citation.doi, by_doi, fetched)
    if citation.pmcid:
        return _looked_up(base.model_copy(update={"method": "pmcid"}), citation.pmcid, by_pmcid,
                          fetched)
    if _citation_query(citation) is not None:
        return _looked_up(base.model_copy(update={"method": "citmatch"}), key, by_reference, fetched)
    return base.model_copy(update={"status": "no_ids",
                                   "reason": "no PMID, DOI or PMCID, and too few fields to search"})


def _looked_up(base: Resolution, value: str, lookup: Lookup, fetched: FetchResult) -> Resolution:
    if value in lookup.found:
        return _fetched(base.model_copy(update={"pmid": lookup.found[value]}), fetched)
    if value in lookup.missing:
        return base.model_copy(update={"status": "not_found", "reason": "no PubMed record matches"})
    reason = lookup.unavailable.get(value, "lookup gave no answer")
    return base.model_copy(update={"status": "unavailable", "reason": reason})


def _fetched(base: Resolution, fetched: FetchResult) -> Resolution:
    pmid = base.pmid or ""
    record: Record | None = fetched.records.get(pmid)
    if record is not None:
        return base.model_copy(update={"status": "found", "record": record})
    if pmid in fetched.missing:
        return base.model_copy(update={"status": "not_found", "reason": f"PMID {pmid} does not exist"})
    reason = fetched.unavailable.get(pmid, "record was not returned")
    return base.model_copy(update={"status": "unavailable", "reason": reason})
