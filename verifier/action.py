"""The GitHub Action's audit step: `action.yml` runs `python -m verifier.action`.

One audit per run, never green by accident:
- the articles are the ones `git diff` names between the base and HEAD (NUL-separated, so any
  file name arrives as written) or the `paths` input; they reach `verifier audit` after `--`;
- an empty or all-zero base (a new branch), a base missing from a shallow checkout that cannot
  be fetched, or a failing `git` stops the step with exit 2 and one line saying why;
- the audit writes SARIF and JSON and the Markdown report in one run; annotations are chosen
  from the JSON (the most severe findings on the lines the change touched, within GitHub's
  limits, with the number left out said), and the Markdown goes to the job's step summary.

Git runs as a subprocess with its arguments as a list (no shell), with literal pathspecs so that a
name such as `:(exclude)x.md` or `a*.md` is only a name.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from verifier.report.lines import Annotation, from_report_dict, github_line, left_out_note, within_limits
from verifier.report.sanitise import inert

ARTICLE_PATTERNS = ("*.md", "*.markdown", "*.txt", "*.html", "*.htm")
SUMMARY_LIMIT = 1024 * 1024  # GitHub's cap on one step's summary
_HUNK = re.compile(r"^@@ -\S+ \+(\d+)(?:,(\d+))? @@", re.M)
ChangedLines = dict[str, set[int]]


class ActionError(Exception):
    """Something that stops the step before an audit could run (exit 2)."""


@dataclass(frozen=True)
class Inputs:
    paths: tuple[str, ...]
    base: str
    cassette: str
    baseline: str
    claims: str
    fail_on: str
    sarif: str
    require_evidence: bool

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Inputs:
        lines = (line.strip() for line in env.get("INPUT_PATHS", "").splitlines())
        return cls(paths=tuple(line for line in lines if line), base=env.get("INPUT_BASE", "").strip(),
                   cassette=env.get("INPUT_CASSETTE", ""), baseline=env.get("INPUT_BASELINE", ""),
                   claims=env.get("INPUT_CLAIMS", ""), fail_on=env.get("INPUT_FAIL_ON", "") or "warning",
                   sarif=env.get("INPUT_SARIF", ""),
                   require_evidence=env.get("INPUT_REQUIRE_EVIDENCE", "true").strip().lower() != "false")

    def audit_options(self) -> list[str]:
        options = ["--fail-on", self.fail_on]
        for flag, value in (("--cassette", self.cassette), ("--baseline", self.baseline),
                            ("--claims", self.claims)):
            if value:
                options += [flag, value]
        return options + (["--require-evidence"] if self.require_evidence else [])


def main() -> None:
    try:
        code = run(Inputs.from_env(os.environ), os.environ)
    except ActionError as exc:
        print(f"verifier: {inert(str(exc))}", file=sys.stderr)
        code = 2
    raise SystemExit(code)


def run(inputs: Inputs, env: Mapping[str, str]) -> int:
    changed: ChangedLines | None = None
    if inputs.paths:
        targets = list(inputs.paths)
    else:
        base = usable_base(inputs.base)
        targets = changed_articles(base)
        if not targets:
            print(f"verifier: no changed articles since {base}")
            _append_summary(env, f"verifier: no changed articles since `{base}`.\n")
            return 0
        changed = {path: changed_lines(base, path) for path in targets}
    print(f"verifier: auditing {len(targets)} article{'s' if len(targets) != 1 else ''}")
    with tempfile.TemporaryDirectory(prefix="verifier-action-") as folder:
        report_path, summary_path = Path(folder) / "report.json", Path(folder) / "summary.md"
        outputs = ["--format", "json", "--out", str(report_path), "--also", f"md={summary_path}"]
        if inputs.sarif:
            outputs += ["--also", f"sarif={inputs.sarif}"]
        done = subprocess.run([sys.executable, "-m", "verifier", "audit", *inputs.audit_options(), *outputs,
                               "--", *targets], check=False)
        if done.returncode not in (0, 1, 3) or not report_path.is_file():
            return done.returncode or 2
        report = json.loads(report_path.read_text(encoding="utf-8"))
        note = annotate(from_report_dict(report), changed)
        _append_summary(env, f"{note}\n\n{summary_path.read_text(encoding='utf-8')}")
    return done.returncode


def annotate(candidates: list[Annotation], changed: ChangedLines | None) -> str:
    """Print the chosen annotations; return the line that says what was chosen and left out."""
    on_change = [a for a in candidates if changed is None or _touched(a, changed)]
    chosen, over_limit = within_limits(on_change)
    for annotation in chosen:
        print(github_line(annotation))
    note = left_out_note(len(candidates), len(chosen), over_limit, len(candidates) - len(on_change))
    print(note)
    return note


def _touched(annotation: Annotation, changed: ChangedLines) -> bool:
    lines = changed.get(annotation.path)
    if lines is None:
        return False
    return annotation.line is None or annotation.line in lines  # a finding on the whole article counts


def usable_base(base: str) -> str:
    """The base revision, fetched if a shallow checkout lacks it; ActionError when it cannot be had."""
    if not base or not base.strip("0"):
        raise ActionError("no base revision to diff against (a new branch, or no pull request base); "
                          "set 'paths' or 'base'")
    if base.startswith("-"):
        raise ActionError(f"base {base!r} is not a revision")
    prefix = _git("rev-parse", "--show-prefix").strip()
    if prefix:
        raise ActionError(f"run the action at the repository's root, not in {prefix!r}")
    if not _has_commit(base):
        print(f"verifier: base {base} is not in this checkout (shallow?); fetching it")
        fetched = subprocess.run(["git", "fetch", "--quiet", "--no-tags", "--depth=1", "origin", base],
                                 capture_output=True, text=True, check=False)
        if fetched.returncode != 0 or not _has_commit(base):
            raise ActionError(f"base {base} could not be fetched ({_first_line(fetched.stderr)}); "
                              "use actions/checkout with fetch-depth: 0, or set 'paths'")
    return base


def changed_articles(base: str) -> list[str]:
    out = _git("-c", "core.quotePath=false", "diff", "-z", "--name-only", "--no-renames", "--diff-filter=ACM",
               base, "HEAD", "--", *ARTICLE_PATTERNS)
    return [name for name in out.split("\0") if name]


def changed_lines(base: str, path: str) -> set[int]:
    """The lines of `path` at HEAD that the change added or altered."""
    out = _git("--literal-pathspecs", "diff", "-U0", "--no-color", "--no-ext-diff", "--no-renames",
               base, "HEAD", "--", path)
    lines: set[int] = set()
    for hunk in _HUNK.finditer(out):
        start, count = int(hunk[1]), int(hunk[2]) if hunk[2] is not None else 1
        lines.update(range(start, start + count))
    return lines


def _has_commit(revision: str) -> bool:
    return subprocess.run(["git", "cat-file", "-e", f"{revision}^{{commit}}"], capture_output=True,
                          check=False).returncode == 0


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], capture_output=True, check=False)
    if done.returncode != 0:
        command = next(a for a in args if not a.startswith("-") and "=" not in a)
        raise ActionError(f"git {command} failed: {_first_line(done.stderr.decode('utf-8', 'replace'))}")
    return done.stdout.decode("utf-8", "surrogateescape")


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "no message")


def _append_summary(env: Mapping[str, str], markdown: str) -> None:
    """Add to the job's step summary (GitHub appends each step's file; 1 MiB at most per step)."""
    target = env.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    data = markdown.encode("utf-8")
    if len(data) > SUMMARY_LIMIT:
        cut = ("\n\n(The report is cut here: GitHub takes at most 1 MiB of step summary. "
               "The SARIF log has every finding.)\n")
        room = SUMMARY_LIMIT - len(cut.encode("utf-8"))
        data = data[:room].rsplit(b"\n", 1)[0] + cut.encode("utf-8")
    with open(target, "ab") as summary:
        summary.write(data)


if __name__ == "__main__":
    main()
