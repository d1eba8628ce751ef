"""Baselines: the seeds' baseline suppresses exactly their findings, survives unrelated edits,
and a claim made stronger yields one new finding and a non-zero exit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import ISLAM_XML, SEEDS

from verifier.cli import main

SEED1 = "001_cbb8193102376ae8.txt"
HEDGED = "Mesenchymal stem cell therapy represents a promising new approach for treating multiple sclerosis."
STRONGER = "Mesenchymal stem cell therapy is an effective treatment for multiple sclerosis."


def audit(article: Path, *extra: str) -> tuple[int, dict[str, object], str]:
    result = CliRunner().invoke(main, ["audit", str(article), "--records", str(ISLAM_XML), "--format",
                                       "json", "--fail-on", "info", *extra])
    stdout = result.stdout
    return result.exit_code, json.loads(stdout) if stdout.strip() else {}, result.stderr


def setup(tmp_path: Path) -> tuple[Path, Path]:
    article = tmp_path / SEED1
    shutil.copy(SEEDS / SEED1, article)
    made = tmp_path / "baseline.json"
    result = CliRunner().invoke(main, ["baseline", "create", str(article), "--records", str(ISLAM_XML),
                                       "-o", str(made)])
    assert result.exit_code == 0, result.output
    return article, made


def findings(report: dict[str, object]) -> list[dict[str, str]]:
    return [f for a in report["articles"] for f in a["findings"]]  # type: ignore[attr-defined]


def test_baseline_suppresses_exactly_the_findings_it_recorded(tmp_path: Path) -> None:
    article, made = setup(tmp_path)
    code, plain, _ = audit(article)
    recorded = json.loads(made.read_text(encoding="utf-8"))["entries"]
    assert sorted(e["fingerprint"] for e in recorded) == sorted(f["fingerprint"] for f in findings(plain))
    code, report, err = audit(article, "--baseline", str(made))
    assert code == 0 and findings(report) == []
    assert report["summary"]["baselined"] == len(recorded)  # type: ignore[index]
    assert f"{len(recorded)} known, 0 new, 0 stale" in err


def test_baseline_survives_an_unrelated_edit(tmp_path: Path) -> None:
    article, made = setup(tmp_path)
    article.write_text("A new first paragraph about something else.\n\n" + article.read_text(encoding="utf-8"),
                       encoding="utf-8")
    code, report, _ = audit(article, "--baseline", str(made))
    assert code == 0 and findings(report) == []


def test_a_stronger_claim_is_one_new_finding(tmp_path: Path) -> None:
    article, made = setup(tmp_path)
    text = article.read_text(encoding="utf-8")
    assert HEDGED in text
    article.write_text(text.replace(HEDGED, STRONGER), encoding="utf-8")
    code, report, err = audit(article, "--baseline", str(made))
    new = findings(report)
    assert [f["code"] for f in new] == ["S201"] and code == 1  # definitive, on CEBM level 4
    assert "1 new" in err


def test_stale_entries_are_listed(tmp_path: Path) -> None:
    article, made = setup(tmp_path)
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("Early reports also confirm its safety, with minimal serious adverse events.",
                                    ""), encoding="utf-8")
    _, _, err = audit(article, "--baseline", str(made))
    assert "stale baseline entry" in err and "S205" in err


def test_bad_baseline_is_a_one_line_error(tmp_path: Path) -> None:
    article, _ = setup(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", str(article), "--records", str(ISLAM_XML), "--baseline",
                                       str(broken)])
    assert result.exit_code == 2 and "not JSON" in result.output
