"""The one interface every extractor implements.

An extractor reads documents - anything with `id` and `text` (a `bench.schema.Document`, a dict, an object)
- and returns one prediction per document in the submission format:

    {"id": ..., "mentions": [{"id", "label", "start", "end", "text"}],
     "claims": [{"id", "casualty", "claimant", "actors", "outcome", "victims",
                 "toll": {"low", "high", "vague_term", "approximate"}, "subset_of", "event", "modality"}]}

Trainable extractors learn in `fit(train_docs, validation_docs)` (gold `bench.schema.Document`s) and pick
their settings on the validation documents; `fit` is a no-op for rule-based ones unless they use the
learned claim linker (`claim_linker=True`, `baselines.linker`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from baselines.text import Analysis, analyse, doc_fields


class Extractor:
    """Base class. Subclasses implement `predict_one(analysis, doc_id)` or override `predict`."""

    name = "extractor"
    trainable = False

    def __init__(self, progress: bool = False, link_events: bool = True, claim_linker: bool = False,
                 **settings: Any):
        if settings:
            raise TypeError(f"{type(self).__name__}: unknown setting(s) {', '.join(sorted(settings))}")
        self.progress = progress
        # Corpus step after prediction: one event id for the main incident of documents that report it.
        self.link_events = link_events
        # A trained `baselines.linker.ClaimLinker` picks each figure's claimant (trained in `fit`).
        self.use_linker = bool(claim_linker)
        self.linker = None
        self._trained_linker = None  # a linker trained but not used (validation chose the cue rules)
        # Settings chosen on validation data by `fit` (reported in the run's metrics).
        self.selected: dict[str, Any] = {}

    def fit(self, train_docs: Sequence[Any], validation_docs: Optional[Sequence[Any]] = None) -> "Extractor":
        return self

    def predict(self, docs: Iterable[Any]) -> list[dict]:
        out, analyses = [], []
        for doc in self._iter(docs, "predict"):
            doc_id, text, published = doc_fields(doc)
            an = analyse(text, published)
            out.append(self.predict_one(an, doc_id))
            analyses.append(an)
        return self.link_documents(out, analyses)

    def link_documents(self, records: list[dict], analyses: Sequence[Analysis]) -> list[dict]:
        """The corpus-level step of `predict`: documents that report one incident (published close together,
        sharing the places and names of their leads) get one main-event id (`link_main_events`)."""
        if not self.link_events:
            return records
        from baselines.assembly.events import link_main_events

        return link_main_events(records, list(analyses))

    def predict_one(self, an: Analysis, doc_id: str) -> dict:
        raise NotImplementedError

    # The learned claim linker, shared by every extractor that sets claim_linker.
    def fit_linker(self, train_docs: Sequence[Any], validation_docs: Optional[Sequence[Any]] = None) -> None:
        if not self.use_linker:
            return
        from baselines.linker import ClaimLinker

        try:
            self.linker = ClaimLinker.train(train_docs, validation_docs or ())
        except ValueError as exc:
            # Too little training data to learn from (a toy split): the cue rules choose claimants instead.
            import sys

            print(f"{self.name}: {exc}; claimants are chosen by the cue rules", file=sys.stderr)
            self.linker = None
            self.selected["claim_linker"] = {"trained": False, "reason": str(exc)}
            return
        self.selected["claim_linker"] = self.linker.selected
        if validation_docs:
            self._keep_linker_if_better(validation_docs)

    def _keep_linker_if_better(self, validation_docs: Sequence[Any]) -> None:
        """Keep the linker only when it beats the cue rules on the validation split's claim F1: how well
        each chooses claimants depends on the tagger's spans, so the choice is made per trained model, the
        way c1/c2 or the epoch are (recorded in the run's metrics and in linker.json)."""
        from bench.problems import ProblemsFound
        from bench.scoring import score

        linker, f1 = self.linker, {}
        for choice in ("linker", "cue_rules"):
            self.linker = linker if choice == "linker" else None
            try:
                result = score(self.predict(validation_docs), list(validation_docs), resamples=0)
            except ProblemsFound as exc:  # documents that are no valid gold (hand-made ones): no comparison
                self.linker = linker
                linker.selected["claimants_by"] = "linker (validation documents not scorable: "
                linker.selected["claimants_by"] += f"{str(exc).splitlines()[0]})"
                return
            f1[choice] = round(result["metrics"]["claim_f1"]["value"], 4)
        keep = f1["linker"] > f1["cue_rules"]
        self.linker = linker if keep else None
        linker.selected.update({"validation_claim_f1": f1, "claimants_by": "linker" if keep else "cue_rules"})
        self.selected["claim_linker"] = linker.selected
        self._trained_linker = linker  # saved either way, so a loaded model makes the same choice

    def save_linker(self, path) -> None:
        trained = self.linker or self._trained_linker
        if trained is not None:
            trained.save(Path(path) / "linker.json")
        elif self.use_linker:  # trained without enough data: say so, so that a load does not fail
            from baselines.linker import save_untrained

            save_untrained(Path(path) / "linker.json", self.selected.get("claim_linker", {}).get("reason", ""))

    def load_linker(self, path) -> None:
        if not self.use_linker:
            return
        from baselines.linker import ClaimLinker

        file = Path(path) / "linker.json"
        if not file.exists():
            raise FileNotFoundError(f"{file}: no claim linker saved here (train with claim_linker=true, or "
                                    f"set model.claim_linker=false)")
        self.linker = ClaimLinker.load(file)
        self.selected["claim_linker"] = self.linker.selected if self.linker else {"trained": False}
        if self.linker is not None and self.linker.selected.get("claimants_by") == "cue_rules":
            self._trained_linker, self.linker = self.linker, None  # validation chose the cue rules

    # Saving and loading trained state (trainable extractors override these).
    def save(self, path) -> None:
        """Write what `fit` learned under the folder `path`."""

    def load(self, path) -> "Extractor":
        """Read what `save` wrote; returns self."""
        return self

    # What a run records besides the predictions (the llm extractor fills these).
    def set_run_dir(self, path) -> None:
        """The folder of the current `claimbench run`, for extractors that write logs there."""

    def report(self) -> dict[str, Any]:
        """Figures of the last `predict` for the run's metrics (requests, tokens, ...); {} when none."""
        return {}

    def shown_documents(self) -> list[dict]:
        """Documents whose text the extractor showed its model at prediction time ({"id", "sha256"}), for
        the contamination guard; [] for extractors that show none."""
        return []

    def _iter(self, docs: Iterable[Any], what: str):
        docs = list(docs)
        if self.progress and len(docs) > 1:
            from tqdm.auto import tqdm

            return tqdm(docs, desc=f"{self.name}: {what}", unit="doc", leave=False)
        return docs


def span_f1(predicted: Sequence[Sequence[tuple[str, int, int]]], gold_docs: Sequence[Any]) -> float:
    """Micro F1 of exact (label, start, end) matches: the criterion trainable extractors use to pick their
    settings on validation documents (the benchmark's `span_f1_strict` on character spans)."""
    tp = n_pred = n_gold = 0
    for spans, doc in zip(predicted, gold_docs):
        gold = {(m.label, m.start, m.end) for m in getattr(doc, "mentions", ())}
        pred = set(spans)
        tp += len(pred & gold)
        n_pred += len(pred)
        n_gold += len(gold)
    if not tp:
        return 0.0
    p, r = tp / n_pred, tp / n_gold
    return 2 * p * r / (p + r)
