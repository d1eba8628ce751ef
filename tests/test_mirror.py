"""The local mirror: streaming import, updates and deletions, resumable, lookups, and the seeds
audited from it with the same findings as from the cassette."""

from __future__ import annotations

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
