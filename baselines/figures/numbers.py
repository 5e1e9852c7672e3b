"""Number expressions as the figure finder reads them: digits and number words, vague quantity words,
ranges, the qualifier in front ("at least", "as high as"), and the numbers that count no one (dates, years,
money, units, codes; guidelines 1.1)."""

from __future__ import annotations

import re
from typing import Optional

from bench.schema import Toll
from bench.tolls import QUALIFIERS, VAGUE_FLOORS, find_toll, parse_number_at

from baselines.lexicon import CURRENCY_SIGNS, MONTHS, NUMBER_WORDS, UNIT_WORDS
from baselines.text import Analysis

_PURE_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_AGE = re.compile(r"\b\d+\s*-\s*(?:year|month|week|day)s?\s*-\s*old\b", re.IGNORECASE)
_VAGUE_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in sorted(VAGUE_FLOORS, key=len, reverse=True):
    if _phrase != ("high",):  # "high" is a figure only as "a high number", matched by its longer phrase
        _VAGUE_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)
_QUALIFIERS_BY_LAST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in sorted(QUALIFIERS, key=len, reverse=True):
    _QUALIFIERS_BY_LAST.setdefault(_phrase[-1], []).append(_phrase)
_NOT_BEFORE_NUMBER = frozenset("""aged age ages no number route highway road article resolution chapter page section
    battalion brigade division platoon phase flight level grade class room ward block sector km kilometre
    kilometer paragraph item vol volume issue episode season verse""".split())


def number_words(an: Analysis) -> list[str]:
    """The lower-cased tokens as `bench.tolls.parse_number_at` reads them (ordinals and codes blanked)."""
    words = an.cache.get("number_words")
    if words is None:
        words = []
        for w in an.low:
            if w[0].isdigit() and not _PURE_NUMBER.fullmatch(w):
                words.append("#")
            else:
                words.append(w)
        an.cache["number_words"] = words
    return words


def number_end(an: Analysis, words: list[str], i: int, limit: int) -> Optional[tuple[int, bool]]:
    """(index after the number expression starting at token i, is_vague) or None."""
    w = words[i]
    vague = None
    for phrase in _VAGUE_BY_FIRST.get(w, ()):
        k = len(phrase)
        if i + k <= limit and tuple(words[i:i + k]) == phrase:
            vague = i + k
            break
    number = None
    if w[0].isdigit() or w in NUMBER_WORDS or (w in ("a", "an") and i + 1 < limit):
        parsed = parse_number_at(words, i)
        if parsed is not None and parsed[1] <= limit:
            number = parsed[1]
    if vague is not None and (number is None or number <= vague):
        return vague, True
    if number is not None:
        return number, False
    return None


def starts_number(an: Analysis, i: int, limit: int) -> bool:
    words = number_words(an)
    return i < limit and number_end(an, words, i, limit) is not None


def qualifier_start(an: Analysis, i: int, floor: int) -> int:
    """Start of a qualifier phrase ending right before token i ("at least", "as high as"), else i."""
    low = an.low
    if i - 1 < floor:
        return i
    for phrase in _QUALIFIERS_BY_LAST.get(low[i - 1], ()):
        k = len(phrase)
        if i - k >= floor and tuple(low[i - k:i]) == phrase:
            return i - k
    return i


def number_excluded(an: Analysis, i: int, e: int, lo: int, hi: int) -> bool:
    """Numbers that are dates, years, ages, money, times, percentages, codes."""
    low, toks = an.low, an.toks
    w = low[i]
    prev = low[i - 1] if i - 1 >= lo else ""
    nxt = low[e] if e < hi else ""
    if prev in MONTHS or nxt in MONTHS or prev in CURRENCY_SIGNS or prev in _NOT_BEFORE_NUMBER:
        return True
    if prev == "no" and w == "one":
        return True
    if nxt in UNIT_WORDS or nxt in ("%",):
        return True
    if nxt in ("-", "–") and e + 1 < hi and low[e + 1] in ("year", "years", "month", "day", "week", "hour", "km",
                                                         "strong", "member", "day", "storey"):
        return True
    if nxt == ":" and e + 1 < hi and low[e + 1][:1].isdigit():
        return True
    if w.isdigit() and len(w) == 4 and 1900 <= int(w) <= 2100 and e == i + 1:
        return True
    if w[0].isdigit() and an.joined(i) and toks[i - 1] in ("/", ".", "-", "#"):
        return True
    return False


def toll_of(span_text: str) -> Optional[Toll]:
    """The toll of a span by `bench.tolls.find_toll`, with "N-year-old" ages blanked (ages are no figure)."""
    return find_toll(_AGE.sub(" ", span_text) if _AGE.search(span_text) else span_text)
