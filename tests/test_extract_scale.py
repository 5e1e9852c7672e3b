"""`claimbench extract` at corpus scale: every input kind streamed, output in input order, resumption,
nothing lost or truncated, a non-UTF-8 file name skipped with a warning, the same output on 1 and 2
processes and on Ray, and the assembly indexes that keep long articles linear."""

import json
import os
import random

import pytest
from hypothesis import given, settings, strategies as st

from baselines.assembly.claims import PartyPool, TakenSpans, party_key
from bench.cli import main
from bench.extraction.perf import synthetic_documents

DOCS = synthetic_documents(12, seed=3, sentences=4)


def write_jsonl(path, docs):
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    return path


def ids(path):
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ref")
    out = tmp / "ref.jsonl"
    assert main(["extract", f"input={write_jsonl(tmp / 'in.jsonl', DOCS)}", f"output={out}"]) == 0
    return out.read_bytes()


def test_parquet_and_hugging_face_inputs_give_the_jsonl_output(tmp_path, reference, monkeypatch):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": [d["id"] for d in DOCS], "text": [d["text"] for d in DOCS],
                             "extra": list(range(len(DOCS)))}), tmp_path / "in.parquet", row_group_size=5)
    assert main(["extract", f"input={tmp_path / 'in.parquet'}", f"output={tmp_path / 'p.jsonl'}"]) == 0
    assert (tmp_path / "p.jsonl").read_bytes() == reference
    folder = tmp_path / "hf"
    folder.mkdir()
    write_jsonl(folder / "test.jsonl", DOCS)
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "hf-cache"))
    assert main(["extract", f"input=hf:{folder}:test", f"output={tmp_path / 'h.jsonl'}"]) == 0
    assert (tmp_path / "h.jsonl").read_bytes() == reference


def test_two_processes_give_the_one_process_output(tmp_path, reference):
    src = write_jsonl(tmp_path / "in.jsonl", DOCS)
    assert main(["extract", f"input={src}", f"output={tmp_path / 'two.jsonl'}", "num_proc=2", "batch_size=4"]) == 0
    assert (tmp_path / "two.jsonl").read_bytes() == reference


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers inherit the extractor only where they are forked")
def test_forked_workers_use_the_runners_extractor_for_that_run_only():
    """The extractor handed to the runner (a model trained in this process, say) is the one forked workers
    run; the worker registry is left as it was, so a later run with the same spec builds its own."""
    from bench.extraction import runners

    class Marking:
        progress = True

        def predict(self, docs):
            return [{"id": d["id"], "claims": [], "by": "handed over"} for d in docs]

    spec = runners.ExtractorSpec("rule_based")
    lines = []
    runners.Runner(spec, extractor=Marking(), num_proc=2, batch_size=4).run(iter(DOCS), lines.append)
    assert [json.loads(line) for line in lines] == [{"id": d["id"], "claims": [], "by": "handed over"} for d in DOCS]
    assert spec not in runners._WORKER_EXTRACTORS
    lines.clear()
    runners.Runner(spec, num_proc=2, batch_size=4).run(iter(DOCS), lines.append)
    assert "by" not in json.loads(lines[0]) and len(lines) == len(DOCS)


def test_ray_runner_on_a_local_two_cpu_instance(tmp_path, reference):
    pytest.importorskip("ray", reason="scripts/test.sh installs ray; pip install 'claimbench[ray]'")
    src = write_jsonl(tmp_path / "in.jsonl", DOCS)
    assert main(["extract", f"input={src}", f"output={tmp_path / 'ray.jsonl'}", "runner=ray", "ray_num_cpus=2",
                 "batch_size=4"]) == 0
    assert (tmp_path / "ray.jsonl").read_bytes() == reference


def test_resumes_and_drops_a_cut_last_line(tmp_path, reference, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", DOCS)
    out = tmp_path / "out.jsonl"
    lines = reference.decode("utf-8").splitlines(keepends=True)
    out.write_text("".join(lines[:5]) + lines[5][:40], encoding="utf-8")  # a run killed mid-line
    assert main(["extract", f"input={src}", f"output={out}"]) == 0
    assert out.read_bytes() == reference
    err = capsys.readouterr().err
    assert "dropped an incomplete last line" in err and "5 document(s) already" in err
    assert main(["extract", f"input={src}", f"output={out}"]) == 0  # nothing left to do
    assert out.read_bytes() == reference and "wrote 0 prediction(s)" in capsys.readouterr().err


def test_a_damaged_existing_output_is_refused_and_left_alone(tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", DOCS)
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "x"}\nnot json\n{"id": "y"}\n', encoding="utf-8")
    before = out.read_bytes()
    assert main(["extract", f"input={src}", f"output={out}"]) == 1
    assert out.read_bytes() == before
    assert f"{out}:2:" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_a_failing_run_keeps_the_existing_output_and_what_it_did(tmp_path, monkeypatch, reference):
    src = write_jsonl(tmp_path / "in.jsonl", DOCS)
    out = tmp_path / "out.jsonl"
    lines = reference.decode("utf-8").splitlines(keepends=True)
    out.write_text("".join(lines[:3]), encoding="utf-8")
    from baselines.rule_based import RuleBasedExtractor

    original = RuleBasedExtractor.predict_one
    calls = {"n": 0}

    def flaky(self, an, doc_id):
        calls["n"] += 1
        if calls["n"] > 2:
            raise RuntimeError("disk on fire")
        return original(self, an, doc_id)

    monkeypatch.setattr(RuleBasedExtractor, "predict_one", flaky)
    assert main(["extract", f"input={src}", f"output={out}", "batch_size=1"]) == 2
    assert ids(out) == [d["id"] for d in DOCS[:5]]  # the 3 kept and the 2 done before the failure
    monkeypatch.setattr(RuleBasedExtractor, "predict_one", original)
    assert main(["extract", f"input={src}", f"output={out}"]) == 0
    assert out.read_bytes() == reference


def test_a_non_utf8_file_name_is_skipped_with_a_warning(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    for d in DOCS[:3]:
        (folder / f"{d['id']}.txt").write_text(d["text"], encoding="utf-8")
    bad = os.fsencode(folder) + b"/caf\xe9.txt"
    try:
        with open(bad, "wb") as fh:
            fh.write(b"Five people were killed.")
    except OSError:
        pytest.skip("this file system refuses non-UTF-8 names")
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"id": "kept-from-before", "mentions": [], "claims": []}) + "\n", encoding="utf-8")
    assert main(["extract", f"input={folder}", f"output={out}"]) == 0
    assert ids(out) == ["kept-from-before"] + [d["id"] for d in DOCS[:3]]
    err = capsys.readouterr().err
    assert "caf\\xe9.txt: skipped: the file name is not valid UTF-8" in err


def test_bad_records_are_all_reported_before_any_work(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "x"}\n{"text": "no id"}\n{"id": "a", "text": "again"}\n[1]\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", f"input={src}", f"output={out}"]) == 1
    err = capsys.readouterr().err
    assert f"{src}:2:" in err and f"{src}:3:" in err and "duplicate id" in err and f"{src}:4:" in err
    assert not out.exists()


# --------------------------------------------------------------------------------------------------
# The indexes that replaced linear scans in baselines.assembly: same answers as the scans.

spans = st.lists(st.tuples(st.integers(0, 200), st.integers(1, 12)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(spans, st.integers(0, 210), st.integers(1, 15))
def test_taken_spans_overlap_like_a_scan(items, a, length):
    taken = TakenSpans()
    plain = []
    for start, n in items:
        taken.add(start, start + n)
        plain.append((start, start + n))
    b = a + length
    assert taken.overlaps(a, b) == any(a < y and x < b for x, y in plain)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 30), st.integers(0, 6))
def test_party_pool_picks_the_nearest_mention_like_a_scan(seed, n, exclude_at):
    rng = random.Random(seed)
    names = ["RSF", "the RSF", "army", "the militia", "rebels"]
    text, mentions, pos = "", {}, 0
    for k in range(n):
        gap = " " * rng.randint(1, 9)
        name = rng.choice(names)
        text += gap + name
        start = len(text) - len(name)
        mentions[f"m{k}"] = {"id": f"m{k}", "start": start, "end": len(text)}
    order = list(mentions)
    rng.shuffle(order)
    # A figure never overlaps an ACTOR mention in assemble: put it at a point outside every mention.
    points = [p for p in range(len(text) + 1) if not any(m["start"] < p < m["end"] for m in mentions.values())]
    fig_start = fig_end = rng.choice(points)
    exclude = order[exclude_at] if exclude_at < len(order) else None
    best = {}
    for a in order:
        if a == exclude:
            continue
        m = mentions[a]
        dist = min(abs(m["start"] - fig_end), abs(fig_start - m["end"]))
        key = party_key(text, m)
        if key not in best or dist < best[key][0]:
            best[key] = (dist, a)
    keep = {a for _, a in best.values()}
    expected = [a for a in order if a in keep]
    assert PartyPool(text, mentions, order).nearest(fig_start, fig_end, exclude=exclude) == expected


def test_perf_extract_pairs_speedups_within_rounds(tmp_path, capsys):
    """`claimbench perf extract --repeat 2` runs each configuration twice, round-robin, from an empty output
    each time (extract would otherwise resume and skip everything in round 2), and its speed-up is the
    median of the per-round ratios to that round's one-process seconds."""
    from statistics import median

    out = tmp_path / "perf.json"
    assert main(["perf", "extract", "--documents", "24", "--no-ray", "--repeat", "2", "--json", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["repeat"] == 2 and [r["overrides"] for r in result["runs"]] == [["num_proc=1"], ["num_proc=2"]]
    one, two = result["runs"]
    assert one["identical"] and two["identical"]
    assert one["speedup_per_round"] == [1.0, 1.0] and one["speedup"] == 1.0
    assert len(two["seconds_per_round"]) == 2 and two["extraction_docs_per_s"] > 0
    paired = [a / b for a, b in zip(one["seconds_per_round"], two["seconds_per_round"])]
    assert two["speedup_per_round"] == pytest.approx(paired, abs=0.011)
    assert two["speedup"] == pytest.approx(median(two["speedup_per_round"]), abs=0.006)
    ceiling = result["ceiling"]  # the machine's own figure, measured in the same rounds
    assert len(ceiling["speedup_per_round"]) == 2 and all(x > 0 for x in ceiling["seconds_two_per_round"])
    assert ceiling["speedup"] == pytest.approx(median(ceiling["speedup_per_round"]), abs=0.006)
    printed = capsys.readouterr().out
    assert "median of 2 round(s)" in printed and "machine ceiling" in printed
