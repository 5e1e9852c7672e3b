"""Span F1 under the four schemes of SemEval-2013 task 9.1, from per-document sufficient statistics.

A span is (label, start, end), half-open character offsets; within one document the gold spans do not
overlap each other and neither do the predicted ones. For every scheme a document contributes, per label
and for all labels together ("micro"), three numbers:

    correct   credit earned by predicted spans (COR + 0.5 * PAR, see below)
    actual    number of predicted spans   (ACT = COR + INC + PAR + SPU)
    possible  number of gold spans        (POS = COR + INC + PAR + MIS)

Gold and predicted spans are paired one-to-one by `matching.interval_matching` (overlap, greedy from the
left, which is a maximum matching and always pairs exact-boundary twins). Then:

    strict   COR = same boundaries and same label
    exact    COR = same boundaries, any label
    partial  COR = same boundaries, PAR = matched overlap with other boundaries, any label; credit COR + PAR/2
    type     COR = matched overlap with the same label (pairs formed among spans of that label)

Per-label rows restrict both gold and predictions to that label first (so per label, exact = strict and
partial gives half credit to same-label overlaps). The micro row uses all spans: for strict and type it is
the sum of the label rows, for exact and partial it ignores labels. Precision = correct / actual, recall =
correct / possible (`prf`).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from bench.scoring.matching import interval_matching

SCHEMES = ("strict", "exact", "partial", "type")
CORRECT, ACTUAL, POSSIBLE = 0, 1, 2

Span = tuple[str, int, int]


def check_disjoint(spans: Sequence[Span], side: str) -> None:
    ordered = sorted((s, e) for _, s, e in spans)
    for (s1, e1), (s2, e2) in zip(ordered, ordered[1:]):
        if s2 < e1:
            raise ValueError(f"{side} spans [{s1}, {e1}) and [{s2}, {e2}) overlap; span scoring needs disjoint spans")


CATEGORIES = ("cor", "inc", "par", "mis", "spu")  # nervaluate's COR / INC / PAR / MIS / SPU


def span_categories(gold: Sequence[Span], pred: Sequence[Span], labels: Sequence[str],
                    schemes: Sequence[str] = SCHEMES) -> np.ndarray:
    """nervaluate-style counts of one document: array (len(schemes), 1 + len(labels), 5) of COR, INC, PAR,
    MIS, SPU; row 0 of the second axis is all labels (micro), row 1 + k is labels[k]. Every pair of the
    matching is COR, INC or PAR under a scheme; unpaired gold spans are MIS and unpaired predictions SPU."""
    check_disjoint(gold, "gold")
    check_disjoint(pred, "predicted")
    for side, spans in (("gold", gold), ("predicted", pred)):
        for label, _, _ in spans:
            if label not in labels:
                raise ValueError(f"{side} span label {label!r} is not one of {', '.join(labels)}")
    for scheme in schemes:
        if scheme not in SCHEMES:
            raise ValueError(f"unknown scheme {scheme!r}; expected one of {', '.join(SCHEMES)}")
    out = np.zeros((len(schemes), 1 + len(labels), len(CATEGORIES)), dtype=np.float64)
    gold_bounds = [(s, e) for _, s, e in gold]
    pred_bounds = [(s, e) for _, s, e in pred]
    # Matching over all spans, labels ignored (strict, exact and partial micro rows).
    pairs_all = interval_matching(gold_bounds, pred_bounds)
    same_bounds_all = sum(1 for g, p in pairs_all if gold_bounds[g] == pred_bounds[p])
    strict_all = sum(1 for g, p in pairs_all if gold[g] == pred[p])
    per_label = []
    for label in labels:
        g = [b for b, sp in zip(gold_bounds, gold) if sp[0] == label]
        p = [b for b, sp in zip(pred_bounds, pred) if sp[0] == label]
        pairs = interval_matching(g, p)
        exact = sum(1 for a, b in pairs if g[a] == p[b])
        per_label.append((len(g), len(p), len(pairs), exact))

    def put(si, k, n_gold, n_pred, n_pairs, cor, half_credit):
        # Pairs that are not COR are PAR where the scheme gives half credit, INC where it gives none.
        out[si, k] = (cor, 0 if half_credit else n_pairs - cor, n_pairs - cor if half_credit else 0,
                      n_gold - n_pairs, n_pred - n_pairs)

    type_pairs = sum(n for _, _, n, _ in per_label)
    for si, scheme in enumerate(schemes):
        for k, (n_gold, n_pred, n_pairs, n_exact) in enumerate(per_label, start=1):
            put(si, k, n_gold, n_pred, n_pairs, n_pairs if scheme == "type" else n_exact, scheme == "partial")
        if scheme == "strict":
            put(si, 0, len(gold), len(pred), len(pairs_all), strict_all, False)
        elif scheme in ("exact", "partial"):
            put(si, 0, len(gold), len(pred), len(pairs_all), same_bounds_all, scheme == "partial")
        else:  # type: pairs are formed within each label
            put(si, 0, len(gold), len(pred), type_pairs, type_pairs, False)
    return out


def credit(categories: np.ndarray) -> np.ndarray:
    """(correct, actual, possible) on the last axis from (COR, INC, PAR, MIS, SPU) on the last axis."""
    cor, inc, par, mis, spu = (categories[..., i] for i in range(len(CATEGORIES)))
    return np.stack([cor + 0.5 * par, cor + inc + par + spu, cor + inc + par + mis], axis=-1)


def span_counts(gold: Sequence[Span], pred: Sequence[Span], labels: Sequence[str],
                schemes: Sequence[str] = SCHEMES) -> np.ndarray:
    """Counts of one document: array (len(schemes), 1 + len(labels), 3) of (correct, actual, possible);
    row 0 of the second axis is all labels (micro), row 1 + k is labels[k]."""
    return credit(span_categories(gold, pred, labels, schemes))
