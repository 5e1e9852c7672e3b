"""Every reported number as a function of column sums (`collect.py`), vectorised over bootstrap resamples.

Two kinds of numbers, kept apart on purpose:

* **metrics**: computed over all gold items (F1 against every gold figure, claim or event; recall over
  every gold claim), so that withholding a prediction, a field or an event id can never raise them. These
  are the numbers the board ranks by and the bootstrap puts intervals on.
* **diagnostics**: numbers conditional on what the system found (precision alone, accuracy on found
  figures, errors of matched figures). Useful to read a system, never to rank one: leaving out every
  uncertain prediction raises each of them.
"""

from __future__ import annotations

from typing import Callable, Mapping, Optional, Sequence

import numpy as np

from bench.schema import LABELS
from bench.scoring import prf
from bench.scoring import tolls as tolls_
from bench.scoring.claims import FIELDS, LEVELS
from bench.scoring.spans import CATEGORIES as SPAN_CATEGORIES

HEADLINE = ("claim_f1", "toll_f1", "span_f1_strict", "event_link_f1")
Metric = Callable[[np.ndarray], np.ndarray]  # sums (B x K) -> (B,)


class Sums:
    """Named access to column sums; `s` is (..., K)."""

    def __init__(self, s: np.ndarray, columns: Mapping[str, int]):
        self.s, self.cols = s, columns

    def __getitem__(self, name: str) -> np.ndarray:
        return self.s[..., self.cols[name]]

    def span(self, scheme: str, slot: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        cor, inc, par, mis, spu = (self[f"span.{scheme}.{slot}.{c}"] for c in SPAN_CATEGORIES)
        return cor + 0.5 * par, cor + inc + par + spu, cor + inc + par + mis


def nan_ratio(num, den) -> np.ndarray:
    num, den = np.broadcast_arrays(np.asarray(num, dtype=np.float64), np.asarray(den, dtype=np.float64))
    return np.divide(num, den, out=np.full(num.shape, np.nan), where=den != 0)


def f1_of(precision, recall) -> np.ndarray:
    return prf.f_score(precision, recall)


def metric_functions(columns: Mapping[str, int], schemes: Sequence[str]) -> dict[str, Metric]:
    """name -> fn(sums) for every number of the `metrics` block."""
    label_order = [LABELS[i] for i in prf.sorted_order(LABELS)]
    fns: dict[str, Metric] = {}

    def claim(level):
        return lambda s: prf.prf(*(Sums(s, columns)[f"claim.{level}.{c}"] for c in ("correct", "actual", "possible")))[2]

    def span_micro(scheme):
        return lambda s: prf.prf(*Sums(s, columns).span(scheme, "all"))[2]

    def span_macro(scheme):
        def fn(s):
            parts = [Sums(s, columns).span(scheme, lab) for lab in label_order]
            c, a, p = (np.stack([part[k] for part in parts], axis=-1) for k in range(3))
            return prf.macro(prf.prf(c, a, p)[2], prf.present(a, p))
        return fn

    def toll_f1(s):
        t = Sums(s, columns)
        return prf.prf(t["toll.all.correct"], t["toll.all.actual"], t["toll.all.total"])[2]

    def within(s):
        t = Sums(s, columns)
        return nan_ratio(t["toll.all.within"], t["toll.all.valued"])

    def link_f1(s):
        t = Sums(s, columns)
        return f1_of(prf.ratio(t["event.prec_sum"], t["event.pred_figures"]), prf.ratio(t["event.rec_sum"], t["event.figures"]))

    def class_f1(cls):
        def fn(s):
            tp, pred, gold = (Sums(s, columns)[f"event.{cls}_{c}"] for c in ("tp", "pred", "gold"))
            # Undefined (not 0) when the class has neither gold nor predicted figures: a split without
            # background figures says nothing about telling them apart.
            return np.where(pred + gold > 0, prf.prf(tp, pred, gold)[2], np.nan)
        return fn

    def range_exact(s):
        t = Sums(s, columns)
        return nan_ratio(t["event.range_exact"], t["event.range_events"])

    def field(name):
        return lambda s: nan_ratio(Sums(s, columns)[f"field.{name}"], Sums(s, columns)["field.claims"])

    fns["claim_f1"] = claim("lenient")
    fns["claim_f1_strict"] = claim("strict")
    fns["toll_f1"] = toll_f1
    fns["within_10pct"] = within
    for scheme in schemes:
        fns[f"span_f1_{scheme}"] = span_micro(scheme)
    for scheme in schemes:
        fns[f"span_macro_f1_{scheme}"] = span_macro(scheme)
    fns["event_link_f1"] = link_f1
    fns["event_main_f1"] = class_f1("main")
    fns["event_background_f1"] = class_f1("bg")
    fns["event_range_exact"] = range_exact
    for name in FIELDS:
        fns[f"field_{name}"] = field(name)
    return fns


def value(x) -> Optional[float]:
    x = float(np.asarray(x).reshape(-1)[0])
    return None if np.isnan(x) else x


def number(x) -> int | float:
    x = float(x)
    return int(x) if x.is_integer() else x


def prf_dict(correct, actual, possible) -> dict:
    p, r, f = prf.prf(correct, actual, possible)
    return {"precision": float(p), "recall": float(r), "f1": float(f),
            "correct": number(correct), "actual": number(actual), "possible": number(possible)}


def diagnostics(total: np.ndarray, columns: Mapping[str, int]) -> dict:
    """Numbers conditional on what the system found (see the module docstring)."""
    t = Sums(total, columns)
    pairs = t["toll.err.pairs"]
    out = {
        "claim_precision": float(prf.ratio(t["claim.lenient.correct"], t["claim.lenient.actual"])),
        "claim_recall": float(prf.ratio(t["claim.lenient.correct"], t["claim.lenient.possible"])),
        "toll_precision": float(prf.ratio(t["toll.all.correct"], t["toll.all.actual"])),
        "toll_recall": float(prf.ratio(t["toll.all.correct"], t["toll.all.total"])),
        "toll_coverage": value(nan_ratio(t["toll.all.found"], t["toll.all.total"])),
        "toll_exact_on_found": value(nan_ratio(t["toll.all.correct"], t["toll.all.found"])),
        "toll_pairs_with_figures": number(pairs),
        "toll_mae": value(nan_ratio(t["toll.err.abs"], pairs)),
        "toll_rmse": value(np.sqrt(nan_ratio(t["toll.err.sq"], pairs))),
        "toll_mae_log": value(nan_ratio(t["toll.err.abs_log"], pairs)),
        "toll_rmse_log": value(np.sqrt(nan_ratio(t["toll.err.sq_log"], pairs))),
        "event_link_precision": float(prf.ratio(t["event.prec_sum"], t["event.pred_figures"])),
        "event_link_recall": float(prf.ratio(t["event.rec_sum"], t["event.figures"])),
    }
    return out


def details(total: np.ndarray, columns: Mapping[str, int], schemes: Sequence[str]) -> dict:
    """Full breakdown from the column sums over all documents."""
    t = Sums(total, columns)
    order = [LABELS[i] for i in prf.sorted_order(LABELS)]
    spans = {}
    for s in schemes:
        per_label = {}
        for lab in LABELS:
            per_label[lab] = {**prf_dict(*t.span(s, lab)),
                              **{c.upper(): number(t[f"span.{s}.{lab}.{c}"]) for c in SPAN_CATEGORIES}}
        arr = [np.array([t.span(s, lab)[k] for lab in order]) for k in range(3)]
        report = prf.report(order, *arr)
        spans[s] = {
            "micro": {**prf_dict(*t.span(s, "all")), **{c.upper(): number(t[f"span.{s}.all.{c}"]) for c in SPAN_CATEGORIES}},
            "macro": {k: value(report["macro avg"][k]) if "macro avg" in report else None
                      for k in ("precision", "recall", "f1")} | {"labels": [lab for lab in order if lab in report]},
            "weighted": {k: report["weighted avg"][k] for k in ("precision", "recall", "f1")} if "weighted avg" in report else None,
            "per_label": per_label,
        }
    tolls = {}
    for cat in tolls_.CATEGORIES:
        c = {name: number(t[f"toll.{cat}.{name}"]) for name in tolls_.COUNTERS}
        tolls[cat] = {**c, **{k: float(v) for k, v in zip(
            ("precision", "recall", "f1"), prf.prf(c["correct"], c["actual"], c["total"]))},
            "coverage": value(nan_ratio(c["found"], c["total"])),
            "within_10pct": value(nan_ratio(c["within"], c["valued"]))}
    bins = {name: {"total": number(t[f"toll.bin.{name}.total"]), "correct": number(t[f"toll.bin.{name}.correct"]),
                   "recall": value(nan_ratio(t[f"toll.bin.{name}.correct"], t[f"toll.bin.{name}.total"]))}
            for name, _ in tolls_.BINS}
    claims = {level: prf_dict(*(t[f"claim.{level}.{c}"] for c in ("correct", "actual", "possible"))) for level in LEVELS}
    n_claims = t["field.claims"]
    fields = {name: {"correct": number(t[f"field.{name}"]), "claims": number(n_claims),
                     "recall": value(nan_ratio(t[f"field.{name}"], n_claims))} for name in FIELDS}
    events = {
        "figures": number(t["event.figures"]), "figures_with_predicted_event": number(t["event.pred_figures"]),
        "main": prf_dict(t["event.main_tp"], t["event.main_pred"], t["event.main_gold"]),
        "background": prf_dict(t["event.bg_tp"], t["event.bg_pred"], t["event.bg_gold"]),
        "range_events": number(t["event.range_events"]), "range_exact": number(t["event.range_exact"]),
    }
    return {"spans": spans, "tolls": tolls, "toll_bins": bins, "claims": claims, "fields": fields, "events": events}
