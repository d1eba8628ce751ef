"""The rule registry: every rule is a small function with a stable code, registered once.

A code, once published, keeps its meaning; registering a code twice fails at import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from verifier.models import Confidence, Finding, Severity, Span


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

    @property
    def example(self) -> str:
        from verifier.checks.examples import EXAMPLES

        return EXAMPLES.get(self.code, "")


_FAMILIES: dict[str, tuple[Rule, ...]] = {}  # family -> its rules in code order, built on first use


class _Rules(dict[str, Rule]):
    """The code -> rule table; any change (a registration, a test's stand-in) forgets the
    family lists, which run_family otherwise reuses."""

    def __setitem__(self, code: str, spec: Rule) -> None:
        _FAMILIES.clear()
        super().__setitem__(code, spec)

    def __delitem__(self, code: str) -> None:
        _FAMILIES.clear()
        super().__delitem__(code)


RULES: dict[str, Rule] = _Rules()


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
    return list(_family(family))


def _family(family: str) -> tuple[Rule, ...]:
    """The family's rules in code order, listed once (run_family runs once per claim and citation)."""
    rules = _FAMILIES.get(family)
    if rules is None:
        rules = _FAMILIES[family] = tuple(r for code, r in sorted(RULES.items()) if code.startswith(family))
    return rules


def run_family(family: str, ctx: Any, span: Span | None, citation_id: str | None = None,
               claim_id: str | None = None) -> list[Finding]:
    """Every rule of a family; a rule that raises becomes an X900 finding, never a traceback."""
    found: list[Finding] = []
    for spec in _family(family):
        try:
            found.extend(spec.check(ctx))
        except Exception as exc:  # a defect in one rule must not stop the audit
            found.append(Finding(code="X900", name="internal-error", severity=Severity.warning,
                                 confidence=Confidence.low, message=f"rule {spec.code} failed: {exc!r}"[:300],
                                 citation_id=citation_id, claim_id=claim_id, span=span))
    return found


@rule("X900", "internal-error", Severity.warning,
      "A rule failed on this input; the other rules still ran.", Confidence.low)
def internal_error(ctx: Any) -> Iterable[Finding]:
    """A defect in one rule must not hide the findings of the others, nor pass the input
    silently: the failure is reported where it happened, with the rule's code."""
    return ()


@rule("X901", "unreadable-article", Severity.error,
      "A file given to audit could not be read as an article; the others were audited.")
def unreadable_article(ctx: Any) -> Iterable[Finding]:
    """One empty, binary or unreadable file must not stop a batch, nor pass unseen: the batch is
    audited and the file is an error in the report (the run exits 2 only when nothing could be
    read)."""
    return ()


# Every rule module registers its rules when imported: load them all here, once RULES exists, so
# that whoever reads RULES sees every rule, whichever module was imported first.
from verifier.checks import claims, metadata, text  # noqa: E402, F401
