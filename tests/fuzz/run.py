"""`python -m tests.fuzz.run [--cases N] [--seed S] [--classes a,b] [--cli-every K]`: run N fuzz cases
(spread evenly over the classes, case i of a class seeded with S + i) and print a table per class:
inputs, clean errors, valid and accepted, valid but refused, tracebacks or internal errors, time-outs
(> 10 s) and silently accepted. Exit status 1 when any of the last three is not zero (or a valid input
was refused)."""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from .cases import CLASSES
from .harness import VERDICTS, run_case

COLUMNS = ("inputs", "clean errors", "valid accepted", "valid refused", "tracebacks/internal", "time-outs", "silently accepted")


def run(cases: int, seed: int, classes: list[str], cli_every: int, progress: bool = True) -> dict:
    counts: dict[str, Counter] = defaultdict(Counter)
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    slowest: dict[str, float] = defaultdict(float)
    per_class = max(1, cases // len(classes))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="claimbench-fuzz-") as tmp:
        for i in range(per_class):
            for name in classes:
                case = CLASSES[name](random.Random(f"{seed}:{name}:{i}"))
                verdict, detail = run_case(case, Path(tmp), cli=(case.kind == "predictions" and i % cli_every == 0))
                counts[name][verdict] += 1
                slowest[name] = max(slowest[name], case.extra.get("seconds", 0.0))
                if verdict in ("traceback", "timeout", "silent", "valid-refused") and len(examples[name, verdict]) < 3:
                    examples[name, verdict].append(f"seed {seed}:{name}:{i}: {detail}")
            if progress and (i + 1) % max(1, per_class // 20) == 0:
                done = (i + 1) * len(classes)
                print(f"\r{done:,} / {per_class * len(classes):,} cases, {time.perf_counter() - started:.0f} s",
                      end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return {"counts": counts, "examples": examples, "slowest": slowest, "seconds": time.perf_counter() - started}


def table(result: dict, classes: list[str]) -> str:
    keys = ("clean", "accepted", "valid-refused", "traceback", "timeout", "silent")
    rows = [("class",) + COLUMNS + ("slowest s",)]
    total = Counter()
    for name in classes:
        c = result["counts"][name]
        total.update(c)
        rows.append((name, str(sum(c.values()))) + tuple(str(c[k]) for k in keys) + (f"{result['slowest'][name]:.2f}",))
    rows.append(("all", str(sum(total.values()))) + tuple(str(total[k]) for k in keys) +
                (f"{max(result['slowest'].values()):.2f}",))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    fmt = lambda r: "| " + " | ".join(x.ljust(w) if i == 0 else x.rjust(w) for i, (x, w) in enumerate(zip(r, widths))) + " |"  # noqa: E731
    lines = [fmt(rows[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [fmt(r) for r in rows[1:]]
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.fuzz.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--cases", type=int, default=10_000, help="number of cases over all classes (default 10,000)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--classes", default=",".join(CLASSES), help="comma-separated (default: all)")
    p.add_argument("--cli-every", type=int, default=20,
                   help="also run every K-th predictions case through `claimbench validate` and `score` (default 20)")
    args = p.parse_args(argv)
    classes = [c for c in args.classes.split(",") if c]
    unknown = [c for c in classes if c not in CLASSES]
    if unknown:
        p.error(f"unknown class(es) {', '.join(unknown)}; known: {', '.join(CLASSES)}")
    result = run(args.cases, args.seed, classes, args.cli_every, progress=sys.stderr.isatty())
    print(table(result, classes))
    print(f"\n{sum(sum(c.values()) for c in result['counts'].values()):,} cases in {result['seconds']:.0f} s, seed {args.seed}")
    for (name, verdict), items in sorted(result["examples"].items()):
        print(f"\n{name}: {verdict}")
        for item in items:
            print(f"  {item}")
    bad = sum(result["counts"][n][k] for n in classes for k in ("traceback", "timeout", "silent", "valid-refused"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
