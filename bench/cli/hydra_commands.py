"""`claimbench run` and `claimbench extract`: Hydra applications over the configs (bench.locations: the
checkout's configs/, else the copy installed with the package).

    claimbench run                                       # rule_based on the bundled dataset
    claimbench run model=transformer model.epochs=5      # overrides
    claimbench run -m model=rule_based,crf,transformer   # multirun; a comparison table at the end
    claimbench extract model=rule_based input=articles.jsonl output=claims.jsonl
    claimbench extract input=articles/ output=claims.jsonl num_proc=2     # two processes of this machine
    claimbench extract input=hf:data:test output=claims.jsonl runner=ray  # Ray Data (extra claimbench[ray])

`run` trains on the train split (where needed), picks settings on validation, predicts test, scores it with
`bench.score` and writes predictions.jsonl, metrics.json and config.yaml (resolved) to its run folder under
`runs_dir` (runs/ of the checkout, else ./claimbench-runs). `extract` streams unlabelled documents (JSONL,
a folder of .txt, Parquet or a Hugging Face dataset; bench.extraction) through any extractor and writes one
submission-format line per document, in input order, resuming an existing output. Bad input is reported as
`file:line: message`, never as a traceback.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Optional, Sequence

from bench.contamination import check_shown
from bench.problems import Problem, ProblemsFound

# Results of the jobs of one invocation (a multirun runs its jobs in this process, one after the other).
_STATE: dict[str, Any] = {"rows": [], "status": 0, "sweep_dir": None}


def config_dir() -> Path:
    """The Hydra configs: $CLAIMBENCH_CONFIGS, else the checkout's configs/, else the installed copy."""
    from bench.locations import configs_location

    return configs_location().path


def _register_resolvers() -> None:
    """`${claimbench_runs_dir:}` in configs/config.yaml: runs/ of the checkout, else ./claimbench-runs."""
    from omegaconf import OmegaConf

    from bench.locations import runs_location

    OmegaConf.register_new_resolver("claimbench_runs_dir", lambda: str(runs_location().path), replace=True)


def main(command: str, argv: Sequence[str]) -> int:
    """Entry point used by `bench.cli.main` for `run` and `extract`."""
    import hydra

    argv = list(argv)
    if command not in ("run", "extract"):
        print(f"claimbench: unknown command {command!r}", file=sys.stderr)
        return 2
    if not (config_dir() / "config.yaml").exists():
        print(f"claimbench: error: no Hydra configs at {config_dir()}", file=sys.stderr)
        return 2
    _STATE.update(rows=[], status=0, sweep_dir=None)
    _register_resolvers()
    extra = [f"hydra.job.name={command}"]
    if command == "extract":
        # extract writes only its output file: no run directory, no log files.
        extra += ["hydra.output_subdir=null", "hydra.run.dir=.", "hydra/job_logging=disabled",
                  "hydra/hydra_logging=disabled"]
    task = _run_task if command == "run" else _extract_task
    app = hydra.main(config_path=str(config_dir()), config_name="config", version_base="1.3")(task)
    saved = sys.argv
    sys.argv = [f"claimbench {command}"] + argv + [e for e in extra if not any(a.split("=")[0] == e.split("=")[0]
                                                                               for a in argv)]
    try:
        app()
    except SystemExit as exc:  # Hydra exits on bad overrides after printing a one-line error
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if code:
            return code
    finally:
        sys.argv = saved
    if command == "run" and _multirun(argv) and _STATE["rows"]:
        print_comparison(_STATE["rows"], _STATE["sweep_dir"])
    return int(_STATE["status"])


def _multirun(argv: Sequence[str]) -> bool:
    return any(a in ("-m", "--multirun") for a in argv)


# --------------------------------------------------------------------------------------------------
# Shared pieces


def _guard(fn):
    """Run a task body; report problems as `file:line: message` and never let a traceback out."""

    def wrapped(cfg) -> None:
        from bench.cli import report

        try:
            fn(cfg)
        except ProblemsFound as exc:
            report(exc.problems)
            print(f"claimbench: {len([p for p in exc.problems if p.severity == 'error'])} problem(s) found",
                  file=sys.stderr)
            _STATE["status"] = 1
        except (ValueError, KeyError, TypeError, FileNotFoundError, RuntimeError) as exc:
            if os.environ.get("CLAIMBENCH_DEBUG"):
                raise
            print(f"claimbench: error: {exc}", file=sys.stderr)
            _STATE["status"] = 2
        except KeyboardInterrupt:
            print("claimbench: interrupted", file=sys.stderr)
            _STATE["status"] = 130
        except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
            if os.environ.get("CLAIMBENCH_DEBUG"):
                raise
            print(f"claimbench: internal error: {type(exc).__name__}: {exc} "
                  "(set CLAIMBENCH_DEBUG=1 for the traceback)", file=sys.stderr)
            _STATE["status"] = 2

    wrapped.__name__ = fn.__name__
    wrapped.__module__ = fn.__module__
    return wrapped


def _seed_everything(seed: Optional[int]) -> None:
    if seed is None:
        return
    import numpy as np

    random.seed(seed)
    np.random.seed(seed)


def _model_settings(cfg) -> tuple[str, dict, Optional[str]]:
    from omegaconf import OmegaConf

    settings = OmegaConf.to_container(cfg.model, resolve=True)
    name = settings.pop("name")
    load = settings.pop("load", None)
    return name, settings, load


def build_extractor(cfg):
    """The configured extractor (and the folder to load it from, if any)."""
    from baselines.registry import get_extractor

    name, settings, load = _model_settings(cfg)
    try:
        extractor = get_extractor(name, progress=bool(cfg.progress), **settings)
    except TypeError as exc:
        raise ValueError(f"model={name}: {exc}") from None
    return extractor, load


def _data_dir(cfg) -> Path:
    from bench.dataset import default_data_dir

    path = cfg.data.get("path")
    if path:
        path = Path(str(path)).expanduser()
        if not path.is_absolute():
            path = Path(_original_cwd()) / path
        if not path.is_dir():
            raise ProblemsFound([Problem(str(path), None, "data.path: no such folder")])
        return path
    return default_data_dir()


def _original_cwd() -> str:
    try:
        from hydra.utils import get_original_cwd

        return get_original_cwd()
    except Exception:  # noqa: BLE001 - outside a Hydra job
        return os.getcwd()


def _load(data_dir: Path, split: str, required: bool = True):
    from bench.dataset import read_documents, split_path

    path = split_path(data_dir, split)
    if not path.exists():
        if required:
            raise ProblemsFound([Problem(str(path), None, f"no {split} split here: build the dataset "
                                                          "(`claimbench data build`) or set data.path")])
        return []
    return read_documents(path)


def _write_jsonl(path: Path, records: Sequence[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


# --------------------------------------------------------------------------------------------------
# run


@_guard
def _run_task(cfg) -> None:
    from hydra.core.hydra_config import HydraConfig
    from omegaconf import OmegaConf

    import bench

    hc = HydraConfig.get()
    run_dir = Path(hc.runtime.output_dir)
    if hc.mode.name == "MULTIRUN":
        _STATE["sweep_dir"] = str(Path(hc.sweep.dir).resolve() if Path(hc.sweep.dir).is_absolute()
                                  else Path(_original_cwd()) / hc.sweep.dir)
    _seed_everything(cfg.seed)
    data_dir = _data_dir(cfg)
    train = _load(data_dir, cfg.data.train_split, required=False)
    validation = _load(data_dir, cfg.data.validation_split, required=False)
    test = _load(data_dir, cfg.data.test_split)
    extractor, load = build_extractor(cfg)
    name = extractor.name
    from bench.dataset import release_info

    getattr(extractor, "set_run_dir", lambda _: None)(run_dir)
    print(f"[{name}] train {len(train)}, validation {len(validation)}, {cfg.data.test_split} {len(test)} documents "
          f"from {data_dir} (version {release_info(data_dir)['version']}); configs {config_dir()}; "
          f"run directory {run_dir}")

    t0 = time.perf_counter()
    if load:
        extractor.load(Path(_original_cwd()) / str(load) if not Path(str(load)).is_absolute() else load)
    elif extractor.trainable:
        if not train:
            raise ProblemsFound([Problem(str(data_dir / f"{cfg.data.train_split}.jsonl"), None,
                                         f"model={name} needs training documents")])
        extractor.fit(train, validation or None)
    train_seconds = time.perf_counter() - t0
    if cfg.save_model and extractor.trainable and not load:
        # Saved before predicting: an error later in the run must not lose what training cost.
        extractor.save(run_dir / "model")
    # The contamination guard: never predict (nor score) with a prompt that shows a test document.
    shown = list(getattr(extractor, "shown_documents", lambda: [])())
    check_shown(shown, test, cfg.data.test_split, f"model={name}")

    t1 = time.perf_counter()
    predictions = extractor.predict(test)
    predict_seconds = time.perf_counter() - t1
    docs_per_second = len(test) / predict_seconds if predict_seconds > 0 else float("inf")
    _write_jsonl(run_dir / "predictions.jsonl", predictions)

    scorer = cfg.scorer
    gold_is_release = not cfg.data.get("path")
    result = bench.score(predictions, None, split=cfg.data.test_split, data_dir=data_dir,
                         resamples=int(scorer.resamples), seed=int(scorer.seed),
                         confidence=float(scorer.confidence), schemes=list(scorer.schemes),
                         progress=bool(cfg.progress))
    result["run"] = {
        "model": name,
        "overrides": list(hc.overrides.task),
        "data_dir": str(data_dir),
        "bundled_data": gold_is_release,
        "documents": {"train": len(train), "validation": len(validation), "test": len(test)},
        "train_seconds": round(train_seconds, 3),
        "predict_seconds": round(predict_seconds, 3),
        "docs_per_second": round(docs_per_second, 2),
        "selected": extractor.selected,
        "shown_documents": shown,
        "extractor": getattr(extractor, "report", lambda: {})(),
    }
    with open(run_dir / "metrics.json", "w", encoding="utf-8") as fh:
        json.dump(result, fh, indent=2, ensure_ascii=False)
    (run_dir / "config.yaml").write_text(OmegaConf.to_yaml(cfg, resolve=True), encoding="utf-8")
    row = summary_row(name, result, str(run_dir), list(hc.overrides.task))
    _STATE["rows"].append(row)
    print_summary(row, result.get("signature", ""))


def _metric(result: dict, name: str) -> tuple[Optional[float], Optional[list]]:
    m = result.get("metrics", {}).get(name) or {}
    return m.get("value"), m.get("ci")


# The scorer's headline set first, then the per-field scores that say where attribution fails.
SUMMARY_METRICS = ("claim_f1", "toll_f1", "span_f1_strict", "event_link_f1", "claim_f1_strict",
                   "field_claimant", "field_actors")
SUMMARY_NAMES = {"claim_f1": "claim F1", "toll_f1": "toll F1", "span_f1_strict": "span F1 strict (micro)",
                 "event_link_f1": "event linking F1", "claim_f1_strict": "claim F1 strict",
                 "field_claimant": "claimant right", "field_actors": "actors right"}


def summary_row(name: str, result: dict, run_dir: str, overrides: Sequence[str]) -> dict:
    per_label = result.get("spans", {}).get("strict", {}).get("per_label", {})
    row = {"model": name, "overrides": " ".join(o for o in overrides if not o.startswith("model=")),
           "run_dir": run_dir}
    for label in ("CASUALTY", "CLAIMANT", "ACTOR"):
        row[f"span_f1_{label}"] = per_label.get(label, {}).get("f1")
    for metric in SUMMARY_METRICS:
        row[metric], row[f"{metric}_ci"] = _metric(result, metric)
    run = result.get("run", {})
    row["train_seconds"] = run.get("train_seconds")
    row["predict_seconds"] = run.get("predict_seconds")
    row["docs_per_second"] = run.get("docs_per_second")
    row["signature"] = result.get("signature")
    row["extractor"] = {k: run.get("extractor", {}).get(k) for k in EXTRACTOR_FIGURES if k in run.get("extractor", {})}
    return row


# Figures an extractor reports about its own run (the llm extractor: requests, failures, tokens) that the
# summary table shows under the scores.
EXTRACTOR_FIGURES = ("requests", "cache_hits", "retries", "failed_requests", "parse_failures", "parse_salvaged",
                     "quotes_unlocated", "prompt_tokens", "completion_tokens", "completion_tokens_per_second",
                     "structured_output")


def _fmt(value: Optional[float], ci: Optional[list] = None) -> str:
    if value is None:
        return "-"
    text = f"{value:.3f}"
    if ci:
        text += f" [{ci[0]:.3f}, {ci[1]:.3f}]"
    return text


def _fmt_s(value: Optional[float]) -> str:
    return "-" if value is None else (f"{value:.1f}" if value >= 10 else f"{value:.2f}")


def print_summary(row: dict, signature: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{row['model']} on test", title_justify="left")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for label in ("CASUALTY", "CLAIMANT", "ACTOR"):
        table.add_row(f"span F1 strict {label}", _fmt(row[f"span_f1_{label}"]))
    for metric in SUMMARY_METRICS:
        table.add_row(SUMMARY_NAMES[metric], _fmt(row[metric], row[f"{metric}_ci"]))
    table.add_row("train seconds", _fmt_s(row["train_seconds"]))
    table.add_row("predict seconds", _fmt_s(row["predict_seconds"]))
    table.add_row("documents / second", _fmt_s(row["docs_per_second"]))
    for key, value in row.get("extractor", {}).items():
        table.add_row(key.replace("_", " "), str(value))
    console = Console(width=max(100, Console().width))
    console.print(table)
    if signature:
        print(f"signature: {signature}")
    print(f"wrote {row['run_dir']}/{{predictions.jsonl,metrics.json,config.yaml}}", flush=True)


COMPARISON_COLUMNS = (
    ("model", "model"), ("CASUALTY F1", "span_f1_CASUALTY"), ("CLAIMANT F1", "span_f1_CLAIMANT"),
    ("ACTOR F1", "span_f1_ACTOR"), ("claim F1 [95% CI]", "claim_f1"), ("toll F1 [95% CI]", "toll_f1"),
    ("span F1 strict", "span_f1_strict"), ("event linking F1", "event_link_f1"), ("claim F1 strict", "claim_f1_strict"),
    ("claimant right", "field_claimant"), ("actors right", "field_actors"), ("train s", "train_seconds"), ("predict s", "predict_seconds"), ("docs/s", "docs_per_second"),
)


def comparison_markdown(rows: Sequence[dict]) -> str:
    lines = ["| " + " | ".join(h for h, _ in COMPARISON_COLUMNS) + " |",
             "|" + "|".join("---" for _ in COMPARISON_COLUMNS) + "|"]
    for r in rows:
        cells = []
        for _, key in COMPARISON_COLUMNS:
            if key == "model":
                cells.append(r["model"] + (f" ({r['overrides']})" if r.get("overrides") else ""))
            elif key in ("toll_f1", "claim_f1"):
                cells.append(_fmt(r[key], r.get(f"{key}_ci")))
            elif key.endswith("seconds") or key == "docs_per_second":
                cells.append(_fmt_s(r[key]))
            else:
                cells.append(_fmt(r[key]))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def print_comparison(rows: Sequence[dict], sweep_dir: Optional[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="ClaimBench baselines on test (span F1 strict per label)", title_justify="left")
    for header, _ in COMPARISON_COLUMNS:
        table.add_column(header, justify="left" if header == "model" else "right")
    for line in comparison_markdown(rows).splitlines()[2:]:
        table.add_row(*[c.strip() for c in line.strip("|").split("|")])
    console = Console(width=max(140, Console().width))
    console.print(table)
    if rows and rows[0].get("signature"):
        print(f"signature: {rows[0]['signature']}")
    if sweep_dir:
        out = Path(sweep_dir)
        out.mkdir(parents=True, exist_ok=True)
        (out / "comparison.md").write_text(comparison_markdown(rows), encoding="utf-8")
        with open(out / "comparison.json", "w", encoding="utf-8") as fh:
            json.dump(list(rows), fh, indent=2)
        print(f"wrote {out}/comparison.md and comparison.json", flush=True)


# --------------------------------------------------------------------------------------------------
# extract


@_guard
def _extract_task(cfg) -> None:
    from bench.extraction import ExtractorSpec, ResumableOutput, Runner, open_source

    if not cfg.get("input"):
        raise ValueError("extract needs input=<file.jsonl, folder of .txt, file.parquet or hf:PATH:SPLIT> "
                         "(and output=<file.jsonl>)")
    if not cfg.get("output"):
        raise ValueError("extract needs output=<file.jsonl>")
    runner_kind = str(cfg.get("runner") or "local")
    if runner_kind not in ("local", "ray"):
        raise ValueError(f"runner={runner_kind}: expected local or ray")
    num_proc = int(cfg.get("num_proc") or 1)
    if num_proc < 1:
        raise ValueError(f"num_proc={num_proc}: expected a number >= 1")
    cwd = Path(_original_cwd())
    dst = Path(str(cfg.output)).expanduser()
    dst = dst if dst.is_absolute() else cwd / dst
    source = open_source(str(cfg.input), cwd)
    problems = source.check()
    for w in source.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if problems:
        raise ProblemsFound(problems)
    _seed_everything(cfg.seed)
    extractor, load = build_extractor(cfg)
    name, settings, _ = _model_settings(cfg)
    with tempfile.TemporaryDirectory(prefix="claimbench-model-") as model_tmp:
        if load:
            load = Path(str(load)) if Path(str(load)).is_absolute() else cwd / str(load)
            extractor.load(load)
        elif extractor.trainable:
            data_dir = _data_dir(cfg)
            train = _load(data_dir, cfg.data.train_split)
            validation = _load(data_dir, cfg.data.validation_split, required=False)
            print(f"[{extractor.name}] no model.load given: training on {len(train)} documents from {data_dir}",
                  file=sys.stderr)
            extractor.fit(train, validation or None)
            if num_proc > 1 or runner_kind == "ray":  # workers load the model trained here
                load = Path(model_tmp) / "model"
                extractor.save(load)
        spec = ExtractorSpec(name, tuple(sorted((k, _frozen(v)) for k, v in settings.items())),
                             str(load) if load else None)
        where = "this process" if runner_kind == "local" and num_proc == 1 else (
            f"{num_proc} processes" if runner_kind == "local" else "Ray")
        print(f"[{extractor.name}] {source.describe()} -> {dst} on {where}", file=sys.stderr)
        t0 = time.perf_counter()
        with ResumableOutput(dst, resume=bool(cfg.get("resume", True))) as out:
            for w in out.warnings:
                print(f"warning: {w}", file=sys.stderr)
            if out.kept:
                print(f"[{extractor.name}] resuming: {out.kept} document(s) already in {dst} are skipped",
                      file=sys.stderr)
            todo = (d for d in source.documents() if d["id"] not in out.done)
            runner = Runner(spec, extractor=extractor, num_proc=num_proc, batch_size=int(cfg.get("batch_size") or 32),
                            progress=bool(cfg.progress) and sys.stderr.isatty(), total=None,
                            ray_address=cfg.get("ray_address"), ray_num_cpus=cfg.get("ray_num_cpus"))
            runner.run(todo, out.write, kind=runner_kind)
        seconds = time.perf_counter() - t0
    rate = out.written / seconds if seconds > 0 else float("inf")
    print(f"[{extractor.name}] wrote {out.written} prediction(s) to {dst}"
          + (f" after the {out.kept} already there" if out.kept else "") + f" ({rate:.0f} documents/s)",
          file=sys.stderr)


def _frozen(value):
    """A config value as something hashable (lists become tuples) for the worker's extractor cache."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    return value
