"""What start-up loads: `import verifier`, `verifier --version` and an offline audit of a text
article import none of the heavy stacks; each stack loads only for the work that needs it.
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
print("\\nMODULES " + json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def loaded(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True,
                          cwd=ROOT, check=False, timeout=120)
    marker = done.stdout.rindex("MODULES ")
    return set(json.loads(done.stdout[marker + len("MODULES "):]))


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
