"""Numeric-toll accuracy, hand-computed."""

import math

import pytest

from bench.schema import Claim, Mention, Toll
from bench.scoring.tolls import figure, toll_counts
from conftest import make_doc

TEXT = ("At least 15 civilians were killed and 20 people injured. About 50 soldiers died. "
        "Dozens of villagers were killed. Many died.")


def gold_doc():
    return make_doc("d1", TEXT, [
        ("m1", "CASUALTY", "At least 15 civilians"), ("m2", "CASUALTY", "20 people"),
        ("m3", "CASUALTY", "About 50 soldiers"), ("m4", "CASUALTY", "Dozens of villagers"), ("m5", "CASUALTY", "Many"),
    ], [
        {"id": "c1", "casualty": "m1"}, {"id": "c2", "casualty": "m2", "outcome": "injured"},
        {"id": "c3", "casualty": "m3"}, {"id": "c4", "casualty": "m4"}, {"id": "c5", "casualty": "m5"},
    ])


def mention(mid, text, quote):
    start = text.index(quote)
    return Mention(mid, "CASUALTY", start, start + len(quote))


def claim(cid, casualty, low, high, **kw):
    return Claim(cid, casualty, None, (), kw.get("outcome", "killed"), "unspecified", Toll(low, high, **kw.get("toll", {})),
                 None, None)


def predicted():
    mentions = [mention("p1", TEXT, "15 civilians"), mention("p2", TEXT, "20 people"),
                mention("p3", TEXT, "About 50"), mention("p5", TEXT, "Many")]
    claims = [claim("k1", "p1", 15, None), claim("k2", "p2", 22, 22, outcome="injured"),
              claim("k3", "p3", 50, 50)]  # p5 has no claim: no predicted toll
    return mentions, claims


def test_gold_figures_are_normalised_as_expected():
    doc = gold_doc()
    assert [c.toll.as_interval() for c in doc.claims] == [(15, None), (20, 20), (50, 50), (24, None), (None, None)]
    assert [figure(c.toll) for c in doc.claims] == [15.0, 20.0, 50.0, 24.0, None]
    assert figure(Toll(20, 30)) == 25.0 and figure(Toll(None, 20)) == 20.0 and figure(None) is None


def test_counts_by_hand():
    doc = gold_doc()
    out = toll_counts(doc.mentions, doc.claims, *predicted())
    a = out["all"]
    assert (a["total"], a["found"], a["same_interval"]) == (5, 4, 2)          # m4 not found; m1, m3 right
    assert (a["points"], a["same_point"]) == (2, 1)                           # m2 (wrong: 22), m3
    assert (a["valued"], a["within"]) == (3, 3)                               # 22 vs 20 is exactly 10% off
    assert a["abs_log_error"] == pytest.approx(abs(math.log(23) - math.log(21)))
    assert (out["exact"]["total"], out["exact"]["found"], out["exact"]["same_interval"]) == (2, 2, 1)
    assert (out["approximate"]["found"], out["approximate"]["same_interval"]) == (1, 1)
    assert (out["vague"]["total"], out["vague"]["found"], out["vague"]["same_interval"], out["vague"]["valued"]) == (2, 1, 0, 0)
    assert (out["killed"]["total"], out["killed"]["found"], out["killed"]["same_interval"]) == (4, 3, 2)
    assert (out["injured"]["found"], out["injured"]["same_interval"], out["injured"]["within"]) == (1, 0, 1)


def test_within_ten_percent_boundary_and_missing_prediction_counts_as_zero():
    doc = make_doc("d", "20 people died.", [("m1", "CASUALTY", "20 people")], [{"id": "c1", "casualty": "m1"}])
    m = [Mention("p", "CASUALTY", 0, 9)]
    assert toll_counts(doc.mentions, doc.claims, m, [claim("k", "p", 23, 23)])["all"]["within"] == 0
    assert toll_counts(doc.mentions, doc.claims, m, [claim("k", "p", 18, 18)])["all"]["within"] == 1
    none = toll_counts(doc.mentions, doc.claims, m, [])["all"]
    assert none["found"] == 1 and none["same_interval"] == 0 and none["within"] == 0
    assert none["abs_log_error"] == pytest.approx(math.log(21))


def test_the_metric_through_score(write_jsonl):
    from bench import score

    doc = gold_doc()
    mentions, claims = predicted()
    record = {"id": "d1",
              "mentions": [{"id": m.id, "label": m.label, "start": m.start, "end": m.end} for m in mentions],
              "claims": [{"id": c.id, "casualty": c.casualty, "claimant": None, "outcome": c.outcome,
                          "victims": c.victims, "toll": {"low": c.toll.low, "high": c.toll.high}} for c in claims]}
    result = score([record], [doc], resamples=0)
    t = result["tolls"]["all"]
    assert (t["toll_exact"], t["value_acc"], t["within_10pct"]) == (0.5, 0.5, 1.0)
    assert t["male"] == pytest.approx(abs(math.log(23) - math.log(21)) / 3)
    assert result["tolls"]["vague"]["within_10pct"] is None
    assert result["metrics"]["toll_exact"]["value"] == 0.5
