"""Rules: C1xx citation metadata (more families register here as they land)."""

from verifier.checks import metadata as metadata
