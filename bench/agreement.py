"""Inter-annotator agreement: score a second, independent annotation against the gold labels with the
project's own scorer (gold as reference, the second annotation as predictions)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from bench.authoring import SPLITS, load_authoring
from bench.dataset import default_data_dir, load_split
from bench.problems import Problem, ProblemsFound, errors_only
from bench.schema import Document, claim_to_dict


def as_submission(doc: Document) -> dict:
    """A gold-format document in the submission format (mentions without text, claims as they are)."""
    return {"id": doc.id,
            "mentions": [{"id": m.id, "label": m.label, "start": m.start, "end": m.end} for m in doc.mentions],
            "claims": [claim_to_dict(c) for c in doc.claims]}


def agreement(second_root: Path, data_dir: Optional[Path] = None, resamples: int = 1000) -> dict:
    """Score the annotation under `second_root` (authoring format) against the released gold documents
    with the same ids. Event ids are each annotator's own, so event-toll agreement is not reported.

    The second annotation may cover any subset of the documents (some documents of several groups). Its
    texts must be the gold texts byte for byte, since the scorer compares character offsets, and every
    document id must exist in the gold data. Guideline-lint findings (bench.lint) in the second
    annotation are counted, not refused: agreement is measured before adjudication."""
    from bench.scoring import score

    second = load_authoring(Path(second_root), lint=False)
    if errors_only(second.problems):
        raise ProblemsFound(errors_only(second.problems))
    gold_by_id = {d.id: d for s in SPLITS for d in load_split(s, data_dir or default_data_dir())}
    problems = []
    for doc in second.documents:
        where = str(Path(second_root) / "docs" / f"{doc.id}.txt")
        if doc.id not in gold_by_id:
            problems.append(Problem(where, None, f"no gold document with id {doc.id!r}", doc.id))
        elif doc.text != gold_by_id[doc.id].text:
            problems.append(Problem(where, _first_difference_line(doc.text, gold_by_id[doc.id].text),
                                    "the text differs from the gold text (offsets would not be comparable); "
                                    "copy the released text", doc.id))
    if problems:
        raise ProblemsFound(problems)
    if not second.documents:
        raise ProblemsFound([Problem(str(second_root), None, "the second annotation has no documents")])
    gold = [gold_by_id[d.id] for d in sorted(second.documents, key=lambda d: d.id)]
    result = score([as_submission(d) for d in second.documents], gold, resamples=resamples)
    return {
        "documents": len(gold),
        "event_groups": len({d.event_group for d in gold}),
        "gold_claims": sum(len(d.claims) for d in gold),
        "second_claims": sum(len(d.claims) for d in second.documents),
        "lint_findings_in_second": sum(1 for p in second.problems if p.severity == "warning" and p.doc_id),
        "span_f1_strict": {label: result["spans"]["strict"]["per_label"][label]["f1"]
                           for label in ("CASUALTY", "ACTOR", "CLAIMANT")},
        "span_f1_strict_micro": result["metrics"]["span_f1_strict"],
        "toll_f1": result["metrics"]["toll_f1"],
        "claim_f1": result["metrics"]["claim_f1"],
        "claim_f1_strict": result["metrics"]["claim_f1_strict"],
        "signature": result["signature"],
    }


def _first_difference_line(a: str, b: str) -> int:
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return a.count("\n", 0, i) + 1
