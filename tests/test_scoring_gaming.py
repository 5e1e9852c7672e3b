"""The audit's ways of raising a number without a better system, reproduced on the released test split:
none of them may work. Every number in `metrics` must stay strictly below the rule-based baseline for a
no-model submission and for one sure guess, and withholding event ids may raise no event metric."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from baselines.registry import get_extractor
from bench.dataset import load_split
from bench.scoring import score

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def test_docs():
    return load_split("test")


@pytest.fixture(scope="module")
def rule_based(test_docs):
    preds = get_extractor("rule_based").predict(test_docs)
    return preds, score(preds, split="test", resamples=0)["metrics"]


def every_number(docs, event=None):
    """The no-model submission: a CASUALTY mention with a killed claim on every number in the text."""
    out = []
    for d in docs:
        mentions, claims = [], []
        for k, m in enumerate(re.finditer(r"\b\d[\d,]*\b", d.text)):
            n = int(m.group().replace(",", ""))
            mentions.append({"id": f"m{k}", "label": "CASUALTY", "start": m.start(), "end": m.end()})
            claims.append({"id": f"c{k}", "casualty": f"m{k}", "claimant": None, "actors": [], "outcome": "killed",
                           "victims": "unspecified", "toll": {"low": n, "high": n}, "subset_of": None,
                           "event": event, "modality": "asserted"})
        out.append({"id": d.id, "mentions": mentions, "claims": claims})
    return out


def one_sure_guess(docs):
    """One gold figure copied exactly (with its claim), nothing else in the whole split."""
    out = [{"id": d.id, "mentions": [], "claims": []} for d in docs]
    doc = docs[0]
    claim = doc.claims[0]
    by_id = {m.id: m for m in doc.mentions}
    wanted = [claim.casualty] + ([claim.claimant] if claim.claimant else []) + list(claim.actors)
    out[0]["mentions"] = [{"id": i, "label": by_id[i].label, "start": by_id[i].start, "end": by_id[i].end} for i in wanted]
    out[0]["claims"] = [{"id": claim.id, "casualty": claim.casualty, "claimant": claim.claimant,
                         "actors": list(claim.actors), "outcome": claim.outcome, "victims": claim.victims,
                         "toll": {"low": claim.toll.low, "high": claim.toll.high}, "subset_of": None,
                         "event": "guess", "modality": claim.modality}]
    return out


@pytest.mark.parametrize("name", ["every_number", "every_number_one_event", "one_sure_guess"])
def test_gaming_submissions_score_strictly_below_the_rule_based_baseline(name, test_docs, rule_based):
    sub = {"every_number": lambda: every_number(test_docs), "every_number_one_event": lambda: every_number(test_docs, "x"),
           "one_sure_guess": lambda: one_sure_guess(test_docs)}[name]()
    metrics = score(sub, split="test", resamples=0)["metrics"]
    _, baseline = rule_based
    not_below = {k: (v["value"], baseline[k]["value"]) for k, v in metrics.items()
                 if v["value"] is not None and baseline[k]["value"] is not None and v["value"] >= baseline[k]["value"]}
    assert not not_below, not_below


def test_withholding_event_ids_raises_no_event_metric(test_docs, rule_based):
    preds, baseline = rule_based
    withheld = json.loads(json.dumps(preds))
    for p in withheld:
        for c in p["claims"]:
            c["event"] = None
    metrics = score(withheld, split="test", resamples=0)["metrics"]
    for name in ("event_link_f1", "event_main_f1", "event_background_f1", "event_range_exact"):
        assert metrics[name]["value"] <= baseline[name]["value"], name
        assert metrics[name]["value"] == 0.0, name


def test_withholding_claimants_or_actors_raises_no_metric(test_docs, rule_based):
    preds, baseline = rule_based
    stripped = json.loads(json.dumps(preds))
    for p in stripped:
        for c in p["claims"]:
            c["claimant"], c["actors"] = None, []
    metrics = score(stripped, split="test", resamples=0)["metrics"]
    for name, v in metrics.items():
        if v["value"] is not None and baseline[name]["value"] is not None:
            assert v["value"] <= baseline[name]["value"] + 1e-12, name


def test_a_patched_scorer_signs_differently(tmp_path):
    code = "from bench.scoring.signature import code_hash; print(code_hash())"
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "bench", copy / "bench", ignore=shutil.ignore_patterns("__pycache__"))

    def hash_of(root):
        return subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                              check=True).stdout.strip()

    original = hash_of(copy)
    for target in ("scoring/claims.py", "submission.py", "tolls.py"):
        path = copy / "bench" / target
        before = path.read_text(encoding="utf-8")
        path.write_text(before + "\n# patched\n", encoding="utf-8")
        assert hash_of(copy) != original, target
        path.write_text(before, encoding="utf-8")
    assert hash_of(copy) == original
