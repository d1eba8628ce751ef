"""The second round of speed work (issue 16) gives the answers of the code it replaced: a
paragraph's sentences split once and placed at each paragraph's own offset; a lexicon matched
as a tree of shared prefixes; the quicker test of a text that lower-cases safely."""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ISLAM_XML, article_from_text

from verifier import ingest, lazyre, memo
from verifier.checks.claims import ClaimContext
from verifier.checks.normalise import fold
from verifier.checks.text import CTA_LINE_MAX_WORDS, USUAL_WORDING, _calls_to_action, _tortured_matches
from verifier.citations import MENTION_RE, find_citations
from verifier.claim_words import extra_cues
from verifier.claims import (
    GENERIC,
    PARAGRAPH_KEPT,
    _asserts,
    _kept_paragraph,
    _names_no_source,
    _read,
    _split_paragraph,
    article_sentences,
    author_years,
    defined_acronyms,
    extract_claims,
    find_numbers,
    is_claim,
    journals_named,
    paragraph_sentences,
    reference_markers,
    researchers_named,
    split_sentences,
    stem,
)
from verifier.claims import _is_heading as claims_is_heading
from verifier.design import design_from_article, design_from_record
from verifier.ingest import CALL_TO_ACTION
from verifier.language import CueKind, find_cues, lowers_safely, strength_with_reasons
from verifier.models import Claim
from verifier.parse import parse_pubmed_xml

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
REPEATED = ("Coffee drinkers lived longer in a cohort of 20,000 adults.^1 Dr. Smith et al. found the same. "
            "The effect was small.2 It held in 2019.3 Most were women.")


def _seed_paragraphs() -> list[str]:
    return [line for seed in SEEDS for line in seed.read_text(encoding="utf-8").split("\n") if line.strip()]


def test_kept_paragraph_sentences_are_the_fresh_ones() -> None:
    memo.clear()
    for paragraph in [*_seed_paragraphs(), REPEATED]:
        fresh = _split_paragraph(paragraph)
        assert paragraph_sentences(paragraph) == fresh
        assert paragraph_sentences(paragraph) == fresh  # the second call is answered from the kept copy


def test_paragraph_sentences_count_from_the_paragraph_start() -> None:
    for paragraph in _seed_paragraphs():
        for text, start, end in paragraph_sentences(paragraph):
            assert paragraph[start:end] == text


def test_a_long_paragraph_is_split_but_not_kept() -> None:
    long = " ".join([REPEATED] * (PARAGRAPH_KEPT // len(REPEATED) + 2))
    assert len(long) > PARAGRAPH_KEPT
    memo.clear()
    found = paragraph_sentences(long)
    assert _kept_paragraph.cache_info().currsize == 0
    assert len(found) > len(list(split_sentences(REPEATED)))
    assert all(long[start:end] == text for text, start, end in found)


def test_a_repeated_paragraph_is_placed_at_its_own_offset() -> None:
    text = f"Tea and sleep\n\n{REPEATED}\n\nA line between the two.\n\n{REPEATED}\n"
    article = article_from_text(text)
    sentences = list(article_sentences(article, find_citations(article)))
    for sentence in sentences:
        assert text[sentence.start:sentence.end] == sentence.text
    first, second = text.index(REPEATED), text.rindex(REPEATED)
    in_first = [s for s in sentences if first <= s.start < first + len(REPEATED)]
    in_second = [s for s in sentences if s.start >= second]
    assert len(in_first) == len(in_second) >= 4
    assert [(s.start + second - first, s.end + second - first, s.text) for s in in_first] == \
        [(s.start, s.end, s.text) for s in in_second]
    assert in_first[0].paragraph != in_second[0].paragraph
    assert len({s.paragraph for s in in_second}) == 1


# --- a lexicon as a tree of shared prefixes (lazyre.alternation) --------------------------------

PHRASES = ["ab", "a", "abc", "b", "ba", "bab", "x y", "x", "a-b", "ab", "", "c.d", "c"]


def _plain(phrases: list[str]) -> str:
    return "|".join(re.escape(p) for p in phrases)


def _spans(source: str, text: str, flags: int = 0) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    return [(m.span(), m.span(1)) for m in re.finditer(source, text, flags)]


@pytest.mark.parametrize("after", ["", r"(?![\w-])", r"(?=b)", r"\b", r"c?"])
def test_the_prefix_tree_matches_as_the_plain_alternation(after: str) -> None:
    """Same matches and the same phrase chosen, also where what follows makes `re` backtrack into
    the alternation (the phrases put prefixes before, after and between their extensions)."""
    generator = random.Random(16)
    texts = ["".join(generator.choice("abcxy .-") for _ in range(generator.randrange(0, 40))) for _ in range(400)]
    for phrases in (PHRASES, sorted(PHRASES, key=len, reverse=True), sorted(PHRASES), PHRASES[::-1]):
        tree = "(" + lazyre.alternation(phrases) + ")" + after
        plain = "(" + _plain(phrases) + ")" + after
        for text in texts:
            assert _spans(tree, text) == _spans(plain, text), (phrases, text)


def test_the_prefix_tree_of_nothing_is_the_empty_pattern() -> None:
    assert lazyre.alternation([]) == _plain([]) == ""
    assert lazyre.alternation(["same"]) == _plain(["same"])


def test_tortured_phrases_found_as_by_the_plain_pattern() -> None:
    """The T301 lexicon as a tree finds what the plain alternation found, case-blind and on
    the lower-cased text, in the seeds and in a text printing every phrase in odd case."""
    order = sorted(USUAL_WORDING, key=len, reverse=True)
    plain = r"(?<![\w-])(" + _plain(order) + r")(?![\w-])"
    every = " ".join(f"{p.upper()}, x{p} {p}-y ({p.title()})" for p in USUAL_WORDING)
    for text in [seed.read_text(encoding="utf-8") for seed in SEEDS] + [every, every.replace(" ", "\u212a ")]:
        assert [(m.span(), m.group(1)) for m in _tortured_matches(text)] == \
            [(m.span(), m.group(1)) for m in re.finditer(plain, text, re.IGNORECASE)]


def _lowers_safely_as_before(sentence: str, lowered: str) -> bool:
    if sentence.isascii():
        return True
    return len(lowered) == len(sentence) and not any(
        re.match(r"[a-z]", c, re.IGNORECASE) for c in set(sentence) if not c.isascii())


def test_lowers_safely_answers_as_the_character_by_character_test() -> None:
    odd = ["plain", "caf\u00e9 \u2019s", "\u212aelvin", "\u017ft", "\u0130stanbul", "\u0131", "\u00df", "\ufb01 fi",
           "\u1e9e", "\u0391\u03a3", "\u2126 ohm", "\u00c5ngstr\u00f6m \u212b"]
    for sentence in [*_seed_paragraphs(), *odd]:
        assert lowers_safely(sentence, sentence.lower()) == _lowers_safely_as_before(sentence, sentence.lower())


# --- a record's design read once ------------------------------------------------------------------


def test_a_kept_design_is_the_one_read_afresh() -> None:
    record = parse_pubmed_xml(ISLAM_XML.read_bytes())[0]
    memo.clear()
    first = design_from_record(record)
    assert design_from_record(record) is first  # every citation of the record shares it
    memo.clear()
    assert design_from_record(record) == first
    described = design_from_article("A randomised trial of tea", ["In the trial, 120 adults drank tea for 8 weeks."],
                                    "Smith 2020")
    memo.clear()
    assert design_from_article("A randomised trial of tea", ["In the trial, 120 adults drank tea for 8 weeks."],
                               "Smith 2020") == described
    assert described.type != design_from_article("Tea", ["Tea is drunk by millions."], "Smith 2020").type


# --- acronyms and their long forms ------------------------------------------------------------------


def _acronyms_as_before(text: str) -> dict[str, frozenset[str]]:
    """The earlier code: the long form searched in the whole text between two offsets."""
    found: dict[str, frozenset[str]] = {}
    for match in re.finditer(r"\((?P<abbr>[A-Z][A-Za-z0-9\-]{1,9}?)s?\)", text):
        before = re.compile(r"((?:[A-Za-z][\w\-’']*\s+){1,6})$").search(text, max(match.start() - 120, 0),
                                                                       match.start())
        if before is None:
            continue
        abbr = match.group("abbr").rstrip("s")
        words = fold(before.group(1)).split()[-max(len(abbr), 1):]
        found.setdefault(abbr.upper(), frozenset(stem(w) for w in words if w not in GENERIC))
    return found


ACRONYM_TEXTS = [
    "Mesenchymal stem cells (MSCs) were given. Later the MSC group (MSCs) did better.",
    "(MS) at the start. Multiple sclerosis\n(MS) after a line break, relapsing-remitting MS (RRMS).",
    "Patients with rheumatoid arthritis (RA)\nand (RA) twice; body mass index(BMI) glued; x (AB-12s).",
]


def test_acronyms_are_read_as_before() -> None:
    memo.clear()
    for text in [*ACRONYM_TEXTS, *(seed.read_text(encoding="utf-8") for seed in SEEDS)]:
        expected = _acronyms_as_before(text)
        assert defined_acronyms(text) == expected
        assert defined_acronyms(text) == expected  # from the kept long forms
    assert defined_acronyms(ACRONYM_TEXTS[0])["MSC"] == frozenset({stem("mesenchymal"), stem("stem"), stem("cells")})


# --- "Smith et al." anchored on its capital -------------------------------------------------------

MENTION_TEXTS = [
    "Smith et al. found it.", "As Jansen et al reported, and xSmith et al. did not.", "_Lee et al. 3Kim et al.",
    "éBrown et al. (2020); (Brown et al., 2021); O'Brien et al.; Smith-Jones et  al.",
    "Jan van der Berg et al. and Ana de Souza et al.", "ÀSmith et al.", "—Smith et al.", "S et al.", "",
]


def test_author_mentions_are_found_as_with_a_word_boundary() -> None:
    bounded = re.compile(r"\b(?P<surname>[A-Z][a-zà-ÿ'’\-]+(?:\s(?:van|de|der|von)\s[A-Z][a-z'’\-]+)?)\s+et\s+al\.?")
    for text in [*MENTION_TEXTS, *(seed.read_text(encoding="utf-8") for seed in SEEDS)]:
        assert [(m.span(), m.group("surname")) for m in MENTION_RE.finditer(text)] == \
            [(m.span(), m.group("surname")) for m in bounded.finditer(text)]
    assert [m.group("surname") for m in MENTION_RE.finditer(MENTION_TEXTS[1])] == ["Jansen"]


# --- memo.cached_property and a claim's first cue of a kind -----------------------------------------


@dataclass(frozen=True)
class _Counted:
    calls: list[int]

    @memo.cached_property
    def answer(self) -> int:
        """Forty-two, counted."""
        self.calls.append(1)
        return 42


def test_cached_property_computes_once_per_instance() -> None:
    first, second = _Counted([]), _Counted([])
    assert (first.answer, first.answer, second.answer) == (42, 42, 42)
    assert len(first.calls) == len(second.calls) == 1
    assert first.__dict__["answer"] == 42
    assert isinstance(_Counted.answer, memo.cached_property)
    assert _Counted.answer.__doc__ == "Forty-two, counted."


def _seed_claims() -> list[Claim]:
    found = []
    for seed in SEEDS:
        article = ingest.load(str(seed))
        found += extract_claims(article, find_citations(article))
    return found


def test_the_first_cue_of_some_kinds_is_the_one_listed_first() -> None:
    claims = _seed_claims()
    kinds = list(CueKind)
    assert sum(len(c.cues) for c in claims) > 50
    for claim in claims:
        ctx = ClaimContext(claim=claim, citation_id=None, label="", design=None, record=None)
        for chosen in [*([k] for k in kinds), *itertools.combinations(kinds, 2), kinds]:
            texts = claim.cue_texts(*chosen)
            assert ctx.cue(*chosen) == (texts[0] if texts else None)


# --- a reference line's verdicts and identifiers, kept --------------------------------------------


def test_kept_short_keeps_short_texts_only() -> None:
    calls: list[str] = []

    @memo.kept_short
    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    long = "x" * (memo.KEPT_LENGTH + 1)
    assert [length("abc"), length("abc"), length(long), length(long)] == [3, 3, len(long), len(long)]
    assert calls == ["abc", long, long]
    memo.clear()
    assert length("abc") == 3
    assert calls == ["abc", long, long, "abc"]


ID_LINE = ("See PMID: 37834955 and doi:10.3390/jcm12196311, PMC10573670; bad PMID: 123456789012 "
           "and PMCID PMC12345678901234.")


def test_citations_found_again_from_kept_answers_are_the_same() -> None:
    articles = [ingest.load(str(seed)) for seed in SEEDS] + [article_from_text(f"Tea helps.\n\n{ID_LINE}\n")]
    memo.clear()
    fresh = [find_citations(article) for article in articles]
    assert [find_citations(article) for article in articles] == fresh
    ids = fresh[-1]  # the DOI and the PMCID printed together are one citation
    assert [(c.id, c.pmid, c.doi, c.pmcid, bool(c.malformed)) for c in ids] == [
        ("c1", "37834955", None, None, False), ("c2", None, "10.3390/jcm12196311", "PMC10573670", False),
        ("c3", None, None, None, True), ("c4", None, None, None, True)]
    offset = len("Tea helps.\n\n")
    assert [ID_LINE[c.span.start - offset:c.span.end - offset] for c in ids] == [
        "PMID: 37834955", "10.3390/jcm12196311, PMC10573670", "PMID: 123456789012", "PMC12345678901234"]


# --- a sentence read once ----------------------------------------------------------------------------


def test_a_sentence_read_once_reads_as_step_by_step() -> None:
    memo.clear()
    for article in (ingest.load(str(seed)) for seed in SEEDS):
        for sentence in article_sentences(article, find_citations(article)):
            text = sentence.text
            found = find_cues(text)
            cues = sorted([*found, *extra_cues(text, found)], key=lambda c: (c.start, -c.end))
            level, deciding = strength_with_reasons(text, cues)
            numbers = tuple(find_numbers(text))
            reading = _read(text)
            assert (list(reading.cues), reading.level, list(reading.deciding), reading.numbers) == \
                (cues, level, deciding, numbers)
            for explicit in (False, True):
                assert _asserts(text, sentence.heading, explicit) == is_claim(sentence, level, cues, numbers, explicit)


def test_claims_extracted_again_are_the_same() -> None:
    memo.clear()
    fresh = _seed_claims()
    assert _seed_claims() == fresh
    assert sum(1 for c in fresh if c.cues) > 20


# --- a sentence whose words name no source ------------------------------------------------------------

NAMING = ["Tea helped [3].", "Tea helped (Smith et al., 2020).", "A study in JAMA found tea helped.",
          "Jansen et al. found tea helped.", "A 2003 study found tea helped.", "A new study found tea helped.",
          "The National Institute of Mental Health estimated tea helps.", "A study led by Dr Jane Smith found it.",
          "The PREDIMED trial found tea helped.", "Tea helped worldwide [ ]."]


def test_a_sentence_naming_a_source_is_read_for_its_ties() -> None:
    for text in NAMING:
        assert not _names_no_source(text), text
    assert _names_no_source("Tea helps people sleep.")


def test_a_sentence_naming_no_source_yields_no_tie_from_its_words() -> None:
    for text in (s.text for article in (ingest.load(str(seed)) for seed in SEEDS)
                 for s in article_sentences(article, find_citations(article))):
        if _names_no_source(text):
            assert not (reference_markers(text) or author_years(text) or journals_named(text)
                        or researchers_named(text) or MENTION_RE.search(text)), text


# --- a line's heading and call-to-action tests, kept ----------------------------------------------------


def test_kept_line_tests_answer_as_computed_afresh() -> None:
    lines = [line for seed in SEEDS for line in seed.read_text(encoding="utf-8").split("\n")]
    lines += ["Sign up for our newsletter", "Request your free information packet today!", "## Results", ""]
    memo.clear()
    for line in lines * 2:
        assert claims_is_heading(line) == claims_is_heading.__wrapped__(line)  # type: ignore[attr-defined]
        assert _calls_to_action(line) == (len(line.split()) <= CTA_LINE_MAX_WORDS
                                          and CALL_TO_ACTION.search(line) is not None)
    assert _calls_to_action("Sign up for our newsletter")
