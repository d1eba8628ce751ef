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


# --- issue 14 step 3: output through a pipe, -q/-v/--config/--statistics, ~, progress ----------

RECORDS_FILE = Path(__file__).resolve().parent.parent / "cassettes" / "reconstructed" / "islam2023.xml"
ISLAM_WRONG_YEAR = (
    "Islam MA, Alam SS, Kundu S, Ahmed S, Sultana S, Patar A, Hossan T. Mesenchymal Stem Cell "
    "Therapy in Multiple Sclerosis: A Systematic Review and Meta-Analysis. J Clin Med. 2021 Sep "
    "30;12(19):6311. doi: 10.3390/jcm12196311. PMID: 37834955; PMCID: PMC10573670."
)


def _article(folder: Path) -> Path:
    path = folder / "a.md"
    path.write_text("# Stem cells\n\nStem cell therapy cures arthritis in every patient [1].\n\n"
                    f"## References\n\n1. {ISLAM_WRONG_YEAR}\n", encoding="utf-8")
    return path


def _piped(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None
           ) -> subprocess.CompletedProcess[str]:
    """The real command with stdout and stderr pipes, as in CI logs and `| grep`."""
    import os

    return subprocess.run([sys.executable, "-m", "verifier", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd, env={**os.environ, **(env or {})})


def test_piped_output_is_one_line_per_finding_sorted_and_never_wrapped(tmp_path: Path) -> None:
    path = _article(tmp_path)
    concise = _piped("audit", str(path), "--records", str(RECORDS_FILE), "--format", "concise")
    lines = concise.stdout.splitlines()
    assert [line.split(": ", 2)[1].split(" ")[0] for line in lines] == ["S203", "S211", "S213", "C110"]
    assert all(line.startswith(f"{path}:") for line in lines)  # nothing spilled onto a next line
    positions = [tuple(int(n) for n in line[len(str(path)) + 1:].split(":")[:2]) for line in lines]
    assert positions == sorted(positions) and positions[-1] == (7, 4)
    text = _piped("audit", str(path), "--records", str(RECORDS_FILE))
    finding = [line for line in text.stdout.splitlines() if " C110 " in line]
    assert len(finding) == 1 and finding[0].endswith("year printed as 2021, record has 2023")
    assert max(len(line) for line in text.stdout.splitlines()) > 80  # the long lines stayed whole


def test_statistics_counts_findings_per_code(tmp_path: Path) -> None:
    done = _piped("audit", str(_article(tmp_path)), "--records", str(RECORDS_FILE), "--statistics")
    rows = [line.split() for line in done.stdout.splitlines()]
    assert sorted((row[1], row[0]) for row in rows) == [("C110", "1"), ("S203", "1"), ("S211", "1"), ("S213", "1")]
    assert done.returncode == 1


def test_quiet_and_verbose(tmp_path: Path) -> None:
    path = _article(tmp_path)
    baseline = tmp_path / "b.json"
    assert _piped("baseline", "create", str(path), "--records", str(RECORDS_FILE), "-o", str(baseline)).returncode == 0
    normal = _piped("audit", str(path), "--records", str(RECORDS_FILE), "--baseline", str(baseline))
    assert "baseline" in normal.stderr and "4 known" in normal.stderr
    quiet = _piped("audit", str(path), "--records", str(RECORDS_FILE), "--baseline", str(baseline), "-q")
    assert quiet.stderr == "" and quiet.returncode == 0
    also_quiet = _piped("-q", "audit", str(path), "--records", str(RECORDS_FILE), "--baseline", str(baseline))
    assert also_quiet.stderr == ""
    verbose = _piped("audit", str(path), "--records", str(RECORDS_FILE), "-v", "--fail-on", "warning")
    assert "setting fail_on from flag --fail-on" in verbose.stderr
    assert "checking 1 of 1: " in verbose.stderr  # a progress line for each step in a log
    offline_quiet = _piped("audit", str(path), "--offline", "-q", "--fail-on", "never")
    assert "evidence unavailable" in offline_quiet.stderr  # a warning survives -q


def test_config_option_names_the_file_to_read(tmp_path: Path) -> None:
    path = _article(tmp_path)
    elsewhere = tmp_path / "team.toml"
    elsewhere.write_text('[rules]\nselect = ["C1"]\n', encoding="utf-8")
    chosen = _piped("audit", str(path), "--records", str(RECORDS_FILE), "--format", "concise",
                    "--config", str(elsewhere))
    assert [line.split(": ", 2)[1].split(" ")[0] for line in chosen.stdout.splitlines()] == ["C110"]
    missing = _piped("audit", str(path), "--offline", "--config", str(tmp_path / "none.toml"))
    assert missing.returncode == 2 and "--config" in missing.stderr and "no such file" in missing.stderr
    elsewhere.write_text("max-bytes = -1\n", encoding="utf-8")
    bad = _piped("config", "--show", "--config", str(elsewhere))
    assert bad.returncode == 2 and bad.stderr.strip() == f"verifier: error: {elsewhere}: max-bytes: must be positive"


def test_home_is_expanded_in_every_path_setting(tmp_path: Path) -> None:
    from verifier.settings import load_settings

    (tmp_path / "verifier.toml").write_text('cache = "~/.cache/verifier/records.sqlite"\n'
                                            'mirror = "~/mirror.sqlite"\n', encoding="utf-8")
    import os

    old, home = Path.cwd(), os.environ.get("HOME")
    os.chdir(tmp_path)
    os.environ["HOME"] = str(tmp_path / "home")
    try:
        settings = load_settings(cassette="~/c.yaml", records=("~/r.xml",))
    finally:
        os.chdir(old)
        if home is not None:
            os.environ["HOME"] = home
    assert settings.cache_path == tmp_path / "home" / ".cache" / "verifier" / "records.sqlite"
    assert settings.mirror_path == tmp_path / "home" / "mirror.sqlite"
    assert settings.cassette == str(tmp_path / "home" / "c.yaml")
    assert settings.records == (str(tmp_path / "home" / "r.xml"),)
    assert not (tmp_path / "~").exists()


def test_log_progress_is_one_line_now_and_then() -> None:
    from verifier.progress import Tracker

    said: list[str] = []
    now = [0.0]
    tracker = Tracker(say=said.append, every=10.0, clock=lambda: now[0])
    tracker.message("found 3 citations in 2 articles")
    now[0] = 5.0
    tracker.message("checking 1 of 2: a.md")
    assert said == []  # a short run prints nothing
    now[0] = 12.0
    tracker.fetched(2, 3)
    now[0] = 15.0
    tracker.message("checking 2 of 2: b.md")
    now[0] = 23.0
    tracker.message("checking 2 of 2: b.md")
    assert said == ["verifier: 12 s: checking 1 of 2: a.md; 2 of 3 records fetched",
                    "verifier: 23 s: checking 2 of 2: b.md; 2 of 3 records fetched"]


def test_a_long_printed_citation_is_cut_at_a_word_in_the_table() -> None:
    from verifier.report.text import PRINTED_SHOWN, _clipped

    apa = ("Islam, M. A., Alam, S. S., Kundu, S., Ahmed, S., Sultana, S., Patar, A., & Hossan, T. (2023). "
           "Mesenchymal stem cell therapy in multiple sclerosis.")
    shown = _clipped(apa)
    assert shown.endswith("Hossan, T.…") and len(shown) <= PRINTED_SHOWN
    assert _clipped("Islam MA. J Clin Med. 2023.") == "Islam MA. J Clin Med. 2023."
