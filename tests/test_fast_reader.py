"""The lxml streaming reader against the Biopython path (the reference), field by field, on
every record the project's fixtures hold; and what it refuses.

The inline records below are written for these tests in PubMed's formats. Their facts (PMID,
title, journal, volume, pages, date, first author, ids) are those of the real records named,
checked by hand against PubMed's XML; every abstract is a paraphrase written here, not the
published text, and says so.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pytest
import yaml
from conftest import ISLAM_XML, ROOT, ZHANGP_XML

from verifier.errors import RecordParseError
from verifier.evidence import fastxml
from verifier.evidence.fastxml import Deleted, Read, iter_pubmed, read_answer
from verifier.models import Record
from verifier.parse import parse_pubmed_answer

HEAD_2025 = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD '
             'PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n')
HEAD_2008 = ('<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January '
             '2008//EN" "http://www.ncbi.nlm.nih.gov/entrez/query/DTD/pubmed_080101.dtd">\n')

# PMID 9997 under the 2008 DTD, where AbstractText is a single string, not a list of sections.
OLD_DTD = HEAD_2008 + """<PubmedArticleSet><PubmedArticle><MedlineCitation Owner="NLM" Status="MEDLINE">
<PMID>9997</PMID><Article PubModel="Print"><Journal><ISSN IssnType="Print">0006-3002</ISSN>
<JournalIssue CitedMedium="Print"><Volume>446</Volume><Issue>1</Issue>
<PubDate><Year>1976</Year><Month>Sep</Month><Day>28</Day></PubDate></JournalIssue>
<Title>Biochimica et biophysica acta</Title><ISOAbbreviation>Biochim. Biophys. Acta</ISOAbbreviation></Journal>
<ArticleTitle>Magnetic studies of Chromatium flavocytochrome C552. A mechanism for heme-flavin interaction.
</ArticleTitle>
<Pagination><MedlinePgn>179-91</MedlinePgn></Pagination>
<Abstract><AbstractText>Paraphrase written for this test: magnetic measurements of a flavocytochrome.</AbstractText>
</Abstract><AuthorList CompleteYN="Y"><Author ValidYN="Y"><LastName>Strekas</LastName><ForeName>T C</ForeName>
<Initials>TC</Initials></Author></AuthorList><Language>eng</Language>
<PublicationTypeList><PublicationType>Journal Article</PublicationType></PublicationTypeList></Article>
<MedlineJournalInfo><Country>NETHERLANDS</Country><MedlineTA>Biochim Biophys Acta</MedlineTA></MedlineJournalInfo>
</MedlineCitation><PubmedData><PublicationStatus>ppublish</PublicationStatus><ArticleIdList>
<ArticleId IdType="pubmed">9997</ArticleId></ArticleIdList></PubmedData></PubmedArticle>
<PubmedArticle><MedlineCitation Owner="KIE" Status="MEDLINE"><PMID>12091962</PMID><Article PubModel="Print">
<Journal><JournalIssue CitedMedium="Print"><Volume>17</Volume><Issue>1</Issue>
<PubDate><Year>1990</Year><Season>Spring</Season></PubDate></JournalIssue>
<Title>Social justice (San Francisco, Calif.)</Title></Journal>
<ArticleTitle>The treatment of AIDS behind the walls of correctional facilities.</ArticleTitle>
<Pagination><MedlinePgn>113-25</MedlinePgn></Pagination><AuthorList CompleteYN="Y"><Author ValidYN="Y">
<LastName>Olivero</LastName><ForeName>J Michael</ForeName><Initials>JM</Initials></Author></AuthorList>
<PublicationTypeList><PublicationType>Journal Article</PublicationType><PublicationType>Review</PublicationType>
</PublicationTypeList></Article><MedlineJournalInfo><MedlineTA>Soc Justice</MedlineTA></MedlineJournalInfo>
<MeshHeadingList><MeshHeading><DescriptorName MajorTopicYN="N">AIDS Serodiagnosis</DescriptorName></MeshHeading>
</MeshHeadingList></MedlineCitation><PubmedData><PublicationStatus>ppublish</PublicationStatus></PubmedData>
</PubmedArticle></PubmedArticleSet>"""

# PMID 30108519 (Front Physiol 2018;9:1034): markup and a quote in the title, MathML in the abstract.
MATHML = HEAD_2025 + """<PubmedArticleSet><PubmedArticle><MedlineCitation Status="PubMed-not-MEDLINE" Owner="NLM">
<PMID Version="1">30108519</PMID><Article PubModel="Electronic-eCollection"><Journal>
<JournalIssue CitedMedium="Print"><Volume>9</Volume><PubDate><Year>2018</Year></PubDate></JournalIssue>
<Title>Frontiers in physiology</Title><ISOAbbreviation>Front Physiol</ISOAbbreviation></Journal>
<ArticleTitle>A &quot;<i>Blood Relationship&quot;</i> Between the Overlooked Minimum Lactate Equivalent and Maximal
 Lactate Steady State in Trained Runners. Back to the Old Days?</ArticleTitle>
<Pagination><MedlinePgn>1034</MedlinePgn></Pagination>
<Abstract><AbstractText Label="PARAPHRASE" NlmCategory="UNASSIGNED">Written for this test: runners' maximal oxygen
 uptake ( <mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML"><mml:msub><mml:mrow><mml:mover><mml:mrow>
<mml:mi>V</mml:mi></mml:mrow><mml:mo>.</mml:mo></mml:mover><mml:mi>O</mml:mi></mml:mrow><mml:mrow><mml:mn>2</mml:mn>
<mml:mi>max</mml:mi></mml:mrow></mml:msub></mml:math> ) was measured.</AbstractText></Abstract>
<AuthorList CompleteYN="Y"><Author ValidYN="Y"><LastName>Garcia-Tabar</LastName><Initials>I</Initials></Author>
<Author ValidYN="Y"><LastName>Gorostiaga</LastName><Initials>EM</Initials></Author></AuthorList>
<PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList>
<ArticleDate DateType="Electronic"><Year>2018</Year><Month>07</Month><Day>31</Day></ArticleDate></Article>
<MedlineJournalInfo><MedlineTA>Front Physiol</MedlineTA></MedlineJournalInfo>
<CommentsCorrectionsList><CommentsCorrections RefType="Cites"><RefSource>Cited for this test</RefSource>
<PMID Version="1">17907247</PMID></CommentsCorrections></CommentsCorrectionsList></MedlineCitation>
<PubmedData><PublicationStatus>epublish</PublicationStatus><ArticleIdList>
<ArticleId IdType="pubmed">30108519</ArticleId></ArticleIdList></PubmedData></PubmedArticle>
<DeleteCitation><PMID Version="1">9997</PMID><PMID Version="1">12091962</PMID></DeleteCitation>
</PubmedArticleSet>"""

# PMID 26468569: a whole book (National Academies Press, 2015) with collective authors.
BOOK = HEAD_2025 + """<PubmedArticleSet><PubmedBookArticle><BookDocument><PMID Version="1">26468569</PMID>
<ArticleIdList><ArticleId IdType="bookaccession">NBK321423</ArticleId><ArticleId IdType="doi">10.17226/21775</ArticleId>
</ArticleIdList><Book><Publisher><PublisherName>National Academies Press (US)</PublisherName>
<PublisherLocation>Washington (DC)</PublisherLocation></Publisher><BookTitle book="nap21775">Application of Modern
 Toxicology Approaches for Predicting Acute Toxicity for Chemical Defense</BookTitle>
<PubDate><Year>2015</Year><Month>09</Month><Day>01</Day></PubDate><AuthorList Type="authors" CompleteYN="Y">
<Author ValidYN="Y"><CollectiveName>Committee on Toxicology</CollectiveName></Author>
<Author ValidYN="Y"><CollectiveName>Board on Life Sciences</CollectiveName></Author></AuthorList>
<Isbn>9780309376662</Isbn><ELocationID EIdType="doi">10.17226/21775</ELocationID></Book>
<PublicationType UI="D016454">Review</PublicationType><Abstract><AbstractText>Paraphrase written for this test:
 a report on <i>predictive toxicology</i> for defence.</AbstractText></Abstract></BookDocument>
<PubmedBookData><PublicationStatus>ppublish</PublicationStatus><ArticleIdList>
<ArticleId IdType="pubmed">26468569</ArticleId></ArticleIdList></PubmedBookData></PubmedBookArticle>
</PubmedArticleSet>"""

INLINE = {"old DTD": OLD_DTD, "MathML and DeleteCitation": MATHML, "book": BOOK}


def cassette_bodies(path: Path) -> list[bytes]:
    """The efetch XML answers a vcrpy cassette holds."""
    interactions = yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"]
    bodies = [i["response"]["body"]["string"] for i in interactions]
    return [b.encode() if isinstance(b, str) else b for b in bodies if "PubmedArticleSet" in str(b)[:400]]


def fixtures() -> dict[str, bytes]:
    found = {"islam2023.xml": ISLAM_XML.read_bytes(), "zhangP2023_partial.xml": ZHANGP_XML.read_bytes()}
    for cassette in sorted((ROOT / "cassettes").glob("*.yaml")):
        for number, body in enumerate(cassette_bodies(cassette)):
            found[f"{cassette.name} #{number}"] = body
    found.update({name: xml.encode() for name, xml in INLINE.items()})
    return found


def differing_fields(expected: Record, got: Record) -> dict[str, tuple[object, object]]:
    return {name: (getattr(expected, name), getattr(got, name)) for name in Record.model_fields
            if getattr(expected, name) != getattr(got, name)}


@pytest.mark.parametrize("name", sorted(fixtures()))
def test_both_readers_give_the_same_records(name: str) -> None:
    xml = fixtures()[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the Biopython path warns about DTDs it does not ship
        reference = parse_pubmed_answer(xml)
    fast = read_answer(xml)
    assert reference.records, name  # a fixture with no record would compare nothing
    assert [r.pmid for r in fast.records] == [r.pmid for r in reference.records]
    for expected, got in zip(reference.records, fast.records, strict=True):
        assert differing_fields(expected, got) == {}, expected.pmid
    assert (fast.deleted, fast.unplaced) == (reference.deleted, reference.unplaced)


def test_the_fixtures_cover_every_record_kind() -> None:
    records = [r for xml in fixtures().values() for r in read_answer(xml).records]
    assert len(records) >= 9 and {r.kind for r in records} >= {"article", "book"}
    assert read_answer(MATHML.encode()).deleted == {"9997", "12091962"}


def test_fields_read_from_the_inline_records() -> None:
    strekas, olivero = read_answer(OLD_DTD.encode()).records
    assert (strekas.pmid, strekas.volume, strekas.pages, strekas.pub_date.month) == ("9997", "446", "179-191", 9)
    assert len(strekas.abstract) == 1 and strekas.abstract[0].text.startswith("Paraphrase written")
    assert (olivero.pub_date.text, olivero.pub_date.month, olivero.pages) == ("1990 Spring", None, "113-125")
    runners = read_answer(MATHML.encode()).records[0]
    assert runners.title.startswith('A "Blood Relationship" Between the Overlooked')
    assert "uptake ( V.O2 max ) was" in runners.abstract[0].text and "<" not in runners.abstract[0].text
    assert runners.corrections == ()  # "Cites" is no correction
    book = read_answer(BOOK.encode()).records[0]
    assert (book.kind, book.book_accession, book.doi, book.isbn) == ("book", "NBK321423", "10.17226/21775",
                                                                     ("9780309376662",))
    assert [a.last_name for a in book.authors] == ["Committee on Toxicology", "Board on Life Sciences"]


def test_stream_gives_versions_and_deletions_in_order() -> None:
    items = list(iter_pubmed(io.BytesIO(MATHML.encode())))
    assert [type(i) for i in items] == [Read, Deleted]
    assert isinstance(items[0], Read) and items[0].version == 1


ENTITY_BOMB = (b'<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [<!ENTITY a "aaaaaaaaaa">'
               b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
               b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
               b"<ArticleTitle>&c;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>")


@pytest.mark.parametrize("xml", [
    ENTITY_BOMB,
    ENTITY_BOMB.replace(b"<!DOCTYPE", b"<!-- <!DOCTYPE PubmedArticleSet> --><?pi x?><!DOCTYPE"),
    b'<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
    b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>&x;"
    b"</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>",
], ids=["bomb", "decoy-comment-and-pi", "external-entity"])
def test_declared_entities_are_refused(xml: bytes) -> None:
    with pytest.raises(RecordParseError, match="declares its own entities"):
        read_answer(xml)


def test_an_external_dtd_is_never_read(tmp_path: Path) -> None:
    dtd = tmp_path / "pubmed_990101.dtd"
    dtd.write_text('<!ENTITY leak "LEAKED">', encoding="utf-8")
    xml = (f'<?xml version="1.0"?><!DOCTYPE PubmedArticleSet SYSTEM "{dtd.as_uri()}"><PubmedArticleSet>'
           "<PubmedArticle><MedlineCitation><PMID>9997</PMID><Article><ArticleTitle>A &leak; title"
           "</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>").encode()
    assert "LEAKED" not in read_answer(xml).records[0].title


@pytest.mark.parametrize(("xml", "message"), [
    (b"<PubmedArticleSet><PubmedArticle>", "could not be parsed"),
    (b"<html>no</html>", "not PubMed XML"),
    (b"not xml", "could not be parsed"),
    (b"<eSearchResult><Count>1</Count></eSearchResult>", "not PubMed XML"),
    (HEAD_2025.encode() + b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID>", "could not be parsed"),
])
def test_broken_or_foreign_xml_is_one_line_error(xml: bytes, message: str) -> None:
    with pytest.raises(RecordParseError, match=message) as raised:
        read_answer(xml)
    assert "\n" not in str(raised.value)


def test_a_record_without_pmid_is_reported_not_dropped() -> None:
    xml = (b"<PubmedArticleSet><PubmedArticle><MedlineCitation><Article/></MedlineCitation></PubmedArticle>"
           b"</PubmedArticleSet>")
    answer = read_answer(xml)
    assert answer.records == () and len(answer.unplaced) == 1 and "article" in answer.unplaced[0]


def test_no_record_boundary_is_refused_before_memory_grows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastxml, "MAX_RECORD_BYTES", 1 << 20)
    endless = b"<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>"
    endless += b"x" * (3 << 20)
    with pytest.raises(RecordParseError, match="no record boundary"):
        read_answer(endless)
