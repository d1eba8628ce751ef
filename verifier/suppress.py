"""Inline suppression: comments in the article that silence findings, as Vale and ruff users expect.

    <!-- verifier: disable=S209,C1 reason="reviewed with the author" -->   from here on
    <!-- verifier: enable -->                                               every rule again
    <!-- verifier: enable=S209 -->                                          only S209 again
    <!-- verifier: disable-next-line=C103 -->                               the next non-blank line

Codes may be prefixes (`C1`, `S21`); no codes means every rule. The comments work in HTML,
Markdown and plain text alike: they are read from the file as written, before HTML is reduced
to text. A finding with no line (about the whole article) is silenced only by a `disable`
that is never re-enabled. Suppressed findings are kept and listed, never counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, cast

from verifier.models import Finding, InlineDirective, SuppressedFinding

_DIRECTIVE = re.compile(
    r"<!--\s*verifier:\s*(?P<action>disable-next-line|disable|enable)"
    r"(?:\s*=\s*(?P<codes>[A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*))?"
    r"(?:\s+reason\s*=\s*\"(?P<reason>[^\"\n]*)\")?\s*-->")
_ONLY_COMMENTS = re.compile(r"\s*(?:<!--.*?-->\s*)*")
Action = Literal["disable", "enable", "disable-next-line"]
_OPEN = 10**9  # a region never re-enabled runs to the end of the file


def parse(text: str) -> tuple[InlineDirective, ...]:
    """Every directive of the raw file text, with its line (1-based)."""
    lines = text.split("\n")
    found: list[InlineDirective] = []
    for number, line in enumerate(lines, start=1):
        if "verifier:" not in line:
            continue
        for match in _DIRECTIVE.finditer(line):
            codes = tuple(c.strip().upper() for c in (match.group("codes") or "").split(",") if c.strip())
            action = cast(Action, match.group("action"))
            target = _next_content_line(lines, number) if action == "disable-next-line" else None
            found.append(InlineDirective(line=number, action=action, codes=codes,
                                         reason=match.group("reason") or "", target=target))
    return tuple(found)


def blank(text: str) -> str:
    """The text with each directive replaced by spaces (offsets and lines unchanged)."""
    return _DIRECTIVE.sub(lambda match: " " * len(match.group()), text)


def _next_content_line(lines: list[str], after: int) -> int:
    for number in range(after + 1, len(lines) + 1):
        if not _ONLY_COMMENTS.fullmatch(lines[number - 1]):
            return number
    return after + 1


@dataclass(frozen=True)
class _Region:
    codes: tuple[str, ...]
    start: int
    end: int
    reason: str
    line: int

    def covers(self, finding: Finding) -> bool:
        if not _names(self.codes, finding.code):
            return False
        if finding.span is None:
            return self.end == _OPEN
        return self.start <= finding.span.line <= self.end


def _names(codes: tuple[str, ...], code: str) -> bool:
    return not codes or any(code.startswith(c) for c in codes)


def regions(directives: Iterable[InlineDirective]) -> Iterator[_Region]:
    """The lines each directive silences, code by code, with the reason. `enable=X` ends the
    regions of X only (a region of every rule stays open until a bare `enable`)."""
    open_: dict[str, InlineDirective] = {}
    for directive in directives:
        if directive.action == "disable-next-line":
            line = directive.target or directive.line + 1
            yield _Region(directive.codes, line, line, directive.reason, directive.line)
            continue
        codes = directive.codes or ("",)
        if directive.action == "disable":
            for code in codes:
                open_.setdefault(code, directive)
            continue
        for code in [c for c in open_ if not directive.codes or c in directive.codes]:
            started = open_.pop(code)
            yield _Region((code,) if code else (), started.line, directive.line, started.reason, started.line)
    for code, started in open_.items():
        yield _Region((code,) if code else (), started.line, _OPEN, started.reason, started.line)


def apply(findings: Iterable[Finding], directives: tuple[InlineDirective, ...]
          ) -> tuple[list[Finding], list[SuppressedFinding]]:
    """The findings no comment silences, and those it does (with its reason and line)."""
    spans = list(regions(directives))
    kept: list[Finding] = []
    silenced: list[SuppressedFinding] = []
    for finding in findings:
        region = next((r for r in spans if r.covers(finding)), None)
        if region is None:
            kept.append(finding)
        else:
            silenced.append(SuppressedFinding(finding=finding, reason=region.reason, line=region.line))
    return kept, silenced


def unknown_codes(directives: Iterable[InlineDirective], known: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(line, code) for each code a directive names that is no rule's code or prefix."""
    codes = list(known)
    for directive in directives:
        for code in directive.codes:
            if not any(k.startswith(code) for k in codes):
                yield directive.line, code
