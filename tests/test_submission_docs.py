"""The complete example of docs/submission.md is a valid predictions file with the stated outcome."""

import re
from pathlib import Path

from bench.cli import main
from conftest import make_doc

DOCS = Path(__file__).resolve().parent.parent / "docs" / "submission.md"


def example_gold():
    t1 = "Officials said at least 21 civilians, including 11 children, were killed by the army on Sunday."
    d1 = make_doc("example-001", t1, [
        ("m1", "CLAIMANT", "Officials"), ("m2", "CASUALTY", "at least 21 civilians"),
        ("m3", "CASUALTY", "11 children"), ("m4", "ACTOR", "the army"),
    ], [{"id": "c1", "casualty": "m2", "claimant": "m1", "actors": ["m4"], "victims": "civilians", "event": "ev-1"},
        {"id": "c2", "casualty": "m3", "claimant": "m1", "actors": ["m4"], "victims": "children", "subset_of": "c1",
         "event": "ev-1"}])
    d2 = make_doc("example-002", "About 50 soldiers died, the ministry said.", [
        ("m1", "CASUALTY", "About 50 soldiers"), ("m2", "CLAIMANT", "the ministry")],
        [{"id": "c1", "casualty": "m1", "claimant": "m2", "victims": "security_forces", "event": "ev-2"}])
    return [d1, d2]


def example_block(name):
    text = DOCS.read_text(encoding="utf-8")
    match = re.search(rf"<!-- example: {re.escape(name)} -->\n```json\n(.*?)```", text, re.S)
    assert match, f"no example block {name} in {DOCS}"
    return match.group(1)


def test_the_documented_example_validates_and_scores(tmp_path, write_jsonl, capsys):
    gold = write_jsonl("example-gold.jsonl", example_gold())
    preds = tmp_path / "predictions.jsonl"
    preds.write_text(example_block("predictions.jsonl"), encoding="utf-8")
    assert main(["validate", str(preds), "--gold", str(gold)]) == 0
    out = capsys.readouterr().out
    assert "2 of 2 documents (6 mentions, 2 claims, 1 span-only)" in out
    assert main(["score", str(preds), "--gold", str(gold), "--resamples", "0"]) == 0
    out = capsys.readouterr().out
    assert "span F1 (strict) │ 1.000" in out
    # The offsets shown under the gold text are the real ones.
    doc_text = DOCS.read_text(encoding="utf-8")
    for m in example_gold()[0].mentions:
        assert f'[{m.start}, {m.end}) {m.label} "{m.text}"' in doc_text
