"""The casualty-figure finder: CASUALTY spans with their victims and outcome (guidelines 1.1, 2.4).

`find_figures(analysis)` returns every casualty figure of a document: a number expression in digits or words,
a range, or a vague quantity word, with the qualifier in front ("at least", "as high as") and the victims'
head noun with its modifiers after it ("over 130 Malian soldiers and Wagner fighters"). A number only
counts when the words around it report people killed, injured, missing or abducted, so dates, ages,
durations, distances, money, troop strengths, displaced people and counts of strikes stay out.

`describe_span(analysis, first, last)` gives the victims and outcome of a span found by another component
(the CRF or the transformer), so that every extractor assigns them the same way, and
`is_casualty_figure(analysis, first, last)` is the one test, shared by the finder and the taggers' spans,
that a span counts people hit (not houses, rockets, ages or attackers on the move). Tolls always come from
`bench.tolls.find_toll`, the benchmark's one normaliser.

Modules: `numbers` (number expressions, qualifiers, numbers that count no one), `heads` (victims heads,
lists, quotation marks), `context` (the outcome and casualty cues around a figure, headlines), `zeros`
(explicit zeros), `filter` (the casualty test), `finder` (the figures of a document), `spans` (tagger
spans).
"""

from baselines.figures.context import after_subset_cue
from baselines.figures.filter import is_casualty_figure
from baselines.figures.finder import Figure, find_figures
from baselines.figures.spans import describe_span

__all__ = ["Figure", "after_subset_cue", "describe_span", "find_figures", "is_casualty_figure"]
