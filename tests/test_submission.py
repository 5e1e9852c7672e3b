"""The predictions reader: every bad input gives `file:line: document: field: message`, never a traceback."""

import io
import json
import tracemalloc

import pytest

from bench.problems import ProblemsFound
from bench.submission import iter_lines, load_submission, read_submission, tags_to_mentions
from conftest import make_doc, prediction_of

TEXT = "Officials said at least 21 civilians were killed by the army on Sunday."
DOC = make_doc("d1", TEXT, [("o", "CLAIMANT", "Officials"), ("m", "CASUALTY", "at least 21 civilians"),
                            ("a", "ACTOR", "the army")],
               [{"id": "c1", "casualty": "m", "claimant": "o", "actors": ["a"], "victims": "civilians"}])
DOC2 = make_doc("d2", "Five people died.", [("m", "CASUALTY", "Five people")], [{"id": "c1", "casualty": "m"}])
GOLD = [DOC, DOC2]


def good(doc=DOC, **changes):
    return prediction_of(doc, **changes)


def lines_of(*records):
    out = []
    for r in records:
        out.append(r if isinstance(r, (bytes, str)) else json.dumps(r))
    return b"".join((x if isinstance(x, bytes) else x.encode()) + b"\n" for x in out)


def problems_for(tmp_path, data: bytes, **kwargs):
    path = tmp_path / "preds.jsonl"
    path.write_bytes(data)
    sub = read_submission(path, GOLD, **kwargs)
    return path, sub


def only_error(sub):
    errors = sub.errors
    assert len(errors) == 1, [str(p) for p in sub.problems]
    return errors[0]


def test_a_good_file_reads_cleanly(tmp_path):
    path, sub = problems_for(tmp_path, lines_of(good(), good(DOC2)))
    assert sub.problems == []
    assert set(sub.predictions) == {"d1", "d2"}
    assert sub.predictions["d1"].claims[0].toll.low == 21 and sub.predictions["d2"].line == 2
    assert load_submission(path, GOLD).records == 2


def mention(**fields):
    base = {"id": "m", "label": "CASUALTY", "start": 15, "end": 36}
    base.update(fields)
    return base


CASES = [
    # (name, second line of the file, expected field, expected message fragment)
    ("invalid JSON", b'{"id": "d2", "mentions": [}', None, "invalid JSON"),
    ("not UTF-8", b'{"id": "d2", "mentions": [], "x": "\xff"}', None, "not valid UTF-8"),
    ("NaN", b'{"id": "d2", "mentions": [], "claims": [{"toll": NaN}]}', None, "NaN is not allowed"),
    ("not an object", b'[1, 2]', None, "expected a JSON object"),
    ("no id", json.dumps({"mentions": []}), "id", "missing required field"),
    ("id not a string", json.dumps({"id": 7, "mentions": []}), "id", "expected a document id"),
    ("unknown id", json.dumps({"id": "zz", "mentions": []}), "id", "unknown document id"),
    ("duplicate id", json.dumps(good()), "id", "duplicate document id (first on line 1)"),
    ("no mentions", json.dumps({"id": "d2"}), "mentions", "missing required field"),
    ("mentions not a list", json.dumps({"id": "d2", "mentions": {}}), "mentions", "expected a list"),
    ("unknown label", json.dumps({"id": "d2", "mentions": [mention(label="PERSON", start=0, end=4)]}),
     "mentions[0].label", "'PERSON' is not one of CASUALTY, ACTOR, CLAIMANT"),
    ("start >= end", json.dumps({"id": "d2", "mentions": [mention(start=4, end=4)]}), "mentions[0]", "need 0 <= start < end"),
    ("negative start", json.dumps({"id": "d2", "mentions": [mention(start=-1, end=4)]}), "mentions[0]", "need 0 <= start < end"),
    ("outside the text", json.dumps({"id": "d2", "mentions": [mention(start=5, end=500)]}), "mentions[0]",
     "outside the text (length 17)"),
    ("offset not an integer", json.dumps({"id": "d2", "mentions": [mention(start=1.5, end=4)]}), "mentions[0].start",
     "expected an integer"),
    ("offset a boolean", json.dumps({"id": "d2", "mentions": [mention(start=True, end=4)]}), "mentions[0].start",
     "got a boolean"),
    ("text mismatch", json.dumps({"id": "d2", "mentions": [mention(start=0, end=4, text="Six")]}),
     "mentions[0].text", "does not match text[0:4] = 'Five'"),
    ("overlapping mentions", json.dumps({"id": "d2", "mentions": [mention(id="p", start=0, end=4),
                                                                   mention(id="q", start=2, end=11)]}),
     "mentions", "mentions 'p' [0, 4) and 'q' [2, 11) overlap"),
    ("duplicate mention id", json.dumps({"id": "d2", "mentions": [mention(id="p", start=0, end=4),
                                                                   mention(id="p", start=5, end=11)]}),
     "mentions[1].id", "duplicate mention id 'p'"),
    ("claim to a missing mention", json.dumps(good(DOC2, claims=[dict(good(DOC2)["claims"][0], casualty="zz")])),
     "claims[0].casualty", "no mention with id 'zz'"),
    ("claim to a wrong-label mention", json.dumps(good(DOC, claims=[dict(good()["claims"][0], claimant="a")]) | {"id": "d2"}),
     None, None),  # replaced below (d2 has no ACTOR): see test_claim_label_mismatch
    ("low > high", json.dumps(good(DOC2, claims=[dict(good(DOC2)["claims"][0], toll={"low": 9, "high": 5})])),
     "claims[0].toll", "low (9) is greater than high (5)"),
    ("negative toll", json.dumps(good(DOC2, claims=[dict(good(DOC2)["claims"][0], toll={"low": -5, "high": 5})])),
     "claims[0].toll.low", "non-negative integer"),
    ("fractional toll", json.dumps(good(DOC2, claims=[dict(good(DOC2)["claims"][0], toll={"low": 2.5, "high": 5})])),
     "claims[0].toll.low", "non-negative integer of at most 1,000,000,000 or null, got 2.5"),
    ("toll as text", json.dumps(good(DOC2, claims=[dict(good(DOC2)["claims"][0], toll={"low": "5", "high": 5})])),
     "claims[0].toll.low", "got '5'"),
    ("huge number", b'{"id": "d2", "mentions": [{"id": "m", "label": "ACTOR", "start": 0, "end": 1' + b"9" * 5000 + b"}]}",
     None, "invalid JSON"),
    ("claim not an object", json.dumps({"id": "d2", "mentions": [], "claims": ["c1"]}), "claims[0]", "expected an object"),
    ("unknown outcome", json.dumps(good(DOC2, claims=[dict(good(DOC2)["claims"][0], outcome="dead")])),
     "claims[0].outcome", "'dead' is not one of"),
    ("tags and mentions", json.dumps({"id": "d2", "mentions": [], "tags": ["O"] * 4}), "tags", "not both"),
    ("wrong number of tags", json.dumps({"id": "d2", "tags": ["O"] * 3}), "tags", "3 tags but the document has 4 tokens"),
    ("unknown tag", json.dumps({"id": "d2", "tags": ["B-PER", "O", "O", "O"]}), "tags[0]", "'B-PER' is not one of"),
    ("deep nesting", b'{"id": "d2", "mentions": ' + b"[" * 100000 + b"]" * 100000 + b"}", None, "invalid JSON"),
]


@pytest.mark.parametrize("name, line, field, fragment", [c for c in CASES if c[3] is not None], ids=lambda x: x if isinstance(x, str) and len(x) < 40 else "")
def test_each_bad_input_is_reported_with_file_line_document_and_field(tmp_path, name, line, field, fragment):
    path, sub = problems_for(tmp_path, lines_of(good(), line), allow_missing=True)
    p = only_error(sub)
    assert p.file == str(path) and p.line == 2
    assert fragment in p.message, str(p)
    if field is not None:
        assert p.field == field
        document = f"document {p.doc_id}: " if p.doc_id else ""
        assert str(p).startswith(f"{path}:2: {document}{field}: ")
    with pytest.raises(ProblemsFound):
        load_submission(path, GOLD, allow_missing=True)


def test_claim_label_mismatch(tmp_path):
    record = good(claims=[dict(good()["claims"][0], claimant="a")])
    _, sub = problems_for(tmp_path, lines_of(record, good(DOC2)))
    p = only_error(sub)
    assert (p.line, p.doc_id, p.field) == (1, "d1", "claims[0].claimant")
    assert "mention 'a' is a ACTOR, expected a CLAIMANT" in p.message


def test_missing_documents_are_errors_by_default_and_counted_when_allowed(tmp_path):
    path, sub = problems_for(tmp_path, lines_of(good()))
    p = only_error(sub)
    assert (p.file, p.line, p.doc_id, p.field) == (str(path), None, "d2", "id")
    # The Python API has no --allow-missing switch: the hint names the keyword (the CLI names its flag).
    assert "allow_missing=True" in p.message and "--allow-missing" not in p.message
    _, sub = problems_for(tmp_path, lines_of(good()), allow_missing=True)
    assert sub.errors == [] and sub.missing == ["d2"]
    assert "1 of 2 gold document(s) have no predictions and are scored as empty: d2" in str(sub.warnings[0])
    _, sub = problems_for(tmp_path, b"")
    assert "holds no predictions" in only_error(sub).message


def test_all_problems_of_a_file_are_reported_at_once(tmp_path):
    bad = {"id": "d1", "mentions": [mention(start=9, end=3), mention(id="x", label="NOPE")],
           "claims": [{"id": "c"}]}
    _, sub = problems_for(tmp_path, lines_of(bad, b"oops", {"id": "d2", "mentions": []}, {"id": "d2", "mentions": []}))
    fields = [(p.line, p.field) for p in sub.errors]
    # Every problem of the claim, not only the first (issue 14, item 9).
    assert fields == [(1, "mentions[0]"), (1, "mentions[1].label"), (1, "claims[0].casualty"), (1, "claims[0].claimant"),
                      (1, "claims[0].outcome"), (1, "claims[0].victims"), (1, "claims[0].toll"), (2, None), (4, "id")]


def test_unknown_fields_warn_and_dataset_fields_are_ignored(tmp_path):
    record = good() | {"text": TEXT, "ner_tags": [], "confidence": 0.9}
    _, sub = problems_for(tmp_path, lines_of(record, good(DOC2)))
    assert sub.errors == []
    assert [str(w) for w in sub.warnings] == [f"{tmp_path / 'preds.jsonl'}:1: document d1: warning: unknown field(s) 'confidence' ignored"]


def test_tags_become_character_spans_with_the_conlleval_reading():
    offsets = DOC.token_offsets
    tags = ["B-CLAIMANT", "O", "O", "I-CASUALTY", "I-CASUALTY", "I-ACTOR"] + ["O"] * (len(offsets) - 6)
    mentions = tags_to_mentions(tags, offsets)
    assert [(m.id, m.label, TEXT[m.start:m.end]) for m in mentions] == [
        ("t1", "CLAIMANT", "Officials"), ("t2", "CASUALTY", "least 21"), ("t3", "ACTOR", "civilians")]


def test_blank_lines_and_crlf_are_accepted(tmp_path):
    data = json.dumps(good()).encode() + b"\r\n\n   \n" + json.dumps(good(DOC2)).encode()
    _, sub = problems_for(tmp_path, data)
    assert sub.problems == [] and sub.predictions["d2"].line == 4


def test_a_line_over_the_limit_is_skipped_without_reading_it_whole(tmp_path):
    data = lines_of(good(), b'{"id": "d2", "mentions": [], "pad": "' + b"x" * 5000 + b'"}', good(DOC2))
    _, sub = problems_for(tmp_path, data, max_line_bytes=1000)
    p = sub.errors[0]
    assert p.line == 2 and "over the limit of 1000 bytes" in p.message
    assert set(sub.predictions) == {"d1", "d2"}  # line 3 still read


def test_iter_lines_splits_across_blocks():
    data = b"abc\ndefgh\n\nij"
    for block in (1, 2, 3, 100):
        assert list(iter_lines(io.BytesIO(data), max_line_bytes=4, block=block)) == [
            (1, b"abc", 3), (2, None, 5), (3, b"", 0), (4, b"ij", 2)]


class TwoGigabytes(io.RawIOBase):
    """A 2 GB predictions "file": one 2 GB line of filler, then a real record; generated as it is read
    (a sparse file on disk shows the same, but its first read costs seconds in the kernel)."""

    SIZE = 2 * 1024 ** 3
    FILLER = memoryview(b"x" * (8 << 20))

    def __init__(self, tail: bytes):
        self.tail, self.pos = tail, 0
        self.name = "huge.jsonl"

    def readable(self):
        return True

    def readinto(self, b):
        if self.pos < self.SIZE:
            n = min(len(b), self.SIZE - self.pos, len(self.FILLER))
            b[:n] = self.FILLER[:n]
        else:
            k = self.pos - self.SIZE
            n = min(len(b), len(self.tail) - k)
            b[:n] = self.tail[k:k + n]
        self.pos += n
        return n


def test_a_two_gigabyte_file_is_streamed():
    stream = io.BufferedReader(TwoGigabytes(b"\n" + json.dumps(good()).encode() + b"\n"), 1 << 20)
    tracemalloc.start()
    try:
        sub = read_submission(stream, GOLD, allow_missing=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert stream.raw.pos == TwoGigabytes.SIZE + len(stream.raw.tail)  # every byte was read
    assert peak < 64 * 2**20, peak                                     # ... but never held
    p = sub.errors[0]
    assert str(p).startswith("huge.jsonl:1: line is 2147483648 bytes long, over the limit")
    assert set(sub.predictions) == {"d1"}


class Generated(io.RawIOBase):
    """A read-only stream of `n` generated lines, never materialised."""

    def __init__(self, n):
        self.lines = (json.dumps({"id": f"unknown-{i}", "mentions": []}).encode() + b"\n" for i in range(n))
        self.buf = b""

    def readable(self):
        return True

    def readinto(self, b):
        while len(self.buf) < len(b):
            try:
                self.buf += next(self.lines)
            except StopIteration:
                break
        n = min(len(b), len(self.buf))
        b[:n] = self.buf[:n]
        self.buf = self.buf[n:]
        return n


def peak_reading(n):
    tracemalloc.start()
    try:
        sub = read_submission(io.BufferedReader(Generated(n), 1 << 16), GOLD)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return sub, peak


def test_memory_stays_flat_however_many_bad_lines():
    small, peak_small = peak_reading(2_000)
    large, peak_large = peak_reading(25_000)
    assert large.records == 25_000
    # 1000 problems kept, the rest counted (24,000 unknown ids + the 2 gold documents never predicted).
    assert len(large.problems) == 1001 and "24002 more problem(s) not listed" in large.problems[1000].message
    assert peak_large < 1.5 * peak_small + 2**20, (peak_small, peak_large)


def test_a_byte_order_mark_on_the_first_line_is_accepted(tmp_path):
    _, sub = problems_for(tmp_path, b"\xef\xbb\xbf" + lines_of(good(), good(DOC2)))
    assert sub.problems == []
    _, sub = problems_for(tmp_path, lines_of(good()) + b"\xef\xbb\xbf" + lines_of(good(DOC2)), allow_missing=True)
    assert only_error(sub).line == 2 and "BOM" in only_error(sub).message
