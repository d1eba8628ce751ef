"""Compiled regular expressions kept between runs, as Python keeps modules' bytecode (issue 16:
start-up).

A one-article audit compiles some 350 patterns through verifier/lazyre.py and the segmenter (the
claim lexicons, the rules, pysbd's English rules); `re`'s parser and compiler are Python code,
and this was 0.12-0.17 s of every run, the same work each time. Rebuilding them from their
compiled code takes about 7 ms. The store is one JSON file in the user's cache folder
(`platformdirs.user_cache_dir("verifier")`), named after the interpreter, holding for each
pattern and flags the code `re` compiled it to, and a few answers read from its parse
(`derived`: lazyre's needles, the segmenter's required characters). A run that compiled
something the store lacked writes it again at exit, atomically (a temporary file renamed over
it), merging what another run wrote meanwhile.

Trust and portability: an entry is used only when it is whole (a checksum over the pattern, its
flags and its code; the flags asked for among its flags; its groups in range), and a pattern is
rebuilt only through `_sre.compile`, which rejects much code that is not well formed (not all:
its check is structural); anything else is compiled afresh. The checks catch damage, not a
deliberate edit: the file is the user's own, as their `.pyc` files are. The derived answers are dropped when the code
that computes them (lazyre.py, segmenter.py) changes. `re`'s compiler entry points are private
and may change in any release, so the store is used only on the interpreter the tests run on
(`STORE_ON`: CPython 3.11, with `_sre.MAGIC` and the code size in the file checked); elsewhere,
and with `VERIFIER_PATTERN_STORE=off`, every pattern is compiled by `re.compile` as before.
`VERIFIER_PATTERN_STORE=/some/file.json` puts the store there. `tests/test_patternstore.py`
checks that each pattern a seed audit stores is rebuilt equal to `re.compile`'s (the same code,
flags, groups and group names).
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import atexit
import base64
import json
import os
import re
import re._compiler as _sre_compiler  # type: ignore[import-not-found]
import re._parser as _sre_parse  # type: ignore[import-not-found]
import sys
import zlib
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

ENVIRONMENT = "VERIFIER_PATTERN_STORE"
FORMAT = 2
STORE_ON = sys.implementation.name == "cpython" and sys.version_info[:2] == (3, 11)
MAX_ENTRIES = 6_000  # past this, only the entries the last run used are written back
PRODUCERS = ("lazyre.py", "segmenter.py")  # the modules whose answers `derived` keeps
_CODE = "I"  # the array type of `re`'s code words (checked against _sre.CODESIZE)
_HEADER = {"format": FORMAT, "python": sys.version, "magic": _sre.MAGIC, "codesize": _sre.CODESIZE,
           "byteorder": sys.byteorder}
_OFF = ("off", "0", "no", "false")
_TEXT_FLAGS = re.UNICODE | re.ASCII  # a str pattern's compiled flags hold one (re._parser.fix_flags)

Entries = dict[str, Any]


def default_path() -> Path | None:
    """Where the store is kept: VERIFIER_PATTERN_STORE's path, else the user's cache folder;
    None when it is off (the environment says so, or this interpreter is not the tested one)."""
    named = os.environ.get(ENVIRONMENT, "")
    if named.lower() in _OFF or not STORE_ON or array(_CODE).itemsize != _sre.CODESIZE:
        return None
    if named:
        return Path(named).expanduser().absolute()
    import hashlib

    import platformdirs

    build = hashlib.sha256(sys.version.encode()).hexdigest()[:8]  # two 3.11 builds: two files
    tag = f"{sys.implementation.name}{sys.version_info[0]}{sys.version_info[1]}-{build}"
    return Path(platformdirs.user_cache_dir("verifier")) / f"patterns-{tag}.json"


class PatternStore:
    """Compiled patterns by (flags, pattern), loaded from `path` on first use and written back
    by `save` when something was added."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._entries: Entries | None = None
        self._used: set[str] = set()
        self._changed = False

    def compiled(self, pattern: str, flags: int) -> re.Pattern[str]:
        """re.compile(pattern, flags), from the store when it holds the pattern."""
        if self.path is None or not isinstance(pattern, str):
            return re.compile(pattern, flags)
        key, entries = _key(pattern, flags), self._loaded()
        self._used.add(key)
        rebuilt = _rebuilt(key, pattern, int(flags), entries.get(key))
        if rebuilt is not None:
            return rebuilt
        compiled, entries[key] = _compiled_with_code(key, pattern, int(flags))
        self._changed = True
        return compiled

    def derived(self, kind: str, pattern: str, flags: int, compute: Callable[[], Any], shape: type = list) -> Any:
        """compute() (a string, or a list of strings: `shape`), an answer read from the parse of
        the pattern compiled with these flags, kept beside its code."""
        if self.path is None:
            return compute()
        stored = self.known(kind, pattern, flags, shape)
        if stored is not None:
            return stored
        value = compute()
        entry = self._loaded().get(_key(pattern, flags))
        if isinstance(entry, dict):
            answers = entry.get("derived")
            entry["derived"] = {**(answers if isinstance(answers, dict) else {}), kind: value}
            self._changed = True
        return value

    def known(self, kind: str, pattern: str, flags: int, shape: type = list) -> Any:
        """The stored answer of that kind for the pattern (a string, or a list of strings:
        `shape`), or None: not stored, not of that shape, or the store off."""
        if self.path is None:
            return None
        entry = self._loaded().get(_key(pattern, flags))
        answers = entry.get("derived") if isinstance(entry, dict) else None
        value = answers.get(kind) if isinstance(answers, dict) else None
        if shape is str and isinstance(value, str):
            return value
        if shape is list and isinstance(value, list) and all(isinstance(item, str) for item in value):
            return value
        return None

    def save(self) -> None:
        """Write the store back if this run added to it, with what another run wrote meanwhile;
        a folder that cannot be written is left alone (the store only saves time)."""
        if self.path is None or not self._changed or self._entries is None:
            return
        try:
            entries = {**_read(self.path)[0], **self._entries}
            if len(entries) > MAX_ENTRIES:
                entries = {key: entries[key] for key in self._used if key in entries}
            from verifier.atomic import write_atomic  # (at exit, and only when something was added)

            header = {**_HEADER, "derived_by": _producers_digest()}
            write_atomic(self.path, json.dumps({**header, "entries": entries}, separators=(",", ":")), "pattern store")
        except Exception:  # a cache: never an error of the command that used it
            return
        self._changed = False

    def _loaded(self) -> Entries:
        if self._entries is None:
            self._entries, stale = _read(self.path) if self.path is not None else ({}, False)
            self._changed = stale
        return self._entries


def _key(pattern: str, flags: int) -> str:
    return f"{int(flags)}:{pattern}"


def _read(path: Path) -> tuple[Entries, bool]:
    """The store's entries (none when the file is missing, damaged or for another interpreter),
    and whether their derived answers were dropped (computed by other code than this)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}, False
    if not isinstance(document, dict) or any(document.get(name) != value for name, value in _HEADER.items()):
        return {}, False
    entries = document.get("entries")
    if not isinstance(entries, dict):
        return {}, False
    if document.get("derived_by") == _producers_digest():
        return entries, False
    for entry in entries.values():
        if isinstance(entry, dict):
            entry.pop("derived", None)
    return entries, True


_DIGEST: list[str] = []


def _producers_digest() -> str:
    """A digest of the modules whose answers `derived` keeps ("" when they cannot be read: then
    no stored answer matches a store written where they could)."""
    if not _DIGEST:
        import hashlib

        digest = hashlib.sha256()
        try:
            for name in PRODUCERS:
                digest.update(Path(__file__).with_name(name).read_bytes())
            _DIGEST.append(digest.hexdigest()[:16])
        except OSError:
            _DIGEST.append("")
    return _DIGEST[0]


def _compiled_with_code(key: str, pattern: str, flags: int) -> tuple[re.Pattern[str], dict[str, Any]]:
    """What re._compiler.compile does, keeping the code: the pattern and its store entry."""
    parsed = _sre_parse.parse(pattern, flags)
    code = _sre_compiler._code(parsed, flags)
    state = parsed.state
    groupindex = dict(state.groupdict)
    compiled: re.Pattern[str] = _sre.compile(pattern, flags | state.flags, code, state.groups - 1, groupindex,
                                             _index_group(state.groups - 1, groupindex))
    entry: dict[str, Any] = {"flags": flags | state.flags, "groups": state.groups - 1, "groupindex": groupindex,
                             "code": base64.b64encode(array(_CODE, code).tobytes()).decode("ascii")}
    entry["check"] = _checksum(key, entry)
    return compiled, entry


def _checksum(key: str, entry: dict[str, Any]) -> int:
    whole = f"{key}\0{entry['flags']}\0{entry['groups']}\0{sorted(entry['groupindex'].items())}\0{entry['code']}"
    return zlib.crc32(whole.encode("utf-8"))


def _index_group(groups: int, groupindex: dict[str, int]) -> tuple[str | None, ...]:
    indexgroup: list[str | None] = [None] * (groups + 1)
    for name, index in groupindex.items():
        indexgroup[index] = name
    return tuple(indexgroup)


def _rebuilt(key: str, pattern: str, flags: int, entry: Any) -> re.Pattern[str] | None:
    """The pattern from its stored entry; None when there is none or it is not whole (its
    checksum, its flags, its groups; then `_sre`'s own check of the code's structure)."""
    try:
        stored, groups, groupindex = int(entry["flags"]), int(entry["groups"]), dict(entry["groupindex"])
        if (entry["check"] != _checksum(key, entry) or stored & flags != flags or not stored & _TEXT_FLAGS or groups < 0
                or any(not isinstance(index, int) or not 1 <= index <= groups for index in groupindex.values())):
            return None
        code = array(_CODE)
        code.frombytes(base64.b64decode(entry["code"], validate=True))
        rebuilt: re.Pattern[str] = _sre.compile(pattern, stored, code.tolist(), groups, groupindex,
                                                _index_group(groups, groupindex))
    except Exception:  # any damage (a type, a value, code that is not well formed): compile afresh
        return None
    return rebuilt


_STORE: PatternStore | None = None


def store() -> PatternStore:
    """The process's store (created on first use, saved at exit)."""
    global _STORE
    if _STORE is None:
        _STORE = PatternStore(default_path())
        atexit.register(_STORE.save)
    return _STORE


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return store().compiled(pattern, flags)


def derived(kind: str, pattern: str, flags: int, compute: Callable[[], Any], shape: type = list) -> Any:
    return store().derived(kind, pattern, flags, compute, shape)


def known(kind: str, pattern: str, flags: int, shape: type = list) -> Any:
    return store().known(kind, pattern, flags, shape)
