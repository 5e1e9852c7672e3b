"""`bench.score` end to end on gold documents built in the test, and `compare`."""

import hashlib
import json
import warnings
from dataclasses import replace

import numpy as np
import pytest
from seqeval.metrics import classification_report, f1_score, precision_score, recall_score

import bench
from bench.problems import ProblemsFound
from bench.schema import LABELS, Claim, Mention, Toll
from bench.scoring import compare, score
from bench.tokenize import spans_to_iob2
from conftest import make_doc, prediction_of


def gold_docs():
    d1 = make_doc("d1", "The separatists said at least 21 civilians, including 11 children, were killed by the army.", [
        ("s", "CLAIMANT", "The separatists"), ("a", "CASUALTY", "at least 21 civilians"),
        ("b", "CASUALTY", "11 children"), ("x", "ACTOR", "the army"),
    ], [{"id": "c1", "casualty": "a", "claimant": "s", "actors": ["x"], "victims": "civilians"},
        {"id": "c2", "casualty": "b", "claimant": "s", "actors": ["x"], "victims": "children", "subset_of": "c1"}])
    d2 = make_doc("d2", "About 50 soldiers died, officials said.", [
        ("a", "CASUALTY", "About 50 soldiers"), ("o", "CLAIMANT", "officials"),
    ], [{"id": "c1", "casualty": "a", "claimant": "o", "victims": "security_forces"}])
    d3 = make_doc("d3", "Dozens were wounded in the blast.", [("a", "CASUALTY", "Dozens")],
                  [{"id": "c1", "casualty": "a", "outcome": "injured", "event": "e2"}])
    return [d1, d2, d3]


def test_perfect_predictions_score_one_everywhere(write_jsonl):
    docs = gold_docs()
    gold = write_jsonl("gold.jsonl", docs)
    preds = write_jsonl("preds.jsonl", [prediction_of(d) for d in docs])
    result = score(preds, gold, resamples=200)
    for name, m in result["metrics"].items():
        if name == "event_background_f1":  # every figure is its document's main incident: undefined
            assert m["value"] is None
            continue
        assert m["value"] == 1.0, name
        assert m["ci"] == [1.0, 1.0], name
    assert result["diagnostics"]["toll_mae"] == 0.0 and result["diagnostics"]["toll_exact_on_found"] == 1.0
    assert result["documents"] == {"gold": 3, "predicted": 3, "missing": 0, "missing_ids": [], "span_only": 0}
    assert result["claims"]["strict"]["correct"] == 4
    json.dumps(result)  # a plain, JSON-ready dict


def test_signature_for_a_gold_file(write_jsonl):
    docs = gold_docs()
    gold = write_jsonl("gold.jsonl", docs)
    result = score([prediction_of(d) for d in docs], gold, resamples=10, seed=7, schemes=("partial", "strict"))
    checksum = hashlib.sha256(gold.read_bytes()).hexdigest()[:16]
    from bench.scoring.signature import code_hash
    assert result["signature"] == (f"claimbench:{bench.__version__}|code:{code_hash()}|data:custom|split:custom|"
                                   f"checksum:{checksum}|schemes:strict,partial|unit:group|resamples:10|seed:7|"
                                   "ci:95|missing:error")
    assert result["signature_fields"]["checksum"] == checksum
    assert set(result["spans"]) == {"strict", "partial"}


def test_signature_for_a_released_split(tmp_path):
    from bench.dataset import dump_record

    data = tmp_path / "data"
    data.mkdir()
    docs = gold_docs()
    (data / "test.jsonl").write_text("".join(dump_record(d) + "\n" for d in docs))
    (data / "release.json").write_text(json.dumps({"version": "9.9.9"}))
    (data / "train.jsonl").write_text(dump_record(docs[0]) + "\n")
    result = score([prediction_of(d) for d in docs], split="test", data_dir=data, resamples=0)
    checksum = hashlib.sha256((data / "test.jsonl").read_bytes()).hexdigest()[:16]
    assert result["signature_fields"]["data"] == "9.9.9"
    assert result["signature_fields"]["checksum"] == checksum  # the evaluated split's file only
    assert "|split:test|" in result["signature"]
    # Editing another split leaves the test signature alone.
    (data / "train.jsonl").write_text(dump_record(docs[1]) + "\n")
    again = score([prediction_of(d) for d in docs], split="test", data_dir=data, resamples=0)
    assert again["signature"] == result["signature"]
    # The same records given as a file or as documents are recognised as the released split.
    for gold in (data / "test.jsonl", docs):
        same = score([prediction_of(d) for d in docs], gold, data_dir=data, resamples=0)
        assert same["signature"] == result["signature"], gold
    with pytest.raises(ProblemsFound, match="no gold data for split 'validation'"):
        score([], split="validation", data_dir=data)


def test_partial_system_by_hand():
    docs = gold_docs()
    p1 = prediction_of(docs[0])
    p1["claims"][0]["toll"] = {"low": 21, "high": 21}    # wrong interval: the claim and its toll fail
    p1["claims"][1]["subset_of"] = None
    p2 = prediction_of(docs[1])
    p2["mentions"][0]["start"] += len("About ")          # "50 soldiers": overlap, not exact
    result = score([p1, p2, {"id": "d3", "mentions": []}], docs, resamples=0)
    strict = result["spans"]["strict"]["micro"]
    assert (strict["correct"], strict["actual"], strict["possible"]) == (5, 6, 7)
    assert result["spans"]["partial"]["micro"]["correct"] == 5.5
    assert result["spans"]["type"]["micro"]["correct"] == 6
    assert (result["claims"]["lenient"]["correct"], result["claims"]["lenient"]["actual"],
            result["claims"]["lenient"]["possible"]) == (2, 3, 4)
    assert result["tolls"]["all"]["found"] == 3 and result["tolls"]["all"]["correct"] == 2
    assert result["metrics"]["claim_f1"]["value"] == pytest.approx(2 * 2 / (3 + 4))


def test_missing_documents_are_an_error_unless_allowed():
    docs = gold_docs()
    preds = [prediction_of(docs[0]), prediction_of(docs[1])]
    with pytest.raises(ProblemsFound) as exc:
        score(preds, docs)
    assert [p.doc_id for p in exc.value.problems] == ["d3"]
    assert "allow_missing=True" in str(exc.value) and "--allow-missing" not in str(exc.value)
    result = score(preds, docs, allow_missing=True, resamples=0, per_doc=True)
    assert result["documents"]["missing"] == 1 and result["documents"]["missing_ids"] == ["d3"]
    assert any("1 of 3 gold document(s) have no predictions" in w for w in result["warnings"])
    assert result["spans"]["strict"]["micro"]["recall"] == 6 / 7
    assert [d["missing"] for d in result["per_doc"]] == [False, False, True]


def test_path_and_list_inputs_agree_and_results_are_deterministic(write_jsonl):
    docs = gold_docs()
    records = [prediction_of(docs[0]), {"id": "d2", "mentions": []}, prediction_of(docs[2])]
    a = score(write_jsonl("p.jsonl", records), docs)
    b = score(records, docs)
    for r in (a, b):
        r.pop("predictions")
    assert a == b
    assert bench.score(records, docs) == b | {"predictions": "<predictions>"}


def random_tagged_corpus(rng, n_docs):
    """Documents "w0 w1 ..." with random gold mentions, and randomly corrupted (often ill-formed) tags."""
    tags = ["O"] + [f"{p}-{lab}" for lab in LABELS for p in ("B", "I")]
    docs, gold_tags, pred_tags = [], [], []
    for d in range(n_docs):
        n = int(rng.integers(1, 40))
        base = make_doc(f"doc{d:03d}", " ".join(f"w{i}" for i in range(n)))
        offsets = base.token_offsets
        mentions, claims, i = [], [], 0
        while i < n:
            if rng.random() < 0.25:
                k = int(min(rng.integers(1, 4), n - i))
                label = LABELS[rng.integers(3)]
                start, end = offsets[i][0], offsets[i + k - 1][1]
                mentions.append(Mention(f"m{len(mentions)}", label, start, end, base.text[start:end]))
                if label == "CASUALTY":
                    claims.append(Claim(f"c{len(claims)}", mentions[-1].id, None, (), "killed", "unspecified",
                                        Toll(1, 1), None, "e1"))
                i += k + int(rng.integers(0, 2))
            else:
                i += 1
        doc = replace(base, mentions=tuple(mentions), claims=tuple(claims),
                      ner_tags=tuple(spans_to_iob2(offsets, mentions)))
        docs.append(doc)
        gold_tags.append(list(doc.ner_tags))
        pred_tags.append([t if rng.random() < 0.7 else tags[rng.integers(len(tags))] for t in doc.ner_tags])
    return docs, gold_tags, pred_tags


def test_span_only_submissions_score_like_seqeval_end_to_end():
    rng = np.random.default_rng(11)
    for trial in range(25):
        docs, gold_tags, pred_tags = random_tagged_corpus(rng, 12)
        records = [{"id": d.id, "tags": t} for d, t in zip(docs, pred_tags)]
        result = score(records, docs, resamples=0)
        micro = result["spans"]["strict"]["micro"]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = (precision_score(gold_tags, pred_tags), recall_score(gold_tags, pred_tags),
                        f1_score(gold_tags, pred_tags))
        assert (micro["precision"], micro["recall"], micro["f1"]) == expected, trial
        assert result["documents"]["span_only"] == 12
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            report = classification_report(gold_tags, pred_tags, output_dict=True)
        strict = result["spans"]["strict"]
        for label in LABELS:
            if label in report:
                ours = strict["per_label"][label]
                assert (ours["precision"], ours["recall"], ours["f1"]) == tuple(
                    report[label][k] for k in ("precision", "recall", "f1-score")), (trial, label)
        assert (strict["macro"]["precision"], strict["macro"]["recall"], strict["macro"]["f1"]) == tuple(
            report["macro avg"][k] for k in ("precision", "recall", "f1-score")), trial


def test_compare_identical_and_different_systems():
    docs = gold_docs()
    perfect = [prediction_of(d) for d in docs]
    claimant_only = [m for m in prediction_of(docs[0])["mentions"] if m["label"] == "CLAIMANT"]
    weak = [{"id": "d1", "mentions": claimant_only}, {"id": "d2", "mentions": []}, {"id": "d3", "mentions": []}]
    same = compare(perfect, perfect, docs, resamples=200)
    assert same["metrics"]["claim_f1"] == {"a": 1.0, "b": 1.0, "delta": 0.0, "delta_ci": [0.0, 0.0], "p_value": 1.0,
                                           "mdd_80": 0.0}
    diff = compare(perfect, weak, docs, resamples=200)
    m = diff["metrics"]["claim_f1"]
    assert m["a"] == 1.0 and m["b"] == 0.0 and m["delta"] == 1.0
    assert 0 < m["p_value"] <= 1
    assert diff["metrics"]["event_background_f1"]["a"] is None and diff["metrics"]["event_background_f1"]["p_value"] is None
    assert diff["signature"] == same["signature"]


def test_compare_reports_the_problems_of_both_files():
    docs = gold_docs()
    with pytest.raises(ProblemsFound) as exc:
        compare([{"id": "nope"}], [{"id": "d1", "mentions": 3}], docs, allow_missing=True)
    messages = [str(p) for p in exc.value.problems]
    assert any("unknown document id" in m for m in messages)
    assert any("mentions: expected a list" in m for m in messages)


def test_bad_options_are_value_errors():
    docs = gold_docs()
    for kwargs in ({"schemes": ("strict", "fuzzy")}, {"schemes": ("exact",)}, {"resamples": -1},
                   {"confidence": 1.5}, {"unit": "sentence"}):
        with pytest.raises(ValueError):
            score([prediction_of(d) for d in docs], docs, **kwargs)


def test_invalid_gold_documents_are_reported(write_jsonl):
    bad = write_jsonl("gold.jsonl", [{"id": "x"}])
    with pytest.raises(ProblemsFound, match="gold.jsonl:1"):
        score([], bad)
