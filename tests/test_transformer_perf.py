"""`claimbench perf transformer`: the side-by-side figures on the tiny model, clear errors on bad options,
and plain `claimbench perf` (the span scorer's benchmark) unchanged."""

import json

from bench.dataset import load_split

import pytest

from bench.cli import main

pytest.importorskip("torch")
pytest.importorskip("transformers")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_tiny_smoke_run_prints_the_side_by_side_figures(capsys, tmp_path):
    out_json = tmp_path / "perf.json"
    code, out, _ = run(capsys, "perf", "transformer", "--tiny", "--split", "validation", "--rounds", "2",
                       "--threads", "1", "--json", out_json)
    assert code == 0
    result = json.loads(out_json.read_text())
    assert result["documents"] == len(load_split("validation")) and result["rounds"] == 2 and result["threads"] == 1
    assert len(result["raw_forward"]["rounds_s"]) == len(result["inference"]["rounds_s"]) == 2
    assert result["windows"] >= result["documents"] and result["subwords"] > 0
    assert result["window_tokens"] <= result["padded_tokens"]
    ratio = result["raw_forward"]["seconds"] / result["inference"]["seconds"]
    assert result["ratio"] == pytest.approx(ratio) and 0 < ratio
    assert f"inference / raw forward: {result['ratio']:.2f}\n" in out
    assert "documents/s" in out and "sub-words/s" in out and "memory: " in out
    assert result["memory"]["process_peak_rss_mb"] > 0


def test_raw_forward_runs_exactly_the_windows_predict_runs():
    """The reference batches hold every window of every document once, in predict's padded shapes."""
    from baselines.transformer_inference import encode_windows
    from baselines.transformer_perf import build_extractor, forward_batches, load_documents

    docs = load_documents("validation", limit=5)
    texts = [d["text"] for d in docs]
    ex = build_extractor(tiny=True, device="cpu", threads=1, eval_batch_size=3, texts=texts)
    ex.max_length, ex.stride = 64, 16
    batches, counts = forward_batches(ex, texts)
    windows = encode_windows(ex.tokenizer, texts, 64, 16)
    assert counts["windows"] == len(windows.input_ids) == sum(ids.shape[0] for ids, _ in batches)
    assert counts["window_tokens"] == int(windows.lengths.sum()) == sum(int(m.sum()) for _, m in batches)
    assert all(ids.shape[0] <= 3 and ids.shape[1] <= 64 for ids, _ in batches)
    assert sorted(int(n) for _, m in batches for n in m.sum(1)) == sorted(windows.lengths.tolist())


def test_bad_options_are_one_line_errors(capsys, tmp_path):
    code, _, err = run(capsys, "perf", "transformer", "--model", tmp_path / "nowhere")
    assert code == 2 and "--model" in err and "config.json" in err
    code, _, err = run(capsys, "perf", "transformer", "--tiny", "--device", "nonsense")
    assert code == 2 and "--device nonsense" in err
    import torch

    if not torch.cuda.is_available():
        code, _, err = run(capsys, "perf", "transformer", "--tiny", "--device", "cuda")
        assert code == 2 and "no CUDA device" in err
    with pytest.raises(SystemExit) as exc:
        main(["perf", "transformer", "--rounds", "0"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        main(["perf", "transformer", "--tiny", "--model", str(tmp_path)])


def test_plain_perf_is_still_the_span_scorer_benchmark(capsys):
    code, out, _ = run(capsys, "perf", "--tokens", "3000", "--large-tokens", "0", "--repeats", "1")
    assert code == 0 and "span scorer vs seqeval" in out and "identical" in out
    with pytest.raises(SystemExit) as exc:
        main(["perf", "--help"])
    assert exc.value.code == 0
    assert "claimbench perf transformer --help" in capsys.readouterr().out
