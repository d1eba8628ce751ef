"""A Crossref work (the `message` of `/works/{doi}`) read into a `Record`, every field checked.

Crossref's JSON is a publisher deposit: any field may be missing or of an unexpected type. A
field of the wrong shape makes the whole work unreadable (`WorkFormatError`), so that an answer
the code did not understand never passes for a record that lacks that field.

Update notices: `updated-by` on the work itself lists what updates it (retractions,
corrections, expressions of concern), from the publisher or from Retraction Watch's database
(`source: "retraction-watch"`). They become the record's `corrections`, with the kinds PubMed
uses, so C116-C118 read them the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from verifier.models import Author, Correction, PubDate, Record

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MARKUP = re.compile(r"<[^>]+>")
_RETRACTED = re.compile(r"^\s*(?:RETRACTED|WITHDRAWN)\s*(?:ARTICLE)?\s*[:.\-]\s*", re.I)  # a flag, not the title
# Crossref update types (hyphen or underscore) -> PubMed's CommentsCorrections kinds.
NOTICE_KINDS = {"retraction": "RetractionIn", "withdrawal": "RetractionIn", "removal": "RetractionIn",
                "partial_retraction": "ErratumIn", "correction": "ErratumIn", "corrigendum": "ErratumIn",
                "erratum": "ErratumIn", "addendum": "ErratumIn", "clarification": "ErratumIn",
                "expression_of_concern": "ExpressionOfConcernIn"}
_BOOKS = {"book", "monograph", "edited-book", "reference-book", "book-set"}
_CHAPTERS = {"book-chapter", "book-section", "book-part", "reference-entry"}


class WorkFormatError(ValueError):
    """A Crossref answer that is not a work as the API documents it."""


def record_from_work(work: object, asked_doi: str) -> Record:
    """The record a Crossref work describes; `WorkFormatError` when it cannot be read whole."""
    if not isinstance(work, dict):
        raise WorkFormatError("the work is not a JSON object")
    doi = _text(work, "DOI") or asked_doi
    if doi.lower() != asked_doi.lower():
        raise WorkFormatError(f"answered for DOI {doi}, not {asked_doi}")
    kind = str(work.get("type") or "")
    containers = _texts(work, "container-title")
    chapter, book = kind in _CHAPTERS, kind in _BOOKS
    issued = _date(work, "issued") or _date(work, "published-print") or _date(work, "published-online")
    online = _date(work, "published-online")
    pages = _text(work, "page")
    article_number = _text(work, "article-number")
    return Record(
        pmid="", doi=doi, source="Crossref", title=_title(work),
        authors=tuple(_people(work, "author")), editors=tuple(_people(work, "editor")),
        journal_title="" if chapter or book else (containers[0] if containers else ""),
        journal_iso="" if chapter or book else next(iter(_texts(work, "short-container-title")), ""),
        pub_date=issued or PubDate(), article_dates=(online,) if online and online != issued else (),
        volume=_text(work, "volume") or None, issue=_text(work, "issue") or None,
        pages=pages or None, elocation_ids=(article_number,) if article_number else (),
        kind="chapter" if chapter else "book" if book else "article",
        book_title=containers[0] if chapter and containers else (_title(work) if book else None),
        publisher=_text(work, "publisher") or None if chapter or book else None,
        isbn=tuple(_texts(work, "ISBN")) if chapter or book else (),
        corrections=tuple(notices(work)),
    )


def notices(work: dict[str, Any]) -> Iterator[Correction]:
    """The work's update notices (`updated-by`), as PubMed-kind corrections naming Crossref."""
    updates = work.get("updated-by", [])
    if not isinstance(updates, list):
        raise WorkFormatError("updated-by is not a list")
    for update in updates:
        if not isinstance(update, dict):
            raise WorkFormatError("an updated-by entry is not an object")
        kind = NOTICE_KINDS.get(str(update.get("type", "")).lower().replace("-", "_"))
        if kind is None:
            continue  # new versions, new editions: not a notice about the findings
        yield Correction(kind=kind, source=_describe(update))


def _describe(update: dict[str, Any]) -> str:
    label = str(update.get("label") or update.get("type", "update")).strip()
    doi = update.get("DOI")
    when = _date(update, "updated")
    by = "Retraction Watch" if update.get("source") == "retraction-watch" else "the publisher"
    parts = [f"Crossref: {label}" + (f" {doi}" if isinstance(doi, str) and doi else "")]
    if when is not None:
        parts.append(when.text)
    record_id = update.get("record-id")
    parts.append(f"asserted by {by}" + (f", record {record_id}" if record_id else ""))
    return ", ".join(parts)


def _title(work: dict[str, Any]) -> str:
    titles, subtitles = _texts(work, "title"), _texts(work, "subtitle")
    title = _RETRACTED.sub("", titles[0]) if titles else ""
    if subtitles and subtitles[0].lower() not in title.lower():
        title = f"{title}: {subtitles[0]}" if title else subtitles[0]
    return title


def _people(work: dict[str, Any], key: str) -> Iterator[Author]:
    people = work.get(key, [])
    if not isinstance(people, list):
        raise WorkFormatError(f"{key} is not a list")
    for person in people:
        if not isinstance(person, dict):
            raise WorkFormatError(f"an {key} entry is not an object")
        family, given, name = (_clean(person.get(k)) for k in ("family", "given", "name"))
        if family:
            yield Author(last_name=family, initials=initials(given), suffix=_clean(person.get("suffix")))
        elif name:
            yield Author(last_name=name, collective=True)


def initials(given: str) -> str:
    """PubMed-style initials of a given name: "Douglas P." -> "DP", "Jean-Pierre" -> "JP"."""
    return "".join(part[0].upper() for part in re.split(r"[\s.\-]+", given) if part and part[0].isalpha())


def _date(holder: dict[str, Any], key: str) -> PubDate | None:
    value = holder.get(key)
    if value is None:
        return None
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        raise WorkFormatError(f"{key} has no date-parts")
    first = parts[0]
    if not first or first[0] is None:
        return None
    if not all(isinstance(p, int) and not isinstance(p, bool) for p in first[:3]):
        raise WorkFormatError(f"{key} date-parts are not numbers")
    year, month, day = [*first[:3], None, None][:3]
    if month is not None and not 1 <= month <= 12:
        raise WorkFormatError(f"{key} month {month} is not a month")
    text = " ".join([str(year)] + ([_MONTHS[month - 1]] if month else []) + ([str(day)] if month and day else []))
    return PubDate(year=year, month=month, day=day if month else None, text=text)


def _text(work: dict[str, Any], key: str) -> str:
    value = work.get(key)
    if value is None:
        return ""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise WorkFormatError(f"{key} is not text")
    return _clean(value)


def _texts(work: dict[str, Any], key: str) -> list[str]:
    value = work.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise WorkFormatError(f"{key} is not a list of text")
    return [text for v in value if (text := _clean(v))]


def _clean(value: object) -> str:
    """Text without JATS markup (`<i>`, `<sub>`) and with its white space collapsed."""
    return " ".join(_MARKUP.sub("", str(value)).split()) if value is not None else ""
