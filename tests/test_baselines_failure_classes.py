"""Rules for the failure classes seen on real reporting (issue 11), each with sentences written for the
test (never seed or dataset sentences)."""

import pytest

from baselines import get_extractor


def _claims(text):
    pred = get_extractor("rule_based").predict([{"id": "t", "text": text}])[0]
    by_id = {m["id"]: m["text"] for m in pred["mentions"]}
    return [(by_id[c["casualty"]], by_id.get(c["claimant"]), [by_id[a] for a in c["actors"]]) for c in pred["claims"]]


@pytest.mark.parametrize("text, figure", [
    ("Gunmen killed 12 travellers on the highway near Tarsin, police said.", "12 travellers"),
    ("Seven rescuers died when a second blast hit the site, the fire service said.", "Seven rescuers"),
    ("At least 30 mujahideen were killed in the clashes, the army said.", "At least 30 mujahideen"),
    ("The ambush killed 14 security forces, officials said.", "14 security forces"),
])
def test_victim_nouns_outside_the_old_lexicon(text, figure):
    assert figure in [f for f, _, _ in _claims(text)]


def test_question_about_a_figure_is_no_figure():
    claims = _claims("The ministry did not say how many soldiers were killed, but local officials said 40 died.")
    assert [(f, c) for f, c, _ in claims] == [("40", "local officials")]


def test_trailing_present_tense_attribution():
    claims = _claims("At least 40 fighters were killed, the armed forces claim, further raising the toll.")
    assert claims[0][:2] == ("At least 40 fighters", "the armed forces")


def test_trailing_told_with_hearer():
    claims = _claims("Fighters killed 25 villagers in Orvale, a military source told reporters on Friday.")
    assert claims[0][:2] == ("25 villagers", "a military source")


def test_spokesperson_for_x_name_takes_the_name_and_is_no_actor():
    claims = _claims("A spokesperson for the regional government, Amina Farouk, said 17 people had been killed.")
    assert claims == [("17 people", "Amina Farouk", [])]


def test_self_claim_lists_the_claimant_as_actor_but_passive_does_not():
    assert _claims("The army said it had killed 35 insurgents in the forest.") == \
        [("35 insurgents", "The army", ["The army"])]
    assert _claims("The army said 35 insurgents had been killed in the forest.")[0][2] == []


@pytest.mark.parametrize("text, actor", [
    ("An Israeli airstrike killed nine people in the camp, the health ministry said.", "Israeli"),
    ("Nine people were killed in an Israeli airstrike on the camp, the health ministry said.", "Israeli"),
    ("Army shelling killed five farmers near the river, residents said.", "Army"),
    ("Twelve civilians were killed by a Russian missile, the governor said.", "Russian"),
])
def test_perpetrator_as_modifier(text, actor):
    assert _claims(text)[0][2] == [actor]


def test_attack_noun_without_a_party_modifier_names_no_actor():
    assert _claims("Four people died in a strike on the market, medics said.")[0][2] == []


def test_perpetrator_as_subject_of_a_participle():
    assert _claims("Gunmen opened fire on the crowd, killing 16 people, witnesses said.") == \
        [("16 people", "witnesses", ["Gunmen"])]


def _subsets(text):
    pred = get_extractor("rule_based").predict([{"id": "t", "text": text}])[0]
    by_id = {m["id"]: m["text"] for m in pred["mentions"]}
    claim_fig = {c["id"]: by_id[c["casualty"]] for c in pred["claims"]}
    return {by_id[c["casualty"]]: claim_fig.get(c["subset_of"]) for c in pred["claims"]}


@pytest.mark.parametrize("second", ["Among the dead were three children.",
                                    "They included three children killed as they slept."])
def test_subsets_in_their_own_sentence(second):
    subsets = _subsets("Eleven people died in the attack, the governor said. " + second)
    assert subsets == {"Eleven people": None, "three children": "Eleven people"}


def test_a_new_figure_in_the_next_sentence_is_no_subset():
    subsets = _subsets("Eleven people died in the attack, the governor said. Police said three children were killed "
                       "in a separate shooting.")
    assert subsets["three children"] is None


@pytest.mark.parametrize("text", [
    "Gunmen killed eight people in Morva on Sunday. Armed groups have killed more than 900 civilians in the "
    "region so far this year, according to a rights group.",
    "Twenty soldiers were killed on Tuesday. Since the war began, 900 civilians have been killed, the ministry said.",
])
def test_running_totals_are_background(text):
    pred = get_extractor("rule_based").predict([{"id": "t", "text": text}])[0]
    events = [c["event"] for c in pred["claims"]]
    assert events[0] == "t#main" and events[1].startswith("t#bg")
