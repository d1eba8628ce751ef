"""The seeds' claim findings, as issue 3 asks for them.

Each expectation restates shared/records/seed-citations.json by hand:
- Zhang P 2023 is a qualitative systematic review (31 basic + 12 clinical studies, no pooled
  comparison), cited for an advantage over sodium hyaluronate and for "proven ... safe";
- Islam 2023 pools single-group proportions (no control arm), cited for "confirm its safety" and
  for intravenous delivery's "better outcomes"; its 40.4%, 32.8% and 18.1% are printed rounded
  as "approximately 40%", "33%" and "about 18%" and must not be flagged; the subgroup figures
  (57%, 38%, 58%, 33% intrathecal) are not in the abstract: unverifiable, not wrong;
- Zhang D 2025 is a 16-patient open-label single-arm pilot, called "probably transformative";
- seed 000 is machine-spun ("umbilical twine", "sufferers", "dry eye illness", "potential pilot").
"""

from __future__ import annotations

import json
from contextlib import chdir
from functools import cache
from typing import Any

from click.testing import CliRunner
from conftest import ROOT, SEED_CASSETTE

from verifier.cli import main

CLAIMS = ROOT / "claims"


@cache
def report(reviewed: bool) -> dict[str, Any]:
    args = ["audit", "seeds/", "--cassette", str(SEED_CASSETTE), "--format", "json",
            "--fail-on", "never"]
    if reviewed:
        args += ["--claims", str(CLAIMS)]
    with chdir(ROOT):
        done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output
    return dict(json.loads(done.stdout))


def findings_on(text: str, reviewed: bool = True) -> list[dict[str, Any]]:
    """Findings whose claim contains `text`."""
    found = []
    for article in report(reviewed)["articles"]:
        claims = {c["id"]: c["text"] for c in article["claims"]}
        found += [f for f in article["findings"] if text in claims.get(f["claim_id"], "")]
    return found


def codes_on(text: str, reviewed: bool = True) -> set[str]:
    return {f["code"] for f in findings_on(text, reviewed)}


def test_zhang_p_comparative_advantage_and_proven_safety() -> None:
    [comparative] = [f for f in findings_on("sodium hyaluronate injections") if f["code"] == "S204"]
    assert "qualitative systematic review" in comparative["message"]
    assert "n=43 studies" in comparative["message"] and "no control group" in comparative["message"]
    assert "S205" in codes_on("proven to be well tolerated and safe")


def test_islam_confirmed_safety_and_route_comparison() -> None:
    [safety] = [f for f in findings_on("confirm its safety") if f["code"] == "S205"]
    assert "meta-analysis of uncontrolled studies" in safety["message"]
    assert "S204" in codes_on("intravenous administration resulted in better outcomes")


def test_islam_rounded_figures_are_not_flagged() -> None:
    assert codes_on("approximately 40% of patients") == set()
    assert codes_on("Another 33% remained stable") == set()


def test_islam_subgroup_figures_are_unverifiable_not_wrong() -> None:
    [unverifiable] = [f for f in findings_on("with 58% of patients") if f["code"] == "S208"]
    assert "58%" in unverifiable["found"] and "33%" in unverifiable["found"]
    assert unverifiable["severity"] == "warning"  # "The study found ...": presented as its result
    assert "S207" not in codes_on("(57%)") | codes_on("with 58% of patients")


def test_zhang_d_transformative_against_a_sixteen_patient_pilot() -> None:
    for reviewed in (False, True):  # from the article's own description, and reviewer facts
        [hype] = [f for f in findings_on("probably transformative", reviewed) if f["code"] == "S209"]
        assert "single-arm" in hype["message"] and "n=16" in hype["message"]
        assert "no control group" in hype["message"]


def test_seed_000_is_machine_spun() -> None:
    seed0 = report(True)["articles"][0]
    spun = [f for f in seed0["findings"] if f["code"] == "T302"]
    assert len(spun) == 1
    for phrase in ("umbilical twine", "sufferers", "dry eye illness", "potential pilot"):
        assert phrase in spun[0]["message"]
    expected = {f["found"].casefold(): f["expected"] for f in seed0["findings"] if f["code"] == "T301"}
    assert expected["umbilical twine"] == "umbilical cord"
    assert expected["potential pilot"] == "prospective pilot"


def test_plainly_hedged_sentences_are_not_flagged() -> None:
    for sentence in ("There is also a need for larger, long-term studies",
                     "Larger, high-quality clinical trials will be essential",
                     "further research is needed to refine the therapy"):
        assert codes_on(sentence) == set(), sentence


def test_reviewer_dismissals_are_honoured() -> None:
    plain = {f["fingerprint"] for a in report(False)["articles"] for f in a["findings"]}
    reviewed = report(True)
    dismissed = {f["fingerprint"] for a in reviewed["articles"] for f in a["dismissed"]}
    kept = {f["fingerprint"] for a in reviewed["articles"] for f in a["findings"]}
    assert dismissed and dismissed <= plain and not dismissed & kept


def test_every_cited_claim_carries_its_design() -> None:
    for article in report(True)["articles"]:
        for citation in article["citations"]:
            assert citation["design"] is not None, citation["id"]
            assert citation["design"]["evidence_level"] in (4, 5)
