"""Prediction files: a streaming reader and validator.

A predictions file is JSONL, one object per document (docs/submission.md):

    {"id": ..., "mentions": [{"id", "label", "start", "end"}, ...], "claims": [...gold claim fields...]}
    {"id": ..., "tags": ["O", "B-CASUALTY", "I-CASUALTY", ...]}        span-only, IOB2 over the dataset tokens

`read_submission` reads the file in fixed-size blocks (a 2 GB file, or a single 2 GB line, never sits in
memory), checks every record against its gold document and returns the parsed predictions together with
every problem found, each as `file:line: document: field: message`. Nothing in here raises on bad input:
`load_submission` raises `ProblemsFound` when there are errors, which the CLI prints without a traceback.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Mapping, Optional, Sequence, Union

from bench.problems import Problem, ProblemsFound, RecordError, short_repr
from bench.schema import LABELS, TAG_NAMES, Claim, Document, Mention, claim_from_dict, mention_from_dict
from bench.tokenize import tokenize
from bench.validation import check_claims, check_mentions

# Resource limits (docs/submission.md, "Limits"), each checked before the work it bounds.
MAX_LINE_BYTES = 16 << 20  # one document's predictions; a longer line is reported and skipped unparsed
MAX_MENTIONS = 10_000  # per document, checked before any mention is parsed
# Claims per document, checked before any claim is parsed: the dataset's largest document has 12, and
# claim matching compares every gold claim with every predicted one.
MAX_CLAIMS = 2_000
MAX_PROBLEMS = 1000  # kept in full; beyond that only counted, so a garbage file cannot exhaust memory
BLOCK = 8 << 20

# The hint for missing documents names the switch of the caller: `--allow-missing` on the command line,
# the keyword in Python; the leaderboard has none (every test document needs a record).
API_MISSING_HINT = "pass allow_missing=True to score missing documents as empty"
CLI_MISSING_HINT = "pass --allow-missing to score missing documents as empty"

SUBMISSION_FIELDS = ("id", "mentions", "claims", "tags")
# Fields of the dataset format: a system may echo a gold-format record back; they are ignored quietly.
DATASET_FIELDS = frozenset({"title", "text", "language", "published", "outlet", "provenance", "license",
                            "event_group", "conflict", "style", "events", "tokens", "token_offsets", "ner_tags"})
TAG_SET = frozenset(TAG_NAMES)

Source = Union[str, os.PathLike, IO[bytes], Iterable[Any]]


@dataclass(frozen=True)
class Prediction:
    id: str
    mentions: tuple[Mention, ...] = ()
    claims: tuple[Claim, ...] = ()
    line: Optional[int] = None
    from_tags: bool = False


@dataclass
class Submission:
    source: str
    predictions: dict[str, Prediction] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    records: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


class _Collector:
    def __init__(self, source: str, limit: int):
        self.source, self.limit = source, limit
        self.kept: list[Problem] = []
        self.dropped = 0
        self.dropped_errors = 0

    def add(self, line: Optional[int], message: str, doc_id: Optional[str] = None, field_: Optional[str] = None,
            severity: str = "error") -> None:
        if len(self.kept) < self.limit:
            self.kept.append(Problem(self.source, line, message, doc_id, field_, severity))
        else:
            self.dropped += 1
            self.dropped_errors += severity == "error"

    def result(self) -> list[Problem]:
        out = list(self.kept)
        if self.dropped:
            out.append(Problem(self.source, None, f"... and {self.dropped} more problem(s) not listed",
                               severity="error" if self.dropped_errors else "warning"))
        return out


# --------------------------------------------------------------------------------------------------
# Lines


def iter_lines(fh: IO[bytes], max_line_bytes: int = MAX_LINE_BYTES, block: int = BLOCK,
               skip_blank: bool = False) -> Iterator[tuple[int, Optional[bytes], int]]:
    """(line number, content without the newline or None when too long, length in bytes) per line,
    reading fixed-size blocks into one reused buffer: memory stays O(block + max_line_bytes) whatever the
    file holds, and the bytes of an over-long line are only counted, never copied. skip_blank: runs of
    lines of only spaces, tabs and CRs are skipped at C speed, the numbers of the other lines staying
    right (a blank line cut by a block boundary may still be yielded)."""
    buf = bytearray(block)
    view = memoryview(buf)
    readinto = getattr(fh, "readinto", None)
    pending = bytearray()
    too_long = False
    length = 0
    lineno = 0
    while True:
        if readinto is not None:
            n = readinto(buf)
            if not n:
                break
        else:  # a stream without readinto
            data = fh.read(block)
            if not data:
                break
            n = len(data)
            buf[:n] = data
        pos = 0
        while pos <= n:
            if skip_blank and not length:
                # Runs of blank lines are skipped at C speed (a file of 100 MB of newlines would otherwise
                # take a minute): count their newlines and jump to the next line with content.
                last = buf.rfind(b"\n", pos, _BLANK.match(buf, pos, n).end())
                if last >= 0:
                    lineno += buf.count(b"\n", pos, last + 1)
                    pos = last + 1
            nl = buf.find(b"\n", pos, n)
            stop = n if nl < 0 else nl
            length += stop - pos
            if not too_long:
                if length > max_line_bytes:
                    too_long = True
                    pending = bytearray()
                else:
                    pending += view[pos:stop]
            if nl < 0:
                break
            lineno += 1
            yield lineno, (None if too_long else bytes(pending)), length
            pending, too_long, length = bytearray(), False, 0
            pos = nl + 1
    view.release()
    if length or pending:
        yield lineno + 1, (None if too_long else bytes(pending)), length


_BLANK = re.compile(rb"[ \t\r\n]*")  # a simple class: a repeated group took 4 s per 8 MiB of newlines


def _reject_constant(name: str):
    raise ValueError(f"{name} is not allowed in JSON (use null or a number)")


class _DuplicateKey(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict:
    # json.loads keeps the last of two equal keys without a word; two `start`s or two `claims` in one
    # object are ambiguous, so they are refused.
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(f"duplicate key {short_repr(key)} in an object")
            seen.add(key)
    return out


def decode_line(raw: bytes) -> tuple[Any, Optional[str]]:
    """(object, None) or (None, message)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"not valid UTF-8 (byte {exc.start} of the line)"
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicate_keys), None
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON: {exc.msg} at column {exc.colno}"
    except RecursionError:
        return None, "invalid JSON: nested too deeply"
    except ValueError as exc:  # NaN/Infinity, duplicate keys, integers of more than 4,300 digits
        return None, f"invalid JSON: {exc}"


# --------------------------------------------------------------------------------------------------
# Records


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "an integer",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def tags_to_mentions(tags: Sequence[str], offsets: Sequence[tuple[int, int]]) -> tuple[Mention, ...]:
    """Character-offset mentions t1, t2, ... from IOB2 tags over a document's tokens (conlleval reading:
    an I- tag that does not continue a chunk of its type opens one)."""
    from bench.scoring.iob import TagCodes, token_spans

    codes = TagCodes(LABELS)
    out = []
    for k, (label, first, last) in enumerate(token_spans(tags, codes), start=1):
        out.append(Mention(id=f"t{k}", label=label, start=offsets[first][0], end=offsets[last - 1][1]))
    return tuple(out)


def parse_prediction(obj: Any, doc: Document, offsets: Optional[Sequence[tuple[int, int]]] = None,
                     ) -> tuple[Optional[Prediction], list[tuple[str, str, str]]]:
    """Check one record against its gold document. Returns (prediction or None, [(severity, field,
    message)]); the prediction is None when there is any error."""
    found: list[tuple[str, str, str]] = []

    def error(field_: str, message: str) -> None:
        found.append(("error", field_, message))

    unknown = sorted(k for k in obj if k not in SUBMISSION_FIELDS and k not in DATASET_FIELDS)
    if unknown:
        shown = ", ".join(short_repr(k) for k in unknown[:10]) + (f" and {len(unknown) - 10} more" if len(unknown) > 10 else "")
        found.append(("warning", "", f"unknown field(s) {shown} ignored"))
    has_tags = "tags" in obj
    if has_tags and ("mentions" in obj or "claims" in obj):
        error("tags", "give either `tags` (span-only) or `mentions` and `claims`, not both")
        return None, found
    if not has_tags and "mentions" not in obj:
        error("mentions", "missing required field (or give `tags` for a span-only submission)")
        return None, found

    if has_tags:
        tags = obj["tags"]
        if not isinstance(tags, list):
            error("tags", f"expected a list of tags, got {_kind(tags)}")
            return None, found
        if offsets is None:
            offsets = doc.token_offsets or tokenize(doc.text)[1]
        if len(tags) != len(offsets):
            error("tags", f"{len(tags)} tags but the document has {len(offsets)} tokens")
        bad = [(i, t) for i, t in enumerate(tags) if not (isinstance(t, str) and t in TAG_SET)]
        for i, t in bad[:5]:
            error(f"tags[{i}]", f"{short_repr(t)} is not one of {', '.join(TAG_NAMES)}")
        if len(bad) > 5:
            error("tags", f"... and {len(bad) - 5} more unknown tags")
        if any(s == "error" for s, _, _ in found):
            return None, found
        return Prediction(doc.id, tags_to_mentions(tags, offsets), (), from_tags=True), found

    raw_mentions = obj["mentions"]
    if not isinstance(raw_mentions, list):
        error("mentions", f"expected a list, got {_kind(raw_mentions)}")
        return None, found
    if len(raw_mentions) > MAX_MENTIONS:
        error("mentions", f"{len(raw_mentions):,} mentions; the limit is {MAX_MENTIONS:,} per document")
        return None, found
    mentions = []
    for i, m in enumerate(raw_mentions):
        try:
            mentions.append(mention_from_dict(m, f"mentions[{i}]", require_text=False))
        except RecordError as exc:
            for e in exc.all:
                error(e.field, e.message)
    mentions_ok = len(mentions) == len(raw_mentions)
    if mentions_ok:
        for field_, message in check_mentions(doc.text, mentions, require_text=False):
            error(field_, message)
        for i, m in enumerate(mentions):
            if m.text and 0 <= m.start < m.end <= len(doc.text) and m.text != doc.text[m.start:m.end]:
                error(f"mentions[{i}].text", f"{short_repr(m.text)} does not match text[{m.start}:{m.end}] = "
                                             f"{short_repr(doc.text[m.start:m.end])} (offsets are Unicode characters)")

    raw_claims = obj.get("claims", [])
    if raw_claims is None:
        raw_claims = []
    if not isinstance(raw_claims, list):
        error("claims", f"expected a list, got {_kind(raw_claims)}")
        return None, found
    if len(raw_claims) > MAX_CLAIMS:
        error("claims", f"{len(raw_claims):,} claims; the limit is {MAX_CLAIMS:,} per document")
        return None, found
    claims = []
    for i, c in enumerate(raw_claims):
        if not isinstance(c, dict):
            error(f"claims[{i}]", f"expected an object, got {_kind(c)}")
            continue
        try:
            claims.append(claim_from_dict(c, f"claims[{i}]"))
        except RecordError as exc:
            for e in exc.all:
                error(e.field, e.message)
    if mentions_ok and len(claims) == len(raw_claims):
        for field_, message in check_claims(mentions, claims):
            error(field_, message)
    if any(s == "error" for s, _, _ in found):
        return None, found
    return Prediction(doc.id, tuple(mentions), tuple(claims)), found


def _records(source: Source, max_line_bytes: int) -> Iterator[tuple[int, Any, Optional[str]]]:
    """(line, object, error message) from a path, a binary file object or an iterable of dicts."""
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as fh:
            yield from _records(fh, max_line_bytes)
        return
    if hasattr(source, "read"):
        for lineno, raw, length in iter_lines(source, max_line_bytes, skip_blank=True):  # type: ignore[arg-type]
            if raw is None:
                yield lineno, None, f"line is {length} bytes long, over the limit of {max_line_bytes} bytes for one document"
                continue
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]  # a byte-order mark written by some Windows editors
            if not raw.strip():
                continue
            obj, message = decode_line(raw)
            yield lineno, obj, message
        return
    for k, obj in enumerate(source, start=1):
        yield k, obj, None


def source_name(source: Source) -> str:
    """How problems and results name the source. A file name that is not valid UTF-8 (Python keeps its
    bytes as lone surrogates) is shown with U+FFFD in their place, so it can be printed and written to
    JSON."""
    if isinstance(source, (str, os.PathLike)):
        name = os.fsdecode(source)
    elif hasattr(source, "read"):
        name = str(getattr(source, "name", "<stream>"))
    else:
        return "<predictions>"
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_submission(source: Source, gold: Union[Mapping[str, Document], Sequence[Document]], *,
                    allow_missing: bool = False, max_line_bytes: int = MAX_LINE_BYTES,
                    max_problems: int = MAX_PROBLEMS, missing_hint: Optional[str] = API_MISSING_HINT,
                    ) -> Submission:
    """Read and check a predictions file against gold documents; never raises on bad input.

    missing_hint: what the caller's user can do about missing documents, added to their problem (None:
    nothing can be done, as on the leaderboard)."""
    gold_by_id = gold if isinstance(gold, Mapping) else {d.id: d for d in gold}
    name = source_name(source)
    sub = Submission(source=name)
    problems = _Collector(name, max_problems)
    first_line: dict[str, int] = {}
    try:
        for lineno, obj, message in _records(source, max_line_bytes):
            sub.records += 1
            if message is not None:
                problems.add(lineno, message)
                continue
            if not isinstance(obj, dict):
                problems.add(lineno, f"expected a JSON object with id, mentions and claims, got {_kind(obj)}")
                continue
            doc_id = obj.get("id")
            if "id" not in obj:
                problems.add(lineno, "missing required field", None, "id")
                continue
            if not isinstance(doc_id, str):
                problems.add(lineno, f"expected a document id (string), got {_kind(doc_id)}", None, "id")
                continue
            if doc_id not in gold_by_id:
                problems.add(lineno, "unknown document id: not in the gold data", doc_id, "id")
                continue
            if doc_id in first_line:
                problems.add(lineno, f"duplicate document id (first on line {first_line[doc_id]})", doc_id, "id")
                continue
            first_line[doc_id] = lineno
            prediction, findings = parse_prediction(obj, gold_by_id[doc_id])
            for severity, field_, msg in findings:
                problems.add(lineno, msg, doc_id, field_ or None, severity)
            if prediction is not None:
                sub.predictions[doc_id] = Prediction(prediction.id, prediction.mentions, prediction.claims,
                                                     lineno, prediction.from_tags)
    except FileNotFoundError:
        problems.add(None, "no such file")
        sub.problems = problems.result()
        return sub
    except IsADirectoryError:
        problems.add(None, "is a folder, expected a predictions file (.jsonl)")
        sub.problems = problems.result()
        return sub
    except OSError as exc:
        problems.add(None, f"cannot read: {exc.strerror or exc}")
        sub.problems = problems.result()
        return sub

    sub.missing = [doc_id for doc_id in gold_by_id if doc_id not in first_line]
    if sub.missing:
        if allow_missing:
            shown = ", ".join(sub.missing[:10]) + (" ..." if len(sub.missing) > 10 else "")
            problems.add(None, f"{len(sub.missing)} of {len(gold_by_id)} gold document(s) have no predictions "
                               f"and are scored as empty: {shown}", severity="warning")
        elif sub.records == 0:
            problems.add(None, f"the file holds no predictions ({len(gold_by_id)} gold documents expected)")
        else:
            hint = f" ({missing_hint})" if missing_hint else ""
            for doc_id in sub.missing:
                problems.add(None, f"document missing from the predictions{hint}", doc_id, "id")
    sub.problems = problems.result()
    return sub


def load_submission(source: Source, gold: Union[Mapping[str, Document], Sequence[Document]], *,
                    allow_missing: bool = False, **kwargs) -> Submission:
    """`read_submission`, raising ProblemsFound (every problem, warnings included) when any is an error."""
    sub = read_submission(source, gold, allow_missing=allow_missing, **kwargs)
    if sub.errors:
        raise ProblemsFound(sub.problems)
    return sub
