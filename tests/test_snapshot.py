"""Evidence snapshots: the seed cassette replays offline; recording never writes a secret."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ISLAM_XML, SEED_CASSETTE, SEEDS
from support.fake_eutils import FakeEutils

import verifier.evidence.eutils.client as client_module
from verifier.cli import main
from verifier.models import CitationStatus
from verifier.pipeline import audit
from verifier.settings import Settings


def seed_report() -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, ["audit", str(SEEDS), "--cassette", str(SEED_CASSETTE),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_seed_audit_replays_from_the_cassette() -> None:
    report = seed_report()
    by_file = {Path(a["path"]).name: a for a in report["articles"]}
    seed1 = by_file["001_cbb8193102376ae8.txt"]
    assert [(c["pmid"], c["doi"], c["pmcid"]) for c in seed1["citations"]] == [
        ("40353645", "10.1002/iid3.70189", "PMC12067559"),
        ("37834955", "10.3390/jcm12196311", "PMC10573670"),
        ("37644595", "10.1186/s13018-023-04131-7", "PMC10466768"),
        ("36911700", "10.3389/fimmu.2023.1141601", "PMC9999104"),
        ("39142905", "10.1016/j.parkreldis.2024.107087", None)]
    islam = seed1["citations"][1]
    assert islam["status"] == "verified"
    assert islam["record"]["authors"][0] == "Islam MA"
    assert not [f for f in seed1["findings"] if f["citation_id"] == "c2" and f["code"].startswith("C")]
    assert {c["status"] for i, c in enumerate(seed1["citations"]) if i != 1} == {"unverified"}
    assert not [f for f in seed1["findings"] if f["severity"] == "error"]
    (zhang,) = by_file["000_c01f6e6ce9b21b39.txt"]["citations"]
    assert zhang["status"] == "unverified" and "not in snapshot" in zhang["reason"]
    fields = zhang["fields"]
    assert (fields["authors"], fields["journal"], fields["year"], fields["volume"], fields["issue"],
            fields["pages"]) == (["Zhang D"], "Stem Cell Res Ther", 2025, "16", "1", "202")
    assert report["schema_version"] == "1"
    assert report["summary"]["citations"] == 6


def test_fetch_command_replays_a_record() -> None:
    result = CliRunner().invoke(main, ["fetch", "37834955", "--cassette", str(SEED_CASSETTE)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert (record["doi"], record["pmcid"], record["volume"], record["issue"], record["pages"]) == \
        ("10.3390/jcm12196311", "PMC10573670", "12", "19", "6311")


def test_recording_filters_the_api_key_and_email(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeEutils([ISLAM_XML.read_text(encoding="utf-8")])
    real_client = client_module.httpx.Client

    def client_with_fake(*args: object, **kwargs: object) -> object:
        kwargs["transport"] = client_module.httpx.MockTransport(fake)
        return real_client(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(client_module.httpx, "Client", client_with_fake)
    article = tmp_path / "a.txt"
    many = "\n".join(f"PMID: {n}" for n in range(37834900, 37834960))  # > 50 ids: a POST body
    article.write_text(f"{many}\nSee doi: 10.3390/jcm12196311.\n", encoding="utf-8")
    cassette = tmp_path / "rec.yaml"
    settings = Settings(cassette=str(cassette), record_mode="once", email="secret.person@example.org",
                        api_key="SUPERSECRETKEY123", use_cache=False)
    report = audit([str(article)], settings)
    assert any(c.status == CitationStatus.verified for c in report.articles[0].citations)
    text = cassette.read_text(encoding="utf-8")
    assert "efetch" in text and "POST" in text
    assert "SUPERSECRETKEY123" not in text and "secret.person" not in text
    replay = audit([str(article)], Settings(cassette=str(cassette), record_mode="none",
                                            email="other@example.org", use_cache=False))
    assert replay.model_dump()["articles"][0]["findings"] == report.model_dump()["articles"][0]["findings"]


def test_committed_cassettes_hold_no_secret() -> None:
    for path in SEED_CASSETTE.parent.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "api_key=" not in text and "email=" not in text, path


HOSTILE_CASSETTES = {
    "python-tag": "interactions:\n- request: !!python/object/apply:os.system [\"touch {marker}\"]\n  response: {{}}\n"
                  "version: 1\n",
    "not-yaml": "interactions: [\n",
    "wrong-shape": "interactions: 5\nversion: 1\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_CASSETTES))
def test_a_hostile_or_broken_cassette_runs_nothing_and_is_one_line(tmp_path: Path, name: str) -> None:
    marker = tmp_path / "ran"
    cassette = tmp_path / "c.yaml"
    cassette.write_text(HOSTILE_CASSETTES[name].format(marker=marker), encoding="utf-8")
    done = CliRunner().invoke(main, ["audit", str(next(SEEDS.glob("000_*.txt"))), "--cassette", str(cassette)])
    assert done.exit_code == 2, done.output
    assert "not a readable cassette" in done.output and "Traceback" not in done.output
    assert not marker.exists()
