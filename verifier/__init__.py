"""verifier: check health and science articles: citations against PubMed, claims against the cited designs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from verifier.lazy import lazy_exports

if TYPE_CHECKING:
    from verifier.models import Report
    from verifier.pipeline import audit
    from verifier.settings import Settings

__all__ = ["Report", "Settings", "audit"]
__version__ = "0.1.0"

# `import verifier` (and so `import verifier.models`, or `verifier --version`) stays cheap: the
# pipeline and what it imports load only when one of these names is first used.
__getattr__ = lazy_exports(__name__, {"Report": "verifier.models", "audit": "verifier.pipeline",
                                      "Settings": "verifier.settings"})
