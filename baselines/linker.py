"""A learned claim linker: which candidate source asserts a casualty figure (guidelines 2.1).

Pairwise classification: for a figure and each CLAIMANT candidate near it (the mentions a tagger found, or
the gold mentions when training), a logistic regression over features of the pair scores "this candidate is
the figure's claimant"; the best candidate is taken when its probability clears a threshold, else the claim
has no claimant. Features are the ones the cue rules reason with, so the model learns how far to trust each:
the sentence and token distance, direction, quotation membership (the figure's, the candidate's, the
candidate next to the figure's quotation), a reporting verb beside the candidate, the rule cue that covers
the figure naming this candidate (and its kind), the candidate's rank by distance, its shape (a name, a
party noun, a pronoun-like head) and its place in the sentence.

Trained on the train split's gold mentions and claims, the L2 strength and the threshold chosen on the
validation split by claimant accuracy per figure (the no-claimant answer included). Saved as JSON (feature
names, weights, bias, threshold): no pickle.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Optional, Sequence

from baselines.assembly.attribution import attribution_for, quotation_sentences, sentence_attributions
from baselines.assembly.wordlists import DocState
from baselines.lexicon import PARTY_HEADS, REPORT_PARTICIPLES, REPORT_VERBS
from baselines.text import Analysis, analyse, doc_fields

FORMAT = "claimbench-claim-linker/1"
WINDOW = 3  # candidates up to this many sentences before or after the figure's sentence (or its quotation's)


def _bin(x: int, edges: Sequence[int]) -> str:
    for e in edges:
        if x <= e:
            return str(e)
    return f">{edges[-1]}"


def candidate_features(an: Analysis, state: DocState, fig: tuple[int, int], cand: tuple[int, int],
                       rank: int, n_cands: int) -> dict[str, float]:
    """Features of one (figure, candidate) pair; fig and cand are token ranges [first, last)."""
    f0, f1 = fig
    c0, c1 = cand
    low = an.low
    fs, cs = an.sent_of[f0], an.sent_of[c0]
    feats: dict[str, float] = {"bias_pair": 1.0}
    before = c1 <= f0
    feats["before" if before else "after"] = 1.0
    gap = (f0 - c1) if before else max(0, c0 - f1)
    feats["tok_dist=" + _bin(gap, (2, 5, 10, 20, 40))] = 1.0
    feats["log_tok_dist"] = math.log1p(gap) / 5.0
    sd = cs - fs
    feats["sent_dist=" + _bin(abs(sd), (0, 1, 2))] = 1.0
    feats["same_sentence"] = float(sd == 0)
    feats[f"rank={min(rank, 3)}"] = 1.0
    feats["n_cands=" + _bin(n_cands, (1, 2, 4))] = 1.0
    fq, cq = an.quote_of[f0], an.quote_of[c0]
    feats["fig_in_quote"] = float(fq >= 0)
    feats["cand_in_quote"] = float(cq >= 0)
    if fq >= 0:
        feats["cand_by_fig_quote"] = float(cs in quotation_sentences(an, fq) and cq < 0)
    # A reporting verb right before or after the candidate ("X said", "said X", "according to X").
    window = low[max(0, c0 - 3):c0] + low[c1:c1 + 3]
    feats["report_verb_near"] = float(any(w in REPORT_VERBS or w in REPORT_PARTICIPLES for w in window))
    feats["according_to"] = float(c0 >= 2 and low[c0 - 2] == "according" and low[c0 - 1] == "to")
    # The rule cue covering the figure names this candidate.
    att = attribution_for(state, f0, f1)
    if att is not None:
        hit = any(a < c1 and c0 < b for a, b in att.spans)
        feats["rule_names_it"] = float(hit)
        feats[f"rule_kind={att.kind}" + ("+hit" if hit else "")] = 1.0
        feats["rule_denied"] = float(att.denied and hit)
    else:
        feats["rule_none"] = 1.0
    # Any cue of the candidate's own sentence names it (a source somewhere, if not of this figure).
    feats["cue_names_it"] = float(any(a < c1 and c0 < b for t in {cs} for att2 in sentence_attributions(state, t)
                                      for a, b in att2.spans))
    words = [an.toks[k] for k in range(c0, c1) if an.toks[k][:1].isalpha()]
    feats["name"] = float(len(words) >= 2 and all(w[0].isupper() for w in words))
    # bool(): a candidate without a word (a tagger's span over digits or punctuation) is no capitalised one.
    feats["capitalised"] = float(any(w[0].isupper() for w in words[1:]) or bool(
        words and c0 != an.sentences[cs][0] and words[0][0].isupper()))
    feats["party_head"] = float(any(w.lower() in PARTY_HEADS for w in words))
    feats["long=" + _bin(c1 - c0, (1, 3, 6))] = 1.0
    feats["sentence_first"] = float(c0 == an.sentences[cs][0])
    feats["headline"] = float(cs == 0)
    return feats


def candidates_near(an: Analysis, fig: tuple[int, int], cands: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The candidates within WINDOW sentences of the figure or of its quotation, nearest first."""
    s = an.sent_of[fig[0]]
    near = {s}
    q = an.quote_of[fig[0]]
    if q >= 0:
        near |= set(quotation_sentences(an, q))
    out = [c for c in cands if any(abs(an.sent_of[c[0]] - t) <= WINDOW for t in near) and not
           (c[0] < fig[1] and fig[0] < c[1])]
    return sorted(out, key=lambda c: (min(abs(c[0] - fig[1]), abs(fig[0] - c[1])), c))


def _tokens(an: Analysis, a: int, b: int) -> tuple[int, int]:
    return an.token_at_char(a), an.token_at_char(b - 1) + 1


class ClaimLinker:
    """Pairwise logistic regression over (figure, candidate claimant) features."""

    def __init__(self, weights: Optional[dict[str, float]] = None, bias: float = 0.0, threshold: float = 0.5,
                 selected: Optional[dict[str, Any]] = None):
        self.weights = dict(weights or {})
        self.bias = bias
        self.threshold = threshold
        self.selected = dict(selected or {})

    # -- prediction
    def prob(self, feats: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def choose(self, an: Analysis, state: DocState, fig: tuple[int, int],
               cands: Sequence[tuple[int, int]]) -> Optional[tuple[int, int]]:
        """The token range of the figure's claimant among `cands` (token ranges), or None."""
        near = candidates_near(an, fig, cands)
        best, best_p = None, self.threshold
        for rank, c in enumerate(near):
            p = self.prob(candidate_features(an, state, fig, c, rank, len(near)))
            if p > best_p:
                best, best_p = c, p
        return best

    # -- training
    @staticmethod
    def pairs(docs: Sequence[Any]) -> list[tuple[list[dict[str, float]], list[int]]]:
        """Per gold figure: the features of its candidates and their labels (1 = a claimant of the figure)."""
        out = []
        for doc in docs:
            _, text, published = doc_fields(doc)
            an = analyse(text, published)
            state = DocState(an)
            by_id = {m.id: m for m in doc.mentions}
            # The candidates prediction sees: the annotated CLAIMANT phrases (what a tagger finds) and every
            # source phrase a cue names; a cue phrase overlapping the gold claimant counts as it.
            cands = {_tokens(an, m.start, m.end) for m in doc.mentions if m.label == "CLAIMANT"}
            cands |= {sp for t in range(len(an.sentences)) for a in sentence_attributions(state, t)
                      for sp in a.spans}
            cands = sorted(cands)
            claimants: dict[str, set[tuple[int, int]]] = {}
            for c in doc.claims:
                got = claimants.setdefault(c.casualty, set())
                if c.claimant and c.claimant in by_id:
                    m = by_id[c.claimant]
                    got.add(_tokens(an, m.start, m.end))
            for cas, gold in claimants.items():
                m = by_id[cas]
                fig = _tokens(an, m.start, m.end)
                near = candidates_near(an, fig, cands)
                feats = [candidate_features(an, state, fig, c, r, len(near)) for r, c in enumerate(near)]
                out.append((feats, [int(any(c[0] < g[1] and g[0] < c[1] for g in gold)) for c in near]))
        return out

    @classmethod
    def train(cls, train_docs: Sequence[Any], validation_docs: Sequence[Any] = (),
              c_grid: Sequence[float] = (0.1, 0.3, 1.0, 3.0, 10.0),
              thresholds: Sequence[float] = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6)) -> "ClaimLinker":
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        train = cls.pairs(train_docs)
        names = sorted({k for feats, _ in train for f in feats for k in f})
        index = {k: i for i, k in enumerate(names)}
        rows = [f for feats, _ in train for f in feats]
        y = np.array([lab for _, labels in train for lab in labels])
        if not rows or len(set(y.tolist())) < 2:
            raise ValueError("claim linker: the training documents hold no figure with a candidate claimant "
                             "of both kinds (claimant and not)")
        X = np.zeros((len(rows), len(names)))
        for i, f in enumerate(rows):
            for k, v in f.items():
                X[i, index[k]] = v
        val = cls.pairs(validation_docs) if validation_docs else train
        best = None
        for c in c_grid:
            model = LogisticRegression(C=c, max_iter=2000)
            model.fit(X, y)
            linker = cls({k: float(w) for k, w in zip(names, model.coef_[0])}, float(model.intercept_[0]))
            for t in thresholds:
                linker.threshold = t
                acc = linker.accuracy(val)
                if best is None or acc > best[0] + 1e-12:
                    best = (acc, c, t, linker.weights, linker.bias)
        acc, c, t, weights, bias = best
        return cls(weights, bias, t, {"C": c, "threshold": t, "validation_accuracy": round(acc, 4),
                                      "train_pairs": len(rows), "train_figures": len(train)})

    def accuracy(self, pairs) -> float:
        """Share of figures whose chosen candidate (or none) is a gold claimant (or the gold has none)."""
        right = 0
        for feats, labels in pairs:
            best, best_p = None, self.threshold
            for i, f in enumerate(feats):
                p = self.prob(f)
                if p > best_p:
                    best, best_p = i, p
            right += (labels[best] == 1) if best is not None else (not any(labels))
        return right / len(pairs) if pairs else 0.0

    # -- files
    def save(self, path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"format": FORMAT, "bias": self.bias, "threshold": self.threshold,
                                    "selected": self.selected, "weights": dict(sorted(self.weights.items()))},
                                   indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path) -> Optional["ClaimLinker"]:
        """The linker saved at `path`; None when it was saved untrained (`save_untrained`)."""
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}: not a claim-linker file ({exc})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"{path}: format: expected {FORMAT!r}, found {data.get('format') if isinstance(data, dict) else data!r}")
        if data.get("trained") is False:
            return None
        weights = data.get("weights")
        if not isinstance(weights, dict) or not all(isinstance(v, (int, float)) for v in weights.values()):
            raise ValueError(f"{path}: weights: expected a mapping of feature names to numbers")
        return cls({str(k): float(v) for k, v in weights.items()}, float(data.get("bias", 0.0)),
                   float(data.get("threshold", 0.5)), data.get("selected") or {})


def save_untrained(path, reason: str) -> None:
    """Record that training found too little data, so the extractor falls back to the cue rules."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"format": FORMAT, "trained": False, "reason": reason}) + "\n", encoding="utf-8")
