"""Claimants and victims on real reporting (issue 11): two sources, pronoun claimants, back-referring
figures, gang members and negated reporting verbs. Every sentence is written for the test (never a seed or
dataset sentence)."""

import pytest

from baselines import get_extractor


def _predict(text):
    pred = get_extractor("rule_based").predict([{"id": "t", "text": text}])[0]
    by_id = {m["id"]: m["text"] for m in pred["mentions"]}
    return by_id, pred["claims"]


def _sources(text):
    by_id, claims = _predict(text)
    return [(by_id[c["casualty"]], by_id.get(c["claimant"])) for c in claims]


def _victims(text):
    by_id, claims = _predict(text)
    return {by_id[c["casualty"]]: c["victims"] for c in claims}


# 1. Two sources: each figure takes the source its clause attributes it to (guidelines 2.1).

@pytest.mark.parametrize("text, expected", [
    ("Police said 12 people died, while the rebels put the toll at 30.",
     [("12 people", "Police"), ("30", "the rebels")]),
    ("The ministry gave 8 dead; a hospital official, however, said 15 had died.",
     [("8 dead", "The ministry"), ("15", "a hospital official")]),
    ("According to the UN, 40 were killed; the army says 12 died.", [("40", "the UN"), ("12", "the army")]),
    ("Eleven people died, the ministry said; residents said the toll was 20.",
     [("Eleven people", "the ministry"), ("20", "residents")]),
    ("12 people died, police said, but the rebels put the toll at 30.", [("12 people", "police"), ("30", "the rebels")]),
    ("The army reported 5 soldiers killed but local officials said 17 villagers died.",
     [("5 soldiers", "The army"), ("17 villagers", "local officials")]),
])
def test_two_sources_in_one_sentence(text, expected):
    assert _sources(text) == expected


def test_second_source_in_the_next_sentence_with_an_adverb_before_its_verb():
    # "put the toll at 30" after ", however," is the rebels' own clause, not a trailing "..., put X".
    assert _sources("Police said 12 people died. The rebels, however, put the toll at 30.") == \
        [("12 people", "Police"), ("30", "The rebels")]


def test_bare_plural_source_after_counted_by():
    assert _sources("Police said 12 people died, but 30 bodies were counted by residents.") == \
        [("12 people", "Police"), ("30 bodies", "residents")]


# 2. Pronouns: a non-reporting verb gives no claimant; "he said" links the nearest earlier phrase naming
# the same source (guidelines 1.2).

@pytest.mark.parametrize("text", [
    "He visited the hospital where 20 wounded were treated.",
    "The governor said 5 died. He visited the hospital where 20 wounded were treated.",
])
def test_pronoun_with_a_non_reporting_verb_is_no_claimant(text):
    assert ("20 wounded", None) in _sources(text)


@pytest.mark.parametrize("text, figure, source", [
    ("The governor said 5 died. The police chief arrived later. He said 20 people had been wounded.",
     "20 people", "The police chief"),
    ("Maria Lopez, a nurse, treated the injured. She said 14 children were among the dead.",
     "14 children", "Maria Lopez"),
    ("The UN envoy visited the camp on Sunday. She told reporters that 30 people had died.",
     "30 people", "The UN envoy"),
    ("The army did not say how many were killed. It said 12 soldiers were wounded.", "12 soldiers", "The army"),
    ("Residents buried 11 people on Friday. They added that 4 more were missing.", "4", "Residents"),
])
def test_pronoun_with_a_reporting_verb_takes_its_antecedent(text, figure, source):
    assert (figure, source) in _sources(text)


def test_quotation_after_he_said_continues_the_same_speaker():
    text = ('Ana Ruiz, the governor, spoke outside the clinic.\n\n"The blast hit the centre. Nine people have '
            'died," she said. "Forty people have been wounded."')
    assert _sources(text) == [("Nine people", "Ana Ruiz"), ("Forty people", "Ana Ruiz")]


# 3. Back-referring figures (guidelines 2.4): "people" is a class noun of its own (unspecified); a figure
# without a victims noun takes the class of the noun it refers to.

def test_n_people_after_a_class_noun_stays_unspecified():
    victims = _victims("Gunmen attacked the village of Kuro, killing farmers. In all, 14 people died.")
    assert victims == {"14 people": "unspecified"}


@pytest.mark.parametrize("text, figure, victims", [
    ("Eight pupils were killed and 12 wounded when gunmen stormed the school.", "12", "civilians"),
    ("The attack killed 30 soldiers and wounded 20, the army said.", "20", "security_forces"),
    ("The ambush killed 17 people. Eleven of the dead were children, a nurse said.", "Eleven of the dead",
     "children"),
])
def test_figure_without_a_victims_noun_takes_the_class_it_refers_to(text, figure, victims):
    assert _victims(text)[figure] == victims


def test_question_left_open_names_no_class():
    assert _victims("The state did not say how many of the 40 dead were children.").get("40 dead") \
        in (None, "unspecified")


# 4. Gang members are non-state fighters: combatants (guidelines 2.4); "men" stays unspecified.

@pytest.mark.parametrize("text, figure", [
    ("Police shot dead 7 gang members in the slum.", "7 gang members"),
    ("Troops killed 9 bandits in the forest, the army said.", "9 bandits"),
    ("Eight cartel gunmen died in a shootout with police.", "Eight cartel gunmen"),
    ("Police said 6 gangsters were shot dead.", "6 gangsters"),
    ("Soldiers killed nine members of the Black Lake cartel, the army said.", "nine members"),
    ("Troops killed 18 members of an armed group near the border.", "18 members of an armed group"),
    ("Security forces killed 20 gang leaders and members, police said.", "20 gang leaders and members"),
])
def test_gang_members_are_combatants(text, figure):
    assert _victims(text)[figure] == "combatants"


def test_armed_men_of_a_gang_stay_unspecified():
    assert _victims("Twelve armed men of the Red Hand gang were killed by soldiers.") == \
        {"Twelve armed men": "unspecified"}


def test_gang_members_beside_civilians_are_mixed():
    assert _victims("The blast killed 4 gang members and civilians.")["4 gang members and civilians"] == "mixed"


# 5. Negated reporting verbs attribute nothing (guidelines 2.1).

@pytest.mark.parametrize("text, figure", [
    ("The army did not confirm the 30 deaths.", "30 deaths"),
    ("The army didn't confirm the 30 deaths.", "30 deaths"),
    ("Police declined to confirm reports that 30 were killed.", "30"),
    ("The army never confirmed that 30 civilians died.", "30 civilians"),
    ("The army would neither confirm nor deny that 30 civilians were killed.", "30 civilians"),
])
def test_negated_reporting_verb_is_no_claimant(text, figure):
    assert _sources(text) == [(figure, None)]


@pytest.mark.parametrize("text, expected", [
    ("Officials would not say how many died, but residents said 40 were killed.", [("40", "residents")]),
    ("The army has not confirmed the 30 deaths, which residents reported.", [("30 deaths", "residents")]),
    ("The army failed to report 30 deaths, a rights group said.", [("30 deaths", "a rights group")]),
])
def test_negated_sentence_takes_the_source_that_states_the_figure(text, expected):
    assert _sources(text) == expected


def test_negated_denial_is_no_denial():
    by_id, claims = _predict("The army would neither confirm nor deny that 30 civilians were killed.")
    assert [c["modality"] for c in claims] == ["asserted"]


@pytest.mark.parametrize("text, source", [
    ("Mayor Ana Ruiz said 5 people died.", "Ana Ruiz"),
    ("Lt. Gen. John Doe said 7 soldiers were killed.", "John Doe"),
])
def test_title_before_a_name_stays_out_of_the_claimant(text, source):
    assert _sources(text)[0][1] == source


def test_unattributed_quotation_takes_the_speaker_introduced_before_it():
    text = ("A nurse at the clinic was on duty that night.\n\n"
            "\u201cNine people died here, among them five children.\u201d")
    assert _sources(text) == [("Nine people", "A nurse"), ("five children", "A nurse")]


# Tagger mode: a source the cue rules name is the claimant even when the tagger did not tag it.
def _tagged_claims(text, tagged):
    from baselines.assembly.claims import assemble_spans
    from baselines.text import analyse

    spans = [(label, text.index(p), text.index(p) + len(p)) for label, p in tagged]
    record = assemble_spans(analyse(text), "t", spans)
    by_id = {m["id"]: m["text"] for m in record["mentions"]}
    return [(by_id[c["casualty"]], by_id.get(c["claimant"])) for c in record["claims"]]


def test_cue_named_source_missed_by_the_tagger_is_the_claimant():
    text = "Gunmen killed 14 herders near Tarsin on Sunday, the district commissioner said."
    assert _tagged_claims(text, [("CASUALTY", "14 herders")]) == [("14 herders", "the district commissioner")]


def test_tagged_claimant_named_by_the_cue_is_kept():
    text = "According to the regional health office, 9 people were wounded in the shelling."
    tagged = [("CASUALTY", "9 people"), ("CLAIMANT", "regional health office")]
    assert _tagged_claims(text, tagged) == [("9 people", "regional health office")]
