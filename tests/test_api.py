"""The Python API as the README shows it."""

from __future__ import annotations

from contextlib import chdir

from conftest import ROOT

from verifier import Report, Settings, audit


def test_readme_example() -> None:
    with chdir(ROOT):
        report = audit(["seeds/"], Settings(cassette="cassettes/seeds.yaml"))
    assert isinstance(report, Report)
    assert [a.path for a in report.articles] == ["seeds/000_c01f6e6ce9b21b39.txt", "seeds/001_cbb8193102376ae8.txt"]
    codes = {f.code for a in report.articles for f in a.findings}
    assert {"C121", "S204", "S205", "S209", "T302"} <= codes
