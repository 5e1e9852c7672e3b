"""The output contract between the prompt and the extractor: what the model must return, and how to read it.

The model returns one JSON object `{"claims": [...]}`. A claim names its mentions by quoting the document
(`figure`, `claimant`, `actors`) and gives the other fields of `bench.schema.Claim` as values; links to
other claims (`subset_of`, `restates`) are 0-based positions in the list, and `event` is null for the
article's main incident or a few words naming another incident. `response_schema()` derives the JSON
Schema from the schema dataclasses and their constants (a field added to `Claim` or `Toll` without a rule
here is an error at import time), so the prompt, the `response_format` and the scorer cannot drift apart.

`parse_response` reads what a model actually sends: JSON inside code fences or after a preamble, a bare
list of claims, and a response cut off by `max_tokens` (the complete claims before the cut are kept and
the parse is reported as `salvaged`).
"""

from __future__ import annotations

import dataclasses
import json
import re
import typing
from typing import Any, Optional

from bench.schema import MODALITIES, OUTCOMES, VICTIMS, Claim, Toll

# How each field of `Claim` is asked for. kind: quote (a text span of the document), quotes (a list of
# them), choice (one of the schema's constants), toll (the Toll dataclass), position (an earlier claim's
# index), description (free text naming another incident). `id` is assigned by the extractor.
CLAIM_FIELDS: dict[str, tuple[str, str, str]] = {
    # Claim field: (contract key, kind, description for the model)
    "casualty": ("figure", "quote", "the casualty figure with its qualifier and victims noun, copied exactly "
                                    "from the article, e.g. \"at least 15 civilians\""),
    "claimant": ("claimant", "quote", "who the article says gives the figure, copied exactly; null when the "
                                      "article states it in its own voice"),
    "actors": ("actors", "quotes", "the parties said to have carried out the violence, each copied exactly"),
    "outcome": ("outcome", "choice", "what happened to the victims"),
    "victims": ("victims", "choice", "who the victims are"),
    "toll": ("toll", "toll", "the figure as an interval; null bounds are open"),
    "modality": ("modality", "choice", "asserted, hedged (may, could, reportedly) or denied"),
    "subset_of": ("subset_of", "position", "index in this list of the claim whose victims include these "
                                           "(\"including 11 children\"); null otherwise"),
    "restates": ("restates", "position", "index of an earlier claim of the same source with the same figure "
                                         "that this one repeats; null otherwise"),
    "event": ("event", "description", "null for the article's main incident; a few words naming another, "
                                      "earlier incident otherwise"),
}
CHOICES: dict[str, tuple[str, ...]] = {"outcome": OUTCOMES, "victims": VICTIMS, "modality": MODALITIES}

_missing = {f.name for f in dataclasses.fields(Claim)} - set(CLAIM_FIELDS) - {"id"}
if _missing:  # a schema field the contract does not ask for would silently never be predicted
    raise ImportError(f"baselines.llm.contract: no contract rule for Claim field(s) {', '.join(sorted(_missing))}")

# What a model tends to write instead of the schema's words.
SYNONYMS: dict[str, dict[str, str]] = {
    "outcome": {"dead": "killed", "death": "killed", "deaths": "killed", "died": "killed", "kill": "killed",
                "wounded": "injured", "injury": "injured", "injuries": "injured", "hurt": "injured",
                "kidnapped": "abducted", "abduction": "abducted", "taken": "abducted", "disappeared": "missing",
                "killed or injured": "killed_or_injured", "casualties": "killed_or_injured"},
    "victims": {"civilian": "civilians", "child": "children", "woman": "women", "soldiers": "security_forces",
                "police": "security_forces", "military": "security_forces", "fighters": "combatants",
                "militants": "combatants", "combatant": "combatants", "unknown": "unspecified",
                "people": "unspecified"},
    "modality": {"assertion": "asserted", "hedge": "hedged", "uncertain": "hedged", "denial": "denied"},
}
# Used when the model leaves a field with a natural default out or writes something unknown.
DEFAULTS = {"victims": "unspecified", "modality": "asserted"}


def _json_type(annotation: Any) -> dict[str, Any]:
    args = typing.get_args(annotation)
    nullable = type(None) in args
    base = next((a for a in args if a is not type(None)), annotation) if args else annotation
    name = {int: "integer", str: "string", bool: "boolean"}[base]
    schema: dict[str, Any] = {"type": [name, "null"] if nullable else name}
    if base is int:
        schema["minimum"] = 0
    return schema


def toll_schema() -> dict[str, Any]:
    hints = typing.get_type_hints(Toll)
    props = {f.name: _json_type(hints[f.name]) for f in dataclasses.fields(Toll)}
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


def claim_schema() -> dict[str, Any]:
    props: dict[str, Any] = {}
    for field_name, (key, kind, description) in CLAIM_FIELDS.items():
        if kind == "quote":
            spec: dict[str, Any] = {"type": "string"} if field_name == "casualty" else {"type": ["string", "null"]}
        elif kind == "quotes":
            spec = {"type": "array", "items": {"type": "string"}}
        elif kind == "choice":
            spec = {"type": "string", "enum": list(CHOICES[field_name])}
        elif kind == "toll":
            spec = toll_schema()
        elif kind == "position":
            spec = {"type": ["integer", "null"], "minimum": 0}
        else:
            spec = {"type": ["string", "null"]}
        props[key] = {**spec, "description": description}
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


def response_schema() -> dict[str, Any]:
    """JSON Schema of the model's whole answer."""
    return {"type": "object", "properties": {"claims": {"type": "array", "items": claim_schema()}},
            "required": ["claims"], "additionalProperties": False}


def response_format() -> dict[str, Any]:
    """The OpenAI `response_format` argument asking for `response_schema()`."""
    return {"type": "json_schema", "json_schema": {"name": "claimbench_claims", "strict": True,
                                                   "schema": response_schema()}}


def example_answer(claims: list[dict]) -> str:
    """A contract-format answer as the prompt shows it (compact JSON, keys in contract order)."""
    return json.dumps({"claims": claims}, ensure_ascii=False)


# --------------------------------------------------------------------------------------------------
# Reading a response

_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)(?:```|$)", re.DOTALL)


@dataclasses.dataclass
class Parsed:
    """The claims read from one response and how the reading went."""

    claims: list[dict]
    outcome: str            # ok | salvaged (cut off or with junk; complete claims kept) | failed
    error: Optional[str] = None


def parse_response(content: Optional[str]) -> Parsed:
    """Claims (raw dicts, not yet checked) from a model's reply; never raises."""
    if content is None or not content.strip():
        return Parsed([], "failed", "empty response")
    text = content.strip()
    fenced = _FENCE.search(text)
    candidates = [fenced.group(1)] if fenced else []
    candidates.append(text)
    decoder = json.JSONDecoder()
    for candidate in candidates:
        # Top-level JSON values only, left to right: a value that fails to decode is cut off or broken, and
        # the objects inside it are not answers of their own (the salvage below reads them).
        pos = 0
        while True:
            m = re.compile(r"[{\[]").search(candidate, pos)
            if m is None:
                break
            try:
                value, end = decoder.raw_decode(candidate, m.start())
            except json.JSONDecodeError:
                break
            claims = _claims_of(value)
            if claims is not None:
                return Parsed(claims, "ok")
            pos = end
    salvaged = _salvage(text)
    if salvaged:
        return Parsed(salvaged, "salvaged", "incomplete JSON: kept the complete claims before the cut")
    return Parsed([], "failed", "no JSON object with a `claims` list in the response")


def _claims_of(value: Any) -> Optional[list[dict]]:
    if isinstance(value, dict) and isinstance(value.get("claims"), list):
        return [c for c in value["claims"] if isinstance(c, dict)]
    if isinstance(value, list) and all(isinstance(c, dict) for c in value):
        return list(value)
    if isinstance(value, dict) and "figure" in value:
        return [value]
    return None


def _salvage(text: str) -> list[dict]:
    """The complete claim objects of a truncated or malformed `claims` list, in order."""
    m = re.search(r'"claims"\s*:\s*\[', text) or re.search(r"\[\s*(?=\{)", text)
    if not m:
        return []
    decoder = json.JSONDecoder()
    pos, out = m.end(), []
    while True:
        nxt = text.find("{", pos)
        if nxt == -1:
            return out
        try:
            value, end = decoder.raw_decode(text, nxt)
        except json.JSONDecodeError:
            return out
        if isinstance(value, dict) and "figure" in value:
            out.append(value)
        pos = end


def choice(field_name: str, value: Any) -> Optional[str]:
    """The schema constant a model's value stands for, or None when it stands for none."""
    allowed = CHOICES[field_name]
    if isinstance(value, str):
        v = value.strip().lower().replace("-", "_")
        if v in allowed:
            return v
        v = SYNONYMS.get(field_name, {}).get(v.replace("_", " "), SYNONYMS.get(field_name, {}).get(v))
        if v:
            return v
    return DEFAULTS.get(field_name)


def toll_of(value: Any) -> Optional[Toll]:
    """A valid `Toll` from the model's toll object, or None when it is missing or malformed."""
    if not isinstance(value, dict):
        return None
    bounds = []
    for key in ("low", "high"):
        b = value.get(key)
        if isinstance(b, float) and b.is_integer():
            b = int(b)
        if b is not None and (isinstance(b, bool) or not isinstance(b, int) or b < 0):
            return None
        bounds.append(b)
    low, high = bounds
    if low is not None and high is not None and low > high:
        return None
    vague = value.get("vague_term")
    return Toll(low=low, high=high, vague_term=vague if isinstance(vague, str) and vague else None,
                approximate=value.get("approximate") is True)


def gold_answer(doc: Any) -> list[dict]:
    """A gold document's claims in the contract's format (the answers of few-shot examples).

    The event of most of the document's claims is its main incident (`event: null`); a claim of another
    event is named by that event's description."""
    by_id = {m.id: m for m in doc.mentions}
    position = {c.id: i for i, c in enumerate(doc.claims)}
    events = [c.event for c in doc.claims if c.event]
    main = max(set(events), key=lambda e: (events.count(e), -events.index(e))) if events else None
    descriptions = {e.id: e.description for e in getattr(doc, "events", ())}
    out = []
    for c in doc.claims:
        toll = dataclasses.asdict(c.toll)
        out.append({
            "figure": by_id[c.casualty].text,
            "claimant": by_id[c.claimant].text if c.claimant else None,
            "actors": [by_id[a].text for a in c.actors],
            "outcome": c.outcome, "victims": c.victims, "toll": toll, "modality": c.modality,
            "subset_of": position.get(c.subset_of) if c.subset_of else None,
            "restates": position.get(c.restates) if c.restates else None,
            "event": None if c.event in (None, main) else descriptions.get(c.event, c.event),
        })
    return out
