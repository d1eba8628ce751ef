"""`python -m verifier` runs the command line."""

from verifier.cli import entry

entry()
