"""Bootstrap resampling, percentile intervals, the paired p-value and the signature."""

import numpy as np
import pytest

from bench.scoring import bootstrap
from bench.scoring.signature import format_signature, signature_fields


def test_weights_are_documents_drawn_with_replacement_and_do_not_depend_on_chunking(monkeypatch):
    full = np.concatenate(list(bootstrap.weight_chunks(37, 450, seed=5)))
    assert full.shape == (450, 37)
    assert np.all(full.sum(axis=1) == 37)
    monkeypatch.setattr(bootstrap, "CHUNK", 450)
    assert np.array_equal(full, np.concatenate(list(bootstrap.weight_chunks(37, 450, seed=5))))
    other = np.concatenate(list(bootstrap.weight_chunks(37, 450, seed=6)))
    assert not np.array_equal(full, other)


def ratio(sums, w, k):
    return sums[:, 0] / sums[:, 1]


def test_intervals_are_deterministic_and_cover_the_estimate():
    rng = np.random.default_rng(0)
    counts = np.stack([rng.integers(0, 10, 200), np.full(200, 10)], axis=1).astype(float)
    (a,) = bootstrap.resample(counts, {"acc": ratio}, 1000, seed=1)
    (b,) = bootstrap.resample(counts, {"acc": ratio}, 1000, seed=1)
    assert np.array_equal(a["acc"], b["acc"])
    lo, hi = bootstrap.interval(a["acc"], 0.95)
    estimate = counts[:, 0].sum() / counts[:, 1].sum()
    assert lo < estimate < hi and hi - lo < 0.1
    lo90, hi90 = bootstrap.interval(a["acc"], 0.90)
    assert lo <= lo90 and hi90 <= hi


def test_interval_of_a_constant_and_of_undefined_values():
    assert bootstrap.interval(np.full(10, 0.5), 0.95) == [0.5, 0.5]
    assert bootstrap.interval(np.array([np.nan, np.nan]), 0.95) is None
    assert bootstrap.interval(np.array([np.nan, 1.0, 3.0]), 0.5) == [1.5, 2.5]


def test_paired_p_value_by_hand():
    deltas = np.array([0.1, 0.3, 0.2, 0.0, 0.4])  # mean 0.2; |shifted| = .1 .1 0 .2 .2
    assert bootstrap.paired_p_value(deltas, 0.15) == pytest.approx(3 / 6)
    assert bootstrap.paired_p_value(deltas, 0.25) == pytest.approx(1 / 6)
    assert bootstrap.paired_p_value(np.zeros(99), 0.0) == 1.0  # identical systems


def test_paired_resampling_uses_the_same_documents_for_both_systems():
    rng = np.random.default_rng(1)
    a = np.stack([rng.integers(0, 10, 100), np.full(100, 10)], axis=1).astype(float)
    b = a.copy()
    b[:, 0] = np.maximum(a[:, 0] - 3, 0)  # B is always worse
    sa, sb = bootstrap.resample(a, {"acc": ratio}, 500, seed=2, others=(b,))
    assert np.all(sa["acc"] > sb["acc"])
    p = bootstrap.paired_p_value(sa["acc"] - sb["acc"], ratio(a.sum(0)[None], None, 0)[0] - ratio(b.sum(0)[None], None, 0)[0])
    assert p == pytest.approx(1 / 501)


def test_signature_line():
    fields = signature_fields(scorer="0.1.0", dataset="0.2.0", checksum="abcd", split="test",
                              schemes=("strict", "type"), resamples=1000, seed=12345, confidence=0.95,
                              allow_missing=False)
    assert format_signature(fields) == ("claimbench:0.1.0|data:0.2.0|checksum:abcd|split:test|schemes:strict,type|"
                                        "resamples:1000|seed:12345|ci:95|missing:error")
