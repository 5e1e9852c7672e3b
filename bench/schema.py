"""The ClaimBench record schema: one `Document` per news article.

The dataclasses are the single source of truth. `to_dict`/`from_dict` give the JSON form used by the
released files and by submissions, and `json_schema()` derives a JSON Schema from the same constants so
the two cannot drift apart. Field-level checks that need no other record live in `from_dict`; checks that
need the whole document (offsets against the text, references between claims) live in `bench.validation`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Optional

from bench.problems import RecordError, short_repr

LABELS = ("CASUALTY", "ACTOR", "CLAIMANT")
# killed_or_injured (schema 0.2): a combined total ("32 killed or wounded") that no text splits.
OUTCOMES = ("killed", "injured", "missing", "abducted", "killed_or_injured")
VICTIMS = ("civilians", "children", "women", "combatants", "security_forces", "mixed", "unspecified")
MODALITIES = ("asserted", "hedged", "denied")
PROVENANCES = ("seed", "authored")
# IOB2 tag inventory, in the order of the `ner_tags` ClassLabel.
TAG_NAMES = ("O",) + tuple(f"{prefix}-{label}" for label in LABELS for prefix in ("B", "I"))


@dataclass(frozen=True)
class Toll:
    """A normalised casualty figure: an interval [low, high]; None means unbounded on that side."""

    low: Optional[int] = None
    high: Optional[int] = None
    vague_term: Optional[str] = None
    approximate: bool = False

    def as_interval(self) -> tuple[Optional[int], Optional[int]]:
        return (self.low, self.high)


@dataclass(frozen=True)
class Mention:
    id: str
    label: str
    start: int
    end: int
    text: str = ""


@dataclass(frozen=True)
class Claim:
    id: str
    casualty: str
    claimant: Optional[str]
    actors: tuple[str, ...]
    outcome: str
    victims: str
    toll: Toll
    subset_of: Optional[str]
    event: Optional[str]
    modality: str = "asserted"
    # Schema 0.2: the id of an earlier claim of this document that this one repeats (same source, same
    # figure). The scorer counts a group of restatements once; null for a claim stated for the first time.
    restates: Optional[str] = None


@dataclass(frozen=True)
class Event:
    id: str
    date: Optional[str]
    location: Optional[str]
    description: str


@dataclass(frozen=True)
class Document:
    id: str
    title: Optional[str]
    text: str
    language: str
    published: Optional[str]
    outlet: Optional[str]
    provenance: str
    license: str
    event_group: str
    mentions: tuple[Mention, ...] = ()
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()
    # Derived, filled by bench.tokenize.add_token_layer; kept so that released records are self-contained.
    tokens: tuple[str, ...] = ()
    token_offsets: tuple[tuple[int, int], ...] = ()
    ner_tags: tuple[str, ...] = ()
    conflict: Optional[str] = None
    # The article's style (wire, local, ...; authored documents only), so scores can be broken down by it.
    style: Optional[str] = None


# --------------------------------------------------------------------------------------------------
# dict <-> dataclass


def _flat(obj: Any) -> dict[str, Any]:
    # dataclasses.asdict deep-copies every value; our records hold only scalars and tuples of scalars, so a
    # shallow field walk gives the same dict an order of magnitude faster (scoring dumps every gold record).
    return {f: getattr(obj, f) for f in obj.__dataclass_fields__}


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    d = _flat(claim)
    d["actors"] = list(claim.actors)
    d["toll"] = _flat(claim.toll)
    return d


def document_to_dict(doc: Document) -> dict[str, Any]:
    """JSON form of a document, keys in schema order (the released files depend on this order)."""
    return {
        "id": doc.id,
        "title": doc.title,
        "text": doc.text,
        "language": doc.language,
        "published": doc.published,
        "outlet": doc.outlet,
        "provenance": doc.provenance,
        "license": doc.license,
        "event_group": doc.event_group,
        "conflict": doc.conflict,
        "style": doc.style,
        "mentions": [_flat(m) for m in doc.mentions],
        "claims": [claim_to_dict(c) for c in doc.claims],
        "events": [_flat(e) for e in doc.events],
        "tokens": list(doc.tokens),
        "token_offsets": [list(o) for o in doc.token_offsets],
        "ner_tags": list(doc.ner_tags),
    }


def _require(d: Any, key: str, where: str, kinds: tuple[type, ...], nullable: bool = False) -> Any:
    if not isinstance(d, dict):
        raise RecordError(where, f"expected an object, got {type(d).__name__}")
    if key not in d:
        raise RecordError(f"{where}.{key}", "missing required field")
    value = d[key]
    if value is None and nullable:
        return None
    # bool is an int subclass; a toll of `true` is an error, not 1.
    if isinstance(value, bool) and bool not in kinds:
        raise RecordError(f"{where}.{key}", f"expected {_kind_names(kinds)}, got a boolean")
    if not isinstance(value, kinds):
        raise RecordError(f"{where}.{key}", f"expected {_kind_names(kinds)}, got {type(value).__name__}")
    return value


def _kind_names(kinds: tuple[type, ...]) -> str:
    names = {str: "a string", int: "an integer", list: "a list", dict: "an object", bool: "a boolean"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _choice(d: dict, key: str, where: str, choices: tuple[str, ...]) -> str:
    value = _require(d, key, where, (str,))
    if value not in choices:
        raise RecordError(f"{where}.{key}", f"{short_repr(value)} is not one of {', '.join(choices)}")
    return value


# Largest toll bound accepted (docs/submission.md, "Limits"): no reported casualty figure comes near it, and
# it keeps every figure exactly representable as a float for the log-error and ratio metrics.
MAX_BOUND = 10**9
TOLL_FIELDS = ("low", "high", "vague_term", "approximate")
MENTION_FIELDS = ("id", "label", "start", "end", "text")
CLAIM_FIELDS = ("id", "casualty", "claimant", "actors", "outcome", "victims", "toll", "subset_of", "event",
                "modality", "restates")


def _bound(d: dict, key: str, where: str) -> Optional[int]:
    value = d.get(key)
    if value is None:
        return None
    expected = f"expected a non-negative integer of at most {MAX_BOUND:,} or null"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value) or not value.is_integer():
            raise RecordError(f"{where}.{key}", f"{expected}, got {value}")
        if not 0 <= value <= MAX_BOUND:
            raise RecordError(f"{where}.{key}", f"{expected}, got {value:g}")
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(f"{where}.{key}", f"{expected}, got {short_repr(value)}")
    if not 0 <= value <= MAX_BOUND:
        shown = str(value) if len(str(value)) <= 30 else f"a {len(str(value))}-digit number"
        raise RecordError(f"{where}.{key}", f"{expected}, got {shown}")
    return value


class _Errors:
    """Collects every RecordError of one record, so that all its problems are reported at once."""

    def __init__(self):
        self.found: list[RecordError] = []

    def take(self, fn, *args, default=None, **kwargs):
        try:
            return fn(*args, **kwargs)
        except RecordError as exc:
            self.found.extend(exc.all)
            return default

    def unknown(self, d: dict, allowed: tuple[str, ...], where: str) -> None:
        unknown = [k for k in d if k not in allowed]
        if unknown:
            names = ", ".join(short_repr(k, 30) for k in sorted(map(str, unknown))[:5])
            names += f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
            self.found.append(RecordError(where, f"unknown field(s) {names}; expected {', '.join(allowed)}"))

    def raise_any(self) -> None:
        if self.found:
            raise RecordError(self.found[0].field, self.found[0].message, all=self.found)


def toll_from_dict(d: Any, where: str, require_bounds: bool = False) -> Toll:
    """require_bounds: `low` and `high` must both be present (null for an open side), as in a submission,
    where a left-out `high` would silently turn "15" into "at least 15"."""
    if not isinstance(d, dict):
        raise RecordError(where, f"expected an object with low/high/vague_term/approximate, got {type(d).__name__}")
    errors = _Errors()
    errors.unknown(d, TOLL_FIELDS, where)
    if require_bounds:
        for key in ("low", "high"):
            if key not in d:
                errors.found.append(RecordError(f"{where}.{key}", "missing required field (null for an open side)"))
    low, high = errors.take(_bound, d, "low", where), errors.take(_bound, d, "high", where)
    if low is not None and high is not None and low > high:
        errors.found.append(RecordError(where, f"low ({low}) is greater than high ({high})"))
    vague = d.get("vague_term")
    if vague is not None and not isinstance(vague, str):
        errors.found.append(RecordError(f"{where}.vague_term", "expected a string or null"))
    approximate = d.get("approximate", False)
    if not isinstance(approximate, bool):
        errors.found.append(RecordError(f"{where}.approximate", "expected true or false"))
    errors.raise_any()
    return Toll(low=low, high=high, vague_term=vague, approximate=approximate)


def mention_from_dict(d: Any, where: str, require_text: bool = True) -> Mention:
    if not isinstance(d, dict):
        raise RecordError(where, f"expected an object, got {type(d).__name__}")
    errors = _Errors()
    errors.unknown(d, MENTION_FIELDS, where)
    mid = errors.take(_require, d, "id", where, (str,))
    label = errors.take(_choice, d, "label", where, LABELS)
    start = errors.take(_require, d, "start", where, (int,))
    end = errors.take(_require, d, "end", where, (int,))
    if start is not None and end is not None and (start < 0 or end <= start):
        errors.found.append(RecordError(f"{where}", f"bad offsets start={start} end={end}: need 0 <= start < end"))
    if require_text:
        text = errors.take(_require, d, "text", where, (str,), default="")
    else:
        text = d.get("text", "")
        if not isinstance(text, str):
            errors.found.append(RecordError(f"{where}.text", "expected a string"))
        elif "text" in d and not text:
            errors.found.append(RecordError(f"{where}.text", "empty; give text[start:end] or leave the field out"))
    errors.raise_any()
    return Mention(id=mid, label=label, start=start, end=end, text=text)


def claim_from_dict(d: Any, where: str) -> Claim:
    """Checks every field of the claim and raises one RecordError carrying all problems (`.all`)."""
    if not isinstance(d, dict):
        raise RecordError(where, f"expected an object, got {type(d).__name__}")
    errors = _Errors()
    errors.unknown(d, CLAIM_FIELDS, where)
    optional = lambda key: errors.take(_require, d, key, where, (str,), nullable=True) if key in d else None  # noqa: E731
    cid = errors.take(_require, d, "id", where, (str,))
    actors = errors.take(_require, d, "actors", where, (list,), default=[]) if "actors" in d else []
    for i, a in enumerate(actors):
        if not isinstance(a, str):
            errors.found.append(RecordError(f"{where}.actors[{i}]", "expected a mention id (string)"))
    claim = dict(
        id=cid,
        casualty=errors.take(_require, d, "casualty", where, (str,)),
        claimant=errors.take(_require, d, "claimant", where, (str,), nullable=True),
        actors=tuple(actors),
        outcome=errors.take(_choice, d, "outcome", where, OUTCOMES),
        victims=errors.take(_choice, d, "victims", where, VICTIMS),
        toll=errors.take(lambda: toll_from_dict(_require(d, "toll", where, (dict,)), f"{where}.toll", require_bounds=True)),
        subset_of=optional("subset_of"),
        event=optional("event"),
        modality=errors.take(_choice, d, "modality", where, MODALITIES) if "modality" in d else "asserted",
        restates=optional("restates"),
    )
    errors.raise_any()
    return Claim(**claim)


def event_from_dict(d: Any, where: str) -> Event:
    return Event(
        id=_require(d, "id", where, (str,)),
        date=_require(d, "date", where, (str,), nullable=True),
        location=_require(d, "location", where, (str,), nullable=True),
        description=_require(d, "description", where, (str,)),
    )


def document_from_dict(d: Any, where: str = "record") -> Document:
    """Parse a released record. Raises RecordError naming the first bad field."""
    if not isinstance(d, dict):
        raise RecordError(where, f"expected a JSON object, got {type(d).__name__}")
    mentions = _require(d, "mentions", where, (list,))
    claims = _require(d, "claims", where, (list,))
    events = d.get("events") or []
    offsets = d.get("token_offsets") or []
    return Document(
        id=_require(d, "id", where, (str,)),
        title=_require(d, "title", where, (str,), nullable=True),
        text=_require(d, "text", where, (str,)),
        language=_require(d, "language", where, (str,)),
        published=_require(d, "published", where, (str,), nullable=True),
        outlet=_require(d, "outlet", where, (str,), nullable=True),
        provenance=_choice(d, "provenance", where, PROVENANCES),
        license=_require(d, "license", where, (str,)),
        event_group=_require(d, "event_group", where, (str,)),
        conflict=d.get("conflict"),
        style=d.get("style"),
        mentions=tuple(mention_from_dict(m, f"{where}.mentions[{i}]") for i, m in enumerate(mentions)),
        claims=tuple(claim_from_dict(c, f"{where}.claims[{i}]") for i, c in enumerate(claims)),
        events=tuple(event_from_dict(e, f"{where}.events[{i}]") for i, e in enumerate(events)),
        tokens=tuple(d.get("tokens") or ()),
        token_offsets=tuple((int(a), int(b)) for a, b in offsets),
        ner_tags=tuple(d.get("ner_tags") or ()),
    )


# --------------------------------------------------------------------------------------------------
# JSON Schema, derived from the constants above (docs/schema.md embeds it via `claimbench data schema`).


def json_schema() -> dict[str, Any]:
    nullable_str = {"type": ["string", "null"]}
    bound = {"type": ["integer", "null"], "minimum": 0}
    mention = {
        "type": "object",
        "required": ["id", "label", "start", "end", "text"],
        "properties": {
            "id": {"type": "string"},
            "label": {"enum": list(LABELS)},
            "start": {"type": "integer", "minimum": 0},
            "end": {"type": "integer", "minimum": 1},
            "text": {"type": "string"},
        },
    }
    toll = {
        "type": "object",
        "required": ["low", "high", "vague_term", "approximate"],
        "properties": {"low": bound, "high": bound, "vague_term": nullable_str, "approximate": {"type": "boolean"}},
    }
    claim = {
        "type": "object",
        "required": ["id", "casualty", "claimant", "actors", "outcome", "victims", "toll", "subset_of", "event", "modality"],
        "properties": {
            "id": {"type": "string"},
            "casualty": {"type": "string", "description": "id of a CASUALTY mention"},
            "claimant": {**nullable_str, "description": "id of a CLAIMANT mention; null = the article's own voice"},
            "actors": {"type": "array", "items": {"type": "string"}, "description": "ids of ACTOR mentions"},
            "outcome": {"enum": list(OUTCOMES)},
            "victims": {"enum": list(VICTIMS)},
            "toll": toll,
            "subset_of": {**nullable_str, "description": "id of the claim this figure is a subset of"},
            "event": {**nullable_str, "description": "global event id"},
            "modality": {"enum": list(MODALITIES)},
            "restates": {**nullable_str, "description": "id of an earlier claim of the same source this one repeats"},
        },
    }
    event = {
        "type": "object",
        "required": ["id", "date", "location", "description"],
        "properties": {"id": {"type": "string"}, "date": nullable_str, "location": nullable_str, "description": {"type": "string"}},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ClaimBench document",
        "type": "object",
        "required": ["id", "title", "text", "language", "published", "outlet", "provenance", "license",
                     "event_group", "mentions", "claims", "events", "tokens", "token_offsets", "ner_tags"],
        "properties": {
            "id": {"type": "string"},
            "title": nullable_str,
            "text": {"type": "string", "minLength": 1},
            "language": {"type": "string"},
            "published": {**nullable_str, "description": "ISO date YYYY-MM-DD"},
            "outlet": nullable_str,
            "provenance": {"enum": list(PROVENANCES)},
            "license": {"type": "string"},
            "event_group": {"type": "string"},
            "conflict": nullable_str,
            "style": {**nullable_str, "description": "article style of an authored document"},
            "mentions": {"type": "array", "items": mention},
            "claims": {"type": "array", "items": claim},
            "events": {"type": "array", "items": event},
            "tokens": {"type": "array", "items": {"type": "string"}},
            "token_offsets": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}},
            "ner_tags": {"type": "array", "items": {"enum": list(TAG_NAMES)}},
        },
    }
