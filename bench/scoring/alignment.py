"""What a system got right and wrong in one document, for people: span statuses and claims side by side.

The same matchings as the scores (`matching.interval_matching` over all spans, `claims.figure_pairs` for
claims), so the error viewer never disagrees with the numbers:

* spans: a gold span paired with a predicted one is `correct` (same label and boundaries), `label` (same
  boundaries, other label) or `partial` (overlapping, other boundaries); unpaired gold spans are `missed`,
  unpaired predictions `spurious`;
* claims: each gold claim with its figure-paired prediction (or none) and, field by field, whether it
  agrees: toll, claimant, actors, outcome, victims, modality, subset; predicted claims paired with no gold
  claim are listed as spurious. `lenient` says whether the pair counts for claim F1.
"""

from __future__ import annotations

from typing import Optional

from bench.schema import Claim, Document, Mention
from bench.scoring.claims import claim_counts, field_agreement, figure_pairs
from bench.scoring.matching import interval_matching


def span_statuses(gold: tuple[Mention, ...], pred: tuple[Mention, ...]) -> tuple[list[str], list[str]]:
    g = [(m.start, m.end) for m in gold]
    p = [(m.start, m.end) for m in pred]
    gs, ps = ["missed"] * len(gold), ["spurious"] * len(pred)
    for a, b in interval_matching(g, p):
        same_bounds = g[a] == p[b]
        status = ("correct" if gold[a].label == pred[b].label else "label") if same_bounds else "partial"
        gs[a] = ps[b] = status
    return gs, ps


def _text(by_id: dict[str, Mention], mid: Optional[str]) -> Optional[str]:
    m = by_id.get(mid) if mid is not None else None
    return m.text if m is not None and m.text else (None if m is None else f"[{m.start}:{m.end}]")


def _toll(c: Claim) -> list:
    return [c.toll.low, c.toll.high]


def _claim_view(c: Claim, by_id: dict[str, Mention], text: str) -> dict:
    def quote(mid):
        m = by_id.get(mid) if mid is not None else None
        return None if m is None else text[m.start:m.end]
    return {"id": c.id, "figure": quote(c.casualty), "toll": _toll(c), "claimant": quote(c.claimant),
            "actors": [quote(a) for a in c.actors], "outcome": c.outcome, "victims": c.victims,
            "modality": c.modality, "event": c.event, "subset_of": c.subset_of}


def align(doc: Document, pred_mentions: tuple[Mention, ...], pred_claims: tuple[Claim, ...]) -> dict:
    gold_status, pred_status = span_statuses(doc.mentions, pred_mentions)
    pair, pairing = figure_pairs(doc.mentions, doc.claims, pred_mentions, pred_claims)
    gold_by_id = {m.id: m for m in doc.mentions}
    pred_by_id = {m.id: m for m in pred_mentions}
    rows = []
    for i, g in enumerate(doc.claims):
        j = pair.get(i)
        if j is None:
            rows.append({"gold": _claim_view(g, gold_by_id, doc.text), "pred": None, "fields": None, "lenient": False})
            continue
        fields = {"toll": True, **field_agreement(i, j, pair, pairing)}
        rows.append({"gold": _claim_view(g, gold_by_id, doc.text), "pred": _claim_view(pred_claims[j], pred_by_id, doc.text),
                     "fields": fields, "lenient": pairing.lenient(i, j)})
    paired = set(pair.values())
    spurious = [_claim_view(c, pred_by_id, doc.text) for j, c in enumerate(pred_claims) if j not in paired]
    correct, actual, possible = claim_counts(doc.mentions, doc.claims, pred_mentions, pred_claims)["lenient"]
    denom = actual + possible
    return {
        "spans": {"gold": [{"label": m.label, "start": m.start, "end": m.end, "status": s}
                           for m, s in zip(doc.mentions, gold_status)],
                  "pred": [{"label": m.label, "start": m.start, "end": m.end, "status": s}
                           for m, s in zip(pred_mentions, pred_status)]},
        "claims": rows, "spurious_claims": spurious,
        "claim_f1": (2 * correct / denom) if denom else None,
    }
