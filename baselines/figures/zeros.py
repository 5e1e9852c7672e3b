"""Explicit zeros: "no one was hurt", "there were no casualties", "nobody was killed", "none of the
passengers" (guidelines 1.1; toll [0, 0] by `bench.tolls`).

A zero is a figure only when the sentence says that the outcome did not happen in the incident: the phrase
is the subject of an outcome verb ("no one was killed"), or an outcome noun is reported, suffered or
existed ("no deaths were reported", "suffered no casualties", "there were no casualties"). Questions,
conditionals and modal verbs ("if the dam breaks, no one would survive") state no zero, and neither do
other verbs ("no one knows", "no one has claimed the attack") or a text that reports no incident.
"""

from __future__ import annotations

from typing import Optional

from baselines.figures.heads import extend_head, head_after
from baselines.lexicon import (
    AUX_WORDS, CIVILIAN_MODIFIERS, DETERMINERS, INCIDENT_NOUNS, OUTCOME_CUES, TOLL_NOUNS, VICTIM_HEADS, VIOLENT_VERBS,
    WEAPON_NOUNS,
)
from baselines.text import Analysis

ZERO_OPENERS = frozenset("no nobody none not noone".split())
# Outcome nouns after "no" and the outcome they deny: "no casualties" counts dead and wounded together.
_OUTCOME_NOUNS = {"casualties": "killed_or_injured", "casualty": "killed_or_injured", "deaths": "killed",
                  "death": "killed", "fatalities": "killed", "fatality": "killed", "losses": "killed",
                  "loss": "killed", "victims": "killed", "dead": "killed", "injuries": "injured",
                  "injury": "injured"}
# Verbs of a denied harm besides the outcome cues ("no civilians were harmed", "nobody was hit").
_HARM_VERBS = {"harmed": "injured", "hit": "injured"}
# Verbs that report an outcome noun ("no deaths were reported", "suffered no casualties").
_REPORTED = frozenset("""reported recorded registered confirmed suffered suffer suffers caused cause causing
    sustained taken inflicted""".split())
_THERE_BE = frozenset("were was are is been be".split())
_MODALS = frozenset("would could might may will should can shall must".split())
_CONDITIONALS = frozenset("if whether unless lest".split())
# Between the zero and its verb: auxiliaries and adverbs ("had been", "else", "so far"), and a short
# prepositional phrase ("nobody in our street was hurt").
_SKIPPED = (AUX_WORDS - _MODALS) | frozenset(
    "there else inside here yet so far ever seriously badly critically actually".split())
_PREPOSITIONS = frozenset("in at from on inside among of aboard within near".split())
# After "no": qualifiers ("no fewer than 10") and changes of a toll ("no new deaths", "no further
# casualties"), which state no zero of the incident.
_NOT_ZERO_AFTER_NO = frozenset("fewer less more longer new further additional other".split())
# Nouns that make an outcome noun a modifier: "no death toll", "no casualty figures", "death squads".
_COMPOUND_TAILS = TOLL_NOUNS | frozenset("""report reports list lists penalty sentence sentences
    squad squads row camp camps threat threats certificate certificates""".split())
# Words that report an incident: attacks, weapons, violent verbs.
_INCIDENT_WORDS = INCIDENT_NOUNS | VIOLENT_VERBS | WEAPON_NOUNS | frozenset("""blast blasts explosion explosions
    bomb bombs shell shells grenade grenades gunfire shelling operation engagement engagements""".split())
_PARTITIVE_DETERMINERS = frozenset("the its their our his her my your these those this that".split())


def zero_at(an: Analysis, i: int, lo: int, hi: int) -> Optional[tuple[int, int, str, str]]:
    """(first, last, outcome, victims) of an explicit zero starting at token i, or None."""
    low = an.low
    phrase = _zero_phrase(an, i, hi) if _reports_incident(an) else None
    if phrase is None:
        return None
    end = hi
    while end > lo + 1 and low[end - 1] in ('"', "”", "'", ")"):
        end -= 1
    if low[end - 1] == "?" or any(low[k] in _CONDITIONALS for k in range(max(lo, i - 8), i)):
        return None
    last, head, scan = phrase
    noun_outcome = _OUTCOME_NOUNS.get(low[head]) if head is not None else None
    outcome = _denied_outcome(an, scan, hi, noun_outcome)
    if outcome is None and noun_outcome is not None and _reported_before(an, i, lo):
        outcome = noun_outcome
    if outcome is None:
        return None
    victims = "unspecified"
    if head is not None and low[head] in VICTIM_HEADS:
        victims = VICTIM_HEADS[low[head]]
    if victims == "unspecified" and any(low[k] in CIVILIAN_MODIFIERS for k in range(i, last)):
        victims = "civilians"
    return i, last, outcome, victims


def _reports_incident(an: Analysis) -> bool:
    """True when the text reports some violent incident, which a zero can be about (guidelines 1.1: only a
    zero stated about an incident the article reports); read once per document."""
    found = an.cache.get("reports_incident")
    if found is None:
        found = not _INCIDENT_WORDS.isdisjoint(an.low)
        an.cache["reports_incident"] = found
    return found


def _zero_phrase(an: Analysis, i: int, hi: int) -> Optional[tuple[int, Optional[int], int]]:
    """(end of the span, victims or outcome head or None, where the verb search starts)."""
    low = an.low
    w = low[i]
    nxt = low[i + 1] if i + 1 < hi else ""
    if w in ("nobody", "noone"):
        return i + 1, None, i + 1
    if w == "no" and nxt == "one":
        return i + 2, None, i + 2
    if w == "none":
        if nxt != "of" or i + 2 >= hi:
            return i + 1, None, i + 1
        k = i + 2
        if low[k] in ("them", "us", "whom", "you"):
            return i + 1, None, k + 1  # a bare "of them" stays out of the span (guidelines 1.1)
        if low[k] in _PARTITIVE_DETERMINERS:
            k += 1
        return _headed(an, k, hi, after_of=True)
    if w == "not":
        if nxt == "a" and i + 2 < hi and low[i + 2] == "single":
            return _headed(an, i + 3, hi)
        return _headed(an, i + 2, hi) if nxt == "one" else None
    if w == "no" and nxt and nxt not in DETERMINERS and nxt not in _NOT_ZERO_AFTER_NO:
        for k in (i + 1, i + 2):
            if k < hi and low[k] in _OUTCOME_NOUNS and (k == i + 1 or low[i + 1].isalpha()):
                if k + 1 < hi and low[k + 1] in _COMPOUND_TAILS:
                    return None  # "no official death toll" counts nothing
                return k + 1, k, k + 1  # "no casualties", "no civilian casualties"
        return _headed(an, i + 1, hi)
    return None


def _headed(an: Analysis, k: int, hi: int, after_of: bool = False) -> Optional[tuple[int, Optional[int], int]]:
    found = head_after(an, k, hi, after_of=after_of) if k < hi else None
    if found is None:
        return None
    head, _ = extend_head(an, found[0], found[1], hi)
    return head + 1, head, head + 1


def _denied_outcome(an: Analysis, k: int, hi: int, noun_outcome: Optional[str]) -> Optional[str]:
    """The outcome verb whose subject the zero is ("no one was killed"), skipping auxiliaries and a short
    prepositional phrase; a reporting verb after an outcome noun ("no deaths were reported")."""
    low = an.low
    in_phrase = 0
    steps = 0
    while k < hi and steps < 8:
        w = low[k]
        if w in _MODALS:
            return None
        if w in OUTCOME_CUES or w in _HARM_VERBS:
            outcome = OUTCOME_CUES.get(w) or _HARM_VERBS[w]
            if k + 2 < hi and low[k + 1] == "or" and OUTCOME_CUES.get(low[k + 2], outcome) != outcome:
                return "killed_or_injured"  # "none were killed or wounded"
            return outcome
        if noun_outcome is not None and w in _REPORTED:
            return noun_outcome
        if w in ("taken", "held") and k + 1 < hi and low[k + 1] in ("captive", "hostage", "prisoner"):
            return "abducted"
        if w in _PREPOSITIONS:
            in_phrase = 4
        elif w in _SKIPPED:
            pass
        elif in_phrase and w.isalpha() and not w.endswith("ed") and w not in _REPORTED:
            in_phrase -= 1
        else:
            return None
        k += 1
        steps += 1
    return None


def _reported_before(an: Analysis, i: int, lo: int) -> bool:
    """"suffered no casualties", "there were no casualties", "caused no deaths"."""
    low = an.low
    prev = low[i - 1] if i - 1 >= lo else ""
    if prev in _REPORTED:
        return True
    return prev in _THERE_BE and any(low[k] == "there" for k in range(max(lo, i - 3), i - 1))
