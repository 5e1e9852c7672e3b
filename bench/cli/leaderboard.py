"""`claimbench leaderboard build|check|add`."""

from __future__ import annotations

import sys
from pathlib import Path

from bench.contamination import check_shown, shown_in_run
from bench.dataset import load_split
from bench.dataset import write_atomic
from bench.leaderboard import add_submission, build_board, stale_outputs, write_board
from bench.leaderboard.review import review_submission
from bench.locations import data_location, leaderboard_location
from bench.problems import ProblemsFound


ROOT_HELP = ("leaderboard folder (default: $CLAIMBENCH_LEADERBOARD, else the leaderboard/ of the checkout around "
             "the working directory)")
DATA_HELP = "dataset folder (default: $CLAIMBENCH_DATA, else the checkout's data/, else the installed copy)"


def register(sub) -> None:
    board = sub.add_parser("leaderboard", help="validate, score and render leaderboard submissions")
    bsub = board.add_subparsers(dest="leaderboard_command", metavar="ACTION", required=True)
    for name, helptext, func in (
        ("build", "score every submission and write README.md, results.json, index.html and errors/<slug>.html", cmd_build),
        ("check", "rebuild in memory; fail if a submission is invalid or a committed output is stale", cmd_check),
    ):
        p = bsub.add_parser(name, help=helptext)
        p.add_argument("--root", type=Path, default=None, help=ROOT_HELP)
        p.add_argument("--data-dir", type=Path, default=None, help=DATA_HELP)
        p.add_argument("--resamples", type=int, default=1000)
        p.set_defaults(func=func)
    p = bsub.add_parser("review", help="write the Markdown review of one submission that CI posts on its pull request")
    p.add_argument("slug", help="the submission folder under leaderboard/submissions/")
    p.add_argument("--out", type=Path, default=None, help="write the Markdown here (default: standard output)")
    p.add_argument("--root", type=Path, default=None, help=ROOT_HELP)
    p.add_argument("--data-dir", type=Path, default=None, help=DATA_HELP)
    p.add_argument("--resamples", type=int, default=1000)
    p.set_defaults(func=cmd_review)
    p = bsub.add_parser("add", help="validate a submission and copy it to leaderboard/submissions/<slug>/")
    p.add_argument("slug", help="lowercase letters, digits and inner hyphens")
    p.add_argument("--predictions", type=Path, required=True)
    p.add_argument("--meta", type=Path, required=True)
    p.add_argument("--force", action="store_true", help="replace an existing submission with this slug")
    p.add_argument("--root", type=Path, default=None, help=ROOT_HELP)
    p.add_argument("--data-dir", type=Path, default=None, help=DATA_HELP)
    p.set_defaults(func=cmd_add)


def _root(args) -> Path:
    """The leaderboard folder this command acts on (bench.locations), said once per command so that a
    contributor sees it is their clone's board, not the one of wherever claimbench is installed from."""
    if getattr(args, "_resolved_root", None) is None:
        from bench.cli import UsageError

        try:
            where = leaderboard_location(args.root)
        except FileNotFoundError as exc:
            raise UsageError(str(exc)) from None
        if not where.path.is_dir():
            raise UsageError(f"{where.path}: no leaderboard folder here (pass --root)")
        data = data_location(args.data_dir)
        print(f"leaderboard: {where.describe()}; data: {data.describe()}", file=sys.stderr)
        args._resolved_root = where.path
    return args._resolved_root


def _build(args) -> dict:
    files, problems = build_board(_root(args), args.data_dir, resamples=args.resamples, progress=sys.stderr.isatty())
    if files is None:
        raise ProblemsFound(problems)
    return files


def cmd_build(args) -> int:
    files = _build(args)
    changed = write_board(_root(args), files)
    print(f"leaderboard: {'wrote ' + ', '.join(changed) if changed else 'nothing changed'}")
    return 0


def cmd_check(args) -> int:
    stale = stale_outputs(_root(args), _build(args))
    for name in stale:
        print(f"{_root(args) / name}: stale: run `claimbench leaderboard build` and commit the result", file=sys.stderr)
    if stale:
        return 1
    print("leaderboard: every submission is valid and the committed board is current")
    return 0


def cmd_add(args) -> int:
    # Predictions written by `claimbench run` carry the run's metrics.json beside them: refuse them when the
    # prompt showed a test document (bench/contamination.py).
    run = shown_in_run(args.predictions)
    if run is not None:
        check_shown(run[1], load_split("test", args.data_dir), "test", str(run[0]))
    target = add_submission(_root(args), args.slug, args.predictions, args.meta, force=args.force, data_dir=args.data_dir)
    print(f"added {target}; now run `claimbench leaderboard build`")
    return 0


def cmd_review(args) -> int:
    """The review is written even when the submission is invalid (it then lists the problems, for the
    pull request comment); the exit status says whether it validated."""
    text, ok = review_submission(_root(args), args.slug, data_dir=args.data_dir, resamples=args.resamples)
    if args.out is None:
        sys.stdout.write(text)
    else:
        write_atomic(args.out, text.encode("utf-8"))
        print(f"review of {args.slug}: wrote {args.out}", file=sys.stderr)
    return 0 if ok else 1
