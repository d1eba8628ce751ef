"""Sentence segmentation: pysbd's English rules, with its output unchanged and its cost cut.

pysbd (the Golden Rules segmenter) spends most of its time compiling regular expressions, not
matching them: it passes pattern strings to `re.sub` / `re.findall` (several built per
abbreviation found in the text, one per sentence to locate it), more distinct patterns a
paragraph than the `re` module's cache holds (512), so the cache thrashes and nearly every call
recompiles; every other string pattern in the process (ours included) is evicted with them.
Five changes, none of which changes a sentence:

- pysbd's modules see `re` through `_CompiledRe`, which keeps the compiled patterns in a
  larger cache of its own (the same `re.compile`, so the same patterns and flags);
- most of pysbd's ~150 rules need a character the paragraph does not hold (its "∯" stand-in
  for a full stop, "Co" of "Co. KG", "?!"): `sub` and `findall` skip those paragraphs, the
  characters read once per pattern from its parse (`required_characters`);
- its abbreviation pass tries each of its ~200 abbreviations found anywhere in a line ("al",
  "is", "may", "co" are in most lines) with two patterns, and rewrites only an abbreviation
  followed by a full stop: an all-letter abbreviation the line never prints with its full stop
  is skipped (when no other character of the line can stand for an ASCII letter, as the Kelvin
  sign does for "k" in a case-blind pattern; such a line takes pysbd's own path);
- the last step, finding each sentence back in the paragraph (`sentences_with_char_spans`:
  a pattern compiled from each sentence's own text), is done with `str.find` and a run of
  whitespace, which is what that pattern matches (`\\s` is `str.isspace` in `re`);
- `segment` keeps the sentences of recent paragraphs of up to 2,000 characters (`memo.kept`):
  the same paragraph is split again by `claims.describing_sentences` and recurs across the
  articles of one site.

The overrides copy pysbd 0.3.4's methods, so they are installed only on that release (another
one is used as it comes), and each thread has its own segmenter (pysbd keeps the text it is
splitting on the instance).

`tests/test_fast_paths.py` compares `segment` with a plain `pysbd.Segmenter` on the project's
texts; `bench/load/parity.py` does so on every article under ../shared/data.
"""

from __future__ import annotations

import importlib
import re
import re._constants as _sre  # type: ignore[import-not-found]
import re._parser as _sre_parse  # type: ignore[import-not-found]
import threading
from functools import lru_cache
from typing import Any

import pysbd
from pysbd.lang.english import English

from verifier import memo, patternstore

PATTERN_CACHE = 8192  # compiled patterns kept: pysbd's English rules and abbreviations need ~1,000
# pysbd's modules that call `re` functions with pattern strings while segmenting English text
_PYSBD_MODULES = ("abbreviation_replacer", "between_punctuation", "exclamation_words", "lists_item_replacer",
                  "processor", "punctuation_replacer", "utils")


@lru_cache(maxsize=PATTERN_CACHE)
def _compiled(pattern: str | re.Pattern[str], flags: int) -> re.Pattern[str]:
    if isinstance(pattern, str):
        return patternstore.compiled(pattern, flags)
    return re.compile(pattern, flags)


@lru_cache(maxsize=PATTERN_CACHE)
def _with_needs(pattern: str, flags: int) -> tuple[re.Pattern[str], str]:
    """The compiled pattern and the characters every match of it needs in the text."""
    compiled = _compiled(pattern, flags)
    return compiled, patternstore.derived("requires", pattern, flags,
                                          lambda: "".join(sorted(required_characters(compiled))), str)


_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)


def required_characters(pattern: re.Pattern[str]) -> frozenset[str]:
    """Characters that any match of the pattern needs somewhere in the text searched: its
    literals outside optional parts and negative look-arounds, in alternatives only those common
    to every branch (a positive look-behind's or look-ahead's characters are in the text too).
    None for a case-blind pattern. A text lacking one of them holds no match: sub and findall skip it."""
    if not isinstance(pattern.pattern, str) or pattern.flags & re.IGNORECASE:
        return frozenset()
    parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    if parsed.state.flags & re.IGNORECASE:
        return frozenset()
    return frozenset(_needed(parsed))


def _needed(items: Any) -> set[str]:
    need: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            need.add(chr(av))
        elif op is _sre.SUBPATTERN and not av[1] & re.IGNORECASE:
            need |= _needed(av[3])
        elif op in _REPEATS and av[0] >= 1:
            need |= _needed(av[2])
        elif op is _sre.ASSERT:
            need |= _needed(av[1])
        elif op is _sre.ATOMIC_GROUP:
            need |= _needed(av)
        elif op is _sre.BRANCH:
            need |= set.intersection(*(_needed(branch) for branch in av[1]))
    return need


def _holds(text: str, needs: str) -> bool:
    return all(c in text for c in needs)


class _CompiledRe:
    """The `re` module as pysbd calls it, with compiled patterns cached (module-level functions
    only; everything else is `re`'s own); sub and findall skip a text that lacks a character
    every match needs (the answer is the text itself, or no matches)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)

    @staticmethod
    def sub(pattern: str, repl: Any, string: str, count: int = 0, flags: int = 0) -> str:
        compiled, needs = _with_needs(pattern, flags)
        if needs and not _holds(string, needs):
            return string
        return compiled.sub(repl, string, count)

    @staticmethod
    def findall(pattern: str, string: str, flags: int = 0) -> list[Any]:
        compiled, needs = _with_needs(pattern, flags)
        if needs and not _holds(string, needs):
            return []
        return compiled.findall(string)

    @staticmethod
    def finditer(pattern: str, string: str, flags: int = 0) -> Any:
        return _compiled(pattern, flags).finditer(string)

    @staticmethod
    def search(pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        return _compiled(pattern, flags).search(string)

    @staticmethod
    def match(pattern: str, string: str, flags: int = 0) -> re.Match[str] | None:
        return _compiled(pattern, flags).match(string)

    @staticmethod
    def split(pattern: str, string: str, maxsplit: int = 0, flags: int = 0) -> list[Any]:
        return _compiled(pattern, flags).split(string, maxsplit)


_RE = _CompiledRe()


def _install() -> None:
    for name in _PYSBD_MODULES:
        module = importlib.import_module(f"pysbd.{name}")
        if getattr(module, "re", None) is re:
            module.re = _RE  # type: ignore[attr-defined]


_ASCII_LETTER = re.compile(r"[a-z]", re.IGNORECASE)


def _letters_are_ascii(text: str) -> bool:
    """No character outside ASCII matches an ASCII letter case-blind ("K", the Kelvin sign, does)."""
    return text.isascii() or not any(_ASCII_LETTER.match(c) for c in set(text) if not c.isascii())


class _AbbreviationReplacer(English.AbbreviationReplacer):  # type: ignore[misc]
    def search_for_abbreviations_in_string(self, text: str) -> str:
        """pysbd's own loop (pysbd/abbreviation_replacer.py), with the skip described above."""
        lowered = text.lower()
        plain = _letters_are_ascii(text)
        for abbr in self.lang.Abbreviation.ABBREVIATIONS:
            stripped = abbr.strip()
            if stripped not in lowered:
                continue
            if plain and stripped.isascii() and stripped.isalpha() and stripped + "." not in lowered:
                continue  # every rewrite needs the abbreviation followed by "."
            abbrev_match = _RE.findall(rf"(?:^|\s|\r|\n){stripped}", text, flags=re.IGNORECASE)
            if not abbrev_match:
                continue
            next_word_start = r"(?<={" + str(re.escape(stripped)) + "} ).{1}"
            char_array = _RE.findall(next_word_start, text)
            for ind, match in enumerate(abbrev_match):
                text = self.scan_for_replacements(text, match, ind, char_array)
        return text


class _English(English):  # type: ignore[misc]
    AbbreviationReplacer = _AbbreviationReplacer


class _Segmenter(pysbd.Segmenter):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__(language="en", clean=False)
        self.language_module = _English
    def sentences_with_char_spans(self, sentences: list[str]) -> list[Any]:
        """pysbd's own method, without a pattern per sentence: for each sentence, its first
        occurrence (non-overlapping, left to right) whose end, with the whitespace after it,
        lies past the previous sentence's; a sentence not found is left out, as pysbd does."""
        spans = []
        text: str = self.original_text
        prior_end = 0
        for sentence in sentences:
            found = _next_span(text, sentence, prior_end)
            if found is not None:
                spans.append(pysbd.utils.TextSpan(text[found[0]:found[1]], *found))
                prior_end = found[1]
        return spans


def _next_span(text: str, sentence: str, prior_end: int) -> tuple[int, int] | None:
    """Where `re.finditer(re.escape(sentence) + r"\\s*", text)` first matches past prior_end."""
    if not sentence:  # the pattern is a bare r"\s*": pysbd's own reading of it
        match = next((m for m in re.finditer(r"\s*", text) if m.end() > prior_end), None)
        return match.span() if match else None
    at = text.find(sentence)
    while at >= 0:
        end = at + len(sentence)
        while end < len(text) and text[end].isspace():
            end += 1
        if end > prior_end:
            return at, end
        at = text.find(sentence, end)
    return None


# The overrides above copy pysbd 0.3.4's own methods; another release is used as it comes.
PYSBD_VERSION = "0.3.4"
FAST = getattr(pysbd, "__version__", None) == PYSBD_VERSION
if FAST:
    _install()
_LOCAL = threading.local()  # pysbd keeps the text being split on the segmenter: one per thread
KEEP_UP_TO = 2_000  # characters: longer paragraphs are split afresh, so kept answers stay small


def _segmenter() -> pysbd.Segmenter:
    if not hasattr(_LOCAL, "segmenter"):
        _LOCAL.segmenter = _Segmenter() if FAST else pysbd.Segmenter(language="en", clean=False)
    return _LOCAL.segmenter


def segment(text: str) -> tuple[str, ...]:
    """pysbd's sentences of the paragraph, as `pysbd.Segmenter("en", clean=False).segment`."""
    return _segment_kept(text) if len(text) <= KEEP_UP_TO else _segmented(text)


def _segmented(text: str) -> tuple[str, ...]:
    return tuple(_segmenter().segment(text))


_segment_kept = memo.kept(_segmented)  # verifier/memo.py
