"""Benchmark: rule_based documents per second on one core, printed beside the target.

    taskset -c 0 python scripts/bench_rule_speed.py [--passes 5]

Best of several passes over every document of the bundled dataset (the first, warm-up pass is not
counted), including the corpus-level event linking step of `predict`.
"""

from __future__ import annotations

import argparse
import os
import time

TARGET = 700.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--passes", type=int, default=5)
    args = ap.parse_args()
    from baselines import get_extractor
    from bench.dataset import load_split

    docs = load_split("train") + load_split("validation") + load_split("test")
    ex = get_extractor("rule_based")
    ex.predict(docs)
    best = 0.0
    for _ in range(max(1, args.passes)):
        t = time.perf_counter()
        ex.predict(docs)
        best = max(best, len(docs) / (time.perf_counter() - t))
    words = sum(len(d.text.split()) for d in docs) / len(docs)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"rule_based: {best:.0f} docs/s (best of {args.passes}; {len(docs)} documents, {words:.0f} words each; "
          f"{cores} core(s) allowed, load average {load:.1f})   target >= {TARGET:.0f} docs/s   "
          f"{'OK' if best >= TARGET else 'BELOW TARGET'}")


if __name__ == "__main__":
    main()
