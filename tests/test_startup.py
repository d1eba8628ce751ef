"""What start-up loads: `import verifier`, `verifier --version` and an offline audit of a text
article import none of the heavy stacks; each stack loads only for the work that needs it.
`--version` and `--help` load click and no pydantic, no pipeline; an audit loads claim files
(and YAML) only with --claims and the baseline module only with --baseline.
(Module lists from a subprocess, not timings: bench/startup measures the time.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ISLAM_XML, ROOT

HEAVY = {"vcr": "cassette layer", "Bio": "Biopython", "httpx": "HTTP client", "bs4": "HTML parser",
         "readability": "HTML main-text finder", "lxml": "XML and HTML parsers", "dask": "Dask",
         "distributed": "Dask's scheduler", "jinja2": "HTML report templates"}

PROBE = """
import json, runpy, sys
args = json.loads(sys.argv[1])
if args[0] == "import":
    __import__(args[1])
else:
    sys.argv = ["verifier", *args]
    try:
        runpy.run_module("verifier", run_name="__main__")
    except SystemExit:
        pass
sys.stdout = sys.__stdout__
print("\\nMODULES " + json.dumps(sorted(sys.modules)))
"""
SEED = "seeds/001_cbb8193102376ae8.txt"
PIPELINE = {"verifier.pipeline", "verifier.runner", "verifier.models", "verifier.checks.registry",
            "verifier.claims", "verifier.report"}


def modules_after(*args: str) -> set[str]:
    """Every module a fresh interpreter holds after the import or the command."""
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True,
                          cwd=ROOT, check=False, timeout=120)
    marker = done.stdout.rindex("MODULES ")
    return set(json.loads(done.stdout[marker + len("MODULES "):]))


def loaded(*args: str) -> set[str]:
    """The top-level packages held after the import or the command."""
    return {name.split(".")[0] for name in modules_after(*args)}


@pytest.mark.parametrize("args", [("import", "verifier"), ("import", "verifier.models"), ("--version",)],
                         ids=["import verifier", "import verifier.models", "verifier --version"])
def test_start_up_loads_no_heavy_stack(args: tuple[str, ...]) -> None:
    assert loaded(*args) & set(HEAVY) == set()


def test_an_offline_audit_of_a_text_article_loads_no_heavy_stack() -> None:
    modules = loaded("audit", "seeds/001_cbb8193102376ae8.txt", "--offline", "--format", "json")
    assert "verifier" in modules and modules & set(HEAVY) == set()


def test_each_stack_loads_for_its_own_work(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Vitamin D cures colds [1].</p></body></html>", encoding="utf-8")
    html = loaded("audit", str(page), "--offline", "--format", "json")
    assert {"bs4", "readability"} <= html and not html & {"vcr", "httpx", "Bio", "jinja2"}
    records = loaded("audit", "seeds/001_cbb8193102376ae8.txt", "--records", str(ISLAM_XML), "--format", "json")
    assert "lxml" in records and not records & {"Bio", "vcr", "httpx"}  # the lxml reader, not Biopython
    report = loaded("audit", "seeds/001_cbb8193102376ae8.txt", "--offline", "--format", "html")
    assert "jinja2" in report and not report & {"vcr", "httpx", "Bio"}


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("audit", "--help")],
                         ids=["verifier --version", "verifier --help", "verifier audit --help"])
def test_version_and_help_load_click_and_no_pipeline(args: tuple[str, ...]) -> None:
    modules = modules_after(*args)
    assert "click" in modules and "verifier.cli" in modules
    assert not modules & {"pydantic", "rich", "yaml", *PIPELINE}


def test_a_command_that_needs_no_evidence_loads_no_pipeline() -> None:
    modules = modules_after("strength", "Vitamin D has been shown to cure colds.")
    assert "verifier.language" in modules and not modules & {"verifier.pipeline", "verifier.report", "yaml"}


def test_an_offline_audit_loads_no_claim_files_no_baseline_and_no_html_report() -> None:
    modules = modules_after("audit", SEED, "--offline", "--format", "json")
    assert modules >= PIPELINE
    assert not modules & {"yaml", "verifier.claimfile", "verifier.baseline", "verifier.report.html"}


def test_an_offline_audit_loads_no_record_cache_mirror_or_process_pool() -> None:
    modules = modules_after("audit", SEED, "--offline", "--format", "json")
    assert not modules & {"sqlite3", "multiprocessing", "rapidfuzz", "verifier.evidence.cache",
                          "verifier.evidence.mirror"}


def test_claim_files_and_baselines_load_for_the_runs_that_have_them(tmp_path: Path) -> None:
    claimed = modules_after("audit", SEED, "--offline", "--format", "json",
                            "--claims", "claims/001_cbb8193102376ae8.yaml")
    assert {"yaml", "verifier.claimfile"} <= claimed and "verifier.baseline" not in claimed
    made = tmp_path / "baseline.json"
    subprocess.run([sys.executable, "-m", "verifier", "baseline", "create", SEED, "--offline", "-o", str(made)],
                   cwd=ROOT, check=True, capture_output=True, timeout=120)
    baselined = modules_after("audit", SEED, "--offline", "--format", "json", "--baseline", str(made))
    assert "verifier.baseline" in baselined and "yaml" not in baselined


def test_the_version_shown_is_the_installed_distributions() -> None:
    """`--version` prints `verifier.__version__` (importlib.metadata costs 50 ms at start): it must
    be the version pyproject.toml gives the distribution."""
    from importlib.metadata import version

    import verifier

    assert verifier.__version__ == version("verifier-health")


def test_the_console_command_freezes_the_heap_at_exit_and_main_does_not(monkeypatch: pytest.MonkeyPatch) -> None:
    """`cli.entry` (the console script, `python -m verifier`) spares the interpreter's last
    collection at exit; `cli.main`, what tests and library callers run, leaves the collector alone."""
    import gc

    from verifier.cli import entry, main

    monkeypatch.setattr(sys, "argv", ["verifier", "--version"])
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit):
            main()
        assert gc.get_freeze_count() == 0
        with pytest.raises(SystemExit):
            entry()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
