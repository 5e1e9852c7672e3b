"""Turn the claims a model returned into a submission-format prediction for one document.

Every quote is located in the document (`baselines.llm.locate`); a claim whose figure cannot be found is
dropped, as is a claimant or actor quote that cannot be found (the claim stays). A quote that would overlap
another mention of a different span is dropped too (mentions never overlap). Tolls follow `bench.tolls`,
the benchmark's one normaliser, wherever the model's toll is missing, malformed or disagrees with what the
normaliser reads in the quoted figure (a bare number may take any bound a qualifier outside the quote could
give it); the model's toll is also kept where the normaliser reads no figure.
Links (`subset_of`, `restates`) must point at an earlier kept claim, and a restatement must repeat its
target's outcome and figure; other links are dropped. Everything dropped or replaced is counted in
`AssemblyCounts`, which the run reports.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Optional

from baselines.llm.contract import choice, toll_of
from baselines.llm.locate import QuoteLocator
from bench.schema import Toll
from bench.tolls import find_toll


@dataclass
class AssemblyCounts:
    claims_returned: int = 0
    claims_kept: int = 0
    quotes_unlocated: int = 0          # figure, claimant and actor quotes not found in the document
    quotes_overlapping: int = 0        # located, but overlapping another mention
    claims_invalid: int = 0            # no figure or an outcome that stands for none of the schema's
    tolls_from_model: int = 0
    tolls_normalised: int = 0          # the model gave no valid toll: bench.tolls read the figure
    tolls_replaced: int = 0            # the model's toll disagreed with the figure: bench.tolls won
    links_dropped: int = 0             # subset_of / restates that point nowhere valid
    unlocated: list[str] = field(default_factory=list)

    def add(self, other: "AssemblyCounts") -> None:
        for k, v in asdict(other).items():
            setattr(self, k, getattr(self, k) + v)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("unlocated")
        return d


class _Mentions:
    def __init__(self, text: str):
        self.text = text
        self.items: list[dict] = []
        self.by_span: dict[tuple[int, int], dict] = {}

    def spans(self, label: Optional[str] = None) -> set[tuple[int, int]]:
        return {sp for sp, m in self.by_span.items() if label is None or m["label"] == label}

    def add(self, label: str, span: tuple[int, int], counts: AssemblyCounts) -> Optional[str]:
        existing = self.by_span.get(span)
        if existing is not None:
            if existing["label"] == label or (label == "ACTOR" and existing["label"] == "CLAIMANT"):
                return existing["id"]
            counts.quotes_overlapping += 1
            return None
        if any(span[0] < m["end"] and m["start"] < span[1] for m in self.items):
            counts.quotes_overlapping += 1
            return None
        m = {"id": f"m{len(self.items)}", "label": label, "start": span[0], "end": span[1],
             "text": self.text[span[0]:span[1]]}
        self.items.append(m)
        self.by_span[span] = m
        return m["id"]


def _position(value: Any) -> Optional[int]:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("c#").isdigit():
        return int(value.strip().lstrip("c#"))
    return None


def _toll(raw: Any, figure: str, counts: AssemblyCounts) -> Toll:
    model = toll_of(raw)
    read = find_toll(figure)
    if read is None:
        if model is not None:
            counts.tolls_from_model += 1
            return model
        counts.tolls_normalised += 1
        return Toll()
    if model is None:
        counts.tolls_normalised += 1
        return read
    if model.as_interval() in _readings(read):
        counts.tolls_from_model += 1
        return Toll(low=model.low, high=model.high, vague_term=read.vague_term or model.vague_term,
                    approximate=read.approximate or model.approximate)
    counts.tolls_replaced += 1
    return read


def _readings(read: Toll) -> set[tuple]:
    """Intervals consistent with the figure the normaliser read. A single number may carry a qualifier the
    quote left out ("passes 200" -> more than 200; guidelines section 3), so each bound that a qualifier
    could give it counts; a range or a vague word must be matched exactly."""
    low, high = read.as_interval()
    if low is None or low != high or read.vague_term:
        return {(low, high)}
    return {(low, low), (low, None), (low + 1, None), (None, low), (None, max(low - 1, 0))}


def assemble(doc_id: str, text: str, raw_claims: list[dict]) -> tuple[dict, AssemblyCounts]:
    """(prediction in the submission format, counts of what was kept, dropped and replaced)."""
    counts = AssemblyCounts(claims_returned=len(raw_claims))
    locator = QuoteLocator(text)
    mentions = _Mentions(text)
    claims: list[dict] = []
    kept_at: dict[int, dict] = {}          # model's position -> kept claim
    events: dict[str, str] = {}
    previous_figure: Optional[int] = None
    for i, raw in enumerate(raw_claims):
        outcome = choice("outcome", raw.get("outcome"))
        figure = raw.get("figure")
        if outcome is None or not isinstance(figure, str) or not figure.strip():
            counts.claims_invalid += 1
            continue
        # A figure repeated in the text ("64" in the headline and the body) is a new mention per claim.
        span = locator.find(figure, near=previous_figure, avoid=mentions.spans())
        if span is None:
            counts.quotes_unlocated += 1
            counts.unlocated.append(figure)
            continue
        casualty = mentions.add("CASUALTY", span, counts)
        if casualty is None:
            continue
        previous_figure = span[0]
        claimant = None
        if isinstance(raw.get("claimant"), str) and raw["claimant"].strip():
            cspan = locator.find(raw["claimant"], near=span[0])
            if cspan is None:
                counts.quotes_unlocated += 1
                counts.unlocated.append(raw["claimant"])
            else:
                claimant = mentions.add("CLAIMANT", cspan, counts)
        actors: list[str] = []
        quotes = raw.get("actors") if isinstance(raw.get("actors"), list) else []
        for quote in quotes:
            if not isinstance(quote, str) or not quote.strip():
                continue
            aspan = locator.find(quote, near=span[0], avoid=mentions.spans("CLAIMANT"))
            if aspan is None:
                counts.quotes_unlocated += 1
                counts.unlocated.append(quote)
                continue
            actor = mentions.add("ACTOR", aspan, counts)
            if actor is not None and actor not in actors:
                actors.append(actor)
        event = raw.get("event")
        event_id = None
        if isinstance(event, str) and event.strip() and event.strip().lower() not in ("main", "null", "none"):
            key = " ".join(event.lower().split())
            event_id = events.setdefault(key, f"{doc_id}#bg{len(events) + 1}")
        claim = {"id": f"c{len(claims)}", "casualty": casualty, "claimant": claimant, "actors": actors,
                 "outcome": outcome, "victims": choice("victims", raw.get("victims")),
                 "toll": asdict(_toll(raw.get("toll"), text[span[0]:span[1]], counts)),
                 "subset_of": None, "event": event_id, "modality": choice("modality", raw.get("modality")),
                 "restates": None}
        for link in ("subset_of", "restates"):
            target_pos = _position(raw.get(link))
            if raw.get(link) is None:
                continue
            target = kept_at.get(target_pos) if target_pos is not None and target_pos < i else None
            if target is not None and link == "restates" and (
                    target["outcome"], target["toll"]["low"], target["toll"]["high"]) != (
                    claim["outcome"], claim["toll"]["low"], claim["toll"]["high"]):
                target = None
            if target is None:
                counts.links_dropped += 1
            else:
                claim[link] = target["id"]
        claims.append(claim)
        kept_at[i] = claim
    counts.claims_kept = len(claims)
    return {"id": doc_id, "mentions": mentions.items, "claims": claims}, counts
