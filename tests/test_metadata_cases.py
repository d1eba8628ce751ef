"""C1xx rule cases kept as data (tests/cases/metadata/*.yaml, see its README): each case's
exact list of findings is compared, so a rule that fires too much fails as surely as one
that stays silent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DATA, ISLAM_XML, ZHANGP_XML, article_from_text
from support.fake_eutils import FakeEutils

from verifier.evidence import LocalRecords, read_records_file
from verifier.evidence.base import EvidenceSource
from verifier.models import Record
from verifier.pipeline import audit_articles
from verifier.settings import Settings

CASES = sorted((Path(__file__).parent / "cases" / "metadata").glob("*.yaml"))
BASES = {"islam2023": ISLAM_XML, "zhangP2023": ZHANGP_XML, "shen2016": DATA / "shen2016.medline"}
KEYS = {"description", "note", "record", "source", "article", "citations", "expected"}
# the rules that read PubMed's own answers (not found, unmatched, matched by ECitMatch)
NEEDS_PUBMED = {"C101", "C119", "C120"}


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


def case_source(case: dict[str, Any], make_client: Any) -> EvidenceSource:
    """`source: pubmed` serves the base record's own XML from the fake E-utilities server,
    which answers for that record only, as PubMed does for an id it does not hold; by default
    the record is the only one at hand (records never asked of PubMed)."""
    if case.get("source") == "pubmed":
        spec = case["record"]
        assert set(spec) == {"base"} and BASES[spec["base"]].suffix == ".xml", "PubMed serves real XML only"
        client: EvidenceSource = make_client(FakeEutils([BASES[spec["base"]].read_text(encoding="utf-8")]))
        return client
    return LocalRecords([case_record(case["record"])])


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_metadata_case(path: Path, make_client: Any) -> None:
    case = load_case(path)
    source = case_source(case, make_client)
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
    from verifier.checks.registry import RULES

    fired = {e["code"] for path in CASES for e in load_case(path)["expected"]}
    assert {code for code in RULES if code.startswith("C")} <= fired


def test_the_rules_that_read_pubmeds_answers_fire_only_with_pubmed_as_the_source() -> None:
    for path in CASES:
        case = load_case(path)
        if NEEDS_PUBMED & {e["code"] for e in case["expected"]}:
            assert case.get("source") == "pubmed", path.name
