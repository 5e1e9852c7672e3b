"""Event linking (B-cubed), main vs background, and event ranges from the system's own clusters."""

import pytest

from bench import score
from conftest import make_doc, prediction_of

# Two reports of one strike (e1) in group g1, each also citing an earlier attack (e0); a third document
# about another incident (e2) in group g2.
DOC1 = make_doc("d1", "At least 15 civilians died. Officials said 21 people were killed. Last year 7 died.", [
    ("a", "CASUALTY", "At least 15 civilians"), ("o", "CLAIMANT", "Officials"), ("b", "CASUALTY", "21 people"),
    ("c", "CASUALTY", "7"),
], [{"id": "c1", "casualty": "a"}, {"id": "c2", "casualty": "b", "claimant": "o"},
    {"id": "c3", "casualty": "c", "event": "e0"}], group="g1")
DOC2 = make_doc("d2", "Up to 30 people died and 5 people were hurt. Last year 7 died.", [
    ("u", "CASUALTY", "Up to 30 people"), ("h", "CASUALTY", "5 people"), ("c", "CASUALTY", "7"),
], [{"id": "c1", "casualty": "u"}, {"id": "c2", "casualty": "h", "outcome": "injured"},
    {"id": "c3", "casualty": "c", "event": "e0"}], group="g1")
DOC3 = make_doc("d3", "Nine people died.", [("n", "CASUALTY", "Nine people")],
                [{"id": "c1", "casualty": "n", "event": "e2"}], group="g2")
DOCS = [DOC1, DOC2, DOC3]


def run(preds):
    return score(preds, DOCS, resamples=0)


def with_events(doc, mapping):
    p = prediction_of(doc)
    for c in p["claims"]:
        c["event"] = mapping.get(c["event"], c["event"]) if isinstance(mapping, dict) else mapping
    return p


def test_perfect_events():
    m = run([prediction_of(d) for d in DOCS])["metrics"]
    for name in ("event_link_f1", "event_main_f1", "event_background_f1", "event_range_exact"):
        assert m[name]["value"] == 1.0, name


def test_null_events_earn_nothing():
    m = run([with_events(d, None) for d in DOCS])["metrics"]
    for name in ("event_link_f1", "event_main_f1", "event_background_f1", "event_range_exact"):
        assert m[name]["value"] == 0.0, name


def test_b_cubed_by_hand_for_document_local_ids():
    # Each document names its incidents with its own ids: e1 and e0 are split across d1 and d2.
    preds = [with_events(DOC1, {"e1": "d1-main", "e0": "d1-bg"}), with_events(DOC2, {"e1": "d2-main", "e0": "d2-bg"}),
             prediction_of(DOC3)]
    r = run(preds)
    # 8 figures; gold clusters e1 {d1a, d1b, d2u, d2h}, e0 {d1c, d2c}, e2 {d3n}. Precision 1 everywhere.
    # Recall: e1 figures 2/4 each, e0 figures 1/2 each, e2 1/1 -> (4 * .5 + 2 * .5 + 1) / 7.
    assert r["diagnostics"]["event_link_precision"] == 1.0
    recall = (4 * 0.5 + 2 * 0.5 + 1) / 7
    assert r["diagnostics"]["event_link_recall"] == pytest.approx(recall)
    assert r["metrics"]["event_link_f1"]["value"] == pytest.approx(2 * recall / (1 + recall))
    # Main/background labels are still right in every document.
    assert r["metrics"]["event_main_f1"]["value"] == 1.0 and r["metrics"]["event_background_f1"]["value"] == 1.0
    # e1's counterpart is d1-main (2 figures, ties broken by id): its range [15, 21] misses d2's 30.
    assert r["events"]["range_events"] == 3 and r["events"]["range_exact"] == 2


def test_one_id_for_everything_has_full_recall_and_low_precision():
    r = run([with_events(d, "x") for d in DOCS])
    assert r["diagnostics"]["event_link_recall"] == 1.0
    # Cluster x holds 7 figures: 4 of e1, 2 of e0, 1 of e2 -> precision (4*4/7 + 2*2/7 + 1/7) / 7.
    assert r["diagnostics"]["event_link_precision"] == pytest.approx((16 + 4 + 1) / 49)
    assert r["metrics"]["event_background_f1"]["value"] == 0.0  # everything is called main


def test_withholding_events_never_raises_an_event_metric():
    full = run([prediction_of(d) for d in DOCS])["metrics"]
    partial = [prediction_of(d) for d in DOCS]
    partial[0]["claims"][2]["event"] = None
    less = run(partial)["metrics"]
    for name in ("event_link_f1", "event_main_f1", "event_background_f1", "event_range_exact"):
        assert less[name]["value"] <= full[name]["value"], name
    assert less["event_link_f1"]["value"] < 1.0


def test_group_bootstrap_keeps_an_events_documents_together():
    preds = [with_events(DOC1, {"e1": "d1-main", "e0": "d1-bg"}), with_events(DOC2, {"e1": "d2-main", "e0": "d2-bg"}),
             prediction_of(DOC3)]
    r = score(preds, DOCS, resamples=300)
    assert r["bootstrap"]["unit"] == "group" and r["bootstrap"]["units"] == 2
    lo, hi = r["metrics"]["event_link_f1"]["ci"]
    assert lo <= r["metrics"]["event_link_f1"]["value"] <= hi
