"""Toll F1 over the gold figures, hand-computed; order independence; the diagnostics stay apart."""

import math

import pytest

from bench.schema import Claim, Mention, Toll
from bench.scoring.tolls import figure, kind, predicted_interval, toll_counts
from conftest import make_doc

TEXT = ("At least 15 civilians were killed and 20 people injured. About 50 soldiers died. "
        "Dozens of villagers were killed. Many died. No one was hurt.")


def gold_doc():
    return make_doc("d1", TEXT, [
        ("m1", "CASUALTY", "At least 15 civilians"), ("m2", "CASUALTY", "20 people"),
        ("m3", "CASUALTY", "About 50 soldiers"), ("m4", "CASUALTY", "Dozens of villagers"), ("m5", "CASUALTY", "Many"),
        ("m6", "CASUALTY", "No one"),
    ], [
        {"id": "c1", "casualty": "m1"}, {"id": "c2", "casualty": "m2", "outcome": "injured"},
        {"id": "c3", "casualty": "m3"}, {"id": "c4", "casualty": "m4"}, {"id": "c5", "casualty": "m5"},
        {"id": "c6", "casualty": "m6", "outcome": "injured", "toll": (0, 0)},
    ])


def mention(mid, quote):
    start = TEXT.index(quote)
    return Mention(mid, "CASUALTY", start, start + len(quote))


def claim(cid, casualty, low, high, outcome="killed", **toll):
    return Claim(cid, casualty, None, (), outcome, "unspecified", Toll(low, high, **toll), None, None)


def predicted():
    mentions = [mention("p1", "15 civilians"), mention("p2", "20 people"), mention("p3", "About 50"),
                mention("p5", "Many"), mention("p9", "soldiers died")]
    claims = [claim("k1", "p1", 15, None), claim("k2", "p2", 22, 22, "injured"), claim("k3", "p3", 50, 50)]
    return mentions, claims  # p5 and p9 have no claim: they state no toll


def test_kinds_and_values():
    doc = gold_doc()
    assert [kind(c.toll) for c in doc.claims] == ["bound", "exact", "approximate", "vague", "vague", "zero"]
    assert [figure(c.toll) for c in doc.claims] == [15.0, 20.0, 50.0, 24.0, None, 0.0]
    assert figure(Toll(20, 30)) == 25.0 and figure(Toll(None, 20)) == 20.0 and figure(None) is None
    assert kind(Toll(20, 30)) == "range"


def test_counts_by_hand():
    doc = gold_doc()
    out = toll_counts(doc.mentions, doc.claims, *predicted())
    # Gold figures: 6. Found: m1, m2, m3, m5; p9 overlaps m3 too, but p3 took it first, so p9 is a spurious
    # prediction (5 predicted figures). Right: m1 (15, open), m3 (50); m2 is 22 vs 20; m5 has no toll.
    assert (out["all.total"], out["all.found"], out["all.correct"], out["all.actual"]) == (6, 4, 2, 5)
    assert (out["exact.total"], out["exact.correct"]) == (1, 0)
    assert (out["bound.total"], out["bound.correct"]) == (1, 1)
    assert (out["approximate.total"], out["approximate.correct"]) == (1, 1)
    assert (out["vague.total"], out["vague.found"], out["vague.correct"]) == (2, 1, 0)
    assert (out["zero.total"], out["zero.found"], out["zero.correct"]) == (1, 0, 0)
    assert (out["injured.total"], out["injured.correct"]) == (2, 0)
    # within 10%: m1 15 vs 15, m2 22 vs 20 (exactly 10%), m3 50; valued gold: m1, m2, m3, m4 (24), m6 (0).
    assert (out["all.valued"], out["all.within"]) == (5, 3)
    assert (out["bin.0.total"], out["bin.6-20.total"], out["bin.6-20.correct"], out["bin.21-100.total"]) == (1, 2, 1, 2)
    # Errors over pairs where both sides state a figure: m1 (0), m2 (2), m3 (0).
    assert out["err.pairs"] == 3 and out["err.abs"] == 2 and out["err.sq"] == 4
    assert out["err.abs_log"] == pytest.approx(math.log(23) - math.log(21))


def test_the_metrics_through_score():
    from bench import score

    doc = gold_doc()
    mentions, claims = predicted()
    record = {"id": "d1",
              "mentions": [{"id": m.id, "label": m.label, "start": m.start, "end": m.end} for m in mentions],
              "claims": [{"id": c.id, "casualty": c.casualty, "claimant": None, "outcome": c.outcome,
                          "victims": c.victims, "toll": {"low": c.toll.low, "high": c.toll.high}} for c in claims]}
    result = score([record], [doc], resamples=0)
    p, r = 2 / 5, 2 / 6
    assert result["metrics"]["toll_f1"]["value"] == pytest.approx(2 * p * r / (p + r))
    assert result["metrics"]["within_10pct"]["value"] == pytest.approx(3 / 5)
    assert result["diagnostics"]["toll_exact_on_found"] == pytest.approx(2 / 4)
    assert result["diagnostics"]["toll_mae"] == pytest.approx(2 / 3)
    assert result["diagnostics"]["toll_rmse"] == pytest.approx(math.sqrt(4 / 3))
    assert result["tolls"]["zero"]["recall"] == 0.0
    assert result["toll_bins"]["0"] == {"total": 1, "correct": 0, "recall": 0.0}


def test_claim_order_does_not_change_the_toll():
    doc = make_doc("d", "20 people died.", [("m1", "CASUALTY", "20 people")], [{"id": "c1", "casualty": "m1"}])
    m = [Mention("p", "CASUALTY", 0, 9)]
    right, wrong = claim("a", "p", 20, 20), claim("b", "p", 30, 30)
    forward = toll_counts(doc.mentions, doc.claims, m, [right, wrong])
    backward = toll_counts(doc.mentions, doc.claims, m, [wrong, right])
    # Claims that disagree on one figure state no toll, whichever comes first in the file.
    assert forward == backward and forward["all.correct"] == 0
    assert predicted_interval([right, claim("c", "p", 20, 20)]) == (20, 20)
    assert toll_counts(doc.mentions, doc.claims, m, [right, claim("c", "p", 20, 20)])["all.correct"] == 1


def test_nothing_is_never_better_than_something_on_the_metrics():
    # For gold 10, predicting nothing and predicting 200 both score 0 on every metric; a zero gold toll
    # needs the figure found and the toll 0/0.
    doc = make_doc("d", "10 people died. Nobody was hurt.", [("m1", "CASUALTY", "10 people"), ("m2", "CASUALTY", "Nobody")],
                   [{"id": "c1", "casualty": "m1"}, {"id": "c2", "casualty": "m2", "outcome": "injured", "toll": (0, 0)}])
    nothing = toll_counts(doc.mentions, doc.claims, [], [])
    far = toll_counts(doc.mentions, doc.claims, [Mention("p", "CASUALTY", 0, 9)], [claim("k", "p", 200, 200)])
    assert nothing["all.correct"] == far["all.correct"] == 0 and nothing["all.within"] == far["all.within"] == 0
    assert nothing["zero.correct"] == 0 and nothing["zero.total"] == 1
