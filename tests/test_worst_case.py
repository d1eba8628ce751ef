"""Hostile inputs that used to take quadratic time (issue 15, case 7): the answers on bounded
inputs, and the one-pass cue de-duplication against the pairwise one it replaced. Timing is
measured in bench/worst_case, not here."""

from __future__ import annotations

import random

from verifier.checks.claims import _NOT_MEASURED, _unmeasured_clause
from verifier.design import design_from_text, primary_outcome
from verifier.language import Cue, CueKind, _drop_contained, find_cues, strength


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
