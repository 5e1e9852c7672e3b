"""The released dataset: Hugging Face loading, split membership, seed texts, offsets, reproducibility."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_dataset_minimums_so_it_cannot_silently_shrink():
    from bench.stats import statistics

    docs = {s: load_split(s, DATA) for s in SPLITS}
    stats = statistics(docs)
    assert stats["documents"] >= 65
    assert stats["authored_documents"] >= 60
    assert len(stats["conflicts"]) >= 12
    assert stats["event_groups"] >= 20
    assert stats["claims"] >= 400
    assert stats["per_split"]["test"]["documents"] >= 0.30 * stats["documents"]
    # at least 15 events are reported by two or more documents (cross-document event tolls)
    from collections import Counter

    per_event = Counter(e.id for split in docs.values() for d in split for e in d.events
                        if any(c.event == e.id for c in d.claims))
    assert sum(1 for n in per_event.values() if n >= 2) >= 15
    # a few documents have no casualty claim at all
    assert sum(1 for split in docs.values() for d in split if not d.claims) >= 3
