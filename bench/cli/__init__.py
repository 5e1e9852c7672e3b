"""`claimbench`: a thin command-line layer over the library.

Each sub-command lives in its own module exposing `register(subparsers)`; the module sets
`func(args) -> int` on its parser. Problems in user input are printed as `file:line: document: field:
message` and exit with status 1; an unexpected failure prints one line (set CLAIMBENCH_DEBUG=1 for the
traceback) and exits with status 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Optional, Sequence

from bench import __version__
from bench.problems import ProblemsFound

# Modules that contribute sub-commands, in the order `--help` lists them.
COMMAND_MODULES = ("bench.cli.data", "bench.cli.score", "bench.cli.leaderboard")


class UsageError(Exception):
    """A bad argument or missing file, reported in one line without a traceback."""


# Hydra applications: listed in --help here, parsed by Hydra (bench.cli.hydra_commands).
HYDRA_COMMANDS = {
    "run": "train (where needed) and score an extractor on the dataset; Hydra overrides, -m for a sweep "
           "(`claimbench run --help`)",
    "extract": "run an extractor on unlabelled documents: input=<jsonl|folder|parquet|hf:...> output=<jsonl> "
               "[num_proc=N] [runner=ray] (`claimbench extract --help`)",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimbench", description="ClaimBench: casualty-claim extraction benchmark",
        epilog="Data, configs and the leaderboard are those of the checkout around the working directory, else "
               "the copy installed with the package; --data-dir, --root and $CLAIMBENCH_DATA, "
               "$CLAIMBENCH_CONFIGS, $CLAIMBENCH_LEADERBOARD override that (docs/installation.md).")
    parser.add_argument("--version", action="version", version=f"claimbench {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    if "perf" in sub.choices:  # `perf transformer` is parsed by bench.cli.perf_transformer (see main)
        sub.choices["perf"].epilog = "claimbench perf transformer --help: the transformer baseline's inference speed"
    for name, helptext in HYDRA_COMMANDS.items():
        sub.add_parser(name, help=helptext, add_help=False)
    return parser


def print_header(args, stream=None) -> None:
    """One line naming the dataset a command uses (folder, how it was found, version, checksum)."""
    from bench.dataset import release_info
    from bench.locations import data_location

    try:
        where = data_location(getattr(args, "data_dir", None))
        info = release_info(where.path)
        line = f"data: {where.describe()}, version {info['version']}, checksum {info['checksum']}"
    except (OSError, ValueError) as exc:
        line = f"data: not found ({exc})"
    print(f"claimbench {__version__} | {line}", file=stream or sys.stderr)


def report(problems, stream=None, limit: int = 200) -> None:
    stream = stream or sys.stderr
    for p in problems[:limit]:
        print(str(p), file=stream)
    if len(problems) > limit:
        print(f"... and {len(problems) - limit} more problem(s)", file=stream)


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Hydra-driven commands own their argument parsing (overrides, -m); hand them argv untouched.
    if argv and argv[0] in ("run", "extract"):
        from bench.cli import hydra_commands

        return hydra_commands.main(argv[0], argv[1:])
    if argv[:2] == ["perf", "transformer"]:
        from bench.cli import perf_transformer

        args = perf_transformer.build_parser().parse_args(argv[2:])
    else:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
    try:
        if getattr(args, "data_header", False):
            print_header(args)
        return int(args.func(args) or 0)
    except ProblemsFound as exc:
        report(exc.problems)
        print(f"claimbench: {len([p for p in exc.problems if p.severity == 'error'])} problem(s) found", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"claimbench: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("claimbench: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("CLAIMBENCH_DEBUG"):
            raise
        print(f"claimbench: internal error: {type(exc).__name__}: {exc} (set CLAIMBENCH_DEBUG=1 for the traceback)",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
