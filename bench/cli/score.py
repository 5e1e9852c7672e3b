"""`claimbench score|validate|compare|perf`: a thin layer over `bench.scoring` and `bench.submission`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional

from bench.problems import ProblemsFound

SCHEME_NAMES = ("strict", "exact", "partial", "type")


def _schemes(value: str) -> tuple[str, ...]:
    names = tuple(s.strip() for s in value.split(",") if s.strip())
    bad = [s for s in names if s not in SCHEME_NAMES]
    if not names or bad or len(set(names)) != len(names) or "strict" not in names:
        raise argparse.ArgumentTypeError(
            f"expected distinct names from {','.join(SCHEME_NAMES)} including strict, got {value!r}")
    return names


def _non_negative(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {n}")
    return n


def _positive(value: str) -> int:
    n = _non_negative(value)
    if n == 0:
        raise argparse.ArgumentTypeError("expected a number > 0")
    return n


def _confidence(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {value!r}") from None
    if not 0 < x < 1:
        raise argparse.ArgumentTypeError(f"expected a level between 0 and 1 such as 0.95, got {value}")
    return x


def _gold_options(p: argparse.ArgumentParser, verb: str = "score") -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--split", choices=("train", "validation", "test"), default=None,
                   help=f"{verb} against a released split (default: test)")
    g.add_argument("--gold", type=Path, default=None, metavar="GOLD.jsonl",
                   help=f"{verb} against any file in the dataset format instead of a released split (a copy of a "
                        "released split is recognised by its checksum)")
    p.add_argument("--data-dir", type=Path, default=None,
                   help="dataset folder (default: $CLAIMBENCH_DATA, else the checkout's data/, else the installed copy)")
    p.add_argument("--allow-missing", action="store_true",
                   help="treat documents without predictions as empty instead of failing" if verb != "score" else
                   "score documents without predictions as empty instead of failing")
    p.set_defaults(data_header=True)


def _bootstrap_options(p: argparse.ArgumentParser, resamples_default: int = 1000) -> None:
    p.add_argument("--resamples", type=_non_negative, default=resamples_default,
                   help=f"bootstrap resamples (default {resamples_default}; 0: no intervals)")
    p.add_argument("--unit", choices=("group", "document"), default="group",
                   help="bootstrap resampling unit: whole event groups (default; documents of one incident "
                        "are correlated) or single documents")
    p.add_argument("--seed", type=int, default=12345, help="bootstrap seed (default 12345)")
    p.add_argument("--confidence", type=_confidence, default=0.95, help="interval level (default 0.95)")
    p.add_argument("--schemes", type=_schemes, default=SCHEME_NAMES,
                   help="span schemes, comma-separated (default strict,exact,partial,type)")


def register(sub) -> None:
    p = sub.add_parser("score", help="score a predictions file (metrics table, JSON, signature)")
    p.add_argument("predictions", type=Path, help="predictions JSONL (docs/submission.md)")
    _gold_options(p)
    _bootstrap_options(p)
    p.add_argument("--json", type=Path, default=None, metavar="OUT.json",
                   help="write the full metrics JSON here ('-' prints it instead of the tables)")
    p.add_argument("--per-doc", action="store_true", help="add a per-document breakdown (table and JSON)")
    p.add_argument("--by", choices=("conflict", "provenance", "style"), action="append", default=[],
                   help="also print the headline metrics by conflict, provenance or style (repeatable; "
                        "the JSON always has all three)")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("validate", help="check a predictions file without scoring it",
                       description="Check a predictions file against the gold documents (format, ids, offsets, "
                                   "references) and report every problem with file, line and field; nothing is "
                                   "scored.")
    p.add_argument("predictions", type=Path, help="predictions JSONL to check (docs/submission.md)")
    _gold_options(p, verb="check")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("compare", help="compare two systems: differences with paired-bootstrap p-values")
    p.add_argument("a", type=Path, metavar="A.jsonl")
    p.add_argument("b", type=Path, metavar="B.jsonl")
    _gold_options(p)
    _bootstrap_options(p)
    p.add_argument("--json", type=Path, default=None, metavar="OUT.json", help="write the comparison JSON here")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("perf", help="benchmark the span scorer against seqeval on synthetic IOB2 data")
    p.add_argument("--tokens", type=_positive, default=1_000_000, help="size of the compared set (default 1,000,000)")
    p.add_argument("--large-tokens", type=_non_negative, default=10_000_000,
                   help="size of the scaling run (default 10,000,000; 0 skips it)")
    p.add_argument("--no-seqeval-large", action="store_true", help="time only our scorer on the large set")
    p.add_argument("--repeats", type=_positive, default=3, help="runs of our scorer per size; the best counts")
    p.add_argument("--seed", type=int, default=0, help="seed of the synthetic data (default 0)")
    p.add_argument("--score-docs", type=_non_negative, default=100_000,
                   help="also time `score` end to end (parse, every metric, 1,000-resample group bootstrap) on "
                        "this many synthetic documents with mentions and claims (default 100,000; 0 skips it)")
    p.add_argument("--json", type=Path, default=None, metavar="OUT.json", help="write the figures as JSON")
    p.set_defaults(func=cmd_perf)
    targets = p.add_subparsers(dest="perf_target", metavar="TARGET",
                               description="without a target: the span scorer against seqeval (the options above)")
    from bench.cli.perf_extract import register as register_perf_extract

    register_perf_extract(targets)


# --------------------------------------------------------------------------------------------------


def _console(stderr: bool = False):
    """Rich console; when the output is not a terminal (a file, a pipe, CI logs) tables get 160 columns
    instead of rich's default 80, so that names and intervals are not cut."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, highlight=False, width=None if stream.isatty() else 160)


def _fmt(x: Optional[float], digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def _ci(ci) -> str:
    return "" if not ci else f"[{ci[0]:.3f}, {ci[1]:.3f}]"


def _write_json(path: Path, data: dict) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if str(path) == "-":
        sys.stdout.write(text)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # backslashreplace: a lone surrogate (from a name that is not UTF-8) becomes a JSON \\u escape.
        path.write_bytes(text.encode("utf-8", "backslashreplace"))
    except OSError as exc:
        from bench.cli import UsageError

        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _warn(warnings_: list[str]) -> None:
    for w in warnings_:
        print(w, file=sys.stderr)


def _gold_arg(args):
    return args.gold if args.gold is not None else None


def _cli_hints(call):
    """Run a library call; problems that name the Python keyword `allow_missing=True` name the
    command-line switch instead."""
    from dataclasses import replace

    from bench.submission import API_MISSING_HINT, CLI_MISSING_HINT

    try:
        return call()
    except ProblemsFound as exc:
        raise ProblemsFound([replace(p, message=p.message.replace(API_MISSING_HINT, CLI_MISSING_HINT))
                             for p in exc.problems]) from None


def cmd_score(args) -> int:
    from bench.scoring import score

    result = _cli_hints(lambda: score(args.predictions, _gold_arg(args), split=args.split, schemes=args.schemes,
                   resamples=args.resamples, seed=args.seed, confidence=args.confidence, unit=args.unit,
                   allow_missing=args.allow_missing, per_doc=args.per_doc, data_dir=args.data_dir,
                   progress=sys.stderr.isatty()))
    _warn(result["warnings"])
    if args.json is not None:
        _write_json(args.json, result)
        if str(args.json) == "-":
            return 0
    print_score(result, per_doc=args.per_doc, by=args.by)
    return 0


HEADLINE_NAMES = {"claim_f1": "claim F1", "toll_f1": "toll F1", "span_f1_strict": "span F1 (strict)",
                  "event_link_f1": "event linking F1"}


def _table(title: str, columns: list[str]):
    from rich.table import Table

    t = Table(title=title, title_justify="left")
    for k, col in enumerate(columns):
        t.add_column(col, justify="left" if k == 0 else "right")
    return t


def print_score(result: dict, per_doc: bool = False, by: tuple[str, ...] = (), console=None) -> None:
    console = console or _console()
    m = result["metrics"]
    boot = result["bootstrap"]
    level = round(boot["confidence"] * 100)
    docs = result["documents"]
    mdd = boot.get("min_detectable_difference_80") or {}
    table = _table(f"ClaimBench score: {result['predictions']}",
                   ["headline", "value", f"{level}% interval", "detectable difference (80% power)"])
    for key in result["headline"]:
        table.add_row(HEADLINE_NAMES.get(key, key), _fmt(m[key]["value"]), _ci(m[key]["ci"]), _fmt(mdd.get(key)))
    console.print(table)

    other = _table("all metrics (each over every gold item: withholding never raises them)",
                   ["metric", "value", f"{level}% interval"])
    for key, v in m.items():
        if key not in result["headline"]:
            other.add_row(key, _fmt(v["value"]), _ci(v["ci"]))
    console.print(other)

    diag = _table("diagnostics (conditional on what was found: never ranked)", ["number", "value"])
    for key, v in result["diagnostics"].items():
        diag.add_row(key, _fmt(v) if isinstance(v, float) or v is None else str(v))
    console.print(diag)

    labels = list(next(iter(result["spans"].values()))["per_label"])
    spans = _table("span P / R / F1 (micro; macro and weighted F1; COR/INC/PAR/MIS/SPU)",
                   ["scheme", "P", "R", "F1", "macro F1", "weighted F1", *(f"{lab} F1" for lab in labels),
                    "COR/INC/PAR/MIS/SPU"])
    for scheme, sp in result["spans"].items():
        mi = sp["micro"]
        spans.add_row(scheme, _fmt(mi["precision"]), _fmt(mi["recall"]), _fmt(mi["f1"]), _fmt(sp["macro"]["f1"]),
                      _fmt((sp["weighted"] or {}).get("f1")), *(_fmt(sp["per_label"][lab]["f1"]) for lab in labels),
                      "/".join(str(mi[c]) for c in ("COR", "INC", "PAR", "MIS", "SPU")))
    console.print(spans)

    tolls = _table("numeric tolls over gold figures (found and right interval)",
                   ["figures", "gold", "found", "right", "predicted", "P", "R", "F1", "within 10%"])
    for cat, t in result["tolls"].items():
        if t["total"] or t["actual"]:
            tolls.add_row(cat, str(t["total"]), str(t["found"]), str(t["correct"]), str(t["actual"]),
                          _fmt(t["precision"]), _fmt(t["recall"]), _fmt(t["f1"]), _fmt(t["within_10pct"]))
    console.print(tolls)
    bins = _table("toll recall by gold figure size", ["size", "gold", "right", "recall"])
    for name, b in result["toll_bins"].items():
        bins.add_row(name, str(b["total"]), str(b["correct"]), _fmt(b["recall"]))
    console.print(bins)

    claims = _table("claims, fields and events", ["", "P", "R", "F1", "correct / predicted / gold"])
    for level_name, c in result["claims"].items():
        claims.add_row(f"claims {level_name}", _fmt(c["precision"]), _fmt(c["recall"]), _fmt(c["f1"]),
                       f"{c['correct']} / {c['actual']} / {c['possible']}")
    for name, f in result["fields"].items():
        claims.add_row(f"field {name}", "", _fmt(f["recall"]), "", f"{f['correct']} of {f['claims']} gold claims")
    ev = result["events"]
    for cls in ("main", "background"):
        c = ev[cls]
        claims.add_row(f"{cls} incident figures", _fmt(c["precision"]), _fmt(c["recall"]), _fmt(c["f1"]),
                       f"{c['correct']} / {c['actual']} / {c['possible']}")
    claims.add_row("event linking (B-cubed)", _fmt(result["diagnostics"]["event_link_precision"]),
                   _fmt(result["diagnostics"]["event_link_recall"]), _fmt(m["event_link_f1"]["value"]),
                   f"{ev['figures_with_predicted_event']} of {ev['figures']} figures with an event")
    claims.add_row("event ranges exact", "", "", _fmt(m["event_range_exact"]["value"]),
                   f"{ev['range_exact']} of {ev['range_events']} events")
    console.print(claims)

    for key in by:
        t = _table(f"headline metrics by {key}", [key, "documents", *(HEADLINE_NAMES[h] for h in result["headline"])])
        for name, entry in result["breakdowns"][key].items():
            t.add_row(name, str(entry["documents"]), *(_fmt(entry["metrics"][h]) for h in result["headline"]))
        console.print(t)

    if per_doc and "per_doc" in result:
        t = _table("per document", ["document", *(HEADLINE_NAMES[h] for h in result["headline"]), "note"])
        for d in result["per_doc"]:
            t.add_row(d["id"], *(_fmt(d["metrics"][h]) for h in result["headline"]),
                      "missing: scored as empty" if d["missing"] else "")
        console.print(t)

    if docs["missing"]:
        console.print(f"{docs['missing']} of {docs['gold']} documents had no predictions and were scored as empty")
    console.print(f"{docs['gold']} documents ({docs['span_only']} span-only); gold {result['gold']}; "
                  f"bootstrap over {boot['units']} {boot['unit']}s x {boot['resamples']} resamples")
    console.print(f"signature: {result['signature']}", soft_wrap=True, markup=False)


def cmd_validate(args) -> int:
    from bench.scoring.gold import resolve_gold
    from bench.submission import CLI_MISSING_HINT, read_submission

    gs = resolve_gold(_gold_arg(args), args.split, args.data_dir)
    sub = read_submission(args.predictions, gs.documents, allow_missing=args.allow_missing,
                          missing_hint=CLI_MISSING_HINT)
    if sub.errors:
        raise ProblemsFound(sub.problems)
    _warn([str(p) for p in sub.warnings])
    preds = sub.predictions.values()
    print(f"ok: {sub.source}: {len(sub.predictions)} of {len(gs.documents)} documents "
          f"({sum(len(p.mentions) for p in preds)} mentions, {sum(len(p.claims) for p in preds)} claims, "
          f"{sum(p.from_tags for p in preds)} span-only) against {gs.source}")
    return 0


def cmd_compare(args) -> int:
    from rich.table import Table

    from bench.cli import UsageError
    from bench.scoring import compare

    if args.resamples == 0:
        raise UsageError("compare needs --resamples > 0")
    result = _cli_hints(lambda: compare(args.a, args.b, _gold_arg(args), split=args.split, schemes=args.schemes,
                                        resamples=args.resamples, seed=args.seed, confidence=args.confidence,
                                        unit=args.unit, allow_missing=args.allow_missing, data_dir=args.data_dir,
                                        progress=sys.stderr.isatty()))
    _warn(result["warnings"])
    if args.json is not None:
        _write_json(args.json, result)
        if str(args.json) == "-":
            return 0
    console = _console()
    level = round(args.confidence * 100)
    t = Table(title=f"A = {result['a']}   B = {result['b']}", title_justify="left")
    for col in ("metric", "A", "B", "A - B", f"{level}% interval of A - B", "p (paired bootstrap)",
                "detectable (80% power)"):
        t.add_column(col, justify="left" if col == "metric" else "right")
    for name, v in result["metrics"].items():
        p = v["p_value"]
        t.add_row(name + (" *" if name in result["headline"] else ""), _fmt(v["a"]), _fmt(v["b"]),
                  "-" if v["delta"] is None else f"{v['delta']:+.3f}", _ci(v["delta_ci"]),
                  "-" if p is None else f"{p:.4f}", _fmt(v["mdd_80"]))
    console.print(t)
    boot = result["bootstrap"]
    console.print(f"* headline metric; paired bootstrap over {boot['units']} {boot['unit']}s; "
                  f"p = (1 + #{{|d_b - mean d| >= |d_obs|}}) / (1 + {args.resamples})")
    console.print(f"signature: {result['signature']}", soft_wrap=True, markup=False)
    return 0


def cmd_perf(args) -> int:
    from rich.table import Table

    from bench.scoring.perf import benchmark

    result = benchmark(args.tokens, args.large_tokens or None, args.seed, seqeval_large=not args.no_seqeval_large,
                       repeats=args.repeats, progress=sys.stderr.isatty())
    if args.json is not None:
        _write_json(args.json, result)
    console = _console()
    t = Table(title=f"span scorer vs seqeval (strict / default mode), synthetic IOB2, seed {args.seed}",
              title_justify="left")
    for col in ("tokens", "scorer", "seconds", "tokens/s", "peak MB", "seqeval / ours", "identical"):
        t.add_column(col, justify="left" if col == "scorer" else "right")
    for r in result["runs"]:
        o = r["ours"]
        t.add_row(f"{r['tokens']:,}", f"ours: per-doc counts + full report (best of {o['repeats']})",
                  f"{o['seconds']:.3f}", f"{o['tokens_per_s']:,.0f}",
                  f"{o['peak_mb']:.1f} (streaming {o['streaming_peak_mb']:.1f})", "",
                  "yes" if r["identical"] else "NO")
        for key, name, ratio in (("seqeval_f1_score", "seqeval f1_score", "ratio_vs_f1_score"),
                                 ("seqeval_classification_report", "seqeval classification_report",
                                  "ratio_vs_classification_report")):
            if key in r:
                t.add_row("", name, f"{r[key]['seconds']:.3f}", f"{r[key]['tokens_per_s']:,.0f}", "",
                          f"{r[ratio]:.1f}x", "")
    console.print(t)
    for r in result["runs"]:
        for line in r["mismatches"]:
            console.print(f"[red]mismatch at {r['tokens']:,} tokens: {line}[/red]")
    console.print("peak MB: tracemalloc peak of our scorer on the in-memory lists (the input, shared with seqeval, "
                  "is not counted); streaming: generating and scoring batch by batch, input included"
                  + (f"; whole process peak RSS {result['process_peak_rss_mb']:.0f} MB (input lists and seqeval included)"
                     if result.get("process_peak_rss_mb") else ""))
    if "time_scaling" in result:
        console.print(f"scaling: {result['size_scaling']:.0f}x the tokens took {result['time_scaling']:.1f}x the time")
    targets = result["targets"]
    console.print(f"targets (first size): >= {targets['vs_classification_report']}x classification_report, "
                  f">= {targets['vs_f1_score']}x f1_score, peak < {targets['peak_mb']} MB, identical numbers: "
                  + ("[green]met[/green]" if result["meets_targets"] else "[red]NOT met[/red]"))
    if args.score_docs:
        from bench.scoring.perf_score import benchmark_score

        e2e = benchmark_score(args.score_docs, args.seed, progress=sys.stderr.isatty())
        result["score_end_to_end"] = e2e
        if args.json is not None:
            _write_json(args.json, result)
        t = _table(f"`score` end to end: {e2e['documents']:,} synthetic documents, {e2e['claims']:,} gold claims, "
                   f"{e2e['resamples']} resamples over {e2e['units']:,} groups",
                   ["measure", "ours", "target"])
        t.add_row("seconds", f"{e2e['score_seconds']:.2f}", f"< {e2e['target_seconds']:.0f}")
        t.add_row("documents / second", f"{e2e['docs_per_second']:,.0f}", f"> {e2e['documents'] / e2e['target_seconds']:,.0f}")
        t.add_row("peak RSS MB (whole process, gold in memory)", f"{e2e['peak_rss_mb']:.0f}",
                  f"before scoring {e2e['rss_before_score_mb']:.0f}")
        console.print(t)
    return 0 if all(r["identical"] for r in result["runs"]) else 1
