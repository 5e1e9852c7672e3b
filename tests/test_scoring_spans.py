"""The four SemEval-2013 9.1 schemes and the one-to-one matching, on hand-computed examples."""

import numpy as np
import pytest

from bench.scoring import prf
from bench.scoring.matching import bipartite_matching, interval_matching
from bench.scoring.spans import SCHEMES, span_counts

LABELS = ("CASUALTY", "ACTOR", "CLAIMANT")
GOLD = [("CASUALTY", 0, 10), ("ACTOR", 20, 30), ("CLAIMANT", 40, 50), ("CASUALTY", 60, 70), ("ACTOR", 80, 90)]
PRED = [
    ("CASUALTY", 0, 10),    # exact, right label
    ("CLAIMANT", 20, 30),   # exact boundaries, wrong label
    ("CLAIMANT", 42, 55),   # overlaps its gold, right label
    ("ACTOR", 62, 68),      # overlaps a CASUALTY, wrong label
    ("ACTOR", 100, 110),    # spurious
]                           # gold ACTOR 80-90 is missed


def rows(gold=GOLD, pred=PRED):
    counts = span_counts(gold, pred, LABELS, SCHEMES)
    return {s: {slot: tuple(counts[i, k]) for k, slot in enumerate(("all",) + LABELS)} for i, s in enumerate(SCHEMES)}


def test_micro_counts_by_hand():
    r = rows()
    # (correct credit, actual, possible)
    assert r["strict"]["all"] == (1, 5, 5)
    assert r["exact"]["all"] == (2, 5, 5)      # + the relabelled exact span
    assert r["partial"]["all"] == (3, 5, 5)    # 2 exact + 0.5 * 2 overlaps
    assert r["type"]["all"] == (2, 5, 5)       # CASUALTY exact + CLAIMANT overlap


def test_per_label_counts_by_hand():
    r = rows()
    assert r["strict"]["CASUALTY"] == (1, 1, 2)
    assert r["exact"]["CASUALTY"] == (1, 1, 2)
    assert r["strict"]["ACTOR"] == (0, 2, 2)
    assert r["type"]["ACTOR"] == (0, 2, 2)
    assert r["strict"]["CLAIMANT"] == (0, 2, 1)
    assert r["partial"]["CLAIMANT"] == (0.5, 2, 1)
    assert r["type"]["CLAIMANT"] == (1, 2, 1)


def test_scores_from_the_counts():
    r = rows()
    p, rec, f = prf.prf(*r["partial"]["all"])
    assert (p, rec, f) == (0.6, 0.6, pytest.approx(0.6))
    p, rec, f = prf.prf(*r["partial"]["CLAIMANT"])
    assert (p, rec) == (0.25, 0.5)
    f1 = [prf.prf(*r["strict"][lab])[2] for lab in sorted(LABELS)]
    assert prf.macro(np.array(f1), np.array([True] * 3)) == pytest.approx((2 / 3) / 3)


def test_one_predicted_span_covering_several_gold_spans_gets_one_credit():
    gold = [("CASUALTY", 0, 10)]
    pred = [("CASUALTY", 0, 2), ("CASUALTY", 3, 5), ("CASUALTY", 6, 8)]
    r = rows(gold, pred)
    assert r["partial"]["all"] == (0.5, 3, 1)
    assert r["type"]["all"] == (1, 3, 1)
    assert r["strict"]["all"] == (0, 3, 1)
    r = rows([("ACTOR", 0, 5), ("ACTOR", 5, 10)], [("ACTOR", 3, 7)])
    assert r["type"]["all"] == (1, 1, 2)


def test_overlapping_input_spans_are_refused():
    with pytest.raises(ValueError, match="overlap"):
        span_counts([("ACTOR", 0, 5), ("ACTOR", 4, 8)], [], LABELS)
    with pytest.raises(ValueError, match="not one of"):
        span_counts([("PER", 0, 5)], [], LABELS)


def test_interval_matching_is_maximum_and_prefers_the_left():
    # Greedy on the gold side takes the leftmost overlapping prediction, leaving the next one free.
    gold = [(0, 10), (11, 20)]
    pred = [(0, 2), (8, 12)]
    assert interval_matching(gold, pred) == [(0, 0), (1, 1)]
    # Exact twins are always paired with each other.
    assert interval_matching([(5, 9), (0, 4)], [(0, 4), (5, 9)]) == [(1, 0), (0, 1)]
    assert interval_matching([], [(0, 1)]) == []


def test_bipartite_matching_augments_instead_of_stopping_at_a_greedy_choice():
    compatible = {(0, 0), (0, 1), (1, 0)}
    pairs = bipartite_matching(2, 2, lambda i, j: (i, j) in compatible)
    assert pairs == [(0, 1), (1, 0)]
    # Ties: with several maximum matchings the earliest candidates win.
    assert bipartite_matching(2, 2, lambda i, j: True) == [(0, 0), (1, 1)]
    assert bipartite_matching(2, 2, lambda i, j: True, right_order=[1, 0]) == [(0, 1), (1, 0)]
