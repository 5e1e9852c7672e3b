"""`meta.yaml` of a leaderboard submission: its schema and validation.

A submission is data only. meta.yaml is size-checked before it is parsed, parsed with the safe loader
(`!!python/...` tags are errors), and every field is type- and length-checked; URLs must be http(s) so that
nothing but a plain link ever reaches the page.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Optional

from bench.problems import Problem, short_repr
from bench.yamlio import LineDict, YamlError, load_yaml_with_lines

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
MAX_META_BYTES = 64 * 1024
MAX_PREDICTIONS_BYTES = 100 * 1024 * 1024
TRAINING_DATA = ("bundled-train", "external")
MODEL_TYPES = ("rule-based", "feature-based", "fine-tuned-encoder", "llm-zero-shot", "llm-few-shot", "llm-fine-tuned")
MAX_PARAMETERS = 10 ** 15  # a number of parameters beyond any model; larger is a typo

# field -> (required, kind, max length). kind: str, url, date, bool, authors, training, model_type, count
FIELDS: dict[str, tuple[bool, str, int]] = {
    "system": (True, "str", 100),
    "authors": (True, "authors", 100),
    "organisation": (False, "str", 200),
    "url": (False, "url", 500),
    "paper": (False, "url", 500),
    "description": (True, "str", 2000),
    "date": (True, "date", 10),
    "model_size": (False, "str", 50),
    "training_data": (True, "training", 20),
    "training_data_notes": (False, "str", 1000),
    "baseline": (True, "bool", 5),
    "license": (True, "str", 100),
    "model_type": (True, "model_type", 30),
    "parameters": (False, "count", 0),
    "open_weights": (False, "bool", 5),
    "uses_test_documents": (True, "bool", 5),
    "prompt": (False, "str", 4000),
}


@dataclass(frozen=True)
class SubmissionMeta:
    system: str
    authors: tuple[str, ...]
    description: str
    date: str
    training_data: str
    baseline: bool
    license: str
    model_type: str
    uses_test_documents: bool
    organisation: Optional[str] = None
    url: Optional[str] = None
    paper: Optional[str] = None
    model_size: Optional[str] = None
    training_data_notes: Optional[str] = None
    parameters: Optional[float] = None
    open_weights: Optional[bool] = None
    prompt: Optional[str] = None

    def as_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


def check_slug(slug: str) -> Optional[str]:
    """None when `slug` is a valid submission folder name, else why not."""
    # fullmatch: `$` in a regex also matches before a final newline, which let "abc\n" through.
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        return (f"invalid submission slug {slug!r}: use 1-64 lowercase letters, digits and inner hyphens "
                "(no slashes, dots or spaces)")
    return None


# An http(s) URL of printable ASCII without spaces, quotes or angle brackets (non-ASCII must be
# percent-encoded); the renderers percent-encode the characters that are Markdown syntax.
URL = re.compile(r"https?://[!#-&(-;=?-~]+")
MULTILINE = ("description", "training_data_notes", "prompt")


def text_problem(value: str, multiline: bool = False) -> Optional[str]:
    """Why a submission string cannot be shown on the board, or None. Control characters, bidi overrides,
    zero-width and other invisible characters (and lone surrogates, which are not even UTF-8) could
    disguise a name or reorder what a reader sees, so they are refused."""
    for i, c in enumerate(value):
        if c.isprintable() or c == " " or (multiline and c in "\n\t"):
            continue
        if unicodedata.category(c) == "Zs":  # no-break and other spaces: shown as a space
            continue
        return (f"character {i + 1} is U+{ord(c):04X} ({unicodedata.name(c, unicodedata.category(c))}); control, "
                "format and invisible characters are not allowed")
    return None


def _field_problem(key: str, value: Any, kind: str, limit: int) -> Optional[str]:
    if kind == "bool":
        return None if isinstance(value, bool) else "expected true or false"
    if kind == "count":
        # bool is an int in Python: `parameters: true` is a mistake, not 1.
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            return "expected a number of parameters (e.g. 22000000 or 2.2e7)"
        if not 0 <= value <= MAX_PARAMETERS:
            return f"expected a number between 0 and {MAX_PARAMETERS:.0e}"
        return None
    if kind == "authors":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or len(items) > 50:
            return "expected a name or a list of 1 to 50 names"
        for item in items:
            if not isinstance(item, str) or not item.strip() or len(item) > limit:
                return f"each author must be a non-empty string of at most {limit} characters"
            if text_problem(item):
                return f"author {item!r}: {text_problem(item)}"
        return None
    if not isinstance(value, str) or not value.strip():
        return "expected a non-empty string"
    if len(value) > limit:
        return f"at most {limit} characters, got {len(value)}"
    why = text_problem(value, multiline=key in MULTILINE)
    if why:
        return why
    if kind == "url" and not URL.fullmatch(value):
        return ("expected an http:// or https:// URL of printable ASCII characters without spaces, quotes or "
                "angle brackets (percent-encode others)")
    if kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return "expected an ISO date YYYY-MM-DD"
    if kind == "training" and value not in TRAINING_DATA:
        return f"expected one of {', '.join(TRAINING_DATA)}"
    if kind == "model_type" and value not in MODEL_TYPES:
        return f"expected one of {', '.join(MODEL_TYPES)}"
    return None


def load_meta(path: Path, baseline_allowed: bool = True) -> tuple[Optional[SubmissionMeta], list[Problem]]:
    """baseline_allowed: whether this submission is one of the maintainers' baselines
    (leaderboard/maintainers.yaml); `baseline: true` is refused otherwise."""
    path = Path(path)
    if not path.is_file():
        return None, [Problem(str(path), None, "missing meta.yaml (see docs/submitting.md)")]
    size = path.stat().st_size
    if size > MAX_META_BYTES:
        return None, [Problem(str(path), None, f"meta.yaml is {size} bytes; the limit is {MAX_META_BYTES}")]
    try:
        data = load_yaml_with_lines(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        return None, [Problem(str(path), None, f"not valid UTF-8 (byte {exc.start})")]
    except YamlError as exc:
        return None, [Problem(str(path), exc.line, exc.message)]
    if not isinstance(data, LineDict):
        return None, [Problem(str(path), 1, "expected a mapping of fields (see docs/submitting.md)")]
    problems = []
    for key in data:
        if key not in FIELDS:
            problems.append(Problem(str(path), data.line_of(key), f"unknown field {short_repr(key)}; expected "
                                    f"{', '.join(FIELDS)}", field=short_repr(key)))
    values: dict[str, Any] = {}
    for key, (required, kind, limit) in FIELDS.items():
        if key not in data or data[key] is None:
            if required:
                problems.append(Problem(str(path), data.line, "missing required field", field=key))
            continue
        why = _field_problem(key, data[key], kind, limit)
        if why:
            problems.append(Problem(str(path), data.line_of(key), why, field=key))
        else:
            values[key] = tuple([data[key]] if isinstance(data[key], str) else data[key]) if kind == "authors" else data[key]
    if values.get("baseline") and not baseline_allowed:
        problems.append(Problem(str(path), data.line_of("baseline"), "`baseline: true` is reserved for the "
                                "maintainers' baselines listed in leaderboard/maintainers.yaml", field="baseline"))
    if values.get("training_data") == "external" and not values.get("training_data_notes"):
        problems.append(Problem(str(path), data.line_of("training_data"),
                                "external training data must be described in training_data_notes", field="training_data_notes"))
    if values.get("prompt") and not str(values.get("model_type", "")).startswith("llm-"):
        problems.append(Problem(str(path), data.line_of("prompt"), "`prompt` describes an LLM's prompt; "
                                "model_type must be one of the llm-* types", field="prompt"))
    if problems:
        return None, problems
    return SubmissionMeta(**values), []
