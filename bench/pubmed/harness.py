"""Run inside a revision's checkout (its own `verifier` on PYTHONPATH): read a JSON list of
{"name", "format", "b64"} from stdin, parse each body with that revision's parser, print one
JSON object per body: the records as plain fields, the deleted PMIDs, what was not placed, or the
error. The same file serves the current tree and the baseline, so both are measured alike."""

from __future__ import annotations

import base64
import json
import sys
import warnings
from typing import Any

from verifier import parse


def fields(record: Any) -> dict[str, Any]:
    data = record.model_dump(mode="json")
    people = [f"{a['last_name']} {a.get('initials') or ''}".strip() for a in data.get("authors", [])]
    editors = [f"{a['last_name']} {a.get('initials') or ''}".strip() for a in data.get("editors", [])]
    date = data.get("pub_date") or {}
    return {"kind": data.get("kind", "article"), "pmid": data["pmid"], "title": data.get("title", ""),
            "authors": people, "editors": editors, "doi": data.get("doi"), "pmcid": data.get("pmcid"),
            "medline_ta": data.get("medline_ta", ""), "volume": data.get("volume"), "issue": data.get("issue"),
            "pages": data.get("pages"), "year": date.get("year"), "month": date.get("month"),
            "publication_types": list(data.get("publication_types", [])), "book_title": data.get("book_title"),
            "publisher": data.get("publisher"), "isbn": list(data.get("isbn", [])),
            "book_accession": data.get("book_accession")}


def read(item: dict[str, str]) -> dict[str, Any]:
    body = base64.b64decode(item["b64"])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if item["format"] == "medline":
                return {"records": [fields(r) for r in parse.parse_medline(body.decode("utf-8", "replace"))]}
            if hasattr(parse, "parse_pubmed_answer"):
                answer = parse.parse_pubmed_answer(body)
                return {"records": [fields(r) for r in answer.records], "deleted": sorted(answer.deleted),
                        "unplaced": list(answer.unplaced)}
            records = parse.parse_pubmed_xml(body)
            deleted = parse.deleted_pmids(body.decode("utf-8", "replace"))
            return {"records": [fields(r) for r in records], "deleted": sorted(deleted)}
    except Exception as exc:  # a revision's failure is a measured outcome, not a crash of the bench
        return {"error": f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}"}


def main() -> None:
    items = json.load(sys.stdin)
    json.dump({item["name"]: read(item) for item in items}, sys.stdout)


if __name__ == "__main__":
    main()
