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
_AGE_WORDS = frozenset("aged age ages".split())
_AGE_RANGE_JOINERS = frozenset("to and or - –".split())
# Units of an age ("aged two years", "a seven-month-old baby").
AGE_UNITS = frozenset("year years month months week weeks day days".split())


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
    if prev in CURRENCY_SIGNS or prev in _NOT_BEFORE_NUMBER:
        return True
    if (prev in MONTHS and an.toks[i - 1] != "may") or (nxt in MONTHS and an.toks[e] != "may"):
        return True  # "May 5", "5 May"; "the 110 may suffer" is a verb
    if prev == "no" and w == "one":
        return True
    if _second_age(an, i, lo):
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


def _second_age(an: Analysis, i: int, lo: int) -> bool:
    """True when the number at token i closes an age range: "aged 8 to 12", "aged between 8 and 12", "aged
    30 and 45", "between the ages of 8 and 12" (ages are no figure, guidelines 1.1)."""
    low = an.low
    k = i - 2
    if k < lo or low[i - 1] not in _AGE_RANGE_JOINERS or not (low[k][0].isdigit() or low[k] in NUMBER_WORDS):
        return False
    k -= 1
    if k >= lo and low[k] == "between":
        k -= 1
    return k >= lo and (low[k] in _AGE_WORDS or (low[k] == "of" and k - 1 >= lo and low[k - 1] in _AGE_WORDS))


def age_end(an: Analysis, k: int, hi: int) -> int:
    """End of an age after a victims head at token k ("three boys aged 8 to 12", "a girl aged two"), which
    stays in the span (guidelines 1.1: ages inside a figure stay in the span and are not the figure); k when
    there is none."""
    low = an.low
    if k + 1 >= hi or low[k] != "aged":
        return k
    words = number_words(an)
    j = k + 1
    if low[j] == "between":
        j += 1
    found = number_end(an, words, j, hi) if j < hi else None
    if found is None or found[1]:
        return k
    j = found[0]
    if j + 1 < hi and low[j] in _AGE_RANGE_JOINERS:
        second = number_end(an, words, j + 1, hi)
        if second is not None and not second[1]:
            j = second[0]
    if j < hi and low[j] in AGE_UNITS:
        j += 1
    return j


def toll_of(span_text: str) -> Optional[Toll]:
    """The toll of a span by `bench.tolls.find_toll`, with "N-year-old" ages blanked (ages are no figure)."""
    return find_toll(_AGE.sub(" ", span_text) if _AGE.search(span_text) else span_text)
