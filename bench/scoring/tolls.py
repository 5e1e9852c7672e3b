"""Numeric-toll scores over the gold figures: a figure counts only when the system found it and got it right.

Unit: a gold *figure* is a CASUALTY mention with at least one gold claim; a predicted figure is a predicted
CASUALTY mention. Gold and predicted figures are paired one-to-one by overlap (`casualty_pairs`, the span
matching restricted to CASUALTY).

* The gold intervals of a figure are the [low, high] of all its gold claims (normally one interval: several
  claims on one figure share its normalised toll). The predicted interval of a figure is the one interval
  its predicted claims agree on; a figure whose claims disagree, or that has no claim, states no toll. Both
  are sets, so no score depends on the order of claims in a file.
* A pair is **correct** when the predicted interval is one of the gold intervals (low and high equal; null
  equals only null).

Per document, and per category of gold figure, the counters below are additive; every number is a ratio
of their sums (so bootstrap resamples are weighted sums of document rows):

    total    gold figures                  found    gold figures paired with a predicted figure
    correct  pairs with the right interval actual   predicted figures (all of them: a figure without a
                                                    toll is a wrong prediction, not an abstention)

    toll_precision = correct / actual, toll_recall = correct / total, toll_f1 their harmonic mean.
    within_10pct   = figures found with |v(pred) - v(gold)| <= 0.1 v(gold) / gold figures with v defined

Categories: the figure's kind (`exact` point, `bound` open on one side, `range` closed with low < high,
`approximate`, `vague`, `zero`; a figure is in one kind), `subset` (a gold claim on it has subset_of), and
the gold outcomes. A predicted figure not paired with any gold figure counts in `actual` of the categories
of its own interval, so per-category precision is defined too. Bins of v(gold) (0, 1-2, 3-5, 6-20,
21-100, 101+) give recall by size, as victim-count papers report it.

Diagnostics, conditional on what the system found (never headline numbers; withholding raises them):
accuracy on found figures (correct / found) and the absolute, squared and log errors over pairs where both
sides state a figure: MAE, RMSE, MAE and RMSE of log(1 + v).

v(toll), the figure a toll states: the midpoint of [low, high] when both are bounded, the bound itself when
only one side is ("at least 15" states 15; "up to 20" states 20), undefined for [null, null].
"""

from __future__ import annotations

import math
from typing import Iterable, Optional, Sequence

from bench.schema import OUTCOMES, Claim, Mention, Toll
from bench.scoring.matching import interval_matching

KINDS = ("exact", "bound", "range", "approximate", "vague", "zero")
CATEGORIES = ("all",) + KINDS + ("subset",) + OUTCOMES
COUNTERS = ("total", "found", "correct", "actual", "valued", "within")
# (name, largest v in the bin): a midpoint such as 2.5 falls in the next bin up.
BINS = (("0", 0), ("1-2", 2), ("3-5", 5), ("6-20", 20), ("21-100", 100), ("101+", math.inf))
BIN_COUNTERS = ("total", "correct")
ERRORS = ("pairs", "abs", "sq", "abs_log", "sq_log")

Interval = tuple[Optional[int], Optional[int]]


def figure(toll: Optional[Toll]) -> Optional[float]:
    if toll is None:
        return None
    return interval_value((toll.low, toll.high))


def interval_value(iv: Optional[Interval]) -> Optional[float]:
    if iv is None:
        return None
    low, high = iv
    if low is not None and high is not None:
        return (low + high) / 2
    if low is not None:
        return float(low)
    if high is not None:
        return float(high)
    return None


def kind(toll: Toll) -> str:
    """The one kind of a toll (vague and approximate first: they describe how the figure was stated)."""
    if toll.vague_term is not None:
        return "vague"
    if toll.approximate:
        return "approximate"
    if toll.low == 0 and toll.high == 0:
        return "zero"
    if toll.low is not None and toll.low == toll.high:
        return "exact"
    if toll.low is not None and toll.high is not None:
        return "range"
    return "bound"


def _canonical(tolls: Iterable[Toll]) -> Optional[Toll]:
    """A deterministic representative of several tolls (the smallest interval in a fixed order)."""
    def key(t: Toll):
        return (t.low is None, t.low or 0, t.high is None, t.high or 0, t.vague_term or "", t.approximate)
    tolls = sorted(tolls, key=key)
    return tolls[0] if tolls else None


def claims_by_figure(claims: Sequence[Claim]) -> dict[str, list[Claim]]:
    out: dict[str, list[Claim]] = {}
    for c in claims:
        out.setdefault(c.casualty, []).append(c)
    return out


def predicted_interval(claims: Sequence[Claim]) -> Optional[Interval]:
    """The interval a predicted figure's claims agree on; None when they disagree or there are none."""
    intervals = {(c.toll.low, c.toll.high) for c in claims}
    return next(iter(intervals)) if len(intervals) == 1 else None


def casualty_pairs(gold_mentions: Sequence[Mention], pred_mentions: Sequence[Mention]) -> list[tuple[Mention, Mention]]:
    """Gold and predicted CASUALTY mentions paired one-to-one by overlap."""
    g = [m for m in gold_mentions if m.label == "CASUALTY"]
    p = [m for m in pred_mentions if m.label == "CASUALTY"]
    pairs = interval_matching([(m.start, m.end) for m in g], [(m.start, m.end) for m in p])
    return [(g[a], p[b]) for a, b in pairs]


def _bin(v: Optional[float]) -> Optional[str]:
    if v is None:
        return None
    return next(name for name, top in BINS if v <= top)


def _gold_categories(claims: Sequence[Claim]) -> list[str]:
    cats = ["all", kind(_canonical(c.toll for c in claims))]
    if any(c.subset_of is not None for c in claims):
        cats.append("subset")
    cats += sorted({c.outcome for c in claims}, key=OUTCOMES.index)
    return cats


def _pred_categories(claims: Sequence[Claim]) -> list[str]:
    if not claims:
        return ["all"]
    return _gold_categories(claims)


def toll_counts(gold_mentions: Sequence[Mention], gold_claims: Sequence[Claim],
                pred_mentions: Sequence[Mention], pred_claims: Sequence[Claim]) -> dict[str, float]:
    """Additive counters of one document, flat: `{cat}.{counter}`, `bin.{name}.{counter}`, `err.{name}`."""
    out = {f"{cat}.{c}": 0.0 for cat in CATEGORIES for c in COUNTERS}
    out.update({f"bin.{name}.{c}": 0.0 for name, _ in BINS for c in BIN_COUNTERS})
    out.update({f"err.{e}": 0.0 for e in ERRORS})
    gold_by_fig = claims_by_figure(gold_claims)
    pred_by_fig = claims_by_figure(pred_claims)
    matched = {g.id: p for g, p in casualty_pairs(gold_mentions, pred_mentions)}
    paired_preds = set()
    for m in gold_mentions:
        claims = gold_by_fig.get(m.id)
        if m.label != "CASUALTY" or not claims:
            continue
        cats = _gold_categories(claims)
        gold_intervals = {(c.toll.low, c.toll.high) for c in claims}
        gv = interval_value(_canonical_interval(gold_intervals))
        b = _bin(gv)
        pm = matched.get(m.id)
        found = pm is not None
        piv = predicted_interval(pred_by_fig.get(pm.id, ())) if found else None
        correct = piv is not None and piv in gold_intervals
        pv = interval_value(piv)
        within = found and gv is not None and pv is not None and abs(pv - gv) * 10 <= gv
        for cat in cats:
            out[f"{cat}.total"] += 1
            out[f"{cat}.found"] += found
            out[f"{cat}.correct"] += correct
            out[f"{cat}.actual"] += found
            if gv is not None:
                out[f"{cat}.valued"] += 1
                out[f"{cat}.within"] += within
        if b is not None:
            out[f"bin.{b}.total"] += 1
            out[f"bin.{b}.correct"] += correct
        if found:
            paired_preds.add(pm.id)
            if gv is not None and pv is not None:
                out["err.pairs"] += 1
                out["err.abs"] += abs(pv - gv)
                out["err.sq"] += (pv - gv) ** 2
                log_err = math.log1p(pv) - math.log1p(gv)
                out["err.abs_log"] += abs(log_err)
                out["err.sq_log"] += log_err ** 2
    for m in pred_mentions:
        if m.label == "CASUALTY" and m.id not in paired_preds:
            for cat in _pred_categories(pred_by_fig.get(m.id, ())):
                out[f"{cat}.actual"] += 1
    return out


def _canonical_interval(intervals: set[Interval]) -> Optional[Interval]:
    if not intervals:
        return None
    return min(intervals, key=lambda iv: (iv[0] is None, iv[0] or 0, iv[1] is None, iv[1] or 0))
