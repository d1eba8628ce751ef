"""Finding references on real pages (issue 11, part 2): lists with no heading, entries that end
in a link, numbered entries apart, and prose that only looks like an author-date opening.

Facts from the records the real pages cite: PMID 11018464 (Kamat JP, Boloor KK, Devasagayam TP.
Biochim Biophys Acta 2000;1487:113-127) and PMID 11154798 (Boloor KK, Kamat JP, Devasagayam TP.
Toxicology 2000;155:63-71); a ScienceDaily release of 30 January 2018 from Ohio University.
"""

from __future__ import annotations

from conftest import article_from_text

from verifier.citations import find_citations

KAMAT = ('Kamat, J.P.; Boloor, K.K.; Devasagayam, T.P; "Chlorophyllin as an effective antioxidant against '
         'membrane damage in vitro and ex vivo"; Biochim Biophys Acta., 2000, 1487, 113-127; '
         "https://pubmed.ncbi.nlm.nih.gov/11018464/")
BOLOOR = ('Boloor, K.K.; Kamat, J.P.; Devasagayam, T.P; "Chlorophyllin as a protector of mitochondrial '
          'membranes against gamma-radiation and photosensitization"; Toxicology, 2000, 155, 63–71; '
          "https://pubmed.ncbi.nlm.nih.gov/11154798/")


def test_unheaded_list_entries_ending_in_a_link_stay_apart() -> None:
    citations = find_citations(article_from_text(f"{KAMAT}\n{BOLOOR}\n"))
    assert [c.pmid for c in citations] == ["11018464", "11154798"]
    assert [c.fields.authors[0].last_name for c in citations] == ["Kamat", "Boloor"]
    assert [(c.fields.volume, c.fields.pages) for c in citations] == [("1487", "113-127"), ("155", "63-71")]


def test_a_line_opening_with_authors_after_a_reference_is_the_next_one() -> None:
    # the page stops mid-reference: no year, but it opens like the entries above it
    text = f"{KAMAT}\nOtsuki, Takeshi, et al. \"Salivary Secretory Immunoglobulin a Secretion Increases\n"
    citations = find_citations(article_from_text(text))
    assert len(citations) == 2
    assert citations[1].fields.authors[0].last_name == "Otsuki"


def test_numbered_entries_separated_by_blank_lines_go_on_without_a_heading() -> None:
    text = (f"(1) {BOLOOR}\n\n(2) Ohio University. \"Vitamin D3 could help heal or prevent cardiovascular "
            "damage.\" ScienceDaily. ScienceDaily, 30 January 2018.\n")
    citations = find_citations(article_from_text(text))
    assert len(citations) == 2
    assert citations[1].printed.startswith("Ohio University.")
    assert citations[1].marker == 2


def test_prose_ending_in_a_bracketed_year_is_not_a_reference() -> None:
    text = ("References\nCottrell, S. (2019) The study skills handbook. 5th edn. London: Red Globe Press.\n"
            "For further guidance on citing and referencing please consult Cite them right (2019) in print "
            "or online.\n")
    citations = find_citations(article_from_text(text))
    assert [c.fields.authors[0].last_name for c in citations] == ["Cottrell"]


def test_a_long_collective_name_before_a_bracketed_year_opens_a_reference() -> None:
    # NICE guideline NG136, "Hypertension in adults: diagnosis and management", 2019
    text = ("References\nCottrell, S. (2019) The study skills handbook. 5th edn. London: Red Globe Press.\n"
            "National Institute for Health and Care Excellence (2019) Hypertension in adults: diagnosis and "
            "management. NICE guideline NG136. London: National Institute for Health and Care Excellence.\n")
    citations = find_citations(article_from_text(text))
    assert len(citations) == 2
    assert citations[1].printed.startswith("National Institute for Health and Care Excellence (2019)")

