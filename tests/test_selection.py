"""Issue 14 step 2: choosing what is checked as ruff and Vale users expect. Each mechanism has
a firing and a non-firing case.

The article: a claim that Islam 2023 (a meta-analysis of uncontrolled studies, PubMed record
37834955) shows a cure "in every patient" on line 3 (S203, S211, S213), and the seed's printed
citation with its year changed to 2021 on line 7 (C110: the record says 2023)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ISLAM_PRINTED, ISLAM_XML

from verifier import suppress
from verifier.cli import main
from verifier.ingest import load

RECORDS = ("--records", str(ISLAM_XML))
CLAIM = "Stem cell therapy cures arthritis in every patient [1]."
REFERENCE = "1. " + ISLAM_PRINTED.replace("2023 Sep", "2021 Sep")
ALL_CODES = ["C110", "S203", "S211", "S213"]


def write(folder: Path, name: str = "a.md", before_claim: str = "", before_reference: str = "",
          top: str = "") -> Path:
    path = folder / name
    path.write_text(f"{top}# Stem cells\n\n{before_claim}{CLAIM}\n\n## References\n\n"
                    f"{before_reference}{REFERENCE}\n", encoding="utf-8")
    return path


def audit(*args: str, cwd: Path | None = None) -> tuple[int, dict[str, object], str]:
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["audit", *args, *RECORDS, "--format", "json", "--fail-on", "warning"])
    finally:
        os.chdir(old)
    report = json.loads(result.stdout) if result.stdout.startswith("{") else {}
    return result.exit_code, report, result.stderr


def codes(report: dict[str, object], key: str = "findings", article: int = 0) -> list[str]:
    articles = report["articles"]
    assert isinstance(articles, list)
    return sorted(f["code"] for f in articles[article][key])


def test_the_article_gives_the_findings_the_tests_below_silence(tmp_path: Path) -> None:
    code, report, _ = audit(str(write(tmp_path)))
    assert codes(report) == ALL_CODES and code == 1


@pytest.mark.parametrize(("flags", "expected"), [
    (("--select", "C1"), ["C110"]),
    (("--select", "S21"), ["S211", "S213"]),
    (("--select", "C110,S203"), ["C110", "S203"]),
    (("--ignore", "S2"), ["C110"]),
    (("--ignore", "S213", "--ignore", "C"), ["S203", "S211"]),
    (("--select", "C1", "--extend-select", "S213"), ["C110", "S213"]),
    (("--select", "S2", "--ignore", "S211"), ["S203", "S213"]),
    (("--select", "ALL"), ALL_CODES),
])
def test_select_ignore_and_extend_select(tmp_path: Path, flags: tuple[str, ...], expected: list[str]) -> None:
    assert codes(audit(str(write(tmp_path)), *flags)[1]) == expected


def test_flags_override_the_config_selection(tmp_path: Path) -> None:
    (tmp_path / "verifier.toml").write_text('[rules]\nselect = ["C1"]\n', encoding="utf-8")
    path = write(tmp_path)
    assert codes(audit(str(path), cwd=tmp_path)[1]) == ["C110"]
    assert codes(audit(str(path), "--select", "S213", cwd=tmp_path)[1]) == ["S213"]


@pytest.mark.parametrize(("flag", "value"), [("--select", "C999"), ("--ignore", "S2O1"), ("--extend-select", "Z")])
def test_unknown_codes_are_one_line_naming_the_code_and_flag(tmp_path: Path, flag: str, value: str) -> None:
    code, _, err = audit(str(write(tmp_path)), flag, value)
    assert code == 2 and err.count("\n") == 1
    assert f"{flag}: unknown rule code {value!r}" in err


def test_per_file_ignores(tmp_path: Path) -> None:
    (tmp_path / "verifier.toml").write_text(
        '[rules.per-file-ignores]\n"drafts/*.md" = ["S2"]\n"*.txt" = ["C110"]\n', encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    draft, final = write(tmp_path / "drafts"), write(tmp_path)
    assert codes(audit(str(draft), cwd=tmp_path)[1]) == ["C110"]  # fires: the glob matches
    assert codes(audit(str(final), cwd=tmp_path)[1]) == ALL_CODES  # does not: another folder
    assert codes(audit("drafts/a.md", cwd=tmp_path)[1]) == ["C110"]  # relative spelling too


def test_severity_overrides(tmp_path: Path) -> None:
    (tmp_path / "verifier.toml").write_text('[rules.severity]\nS2 = "info"\nS213 = "warning"\n', encoding="utf-8")
    code, report, _ = audit(str(write(tmp_path)), cwd=tmp_path)
    articles = report["articles"]
    assert isinstance(articles, list)
    levels = {f["code"]: f["severity"] for f in articles[0]["findings"]}
    # the longest prefix wins; C110 keeps its own level
    assert levels == {"C110": "error", "S203": "info", "S211": "info", "S213": "warning"}
    assert code == 1
    (tmp_path / "verifier.toml").write_text('[rules.severity]\nC110 = "info"\nS2 = "info"\n', encoding="utf-8")
    assert audit(str(write(tmp_path)), cwd=tmp_path)[0] == 0  # nothing at warning any more


def test_include_and_exclude_choose_the_articles_of_a_folder(tmp_path: Path) -> None:
    (tmp_path / "verifier.toml").write_text('exclude = ["drafts/*"]\ninclude = ["*.md"]\n', encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    write(tmp_path / "drafts")
    write(tmp_path, "kept.md")
    write(tmp_path, "notes.txt")
    _, report, _ = audit(".", cwd=tmp_path)
    articles = report["articles"]
    assert isinstance(articles, list)
    assert [Path(str(a["path"])).name for a in articles] == ["kept.md"]
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        excluded = CliRunner().invoke(main, ["audit", "drafts/a.md", "--offline"])
    finally:
        os.chdir(old)
    assert excluded.exit_code == 0 and "excluded by the config's include/exclude" in excluded.stderr


def test_inline_region_suppression(tmp_path: Path) -> None:
    path = write(tmp_path, before_claim='<!-- verifier: disable=S21 reason="cure of one patient, checked" -->\n',
                 before_reference="<!-- verifier: enable -->\n")
    code, report, _ = audit(str(path))
    assert codes(report) == ["C110", "S203"] and code == 1  # C110 is still an error
    assert codes(report, "suppressed") == ["S211", "S213"]
    articles = report["articles"]
    assert isinstance(articles, list)
    assert {s["reason"] for s in articles[0]["suppressed"]} == {"cure of one patient, checked"}
    assert {s["suppressed_at_line"] for s in articles[0]["suppressed"]} == {3}


def test_a_region_ends_at_enable(tmp_path: Path) -> None:
    path = write(tmp_path, top="<!-- verifier: disable=C110 -->\n<!-- verifier: enable=C110 -->\n")
    _, report, _ = audit(str(path))
    assert codes(report) == ALL_CODES and codes(report, "suppressed") == []


def test_next_line_suppression(tmp_path: Path) -> None:
    path = write(tmp_path, before_reference="<!-- verifier: disable-next-line=C110 -->\n")
    _, report, _ = audit(str(path))
    assert codes(report) == ["S203", "S211", "S213"] and codes(report, "suppressed") == ["C110"]
    other = write(tmp_path, "b.md", before_claim="<!-- verifier: disable-next-line=C110 -->\n")
    _, report, _ = audit(str(other))  # the next line is the claim: C110 is not on it
    assert codes(report) == ALL_CODES


def test_suppression_in_plain_text_and_html(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text(f"{CLAIM}\n\n<!-- verifier: disable-next-line=C1 -->\nSource: {REFERENCE[3:]}\n",
                    encoding="utf-8")
    _, report, _ = audit(str(text))
    assert codes(report, "suppressed") == ["C110"] and "C110" not in codes(report)
    page = tmp_path / "a.html"
    page.write_text(f"<html><body><article><p>{CLAIM}</p>\n<!-- verifier: disable-next-line=C110 -->\n"
                    f"<p>Source: {REFERENCE[3:]}</p></article></body></html>\n", encoding="utf-8")
    _, report, _ = audit(str(page))
    assert codes(report, "suppressed") == ["C110"] and "C110" not in codes(report)


def test_suppressed_findings_do_not_count_for_the_exit_code(tmp_path: Path) -> None:
    path = write(tmp_path, top='<!-- verifier: disable reason="legacy page" -->\n')
    code, report, _ = audit(str(path))
    assert code == 0 and codes(report) == [] and codes(report, "suppressed") == ALL_CODES


def test_suppressions_in_sarif(tmp_path: Path) -> None:
    path = write(tmp_path, before_reference='<!-- verifier: disable-next-line=C110 reason="typo upstream" -->\n')
    result = CliRunner().invoke(main, ["audit", str(path), *RECORDS, "--format", "sarif"])
    results = json.loads(result.stdout)["runs"][0]["results"]
    silenced = [r for r in results if r.get("suppressions")]
    assert [r["ruleId"] for r in silenced] == ["C110"]
    assert silenced[0]["suppressions"] == [{"kind": "inSource", "justification": "typo upstream"}]
    assert sorted(r["ruleId"] for r in results if not r.get("suppressions")) == ["S203", "S211", "S213"]


def test_a_directive_naming_no_rule_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, before_reference="<!-- verifier: disable-next-line=C9999 -->\n")
    _, report, err = audit(str(path))
    assert "suppression comment names 'C9999'" in err and "a.md:7" in err
    assert codes(report) == ALL_CODES


def test_directive_parsing() -> None:
    parsed = suppress.parse('x\n<!-- verifier: disable=s209, C1 reason="why" -->\n<!--verifier:enable-->\n'
                            "<!-- verifier: disable-next-line=T3 -->\n\n<!-- other -->\ny\n"
                            "<!-- verifier: disable=ALL-OF-IT -->\n")
    assert [(d.line, d.action, d.codes, d.reason, d.target) for d in parsed] == [
        (2, "disable", ("S209", "C1"), "why", None), (3, "enable", (), "", None),
        (4, "disable-next-line", ("T3",), "", 7)]


def test_directives_are_read_from_the_file_as_written(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html><body>\n<!-- verifier: disable=T3 -->\n<p>MSC therapy works.</p></body></html>\n",
                    encoding="utf-8")
    assert [(d.line, d.codes) for d in load(str(page)).directives] == [(2, ("T3",))]
