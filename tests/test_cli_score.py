"""`claimbench score|validate|compare|perf`: outputs, exit codes, and no traceback on bad input."""

import json
import os
import subprocess
import sys

import pytest

from bench.cli import main
from conftest import make_doc, prediction_of

DOCS = [
    make_doc("d1", "Officials said at least 21 civilians were killed by the army.", [
        ("o", "CLAIMANT", "Officials"), ("m", "CASUALTY", "at least 21 civilians"), ("a", "ACTOR", "the army")],
        [{"id": "c1", "casualty": "m", "claimant": "o", "actors": ["a"], "victims": "civilians"}]),
    make_doc("d2", "Five people died in the blast.", [("m", "CASUALTY", "Five people")], [{"id": "c1", "casualty": "m"}]),
]


@pytest.fixture
def files(write_jsonl):
    gold = write_jsonl("gold.jsonl", DOCS)
    perfect = write_jsonl("perfect.jsonl", [prediction_of(d) for d in DOCS])
    spans = write_jsonl("spans.jsonl", [{"id": d.id, "tags": list(d.ner_tags)} for d in DOCS])
    return gold, perfect, spans


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_score_prints_the_headline_table_and_writes_json(files, capsys, tmp_path):
    gold, perfect, _ = files
    out_json = tmp_path / "out" / "metrics.json"
    code, out, err = run(capsys, "score", perfect, "--gold", gold, "--json", out_json, "--resamples", 50)
    assert code == 0, err
    for text in ("claim F1", "span F1 (strict)", "toll F1", "event linking F1", "[1.000, 1.000]", "signature: claimbench:"):
        assert text in out
    data = json.loads(out_json.read_text())
    assert data["metrics"]["claim_f1"] == {"value": 1.0, "ci": [1.0, 1.0]}
    assert data["signature"] in out and data["signature_fields"]["resamples"] == 50
    assert "per_doc" not in data


def test_score_per_doc_and_json_to_stdout(files, capsys):
    gold, _, spans = files
    code, out, _ = run(capsys, "score", spans, "--gold", gold, "--per-doc", "--json", "-", "--resamples", 0)
    assert code == 0
    data = json.loads(out)
    assert [d["id"] for d in data["per_doc"]] == ["d1", "d2"]
    assert data["documents"]["span_only"] == 2 and data["metrics"]["span_f1_strict"]["ci"] is None
    code, out, _ = run(capsys, "score", spans, "--gold", gold, "--per-doc", "--resamples", 0)
    assert "per document" in out and "d2" in out


def test_bad_predictions_exit_1_with_file_line_document_field(files, capsys, write_jsonl):
    gold, _, _ = files
    bad = write_jsonl("bad.jsonl", [
        prediction_of(DOCS[0]),
        {"id": "d2", "mentions": [{"id": "m", "label": "CASUALTY", "start": 5, "end": 3}]},
    ])
    for command in ("score", "validate"):
        code, out, err = run(capsys, command, bad, "--gold", gold)
        assert code == 1
        assert f"{bad}:2: document d2: mentions[0]: bad offsets start=5 end=3" in err
        assert "1 problem(s) found" in err


def test_missing_documents(files, capsys, write_jsonl):
    gold, _, _ = files
    partial = write_jsonl("partial.jsonl", [prediction_of(DOCS[0])])
    code, _, err = run(capsys, "score", partial, "--gold", gold)
    assert code == 1 and f"{partial}: document d2: id: document missing" in err and "--allow-missing" in err
    code, out, err = run(capsys, "score", partial, "--gold", gold, "--allow-missing", "--resamples", 0)
    assert code == 0
    assert "1 of 2 documents had no predictions and were scored as empty" in out
    assert "1 of 2 gold document(s) have no predictions" in err


def test_validate_ok(files, capsys):
    gold, perfect, spans = files
    code, out, _ = run(capsys, "validate", perfect, "--gold", gold)
    assert code == 0 and "ok:" in out and "2 of 2 documents (4 mentions, 2 claims, 0 span-only)" in out
    code, out, _ = run(capsys, "validate", spans, "--gold", gold)
    assert code == 0 and "2 span-only" in out


def test_compare_prints_p_values(files, capsys, tmp_path):
    gold, perfect, spans = files
    out_json = tmp_path / "cmp.json"
    code, out, err = run(capsys, "compare", perfect, spans, "--gold", gold, "--resamples", 100, "--json", out_json)
    assert code == 0, err
    assert "p (paired bootstrap)" in out and "claim_f1 *" in out
    data = json.loads(out_json.read_text())
    assert data["metrics"]["claim_f1"]["delta"] == 1.0
    code, _, err = run(capsys, "compare", perfect, spans, "--gold", gold, "--resamples", 0)
    assert code == 2 and "--resamples > 0" in err


def test_missing_files_and_gold(files, capsys, tmp_path):
    gold, perfect, _ = files
    code, _, err = run(capsys, "score", tmp_path / "nope.jsonl", "--gold", gold)
    assert code == 1 and f"{tmp_path / 'nope.jsonl'}: no such file" in err
    code, _, err = run(capsys, "score", perfect, "--gold", tmp_path / "nogold.jsonl")
    assert code == 1 and "no such gold file" in err
    code, _, err = run(capsys, "score", perfect, "--split", "test", "--data-dir", tmp_path / "empty")
    assert code == 1 and "no gold data for split 'test'" in err


@pytest.mark.parametrize("argv", [["--resamples", "-1"], ["--schemes", "strict,fuzzy"], ["--confidence", "95"],
                                  ["--split", "dev"]])
def test_bad_options_are_usage_errors(files, capsys, argv):
    gold, perfect, _ = files
    with pytest.raises(SystemExit) as exc:
        main(["score", str(perfect), *argv])
    assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_real_process_never_shows_a_traceback(files, tmp_path):
    gold, _, _ = files
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_bytes(b'{"id": "d1", "mentions": [\n\xff\xfe\n{"id": "d2", "tags": NaN}\n')
    env = dict(os.environ)
    env.pop("CLAIMBENCH_DEBUG", None)
    proc = subprocess.run([sys.executable, "-m", "bench.cli", "score", str(garbage), "--gold", str(gold)],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert f"{garbage}:1: invalid JSON" in proc.stderr
    assert f"{garbage}:2: not valid UTF-8" in proc.stderr
    assert f"{garbage}:3: invalid JSON: NaN is not allowed" in proc.stderr


def test_perf_runs_small_and_checks_against_seqeval(capsys, tmp_path):
    out_json = tmp_path / "perf.json"
    code, out, err = run(capsys, "perf", "--tokens", 30000, "--large-tokens", 60000, "--repeats", 1,
                         "--score-docs", 200, "--json", out_json)
    assert code == 0, err
    assert "seqeval classification_report" in out and "scaling:" in out and "`score` end to end" in out
    data = json.loads(out_json.read_text())
    e2e = data["score_end_to_end"]
    assert e2e["documents"] == 200 and e2e["units"] == 50 and 0 < e2e["claim_f1"] < 1
    assert [r["tokens"] for r in data["runs"]] == [30000, 60000]
    assert all(r["identical"] for r in data["runs"])
    assert data["runs"][0]["report"]["micro avg"]["support"] > 1000
