"""Claim files and the strength command: extract, review, check; refusals are one line, exit 2."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import yaml
from click.testing import CliRunner
from conftest import ISLAM_PRINTED, ISLAM_XML

from verifier.cli import main

ARTICLE = f"""MSC therapy for MS

The study found that intravenous MSC therapy resulted in better outcomes than intrathecal delivery.
Early reports also confirm its safety.
More research is needed.
Source: {ISLAM_PRINTED}
"""


def extract(tmp_path: Path, *extra: str) -> tuple[int, str, Path]:
    article = tmp_path / "article.txt"
    if not article.exists():
        article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "claims" / "article.yaml"
    result = CliRunner().invoke(main, ["extract", str(article), "-o", str(out), "--records",
                                       str(ISLAM_XML), *extra])
    return result.exit_code, result.output, out


def check(out: Path, *extra: str) -> tuple[int, str]:
    with contextlib.chdir(out.parent.parent):  # `check` runs where the articles are (issue 15, case 10)
        result = CliRunner().invoke(main, ["check", str(out), "--records", str(ISLAM_XML),
                                           "--format", "json", *extra])
    return result.exit_code, result.output


def mark(out: Path, code: str, review: str, reason: str | None) -> str:
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    [finding] = [f for f in data["findings"] if f["code"] == code]
    finding["review"] = review
    if reason is not None:
        finding["reason"] = reason
    out.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return str(finding["fingerprint"])


def test_extract_writes_claims_citations_designs_and_findings(tmp_path: Path) -> None:
    code, output, out = extract(tmp_path)
    assert code == 0, output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["schema"] == "verifier-claims/1"
    assert data["citations"][0]["design"]["type"] == "meta-analysis of uncontrolled studies"
    texts = [c["text"] for c in data["claims"]]
    assert any("better outcomes" in t for t in texts)
    assert not any("More research is needed" in t for t in texts)
    assert {"S204", "S205"} <= {f["code"] for f in data["findings"]}
    assert not list(out.parent.glob(".*.tmp"))  # the atomic write left nothing behind


def test_check_honours_a_dismissal_and_keeps_accepted(tmp_path: Path) -> None:
    extract(tmp_path)
    out = tmp_path / "claims" / "article.yaml"
    dismissed = mark(out, "S205", "dismissed", "Reviewer: the article says 'early reports', not the meta-analysis.")
    accepted = mark(out, "S204", "accepted", "Holds.")
    code, output = check(out, "--fail-on", "warning")
    report = json.loads(output)
    article = report["articles"][0]
    assert dismissed in {f["fingerprint"] for f in article["dismissed"]}
    assert accepted in {f["fingerprint"] for f in article["findings"]}
    assert code == 1  # the accepted S204 is still a warning


def test_reviewed_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    extract(tmp_path)
    out = tmp_path / "claims" / "article.yaml"
    fingerprint = mark(out, "S205", "dismissed", "A reason.")
    before = out.read_text(encoding="utf-8")
    code, output, _ = extract(tmp_path)
    assert code == 2 and "--force" in output and len(output.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == before
    code, output, _ = extract(tmp_path, "--force")
    assert code == 0 and "carried 1 reviews" in output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [f["review"] for f in data["findings"] if f["fingerprint"] == fingerprint] == ["dismissed"]


def test_stale_review_is_reported(tmp_path: Path) -> None:
    extract(tmp_path)
    out = tmp_path / "claims" / "article.yaml"
    mark(out, "S205", "dismissed", "A reason.")
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE.replace("Early reports also confirm its safety.\n", ""), encoding="utf-8")
    with contextlib.chdir(tmp_path):
        result = CliRunner().invoke(main, ["check", str(out), "--records", str(ISLAM_XML)])
    assert "matches no current finding" in result.output
    assert "changed since its claim file was extracted" in result.output


def test_bad_claim_files_are_one_line_errors(tmp_path: Path) -> None:
    extract(tmp_path)
    out = tmp_path / "claims" / "article.yaml"
    mark(out, "S205", "dismissed", None)
    code, output = check(out)
    assert code == 2 and "dismissed without a reason" in output
    out.write_text("schema: verifier-claims/1\narticle: a\narticle_sha256: b\nsurprise: 1\n", encoding="utf-8")
    code, output = check(out)
    assert code == 2 and "surprise" in output and len(output.strip().splitlines()) == 1
    out.write_text("article: [unclosed\n", encoding="utf-8")
    code, output = check(out)
    assert code == 2 and "not valid YAML" in output


def test_strength_of_one_sentence_and_of_stdin_lines() -> None:
    result = CliRunner().invoke(main, ["strength", "MSC therapy has been shown to restore cartilage."])
    assert result.exit_code == 0 and result.output.startswith("strength 3 (definitive)")
    assert "booster" in result.output
    lines = "MSCs may reduce pain.\nMore research is needed.\n"
    result = CliRunner().invoke(main, ["strength"], input=lines)
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["sentence"], r["strength"]) for r in rows] == [("MSCs may reduce pain.", 1),
                                                             ("More research is needed.", 0)]
    assert rows[0]["cues"][:2] == [{"kind": "hedge", "text": "may"}, {"kind": "effect", "text": "reduce"}]
    assert {"kind": "deciding", "text": "may"} in rows[0]["cues"][2:]  # the words that decided follow
