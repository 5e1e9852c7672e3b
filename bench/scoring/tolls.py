"""Numeric-toll accuracy on the CASUALTY mentions a system found.

Unit: a gold CASUALTY mention paired (one-to-one, overlap, `matching.interval_matching`) with a predicted
CASUALTY mention. The gold toll and outcome of a mention are those of its first gold claim; the predicted
toll is that of the first predicted claim on the paired mention (none when it has no claim: every
comparison then fails). Per category (all, exact / approximate / vague figures, killed / injured) a
document contributes the counters below; the metrics are ratios of their sums:

    toll_exact    = same_interval / found          (low and high equal; null equals only null)
    value_acc     = same_point / points            (gold low == high; prediction the same single value)
    within_10pct  = within / valued                |v(pred) - v(gold)| <= 0.1 * v(gold)
    male          = abs_log_error / valued         mean |log(1 + v(pred)) - log(1 + v(gold))|

v(toll), the figure a toll states: the midpoint of [low, high] when both are bounded, the bound itself
when only one side is ("at least 15" states 15; "up to 20" states 20), undefined for [null, null]. Gold
tolls without a figure are left out of `valued`; a prediction without a figure counts as 0 for MALE and
as a miss for within_10pct.
"""

from __future__ import annotations

import math
from typing import Optional, Sequence

from bench.schema import Claim, Mention, Toll
from bench.scoring.matching import interval_matching

CATEGORIES = ("all", "exact", "approximate", "vague", "killed", "injured")
COUNTERS = ("total", "found", "same_interval", "points", "same_point", "valued", "within", "abs_log_error")


def figure(toll: Optional[Toll]) -> Optional[float]:
    if toll is None:
        return None
    if toll.low is not None and toll.high is not None:
        return (toll.low + toll.high) / 2
    if toll.low is not None:
        return float(toll.low)
    if toll.high is not None:
        return float(toll.high)
    return None


def kind(toll: Toll) -> str:
    if toll.vague_term is not None:
        return "vague"
    return "approximate" if toll.approximate else "exact"


def first_claims(claims: Sequence[Claim]) -> dict[str, Claim]:
    out: dict[str, Claim] = {}
    for c in claims:
        out.setdefault(c.casualty, c)
    return out


def casualty_pairs(gold_mentions: Sequence[Mention], pred_mentions: Sequence[Mention]) -> list[tuple[Mention, Mention]]:
    """Gold and predicted CASUALTY mentions paired one-to-one by overlap."""
    g = [m for m in gold_mentions if m.label == "CASUALTY"]
    p = [m for m in pred_mentions if m.label == "CASUALTY"]
    pairs = interval_matching([(m.start, m.end) for m in g], [(m.start, m.end) for m in p])
    return [(g[a], p[b]) for a, b in pairs]


def toll_counts(gold_mentions: Sequence[Mention], gold_claims: Sequence[Claim],
                pred_mentions: Sequence[Mention], pred_claims: Sequence[Claim]) -> dict[str, dict[str, float]]:
    """{category: {counter: value}} for one document."""
    out = {cat: dict.fromkeys(COUNTERS, 0.0) for cat in CATEGORIES}
    gold_first = first_claims(gold_claims)
    pred_first = first_claims(pred_claims)
    matched = {g.id: p for g, p in casualty_pairs(gold_mentions, pred_mentions)}
    for m in gold_mentions:
        if m.label != "CASUALTY" or m.id not in gold_first:
            continue
        gold = gold_first[m.id]
        cats = ["all", kind(gold.toll)] + ([gold.outcome] if gold.outcome in CATEGORIES else [])
        for cat in cats:
            out[cat]["total"] += 1
        if m.id not in matched:
            continue
        pc = pred_first.get(matched[m.id].id)
        pred_toll = pc.toll if pc is not None else None
        g_low, g_high = gold.toll.low, gold.toll.high
        same = pred_toll is not None and (pred_toll.low, pred_toll.high) == (g_low, g_high)
        is_point = g_low is not None and g_low == g_high
        gv, pv = figure(gold.toll), figure(pred_toll)
        for cat in cats:
            c = out[cat]
            c["found"] += 1
            c["same_interval"] += same
            if is_point:
                c["points"] += 1
                c["same_point"] += same
            if gv is not None:
                c["valued"] += 1
                c["within"] += pv is not None and abs(pv - gv) * 10 <= gv
                c["abs_log_error"] += abs(math.log1p(pv if pv is not None else 0.0) - math.log1p(gv))
    return out


METRICS = {
    "toll_exact": ("same_interval", "found"),
    "value_acc": ("same_point", "points"),
    "within_10pct": ("within", "valued"),
    "male": ("abs_log_error", "valued"),
}
