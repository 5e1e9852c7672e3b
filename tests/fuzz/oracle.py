"""An independent reading of docs/submission.md: is a predictions file valid?

Written from the documentation, not from bench.submission, and kept deliberately plain (no shared code
beyond the constants of the schema), so that the fuzz run can tell "refused cleanly" and "accepted"
apart from "accepted although the docs say it must be refused" (silently accepted).
"""

from __future__ import annotations

import json
from typing import Any, Optional, Sequence

from bench.schema import LABELS, MODALITIES, OUTCOMES, TAG_NAMES, VICTIMS, Document

MAX_LINE = 16 << 20
MAX_MENTIONS = 10_000
MAX_CLAIMS = 2_000
MAX_BOUND = 10**9
MENTION_KEYS = {"id", "label", "start", "end", "text"}
CLAIM_KEYS = {"id", "casualty", "claimant", "actors", "outcome", "victims", "toll", "subset_of", "event",
              "modality", "restates"}
TOLL_KEYS = {"low", "high", "vague_term", "approximate"}
RECORD_KEYS = {"id", "mentions", "claims", "tags"}


class Invalid(Exception):
    pass


def _pairs(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise Invalid("duplicate key")
    return dict(pairs)


def _constant(name):
    raise Invalid(name)


def parse_line(raw: bytes) -> Any:
    if len(raw) > MAX_LINE:
        raise Invalid("line too long")
    try:
        return json.loads(raw.decode("utf-8"), object_pairs_hook=_pairs, parse_constant=_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise Invalid(str(exc)) from None


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _bound(v) -> Optional[int]:
    if v is None:
        return None
    if isinstance(v, float) and v == v and v not in (float("inf"), float("-inf")) and v.is_integer():
        v = int(v)
    if not _is_int(v) or not 0 <= v <= MAX_BOUND:
        raise Invalid("bad bound")
    return v


def _opt_str(d, key):
    v = d.get(key)
    if v is not None and not isinstance(v, str):
        raise Invalid(key)
    return v


def check_record(obj: Any, doc: Document) -> None:
    """Raise Invalid when a record (already known to name `doc`) breaks a documented rule."""
    if "tags" in obj:
        if "mentions" in obj or "claims" in obj:
            raise Invalid("tags and mentions")
        tags = obj["tags"]
        if not isinstance(tags, list) or len(tags) != len(doc.token_offsets) or \
                not all(isinstance(t, str) and t in TAG_NAMES for t in tags):
            raise Invalid("tags")
        return
    mentions = obj.get("mentions")
    if not isinstance(mentions, list) or len(mentions) > MAX_MENTIONS:
        raise Invalid("mentions")
    by_id = {}
    spans = []
    for m in mentions:
        if not isinstance(m, dict) or not set(m) <= MENTION_KEYS or not {"id", "label", "start", "end"} <= set(m):
            raise Invalid("mention keys")
        if not isinstance(m["id"], str) or m["id"] in by_id or m["label"] not in LABELS:
            raise Invalid("mention id/label")
        s, e = m["start"], m["end"]
        if not (_is_int(s) and _is_int(e) and 0 <= s < e <= len(doc.text)):
            raise Invalid("offsets")
        if "text" in m and m["text"] != doc.text[s:e]:
            raise Invalid("text")
        by_id[m["id"]] = m["label"]
        spans.append((s, e))
    spans.sort()
    if any(b[0] < a[1] for a, b in zip(spans, spans[1:])):
        raise Invalid("overlap")
    claims = obj.get("claims")
    claims = [] if claims is None else claims
    if not isinstance(claims, list) or len(claims) > MAX_CLAIMS:
        raise Invalid("claims")
    seen: dict[str, int] = {}
    parsed = []
    for k, c in enumerate(claims):
        if not isinstance(c, dict) or not set(c) <= CLAIM_KEYS:
            raise Invalid("claim keys")
        if not {"id", "casualty", "claimant", "outcome", "victims", "toll"} <= set(c):
            raise Invalid("claim required")
        if not isinstance(c["id"], str) or c["id"] in seen:
            raise Invalid("claim id")
        seen[c["id"]] = k
        if by_id.get(c["casualty"]) != "CASUALTY" if isinstance(c["casualty"], str) else True:
            raise Invalid("casualty")
        claimant = c["claimant"]
        if claimant is not None and (not isinstance(claimant, str) or by_id.get(claimant) != "CLAIMANT"):
            raise Invalid("claimant")
        actors = c.get("actors", [])
        if not isinstance(actors, list) or not all(isinstance(a, str) and by_id.get(a) in ("ACTOR", "CLAIMANT")
                                                   for a in actors) or len(set(actors)) != len(actors):
            raise Invalid("actors")
        if c["outcome"] not in OUTCOMES or c["victims"] not in VICTIMS or c.get("modality", "asserted") not in MODALITIES:
            raise Invalid("choice")
        toll = c["toll"]
        if not isinstance(toll, dict) or not set(toll) <= TOLL_KEYS or not {"low", "high"} <= set(toll):
            raise Invalid("toll")
        low, high = _bound(toll["low"]), _bound(toll["high"])
        if low is not None and high is not None and low > high:
            raise Invalid("low > high")
        if not isinstance(toll.get("approximate", False), bool):
            raise Invalid("approximate")
        _opt_str(toll, "vague_term")
        for key in ("subset_of", "event", "restates"):
            _opt_str(c, key)
        parsed.append((c, low, high))
    for k, (c, low, high) in enumerate(parsed):
        parent = c.get("subset_of")
        if parent is not None and (parent == c["id"] or parent not in seen):
            raise Invalid("subset_of")
        again = c.get("restates")
        if again is not None:
            j = seen.get(again)
            if j is None or j >= k:
                raise Invalid("restates order")
            target, tlow, thigh = parsed[j]
            if (target["outcome"], tlow, thigh) != (c["outcome"], low, high):
                raise Invalid("restates figure")
    parent_of = {c["id"]: c.get("subset_of") for c, _, _ in parsed}
    state: dict[str, str] = {}
    for start in parent_of:  # follow each chain until a claim already known to end without a cycle
        walked, node = [], start
        while node is not None and node not in state:
            state[node] = "on the walk"
            walked.append(node)
            node = parent_of.get(node)
        if node is not None and state[node] == "on the walk":
            raise Invalid("cycle")
        state.update(dict.fromkeys(walked, "ends"))


def file_is_valid(data: bytes, gold: Sequence[Document]) -> bool:
    """A whole file: every non-blank line a valid record of a distinct gold document, all documents present."""
    docs = {d.id: d for d in gold}
    found = set()
    lines = data.split(b"\n")
    if lines and lines[0].startswith(b"\xef\xbb\xbf"):
        lines[0] = lines[0][3:]
    try:
        for raw in lines:
            if not raw.strip():
                continue
            obj = parse_line(raw.rstrip(b"\r"))
            if not isinstance(obj, dict) or not isinstance(obj.get("id"), str) or obj["id"] not in docs:
                raise Invalid("id")
            if obj["id"] in found:
                raise Invalid("duplicate document")
            found.add(obj["id"])
            check_record(obj, docs[obj["id"]])
    except Invalid:
        return False
    return found == set(docs)
