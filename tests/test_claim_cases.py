"""S2xx rule cases as data: every case in tests/cases/claims/*.yaml, with its exact findings.

Each case is one claim sentence, the design of the study it cites (a record fixture we wrote or
design facts given directly) and the whole list of findings expected, `CODE severity`, sorted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ISLAM_XML, article_from_text

from verifier.checks.claims import ClaimContext, check_claim
from verifier.checks.registry import RULES
from verifier.citations import find_citations
from verifier.claims import extract_claims
from verifier.design import design_from_record
from verifier.models import AbstractSection, Record, StudyDesign
from verifier.parse import parse_pubmed_xml

# The acronym a seed article defines before its claims, so that "MSC therapy" names the study.
DEFINITIONS = "Mesenchymal stem cells (MSCs) are adult cells."
CASES = Path(__file__).resolve().parent / "cases" / "claims"
# The rules each needing at least one firing case here.
FIRING = ("S201", "S202", "S203", "S204", "S205", "S206", "S207", "S208", "S209", "S211", "S212", "S213", "S214",
          "S210", "S215", "S216", "S217", "S218", "S219")


def _cases() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    found = []
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            found.append((f"{path.stem}: {case['name']}", case, data))
    return found


def _record(name: str, data: dict[str, Any]) -> Record:
    if name == "islam2023":
        return parse_pubmed_xml(ISLAM_XML.read_bytes())[0]
    spec = dict(data["records"][name])
    spec["abstract"] = tuple(AbstractSection(**s) for s in spec.get("abstract", ()))
    return Record.model_validate(spec)


def findings_of(case: dict[str, Any], data: dict[str, Any]) -> list[str]:
    """The findings for the case's claim: cited by a Source: line under it, or (`uncited: true`)
    printed alone with no source, as the pipeline checks a claim that cites nothing. A cited study
    with `unknown_design: true` has neither record nor design, as when PubMed could not be asked."""
    source = "" if case.get("uncited") else f"Source: Author A. {case['title']}. J Test. 2020;1(1):1-2.\n"
    article = article_from_text(f"{DEFINITIONS}\n{case['claim']}\n{source}")
    claims = [c for c in extract_claims(article, find_citations(article)) if c.text == case["claim"]]
    assert len(claims) == 1, f"the claim was not extracted as one claim: {claims}"
    if case.get("uncited"):
        ctx = ClaimContext(claim=claims[0], citation_id=None, label="", design=None, record=None)
        return sorted(f"{f.code} {f.severity.value}" for f in check_claim(ctx))
    record = _record(case["record"], data) if "record" in case else None
    design = (None if case.get("unknown_design") else design_from_record(record) if record
              else StudyDesign.model_validate(data["designs"][case["design"]]))
    ctx = ClaimContext(claim=claims[0], citation_id="c1", label="the cited study", design=design, record=record,
                       title=case["title"])
    return sorted(f"{f.code} {f.severity.value}" for f in check_claim(ctx))


@pytest.mark.parametrize(("case", "data"), [(c, d) for _, c, d in _cases()], ids=[n for n, _, _ in _cases()])
def test_case(case: dict[str, Any], data: dict[str, Any]) -> None:
    assert findings_of(case, data) == sorted(case["expect"])


def test_every_claim_rule_has_a_firing_case() -> None:
    expected = {item.split()[0] for _, case, _ in _cases() for item in case["expect"]}
    assert set(FIRING) <= expected, sorted(set(FIRING) - expected)


def test_every_claim_rule_has_a_firing_and_a_quiet_case() -> None:
    """Every S2xx rule of the registry fires in some case and stays quiet in a near miss: a case
    that lists it under `quiet:` (wording or design one step away from the firing one)."""
    rules = {code for code in RULES if code.startswith("S2")}
    fired = {item.split()[0] for _, case, _ in _cases() for item in case["expect"]}
    quiet = {code for _, case, _ in _cases() for code in case.get("quiet", ())}
    assert rules <= fired, sorted(rules - fired)
    assert rules <= quiet, sorted(rules - quiet)


@pytest.mark.parametrize(("case", "data"), [(c, d) for _, c, d in _cases() if c.get("quiet")],
                         ids=[n for n, c, _ in _cases() if c.get("quiet")])
def test_quiet_rules_are_not_expected(case: dict[str, Any], data: dict[str, Any]) -> None:
    """A case cannot be a near miss for a rule it expects to fire."""
    assert not set(case["quiet"]) & {item.split()[0] for item in case["expect"]}


def test_hard_negatives_are_present() -> None:
    """A hedged claim, an exact RCT result and a claim naming the mouse model raise nothing."""
    quiet = {case["name"] for _, case, _ in _cases() if not case["expect"]}
    for required in ("hard negative, a hedged claim", "hard negative, an exact RCT result",
                     "hard negative, the claim names the mouse model"):
        assert any(name.startswith(required) for name in quiet), required
