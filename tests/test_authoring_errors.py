"""Break the authoring files in many ways; each must give its own clear `file:line` error."""

import shutil
from pathlib import Path

import pytest
from conftest import write_authoring

from bench.cli import main
from bench.dataset import build

GROUP = """id: g1
split: test
conflict: Testland
description: A test group.
events:
  - {id: e1, date: 2024-01-02, location: Town, description: A strike.}
"""
DOC = """title: null
language: en
published: 2024-01-03
outlet: Test Wire
provenance: authored
license: CC-BY-4.0
event_group: g1
mentions:
  - [m1, CASUALTY, "At least 15 civilians"]
  - [m2, CASUALTY, "11 children"]
  - [m3, CLAIMANT, "a local official"]
  - [m4, ACTOR, "the army"]
claims:
  - {id: c1, casualty: m1, claimant: m3, actors: [m4], victims: civilians, event: e1}
  - {id: c2, casualty: m2, claimant: m3, actors: [m4], victims: children, subset_of: c1, event: e1}
"""
TEXT = "At least 15 civilians, including 11 children, were killed, a local official said, blaming the army.\n"


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "data"
    write_authoring(root / "authoring", {"g1": GROUP}, {"d1": (DOC, TEXT)})
    return root


def problems_of(root):
    release, problems = build(root)
    return release, [str(p) for p in problems if p.severity == "error"]


def edit(root, old, new, name="d1.yaml"):
    path = root / "authoring" / "docs" / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return path


def test_clean_tree_builds(tree):
    release, problems = problems_of(tree)
    assert problems == [] and release is not None
    (doc,) = release.documents["test"]
    assert [c.toll.as_interval() for c in doc.claims] == [(15, None), (11, 11)]
    assert doc.mentions[0].start == 0 and doc.mentions[1].text == "11 children"


@pytest.mark.parametrize("old, new, line, expected", [
    # 1. a quote that is not in the text
    ('"11 children"]', '"12 children"]', 10, "'12 children' not found in the text"),
    # 2. a claim pointing at a mention that does not exist
    ("claimant: m3, actors: [m4], victims: civilians", "claimant: m9, actors: [m4], victims: civilians", 14, "claims[0].claimant: no mention with id 'm9'"),
    # 3. overlapping mentions (the second quote sits inside the first)
    ('  - [m2, CASUALTY, "11 children"]', '  - [m2, CASUALTY, "11 children"]\n  - [m5, ACTOR, "children", 1]', None, "overlap"),
    # 4. an outcome outside the vocabulary
    ("victims: civilians, event: e1}", "victims: civilians, outcome: slain, event: e1}", 14, "outcome 'slain' is not one of killed, injured, missing, abducted"),
    # 5. low > high in an explicit toll
    ("victims: children, subset_of: c1, event: e1}", "victims: children, subset_of: c1, event: e1, toll: {low: 12, high: 11}}", 15, "low (12) is greater than high (11)"),
    # 6. a duplicate mention id
    ('[m4, ACTOR, "the army"]', '[m3, ACTOR, "the army"]', 12, "duplicate mention id 'm3'"),
    # 7. a span that cuts a word
    ('[m4, ACTOR, "the army"]', '[m4, ACTOR, "the arm"]', 12, "starts or ends inside a token"),
    # 8. a wrong label behind a reference
    ("actors: [m4], victims: civilians", "actors: [m1], victims: civilians", 14, "mention 'm1' is a CASUALTY, expected a ACTOR or CLAIMANT"),
    # 9. a typo in a field name
    ("claimant: m3, actors: [m4], victims: civilians", "claimaint: m3, actors: [m4], victims: civilians", 14, "unknown field 'claimaint'"),
    # 10. an event no group defines
    ("victims: civilians, event: e1}", "victims: civilians, event: e404}", 14, "no group file defines event 'e404'"),
    # 11. invalid YAML
    ("claims:\n", "claims: [\n", None, "invalid YAML"),
    # 12. an unsafe YAML tag
    ("title: null", "title: !!python/object/apply:os.system ['true']", 1, "could not determine a constructor"),
    # 13. a CASUALTY mention left without a claim
    ("  - {id: c2, casualty: m2, claimant: m3, actors: [m4], victims: children, subset_of: c1, event: e1}\n", "", 10, "CASUALTY mention 'm2' ('11 children') has no claim"),
    # 14. a negative toll
    ("victims: children, subset_of: c1, event: e1}", "victims: children, subset_of: c1, event: e1, toll: {low: -1, high: 3}}", 15, "expected a non-negative integer"),
    # 15. a duplicate claim id
    ("{id: c2, casualty: m2", "{id: c1, casualty: m2", 15, "duplicate claim id 'c1'"),
])
def test_each_break_has_its_own_message(tree, old, new, line, expected):
    path = edit(tree, old, new)
    release, problems = problems_of(tree)
    assert release is None
    assert any(expected in p for p in problems), problems
    hit = next(p for p in problems if expected in p)
    prefix = f"{path}:{line}:" if line else f"{path}"
    assert hit.startswith(prefix), hit


def test_invalid_utf8_text(tree):
    path = tree / "authoring" / "docs" / "d1.txt"
    path.write_bytes(b"At least 15 civilians\n\xff\xfe were killed\n")
    _, problems = problems_of(tree)
    assert any(p.startswith(f"{path}:2:") and "not valid UTF-8 (byte 22" in p for p in problems), problems


def test_empty_text(tree):
    path = tree / "authoring" / "docs" / "d1.txt"
    path.write_text("  \n")
    _, problems = problems_of(tree)
    assert any(p.startswith(str(path)) and "the text is empty" in p for p in problems), problems


def test_bad_split_and_missing_group(tree):
    (tree / "authoring" / "groups" / "g1.yaml").write_text(GROUP.replace("split: test", "split: dev"))
    edit(tree, "event_group: g1", "event_group: g2")
    _, problems = problems_of(tree)
    assert any("g1.yaml:2:" in p and "split 'dev' is not one of train, validation, test" in p for p in problems), problems
    assert any("d1.yaml:7:" in p and "no group file defines event_group 'g2'" in p for p in problems), problems


def test_all_problems_reported_at_once(tree):
    edit(tree, '"11 children"]', '"12 children"]')
    edit(tree, "outcome: killed" if "outcome: killed" in DOC else "victims: civilians, event: e1}",
         "victims: civilians, outcome: slain, event: e1}")
    _, problems = problems_of(tree)
    assert len(problems) >= 2


def test_cli_exit_code_and_no_traceback(tree, capsys):
    edit(tree, "victims: civilians, event: e1}", "victims: civilians, outcome: slain, event: e1}")
    assert main(["data", "build", "--data-dir", str(tree)]) == 1
    err = capsys.readouterr().err
    assert "outcome 'slain'" in err and "Traceback" not in err
    assert not (tree / "test.jsonl").exists()  # nothing written when the build fails


def test_cli_build_then_check(tree, capsys):
    assert main(["data", "build", "--data-dir", str(tree)]) == 0
    assert main(["data", "build", "--data-dir", str(tree), "--check"]) == 0
    edit(tree, '[m4, ACTOR, "the army"]', '[m4, ACTOR, "army"]')
    assert main(["data", "build", "--data-dir", str(tree), "--check"]) == 1
    assert "stale" in capsys.readouterr().err
    assert main(["data", "validate", str(tree / "test.jsonl")]) == 0
