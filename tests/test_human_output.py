"""What people and CI logs read: escaped control characters, one line per finding, in order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from verifier.models import ArticleReport, Finding, Report, Severity, Span
from verifier.report import WRITERS
from verifier.report.markdown import escape
from verifier.report.sanitise import inert

HOSTILE = "title\x1b]0;owned\x07 \x1b[2J\n::add-mask::secret\r\x9b31m\u2028end"


def finding(code: str, line: int, column: int, message: str = "m") -> Finding:
    return Finding(code=code, name="rule-name", severity=Severity.warning, message=message,
                   span=Span(start=0, end=1, line=line, column=column))


def report(*findings: Finding, path: str = "articles/a.md") -> Report:
    return Report(articles=(ArticleReport(path=path, citations=(), findings=findings),))


def test_inert_escapes_every_control_character_and_keeps_text() -> None:
    assert inert(HOSTILE) == ("title\\x1b]0;owned\\x07 \\x1b[2J\\n::add-mask::secret\\r\\x9b31m\\u2028end")
    assert inert("café\tau lait") == "café\tau lait"


def test_concise_is_one_line_per_finding_sorted_by_position() -> None:
    out = WRITERS["concise"](report(finding("S201", 9, 3), finding("C103", 2, 14, HOSTILE), finding("S209", 2, 1)))
    assert out.splitlines() == [
        "articles/a.md:2:1: S209 [warning] m",
        "articles/a.md:2:14: C103 [warning] " + inert(HOSTILE),
        "articles/a.md:9:3: S201 [warning] m",
    ]
    assert not any(line.startswith("::") for line in out.splitlines())


def test_text_report_carries_no_escape_sequence() -> None:
    out = WRITERS["text"](report(finding("C103", 1, 1, HOSTILE), path="a\x1b[31m.md"))
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "\\x1b]0;owned" in out


def test_text_report_lists_findings_by_line() -> None:
    out = WRITERS["text"](report(finding("S201", 30, 1), finding("C110", 4, 1)))
    assert out.index("C110") < out.index("S201")


def test_markdown_escapes_mentions_issue_links_and_controls() -> None:
    assert escape("@octocat fixed #12 <b>") == "\\@octocat fixed \\#12 \\<b\\>"
    assert "\x1b" not in escape(HOSTILE)


def test_sarif_uris_are_percent_encoded() -> None:
    log = json.loads(WRITERS["sarif"](report(finding("S201", 1, 1), path="articles/two words#été.md")))
    run = log["runs"][0]
    assert run["artifacts"][0]["location"]["uri"] == "articles/two%20words%23%C3%A9t%C3%A9.md"
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "articles/two%20words%23%C3%A9t%C3%A9.md"


def test_stderr_lines_cannot_become_workflow_commands(tmp_path: Path) -> None:
    named = tmp_path / "a\n::add-mask::x\x1b[2J.md"
    done = subprocess.run([sys.executable, "-m", "verifier", "audit", "--offline", str(named)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "\x1b" not in done.stderr
    assert not any(line.startswith("::") for line in done.stderr.splitlines())
