"""`claimbench perf`: time our strict span scorer against seqeval on synthetic IOB2 data.

The data is a deterministic function of (tokens, seed): documents of 100-700 tokens; gold chunks of 1-5
tokens over three labels (about one per 12 tokens); predictions copy the gold tags and then drop,
relabel, shrink and extend chunks, add spurious chunks and overwrite 0.3% of the tokens with random B-/I-
tags, so they contain ill-formed sequences (I- after O, type changes inside a chunk). It is generated in
batches of about 2^20 tokens, each from its own seeded generator.

What is timed, on the same in-memory lists of tag lists, input conversion included:

* ours: `iob.StrictCounter` (per-document, per-label strict counts) and the full per-label report
  (per label, micro, macro, weighted), best of `repeats` runs;
* seqeval: `f1_score(y_true, y_pred)` and `classification_report(y_true, y_pred, output_dict=True)`, default
  mode (conlleval), one run each.

The numbers must be identical (every precision, recall, F1 and support of the report, and seqeval's F1).
Peak memory is tracemalloc's peak during a separate run of our scorer (the input lists, which both scorers
share, are not counted); `streaming_peak_mb` scores the data straight from the generator, generation
included, to show that memory does not grow with the number of tokens.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
import warnings
from typing import Callable, Iterator, Optional

import numpy as np

from bench.schema import LABELS
from bench.scoring import iob, prf

BATCH_TOKENS = 1 << 20
TAGS = ["O"] + [f"{p}-{label}" for label in LABELS for p in ("B", "I")]


def _paint(n: int, starts: np.ndarray, lengths: np.ndarray, labels: np.ndarray, out: np.ndarray) -> None:
    """Write chunks (start, length, label index) into a code array."""
    if starts.size == 0:
        return
    pos = np.repeat(starts, lengths) + (np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths))
    first = np.zeros(pos.size, dtype=bool)
    first[np.cumsum(lengths) - lengths] = True
    lab = np.repeat(labels, lengths)
    out[pos] = np.where(first, 2 * lab + 1, 2 * lab + 2)


def synthetic_batch(n_tokens: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(gold codes, predicted codes, document lengths) with len(codes) == n_tokens."""
    lengths = []
    total = 0
    while total < n_tokens:
        k = int(min(rng.integers(100, 701), n_tokens - total))
        lengths.append(k)
        total += k
    lengths = np.array(lengths, dtype=np.int64)
    doc_end = np.repeat(np.cumsum(lengths), lengths)  # end of the document of each token
    n_labels = len(LABELS)

    def chunks_at(starts, max_len):
        starts = np.unique(starts)
        nxt = np.append(starts[1:], n_tokens)
        lens = np.minimum(np.minimum(rng.integers(1, max_len + 1, size=starts.size), nxt - starts),
                          doc_end[starts] - starts)
        return starts, lens, rng.integers(0, n_labels, size=starts.size)

    gold = np.zeros(n_tokens, dtype=np.int32)
    gs, gl, glab = chunks_at(rng.integers(0, n_tokens, size=n_tokens // 12), 5)
    _paint(n_tokens, gs, gl, glab, gold)

    # Predictions: per gold chunk keep / drop / relabel / shrink / extend, then spurious chunks and noise.
    fate = rng.random(gs.size)
    keep = fate >= 0.10
    relabel = (fate >= 0.10) & (fate < 0.15)
    plab = np.where(relabel, (glab + rng.integers(1, n_labels, size=gs.size)) % n_labels, glab)
    shrink = (fate >= 0.15) & (fate < 0.20) & (gl > 1)
    extend = (fate >= 0.20) & (fate < 0.25)
    ends = gs + gl
    can_extend = extend & (ends < doc_end[gs]) & (gold[np.minimum(ends, n_tokens - 1)] == 0)
    plen = gl - shrink + can_extend
    pred = np.zeros(n_tokens, dtype=np.int32)
    _paint(n_tokens, gs[keep], plen[keep], plab[keep], pred)
    ss, sl, slab = chunks_at(rng.integers(0, n_tokens, size=n_tokens // 100), 3)
    free = pred[ss] == 0
    spurious = np.zeros(n_tokens, dtype=np.int32)
    _paint(n_tokens, ss[free], sl[free], slab[free], spurious)
    pred = np.where(pred == 0, spurious, pred)
    noise = rng.random(n_tokens) < 0.003
    pred[noise] = rng.integers(1, 2 * n_labels + 1, size=int(noise.sum()))
    return gold, pred, lengths


def synthetic_codes(tokens: int, seed: int, batch_tokens: int = BATCH_TOKENS,
                    ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    done, k = 0, 0
    while done < tokens:
        n = min(batch_tokens, tokens - done)
        yield synthetic_batch(n, np.random.default_rng([seed, k]))
        done += n
        k += 1


def as_tag_lists(gold: np.ndarray, pred: np.ndarray, lengths: np.ndarray) -> tuple[list[list[str]], list[list[str]]]:
    """Codes -> lists of tag lists (the input format of seqeval), sharing the tag string objects."""
    get = TAGS.__getitem__
    bounds = np.cumsum(lengths).tolist()
    g_all, p_all = list(map(get, gold.tolist())), list(map(get, pred.tolist()))
    y_true, y_pred, a = [], [], 0
    for b in bounds:
        y_true.append(g_all[a:b])
        y_pred.append(p_all[a:b])
        a = b
    return y_true, y_pred


def synthetic_tags(tokens: int, seed: int) -> Iterator[tuple[list[list[str]], list[list[str]]]]:
    for batch in synthetic_codes(tokens, seed):
        out = as_tag_lists(*batch)
        del batch  # hold one batch at a time, not the previous one while the next is generated
        yield out
        del out


# --------------------------------------------------------------------------------------------------


def ours(y_true, y_pred) -> tuple[dict, int]:
    """The timed unit: per-document strict counts and the per-label report, from tag lists."""
    counter = iob.StrictCounter(iob.TagCodes(LABELS))
    for bt, bp in iob.batches(y_true, y_pred, BATCH_TOKENS):
        counter.add(bt, bp)
    per_doc = counter.per_sequence()
    return counter.report(), per_doc[0].shape[0]


def ours_streaming(tokens: int, seed: int) -> dict:
    counter = iob.StrictCounter(iob.TagCodes(LABELS))
    for bt, bp in synthetic_tags(tokens, seed):
        counter.add(bt, bp)
        del bt, bp
    return counter.report()


def _timed(fn: Callable, repeats: int = 1):
    best, result = float("inf"), None
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def _rss_mb() -> Optional[float]:
    """Peak resident memory of the whole process (input lists and seqeval included), Linux/macOS."""
    try:
        import resource
        import sys
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def _peak_mb(fn: Callable) -> tuple[float, object]:
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20, result


def seqeval_dict(report: dict) -> dict:
    """seqeval's output_dict report in our key names and plain Python numbers."""
    return {row: {"precision": float(v["precision"]), "recall": float(v["recall"]), "f1": float(v["f1-score"]),
                  "support": int(v["support"])} for row, v in report.items()}


def differences(a: dict, b: dict) -> list[str]:
    out = []
    for row in sorted(set(a) | set(b)):
        if row not in a or row not in b:
            out.append(f"row {row!r} only in {'ours' if row in a else 'seqeval'}")
            continue
        for key in ("precision", "recall", "f1", "support"):
            if a[row][key] != b[row][key]:
                out.append(f"{row} {key}: ours {a[row][key]!r} seqeval {b[row][key]!r}")
    return out


def run_size(tokens: int, seed: int, *, with_seqeval: bool = True, repeats: int = 3,
             log: Optional[Callable[[str], None]] = None) -> dict:
    log = log or (lambda s: None)
    log(f"{tokens:,} tokens: generating")
    y_true, y_pred = [], []
    for bt, bp in synthetic_tags(tokens, seed):
        y_true += bt
        y_pred += bp
    res: dict = {"tokens": tokens, "documents": len(y_true)}
    log(f"{tokens:,} tokens: our scorer")
    seconds, (report, n_docs) = _timed(lambda: ours(y_true, y_pred), repeats)
    res["ours"] = {"seconds": seconds, "tokens_per_s": tokens / seconds, "repeats": repeats}
    res["ours"]["peak_mb"], _ = _peak_mb(lambda: ours(y_true, y_pred))
    res["ours"]["streaming_peak_mb"], streamed = _peak_mb(lambda: ours_streaming(tokens, seed))
    res["report"] = report
    mismatches = differences(report, streamed)
    if with_seqeval:
        from seqeval.metrics import classification_report, f1_score

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            log(f"{tokens:,} tokens: seqeval f1_score")
            t_f1, f1 = _timed(lambda: f1_score(y_true, y_pred))
            log(f"{tokens:,} tokens: seqeval classification_report")
            t_cr, cr = _timed(lambda: classification_report(y_true, y_pred, output_dict=True))
        res["seqeval_f1_score"] = {"seconds": t_f1, "tokens_per_s": tokens / t_f1}
        res["seqeval_classification_report"] = {"seconds": t_cr, "tokens_per_s": tokens / t_cr}
        res["ratio_vs_f1_score"] = t_f1 / seconds
        res["ratio_vs_classification_report"] = t_cr / seconds
        mismatches += differences(report, seqeval_dict(cr))
        if float(f1) != report["micro avg"]["f1"]:
            mismatches.append(f"micro f1: ours {report['micro avg']['f1']!r} seqeval f1_score {float(f1)!r}")
    res["identical"] = not mismatches
    res["mismatches"] = mismatches[:20]
    del y_true, y_pred
    gc.collect()
    return res


def benchmark(tokens: int = 1_000_000, large_tokens: Optional[int] = 10_000_000, seed: int = 0, *,
              seqeval_large: bool = True, repeats: int = 3, progress: bool = False) -> dict:
    sizes = [(tokens, True)] + ([(large_tokens, seqeval_large)] if large_tokens else [])
    bar = None
    if progress:
        from tqdm import tqdm
        bar = tqdm(total=len(sizes), desc="perf", unit="size", leave=False)

    def log(msg: str) -> None:
        if bar is not None:
            bar.set_postfix_str(msg)

    runs = []
    try:
        for n, with_seqeval in sizes:
            runs.append(run_size(n, seed, with_seqeval=with_seqeval, repeats=repeats, log=log))
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    out = {"seed": seed, "runs": runs, "targets": {"vs_classification_report": 20, "vs_f1_score": 4, "peak_mb": 500},
           "process_peak_rss_mb": _rss_mb()}
    first = runs[0]
    out["meets_targets"] = bool(
        first["identical"] and first.get("ratio_vs_classification_report", 0) >= 20
        and first.get("ratio_vs_f1_score", 0) >= 4 and all(r["ours"]["peak_mb"] < 500 for r in runs))
    if len(runs) > 1:
        out["time_scaling"] = runs[1]["ours"]["seconds"] / runs[0]["ours"]["seconds"]
        out["size_scaling"] = runs[1]["tokens"] / runs[0]["tokens"]
    return out
