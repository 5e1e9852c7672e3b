"""`claimbench perf extract`: `claimbench extract` on synthetic documents with 1 and 2 processes and Ray,
side by side: documents per second, speed-up over one process, peak memory, identical output.

Each configuration runs as its own `claimbench extract` process; peak memory is the largest sum of the
resident set sizes of that process and all its descendants (the worker processes, Ray's raylet and
workers), sampled from /proc every 50 ms. The synthetic articles are generated here from templates written
for this benchmark (seeded, so every run sees the same corpus).
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Optional

TARGET_SPEEDUP = 1.7

_SENTENCES = (
    "At least {n} civilians were killed on {day} when {actor} shelled a market in {town}, {source} said.",
    "{source} said {n} people had been wounded and {m} were missing after the attack.",
    "The army denied that {n} soldiers died in the fighting near {town}.",
    "Residents put the toll at more than {n}, including {m} children.",
    "{actor} said it had killed {n} fighters in an overnight raid, a claim that could not be verified.",
    "Aid workers reported that dozens of families fled {town} on {day}.",
    "A spokesman for {source} said the death toll could rise as high as {n}.",
    "The town lies {m} km from the border and about {n} troops were deployed there in 2023.",
)
_FILL = {
    "day": ("Monday", "Tuesday", "Friday", "Sunday"),
    "actor": ("the rebels", "government forces", "the militia", "an armed group"),
    "town": ("Kalem", "Dora", "Ashpur", "Melkin", "Tavro"),
    "source": ("the health ministry", "a local official", "the Red Cross", "hospital staff"),
}


def synthetic_documents(n: int, seed: int = 0, sentences: int = 18) -> list[dict]:
    """n wire-style articles of `sentences` sentences (about 300 words each)."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        parts = []
        for _ in range(sentences):
            fill = {k: rng.choice(v) for k, v in _FILL.items()}
            sentence = rng.choice(_SENTENCES).format(n=rng.randint(2, 400), m=rng.randint(2, 60), **fill)
            parts.append(sentence[0].upper() + sentence[1:])
        docs.append({"id": f"synthetic-{i:06d}", "text": " ".join(parts)})
    return docs


def _tree_rss(root_pid: int) -> int:
    """Bytes resident in `root_pid` and all its descendants (Linux /proc), 0 when unavailable."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
    try:
        entries = os.listdir("/proc")
    except OSError:
        return 0
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(stat[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(stat[21]) * page
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total


def _run(cmd: list[str], env: dict) -> tuple[float, int, int, str]:
    """(seconds, peak tree RSS in bytes, exit status, stderr tail) of one command."""
    peak = 0
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - t0
    stop.set()
    sampler.join()
    return seconds, peak, proc.returncode, (err or "")[-2000:]


CONFIGURATIONS = (
    ("1 process", ["num_proc=1"]),
    ("2 processes (datasets.map)", ["num_proc=2"]),
    ("Ray Data, 2 CPUs", ["runner=ray", "ray_num_cpus=2"]),
)


def benchmark(documents: int = 10_000, model: str = "rule_based", seed: int = 0, with_ray: bool = True,
              workdir: Optional[Path] = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="claimbench-perf-extract-", dir=workdir) as tmp:
        tmp = Path(tmp)
        src = tmp / "articles.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for doc in synthetic_documents(documents, seed):
                fh.write(json.dumps(doc) + "\n")
        env = dict(os.environ, PYTHONHASHSEED="0")
        runs, reference = [], None
        for name, overrides in CONFIGURATIONS:
            if "runner=ray" in overrides and not with_ray:
                continue
            out = tmp / f"out-{len(runs)}.jsonl"
            cmd = [sys.executable, "-m", "bench.cli", "extract", f"model={model}", f"input={src}", f"output={out}",
                   "progress=false", *overrides]
            print(f"perf extract: {name} on {documents:,} documents ...", file=sys.stderr, flush=True)
            seconds, peak, code, err = _run(cmd, env)
            row = {"configuration": name, "overrides": overrides, "seconds": round(seconds, 2),
                   "docs_per_s": round(documents / seconds, 1) if seconds > 0 else None,
                   "peak_rss_mb": round(peak / 2**20, 1), "status": code}
            rate = re.search(r"\(([0-9.]+) documents/s\)", err)
            row["extraction_docs_per_s"] = float(rate.group(1)) if rate else None  # startup excluded
            if code != 0:
                row["error"] = err.strip().splitlines()[-1] if err.strip() else f"exit status {code}"
            else:
                data = out.read_bytes()
                reference = reference if reference is not None else data
                row["identical"] = data == reference
            runs.append(row)
            print(f"perf extract: {name}: {row['seconds']} s, peak {row['peak_rss_mb']} MB"
                  + (f", {row['extraction_docs_per_s']} documents/s inside extract" if row.get("extraction_docs_per_s")
                     else "") + (f", failed: {row['error']}" if code else ""), file=sys.stderr, flush=True)
        one = runs[0]["seconds"] if runs and runs[0]["status"] == 0 else None
        for row in runs:
            row["speedup"] = round(one / row["seconds"], 2) if one and row["status"] == 0 else None
    two = next((r for r in runs if r["overrides"] == ["num_proc=2"]), None)
    return {"documents": documents, "model": model, "seed": seed, "cpus": os.cpu_count(), "runs": runs,
            "target_speedup": TARGET_SPEEDUP,
            "meets_target": bool(two and two.get("speedup") and two["speedup"] >= TARGET_SPEEDUP)}
