"""Chunks from IOB2 tags, vectorised with numpy, with the reading of conlleval and seqeval's default mode.

A tag sequence is read as follows (conlleval, reproduced by `seqeval.metrics` without `mode="strict"`):

* `B-X` opens a chunk of type X;
* `I-X` continues the open chunk when that chunk has type X, and otherwise opens a new chunk of type X
  (an `I-` after `O`, or after a chunk of another type, is not an error: it starts a chunk);
* `O` and the end of a sequence close the open chunk. Chunks never cross sequences (documents).

Tags are encoded as small integers: 0 = O, 2k+1 = B-label k, 2k+2 = I-label k. For token i, with the
previous tag in the same sequence (O before the first token):

    begins[i] = tag[i] != O and (tag[i] is B or label[i] != label[i-1])
    ends[i]   = tag[i] != O and not (tag[i+1] != O and not begins[i+1])     (tag[n] = O)

The k-th begin and the k-th end delimit the k-th chunk. Everything is a handful of array operations,
so a million tokens take milliseconds; `StrictCounter` streams batches so memory stays flat.
"""

from __future__ import annotations

from itertools import chain, islice
from typing import Iterable, Iterator, Optional, Sequence

import numpy as np

from bench.scoring import prf


class TagCodes(dict):
    """tag string -> code; new labels are added the first time their tag is seen."""

    def __init__(self, labels: Iterable[str] = ()):
        super().__init__(O=0)
        self.labels: list[str] = []
        for label in labels:
            self._add(label)

    def _add(self, label: str) -> int:
        k = len(self.labels)
        self.labels.append(label)
        self[f"B-{label}"] = 2 * k + 1
        self[f"I-{label}"] = 2 * k + 2
        return k

    def __missing__(self, tag):
        if not isinstance(tag, str):
            raise ValueError(f"expected a tag string, got {type(tag).__name__}")
        prefix, sep, label = tag.partition("-")
        if prefix not in ("B", "I") or not sep or not label:
            raise ValueError(f"{tag!r} is not an IOB2 tag (O, B-<label> or I-<label>)")
        self._add(label)
        return self[tag]

    def encode(self, tags: Iterable[str], count: int = -1) -> np.ndarray:
        return np.fromiter(map(self.__getitem__, tags), dtype=np.int32, count=count)

    def decode(self, codes: Iterable[int]) -> list[str]:
        names = ["O"] + [f"{p}-{label}" for label in self.labels for p in ("B", "I")]
        return [names[c] for c in codes]


def chunks(codes: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(label, start, end) arrays of every chunk in a batch of concatenated sequences.

    `codes`: int array of encoded tags; `lengths`: the length of each sequence (they sum to len(codes)).
    Positions are offsets into `codes`; `end` is exclusive."""
    codes = np.asarray(codes)
    n = codes.shape[0]
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty.astype(np.int32), empty, empty
    inside = codes > 0
    label = (codes - 1) >> 1  # -1 for O
    prev = np.empty(n, dtype=label.dtype)
    prev[0] = -1
    prev[1:] = label[:-1]
    lengths = np.asarray(lengths, dtype=np.int64)
    firsts = np.cumsum(lengths) - lengths
    prev[firsts[lengths > 0]] = -1  # every sequence starts after an implicit O
    begins = inside & (((codes & 1) == 1) | (label != prev))
    continues = np.zeros(n, dtype=bool)
    continues[:-1] = inside[1:] & ~begins[1:]
    ends = inside & ~continues
    start = np.flatnonzero(begins)
    end = np.flatnonzero(ends) + 1
    return label[start], start, end


def strict_counts(gold_codes: np.ndarray, pred_codes: np.ndarray, lengths: np.ndarray, n_labels: int,
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per sequence and label: (correct, predicted, gold) chunk counts, each of shape (len(lengths), n_labels).

    A predicted chunk is correct when a gold chunk has the same start, end and label."""
    lengths = np.asarray(lengths, dtype=np.int64)
    n_seq = lengths.shape[0]
    gl, gs, ge = chunks(gold_codes, lengths)
    pl, ps, pe = chunks(pred_codes, lengths)
    # At most one chunk starts at a position, so a dense "what starts here" array finds the matches.
    mark = np.full(len(gold_codes) + 1, -1, dtype=np.int64)
    mark[gs] = (ge - gs) * n_labels + gl
    hit = mark[ps] == (pe - ps) * n_labels + pl
    firsts = np.cumsum(lengths) - lengths

    def per_seq(labels, starts):
        seq = np.searchsorted(firsts, starts, side="right") - 1
        # Empty sequences share their first position with the next one; searchsorted picks the last.
        return np.bincount(seq * n_labels + labels, minlength=n_seq * n_labels).reshape(n_seq, n_labels)

    return per_seq(pl[hit], ps[hit]), per_seq(pl, ps), per_seq(gl, gs)


class StrictCounter:
    """Accumulates strict chunk counts over batches of (gold, predicted) tag sequences.

    `add` takes lists of tag lists (like seqeval's y_true, y_pred); `per_sequence` keeps one row of counts
    per sequence (what the bootstrap needs); `totals` the per-label sums."""

    def __init__(self, codes: Optional[TagCodes] = None, keep_per_sequence: bool = True):
        self.codes = codes if codes is not None else TagCodes()
        self.keep = keep_per_sequence
        self._rows: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._totals = np.zeros((3, 0), dtype=np.int64)
        self.sequences = 0
        self.tokens = 0

    def add(self, y_true: Sequence[Sequence[str]], y_pred: Sequence[Sequence[str]]) -> None:
        if len(y_true) != len(y_pred):
            raise ValueError(f"{len(y_true)} gold sequences but {len(y_pred)} predicted ones")
        lengths = np.fromiter(map(len, y_true), dtype=np.int64, count=len(y_true))
        plens = np.fromiter(map(len, y_pred), dtype=np.int64, count=len(y_pred))
        if not np.array_equal(lengths, plens):
            k = int(np.flatnonzero(lengths != plens)[0])
            raise ValueError(f"sequence {self.sequences + k}: {lengths[k]} gold tags but {plens[k]} predicted tags")
        total = int(lengths.sum())
        gold = self.codes.encode(chain.from_iterable(y_true), total)
        pred = self.codes.encode(chain.from_iterable(y_pred), total)
        self.add_codes(gold, pred, lengths)

    def add_codes(self, gold: np.ndarray, pred: np.ndarray, lengths: np.ndarray) -> None:
        n_labels = len(self.codes.labels)
        correct, actual, possible = strict_counts(gold, pred, lengths, n_labels)
        if self._totals.shape[1] < n_labels:
            self._totals = np.pad(self._totals, ((0, 0), (0, n_labels - self._totals.shape[1])))
        self._totals[0] += correct.sum(axis=0)
        self._totals[1] += actual.sum(axis=0)
        self._totals[2] += possible.sum(axis=0)
        if self.keep:
            self._rows.append((correct, actual, possible))
        self.sequences += len(lengths)
        self.tokens += int(np.sum(lengths))

    @property
    def labels(self) -> list[str]:
        return list(self.codes.labels)

    def totals(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        n = len(self.codes.labels)
        t = np.pad(self._totals, ((0, 0), (0, n - self._totals.shape[1])))
        return t[0], t[1], t[2]

    def per_sequence(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        n = len(self.codes.labels)
        parts = [[np.pad(a, ((0, 0), (0, n - a.shape[1]))) for a in row] for row in self._rows]
        if not parts:
            return tuple(np.zeros((0, n), dtype=np.int64) for _ in range(3))  # type: ignore[return-value]
        return tuple(np.concatenate([p[k] for p in parts]) for k in range(3))  # type: ignore[return-value]

    def report(self) -> dict:
        return prf.report(self.labels, *self.totals())


def batches(y_true: Iterable[Sequence[str]], y_pred: Iterable[Sequence[str]],
            batch_tokens: int = 1 << 20) -> Iterator[tuple[list, list]]:
    """Group paired sequences into batches of about `batch_tokens` tokens."""
    it_true, it_pred = iter(y_true), iter(y_pred)
    while True:
        bt, bp, n = [], [], 0
        for t, p in zip(it_true, it_pred):
            bt.append(t)
            bp.append(p)
            n += len(t)
            if n >= batch_tokens:
                break
        if not bt:
            return
        yield bt, bp


def iob_report(y_true: Iterable[Sequence[str]], y_pred: Iterable[Sequence[str]], *,
               batch_tokens: int = 1 << 20, keep_per_sequence: bool = False) -> dict:
    """The strict (conlleval) per-label report of seqeval's `classification_report(output_dict=True)`,
    with keys `precision`, `recall`, `f1`, `support`, from lists (or iterables) of tag lists."""
    counter = StrictCounter(keep_per_sequence=keep_per_sequence)
    for bt, bp in batches(y_true, y_pred, batch_tokens):
        counter.add(bt, bp)
    return counter.report()


def token_spans(tags: Sequence[str], codes: Optional[TagCodes] = None) -> list[tuple[str, int, int]]:
    """(label, first token, last token + 1) for one sequence, read like conlleval."""
    codes = codes if codes is not None else TagCodes()
    arr = codes.encode(tags, len(tags))
    labels, starts, ends = chunks(arr, np.array([len(tags)]))
    return [(codes.labels[l], int(s), int(e)) for l, s, e in zip(labels.tolist(), starts.tolist(), ends.tolist())]
