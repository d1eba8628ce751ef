"""Label a reference string with the CRF and turn the labelled spans into PrintedFields."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pycrfsuite  # type: ignore[import-untyped]

from verifier.models import PrintedFields
from verifier.references.features import token_features
from verifier.references.fields import build_fields, spans_of
from verifier.references.tokens import LEAD_IN, VANCOUVER, Token, tokenize

MODEL_PATH = Path(__file__).with_name("reference-crf.model")
# Twice the longest of the ~16,000 labelled references (300 tokens): words beyond are no reference
# field, and the CRF's cost stays bounded on a 100 KB "reference" (issue 15, case 7).
MAX_TOKENS = 600
LABELS = ("author", "title", "journal", "date", "volume", "issue", "pages", "doi", "pmid", "pmcid", "url",
          "publisher", "location", "editor", "edition", "container", "note", "other")


@cache
def _tagger() -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_PATH))
    return tagger


def parse_labelled(text: str) -> list[tuple[Token, str]]:
    lead_in = LEAD_IN.match(text)
    skip = lead_in.end() if lead_in else 0
    body = text[skip:]
    tokens = [Token(t.text, t.start + skip, t.end + skip) for t in tokenize(body)]
    if not tokens:
        return [(t, "other") for t in tokenize(text)]
    local = [Token(t.text, t.start - skip, t.end - skip) for t in tokens[:MAX_TOKENS]]
    labels = list(_tagger().tag(token_features(body[:local[-1].end], local)))
    labels += ["other"] * (len(tokens) - len(labels))
    lead = [(t, "other") for t in tokenize(text[:skip])]
    return lead + _corrected(text, tokens, labels)


def _corrected(text: str, tokens: list[Token], labels: list[str]) -> list[tuple[Token, str]]:
    labels = _authors_end_before_lowercase(tokens, _author_list_continues(tokens, list(labels)))
    labels = _authors_end_before_a_sentence(tokens, labels)
    labels = _vancouver_source(text, tokens, labels)
    return list(zip(tokens, _author_list_ends_at_et_al(tokens, labels), strict=True))


_GROUP_LABELS = {"year": "date", "month": "date", "day": "date", "volume": "volume", "supplement": "volume",
                 "issue": "issue", "pages": "pages"}


_NOT_A_JOURNAL_BEFORE_THE_DATE = frozenset({"publisher", "location", "note", "other", "container"})
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "di", "da", "del", "della", "dos", "du", "le", "la", "ter",
                        "ten", "al", "el", "bin", "ibn", "zu", "y", "and", "et"})


def _authors_end_before_lowercase(tokens: list[Token], labels: list[str]) -> list[str]:
    """A name does not start in lower case (particles aside): after '. ', a lower-case word the CRF
    kept in the author list starts the title."""
    for i in range(1, len(tokens) - 1):
        if labels[i] != "author" or labels[i + 1] != "author" or tokens[i].text != ".":
            continue
        following = tokens[i + 1]
        if following.start > tokens[i].end and following.text[:1].islower() \
                and following.text.lower() not in _PARTICLES:
            j = i + 1
            while j < len(tokens) and labels[j] == "author":
                labels[j] = "title"
                j += 1
            break
    return labels


def _authors_end_before_a_sentence(tokens: list[Token], labels: list[str]) -> list[str]:
    """'Hale R. Zinc and taste. Chem Senses...': after initials and '. ', words the CRF kept as
    authors up to the next '.' that hold a lower-case word (particles aside) are a short title;
    no name is spelt so."""
    for i in range(2, len(tokens) - 1):
        if labels[i] != "author" or labels[i + 1] != "author" or tokens[i].text != "." \
                or not _INITIALS.fullmatch(tokens[i - 1].text) or not _SURNAME.fullmatch(tokens[i - 2].text):
            continue
        run = i + 1
        while run < len(tokens) and labels[run] == "author" and tokens[run].text not in ".,;":
            run += 1
        words = [t.text for t in tokens[i + 1:run]]
        ends_a_sentence = run < len(tokens) and tokens[run].text == "."
        if ends_a_sentence and len(words) >= 2 and not _OTHERS & set(words) \
                and any(_PLAIN_WORD.fullmatch(w) and w not in _PARTICLES for w in words):
            labels[i + 1:run + 1] = ["title"] * (run - i)  # the title's own full stop too
            break
    return labels


_INITIALS = re.compile(r"[A-Z]{1,3}")  # "R", "MA" after a surname: NLM's initials
_SURNAME = re.compile(r"[A-Z][a-z][\w'’-]*")
_PLAIN_WORD = re.compile(r"[a-z]{3,}")  # "taste": no name is spelt in lower case
_OTHERS = frozenset({"et", "etc", "coll"})  # "et coll.", "etc.": the list's "and others"


def _vancouver_source(text: str, tokens: list[Token], labels: list[str]) -> list[str]:
    """'2023 Sep 30;12(19):6311' is exact: its words take the rule's labels (separators go with
    the field before them), unless the CRF put it inside the title."""
    match = VANCOUVER.search(text)
    if match is None:
        return labels
    inside = [i for i, t in enumerate(tokens) if match.start() <= t.start < match.end()]
    if not inside or labels[inside[0]] in ("title", "container"):
        return labels
    groups = [(match.start(g), match.end(g), label) for g, label in _GROUP_LABELS.items() if match.group(g)]
    before = inside[0] - 1
    kept = labels[before] if before >= 0 else None
    while before >= 0 and kept in _NOT_A_JOURNAL_BEFORE_THE_DATE and labels[before] == kept:
        labels[before] = "journal"  # what precedes 'YYYY;vol' in this style is the journal
        before -= 1
    current = "date"
    for i in inside:
        current = next((label for start, end, label in groups if start <= tokens[i].start < end), current)
        labels[i] = current
    return labels


def _author_list_ends_at_et_al(tokens: list[Token], labels: list[str]) -> list[str]:
    """Nothing but a collective name (after ';') follows 'et al.' in an author list: words the CRF
    kept as authors after it are the title."""
    for i in range(len(tokens) - 1):
        if labels[i] == "author" and tokens[i].text.lower() == "et" and tokens[i + 1].text.lower() == "al":
            j = i + 2
            while j < len(tokens) and tokens[j].text in ".,:" and labels[j] == "author":
                j += 1
            if j < len(tokens) and tokens[j].text == ";":
                break
            while j < len(tokens) and labels[j] == "author":
                labels[j] = "title"
                j += 1
            break
    return labels


def _author_list_continues(tokens: list[Token], labels: list[str]) -> list[str]:
    """An NLM author list does not end on a comma: when the CRF starts the title right after one
    (a rare suffix such as '3rd' misleads it) and what follows up to the next '. ' is shaped like
    names ('Reynolds CF 3rd.'), those words are authors too."""
    for i in range(1, len(tokens)):
        if labels[i - 1] == "author" and tokens[i - 1].text in ",;" and labels[i] == "title":
            j = i
            while j < len(tokens) and labels[j] == "title" and j - i < 12:
                if tokens[j].text == "." and not _initial_follows(tokens, j):
                    if all(_name_like(t.text) for t in tokens[i:j]):
                        labels[i:j + 1] = ["author"] * (j + 1 - i)
                    break
                j += 1
            break
    return labels


def _name_like(word: str) -> bool:
    return word in ",.-'’" or word[:1].isupper() or word.lower() in _PARTICLES or word in ("2nd", "3rd", "4th")


def parse(text: str) -> PrintedFields:
    """The fields of one reference string, with the labelled spans they came from."""
    labelled = parse_labelled(text)
    return build_fields(text, spans_of(text, labelled))


def _initial_follows(tokens: list[Token], dot: int) -> bool:
    """After this '.', does another initial come ('A. B. Smith'), rather than the title?"""
    if dot + 2 >= len(tokens) or tokens[dot + 1].start == tokens[dot].end:
        return dot + 1 < len(tokens) and tokens[dot + 1].start == tokens[dot].end
    following = tokens[dot + 1].text
    return len(following) == 1 and following.isupper() and tokens[dot + 2].text in ".-"
