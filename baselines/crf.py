"""The CRF baseline: a feature-based token tagger (sklearn-crfsuite) for CASUALTY, CLAIMANT and ACTOR, then
the shared toll normaliser and claim assembly.

Sequences are the sentences of `baselines.text.analyse`, tokens those of `bench.tokenize` (the dataset's
own), labels IOB2. Features are the word and its shape, affixes and neighbours, the lexicons of
`baselines.lexicon` (number words, qualifiers, vague words, victims heads, outcome, reporting and violence
verbs, party nouns) and the spans the rule-based components find (the figure finder of
`baselines.figures` and the claimant/actor cues of `baselines.assembly`), so that the tagger learns where
to trust them. The L1/L2 penalties c1 and c2 are picked on the validation documents by strict span F1.
"""

from __future__ import annotations

import itertools
import json
import shutil
import time
from pathlib import Path
from typing import Any, Optional, Sequence

from bench.tokenize import iob2_to_token_spans, spans_to_iob2

from baselines.assembly import assemble, assemble_spans
from baselines.base import Extractor, span_f1
from baselines.figures import find_figures
from baselines.lexicon import (
    BLAME_VERBS, DETERMINERS, MONTHS, NUMBER_WORDS, OUTCOME_CUES, PARTY_HEADS, QUALIFIER_WORDS, REPORT_PARTICIPLES,
    REPORT_VERBS, VAGUE_FIRST_WORDS, VICTIM_HEADS, VIOLENT_VERBS,
)
from baselines.registry import register
from baselines.text import Analysis, analyse, doc_fields


def _shape(tok: str) -> str:
    out = []
    for ch in tok[:6]:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _word_features(an: Analysis, k: int) -> dict[str, Any]:
    w, t = an.low[k], an.toks[k]
    return {
        "w": w,
        "shape": _shape(t),
        "title": t[:1].isupper(),
        "upper": t.isupper() and len(t) > 1,
        "num": t[:1].isdigit() or w in NUMBER_WORDS,
        "vague": w in VAGUE_FIRST_WORDS,
        "qual": w in QUALIFIER_WORDS,
        "victim": VICTIM_HEADS.get(w, ""),
        "outcome": OUTCOME_CUES.get(w, ""),
        "report": w in REPORT_VERBS or w in REPORT_PARTICIPLES,
        "violent": w in VIOLENT_VERBS or w in BLAME_VERBS,
        "party": w in PARTY_HEADS,
        "det": w in DETERMINERS,
        "month": w in MONTHS,
    }


def rule_tags(an: Analysis) -> list[str]:
    """IOB2 tags of the rule-based extractor's mentions: figures, the claimants it links to them, the actors
    its cues find (a feature: the CRF learns where to trust them)."""
    tags = ["O"] * len(an)
    pred = assemble(an, "rules", find_figures(an))
    for m in pred["mentions"]:
        a = an.token_at_char(m["start"])
        b = an.token_at_char(m["end"] - 1) + 1
        if a >= b or any(tags[k] != "O" for k in range(a, b)):
            continue
        tags[a] = "B-" + m["label"]
        for k in range(a + 1, b):
            tags[k] = "I-" + m["label"]
    return tags


def sentence_features(an: Analysis, lo: int, hi: int, rtags: list[str], window: int) -> list[dict[str, Any]]:
    base = [_word_features(an, k) for k in range(lo, hi)]
    feats = []
    for i, k in enumerate(range(lo, hi)):
        f: dict[str, Any] = {"bias": 1.0}
        for key, value in base[i].items():
            f[key] = value
        w = an.low[k]
        f["suf3"] = w[-3:]
        f["suf2"] = w[-2:]
        f["pre3"] = w[:3]
        f["rule"] = rtags[k]
        f["quote"] = an.quote_of[k] >= 0
        f["first"] = i == 0
        for d in range(1, window + 1):
            for sign, j in (("-", i - d), ("+", i + d)):
                if 0 <= j < len(base):
                    b = base[j]
                    f[f"{sign}{d}w"] = b["w"]
                    f[f"{sign}{d}shape"] = b["shape"]
                    f[f"{sign}{d}victim"] = b["victim"]
                    f[f"{sign}{d}outcome"] = b["outcome"]
                    f[f"{sign}{d}report"] = b["report"]
                    f[f"{sign}{d}num"] = b["num"]
                    f[f"{sign}{d}rule"] = rtags[lo + j]
                else:
                    f[f"{sign}{d}w"] = "<s>" if j < 0 else "</s>"
        if i > 0:
            f["-1w|w"] = base[i - 1]["w"] + "|" + w
        feats.append(f)
    return feats


def doc_sequences(an: Analysis, window: int) -> list[tuple[int, int, list[dict[str, Any]]]]:
    rtags = rule_tags(an)
    out = []
    for lo, hi in an.sentences:
        if hi > lo and not all(an.masked[lo:hi]):
            out.append((lo, hi, sentence_features(an, lo, hi, rtags, window)))
    return out


def tags_to_char_spans(an: Analysis, lo: int, tags: Sequence[str]) -> list[tuple[str, int, int]]:
    return [(label, an.starts[lo + a], an.ends[lo + b - 1]) for label, a, b in iob2_to_token_spans(list(tags))]


@register("crf")
class CRFExtractor(Extractor):
    """Linear-chain CRF over sentences; c1/c2 chosen on validation documents."""

    trainable = True

    def __init__(self, c1: Optional[float] = None, c2: Optional[float] = None,
                 c1_grid: Sequence[float] = (0.01, 0.1, 0.5), c2_grid: Sequence[float] = (0.01, 0.1),
                 max_iterations: int = 150, window: int = 2, all_possible_transitions: bool = True,
                 **common: Any):
        super().__init__(**common)
        self.c1, self.c2 = c1, c2
        self.c1_grid, self.c2_grid = list(c1_grid), list(c2_grid)
        self.max_iterations = int(max_iterations)
        self.window = int(window)
        self.all_possible_transitions = bool(all_possible_transitions)
        self.model = None

    # ----------------------------------------------------------------------------------------------
    def _training_data(self, docs: Sequence[Any]) -> tuple[list, list]:
        xs, ys = [], []
        for doc in self._iter(docs, "features"):
            _, text, published = doc_fields(doc)
            an = analyse(text, published)
            gold = spans_to_iob2(list(zip(an.starts, an.ends)), getattr(doc, "mentions", ()))
            for lo, hi, feats in doc_sequences(an, self.window):
                xs.append(feats)
                ys.append(gold[lo:hi])
        return xs, ys

    def _train(self, xs, ys, c1: float, c2: float):
        import sklearn_crfsuite

        crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=c1, c2=c2, max_iterations=self.max_iterations,
                                   all_possible_transitions=self.all_possible_transitions)
        crf.fit(xs, ys)
        return crf

    def fit(self, train_docs: Sequence[Any], validation_docs: Optional[Sequence[Any]] = None) -> "CRFExtractor":
        xs, ys = self._training_data(train_docs)
        if not xs:
            raise ValueError("crf: no training sentences (is the train split empty?)")
        grid = [(self.c1, self.c2)] if self.c1 is not None and self.c2 is not None else \
            list(itertools.product(self.c1_grid if self.c1 is None else [self.c1],
                                   self.c2_grid if self.c2 is None else [self.c2]))
        if len(grid) == 1 or not validation_docs:
            c1, c2 = grid[0]
            self.model = self._train(xs, ys, c1, c2)
            self.selected = {"c1": c1, "c2": c2, "selected_on": None}
            self.fit_linker(train_docs, validation_docs)
            return self
        val_an = [(doc, analyse(doc_fields(doc)[1], doc_fields(doc)[2])) for doc in validation_docs]
        val_seqs = [doc_sequences(an, self.window) for _, an in val_an]
        best = None
        trials = []
        iterator = grid
        if self.progress:
            from tqdm.auto import tqdm

            iterator = tqdm(grid, desc="crf: c1/c2 grid", unit="fit", leave=False)
        for c1, c2 in iterator:
            t0 = time.perf_counter()
            model = self._train(xs, ys, c1, c2)
            pred = []
            for (doc, an), seqs in zip(val_an, val_seqs):
                spans = []
                if seqs:
                    tags = model.predict([f for _, _, f in seqs])
                    for (lo, _, _), t in zip(seqs, tags):
                        spans += tags_to_char_spans(an, lo, t)
                pred.append(spans)
            f1 = span_f1(pred, [doc for doc, _ in val_an])
            trials.append({"c1": c1, "c2": c2, "validation_span_f1": round(f1, 4),
                           "seconds": round(time.perf_counter() - t0, 2)})
            if best is None or f1 > best[0]:
                best = (f1, c1, c2, model)
        _, c1, c2, self.model = best
        self.selected = {"c1": c1, "c2": c2, "selected_on": "validation span F1 (strict, micro)", "trials": trials}
        self.fit_linker(train_docs, validation_docs)
        return self

    # ----------------------------------------------------------------------------------------------
    def predict_one(self, an: Analysis, doc_id: str) -> dict:
        if self.model is None:
            raise RuntimeError("crf: call fit() (or load()) before predict()")
        seqs = doc_sequences(an, self.window)
        spans: list[tuple[str, int, int]] = []
        if seqs:
            tags = self.model.predict([f for _, _, f in seqs])
            for (lo, _, _), t in zip(seqs, tags):
                spans += tags_to_char_spans(an, lo, t)
        return assemble_spans(an, doc_id, spans, linker=self.linker)

    def save(self, path) -> None:
        # The model is crfsuite's own binary file plus a JSON of settings: nothing is pickled, so a saved
        # model can be shared and loaded without running code from it.
        Path(path).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.model.modelfile.name, Path(path) / "crf.crfsuite")
        (Path(path) / "crf.json").write_text(json.dumps({"window": self.window, "selected": self.selected,
                                                         "c1": self.model.c1, "c2": self.model.c2}, indent=2))
        self.save_linker(path)

    def load(self, path) -> "CRFExtractor":
        import sklearn_crfsuite

        state = json.loads((Path(path) / "crf.json").read_text())
        self.model = sklearn_crfsuite.CRF(model_filename=str(Path(path) / "crf.crfsuite"))
        self.window, self.selected = state["window"], state.get("selected", {})
        self.load_linker(path)
        return self
