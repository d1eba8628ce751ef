"""Issue 15's "Done when", held to the repository: every numbered case has a test that
reproduces it (docs/reliability.md, "Issue 15, case by case", names each; this file checks
that each test named exists), and the cases no other file reproduced: the pathological inputs
of case 7 timed against the bound, and case 10's claim file naming a path outside the working
folder, which `verifier check` refuses."""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, article_from_text

from verifier.cli import main
from verifier.design import design_from_text
from verifier.language import strength
from verifier.pipeline import audit_articles
from verifier.settings import Settings

KB = 1024
# The target is 2 s per 100 KB; this machine is shared by several processes, so the test
# allows five times that. The quadratic code took 31-120 s on these inputs at 40-96 KB.
BOUND = 5 * 2.0


def _audit(text: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        audit_articles([article_from_text(text)], Settings(offline=True, use_cache=False))


def _design(text: str) -> None:
    design_from_text(text, (), (), basis="record", provenance="test", abstract_only=text)


CASE_7: dict[str, tuple[Callable[[str], object], str]] = {
    "spaces": (_audit, "A note.\n\nReferences\nA" + " " * (100 * KB - 30) + "B.\n"),
    "years": (_audit, "x. 2023;" * (100 * KB // 8)),
    "ones": (_design, ",".join(["1"] * (50 * KB))[: 100 * KB]),
    "may": (strength, "may " * (100 * KB // 4)),
}


@pytest.mark.parametrize("name", sorted(CASE_7))
def test_case_7_each_pathological_input_of_100_kb_is_read_within_the_bound(name: str) -> None:
    run, text = CASE_7[name]
    strength("A sentence to load the model before the clock starts.")
    started = time.perf_counter()
    run(text)
    elapsed = time.perf_counter() - started
    assert len(text) >= 100 * KB - 40
    assert elapsed < BOUND, f"{name}: {elapsed:.2f} s for 100 KB"


def test_case_10_check_does_not_read_a_path_outside_the_working_folder(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    outside, repo = tmp_path / "outside", tmp_path / "repo"
    outside.mkdir()
    repo.mkdir()
    private = outside / "private.txt"
    private.write_text("MSC therapy cures everyone.\nSource: Smith J. A study. J Clin Med. 2020;1:1. PMID: 37834955.\n",
                       encoding="utf-8")
    monkeypatch.chdir(repo)
    extracted = CliRunner().invoke(main, ["extract", str(private), "-o", "claims.yaml", "--offline"])
    assert extracted.exit_code == 0, extracted.output
    claims = repo / "claims.yaml"
    assert re.search(rf"^article: .*{re.escape(private.name)}", claims.read_text(encoding="utf-8"), re.M)
    done = CliRunner().invoke(main, ["check", "claims.yaml", "--offline", "--format", "sarif"])
    assert str(private) not in done.stdout  # the article outside the folder is not audited into annotations
    assert done.exit_code == 2 and "claims.yaml" in done.stderr


def test_case_1_and_2_what_security_depends_on_is_pinned() -> None:
    """vcrpy from 8.3 (the first whose cassette loader is yaml's safe one; 6.0-8.2 ran `!!python`
    tags), and each third-party action of the documented workflow by a full commit."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (vcrpy,) = [d for d in project["dependencies"] if re.match(r"vcrpy\b", d)]
    floor = re.search(r">=\s*(\d+)\.(\d+)", vcrpy)
    assert floor and (int(floor.group(1)), int(floor.group(2))) >= (8, 3), vcrpy
    uses = re.findall(r"uses:\s*(\S+)", (ROOT / "docs" / "ci.md").read_text(encoding="utf-8"))
    third_party = [u for u in uses if not u.startswith("OWNER/verifier@")]
    assert third_party and all(re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", u) for u in third_party), uses


_ROW_TESTS = re.compile(r"`(tests/[\w/]+\.py)(?:::(\w+))?`")


def test_every_test_the_case_table_names_exists() -> None:
    doc = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Issue 15, case by case"):]
    table = section.split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if re.match(r"^\| (?:10|[1-9]) ", line)]
    assert [int(row.split("|")[1]) for row in rows] == list(range(1, 11))  # each numbered case, in order
    for row in rows:
        named = _ROW_TESTS.findall(row)
        assert named, row
        for path, name in named:
            source = (ROOT / path).read_text(encoding="utf-8")
            assert not name or re.search(rf"^def {name}\(", source, re.M), f"{path}::{name}"
