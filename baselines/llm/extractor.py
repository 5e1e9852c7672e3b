"""The `llm` extractor: a chat model behind an OpenAI-compatible endpoint, prompted for the output contract.

    claimbench run model=llm model.base_url=http://127.0.0.1:8000/v1 model.model=NAME prompt=few_shot

For every document: build the prompt (`prompts`), ask the endpoint (`client`, through the response cache),
read the reply (`contract.parse_response`), locate its quotes and normalise its tolls (`assemble`), and log
the whole exchange as one JSONL line. Requests run in parallel up to `concurrency`. What happened is part of
the result: `report()` gives requests, cache hits, retries, failed requests, parse outcomes, dropped
quotes, replaced tolls, tokens and wall time, and `shown_documents()` the documents the prompt showed.
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Optional, Sequence

from baselines.base import Extractor
from baselines.llm.assemble import AssemblyCounts, assemble
from baselines.llm.cache import ResponseCache
from baselines.llm.client import ChatClient, EndpointError, Reply, RequestFailed, Sampling
from baselines.llm.contract import parse_response, response_format
from baselines.llm.prompts import PromptBuilder, PromptSpec
from baselines.registry import register
from baselines.text import doc_fields

SAMPLES_FILE = "llm_samples.jsonl"
EXAMPLES_FILE = "few_shot_examples.jsonl"


@register("llm")
class LLMExtractor(Extractor):
    def __init__(self, base_url: str = "http://127.0.0.1:8000/v1", model: str = "", api_key_env: Optional[str] = None,
                 temperature: float = 0.0, max_tokens: int = 512, seed: Optional[int] = 0, top_p: Optional[float] = None,
                 concurrency: int = 1, timeout_s: float = 120.0, retries: int = 3, backoff_s: float = 1.0,
                 structured_output: bool = True, cache: Optional[str] = None, log_dir: Optional[str] = None,
                 prompt: Optional[dict] = None, progress: bool = False, **unknown: Any):
        super().__init__(progress=progress, **unknown)   # a misspelt setting is an error, not ignored
        if not model:
            raise ValueError("model.model: name the model the endpoint serves (e.g. model.model=HuggingFaceTB/"
                             "SmolLM2-135M-Instruct)")
        if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
            raise ValueError(f"model.base_url: expected an http:// or https:// URL, got {base_url!r}")
        if int(concurrency) < 1:
            raise ValueError("model.concurrency: expected at least 1")
        if not prompt:
            raise ValueError("model=llm needs a prompt template (prompt=zero_shot, few_shot or guidelines)")
        from bench.locations import find_checkout

        self.settings = {"base_url": base_url, "model": model, "temperature": temperature, "max_tokens": max_tokens,
                         "seed": seed, "top_p": top_p, "structured_output": structured_output}
        self.spec = PromptSpec.from_settings(dict(prompt))
        # Relative template paths (the guidelines) resolve in the checkout around the working directory,
        # else in the one this package runs from.
        self.prompts = PromptBuilder(self.spec, find_checkout() or Path(__file__).resolve().parents[2])
        self.trainable = self.prompts.needs_examples   # few-shot examples are drawn from train in `fit`
        self.sampling = Sampling(temperature=float(temperature), max_tokens=int(max_tokens),
                                 seed=None if seed is None else int(seed), top_p=top_p)
        self.base_url, self.model = base_url, model
        self.api_key_env = api_key_env
        self.concurrency = int(concurrency)
        self.timeout_s, self.retries, self.backoff_s = float(timeout_s), int(retries), float(backoff_s)
        self.structured_output = bool(structured_output)
        self.cache_path = Path(cache).expanduser() if cache else None
        self.log_dir = Path(log_dir).expanduser() if log_dir else None
        self._report: dict[str, Any] = {}

    # ---------------------------------------------------------------------------------------------
    # Extractor interface

    def fit(self, train_docs: Sequence[Any], validation_docs: Optional[Sequence[Any]] = None) -> "LLMExtractor":
        """Draw the few-shot examples, from the training documents only."""
        self.prompts.set_examples(list(train_docs))
        self.selected = {"few_shot_examples": [d.id for d in self.prompts.examples]}
        return self

    def save(self, path) -> None:
        from bench.dataset import dump_record

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / EXAMPLES_FILE).write_text("".join(dump_record(d) + "\n" for d in self.prompts.examples), encoding="utf-8")

    def load(self, path) -> "LLMExtractor":
        from bench.dataset import read_documents

        file = Path(path) / EXAMPLES_FILE
        if not file.is_file():
            raise FileNotFoundError(f"model.load: no {EXAMPLES_FILE} in {path} (written by a few-shot `claimbench run`)")
        examples = read_documents(file)
        if len(examples) != self.spec.k:
            raise ValueError(f"model.load: {file} holds {len(examples)} examples but prompt.k={self.spec.k}")
        self.prompts.examples = examples
        self.selected = {"few_shot_examples": [d.id for d in examples]}
        return self

    def set_run_dir(self, path) -> None:
        if self.log_dir is None:
            self.log_dir = Path(path)

    def shown_documents(self) -> list[dict]:
        return [s.as_dict() for s in self.prompts.shown]

    def report(self) -> dict[str, Any]:
        return dict(self._report)

    def predict(self, docs: Sequence[Any]) -> list[dict]:
        docs = list(docs)
        if self.prompts.needs_examples and not self.prompts.examples:
            raise ValueError(f"prompt={self.spec.variant} shows {self.spec.k} training examples: call fit() with "
                             "the train split first (claimbench run does)")
        cache = ResponseCache(self.cache_path) if self.cache_path else None
        client = ChatClient(self.base_url, self.model, api_key_env=self.api_key_env, sampling=self.sampling,
                            timeout_s=self.timeout_s, retries=self.retries, backoff_s=self.backoff_s,
                            structured_output=self.structured_output, cache=cache,
                            response_format=response_format())
        fields = [doc_fields(d) for d in docs]
        titles = [getattr(d, "title", None) if not isinstance(d, dict) else d.get("title") for d in docs]
        messages = [self.prompts.messages(text, title) for (_, text, _), title in zip(fields, titles)]
        t0 = time.perf_counter()
        try:
            replies = self._ask(client, messages, [f[0] for f in fields])
        finally:
            client.close()
            if cache is not None:
                cache.close()
        wall = time.perf_counter() - t0
        predictions, totals, parses, samples = [], AssemblyCounts(), {"ok": 0, "salvaged": 0, "failed": 0}, []
        failed_docs = []
        for (doc_id, text, _), msgs, reply in zip(fields, messages, replies):
            if isinstance(reply, RequestFailed):
                failed_docs.append(doc_id)
                predictions.append({"id": doc_id, "mentions": [], "claims": []})
                samples.append({"doc_id": doc_id, "messages": msgs, "error": str(reply)})
                continue
            parsed = parse_response(reply.content)
            parses[parsed.outcome] += 1
            prediction, counts = assemble(doc_id, text, parsed.claims)
            totals.add(counts)
            predictions.append(prediction)
            samples.append({"doc_id": doc_id, "request_key": reply.key, "cached": reply.cached, "messages": msgs,
                            "response": reply.content, "finish_reason": reply.finish_reason,
                            "usage": {"prompt_tokens": reply.prompt_tokens, "completion_tokens": reply.completion_tokens},
                            "retries": reply.retries, "seconds": round(reply.seconds, 3),
                            "parse": {"outcome": parsed.outcome, "error": parsed.error, **counts.as_dict(),
                                      "unlocated_quotes": counts.unlocated},
                            "prediction": prediction})
        self._write_samples(samples)
        c = client.counters
        tokens = c.prompt_tokens + c.completion_tokens
        self._report = {
            "endpoint": self.base_url, "model": self.model, "prompt": self.spec.variant,
            "decoding": self.sampling.as_request(),
            "requests": c.requests, "cache_hits": c.cache_hits, "retries": c.retries,
            "failed_requests": c.failures, "failed_documents": failed_docs,
            "parse_ok": parses["ok"], "parse_salvaged": parses["salvaged"], "parse_failures": parses["failed"],
            **totals.as_dict(),
            "structured_output": ("not requested" if not self.structured_output else
                                  "rejected by the server" if c.structured_output is False else "requested"),
            "prompt_tokens": c.prompt_tokens, "completion_tokens": c.completion_tokens,
            "wall_seconds": round(wall, 3),
            "docs_per_second": round(len(docs) / wall, 3) if wall > 0 else None,
            "completion_tokens_per_second": round(c.completion_tokens / wall, 2) if wall > 0 and tokens else None,
            "shown_documents": self.shown_documents(),
            "cache": str(self.cache_path) if self.cache_path else None,
            "samples": str(self.log_dir / SAMPLES_FILE) if self.log_dir else None,
        }
        return predictions

    # ---------------------------------------------------------------------------------------------

    def _ask(self, client: ChatClient, messages: list[list[dict]], ids: list[str]) -> list[Any]:
        """Replies (or RequestFailed) in document order; EndpointError stops everything."""
        bar = None
        if self.progress and len(messages) > 1:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(messages), desc=f"llm: {self.model}", unit="doc", leave=False)
        lock = threading.Lock()
        started = time.perf_counter()
        stop = threading.Event()

        def one(i: int) -> Any:
            if stop.is_set():
                return None
            try:
                reply: Any = client.complete(messages[i])
            except RequestFailed as exc:
                reply = exc
            except EndpointError:
                stop.set()
                raise
            if bar is not None:
                with lock:
                    c = client.counters
                    elapsed = max(time.perf_counter() - started, 1e-9)
                    bar.set_postfix(requests=c.requests, cached=c.cache_hits, failed=c.failures,
                                    tok_s=f"{c.completion_tokens / elapsed:.1f}", refresh=False)
                    bar.update(1)
            return reply

        try:
            with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
                futures = [pool.submit(one, i) for i in range(len(messages))]
                results = []
                for f in futures:
                    results.append(f.result())
        except EndpointError as exc:
            raise RuntimeError(str(exc)) from None
        finally:
            if bar is not None:
                bar.close()
        return results

    def _write_samples(self, samples: list[dict]) -> None:
        if self.log_dir is None:
            return
        self.log_dir.mkdir(parents=True, exist_ok=True)
        path = self.log_dir / SAMPLES_FILE
        with open(path, "w", encoding="utf-8") as fh:
            for s in samples:
                fh.write(json.dumps(s, ensure_ascii=False) + "\n")
