"""Bootstrap over documents: percentile confidence intervals and the paired-bootstrap p-value.

A resample draws len(docs) documents with replacement (numpy's PCG64 generator seeded with `seed`); it is
represented by a weights matrix W (resamples x documents) counting how often each document was drawn, so
the additive per-document counts of a resample are simply W @ counts. Metrics are vectorised functions of
those sums (plus W itself for the event metric, which is not additive).

* Confidence interval: the (1 - confidence)/2 and (1 + confidence)/2 percentiles of the resampled metric
  (numpy's linear interpolation); resamples where a metric is undefined (nan) are left out.
* Paired bootstrap (`paired`): both systems are scored on the same resamples. With d_b the difference
  A - B on resample b, mean(d) its mean and d_obs the observed difference, the two-sided p-value is

      p = (1 + #{b : |d_b - mean(d)| >= |d_obs|}) / (1 + resamples)

  i.e. the resampled differences are shifted to mean zero (the null hypothesis of no difference) and we
  count how often chance alone gives a difference at least as large as the observed one.
"""

from __future__ import annotations

from typing import Callable, Iterator, Mapping, Optional

import numpy as np

DEFAULT_SEED = 12345
DEFAULT_RESAMPLES = 1000
CHUNK = 200  # resamples drawn at a time; fixed so results do not depend on memory settings

Metric = Callable[[np.ndarray, np.ndarray, int], np.ndarray]  # (sums B x K, weights B x D, system) -> (B,)


def weight_chunks(n_docs: int, resamples: int, seed: int, progress: bool = False) -> Iterator[np.ndarray]:
    """Yield W in chunks of CHUNK rows; the concatenation is the same for every chunking."""
    rng = np.random.default_rng(seed)
    done = 0
    bar = None
    if progress:
        from tqdm import tqdm
        bar = tqdm(total=resamples, desc="bootstrap", unit="resample", leave=False)
    try:
        while done < resamples:
            b = min(CHUNK, resamples - done)
            idx = rng.integers(0, n_docs, size=(b, n_docs)) if n_docs else np.zeros((b, 0), dtype=np.int64)
            flat = (idx + (np.arange(b)[:, None] * n_docs)).ravel()
            yield np.bincount(flat, minlength=b * n_docs).reshape(b, n_docs).astype(np.float64)
            done += b
            if bar is not None:
                bar.update(b)
    finally:
        if bar is not None:
            bar.close()


def resample(counts: np.ndarray, metrics: Mapping[str, Metric], resamples: int, seed: int,
             progress: bool = False, others: tuple[np.ndarray, ...] = ()) -> list[dict[str, np.ndarray]]:
    """Metric values on every resample, for `counts` and each matrix in `others` (same documents, same
    resamples): a list of {metric: array(resamples)}, one per matrix."""
    mats = (counts,) + tuple(others)
    out: list[dict[str, list]] = [{name: [] for name in metrics} for _ in mats]
    for w in weight_chunks(counts.shape[0], resamples, seed, progress):
        for k, mat in enumerate(mats):
            sums = w @ mat
            for name, fn in metrics.items():
                out[k][name].append(np.asarray(fn(sums, w, k), dtype=np.float64))
    return [{name: (np.concatenate(v) if v else np.zeros(0)) for name, v in d.items()} for d in out]


def interval(values: np.ndarray, confidence: float) -> Optional[list[float]]:
    values = values[~np.isnan(values)]
    if values.size == 0:
        return None
    lo, hi = np.percentile(values, [50 * (1 - confidence), 50 * (1 + confidence)])
    return [float(lo), float(hi)]


def paired_p_value(deltas: np.ndarray, observed: float) -> Optional[float]:
    deltas = deltas[~np.isnan(deltas)]
    if deltas.size == 0 or np.isnan(observed):
        return None
    shifted = np.abs(deltas - deltas.mean())
    # A tiny tolerance keeps ties (e.g. identical systems: every delta and the observed one are 0) ties.
    extreme = int(np.sum(shifted >= abs(observed) - 1e-12))
    return (1 + extreme) / (1 + deltas.size)
