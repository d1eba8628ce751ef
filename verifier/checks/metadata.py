"""C1xx: the citation as printed against the PubMed record it points to."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from verifier import lazyre as re  # re, compiled on first use, with a literal pre-test (verifier/lazyre.py)
from verifier.checks.normalise import (
    fold,
    is_shortened,
    same_journal,
    same_surname,
    title_similarity,
)
from verifier.checks.printed import (
    LOCATED,
    RELATED,
    Place,
    PrintedReference,
    PrintedSource,
    lone_location,
    printed_sources,
    record_dates,
    unmistakable_pages,
)
from verifier.checks.registry import RULES, rule, run_family
from verifier.memo import cached_property
from verifier.models import (
    Citation,
    CitationStatus,
    Claim,
    Confidence,
    Finding,
    Record,
    Resolution,
    Severity,
    Span,
)
from verifier.parse import expand_pages

DIFFERENT_TITLE_BELOW = 0.5
ERROR, WARNING, INFO = Severity.error, Severity.warning, Severity.info
_BRACKETED = re.compile(r"^\[(.*)\]\.?$")
_ET_AL = re.compile(r"\bet\s+al\b|\.\s?\.\s?\.|…", re.I)
_GAP = re.compile(r"\.\s?\.\s?\.|…")


@dataclass(frozen=True)
class DescribedYear:
    """A claim that describes the study it cites by a year: "a 2020 Cochrane review found ... [3]"."""
    text: str
    year: int
    kind: str  # "review", "trial", ...: the kind of paper the claim says it is
    span: Span


@dataclass(frozen=True)
class CitationContext:
    citation: Citation
    resolution: Resolution
    described: tuple[DescribedYear, ...] = ()

    @property
    def record(self) -> Record | None:
        return self.resolution.record

    @cached_property
    def text(self) -> PrintedReference:
        return PrintedReference(self.citation.printed)

    @cached_property
    def title_place(self) -> Place | None:
        """Where the record's title stands in the printed string, if it is there at all."""
        title = record_title(self.record)
        if not title:
            return None
        place = self.text.locate(title)
        if place is None or place.score < RELATED or len(fold(place.text)) < 0.6 * len(fold(title)):
            return None
        return place

    @cached_property
    def parsed_title(self) -> str | None:
        """The parser's title, unless it is only identifiers or links (a bare 'PMID: N')."""
        title = self.citation.fields.title
        if not title:
            return None
        rest = PrintedReference(title).clean
        return title.strip().rstrip(".").strip() if sum(ch.isalpha() for ch in rest) >= 2 else None

    @cached_property
    def printed_titles(self) -> list[str]:
        """Candidates for the title as printed: the aligned part of the string, the parsed title."""
        candidates = [self.title_place.text if self.title_place else None, self.parsed_title,
                      self.slot_title]
        return [c for c in candidates if c]

    @cached_property
    def title_matches(self) -> bool:
        title = record_title(self.record)
        return bool(title) and any(fold(c) == fold(title) for c in self.printed_titles)

    @cached_property
    def wrong_paper(self) -> bool:
        """The id leads to a paper whose title has little to do with the printed one, and whose
        authors, journal and numbers do not make it the same paper (asked by most rules:
        computed once)."""
        title = record_title(self.record)
        printed = self.parsed_title or self.slot_title
        return bool(title and printed and self.title_place is None and not self.title_matches
                    and title_similarity(printed, title) < DIFFERENT_TITLE_BELOW
                    and not self.same_paper_otherwise)

    @cached_property
    def same_paper_otherwise(self) -> bool:
        """Everything but the title is the record's: its first author printed first, its journal,
        its year, and its volume or pages, or when it has neither its DOI (the same author's
        letter in the same journal that year would agree on all the rest). A short title changed
        whole ('Reply.' for 'Editorial.') is then a wrong title on the right paper, not another paper."""
        record = self.record
        if record is None or self.journal_place is None or not _year_agrees(self):
            return False
        if record.authors and not _first_author_printed_first(self):
            return False
        if not (record.volume or _page_values(record)):  # no numbers to tell two papers apart
            printed_doi = self.citation.doi
            return bool(printed_doi and record.doi and printed_doi.lower() == record.doi.lower())
        numbers = [_slot_agrees(self, "volume"), _pages_agree(self)]
        return any(numbers) and False not in numbers

    @cached_property
    def title_slot(self) -> Place | None:
        """Where the title stands when neither the record's title nor the parser's is found:
        after the record's last author printed (its initials, 'et al.', a bracketed year) and
        before the journal name."""
        record, journal = self.record, self.journal_place
        if record is None or journal is None or self.title_place is not None or self.parsed_title:
            return None
        start = 0
        located = locate_authors(self, Place(0, journal.start, self.citation.printed[:journal.start]))
        places = [(n, p) for n, p in located if p is not None]
        if record.authors and not places:
            return None
        if places:
            number, last = max(places, key=lambda item: item[1].end)
            start = last.end + _after_name(self.citation.printed[last.end:journal.start],
                                           record.authors[number].initials)
        text = self.citation.printed[start:journal.start]
        stripped = text.strip(" .,;:")
        if sum(ch.isalpha() for ch in stripped) < 2:
            return None
        begin = start + text.index(stripped)
        return Place(begin, begin + len(stripped), stripped)

    @property
    def slot_title(self) -> str | None:
        return self.title_slot.text if self.title_slot else None

    @cached_property
    def author_region(self) -> Place:
        """The printed text before the title: where every style puts the authors."""
        end = len(self.citation.printed)
        if self.title_place is not None:
            end = self.title_place.start
        elif self.parsed_title and (at := self.citation.printed.find(self.parsed_title)) >= 0:
            end = at
        elif self.title_slot is not None:
            end = self.title_slot.start
        if self.journal_place is not None:
            end = min(end, self.journal_place.start)
        return Place(0, end, self.citation.printed[:end])

    @cached_property
    def journal_place(self) -> Place | None:
        """The first place the record's journal name is printed, outside the title."""
        places = [p for name in journal_names(self.record)
                  for p in self.text.find_outside(name, self.title_place)]
        return min(places, key=lambda p: p.start) if places else None

    @cached_property
    def source(self) -> PrintedSource | None:
        """Volume, issue and pages as printed after the record's journal name. Of the readings
        the print allows, the one that agrees best with the record is taken (every slot is still
        compared); a record with no volume yet reads one lone value as its pages."""
        record = self.record
        if record is None:
            return None
        for name in sorted(journal_names(record), key=len, reverse=True):
            places = self.text.find_outside(name, self.title_place)
            if places:
                return _best_reading(self.text.clean, places[-1].end, record)
        if not journal_names(record) and self.title_place is not None:  # a record with no journal
            return _best_reading(self.text.clean, self.title_place.end, record)
        return None

    @cached_property
    def located_authors(self) -> list[tuple[int, Place | None]]:
        """Each record author and where the surname (or collective name) is printed."""
        return locate_authors(self, self.author_region)

    @cached_property
    def authors_printed(self) -> bool:
        """Authors are printed when the parser found some or text stands before the title."""
        region = PrintedReference(self.author_region.text).clean
        return bool(self.citation.fields.authors) or sum(ch.isalpha() for ch in region) >= 2


def locate_authors(ctx: CitationContext, region: Place) -> list[tuple[int, Place | None]]:
    """Each record author and where in `region` the surname (or collective name) is printed."""
    record = ctx.record
    if record is None:
        return []
    located: list[tuple[int, Place | None]] = []
    used: set[int] = set()
    cursor = region.start
    for number, author in enumerate(record.authors):
        places = ctx.text.find(author.last_name, region.start, region.end)
        if not places and author.collective:
            place = ctx.text.locate(author.last_name, region.start, region.end)
            places = [place] if place and place.score >= LOCATED else []
        free = [p for p in places if p.start not in used]
        chosen = next((p for p in free if p.start >= cursor), free[0] if free else None)
        if chosen is not None:
            used.add(chosen.start)
            cursor = max(cursor, chosen.end)
        located.append((number, chosen))
    return located


_NAME_TAIL = re.compile(r"(?:[\s,.;:&]+|et\s+al\b|and\b|(?:Jr|Sr|II|III|IV|2nd|3rd)\b"
                        r"|\([^()]{0,30}(?:1[89]|20)\d\d[^()]{0,30}\))", re.I)


def _after_name(text: str, initials: str) -> int:
    """How many characters after a printed surname still belong to the author list: the
    author's own initials in any printed form ('NG', 'N. G.', 'N.-G.'), suffixes, 'et al.',
    the bracketed year of author-date styles and the punctuation between them."""
    at = 0
    own = re.compile(r"\s*,?\s*" + r"[.\s-]*".join(re.escape(ch) for ch in initials if ch.isalpha())
                     + r"\.?(?![A-Za-z])") if any(ch.isalpha() for ch in initials) else None
    if own is not None and (match := own.match(text)):
        at = match.end()
    while match := _NAME_TAIL.match(text, at):
        if match.end() == at:
            break
        at = match.end()
    return at


def _best_reading(text: str, after: int, record: Record) -> PrintedSource | None:
    readings = printed_sources(text, after)
    usual = readings[0] if readings else None
    if not record.volume and (usual is None or usual.pages is None):
        lone = lone_location(text, after)
        if lone is not None:
            return PrintedSource(None, None, lone)
    if len(readings) < 2:
        return usual
    return max(readings, key=lambda reading: _agreement(reading, record))


def _agreement(reading: PrintedSource, record: Record) -> int:
    """Slots of a reading that agree with the record, less those that do not."""
    score = 0
    for place, value in ((reading.volume, record.volume), (reading.issue, record.issue)):
        if place is not None and value:
            score += 1 if fold(place.text) == fold(value) else -1
    if reading.pages is not None and _page_values(record):
        score += 1 if _pages_match(expand_pages(reading.pages.text) or reading.pages.text, record) else -1
    return score


def journal_names(record: Record | None) -> list[str]:
    """Every name the record's journal goes by: ISO and NLM abbreviations, the full title."""
    if record is None:
        return []
    names = [record.journal_iso, record.medline_ta, record.journal_title,
             re.sub(r"\s*\(.*\)\s*$", "", record.journal_title)]
    return [n for n in dict.fromkeys(names) if n]


def record_title(record: Record | None) -> str:
    """The record's title without the brackets PubMed puts round a translated title."""
    if record is None:
        return ""
    title = record.title.strip()
    bracketed = _BRACKETED.match(title)
    return bracketed.group(1) if bracketed else title


def finding(code: str, ctx: CitationContext, message: str, *, field: str | None = None,
            expected: object = None, found: object = None, span: Span | None = None,
            confidence: Confidence | None = None) -> Finding:
    spec = RULES[code]
    record = ctx.record
    if record is not None and record.source != "PubMed" and record.source not in message:
        message = f"{message} ({record.source} record)"  # every verdict names what it was checked on
    return Finding(code=code, name=spec.name, severity=spec.severity,
                   confidence=confidence or spec.confidence, message=message,
                   citation_id=ctx.citation.id, field=field,
                   expected=None if expected is None else str(expected),
                   found=None if found is None else str(found),
                   span=span or ctx.citation.span)


def _compared(ctx: CitationContext) -> Record | None:
    """The record to compare fields with, unless it is the wrong paper altogether."""
    return None if ctx.wrong_paper else ctx.record


def _has_journal(record: Record) -> bool:
    """Books have no journal, volume or pages to compare."""
    return bool(record.journal_iso or record.journal_title or record.medline_ta)


@rule("C101", "id-not-found", ERROR, "The printed PMID, DOI or PMCID matches no PubMed record "
      "(a DOI: and no DOI registry knows it, when Crossref is asked).")
def id_not_found(ctx: CitationContext) -> Iterator[Finding]:
    """An identifier that leads nowhere sends readers to nothing; it is reported only when
    PubMed answered that the id does not exist, never when the lookup failed. A DOI PubMed
    does not index may still be a real paper: with Crossref asked, only "no such DOI" (no
    registration agency knows it) is reported."""
    res = ctx.resolution
    if res.status == "not_found" and res.method in ("pmid", "doi", "pmcid"):
        value = getattr(ctx.citation, res.method)
        no_such = res.method == "doi" and res.reason.startswith("no such DOI")  # Crossref was asked too
        said = f": {res.reason}" if no_such else " matches no PubMed record"
        yield finding("C101", ctx, f"{res.method.upper()} {value}{said}", field=res.method, found=value)


@rule("C102", "id-conflict", ERROR, "The printed DOI or PMCID is not the one the record carries.")
def id_conflict(ctx: CitationContext) -> Iterator[Finding]:
    """Two identifiers in one citation that belong to different papers mean at least one is
    wrong; readers following either may land on the wrong paper."""
    record = _compared(ctx)
    if record is None:
        return
    printed_doi = ctx.citation.doi
    if printed_doi and record.doi and printed_doi.lower() != record.doi.lower():
        yield finding("C102", ctx, f"printed DOI {printed_doi} is not the record's DOI {record.doi}",
                      field="doi", expected=record.doi, found=printed_doi)
    printed_pmcid = ctx.citation.pmcid
    if printed_pmcid and record.pmcid and printed_pmcid.upper() != record.pmcid.upper():
        yield finding("C102", ctx, f"printed PMCID {printed_pmcid} is not the record's "
                      f"PMCID {record.pmcid}", field="pmcid", expected=record.pmcid,
                      found=printed_pmcid)


@rule("C103", "wrong-paper", ERROR, "The identifier leads to a different paper than the one described.")
def wrong_paper(ctx: CitationContext) -> Iterator[Finding]:
    """When the record's title is nowhere in the printed string and the printed title shares
    little with it, the identifier points at another paper: the other field comparisons would
    be noise, so only this is reported. When everything else printed is the record's (first
    author, journal, year, volume or pages), it is the right paper with a wrong title: C104."""
    if not ctx.wrong_paper or ctx.record is None:
        return
    field = ctx.resolution.method if ctx.resolution.method not in ("none", "citmatch") else "pmid"
    printed = ctx.parsed_title or ""
    score = title_similarity(printed, ctx.record.title)
    value = getattr(ctx.citation, field, None) or ctx.record.pmid
    yield finding("C103", ctx, f"{field.upper()} {value} is a different paper: "
                  f"\"{ctx.record.title}\"; printed title \"{_clip(printed)}\" "
                  f"(title similarity {score:.2f})",
                  field=field, expected=ctx.record.title, found=printed)


@rule("C104", "title-reworded", WARNING, "The printed title is a shortened or reworded form of the real one.")
def title_reworded(ctx: CitationContext) -> Iterator[Finding]:
    """A title that differs beyond case, punctuation and diacritics is not the title of record;
    machine-spun titles ('sufferers' for 'patients') are a sign of a copied, paraphrased page.
    When the parser finds no title, what stands between the record's authors and its journal
    is the printed title."""
    record, title = _compared(ctx), record_title(ctx.record)
    if record is None or not title or not ctx.printed_titles or ctx.title_matches:
        return
    printed = max(ctx.printed_titles, key=lambda c: title_similarity(c, title))
    score = title_similarity(printed, title)
    kind = "shortened" if is_shortened(printed, title) else \
        "reworded" if score >= DIFFERENT_TITLE_BELOW else "differs"
    yield finding("C104", ctx, f"title {kind} (similarity {score:.2f}): printed \"{_clip(printed)}\"; "
                  f"record: \"{record.title}\"", field="title", expected=record.title, found=printed)


@rule("C105", "malformed-identifier", ERROR, "A printed PMID, DOI or PMCID cannot be an identifier.")
def malformed_identifier(ctx: CitationContext) -> Iterator[Finding]:
    """A PMID of twelve digits or a DOI of ten thousand characters points nowhere; readers and
    indexers cannot follow it. It is named, not skipped as if it were not there."""
    for description in ctx.citation.malformed:
        yield finding("C105", ctx, f"{description} cannot be an identifier", field="id", found=description)


def _first_printed_name(ctx: CitationContext) -> str:
    """The first author as printed: the text before the title, up to the first break."""
    region = PrintedReference(ctx.author_region.text).clean.strip()
    return _clip(re.split(r"[,;.&]| and ", region, maxsplit=1)[0].strip(), 60)


def _first_author_printed_first(ctx: CitationContext) -> bool:
    """The record's first surname is printed, and only initials or numbering stand before it."""
    first = ctx.located_authors[0][1] if ctx.located_authors else None
    if first is None:
        return False
    before = PrintedReference(ctx.citation.printed[ctx.author_region.start:first.start]).clean
    return re.search(r"[a-z]", before) is None


@rule("C106", "first-author-mismatch", ERROR, "The first author printed is not the record's first author.")
def first_author(ctx: CitationContext) -> Iterator[Finding]:
    """The first author's surname is how a paper is found and named ('Smith et al.'). The
    record's first surname must stand before every other author of the record."""
    record = _compared(ctx)
    if record is None or not record.authors or not ctx.authors_printed:
        return
    if _first_author_printed_first(ctx):
        return
    printed = _first_printed_name(ctx)
    yield finding("C106", ctx, f"first author printed as {printed}, record has "
                  f"{record.authors[0].short()}", field="authors",
                  expected=record.authors[0].short(), found=printed)


@rule("C107", "author-list-mismatch", WARNING, "Authors are missing, added or out of order.")
def author_list(ctx: CitationContext) -> Iterator[Finding]:
    """A reference that drops, adds or reorders authors misattributes the work. A list ended
    with 'et al.' (or cut with '...') is compared only as far as it goes."""
    record = _compared(ctx)
    if record is None or len(record.authors) < 2 or not ctx.authors_printed:
        return
    if not _first_author_printed_first(ctx):
        return  # C106 reports it
    located = ctx.located_authors
    region = ctx.author_region.text
    shortened = bool(_ET_AL.search(region)) or ctx.citation.fields.authors_truncated \
        or not record.authors_complete
    gap = bool(_GAP.search(region))
    found = [n for n, p in located if p is not None]
    missing = [record.authors[n].last_name for n, p in located if p is None]
    in_order = [p.start for _, p in located if p is not None] == \
        sorted(p.start for _, p in located if p is not None)
    if shortened:
        missing = [] if gap else [record.authors[n].last_name for n in range(max(found) + 1)
                                  if located[n][1] is None]
    added = _added_authors(ctx)
    if in_order and not missing and not added and (shortened or len(found) == len(record.authors)):
        return
    problems = [f"missing {', '.join(missing)}"] * bool(missing) + \
        [f"not in the record {', '.join(added)}"] * bool(added) + ["out of order"] * (not in_order)
    yield finding("C107", ctx, f"author list differs ({'; '.join(problems)}): printed "
                  f"\"{_clip(region.strip(' .,;'), 160)}\", record {len(record.authors)} "
                  f"({', '.join(a.last_name for a in record.authors)})", field="authors",
                  expected=", ".join(a.short() for a in record.authors), found=region.strip(" .,;"))


def _added_authors(ctx: CitationContext) -> list[str]:
    """Parsed surnames printed before the title that are no author's name in the record."""
    record, region = ctx.record, ctx.author_region
    if record is None:
        return []
    known = {fold(a.last_name) for a in record.authors}
    known |= {fold(part) for a in record.authors for part in a.last_name.split()}
    added = []
    for author in ctx.citation.fields.authors:
        name = fold(author.last_name)
        if (_looks_like_surname(author.last_name) and name not in known and not author.collective
                and ctx.text.find(author.last_name, region.start, region.end)):
            added.append(author.last_name)
    return added


def _looks_like_surname(name: str) -> bool:
    """Not initials ('M. A.', 'MA') nor a stray particle: a word with a lower-case letter."""
    return any(len(word) >= 2 and any(ch.islower() for ch in word) for word in re.findall(r"\w+", name))


_INITIALS_AFTER = re.compile(r"^\s*,?\s*((?:[A-Z]\.?\s?-?){1,4})(?![a-z'’])")
_INITIALS_BEFORE = re.compile(r"(?<![A-Za-z])((?:[A-Z]\.?\s?-?){1,4})\s*$")


@rule("C108", "author-initials-mismatch", WARNING, "An author's initials differ from the record's.")
def initials(ctx: CitationContext) -> Iterator[Finding]:
    """Wrong initials make a citation point at a different person of the same surname. The
    initials printed next to the record's surname (after it, or before it in 'M. A. Islam')
    are compared; full fore names are not."""
    record = _compared(ctx)
    if record is None:
        return
    region_end = ctx.author_region.end
    printed = ctx.citation.printed
    for number, place in ctx.located_authors:
        author = record.authors[number]
        if place is None or author.collective or not author.initials.isupper():
            continue
        after = _INITIALS_AFTER.match(printed[place.end:region_end])
        before = _INITIALS_BEFORE.search(printed[max(0, place.start - 12):place.start])
        letters = [re.sub(r"[^A-Z]", "", m.group(1)) for m in (after, before) if m]
        if not letters or author.initials.upper() in letters:
            continue
        if after is None:
            continue
        shown = f"{place.text} {after.group(1).strip()}"
        yield finding("C108", ctx, f"initials of {place.text}: printed \"{shown}\", record "
                      f"{author.initials}", field="initials", expected=author.short(), found=shown)


@rule("C109", "in-text-name-mismatch", WARNING, "An in-text 'X et al.' does not name the first author.",
      confidence=Confidence.medium)
def in_text_name(ctx: CitationContext) -> Iterator[Finding]:
    """'Hetta et al.' in the text must name the first author of the paper it stands for;
    mentions are linked to their section's reference, so this is of medium confidence."""
    record = _compared(ctx)
    first = record.authors[0].last_name if record and record.authors else None
    if first is None:
        return
    for mention in ctx.citation.in_text_mentions:
        if not same_surname(mention.surname, first):
            yield finding("C109", ctx, f"in-text \"{mention.text}\" but the first author is {first}",
                          field="in_text_name", expected=first, found=mention.surname,
                          span=mention.span)


@rule("C122", "in-text-year-mismatch", WARNING, "An in-text 'X et al. (year)' gives another year than the paper's.",
      confidence=Confidence.medium)
def in_text_year(ctx: CitationContext) -> Iterator[Finding]:
    """'Islam et al. (2021)' for a paper of 2023 sends readers to another paper, or to none;
    a year that agrees with the reference as printed but not the record is the reference's own
    error (C110)."""
    record = _compared(ctx)
    if record is None or not (years := _record_years(record)):
        return
    for mention in ctx.citation.in_text_mentions:
        if mention.year is None or mention.year in years or mention.year == ctx.citation.fields.year:
            continue
        if record.authors and not same_surname(mention.surname, record.authors[0].last_name):
            continue  # another name: C109 says so, and the year may be that other paper's
        shown = record.pub_date.year or min(years)
        yield finding("C122", ctx, f"in-text \"{mention.text} ({mention.year})\" but the paper is from {shown}",
                      field="in_text_year", expected=str(shown), found=str(mention.year), span=mention.span)


@rule("C123", "described-year-mismatch", WARNING,
      "A claim describes the study it cites by another year ('a 2020 review' for a 2015 paper).",
      confidence=Confidence.medium)
def described_year(ctx: CitationContext) -> Iterator[Finding]:
    """"A 2020 Cochrane review found ... [3]" beside a reference to a 2015 review: the reader is
    told of newer (or older) evidence than the paper cited. Only a claim that cites this one
    paper by a marker, a link or an author-year is read, only when it gives one year, and only
    when it names the paper's own kind: "a 2015 trial found ..." citing a review may be that
    review's account of an older trial. A year that agrees with the reference as printed but not
    the record is the reference's own error (C110)."""
    record = _compared(ctx)
    if record is None or not (years := _record_years(record)):
        return
    review = bool(set(record.publication_types) & _REVIEW_TYPES)
    for described in ctx.described:
        if described.year in years or described.year == ctx.citation.fields.year:
            continue
        if (described.kind in _REVIEW_WORDS) != review:
            continue  # another kind of paper: perhaps one the cited paper reports on
        shown = record.pub_date.year or min(years)
        yield finding("C123", ctx, f"described as \"{described.text}\" but the paper is from {shown}",
                      field="described_year", expected=str(shown), found=str(described.year), span=described.span)


_REVIEW_TYPES = frozenset({"Review", "Systematic Review", "Meta-Analysis", "Network Meta-Analysis", "Scoping Review"})
_REVIEW_WORDS = frozenset({"review", "meta-analysis"})
_KIND = r"(?P<kind{n}>study|trial|review|meta-analysis|analysis|paper)"
# "a 2020 Cochrane review", "the 2019 trial", "a study published in 2018": a paper named by its
# year; not "a 2000 patient trial" (a count) or "a study from 2015 to 2019" (the years it covers)
_COUNTED = r"(?!\s+(?:patients?|participants?|people|persons?|subjects?|women|men|adults|children|cases)\b)"
_DESCRIBED_BY_YEAR = re.compile(
    r"\b(?:[Aa]n?|[Tt]he|[Oo]ne|[Aa]nother)\s+(?:(?:new|recent|large|small|major)\s+)?(?P<y1>(?:19|20)\d{2})"
    + _COUNTED +
    r"\s+(?:[\w\-]+\s+){0,3}?" + _KIND.format(n=1) + r"\b"
    r"|\b(?:(?:[Aa]n?|[Tt]he|[Oo]ne|[Aa]nother)\s+)?" + _KIND.format(n=2)
    + r"\s+(?:(?:was\s+)?published\s+in|from)\s+(?P<y2>(?:19|20)\d{2})\b"
    r"(?!\s*(?:to|through|until|and|-|–)\s*(?:19|20)?\d{2}|\s+on(?:wards?)?\s*[,.]|\s+onwards?\b)")
# A claim that speaks of a second paper ("updated in 2023", "by the same team", "unlike a 2017
# meta-analysis, the new review") may give the year of that other paper. Read in the claim
# without the paper it describes by a year ("a new 2019 review" is that paper, not another).
_PAPER = r"(?:study|trial|review|meta-analysis|analysis|paper)\b(?!\s+(?:drugs?|groups?|arms?|population|participants"
_PAPER += r"|patients|period|sites?|protocol|medications?|treatments?|visits?)\b)"
_ANOTHER_PAPER = re.compile(
    r"\b(?:updat(?:e[sd]?|ing)|same\s+(?:team|group|authors?|researchers)|unlike)\b"
    r"|\b(?:earlier|previous|prior|original|new(?:er)?|latest|follow[\s-]?up)\s+(?:[\w-]+\s+)?" + _PAPER, re.I)
_ANY_YEAR = re.compile(r"(?<![\d,.])(?:19|20)\d{2}(?![\d,])" + _COUNTED)
_PAPER_NOUN = re.compile(r"\b(?:an?|the|this|that|another|one)\s+(?:[\w-]+\s+){0,3}?" + _PAPER, re.I)
_EXPLICIT = ("marker", "hyperlink", "author-year")  # ties that name the paper, not ones made by default


def described_years(claims: tuple[Claim, ...], citation_id: str) -> tuple[DescribedYear, ...]:
    """The claims citing only this paper, explicitly, that describe it by one year."""
    found = []
    for claim in claims:
        if claim.citation_ids != (citation_id,) or not claim.linked_by or not claim.linked_by[0].startswith(_EXPLICIT):
            continue
        matches = list(_DESCRIBED_BY_YEAR.finditer(claim.text))
        if len({m.group("y1") or m.group("y2") for m in matches}) == 1 and _about_one_paper(claim.text, matches[0]):
            first = matches[0]
            found.append(DescribedYear(first.group(0), int(first.group("y1") or first.group("y2")),
                                       (first.group("kind1") or first.group("kind2")).casefold(), claim.span))
    return tuple(found)


def _about_one_paper(text: str, described: re.Match[str]) -> bool:
    """Nothing but the described paper: a second year, a second paper named or words for another
    paper leave which paper the year is of unknown."""
    rest = text[:described.start()] + " " + text[described.end():]
    return not (_ANY_YEAR.search(rest) or _PAPER_NOUN.search(rest) or _ANOTHER_PAPER.search(rest))


def _record_years(record: Record) -> set[int]:
    dates = (record.pub_date, *record.article_dates)
    years = {d.year for d in dates if d.year}
    return years | {year for year, _ in record_dates([d.text for d in dates])}


def _year_agrees(ctx: CitationContext) -> bool:
    """One of the record's years is printed outside the title and the volume."""
    record = ctx.record
    if record is None:
        return False
    years = _record_years(record)
    return any(int(p.text) in years for p in _printed_years(ctx))


def _printed_years(ctx: CitationContext) -> list[Place]:
    volume = ctx.source.volume if ctx.source else None
    return [p for p in ctx.text.years if _outside_title(ctx, p)
            and not (volume and volume.start <= p.start < volume.end)]


def _outside_title(ctx: CitationContext, place: Place) -> bool:
    title = ctx.title_place
    return title is None or place.end <= title.start or place.start >= title.end


@rule("C110", "year-mismatch", ERROR, "The printed year is neither the print nor the electronic year.")
def year(ctx: CitationContext) -> Iterator[Finding]:
    """The year is part of how a reference is found; either publication date is accepted, and
    a year printed anywhere outside the title counts (a date range, an Epub date)."""
    record = _compared(ctx)
    if record is None:
        return
    years = _record_years(record)
    printed = _printed_years(ctx)
    if not years or not printed or any(int(p.text) in years for p in printed):
        return
    parsed = ctx.citation.fields.year
    shown = str(parsed) if parsed and any(p.text == str(parsed) for p in printed) else printed[0].text
    yield finding("C110", ctx, f"year printed as {shown}, record has "
                  f"{' or '.join(str(y) for y in sorted(years))}", field="year",
                  expected=record.pub_date.year or min(years), found=shown)


@rule("C111", "date-mismatch", WARNING, "The printed month or day matches neither publication date.")
def month_day(ctx: CitationContext) -> Iterator[Finding]:
    """A wrong month or day is minor, but it shows the reference was not taken from the record.
    Month ranges and seasons ('1999 Jul-Aug', '2024 Winter-Spring') match any month they cover."""
    record = _compared(ctx)
    if record is None:
        return
    known = _record_months(record)
    printed = [d for d in ctx.text.dates if _outside_title(ctx, d.place) and known.get(d.year)]
    if not printed:
        return
    same_month = [d for d in printed if d.months & known[d.year][0]]
    if not same_month:
        shown = printed[0]
        yield finding("C111", ctx, f"month printed as \"{shown.place.text}\", record has "
                      f"{_record_date_text(record)}", field="month",
                      expected=_record_date_text(record), found=shown.place.text)
        return
    days = known[same_month[0].year][1]
    dated = [d for d in same_month if d.day is not None]
    if days and dated and not any(d.day in days for d in dated):
        yield finding("C111", ctx, f"day printed as \"{dated[0].place.text}\", record has "
                      f"{_record_date_text(record)}", field="day",
                      expected=_record_date_text(record), found=dated[0].place.text)


def _record_months(record: Record) -> dict[int, tuple[frozenset[int], set[int]]]:
    """Year -> (months, days) the record's publication dates allow."""
    known: dict[int, tuple[frozenset[int], set[int]]] = {}
    for date in (record.pub_date, *record.article_dates):
        found = record_dates([date.text]) if date.text else []
        if date.year and date.month:
            found.append((date.year, frozenset({date.month})))
        for year_, months in found:
            if not months:
                continue
            old_months, days = known.get(year_, (frozenset(), set()))
            if date.day and date.year == year_ and date.month in months:
                days.add(date.day)
            known[year_] = (old_months | months, days)
    return known


def _record_date_text(record: Record) -> str:
    texts = [d.text for d in (record.pub_date, *record.article_dates) if d.text]
    return " or ".join(dict.fromkeys(texts)) or str(record.pub_date.year)


@rule("C112", "journal-mismatch", ERROR, "The printed journal is not the record's journal.")
def journal(ctx: CitationContext) -> Iterator[Finding]:
    """The journal is accepted as its full title, ISO abbreviation or NLM title abbreviation,
    printed anywhere outside the title."""
    record, printed = _compared(ctx), ctx.citation.fields.journal
    if record is None or not printed or not _has_journal(record):
        return
    names = journal_names(record)
    if ctx.journal_place is not None:
        return
    if not same_journal(printed, *names):
        yield finding("C112", ctx, f"journal printed as \"{printed}\", record has "
                      f"\"{record.medline_ta or record.journal_iso}\" ({record.journal_title})",
                      field="journal", expected=record.medline_ta or record.journal_iso,
                      found=printed)


def _printed_field(ctx: CitationContext, name: str) -> str | None:
    """The parser's reading of a field, else what stands in its place after the journal name;
    that place when it holds the parser's reading and more ('S1046-6618(16)00002-5' where
    the parser took 'S1046-6618'), so the text is shown as printed."""
    parsed: str | None = getattr(ctx.citation.fields, name)
    place: Place | None = getattr(ctx.source, name) if ctx.source else None
    if parsed and place is not None and len(place.text) > len(parsed) and parsed in place.text:
        return place.text
    if parsed:
        return parsed
    return place.text if place else None


def _printed_elsewhere(ctx: CitationContext, values: list[str], field: str) -> bool:
    """Is one of the record's values printed outside the title, the other number fields and
    the dates? (The day of '2016 Jan 1' is not a first page 1, the year of '(2016)' not a
    volume 2016.)"""
    others = [getattr(ctx.source, name) for name in ("volume", "issue", "pages") if name != field] \
        if ctx.source else []
    holes = [p for p in others if p is not None] + ctx.text.years + [d.place for d in ctx.text.dates]
    return any(not any(h.start <= place.start < h.end for h in holes)
               for v in values if v for place in ctx.text.find_outside(v, ctx.title_place))


@rule("C113", "volume-mismatch", ERROR, "The printed volume is not the record's.")
def volume(ctx: CitationContext) -> Iterator[Finding]:
    """A wrong volume sends a reader to the wrong issue of the journal. An ahead-of-print
    record has no volume yet, and nothing is compared."""
    if (differs := _slot_differs(ctx, "volume")) is not None:
        actual, printed = differs
        yield finding("C113", ctx, f"volume printed as {printed}, record has {actual}",
                      field="volume", expected=actual, found=printed)


@rule("C114", "issue-mismatch", WARNING, "The printed issue is not the record's.")
def issue(ctx: CitationContext) -> Iterator[Finding]:
    """Issue numbers are often dropped or invented by citation generators; reported when the
    record has one and it is printed differently."""
    if (differs := _slot_differs(ctx, "issue")) is not None:
        actual, printed = differs
        yield finding("C114", ctx, f"issue printed as {printed}, record has {actual}",
                      field="issue", expected=actual, found=printed)


def _slot_differs(ctx: CitationContext, name: str) -> tuple[str, str] | None:
    """(record value, printed value) of a journal slot (volume, issue) printed differently and
    nowhere else in the string; None when it matches, was not printed or the record has none."""
    record, printed = _compared(ctx), _printed_field(ctx, name)
    actual = getattr(record, name) if record is not None else None
    if record is None or not actual or not printed or record.kind != "article":
        return None
    if fold(printed) == fold(actual) or _printed_elsewhere(ctx, [actual], name):
        return None
    return actual, printed


def _slot_agrees(ctx: CitationContext, name: str) -> bool | None:
    """Does the printed volume (or issue) agree with the record's? None when either is absent."""
    record = ctx.record
    printed = _printed_field(ctx, name)
    actual = getattr(record, name) if record is not None else None
    if not actual or not printed:
        return None
    return fold(printed) == fold(actual) or _printed_elsewhere(ctx, [actual], name)


def _pages_agree(ctx: CitationContext) -> bool | None:
    """Do the printed pages agree with the record's? None when either is absent."""
    record = ctx.record
    printed = _printed_field(ctx, "pages")
    if record is None or not printed or not _page_values(record):
        return None
    return _pages_match(expand_pages(printed) or printed, record) \
        or _printed_elsewhere(ctx, _page_values(record), "pages")


@rule("C115", "pages-mismatch", ERROR, "The printed pages or article number are not the record's.")
def pages(ctx: CitationContext) -> Iterator[Finding]:
    """Pages are compared by their first page ('188-91' and '188-191' agree); an article number
    may match the record's pagination or its electronic location id. A record located only by
    its DOI has no pages to compare."""
    record, printed = _compared(ctx), _printed_field(ctx, "pages")
    if record is None or not printed or not _has_journal(record):
        return
    locations = _page_values(record)
    if not locations:
        return
    expanded = expand_pages(printed) or printed
    if _pages_match(expanded, record) or _printed_elsewhere(ctx, locations, "pages"):
        return
    if any(unmistakable_pages(v) and ctx.text.find_outside(v, ctx.title_place) for v in locations):
        return  # a PII printed whole, wherever a parser split it into "volume(issue)pages"
    yield finding("C115", ctx, f"pages printed as {printed}, record has "
                  f"{record.pages or ', '.join(locations)}", field="pages",
                  expected=record.pages or locations[0], found=printed)


def _page_values(record: Record) -> list[str]:
    """The record's first page and every electronic location id that is not a DOI."""
    values = [record.first_page or ""] + [e for e in record.elocation_ids if not e.startswith("10.")]
    return [v for v in values if v]


def _pages_match(printed: str, record: Record) -> bool:
    if fold(printed) in {fold(v) for v in (record.pages, *_page_values(record)) if v}:
        return True
    first = re.split(r"\s*-\s*", printed, maxsplit=1)[0]
    return fold(first) in {fold(v) for v in _page_values(record)}


def _clip(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


@rule("C116", "retracted", ERROR, "The cited paper has been retracted.")
def retracted(ctx: CitationContext) -> Iterator[Finding]:
    """A retracted paper is not evidence for anything. PubMed links the retraction notice;
    Crossref's notices (the publisher's, and Retraction Watch's) are read too, since PubMed's
    links may lag."""
    record = ctx.record
    if record is None:
        return
    notices = [c for c in record.corrections if c.kind == "RetractionIn"]
    if notices or "Retracted Publication" in record.publication_types:
        where = notices[0].source if notices else "publication type Retracted Publication"
        yield finding("C116", ctx, f"{record.label} is retracted ({where})", field="pmid",
                      found=record.pmid or record.doi)


@rule("C117", "erratum", INFO, "An erratum has been published for the cited paper.")
def erratum(ctx: CitationContext) -> Iterator[Finding]:
    """An erratum may change the figures an article quotes; worth a look, not an error. From
    PubMed's links or Crossref's correction notices."""
    for notice in (c for c in (ctx.record.corrections if ctx.record else ()) if c.kind == "ErratumIn"):
        yield finding("C117", ctx, f"erratum published: {notice.source}", field="pmid",
                      found=notice.pmid)


@rule("C118", "expression-of-concern", WARNING, "An expression of concern is attached to the cited paper.")
def concern(ctx: CitationContext) -> Iterator[Finding]:
    """Editors have publicly questioned the paper's reliability (PubMed's link or Crossref's
    notice)."""
    record = ctx.record
    for notice in (c for c in (record.corrections if record else ()) if c.kind ==
                   "ExpressionOfConcernIn"):
        yield finding("C118", ctx, f"expression of concern: {notice.source}", field="pmid",
                      found=notice.pmid)


@rule("C119", "reference-unresolvable", WARNING, "A reference without ids matches no PubMed record.")
def unresolvable(ctx: CitationContext) -> Iterator[Finding]:
    """ECitMatch (journal, year, volume, page, author) and the title search (title, first
    author, year) found nothing: the reference is wrong or not indexed in PubMed."""
    res = ctx.resolution
    if res.method == "citmatch" and res.status == "not_found":
        yield finding("C119", ctx, res.reason or "no PubMed record matches this reference", field="reference")


@rule("C120", "reference-resolved", INFO, "A reference without ids was matched to a PubMed record.")
def resolved(ctx: CitationContext) -> Iterator[Finding]:
    """Tells the reader which record a reference without identifiers was checked against."""
    res = ctx.resolution
    if res.method == "citmatch" and res.record is not None:
        how = f" {res.reason}" if res.reason else ""
        yield finding("C120", ctx, f"reference matched to PMID {res.record.pmid}{how}", field="pmid",
                      expected=res.record.pmid)


@rule("C121", "citation-unverified", WARNING, "The record could not be obtained, so nothing was checked.")
def unverified(ctx: CitationContext) -> Iterator[Finding]:
    """A citation that could not be checked must never pass silently; the reason is given
    (offline, not in the snapshot, lookup failed)."""
    res = ctx.resolution
    if res.status == "unavailable":
        yield finding("C121", ctx, f"not verified: {res.reason}", field=None)
    elif res.status == "no_ids":
        yield finding("C121", ctx, f"not verified: {res.reason}", field=None,
                      confidence=Confidence.medium)


def check_citation(citation: Citation, resolution: Resolution, described: tuple[DescribedYear, ...] = ()
                   ) -> tuple[list[Finding], CitationStatus]:
    ctx = CitationContext(citation, resolution, described)
    findings = run_family("C", ctx, citation.span, citation_id=citation.id)
    return findings, citation_status(resolution, findings)


def citation_status(resolution: Resolution, findings: list[Finding]) -> CitationStatus:
    if resolution.status == "unavailable":
        return CitationStatus.unverified
    if resolution.status == "no_ids" or (resolution.method == "citmatch"
                                         and resolution.status == "not_found"):
        return CitationStatus.unresolved
    if any(f.severity != Severity.info and f.code != "C121" for f in findings):
        return CitationStatus.mismatch
    return CitationStatus.verified if resolution.record is not None else CitationStatus.mismatch
