"""The score signature: everything that decides a number, in one line (after sacreBLEU's signatures).

    claimbench:0.2.0|code:5d1c0a9e2b7f|data:0.2.0|split:test|checksum:3f2a9c0d1e4b5a67|schemes:strict,exact,partial,type|unit:group|resamples:1000|seed:12345|ci:95|missing:error

Two results are comparable only when their signatures are equal, and two results with equal signatures
are comparable:

* `code` is a hash of the scorer's own source: every file under `bench/scoring/`, the submission reader
  (`bench/submission.py`), the record schema and the toll normaliser, so a patched scorer signs
  differently even under the same version string.
* `checksum` is the first 16 hex digits of the sha256 of the evaluated split's file only (editing
  train.jsonl does not change a test signature). `data` is the dataset version of a released split, or
  `custom` for gold that is not one (a gold file or list whose records are byte-identical to a released
  split is recognised as that split).
* options come in a canonical order (schemes in the order of `spans.SCHEMES`, whatever order was asked).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Sequence

ORDER = ("claimbench", "code", "data", "split", "checksum", "schemes", "unit", "resamples", "seed", "ci", "missing")
_PACKAGE = Path(__file__).resolve().parent.parent  # bench/
SCORER_SOURCES = ("scoring/*.py", "submission.py", "schema.py", "tolls.py", "problems.py")


@lru_cache(maxsize=1)
def code_hash() -> str:
    """sha256 over (relative path, bytes) of every scorer source file, in path order: 12 hex digits."""
    h = hashlib.sha256()
    files = sorted({p for pattern in SCORER_SOURCES for p in _PACKAGE.glob(pattern)})
    for path in files:
        h.update(path.relative_to(_PACKAGE).as_posix().encode("utf-8") + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()[:12]


def signature_fields(*, scorer: str, dataset: str, checksum: str, split: str, schemes: Sequence[str],
                     unit: str, resamples: int, seed: int, confidence: float, allow_missing: bool) -> dict:
    from bench.scoring.spans import SCHEMES

    return {
        "claimbench": scorer,
        "code": code_hash(),
        "data": dataset,
        "split": split,
        "checksum": checksum,
        "schemes": [s for s in SCHEMES if s in schemes],
        "unit": unit,
        "resamples": int(resamples),
        "seed": int(seed),
        "ci": round(confidence * 100, 6),
        "missing": "empty" if allow_missing else "error",
    }


def format_signature(fields: dict) -> str:
    def show(value) -> str:
        if isinstance(value, (list, tuple)):
            return ",".join(map(str, value))
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    return "|".join(f"{key}:{show(fields[key])}" for key in ORDER if key in fields)


def file_checksum(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


def bytes_checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]
