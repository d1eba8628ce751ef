"""PMIDs, DOIs and PMCIDs as printed: the one place their patterns and bounds live.

Bounds, and why:
- a PMID is 1 to 9 digits once leading zeros go (PubMed's ids are far below 10^9); the pattern
  reads up to 12 so that a longer number is seen whole and reported as malformed (C105) rather
  than cut into a valid-looking id;
- a PMCID is "PMC" and 1 to 9 digits (leading zeros dropped), read up to 12 for the same reason;
- a DOI is "10.", a registrant of 4 to 9 digits, "/" and a suffix of 1 to 250 characters once
  trailing punctuation goes; up to 300 are read so an over-long one is reported, not cut;
- trailing punctuation (`TRAILING`) is the sentence's, not the DOI's, except a ")" that closes a
  "(" inside the DOI, as in 10.1016/S0140-6736(20)30183-5.

Nothing here imports the rest of the package: citations and references both use it.
"""

from __future__ import annotations

import re

TRAILING = ".,;:)]}>'\"’”"
PMID_DIGITS = 9
PMCID_DIGITS = 9
DOI_SUFFIX = 250

PMID_RE = re.compile(
    r"(?:\bPMID\s*:?\s*|pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/)(\d{1,12})\b", re.I)
PMCID_RE = re.compile(r"\b(PMC\d{1,12})\b")
DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]{1,300})")
LABELLED_PMID = re.compile(r"\bPMID\s*:?\s*(\d+)", re.I)  # any length: to report a malformed one
LONG_PMCID = re.compile(rf"\bPMC(\d{{{PMCID_DIGITS + 1},}})")
_DOI = re.compile(rf"10\.\d{{4,9}}/\S{{1,{DOI_SUFFIX}}}")


def clean_pmid(digits: str) -> str | None:
    """'0037834955' -> '37834955'; None for 0 or more than 9 digits."""
    value = digits.lstrip("0")
    return value if value.isascii() and value.isdigit() and len(value) <= PMID_DIGITS else None


def clean_pmcid(printed: str) -> str | None:
    """'PMC010573670' -> 'PMC10573670'; None beyond 9 digits."""
    digits = printed[3:].lstrip("0")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > PMCID_DIGITS:
        return None
    return f"PMC{digits}"


def trim_doi(value: str) -> str:
    """The DOI without the punctuation printed after it; a ")" closing a "(" of the DOI stays."""
    while value and value[-1] in TRAILING:
        if value[-1] == ")" and value.count("(") >= value.count(")"):
            break
        value = value[:-1]
    return value


def clean_doi(printed: str) -> str | None:
    """The DOI as printed with trailing punctuation removed; None if it is not a DOI's shape."""
    value = trim_doi(printed)
    return value if _DOI.fullmatch(value) else None


def clean(kind: str, value: str) -> str | None:
    """`value` (a pattern's group 1) as an id of `kind` ('pmid', 'doi' or 'pmcid'), or None."""
    return {"pmid": clean_pmid, "doi": clean_doi, "pmcid": clean_pmcid}[kind](value)


PATTERNS = (("pmid", PMID_RE), ("doi", DOI_RE), ("pmcid", PMCID_RE))
