"""The GitHub Action's audit step and the pre-commit hook, run as CI would run them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from conftest import ROOT, SEED_CASSETTE, SEEDS

from verifier.report.lines import PER_LEVEL, PER_STEP

SEED1 = "001_cbb8193102376ae8.txt"


def action_script() -> str:
    """The audit step's `run:` exactly as action.yml has it."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    [audit] = [s for s in action["runs"]["steps"] if s["name"] == "Audit changed articles"]
    assert set(audit["env"]) >= {"INPUT_PATHS", "INPUT_BASE", "INPUT_CASSETTE", "INPUT_BASELINE", "INPUT_SARIF"}
    return str(audit["run"])


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})
    return done.stdout.strip()


def run_action(folder: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    """The audit step as the runner runs it: bash, the INPUT_* variables, a step summary file."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "GITHUB_STEP_SUMMARY": str(folder.parent / "step-summary.md"),
           **{f"INPUT_{k.upper()}": v for k, v in inputs.items()}}
    return subprocess.run(["bash", "-e", "-c", action_script()], cwd=folder, capture_output=True, text=True,
                          env=env, timeout=240)


def step_summary(folder: Path) -> str:
    return (folder.parent / "step-summary.md").read_text(encoding="utf-8")


def annotations(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("::")]


def annotated_lines(output: str) -> set[int]:
    return {int(m[1]) for m in (re.search(r",line=(\d+),", line) for line in annotations(output)) if m}


def repository(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "site"
    (folder / "articles").mkdir(parents=True)
    shutil.copy(SEEDS / SEED1, folder / "articles" / SEED1)
    (folder / "notes.py").write_text("x = 1\n", encoding="utf-8")
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-qm", "base")
    return folder, git(folder, "rev-parse", "HEAD")


# The seed snapshot holds few records: these runs test annotations, so missing evidence is let pass.
INPUTS = {"paths": "", "cassette": str(SEED_CASSETTE), "baseline": "", "claims": "", "fail_on": "warning",
          "sarif": "out.sarif", "require_evidence": "false"}


def test_action_fails_by_default_when_evidence_is_missing(tmp_path: Path) -> None:
    """A run whose citations could not be checked never passes unless the workflow says so."""
    folder, base = repository(tmp_path)
    article = folder / "articles" / SEED1
    article.write_text(article.read_text(encoding="utf-8") + "\nMSC therapy may help.\n", encoding="utf-8")
    git(folder, "commit", "-qam", "edit")
    defaults = {k: v for k, v in INPUTS.items() if k != "require_evidence"}
    done = run_action(folder, **{**defaults, "fail_on": "never"}, base=base)
    assert done.returncode == 3, done.stdout + done.stderr
    assert "evidence unavailable for" in done.stderr


def test_action_annotates_only_the_changed_lines_and_fails_on_new_findings(tmp_path: Path) -> None:
    folder, base = repository(tmp_path)
    quiet = run_action(folder, **INPUTS, base=base)
    assert quiet.returncode == 0 and "no changed articles" in quiet.stdout
    article = folder / "articles" / SEED1
    edited = article.read_text(encoding="utf-8") + "\nMSC therapy cures everyone.\n"
    article.write_text(edited, encoding="utf-8")
    added = edited.splitlines().index("MSC therapy cures everyone.") + 1  # the claim's line in the new file
    (folder / "notes.py").write_text("x = 2\n", encoding="utf-8")
    git(folder, "commit", "-qam", "edit")
    done = run_action(folder, **INPUTS, base=base)
    assert done.returncode == 1, done.stderr
    shown = annotations(done.stdout)
    assert shown and all(f"file=articles/{SEED1}" in line for line in shown)
    assert annotated_lines(done.stdout) == {added}  # the seed's own findings sit on lines not changed
    sarif = json.loads((folder / "out.sarif").read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    assert len(results) > len(shown)  # code scanning still gets every finding
    note = (f"{len(results)} findings, {len(shown)} annotated; {len(results) - len(shown)} on lines this change "
            "did not touch")  # nothing over GitHub's limit here: the rest are on untouched lines
    assert note in done.stdout
    summary = step_summary(folder)
    assert "# verifier report" in summary and note in summary


def test_action_runs_one_audit_that_writes_every_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from verifier import action

    folder, base = repository(tmp_path)
    (folder / "articles" / "new.md").write_text((SEEDS / SEED1).read_text(encoding="utf-8"), encoding="utf-8")
    git(folder, "add", ".")
    git(folder, "commit", "-qm", "new article")
    audits: list[list[str]] = []
    real_run = subprocess.run

    def counting(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        if argv[1:4] == ["-m", "verifier", "audit"]:
            audits.append(argv)
        return real_run(argv, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(subprocess, "run", counting)
    monkeypatch.chdir(folder)
    summary = tmp_path / "summary.md"
    inputs = action.Inputs.from_env({f"INPUT_{k.upper()}": v for k, v in {**INPUTS, "base": base}.items()})
    assert action.run(inputs, {"GITHUB_STEP_SUMMARY": str(summary)}) == 1
    assert len(audits) == 1 and audits[0][-2:] == ["--", "articles/new.md"]
    assert (folder / "out.sarif").is_file() and "# verifier report" in summary.read_text(encoding="utf-8")
    shown = annotations(capsys.readouterr().out)
    levels = Counter(line.split(" ", 1)[0] for line in shown)
    assert 0 < max(levels.values()) <= PER_LEVEL and len(shown) <= PER_STEP


def test_action_with_a_baseline_passes_until_something_new_appears(tmp_path: Path) -> None:
    folder, base = repository(tmp_path)
    made = subprocess.run([sys.executable, "-m", "verifier", "baseline", "create", "articles",
                           "--cassette", str(SEED_CASSETTE), "-o", "baseline.json"], cwd=folder,
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    inputs = {"paths": "articles", "base": base, "cassette": str(SEED_CASSETTE), "baseline": "baseline.json",
              "claims": "", "fail_on": "info", "sarif": "", "require_evidence": "false"}
    assert run_action(folder, **inputs).returncode == 0
    article = folder / "articles" / SEED1
    article.write_text(article.read_text(encoding="utf-8").replace(
        "MSC therapy may provide a new option", "MSC therapy is proven to cure MS"), encoding="utf-8")
    assert run_action(folder, **inputs).returncode == 1


def test_pre_commit_hook_definition_selects_articles_by_extension_and_ends_its_args() -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "verifier-audit" and hook["language"] == "python"
    assert hook["entry"] == "verifier-hook" and hook["args"] == ["--"]
    assert "types_or" not in hook
    article_names = re.compile(hook["files"])
    assert all(article_names.search(name) for name in ("a.md", "b.txt", "c.html", "d.htm"))
    assert not any(article_names.search(name) for name in ("e.yaml", "f.json", "g.py", "seeds.yaml"))


def hostile_repository(tmp_path: Path) -> tuple[Path, str, list[str]]:
    """A repository whose second commit adds articles named like options, with spaces and accents."""
    folder, base = repository(tmp_path)
    seed = (SEEDS / SEED1).read_text(encoding="utf-8")
    names = ["--records=forged.md", "-x.md", "two words.md", "été.md", ":(exclude)odd.md", "tab\there.md"]
    for name in names:
        (folder / "articles" / name).write_text(seed, encoding="utf-8")
    git(folder, "add", "--", *[f"articles/{n}" for n in names])
    git(folder, "commit", "-qm", "hostile names")
    return folder, base, [f"articles/{n}" for n in names]


def test_action_audits_hostile_file_names_as_articles_only(tmp_path: Path) -> None:
    folder, base, added = hostile_repository(tmp_path)
    done = run_action(folder, **{**INPUTS, "fail_on": "never"}, base=base)
    assert done.returncode == 0, done.stderr
    assert sarif_paths(folder / "out.sarif") == set(added)
    assert f"auditing {len(added)} articles" in done.stdout


def test_action_audits_exactly_the_articles_a_change_adds_or_alters(tmp_path: Path) -> None:
    folder, _, _ = hostile_repository(tmp_path)
    base = git(folder, "rev-parse", "HEAD")
    git(folder, "rm", "-q", "--", "articles/-x.md")
    git(folder, "mv", "--", "articles/two words.md", "articles/moved words.md")
    (folder / "articles" / "été.md").write_text("MSC therapy cures everyone.\n", encoding="utf-8")
    (folder / "cassette.yaml").write_text("interactions: []\n", encoding="utf-8")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "delete, rename, edit")
    done = run_action(folder, **{**INPUTS, "fail_on": "never"}, base=base)
    assert done.returncode == 0, done.stderr
    assert sarif_paths(folder / "out.sarif") == {"articles/moved words.md", "articles/été.md"}


def sarif_paths(path: Path) -> set[str]:
    """The articles a SARIF log reports on (its artifacts, else its results' locations)."""
    run = json.loads(path.read_text(encoding="utf-8"))["runs"][0]
    audited = {unquote(a["location"]["uri"]) for a in run.get("artifacts", [])}
    return audited or {unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
                       for r in run["results"]}


def test_action_without_a_base_fails_loudly(tmp_path: Path) -> None:
    folder, _ = repository(tmp_path)
    for base in ("", "0" * 40, "  "):
        done = run_action(folder, **INPUTS, base=base)
        assert done.returncode == 2 and "no base revision" in done.stderr, done.stderr
        assert not (folder / "out.sarif").exists()
    option = run_action(folder, **INPUTS, base="--output=x")
    assert option.returncode == 2 and "is not a revision" in option.stderr


def test_action_outside_a_git_repository_fails_loudly(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "a.md").write_text("MSC therapy cures everyone.\n", encoding="utf-8")
    done = run_action(folder, **INPUTS, base="1" * 40)
    assert done.returncode == 2 and "git rev-parse failed" in done.stderr and "not a git repository" in done.stderr


def test_action_fetches_a_base_missing_from_a_shallow_checkout(tmp_path: Path) -> None:
    origin, base, added = hostile_repository(tmp_path)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)], check=True)
    assert subprocess.run(["git", "cat-file", "-e", f"{base}^{{commit}}"], cwd=clone).returncode != 0
    done = run_action(clone, **{**INPUTS, "fail_on": "never"}, base=base)
    assert done.returncode == 0, done.stderr
    assert "fetching it" in done.stdout and sarif_paths(clone / "out.sarif") == set(added)
    unknown = run_action(clone, **{**INPUTS, "fail_on": "never", "sarif": ""}, base="1" * 40)
    assert unknown.returncode == 2 and "could not be fetched" in unknown.stderr


HOOK_SOURCES = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml")


def hook_repository(tmp_path: Path) -> tuple[Path, str]:
    """This working tree's hook as a repository pre-commit can clone (the package and its build
    files, committed), so the test covers uncommitted changes and needs no .git in ROOT."""
    folder = tmp_path / "hook-repo"
    shutil.copytree(ROOT / "verifier", folder / "verifier", ignore=shutil.ignore_patterns("__pycache__"))
    for name in HOOK_SOURCES:
        shutil.copy(ROOT / name, folder / name)
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-qm", "hook")
    return folder, git(folder, "rev-parse", "HEAD")


def pre_commit_command() -> list[str]:
    found = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("pre-commit is missing; it is in the dev extra")
        pytest.skip("pre-commit is not installed (pip install -e '.[dev]' brings it)")
    return [found]


def test_pre_commit_runs_the_hook_on_articles_only(tmp_path: Path) -> None:
    """pre-commit itself, on a scratch repository: it builds the hook's environment (pip, from
    PyPI) and passes the hook only the articles, not YAML, JSON, Python or the cassette."""
    command = pre_commit_command()
    hooks, rev = hook_repository(tmp_path)
    site = tmp_path / "site"
    (site / "articles").mkdir(parents=True)
    (site / "cassettes").mkdir()
    seed = (SEEDS / SEED1).read_text(encoding="utf-8")
    articles = ["articles/a.txt", "articles/two words.md", "articles/-x.markdown", "articles/page.html"]
    for name in articles[:3]:
        (site / name).write_text(seed, encoding="utf-8")
    (site / "articles" / "page.html").write_text("<html><body><p>MSC therapy cures everyone.</p></body></html>\n",
                                                  encoding="utf-8")
    shutil.copy(SEED_CASSETTE, site / "cassettes" / "evidence.yaml")
    (site / "settings.yaml").write_text("cures: everyone\n", encoding="utf-8")
    (site / "data.json").write_text('{"claim": "MSC therapy cures everyone."}\n', encoding="utf-8")
    (site / "build.py").write_text('CLAIM = "MSC therapy cures everyone."\n', encoding="utf-8")
    audited = tmp_path / "audited.json"

    def configure(*extra: str) -> None:
        # the seed snapshot holds few records, and the hook requires evidence unless told otherwise
        args = ["--cassette", "cassettes/evidence.yaml", "--format", "json", "--out", str(audited),
                "--allow-missing-evidence", *extra, "--"]
        config = {"repos": [{"repo": str(hooks), "rev": rev, "hooks": [{"id": "verifier-audit", "args": args}]}]}
        (site / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")

    configure("--fail-on", "never")
    git(site, "init", "-q")
    git(site, "add", ".")
    # The hook runs from the environment pre-commit built, not from this checkout on PYTHONPATH.
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, "PRE_COMMIT_HOME": str(tmp_path / "home")}
    run = [*command, "run", "--all-files", "--color", "never"]
    done = subprocess.run(run, cwd=site, capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(audited.read_text(encoding="utf-8"))
    assert sorted(a["path"] for a in report["articles"]) == sorted(articles)
    configure()  # the hook's own --fail-on warning: the seed's warnings fail the commit
    failed = subprocess.run(run, cwd=site, capture_output=True, text=True, env=env, timeout=900)
    assert failed.returncode == 1 and "verifier audit" in failed.stdout and "Failed" in failed.stdout


def run_hook(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from verifier.hook import main; main()", *args], cwd=folder,
                          capture_output=True, text=True, timeout=120)


def test_hook_refuses_args_without_the_separator(tmp_path: Path) -> None:
    folder, _, added = hostile_repository(tmp_path)
    done = run_hook(folder, "--cassette", str(SEED_CASSETTE), *added)
    assert done.returncode == 2 and "must end with '--'" in done.stderr


def test_hook_reads_files_named_like_options_as_articles(tmp_path: Path) -> None:
    folder, _, added = hostile_repository(tmp_path)
    done = run_hook(folder, "--cassette", str(SEED_CASSETTE), "--fail-on", "never", "--allow-missing-evidence",
                    "--format", "json", "--", *added)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {a["path"] for a in report["articles"]} == set(added)
