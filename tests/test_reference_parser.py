"""The reference parser on strings written here in each real style, with the facts of real
PubMed records (expected values typed by hand from those records):

- PMID 37834955: Islam MA, Alam SS, Kundu S, ... Hossan T. "Mesenchymal Stem Cell Therapy in Multiple
  Sclerosis: A Systematic Review and Meta-Analysis." J Clin Med 2023 Sep 30;12(19):6311,
  doi 10.3390/jcm12196311 (tests/data/islam2023.medline).
- PMID 26706911: Albert SM, King J, Dew MA, ... Reynolds CF 3rd. "Design and Recruitment for a Randomized
  Controlled Trial of Problem-Solving Therapy to Prevent Depression among Older Adults with Need for
  Supportive Services." Am J Geriatr Psychiatry 2016 Jan;24(1):94-102, doi 10.1016/j.jagp.2015.11.003.
- PMID 26789121: Venot Q, Delaunay JL, Fouassier L, ... PLoS One 2016;11(1):e0146962,
  doi 10.1371/journal.pone.0146962.
- PMID 26764156: Berry-Kravis E, Des Portes V, Hagerman R, ... "Mavoglurant in fragile X syndrome: Results
  of two randomized, double-blind, placebo-controlled trials." Sci Transl Med 2016 Jan 13;8(321):321ra5.
- PMID 26516810: Visco AG, Brubaker L, ...; Pelvic Floor Disorders Network. Female Pelvic Med Reconstr Surg
  2016 Jan-Feb;22(1):24-8.
- PMID 26792847: Morgan MS, Arlian LG, Rider SD Jr, Grunwald WC Jr, Cool DR. "A Proteomic Analysis of
  Sarcoptes scabiei (Acari: Sarcoptidae)." J Med Entomol 2016 Jan 20 (Epub ahead of print).
"""

from __future__ import annotations

import pytest

from verifier.citations import parse_reference
from verifier.models import PrintedFields

ISLAM_TITLE = "Mesenchymal Stem Cell Therapy in Multiple Sclerosis: A Systematic Review and Meta-Analysis"
ALBERT_TITLE = ("Design and Recruitment for a Randomized Controlled Trial of Problem-Solving Therapy to Prevent "
                "Depression among Older Adults with Need for Supportive Services")

ISLAM_STYLES = {
    "nlm": f"Islam MA, Alam SS, Kundu S, Ahmed S, Sultana S, Patar A, Hossan T. {ISLAM_TITLE}. "
           "J Clin Med. 2023 Sep 30;12(19):6311. doi: 10.3390/jcm12196311. PMID: 37834955.",
    "vancouver": f"Islam MA, Alam SS, Kundu S, et al. {ISLAM_TITLE}. J Clin Med 2023; 12:6311.",
    "ama": f"Islam MA, Alam SS, Kundu S, et al. {ISLAM_TITLE}. J Clin Med. 2023;12(19):6311. "
           "doi:10.3390/jcm12196311",
    "apa": f"Islam, M. A., Alam, S. S., Kundu, S., Ahmed, S., Sultana, S., Patar, A., & Hossan, T. (2023). "
           f"{ISLAM_TITLE}. Journal of Clinical Medicine, 12(19), 6311. https://doi.org/10.3390/jcm12196311",
    "nature": f"Islam, M. A. et al. {ISLAM_TITLE}. J. Clin. Med. 12, 6311 (2023).",
    "cell": f"Islam, M.A., Alam, S.S., Kundu, S., Ahmed, S., Sultana, S., Patar, A., and Hossan, T. (2023). "
            f"{ISLAM_TITLE}. J. Clin. Med. 12, 6311.",
    "ieee": f"M. A. Islam, S. S. Alam, S. Kundu et al., \"{ISLAM_TITLE},\" J. Clin. Med., vol. 12, no. 19, "
            "p. 6311, 2023.",
}


@pytest.mark.parametrize("style", sorted(ISLAM_STYLES))
def test_each_style_gives_first_author_year_volume_and_page(style: str) -> None:
    fields = parse_reference(ISLAM_STYLES[style])
    assert fields.authors[0].last_name == "Islam"
    assert fields.authors[0].initials == "MA"
    assert fields.year == 2023
    assert fields.volume == "12"
    assert fields.pages == "6311"
    assert fields.title == ISLAM_TITLE


def test_nlm_gives_every_field_and_the_identifiers() -> None:
    fields = parse_reference(ISLAM_STYLES["nlm"])
    assert [a.last_name for a in fields.authors] == ["Islam", "Alam", "Kundu", "Ahmed", "Sultana", "Patar",
                                                     "Hossan"]
    assert (fields.journal, fields.month, fields.day, fields.issue) == ("J Clin Med", 9, 30, "19")
    assert (fields.doi, fields.pmid) == ("10.3390/jcm12196311", "37834955")
    assert not fields.authors_truncated


def test_et_al_marks_the_list_as_truncated() -> None:
    fields = parse_reference(ISLAM_STYLES["vancouver"])
    assert [a.last_name for a in fields.authors] == ["Islam", "Alam", "Kundu"]
    assert fields.authors_truncated


def test_vancouver_without_a_period_after_the_journal() -> None:
    text = f"Albert SM, King J, Dew MA, et al. {ALBERT_TITLE}. Am J Geriatr Psychiatry 2016; 24(1):94-102."
    fields = parse_reference(text)
    assert (fields.journal, fields.year, fields.volume, fields.issue, fields.pages) == \
        ("Am J Geriatr Psychiatry", 2016, "24", "1", "94-102")


def test_mla_names_in_full() -> None:
    text = (f"Albert, Steven M., et al. \"{ALBERT_TITLE}.\" The American Journal of Geriatric Psychiatry, "
            "vol. 24, no. 1, 2016, pp. 94-102.")
    fields = parse_reference(text)
    assert fields.authors[0].last_name == "Albert"
    assert (fields.year, fields.volume, fields.issue, fields.pages) == (2016, "24", "1", "94-102")
    assert fields.title == ALBERT_TITLE


def test_suffix_3rd_is_kept_apart_from_the_initials() -> None:
    text = (f"Albert SM, King J, Dew MA, Reynolds CF 3rd. {ALBERT_TITLE}. Am J Geriatr Psychiatry. "
            "2016 Jan;24(1):94-102.")
    reynolds = parse_reference(text).authors[3]
    assert (reynolds.last_name, reynolds.initials, reynolds.suffix) == ("Reynolds", "CF", "3rd")


def test_jr_suffixes_and_ahead_of_print_without_volume() -> None:
    text = ("Morgan MS, Arlian LG, Rider SD Jr, Grunwald WC Jr, Cool DR. A Proteomic Analysis of Sarcoptes "
            "scabiei (Acari: Sarcoptidae). J Med Entomol. 2016 Jan 20. [Epub ahead of print]")
    fields = parse_reference(text)
    assert [(a.last_name, a.suffix) for a in fields.authors[2:4]] == [("Rider", "Jr"), ("Grunwald", "Jr")]
    assert fields.ahead_of_print
    assert (fields.year, fields.month, fields.day, fields.volume) == (2016, 1, 20, None)


def test_article_numbers_e_and_ra() -> None:
    plos = parse_reference("Venot Q, Delaunay JL, Fouassier L, et al. A PDZ-Like Motif in the Biliary Transporter "
                           "ABCB4 Interacts with the Scaffold Protein EBP50 and Regulates ABCB4 Cell Surface "
                           "Expression. PLoS One. 2016;11(1):e0146962.")
    assert (plos.volume, plos.pages, plos.article_number) == ("11", "e0146962", "e0146962")
    stm = parse_reference("Berry-Kravis E, Des Portes V, Hagerman R, et al. Mavoglurant in fragile X syndrome: "
                          "Results of two randomized, double-blind, placebo-controlled trials. Sci Transl Med. "
                          "2016 Jan 13;8(321):321ra5. doi: 10.1126/scitranslmed.aab4109.")
    assert stm.authors[0].last_name == "Berry-Kravis"
    assert stm.authors[1].last_name == "Des Portes"
    assert (stm.volume, stm.issue, stm.article_number, stm.doi) == \
        ("8", "321", "321ra5", "10.1126/scitranslmed.aab4109")


def test_collective_author_after_the_names_and_a_month_range() -> None:
    fields = parse_reference("Visco AG, Brubaker L, Jelovsek JE, et al; Pelvic Floor Disorders Network. "
                             "Adherence to Oral Therapy for Urgency Urinary Incontinence: Results from the "
                             "Anticholinergic Versus Botox Comparison (ABC) Trial. Female Pelvic Med Reconstr "
                             "Surg. 2016 Jan-Feb;22(1):24-8.")
    assert fields.authors[0].last_name == "Visco"
    assert (fields.year, fields.month, fields.volume, fields.pages) == (2016, 1, "22", "24-8")


def test_a_collective_name_alone_is_one_collective_author() -> None:
    fields = parse_reference("Pelvic Floor Disorders Network. Adherence to Oral Therapy for Urgency Urinary "
                             "Incontinence. Female Pelvic Med Reconstr Surg. 2016;22(1):24-8.")
    assert fields.authors[0].collective
    assert fields.authors[0].last_name == "Pelvic Floor Disorders Network"


def test_numbering_glued_to_the_first_name() -> None:
    fields = parse_reference(f"1.Islam MA, Alam SS. {ISLAM_TITLE}. J Clin Med. 2023;12(19):6311.")
    assert fields.authors[0].last_name == "Islam"


def test_hyphenated_and_non_ascii_initials() -> None:
    fields = parse_reference(f"Delaunay, J.-L., & Falguières, T. (2016). {ALBERT_TITLE}. PLoS One, 11(1), "
                             "e0146962.")
    assert [(a.last_name, a.initials) for a in fields.authors] == [("Delaunay", "JL"), ("Falguières", "T")]
    assert fields.year == 2016


def test_every_field_shows_the_words_it_came_from() -> None:
    text = ISLAM_STYLES["ama"]
    fields = parse_reference(text)
    assert all(text[s.start:s.end] == s.text for s in fields.labels)
    journal = [s.text for s in fields.labels if s.label == "journal"]
    assert journal and "J Clin Med" in journal[0]


@pytest.mark.parametrize("text", ["", "   ", "PMID: 37834955", "Reply."])
def test_odd_input_gives_fields_not_a_traceback(text: str) -> None:
    fields = parse_reference(text)
    assert isinstance(fields, PrintedFields)
    if "PMID" in text:
        assert fields.pmid == "37834955"
        assert fields.title is None or "37834955" not in fields.title


@pytest.mark.parametrize("printed", [
    f"Islam M.A., Alam S.S., Kundu S. {ISLAM_TITLE}. J Clin Med. 2023;12(19):6311.",
    f"• Islam M.A. / {ISLAM_TITLE}. / J Clin Med. 2023; 12: 6311",
    f"Citation: Islam MA, Alam SS, Kundu S. {ISLAM_TITLE}. J Clin Med. 2023;12(19):6311.",
    f"- Islam, M. A. {ISLAM_TITLE}. J. Clin. Med. 2023, 12, 6311.",
])
def test_dotted_initials_bullets_and_lead_in_labels(printed: str) -> None:
    first = parse_reference(printed).authors[0]
    assert (first.last_name, first.initials) == ("Islam", "MA")


def test_mdpi_year_volume_pages_with_semicolon_authors() -> None:
    fields = parse_reference(f"Islam, M.A.; Alam, S.S.; Kundu, S.; Ahmed, S.; Sultana, S.; Patar, A.; Hossan, T. "
                             f"{ISLAM_TITLE}. J. Clin. Med. 2023, 12, 6311.")
    assert [a.last_name for a in fields.authors][:3] == ["Islam", "Alam", "Kundu"]
    assert (fields.journal, fields.year, fields.volume, fields.pages) == ("J. Clin. Med", 2023, "12", "6311")


# Issue 15, case 7: runs of spaces and very long "references" cost one pass. The author-list
# patterns used to backtrack over every way of sharing a run of spaces (cubic: 600 spaces took
# 2.5 s, so the 50,000 below would not finish); these tests assert the parse, not a time.
@pytest.mark.parametrize("gap", [" " * 50_000, "\t \n" * 20_000])
def test_a_long_run_of_spaces_between_authors_parses_like_one_space(gap: str) -> None:
    fields = parse_reference(f"Islam MA,{gap}Alam SS. {ISLAM_TITLE}. J Clin Med. 2023;12(19):6311.")
    assert [a.last_name for a in fields.authors] == ["Islam", "Alam"]
    assert (fields.title, fields.journal, fields.year, fields.volume, fields.issue, fields.pages) == \
        (ISLAM_TITLE, "J Clin Med", 2023, "12", "19", "6311")


def test_a_long_run_of_spaces_before_et_al_still_marks_the_list_cut_short() -> None:
    fields = parse_reference(f"Islam MA{' ' * 50_000}et al. {ISLAM_TITLE}. J Clin Med. 2023;12(19):6311.")
    assert [a.last_name for a in fields.authors] == ["Islam"]
    assert fields.authors_truncated


def test_a_96_kb_string_is_labelled_up_to_the_token_bound_and_the_rest_is_other() -> None:
    from verifier.references.parser import MAX_TOKENS

    text = "x. 2023;" * 12_000  # 48,000 tokens
    fields = parse_reference(text)
    assert fields.year == 2023
    assert all(text[s.start:s.end] == s.text for s in fields.labels)
    last = fields.labels[-1]
    assert (last.label, last.end) == ("other", len(text))
    assert last.start <= len("x. 2023;") * (MAX_TOKENS // 4)  # 4 tokens a repeat


# Real-page shapes (issue 11, part 2), with the facts of the records the pages cite:
# - PMID 29557674: Šamec D, et al. "Kale (Brassica oleracea var. acephala) as a superfood: Review of
#   the scientific evidence behind the statement." Crit Rev Food Sci Nutr 2019;59(15):2411-2422.
# - PMID 11154798: Boloor KK, Kamat JP, Devasagayam TP. "Chlorophyllin as a protector of mitochondrial
#   membranes against gamma-radiation and photosensitization." Toxicology 2000;155:63-71.
# - Merke J, Milde P, Lewicka S, et al. J Clin Invest 1989;83(6):1903-1915.
# - doi 10.1371/journal.pgph.0001751: PLOS Glob Public Health 2024;4(3):e0001751 (a PubMed page's
#   source line, as a reposting page prints it).
SAMEC_MLA = ('Šamec, Dunja, et al. "Kale (Brassica Oleracea Var. Acephala) as a Superfood: Review of the '
             'Scientific Evidence behind the Statement." Critical Reviews in Food Science and Nutrition, '
             'vol. 59, no. 15, 24 Apr. 2018, pp. 2411–2422, 10.1080/10408398.2018.1454400')


def test_mla_pages_are_the_marked_range_not_the_day_of_the_date() -> None:
    fields = parse_reference(SAMEC_MLA)
    assert (fields.volume, fields.issue, fields.pages) == ("59", "15", "2411-2422")


def test_mla_container_stands_for_the_journal() -> None:
    assert parse_reference(SAMEC_MLA).journal == "Critical Reviews in Food Science and Nutrition"


def test_journal_year_volume_pages_separated_by_commas() -> None:
    fields = parse_reference('Boloor, K.K.; Kamat, J.P.; Devasagayam, T.P; "Chlorophyllin as a protector of '
                             'mitochondrial membranes against gamma-radiation and photosensitization"; '
                             'Toxicology, 2000, 155, 63–71')
    assert [a.last_name for a in fields.authors] == ["Boloor", "Kamat", "Devasagayam"]
    assert (fields.year, fields.volume, fields.pages) == (2000, "155", "63-71")


def test_a_page_range_end_shaped_like_a_year_is_not_the_year() -> None:
    fields = parse_reference("J. Merke, P. Milde, S. Lewicka et al., “Identification and regulation of "
                             "1,25-dihydroxyvitamin D3 receptor activity and biosynthesis of 1,25-dihydroxyvitamin "
                             "D3,” The Journal of Clinical Investigation, vol. 83, no. 6, pp. 1903–1915, 1989.")
    assert (fields.year, fields.volume, fields.pages) == (1989, "83", "1903-1915")


def test_a_source_line_with_no_authors_starts_with_the_journal() -> None:
    fields = parse_reference("PLOS Glob Public Health. 2024 Mar 4;4(3):e0001751. "
                             "doi: 10.1371/journal.pgph.0001751. eCollection 2024.")
    assert fields.authors == ()
    assert fields.journal == "PLOS Glob Public Health"
    assert (fields.year, fields.volume, fields.issue, fields.pages) == (2024, "4", "3", "e0001751")


@pytest.mark.parametrize("text", [
    "Diabetes UK (2018) Preventing Type 2 diabetes. Available at: https://www.diabetes.org.uk/ "
    "(Accessed: 20 September 2018).",
    '(2) Ohio University. "Vitamin D3 could help heal or prevent cardiovascular damage." ScienceDaily, '
    "30 January 2018.",
])
def test_collective_authors_without_an_author_shape(text: str) -> None:
    (author,) = parse_reference(text).authors
    assert author.collective
    assert author.last_name in ("Diabetes UK", "Ohio University")


def _labels_after_authors_end(text: str, author_words: int) -> list[tuple[str, str]]:
    """The tokens of `text` with the first `author_words` tokens labelled author (as the CRF
    labels a short title it takes for names), the rest title, after the correction."""
    from verifier.references.parser import _authors_end_before_a_sentence
    from verifier.references.tokens import tokenize

    tokens = tokenize(text)
    labels = ["author"] * author_words + ["title"] * (len(tokens) - author_words)
    return [(t.text, label) for t, label in zip(tokens, _authors_end_before_a_sentence(tokens, labels), strict=True)]


def test_a_short_title_taken_for_names_after_initials_is_the_title() -> None:
    # Sackett DL. Bias in analytic research. J Chronic Dis. 1979: "Bias in analytic research." labelled
    # author up to its full stop, as the CRF labelled a short title of this shape
    labelled = _labels_after_authors_end("Sackett DL. Bias in analytic research. J Chronic Dis. 1979.", 8)
    assert [w for w, label in labelled if label == "author"] == ["Sackett", "DL", "."]
    assert labelled[7] == (".", "title")


def test_names_after_initials_stay_names() -> None:
    # Altman DG, Bland JM. Absence of evidence is not evidence of absence. BMJ. 1995; names set apart by
    # full stops, as some pages print them
    text = "Altman DG. Bland JM. Absence of evidence is not evidence of absence. BMJ. 1995."
    labelled = _labels_after_authors_end(text, 6)
    assert [w for w, label in labelled if label == "author"] == ["Altman", "DG", ".", "Bland", "JM", "."]
