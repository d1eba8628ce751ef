"""Stage: tie each citation to a PubMed record, in as few requests as the evidence source allows.

Identifiers are deduplicated across every citation of the run, resolved in
batches (DOIs by esearch, PMCIDs by the ID converter, reference strings by
ECitMatch), and all PMIDs fetched together. A reference string without ids that
ECitMatch cannot place, or that prints no volume or first page, is searched by its
title (with its first author and year); several hits are reported, never guessed. A title and
first author with no record of the printed year are searched again with the year left open: a
single hit published within a year of the printed one is the paper (its year is then checked
like any field), several are reported as ambiguous. Identical searches are asked once per run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from verifier.checks.normalise import fold
from verifier.evidence import CitationQuery, EvidenceSource, FetchResult, Lookup, TitleQuery
from verifier.evidence.eutils.requests import title_term
from verifier.models import Citation, Record, Resolution

if TYPE_CHECKING:
    from verifier.evidence.crossref import DoiRegistry, WorkResult

NO_SUCH_DOI = "no such DOI: neither PubMed nor Crossref (the DOI registry) knows it"


def resolve(citations: Sequence[Citation], source: EvidenceSource,
            registry: DoiRegistry | None = None) -> list[Resolution]:
    """One Resolution per citation, in the same order; with a DOI registry (Crossref), DOIs
    PubMed does not know are looked up there and every DOI's update notices are added."""
    dois = [c.doi for c in citations if c.doi and not c.pmid]
    pmcids = [c.pmcid for c in citations if c.pmcid and not c.pmid and not c.doi]
    references = {str(i): query for i, c in enumerate(citations) if (query := _citation_query(c))}
    by_doi = source.pmids_for_dois(dois) if dois else Lookup()
    by_pmcid = source.pmids_for_pmcids(pmcids) if pmcids else Lookup()
    by_citmatch = source.citmatch(references) if references else Lookup()
    titles = {str(i): wanted_title for i, c in enumerate(citations)
              if (wanted_title := _title_query(c)) and str(i) not in by_citmatch.found}
    by_title = _title_search(source, titles)
    year_open = _title_search(source, _year_left_open(titles, by_title))
    wanted = [c.pmid for c in citations if c.pmid]
    wanted += list(by_doi.found.values()) + list(by_pmcid.found.values())
    wanted += list(_either(by_citmatch, by_title).found.values()) + list(year_open.found.values())
    fetched = source.fetch(list(dict.fromkeys(wanted))) if wanted else FetchResult()
    by_title = within_a_year(titles, by_title, year_open, fetched)
    by_reference = _either(by_citmatch, by_title)
    titled = frozenset(by_title.found) - frozenset(by_citmatch.found)
    resolutions = [_resolution(c, str(i), by_doi, by_pmcid, by_reference, fetched, titled)
                   for i, c in enumerate(citations)]
    return with_crossref(citations, resolutions, registry) if registry is not None else resolutions


def _citation_query(citation: Citation) -> CitationQuery | None:
    """The ECitMatch question, when the string prints journal and year, and either volume and
    first page or no title to search on (journal, year and author alone fit many papers)."""
    fields = citation.fields
    if citation.pmid or citation.doi or citation.pmcid or not (fields.journal and fields.year):
        return None
    if _title_query(citation) is not None and not (fields.volume and fields.pages):
        return None
    author = fields.authors[0] if fields.authors else None
    first_page = fields.pages.split("-")[0] if fields.pages else None
    return CitationQuery(journal=fields.journal, year=fields.year, volume=fields.volume,
                         first_page=first_page, author=author.short() if author else None)


_BY_CITMATCH = "ECitMatch on its journal, year, volume, first page and first author"
_BY_TITLE = "a PubMed title search on its title, first author and year"


def _title_query(citation: Citation) -> TitleQuery | None:
    fields = citation.fields
    if citation.pmid or citation.doi or citation.pmcid or not fields.title or not title_term(TitleQuery(fields.title)):
        return None
    author = fields.authors[0] if fields.authors and not fields.authors[0].collective else None
    return TitleQuery(title=fields.title, surname=author.last_name if author else None,
                      initials=author.initials if author else None, year=fields.year)


def _title_search(source: EvidenceSource, queries: dict[str, TitleQuery]) -> Lookup:
    """The title search, each distinct query asked once (a list citing one paper twice, or
    several pages of one run, costs one esearch)."""
    if not queries:
        return Lookup()
    first_key: dict[TitleQuery, str] = {}
    for key, query in queries.items():
        first_key.setdefault(query, key)
    answer = source.title_search({key: query for query, key in first_key.items()})
    found, missing, unavailable = {}, set(), {}
    for key, query in queries.items():
        asked = first_key[query]
        if asked in answer.found:
            found[key] = answer.found[asked]
        elif asked in answer.missing:
            missing.add(key)
        elif asked in answer.unavailable:
            unavailable[key] = answer.unavailable[asked]
    return Lookup(found=found, missing=frozenset(missing), unavailable=unavailable)


_AMBIGUOUS = "title search: ambiguous"


def _year_left_open(queries: dict[str, TitleQuery], answer: Lookup) -> dict[str, TitleQuery]:
    """The searches to ask again without their year: a first author and a year were printed,
    and no record (rather than several) fits them."""
    return {key: replace(query, year=None) for key, query in queries.items()
            if query.year and query.surname and key not in answer.found
            and not answer.unavailable.get(key, "").startswith(_AMBIGUOUS)}


def within_a_year(queries: dict[str, TitleQuery], exact: Lookup, year_open: Lookup,
                  fetched: FetchResult) -> Lookup:
    """The title search's answer once the year-open searches are confirmed: a single hit whose
    first author is the printed one and whose print or electronic year is within one of the
    printed year is found; several hits are ambiguous (named, never guessed); anything else
    keeps the exact search's answer."""
    found = dict(exact.found)
    unavailable = dict(exact.unavailable)
    missing = set(exact.missing)
    for key, pmid in year_open.found.items():
        record = fetched.records.get(pmid)
        if record is not None and _fits_within_a_year(record, queries[key]):
            found[key] = pmid
            missing.discard(key)
            unavailable.pop(key, None)
    for key, reason in year_open.unavailable.items():
        if reason.startswith(_AMBIGUOUS) and key not in found:
            year = queries[key].year
            unavailable[key] = f"title search: no record of {year} fits; {reason.removeprefix('title search: ')} " \
                               f"with the year left open"
            missing.discard(key)
    return Lookup(found=found, missing=frozenset(missing), unavailable=unavailable)


def _fits_within_a_year(record: Record, query: TitleQuery) -> bool:
    years = {d.year for d in (record.pub_date, *record.article_dates) if d.year}
    same_author = bool(record.authors) and fold(record.authors[0].last_name) == fold(query.surname or "")
    return same_author and query.year is not None and any(abs(y - query.year) <= 1 for y in years)


def _either(citmatch: Lookup, by_title: Lookup) -> Lookup:
    """One answer per reference: a match by either search; else what the title search said
    (its ambiguity, its absence), unless it could not answer and ECitMatch could."""
    found = {**by_title.found, **citmatch.found}
    missing = (by_title.missing | (citmatch.missing - by_title.unavailable.keys())) - found.keys()
    unavailable = {k: why for k, why in {**citmatch.unavailable, **by_title.unavailable}.items()
                   if k not in found and k not in missing}
    return Lookup(found=found, missing=frozenset(missing), unavailable=unavailable)


def _resolution(citation: Citation, key: str, by_doi: Lookup, by_pmcid: Lookup,
                by_reference: Lookup, fetched: FetchResult, titled: frozenset[str]) -> Resolution:
    base = Resolution(citation_id=citation.id)
    if citation.pmid:
        return _fetched(base.model_copy(update={"method": "pmid", "pmid": citation.pmid}), fetched)
    if citation.doi:
        return _looked_up(base.model_copy(update={"method": "doi"}), citation.doi, by_doi, fetched)
    if citation.pmcid:
        return _looked_up(base.model_copy(update={"method": "pmcid"}), citation.pmcid, by_pmcid,
                          fetched)
    searched = [how for how, query in ((_BY_CITMATCH, _citation_query(citation)), (_BY_TITLE, _title_query(citation)))
                if query is not None]
    if searched:
        resolution = _looked_up(base.model_copy(update={"method": "citmatch"}), key, by_reference, fetched)
        if resolution.status == "not_found" and resolution.pmid is None:
            return resolution.model_copy(update={"reason": f"no PubMed record matches this reference "
                                                           f"({' nor '.join(searched)})"})
        return resolution.model_copy(update={"reason": f"by {_BY_TITLE}"}) if key in titled else resolution
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


def with_crossref(citations: Sequence[Citation], resolutions: list[Resolution],
                  registry: DoiRegistry) -> list[Resolution]:
    """Ask Crossref, once per DOI, about DOI-only citations PubMed could not tie to a record (it
    checks them instead, or says there is no such DOI) and about the DOI of every record found
    (its update notices join the record's: PubMed's retraction links lag)."""
    def doi_of(citation: Citation, resolution: Resolution) -> str | None:
        if resolution.record is not None:
            return resolution.record.doi or citation.doi
        return citation.doi if resolution.method == "doi" and resolution.status != "found" else None

    dois = [doi_of(c, r) for c, r in zip(citations, resolutions, strict=True)]
    asked = list(dict.fromkeys(d for d in dois if d))
    if not asked:
        return resolutions
    answer = registry.works(asked)
    return [_from_crossref(r, d, answer) if d else r for r, d in zip(resolutions, dois, strict=True)]


def _from_crossref(resolution: Resolution, doi: str, answer: WorkResult) -> Resolution:
    work = answer.records.get(doi)
    if resolution.record is not None:
        if work is None:
            return resolution
        listed = {c.kind for c in resolution.record.corrections}
        added = tuple(c for c in work.corrections if c.kind not in listed)  # PubMed's own come first
        record = resolution.record.model_copy(update={"corrections": resolution.record.corrections + added})
        return resolution.model_copy(update={"record": record})
    if work is not None:
        return resolution.model_copy(update={"status": "found", "record": work, "reason": ""})
    if doi in answer.missing:
        return resolution.model_copy(update={"status": "not_found", "reason": NO_SUCH_DOI})
    why = answer.unavailable.get(doi, "Crossref gave no answer")
    pubmed = "not in PubMed" if resolution.status == "not_found" else resolution.reason
    return resolution.model_copy(update={"status": "unavailable", "reason": f"{pubmed}; {why}"})
