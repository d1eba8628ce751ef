"""The evidence package's layering: nothing in it reaches up into the stages after it, and no
module of the wheel serves HTTP (the loopback server is test support)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "verifier"
UPWARD = ("verifier.checks", "verifier.claims", "verifier.report", "verifier.cli", "verifier.pipeline",
          "verifier.design")


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_the_evidence_package_imports_nothing_after_it() -> None:
    modules = sorted((PACKAGE / "evidence").rglob("*.py"))
    assert len(modules) >= 8  # the sources really live there
    offenders = {str(m.relative_to(ROOT)): sorted(n for n in imported(m) if n.startswith(UPWARD))
                 for m in modules}
    assert {m: names for m, names in offenders.items() if names} == {}


def test_no_wheel_module_serves_http() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    serving = [str(m.relative_to(ROOT)) for m in modules
               if any(n == "http.server" or n.startswith("http.server.") for n in imported(m))]
    assert serving == []
    assert any("http.server" in imported(m) for m in (ROOT / "tests" / "support").glob("*.py"))


def test_the_old_homes_are_gone() -> None:
    assert not (PACKAGE / "pubmed").exists()
    assert not (PACKAGE / "cache.py").exists() and not (PACKAGE / "mirror.py").exists()
