"""The GitHub Action's audit step and the pre-commit hook, run as CI would run them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

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
    names = ["--records=forged.md", "-x.md", "two words.md", "été.md"]
    for name in names:
        (folder / "articles" / name).write_text(seed, encoding="utf-8")
    git(folder, "add", "--", *[f"articles/{n}" for n in names])
    git(folder, "commit", "-qm", "hostile names")
    return folder, base, [f"articles/{n}" for n in names]


def test_action_audits_hostile_file_names_as_articles_only(tmp_path: Path) -> None:
    folder, base, added = hostile_repository(tmp_path)
    done = run_action(folder, paths="", base=base, cassette=str(SEED_CASSETTE), baseline="", claims="",
                      fail_on="never", sarif="out.sarif")
    assert done.returncode == 0, done.stderr
    assert sarif_paths(folder / "out.sarif") == set(added)


def sarif_paths(path: Path) -> set[str]:
    """The articles a SARIF log reports on (its artifacts, else its results' locations)."""
    run = json.loads(path.read_text(encoding="utf-8"))["runs"][0]
    audited = {unquote(a["location"]["uri"]) for a in run.get("artifacts", [])}
    return audited or {unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
                       for r in run["results"]}


def test_action_without_a_base_fails_loudly(tmp_path: Path) -> None:
    folder, _ = repository(tmp_path)
    for base in ("", "0" * 40):
        done = run_action(folder, paths="", base=base, cassette=str(SEED_CASSETTE), baseline="", claims="",
                          fail_on="warning", sarif="")
        assert done.returncode == 2 and "no base revision" in done.stderr


def test_action_fetches_a_base_missing_from_a_shallow_checkout(tmp_path: Path) -> None:
    origin, base, added = hostile_repository(tmp_path)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)], check=True)
    assert subprocess.run(["git", "cat-file", "-e", f"{base}^{{commit}}"], cwd=clone).returncode != 0
    done = run_action(clone, paths="", base=base, cassette=str(SEED_CASSETTE), baseline="", claims="",
                      fail_on="never", sarif="out.sarif")
    assert done.returncode == 0, done.stderr
    assert "fetching it" in done.stdout and sarif_paths(clone / "out.sarif") == set(added)
    unknown = run_action(clone, paths="", base="1" * 40, cassette=str(SEED_CASSETTE), baseline="", claims="",
                         fail_on="never", sarif="")
    assert unknown.returncode == 2 and "could not be fetched" in unknown.stderr


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
