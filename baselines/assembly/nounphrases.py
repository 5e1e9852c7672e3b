"""Noun phrases: the phrase starting or ending at a token, coordinated phrases, and what makes a phrase a
source or a party (guidelines 1.2, 1.3)."""

from __future__ import annotations

from typing import Optional

from baselines.assembly.wordlists import Span, ADJ_ED, COMMON_VERBS, GENERIC_PARTY_HEADS, NOT_PLACES, PLACE_PREPS, NAME_TITLES, POSSESSIVE_MARKS, TITLE_WORDS, VERB_STOPS
from baselines.lexicon import (
    ATTACHING_PREPS, DETERMINERS, DOCUMENT_HEADS, MONTHS, NON_PARTY_HEADS, NP_STOP, PARTY_HEADS, PRONOUNS, TIME_WORDS, WEEKDAYS,
)
from baselines.text import Analysis


def is_word(tok: str) -> bool:
    return tok[:1].isalpha()


def np_forward(an: Analysis, i: int, hi: int, depth: int = 0, actor: bool = False) -> Optional[int]:
    """End (exclusive) of the noun phrase starting at token i: determiner, modifiers, head and directly
    attached of/for/from/on complements (guidelines 1.2). None when no noun phrase starts there."""
    low, toks = an.low, an.toks
    j = i
    if j < hi and low[j] in ("both", "either") and depth == 0:
        return None if j + 1 >= hi else np_forward(an, j + 1, hi, depth, actor)
    if j < hi and (low[j] in MONTHS and toks[j][0].isupper() and low[j] != "may" or low[j] in WEEKDAYS):
        return None
    if j < hi and low[j] == "one" and j + 1 < hi and low[j + 1] == "of":
        j += 2
    if j < hi and low[j] in DETERMINERS and low[j] not in ("one", "two", "three", "four", "several", "some"):
        j += 1
    content = 0
    end = None
    while j < hi and j - i < 14:
        w, t = low[j], toks[j]
        if an.masked[j]:
            break
        if w in POSSESSIVE_MARKS and content and j + 1 < hi and low[j + 1] == "s" and an.joined(j):
            j += 2  # "Mali’s army": the possessive stays inside the phrase
            continue
        if w in POSSESSIVE_MARKS and content and low[j - 1].endswith("s") and an.joined(j) and j + 1 < hi \
                and is_word(toks[j + 1]) and not an.joined(j + 1):
            j += 1  # "victims' families"
            continue
        if w in ("-", "–") and content and an.joined(j) and j + 1 < hi and an.joined(j + 1):
            j += 2  # "al-Qaeda-linked", "Tuareg-majority": the next piece belongs to the word
            end = j
            continue
        if w == "the" and content and toks[j - 1][0].isupper() and j + 1 < hi and toks[j + 1][0].isupper() \
                and low[j - 1] not in ATTACHING_PREPS:
            j += 1  # "Save the Children"
            continue
        if w in ("'", "’") and content and an.joined(j) and j + 1 < hi and an.joined(j + 1) and is_word(toks[j + 1]):
            j += 1  # "Jama'at"
            continue
        if (w in ATTACHING_PREPS or (w in PLACE_PREPS and not actor)) and content and depth < 3 and j + 1 < hi:
            k = j + 1
            while k < hi and low[k] in DETERMINERS:
                k += 1
            if k >= hi or low[k] in TIME_WORDS or low[k] in MONTHS or not is_word(toks[k]):
                break
            if w in ("at", "in") and (low[k] in DOCUMENT_HEADS or low[k] in NOT_PLACES or low[k].isdigit()
                                      or low[k] in ("least", "most", "all", "which", "that", "order", "response")):
                break  # "said in a statement", "at least": no complement
            if k == j + 1 and low[k].endswith("ing") and toks[k][0].islower():
                break  # "accused the army of staging the strike"
            if actor and (w in ("on", "for") or (w == "of" and actor == "blame")
                          or (w == "from" and (toks[j - 1][0].isupper() or low[j - 1] not in GENERIC_PARTY_HEADS))):
                break  # "strikes by Israel on the port": the target is no part of the actor
            inner = np_forward(an, j + 1, hi, depth + 1, actor)
            if inner is None:
                break
            j = end = inner
            continue
        if not (is_word(t) or (t[0].isdigit() and content and toks[j - 1][0].isupper())):
            break
        proper = (content and t[0].isupper() and w not in ("the", "a", "an")) or (t.isupper() and len(t) > 1) \
            or (not content and w in ("allied", "affiliated", "linked", "aligned", "backed", "loyal"))
        if not proper and (w in NP_STOP or w in VERB_STOPS or is_pronoun(an, j)
                           or (content and w in DETERMINERS and w not in ("one",))):
            break
        if not content and w in ATTACHING_PREPS:
            break
        if w.endswith("ed") and t[0].islower() and w not in ADJ_ED and not an.joined(j):
            break
        if w in COMMON_VERBS and t[0].islower():
            break
        if w in WEEKDAYS or w in ("yesterday", "today"):
            break
        content += 1
        j += 1
        end = j
    if not content:
        return None
    return end


def is_pronoun(an: Analysis, k: int) -> bool:
    """A pronoun token ("he", "they"), not an acronym that spells like one ("WHO")."""
    t = an.toks[k]
    return an.low[k] in PRONOUNS and not (t.isupper() and len(t) > 1)


def _has_complement(an: Analysis, span: Span) -> bool:
    return any(an.low[k] in ("of", "for") for k in range(span[0], span[1]))


def np_list(an: Analysis, i: int, hi: int, actor: bool = False) -> list[Span]:
    """Coordinated noun phrases from token i: "local officials and rebels" -> two spans."""
    out = []
    low = an.low
    j = i
    if j < hi and low[j] in ("both", "either"):
        j += 1
    while j < hi:
        end = np_forward(an, j, hi, actor=actor)
        if end is None:
            break
        out.append((j, end))
        k = end
        if k + 2 < hi and low[k] in ("in", "at") and an.toks[k + 1][0].isupper():
            m = k + 1
            while m < hi and an.toks[m][0].isupper():
                m += 1
            if m < hi and low[m] == "and" and m + 1 < hi and low[m + 1] in DETERMINERS:
                k = m  # "the health ministry in Sanaa and the Red Sea Ports Corporation"
        comma = k < hi and low[k] == "," and k + 1 < hi and low[k + 1] == "and"
        if comma:
            k += 1
        if k < hi and low[k] in ("and", "&") and k + 1 < hi and low[k + 1] not in PRONOUNS:
            nxt = k + 1
            nxt_end = np_forward(an, nxt, hi, actor=actor)
            if nxt_end is None:
                break
            # "The director of ambulance and emergency": inside a complement, "and" joins its nouns.
            if _has_complement(an, out[-1]) and low[nxt] not in DETERMINERS and \
                    (not an.toks[nxt][0].isupper() or an.toks[out[-1][1] - 1][0].isupper()):
                out[-1] = (out[-1][0], nxt_end)
                j = nxt_end
                break
            # ", and a Kenyan-led mission has deployed": a new clause, not a second source.
            if comma and nxt_end < hi and is_word(an.toks[nxt_end]) or \
                    (nxt_end < hi and an.toks[nxt_end] in ("-", "–") and an.joined(nxt_end)):
                break
            j = nxt
            continue
        break
    return out


def np_backward(an: Analysis, j: int, lo: int) -> Optional[Span]:
    """The noun phrase ending at token j - 1 (a possessor: "the army’s drones" -> "the army")."""
    low, toks = an.low, an.toks
    k = j - 1
    begin = None
    while k >= lo and j - k <= 5:
        w = low[k]
        if w in DETERMINERS:
            begin = k
            break
        if not is_word(toks[k]) or w in NP_STOP or w in VERB_STOPS or w in ATTACHING_PREPS:
            break
        if not toks[k][0].isupper() and begin is not None and toks[begin][0].isupper():
            break
        begin = k
        k -= 1
    if begin is None:
        return None
    return (begin, j)


def refine_source(an: Analysis, span: Span, hi: int) -> Span:
    """Prefer the person or body over the document that carries the figure, and the person's name over a
    title in front of it (guidelines 1.2)."""
    a, b = span
    low = an.low
    for k in range(a + 1, b - 1):
        if low[k] in TITLE_WORDS and an.toks[k][0].islower() and is_name(an, (k + 1, b)):
            return (k + 1, b)  # "WHO chief Tedros Adhanom Ghebreyesus" -> the name
    k = a
    while k < b - 2 and low[k] in NAME_TITLES and an.toks[k][0].isupper():
        k += 1 + (k + 1 < b and an.toks[k + 1] == ".")
    if k > a and is_name(an, (k, b)):
        return (k, b)  # "Mayor Ana Ruiz", "Lt. Gen. John Doe" -> the name
    # "X’s statement" -> X
    for k in range(a, b - 1):
        if low[k] in POSSESSIVE_MARKS and low[k + 1] == "s" and k + 2 < b and low[b - 1] in DOCUMENT_HEADS:
            return (a, k)
    if low[b - 1] in DOCUMENT_HEADS:
        k = b
        if k < hi and low[k] in ("signed", "issued", "released", "published", "posted") and k + 1 < hi and low[k + 1] == "by":
            k += 2
        elif k < hi and low[k] in ("by", "from"):
            k += 1
        else:
            inner_of = None
            for m in range(a, b):
                if low[m] in ("of", "from", "by") and m > a and low[m - 1] in DOCUMENT_HEADS:
                    inner_of = m + 1
                    break
            if inner_of is not None and inner_of < b:
                return (inner_of, b) if np_forward(an, inner_of, b) else span
            return span
        end = np_forward(an, k, hi)
        if end is not None:
            return (k, end)
    return span


def valid_source(an: Analysis, span: Span) -> bool:
    a, b = span
    words = [w for w in an.low[a:b] if is_word(w)]
    if not words:
        return False
    content = [w for w in words if w not in DETERMINERS]
    if not content:
        return False
    if len(content) == 1 and ((content[0] in PRONOUNS and not an.toks[b - 1].isupper())
                              or content[0] in TIME_WORDS or content[0] in MONTHS):
        return False
    return True


def is_party(an: Analysis, span: Span, sentence_start: int) -> bool:
    a, b = span
    low, toks = an.low, an.toks
    words = [k for k in range(a, b) if is_word(toks[k])]
    if not words:
        return False
    head = None
    for k in range(a, b):
        if low[k] in ATTACHING_PREPS:
            break
        if is_word(toks[k]):
            head = k
    if head is None or low[head] in NON_PARTY_HEADS or low[head] in PRONOUNS or low[head] in TIME_WORDS:
        return False
    if low[head] in PARTY_HEADS:
        return True
    if low[head] in ("men", "attackers", "bomber", "bombers", "gunman") and any(low[k] in ("armed", "unidentified",
                                                                                         "masked", "suicide",
                                                                                         "uniformed")
                                                                             for k in range(a, head)):
        return True
    for k in words:
        if low[k] in DETERMINERS:
            continue
        t = toks[k]
        if t[0].isupper() and (k != sentence_start or t.isupper() and len(t) > 1 or len(words) > 1):
            return True
    return False

def is_name(an: Analysis, span: Span) -> bool:
    toks = [an.toks[k] for k in range(*span) if is_word(an.toks[k])]
    return len(toks) >= 2 and all(t[0].isupper() for t in toks) and an.low[span[0]] not in DETERMINERS
