"""`score` and `compare`: gold, one pass collecting per-document counts, then metrics, intervals, breakdowns
and the signature. The result is a plain dict (documented in docs/metrics.md):

    signature, signature_fields     what decides the numbers (signature.py)
    metrics                         {name: {value, ci}}: every number computed over all gold items
    headline                        the four the board shows
    bootstrap                       method, unit, groups, resamples, and the minimum detectable difference
    diagnostics                     numbers conditional on what the system found (never ranked)
    spans, tolls, toll_bins, claims, fields, events    full breakdowns
    breakdowns                      metrics by conflict, provenance and style
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from bench import __version__
from bench.problems import ProblemsFound
from bench.scoring import bootstrap
from bench.scoring.collect import Collected, collect
from bench.scoring.gold import GoldSet, resolve_gold
from bench.scoring.metrics import HEADLINE, Sums, diagnostics, details, metric_functions, prf_dict, value
from bench.scoring.signature import format_signature, signature_fields
from bench.scoring.spans import SCHEMES
from bench.submission import Submission, load_submission

DEFAULT_SEED = bootstrap.DEFAULT_SEED
BREAKDOWNS = ("conflict", "provenance", "style")


def _check_options(schemes, resamples, confidence, unit) -> tuple[str, ...]:
    if isinstance(schemes, str):
        schemes = tuple(s.strip() for s in schemes.split(",") if s.strip())
    schemes = tuple(schemes)
    unknown = [s for s in schemes if s not in SCHEMES]
    if not schemes or unknown or len(set(schemes)) != len(schemes):
        raise ValueError(f"schemes must be distinct names from {', '.join(SCHEMES)}; got {', '.join(schemes) or 'none'}")
    if "strict" not in schemes:
        raise ValueError("the strict scheme is always reported (it is a headline metric)")
    if isinstance(resamples, bool) or not isinstance(resamples, int) or resamples < 0:
        raise ValueError(f"resamples must be a non-negative integer, got {resamples!r}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    if unit not in bootstrap.UNITS:
        raise ValueError(f"unit must be one of {', '.join(bootstrap.UNITS)}, got {unit!r}")
    # Canonical order: results, and so signatures, do not depend on the order schemes were asked in.
    return tuple(s for s in SCHEMES if s in schemes)


def _units(gs: GoldSet, unit: str) -> tuple[np.ndarray, int]:
    keys = [d.event_group if unit == "group" else d.id for d in gs.documents]
    index = bootstrap.unit_index(keys)
    return index, len(set(keys))


def _signature(gs: GoldSet, schemes, unit, resamples, seed, confidence, allow_missing) -> tuple[str, dict]:
    fields = signature_fields(scorer=__version__, dataset=gs.dataset, checksum=gs.checksum, split=gs.split,
                              schemes=schemes, unit=unit, resamples=resamples, seed=seed, confidence=confidence,
                              allow_missing=allow_missing)
    return format_signature(fields), fields


def _submission(predictions, gs: GoldSet, allow_missing: bool) -> Submission:
    return load_submission(predictions, gs.documents, allow_missing=allow_missing)


def _point(c: Collected, fns, rows: Optional[np.ndarray] = None) -> dict[str, Optional[float]]:
    counts = c.counts if rows is None else c.counts[rows]
    total = counts.sum(axis=0)[None, :]
    return {name: value(fn(total)) for name, fn in fns.items()}


def breakdowns(gs: GoldSet, c: Collected, fns) -> dict:
    """Every metric on the documents of each conflict, provenance and style (point values)."""
    out = {}
    for key in BREAKDOWNS:
        values = [getattr(d, key) or "none" for d in gs.documents]
        out[key] = {}
        for v in sorted(set(values)):
            rows = np.array([x == v for x in values])
            out[key][v] = {"documents": int(rows.sum()), "metrics": _point(c, fns, rows)}
    return out


def _nothing_to_score(row, col) -> dict[str, bool]:
    """Per-document F1s with nothing to find and nothing predicted: undefined (None, shown as "-"), where
    0.0 marked a perfect answer on an empty document as a failure (and 1.0 would reward silence)."""
    spans = Sums(row, col).span("strict", "all")
    empty = {
        "claim_f1": row[col["claim.lenient.actual"]] + row[col["claim.lenient.possible"]] == 0,
        "claim_f1_strict": row[col["claim.strict.actual"]] + row[col["claim.strict.possible"]] == 0,
        "span_f1_strict": spans[1] + spans[2] == 0,
        "toll_f1": row[col["toll.all.actual"]] + row[col["toll.all.total"]] == 0,
        "event_link_f1": row[col["event.pred_figures"]] + row[col["event.figures"]] == 0,
    }
    return {k: bool(v) for k, v in empty.items()}


def per_document(c: Collected, fns) -> list[dict]:
    missing = set(c.missing)
    col = c.col()
    out = []
    for d, doc_id in enumerate(c.doc_ids):
        row = c.counts[d]
        point = _point(c, fns, np.array([d]))
        empty = _nothing_to_score(row, col)
        claims = prf_dict(*(row[col[f"claim.lenient.{n}"]] for n in ("correct", "actual", "possible")))
        if empty["claim_f1"]:
            claims.update(precision=None, recall=None, f1=None)
        out.append({"id": doc_id, "missing": doc_id in missing, "claims": claims,
                    "metrics": {k: None if empty.get(k) else point[k] for k in HEADLINE + ("claim_f1_strict",)}})
    return out


def score(predictions, gold=None, *, split: Optional[str] = None, schemes: Sequence[str] = SCHEMES,
          resamples: int = bootstrap.DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED, confidence: float = 0.95,
          unit: str = "group", allow_missing: bool = False, per_doc: bool = False,
          data_dir: Optional[Path] = None, progress: bool = False) -> dict:
    """Score predictions against gold documents and return every number as a plain dict.

    predictions: a path to a predictions JSONL file, a binary file object, or a list of dicts in the
    submission format (docs/submission.md). gold: None (the released `split`, default test), a path to a
    file in the dataset format, or a list of `Document`s / dataset-format dicts. `unit` is the bootstrap's
    resampling unit: "group" (event groups, the default) or "document". Raises ProblemsFound with every
    problem when the predictions (or the gold file) are invalid; documents without predictions are an
    error unless allow_missing, in which case they are scored as empty.
    """
    schemes = _check_options(schemes, resamples, confidence, unit)
    gs = resolve_gold(gold, split, data_dir)
    sub = _submission(predictions, gs, allow_missing)
    c = collect(gs.documents, sub.predictions, schemes)
    fns = metric_functions(c.col(), schemes)
    values = _point(c, fns)
    intervals: dict[str, Optional[list[float]]] = dict.fromkeys(fns)
    mdd: dict[str, Optional[float]] = dict.fromkeys(HEADLINE)
    units, n_units = _units(gs, unit)
    if resamples and c.counts.shape[0]:
        (samples,) = bootstrap.resample(c.counts, fns, resamples, seed, progress=progress, units=units)
        intervals = {name: bootstrap.interval(samples[name], confidence) for name in fns}
        mdd = {name: bootstrap.min_detectable_difference(samples[name], paired=False) for name in HEADLINE}
    signature, fields = _signature(gs, schemes, unit, resamples, seed, confidence, allow_missing)
    total = c.counts.sum(axis=0)
    result = {
        "signature": signature,
        "signature_fields": fields,
        "predictions": sub.source,
        "gold": gs.source,
        "documents": {"gold": len(gs.documents), "predicted": len(gs.documents) - len(c.missing),
                      "missing": len(c.missing), "missing_ids": c.missing, "span_only": c.from_tags},
        "warnings": [str(p) for p in sub.warnings],
        "headline": list(HEADLINE),
        "metrics": {name: {"value": values[name], "ci": intervals[name]} for name in fns},
        "bootstrap": {"resamples": resamples, "seed": seed, "confidence": confidence, "method": "percentile",
                      "unit": unit, "units": n_units, "min_detectable_difference_80": mdd},
        "diagnostics": diagnostics(total, c.col()),
        **details(total, c.col(), schemes),
        "breakdowns": breakdowns(gs, c, fns),
    }
    if per_doc:
        result["per_doc"] = per_document(c, fns)
    return result


def compare(predictions_a, predictions_b, gold=None, *, split: Optional[str] = None,
            schemes: Sequence[str] = SCHEMES, resamples: int = bootstrap.DEFAULT_RESAMPLES,
            seed: int = DEFAULT_SEED, confidence: float = 0.95, unit: str = "group", allow_missing: bool = False,
            data_dir: Optional[Path] = None, progress: bool = False) -> dict:
    """Score two systems on the same gold documents; per metric the difference A - B, its bootstrap
    interval, the paired-bootstrap p-value and the minimum detectable difference (bootstrap.py). Both
    systems are scored on the same resamples of the same units."""
    schemes = _check_options(schemes, resamples, confidence, unit)
    if resamples == 0:
        raise ValueError("compare needs resamples > 0")
    gs = resolve_gold(gold, split, data_dir)
    problems, subs = [], []
    for pred in (predictions_a, predictions_b):
        try:
            subs.append(_submission(pred, gs, allow_missing))
        except ProblemsFound as exc:
            problems += exc.problems
    if problems:
        raise ProblemsFound(problems)
    ca, cb = (collect(gs.documents, s.predictions, schemes) for s in subs)
    fns = metric_functions(ca.col(), schemes)
    va, vb = _point(ca, fns), _point(cb, fns)
    units, n_units = _units(gs, unit)
    sa, sb = bootstrap.resample(ca.counts, fns, resamples, seed, progress=progress, others=(cb.counts,), units=units)
    metrics = {}
    for n in fns:
        if va[n] is None or vb[n] is None:
            metrics[n] = {"a": va[n], "b": vb[n], "delta": None, "delta_ci": None, "p_value": None, "mdd_80": None}
            continue
        deltas = sa[n] - sb[n]
        observed = va[n] - vb[n]
        metrics[n] = {"a": va[n], "b": vb[n], "delta": observed,
                      "delta_ci": bootstrap.interval(deltas, confidence),
                      "p_value": bootstrap.paired_p_value(deltas, observed),
                      "mdd_80": bootstrap.min_detectable_difference(deltas, paired=True)}
    signature, fields = _signature(gs, schemes, unit, resamples, seed, confidence, allow_missing)
    return {"signature": signature, "signature_fields": fields, "a": subs[0].source, "b": subs[1].source,
            "gold": gs.source, "documents": {"gold": len(gs.documents), "missing_a": len(ca.missing),
                                             "missing_b": len(cb.missing)},
            "warnings": [str(p) for s in subs for p in s.warnings],
            "headline": list(HEADLINE), "metrics": metrics,
            "bootstrap": {"resamples": resamples, "seed": seed, "confidence": confidence, "method": "paired percentile",
                          "unit": unit, "units": n_units,
                          "p_value": "(1 + #{b: |d_b - mean(d)| >= |d_obs|}) / (1 + resamples)"}}
