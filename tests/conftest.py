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


DOC_HEADER = """title: null
language: en
published: 2024-01-03
outlet: Test Wire
provenance: authored
license: CC-BY-4.0
event_group: {group}
"""


def group_yaml(group, split, events=("e1",)):
    """A group file with one line per event id."""
    lines = [f"id: {group}", f"split: {split}", "conflict: Testland", "description: A test group.", "events:"]
    lines += [f"  - {{id: {e}, date: 2024-01-02, location: Town, description: A strike.}}" for e in events]
    return "\n".join(lines) + "\n"


def write_authoring(root, groups, docs, version="1"):
    """An authoring tree (data/authoring layout) under `root`: groups {id: yaml}, docs {id: (yaml, text)}."""
    (root / "groups").mkdir(parents=True, exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    (root / "dataset.yaml").write_text(f"name: t\nversion: '{version}'\nlicense: x\n")
    for gid, text in groups.items():
        (root / "groups" / f"{gid}.yaml").write_text(text)
    for doc_id, (yaml_text, text) in docs.items():
        (root / "docs" / f"{doc_id}.yaml").write_text(yaml_text)
        (root / "docs" / f"{doc_id}.txt").write_text(text)
    return root
