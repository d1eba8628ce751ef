"""Rules: C1xx citation metadata, S2xx claims against study design, T3xx article text."""

from verifier.checks import claims as claims
from verifier.checks import metadata as metadata
from verifier.checks import text as text
