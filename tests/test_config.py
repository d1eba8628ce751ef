"""Configuration layers: defaults < config file < environment < flags; unknown keys rejected."""

from __future__ import annotations

import os
from contextlib import chdir
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from verifier.cli import main

SPUN = "Cells from umbilical twine helped sufferers with dry eye illness in a potential pilot.\n"


def run(folder: Path, *args: str) -> Result:
    with chdir(folder):
        return CliRunner().invoke(main, list(args))


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NCBI_EMAIL", "NCBI_API_KEY", "VERIFIER_EUTILS_URL", "VERIFIER_CACHE", "VERIFIER_CONFIG",
                 "VERIFIER_CROSSREF", "VERIFIER_CROSSREF_URL", "VERIFIER_CROSSREF_CASSETTE"):
        monkeypatch.delenv(name, raising=False)


def test_config_file_values_and_their_sources(tmp_path: Path) -> None:
    (tmp_path / "verifier.toml").write_text(
        'email = "editor@example.org"\nfail-on = "warning"\nsmall-sample = 100\n'
        '[rules]\ndisable = ["T3"]\n', encoding="utf-8")
    result = run(tmp_path, "config", "--show")
    assert result.exit_code == 0, result.output
    lines = dict(line.split(" = ", 1) for line in result.output.splitlines() if " = " in line)
    assert lines["email"] == f"e***@example.org  ({tmp_path / 'verifier.toml'})"  # never printed whole
    assert lines["fail-on"].startswith("warning") and lines["small-sample"].startswith("100")
    assert lines["rules.ignore"].startswith("('T3',)")
    assert lines["max-bytes"].endswith("(default)")


def test_config_show_lists_the_run_limits_and_crossref(tmp_path: Path) -> None:
    (tmp_path / "verifier.toml").write_text('deadline = 90\ncrossref = false\n', encoding="utf-8")
    result = run(tmp_path, "config", "--show")
    assert result.exit_code == 0, result.output
    lines = dict(line.split(" = ", 1) for line in result.output.splitlines() if " = " in line)
    assert lines["deadline"] == f"90.0  ({tmp_path / 'verifier.toml'})"
    assert lines["crossref"] == f"False  ({tmp_path / 'verifier.toml'})"
    assert lines["cache-max-age-days"].endswith("(default)") and lines["max-retry-wait"].endswith("(default)")
    assert lines["crossref-url"] == "https://api.crossref.org  (default)"


def test_disabled_rules_and_fail_on_from_the_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    assert "T301" in run(tmp_path, "audit", "a.txt", "--offline", "--format", "json").output
    (tmp_path / "verifier.toml").write_text('fail-on = "info"\n[rules]\ndisable = ["T30"]\n', encoding="utf-8")
    result = run(tmp_path, "audit", "a.txt", "--offline", "--format", "json")
    assert "T30" not in result.output
    (tmp_path / "verifier.toml").write_text('fail-on = "info"\n', encoding="utf-8")
    assert run(tmp_path, "audit", "a.txt", "--offline", "--format", "json").exit_code == 1
    assert run(tmp_path, "audit", "a.txt", "--offline", "--format", "json", "--fail-on", "never").exit_code == 0


def test_environment_overrides_file_and_flag_overrides_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "verifier.toml").write_text('email = "file@example.org"\n', encoding="utf-8")
    monkeypatch.setenv("NCBI_EMAIL", "env@example.org")
    assert "email = e***@example.org  (environment NCBI_EMAIL)" in run(tmp_path, "config", "--show").output
    monkeypatch.setenv("NCBI_EMAIL", "xavier@example.org")
    assert "email = x***@example.org  (environment NCBI_EMAIL)" in run(tmp_path, "config", "--show").output


def test_pyproject_table_is_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "site"\n[tool.verifier]\nspun-article-at = 5\n',
                                            encoding="utf-8")
    (tmp_path / "articles").mkdir()
    output = run(tmp_path / "articles", "config", "--show").output
    assert f"spun-article-at = 5  ({tmp_path / 'pyproject.toml'})" in output


@pytest.mark.parametrize(("content", "says"), [
    ('colour = "blue"\n', "unknown key 'colour'"),
    ('api-key = "abc"\n', "NCBI_API_KEY only"),
    ('[rules]\ncolour = ["S201"]\n', "unknown key rules.colour"),
    ('fail-on = "sometimes"\n', "verifier.toml: fail-on: Input should be"),
    ('max-bytes = "big"\n', "verifier.toml: max-bytes:"),
    ('email = \n', "cannot read config"),
    ('[rules]\nenable = 5\n', "verifier.toml: rules.enable: expected a list of strings, got 5"),
    ('[rules]\nselect = ["C1", "C999"]\n', "verifier.toml: rules.select: unknown rule code 'C999'"),
    ('[rules]\nper-file-ignores = {"seeds/*" = ["S2O1"]}\n', "rules.per-file-ignores: unknown rule code 'S2O1'"),
    ('[rules]\nseverity = {S209 = "fatal"}\n', "verifier.toml: rules.severity: Input should be"),
    ('rules = 3\n', "rules: expected a table"),
    ('include = [1]\n', "verifier.toml: include: expected a list of strings"),
])
def test_bad_config_is_a_one_line_error(tmp_path: Path, content: str, says: str) -> None:
    (tmp_path / "verifier.toml").write_text(content, encoding="utf-8")
    result = run(tmp_path, "config", "--show")
    assert result.exit_code == 2 and says in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_config_is_refused_not_waited_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "verifier.toml"
    os.mkfifo(fifo)
    result = CliRunner().invoke(main, ["config", "--show", "--config", str(fifo)])
    assert result.exit_code == 2 and "not a regular file" in result.stderr
    monkeypatch.setenv("VERIFIER_CONFIG", str(fifo))
    result = CliRunner().invoke(main, ["config", "--show"])
    assert result.exit_code == 2 and "not a regular file" in result.stderr
    monkeypatch.delenv("VERIFIER_CONFIG")
    monkeypatch.chdir(tmp_path)  # found by the search: skipped, never opened
    result = CliRunner().invoke(main, ["config", "--show"])
    assert result.exit_code == 0 and "# config file: none found" in result.stdout
