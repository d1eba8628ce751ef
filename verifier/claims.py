"""Claims: the sentences that assert something, what they assert, and the citations they rest on.

A claim rests on the citations named in it ("Islam et al. found ...") and on the reference that
closes its section (seed 001 ends each section with "Source: ..."; seed 000 with "Reference").
A reference that is part of a list of references closes no section: claims before a list are
tied to it only by name. A claim with no citation is kept and marked.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from itertools import pairwise
from urllib.parse import unquote

import snowballstemmer

from verifier import lazyre as re  # re, compiled on first use, with a literal pre-test (verifier/lazyre.py)
from verifier import memo
from verifier.checks.normalise import fold
from verifier.citations import MENTION_RE, heads_a_citation
from verifier.claim_words import advises_on_health, extra_cues, promises_an_effect, states_a_finding
from verifier.ingest import position
from verifier.language import PATTERNS, Cue, CueKind, find_cues, strength_with_reasons
from verifier.memo import cached_property
from verifier.models import (
    Article,
    Citation,
    Claim,
    ClaimCue,
    ClaimKind,
    Link,
    NumberMention,
    Population,
    PrintedFields,
    Span,
)
from verifier.segmenter import segment

MAX_SENTENCE = 2000
MAX_FIGURE_DIGITS = 15  # digits before the point; Python's int() refuses strings over 4,300 digits
_BOUNDARY = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_NOT_AN_END = re.compile(
    r"(?:\bet al|\be\.g|\bi\.e|\bvs|\bDr|\bFig|\bNo|\bapprox|\bca|\bSt|\bMr|\bMrs|\bProf|\b[A-Z])$")
# a bullet, a check mark or arrow (glued to its word too: "✓Reduces"), a number or an outline
# number ("3.2.1."), a Markdown heading mark
_BULLET = re.compile(r"^\s*(?:[•\-*·▪●◦‣⁃○■□◆◇♦✓✔✗✘☑✅➤➔→►▶★☆]|\d{1,2}(?:\.\d{1,2}){0,3}[.)]|#{1,6})\s+"
                     r"|^\s*[✓✔☑✅➤➔→►▶★☆](?=\S)")
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_ENDS_SENTENCE = ".!?:;\"”’)]"
_WRAPPED_LINE = 55  # a line at least this long that stops mid-sentence was wrapped, not a heading
_SEGMENT_LIMIT = 20_000  # longer paragraphs (pasted dumps) fall back to the punctuation splitter
_NUMBER = re.compile(
    r"(?P<approx>\b(?:approximately|about|around|roughly|nearly|almost|some|circa|~)\s+)?"
    # at most MAX_FIGURE_DIGITS digits: a longer run of digits is not a figure anyone compares
    r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3}){1,4}|\d{1,15}(?:\.\d{1,12})?)(?![\w.,]\d)"
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
    heading: bool = False
    paragraph: int = 0


def split_sentences(text: str, start: int = 0) -> Iterator[Sentence]:
    """Sentences of one paragraph, from pysbd's rule-based segmenter (abbreviations, "et al.",
    decimals and initials are its Golden Rules, not a list kept here)."""
    if len(text) > _SEGMENT_LIMIT:
        yield from _punctuation_split(text, start)
        return
    cursor = 0
    held: tuple[int, int] | None = None  # a piece ending in "et al." that the next one may go on from
    for piece in segment(text):  # pysbd's sentences, computed faster (verifier/segmenter.py)
        stripped = piece.strip()
        if not stripped:
            continue
        at = text.find(stripped, cursor)
        if at < 0:  # the segmenter changed the text: fall back for the rest of the paragraph
            if held is not None:
                yield from _unglued(text[held[0]:held[1]], start + held[0])
            yield from _punctuation_split(text[cursor:], start + cursor)
            return
        cursor = at + len(stripped)
        if held is not None:
            if _GOES_ON_AFTER_ET_AL.match(stripped):  # "Haneef et al." / "’s analysis found ..."
                at = held[0]
            else:
                yield from _unglued(text[held[0]:held[1]], start + held[0])
            held = None
        if _ENDS_WITH_ET_AL.search(stripped):
            held = (at, cursor)
            continue
        yield from _unglued(text[at:cursor], start + at)
    if held is not None:
        yield from _unglued(text[held[0]:held[1]], start + held[0])


_ENDS_WITH_ET_AL = re.compile(r"\bet al\.$")
_GOES_ON_AFTER_ET_AL = re.compile(r"^(?:['’]s\b|[a-z(\[,;:])")  # a possessive, a lower-case word, a bracket


# "healthy diet.Tea drinkers": two sentences glued when a page's blocks were flattened
_GLUED = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z]|[A-Z]{2,}[a-z]{2}|(?:A|I)\s)")  # "...study.HONcode-endorsed"



# a marker the segmenter left at the start of the next sentence ("pressure.^1 They", "[^2] It")
_LEADING_MARKER = re.compile(r"^(?:\^\(?\d{1,3}(?:[,–-]\d{1,3})*\)?|\[\^?\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]"
                             r"|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻,]+)+(?=\s|$)")


def _markers_to_their_sentence(sentences: list[Sentence]) -> list[Sentence]:
    """Give a marker printed after a full stop back to the sentence it cites."""
    out: list[Sentence] = []
    for sentence in sentences:
        lead = _LEADING_MARKER.match(sentence.text)
        if lead is None or not out or out[-1].end > sentence.start:
            out.append(sentence)
            continue
        previous = out[-1]
        cut = lead.end()
        out[-1] = Sentence(previous.text + " " * (sentence.start - previous.end) + sentence.text[:cut],
                           previous.start, sentence.start + cut, previous.heading, previous.paragraph)
        rest = sentence.text[cut:]
        if rest.strip():
            skip = len(rest) - len(rest.lstrip())
            out.append(Sentence(rest.strip(), sentence.start + cut + skip, sentence.end, sentence.heading,
                                sentence.paragraph))
    return out


# "nursing home residents.1,2 High doses ...": a flattened superscript list or range after a full
# stop ends its sentence (the segmenter reads "1,2" as going on); not a page range ("pp.12-14")
_AFTER_SUPERSCRIPTS = re.compile(r"(?<=[a-z]{2}[.!?])(?<!pp\.)\d{1,3}(?:[,–-]\d{1,3})+\s+(?=[A-Z][a-z]|[A-Z]\s)")
# "caught measles in 2019.3 Most were": a year ending its sentence, then a flattened superscript.
# The year is one of a time phrase ("in", "during", "since", a month), so "2019.50 Euros" stays a number.
_YEAR_OF_A_TIME = (r"\b(?:in|during|since|until|before|after|throughout|by)\s+(?:(?:early|late|mid-?)\s*)?"
                   r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)?(?:19|20)\d\d\.")
_AFTER_A_YEAR = re.compile(_YEAR_OF_A_TIME + r"\d{1,2}(?:[,–-]\d{1,3})*\s+(?=[A-Z][a-z])", re.I)


def _unglued(sentence: str, start: int) -> Iterator[Sentence]:
    cuts = sorted({m.start() for m in _GLUED.finditer(sentence)}
                  | {m.end() for m in _AFTER_SUPERSCRIPTS.finditer(sentence)}
                  | {m.end() for m in _AFTER_A_YEAR.finditer(sentence)})
    cursor = 0
    for cut in cuts:
        piece = sentence[cursor:cut].rstrip()
        yield Sentence(piece, start + cursor, start + cursor + len(piece))
        cursor = cut
    yield Sentence(sentence[cursor:], start + cursor, start + len(sentence))


def _punctuation_split(text: str, start: int) -> Iterator[Sentence]:
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
    """Sentences of the article's prose as a reader sees them: a paragraph hard-wrapped over
    several lines is one paragraph; HTML comments hide nothing; reference lines are not prose;
    a heading is kept as a one-sentence paragraph marked `heading`."""
    index = index or CitationIndex.build(article, citations)
    text = _HTML_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), article.text)
    sentences: list[Sentence] = []
    for number, (begin, end, heading) in enumerate(paragraphs(text, index)):
        body = text[begin:end].replace("\n", " ")
        if heading:
            stripped = body.strip()
            if stripped:
                lead = body.index(stripped)
                sentences.append(Sentence(stripped, begin + lead, begin + lead + len(stripped), heading=True,
                                          paragraph=number))
            continue
        sentences += [Sentence(piece, begin + start, begin + end, paragraph=number)
                      for piece, start, end in paragraph_sentences(body[:MAX_SENTENCE * 50])]
    yield from _paragraph_markers_to_the_paragraph_before(sentences)


PARAGRAPH_KEPT = 5_000  # characters: a longer paragraph is split afresh (kept answers stay small)


def paragraph_sentences(body: str) -> tuple[tuple[str, int, int], ...]:
    """(text, start, end) of each sentence of one paragraph, counted from its start, markers
    given back to their sentence."""
    if len(body) > PARAGRAPH_KEPT:
        return _split_paragraph(body)
    return _kept_paragraph(body)


def _split_paragraph(body: str) -> tuple[tuple[str, int, int], ...]:
    return tuple((s.text, s.start, s.end) for s in _markers_to_their_sentence(list(split_sentences(body))))


# a site's boilerplate and a batch's repeated paragraphs are split once (verifier/memo.py)
_kept_paragraph = memo.kept(_split_paragraph)


# paragraphs that open with a marker: a page that pushed each sentence's marker onto the next line
PUSHED_MARKER_PARAGRAPHS = 3
LOOK_ALIKE_MARKERS = 2  # markers inside sentences a page may hold and still push its markers
_BRACKETED_MARKER = re.compile(r"\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]")


def _paragraph_markers_to_the_paragraph_before(sentences: list[Sentence]) -> list[Sentence]:
    """"...in adults over fifty.\n\n[4] Brushing ...": on a page whose paragraphs open with a
    marker (a sentence per line, each marker pushed to the start of the next line), the marker
    opening a paragraph cites the last sentence of the paragraph before; prose never opens with one.
    Not on a page that also prints markers inside its sentences: there a paragraph opening with
    one is a note or a reference the parser did not read. A bracketed marker inside any sentence
    makes such a page; of the other forms, one or two look-alikes ("omega3" from a flattened
    superscript, "(2)" numbering a list) do not."""
    openers = [at for at, s in enumerate(sentences) if at and _opens_its_paragraph(sentences, at)
               and _LEADING_MARKER.match(s.text) and not s.heading and not looks_like_reference(s.text)]
    if len(openers) < PUSHED_MARKER_PARAGRAPHS:
        return sentences
    inside = [s for s in sentences if _marker_inside(s)]
    if len(inside) > LOOK_ALIKE_MARKERS or any(_BRACKETED_MARKER.search(_after_lead(s.text)) for s in inside):
        return sentences
    out: list[Sentence | None] = list(sentences)
    for at in openers:
        previous, sentence = out[at - 1], out[at]
        if previous is None or sentence is None or previous.heading \
                or not previous.text.rstrip().endswith((".", "!", "?")):
            continue
        merged = _markers_to_their_sentence([replace(previous, paragraph=sentence.paragraph), sentence])
        out[at - 1] = replace(merged[0], paragraph=previous.paragraph)
        out[at] = merged[1] if len(merged) == 2 else None  # a line holding only the marker
    return [s for s in out if s is not None]


def _marker_inside(sentence: Sentence) -> bool:
    return bool(reference_markers(_after_lead(sentence.text)))


def _after_lead(text: str) -> str:
    lead = _LEADING_MARKER.match(text)
    return text[lead.end():] if lead else text


def _opens_its_paragraph(sentences: list[Sentence], at: int) -> bool:
    return sentences[at].paragraph != sentences[at - 1].paragraph


def paragraphs(text: str, index: CitationIndex) -> Iterator[tuple[int, int, bool]]:
    """(start, end, is_heading) of each paragraph: consecutive lines joined while a line stops
    mid-sentence and the next goes on (starts in lower case, or the line is long enough to have
    been wrapped); a blank line, a bullet or a reference line ends a paragraph."""
    lines = _body_lines(text, index)
    wrapped_at = _wrapped_length(lines)
    hard_wrap = _hard_wrapped(lines)
    typical = _typical_length(lines)
    by_paragraph = typical if hard_wrap is None and typical is not None and typical > HARD_WRAP_MAX else None
    block: list[tuple[int, int]] = []
    for at, (begin, end) in enumerate(lines):
        if end <= begin:
            continue
        block.append((begin, end))
        following = lines[at + 1] if at + 1 < len(lines) else None
        if following is not None and (_continues(text, begin, end, following, wrapped_at)
                                      or _full_line_goes_on(text, begin, end, following, hard_wrap)) \
                and not (len(block) == 1 and _stands_as_headline(text, begin, end, following, by_paragraph)):
            continue
        heading = len(block) == 1 and _is_heading(text[begin:end])
        yield block[0][0], block[-1][1], heading
        block = []


def _body_lines(text: str, index: CitationIndex) -> list[tuple[int, int]]:
    """(start, end) of each line without its bullet; blank and reference lines are empty spans."""
    found: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        begin, offset = offset, offset + len(line) + 1
        if not line.strip() or index.hides_line(begin, begin + len(line), line):
            found.append((begin, begin))  # an empty line: ends the paragraph
            continue
        bullet = _BULLET.match(line)
        found.append((begin + (bullet.end() if bullet else 0), begin + len(line.rstrip())))
    return found


def _wrapped_length(lines: list[tuple[int, int]]) -> int:
    """The length of the lines a hard-wrapped text was wrapped at (the page's longer lines, the
    80th percentile of those of 20 characters or more): a line that stops mid-sentence at three
    quarters of it or more was wrapped. Text stored a paragraph to a line gives a long one, and
    _WRAPPED_LINE then decides."""
    typical = _typical_length(lines)
    return _WRAPPED_LINE if typical is None else max(min(_WRAPPED_LINE, int(typical * 0.75)), WRAP_MIN_LINE)


def _typical_length(lines: list[tuple[int, int]]) -> int | None:
    lengths = sorted(end - begin for begin, end in lines if end - begin >= WRAP_MIN_LINE)
    return lengths[int(len(lengths) * 0.8)] if len(lengths) >= WRAP_MIN_LINES else None


def _hard_wrapped(lines: list[tuple[int, int]]) -> int | None:
    """The wrap length of a hard-wrapped text (most of its longer lines end within a few
    characters of one length), or None for a text stored a paragraph to a line."""
    typical = _typical_length(lines)
    if typical is None or typical > HARD_WRAP_MAX:
        return None
    longer = [end - begin for begin, end in lines if end - begin >= WRAP_MIN_LINE]
    near = sum(1 for n in longer if typical * 0.8 <= n <= typical + 8)
    return typical if near >= 0.6 * len(longer) else None


HARD_WRAP_MAX = 110  # characters: wider "lines" are paragraphs stored whole
PARAGRAPH_LINE_SHARE = 0.75  # of the typical line, in text stored a paragraph to a line: a wrapped line is as long


WRAP_MIN_LINE = 20
WRAP_MIN_LINES = 5


def _continues(text: str, begin: int, end: int, following: tuple[int, int], wrapped_at: int = _WRAPPED_LINE) -> bool:
    line = text[begin:end]
    if end > begin and following[1] > following[0] and _MARKERS_ONLY.match(text[following[0]:following[1]]):
        return True  # "... distant organs." / "[1]": the marker cites the line above
    if end <= begin or following[1] <= following[0] or not line or line[-1] in _ENDS_SENTENCE:
        return False
    if _opens_on_a_bullet(text, following):
        return False
    next_first = text[following[0]]
    return next_first.islower() or (len(line) >= wrapped_at and not _title_case(line))


def _opens_on_a_bullet(text: str, following: tuple[int, int]) -> bool:
    """Does the next line open on a bullet ("• Boosts energy", "✓ Reduces joint pain", "1) Lowers")?
    (Matched on the line itself: "^" matches only at the start of the string given.)"""
    return _BULLET.match(text[text.rfind("\n", 0, following[0]) + 1:following[1]]) is not None


_HEADLINE_LINE = re.compile(r"^[\"“‘']?[A-Z][^\n]*[A-Za-z]$")
_LAST_WORD_GOES_ON = frozenset({"of", "the", "a", "an", "and", "or", "in", "on", "for", "to", "with", "by", "from",
                                "at", "as", "is", "are", "was", "were", "that", "than", "its", "their", "his", "her"})


def _stands_as_headline(text: str, begin: int, end: int, following: tuple[int, int], typical: int | None) -> bool:
    """In text stored a paragraph to a line (`typical` is its line length), a line of its own
    ("Drinking tea is linked to a longer life in older adults") much shorter than the page's
    paragraphs, opening in capitals and stopping on a word that ends nothing off, with a sentence
    opening on the next line, is a headline or a heading, not a line wrapped into that sentence."""
    if typical is None or following[1] <= following[0] or end - begin >= typical * PARAGRAPH_LINE_SHARE:
        return False
    line = text[begin:end]
    words = line.split()
    return (len(words) >= HEADLINE_WORDS and _HEADLINE_LINE.match(line) is not None
            and words[-1].casefold() not in _LAST_WORD_GOES_ON and text[following[0]].isupper())


HEADLINE_WORDS = 5


def _full_line_goes_on(text: str, begin: int, end: int, following: tuple[int, int], hard_wrap: int | None) -> bool:
    """In a hard-wrapped text, a full line that happens to end a sentence goes on into the next
    line of the paragraph (a blank line, a heading, a label or a bullet ends it)."""
    if hard_wrap is None or end - begin < hard_wrap * 0.85 or following[1] <= following[0]:
        return False
    next_line = text[following[0]:following[1]]
    short_heading = len(next_line) < hard_wrap * 0.6 and _is_heading(next_line)
    if _opens_on_a_bullet(text, following) or short_heading:
        return False
    return not NOT_A_CLAIM["label only"].match(next_line) and not _FINDINGS_LABEL.match(next_line) \
        and not NOT_A_CLAIM["objective or methods line"].match(next_line)


def _title_case(line: str) -> bool:
    """"Improvements in Tear Production and Eye Health": a heading, however long."""
    long_words = [w for w in line.split() if len(w) > 3]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= TITLE_CASE_SHARE * len(long_words)


TITLE_CASE_SHARE = 0.85  # "Measured using Flesch Reading Ease Score, Flesch-Kincaid Grade" was wrapped


@memo.kept_short  # a pure function of the line (verifier/memo.py)
def _is_heading(line: str) -> bool:
    stripped = _TRAILING_MARKERS.sub("", line.strip()) or line.strip()
    return not stripped or (stripped[-1] not in ".!?:;\"”’)" and len(stripped.split()) < 16)


# "... to distant organs. [1]", "... organs.[1][2]", "... organs.1,2": markers after the full stop
_TRAILING_MARKERS = re.compile(r"(?<=[.!?\"”’)])(?:\s*(?:\[[^\[\]]{0,20}\]|\(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\)"
                               r"|\^?\d{1,3}(?:[,–-]\d{1,3})*|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻,]+))+\s*$")
# a line holding only markers ("[1][2]", "(3)") goes with the paragraph above it
_MARKERS_ONLY = re.compile(r"^\s*(?:\[\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*\]|\(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\))+"
                           r"\s*[.;,]?\s*$")


# Sentences that are not claims, whatever their wording: each rule is a name and a pattern.
NOT_A_CLAIM: dict[str, re.Pattern[str]] = {
    "question to the reader": re.compile(r"\?\s*[\"”’)]*\s*$"),
    "funding, licence or disclosure": re.compile(
        r"^\s*(?:this|the|our) (?:study|work|research|project|trial|review|article|paper|analysis)\s+"
        r"(?:was|is|has been)\s+(?:\w+\s+)?(?:supported|funded|sponsored|financed)\s+(?:in part\s+)?by\b"
        r"|\b(?:we|the authors?) (?:would like to )?(?:thank|are grateful|gratefully acknowledge)\b"
        r"|^\s*(?:funded|supported|sponsored) by\b|\b(?:was|were|is) (?:\w+ )?(?:funded|sponsored) by\b"
        r"|^\s*funding\s*(?::|$|\b(?:for|was|were|is|from|sources?|statement|information)\b)"
        r"|\b(?:received|receives|provided|no|external|financial|grant) funding\b"
        r"|\bfunding (?:for (?:this|the) (?:study|work|research|trial)|(?:was|is) provided|source)\b"
        r"|\b(?:supported by (?:a |the )?grants?|grant (?:no|number)|licen[cs]ed under|licen[cs]e (?:agreement|terms)"
        r"|(?:under|with) (?:a|an|the) [\w\s.\-]{0,40}licen[cs]e\b|cc[- ]by\b|"
        r"creative commons|copyright|(?<![âÃ])©|all rights reserved|conflicts? of interest|competing interests?|"
        r"(?:authors?|we|I) (?:\w+ )?(?:disclose|have nothing to disclose)|nothing to disclose"
        r"|\bno\b.{0,60}\bto disclose\b|^\s*disclosures?\b"
        r"|(?:authors?|we) declare|no potential conflict)", re.I),
    "objective or methods line": re.compile(
        r"^\s*(?:objectives?|aims?|purpose|background|methods?|design|setting|participants|keywords?|study design|"
        r"materials and methods|data sources?|study selection|data extraction|evidence acquisition)\s*[:.\-–]"
        # a structured abstract flattened without its colons: "Background Detailed reporting ..."
        r"|^\s*(?:background|methods|objectives?|aims?)\s+(?-i:[A-Z])", re.I),
    "label only": re.compile(r"^\s*[A-Za-z][\w ,&/\-]{0,40}:\s*$"),
    "aim": re.compile(r"^\s*(?:the|this|our) (?:main |primary )?(?:aim|objective|purpose|goal)s?\b"
                      r"|\b(?:study|trial|review|paper|research|we|this analysis) (?:aims?|aimed) (?:to|at)\b"
                      r"|\bwe (?:sought|set out|intend) to\b", re.I),
    "describes the cited source": re.compile(
        r"^(?:(?:in|as part of) this (?:review|study|analysis|meta-analysis),?\s*)?(?:[A-Z][\w'’\-]+ et al\.?"
        r"|the authors?|this (?:systematic )?(?:review|study|paper)(?: and meta-analysis)?"
        r"(?: by [A-Z][\w'’\-]+ et al\.?)?)\s+(?:also\s+)?(?:summari[sz]e|explore|examine|discuss|describe"
        r"|highlight|analy[sz]e|assess|review|evaluate|investigate|outline|consider)(?:s|d|ed)?\b"),
    "methods": re.compile(
        r"^\s*(?:we|the authors|the researchers) (?:searched|reviewed|included|recruited|enrolled|used|"
        r"measured|assessed|analy[sz]ed|examined|evaluated|collected|extracted|screened)\b(?!.*\b(?:found|show))"
        r"|\b(?:was|were) (?:measured|assessed|scored|evaluated|recorded|collected|calculated|determined"
        r"|analy[sz]ed|coded)"
        r" (?:using|with|by)\b"
        # "Age and sex were noted.", "This mixed-methods evaluation comprised three rounds of interviews."
        r"|\b(?:was|were) (?:noted|recorded|documented|collected|extracted)\s*\.?\s*$"
        r"|^\s*(?:this|the|our) (?:[\w\-]+ ){0,3}(?:study|trial|evaluation|analysis|review|survey|design)"
        r" (?:comprised|involved|consisted of|was conducted|took place)\b(?!.*\b(?:found|show|showed|revealed))", re.I),
    "call for research": re.compile(
        # "X did not improve survival, though longer follow-up is warranted": a finding and a call
        r"^(?!(?:while|although|though|despite)\b)(?!.*[,;]\s*(?:but|though|although|yet|however|whereas)\b)"
        r"(?!.*\b(?:found|showed|shows|demonstrated|reduced|improved|confirmed|revealed|established|proved"
        r"|indicated|showing|pointing|suggesting|revealing)\b).*(?:"
        # "novel approaches to deliver care are needed" says what is needed, not a call for research
        r"\b(?:research|stud(?:y|ies)|trials?|investigations?|data|evidence|work|follow-up|confirmation"
        r"|analys[ie]s|experiments?|validation|replication|exploration|evaluation|assessment|examination"
        r"|understanding|consideration|caution|efforts?|testing|surveillance|monitoring)\b"
        # within the sentence: a full stop inside "U.S." or "2.5" is no end
        r"(?:[^.;]|\.(?=\w|\s+(?-i:[a-z]))){0,200}?"
        r"\b(?:is|are|will be|remain) (?:still )?(?:needed|required|warranted)\b"
        r"(?!\s+(?:to|for)\s+(?:make|build|produce|form|keep|maintain"
        r"|absorb|healthy|normal|strong|growth|development)\b)"
        r"|\b(?:is|are|will be|remain) (?:still )?(?:needed|required|warranted) to (?:confirm|establish|determine"
        r"|clarify|verify|elucidate|assess|evaluate|explore|understand|investigate|test)\b"
        r"|\bfurther (?:research|studies|trials|investigation)\b"
        r"|\bmore (?:research|studies|trials) (?:is|are)\b)", re.I),
    "what the page will cover": re.compile(
        r"^\s*(?:in this (?:article|post|guide|blog(?: post)?|piece|page|section|video)|below|here|today),?\s+"
        r"(?:we|i|you)(?:'ll|’ll| will| are going to| can)?\s+(?:\w+\s+)?(?:look|explore|discuss|explain|cover|review"
        r"|learn|find|share|take|go|break|walk|dive|examine|answer|outline)\b"
        r"|^\s*(?:here are|here's|here is|read on|keep reading|let'?s (?:look|explore|take|dive|find)|find out"
        r"|learn (?:more|about|how|why)|discover (?:how|why|what))\b"
        r"|^\s*this (?:article|post|guide|page|blog post|section) (?:will )?(?:explains?|covers?|looks? at|explores?"
        r"|discusses?|describes?|outlines?)\b", re.I),
    "disclaimer": re.compile(
        r"\bnot (?:been )?evaluated by the (?:food and drug administration|fda)\b|\bnot intended to (?:diagnose"
        r"|treat|cure|prevent)\b|\bfor (?:informational|educational|information) purposes only\b"
        r"|\b(?:does not|do not|is not intended to) (?:constitute|replace|provide|be a substitute for)\s+(?:\w+\s+)?"
        r"(?:medical\s+)?advice\b|\bnot a substitute for (?:professional\s+)?(?:medical\s+)?(?:advice|care"
        r"|diagnosis|treatment)\b|\b(?:consult|talk to|speak (?:to|with)|ask) (?:your|a) (?:doctor|physician"
        r"|healthcare (?:provider|professional)|pharmacist|gp)\s+before\b", re.I),
    "article furniture": re.compile(
        r"^\s*(?:(?:(?:first )?published|received|accepted|revised|(?:last )?(?:updated|reviewed|modified)|posted)"
        r"(?: online)?(?:\s*:|\s+on\b|\s+\d+|\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)"
        r"|posted by|(?:medically )?reviewed by|written by|correspondence(?: to)?|author contributions?"
        r"|abbreviations|acknowledg(?:e)?ments?|(?:fig(?:ure)?|table|box|supplementary)\.?\s*[\dS][\w.]*)(?!\w)", re.I),
    "source or reference line": re.compile(
        r"^\s*(?:sources?|references?|journal reference|citation|cite this (?:page|article)|how to cite"
        r"|please cite|doi|pmid|pmcid)\s*:", re.I),
    "citation only": re.compile(r"^\s*(?:[(\[][^()\[\]]{1,200}[)\]]\s*){1,20}[.;,]?\s*$"),
    "site interface": re.compile(
        r"\b(?:cookies?|subscribe|sign (?:in|up)|log ?in|newsletter|share (?:this|on)|add to cart|"
        r"click here|read more|skip to|download pdf|view (?:full text|article)|google scholar|"
        r"similar articles|cited by|full[- ]text links|permalink|all authors|author information"
        # the fixed banner of a US government site, above a PubMed or PMC page's own text
        r"|official website of the united states government|government websites often end in"
        r"|the site is secure|transmitted securely|before sharing sensitive information)\b", re.I),
}
# A finding reported by someone: "the study found", "Dutch researchers ... found", "data show".
_FINDING_VERB = re.compile(
    r"\b(?:stud(?:y|ies)|trials?|researchers?|scientists?|authors?|analys[ie]s|reviews?|meta-analys[ie]s|they|we"
    r"|investigators|data|results?|evidence|surveys?|reports?|experts?|paper|research|experiments?"
    r"|professionals|specialists|doctors)\b[^.;]{0,120}?"
    r"\b(?:found|finds|showed|shows|revealed|reveals|reported|estimated|demonstrated|identified"
    r"|discovered|observed|concluded|concludes?|confirmed|highlighted|suggests?|suggested|indicates?|indicated"
    r"|acknowledged?|acknowledges|admit(?:s|ted)?|noted|notes|warn(?:s|ed)|wrote|writes?)\b"
    r"|\b(?:in|from) (?:our|this|the present) (?:analysis|study|trial|sample|cohort|data|review)\b"
    r"|^\s*(?:results?|findings|conclusions?|interpretation)\s*:", re.I)
# "Hewlings and Kalman conclude", "Smith et al. report": named authors reporting a finding
_AUTHORS_REPORT = re.compile(r"\b[A-Z][\w'’\-]+(?: et al\.?| (?:and|&) [A-Z][\w'’\-]+)\s+(?:also\s+)?"
                             r"(?:found|find|conclude|concluded|report|reported|show|showed|suggest|suggested"
                             r"|note|noted|observed|demonstrated)\b")
# "were unchanged", "no significant difference", "did not reduce": a finding of no effect
_NULL_FINDING = re.compile(r"\b(?:was|were|is|are|remained|stayed)\s+(?:\w+\s+)?unchanged\b"
                           r"|\bno (?:significant |meaningful |measurable )?(?:difference|change|effect|improvement"
                           r"|benefit|reduction|increase)s?\b"
                           r"|\bdid not (?:significantly )?(?:differ|change|improve|reduce|increase|lower|prevent)\b",
                           re.I)
# "13 of 16 patients", "9 out of 10 users": a count reported as a finding
_COUNT_OF = re.compile(r"\b\d{1,9} (?:of|out of) (?:the )?\d{1,9}\b")
_HEADING_CUES: frozenset[CueKind] = frozenset({CueKind.causal, CueKind.effect, CueKind.associational, CueKind.booster,
                           CueKind.comparative, CueKind.safety_absolute, CueKind.hype})
_CITED_AS_FINDING = ("marker", "author-year", "hyperlink")  # a sentence cited this way is a claim
# so is one naming its source in words, unless it is itself a reference the parser did not read
# (an "et al." alone is not enough: author lines and copyright lines print one too)
_SOURCE_NAMED = ("identifier", "journal named", "study named", "organisation named")


@memo.kept  # a pure function of the sentence (verifier/memo.py)
def not_a_claim(text: str) -> str | None:
    """The NOT_A_CLAIM rule the sentence falls under, if any."""
    return next((name for name, rule in NOT_A_CLAIM.items() if rule.search(text)), None)


def is_claim(sentence: Sentence, level: int, cues: list[Cue], numbers: tuple[NumberMention, ...],
             explicit_tie: bool) -> bool:
    """Asserts an effect, a risk, a safety property, a comparison, a mechanism or a finding."""
    text = sentence.text
    if not_a_claim(text):
        return False
    if sentence.heading:
        kinds = {c.kind for c in cues}
        if _verb_first_fragment(text, cues) or states_a_finding(text) == "composition":
            return True  # a product's bullet: "Boosts immunity", "Rich in antioxidants"
        return len(text.split()) >= 3 and (any(_asserts_in_heading(text, c) for c in cues)
                                           or states_a_finding(text) in ("prevalence", "nothing shown")
                                           or {CueKind.safety, CueKind.qualifier} <= kinds
                                           or _reports_a_finding(text) or promises_an_effect(text))
    hype = any(c.kind == CueKind.hype for c in cues)
    relation = any(c.kind in _RELATION_CUES for c in cues)
    return (level > 0 or hype or relation or any(n.unit == "%" for n in numbers) or explicit_tie
            or _finding_wording(text) or states_a_finding(text) is not None or advises_on_health(text)
            or (_reports_a_finding(text) and not _STUDIES_TO_COME.search(text)))


# A sentence with one of these cues asserts a relation, whatever strength the model gives it.
_RELATION_CUES: frozenset[CueKind] = frozenset({CueKind.causal, CueKind.effect, CueKind.associational,
                                                CueKind.comparative, CueKind.safety_absolute})


# "Scientists Mark Success In First Human Test", "Coffee Drinkers Live Longer, Study Finds": a
# headline reporting a finding
_HEADLINE_FINDING = re.compile(
    r"\b(?:scientists|researchers|doctors|stud(?:y|ies)|trials?|experts|research|data|scans|tests)\s+(?:\w+\s+)?"
    r"(?:mark|marks|report|reports|find|finds|show|shows|hail|hails|see|sees|reveal|reveals|suggest|suggests"
    r"|confirm|confirms|link|links|tie|ties|say|says|warn|warns|identify|identifies|discover|discovers|uncover"
    r"|uncovers|pinpoint|pinpoints|spot|spots|prove|proves)\b", re.I)
def _verb_first_fragment(text: str, cues: list[Cue]) -> bool:
    """"Supports digestion", "Lowers cholesterol naturally": a benefit listed with its verb first."""
    words = text.split()
    first = words[0].casefold() if words else ""
    return (len(words) >= 2 and first.endswith("s") and not first.endswith("ss")
            and words[1].casefold() not in _NOUN_AFTER  # "Benefits of Coffee" names a topic
            and any(c.start == 0 and c.kind in _RELATION_CUES and " " not in c.text.strip() for c in cues))


# "Other studies should confirm these findings": studies still to be done report nothing yet
_STUDIES_TO_COME = re.compile(r"\b(?:should|must|will|would|need to|needs to|needed|future|further|more)\b", re.I)
_WH_HEADING = re.compile(r"^\s*(?:what|how|why|when|where|which|who|does|do|is|are|can)\b", re.I)


def _reports_a_finding(headline: str) -> bool:
    """"Scientists Mark Success ...", "..., Study Finds"; "What the Research Says" names a topic."""
    return bool(_HEADLINE_FINDING.search(headline)) and not _WH_HEADING.match(headline)


@memo.kept  # a pure function of the sentence (verifier/memo.py)
def _finding_wording(text: str) -> bool:
    return any(rule.search(text) for rule in (_FINDING_VERB, _MEASURED, _AUTHORS_REPORT, _NULL_FINDING, _COUNT_OF))


_NOUN_AFTER = frozenset({"of", "for", "in", "and", "on", "with", "to", "the", "from", "&"})


def _asserts_in_heading(text: str, cue: Cue) -> bool:
    """A headline asserts when a cue is used as a verb: "Coffee Raises Alertness", "Tea Drinkers
    Live Longer", "Fish Oil Fails to Prevent Strokes", "Sugar Is Worse Than Fat"; "Benefits of X"
    and "Role of Y in Repair" name a topic, and so do "Coffee versus Tea" and "Reducing the Risk"."""
    if cue.kind == CueKind.comparative:
        return bool(_HEADLINE_COMPARISON.search(cue.text))
    if cue.kind not in _HEADING_CUES - {CueKind.hype, CueKind.booster}:
        return False
    if cue.text.casefold().startswith("at "):
        return False  # "Children at Risk of Falls" names whom a page is about
    if " " in cue.text.strip():
        # "Effects of Sleep on Memory", "Impact on Recovery": a topic named by its noun
        return not (text[:cue.start].strip() == "" and cue.text.split()[0].casefold() in _TOPIC_NOUNS)
    following = text[cue.end:].split()
    before = text[:cue.start].split()
    finite = cue.text.casefold().endswith(("s", "ed")) and not cue.text.casefold().endswith("ss")
    # "Serotonin Levels Affect the Brain": a plural subject before the verb's base form
    finite = finite or (bool(before) and bool(following) and _PLURAL_SUBJECT.fullmatch(before[-1]) is not None
                        and following[0].casefold() in _DETERMINERS and not _WH_HEADING.match(text))
    after_ok = bool(following) and (following[0].casefold() not in _NOUN_AFTER
                                    or (finite and following[0].casefold() in _DETERMINERS))
    before_ok = bool(before) and (before[-1].casefold() not in _NOUN_AFTER
                                  or (before[-1].casefold() == "to" and len(before) >= 2
                                      and before[-2].casefold() in _TO_VERBS))
    return after_ok and before_ok


_PLURAL_SUBJECT = re.compile(r"[A-Za-z][a-z]{2,}(?<!ss)(?<!ous)(?<!is)s")
_TOPIC_NOUNS = frozenset({"effect", "effects", "impact", "impacts", "role", "roles", "benefits", "benefit",
                          "association", "associations", "relationship", "link", "links", "influence"})
_HEADLINE_COMPARISON = re.compile(r"\bthan$|^as\b.*\bas$|\b(?:times|fold|twice)\b", re.I)
_DETERMINERS = frozenset({"the", "a", "an", "your", "their", "our"})
_TO_VERBS = frozenset({"fails", "fail", "failed", "helps", "help", "shown", "proven", "seems", "appears", "likely",
                       "unlikely", "found", "set"})


def extract_claims(article: Article, citations: tuple[Citation, ...],
                   index: CitationIndex | None = None) -> tuple[Claim, ...]:
    index = index or CitationIndex.build(article, citations)
    acronyms = defined_acronyms(article.text)
    topics = {c.id: Topic.of(_title(c), acronyms) for c in citations}
    claims: list[Claim] = []
    sentences = list(article_sentences(article, citations, index))
    ties = [index.cited_by(sentence, article) for sentence in sentences]
    _inherit_paragraph_citations(sentences, ties)
    if not (index.single_study or index.narrative_study):
        _tie_to_the_study_of_the_section(sentences, ties)
    findings = findings_paragraphs(sentences)
    one_study = bool(index.single_study or index.narrative_study)
    methods = methods_sentences(sentences) if one_study else set()
    printed = [words for c in citations if len(words := set(_title_words(c.printed))) >= 4] if one_study else []
    titles = [t for c in citations if len(t := set(_title_words(c.fields.title or ""))) >= 4]
    for at, (sentence, (cited, how)) in enumerate(zip(sentences, ties, strict=True)):
        text = sentence.text[:MAX_SENTENCE]
        if _is_a_title(text, titles) or index.titled_by(sentence, article.text):
            continue
        explicit = (any(h.startswith(_CITED_AS_FINDING) for h in how) or sentence.paragraph in findings
                    or (any(h.startswith(_SOURCE_NAMED) for h in how) and not looks_like_reference(text))
                    or (one_study and at not in methods and reads_as_statement(text)
                        and not _repeats_a_reference(text, printed)))
        if not _asserts(text, sentence.heading, explicit):
            continue
        reading = _read(text)
        kind, claim_cues, claim_population = _claim_parts(text)
        words = sentence_terms(text) if cited else set()
        by_default = bool(cited) and all(h.startswith(("single-study", "section source", "narrative: "))
                                         for h in how[:len(cited)])
        topical = any(topics[cid].named_in(words) for cid in cited)
        said_by = attribution(text)
        line, column = position(article, sentence.start)
        claims.append(Claim(
            id=f"k{len(claims) + 1}", text=text,
            span=Span(start=sentence.start, end=sentence.start + len(text), line=line, column=column),
            kind=kind, strength=reading.level, cues=claim_cues,
            numbers=reading.numbers, population=claim_population, attribution=said_by,
            citation_ids=tuple(cited), linked_by=tuple(how),
            topical=topical or bool(said_by) or not cited or (by_default and _about_the_study(text))))
    return tuple(claims)


@dataclass(frozen=True)
class _Reading:
    """What a sentence says in itself: its cues (the lexicon's and the extra ones, in reading
    order), its strength and the cues deciding it, its figures."""

    cues: tuple[Cue, ...]
    level: int
    deciding: tuple[Cue, ...]
    numbers: tuple[NumberMention, ...]


@memo.kept  # a pure function of the sentence (verifier/memo.py): read once however often it is printed
def _read(text: str) -> _Reading:
    found = find_cues(text)
    cues = sorted([*found, *extra_cues(text, found)], key=lambda c: (c.start, -c.end))
    level, deciding = strength_with_reasons(text, cues)
    return _Reading(tuple(cues), level, tuple(deciding), tuple(find_numbers(text)))


@memo.kept  # a pure function of the sentence, whether it is a heading and whether a tie makes it explicit
def _asserts(text: str, heading: bool, explicit: bool) -> bool:
    reading = _read(text)
    return is_claim(Sentence(text, 0, len(text), heading), reading.level, list(reading.cues), reading.numbers,
                    explicit)


@memo.kept  # a pure function of the sentence (verifier/memo.py)
def _claim_parts(text: str) -> tuple[ClaimKind, tuple[ClaimCue, ...], Population]:
    """A claim's kind, its cues as the claim carries them, and whom it is about."""
    reading = _read(text)
    cues = tuple(_claim_cue(c.kind.value, c.text) for c in (*reading.cues, *reading.deciding))
    return claim_kind(text, list(reading.cues), reading.numbers), cues, population(text)


@memo.kept  # a frozen model: one instance serves every claim with this cue
def _claim_cue(kind: str, text: str) -> ClaimCue:
    return ClaimCue(kind=kind, text=text)


_FINDINGS_LABEL = re.compile(r"^\s*(?:results?|findings|conclusions?|interpretation)\s*:", re.I)
_FINDINGS_HEADING = re.compile(r"^\s*(?:#{1,6}\s*)?(?:(?:main |key )?(?:results?|findings)|conclusions?|interpretation"
                               r"|results and discussion)\s*:?\s*$", re.I)
_MEASURED = re.compile(
    r"\b(?:is|are|was|were)\s+(?:\w+\s+){0,3}?\d+(?:\.\d+)?\s?(?:cm|mm|km|kg|mg|mcg|µg|ml|mmHg|kcal|IU"
    r"|(?:centi|milli|kilo)?(?:met(?:er|re)s?|grams?|lit(?:er|re)s?)|inch(?:es)?|feet|pounds|ounces|calories)\b",
    re.I)


def findings_paragraphs(sentences: list[Sentence]) -> set[int]:
    """Paragraphs that report results: labelled "Results:" / "Conclusions:", or under such a heading."""
    found: set[int] = set()
    under_results = False
    for sentence in sentences:
        if sentence.heading:
            under_results = bool(_FINDINGS_HEADING.match(sentence.text))
        elif under_results or _FINDINGS_LABEL.match(sentence.text):
            found.add(sentence.paragraph)
    return found


_PART_LABEL = re.compile(r"^\s*(?:#{1,6}\s*)?(?P<label>[A-Za-z][A-Za-z ]{1,40}?)\s*(?::|$)")
_METHODS_PARTS = frozenset({
    "method", "methods", "materials and methods", "methods and materials", "evidence acquisition", "study design",
    "design", "setting", "participants", "data sources", "data source", "study selection", "data extraction",
    "procedure", "procedures", "measures", "statistical analysis", "interventions", "intervention",
    "data collection", "search strategy", "methodology", "patients and methods", "subjects and methods"})


def methods_sentences(sentences: list[Sentence]) -> set[int]:
    """The sentences of an abstract's or article's methods part: after a "Methods:" label or
    under a "Methods" heading, up to the next label or heading."""
    found: set[int] = set()
    in_methods = False
    for at, sentence in enumerate(sentences):
        label = _PART_LABEL.match(sentence.text)
        labelled = label is not None and (sentence.heading or ":" in sentence.text[:label.end() + 1])
        if labelled and label is not None:
            in_methods = label.group("label").strip().casefold() in _METHODS_PARTS
        elif sentence.heading:
            in_methods = False
        if in_methods:
            found.add(at)
    return found


_STATEMENT_END = ".!\"”’)"
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’\-]+\b")
_PERSONAL = re.compile(r"^\s*[\"“]?(?:I|I'm|I’m|I've|I’ve|My|Me)\b")


def reads_as_statement(text: str) -> bool:
    """A sentence of a page about one study that states something: a whole sentence in prose
    (six words or more, most of them in lower case, closed by a full stop), not a personal aside.
    On such a page, such a sentence describes the study or its result: a claim resting on it."""
    words = text.split()
    return (len(words) >= STATEMENT_WORDS and text.rstrip()[-1:] in _STATEMENT_END
            and len(_LOWER_WORD.findall(text)) * 2 >= len(words) and not _PERSONAL.match(text)
            and not looks_like_reference(text))


STATEMENT_WORDS = 6
_AUTHOR = r"[A-Z][\w'’\-]+(?:,\s*|\s+)(?:[A-Z]{1,3}\b|[A-Z]\.(?:\s?-?[A-Z]\.)*)"
# "Smith AB, Jones C", "Solar, O.; Irwin, A.": an author list; ": a randomised trial": a paper's subtitle
_AUTHOR_LIST = re.compile(_AUTHOR + r"\s*(?:[,;]|,?\s*(?:and|&))\s*" + _AUTHOR)
_SUBTITLE = re.compile(r":\s+(?:a|an|the)?\s*(?:randomi[sz]ed|systematic|meta-analys[ie]s|(?:\w+\s)?review|cohort"
                       r"|cross-sectional|case(?:-control)?|pilot|prospective|retrospective|double-blind|placebo"
                       r"|narrative|scoping|longitudinal|clinical trial|controlled trial)\b", re.I)
_REFERENCE_FEATURES = (
    re.compile(r"^\s*(?:\[?\d{1,3}[.)\]]\s*)?[A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+)?,?\s+(?:[A-Z]{1,3}\b|[A-Z]\.)"),
    re.compile(r"\((?:19|20)\d{2}[a-z]?\)|\b(?:19|20)\d{2}[a-z]?\s*[;:]\s*\d|\b(?:19|20)\d{2}\.\s*$"
               r"|,\s*(?:19|20)\d{2}[;,.]|\b(?:19|20)\d{2},\s*\d+\s*[,(]"),
    re.compile(r"\b\d+\s*\(\d+\)\s*[:,]\s*[eE]?\d+|\bvol\.\s*\d|\bpp?\.\s*\d|\b\d+\s*[–-]\s*\d+\.?\s*$"
               r"|:\s*[eE]?\d+[–-]\d+"),
    re.compile(r"\bdoi\b|\bpmid\b|https?://|\b10\.\d{4,9}/", re.I),
    re.compile(r"\b(?:available (?:online|at|from)|accessed|retrieved from|google scholar|crossref|article id)\b",
               re.I),
    re.compile(r"\bet al\b\.?,?\s*(?:\(?(?:19|20)\d{2}\)?)?\.?\s+[\"“]?[A-Z]"),
    re.compile(r"[“\"][^”\"]{10,}[.?!,][”\"]\s+[A-Z]"),
    re.compile(r"\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d{2}\b", re.I),
)


def looks_like_reference(text: str) -> bool:
    """A reference or a paper's title that the reference parser did not take for one: an author
    list, a subtitle naming a design, or two marks of a reference (authors first, a year in its
    slot, volume and pages, an identifier, "Available online", "et al." before a title, a quoted
    title, a date)."""
    if _SUBTITLE.search(text) or _AUTHOR_LIST.search(text):
        return True
    return sum(1 for feature in _REFERENCE_FEATURES if feature.search(text)) >= REFERENCE_MARKS


REFERENCE_MARKS = 2
_TITLE_WORD = re.compile(r"[a-z0-9]+")


@memo.kept_copied  # a pure function of the text (verifier/memo.py)
def _title_words(text: str) -> list[str]:
    return _TITLE_WORD.findall(fold(text))


@memo.kept
def _title_word_set(text: str) -> frozenset[str]:
    return frozenset(_title_words(text))


def _is_a_title(text: str, titles: list[set[str]]) -> bool:
    """The title of a cited paper, printed as a heading or a line of its own, asserts nothing
    the page says: most of its words are the title's and most of the title's are in it."""
    words = _title_word_set(text)
    count = len(words)
    if count < 4:
        return False
    for title in titles:  # (a loop, not any(): this runs for every sentence of every article)
        size = len(title)
        larger = max(count, size)
        # the shared words are at most the smaller set: sets of very different sizes are not compared
        if min(count, size) >= 0.8 * larger and len(words & title) >= 0.8 * larger:
            return True
    return False


def _repeats_a_reference(text: str, printed: list[set[str]]) -> bool:
    """Most of the sentence's words are in a printed reference: its title or a piece of it."""
    words = set(_title_words(text))
    return any(len(words & p) >= 0.8 * len(words) for p in printed)


def _inherit_paragraph_citations(sentences: list[Sentence], ties: list[tuple[list[str], list[str]]]) -> None:
    """A citation printed as a sentence of its own ("... for affected adults. (Smith, 2018).")
    closes its paragraph: the sentences before it with no tie of their own rest on it."""
    for at, sentence in enumerate(sentences):
        cited, how = ties[at]
        if not _explicit(how) or not NOT_A_CLAIM["citation only"].search(sentence.text):
            continue
        before = at - 1
        while before >= 0 and sentences[before].paragraph == sentence.paragraph \
                and not _explicit(ties[before][1]) and not NOT_A_CLAIM["citation only"].search(sentences[before].text):
            ties[before] = (list(cited), [f"{h} (closes the paragraph)" for h in how if not h.startswith(_DEFAULT)])
            before -= 1


_DEFAULT = ("section source", "single-study article")
# "the study", "the trial", "the authors", "this method": a study spoken of without a citation of its own
_ANAPHOR = re.compile(r"\b(?:the|that) (?:study|trial|analysis|meta-analysis|review|paper|report|research|researchers"
                      r"|authors|investigators|scientists|team|method|treatment|therapy|intervention|approach"
                      r"|technique|findings|results|data|experiment|survey|cohort)\b"
                      r"|\b(?:this|these) (?:method|treatment|therapy|intervention|approach|technique|findings"
                      r"|results|data)\b|\b(?:its|their) authors\b|^\s*(?:they|the team) (?:also )?(?:found"
                      r"|showed|reported|concluded|observed|noted|saw)\b", re.I)
# "The effect was similar to ...", "These benefits lasted a year": a sentence opening on the finding
# its paragraph has just cited goes on about that study ("the effects of caffeine" is a topic)
_FINDING_ANAPHOR = re.compile(r"^\s*(?:the|this|these|that|those|such) (?:effects?|benefits?|improvements?"
                              r"|reductions?|gains?|changes?|differences?|associations?|links?|declines?|increases?"
                              r"|decreases?|risks?)\b(?!\s+(?:of|from|to|on|for|in|with|between)\b)", re.I)
# a sentence about the writers' own work, or about other or earlier studies, is not about the cited one
_NOT_THAT_STUDY = re.compile(r"\b(?:we|our|us|present|current|previous|earlier|other|future)\b", re.I)


def _tie_to_the_study_of_the_section(sentences: list[Sentence], ties: list[tuple[list[str], list[str]]]) -> None:
    """"The trial also found fewer falls": a sentence with no citation of its own that speaks of
    "the study", "the trial", "the authors" or "this method" rests on the one study its paragraph
    cites (by marker, author-year, link or name), else the one its section (up to the next
    heading) cites; one that opens on "the effect", "these benefits", on the one its paragraph
    cites. Where two studies are cited there, it is tied to neither. The tie says how it was
    made and overrules the section's closing source."""
    section: list[int] = []
    heading_count = 0
    for sentence in sentences:
        heading_count += sentence.heading
        section.append(heading_count)
    by_paragraph: dict[int, dict[str, tuple[str | None, str]]] = {}
    by_section: dict[int, dict[str, tuple[str | None, str]]] = {}
    for at, sentence in enumerate(sentences):
        sources = _explicit_sources(*ties[at])
        by_paragraph.setdefault(sentence.paragraph, {}).update(sources)
        by_section.setdefault(section[at], {}).update(sources)
    for at, sentence in enumerate(sentences):
        cited, how = ties[at]
        if sentence.heading or _explicit(how) or _NOT_THAT_STUDY.search(sentence.text):
            continue
        anaphor = _ANAPHOR.search(sentence.text)
        if anaphor is not None:
            pool = by_paragraph.get(sentence.paragraph) or by_section.get(section[at]) or {}
        elif (anaphor := _FINDING_ANAPHOR.search(sentence.text)) is not None:  # goes on in its paragraph only
            pool = by_paragraph.get(sentence.paragraph) or {}
        else:
            continue
        if len(pool) != 1:
            continue
        ((cid, label),) = pool.values()
        tie = f"narrative: {anaphor.group(0).strip().casefold()} (the study this part cites: {label})"
        overruled = [f"{h} {c} overruled by the narrative tie" for c, h in zip(cited, how, strict=False) if c != cid]
        ties[at] = ([cid], [tie, *overruled]) if cid else ([], [tie, *overruled])


def _explicit_sources(cited: list[str], how: list[str]) -> dict[str, tuple[str | None, str]]:
    """The studies a sentence cites explicitly: a citation's id, or an explicit tie that found no
    reference ("marker [3]"), each with how it was tied."""
    found: dict[str, tuple[str | None, str]] = {}
    for cid, reason in zip(cited, how, strict=False):
        if not reason.startswith(_DEFAULT) and not reason.startswith("narrative: "):
            found[cid] = (cid, reason)
    for reason in how[len(cited):]:
        if not reason.startswith(_DEFAULT) and "overruled" not in reason and not reason.startswith("narrative: "):
            found.setdefault(reason.split(" (")[0], (None, reason))
    return found


def _explicit(how: list[str]) -> bool:
    return any(not h.startswith(_DEFAULT) for h in how)


_THE_STUDY = re.compile(r"\b(?:the|this|that|our) (?:study|trial|method|treatment|therapy|analysis|review"
                        r"|research|paper|program(?:me)?|intervention|approach)\b|\b(?:the|its) authors\b"
                        r"|\b(?:researchers|scientists|investigators)\b", re.I)


def _about_the_study(text: str) -> bool:
    """"The method proved ...", "the authors report ...": about the study the section cites."""
    return _THE_STUDY.search(text) is not None


_RISK = re.compile(r"\b(?:risks?|odds|incidence|mortality|death rates?|chances? of (?:dying|death|developing))\b", re.I)
_HARM_WORDS = re.compile(r"\b(?:side[- ]effects?|adverse|safe|safety|tolerat\w+|complications?|toxicit\w+"
                         r"|embolism|thrombos[ie]s|ha?emorrhages?|allergic reactions?|anaphylaxis)\b", re.I)
_TREATS = re.compile(r"\b(?:(?:is|are) effective (?:in|for|at)|treat(?:s|ing)?|managing|cures?)\b", re.I)


@memo.kept  # a pure function of the sentence (verifier/memo.py)
def _speaks_of_risk(text: str) -> bool:
    return bool(_RISK.search(text)) and not _HARM_WORDS.search(text)


@memo.kept
def _speaks_of_mechanism(text: str) -> bool:
    return bool(_MECHANISM.search(text)) and not _TREATS.search(text)


def claim_kind(text: str, cues: list, numbers: tuple[NumberMention, ...]) -> ClaimKind:  # type: ignore[type-arg]
    """A risk claim ("reduces the risk of death") is about an outcome's frequency, not about the
    treatment's harms: it is judged as an effect claim, not as a safety claim."""
    kinds = {c.kind for c in cues}
    if _speaks_of_risk(text):
        return ClaimKind.risk
    if CueKind.comparative in kinds:
        return ClaimKind.comparative
    if kinds & {CueKind.safety, CueKind.safety_absolute}:
        return ClaimKind.safety
    if any(n.unit == "%" for n in numbers):
        return ClaimKind.statistic
    if _speaks_of_mechanism(text):
        return ClaimKind.mechanism
    if CueKind.advice in kinds:
        return ClaimKind.advice
    return ClaimKind.efficacy


@memo.kept  # a pure function of the sentence (verifier/memo.py)
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


@memo.kept  # a pure function of the sentence (verifier/memo.py)
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
    return tuple(sorted({stem(w) for w in fold(clause).split()
                         if len(w) > 3 and not w.isdigit() and w not in GENERIC}))


def defined_acronyms(text: str) -> dict[str, frozenset[str]]:
    """"mesenchymal stem cells (MSCs)" -> {"MSC": {"mesenc", "stem", "cells"}}: the long form's
    words, as many as the acronym has letters."""
    found: dict[str, frozenset[str]] = {}
    for match in _ACRONYM.finditer(text):
        defined = _long_form(text[max(match.start() - 120, 0):match.start()], match.group("abbr"))
        if defined is not None:
            found.setdefault(*defined)
    return found


@memo.kept  # a pure function of the acronym and the 120 characters before it (verifier/memo.py)
def _long_form(before: str, abbr: str) -> tuple[str, frozenset[str]] | None:
    """The acronym and the stems of the words printed before it that it abbreviates."""
    words_before = _WORDS_BEFORE.search(before)
    if words_before is None:
        return None
    abbr = abbr.rstrip("s")
    words = fold(words_before.group(1)).split()[-max(len(abbr), 1):]
    return abbr.upper(), frozenset(stem(w) for w in words if w not in GENERIC)


def condition_terms(text: str) -> set[str]:
    """Stems of the disease phrases in a title: "knee osteoarthritis", "spinal cord injury"; a
    phrase runs back from its head word to the nearest function word ("for", "in", "of")."""
    words = fold(text).split()
    terms: set[str] = set()
    for index, word in enumerate(words):
        if not _CONDITION_HEAD.fullmatch(word):
            continue
        terms.add(stem(word))
        for lead in reversed(words[max(index - 3, 0):index]):
            if lead in GENERIC or len(lead) <= 2:
                break
            terms.add(stem(lead))
    return terms


def intervention_terms(title: str, acronyms: dict[str, frozenset[str]]) -> set[str]:
    """What the cited study is about, minus the condition: "mesenchymal stem cell" and "MSC"."""
    conditions = condition_terms(title)
    terms = {stem(w) for w in fold(title).split() if w not in GENERIC and len(w) > 2} - conditions
    for abbr, expansion in acronyms.items():
        if expansion and len(expansion & terms) * 2 >= len(expansion) and not expansion & conditions:
            terms.add(abbr.casefold())
    return terms


@memo.kept_copied  # a pure function of the text (verifier/memo.py)
def sentence_terms(sentence: str) -> set[str]:
    words = {stem(w) for w in fold(sentence).split()}
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
        lead = next((stem(w) for w in fold(title).split() if stem(w) in terms), None)
        return cls(frozenset(terms), frozenset(a.casefold() for a in acronyms), lead)

    def named_in(self, words: set[str]) -> bool:
        """The sentence names the intervention: one of its acronyms, two of its words ("stem
        cells"), or the title's leading term ("Curcumin reduces ...")."""
        shared = self.terms & words
        return (bool(shared & self.acronyms) or len(shared) >= min(2, len(self.terms))
                or self.lead in shared)


_STEMMER = snowballstemmer.stemmer("english")


@memo.kept_up_to(65536)
def stem(word: str) -> str:
    """Snowball (Porter 2) English stem: "reduces", "reduced", "reduction" -> "reduc"."""
    return str(_STEMMER.stemWord(word))


def _title(citation: Citation) -> str:
    return citation.fields.title or citation.printed


def _only_space_between(text: str, first: Citation, second: Citation) -> bool:
    gap = text[first.span.end:second.span.start]
    return bool(_LIST_GAP.fullmatch(gap))


_LIST_GAP = re.compile(r"\s*(?:(?:references?|sources?):?\s*)?(?:\[?\d{1,5}[.)\]]\s*)?", re.I)
NARRATIVE_TITLE_WORDS = 3  # content words a sentence describing a study shares with one reference's title
NARRATIVE_TITLE_SHARE = 0.6  # and the share of that title's content words they make up
# "a study", "a new trial", "researchers found", "a meta-analysis of": a study described in words
_A_STUDY_IN_WORDS = re.compile(r"\b(?:a|an|the|one|this|that|their|new|recent|large|small)\s+(?:\w+\s+){0,3}?"
                               r"(?:study|trial|review|meta-analysis|analysis|survey|cohort|experiment|paper)\b"
                               r"|\b(?:researchers|scientists|investigators|authors)\s+(?:\w+\s+){0,6}?"
                               r"(?:found|showed|reported|report|concluded|observed|discovered)\b", re.I)
LINKED_PAGE_DIGITS = 3  # a first page this long, with the volume, in a link's path names the paper
TOPIC_WORDS = 2  # title words a sentence shares with one of several references of a journal to pick it
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
    by_id: dict[str, tuple[str, ...]] = field(default_factory=dict)
    single_study: tuple[str, ...] = ()
    narrative_study: str | None = None
    opening: tuple[tuple[int, int, str], ...] = ()  # (from, to, citation id) of sources printed before their section

    @classmethod
    def build(cls, article: Article, citations: tuple[Citation, ...]) -> CitationIndex:
        ordered = tuple(sorted(citations, key=lambda c: c.span.start))
        in_list: set[str] = set()
        for a, b in pairwise(ordered):
            if _only_space_between(article.text, a, b):
                in_list |= {a.id, b.id}
        closing = tuple(c for c in ordered if c.id not in in_list and _names_a_study(c))
        markers: dict[int, list[str]] = {}
        years: dict[tuple[str, int], list[str]] = {}
        for c in ordered:
            if c.marker is not None:
                markers.setdefault(c.marker, []).append(c.id)
            key = _author_year(c)
            if key is not None:
                years.setdefault(key, []).append(c.id)
        mentions = tuple(sorted((m.span.start, c.id) for c in ordered for m in c.in_text_mentions))
        # a record's own header or how-to-cite block, printed apart from any reference list below it
        header = tuple(c for c in ordered if c.id not in in_list)
        apart = bool(header) and (not in_list or _before_the_list(header, ordered, in_list))
        single = _single_study(header, article.text) if apart else ()
        return cls(ordered=ordered, starts=tuple(c.span.start for c in ordered), closing=closing,
                   closing_starts=tuple(c.span.start for c in closing), mentions=mentions,
                   by_marker={k: tuple(v) for k, v in markers.items()},
                   by_author_year={k: tuple(v) for k, v in years.items()},
                   by_id=_ids_index(ordered), single_study=single,
                   narrative_study=None if ordered else _journal_of_the_page(article.text),
                   opening=() if single else _opening_sources(closing, article.text))

    def by_surname(self, surname: str) -> tuple[str, ...]:
        """The references whose first author has this surname (folded, as author_years gives it)."""
        return self._surnames.get(surname, ())

    @cached_property
    def _surnames(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for (name, _), ids in self.by_author_year.items():
            found.setdefault(name, []).extend(ids)
        return {name: tuple(ids) for name, ids in found.items()}

    def journal_cited(self, journal: str, printed: bool = True) -> tuple[str, ...]:
        """Citations printing the journal a sentence names ("published in JAMA"); with `printed`
        false, only those whose parsed journal is that one (not a word of their printed text)."""
        wanted = f" {fold(journal)} "
        return tuple(c.id for c in self.ordered
                     if wanted in f" {fold(c.fields.journal or (c.printed if printed else ''))} "
                     or (c.fields.journal is not None and abbreviates(c.fields.journal, journal)))

    def name_in_title(self, name: str) -> tuple[str, ...]:
        """"the VITAL trial": the references whose title prints that name as a word of its own (an
        acronym of three letters or more, or a name of two words or more)."""
        wanted = fold(name)
        if len(wanted.split()) < 2 and not (name.isupper() and len(name) >= 3):
            return ()
        return tuple(c.id for c in self.ordered if c.fields.title and f" {wanted} " in f" {fold(c.fields.title)} ")

    def title_cited(self, text: str) -> tuple[str, ...]:
        """"A trial of vitamin D supplements in 25,000 adults found no fewer cancers": the one
        listed reference whose title shares NARRATIVE_TITLE_WORDS content words or more with the
        sentence, most of the title's, clearly more than any other title."""
        words = {stem(w) for w in _title_words(text)} - _NARRATIVE_STOP
        titles = {c.id: {stem(w) for w in _title_words(c.fields.title)} - _NARRATIVE_STOP
                  for c in self.ordered if c.fields.title}
        scored = sorted(((len(words & title), cid) for cid, title in titles.items()), reverse=True)
        if not scored or scored[0][0] < NARRATIVE_TITLE_WORDS \
                or scored[0][0] < NARRATIVE_TITLE_SHARE * len(titles[scored[0][1]]):
            return ()
        if len(scored) > 1 and scored[1][0] >= scored[0][0] - 1:
            return ()  # two papers fit nearly as well: no tie by topic
        return (scored[0][1],)

    def url_cited(self, href: str) -> tuple[str, ...]:
        """A publisher's link with no identifier in it: the references printing that address, else
        the one reference whose volume and first page are both parts of its path
        ("mdpi.com/2077-0383/12/19/6311" for "J Clin Med. 2023;12(19):6311")."""
        address = _bare_address(href)
        if not address:
            return ()
        printing = tuple(c.id for c in self.ordered if address in _bare_address(c.printed))
        if printing:
            return printing
        parts = set(re.split(r"[/?#&=.]", unquote(href).casefold()))
        placed = [c.id for c in self.ordered if c.fields.volume and len(_first_page(c)) >= LINKED_PAGE_DIGITS
                  and c.fields.volume.casefold() in parts and _first_page(c) in parts]
        return tuple(placed) if len(placed) == 1 else ()

    def year_cited(self, described: str) -> tuple[str, ...]:
        """"a 2003 study": the one reference of that year, if the text lists exactly one."""
        year = re.search(r"(?:19|20)\d{2}", described)
        same = [c.id for c in self.ordered if year is not None and c.fields.year == int(year.group(0))]
        return tuple(same) if len(same) == 1 else ()

    def organisation_cited(self, organisation: str) -> tuple[str, ...]:
        """"The National Institute of Mental Health estimated": a reference it authored."""
        wanted = fold(organisation)
        return tuple(c.id for c in self.ordered
                     if (c.fields.authors and fold(c.fields.authors[0].last_name) == wanted)
                     or fold(c.printed).startswith(wanted))

    def author_cited(self, surname: str) -> tuple[str, ...]:
        """"a study led by Dr Smith", "Smith and colleagues": the references Smith wrote first."""
        wanted = surname_key(surname)
        return tuple(c.id for c in self.ordered
                     if c.fields.authors and surname_key(c.fields.authors[0].last_name) == wanted)

    def titled_by(self, heading: Sentence, text: str) -> bool:
        """Is the line the title of the citation printed right under it (a record's DOI or
        journal line that prints no title of its own)? A title ends with no full stop."""
        at = bisect_left(self.starts, heading.end)
        if heading.text[-1:] in ".!?" or at >= len(self.ordered) or self.ordered[at].fields.title:
            return False
        between = text[heading.end:self.ordered[at].span.start]
        return bool(_TITLE_GAP.fullmatch(between)) and between.count("\n") <= TITLE_GAP_LINES

    def within(self, begin: int, end: int) -> list[Citation]:
        """The citations whose printed span touches [begin, end), in order."""
        first = max(bisect_left(self.starts, begin) - 1, 0)
        last = bisect_left(self.starts, max(end, begin + 1))
        return [c for c in self.ordered[first:last] if c.span.end > begin]

    def hides_line(self, begin: int, end: int, line: str) -> bool:
        """Is the line a reference, not prose? A line that only prints an identifier inside a
        sentence ("... (doi: 10.x/y), the authors reported.") stays prose."""
        touching = self.within(begin, end)
        if not touching:
            return False
        if any(not _bare_id(c) for c in touching):
            return True
        return len(_ID_TEXT.sub(" ", line).split()) < PROSE_AROUND_ID and not _claim_citing_by_id(line)

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

    def cited_by(self, sentence: Sentence, article: Article | None = None) -> tuple[list[str], list[str]]:
        """The citations a sentence rests on and how each was tied (`linked_by`: one entry per
        citation, then one per tie that found no reference in the text). Explicit ties (a named
        author, a marker, an author-year, a link, a named journal) win over the section's
        source or the page's single study, and the claim says when one was overruled."""
        cited: list[str] = []
        how: list[str] = []
        unresolved: list[str] = []

        def add(cid: str, reason: str) -> None:
            if cid not in cited:
                cited.append(cid)
                how.append(reason)

        def tie(found: tuple[str, ...], label: str, missing: str | None = None) -> None:
            """Each citation found, tied with its label; a tie that found none is noted."""
            for cid in found:
                add(cid, label)
            if not found and missing is not None:
                unresolved.append(missing)

        for citation in self.within(sentence.start, sentence.end):
            if _bare_id(citation):
                add(citation.id, f"identifier {citation.printed}")
        first = bisect_left(self.mentions, (sentence.start, ""))
        for offset, cid in self.mentions[first:]:
            if offset >= sentence.end:
                break
            add(cid, "named")
        text = sentence.text
        named = not _names_no_source(text)  # most sentences: none of the word ties below can apply
        for number in sorted(reference_markers(text)) if named else ():
            tie(self.by_marker.get(number, ()), f"marker [{number}]",
                f"marker [{number}] (no reference {number} in the text)")
        if named and _LOST_MARKER.search(text):
            unresolved.append("marker [?] (the number was lost)")
        for surname, year in sorted(author_years(text)) if named else ():
            found = self.by_author_year.get((surname, year), ())
            if found:
                tie(found, "author-year")
            elif len(other := self.by_surname(surname)) == 1:  # "Islam et al. (2021)" for Islam 2023
                tie(other, f"author-year {surname.title()} {year} (the reference is of another year)")
            else:
                tie((), "author-year", f"author-year {surname.title()} {year} (no matching reference)")
        for link in _links_in(article, sentence):
            tie(self.by_id.get(_id_in_url(link.href) or "", ()) or self.url_cited(link.href),
                f"hyperlink {link.href}", f"hyperlink {link.href}")
        for journal in journals_named(text) if named else ():
            tie(self.narrowed(self.journal_cited(journal), sentence), f"journal named: {journal}",
                f"journal named: {journal} (no reference in the text)")
        named_already = {fold(j) for j in journals_named(text)} if named else set()
        for journal in journals_in_words(text) if named else ():
            if fold(journal) not in named_already:
                journal_like = reads_as_journal(journal)
                tie(self.narrowed(self.journal_cited(journal, printed=journal_like), sentence),
                    f"journal named: {journal}",
                    f"journal named: {journal} (no reference in the text)" if journal_like else None)
        for match in _JOURNAL_STUDY.finditer(text) if named else ():
            by_journal = self.narrowed(self.journal_cited(match.group("name")), sentence)
            tie(by_journal, f"journal named: {match.group('name')}")
            if not by_journal:  # "the PREDIMED trial", "the Nurses' Health Study": a study known by its name
                tie(self.narrowed(self.name_in_title(match.group("name")), sentence),
                    f"study named: {match.group('name')}")
        for described in studies_described(text) if named else ():
            tie(self.year_cited(described), f"study named: {described}",
                f"study named: {described} (no reference in the text)")
        for organisation in organisations_named(text) if named else ():
            tie(self.organisation_cited(organisation), f"organisation named: {organisation}",
                f"organisation named: {organisation} (no reference in the text)")
        for surname in researchers_named(text) if named else ():
            tie(self.author_cited(surname), f"named: {surname}")
        if named and not cited and _A_STUDY_IN_WORDS.search(text):
            tie(self.title_cited(text), "narrative: the study its title describes")
        if named and not cited and not unresolved and MENTION_RE.search(text):
            # "as Jansen et al. reported": a paper the text does not list, which the section's
            # source does not overrule
            unresolved.append("named: an author with no matching reference")
        self._default_ties(sentence, bool(cited or unresolved), cited, unresolved, add)
        return cited, how + unresolved

    def narrowed(self, candidates: tuple[str, ...], sentence: Sentence) -> tuple[str, ...]:
        """A journal named in a sentence that several references print ("in the New England
        Journal of Medicine"): the one of them that is the section's source, else the one whose
        title shares the most words with the sentence, else all of them."""
        if len(candidates) <= 1:
            return candidates
        defaults = [cid for cid, _ in self._defaults(sentence) if cid in candidates]
        if defaults:
            return tuple(defaults)
        words = set(_title_words(sentence.text)) - _TITLE_STOPWORDS
        by_id = {c.id: c for c in self.ordered}
        shared = {cid: len(words & set(_title_words(_title(by_id[cid])))) for cid in candidates}
        best = max(shared.values())
        winners = tuple(cid for cid in candidates if shared[cid] == best)
        return winners if best >= TOPIC_WORDS and len(winners) == 1 else candidates

    def _defaults(self, sentence: Sentence) -> list[tuple[str, str]]:
        """The section's source of the sentence, or the page's single study, and how."""
        at = bisect_left(self.closing_starts, sentence.end)
        opened_by = next((cid for begin, end, cid in self.opening if begin <= sentence.start < end), None)
        opens_next = at < len(self.closing) and any(cid == self.closing[at].id for _, _, cid in self.opening)
        if opened_by is not None:
            return [(opened_by, "section source (printed before the paragraph)")]
        if at < len(self.closing):
            return [] if opens_next else [(self.closing[at].id, "section source")]
        return [(cid, "single-study article") for cid in self.single_study]

    def _default_ties(self, sentence: Sentence, explicit: bool, cited: list[str], unresolved: list[str],
                      add: Callable[[str, str], None]) -> None:
        """The closing reference of the section, else the page's single study."""
        defaults = self._defaults(sentence)
        for cid, reason in defaults:
            if not explicit:
                add(cid, reason)
            elif cid not in cited:
                unresolved.append(f"{reason} {cid} overruled by the explicit tie")
        if not defaults and not explicit and self.narrative_study:
            unresolved.append(f"single-study article: the study in {self.narrative_study} (no reference in the text)")


@memo.kept  # a pure function of the sentence (verifier/memo.py)
def _names_no_source(text: str) -> bool:
    """No marker, author-year, journal, study named or described, organisation, researcher or
    "et al." in the sentence: its words tie it to nothing (CitationIndex.cited_by)."""
    return not (reference_markers(text) or _LOST_MARKER.search(text) or author_years(text)
                or journals_named(text) or journals_in_words(text) or _JOURNAL_STUDY.search(text)
                or studies_described(text) or organisations_named(text) or researchers_named(text)
                or _A_STUDY_IN_WORDS.search(text) or MENTION_RE.search(text))


_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+\S")


def _names_a_study(citation: Citation) -> bool:
    """A source line that prints an author, title, journal, year or identifier; "Source:
    University of Westbridge" over a news story names who issued it, not a study, and is no
    section's source."""
    fields = citation.fields
    return bool(fields.authors or fields.title or fields.journal or fields.year or citation.pmid or citation.doi
                or citation.pmcid or citation.marker is not None)


def _opening_sources(closing: tuple[Citation, ...], text: str) -> tuple[tuple[int, int, str], ...]:
    """Sources printed under a heading, before the prose they support ("## Topic / Source: ... /
    the claims"): each ties the sentences after it up to the next heading or source. A page that
    opens on a study's source prints each source before its prose: every source prose follows
    opens its part."""
    found = []
    leads = bool(closing) and not text[:text.rfind("\n", 0, closing[0].span.start) + 1].strip() \
        and bool(closing[0].fields.authors) and bool(closing[0].fields.title or closing[0].fields.journal)
    for at, citation in enumerate(closing):
        end = closing[at + 1].span.start if at + 1 < len(closing) else len(text)
        above = [line for line in _lines_above(text, citation.span.start, 3) if line.strip()]
        heads = bool(above) and _stands_as_heading(above[-1])
        if not heads and not (leads and _PROSE.search(text, citation.span.end, end)):
            continue
        next_heading = _next_heading(text, citation.span.end, end)
        found.append((citation.span.end, next_heading, citation.id))
    return tuple(found)


_PROSE = re.compile(r"[a-z]{2,}[.!?](?:\s|$)")  # a sentence ending: prose, not a heading or a blank


def _lines_above(text: str, offset: int, count: int) -> list[str]:
    """The `count` whole lines before the line holding `offset` (found backwards: linear overall)."""
    end = text.rfind("\n", 0, offset)
    begin = end
    for _ in range(count):
        if begin <= 0:
            begin = -1
            break
        begin = text.rfind("\n", 0, begin)
    return text[begin + 1:end].split("\n") if end >= 0 else []


def _stands_as_heading(line: str) -> bool:
    """A section's heading; "Reference", "Sources" or "Journal reference" above a source heads
    the source itself."""
    if heads_a_citation(line):
        return False
    return bool(_MARKDOWN_HEADING.match(line)) or _is_heading(line)


def _next_heading(text: str, begin: int, end: int) -> int:
    """The start of the first heading line in [begin, end): a Markdown heading, or a short line
    with no sentence end standing alone between blank lines."""
    offset = begin
    lines = text[begin:end].split("\n")
    for at, line in enumerate(lines):
        alone = (at == 0 or not lines[at - 1].strip()) and (at + 1 >= len(lines) or not lines[at + 1].strip())
        if line.strip() and (_MARKDOWN_HEADING.match(line) or (alone and _is_heading(line))) and offset > begin:
            return offset
        offset += len(line) + 1
    return end


def _journal_of_the_page(text: str) -> str | None:
    """A news item or press release about one study, printing no reference: every journal it
    names ("published today in the journal Environmental Health") is the same one, named early.
    Every claim on such a page rests on that study unless it names another source."""
    opening = text[:NARRATIVE_OPENING * 10]
    in_words = [j for j in journals_in_words(opening) if reads_as_journal(j)]  # "writing in the BMJ"
    named = {fold(j): j for j in [*journals_named(opening), *in_words]}
    first = min((m.start() for m in (_JOURNAL_NAMED.search(opening), _JOURNAL_IN_WORDS.search(opening))
                 if m is not None), default=None) if named else None
    if len(named) != 1 or first is None or first >= NARRATIVE_OPENING:
        return None
    return next(iter(named.values()))


def _identifiers(body: str) -> re.Pattern[str]:
    """Links, DOIs, PMCIDs and labelled ids, each running over characters of `body`."""
    return re.compile(rf"https?://{body}+|\b10\.\d{{4,9}}/{body}+|\bPMC\d+"
                      rf"|\b(?:PMID|PMCID|DOI)\b:?\s*(?:10\.\d{{4,9}}/{body}+|\d+)?", re.I)


_ID_TEXT = _identifiers(r"\S")
PROSE_AROUND_ID = 6  # words besides its identifiers: a sentence citing by id, not an id line


# "Ginger eases nausea (PMID: 12345678).": a short claim with its identifier in brackets
_PROSE_THEN_ID = re.compile(r"^\s*(?P<prose>[^()]+?)[\s,;]*\((?P<id>[^()]+)\)\s*[.!]?\s*$")


def _claim_citing_by_id(line: str) -> bool:
    """A short line whose words before a bracketed identifier assert a relation is prose."""
    match = _PROSE_THEN_ID.match(line)
    if match is None or not _ID_TEXT.search(match["id"]) or len(match["prose"].split()) < 3:
        return False
    return any(c.kind in _RELATION_CUES for c in find_cues(match["prose"]))


def _bare_id(citation: Citation) -> bool:
    """An identifier printed on its own (no reference around it) within one line."""
    return citation.fields == PrintedFields() and "\n" not in citation.printed and len(citation.printed.split()) <= 3


_TITLE_GAP = re.compile(r"\s*\n\s*(?:https?://\S*?)?")
TITLE_GAP_LINES = 2  # a title and its record's line: one blank line between them at most
NARRATIVE_OPENING = 3000  # characters: a one-study news item names its journal early
SINGLE_STUDY_SPAN = 800  # characters: a page header or how-to-cite block printing one study's ids
SINGLE_STUDY_OPENING = 0.4  # share of the page: where a record's own header or citation block sits
SINGLE_STUDY_HEADER = 1500  # characters: a header is in the opening of the page however short the page


_PROSE_LINE = re.compile(r"^(?:\S+\s+){11,}.*[.!?]\s*$")


def _single_study(ordered: tuple[Citation, ...], text: str) -> tuple[str, ...]:
    """The citations of a page about one study, printed in its opening (a record's header, a
    how-to-cite block): all printed together, or all the same paper. A lone reference further
    down closes its section and ties only what comes before it; a reference list is many studies."""
    if not ordered or len(ordered) > 4:
        return ()
    before = text[:ordered[0].span.start]
    if len(before) > max(len(text) * SINGLE_STUDY_OPENING, SINGLE_STUDY_HEADER):
        return ()
    if any((_PROSE_LINE.search(line) or reads_as_statement(line.strip())) and not not_a_claim(line)
           for line in before.split("\n")):
        return ()  # a sentence before the reference: it closes that section
    titles = {fold(c.fields.title) for c in ordered if c.fields.title}
    if len(titles) > 1:
        return ()  # two papers, however close together
    together = ordered[-1].span.end - ordered[0].span.start <= SINGLE_STUDY_SPAN
    dois = {c.doi.casefold() for c in ordered if c.doi}
    same_paper = len(dois) == 1 and all(c.doi for c in ordered)
    return tuple(c.id for c in ordered) if together or same_paper else ()


def _before_the_list(header: tuple[Citation, ...], ordered: tuple[Citation, ...], in_list: set[str]) -> bool:
    """The page's own citation is printed before its reference list begins."""
    first_listed = next((c.span.start for c in ordered if c.id in in_list), None)
    return first_listed is not None and header[-1].span.end < first_listed


def _ids_index(ordered: tuple[Citation, ...]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for citation in ordered:
        for key in _citation_ids(citation):
            found.setdefault(key, []).append(citation.id)
    return {k: tuple(v) for k, v in found.items()}


def _links_in(article: Article | None, sentence: Sentence) -> list[Link]:
    if article is None:
        return []
    return [link for link in article.links if link.start < sentence.end and link.end > sentence.start]


_URL_ID = re.compile(r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/(?:\?term=)?|pubmed\.gov/"
                     r"|europepmc\.org/(?:article|abstract)/MED/)(?P<pmid>\d{1,9})"
                     r"|(?:/pmc/articles/|pmc\.ncbi\.nlm\.nih\.gov/articles/|europepmc\.org/(?:article|abstract)/PMC/)"
                     r"(?P<pmcid>PMC\d+)|(?P<doi>10\.\d{4,9}/[^\s?#]+)", re.I)


def _id_in_url(href: str) -> str | None:
    """"pmid:123", "pmcid:PMC9" or "doi:10.x/y" for a PubMed, PMC or DOI link."""
    match = _URL_ID.search(unquote(href))
    if match is None:
        return None
    if match.group("pmid"):
        return f"pmid:{match.group('pmid')}"
    if match.group("pmcid"):
        return f"pmcid:{match.group('pmcid').upper()}"
    return f"doi:{match.group('doi').rstrip('.,;)').casefold()}"


def _bare_address(text: str) -> str:
    """The first web address in the text without its scheme, "www." and trailing slash."""
    match = re.search(r"https?://(?:www\.)?([^\s<>\"')\]]+)", text)
    return match.group(1).rstrip("/.,;").casefold() if match else ""


def _first_page(citation: Citation) -> str:
    pages = citation.fields.pages or citation.fields.article_number or ""
    return re.split(r"[-–]", pages)[0].strip().casefold()


def _citation_ids(citation: Citation) -> list[str]:
    ids = [f"pmid:{citation.pmid}" if citation.pmid else "",
           f"pmcid:{citation.pmcid.upper()}" if citation.pmcid else "",
           f"doi:{citation.doi.casefold()}" if citation.doi else ""]
    return [i for i in ids if i]


_SURNAME_WORD = r"(?:[A-Z]['’])?(?:Mc|Mac)?[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)?"
_JOURNAL_NAME = r"(?:[Tt]he\s+)?(?P<{}>[A-Z][\w&'’\-]*(?:\s+(?:of|and|for|in|on|&|[A-Z][\w&'’\-]*))*)"
_JOURNAL_NAMED = re.compile(
    r"\b(?:published|appear(?:s|ed|ing)?|reported|printed)\s+(?:\w+\s+){0,3}?in\s+(?:the\s+)?"
    r"(?:journal\s+)?['‘\"“]?" + _JOURNAL_NAME.format("j1")
    + r"|\b(?:[Aa]|[Tt]he|[Oo]ne|[Aa]nother)\s+(?:(?:new|recent|large|small|major|(?:19|20)\d{2})\s+){0,2}"
    r"(?:study|trial|paper|report|review|meta-analysis)"
    r"\s+in\s+(?:the\s+)?(?:journal\s+)?['‘\"“]?" + _JOURNAL_NAME.format("j2")
    + r"|\(\s*(?:19|20)\d{2}\s*\)\s+in\s+(?:the\s+)?['‘\"“]?" + _JOURNAL_NAME.format("j3"))
# "a new JAMA Pediatrics study": a journal's name used as an adjective (tied only when a reference prints it)
_JOURNAL_STUDY = re.compile(r"\b(?:[Aa]|[Tt]he|[Oo]ne|[Aa]nother)\s+(?:new\s+|recent\s+|large\s+|small\s+)?"
                            r"(?P<name>[A-Z][\w&'’\-]*(?:\s+[A-Z][\w&'’\-]*){0,3})\s+"
                            r"(?:study|trial|paper|analysis|review|meta-analysis|report|cohort|survey|registry|data)\b")
_NOT_A_JOURNAL = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                            "september", "october", "november", "december", "monday", "tuesday", "wednesday",
                            "thursday", "friday", "saturday", "sunday", "today", "this", "it", "which", "a"})


_TITLE_STOPWORDS = frozenset({"of", "the", "and", "for", "in", "on", "&"})
_NARRATIVE_STOP = frozenset(stem(w) for w in GENERIC | {"with", "after", "among", "effect", "effects", "people",
                                                          "adults", "risk", "randomised", "randomized", "controlled",
                                                          "group", "results", "outcomes", "health"})


def abbreviates(short: str, full: str) -> bool:
    """"N Engl J Med" for "New England Journal of Medicine", "JAMA Netw Open" for "JAMA Network
    Open", "Proc Natl Acad Sci U S A" for "Proceedings of the National Academy of Sciences": each
    word of the abbreviation is the next word of the full name shortened (its letters in order,
    the first one first); a country's initials may follow."""
    words = [w for w in fold(full).split() if w not in _TITLE_STOPWORDS]
    parts = [w for w in fold(short).split() if w not in _TITLE_STOPWORDS]
    if not words or len(parts) < len(words) or parts == words:
        return False
    if any(len(extra) > 1 for extra in parts[len(words):]):
        return False
    return all(_shortens(part, word) for part, word in zip(parts, words, strict=False))


def _shortens(part: str, word: str) -> bool:
    if not part or part[0] != word[0]:
        return False
    letters = iter(word)
    return all(letter in letters for letter in part)


@memo.kept_copied  # a pure function of the text (verifier/memo.py)
def journals_named(text: str) -> list[str]:
    """"published in JAMA", "a study in the American Journal of Epidemiology": the journal."""
    found = []
    for match in _JOURNAL_NAMED.finditer(text):
        name = _trim_journal(next(g for g in (match.group("j1"), match.group("j2"), match.group("j3")) if g))
        if name and name.split()[0].casefold() not in _NOT_A_JOURNAL:
            found.append(name)
    return found


# Narrative mentions of a journal in other words: "research in the Journal of Sleep Research",
# "writing in the BMJ", "in the latest issue of Pediatrics", "the journal Sleep", "the paper, in
# Nature,". Tied when a reference prints the journal, or when the name reads as a journal's.
_JOURNAL_IN_WORDS = re.compile(
    r"\b(?:research|studies|study|trials?|papers?|report|review|article|analysis|findings|results|data|work"
    r"|evidence)\s*,?\s+(?:\w+\s+){0,3}?(?:in|from)\s+(?:the\s+)?(?:journal\s+)?['‘\"“]?" + _JOURNAL_NAME.format("k1")
    + r"|\b(?:[Ww]riting|wrote|writes?)\s+in\s+(?:the\s+)?(?:journal\s+)?['‘\"“]?" + _JOURNAL_NAME.format("k2")
    + r"|\bissue\s+of\s+(?:the\s+)?(?:journal\s+)?['‘\"“]?" + _JOURNAL_NAME.format("k3")
    + r"|\b(?:the|a)\s+journal\s+['‘\"“]?" + _JOURNAL_NAME.format("k4"))
_JOURNAL_WORD = re.compile(r"\b(?:Journal|J|Medicine|Med|Lancet|JAMA|BMJ|Nature|Science|Annals|Ann|Proceedings|Proc"
                           r"|Archives|Arch|Reviews?|Rev|Reports|Research|Res|Nutrition|Nutr|Nutrients|Cell|PLOS|PLoS"
                           r"|Clinical|Clin|Pediatrics|Paediatrics|Cancer|Cardiology|Psychiatry|Neurology|Epidemiology"
                           r"|Diabetes|Diabetologia|Circulation|Gut|Sleep|Stroke|Frontiers|Letters|Bulletin|Gazette"
                           r"|Obesity|Gerontology|Pharmacology|Therapeutics|Surgery|Oncology)\b")
_NOT_JOURNAL_BODY = re.compile(r"\b(?:Institutes?|Agency|Organi[sz]ation|Cent(?:er|re)s?|Foundation|Department|Council"
                               r"|Ministry|University|Hospital|School|College)\b")


@memo.kept_copied  # a pure function of the text (verifier/memo.py)
def journals_in_words(text: str) -> list[str]:
    """Journal names in the other narrative forms (see _JOURNAL_IN_WORDS)."""
    found = []
    for match in _JOURNAL_IN_WORDS.finditer(text):
        name = _trim_journal(next(g for g in match.groups() if g))
        if name and name.split()[0].casefold() not in _NOT_A_JOURNAL:
            found.append(name)
    return found


def reads_as_journal(name: str) -> bool:
    """"Journal of Sleep Research", "Diabetologia", "The BMJ"; not "World Health Organization"."""
    return bool(_JOURNAL_WORD.search(name)) and (not _NOT_JOURNAL_BODY.search(name) or "Journal" in name)


_JOINERS = frozenset({"of", "and", "for", "in", "on", "&"})


def _trim_journal(name: str) -> str:
    """"Science Advances on Monday" -> "Science Advances"; a joiner left dangling is dropped."""
    words = name.strip().strip("'‘’\"“”").split()
    if len(words) > 1 and words[0].endswith(("'s", "’s")):
        words = words[1:]  # "Sweden's Scientific Reports": the journal, not its country
    for at, word in enumerate(words):
        if word.casefold() in _NOT_A_JOURNAL and at > 0:
            words = words[:at]
            break
    while words and words[-1].casefold() in _JOINERS:
        words.pop()
    return " ".join(words).strip("'‘’\"“”")


_STUDY_DESCRIBED = re.compile(r"\b(?:[Aa]|[Oo]ne)\s+(?:recent\s+|small\s+|large\s+)?(?:19|20)\d{2}\s+"
                              r"(?:study|trial|meta-analysis|review|analysis|survey|report|literature analysis)\b"
                              r"|\b[Ii]n\s+(?:19|20)\d{2},\s+(?:a|the)\s+(?:[\w\-]+\s+){0,3}?"
                              r"(?:study|trial|meta-analysis|review|analysis|survey)\b")


_RESEARCHER = re.compile(
    r"\b(?:(?:(?:study|trial|review|paper|research|team|work|analysis|survey)\s+(?:\w+\s+)?(?:by|led by|from)"
    r"|led by)\s+(?:(?:Dr|Prof|Professor)\.?\s+)?|(?:Dr|Prof|Professor)\.?\s+)(?:[A-Z][a-z]+\s+)?(?:[A-Z]\.\s+)?"
    r"(?P<a>" + _SURNAME_WORD + r")\b"
    r"|\b(?P<b>" + _SURNAME_WORD + r")\s+and\s+(?:colleagues|co-?workers|(?:his|her|their)\s+(?:team|colleagues))\b"
    r"|\b(?P<c>" + _SURNAME_WORD + r")['’]s\s+(?:(?:\d{4}|new|recent|earlier|later|own)\s+)?(?:team|group|study"
    r"|trial|lab|research|analysis|review|meta-analysis|paper|findings|results|work|data|survey|experiments?)\b"
    # "Okafor and Lin showed", "according to Thompson", "as Haneef points out": the authors by name
    r"|\b(?P<e>" + _SURNAME_WORD + r")\s+(?:and|&)\s+" + _SURNAME_WORD + r"\s+(?:\(\d{4}\)\s+)?(?:also\s+)?"
    r"(?:found|showed|shown|reported|concluded|observed|demonstrated|noted|argued|suggested|described)\b"
    r"|\b[Aa]ccording\s+to\s+(?:(?:Dr|Prof|Professor)\.?\s+)?(?:[A-Z][a-z]+\s+)?(?P<f>" + _SURNAME_WORD + r")"
    r"(?:\s+et\.?\s?al\.?|\s+and\s+(?:colleagues|co-?workers))?\s*,"
    r"|\b[Aa]s\s+(?P<g>" + _SURNAME_WORD + r")(?:\s+et\.?\s?al\.?|\s+and\s+(?:colleagues|co-?workers))?\s+"
    r"(?:(?:has|have|had)\s+)?(?:points?\s+out|pointed\s+out|notes?|noted|argues?|argued|shows?|showed|shown|found"
    r"|reports?|reported|explains?|explained|suggests?|suggested|concludes?|concluded)\b"
    # "the Thompson crossover study", "the Okafor et al. trial": a study known by its first author
    r"|\b(?:[Tt]he|[Aa])\s+(?P<d>" + _SURNAME_WORD + r")(?:\s+et\.?\s?al\.?)?\s+(?:[a-z][\w\-]*\s+)?"
    r"(?:study|trial|review|meta-analysis|analysis|paper|report|cohort)\b")
_BODY = (r"(?:Institutes?|Agency|Organi[sz]ation|Cent(?:er|re)s?|Foundation|Association|Society|Department"
         r"|Council|Commission|Administration|Office|Academy|College|Survey|Index|Bureau|Panel|Board|Task Force"
         r"|Ministry|Authority|Service|Alliance|Federation|Network|Coalition|Registry)")
_NAME_WORD = r"[A-Z][\w&'’\-]*"
_ORGANISATION = re.compile(
    rf"\b(?:[Tt]he\s+)?(?P<org>(?:{_NAME_WORD}\s+){{0,5}}{_BODY}(?:\s+(?:of|for|on)\s+(?:the\s+)?{_NAME_WORD}"
    rf"(?:\s+(?:and\s+)?{_NAME_WORD}){{0,4}})?(?:\s+\([A-Z]{{2,8}}\))?)"
    r",?\s+(?:\w+\s+)?(?:estimated|estimates|reported|reports|found|finds|concluded|concludes|recommends"
    r"|recommended|warns|warned|states|stated|shows|showed|calculated|calculates)\b")


@memo.kept_copied  # a pure function of the text (verifier/memo.py)
def organisations_named(text: str) -> list[str]:
    """"The National Institute of Mental Health estimated ...": an organisation given as the source."""
    return [m.group("org") for m in _ORGANISATION.finditer(text)]


@memo.kept_copied  # a pure function of the text (verifier/memo.py)
def researchers_named(text: str) -> list[str]:
    """"a study by Smith", "led by Dr Jane Smith", "Smith and colleagues", "Smith's team", "the
    Smith trial"."""
    return [next(g for g in m.groups() if g) for m in _RESEARCHER.finditer(text)]


@memo.kept_copied  # a pure function of the text (verifier/memo.py)
def studies_described(text: str) -> list[str]:
    """"a 2003 study", "in 1982, a literature analysis": a study named by its year, no reference."""
    return [m.group(0).strip() for m in _STUDY_DESCRIBED.finditer(text)]


_LOST_MARKER = re.compile(r"(?<=[\w.,;)])\s?\[\s*\](?=\s*(?:[.,;:]|$))")  # "worldwide [ ]." once a link's text is lost
_BRACKET = re.compile(r"\[\s?(\d{1,3}(?:\s*[,–-]\s*\d{1,3}){0,20})\s?\]")
# "(2-4)." or "cancer(1)": a parenthesised number closing a clause, not "(1) first ... (2) second"
# (not a volume's issue: "12(19):6311")
_PAREN = re.compile(r"(?<=\S)\s?\((\d{1,3}(?:\s*[,–-]\s*\d{1,3}){0,20})\)(?!\s*:\s*\d)(?=\s*(?:[.,;:]|$))")
# flattened superscripts: "development1,2,3", "Editors1 ", "loss.1", "Slavin2)", "Mozaffarian6–"
_SUPERSCRIPT = re.compile(r"(?:(?<=[a-z]{3})|(?<=[a-z]{2}[.,]))(\d{1,3}(?:[,–-]\d{1,3}){0,20})(?=[\s.,;:)–]|$)")
_CARET = re.compile(r"\^(\d{1,3}(?:[,–-]\d{1,3}){0,20})\b")
_YEAR_THEN_SUPERSCRIPT = re.compile(_YEAR_OF_A_TIME + r"(\d{1,2}(?:[,–-]\d{1,3})*)\s*$", re.I)  # "in 2019.3"
# "[Ref. 2]", "(refs 3, 4)", "[12•]" (a reference marked of interest), ".(12) More" after a full stop
_REF_WORD = re.compile(r"[(\[]\s*refs?\.?\s*(\d{1,3}(?:\s*[,–-]\s*\d{1,3}){0,20})\s*[)\]]", re.I)
_MARKED = re.compile(r"\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3}){0,20})\s*[•*†‡]+\]")
_AFTER_STOP = re.compile(r"(?<=[a-z][.,;:])\((\d{1,3}(?:\s*[,–-]\s*\d{1,3}){0,20})\)")
# "helps¹", "helps.²³", "helps¹⁻³", "helps⁽¹⁾": Unicode superscript digits
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_UNICODE_SUP = re.compile(r"(?:(?<=[a-z]{3})|(?<=[a-z]{2}[.,;)]))⁽?"
                          r"([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}(?:[,⁻–\-][⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}){0,20})⁾?")
_PLAIN_DIGITS = str.maketrans(_SUPERSCRIPT_DIGITS + "⁻", "0123456789-")


_PAREN_ALONE = re.compile(r"^\s*\((\d{1,3}(?:\s*[,–-]\s*\d{1,3}){0,20})\)\s*[.;,]?\s*$")  # "(1)." as its own sentence


@memo.kept_copied  # a pure function of the text (verifier/memo.py)
def reference_markers(text: str) -> set[int]:
    """Numbers cited by "[3]", "[1, 4]", "[2-5]", "(2-4).", "cancer(1)", "^97" or a flattened
    superscript ("development1,2,3"). Enumerations ("(1) first"), "[3.7]", decimals and years are
    not markers."""
    numbers: set[int] = set()
    text = _ID_IN_PROSE.sub(_blanked, text)  # "doi:10.1000/xyz123", ".../page2": no superscript in an id
    for pattern in (_BRACKET, _PAREN, _SUPERSCRIPT, _CARET, _REF_WORD, _MARKED, _AFTER_STOP, _PAREN_ALONE,
                    _YEAR_THEN_SUPERSCRIPT):
        for match in pattern.finditer(text):
            numbers |= _marker_numbers(match.group(1))
    for match in _UNICODE_SUP.finditer(text):
        numbers |= _marker_numbers(match.group(1).translate(_PLAIN_DIGITS))
    return numbers


def _blanked(match: re.Match[str]) -> str:
    """The identifier blanked, the punctuation after it kept ("...abc).[4]" keeps its marker)."""
    found = match.group(0)
    kept = found.rstrip(".,;:")
    return " " * len(kept) + found[len(kept):]


# An identifier as prose prints it: a link or DOI ends at a bracket, so "(https://x.org/a)[4]"
# keeps its marker
_ID_IN_PROSE = _identifiers(r"[^\s()\[\]]")


def _marker_numbers(printed: str) -> set[int]:
    numbers: set[int] = set()
    for part in re.split(r"\s*,\s*", printed):
        ends = [int(n) for n in re.split(r"\s*[–-]\s*", part) if n]
        if len(ends) == 2 and 0 <= ends[1] - ends[0] <= 50:
            numbers.update(range(ends[0], ends[1] + 1))
        else:
            numbers.update(ends)
    return {n for n in numbers if 0 < n < 1000}


_SURNAME = r"(?:(?:[Vv][ao]n|[Dd][aeiu]|[Dd]e[lnr]|[Dd]os|[Ll][ae]|[Tt]e[nr])\s+){0,2}(?:[A-Z]['’])?(?:Mc|Mac)?" \
           r"[A-Z][a-zà-ÿ'’]+(?:[A-Z][a-zà-ÿ]+)?(?:-[A-Z][a-zà-ÿ'’]+)?"
_JOINED = rf"(?:\s+et\.?\s?al\.?|\s+(?:and|&)\s+(?:colleagues|co-?workers|others|{_SURNAME}))"
_COAUTHOR = rf"{_JOINED}?"
_YEAR = r"((?:19|20)\d{2})[a-z]?\b"
# "Smith et al., 2020" / "Smith & Jones (2019)" / "Kennedy (2016)" / "Smith, Jones and Brown (2018)" /
# "Smith and colleagues (2020)" / "Smith's 2019 study"; a list of names needs its "and" or "et al."
# ("Writing in Nutrients, Kennedy (2016)" is Kennedy's)
_AUTHOR_YEAR = re.compile(
    rf"\b({_SURNAME})(?:\s+et\.?\s?al\.?,?\s+\(?{_YEAR}|(?:(?:,\s+{_SURNAME})+,?{_JOINED}|{_COAUTHOR}),?\s+\({_YEAR}"
    rf"|['’]s\s+{_YEAR}\s+(?:study|trial|paper|review|analysis|report|meta-analysis|survey))")
# one item of a parenthesised citation: "Smith, 2020", "Smith et al. 2020a, 2021", "Smith, Jones, & Brown, 2018"
_CITED_ITEM = re.compile(
    rf"^\s*(?:e\.g\.,?|i\.e\.,?|see(?: also)?|cf\.?|for (?:example|a review),?(?: see)?|reviewed in|as cited in)?\s*"
    rf"({_SURNAME})(?:(?:,\s*{_SURNAME})*,?\s*(?:and|&)\s*{_SURNAME}|\s+et\.?\s?al\.?|\s+(?:and|&)\s+"
    rf"(?:colleagues|co-?workers|others))?,?\s+((?:19|20)\d{{2}})[a-z]?((?:\s*,\s*(?:19|20)\d{{2}}[a-z]?)*)\b")
_PARENTHESES = re.compile(r"\(([^()]{4,400})\)")
_ITEM_SPLIT = re.compile(rf";|,\s+(?={_SURNAME}(?:\s+et\.?\s?al\.?)?,?\s+(?:19|20)\d{{2}})")
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "di", "da", "du", "del", "dos", "le", "la", "ten", "ter"})
_NOT_A_SURNAME = frozenset({"in", "since", "by", "from", "until", "during", "the", "of", "on", "for", "and",
                            "a", "an", "as", "at", "to", "after", "before", "between", "published", "report",
                            "january", "february", "march", "april", "may", "june", "july", "august",
                            "september", "october", "november", "december", "spring", "summer", "autumn",
                            "winter", "study", "see", "accessed", "cited", "updated", "version", "this",
                            "however", "moreover", "similarly", "furthermore", "recently", "previously", "indeed",
                            "thus", "also", "likewise", "additionally", "notably", "conversely", "specifically",
                            "finally", "then", "later", "earlier", "here", "there", "today", "yet", "but", "when",
                            "while", "where", "year", "years", "fall", "issue", "volume", "edition"})


# "(World Health Organization, 2020)", "(Blue Cross/Blue Shield Health Index, 2018)", "(WHO, 2020)":
# a collective author
_GROUP_YEAR = re.compile(r"\((?P<group>[A-Z][\w'’&/\-]*(?:\s+(?:of|for|and|on|the|&|[A-Z][\w'’&/\-]*)){1,9}"
                         r"|[A-Z]{2,8}),?\s+(?P<year>(?:19|20)\d{2})[a-z]?\)")


def surname_key(name: str) -> str:
    """A surname as compared: folded, without its particles ("van der Berg" and "Berg" agree)."""
    words = fold(name).split()
    while len(words) > 1 and words[0] in _PARTICLES:
        words = words[1:]
    return " ".join(words)


@memo.kept_copied  # a pure function of the text (verifier/memo.py)
def author_years(text: str) -> set[tuple[str, int]]:
    """("smith", 2020) for "Smith et al., 2020", "(Smith 2020)", "Smith & Jones (2020)", each item
    of "(e.g., Smith, 2020; Jones et al., 2019a, 2021)"; the whole name of a collective author
    ("(World Health Organization, 2020)")."""
    found: set[tuple[str, int]] = set()
    at = 0
    while (match := _AUTHOR_YEAR.search(text, at)) is not None:
        groups = [g for g in match.groups() if g]
        # "However, Smith (2018)": when the first name is no surname, the list starts at the next
        at = match.end() if _add_author_year(found, groups[0], [groups[-1]]) else match.start() + len(groups[0])
    groups_at: set[int] = set()
    for parenthesis in _PARENTHESES.finditer(text):
        if not _DIGIT.search(parenthesis.group(1)):
            continue
        for item in _ITEM_SPLIT.split(parenthesis.group(1)):
            cited = _CITED_ITEM.match(item)
            if cited is not None and _add_author_year(found, cited.group(1),
                                                      [cited.group(2), *re.findall(r"\d{4}", cited.group(3))]):
                groups_at.add(parenthesis.start())
    for match in _GROUP_YEAR.finditer(text):
        group = match.group("group")
        if match.start() not in groups_at and fold(group.split()[0]) not in _NOT_A_SURNAME:
            found.add((fold(group), int(match.group("year"))))
    return found


def _add_author_year(found: set[tuple[str, int]], surname: str, years: list[str]) -> bool:
    if fold(surname).split()[0] in _NOT_A_SURNAME:
        return False
    found.update((surname_key(surname), int(year)) for year in years)
    return True


def _author_year(citation: Citation) -> tuple[str, int] | None:
    fields = citation.fields
    if not fields.authors or fields.year is None:
        return None
    return surname_key(fields.authors[0].last_name), fields.year


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
            if not _names_a_design(line) and not any(n in line for n in names):
                continue  # no sentence of it can be chosen: skip the segmenter
            for sentence in split_sentences(line):
                named = any(n in sentence.text for n in names)
                future = PATTERNS[CueKind.need].search(sentence.text)  # "trials will be needed"
                if (named or _DESIGN_WORDS.search(sentence.text)) and not future:
                    chosen.append(sentence.text[:MAX_SENTENCE])
    return list(dict.fromkeys(chosen))


@memo.kept  # a pure function of the line (verifier/memo.py)
def _names_a_design(line: str) -> bool:
    return _DESIGN_WORDS.search(line) is not None


def _line_around(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end
