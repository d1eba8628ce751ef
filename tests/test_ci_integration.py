"""The GitHub Action's audit step and the pre-commit hook, run as CI would run them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT, SEED_CASSETTE, SEEDS

SEED1 = "001_cbb8193102376ae8.txt"


def action_script() -> str:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    [audit] = [s for s in action["runs"]["steps"] if s["name"] == "Audit changed articles"]
    assert set(audit["env"]) >= {"INPUT_PATHS", "INPUT_BASE", "INPUT_CASSETTE", "INPUT_BASELINE"}
    return str(audit["run"])


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})
    return done.stdout.strip()


def run_action(folder: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           **{f"INPUT_{k.upper()}": v for k, v in inputs.items()}}
    return subprocess.run(["bash", "-c", action_script()], cwd=folder, capture_output=True, text=True, env=env,
                          timeout=120)


def repository(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "site"
    (folder / "articles").mkdir(parents=True)
    shutil.copy(SEEDS / SEED1, folder / "articles" / SEED1)
    (folder / "notes.py").write_text("x = 1\n", encoding="utf-8")
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-qm", "base")
    return folder, git(folder, "rev-parse", "HEAD")


def test_action_audits_only_changed_articles_and_fails_on_new_findings(tmp_path: Path) -> None:
    folder, base = repository(tmp_path)
    inputs = {"paths": "", "base": base, "cassette": str(SEED_CASSETTE), "baseline": "", "claims": "",
              "fail_on": "warning", "sarif": "out.sarif"}
    quiet = run_action(folder, **inputs)
    assert quiet.returncode == 0 and "no changed articles" in quiet.stdout
    article = folder / "articles" / SEED1
    article.write_text(article.read_text(encoding="utf-8") + "\nMSC therapy cures everyone.\n", encoding="utf-8")
    (folder / "notes.py").write_text("x = 2\n", encoding="utf-8")
    git(folder, "commit", "-qam", "edit")
    done = run_action(folder, **inputs)
    assert done.returncode == 1, done.stderr
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert annotations and all(f"file=articles/{SEED1}" in line for line in annotations)
    sarif = json.loads((folder / "out.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == len(annotations)


def test_action_with_a_baseline_passes_until_something_new_appears(tmp_path: Path) -> None:
    folder, base = repository(tmp_path)
    made = subprocess.run([sys.executable, "-m", "verifier", "baseline", "create", "articles",
                           "--cassette", str(SEED_CASSETTE), "-o", "baseline.json"], cwd=folder,
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    inputs = {"paths": "articles", "base": base, "cassette": str(SEED_CASSETTE), "baseline": "baseline.json",
              "claims": "", "fail_on": "info", "sarif": ""}
    assert run_action(folder, **inputs).returncode == 0
    article = folder / "articles" / SEED1
    article.write_text(article.read_text(encoding="utf-8").replace(
        "MSC therapy may provide a new option", "MSC therapy is proven to cure MS"), encoding="utf-8")
    assert run_action(folder, **inputs).returncode == 1


def test_pre_commit_hook_definition() -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "verifier-audit" and hook["language"] == "python"
    assert hook["entry"].split()[:2] == ["verifier", "audit"]
