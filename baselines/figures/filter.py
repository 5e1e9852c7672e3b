"""The one test that a span counts casualties (guidelines 1.1), applied to the finder's own figures and to
the CASUALTY spans of the learned taggers (`baselines.assembly.claims.figures_from_spans`).

Numbers that count no one hit are never CASUALTY: dates, years, ages, money and units; counts of things
("40 houses", "30 rockets", "45 drones", "15 vehicles"); and attackers counted as the agents of the attack
("20 gunmen stormed the village", "about 50 attackers on motorbikes"). Attackers who were themselves hit
are victims like any others ("20 attackers were killed", "killing 20 gunmen").
"""

from __future__ import annotations

from baselines.figures.context import KILL_VERBS, sentence_limits
from baselines.figures.heads import QUOTE_MARKS
from baselines.figures.numbers import number_end, number_excluded, number_words
from baselines.figures.zeros import ZERO_OPENERS
from baselines.lexicon import (
    ADJACENT_OUTCOME_VERBS, AGENT_CUES, AGENT_OR_OUTCOME, AGENT_PREPOSITIONS, AUX_WORDS, DETERMINERS,
    NON_VICTIM_NOUNS, NUMBER_WORDS, OUTCOME_CUES, SINGULAR_HEADS, VAGUE_FIRST_WORDS, VICTIM_HEADS,
)
from baselines.text import Analysis

# Words that may start a number expression besides digits (a cheap test before parsing one).
_NUMBER_STARTS = NUMBER_WORDS | VAGUE_FIRST_WORDS | {"a", "an"}
# Auxiliaries that keep an attackers figure the subject of an active verb ("20 gunmen had stormed").
_ACTIVE_AUX = frozenset("had have has reportedly also then later allegedly apparently".split())
# Generic heads that name attackers with "armed" before them ("30 armed men rode in").
_ARMED_HEADS = frozenset("men youths".split())


def is_casualty_figure(an: Analysis, first: int, last: int) -> bool:
    """False when the span over tokens [first, last) counts no one killed, injured, missing or abducted."""
    lo, hi = sentence_limits(an, first)
    low = an.low
    if low[first] not in ZERO_OPENERS and low[first] not in ("a", "an") and _count_excluded(an, first, last, lo, hi):
        return False
    head = last - 1
    while head > first and low[head] in QUOTE_MARKS:
        head -= 1
    if low[head] in NON_VICTIM_NOUNS and not any(low[k] in VICTIM_HEADS or low[k] in SINGULAR_HEADS
                                                 for k in range(first, head)):
        return False  # "40 houses", "30 rockets", but "a boy on a motorbike"
    if last < hi and low[last] in NON_VICTIM_NOUNS and low[head] not in VICTIM_HEADS:
        return False  # a tagger's bare "40" before "houses"
    return not _attackers(an, first, head, last, lo, hi)


def _count_excluded(an: Analysis, first: int, last: int, lo: int, hi: int) -> bool:
    """The span's first number is a date, an age, money, a unit count or a code."""
    words = number_words(an)
    for i in range(first, last):
        if not (words[i][0].isdigit() or words[i] in _NUMBER_STARTS):
            continue
        found = number_end(an, words, i, hi)
        if found is not None:
            return not found[1] and number_excluded(an, i, found[0], lo, hi)
    return False


def _attackers(an: Analysis, first: int, head: int, last: int, lo: int, hi: int) -> bool:
    """True for attackers counted as the agents of an attack: the figure is the subject of a verb of attack
    or comes with the vehicles and weapons of the attack, and no outcome verb takes it."""
    low = an.low
    if VICTIM_HEADS.get(low[head]) != "combatants" and not (low[head] in _ARMED_HEADS and "armed" in low[first:head]):
        return False
    j = first - 1
    if j >= lo and (low[j] in KILL_VERBS or low[j] in ADJACENT_OUTCOME_VERBS or low[j] in OUTCOME_CUES):
        return False  # "killing 20 attackers", "seized 20 gunmen"
    if j - 1 >= lo and low[j] == "of" and low[j - 1] in OUTCOME_CUES:
        return False  # "the bodies of 20 gunmen"
    k = last
    active = True
    while k < hi and k - last < 3 and low[k] in AUX_WORDS:
        active = active and low[k] in _ACTIVE_AUX
        k += 1
    if k >= hi:
        return False
    w = low[k]
    if w in AGENT_OR_OUTCOME:
        # "20 gunmen killed 12 villagers" is an attack; "20 militants killed in clashes" reports victims.
        return active and k + 1 < hi and _starts_object(an, k + 1)
    if w in OUTCOME_CUES:
        return False  # "20 attackers were killed", "20 gunmen died"
    if w in AGENT_CUES:
        return active
    if w in AGENT_PREPOSITIONS and k == last:
        return any(low[m] in NON_VICTIM_NOUNS for m in range(k + 1, min(hi, k + 4)))  # "on motorbikes"
    return False


def _starts_object(an: Analysis, k: int) -> bool:
    w = an.low[k]
    return w[0].isdigit() or w in NUMBER_WORDS or w in DETERMINERS or w in VICTIM_HEADS or w in ("them", "dozens",
                                                                                             "scores", "hundreds")
