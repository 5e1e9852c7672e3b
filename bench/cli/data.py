"""`claimbench data build|validate|stats|schema`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.authoring import SPLITS
from bench.dataset import build, default_data_dir, load_split, release_info, stale_files, validate_file, write_release
from bench.stats import STAT_ROWS, stat_row_total, statistics
from bench.problems import Problem, ProblemsFound, errors_only
from bench.schema import json_schema


def register(sub) -> None:
    data = sub.add_parser("data", help="build, validate and describe the bundled dataset")
    data.set_defaults(data_header=True)
    dsub = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)

    p = dsub.add_parser("build", help="compile data/authoring/ into the released split files and card")
    p.add_argument("--data-dir", type=Path, default=None, help="dataset folder with authoring/ (default: the checkout's data/)")
    p.add_argument("--check", action="store_true", help="write nothing; fail if the committed files are stale")
    p.add_argument("--dry-run", action="store_true", help="compile and report problems, write nothing")
    p.set_defaults(func=cmd_build)

    p = dsub.add_parser("validate", help="check every invariant of the authoring files or of a dataset JSONL file")
    p.add_argument("path", nargs="?", type=Path, default=None,
                   help="a dataset folder (authoring files and released files) or a .jsonl file in the dataset format")
    p.set_defaults(func=cmd_validate)

    p = dsub.add_parser("stats", help="print the statistics, attribution difficulty, release targets (met/unmet) and "
                                        "documents per phenomenon, with version and checksum")
    p.add_argument("--data-dir", type=Path, default=None,
                   help="dataset folder (default: $CLAIMBENCH_DATA, else the checkout's data/, else the installed copy)")
    p.add_argument("--json", action="store_true", help="print everything as JSON (targets under \"targets\")")
    p.set_defaults(func=cmd_stats)

    p = dsub.add_parser("agreement", help="inter-annotator agreement of a second annotation against the gold labels")
    p.add_argument("second", nargs="?", type=Path, default=None,
                   help="a second annotation in the authoring format (default: data/agreement/annotator2)")
    p.add_argument("--resamples", type=int, default=1000)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_agreement)

    p = dsub.add_parser("schema", help="print the JSON Schema of a record")
    p.set_defaults(func=lambda args: print(json.dumps(json_schema(), indent=2)) or 0)


def _build_or_fail(data_dir: Path):
    release, problems = build(data_dir)
    for p in problems:
        if p.severity == "warning":
            print(str(p), file=sys.stderr)
    if release is None:
        raise ProblemsFound(errors_only(problems))
    return release


def cmd_build(args) -> int:
    data_dir = Path(args.data_dir or default_data_dir())
    if not (data_dir / "authoring").is_dir():
        from bench.cli import UsageError

        raise UsageError(f"{data_dir}: no authoring/ folder: `claimbench data build` compiles the authoring sources "
                         "of a checkout into its data/ (run it inside your clone, or pass --data-dir)")
    release = _build_or_fail(data_dir)
    if args.dry_run:
        print(f"ok: {sum(len(d) for d in release.documents.values())} documents compile without errors")
        return 0
    if args.check:
        stale = stale_files(data_dir, release)
        if stale:
            for name in stale:
                print(f"{data_dir / name}: stale: differs from what `claimbench data build` produces", file=sys.stderr)
            print("claimbench: run `claimbench data build` and commit the result", file=sys.stderr)
            return 1
        print(f"released files are up to date (version {release.version}, checksum {release.checksum})")
        return 0
    changed = write_release(data_dir, release)
    print(f"built {sum(len(d) for d in release.documents.values())} documents "
          f"({', '.join(f'{s} {len(release.documents[s])}' for s in SPLITS)}); "
          f"version {release.version}, checksum {release.checksum}; "
          f"{'wrote ' + ', '.join(changed) if changed else 'nothing changed'}")
    return 0


def cmd_validate(args) -> int:
    path = Path(args.path or default_data_dir())
    if path.is_file():
        problems = validate_file(path)
        checked = str(path)
    elif path.is_dir() and not (path / "authoring").is_dir():  # an installed copy: the released splits only
        problems = [p for s in SPLITS for p in (validate_file(path / f"{s}.jsonl") if (path / f"{s}.jsonl").is_file()
                                                else [Problem(str(path / f"{s}.jsonl"), None, "missing split file")])]
        checked = f"{path} (released splits)"
    elif path.is_dir():
        release = _build_or_fail(path)
        problems = [p for s in SPLITS for p in validate_file(path / f"{s}.jsonl")]
        problems += [Problem(str(path / name), None, "stale: rebuild with `claimbench data build`")
                     for name in stale_files(path, release)]
        checked = f"{path} (authoring files and released splits)"
    else:
        print(f"claimbench: error: {path}: no such file or folder", file=sys.stderr)
        return 2
    if errors_only(problems):
        raise ProblemsFound(problems)
    print(f"ok: {checked} is valid")
    return 0


def cmd_stats(args) -> int:
    from bench.targets import compare

    data_dir = Path(args.data_dir or default_data_dir())
    docs = {s: load_split(s, data_dir) for s in SPLITS}
    stats = statistics(docs)
    info = release_info(data_dir)
    stats.update(version=info["version"], checksum=info["checksum"], targets=compare(stats))
    if args.json:
        print(json.dumps(stats, indent=2))
        return 0
    console = Console()
    table = Table(title=f"ClaimBench {info['version']}  checksum {info['checksum']}")
    table.add_column("")
    for s in SPLITS:
        table.add_column(s, justify="right")
    table.add_column("total", justify="right")
    for title, key in STAT_ROWS:
        values = [stats["per_split"][s][key] for s in SPLITS]
        table.add_row(title, *map(str, values), str(stat_row_total(stats, key)))
    console.print(table)
    console.print(f"conflicts ({len(stats['conflicts'])}): {', '.join(stats['conflicts'])}")
    console.print(_targets_table(stats["targets"]))
    phenomena = Table(title="Documents per phenomenon (from the gold labels)")
    phenomena.add_column("phenomenon")
    phenomena.add_column("documents", justify="right")
    for name, count in stats["phenomena"].items():
        phenomena.add_row(name.replace("_", " "), str(count))
    console.print(phenomena)
    if info["recorded_checksum"] and info["recorded_checksum"] != info["checksum"]:
        console.print(f"[red]warning: release.json records checksum {info['recorded_checksum']}, files hash to {info['checksum']}[/red]")
    return 0


def _format(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1%}"
    return "n/a" if value is None else str(value)


def _targets_table(rows: list[dict]) -> Table:
    met = sum(1 for r in rows if r["met"])
    judged = sum(1 for r in rows if r["met"] is not None)
    table = Table(title=f"Release targets: {met} of {judged} met")
    for column, justify in (("measure", "left"), ("value", "right"), ("target", "right"), ("", "left")):
        table.add_column(column, justify=justify)
    for r in rows:
        target = "report only" if r["target"] is None else (
            _format(r["target"]) if isinstance(r["target"], bool) else f">= {_format(r['target'])}")
        status = "" if r["met"] is None else ("[green]met[/green]" if r["met"] else "[red]unmet[/red]")
        table.add_row(r["title"], _format(r["value"]), target, status)
    return table


def cmd_agreement(args) -> int:
    from bench.agreement import agreement

    second = Path(args.second or default_data_dir() / "agreement" / "annotator2")
    result = agreement(second, resamples=args.resamples)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    table = Table(title=f"Agreement on {result['documents']} documents in {result['event_groups']} event groups "
                        f"(second annotation scored against gold: {result['second_claims']} claims vs "
                        f"{result['gold_claims']})")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("95% CI", justify="right")
    for label, f1 in result["span_f1_strict"].items():
        table.add_row(f"span F1 strict {label}", f"{f1:.3f}", "")
    for key in ("span_f1_strict_micro", "toll_f1", "claim_f1", "claim_f1_strict"):
        m = result[key]
        ci = m["ci"] and f"[{m['ci'][0]:.3f}, {m['ci'][1]:.3f}]"
        table.add_row(key, f"{m['value']:.3f}", ci or "")
    Console().print(table)
    if result["lint_findings_in_second"]:
        print(f"{result['lint_findings_in_second']} guideline-lint finding(s) in the second annotation "
              "(warnings; adjudication resolves them)", file=sys.stderr)
    print(result["signature"])
    return 0
