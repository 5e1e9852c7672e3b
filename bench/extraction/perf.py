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


def _extract_only(docs: list[dict], model: str) -> None:
    from bench.extraction.runners import BATCH_SIZE, ExtractorSpec, predict_batch

    spec = ExtractorSpec(model)
    for i in range(0, len(docs), BATCH_SIZE):
        batch = docs[i:i + BATCH_SIZE]
        predict_batch([d["id"] for d in batch], [d["text"] for d in batch], spec)


def machine_ceiling(docs: list[dict], model: str) -> Optional[tuple[float, float]]:
    """(seconds, seconds): the extractor alone over every document in one process, then two forked processes
    at once, each on half (no datasets, no staging, no output).

    Their ratio is what this machine gives two processes for this work: a virtual machine's second vCPU can
    be slower or shared, and a speed-up below the target with a ceiling near it is the machine, not the
    runner. None where the platform cannot fork."""
    if not hasattr(os, "fork"):
        return None
    _extract_only(docs[:64], model)  # word lists and caches loaded before either timing
    t0 = time.perf_counter()
    _extract_only(docs, model)
    one = time.perf_counter() - t0
    half = (len(docs) + 1) // 2
    t0 = time.perf_counter()
    children = []
    for part in (docs[:half], docs[half:]):
        pid = os.fork()
        if pid == 0:  # the child: work, then leave without running the parent's cleanup
            code = 1
            try:
                _extract_only(part, model)
                code = 0
            finally:
                os._exit(code)
        children.append(pid)
    failed = [pid for pid in children if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0]
    two = time.perf_counter() - t0
    return None if failed else (one, two)


CONFIGURATIONS = (
    ("1 process", ["num_proc=1"]),
    ("2 processes (datasets.map)", ["num_proc=2"]),
    ("Ray Data, 2 CPUs", ["runner=ray", "ray_num_cpus=2"]),
)


def benchmark(documents: int = 10_000, model: str = "rule_based", seed: int = 0, with_ray: bool = True,
              workdir: Optional[Path] = None, repeat: int = 1) -> dict:
    """Every configuration `repeat` times, round-robin (1 process, 2 processes, Ray, 1 process, ...).

    A shared or virtual machine drifts by 10-20% within a minute, so a speed-up taken from two runs minutes
    apart measures the drift as much as the second core. Each round's speed-up divides that round's
    one-process seconds by the configuration's seconds in the same round; the reported speed-up is the
    median over rounds, with every round's figure kept beside it."""
    configurations = [(name, overrides) for name, overrides in CONFIGURATIONS
                      if with_ray or "runner=ray" not in overrides]
    with tempfile.TemporaryDirectory(prefix="claimbench-perf-extract-", dir=workdir) as tmp:
        tmp = Path(tmp)
        src = tmp / "articles.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for doc in synthetic_documents(documents, seed):
                fh.write(json.dumps(doc) + "\n")
        env = dict(os.environ, PYTHONHASHSEED="0")
        corpus = [json.loads(line) for line in src.read_text(encoding="utf-8").splitlines()]
        rounds: list[list[dict]] = []
        ceilings: list[tuple[float, float]] = []
        reference = None
        for r in range(max(1, repeat)):
            this_round = []
            for c, (name, overrides) in enumerate(configurations):
                out = tmp / f"out-{c}.jsonl"
                out.unlink(missing_ok=True)  # extract resumes an existing output; every round starts empty
                cmd = [sys.executable, "-m", "bench.cli", "extract", f"model={model}", f"input={src}",
                       f"output={out}", "progress=false", *overrides]
                label = f"{name} on {documents:,} documents" + (f" (round {r + 1} of {repeat})" if repeat > 1 else "")
                print(f"perf extract: {label} ...", file=sys.stderr, flush=True)
                seconds, peak, code, err = _run(cmd, env)
                row = {"seconds": seconds, "peak": peak, "status": code}
                rate = re.search(r"\(([0-9.]+) documents/s\)", err)
                row["inner"] = float(rate.group(1)) if rate else None  # startup excluded
                if code != 0:
                    row["error"] = err.strip().splitlines()[-1] if err.strip() else f"exit status {code}"
                else:
                    data = out.read_bytes()
                    reference = reference if reference is not None else data
                    row["identical"] = data == reference
                print(f"perf extract: {name}: {seconds:.1f} s, peak {peak / 2**20:.0f} MB"
                      + (f", {row['inner']} documents/s inside extract" if row["inner"] else "")
                      + (f", failed: {row['error']}" if code else ""), file=sys.stderr, flush=True)
                this_round.append(row)
            rounds.append(this_round)
            print("perf extract: machine ceiling, the extractor alone in 1 and 2 forked processes ...",
                  file=sys.stderr, flush=True)
            ceiling = machine_ceiling(corpus, model)
            if ceiling is not None:
                ceilings.append(ceiling)
    runs = [_summary(name, overrides, [rnd[c] for rnd in rounds], [rnd[0] for rnd in rounds], documents)
            for c, (name, overrides) in enumerate(configurations)]
    two = next((r for r in runs if r["overrides"] == ["num_proc=2"]), None)
    return {"documents": documents, "model": model, "seed": seed, "cpus": os.cpu_count(), "repeat": len(rounds),
            "runs": runs, "ceiling": _ceiling_summary(ceilings, len(rounds)), "target_speedup": TARGET_SPEEDUP,
            "meets_target": bool(two and two.get("speedup") and two["speedup"] >= TARGET_SPEEDUP)}


def _summary(name: str, overrides: list[str], rows: list[dict], baseline: list[dict], documents: int) -> dict:
    """One configuration over its rounds: median seconds and rates, paired speed-ups, the largest peak."""
    from statistics import median

    ok = [(row, one) for row, one in zip(rows, baseline) if row["status"] == 0]
    out = {"configuration": name, "overrides": overrides, "status": 0 if len(ok) == len(rows) else rows[-1]["status"],
           "peak_rss_mb": round(max(r["peak"] for r in rows) / 2**20, 1)}
    failed = next((r for r in rows if r["status"] != 0), None)
    if failed is not None:
        out["error"] = failed.get("error", "")
        return out
    seconds = [row["seconds"] for row, _ in ok]
    out["seconds"] = round(median(seconds), 2)
    out["seconds_per_round"] = [round(x, 2) for x in seconds]
    out["docs_per_s"] = round(documents / out["seconds"], 1) if out["seconds"] > 0 else None
    inner = [row["inner"] for row, _ in ok if row["inner"]]
    out["extraction_docs_per_s"] = round(median(inner), 1) if inner else None
    out["identical"] = all(row["identical"] for row, _ in ok)
    paired = [one["seconds"] / row["seconds"] for row, one in ok if one["status"] == 0 and row["seconds"] > 0]
    out["speedup"] = round(median(paired), 2) if len(paired) == len(ok) else None
    out["speedup_per_round"] = [round(x, 2) for x in paired]
    return out


def _ceiling_summary(ceilings: list[tuple[float, float]], rounds: int) -> Optional[dict]:
    from statistics import median

    if len(ceilings) != rounds or not all(two > 0 for _, two in ceilings):
        return None
    ratios = [one / two for one, two in ceilings]
    return {"seconds_one_per_round": [round(one, 2) for one, _ in ceilings],
            "seconds_two_per_round": [round(two, 2) for _, two in ceilings],
            "speedup_per_round": [round(x, 2) for x in ratios], "speedup": round(median(ratios), 2)}
