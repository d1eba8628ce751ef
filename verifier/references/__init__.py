"""Reference-string parsing: a CRF sequence labeller (python-crfsuite) with rules as features,
regexes for identifiers, and a post-processor that turns labelled spans into fields."""

from verifier.references.parser import LABELS, parse, parse_labelled

__all__ = ["LABELS", "parse", "parse_labelled"]
