"""Inter-annotator agreement: score a second, independent annotation against the gold labels with the
project's own scorer (gold as reference, the second annotation as predictions)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from bench.authoring import SPLITS, load_authoring
from bench.dataset import default_data_dir, load_split
from bench.problems import ProblemsFound, errors_only
from bench.schema import Document, claim_to_dict


def as_submission(doc: Document) -> dict:
    """A gold-format document in the submission format (mentions without text, claims as they are)."""
    return {"id": doc.id,
            "mentions": [{"id": m.id, "label": m.label, "start": m.start, "end": m.end} for m in doc.mentions],
            "claims": [claim_to_dict(c) for c in doc.claims]}


def agreement(second_root: Path, data_dir: Optional[Path] = None, resamples: int = 1000) -> dict:
    """Score the annotation under `second_root` (authoring format) against the released gold documents
    with the same ids. Event ids are each annotator's own, so event-toll agreement is not reported."""
    from bench.scoring import score

    second = load_authoring(Path(second_root))
    if errors_only(second.problems):
        raise ProblemsFound(errors_only(second.problems))
    ids = {d.id for d in second.documents}
    gold = [d for s in SPLITS for d in load_split(s, data_dir or default_data_dir()) if d.id in ids]
    result = score([as_submission(d) for d in second.documents], gold, resamples=resamples)
    return {
        "documents": len(gold),
        "span_f1_strict": {label: result["spans"]["strict"]["per_label"][label]["f1"]
                           for label in ("CASUALTY", "ACTOR", "CLAIMANT")},
        "span_f1_strict_micro": result["metrics"]["span_f1_strict"],
        "toll_f1": result["metrics"]["toll_f1"],
        "claim_f1": result["metrics"]["claim_f1"],
        "claim_f1_strict": result["metrics"]["claim_f1_strict"],
        "signature": result["signature"],
    }
