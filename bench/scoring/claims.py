"""Claim attribution F1.

A predicted claim may be paired with a gold claim of the same document when

* their CASUALTY mentions overlap,
* their toll intervals are equal (low and high; null equals only null), and
* their claimants match: both null, or both mentions present and overlapping.

`claim_f1_strict` further requires the same outcome, the same victims and matching actor sets: as many
predicted actors as gold actors, all paired one-to-one by overlap.

Pairs are one-to-one: a maximum bipartite matching (`matching.bipartite_matching`), gold claims visited in
text order of (casualty start, claimant start, position in the file), predicted claims tried in the same
order, so the outcome is deterministic and prefers earlier pairs. correct = pairs, actual = predicted
claims, possible = gold claims; precision, recall and F1 as in `prf`.
"""

from __future__ import annotations

from typing import Optional, Sequence

from bench.schema import Claim, Mention
from bench.scoring.matching import bipartite_matching, interval_matching, overlaps

LEVELS = ("lenient", "strict")


def _span(by_id: dict[str, Mention], mention_id: Optional[str]) -> Optional[tuple[int, int]]:
    m = by_id.get(mention_id) if mention_id is not None else None
    return (m.start, m.end) if m is not None else None


def _order(claims: Sequence[Claim], by_id: dict[str, Mention]) -> list[int]:
    def key(i: int):
        c = claims[i]
        cas = _span(by_id, c.casualty) or (-1, -1)
        cl = _span(by_id, c.claimant) or (-1, -1)
        return (cas, cl, i)
    return sorted(range(len(claims)), key=key)


def _actors_match(g: Claim, p: Claim, gold_by_id, pred_by_id) -> bool:
    if len(g.actors) != len(p.actors):
        return False
    ga = [s for s in (_span(gold_by_id, a) for a in g.actors) if s is not None]
    pa = [s for s in (_span(pred_by_id, a) for a in p.actors) if s is not None]
    if len(ga) != len(g.actors) or len(pa) != len(p.actors):
        return False
    # Actor mentions of one side never overlap each other, so the interval matching is maximum.
    return len(interval_matching(ga, pa)) == len(ga)


def claim_counts(gold_mentions: Sequence[Mention], gold_claims: Sequence[Claim],
                 pred_mentions: Sequence[Mention], pred_claims: Sequence[Claim]) -> dict[str, tuple[int, int, int]]:
    """{level: (correct, actual, possible)} for one document."""
    gold_by_id = {m.id: m for m in gold_mentions}
    pred_by_id = {m.id: m for m in pred_mentions}

    def lenient(i: int, j: int) -> bool:
        g, p = gold_claims[i], pred_claims[j]
        gc, pc = _span(gold_by_id, g.casualty), _span(pred_by_id, p.casualty)
        if gc is None or pc is None or not overlaps(*gc, *pc):
            return False
        if (g.toll.low, g.toll.high) != (p.toll.low, p.toll.high):
            return False
        gcl, pcl = _span(gold_by_id, g.claimant), _span(pred_by_id, p.claimant)
        if g.claimant is None or p.claimant is None:
            return g.claimant is None and p.claimant is None
        return gcl is not None and pcl is not None and overlaps(*gcl, *pcl)

    def strict(i: int, j: int) -> bool:
        g, p = gold_claims[i], pred_claims[j]
        return (lenient(i, j) and g.outcome == p.outcome and g.victims == p.victims
                and _actors_match(g, p, gold_by_id, pred_by_id))

    g_order, p_order = _order(gold_claims, gold_by_id), _order(pred_claims, pred_by_id)
    out = {}
    for level, rule in (("lenient", lenient), ("strict", strict)):
        pairs = bipartite_matching(len(gold_claims), len(pred_claims), rule, g_order, p_order)
        out[level] = (len(pairs), len(pred_claims), len(gold_claims))
    return out
