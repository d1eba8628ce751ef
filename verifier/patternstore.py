"""Compiled regular expressions kept between runs, as Python keeps modules' bytecode (issue 16:
start-up).

A one-article audit compiles about 460 patterns (the claim lexicons, the rules, pysbd's English
rules); `re`'s parser and compiler are Python code, and this was about 0.12 s of every run, the
same work each time. Rebuilding the patterns from their compiled code takes about 7 ms. The
store is one JSON file in the user's cache folder (`platformdirs.user_cache_dir("verifier")`),
named after the interpreter, holding for each pattern and flags the code `re` compiled it to,
and a few answers read from its parse (`derived`: lazyre's needles, the segmenter's required
characters). A run that compiled something the store lacked writes the store again at exit,
atomically (a temporary file renamed over it), so concurrent runs leave one whole file.

Trust and portability: a pattern is rebuilt only through `_sre.compile`, which validates the
code it is given (a damaged or edited entry raises, and the pattern is compiled afresh); the
file is the user's own, as their `.pyc` files are. `re`'s compiler entry points are private and
may change in any release, so the store is used only on the interpreter the tests run on
(`STORE_ON`, with `_sre.MAGIC` and the code size in the file checked); elsewhere, and with
`VERIFIER_PATTERN_STORE=off`, every pattern is compiled by `re.compile` as before.
`VERIFIER_PATTERN_STORE=/some/file.json` puts the store there. `tests/test_patternstore.py`
checks each of the pipeline's patterns rebuilt from the store equals `re.compile`'s (a compiled
pattern's equality compares its code).
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
import tempfile
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

ENVIRONMENT = "VERIFIER_PATTERN_STORE"
FORMAT = 1
STORE_ON = sys.version_info[:2] == (3, 11)
MAX_ENTRIES = 6_000  # past this, only the entries the last run used are written back
_CODE = "I"  # the array type of `re`'s code words (checked against _sre.CODESIZE)
_HEADER = {"format": FORMAT, "python": sys.version, "magic": _sre.MAGIC, "codesize": _sre.CODESIZE,
           "byteorder": sys.byteorder}


def default_path() -> Path | None:
    """Where the store is kept: VERIFIER_PATTERN_STORE's path, else the user's cache folder;
    None when it is off (the environment says so, or this interpreter is not the tested one)."""
    named = os.environ.get(ENVIRONMENT, "")
    if named.lower() in ("off", "0", "no", "false") or not STORE_ON or array(_CODE).itemsize != _sre.CODESIZE:
        return None
    if named:
        return Path(named)
    import platformdirs

    tag = f"{sys.implementation.name}{sys.version_info[0]}{sys.version_info[1]}"
    return Path(platformdirs.user_cache_dir("verifier")) / f"patterns-{tag}.json"


class PatternStore:
    """Compiled patterns by (flags, pattern), loaded from `path` on first use and written back
    by `save` when something was added."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._entries: dict[str, dict[str, Any]] | None = None
        self._used: set[str] = set()
        self._changed = False

    def compiled(self, pattern: str, flags: int) -> re.Pattern[str]:
        """re.compile(pattern, flags), from the store when it holds the pattern."""
        if self.path is None:
            return re.compile(pattern, flags)
        key, entries = f"{int(flags)}:{pattern}", self._loaded()
        self._used.add(key)
        entry = entries.get(key)
        if entry is not None:
            rebuilt = _rebuilt(pattern, entry)
            if rebuilt is not None:
                return rebuilt
        compiled, entries[key] = _compiled_with_code(pattern, int(flags))
        self._changed = True
        return compiled

    def derived(self, kind: str, pattern: str, flags: int, compute: Callable[[], Any]) -> Any:
        """compute() (a JSON value: lists come back as lists), an answer read from the parse of
        the pattern compiled with these flags, kept beside its code."""
        if self.path is None:
            return compute()
        entry = self._loaded().get(f"{int(flags)}:{pattern}")
        known = entry.get("derived", {}) if entry is not None else {}
        if kind in known:
            return known[kind]
        value = compute()
        if entry is not None:
            entry.setdefault("derived", {})[kind] = value
            self._changed = True
        return value

    def known(self, kind: str, pattern: str, flags: int) -> Any:
        """The stored answer of that kind for the pattern, or None (not stored, or the store off)."""
        if self.path is None:
            return None
        entry = self._loaded().get(f"{int(flags)}:{pattern}")
        return entry.get("derived", {}).get(kind) if entry is not None else None

    def save(self) -> None:
        """Write the store back if this run added to it; a folder that cannot be written is left
        alone (the store only saves time)."""
        if self.path is None or not self._changed or self._entries is None:
            return
        entries = self._entries
        if len(entries) > MAX_ENTRIES:
            entries = {key: entries[key] for key in self._used if key in entries}
        try:
            _write(self.path, json.dumps({**_HEADER, "entries": entries}, separators=(",", ":")))
        except OSError:
            return
        self._changed = False

    def _loaded(self) -> dict[str, dict[str, Any]]:
        if self._entries is None:
            self._entries = _read(self.path) if self.path is not None else {}
        return self._entries


def _read(path: Path) -> dict[str, dict[str, Any]]:
    """The store's entries; none when the file is missing, damaged or for another interpreter."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or any(document.get(name) != value for name, value in _HEADER.items()):
        return {}
    entries = document.get("entries")
    return entries if isinstance(entries, dict) else {}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _compiled_with_code(pattern: str, flags: int) -> tuple[re.Pattern[str], dict[str, Any]]:
    """What re._compiler.compile does, keeping the code: the pattern and its store entry."""
    parsed = _sre_parse.parse(pattern, flags)
    code = _sre_compiler._code(parsed, flags)
    state = parsed.state
    groupindex = dict(state.groupdict)
    compiled: re.Pattern[str] = _sre.compile(pattern, flags | state.flags, code, state.groups - 1, groupindex,
                                             _index_group(state.groups - 1, groupindex))
    entry = {"flags": flags | state.flags, "groups": state.groups - 1, "groupindex": groupindex,
             "code": base64.b64encode(array(_CODE, code).tobytes()).decode("ascii")}
    return compiled, entry


def _index_group(groups: int, groupindex: dict[str, int]) -> tuple[str | None, ...]:
    indexgroup: list[str | None] = [None] * (groups + 1)
    for name, index in groupindex.items():
        indexgroup[index] = name
    return tuple(indexgroup)


def _rebuilt(pattern: str, entry: dict[str, Any]) -> re.Pattern[str] | None:
    """The pattern from its stored code; None when the entry is not usable (`_sre` validates the
    code: a damaged entry raises rather than running)."""
    try:
        code = array(_CODE)
        code.frombytes(base64.b64decode(entry["code"], validate=True))
        groups, groupindex = int(entry["groups"]), dict(entry["groupindex"])
        rebuilt: re.Pattern[str] = _sre.compile(pattern, int(entry["flags"]), code.tolist(), groups, groupindex,
                                                _index_group(groups, groupindex))
    except Exception:  # any damage (a type, a value, invalid code): compile afresh
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


def derived(kind: str, pattern: str, flags: int, compute: Callable[[], Any]) -> Any:
    return store().derived(kind, pattern, flags, compute)


def known(kind: str, pattern: str, flags: int) -> Any:
    return store().known(kind, pattern, flags)
