"""Dataset statistics: one function computing them and the rows of the table that shows them, shared by
`claimbench data stats` and the dataset card."""

from __future__ import annotations

from collections import Counter

from bench.schema import LABELS, OUTCOMES, Document


# (title, key) rows of the statistics table, shared by `claimbench data stats` and the dataset card.
STAT_ROWS = ([("documents", "documents"), ("tokens", "tokens")]
             + [(f"mentions: {label}", f"mentions_{label}") for label in LABELS]
             + [("claims", "claims")] + [(f"claims: {o}", f"claims_{o}") for o in OUTCOMES]
             + [("events", "events"), ("event groups", "event_groups")])


def stat_row_total(stats: dict, key: str) -> int:
    """Events and groups are counted once overall (a background event may appear in two splits)."""
    if key in ("events", "event_groups"):
        return stats[key]
    return sum(stats["per_split"][s][key] for s in stats["per_split"])


def statistics(documents: dict[str, list[Document]]) -> dict:
    all_docs = [d for docs in documents.values() for d in docs]
    labels = Counter(m.label for d in all_docs for m in d.mentions)
    outcomes = Counter(c.outcome for d in all_docs for c in d.claims)
    per_split = {}
    for split, docs in documents.items():
        per_split[split] = {
            "documents": len(docs),
            "tokens": sum(len(d.tokens) for d in docs),
            **{f"mentions_{label}": sum(1 for d in docs for m in d.mentions if m.label == label) for label in LABELS},
            "claims": sum(len(d.claims) for d in docs),
            **{f"claims_{o}": sum(1 for d in docs for c in d.claims if c.outcome == o) for o in OUTCOMES},
            "events": len({e.id for d in docs for e in d.events}),
            "event_groups": len({d.event_group for d in docs}),
        }
    return {
        "documents": len(all_docs),
        "seed_documents": sum(1 for d in all_docs if d.provenance == "seed"),
        "authored_documents": sum(1 for d in all_docs if d.provenance == "authored"),
        "tokens": sum(len(d.tokens) for d in all_docs),
        "mentions": {label: labels.get(label, 0) for label in LABELS},
        "claims": sum(len(d.claims) for d in all_docs),
        "claims_by_outcome": {o: outcomes.get(o, 0) for o in OUTCOMES},
        "events": len({e.id for d in all_docs for e in d.events}),
        "event_groups": len({d.event_group for d in all_docs}),
        "conflicts": sorted({d.conflict for d in all_docs if d.conflict}),
        "per_split": per_split,
    }
