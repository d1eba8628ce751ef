"""Stage 2: find citations in an article's text.

A citation is a reference line (NLM/PubMed style, a "Source:" or "Reference" line, or any
line carrying a PMID/DOI/PMCID) or a bare identifier in running text. Reference lines are
parsed into fields; "Surname et al." mentions are linked to the reference of their section.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from verifier import lazyre as re  # re, compiled on first use, with a literal pre-test (verifier/lazyre.py)
from verifier import memo, references
from verifier.checks.normalise import fold
from verifier.identifiers import (
    DOI_RE,
    LABELLED_PMID,
    LONG_PMCID,
    PATTERNS,
    PMID_DIGITS,
    PMID_RE,
    TRAILING,
    clean,
)
from verifier.ingest import position
from verifier.models import Article, Citation, InTextMention, PrintedFields, Record, Span

MAX_LINE_FOR_PARSING = 5000
# "Smith et al.": the word boundary before the capital is tested after it, (?<!\w[A-Z]), so that
# `re` can skip to the next capital letter instead of trying the pattern at every character
MENTION_RE = re.compile(r"(?P<surname>[A-Z](?<!\w[A-Z])[a-zà-ÿ'’\-]+(?:\s(?:van|de|der|von)\s[A-Z][a-z'’\-]+)?)"
                        r"\s+et\s+al\.?")


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


def find_citations(article: Article) -> tuple[Citation, ...]:
    """Every citation in the article, in order of appearance, with ids c1, c2, ..."""
    lines = list(_lines(article.text))
    entries = {entry[0].start: entry for entry in _reference_entries(lines)}
    inside = {line.start for entry in entries.values() for line in entry}
    citations: list[Citation] = []
    for at, line in enumerate(lines):
        if line.start in entries:
            citations.append(_reference(article, entries[line.start], len(citations) + 1))
        elif line.start not in inside and _A_DIGIT.search(line.text):  # every identifier holds a digit
            citations.extend(_bare_ids(article, line, len(citations) + 1)
                             or _doi_broken_over_lines(article, line, lines[at + 1:at + 2], len(citations) + 1))
    merged = _number_caret_entries(_merge_printed_together(article, citations))
    return _link_mentions(article, merged, lines)


def _number_caret_entries(citations: tuple[Citation, ...]) -> tuple[Citation, ...]:
    """A Wikipedia-style list ("^ Smith J. ...", "^ a b Jones K. ...") numbers its entries by
    their order: the n-th caret entry of a run is reference n."""
    numbered: list[Citation] = []
    run = 0
    for citation in citations:
        caret = citation.printed.startswith("^") and citation.marker is None
        run = run + 1 if caret else 0
        numbered.append(citation.model_copy(update={"marker": run}) if caret else citation)
    return tuple(numbered)


_A_DIGIT = re.compile(r"\d")


def _lines(text: str) -> Iterator[_Line]:
    start = 0
    for raw in text.split("\n"):
        yield _Line(start, start + len(raw), raw)
        start += len(raw) + 1


_MARKUP_HEAD = re.compile(r"^\s*(?:#{1,6}\s*|\*\*|__)?\s*")
REFERENCE_HEADING = re.compile(
    r"(?:linked\s+|cited\s+|scientific\s+|research\s+|selected\s+|key\s+)?(?:references?(?:\s+(?:and|&)\s+notes)?"
    r"|sources?|bibliography|literature\s+cited|works\s+cited|cited\s+literature|citations?|further\s+reading"
    r"|references?\s+cited|(?:list\s+of\s+references|reference\s+list|studies\s+cited))", re.I)
_LABEL_ANYWHERE = re.compile(
    r"^\s*(?:[-•*]\s*)?\(?(?P<label>sources?|references?|citation|cite\s+as|cite\s+this\s+(?:article|page)"
    r"|how\s+to\s+cite(?:\s+this\s+(?:article|paper))?|journal\s+references?"
    r"|please\s+cite\s+this\s+article\s+as|citation\s+for\s+published\s+version|ref|more\s+information"
    r"|original\s+(?:study|article|paper|research)|(?:the\s+)?study(?:\s+reference)?|read\s+the\s+(?:full\s+)?"
    r"(?:study|paper|article|research)|full\s+(?:study|paper|text)|paper|research|via|published\s+in)"
    r"\s*(?::|[-–—]\s)\s*", re.I)
_HOW_TO_CITE_HEADING = re.compile(r"^(?:how\s+to\s+cite(?:\s+this\s+(?:article|paper))?|cite\s+this\s+(?:article|page)"
                                  r"|journal\s+references?|cite\s+as|please\s+cite\s+this\s+article\s+as)\s*:?$",
                                  re.I)
_ENTRY_NUMBER = re.compile(r"^\s*(?:\[\^?\d{1,5}\]:?|\(\d{1,5}\)|\d{1,5}[.)]|[-•*–])\s*(?=\S)")
_YEAR = re.compile(r"(?<!\d)(?:1[89]\d\d|20\d\d)(?!\d)")
_AUTHOR_START = re.compile(
    r"^(?:[^\W\d_][\w'’\-]+(?:\s[^\W\d_][\w'’\-]+){0,2},?\s+(?:[A-Z]\.?\s?-?){1,3}[.,;]"  # Smith AB, / Smith, A. B.,
    r"|(?:[A-Z]\.\s?){1,3}[^\W\d_][\w'’\-]+,"                                        # A. B. Smith,
    r"|[^\W\d_][\w'’\-]+,\s[^\W\d_][\w'’\-]+(?:\s[A-Z]\.)?,?\s(?:et al|and)\b"       # Šamec, Dunja, et al.
    r"|[^\W\d_][\w'’\-]+(?:\s(?:[^\W\d_a-z][\w'’\-]*|of|for|and|the|on|in|&)){0,9}\s?\((?:1[89]|20)\d\d\))")
# (the last: a name in title case, "Diabetes UK (2018)", "National Institute for Health and Care
# Excellence (2019)"; not prose ending in a bracketed year)
_ONLY_IDS = re.compile(
    r"^(?:\s|[\[\](),.;:|·/]|\b(?:pmid|pmcid|doi|pubmed|pmc free article|google scholar|crossref|"
    r"free full text|full text|article|view at \w+|scopus|publisher|epub)\b|"
    r"https?://\S+|10\.\d{4,9}/\S+|PMC\d+|\d{1,9})*$", re.I)
PROSE_WORDS = 14
MAX_ENTRY_LINES = 8  # a reference wrapped over more lines than this is not one reference


def is_reference_heading(text: str) -> bool:
    """'References', '## Sources', '**Bibliography**', 'Literature cited:' and the like."""
    body = _MARKUP_HEAD.sub("", text).strip().strip("*_").strip().rstrip(":").strip()
    return bool(REFERENCE_HEADING.fullmatch(body))


@memo.kept_short  # a pure function of the line (verifier/memo.py)
def heads_a_citation(text: str) -> bool:
    """A line that labels the citation below it ("Journal reference", "How to cite this
    article:"), or a reference list's heading: it heads sources, not a section of prose."""
    return is_reference_heading(text) or bool(_HOW_TO_CITE_HEADING.match(_MARKUP_HEAD.sub("", text).strip()))


@memo.kept_short  # a pure function of the line (verifier/memo.py)
def _is_heading(text: str) -> bool:
    """A line that opens a new section: Markdown '#', or a short line with no sentence end."""
    stripped = text.strip()
    if stripped.startswith("#"):
        return True
    words = stripped.split()
    return (0 < len(words) <= 6 and not _YEAR.search(stripped) and stripped[-1] not in ".;,"
            and stripped[0].isupper() and not _ONLY_IDS.match(stripped))


@memo.kept  # a pure function of the line (verifier/memo.py)
def has_bibliographic_shape(text: str) -> bool:
    """A year and either a leading author list or a journal's 'YYYY;vol' / 'vol(issue)' / 'vol.'."""
    body = _ENTRY_NUMBER.sub("", _LABEL_ANYWHERE.sub("", text.strip()), count=1).strip()
    if len(body.split()) < 5 or not _YEAR.search(body):
        return False
    numbers = re.search(r"(?:1[89]|20)\d\d\s*[;,]\s*\d|\b\d+\s*\(\s*[\w\s-]{1,8}\)\s*[:,]|\bvol\.?\s*\d"
                        r"|\b\d+\s*:\s*[A-Za-z]?\d+|\b\d+,\s*[A-Za-z]{0,3}\d+(?:\s*[-–]\s*\d+)?\s*\((?:1[89]|20)\d\d\)",
                        body, re.I)
    return bool(_AUTHOR_START.match(body) or numbers)


@memo.kept_short  # a pure function of the line (verifier/memo.py)
def looks_like_reference(text: str) -> bool:
    if len(text) > MAX_LINE_FOR_PARSING:
        return False
    if _LABEL_ANYWHERE.match(text) and (has_bibliographic_shape(text) or PMID_RE.search(text)
                                        or DOI_RE.search(text)):
        return True
    body = _ENTRY_NUMBER.sub("", text.strip(), count=1)
    if _NARRATIVE_CITE.match(body) and extract_ids(text) == Ids():
        return False  # "O'Connor and Hughes (2018) found that ...": a sentence citing a paper
    return has_bibliographic_shape(text) and (bool(_AUTHOR_START.match(body)) or extract_ids(text) != Ids())


# authors and a year in parentheses, then the sentence goes on in lower case ("(2018) found that")
_NARRATIVE_CITE = re.compile(r"^[^()\n]{1,120}\((?:1[89]|20)\d\d[a-z]?\)\s+(?:[a-z]{2,}\b)")
# "van der Berg, J.," / "de Vries M,": an entry whose first author's name starts with a particle
_PARTICLE_AUTHOR = re.compile(r"^(?:van|von|de|der|den|di|da|du|del|dos|le|la|ten|ter)\s+(?:[a-z]+\s+)?"
                              r"[A-Z][\w'’\-]+,?\s+(?:[A-Z]\.|[A-Z]{1,3}\b)")


@memo.kept_short  # a pure function of the line (verifier/memo.py)
def _is_prose(text: str) -> bool:
    """A paragraph of running text, which ends a reference list."""
    starts_entry = bool(_ENTRY_NUMBER.match(text) or _AUTHOR_START.match(text))
    return len(text.split()) >= PROSE_WORDS and not starts_entry and not has_bibliographic_shape(text) \
        and extract_ids(text) == Ids()


def _reference_entries(lines: list[_Line]) -> Iterator[list[_Line]]:
    """Each reference as its list of lines: lists under a heading (numbered or not, wrapped
    entries re-joined), labelled lines ('Source:', 'Cite as:') and reference-shaped lines."""
    entry: list[_Line] = []
    previous: list[_Line] = []  # the last entry, across blank lines, until a line that is none
    in_list = False
    label_block = False
    for at, line in enumerate(lines):
        text = line.text.strip()
        previous = entry or previous
        if len(line.text) > MAX_LINE_FOR_PARSING:
            yield from _flush(entry)
            entry, in_list, label_block = [], False, False
            continue
        if not text or text in _BULLET_ALONE:  # a bullet with nothing after it is an empty line too
            if label_block and entry:  # a labelled block holds one reference
                yield from _flush(entry)
                entry, label_block, in_list = [], False, False
            elif entry and (not in_list or _complete(entry)):
                yield from _flush(entry)
                entry = []
            continue
        if heads_a_citation(text):
            yield from _flush(entry)
            entry, in_list = [], True
            label_block = not is_reference_heading(text)
            continue
        label = _LABEL_ANYWHERE.match(line.text)
        if label and line.text[label.end():].strip() and _labels_a_reference(label, line.text[label.end():]):
            yield from _flush(entry)
            entry, label_block = [line], True
            continue
        if in_list and (_is_heading(text) or _is_prose(text)) and not _continues(entry, text):
            yield from _flush(entry)
            entry, in_list, label_block = [], False, False
            continue
        if label_block and entry and _starts_another_field(text):  # "Source: University of X" / "Summary: ..."
            yield from _flush(entry)
            entry, label_block = [], False
        if entry and len(entry) < MAX_ENTRY_LINES and _continues(entry, text):
            entry.append(line)
            continue
        following = lines[at + 1:at + WRAPPED_LOOKAHEAD]
        if in_list or (not _goes_on_from(lines[max(at - 1, 0):at])
                       and (looks_like_reference(text) or _next_in_list(entry or previous, text)
                            or _starts_wrapped_reference(text, following))):
            yield from _flush(entry)
            entry = [line]
            continue
        yield from _flush(entry)
        entry, label_block, previous = [], False, []
    yield from _flush(entry)


# "Summary: ...", "Date: March 3", "Contact: ...": a field of a news page's header, not the rest of
# the labelled reference above it (a reference goes on with "DOI:", "In:", "Available from:")
_FIELD_LABEL = re.compile(r"^(?P<label>[A-Z][A-Za-z]+(?:\s[A-Za-z]+){0,2})\s*:\s+\S")
_GOES_ON_LABELS = frozenset({"doi", "pmid", "pmcid", "pmc", "url", "link", "in", "available from", "available",
                             "retrieved from", "retrieved", "accessed", "epub", "published", "published online",
                             "online", "isbn", "issn", "vol", "volume", "pages", "pp"})


def _starts_another_field(text: str) -> bool:
    field = _FIELD_LABEL.match(text)
    return field is not None and field.group("label").casefold() not in _GOES_ON_LABELS \
        and not _ONLY_IDS.match(text)


def _next_in_list(entry: list[_Line], text: str) -> bool:
    """A list with no heading goes on: after a reference, a line that opens like one (its
    author list), or the next numbered line with a year ('(2) Ohio University. ... 2018.')."""
    if not entry or not _complete(entry):
        return False
    numbered = bool(_ENTRY_NUMBER.match(entry[0].text.strip())) and bool(_ENTRY_NUMBER.match(text))
    return bool(_AUTHOR_START.match(text)) or (numbered and bool(_YEAR.search(text)))


# Labels that also open headlines and prose ("Study: walking lowers blood sugar"): they label a
# reference only when what follows has a reference's shape or an identifier.
_WEAK_LABEL = re.compile(r"original|study|read|full|paper|research|via|published|more\s+information", re.I)


def _labels_a_reference(label: re.Match[str], rest: str) -> bool:
    if not _WEAK_LABEL.match(label.group("label")):
        return True
    return has_bibliographic_shape(rest) or extract_ids(rest) != Ids() or bool(re.search(r"https?://", rest)) \
        or bool(_ET_AL_YEAR.search(rest))


# "Tomas Green et al, Short sleep and ..., Sleep Health (2023).": a news site's reference line
_ET_AL_YEAR = re.compile(r"\bet al\.?,\s.{10,300}?\((?:19|20)\d{2}\)")


WRAPPED_LOOKAHEAD = 6  # lines after a reference's first line that may hold the rest of it


def _goes_on_from(above: list[_Line]) -> bool:
    """Does the line go on from a sentence of running text above it ("... in four countries:
    Bangladesh, the" / "Ethiopia, Malawi and Uganda. This ran from 2019 ...")? Then it is prose."""
    return _runs_on(above[0].text.strip() if above else "")


@memo.kept_short  # a pure function of the line (verifier/memo.py)
def _runs_on(line: str) -> bool:
    """A line of running text that does not end its sentence."""
    return len(line.split()) >= PROSE_ABOVE_WORDS and not _ends_entry(line) and not line.endswith(":") \
        and not has_bibliographic_shape(line) and extract_ids(line) == Ids()


PROSE_ABOVE_WORDS = 8


def _starts_wrapped_reference(text: str, following: list[_Line]) -> bool:
    """A reference hard-wrapped over lines ("Cani, P. D. Human gut microbiome: hopes, threats
    and promises. Gut 67," / "1716–1725 (2018)."): its first line opens with authors and it
    reads as a reference once the next lines, up to the one ending it, are joined to it."""
    bare = _LIST_NUMBER.sub("", text, count=1)  # "1. Gupta S, Hawker GA. The economic" opens a numbered entry
    # "PLOS Glob Public Health. 2024 Mar 4;4(3):e0001751. doi:" / "10.1371/...": a citation line with no
    # authors, its DOI wrapped onto the next line
    doi_follows = bool(_DOI_LABEL_AT_END.search(text)) and has_bibliographic_shape(bare)
    if not (_AUTHOR_START.match(bare) or doi_follows) or _NARRATIVE_CITE.match(bare):
        return False
    joined = text
    for line in following:
        rest = line.text.strip()
        if not rest or _LABEL_ANYWHERE.match(rest) or (_ENTRY_NUMBER.match(rest) and not _DOI_START.match(rest)):
            return False  # a blank line, or the next entry ("10.1371/..." is a DOI, not entry 10)
        if looks_like_reference(rest) and (_AUTHOR_START.match(rest) or _PARTICLE_AUTHOR.match(rest)):
            return False  # the next reference, opening with its authors
        joined = f"{joined} {rest}"
        if looks_like_reference(joined):
            return True
    return False


_BULLET_ALONE = frozenset({"-", "–", "—", "•", "*", "·"})
_DOI_START = re.compile(r"^10\.\d{4,9}/\S")
_DOI_LABEL_AT_END = re.compile(r"\bdoi\s*:?\s*$", re.I)
_LIST_NUMBER = re.compile(r"^\s*(?:\[\d{1,5}\]|\(\d{1,5}\)|\d{1,5}[.)])\s*(?=\S)")


def _ends_entry(line: str) -> bool:
    """A line a reference can end with: a full stop or bracket, or its identifiers and links
    ("https://doi.org/10.x/y -", "PMID: 123")."""
    return line.endswith((".", ")", "]")) or bool(_ONLY_IDS.match(line.strip())) \
        or bool(re.search(r"(?:https?://\S+|10\.\d{4,9}/\S+)\s*[-–]?$", line))


def _flush(entry: list[_Line]) -> Iterator[list[_Line]]:
    """An entry is kept when it holds more than identifiers (those stay bare ids)."""
    if entry and not all(_ONLY_IDS.match(line.text.strip()) for line in entry):
        yield entry


def _complete(entry: list[_Line]) -> bool:
    return bool(_YEAR.search(" ".join(line.text for line in entry)))


def _continues(entry: list[_Line], text: str) -> bool:
    """Is this line the rest of the entry above: its identifiers, a wrapped line, a DOI link?"""
    if not entry or (_ENTRY_NUMBER.match(text) and not _DOI_START.match(text)):
        return False
    if _ONLY_IDS.match(text):
        return not _clash(extract_ids(" ".join(line.text for line in entry)), extract_ids(text))
    previous = entry[-1].text.rstrip()
    if _complete(entry) and text[:1].isupper() and _AUTHOR_START.match(text) \
            and not previous.endswith(("-", ",", ";", ":", "&")):
        return False  # an unnumbered list: the next reference, even after a link ending in '/'
    if (_AUTHOR_START.match(text) or _PARTICLE_AUTHOR.match(text)) and _complete(entry) and _ends_entry(previous):
        return False  # the next entry: "Zhao, L. The gut ...", "van der Berg, J. (2019). ..."
    if text[:1].islower() or previous.endswith(("-", "/", ",", ";", ":")) or _only_authors_and_year(entry):
        return True
    return not _complete(entry) or not previous.endswith((".", ")", "]"))


# "Kuptniratsaikul, V., Dajpratham, P., et al. (2014)." / its title on the next line: an APA
# entry wrapped after its year has its title and source still to come
_APA_YEAR_AT_END = re.compile(r"\s\((?:19|20)\d{2}[a-z]?(?:,\s*[A-Z][a-z]+(?:\s+\d{1,2})?)?\)\.$")
_NAME_TOKEN = re.compile(r"(?:[A-Z][\w'’\-]*,?|(?:[A-Z]\.)+(?:-[A-Z]\.)?,?|&|and|et|al\.,?|\.\.\.)")


def _only_authors_and_year(entry: list[_Line]) -> bool:
    """The entry so far is its authors and "(year)." and nothing else."""
    joined = " ".join(line.text.strip() for line in entry)
    year = _APA_YEAR_AT_END.search(joined)
    if year is None:
        return False
    names = _LIST_NUMBER.sub("", joined[:year.start()], count=1).split()
    return bool(names) and all(_NAME_TOKEN.fullmatch(token) for token in names)


def _clash(a: Ids, b: Ids) -> bool:
    """Two different identifiers of one kind: two papers."""
    return any(getattr(a, k) and getattr(b, k) and getattr(a, k) != getattr(b, k)
               for k in ("pmid", "doi", "pmcid"))


def _ids_only(text: str) -> bool:
    return bool(_ONLY_IDS.match(text)) and extract_ids(text) != Ids()


def _merge_printed_together(article: Article, citations: list[Citation]) -> tuple[Citation, ...]:
    """Identifiers printed together (a PMC header's DOI, PMCID and PMID lines, or a reference
    with its PMID on the next line) are one paper: one citation carrying all of them."""
    merged: list[Citation] = []
    for citation in citations:
        previous = merged[-1] if merged else None
        if previous is not None and _printed_together(article, previous, citation):
            merged[-1] = _join(previous, citation)
        else:
            merged.append(citation)
    return tuple(c.model_copy(update={"id": f"c{i}"}) for i, c in enumerate(merged, 1))


def _printed_together(article: Article, first: Citation, second: Citation) -> bool:
    between = article.text[first.span.end:second.span.start]
    if between.count("\n") > 1 or not _ONLY_IDS.match(between.strip() or "."):
        return False
    if second.fields != PrintedFields() and first.fields != PrintedFields():
        return False
    if second.malformed or first.malformed:
        return False
    clash = _clash(Ids(first.pmid, first.doi, first.pmcid), Ids(second.pmid, second.doi, second.pmcid))
    line_text = article.text[second.span.start:article.text.find("\n", second.span.start)
                             if "\n" in article.text[second.span.start:] else len(article.text)]
    return not clash and (_ids_only(line_text.strip()) or "\n" not in between)


def _join(first: Citation, second: Citation) -> Citation:
    main = first if first.fields != PrintedFields() or second.fields == PrintedFields() else second
    span = Span(start=first.span.start, end=second.span.end, line=first.span.line, column=first.span.column)
    printed = main.printed if main.fields != PrintedFields() else f"{first.printed} {second.printed}"
    return main.model_copy(update={
        "printed": printed, "span": span,
        "pmid": first.pmid or second.pmid, "doi": first.doi or second.doi,
        "pmcid": first.pmcid or second.pmcid, "marker": first.marker or second.marker})


def _reference(article: Article, entry: list[_Line], number: int) -> Citation:
    first, last = entry[0], entry[-1]
    raw = first.text
    lead = len(raw) - len(raw.lstrip())
    body = raw.strip()
    label = _LABEL_ANYWHERE.match(body)
    skip = label.end() if label else 0
    numbering = _ENTRY_NUMBER.match(body[skip:])
    skip += numbering.end() if numbering else 0
    printed = _rejoin([body[skip:]] + [line.text.strip() for line in entry[1:]])
    start = first.start + lead + skip
    ids = extract_ids(printed)
    marker = re.search(r"\d+", numbering.group(0)) if numbering else None
    return Citation(id=f"c{number}", printed=printed, span=_span(article, start, last.end),
                    pmid=ids.pmid, doi=ids.doi, pmcid=ids.pmcid, fields=parse_reference(printed),
                    marker=int(marker.group(0)) if marker else None,
                    malformed=tuple(m.description for m in malformed_ids(printed)))


def _rejoin(parts: list[str]) -> str:
    """A wrapped reference on one line again; a DOI or URL broken after '/' or '-' is closed up."""
    text = parts[0]
    for part in parts[1:]:
        glue = "" if re.search(r"(?:10\.\d{4,9}/\S*|https?://\S*)[-/]$", text) else " "
        text = f"{text}{glue}{part}"
    return " ".join(text.split())


def _bare_ids(article: Article, line: _Line, number: int) -> list[Citation]:
    text = line.text[:MAX_LINE_FOR_PARSING * 20]
    found: list[Citation] = []
    for kind, value, printed, start, end in _printed_ids(text):
        found.append(Citation(id="", printed=printed, span=_span(article, line.start + start, line.start + end),
                              pmid=value if kind == "pmid" else None,
                              doi=value if kind == "doi" else None,
                              pmcid=value if kind == "pmcid" else None))
    for bad in malformed_ids(text):
        found.append(Citation(id="", printed=_clip(text[bad.start:bad.end]),
                              span=_span(article, line.start + bad.start, line.start + bad.end),
                              malformed=(bad.description,)))
    found.sort(key=lambda c: c.span.start)
    return [c.model_copy(update={"id": f"c{number + i}"}) for i, c in enumerate(found)]


@memo.kept_short  # a pure function of the line (verifier/memo.py)
def _printed_ids(text: str) -> tuple[tuple[str, str, str, int, int], ...]:
    """(kind, value, as printed, start, end) of each valid identifier in the line, kind by kind."""
    found = []
    for kind, regex in PATTERNS:
        for match in regex.finditer(text):
            value = clean(kind, match.group(1))
            if value is not None:
                found.append((kind, value, match.group(0).rstrip(TRAILING), match.start(), match.end()))
    return tuple(found)


_DOI_CUT = re.compile(r"\b10\.\d{4,9}/$")
_DOI_REST = re.compile(r"\s*([^\s\"<>]{0,120}\d[^\s\"<>]{0,120})(?!\S)")  # a DOI suffix holds a digit


def _doi_broken_over_lines(article: Article, line: _Line, following: list[_Line], number: int) -> list[Citation]:
    """A DOI cut after its '/' at the end of a line, its suffix opening the next (PDF columns)."""
    cut = _DOI_CUT.search(line.text.rstrip())
    rest = _DOI_REST.match(following[0].text) if cut and following else None
    value = clean("doi", cut.group(0) + rest.group(1)) if cut and rest else None
    if cut is None or rest is None or value is None:
        return []
    return [Citation(id=f"c{number}", printed=value, doi=value,
                     span=_span(article, line.start + cut.start(), following[0].start + rest.end()))]


@dataclass(frozen=True)
class Malformed:
    start: int
    end: int
    description: str


def _why_no_pmid(digits: str) -> str:
    if not digits.strip("0"):
        return "PMIDs start at 1"
    return f"{len(digits.lstrip('0')):,} digits; a PMID has 1 to {PMID_DIGITS}"


def malformed_ids(text: str) -> list[Malformed]:
    """Printed identifiers that cannot be what they claim: a PMID of 10 or more digits, a DOI
    longer than any DOI, a PMCID too long. They are reported (C105), never silently skipped."""
    return list(_malformed(text))


@memo.kept_short  # a pure function of the line (verifier/memo.py)
def _malformed(text: str) -> tuple[Malformed, ...]:
    found = []
    for match in LABELLED_PMID.finditer(text):
        if clean("pmid", match.group(1)) is None:
            found.append(Malformed(match.start(), match.end(), f"PMID {_clip(match.group(1), 24)} "
                                   f"({_why_no_pmid(match.group(1))})"))
    for match in DOI_RE.finditer(text):
        if clean("doi", match.group(1)) is None:
            end = match.end()
            while end < len(text) and not text[end].isspace():
                end += 1
            found.append(Malformed(match.start(), end, f"DOI {_clip(text[match.start():end], 40)} "
                                   f"({end - match.start():,} characters; not a DOI's shape)"))
    for match in LONG_PMCID.finditer(text):
        found.append(Malformed(match.start(), match.end(), f"PMCID {_clip(match.group(0), 24)} "
                               f"({len(match.group(1)):,} digits)"))
    return tuple(found)


def _clip(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True)
class Ids:
    pmid: str | None = None
    doi: str | None = None
    pmcid: str | None = None


@memo.kept_short  # a pure function of the string, answered with a frozen dataclass (verifier/memo.py)
def extract_ids(text: str) -> Ids:
    """The first valid PMID, DOI and PMCID in a reference string."""
    values: dict[str, str | None] = {}
    for kind, regex in PATTERNS:
        values[kind] = next((v for m in regex.finditer(text) if (v := clean(kind, m.group(1))) is not None), None)
    return Ids(**values)


@memo.kept  # a pure function of the string, answered with a frozen model (verifier/memo.py)
def parse_reference(text: str) -> PrintedFields:
    """Fields of a reference string in any common style (NLM, Vancouver, AMA, APA, Nature, ...):
    a CRF labels its words, rules take the identifiers (verifier.references)."""
    return references.parse(text)


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
        year_match = _MENTION_YEAR.match(article.text, match.end())
        year = int(year_match.group(1) or year_match.group(2)) if year_match else None
        target = _mention_target(match.group("surname"), match.start(), references, year)
        if target is not None:
            mentions[target.id].append(InTextMention(
                text=match.group(0), surname=match.group("surname"),
                span=_span(article, match.start(), match.end()), year=year))
    return tuple(c.model_copy(update={"in_text_mentions": tuple(mentions[c.id])})
                 if c.id in mentions else c for c in citations)


# the year printed after "Smith et al.": "(2020)", ", 2020)", " 2020;" inside brackets, never a
# count ("et al. 2000 patients") or a decade ("1990s")
_MENTION_YEAR = re.compile(r"\s?\(((?:19|20)\d{2})[a-z]?\)|,?\s{0,2}((?:19|20)\d{2})[a-z]?(?=\s*[);,\]])")


def _mention_target(surname: str, offset: int, references: list[Citation], year: int | None) -> Citation | None:
    namesakes = [c for c in references if c.fields.authors
                 and _same_name(c.fields.authors[0].last_name, surname)]
    same_year = [c for c in namesakes if year is not None and c.fields.year == year]
    if len(same_year) == 1:
        return same_year[0]
    following = [c for c in references if c.span.start > offset]
    section_reference = following[0] if following else None
    if section_reference is not None and section_reference in namesakes:
        return section_reference
    if namesakes:
        return min(namesakes, key=lambda c: abs(c.span.start - offset))
    return section_reference  # another name: linked all the same, so that C109 can say so


def _same_name(a: str, b: str) -> bool:
    """"van der Berg" and "Berg", "Smith-Jones" and "Smith-Jones": the last part of the surname."""
    last_a, last_b = fold(a).split()[-1:], fold(b).split()[-1:]
    return bool(last_a) and last_a == last_b


def citation_key(citation: Citation) -> str:
    return printed_key(citation.printed)


def printed_key(printed: str) -> str:
    """The citation as printed, folded: how a claim file names a citation across edits."""
    return fold(printed)


def citation_label(citation: Citation, record: Record | None = None) -> str:
    """"Zhang P 2023": first author and year as printed, for messages; a citation printing only
    an identifier is named by its record's first author and year, else by the identifier."""
    fields = citation.fields
    if not fields.authors and record is not None and record.authors:
        year = record.pub_date.year
        return f"{record.authors[0].short()} {year}" if year else record.authors[0].short()
    who = fields.authors[0].short() if fields.authors else _identifier_named(citation)
    return f"{who} {fields.year}" if fields.year else who


def _identifier_named(citation: Citation) -> str:
    if citation.pmid:
        return f"PMID {citation.pmid}"
    if citation.pmcid:
        return citation.pmcid
    return f"doi:{citation.doi}" if citation.doi else citation.id
