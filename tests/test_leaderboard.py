"""Leaderboard: submissions are data, validated, scored and rendered deterministically and safely."""

import json
import re
import shutil
import subprocess
from dataclasses import asdict
from pathlib import Path

import pytest

from bench.cli import main
from bench.dataset import load_split
from bench.leaderboard import add_submission, build_board, stale_outputs, write_board
from bench.problems import ProblemsFound

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
RESAMPLES = 100

META = """system: {name}
authors: [Test Author]
organisation: Test Lab
paper: https://example.org/paper
description: A test system.
date: 2026-11-21
training_data: bundled-train
baseline: false
license: CC-BY-4.0
model_type: fine-tuned-encoder
uses_test_documents: false
"""


def as_prediction(doc, keep_claim=lambda i: True, toll_shift=0, drop_mention=None):
    claims = []
    for i, c in enumerate(doc.claims):
        if not keep_claim(i):
            continue
        d = asdict(c)
        d["actors"] = list(c.actors)
        if toll_shift and d["toll"]["low"] is not None:
            d["toll"]["low"] += toll_shift
            if d["toll"]["high"] is not None:
                d["toll"]["high"] += toll_shift
        claims.append(d)
    kept = {c["id"] for c in claims}
    claims = [{**c, "subset_of": c["subset_of"] if c["subset_of"] in kept else None,
               "restates": c["restates"] if c["restates"] in kept else None} for c in claims]
    mentions = [{"id": m.id, "label": m.label, "start": m.start, "end": m.end} for m in doc.mentions
                if drop_mention is None or not drop_mention(doc, m)]
    return {"id": doc.id, "mentions": mentions, "claims": claims}


def write_submission(root, slug, name, **variant):
    folder = root / "submissions" / slug
    folder.mkdir(parents=True)
    docs = load_split("test", DATA)
    (folder / "predictions.jsonl").write_text("".join(json.dumps(as_prediction(d, **variant)) + "\n" for d in docs))
    (folder / "meta.yaml").write_text(META.format(name=name))
    return folder


@pytest.fixture
def board_root(tmp_path):
    root = tmp_path / "leaderboard"
    write_submission(root, "perfect", "Perfect System")
    write_submission(root, "half", "Half System", keep_claim=lambda i: i % 2 == 0)
    return root


def build(root):
    files, problems = build_board(root, DATA, resamples=RESAMPLES)
    assert files is not None, [str(p) for p in problems]
    return files


def test_board_ranks_and_changes_with_a_new_submission(board_root):
    files = build(board_root)
    results = json.loads(files["results.json"])
    assert [e["slug"] for e in results["entries"]] == ["perfect", "half"]
    assert results["entries"][0]["headline"]["claim_f1"]["value"] == 1.0
    assert results["entries"][1]["headline"]["claim_f1"]["value"] < 1.0
    assert "dataset:" in results["signature"] or "|" in results["signature"]
    write_board(board_root, files)

    write_submission(board_root, "toll-off", "Toll Off By One", toll_shift=1)
    files2 = build(board_root)
    entries = json.loads(files2["results.json"])["entries"]
    assert [e["slug"] for e in entries][0] == "perfect" and len(entries) == 3
    toll_off = next(e for e in entries if e["slug"] == "toll-off")
    assert toll_off["headline"]["toll_f1"]["value"] < 0.5
    assert stale_outputs(board_root, files2) == ["README.md", "results.json", "index.html", "errors/toll-off.html"]
    assert "Toll Off By One" in files2["README.md"].decode()


def test_rebuild_is_byte_identical(board_root):
    assert build(board_root) == build(board_root)


def test_script_in_system_name_is_rendered_as_text(board_root):
    (board_root / "submissions" / "half" / "meta.yaml").write_text(
        META.format(name="'<script>alert(1)</script> | x'"))
    files = build(board_root)
    page, readme = files["index.html"].decode(), files["README.md"].decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in readme and "\\|" in readme
    assert len(re.findall(r"<script>", page)) == 1  # only the page's own sorting script


@pytest.mark.parametrize("breakage, expected", [
    (lambda f: (f / "meta.yaml").write_text("system: [unclosed\n"), "invalid YAML"),
    (lambda f: (f / "meta.yaml").write_text("!!python/object/apply:os.system ['echo hacked']\n"), "could not determine a constructor"),
    (lambda f: (f / "meta.yaml").write_text(META.format(name="x") + "y: " + "a" * (50 * 1024 * 1024) + "\n"), "the limit is 65536"),
    (lambda f: (f / "predictions.jsonl").open("a").write('{"id": "no-such-doc", "mentions": [], "claims": []}\n'), "no-such-doc"),
    (lambda f: (f / "meta.yaml").write_text(META.format(name="x").replace("https://example.org/paper", "javascript:alert(1)")), "http:// or https://"),
    (lambda f: (f / "model.pkl").write_bytes(b"\x80\x04pickle"), "data, never code"),
])
def test_invalid_submission_is_rejected_and_board_untouched(board_root, breakage, expected, capsys):
    assert main(["leaderboard", "build", "--root", str(board_root), "--data-dir", str(DATA), "--resamples", str(RESAMPLES)]) == 0
    before = {p.name: p.read_bytes() for p in board_root.glob("*") if p.is_file()}
    breakage(board_root / "submissions" / "half")
    code = main(["leaderboard", "build", "--root", str(board_root), "--data-dir", str(DATA), "--resamples", str(RESAMPLES)])
    err = capsys.readouterr().err
    assert code == 1 and expected in err and "Traceback" not in err, err
    assert "submissions/half" in err
    assert {p.name: p.read_bytes() for p in board_root.glob("*") if p.is_file()} == before


def test_add_refuses_path_traversal_and_overwrite(board_root, tmp_path):
    preds = board_root / "submissions" / "half" / "predictions.jsonl"
    meta = board_root / "submissions" / "half" / "meta.yaml"
    for slug in ("../x", "..", "a/b", "UPPER", "-lead", "x" * 65):
        with pytest.raises(ProblemsFound, match="invalid submission slug"):
            add_submission(board_root, slug, preds, meta, data_dir=DATA)
    assert not (board_root / "x").exists() and not (board_root.parent / "x").exists()
    with pytest.raises(ProblemsFound, match="exists; pass --force"):
        add_submission(board_root, "half", preds, meta, data_dir=DATA)
    # The same predictions under a second slug are refused (issue 14, item 9); a changed file is added.
    with pytest.raises(ProblemsFound, match="byte-identical to the predictions of submission 'half'"):
        add_submission(board_root, "half-copy", preds, meta, data_dir=DATA)
    changed = tmp_path / "changed.jsonl"
    changed.write_bytes(preds.read_bytes() + b"\n")
    target = add_submission(board_root, "half-copy", changed, meta, data_dir=DATA)
    assert (target / "predictions.jsonl").read_bytes() == changed.read_bytes()


def test_check_names_the_stale_file(board_root, capsys):
    args = ["--root", str(board_root), "--data-dir", str(DATA), "--resamples", str(RESAMPLES)]
    assert main(["leaderboard", "build", *args]) == 0
    assert main(["leaderboard", "check", *args]) == 0
    (board_root / "README.md").write_text("edited by hand\n")
    assert main(["leaderboard", "check", *args]) == 1
    assert f"{board_root / 'README.md'}: stale" in capsys.readouterr().err


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def dump_dom(url):
    out = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000",
                          "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def row_slugs(dom):
    body = dom.split('<table id="board">', 1)[1].split("</tbody>", 1)[0]
    return [slug for slug, style in re.findall(r'<tr data-rank="\d+"[^>]*? data-slug="([^"]+)"([^>]*)>', body)
            if "display: none" not in style]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/test.sh installs it)")
def test_page_in_a_real_browser(board_root):
    write_submission(board_root, "toll-off", "Aardvark Toll Off", toll_shift=1)
    write_board(board_root, build(board_root))
    url = (board_root / "index.html").resolve().as_uri()
    dom = dump_dom(url)
    assert sorted(row_slugs(dom)) == ["half", "perfect", "toll-off"]  # one row per submission
    assert row_slugs(dom)[0] == "perfect"  # sorted by claim F1 by default
    by_name = row_slugs(dump_dom(url + "#sort=system,asc"))
    assert by_name == ["toll-off", "half", "perfect"]  # Aardvark, Half, Perfect
    by_toll = row_slugs(dump_dom(url + "#sort=toll_f1,asc"))
    assert by_toll[0] == "toll-off"
    assert 'aria-sort="ascending"' in dump_dom(url + "#sort=toll_f1,asc")
