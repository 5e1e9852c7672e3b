"""The rule-based extractor on hand-written sentences with known answers (docs/guidelines.md).

Every expected value below follows a guideline rule, not a particular article: spans (1.1-1.3), claimants
(2.1), actors (2.2), subsets (2.3), outcome/victims/modality (2.4), background events (2.5), tolls (3).
"""


import pytest

from bench.schema import claim_from_dict, mention_from_dict
from bench.validation import check_claims, check_mentions

from baselines import get_extractor
from baselines.registry import available, register
from baselines.base import Extractor


def extract(text, doc_id="d1"):
    pred = get_extractor("rule_based").predict([{"id": doc_id, "text": text}])[0]
    assert_valid(pred, text)
    return pred


def assert_valid(pred, text):
    """A prediction is a valid submission record: mention offsets inside the text and equal to the quoted
    text, no overlaps, claims pointing at the right kinds of mentions, well-formed tolls."""
    assert set(pred) == {"id", "mentions", "claims"}
    mentions = [mention_from_dict(m, f"mentions[{i}]") for i, m in enumerate(pred["mentions"])]
    claims = [claim_from_dict(c, f"claims[{i}]") for i, c in enumerate(pred["claims"])]
    assert check_mentions(text, mentions) == []
    assert check_claims(mentions, claims) == []
    cas = {m.id for m in mentions if m.label == "CASUALTY"}
    assert cas == {c.casualty for c in claims}, "every CASUALTY mention has at least one claim"


def claims_of(pred):
    """(casualty text, claimant text, [actor texts], outcome, victims, modality, (low, high, vague, approx))."""
    by_id = {m["id"]: m["text"] for m in pred["mentions"]}
    out = []
    for c in pred["claims"]:
        t = c["toll"]
        out.append((by_id[c["casualty"]], by_id.get(c["claimant"]), [by_id[a] for a in c["actors"]], c["outcome"],
                    c["victims"], c["modality"], (t["low"], t["high"], t["vague_term"], t["approximate"])))
    return out


def spans(pred, label):
    return [m["text"] for m in pred["mentions"] if m["label"] == label]


def test_number_words_and_actor_subject():
    pred = extract("Gunmen killed twenty-one villagers in an overnight raid on Sunday.")
    assert claims_of(pred) == [("twenty-one villagers", None, ["Gunmen"], "killed", "civilians", "asserted",
                                (21, 21, None, False))]


def test_at_least_with_clause_final_claimant():
    pred = extract("At least 15 civilians were killed in the attack, the health ministry said.")
    assert claims_of(pred) == [("At least 15 civilians", "the health ministry", [], "killed", "civilians",
                                "asserted", (15, None, None, False))]


def test_dozens_is_vague_with_a_floor():
    pred = extract("A spokesman for the rebels said dozens of people were wounded.")
    assert claims_of(pred) == [("dozens of people", "A spokesman for the rebels", [], "injured", "unspecified",
                                "asserted", (24, None, "dozens", False))]


def test_participle_after_a_figure_stays_out_of_the_span():
    pred = extract("Two people were killed and dozens wounded, a nurse said.")
    assert spans(pred, "CASUALTY") == ["Two people", "dozens"]
    assert [c[3] for c in claims_of(pred)] == ["killed", "injured"]


def test_subsets_and_according_to_two_claimants():
    pred = extract("At least 21 people, including 11 children, were killed, according to local officials and rebels.")
    assert spans(pred, "CLAIMANT") == ["local officials", "rebels"]
    got = claims_of(pred)
    assert [(c[0], c[1]) for c in got] == [("At least 21 people", "local officials"), ("At least 21 people", "rebels"),
                                           ("11 children", "local officials"), ("11 children", "rebels")]
    by_id = {c["id"]: c for c in pred["claims"]}
    for c in pred["claims"][2:]:
        parent = by_id[c["subset_of"]]
        assert parent["claimant"] == c["claimant"] and parent["event"] == c["event"]
    assert got[2][4] == "children" and got[2][6] == (11, 11, None, False)


def test_denial_is_a_denied_claim_without_actors():
    pred = extract("The army denied that 30 civilians were killed in the operation.")
    assert claims_of(pred) == [("30 civilians", "The army", [], "killed", "civilians", "denied",
                                (30, 30, None, False))]


def test_denial_naming_the_source_gives_two_claims():
    pred = extract("A government spokesman rejected the group's claim that dozens of soldiers had died.")
    got = {(c[1], c[5]) for c in claims_of(pred)}
    assert got == {("the group", "asserted"), ("A government spokesman", "denied")}


def test_hedged_upper_bound_with_two_coordinated_sources():
    pred = extract("A local official and a retired teacher said the death toll could be as high as 20.")
    assert claims_of(pred) == [
        ("as high as 20", "A local official", [], "killed", "unspecified", "hedged", (None, 20, None, False)),
        ("as high as 20", "a retired teacher", [], "killed", "unspecified", "hedged", (None, 20, None, False)),
    ]


def test_numbers_that_are_not_casualties():
    pred = extract("About 3,000 troops were deployed in 2023 and 10,000 people fled the town, which lies 40 km "
                   "from the border. Two drone strikes hit the market on July 25.")
    assert pred["mentions"] == [] and pred["claims"] == []


def test_self_claim_lists_the_claimant_as_actor():
    pred = extract("Rebels said they had killed more than 130 soldiers in the battle.")
    assert claims_of(pred) == [("more than 130 soldiers", "Rebels", ["Rebels"], "killed", "security_forces",
                                "asserted", (131, None, None, False))]
    assert spans(pred, "ACTOR") == []  # the party is a CLAIMANT mention listed among the actors


def test_singular_indefinite_victim_and_abduction():
    pred = extract("A child was killed and three soldiers were abducted when militants attacked the village.")
    assert claims_of(pred) == [
        ("A child", None, ["militants"], "killed", "children", "asserted", (1, 1, None, False)),
        ("three soldiers", None, ["militants"], "abducted", "security_forces", "asserted", (3, 3, None, False)),
    ]


def test_rising_toll_keeps_the_final_figure():
    pred = extract("The toll rose from 20 to 41 on Monday, hospital officials said.")
    assert claims_of(pred) == [("41", "hospital officials", [], "killed", "unspecified", "asserted",
                                (41, 41, None, False))]


def test_shared_qualifier_and_passed():
    pred = extract("At least 100 people were killed and 300 injured, the president said. "
                   "By Sunday the toll had passed 120, officials said.")
    tolls = {c[0]: c[6][:2] for c in claims_of(pred)}
    assert tolls == {"At least 100 people": (100, None), "300": (300, None), "120": (121, None)}


def test_background_event_gets_its_own_id():
    pred = extract("The attack on March 3 killed 12 people and injured 30 others, police said. "
                   "Last month, gunmen killed eight soldiers near the border.", doc_id="doc7")
    events = {by: c["event"] for by, c in zip([c[0] for c in claims_of(pred)], pred["claims"])}
    assert events == {"12 people": "doc7#main", "30 others": "doc7#main", "eight soldiers": "doc7#bg1"}
    assert claims_of(pred)[2][2] == ["gunmen"]


def test_attribution_by_agent_and_according_to_a_source():
    pred = extract("According to a source from the hospital, 14 of its staff were wounded. "
                   "Separately, strikes carried out by the air force killed at least six fighters.")
    got = claims_of(pred)
    assert got[0][:2] == ("14 of its staff", "a source from the hospital")
    assert got[1][:3] == ("at least six fighters", None, ["the air force"])
    assert got[1][4] == "combatants"


def test_related_news_boilerplate_is_not_annotated():
    text = ("Gunmen killed five farmers on Tuesday, residents said.\nRelated News\n"
            "Twenty killed in bus crash\nMay 2, 2024\n")
    pred = extract(text)
    assert spans(pred, "CASUALTY") == ["five farmers"]


def test_quoted_figure_takes_the_speaker_outside_the_quotation():
    pred = extract("“We buried 17 people yesterday,” a village elder told reporters.")
    assert claims_of(pred)[0][:2] == ("17 people", "a village elder")


def test_registry():
    assert {"rule_based", "crf", "transformer"} <= set(available())
    with pytest.raises(KeyError):
        get_extractor("no_such_extractor")
    with pytest.raises(TypeError):
        get_extractor("rule_based", no_such_setting=1)

    @register("echo_for_test")
    class Echo(Extractor):
        def predict_one(self, an, doc_id):
            return {"id": doc_id, "mentions": [], "claims": []}

    assert get_extractor("echo_for_test").predict([{"id": "x", "text": "t"}]) == [
        {"id": "x", "mentions": [], "claims": []}]
