"""Victims and outcome of CASUALTY spans found by a tagger (the CRF, the transformer), read the way the
finder reads its own, so that every extractor assigns them alike."""

from __future__ import annotations

from baselines.figures.context import bare_context, outcome_near, sentence_limits
from baselines.lexicon import CIVILIAN_MODIFIERS, OUTCOME_HEADS, VICTIM_HEADS
from baselines.text import Analysis


def describe_span(an: Analysis, first: int, last: int) -> tuple[str, str]:
    """(outcome, victims) of a CASUALTY span found by a tagger, read the way the finder reads its own."""
    low = an.low
    lo, hi = sentence_limits(an, first)
    cat = "unspecified"
    cats = []
    head_outcome = None
    civilian_mod = False
    for j in range(first, last):
        w = low[j]
        if w in CIVILIAN_MODIFIERS:
            civilian_mod = True
        if w in VICTIM_HEADS:
            c = VICTIM_HEADS[w]
            if not (cats and j > first and low[j - 1] in VICTIM_HEADS):
                cats.append(c)
            else:
                cats[-1] = c
        if w in OUTCOME_HEADS:
            head_outcome = OUTCOME_HEADS[w]
    cats = [c for c in cats if c != "unspecified"] or cats
    if cats:
        distinct = set(cats)
        cat = "mixed" if len(distinct) > 1 and "and" in low[first:last] else cats[-1]
    if civilian_mod and cat in ("unspecified",):
        cat = "civilians"
    cue = outcome_near(an, first, last, lo, hi)
    if head_outcome and low[last - 1] in OUTCOME_HEADS:
        outcome = head_outcome
    elif cue is not None and cue[0] != "none":
        outcome = cue[0]
    else:
        outcome = bare_context(an, first, last, lo, hi) or head_outcome or "killed"
    return outcome, cat
