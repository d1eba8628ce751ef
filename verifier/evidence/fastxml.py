"""A streaming PubMed XML reader with lxml `iterparse`: the same `Record`s as the Biopython path.

Bio.Entrez builds a Python object for every element of a record (reference lists included)
before `verifier.parse` reads the few it needs; here libxml2 builds each record's tree in C, the
fields are read straight from it, and the record is dropped before the next one, so memory is
one record whatever the file's size. `verifier.parse` (Biopython) stays the reference: the
parity tests compare both readers field by field.

Untrusted input, read with libxml2's defaults made strict: no DTD is loaded and nothing is
fetched (`load_dtd=False`, `no_network=True`), entities are never expanded
(`resolve_entities=False`), libxml2's size limits stay on (`huge_tree=False`), and, as in
`verifier.parse`, a document whose DOCTYPE declares its own entities is refused outright
(libxml2 reads the real prolog, so a decoy DOCTYPE inside a comment hides nothing). A single
record larger than `MAX_RECORD_BYTES`, or a file with no record boundary at all, is an error,
not unbounded memory.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from lxml import etree  # type: ignore[import-untyped]

from verifier.errors import RecordParseError
from verifier.models import AbstractSection, Author, Correction, Record
from verifier.parse import (
    CORRECTION_KINDS,
    PubmedAnswer,
    _pagination,
    _pub_date,
    clean_markup,
    expand_pages,
)

ROOTS = ("PubmedArticleSet", "PubmedBookArticleSet")
ENTRIES = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")
MAX_RECORD_BYTES = 64 << 20  # the largest real PubMed records are a few MB
_READ = 1 << 16
_STRING = etree.XPath("string()")


@dataclass(frozen=True)
class Read:
    """A record, with the `Version` of its PMID (update files replace older versions)."""

    record: Record
    version: int


@dataclass(frozen=True)
class Deleted:
    pmids: tuple[str, ...]


@dataclass(frozen=True)
class Unread:
    """A record element the reader could not turn into a `Record`, described."""

    reason: str


Item = Read | Deleted | Unread


def read_answer(xml: bytes) -> PubmedAnswer:
    """All of one PubMed XML answer at once (what `verifier.parse.parse_pubmed_answer` gives)."""
    records: list[Record] = []
    deleted: list[str] = []
    unplaced: list[str] = []
    for item in iter_pubmed(io.BytesIO(xml)):
        if isinstance(item, Read):
            records.append(item.record)
        elif isinstance(item, Deleted):
            deleted.extend(item.pmids)
        else:
            unplaced.append(item.reason)
    return PubmedAnswer(tuple(records), frozenset(deleted), tuple(unplaced))


def read_records(xml: bytes) -> list[Record]:
    return list(read_answer(xml).records)


class Readable(Protocol):
    """What the reader needs of a stream: a file, a gzip file, or the mirror's read-ahead."""

    def read(self, size: int = -1, /) -> bytes: ...


def iter_pubmed(handle: Readable) -> Iterator[Item]:
    """Each article, book, chapter and DeleteCitation list of a PubMed XML stream, in order.
    Raises `RecordParseError` (one line) for anything that is not whole, well-formed PubMed XML;
    errors of the stream itself (a bad gzip file) pass through as they are."""
    capped = _CappedReader(handle)
    events = etree.iterparse(capped, events=("start", "end"), tag=(*ROOTS, *ENTRIES), resolve_entities=False,
                             load_dtd=False, no_network=True, huge_tree=False, remove_comments=True,
                             remove_pis=True)
    root_seen = False
    try:
        for event, element in events:
            if event == "start":
                root_seen = root_seen or _check_root(element)
                continue
            if element.tag in ROOTS:
                break
            if not root_seen:
                raise RecordParseError(f"not PubMed XML (root element {_root_tag(element)})")
            yield _item(element)
            capped.since_record = 0
            _drop(element)
    except etree.XMLSyntaxError as exc:
        raise RecordParseError(f"PubMed XML could not be parsed: {_one_line(exc)}") from exc
    if not root_seen:
        raise RecordParseError(f"not PubMed XML (root element {_root_tag(events.root)})")


class _CappedReader:
    """The stream as lxml reads it, refusing to buffer more than one record's worth."""

    def __init__(self, handle: Readable) -> None:
        self.handle = handle
        self.since_record = 0

    def read(self, size: int = _READ) -> bytes:
        data = self.handle.read(size if size and size > 0 else _READ)
        self.since_record += len(data)
        if self.since_record > MAX_RECORD_BYTES:
            raise RecordParseError(f"no record boundary in {MAX_RECORD_BYTES >> 20} MB of XML; refused")
        return data


def _check_root(element: Any) -> bool:
    if element.getparent() is not None:
        return False  # a record's start: the root was checked before it
    if element.tag not in ROOTS:
        raise RecordParseError(f"not PubMed XML (root element {_root_tag(element)})")
    subset = element.getroottree().docinfo.internalDTD
    if subset is not None and any(True for _ in subset.entities()):
        raise RecordParseError("XML declares its own entities (possible entity expansion); refused")
    return True


def _root_tag(element: Any) -> str:
    if element is None:
        return "missing"
    while element.getparent() is not None:
        element = element.getparent()
    return str(element.tag)[:80]


def _drop(element: Any) -> None:
    """Free a record once read, with the empty siblings before it."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _item(element: Any) -> Item:
    kind = element.tag
    if kind == "DeleteCitation":
        return Deleted(tuple(_text(p) for p in element.iterfind("PMID")))
    label = "article" if kind == "PubmedArticle" else "book"
    try:
        if kind == "PubmedArticle":
            return Read(record_from_article(element), _version(element, "MedlineCitation"))
        return Read(record_from_book(element), _version(element, "BookDocument"))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return Unread(f"a {label} record the parser could not read ({_one_line(exc)[:80]})")


def _version(entry: Any, document: str) -> int:
    pmid = next((p for d in entry.iterchildren(document) for p in d.iterchildren("PMID")), None)
    version = pmid.get("Version", "1") if pmid is not None else "1"
    return int(version) if version.isascii() and version.isdigit() else 1


# -- fields, as verifier.parse reads them from Bio.Entrez's objects -------------------------


def _text(element: Any) -> str:
    if element is None:
        return ""
    if len(element) == 0:
        return str(element.text or "")
    return str(_STRING(element))


Kids = dict[str, list[Any]]


def _kids(element: Any) -> Kids:
    """An element's children by tag, in one pass (cheaper than a path lookup for each field)."""
    kids: Kids = {}
    if element is not None:
        for child in element:
            if child.tag in kids:
                kids[child.tag].append(child)
            else:
                kids[child.tag] = [child]
    return kids


def _first(kids: Kids, tag: str) -> Any:
    found = kids.get(tag)
    return found[0] if found else None


def _first_text(kids: Kids, tag: str) -> str:
    return _text(_first(kids, tag))


def _text_or_none(element: Any) -> str | None:
    return _text(element).strip() or None if element is not None else None


def _fields(element: Any) -> dict[str, str]:
    """An element's children as {tag: text} (the first of each tag), what Bio.Entrez gives as a
    dictionary for date and pagination elements."""
    fields: dict[str, str] = {}
    for child in element if element is not None else ():
        if child.tag not in fields:
            fields[child.tag] = _text(child)
    return fields


def _inner(kids: Kids, tag: str, inner: str) -> list[Any]:
    """The `inner` children of the first `tag` child (a list element's items)."""
    outer = _first(kids, tag)
    return [] if outer is None else [e for e in outer if e.tag == inner]


def record_from_article(article: Any) -> Record:
    top = _kids(article)
    citation = _kids(_first(top, "MedlineCitation"))
    if "PMID" not in citation:
        raise KeyError("MedlineCitation/PMID")
    art = _kids(_first(citation, "Article"))
    journal = _kids(_first(art, "Journal"))
    issue = _kids(_first(journal, "JournalIssue"))
    pubmed_data = _kids(_first(top, "PubmedData"))
    ids = _article_ids(pubmed_data)
    author_list = _first(art, "AuthorList")
    medline_journal = _kids(_first(citation, "MedlineJournalInfo"))
    return Record(
        pmid=_first_text(citation, "PMID"),
        doi=ids.get("doi") or _elocation(art, "doi"),
        pmcid=ids.get("pmc"),
        title=clean_markup(_first_text(art, "ArticleTitle") or _first_text(art, "VernacularTitle")),
        authors=tuple(_authors(author_list)),
        authors_complete=(author_list.get("CompleteYN", "Y") if author_list is not None else "Y") != "N",
        journal_title=_first_text(journal, "Title"),
        journal_iso=_first_text(journal, "ISOAbbreviation"),
        medline_ta=_first_text(medline_journal, "MedlineTA"),
        pub_date=_pub_date(_fields(_first(issue, "PubDate"))),
        article_dates=tuple(_pub_date(_fields(d)) for d in art.get("ArticleDate", ())),
        volume=_text_or_none(_first(issue, "Volume")),
        issue=_text_or_none(_first(issue, "Issue")),
        pages=expand_pages(_pagination(_fields(_first(art, "Pagination")))),
        elocation_ids=tuple(_text(e) for e in art.get("ELocationID", ())),
        publication_types=tuple(_text(p) for p in _inner(art, "PublicationTypeList", "PublicationType")),
        mesh_headings=tuple(_first_text(_kids(h), "DescriptorName")
                            for h in _inner(citation, "MeshHeadingList", "MeshHeading")),
        abstract=tuple(_abstract(_first(art, "Abstract"))),
        corrections=tuple(_corrections(_inner(citation, "CommentsCorrectionsList", "CommentsCorrections"))),
        publication_status=_text_or_none(_first(pubmed_data, "PublicationStatus")),
    )


def record_from_book(entry: Any) -> Record:
    """A PubmedBookArticle: a whole book (BookTitle only) or a chapter (ArticleTitle inside a
    book), with the book's authors or editors, publisher, date, ISBN and ids."""
    top = _kids(entry)
    document = _kids(_first(top, "BookDocument"))
    if "PMID" not in document:
        raise KeyError("BookDocument/PMID")
    book = _kids(_first(document, "Book"))
    book_data = _kids(_first(top, "PubmedBookData"))
    ids = {**_article_ids(book_data), **_article_ids(document)}
    book_authors, book_editors = _book_people(book.get("AuthorList", ()))
    chapter_authors, _ = _book_people(document.get("AuthorList", ()))
    chapter_title = clean_markup(_first_text(document, "ArticleTitle"))
    book_title = clean_markup(_first_text(book, "BookTitle"))
    publisher = _kids(_first(book, "Publisher"))
    pagination = _fields(_first(document, "Pagination"))
    return Record(
        pmid=_first_text(document, "PMID"),
        doi=ids.get("doi") or _elocation(book, "doi") or _elocation(document, "doi"),
        pmcid=ids.get("pmc"),
        title=chapter_title or book_title,
        authors=tuple(chapter_authors or book_authors),
        pub_date=_pub_date(_fields(_first(book, "PubDate"))),
        volume=_text_or_none(_first(book, "Volume")),
        pages=expand_pages(_pagination(pagination) if pagination else None),
        elocation_ids=tuple(_text(e) for e in (*book.get("ELocationID", ()), *document.get("ELocationID", ()))),
        publication_types=tuple(_text(p) for p in document.get("PublicationType", ())),
        abstract=tuple(_abstract(_first(document, "Abstract"))),
        publication_status=_text_or_none(_first(book_data, "PublicationStatus")),
        kind="chapter" if chapter_title else "book",
        book_title=book_title or None,
        editors=tuple(book_editors),
        publisher=_text_or_none(_first(publisher, "PublisherName")),
        publisher_location=_text_or_none(_first(publisher, "PublisherLocation")),
        isbn=tuple(_text(i) for i in book.get("Isbn", ())),
        book_accession=ids.get("bookaccession"),
        edition=_text_or_none(_first(book, "Edition")),
    )


def _book_people(author_lists: Iterable[Any]) -> tuple[list[Author], list[Author]]:
    authors: list[Author] = []
    editors: list[Author] = []
    for people in author_lists:
        target = editors if people.get("Type", "authors") == "editors" else authors
        target.extend(_authors(people))
    return authors, editors


def _authors(author_list: Any) -> Iterator[Author]:
    for author in author_list if author_list is not None else ():
        if author.tag != "Author":
            continue
        fields = _kids(author)
        if "CollectiveName" in fields:
            yield Author(last_name=clean_markup(_first_text(fields, "CollectiveName")), collective=True)
        elif "LastName" in fields:
            yield Author(last_name=_first_text(fields, "LastName"), initials=_first_text(fields, "Initials"))


def _article_ids(kids: Kids) -> dict[str, str]:
    ids: dict[str, str] = {}
    for article_id in _inner(kids, "ArticleIdList", "ArticleId"):
        ids.setdefault(article_id.get("IdType", ""), _text(article_id))
    return ids


def _elocation(kids: Kids, kind: str) -> str | None:
    for eloc in kids.get("ELocationID", ()):
        if eloc.get("EIdType", "") == kind:
            return _text(eloc)
    return None


def _abstract(abstract: Any) -> Iterator[AbstractSection]:
    for section in abstract if abstract is not None else ():
        if section.tag == "AbstractText":
            yield AbstractSection(label=section.get("Label") or None, text=clean_markup(_text(section)))


def _corrections(items: Iterable[Any]) -> Iterator[Correction]:
    for item in items:
        kind = item.get("RefType", "")
        if kind in CORRECTION_KINDS:
            fields = _kids(item)
            pmid = _first_text(fields, "PMID")
            yield Correction(kind=kind, source=_first_text(fields, "RefSource"), pmid=pmid or None)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__
