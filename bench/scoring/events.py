"""Event tolls, UCDP-style: the range of killed figures reported for each gold event.

For an event, the killed claims that are not denied give its range:

    low  = the smallest lower bound stated by any claim (claims with an open lower side state none)
    high = the largest figure stated by any claim: its upper bound, or its lower bound when the claim is
           open above ("at least 130" reports 130)

A side nobody states is null. Ranges gather claims from every document of the scored set (event ids are
global). Gold events: those with at least one such gold claim. A predicted claim counts for the event
named in its `event` field; a claim without one takes the event of the gold CASUALTY mention its own
CASUALTY mention is paired with (`tolls.casualty_pairs`), so systems that do not predict event ids are
still scored. `event_range_exact` is the share of gold events whose predicted range equals the gold range
(both sides; null equals only null; an event with no predicted claim at all is wrong even when its gold
range is [null, null]); `event_low_exact` and `event_high_exact` check one side each.

Ranges combine by min/max, so a document contributes a partial range per event and any set of documents
(a bootstrap resample) combines them: `EventRows` keeps those partial ranges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Optional, Sequence

import numpy as np

from bench.schema import Claim, Mention
from bench.scoring.tolls import casualty_pairs, first_claims

INF = float("inf")


def _counts(c: Claim) -> bool:
    return c.outcome == "killed" and c.modality != "denied"


def claim_range(c: Claim) -> tuple[float, float]:
    """(low, high) contribution of one claim; +inf / -inf where it states nothing."""
    low = float(c.toll.low) if c.toll.low is not None else INF
    top = c.toll.high if c.toll.high is not None else c.toll.low
    return low, (float(top) if top is not None else -INF)


def doc_event_ranges(gold_mentions: Sequence[Mention], gold_claims: Sequence[Claim],
                     pred_mentions: Sequence[Mention], pred_claims: Sequence[Claim],
                     ) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Partial ranges of one document: ({event: [low, high]} gold, same for predictions)."""
    gold: dict[str, list[float]] = {}
    for c in gold_claims:
        if c.event is not None and _counts(c):
            _merge(gold, c.event, claim_range(c))
    gold_first = first_claims(gold_claims)
    inherited = {p.id: gold_first[g.id].event for g, p in casualty_pairs(gold_mentions, pred_mentions)
                 if g.id in gold_first}
    pred: dict[str, list[float]] = {}
    for c in pred_claims:
        event = c.event if c.event is not None else inherited.get(c.casualty)
        if event is not None and _counts(c):
            _merge(pred, event, claim_range(c))
    return gold, pred


def _merge(ranges: dict[str, list[float]], event: str, rng: tuple[float, float]) -> None:
    cur = ranges.setdefault(event, [INF, -INF])
    cur[0] = min(cur[0], rng[0])
    cur[1] = max(cur[1], rng[1])


@dataclass
class EventRows:
    """Partial ranges per (document, gold event): arrays of equal length."""

    events: list[str] = field(default_factory=list)
    doc: list[int] = field(default_factory=list)
    event: list[int] = field(default_factory=list)
    gold_low: list[float] = field(default_factory=list)
    gold_high: list[float] = field(default_factory=list)
    pred_low: list[float] = field(default_factory=list)
    pred_high: list[float] = field(default_factory=list)
    has_gold: list[bool] = field(default_factory=list)
    has_pred: list[bool] = field(default_factory=list)

    @classmethod
    def build(cls, per_doc: Sequence[tuple[dict, dict]]) -> "EventRows":
        gold_events = sorted({e for g, _ in per_doc for e in g})
        index = {e: k for k, e in enumerate(gold_events)}
        rows = cls(events=gold_events)
        for d, (g, p) in enumerate(per_doc):
            for e in sorted(set(g) | (set(p) & set(index))):
                gl, gh = g.get(e, (INF, -INF))
                pl, ph = p.get(e, (INF, -INF))
                rows.doc.append(d)
                rows.event.append(index[e])
                rows.gold_low.append(gl)
                rows.gold_high.append(gh)
                rows.pred_low.append(pl)
                rows.pred_high.append(ph)
                rows.has_gold.append(e in g)
                rows.has_pred.append(e in p)
        return rows

    def combine(self, doc_weights: Optional[np.ndarray] = None) -> dict[str, np.ndarray]:
        """Per gold event (columns) and, if doc_weights (resamples x documents) is given, per resample
        (rows): combined ranges and whether the event is present. Without weights: one row, all docs."""
        n_e = len(self.events)
        doc = np.asarray(self.doc, dtype=np.int64)
        ev = np.asarray(self.event, dtype=np.int64)
        if doc_weights is None:
            included = np.ones((1, len(doc)), dtype=bool)
        else:
            included = np.asarray(doc_weights)[:, doc] > 0
        b = included.shape[0]
        flat = (np.arange(b, dtype=np.int64)[:, None] * n_e + ev[None, :]).ravel()
        out = {}
        for name, values, reduce, empty in (
                ("gold_low", self.gold_low, np.minimum, INF), ("gold_high", self.gold_high, np.maximum, -INF),
                ("pred_low", self.pred_low, np.minimum, INF), ("pred_high", self.pred_high, np.maximum, -INF)):
            acc = np.full(b * n_e, empty)
            vals = np.where(included, np.asarray(values, dtype=np.float64)[None, :], empty)
            reduce.at(acc, flat, vals.ravel())
            out[name] = acc.reshape(b, n_e)
        for name, flags in (("present", self.has_gold), ("predicted", self.has_pred)):
            acc = np.zeros(b * n_e, dtype=bool)
            rows = np.broadcast_to(np.asarray(flags, dtype=bool)[None, :], included.shape)
            np.logical_or.at(acc, flat, (included & rows).ravel())
            out[name] = acc.reshape(b, n_e)
        return out


def event_metrics(combined: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Shares over present gold events, one value per row (nan where no event is present)."""
    present = combined["present"]
    n = present.sum(axis=1)
    # An event without any predicted claim is never right, even when its gold range is [null, null].
    scored = present & combined["predicted"]
    low_ok = (combined["gold_low"] == combined["pred_low"]) & scored
    high_ok = (combined["gold_high"] == combined["pred_high"]) & scored
    both = low_ok & high_ok

    def share(mask):
        return np.divide(mask.sum(axis=1), n, out=np.full(n.shape, np.nan), where=n > 0)

    return {"event_range_exact": share(both), "event_low_exact": share(low_ok), "event_high_exact": share(high_ok),
            "events": n.astype(np.float64), "events_correct": both.sum(axis=1).astype(np.float64)}


def as_bound(x: float) -> Optional[int]:
    """An internal range side (inf: nothing stated) as a JSON bound."""
    return None if math.isinf(x) else int(x)
