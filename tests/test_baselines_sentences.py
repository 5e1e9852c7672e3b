"""Sentences that survive hard-wrapped lines, and quotations followed across sentences and paragraphs
(baselines/sentences.py, baselines/assembly/attribution.py). Every sentence here is written for the test."""

from baselines import get_extractor
from baselines.text import analyse

WRAPPED = (
    "Floods of gunfire in the river town\n\n"
    "DELTA CITY, March 2 (Test Wire) - Armed men on motorbikes stormed a\n"
    "cattle market outside the river town of Delta City on Sunday and\n"
    "killed at least 14 traders, the district commissioner told reporters\n"
    "by telephone late in the evening, adding that the search went on.\n"
    "Residents said the attackers had arrived shortly after dawn and had\n"
    "left before soldiers from the nearby garrison reached the market.\n"
    "A trader who hid under a lorry said that he counted many bodies in\n"
    "the lanes between the stalls when he came out again at noon today.\n"
)


def _sentences(text):
    an = analyse(text)
    return [an.span_text(a, b) for a, b in an.sentences], an


def test_hard_wrapped_lines_do_not_end_sentences_and_offsets_stay_original():
    sents, an = _sentences(WRAPPED)
    assert sents[0] == "Floods of gunfire in the river town"
    lead = next(s for s in sents if s.startswith("DELTA CITY"))
    assert lead.endswith("adding that the search went on.")
    assert "\n" in lead  # the original text, line breaks and all: offsets were not re-flowed
    start = WRAPPED.index("DELTA CITY")
    assert an.text[start:start + len(lead)] == lead


def test_wrapped_copy_claimant_after_the_line_break():
    pred = get_extractor("rule_based").predict([{"id": "w1", "text": WRAPPED}])[0]
    by_id = {m["id"]: m["text"] for m in pred["mentions"]}
    claims = [(by_id[c["casualty"]], by_id.get(c["claimant"])) for c in pred["claims"]]
    assert ("at least 14 traders", "the district commissioner") in claims


def test_web_copy_line_breaks_still_end_sentences():
    sents, _ = _sentences("Twelve die in hill road ambush\nPolice said gunmen killed 12 travellers.\n")
    assert sents == ["Twelve die in hill road ambush", "Police said gunmen killed 12 travellers."]


def test_quotation_over_several_paragraphs_takes_its_speaker_once():
    text = ("The camp manager, Ruth Okello, described the night the camp was shelled.\n\n"
            "“We heard the first rounds before midnight and ran to the school building.\n\n"
            "“By morning we had buried nine of our neighbours and 20 more were in the clinic. Nobody came to "
            "help us,” Okello said.\n\n"
            "The regional police chief said an investigation had been opened.\n")
    an = analyse(text)
    assert len(an.quotes) == 2 and an.quote_chain[0] == an.quote_chain[1] == 0
    pred = get_extractor("rule_based").predict([{"id": "q1", "text": text}])[0]
    by_id = {m["id"]: m["text"] for m in pred["mentions"]}
    claimants = {by_id[c["casualty"]]: by_id.get(c["claimant"]) for c in pred["claims"]}
    assert claimants.get("nine of our neighbours") == "Okello"


def test_speaker_named_before_a_quotation_that_spans_sentences():
    text = ("A nurse at the district clinic said: “Six children died on the way here. Four others were "
            "brought in dead. We have no more beds.”\n")
    pred = get_extractor("rule_based").predict([{"id": "q2", "text": text}])[0]
    by_id = {m["id"]: m["text"] for m in pred["mentions"]}
    claimants = {by_id[c["casualty"]]: by_id.get(c["claimant"]) for c in pred["claims"]}
    assert claimants.get("Four others") == "A nurse" or claimants.get("Four others", "").startswith("A nurse")


def test_separate_quotations_in_separate_paragraphs_are_not_chained():
    text = "“The road is closed,” the mayor said.\n\n“Two people were shot,” a witness said.\n"
    an = analyse(text)
    assert len(an.quotes) == 2 and an.quote_chain == [0, 1]
