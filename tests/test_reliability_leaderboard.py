"""Reproducers of the injections and unsafe file handling a fuzz run found in the leaderboard (issue 14).
Each test failed before its fix. The README is rendered by cmark-gfm, the library GitHub renders
Markdown with, so what is checked is what a visitor of the repository would see."""

from pathlib import Path
import builtins
import io
import json
import os
import re
import stat

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from bench.cli import main
from bench.leaderboard import add_submission, build_board
from bench.leaderboard.render import clean_text
from bench.problems import ProblemsFound
from test_leaderboard import DATA, META, RESAMPLES, board_root, write_submission  # noqa: F401 - fixture

REPO_ROOT = Path(__file__).resolve().parents[1]

HOSTILE = {
    "system": "[a](https://phish.example) ![p](https://track.example/p.png) www.phish.example a@phish.example",
    "organisation": "Org \\| extra | cell <img src=x onerror=alert(1)> *bold* `code` ~~s~~ #1 $x$",
    "paper": "https://example.org/p)|[x](https://phish.example)![y](https://track.example/q.png",
}


def meta_with(**fields):
    text = META.format(name="Test")
    for key, value in fields.items():
        text = re.sub(rf"(?m)^{key}:.*$", lambda m: f"{key}: {json.dumps(value)}", text)
        if f"{key}:" not in text:
            text += f"{key}: {json.dumps(value)}\n"
    return text


def build(root):
    files, problems = build_board(root, DATA, resamples=RESAMPLES)
    return files, [str(p) for p in problems]


def github_html(markdown: str) -> str:
    # UNSAFE keeps raw HTML as GitHub's pipeline receives it (GitHub then sanitises); a raw tag reaching
    # the output would be an injection.
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


# 4. Markdown injection into leaderboard/README.md.


def test_hostile_names_and_urls_render_as_text_on_github(board_root):
    (board_root / "submissions" / "half" / "meta.yaml").write_text(meta_with(**HOSTILE))
    files, problems = build(board_root)
    assert problems == []
    rendered = github_html(files["README.md"].decode())
    links = re.findall(r"<a [^>]*>", rendered)
    # Only the board's own links: two paper links, the two error pages and results.json, index.html, submitting.md.
    assert all('href="https://example.org/p' in a or a in ('<a href="results.json">', '<a href="index.html">',
               '<a href="../docs/submitting.md">', '<a href="errors/perfect.html">', '<a href="errors/half.html">')
               for a in links), links
    assert len(links) == 7 and "<img" not in rendered and "<strong>bold" not in rendered and "<del>" not in rendered
    assert "phish.example</a>" not in rendered and "mailto:" not in rendered
    for table in re.findall(r"<table>.*?</table>", rendered, re.S):
        counts = {len(re.findall(r"<t[hd][ >]", row)) for row in re.findall(r"<tr>.*?</tr>", table, re.S)}
        assert len(counts) == 1, f"a row has extra cells: {counts}"
    assert 'href="https://example.org/p%29%7C%5Bx%5D%28https://phish.example%29!%5By%5D%28https://track.example/q.png"' in rendered
    assert "Org \\| extra | cell &lt;img src=x onerror=alert(1)&gt; *bold* `code` ~~s~~ #1 $x$" in rendered
    page = files["index.html"].decode()
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.parametrize("field, value", [
    ("paper", "https://example.org/paper\n"),
    ("paper", "https://example.org/a b"),
    ("url", 'https://example.org/"onmouseover="x'),
    ("system", "Good\u202eSystem"),
    ("system", "Zero\u200bwidth"),
    ("organisation", "Bell\x07 Labs"),
    ("authors", ["Ada\x1b[2J"]),
    ("description", "A line\u2028break"),
])
def test_invisible_characters_and_loose_urls_are_refused(board_root, field, value):
    (board_root / "submissions" / "half" / "meta.yaml").write_text(meta_with(**{field: value}))
    files, problems = build(board_root)
    assert files is None and any(f"meta.yaml:" in p and f": {field}: " in p for p in problems), problems


def test_rendering_strips_what_validation_would_refuse():
    assert clean_text("a\u202eb\u200b c\x1b[2K\n d\ud800") == "ab c[2K d"


def test_baseline_is_reserved_for_the_maintainers_list(board_root, tmp_path):
    meta = board_root / "submissions" / "half" / "meta.yaml"
    meta.write_text(META.format(name="Sneaky").replace("baseline: false", "baseline: true"))
    files, problems = build(board_root)
    assert files is None and any("half/meta.yaml:8: baseline: `baseline: true` is reserved" in p for p in problems), problems
    (board_root / "maintainers.yaml").write_text("baselines: [half]\n")
    files, problems = build(board_root)
    assert problems == [] and "Sneaky (baseline)" in files["README.md"].decode()


def test_the_repository_board_lists_its_baselines():
    from bench.leaderboard.folders import maintainers_baselines
    
    slugs, problems = maintainers_baselines(REPO_ROOT / "leaderboard")
    assert problems == [] and slugs == {p.name for p in (REPO_ROOT / "leaderboard" / "submissions").iterdir() if p.is_dir()}


# 3. meta.yaml values that crashed build and check.


@pytest.mark.parametrize("text, line, fragment", [
    ('system: "A\\ud800B"\n', 1, "U+D800"),
    ("? [a, b]\n: c\n", 1, "a key must be a plain value"),
    ("? {a: 1}\n: c\n", 1, "a key must be a plain value"),
    ("date: 2026-02-30\n", 1, "'2026-02-30' is not a date"),
    ("model_size: " + "9" * 5000 + "\n", 1, "an integer of 5000 characters"),
    ("system: " + "[" * 20000 + "\n", 1, "nested more than 50 levels deep"),
])
def test_meta_values_that_crashed_are_located_errors(board_root, capsys, text, line, fragment):
    meta = board_root / "submissions" / "half" / "meta.yaml"
    body = "\n".join(l for l in META.format(name="x").splitlines() if l.split(":")[0] not in text[:12]) + "\n"
    meta.write_text(text + body)
    code = main(["leaderboard", "check", "--root", str(board_root), "--data-dir", str(DATA), "--resamples", "10"])
    err = capsys.readouterr().err
    where = f"{meta}:{line}:" if line else f"{meta}:"
    assert code == 1 and where in err and fragment in err and "internal error" not in err, err


# 5. Slugs and files.


def test_a_slug_with_a_trailing_newline_is_refused(board_root):
    half = board_root / "submissions" / "half"
    with pytest.raises(ProblemsFound, match="invalid submission slug"):
        add_submission(board_root, "abc\n", half / "predictions.jsonl", half / "meta.yaml", data_dir=DATA)
    os.rename(half, board_root / "submissions" / "half\n")
    files, problems = build(board_root)
    assert files is None and any("invalid submission slug 'half\\n'" in p for p in problems)


@pytest.mark.parametrize("name", ["predictions.jsonl", "meta.yaml"])
def test_a_linked_file_in_a_submission_is_never_read(board_root, tmp_path, monkeypatch, name):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:secret\n")
    half = board_root / "submissions" / "half"
    (half / name).unlink()
    (half / name).symlink_to(secret)
    opened = []
    real_open = builtins.open

    def spy(file, *args, **kwargs):
        opened.append(os.path.realpath(file) if isinstance(file, (str, os.PathLike)) else file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)
    files, problems = build(board_root)
    assert files is None and any(f"half/{name}: unexpected entry" in p for p in problems)
    assert str(secret) not in opened and not any("secret" in p for p in problems)


def test_force_onto_a_linked_slug_folder_writes_nothing_outside(board_root, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (board_root / "submissions" / "evil").symlink_to(outside)
    half = board_root / "submissions" / "half"
    changed = tmp_path / "changed.jsonl"
    changed.write_bytes((half / "predictions.jsonl").read_bytes() + b"\n")
    with pytest.raises(ProblemsFound, match="symbolic link"):
        add_submission(board_root, "evil", changed, half / "meta.yaml", force=True, data_dir=DATA)
    assert list(outside.iterdir()) == []


def test_add_refuses_a_huge_file_before_reading_it(board_root, tmp_path, monkeypatch):
    huge = tmp_path / "huge.jsonl"
    with open(huge, "wb") as fh:
        fh.truncate(2 << 30)  # sparse: 2 GiB of zero bytes on no disk space
    half = board_root / "submissions" / "half"
    monkeypatch.setattr("bench.submission.read_submission", lambda *a, **k: pytest.fail("the file was read"))
    with pytest.raises(ProblemsFound, match=r"2,147,483,648 bytes; the limit is 104,857,600"):
        add_submission(board_root, "huge", huge, half / "meta.yaml", data_dir=DATA)
    assert not (board_root / "submissions" / "huge").exists()


def test_added_files_and_outputs_are_readable_by_others(board_root, tmp_path):
    old = os.umask(0o022)
    try:
        half = board_root / "submissions" / "half"
        changed = tmp_path / "changed.jsonl"
        changed.write_bytes((half / "predictions.jsonl").read_bytes() + b"\n")
        target = add_submission(board_root, "other", changed, half / "meta.yaml", data_dir=DATA)
        assert main(["leaderboard", "build", "--root", str(board_root), "--data-dir", str(DATA), "--resamples", "10"]) == 0
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [target, *target.iterdir(), board_root / "README.md",
                                                                   board_root / "index.html"]}
        assert modes == {"other": 0o755, "predictions.jsonl": 0o644, "meta.yaml": 0o644, "README.md": 0o644,
                         "index.html": 0o644}
        assert not [p for p in (board_root / "submissions").iterdir() if p.name.startswith(".")]
    finally:
        os.umask(old)


def test_force_replaces_a_submission_in_one_step(board_root, tmp_path):
    half = board_root / "submissions" / "half"
    meta = half / "meta.yaml"  # add reads the committed meta.yaml of the slug it replaces
    changed = tmp_path / "changed.jsonl"
    changed.write_bytes((half / "predictions.jsonl").read_bytes() + b"\n")
    add_submission(board_root, "half", changed, meta, force=True, data_dir=DATA)
    assert (half / "predictions.jsonl").read_bytes() == changed.read_bytes() and "Half System" in meta.read_text()


# 9. Byte-identical duplicates and warnings on the leaderboard.


def test_byte_identical_submissions_are_refused_by_build(board_root):
    perfect = board_root / "submissions" / "perfect"
    copy = board_root / "submissions" / "perfect-again"
    copy.mkdir()
    (copy / "predictions.jsonl").write_bytes((perfect / "predictions.jsonl").read_bytes())
    (copy / "meta.yaml").write_text(META.format(name="Again"))
    files, problems = build(board_root)
    assert files is None and problems == [
        f"{copy / 'predictions.jsonl'}: byte-identical to the predictions of submission 'perfect'; one system, one submission"]


def test_warnings_are_errors_on_the_leaderboard(board_root, capsys):
    preds = board_root / "submissions" / "half" / "predictions.jsonl"
    lines = preds.read_text().splitlines()
    lines[0] = json.dumps({**json.loads(lines[0]), "confidence": 0.9})
    preds.write_text("\n".join(lines) + "\n")
    code = main(["leaderboard", "check", "--root", str(board_root), "--data-dir", str(DATA), "--resamples", "10"])
    err = capsys.readouterr().err
    assert code == 1 and "unknown field(s) 'confidence' ignored (warnings are errors on the leaderboard)" in err


def test_the_leaderboard_names_no_flag_it_does_not_have(board_root, capsys):
    preds = board_root / "submissions" / "half" / "predictions.jsonl"
    preds.write_text("\n".join(preds.read_text().splitlines()[1:]) + "\n")
    code = main(["leaderboard", "check", "--root", str(board_root), "--data-dir", str(DATA), "--resamples", "10"])
    err = capsys.readouterr().err
    assert code == 1 and "document missing from the predictions (a leaderboard submission needs a record" in err
    assert "allow-missing" not in err and "allow_missing" not in err


def test_a_submission_folder_without_predictions_is_a_located_problem(board_root, capsys):
    (board_root / "submissions" / "half" / "predictions.jsonl").unlink()
    code = main(["leaderboard", "check", "--root", str(board_root), "--data-dir", str(DATA), "--resamples", "10"])
    err = capsys.readouterr().err
    assert code == 1 and "half/predictions.jsonl" in err and "missing predictions.jsonl" in err
    assert "internal error" not in err
