"""Attribution-difficulty measures, phenomenon counts and release targets on small hand-made documents."""

import json

from conftest import make_doc

from bench.sentences import has_reporting_verb, inside_quotes, is_hard_wrapped, sentence_bounds
from bench.stats import difficulty, phenomena, statistics
from bench.targets import TARGETS, compare

WIRE = (
    "Shelling kills 12 in border town, officials say\n"
    "\n"
    "KHARTOUM, May 3 (Test Wire) - At least 12 people were killed and\n"
    "dozens wounded when shells hit a market in the border town on\n"
    "Friday morning, a local health official told reporters on Saturday.\n"
    "\n"
    "\"We counted 12 bodies at the hospital and more are coming,\" the\n"
    "official said, asking not to be named because he was not allowed\n"
    "to speak to the media. Residents blamed the paramilitary forces.\n"
    "\n"
    "Gen. Ali Hamid, an army spokesman, said the army had not fired any\n"
    "shells in the area and that the town remained calm on Saturday.\n"
)


def sentences(text):
    return [text[s:e] for s, e in sentence_bounds(text)]


def test_hard_wrapped_copy_is_detected_and_its_line_breaks_do_not_end_sentences():
    assert is_hard_wrapped(WIRE)
    got = sentences(WIRE)
    assert got[0] == "Shelling kills 12 in border town, officials say"
    # the dateline sentence runs over three wrapped lines and keeps its trailing attribution
    assert got[1].startswith("KHARTOUM") and got[1].endswith("told reporters on Saturday.")
    assert "\"We counted 12 bodies at the hospital and more are coming,\" the\nofficial said" in got[2]
    # "Gen." is an abbreviation, not the end of a sentence
    assert any(s.startswith("Gen. Ali Hamid, an army spokesman, said") for s in got)


def test_web_copy_breaks_at_each_line_and_sentence():
    text = "Strike kills 5\nAt least five people died, the ministry said. Rescuers searched the rubble.\nthe end"
    assert not is_hard_wrapped(text)
    assert sentences(text) == ["Strike kills 5", "At least five people died, the ministry said.",
                               "Rescuers searched the rubble.\nthe end"]


def test_quotations_within_a_paragraph_and_over_paragraphs():
    text = ('He said "five were killed" in the raid.\n'
            "“The first strike killed nine,\n"
            "“and the second four more,” she said. Then 3 died.\n")
    assert inside_quotes(text, text.index("five"))
    assert not inside_quotes(text, text.index("in the raid"))
    assert inside_quotes(text, text.index("nine"))  # curly quotes
    assert inside_quotes(text, text.index("four"))  # a quotation reopened at the next paragraph
    assert not inside_quotes(text, text.index("3 died"))
    # a stray quote mark in one paragraph does not flip the next one (web copy: one paragraph per line)
    assert not inside_quotes('He said "five.\nThen 3 died.', 'He said "five.\nThen 3 died.'.index("3"))


def test_reporting_verbs():
    assert has_reporting_verb("At least 12 died, according to medics")
    assert has_reporting_verb("Officials say 12 died")
    assert not has_reporting_verb("The United States sent 12 aircraft")
    assert not has_reporting_verb("At least 12 people died in the attack")


def test_difficulty_measures_on_a_wrapped_document():
    doc = make_doc("w", WIRE, mentions=[
        ("m1", "CASUALTY", "12"), ("m2", "CLAIMANT", "officials"),
        ("m3", "CASUALTY", "At least 12 people"), ("m4", "CASUALTY", "dozens"),
        ("m5", "CLAIMANT", "a local health official"),
        ("m6", "CASUALTY", "12 bodies"), ("m7", "CLAIMANT", "the\nofficial"),
    ], claims=[
        {"id": "c1", "casualty": "m1", "claimant": "m2"},
        {"id": "c2", "casualty": "m3", "claimant": "m5"},
        {"id": "c3", "casualty": "m4", "claimant": None, "outcome": "injured"},
        {"id": "c4", "casualty": "m6", "claimant": "m7"},
    ])
    d = difficulty([doc])
    # each claimant sits in its figure's sentence, even where wrapped lines separate them
    assert d["attributed_claims"] == 3 and d["claimant_outside_sentence"] == 0.0
    assert d["casualty_in_quotes"] == round(1 / 4, 3)  # "12 bodies" inside the quotation
    assert d["hard_wrapped"] == 1.0
    # the unattributed "dozens" shares its sentence with "told"
    assert d["unattributed_claims"] == 1 and d["unattributed_with_reporting_verb"] == 1.0


def test_claimant_in_the_next_sentence_is_outside():
    text = "Nine civilians were killed in the raid. The figure was given by a local mayor."
    doc = make_doc("n", text, mentions=[("m1", "CASUALTY", "Nine civilians"), ("m2", "CLAIMANT", "a local mayor")],
                   claims=[{"id": "c1", "casualty": "m1", "claimant": "m2", "victims": "civilians"}])
    assert difficulty([doc])["claimant_outside_sentence"] == 1.0
    assert difficulty([doc])["hard_wrapped"] == 0.0


def test_phenomena_count_documents_once():
    text = "The Front said it killed 20 soldiers. The Front again said 20 soldiers died. Nobody else was hurt. " \
           "Some 30 were killed or wounded."
    doc = make_doc("p", text, mentions=[
        ("m1", "CLAIMANT", "The Front"), ("m2", "CASUALTY", "20 soldiers"), ("m3", "CLAIMANT", "The Front", 2),
        ("m4", "CASUALTY", "20 soldiers", 2), ("m5", "CASUALTY", "Nobody"), ("m6", "CASUALTY", "Some 30")],
        claims=[{"id": "c1", "casualty": "m2", "claimant": "m1", "actors": ["m1"], "victims": "security_forces"},
                {"id": "c2", "casualty": "m4", "claimant": "m3", "actors": ["m3"], "victims": "security_forces"},
                {"id": "c3", "casualty": "m5", "outcome": "injured", "toll": (0, 0)},
                {"id": "c4", "casualty": "m6", "outcome": "killed_or_injured"}])
    from dataclasses import replace

    doc = replace(doc, claims=(doc.claims[0], replace(doc.claims[1], restates="c1")) + doc.claims[2:])
    counts = phenomena([doc, make_doc("empty", "Nothing happened.")])
    assert counts["self_claims"] == 1 and counts["restates"] == 1
    assert counts["explicit_zero"] == 1 and counts["killed_or_injured"] == 1
    assert counts["approximate"] == 1 and counts["no_claims"] == 1 and counts["denied"] == 0


def test_targets_compare_and_floors():
    docs = {"train": [make_doc("a", "Two died.", [("m1", "CASUALTY", "Two")], [{"id": "c1", "casualty": "m1"}])],
            "validation": [], "test": []}
    stats = statistics(docs)
    rows = {r["key"]: r for r in compare(stats)}
    assert rows["documents"]["value"] == 1 and rows["documents"]["met"] is False
    assert rows["seeds_in_test"]["met"] is True and rows["no_group_split"]["met"] is True
    assert rows["unattributed_with_reporting_verb"]["met"] is None  # reported only
    assert not next(t for t in TARGETS if t.key == "documents").holds_floor(stats)
    # a group in two splits and a seed outside test are caught
    seed = make_doc("s", "Two died.", [("m1", "CASUALTY", "Two")], [{"id": "c1", "casualty": "m1"}])
    from dataclasses import replace

    docs["validation"] = [replace(seed, provenance="seed")]
    rows = {r["key"]: r for r in compare(statistics(docs))}
    assert rows["seeds_in_test"]["met"] is False and rows["no_group_split"]["met"] is False
    json.dumps(compare(stats))  # the rows are JSON-ready


def test_cli_stats_prints_targets_side_by_side(capsys):
    from bench.cli import main

    assert main(["data", "stats"]) == 0
    out = capsys.readouterr().out
    assert "Release targets" in out and ">= 300" in out and ("met" in out or "unmet" in out)
    assert main(["data", "stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {r["key"] for r in data["targets"]} == {t.key for t in TARGETS}
    assert set(data["difficulty"]) >= {"claimant_outside_sentence", "casualty_in_quotes", "hard_wrapped"}
    assert data["phenomena"]["subsets"] > 0
