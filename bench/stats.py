"""Dataset statistics: sizes per split, attribution difficulty, and document counts per annotated
phenomenon. One function computes each; `claimbench data stats` and the dataset card show them, and
bench.targets compares them with the release targets."""

from __future__ import annotations

from collections import Counter
from typing import Callable

from bench.schema import LABELS, OUTCOMES, Claim, Document
from bench.sentences import has_reporting_verb, inside_quotes, is_hard_wrapped, sentence_bounds, sentence_of


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
    group_splits: dict[str, set[str]] = {}
    for split, docs in documents.items():
        for d in docs:
            group_splits.setdefault(d.event_group, set()).add(split)
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
        "outlets": sorted({d.outlet for d in all_docs if d.outlet}),
        "seeds_outside_test": sorted(d.id for s, docs in documents.items() if s != "test" for d in docs
                                     if d.provenance == "seed"),
        "groups_in_several_splits": sorted(g for g, splits in group_splits.items() if len(splits) > 1),
        "per_split": per_split,
        "difficulty": difficulty(all_docs),
        "phenomena": phenomena(all_docs),
    }


# --------------------------------------------------------------------------------------------------
# attribution difficulty


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


class _Layout:
    """Sentences, wrapping and quotations of one document, computed once."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.wrapped = is_hard_wrapped(doc.text)
        self.bounds = sentence_bounds(doc.text)
        self.mentions = {m.id: m for m in doc.mentions}

    def sentence(self, pos: int) -> int:
        return sentence_of(self.bounds, pos)

    def claimant_outside(self, claim: Claim) -> bool:
        cas, who = self.mentions.get(claim.casualty), self.mentions.get(claim.claimant)
        return cas is not None and who is not None and self.sentence(cas.start) != self.sentence(who.start)

    def quoted(self, mention_id: str) -> bool:
        m = self.mentions[mention_id]
        return inside_quotes(self.doc.text, m.start, self.wrapped)

    def unattributed_near_reporting_verb(self, claim: Claim) -> bool:
        cas = self.mentions.get(claim.casualty)
        if cas is None:
            return False
        start, end = self.bounds[self.sentence(cas.start)]
        return has_reporting_verb(self.doc.text[start:end])


def difficulty(docs: list[Document]) -> dict:
    """The attribution-difficulty shares (definitions in bench.sentences; targets in bench.targets):
    attributed claims whose claimant mention lies outside the casualty mention's sentence, CASUALTY
    mentions inside quotation marks, hard-wrapped documents, and (reported only) unattributed claims whose
    figure shares its sentence with a reporting verb."""
    attributed = outside = casualties = quoted = wrapped = unattributed = near_verb = 0
    for doc in docs:
        layout = _Layout(doc)
        wrapped += layout.wrapped
        for m in doc.mentions:
            if m.label == "CASUALTY":
                casualties += 1
                quoted += layout.quoted(m.id)
        for c in doc.claims:
            if c.claimant is not None:
                attributed += 1
                outside += layout.claimant_outside(c)
            else:
                unattributed += 1
                near_verb += layout.unattributed_near_reporting_verb(c)
    return {
        "attributed_claims": attributed,
        "claimant_outside_sentence": _ratio(outside, attributed),
        "casualty_mentions": casualties,
        "casualty_in_quotes": _ratio(quoted, casualties),
        "hard_wrapped_documents": wrapped,
        "hard_wrapped": _ratio(wrapped, len(docs)),
        "unattributed_claims": unattributed,
        "unattributed_with_reporting_verb": _ratio(near_verb, unattributed),
    }


# --------------------------------------------------------------------------------------------------
# phenomena: how many documents show each, measured from the gold labels


def _any_claim(test: Callable[[Claim], bool]) -> Callable[[Document, _Layout], bool]:
    return lambda doc, layout: any(test(c) for c in doc.claims)


def _two_claims_on_one_figure(doc: Document, layout: _Layout) -> bool:
    return any(n > 1 for n in Counter(c.casualty for c in doc.claims).values())


PHENOMENA: dict[str, Callable[[Document, _Layout], bool]] = {
    "killed_or_injured": _any_claim(lambda c: c.outcome == "killed_or_injured"),
    "explicit_zero": _any_claim(lambda c: (c.toll.low, c.toll.high) == (0, 0)),
    "restates": _any_claim(lambda c: c.restates is not None),
    "subsets": _any_claim(lambda c: c.subset_of is not None),
    "denied": _any_claim(lambda c: c.modality == "denied"),
    "hedged": _any_claim(lambda c: c.modality == "hedged"),
    "self_claims": _any_claim(lambda c: c.claimant is not None and c.claimant in c.actors),
    "vague": _any_claim(lambda c: c.toll.vague_term is not None),
    "approximate": _any_claim(lambda c: c.toll.approximate),
    "ranges": _any_claim(lambda c: c.toll.low is not None and c.toll.high is not None and c.toll.low < c.toll.high),
    "upper_bounds": _any_claim(lambda c: c.toll.low is None and c.toll.high is not None),
    "injured": _any_claim(lambda c: c.outcome == "injured"),
    "missing": _any_claim(lambda c: c.outcome == "missing"),
    "abducted": _any_claim(lambda c: c.outcome == "abducted"),
    "unattributed": _any_claim(lambda c: c.claimant is None),
    "two_claims_one_figure": _two_claims_on_one_figure,
    "casualty_in_quotes": lambda doc, layout: any(layout.quoted(m.id) for m in doc.mentions if m.label == "CASUALTY"),
    "claimant_outside_sentence": lambda doc, layout: any(layout.claimant_outside(c) for c in doc.claims
                                                         if c.claimant is not None),
    "hard_wrapped": lambda doc, layout: layout.wrapped,
    "several_events": lambda doc, layout: len({c.event for c in doc.claims}) > 1,
    "no_claims": lambda doc, layout: not doc.claims,
}


def phenomena(docs: list[Document]) -> dict[str, int]:
    """Documents showing each phenomenon of PHENOMENA (a document counts once per phenomenon)."""
    counts = dict.fromkeys(PHENOMENA, 0)
    for doc in docs:
        layout = _Layout(doc)
        for name, shows in PHENOMENA.items():
            counts[name] += bool(shows(doc, layout))
    return counts
