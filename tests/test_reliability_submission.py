"""Reproducers of the crashes, stalls and silent acceptances a fuzz run found in the predictions reader,
the scorer and the CLI (issue 14). Each test failed before its fix."""

import json
import os

import pytest

from bench.cli import main
from bench.scoring import score
from bench.submission import MAX_CLAIMS, read_submission
from bench.tolls import find_toll
from bench.validation import _check_subset_cycles
from bench.schema import Claim, Toll
from conftest import make_doc, prediction_of
from fuzz.harness import deadline
from test_authoring_errors import edit, problems_of, tree  # noqa: F401 - fixture

TEXT = "Officials said at least 21 civilians were killed by the army on Sunday."
DOC = make_doc("d1", TEXT, [("o", "CLAIMANT", "Officials"), ("m", "CASUALTY", "at least 21 civilians"),
                            ("a", "ACTOR", "the army")],
               [{"id": "c1", "casualty": "m", "claimant": "o", "actors": ["a"], "victims": "civilians"}])
EMPTY = make_doc("d0", "Nothing happened in the town today.")


def read(tmp_path, *records, gold=(DOC,), **kwargs):
    path = tmp_path / "preds.jsonl"
    path.write_bytes(b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records))
    return path, read_submission(path, list(gold), **kwargs)


def errors_of(sub):
    return [(p.field, p.message) for p in sub.errors]


def chain(n):
    claims = [{"id": f"c{i}", "casualty": "m", "claimant": None, "actors": [], "outcome": "killed",
               "victims": "civilians", "toll": {"low": 21, "high": None}, "subset_of": f"c{i - 1}" if i else None}
              for i in range(n)]
    return prediction_of(DOC, claims=claims)


# 1. A valid subset_of chain made the cycle check quadratic: 115k claims ran for minutes.


def test_a_long_subset_chain_is_checked_in_linear_time():
    claims = [Claim(f"c{i}", "m", None, (), "killed", "civilians", Toll(1, 1), f"c{i - 1}" if i else None, None)
              for i in range(100_000)]
    with deadline(30):  # quadratic: the 115k chain was killed after 120 s
        assert _check_subset_cycles(claims) == []
        cyclic = list(claims)
        cyclic[0] = Claim("c0", "m", None, (), "killed", "civilians", Toll(1, 1), "c99999", None)
        assert "cycle" in _check_subset_cycles(cyclic)[0][1]


def test_claims_per_document_are_limited_before_they_are_parsed(tmp_path):
    _, sub = read(tmp_path, chain(MAX_CLAIMS))
    assert sub.errors == [] and len(sub.predictions["d1"].claims) == MAX_CLAIMS
    _, sub = read(tmp_path, chain(MAX_CLAIMS + 1))
    assert errors_of(sub) == [("claims", f"{MAX_CLAIMS + 1:,} claims; the limit is {MAX_CLAIMS:,} per document")]


# 2. A 309-digit toll passed validation, then every score/build died with OverflowError.


@pytest.mark.parametrize("bound", [10**309, 10**9 + 1, 1e300, 2**63])
def test_a_huge_toll_bound_is_a_located_error(tmp_path, bound):
    record = prediction_of(DOC)
    record["claims"][0]["toll"] = {"low": bound, "high": None}
    path, sub = read(tmp_path, record)
    (p,) = sub.errors
    assert (p.line, p.doc_id, p.field) == (1, "d1", "claims[0].toll.low")
    assert "at most 1,000,000,000" in p.message and len(p.message) < 200


def test_the_largest_bound_scores(tmp_path):
    record = prediction_of(DOC)
    record["claims"][0]["toll"] = {"low": 10**9, "high": 10**9}
    path, sub = read(tmp_path, record)
    assert sub.errors == []
    assert score(path, [DOC], resamples=0)["tolls"]["all"]["found"] == 1


def test_a_number_with_thousands_of_digits_is_no_figure():
    assert find_toll("1" * 5000 + " people were killed") is None
    assert find_toll("12345678901 people") is None  # above the largest bound
    assert find_toll("at least 15 people") == Toll(15, None)


# 3. Internal errors with no file or line.


def test_an_impossible_published_date_in_an_authoring_file_is_a_located_error(tree):
    path = edit(tree, "published: 2024-01-03", "published: 2026-02-30")
    _, problems = problems_of(tree)
    assert problems == [f"{path}:3: document d1: invalid YAML: '2026-02-30' is not a date (day is out of range for month)"]


def test_a_huge_number_in_an_article_leaves_the_extractor_valid():
    from baselines import get_extractor
    from bench.schema import Document
    from bench.tokenize import tokenize

    text = "At least " + "9" * 5000 + " people and 12 soldiers were killed, officials said."
    tokens, offsets = tokenize(text)
    doc = Document("big", None, text, "en", None, None, "authored", "x", "g", tokens=tuple(tokens),
                   token_offsets=tuple(offsets))
    (prediction,) = get_extractor("rule_based").predict([doc])
    assert read_submission([prediction], [doc]).errors == []


def test_gold_nested_too_deeply_is_a_located_error(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    preds = tmp_path / "p.jsonl"
    preds.write_text("")
    assert main(["score", str(preds), "--gold", str(gold)]) == 1
    err = capsys.readouterr().err
    assert f"{gold}:1: invalid JSON: nested too deeply" in err and "internal error" not in err


def test_score_json_for_a_file_name_that_is_not_utf8(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({**json.loads(json.dumps(prediction_of(DOC))), **_gold_record(DOC)}) + "\n")
    name = os.fsdecode(b"pr\xffeds.jsonl")
    preds = tmp_path / name
    preds.write_text(json.dumps(prediction_of(DOC)) + "\n")
    out = tmp_path / "m.json"
    assert main(["score", str(preds), "--gold", str(gold), "--json", str(out), "--resamples", "0"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["predictions"].endswith("pr\ufffdeds.jsonl") and data["metrics"]["claim_f1"]["value"] == 1.0
    assert "internal error" not in capsys.readouterr().err


def _gold_record(doc):
    from bench.schema import document_to_dict
    return document_to_dict(doc)


# 6. Silently accepted.


@pytest.mark.parametrize("edit, field, fragment", [
    (lambda r: r["claims"][0].update(toll={}), "claims[0].toll.low", "missing required field"),
    (lambda r: r["claims"][0].update(toll={"low": 21}), "claims[0].toll.high", "missing required field"),
    (lambda r: r["mentions"][1].update(text=""), "mentions[1].text", "empty"),
    (lambda r: r["claims"][0].update(actor=r["claims"][0].pop("actors")), "claims[0]", "unknown field(s) 'actor'"),
    (lambda r: r["claims"][0].update(modailty=r["claims"][0].pop("modality")), "claims[0]", "unknown field(s) 'modailty'"),
    (lambda r: r["mentions"][0].update(lable="CLAIMANT"), "mentions[0]", "unknown field(s) 'lable'"),
    (lambda r: r["claims"][0]["toll"].update(approx=True), "claims[0].toll", "unknown field(s) 'approx'"),
    (lambda r: r["claims"].append(dict(r["claims"][0], id="c2", victims="civilians")), None, None),
])
def test_what_the_docs_refuse_is_refused(tmp_path, edit, field, fragment):
    record = prediction_of(DOC)
    edit(record)
    _, sub = read(tmp_path, record)
    if field is None:  # a control: a second, distinct claim is fine
        assert sub.errors == []
        return
    assert "d1" not in sub.predictions
    assert any(f == field and fragment in m for f, m in errors_of(sub)), errors_of(sub)


def test_schema_0_2_fields_are_known(tmp_path):
    record = prediction_of(DOC)
    record["claims"].append(dict(record["claims"][0], id="c2", restates="c1"))
    record["claims"][0]["outcome"] = record["claims"][1]["outcome"] = "killed_or_injured"
    _, sub = read(tmp_path, record)
    assert sub.errors == [], errors_of(sub)


def test_a_misspelled_field_no_longer_changes_the_score_silently(tmp_path):
    record = prediction_of(DOC)
    record["claims"][0]["actor"] = record["claims"][0].pop("actors")
    path, _ = read(tmp_path, record)
    with pytest.raises(Exception, match="unknown field"):
        score(path, [DOC], resamples=0)


def test_duplicate_keys_are_refused(tmp_path):
    line = json.dumps(prediction_of(DOC))[:-1] + ', "mentions": []}'
    _, sub = read(tmp_path, line.encode())
    assert sub.errors[0].line == 1 and sub.errors[0].message == "invalid JSON: duplicate key 'mentions' in an object"


# 7. Terminal injection through document ids.


def test_control_characters_in_ids_are_escaped_in_messages(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(_gold_record(DOC)) + "\n")
    path, _ = read(tmp_path, {"id": "\x1b[2K\rok: all good\u202e", "mentions": []}, prediction_of(DOC))
    assert main(["validate", str(path), "--gold", str(gold)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\u202e" not in err and "\r" not in err
    assert "document \\x1b[2K\\x0dok: all good\\u202e: id: unknown document id" in err


# 9. Reported by a new user.


def test_every_problem_of_a_claim_is_reported(tmp_path):
    record = prediction_of(DOC)
    record["claims"][0].update(casualty="nope", outcome="dead", victims="aliens", toll={"low": -1, "high": "x"})
    _, sub = read(tmp_path, record)
    assert [f for f, _ in errors_of(sub)] == ["claims[0].outcome", "claims[0].victims", "claims[0].toll.low",
                                              "claims[0].toll.high"]
    record["claims"][0].update(outcome="killed", victims="civilians", toll={"low": 1, "high": 1})
    _, sub = read(tmp_path, record)
    assert errors_of(sub) == [("claims[0].casualty", "no mention with id 'nope'")]


def test_the_missing_hint_names_the_switch_of_the_caller(tmp_path, capsys):
    path, sub = read(tmp_path, prediction_of(DOC), gold=(DOC, EMPTY))
    assert "allow_missing=True" in sub.errors[0].message
    _, sub = read(tmp_path, prediction_of(DOC), gold=(DOC, EMPTY), missing_hint=None)
    assert sub.errors[0].message == "document missing from the predictions"


def test_per_doc_f1_of_a_document_with_nothing_to_find(tmp_path):
    path, _ = read(tmp_path, prediction_of(DOC), prediction_of(EMPTY), gold=(DOC, EMPTY))
    per_doc = {d["id"]: d for d in score(path, [DOC, EMPTY], resamples=0, per_doc=True)["per_doc"]}
    assert per_doc["d1"]["metrics"]["span_f1_strict"] == 1.0 and per_doc["d1"]["claims"]["f1"] == 1.0
    # Nothing to find and nothing predicted: undefined, not a failure (0.0) nor a reward for silence (1.0).
    assert set(per_doc["d0"]["metrics"].values()) == {None} and per_doc["d0"]["claims"]["f1"] is None
    wrong = prediction_of(EMPTY, mentions=[{"id": "x", "label": "CASUALTY", "start": 0, "end": 7}])
    path, _ = read(tmp_path, prediction_of(DOC), wrong, gold=(DOC, EMPTY))
    per_doc = {d["id"]: d for d in score(path, [DOC, EMPTY], resamples=0, per_doc=True)["per_doc"]}
    assert per_doc["d0"]["metrics"]["span_f1_strict"] == 0.0


def test_the_documented_limits_are_the_enforced_ones():
    from pathlib import Path

    from bench.schema import MAX_BOUND
    from bench.submission import MAX_LINE_BYTES, MAX_MENTIONS, MAX_PROBLEMS
    from bench.leaderboard.meta import MAX_PREDICTIONS_BYTES

    limits = Path(__file__).resolve().parent.parent.joinpath("docs", "submission.md").read_text().split("## Limits")[1]
    for text in (f"| mentions per document | {MAX_MENTIONS:,} |", f"| claims per document | {MAX_CLAIMS:,} ",
                 f"| 0 to {MAX_BOUND:,} |", f"| {MAX_LINE_BYTES >> 20} MiB |", f"{MAX_PREDICTIONS_BYTES >> 20} MiB on the leaderboard",
                 f"| problems listed | {MAX_PROBLEMS:,} "):
        assert text in limits, text


def test_runs_of_blank_lines_are_skipped_and_counted(tmp_path):
    import io

    from bench.submission import iter_lines

    data = b"a\n\n \r\n\t\nb\n  \n c\nd"
    for block in (1, 2, 3, 5, 100):
        got = [(n, line) for n, line, _ in iter_lines(io.BytesIO(data), block=block, skip_blank=True) if line.strip()]
        assert got == [(1, b"a"), (5, b"b"), (7, b" c"), (8, b"d")], block
    path, sub = read(tmp_path, b"\n \r\n" * 100_000 + json.dumps(prediction_of(DOC)).encode())
    assert sub.errors == [] and sub.predictions["d1"].line == 200_001
