"""Stage: PubMed XML (efetch or baseline) and MEDLINE text -> `Record`s, with Biopython.

Bio.Entrez needs the DTD the XML declares and downloads any it does not ship.
Offline that would fail or hang, so the DOCTYPE is replaced before parsing: a
known PubMed DTD is kept, an unknown or missing one is swapped for the newest
PubMed DTD Biopython ships (with a warning), so no DTD is ever fetched. The whole prolog
(comments, processing instructions, DOCTYPE) before the root element is read, not just the first
`<!DOCTYPE` text, and rebuilt: a decoy DOCTYPE inside a comment cannot hide a real one with an
internal subset, and entity definitions in untrusted XML never expand.

Every record kind PubMed serves is read: `PubmedArticle` (every DTD from 2008 on: the old ones
come back from Bio.Entrez as a list), `PubmedBookArticle` (books and chapters), and
`DeleteCitation`. What the parser could not place is reported with the answer, so that an id
is never called absent from an answer that was not read whole.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from verifier.errors import RecordParseError
from verifier.models import AbstractSection, Author, Correction, PubDate, Record

_SYSTEM_ID = re.compile(rb'["\']([^"\']+\.dtd)["\']', re.I)
_ROOTS = ("PubmedArticleSet", "PubmedBookArticleSet")
_ENTRY = re.compile(rb"<(PubmedArticle|PubmedBookArticle)[\s>]")
MAX_PROLOG = 1 << 16
# MathML comes from Bio.Entrez without its mml: prefix
_MATHML = ("math|mi|mn|mo|ms|mtext|mspace|mrow|mfrac|msqrt|mroot|mstyle|mpadded|mphantom|mfenced|menclose|"
           "msub|msup|msubsup|munder|mover|munderover|mmultiscripts|mprescripts|none|mtable|mtr|mtd|semantics|"
           "annotation")
_MARKUP = re.compile(rf"</?(?:i|b|u|sup|sub|em|strong|mml:[\w]+|{_MATHML})\b[^>]*>", re.I)
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
CORRECTION_KINDS = ("RetractionIn", "ErratumIn", "ExpressionOfConcernIn", "RetractionOf",
                    "UpdateIn", "RepublishedIn")


class UnknownDTDWarning(UserWarning):
    pass


@cache
def newest_pubmed_dtd() -> str:
    from Bio.Entrez import Parser as EntrezParser  # Biopython loads only when XML is read this way

    shipped = sorted(p.name for p in Path(EntrezParser.DataHandler.global_dtd_dir).glob("pubmed_*.dtd"))
    if not shipped:
        raise RecordParseError("Biopython ships no PubMed DTD; cannot parse PubMed XML offline")
    return max(shipped, key=lambda name: _dtd_date(name))


def _dtd_date(name: str) -> str:
    digits = re.sub(r"\D", "", name)
    return ("19" if digits[:2] > "50" else "20") + digits


def _dtd_known(filename: str) -> bool:
    from Bio.Entrez import Parser as EntrezParser

    return (Path(EntrezParser.DataHandler.global_dtd_dir) / filename).is_file()


def safe_doctype(xml: bytes) -> bytes:
    """Return the XML with its prolog rebuilt: the XML declaration, then a DOCTYPE naming a DTD
    Biopython ships (no internal subset), then the root element and everything after it."""
    prolog = _read_prolog(xml)
    root = _root_name(xml[prolog.end:prolog.end + 256])
    if root not in _ROOTS:
        raise RecordParseError(f"not PubMed XML (root element {root or 'missing'})")
    if any(re.search(rb"<!ENTITY", d, re.I) for d in prolog.doctypes):
        raise RecordParseError("XML declares its own entities (possible entity expansion); refused")
    declared = _SYSTEM_ID.search(prolog.doctypes[-1]) if prolog.doctypes else None
    filename = Path(declared.group(1).decode(errors="replace")).name if declared else None
    if filename is None or not _dtd_known(filename):
        replacement = newest_pubmed_dtd()
        shown = re.sub(r"[^\w.-]", "?", filename)[:80] if filename else "(none declared)"
        warnings.warn(f"PubMed DTD {shown} is not available offline; parsed with {replacement}",
                      UnknownDTDWarning, stacklevel=3)
        filename = replacement
    doctype = f'<!DOCTYPE {root} PUBLIC "-//NLM//DTD PubMed//EN" "{filename}">\n'.encode()
    return prolog.declaration + doctype + xml[prolog.end:]


@dataclass(frozen=True)
class _Prolog:
    declaration: bytes
    doctypes: tuple[bytes, ...]
    end: int  # where the root element starts


def _read_prolog(xml: bytes) -> _Prolog:
    """Walk the prolog item by item (XML declaration, comments, processing instructions,
    DOCTYPEs with their internal subsets) up to the root element."""
    position, declaration, doctypes = 0, b"", []
    while True:
        while position < len(xml) and xml[position:position + 1].isspace():
            position += 1
        if position > MAX_PROLOG:
            raise RecordParseError("XML prolog longer than 64 KB before the root element; refused")
        head = xml[position:position + 9]
        if head.startswith(b"<?"):
            close = _find(xml, b"?>", position, "processing instruction")
            if head.startswith(b"<?xml ") or head.startswith(b"<?xml?"):
                declaration = declaration or xml[position:close + 2] + b"\n"
            position = close + 2
        elif head.startswith(b"<!--"):
            position = _find(xml, b"-->", position + 4, "comment") + 3
        elif head.upper().startswith(b"<!DOCTYPE"):
            close = _doctype_end(xml, position)
            doctypes.append(xml[position:close + 1])
            position = close + 1
        else:
            return _Prolog(declaration, tuple(doctypes), position)


def _find(xml: bytes, token: bytes, start: int, what: str) -> int:
    index = xml.find(token, start)
    if index < 0:
        raise RecordParseError(f"XML prolog has an unterminated {what}")
    return index


def _doctype_end(xml: bytes, start: int) -> int:
    """Index of the `>` closing the DOCTYPE at `start`, past any quoted id and internal subset."""
    position, quote, depth = start + 9, b"", 0
    while position < len(xml):
        char = xml[position:position + 1]
        if quote:
            quote = b"" if char == quote else quote
        elif char in (b'"', b"'"):
            quote = char
        elif char == b"[":
            depth += 1
        elif char == b"]":
            depth -= 1
        elif char == b">" and depth <= 0:
            return position
        position += 1
    raise RecordParseError("XML prolog has an unterminated DOCTYPE")


def _root_name(head: bytes) -> str | None:
    for match in re.finditer(rb"<([A-Za-z_][\w.-]*)", head):
        return match.group(1).decode()
    return None


@dataclass(frozen=True)
class PubmedAnswer:
    """Everything one PubMed XML answer says: its records (articles, books, chapters), the
    PMIDs it lists as deleted, and a description of each part the parser could not place."""

    records: tuple[Record, ...]
    deleted: frozenset[str] = frozenset()
    unplaced: tuple[str, ...] = ()


def parse_pubmed_xml(xml: bytes) -> list[Record]:
    """All articles, books and chapters in an efetch response or a baseline/update file."""
    return list(parse_pubmed_answer(xml).records)


def parse_pubmed_answer(xml: bytes) -> PubmedAnswer:
    """The records of an answer, and what in it could not be read into one."""
    from Bio import Entrez

    safe = safe_doctype(xml)
    try:
        data = Entrez.read(io.BytesIO(safe), validate=False)  # type: ignore[no-untyped-call]
    except Exception as exc:  # Bio.Entrez raises expat, ValueError and its own errors
        raise RecordParseError(f"PubMed XML could not be parsed: {_one_line(exc)}") from exc
    records: list[Record] = []
    unplaced: list[str] = []
    entries = list(_entries(data))
    for kind, entry in entries:
        try:
            records.append(record_from_entrez(entry) if kind == "article" else record_from_book(entry))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            unplaced.append(f"a {kind} record the parser could not read ({_one_line(exc)[:80]})")
    declared = len(_ENTRY.findall(safe))
    if declared > len(entries):
        unplaced.append(f"{declared - len(entries)} of {declared} records not recognised")
    return PubmedAnswer(tuple(records), frozenset(deleted_pmids(safe.decode("utf-8", "replace"))),
                        tuple(unplaced))


def _entries(data: Any) -> Iterator[tuple[str, Any]]:
    """(kind, element) for each article or book: the current DTDs give a dictionary of lists,
    the 2008-2015 ones a plain list of entries."""
    if hasattr(data, "get"):
        yield from (("article", a) for a in data.get("PubmedArticle", []))
        yield from (("book", b) for b in data.get("PubmedBookArticle", []))
        return
    for entry in data if isinstance(data, list) else []:
        if hasattr(entry, "get") and "MedlineCitation" in entry:
            yield "article", entry
        elif hasattr(entry, "get") and "BookDocument" in entry:
            yield "book", entry


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


def record_from_book(entry: Any) -> Record:
    """A PubmedBookArticle: a whole book (BookTitle only) or a chapter (ArticleTitle inside a
    book), with the book's authors or editors, publisher, date, ISBN and ids."""
    document = entry["BookDocument"]
    book = document.get("Book", {})
    ids = {**_article_ids(entry.get("PubmedBookData", {})), **_article_ids(document)}
    book_authors, book_editors = _book_people(book.get("AuthorList", []))
    chapter_authors, _ = _book_people(document.get("AuthorList", []))
    chapter_title = clean_markup(str(document.get("ArticleTitle", "") or ""))
    book_title = clean_markup(str(book.get("BookTitle", "") or ""))
    publisher = book.get("Publisher", {})
    pages = _book_pages(document)
    return Record(
        pmid=str(document["PMID"]),
        doi=ids.get("doi") or _elocation(book, "doi") or _elocation(document, "doi"),
        pmcid=ids.get("pmc"),
        title=chapter_title or book_title,
        authors=tuple(chapter_authors or book_authors),
        pub_date=_pub_date(book.get("PubDate", {})),
        volume=_text_or_none(book.get("Volume")),
        pages=expand_pages(pages),
        elocation_ids=tuple(str(e) for e in (*book.get("ELocationID", []), *document.get("ELocationID", []))),
        publication_types=tuple(str(p) for p in document.get("PublicationType", [])),
        abstract=tuple(_abstract(document.get("Abstract", {}))),
        publication_status=_text_or_none(entry.get("PubmedBookData", {}).get("PublicationStatus")),
        kind="chapter" if chapter_title else "book",
        book_title=book_title or None,
        editors=tuple(book_editors),
        publisher=_text_or_none(publisher.get("PublisherName")),
        publisher_location=_text_or_none(publisher.get("PublisherLocation")),
        isbn=tuple(str(i) for i in book.get("Isbn", [])),
        book_accession=ids.get("bookaccession"),
        edition=_text_or_none(book.get("Edition")),
    )


def _book_people(author_lists: Any) -> tuple[list[Author], list[Author]]:
    """(authors, editors) from a book's AuthorList elements (Type="authors" or "editors");
    Bio.Entrez gives one list, or a list of lists when the element repeats."""
    lists = author_lists if author_lists and isinstance(author_lists[0], list) else [author_lists]
    authors: list[Author] = []
    editors: list[Author] = []
    for people in lists:
        target = editors if _attr(people, "Type", "authors") == "editors" else authors
        target.extend(_authors(people))
    return authors, editors


def _book_pages(document: Any) -> str | None:
    pagination = document.get("Pagination")
    return _pagination(pagination) if pagination else None


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
    parts = [str(p) for p in (year, month or date.get("Season"), day) if p]  # a season is no month
    return PubDate(year=int(year) if _digits(year) else None, month=_month(month),
                   day=int(day) if _digits(day) else None, text=" ".join(parts))


def _digits(value: Any) -> bool:
    text = str(value).strip() if value is not None else ""
    return text.isascii() and text.isdigit()


def _month(value: Any) -> int | None:
    if value is None:
        return None
    text = str(value).strip()
    if _digits(text):
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
    sections = abstract.get("AbstractText", []) if abstract else []
    for section in [sections] if isinstance(sections, str) else sections:  # DTDs before 2009: one string
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
    from Bio import Medline

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
