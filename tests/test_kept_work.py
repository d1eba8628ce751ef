"""Work done once and kept (issue 16, second round) gives the answers computed afresh: a
paragraph's sentences split once and placed at each paragraph's own offset."""

from __future__ import annotations

from pathlib import Path

from conftest import article_from_text

from verifier import memo
from verifier.citations import find_citations
from verifier.claims import (
    PARAGRAPH_KEPT,
    _kept_paragraph,
    _split_paragraph,
    article_sentences,
    paragraph_sentences,
    split_sentences,
)

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
