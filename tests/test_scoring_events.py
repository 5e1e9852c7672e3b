"""Event toll ranges (UCDP-style), hand-computed, across documents and under resampling."""

import numpy as np

from bench import score
from bench.scoring.events import EventRows, doc_event_ranges, event_metrics
from conftest import make_doc, prediction_of

DOC1 = make_doc("d1", "At least 15 civilians died. Officials said 21 people were killed.", [
    ("a", "CASUALTY", "At least 15 civilians"), ("o", "CLAIMANT", "Officials"), ("b", "CASUALTY", "21 people"),
], [{"id": "c1", "casualty": "a"}, {"id": "c2", "casualty": "b", "claimant": "o"}])
DOC2 = make_doc("d2", "Up to 30 people died and 5 people were hurt. The army denied 100 deaths. Many fled and many died.", [
    ("u", "CASUALTY", "Up to 30 people"), ("h", "CASUALTY", "5 people"), ("r", "CLAIMANT", "The army"),
    ("x", "CASUALTY", "100 deaths"), ("m", "CASUALTY", "many"),
], [{"id": "c1", "casualty": "u"}, {"id": "c2", "casualty": "h", "outcome": "injured"},
    {"id": "c3", "casualty": "x", "claimant": "r", "modality": "denied"},
    {"id": "c4", "casualty": "m", "event": "e2"}])


def test_gold_ranges_by_hand():
    g1, _ = doc_event_ranges(DOC1.mentions, DOC1.claims, (), ())
    g2, _ = doc_event_ranges(DOC2.mentions, DOC2.claims, (), ())
    assert g1 == {"e1": [15.0, 21.0]}
    # "up to 30" states no lower bound; injured and denied claims do not count; "many" states nothing.
    assert g2 == {"e1": [float("inf"), 30.0], "e2": [float("inf"), float("-inf")]}
    combined = EventRows.build([(g1, {}), (g2, {})]).combine()
    assert combined["gold_low"].tolist() == [[15.0, float("inf")]]
    assert combined["gold_high"].tolist() == [[30.0, float("-inf")]]


def test_share_of_events_with_the_right_range():
    p1 = prediction_of(DOC1)
    p2 = prediction_of(DOC2)
    for c in p2["claims"]:
        c["event"] = None  # events are inherited through the paired CASUALTY mention
    p2["claims"] = [c for c in p2["claims"] if c["id"] != "c4"]  # nothing predicted for e2
    result = score([p1, p2], [DOC1, DOC2], resamples=0)
    ev = result["events"]
    assert (ev["events"], ev["correct"], ev["event_range_exact"]) == (2, 1, 0.5)
    assert ev["per_event"] == [{"id": "e1", "gold": [15, 30], "predicted": [15, 30], "exact": True},
                               {"id": "e2", "gold": [None, None], "predicted": None, "exact": False}]
    # A wrong high figure in one document spoils the event's range.
    p1["claims"][1]["toll"] = {"low": 40, "high": 40}
    assert score([p1, p2], [DOC1, DOC2], resamples=0)["events"]["event_range_exact"] == 0.0


def test_resampling_combines_only_the_drawn_documents():
    g1, _ = doc_event_ranges(DOC1.mentions, DOC1.claims, (), ())
    g2, _ = doc_event_ranges(DOC2.mentions, DOC2.claims, (), ())
    rows = EventRows.build([(g1, g1), (g2, {})])
    weights = np.array([[2.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    combined = rows.combine(weights)
    assert combined["present"].tolist() == [[True, False], [True, True], [True, True]]
    assert combined["gold_low"][:, 0].tolist() == [15.0, float("inf"), 15.0]
    m = event_metrics(combined)
    # Resample 1: only d1, predicted exactly; 2: only d2, nothing predicted; 3: both, d2's 30 is missed.
    assert m["event_range_exact"].tolist() == [1.0, 0.0, 0.0]
