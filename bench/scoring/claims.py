"""Claim attribution F1 and per-field scores.

A predicted claim may be paired with a gold claim of the same document (**lenient** match) when

* their CASUALTY mentions overlap,
* their toll intervals are equal (low and high; null equals only null), and
* their claimants match: both null, or both mentions present and overlapping.

`claim_f1_strict` further requires the same outcome, the same victims and the same actors: the predicted
actor mentions name exactly the gold claim's parties, one mention per party, where a party may be named by
any of its gold mentions (`parties.py`).

Pairs are one-to-one: a maximum bipartite matching (`matching.bipartite_matching`), gold claims visited in
text order of (casualty start, claimant start, id), predicted claims in the same order, so the outcome is
deterministic and independent of the order of claims in a file.

**Restatements** (schema 0.2): gold claims linked by `restates` form one group, counted once: the group is
matched when any of its claims is; possible counts groups, not claims. A predicted claim that repeats a
matched group (compatible with one of its claims, up to size - 1 of them) is neither a hit nor a false
positive: it is left out of `actual`. With no `restates` in the gold every group is one claim and this is
plain claim F1.

**Per-field scores** pair each gold claim with at most one predicted claim by figure (CASUALTY overlap and
equal toll; pairs with a matching claimant preferred), then count, for each field, the gold claims whose
pair has that field right. Each score is a recall over all gold claims, so a system that withholds a field,
a claim or a whole document can only lose: claimant, actors, outcome, victims, modality, subset_of (both
null, or the gold parent's pair is the predicted parent).
"""

from __future__ import annotations

from typing import Optional, Sequence

from bench.schema import Claim, Mention
from bench.scoring.matching import bipartite_matching, overlaps
from bench.scoring.parties import actors_match, party_spans

LEVELS = ("lenient", "strict")
FIELDS = ("claimant", "actors", "outcome", "victims", "modality", "subset_of")


def _span(by_id: dict[str, Mention], mention_id: Optional[str]) -> Optional[tuple[int, int]]:
    m = by_id.get(mention_id) if mention_id is not None else None
    return (m.start, m.end) if m is not None else None


def _order(claims: Sequence[Claim], by_id: dict[str, Mention]) -> list[int]:
    def key(i: int):
        c = claims[i]
        return (_span(by_id, c.casualty) or (-1, -1), _span(by_id, c.claimant) or (-1, -1), c.id, i)
    return sorted(range(len(claims)), key=key)


def restatement_groups(claims: Sequence[Claim]) -> list[list[int]]:
    """Indices of claims grouped by the first claim of their `restates` chain, in first-member order."""
    index = {c.id: i for i, c in enumerate(claims)}
    root: dict[int, int] = {}
    for i, c in enumerate(claims):
        seen, j = {i}, i
        # Validation makes chains point backwards; the guard keeps a malformed file from looping.
        while claims[j].restates is not None and index.get(claims[j].restates) is not None:
            j = index[claims[j].restates]
            if j in seen:
                break
            seen.add(j)
        root[i] = j
    groups: dict[int, list[int]] = {}
    for i in range(len(claims)):
        groups.setdefault(root[i], []).append(i)
    return [groups[r] for r in sorted(groups, key=lambda r: min(groups[r]))]


class _Pairing:
    """Compatibility relations between the gold and predicted claims of one document. Spans and tolls are
    looked up once; each relation is computed at most once per pair (the matchings ask repeatedly)."""

    def __init__(self, gold_mentions, gold_claims, pred_mentions, pred_claims):
        self.g, self.p = gold_claims, pred_claims
        self.gold_by_id = {m.id: m for m in gold_mentions}
        self.pred_by_id = {m.id: m for m in pred_mentions}
        self.parties = party_spans(gold_mentions)
        self._g = [(_span(self.gold_by_id, c.casualty), (c.toll.low, c.toll.high), c.claimant,
                    _span(self.gold_by_id, c.claimant)) for c in gold_claims]
        self._p = [(_span(self.pred_by_id, c.casualty), (c.toll.low, c.toll.high), c.claimant,
                    _span(self.pred_by_id, c.claimant)) for c in pred_claims]
        self._memo: dict[tuple[str, int, int], bool] = {}
        # Candidates by figure: predicted claims whose CASUALTY overlaps and whose toll is equal.
        self.by_figure = [{j for j, (pc, pt, _, _) in enumerate(self._p)
                           if gc is not None and pc is not None and pt == gt and overlaps(*gc, *pc)}
                          for gc, gt, _, _ in self._g]

    def figure(self, i: int, j: int) -> bool:
        return j in self.by_figure[i]

    def claimant(self, i: int, j: int) -> bool:
        _, _, gid, gcl = self._g[i]
        _, _, pid, pcl = self._p[j]
        if gid is None or pid is None:
            return gid is None and pid is None
        return gcl is not None and pcl is not None and overlaps(*gcl, *pcl)

    def actors(self, i: int, j: int) -> bool:
        gold = [self.gold_by_id.get(a) for a in self.g[i].actors]
        pred = [_span(self.pred_by_id, a) for a in self.p[j].actors]
        if any(m is None for m in gold) or any(s is None for s in pred):
            return False
        return actors_match(gold, pred, self.parties)

    def lenient(self, i: int, j: int) -> bool:
        key = ("lenient", i, j)
        if key not in self._memo:
            self._memo[key] = self.figure(i, j) and self.claimant(i, j)
        return self._memo[key]

    def strict(self, i: int, j: int) -> bool:
        key = ("strict", i, j)
        if key not in self._memo:
            g, p = self.g[i], self.p[j]
            self._memo[key] = (self.lenient(i, j) and g.outcome == p.outcome and g.victims == p.victims
                               and self.actors(i, j))
        return self._memo[key]


def claim_counts(gold_mentions: Sequence[Mention], gold_claims: Sequence[Claim],
                 pred_mentions: Sequence[Mention], pred_claims: Sequence[Claim]) -> dict[str, tuple[int, int, int]]:
    """{level: (correct, actual, possible)} for one document."""
    pairing = _Pairing(gold_mentions, gold_claims, pred_mentions, pred_claims)
    groups = restatement_groups(gold_claims)
    g_order = _order(gold_claims, pairing.gold_by_id)
    rank = {i: k for k, i in enumerate(g_order)}
    groups.sort(key=lambda members: min(rank[i] for i in members))
    p_order = _order(pred_claims, pairing.pred_by_id)
    out = {}
    for level in LEVELS:
        rule = getattr(pairing, level)

        def compatible(k: int, j: int, rule=rule) -> bool:
            return any(rule(i, j) for i in groups[k])

        pairs = bipartite_matching(len(groups), len(pred_claims), compatible, range(len(groups)), p_order)
        used = {j for _, j in pairs}
        excused = 0
        for k, _ in pairs:
            allowance = len(groups[k]) - 1
            for j in p_order:
                if allowance == 0:
                    break
                if j not in used and compatible(k, j):
                    used.add(j)
                    excused += 1
                    allowance -= 1
        out[level] = (len(pairs), len(pred_claims) - excused, len(groups))
    return out


def figure_pairs(gold_mentions: Sequence[Mention], gold_claims: Sequence[Claim], pred_mentions: Sequence[Mention],
                 pred_claims: Sequence[Claim]) -> tuple[dict[int, int], "_Pairing"]:
    """Gold claim index -> predicted claim index, paired by figure (overlapping CASUALTY, equal toll), pairs
    whose claimant also matches first; and the pairing, whose relations say which fields agree."""
    pairing = _Pairing(gold_mentions, gold_claims, pred_mentions, pred_claims)
    g_order = _order(gold_claims, pairing.gold_by_id)
    p_order = _order(pred_claims, pairing.pred_by_id)
    first = bipartite_matching(len(gold_claims), len(pred_claims), pairing.lenient, g_order, p_order)
    taken_g, taken_p = {i for i, _ in first}, {j for _, j in first}
    rest = bipartite_matching(len(gold_claims), len(pred_claims),
                              lambda i, j: i not in taken_g and j not in taken_p and pairing.figure(i, j),
                              g_order, p_order)
    return dict(first + rest), pairing


def field_agreement(i: int, j: int, pair: dict[int, int], pairing: "_Pairing") -> dict[str, bool]:
    """Which fields of gold claim i the paired predicted claim j has right."""
    g, p = pairing.g[i], pairing.p[j]
    if g.subset_of is None or p.subset_of is None:
        subset_ok = g.subset_of is None and p.subset_of is None
    else:
        gold_index = {c.id: k for k, c in enumerate(pairing.g)}
        pred_index = {c.id: k for k, c in enumerate(pairing.p)}
        parent = gold_index.get(g.subset_of)
        subset_ok = parent is not None and pair.get(parent) == pred_index.get(p.subset_of)
    return {"claimant": pairing.claimant(i, j), "actors": pairing.actors(i, j), "outcome": g.outcome == p.outcome,
            "victims": g.victims == p.victims, "modality": g.modality == p.modality, "subset_of": subset_ok}


def field_counts(gold_mentions: Sequence[Mention], gold_claims: Sequence[Claim],
                 pred_mentions: Sequence[Mention], pred_claims: Sequence[Claim]) -> dict[str, int]:
    """{field: gold claims whose figure-paired prediction has the field right} plus `claims` (gold total)."""
    pair, pairing = figure_pairs(gold_mentions, gold_claims, pred_mentions, pred_claims)
    out = dict.fromkeys(FIELDS, 0)
    out["claims"] = len(gold_claims)
    for i, j in pair.items():
        for name, ok in field_agreement(i, j, pair, pairing).items():
            out[name] += ok
    return out
