"""The second round of speed work (issue 16) gives the answers of the code it replaced: a
paragraph's sentences split once and placed at each paragraph's own offset; a lexicon matched
as a tree of shared prefixes; the quicker test of a text that lower-cases safely."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from conftest import article_from_text

from verifier import lazyre, memo
from verifier.checks.text import TORTURED, _tortured_matches
from verifier.citations import find_citations
from verifier.claims import (
    PARAGRAPH_KEPT,
    _kept_paragraph,
    _split_paragraph,
    article_sentences,
    paragraph_sentences,
    split_sentences,
)
from verifier.language import lowers_safely

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
    order = sorted(TORTURED, key=len, reverse=True)
    plain = r"(?<![\w-])(" + _plain(order) + r")(?![\w-])"
    every = " ".join(f"{p.upper()}, x{p} {p}-y ({p.title()})" for p in TORTURED)
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
