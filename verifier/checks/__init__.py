"""Rules: C1xx citation metadata, S2xx claims against study design, T3xx article text."""

from __future__ import annotations

import importlib
from types import ModuleType

# The rule modules load with verifier.checks.registry (which imports them once RULES exists),
# not with this package: the modules the rules depend on can then import a helper of this
# package (verifier.checks.normalise) first without an import cycle.
_RULE_MODULES = ("claims", "metadata", "text")


def __getattr__(name: str) -> ModuleType:
    if name not in _RULE_MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return importlib.import_module(f"{__name__}.{name}")
