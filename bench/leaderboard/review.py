"""`claimbench leaderboard review SLUG`: the Markdown a CI bot posts on a pull request that adds a submission.

It says whether the submission validates, its headline numbers with their group-bootstrap intervals, its
rank interval among all submissions, a paired comparison with each baseline and with the current best
(difference, interval, p-value, detectable difference; both systems on the same resamples of the same
event groups), and the three documents where it gains and loses most against the current best.
Everything taken from a submission passes through `escape` (Markdown table cells).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

from bench.scoring.metrics import HEADLINE

NAMES = {"claim_f1": "claim F1", "toll_f1": "toll F1", "span_f1_strict": "span F1 strict",
         "event_link_f1": "event linking F1"}


@dataclass
class Entry:
    slug: str
    system: str
    baseline: bool
    predictions: Path


def _pct(x: Optional[float]) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def _ci(ci) -> str:
    return "–" if not ci else f"[{_pct(ci[0])}, {_pct(ci[1])}]"


def _signed(x: Optional[float]) -> str:
    return "–" if x is None else f"{100 * x:+.1f}"


def review_markdown(new: str, entries: Sequence[Entry], escape: Callable[[str], str], *, data_dir=None,
                    resamples: int = 1000, seed: Optional[int] = None) -> str:
    """Markdown review of submission `new` among `entries` (which include it). Raises ProblemsFound when a
    submission does not validate (the caller reports that as the review)."""
    from bench.scoring import DEFAULT_SEED
    from bench.scoring.ranking import joint, paired, per_document, rank_intervals

    seed = DEFAULT_SEED if seed is None else seed
    index = {e.slug: k for k, e in enumerate(entries)}
    me = index[new]
    j = joint([e.predictions for e in entries], split="test", resamples=resamples, seed=seed, data_dir=data_dir)
    from bench.scoring.evaluate import score

    own = score(entries[me].predictions, split="test", resamples=resamples, seed=seed, data_dir=data_dir)
    ranks = rank_intervals(j, "claim_f1")
    others = [k for k in range(len(entries)) if k != me]
    best = max(others, key=lambda k: (j.values[k]["claim_f1"] or 0.0, entries[k].slug), default=None)
    docs = own["documents"]
    lines = [
        f"## ClaimBench review: {escape(entries[me].system)} ({escape(new)})",
        "",
        f"**Validation:** ok, predictions for {docs['predicted']} of {docs['gold']} test documents"
        + (f" ({docs['missing']} scored as empty)" if docs["missing"] else "") + ".",
        "",
        "| metric | value | 95% interval |",
        "|---|---:|---:|",
    ]
    for m in HEADLINE:
        v = own["metrics"][m]
        lines.append(f"| {NAMES[m]} | {_pct(v['value'])} | {_ci(v['ci'])} |")
    r = ranks[me]
    lines += ["", f"**Rank by claim F1:** {r['rank']} of {len(entries)} (95% rank interval {r['low']}–{r['high']}; "
                  "equal scores share a rank).", ""]
    against = [k for k in others if entries[k].baseline]
    if best is not None and best not in against:
        against.append(best)
    if against:
        boot = j.units
        lines += [f"### Paired comparison (bootstrap over {boot} event groups, {resamples} resamples)", "",
                  "| against | " + " | ".join(f"Δ {NAMES[m]} [95% interval] (p)" for m in HEADLINE) + " |",
                  "|---|" + "---:|" * len(HEADLINE)]
        for k in against:
            label = escape(entries[k].system) + (" (baseline)" if entries[k].baseline else "") + \
                (" (current best)" if k == best else "")
            cells = []
            for m in HEADLINE:
                c = paired(j, me, k, m)
                p = "–" if c["p_value"] is None else f"{c['p_value']:.3f}"
                cells.append(f"{_signed(c['delta'])} {_ci(c['delta_ci'])} ({p})")
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        mdd = paired(j, me, best, "claim_f1")["mdd_80"] if best is not None else None
        if mdd is not None:
            lines += ["", f"A claim-F1 difference smaller than about {_pct(mdd)} points against the current best "
                          "cannot be detected reliably on this split (80% power, 5% level)."]
    if best is not None:
        mine, theirs = per_document(j, me, "claim_f1"), per_document(j, best, "claim_f1")
        ids = j.collected[me].doc_ids
        deltas = sorted(((a - b, ids[d]) for d, (a, b) in enumerate(zip(mine, theirs))
                         if a is not None and b is not None), key=lambda t: (t[0], t[1]))
        lines += ["", f"### Documents with the largest claim-F1 differences against {escape(entries[best].system)}", "",
                  "| | document | Δ claim F1 |", "|---|---|---:|"]
        gains = [t for t in reversed(deltas) if t[0] > 0][:3]
        losses = [t for t in deltas if t[0] < 0][:3]
        for tag, rows in (("gains", gains), ("losses", losses)):
            for delta, doc_id in rows:
                lines.append(f"| {tag} | {escape(doc_id)} | {_signed(delta)} |")
        if not gains and not losses:
            lines.append("| | no document differs | |")
        lines += ["", f"Error page: leaderboard/errors/{escape(new)}.html (after `claimbench leaderboard build`)."]
    lines += ["", f"Signature: `{own['signature']}`", ""]
    return "\n".join(lines)


MAX_PROBLEMS = 50  # listed in a comment; the rest are counted


def _validation_failed(slug: str, problems, escape) -> str:
    lines = [f"## ClaimBench review: {escape(slug)}", "", f"**Validation failed** ({len(problems)} problem(s)); "
             "fix them and push again (see docs/submitting.md):", ""]
    lines += [f"- {escape(str(p))}" for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        lines.append(f"- … and {len(problems) - MAX_PROBLEMS} more")
    return "\n".join(lines + [""])


def review_submission(root: Path, slug: str, *, data_dir=None, resamples: int = 1000,
                      seed: Optional[int] = None) -> tuple[str, bool]:
    """(Markdown, validated) for submission `slug` of the board at `root`, compared with every other valid
    submission that may be ranked (uses_test_documents false). Only the new submission's problems fail the
    review; another invalid submission is left out of the comparison."""
    from bench.dataset import default_data_dir, load_split
    from bench.leaderboard.folders import check_predictions, discover, maintainers_baselines
    from bench.leaderboard.meta import check_slug, load_meta
    from bench.leaderboard.render import md_escape
    from bench.problems import Problem

    data_dir = Path(data_dir or default_data_dir())
    why = check_slug(slug)
    submissions, folder_problems = discover(root)
    found = {s.slug: s for s in submissions}
    if why or slug not in found:
        own = [p for p in folder_problems if f"/{slug}/" in p.source.replace("\\", "/") + "/"]
        return _validation_failed(slug, own or [Problem(str(Path(root) / "submissions" / slug), None,
                                                       why or "no such submission folder")], md_escape), False
    baselines, _ = maintainers_baselines(root)
    gold = load_split("test", data_dir)
    entries, new = [], None
    for sub in submissions:
        meta, problems = load_meta(sub.folder / "meta.yaml", baseline_allowed=sub.slug in baselines)
        problems = problems + check_predictions(sub.folder / "predictions.jsonl", gold)
        if sub.slug == slug:
            if problems:
                return _validation_failed(slug, problems, md_escape), False
            new = meta
        if meta is None or problems or (meta.uses_test_documents and sub.slug != slug):
            continue
        entries.append(Entry(sub.slug, meta.system, meta.baseline, sub.folder / "predictions.jsonl"))
    text = review_markdown(slug, entries, md_escape, data_dir=data_dir, resamples=resamples, seed=seed)
    if new.uses_test_documents:
        text = text.replace("\n\n", "\n\n**Not ranked on the board:** its meta says `uses_test_documents: true`; "
                            "the rank below is for information only.\n\n", 1)
    return text, True
