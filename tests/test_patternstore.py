"""The compiled-pattern store: what it rebuilds is `re.compile`'s pattern (equal code), a damaged
or foreign store is ignored, it is written only when a run added to it, and an audit's report
is the same with it as without it."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from array import array
from pathlib import Path

import pytest
from conftest import ROOT

from verifier import patternstore
from verifier.patternstore import PatternStore

pytestmark = pytest.mark.skipif(not patternstore.STORE_ON, reason="the store is used on the tested interpreter only")

SEED = "seeds/001_cbb8193102376ae8.txt"
# patterns in the shapes the pipeline writes: a case-blind lexicon, named groups, look-arounds
SAMPLES = [(r"\b(?:proven|shown|demonstrated)\s+to\b", re.I), (r"(?P<volume>\d{1,6})\s*:\s*(?P<pages>\d+)", 0),
           (r"(?<![\w-])may\s+(?!not\b)\w+", re.I | re.M), (r"^\s*\[(\d{1,3})\]", 0)]


def audit(store: str, article: str = SEED) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, patternstore.ENVIRONMENT: store}
    return subprocess.run([sys.executable, "-m", "verifier", "audit", article, "--offline", "--format", "json"],
                          capture_output=True, text=True, cwd=ROOT, env=env, check=False, timeout=300)


def test_an_audit_reports_the_same_with_the_store_as_without_it(tmp_path: Path) -> None:
    path = tmp_path / "patterns.json"
    without = audit("off")
    first, second = audit(str(path)), audit(str(path))  # the first writes the store, the second reads it
    assert path.exists()
    assert without.returncode == first.returncode == second.returncode
    assert without.stdout == first.stdout == second.stdout
    assert '"findings"' in without.stdout


def test_every_pattern_an_audit_stored_is_rebuilt_equal_to_re_compile(tmp_path: Path) -> None:
    path = tmp_path / "patterns.json"
    audit(str(path))
    entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
    assert len(entries) > 200  # the lexicons, the rules and pysbd's rules all go through it
    reader = PatternStore(path)
    for key in entries:
        flags, pattern = key.split(":", 1)
        rebuilt, expected = reader.compiled(pattern, int(flags)), re.compile(pattern, int(flags))
        assert (rebuilt, rebuilt.flags, rebuilt.groups, rebuilt.groupindex) == (
            expected, expected.flags, expected.groups, expected.groupindex), pattern
    assert not reader._changed  # every one came from the store


def test_a_pattern_is_compiled_once_and_then_read_back(tmp_path: Path) -> None:
    path = tmp_path / "patterns.json"
    writer = PatternStore(path)
    made = [writer.compiled(pattern, flags) for pattern, flags in SAMPLES]
    assert made == [re.compile(pattern, flags) for pattern, flags in SAMPLES]
    writer.save()
    reader = PatternStore(path)
    again = [reader.compiled(pattern, flags) for pattern, flags in SAMPLES]
    assert again == made
    assert [(p.groups, p.groupindex) for p in again] == [(p.groups, p.groupindex) for p in made]
    assert again[1].groupindex == {"volume": 1, "pages": 2}
    assert again[1].search("vol 12: 6311").group("pages") == "6311"
    assert again[0].search("It was SHOWN to work") is not None
    assert not reader._changed


def test_the_store_is_not_rewritten_when_nothing_was_added(tmp_path: Path) -> None:
    path = tmp_path / "patterns.json"
    writer = PatternStore(path)
    writer.compiled(*SAMPLES[0])
    writer.save()
    path.write_text(path.read_text(encoding="utf-8") + " ", encoding="utf-8")  # a mark the writer would remove
    reader = PatternStore(path)
    reader.compiled(*SAMPLES[0])
    reader.save()
    assert path.read_text(encoding="utf-8").endswith(" ")


def _stored_sample(tmp_path: Path, index: int = 0) -> tuple[Path, str, re.RegexFlag | int, dict[str, object]]:
    path = tmp_path / "patterns.json"
    pattern, flags = SAMPLES[index]
    writer = PatternStore(path)
    writer.compiled(pattern, flags)
    writer.save()
    document = json.loads(path.read_text(encoding="utf-8"))
    return path, pattern, flags, document


def _rewritten(path: Path, document: dict[str, object], key: str, **changes: object) -> dict[str, object]:
    entries = document["entries"]
    assert isinstance(entries, dict)
    entries[key] = {**entries[key], **changes}
    path.write_text(json.dumps(document), encoding="utf-8")
    return entries[key]


def _checksum_made_to_hold(key: str, entry: dict[str, object]) -> int:
    return patternstore._checksum(key, entry)


@pytest.mark.parametrize("damage", ["code changed", "code not well formed", "flags dropped", "group out of range"])
def test_a_damaged_entry_is_compiled_afresh_and_mended(tmp_path: Path, damage: str) -> None:
    path, pattern, flags, document = _stored_sample(tmp_path, 1)  # the pattern with named groups
    key = f"{int(flags)}:{pattern}"
    other = r"(?P<volume>\d{1,6})\s*;\s*(?P<pages>\d+)"  # its code is valid, for another pattern
    entry = dict(document["entries"][key])  # type: ignore[index]
    if damage == "code changed":  # valid code, but the checksum no longer holds
        entry["code"] = _code_of(other)
    elif damage == "code not well formed":  # checksum made to hold: `_sre` must refuse it
        entry["code"] = base64.b64encode(array("I", [99]).tobytes()).decode()  # no such opcode
        entry["check"] = _checksum_made_to_hold(key, entry)
    elif damage == "flags dropped":  # the UNICODE flag the parse adds, gone
        entry["flags"] = int(entry["flags"]) & ~re.UNICODE
        entry["check"] = _checksum_made_to_hold(key, entry)
    else:
        entry["groupindex"] = {"volume": 1, "pages": 7}
        entry["check"] = _checksum_made_to_hold(key, entry)
    damaged = _rewritten(path, document, key, **entry)
    reader = PatternStore(path)
    rebuilt = reader.compiled(pattern, flags)
    expected = re.compile(pattern, flags)
    assert (rebuilt, rebuilt.groups, rebuilt.groupindex) == (expected, expected.groups, expected.groupindex)
    assert reader._changed  # compiled afresh, so the store is mended at save
    reader.save()
    mended = json.loads(path.read_text(encoding="utf-8"))["entries"][key]
    assert mended != damaged and PatternStore(path).compiled(pattern, flags) == expected


def _code_of(pattern: str) -> str:
    return str(patternstore._compiled_with_code("0:" + pattern, pattern, 0)[1]["code"])


@pytest.mark.parametrize("text", ["{not json", json.dumps({"format": 1, "magic": 0, "entries": {}}),
                                  json.dumps(["a", "list"]), ""],
                         ids=["not JSON", "another engine", "not an object", "empty"])
def test_a_store_that_is_damaged_or_for_another_interpreter_is_ignored(tmp_path: Path, text: str) -> None:
    path = tmp_path / "patterns.json"
    path.write_text(text, encoding="utf-8")
    store = PatternStore(path)
    pattern, flags = SAMPLES[2]
    assert store.compiled(pattern, flags) == re.compile(pattern, flags)
    store.save()
    assert json.loads(path.read_text(encoding="utf-8"))["magic"] == patternstore._HEADER["magic"]


def test_answers_read_from_the_parse_are_kept_with_the_pattern(tmp_path: Path) -> None:
    path = tmp_path / "patterns.json"
    pattern, flags = SAMPLES[0]
    writer = PatternStore(path)
    writer.compiled(pattern, flags)
    assert writer.derived("needles", pattern, flags, lambda: ["proven", "shown"]) == ["proven", "shown"]
    writer.save()

    def not_again() -> list[str]:
        raise AssertionError("computed again although stored")

    reader = PatternStore(path)
    assert reader.derived("needles", pattern, flags, not_again) == ["proven", "shown"]


def test_off_compiles_with_re_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(patternstore.ENVIRONMENT, "off")
    assert patternstore.default_path() is None
    store = PatternStore(None)
    pattern, flags = SAMPLES[3]
    assert store.compiled(pattern, flags) == re.compile(pattern, flags)
    assert store.derived("requires", pattern, flags, lambda: "[]") == "[]"
    store.save()
    assert list(tmp_path.iterdir()) == []


def test_a_named_path_and_the_default_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(patternstore.ENVIRONMENT, str(tmp_path / "p.json"))
    assert patternstore.default_path() == tmp_path / "p.json"
    monkeypatch.delenv(patternstore.ENVIRONMENT)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    default = patternstore.default_path()
    assert default is not None and default.parent == tmp_path / "cache" / "verifier"
    tag = f"patterns-{sys.implementation.name}{sys.version_info[0]}{sys.version_info[1]}-"
    assert default.name.startswith(tag) and default.name.endswith(".json")  # and a digest of sys.version


def test_a_folder_that_cannot_be_written_is_left_alone(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    store = PatternStore(blocker / "patterns.json")  # its folder is a file: cannot be made
    store.compiled(*SAMPLES[1])
    store.save()  # no error: the store only saves time
    assert blocker.read_text(encoding="utf-8") == ""


def test_a_store_past_its_size_keeps_only_what_the_last_run_used(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "patterns.json"
    writer = PatternStore(path)
    for pattern, flags in SAMPLES:
        writer.compiled(pattern, flags)
    writer.save()
    monkeypatch.setattr(patternstore, "MAX_ENTRIES", 4)
    reader = PatternStore(path)
    reader.compiled(r"\bnew\b", 0)  # five entries now, one more than kept
    reader.save()
    kept = json.loads(path.read_text(encoding="utf-8"))["entries"]
    assert list(kept) == ["0:\\bnew\\b"]


def test_a_pattern_hot_in_an_earlier_run_has_its_needles_from_the_first_call(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from verifier import lazyre

    pattern, flags = SAMPLES[0]
    store = PatternStore(tmp_path / "patterns.json")
    store.compiled(pattern, flags)
    store.derived("needles", pattern, int(flags), lambda: lazyre.needles(re.compile(pattern, flags)))
    store.save()
    monkeypatch.setattr(patternstore, "_STORE", PatternStore(tmp_path / "patterns.json"))
    lazy = lazyre.LazyPattern(pattern, int(flags))
    texts = ["The drug was shown to work.", "Nothing here.", "DEMONSTRATED  TO help"]
    assert [lazy.search(t) is not None for t in texts] == [re.search(pattern, t, flags) is not None for t in texts]
    assert set(lazy.needles) == {"proven", "shown", "demonstrated"}  # known at once: not counted to HOT first


@pytest.mark.parametrize("answers", [[], "x", {"needles": 5}, {"needles": ["a", 3]}, {"needles": "abc"}],
                         ids=["a list", "a string", "a number", "a list with a number", "a string for a list"])
def test_a_stored_answer_of_the_wrong_shape_is_computed_afresh(tmp_path: Path, answers: object) -> None:
    path, pattern, flags, document = _stored_sample(tmp_path)
    _rewritten(path, document, f"{int(flags)}:{pattern}", derived=answers)
    reader = PatternStore(path)
    assert reader.known("needles", pattern, int(flags)) is None
    assert reader.derived("needles", pattern, int(flags), lambda: ["shown"]) == ["shown"]
    assert reader.derived("requires", pattern, int(flags), lambda: "()", str) == "()"


def test_stored_answers_are_dropped_when_the_code_computing_them_changes(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path, pattern, flags = tmp_path / "patterns.json", *SAMPLES[0]
    writer = PatternStore(path)
    writer.compiled(pattern, flags)
    writer.derived("needles", pattern, int(flags), lambda: ["shown"])
    writer.save()
    assert PatternStore(path).known("needles", pattern, int(flags)) == ["shown"]
    monkeypatch.setattr(patternstore, "_DIGEST", ["another lazyre.py"])
    reader = PatternStore(path)
    assert reader.known("needles", pattern, int(flags)) is None  # answers of the old code: gone
    assert reader.compiled(pattern, flags) == re.compile(pattern, flags)  # the code itself still serves
    assert reader._changed  # written again, without the old answers


def test_two_runs_saving_keep_both_their_patterns(tmp_path: Path) -> None:
    path = tmp_path / "patterns.json"
    first, second = PatternStore(path), PatternStore(path)
    first.compiled(*SAMPLES[0])
    second.compiled(*SAMPLES[1])
    first.save()
    second.save()  # it loaded before the first saved: the first's pattern is merged, not lost
    entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
    assert set(entries) == {f"{int(flags)}:{pattern}" for pattern, flags in SAMPLES[:2]}
