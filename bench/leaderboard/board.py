"""Discover, validate, score and render leaderboard submissions."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from bench.dataset import default_data_dir, load_split, write_atomic
from bench.leaderboard.folders import (add_submission, check_predictions, discover, duplicate_problems,
                                       maintainers_baselines)
from bench.leaderboard.errors import render_error_page
from bench.leaderboard.meta import load_meta
from bench.leaderboard.page import render_html
from bench.leaderboard.render import HEADLINE, LABELS, clean_strings, clean_text, html_block_escape, render_json, render_markdown
from bench.problems import Problem

__all__ = ["OUTPUTS", "add_submission", "build_board", "stale_outputs", "write_board"]

OUTPUTS = ("README.md", "results.json", "index.html")
ERRORS = "errors"  # errors/<slug>.html, one error page per submission
ALPHA = 0.05


def _headline(result: dict) -> dict:
    out = {}
    for key, _ in HEADLINE:
        m = result["metrics"][key]
        ci = m.get("ci") or [None, None]
        out[key] = {"value": m["value"], "low": ci[0], "high": ci[1]}
    return out


def _breakdown(result: dict, key: str, metric: str = "claim_f1") -> dict:
    """`metric` on the documents of each value of `key` (conflict, provenance): point values."""
    return {name: b["metrics"][metric] for name, b in sorted(result["breakdowns"][key].items())}


def _joint_ranks(scored: list, data_dir: Path, resamples: int, seed: int) -> tuple[list[dict], list[Optional[float]]]:
    """All ranked systems on the same group-bootstrap resamples, once: per system its rank interval on each
    headline metric, and the paired p-value of claim F1 against the best (None for the best itself)."""
    from bench.scoring.ranking import joint, paired, rank_intervals

    j = joint([sub.folder / "predictions.jsonl" for sub, _, _ in scored], split="test", resamples=resamples,
              seed=seed, data_dir=data_dir)
    per_metric = {key: rank_intervals(j, key) for key, _ in HEADLINE}
    ranks = [{key: per_metric[key][k] for key, _ in HEADLINE} for k in range(len(scored))]
    best = 0  # scored is sorted by claim F1
    p_values = [None if k == best else paired(j, k, best, "claim_f1")["p_value"] for k in range(len(scored))]
    return ranks, p_values


def _entry(sub, meta, result, rank: Optional[dict], p_value: Optional[float], best: bool) -> dict:
    return {
        "slug": sub.slug,
        "ranked": rank is not None,
        "rank": rank["claim_f1"]["rank"] if rank else None,
        "rank_interval": [rank["claim_f1"]["low"], rank["claim_f1"]["high"]] if rank else None,
        "ranks": {k: [r["rank"], r["low"], r["high"]] for k, r in rank.items()} if rank else None,
        "meta": clean_strings(meta.as_dict()),
        "best": best,
        "p_vs_best": p_value,
        "tied_with_best": not best and p_value is not None and p_value >= ALPHA,
        "headline": _headline(result),
        "per_label": {label: result["spans"]["strict"]["per_label"][label]["f1"] for label in LABELS},
        "claim_f1_by_conflict": _breakdown(result, "conflict"),
        "claim_f1_by_provenance": _breakdown(result, "provenance"),
        "signature": result["signature"],
        "metrics": {k: v for k, v in result.items() if k not in ("predictions", "gold", "warnings")},
    }


def build_board(root: Path, data_dir: Optional[Path] = None, resamples: int = 1000,
                seed: Optional[int] = None, progress: bool = False) -> tuple[Optional[dict[str, bytes]], list[Problem]]:
    """Score every submission and render the outputs (README.md, results.json, index.html and
    errors/<slug>.html per submission); (None, problems) when any submission is bad."""
    from bench.scoring import DEFAULT_SEED, score
    from bench.submission import load_submission

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
    # A system that saw test documents is shown but takes no rank and is not compared.
    ranked = [t for t in scored if not t[1].uses_test_documents]
    unranked = [t for t in scored if t[1].uses_test_documents]
    ranks, p_values = _joint_ranks(ranked, data_dir, resamples, seed) if ranked else ([], [])
    entries = [_entry(*t, ranks[k], p_values[k], k == 0) for k, t in enumerate(ranked)]
    entries += [_entry(*t, None, None, False) for t in unranked]
    boot = scored[0][2]["bootstrap"]
    board = {"signature": scored[0][2]["signature"], "alpha": ALPHA, "entries": entries,
             "bootstrap": {"unit": boot["unit"], "units": boot["units"], "resamples": boot["resamples"],
                           "min_detectable_difference_80": boot["min_detectable_difference_80"]}}
    files = {
        "README.md": render_markdown(board).encode("utf-8"),
        "results.json": render_json(board).encode("utf-8"),
        "index.html": render_html(board).encode("utf-8"),
    }
    for sub, meta, _ in scored:
        predictions = load_submission(sub.folder / "predictions.jsonl", gold).predictions
        page = render_error_page(clean_text(meta.system), sub.slug, gold, predictions, escape=html_block_escape)
        files[f"{ERRORS}/{sub.slug}.html"] = page.encode("utf-8")
    return files, []


def _existing_error_pages(root: Path) -> list[str]:
    folder = Path(root) / ERRORS
    return sorted(f"{ERRORS}/{p.name}" for p in folder.glob("*.html")) if folder.is_dir() else []


def write_board(root: Path, files: dict[str, bytes]) -> list[str]:
    """Atomic writes (temporary file, then rename) of the outputs that changed; error pages of submissions
    that are gone are removed (listed with a leading "-")."""
    changed = []
    for name in sorted(files, key=lambda n: (n.startswith(ERRORS + "/"), n)):
        path = Path(root) / name
        if not path.exists() or path.read_bytes() != files[name]:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, files[name])
            changed.append(name)
    for name in _existing_error_pages(root):
        if name not in files:
            (Path(root) / name).unlink()
            changed.append(f"-{name}")
    return changed


def stale_outputs(root: Path, files: dict[str, bytes]) -> list[str]:
    """Outputs whose committed bytes differ from `files` (or are missing), then error pages of removed
    submissions."""
    names = sorted(files, key=lambda n: (n.startswith(ERRORS + "/"), OUTPUTS.index(n) if n in OUTPUTS else 0, n))
    stale = [n for n in names if not (Path(root) / n).exists() or (Path(root) / n).read_bytes() != files[n]]
    return stale + [n for n in _existing_error_pages(root) if n not in files]
