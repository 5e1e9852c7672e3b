"""Extractors registered by name, the way spaCy and lm-evaluation-harness register components.

    from baselines.registry import register, get_extractor

    @register("my_extractor")
    class MyExtractor(Extractor): ...

    extractor = get_extractor("my_extractor", **settings)

The three baselines live in modules imported lazily on first lookup, so `import baselines` stays cheap
(no torch or transformers unless the transformer extractor is asked for).
"""

from __future__ import annotations

import importlib
from typing import Any, Callable, TypeVar

T = TypeVar("T")

_REGISTRY: dict[str, type] = {}
# Built-in extractors and the modules that register them.
_BUILTIN = {
    "rule_based": "baselines.rule_based",
    "crf": "baselines.crf",
    "transformer": "baselines.transformer",
    "llm": "baselines.llm",
}


def register(name: str) -> Callable[[T], T]:
    """Class decorator: make an `Extractor` subclass available as `get_extractor(name)`."""

    def deco(cls: T) -> T:
        existing = _REGISTRY.get(name)
        if existing is not None and existing is not cls and existing.__qualname__ != getattr(cls, "__qualname__", None):
            raise ValueError(f"an extractor named {name!r} is already registered ({existing.__module__})")
        _REGISTRY[name] = cls  # type: ignore[assignment]
        cls.name = name  # type: ignore[attr-defined]
        return cls

    return deco


def available() -> list[str]:
    """Names of every registered or built-in extractor."""
    return sorted(set(_REGISTRY) | set(_BUILTIN))


def get_extractor_class(name: str) -> type:
    if name not in _REGISTRY and name in _BUILTIN:
        importlib.import_module(_BUILTIN[name])
    if name not in _REGISTRY:
        raise KeyError(f"unknown extractor {name!r}; available: {', '.join(available())}")
    return _REGISTRY[name]


def get_extractor(name: str, **settings: Any):
    """An instance of the extractor registered as `name`, configured with `settings` (unknown keys are an
    error, so a misspelt override does not pass silently)."""
    cls = get_extractor_class(name)
    return cls(**settings)
