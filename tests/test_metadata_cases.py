"""C1xx rule cases kept as data (tests/cases/metadata/*.yaml, see its README): each case's
exact list of findings is compared, so a rule that fires too much fails as surely as one
that stays silent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DATA, ISLAM_XML, ZHANGP_XML, article_from_text

from verifier.evidence import LocalRecords, read_records_file
from verifier.models import Record
from verifier.pipeline import audit_articles
from verifier.settings import Settings

CASES = sorted((Path(__file__).parent / "cases" / "metadata").glob("*.yaml"))
BASES = {"islam2023": ISLAM_XML, "zhangP2023": ZHANGP_XML, "shen2016": DATA / "shen2016.medline"}
KEYS = {"description", "note", "record", "article", "citations", "expected"}


def load_case(path: Path) -> dict[str, Any]:
    case: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(case) <= KEYS and {"record", "article", "expected"} <= set(case), path.name
    return case


def case_record(spec: dict[str, Any]) -> Record:
    if "fields" in spec:  # a real record's own fields, copied from PubMed (the case's note names it)
        return Record.model_validate(spec["fields"])
    (record,) = read_records_file(str(BASES[spec["base"]]))
    changes = spec.get("changes") or {}
    return Record.model_validate({**record.model_dump(), **changes})


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_metadata_case(path: Path) -> None:
    case = load_case(path)
    source = LocalRecords([case_record(case["record"])])
    report = audit_articles([article_from_text(case["article"])], Settings(), source=source)
    article = report.articles[0]
    found = [{"code": f.code, "field": f.field, "found": f.found}
             for f in article.findings if f.code.startswith("C")]
    expected = [{"code": e["code"], "field": e["field"], "found": None if e["found"] is None else str(e["found"])}
                for e in case["expected"]]
    assert found == expected, [f.message for f in article.findings if f.code.startswith("C")]
    if "citations" in case:
        assert len(article.citations) == case["citations"]


def test_there_are_cases_for_every_false_error_of_issue_11() -> None:
    names = {p.stem for p in CASES}
    assert {"ahead-of-print", "medline-date-range", "season", "collective-author", "one-word-title",
            "double-volume", "doi-only-elocation", "bare-pmid-line", "pmc-header",
            "link-and-list-entry"} <= names


def test_every_metadata_rule_fires_in_a_case_file() -> None:
    """Every C1xx rule has a case that fires it; the three that need PubMed's own answer (C101,
    C119, C120) are compared as exact lists in tests/test_metadata_rules.py instead."""
    from verifier.checks.registry import RULES

    fired = {e["code"] for path in CASES for e in load_case(path)["expected"]}
    needs_pubmed = {"C101", "C119", "C120"}
    assert {code for code in RULES if code.startswith("C")} - needs_pubmed <= fired
    assert not needs_pubmed & fired
