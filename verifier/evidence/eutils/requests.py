"""E-utilities requests as plain values: built here, sent by `client`, tested without I/O.

NCBI's rules, with their reasons:
- efetch takes at most 200 ids per request for PubMed XML; beyond a few dozen ids the
  query string gets long, so lists of more than `POST_THRESHOLD` ids go in a POST body.
- every request names the tool and a contact e-mail so NCBI can reach the operator
  before blocking them; the e-mail is only sent when the user gave one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from verifier.evidence.base import CitationQuery, TitleQuery

DEFAULT_EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
IDCONV_PATH = "/tools/idconv/api/v1/articles/"
DEFAULT_IDCONV_URL = f"https://pmc.ncbi.nlm.nih.gov{IDCONV_PATH}"
TOOL_NAME = "verifier"
EFETCH_BATCH = 200
IDCONV_BATCH = 200
ESEARCH_DOI_BATCH = 50
POST_THRESHOLD = 50
TITLE_WORDS = 12  # enough words to single a paper out, few enough that one odd word rarely spoils it
TITLE_RETMAX = 6  # one hit is a match; the first few of several are named as the candidates
_TITLE_STOPWORDS = frozenset({"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into",
                              "is", "it", "of", "on", "or", "the", "to", "with"})
SECRET_PARAMS = ("api_key", "email")


@dataclass(frozen=True)
class Identity:
    """Who is asking: sent with every request."""

    tool: str = TOOL_NAME
    email: str | None = None
    api_key: str | None = None

    def params(self) -> dict[str, str]:
        params = {"tool": self.tool}
        if self.email:
            params["email"] = self.email
        if self.api_key:
            params["api_key"] = self.api_key
        return params


@dataclass(frozen=True)
class EutilsRequest:
    method: str
    url: str
    params: dict[str, str] = field(default_factory=dict)
    data: dict[str, str] | None = None
    kind: str = ""


def efetch(base_url: str, pmids: list[str], identity: Identity) -> EutilsRequest:
    """efetch of PubMed XML for up to EFETCH_BATCH ids, sorted so snapshots match."""
    if not pmids or len(pmids) > EFETCH_BATCH:
        raise ValueError(f"efetch takes 1 to {EFETCH_BATCH} ids, got {len(pmids)}")
    fields = {"db": "pubmed", "retmode": "xml", "id": ",".join(sorted(set(pmids), key=int))}
    return _get_or_post(f"{base_url.rstrip('/')}/efetch.fcgi", fields, identity, len(pmids), "efetch")


def esearch_dois(base_url: str, dois: list[str], identity: Identity) -> EutilsRequest:
    """One esearch for several DOIs: `"10.x/a"[doi] OR "10.y/b"[doi]`."""
    if not dois or len(dois) > ESEARCH_DOI_BATCH:
        raise ValueError(f"esearch takes 1 to {ESEARCH_DOI_BATCH} DOIs, got {len(dois)}")
    term = " OR ".join(f'"{doi}"[doi]' for doi in sorted(set(dois)))
    fields = {"db": "pubmed", "retmode": "json", "retmax": str(len(dois) * 5), "term": term}
    return _get_or_post(f"{base_url.rstrip('/')}/esearch.fcgi", fields, identity, len(dois), "esearch")


def esearch_title(base_url: str, query: TitleQuery, identity: Identity) -> EutilsRequest:
    """One esearch for a printed title: its words in [ti], the first author in [1au] and the
    year in [dp] when printed (field tags of PubMed's search syntax)."""
    term = title_term(query)
    if not term:
        raise ValueError("a title search needs at least one title word")
    fields = {"db": "pubmed", "retmode": "json", "retmax": str(TITLE_RETMAX), "term": term}
    return EutilsRequest("GET", f"{base_url.rstrip('/')}/esearch.fcgi", {**fields, **identity.params()},
                         kind="esearch")


def title_term(query: TitleQuery) -> str:
    """`w1[ti] AND w2[ti] AND surname i[1au] AND 2020[dp]`; empty when the title has no word."""
    words = [w for w in _folded(query.title).split() if w not in _TITLE_STOPWORDS and (len(w) > 1 or w.isdigit())]
    if not words:
        return ""
    parts = [f"{w}[ti]" for w in list(dict.fromkeys(words))[:TITLE_WORDS]]
    surname = " ".join(re.sub(r"[^a-z\s-]", " ", _folded(query.surname or "", keep="-")).split())
    if surname:
        initial = _folded(query.initials or "")[:1]
        parts.append(f"{surname} {initial}[1au]".replace(" [", "["))
    if query.year:
        parts.append(f"{query.year}[dp]")
    return " AND ".join(parts)


def _folded(text: str, keep: str = "") -> str:
    """Lower case ASCII words: diacritics dropped, other punctuation a word break."""
    text = "".join(c if c.isascii() else " " for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(rf"[^a-z0-9{re.escape(keep)}]+", " ", text).split())


def ecitmatch(base_url: str, lines: list[str], identity: Identity) -> EutilsRequest:
    """ECitMatch: one `journal|year|volume|first_page|author|key|` line per reference."""
    fields = {"db": "pubmed", "retmode": "xml", "bdata": "\r".join(lines)}
    return EutilsRequest("GET", f"{base_url.rstrip('/')}/ecitmatch.cgi",
                         {**fields, **identity.params()}, kind="ecitmatch")


def idconv(url: str, pmcids: list[str], identity: Identity) -> EutilsRequest:
    if not pmcids or len(pmcids) > IDCONV_BATCH:
        raise ValueError(f"the ID converter takes 1 to {IDCONV_BATCH} ids, got {len(pmcids)}")
    params = {"ids": ",".join(sorted(set(pmcids))), "format": "json", "idtype": "pmcid"}
    return EutilsRequest("GET", url, {**params, **identity.params()}, kind="idconv")


def citmatch_line(query: CitationQuery, key: str) -> str:
    """The ECitMatch wire form of a query: the only place the pipe format exists."""
    parts = [query.journal, str(query.year or ""), query.volume or "", query.first_page or "",
             query.author or "", key]
    return "|".join(p.replace("|", " ") for p in parts) + "|"


def _get_or_post(url: str, fields: dict[str, str], identity: Identity, count: int,
                 kind: str) -> EutilsRequest:
    if count > POST_THRESHOLD:
        return EutilsRequest("POST", url, dict(identity.params()), data=fields, kind=kind)
    return EutilsRequest("GET", url, {**fields, **identity.params()}, kind=kind)


def batches(items: list[str], size: int) -> list[list[str]]:
    unique = list(dict.fromkeys(items))
    return [unique[i:i + size] for i in range(0, len(unique), size)]
