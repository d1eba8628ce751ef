"""Rules documentation: docs/rules.md matches the registry; every rule is documented and named
by a test that fires it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from verifier.checks.registry import RULES
from verifier.docs import rules_markdown

TESTS = Path(__file__).resolve().parent


def test_rules_md_matches_the_registry() -> None:
    written = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert written == rules_markdown(), "docs/rules.md is stale: verifier rules --format md > docs/rules.md"


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_is_documented_and_tested(code: str) -> None:
    spec = RULES[code]
    assert spec.summary and spec.rationale and spec.example, code
    sources = [p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py") if p.name != "test_docs.py"]
    assert any(f'"{code}"' in source for source in sources), f"no test names {code}"
