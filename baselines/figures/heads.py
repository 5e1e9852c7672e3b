"""Victims heads: the noun after a figure that names who was hit, with its modifiers, coordinated heads and
"of" complements ("over 130 Malian soldiers and Wagner fighters", "12 members of the security forces";
guidelines 1.1, victims classes of 2.4)."""

from __future__ import annotations

from typing import Optional

from baselines.figures.numbers import AGE_UNITS, age_end, number_end, number_words, starts_number
from baselines.lexicon import (
    CIVILIAN_MODIFIERS, DETERMINERS, MONTHS, NP_STOP, NUMBER_WORDS, OF_HEADS, OUTCOME_CUES, OUTCOME_HEADS,
    PRONOUNS, UNIT_WORDS, VICTIM_HEADS, WEEKDAYS,
)
from baselines.text import Analysis

QUOTE_MARKS = frozenset('" “ ” ‘ \' «  »'.split())
# List glue between coordinated victims ("two farmers, a teacher and a child").
_LIST_GLUE = frozenset(", and".split())
# Words that open a list member that is no figure of its own but is part of the list ("and her mother").
_DEFINITE_OPENERS = frozenset("the his her their its our my your".split())
# Participles after a figure stay out of the span ("dozens wounded" -> "dozens", guidelines 1.1); "dead" is
# the noun of outcome ("400 dead", like "dozens of dead").
_PARTICIPLE_HEADS = frozenset("wounded injured missing".split())
# "58 wounded were evacuated": "wounded" is a noun there (guidelines 1.1).
_NOUN_FOLLOWERS = frozenset("were was are is have had remain remained remains who arrived".split())
_ADJ_ED = frozenset("""armed unarmed displaced detained unidentified suspected retired unnamed alleged so-called
    elderly wounded injured burned burnt charred mutilated decomposed bullet-riddled""".split())


def is_word(tok: str) -> bool:
    return tok[0].isalpha()


def _demonym(tok: str) -> bool:
    return (tok[0].isupper() and len(tok) > 3 and tok.lower() not in MONTHS and tok.lower() not in WEEKDAYS
            and ((tok.endswith("s") and not tok.endswith("ss")) or tok.endswith("ese")))


def head_after(an: Analysis, k: int, limit: int, after_of: bool = False) -> Optional[tuple[int, str, list[str]]]:
    """Find a victims head within a few modifiers from token k: (index of the head's last token, category,
    modifiers). Participles right after the figure are not heads ("dozens wounded" -> "dozens"), but they
    are after "of" ("dozens of dead")."""
    low, toks = an.low, an.toks
    mods: list[str] = []
    j = k
    steps = 0
    while j < limit and steps < 5:
        w = low[j]
        if w in _PARTICIPLE_HEADS and j + 1 < limit and low[j + 1] in VICTIM_HEADS \
                and low[j + 1] not in _PARTICIPLE_HEADS:
            mods.append(w)  # "140 wounded people", "20 dead persons", "dead bodies"
            j += 1
            steps += 1
            continue
        if w == "dead" and (mods or (not after_of and k - 1 >= 0 and _left_verb(an, k))):
            return None  # "leaves at least 80 dead", "80 feared dead": "dead" is predicative there
        noun_use = w in _PARTICIPLE_HEADS and j == k and j + 1 < limit and low[j + 1] in _NOUN_FOLLOWERS
        if w in VICTIM_HEADS and (noun_use or not (w in _PARTICIPLE_HEADS and (mods or (j == k and not after_of)))):
            head = j
            # "police officers", "civilian casualties": a run of heads is one head.
            while head + 1 < limit and low[head + 1] in VICTIM_HEADS and low[head + 1] not in _PARTICIPLE_HEADS \
                    and low[head + 1] != "dead" and not an.masked[head + 1]:
                head += 1
            cat = VICTIM_HEADS[low[head]]
            if any(m in CIVILIAN_MODIFIERS for m in mods) or low[j] in CIVILIAN_MODIFIERS and head > j:
                cat = "civilians"
            return head, cat, mods
        if _demonym(toks[j]) and (j + 1 >= limit or not (toks[j + 1][0].isupper() or low[j + 1] in ("-", "–"))):
            return j, "unspecified", mods
        joined = an.joined(j)
        if w in ("-", "–") and joined and j + 1 < limit and an.joined(j + 1):
            j += 1
            continue
        if w in ("'",) and joined:
            j += 1
            continue
        if opening_quote(an, j) and j + 1 < limit:
            j += 1  # 12 "terrorists": the marks around a quoted victims noun (guidelines 1.1)
            continue
        age = _age_compound_end(an, j, limit)
        if age > j:
            mods.append(an.span_text(j, age).lower())  # "three seven-year-old children" (guidelines 1.1)
            j = age
            steps += 1
            continue
        if not is_word(w) or w in NP_STOP or w in OUTCOME_CUES or w in UNIT_WORDS or w in MONTHS \
                or w in ("of", "for", "from", "on") or w in DETERMINERS or w in PRONOUNS \
                or (w.endswith("ed") and not joined and w not in _ADJ_ED):
            return None
        if not joined:
            steps += 1
        mods.append(w)
        j += 1
    return None


def _age_compound_end(an: Analysis, j: int, limit: int) -> int:
    """End of an "N-year-old" compound starting at token j ("12-year-old", "seven-month-old"), else j."""
    low = an.low
    if j + 4 >= limit or not (low[j][0].isdigit() or low[j] in NUMBER_WORDS) or low[j + 4] != "old" \
            or low[j + 2] not in AGE_UNITS or not all(an.joined(k) for k in range(j + 1, j + 5)):
        return j
    return j + 5


def _left_verb(an: Analysis, k: int) -> bool:
    """True when the figure ending at token k is the object of "leave" ("left 12 dead")."""
    low = an.low
    j = k - 1
    steps = 0
    while j >= 0 and steps < 6:
        if low[j] in ("left", "leaves", "leave", "leaving"):
            return True
        j -= 1
        steps += 1
    return False


def extend_head(an: Analysis, head: int, cat: str, limit: int) -> tuple[int, str]:
    """Coordinated heads without a figure of their own ("soldiers and Wagner fighters") and an "of"
    complement after member-like heads ("members of the security forces")."""
    low = an.low
    if head + 1 < limit and low[head] in OF_HEADS and low[head + 1] == "of":
        j = head + 2
        end = None
        while j < limit and j - head < 8:
            w = low[j]
            if w in VICTIM_HEADS or w in ("forces", "force", "army", "family", "group", "police", "militia"):
                end = j
                if w in ("forces", "force", "army", "police"):
                    cat = "security_forces"
                elif w in VICTIM_HEADS and VICTIM_HEADS[w] != "unspecified":
                    cat = VICTIM_HEADS[w]
                j += 1
                continue
            if not is_word(w) and not (w in ("-", "'") and an.joined(j)):
                break
            if w in NP_STOP and w not in ("the",):
                break
            j += 1
        if end is not None:
            head = end
    if head + 2 < limit and low[head + 1] in ("and", "or"):
        nxt = head + 2
        if not starts_number(an, nxt, limit) and low[nxt] not in OUTCOME_CUES:
            found = head_after(an, nxt, limit)
            if found is not None and found[0] - nxt <= 4 and low[found[0]] not in OUTCOME_HEADS:
                other = found[1]
                head = found[0]
                if other != cat:
                    cat = "mixed"
    return head, cat


def opening_quote(an: Analysis, k: int) -> bool:
    """A quotation mark that opens: attached to the word after it, not to a word before it."""
    return an.low[k] in QUOTE_MARKS and k + 1 < len(an) and an.joined(k + 1) and an.low[k + 1][0].isalnum() \
        and not (an.joined(k) and an.low[k - 1][0].isalnum())


def closing_quote(an: Analysis, k: int) -> bool:
    """A quotation mark that closes: attached to the word before it, not to a word after it ('“25”.')."""
    return k < len(an) and an.low[k] in QUOTE_MARKS and an.joined(k) and an.low[k - 1][0].isalnum() \
        and not (k + 1 < len(an) and an.joined(k + 1) and an.low[k + 1][0].isalnum())


def quote_bounds(an: Analysis, first: int, last: int, lo: int, hi: int) -> tuple[int, int]:
    """A span with its quotation marks balanced (guidelines 1.1): marks around the whole figure stay out,
    but when only part of it is quoted both marks stay in: '12 "terrorists"', '“at least 30” people'."""
    low = an.low
    marks = [k for k in range(first, last) if low[k] in QUOTE_MARKS and (opening_quote(an, k) or closing_quote(an, k))]
    if len(marks) % 2 == 0:
        return first, last
    if closing_quote(an, marks[0]) and first - 1 >= lo and opening_quote(an, first - 1):
        return first - 1, last
    if opening_quote(an, marks[-1]) and last < hi and closing_quote(an, last):
        return first, last + 1
    return first, last


def member_end(an: Analysis, j: int, hi: int) -> Optional[int]:
    """End of a coordinated victims phrase starting at token j ("a teacher", "two men aged 30 and 45", "her
    mother"), None when no victims phrase starts there."""
    low = an.low
    if j >= hi:
        return None
    if low[j] in _DEFINITE_OPENERS or low[j] in ("a", "an"):
        k = j + 1
    else:
        found = number_end(an, number_words(an), j, hi)
        if found is None:
            return None
        k = found[0]
    head = head_after(an, k, hi) if k < hi else None
    if head is None or head[0] - k > 4:
        return None
    return age_end(an, head[0] + 1, hi)


def list_end(an: Analysis, k: int, hi: int, stop: int = -1) -> int:
    """End of the coordinated victims phrases that follow token k ("..., a teacher and a child"); the scan
    stops before a member that starts at token `stop`. k when none follows."""
    low = an.low
    while k + 1 < hi and low[k] in _LIST_GLUE:
        j = k + 1
        if low[k] == "," and low[j] == "and":
            j += 1
        if j == stop:
            return k
        end = member_end(an, j, hi)
        if end is None:
            return k
        k = end
    return k


def in_list_after(an: Analysis, k: int, i: int, hi: int) -> bool:
    """True when token i starts a member of the list of coordinated victims phrases that follows token k
    (the end of a figure): the figure of "two farmers, a teacher and a child" and its members share an
    outcome."""
    end = list_end(an, k, hi, stop=i)
    return end < i and all(an.low[m] in _LIST_GLUE for m in range(end, i))
