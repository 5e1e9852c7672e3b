"""Hydra composition (compose API with overrides) and `claimbench run` end to end, single run and multirun,
on a tiny dataset folder in the released format (data.path=...)."""

import json

import pytest
from hydra import compose, initialize_config_dir
from hydra.errors import ConfigCompositionException

from bench.cli import main
from bench.cli.hydra_commands import build_extractor, config_dir
from bench.dataset import dump_record
from conftest import make_doc


def write_dataset(folder):
    texts = [
        ("At least 12 civilians were killed in the attack, the health ministry said.",
         [("m1", "CASUALTY", "At least 12 civilians"), ("m2", "CLAIMANT", "the health ministry")],
         [{"id": "c1", "casualty": "m1", "claimant": "m2", "victims": "civilians"}]),
        ("Gunmen killed nine farmers near the river, according to local officials.",
         [("m1", "ACTOR", "Gunmen"), ("m2", "CASUALTY", "nine farmers"), ("m3", "CLAIMANT", "local officials")],
         [{"id": "c1", "casualty": "m2", "claimant": "m3", "actors": ["m1"], "victims": "civilians"}]),
        ("A spokesman for the army said dozens of fighters were wounded.",
         [("m1", "CLAIMANT", "A spokesman for the army"), ("m2", "CASUALTY", "dozens of fighters")],
         [{"id": "c1", "casualty": "m2", "claimant": "m1", "outcome": "injured", "victims": "combatants"}]),
    ]
    docs = [make_doc(f"d{i}", t, m, c) for i, (t, m, c) in enumerate(texts * 2)]
    folder.mkdir(parents=True, exist_ok=True)
    for split, part in (("train", docs[:3]), ("validation", docs[3:4]), ("test", docs[4:])):
        (folder / f"{split}.jsonl").write_text("".join(dump_record(d) + "\n" for d in part), encoding="utf-8")
    return folder


def test_compose_defaults_groups_and_overrides():
    with initialize_config_dir(config_dir=str(config_dir()), version_base="1.3"):
        cfg = compose("config")
        assert cfg.model.name == "rule_based" and cfg.data.path is None
        assert cfg.scorer.resamples == 1000 and list(cfg.scorer.schemes) == ["strict", "exact", "partial", "type"]
        for name in ("rule_based", "crf", "transformer"):
            cfg = compose("config", overrides=[f"model={name}"])
            extractor, load = build_extractor(cfg)
            assert extractor.name == name and load is None
        cfg = compose("config", overrides=["model=transformer", "model.epochs=5", "threads=2", "seed=3",
                                           "model.pretrained=/some/encoder", "data.path=/tmp/elsewhere"])
        assert cfg.model.epochs == 5 and cfg.model.threads == 2 and cfg.model.seed == 3
        extractor, _ = build_extractor(cfg)
        assert (extractor.epochs, extractor.threads, extractor.seed, extractor.pretrained) == (5, 2, 3, "/some/encoder")
        cfg = compose("config", overrides=["model=crf", "model.c1=0.2", "scorer.resamples=0"])
        assert build_extractor(cfg)[0].c1 == 0.2 and cfg.scorer.resamples == 0
        with pytest.raises(ConfigCompositionException):
            compose("config", overrides=["model=no_such_model"])
        with pytest.raises(ConfigCompositionException):
            compose("config", overrides=["model.no_such_key=1"])


def test_run_writes_predictions_metrics_and_resolved_config(tmp_path, monkeypatch, capsys):
    data = write_dataset(tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    assert main(["run", f"data.path={data}", "scorer.resamples=20", "progress=false"]) == 0
    (run_dir,) = list((tmp_path / "claimbench-runs").glob("*/*-rule_based"))
    preds = [json.loads(line) for line in (run_dir / "predictions.jsonl").read_text().splitlines()]
    assert [p["id"] for p in preds] == ["d4", "d5"]
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert metrics["metrics"]["claim_f1"]["value"] == pytest.approx(1.0)
    assert metrics["metrics"]["claim_f1"]["ci"] is not None and metrics["signature"]
    assert metrics["run"]["model"] == "rule_based" and metrics["run"]["documents"]["test"] == 2
    assert "model:\n  name: rule_based" in (run_dir / "config.yaml").read_text()
    out = capsys.readouterr().out
    assert "rule_based on test" in out and "claim F1" in out


def test_multirun_prints_a_comparison_table(tmp_path, monkeypatch, capsys):
    data = write_dataset(tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    rc = main(["run", "-m", "model=rule_based,crf", f"data.path={data}", "scorer.resamples=10", "progress=false"])
    assert rc == 0
    out = capsys.readouterr().out
    assert "ClaimBench baselines on test" in out
    (table,) = list((tmp_path / "claimbench-runs" / "multirun").glob("*/*/comparison.md"))
    rows = table.read_text().splitlines()
    assert rows[0].startswith("| model | CASUALTY F1") and len(rows) == 4
    assert rows[2].startswith("| rule_based") and rows[3].startswith("| crf")
    runs = sorted(p.name for p in table.parent.iterdir() if p.is_dir())
    assert runs == ["0-rule_based", "1-crf"]
    assert (table.parent / "1-crf" / "model" / "crf.crfsuite").exists()


def test_run_reports_bad_overrides_and_missing_data_without_traceback(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["run", "model=no_such_model"]) != 0
    assert main(["run", f"data.path={tmp_path / 'nowhere'}", "progress=false"]) == 1
    err = capsys.readouterr().err
    assert "nowhere: data.path: no such folder" in err
    assert "Traceback" not in err


def test_runs_go_under_the_checkout_or_the_configured_folder(tmp_path, monkeypatch):
    data = write_dataset(tmp_path / "data")
    clone = tmp_path / "clone"
    (clone / "sub").mkdir(parents=True)
    (clone / "pyproject.toml").write_text('[project]\nname = "claimbench"\n', encoding="utf-8")
    monkeypatch.chdir(clone / "sub")
    monkeypatch.delenv("CLAIMBENCH_RUNS", raising=False)
    assert main(["run", f"data.path={data}", "scorer.resamples=0", "progress=false"]) == 0
    assert len(list((clone / "runs").glob("*/*-rule_based/metrics.json"))) == 1
    assert sorted(p.name for p in (clone / "sub").iterdir()) == []  # nothing scattered in the working directory
    assert main(["run", f"data.path={data}", "scorer.resamples=0", "progress=false", f"runs_dir={tmp_path / 'mine'}"]) == 0
    assert len(list((tmp_path / "mine").glob("*/*-rule_based/metrics.json"))) == 1
