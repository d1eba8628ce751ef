"""Correct citations printed from a PubMed record in five styles, and one-field mutations of them.

A mutation changes the printable copy of the record, never the record the citation is then
audited against, so a mutated citation is exactly a correct one with one field wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from verifier.models import Author, Record

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True)
class Printable:
    authors: tuple[Author, ...]
    title: str
    journal_abbrev: str
    journal_title: str
    date: str          # as PubMed gives it: "2023 Sep 30", "1999 Jul-Aug", "2024 Winter-Spring"
    year: str
    volume: str | None
    issue: str | None
    pages: str | None
    doi: str | None
    pmid: str


def printable(record: Record) -> Printable:
    date = record.pub_date
    text = _named_month(date.text) if date.text else str(date.year or "")
    year = str(date.year) if date.year else (re.findall(r"\d{4}", text) or [""])[0]
    pages = record.pages or next((e for e in record.elocation_ids if not e.startswith("10.")), None)
    return Printable(record.authors, record.title, record.journal_iso or record.medline_ta,
                     record.journal_title, text, year, record.volume, record.issue, pages,
                     record.doi, record.pmid)


def _named_month(text: str) -> str:
    parts = text.split()
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        parts[1] = MONTHS[int(parts[1]) - 1]
    return " ".join(parts)


def _nlm_name(a: Author) -> str:
    return a.last_name if a.collective else f"{a.last_name} {a.initials}".strip()


def _dotted_initials(a: Author) -> str:
    return " ".join(f"{ch}." for ch in a.initials)


def _apa_name(a: Author) -> str:
    return a.last_name if a.collective else f"{a.last_name}, {_dotted_initials(a)}".strip(", ")


def _title(p: Printable) -> str:
    return p.title.rstrip(".") + "."


def _source_numbers(p: Printable, sep: str = ";") -> str:
    out = p.volume or ""
    if p.issue:
        out += f"({p.issue})"
    if p.pages:
        out += f":{p.pages}"
    return out


def nlm(p: Printable) -> str:
    authors = ", ".join(_nlm_name(a) for a in p.authors)
    head = f"{authors}. " if authors else ""
    numbers = _source_numbers(p)
    source = f"{p.journal_abbrev}. {p.date}" + (f";{numbers}" if numbers else "")
    tail = f" doi: {p.doi}." if p.doi else ""
    if not p.volume:
        tail += " Epub ahead of print."
    return f"{head}{_title(p)} {source}.{tail} PMID: {p.pmid}."


def vancouver(p: Printable) -> str:
    names = [_nlm_name(a) for a in p.authors]
    authors = ", ".join(names[:6]) + (", et al" if len(names) > 6 else "")
    head = f"{authors}. " if authors else ""
    numbers = _source_numbers(p)
    source = f"{p.journal_abbrev} {p.year}" + (f";{numbers}" if numbers else "")
    tail = f" doi:{p.doi}" if p.doi else ""
    return f"{head}{_title(p)} {source}.{tail}"


def ama(p: Printable) -> str:
    names = [_nlm_name(a) for a in p.authors]
    authors = ", ".join(names) if len(names) <= 6 else ", ".join(names[:3]) + ", et al"
    head = f"{authors}. " if authors else ""
    numbers = _source_numbers(p)
    source = f"{p.journal_abbrev}. {p.year}" + (f";{numbers}" if numbers else "")
    tail = f" doi:{p.doi}" if p.doi else ""
    return f"{head}{_title(p)} {source}.{tail}"


def apa(p: Printable) -> str:
    names = [_apa_name(a) for a in p.authors]
    if len(names) > 20:
        authors = ", ".join(names[:19]) + ", . . . " + names[-1]
    elif len(names) > 1:
        authors = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        authors = "".join(names)
    head = f"{authors} " if authors else ""
    numbers = p.volume or ""
    if p.issue:
        numbers += f"({p.issue})"
    if p.pages:
        numbers += f", {p.pages}"
    source = p.journal_title + (f", {numbers}" if numbers else "")
    tail = f" https://doi.org/{p.doi}" if p.doi else ""
    return f"{head}({p.year}). {_title(p)} {source}.{tail}"


def _dotted_journal(p: Printable) -> str:
    full = {w.casefold() for w in re.findall(r"\w+", p.journal_title)}
    return " ".join(w if w.casefold() in full else f"{w}." for w in p.journal_abbrev.split())


def nature(p: Printable) -> str:
    names = [_apa_name(a) for a in p.authors]
    if len(names) > 5:
        authors = names[0] + " et al."
    elif len(names) > 1:
        authors = ", ".join(names[:-1]) + " & " + names[-1]
    else:
        authors = "".join(names)
    head = f"{authors} " if authors else ""
    numbers = ", ".join(x for x in (p.volume, p.pages) if x)
    source = _dotted_journal(p) + (f" {numbers}" if numbers else "")
    tail = f" https://doi.org/{p.doi}" if p.doi else ""
    return f"{head}{_title(p)} {source} ({p.year}).{tail}"


STYLES: dict[str, Callable[[Printable], str]] = {
    "NLM": nlm, "Vancouver": vancouver, "AMA": ama, "APA": apa, "Nature": nature}


def _other_year(p: Printable, record: Record) -> Printable | None:
    taken = {d.year for d in (record.pub_date, *record.article_dates) if d.year}
    if not p.year:
        return None
    new = str(int(p.year) - 3)
    while int(new) in taken:
        new = str(int(new) - 1)
    return replace(p, year=new, date=p.date.replace(p.year, new))


def _changed_digit(value: str) -> str:
    digits = [i for i, ch in enumerate(value) if ch.isdigit()]
    at = digits[-1]
    return value[:at] + str((int(value[at]) + 3) % 10) + value[at + 1:]


def _other_volume(p: Printable, record: Record) -> Printable | None:
    if not p.volume or not any(ch.isdigit() for ch in p.volume):
        return None
    return replace(p, volume=_changed_digit(p.volume))


def _other_pages(p: Printable, record: Record) -> Printable | None:
    if not p.pages or not any(ch.isdigit() for ch in p.pages):
        return None
    first, dash, rest = p.pages.partition("-")
    if not any(ch.isdigit() for ch in first):
        return None
    new_first = _changed_digit(first)
    return replace(p, pages=new_first + dash + rest if not rest or len(rest) >= len(first)
                   else new_first)


def _other_first_author(p: Printable, record: Record) -> Printable | None:
    if not p.authors:
        return None
    taken = {a.last_name.casefold() for a in p.authors}
    name = next(n for n in ("Zwicker", "Quennell", "Abernathy") if n.casefold() not in taken)
    first = p.authors[0].model_copy(update={"last_name": name})
    return replace(p, authors=(first, *p.authors[1:]))


def _other_title_word(p: Printable, record: Record) -> Printable | None:
    words = re.findall(r"[A-Za-z]{5,}", p.title)
    if not words:
        return None
    longest = max(words, key=len)
    return replace(p, title=re.sub(rf"\b{longest}\b", "Framework", p.title, count=1))


def _other_doi(p: Printable, record: Record) -> Printable | None:
    if not p.doi or not any(ch.isdigit() for ch in p.doi.split("/", 1)[1]):
        return None
    prefix, suffix = p.doi.split("/", 1)
    return replace(p, doi=f"{prefix}/{_changed_digit(suffix)}")


MUTATIONS: dict[str, tuple[str, Callable[[Printable, Record], Printable | None]]] = {
    "year": ("C110", _other_year), "volume": ("C113", _other_volume),
    "pages": ("C115", _other_pages), "first author": ("C106", _other_first_author),
    "title word": ("C104", _other_title_word), "DOI digit": ("C102", _other_doi)}
