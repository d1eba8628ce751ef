"""Issue 14 step 1 and issue 15 case 6: a run that checked nothing, or could not get evidence,
never looks like a clean one; a bad file in a batch is an entry, not an abort; bad files
given as paths (FIFO, Latin-1, deeply nested) are one line and exit 2, never a hang."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ISLAM_PRINTED, ISLAM_XML

from verifier.cli import main

RECORDS = ("--records", str(ISLAM_XML))
# The seed's printed citation with its year changed: one C110 (year printed 2021, record 2023).
WRONG_YEAR = ISLAM_PRINTED.replace("2023 Sep", "2021 Sep")


def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def article(folder: Path, name: str = "a.txt", printed: str = ISLAM_PRINTED) -> Path:
    path = folder / name
    path.write_text(f"Mesenchymal stem cells were studied in multiple sclerosis.\n\nSource: {printed}\n",
                    encoding="utf-8")
    return path


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_missing_evidence_is_said_on_stderr_with_the_count_and_first_reason(tmp_path: Path) -> None:
    path = article(tmp_path)
    code, _, err = run("audit", str(path), "--offline", "--fail-on", "never")
    assert code == 0
    assert "evidence unavailable for 1 of 1 citations" in err and "offline" in err


def test_evidence_found_says_nothing_about_evidence(tmp_path: Path) -> None:
    code, _, err = run("audit", str(article(tmp_path)), *RECORDS, "--fail-on", "never")
    assert code == 0 and "evidence unavailable" not in err


# Alshahrani et al. 2016 (PMID 26808781, tests/cases/claims/hierarchy.yaml): a title naming no design.
NEUROPATHY = ("Alshahrani A. The Effects of a Novel Therapeutic Intervention in Diabetic Peripheral Neuropathy "
              "Patients. Arch Phys Med Rehabil. 2016.")


@pytest.mark.parametrize(("text", "codes"), [
    # a marker ties the claim to a study whose design nothing gives: absolute on any design
    (f"Aspirin cures migraine [1].\n\nReferences\n1. {NEUROPATHY}\n", ["C121", "S213"]),
    # tied only by place, to a study about something else: not a claim about it
    (f"Aspirin cures migraine.\n\nSource: {NEUROPATHY}\n", ["C121"]),
])
def test_an_absolute_claim_on_a_study_whose_design_is_not_known(tmp_path: Path, text: str,
                                                                codes: list[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run("audit", str(path), "--offline", "--format", "json", "--fail-on", "never")
    findings = json.loads(out)["articles"][0]["findings"]
    assert code == 0 and sorted(f["code"] for f in findings) == codes
    absolute = [f for f in findings if f["code"] == "S213"]
    assert all("design is not known" in f["message"] and (f["severity"], f["confidence"]) == ("error", "low")
               for f in absolute)


@pytest.mark.parametrize("flag", ["--require-evidence", "--strict-evidence"])
def test_strict_runs_exit_3_without_evidence(tmp_path: Path, flag: str) -> None:
    path = article(tmp_path)
    assert run("audit", str(path), "--offline", "--fail-on", "never", flag)[0] == 3
    assert run("audit", str(path), *RECORDS, "--fail-on", "never", flag)[0] == 0


def test_require_evidence_from_the_config_file(tmp_path: Path) -> None:
    path = article(tmp_path)
    (tmp_path / "verifier.toml").write_text("require-evidence = true\n", encoding="utf-8")
    assert run("audit", str(path), "--offline", "--fail-on", "never", cwd=tmp_path)[0] == 3
    assert run("audit", str(path), "--offline", "--fail-on", "never", "--allow-missing-evidence",
               cwd=tmp_path)[0] == 0


def test_check_is_strict_by_default(tmp_path: Path) -> None:
    path = article(tmp_path)
    claims = tmp_path / "a.yaml"
    assert run("extract", str(path), "-o", str(claims), *RECORDS)[0] == 0
    assert run("check", str(claims), *RECORDS, cwd=tmp_path)[0] == 0
    code, _, err = run("check", str(claims), "--offline", cwd=tmp_path)
    assert code == 3 and "evidence unavailable for 1 of 1 citations" in err


def test_recording_with_no_network_is_an_error(tmp_path: Path) -> None:
    path = article(tmp_path)
    cassette = tmp_path / "new.yaml"
    code, out, err = run("audit", str(path), "--cassette", str(cassette), "--record-mode", "once",
                         "--no-cache", "--eutils-url", f"http://127.0.0.1:{closed_port()}/entrez/eutils")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "--record-mode once: nothing recorded for 1 of 1 citations" in err


@pytest.mark.parametrize("spelling", ["./{name}", "{folder}/{name}", "sub/../{name}"])
def test_claim_files_match_articles_by_resolved_path(tmp_path: Path, spelling: str) -> None:
    path = article(tmp_path, printed=WRONG_YEAR)
    (tmp_path / "sub").mkdir()
    claims = tmp_path / "claims" / "a.yaml"
    claims.parent.mkdir()
    assert run("extract", "a.txt", "-o", str(claims), *RECORDS, cwd=tmp_path)[0] == 0
    text = claims.read_text(encoding="utf-8")
    assert "code: C110" in text
    claims.write_text(text.replace("  code: C110\n", "  code: C110\n  review: dismissed\n  reason: checked\n"),
                      encoding="utf-8")
    given = spelling.format(name="a.txt", folder=tmp_path)
    code, out, err = run("audit", given, "--claims", str(claims), *RECORDS, "--format", "json", cwd=tmp_path)
    report = json.loads(out)["articles"][0]
    assert [f["code"] for f in report["dismissed"]] == ["C110"] and code == 0, err
    assert "C110" not in [f["code"] for f in report["findings"]]
    assert path.exists()


def test_claim_files_work_from_another_working_folder(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".git").mkdir()  # the claim files' repository: `check` audits articles inside it
    article(repo, printed=WRONG_YEAR)
    (repo / "claims").mkdir()
    assert run("extract", "a.txt", "-o", "claims/a.yaml", *RECORDS, cwd=repo)[0] == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code, out, err = run("check", str(repo / "claims"), *RECORDS, "--format", "concise", cwd=elsewhere)
    assert "C110" in out and "a.txt" in out and "no such file" not in err
    assert code == 1


def test_a_claim_file_that_matches_no_article_is_a_warning(tmp_path: Path) -> None:
    first, second = article(tmp_path, "a.txt"), article(tmp_path, "b.txt")
    claims = tmp_path / "claims"
    claims.mkdir()
    assert run("extract", str(first), "-o", str(claims / "a.yaml"), *RECORDS)[0] == 0
    _, _, err = run("audit", str(second), "--claims", str(claims), *RECORDS)
    assert "claim file" in err and "a.yaml" in err and "not among the audited articles" in err
    _, _, err = run("audit", str(first), "--claims", str(claims), *RECORDS)
    assert "not among the audited articles" not in err


def test_an_empty_file_in_a_batch_is_an_entry_not_an_abort(tmp_path: Path) -> None:
    article(tmp_path, "a.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    code, out, _ = run("audit", str(tmp_path), *RECORDS, "--format", "json")
    articles = {Path(a["path"]).name: a for a in json.loads(out)["articles"]}
    assert set(articles) == {"a.txt", "empty.txt"}
    assert [f["code"] for f in articles["empty.txt"]["findings"]] == ["X901"]
    assert "empty file" in articles["empty.txt"]["findings"][0]["message"]
    assert articles["a.txt"]["citations"][0]["status"] == "verified"
    assert code == 1  # X901 is an error: the batch is not green


def test_a_batch_where_nothing_can_be_read_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    code, out, err = run("audit", str(tmp_path), "--offline")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "(and 1 more files that cannot be read)" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, _, err = run("audit", str(fifo), "--offline")
    assert code == 2 and "not a regular file (a FIFO)" in err and err.count("\n") == 1
    good = article(tmp_path, "a.txt")
    code, out, _ = run("audit", str(good), str(fifo), *RECORDS, "--format", "concise")
    assert code == 1 and "pipe.txt:1:1: X901 [error] not audited" in out
    for option in ("--baseline", "--claims", "--records", "--cassette"):
        code, _, err = run("audit", str(good), option, str(fifo), "--offline")
        assert code == 2 and "not a regular file (a FIFO)" in err, option


@pytest.mark.parametrize(("name", "content", "says"), [
    ("paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF file"),
    ("notes.rtf", b"{\\rtf1\\ansi Zinc shortens colds.}", "an RTF document"),
    ("draft.txt", b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive"),  # a .docx renamed
])
def test_documents_that_are_not_text_are_refused_with_what_they_are(tmp_path: Path, name: str, content: bytes,
                                                                     says: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = run("audit", str(path), "--offline")
    assert code == 2 and err.count("\n") == 1 and says in err and "convert it as text" in err


def test_a_text_that_speaks_of_a_pdf_is_read(tmp_path: Path) -> None:
    path = tmp_path / "leaflet.txt"
    path.write_text("PDF copies of this leaflet are free.\nZinc lozenges shorten colds by two days.\n",
                    encoding="utf-8")
    code, out, err = run("audit", str(path), "--offline", "--format", "concise", "--fail-on", "never")
    assert code == 0 and "not audited" not in err and "S210" in out


def test_a_folder_holding_no_article_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "drafts"
    (empty / "figures").mkdir(parents=True)
    (empty / "figures" / "plot.png").write_bytes(b"\x89PNG")
    code, _, err = run("audit", str(empty), "--offline")
    assert code == 2 and err.count("\n") == 1
    assert "drafts: a directory with no .txt, .md, .markdown, .html, .htm files in it" in err


@pytest.mark.parametrize(("option", "name", "content", "says"), [
    ("--baseline", "b.json", '{"schema": "verifier-baseline/1", "entries": [], "created": "caf\xe9"}'
     .encode("latin-1"), "not UTF-8 text"),
    ("--baseline", "b.json", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("--claims", "c.yaml", "article: caf\xe9.txt\n".encode("latin-1"), "not UTF-8 text"),
    ("--claims", "c.yaml", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
])
def test_bad_baseline_and_claim_files_are_one_line(tmp_path: Path, option: str, name: str, content: bytes,
                                                   says: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    code, _, err = run("audit", str(article(tmp_path)), option, str(bad), "--offline")
    assert code == 2 and says in err and err.count("\n") == 1 and "Traceback" not in err


def test_the_hook_exits_3_without_evidence(tmp_path: Path) -> None:
    from verifier.hook import main as hook

    path = article(tmp_path)
    codes = []
    for options in (["--offline"], [*RECORDS], ["--offline", "--allow-missing-evidence"]):
        with pytest.raises(SystemExit) as ended:
            hook([*options, "--", str(path)])
        codes.append(ended.value.code)
    assert codes == [3, 0, 1]  # opted out, the C121 warning still fails the hook's --fail-on warning


def test_streamed_jsonl_keeps_a_bad_file_as_an_entry(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    article(folder, "a.txt")
    (folder / "empty.txt").write_bytes(b"")
    out = tmp_path / "report.jsonl"
    code, _, err = run("audit", str(folder), "--offline", "--format", "jsonl", "--out", str(out), "--fail-on", "never")
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert code == 0 and "evidence unavailable for 1 of 1 citations" in err
    entries = {Path(entry["path"]).name: entry for entry in lines if entry["type"] == "article"}
    assert [f["code"] for f in entries["empty.txt"]["findings"]] == ["X901"]
    assert lines[-1]["type"] == "summary" and lines[-1]["articles"] == 2
    assert run("audit", str(folder), "--offline", "--format", "jsonl", "--out", str(out), "--fail-on", "never",
               "--strict-evidence")[0] == 3


def test_the_library_runs_without_the_command_line(tmp_path: Path) -> None:
    from verifier.runner import exit_code, load_claim_files, run_audit
    from verifier.settings import Settings

    good = article(tmp_path, "a.txt", printed=WRONG_YEAR)
    (tmp_path / "empty.md").write_bytes(b"")
    settings = Settings(records=(str(ISLAM_XML),), use_cache=False)
    outcome = run_audit([str(tmp_path)], settings, load_claim_files([]))
    found = {Path(a.path).name: sorted(f.code for f in a.findings) for a in outcome.report.articles}
    assert found == {"a.txt": ["C110"], "empty.md": ["X901"]}
    assert outcome.notes.warnings == [] and exit_code(outcome.report, settings) == 1
    assert good.exists()
