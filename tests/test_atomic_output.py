"""Reports, baselines and claim files are written whole or not at all, never through a link."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SEED_CASSETTE, SEEDS

from verifier.atomic import atomic_stream, write_atomic
from verifier.cli import main
from verifier.errors import UsageError


def test_an_interrupted_write_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "report.jsonl"
    target.write_text("previous\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_stream(target) as stream:
        stream.write("partial")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.jsonl"]


def test_a_symbolic_link_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep\n", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(elsewhere)
    with pytest.raises(UsageError, match="symbolic link"):
        write_atomic(link, "new")
    assert elsewhere.read_text(encoding="utf-8") == "keep\n"


def test_out_through_a_link_is_one_line_and_exit_2(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep\n", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(elsewhere)
    seed = next(SEEDS.glob("000_*.txt"))
    for fmt in ("json", "jsonl"):
        done = CliRunner().invoke(main, ["audit", str(seed), "--cassette", str(SEED_CASSETTE),
                                         "--format", fmt, "--out", str(link)])
        assert done.exit_code == 2, done.output
        assert "symbolic link" in done.output and "Traceback" not in done.output
    assert elsewhere.read_text(encoding="utf-8") == "keep\n"
