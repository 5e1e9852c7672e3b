"""Where commands act (bench.locations): option, environment, the checkout around the working directory,
then the installed copy; the leaderboard of a fork's clone; the released split recognised by checksum."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import bench
from bench.cli import build_parser, main
from bench.dataset import identify_release, installed_data_path, load_split, release_info
from bench.locations import (configs_location, data_location, find_checkout, leaderboard_location,
                             runs_location)
from bench.stats import statistics

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
BASELINE = REPO / "leaderboard" / "submissions" / "baseline-rule-based" / "predictions.jsonl"


def make_clone(root: Path, name: str = "claimbench") -> Path:
    """A fork-like clone: its own pyproject, released data and one submission; no code."""
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text(f'[project]\nname = "{name}"\nversion = "0.0.0"\n', encoding="utf-8")
    (root / "data").mkdir()
    for name_ in ("train.jsonl", "validation.jsonl", "test.jsonl", "release.json", "README.md"):
        shutil.copy(DATA / name_, root / "data" / name_)
    sub = root / "leaderboard" / "submissions" / "my-fork-system"
    sub.mkdir(parents=True)
    shutil.copy(BASELINE, sub / "predictions.jsonl")
    meta = (REPO / "leaderboard" / "submissions" / "baseline-rule-based" / "meta.yaml").read_text(encoding="utf-8")
    meta = re.sub(r"(?m)^system:.*$", "system: My fork system", meta)
    meta = re.sub(r"(?m)^baseline:.*$", "baseline: false", meta)
    (sub / "meta.yaml").write_text(meta, encoding="utf-8")
    return root


@pytest.fixture
def clean_env(monkeypatch):
    for var in ("CLAIMBENCH_DATA", "CLAIMBENCH_CONFIGS", "CLAIMBENCH_LEADERBOARD", "CLAIMBENCH_RUNS"):
        monkeypatch.delenv(var, raising=False)


def test_resolution_order_option_environment_checkout_installed(tmp_path, monkeypatch, clean_env):
    clone = make_clone(tmp_path / "clone")
    (clone / "docs").mkdir()
    monkeypatch.chdir(clone / "docs")
    assert find_checkout() == clone
    assert data_location() .path == clone / "data" and data_location().source == "checkout"
    monkeypatch.setenv("CLAIMBENCH_DATA", str(tmp_path / "env-data"))
    assert data_location().path == tmp_path / "env-data"
    assert data_location(tmp_path / "option").path == tmp_path / "option"
    monkeypatch.delenv("CLAIMBENCH_DATA")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    monkeypatch.chdir(outside)
    assert find_checkout() is None
    where = data_location()
    assert where.source == "installed" and where.path == installed_data_path()
    assert (where.path / "test.jsonl").is_file() and (configs_location().path / "config.yaml").is_file()
    assert runs_location().path == outside / "claimbench-runs"
    with pytest.raises(FileNotFoundError, match="--root"):
        leaderboard_location()


def test_a_pyproject_of_another_project_is_not_a_checkout(tmp_path, monkeypatch, clean_env):
    other = make_clone(tmp_path / "other", name="not-claimbench")
    monkeypatch.chdir(other)
    assert find_checkout() is None
    assert data_location().source == "installed"


def test_leaderboard_build_in_a_fork_writes_the_fork(tmp_path, clean_env):
    clone = make_clone(tmp_path / "fork")
    before = {p: p.read_bytes() for p in (REPO / "leaderboard").glob("*") if p.is_file()}
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMBENCH_")}
    proc = subprocess.run([sys.executable, "-m", "bench.cli", "leaderboard", "build", "--resamples", "20"],
                          cwd=clone, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert f"leaderboard: {clone / 'leaderboard'} (checkout)" in proc.stderr
    board = (clone / "leaderboard" / "README.md").read_text(encoding="utf-8")
    assert "My fork system" in board
    assert {p: p.read_bytes() for p in (REPO / "leaderboard").glob("*") if p.is_file()} == before


def test_leaderboard_outside_a_checkout_says_so(tmp_path, monkeypatch, capsys, clean_env):
    monkeypatch.chdir(tmp_path)
    assert main(["leaderboard", "check"]) == 2
    assert "not inside a ClaimBench checkout" in capsys.readouterr().err


def test_the_released_split_is_recognised_by_checksum(tmp_path):
    board = bench.score(BASELINE, split="test", data_dir=DATA, resamples=0)
    in_memory = bench.score(BASELINE, load_split("test", DATA), data_dir=DATA, resamples=0)
    copy = tmp_path / "my-test.jsonl"
    shutil.copy(DATA / "test.jsonl", copy)
    by_file = bench.score(BASELINE, copy, data_dir=DATA, resamples=0)
    assert board["signature"] == in_memory["signature"] == by_file["signature"]
    assert f"data:{release_info(DATA)['version']}|" in board["signature"] and "|split:test|" in board["signature"]
    assert board["metrics"] == in_memory["metrics"] == by_file["metrics"]
    assert identify_release(copy, DATA).split == "test"
    # One byte changed: no longer the release, signed as custom data.
    copy.write_bytes(copy.read_bytes().replace(b'"language":"en"', b'"language":"fr"', 1))
    assert identify_release(copy, DATA) is None
    assert "data:custom" in bench.score(BASELINE, copy, data_dir=DATA, resamples=0)["signature"]


def test_dates_round_trip_through_hugging_face(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("CLAIMBENCH_CACHE", str(tmp_path / "cache"))
    from datasets import load_dataset

    from bench.hf import load_hf

    released = [json.loads(line) for line in (DATA / "validation.jsonl").read_text(encoding="utf-8").splitlines()]
    for ds in (load_hf(DATA, split="validation"),
               load_dataset(str(DATA), split="validation", cache_dir=str(tmp_path / "plain"))):
        for row, record in zip(ds, released):
            assert (row["published"] and row["published"].isoformat()) == record["published"], record["id"]
            assert [e["date"] and e["date"].isoformat() for e in row["events"]] == [e["date"] for e in record["events"]]


def test_readme_dataset_figures_agree_with_the_statistics():
    stats = statistics({s: load_split(s, DATA) for s in ("train", "validation", "test")})
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"Dataset (\S+) \((\d+) articles, (\d+) conflicts, (\d+) claims\)", readme)
    assert found, "README.md lost its dataset line"
    assert found.groups() == (release_info(DATA)["version"], str(stats["documents"]), str(len(stats["conflicts"])),
                              str(stats["claims"])), "update the dataset line of README.md (claimbench data stats)"


def test_help_lists_every_command_and_validate_has_its_own_words(capsys):
    text = build_parser().format_help()
    for command in ("data", "score", "validate", "compare", "perf", "leaderboard", "run", "extract"):
        assert re.search(rf"^\s+{command}\s", text, re.M), command
    sub = {a.dest: a for a in build_parser()._actions}["command"].choices
    validate, score = sub["validate"].format_help(), sub["score"].format_help()
    assert "check against a released split" in validate and "score against" not in validate
    assert "score against a released split" in score


def test_every_command_names_its_data(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    assert main(["validate", str(BASELINE)]) == 0
    err = capsys.readouterr().err
    assert f"data: {DATA} (checkout), version {release_info(DATA)['version']}" in err


def test_every_package_folder_is_listed_in_pyproject():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    listed = set(re.findall(r'"((?:bench|baselines)(?:\.[a-z_]+)*)"', text.split("[tool.setuptools]", 1)[1]))
    folders = {".".join(p.parent.relative_to(REPO).parts) for p in REPO.glob("*/**/__init__.py")
               if p.parent.relative_to(REPO).parts[0] in ("bench", "baselines")}
    assert folders <= listed, f"add {sorted(folders - listed)} to [tool.setuptools] packages in pyproject.toml"
