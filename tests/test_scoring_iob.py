"""Strict span P/R/F1 from IOB2 tags must equal seqeval's default mode (conlleval) to every digit."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seqeval.metrics import classification_report, f1_score, precision_score, recall_score
from seqeval.metrics.sequence_labeling import get_entities

from bench.scoring import iob, prf
from bench.scoring.perf import differences, seqeval_dict, synthetic_batch, as_tag_lists
from bench.tokenize import iob2_to_token_spans

LABEL_SETS = (("A",), ("A", "B"), ("CASUALTY", "ACTOR", "CLAIMANT"), ("PER", "LOC", "ORG", "MISC"))


def random_corpus(rng, labels):
    """1-6 sequences of 0-25 tags drawn independently: I- after O, type changes and B-I-I runs all occur."""
    tags = ["O"] + [f"{p}-{label}" for label in labels for p in ("B", "I")]
    weights = np.array([4.0] + [1.0] * (len(tags) - 1))
    weights /= weights.sum()
    n_seq = int(rng.integers(1, 7))
    lengths = rng.integers(0, 26, size=n_seq)
    y_true = [[tags[i] for i in rng.choice(len(tags), size=n, p=weights)] for n in lengths]
    if rng.random() < 0.3:  # predictions close to the gold, so that many chunks match
        y_pred = [[t if rng.random() < 0.85 else tags[rng.integers(len(tags))] for t in seq] for seq in y_true]
    else:
        y_pred = [[tags[i] for i in rng.choice(len(tags), size=n, p=weights)] for n in lengths]
    return y_true, y_pred


def seqeval_numbers(y_true, y_pred):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = {"precision": precision_score(y_true, y_pred), "recall": recall_score(y_true, y_pred),
               "f1": f1_score(y_true, y_pred)}
        has_entities = any(get_entities(y_true)) or any(get_entities(y_pred))
        report = classification_report(y_true, y_pred, output_dict=True) if has_entities else None
    return out, report


def test_matches_seqeval_on_thousands_of_random_sequences():
    rng = np.random.default_rng(20240825)
    compared = ill_formed = 0
    for k in range(2500):
        labels = LABEL_SETS[k % len(LABEL_SETS)]
        y_true, y_pred = random_corpus(rng, labels)
        ours = iob.iob_report(y_true, y_pred)
        micro, report = seqeval_numbers(y_true, y_pred)
        for key in ("precision", "recall", "f1"):
            assert ours["micro avg"][key] == micro[key], (k, key, y_true, y_pred)
        if report is not None:
            assert differences(ours, seqeval_dict(report)) == [], (k, y_true, y_pred)
            compared += 1
        flat = [t for seq in y_pred for t in ["O"] + seq]
        ill_formed += any(t.startswith("I-") and (p == "O" or p[2:] != t[2:]) for p, t in zip(flat, flat[1:]))
    assert compared > 2000 and ill_formed > 1000  # the oracle really saw ill-formed input


def test_chunk_reading_matches_seqeval_get_entities_and_the_tokenizer_module():
    rng = np.random.default_rng(7)
    for _ in range(500):
        y_true, _ = random_corpus(rng, ("X", "Y"))
        for seq in y_true:
            ours = iob.token_spans(seq)
            assert ours == [(t, s, e + 1) for t, s, e in get_entities(seq)]
            assert ours == iob2_to_token_spans(seq)


@pytest.mark.parametrize("tags, expected", [
    (["B-A", "I-A", "I-A"], [("A", 0, 3)]),
    (["I-A", "I-A"], [("A", 0, 2)]),                      # I- after the start opens a chunk
    (["O", "I-A", "O"], [("A", 1, 2)]),                   # I- after O opens a chunk
    (["B-A", "I-B", "I-B"], [("A", 0, 1), ("B", 1, 3)]),  # a type change opens a chunk
    (["B-A", "B-A"], [("A", 0, 1), ("A", 1, 2)]),
    ([], []),
    (["O"], []),
])
def test_conlleval_reading_by_hand(tags, expected):
    assert iob.token_spans(tags) == expected


def test_chunks_never_cross_sequences_and_empty_sequences_are_fine():
    y_true = [["B-A", "I-A"], [], ["I-A", "O"], []]
    y_pred = [["B-A", "I-A"], [], ["I-A", "O"], []]
    counter = iob.StrictCounter()
    counter.add(y_true, y_pred)
    correct, actual, possible = counter.per_sequence()
    # Two chunks, one per non-empty sequence: the I-A opening sequence 3 does not continue sequence 1's chunk.
    assert possible[:, 0].tolist() == [1, 0, 1, 0]
    assert correct[:, 0].tolist() == [1, 0, 1, 0]


def test_streaming_batches_give_the_same_counts_as_one_batch():
    gold, pred, lengths = synthetic_batch(30_000, np.random.default_rng(3))
    y_true, y_pred = as_tag_lists(gold, pred, lengths)
    whole = iob.StrictCounter()
    whole.add(y_true, y_pred)
    pieces = iob.StrictCounter()
    for bt, bp in iob.batches(y_true, y_pred, batch_tokens=997):
        pieces.add(bt, bp)
    assert whole.report() == pieces.report()
    for a, b in zip(whole.per_sequence(), pieces.per_sequence()):
        assert np.array_equal(a, b)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert differences(whole.report(), seqeval_dict(classification_report(y_true, y_pred, output_dict=True))) == []


def test_per_label_counts_are_per_document():
    counter = iob.StrictCounter(iob.TagCodes(["A", "B"]))
    counter.add([["B-A", "O", "B-B"], ["B-B"]], [["B-A", "O", "I-A"], ["B-B"]])
    correct, actual, possible = counter.per_sequence()
    assert correct.tolist() == [[1, 0], [0, 1]]
    assert actual.tolist() == [[2, 0], [0, 1]]
    assert possible.tolist() == [[1, 1], [0, 1]]


def test_bad_input_is_a_clear_value_error():
    with pytest.raises(ValueError, match="not an IOB2 tag"):
        iob.iob_report([["B-A", "E-A"]], [["O", "O"]])
    with pytest.raises(ValueError, match="2 gold tags but 1 predicted"):
        iob.iob_report([["B-A", "O"]], [["O"]])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["O", "B-A", "I-A", "B-B", "I-B"]), max_size=12), min_size=1, max_size=4),
       st.randoms(use_true_random=False))
def test_hypothesis_sequences_match_seqeval(y_true, rnd):
    y_pred = [[rnd.choice(["O", "B-A", "I-A", "B-B", "I-B", t]) for t in seq] for seq in y_true]
    ours = iob.iob_report(y_true, y_pred)
    micro, report = seqeval_numbers(y_true, y_pred)
    assert [ours["micro avg"][k] for k in ("precision", "recall", "f1")] == [micro[k] for k in ("precision", "recall", "f1")]
    if report is not None:
        assert differences(ours, seqeval_dict(report)) == []


def test_prf_arithmetic_edge_cases():
    p, r, f = prf.prf(np.array([0, 3, 0]), np.array([0, 4, 5]), np.array([0, 6, 0]))
    assert p.tolist() == [0.0, 0.75, 0.0]
    assert r.tolist() == [0.0, 0.5, 0.0]
    assert f.tolist() == [0.0, 2 * 0.75 * 0.5 / 1.25, 0.0]
    assert np.isnan(prf.macro(np.array([0.5, 0.2]), np.array([False, False])))
    assert prf.macro(np.array([0.5, 0.2, 0.9]), np.array([True, False, True])) == (0.5 + 0.9) / 2
