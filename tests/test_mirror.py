"""The local mirror: streaming import, updates and deletions, resumable, lookups, and the seeds
audited from it with the same findings as from the cassette."""

from __future__ import annotations

import io
import json
import sys
from contextlib import chdir
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ISLAM_XML, ROOT, SEED_CASSETTE

from verifier.cli import main
from verifier.errors import InputError
from verifier.evidence import CitationQuery
from verifier.evidence.mirror import Mirror, MirrorSource

sys.path.insert(0, str(ROOT / "bench"))
import generated  # bench/generated.py: GENERATED records, not real ones


def audit_json(*args: str) -> dict[str, object]:
    with chdir(ROOT):
        result = CliRunner().invoke(main, ["audit", "seeds/", "--format", "json", "--fail-on", "never", *args])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def outcome(report: dict[str, object]) -> list[tuple[str, str, list[tuple[str, str | None, str | None]]]]:
    return [(a["path"], ",".join(c["status"] for c in a["citations"]),
             sorted((f["code"], f["citation_id"], f["field"]) for f in a["findings"]))
            for a in report["articles"]]  # type: ignore[attr-defined]


def test_seeds_from_a_mirror_match_the_cassette(tmp_path: Path) -> None:
    mirror = tmp_path / "mirror.sqlite"
    made = CliRunner().invoke(main, ["mirror", "import", str(ISLAM_XML), "--mirror", str(mirror)])
    assert made.exit_code == 0, made.output
    from_mirror = audit_json("--source", "mirror", "--mirror", str(mirror))
    from_cassette = audit_json("--cassette", str(SEED_CASSETTE))
    assert outcome(from_mirror) == outcome(from_cassette)


def test_updates_deletions_and_resume(tmp_path: Path) -> None:
    base = generated.write(tmp_path / "base.xml.gz", range(1200))
    update = generated.write(tmp_path / "update.xml.gz", range(1195, 1205), deleted=[3, 4], version=2)
    mirror = Mirror(tmp_path / "m.sqlite")
    first = mirror.import_file(str(base))
    assert (first.records, first.deleted) == (1200, 0)
    second = mirror.import_file(str(update))
    assert (second.records, second.deleted) == (10, 2)
    assert mirror.stats()["records"] == 1200 - 2 + 5
    assert mirror.import_file(str(base)).skipped  # re-importing a file is a no-op
    assert mirror.stats()["records"] == 1203
    held = mirror.records([generated.pmid(1199), generated.pmid(3)])
    assert "version 2" in held[generated.pmid(1199)].title and generated.pmid(3) not in held
    mirror.close()


def titles_of(mirror: Mirror, pmid: str) -> list[str]:
    return [t for (t,) in mirror.db.execute("SELECT title FROM titles WHERE pmid=?", (pmid,))]


def test_a_replaced_or_deleted_record_leaves_no_row_of_its_old_self(tmp_path: Path) -> None:
    mirror = Mirror(tmp_path / "m.sqlite")
    mirror.import_file(str(generated.write(tmp_path / "base.xml", range(20))))
    mirror.import_file(str(generated.write(tmp_path / "update.xml", [7], deleted=[3], version=2)))
    assert titles_of(mirror, generated.pmid(7)) == ["GENERATED benchmark record 7 (not a real article), version 2."]
    assert titles_of(mirror, generated.pmid(3)) == []
    source = MirrorSource(mirror)
    assert source.pmids_for_dois(["10.5555/generated.3"]).found == {}
    assert source.pmids_for_dois(["10.5555/generated.7"]).found == {"10.5555/generated.7": generated.pmid(7)}
    mirror.close()


def test_a_mirror_of_the_older_schema_is_upgraded_when_opened(tmp_path: Path) -> None:
    path, said_new = tmp_path / "m.sqlite", []
    mirror = Mirror(path, said_new.append)
    assert said_new == []  # a new mirror has nothing to upgrade
    mirror.import_file(str(generated.write(tmp_path / "base.xml", range(5))))
    with mirror.db:  # as the schema before version 1 left it: titles numbered 1, 2, ... and no ids(pmid) index
        mirror.db.execute("DROP INDEX ids_pmid")
        mirror.db.execute("CREATE VIRTUAL TABLE old USING fts5 (pmid UNINDEXED, title)")
        mirror.db.execute("INSERT INTO old (pmid, title) SELECT pmid, title FROM titles ORDER BY pmid DESC")
        mirror.db.execute("DROP TABLE titles")
        mirror.db.execute("ALTER TABLE old RENAME TO titles")
        mirror.db.execute("PRAGMA user_version = 0")
    assert mirror.db.execute("SELECT rowid FROM titles WHERE pmid=?", (generated.pmid(0),)).fetchone() == (5,)
    mirror.close()
    said: list[str] = []
    upgraded = Mirror(path, said.append)
    assert len(said) == 1 and "upgrading the mirror to schema version 1" in said[0]
    assert upgraded.db.execute("PRAGMA user_version").fetchone() == (1,)
    assert upgraded.db.execute("SELECT rowid FROM titles WHERE pmid=?", (generated.pmid(0),)).fetchone() == (
        int(generated.pmid(0)),)
    upgraded.import_file(str(generated.write(tmp_path / "update.xml", [0], version=2)))
    assert titles_of(upgraded, generated.pmid(0)) == ["GENERATED benchmark record 0 (not a real article), version 2."]
    assert upgraded.pmids_by_title("GENERATED benchmark record 4 (not a real article), version 1")[0] == (
        generated.pmid(4), 1.0)
    upgraded.close()
    said_again: list[str] = []
    Mirror(path, said_again.append).close()
    assert said_again == []  # once


def test_a_broken_file_leaves_nothing_half_imported(tmp_path: Path) -> None:
    text = "".join(generated.document(range(1200)))
    cut = text.index("<PubmedArticle>", text.index(f"<PMID Version=\"1\">{generated.pmid(700)}") - 200)
    broken = tmp_path / "broken.xml"
    broken.write_text(text[:cut] + "<PubmedArticle><MedlineCitation><oops" + text[cut:], encoding="utf-8")
    mirror = Mirror(tmp_path / "m.sqlite")
    with pytest.raises(InputError):
        mirror.import_file(str(broken))
    assert mirror.stats() == {"records": 0, "files": 0}  # the first 500 were rolled back too
    mirror.close()


def test_lookups(tmp_path: Path) -> None:
    mirror = Mirror(tmp_path / "m.sqlite")
    mirror.import_file(str(generated.write(tmp_path / "b.xml", range(300))))
    source = MirrorSource(mirror)
    assert source.pmids_for_dois(["10.5555/GENERATED.7"]).found == {"10.5555/GENERATED.7": generated.pmid(7)}
    assert source.pmids_for_pmcids(["PMC990000009"]).found == {"PMC990000009": generated.pmid(9)}
    query = CitationQuery("Gen J Bench", 2000 + 42 % 25, str(1 + 42 % 60), str(1 + 42 % 900), "Generated A")
    assert source.citmatch({"k": query}).found == {"k": generated.pmid(42)}
    missing = source.fetch(["1"])
    assert missing.unavailable and not missing.missing  # absent from a mirror is not "not found"
    best = mirror.pmids_by_title("GENERATED benchmark record 123 (not a real article), version 1")
    assert best[0] == (generated.pmid(123), 1.0)
    mirror.close()


def test_missing_mirror_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["audit", str(ROOT / "seeds"), "--source", "mirror", "--mirror",
                                       str(tmp_path / "none.sqlite")])
    assert result.exit_code == 2 and "mirror import" in result.output


def _import_via_cli(mirror: Path, *files: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["mirror", "import", *map(str, files), "--mirror", str(mirror)])
    return result.exit_code, [line for line in result.output.splitlines() if line.strip()]


def _bad_files(folder: Path) -> dict[str, Path]:
    whole = generated.write(folder / "whole.xml.gz", range(50)).read_bytes()
    text = "".join(generated.document(range(3)))
    files = {"not gzip": folder / "plain.xml.gz", "truncated gzip": folder / "truncated.xml.gz",
             "unterminated record": folder / "unterminated.xml",
             "no record boundary": folder / "endless.xml"}
    files["not gzip"].write_text(text, encoding="utf-8")
    files["truncated gzip"].write_bytes(whole[: len(whole) // 2])
    files["unterminated record"].write_text(text[: text.rindex("</PubmedArticle>")], encoding="utf-8")
    files["no record boundary"].write_text(text[: text.rindex("<ArticleTitle>")] + "<ArticleTitle>" + "x" * (3 << 20),
                                           encoding="utf-8")
    return files


@pytest.mark.parametrize(("case", "said"), [("not gzip", "Not a gzipped file"),
                                            ("truncated gzip", "Compressed file ended"),
                                            ("unterminated record", "Premature end of data in tag PubmedArticle"),
                                            ("no record boundary", "no record boundary in 1 MB")])
def test_unreadable_files_are_one_line_errors_and_store_nothing(tmp_path: Path, case: str, said: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from verifier.evidence import fastxml
    monkeypatch.setattr(fastxml, "MAX_RECORD_BYTES", 1 << 20)  # the real cap is 64 MB; the same path
    bad = _bad_files(tmp_path)[case]
    code, lines = _import_via_cli(tmp_path / "m.sqlite", bad)
    assert code == 2 and len(lines) == 1 and lines[0].startswith("verifier: error: ") and bad.name in lines[0], lines
    assert said in lines[0]
    mirror = Mirror(tmp_path / "m.sqlite")
    assert mirror.stats() == {"records": 0, "files": 0}
    mirror.close()


def test_parallel_import_stores_what_one_process_does(tmp_path: Path) -> None:
    files = [generated.write(tmp_path / "base.xml.gz", range(700)),
             generated.write(tmp_path / "update.xml.gz", range(690, 720), deleted=[3, 4], version=2)]
    serial, parallel = Mirror(tmp_path / "serial.sqlite"), Mirror(tmp_path / "parallel.sqlite")
    one = [serial.import_file(str(f)) for f in files]
    two = list(parallel.import_files([str(f) for f in files], workers=2))
    assert [(i.records, i.deleted) for i in one] == [(i.records, i.deleted) for i in two] == [(700, 0), (30, 2)]
    dump = "SELECT pmid, version, json FROM records ORDER BY pmid"
    assert serial.db.execute(dump).fetchall() == parallel.db.execute(dump).fetchall()
    assert parallel.stats()["records"] == 720 - 2
    serial.close()
    parallel.close()


def test_a_bad_file_among_several_stops_at_its_turn(tmp_path: Path) -> None:
    good = generated.write(tmp_path / "good.xml.gz", range(20))
    bad = _bad_files(tmp_path)["truncated gzip"]
    mirror = Mirror(tmp_path / "m.sqlite")
    results = mirror.import_files([str(good), str(bad)], workers=2)
    assert next(results).records == 20
    with pytest.raises(InputError, match=r"truncated\.xml\.gz"):
        next(results)
    assert mirror.stats() == {"records": 20, "files": 1}
    mirror.close()


def test_many_files_are_read_ahead_a_few_at_a_time_and_applied_in_order(tmp_path: Path) -> None:
    files = [str(generated.write(tmp_path / f"part{n}.xml.gz", range(n * 10, n * 10 + 15), version=1 + n))
             for n in range(5)]  # each file overlaps the next by five records, with a higher version
    mirror = Mirror(tmp_path / "m.sqlite")
    done = list(mirror.import_files(files, workers=2))
    assert [d.records for d in done] == [15] * 5 and mirror.stats()["records"] == 55
    held = mirror.records([generated.pmid(12), generated.pmid(52)])
    assert "version 2" in held[generated.pmid(12)].title and "version 5" in held[generated.pmid(52)].title
    mirror.close()


def test_the_read_ahead_gives_the_files_bytes_and_its_errors_where_the_parse_reads(tmp_path: Path) -> None:
    from verifier.evidence.mirror import BLOCK, _ReadAhead

    data = bytes(range(256)) * (BLOCK // 64)  # four blocks
    path = tmp_path / "data.bin"
    path.write_bytes(data)
    with path.open("rb") as raw, _ReadAhead(raw) as ahead:
        pieces = iter(lambda: ahead.read(70_000), b"")
        assert b"".join(pieces) == data and ahead.read(10) == b""

    class Failing(io.BytesIO):
        def read(self, size: int | None = -1, /) -> bytes:
            raise EOFError("Compressed file ended before the end-of-stream marker was reached")

    with _ReadAhead(Failing()) as ahead, pytest.raises(EOFError, match="end-of-stream"):
        ahead.read(10)
    with path.open("rb") as raw:
        ahead = _ReadAhead(raw, ahead=1)
        ahead.read(10)  # the parse stops early: leaving lets the thread go, its queue full
        ahead.__exit__(None, None, None)
        assert not ahead._thread.is_alive()
