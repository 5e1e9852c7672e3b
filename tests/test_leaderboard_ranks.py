"""Leaderboard 0.2: joint rank intervals, model metadata, error pages and the pull-request review."""

import json
import re

import pytest

from bench.cli import main
from bench.dataset import load_split
from bench.leaderboard import build_board, stale_outputs, write_board
from bench.leaderboard.meta import load_meta
from bench.leaderboard.review import review_submission

from test_leaderboard import DATA, META, RESAMPLES, board_root, write_submission  # noqa: F401 - fixture

MAX_ERROR_PAGE = 2 * 1024 * 1024


def build(root):
    files, problems = build_board(root, DATA, resamples=RESAMPLES)
    assert files is not None, [str(p) for p in problems]
    return files


def entries(files):
    return {e["slug"]: e for e in json.loads(files["results.json"])["entries"]}


def test_rank_intervals_from_one_joint_bootstrap(board_root):
    write_submission(board_root, "toll-off", "Toll Off", toll_shift=1)
    write_submission(board_root, "perfect-too", "Perfect Too")
    path = board_root / "submissions" / "perfect-too" / "predictions.jsonl"
    path.write_text(path.read_text() + "\n")  # the same answers, not byte-identical (that is refused)
    got = entries(build(board_root))
    # Two perfect systems share rank 1 (no false order) and the interval never leaves 1.
    assert got["perfect"]["rank"] == got["perfect-too"]["rank"] == 1
    assert got["perfect"]["rank_interval"] == [1, 1]
    for e in got.values():
        lo, hi = e["rank_interval"]
        assert lo <= e["rank"] <= hi and set(e["ranks"]) == {"claim_f1", "toll_f1", "span_f1_strict", "event_link_f1"}
    # Competition ranks on every metric: 1 + the number of systems strictly better.
    for metric in ("claim_f1", "toll_f1"):
        value = {s: e["headline"][metric]["value"] for s, e in got.items()}
        for slug, e in got.items():
            assert e["ranks"][metric][0] == 1 + sum(v > value[slug] for v in value.values())
    assert got["toll-off"]["ranks"]["toll_f1"][0] == 4  # every toll off by one: last on toll F1
    assert got["half"]["p_vs_best"] is not None and got["perfect"]["p_vs_best"] is None


def test_readme_shows_rank_intervals_and_breakdowns(board_root):
    files = build(board_root)
    readme = files["README.md"].decode()
    rows = [l for l in readme.splitlines() if l.startswith("| ") and "Test Lab" in l]
    ranks = [r.split("|")[1].strip() for r in rows]
    assert all(re.fullmatch(r"\d+( \(\d+–\d+\))?", r) for r in ranks), ranks
    e = entries(files)["half"]
    assert set(e["claim_f1_by_provenance"]) == {"seed", "authored"}
    assert set(e["claim_f1_by_conflict"]) == {d.conflict or "none" for d in load_split("test", DATA)}
    assert e["claim_f1_by_provenance"]["seed"] < 1.0
    assert "## Claim F1 per conflict and by provenance" in readme


def test_uses_test_documents_is_listed_but_not_ranked(board_root):
    meta = board_root / "submissions" / "perfect" / "meta.yaml"
    meta.write_text(META.format(name="Peeked").replace("uses_test_documents: false", "uses_test_documents: true"))
    files = build(board_root)
    got = entries(files)
    assert got["perfect"]["ranked"] is False and got["perfect"]["rank"] is None and got["perfect"]["best"] is False
    assert got["half"]["rank"] == 1 and got["half"]["best"] is True  # the perfect score does not take rank 1
    assert list(got) == ["half", "perfect"]
    row = next(l for l in files["README.md"].decode().splitlines() if "Peeked" in l)
    assert row.startswith("| – |") and "not ranked: uses test documents" in row


@pytest.mark.parametrize("edit, fragment", [
    (lambda t: t.replace("model_type: fine-tuned-encoder\n", ""), "model_type: missing required field"),
    (lambda t: t.replace("fine-tuned-encoder", "gpt"), "expected one of rule-based, feature-based"),
    (lambda t: t.replace("uses_test_documents: false\n", ""), "uses_test_documents: missing required field"),
    (lambda t: t.replace("uses_test_documents: false", "uses_test_documents: no way"), "expected true or false"),
    (lambda t: t + "parameters: -5\n", "expected a number between 0"),
    (lambda t: t + "parameters: true\n", "expected a number of parameters"),
    (lambda t: t + "parameters: 7B\n", "expected a number of parameters"),
    (lambda t: t + "open_weights: maybe\n", "expected true or false"),
    (lambda t: t + "prompt: Be terse.\n", "model_type must be one of the llm-* types"),
])
def test_new_meta_fields_are_validated(tmp_path, edit, fragment):
    path = tmp_path / "meta.yaml"
    path.write_text(edit(META.format(name="x")))
    meta, problems = load_meta(path)
    assert meta is None and any(fragment in str(p) for p in problems), [str(p) for p in problems]


def test_new_meta_fields_accepted(tmp_path):
    path = tmp_path / "meta.yaml"
    path.write_text(META.format(name="x").replace("fine-tuned-encoder", "llm-few-shot")
                    + "parameters: 135000000\nopen_weights: false\nprompt: |\n  three examples\n  then the article\n")
    meta, problems = load_meta(path)
    assert problems == [] and meta.parameters == 135000000 and meta.open_weights is False
    assert meta.prompt == "three examples\nthen the article\n"


def test_committed_submissions_carry_the_new_fields():
    folder = DATA.parent / "leaderboard" / "submissions"
    types = {}
    for meta_path in sorted(folder.glob("*/meta.yaml")):
        meta, problems = load_meta(meta_path)
        assert problems == [], [str(p) for p in problems]
        types[meta_path.parent.name] = meta.model_type
        assert meta.uses_test_documents is False
    assert types["baseline-rule-based"] == "rule-based" and types["baseline-crf"] == "feature-based"


def test_error_pages_written_checked_and_removed(board_root, capsys):
    files = build(board_root)
    pages = sorted(n for n in files if n.startswith("errors/"))
    assert pages == ["errors/half.html", "errors/perfect.html"]
    assert all(len(files[n]) < MAX_ERROR_PAGE for n in pages)
    write_board(board_root, files)
    assert stale_outputs(board_root, files) == []
    (board_root / "errors" / "half.html").write_text("edited")
    assert stale_outputs(board_root, files) == ["errors/half.html"]
    write_board(board_root, files)
    # A removed submission: its page is stale for `check` and removed by `build`.
    for p in (board_root / "submissions" / "half").iterdir():
        p.unlink()
    (board_root / "submissions" / "half").rmdir()
    files2 = build(board_root)
    assert "errors/half.html" in stale_outputs(board_root, files2)
    changed = write_board(board_root, files2)
    assert "-errors/half.html" in changed and not (board_root / "errors" / "half.html").exists()
    assert (board_root / "errors" / "perfect.html").exists()


def test_error_page_marks_a_missed_span(board_root):
    # A mention no gold claim points to, so that dropping it leaves the predictions valid.
    doc, first = next((d, m) for d in load_split("test", DATA) for m in d.mentions
                      if f"'{m.id}'" not in repr([c.__dict__ for c in d.claims]))
    index = [d.id for d in load_split("test", DATA)].index(doc.id)
    write_submission(board_root, "drops-one", "Drops One", drop_mention=lambda d, m: d.id == doc.id and m.id == first.id)
    page = build(board_root)["errors/drops-one.html"].decode()
    section = page.split(f'<section id="doc-{index}">', 1)[1].split("</section>", 1)[0]
    gold = section.split('class="text gold">', 1)[1].split("</div>", 1)[0]
    marked = re.findall(r'<mark class="(\w+) (\w+)"[^>]*>([^<]*)</mark>', gold)
    assert (first.label, "missed", doc.text[first.start:first.end]) in marked
    assert sum(status == "missed" for _, status, _ in marked) == 1
    perfect = build(board_root)["errors/perfect.html"].decode()
    assert 'class="CASUALTY missed"' not in perfect.split("</table>", 1)[1]  # legend aside, nothing missed


# The review comment.

def review_board(board_root):
    (board_root / "maintainers.yaml").write_text("baselines: [half]\n")
    (board_root / "submissions" / "half" / "meta.yaml").write_text(
        META.format(name="Half Baseline").replace("baseline: false", "baseline: true"))
    write_submission(board_root, "toll-off", "Toll | Off\\n <b>bold</b>", toll_shift=1)
    (board_root / "submissions" / "toll-off" / "meta.yaml").write_text(
        META.format(name="'Toll | Off <b>x</b>'"))
    return board_root


def test_review_markdown_structure(board_root, tmp_path, capsys):
    review_board(board_root)
    out = tmp_path / "review.md"
    code = main(["leaderboard", "review", "toll-off", "--out", str(out), "--root", str(board_root),
                 "--data-dir", str(DATA), "--resamples", str(RESAMPLES)])
    assert code == 0
    text = out.read_text()
    lines = text.splitlines()
    assert lines[0] == "## ClaimBench review: Toll \\| Off &lt;b&gt;x&lt;/b&gt; (toll-off)"
    n = len(load_split("test", DATA))
    assert f"**Validation:** ok, predictions for {n} of {n} test documents." in text
    headline = [l for l in lines if re.match(r"\| (claim F1|toll F1|span F1 strict|event linking F1) \|", l)]
    assert len(headline) == 4 and all(re.search(r"\| \d+\.\d \| \[\d+\.\d, \d+\.\d\] \|$", l) for l in headline)
    assert re.search(r"\*\*Rank by claim F1:\*\* \d of 3 \(95% rank interval \d–\d;", text)
    paired = [l for l in lines if l.startswith("| Half Baseline") or l.startswith("| Perfect System")]
    assert len(paired) == 2 and "(baseline)" in paired[0] + paired[1] and "(current best)" in paired[0] + paired[1]
    for row in paired:  # 4 cells of "Δ [lo, hi] (p)" and no stray cell from a pipe in a name
        cells = re.split(r"(?<!\\)\|", row)[2:-1]
        assert len(cells) == 4 and all(re.fullmatch(r" [+-]\d+\.\d \[-?\d+\.\d, -?\d+\.\d\] \((\d\.\d{3})\) ", c)
                                       for c in cells), cells
    toll_vs_best = next(l for l in paired if "current best" in l)
    assert re.split(r"(?<!\\)\|", toll_vs_best)[3].strip().startswith("-")  # toll F1 below the perfect system
    assert "### Documents with the largest claim-F1 differences against Perfect System" in text
    assert text.rstrip().splitlines()[-1].startswith("Signature: `claimbench:")
    assert "<b>" not in text


def test_review_of_an_invalid_submission_lists_its_problems(board_root, tmp_path):
    review_board(board_root)
    (board_root / "submissions" / "toll-off" / "meta.yaml").write_text("system: [unclosed\n")
    out = tmp_path / "review.md"
    code = main(["leaderboard", "review", "toll-off", "--out", str(out), "--root", str(board_root),
                 "--data-dir", str(DATA), "--resamples", str(RESAMPLES)])
    text = out.read_text()
    assert code == 1 and "**Validation failed** (1 problem(s))" in text and "invalid YAML" in text
    text, ok = review_submission(board_root, "no-such", data_dir=DATA, resamples=RESAMPLES)
    assert not ok and "no such submission folder" in text
