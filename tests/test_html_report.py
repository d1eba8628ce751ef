"""The HTML report, rendered in headless Chromium: every citation and finding of the JSON
report is on the page, the severity filter works, and article text holding markup stays inert.

Chromium comes from Debian (`.ci/run` installs it). Without it the tests skip locally and fail
in CI, where CI=true.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from contextlib import chdir
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import ROOT, SEED_CASSETTE

from verifier.cli import main

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOSTILE = """Stem cells cure <script>document.title='PWNED'</script> arthritis in everyone.
Our clinic <img src=x onerror="document.title='PWNED'"> heals knees completely.
"""


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing; .ci/run installs Debian's chromium")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


def render(args: list[str], out: Path) -> dict[str, object]:
    with chdir(ROOT):
        html = CliRunner().invoke(main, [*args, "--format", "html", "--out", str(out), "--fail-on", "never"])
        assert html.exit_code == 0, html.output
        result = CliRunner().invoke(main, [*args, "--format", "json", "--fail-on", "never"])
    return dict(json.loads(result.stdout))


def dom(chromium: str, page: Path, profile: Path, fragment: str = "") -> BeautifulSoup:
    done = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                           page.as_uri() + fragment], capture_output=True, text=True, timeout=120, check=True)
    return BeautifulSoup(done.stdout, "html.parser")


SEED_ARGS = ["audit", "seeds/", "--cassette", str(SEED_CASSETTE), "--claims", "claims/"]


def test_seed_report_shows_every_citation_and_finding(chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "seeds.html"
    report = render(SEED_ARGS, page)
    soup = dom(chromium, page, tmp_path / "profile")
    assert soup.title is not None and soup.title.string == "verifier report"
    for article in report["articles"]:  # type: ignore[attr-defined]
        section = soup.find("section", attrs={"data-path": article["path"]})
        assert section is not None, article["path"]
        shown = {div["data-citation"] for div in section.find_all("div", attrs={"data-citation": True})}
        assert shown == {c["id"] for c in article["citations"]}
        rows = {tr["data-fingerprint"] for tr in section.find_all("tr", attrs={"data-fingerprint": True})}
        assert rows == {f["fingerprint"] for f in article["findings"]}
        for citation in article["citations"]:
            assert citation["printed"] in section.get_text()
    summary = report["summary"]
    cards = soup.find(id="summary").get_text(" ")  # type: ignore[union-attr]
    assert f"{summary['citations']} citations" in " ".join(cards.split())  # type: ignore[index]


def test_severity_filter_runs_in_the_page(chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "seeds.html"
    render(SEED_ARGS, page)
    everything = dom(chromium, page, tmp_path / "p1")
    assert not everything.select("[data-severity][hidden]")
    errors_only = dom(chromium, page, tmp_path / "p2", "#severity=error")
    warnings = errors_only.select('tr[data-severity="warning"]')
    assert warnings and all(tr.has_attr("hidden") for tr in warnings)


def test_markup_in_article_text_is_inert(chromium: str, tmp_path: Path) -> None:
    article = tmp_path / "hostile.txt"
    article.write_text(HOSTILE, encoding="utf-8")
    page = tmp_path / "hostile.html"
    render(["audit", str(article), "--offline"], page)
    soup = dom(chromium, page, tmp_path / "profile")
    assert soup.title is not None and soup.title.string == "verifier report"  # no script ran
    assert len(soup.find_all("script")) == 1  # only the report's own
    assert soup.find("img") is None
    assert "<script>document.title='PWNED'</script>" in soup.get_text()  # shown as text
