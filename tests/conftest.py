"""Shared fixtures: small gold documents built in memory (tests never depend on the released corpus)."""

import json

import pytest

from bench.dataset import dump_record
from bench.schema import Claim, Document, Event, Mention, Toll
from bench.tokenize import spans_to_iob2, tokenize
from bench.tolls import normalise_toll


def make_doc(doc_id, text, mentions=(), claims=(), events=None, group="g", conflict="Test"):
    """mentions: (id, LABEL, quote[, occurrence]); claims: dicts with at least id and casualty (defaults:
    claimant None, no actors, killed, unspecified, toll from the casualty text, event e1)."""
    built, pos = [], 0
    for item in mentions:
        mid, label, quote = item[:3]
        if len(item) > 3:
            start = -1
            for _ in range(item[3]):
                start = text.index(quote, start + 1)
        else:
            start = text.index(quote, pos)
        built.append(Mention(mid, label, start, start + len(quote), quote))
        pos = start + len(quote)
    by_id = {m.id: m for m in built}
    out_claims = []
    for c in claims:
        toll = c.get("toll")
        if toll is None:
            toll = normalise_toll(by_id[c["casualty"]].text)
        elif isinstance(toll, (tuple, list)):
            toll = Toll(*toll)
        out_claims.append(Claim(id=c["id"], casualty=c["casualty"], claimant=c.get("claimant"),
                                actors=tuple(c.get("actors", ())), outcome=c.get("outcome", "killed"),
                                victims=c.get("victims", "unspecified"), toll=toll, subset_of=c.get("subset_of"),
                                event=c.get("event", "e1"), modality=c.get("modality", "asserted"),
                                restates=c.get("restates")))
    event_ids = sorted({c.event for c in out_claims} | ({"e1"} if events is None else set(events)))
    tokens, offsets = tokenize(text)
    return Document(id=doc_id, title=None, text=text, language="en", published=None, outlet=None,
                    provenance="authored", license="test", event_group=group, conflict=conflict,
                    mentions=tuple(built), claims=tuple(out_claims),
                    events=tuple(Event(e, None, None, f"event {e}") for e in event_ids),
                    tokens=tuple(tokens), token_offsets=tuple(offsets),
                    ner_tags=tuple(spans_to_iob2(offsets, built)))


@pytest.fixture
def write_jsonl(tmp_path):
    """write_jsonl(name, records) -> path; records are dicts or Documents."""
    def write(name, records):
        path = tmp_path / name
        lines = [dump_record(r) if isinstance(r, Document) else json.dumps(r) for r in records]
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return path
    return write


def prediction_of(doc, **changes):
    """The submission record that reproduces a gold document exactly (fields overridable)."""
    record = {
        "id": doc.id,
        "mentions": [{"id": m.id, "label": m.label, "start": m.start, "end": m.end} for m in doc.mentions],
        "claims": [{"id": c.id, "casualty": c.casualty, "claimant": c.claimant, "actors": list(c.actors),
                    "outcome": c.outcome, "victims": c.victims,
                    "toll": {"low": c.toll.low, "high": c.toll.high, "vague_term": c.toll.vague_term,
                             "approximate": c.toll.approximate},
                    "subset_of": c.subset_of, "event": c.event, "modality": c.modality,
                    "restates": c.restates} for c in doc.claims],
    }
    record.update(changes)
    return record
