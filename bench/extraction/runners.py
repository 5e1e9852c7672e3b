"""Running one extractor over a stream of documents, in input order, three ways:

* in this process (`num_proc=1`), batch by batch;
* on N processes of this machine (`num_proc=N`) through `datasets.Dataset.map(num_proc=N)`: the documents
  are staged into an Arrow file on disk (memory-mapped, never all in memory), each process runs the same
  extractor on a contiguous shard, and the results come back in input order;
* on a Ray cluster (`runner=ray`, extra `claimbench[ray]`) through Ray Data `map_batches`, with the order
  preserved; a local `ray.init()` when no cluster is connected.

Workers rebuild the extractor from an `ExtractorSpec` (registry name, settings, model folder), so nothing
unpicklable crosses a process boundary; a trained-in-memory model is saved to a temporary folder first.
Forked `num_proc` workers skip the rebuild: they inherit the instance the runner was handed.
Predictions come back as JSON lines serialised by the worker that made them and are handed on as they are:
decoding and re-encoding them in the parent was serial work that capped the 2-process speed-up at ~1.3x.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

BATCH_SIZE = 32


@dataclass(frozen=True)
class ExtractorSpec:
    name: str
    settings: tuple = ()          # sorted (key, value) pairs of the model config
    load: Optional[str] = None    # a folder written by `save`

    def build(self):
        from baselines.registry import get_extractor

        extractor = get_extractor(self.name, progress=False, **dict(self.settings))
        if self.load:
            extractor.load(Path(self.load))
        return extractor


_WORKER_EXTRACTORS: dict[ExtractorSpec, object] = {}


def _worker_extractor(spec: ExtractorSpec):
    """One extractor per worker process and spec, built on first use."""
    if spec not in _WORKER_EXTRACTORS:
        _WORKER_EXTRACTORS[spec] = spec.build()
    return _WORKER_EXTRACTORS[spec]


def predict_batch(ids: list, texts: list, spec: ExtractorSpec) -> list[str]:
    """Predictions of one batch as JSON lines (a fixed, schema-free column type for Arrow)."""
    docs = [{"id": str(i), "text": t} for i, t in zip(ids, texts)]
    return [json.dumps(p, ensure_ascii=False) for p in _worker_extractor(spec).predict(docs)]


def _map_batch(batch: dict, spec: ExtractorSpec) -> dict:
    return {"prediction": predict_batch(batch["id"], batch["text"], spec)}


def _batches(docs: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch = []
    for doc in docs:
        batch.append(doc)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class Runner:
    """Where predictions are computed; `run(docs, on_line)` calls back with each prediction as one JSON line
    (no newline), in input order."""

    spec: ExtractorSpec
    extractor: object = None      # the in-process instance (num_proc=1 uses it directly)
    num_proc: int = 1
    batch_size: int = BATCH_SIZE
    progress: bool = False
    total: Optional[int] = None
    ray_address: Optional[str] = None
    ray_num_cpus: Optional[int] = None
    workdir: Optional[Path] = None
    _bar: object = field(default=None, repr=False)

    def run(self, docs: Iterable[dict], on_line: Callable[[str], None], kind: str = "local") -> None:
        with tempfile.TemporaryDirectory(prefix="claimbench-extract-", dir=self.workdir) as tmp:
            if kind == "ray":
                self._run_ray(docs, on_line, Path(tmp))
            elif self.num_proc > 1:
                self._run_processes(docs, on_line, Path(tmp))
            else:
                self._run_here(docs, on_line)

    # ----------------------------------------------------------------------------------------------
    def _progress(self, what: str):
        from tqdm.auto import tqdm

        return tqdm(total=self.total, desc=f"{self.spec.name}: {what}", unit="doc", disable=not self.progress,
                    leave=False)

    def _run_here(self, docs, on_line) -> None:
        extractor = self.extractor or self.spec.build()
        extractor.progress = False  # one bar over the whole stream, not one per batch
        with self._progress("extract") as bar:
            for batch in _batches(docs, self.batch_size):
                for pred in extractor.predict(batch):
                    on_line(json.dumps(pred, ensure_ascii=False))
                bar.update(len(batch))

    def _staged(self, docs, tmp: Path):
        """The documents as an Arrow file on disk, written batch by batch and memory-mapped when read."""
        import pyarrow as pa
        from datasets import Dataset

        path = tmp / "input.arrow"
        schema = pa.schema([("id", pa.string()), ("text", pa.string())])
        with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_stream(sink, schema) as writer:
            for batch in _batches(docs, 1024):
                writer.write_table(pa.table({"id": [d["id"] for d in batch], "text": [d["text"] for d in batch]},
                                            schema=schema))
        return Dataset.from_file(str(path))

    def _run_processes(self, docs, on_line, tmp: Path) -> None:
        from datasets import Features, Value
        from datasets.utils.logging import disable_progress_bar, enable_progress_bar

        if not self.progress:
            disable_progress_bar()
        # Where workers are forked (Linux), they inherit the extractor built here instead of building their own;
        # where they are spawned, they build it from the spec. Only for this run: the next may bring another.
        inherited = self.extractor is not None and self.spec not in _WORKER_EXTRACTORS
        if inherited:
            self.extractor.progress = False
            _WORKER_EXTRACTORS[self.spec] = self.extractor
        try:
            staged = self._staged(docs, tmp)
            if len(staged) == 0:
                return
            num_proc = min(self.num_proc, len(staged))
            out = staged.map(_map_batch, fn_kwargs={"spec": self.spec}, batched=True, batch_size=self.batch_size,
                             num_proc=num_proc, remove_columns=["id", "text"],
                             features=Features({"prediction": Value("string")}),
                             desc=f"{self.spec.name}: extract ({num_proc} processes)")
            for batch in out.iter(batch_size=256):
                for line in batch["prediction"]:
                    on_line(line)
        finally:
            if inherited:
                _WORKER_EXTRACTORS.pop(self.spec, None)
            enable_progress_bar()

    def _run_ray(self, docs, on_line, tmp: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            import ray
        except ModuleNotFoundError:
            raise RuntimeError("runner=ray needs Ray: pip install 'claimbench[ray]'") from None
        # Stage to Parquet batch by batch: Ray reads it in parallel blocks, and the corpus never sits in memory.
        staged = tmp / "input.parquet"
        schema = pa.schema([("id", pa.string()), ("text", pa.string())])
        rows = 0
        with pq.ParquetWriter(staged, schema) as writer:
            for batch in _batches(docs, 256):  # one row group each: Ray splits the work along them
                writer.write_table(pa.table({"id": [d["id"] for d in batch], "text": [d["text"] for d in batch]},
                                            schema=schema))
                rows += len(batch)
        if rows == 0:
            return
        started_here = not ray.is_initialized()
        if started_here:
            ray.init(address=self.ray_address, num_cpus=self.ray_num_cpus if not self.ray_address else None,
                     include_dashboard=False, log_to_driver=False, configure_logging=False)
        import logging

        logging.getLogger("ray.data").setLevel(logging.ERROR)  # its per-run INFO lines drown our own output
        try:
            ctx = ray.data.DataContext.get_current()
            ctx.execution_options.preserve_order = True
            ctx.enable_progress_bars = self.progress
            spec = self.spec

            def fn(batch):
                return {"prediction": predict_batch(list(batch["id"]), list(batch["text"]), spec)}

            # Blocks of a few batches each: a small file would otherwise be one block, read by one worker.
            blocks = max(2, min(rows // (4 * self.batch_size), 1000))
            ds = ray.data.read_parquet(str(staged), override_num_blocks=blocks).map_batches(
                fn, batch_size=self.batch_size, batch_format="numpy")
            with self._progress("extract (ray)") as bar:
                for batch in ds.iter_batches(batch_size=256, batch_format="numpy"):
                    for line in batch["prediction"]:
                        on_line(str(line))
                    bar.update(len(batch["prediction"]))
        finally:
            if started_here:
                ray.shutdown()
