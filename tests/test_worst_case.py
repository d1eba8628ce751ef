"""Hostile inputs that used to take quadratic time (issue 15, case 7): the answers on bounded
inputs, and the one-pass cue de-duplication against the pairwise one it replaced. Timing is
measured in bench/worst_case, not here."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any, SupportsIndex

import bs4
import pytest

from verifier import ingest, memo
from verifier.checks.claims import _NOT_MEASURED, _unmeasured_clause
from verifier.design import design_from_text, primary_outcome
from verifier.ingest import _InOrder
from verifier.language import Cue, CueKind, _drop_contained, find_cues, strength
from verifier.references.features import _word_features, token_features
from verifier.references.tokens import tokenize


def _drop_contained_pairwise(cues: list[Cue]) -> list[Cue]:
    """The pairwise rule language.py used before: drop a cue strictly inside a longer cue of its
    kind or of an associational one that starts at or before it."""
    def covers(outer: Cue, inner: Cue) -> bool:
        return (outer.start <= inner.start and inner.end <= outer.end
                and (outer.end - outer.start) > (inner.end - inner.start))
    return [cue for cue in cues
            if not any(covers(k, cue) and k.kind in (cue.kind, CueKind.associational)
                       for k in cues if k is not cue and k.start <= cue.start < k.end)]


def test_one_pass_dedup_keeps_what_the_pairwise_rule_kept() -> None:
    generator = random.Random(13)
    kinds = [CueKind.hedge, CueKind.associational, CueKind.causal, CueKind.effect]
    for _ in range(2000):
        cues = []
        for _ in range(generator.randint(0, 9)):
            start = generator.randint(0, 30)
            cues.append(Cue(generator.choice(kinds), "w", start, start + generator.randint(1, 12)))
        cues.sort(key=lambda c: (c.start, -c.end))
        assert _drop_contained(cues) == _drop_contained_pairwise(cues)


def test_one_pass_dedup_on_real_phrases() -> None:
    """"more likely" swallows its "likely"; "risk factor" its "risk"; both "may" stay."""
    sentence = "Smokers are more likely to have a risk factor, and may or may not quit."
    texts = [(c.kind, c.text) for c in find_cues(sentence)]
    assert (CueKind.hedge, "likely") not in texts
    assert (CueKind.associational, "more likely") in texts
    assert (CueKind.safety, "risk") not in texts
    assert texts.count((CueKind.hedge, "may")) == 2


def test_a_long_run_of_may_is_one_hedged_sentence() -> None:
    level, cues = strength("may " * 2000)
    assert level == 1
    assert sum(1 for c in cues if c.kind == CueKind.hedge) == 2000


def test_an_abstract_of_ones_has_no_design_and_no_count() -> None:
    ones = ",".join(["1"] * 3000)
    found = design_from_text(ones, (), (), basis="record", provenance="test", abstract_only=ones)
    assert found.type.value == "unknown"
    assert found.n is None
    assert found.primary_outcome is None


def test_a_count_after_a_run_of_digits_is_still_read() -> None:
    text = ",".join(["1"] * 500) + ". We enrolled 1,204 patients in a randomised placebo-controlled trial."
    found = design_from_text(text, (), (), basis="record", provenance="test", abstract_only=text)
    assert found.n == 1204


def test_the_primary_outcome_is_the_clause_around_the_phrase() -> None:
    abstract = ("Adults were randomised; the primary outcome, invasive cancer, did not differ between groups. "
                "Secondary outcomes were mixed.")
    outcome, met, source = primary_outcome(abstract)
    assert outcome == "the primary outcome, invasive cancer, did not differ between groups"
    assert met is False
    assert source.startswith('abstract: "the primary outcome')


def test_what_was_not_measured_is_read_from_a_bounded_window() -> None:
    abstract = "a" + " " * 5000 + "b. Deaths were not end points; the trial did not measure transmission."
    clauses = [_unmeasured_clause(abstract, m) for m in _NOT_MEASURED.finditer(abstract)]
    assert clauses == ["Deaths were not end points", "did not measure transmission"]


class _CountedFinds(str):
    """A main text that records where each search of it starts."""

    starts: list[int]

    def find(self, sub: str, *bounds: SupportsIndex | None) -> int:  # type: ignore[override]
        self.starts.append(int(bounds[0] or 0) if bounds else 0)
        return super().find(sub, *bounds)


def test_blocks_in_the_main_text_are_found_as_plain_substring_search_finds_them() -> None:
    generator = random.Random(7)
    for _ in range(3000):
        text = "".join(generator.choice("ab") for _ in range(generator.randint(0, 12)))
        main = _InOrder(text)
        for _ in range(6):
            block = "".join(generator.choice("ab") for _ in range(generator.randint(0, 4)))
            assert (block in main) == (block in text)


def test_blocks_printed_in_order_are_each_sought_once_from_where_the_last_ended() -> None:
    """A long reference list is one pass over the main text, not one pass per item."""
    blocks = [f"{n}.Smith{n}J.Title{n}.JMed.2020;{n}:1-2." for n in range(1, 301)]
    text = _CountedFinds("".join(blocks))
    text.starts = []
    main = _InOrder(text)
    assert all(block in main for block in blocks)
    ends = [0, *(len("".join(blocks[:n])) for n in range(1, len(blocks)))]
    assert text.starts == ends
    assert "Notinthemaintext." not in main and blocks[0] in main  # out of order: still found


def test_each_word_of_a_reference_is_given_its_features_once() -> None:
    text = "Smith J, Jones K. Sodium and blood pressure. J Clin Med. 2020;12(3):45-67. doi:10.5555/x.1"
    tokens = tokenize(text)
    memo.clear()
    features = token_features(text, tokens)
    assert _word_features.cache_info().misses == len({t.text for t in tokens})  # type: ignore[attr-defined]
    for i, own in enumerate(features):  # what a token is told of a neighbour is the neighbour's own
        for offset in (-2, -1, 1, 2):
            if 0 <= i + offset < len(tokens):
                seen = [f for f in features[i + offset] if f.split("=")[0] in ("w", "shape", "lex", "month")]
                prefixed = [f[len(f"{offset}:"):] for f in own if f.startswith(f"{offset}:")
                            and not f.startswith(f"{offset}:rule=")]
                assert prefixed == seen


def test_a_page_is_parsed_once_by_beautiful_soup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its whole text (the share the main text must reach) comes from the parse ingest keeps."""
    markup = ("<html><body><nav><a href='/'>Home</a></nav><article><p>Zinc lozenges shorten colds in adults.</p>"
              "<p>High doses can upset the stomach of some adults who take them.</p></article></body></html>")
    page = tmp_path / "page.html"
    page.write_text(markup, encoding="utf-8")
    parsed: list[str] = []
    original = bs4.BeautifulSoup

    def counted(text: str, *args: Any, **kwargs: Any) -> bs4.BeautifulSoup:
        parsed.append(text)
        return original(text, *args, **kwargs)

    monkeypatch.setattr(bs4, "BeautifulSoup", counted)
    assert "Zinc lozenges" in ingest.load(str(page)).text
    assert parsed.count(markup) == 1
