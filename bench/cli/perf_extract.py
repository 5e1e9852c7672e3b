"""`claimbench perf extract`: extraction throughput and memory for 1 and 2 processes and Ray, side by side."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def register(targets) -> None:
    p = targets.add_parser("extract", help="docs/s and peak memory of `claimbench extract` with 1 and 2 processes "
                                           "and Ray on synthetic documents",
                           description="Runs `claimbench extract` on synthetic articles once per configuration "
                                       "(1 process, 2 processes through datasets.map, Ray Data with 2 CPUs) and "
                                       "prints documents/s, the speed-up over one process, the peak resident memory "
                                       "of the whole process tree and whether the outputs are identical.")
    p.add_argument("--documents", type=int, default=10_000, help="synthetic documents (default 10,000)")
    p.add_argument("--model", default="rule_based", help="extractor (default rule_based)")
    p.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpus (default 0)")
    p.add_argument("--no-ray", action="store_true", help="skip the Ray configuration")
    p.add_argument("--repeat", type=int, default=3,
                   help="rounds of every configuration, round-robin; speed-ups are paired within a round and the "
                        "median is reported (default 3)")
    p.add_argument("--json", type=Path, default=None, metavar="OUT.json", help="write the figures as JSON")
    p.set_defaults(func=cmd_perf_extract)


def cmd_perf_extract(args) -> int:
    from rich.console import Console
    from rich.table import Table

    from bench.cli import UsageError
    from bench.extraction.perf import benchmark

    if args.documents < 1:
        raise UsageError("--documents must be at least 1")
    if args.repeat < 1:
        raise UsageError("--repeat must be at least 1")
    result = benchmark(args.documents, args.model, args.seed, with_ray=not args.no_ray, repeat=args.repeat)
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 140)
    t = Table(title=f"claimbench extract model={args.model} on {args.documents:,} synthetic documents "
                    f"({result['cpus']} CPUs visible, median of {result['repeat']} round(s))", title_justify="left")
    for col in ("configuration", "seconds (command)", "docs/s (command)", "docs/s (extraction only)", "speed-up vs 1",
                "peak RSS MB (tree)", "identical output"):
        t.add_column(col, justify="left" if col == "configuration" else "right")
    for r in result["runs"]:
        if r["status"] != 0:
            t.add_row(r["configuration"], "-", "-", "-", "-", f"{r['peak_rss_mb']:.0f}", f"failed: {r.get('error', '')}")
            continue
        inner = r.get("extraction_docs_per_s")
        rounds = r["speedup_per_round"]
        speedup = f"{r['speedup']:.2f}x" + (f" ({', '.join(f'{x:.2f}' for x in rounds)})" if len(rounds) > 1 else "")
        t.add_row(r["configuration"], f"{r['seconds']:.1f}", f"{r['docs_per_s']:,.0f}",
                  "-" if inner is None else f"{inner:,.0f}", speedup,
                  f"{r['peak_rss_mb']:.0f}", "yes" if r["identical"] else "NO")
    console.print(t)
    console.print("seconds (command): the whole `claimbench extract` process, start-up (imports, Ray's start) "
                  "included; speed-up is over those seconds, paired within a round (each round's figure in brackets). "
                  "Peak RSS: the process and all its children, the largest over the rounds.")
    ceiling, two = result.get("ceiling"), next((r for r in result["runs"] if r["overrides"] == ["num_proc=2"]), None)
    if ceiling:
        rounds = ", ".join(f"{x:.2f}" for x in ceiling["speedup_per_round"])
        reached = (f"; 2 processes reach {two['speedup'] / ceiling['speedup']:.0%} of it"
                   if two and two.get("speedup") else "")
        console.print(f"machine ceiling: the extractor alone, in memory, 2 forked processes at once vs 1: "
                      f"{ceiling['speedup']:.2f}x ({rounds}){reached}.")
    console.print(f"target: 2 processes >= {result['target_speedup']}x one process on 2 free cores: "
                  + ("met" if result["meets_target"] else "NOT met (a loaded machine or fewer than 2 cores shows it)"))
    failed = [r for r in result["runs"] if r["status"] != 0 or not r.get("identical", False)]
    return 1 if failed else 0
