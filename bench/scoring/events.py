"""Event linking: which incident each figure belongs to, predicted by the system, never inherited.

Unit: the gold *figures* (CASUALTY mentions with a gold claim), as in `tolls.py`, each paired with at most
one predicted figure. The gold event of a figure is the event of its gold claims; the predicted event of a
found figure is the `event` its predicted claims agree on. Predicted event ids are the system's own
strings, global across the submission: two claims with the same id, in one document or in two, say "same
incident". A figure that was not found, whose claims disagree, or whose event is null has **no** predicted
event and earns nothing below.

1. **Event linking (B-cubed, Bagga & Baldwin 1998)** over the gold figures. For a figure i with gold event
   G(i) and predicted event P(i):

       precision(i) = |{j : P(j) = P(i), G(j) = G(i)}| / |{j : P(j) = P(i)}|      (figures with a P)
       recall(i)    = |{j : G(j) = G(i), P(j) = P(i)}| / |{j : G(j) = G(i)}|      (0 when i has no P)

   `event_link_precision` is the mean precision over figures with a predicted event, `event_link_recall`
   the mean recall over *all* gold figures, `event_link_f1` their harmonic mean. One event id for
   everything gives recall 1 but low precision; a fresh id per figure gives precision 1 but recall
   1/|event|; withholding ids lowers recall. Clusters span documents, so consolidating the five outlets'
   reports of one strike is what earns recall.
2. **Main incident vs background**: a document's main event is the event most of its figures belong to
   (ties: the one named first in the text), computed the same way from the gold and from the predicted
   events. Each gold figure is `main` or `background`; a found figure with a predicted event is labelled
   by whether that event is the document's predicted main event. F1 per class over the gold figures
   (missing or event-less figures count as misses of their class); `event_background_f1` is the F1 of
   the background class, `event_main_f1` of the main class.
3. **Event toll ranges from the system's own clusters** (UCDP-style): for each gold event with killed,
   not denied, gold claims, its range is [smallest lower bound, largest stated figure] over them. Its
   predicted counterpart is the predicted event id holding most of its figures (ties: the smallest id);
   the predicted range is taken over every predicted killed, not denied, claim with that id, in any
   document. `event_range_exact` is the share of gold events whose range is reproduced exactly.

Per-figure precision and recall, and per-event correctness, depend on the whole scored set, so they are
computed once over all documents (`link_rows`) and then written into the row of the document that holds
the figure (an event: the first document, in gold order, that reports it). Bootstrap resamples and
breakdowns then sum rows like every other metric; resampling whole event groups keeps an event's
documents together.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Optional, Sequence

from bench.schema import Claim, Document
from bench.scoring.tolls import casualty_pairs, claims_by_figure

INF = float("inf")
COUNTERS = ("prec_sum", "pred_figures", "rec_sum", "figures",
            "main_gold", "main_pred", "main_tp", "bg_gold", "bg_pred", "bg_tp", "range_events", "range_exact")


def _counts_for_range(c: Claim) -> bool:
    return c.outcome == "killed" and c.modality != "denied"


def claim_range(c: Claim) -> tuple[float, float]:
    """(low, high) contribution of one claim; +inf / -inf where it states nothing."""
    low = float(c.toll.low) if c.toll.low is not None else INF
    top = c.toll.high if c.toll.high is not None else c.toll.low
    return low, (float(top) if top is not None else -INF)


def _merge(ranges: dict[str, list[float]], event: str, rng: tuple[float, float]) -> None:
    cur = ranges.setdefault(event, [INF, -INF])
    cur[0] = min(cur[0], rng[0])
    cur[1] = max(cur[1], rng[1])


def _agreed(claims: Sequence[Claim]) -> Optional[str]:
    events = {c.event for c in claims}
    return next(iter(events)) if len(events) == 1 else None


def _main(events_in_text_order: Sequence[str]) -> Optional[str]:
    if not events_in_text_order:
        return None
    counts = Counter(events_in_text_order)
    first = {e: k for k, e in reversed(list(enumerate(events_in_text_order)))}
    return min(counts, key=lambda e: (-counts[e], first[e]))


def _gold_event(claims: Sequence[Claim]) -> Optional[str]:
    events = sorted({c.event for c in claims if c.event is not None})
    return events[0] if events else None


def link_rows(documents: Sequence[Document], predictions: Sequence) -> list[dict[str, float]]:
    """One dict of COUNTERS per document. `predictions[d]` has `.mentions` and `.claims` for documents[d]."""
    figures = []  # (doc index, gold event, predicted event or None, gold is main, predicted label or None)
    pred_ranges: dict[str, list[float]] = {}
    gold_ranges: dict[str, list[float]] = {}
    event_home: dict[str, int] = {}
    for d, (doc, pred) in enumerate(zip(documents, predictions)):
        for c in doc.claims:
            if c.event is not None and _counts_for_range(c):
                _merge(gold_ranges, c.event, claim_range(c))
                event_home.setdefault(c.event, d)
        for c in pred.claims:
            if c.event is not None and _counts_for_range(c):
                _merge(pred_ranges, c.event, claim_range(c))
        gold_by_fig, pred_by_fig = claims_by_figure(doc.claims), claims_by_figure(pred.claims)
        matched = {g.id: p for g, p in casualty_pairs(doc.mentions, pred.mentions)}
        gold_figs = sorted((m for m in doc.mentions if m.label == "CASUALTY" and m.id in gold_by_fig),
                           key=lambda m: (m.start, m.end))
        pred_figs = sorted((m for m in pred.mentions if m.label == "CASUALTY" and m.id in pred_by_fig),
                           key=lambda m: (m.start, m.end))
        gold_events = [_gold_event(gold_by_fig[m.id]) for m in gold_figs]
        pred_event_of = {m.id: _agreed(pred_by_fig[m.id]) for m in pred_figs}
        gold_main = _main([e for e in gold_events if e is not None])
        pred_main = _main([pred_event_of[m.id] for m in pred_figs if pred_event_of[m.id] is not None])
        for m, ge in zip(gold_figs, gold_events):
            if ge is None:
                continue
            pm = matched.get(m.id)
            pe = pred_event_of.get(pm.id) if pm is not None else None
            figures.append((d, ge, pe, ge == gold_main, None if pe is None else pe == pred_main))
    gold_size = Counter(ge for _, ge, _, _, _ in figures)
    pred_size = Counter(pe for _, _, pe, _, _ in figures if pe is not None)
    both = Counter((ge, pe) for _, ge, pe, _, _ in figures if pe is not None)
    rows = [dict.fromkeys(COUNTERS, 0.0) for _ in documents]
    for d, ge, pe, gold_is_main, pred_is_main in figures:
        row = rows[d]
        row["figures"] += 1
        cls = "main" if gold_is_main else "bg"
        row[f"{cls}_gold"] += 1
        if pe is None:
            continue
        row["pred_figures"] += 1
        row["prec_sum"] += both[(ge, pe)] / pred_size[pe]
        row["rec_sum"] += both[(ge, pe)] / gold_size[ge]
        pcls = "main" if pred_is_main else "bg"
        row[f"{pcls}_pred"] += 1
        row[f"{pcls}_tp"] += pcls == cls
    # Ranges: each gold event's counterpart is the predicted id holding most of its figures.
    holders: dict[str, Counter] = {}
    for _, ge, pe, _, _ in figures:
        if pe is not None:
            holders.setdefault(ge, Counter())[pe] += 1
    for event, home in event_home.items():
        rows[home]["range_events"] += 1
        counts = holders.get(event)
        if not counts:
            continue
        counterpart = min(counts, key=lambda e: (-counts[e], e))
        if pred_ranges.get(counterpart) == gold_ranges[event]:
            rows[home]["range_exact"] += 1
    return rows


def event_ranges(documents: Sequence[Document]) -> dict[str, list[Optional[int]]]:
    """Gold ranges per event over a set of documents, as JSON bounds (null: nobody states that side)."""
    ranges: dict[str, list[float]] = {}
    for doc in documents:
        for c in doc.claims:
            if c.event is not None and _counts_for_range(c):
                _merge(ranges, c.event, claim_range(c))
    return {e: [as_bound(lo), as_bound(hi)] for e, (lo, hi) in sorted(ranges.items())}


def as_bound(x: float) -> Optional[int]:
    """An internal range side (inf: nothing stated) as a JSON bound."""
    return None if math.isinf(x) else int(x)
