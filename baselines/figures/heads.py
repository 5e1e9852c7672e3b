"""Victims heads: the noun after a figure that names who was hit, with its modifiers, coordinated heads and
"of" complements ("over 130 Malian soldiers and Wagner fighters", "12 members of the security forces";
guidelines 1.1, victims classes of 2.4)."""

from __future__ import annotations

from typing import Optional

from baselines.figures.numbers import starts_number
from baselines.lexicon import (
    CIVILIAN_MODIFIERS, DETERMINERS, MONTHS, NP_STOP, OF_HEADS, OUTCOME_CUES, OUTCOME_HEADS, PRONOUNS,
    UNIT_WORDS, VICTIM_HEADS, WEEKDAYS,
)
from baselines.text import Analysis

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
        if w[0].isdigit() and j + 1 < limit and low[j + 1] == "-" and an.joined(j + 1):
            j += 1  # "12-year-old"
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
