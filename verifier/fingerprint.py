"""Finding fingerprints: stable across edits elsewhere in the article, so that a reviewer's mark
(and a baseline) still applies after unrelated lines move."""

from __future__ import annotations

import hashlib

from verifier.checks.normalise import fold
from verifier.models import Finding


def fingerprint(finding: Finding, claim_text: str | None = None, citation_text: str | None = None) -> str:
    """Rule code + the claim's words + the citation's words + the field and the value found;
    never the line number or character offset."""
    parts = [finding.code, fold(claim_text or ""), fold(citation_text or ""), finding.field or "",
             fold(finding.found or "")]
    if claim_text is None and citation_text is None:
        parts.append(fold(finding.message))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
