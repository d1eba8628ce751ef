"""Scores and simple baselines the accuracy benches share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def macro_f1(gold: Sequence[Any], predicted: Sequence[Any], labels: Sequence[Any]) -> float:
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores)


def modal_keywords(sentence: str) -> int:
    """A keyword baseline on Yu's scale: may/might/could -> 2 (conditional causal),
    associated/correlated/linked -> 1 (correlational), else 3 (direct causal)."""
    lower = sentence.casefold()
    if any(w in lower.split() for w in ("may", "might", "could")):
        return 2
    if any(w in lower for w in ("associat", "correlat", "linked")):
        return 1
    return 3
