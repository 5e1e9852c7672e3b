"""The LLM extractor's requests: cache, retries, timeouts, unreachable endpoints, response_format fallback,
prompts and the contamination guard. The endpoint is a scripted HTTP server on 127.0.0.1 (tests/
llm_endpoint.py) spoken to by the real openai client; tests/test_llm_server.py uses a real model server."""

from pathlib import Path
import json
import socket

import pytest

from baselines import get_extractor
from baselines.llm.cache import ResponseCache, cache_key
from baselines.llm.prompts import PromptBuilder, PromptSpec, choose_examples, guidelines_text
from bench.contamination import check_shown, overlaps, shown_in_run
from bench.problems import ProblemsFound
from conftest import make_doc
from llm_endpoint import ScriptedEndpoint

REPO_ROOT = Path(__file__).resolve().parents[1]

TEXT = "Gunmen killed at least 12 villagers in Kora on Monday, a local official said."
ANSWER = json.dumps({"claims": [{"figure": "at least 12 villagers", "claimant": "a local official",
                                 "actors": ["Gunmen"], "outcome": "killed", "victims": "civilians",
                                 "toll": {"low": 12, "high": None, "vague_term": None, "approximate": False},
                                 "modality": "asserted", "subset_of": None, "restates": None, "event": None}]})
ZERO_SHOT = {"variant": "zero_shot", "system": "Extract claims.\n$fields\n$example", "user": "Article:\n$document"}


def docs(n=2):
    return [make_doc(f"d{i}", TEXT, [("c1", "CASUALTY", "at least 12 villagers")], [{"id": "k1", "casualty": "c1"}])
            for i in range(n)]


def extractor(endpoint_url, tmp_path, **kw):
    settings = dict(base_url=endpoint_url, model="test-model", cache=str(tmp_path / "cache.sqlite"),
                    log_dir=str(tmp_path / "logs"), retries=2, backoff_s=0.01, timeout_s=5, prompt=ZERO_SHOT)
    settings.update(kw)
    return get_extractor("llm", **settings)


def test_second_run_is_served_from_the_cache(tmp_path):
    with ScriptedEndpoint(default=("ok", ANSWER)) as ep:
        first = extractor(ep.base_url, tmp_path, concurrency=2)
        p1 = first.predict(docs())
        assert first.report()["requests"] == 2 and first.report()["cache_hits"] == 0
        again = extractor(ep.base_url, tmp_path, concurrency=1, timeout_s=9)   # not part of the key
        p2 = again.predict(docs())
        assert len(ep.requests) == 2                      # the server saw no new request
    assert again.report()["requests"] == 0 and again.report()["cache_hits"] == 2
    assert p1 == p2 and p1[0]["claims"][0]["toll"]["low"] == 12
    samples = [json.loads(line) for line in (tmp_path / "logs" / "llm_samples.jsonl").read_text().splitlines()]
    assert [s["doc_id"] for s in samples] == ["d0", "d1"] and all(s["cached"] for s in samples)
    assert samples[0]["response"] == ANSWER and samples[0]["parse"]["outcome"] == "ok"
    assert samples[0]["messages"][-1]["content"].endswith(TEXT)


def test_cache_key_covers_prompt_model_endpoint_and_sampling():
    base = {"endpoint": "http://h/v1", "model": "m", "messages": [{"role": "user", "content": "x"}],
            "temperature": 0.0, "max_tokens": 10}
    key = cache_key(base)
    assert cache_key(dict(base)) == key
    for change in ({"endpoint": "http://other/v1"}, {"model": "m2"}, {"temperature": 0.5}, {"max_tokens": 11},
                   {"messages": [{"role": "user", "content": "y"}]}, {"seed": 1}):
        assert cache_key({**base, **change}) != key, change


def test_cache_persists_across_connections(tmp_path):
    cache = ResponseCache(tmp_path / "c.sqlite")
    cache.put("k", {"a": 1}, {"content": "hello"})
    cache.close()
    again = ResponseCache(tmp_path / "c.sqlite")
    assert again.get("k") == {"content": "hello"} and again.get("other") is None and len(again) == 1


def test_429_and_5xx_are_retried_with_backoff(tmp_path):
    script = [("status", 429, "slow down"), ("status", 503, "busy"), ("ok", ANSWER)]
    with ScriptedEndpoint(script) as ep:
        ex = extractor(ep.base_url, tmp_path, cache=None)
        pred = ex.predict(docs(1))
    assert len(ep.requests) == 3
    report = ex.report()
    assert report["retries"] == 2 and report["requests"] == 3 and report["failed_requests"] == 0
    assert pred[0]["claims"]


def test_a_request_failing_every_retry_leaves_the_document_empty_and_is_reported(tmp_path):
    with ScriptedEndpoint(default=("status", 500, "internal error")) as ep:
        ex = extractor(ep.base_url, tmp_path, retries=1)
        pred = ex.predict(docs(1))
    assert pred == [{"id": "d0", "mentions": [], "claims": []}]
    report = ex.report()
    assert report["failed_requests"] == 1 and report["failed_documents"] == ["d0"] and report["requests"] == 2
    with ScriptedEndpoint(default=("ok", ANSWER)) as ep:       # a failure is never cached: the re-run asks
        again = extractor(ep.base_url, tmp_path)
        assert again.predict(docs(1))[0]["claims"] and len(ep.requests) == 1


def test_timeouts_are_retried_then_reported(tmp_path):
    with ScriptedEndpoint(default=("sleep", 3, ANSWER)) as ep:
        ex = extractor(ep.base_url, tmp_path, timeout_s=0.5, retries=1, cache=None)
        pred = ex.predict(docs(1))
    assert pred[0]["claims"] == [] and ex.report()["failed_requests"] == 1 and ex.report()["retries"] == 1


def test_an_unreachable_endpoint_is_one_clear_error_naming_it(tmp_path):
    with socket.socket() as s:          # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    ex = extractor(url, tmp_path, retries=0)
    with pytest.raises(RuntimeError, match=rf"cannot reach the LLM endpoint {url}"):
        ex.predict(docs(3))


def test_unknown_model_and_refused_keys_stop_the_run(tmp_path):
    with ScriptedEndpoint(default=("status", 404, "model not found")) as ep:
        with pytest.raises(RuntimeError, match="has no model 'test-model'"):
            extractor(ep.base_url, tmp_path).predict(docs(1))
    with ScriptedEndpoint(default=("status", 401, "bad key")) as ep:
        with pytest.raises(RuntimeError, match="api_key_env"):
            extractor(ep.base_url, tmp_path).predict(docs(1))


def test_a_hosted_endpoint_needs_its_key_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("CLAIMBENCH_TEST_KEY", raising=False)
    ex = extractor("https://api.example.org/v1", tmp_path, api_key_env="CLAIMBENCH_TEST_KEY")
    with pytest.raises(RuntimeError, match="CLAIMBENCH_TEST_KEY is not set"):
        ex.predict(docs(1))


def test_a_server_rejecting_response_format_is_asked_again_without_it(tmp_path):
    with ScriptedEndpoint(default=("ok", ANSWER), reject_response_format=True) as ep:
        ex = extractor(ep.base_url, tmp_path, cache=None)
        pred = ex.predict(docs(2))
    assert "response_format" in ep.requests[0] and "response_format" not in ep.requests[-1]
    assert ex.report()["structured_output"] == "rejected by the server" and pred[1]["claims"]
    assert ex.report()["retries"] == 0


def test_malformed_replies_are_counted_as_parse_failures(tmp_path):
    script = [("ok", "The article says 12 people died."), ("ok", ANSWER[:60])]
    with ScriptedEndpoint(script) as ep:
        ex = extractor(ep.base_url, tmp_path, cache=None)
        pred = ex.predict(docs(2))
    report = ex.report()
    assert report["parse_failures"] == 2 and report["parse_ok"] == 0
    assert pred[0]["claims"] == [] and pred[1]["claims"] == []


def test_bad_settings_are_clear_errors(tmp_path):
    with pytest.raises(ValueError, match="model.model"):
        get_extractor("llm", model="", prompt=ZERO_SHOT)
    with pytest.raises(ValueError, match="base_url"):
        get_extractor("llm", model="m", base_url="localhost:8000", prompt=ZERO_SHOT)
    with pytest.raises(ValueError, match=r"unknown placeholder\(s\) \$doc"):
        get_extractor("llm", model="m", prompt={**ZERO_SHOT, "user": "$doc"})
    with pytest.raises(TypeError, match="unknown setting"):
        get_extractor("llm", model="m", prompt=ZERO_SHOT, temprature=0)


# --------------------------------------------------------------------------------------------------
# prompts and the contamination guard


def test_few_shot_examples_are_deterministic_and_drawn_from_the_given_documents():
    train = [make_doc(f"t{i}", TEXT, [("c1", "CASUALTY", "at least 12 villagers")], [{"id": "k1", "casualty": "c1"}])
             for i in range(6)] + [make_doc("empty", "No one was hurt.")]
    a = [d.id for d in choose_examples(train, 2, seed=13, max_chars=4000)]
    assert a == [d.id for d in choose_examples(list(reversed(train)), 2, seed=13, max_chars=4000)]
    assert set(a) <= {d.id for d in train} and "empty" not in a      # documents with claims first
    assert [d.id for d in choose_examples(train, 2, seed=14, max_chars=4000)] != a or len(train) < 3
    with pytest.raises(ValueError, match="only 7 training documents"):
        choose_examples(train, 8, seed=13, max_chars=4000)


def test_few_shot_prompt_shows_examples_as_turns_and_records_them():
    spec = PromptSpec.from_settings({**ZERO_SHOT, "variant": "few_shot", "k": 1})
    builder = PromptBuilder(spec, REPO_ROOT)
    train = docs(1)
    builder.set_examples(train)
    messages = builder.messages("Some article.")
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert json.loads(messages[2]["content"])["claims"][0]["figure"] == "at least 12 villagers"
    assert [s.id for s in builder.shown] == ["d0"]


def test_guidelines_variant_includes_the_chosen_sections():
    text = guidelines_text(REPO_ROOT / "docs" / "guidelines.md", ["1", "3"])
    assert "## 1. Mentions" in text and "## 3." in text and "## 2. Claims" not in text
    with pytest.raises(ValueError, match="no sections"):
        guidelines_text(REPO_ROOT / "docs" / "guidelines.md", ["42"])


def test_contamination_is_caught_by_id_and_by_text():
    gold = docs(2)
    assert overlaps([{"id": "d1", "sha256": "x"}], gold) == [("d1", "d1")]
    import hashlib
    renamed = {"id": "copy", "sha256": hashlib.sha256(gold[0].text.encode()).hexdigest()}
    assert overlaps([renamed], gold)                      # d0 and d1 share the text: caught under any id
    with pytest.raises(ProblemsFound, match="contaminated"):
        check_shown([renamed], gold, "test", "model=llm")
    check_shown([{"id": "t1", "sha256": "y"}], gold, "test", "model=llm")   # clean: no error


def test_shown_documents_are_read_from_the_run_beside_the_predictions(tmp_path):
    (tmp_path / "predictions.jsonl").write_text("")
    assert shown_in_run(tmp_path / "predictions.jsonl") is None
    (tmp_path / "metrics.json").write_text(json.dumps({"run": {"shown_documents": [{"id": "a", "sha256": "b"}]}}))
    assert shown_in_run(tmp_path / "predictions.jsonl")[1] == [{"id": "a", "sha256": "b"}]
    (tmp_path / "metrics.json").write_text("{broken")
    with pytest.raises(ProblemsFound, match="cannot read"):
        shown_in_run(tmp_path / "predictions.jsonl")


def test_claimbench_run_refuses_a_prompt_showing_test_documents(tmp_path, capsys):
    """Few-shot examples drawn from the test split itself: refused before any request is sent (the
    endpoint here does not even exist)."""
    from bench.cli import main
    from test_hydra_run import write_dataset

    data = write_dataset(tmp_path / "data")
    code = main(["run", "model=llm", "model.model=m", "model.base_url=http://127.0.0.1:9/v1", "prompt=few_shot",
                 "prompt.k=1", f"data.path={data}", "data.train_split=test", "model.cache=null",
                 f"hydra.run.dir={tmp_path / 'run'}"])
    err = capsys.readouterr().err
    assert code == 1 and "contaminated" in err and "test document" in err
    assert not (tmp_path / "run" / "predictions.jsonl").exists()


def test_leaderboard_add_refuses_a_contaminated_run(tmp_path, capsys):
    from bench.cli import main
    from bench.dataset import load_split

    run = tmp_path / "run"
    run.mkdir()
    test_doc = load_split("test")[0]
    (run / "predictions.jsonl").write_text("")
    (run / "metrics.json").write_text(json.dumps({"run": {"shown_documents": [{"id": test_doc.id, "sha256": "0"}]}}))
    code = main(["leaderboard", "add", "contaminated", "--predictions", str(run / "predictions.jsonl"),
                 "--meta", str(run / "meta.yaml"), "--root", str(tmp_path / "board")])
    assert code != 0 and "contaminated" in capsys.readouterr().err
    assert not (tmp_path / "board" / "submissions" / "contaminated").exists()


def test_few_shot_run_records_its_examples_and_reloads_them(tmp_path):
    train = [make_doc(f"t{i}", TEXT, [("c1", "CASUALTY", "at least 12 villagers")], [{"id": "k1", "casualty": "c1"}])
             for i in range(4)]
    spec = {**ZERO_SHOT, "variant": "few_shot", "k": 2, "example_seed": 5}
    with ScriptedEndpoint(default=("ok", ANSWER)) as ep:
        ex = extractor(ep.base_url, tmp_path, prompt=spec)
        assert ex.trainable
        with pytest.raises(ValueError, match="call fit"):
            ex.predict(docs(1))
        ex.fit(train)
        ex.predict(docs(1))
        shown = ex.report()["shown_documents"]
        assert len(shown) == 2 and {s["id"] for s in shown} <= {d.id for d in train}
        assert len(ep.requests[0]["messages"]) == 1 + 2 * 2 + 1
        ex.save(tmp_path / "model")
        again = extractor(ep.base_url, tmp_path, prompt=spec).load(tmp_path / "model")
        assert again.shown_documents() == ex.shown_documents()
        again.predict(docs(1))
        assert len(ep.requests) == 1            # the same prompt: answered from the cache
