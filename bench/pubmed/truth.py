"""What a PubMed answer holds, read independently of the project's parser: lxml and XPath for
PubMed XML, the tags themselves for MEDLINE text. Each record becomes a plain dict of the
fields `verifier.parse` is expected to give, as the source writes them."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from lxml import etree

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          recover=False)


def text(node: Any) -> str:
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def first(node: Any, path: str) -> str:
    found = node.xpath(path)
    return text(found[0]) if found else ""


def month(value: str) -> int | None:
    value = value.strip()
    if value.isascii() and value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else None
    return MONTHS.get(value[:3].lower())


def person(author: Any) -> str:
    collective = first(author, "CollectiveName")
    if collective:
        return collective
    return f"{first(author, 'LastName')} {first(author, 'Initials')}".strip()


def date_fields(pub_date: Any) -> dict[str, Any]:
    if pub_date is None:
        return {"year": None, "month": None}
    medline = first(pub_date, "MedlineDate")
    if medline:
        year = re.search(r"\b(1[89]|20)\d{2}\b", medline)
        name = re.search(r"\b([A-Z][a-z]{2})", medline)
        return {"year": int(year.group(0)) if year else None, "month": month(name.group(1)) if name else None}
    year_text = first(pub_date, "Year")
    return {"year": int(year_text) if year_text.isdigit() else None, "month": month(first(pub_date, "Month"))
            if first(pub_date, "Month") else None}


def count_elements(xml: bytes) -> Counter[str]:
    root = etree.fromstring(xml, _PARSER)
    counts: Counter[str] = Counter()
    for name in ("PubmedArticle", "PubmedBookArticle", "DeleteCitation"):
        counts[name] = len(root.xpath(f"//{name}"))
    counts["deleted PMIDs"] = len(root.xpath("//DeleteCitation/PMID"))
    return counts


def xml_records(xml: bytes) -> tuple[list[dict[str, Any]], set[str]]:
    root = etree.fromstring(xml, _PARSER)
    records = [_article(a) for a in root.xpath("//PubmedArticle")]
    records += [_book(b) for b in root.xpath("//PubmedBookArticle")]
    deleted = {text(p) for p in root.xpath("//DeleteCitation/PMID")}
    return records, deleted


def _article(node: Any) -> dict[str, Any]:
    article = node.xpath("MedlineCitation/Article")[0]
    ids = node.xpath("PubmedData/ArticleIdList/ArticleId")
    doi = next((text(i) for i in ids if i.get("IdType") == "doi"), "") or \
        first(article, "ELocationID[@EIdType='doi']")
    pages = first(article, "Pagination/MedlinePgn")
    if not pages and first(article, "Pagination/StartPage"):
        end = first(article, "Pagination/EndPage")
        pages = first(article, "Pagination/StartPage") + (f"-{end}" if end else "")
    return {
        "kind": "article",
        "pmid": first(node, "MedlineCitation/PMID"),
        "title": first(article, "ArticleTitle") or first(article, "VernacularTitle"),
        "authors": [person(a) for a in article.xpath("AuthorList/Author")
                    if a.xpath("CollectiveName|LastName")],
        "doi": doi or None,
        "pmcid": next((text(i) for i in ids if i.get("IdType") == "pmc"), None),
        "medline_ta": first(node, "MedlineCitation/MedlineJournalInfo/MedlineTA"),
        "volume": first(article, "Journal/JournalIssue/Volume") or None,
        "issue": first(article, "Journal/JournalIssue/Issue") or None,
        "pages": pages or None,
        **date_fields(next(iter(article.xpath("Journal/JournalIssue/PubDate")), None)),
        "publication_types": [text(p) for p in article.xpath("PublicationTypeList/PublicationType")],
    }


def _book(node: Any) -> dict[str, Any]:
    document = node.xpath("BookDocument")[0]
    book = next(iter(document.xpath("Book")), None)
    ids = document.xpath("ArticleIdList/ArticleId") + node.xpath("PubmedBookData/ArticleIdList/ArticleId")
    chapter_title = first(document, "ArticleTitle")
    book_title = first(book, "BookTitle") if book is not None else ""
    chapter_authors = [person(a) for a in document.xpath("AuthorList[not(@Type='editors')]/Author")]
    book_authors = [person(a) for a in book.xpath("AuthorList[not(@Type='editors')]/Author")] if book is not None \
        else []
    return {
        "kind": "chapter" if chapter_title else "book",
        "pmid": first(document, "PMID"),
        "title": chapter_title or book_title,
        "book_title": book_title or None,
        "authors": chapter_authors or book_authors,
        "editors": [person(a) for a in book.xpath("AuthorList[@Type='editors']/Author")] if book is not None else [],
        "publisher": first(book, "Publisher/PublisherName") or None if book is not None else None,
        "isbn": [text(i) for i in book.xpath("Isbn")] if book is not None else [],
        "book_accession": next((text(i) for i in ids if i.get("IdType") == "bookaccession"), None),
        "doi": next((text(i) for i in ids if i.get("IdType") == "doi"), None),
        **date_fields(next(iter(book.xpath("PubDate")), None) if book is not None else None),
    }


def medline_records(body: str) -> list[dict[str, Any]]:
    """MEDLINE text by its tags: `TAG - value`, continuation lines indented by six spaces."""
    records = []
    for block in re.split(r"\n\s*\n", body.replace("\r\n", "\n")):
        tags: dict[str, list[str]] = {}
        last = ""
        for line in block.split("\n"):
            match = re.match(r"([A-Z]{2,4})\s*- (.*)", line)
            if match:
                last = match.group(1)
                tags.setdefault(last, []).append(match.group(2).strip())
            elif line.startswith("      ") and last:
                tags[last][-1] += " " + line.strip()
        if "PMID" not in tags:
            continue
        records.append(_medline(tags))
    return records


def _medline(tags: dict[str, list[str]]) -> dict[str, Any]:
    one = {tag: " ".join(values[0].split()) for tag, values in tags.items()}
    dois = [v.removesuffix(" [doi]") for tag in ("AID", "LID") for v in tags.get(tag, []) if v.endswith(" [doi]")]
    year = re.search(r"\b(1[89]|20)\d{2}\b", one.get("DP", ""))
    name = re.search(r"\b([A-Z][a-z]{2})\b", one.get("DP", ""))
    return {
        "kind": "article",
        "pmid": one["PMID"],
        "title": one.get("TI", ""),
        "authors": tags.get("AU", []) + tags.get("CN", []),
        "doi": dois[0] if dois else None,
        "pmcid": one.get("PMC"),
        "medline_ta": one.get("TA", ""),
        "volume": one.get("VI"),
        "issue": one.get("IP"),
        "pages": one.get("PG"),
        "year": int(year.group(0)) if year else None,
        "month": month(name.group(1)) if name else None,
        "publication_types": tags.get("PT", []),
    }
