"""The speed work gives the same answers as the code it replaced (issue 16, item 3): sentence
splitting against a plain pysbd run in a separate interpreter (verifier/segmenter.py changes
how pysbd's modules reach `re`, so the reference must not import verifier), and the one-pass
cue matcher against one `finditer` a kind. bench/load/parity.py does the same over whole audits
and ../shared/data."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from verifier import memo
from verifier.claims import author_years, reference_markers, split_sentences, stem
from verifier.language import CueKind, find_cues, find_cues_by_kind
from verifier.segmenter import _segment_kept, required_characters, segment

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
# Abbreviations, initials, decimals, lists, quotes and characters a case-blind pattern reads as
# ASCII letters (the Kelvin sign "\u212a" as "k", the long s "\u017f" as "s"), written for this test.
EDGE_CASES = [
    "", " ", "Dr. Smith saw 12 patients. Mr. Jones saw none.", "See Fig. 2 and No. 5 for details.",
    "Trials (e.g. the PRIME study) were small, i.e. under 50 people. Results varied.",
    "The U.S. Food and Drug Administration approved it. It is sold in the U.K. too.",
    "Islam et al. reported a 40.5% drop. St. John's wort was not tested.",
    "1. First point. 2. Second point. 3. Third point.", "a) one b) two c) three",
    'He said "it works." Then he left. Was it true? Yes!', "Yes. Yes. Yes.",
    "Levels rose at 3 p.m. and fell by 5 a.m. on day two.",
    "The \u212aelvin-sign Dr. test. A long \u017ft. Louis and ſt. John. Prof. Lee agreed.",
    "Vs. placebo, it was better. Approx. 30 mg a day. Jan. 2020 data.",
    "İstanbul Dr. Kaya said so. It may help.",
]


def _paragraphs() -> list[str]:
    lines = [line for seed in SEEDS for line in seed.read_text(encoding="utf-8").split("\n") if line.strip()]
    return lines + EDGE_CASES


def _plain_pysbd(paragraphs: list[str]) -> list[list[str]]:
    code = ("import json, sys, pysbd\n"
            "segmenter = pysbd.Segmenter(language='en', clean=False)\n"
            "print(json.dumps([segmenter.segment(p) for p in json.load(sys.stdin)]))")
    done = subprocess.run([sys.executable, "-c", code], input=json.dumps(paragraphs), capture_output=True,
                          text=True, check=True)
    result: list[list[str]] = json.loads(done.stdout)
    return result


def test_segment_is_plain_pysbd() -> None:
    paragraphs = _paragraphs()
    assert [list(segment(p)) for p in paragraphs] == _plain_pysbd(paragraphs)


def test_segment_twice_is_the_same() -> None:
    paragraph = EDGE_CASES[2]
    assert segment(paragraph) == segment(paragraph) == ("Dr. Smith saw 12 patients. ", "Mr. Jones saw none.")
    assert [s.text for s in split_sentences(paragraph)] == ["Dr. Smith saw 12 patients.", "Mr. Jones saw none."]


@pytest.mark.parametrize(("pattern", "needed"), [
    (r"(?<=Co)\.(?=\sKG)", "CGKo."),  # pysbd's "Co. KG" rule: look-arounds' characters are in the text
    (r"(U∯S|U\.S)∯", "SU∯"),  # only what every alternative needs
    (r"a?b+c*(?!d)", "b"),  # not the optional parts nor a negative look-ahead
    (r"(?i)abc", ""), (r"x|y", ""),  # case-blind: nothing; no common character: nothing
])
def test_characters_every_match_needs(pattern: str, needed: str) -> None:
    assert required_characters(re.compile(pattern)) == frozenset(needed)


def _sentences() -> list[str]:
    split = [s.text for p in _paragraphs() for s in split_sentences(p)]
    return split + EDGE_CASES + [
        "MAY REDUCE THE RISK OF DEATH", "It is \u017fafe and may help.", "Ça peut réduire; it may reduce pain.",
        "Patients demonstrated improvement, and trials have been shown to work.", "It is 100% safe and proven.",
    ]


def test_one_pass_cues_are_the_cues_of_each_kind() -> None:
    sentences = _sentences()
    assert all(find_cues(s) == find_cues_by_kind(s) for s in sentences)
    assert sum(len(find_cues(s)) for s in sentences) > 100  # the seeds are full of cues


def test_case_blind_characters_take_the_case_blind_path() -> None:
    """The long s is an "s" to a case-blind pattern but not in lower case: still found."""
    found = [(c.kind, c.text) for c in find_cues("It is \u017fafe.")]
    assert (CueKind.safety, "\u017fafe") in found and (CueKind.safety_absolute, "is \u017fafe") in found


def test_kept_answers_are_copies() -> None:
    sentence = "Smith et al. (2019) and others (Jones and Lee, 2020) found it [1, 3]."
    markers, years = reference_markers(sentence), author_years(sentence)
    assert markers == {1, 3} and len(years) == 2  # read from the sentence as written
    markers.clear()
    years.clear()  # a caller changing its answer changes nothing kept
    again = reference_markers(sentence)
    assert again == {1, 3} and again is not reference_markers(sentence)
    assert len(author_years(sentence)) == 2


def test_clear_forgets_every_kept_answer() -> None:
    stem("reductions")
    segment("One sentence here. Another one there.")
    assert stem.cache_info().currsize > 0 and _segment_kept.cache_info().currsize > 0
    memo.clear()
    assert stem.cache_info().currsize == 0 and _segment_kept.cache_info().currsize == 0


def test_long_paragraphs_are_split_but_not_kept() -> None:
    memo.clear()
    paragraph = "A sentence of a long paragraph. " * 100  # 3,200 characters
    assert len(segment(paragraph)) == 100
    assert _segment_kept.cache_info().currsize == 0


@pytest.mark.parametrize("sentence", ["Dr. No. 5 et al. e.g. U.S.", "A" * 5000 + ". B."])
def test_split_sentences_unchanged_on_odd_input(sentence: str) -> None:
    assert [s.text.strip() for s in split_sentences(sentence)] == [
        p.strip() for p in _plain_pysbd([sentence])[0] if p.strip()]


def test_fewer_collections_puts_the_collector_back() -> None:
    import gc

    from verifier.collector import FIRST_THRESHOLD, fewer_collections

    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] == FIRST_THRESHOLD
        assert gc.get_freeze_count() > 0  # start-up's objects out of the collector's reach
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


WHOLE_WORD_CASES = [("gen j bench", "2005 gen j bench 31 7 31 40"), ("aa", "aaa aa aaaa aa"), ("a", "a_a a-a ba a"),
                    ("ra", "ra,ra;ra"), ("2005", "x2005 2005y 2005 (2005)"), ("é", "é éa aé é"), ("x", ""),
                    ("ab ab", "ab ab ab ab ab"), ("١", "١ ١٢ a١"), ("of", "ofof of_ of")]


@pytest.mark.parametrize(("needle", "text"), WHOLE_WORD_CASES)
def test_whole_words_are_the_spans_of_the_word_bounded_pattern(needle: str, text: str) -> None:
    from verifier.checks.printed import whole_words

    expected = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", text)]
    assert list(whole_words(needle, text)) == expected


def test_whole_words_on_every_character_beside_a_letter() -> None:
    """Each code point of the first two planes, before and after the needle: the same word test."""
    from verifier.checks.printed import whole_words

    for code in range(0x20000):
        text = f"{chr(code)}on{chr(code)} on"
        assert list(whole_words("on", text)) == [m.span() for m in re.finditer(r"(?<!\w)on(?!\w)", text)], hex(code)


ASCII_FOLD_CASES = ["Smith J, Jones K. Zinc & taste: a trial. BMJ. 2005;331(7514):100-5.", "&", "&&a&", " & x & ",
                    "A_B--c  d", "", "   ", "PMID: 990000001.", "x&y", "Q&A; R & D (2020)", "...end&", "tab\tnew\nline"]


@pytest.mark.parametrize("text", ASCII_FOLD_CASES)
def test_ascii_fold_keeps_the_text_and_offsets_of_the_full_fold(text: str) -> None:
    from verifier.checks.printed import _fold_any, _fold_ascii

    assert _fold_ascii(text) == _fold_any(text)


def test_ascii_fold_on_every_pair_of_ascii_characters_around_a_word() -> None:
    """Each of the 128 ASCII characters before, between and after words, beside itself and beside
    a space, "&", "-", "_", a letter of each case, a digit and a tab: the run-at-a-time fold
    answers as the character-at-a-time one."""
    from verifier.checks.printed import _fold_any, _fold_ascii

    for first in range(128):
        for second in (0x20, 0x26, 0x2D, 0x5F, 0x41, 0x7A, 0x30, 0x09, first):
            text = f"{chr(first)}Ab{chr(second)}{chr(first)}c{chr(second)}&{chr(first)}"
            assert _fold_ascii(text) == _fold_any(text), repr(text)


def test_fold_keeping_offsets_takes_the_full_fold_for_other_text() -> None:
    from verifier.checks.printed import fold_keeping_offsets

    folded = fold_keeping_offsets("Müller “Zinc” – ﬁrst")
    assert folded.text == "muller zinc first"
    assert folded.original(0, 6) == (0, 6)  # "Müller", its ü from one printed character
    assert folded.original(12, 15) == (16, 18)  # "fir": the ligature's two letters both point at it
