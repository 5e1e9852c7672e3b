"""The gold side of a score: documents, the dataset version and the evaluated split's checksum.

Gold comes from a released split (`split="test"`), a file in the dataset format, or a list of documents.
Whatever the route, gold whose records are byte-identical to a released split is that split: it gets the
split's name, version and checksum, so `score(path, load_split("test"))`, `--gold data/test.jsonl` and
`split="test"` all sign alike. The checksum covers the evaluated split's file only, never the others.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Sequence, Union

from bench.problems import Problem, ProblemsFound, RecordError
from bench.schema import Document, document_from_dict
from bench.scoring.signature import bytes_checksum, file_checksum


@dataclass
class GoldSet:
    documents: list[Document]
    dataset: str
    checksum: str
    split: str
    source: str


def released_splits(data_dir: Optional[Path] = None) -> dict[str, tuple[str, str]]:
    """checksum of each released split file -> (split, dataset version)."""
    import json

    from bench.authoring import SPLITS
    from bench.dataset import RELEASE_FILE, default_data_dir, split_path

    directory = Path(data_dir or default_data_dir())
    try:
        version = str(json.loads((directory / RELEASE_FILE).read_text(encoding="utf-8")).get("version", "unknown"))
    except (OSError, ValueError):
        version = "unknown"
    out = {}
    for split in SPLITS:
        path = split_path(directory, split)
        if path.is_file():
            out[file_checksum(path)] = (split, version)
    return out


def _recognised(checksum: str, split: Optional[str], source: str, docs: list[Document],
                data_dir: Optional[Path]) -> GoldSet:
    known = released_splits(data_dir).get(checksum)
    if known is not None and split in (None, known[0]):
        return GoldSet(docs, known[1], checksum, known[0], source)
    return GoldSet(docs, "custom", checksum, split or "custom", source)


def resolve_gold(gold: Union[None, str, os.PathLike, Sequence[Any]] = None, split: Optional[str] = None,
                 data_dir: Optional[Path] = None) -> GoldSet:
    """Gold documents with their version and checksum; ProblemsFound when they cannot be read."""
    from bench.dataset import default_data_dir, dump_record, load_split, read_documents, split_path, validate_file
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
        return _recognised(file_checksum(path), split, str(path), docs, directory)
    if isinstance(gold, (str, os.PathLike)):
        path = Path(gold)
        if not path.is_file():
            raise ProblemsFound([Problem(str(path), None, "no such gold file")])
        problems = validate_file(path)
        if errors_only(problems):
            raise ProblemsFound(problems)
        return _recognised(file_checksum(path), split, str(path), read_documents(path), data_dir)
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
    checksum = bytes_checksum("".join(dump_record(d) + "\n" for d in docs).encode("utf-8"))
    return _recognised(checksum, split, "<gold>", docs, data_dir)
