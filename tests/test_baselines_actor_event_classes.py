"""Actor and event rules for the failure classes seen on real reporting (issue 11): datelines, claimants,
the victims' side and place phrases taken as actors, and incidents placed by a weekday or by "another
attack". Sentences are written for the test (never seed or dataset sentences)."""

import pytest

from baselines import get_extractor


def _predict(text, published=None):
    doc = {"id": "t", "text": text}
    if published:
        doc["published"] = published
    return get_extractor("rule_based").predict([doc])[0]


def _claims(text, published=None):
    pred = _predict(text, published)
    by_id = {m["id"]: m["text"] for m in pred["mentions"]}
    return [(by_id[c["casualty"]], by_id.get(c["claimant"]), [by_id[a] for a in c["actors"]]) for c in pred["claims"]]


def _events(text, published):
    pred = _predict(text, published)
    by_id = {m["id"]: m["text"] for m in pred["mentions"]}
    return {by_id[c["casualty"]]: c["event"] for c in pred["claims"]}


# 1. The dateline's place is where the report was filed, not a party.
@pytest.mark.parametrize("text, actor", [
    ("TARSIN, Norland (AP)—Gunmen raided a farming village on Sunday, killing 14 people, police said.", "Gunmen"),
    ("OLVARA, March 3 -- Suspected rebels attacked an army post, killing at least 9 soldiers, the army said.",
     "Suspected rebels"),
    ("Port Vessel City: Militiamen stormed the market at dawn, killing 11 traders.", "Militiamen"),
    ("TARSIN, Norland (AP) Bandits attacked a convoy on the ring road, killing 6 drivers.", "Bandits"),
])
def test_dateline_place_is_no_actor(text, actor):
    assert _claims(text)[-1][2] == [actor]


# 2. A claimant that reports another party's kills is no actor; its own kills make it one.
def test_claimant_reporting_others_kills_is_no_actor():
    claims = _claims("The Vessel Rights Union says security forces have killed more than 900 people.")
    assert claims == [("more than 900 people", "The Vessel Rights Union", ["security forces"])]
    claims = _claims("The northern authorities say the bombings have killed or wounded hundreds of people.")
    assert claims[0][1:] == ("The northern authorities", [])


def test_passive_report_keeps_the_claimant_out_of_the_actors():
    assert _claims("The army said 14 soldiers were killed in the ambush near the ford.") == \
        [("14 soldiers", "The army", [])]


def test_self_claims_stay_actors():
    assert _claims("The Front claimed responsibility, saying it killed 16 soldiers at the ford.")[0][1:] == \
        ("The Front", ["The Front"])
    # The army's own troops are the army itself (guidelines 2.4), listed once.
    assert _claims("The army said troops had killed 22 insurgents near the river.") == \
        [("22 insurgents", "The army", ["The army"])]


# 3. The victims' side is not the perpetrator.
@pytest.mark.parametrize("text", [
    "A Norlandian army convoy hit a mine near the ford, killing 8 soldiers, the army said.",
    "A Norlandian patrol came under fire near the ford, killing 5 soldiers.",
    "A bus carrying Norlandian soldiers struck an explosive device, killing 7.",
])
def test_victims_side_is_no_actor(text):
    assert _claims(text)[0][2] == []


def test_the_attackers_weapon_names_the_party_not_the_victims():
    assert _claims("A Vessel hospital was struck by a Russian missile, killing 13 patients.")[0][2] == ["Russian"]
    assert _claims("Russian strikes on Tarsin killed 12 Ukrainian civilians, the governor said.")[0][2] == ["Russian"]
    assert _claims("Israeli strikes killed at least 19 people overnight, medics said.")[0][2] == ["Israeli"]


# 4. A country or town named as the place of the attack is not its perpetrator.
@pytest.mark.parametrize("text", [
    "An air strike on a school for displaced families in Norland's northern Tarsin region killed 31 people.",
    "A strike on the Olvara district of the capital Vessel killed nine people, the ministry said.",
    "A drone strike on a crowded street in Port Tarsin killed at least 17 people.",
    "Shelling of the Tarsin displacement camp north of the city killed six people, volunteers said.",
    "Shelling killed 5 civilians near the Lebanese border, the ministry said.",
    "Mortar fire killed 3 soldiers on the Iraqi side of the border, officials said.",
    "An airstrike killed 12 people in northern Israel, officials said.",
])
def test_place_phrase_is_no_actor(text):
    assert _claims(text)[0][2] == []


def test_modifier_naming_a_place_is_no_actor():
    text = ("Dozens killed in Tarsin bombings\n\n"
            "Twin car bombs in the eastern town of Tarsin on Monday killed at least 30 people, police said.")
    assert all(actors == [] for _, _, actors in _claims(text))


# 5. A weekday before the lead's places a figure in an earlier incident.
def test_earlier_weekday_is_an_earlier_incident():
    text = ("Gunmen kill 20 in Tarsin market\n\n"
            "Gunmen killed 20 traders at the Tarsin market on Friday, police said.\n\n"
            "On Tuesday, a strike on a nearby village killed 4 farmers, residents said.\n\n"
            "The toll from Friday's attack rose to 23 on Saturday, police said.")
    events = _events(text, "2026-03-08")  # a Sunday
    assert events["20 traders"] == events["23"] == "t#main"
    assert events["4 farmers"] != "t#main"


def test_report_and_toll_weekdays_do_not_move_a_figure():
    text = ("Gunmen kill 20 in Tarsin market\n\n"
            "Gunmen killed 20 traders at the Tarsin market on Friday, police said.\n\n"
            "Police said on Tuesday that 6 of the wounded were in a critical state.")
    events = _events(text, "2026-03-08")
    assert events["6 of the wounded"] == "t#main"


# 6. "another attack" moves the figures it introduces, not the lead's.
def test_other_attack_in_the_lead_keeps_the_lead_main():
    text = ("Gunmen kill 15 in Olvara\n\n"
            "Gunmen killed 15 villagers in Olvara on Friday, two days after another attack on the district, "
            "officials said.\n\n"
            "In another attack on Monday, 3 herders were killed near the river.")
    events = _events(text, "2026-03-08")
    assert events["15 villagers"] == "t#main"
    assert events["3 herders"] != "t#main"


def test_second_attack_after_the_lead_is_another_incident():
    text = ("Gunmen kill 15 in Olvara\n\n"
            "Gunmen killed 15 villagers in Olvara on Friday, officials said.\n\n"
            "In a second attack, 4 guards were killed at a checkpoint outside the town.")
    events = _events(text, "2026-03-08")
    assert events["15 villagers"] == "t#main"
    assert events["4 guards"] != "t#main"
