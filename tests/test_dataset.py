"""The released dataset: Hugging Face loading, split membership, seed texts, offsets, reproducibility."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DOC_HEADER, group_yaml, write_authoring

from bench.authoring import SPLITS, load_authoring
from bench.dataset import build, load_split, release_info, stale_files, validate_file
from bench.schema import TAG_NAMES

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
SHARED_SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def hf():
    os.environ["HF_DATASETS_OFFLINE"] = "1"
    os.environ["HF_HUB_OFFLINE"] = "1"
    from bench.hf import load_hf

    return load_hf(DATA)


def test_load_dataset_features(hf):
    from datasets import ClassLabel, List, Value

    assert set(hf) == set(SPLITS)
    test = hf["test"]
    assert test.features["text"] == Value("string")
    assert isinstance(test.features["ner_tags"], List)
    assert isinstance(test.features["ner_tags"].feature, ClassLabel)
    assert test.features["ner_tags"].feature.names == list(TAG_NAMES)
    assert test.features["claims"].feature["toll"]["low"] == Value("int32")
    assert test.features["claims"].feature["toll"]["approximate"] == Value("bool")
    assert test.features["mentions"].feature["start"] == Value("int32")


def test_splits_keep_event_groups_whole_and_seeds_in_test(hf):
    group_split = {}
    for split in SPLITS:
        for row in hf[split]:
            assert group_split.setdefault(row["event_group"], split) == split, row["event_group"]
            if row["provenance"] == "seed":
                assert split == "test", row["id"]
    assert sum(1 for r in hf["test"] if r["provenance"] == "seed") == 5


def test_mention_text_equals_slice_and_tags_match(hf):
    names = hf["test"].features["ner_tags"].feature.names
    for split in SPLITS:
        for row in hf[split]:
            for m in row["mentions"]:
                assert row["text"][m["start"]:m["end"]] == m["text"], (row["id"], m["id"])
            begins = [names[t] for t in row["ner_tags"] if names[t].startswith("B-")]
            assert len(begins) == len(row["mentions"]), row["id"]


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_seed_texts_are_byte_identical_to_shared_seeds():
    authoring = load_authoring(DATA / "authoring")
    seeds = {d.id: d for d in authoring.documents if d.provenance == "seed"}
    assert len(seeds) == len(list(SHARED_SEEDS.glob("*.txt"))) == 5
    released = {d.id: d for d in load_split("test", DATA)}
    for doc_id, extra in ((k, v) for k, v in authoring.extras.items() if k in seeds):
        original = (SHARED_SEEDS / extra["seed_file"]).read_bytes()
        assert (DATA / "authoring" / "docs" / f"{doc_id}.txt").read_bytes() == original
        assert released[doc_id].text.encode("utf-8") == original
        assert doc_id == "seed_" + Path(extra["seed_file"]).stem


def test_build_reproduces_committed_files():
    release, problems = build(DATA)
    assert release is not None, [str(p) for p in problems]
    assert stale_files(DATA, release) == []
    info = release_info(DATA)
    assert info["checksum"] == info["recorded_checksum"] == release.checksum


def test_released_files_validate():
    for split in SPLITS:
        assert [str(p) for p in validate_file(DATA / f"{split}.jsonl")] == []


def test_validate_file_reports_line_and_field(tmp_path):
    rows = [json.loads(line) for line in (DATA / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    rows[1]["mentions"][0]["start"] += 1
    rows[2]["claims"][0]["toll"]["low"] = -3
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(json.dumps(r) + "\n" for r in rows[:3]), encoding="utf-8")
    problems = [str(p) for p in validate_file(bad)]
    assert any(f"{bad}:2: document {rows[1]['id']}: mentions[0].text:" in p for p in problems), problems
    assert any(f"{bad}:3: document {rows[2]['id']}: claims[0].toll.low: expected a non-negative integer" in p for p in problems), problems


def test_import_bench_is_light():
    code = "import sys, bench, bench.schema, bench.tolls, bench.dataset, bench.cli; " \
           "print(sorted(m for m in ('torch', 'transformers', 'datasets') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_dataset_cannot_regress_below_what_is_committed():
    """The release targets are a table (bench.targets): every measure must stay at or above its floor (the
    figure the committed data reaches) and every target met by the committed data must stay met. Targets
    not yet met are printed by `claimbench data stats`, not failed here."""
    from bench.stats import statistics
    from bench.targets import TARGETS

    stats = statistics({s: load_split(s, DATA) for s in SPLITS})
    below_floor = [(t.key, t.value(stats), t.floor) for t in TARGETS if not t.holds_floor(stats)]
    assert below_floor == []
    met_by_floor = [t for t in TARGETS if t.target is not None and _floor_meets_target(t)]
    assert [(t.key, t.value(stats), t.target) for t in met_by_floor if not t.met(stats)] == []
    # cross-document event tolls need events reported by two or more documents
    from collections import Counter

    per_event = Counter(e.id for split in SPLITS for d in load_split(split, DATA) for e in d.events
                        if any(c.event == e.id for c in d.claims))
    assert sum(1 for n in per_event.values() if n >= 2) >= 15
    assert stats["phenomena"]["no_claims"] >= 3


def _floor_meets_target(t) -> bool:
    if isinstance(t.target, bool):
        return bool(t.floor) or not t.target
    return t.floor >= t.target


NEW_FEATURES_DOC = DOC_HEADER + """mentions:
  - [m1, CASUALTY, "32 people"]
  - [m2, CLAIMANT, "the governor"]
  - [m4, CLAIMANT, "The governor"]
  - [m3, CASUALTY, "32"]
  - [m5, CASUALTY, "no one"]
claims:
  - {{id: c1, casualty: m1, claimant: m2, outcome: killed_or_injured, event: {event}}}
  - {{id: c2, casualty: m3, claimant: m4, outcome: killed_or_injured, restates: c1, event: {event}}}
  - {{id: c3, casualty: m5, claimant: m4, outcome: injured, event: {event}}}
"""
NEW_FEATURES_TEXT = ("A blast killed or wounded 32 people, the governor said. The governor repeated that 32 were hit "
                     "and said no one was hurt at the school.\n")


def test_schema_0_2_features_load_through_datasets(tmp_path, monkeypatch):
    """killed_or_injured, restates and a zero toll survive build -> released JSONL -> datasets.load_dataset."""
    from bench.dataset import write_release

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("CLAIMBENCH_CACHE", str(tmp_path / "cache"))
    root = tmp_path / "data"
    write_authoring(root / "authoring", {f"g-{s}": group_yaml(f"g-{s}", s, [f"e-{s}"]) for s in SPLITS},
                    {f"d-{s}": (NEW_FEATURES_DOC.format(group=f"g-{s}", event=f"e-{s}"), NEW_FEATURES_TEXT)
                     for s in SPLITS}, version="0.2.0")
    release, problems = build(root)
    assert release is not None, [str(p) for p in problems]
    write_release(root, release)
    from bench.hf import load_hf

    ds = load_hf(root)
    claims = ds["test"][0]["claims"]
    assert [c["outcome"] for c in claims] == ["killed_or_injured", "killed_or_injured", "injured"]
    assert [c["restates"] for c in claims] == [None, "c1", None]
    assert claims[2]["toll"]["low"] == claims[2]["toll"]["high"] == 0
