"""verifier: check health and science articles: citations against PubMed, claims against the cited designs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from verifier.models import Report
    from verifier.pipeline import audit
    from verifier.settings import Settings

__all__ = ["Report", "Settings", "audit"]
__version__ = "0.1.0"

# `import verifier` (and so `import verifier.models`, or `verifier --version`) stays cheap: the
# pipeline and what it imports load only when one of these names is first used.
_LAZY = {"Report": "verifier.models", "audit": "verifier.pipeline", "Settings": "verifier.settings"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'verifier' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value
