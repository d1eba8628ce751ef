"""Author lists as printed: "Smith AB, Jones C", "Smith, A. B., & Jones, C.", "A. B. Smith and
C. Jones", "Smith AB Jr", collective names ("National Toxicology Program")."""

from __future__ import annotations

import re

from verifier.models import Author
from verifier.references.tokens import LEAD_IN

_NUMBERING = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}\s*[.)]?(?=\s*[^\W\d_]))\s*")
_ET_AL = re.compile(r"(?:[,;]|(?<!\s))\s*+(?:et\.?\s*al\b\.?|and\s+others\b\.?|\[?et\s+al\.?\]?)", re.I)
_SUFFIX = re.compile(r"^(?:Jr|Sr|II|III|IV|2nd|3rd|4th)\.?$")
_INITIALS = re.compile(r"^(?:[^\W\d_]{1,2}\.?[\s\-‐]*){1,4}$")  # "AB", "A. B.", "J.-P.", "Á"
_INITIALS_BLOCK = re.compile(r"^[A-ZÀ-ÖØ-Þ]{1,4}$")
_COLLECTIVE = re.compile(
    r"\b(?:group|consortium|collaborat\w*|program+e?|investigators|committee|society|association|"
    r"organi[sz]ation|institute|network|council|agency|department|centers?|centres?|university|team|"
    r"office|foundation|board|task force|working party|panel|ministry|commission|federation)\b", re.I)
# "Diabetes UK", "Cancer Research UK", "Heart Foundation NZ": a body named with its country's
# letters, not a person with initials U. K.
_PLACE_NAMED = re.compile(r"(?:[A-Z][a-z'’]+\s+){1,4}(?:UK|USA|US|EU|NZ|UN)")
# Each branch starts only where a run of spaces starts (the look-behind) and takes the run
# whole, so a long run of spaces costs one pass, not one per space (issue 15, case 7).
_NAME_SPLIT = re.compile(r"(?<!\s)(?:\s*+;\s*+|(?:\s*+,)?\s++(?:and|&|und)\s++|\s*+&\s*+)", re.I)


def parse_authors(text: str) -> tuple[tuple[Author, ...], bool]:
    """The authors and whether the list was cut short with 'et al.'."""
    text = _NUMBERING.sub("", LEAD_IN.sub("", text.strip()))
    truncated = bool(_ET_AL.search(text))
    text = _ET_AL.sub("", text).strip().rstrip(".,;:/").strip()
    if not text:
        return (), truncated
    if (_COLLECTIVE.search(text) or _PLACE_NAMED.fullmatch(text)) and "," not in text:
        return (Author(last_name=text, collective=True),), truncated
    names: list[Author] = []
    for group in _NAME_SPLIT.split(text):
        names.extend(_names_in(group))
    return tuple(names), truncated


def _names_in(group: str) -> list[Author]:
    parts = [p.strip() for p in group.split(",") if p.strip(" .")]
    found: list[Author] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        following = parts[i + 1] if i + 1 < len(parts) else None
        if following and _SUFFIX.match(following):
            author = _one_name(part)
            found.append(author.model_copy(update={"suffix": following.rstrip(".")}))
            i += 2
            continue
        # "Smith, A. B." (APA): a bare surname followed by its initials or given names
        if following and " " not in part.strip() and _looks_given(following) and not _has_initials_block(part):
            author = _surname_given(part, following)
            i += 2
            if i < len(parts) and _SUFFIX.match(parts[i]):
                author = author.model_copy(update={"suffix": parts[i].rstrip(".")})
                i += 1
            found.append(author)
            continue
        found.append(_one_name(part))
        i += 1
    return found


def _looks_given(text: str) -> bool:
    return bool(_INITIALS.match(text.strip())) or bool(re.match(r"^[A-Z][a-z]+(?:\s+[A-Z]\.?)*\.?$", text.strip()))


def _has_initials_block(part: str) -> bool:
    words = part.split()
    return len(words) > 1 and bool(_INITIALS_BLOCK.match(words[-1].rstrip(".")))


def _initials(text: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s.\-‐]+", text) if w and w[0].isalpha()).upper() \
        if " " in text.strip() or "." in text or "-" in text else \
        (text if _INITIALS_BLOCK.match(text) else text[:1].upper())


def _surname_given(surname: str, given: str) -> Author:
    return Author(last_name=surname.strip().rstrip("."), initials=_initials(given.strip()))


def _is_initials(word: str) -> bool:
    """'AB', 'J.J.', 'K.-P.', 'Á.' — not 'Smith'."""
    letters = re.sub(r"[.\-‐]", "", word)
    return bool(letters) and len(letters) <= 4 and bool(_INITIALS_BLOCK.match(letters)) \
        and (len(letters) == 1 or "." in word or word.isupper())


def _one_name(part: str) -> Author:
    words = part.split()
    suffix = ""
    if len(words) > 1 and _SUFFIX.match(words[-1]):
        suffix = words.pop().rstrip(".")
    if _COLLECTIVE.search(part) or len(words) > 5:
        return Author(last_name=part.strip().rstrip("."), collective=True)
    if not words:
        return Author(last_name=part.strip())
    if len(words) == 1:
        return Author(last_name=words[0].rstrip("."), suffix=suffix)
    trailing = len(words)
    while trailing > 1 and _is_initials(words[trailing - 1]):
        trailing -= 1
    if trailing < len(words) and not _is_initials(words[0]):  # "Smith AB", "Rucklidge J.J.", "Memari A H"
        return Author(last_name=" ".join(words[:trailing]).rstrip("."),
                      initials=_initials(" ".join(words[trailing:])), suffix=suffix)
    leading = 0
    while leading < len(words) - 1 and _is_initials(words[leading]):
        leading += 1
    if leading:  # "A. B. Smith", "J.-L. Delaunay"
        return Author(last_name=" ".join(words[leading:]).rstrip("."),
                      initials=_initials(" ".join(words[:leading])), suffix=suffix)
    # "John A. Smith": given names first
    return Author(last_name=words[-1].rstrip("."), initials=_initials(" ".join(words[:-1])), suffix=suffix)
