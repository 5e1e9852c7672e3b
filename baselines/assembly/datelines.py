"""Datelines: the place, date and agency that open a wire report ("KADUNA, Nigeria (AP) -", "BAMAKO, March 3 -",
"Gaza City:"). The place is where the report was filed, never a party to the violence (guidelines 1.3)."""

from __future__ import annotations

from baselines.lexicon import DETERMINERS, MONTHS, PARTY_HEADS
from baselines.assembly.nounphrases import is_word
from baselines.assembly.wordlists import HEADLINE_SOURCES
from baselines.text import Analysis

_DASHES = frozenset("- – — --".split())
_MAX_PLACE = 5


def _place_end(an: Analysis, k: int, hi: int) -> int:
    """The end of a run of capitalised words from k ("PORT-AU-PRINCE", "Gaza City", "St. Louis")."""
    start = k
    while k < hi and k - start < _MAX_PLACE:
        t = an.toks[k]
        if is_word(t) and t[0].isupper():
            k += 1
        elif k > start and an.joined(k) and t in ("-", ".") and k + 1 < hi and an.joined(k + 1):
            k += 2  # "PORT-AU-PRINCE" arrives as PORT - AU - PRINCE
        else:
            break
    return min(k, hi)


def _date_end(an: Analysis, k: int, hi: int) -> int:
    """The end of a date from k ("March 3", "Oct 6", "3 March", "May 4, 2023"), or k when none starts there."""
    low = an.low
    if k + 1 < hi and low[k] in MONTHS and low[k + 1].isdigit():
        k += 2
    elif k + 1 < hi and low[k].isdigit() and low[k + 1] in MONTHS:
        k += 2
    else:
        return k
    if k + 1 < hi and an.toks[k] == "," and low[k + 1].isdigit() and len(low[k + 1]) == 4:
        k += 2
    elif k < hi and low[k].isdigit() and len(low[k]) == 4:
        k += 1
    return k


def dateline_end(an: Analysis, lo: int, hi: int) -> int:
    """The first token after the dateline that opens sentence [lo, hi), or lo when it opens with none."""
    toks, low = an.toks, an.low
    k = lo + 1 if lo < hi and toks[lo] == "(" else lo  # "(Dakar, May 4, 2023) - ..."
    bracketed = k > lo
    end = _place_end(an, k, hi)
    if end == k or low[k] in DETERMINERS or any(low[m] in HEADLINE_SOURCES or low[m] in PARTY_HEADS
                                                for m in range(k, end)):
        return lo  # "Army: '30 dead'" is a headline source, not a place
    capitals = toks[k].isupper() and len(toks[k]) > 1
    k, dated, extended = end, False, False
    while k + 1 < hi and toks[k] == ",":
        after = _date_end(an, k + 1, hi)
        if after > k + 1:
            k, dated = after, True
            continue
        after = _place_end(an, k + 1, hi)
        if after == k + 1:
            break
        k, extended = after, True  # ", Nigeria", ", Ukraine"
    if not dated:
        after = _date_end(an, k, hi)  # "KHARKIV Oct 6"
        k, dated = after, after > k
    agency = False
    if bracketed:
        if k >= hi or toks[k] != ")":
            return lo
        k, agency = k + 1, True
    elif k < hi and toks[k] == "(":
        close = next((m for m in range(k + 1, min(hi, k + 8)) if toks[m] == ")"), None)
        if close is None:
            return lo
        k, agency = close + 1, True
    if k < hi and toks[k] in _DASHES:
        while k < hi and toks[k] in _DASHES:
            k += 1
        return k if capitals or dated or agency or extended else lo
    if k < hi and toks[k] == ":" and k - lo <= _MAX_PLACE + 1:
        return k + 1  # "Gaza City: ..."
    if (k == hi or agency) and (capitals and (dated or agency or extended)):
        return k  # a dateline on its own line, or "(AP)" without a dash
    return lo
