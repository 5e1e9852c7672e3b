"""`claimbench perf transformer`: a thin layer over `baselines.transformer_perf`.

It has a parser of its own, picked by `bench.cli.main` when argv starts with `perf transformer`, so the
span scorer's `claimbench perf` (bench/cli/score.py) keeps its options and its behaviour with no sub-command.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

PROG = "claimbench perf transformer"


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n <= 0:
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {n}")
    return n


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Time the transformer baseline's inference (predict, end to end) and its network's raw "
                    "forward pass side by side, on the same windows and batches; print documents/s, "
                    "sub-words/s, 'inference / raw forward: R' and peak memory.")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--model", type=Path, default=None, metavar="FOLDER",
                       help="a trained model folder (<run dir>/model); default: the bundled all-MiniLM-L6-v2 "
                            "with an untrained token-classification head (it costs the same as a trained one)")
    which.add_argument("--tiny", action="store_true",
                       help="the tiny random test BERT instead: a smoke run in seconds (CI)")
    p.add_argument("--device", default="auto", help="auto (CUDA when available), cpu, cuda, cuda:1 (as model.device)")
    p.add_argument("--threads", type=_positive, default=None, help="torch CPU threads (as threads=; default: torch's)")
    p.add_argument("--split", choices=("all", "train", "validation", "test"), default="all",
                   help="documents of the bundled dataset to run on (default: all splits)")
    p.add_argument("--data-dir", type=Path, default=None, help="dataset folder (default: the repository's data/)")
    p.add_argument("--copies", type=_positive, default=1, help="repeat the documents this many times (default 1)")
    p.add_argument("--limit", type=_positive, default=None, help="keep only the first N documents")
    p.add_argument("--batch-size", type=_positive, default=16, help="windows per forward batch (as model.eval_batch_size)")
    p.add_argument("--rounds", type=_positive, default=3, help="alternating rounds of each side; the best counts (default 3)")
    p.add_argument("--slice", type=_positive, default=8, dest="slice_docs", metavar="N",
                   help="documents per timed slice: raw forward and inference alternate slice by slice (default 8)")
    p.add_argument("--json", type=Path, default=None, metavar="OUT.json", help="also write the figures as JSON")
    p.set_defaults(func=cmd_perf_transformer)
    return p


def _check_device(name: str) -> None:
    from bench.cli import UsageError

    import torch

    if name == "auto":
        return
    try:
        device = torch.device(name)
    except RuntimeError as exc:
        raise UsageError(f"--device {name}: {exc}") from None
    if device.type == "cuda" and not torch.cuda.is_available():
        raise UsageError(f"--device {name}: torch sees no CUDA device here (use cpu or auto)")


def cmd_perf_transformer(args) -> int:
    from bench.cli import UsageError

    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        raise UsageError("perf transformer needs torch and transformers: pip install 'claimbench[transformer]'") from None
    from baselines.transformer_perf import benchmark, build_extractor, describe_model, load_documents, report_lines

    if args.model is not None and not (args.model / "config.json").is_file():
        raise UsageError(f"--model {args.model}: no config.json there (expected a folder written by a run's save_model)")
    _check_device(args.device)
    try:
        docs = load_documents(args.split, args.data_dir, copies=args.copies, limit=args.limit)
    except OSError as exc:
        raise UsageError(f"cannot read the documents: {exc}") from None
    if not docs:
        raise UsageError("no documents to run on")
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=0, bar_format="{desc}", desc="perf transformer: loading", leave=False)
    try:
        ex = build_extractor(args.model, args.tiny, args.device, args.threads, args.batch_size,
                             texts=[d["text"] for d in docs])
        result = benchmark(ex, docs, rounds=args.rounds, slice_docs=args.slice_docs,
                           log=(lambda s: bar.set_description_str(f"perf transformer: {s}")) if bar else None)
    finally:
        if bar is not None:
            bar.close()
    result["model"] = describe_model(args.model, args.tiny)
    result["target_applies"] = not args.tiny
    for line in report_lines(result, result["model"]):
        print(line)
    if args.json is not None:
        try:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{args.json}: cannot write: {exc.strerror or exc}") from None
    return 0
