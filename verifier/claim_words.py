"""Claim wording the strength lexicon (language.py) does not list: how health pages assert an
effect, a risk, a safety property or a finding in everyday words.

The strength lexicon is tuned on the wording of abstracts and press releases ("reduces",
"was associated with"). Clinic blogs, supplement shops and news items say the same things in
other words: "turmeric fights inflammation", "omega-3s are good for your brain", "one in three
adults has high blood pressure", "none of the children was harmed", "skip sugary drinks and
your teeth will thank you". This module finds those, for claims only:

- `extra_cues`: cues (effect, comparative, safety) for a sentence in which the strength lexicon
  found no relation at all, so that such a sentence gets a strength from the same model and
  rules as any other claim. A sentence that already has a relation cue is left as it is, so
  the strength of what was a claim before is unchanged;
- `states_a_finding`: the name of the rule by which a sentence with no cue states a finding
  (a prevalence, a composition, a count), or None.

Every rule needs a health word in the sentence (`HEALTH_WORDS`, matched on Snowball stems), and
the effect-verb and promise wording one about the body or its health, not only people or
places of care (`body_words`), so that "the new policy supports small firms", "our doctors speed
up the paperwork" or "one in three customers prefers blue" stay plain statements. Verbs are
matched on their Snowball stems too ("fights", "fought", "fighting").
"""

from __future__ import annotations

import snowballstemmer

from verifier import lazyre as re  # re, compiled on first use, with a literal pre-test (verifier/lazyre.py)
from verifier import memo
from verifier.language import Cue, CueKind

_STEMMER = snowballstemmer.stemmer("english")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*")


@memo.kept_up_to(65536)
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(word.casefold().replace("’", "'")))


def _stems(words: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in words.split())


# Words that make a sentence about health: the body, its parts and workings, conditions,
# outcomes, nutrients and the people health pages speak of.
HEALTH_WORDS = _stems(
    "health healthy healthier unhealthy body bodies heart hearts brain brains liver kidney kidneys lung lungs "
    "bone bones joint joints muscle muscles skin hair nails gut guts stomach digestion digestive bowel colon "
    "immune immunity blood sugar glucose insulin cholesterol weight fat belly metabolism metabolic sleep memory "
    "mood stress anxiety anxious depression pain energy fatigue tiredness inflammation inflammatory infection "
    "infections "
    "flu colds cancer cancers tumour tumours tumor tumors cell cells disease diseases illness death deaths "
    "die dying lifespan longevity mortality symptom symptoms artery arteries vessel vessels hormone hormones "
    "cortisol testosterone oestrogen estrogen thyroid cognition cognitive eyes vision teeth tooth gums oral "
    "breathing asthma allergy allergies diabetes diabetic obesity obese overweight injury injuries wound wounds "
    "healing recovery tissue tissues cartilage tendon tendons ligament nerve nerves neurons dementia alzheimer "
    "parkinson stroke strokes arthritis osteoarthritis cardiovascular cardiac vascular mental wellbeing "
    "well-being fertility pregnancy pregnant baby babies infant infants ageing aging wrinkles acne eczema "
    "psoriasis migraine migraines headache headaches nausea bloating constipation diarrhoea diarrhea cramps "
    "ulcer ulcers antioxidant antioxidants nutrient nutrients vitamin vitamins mineral minerals magnesium iron "
    "zinc calcium potassium sodium salt protein fibre fiber omega-3 omega-3s flavonoids polyphenols probiotic "
    "probiotics collagen toxins radicals virus viruses bacteria microbiome hypertension arthritic "
    "knee knees hip hips spine neck patients patient adults children kids elderly seniors smokers "
    "athletes libido erectile menopause skin-care complexion blemishes scars "
    "concentration alertness stamina endurance strength flexibility mobility recovery appetite cravings "
    "hunger calories calorie kilos pounds kg lbs waist tumour-free remission relapse survival survive "
    "surgery side-effects wellness liver-friendly circulation hydration dehydration bloodstream people "
    "participants volunteers smoking cigarettes tobacco alcohol caffeine supplement supplements mind minds "
    "nervous screening diagnosis prognosis irritation invulnerable sickness affliction doctors nurses "
    "clinicians physicians hospital hospitals "
    "medicine medicines drug drugs vaccine "
    "vaccines care treatment therapy illness illnesses readmissions admissions "
    # the words of abstracts' conclusions: how common, in whom, what is seen
    "prevalence incidence lesion lesions bmi emotion emotional susceptibility biopsy biopsies platelet platelets "
    "adipose")

# Verbs of acting on the body or on health, in base form and irregular past forms.
_EFFECT_VERB_WORDS = _stems(
    "fight fought support strengthen weaken damage burn feed fuel trigger block neutralise neutralize "
    "sharpen regrow regain settle underlie calm soothe nourish detoxify detox cleanse combat tackle alleviate "
    "aggravate harm hurt impair disrupt rejuvenate energise energize revitalise revitalize unclog rebuild "
    "renew replenish optimise optimize regulate counteract fortify lengthen prolong shrink dissolve eradicate "
    "brighten mend lessen minimise minimize mitigate curb tame elevate stimulate activate strengthen nurture "
    "restore rebalance reset purify invigorate awaken sharpen firm tighten thicken smooth hydrate moisturise "
    "moisturize unblock relieve soothe starve clear flush melt sap drain deplete worsen exacerbate shield "
    "defend guard attack beat beats outdo outdoes rival rivals outshine thin thins absorb interact assist "
    "upgrade lessen attack fall drop release spike drive lift gain shape battle battles forestall avert "
    "invade spread metastasise metastasize infect inflame irritate clog harden erase ruin alkalise alkalize "
    "resolve reverse acidify poison sabotage wreck lubricate cushion")
# Verbs whose bare and -s forms are mostly nouns on health pages ("heart attacks", "falls",
# "eye drops", "a press release"): they count as verbs only when a modal or "to" comes before
# them, or in the past tense.
_NOUNISH_VERB_WORDS = _stems("attack fall drop release spike drive lift gain shape")
_IRREGULAR_PAST = frozenset({"fought", "fell", "rose", "lost", "grew", "shrank", "drove", "hurt", "fed"})
# irregular pasts whose stem is not their verb's ("shrank" is no "shrink"), matched as their verb
_EFFECT_VERB_WORDS |= _stems("shrank shrunk fed")
# "salt raises blood pressure": a verb the lexicon lacks
_EFFECT_VERB_WORDS |= _stems("raise")
# forms whose Snowball stem is another word's ("underlies" -> "under"): matched as written
_EXACT_VERBS = frozenset({"underlie", "underlies", "underlay", "underpins", "underpin",
                          "build", "builds", "built"})  # not "building" ("a building block", "muscle building")
_VERB_BEFORE = frozenset({"can", "could", "may", "might", "will", "would", "to", "help", "helps", "helped", "does",
                          "do", "did", "also", "that", "which", "who", "they", "you", "we", "it", "often",
                          "usually", "naturally", "actually", "really", "further", "directly", "quickly",
                          "gently", "effectively", "significantly", "dramatically", "greatly", "literally",
                          "not", "never", "doesn't", "doesn’t", "don't", "don’t", "didn't", "didn’t", "won't",
                          "won’t", "cannot", "can't", "can’t"})

_PHRASE_CUES: tuple[tuple[CueKind, re.Pattern[str]], ...] = (
    # "social media makes teenagers depressed", "sugar made them sicker": a cause given a state
    (CueKind.causal, re.compile(
        r"\b(?:makes?|made|making)\s+(?:\w+\s+){0,2}?(?:depressed|anxious|sick|sicker|ill|fat|fatter|obese|tired"
        r"|exhausted|sleepy|sleepless|stressed|lonely|infertile|diabetic|forgetful|irritable|bloated|moody"
        r"|weaker|stronger|healthier|younger|older|smarter|happier|sadder|slimmer|leaner|worse|better|unsteady"
        r"|dizzy|nauseous|unwell|breathless|restless|hungrier|thirstier|clumsy|faint)\b"
        # "being single makes people eat more", "stress made them sleep less": a cause given a habit
        r"|\b(?:makes?|made|making)\s+(?:\w+\s+){1,2}?(?:eat|drink|sleep|smoke|snack|exercise|move|crave|weigh"
        r"|live|age)\s+(?:\w+\s+)?(?:more|less|longer|shorter|faster|slower|worse|better)\b", re.I)),
    # "turmeric is the answer for joint pain"
    (CueKind.effect, re.compile(
        r"\b(?:is|are|was|were)\s+(?:the|an?|your)\s+(?:\w+\s+)?(?:answer|solution|fix|cure|antidote|key)\s+"
        r"(?:to|for)\b", re.I)),
    (CueKind.effect, re.compile(
        r"\b(?:is|are|was|were|be|being|'re|’re|'s|’s)\s+(?:\w+\s+)?(?:essential|vital|crucial|key|important|good"
        r"|great|bad|excellent|beneficial|harmful|toxic|dangerous|deadly|necessary|critical|indispensable"
        r"|ideal|perfect|terrible|awful|wonderful|fantastic|helpful|protective|healing|detrimental|deleterious"
        r"|advantageous|disadvantageous|effective|ineffective|efficacious|useful|successful)\s+(?:for|to|in)\b"
        # "sleep and diet are key factors in recovery", "is a major determinant of"
        r"|\b(?:is|are|was|were|be|being)\s+(?:a\s+|the\s+)?(?:\w+\s+)?(?:key|important|major|main|crucial"
        r"|essential|critical|independent|strong|significant)\s+(?:elements?|factors?|components?|determinants?"
        r"|predictors?|contributors?|players?|mediators?|regulators?)\s+(?:to|for|in|of)\b"
        r"|\b(?:good|bad|great)\s+for\s+(?:your|the|our|a|you)\b", re.I)),
    (CueKind.effect, re.compile(
        r"\b(?:is|are)\s+(?:a|an)\s+(?:\w+\s+)?(?:potent|powerful|natural|strong|effective|proven|known|excellent"
        r"|great|major|leading|common|main|key|primary|top)\s+(?:[\w\-]+\s+){0,2}?(?:anti-?[a-z]+|antioxidants?"
        r"|remed(?:y|ies)|treatments?|cures?|healers?|painkillers?|causes?|triggers?|drivers?|sources?"
        r"|contributors?|risk factors?|(?:\w+-)?boosters?|fighters?|protectors?|detoxifiers?)\b", re.I)),
    (CueKind.effect, re.compile(
        r"\bkeeps?\s+(?:[\w\-]+\s+){1,3}?(?:at bay|healthy|strong|flexible|young|supple|clear|sharp|regular"
        r"|balanced|in check|under control|in shape|running smoothly)\b"
        r"|\b(?:puts?|places?)\s+(?:a\s+|an\s+|extra\s+|more\s+)?(?:strain|stress|burden|pressure|load)\s+on\b"
        r"|\btakes?\s+(?:a|its)\s+toll\s+on\b|\b(?:knocks?|knocked|fends?|fended|staves?|staved)\s+(?:\w+\s+)?"
        r"(?:out|off)\b|\b(?:speeds?|sped|slows?|slowed|breaks?|broke|clears?|cleared|flush(?:es|ed)?|melts?"
        r"|melted|burns?|burned|wipes?|wiped|kick-?starts?|jump-?starts?|powers?|perks?|fires?)\s+(?:\w+\s+)?"
        r"(?:up|down|out|away|off)\b|\bgets?\s+rid\s+of\b"
        r"|\b(?:draws?|drew|drawn|pulls?|pulled|sucks?|sucked)\s+(?:\w+\s+){0,2}?out\b"
        r"|\b(?:is|are|holds?)\s+the\s+(?:key|secret|answer)\s+to\b"
        r"|\b(?:is|are)\s+(?:\w+\s+)?to\s+blame\s+for\b|\b(?:is|are)\s+behind\b"
        r"|\b(?:is|are|lies|lie)\s+(?:at\s+)?the\s+(?:root|heart)\s+(?:cause\s+)?of\b"
        r"|\b(?:is|are)\s+(?:a\s+|pure\s+|slow\s+)?poison\b"
        r"|\b(?:has|have)\s+the\s+(?:ability|power|capacity)\s+to\b"
        r"|\bkeeps?\s+(?:[\w\-]+\s+){1,3}?away\b"
        r"|\bacts?\s+(?:directly\s+|quickly\s+|mainly\s+)?(?:on|upon)\s+(?:the\s+|your\s+)?[a-z]"
        r"|\b(?:makes?|made)\s+(?:\w+\s+){1,3}?(?:healthier|stronger|weaker|worse|better|sicker|fatter|slimmer"
        r"|younger|older|sharper)\b"
        # "makes your skin look ten years younger", "made their joints feel less stiff"
        r"|\b(?:makes?|made|making)\s+(?:\w+\s+){1,3}?(?:look|feel|appear|seem)\s+(?:[\w\-]+\s+){0,3}?"
        r"(?:younger|older|healthier|stronger|better|worse|radiant|glowing|youthful|firmer|smoother|plumper"
        r"|brighter|clearer|lighter|looser|stiff|stiffer|rested|refreshed|energi[sz]ed|tired|bloated)\b", re.I)),
    (CueKind.comparative, re.compile(
        r"\bas\s+(?:bad|deadly|harmful|dangerous|good|effective|powerful|beneficial|healthy|unhealthy|addictive"
        r"|toxic|damaging|protective|potent)(?:\s+for\s+(?:you|your\s+\w+|health))?\s+as\b"
        r"|\b(?:twice|three times|four times|(?:\d+|two|three|four|five|ten)(?:\s|-)?(?:fold|times))\s+"
        r"(?:as|more|less|higher|lower)\b"
        r"|\b(?:the|one of the)\s+(?:very\s+)?(?:best|worst|healthiest|most\s+(?:effective|powerful|potent|important"
        r"|dangerous|nutritious|beneficial|harmful|researched|studied|common)|leading|top|biggest|greatest)\b"
        r"|\b(?:fewer|less)\s+(?:[\w\-]+\s+){0,2}(?:infections?|pain|symptoms?|deaths?|attacks?|strokes?|illness"
        r"|headaches?|migraines?|relapses?|complications?|cavities|colds?|fractures?|falls|episodes?|flare-?ups?"
        r"|hospitali[sz]ations?|visits|days off)\b", re.I)),
    (CueKind.effect, re.compile(
        r"\b(?:rose|fell|dropped|declined|climbed|jumped|plunged|soared|plummeted|shrank|grew|halved)\s+"
        r"(?:\w+\s+)?(?:by|from|to|in|among|after)\b|\b(?:lost|gained|shed)\s+(?:an\s+average\s+of|on\s+average"
        r"|about|around|nearly|almost|up\s+to|more\s+than|\d)"
        r"|\b(?:strongest|weakest|greatest|largest|biggest|smallest)\s+(?:\w+\s+)?(?:effects?|benefits?"
        r"|reductions?|improvements?|gains?|drops?|losses|declines?|risks?)\b"
        r"|\b(?:the\s+)?(?:effects?|benefits?|gains?|improvements?|reductions?)\s+(?:was|were|is|are)\s+"
        r"(?:(?:even|much|far|slightly|somewhat)\s+)?(?:strongest|largest|greatest|biggest|smallest|weakest|seen"
        r"|clearest|most\s+\w+|stronger|larger|greater|bigger|smaller|weaker|clearer|more\s+(?:marked|pronounced)"
        r"|less\s+(?:marked|pronounced))\b"
        r"|\bdisappeared\b|\bwore off\b|\bvanished\b"
        # "a new blood test spots cancer years early": what a test finds
        r"|\b(?:tests?|scans?|screening|screens?|tools?|algorithms?|apps?|devices?|biomarkers?|AI)\s+"
        r"(?:(?:\w+ly|also|can|could|may|might|will)\s+)?(?:spots?|spotted|detects?|detected|predicts?|predicted"
        r"|picks?\s+up|picked\s+up|catch(?:es)?|caught|diagnoses?|diagnosed|rules?\s+out)\b"
        # "most back pain goes away on its own": the course of a condition
        r"|\b(?:goes|go|went|going|fades?|faded|wears?)\s+away\b"
        r"|\b(?:clears?\s+up|cleared\s+up|resolves?|resolved|heals?|healed|improves?|improved)\s+(?:on\s+its\s+own"
        r"|by\s+itself|without\s+(?:any\s+)?treatment|spontaneously)\b"
        r"|\b(?:showed|show|shows|saw|see|sees|had|have|has|experienced|reported|noticed)\s+(?:a|an)\s+(?:\w+\s+){0,2}?"
        r"(?:drop|fall|rise|increase|decrease|reduction|improvement|decline|change|boost|gain|loss|jump)\s+in\b"
        r"|\b(?:points?|pointing)\s+to\s+(?:a|an)\s+(?:\w+\s+)?(?:role|link|benefit|effect|association|connection)\b"
        r"|\b(?:do|does|did)\s+(?:absolutely\s+)?nothing\s+(?:for|against|to)\b"
        r"|\b(?:plays?|played)\s+(?:a|an)\s+(?:\w+\s+)?part\s+in\b"
        r"|\bsuppl(?:y|ies|ied)\s+(?:the\s+|your\s+)?(?:\w+\s+)?with\b"
        r"|\bkeeps?\s+(?:you|your\s+\w+|people|them)\s+(?:feeling\s+)?(?:full|satisfied|hydrated|awake|alert|warm"
        r"|regular|fit|active|young|slim|lean|healthy)\b"
        r"|\b(?:rises|rise|falls|fall|climbs|drops|increases|decreases|doubles)\s+(?:\w+\s+)?(?:steeply|sharply"
        r"|rapidly|quickly|slowly|steadily|with\s+age|after|by|with)\b", re.I)),
    (CueKind.comparative, re.compile(
        r"\b(?:more|less)\s+(?!than\b)[a-z\-]{3,}\s+than\b"
        r"|\b(?!(?:other|rather|older|later|earlier|under|never|ever|either|neither|whether|further|over|after|per"
        r"|longer)\b)[a-z]{2,}(?:er|ier)\s+than\b"
        r"|\b(?:was|were|is|are)\s+(?:\w+\s+)?(?:highest|lowest|greatest|poorest|best|worst|strongest|weakest"
        r"|largest|smallest|higher|lower|better|worse|poorer)\s+(?:among|in|for|at|with)\b"
        r"|\bvar(?:y|ies|ied)\s+(?:widely|greatly|considerably|substantially|markedly|a lot|by|between|across"
        r"|among|with|depending\s+on|according\s+to)\b|\blags?\s+behind\b|\bfalls?\s+short\s+of\b|\bno\s+(?:better|worse)\s+than\b"
        r"|\b(?:is|are)\s+no\s+(?:substitute|replacement|match)\s+for\b"
        r"|\b(?:easier|harder|quicker|simpler)\s+to\s+(?:treat|cure|prevent|manage|spot|diagnose|control|reverse)\b",
        re.I)),
    (CueKind.effect, re.compile(
        r"\b(?:can|could|may|might|will|often|usually|sometimes|tends?\s+to)\s+(?:\w+\s+)?(?:manifest|show\s+up"
        r"|present|progress|spread|recur|persist|mimic|mask|go\s+(?:unnoticed|undiagnosed|untreated|unrecognised"
        r"|unrecognized)|develop\s+into|turn\s+into|take\s+a\s+toll)\b"
        r"|\b(?:goes|go|went|remains?|remained)\s+(?:largely\s+|often\s+)?(?:unrecognised|unrecognized|undiagnosed"
        r"|untreated|unnoticed|overlooked|underdiagnosed|underreported)\b", re.I)),
)
# "people with fewer gut bacteria reported more severe depression": two groups compared, on
# something about the body (not "people with more pets made more visits to the park")
_GROUPS_COMPARED: tuple[tuple[CueKind, re.Pattern[str]], ...] = (
    (CueKind.comparative, re.compile(
        r"\b(?:with|who\s+(?:had|have|has|ate|eat|eats|took|take|takes|drank|drink|drinks|slept|sleep|sleeps))\s+"
        r"(?:fewer|more|less|lower|higher|greater|smaller|larger)\s[^.;]{1,80}?\b(?:had|have|has|reported|report"
        r"|showed|show|developed|develop|experienced|were|was|are|is|scored|lived|live)\s+(?:\w+\s+)?(?:more|less|fewer"
        r"|lower|higher|greater|worse|better|longer|shorter)\b",
        re.I)),
)
# Comparisons and relations in the wording of abstracts, counted only in a sentence about the body
# ("people had higher incomes than last year" compares people, not health)
_BODY_COMPARED: tuple[tuple[CueKind, re.Pattern[str]], ...] = (
    (CueKind.comparative, re.compile(
        # "had fewer falls than", "lower blood pressure than": a comparison over a few words
        r"\b(?:more|less|fewer|higher|lower|greater|smaller|larger|better|worse|poorer|faster|slower|shorter"
        r"|longer|stronger|weaker)\s+(?!than\b|or\s+less\b|often\s+than\s+not\b)(?:[\w\-]+\s+){1,3}?than\b"
        # "more reliable at spotting", "more common among": a comparison of a property
        r"|\b(?:more|less)\s+(?:accurate|effective|efficient|efficacious|sensitive|specific|reliable|useful|common"
        r"|prevalent|frequent|pronounced|preponderant|severe|successful|likely)\s+(?:in|at|among|for|with)\b"
        r"|\b(?:similar|comparable|equivalent|unchanged|no\s+different)\s+(?:\w+\s+)?(?:regardless|irrespective)\s+of\b"
        r"|\b(?:comparable|similar|equivalent)\s+(?:\w+\s+)?(?:outcomes?|results?|rates?|efficacy|effects?"
        r"|benefits?|survival)\b"
        r"|\bdiscriminat(?:e|es|ed|ing)\s+(?:\w+\s+)?between\b"
        # "patients with gout were older", "cases exhibited impaired responses": groups of patients
        # compared ("the doctors were older than their peers" compares staff)
        r"|\b(?:patients|cases|participants|subjects)\s+(?:[\w\-]+\s+){0,4}?(?:were|was)\s+(?:significantly\s+"
        r"|also\s+|generally\s+)?(?:older|younger|heavier|lighter|sicker|frailer|fitter)\b"
        r"|\bexhibit(?:s|ed)?\s+(?:\w+ly\s+)?(?:abnormal|altered|impaired|increased|decreased"
        r"|reduced|elevated|enhanced|diminished|greater|higher|lower|poorer|better)\b", re.I)),
    # "gut bacteria are implicated in colitis", "point to a role for insulin", "consistent with a
    # drug reaction": relations only when the body is what they are about ("officials were
    # implicated in the scandal" is not)
    (CueKind.associational, re.compile(
        r"\b(?:is|are|was|were|been|be)\s+(?:\w+\s+)?implicated\b"
        r"|\b(?:indicat|suggest|support|show|reveal|point|highlight|confirm|demonstrat)\w*\s+(?:to\s+)?(?:an?|the)\s+"
        r"(?:\w+\s+){0,2}?role\s+(?:for|of)\b"
        r"|\b(?:is|are|was|were)\s+(?:\w+\s+)?consistent\s+with\b", re.I)),
)
# "There is no safe level of alcohol": nothing safe, said of something health pages speak of
_NOTHING_SAFE: tuple[tuple[CueKind, re.Pattern[str]], ...] = (
    (CueKind.safety_absolute, re.compile(
        r"\bno\s+(?:known\s+)?safe\s+(?:level|amount|dose|limit|threshold|quantity)s?\b", re.I)),
)
# "This therapy worked best in older adults", "the drug did not work": a treatment said to work,
# which is about health by what it is (a health word is enough, not one about the body)
_TREATMENT_WORKS: tuple[tuple[CueKind, re.Pattern[str]], ...] = (
    (CueKind.effect, re.compile(
        r"\b(?:treatments?|therap(?:y|ies)|drugs?|medicines?|medications?|supplements?|vaccines?|remed(?:y|ies)"
        r"|interventions?|regimens?|pills?|tablets?|injections?|surgery)\s+(?:(?:\w+ly|also|still|only|just)\s+)?"
        r"(?:(?:works?|worked)\s+(?:\w+\s+)?(?:best|better|well|wonders|quickly|fast|faster|equally\s+well)\b"
        r"|(?:does|did|do)\s+not\s+work\b|(?:doesn['’]t|didn['’]t|don['’]t)\s+work\b)", re.I)),
)
# Relations in the wording of abstracts' conclusions that the strength lexicon does not list:
# "positively impact", "is driven by", "resulting in", "associated primarily with", "at risk for",
# "a higher incidence of", "comparable to", "no advantage over", "may benefit from", "an additive effect"
_ABSTRACT_CUES: tuple[tuple[CueKind, re.Pattern[str]], ...] = (
    (CueKind.causal, re.compile(
        r"\b(?:is|are|was|were|be|being)\s+(?:\w+\s+){0,2}?(?:driven|mediated|caused|triggered|induced)\s+"
        r"(?:\w+\s+){0,2}?by\b|\bresult(?:s|ed|ing)?\s+in\b", re.I)),
    (CueKind.effect, re.compile(
        r"\b(?:positively|negatively|adversely|favou?rably|significantly|directly|strongly|greatly)\s+"
        r"(?:impact|affect|influence|shape|modulate|regulate|predict|correlate)(?:s|d|ed)?\b"
        # "have dropped steadily since 2000", "has doubled since 1990": a change reported
        r"|\b(?:has|have|had)\s+(?:\w+\s+)?(?:fallen|risen|declined|increased|decreased|dropped|doubled|halved"
        r"|tripled|improved|worsened)\b"
        # "a steady fall in asthma admissions has occurred since the ban": a change reported
        r"|\b(?:declines?|falls?|drops?|rises?|increases?|reductions?|improvements?)\s+in\s+(?:[\w\-]+\s+){1,6}?"
        r"(?:has|have|had)\s+(?:\w+\s+)?occurred\b"
        r"|\b(?:may|might|can|could|will|would|did|does|do|not|to)\s+(?:\w+\s+)?benefit\s+from\b"
        r"|\bbenefit(?:s|ed)\s+from\b"
        r"|\b(?:an?|no|any)\s+(?:\w+\s+)?(?:additive|protective|beneficial|harmful|synergistic|therapeutic"
        r"|clinical|positive|negative|significant)\s+(?:effects?|benefits?|impacts?)\b", re.I)),
    (CueKind.associational, re.compile(
        r"\b(?:associated|linked|correlated|related)\s+(?:\w+ly\s+)?(?:with|to)\b"
        r"|\bat\s+(?:\w+\s+)?risk\s+(?:of|for)\b"
        # "obese adults face a risk of", "smokers carry a greater risk of"
        r"|\b(?:has|have|had|carry|carries|carried|face|faces|faced|bear|bears)\s+(?:not\s+only\s+)?"
        r"(?:an?\s+|the\s+)?(?:\w+\s+)?risks?\s+(?:of|for)\b"
        r"|\b(?:higher|lower|increased|reduced|decreased|greater|elevated|high|low|lowest|highest)\s+(?:\w+\s+)?"
        r"(?:risk|likelihood|odds|chances?)\s+(?:of|for)\b", re.I)),
    (CueKind.comparative, re.compile(
        r"\b(?:higher|lower|increased|reduced|decreased|greater|elevated|lowest|highest)\s+(?:\w+\s+)?"
        r"(?:incidence|prevalence|rates?)\s+(?:of|for)\b"
        r"|\b(?:comparable|similar|equivalent|superior|inferior|non-?inferior)\s+(?:\w+\s+)?(?:to|with)\b"
        r"|\b(?:advantage|benefit|improvement)s?\s+over\b|\bdiffer(?:s|ed|ent)?\s+(?:\w+\s+)?(?:from|between)\b"
        r"|\b(?:more|less)\s+(?:prone|susceptible|vulnerable)\s+to\b",
        re.I)),
)
_POSSIBILITY_CUES: tuple[tuple[CueKind, re.Pattern[str]], ...] = (
    # "can be toxic", "cannot make omega-3 fats", "can interact with": a possibility or a limit
    (CueKind.hedge, re.compile(r"(?<!\byou )(?<!\bwe )(?<!\bI )(?<!\bthey )\b(?:can|cannot|can't|can’t)\s+"
                               r"(?!(?:be\s+)?(?:booked|bought|found|ordered|purchased|reached|contacted|seen|"
                               r"visit|book|buy|find|order|call|contact|schedule|see|ask|read|use\s+our|refer|arrange"
                               r"|offer|provide|advise|discuss|explain|answer|help\s+you|talk|give\s+you|send|organi[sz]e"
                               r"|support\s+you|park|bring|attend|come|register|pay|choose|request|expect|sign|log"
                               r"|download|access|join|collect|hold|take\s+(?:you|your\s+call)))"
                               r"(?:\w+\s+)?[a-z]{3,}", re.I)),
)
# wording that carries its own guard: safety words, or a person reporting a result
_SAFETY_CUES: tuple[tuple[CueKind, re.Pattern[str]], ...] = (
    (CueKind.effect, re.compile(
        r"\b(?:patients|clients|customers|users|people|participants|members|women|men|parents|athletes)\s+"
        r"(?:\w+\s+){0,3}?(?:report|reported|say|said|tell us|told us|describe|described)\s+(?:that\s+)?"
        r"(?:they\s+)?(?:feel|feeling|felt|sleeping|having|being)\s+(?:\w+\s+)?(?:better|more|less|\w+er)\b"
        r"|\b(?:patients|clients|customers|users|people|participants|members)\s+(?:\w+\s+){0,4}?(?:see|sees|saw"
        r"|notice|noticed|get|got|achieve|achieved|feel|felt|experience|experienced)\s+(?:\w+\s+)?(?:results"
        r"|a difference|the difference|relief|changes|improvements?|benefits)\b", re.I)),
    # an absolute safety claim: nobody harmed, no known side effects, causes no harm
    (CueKind.safety_absolute, re.compile(
        r"\b(?:none of the|not a single|not one|nobody|no one)\s+(?:\w+\s+){0,3}?(?:was|were|got|became|has been"
        r"|have been)?\s*(?:harmed|hurt|injured|hospitali[sz]ed|died|sickened)\b"
        r"|\b(?:no|without)\s+(?:any\s+)?(?:known|harmful|negative|lasting|dangerous)\s+(?:\w+\s+)?(?:side[- ]effects?"
        r"|risks?|harms?|adverse|complications?)"
        r"|\b(?:causes?|caused|has|have)\s+no\s+(?:\w+\s+)?(?:harm|damage|side[- ]effects?|complications?)"
        # "a safe, drug-free way to manage pain"
        r"|\b(?:is|are)\s+(?:a|an)\s+(?:[\w\-]+,?\s+){0,2}?(?:safe|safer|harmless)\b,?\s+(?:[\w\-]+,?\s+){0,3}?"
        r"(?:way|option|alternative|treatment|therapy|method|approach|choice|remedy)\b", re.I)),
    # a safety finding of one study: safety wording qualified by its own results (strength 2)
    (CueKind.qualifier, re.compile(
        r"\b(?:was|were|is|are|has been|have been|proved|proven)\s+(?:\w+\s+)?well[- ]tolerated\b"
        r"|\bwell[- ]tolerated\s+(?:with|and)\s+(?:no|few|minimal|only\s+mild)\b"
        r"|\b(?:no|none of the)\s+(?:\w+\s+){0,2}?(?:participants?|patients?|volunteers?|subjects?|children|adults"
        r"|users?|women|men)\s+(?:\w+\s+){0,2}?(?:reported|had|experienced|suffered|developed|showed)"
        r"\s+(?:any\s+)?(?:serious\s+|major\s+|significant\s+|severe\s+)?(?:side[- ]effects?|adverse|complications?"
        r"|harms?|reactions?)"
        r"|\b(?:side[- ]effects?|adverse (?:events?|effects?|reactions?)|complications?)\s+(?:\w+\s+)?"
        r"(?:were|was|are|is|remained)\s+(?:\w+\s+)?(?:rare|mild|minor|uncommon|few|infrequent|transient|minimal"
        r"|similar|comparable)\b", re.I)),
)
# "Drink green tea daily and watch the pounds melt away", "Take X, live longer": an imperative
# with a promised effect.
_IMPERATIVE = re.compile(
    r"^\s*(?:just\s+|simply\s+|now\s+)?(?:eat|drink|take|add|try|walk|skip|cut|avoid|get|sleep|use|start|stop"
    r"|swap|choose|make|keep|limit|replace|switch|give|include|enjoy|reduce|increase|boost|go|move|exercise"
    r"|breathe|spend|quit|ditch|snack|sip|chew|apply|rub|massage|soak|meditate|stretch|lift|run|swim|cook"
    r"|load up|stock up|drop|pop|spray|combine|pair|sprinkle|blend|mix|have|own|adopt|wear|join|learn|practi[sc]e"
    r"|laugh|dance|garden|read|volunteer|fast|look|focus|listen|rest|nap|sing|talk|smile|hug|play|write|pray)\b",
    re.I)
_PROMISE = re.compile(
    r"(?:,|\band\b|\bto\b|\bfor\b)\s+(?:watch|see|feel|notice|enjoy|say goodbye|live|look|sleep|lose|shed|keep"
    r"|stay|protect|get|wake|fight|beat|banish|reverse|prevent|avoid|reduce|lower|boost|improve|ease|build"
    r"|burn|heal|recover|stop|support|strengthen|calm|your\s+\w+\s+will|you(?:'ll|’ll| will))\b"
    r"|\b(?:better|healthier|stronger|younger|clearer|slimmer|faster)\s+(?:\w+\s+)?(?:health|skin|sleep|bones"
    r"|heart|memory|digestion|results|recovery|immunity)\b", re.I)
_RELATION_KINDS = frozenset({CueKind.causal, CueKind.effect, CueKind.associational, CueKind.comparative,
                             CueKind.safety_absolute})

# Statements of a finding with no relation word: how common something is, what a food
# contains, a deficiency.
_FINDING_RULES: dict[str, re.Pattern[str]] = {
    "prevalence": re.compile(
        r"\b(?:one|two|three|four|\d{1,3})\s+(?:in|out of)\s+(?:every\s+)?(?:two|three|four|five|six|seven|eight"
        r"|nine|ten|\d{1,6})\b"
        r"|\b(?:most|half|a third|a quarter|a fifth|two-thirds|three-quarters|the majority|millions|thousands"
        r"|hundreds|billions|nearly all|almost all|(?:\d[\d,.]*\s+)?(?:million|billion))\s+(?:of\s+)?(?:all\s+|the\s+"
        r"|us\s+)?(?:[\w\-]+\s+){0,2}?(?:adults|people|americans|britons|children|kids|women|men|patients|cases"
        r"|deaths|cancers|users|sufferers|teens|seniors|individuals|population|smokers|workers|caregivers|carers"
        r"|parents|mothers|fathers|nurses|doctors|physicians|students|elderly|athletes|veterans)\b"
        r"|\b(?:high|low)\s+(?:prevalence|incidence|rates?)\s+of\b"
        r"|\b(?:millions|thousands|hundreds|many|most)\s+(?:of\s+(?:\w+\s+)?)?(?:people\s+|adults\s+|americans\s+"
        r"|women\s+|men\s+|children\s+)?(?:suffer|struggle|live|die)\s+(?:\w+\s+)?(?:from|with|of)\b"
        r"|\b(?:is|are|remains?|has become|have become)\s+(?:\w+\s+)?(?:widespread|epidemic|on the rise"
        r"|increasingly common|rampant|underdiagnosed|under-diagnosed|overlooked|rising)\b", re.I),
    "composition": re.compile(
        r"\b(?:rich|high|low)\s+in\b|\b(?:packed|loaded|brimming|bursting)\s+with\b"
        r"|\b(?:an?|the)\s+(?:\w+\s+)?(?:excellent|good|great|rich|natural|major|main|best|top)\s+source\s+of\b"
        r"|\bcontains?\s+(?:\w+\s+){0,3}?(?:antioxidants?|vitamins?|minerals?|compounds?|nutrients?|flavonoids?"
        r"|polyphenols?|enzymes?|acids?|fibre|fiber|protein|probiotics?|toxins?|chemicals?)\b", re.I),
    "evidence statement": re.compile(
        r"\b(?:unproven|unproved|not\s+(?:been\s+)?(?:proven|proved|shown)|(?:not\s+enough|insufficient|inadequate)\s+"
        r"(?:\w+\s+)?evidence|no\s+(?:good\s+|strong\s+|reliable\s+"
        r"|scientific\s+|clinical\s+|clear\s+)?evidence|little\s+evidence|lack(?:s|ing)?\s+(?:of\s+)?(?:\w+\s+)?"
        r"evidence|evidence\s+(?:is|was|remains)\s+(?:\w+\s+)?(?:weak|lacking|limited|poor|mixed|scant|thin"
        r"|inconsistent|conflicting|strong|clear|overwhelming)|still\s+in\s+its\s+(?:early\s+stages|infancy)"
        r"|(?:growing|emerging|mounting|recent|new)\s+"
        r"(?:evidence|data|research)\s+(?:has\s+emerged|shows?|points?|indicates?))\b"
        # "the psychological impact is still unclear", "remains poorly understood": what is not known
        r"|\b(?:is|are|remains?|remained)\s+(?:still\s+|largely\s+|currently\s+)?(?:unclear|unknown|uncertain"
        r"|controversial|poorly\s+understood|not\s+(?:well\s+|fully\s+)?understood)\b"
        # "the results provide evidence that", "the trial provides firm evidence for"
        r"|\bprovid(?:e|es|ed|ing)\s+(?:\w+\s+){0,4}?evidence\s+(?:for|of|that|on)\b", re.I),
    # "We show that the syndrome includes ...", "our findings demonstrate that": a result stated
    "a result stated": re.compile(
        r"\b(?:we|this\s+(?:study|trial|work|analysis)|these\s+(?:data|results|findings)|our\s+(?:data|results"
        r"|findings|study|analysis)|the\s+(?:data|results|findings))\s+(?:\w+\s+)?(?:show|shows|showed|shown"
        r"|demonstrate|demonstrates|demonstrated|reveal|reveals|revealed|confirm|confirms|confirmed|establish"
        r"|establishes|established)\s+(?:for\s+the\s+first\s+time\s+)?that\b"
        # "none of the fat measures was significant", "the difference in blood pressure was
        # significant", "statistically significant": a significance stated ("the cost of care was
        # significant" says it was large)
        r"|\b(?:no|none\s+of\s+the)\s+(?:other\s+)?(?:[\w\-]+\s+){0,3}?(?:was|were)\s+(?:statistically\s+)?significant\b"
        r"|\b(?:differences?|associations?|effects?|changes?|reductions?|increases?|correlations?|interactions?"
        r"|trends?)\s+(?:[\w\-]+\s+){0,4}?(?:was|were|is|are|remained)\s+(?:not\s+|also\s+|still\s+)?"
        r"(?:statistically\s+)?(?:significant|non-?significant|insignificant)\b"
        r"|\b(?:was|were|is|are|remained)\s+(?:not\s+)?statistically\s+(?:significant|non-?significant)\b"
        # "according to new research from": a finding attributed to new work
        r"|\baccording\s+to\s+(?:(?:a|the)\s+)?(?:new|recent|latest)\s+(?:[\w\-]+\s+)?(?:research|study|studies"
        r"|trial|analysis|findings)\b(?!['’])", re.I),
    # "our treatments are backed by science", "clinically proven to": evidence claimed
    "evidence claimed": re.compile(
        r"\b(?:backed|supported|proven|proved|validated|confirmed)\s+by\s+(?:(?:the\s+)?(?:latest|solid|strong|hard"
        r"|scientific|clinical|peer-reviewed|published)\s+)?(?:science|research|studies|evidence|trials|data)\b"
        r"|\b(?:scientifically|clinically|medically)\s+(?:proven|proved|tested|validated|shown)\b", re.I),
    "indication": re.compile(
        r"\b(?:is|are|was|were|has\s+been|have\s+been|can\s+be)\s+(?:\w+\s+){0,3}?(?:used|prescribed|given|indicated"
        r"|approved"
        r"|recommended|licensed)\s+(?:\w+\s+){0,3}?(?:to\s+(?:treat|prevent|manage|relieve|reduce|control|ease)"
        r"|for\s+(?:the\s+)?(?:treatment|prevention|management|relief)|for\s+(?:people|patients|adults|children)\s+with)\b",
        re.I),
    "opinion": re.compile(
        r"\b(?:we|I|the\s+authors?)\s+(?:strongly\s+|firmly\s+)?(?:believe|think|argue|propose|contend|maintain"
        r"|suspect|feel|are\s+convinced|are\s+concerned)\s+that\b|\bin\s+(?:our|my)\s+(?:view|opinion|experience)\b"
        r"|\bit\s+is\s+(?:now\s+)?(?:clear|evident|obvious|well\s+known|well\s+established|widely\s+accepted)\s+that\b",
        re.I),
    "traditional use": re.compile(
        r"\b(?:has|have|had)\s+been\s+used\s+(?:\w+\s+){0,4}?(?:for|in|since|as)\s+(?:\w+\s+){0,3}?"
        r"(?:centuries|millennia|generations|thousands\s+of\s+years|hundreds\s+of\s+years|ages|traditional|folk"
        r"|ayurvedic|chinese)\b", re.I),
    "no cure": re.compile(r"\b(?:there\s+is|there's|with)\s+(?:still\s+)?no\s+(?:known\s+|effective\s+)?"
                          r"(?:cure|treatment|vaccine|remedy)\b|\bincurable\b", re.I),
    "a side effect stated": re.compile(
        r"\b(?:is|are|can\s+be|remains?)\s+(?:a|an|the)?\s*(?:most\s+)?(?:common|rare|known|serious|frequent"
        r"|possible|main|major)\s+(?:side[- ]effects?|complications?|adverse\s+effects?)\s+of\b", re.I),
    "a level reported": re.compile(
        r"\b(?:was|were|is|are|remained)\s+(?:\w+\s+)?(?:(?:poor|low|high|limited|inadequate|suboptimal|common"
        r"|rare|widespread|uneven)\s+(?:among|in|across|for)|good\s+(?:among|in|across))\b"
        r"|\b(?:highly|very|extremely|increasingly)\s+prevalent\b|\bscored\s+(?:\w+\s+)?(?:poorly|well|badly|higher"
        r"|lower|best|worst)\b", re.I),
    "a requirement": re.compile(
        r"\b(?:is|are)\s+(?:\w+\s+)?(?:needed|required|necessary)\s+(?:to|for)\s+(?:make|build|produce|form|keep"
        r"|maintain|absorb|support|healthy|normal|strong|the|your|good|proper|growth|development)\b", re.I),
    "a general statement": re.compile(
        r"\b(?:normally|usually|typically|commonly|widely|generally|mostly|frequently|rarely|seldom)\b"
        r"|\bmakes?\s+up\s+(?:\w+\s+){0,3}?(?:of|%|percent)", re.I),
    "an average reported": re.compile(
        r"\b(?:an\s+average\s+of|averaged|on\s+average)\s+(?:about\s+|around\s+|nearly\s+|almost\s+)?\d", re.I),
    "a count of cases": re.compile(
        r"\b(?:only|just|no\s+more\s+than)\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,5})\s+"
        r"(?:of\s+the\s+)?(?:[\w\-]+\s+)?(?:patients?|participants?|people|children|women|men|volunteers?|subjects?"
        r"|adults?|users?)\s+(?:\w+\s+)?(?:developed|had|reported|experienced|died|suffered|needed|showed|got)\b"
        # "Nobody in the trial developed low blood sugar": no case at all
        r"|\b(?:nobody|no\s+one|not\s+one|not\s+a\s+single\s+(?:patient|participant|person|child|volunteer))\s+"
        r"(?:(?:in|of|on)\s+(?:the|this|that|our)\s+(?:\w+\s+)?(?:trial|study|group|cohort|arm)\s+)?"
        r"(?:\w+\s+)?(?:developed|had|reported|experienced|died|suffered|needed|showed|got)\b",
        re.I),
    "nothing shown": re.compile(
        r"\b(?:showed|shows|show|found|finds|proved|proves|prove|tells?\s+us|told\s+us)\s+(?:us\s+)?nothing\b"
        r"|\b(?:was|were|is|are)\s+not\s+(?:\w+\s+)?(?:endpoints?|end\s+points?|primary\s+outcomes?|outcomes?"
        r"|measured|tested|studied|assessed|examined)\b", re.I),
    "deficiency": re.compile(
        r"\b(?:not|n't|never)\s+(?:get(?:ting)?|consum(?:e|ing)|eat(?:ing)?|hav(?:e|ing)|tak(?:e|ing)|absorb)\s+"
        r"enough\b|\b(?:is|are)\s+(?:\w+\s+)?deficient\s+in\b|\bno\s+(?:obvious\s+|early\s+|warning\s+)?"
        r"symptoms\b", re.I),
}


# People and places of care: health words that say who or where, not what happens to the body
PEOPLE_WORDS = _stems(
    "people patients patient participants volunteers adults children kids elderly seniors smokers athletes doctors "
    "nurses clinicians physicians hospital hospitals care treatment therapy medicine medicines drug drugs vaccine "
    "vaccines supplement supplements admissions readmissions women men")
_HEALTH_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-3s?)?")  # "anti-inflammatory" is "anti" and "inflammatory"
# Medical words by their form: conditions, procedures and organs in the Greek and Latin roots
# of clinical English ("nephropathy", "colectomy", "carcinoma", "psychological", "hepatic"),
# which no list of everyday words can hold. An ending shared with everyday words ("roses",
# "empathy", "nostalgia", "Tacoma", "academia") counts only after a medical root.
_MEDICAL_FORM = re.compile(
    r"(?!(?:dichotom|gastronom)[a-z]*$)"
    r"(?:[a-z]+(?:ectom(?:y|ies)|otom(?:y|ies)|ostom(?:y|ies)|itis|osis|plasty|trophy|penias?|plegias?|genesis"
    r"|ocytes?|therap(?:y|ies|eutic))"
    r"|[a-z]*(?:an|leuk|isch|septic?|bacter|vir|tox|hypox|glyc|lip|lipid|cholesterol|kal|natr|calc|thalass|ur|uric"
    r"|cyth)a?emias?"
    r"|[a-z]*(?:protein|glycos|hemat|haemat|albumin|dys|poly|noct|olig)urias?"
    r"|[a-z]*(?:carcin|melan|lymph|sarc|gli|aden|my|fibr|lip|neur|hemat|haemat|glauc|mesotheli|blast|terat"
    r"|mening|meningi|astrocyt|angi|papill|myel|granul)om(?:as?|ata)"
    r"|[a-z]*(?:neuro|myo|retino|nephro|encephalo|osteo|adeno|arthro|vasculo|cardio|homeo|naturo)path(?:y|ies|ic)"
    r"|[a-z]*(?:endo|laparo|arthro|colono|broncho|gastro|cysto|hystero|thoraco|oto|ophthalmo|derm[ao]to)scop"
    r"(?:y|ies|ic)"
    r"|[a-z]*(?:neur|my|arthr|cephal|ot|gastr|odont)algias?"
    r"|(?:cardio|neuro|hepat|nephr|gastr[oi]|dermat|osteo|onco|haemat|hemat|immun|endocrin|psych|pulmon|arthr"
    r"|thromb|lymph|leuk|pancrea|intestin|ren(?:al)$|pre-?operative|post-?operative|peri-?operative)[a-z\-]*)$",
    re.I)


def health_words(text: str) -> frozenset[str]:
    """The Snowball stems of the sentence's words that are health words, by the list or by a
    medical word form ("hysterectomy", "pathogenesis", "cardiovascular")."""
    return frozenset(_stem(w) for w in _HEALTH_TOKEN.findall(text) if _is_health_word(w))


@memo.kept_up_to(65536)
def _is_health_word(word: str) -> bool:
    return _stem(word) in HEALTH_WORDS or bool(_MEDICAL_FORM.match(word))


def body_words(text: str) -> frozenset[str]:
    """The health words of the sentence that are about the body or its health, not who or where."""
    return health_words(text) - PEOPLE_WORDS


def extra_cues(text: str, cues: list[Cue]) -> list[Cue]:
    """Relation cues the strength lexicon does not know, in a sentence in which it found none;
    [] when it found one (that sentence keeps its strength as it was). Safety wording counts
    anywhere; effect and comparison wording only in a sentence about the body or its health."""
    if any(c.kind in _RELATION_KINDS for c in cues):
        return []
    return list(_cues_without_a_relation(text))


@memo.kept  # a pure function of the sentence (verifier/memo.py); Cue is frozen
def _cues_without_a_relation(text: str) -> tuple[Cue, ...]:
    found = _phrase_cues(text, _SAFETY_CUES)
    about_the_body = bool(body_words(text))  # "our doctors speed up the paperwork" is about people
    if health_words(text):  # "children are less active than their parents were" compares people
        found += [c for c in _phrase_cues(text, (*_PHRASE_CUES, *_ABSTRACT_CUES))
                  if about_the_body or c.kind != CueKind.effect]
        found += _phrase_cues(text, (*_TREATMENT_WORKS, *_NOTHING_SAFE))
    if about_the_body:
        found += [*_verb_cues(text), *_promise_cues(text),
                  *_phrase_cues(text, (*_POSSIBILITY_CUES, *_GROUPS_COMPARED, *_BODY_COMPARED))]
    return tuple(sorted(found, key=lambda c: (c.start, -c.end)))


# "Women should avoid valproate in pregnancy", "smokers must stop before surgery": health advice
# with what to do, which rests on evidence as much as a finding does
_HEALTH_ADVICE = re.compile(
    r"\b(?:should|must|ought\s+to)\s+(?:not\s+|never\s+|always\s+)?(?:avoid|stop|limit|take|skip|cut\s+down"
    r"|reduce|replace|be\s+replaced|be\s+given|be\s+avoided|not\s+be\s+(?:given|taken|used|prescribed)|be\s+screened|be\s+vaccinated"
    r"|be\s+offered|get\s+vaccinated)\b", re.I)


def advises_on_health(text: str) -> bool:
    """Says what people should or must do (or not) about something health pages speak of."""
    return bool(_HEALTH_ADVICE.search(text)) and bool(health_words(text))


@memo.kept  # a pure function of the sentence (verifier/memo.py)
def states_a_finding(text: str) -> str | None:
    """The rule by which a sentence about the body or health states a finding without a relation
    word ("most participants were women" says who was studied, not what was found)."""
    study_rule = next((name for name in _ABOUT_A_STUDY if _FINDING_RULES[name].search(text)), None)
    if study_rule is not None or not health_words(text):
        return study_rule
    about_the_body = bool(body_words(text))
    return next((name for name, rule in _FINDING_RULES.items()
                 if (about_the_body or name in _ABOUT_PEOPLE) and rule.search(text)), None)


# rules that need a health word only: "knowledge was poor among junior doctors", "used in
# Ayurvedic medicine for centuries"
_ABOUT_PEOPLE = frozenset({"a level reported", "traditional use", "indication", "an average reported",
                           "a count of cases", "evidence claimed"})
_ABOUT_A_STUDY = frozenset({"nothing shown"})  # "it showed nothing about ageing": what a study shows


def _verb_cues(text: str) -> list[Cue]:
    found = []
    previous = ""
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        lower = word.casefold()
        stem = _stem(word)
        if lower in _EXACT_VERBS or (stem in _EFFECT_VERB_WORDS and _used_as_verb(lower, stem, previous)):
            found.append(Cue(CueKind.effect, word, match.start(), match.end()))
        previous = lower
    return found


def _used_as_verb(word: str, stem: str, previous: str) -> bool:
    """"fights", "fought", "can regrow", "acids support": a verb, not the noun of the same stem."""
    if word in _IRREGULAR_PAST or word.endswith("ed") or previous in _VERB_BEFORE:
        return True
    if stem in _NOUNISH_VERB_WORDS:
        return False
    if word.endswith(("s", "ing")) and word != stem:
        return True
    return _plural_noun(previous)  # "omega-3s support", "acids nourish"


# Words ending in "s" that are not plural nouns: "it is clear", "its support", "this damage"
_NOT_PLURAL = frozenset({
    "is", "was", "has", "this", "thus", "its", "his", "hers", "ours", "yours", "theirs", "us", "as", "does",
    "goes", "whereas", "always", "perhaps", "sometimes", "various", "serious", "previous", "famous",
    "numerous", "less", "unless", "across", "plus", "yes",
})


def _plural_noun(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "ous")) and word not in _NOT_PLURAL


def _phrase_cues(text: str, rules: tuple[tuple[CueKind, re.Pattern[str]], ...]) -> list[Cue]:
    found = []
    for kind, pattern in rules:
        for m in pattern.finditer(text):
            found.append(Cue(kind, m.group(0), m.start(), m.end()))
            if kind == CueKind.qualifier:  # a safety finding qualified by its study
                found.append(Cue(CueKind.safety, m.group(0), m.start(), m.end()))
            if kind == CueKind.hedge:  # "can be toxic": a possible effect
                found.append(Cue(CueKind.effect, m.group(0), m.start(), m.end()))
    return found


def promises_an_effect(text: str) -> bool:
    """"Own a dog to reduce your risk of death": an imperative with a promised effect."""
    return bool(_promise_cues(text))


def _promise_cues(text: str) -> list[Cue]:
    if not _IMPERATIVE.match(text):
        return []
    promise = _PROMISE.search(text)
    return [Cue(CueKind.effect, promise.group(0), promise.start(), promise.end())] if promise else []
