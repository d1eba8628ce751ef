"""Never crash: arbitrary text through citation finding and the offline audit."""

from __future__ import annotations

from conftest import article_from_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.citations import find_citations, parse_reference
from verifier.models import CitationStatus
from verifier.pipeline import OfflineSource, audit_articles
from verifier.settings import Settings

reference_like = st.lists(st.sampled_from(
    ["Smith J", ", ", ". ", "et al.", "Title words", "J Med", "2023", " Sep ", ";", "12", "(3)", ":",
     "45-9", "doi: 10.1000/x", "PMID: 123", "PMCID: PMC9", "Source: ", "\n", "(", ")", "é", "’"]),
    max_size=40).map("".join)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), reference_like))
def test_citation_finding_never_crashes(text: str) -> None:
    article = article_from_text(text)
    for citation in find_citations(article):
        assert 0 <= citation.span.start <= citation.span.end <= len(text)
        assert citation.span.line >= 1


@settings(max_examples=200)
@given(reference_like)
def test_reference_parsing_never_crashes(text: str) -> None:
    fields = parse_reference(text)
    assert fields.year is None or 1800 <= fields.year <= 2099


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(reference_like)
def test_offline_audit_never_passes_a_citation_silently(text: str) -> None:
    report = audit_articles([article_from_text(text)], Settings(), source=OfflineSource())
    for row in report.articles[0].citations:
        assert row.status in (CitationStatus.unverified, CitationStatus.unresolved)
        assert any(f.citation_id == row.citation.id and f.code == "C121" for f in report.articles[0].findings) \
            or row.status == CitationStatus.unresolved
