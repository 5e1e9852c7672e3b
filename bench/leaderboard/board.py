"""Discover, validate, score and render leaderboard submissions."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from bench.dataset import default_data_dir, load_split, write_atomic
from bench.leaderboard.folders import (add_submission, check_predictions, discover, duplicate_problems,
                                       maintainers_baselines)
from bench.leaderboard.meta import load_meta
from bench.leaderboard.render import HEADLINE, LABELS, clean_strings, render_html, render_json, render_markdown
from bench.problems import Problem

__all__ = ["OUTPUTS", "add_submission", "build_board", "stale_outputs", "write_board"]

OUTPUTS = ("README.md", "results.json", "index.html")
ALPHA = 0.05


def _headline(result: dict) -> dict:
    out = {}
    for key, _ in HEADLINE:
        m = result["metrics"][key]
        ci = m.get("ci") or [None, None]
        out[key] = {"value": m["value"], "low": ci[0], "high": ci[1]}
    return out


def build_board(root: Path, data_dir: Optional[Path] = None, resamples: int = 1000,
                seed: Optional[int] = None, progress: bool = False) -> tuple[Optional[dict[str, bytes]], list[Problem]]:
    """Score every submission and render the three outputs; (None, problems) when any submission is bad."""
    from bench.scoring import DEFAULT_SEED, compare, score

    seed = DEFAULT_SEED if seed is None else seed
    data_dir = Path(data_dir or default_data_dir())
    submissions, problems = discover(root)
    baselines, maintainer_problems = maintainers_baselines(root)
    problems += maintainer_problems
    gold = load_split("test", data_dir)
    checked = []
    for sub in submissions:
        meta, meta_problems = load_meta(sub.folder / "meta.yaml", baseline_allowed=sub.slug in baselines)
        prediction_problems = check_predictions(sub.folder / "predictions.jsonl", gold)
        problems += meta_problems + prediction_problems
        if meta is not None and not prediction_problems:
            checked.append((sub, meta))
    problems += duplicate_problems({sub.slug: sub.folder / "predictions.jsonl" for sub in submissions})
    if problems:
        return None, problems
    scored = []
    for sub, meta in checked:  # only valid files reach the scorer
        result = score(sub.folder / "predictions.jsonl", split="test", data_dir=data_dir, resamples=resamples, seed=seed)
        scored.append((sub, meta, result))
    if not scored:
        return None, [Problem(str(Path(root) / "submissions"), None, "no submissions to rank")]
    scored.sort(key=lambda t: (-(t[2]["metrics"]["claim_f1"]["value"] or 0.0), t[0].slug))
    best_sub = scored[0][0]
    entries = []
    for rank, (sub, meta, result) in enumerate(scored, start=1):
        p_value = None
        if sub is not best_sub:
            cmp = compare(best_sub.folder / "predictions.jsonl", sub.folder / "predictions.jsonl", split="test",
                          data_dir=data_dir, resamples=resamples, seed=seed)
            p_value = cmp["metrics"]["claim_f1"]["p_value"]
        entries.append({
            "slug": sub.slug,
            "rank": rank,
            "meta": clean_strings(meta.as_dict()),
            "best": sub is best_sub,
            "p_vs_best": p_value,
            "tied_with_best": sub is not best_sub and p_value is not None and p_value >= ALPHA,
            "headline": _headline(result),
            "per_label": {label: result["spans"]["strict"]["per_label"][label]["f1"] for label in LABELS},
            "signature": result["signature"],
            "metrics": {k: v for k, v in result.items() if k not in ("predictions", "gold", "warnings")},
        })
    boot = scored[0][2]["bootstrap"]
    board = {"signature": scored[0][2]["signature"], "alpha": ALPHA, "entries": entries,
             "bootstrap": {"unit": boot["unit"], "units": boot["units"], "resamples": boot["resamples"],
                           "min_detectable_difference_80": boot["min_detectable_difference_80"]}}
    files = {
        "README.md": render_markdown(board).encode("utf-8"),
        "results.json": render_json(board).encode("utf-8"),
        "index.html": render_html(board).encode("utf-8"),
    }
    return files, []


def write_board(root: Path, files: dict[str, bytes]) -> list[str]:
    """Atomic writes (temporary file, then rename) of the outputs that changed."""
    changed = []
    for name in OUTPUTS:
        path = Path(root) / name
        if not path.exists() or path.read_bytes() != files[name]:
            write_atomic(path, files[name])
            changed.append(name)
    return changed


def stale_outputs(root: Path, files: dict[str, bytes]) -> list[str]:
    return [name for name in OUTPUTS if not (Path(root) / name).exists() or (Path(root) / name).read_bytes() != files[name]]
