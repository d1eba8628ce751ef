"""Tokens with character offsets, and the rule patterns whose matches become features."""

from __future__ import annotations

import re
from dataclasses import dataclass

from verifier.identifiers import TRAILING

# URLs and DOIs stay whole: their inner punctuation is not structure.
_TOKEN = re.compile(r"(?:https?://|www\.)\S+|\b10\.\d{4,9}/\S+|\w+|[^\w\s]")

# "Cite as:", "How to cite:", "Citation for published version (APA):", a bullet, a bracketed
# number "(2)" or "[2]" (not "(2019)"): not the reference
LEAD_IN = re.compile(
    r"^[\s•·*\-–—]*(?:[(\[]\d{1,3}[)\]]\s*)?"
    r"(?:(?:(?:how to cite|please cite|cite)(?: this)?(?: article| paper)?(?: as)?|"
    r"citation(?: for published version)?(?: \(\w+\))?|journal reference|references?|sources?)\s*:\s*)?", re.I)
YEAR_DIGITS = r"(?:1[5-9]|20)\d\d"
YEAR = YEAR_DIGITS + "[a-z]?"
MONTH_WORD = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Spring|Summer|Fall|Autumn|Winter)[a-z]*\.?"
PAGE = r"[A-Za-z]{0,4}\d[\w.]*"
PAGES = rf"{PAGE}(?:\s*[-–—]\s*{PAGE})?"
# "Cell 1998; 93:317-320", "J Clin Med. 2023 Sep 30;12(19):6311", "2019 Jul-Aug;45 Suppl 2:S1-9"
VANCOUVER = re.compile(
    rf"\b(?P<year>{YEAR})(?P<month>\s+{MONTH_WORD}(?:\s*[-–/]\s*{MONTH_WORD})?)?(?P<day>\s+\d{{1,2}})?"
    rf"\s*;\s*(?P<volume>[\w.]{{1,12}}(?:\s*[-–]\s*\d{{1,6}})?)?"
    rf"(?P<supplement>\s*(?:Suppl|Supplement)\.?\s*\w{{0,6}})?"
    rf"\s*(?:\((?P<issue>[^()]{{1,25}})\))?\s*:\s*(?P<pages>{PAGES})")
# MDPI/ACS: "J. Clin. Med. 2023, 12, 6311." or "BMJ 2020, 368, m693." at the end of the source
YEAR_VOLUME_PAGES = re.compile(
    rf"\b(?P<year>{YEAR}),\s*(?P<volume>\d{{1,5}})(?:\s*\((?P<issue>[^()]{{1,20}})\))?,\s*(?P<pages>{PAGES})"
    r"\s*\.?\s*(?=$|\[|doi|https?:|PMID|\()", re.I)
# "93(4):317-320" or "93(4), 317-320" anywhere
VOLUME_ISSUE_PAGES = re.compile(
    rf"(?<![.\d])\b(?P<volume>\d{{1,6}})\s*\((?P<issue>[^()]{{1,20}})\)\s*[:,]\s*(?P<pages>{PAGES})")
VOLUME_PAGES = re.compile(rf"\b(?P<volume>\d{{1,6}})\s*:\s*(?P<pages>{PAGES})")
PAGE_RANGE = re.compile(rf"\b{PAGE}\s*[-–—]\s*{PAGE}\b")
PARENTHESISED_YEAR = re.compile(rf"\(\s*(?P<year>{YEAR})[^()]{{0,20}}\)")
ARTICLE_NUMBER = re.compile(r"^(?:e\d{3,}|e[a-z]{2,4}\d{2,}|\d{1,4}ra\d{1,4}|[A-Za-z]{1,4}\d{4,})$")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        value, end = match.group(0), match.end()
        if len(value) > 1 and (value.startswith(("http", "www")) or value.startswith("10.")):
            while value and value[-1] in TRAILING:
                value, end = value[:-1], end - 1
        tokens.append(Token(value, match.start(), end))
        if end < match.end():
            tokens.extend(Token(c, end + i, end + i + 1) for i, c in enumerate(match.group(0)[len(value):]))
    return tokens


def rule_roles(text: str) -> list[str | None]:
    """For each character, the role a rule gives it ('vancouver-year', 'vip-pages', ...)."""
    roles: list[str | None] = [None] * len(text)
    for name, regex in (("vp", VOLUME_PAGES), ("vip", VOLUME_ISSUE_PAGES), ("vancouver", VANCOUVER)):
        for match in regex.finditer(text):
            for group, value in match.groupdict().items():
                if value is None:
                    continue
                for i in range(match.start(group), match.end(group)):
                    roles[i] = f"{name}-{group}"
    for match in PARENTHESISED_YEAR.finditer(text):
        for i in range(match.start("year"), match.end("year")):
            roles[i] = roles[i] or "paren-year"
    return roles
