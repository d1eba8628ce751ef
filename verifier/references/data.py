"""The labelled reference strings (../shared/data/references/train.jsonl, read by the training
script and the bench only): token labels from segments, and the fixed dev/held-out split."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from verifier.references.tokens import Token, tokenize

HELD_OUT_SHARE = 5  # one string in five, by hash, is held out: never trained or tuned on


@dataclass(frozen=True)
class Labelled:
    source: str
    raw: str
    segments: tuple[tuple[str, str, int], ...]  # label, text, start offset

    def tokens_and_labels(self) -> tuple[list[Token], list[str]]:
        tokens = tokenize(self.raw)
        labels = []
        for token in tokens:
            label = "other"
            for name, text, start in self.segments:
                if start <= token.start < start + len(text):
                    label = name
                    break
            labels.append(label)
        return tokens, labels

    def segment(self, label: str) -> str | None:
        return next((text for name, text, _ in self.segments if name == label), None)


def split_of(raw: str) -> str:
    folded = re.sub(r"\W+", " ", raw.casefold()).strip()
    digest = int(hashlib.sha256(folded.encode()).hexdigest()[:8], 16)
    return "held-out" if digest % HELD_OUT_SHARE == 0 else "dev"


def read_labelled(path: Path) -> Iterator[Labelled]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            raw, position, segments = item["raw"], 0, []
            for label, text in item["segments"]:
                found = raw.find(text, position)
                if found < 0:
                    break
                segments.append((label, text, found))
                position = found + len(text)
            else:
                yield Labelled(item["source"], raw, tuple(segments))
