"""Stage 2: find citations in an article's text.

A citation is a reference line (NLM/PubMed style, a "Source:" or "Reference" line, or any
line carrying a PMID/DOI/PMCID) or a bare identifier in running text. Reference lines are
parsed into fields; "Surname et al." mentions are linked to the reference of their section.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from verifier import references
from verifier.checks.normalise import fold
from verifier.ingest import position
from verifier.models import Article, Author, Citation, InTextMention, PrintedFields, Span

MAX_LINE_FOR_PARSING = 5000
_TRAILING = ".,;:)]}>'\"’”"
PMID_RE = re.compile(
    r"(?:\bPMID\s*:?\s*|pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d{1,12})\b", re.I)
PMCID_RE = re.compile(r"\b(PMC\d{1,12})\b")
DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]{1,300})")
_LABEL = re.compile(r"^\s*(?:source|sources|reference|references|citation|ref)s?\s*:\s*", re.I)
_REF_HEADING = re.compile(r"^\s*(references?|sources?|bibliography|literature cited|citations?)\s*:?\s*$", re.I)
_NUMBERING = re.compile(r"^\s*(?:\[\d{1,4}\]|\d{1,4}[.)])\s+")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
DATE_VOLUME_RE = re.compile(
    r"\.\s*(?P<year>(?:1[89]|20)\d{2})(?:\s+(?P<month>[A-Z][a-z]{2,8})\.?)?(?:\s+(?P<day>\d{1,2}))?"
    r"\s*;\s*(?P<volume>[0-9]{1,6}[A-Za-z]?)?\s*(?:\((?P<issue>[^()\n]{1,20})\))?"
    r"\s*(?::\s*(?P<pages>[A-Za-z]{0,3}\d{1,10}(?:\s*[-–]\s*[A-Za-z]{0,3}\d{1,10})?))?")
_SENTENCE_END = re.compile(r"[.?!]\s+")
_ABBREVIATED_WORD = re.compile(r"[A-Z][A-Za-z]{0,11}")


@dataclass(frozen=True)
class SourceMatch:
    """The 'Journal. 2023 Sep 30;12(19):6311' part of a reference."""

    journal: str
    journal_start: int
    date_volume: re.Match[str]


def find_source(text: str) -> SourceMatch | None:
    for match in DATE_VOLUME_RE.finditer(text):
        start = _journal_start(text, match.start())
        journal = text[start:match.start()].strip()
        if journal and journal[0].isupper() and len(journal) <= 150 and ";" not in journal:
            return SourceMatch(journal, start, match)
    return None


def _journal_start(text: str, end: int) -> int:
    """Start of the journal name ending at `end`: the last sentence, with any run of dotted
    abbreviations before it ('J. Clin. Med.') taken in."""
    cuts = [0] + [m.end() for m in _SENTENCE_END.finditer(text, 0, end)]
    start = cuts[-1]
    for cut in reversed(cuts[:-1]):
        segment = text[cut:start].strip().rstrip(".")
        if not _ABBREVIATED_WORD.fullmatch(segment):
            break
        start = cut
    return start


_AUTHOR = re.compile(r"^(?P<last>[^\W\d_][\w'’\-]*(?:\s[^\W\d_][\w'’\-]*){0,3}?)\s+(?P<ini>[A-Z]{1,4})$")
_ET_AL = re.compile(r",?\s*et\s+al\.?$", re.I)
MENTION_RE = re.compile(r"\b(?P<surname>[A-Z][a-zà-ÿ'’\-]+(?:\s(?:van|de|der|von)\s[A-Z][a-z'’\-]+)?)"
                        r"\s+et\s+al\.?")


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


def find_citations(article: Article) -> tuple[Citation, ...]:
    """Every citation in the article, in order of appearance, with ids c1, c2, ..."""
    lines = list(_lines(article.text))
    reference_lines = _reference_lines(lines)
    citations: list[Citation] = []
    for line in lines:
        if line.start in reference_lines:
            citations.append(_reference(article, line, len(citations) + 1))
        else:
            citations.extend(_bare_ids(article, line, len(citations) + 1))
    return _link_mentions(article, tuple(citations), lines)


def _lines(text: str) -> Iterator[_Line]:
    start = 0
    for raw in text.split("\n"):
        yield _Line(start, start + len(raw), raw)
        start += len(raw) + 1


def _reference_lines(lines: list[_Line]) -> set[int]:
    starts: set[int] = set()
    in_list = False
    for line in lines:
        text = line.text.strip()
        if _REF_HEADING.match(text):
            in_list = True
            continue
        if not text:
            continue
        if in_list or looks_like_reference(text):
            starts.add(line.start)
        elif len(text.split()) > 3:
            in_list = False
    return starts


def looks_like_reference(text: str) -> bool:
    if len(text) > MAX_LINE_FOR_PARSING:
        return False
    if _LABEL.match(text) and (find_source(text) or PMID_RE.search(text) or DOI_RE.search(text)):
        return True
    body = _NUMBERING.sub("", text)
    return find_source(body) is not None and _leading_authors(body) is not None


def _reference(article: Article, line: _Line, number: int) -> Citation:
    raw = line.text
    lead = len(raw) - len(raw.lstrip())
    body = raw.strip()
    label = _LABEL.match(body)
    skip = label.end() if label else 0
    numbering = _NUMBERING.match(body[skip:])
    skip += numbering.end() if numbering else 0
    printed = body[skip:]
    start = line.start + lead + skip
    ids = extract_ids(printed)
    marker = re.search(r"\d+", numbering.group(0)) if numbering else None
    return Citation(id=f"c{number}", printed=printed, span=_span(article, start, line.end),
                    pmid=ids.pmid, doi=ids.doi, pmcid=ids.pmcid, fields=parse_reference(printed),
                    marker=int(marker.group(0)) if marker else None,
                    malformed=tuple(m.description for m in malformed_ids(printed)))


def _bare_ids(article: Article, line: _Line, number: int) -> list[Citation]:
    text = line.text[:MAX_LINE_FOR_PARSING * 20]
    found: list[Citation] = []
    for kind, regex in (("pmid", PMID_RE), ("doi", DOI_RE), ("pmcid", PMCID_RE)):
        for match in regex.finditer(text):
            value = _clean_id(kind, match.group(1))
            if value is None:
                continue
            start = line.start + match.start()
            found.append(Citation(id="", printed=match.group(0).rstrip(_TRAILING),
                                  span=_span(article, start, line.start + match.end()),
                                  pmid=value if kind == "pmid" else None,
                                  doi=value if kind == "doi" else None,
                                  pmcid=value if kind == "pmcid" else None))
    for bad in malformed_ids(text):
        found.append(Citation(id="", printed=_clip(text[bad.start:bad.end]),
                              span=_span(article, line.start + bad.start, line.start + bad.end),
                              malformed=(bad.description,)))
    found.sort(key=lambda c: c.span.start)
    return [c.model_copy(update={"id": f"c{number + i}"}) for i, c in enumerate(found)]


@dataclass(frozen=True)
class Malformed:
    start: int
    end: int
    description: str


_LABELLED_PMID = re.compile(r"\bPMID\s*:?\s*(\d+)", re.I)
_LONG_PMCID = re.compile(r"\bPMC(\d{10,})")


def malformed_ids(text: str) -> list[Malformed]:
    """Printed identifiers that cannot be what they claim: a PMID of 10 or more digits, a DOI
    longer than any DOI, a PMCID too long. They are reported (C105), never silently skipped."""
    found = []
    for match in _LABELLED_PMID.finditer(text):
        digits = match.group(1).lstrip("0")
        if not digits or len(digits) > 9:
            found.append(Malformed(match.start(), match.end(), f"PMID {_clip(match.group(1), 24)} "
                                   f"({len(match.group(1)):,} digits; a PMID has 1 to 9)"))
    for match in DOI_RE.finditer(text):
        if _clean_id("doi", match.group(1)) is None:
            end = match.end()
            while end < len(text) and not text[end].isspace():
                end += 1
            found.append(Malformed(match.start(), end, f"DOI {_clip(text[match.start():end], 40)} "
                                   f"({end - match.start():,} characters; not a DOI's shape)"))
    for match in _LONG_PMCID.finditer(text):
        found.append(Malformed(match.start(), match.end(), f"PMCID {_clip(match.group(0), 24)} "
                               f"({len(match.group(1)):,} digits)"))
    return found


def _clip(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True)
class Ids:
    pmid: str | None = None
    doi: str | None = None
    pmcid: str | None = None


def extract_ids(text: str) -> Ids:
    """The first valid PMID, DOI and PMCID in a reference string."""
    values: dict[str, str | None] = {}
    for kind, regex in (("pmid", PMID_RE), ("doi", DOI_RE), ("pmcid", PMCID_RE)):
        values[kind] = next((v for m in regex.finditer(text)
                             if (v := _clean_id(kind, m.group(1))) is not None), None)
    return Ids(**values)


def _clean_id(kind: str, value: str) -> str | None:
    if kind == "doi":
        value = _trim_doi(value)
        return value if re.fullmatch(r"10\.\d{4,9}/\S{1,250}", value) else None
    if kind == "pmid":
        value = value.lstrip("0")
        return value if value and len(value) <= 9 else None
    digits = value[3:].lstrip("0")
    return f"PMC{digits}" if digits and len(digits) <= 9 else None


def _trim_doi(value: str) -> str:
    while value and value[-1] in _TRAILING:
        if value[-1] == ")" and value.count("(") >= value.count(")"):
            break
        value = value[:-1]
    return value


def parse_reference(text: str) -> PrintedFields:
    """Fields of a reference string in any common style (NLM, Vancouver, AMA, APA, Nature, ...):
    a CRF labels its words, rules take the identifiers (verifier.references)."""
    return references.parse(text)


def _leading_authors(text: str) -> tuple[tuple[Author, ...], bool, int] | None:
    """Authors before the first '. ' and where the title starts, if the prefix is an author list."""
    end = text.find(". ")
    if end <= 0:
        return None
    prefix = text[:end].strip()
    truncated = bool(_ET_AL.search(prefix))
    prefix = _ET_AL.sub("", prefix)
    authors: list[Author] = []
    for part in (p.strip() for p in prefix.split(",")):
        match = _AUTHOR.match(part)
        if match is None:
            return None
        authors.append(Author(last_name=match.group("last"), initials=match.group("ini")))
    return (tuple(authors), truncated, end + 2) if authors else None


def _month(value: str | None) -> int | None:
    return _MONTHS.get(value[:3].lower()) if value else None


def _normalise_dash(pages: str | None) -> str | None:
    return re.sub(r"\s*[-–]\s*", "-", pages) if pages else None


def _span(article: Article, start: int, end: int) -> Span:
    line, column = position(article, start)
    return Span(start=start, end=end, line=line, column=column)


def _link_mentions(article: Article, citations: tuple[Citation, ...],
                   lines: list[_Line]) -> tuple[Citation, ...]:
    """Attach each "X et al." to the reference that closes its section, or to a namesake."""
    references = [c for c in citations if c.fields.authors or c.fields.title]
    if not references:
        return citations
    mentions: dict[str, list[InTextMention]] = {c.id: [] for c in references}
    reference_spans = [(c.span.start, c.span.end) for c in references]
    for match in MENTION_RE.finditer(article.text):
        if any(s <= match.start() < e for s, e in reference_spans):
            continue
        target = _mention_target(match.group("surname"), match.start(), references)
        if target is not None:
            mentions[target.id].append(InTextMention(
                text=match.group(0), surname=match.group("surname"),
                span=_span(article, match.start(), match.end())))
    return tuple(c.model_copy(update={"in_text_mentions": tuple(mentions[c.id])})
                 if c.id in mentions else c for c in citations)


def _mention_target(surname: str, offset: int, references: list[Citation]) -> Citation | None:
    namesakes = [c for c in references if c.fields.authors
                 and _same_name(c.fields.authors[0].last_name, surname)]
    following = [c for c in references if c.span.start > offset]
    section_reference = following[0] if following else None
    if section_reference is not None and section_reference in namesakes:
        return section_reference
    if namesakes:
        return min(namesakes, key=lambda c: abs(c.span.start - offset))
    return section_reference


def _same_name(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def citation_key(citation: Citation) -> str:
    return printed_key(citation.printed)


def printed_key(printed: str) -> str:
    """The citation as printed, folded: how a claim file names a citation across edits."""
    return fold(printed)


def citation_label(citation: Citation) -> str:
    """"Zhang P 2023": first author and year as printed, for messages."""
    fields = citation.fields
    who = fields.authors[0].short() if fields.authors else (citation.pmid or citation.doi or citation.id)
    return f"{who} {fields.year}" if fields.year else who
