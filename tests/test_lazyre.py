"""verifier/lazyre.py: patterns compiled on first use, with a needle test that only ever skips
texts the pattern cannot match."""

from __future__ import annotations

import importlib
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier import lazyre

ROOT = Path(__file__).resolve().parents[1]
# the modules that read their patterns through lazyre
MODULES = ("verifier.claims", "verifier.claim_words", "verifier.checks.claims", "verifier.citations",
           "verifier.design", "verifier.language", "verifier.checks.text", "verifier.checks.printed",
           "verifier.checks.metadata")


def _patterns() -> list[tuple[str, lazyre.LazyPattern]]:
    found: dict[tuple[str, int], tuple[str, lazyre.LazyPattern]] = {}

    def collect(value: object, where: str) -> None:
        if isinstance(value, lazyre.LazyPattern):
            found.setdefault((value.pattern, value.given), (where, value))
        elif isinstance(value, dict):
            for item in value.values():
                collect(item, where)
        elif isinstance(value, list | tuple):
            for item in value:
                collect(item, where)

    for name in MODULES:
        for attribute, value in vars(importlib.import_module(name)).items():
            collect(value, f"{name}.{attribute}")
    return list(found.values())


PATTERNS = _patterns()
WITH_NEEDLES = [(where, p, lazyre.needles(p)) for where, p in PATTERNS if lazyre.needles(p)]


def _texts() -> list[str]:
    files = [*ROOT.glob("seeds/*.txt"), *ROOT.glob("claims/*"), *ROOT.glob("tests/data/*")]
    texts: set[str] = set()
    for path in files:
        if not path.is_file():
            continue
        whole = path.read_text(encoding="utf-8", errors="replace")
        texts.add(whole)
        for line in whole.split("\n"):
            texts.update(s for s in re.split(r"(?<=[.!?])\s+", line) if s.strip())
            if line.strip():
                texts.add(line)
    return sorted(texts)


def test_the_modules_patterns_are_lazy_and_most_have_needles() -> None:
    assert len(PATTERNS) > 150
    assert len(WITH_NEEDLES) > len(PATTERNS) // 3


def test_a_text_the_needle_test_rules_out_has_no_match() -> None:
    texts = _texts()
    skipped = 0
    for where, pattern, found in WITH_NEEDLES:
        compiled = re.compile(pattern.pattern, pattern.given)
        for text in texts:
            if lazyre._absent(found, text):
                skipped += 1
                assert compiled.search(text) is None, (where, found, text[:200])
    assert skipped > 10_000  # the test rules out most texts for most patterns


# Text made of the needles' own pieces, in any case, with the characters that fold apart
_PIECES = sorted({n[i:j] for _, _, found in WITH_NEEDLES for n in found for i, j in ((0, None), (1, None), (0, -1))}
                 | {" ", ".", "-", "\u0130", "\u0131", "\u017f", "\u212a", "é", "’", "©", "\n"})


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12), st.lists(st.booleans(), max_size=12),
       st.integers(0, len(WITH_NEEDLES) - 1))
def test_generated_texts_agree(pieces: list[str], upper: list[bool], which: int) -> None:
    where, pattern, found = WITH_NEEDLES[which]
    text = "".join(p.upper() if u else p for p, u in zip(pieces, [*upper, *[False] * len(pieces)], strict=False))
    compiled = re.compile(pattern.pattern, pattern.given)
    if lazyre._absent(found, text):
        assert compiled.search(text) is None, (where, text)
    assert _same(pattern.search(text), compiled.search(text))


def _same(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and a.span() == b.span()
                                         and a.groups() == b.groups())


def test_the_characters_that_fold_apart_are_all_of_them() -> None:
    """The non-ASCII characters re equates with an ASCII letter case-blind, or that str.lower
    turns into an ASCII one or into two: exactly those lazyre searches with the pattern itself."""
    every = "".join(chr(c) for c in range(128, sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    apart = set()
    for letter in "abcdefghijklmnopqrstuvwxyz":
        apart |= set(re.findall(letter, every, re.IGNORECASE))
    apart |= {c for c in every if len(c.lower()) != 1 or c.lower().isascii()}
    assert apart == set(lazyre._FOLDS_APART.pattern.strip("[]"))


@pytest.mark.parametrize(("pattern", "flags"), [
    (r"\b(?:funded|sponsored) by\b", re.I), (r"(?P<word>stud(?:y|ies))\s+(found|showed)", re.I),
    (r"^\s*sources?:", re.I), (r"\d+(?:\.\d+)?\s?%", 0), (r"licen[cs]e", 0)])
def test_every_method_answers_as_re_does(pattern: str, flags: int) -> None:
    lazy, real = lazyre.compile(pattern, flags), re.compile(pattern, flags)
    texts = ["This trial was funded by a grant.", "The study found 12.5 % fewer falls; studies showed more.",
             "Sources: one", "nothing here", "LICENCE and license", "", "FUNDED BY the \u212aelvin fund"]
    for text in texts:
        assert _same(lazy.search(text), real.search(text))
        assert _same(lazy.match(text), real.match(text))
        assert _same(lazy.fullmatch(text), real.fullmatch(text))
        assert lazy.findall(text) == real.findall(text)
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)]
        assert lazy.sub("#", text) == real.sub("#", text)
        assert lazy.subn("#", text, 1) == real.subn("#", text, 1)
        assert lazy.split(text) == real.split(text)
        assert _same(lazy.search(text, 3, 20), real.search(text, 3, 20))
        assert lazyre.sub(lazy, "#", text) == re.sub(real, "#", text)
    assert (lazy.pattern, lazy.flags, lazy.groups, dict(lazy.groupindex)) == (
        real.pattern, real.flags, real.groups, dict(real.groupindex))
    assert pickle.loads(pickle.dumps(lazy)).findall(texts[1]) == real.findall(texts[1])


def test_a_hot_pattern_gets_its_needles() -> None:
    pattern = lazyre.compile(r"\b(?:funded|sponsored) by a (?:grant|charity)\b", re.I)
    for _ in range(lazyre.HOT + 1):
        assert pattern.search("The trial was funded by a grant.") is not None
        assert pattern.search("Nothing to see.") is None
    assert pattern.needles == ("funded", "sponsored")  # type: ignore[attr-defined]


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"\b(?:mice|rats?)\b", ("mice", "rat")),
    (r"^\s*sources?:", ()),  # anchored: re tries it at one place anyway
    (r"(?:a|the)?\s*\w+", ()),  # nothing every match needs
    (r"\bno\b.{0,60}\bto disclose\b", ("to disclose",)),
    # a look-behind's words are no needle
    (r"(?<!not )(?:proven|shown) (?:to|that)", ("proven that", "proven to", "shown that", "shown to")),
    (r"[Cc]opyright|©", ("copyright", "©")),
])
def test_needles(pattern: str, expected: tuple[str, ...]) -> None:
    assert lazyre.needles(re.compile(pattern, re.I)) == expected


def test_given_flags_are_read_without_compiling() -> None:
    pattern = lazyre.compile(r"\bmay\b(?#given_flags)", re.I)
    assert lazyre.given_flags(pattern) == re.I and "compiled" not in pattern.__dict__
    assert lazyre.given_flags(re.compile("may", re.I)) == re.compile("may", re.I).flags


def test_the_one_pass_cue_pattern_compiles_no_kind_pattern_of_its_own() -> None:
    code = ("from verifier.language import PATTERNS, CueKind, find_cues; "
            "find_cues('It may help.'); "
            "print(sum('compiled' in p.__dict__ for k, p in PATTERNS.items() if k != CueKind.need))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.split() == ["0"]


def test_importing_the_pipeline_compiles_none_of_its_patterns() -> None:
    code = ("import verifier.checks.claims, verifier.claims, verifier.lazyre as l, gc; "
            "lazy = [o for o in gc.get_objects() if isinstance(o, l.LazyPattern)]; "
            "print(len(lazy), sum('compiled' in o.__dict__ for o in lazy))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    made, compiled = map(int, done.stdout.split())
    assert made > 150
    assert compiled < made // 10  # the few a module reads while it imports


def test_kept_answers_are_fresh_copies_and_memo_clear_forgets_them() -> None:
    from verifier import memo

    pattern = lazyre.compile(r"\b(?:stud(?:y|ies)|trials?)\b", re.I)
    text = "Two studies and one trial; the study was small."
    for _ in range(lazyre.HOT + 1):
        pattern.search(text)
    first = pattern.findall(text)
    first.append("changed")
    assert pattern.findall(text) == ["studies", "trial", "study"]
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in pattern.finditer(text)] != []
    assert text in lazyre._SEEN
    memo.clear()
    assert text not in lazyre._SEEN
    assert pattern.search(text) is not None and pattern.search(text).group(0) == "studies"  # type: ignore[union-attr]


def test_the_c_stemmer_stems_as_the_python_one() -> None:
    """PyStemmer (a dependency, for speed) is what snowballstemmer hands out when installed; its
    stems must be the pure-Python English stemmer's."""
    import Stemmer as stemmer  # a declared dependency: its absence is a failure, not a skip
    from snowballstemmer.english_stemmer import EnglishStemmer

    words = sorted({w.casefold() for text in _texts() for w in text.split()})
    assert len(words) > 2_000
    fast, reference = stemmer.Stemmer("english"), EnglishStemmer()
    assert [fast.stemWord(w) for w in words] == [reference.stemWord(w) for w in words]
