"""verifier: check health and science articles: citations against PubMed, claims against the cited designs."""

from verifier.models import Report
from verifier.pipeline import audit
from verifier.settings import Settings

__all__ = ["Report", "Settings", "audit"]
__version__ = "0.1.0"
