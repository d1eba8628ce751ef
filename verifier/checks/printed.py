"""Where a record's values stand in a printed reference.

The C1xx rules look for the record's own title, surnames, dates, volume and pages in the
string as printed, instead of trusting the parser's reading of it: a parsing slip then never
becomes a mismatch, and what a rule reports is the text as it was printed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from verifier import lazyre as re  # re, compiled on first use, with a literal pre-test (verifier/lazyre.py)
from verifier import memo
from verifier.checks.normalise import fold
from verifier.memo import cached_property

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-"})
# Parts of a printed reference that are not bibliographic fields: identifiers, links, access
# dates. They are blanked (same length, so offsets stay valid) before fields are looked for.
_NOT_FIELDS = re.compile(
    r"https?://\S+|\bwww\.\S+|\b(?:[a-z0-9-]+\.)+(?:gov|org|com|net|edu|int|io|uk|de|fr|nl|au|ca|ch|jp|cn|eu)/\S*"
    r"|\b(?:doi|DOI)\s*:?\s*10\.\d{4,9}/\S+|\b10\.\d{4,9}/\S+"
    r"|\bPMC(?:ID)?\s*:?\s*(?:PMC)?\d+|\bPMID\s*:?\s*\d+"
    r"|\[(?:cited|accessed)[^\]]{0,40}\]|\(?\b(?:accessed|retrieved|cited)\b:?\s[^.;)]{0,40}[.;)]?",
    re.I)
YEAR_RE = re.compile(r"(?<![\d.])(1[89]\d\d|20\d\d)(?![\d])")
MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
          "sep": 9, "oct": 10, "nov": 11, "dec": 12}
SEASONS = {"winter": (12, 1, 2), "spring": (3, 4, 5), "summer": (6, 7, 8), "fall": (9, 10, 11),
           "autumn": (9, 10, 11)}
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|winter|spring|summer|fall|autumn)")
_Y = r"(?P<year>1[89]\d\d|20\d\d)"
_M = rf"(?P<month>{_MONTH})(?![a-z])\.?(?:\s*[-/]\s*(?P<month2>{_MONTH})(?![a-z])\.?)?"
_D = r"(?P<day>\d{1,2})(?!\d)"
DATE_FORMS = [re.compile(p, re.I) for p in (
    rf"\b{_Y}[,\s]+{_M}(?:\s+{_D})?",          # 2023 Sep 30; (2023, September 30); 1999 Jul-Aug
    rf"\b{_M}\s+{_D},?\s+{_Y}",                # Sep 30, 2023
    rf"\b{_D}\s+{_M},?\s+{_Y}",                # 30 Sep 2023
    rf"\b{_M},?\s+{_Y}",                       # September 2023
)]
LOCATED = 90.0
RELATED = 70.0


def months_of(word: str) -> frozenset[int]:
    """Month numbers a printed month or season name stands for."""
    word = word.casefold().rstrip(".")
    if word in SEASONS:
        return frozenset(SEASONS[word])
    number = MONTHS.get(word[:3])
    return frozenset({number}) if number else frozenset()


@dataclass(frozen=True)
class Folded:
    """Folded text (see normalise.fold) with the original offset of every character."""

    text: str
    origin: tuple[int, ...]

    def original(self, start: int, end: int) -> tuple[int, int]:
        if start >= end or start >= len(self.origin):
            return (0, 0)
        return self.origin[start], self.origin[end - 1] + 1


@memo.kept  # a pure function of the printed string, answered with a frozen value (verifier/memo.py)
def fold_keeping_offsets(text: str) -> Folded:
    return _fold_ascii(text) if text.isascii() else _fold_any(text)


_ASCII_UNITS = re.compile(r"[A-Za-z0-9_]+|&")


def _fold_ascii(text: str) -> Folded:
    """`_fold_any` for ASCII text, a run of word characters at a time: each run lower-cased,
    "&" read as "and", one space between units, standing where the gap (or the "&") began.
    Nothing in ASCII decomposes, combines or changes length when case-folded."""
    pieces: list[str] = []
    origin: list[int] = []
    gap = 0
    for unit in _ASCII_UNITS.finditer(text):
        start, end = unit.span()
        word = unit.group()
        if pieces:
            pieces.append(" ")
            origin.append(gap)
        if word == "&":
            pieces.append("and")
            origin += (start, start, start)
            gap = start
        else:
            pieces.append(word.lower())
            origin += range(start, end)
            gap = end
    return Folded("".join(pieces), tuple(origin))


def _fold_any(text: str) -> Folded:
    """Every character normalised (NFKD), case-folded, combining marks dropped; what is not a
    word character becomes one space between words."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text.translate(_QUOTES)):
        pieces = " and " if char == "&" else unicodedata.normalize("NFKD", char)
        for piece in pieces.casefold():
            if unicodedata.combining(piece):
                continue
            keep = piece if (piece.isalnum() or piece == "_") else " "
            if keep == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(keep)
            origin.append(index)
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return Folded("".join(chars), tuple(origin))


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    text: str
    score: float = 100.0


def whole_words(needle: str, text: str) -> Iterator[tuple[int, int]]:
    """The spans `re.finditer(rf"(?<!\\w){re.escape(needle)}(?!\\w)", text)` gives, found with
    str.find: that pattern is new for every record value and article, and compiling it was
    about a sixth of checking a citation. `\\w` is a character for which str.isalnum() holds,
    or "_" (re's Unicode word test); matches do not overlap, as finditer's."""
    size, at = len(needle), text.find(needle)
    while at >= 0:
        upto = at + size
        if not (at and _word(text[at - 1])) and not (upto < len(text) and _word(text[upto])):
            yield at, upto
            at = text.find(needle, upto)
        else:
            at = text.find(needle, at + 1)


def _word(character: str) -> bool:
    return character.isalnum() or character == "_"


class PrintedReference:
    """A printed reference string, searchable for a record's values."""

    def __init__(self, printed: str) -> None:
        self.raw = printed
        self.clean = _NOT_FIELDS.sub(lambda m: " " * len(m.group(0)), printed)
        self.folded = fold_keeping_offsets(self.clean)

    def find(self, value: str, start: int = 0, end: int | None = None) -> list[Place]:
        """Every whole-word occurrence of `value` (folded) within [start, end) of the original."""
        needle = fold(value)
        if not needle:
            return []
        end = len(self.raw) if end is None else end
        places = []
        for at, upto in whole_words(needle, self.folded.text):
            first, last = self.folded.original(at, upto)
            if first >= start and last <= end:
                places.append(Place(first, last, self.raw[first:last]))
        return places

    def find_outside(self, value: str, hole: Place | None) -> list[Place]:
        return [p for p in self.find(value) if hole is None or p.end <= hole.start or p.start >= hole.end]

    def locate(self, phrase: str, start: int = 0, end: int | None = None) -> Place | None:
        """Where the text best aligns with `phrase` (exact, else fuzzy), with its score 0-100."""
        exact = self.find(phrase, start, end)
        if exact:
            return exact[0]
        needle = fold(phrase)
        first, last = self._folded_bounds(start, len(self.raw) if end is None else end)
        haystack = self.folded.text[first:last]
        if not needle or not haystack:
            return None
        from rapidfuzz import fuzz  # (here: most audits align nothing fuzzily; its import is ~9 ms)

        found = fuzz.partial_ratio_alignment(needle, haystack)
        if found is None:
            return None
        begin, stop = _word_bounds(haystack, found.dest_start, found.dest_end)
        s, e = self.folded.original(first + begin, first + stop)
        return Place(s, e, self.raw[s:e], found.score)

    def _folded_bounds(self, start: int, end: int) -> tuple[int, int]:
        origin = self.folded.origin
        first = next((i for i, o in enumerate(origin) if o >= start), len(origin))
        last = next((i for i, o in enumerate(origin) if o >= end), len(origin))
        return first, last

    @cached_property
    def years(self) -> list[Place]:
        return [Place(m.start(), m.end(), m.group(0)) for m in YEAR_RE.finditer(self.clean)]

    @cached_property
    def dates(self) -> list[PrintedDate]:
        """Every printed date with a month or season, in any of the usual orders."""
        found: dict[int, PrintedDate] = {}
        for form in DATE_FORMS:
            for m in form.finditer(self.clean):
                if any(d.place.start <= m.start() < d.place.end for d in found.values()):
                    continue
                months = months_of(m.group("month"))
                if m.groupdict().get("month2"):
                    months |= months_of(m.group("month2"))
                day = m.groupdict().get("day")
                found[m.start()] = PrintedDate(Place(m.start(), m.end(), m.group(0)),
                                               int(m.group("year")), months,
                                               int(day) if day else None)
        return [found[k] for k in sorted(found)]


@dataclass(frozen=True)
class PrintedDate:
    place: Place
    year: int
    months: frozenset[int]
    day: int | None


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1] != " ":
        start -= 1
    while end < len(text) and text[end] != " ":
        end += 1
    return start, end


def record_dates(texts: list[str]) -> list[tuple[int, frozenset[int]]]:
    """(year, months) for each year in a PubMed date text: "1998 Dec-1999 Jan" gives
    (1998, {12}) and (1999, {1}); "2024 Winter-Spring" gives (2024, winter and spring months)."""
    dates: list[tuple[int, frozenset[int]]] = []
    for text in texts:
        years = list(YEAR_RE.finditer(text))
        for number, match in enumerate(years):
            stop = years[number + 1].start() if number + 1 < len(years) else len(text)
            months: frozenset[int] = frozenset()
            for word in re.findall(r"[A-Za-z]+", text[match.end():stop]):
                months |= months_of(word)
            dates.append((int(match.group(0)), months))
    return dates


_LEAD = r"[\s.,;:)\]]*"
_LEAD_YEAR = (r"(?:\(?(?:1[89]|20)\d\d[a-z]?\)?(?:[\s,]+[A-Za-z]{3,9}\.?(?:\s*-\s*[A-Za-z]{3,9}\.?)?)?"
              r"(?:\s+\d{1,2}(?!\d))?[\s.,;:]*)?")
_NUMBERS = (
    r"(?:vol\.?\s*)?(?P<volume>[A-Za-z]?\d[\w.-]*?)(?=[\s(,:;.]|$)\s*(?:\((?P<issue>(?!(?:1[89]|20)\d\d\))[^()]{1,20})\))?"
    r"(?:\s*[,:]\s*(?:pp?\.\s*)?(?P<pages>[A-Za-z]{0,4}\d[\w.]*(?:\s*[-–]\s*[A-Za-z]{0,4}\d[\w.]*)?))?")
_SOURCE = re.compile(_LEAD + _LEAD_YEAR + _NUMBERS)
_SOURCE_NO_YEAR = re.compile(_LEAD + _NUMBERS)
# A year-shaped number then a comma and another number: the year ("J Med 2013, 381:12") or a
# volume named after its year ("Stem Cells Int. 2016, 1652389").
_YEAR_COMMA = re.compile(_LEAD + r"(?:1[89]|20)\d\d,\s*[A-Za-z]{0,4}\d")
# One run of characters after the journal name, then the year in brackets, a full stop or the end:
# "COPD 1-8 (2016)", "Med. Decis. Making 0272989X15622643 (2016)".
_LONE = re.compile(r"[\s.,;:]*(?P<value>[\w().\-]*\d[\w().\-]*?)[.,;]?"
                   r"(?=\s*\(\s*(?:1[89]|20)\d\d\s*\)|\s*$|\.\s)")


@dataclass(frozen=True)
class PrintedSource:
    """What follows a journal name: 'Lancet 2024; 403: 2133-61' or 'J. Clin. Med. 12, 6311'."""

    volume: Place | None
    issue: Place | None
    pages: Place | None


_NO_VOLUME = re.compile(r"[\s.,]*\(?(?:1[89]|20)\d\d[^;:]{0,20};\s*:\s*(?P<pages>[\w.\-]*\w)")


_UNMISTAKABLE_PAGES = re.compile(r"(?=.*[A-Za-z(])[\w().\-]{8,}")


def unmistakable_pages(value: str) -> bool:
    """A pagination no volume, issue or year could be mistaken for: eight characters or more
    with a letter or a bracket, such as the PII 'S0892-0362(16)30001-0' of an ahead-of-print
    record (short numbers like '12' could be the printed volume, so those need their slot)."""
    return bool(_UNMISTAKABLE_PAGES.fullmatch(value))


def printed_sources(text: str, after: int) -> list[PrintedSource]:
    """Every reading of the numbers printed after a journal name, the usual one first. A
    year-shaped number followed by a comma is read as the year, and also as the volume
    ("Stem Cells Int. 2016, 1652389 (2016)": volume 2016, article 1652389); the record decides."""
    usual = printed_source(text, after)
    readings = [usual] if usual is not None else []
    if _YEAR_COMMA.match(text, after) and (match := _SOURCE_NO_YEAR.match(text, after)):
        readings.append(_reading(match))
    return readings


def lone_location(text: str, after: int) -> Place | None:
    """The one value printed after a journal name when nothing else is ("COPD 1-8 (2016)"),
    shaped as pages or an article number: a range, a letter, or five characters or more. A
    bare number of up to four digits, with or without a bracketed issue, could as well be a
    volume, and is not taken."""
    match = _LONE.match(text, after)
    if match is None or re.fullmatch(r"\d{1,4}(?:\([^()]*\))?", match.group("value")):
        return None
    return Place(match.start("value"), match.end("value"), match.group("value"))


def _reading(match: re.Match[str]) -> PrintedSource:
    def place(group: str) -> Place | None:
        value = (match.group(group) or "").rstrip(".")
        start = match.start(group)
        return Place(start, start + len(value), value) if value else None

    return PrintedSource(place("volume"), place("issue"), place("pages"))


def printed_source(text: str, after: int) -> PrintedSource | None:
    bare = _NO_VOLUME.match(text, after)  # "2016 Jan 19;:jbc.M115.706879": no volume yet
    if bare is not None:
        return PrintedSource(None, None, Place(bare.start("pages"), bare.end("pages"), bare.group("pages")))
    match = _SOURCE.match(text, after)
    if match is None:
        return None
    reading = _reading(match)
    volume = reading.volume
    lead = text[match.start():volume.start] if volume else ""
    if volume and lead.rstrip().endswith(":"):  # "2016 Jan 11;:0272989X15622643": no volume
        return PrintedSource(None, None, volume)
    if volume and YEAR_RE.fullmatch(volume.text) and not YEAR_RE.search(lead):
        return None  # "Microbiol Immunol 2013." is a year, not a volume
    return reading
