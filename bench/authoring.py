"""The human-reviewable authoring format under data/authoring/ and its compiler to `Document`s.

Layout (documented in docs/authoring.md):

    data/authoring/dataset.yaml          name, version, license, citation
    data/authoring/groups/<group>.yaml   one event group: split, conflict, and its events
    data/authoring/docs/<doc>.txt        the article text, verbatim (seeds: byte-identical copies)
    data/authoring/docs/<doc>.yaml       metadata, mentions quoted (never offsets), claims

Mentions are written `[id, LABEL, "quoted text"]` in document order; each quote is found at its first
occurrence after the previous mention (an optional fourth item `N` picks the N-th occurrence in the whole
text instead). Claims may leave out fields that have defaults; the toll defaults to `normalise_toll` of
the casualty mention's text and may be overridden with a phrase or a mapping.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Optional

from bench.problems import Problem, RecordError
from bench.schema import LABELS, MODALITIES, OUTCOMES, PROVENANCES, VICTIMS, Claim, Document, Event, Mention, Toll, toll_from_dict
from bench.tokenize import spans_to_iob2, tokenize
from bench.tolls import find_toll, toll_from_expression
from bench.lint import lint_document
from bench.validation import check_gold_document
from bench.yamlio import LineDict, LineList, YamlError, load_yaml_with_lines

SPLITS = ("train", "validation", "test")
DOC_FIELDS = {"id", "title", "language", "published", "outlet", "provenance", "license", "event_group",
              "seed_file", "incident", "style", "notes", "mentions", "claims"}
CLAIM_FIELDS = {"id", "casualty", "claimant", "actors", "outcome", "victims", "toll", "subset_of", "event",
                "modality", "restates", "note"}
GROUP_FIELDS = {"id", "split", "conflict", "description", "events"}


@dataclass
class Group:
    id: str
    split: str
    conflict: str
    description: str
    file: str


@dataclass
class AuthoringResult:
    meta: dict
    groups: dict[str, Group] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    # Document metadata that the released record does not carry (seed file, incident note; style is kept in both).
    extras: dict[str, dict] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class _Reporter:
    """Collects problems for one file so that a bad document reports everything wrong with it at once."""

    def __init__(self, result: AuthoringResult, file: str, doc_id: Optional[str] = None):
        self.result, self.file, self.doc_id = result, file, doc_id

    def error(self, line: Optional[int], message: str, field_path: Optional[str] = None) -> None:
        self.result.problems.append(Problem(self.file, line, message, self.doc_id, field_path))

    def warn(self, line: Optional[int], message: str, field_path: Optional[str] = None) -> None:
        self.result.problems.append(Problem(self.file, line, message, self.doc_id, field_path, severity="warning"))


def _read_yaml(path: Path, rep: _Reporter) -> Optional[LineDict]:
    try:
        raw = path.read_bytes()
        data = load_yaml_with_lines(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        rep.error(None, f"not valid UTF-8 (byte {exc.start})")
        return None
    except YamlError as exc:
        rep.error(exc.line, exc.message)
        return None
    if not isinstance(data, LineDict):
        rep.error(1, "expected a YAML mapping at the top level")
        return None
    return data


def _unknown_keys(data: LineDict, allowed: set[str], rep: _Reporter, where: str = "") -> None:
    for key in data:
        if key not in allowed:
            rep.error(data.line_of(key), f"unknown field {key!r}; expected one of {', '.join(sorted(allowed))}",
                      f"{where}{key}")


def load_groups(root: Path, result: AuthoringResult) -> None:
    for path in sorted((root / "groups").glob("*.yaml")):
        rep = _Reporter(result, str(path))
        data = _read_yaml(path, rep)
        if data is None:
            continue
        _unknown_keys(data, GROUP_FIELDS, rep)
        gid = data.get("id", path.stem)
        if gid != path.stem:
            rep.error(data.line_of("id"), f"group id {gid!r} must equal the file name {path.stem!r}", "id")
        if gid in result.groups:
            rep.error(data.line_of("id"), f"duplicate group id {gid!r} (also in {result.groups[gid].file})", "id")
            continue
        split = data.get("split")
        if split not in SPLITS:
            rep.error(data.line_of("split"), f"split {split!r} is not one of {', '.join(SPLITS)}", "split")
        if not isinstance(data.get("conflict"), str):
            rep.error(data.line_of("conflict"), "expected the conflict's name (a string)", "conflict")
        result.groups[gid] = Group(gid, str(split), str(data.get("conflict")), str(data.get("description", "")), str(path))
        events = data.get("events") or LineList()
        if not isinstance(events, LineList):
            rep.error(data.line_of("events"), "expected a list of events", "events")
            continue
        for i, ev in enumerate(events):
            line = events.line_of(i)
            if not isinstance(ev, LineDict):
                rep.error(line, "expected an event mapping with id, date, location, description", f"events[{i}]")
                continue
            _unknown_keys(ev, {"id", "date", "location", "description"}, rep, f"events[{i}].")
            eid = ev.get("id")
            if not isinstance(eid, str) or not eid:
                rep.error(line, "missing event id", f"events[{i}].id")
                continue
            if eid in result.events:
                rep.error(line, f"duplicate event id {eid!r}", f"events[{i}].id")
                continue
            if not isinstance(ev.get("description"), str):
                rep.error(line, "missing description", f"events[{i}].description")
            date = ev.get("date")
            result.events[eid] = Event(id=eid, date=None if date is None else str(date),
                                       location=ev.get("location"), description=str(ev.get("description", "")))
            # Which group defined the event: documents may cite events of other groups (background events).


def _anchor_mentions(text: str, entries: Any, rep: _Reporter, data: LineDict) -> tuple[list[Mention], list[int]]:
    """The mentions found in the text and, parallel to them, the YAML line each was written on."""
    if not isinstance(entries, LineList):
        rep.error(data.line_of("mentions"), "expected a list of [id, LABEL, \"quoted text\"] entries", "mentions")
        return [], []
    mentions, lines, cursor = [], [], 0
    for i, entry in enumerate(entries):
        line = entries.line_of(i)
        where = f"mentions[{i}]"
        occurrence = None
        if isinstance(entry, LineDict):
            mid, label, quote, occurrence = entry.get("id"), entry.get("label"), entry.get("text"), entry.get("occurrence")
        elif isinstance(entry, LineList) and len(entry) in (3, 4):
            mid, label, quote = entry[0], entry[1], entry[2]
            occurrence = entry[3] if len(entry) == 4 else None
        else:
            rep.error(line, "expected [id, LABEL, \"quoted text\"] or [id, LABEL, \"quoted text\", occurrence]", where)
            continue
        if not isinstance(mid, str) or not mid:
            rep.error(line, "the mention id must be a non-empty string", f"{where}.id")
            continue
        if label not in LABELS:
            rep.error(line, f"label {label!r} is not one of {', '.join(LABELS)}", f"{where}.label")
            continue
        if not isinstance(quote, str) or not quote.strip():
            rep.error(line, "the quoted text must be a non-empty string", f"{where}.text")
            continue
        if quote != quote.strip():
            rep.error(line, f"quoted text {quote!r} has leading or trailing spaces", f"{where}.text")
            continue
        if occurrence is not None:
            if isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence < 1:
                rep.error(line, f"occurrence must be a positive integer, got {occurrence!r}", f"{where}.occurrence")
                continue
            start = -1
            for _ in range(occurrence):
                start = text.find(quote, start + 1)
                if start < 0:
                    break
            if start < 0:
                rep.error(line, f"{quote!r} does not occur {occurrence} time(s) in the text", f"{where}.text")
                continue
        else:
            start = text.find(quote, cursor)
            if start < 0:
                hint = " (it occurs earlier: list mentions in document order or give an occurrence)" if quote in text else ""
                rep.error(line, f"{quote!r} not found in the text after the previous mention{hint}", f"{where}.text")
                continue
        mentions.append(Mention(id=mid, label=label, start=start, end=start + len(quote), text=quote))
        lines.append(line)
        cursor = start + len(quote)
    return mentions, lines


def _claims(entries: Any, mentions: list[Mention], rep: _Reporter, data: LineDict) -> tuple[list[Claim], list[int]]:
    """The claims and, parallel to them, the YAML line each was written on."""
    claims: list[Claim] = []
    lines: list[int] = []
    if entries is None:
        return claims, lines
    if not isinstance(entries, LineList):
        rep.error(data.line_of("claims"), "expected a list of claim mappings", "claims")
        return claims, lines
    by_id = {m.id: m for m in mentions}
    for i, c in enumerate(entries):
        line = entries.line_of(i)
        where = f"claims[{i}]"
        if not isinstance(c, LineDict):
            rep.error(line, "expected a claim mapping", where)
            continue
        _unknown_keys(c, CLAIM_FIELDS, rep, f"{where}.")
        problems_before = len(rep.result.problems)
        cid, casualty = c.get("id"), c.get("casualty")
        if not isinstance(cid, str) or not cid:
            rep.error(line, "the claim id must be a non-empty string", f"{where}.id")
        if not isinstance(casualty, str):
            rep.error(line, "casualty must be the id of a CASUALTY mention", f"{where}.casualty")
        actors = c.get("actors", [])
        if isinstance(actors, str):
            actors = [actors]
        if not isinstance(actors, list) or not all(isinstance(a, str) for a in actors):
            rep.error(c.line_of("actors"), "actors must be a list of ACTOR mention ids", f"{where}.actors")
            actors = []
        values = {}
        for key, choices, default in (("outcome", OUTCOMES, "killed"), ("victims", VICTIMS, "unspecified"),
                                      ("modality", MODALITIES, "asserted")):
            values[key] = c.get(key, default)
            if values[key] not in choices:
                rep.error(c.line_of(key), f"{key} {values[key]!r} is not one of {', '.join(choices)}", f"{where}.{key}")
        toll = _toll(c, by_id.get(casualty) if isinstance(casualty, str) else None, rep, where)
        if not isinstance(cid, str) or not isinstance(casualty, str):
            continue
        if len(rep.result.problems) > problems_before or toll is None:
            # Keep a placeholder so that the claims citing this one (subset_of) and the mention it covers
            # do not report follow-on errors; the build fails anyway because a problem was recorded.
            values = {"outcome": "killed", "victims": "unspecified", "modality": "asserted"}
            toll = toll or Toll()
        claims.append(Claim(id=cid, casualty=casualty, claimant=c.get("claimant"), actors=tuple(actors),
                            outcome=values["outcome"], victims=values["victims"], toll=toll,
                            subset_of=c.get("subset_of"), event=c.get("event"), modality=values["modality"],
                            restates=c.get("restates")))
        lines.append(line)
    return claims, lines


def _toll(c: LineDict, casualty: Optional[Mention], rep: _Reporter, where: str) -> Optional[Toll]:
    line = c.line_of("toll")
    if "toll" in c:
        raw = c["toll"]
        try:
            if isinstance(raw, dict):
                return toll_from_dict(dict(raw), f"{where}.toll")
            return toll_from_expression(raw)
        except RecordError as exc:
            rep.error(line, exc.message, exc.field)
        except ValueError as exc:
            rep.error(line, str(exc), f"{where}.toll")
        return None
    if casualty is None:
        return None  # the dangling reference is reported by check_claims
    toll = find_toll(casualty.text)
    if toll is None:
        rep.error(c.line, f"no figure in the casualty text {casualty.text!r}; give an explicit toll", f"{where}.toll")
    return toll


def _read_text(path: Path, rep: _Reporter) -> Optional[str]:
    if not path.exists():
        rep.error(None, f"the text file {path.name} is missing next to the annotation")
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        rep.result.problems.append(Problem(str(path), line, f"not valid UTF-8 (byte {exc.start}: {raw[exc.start:exc.start + 1]!r})", rep.doc_id))
        return None
    if not text.strip():
        rep.result.problems.append(Problem(str(path), None, "the text is empty", rep.doc_id, "text"))
        return None
    return text


def load_document(yaml_path: Path, result: AuthoringResult, lint: bool = True) -> None:
    rep = _Reporter(result, str(yaml_path), yaml_path.stem)
    data = _read_yaml(yaml_path, rep)
    if data is None:
        return
    _unknown_keys(data, DOC_FIELDS, rep)
    doc_id = data.get("id", yaml_path.stem)
    if doc_id != yaml_path.stem:
        rep.error(data.line_of("id"), f"document id {doc_id!r} must equal the file name {yaml_path.stem!r}", "id")
    rep.doc_id = doc_id
    text = _read_text(yaml_path.with_suffix(".txt"), rep)
    group = result.groups.get(data.get("event_group"))
    if group is None:
        rep.error(data.line_of("event_group"), f"no group file defines event_group {data.get('event_group')!r}", "event_group")
    if data.get("provenance") not in PROVENANCES:
        rep.error(data.line_of("provenance"), f"provenance must be one of {', '.join(PROVENANCES)}", "provenance")
    for key in ("language", "license"):
        if not isinstance(data.get(key), str):
            rep.error(data.line_of(key), f"{key} is required (a string)", key)
    if text is None:
        return
    mentions, mention_lines = _anchor_mentions(text, data.get("mentions", LineList()), rep, data)
    claims, claim_lines = _claims(data.get("claims"), mentions, rep, data)
    cited = []
    for c in claims:
        if c.event is not None and c.event not in cited:
            cited.append(c.event)
    events = []
    for eid in cited:
        if eid in result.events:
            events.append(result.events[eid])
        else:
            index = next(i for i, c in enumerate(claims) if c.event == eid)
            rep.error(claim_lines[index], f"no group file defines event {eid!r}", f"claims[{index}].event")
    tokens, offsets = tokenize(text)
    doc = Document(
        id=doc_id, title=data.get("title"), text=text, language=str(data.get("language")),
        published=None if data.get("published") is None else str(data.get("published")),
        outlet=data.get("outlet"), provenance=str(data.get("provenance")), license=str(data.get("license")),
        event_group=str(data.get("event_group")), conflict=group.conflict if group else None,
        style=data.get("style"), mentions=tuple(mentions), claims=tuple(claims), events=tuple(events),
        tokens=tuple(tokens), token_offsets=tuple(offsets), ner_tags=tuple(spans_to_iob2(offsets, mentions)),
    )
    # Document-level invariants; map claim/mention fields back to their YAML lines.
    for field_path, message in check_gold_document(doc):
        line = _line_for(field_path, data, mention_lines, claim_lines)
        if "no event with id" in message:
            continue  # already reported against the group files above
        rep.error(line, message, field_path)
    # Guideline consistency (bench.lint): errors, so the released data cannot carry these breaks; warnings
    # where the annotation is measured as it stands (a blind second annotation before adjudication).
    report = rep.error if lint else rep.warn
    for field_path, message in lint_document(doc, _claim_notes(data.get("claims"))):
        report(_line_for(field_path, data, mention_lines, claim_lines), message, field_path)
    result.documents.append(doc)
    result.extras[doc_id] = {k: data.get(k) for k in ("seed_file", "incident", "style") if k in data}


def _claim_notes(entries: Any) -> dict[str, str]:
    """Reviewers' notes by claim id (the lint lets a note justify an unusual victims class)."""
    if not isinstance(entries, LineList):
        return {}
    return {c["id"]: str(c["note"]) for c in entries
            if isinstance(c, LineDict) and isinstance(c.get("id"), str) and c.get("note") is not None}


def _line_for(field_path: str, data: LineDict, mention_lines: list[int], claim_lines: list[int]) -> Optional[int]:
    head = field_path.split(".")[0]
    if head.startswith("mentions[") and mention_lines:
        idx = int(head[len("mentions["):-1])
        return mention_lines[idx] if idx < len(mention_lines) else data.line_of("mentions")
    if head.startswith("claims[") and claim_lines:
        idx = int(head[len("claims["):-1])
        return claim_lines[idx] if idx < len(claim_lines) else data.line_of("claims")
    return data.line_of(head) if head in data else None


def load_authoring(root: Path, lint: bool = True) -> AuthoringResult:
    """Compile data/authoring/ into Documents, collecting every problem instead of stopping at the first.
    `lint=False` reports the guideline lint (bench.lint) as warnings instead of errors."""
    result = AuthoringResult(meta={})
    meta_path = root / "dataset.yaml"
    rep = _Reporter(result, str(meta_path))
    if not meta_path.exists():
        rep.error(None, "missing dataset.yaml (name, version, license, citation)")
    else:
        meta = _read_yaml(meta_path, rep)
        if meta is not None:
            for key in ("name", "version", "license"):
                if not isinstance(meta.get(key), str):
                    rep.error(meta.line_of(key), f"{key} is required (a string)", key)
            result.meta = dict(meta)
    load_groups(root, result)
    doc_paths = sorted((root / "docs").glob("*.yaml"))
    for txt in sorted((root / "docs").glob("*.txt")):
        if not txt.with_suffix(".yaml").exists():
            result.problems.append(Problem(str(txt), None, "text without an annotation file next to it"))
    for path in doc_paths:
        load_document(path, result, lint)
    # Document ids are file names, so they are unique by construction.
    return result
