"""Hugging Face `datasets` view of the released files: the feature types and a loader.

`datasets` is imported inside the functions so that `import bench` stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from bench.schema import TAG_NAMES


def features():
    from datasets import ClassLabel, Features, List, Value

    string, int32 = Value("string"), Value("int32")
    return Features({
        "id": string,
        "title": string,
        "text": string,
        "language": string,
        "published": string,
        "outlet": string,
        "provenance": string,
        "license": string,
        "event_group": string,
        "conflict": string,
        "style": string,
        "mentions": List({"id": string, "label": string, "start": int32, "end": int32, "text": string}),
        "claims": List({
            "id": string, "casualty": string, "claimant": string, "actors": List(string),
            "outcome": string, "victims": string,
            "toll": {"low": int32, "high": int32, "vague_term": string, "approximate": Value("bool")},
            "subset_of": string, "event": string, "modality": string, "restates": string,
        }),
        "events": List({"id": string, "date": string, "location": string, "description": string}),
        "tokens": List(string),
        "token_offsets": List(List(int32)),
        "ner_tags": List(ClassLabel(names=list(TAG_NAMES))),
    })


def load_hf(data_dir: Optional[Path] = None, split: Optional[str] = None):
    """`datasets.load_dataset` on the repository's data/ folder (offline: it reads only local files)."""
    import os

    from datasets import load_dataset

    from bench.dataset import default_data_dir, release_info

    data_dir = Path(data_dir or default_data_dir())
    # `datasets` keys its cache of a local folder on the file names, not their bytes, so a rebuilt dataset
    # could be served stale; a cache folder per release checksum makes every rebuild load fresh.
    cache_root = Path(os.environ.get("CLAIMBENCH_CACHE", Path.home() / ".cache" / "claimbench"))
    cache_dir = cache_root / "hf" / release_info(data_dir)["checksum"]
    return load_dataset(str(data_dir), split=split, cache_dir=str(cache_dir))
