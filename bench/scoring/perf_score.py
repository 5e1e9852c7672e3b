"""`claimbench perf --score-docs N`: time `score` end to end on a synthetic corpus with mentions and claims.

The corpus is a deterministic function of (documents, seed). Each document is a few sentences of the form
"Officials said 12 people were killed by the army." in groups of four documents (one event group, one
main event, an occasional background figure); the predictions copy the gold and then drop figures, shift
tolls, lose claimants and actors, and give events document-local ids, so every metric has work to do.
Gold documents are built in memory (as a released split would be loaded); the predictions are written to a
JSONL file, so the timing covers parsing and validating the file, every metric, and a group bootstrap.
"""

from __future__ import annotations

import json
import os
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.schema import Claim, Document, Event, Mention, Toll
from bench.tokenize import spans_to_iob2, tokenize

SOURCES = ("Officials", "Medics", "Residents", "The ministry", "A local leader")
ACTORS = ("the army", "the militia", "gunmen", "the rebels")
VICTIMS = ("people", "civilians", "soldiers", "children")


def _document(d: int, rng: np.random.Generator) -> tuple[Document, dict]:
    group = d // 4
    sentences, mentions, claims, pred_m, pred_c = [], [], [], [], []
    pos = 0
    for k in range(int(rng.integers(2, 7))):
        src, act = SOURCES[rng.integers(len(SOURCES))], ACTORS[rng.integers(len(ACTORS))]
        n = int(rng.integers(1, 300))
        victims = VICTIMS[rng.integers(len(VICTIMS))]
        background = rng.random() < 0.15
        event = f"g{group}-bg{k}" if background else f"g{group}-main"
        fig = f"{n} {victims}"
        sentence = f"{src} said {fig} were killed by {act}{' last year' if background else ''}."
        s_src, s_fig = pos, pos + len(src) + 6
        s_act = s_fig + len(fig) + len(" were killed by ")
        ids = (f"s{k}", f"f{k}", f"a{k}")
        mentions += [Mention(ids[0], "CLAIMANT", s_src, s_src + len(src), src),
                     Mention(ids[1], "CASUALTY", s_fig, s_fig + len(fig), fig),
                     Mention(ids[2], "ACTOR", s_act, s_act + len(act), act)]
        claims.append(Claim(f"c{k}", ids[1], ids[0], (ids[2],), "killed", "unspecified", Toll(n, n), None, event))
        sentences.append(sentence)
        pos += len(sentence) + 1
        if rng.random() < 0.9:  # the system finds 90% of the figures
            shift = 1 if rng.random() < 0.05 else 0
            pred_m += [{"id": i, "label": m.label, "start": m.start, "end": m.end} for i, m in zip(ids, mentions[-3:])]
            pred_c.append({"id": f"c{k}", "casualty": ids[1], "claimant": ids[0] if rng.random() < 0.8 else None,
                           "actors": [ids[2]] if rng.random() < 0.6 else [], "outcome": "killed",
                           "victims": "unspecified", "toll": {"low": n + shift, "high": n + shift},
                           "subset_of": None, "event": f"d{d}-{'bg' if background else 'main'}", "modality": "asserted"})
    text = " ".join(sentences)
    tokens, offsets = tokenize(text)
    events = sorted({c.event for c in claims})
    doc = Document(id=f"doc{d:06d}", title=None, text=text, language="en", published=None, outlet=None,
                   provenance="authored", license="synthetic", event_group=f"g{group}", conflict="Synthetic",
                   mentions=tuple(mentions), claims=tuple(claims),
                   events=tuple(Event(e, None, None, e) for e in events),
                   tokens=tuple(tokens), token_offsets=tuple(offsets), ner_tags=tuple(spans_to_iob2(offsets, mentions)))
    return doc, {"id": doc.id, "mentions": pred_m, "claims": pred_c}


def synthetic_corpus(documents: int, seed: int, predictions_path: Path) -> list[Document]:
    rng = np.random.default_rng(seed)
    gold = []
    with open(predictions_path, "w", encoding="utf-8") as fh:
        for d in range(documents):
            doc, pred = _document(d, rng)
            gold.append(doc)
            fh.write(json.dumps(pred) + "\n")
    return gold


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def benchmark_score(documents: int = 100_000, seed: int = 0, resamples: int = 1000, progress: bool = False) -> dict:
    """Seconds and memory of one `score` call on `documents` synthetic documents (see the module docstring)."""
    from bench.scoring import score

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "predictions.jsonl"
        t0 = time.perf_counter()
        gold = synthetic_corpus(documents, seed, path)
        generate = time.perf_counter() - t0
        rss_before = _rss_mb()
        t0 = time.perf_counter()
        result = score(path, gold, resamples=resamples, progress=progress)
        seconds = time.perf_counter() - t0
        size = os.path.getsize(path)
    return {"documents": documents, "claims": sum(len(d.claims) for d in gold), "predictions_bytes": size,
            "resamples": resamples, "units": result["bootstrap"]["units"], "generate_seconds": round(generate, 3),
            "score_seconds": round(seconds, 3), "docs_per_second": round(documents / seconds, 1),
            "peak_rss_mb": round(_rss_mb(), 1), "rss_before_score_mb": round(rss_before, 1),
            "claim_f1": result["metrics"]["claim_f1"]["value"], "target_seconds": 5.0}
