"""A stand-in for E-utilities, for tests, benchmarks and building reconstructed snapshots
(test support: not part of the wheel).

`FakeEutils` answers efetch, esearch ([doi] terms, and title searches: words in [ti],
first author in [1au], year in [dp]), ecitmatch and the PMC ID
converter from PubMed XML it was given, the way NCBI does (absent ids are simply
left out of an efetch answer). It is an `httpx` handler: wrap it in
`httpx.MockTransport` to test without sockets. It never invents a record.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from urllib.parse import parse_qsl

import httpx

from verifier.evidence import CitationQuery, citation_fits
from verifier.models import Record
from verifier.parse import parse_pubmed_xml

XML_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE PubmedArticleSet PUBLIC '
            '"-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
            '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n')
DTD = "pubmed_250101.dtd"
_ARTICLE = re.compile(r"<PubmedArticle>.*?</PubmedArticle>|<PubmedBookArticle>.*?</PubmedBookArticle>", re.S)
_DOI_TERM = re.compile(r'"?([^"\s]+)"?\[doi\]', re.I)
_TI_TERM = re.compile(r"([a-z0-9]+)\[ti\]")
_AU_TERM = re.compile(r"(?:^|AND )([a-z\s-]+?)\[1au\]")
_DP_TERM = re.compile(r"(\d{4})\[dp\]")


def _words(text: str, keep: str = "") -> list[str]:
    folded = "".join(c if c.isascii() else " " for c in unicodedata.normalize("NFKD", text)
                     if not unicodedata.combining(c))
    return re.sub(rf"[^a-z0-9{keep}]+", " ", folded.lower()).split()


def _parsed(chunks: list[str]) -> list[tuple[str, Record]]:
    """Each record's XML with its Record, in document order: the articles read in one parse and
    the books in another (a parse per record reads the DTD each time: minutes for 9,000)."""
    made: dict[int, Record] = {}
    for opening in ("<PubmedArticle>", "<PubmedBookArticle>"):
        numbers = [n for n, chunk in enumerate(chunks) if chunk.startswith(opening)]
        if not numbers:
            continue
        xml = XML_HEAD + "<PubmedArticleSet>" + "".join(chunks[n] for n in numbers) + "</PubmedArticleSet>"
        records = parse_pubmed_xml(xml.encode())
        assert len(records) == len(numbers), "a record the fake could not read"
        made.update(zip(numbers, records, strict=True))
    return [(chunk, made[n]) for n, chunk in enumerate(chunks)]


class FakeEutils:
    def __init__(self, xml_documents: list[str], extra_headers: dict[str, str] | None = None,
                 dtd: str = DTD) -> None:
        self.articles: dict[str, str] = {}
        self.records: dict[str, Record] = {}
        self.dois: dict[str, str] = {}
        self.pmcids: dict[str, str] = {}
        for document in xml_documents:
            for chunk, record in _parsed(_ARTICLE.findall(document)):
                self.articles[record.pmid] = chunk
                self.records[record.pmid] = record
                if record.doi:
                    self.dois[record.doi.lower()] = record.pmid
                if record.pmcid:
                    self.pmcids[record.pmcid.upper()] = record.pmid
        self.extra_headers = extra_headers or {}
        self.head = XML_HEAD.replace(DTD, dtd)  # answers may name a DTD version we do not ship
        self.calls: Counter[str] = Counter()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        fields = dict(request.url.params)
        if request.method == "POST":
            fields.update(parse_qsl(request.content.decode()))
        endpoint = request.url.path.rstrip("/").rsplit("/", 1)[-1]
        self.calls[endpoint] += 1
        if endpoint == "efetch.fcgi":
            return self._efetch(fields)
        if endpoint == "esearch.fcgi":
            return self._esearch(fields)
        if endpoint == "ecitmatch.cgi":
            return self._ecitmatch(fields)
        if endpoint == "articles":
            return self._idconv(fields)
        return httpx.Response(404, text="unknown endpoint")

    def _response(self, status: int, text: str, content_type: str) -> httpx.Response:
        return httpx.Response(status, text=text,
                              headers={"Content-Type": content_type, **self.extra_headers})

    def _efetch(self, fields: dict[str, str]) -> httpx.Response:
        ids = [i for i in fields.get("id", "").split(",") if i]
        if not ids:
            return self._response(400, "<eFetchResult><ERROR>Empty id list</ERROR></eFetchResult>",
                                  "text/xml")
        body = "".join(self.articles[i] for i in ids if i in self.articles)
        return self._response(200, f"{self.head}<PubmedArticleSet>{body}</PubmedArticleSet>\n",
                              "text/xml; charset=UTF-8")

    def _esearch(self, fields: dict[str, str]) -> httpx.Response:
        if "[ti]" in fields.get("term", ""):
            return self._title_search(fields["term"], int(fields.get("retmax", "20")))
        dois = _DOI_TERM.findall(fields.get("term", ""))
        found = [self.dois[d.lower()] for d in dois if d.lower() in self.dois]
        payload = {"header": {"type": "esearch", "version": "0.3"},
                   "esearchresult": {"count": str(len(found)), "retmax": str(len(found)),
                                     "retstart": "0", "idlist": found}}
        return self._response(200, json.dumps(payload), "application/json; charset=UTF-8")

    def _title_search(self, term: str, retmax: int) -> httpx.Response:
        """Every [ti] word among the title's words, the [1au] name starting the first author's
        "surname initials", the [dp] year the record's; a word in no title is reported the way
        PubMed does (`errorlist.phrasesnotfound`) and left out of the search."""
        words = _TI_TERM.findall(term)
        author = next(iter(_AU_TERM.findall(term)), None)
        year = next(iter(_DP_TERM.findall(term)), None)
        known = {w for r in self.records.values() for w in _words(r.title)}
        unknown = [w for w in words if w not in known]
        hits = [r.pmid for r in self.records.values()
                if set(words) - set(unknown) <= set(_words(r.title))
                and (year is None or str(r.pub_date.year) == year)
                and (author is None or (bool(r.authors) and
                                        " ".join(_words(r.authors[0].short(), "-")).startswith(author)))]
        result: dict[str, object] = {"count": str(len(hits)), "retmax": str(min(len(hits), retmax)),
                                     "retstart": "0", "idlist": hits[:retmax]}
        if unknown:
            result["errorlist"] = {"phrasesnotfound": unknown, "fieldsnotfound": []}
        payload = {"header": {"type": "esearch", "version": "0.3"}, "esearchresult": result}
        return self._response(200, json.dumps(payload), "application/json; charset=UTF-8")

    def _ecitmatch(self, fields: dict[str, str]) -> httpx.Response:
        lines = []
        for line in re.split(r"[\r\n]+", fields.get("bdata", "")):
            if not line.strip():
                continue
            journal, year, volume, page, author = (line.split("|") + [""] * 5)[:5]
            query = CitationQuery(journal, int(year) if year.isdigit() else None, volume, page, author)
            match = next((r.pmid for r in self.records.values() if citation_fits(r, query)), "NOT_FOUND")
            lines.append(f"{line.rstrip('|')}|{match}")
        return self._response(200, "\n".join(lines) + "\n", "text/plain")

    def _idconv(self, fields: dict[str, str]) -> httpx.Response:
        records = []
        for pmcid in fields.get("ids", "").split(","):
            pmid = self.pmcids.get(pmcid.upper())
            records.append({"pmcid": pmcid, "pmid": pmid} if pmid else
                           {"pmcid": pmcid, "errmsg": "invalid article id"})
        return self._response(200, json.dumps({"status": "ok", "records": records}),
                              "application/json")
