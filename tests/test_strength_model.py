"""The shipped strength model: loads from the package, scores in pure Python, says what decided.

Sentences are written for these tests; expected strengths follow DESIGN.md's scale (0 none,
1 hedged, 2 qualified/associational, 3 definitive), decided by reading each sentence.
"""

from __future__ import annotations

import gzip
import json
from importlib import resources

import pytest
from click.testing import CliRunner

from verifier.cli import main
from verifier.language import CueKind, compare, find_cues, strength, strength_from_cues
from verifier.strength_model import MODEL_FILE, Feature, LinearModel, feature_names, features, shipped_model


def test_model_file_ships_in_the_package_and_loads() -> None:
    raw = resources.files("verifier").joinpath(MODEL_FILE).read_bytes()
    header = json.loads(gzip.decompress(raw).split(b"\n", 1)[0])
    model = shipped_model()
    assert model.classes == (0, 1, 2, 3) and len(model.intercepts) == 4
    assert len(model.weights) == header["features"] > 1000
    assert "cue:hedge" in model.weights and "w:associated" in model.weights


def test_the_binary_file_holds_the_numbers_of_the_json_form_exactly() -> None:
    # format 2 (the shipped file) and format 1 (JSON, as the file was) carry the same doubles
    model = shipped_model()
    assert LinearModel.from_bytes(model.to_bytes()) == model
    as_json = LinearModel.from_json(json.loads(json.dumps(model.to_json())))
    assert as_json == model and as_json.to_bytes() == model.to_bytes()
    assert all(type(w) is float for row in model.weights.values() for w in row)
    sentences = ["Daily walking may lower blood pressure.", "Smoking causes lung cancer.",
                 "Coffee intake was inversely correlated with liver enzyme levels in 1,234 adults (95% CI)."]
    for sentence in sentences:
        found = features(sentence, find_cues(sentence), 2)
        assert as_json.predict(found) == model.predict(found)
        assert as_json.scores(feature_names(found)) == model.scores(feature_names(found))


def test_the_binary_format_round_trips_and_refuses_other_files() -> None:
    model = LinearModel(classes=(0, 1), intercepts=(0.5, -0.25), weights={"w:a": (1.0, -0.1), "b:a b": (0.0, 3e-4)})
    assert LinearModel.from_bytes(model.to_bytes()) == model
    empty = LinearModel(classes=(0, 1), intercepts=(0.0, 0.0), weights={})
    assert LinearModel.from_bytes(empty.to_bytes()) == empty
    with pytest.raises(ValueError, match="format"):
        LinearModel.from_bytes(gzip.compress(b'{"format": 1}\n\0'))
    with pytest.raises(ValueError, match="line break"):
        LinearModel(classes=(0,), intercepts=(0.0,), weights={"w:a\nb": (1.0,)}).to_bytes()


def test_linear_scoring_is_a_sum_of_weights_per_class() -> None:
    # by hand: class 2 scores 0.0 + 2.0 (may) + 0.5 (reduce) = 2.5; class 0 scores 1.0; others 0.
    model = LinearModel(classes=(0, 1, 2, 3), intercepts=(1.0, 0.0, 0.0, 0.0),
                        weights={"w:may": (0.0, 0.0, 2.0, 0.0), "w:reduce": (0.0, 0.0, 0.5, 0.5),
                                 "w:unused": (9.0, 9.0, 9.0, 9.0)})
    found = [Feature("w:may", "may", 5, 8), Feature("w:reduce", "reduce", 9, 15), Feature("w:pain", "pain", 16, 20)]
    assert model.scores({f.name for f in found}) == [1.0, 0.0, 2.5, 0.5]
    prediction = model.predict(found)
    assert prediction.label == 2
    # pulls towards class 2 over the runner-up (class 0): may 2.0, reduce 0.5; "pain" has no weight
    assert [(c.feature.text, c.weight) for c in prediction.contributions] == [("may", 2.0), ("reduce", 0.5)]


def test_a_model_file_of_another_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        LinearModel.from_json({"format": 99, "classes": [0], "intercepts": [0.0], "weights": {}})
    with pytest.raises(ValueError, match="does not match"):
        LinearModel.from_json({"format": 1, "classes": [0, 1], "intercepts": [0.0, 0.0], "weights": {"w:a": [1.0]}})


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Daily walking may lower blood pressure.", 1),
    ("Green tea extract could protect the liver from damage.", 1),
    ("Vitamin D supplements might reduce the number of falls.", 1),
    ("Daily walking was associated with lower blood pressure in older adults.", 2),
    ("Coffee intake was inversely correlated with liver enzyme levels.", 2),
    ("Daily walking lowers blood pressure in older adults.", 3),
    ("Smoking causes lung cancer.", 3),
    ("The vaccine has been proven to be completely safe.", 3),
    ("Further trials are needed to confirm these findings.", 0),
    ("In this review, the authors describe the history of insulin.", 0),
])
def test_hedged_correlational_and_direct_causal_sentences(sentence: str, expected: int) -> None:
    assert strength(sentence)[0] == expected
    assert strength_from_cues(sentence, find_cues(sentence)) == expected


@pytest.mark.xfail(strict=True, reason="the lexicon's associational pattern 'lower ... in' reads 'lower blood "
                                       "pressure in' as a comparison between groups, and the model follows it")
def test_hedged_effect_with_a_population_after_it() -> None:
    assert strength("Daily walking may lower blood pressure in older adults.")[0] == 1


@pytest.mark.parametrize("sentence", [
    "Daily walking may lower blood pressure.",
    "Coffee intake was inversely correlated with liver enzyme levels.",
    "Smoking causes lung cancer.",
    "The vaccine has been proven to be completely safe.",
    "Patients reported less fatigue after the programme.",
])
def test_every_score_lists_the_words_that_decided_it(sentence: str) -> None:
    _, cues = strength(sentence)
    deciding = [c for c in cues if c.kind == CueKind.deciding]
    assert 1 <= len(deciding) <= 6
    for cue in deciding:
        if cue.end > cue.start:  # a word or words of the sentence, at their place
            assert sentence[cue.start:cue.end] in cue.text


def test_the_deciding_words_are_the_telling_ones() -> None:
    assert "causes" in _deciding_texts("Smoking causes lung cancer.")
    assert any("correlated" in t for t in _deciding_texts("Coffee intake was inversely correlated with liver enzymes."))
    assert "could" in _deciding_texts("Green tea extract could protect the liver from damage.")


def _deciding_texts(sentence: str) -> list[str]:
    return [c.text for c in strength(sentence)[1] if c.kind == CueKind.deciding]


def test_scores_are_deterministic() -> None:
    sentence = "Regular exercise was linked to a lower risk of depression in adolescents."
    first = strength(sentence)
    assert all(strength(sentence) == first for _ in range(3))


def test_lexicon_cues_come_first_unchanged() -> None:
    sentence = "Smoking causes lung cancer."
    cues = strength(sentence)[1]
    assert cues[:len(find_cues(sentence))] == find_cues(sentence)


@pytest.mark.parametrize(("claim", "source", "verdict"), [
    ("Daily walking lowers blood pressure.", "Daily walking was associated with lower blood pressure.", "exaggerates"),
    ("Daily walking may lower blood pressure.", "Daily walking lowers blood pressure in older adults.", "downplays"),
    ("Smoking causes lung cancer.", "Smoking causes lung cancer in men and women.", "same"),
])
def test_compare_on_the_causal_ladder(claim: str, source: str, verdict: str) -> None:
    assert compare(claim, source) == verdict


def test_strength_command_shows_the_deciding_words() -> None:
    result = CliRunner().invoke(main, ["strength", "Smoking causes lung cancer."])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "strength 3 (definitive)"
    assert any(line.split() == ["causal", "causes"] for line in lines)
    assert any(line.split()[:2] == ["deciding", "causes"] for line in lines)
    result = CliRunner().invoke(main, ["strength"], input="Green tea extract could protect the liver.\n")
    row = json.loads(result.output)
    assert row["strength"] == 1 and {"kind": "deciding", "text": "could"} in row["cues"]
