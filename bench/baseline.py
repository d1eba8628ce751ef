"""Run an earlier revision of verifier beside the current one, in the same benchmark run.

    with baseline_checkout("aee4371") as old:
        report = old.audit_json(["article.txt", "--offline"])
        value = old.python("from verifier.citations import parse_reference; ...")

The revision is checked out with `git worktree` into a temporary folder and run with
`PYTHONPATH` pointing at it, so the baseline is the old code exactly, not a copy kept here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The last commit before this round's stage work: the behaviour each benchmark compares against.
DEFAULT_BASELINE = "aee4371"


class Checkout:
    def __init__(self, folder: Path, revision: str) -> None:
        self.folder = folder
        self.revision = revision

    def run(self, args: list[str], *, stdin: str | None = None,
            timeout: float = 600) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(self.folder)}
        return subprocess.run([sys.executable, *args], cwd=self.folder, env=env, input=stdin,
                              capture_output=True, text=True, timeout=timeout, check=False)

    def audit_json(self, args: list[str]) -> dict[str, Any]:
        """`verifier audit ARGS --format json` with the old code; paths are resolved first."""
        done = self.run(["-m", "verifier", "audit", *args, "--format", "json"])
        if done.returncode > 1:
            raise RuntimeError(f"baseline audit failed ({done.returncode}): {done.stderr.strip()[:300]}")
        result: dict[str, Any] = json.loads(done.stdout)
        return result

    def python(self, code: str, *, stdin: str | None = None) -> str:
        """Run Python code against the old package and return its standard output."""
        done = self.run(["-c", code], stdin=stdin)
        if done.returncode:
            raise RuntimeError(f"baseline code failed: {done.stderr.strip()[-500:]}")
        return done.stdout


@contextmanager
def baseline_checkout(revision: str = DEFAULT_BASELINE) -> Iterator[Checkout]:
    with tempfile.TemporaryDirectory(prefix="verifier-baseline-") as scratch:
        folder = Path(scratch) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(folder), revision],
                       check=True, capture_output=True)
        try:
            yield Checkout(folder, revision)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)],
                           check=False, capture_output=True)
