"""Discover, validate, score and render leaderboard submissions."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from bench.dataset import default_data_dir, load_split, write_atomic
from bench.leaderboard.meta import MAX_PREDICTIONS_BYTES, check_slug, load_meta
from bench.leaderboard.render import HEADLINE, LABELS, render_html, render_json, render_markdown
from bench.problems import Problem, ProblemsFound

OUTPUTS = ("README.md", "results.json", "index.html")
SUBMISSION_FILES = ("predictions.jsonl", "meta.yaml")
ALPHA = 0.05


@dataclass(frozen=True)
class Submission:
    slug: str
    folder: Path


def discover(root: Path) -> tuple[list[Submission], list[Problem]]:
    """Submission folders, with a problem for anything in submissions/ that is not a clean data folder."""
    base = Path(root) / "submissions"
    found, problems = [], []
    if not base.is_dir():
        return [], [Problem(str(base), None, "no submissions folder")]
    for entry in sorted(base.iterdir(), key=lambda p: p.name):
        if entry.name in (".gitkeep",):
            continue
        if entry.is_symlink():
            problems.append(Problem(str(entry), None, "symbolic links are not accepted in submissions"))
            continue
        if not entry.is_dir():
            problems.append(Problem(str(entry), None, "expected a folder per submission (leaderboard/submissions/<slug>/)"))
            continue
        why = check_slug(entry.name)
        if why:
            problems.append(Problem(str(entry), None, why))
            continue
        for item in sorted(entry.iterdir()):
            if item.name not in SUBMISSION_FILES or item.is_symlink() or not item.is_file():
                problems.append(Problem(str(item), None, "unexpected entry: a submission holds only predictions.jsonl "
                                                         "and meta.yaml (data, never code)"))
        predictions = entry / "predictions.jsonl"
        if not predictions.is_file():
            problems.append(Problem(str(predictions), None, "missing predictions.jsonl"))
            continue
        if predictions.stat().st_size > MAX_PREDICTIONS_BYTES:
            problems.append(Problem(str(predictions), None, f"{predictions.stat().st_size} bytes; the limit is {MAX_PREDICTIONS_BYTES}"))
            continue
        found.append(Submission(entry.name, entry))
    return found, problems


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
    scored = []
    for sub in submissions:
        meta, meta_problems = load_meta(sub.folder / "meta.yaml")
        problems += meta_problems
        try:
            result = score(sub.folder / "predictions.jsonl", split="test", data_dir=data_dir,
                           resamples=resamples, seed=seed)
        except ProblemsFound as exc:
            problems += exc.problems
            continue
        if meta is not None:
            scored.append((sub, meta, result))
    if problems:
        return None, problems
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
            "meta": meta.as_dict(),
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


def add_submission(root: Path, slug: str, predictions: Path, meta: Path, force: bool = False,
                   data_dir: Optional[Path] = None) -> Path:
    """Validate a predictions file and its meta.yaml, then copy them to submissions/<slug>/.

    Refuses an invalid slug (path traversal included), invalid files, and an existing submission unless
    `force`; nothing is written unless everything is valid.
    """
    from bench.submission import load_submission

    why = check_slug(slug)
    if why:
        raise ProblemsFound([Problem(str(slug), None, why)])
    problems = []
    _, meta_problems = load_meta(Path(meta))
    problems += meta_problems
    try:
        load_submission(Path(predictions), load_split("test", data_dir), allow_missing=False)
    except ProblemsFound as exc:
        problems += exc.problems
    target = Path(root) / "submissions" / slug
    if target.exists() and not force:
        problems.append(Problem(str(target), None, "a submission with this slug exists; pass --force to replace it"))
    if problems:
        raise ProblemsFound(problems)
    target.mkdir(parents=True, exist_ok=True)
    for source, name in ((Path(predictions), "predictions.jsonl"), (Path(meta), "meta.yaml")):
        write_atomic(target / name, source.read_bytes())
    return target
