"""Comparing printed text with record text: what does not matter is normalised away."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

from verifier import memo

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-"})


FOLD_KEPT = 2000  # texts up to this length (sentences, titles, lines) have their folded form kept


def fold(text: str) -> str:
    """Case, diacritics, curly quotes, punctuation and spacing removed."""
    return _fold_kept(text) if len(text) <= FOLD_KEPT else _fold(text)


def _fold(text: str) -> str:
    text = text.translate(_QUOTES)
    if not text.isascii():  # plain ASCII has no diacritics to strip
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("&", " and ").casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


_fold_kept = memo.kept(_fold)  # a pure function of the text (verifier/memo.py)


def words(text: str) -> list[str]:
    return fold(text).split()


def title_similarity(printed: str, record: str) -> float:
    """Word-level similarity in [0, 1]: 1.0 means equal once normalised."""
    a, b = words(printed), words(record)
    if not a or not b:
        return 0.0
    return SequenceMatcher(a=a, b=b, autojunk=False).ratio()


def is_shortened(printed: str, record: str) -> bool:
    """The printed title is the record's title with words left out, in order."""
    a, b = words(printed), words(record)
    if not a or len(a) >= len(b):
        return False
    remaining = iter(b)
    return all(word in remaining for word in a)


def same_journal(printed: str, *names: str) -> bool:
    folded = fold(printed)
    return any(folded == fold(name) for name in names if name)


def same_surname(a: str, b: str) -> bool:
    return fold(a).replace(" ", "") == fold(b).replace(" ", "")
