"""Property-based: random malformed submissions always give clean problems, never an exception."""

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.problems import Problem
from bench.scoring import score
from bench.submission import read_submission
from conftest import make_doc, prediction_of
from fuzz.cases import paths

TEXT = "Officials said at least 21 civilians were killed by the army on Sunday."
DOC = make_doc("d1", TEXT, [("o", "CLAIMANT", "Officials"), ("m", "CASUALTY", "at least 21 civilians"),
                            ("a", "ACTOR", "the army")],
               [{"id": "c1", "casualty": "m", "claimant": "o", "actors": ["a"], "victims": "civilians"}])
VALID = prediction_of(DOC)
SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                            HealthCheck.too_slow])

scalars = (st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.integers() |
           st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=8) |
           st.sampled_from(["CASUALTY", "B-ACTOR", "m", "o", "a", "killed", "d1", "", "NaN"]))
junk = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                    max_leaves=8)


@st.composite
def mutated(draw):
    record = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(1, 4))):
        all_paths = list(paths(record))
        path = draw(st.sampled_from(all_paths))
        op = draw(st.sampled_from(["set", "delete", "add"]))
        if not path:
            record = draw(junk) if op == "set" else record
            continue
        parent = record
        try:
            for k in path[:-1]:
                parent = parent[k]
        except (KeyError, IndexError, TypeError):
            continue
        key = path[-1]
        if op == "set":
            parent[key] = draw(junk)
        elif op == "delete":
            del parent[key]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=6))] = draw(junk)
        else:
            parent.append(draw(junk))
    return record


def check_clean(sub, path):
    for p in sub.problems:
        assert isinstance(p, Problem)
        assert p.file == str(path) and (p.line is None or p.line >= 1)
        text = str(p)
        assert text.startswith(str(path)) and "Traceback" not in text and p.message


def valid_prediction(pred):
    """Independent check of what the reader let through."""
    ids = {m.id for m in pred.mentions}
    spans = sorted((m.start, m.end) for m in pred.mentions)
    assert all(0 <= s < e <= len(TEXT) for s, e in spans)
    assert all(b[0] >= a[1] for a, b in zip(spans, spans[1:]))
    for c in pred.claims:
        assert c.casualty in ids and (c.claimant is None or c.claimant in ids)
        assert c.toll.low is None or c.toll.high is None or c.toll.low <= c.toll.high
        assert all(isinstance(b, int) and b >= 0 for b in (c.toll.low, c.toll.high) if b is not None)


@SETTINGS
@given(record=mutated(), raw_edit=st.none() | st.tuples(st.integers(0, 400), st.binary(max_size=3)))
def test_mutated_records_give_clean_problems(tmp_path_factory, record, raw_edit):
    path = tmp_path_factory.mktemp("fuzz") / "preds.jsonl"
    line = json.dumps(record, allow_nan=True).encode()
    if raw_edit is not None:
        at, insert = raw_edit
        line = line[:at] + insert + line[at + len(insert):]
    path.write_bytes(line + b"\n" + json.dumps(VALID).encode() + b"\n")
    sub = read_submission(path, [DOC], allow_missing=True)  # must not raise
    check_clean(sub, path)
    if "d1" in sub.predictions:
        valid_prediction(sub.predictions["d1"])
        if not sub.errors:
            assert score(path, [DOC], resamples=0)["documents"]["gold"] == 1
    else:
        assert sub.errors, "a record that was not accepted must be reported"


INVALID = {
    ("mentions",): [None, 3, "x", {}],
    ("mentions", 0, "start"): [-1, 1.5, "3", None, True, 10**9],
    ("mentions", 0, "end"): [0, -4, 2.5, None, False],
    ("mentions", 0, "label"): ["PER", None, 1, ""],
    ("claims", 0, "casualty"): ["zz", None, 5, "o"],
    ("claims", 0, "toll"): [None, [], 5, {"low": -1}, {"low": 5, "high": 2}, {"low": 1.5}, {"low": "1"},
                            {"low": float("nan")}, {"high": float("inf")}],
    ("claims", 0, "outcome"): ["dead", None, 1],
    ("claims",): [{}, 1, "c"],
    ("id",): [None, 1, [], "d9"],
}


@SETTINGS
@given(st.sampled_from(sorted(INVALID, key=str)).flatmap(lambda p: st.tuples(st.just(p), st.sampled_from(INVALID[p]))))
def test_known_invalid_values_are_errors_on_their_line(tmp_path_factory, case):
    field_path, value = case
    record = copy.deepcopy(VALID)
    parent = record
    for k in field_path[:-1]:
        parent = parent[k]
    parent[field_path[-1]] = value
    path = tmp_path_factory.mktemp("fuzz") / "preds.jsonl"
    path.write_text(json.dumps(record, allow_nan=True) + "\n")
    sub = read_submission(path, [DOC], allow_missing=True)
    check_clean(sub, path)
    errors = [p for p in sub.errors if p.line == 1]
    assert errors and "d1" not in sub.predictions
    if "NaN" in path.read_text() or "Infinity" in path.read_text():
        assert "is not allowed in JSON" in errors[0].message  # rejected by the JSON reader, before any field
    elif field_path != ("id",):
        assert errors[0].doc_id == "d1"
        head = "claims[0].toll" if field_path[-1] == "toll" else str(field_path[0])
        assert errors[0].field.startswith(head), str(errors[0])


@SETTINGS
@given(st.binary(max_size=200))
def test_random_bytes_never_raise(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "preds.jsonl"
    path.write_bytes(data)
    sub = read_submission(path, [DOC])
    for p in sub.problems:
        assert p.file == str(path)
    assert sub.errors  # at the very least d1 is missing
