"""The rule-based baseline: no training, guideline-driven rules only.

Figures come from `baselines.figures` (number expressions in digits and words, qualifiers, ranges, vague
words, victims heads, the casualty context that separates a toll from a date or a troop count); claimants,
actors, subsets, modality and events from `baselines.assembly`'s cue rules. Every rule is written from
docs/guidelines.md, never from a particular article.
"""

from __future__ import annotations

from baselines.assembly import assemble
from baselines.base import Extractor
from baselines.figures import find_figures
from baselines.registry import register
from baselines.text import Analysis


@register("rule_based")
class RuleBasedExtractor(Extractor):
    """Casualty figures, claimants and actors by cue rules."""

    @property
    def trainable(self) -> bool:
        # Only the optional claim linker learns anything.
        return self.use_linker

    def fit(self, train_docs, validation_docs=None) -> "RuleBasedExtractor":
        self.fit_linker(train_docs, validation_docs)
        return self

    def save(self, path) -> None:
        self.save_linker(path)

    def load(self, path) -> "RuleBasedExtractor":
        self.load_linker(path)
        return self

    def predict_one(self, an: Analysis, doc_id: str) -> dict:
        return assemble(an, doc_id, find_figures(an), linker=self.linker)
