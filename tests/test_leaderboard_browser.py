"""The board and the error viewer in real headless Chromium: filters, metric choice, sorting, rank display,
breakdown columns, highlighting, and hostile metadata rendered inert."""

import re

import pytest

from bench.dataset import load_split
from bench.leaderboard import build_board, write_board
from bench.leaderboard.meta import load_meta

from test_leaderboard import CHROMIUM, DATA, META, RESAMPLES, dump_dom, row_slugs, write_submission
from test_reliability_leaderboard import github_html

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/test.sh installs it)")

HOSTILE_SYSTEM = "'<script>alert(1)</script> | x'"
HOSTILE_PROMPT = 'prompt: "<img src=x onerror=alert(1)> | cell\\n| --- |\\n<script>alert(2)</script>"\n'


def meta(name, model_type, open_weights=None, extra=""):
    text = META.format(name=name).replace("fine-tuned-encoder", model_type)
    if open_weights is not None:
        text += f"open_weights: {'true' if open_weights else 'false'}\n"
    return text + extra


def missed_mention():
    """A (document index, mention) whose mention no gold claim points to: dropping it stays valid."""
    docs = load_split("test", DATA)
    return next((k, d, m) for k, d in enumerate(docs) for m in d.mentions
                if f"'{m.id}'" not in repr([c.__dict__ for c in d.claims]))


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser") / "leaderboard"
    k, doc, mention = missed_mention()
    write_submission(root, "perfect", "Perfect System")
    write_submission(root, "half", "Half System", keep_claim=lambda i: i % 2 == 0)
    write_submission(root, "toll-off", "Aardvark Toll Off", toll_shift=1,
                     drop_mention=lambda d, m: d.id == doc.id and m.id == mention.id)
    (root / "submissions" / "perfect" / "meta.yaml").write_text(meta("Perfect System", "fine-tuned-encoder", True))
    (root / "submissions" / "half" / "meta.yaml").write_text(
        meta(HOSTILE_SYSTEM, "llm-zero-shot", False, HOSTILE_PROMPT).replace(
            "organisation: Test Lab", "organisation: \"[x](javascript:alert(1)) | y\""))
    (root / "submissions" / "toll-off" / "meta.yaml").write_text(meta("Aardvark Toll Off", "rule-based"))
    files, problems = build_board(root, DATA, resamples=RESAMPLES)
    assert files is not None, [str(p) for p in problems]
    write_board(root, files)
    return root, files, (k, doc, mention)


def url(root, name="index.html"):
    return (root / name).resolve().as_uri()


def visible_rank(dom, slug):
    row = re.search(rf'<tr [^>]*data-slug="{slug}"[^>]*>(.*?)</tr>', dom, re.S).group(1)
    shown = re.findall(r'<span class="rk" data-metric="(\w+)" style="display: inline;">([^<]*)</span>', row)
    assert len(shown) == 1, row
    return shown[0]


def test_filters_by_model_type_and_open_weights(board):
    root, _, _ = board
    assert sorted(row_slugs(dump_dom(url(root)))) == ["half", "perfect", "toll-off"]
    assert row_slugs(dump_dom(url(root) + "#type=llm-zero-shot")) == ["half"]
    assert row_slugs(dump_dom(url(root) + "#type=rule-based")) == ["toll-off"]
    assert row_slugs(dump_dom(url(root) + "#open=yes")) == ["perfect"]
    assert row_slugs(dump_dom(url(root) + "#open=unknown")) == ["toll-off"]
    assert row_slugs(dump_dom(url(root) + "#open=no&type=rule-based")) == []
    dom = dump_dom(url(root) + "#type=llm-zero-shot")
    assert re.search(r'<option value="llm-zero-shot"[^>]*>', dom)  # the control shows the state


def test_headline_metric_ranks_and_sorts(board):
    root, files, _ = board
    import json

    entries = {e["slug"]: e for e in json.loads(files["results.json"])["entries"]}
    dom = dump_dom(url(root))
    assert row_slugs(dom)[0] == "perfect"
    metric, text = visible_rank(dom, "perfect")
    r, lo, hi = entries["perfect"]["ranks"]["claim_f1"]
    assert metric == "claim_f1" and text == (str(r) if lo == hi == r else f"{r} ({lo}–{hi})")
    dom = dump_dom(url(root) + "#metric=toll_f1")
    assert row_slugs(dom)[-1] == "toll-off"  # every toll off by one
    metric, text = visible_rank(dom, "toll-off")
    assert metric == "toll_f1" and text.split()[0] == str(entries["toll-off"]["ranks"]["toll_f1"][0])
    assert re.search(r'<th data-key="toll_f1" class="sortable metric-active"', dom)
    # "<script>…" (half) sorts before "Aardvark", then "Perfect"
    assert row_slugs(dump_dom(url(root) + "#sort=system,asc")) == ["half", "toll-off", "perfect"]
    assert row_slugs(dump_dom(url(root) + "#sort=system,desc")) == ["perfect", "toll-off", "half"]
    by_rank = row_slugs(dump_dom(url(root) + "#metric=toll_f1&sort=rank,asc"))
    assert by_rank[-1] == "toll-off"


def test_breakdown_columns_on_demand(board):
    root, _, _ = board
    hidden = dump_dom(url(root))
    assert '<table id="board">' in hidden  # no show-more class by default
    shown = dump_dom(url(root) + "#more=1")
    assert re.search(r'<table id="board" class="show-more">', shown)
    assert re.search(r'<input type="checkbox" id="c-more">', shown)
    heads = re.findall(r'<th class="more[^"]*" data-key="by_(conflict|provenance)_\d+"[^>]*>([^<]*)</th>', shown)
    assert ("provenance", "claim F1 · seed documents") in heads and ("provenance", "claim F1 · authored documents") in heads


def test_error_viewer_marks_the_missed_span(board):
    root, _, (k, doc, mention) = board
    dom = dump_dom(url(root, "errors/toll-off.html"))
    section = dom.split(f'<section id="doc-{k}"', 1)[1].split("</section>", 1)[0]
    gold = section.split('class="text gold">', 1)[1].split("</div>", 1)[0]
    marks = re.findall(r'<mark class="(\w+) (\w+)"[^>]*>([^<]*)</mark>', gold)
    assert (mention.label, "missed", doc.text[mention.start:mention.end]) in marks
    assert [m for m in marks if m[1] != "correct"] == [(mention.label, "missed", doc.text[mention.start:mention.end])]
    assert 'class="CASUALTY missed"' not in dump_dom(url(root, "errors/perfect.html")).split("</p>", 2)[2]
    # Sorted by claim F1 from the hash; filtered by conflict from the hash.
    rows = re.findall(r'<tr data-target="doc-\d+" data-id="([^"]+)" data-conflict="([^"]+)"[^>]*data-claim_f1="([-\d.]+)"[^>]*?(style="[^"]*")?>',
                      dump_dom(url(root, "errors/half.html") + "#sort=claim_f1,asc"))
    values = [float(v) for _, _, v, _ in rows]
    assert values == sorted(values) and values[0] < values[-1]
    conflict = doc.conflict or "none"
    rows = re.findall(r'<tr data-target="doc-\d+" data-id="[^"]+" data-conflict="([^"]+)"[^>]*?(?: style="([^"]*)")?>',
                      dump_dom(url(root, "errors/half.html") + f"#conflict={conflict}"))
    assert {c for c, style in rows if "none" not in style} == {conflict}


def test_hostile_meta_is_inert_everywhere(board):
    root, files, _ = board
    for name in ("index.html", "errors/half.html"):
        dom = dump_dom(url(root, name))
        assert len(re.findall(r"<script", dom)) == 1, name  # only the page's own script
        assert "<img" not in dom and "javascript:" not in dom.split("<script>", 1)[0].replace("[x](javascript:", "")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom, name
    dom = dump_dom(url(root))
    assert "&lt;img src=x onerror=alert(1)&gt;" in dom  # the prompt, as text
    assert not re.search(r'href="javascript:', dom)
    readme = files["README.md"].decode()
    rendered = github_html(readme)
    assert "<script" not in rendered and "<img" not in rendered and 'href="javascript' not in rendered
    table = next(t for t in re.findall(r"<table>.*?</table>", rendered, re.S) if "Training data" in t)
    widths = {len(re.findall(r"<t[hd][ >]", row)) for row in re.findall(r"<tr>.*?</tr>", table, re.S)}
    assert len(widths) == 1, widths  # no pipe or newline in a name added a cell or a row


@pytest.mark.parametrize("line", [
    "system: \"RTL \u202eevil\"\n",
    "prompt: \"a \u202e b\"\n",
    "url: javascript:alert(1)\n",
])
def test_hostile_meta_values_are_refused(tmp_path, line):
    path = tmp_path / "meta.yaml"
    body = "\n".join(l for l in meta("x", "llm-zero-shot").splitlines() if not l.startswith(line.split(":")[0] + ":"))
    path.write_text(body + "\n" + line, encoding="utf-8")
    parsed, problems = load_meta(path)
    assert parsed is None and problems, line
