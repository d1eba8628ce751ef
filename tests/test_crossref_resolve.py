"""Crossref in the audit: DOIs PubMed does not know, "no such DOI", update notices on any
record, and runs that must not ask Crossref at all.

Replayed tests use cassettes/crossref/dois.yaml (RECONSTRUCTED from known facts, see
cassettes/README.md) beside the seeds' PubMed cassette. Expected values are the works' facts,
checked by hand: Hardin DP, Northington MC, Powell AM, Appl Comput Harmon Anal 2018;44(2):294-311;
Wakefield 1998 (retracted 2010, Retraction Watch record 4036); Ritz 2024 (correction 2025)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from conftest import DATA, ISLAM_XML, ROOT, SEED_CASSETTE, article_from_text
from support.fake_crossref import FakeCrossref, FakeCrossrefServer
from support.fake_eutils import FakeEutils
from support.fakeserver import FakeServer
from test_crossref import HARDIN, RITZ, WAKEFIELD, works

from verifier.checks.metadata import check_citation
from verifier.citations import find_citations
from verifier.cli import main
from verifier.evidence import LocalRecords
from verifier.evidence.crossref import CrossrefClient, asks_crossref
from verifier.evidence.eutils.client import RetryPolicy
from verifier.evidence.eutils.ratelimit import RateLimiter
from verifier.models import CitationStatus, Finding, Report
from verifier.parse import parse_pubmed_xml
from verifier.pipeline import audit_articles
from verifier.resolve import NO_SUCH_DOI, resolve
from verifier.settings import Settings, load_settings

CROSSREF_CASSETTE = ROOT / "cassettes" / "crossref" / "dois.yaml"
HARDIN_PRINTED = ("Hardin DP, Northington MC, Powell AM. A sharp Balian\u2013Low uncertainty principle for "
                  "shift-invariant spaces. Applied and Computational Harmonic Analysis. 2018;44(2):294-311. "
                  f"doi:{HARDIN}")
UNKNOWN = "10.1016/j.acha.2016.05.999"  # the real DOI mistyped: what C101 exists to catch


def page(*references: str) -> str:
    return "A note on frames.\n\nReferences\n" + "".join(f"{n}. {r}\n" for n, r in enumerate(references, 1))


def replayed(text: str) -> Report:
    settings = Settings(cassette=str(SEED_CASSETTE), crossref_cassette=str(CROSSREF_CASSETTE), use_cache=False)
    return audit_articles([article_from_text(text)], settings)


def codes(report: Report) -> list[str]:
    return [f.code for f in report.articles[0].findings]


def test_a_doi_pubmed_lacks_is_verified_against_crossref_replayed() -> None:
    report = replayed(page(HARDIN_PRINTED))
    row = report.articles[0].citations[0]
    assert row.status == CitationStatus.verified, report.articles[0].findings
    assert row.record is not None and row.record.source == "Crossref" and row.record.doi == HARDIN
    assert codes(report) == []


def test_a_doi_pubmed_lacks_is_mismatched_against_crossref_replayed() -> None:
    printed = HARDIN_PRINTED.replace("2018;44(2)", "2017;45(2)").replace("Hardin DP", "Harding DP")
    report = replayed(page(printed))
    findings = {f.code: f for f in report.articles[0].findings}
    assert report.articles[0].citations[0].status == CitationStatus.mismatch
    assert {"C106", "C110", "C113"} <= findings.keys()
    assert findings["C113"].message == "volume printed as 45, record has 44 (Crossref record)"
    assert findings["C110"].expected == "2018"
    assert all("Crossref" in f.message for f in report.articles[0].findings)


def test_two_crossref_records_stay_two_citations_and_a_retraction_is_c116_replayed() -> None:
    wakefield = ("Wakefield AJ, Murch SH, Anthony A, et al. Ileal-lymphoid-nodular hyperplasia, non-specific "
                 f"colitis, and pervasive developmental disorder in children. Lancet. 1998;351(9103):637-641. "
                 f"doi:{WAKEFIELD}")
    report = replayed(page(HARDIN_PRINTED, wakefield))
    rows = report.articles[0].citations
    assert [r.record.doi if r.record else None for r in rows] == [HARDIN, WAKEFIELD]
    assert [r.status for r in rows] == [CitationStatus.verified, CitationStatus.mismatch]
    retracted = [f.message for f in report.articles[0].findings if f.code == "C116"]
    assert retracted == [f"DOI {WAKEFIELD} is retracted (Crossref: Retraction 10.1016/s0140-6736(10)60175-4, "
                         "2010 Feb 6, asserted by Retraction Watch, record 4036)"]


def test_a_doi_the_crossref_snapshot_lacks_stays_unverified_replayed() -> None:
    report = replayed(page(HARDIN_PRINTED.replace(HARDIN, UNKNOWN)))
    row = report.articles[0].citations[0]
    assert row.status == CitationStatus.unverified and row.reason.endswith("; Crossref: not in snapshot")
    assert "C101" not in codes(report)


def _servers_audit(text: str, served: FakeCrossref, **settings: object) -> tuple[Report, int]:
    with FakeServer(FakeEutils([ISLAM_XML.read_text(encoding="utf-8")])) as pubmed, \
            FakeCrossrefServer(served) as registry:
        chosen = Settings(**{"eutils_url": pubmed.url, "crossref_url": registry.url, "use_cache": False,
                             **settings})  # type: ignore[arg-type]
        report = audit_articles([article_from_text(text)], chosen)
    return report, registry.requests


def test_a_doi_in_neither_pubmed_nor_crossref_is_c101_no_such_doi() -> None:
    report, asked = _servers_audit(page(HARDIN_PRINTED.replace(HARDIN, UNKNOWN)), FakeCrossref([]))
    c101 = [f for f in report.articles[0].findings if f.code == "C101"]
    assert [f.message for f in c101] == [f"DOI {UNKNOWN}: {NO_SUCH_DOI}"]
    assert asked == 2  # the work, then its agency


def test_a_doi_pubmed_lacks_is_checked_on_crossref_over_loopback() -> None:
    report, asked = _servers_audit(page(HARDIN_PRINTED), FakeCrossref(list(works().values())))
    assert report.articles[0].citations[0].status == CitationStatus.verified and asked == 1


def _notices(xml: Path, printed: str) -> list[Finding]:
    citation = find_citations(article_from_text(page(printed)))[0]
    crossref = CrossrefClient(cassette=str(CROSSREF_CASSETTE), limiter=RateLimiter(1e6))
    resolution = resolve([citation], LocalRecords(parse_pubmed_xml(xml.read_bytes())), crossref)[0]
    crossref.close()
    assert resolution.record is not None and resolution.record.source == "PubMed"
    return check_citation(citation, resolution)[0]


def test_a_crossref_retraction_notice_raises_c116_on_a_pubmed_record() -> None:
    printed = ("Wakefield AJ, Murch SH, Anthony A, et al. Ileal-lymphoid-nodular hyperplasia, non-specific "
               "colitis, and pervasive developmental disorder in children. Lancet. 1998;351(9103):637-641. "
               f"doi:{WAKEFIELD}. PMID: 9500320.")
    found = _notices(DATA / "wakefield1998_before_retraction.xml", printed)
    c116 = [f for f in found if f.code == "C116"]
    assert [f.message for f in c116] == [
        "PMID 9500320 is retracted (Crossref: Retraction 10.1016/s0140-6736(10)60175-4, 2010 Feb 6, "
        "asserted by Retraction Watch, record 4036)"]
    assert [f.code for f in found if f.code == "C117"] == ["C117"]  # the 2004 correction too


def test_a_crossref_correction_raises_c117_where_pubmed_has_not_linked_it() -> None:
    printed = ("Ritz NL, Brocka M, Butler MI, et al. Social anxiety disorder-associated gut microbiota "
               "increases social fear. Proc Natl Acad Sci U S A. 2024;121(1):e2308706120. "
               f"doi:{RITZ}. PMID: 38147649.")
    found = _notices(DATA / "ritz2024_before_erratum.xml", printed)
    assert [(f.code, f.message.split(", asserted")[0]) for f in found] == [
        ("C117", "erratum published: Crossref: Correction 10.1073/pnas.2424381121, 2025 Jan 7")]


def test_crossref_unreachable_leaves_the_citation_unverified_with_the_reason() -> None:
    with FakeCrossrefServer(FakeCrossref([]), faults=lambda n, p: "500") as server:
        citation = find_citations(article_from_text(page(HARDIN_PRINTED)))[0]
        crossref = CrossrefClient(base_url=server.url, limiter=RateLimiter(1e6), sleep=lambda _: None,
                                  retry=RetryPolicy(attempts=2, initial=0.01, maximum=0.02))
        resolution = resolve([citation], LocalRecords([]), crossref)[0]
    assert resolution.status == "unavailable"
    assert resolution.reason.endswith("Crossref: HTTP 500 (gave up after 2 tries)")
    found, status = check_citation(citation, resolution)
    assert status == CitationStatus.unverified and [f.code for f in found] == ["C121"]


@pytest.mark.parametrize("settings", [
    {"crossref": False}, {"offline": True}, {"records": (str(ISLAM_XML),)}, {"cassette": str(SEED_CASSETTE)},
], ids=["off", "offline", "records", "pubmed-cassette"])
def test_runs_that_must_not_ask_crossref_send_it_nothing(settings: dict[str, object]) -> None:
    report, asked = _servers_audit(page(HARDIN_PRINTED), FakeCrossref(list(works().values())), **settings)
    assert asked == 0
    assert report.articles[0].citations[0].record is None


def test_the_mirror_does_not_ask_crossref(tmp_path: Path) -> None:
    assert not asks_crossref(Settings(source="mirror", mirror_path=tmp_path / "m.sqlite3"))
    assert asks_crossref(Settings()) and not asks_crossref(Settings(crossref=False))
    # a local E-utilities stand-in sends nothing to a Crossref nobody configured
    assert not asks_crossref(Settings(eutils_url="http://127.0.0.1:9/entrez/eutils"))
    assert asks_crossref(Settings(eutils_url="http://127.0.0.1:9/entrez/eutils", crossref_url="http://127.0.0.1:8"))


def test_crossref_off_keeps_the_pubmed_verdict() -> None:
    report, asked = _servers_audit(page(HARDIN_PRINTED), FakeCrossref([]), crossref=False)
    assert asked == 0
    assert [f.message for f in report.articles[0].findings if f.code == "C101"] == [
        f"DOI {HARDIN} matches no PubMed record"]


def test_the_flag_the_environment_and_the_config_turn_crossref_off(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VERIFIER_CROSSREF", "off")
    assert load_settings().crossref is False
    monkeypatch.delenv("VERIFIER_CROSSREF")
    (tmp_path / "verifier.toml").write_text("crossref = false\n", encoding="utf-8")
    assert load_settings().crossref is False
    (tmp_path / "verifier.toml").unlink()
    article = tmp_path / "a.txt"
    article.write_text(page(HARDIN_PRINTED), encoding="utf-8")
    with FakeServer(FakeEutils([])) as pubmed, FakeCrossrefServer(FakeCrossref([])) as registry:
        monkeypatch.setenv("VERIFIER_CROSSREF_URL", registry.url)
        result = CliRunner().invoke(main, ["audit", str(article), "--eutils-url", pubmed.url, "--no-cache",
                                           "--no-crossref", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert registry.requests == 0 and "matches no PubMed record" in result.output


def test_mock_transport_client_asks_once_per_doi() -> None:
    fake = FakeCrossref(list(works().values()))
    crossref = CrossrefClient(transport=httpx.MockTransport(fake), limiter=RateLimiter(1e6))
    assert crossref.works([HARDIN, HARDIN.upper(), HARDIN]).records and fake.calls["works"] == 2


def test_a_second_run_answers_crossref_from_its_cache(tmp_path: Path) -> None:
    served = FakeCrossref(list(works().values()))
    with FakeServer(FakeEutils([])) as pubmed, FakeCrossrefServer(served) as registry:  # one origin, two runs
        settings = Settings(eutils_url=pubmed.url, crossref_url=registry.url, cache_path=tmp_path / "records.sqlite3")
        for _ in range(2):
            report = audit_articles([article_from_text(page(HARDIN_PRINTED))], settings)
            assert report.articles[0].citations[0].status == CitationStatus.verified
    assert served.calls["works"] == 1 and (tmp_path / "crossref.sqlite3").is_file()


def test_the_e_mail_never_reaches_a_crossref_cassette(tmp_path: Path) -> None:
    cassette = tmp_path / "crossref.yaml"
    crossref = CrossrefClient(mailto="secret.person@example.org", limiter=RateLimiter(1e6),
                              transport=httpx.MockTransport(FakeCrossref(list(works().values()))),
                              cassette=str(cassette), record_mode="all")
    assert crossref.works([HARDIN]).records
    crossref.close()
    written = cassette.read_text(encoding="utf-8")
    assert HARDIN in written and "secret.person" not in written and "mailto" not in written


def test_reports_name_a_crossref_record_by_its_doi() -> None:
    import json

    from verifier.report.html import to_html
    from verifier.report.json_report import to_json
    from verifier.report.markdown import to_markdown
    from verifier.report.text import to_text

    report = replayed(page(HARDIN_PRINTED))
    assert f"DOI {HARDIN}" in to_text(report, width=400) and "PMID " not in to_text(report, width=400)
    assert f"DOI {HARDIN}: A sharp Balian" in to_markdown(report)
    record = json.loads(to_json(report))["articles"][0]["citations"][0]["record"]
    assert (record["pmid"], record["doi"], record["source"]) == ("", HARDIN, "Crossref")
    page_html = to_html(report)
    assert f'href="https://doi.org/{HARDIN}">Crossref {HARDIN}</a>' in page_html
    assert "pubmed.ncbi.nlm.nih.gov//" not in page_html


def test_a_bad_crossref_answer_through_the_cli_is_one_reason_never_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "a.txt"
    article.write_text(page(HARDIN_PRINTED), encoding="utf-8")
    with FakeServer(FakeEutils([])) as pubmed, \
            FakeCrossrefServer(FakeCrossref([]), faults=lambda n, p: "bad-json") as registry:
        monkeypatch.setenv("VERIFIER_CROSSREF_URL", registry.url)
        result = CliRunner().invoke(main, ["audit", str(article), "--eutils-url", pubmed.url, "--no-cache",
                                           "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "not in PubMed; Crossref: unreadable answer (not JSON" in result.output
    assert registry.requests == 1 and "C101" not in result.output
