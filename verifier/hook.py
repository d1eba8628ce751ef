"""Entry point of the pre-commit hook.

pre-commit runs `ENTRY ARGS... FILES...`: the hook's own options and the staged file names arrive
in one list, so a staged file named `--records=forged.md` would be read as an option. The hook's
`args` therefore end with `--`, and this entry refuses to run without it, instead of guessing.
"""

from __future__ import annotations

import sys

SEPARATOR = "--"
MISSING_SEPARATOR = ("verifier-hook: the hook's args must end with '--' (pre-commit puts the staged file names "
                     "after them), e.g. args: [--cassette, cassettes/evidence.yaml, --]")


def split_arguments(argv: list[str]) -> tuple[list[str], list[str]] | None:
    """The options before the first `--` and the file names after it; None when there is no `--`."""
    if SEPARATOR not in argv:
        return None
    cut = argv.index(SEPARATOR)
    return argv[:cut], argv[cut + 1:]


def entry() -> None:
    """The console command `verifier-hook`: main, then a quick exit (verifier/collector.py)."""
    from verifier.collector import run_then_freeze

    run_then_freeze(main)


def main(argv: list[str] | None = None) -> None:
    split = split_arguments(list(sys.argv[1:] if argv is None else argv))
    if split is None:
        print(MISSING_SEPARATOR, file=sys.stderr)
        raise SystemExit(2)
    options, files = split
    if not files:
        print("verifier-hook: no staged articles")
        return
    from verifier.cli import main as cli

    cli.main(["audit", "--fail-on", "warning", "--require-evidence", *options, SEPARATOR, *files], prog_name="verifier")
