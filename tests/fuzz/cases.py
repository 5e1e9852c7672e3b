"""Generators of malformed and adversarial inputs, one per class. Each takes a `random.Random` (Hypothesis
draws it in the test suite, a seed in `python -m tests.fuzz.run`) and returns a `Case`: what to feed to
ClaimBench and, where the input alone cannot tell, whether the docs say it must be accepted."""

from __future__ import annotations

import copy
import json
import random
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from bench.schema import Claim, Document, Event, Mention, Toll
from bench.tokenize import spans_to_iob2, tokenize


def _doc(doc_id: str, text: str, spans: list[tuple[str, str, str]], claims: list[Claim]) -> Document:
    mentions, pos = [], 0
    for mid, label, quote in spans:
        start = text.index(quote, pos)
        mentions.append(Mention(mid, label, start, start + len(quote), quote))
        pos = start + len(quote)
    tokens, offsets = tokenize(text)
    return Document(id=doc_id, title=None, text=text, language="en", published=None, outlet=None,
                    provenance="authored", license="test", event_group="g", conflict="Test",
                    mentions=tuple(mentions), claims=tuple(claims), events=(Event("e1", None, None, "an event"),),
                    tokens=tuple(tokens), token_offsets=tuple(offsets), ner_tags=tuple(spans_to_iob2(offsets, mentions)))


GOLD = (
    _doc("d1", "Officials said at least 21 civilians, including 11 children, were killed by the army on Sunday.",
         [("o", "CLAIMANT", "Officials"), ("m1", "CASUALTY", "at least 21 civilians"), ("m2", "CASUALTY", "11 children"),
          ("a", "ACTOR", "the army")],
         [Claim("c1", "m1", "o", ("a",), "killed", "civilians", Toll(21, None), None, "e1"),
          Claim("c2", "m2", "o", ("a",), "killed", "children", Toll(11, 11), "c1", "e1")]),
    _doc("d2", "About 50 soldiers died, the ministry said.",
         [("m", "CASUALTY", "About 50 soldiers"), ("g", "CLAIMANT", "the ministry")],
         [Claim("c1", "m", "g", (), "killed", "combatants", Toll(50, 50, None, True), None, "e1")]),
    _doc("d3", "No one was hurt when the shell landed in a field.", [], []),
)


def perfect(doc: Document) -> dict:
    return {"id": doc.id,
            "mentions": [{"id": m.id, "label": m.label, "start": m.start, "end": m.end} for m in doc.mentions],
            "claims": [{"id": c.id, "casualty": c.casualty, "claimant": c.claimant, "actors": list(c.actors),
                        "outcome": c.outcome, "victims": c.victims,
                        "toll": {"low": c.toll.low, "high": c.toll.high, "vague_term": c.toll.vague_term,
                                 "approximate": c.toll.approximate},
                        "subset_of": c.subset_of, "event": c.event, "modality": c.modality} for c in doc.claims]}


@dataclass
class Case:
    kind: str  # "predictions", "meta", "folder", "text"
    data: Any
    expect_valid: Optional[bool] = None  # None: the oracle decides (predictions)
    note: str = ""
    extra: dict = field(default_factory=dict)


def lines(records) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r, allow_nan=True).encode()) + b"\n" for r in records)


# ----------------------------------------------------------------------------------------------------------
# Values


CONTROL = ["\x00", "\x1b[2K\r", "\x07", "\u202e", "\u2066", "\u200b", "\ufeff", "\u2028", "\x85", "\ud800", "\udfff"]


def junk(r: random.Random, depth: int = 0) -> Any:
    pick = r.randrange(16 if depth < 3 else 12)
    if pick == 0:
        return None
    if pick == 1:
        return r.choice([True, False])
    if pick == 2:
        return r.randint(-10, 200)
    if pick == 3:
        return r.choice([10**9, 10**9 + 1, 2**63, 10**309, -1, -(10**20)])
    if pick == 4:
        return r.choice([1.5, -0.0, 1e308, 3.0, float("nan"), float("inf"), -float("inf")])
    if pick == 5:
        return r.choice(["", "m1", "o", "a", "m2", "c1", "c2", "d1", "CASUALTY", "ACTOR", "killed", "civilians",
                         "asserted", "B-CASUALTY", "O", "NaN"])
    if pick == 6:
        return "".join(r.choice(["a", "é", " ", "|", "[", "\\", '"'] + CONTROL) for _ in range(r.randint(0, 8)))
    if pick == 7:
        return "x" * r.choice([100, 10_000, 1_000_000])
    if pick in (8, 9, 10, 11):
        return r.choice(["m1", "c1", "killed", 21, None])
    if pick in (12, 13):
        return [junk(r, depth + 1) for _ in range(r.randint(0, 3))]
    return {r.choice(["id", "low", "high", "start", "end", "label", "x", "actor", "modailty", ""]): junk(r, depth + 1)
            for _ in range(r.randint(0, 3))}


def paths(obj, prefix=()):
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from paths(v, prefix + (i,))


def mutate(r: random.Random, record: dict, value: Callable[[], Any]) -> dict:
    """Set, delete or add at a random place of the record."""
    record = copy.deepcopy(record)
    all_paths = [p for p in paths(record) if p]
    path = r.choice(all_paths)
    parent = record
    for k in path[:-1]:
        parent = parent[k]
    op = r.choice(["set", "set", "delete", "add"])
    if op == "set":
        parent[path[-1]] = value()
    elif op == "delete":
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[r.choice(["actor", "modailty", "lable", "confidence", "low", "text", "restates", "x"])] = value()
    else:
        parent.append(value())
    return record


def records(r: random.Random) -> list:
    return [perfect(d) for d in GOLD]


# ----------------------------------------------------------------------------------------------------------
# Predictions classes


def valid_variants(r: random.Random) -> Case:
    """Changes the docs allow: fewer mentions or claims, other figures, optional fields left out, tags,
    mention text, an unknown top-level field, blank lines, CRLF, a BOM, any order."""
    recs = records(r)
    d1 = recs[0]
    for _ in range(r.randint(1, 4)):
        op = r.randrange(10)
        if op == 0:
            d1["claims"] = d1["claims"][:1]
        elif op == 1:
            low = r.randint(0, 10**9)
            d1["claims"][0]["toll"] = {"low": low, "high": r.choice([None, low, min(low + 5, 10**9)])}
        elif op == 2:
            for c in d1["claims"]:
                for key in ("actors", "subset_of", "event", "modality"):
                    c.pop(key, None) if r.random() < 0.5 else None
        elif op == 3:
            recs = [{"id": "d2", "tags": list(GOLD[1].ner_tags)} if rec["id"] == "d2" else rec for rec in recs]
        elif op == 4:
            for m, gm in zip(d1["mentions"], GOLD[0].mentions):
                m["text"] = gm.text
        elif op == 5:
            d1["confidence"] = 0.5
        elif op == 6:
            d1["claims"][0]["modality"] = r.choice(["asserted", "hedged", "denied"])
            d1["claims"][0]["outcome"] = r.choice(["killed", "injured", "missing", "abducted", "killed_or_injured"])
            for c in d1["claims"][1:]:
                c["subset_of"] = None
        elif op == 7:
            r.shuffle(recs)
        elif op == 8:
            d1["claims"].append(dict(copy.deepcopy(d1["claims"][0]), id="c3", restates="c1", subset_of=None))
        else:
            next(rec for rec in recs if rec["id"] == "d3")["claims"] = None
    data = lines(recs)
    if r.random() < 0.3:
        data = data.replace(b"\n", r.choice([b"\r\n", b"\n\n", b"\n \t\n"]))
    if r.random() < 0.1:
        data = b"\xef\xbb\xbf" + data
    return Case("predictions", data, note="valid variant")


def field_mutations(r: random.Random) -> Case:
    recs = records(r)
    k = r.randrange(len(recs))
    for _ in range(r.randint(1, 3)):
        recs[k] = mutate(r, recs[k], lambda: junk(r))
    return Case("predictions", lines(recs))


def byte_edits(r: random.Random) -> Case:
    data = bytearray(lines(records(r)))
    for _ in range(r.randint(1, 3)):
        op = r.randrange(6)
        at = r.randrange(len(data) or 1)
        if op == 0:
            del data[at:]
        elif op == 1:
            data[at:at] = bytes(r.randrange(256) for _ in range(r.randint(1, 4)))
        elif op == 2 and data:
            data[at] = r.choice([0x00, 0xff, 0xc3, 0x80, 0x22, 0x7b, 0x7d, 0x5c])
        elif op == 3:
            data[at:at] = r.choice([b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x00", b"\r", b"\n"])
        elif op == 4:
            del data[at:at + r.randint(1, 20)]
        else:
            data[at:at] = r.choice([b"NaN", b"Infinity", b"-Infinity", b"1e400", b"9" * 5000, b"\\ud800"])
    return Case("predictions", bytes(data))


NUMBERS = [-1, 0, 1, 20, 21, 10**9, 10**9 + 1, 2**31, 2**63, 2**64, 10**309, 1.0, 1.5, -0.0, 1e9, 1e10, 1e308,
           True, False, "5", None]
RAW_NUMBERS = [b"1e400", b"-1e400", b"1" * 400, b"1" * 4301, b"1" * 5000, b"0.0000001", b"1E2", b"-0", b"00"]


def numbers(r: random.Random) -> Case:
    recs = records(r)
    d1 = recs[0]
    targets = [("mentions", i, key) for i in range(len(d1["mentions"])) for key in ("start", "end")]
    targets += [("claims", i, "toll", key) for i in range(len(d1["claims"])) for key in ("low", "high")]
    path = r.choice(targets)
    parent = d1
    for k in path[:-1]:
        parent = parent[k]
    if r.random() < 0.7:
        parent[path[-1]] = r.choice(NUMBERS)
        return Case("predictions", lines(recs))
    parent[path[-1]] = "@@NUMBER@@"
    line = json.dumps(d1).replace('"@@NUMBER@@"', r.choice(RAW_NUMBERS).decode())
    return Case("predictions", lines([line.encode()] + recs[1:]))


def structure(r: random.Random) -> Case:
    recs = records(r)
    d1 = recs[0]
    op = r.randrange(11)
    if op == 0:  # deep nesting somewhere
        depth = r.choice([50, 1000, 100_000, 1_000_000])
        nested = "[" * depth + "]" * depth
        line = json.dumps(d1).replace('"m1"', nested, 1) if r.random() < 0.5 else nested
        return Case("predictions", lines([line.encode()] + recs[1:]), note=f"nesting {depth}")
    if op == 1:  # a subset chain or a cycle
        n = r.choice([3, 100, 2000])
        d1["claims"] = [dict(copy.deepcopy(d1["claims"][0]), id=f"k{i}", subset_of=f"k{i - 1}" if i else None)
                        for i in range(n)]
        if r.random() < 0.5:
            d1["claims"][0]["subset_of"] = f"k{r.randrange(n)}"
    elif op == 2:  # around the per-document limits (docs/submission.md: 2,000 claims, 10,000 mentions)
        if r.random() < 0.5:
            n = r.choice([1_999, 2_000, 2_001])
            d1["claims"] = [dict(copy.deepcopy(d1["claims"][0]), id=f"k{i}", subset_of=None) for i in range(n)]
        else:
            n = r.choice([9_999, 10_000, 10_001])
            d1["mentions"] += [{"id": f"x{i}", "label": "ACTOR", "start": 0, "end": 1} for i in range(n - 4)]
    elif op == 3:  # duplicate ids
        if r.random() < 0.5:
            d1["mentions"].append(dict(d1["mentions"][0]))
        else:
            d1["claims"].append(dict(d1["claims"][0]))
    elif op == 4:  # overlapping spans
        m = dict(d1["mentions"][r.randrange(4)], id="z")
        m["start"] += r.choice([0, 1])
        m["end"] = max(m["start"] + 1, m["end"] + r.choice([-1, 0, 2]))
        d1["mentions"].append(m)
    elif op == 5:  # low > high
        d1["claims"][0]["toll"] = {"low": 30, "high": 20}
    elif op == 6:  # a duplicate key, written by hand
        line = json.dumps(d1)
        line = line.replace('"start": 0', '"start": 0, "start": 1', 1) if r.random() < 0.5 else line[:-1] + ', "claims": []}'
        return Case("predictions", lines([line.encode()] + recs[1:]))
    elif op == 7:  # references
        key = r.choice(["casualty", "claimant", "subset_of", "restates"])
        d1["claims"][1][key] = r.choice(["o", "a", "m1", "c2", "nope", "c1"])
    elif op == 8:  # record-level
        recs[r.randrange(3)] = r.choice([{"id": "d1"}, {"id": "zz", "mentions": []}, {"mentions": []}, [1], "x", 5,
                                         {"id": "d2", "tags": [], "mentions": []}, {"id": "d2", "tags": ["O"]},
                                         {"id": "d1", "mentions": [], "claims": {}}])
    elif op == 9:  # a document twice or missing
        recs.append(copy.deepcopy(recs[0])) if r.random() < 0.5 else recs.pop(r.randrange(3))
    else:  # one line over the limit (rare: 16 MiB)
        if r.random() < 0.1:
            d1["padding"] = "x" * (16 << 20)
        else:
            d1["claims"][0]["actors"] = ["a", "a"]
    return Case("predictions", lines(recs))


def strings(r: random.Random) -> Case:
    recs = records(r)
    d1 = recs[0]
    hostile = "".join(r.choice(CONTROL + ["ok", " ", "\n", "é"]) for _ in range(r.randint(1, 6)))
    op = r.randrange(5)
    if op == 0:
        d1["id"] = r.choice(["d1" + hostile, hostile, "\x1b[1A\x1b[2Kok: d1"])
    elif op == 1:
        d1["mentions"][0]["id"] = hostile
        d1["claims"][0]["claimant"] = hostile
    elif op == 2:
        d1["mentions"][1]["text"] = r.choice([hostile, GOLD[0].text[15:36] + hostile, "x" * 100_000])
    elif op == 3:
        d1[hostile] = 1
    else:
        d1["claims"][0]["toll"]["vague_term"] = hostile
    return Case("predictions", lines(recs))


# ----------------------------------------------------------------------------------------------------------
# meta.yaml


META = {"system": "Test System", "authors": ["Ada Lovelace"], "organisation": "Test Lab",
        "paper": "https://example.org/paper", "description": "A test system.", "date": "2026-11-21",
        "training_data": "bundled-train", "baseline": False, "license": "CC-BY-4.0",
        "model_type": "fine-tuned-encoder", "uses_test_documents": False}
SAFE_BUT_HOSTILE = ["[click](https://phish.example)", "![px](https://track.example/p.png)", "a | b | c", "x \\| y",
                    "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "www.phish.example", "a@phish.example",
                    "*bold* _it_ `code` ~~s~~", "#12 @someone :smile: $x^2$", "&amp; &lt;", "[^1]", "<!-- c -->",
                    "Ünïcødé 中文 العربية", "\\", "a\u00a0b", "x" * 50]
BAD_URLS = ["javascript:alert(1)", "https://e.org/\n", "https://e.org/a b", 'https://e.org/"x', "https://e.org/<x>",
            "ftp://e.org", "//e.org", "https://e.org/\u202e", "data:text/html,x", "https://e.org/é"]
GOOD_URLS = ["https://e.org/p)|[x](https://phish.example)", "https://e.org/a_(b)", "https://e.org/?q=1&r=2#f",
             "https://e.org/p|x", "https://e.org/\\x", "https://e.org/`x`", "http://e.org/![i](j)"]
RAW_YAML = [
    (b"system: !!python/object/apply:os.system ['echo hacked']\n", False),
    (b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
     b"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nsystem: [*e, *e, *e, *e]\n", False),
    (b"system: " + b"[" * 30000 + b"\n", False),
    (b"? [a, b]\n: c\n", False),
    (b"? {a: 1}\n: c\n", False),
    (b"date: 2026-02-30\n", False),
    (b"date: 2026-13-01\n", False),
    (b"model_size: " + b"9" * 5000 + b"\n", False),
    (b"system: \"A\\ud800B\"\n", False),
    (b"system: \"\\x1b[2Kok\"\n", False),
    (b"system: \xff\xfe\n", False),
    (b"system: a\nsystem: b\n", False),
    (b"- just\n- a list\n", False),
    (b"", True),
    (b"system: [unclosed\n", False),
    (b"\x00", False),
    (b"unknown_field: 1\n", False),
    (b"baseline: true\n", False),
    (b"training_data: external\n", False),
]


def meta_yaml(r: random.Random) -> Case:
    import yaml

    meta = dict(META)
    op = r.randrange(8)
    if op == 0:
        meta[r.choice(["system", "organisation", "description", "license", "model_size"])] = r.choice(SAFE_BUT_HOSTILE)
        expect = True
    elif op == 1:
        meta["authors"] = [r.choice(SAFE_BUT_HOSTILE) for _ in range(r.randint(1, 3))]
        expect = True
    elif op == 2:
        meta[r.choice(["paper", "url"])] = r.choice(GOOD_URLS)
        expect = True
    elif op == 3:
        meta[r.choice(["paper", "url"])] = r.choice(BAD_URLS)
        expect = False
    elif op == 4:
        key = r.choice(["system", "organisation", "description", "license"])
        meta[key] = "A" + r.choice(CONTROL + ([] if key == "description" else ["\t"])) + "B"  # tabs: multi-line fields only
        # Double quotes keep the character as written (YAML folds a raw NEL or LS in a plain scalar).
        return Case("meta", yaml.safe_dump(meta, default_style='"').encode("utf-8", "surrogatepass"), expect_valid=False)
    elif op == 5:
        del meta[r.choice(["system", "authors", "description", "date", "training_data", "baseline", "license",
                           "model_type", "uses_test_documents"])]
        expect = False
    elif op == 6:
        meta[r.choice(["system", "date", "baseline", "authors", "training_data"])] = junk(r)
        expect = None  # decided below: only a few junk values are valid
        text = yaml.safe_dump(meta, allow_unicode=r.random() < 0.5).encode("utf-8", "surrogatepass")
        return Case("meta", text, expect_valid=_meta_junk_valid(meta))
    else:
        raw, expect = r.choice(RAW_YAML)
        body = yaml.safe_dump({k: v for k, v in meta.items() if k.encode() not in raw[:20]}).encode()
        return Case("meta", raw + body, expect_valid=expect)
    return Case("meta", yaml.safe_dump(meta, allow_unicode=r.random() < 0.5).encode("utf-8", "surrogatepass"),
                expect_valid=expect)


def _meta_junk_valid(meta: dict) -> bool:
    ok = (isinstance(meta["system"], str) and meta["system"].strip() and meta["system"].isprintable()
          and len(meta["system"]) <= 100)
    authors = meta["authors"]
    authors = [authors] if isinstance(authors, str) else authors
    ok = ok and isinstance(authors, list) and 1 <= len(authors) <= 50 and all(
        isinstance(a, str) and a.strip() and a.isprintable() and len(a) <= 100 for a in authors)
    ok = ok and meta["date"] == "2026-11-21" and meta["baseline"] is False and meta["training_data"] == "bundled-train"
    return bool(ok)


# ----------------------------------------------------------------------------------------------------------
# Submission folders and article texts


FOLDER_LAYOUTS = [
    ("valid", True), ("link-predictions", False), ("link-meta", False), ("link-folder", False), ("extra-file", False),
    ("subfolder", False), ("slug-newline", False), ("slug-upper", False), ("slug-dot", False), ("slug-unicode", False),
    ("predictions-dir", False), ("no-meta", False), ("duplicate", False), ("warning", False), ("huge", False),
    ("baseline", False), ("add-valid", True), ("add-force-link", False), ("add-huge", False), ("add-slug-traversal", False),
    ("add-duplicate", False), ("add-missing-doc", False),
]


def folders(r: random.Random) -> Case:
    layout, expect = r.choice(FOLDER_LAYOUTS)
    return Case("folder", layout, expect_valid=expect)


WORDS = ["at", "least", "more", "than", "about", "some", "dozens", "of", "people", "killed", "were", "between", "and",
         "to", "-", "a", "child", "one", "hundred", "thousand", "million", "billion", "twenty", "five", "aged", "year",
         "old", "nearly", "up", "civilians", "soldiers", ",", ".", "said", "the", "ministry", "officials", "injured"]


def article_figures(r: random.Random) -> Case:
    parts = []
    for _ in range(r.randint(1, 30)):
        pick = r.random()
        if pick < 0.3:
            parts.append(str(r.choice([1, 7, 15, 21, 99, 1000, 10**9, 10**9 + 1, 10**12])))
        elif pick < 0.35:
            parts.append("9" * r.choice([11, 400, 4301, 5000]))
        elif pick < 0.4:
            parts.append(",".join(["1"] + ["000"] * r.randint(1, 6)))
        elif pick < 0.45:
            parts.append(r.choice(CONTROL))
        else:
            parts.append(r.choice(WORDS))
    return Case("text", " ".join(parts))


CLASSES: dict[str, Callable[[random.Random], Case]] = {
    "valid-variants": valid_variants,
    "field-mutations": field_mutations,
    "byte-edits": byte_edits,
    "numbers": numbers,
    "structure": structure,
    "strings": strings,
    "meta-yaml": meta_yaml,
    "submission-folders": folders,
    "article-figures": article_figures,
}
