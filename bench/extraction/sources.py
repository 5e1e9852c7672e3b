"""Unlabelled documents to extract from, read one at a time: never the whole corpus in memory.

    articles.jsonl           one JSON object per line with `id` and `text` (other fields ignored)
    articles/                a folder of .txt files; the id is the file name without .txt
    articles.parquet         a Parquet file with `id` and `text` columns
    hf:PATH_OR_NAME:SPLIT    a Hugging Face dataset (a local folder, or a name already in the local cache)

`check()` reads the input once and returns every problem (file, line, field) before any extraction starts;
`documents()` then yields `{"id", "text"}` dicts in input order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from bench.problems import Problem, ProblemsFound

HF_PREFIX = "hf:"


def _printable(name: str) -> str:
    """A file name as it can be printed: undecodable bytes (a name that is not UTF-8) shown escaped."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _valid_id(value) -> Optional[str]:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        return None
    return str(value)


@dataclass(frozen=True)
class NotARecord:
    """Yielded in place of an id for an input line that is not a record at all (`check` reports it)."""

    message: str


@dataclass
class Source:
    """One input; subclasses implement `_records()` -> (line or row, id, text) and may add warnings."""

    path: Path
    warnings: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return str(self.path)

    def _records(self) -> Iterator[tuple[Optional[int], object, object]]:
        raise NotImplementedError

    def check(self) -> list[Problem]:
        """Every bad record (missing id or text, duplicate id) of the input, in one pass."""
        problems, seen = [], {}
        count = 0
        try:
            for where, raw_id, text in self._records():
                if isinstance(raw_id, NotARecord):
                    problems.append(Problem(str(self.path), where, raw_id.message))
                    continue
                doc_id = _valid_id(raw_id)
                if doc_id is None:
                    problems.append(Problem(str(self.path), where, "missing or invalid `id` (a non-empty string)",
                                            field="id"))
                    continue
                if not isinstance(text, str):
                    problems.append(Problem(str(self.path), where, "missing or invalid `text` (a string)", doc_id,
                                            "text"))
                    continue
                if doc_id in seen:
                    first = seen[doc_id]
                    problems.append(Problem(str(self.path), where, "duplicate id"
                                            + (f" (first on line {first})" if first is not None else ""), doc_id, "id"))
                    continue
                seen[doc_id] = where
                count += 1
        except ProblemsFound as exc:
            return problems + exc.problems
        if not count and not problems:
            problems.append(Problem(str(self.path), None, "the input holds no documents"))
        return problems

    def documents(self) -> Iterator[dict]:
        for _, raw_id, text in self._records():
            yield {"id": str(raw_id), "text": text}


class JsonlSource(Source):
    def _records(self):
        from bench.dataset import iter_jsonl

        for lineno, obj in iter_jsonl(self.path):
            if not isinstance(obj, dict):
                yield lineno, NotARecord(f"expected a JSON object with id and text, got {type(obj).__name__}"), None
                continue
            yield lineno, obj.get("id"), obj.get("text")


class TextFolderSource(Source):
    """A folder of .txt files in name order. A file whose name is not valid UTF-8 is skipped with a warning
    (its id could not be written to the output), never an abort."""

    def _files(self) -> list[Path]:
        files = []
        for p in sorted(self.path.iterdir(), key=lambda p: p.name.encode("utf-8", "surrogateescape")):
            if p.suffix != ".txt" or not p.is_file():
                continue
            try:
                p.name.encode("utf-8")
            except UnicodeEncodeError:
                message = (f"{_printable(str(p))}: skipped: the file name is not valid UTF-8, so it cannot be a "
                           "document id (rename the file)")
                if message not in self.warnings:
                    self.warnings.append(message)
                continue
            files.append(p)
        return files

    def _records(self):
        for f in self._files():
            try:
                text = f.read_bytes().decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ProblemsFound([Problem(str(f), None, f"not valid UTF-8 (byte {exc.start})")])
            except OSError as exc:
                raise ProblemsFound([Problem(str(f), None, f"cannot read: {exc.strerror or exc}")])
            yield None, f.stem, text

    def check(self) -> list[Problem]:
        if not self._files():
            return [Problem(str(self.path), None, "the folder holds no readable .txt files")]
        problems = []
        for f in self._files():
            try:
                f.read_bytes().decode("utf-8")
            except UnicodeDecodeError as exc:
                problems.append(Problem(str(f), None, f"not valid UTF-8 (byte {exc.start})"))
            except OSError as exc:
                problems.append(Problem(str(f), None, f"cannot read: {exc.strerror or exc}"))
        return problems


class ParquetSource(Source):
    BATCH = 256

    def _records(self):
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            pf = pq.ParquetFile(self.path)
        except (pa.ArrowException, OSError) as exc:
            raise ProblemsFound([Problem(str(self.path), None, f"not a readable Parquet file: {exc}")])
        missing = [c for c in ("id", "text") if c not in pf.schema_arrow.names]
        if missing:
            raise ProblemsFound([Problem(str(self.path), None, f"no column {', '.join(missing)} (expected id and text)")])
        row = 0
        for batch in pf.iter_batches(batch_size=self.BATCH, columns=["id", "text"]):
            for doc_id, text in zip(batch.column(0).to_pylist(), batch.column(1).to_pylist()):
                row += 1
                yield row, doc_id, text


class HuggingFaceSource(Source):
    """`hf:PATH_OR_NAME:SPLIT`: `datasets.load_dataset` (memory-mapped Arrow files, offline)."""

    def __init__(self, spec: str, name: str, split: str):
        super().__init__(Path(spec))
        self.name, self.split = name, split
        self._dataset = None

    def describe(self) -> str:
        return f"Hugging Face dataset {self.name} (split {self.split})"

    def dataset(self):
        if self._dataset is None:
            from datasets import load_dataset

            try:
                ds = load_dataset(self.name, split=self.split)
            except Exception as exc:  # noqa: BLE001 - any loader failure is a bad input, reported in one line
                raise ProblemsFound([Problem(str(self.path), None, f"cannot load the dataset: {type(exc).__name__}: {exc}")])
            missing = [c for c in ("id", "text") if c not in ds.column_names]
            if missing:
                raise ProblemsFound([Problem(str(self.path), None, f"no column {', '.join(missing)} "
                                                                   f"(columns: {', '.join(ds.column_names)})")])
            self._dataset = ds.select_columns(["id", "text"])
        return self._dataset

    def _records(self):
        for row, rec in enumerate(self.dataset().iter(batch_size=1), start=1):
            yield row, rec["id"][0], rec["text"][0]


def open_source(spec: str, cwd: Path) -> Source:
    """The source named by `input=` (relative paths are relative to `cwd`); ProblemsFound when it is absent."""
    if spec.startswith(HF_PREFIX):
        rest = spec[len(HF_PREFIX):]
        name, sep, split = rest.rpartition(":")
        if not sep or not name or not split:
            raise ProblemsFound([Problem(spec, None, "expected hf:PATH_OR_NAME:SPLIT, e.g. hf:data:test")])
        local = Path(name).expanduser()
        local = local if local.is_absolute() else cwd / local
        return HuggingFaceSource(spec, str(local) if local.exists() else name, split)
    path = Path(spec).expanduser()
    path = path if path.is_absolute() else cwd / path
    if not path.exists():
        raise ProblemsFound([Problem(str(path), None, "no such file or folder")])
    if path.is_dir():
        return TextFolderSource(path)
    if path.suffix == ".parquet":
        return ParquetSource(path)
    return JsonlSource(path)
