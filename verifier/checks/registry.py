"""The rule registry: every rule is a small function with a stable code, registered once.

A code, once published, keeps its meaning; registering a code twice fails at import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from verifier.models import Confidence, Severity


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    confidence: Confidence
    check: Callable[[Any], Iterable[Any]]

    @property
    def family(self) -> str:
        return self.code[0]


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity, summary: str,
         confidence: Confidence = Confidence.high
         ) -> Callable[[Callable[[Any], Iterable[Any]]], Callable[[Any], Iterable[Any]]]:
    """Register a check; its docstring is the rule's rationale."""

    def register(check: Callable[[Any], Iterable[Any]]) -> Callable[[Any], Iterable[Any]]:
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        RULES[code] = Rule(code=code, name=name, severity=severity, summary=summary,
                           rationale=" ".join((check.__doc__ or "").split()),
                           confidence=confidence, check=check)
        return check

    return register


def rules_of_family(family: str) -> list[Rule]:
    return [r for code, r in sorted(RULES.items()) if code.startswith(family)]
