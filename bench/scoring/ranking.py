"""Several systems on the same bootstrap resamples: rank intervals and per-document differences.

A leaderboard orders systems by one metric, but a rank is an estimate too. Every system is scored on the
same resamples of the same units (event groups by default), each resample ranks the systems, and a system's
rank interval is the (1 - confidence)/2 and (1 + confidence)/2 percentiles of its ranks. Ranks use
competition ranking (1 + the number of systems strictly better), so equal scores share a rank instead of
being put in a false order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np

from bench.scoring import bootstrap
from bench.scoring.collect import Collected, collect
from bench.scoring.evaluate import _point, _units
from bench.scoring.gold import GoldSet, resolve_gold
from bench.scoring.metrics import metric_functions
from bench.scoring.spans import SCHEMES
from bench.submission import load_submission


@dataclass
class Joint:
    gold: GoldSet
    collected: list[Collected]
    values: list[dict[str, Optional[float]]]  # per system: point values
    samples: list[dict[str, np.ndarray]]      # per system: resampled values
    units: int
    unit: str


def joint(prediction_sources: Sequence, gold=None, *, split: Optional[str] = "test", resamples: int = 1000,
          seed: int = bootstrap.DEFAULT_SEED, unit: str = "group", data_dir=None, progress: bool = False) -> Joint:
    """Score every system and resample all of them together (ProblemsFound for an invalid submission)."""
    gs = resolve_gold(gold, split, data_dir)
    collected = [collect(gs.documents, load_submission(src, gs.documents).predictions, SCHEMES)
                 for src in prediction_sources]
    fns = metric_functions(collected[0].col(), SCHEMES)
    units, n_units = _units(gs, unit)
    samples = bootstrap.resample(collected[0].counts, fns, resamples, seed, progress=progress,
                                 others=tuple(c.counts for c in collected[1:]), units=units) if resamples else \
        [{name: np.zeros(0) for name in fns} for _ in collected]
    return Joint(gs, collected, [_point(c, fns) for c in collected], samples, n_units, unit)


def competition_ranks(scores: np.ndarray) -> np.ndarray:
    """1 + the number of strictly better entries along the last axis (higher is better); nan ranks last."""
    s = np.where(np.isnan(scores), -np.inf, scores)
    return 1 + (s[..., None, :] > s[..., :, None]).sum(axis=-1)


def rank_intervals(j: Joint, metric: str, confidence: float = 0.95) -> list[dict]:
    """Per system: its rank on the point values and the percentile interval of its resampled ranks."""
    point = np.array([np.nan if v[metric] is None else v[metric] for v in j.values])
    ranks = competition_ranks(point)
    out = [{"rank": int(r), "low": int(r), "high": int(r)} for r in ranks]
    if j.samples and j.samples[0][metric].size:
        resampled = competition_ranks(np.stack([s[metric] for s in j.samples], axis=1))  # resamples x systems
        lo, hi = np.percentile(resampled, [50 * (1 - confidence), 50 * (1 + confidence)], axis=0, method="lower")
        for k in range(len(out)):
            out[k]["low"], out[k]["high"] = int(lo[k]), int(np.ceil(hi[k]))
    return out


def paired(j: Joint, a: int, b: int, metric: str, confidence: float = 0.95) -> dict:
    """A - B on `metric` with interval, paired p-value and detectable difference, from the joint resamples."""
    va, vb = j.values[a][metric], j.values[b][metric]
    if va is None or vb is None or not j.samples[a][metric].size:
        return {"a": va, "b": vb, "delta": None, "delta_ci": None, "p_value": None, "mdd_80": None}
    deltas = j.samples[a][metric] - j.samples[b][metric]
    return {"a": va, "b": vb, "delta": va - vb, "delta_ci": bootstrap.interval(deltas, confidence),
            "p_value": bootstrap.paired_p_value(deltas, va - vb),
            "mdd_80": bootstrap.min_detectable_difference(deltas, paired=True)}


def per_document(j: Joint, system: int, metric: str) -> list[Optional[float]]:
    """`metric` on each gold document alone, for one system."""
    fns = metric_functions(j.collected[system].col(), SCHEMES)
    c = j.collected[system]
    return [_point(c, {metric: fns[metric]}, np.array([d]))[metric] for d in range(len(c.doc_ids))]
