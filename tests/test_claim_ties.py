"""Claims as a reader sees them and the study each rests on: every tie kind and every kind of
sentence that is not a claim, each with a case that fires and one that does not.

The fixtures are written for these tests; the one real reference is the seeds' own (Islam MA et
al. Mesenchymal Stem Cell Therapy in Multiple Sclerosis: A Systematic Review and Meta-Analysis.
J Clin Med. 2023;12(19):6311. doi: 10.3390/jcm12196311. PMID: 37834955; see tests/data).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import article_from_text

from verifier import ingest
from verifier.checks.claims import ClaimContext, claim_uncited
from verifier.citations import find_citations
from verifier.claims import abbreviates, author_years, extract_claims, not_a_claim, reference_markers, split_sentences
from verifier.models import Article, Claim


def claims_of(article: Article) -> list[Claim]:
    return list(extract_claims(article, find_citations(article)))


def claim_starting(claims: list[Claim], words: str) -> Claim:
    found = [c for c in claims if c.text.startswith(words)]
    assert found, f"no claim starts with {words!r}: {[c.text for c in claims]}"
    return found[0]


# --- sentences as a reader sees them -------------------------------------------------------

WRAPPED = """Green tea and memory

In a trial of older adults, drinking three cups of green tea a day
improved recall scores compared with water over twelve weeks.
"""


def test_a_sentence_wrapped_over_two_lines_is_one_claim() -> None:
    claims = claims_of(article_from_text(WRAPPED))
    assert [c.text for c in claims] == [
        "In a trial of older adults, drinking three cups of green tea a day improved recall scores "
        "compared with water over twelve weeks."]


def test_separate_lines_ending_sentences_stay_separate() -> None:
    text = "Walking lowers blood pressure in adults.\nSwimming eases back pain in adults.\n"
    assert [c.text for c in claims_of(article_from_text(text))] == [
        "Walking lowers blood pressure in adults.", "Swimming eases back pain in adults."]


def test_an_html_comment_hides_no_claim_in_a_markdown_paragraph() -> None:
    text = "# Notes\n\nGinger reduces nausea in pregnant women. <!-- check the dose -->\n"
    claims = claims_of(article_from_text(text, "page.md"))
    assert [c.text for c in claims] == ["Ginger reduces nausea in pregnant women."]


def test_a_markdown_paragraph_without_a_comment_is_checked_the_same() -> None:
    text = "# Notes\n\nGinger reduces nausea in pregnant women.\n"
    assert [c.text for c in claims_of(article_from_text(text, "page.md"))] == [
        "Ginger reduces nausea in pregnant women."]


def test_a_headline_that_asserts_is_a_claim_and_a_topic_heading_is_not() -> None:
    text = "Coffee Raises Heart Attack Risk\n\nBenefits of Coffee for Runners\n\nSome people drink it.\n"
    assert [c.text for c in claims_of(article_from_text(text))] == ["Coffee Raises Heart Attack Risk"]


def test_each_bulleted_line_is_its_own_claim() -> None:
    text = ("Why our collagen blend?\n\n✓ Reduces joint pain\n✓ Strengthens hair and nails\n✔Improves skin elasticity\n"
            "• Boosts energy levels\n1) Lowers cholesterol naturally\n")
    assert [c.text for c in claims_of(article_from_text(text))] == [
        "Reduces joint pain", "Strengthens hair and nails", "Improves skin elasticity", "Boosts energy levels",
        "Lowers cholesterol naturally"]


def test_an_outline_of_numbered_headings_on_a_record_page_gives_no_claim() -> None:
    text = ("Care Bridge: a logic model for community care\n\n"
            "Smith J, Brown A. Care Bridge: a logic model. J Community Health. 2022;47(3):400-410. "
            "doi:10.1007/s10900-022-01000-1\n\n1. Introduction\n2. Methods\n3. Results\n"
            "3.1. Part 1: Finding the Gaps in Local Services\n"
            "3.2. Part 2: Gathering and Weighing the Published Evidence\n"
            "3.3. Part 3: Choosing a Theory of Change\n3.4.1. Inputs, Tasks, and Products\n4. Discussion\n")
    assert [c.text for c in claims_of(article_from_text(text))] == []


# --- what is a claim -----------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Fish oil slashes the risk of a second stroke.",
    "The new drug destroys tumour cells within days.",
    "The outbreak was traced to raw milk.",
    "Take a daily walk, live longer.",
    "None of the volunteers suffered serious side effects.",
    "This proves that fasting works.",
])
def test_plain_causal_risk_and_safety_wording_is_a_claim(sentence: str) -> None:
    assert [c.text for c in claims_of(article_from_text(sentence + "\n"))] == [sentence]


@pytest.mark.parametrize("sentence", [
    "Smoking causes lung cancer.",
    "Smoking is the leading cause of lung cancer.",
    "Obesity is a major cause of type 2 diabetes.",
])
def test_a_cause_asserted_is_a_causal_claim(sentence: str) -> None:
    [claim] = claims_of(article_from_text(sentence + "\n"))
    assert claim.strength == 3


@pytest.mark.parametrize("sentence", [
    "Doctors are looking for the cause of the rash.",
    "Researchers want to find the causes of migraine.",
])
def test_the_noun_cause_sought_asserts_nothing(sentence: str) -> None:
    assert claims_of(article_from_text(sentence + "\n")) == []


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Do you want to sleep better and reduce stress?", "question to the reader"),
    ("This work was funded by a grant from the city council.", "funding, licence or disclosure"),
    ("The authors declare no conflicts of interest that would reduce trust.", "funding, licence or disclosure"),
    ("This article is licensed under a Creative Commons licence.", "funding, licence or disclosure"),
    ("Objective: to test whether zinc reduces cold duration.", "objective or methods line"),
    ("The aim of this study was to see whether zinc shortens colds.", "aim"),
    ("Further research is needed to confirm that zinc reduces colds.", "call for research"),
    ("Pain was measured using a visual analogue scale.", "methods"),
    ("Source: Zinc and colds. J Cold Res. 2020.", "source or reference line"),
    ("Subscribe to our newsletter to improve your health.", "site interface"),
])
def test_sentences_that_are_not_claims(sentence: str, kind: str) -> None:
    assert not_a_claim(sentence) == kind
    assert claims_of(article_from_text(sentence + "\n")) == []


@pytest.mark.parametrize("sentence", [
    "Zinc shortened colds by two days in this trial.",
    "Although more trials are needed, researchers found that zinc shortens colds.",
    "Researchers found that zinc lozenges reduce cold duration.",
])
def test_look_alikes_of_non_claims_are_still_claims(sentence: str) -> None:
    assert not_a_claim(sentence) is None
    assert len(claims_of(article_from_text(sentence + "\n"))) == 1


# --- ties ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "numbers"), [
    ("Iron improves fatigue [1].", {1}),
    ("Iron improves fatigue [1-3].", {1, 2, 3}),
    ("Iron improves fatigue [2, 5].", {2, 5}),
    ("Iron improves fatigue (2-4).", {2, 3, 4}),
    ("Iron improves fatigue in anaemia(1).", {1}),
    ("Iron influences development1,2,3 and repair4.", {1, 2, 3, 4}),
    ("Iron reduced hair loss.1 It also helped.", {1}),
    ("Iron helps, as reported before.^97", {97}),
])
def test_numbered_markers_in_every_form(text: str, numbers: set[int]) -> None:
    assert reference_markers(text) == numbers


@pytest.mark.parametrize("text", [
    "Take two steps: (1) rest and (2) drink water.",
    "The ratio was [3.7] in the first group.",
    "Levels rose by 2.5 mg in 2019.",
    "Vitamin B12 and COVID-19 were studied (2020).",
])
def test_marker_traps_are_not_markers(text: str) -> None:
    assert reference_markers(text) == set()


@pytest.mark.parametrize(("text", "found"), [
    ("Fibre lowers cholesterol (Smith et al., 2020).", {("smith", 2020)}),
    ("Fibre lowers cholesterol (Smith and Jones 2019).", {("smith", 2019)}),
    ("Smith & Jones (2019) showed that fibre lowers cholesterol.", {("smith", 2019)}),
    ("Smith et al. 2018 found lower cholesterol.", {("smith", 2018)}),
    ("In 2004, the INTERHEART study reported risk factors.", set()),
    ("Since 2010 fibre intake has fallen.", set()),
    # a name before a comma is no co-author without "and" or "et al.": the journal is not the author
    ("Writing in Appetite, Okoro (2017) argued that fibre curbs hunger.", {("okoro", 2017)}),
    ("Okoro, Lindgren and Baptiste (2017) found fibre curbs hunger.", {("okoro", 2017)}),
    ("Okoro, Lindgren et al. (2017) found fibre curbs hunger.", {("okoro", 2017)}),
])
def test_author_year_forms_and_look_alikes(text: str, found: set[tuple[str, int]]) -> None:
    assert author_years(text) == found


NUMBERED = """Creatine improves sprint power in athletes [2]. Creatine eases mental fatigue in adults [3].

References
1. Brown A. Rest and recovery. Sport J. 2019;5(1):1-9.
2. Green B. Creatine and sprint power. Sport Sci. 2018;7(4):100-110.
"""


NARRATIVE_AUTHOR_YEAR = """Fibre and hunger

Writing in Appetite, Okoro (2017) argued that oat fibre curbs hunger between meals.

References
Appetite Research Group. Hunger scales in practice. Appetite. 2017;110:1-4.
Okoro N, Baptiste R. Oat fibre and satiety in adults. Appetite. 2017;112:54-60.
"""


def test_a_journal_named_before_an_author_year_does_not_stand_for_its_author() -> None:
    article = article_from_text(NARRATIVE_AUTHOR_YEAR)
    citations = find_citations(article)
    claim = claim_starting(list(extract_claims(article, citations)), "Writing in Appetite")
    assert "author-year" in claim.linked_by
    assert not any("no matching reference" in how for how in claim.linked_by)
    assert [citations[int(cid[1:]) - 1].printed[:5] for cid in claim.citation_ids] == ["Okoro"]


def test_a_marker_ties_to_its_numbered_reference_and_an_unlisted_one_is_still_recorded() -> None:
    claims = claims_of(article_from_text(NUMBERED))
    power, fatigue = claim_starting(claims, "Creatine improves"), claim_starting(claims, "Creatine eases")
    assert power.citation_ids == ("c2",) and power.linked_by == ("marker [2]",)
    assert fatigue.citation_ids == () and fatigue.linked_by == ("marker [3] (no reference 3 in the text)",)


def test_an_unlisted_author_year_is_a_tie_with_no_reference() -> None:
    claims = claims_of(article_from_text("Oats lower cholesterol in adults (Smith et al., 2020).\n"))
    assert claims[0].citation_ids == ()
    assert claims[0].linked_by == ("author-year Smith 2020 (no matching reference)",)


def test_a_named_journal_is_a_tie_and_a_plain_sentence_is_not() -> None:
    text = ("A study published in JAMA found that walking lowers blood pressure.\n\n"
            "Another study, published in Hypertension, found that cycling lowers it too.\n\n"
            "Walking lowers blood pressure in adults.\n")
    claims = claims_of(article_from_text(text))
    assert claim_starting(claims, "A study").linked_by == ("journal named: JAMA (no reference in the text)",)
    assert claim_starting(claims, "Walking").linked_by == ()  # two journals named: not a one-study page


NEWS_ITEM = """Tea drinkers live longer, study says

Drinking two or more cups of black tea a day was linked to a lower risk of death from any cause.

The study, published on Monday in the Annals of Internal Medicine, found fewer deaths from heart disease.
Milk or sugar made no difference to the lower risk.
"""


def test_a_news_item_about_one_study_named_by_its_journal_ties_every_claim_to_it() -> None:
    claims = claims_of(article_from_text(NEWS_ITEM))
    default = "single-study article: the study in Annals of Internal Medicine (no reference in the text)"
    assert claim_starting(claims, "Drinking two").linked_by == (default,)
    assert claim_starting(claims, "Milk or sugar").linked_by == (default,)
    assert claim_starting(claims, "The study").linked_by == (
        "journal named: Annals of Internal Medicine (no reference in the text)",)
    assert all(c.citation_ids == () for c in claims)


SOURCE_SECTIONS = """## Stem cells and multiple sclerosis

The method proved to restore walking in most patients with multiple sclerosis.
Source: Islam MA, Alam SS, Kundu S, et al. Mesenchymal Stem Cell Therapy in Multiple Sclerosis: \
A Systematic Review and Meta-Analysis. J Clin Med. 2023;12(19):6311.

## Other news

Sleep improves mood in teenagers.
"""


def test_a_source_line_ties_the_claims_before_it_and_not_the_next_section() -> None:
    claims = claims_of(article_from_text(SOURCE_SECTIONS, "page.md"))
    method = claim_starting(claims, "The method")
    assert method.citation_ids == ("c1",) and method.linked_by == ("section source",)
    assert method.topical  # "the method" is the study's subject in a section citing one study
    assert claim_starting(claims, "Sleep").citation_ids == ()


SINGLE_STUDY = """Stem cells in multiple sclerosis: a press release
Journal reference: Islam MA, Alam SS, Kundu S, et al. Mesenchymal Stem Cell Therapy in Multiple \
Sclerosis: A Systematic Review and Meta-Analysis. J Clin Med. 2023;12(19):6311. doi: 10.3390/jcm12196311

The study found that patients walked further after the therapy.
Participants also reported less pain.
"""


def test_on_a_single_study_page_claims_rest_on_the_study_by_default() -> None:
    claims = claims_of(article_from_text(SINGLE_STUDY))
    assert claims and all(c.linked_by[0] == "single-study article" for c in claims)
    assert {c.citation_ids for c in claims} == {("c1",)}


def test_a_reference_list_is_not_a_single_study() -> None:
    claims = claims_of(article_from_text(NUMBERED))
    assert all("single-study article" not in c.linked_by for c in claims)


EXPLICIT_WINS = """Creatine improves sprint power in athletes [1].
Source: Brown A. Rest and recovery. Sport J. 2019;5(1):1-9.

Our shop sells creatine in three flavours.

References
1. Green B. Creatine and sprint power. Sport Sci. 2018;7(4):100-110.
2. White C. Creatine and sleep. Sleep Sci. 2017;2(1):1-5.
"""


def test_when_ties_disagree_the_marker_wins_and_the_claim_says_so() -> None:
    article = article_from_text(EXPLICIT_WINS)
    citations = find_citations(article)
    claim = claim_starting(list(extract_claims(article, citations)), "Creatine")
    marked = next(c.id for c in citations if c.marker == 1)
    assert claim.citation_ids == (marked,)
    assert claim.linked_by[0] == "marker [1]"
    assert any("overruled by the explicit tie" in how for how in claim.linked_by[1:])


HTML = """<html><body><article>
<h1>Walking and the heart</h1>
<p>Brisk walking lowers blood pressure in adults, a
<a href="https://pubmed.ncbi.nlm.nih.gov/37834955/">trial reported</a>.</p>
<p>Walking improves sleep in adults<sup>2</sup>.</p>
<p>Walking eases stress in adults.</p>
</article></body></html>
"""


def test_a_link_around_the_claim_is_a_tie_and_sup_is_a_marker(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    article = ingest.load(str(page))
    assert [(link.href, link.line) for link in article.links] == [
        ("https://pubmed.ncbi.nlm.nih.gov/37834955/", 4)]
    claims = claims_of(article)
    assert claim_starting(claims, "Brisk").linked_by == ("hyperlink https://pubmed.ncbi.nlm.nih.gov/37834955/",)
    assert claim_starting(claims, "Walking improves").linked_by == ("marker [2] (no reference 2 in the text)",)
    assert claim_starting(claims, "Walking eases").linked_by == ()


# --- S210 only for claims that rest on nothing ---------------------------------------------

def _s210(claim: Claim) -> list[str]:
    ctx = ClaimContext(claim=claim, citation_id=None, label="", design=None, record=None)
    return [f.code for f in claim_uncited(ctx)]


def test_s210_fires_on_an_uncited_finding_and_not_on_a_tied_one() -> None:
    article = article_from_text("Walking lowers blood pressure in adults.\n"
                                "Oats lower cholesterol in adults (Smith et al., 2020).\n")
    uncited, tied = claims_of(article)
    assert _s210(uncited) == ["S210"]
    assert _s210(tied) == []


def test_a_markdown_link_is_a_tie_with_its_target_and_line(tmp_path: Path) -> None:
    text = ("# Walking\n\nBrisk walking lowers blood pressure, "
            "[a trial found](https://jamanetwork.com/journals/jama).\n\nWalking eases stress in adults.\n")
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    article = ingest.load(str(page))
    assert [(link.href, link.line) for link in article.links] == [("https://jamanetwork.com/journals/jama", 3)]
    claims = claims_of(article)
    assert claim_starting(claims, "Brisk").linked_by == ("hyperlink https://jamanetwork.com/journals/jama",)
    assert claim_starting(claims, "Walking eases").linked_by == ()


# --- round 4: titles, citations closing a paragraph, collective authors, organisations ----

# A real record (Corbin KD et al., Nat Commun 2023, doi 10.1038/s41467-023-38778-x); the sentences are ours.
CORBIN_TITLE = "Host-diet-gut microbiome interactions influence human energy balance: a randomized clinical trial"
RECORD_PAGE = f"""{CORBIN_TITLE}
https://doi.org/10.1038/s41467-023-38778-x

A diet rich in fibre changed how much energy the gut absorbed in this trial.
"""


def test_the_title_above_its_record_line_is_not_a_claim() -> None:
    claims = claims_of(article_from_text(RECORD_PAGE))
    assert [c.text for c in claims] == ["A diet rich in fibre changed how much energy the gut absorbed in this trial."]


def test_the_same_headline_above_body_text_is_still_a_claim() -> None:
    text = f"{CORBIN_TITLE}\n\nA diet rich in fibre changed how much energy the gut absorbed in this trial.\n"
    assert next(c.text for c in claims_of(article_from_text(text))) == CORBIN_TITLE


def test_a_line_that_is_a_cited_papers_title_is_not_a_claim() -> None:
    text = (f"{CORBIN_TITLE}\n\nA diet rich in fibre changed how much energy the gut absorbed in this trial.\n\n"
            "References\n1. Corbin KD, Carnero EA, Dirks B, et al. " + CORBIN_TITLE
            + ". Nat Commun. 2023;14. doi: 10.1038/s41467-023-38778-x\n")
    texts = [c.text for c in claims_of(article_from_text(text))]
    assert texts == ["A diet rich in fibre changed how much energy the gut absorbed in this trial."]


CLOSING_CITATION = """Depression is common.

A national survey sampled adults and reported that depression diagnoses rose by a third since 2013. \
The survey's authors note that only hypertension costs more healthy years. \
(World Health Organization, 2018).

Walking lowers blood pressure in adults.
"""


def test_a_citation_printed_as_its_own_sentence_ties_the_sentences_before_it() -> None:
    claims = claims_of(article_from_text(CLOSING_CITATION))
    closing = "author-year World Health Organization 2018 (no matching reference) (closes the paragraph)"
    assert claim_starting(claims, "A national survey").linked_by == (closing,)
    assert claim_starting(claims, "The survey's authors").linked_by == (closing,)
    assert claim_starting(claims, "Walking").linked_by == ()
    assert not any(c.text.startswith("(World") for c in claims)  # the citation itself is no claim


@pytest.mark.parametrize(("text", "found"), [
    ("Sleep matters (World Health Organization, 2020).", {("world health organization", 2020)}),
    ("Sleep matters (Blue Cross/Blue Shield Health Index, 2018).", {("blue cross blue shield health index", 2018)}),
    ("Sleep matters (Smith and Jones, 2019).", {("smith", 2019)}),
    ("Sleep matters (Updated March, 2019).", set()),
])
def test_collective_authors_in_author_year(text: str, found: set[tuple[str, int]]) -> None:
    assert author_years(text) == found


def test_an_organisation_given_as_the_source_is_a_tie() -> None:
    text = ("The National Institute of Mental Health estimated that 8% of adults had a depressive episode.\n"
            "Staff at the clinic estimated that 60% of visitors improved.\n")
    claims = claims_of(article_from_text(text))
    assert claim_starting(claims, "The National").linked_by == (
        "organisation named: National Institute of Mental Health (no reference in the text)",)
    assert claim_starting(claims, "Staff").linked_by == ()


def test_a_marker_whose_number_was_lost_is_still_a_tie() -> None:
    text = "Arthritis is the most common cause of disability in older adults [\n].\nArthritis causes pain in adults.\n"
    claims = claims_of(article_from_text(text))
    assert claim_starting(claims, "Arthritis is").linked_by == ("marker [?] (the number was lost)",)
    assert claim_starting(claims, "Arthritis causes").linked_by == ()


ABSTRACT = """Background: Knee pain is the most common cause of disability in older adults.
Results: Fifty websites were analysed. Readability varied from 8th to 12th grade level.
Methods: Pages were scored by two readers.
"""


def test_results_sentences_are_findings_and_a_background_line_is_not_a_claim() -> None:
    texts = [c.text for c in claims_of(article_from_text(ABSTRACT))]
    assert "Readability varied from 8th to 12th grade level." in texts
    assert not any(t.startswith(("Background", "Methods")) for t in texts)


@pytest.mark.parametrize("sentence", [
    "A review of the literature suggests that exercise is a valid treatment for mild depression.",
    "By far the strongest factor in our analysis was the dose.",
])
def test_suggested_findings_and_findings_of_our_analysis_are_claims(sentence: str) -> None:
    assert [c.text for c in claims_of(article_from_text(sentence + "\n"))] == [sentence]


def test_a_plain_statement_with_neither_is_not_a_claim() -> None:
    assert claims_of(article_from_text("By far the largest room in the clinic was the gym.\n")) == []


INLINE_IDS = """Stem cell therapy improved disability scores in patients with multiple sclerosis \
(doi: 10.3390/jcm12196311), the authors reported.

Stem cells eased fatigue in patients, see https://pubmed.ncbi.nlm.nih.gov/37834955/ for the abstract.

Walking eases stress in adults.

PMID: 37834955
"""


def test_a_sentence_printing_an_identifier_is_prose_tied_to_it() -> None:
    article = article_from_text(INLINE_IDS)
    citations = find_citations(article)
    claims = list(extract_claims(article, citations))
    doi = next(c.id for c in citations if c.doi and c.span.line == 1)
    pmid = next(c.id for c in citations if c.pmid and c.span.line == 3)
    therapy = claim_starting(claims, "Stem cell therapy")
    assert therapy.citation_ids == (doi,) and therapy.linked_by[0] == "identifier 10.3390/jcm12196311"
    fatigue = claim_starting(claims, "Stem cells eased")
    assert fatigue.citation_ids == (pmid,) and fatigue.linked_by[0] == "identifier pubmed.ncbi.nlm.nih.gov/37834955"
    assert not any(c.text.startswith("PMID") for c in claims)  # a line that only prints an id is no prose



@pytest.mark.parametrize("line", [
    "MSCs eased relapses (PMID: 37834955).",  # three words: shorter than most prose around an id
    "MSCs eased relapses (doi: 10.3390/jcm12196311).",
])
def test_a_short_claim_with_its_identifier_in_brackets_is_prose(line: str) -> None:
    claims = claims_of(article_from_text(f"{line}\n"))
    assert [c.text for c in claims] == [line] and claims[0].linked_by[0].startswith("identifier")


@pytest.mark.parametrize("line", [
    "Full text (PMID: 37834955).",  # words before the identifier that assert nothing
    "Read the review here (doi: 10.3390/jcm12196311).",
])
def test_a_short_line_printing_an_identifier_is_not_prose(line: str) -> None:
    assert claims_of(article_from_text(f"{line}\n")) == []


@pytest.mark.parametrize("text", [
    "Stem cells eased fatigue (see https://example.org/results2).",  # a page name ending in a digit
    "Zinc eased colds (doi: 10.5555/xyz123).",  # Crossref's test prefix: a DOI ending in letters and digits
])
def test_digits_inside_an_identifier_or_a_link_are_no_marker(text: str) -> None:
    assert reference_markers(text) == set()


@pytest.mark.parametrize(("text", "numbers"), [
    ("Fish oil lowers triglycerides [source](https://pubmed.ncbi.nlm.nih.gov/37834955/)[4]", {4}),
    ("Zinc eased colds (https://doi.org/10.5555/xyz123)[5].", {5}),
    ("Omega-3 oils ease joint pain ([NHS](https://www.nhs.uk/omega))[2].", {2}),
])
def test_a_marker_after_a_link_or_doi_is_still_a_marker(text: str, numbers: set[int]) -> None:
    assert reference_markers(text) == numbers

# Real records: Islam MA et al. (above) and Manson JE et al. Vitamin D Supplements and Prevention of
# Cancer and Cardiovascular Disease. N Engl J Med. 2019;380(1):33-44 (the VITAL trial).
MANSON = ("Manson JE, Cook NR, Lee IM, et al. Vitamin D Supplements and Prevention of Cancer and "
          "Cardiovascular Disease. N Engl J Med. 2019;380(1):33-44.")
ISLAM = ("Islam MA, Alam SS, Kundu S, et al. Mesenchymal Stem Cell Therapy in Multiple Sclerosis: "
         "A Systematic Review and Meta-Analysis. J Clin Med. 2023;12(19):6311.")
SOURCES_FIRST = f"""# What the research says

## Stem cells

Source: {ISLAM}

Stem cell therapy restored walking in most patients with multiple sclerosis.

## Vitamin D

Source: {MANSON}

Vitamin D cut cancer deaths by 25% in older adults.
"""
SOURCES_AFTER = f"""## Stem cells

Stem cell therapy restored walking in most patients with multiple sclerosis.

Source: {ISLAM}

## Vitamin D

Vitamin D cut cancer deaths by 25% in older adults.

Source: {MANSON}
"""


def test_a_source_line_under_its_heading_ties_the_paragraph_after_it() -> None:
    claims = claims_of(article_from_text(SOURCES_FIRST, "page.md"))
    before = "section source (printed before the paragraph)"
    stem_cells, vitamin_d = claim_starting(claims, "Stem cell"), claim_starting(claims, "Vitamin D")
    assert (stem_cells.citation_ids, stem_cells.linked_by) == (("c1",), (before,))
    assert (vitamin_d.citation_ids, vitamin_d.linked_by) == (("c2",), (before,))


def test_a_source_line_after_its_paragraph_still_closes_it() -> None:
    claims = claims_of(article_from_text(SOURCES_AFTER, "page.md"))
    stem_cells, vitamin_d = claim_starting(claims, "Stem cell"), claim_starting(claims, "Vitamin D")
    assert (stem_cells.citation_ids, stem_cells.linked_by) == (("c1",), ("section source",))
    assert (vitamin_d.citation_ids, vitamin_d.linked_by) == (("c2",), ("section source",))



def test_an_author_year_of_another_year_ties_to_the_one_reference_by_that_author() -> None:
    text = f"Disability improved in 40% of patients (Islam and Alam, 2021).\n\nReferences\n1. {ISLAM}\n"
    (claim,) = claims_of(article_from_text(text))
    assert claim.citation_ids == ("c1",)
    assert claim.linked_by == ("author-year Islam 2021 (the reference is of another year)",)


def test_an_author_year_naming_no_reference_author_stays_unresolved() -> None:
    text = f"Disability improved in 40% of patients (Smith and Alam, 2021).\n\nReferences\n1. {ISLAM}\n"
    (claim,) = claims_of(article_from_text(text))
    assert claim.citation_ids == () and claim.linked_by[0] == "author-year Smith 2021 (no matching reference)"

PRESS_RELEASE = f"""Vitamin D pills cut cancer deaths, trial finds

Vitamin D supplements cut deaths from cancer in older adults over five years.

Journal reference

{MANSON}
"""


def test_a_journal_reference_under_its_label_closes_the_news_item_above_it() -> None:
    claims = claims_of(article_from_text(PRESS_RELEASE))
    headline, body = claim_starting(claims, "Vitamin D pills"), claim_starting(claims, "Vitamin D supplements")
    assert (headline.citation_ids, headline.linked_by) == (("c1",), ("section source",))
    assert (body.citation_ids, body.linked_by) == (("c1",), ("section source",))


def test_a_source_under_a_topic_heading_opens_the_part_after_it_not_the_one_before() -> None:
    text = PRESS_RELEASE.replace("Journal reference", "Heart health") + "\nVitamin D also eased heart failure.\n"
    claims = claims_of(article_from_text(text))
    assert claim_starting(claims, "Vitamin D supplements").citation_ids == ()
    assert claim_starting(claims, "Vitamin D also").citation_ids == ("c1",)

SOURCES_LEAD = f"""Source: {ISLAM}

Stem cell therapy restored walking in most patients with multiple sclerosis. The
treatment also eased fatigue.

Source: {MANSON}

Vitamin D cut cancer deaths by 25% in older adults.
"""
OPENS_ON_PROSE = f"""Stem cell therapy restored walking in most patients with multiple sclerosis.

Source: {ISLAM}

Vitamin D cut cancer deaths by 25% in older adults.

Source: {MANSON}
"""


def test_a_page_opening_on_a_source_prints_each_source_before_its_paragraph() -> None:
    claims = claims_of(article_from_text(SOURCES_LEAD))
    before = "section source (printed before the paragraph)"
    stem_cells, fatigue = claim_starting(claims, "Stem cell"), claim_starting(claims, "The treatment also")
    vitamin_d = claim_starting(claims, "Vitamin D")
    assert (stem_cells.citation_ids, fatigue.citation_ids, vitamin_d.citation_ids) == (("c1",), ("c1",), ("c2",))
    assert stem_cells.linked_by == vitamin_d.linked_by == (before,)


def test_a_page_opening_on_prose_closes_each_paragraph_with_its_source() -> None:
    claims = claims_of(article_from_text(OPENS_ON_PROSE))
    stem_cells, vitamin_d = claim_starting(claims, "Stem cell"), claim_starting(claims, "Vitamin D")
    assert (stem_cells.citation_ids, stem_cells.linked_by) == (("c1",), ("section source",))
    assert (vitamin_d.citation_ids, vitamin_d.linked_by) == (("c2",), ("section source",))


@pytest.mark.parametrize(("short", "full", "same"), [
    ("N Engl J Med", "New England Journal of Medicine", True),
    ("Proc Natl Acad Sci U S A", "Proceedings of the National Academy of Sciences", True),
    ("Ann Intern Med", "Annals of Internal Medicine", True),
    ("N Engl J Med", "Nature", False),
    ("Nutrients", "Nutrition", False),
    ("JAMA", "JAMA Internal Medicine", False),
])
def test_a_journal_abbreviation_and_its_full_name(short: str, full: str, same: bool) -> None:
    assert abbreviates(short, full) is same


def test_a_journal_named_in_full_ties_to_the_reference_printing_its_abbreviation() -> None:
    text = (f"A trial published in the New England Journal of Medicine found that vitamin D did not prevent cancer.\n"
            f"A review in the Journal of Clinical Medicine found that stem cells improve walking.\n\n"
            f"References\n1. {MANSON}\n2. {ISLAM}\n")
    claims = claims_of(article_from_text(text))
    assert claim_starting(claims, "A trial").linked_by == ("journal named: New England Journal of Medicine",)
    assert claim_starting(claims, "A trial").citation_ids == ("c1",)
    assert claim_starting(claims, "A review").citation_ids == ("c2",)


@pytest.mark.parametrize("sentence", [
    "Lung function and frailty scores were unchanged after the infusions.",
    "Symptoms resolved in 13 of 16 patients after one infusion.",
    "Hewlings and Kalman conclude that curcumin eases joint pain.",
    "The authors acknowledged that the evidence is of low quality.",
    "The cord is usually about 50 centimetres long at birth.",
])
def test_null_findings_counts_named_authors_and_measurements_are_claims(sentence: str) -> None:
    assert [c.text for c in claims_of(article_from_text(sentence + "\n"))] == [sentence]


@pytest.mark.parametrize("sentence", [
    "The clinic is open from Monday to Friday.",
    "Smith and Jones run the clinic on weekdays.",
    "Take the stairs to the second floor.",
])
def test_plain_statements_without_findings_are_not_claims(sentence: str) -> None:
    assert claims_of(article_from_text(sentence + "\n")) == []


def test_sentences_under_a_results_heading_are_findings() -> None:
    text = "Results\n\nReadability ranged from the 8th to the 12th grade.\n\nAbout us\n\nReadability ranged widely.\n"
    found = [c.text for c in claims_of(article_from_text(text))]
    assert found == ["Readability ranged from the 8th to the 12th grade."]


PDF_COLUMNS = """Global burden of disease in 2021: a systematic analysis

Vitamin D cut cancer deaths in older adults in the trial, the authors reported in https://doi.org/10.1056/
NEJMoa1809944
"""


def test_a_doi_cut_after_its_slash_at_a_line_end_is_read_whole() -> None:
    article = article_from_text(PDF_COLUMNS)
    citations = find_citations(article)
    assert [c.doi for c in citations] == ["10.1056/NEJMoa1809944"]
    claim = claim_starting(list(extract_claims(article, citations)), "Vitamin D")
    assert claim.linked_by[0] == "identifier 10.1056/NEJMoa1809944"


def test_a_doi_prefix_alone_at_a_line_end_with_prose_after_is_no_doi() -> None:
    article = article_from_text("See the list at 10.1056/\nand more.\n")
    assert [c.doi for c in find_citations(article)] == []


def test_a_source_under_a_reference_heading_closes_the_section_above() -> None:
    text = f"Stem cells\n\nStem cell therapy restored walking in most patients.\n\nReference\n{ISLAM}\n"
    claim = claim_starting(claims_of(article_from_text(text)), "Stem cell therapy")
    assert claim.citation_ids == ("c1",) and claim.linked_by[0] in ("section source", "single-study article")


def test_a_journal_used_as_an_adjective_ties_only_to_a_reference_printing_it() -> None:
    text = (f"A new N Engl J Med study found that vitamin D did not prevent cancer.\n"
            f"A Harvard study found that vitamin D did not prevent falls.\n\nReferences\n1. {MANSON}\n2. {ISLAM}\n")
    claims = claims_of(article_from_text(text))
    assert claim_starting(claims, "A new").citation_ids == ("c1",)
    assert claim_starting(claims, "A new").linked_by == ("journal named: N Engl J Med",)
    assert claim_starting(claims, "A Harvard").citation_ids == ()


def test_an_author_year_naming_its_journal_without_quotes() -> None:
    from verifier.claims import journals_named
    assert journals_named("Kennedy (2016) in Nutrients reported lower iron.") == ["Nutrients"]


# --- author-year in all usual forms, end to end ----------------------------------------------

@pytest.mark.parametrize(("text", "found"), [
    ("Fibre helps (Reynolds, Venn, & Mann, 2016).", {("reynolds", 2016)}),
    ("Reynolds, Venn and Mann (2016) showed that fibre helps.", {("reynolds", 2016)}),
    ("Naps help (e.g., McDonald, 2017; Brown et al., 2015).", {("mcdonald", 2017), ("brown", 2015)}),
    ("Naps help (see McDonald 2017, Brown et al. 2015).", {("mcdonald", 2017), ("brown", 2015)}),
    ("Naps help (McDonald, 2017, 2019).", {("mcdonald", 2017), ("mcdonald", 2019)}),
    ("Van der Berg et al. (2019) found fewer strokes.", {("berg", 2019)}),
    ("Tea helps (de Vries et al., 2015).", {("vries", 2015)}),
    ("O'Connor and Hughes (2018) found less bowel cancer.", {("o connor", 2018)}),
    ("DiMarco and colleagues (2018) found less pain.", {("dimarco", 2018)}),
    ("Brown's 2015 study found better alertness.", {("brown", 2015)}),
    ("However, Smith (2018) found no effect.", {("smith", 2018)}),
    ("Sleep matters (WHO, 2020).", {("who", 2020)}),
    ("Naps help (n = 40, 2019 cohort).", set()),
    ("In March (2019) the clinic opened.", set()),
])
def test_author_year_in_lists_with_particles_and_colleagues(text: str, found: set[tuple[str, int]]) -> None:
    assert author_years(text) == found


APA_PAGE = """Walking after meals lowers blood sugar in older adults (Reynolds, Venn, & Mann, 2016).
Green tea drinkers had fewer strokes, as van der Berg et al. (2019) reported.
O'Connor and Hughes (2018) found that fibre cuts the risk of bowel cancer.
Short naps improve alertness in shift workers (e.g., McDonald, 2017; Brown et al., 2015).

References
Brown, K. L., Smith, J., & Patel, R. (2015). Naps and alertness in night shift nurses. Sleep Health, 1(3), 120-126.
McDonald, A. (2017). Napping at work: A field study. Journal of Sleep Research, 26(2), 200-207.
O'Connor, P., & Hughes, D. (2018). Dietary fibre and bowel cancer: A cohort study. British Journal of Nutrition, \
119(5), 500-510.
Reynolds, A. N., Venn, B. J., & Mann, J. (2016). Walking after meals and glycaemia. Diabetologia, 59(12), 2572-2578.
van der Berg, J., de Vries, M., & Jansen, K. (2019). Tea and stroke in Dutch adults. Stroke, 50(3), 700-705.
"""


def _first_authors(claim: Claim, citations: dict[str, str]) -> list[str]:
    return [citations[cid] for cid in claim.citation_ids]


def test_author_year_claims_tie_to_their_apa_references() -> None:
    article = article_from_text(APA_PAGE)
    citations = find_citations(article)
    firsts = {c.id: c.printed.split(",")[0] for c in citations}
    assert sorted(firsts.values()) == ["Brown", "McDonald", "O'Connor", "Reynolds", "van der Berg"]
    claims = list(extract_claims(article, citations))
    assert _first_authors(claim_starting(claims, "Walking after"), firsts) == ["Reynolds"]
    assert _first_authors(claim_starting(claims, "Green tea"), firsts) == ["van der Berg"]
    assert _first_authors(claim_starting(claims, "O'Connor and Hughes"), firsts) == ["O'Connor"]
    assert sorted(_first_authors(claim_starting(claims, "Short naps"), firsts)) == ["Brown", "McDonald"]


def test_a_prose_line_opening_with_an_author_year_is_not_a_reference() -> None:
    from verifier.citations import looks_like_reference
    assert not looks_like_reference("O'Connor and Hughes (2018) found that fibre cuts the risk of bowel cancer.")
    assert looks_like_reference("O'Connor, P., & Hughes, D. (2018). Dietary fibre and bowel cancer. "
                                "British Journal of Nutrition, 119(5), 500-510.")


def test_a_named_author_not_the_sections_first_author_is_still_tied_to_it_for_c109() -> None:
    text = ("Green tea drinkers had fewer strokes, as Jansen et al. reported.\n\n"
            "Source: Brown KL, Smith J. Naps and alertness in night shift nurses. Sleep Health. 2015;1(3):120-6.\n")
    claim = claim_starting(claims_of(article_from_text(text)), "Green tea")
    assert (claim.citation_ids, claim.linked_by) == (("c1",), ("named",))


VANCOUVER_LIST = """References
1. Brown KL, Smith J, Patel R. Naps and alertness in night shift nurses. Sleep Health. 2015;1(3):120-6.
2. O'Connor P, Hughes D. Dietary fibre and bowel cancer: a cohort study. Br J Nutr. 2018;119(5):500-10.
3. Reynolds AN, Venn BJ, Mann J. Walking after meals and glycaemia. Diabetologia. 2016;59(12):2572-8.
"""


@pytest.mark.parametrize(("sentence", "first_author"), [
    ("A study published in the journal Sleep Health found that naps improve alertness in nurses.", "Brown"),
    ("According to research in the Sleep Health journal pages, naps improve alertness.", "Brown"),
    ("Writing in the British Journal of Nutrition, the authors reported that fibre cuts bowel cancer risk.",
     "O'Connor"),
    ("In the latest issue of Diabetologia, researchers report that walking after meals lowers blood sugar.",
     "Reynolds"),
    ("The findings, in Diabetologia, show that walking after meals lowers blood sugar.", "Reynolds"),
])
def test_a_journal_named_in_narrative_forms_ties_to_its_reference(sentence: str, first_author: str) -> None:
    article = article_from_text(sentence + "\n\n" + VANCOUVER_LIST)
    citations = find_citations(article)
    firsts = {c.id: c.printed.split()[0] for c in citations}
    claim = claim_starting(list(extract_claims(article, citations)), sentence[:12])
    assert _first_authors(claim, firsts) == [first_author]
    assert claim.linked_by[0].startswith("journal named:")


@pytest.mark.parametrize("sentence", [
    "According to research in the United States, naps improve alertness.",
    "Data from the World Health Organization show that walking lowers blood sugar.",
])
def test_a_place_or_an_organisation_after_research_in_is_not_a_journal(sentence: str) -> None:
    claim = claim_starting(claims_of(article_from_text(sentence + "\n")), sentence[:12])
    assert not any(h.startswith("journal named") for h in claim.linked_by)


def test_text_beside_the_blocks_of_an_html_fragment_is_read(tmp_path: Path) -> None:
    page = tmp_path / "comment.html"
    page.write_text('Brisk walking lowers blood pressure in older adults.\nThe paper:<p>'
                    '<a href="https://pubmed.ncbi.nlm.nih.gov/37834955/">https://pubmed.ncbi.nlm.nih.gov/37834955/'
                    '</a></p>\n', encoding="utf-8")
    article = ingest.load(str(page))
    assert article.text.startswith("Brisk walking lowers blood pressure in older adults.")
    claim = claim_starting(claims_of(article), "Brisk")
    assert claim.citation_ids == ("c1",) and claim.linked_by[0] in ("section source", "single-study article")


OL_PAGE = """<html><body><article>
<p>Zinc lozenges shorten colds in healthy adults.<sup>2</sup></p>
<p>High doses can upset the stomach.<sup>1</sup></p>
<h2>References</h2>
<{tag}{attrs}>
<li>Perez D, Moss T. Gastric effects of high-dose zinc. Nutr Res. 2012;32(4):250-5.</li>
<li>Ward P, Osei L. Zinc lozenges and the length of the common cold. Fam Pract. 2014;31(2):110-6.</li>
</{tag}>
</article></body></html>
"""


def test_the_items_of_an_ordered_list_carry_the_numbers_a_browser_shows(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(OL_PAGE.format(tag="ol", attrs=""), encoding="utf-8")
    article = ingest.load(str(page))
    assert "\n1. Perez D" in article.text and "\n2. Ward P" in article.text
    citations = find_citations(article)
    claim = claim_starting(list(extract_claims(article, citations)), "Zinc lozenges")
    assert claim.linked_by == ("marker [2]",)
    assert citations[int(claim.citation_ids[0][1:]) - 1].printed.startswith("Ward")
    page.write_text(OL_PAGE.format(tag="ol", attrs=' start="7"'), encoding="utf-8")
    assert "\n7. Perez D" in ingest.load(str(page)).text


def test_an_item_value_renumbers_it_and_the_items_after_it(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    third = "<li>Hale R. Zinc and taste. Chem Senses. 2015;40:1-4.</li></ol>"
    three = OL_PAGE.format(tag="ol", attrs="").replace("<li>Ward", '<li value="5">Ward').replace("</ol>", third)
    page.write_text(three, encoding="utf-8")
    text = ingest.load(str(page)).text
    assert "\n1. Perez D" in text and "\n5. Ward P" in text and "\n6. Hale R" in text


def test_a_list_numbered_past_9999_is_still_one_reference_per_item(tmp_path: Path) -> None:
    """A 20,000-item list: items 10000 on were once run together eight to a reference."""
    page = tmp_path / "page.html"
    third = "<li>Hale R. Zinc and taste. Chem Senses. 2015;40:1-4.</li></ol>"
    page.write_text(OL_PAGE.format(tag="ol", attrs=' start="9999"').replace("</ol>", third), encoding="utf-8")
    article = ingest.load(str(page))
    assert "\n10000. Ward P" in article.text and "\n10001. Hale R" in article.text
    citations = find_citations(article)
    assert [c.marker for c in citations] == [9999, 10000, 10001]
    assert [name in c.printed for c, name in zip(citations, ("Perez D", "Ward P", "Hale R"), strict=True)] == [True] * 3


@pytest.mark.parametrize(("tag", "attrs"), [("ul", ""), ("ol", ' type="a"')])
def test_items_of_a_bulleted_or_lettered_list_are_given_no_number(tmp_path: Path, tag: str, attrs: str) -> None:
    page = tmp_path / "page.html"
    page.write_text(OL_PAGE.format(tag=tag, attrs=attrs), encoding="utf-8")
    assert "\nPerez D" in ingest.load(str(page)).text


def test_an_ordered_list_item_printing_its_own_number_is_not_numbered_twice(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(OL_PAGE.format(tag="ol", attrs="").replace("<li>Perez", "<li>1. Perez"), encoding="utf-8")
    text = ingest.load(str(page)).text
    assert "\n1. Perez D" in text and "1. 1." not in text


@pytest.mark.parametrize(("sentence", "first_author", "how"), [
    ("A 2016 study found that walking after meals lowers blood sugar.", "Reynolds", "study named: A 2016 study"),
    ("A study led by Dr. Anna Reynolds found that walking after meals lowers blood sugar.", "Reynolds",
     "named: Reynolds"),
    ("O'Connor and colleagues found that fibre cuts bowel cancer risk.", "O'Connor", "named: O'Connor"),
    ("Brown's team found that naps improve alertness.", "Brown", "named: Brown"),
    ("The Brown crossover trial found that naps improve alertness.", "Brown", "named: Brown"),
    ("The O'Connor cohort study found that fibre cuts bowel cancer risk.", "O'Connor", "named: O'Connor"),
    ("Reynolds's analysis showed that walking after meals lowers blood sugar.", "Reynolds", "named: Reynolds"),
    ("O'Connor and Hughes showed that fibre cuts bowel cancer risk.", "O'Connor", "named: O'Connor"),
    ("According to Dr Reynolds, walking after meals lowers blood sugar.", "Reynolds", "named: Reynolds"),
    ("As Brown points out, naps improve alertness in nurses.", "Brown", "named: Brown"),
])
def test_a_study_described_by_its_year_or_its_researcher_ties_to_the_one_reference(
        sentence: str, first_author: str, how: str) -> None:
    article = article_from_text(sentence + "\n\n" + VANCOUVER_LIST)
    citations = find_citations(article)
    firsts = {c.id: c.printed.split()[0] for c in citations}
    claim = claim_starting(list(extract_claims(article, citations)), sentence[:12])
    assert (_first_authors(claim, firsts), claim.linked_by[0]) == ([first_author], how)


def test_a_year_shared_by_two_references_or_a_researcher_not_listed_ties_to_none() -> None:
    text = ("A 2015 study found that naps improve alertness.\nA study led by Dr. Jansen found fewer strokes.\n\n"
            "References\n1. Brown KL. Naps and alertness in nurses. Sleep Health. 2015;1(3):120-6.\n"
            "2. Green T. Naps and memory. Sleep Health. 2015;1(4):130-6.\n")
    claims = claims_of(article_from_text(text))
    assert claim_starting(claims, "A 2015").citation_ids == ()
    assert claim_starting(claims, "A 2015").linked_by == ("study named: A 2015 study (no reference in the text)",)
    assert claim_starting(claims, "A study led").citation_ids == ()


@pytest.mark.parametrize("sentence", [
    "Sleep and Mood showed that naps improve alertness in nurses.",  # no reference by "Sleep"
    "According to Harvard Health, naps improve alertness in nurses.",
    "As Figure 2 shows, naps improve alertness in nurses.",
    "According to the WHO, naps improve alertness in nurses.",
])
def test_names_that_are_no_listed_author_tie_to_none(sentence: str) -> None:
    claim = claim_starting(claims_of(article_from_text(sentence + "\n\n" + VANCOUVER_LIST)), sentence[:10])
    assert not any(how.startswith("named") for how in claim.linked_by)


def test_a_study_known_by_a_name_no_reference_starts_with_ties_to_none() -> None:
    text = ("The Mediterranean diet study found fewer strokes in older adults.\n"
            "The Brown trial showed that naps improve alertness in nurses.\n\n"
            "References\n1. Brown KL. Naps and alertness in nurses. Sleep Health. 2015;1(3):120-6.\n"
            "2. Green T. Naps and memory. Sleep Health. 2016;1(4):130-6.\n")
    claims = claims_of(article_from_text(text))
    assert claim_starting(claims, "The Mediterranean").citation_ids == ()
    assert claim_starting(claims, "The Brown").linked_by == ("named: Brown",)


def test_an_organisation_given_as_the_source_ties_to_the_reference_it_wrote() -> None:
    text = ("The National Institute of Mental Health estimated that 8% of adults had a depressive episode.\n\n"
            "References\nNational Institute of Mental Health. (2017). Major depression. Bethesda, MD.\n"
            "Brown, K. L. (2015). Naps and alertness in night shift nurses. Sleep Health, 1(3), 120-126.\n")
    article = article_from_text(text)
    citations = find_citations(article)
    claim = claim_starting(list(extract_claims(article, citations)), "The National")
    assert [citations[int(cid[1:]) - 1].printed.split(".")[0] for cid in claim.citation_ids] == [
        "National Institute of Mental Health"]


def test_a_journal_several_references_print_ties_to_the_sections_source_among_them() -> None:
    text = ("## Nuts\n\nPeople who eat nuts had lower mortality, in an observational study in the "
            "New England Journal of Medicine.\n\n"
            f"Source: Bao Y, Han J, Hu FB, et al. Association of nut consumption with total and cause-specific "
            f"mortality. N Engl J Med. 2013;369(21):2001-11.\n\n## Vitamin D\n\nVitamin D did not prevent cancer.\n\n"
            f"Source: {MANSON}\n")
    article = article_from_text(text, "page.md")
    citations = find_citations(article)
    claim = claim_starting(list(extract_claims(article, citations)), "People who eat nuts")
    assert [citations[int(cid[1:]) - 1].printed[:3] for cid in claim.citation_ids] == ["Bao"]
    assert claim.linked_by == ("journal named: New England Journal of Medicine",)


@pytest.mark.parametrize(("text", "numbers"), [
    ("Iron eases fatigue¹ in adults.", {1}),
    ("Iron eases fatigue.²,³ It helps.", {2, 3}),
    ("Iron eases fatigue¹⁻³ in adults.", {1, 2, 3}),
    ("Iron eases fatigue (refs 3, 4).", {3, 4}),
    ("Iron eases fatigue [Ref. 2].", {2}),
    ("Iron eases fatigue [12•].", {12}),
    ("Iron eases fatigue.(12) It helps.", {12}),
])
def test_unicode_superscripts_and_ref_markers(text: str, numbers: set[int]) -> None:
    assert reference_markers(text) == numbers


SUPERSCRIPT_LIST = """Zinc and colds

Zinc lozenges shorten colds in healthy adults.1,2 High doses, however, can upset the stomach.3

References
1. Ward P, Osei L. Zinc lozenges and the length of the common cold. Fam Pract. 2014;31(2):110-6.
2. Lind M, Berg A. Zinc acetate for colds in adults: a randomised trial. J Infect Dis. 2016;214(9):1371-8.
3. Perez D, Moss T. Gastric effects of high-dose zinc. Nutr Res. 2012;32(4):250-5.
"""


def test_a_flattened_superscript_list_after_a_full_stop_ends_its_sentence() -> None:
    article = article_from_text(SUPERSCRIPT_LIST)
    citations = find_citations(article)
    claims = list(extract_claims(article, citations))
    first = claim_starting(claims, "Zinc lozenges")
    second = claim_starting(claims, "High doses")
    assert first.text.endswith("adults.1,2") and first.linked_by == ("marker [1]", "marker [2]")
    assert second.linked_by == ("marker [3]",)
    assert "Perez" in citations[int(second.citation_ids[0][1:]) - 1].printed


@pytest.mark.parametrize("text", [
    "Zinc shortens colds, as the handbook says on pp.12-14 The chapter goes on.",  # a page range
    "Zinc shortened colds by 2.1,3 Patients said so.",  # digits after a number, not after a word
    "Zinc shortens colds in adults.1,2 and in children.",  # goes on in lower case
])
def test_digits_after_a_full_stop_that_end_no_sentence(text: str) -> None:
    assert len(list(split_sentences(text))) == 1


@pytest.mark.parametrize("text", ["The room is 20 m² in size.", "BMI was over 30 kg/m² in most.", "E = mc² holds."])
def test_units_squared_are_not_markers(text: str) -> None:
    assert reference_markers(text) == set()


RECORD_WITH_LIST = f"""{ISLAM.split(". J Clin Med")[0].split("et al. ")[1]}

{ISLAM} doi: 10.3390/jcm12196311

Abstract

Stem cell therapy improved disability scores in people with multiple sclerosis in most of the pooled trials.

References
1. {MANSON}
2. Brown KL, Smith J, Patel R. Naps and alertness in night shift nurses. Sleep Health. 2015;1(3):120-6.
"""


def test_a_record_page_with_a_reference_list_below_is_still_about_its_own_study() -> None:
    article = article_from_text(RECORD_WITH_LIST)
    citations = find_citations(article)
    claim = claim_starting(list(extract_claims(article, citations)), "Stem cell therapy improved")
    assert [citations[int(cid[1:]) - 1].printed[:9] for cid in claim.citation_ids] == ["Islam MA,"]
    assert claim.linked_by == ("single-study article",)


NAPS = "Brown KL, Smith J, Patel R. Naps and alertness in night shift nurses. Sleep Health. 2015;1(3):120-6."


@pytest.mark.parametrize("label", ["Source:", "Original study:", "Study:", "Read the study:", "Via:", "Paper:",
                                   "Source -", "(Source:", "Source —", "Published in:", "Study reference:"])
def test_a_source_line_in_every_usual_label_closes_its_section_only(label: str) -> None:
    text = (f"## Naps\n\nShort naps improve alertness in night shift nurses.\n\n{label} {NAPS}\n\n"
            "## Walking\n\nWalking eases back pain in adults.\n")
    claims = claims_of(article_from_text(text, "page.md"))
    naps, walking = claim_starting(claims, "Short naps"), claim_starting(claims, "Walking")
    assert (naps.citation_ids, naps.linked_by) == (("c1",), ("section source",))
    assert (walking.citation_ids, walking.linked_by) == ((), ())


@pytest.mark.parametrize("line", ["Study: Walking After Meals Lowers Blood Sugar",
                                  "Research: coffee drinkers live longer.", "Via: the morning news"])
def test_a_weak_label_before_a_headline_or_prose_is_no_reference(line: str) -> None:
    assert find_citations(article_from_text(line + "\n\nThe team gave no comment.\n")) == ()


@pytest.mark.parametrize("href", [
    "https://www.ncbi.nlm.nih.gov/pubmed/37834955",
    "https://pmc.ncbi.nlm.nih.gov/articles/PMC10578290/",
    "https://europepmc.org/article/MED/37834955",
    "https://dx.doi.org/10.3390%2Fjcm12196311",
    "https://www.mdpi.com/2077-0383/12/19/6311",
])
def test_a_link_to_the_paper_in_any_usual_address_ties_to_its_reference(tmp_path: Path, href: str) -> None:
    page = tmp_path / "page.html"
    page.write_text(f'<p>Stem cells <a href="{href}">eased disability</a> in multiple sclerosis.</p>\n'
                    f"<h2>References</h2><p>{ISLAM} doi: 10.3390/jcm12196311. PMID: 37834955; "
                    "PMCID: PMC10578290.</p>\n<p>" + MANSON + "</p>\n", encoding="utf-8")
    claims = claims_of(ingest.load(str(page)))
    claim = claim_starting(claims, "Stem cells")
    assert claim.citation_ids == ("c1",) and claim.linked_by == (f"hyperlink {href}",)


def test_a_publisher_link_naming_no_paper_stays_an_unresolved_link(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text('<p>Stem cells <a href="https://www.mdpi.com/journal/jcm">eased disability</a> in adults.</p>\n'
                    f"<h2>References</h2><p>{ISLAM}</p>\n<p>{MANSON}</p>\n", encoding="utf-8")
    claim = claim_starting(claims_of(ingest.load(str(page))), "Stem cells")
    assert claim.citation_ids == () and claim.linked_by == ("hyperlink https://www.mdpi.com/journal/jcm",)


def test_a_study_described_in_words_ties_to_the_one_reference_whose_title_it_describes() -> None:
    text = ("A trial of vitamin D supplements in 25,000 older adults found no drop in cancer or heart disease.\n"
            "Stem cell therapy repairs nerves in multiple sclerosis, clinics say.\n\n"
            f"References\n1. {ISLAM}\n2. {MANSON}\n")
    article = article_from_text(text)
    citations = find_citations(article)
    claims = list(extract_claims(article, citations))
    trial = claim_starting(claims, "A trial of vitamin D")
    assert [citations[int(cid[1:]) - 1].printed[:6] for cid in trial.citation_ids] == ["Manson"]
    assert trial.linked_by == ("narrative: the study its title describes",)
    assert claim_starting(claims, "Stem cell therapy").citation_ids == ()  # no study described in words


def test_a_study_in_words_matching_two_titles_nearly_as_well_is_tied_to_neither() -> None:
    text = ("A trial of vitamin D found no fewer falls or fractures in older adults.\n\n"
            "References\n1. Smith A. Vitamin D and falls in older adults. Age Ageing. 2019;48(2):100-6.\n"
            "2. Jones B. Vitamin D and fractures in older adults. Bone. 2020;131:115-21.\n")
    claim = claim_starting(claims_of(article_from_text(text)), "A trial of vitamin D")
    assert claim.citation_ids == ()


TUMOURS = "Malignant tumours invade nearby tissue and spread to distant organs"


@pytest.mark.parametrize("text", [f"{TUMOURS}. [1]\n", f"{TUMOURS}.\n[1]\n", f"{TUMOURS}.\n[1][2]\n",
                                  f"{TUMOURS}. (1)\n", f"{TUMOURS}.\n(1)\n", f"{TUMOURS}[ 1 ].\n"])
def test_a_marker_detached_from_its_sentence_still_cites_it(text: str) -> None:
    [claim] = claims_of(article_from_text(text))
    assert claim.text.startswith("Malignant tumours") and claim.linked_by[0].startswith("marker [1]")


def test_a_detached_marker_is_not_a_heading_and_an_enumeration_is_not_a_marker() -> None:
    from verifier.claims import _is_heading
    assert not _is_heading(f"{TUMOURS}. [1]")
    assert _is_heading("Tumours and their spread [1]")
    assert reference_markers("Take two steps: (1) rest and (2) drink water.") == set()


CARET_PAGE = """Plant-based diets lower blood pressure.^1 They also cut the risk of type 2 diabetes.^2

References
^ Brown KL, Smith J, Patel R. Naps and alertness in night shift nurses. Sleep Health. 2015;1(3):120-6.
^ Reynolds AN, Venn BJ, Mann J. Walking after meals and glycaemia. Diabetologia. 2016;59(12):2572-8.
"""


def test_a_caret_after_the_full_stop_cites_the_sentence_before_and_caret_entries_are_numbered() -> None:
    claims = claims_of(article_from_text(CARET_PAGE))
    assert [(c.text, c.citation_ids) for c in claims] == [
        ("Plant-based diets lower blood pressure.^1", ("c1",)),
        ("They also cut the risk of type 2 diabetes.^2", ("c2",))]


def test_a_markdown_footnote_is_a_numbered_reference() -> None:
    text = ("Plant-based diets lower blood pressure.[^1]\n\n[^1]: Brown KL, Smith J, Patel R. Naps and alertness "
            "in night shift nurses. Sleep Health. 2015;1(3):120-6.\n")
    [claim] = claims_of(article_from_text(text, "page.md"))
    assert (claim.citation_ids, claim.linked_by) == (("c1",), ("marker [1]",))


def test_a_sentence_opening_with_a_figure_keeps_it() -> None:
    claims = claims_of(article_from_text("Diets lower blood pressure. 12 of 16 patients improved on the diet.\n"))
    assert [c.text for c in claims] == ["Diets lower blood pressure.", "12 of 16 patients improved on the diet."]


# --- "the study", "the trial", "the authors": the one study the paragraph or section cites ------

SECTION_STUDY = """## Vitamin D in care homes

Residents who took vitamin D drops every day had fewer falls over a year [1].
The trial also found fewer hip fractures in the treated group.

## Protein at breakfast

A breakfast rich in protein kept older adults fuller until lunch [2] [3].
The authors report that hunger scores fell by a third.

## Sleep

The researchers found that an earlier bedtime improved mood in teenagers.

References
1. Brown A. Vitamin D drops and falls in care homes. Age Care J. 2019;5(1):1-9.
2. Green B. Protein and satiety. Nutr Sci. 2018;7(4):100-110.
3. White C. Breakfast and hunger. Food Q. 2017;2(1):1-5.
"""


def test_the_trial_in_a_section_citing_one_study_rests_on_it() -> None:
    article = article_from_text(SECTION_STUDY, "page.md")
    citations = find_citations(article)
    trial = claim_starting(list(extract_claims(article, citations)), "The trial also")
    first = next(c.id for c in citations if c.marker == 1)
    assert trial.citation_ids == (first,)
    assert trial.linked_by == ("narrative: the trial (the study this part cites: marker [1])",)
    assert trial.topical


def test_the_authors_in_a_section_citing_two_studies_or_none_rest_on_neither() -> None:
    claims = claims_of(article_from_text(SECTION_STUDY, "page.md"))
    authors = claim_starting(claims, "The authors report")  # [2] and [3]: which authors is not said
    assert authors.citation_ids == () and authors.linked_by == ()
    sleep = claim_starting(claims, "The researchers found")  # its section cites nothing
    assert sleep.citation_ids == () and sleep.linked_by == ()


def test_the_study_of_an_unlisted_marker_is_recorded_without_a_reference() -> None:
    text = ("Green tea lowered blood pressure in adults with hypertension [4]. "
            "This method proved safe over six months, the team said.\n")
    method = claim_starting(claims_of(article_from_text(text)), "This method")
    assert method.citation_ids == ()
    assert method.linked_by == (
        "narrative: this method (the study this part cites: marker [4] (no reference 4 in the text))",)


@pytest.mark.parametrize("sentence", [
    "In our trial, the treatment halved the number of falls.",  # the writers' own study
    "Previous studies found that the treatment halved falls.",  # other studies
])
def test_the_writers_own_or_earlier_studies_are_not_the_cited_one(sentence: str) -> None:
    text = f"Residents who took vitamin D drops every day had fewer falls over a year [1]. {sentence}\n"
    claim = claim_starting(claims_of(article_from_text(text)), sentence.split(",")[0][:12])
    assert claim.linked_by == ()


FINDING_GOES_ON = """## Garlic

Garlic extract lowered blood pressure in adults [1]. The effect was similar to that of a standard drug.

The effects of garlic on cholesterol are still debated among cardiologists.

## Beetroot

The benefit was largest in older adults with stiff arteries.

References
1. Brown A. Garlic extract and blood pressure. Heart J. 2019;5(1):1-9.
2. Green B. Beetroot juice and arterial stiffness. Vasc Med. 2018;7(4):100-110.
"""


def test_the_effect_going_on_from_its_paragraphs_study_rests_on_it() -> None:
    article = article_from_text(FINDING_GOES_ON, "page.md")
    citations = find_citations(article)
    effect = claim_starting(list(extract_claims(article, citations)), "The effect was")
    assert effect.citation_ids == (citations[0].id,)
    assert effect.linked_by == ("narrative: the effect (the study this part cites: marker [1])",)


def test_the_effect_as_a_topic_or_in_another_paragraph_rests_on_no_study() -> None:
    claims = claims_of(article_from_text(FINDING_GOES_ON, "page.md"))
    for opening in ("The effects of garlic", "The benefit was"):
        found = [c for c in claims if c.text.startswith(opening)]
        assert all(c.citation_ids == () and c.linked_by == () for c in found)


def test_the_study_overrules_a_closing_source_of_another_paper_and_says_so() -> None:
    text = ("Creatine improved sprint power in young athletes (Green, 2018). "
            "The study also found less muscle soreness after training.\n"
            "Source: Brown A. Rest and recovery. Sport J. 2019;5(1):1-9.\n\n"
            "Our shop sells creatine in three flavours.\n\n"
            "References\nGreen B. Creatine and sprint power. Sport Sci. 2018;7(4):100-110.\n"
            "White C. Creatine and sleep. Sleep Sci. 2017;2(1):1-5.\n")
    article = article_from_text(text)
    citations = find_citations(article)
    soreness = claim_starting(list(extract_claims(article, citations)), "The study also")
    green = next(c.id for c in citations if c.printed.startswith("Green"))
    assert soreness.citation_ids == (green,)
    assert soreness.linked_by[0].startswith("narrative: the study (the study this part cites: author-year")
    assert any("overruled by the narrative tie" in how for how in soreness.linked_by[1:])


WRITING_IN = """Night shifts and the heart

Nurses who worked night shifts for ten years or more had a higher risk of heart disease.
Writing in the BMJ, the team said the risk fell again after the shifts stopped.
Shorter rotations were linked to smaller rises in risk.
"""


def test_a_news_item_naming_its_journal_as_writing_in_ties_every_claim_to_that_study() -> None:
    claims = claims_of(article_from_text(WRITING_IN))
    default = "single-study article: the study in BMJ (no reference in the text)"
    assert claim_starting(claims, "Nurses who").linked_by == (default,)
    assert claim_starting(claims, "Shorter rotations").linked_by == (default,)


def test_a_place_named_after_writing_in_is_no_journal_of_the_page() -> None:
    text = WRITING_IN.replace("Writing in the BMJ", "Writing in the Guardian newspaper")
    assert claim_starting(claims_of(article_from_text(text)), "Nurses who").linked_by == ()


# a page stored a paragraph to a line: each long line below is one paragraph
PARAGRAPH_PER_LINE = "\n".join([
    "Health news",
    "Walking after meals is linked to lower blood sugar in older adults",
    "Older adults who walked for fifteen minutes after each meal had lower blood sugar over the following day "
    "than those who took one longer walk in the morning, in a small trial run over two weeks in three towns.",
    "The effect was strongest after the evening meal, the authors wrote in the journal Diabetes Care, and it "
    "faded within a day of stopping the walks altogether.",
    "Volunteers wore a sensor under the skin that read their blood sugar every few minutes, day and night, for "
    "the whole of the two weeks of the trial.",
    "Short walks were easier to keep up than one long walk, most of the volunteers said when they were asked "
    "about it at the end of the trial.",
    "Those who already had type 2 diabetes saw the largest fall in their blood sugar after meals, though the "
    "groups were small and the trial was short.",
]) + "\n"


def test_a_headline_on_its_own_line_is_not_joined_to_the_paragraph_under_it() -> None:
    claims = claims_of(article_from_text(PARAGRAPH_PER_LINE))
    assert claims[0].text == "Walking after meals is linked to lower blood sugar in older adults"
    assert claims[1].text.startswith("Older adults who walked")


def test_a_line_stopping_on_a_word_that_goes_on_is_still_joined() -> None:
    text = PARAGRAPH_PER_LINE.replace("is linked to lower blood sugar in older adults\n",
                                      "is linked to lower blood sugar in the\n")
    claims = claims_of(article_from_text(text))
    assert claims[0].text.startswith("Walking after meals is linked to lower blood sugar in the Older adults")


def test_the_authors_wrote_in_a_journal_marks_a_one_study_news_item() -> None:
    claims = claims_of(article_from_text(PARAGRAPH_PER_LINE))
    default = "single-study article: the study in Diabetes Care (no reference in the text)"
    assert claim_starting(claims, "Older adults").linked_by == (default,)


@pytest.mark.parametrize("sentence", [
    "Zinc did not shorten colds in adults, though a longer trial is warranted.",
    "More trials are needed, but early results show that zinc shortens colds.",
    # written for this test: a sentence the splitter keeps whole across "U.S." and a capital
    "Most zinc trials come from the U.S. Zinc is needed in pregnancy because low levels raise the risk of infection.",
    "Patients with a score â©½3 had fewer falls after the exercise course.",  # mojibake of a sign, not a copyright
])
def test_a_finding_beside_a_call_for_research_or_a_mojibake_sign_is_a_claim(sentence: str) -> None:
    assert not_a_claim(sentence) is None
    assert [c.text for c in claims_of(article_from_text(sentence + "\n"))] == [sentence]


@pytest.mark.parametrize("sentence", [
    "Longer trials are needed to confirm that zinc shortens colds.",
    "More studies of zinc in the U.S. are needed.",
    "Larger trials of zinc in 2.5 million people are needed.",
    "Â© 2024 The Clinic Group. All rights reserved.",
])
def test_a_call_for_research_alone_and_a_mojibake_copyright_line_are_not_claims(sentence: str) -> None:
    assert not_a_claim(sentence) is not None


NAMED_STUDIES = """Walking and the heart

The HEARTWALK trial found fewer strokes among adults who walked every day.
The Oak Town Heart Study found that walkers lived longer.
A 2019 review in Sport Sci found that walking lowers blood pressure.
The Walking trial found nothing new about strokes.

References
1. Brown A, Green B. Daily walks and stroke: results of the HEARTWALK trial. Foot J. 2018;3(2):1-9.
2. White C, Black D. Thirty years of the Oak Town Heart Study. Town Med. 2017;2(1):5-15.
3. Grey E, Brown A. Walking and blood pressure: a review. Sport Sci. 2019;7(4):100-110.
"""


def test_a_study_known_by_its_name_ties_to_the_reference_whose_title_prints_it() -> None:
    article = article_from_text(NAMED_STUDIES)
    citations = find_citations(article)
    by_marker = {c.marker: c.id for c in citations}
    claims = list(extract_claims(article, citations))
    assert claim_starting(claims, "The HEARTWALK").citation_ids == (by_marker[1],)
    assert claim_starting(claims, "The HEARTWALK").linked_by == ("study named: HEARTWALK",)
    assert claim_starting(claims, "The Oak Town").citation_ids == (by_marker[2],)
    assert claim_starting(claims, "A 2019 review").citation_ids == (by_marker[3],)


COHORT_NAMED = """Breakfast and the heart

An analysis of the Northfield Health cohort found that people who skipped breakfast had no more heart attacks.
The Eastbay Twins registry data showed that breakfast skippers gained weight.

References
1. Brown A, Green B. Breakfast and heart disease in the Northfield Health cohort. Heart J. 2018;3(2):1-9.
2. White C, Black D. Breakfast and heart disease in adults: a prospective cohort. Town Med. 2017;2(1):5-15.
"""


def test_a_cohort_known_by_its_name_ties_to_the_reference_whose_title_prints_it() -> None:
    article = article_from_text(COHORT_NAMED)
    citations = find_citations(article)
    claim = claim_starting(list(extract_claims(article, citations)), "An analysis of")
    assert claim.citation_ids == (next(c.id for c in citations if c.marker == 1),)
    assert claim.linked_by == ("study named: Northfield Health",)


def test_a_named_cohort_no_title_prints_ties_to_none() -> None:
    claims = claims_of(article_from_text(COHORT_NAMED))
    assert claim_starting(claims, "The Eastbay Twins").citation_ids == ()


def test_a_one_word_name_in_lower_case_is_too_common_to_name_a_study() -> None:
    claims = claims_of(article_from_text(NAMED_STUDIES))  # a title prints "Walking", as a plain word
    assert claim_starting(claims, "The Walking trial").citation_ids == ()


def test_a_title_case_headline_run_into_the_text_is_a_claim_and_a_plain_line_is_not() -> None:
    text = ("Doctors Report Success In First Trial Of Nasal Flu Spray. They gave it to forty adults.\n\n"
            "Our team met the doctors in March.\n")
    assert [c.text for c in claims_of(article_from_text(text))] == [
        "Doctors Report Success In First Trial Of Nasal Flu Spray."]


def test_a_journal_named_with_its_country_ties_to_the_reference_printing_it() -> None:
    text = ("## Dogs and the heart\n\n"
            "A study published in Sweden's Scientific Reports found that dog owners lived longer.\n\n"
            "Source: Brown A. Dogs and survival. Scientific Reports. 2019;9:1-9.\n")
    article = article_from_text(text, "page.md")
    claim = claim_starting(list(extract_claims(article, find_citations(article))), "A study")
    assert claim.citation_ids == ("c1",) and claim.linked_by[0] == "journal named: Scientific Reports"


APA_WRAPPED_AFTER_YEAR = """Zinc and colds

Zinc lozenges shortened colds by two days in adults [1].

[1] Ward, P., Osei, L., & Lind, M. (2014).
Zinc lozenges and the length of the common cold in healthy adults. Family Practice, 31(2),
110-116.
"""


def test_an_apa_entry_wrapped_after_its_year_is_read_whole_and_its_title_is_no_claim() -> None:
    article = article_from_text(APA_WRAPPED_AFTER_YEAR)
    citations = find_citations(article)
    assert len(citations) == 1 and citations[0].fields.title is not None
    assert citations[0].printed.endswith("110-116.")
    claims = list(extract_claims(article, citations))
    assert [c.text for c in claims] == ["Zinc lozenges shortened colds by two days in adults [1]."]


def test_a_line_after_a_reference_ending_in_its_year_is_not_joined_to_it() -> None:
    text = ("Ward P. Zinc lozenges and colds. Family Practice. (2014).\n"
            "Zinc lozenges shorten colds in healthy adults.\n")
    article = article_from_text(text)
    citations = find_citations(article)
    assert all("shorten colds in healthy" not in c.printed for c in citations)
    assert [c.text for c in extract_claims(article, citations)] == ["Zinc lozenges shorten colds in healthy adults."]


NEWS_HEADER = """Sleep Loss Linked to Weaker Vaccine Response
Date: May 4, 2023
Source: University of Eastfield
Summary: Adults who slept under six hours a night made fewer antibodies after a flu vaccine, a study suggests.

FULL STORY

Adults who slept under six hours a night made fewer antibodies after a flu vaccine, a study suggests.
"""


def test_a_news_header_field_after_a_source_line_is_not_part_of_its_citation() -> None:
    article = article_from_text(NEWS_HEADER)
    citations = find_citations(article)
    assert all("Summary" not in c.printed and "antibodies" not in c.printed for c in citations)
    claims = list(extract_claims(article, citations))
    assert any(c.text.startswith("Adults who slept under six hours") for c in claims)


@pytest.mark.parametrize("rest", ["DOI: 10.1000/sleep.2020.15",
                                  "In: Brown A, editor. Sleep medicine. Leeds: Owl Press; 2020."])
def test_a_doi_or_book_line_after_a_labelled_reference_is_still_part_of_it(rest: str) -> None:
    text = ("Naps improve alertness in nurses.\n\n"
            f"Source: Green T. Naps and alertness. Sleep Health. 2020;1(4):130-6.\n{rest}\n")
    citations = find_citations(article_from_text(text))
    assert len(citations) == 1 and rest.split()[-1].rstrip(".") in citations[0].printed


ISSUER_AND_STUDY = """Sleep Loss Linked to Weaker Vaccine Response
Source: University of Eastfield

Adults who slept under six hours a night made fewer antibodies after a flu vaccine.

Journal Reference:
Green T, Okoro N. Short sleep and antibody response to influenza vaccination. Sleep Health. 2023;9(2):130-6.
"""


def test_a_source_line_naming_only_the_issuer_is_no_section_source() -> None:
    article = article_from_text(ISSUER_AND_STUDY)
    citations = find_citations(article)
    green = next(c.id for c in citations if c.printed.startswith("Green"))
    claims = list(extract_claims(article, citations))
    headline, finding = claim_starting(claims, "Sleep Loss"), claim_starting(claims, "Adults who slept")
    assert headline.citation_ids == finding.citation_ids == (green,)


def test_an_organisation_source_with_its_year_still_closes_its_paragraph() -> None:
    text = ("Short sleep weakens the antibody response to a flu vaccine in adults.\n"
            "Source: World Health Organization. Sleep and immunity. 2021.\n\n"
            "Our clinic opens at nine.\n")
    article = article_from_text(text)
    citations = find_citations(article)
    claim = claim_starting(list(extract_claims(article, citations)), "Short sleep")
    assert claim.citation_ids == (citations[0].id,) and claim.linked_by == ("section source",)


MORE_INFORMATION = """Short sleep linked to weaker flu jab response

Adults who slept under six hours had a 40% lower antibody response to the flu vaccine.

More information: Tomas Green et al, Short sleep and antibody response to influenza vaccination, Sleep Health (2023).
DOI: 10.1016/j.sleh.2023.01.004
"""


def test_a_more_information_line_is_the_news_items_reference() -> None:
    article = article_from_text(MORE_INFORMATION)
    citations = find_citations(article)
    assert len(citations) == 1 and citations[0].printed.startswith("Tomas Green et al")
    assert citations[0].fields.title is not None
    claim = claim_starting(list(extract_claims(article, citations)), "Adults who slept")
    assert claim.citation_ids == (citations[0].id,)


def test_a_more_information_line_with_no_reference_is_no_citation() -> None:
    text = "Zinc shortens colds in adults.\n\nMore information: call our clinic on 0113 555 0100.\n"
    assert find_citations(article_from_text(text)) == ()


# --- session 10: markers pushed onto the next line, a year before a superscript, record pages ----

PUSHED_MARKERS = """Gum disease is common in adults over fifty.

[1] Brushing twice a day lowers the risk of gum disease.

[2] Flossing removes plaque between the teeth.

[3] Smoking doubles the risk of losing teeth.

[4] Sugary drinks raise the risk of tooth decay.
"""


def test_a_marker_opening_each_line_cites_the_sentence_of_the_line_before() -> None:
    claims = claims_of(article_from_text(PUSHED_MARKERS))
    assert [(c.text.split()[0], c.linked_by) for c in claims] == [
        ("Gum", ("marker [1] (no reference 1 in the text)",)),
        ("Brushing", ("marker [2] (no reference 2 in the text)",)),
        ("Flossing", ("marker [3] (no reference 3 in the text)",)),
        ("Smoking", ("marker [4] (no reference 4 in the text)",)),
        ("Sugary", ())]  # its own marker was never printed


def test_one_look_alike_marker_inside_a_sentence_leaves_the_pushed_markers_read() -> None:
    text = PUSHED_MARKERS.replace("Flossing removes plaque", "Flossing with omega3 floss removes plaque")
    claims = claims_of(article_from_text(text))
    assert claim_starting(claims, "Gum").linked_by == ("marker [1] (no reference 1 in the text)",)


def test_a_page_printing_its_markers_inside_sentences_keeps_each_opening_marker() -> None:
    text = (PUSHED_MARKERS.replace("teeth.\n", "teeth [5].\n").replace("fifty.", "fifty [6].")
            .replace("decay.", "decay [7]."))
    claims = claims_of(article_from_text(text))
    assert claim_starting(claims, "Gum").linked_by == ("marker [6] (no reference 6 in the text)",)
    assert claim_starting(claims, "[1] Brushing").linked_by == ("marker [1] (no reference 1 in the text)",)


def test_one_bracketed_marker_inside_a_sentence_keeps_a_page_of_notes_numbered() -> None:
    notes = "".join(f"[{n}] The clinic's trial {n} enrolled adults, and brushing reduced gum bleeding.\n\n"
                    for n in range(1, 9))
    text = f"Brushing twice a day lowers the risk of gum disease [1].\n\nNotes\n\n{notes}"
    claims = claims_of(article_from_text(text))
    assert claim_starting(claims, "[5] The clinic").linked_by == ("marker [5] (no reference 5 in the text)",)


def test_one_line_opening_with_a_marker_keeps_it() -> None:
    text = ("Gum disease is common in adults over fifty.\n\n[1] Brushing twice a day lowers the risk of gum "
            "disease.\n\nFlossing removes plaque between the teeth.\n")
    claims = claims_of(article_from_text(text))
    assert claim_starting(claims, "[1] Brushing").linked_by == ("marker [1] (no reference 1 in the text)",)
    assert claim_starting(claims, "Gum disease").linked_by == ()


def test_a_numbered_reference_list_does_not_give_its_numbers_to_the_text_above() -> None:
    text = ("Brushing twice a day lowers the risk of gum disease.\n\n"
            f"[1] {NAPS}\n\n[2] {NAPS.replace('2015', '2016')}\n\n[3] {NAPS.replace('2015', '2017')}\n")
    [claim] = claims_of(article_from_text(text))
    assert claim.citation_ids == () and claim.linked_by == ()


def test_a_superscript_after_a_year_ends_the_sentence_and_cites_it() -> None:
    text = "More than 20 000 people caught measles during 2019.2 At the end of 2020, measles deaths fell by half.\n"
    claims = claims_of(article_from_text(text))
    assert [(c.text, c.linked_by) for c in claims] == [
        ("More than 20 000 people caught measles during 2019.2", ("marker [2] (no reference 2 in the text)",)),
        ("At the end of 2020, measles deaths fell by half.", ())]


def test_a_decimal_after_a_year_like_number_is_no_marker() -> None:
    assert reference_markers("Version 2019.2 of the guideline lowers the dose.") == set()
    assert [s.text for s in split_sentences("The guideline of 2019.2 was replaced in March.")] == [
        "The guideline of 2019.2 was replaced in March."]


def test_a_volume_and_issue_is_no_marker() -> None:
    assert reference_markers(". 2023 Sep 30;12(19):6311.") == set()
    assert reference_markers("Stem cells eased knee pain (3).") == {3}


RECORD_UNDER_A_BANNER = f"""Skip to the page

Before sharing sensitive information, look for the padlock in your browser bar.

The site is secure: what you type here is transmitted securely to our servers.

{NAPS}

Abstract

Short naps during a night shift improved alertness in nurses. New ways to schedule rest breaks \
for night staff are needed.
"""


def test_a_record_page_under_a_site_banner_is_about_its_own_study() -> None:
    claims = claims_of(article_from_text(RECORD_UNDER_A_BANNER))
    assert [(c.text.split()[0], c.citation_ids, c.linked_by) for c in claims] == [
        ("Short", ("c1",), ("single-study article",)),
        ("New", ("c1",), ("single-study article",))]  # what is needed, said by the paper


def test_the_site_banner_is_not_a_claim_and_a_call_for_research_still_is_not_one() -> None:
    assert not_a_claim("Before sharing sensitive information, look for the padlock in your browser bar.") \
        == "site interface"
    assert not_a_claim("According to the official website of the WHO, measles cases rose by 30% in 2019.") is None
    assert not_a_claim("Further trials of naps in night staff are needed.") == "call for research"
    assert not_a_claim("New ways to schedule rest breaks for night staff are needed.") is None


ENDNOTES = """Zinc lozenges shortened colds in adults [1]. Vitamin C did not prevent colds [2].
Echinacea gave no clear benefit [3].

Notes

[1] The zinc studies gave lozenges every two hours.

[2] The vitamin C effect was seen only in marathon runners.

[3] The echinacea products differed from trial to trial.

[4] Garlic was not studied.
"""


def test_notes_opening_with_their_number_keep_it_on_a_page_that_prints_markers_in_its_sentences() -> None:
    claims = claims_of(article_from_text(ENDNOTES))
    vitamin_c = claim_starting(claims, "[2] The vitamin C effect")
    assert vitamin_c.linked_by == ("marker [2] (no reference 2 in the text)",)
    assert claim_starting(claims, "Zinc lozenges").linked_by == ("marker [1] (no reference 1 in the text)",)
