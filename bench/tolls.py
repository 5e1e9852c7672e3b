"""Toll normalisation: turn the text of a casualty figure into a `Toll` interval.

One function, `normalise_toll`, is used by the dataset builder, the validator and every baseline, so the
rules in docs/guidelines.md ("Toll normalisation") are implemented exactly once:

    "15"                         -> [15, 15]
    "at least 15"                -> [15, None]
    "more than 130", "over 130"  -> [131, None]        (strict bounds move by one)
    "up to 20", "as high as 20"  -> [None, 20]
    "fewer than 10"              -> [None, 9]
    "between 20 and 30"          -> [20, 30]
    "about 50"                   -> [50, 50], approximate
    "dozens"                     -> [24, None], vague_term "dozens"   (the literal floor of the word)
    "many"                       -> [None, None], vague_term "many"
    "no casualties", "nobody"    -> [0, 0]             (explicit zeros: no one, none, no deaths)

Number words parse like digits ("eleven", "twenty-one", "a hundred and thirty", "two dozen"). The figure
is the first number expression in the text; a range ("between 20 and 30", "20 to 30", "20-30") is one
expression.
"""

from __future__ import annotations

import re
from typing import Optional

from bench.schema import MAX_BOUND, Toll

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

# Vague quantity words and their literal floor (None: no floor). Longer phrases are tried first.
VAGUE_FLOORS: dict[tuple[str, ...], Optional[int]] = {
    ("several", "dozen"): 36,
    ("several", "hundred"): 300,
    ("several", "thousand"): 3000,
    ("a", "few", "dozen"): 24,
    ("a", "few", "hundred"): 200,
    ("a", "few", "thousand"): 2000,
    ("tens", "of", "thousands"): 20000,
    ("hundreds", "of", "thousands"): 200000,
    ("a", "dozen"): 12,
    ("dozens",): 24,
    ("scores",): 40,
    ("hundreds",): 200,
    ("thousands",): 2000,
    ("tens",): 20,
    ("several",): 3,
    ("a", "few"): 2,
    ("a", "handful"): 2,
    ("a", "large", "number"): None,
    ("a", "high", "number"): None,
    ("a", "number"): None,
    ("large", "numbers"): None,
    ("large", "number"): None,
    ("many",): None,
    ("numerous",): None,
    ("countless",): None,
    ("high",): None,
}

# Qualifiers that stand before the figure. kind: lower/lower_strict/upper/upper_strict/approx.
QUALIFIERS: dict[tuple[str, ...], str] = {
    ("at", "least"): "lower",
    ("no", "fewer", "than"): "lower",
    ("no", "less", "than"): "lower",
    ("not", "less", "than"): "lower",
    ("a", "minimum", "of"): "lower",
    ("more", "than"): "lower_strict",
    ("over",): "lower_strict",
    ("upwards", "of"): "lower_strict",
    ("in", "excess", "of"): "lower_strict",
    ("above",): "lower_strict",
    ("up", "to"): "upper",
    ("as", "high", "as"): "upper",
    ("as", "many", "as"): "upper",
    ("at", "most"): "upper",
    ("no", "more", "than"): "upper",
    ("not", "more", "than"): "upper",
    ("a", "maximum", "of"): "upper",
    ("less", "than"): "upper_strict",
    ("fewer", "than"): "upper_strict",
    ("under",): "upper_strict",
    ("below",): "upper_strict",
    ("about",): "approx",
    ("around",): "approx",
    ("approximately",): "approx",
    ("roughly",): "approx",
    ("some",): "approx",
    ("an", "estimated"): "approx",
    ("estimated",): "approx",
    ("nearly",): "approx",
    ("near",): "approx",
    ("almost",): "approx",
    ("close", "to"): "approx",
    ("circa",): "approx",
}
RANGE_OPENERS = {"between", "from"}
RANGE_JOINERS = {"and", "to", "-", "–", "—", "or"}

_TOKEN = re.compile(r"\d[\d,]*|[a-z]+|[-–—]")


def tokens_of(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


def parse_number_at(words: list[str], i: int) -> Optional[tuple[int, int]]:
    """Parse a number (digits or words) starting at words[i]; return (value, index after it) or None.
    A number above MAX_BOUND is no casualty figure (a year count, an amount of money, a 4,301-digit
    string that Python would not even convert): None."""
    found = _parse_number_at(words, i)
    return None if found is None or found[0] > MAX_BOUND else found


def _parse_number_at(words: list[str], i: int) -> Optional[tuple[int, int]]:
    n = len(words)
    if i >= n:
        return None
    w = words[i]
    if w[0].isdigit():
        digits = w.rstrip(",")
        # "1,200" is a thousands separator; "15,000," keeps working; "3,4" is not a number we read.
        if "," in digits and not re.fullmatch(r"\d{1,3}(,\d{3})+", digits):
            digits = digits.split(",")[0]
        digits = digits.replace(",", "")
        if len(digits) > len(str(MAX_BOUND)):
            return None
        value, j = int(digits), i + 1
        if j < n and words[j] in SCALES:
            value, j = value * SCALES[words[j]], j + 1
        elif j < n and words[j] == "dozen":
            value, j = value * 12, j + 1
        return value, j

    # Word numbers: `last` is the kind of the previous word, which decides what may follow it.
    total, current, j, last = 0, 0, i, None
    while j < n:
        w = words[j]
        if w in ("a", "an") and last is None and j + 1 < n and (words[j + 1] in SCALES or words[j + 1] == "dozen"):
            current, last = 1, "unit"
        elif w in UNITS and (last in (None, "hundred", "scale", "and") or (last == "tens" and UNITS[w] < 10)):
            current, last = current + UNITS[w], "unit"
        elif w in TENS and last in (None, "hundred", "scale", "and"):
            current, last = current + TENS[w], "tens"
            if j + 2 < n + 1 and j + 2 <= n - 1 and words[j + 1] in ("-", "–") and UNITS.get(words[j + 2], 10) < 10:
                current, j = current + UNITS[words[j + 2]], j + 2
        elif w == "hundred" and last in ("unit", "tens"):
            current, last = current * 100, "hundred"
        elif w in SCALES and last in ("unit", "tens", "hundred"):
            total, current, last = total + current * SCALES[w], 0, "scale"
        elif w == "dozen" and last == "unit":
            current, last = current * 12, "hundred"
        elif w == "and" and last in ("hundred", "scale") and j + 1 < n and (words[j + 1] in UNITS or words[j + 1] in TENS):
            last = "and"
        else:
            break
        j += 1
    if last is None:
        return None
    return total + current, j


def _match_phrase(words: list[str], i: int, table: dict) -> Optional[tuple[tuple[str, ...], int]]:
    for phrase in sorted(table, key=len, reverse=True):
        if tuple(words[i:i + len(phrase)]) == phrase:
            return phrase, i + len(phrase)
    return None


def _qualifier_before(words: list[str], i: int) -> Optional[str]:
    for phrase in sorted(QUALIFIERS, key=len, reverse=True):
        k = len(phrase)
        if i - k >= 0 and tuple(words[i - k:i]) == phrase:
            return QUALIFIERS[phrase]
    return None


def _inside_qualifier(words: list[str], i: int) -> bool:
    """True when words[i] belongs to a qualifier ("as high as"), so "high" there is no vague figure."""
    for s in range(max(0, i - 2), i + 1):
        found = _match_phrase(words, s, QUALIFIERS)
        if found and found[1] > i:
            return True
    return False


def _is_age(words: list[str], j: int) -> bool:
    """True when the figure ending before words[j] is an age: "15-year-old", "15 years old", "aged 15"."""
    rest = [w for w in words[j:j + 4] if w not in ("-", "–")]
    return rest[:2] in (["year", "old"], ["years", "old"]) or rest[:1] == ["month"] and rest[1:2] == ["old"]


def _figure_at(words: list[str], i: int) -> Optional[tuple[Optional[int], Optional[str], int]]:
    """(value or floor, vague term or None, index after) for a figure starting at words[i]."""
    # "a dozen" is vague but "two dozen" is 24: try the vague lexicon first only where it starts here.
    vague = None if _inside_qualifier(words, i) else _match_phrase(words, i, VAGUE_FLOORS)
    number = parse_number_at(words, i)
    if vague and (number is None or number[1] <= vague[1]):
        phrase, j = vague
        # "a number of" / "large numbers of": the phrase only counts as a figure when "of" follows or it ends.
        return VAGUE_FLOORS[phrase], " ".join(phrase), j
    if number:
        return number[0], None, number[1]
    return None


def find_toll(text: str) -> Optional[Toll]:
    """Normalise the first figure in `text`; None when the text holds no figure."""
    words = tokens_of(text)
    if is_explicit_zero(words):
        return Toll(low=0, high=0)
    for i in range(len(words)):
        figure = _figure_at(words, i)
        if figure is None:
            continue
        value, vague, j = figure
        if _is_age(words, j) or (i > 0 and words[i - 1] == "aged"):
            continue  # "a 15-year-old boy" is one victim, not fifteen
        # A range: "between 20 and 30", "20 to 30", "20-30".
        if j + 1 <= len(words) - 1 and words[j] in RANGE_JOINERS and vague is None:
            second = _figure_at(words, j + 1)
            opener = i > 0 and words[i - 1] in RANGE_OPENERS
            if second and second[1] is None and second[0] is not None and value is not None and (
                opener or words[j] != "and"
            ) and second[0] >= value:
                return Toll(low=value, high=second[0])
        kind = _qualifier_before(words, i)
        if vague is not None:
            low = value
            if low is not None and kind == "lower_strict":
                low += 1
            if kind in ("upper", "upper_strict"):
                return Toll(low=None, high=value if kind == "upper" else (value - 1 if value else None), vague_term=vague)
            return Toll(low=low, high=None, vague_term=vague)
        assert value is not None
        if kind == "lower":
            return Toll(low=value, high=None)
        if kind == "lower_strict":
            return Toll(low=value + 1, high=None)
        if kind == "upper":
            return Toll(low=None, high=value)
        if kind == "upper_strict":
            return Toll(low=None, high=max(value - 1, 0))
        if kind == "approx":
            return Toll(low=value, high=value, approximate=True)
        return Toll(low=value, high=value)
    # "a child was killed": a singular indefinite figure is one.
    if words and words[0] in ("a", "an") and len(words) > 1:
        return Toll(low=1, high=1)
    return None


# Explicit zeros (schema 0.2): a CASUALTY span that says nobody was hit is the toll [0, 0].
ZERO_OPENERS: tuple[tuple[str, ...], ...] = (("nobody",), ("none",), ("no", "one"), ("not", "one"),
                                             ("not", "a", "single"), ("not", "a"), ("no",))
_ZERO_FIRST_WORDS = frozenset(phrase[0] for phrase in ZERO_OPENERS)


def is_explicit_zero(words: list[str]) -> bool:
    """True for spans such as "no casualties", "no one", "nobody", "no deaths", "none of the passengers",
    "not a single civilian". Only the opening words count ("a village with no school" is unaffected), a
    bare "no" needs a noun after it, and the qualifiers "no fewer than 10", "no more than 5" stay figures."""
    if not words or words[0] not in _ZERO_FIRST_WORDS:
        return False  # the common case, decided without building a tuple per opener
    for phrase in ZERO_OPENERS:
        if tuple(words[:len(phrase)]) != phrase:
            continue
        if phrase == ("no",) and (len(words) < 2 or _match_phrase(words, 0, QUALIFIERS)):
            continue
        if phrase == ("not", "a") and len(words) < 3:
            continue
        return True
    return False


def normalise_toll(text: str) -> Toll:
    """Like `find_toll`, but a text without a figure is an error."""
    toll = find_toll(text)
    if toll is None:
        raise ValueError(f"no casualty figure found in {text!r}")
    return toll


def toll_from_expression(expression) -> Toll:
    """An annotator's toll override: a phrase ("at least 15") or a mapping with low/high/vague_term/approximate."""
    if isinstance(expression, (int,)) and not isinstance(expression, bool):
        return Toll(low=expression, high=expression)
    if isinstance(expression, str):
        return normalise_toll(expression)
    raise ValueError(f"expected a phrase such as 'at least 15' or a number, got {expression!r}")
