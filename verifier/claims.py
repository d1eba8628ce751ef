"""Claims: the sentences that assert something, what they assert, and the citations they rest on.

A claim rests on the citations named in it ("Islam et al. found ...") and on the reference that
closes its section (seed 001 ends each section with "Source: ..."; seed 000 with "Reference").
A reference that is part of a list of references closes no section: claims before a list are
tied to it only by name. A claim with no citation is kept and marked.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from verifier.checks.normalise import fold
from verifier.citations import MENTION_RE
from verifier.ingest import position
from verifier.language import PATTERNS, CueKind, find_cues, strength_from_cues
from verifier.models import (
    Article,
    Citation,
    Claim,
    ClaimCue,
    ClaimKind,
    NumberMention,
    Population,
    Span,
)

MAX_SENTENCE = 2000
_BOUNDARY = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_NOT_AN_END = re.compile(
    r"(?:\bet al|\be\.g|\bi\.e|\bvs|\bDr|\bFig|\bNo|\bapprox|\bca|\bSt|\bMr|\bMrs|\bProf|\b[A-Z])$")
_BULLET = re.compile(r"^\s*(?:[•\-*·▪●◦]|\d{1,2}[.)])\s+")
_NUMBER = re.compile(
    r"(?P<approx>\b(?:approximately|about|around|roughly|nearly|almost|some|circa|~)\s+)?"
    r"(?<![\w.])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w.]\d)"
    r"(?P<unit>\s?%|\s?percent\b|\s?per cent\b)?"
    r"(?P<noun>\s+(?:of\s+)?(?:the\s+)?(?:\w+\s+)?(?:patients|participants|people|individuals|subjects"
    r"|sufferers|adults|children|women|men|studies|trials|cases|persons))?",
    re.IGNORECASE)
_CLAUSE_SPLIT = re.compile(r"[,;]|\b(?:and|while|whereas|but|compared|versus|vs)\b", re.I)
_ATTRIBUTION = re.compile(
    r"according to (?:the )?(?:authors?|researchers?|study|review|analysis|investigators)"
    r"|\b(?:the|these) (?:authors?|researchers?|investigators) (?:\w+ )?(?:believe|conclude|concluded"
    r"|report|reported|note|noted|say|said|found|find|suggest|suggested|describe|anticipate|argue)"
    r"|\b(?:the|this) (?:study|analysis|review|meta-analysis|trial|research|paper)"
    r" (?:\w+ )?(?:found|finds|showed|shows|reported|reports|demonstrated|concluded|suggests|revealed)"
    r"|\b[A-Z][\w'’\-]+ et al\.? (?:\w+ )?(?:found|find|report|reported|conclude|concluded|show|showed"
    r"|suggest|suggested|note|noted|observed|describe|assess|examine)"
    r"|\bin this (?:meta-analysis|study|trial|review|analysis)", re.I)
_ANIMAL = re.compile(r"\b(?:mice|mouse|murine|rats?|rodents?|animals?|porcine|pigs?|canine|dogs?"
                     r"|rabbits?|primates?|zebrafish|sheep|in vivo|(?:\w+ )?models?)\b", re.I)
_IN_VITRO = re.compile(r"\b(?:in vitro|cell cultures?|cultured|laboratory studies|petri)\b", re.I)
_HUMAN = re.compile(r"\b(?:patients?|people|participants?|individuals|humans?|adults?|children"
                    r"|women|men|sufferers|persons?|volunteers|clinical (?:trials?|settings?|studies))\b",
                    re.I)
_MECHANISM = re.compile(r"\b(?:mechanisms?|pathways?|cytokines?|signal(?:l)?ing|immune|interleukin"
                        r"|receptors?|secret\w+|paracrine|exosomes?|molecules?|express\w*|proteins?"
                        r"|differentiat\w+|genes?|inflammat\w+|macrophages?|T cells?|(?:growth |neurotrophic )?factors?"
                        r"|angiogenesis|vesicles?|secretomes?)\b", re.I)
_CONDITION_HEAD = re.compile(
    r"diseases?|syndromes?|disorders?|injur(?:y|ies)|sclerosis|arthritis|osteoarthritis|cancers?"
    r"|tumou?rs?|illness|infections?|failure|deficiency|dysfunction|pain|diabetes|parkinson s?"
    r"|parkinsons?|alzheimers?|lupus|spondylitis|osteoporosis|dementia|depression|asthma|stroke"
    r"|obesity|hypertension|dermatomyositis|polymyositis")
_ACRONYM = re.compile(r"\((?P<abbr>[A-Z][A-Za-z0-9\-]{1,9}?)s?\)")
_WORDS_BEFORE = re.compile(r"((?:[A-Za-z][\w\-’']*\s+){1,6})$")
GENERIC = frozenset({
    "a", "an", "the", "of", "in", "on", "for", "and", "or", "with", "to", "from", "by", "at", "as",
    "is", "are", "be", "its", "their", "this", "that", "these", "those", "therapy", "therapies",
    "treatment", "treatments", "review", "systematic", "meta", "analysis", "study", "studies",
    "clinical", "trial", "trials", "patients", "patient", "role", "progress", "focus", "potential",
    "mechanisms", "mechanism", "advances", "current", "future", "challenges", "prospective", "new",
    "novel", "use", "using", "based", "derived", "promoting", "disease", "diseases",
    "first", "human", "pilot", "primary", "remedy", "were", "was", "have", "been", "than",
    "into", "also", "about", "approximately", "around", "nearly", "roughly", "found", "showed",
    "case", "report", "series", "versus",
})


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def split_sentences(text: str, start: int = 0) -> Iterator[Sentence]:
    """Sentences of one paragraph; no sentence crosses a line break."""
    cursor = 0
    for match in _BOUNDARY.finditer(text):
        stop = match.start() + 1
        if _NOT_AN_END.search(text[cursor:match.start()]):
            continue
        yield from _sentence(text, cursor, stop, start)
        cursor = match.end()
    yield from _sentence(text, cursor, len(text), start)


def _sentence(text: str, begin: int, stop: int, offset: int) -> Iterator[Sentence]:
    piece = text[begin:stop]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    if piece:
        yield Sentence(piece, offset + begin + lead, offset + begin + lead + len(piece))


def article_sentences(article: Article, citations: tuple[Citation, ...],
                      index: CitationIndex | None = None) -> Iterator[Sentence]:
    """Sentences of the article's prose: reference lines and headings are not prose."""
    index = index or CitationIndex.build(article, citations)
    offset = 0
    for line in article.text.split("\n"):
        begin, offset = offset, offset + len(line) + 1
        if index.overlaps(begin, begin + len(line)):
            continue
        bullet = _BULLET.match(line)
        body_start = bullet.end() if bullet else 0
        body = line[body_start:]
        if _is_heading(body):
            continue
        yield from split_sentences(body[:MAX_SENTENCE * 50], begin + body_start)


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    return not stripped or (stripped[-1] not in ".!?:;\"”’)" and len(stripped.split()) < 16)


def extract_claims(article: Article, citations: tuple[Citation, ...],
                   index: CitationIndex | None = None) -> tuple[Claim, ...]:
    index = index or CitationIndex.build(article, citations)
    acronyms = defined_acronyms(article.text)
    topics = {c.id: Topic.of(_title(c), acronyms) for c in citations}
    claims: list[Claim] = []
    for sentence in article_sentences(article, citations, index):
        text = sentence.text[:MAX_SENTENCE]
        cues = find_cues(text)
        level = strength_from_cues(text, cues)
        numbers = tuple(find_numbers(text))
        hype = any(c.kind == CueKind.hype for c in cues)
        if level == 0 and not hype and not any(n.unit == "%" for n in numbers):
            continue
        cited, how = index.cited_by(sentence)
        words = sentence_terms(text) if cited else set()
        topical = any(topics[cid].named_in(words) for cid in cited)
        said_by = attribution(text)
        line, column = position(article, sentence.start)
        claims.append(Claim(
            id=f"k{len(claims) + 1}", text=text,
            span=Span(start=sentence.start, end=sentence.start + len(text), line=line, column=column),
            kind=claim_kind(text, cues, numbers), strength=level,
            cues=tuple(ClaimCue(kind=c.kind.value, text=c.text) for c in cues),
            numbers=numbers, population=population(text), attribution=said_by,
            citation_ids=tuple(cited), linked_by=tuple(how),
            topical=topical or bool(said_by) or not cited))
    return tuple(claims)


_RISK = re.compile(r"\b(?:risks?|odds|incidence|mortality|death rates?|chances? of (?:dying|death|developing))\b", re.I)
_HARM_WORDS = re.compile(r"\b(?:side[- ]effects?|adverse|safe|safety|tolerat\w+|complications?|toxicit\w+"
                         r"|embolism)\b", re.I)
_TREATS = re.compile(r"\b(?:(?:is|are) effective (?:in|for|at)|treat(?:s|ing)?|managing|cures?)\b", re.I)


def claim_kind(text: str, cues: list, numbers: tuple[NumberMention, ...]) -> ClaimKind:  # type: ignore[type-arg]
    """A risk claim ("reduces the risk of death") is about an outcome's frequency, not about the
    treatment's harms: it is judged as an effect claim, not as a safety claim."""
    kinds = {c.kind for c in cues}
    if _RISK.search(text) and not _HARM_WORDS.search(text):
        return ClaimKind.risk
    if CueKind.comparative in kinds:
        return ClaimKind.comparative
    if kinds & {CueKind.safety, CueKind.safety_absolute}:
        return ClaimKind.safety
    if any(n.unit == "%" for n in numbers):
        return ClaimKind.statistic
    if _MECHANISM.search(text) and not _TREATS.search(text):
        return ClaimKind.mechanism
    if CueKind.advice in kinds:
        return ClaimKind.advice
    return ClaimKind.efficacy


def population(text: str) -> Population:
    found: set[Population] = set()
    if _ANIMAL.search(text):
        found.add(Population.animal)
    if _IN_VITRO.search(text):
        found.add(Population.in_vitro)
    if _HUMAN.search(text):
        found.add(Population.human)
    if not found:
        return Population.unspecified
    return found.pop() if len(found) == 1 else Population.mixed


def attribution(text: str) -> str | None:
    match = _ATTRIBUTION.search(text)
    return match.group(0) if match else None


_DIGIT = re.compile(r"\d")


def find_numbers(text: str) -> Iterator[NumberMention]:
    if _DIGIT.search(text) is None:  # most sentences have no figure at all
        return
    for match in _NUMBER.finditer(text):
        unit = "%" if match.group("unit") else ""
        if not unit and not match.group("noun"):
            continue
        raw = match.group("num").replace(",", "")
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        yield NumberMention(text=match.group(0).strip(), value=float(raw), unit=unit,  # type: ignore[arg-type]
                            decimals=decimals, approximate=bool(match.group("approx")),
                            context=clause_words(text, match.start("num"), match.end()))


def clause_words(text: str, start: int, end: int) -> tuple[str, ...]:
    """Stems of the content words in the clause around a figure."""
    left = [m.end() for m in _CLAUSE_SPLIT.finditer(text, 0, start)]
    right = _CLAUSE_SPLIT.search(text, end)
    clause = text[left[-1] if left else 0:right.start() if right else len(text)]
    return tuple(sorted({w[:5] for w in fold(clause).split()
                         if len(w) > 3 and not w.isdigit() and w not in GENERIC}))


def defined_acronyms(text: str) -> dict[str, frozenset[str]]:
    """"mesenchymal stem cells (MSCs)" -> {"MSC": {"mesenc", "stem", "cells"}}: the long form's
    words, as many as the acronym has letters."""
    found: dict[str, frozenset[str]] = {}
    for match in _ACRONYM.finditer(text):
        before = _WORDS_BEFORE.search(text, max(match.start() - 120, 0), match.start())
        if before is None:
            continue
        abbr = match.group("abbr").rstrip("s")
        words = fold(before.group(1)).split()[-max(len(abbr), 1):]
        found.setdefault(abbr.upper(), frozenset(_stem(w) for w in words if w not in GENERIC))
    return found


def condition_terms(text: str) -> set[str]:
    """Stems of the disease phrases in a title: "knee osteoarthritis", "spinal cord injury"; a
    phrase runs back from its head word to the nearest function word ("for", "in", "of")."""
    words = fold(text).split()
    terms: set[str] = set()
    for index, word in enumerate(words):
        if not _CONDITION_HEAD.fullmatch(word):
            continue
        terms.add(_stem(word))
        for lead in reversed(words[max(index - 3, 0):index]):
            if lead in GENERIC or len(lead) <= 2:
                break
            terms.add(_stem(lead))
    return terms


def intervention_terms(title: str, acronyms: dict[str, frozenset[str]]) -> set[str]:
    """What the cited study is about, minus the condition: "mesenchymal stem cell" and "MSC"."""
    conditions = condition_terms(title)
    terms = {_stem(w) for w in fold(title).split() if w not in GENERIC and len(w) > 2} - conditions
    for abbr, expansion in acronyms.items():
        if expansion and len(expansion & terms) * 2 >= len(expansion) and not expansion & conditions:
            terms.add(abbr.casefold())
    return terms


def sentence_terms(sentence: str) -> set[str]:
    words = {_stem(w) for w in fold(sentence).split()}
    acronyms = re.findall(r"\b[A-Z][A-Za-z0-9]{0,8}[A-Z]s?\b", sentence)
    return words | {w.rstrip("s").casefold() for w in acronyms}


@dataclass(frozen=True)
class Topic:
    """What a cited study is about, computed once per citation."""

    terms: frozenset[str]
    acronyms: frozenset[str]
    lead: str | None

    @classmethod
    def of(cls, title: str, acronyms: dict[str, frozenset[str]]) -> Topic:
        terms = intervention_terms(title, acronyms)
        lead = next((_stem(w) for w in fold(title).split() if _stem(w) in terms), None)
        return cls(frozenset(terms), frozenset(a.casefold() for a in acronyms), lead)

    def named_in(self, words: set[str]) -> bool:
        """The sentence names the intervention: one of its acronyms, two of its words ("stem
        cells"), or the title's leading term ("Curcumin reduces ...")."""
        shared = self.terms & words
        return (bool(shared & self.acronyms) or len(shared) >= min(2, len(self.terms))
                or self.lead in shared)


def _stem(word: str) -> str:
    return word[:6]


def _title(citation: Citation) -> str:
    return citation.fields.title or citation.printed


def _only_space_between(text: str, first: Citation, second: Citation) -> bool:
    gap = text[first.span.end:second.span.start]
    return bool(_LIST_GAP.fullmatch(gap))


_LIST_GAP = re.compile(r"\s*(?:(?:references?|sources?):?\s*)?(?:\[?\d{1,4}[.)\]]\s*)?", re.I)
SECTION_WINDOW = 50_000  # characters before a closing reference searched for its study's description


@dataclass(frozen=True)
class CitationIndex:
    """Every way a sentence can point at a citation, indexed once per article, so that linking
    stays linear in the number of sentences and citations."""

    ordered: tuple[Citation, ...]
    starts: tuple[int, ...]
    closing: tuple[Citation, ...]
    closing_starts: tuple[int, ...]
    mentions: tuple[tuple[int, str], ...]
    by_marker: dict[int, tuple[str, ...]]
    by_author_year: dict[tuple[str, int], tuple[str, ...]]

    @classmethod
    def build(cls, article: Article, citations: tuple[Citation, ...]) -> CitationIndex:
        ordered = tuple(sorted(citations, key=lambda c: c.span.start))
        in_list: set[str] = set()
        for a, b in pairwise(ordered):
            if _only_space_between(article.text, a, b):
                in_list |= {a.id, b.id}
        closing = tuple(c for c in ordered if c.id not in in_list)
        markers: dict[int, list[str]] = {}
        years: dict[tuple[str, int], list[str]] = {}
        for c in ordered:
            if c.marker is not None:
                markers.setdefault(c.marker, []).append(c.id)
            key = _author_year(c)
            if key is not None:
                years.setdefault(key, []).append(c.id)
        mentions = tuple(sorted((m.span.start, c.id) for c in ordered for m in c.in_text_mentions))
        return cls(ordered=ordered, starts=tuple(c.span.start for c in ordered), closing=closing,
                   closing_starts=tuple(c.span.start for c in closing), mentions=mentions,
                   by_marker={k: tuple(v) for k, v in markers.items()},
                   by_author_year={k: tuple(v) for k, v in years.items()})

    def overlaps(self, begin: int, end: int) -> bool:
        """Does a citation's printed span touch the line [begin, end)? Spans do not overlap one
        another, so only the last citation starting before `end` can."""
        at = bisect_left(self.starts, max(end, begin + 1)) - 1
        return at >= 0 and self.ordered[at].span.end > begin

    def section_start(self, citation: Citation) -> int:
        """Where the section this citation closes begins: after the previous closing reference."""
        at = bisect_left(self.closing_starts, citation.span.start) - 1
        start = self.closing[at].span.end if at >= 0 else 0
        return max(start, citation.span.start - SECTION_WINDOW)

    def is_closing(self, citation: Citation) -> bool:
        at = bisect_left(self.closing_starts, citation.span.start)
        return at < len(self.closing) and self.closing[at].id == citation.id

    def cited_by(self, sentence: Sentence) -> tuple[list[str], list[str]]:
        cited: list[str] = []
        how: list[str] = []

        def add(cid: str, reason: str) -> None:
            if cid not in cited:
                cited.append(cid)
                how.append(reason)

        first = bisect_left(self.mentions, (sentence.start, ""))
        for offset, cid in self.mentions[first:]:
            if offset >= sentence.end:
                break
            add(cid, "named")
        for number in sorted(reference_markers(sentence.text)):
            for cid in self.by_marker.get(number, ()):
                add(cid, f"marker [{number}]")
        for key in sorted(author_years(sentence.text)):
            for cid in self.by_author_year.get(key, ()):
                add(cid, "author-year")
        at = bisect_left(self.closing_starts, sentence.end)
        if at < len(self.closing):
            add(self.closing[at].id, "section source")
        if not cited and MENTION_RE.search(sentence.text):
            how.append("names an author with no matching reference")
        return cited, how


_MARKER = re.compile(r"\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3}){0,20})\]")


def reference_markers(text: str) -> set[int]:
    """Numbers cited by "[3]", "[1, 4]" or "[2-5]" markers."""
    numbers: set[int] = set()
    for match in _MARKER.finditer(text):
        for part in re.split(r"\s*,\s*", match.group(1)):
            ends = [int(n) for n in re.split(r"\s*[–-]\s*", part)]
            if len(ends) == 2 and 0 <= ends[1] - ends[0] <= 50:
                numbers.update(range(ends[0], ends[1] + 1))
            else:
                numbers.update(ends)
    return numbers


_SURNAME = r"[A-Z][a-zà-ÿ'’\-]+"
_AUTHOR_YEAR = re.compile(rf"\b({_SURNAME})(?:\s+(?:et al\.?|and {_SURNAME}))?,?\s+\(?((?:19|20)\d{{2}})\)?")


def author_years(text: str) -> set[tuple[str, int]]:
    """("smith", 2020) for "Smith et al., 2020", "(Smith 2020)" or "Smith and Jones (2020)"."""
    return {(fold(m.group(1)), int(m.group(2))) for m in _AUTHOR_YEAR.finditer(text)}


def _author_year(citation: Citation) -> tuple[str, int] | None:
    fields = citation.fields
    if not fields.authors or fields.year is None:
        return None
    return fold(fields.authors[0].last_name), fields.year


_DESIGN_WORDS = re.compile(r"\b(?:trial|study|review|meta-analysis|analysis|enrolled|randomi[sz]ed|"
                           r"pilot|cohort|participants|patients were|mice|rats|in vitro)\b", re.I)


def describing_sentences(article: Article, citation: Citation, index: CitationIndex) -> list[str]:
    """Sentences that describe the cited study: those naming its authors, and, when the
    citation closes a section, the section's sentences with design words."""
    names = {m.surname for m in citation.in_text_mentions}
    chosen = []
    windows = [(index.section_start(citation), citation.span.start)] if index.is_closing(citation) else []
    windows += [_line_around(article.text, m.span.start) for m in citation.in_text_mentions]
    for begin, end in dict.fromkeys(windows):
        for line in article.text[begin:end].split("\n"):
            for sentence in split_sentences(line):
                named = any(n in sentence.text for n in names)
                future = PATTERNS[CueKind.need].search(sentence.text)  # "trials will be needed"
                if (named or _DESIGN_WORDS.search(sentence.text)) and not future:
                    chosen.append(sentence.text[:MAX_SENTENCE])
    return list(dict.fromkeys(chosen))


def _line_around(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end
