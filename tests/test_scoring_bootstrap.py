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


def ratio(sums):
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
    p = bootstrap.paired_p_value(sa["acc"] - sb["acc"], ratio(a.sum(0)[None])[0] - ratio(b.sum(0)[None])[0])
    assert p == pytest.approx(1 / 501)


def test_group_weights_draw_whole_groups():
    units = np.array([0, 0, 1, 1, 1, 2])
    w = np.concatenate(list(bootstrap.weight_chunks(6, 300, seed=3, units=units)))
    assert w.shape == (300, 6)
    # Documents of one group are always drawn together, as often as their group.
    assert np.array_equal(w[:, 0], w[:, 1]) and np.array_equal(w[:, 2], w[:, 4])
    assert np.all(w[:, [0, 2, 5]].sum(axis=1) == 3)  # three groups drawn per resample
    assert bootstrap.unit_index(["b", "a", "b", "c"]).tolist() == [1, 0, 1, 2]


def test_minimum_detectable_difference():
    values = np.array([0.0, 1.0] * 50)
    sd = np.std(values, ddof=1)
    assert bootstrap.min_detectable_difference(values, paired=True) == pytest.approx(2.8015852 * sd)
    assert bootstrap.min_detectable_difference(values, paired=False) == pytest.approx(2.8015852 * sd * np.sqrt(2))
    assert bootstrap.min_detectable_difference(np.array([np.nan]), paired=True) is None


def _f1_of_sums(sums):
    correct, actual, possible = sums[..., 0], sums[..., 1], sums[..., 2]
    return 2 * correct / (actual + possible)


def _grouped_corpus(rng, groups, docs_per_group, group_sd):
    """Per-document (correct, actual, possible) where a group's documents share a random difficulty."""
    skill = np.clip(0.75 + rng.normal(0, group_sd, groups), 0.05, 0.99)
    possible = rng.integers(5, 15, (groups, docs_per_group))
    correct = rng.binomial(possible, skill[:, None])
    actual = correct + rng.binomial(possible - correct, 0.5)
    rows = np.stack([correct.ravel(), actual.ravel(), possible.ravel()], axis=1).astype(float)
    return rows, np.repeat(np.arange(groups), docs_per_group)


def test_group_bootstrap_covers_where_the_document_bootstrap_does_not():
    # Synthetic grouped data: 40 groups of 4 documents whose difficulty varies by group. The true claim F1
    # is that of the population, estimated here from a very large draw. The group bootstrap's 95% interval
    # must cover it 92-98% of the time; the document bootstrap, which treats correlated documents as
    # independent, falls below 90%.
    rng = np.random.default_rng(2024)
    big, _ = _grouped_corpus(rng, 200_000, 4, 0.15)
    truth = _f1_of_sums(big.sum(axis=0))
    trials, covered = 300, {"group": 0, "document": 0}
    for t in range(trials):
        rows, groups = _grouped_corpus(rng, 40, 4, 0.15)
        for unit, units in (("group", groups), ("document", None)):
            (s,) = bootstrap.resample(rows, {"f1": _f1_of_sums}, 400, seed=t, units=units)
            lo, hi = bootstrap.interval(s["f1"], 0.95)
            covered[unit] += lo <= truth <= hi
    group_cov, doc_cov = covered["group"] / trials, covered["document"] / trials
    assert 0.92 <= group_cov <= 0.98, group_cov
    assert doc_cov < 0.90, doc_cov


def test_signature_line():
    fields = signature_fields(scorer="0.2.0", dataset="0.2.0", checksum="abcd", split="test",
                              schemes=("type", "strict"), unit="group", resamples=1000, seed=12345,
                              confidence=0.95, allow_missing=False)
    line = format_signature(fields)
    assert line.startswith("claimbench:0.2.0|code:")
    # Schemes in canonical order whatever order they were given in.
    assert line.endswith("|data:0.2.0|split:test|checksum:abcd|schemes:strict,type|unit:group|"
                         "resamples:1000|seed:12345|ci:95|missing:error")
