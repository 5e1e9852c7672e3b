"""The toll normalisation table of docs/guidelines.md, section 3, row by row."""

import pytest

from bench.schema import Toll
from bench.tolls import find_toll, normalise_toll, parse_number_at, tokens_of


@pytest.mark.parametrize("text, low, high, vague, approx", [
    ("15 civilians", 15, 15, None, False),
    ("fifteen civilians", 15, 15, None, False),
    ("At least 15 civilians", 15, None, None, False),
    ("no fewer than 15 people", 15, None, None, False),
    ("more than 130 soldiers", 131, None, None, False),
    ("over 130 Malian soldiers and Wagner fighters", 131, None, None, False),
    ("up to 20", None, 20, None, False),
    ("as high as 20", None, 20, None, False),
    ("as many as 20 villagers", None, 20, None, False),
    ("fewer than 10 people", None, 9, None, False),
    ("under 10", None, 9, None, False),
    ("between 20 and 30 people", 20, 30, None, False),
    ("20 to 30 people", 20, 30, None, False),
    ("20-30 people", 20, 30, None, False),
    ("about 50 people", 50, 50, None, True),
    ("an estimated 50 people", 50, 50, None, True),
    ("some 50 people", 50, 50, None, True),
    ("several children", 3, None, "several", False),
    ("a few villagers", 2, None, "a few", False),
    ("a dozen soldiers", 12, None, "a dozen", False),
    ("dozens of dead", 24, None, "dozens", False),
    ("scores of people", 40, None, "scores", False),
    ("hundreds of civilians", 200, None, "hundreds", False),
    ("thousands of people", 2000, None, "thousands", False),
    ("numerous innocent lives", None, None, "numerous", False),
    ("large number of deaths", None, None, "large number", False),
    ("more than a dozen people", 13, None, "a dozen", False),
    ("at least dozens of people", 24, None, "dozens", False),
    ("eleven children", 11, 11, None, False),
    ("twenty-one people", 21, 21, None, False),
    ("a hundred and thirty fighters", 130, 130, None, False),
    ("one hundred and twenty-five", 125, 125, None, False),
    ("two dozen fighters", 24, 24, None, False),
    ("1,200 people", 1200, 1200, None, False),
    ("one of its leaders", 1, 1, None, False),
    ("a child", 1, 1, None, False),
])
def test_guideline_table(text, low, high, vague, approx):
    assert normalise_toll(text) == Toll(low=low, high=high, vague_term=vague, approximate=approx)


def test_first_figure_wins():
    assert find_toll("50 Russians and 10 Malians") == Toll(50, 50)


def test_ages_are_not_figures():
    assert find_toll("a 15-year-old boy") == Toll(1, 1)
    assert find_toll("two boys, 12 years old") == Toll(2, 2)
    assert find_toll("a boy aged 15") == Toll(1, 1)


def test_no_figure():
    assert find_toll("heavy losses") is None
    with pytest.raises(ValueError, match="no casualty figure"):
        normalise_toll("civilian casualties")


def test_number_words_stop_at_non_numbers():
    words = tokens_of("five six")
    assert parse_number_at(words, 0) == (5, 1)
    assert parse_number_at(tokens_of("thirty five people"), 0) == (35, 2)
    assert parse_number_at(tokens_of("the people"), 0) is None


@pytest.mark.parametrize("text", ["no casualties", "No one", "nobody", "no deaths", "none", "None of the passengers",
                                  "no civilians", "not a single civilian", "no injuries", "zero casualties"])
def test_explicit_zeros_normalise_to_zero(text):
    assert normalise_toll(text) == Toll(low=0, high=0)


def test_zero_words_do_not_swallow_figures():
    assert normalise_toll("no fewer than 10 people") == Toll(10, None)
    assert normalise_toll("no more than 5") == Toll(None, 5)
    assert find_toll("no") is None  # a bare "no" is not a figure
    assert find_toll("heavy losses") is None


def test_explicit_zero_needs_no_override_in_the_authoring_files(tmp_path):
    from conftest import DOC_HEADER, group_yaml, write_authoring

    from bench.dataset import build

    root = tmp_path / "data"
    doc = DOC_HEADER.format(group="g1") + ("mentions:\n  - [m1, CLAIMANT, \"The army\"]\n  - [m2, CASUALTY, \"no one\"]\n"
                                           "claims:\n  - {id: c1, casualty: m2, claimant: m1, outcome: injured, event: e1}\n")
    write_authoring(root / "authoring", {"g1": group_yaml("g1", "test")},
                    {"d1": (doc, "The army said no one was hurt in the shelling.\n")})
    release, problems = build(root)
    assert release is not None, [str(p) for p in problems]
    (doc,) = release.documents["test"]
    assert doc.claims[0].toll == Toll(0, 0)
