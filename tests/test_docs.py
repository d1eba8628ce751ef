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


# --- the command line: every command and option documented (as sqlite-utils checks its docs) ---

def _commands() -> list[tuple[str, object]]:
    from verifier.cli import main
    from verifier.docs import commands

    return commands(main)


def test_docs_cli_md_matches_the_command_tree() -> None:
    from verifier.cli import main
    from verifier.docs import cli_markdown

    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == cli_markdown(main), "docs/cli.md is stale: python -m verifier.docs > docs/cli.md"


def test_every_command_and_option_has_help() -> None:
    from verifier.cli import main
    from verifier.docs import undocumented

    assert undocumented(main) == []


@pytest.mark.parametrize(("name", "command"), _commands(), ids=[n for n, _ in _commands()])
def test_every_command_is_in_docs_cli_md(name: str, command: object) -> None:
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"## `{name}`" in written, f"{name} is missing from docs/cli.md"


def test_the_tree_walk_sees_every_command() -> None:
    names = [n for n, _ in _commands()]
    assert {"verifier audit", "verifier check", "verifier baseline create", "verifier mirror import",
            "verifier fetch", "verifier config"} <= set(names)


def test_an_undocumented_command_or_option_is_caught() -> None:
    import click

    from verifier.docs import undocumented

    @click.group()
    def tool() -> None:
        """A tool."""

    @tool.command("bare")
    @click.option("--loud", is_flag=True)
    @click.option("--soft", is_flag=True, help="Quietly.")
    def bare(loud: bool, soft: bool) -> None:
        pass

    @tool.command("told")
    def told() -> None:
        """Documented."""

    assert undocumented(tool, "tool") == ["tool bare", "tool bare --loud"]
