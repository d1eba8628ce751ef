"""From labelled spans to PrintedFields. Identifiers, markers and the exact
"YYYY;vol(iss):pages" shape come from rules; everything else from the CRF's labels."""

from __future__ import annotations

import re
from itertools import groupby

from verifier.identifiers import PATTERNS, TRAILING, clean
from verifier.models import LabelledSpan, PrintedFields
from verifier.references.authors import parse_authors
from verifier.references.tokens import (
    ARTICLE_NUMBER,
    MONTH_WORD,
    VANCOUVER,
    VOLUME_ISSUE_PAGES,
    YEAR_DIGITS,
    YEAR_VOLUME_PAGES,
    Token,
)

AHEAD_OF_PRINT = re.compile(r"\bahead\s+of\s+print\b|\[?\bEpub\b", re.I)
SUPPLEMENT = re.compile(r"\b(?:Suppl|Supplement)\b\.?\s*(?:[A-Z]?\d{1,3}\b|[A-Z]\b)?", re.I)
_YEAR = re.compile(rf"(?<!\d)({YEAR_DIGITS})(?!\d)")
_MONTH = re.compile(rf"\b({MONTH_WORD})", re.I)
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_VOLUME = re.compile(r"(?:vol(?:ume)?\.?\s*)?([A-Za-z]?\d[\w.]*(?:\s*[-–]\s*\d+)?)", re.I)
_PAGES = re.compile(r"(?:pp?\.?\s*|pages?\s*)?([A-Za-z]{0,4}\d[\w.]*(?:\s*[-–—]\s*[A-Za-z]{0,4}\d[\w.]*)?)", re.I)


def spans_of(text: str, labelled: list[tuple[Token, str]]) -> tuple[LabelledSpan, ...]:
    """Runs of words of one label, each cut from the text once (linear in the string)."""
    spans: list[LabelledSpan] = []
    for label, run in groupby(labelled, key=lambda pair: pair[1]):
        tokens = [token for token, _ in run]
        start, end = tokens[0].start, tokens[-1].end
        spans.append(LabelledSpan(label=label, start=start, end=end, text=text[start:end]))
    return tuple(spans)


def _first(spans: tuple[LabelledSpan, ...], label: str) -> str | None:
    return next((s.text for s in spans if s.label == label), None)


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().strip("\"'“”‘’«»").strip()
    value = re.sub(r"^(?:In:?|in:)\s+", "", value)
    while value and value[-1] in TRAILING + ",([":
        value = value[:-1].rstrip()
    value = value.strip("\"'“”‘’«» ")
    return value or None


def _journal(value: str | None) -> str | None:
    """The journal without a year the labeller left on it ('J. Clin. Med. 2023,')."""
    cleaned = _clean(value)
    return _clean(re.sub(rf"\s+{YEAR_DIGITS}\s*[,;]?$", "", cleaned)) if cleaned else None


def build_fields(text: str, spans: tuple[LabelledSpan, ...]) -> PrintedFields:
    author_text = " ".join(s.text for s in _leading(spans, "author"))
    authors, truncated = parse_authors(author_text) if author_text else ((), False)
    journal = _journal(_first(spans, "journal") or _first(spans, "container"))
    if _journal_taken_for_authors(text, spans):  # "PLOS Glob Public Health. 2024 Mar 4;4(3):e0001751."
        authors, truncated, journal = (), False, _journal(author_text)
    values: dict[str, object] = {
        "authors": authors, "authors_truncated": truncated, "title": _clean(_first(spans, "title")),
        "journal": journal, "labels": spans}
    values.update(_date(_date_text(text, spans)))
    values.update(_volume_issue_pages(text, spans))
    values.update(_identifiers(text))
    values["ahead_of_print"] = bool(AHEAD_OF_PRINT.search(text))
    supplement = SUPPLEMENT.search(text)
    values["supplement"] = supplement.group(0).strip() if supplement else None
    return PrintedFields.model_validate(values)


def _journal_taken_for_authors(text: str, spans: tuple[LabelledSpan, ...]) -> bool:
    """A citation with no authors and no title (a PubMed page's source line) starts with its
    journal: an 'author' run straight before the 'YYYY Mon D;vol(iss):pages' date, with no title
    or journal labelled anywhere, is the journal."""
    labels = [s.label for s in spans]
    if "title" in labels or "journal" in labels or "container" in labels or "author" not in labels:
        return False
    first = labels.index("author")
    rule = VANCOUVER.search(text)
    return first + 1 < len(spans) and spans[first + 1].label == "date" and rule is not None \
        and rule.start() <= spans[first + 1].end


def _leading(spans: tuple[LabelledSpan, ...], label: str) -> list[LabelledSpan]:
    """The spans of `label` in the first run of them (with 'other' numbering skipped)."""
    found: list[LabelledSpan] = []
    for span in spans:
        if span.label == label:
            found.append(span)
        elif found:
            break
    return found


def _date_text(text: str, spans: tuple[LabelledSpan, ...]) -> str | None:
    """The printed date: the Vancouver "2016 Jan-Feb;22(1):24-8" rule when it holds, else the first
    span labelled date that has a year, else a year printed in front of the volume ("2023;12(19):")."""
    rule = VANCOUVER.search(text)
    if rule is not None:
        return text[rule.start("year"):rule.end("day") if rule.group("day") else
                    rule.end("month") if rule.group("month") else rule.end("year")]
    year_first = YEAR_VOLUME_PAGES.search(text)
    if year_first is not None:
        return year_first.group("year")
    for span in spans:
        if span.label == "date" and _YEAR.search(span.text):
            return _after_page_range_end(text, span)
    volume = _first(spans, "volume")
    if volume and _YEAR.search(volume):
        return volume
    elsewhere = [s.text for s in spans if s.label in ("pages", "volume", "issue", "note", "other", "publisher")
                 and _YEAR.search(s.text)]
    return elsewhere[-1] if elsewhere else None


def _after_page_range_end(text: str, span: LabelledSpan) -> str:
    """A date span that opens with the end of a page range ('pp. 1903–' then '1915, 1989.')
    starts after it: 1915 is a page, 1989 the year."""
    first = _YEAR.search(span.text)
    if first is None or not re.search(r"[-–—]\s*$", text[:span.start]):
        return span.text
    rest = span.text[first.end():]
    return rest if _YEAR.search(rest) else span.text


def _date(source: str | None) -> dict[str, object]:
    if source is None:
        return {"year": None}
    year = _YEAR.search(source)
    result: dict[str, object] = {"year": int(year.group(1)) if year else None}
    month = _MONTH.search(source)
    if month:
        result["month"] = _MONTHS.index(month.group(1)[:3].lower()) + 1 if month.group(1)[:3].lower() in _MONTHS \
            else None
        day = re.search(r"\b(\d{1,2})\b", source[month.end():month.end() + 5]) or \
            re.search(r"\b(\d{1,2})\s*$", source[:month.start()])
        if day and result["month"]:
            result["day"] = int(day.group(1))
    return result


def _volume_issue_pages(text: str, spans: tuple[LabelledSpan, ...]) -> dict[str, object]:
    rule = VANCOUVER.search(text) or YEAR_VOLUME_PAGES.search(text) or VOLUME_ISSUE_PAGES.search(text)
    volume_text, issue_text, pages_text = _first(spans, "volume"), _first(spans, "issue"), _pages_text(text, spans)
    result: dict[str, object] = {}
    if rule is not None and (pages_text is None or rule.group("pages") in pages_text) \
            and (volume_text is None or (rule.group("volume") or "") in volume_text):
        volume = rule.group("volume")
        result["volume"] = volume.strip() if volume else None
        result["issue"] = rule.group("issue").strip() if rule.group("issue") else None
        pages = rule.group("pages")
    else:
        result["volume"] = _volume(volume_text)
        result["issue"] = _issue(issue_text) or _issue_in_volume(volume_text)
        both = _VOLUME_THEN_PAGES.match(pages_text) if pages_text and not volume_text else None
        if both is not None:  # "Toxicology, 2000, 155, 63–71": the labeller took "155, 63–71" for pages
            result["volume"], pages_text = both.group(1), both.group(2)
        match = _PAGES.search(pages_text) if pages_text else None
        pages = match.group(1) if match else None
    if pages:
        pages = re.sub(r"\s*[-–—]\s*", "-", pages).rstrip(".")
        result["pages"] = pages
        if ARTICLE_NUMBER.match(pages):
            result["article_number"] = pages
    return result


_VOLUME_THEN_PAGES = re.compile(r"^\s*(\d{1,5})\s*,\s*((?:pp?\.?\s*)?[A-Za-z]{0,4}\d+\s*[-–—]\s*[A-Za-z]{0,4}\d+)")
_RANGE_END = re.compile(r"\s*[A-Za-z]{0,4}\d+")
_PAGES_MARKED = re.compile(r"^\s*(?:pp?\.|pages?\b)|\d\s*[-–—]\s*[A-Za-z]{0,4}\d", re.I)


def _pages_text(text: str, spans: tuple[LabelledSpan, ...]) -> str | None:
    """The pages span; of several, the one marked 'pp.' or holding a range ('24 Apr. 2018, pp.
    2411–2422': the day 24 was labelled pages too). A range the labeller cut at its dash
    ('pp. 1903–' then '1915, 1989') is closed again from the text."""
    pages = [s for s in spans if s.label == "pages"]
    span = next((p for p in pages if _PAGES_MARKED.search(p.text)), pages[0] if pages else None)
    if span is None:
        return None
    rest = _RANGE_END.match(text, span.end) if re.search(r"\d\s*[-–—]\s*$", span.text) else None
    return span.text + rest.group(0) if rest else span.text


def _volume(volume_text: str | None) -> str | None:
    if not volume_text:
        return None
    text = re.sub(rf"^\s*{YEAR_DIGITS}\s*[;:,]\s*", "", volume_text)  # AnyStyle's "2009;108(2):"
    text = re.sub(r"\(.*?\)", " ", text)
    match = _VOLUME.search(text)
    return match.group(1).rstrip(".") if match else None


def _issue_in_volume(volume_text: str | None) -> str | None:
    match = re.search(r"\(([^()]{1,20})\)", volume_text or "") or \
        re.search(r"\b(?:no|nr|issue)\.?\s*(\w{1,10})", volume_text or "", re.I)
    return match.group(1).strip() if match else None


def _issue(issue_text: str | None) -> str | None:
    if not issue_text:
        return None
    match = re.search(r"\(([^()]{1,20})\)", issue_text)
    if match:
        return match.group(1).strip()
    return _clean(re.sub(r"^(?:no|nr|issue|num)\.?\s*", "", issue_text.strip(), flags=re.I))


def _identifiers(text: str) -> dict[str, object]:
    """The first well-formed PMID, DOI and PMCID printed (verifier.identifiers decides)."""
    return {kind: next((v for m in regex.finditer(text) if (v := clean(kind, m.group(1))) is not None), None)
            for kind, regex in PATTERNS}
