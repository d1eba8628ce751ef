"""Features of each token for the CRF: its shape and case, lexicons, where it sits in the
string, and what the rules in `tokens` say about it."""

from __future__ import annotations

import re

from verifier import memo
from verifier.references.tokens import ARTICLE_NUMBER, Token, rule_roles

_MONTHS = frozenset({
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january",
    "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
    "spring", "summer", "fall", "autumn", "winter"})
_LEXICON = {
    "etal": {"et", "al"}, "suppl": {"suppl", "supplement", "suppl1", "suppl2"},
    "doi": {"doi"}, "pmid": {"pmid", "pubmed"}, "pmcid": {"pmcid", "pmc"}, "epub": {"epub", "ahead", "print"},
    "pages": {"pp", "p", "pages", "page", "pgs"}, "volume": {"vol", "volume", "vols", "bd"},
    "issue": {"no", "nr", "issue", "num", "n"}, "in": {"in"}, "editor": {"ed", "eds", "editor", "editors", "edn"},
    "and": {"and", "&", "und", "et", "y"},
    "publisher": {"press", "publishers", "publishing", "inc", "ltd", "springer", "elsevier", "wiley", "verlag",
                  "university", "books", "academic"},
    "journalword": {"j", "journal", "med", "clin", "res", "proc", "rev", "am", "int", "ann", "sci", "acta",
                    "biol", "chem", "soc", "lett", "bull", "arch", "nat", "phys", "eur", "br", "natl", "acad",
                    "trans", "lancet", "nature", "science", "plos", "bmc", "bmj", "jama", "cell", "nutr",
                    "epidemiol", "psychol", "neurosci", "pediatr", "cancer", "immunol", "physiol"},
    "url": {"http", "https", "www", "url", "available", "accessed", "retrieved", "cited"},
    "thesis": {"thesis", "dissertation", "phd", "report", "technical"},
    "collective": {"group", "consortium", "collaboration", "program", "investigators", "committee", "society",
                   "association", "organization", "organisation", "institute", "network", "council", "agency"},
    "suffix": {"jr", "sr", "ii", "iii", "iv", "2nd", "3rd", "4th"},
}
_WORD_LEXICON = {word: name for name, words in _LEXICON.items() for word in words}
_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d[a-z]?$")
_SHAPE_RUNS = re.compile(r"(.)\1{2,}")


def shape(word: str) -> str:
    mapped = "".join("X" if c.isupper() else "x" if c.isalpha() else "d" if c.isdigit() else c for c in word)
    return _SHAPE_RUNS.sub(r"\1\1", mapped)


_OFFSETS = (-2, -1, 1, 2)  # the neighbours whose words are features of a token


@memo.kept_up_to(65_536)  # a pure function of the word; surnames and journal words recur (verifier/memo.py)
def _word_features(word: str) -> tuple[tuple[str, ...], ...]:
    """A word's features as its own token has them, then as the neighbour at each of `_OFFSETS`
    has them ("-2:w=smith", ...): worked out once per word, not five times per token."""
    lower = word.lower()
    feats = [f"w={lower}" if len(word) < 25 else "w=LONG", f"shape={shape(word)[:8]}"]
    lexicon = _WORD_LEXICON.get(lower)
    if lexicon:
        feats.append(f"lex={lexicon}")
    if lower.rstrip(".") in _MONTHS:
        feats.append("month")
    return (tuple(feats), *(tuple(f"{offset}:{feature}" for feature in feats) for offset in _OFFSETS))


def token_features(text: str, tokens: list[Token]) -> list[list[str]]:
    roles = rule_roles(text)
    count = len(tokens)
    breaks = _sentence_breaks(tokens)
    words = [_word_features(token.text) for token in tokens]
    result = []
    for i, token in enumerate(tokens):
        word = token.text
        feats = ["bias", *words[i][0], f"p3={word[:3].lower()}", f"s3={word[-3:].lower()}",
                 f"len={min(len(word), 10)}", f"pos={10 * i // max(count, 1)}", f"idx={min(i, 6)}",
                 f"sent={min(breaks[i], 6)}", f"fromend={min(count - 1 - i, 6)}", *_flags(word)]
        if i > 0 and tokens[i - 1].end == token.start:
            feats.append("glued-left")
        if i + 1 < count and tokens[i + 1].start == token.end:
            feats.append("glued-right")
        role = roles[token.start]
        if role:
            feats.append(f"rule={role}")
        for place, offset in enumerate(_OFFSETS, 1):
            j = i + offset
            if 0 <= j < count:
                feats.extend(words[j][place])
                other_role = roles[tokens[j].start]
                if other_role and abs(offset) == 1:
                    feats.append(f"{offset}:rule={other_role}")
            else:
                feats.append(f"{offset}:{'BOS' if j < 0 else 'EOS'}")
        result.append(feats)
    return result


@memo.kept_up_to(65_536)  # a pure function of the word
def _flags(word: str) -> tuple[str, ...]:
    flags = []
    if _YEAR.match(word):
        flags.append("year-like")
    if word.isdigit():
        flags.append(f"digits={min(len(word), 5)}")
    elif any(c.isdigit() for c in word):
        flags.append("has-digit")
    if ARTICLE_NUMBER.match(word):
        flags.append("article-number")
    if word.isupper() and word.isalpha() and len(word) <= 3:
        flags.append("initials-like")
    if word[:1].isupper() and word[1:].islower():
        flags.append("title-case")
    if word.startswith("10.") or word.startswith(("http", "www")):
        flags.append("identifier-or-url")
    if not word.isascii():
        flags.append("non-ascii")
    return tuple(flags)


def _sentence_breaks(tokens: list[Token]) -> list[int]:
    """How many '. ' breaks come before each token (the author/title/journal blocks)."""
    counts, seen = [], 0
    for i, token in enumerate(tokens):
        counts.append(seen)
        if token.text in ".?!" and i + 1 < len(tokens) and tokens[i + 1].start > token.end:
            previous = tokens[i - 1].text if i > 0 else ""
            if len(previous) > 1 or previous.islower():  # not an initial "A."
                seen += 1
    return counts
