"""Run one fuzz case through ClaimBench the way a user or an attacker would, and give its verdict.

Verdicts: "clean" (refused, every problem printable and located at its file), "accepted" (valid by the
docs and accepted), "valid-refused" (valid by the docs but refused), "traceback" (an exception escaped,
the CLI exited 2, a problem was not clean, or an output was unsafe), "timeout" (over 10 s) and
"silent" (accepted although the docs say it must be refused).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import stat
import tempfile
import time
import traceback
from html.parser import HTMLParser
from pathlib import Path
from typing import Optional

from . import oracle
from .cases import GOLD, META, Case, lines, perfect

VERDICTS = ("clean", "accepted", "valid-refused", "traceback", "timeout", "silent")
TIME_LIMIT = 10


class _TimeOut(BaseException):  # not an OSError, so no `except OSError` in the code under test swallows it
    pass


class Bad(Exception):
    """The case broke a promise (an unclean problem, an unsafe output): counted with the tracebacks."""


@contextlib.contextmanager
def deadline(seconds: int):
    """Interrupt the block after `seconds` (a guard against hangs, not a speed target)."""
    def stop(signum, frame):
        raise _TimeOut()
    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def timed(fn, *args, **kwargs):
    """One call into ClaimBench, interrupted after TIME_LIMIT seconds (each call of a case has its own)."""
    with deadline(TIME_LIMIT):
        return fn(*args, **kwargs)


def run_case(case: Case, workdir: Path, cli: bool = False) -> tuple[str, str]:
    """(verdict, detail) for one case, in a fresh folder under `workdir`."""
    folder = Path(tempfile.mkdtemp(dir=workdir))
    start = time.perf_counter()
    try:
        return RUNNERS[case.kind](case, folder, cli)
    except _TimeOut:
        return "timeout", f"a call took over {TIME_LIMIT} s ({case.note})"
    except Bad as exc:
        return "traceback", str(exc)
    except Exception:  # noqa: BLE001 - this is what the fuzz run looks for
        return "traceback", traceback.format_exc(limit=-3)
    finally:
        _rmtree(folder)
        case.extra["seconds"] = time.perf_counter() - start


def _rmtree(path: Path) -> None:
    import shutil
    shutil.rmtree(path, ignore_errors=True)


def _verdict(accepted: bool, valid: bool) -> str:
    if accepted:
        return "accepted" if valid else "silent"
    return "valid-refused" if valid else "clean"


_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def check_problems(problems, file: str) -> None:
    for p in problems:
        text = str(p)
        if not p.message or not text.startswith(_display(file)) or _UNPRINTABLE.search(text):
            raise Bad(f"unclean problem: {text[:300]!r}")
        if p.line is not None and p.line < 1:
            raise Bad(f"bad line number: {text[:300]!r}")
        if len(text) > 2000:
            raise Bad(f"problem of {len(text)} characters: {text[:200]!r}...")


def _display(file: str) -> str:
    from bench.problems import Problem
    return str(Problem(file, None, "x")).rsplit(": x", 1)[0]


# ----------------------------------------------------------------------------------------------------------


def _gold_file(folder: Path) -> Path:
    from bench.dataset import dump_record
    path = folder / "gold.jsonl"
    path.write_text("".join(dump_record(d) + "\n" for d in GOLD), encoding="utf-8")
    return path


def run_predictions(case: Case, folder: Path, cli: bool) -> tuple[str, str]:
    from bench.scoring import score
    from bench.submission import read_submission

    path = folder / "preds.jsonl"
    path.write_bytes(case.data)
    sub = timed(read_submission, path, GOLD)
    check_problems(sub.problems, str(path))
    accepted = not sub.errors
    valid = oracle.file_is_valid(case.data, GOLD)
    if accepted:
        result = timed(score, path, list(GOLD), resamples=0)
        for name, m in result["metrics"].items():
            if m["value"] is not None and not 0.0 <= m["value"] <= 1.0 and not name.endswith("male"):
                raise Bad(f"metric {name} = {m['value']}")
    if cli:
        _cli_agrees(path, _gold_file(folder), accepted, folder)
    first = sub.errors[0] if sub.errors else None
    return _verdict(accepted, valid), (str(first)[:200] if first else "")


def _cli_agrees(path: Path, gold: Path, accepted: bool, folder: Path) -> None:
    from bench.cli import main

    for argv in (["validate", str(path), "--gold", str(gold)],
                 ["score", str(path), "--gold", str(gold), "--resamples", "0", "--json", str(folder / "m.json")]):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = timed(main, argv)
        text = out.getvalue() + err.getvalue()
        if code != (0 if accepted else 1) or "Traceback" in text or "internal error" in text or \
                _UNPRINTABLE.search(err.getvalue()):
            raise Bad(f"claimbench {argv[0]}: exit {code} (API accepted: {accepted}): {text[-300:]!r}")


# ----------------------------------------------------------------------------------------------------------


def run_meta(case: Case, folder: Path, cli: bool) -> tuple[str, str]:
    from bench.leaderboard.meta import load_meta

    path = folder / "meta.yaml"
    path.write_bytes(case.data)
    meta, problems = timed(load_meta, path, baseline_allowed=False)
    check_problems(problems, str(path))
    if meta is not None:
        check_rendering(meta.as_dict())
    return _verdict(meta is not None, bool(case.expect_valid)), (str(problems[0])[:200] if problems else "")


def check_rendering(meta: dict) -> None:
    """The README as GitHub renders it and the HTML page: no link, image or tag from the submission, and
    one cell per column in every row."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    from bench.leaderboard.page import render_html
    from bench.leaderboard.render import HEADLINE, LABELS, clean_strings, render_markdown

    entry = {"slug": "x", "rank": 1, "ranked": True, "ranks": {k: [1, 1, 2] for k, _ in HEADLINE},
             "meta": clean_strings(meta), "best": True, "p_vs_best": None,
             "tied_with_best": False, "headline": {k: {"value": 0.5, "low": 0.4, "high": 0.6} for k, _ in HEADLINE},
             "per_label": {label: 0.5 for label in LABELS}, "claim_f1_by_conflict": {"Gaza": 0.5},
             "claim_f1_by_provenance": {"seed": 0.5, "authored": 0.4}}
    board = {"signature": "sig", "alpha": 0.05, "entries": [entry, dict(entry, rank=2, best=False)],
             "bootstrap": {"unit": "group", "units": 3, "resamples": 10,
                           "min_detectable_difference_80": {k: 0.1 for k, _ in HEADLINE}}}
    rendered = cmarkgfm.github_flavored_markdown_to_html(render_markdown(board), options=Options.CMARK_OPT_UNSAFE)
    anchors = re.findall(r"<a [^>]*>", rendered)
    own = ('<a href="results.json">', '<a href="index.html">', '<a href="../docs/submitting.md">', '<a href="errors/x.html">')
    paper = [a for a in anchors if a not in own]
    if len(paper) != (2 if meta.get("paper") else 0) or not all(a.startswith('<a href="http') for a in paper):
        raise Bad(f"README links: {anchors}")
    tags = set(re.findall(r"<([a-z][a-z0-9]*)", rendered)) - {"h1", "h2", "p", "code", "table", "thead", "tbody", "tr", "th",
                                                      "td", "a", "strong"}
    if tags:
        raise Bad(f"README tags from a submission: {tags}")
    for table in re.findall(r"<table>.*?</table>", rendered, re.S):
        if len({len(re.findall(r"<t[hd][ >]", row)) for row in re.findall(r"<tr>.*?</tr>", table, re.S)}) != 1:
            raise Bad("README: a row with extra cells")
    page = render_html(board)
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    tags = _Tags()
    tags.feed(body)
    if tags.found - {"tr", "td", "strong", "span", "br", "small", "a", "svg", "line", "circle", "details", "summary"} or tags.unsafe:
        raise Bad(f"HTML: markup from a submission: {tags.found} {tags.unsafe}")
    if _UNPRINTABLE.search(page) or _UNPRINTABLE.search(json.dumps(board, ensure_ascii=False)):
        raise Bad("an output holds control or invisible characters")


class _Tags(HTMLParser):
    """The tags and the unsafe attributes (event handlers, javascript: links) of an HTML fragment."""

    def __init__(self):
        super().__init__()
        self.found: set[str] = set()
        self.unsafe: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found.add(tag)
        self.unsafe += [f"{k}={v}" for k, v in attrs
                        if k.startswith("on") or (v or "").strip().lower().startswith("javascript:")]


# ----------------------------------------------------------------------------------------------------------


META_TEXT = "".join(f"{k}: {json.dumps(v)}\n" for k, v in META.items())


def run_folder(case: Case, folder: Path, cli: bool) -> tuple[str, str]:
    from bench.dataset import dump_record
    from bench.leaderboard import add_submission, build_board
    from bench.problems import ProblemsFound

    data = folder / "data"
    data.mkdir()
    (data / "test.jsonl").write_text("".join(dump_record(d) + "\n" for d in GOLD), encoding="utf-8")
    root = folder / "leaderboard"
    subs = root / "submissions"
    subs.mkdir(parents=True)
    outside = folder / "outside"
    outside.mkdir()
    good = lines([perfect(d) for d in GOLD])
    (outside / "predictions.jsonl").write_bytes(good)
    (outside / "meta.yaml").write_text(META_TEXT)

    def submission(slug, predictions=good, meta=META_TEXT):
        s = subs / slug
        s.mkdir()
        (s / "predictions.jsonl").write_bytes(predictions)
        (s / "meta.yaml").write_text(meta)
        return s

    layout = case.data
    if layout.startswith("add-"):
        submission("existing")
        source = folder / "new.jsonl"
        source.write_bytes(good[:-1] + b" \n")  # valid, but not byte-identical to "existing"
        slug, force = "new", False
        if layout == "add-force-link":
            (subs / "evil").symlink_to(outside)
            slug, force = "evil", True
        elif layout == "add-huge":
            with open(source, "wb") as fh:
                fh.truncate(2 << 30)
        elif layout == "add-slug-traversal":
            slug = "../escaped"
        elif layout == "add-duplicate":
            source.write_bytes(good)
        elif layout == "add-missing-doc":
            source.write_bytes(lines([perfect(d) for d in GOLD[:-1]]))
        before = sorted(p.name for p in outside.iterdir())
        try:
            target = timed(add_submission, root, slug, source, outside / "meta.yaml", force=force, data_dir=data)
        except ProblemsFound as exc:
            check_problems(exc.problems, exc.problems[0].file)
            accepted = False
        else:
            accepted = True
            if (target / "predictions.jsonl").read_bytes() != source.read_bytes() or \
                    stat.S_IMODE((target / "meta.yaml").stat().st_mode) & 0o044 != 0o044 & ~_umask():
                raise Bad("added files differ from their sources or are not readable")
        if sorted(p.name for p in outside.iterdir()) != before or (root / "escaped").exists() or (folder / "escaped").exists():
            raise Bad("add wrote outside leaderboard/submissions/")
        return _verdict(accepted, bool(case.expect_valid)), layout

    s = submission("sys-a")
    if layout == "link-predictions":
        (s / "predictions.jsonl").unlink()
        (s / "predictions.jsonl").symlink_to(outside / "predictions.jsonl")
    elif layout == "link-meta":
        (s / "meta.yaml").unlink()
        (s / "meta.yaml").symlink_to(outside / "meta.yaml")
    elif layout == "link-folder":
        (subs / "sys-b").symlink_to(outside)
    elif layout == "extra-file":
        (s / "model.pkl").write_bytes(b"\x80\x04pickle")
    elif layout == "subfolder":
        (s / "code").mkdir()
    elif layout.startswith("slug-"):
        s.rename(subs / {"slug-newline": "sys-a\n", "slug-upper": "Sys-A", "slug-dot": "sys.a", "slug-unicode": "sýs"}[layout])
    elif layout == "predictions-dir":
        (s / "predictions.jsonl").unlink()
        (s / "predictions.jsonl").mkdir()
    elif layout == "no-meta":
        (s / "meta.yaml").unlink()
    elif layout == "duplicate":
        submission("sys-b")
    elif layout == "warning":
        first, rest = good.split(b"\n", 1)
        (s / "predictions.jsonl").write_bytes(first[:-1] + b', "confidence": 1}\n' + rest)
    elif layout == "huge":
        with open(s / "predictions.jsonl", "r+b") as fh:
            fh.truncate(101 << 20)
    elif layout == "baseline":
        (s / "meta.yaml").write_text(META_TEXT.replace("baseline: false", "baseline: true"))
    files, problems = timed(build_board, root, data, resamples=10)
    for p in problems:
        check_problems([p], p.file)
        if "root:x" in str(p):
            raise Bad("a linked file was read")
    return _verdict(files is not None, bool(case.expect_valid)), (str(problems[0])[:200] if problems else layout)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ----------------------------------------------------------------------------------------------------------


_EXTRACTOR = []


def run_text(case: Case, folder: Path, cli: bool) -> tuple[str, str]:
    """An article's figures: find_toll never raises and never returns a bound past the limit, and what the
    rule-based extractor writes for the article is a valid submission."""
    from baselines import get_extractor
    from bench.schema import MAX_BOUND, Document
    from bench.submission import read_submission
    from bench.tokenize import tokenize
    from bench.tolls import find_toll

    toll = timed(find_toll, case.data)
    if toll is not None and any(b is not None and not 0 <= b <= MAX_BOUND for b in (toll.low, toll.high)):
        raise Bad(f"find_toll gave {toll}")
    if not case.data.strip():
        return "accepted", ""
    if not _EXTRACTOR:
        _EXTRACTOR.append(get_extractor("rule_based"))
    tokens, offsets = tokenize(case.data)
    doc = Document(id="t", title=None, text=case.data, language="en", published=None, outlet=None,
                   provenance="authored", license="x", event_group="g", tokens=tuple(tokens),
                   token_offsets=tuple(offsets))
    (prediction,) = timed(_EXTRACTOR[0].predict, [doc])
    sub = timed(read_submission, [prediction], [doc])
    if sub.errors:
        raise Bad(f"the extractor wrote an invalid prediction: {sub.errors[0]}")
    return "accepted", ""


RUNNERS = {"predictions": run_predictions, "meta": run_meta, "folder": run_folder, "text": run_text}
