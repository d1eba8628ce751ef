"""Audit printed citations against their records: reads JSON tasks on stdin, writes results.

Run by bench/citations/run.py with the current code and, through bench/baseline.py, with the
baseline revision, so it uses only interfaces both have: find_citations, check_citation,
read_records_file, Resolution.

A task is {"file": records file, "pmid": the record, "text": the article}; the result is
{"found": number of citations, "codes": C1xx error and warning codes of the citation that
carries the reference, "info": its info codes (C117 erratum, C120 matched without ids)}.
"""

from __future__ import annotations

import json
import sys
import warnings
from typing import Any

from verifier.checks.metadata import check_citation
from verifier.citations import find_citations
from verifier.evidence import read_records_file
from verifier.ingest import line_starts
from verifier.models import Article, Record, Resolution


def judge(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    records: dict[str, dict[str, Record]] = {}
    results = []
    for task in tasks:
        if task["file"] not in records:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                records[task["file"]] = {r.pmid: r for r in read_records_file(task["file"])}
        record = records[task["file"]].get(task["pmid"])
        if record is None:  # this revision cannot read the record (a book, an old DTD): no check possible
            results.append({"found": 0, "codes": ["record not read"], "info": [], "messages": []})
            continue
        text = task["text"]
        starts = line_starts(text)
        article = Article(path="bench.txt", text=text, line_starts=starts,
                          source_lines=tuple(range(1, len(starts) + 1)))
        citations = list(find_citations(article))
        if not citations:
            results.append({"found": 0, "codes": []})
            continue
        citation = max(citations, key=lambda c: len(c.printed))
        method = "pmid" if citation.pmid else "doi" if citation.doi else "citmatch"
        resolution = Resolution(citation_id=citation.id, pmid=record.pmid, method=method,
                                status="found", record=record)
        findings, _ = check_citation(citation, resolution)
        results.append({"found": len(citations),
                        "codes": sorted(f.code for f in findings
                                        if f.code.startswith("C") and f.severity != "info"),
                        "info": sorted(f.code for f in findings if f.severity == "info"),
                        "messages": [f"{f.code} {f.message}" for f in findings][:4]})
    return results


if __name__ == "__main__":
    json.dump(judge(json.load(sys.stdin)), sys.stdout)
