"""Hugging Face `datasets` view of the released files: a loader (the feature types are in bench.features).

`datasets` is imported inside the functions so that `import bench` stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from bench.features import features  # noqa: F401 - the feature types, re-exported


def load_hf(data_dir: Optional[Path] = None, split: Optional[str] = None):
    """`datasets.load_dataset` on the dataset folder (default: the checkout's data/, else the installed copy;
    offline: it reads only local files)."""
    import os

    from datasets import load_dataset

    from bench.dataset import default_data_dir, release_info

    data_dir = Path(data_dir or default_data_dir())
    # `datasets` keys its cache of a local folder on the file names, not their bytes, so a rebuilt dataset
    # could be served stale; a cache folder per release checksum makes every rebuild load fresh.
    cache_root = Path(os.environ.get("CLAIMBENCH_CACHE", Path.home() / ".cache" / "claimbench"))
    cache_dir = cache_root / "hf" / release_info(data_dir)["checksum"]
    return load_dataset(str(data_dir), split=split, cache_dir=str(cache_dir))
