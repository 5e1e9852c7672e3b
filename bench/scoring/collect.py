"""The one pass over documents: a row of additive counts per document.

Every reported number is a function of column sums of these rows (`metrics.py`), so a bootstrap resample
is a weighted sum of rows, a breakdown (by conflict, provenance, style) is a sum over a subset of rows, and
no score depends on document order. Event linking needs the whole scored set first; its per-figure values
are computed once (`events.link_rows`) and written into the rows too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from bench.schema import LABELS, Document
from bench.scoring import events as events_
from bench.scoring import tolls as tolls_
from bench.scoring.claims import FIELDS, LEVELS, claim_counts, field_counts
from bench.scoring.spans import CATEGORIES as SPAN_CATEGORIES, SCHEMES, span_categories
from bench.submission import Prediction

SLOTS = ("all",) + LABELS
CLAIM_COUNTS = ("correct", "actual", "possible")


def columns(schemes: Sequence[str]) -> list[str]:
    cols = [f"span.{s}.{slot}.{c}" for s in schemes for slot in SLOTS for c in SPAN_CATEGORIES]
    cols += [f"toll.{cat}.{c}" for cat in tolls_.CATEGORIES for c in tolls_.COUNTERS]
    cols += [f"toll.bin.{name}.{c}" for name, _ in tolls_.BINS for c in tolls_.BIN_COUNTERS]
    cols += [f"toll.err.{e}" for e in tolls_.ERRORS]
    cols += [f"claim.{level}.{c}" for level in LEVELS for c in CLAIM_COUNTS]
    cols += [f"field.{f}" for f in FIELDS + ("claims",)]
    cols += [f"event.{c}" for c in events_.COUNTERS]
    return cols


@dataclass
class Collected:
    doc_ids: list[str]
    columns: list[str]
    counts: np.ndarray  # documents x columns
    missing: list[str]
    from_tags: int

    def col(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.columns)}


def collect(documents: Sequence[Document], predictions: Mapping[str, Prediction],
            schemes: Sequence[str] = SCHEMES) -> Collected:
    cols = columns(schemes)
    at = {c: i for i, c in enumerate(cols)}
    counts = np.zeros((len(documents), len(cols)), dtype=np.float64)
    missing, from_tags, preds = [], 0, []
    for d, doc in enumerate(documents):
        pred = predictions.get(doc.id)
        if pred is None:
            missing.append(doc.id)
            pred = Prediction(doc.id)
        preds.append(pred)
        from_tags += pred.from_tags
        row = counts[d]
        gold_spans = [(m.label, m.start, m.end) for m in doc.mentions]
        pred_spans = [(m.label, m.start, m.end) for m in pred.mentions]
        spans = span_categories(gold_spans, pred_spans, LABELS, schemes)
        for si, s in enumerate(schemes):
            for k, slot in enumerate(SLOTS):
                for c, name in enumerate(SPAN_CATEGORIES):
                    row[at[f"span.{s}.{slot}.{name}"]] = spans[si, k, c]
        for name, v in tolls_.toll_counts(doc.mentions, doc.claims, pred.mentions, pred.claims).items():
            row[at[f"toll.{name}"]] = v
        for level, values in claim_counts(doc.mentions, doc.claims, pred.mentions, pred.claims).items():
            for name, v in zip(CLAIM_COUNTS, values):
                row[at[f"claim.{level}.{name}"]] = v
        for name, v in field_counts(doc.mentions, doc.claims, pred.mentions, pred.claims).items():
            row[at[f"field.{name}"]] = v
    for d, values in enumerate(events_.link_rows(documents, preds)):
        for name, v in values.items():
            counts[d, at[f"event.{name}"]] = v
    return Collected([d.id for d in documents], cols, counts, missing, from_tags)
