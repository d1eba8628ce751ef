"""Stage: PubMed XML (efetch or baseline) and MEDLINE text -> `Record`s, with Biopython.

Bio.Entrez needs the DTD the XML declares and downloads any it does not ship.
Offline that would fail or hang, so the DOCTYPE is replaced before parsing: a
known PubMed DTD is kept, an unknown or missing one is swapped for the newest
PubMed DTD Biopython ships (with a warning). Replacing the whole DOCTYPE also drops
any internal subset, so entity definitions in untrusted XML never expand.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from Bio import Entrez, Medline
from Bio.Entrez import Parser as EntrezParser

from verifier.errors import RecordParseError
from verifier.models import AbstractSection, Author, Correction, PubDate, Record

_DOCTYPE = re.compile(rb"<!DOCTYPE\s+(\w+)(?:[^\[>]*)(\[.*?\]\s*)?>", re.S | re.I)
_SYSTEM_ID = re.compile(rb'"([^"]+\.dtd)"\s*(?:\[|>)', re.I)
_MARKUP = re.compile(r"</?(?:i|b|u|sup|sub|em|strong|mml:[\w]+|math)\b[^>]*>", re.I)
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
CORRECTION_KINDS = ("RetractionIn", "ErratumIn", "ExpressionOfConcernIn", "RetractionOf",
                    "UpdateIn", "RepublishedIn")


class UnknownDTDWarning(UserWarning):
    pass


@cache
def newest_pubmed_dtd() -> str:
    shipped = sorted(p.name for p in Path(EntrezParser.DataHandler.global_dtd_dir).glob("pubmed_*.dtd"))
    if not shipped:
        raise RecordParseError("Biopython ships no PubMed DTD; cannot parse PubMed XML offline")
    return max(shipped, key=lambda name: _dtd_date(name))


def _dtd_date(name: str) -> str:
    digits = re.sub(r"\D", "", name)
    return ("19" if digits[:2] > "50" else "20") + digits


def _dtd_known(filename: str) -> bool:
    return (Path(EntrezParser.DataHandler.global_dtd_dir) / filename).is_file()


def safe_doctype(xml: bytes) -> bytes:
    """Return the XML with a DOCTYPE naming a DTD available offline (and no internal subset)."""
    head = xml[:4096]
    match = _DOCTYPE.search(head)
    root = match.group(1).decode() if match else _root_name(head)
    if root not in ("PubmedArticleSet", "PubmedBookArticleSet"):
        raise RecordParseError(f"not PubMed XML (root element {root or 'missing'})")
    if match and match.group(2) and re.search(rb"<!ENTITY", match.group(2), re.I):
        raise RecordParseError("XML declares its own entities (possible entity expansion); refused")
    declared = _SYSTEM_ID.search(match.group(0)) if match else None
    filename = Path(declared.group(1).decode()).name if declared else None
    if filename is None or not _dtd_known(filename):
        replacement = newest_pubmed_dtd()
        warnings.warn(f"PubMed DTD {filename or '(none declared)'} is not available offline; "
                      f"parsed with {replacement}", UnknownDTDWarning, stacklevel=3)
        filename = replacement
    doctype = f'<!DOCTYPE {root} PUBLIC "-//NLM//DTD PubMed//EN" "{filename}">'.encode()
    if match:
        return xml[:match.start()] + doctype + xml[match.end():]
    return _insert_doctype(xml, doctype)


def _root_name(head: bytes) -> str | None:
    for match in re.finditer(rb"<([A-Za-z_][\w.-]*)", head):
        return match.group(1).decode()
    return None


def _insert_doctype(xml: bytes, doctype: bytes) -> bytes:
    declaration = re.match(rb"\s*<\?xml[^>]*\?>", xml)
    cut = declaration.end() if declaration else 0
    return xml[:cut] + b"\n" + doctype + xml[cut:]


def parse_pubmed_xml(xml: bytes) -> list[Record]:
    """All articles in an efetch response or a baseline/update file."""
    try:
        data = Entrez.read(io.BytesIO(safe_doctype(xml)), validate=False)  # type: ignore[no-untyped-call]
    except RecordParseError:
        raise
    except Exception as exc:  # Bio.Entrez raises expat, ValueError and its own errors
        raise RecordParseError(f"PubMed XML could not be parsed: {_one_line(exc)}") from exc
    articles = data.get("PubmedArticle", []) if hasattr(data, "get") else []
    return [record_from_entrez(article) for article in articles]


def deleted_pmids(xml: str) -> list[str]:
    """PMIDs listed in an update file's DeleteCitation blocks."""
    return [pmid for block in re.findall(r"<DeleteCitation>(.*?)</DeleteCitation>", xml, re.S)
            for pmid in re.findall(r"<PMID[^>]*>(\d+)</PMID>", block)]


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def record_from_entrez(article: Any) -> Record:
    citation = article["MedlineCitation"]
    art = citation.get("Article", {})
    journal = art.get("Journal", {})
    issue = journal.get("JournalIssue", {})
    ids = _article_ids(article.get("PubmedData", {}))
    return Record(
        pmid=str(citation["PMID"]),
        doi=ids.get("doi") or _elocation(art, "doi"),
        pmcid=ids.get("pmc"),
        title=clean_markup(str(art.get("ArticleTitle", "") or art.get("VernacularTitle", ""))),
        authors=tuple(_authors(art.get("AuthorList", []))),
        authors_complete=_attr(art.get("AuthorList"), "CompleteYN", "Y") != "N",
        journal_title=str(journal.get("Title", "")),
        journal_iso=str(journal.get("ISOAbbreviation", "")),
        medline_ta=str(citation.get("MedlineJournalInfo", {}).get("MedlineTA", "")),
        pub_date=_pub_date(issue.get("PubDate", {})),
        article_dates=tuple(_pub_date(d) for d in art.get("ArticleDate", [])),
        volume=_text_or_none(issue.get("Volume")),
        issue=_text_or_none(issue.get("Issue")),
        pages=expand_pages(_pagination(art.get("Pagination", {}))),
        elocation_ids=tuple(str(e) for e in art.get("ELocationID", [])),
        publication_types=tuple(str(p) for p in art.get("PublicationTypeList", [])),
        mesh_headings=tuple(str(h["DescriptorName"]) for h in citation.get("MeshHeadingList", [])),
        abstract=tuple(_abstract(art.get("Abstract", {}))),
        corrections=tuple(_corrections(citation.get("CommentsCorrectionsList", []))),
        publication_status=_text_or_none(article.get("PubmedData", {}).get("PublicationStatus")),
    )


def clean_markup(text: str) -> str:
    return " ".join(_MARKUP.sub("", text).split())


def _attr(element: Any, name: str, default: str) -> str:
    attributes = getattr(element, "attributes", None) or {}
    return str(attributes.get(name, default))


def _text_or_none(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _article_ids(pubmed_data: Any) -> dict[str, str]:
    ids: dict[str, str] = {}
    for article_id in pubmed_data.get("ArticleIdList", []):
        kind = _attr(article_id, "IdType", "")
        ids.setdefault(kind, str(article_id))
    return ids


def _elocation(article: Any, kind: str) -> str | None:
    for eloc in article.get("ELocationID", []):
        if _attr(eloc, "EIdType", "") == kind:
            return str(eloc)
    return None


def _authors(author_list: Iterable[Any]) -> Iterator[Author]:
    for author in author_list:
        if "CollectiveName" in author:
            yield Author(last_name=clean_markup(str(author["CollectiveName"])), collective=True)
        elif "LastName" in author:
            yield Author(last_name=str(author["LastName"]), initials=str(author.get("Initials", "")))


def _pub_date(date: Any) -> PubDate:
    if "MedlineDate" in date:
        text = str(date["MedlineDate"])
        year = re.search(r"\b(1[89]|20)\d{2}\b", text)
        month = re.search(r"\b([A-Z][a-z]{2})", text)
        return PubDate(year=int(year.group(0)) if year else None,
                       month=_month(month.group(1)) if month else None, text=text)
    year, month, day = date.get("Year"), date.get("Month"), date.get("Day")
    parts = [str(p) for p in (year, month, day) if p]
    return PubDate(year=int(year) if year else None, month=_month(month),
                   day=int(day) if day and str(day).isdigit() else None, text=" ".join(parts))


def _month(value: Any) -> int | None:
    if value is None:
        return None
    text = str(value).strip()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return _MONTHS.get(text[:3].lower())


def _pagination(pagination: Any) -> str | None:
    if not pagination:
        return None
    if "MedlinePgn" in pagination and str(pagination["MedlinePgn"]).strip():
        return str(pagination["MedlinePgn"])
    start, end = pagination.get("StartPage"), pagination.get("EndPage")
    if start:
        return f"{start}-{end}" if end else str(start)
    return None


def expand_pages(pages: str | None) -> str | None:
    """'188-91' -> '188-191'; ranges in lists ('12-4, 18') are expanded one by one."""
    if not pages:
        return None
    return ", ".join(_expand_range(part.strip()) for part in pages.split(","))


def _expand_range(part: str) -> str:
    match = re.fullmatch(r"([A-Za-z]*)(\d+)\s*-\s*([A-Za-z]*)(\d+)", part)
    if not match:
        return part
    prefix, first, _, last = match.groups()
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return f"{prefix}{first}-{prefix}{last}"


def _abstract(abstract: Any) -> Iterator[AbstractSection]:
    for section in abstract.get("AbstractText", []) if abstract else []:
        label = _attr(section, "Label", "") or None
        yield AbstractSection(label=label, text=clean_markup(str(section)))


def _corrections(items: Iterable[Any]) -> Iterator[Correction]:
    for item in items:
        kind = _attr(item, "RefType", "")
        if kind in CORRECTION_KINDS:
            pmid = item.get("PMID")
            yield Correction(kind=kind, source=str(item.get("RefSource", "")),
                             pmid=str(pmid) if pmid else None)


def parse_medline(text: str) -> list[Record]:
    """Records from MEDLINE text, as PubMed's "Save, PubMed format" exports them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            entries = list(Medline.parse(io.StringIO(text)))  # type: ignore[no-untyped-call]
        except Exception as exc:
            raise RecordParseError(f"MEDLINE text could not be parsed: {_one_line(exc)}") from exc
    records = [record_from_medline(e) for e in entries if e.get("PMID")]
    if not records:
        raise RecordParseError("no MEDLINE records (no PMID- lines) in the text")
    return records


def record_from_medline(entry: dict[str, Any]) -> Record:
    ids = {v.split(" [")[1].rstrip("]"): v.split(" [")[0] for v in entry.get("AID", []) if " [" in v}
    year = re.search(r"\b(1[89]|20)\d{2}\b", entry.get("DP", ""))
    month = re.search(r"\b([A-Z][a-z]{2})\b", entry.get("DP", ""))
    day = re.search(r"\b[A-Z][a-z]{2} (\d{1,2})\b", entry.get("DP", ""))
    return Record(
        pmid=entry["PMID"],
        doi=ids.get("doi") or _lid(entry, "doi"),
        pmcid=entry.get("PMC"),
        title=clean_markup(entry.get("TI", "")),
        authors=tuple(_medline_authors(entry)),
        journal_title=entry.get("JT", ""),
        journal_iso=entry.get("TA", ""),
        medline_ta=entry.get("TA", ""),
        pub_date=PubDate(year=int(year.group(0)) if year else None,
                         month=_month(month.group(1)) if month else None,
                         day=int(day.group(1)) if day else None, text=entry.get("DP", "")),
        article_dates=tuple(_medline_edat(entry)),
        volume=entry.get("VI"), issue=entry.get("IP"),
        pages=expand_pages(entry.get("PG")),
        elocation_ids=tuple(value for value, _ in _medline_lids(entry)),
        publication_types=tuple(entry.get("PT", [])),
        mesh_headings=tuple(h.split("/")[0].lstrip("*") for h in entry.get("MH", [])),
        abstract=(AbstractSection(text=entry["AB"]),) if entry.get("AB") else (),
        corrections=tuple(_medline_corrections(entry)),
        publication_status=entry.get("PST"),
    )


def _medline_lids(entry: dict[str, Any]) -> list[tuple[str, str]]:
    """LID lines ("6311 [pii]", "10.3390/x [doi]"), which Bio.Medline may join into one string."""
    lids = entry.get("LID") or []
    text = " ".join([lids] if isinstance(lids, str) else lids)
    return re.findall(r"(\S+) \[(\w+)\]", text)


def _lid(entry: dict[str, Any], kind: str) -> str | None:
    return next((value for value, tag in _medline_lids(entry) if tag == kind), None)


def _medline_authors(entry: dict[str, Any]) -> Iterator[Author]:
    for name in entry.get("AU", []):
        last, _, initials = name.rpartition(" ")
        yield Author(last_name=last or initials, initials=initials if last else "")
    collective = entry.get("CN") or []
    for name in [collective] if isinstance(collective, str) else collective:
        yield Author(last_name=str(name), collective=True)


def _medline_edat(entry: dict[str, Any]) -> Iterator[PubDate]:
    for dep in [entry["DEP"]] if entry.get("DEP") else []:
        if re.fullmatch(r"\d{8}", dep):
            yield PubDate(year=int(dep[:4]), month=int(dep[4:6]), day=int(dep[6:]), text=dep)


_MEDLINE_CORRECTIONS = {"RIN": "RetractionIn", "EIN": "ErratumIn", "ECI": "ExpressionOfConcernIn",
                        "ROF": "RetractionOf", "UIN": "UpdateIn"}


def _medline_corrections(entry: dict[str, Any]) -> Iterator[Correction]:
    for tag, kind in _MEDLINE_CORRECTIONS.items():
        values = entry.get(tag, [])
        for value in [values] if isinstance(values, str) else values:
            pmid = re.search(r"PMID:\s*(\d+)", value)
            yield Correction(kind=kind, source=value, pmid=pmid.group(1) if pmid else None)
