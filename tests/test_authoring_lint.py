"""The consistency lint (bench.lint, guidelines section 6): each rule broken through an authoring file gives
its own `file:line` error, and the clean file passes."""

import pytest
from conftest import DOC_HEADER, group_yaml, write_authoring

from bench.dataset import build
from bench.lint import party_key, same_party

TEXT = ("At least 15 villagers, including 11 children, were killed when the Malian army raided the market, "
        "a local official said, blaming the army and Wagner fighters.\n"
        "The Northern Front said its fighters had killed 20 soldiers of the Malian army, among them 3 officers.\n"
        "The army denied that 30 civilians had died.\n")
DOC = DOC_HEADER.format(group="g1") + """mentions:
  - [m1, CASUALTY, "At least 15 villagers"]
  - [m2, CASUALTY, "11 children"]
  - [m3, ACTOR, "the Malian army"]
  - [m4, CLAIMANT, "a local official"]
  - [m6, ACTOR, "Wagner fighters"]
  - [m7, CLAIMANT, "The Northern Front"]
  - [m9, CASUALTY, "20 soldiers of the Malian army"]
  - [m10, CASUALTY, "3 officers"]
  - [m11, CLAIMANT, "The army"]
  - [m12, CASUALTY, "30 civilians"]
claims:
  - {id: c1, casualty: m1, claimant: m4, actors: [m3, m6], victims: civilians, event: e1}
  - {id: c2, casualty: m2, claimant: m4, actors: [m3, m6], victims: children, subset_of: c1, event: e1}
  - {id: c3, casualty: m9, claimant: m7, actors: [m7], victims: security_forces, event: e1}
  - {id: c4, casualty: m10, claimant: m7, actors: [m7], victims: security_forces, subset_of: c3, event: e1}
  - {id: c5, casualty: m12, claimant: m11, victims: civilians, modality: denied, event: e1}
"""


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "data"
    write_authoring(root / "authoring", {"g1": group_yaml("g1", "test")}, {"d1": (DOC, TEXT)})
    return root


def errors(root):
    release, problems = build(root)
    return release, [str(p) for p in problems if p.severity == "error"]


def test_clean_file_passes_the_lint(tree):
    release, problems = errors(tree)
    assert problems == [] and release is not None


@pytest.mark.parametrize("edits, marker, expected", [
    # a denied claim that lists actors (guidelines 2.2)
    ([("modality: denied, event: e1}", "actors: [m6], modality: denied, event: e1}")], "{id: c5,",
     "[denied-with-actors] claim 'c5' is denied but lists actors ['m6']"),
    # one party listed twice: "the Malian army" and "the army" have the same head and no contradicting modifier
    ([('  - [m6, ACTOR, "Wagner fighters"]', '  - [m5, ACTOR, "the army"]\n  - [m6, ACTOR, "Wagner fighters"]'),
      ("{id: c1, casualty: m1, claimant: m4, actors: [m3, m6]", "{id: c1, casualty: m1, claimant: m4, actors: [m3, m5, m6]")],
     "{id: c1,", "[party-listed-twice] claim 'c1' lists one party twice: m3 'the Malian army' and m5 'the army'"),
    # a self-claim's subset that leaves the claimant out of its actors
    ([("actors: [m7], victims: security_forces, subset_of: c3", "actors: [], victims: security_forces, subset_of: c3")],
     "{id: c4,", "[self-claim] claim 'c4' (subset_of 'c3', a self-claim of 'The Northern Front') must also list the claimant m7"),
    # a self-claim that names the claimant's party through an ACTOR mention instead of the CLAIMANT mention
    ([("victims: civilians, modality: denied, event: e1}", "actors: [m3], victims: civilians, event: e1}")], "{id: c5,",
     "[self-claim] claim 'c5': the claimant m11 'The army' blames itself through ACTOR mention m3 'the Malian army'"),
    # an ACTOR mention that no claim lists
    ([("actors: [m3, m6], victims: civilians", "actors: [m3], victims: civilians"),
      ("actors: [m3, m6], victims: children", "actors: [m3], victims: children")], "[m6,",
     "[unlinked-actor] ACTOR mention 'm6' ('Wagner fighters') is listed by no claim"),
    # a role noun whose victims are not civilians
    ([("actors: [m3, m6], victims: civilians, event: e1}", "actors: [m3, m6], victims: unspecified, event: e1}")], "{id: c1,",
     "[role-noun] claim 'c1': 'At least 15 villagers' names 'villagers', victims are civilians"),
    # a note about something else does not excuse the class
    ([("actors: [m3, m6], victims: civilians, event: e1}",
       'actors: [m3, m6], victims: combatants, event: e1, note: "headline figure"}')], "{id: c1,",
     "[role-noun] claim 'c1': 'At least 15 villagers' names 'villagers', victims are civilians (or children/women), not 'combatants'"),
])
def test_each_lint_rule_has_its_own_message(tree, edits, marker, expected):
    path = tree / "authoring" / "docs" / "d1.yaml"
    text = path.read_text()
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if marker in row)
    release, problems = errors(tree)
    assert release is None, "a lint finding must fail the build"
    hits = [p for p in problems if expected in p]
    assert hits, problems
    assert hits[0].startswith(f"{path}:{line}: document d1: "), hits[0]
    assert len({p.split("] ")[0].rsplit("[", 1)[-1] for p in problems if "] " in p}) == 1, problems


def test_a_note_naming_the_class_excuses_a_role_noun(tree):
    path = tree / "authoring" / "docs" / "d1.yaml"
    path.write_text(path.read_text().replace(
        "actors: [m3, m6], victims: civilians, event: e1}",
        "actors: [m3, m6], victims: combatants, event: e1, note: \"the 'villagers' were a militia: combatants\"}", 1))
    release, problems = errors(tree)
    assert problems == [] and release is not None


def test_mixed_passes_only_with_a_non_civilian_noun(tree):
    path = tree / "authoring" / "docs" / "d1.yaml"
    path.write_text(path.read_text().replace("actors: [m3, m6], victims: civilians, event: e1}",
                                             "actors: [m3, m6], victims: mixed, event: e1}", 1))
    _, problems = errors(tree)
    assert any("[role-noun] claim 'c1'" in p for p in problems), problems
    txt = tree / "authoring" / "docs" / "d1.txt"
    txt.write_text(TEXT.replace("At least 15 villagers", "At least 15 villagers and soldiers"))
    path.write_text(path.read_text().replace('"At least 15 villagers"', '"At least 15 villagers and soldiers"'))
    release, problems = errors(tree)
    assert problems == [] and release is not None


def test_party_heads_and_their_limits():
    assert party_key("The Malian army") == ("army", frozenset({"malian"}), frozenset())
    assert party_key("Russian mercenaries from the Wagner group")[0] == "mercenaries"
    assert party_key("Mali's army")[0] == "army"
    assert same_party("the army", "the Malian army")
    assert same_party("Mali's army", "the Malian army")  # a demonym matches its country by prefix
    assert same_party("RSF", "the RSF")
    assert not same_party("the Sudanese army", "the Chadian army")
    assert not same_party("our forces in the 6th Infantry Division", "the joint forces of the armed struggle movements")
    assert not same_party("the army", "the air force")
    assert not same_party("Israeli troops", "Israeli police")


def test_cli_validate_reports_lint_findings_without_traceback(tree, capsys):
    from bench.cli import main

    path = tree / "authoring" / "docs" / "d1.yaml"
    path.write_text(path.read_text().replace("modality: denied, event: e1}", "actors: [m6], modality: denied, event: e1}"))
    assert main(["data", "validate", str(tree)]) == 1
    err = capsys.readouterr().err
    assert "[denied-with-actors]" in err and "Traceback" not in err
