"""Figures in claims and sample sizes in designs stay bounded: a run of thousands of digits in an
article is not a figure, and never reaches int() (which refuses strings over 4,300 digits)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import article_from_text

from verifier.citations import find_citations
from verifier.claims import MAX_FIGURE_DIGITS, extract_claims, find_numbers
from verifier.cli import main
from verifier.design import design_from_article

HUGE = "7" * 4301  # one digit over Python's default int-string limit


def test_ordinary_figures_are_read() -> None:
    found = [(n.text, n.value) for n in find_numbers("Pain fell by 12.5% in 1,234,567 patients.")]
    assert found == [("12.5%", 12.5), ("1,234,567 patients", 1234567.0)]


def test_the_longest_figure_read_and_one_digit_more() -> None:
    longest = "9" * MAX_FIGURE_DIGITS
    assert [n.value for n in find_numbers(f"Risk fell by {longest}% overall.")] == [float(longest)]
    assert list(find_numbers(f"Risk fell by {longest}9% overall.")) == []


def test_a_4301_digit_figure_is_not_a_figure() -> None:
    assert list(find_numbers(f"The drug cut deaths by {HUGE}% in {HUGE} patients.")) == []


def test_a_4301_digit_sample_size_is_no_sample_size() -> None:
    design = design_from_article(f"A randomised controlled trial of {HUGE} patients with knee pain", [], "Roe 2020")
    assert design.n is None


def test_an_article_with_a_4301_digit_number_is_audited_whole(tmp_path: Path) -> None:
    text = (f"# Knee pain\n\nIn a trial of {HUGE} patients, the cream cut pain by {HUGE}%.\n"
            "The cream cut knee pain by 40% in adults.\n\n"
            f"Source: Roe J. A randomised trial of {HUGE} patients with knee pain. Pain Res. 2020;4(2):10-19.\n")
    article = article_from_text(text)
    claims = extract_claims(article, find_citations(article))
    assert [n.value for c in claims for n in c.numbers] == [40.0]
    page = tmp_path / "knee.md"
    page.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", str(page), "--offline", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1)
    assert '"path"' in result.output and "Traceback" not in result.output
