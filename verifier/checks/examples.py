"""One firing example per rule, for `verifier explain` and docs/rules.md.

C1xx examples change one field of the Islam 2023 citation of seed 001, whose record is fully
confirmed (shared/records/seed-citations.json); S2xx and T3xx examples are sentences of the
seeds or of the labelled claim set in bench/accuracy/. Each is exercised by a test.
"""

from __future__ import annotations

ISLAM = "Islam MA, Alam SS, ... J Clin Med. 2023 Sep 30;12(19):6311"

EXAMPLES: dict[str, str] = {
    "C101": "PMID: 99999999 printed, and PubMed answers that no such record exists.",
    "C102": f"{ISLAM}. doi: 10.3390/jcm12196311. PMCID: PMC10466768 (the PMCID of another paper).",
    "C103": "PMID 37644595 printed beside the title of the Islam 2023 meta-analysis: the PMID leads to "
            "a different paper.",
    "C104": "'Mesenchymal Stem Cell Therapy in Multiple Sclerosis' printed; the record's title goes on "
            "': A Systematic Review and Meta-Analysis'.",
    "C105": "'PMID: 77777777777777' (14 digits): a PMID has 1 to 9 digits.",
    "C106": "'Alam SS, Islam MA, ...' printed; the record's first author is Islam MA.",
    "C107": "'Islam MA, Alam SS, Kundu S, Ahmed S, Sultana S, Patar A.' printed: Hossan T is missing.",
    "C108": "'Islam M, Alam SS, ...' printed; the record has Islam MA.",
    "C109": "'Smith et al. assess MSC therapy' beside a reference whose first author is Islam.",
    "C122": "'Islam et al. (2021) reported ...' beside Islam's 2023 meta-analysis.",
    "C123": "'A 2021 meta-analysis found ... [1]' beside Islam's 2023 meta-analysis.",
    "C110": f"{ISLAM} printed as 2022; the record has 2023.",
    "C111": "'2023 Oct 30' printed; the record's dates are 2023 Sep 30.",
    "C112": "'J Neurol' printed; the record's journal is J Clin Med.",
    "C113": "';13(19):6311' printed; the record has volume 12.",
    "C114": "';12(9):6311' printed; the record has issue 19.",
    "C115": "';12(19):6131' printed; the record has article number 6311.",
    "C116": "The record carries a 'Retraction in' notice.",
    "C117": "The record carries an 'Erratum in' notice.",
    "C118": "The record carries an 'Expression of concern in' notice.",
    "C119": "A reference string with no ids that ECitMatch matches to no PubMed record.",
    "C120": "A reference string with no ids that ECitMatch ties to PMID 37834955.",
    "C121": "Zhang D 2025 (seed 000): the snapshot does not hold its record, so nothing was checked.",
    "S201": "'MSC therapy restores nerve function in spinal cord injury patients.' citing a narrative "
            "review (CEBM level 5, which supports at most 'may').",
    "S202": "'Curcumin relieves arthritis pain in patients.' citing a study in mice.",
    "S203": "'Drinking coffee prevents early death.' citing a cohort study.",
    "S204": "'When compared to ... sodium hyaluronate injections, HUC-MSC therapy has been shown to offer "
            "faster, longer-lasting relief' citing a qualitative systematic review with no pooled "
            "comparison (seed 001, Zhang P 2023).",
    "S205": "'Early reports also confirm its safety' citing pooled single-arm proportions "
            "(seed 001, Islam 2023).",
    "S206": "'According to the authors, MSC therapy reverses disability' where the authors concluded "
            "with 'potential' and 'possible'.",
    "S207": "'50% of patients improved' where the record gives 40.4% improved.",
    "S208": "'58% of patients showing improvement' with intravenous delivery: not in the abstract of "
            "Islam 2023 (seed 001).",
    "S209": "'a probably transformative method' citing a 16-patient open-label single-arm pilot "
            "(seed 000, Zhang D 2025).",
    "S210": "'MSC therapy cures arthritis.' with no citation anywhere near it.",
    "S211": "'MSC therapy restores cartilage in knee osteoarthritis.' citing a meta-analysis in "
            "multiple sclerosis.",
    "S212": "'Owning a dog may help you live longer.' citing a register-based cohort study "
            "(tests/cases/claims/).",
    "S213": "'This proves that MSC therapy cures multiple sclerosis in every patient.' citing a "
            "meta-analysis of pooled single-group proportions (Islam 2023).",
    "S214": "'Cognitive therapy works better than antidepressants.' citing a trial whose only "
            "comparator was a waiting list.",
    "S215": "'Vitamin D cut cancer deaths by 25%.' citing a trial whose primary end points were "
            "not lowered; 'no link' from a null cohort its authors call underpowered.",
    "S216": "'CT screening cuts lung-cancer deaths in smokers.' citing a trial in heavy current or "
            "former smokers.",
    "S217": "'The vaccine prevents deaths.' citing a trial whose record says death was not an end point.",
    "S218": "'Vitamin D cut cancer deaths.' citing a trial that met its primary end point, where death "
            "from cancer was a secondary end point.",
    "S219": "'Creatine improves strength [1][2].' on a page that prints no reference list.",
    "T301": "'umbilical twine' for umbilical cord (seed 000).",
    "T302": "Seed 000: 'umbilical twine', 'sufferers', 'dry eye illness', 'potential pilot' and 20 more.",
    "T303": "Seed 001: 'Request Information Packet' repeated after the article.",
    "X900": "A rule raised an exception on a malformed record; the audit went on.",
    "X901": "An empty file in a folder of articles: the folder is audited, the file is this error.",
}
