"""`re`, for the pipeline's own patterns: compiled on first use, and skipped when the text lacks
every literal string a match needs (issue 16: "instant start-up", "checking CPU").

A module says `from verifier import lazyre as re` and keeps writing `re.compile(...)`: the
pattern is only recorded at import (~270 patterns in the pipeline's modules: compiling them was
a third of their import time), and compiled the first time it is used. Once a pattern has been
used HOT times (a lexicon read once per sentence, in a batch), its parse tree gives its
*needles*: lower-case literal strings such that every match of the pattern holds one of them
(`needles`). A search of a text holding none of them cannot match: `search`, `match`,
`fullmatch` answer None, `findall` an empty list, `finditer` nothing, `sub` the text itself,
`split` the text alone, without running the pattern. Most of the pipeline's patterns are
case-blind alternations of words ("funded by", "creative commons", "sign up", ...) that `re`
tries at every character of every sentence; a handful of `in` tests of the lower-cased sentence
(lower-cased once for all the patterns that read it) is cheaper, and most sentences hold none of
their words. A pattern with no such strings (`\\w+`, a figure), or one `re` rules out quickly
itself (anchored at the start, or opening with a literal), keeps the compiled pattern's own
methods, bound once: no cost added. A hot pattern's `search`, `findall` and `finditer` also
keep their answer for recent texts of up to KEEP_TEXT characters (the same sentence is read by
the claims, the ties and the rules once per citation; a batch repeats a site's boilerplate), as
verifier/memo.py keeps its functions' answers; `memo.clear()` forgets them too.

The answer is always the compiled pattern's: the pre-test only ever skips texts that cannot
match. It is exact because a needle comes only from what a match consumes (literals, small
character classes and alternations of them, a group repeated at least once; never a
look-around, an optional part or a back-reference), and because the text is lower-cased the way
`re` compares letters case-blind: `str.lower` maps each character to one, except for the four
that `re` also equates with an ASCII letter (dotted and dotless i, long s, the Kelvin sign); a
text holding one of those is searched by the pattern itself. `tests/test_lazyre.py` checks every
pattern of the pipeline against `re` on the project's texts and on generated ones;
`bench/load/parity.py` compares whole reports with the baseline's.

Everything else (`re.I`, `re.escape`, `re.sub` with a pattern string, `re.Match`) is `re`'s own.
"""

from __future__ import annotations

import itertools
import math
import re
import re._constants as _sre  # type: ignore[import-not-found]
import re._parser as _sre_parse  # type: ignore[import-not-found]
import sys
from collections.abc import Callable, Iterator
from functools import lru_cache
from re import (
    ASCII,
    DOTALL,
    IGNORECASE,
    MULTILINE,
    UNICODE,
    VERBOSE,
    A,
    I,
    M,
    Match,
    Pattern,
    RegexFlag,
    S,
    U,
    X,
    error,
    escape,
    purge,
)
from typing import Any, cast

from verifier import patternstore

__all__ = [
    "ASCII",
    "DOTALL",
    "IGNORECASE",
    "MULTILINE",
    "UNICODE",
    "VERBOSE",
    "A",
    "I",
    "M",
    "Match",
    "Pattern",
    "RegexFlag",
    "S",
    "U",
    "X",
    "alternation",
    "compile",
    "error",
    "escape",
    "findall",
    "finditer",
    "folds_apart",
    "fullmatch",
    "given_flags",
    "match",
    "needles",
    "purge",
    "search",
    "split",
    "sub",
    "subn",
]

HOT = 200  # calls before a pattern's needles are read (a one-page audit reads few patterns' needles)
MAX_NEEDLES = 48  # a pattern needing one of more strings than this is run as it is
MIN_NEEDLE = 3  # telling characters (outside common words: "the ", "in this " rule out nothing)
_PRODUCT = 64  # strings a run of literals and small classes may spell before it stops being exact
_SELECTIVE = 6  # characters: a longer string rules out hardly more sentences than one this long
_CLASS = 8  # characters a class may hold to be spelled out
# Characters `re` equates case-blind with an ASCII letter that str.lower does not map to it
# (found by trying every code point against every letter; tests/test_lazyre.py does so again).
_FOLDS_APART = re.compile("[\u0130\u0131\u017f\u212a]")
_METHODS = ("search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split", "scanner")
_END = sys.maxsize
# The needles are read from `re`'s private parse tree, whose shape may change in any release: they
# are used only on the interpreters the tests were run on; elsewhere every text is searched.
NEEDLES_ON = sys.version_info[:2] == (3, 11)


class LazyPattern:
    """A pattern compiled on first use; its methods are the compiled pattern's, behind the
    needle test when it has needles. `pattern` and `flags` are known without compiling."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.given = flags  # as passed to compile (`flags`, re's, is known once compiled)

    def __getattr__(self, name: str) -> Any:
        # only for names not set yet: the first use compiles and binds the methods
        if name.startswith("__"):
            raise AttributeError(name)
        _bind(self)
        return object.__getattribute__(self, name)

    def __repr__(self) -> str:
        return f"lazyre.compile({self.pattern!r}, {self.given!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return compile, (self.pattern, self.given)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyPattern):
            return (self.pattern, self.given) == (other.pattern, other.given)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.pattern, self.given))


def compile(pattern: str | Pattern[str] | LazyPattern, flags: int = 0) -> Pattern[str]:
    """`re.compile`, deferred (a LazyPattern, which has a compiled pattern's methods)."""
    if isinstance(pattern, LazyPattern):
        return cast(Pattern[str], pattern)
    if not isinstance(pattern, str):  # a compiled pattern, or bytes: re's own
        return re.compile(pattern, flags)
    return cast(Pattern[str], _lazy(pattern, int(flags)))


@lru_cache(maxsize=4096)
def _lazy(pattern: str, flags: int) -> LazyPattern:
    """One LazyPattern per pattern and flags (a pattern built in a function is parsed once)."""
    return LazyPattern(pattern, flags)


def given_flags(pattern: Pattern[str] | LazyPattern) -> int:
    """The flags passed to compile, without compiling a LazyPattern (inline flags not included);
    a compiled pattern's own `flags`."""
    return pattern.given if isinstance(pattern, LazyPattern) else pattern.flags


def folds_apart(text: str) -> bool:
    """Does the text hold a character that `str.lower` turns into two, or into an ASCII letter,
    or that `re` equates case-blind with one (İ ı ſ K)?"""
    return _FOLDS_APART.search(text) is not None


def alternation(phrases: list[str]) -> str:
    """The source of `"|".join(map(escape, phrases))` as a tree of shared prefixes: the same
    matches, the same one chosen where several could match (the earlier phrase), but `re` tries
    a few first characters at each position instead of every phrase. Alternatives starting with
    different characters never match at the same place, so only the order among those sharing a
    prefix is kept; a phrase ending where others go on keeps its place among them. Case-blind,
    this holds for lower-case ASCII phrases (no two of their characters fold together)."""
    return _prefix_tree(phrases)


def _prefix_tree(rests: list[str]) -> str:
    """A phrase ending here splits the others into runs: each run is grouped by first
    character, and the runs and the empty phrase keep their order (a later run is still
    reached by backtracking, when what follows the phrase does not match)."""
    runs: list[str] = []
    run: list[str] = []
    for rest in rests:
        if rest:
            run.append(rest)
            continue
        runs += [*_grouped(run), ""]
        run = []
    runs += _grouped(run)
    if len(runs) <= 1:
        return runs[0] if runs else ""
    return "(?:" + "|".join(runs) + ")"


def _grouped(rests: list[str]) -> list[str]:
    """One alternative for each first character, in the order of its first phrase."""
    branches: dict[str, list[str]] = {}
    for rest in rests:
        branches.setdefault(rest[0], []).append(rest[1:])
    return [escape(first) + _prefix_tree(tails) for first, tails in branches.items()]


def _real(pattern: Any) -> Any:
    if isinstance(pattern, LazyPattern):
        _bind(pattern)
        return pattern.compiled
    return pattern


def search(pattern: Any, string: str, flags: int = 0) -> Match[str] | None:
    return re.search(_real(pattern), string, flags)


def match(pattern: Any, string: str, flags: int = 0) -> Match[str] | None:
    return re.match(_real(pattern), string, flags)


def fullmatch(pattern: Any, string: str, flags: int = 0) -> Match[str] | None:
    return re.fullmatch(_real(pattern), string, flags)


def findall(pattern: Any, string: str, flags: int = 0) -> list[Any]:
    return re.findall(_real(pattern), string, flags)


def finditer(pattern: Any, string: str, flags: int = 0) -> Iterator[Match[str]]:
    return re.finditer(_real(pattern), string, flags)


def sub(pattern: Any, repl: Any, string: str, count: int = 0, flags: int = 0) -> str:
    return re.sub(_real(pattern), repl, string, count=count, flags=flags)


def subn(pattern: Any, repl: Any, string: str, count: int = 0, flags: int = 0) -> tuple[str, int]:
    return re.subn(_real(pattern), repl, string, count=count, flags=flags)


def split(pattern: Any, string: str, maxsplit: int = 0, flags: int = 0) -> list[str | Any]:
    return re.split(_real(pattern), string, maxsplit=maxsplit, flags=flags)


# ---------------------------------------------------------------------------------------------
# The needle test


_Entry = tuple[str | None, dict[Any, Any]]
_SEEN: dict[str, _Entry] = {}  # recent texts -> (lower-cased or None, the answers of hot patterns)
KEEP_TEXT = 2_000  # characters: longer texts (a whole article) are lower-cased afresh, answers not kept
KEEP_TEXTS = 4_096  # texts kept (a few dozen articles' sentences, as verifier/memo.py); then all forgotten
_KEYS = itertools.count()


def _entry(text: str) -> _Entry:
    """The text lower-cased (None when a character in it folds apart: search it as it is), and
    the answers kept for it; kept for recent texts of up to KEEP_TEXT characters."""
    entry = _SEEN.get(text)
    if entry is None:
        entry = (text.lower() if text.isascii() or _FOLDS_APART.search(text) is None else None, {})
        if len(text) <= KEEP_TEXT:
            if len(_SEEN) >= KEEP_TEXTS:
                _SEEN.clear()
            _SEEN[text] = entry
    return entry


def forget() -> None:
    """Forget every kept answer (memo.clear() calls this: bench/load/cold.py)."""
    _SEEN.clear()


def _absent(found: tuple[str, ...], text: Any, pos: int = 0, endpos: int = _END) -> bool:
    """True when no match can lie in text[pos:endpos]: the text holds none of the needles."""
    if not found or type(text) is not str:
        return False
    low = _entry(text)[0]
    if low is None:
        return False
    if pos == 0 and endpos >= len(text):
        return not any(map(low.__contains__, found))
    return all(low.find(n, pos, endpos) < 0 for n in found)


def _bind(lazy: LazyPattern) -> None:
    """Compile the pattern and set its methods on the instance (so later calls find them at once):
    counted ones for its first HOT calls, then the needle test's or the compiled pattern's own;
    the needle test's at once when an earlier run stored the pattern's needles (verifier/patternstore.py)."""
    if "compiled" in lazy.__dict__:
        return
    compiled = patternstore.compiled(lazy.pattern, lazy.given)
    values: dict[str, Any] = {name: getattr(compiled, name) for name in _METHODS}
    values.update(flags=compiled.flags, groups=compiled.groups, groupindex=compiled.groupindex, compiled=compiled)
    stored = patternstore.known("needles", lazy.pattern, lazy.given) if NEEDLES_ON else None
    if stored is None:
        values.update(_counted(lazy, compiled))
    else:  # a pattern hot in an earlier run: its needles are known without reading its parse
        values.update(_kept(compiled, tuple(stored)), needles=tuple(stored))
    lazy.__dict__.update(values)


def _promote(lazy: LazyPattern) -> None:
    """The pattern is in use: read its needles (a parse of its own: ~0.5 ms) and bind for good."""
    compiled = lazy.compiled
    found: tuple[str, ...] = ()
    if NEEDLES_ON:
        found = tuple(patternstore.derived("needles", lazy.pattern, lazy.given, lambda: needles(compiled)))
    values: dict[str, Any] = {name: getattr(compiled, name) for name in _METHODS}
    values.update(_kept(compiled, found))
    values["needles"] = found
    lazy.__dict__.update(values)


def _counted(lazy: LazyPattern, compiled: Pattern[str]) -> dict[str, Callable[..., Any]]:
    """The compiled pattern's methods, counting their calls: a pattern used HOT times (a lexicon
    read once per sentence, in a batch) is worth its needles; one an audit of a page uses a few
    times is not worth reading them (start-up)."""
    left = [HOT]

    def counted(name: str) -> Callable[..., Any]:
        method = getattr(compiled, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            left[0] -= 1
            if left[0] == 0:
                _promote(lazy)
            return method(*args, **kwargs)

        return call

    return {name: counted(name) for name in _METHODS if name != "scanner"}


def _kept(compiled: Pattern[str], found: tuple[str, ...]) -> dict[str, Callable[..., Any]]:
    """A hot pattern's search, findall and finditer: the answer kept for a recent text (the
    same sentence is read again by the claims, the ties, and the rules once per citation; a
    batch repeats a site's boilerplate), else none when the text lacks every needle, else the
    pattern's. match and fullmatch (anchored: quick) are the compiled pattern's own."""
    search, findall, finditer = compiled.search, compiled.findall, compiled.finditer
    sub, subn, split = compiled.sub, compiled.subn, compiled.split
    key, entry, holds, seen, missing = next(_KEYS), _entry, any, _SEEN, _MISSING

    def kept_search(string: str, pos: int = 0, endpos: int = _END) -> Match[str] | None:
        if pos or endpos != _END or type(string) is not str:
            return None if _absent(found, string, pos, endpos) else search(string, pos, endpos)
        got = seen.get(string) or entry(string)  # (written out: this is the hottest call of a check)
        answers = got[1]
        value = answers.get(key, missing)
        if value is missing:
            low = got[0]
            value = None if found and low is not None and not holds(map(low.__contains__, found)) else search(string)
            answers[key] = value
        return value  # type: ignore[no-any-return]

    def kept_list(string: str, slot: tuple[int, int], method: Callable[[str], Any]) -> list[Any]:
        got = seen.get(string) or entry(string)
        answers = got[1]
        value = answers.get(slot, missing)
        if value is missing:
            low = got[0]
            absent = found and low is not None and not holds(map(low.__contains__, found))
            value = answers[slot] = [] if absent else list(method(string))
        return value  # type: ignore[no-any-return]

    all_slot, iter_slot = (key, 1), (key, 2)

    def kept_findall(string: str, pos: int = 0, endpos: int = _END) -> list[Any]:
        if pos or endpos != _END or type(string) is not str:
            return [] if _absent(found, string, pos, endpos) else findall(string, pos, endpos)
        return list(kept_list(string, all_slot, findall))  # a copy each time

    def kept_finditer(string: str, pos: int = 0, endpos: int = _END) -> Iterator[Match[str]]:
        if pos or endpos != _END or type(string) is not str:
            return iter(()) if _absent(found, string, pos, endpos) else finditer(string, pos, endpos)
        return iter(kept_list(string, iter_slot, finditer))

    methods: dict[str, Callable[..., Any]] = {"search": kept_search, "findall": kept_findall,
                                              "finditer": kept_finditer}
    if not found:
        return methods

    def guarded_sub(repl: Any, string: str, count: int = 0) -> str:
        return string if _absent(found, string) else sub(repl, string, count)

    def guarded_subn(repl: Any, string: str, count: int = 0) -> tuple[str, int]:
        return (string, 0) if _absent(found, string) else subn(repl, string, count)

    def guarded_split(string: str, maxsplit: int = 0) -> list[Any]:
        return [string] if _absent(found, string) else split(string, maxsplit)

    return {**methods, "sub": guarded_sub, "subn": guarded_subn, "split": guarded_split}


_MISSING = object()


# ---------------------------------------------------------------------------------------------
# Needles from the parse tree

_Strings = frozenset[str]
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
_EMPTY: _Strings = frozenset({""})
_SPACES = _sre_parse.parse(r"\s").data  # the item of a leading "\s*"
# (a SubPattern's items are read from its `data` list: iterating the SubPattern itself goes through
# its __getitem__ for every item: a third of the time `needles` took)


def needles(pattern: Pattern[str] | LazyPattern) -> tuple[str, ...]:
    """Lower-case strings of which every match of the pattern holds at least one (empty: no
    such set worth testing)."""
    if isinstance(pattern, LazyPattern):
        pattern = re.compile(pattern.pattern, pattern.given)
    if not isinstance(pattern.pattern, str):
        return ()
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:
        return ()
    blind = bool((pattern.flags | parsed.state.flags) & re.IGNORECASE)
    if _quick_already(parsed.data, blind):
        return ()
    try:
        found = _necessary(parsed.data, blind)
    finally:
        _SPELLED.clear()
    return () if found is None else tuple(sorted(found))


def _quick_already(items: list[Any], blind: bool) -> bool:
    """Patterns `re` rules out quickly by itself: anchored at the start of the text and going on
    with words ("^\\s*Source:" is tried at one place; not "^(?!.*found).*needed", which reads the
    whole text), or opening with a literal that `re` looks for before trying the rest
    (case-sensitive: "<!--", "10.")."""
    if not items:
        return True
    op, av = items[0]
    if op is _sre.BRANCH:
        return all(_anchored_words(branch.data) for branch in av[1])
    return _anchored_words(items) or (not blind and op is _sre.LITERAL)


def _anchored_words(items: list[Any]) -> bool:
    if not items or items[0] != (_sre.AT, _sre.AT_BEGINNING):
        return False
    rest = [(op, av) for op, av in items[1:] if not (op in _REPEATS and av[0] == 0 and av[2].data == _SPACES)]
    if not rest:
        return True
    op, av = rest[0]
    return op not in (_sre.ASSERT, _sre.ASSERT_NOT) and not (op in _REPEATS and av[2] and av[2][0][0] is _sre.ANY)


@lru_cache(maxsize=4096)
def _char(code: int, blind: bool) -> str | None:
    """The character as the lower-cased text holds it, or None when it cannot be tested so."""
    char = chr(code)
    if blind and char.lower() != char.upper() and not char.isascii():
        return None  # a non-ASCII letter compared case-blind: left to the pattern
    low = char.lower()
    return low if len(low) == 1 else None


_SPELLED: dict[tuple[Any, int, bool], tuple[Any, _Strings | None]] = {}  # (op, id(item), blind) -> (item, answer)


def _exact(op: Any, av: Any, blind: bool) -> _Strings | None:
    """Every string the item can match, when they are few; None otherwise (kept while one
    pattern is read: _necessary asks again of the items inside a group)."""
    key = (op, id(av), blind)
    kept = _SPELLED.get(key)
    if kept is not None and kept[0] is av:
        return kept[1]
    answer = _spelled(op, av, blind)
    _SPELLED[key] = (av, answer)
    return answer


def _spelled(op: Any, av: Any, blind: bool) -> _Strings | None:
    if op is _sre.LITERAL:
        char = _char(av, blind)
        return None if char is None else frozenset({char})
    if op is _sre.IN:
        return _class(av, blind)
    if op in _ZERO_WIDTH:
        return _EMPTY
    if op is _sre.SUBPATTERN:
        _group, add, remove, items = av
        return _exact_run(items.data, _scoped(blind, add, remove))
    if op is _sre.ATOMIC_GROUP:
        return _exact_run(av.data, blind)
    if op is _sre.BRANCH:
        options: set[str] = set()
        for branch in av[1]:
            spelled = _exact_run(branch.data, blind)
            if spelled is None:
                return None
            options |= spelled
        return frozenset(options) if len(options) <= _PRODUCT else None
    if op in _REPEATS:
        low, high, item = av
        spelled = _exact_run(item.data, blind)
        if spelled is None:
            return None
        if low == 0 and high == 1:
            return spelled | _EMPTY
        if low == high and 1 <= low <= 3 and len(spelled) ** low <= _PRODUCT:
            out = _EMPTY
            for _ in range(low):
                out = frozenset(a + b for a in out for b in spelled)
            return out
    return None


def _exact_run(items: list[Any], blind: bool) -> _Strings | None:
    out = _EMPTY
    for op, av in items:
        spelled = _exact(op, av, blind)
        if spelled is None or len(out) * len(spelled) > _PRODUCT:
            return None
        out = frozenset(a + b for a in out for b in spelled)
    return out


def _class(items: Any, blind: bool) -> _Strings | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            codes: range | tuple[int, ...] = (av,)
        elif op is _sre.RANGE and av[1] - av[0] < _CLASS:
            codes = range(av[0], av[1] + 1)
        else:
            return None  # a negated class, a category (\w, \d), a wide range
        for code in codes:
            char = _char(code, blind)
            if char is None:
                return None
            chars.add(char)
    return frozenset(chars) if len(chars) <= _CLASS else None


def _scoped(blind: bool, add: int, remove: int) -> bool:
    if add & re.IGNORECASE:
        return True
    if remove & re.IGNORECASE:
        return False
    return blind


def _necessary(items: list[Any], blind: bool) -> _Strings | None:
    """A set of strings every match of the sequence holds one of (the best of those its parts
    give: a run of exact items spelled out, a run of plain literals, one item's strings, what a
    group needs), or None. Linear in the items: it runs once per pattern, on its first use."""
    candidates: list[_Strings] = []
    run, literal = _EMPTY, ""
    for op, av in items:
        part = _exact(op, av, blind)
        if part is not None and len(part) == 1 and "" not in part:
            literal += next(iter(part))
        elif part is None or "" not in part or len(part) > 1:
            if literal:
                candidates.append(frozenset({literal}))
            literal = ""
        if part is None:
            if "" not in run:
                candidates.append(run)
            run = _EMPTY
            inner = _necessary_item(op, av, blind)
            if inner is not None:
                candidates.append(inner)
            continue
        if op is not _sre.LITERAL and "" not in part:
            candidates.append(part)
        if len(part) > _CLASS:  # many strings spelled out: fewer, shorter ones may do ("needed")
            inner = _necessary_item(op, av, blind)
            if inner is not None:
                candidates.append(inner)
        if len(run) * len(part) > _PRODUCT:
            if "" not in run:
                candidates.append(run)
            run = part
        else:
            run = frozenset(a + b for a in run for b in part)
    if literal:
        candidates.append(frozenset({literal}))
    if "" not in run:
        candidates.append(run)
    best = max(candidates, key=_score, default=None)
    return None if best is None or _score(best) == -math.inf else _shortest(best)


def _necessary_item(op: Any, av: Any, blind: bool) -> _Strings | None:
    if op is _sre.SUBPATTERN:
        _group, add, remove, items = av
        return _necessary(items.data, _scoped(blind, add, remove))
    if op is _sre.ATOMIC_GROUP:
        return _necessary(av.data, blind)
    if op in _REPEATS and av[0] >= 1:
        return _necessary(av[2].data, blind)
    if op is _sre.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            found = _necessary(branch.data, blind)
            if found is None:
                return None
            union |= found
        return _shortest(frozenset(union))
    return None


def _shortest(found: _Strings) -> _Strings:
    """The set without the strings that hold another of its strings (a text holding the longer
    one holds the shorter one too)."""
    return frozenset(n for n in found if not any(o != n and o in n for o in found))


def _score(found: _Strings) -> float:
    """Longer strings rule out more texts (the letters of common words and spaces do not count:
    "the " is in nearly every sentence); each string is one more test."""
    if not found or len(found) > MAX_NEEDLES:
        return -math.inf
    telling = min(map(_telling, found))
    if telling < MIN_NEEDLE:
        return -math.inf
    return min(telling, _SELECTIVE) - math.log2(len(found)) + telling / 100  # (the longer, of two alike)


_COMMON = frozenset({"a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "has", "have", "in", "is",
                     "it", "its", "may", "not", "of", "on", "or", "our", "that", "the", "their", "these", "this",
                     "those", "to", "was", "we", "were", "will", "with"})
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=8192)
def _telling(needle: str) -> int:
    """Characters of the needle, a common word counting for one and spaces for none (a
    character outside ASCII, a rare one, counts for three)."""
    words = sum(1 if w in _COMMON else len(w) for w in _WORD.findall(needle))
    return words + sum(3 if not c.isascii() else 1 for c in needle if not c.isalnum() and not c.isspace())
