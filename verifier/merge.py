"""One paper, one citation: citations that resolved to the same PubMed record are merged.

A PubMed link in the text and the reference-list entry of the same paper, or a DOI printed in
one place and a PMID in another, are found as separate citations; once both lead to the same
PMID they are one citation, carrying every identifier printed for it (each is then checked
against the record), and each claim finding on it is reported once.
"""

from __future__ import annotations

from verifier.models import Citation, Claim, PrintedFields, Resolution


def resolved_pmid(resolution: Resolution) -> str | None:
    record = resolution.record
    if record is None:
        return None
    return record.pmid or (f"doi:{record.doi.lower()}" if record.doi else None)  # a Crossref record


def merge_same_paper(citations: tuple[Citation, ...], resolutions: tuple[Resolution, ...],
                     claims: tuple[Claim, ...]
                     ) -> tuple[tuple[Citation, ...], tuple[Resolution, ...], tuple[Claim, ...]]:
    """The citations and resolutions with same-record duplicates folded into one, and the
    claims re-pointed at the citation that stays."""
    groups: dict[str, list[int]] = {}
    for number, resolution in enumerate(resolutions):
        pmid = resolved_pmid(resolution)
        if pmid is not None:
            groups.setdefault(pmid, []).append(number)
    replaced: dict[str, str] = {}
    merged: dict[int, Citation] = {}
    dropped: set[int] = set()
    for members in (m for m in groups.values() if len(m) > 1):
        keep = max(members, key=lambda n: (_richness(citations[n]), -n))
        merged[keep] = _combined(citations[keep], [citations[n] for n in members if n != keep])
        for n in members:
            if n != keep:
                dropped.add(n)
                replaced[citations[n].id] = citations[keep].id
    if not replaced:
        return citations, resolutions, claims
    kept = [n for n in range(len(citations)) if n not in dropped]
    return (tuple(merged.get(n, citations[n]) for n in kept),
            tuple(resolutions[n] for n in kept),
            tuple(_repointed(claim, replaced) for claim in claims))


def _richness(citation: Citation) -> int:
    """How much of a reference the citation prints: its parsed fields, then its identifiers."""
    fields = citation.fields
    parsed = [fields.authors, fields.title, fields.journal, fields.year, fields.volume, fields.pages]
    ids = [citation.pmid, citation.doi, citation.pmcid]
    return 10 * sum(bool(v) for v in parsed) + sum(bool(v) for v in ids) \
        + (100 if fields != PrintedFields() else 0)


def _combined(keep: Citation, others: list[Citation]) -> Citation:
    update: dict[str, object] = {}
    for kind in ("pmid", "doi", "pmcid"):
        if getattr(keep, kind) is None:
            update[kind] = next((getattr(o, kind) for o in others if getattr(o, kind)), None)
    mentions = list(keep.in_text_mentions)
    for other in others:
        mentions.extend(m for m in other.in_text_mentions if m not in mentions)
    update["in_text_mentions"] = tuple(sorted(mentions, key=lambda m: m.span.start))
    update["malformed"] = tuple(dict.fromkeys([*keep.malformed, *(d for o in others for d in o.malformed)]))
    return keep.model_copy(update=update)


def _repointed(claim: Claim, replaced: dict[str, str]) -> Claim:
    if not any(cid in replaced for cid in claim.citation_ids):
        return claim
    ids: list[str] = []
    how: list[str] = []
    reasons = list(claim.linked_by) + [""] * (len(claim.citation_ids) - len(claim.linked_by))
    for cid, reason in zip(claim.citation_ids, reasons[:len(claim.citation_ids)], strict=True):
        target = replaced.get(cid, cid)
        if target not in ids:
            ids.append(target)
            how.append(reason)
    update: dict[str, object] = {"citation_ids": tuple(ids)}
    if claim.linked_by:  # the ties that found no reference stay after the citations' own
        update["linked_by"] = tuple(how + reasons[len(claim.citation_ids):])
    return claim.model_copy(update=update)
