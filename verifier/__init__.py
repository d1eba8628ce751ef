"""verifier: check the citations in health and science articles against PubMed."""

from verifier.models import Report
from verifier.pipeline import audit
from verifier.settings import Settings

__all__ = ["Report", "Settings", "audit"]
__version__ = "0.1.0"
