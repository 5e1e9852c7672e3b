"""Precision, recall and F1 from counts, with the exact floating-point arithmetic of seqeval/scikit-learn.

Every function is vectorised: arguments may be scalars, per-label vectors or (resamples x labels)
matrices, so the point estimate and the bootstrap share one code path. The operations and their order
are those of `seqeval.metrics.v1._precision_recall_fscore_support`:

    precision = correct / actual          (0 when actual == 0)
    recall    = correct / possible        (0 when possible == 0)
    f1        = 2 * precision * recall / (precision + recall)   (0 when both are 0)

so that on the same counts our numbers equal seqeval's to the last bit.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


def ratio(numerator, denominator) -> np.ndarray:
    """numerator / denominator elementwise, 0.0 where the denominator is 0 (float64)."""
    num = np.asarray(numerator, dtype=np.float64)
    den = np.asarray(denominator, dtype=np.float64)
    num, den = np.broadcast_arrays(num, den)
    return np.divide(num, den, out=np.zeros(num.shape, dtype=np.float64), where=den != 0)


def f_score(precision, recall) -> np.ndarray:
    p = np.asarray(precision, dtype=np.float64)
    r = np.asarray(recall, dtype=np.float64)
    denom = p + r
    denom = np.where(denom == 0.0, 1.0, denom)
    # (1 + beta^2) * p * r / denom with beta = 1, evaluated left to right like seqeval.
    return 2.0 * p * r / denom


def prf(correct, actual, possible) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(precision, recall, f1) arrays from correct / actual (predicted) / possible (gold) counts."""
    p = ratio(correct, actual)
    r = ratio(correct, possible)
    return p, r, f_score(p, r)


def present(actual, possible) -> np.ndarray:
    """Labels that take part in a macro average: those seen in the gold data or in the predictions
    (scikit-learn/seqeval leave the others out)."""
    return (np.asarray(actual) > 0) | (np.asarray(possible) > 0)


def macro(values, mask) -> np.ndarray:
    """Mean over the last axis, counting only masked-in labels (nan where no label is present).

    Callers order the last axis by label name, the order in which seqeval sums, so that the mean is
    bit-identical to `np.average` over the present labels."""
    values = np.asarray(values, dtype=np.float64)
    mask = np.asarray(mask, dtype=bool)
    n = mask.sum(axis=-1)
    total = np.where(mask, values, 0.0).sum(axis=-1)
    return np.divide(total, n, out=np.full(np.shape(total), np.nan), where=n > 0)


def sorted_order(labels: Sequence[str]) -> list[int]:
    """Indices that sort `labels` by name (the order seqeval averages in)."""
    return sorted(range(len(labels)), key=lambda i: labels[i])


def report(labels: Sequence[str], correct, actual, possible) -> dict:
    """A classification report over labels: per label, micro, macro and support-weighted averages.

    Shapes: 1-D arrays indexed like `labels`. Labels absent from both gold and predictions are left out
    of the per-label rows and of the averages, as seqeval does."""
    correct, actual, possible = (np.asarray(a, dtype=np.float64) for a in (correct, actual, possible))
    order = [i for i in sorted_order(labels) if actual[i] > 0 or possible[i] > 0]
    out: dict = {}
    p, r, f = prf(correct, actual, possible)
    for i in order:
        out[labels[i]] = {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                          "support": int(possible[i])}
    mp, mr, mf = prf(correct[order].sum(), actual[order].sum(), possible[order].sum())
    support = int(possible[order].sum())
    out["micro avg"] = {"precision": float(mp), "recall": float(mr), "f1": float(mf), "support": support}
    if order:
        out["macro avg"] = {"precision": float(np.mean(p[order])), "recall": float(np.mean(r[order])),
                            "f1": float(np.mean(f[order])), "support": support}
        if possible[order].sum() > 0:
            w = possible[order]
            out["weighted avg"] = {"precision": float(np.average(p[order], weights=w)),
                                   "recall": float(np.average(r[order], weights=w)),
                                   "f1": float(np.average(f[order], weights=w)), "support": support}
        else:  # seqeval's zero_division branch for an empty gold side
            out["weighted avg"] = {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
    return out
