"""Generated references: docs/rules.md from the rule registry (`verifier rules --format md`) and
docs/cli.md from the command tree (`python -m verifier.docs`)."""

from __future__ import annotations

import inspect
from typing import Any

from verifier.checks.registry import RULES

FAMILIES = {"C": "C1xx: citation metadata", "S": "S2xx: claims against the cited study's design",
            "T": "T3xx: the article's text", "X": "X9xx: the tool itself"}


def rules_markdown() -> str:
    lines = ["# Rules", "",
             "Generated from the rule registry by `verifier rules --format md > docs/rules.md`;",
             "a test fails when this file and the registry disagree.", "",
             "| code | name | severity | confidence | checks |", "|---|---|---|---|---|"]
    ordered = sorted(RULES.values(), key=lambda r: r.code)
    lines += [f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity.value} | {r.confidence.value} "
              f"| {r.summary} |" for r in ordered]
    for family, title in FAMILIES.items():
        lines += ["", f"## {title}"]
        for r in (r for r in ordered if r.family == family):
            lines += ["", f"### {r.code}", "", f"**{r.name}** ({r.severity.value}, confidence "
                      f"{r.confidence.value}). {r.summary}", "", f"Why: {r.rationale}", "",
                      f"Example: {r.example}"]
    return "\n".join(lines) + "\n"


def commands(group: Any, prefix: str = "verifier") -> list[tuple[str, Any]]:
    """Every command of the click tree, depth first, with its full name ("verifier baseline create")."""
    import click

    found: list[tuple[str, Any]] = [(prefix, group)]
    if isinstance(group, click.Group):
        for name in sorted(group.commands):
            found.extend(commands(group.commands[name], f"{prefix} {name}"))
    return found


def undocumented(group: Any, prefix: str = "verifier") -> list[str]:
    """Each command with no help text and each visible option with no help, by full name."""
    import click

    missing: list[str] = []
    for name, command in commands(group, prefix):
        if not (command.help or "").strip():
            missing.append(name)
        ctx = click.Context(command, info_name=name, help_option_names=["-h", "--help"])
        missing += [f"{name} {param.opts[0]}" for param in command.get_params(ctx)
                    if isinstance(param, click.Option) and not param.hidden and not (param.help or "").strip()]
    return missing


def cli_markdown(group: Any, prefix: str = "verifier") -> str:
    """docs/cli.md: every command with its usage, help and options, from the click tree itself."""
    import click

    lines = ["# Command line", "",
             "Generated from the command tree by `python -m verifier.docs > docs/cli.md`; a test fails",
             "when a command or an option has no help, or when this file and the commands disagree.", ""]
    for name, command in commands(group, prefix):
        ctx = click.Context(command, info_name=name, help_option_names=["-h", "--help"])
        lines += [f"## `{name}`", "", f"Usage: `{name} {' '.join(command.collect_usage_pieces(ctx))}`", ""]
        lines += [inspect.cleandoc(command.help or ""), ""]
        rows = [_option_row(param, ctx) for param in command.get_params(ctx)
                if isinstance(param, click.Option) and not param.hidden]
        if rows:
            lines += ["| option | what it does |", "|---|---|", *rows, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _option_row(param: Any, ctx: Any) -> str:
    record = param.get_help_record(ctx)
    spelled, what = record if record else ("/".join(param.opts), "")
    return f"| `{_cell(spelled)}` | {_cell(' '.join(what.split()))} |"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


if __name__ == "__main__":
    from verifier.cli import main

    print(cli_markdown(main), end="")
