"""The score signature: everything that decides a number, in one line (after sacreBLEU's signatures).

    claimbench:0.1.0|data:0.1.0|checksum:3f2a9c0d1e4b5a67|split:test|schemes:strict,exact,partial,type|resamples:1000|seed:12345|ci:95|missing:error

Two results are comparable only when their signatures are equal. `data` and `checksum` come from
`bench.dataset.release_info()` when scoring against a released split; for a gold file given with --gold,
data is `custom` and the checksum is the first 16 hex digits of the file's sha256.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Sequence

ORDER = ("claimbench", "data", "checksum", "split", "schemes", "resamples", "seed", "ci", "missing")


def signature_fields(*, scorer: str, dataset: str, checksum: str, split: str, schemes: Sequence[str],
                     resamples: int, seed: int, confidence: float, allow_missing: bool) -> dict:
    return {
        "claimbench": scorer,
        "data": dataset,
        "checksum": checksum,
        "split": split,
        "schemes": list(schemes),
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
