"""The contamination guard: refuse to score predictions from a prompt that showed a scored document.

An extractor that shows its model documents with their answers (few-shot examples) records each one as
`{"id", "sha256"}` (sha256 of the text) in the run's metrics (`run.shown_documents`). Before a run is scored
and before a submission is added to the board, `check_shown` compares that list with the gold documents
being scored - by id and by text, so a copy under another id is caught too - and raises ProblemsFound
naming every overlap. `claimbench run` checks its own extractor; `claimbench leaderboard add` checks the
metrics.json that `claimbench run` wrote beside the predictions, when there is one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Optional, Sequence

from bench.problems import Problem, ProblemsFound

RUN_METRICS = "metrics.json"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def overlaps(shown: Sequence[dict], gold: Sequence[Any]) -> list[tuple[str, str]]:
    """(shown id, gold id) for every shown document that is one of `gold` by id or by text."""
    by_id = {d.id: d.id for d in gold}
    by_hash = {text_sha256(d.text): d.id for d in gold}
    found = []
    for s in shown:
        gid = by_id.get(s.get("id")) or by_hash.get(s.get("sha256"))
        if gid is not None:
            found.append((str(s.get("id")), gid))
    return found


def check_shown(shown: Sequence[dict], gold: Sequence[Any], split: str, where: str) -> None:
    """Raise ProblemsFound when the prompt showed any document of the scored `split`."""
    hits = overlaps(shown, gold)
    if hits:
        raise ProblemsFound([
            Problem(where, None, f"contaminated: the prompt showed {sid!r}, which is the {split} document {gid!r}; "
                                 f"predictions from a prompt that contains a {split} document are not scored "
                                 "(few-shot examples must come from train)")
            for sid, gid in hits])


def shown_in_run(predictions: Path) -> Optional[tuple[Path, list[dict]]]:
    """The shown documents recorded by the `claimbench run` that wrote `predictions` (its metrics.json in the
    same folder), or None when the predictions do not come from a run folder."""
    metrics = Path(predictions).parent / RUN_METRICS
    if not metrics.is_file():
        return None
    try:
        data = json.loads(metrics.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProblemsFound([Problem(str(metrics), None, f"cannot read the run's metrics: {exc}")]) from None
    run = data.get("run") if isinstance(data, dict) else None
    shown = run.get("shown_documents", []) if isinstance(run, dict) else []
    if not isinstance(shown, list) or not all(isinstance(s, dict) for s in shown):
        raise ProblemsFound([Problem(str(metrics), None, "run.shown_documents: expected a list of {id, sha256}")])
    return metrics, shown
