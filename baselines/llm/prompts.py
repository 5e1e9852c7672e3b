"""Prompts: the chat messages for one document, built from a template in configs/prompt/.

Three variants ship (configs/prompt/): `zero_shot` (the task and the output contract), `few_shot` (the same
plus k solved training documents as earlier turns of the conversation) and `guidelines` (the task with the
annotation guidelines themselves, docs/guidelines.md, in the system message). Templates use `$name`
placeholders (string.Template, so JSON braces need no escaping): `$fields` (the contract's field list),
`$example` (one answer in the contract's format), `$guidelines` (the chosen sections of the guidelines),
`$document` and `$title`.

Few-shot examples are drawn only from the documents given to `choose_examples` - `fit` passes the train
split - deterministically (a seeded shuffle of the ids in sorted order, preferring documents with claims),
and every document shown is recorded so the contamination guard can refuse a run that showed a scored one.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any, Optional, Sequence

from baselines.llm.contract import CHOICES, CLAIM_FIELDS, example_answer, gold_answer
from bench.contamination import text_sha256


@dataclass(frozen=True)
class PromptSpec:
    variant: str
    system: str
    user: str
    k: int = 0                                 # few-shot examples
    example_seed: int = 0
    guidelines: Optional[str] = None           # path of the guidelines (relative to the repository)
    guideline_sections: tuple[str, ...] = ()   # top-level section numbers to include; () = all
    max_example_chars: int = 4000              # skip training documents longer than this as examples

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> "PromptSpec":
        known = {f for f in cls.__dataclass_fields__}
        unknown = set(settings) - known
        if unknown:
            raise TypeError(f"prompt: unknown setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
        for required in ("variant", "system", "user"):
            if not isinstance(settings.get(required), str) or not settings[required].strip():
                raise ValueError(f"prompt.{required}: expected a non-empty string")
        values = dict(settings)
        values["guideline_sections"] = tuple(str(s) for s in (settings.get("guideline_sections") or ()))
        values["k"] = int(settings.get("k") or 0)
        if values["k"] < 0:
            raise ValueError("prompt.k: expected a number of examples >= 0")
        return cls(**values)


@dataclass(frozen=True)
class ShownDocument:
    """A document whose text (and gold answer) the prompt shows the model."""

    id: str
    sha256: str      # of its text, so a copy under another id is caught too

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "sha256": self.sha256}


def fields_text() -> str:
    """The contract's fields as the prompt lists them."""
    lines = []
    for field_name, (key, kind, description) in CLAIM_FIELDS.items():
        if kind == "choice":
            description += ": one of " + ", ".join(CHOICES[field_name])
        if kind == "toll":
            description += ' ({"low": int or null, "high": int or null, "vague_term": string or null, ' \
                           '"approximate": true/false})'
        lines.append(f"- {key}: {description}")
    return "\n".join(lines)


EXAMPLE_CLAIMS = [
    {"figure": "at least 12 villagers", "claimant": "a local official", "actors": ["gunmen"], "outcome": "killed",
     "victims": "civilians", "toll": {"low": 12, "high": None, "vague_term": None, "approximate": False},
     "modality": "asserted", "subset_of": None, "restates": None, "event": None},
]


def guidelines_text(path: Path, sections: Sequence[str]) -> str:
    """The guidelines' top-level sections numbered in `sections` (all of them when empty)."""
    text = path.read_text(encoding="utf-8")
    if not sections:
        return text
    parts = re.split(r"(?m)^(?=## )", text)
    chosen = [p for p in parts if re.match(r"## (\d+)\.", p) and re.match(r"## (\d+)\.", p).group(1) in sections]
    if not chosen:
        raise ValueError(f"{path}: no sections numbered {', '.join(sections)}")
    return "".join(chosen).strip()


def choose_examples(docs: Sequence[Any], k: int, seed: int, max_chars: int) -> list[Any]:
    """k documents from `docs`, the same ones for the same documents and seed."""
    if k <= 0:
        return []
    pool = sorted((d for d in docs if len(d.text) <= max_chars), key=lambda d: d.id)
    random.Random(seed).shuffle(pool)
    # Examples that show claims teach more than empty answers; keep the shuffled order otherwise.
    pool.sort(key=lambda d: 0 if d.claims else 1)
    if len(pool) < k:
        raise ValueError(f"prompt.k={k}, but only {len(pool)} training documents (of at most "
                         f"{max_chars} characters) can serve as examples")
    return pool[:k]


class PromptBuilder:
    def __init__(self, spec: PromptSpec, repo_root: Path):
        self.spec = spec
        self.examples: list[Any] = []
        guidelines = ""
        if spec.guidelines:
            path = Path(spec.guidelines)
            path = path if path.is_absolute() else repo_root / path
            if not path.is_file():
                raise FileNotFoundError(f"prompt.guidelines: no such file {path}")
            guidelines = guidelines_text(path, spec.guideline_sections)
        self._values = {"fields": fields_text(), "example": example_answer(EXAMPLE_CLAIMS), "guidelines": guidelines}
        for name in ("system", "user"):
            _check_placeholders(getattr(spec, name), f"prompt.{name}")

    @property
    def needs_examples(self) -> bool:
        return self.spec.k > 0

    def set_examples(self, train_docs: Sequence[Any]) -> None:
        self.examples = choose_examples(train_docs, self.spec.k, self.spec.example_seed, self.spec.max_example_chars)

    @property
    def shown(self) -> list[ShownDocument]:
        return [ShownDocument(d.id, text_sha256(d.text)) for d in self.examples]

    def messages(self, text: str, title: Optional[str] = None) -> list[dict[str, str]]:
        system = Template(self.spec.system).substitute(self._values, document="", title="").strip()
        out = [{"role": "system", "content": system}]
        for ex in self.examples:
            out.append({"role": "user", "content": self._user(ex.text, ex.title)})
            out.append({"role": "assistant", "content": example_answer(gold_answer(ex))})
        out.append({"role": "user", "content": self._user(text, title)})
        return out

    def _user(self, text: str, title: Optional[str]) -> str:
        return Template(self.spec.user).substitute(self._values, document=text, title=title or "").strip()


_KNOWN = {"fields", "example", "guidelines", "document", "title"}


def _check_placeholders(template: str, where: str) -> None:
    names = {m.group("named") or m.group("braced") for m in Template.pattern.finditer(template)
             if m.group("named") or m.group("braced")}
    unknown = names - _KNOWN
    if unknown:
        raise ValueError(f"{where}: unknown placeholder(s) {', '.join('$' + n for n in sorted(unknown))}; "
                         f"known: {', '.join('$' + n for n in sorted(_KNOWN))}")
