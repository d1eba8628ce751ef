"""The record cache, and the evidence sources agreeing with each other."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, ISLAM_PRINTED, ISLAM_XML, article_from_text

from verifier.evidence import CachedSource, LocalRecords, read_records_file
from verifier.evidence.cache import CacheCorruptWarning, RecordCache
from verifier.evidence.eutils import requests as rq
from verifier.pipeline import audit_articles
from verifier.settings import Settings

MUTATED = f"Source: {ISLAM_PRINTED.replace(';12(19)', ';13(19)').replace('Islam MA,', 'Islam M,')}\n"


def findings(source: object) -> list[tuple[str, str | None, str | None]]:
    report = audit_articles([article_from_text(MUTATED)], Settings(), source=source)  # type: ignore[arg-type]
    return [(f.code, f.field, f.message) for f in report.articles[0].findings]


def test_network_path_and_records_files_give_the_same_findings(fake_eutils, make_client) -> None:  # type: ignore[no-untyped-def]
    network = findings(make_client(fake_eutils))
    assert [(code, field) for code, field, _ in network] == [("C108", "initials"), ("C113", "volume")]
    assert findings(LocalRecords(read_records_file(str(ISLAM_XML)))) == network
    assert findings(LocalRecords(read_records_file(str(DATA / "islam2023.medline")))) == network


def test_second_audit_makes_no_request(tmp_path: Path, fake_eutils, make_client) -> None:  # type: ignore[no-untyped-def]
    cache = RecordCache(tmp_path / "cache.sqlite3")
    first = findings(CachedSource(make_client(fake_eutils), cache))
    sent = sum(fake_eutils.calls.values())
    assert sent == 1
    again = findings(CachedSource(make_client(fake_eutils), RecordCache(tmp_path / "cache.sqlite3")))
    assert again == first
    assert sum(fake_eutils.calls.values()) == sent


def test_a_cached_fetch_in_parts_gives_the_cached_records_first_and_keeps_each_part(  # type: ignore[no-untyped-def]
        tmp_path: Path, fake_eutils, make_client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rq, "EFETCH_BATCH", 1)
    cache = RecordCache(tmp_path / "cache.sqlite3")
    CachedSource(make_client(fake_eutils), cache).fetch(["37834955"])
    parts = list(CachedSource(make_client(fake_eutils), cache).fetch_parts(["37834955", "37644595", "37834956"]))
    assert [set(p.records) for p in parts] == [{"37834955"}, {"37644595"}, set()]  # the first from the cache
    assert parts[2].missing == {"37834956"} and fake_eutils.calls["efetch.fcgi"] == 3
    assert set(cache.get_records(["37834955", "37644595"], "", 30)) == {"37834955", "37644595"}


def test_refresh_fetches_again(tmp_path: Path, fake_eutils, make_client) -> None:  # type: ignore[no-untyped-def]
    cache = RecordCache(tmp_path / "cache.sqlite3")
    findings(CachedSource(make_client(fake_eutils), cache))
    findings(CachedSource(make_client(fake_eutils), cache, refresh=True))
    assert fake_eutils.calls["efetch.fcgi"] == 2


def test_doi_answers_are_cached(tmp_path: Path, fake_eutils, make_client) -> None:  # type: ignore[no-untyped-def]
    cache = RecordCache(tmp_path / "cache.sqlite3")
    source = CachedSource(make_client(fake_eutils), cache)
    assert source.pmids_for_dois(["10.3390/jcm12196311"]).found == {"10.3390/jcm12196311": "37834955"}
    calls = sum(fake_eutils.calls.values())
    assert source.pmids_for_dois(["10.3390/JCM12196311"]).found == {"10.3390/JCM12196311": "37834955"}
    assert sum(fake_eutils.calls.values()) == calls


def test_corrupt_cache_is_rebuilt_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.warns(CacheCorruptWarning):
        cache = RecordCache(path)
    assert cache.get_records(["37834955"]) == {}
    assert any(p.name.startswith("cache.corrupt-") for p in tmp_path.iterdir())
