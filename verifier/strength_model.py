"""A linear model of claim strength, scored in pure Python, that says which words decided.

The weights (`strength_model.weights.gz`, beside this module) come from
`scripts/train_strength_model.py`: multinomial logistic regression over the sentence's words and
word pairs, the cue kinds of the lexicon (`language.find_cues`) and the lexicon's own strength,
fitted with scikit-learn on the even rows of Yu et al. 2019's PubMed conclusions. At run time a
score is a sum of weights per class: nothing heavier than `json` and `gzip` is imported.

The file (`to_bytes`, format 2) is gzip of a JSON header line (format, classes, intercepts, the
number of features), the feature names one a line, a NUL, then every weight row as
little-endian doubles: the same numbers as the JSON form (`to_json`, format 1), read without
parsing 100,000 decimals (a third of the strength's share of a one-article audit, issue 16).

The model predicts on Yu's causal-language scale (0 none, 1 correlational, 2 conditional causal,
3 direct causal); `language.strength` maps that onto the product's scale (YU_TO_OURS).
"""

from __future__ import annotations

import gzip
import itertools
import json
import math
import re
import sys
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from verifier.language import Cue

MODEL_FILE = "strength_model.weights.gz"
FORMAT = 1  # to_json / from_json: weights as JSON lists
BINARY_FORMAT = 2  # to_bytes / from_bytes: the shipped file

_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,]\d+)*\s?%?", re.UNICODE)
_NUMBER = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Feature:
    """One feature of a sentence and where it was read (start == end for sentence-wide ones)."""

    name: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Contribution:
    """How much a feature moved the score towards the predicted class, over the runner-up."""

    feature: Feature
    weight: float


@dataclass(frozen=True, slots=True)
class Prediction:
    label: int
    probability: float
    contributions: tuple[Contribution, ...]


def _token_name(text: str) -> str:
    if _NUMBER.search(text):
        return "<pct>" if text.endswith("%") else "<num>"
    return text.casefold().replace("’", "'")


Raw = tuple[str, str, int, int]  # a Feature's fields (name, text, start, end), before it is built


def raw_features(sentence: str, cues: Iterable[Cue], lexicon_level: int) -> list[Raw]:
    """`features` as plain tuples: scoring needs no Feature objects (see LinearModel.predict_raw)."""
    tokens = [(m.group(0), _token_name(m.group(0)), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
    found: list[Raw] = [(f"w:{name}", text, start, end) for text, name, start, end in tokens]
    found += [(f"b:{a[1]} {b[1]}", sentence[a[2]:b[3]], a[2], b[3]) for a, b in itertools.pairwise(tokens)]
    if tokens:
        text, name, start, end = tokens[0]
        found.append((f"first:{name}", text, start, end))
    found += [(f"cue:{c.kind.value}", c.text, c.start, c.end) for c in cues]
    found.append((f"lexicon:{lexicon_level}", f"lexicon strength {lexicon_level}", 0, 0))
    return found


def features(sentence: str, cues: Iterable[Cue], lexicon_level: int) -> list[Feature]:
    """Words, word pairs, lexicon cue kinds and the lexicon's strength: the model's inputs."""
    return [Feature(*raw) for raw in raw_features(sentence, cues, lexicon_level)]


def feature_names(found: Iterable[Feature]) -> set[str]:
    """Each feature counts once, as in training (binary presence)."""
    return {f.name for f in found}


@dataclass(frozen=True, slots=True)
class LinearModel:
    classes: tuple[int, ...]
    intercepts: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def scores(self, names: Iterable[str]) -> list[float]:
        totals = list(self.intercepts)
        get = self.weights.get
        rows = [row for row in map(get, names) if row is not None]
        if len(totals) == 4:  # the shipped model: the same additions, in the same order, unrolled
            t0, t1, t2, t3 = totals
            for w0, w1, w2, w3 in rows:
                t0 += w0
                t1 += w1
                t2 += w2
                t3 += w3
            return [t0, t1, t2, t3]
        for row in rows:
            for i, w in enumerate(row):
                totals[i] += w
        return totals

    def predict(self, found: Sequence[Feature], top: int = 5) -> Prediction:
        return self.predict_raw([(f.name, f.text, f.start, f.end) for f in found], top)

    def predict_raw(self, found: Sequence[Raw], top: int = 5) -> Prediction:
        """`predict` on `raw_features`: only the deciding features become Feature objects."""
        # Each name once, in reading order: a set's order follows the hash seed, and float sums
        # taken in another order can swap two near-tied classes from one run to the next.
        totals = self.scores(dict.fromkeys(raw[0] for raw in found))
        order = sorted(range(len(totals)), key=lambda i: (-totals[i], i))
        best, second = order[0], order[1]
        peak = totals[best]
        probability = 1.0 / sum(math.exp(t - peak) for t in totals)
        return Prediction(label=self.classes[best], probability=probability,
                          contributions=self._deciding(found, best, second, top))

    def _deciding(self, found: Sequence[Raw], best: int, second: int, top: int) -> tuple[Contribution, ...]:
        """Features by their pull towards the winner over the runner-up; features read at the same
        span (a word and the same word as the sentence's first) are shown once, pulls summed."""
        pulls: dict[str, float] = {}
        by_span: dict[tuple[int, int, str], Raw] = {}
        weights = self.weights
        for raw in found:
            name = raw[0]
            if name in pulls:
                continue
            row = weights.get(name)
            if row is None:
                continue
            pulls[name] = row[best] - row[second]
            by_span.setdefault((raw[2], raw[3], raw[1]), raw)
        summed: dict[tuple[int, int, str], float] = {}
        for name, text, start, end in found:
            if name in pulls:
                span = (start, end, text)
                summed[span] = summed.get(span, 0.0) + pulls.pop(name)
        ranked = sorted(((by_span[span], w) for span, w in summed.items() if w > 0), key=lambda c: (-c[1], c[0][2]))
        return tuple(Contribution(Feature(*raw), w) for raw, w in ranked[:top])

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "classes": list(self.classes), "intercepts": list(self.intercepts),
                "weights": {k: list(v) for k, v in sorted(self.weights.items())}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"strength model format {data.get('format')!r}, expected {FORMAT}")
        classes = tuple(int(c) for c in data["classes"])
        weights = {str(k): tuple(float(w) for w in v) for k, v in data["weights"].items()}
        if any(len(v) != len(classes) for v in weights.values()):
            raise ValueError("strength model: a weight row does not match the classes")
        return cls(classes, tuple(float(b) for b in data["intercepts"]), weights)


    def to_bytes(self) -> bytes:
        """The model file (format 2, gzipped): names sorted, each row's doubles bit for bit."""
        names = sorted(self.weights)
        if any("\n" in name for name in names):
            raise ValueError("strength model: a feature name holds a line break")
        header = {"format": BINARY_FORMAT, "classes": list(self.classes), "intercepts": list(self.intercepts),
                  "features": len(names)}
        values = array("d", [w for name in names for w in self.weights[name]])
        if sys.byteorder != "little":
            values.byteswap()
        body = b"\n".join([json.dumps(header).encode(), "\n".join(names).encode(), b""]) + b"\0"
        return gzip.compress(body + values.tobytes(), mtime=0)

    @classmethod
    def from_bytes(cls, raw: bytes) -> LinearModel:
        data = gzip.decompress(raw)
        header_end = data.index(b"\n")
        header: dict[str, Any] = json.loads(data[:header_end])
        if header.get("format") != BINARY_FORMAT:
            raise ValueError(f"strength model format {header.get('format')!r}, expected {BINARY_FORMAT}")
        names_end = data.index(b"\0", header_end)
        names = data[header_end + 1:names_end - 1].decode().split("\n") if header["features"] else []
        values = array("d")
        values.frombytes(data[names_end + 1:])
        if sys.byteorder != "little":
            values.byteswap()
        classes = tuple(header["classes"])
        if len(names) != header["features"] or len(values) != len(names) * len(classes):
            raise ValueError("strength model: the weight rows do not match the features and classes")
        rows = zip(*[iter(values)] * len(classes), strict=True)
        return cls(classes, tuple(header["intercepts"]), dict(zip(names, rows, strict=True)))


@cache
def shipped_model() -> LinearModel:
    """The model file shipped with the package (read once)."""
    return LinearModel.from_bytes(resources.files("verifier").joinpath(MODEL_FILE).read_bytes())
