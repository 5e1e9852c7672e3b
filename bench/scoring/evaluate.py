"""`score` and `compare`: one pass over the documents collecting additive per-document counts, then
aggregation, bootstrap intervals and the signature.

Per document we record a row of counters (span credit/actual/possible per scheme and label, toll
counters per category, claim pairs) plus partial event ranges. Every reported number is a function of
the column sums, so a bootstrap resample is a weighted sum of rows (`bootstrap.py`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Union

import numpy as np

from bench import __version__
from bench.problems import Problem, ProblemsFound, RecordError
from bench.schema import LABELS, Document, document_from_dict
from bench.scoring import bootstrap, prf
from bench.scoring.claims import LEVELS, claim_counts
from bench.scoring.events import EventRows, as_bound, doc_event_ranges, event_metrics
from bench.scoring.signature import bytes_checksum, file_checksum, format_signature, signature_fields
from bench.scoring.spans import SCHEMES, span_counts
from bench.scoring.tolls import CATEGORIES, COUNTERS, METRICS as TOLL_METRICS, toll_counts
from bench.submission import Prediction, Submission, load_submission

DEFAULT_SEED = bootstrap.DEFAULT_SEED
HEADLINE = ("claim_f1", "span_f1_strict", "toll_exact")
SLOTS = ("all",) + LABELS
SPAN_COUNTS = ("correct", "actual", "possible")


# --------------------------------------------------------------------------------------------------
# Gold


@dataclass
class GoldSet:
    documents: list[Document]
    dataset: str
    checksum: str
    split: str
    source: str


def resolve_gold(gold: Union[None, str, os.PathLike, Sequence[Any]] = None, split: Optional[str] = None,
                 data_dir: Optional[Path] = None) -> GoldSet:
    """Gold documents with their version and checksum; ProblemsFound when they cannot be read."""
    from bench.dataset import default_data_dir, load_split, read_documents, release_info, split_path, validate_file
    from bench.problems import errors_only
    from bench.validation import check_gold_document

    if gold is None:
        split = split or "test"
        from bench.authoring import SPLITS
        if split not in SPLITS:
            raise ValueError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")
        directory = Path(data_dir or default_data_dir())
        path = split_path(directory, split)
        if not path.is_file():
            raise ProblemsFound([Problem(str(path), None, f"no gold data for split {split!r}: build the dataset "
                                                          "(`claimbench data build`) or pass a gold file (--gold)")])
        docs = load_split(split, directory)
        info = release_info(directory)
        return GoldSet(docs, str(info["version"]), str(info["checksum"]), split, str(path))
    if isinstance(gold, (str, os.PathLike)):
        path = Path(gold)
        if not path.is_file():
            raise ProblemsFound([Problem(str(path), None, "no such gold file")])
        problems = validate_file(path)
        if errors_only(problems):
            raise ProblemsFound(problems)
        return GoldSet(read_documents(path), "custom", file_checksum(path), split or "custom", str(path))
    docs, problems = [], []
    for k, item in enumerate(gold, start=1):
        if isinstance(item, Document):
            doc = item
        else:
            try:
                doc = document_from_dict(item)
            except RecordError as exc:
                problems.append(Problem("<gold>", k, exc.message, item.get("id") if isinstance(item, dict) else None,
                                        exc.field.removeprefix("record.")))
                continue
        for field_, message in check_gold_document(doc):
            problems.append(Problem("<gold>", k, message, doc.id, field_))
        docs.append(doc)
    ids = [d.id for d in docs]
    if len(set(ids)) != len(ids):
        problems.append(Problem("<gold>", None, "duplicate document ids in the gold documents"))
    if problems:
        raise ProblemsFound(problems)
    from bench.dataset import dump_record
    checksum = bytes_checksum("".join(dump_record(d) + "\n" for d in docs).encode("utf-8"))
    return GoldSet(docs, "custom", checksum, split or "custom", "<gold>")


# --------------------------------------------------------------------------------------------------
# One pass: per-document counts


def columns(schemes: Sequence[str]) -> list[str]:
    cols = [f"span.{s}.{slot}.{c}" for s in schemes for slot in SLOTS for c in SPAN_COUNTS]
    cols += [f"toll.{cat}.{c}" for cat in CATEGORIES for c in COUNTERS]
    cols += [f"claim.{level}.{c}" for level in LEVELS for c in SPAN_COUNTS]
    return cols


@dataclass
class Collected:
    doc_ids: list[str]
    columns: list[str]
    counts: np.ndarray  # documents x columns
    events: EventRows
    missing: list[str]
    from_tags: int

    def index(self, name: str) -> int:
        return self.columns.index(name)


def collect(documents: Sequence[Document], predictions: Mapping[str, Prediction],
            schemes: Sequence[str] = SCHEMES) -> Collected:
    cols = columns(schemes)
    at = {c: i for i, c in enumerate(cols)}
    counts = np.zeros((len(documents), len(cols)), dtype=np.float64)
    ranges, missing, from_tags = [], [], 0
    for d, doc in enumerate(documents):
        pred = predictions.get(doc.id)
        if pred is None:
            missing.append(doc.id)
            pred = Prediction(doc.id)
        from_tags += pred.from_tags
        row = counts[d]
        gold_spans = [(m.label, m.start, m.end) for m in doc.mentions]
        pred_spans = [(m.label, m.start, m.end) for m in pred.mentions]
        spans = span_counts(gold_spans, pred_spans, LABELS, schemes)
        for si, s in enumerate(schemes):
            for k, slot in enumerate(SLOTS):
                for c, name in enumerate(SPAN_COUNTS):
                    row[at[f"span.{s}.{slot}.{name}"]] = spans[si, k, c]
        for cat, values in toll_counts(doc.mentions, doc.claims, pred.mentions, pred.claims).items():
            for name, v in values.items():
                row[at[f"toll.{cat}.{name}"]] = v
        for level, values in claim_counts(doc.mentions, doc.claims, pred.mentions, pred.claims).items():
            for name, v in zip(SPAN_COUNTS, values):
                row[at[f"claim.{level}.{name}"]] = v
        ranges.append(doc_event_ranges(doc.mentions, doc.claims, pred.mentions, pred.claims))
    return Collected([d.id for d in documents], cols, counts, EventRows.build(ranges), missing, from_tags)


# --------------------------------------------------------------------------------------------------
# Metrics as functions of column sums (vectorised over resamples)


def _col(sums: np.ndarray, cols: Mapping[str, int], name: str) -> np.ndarray:
    return sums[..., cols[name]]


def _nan_ratio(num, den) -> np.ndarray:
    num, den = np.broadcast_arrays(np.asarray(num, dtype=np.float64), np.asarray(den, dtype=np.float64))
    return np.divide(num, den, out=np.full(num.shape, np.nan), where=den != 0)


def summary_metrics(collected: Sequence[Collected], schemes: Sequence[str]) -> dict[str, Callable]:
    """name -> fn(sums (B x K), weights (B x D), system index) -> (B,)."""
    cols = {c: i for i, c in enumerate(collected[0].columns)}
    label_order = [LABELS[i] for i in prf.sorted_order(LABELS)]
    fns: dict[str, Callable] = {}

    def span_micro(scheme):
        def fn(s, w, k):
            return prf.prf(*(_col(s, cols, f"span.{scheme}.all.{c}") for c in SPAN_COUNTS))[2]
        return fn

    def span_macro(scheme):
        def fn(s, w, k):
            c, a, p = (np.stack([_col(s, cols, f"span.{scheme}.{lab}.{n}") for lab in label_order], axis=-1)
                       for n in SPAN_COUNTS)
            return prf.macro(prf.prf(c, a, p)[2], prf.present(a, p))
        return fn

    def claim(level):
        def fn(s, w, k):
            return prf.prf(*(_col(s, cols, f"claim.{level}.{c}") for c in SPAN_COUNTS))[2]
        return fn

    def toll(metric):
        num, den = TOLL_METRICS[metric]

        def fn(s, w, k):
            return _nan_ratio(_col(s, cols, f"toll.all.{num}"), _col(s, cols, f"toll.all.{den}"))
        return fn

    def events(s, w, k):
        return event_metrics(collected[k].events.combine(w))["event_range_exact"]

    fns["claim_f1"] = claim("lenient")
    fns["claim_f1_strict"] = claim("strict")
    for scheme in schemes:
        fns[f"span_f1_{scheme}"] = span_micro(scheme)
    for scheme in schemes:
        fns[f"span_macro_f1_{scheme}"] = span_macro(scheme)
    for metric in TOLL_METRICS:
        fns[metric] = toll(metric)
    fns["event_range_exact"] = events
    return fns


def _value(x) -> Optional[float]:
    x = float(np.asarray(x).reshape(-1)[0])
    return None if np.isnan(x) else x


def _prf_dict(correct, actual, possible) -> dict:
    p, r, f = prf.prf(correct, actual, possible)
    return {"precision": float(p), "recall": float(r), "f1": float(f),
            "correct": _num(correct), "actual": _num(actual), "possible": _num(possible)}


def _num(x) -> Union[int, float]:
    x = float(x)
    return int(x) if x.is_integer() else x


def details(c: Collected, schemes: Sequence[str]) -> dict:
    """Full breakdown from the column sums over all documents."""
    total = c.counts.sum(axis=0)
    cols = {name: i for i, name in enumerate(c.columns)}

    def get(name):
        return total[cols[name]]

    spans = {}
    for s in schemes:
        per_label = {lab: _prf_dict(*(get(f"span.{s}.{lab}.{n}") for n in SPAN_COUNTS)) for lab in LABELS}
        order = [LABELS[i] for i in prf.sorted_order(LABELS)]
        arr = {n: np.array([get(f"span.{s}.{lab}.{n}") for lab in order]) for n in SPAN_COUNTS}
        mask = prf.present(arr["actual"], arr["possible"])
        p, r, f = prf.prf(arr["correct"], arr["actual"], arr["possible"])
        spans[s] = {
            "micro": _prf_dict(*(get(f"span.{s}.all.{n}") for n in SPAN_COUNTS)),
            "macro": {"precision": _value(prf.macro(p, mask)), "recall": _value(prf.macro(r, mask)),
                      "f1": _value(prf.macro(f, mask)), "labels": [lab for lab, m in zip(order, mask) if m]},
            "per_label": per_label,
        }
    tolls = {}
    for cat in CATEGORIES:
        entry = {name: _num(get(f"toll.{cat}.{name}")) for name in COUNTERS if name != "abs_log_error"}
        for metric, (num, den) in TOLL_METRICS.items():
            entry[metric] = _value(_nan_ratio(get(f"toll.{cat}.{num}"), get(f"toll.{cat}.{den}")))
        tolls[cat] = entry
    claims = {level: _prf_dict(*(get(f"claim.{level}.{n}") for n in SPAN_COUNTS)) for level in LEVELS}
    combined = c.events.combine()
    em = event_metrics(combined)
    per_event = []
    for e, name in enumerate(c.events.events):
        g = [as_bound(combined["gold_low"][0, e]), as_bound(combined["gold_high"][0, e])]
        p_ = [as_bound(combined["pred_low"][0, e]), as_bound(combined["pred_high"][0, e])]
        has_pred = bool(combined["predicted"][0, e])
        per_event.append({"id": name, "gold": g, "predicted": p_ if has_pred else None,
                          "exact": has_pred and g == p_})
    events = {"events": int(em["events"][0]), "correct": int(em["events_correct"][0]),
              **{k: _value(em[k]) for k in ("event_range_exact", "event_low_exact", "event_high_exact")},
              "per_event": per_event}
    return {"spans": spans, "tolls": tolls, "claims": claims, "events": events}


def _doc_prf_dict(correct, actual, possible) -> dict:
    """P/R/F1 of one document; None (shown as "-") when it has nothing to find and nothing was predicted,
    where 0.0 would mark a perfect answer as a failure (and 1.0 would reward predicting nothing)."""
    d = _prf_dict(correct, actual, possible)
    if d["actual"] == 0 and d["possible"] == 0:
        d.update(precision=None, recall=None, f1=None)
    return d


def per_document(c: Collected, schemes: Sequence[str]) -> list[dict]:
    cols = {name: i for i, name in enumerate(c.columns)}
    missing = set(c.missing)
    out = []
    for d, doc_id in enumerate(c.doc_ids):
        row = c.counts[d]

        def get(name):
            return row[cols[name]]

        entry: dict = {"id": doc_id, "missing": doc_id in missing}
        entry["spans"] = {s: _doc_prf_dict(*(get(f"span.{s}.all.{n}") for n in SPAN_COUNTS)) for s in schemes}
        entry["claims"] = {lv: _doc_prf_dict(*(get(f"claim.{lv}.{n}") for n in SPAN_COUNTS)) for lv in LEVELS}
        entry["tolls"] = {"total": _num(get("toll.all.total")), "found": _num(get("toll.all.found")),
                          "toll_exact": _value(_nan_ratio(get("toll.all.same_interval"), get("toll.all.found")))}
        out.append(entry)
    return out


# --------------------------------------------------------------------------------------------------
# Public API


def _check_options(schemes, resamples, confidence) -> tuple[str, ...]:
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
    return schemes


def _signature(gs: GoldSet, schemes, resamples, seed, confidence, allow_missing) -> tuple[str, dict]:
    fields = signature_fields(scorer=__version__, dataset=gs.dataset, checksum=gs.checksum, split=gs.split,
                              schemes=schemes, resamples=resamples, seed=seed, confidence=confidence,
                              allow_missing=allow_missing)
    return format_signature(fields), fields


def _submission(predictions, gs: GoldSet, allow_missing: bool) -> Submission:
    return load_submission(predictions, gs.documents, allow_missing=allow_missing)


def score(predictions, gold=None, *, split: Optional[str] = None, schemes: Sequence[str] = SCHEMES,
          resamples: int = bootstrap.DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED, confidence: float = 0.95,
          allow_missing: bool = False, per_doc: bool = False, data_dir: Optional[Path] = None,
          progress: bool = False) -> dict:
    """Score predictions against gold documents and return every metric as a plain dict.

    predictions: a path to a predictions JSONL file, a binary file object, or a list of dicts in the
    submission format (docs/submission.md). gold: None (the released `split`, default test), a path to a
    file in the dataset format, or a list of `Document`s / dataset-format dicts. Raises ProblemsFound with
    every problem when the predictions (or the gold file) are invalid; documents without predictions are an
    error unless allow_missing, in which case they are scored as empty.
    """
    schemes = _check_options(schemes, resamples, confidence)
    gs = resolve_gold(gold, split, data_dir)
    sub = _submission(predictions, gs, allow_missing)
    c = collect(gs.documents, sub.predictions, schemes)
    fns = summary_metrics([c], schemes)
    total = c.counts.sum(axis=0)[None, :]
    values = {name: _value(fn(total, None, 0)) for name, fn in fns.items()}
    intervals: dict[str, Optional[list[float]]] = {name: None for name in fns}
    if resamples and c.counts.shape[0]:
        (samples,) = bootstrap.resample(c.counts, fns, resamples, seed, progress=progress)
        intervals = {name: bootstrap.interval(samples[name], confidence) for name in fns}
    signature, fields = _signature(gs, schemes, resamples, seed, confidence, allow_missing)
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
                      "unit": "document"},
        **details(c, schemes),
    }
    if per_doc:
        result["per_doc"] = per_document(c, schemes)
    return result


def compare(predictions_a, predictions_b, gold=None, *, split: Optional[str] = None,
            schemes: Sequence[str] = SCHEMES, resamples: int = bootstrap.DEFAULT_RESAMPLES,
            seed: int = DEFAULT_SEED, confidence: float = 0.95, allow_missing: bool = False,
            data_dir: Optional[Path] = None, progress: bool = False) -> dict:
    """Score two systems on the same gold documents; per metric the difference A - B, its bootstrap
    interval and the paired-bootstrap p-value (bootstrap.py)."""
    schemes = _check_options(schemes, resamples, confidence)
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
    fns = summary_metrics([ca, cb], schemes)
    va = {n: _value(fn(ca.counts.sum(axis=0)[None, :], None, 0)) for n, fn in fns.items()}
    vb = {n: _value(fn(cb.counts.sum(axis=0)[None, :], None, 1)) for n, fn in fns.items()}
    sa, sb = bootstrap.resample(ca.counts, fns, resamples, seed, progress=progress, others=(cb.counts,))
    metrics = {}
    for n in fns:
        if va[n] is None or vb[n] is None:
            metrics[n] = {"a": va[n], "b": vb[n], "delta": None, "delta_ci": None, "p_value": None}
            continue
        deltas = sa[n] - sb[n]
        observed = va[n] - vb[n]
        metrics[n] = {"a": va[n], "b": vb[n], "delta": observed,
                      "delta_ci": bootstrap.interval(deltas, confidence),
                      "p_value": bootstrap.paired_p_value(deltas, observed)}
    signature, fields = _signature(gs, schemes, resamples, seed, confidence, allow_missing)
    return {"signature": signature, "signature_fields": fields, "a": subs[0].source, "b": subs[1].source,
            "gold": gs.source, "documents": {"gold": len(gs.documents), "missing_a": len(ca.missing),
                                             "missing_b": len(cb.missing)},
            "warnings": [str(p) for s in subs for p in s.warnings],
            "headline": list(HEADLINE), "metrics": metrics,
            "bootstrap": {"resamples": resamples, "seed": seed, "confidence": confidence, "method": "paired percentile",
                          "p_value": "(1 + #{b: |d_b - mean(d)| >= |d_obs|}) / (1 + resamples)"}}
