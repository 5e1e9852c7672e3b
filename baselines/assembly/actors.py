"""Actor cues: the parties named as carrying out or blamed for violence (guidelines 1.3, 2.2)."""

from __future__ import annotations

from typing import Optional

from baselines.assembly.attribution import sentence_attributions
from baselines.assembly.clauses import comma_chunks, is_dash, subject_before
from baselines.assembly.nounphrases import is_party, is_word, np_backward, np_forward, np_list
from baselines.assembly.wordlists import DocState, Span, NON_VIOLENT_OBJECTS, POSSESSIVE_MARKS
from baselines.lexicon import (
    ADVERBIAL_OPENERS, BLAME_VERBS, DETERMINERS, NON_PARTY_HEADS, OUTCOME_CUES, PARTY_HEADS, REPORT_VERBS,
    VIOLENCE_BEFORE_BY, VIOLENT_VERBS, WEAPON_NOUNS,
)
from baselines.text import Analysis


_VIOLENT_PARTICIPLES = frozenset("killing wounding injuring abducting kidnapping".split())
# Present-tense forms that are more often nouns ("US strikes on the port"): verbs only before an object.
_PRESENT_VIOLENT = frozenset("""strikes attacks raids bombs shells hits targets storms storm kills kill attack strike
    raid bomb shell target ambush ambushes""".split())
_PASSIVE_NEXT = frozenset(("by", "from", "in", "at", "on", "during", "near", "after", "while", "when", ",", ".",
                           "and", "or", "outside", "inside", "as"))


def _violence_before(an: Analysis, k: int, lo: int) -> bool:
    """Does a violence word stand shortly before the "by" at token k ("killed by", "the killing of civilians
    by", "attacks carried out by")?"""
    low = an.low
    words = 0
    for m in range(k - 1, max(lo - 1, k - 14), -1):
        w = low[m]
        if w in VIOLENCE_BEFORE_BY:
            return True
        if an.toks[m] == ",":
            continue  # "killed in Karma, also in Yatenga province, by uniformed men"
        words += 1
        if words > 8 or not is_word(an.toks[m]) or w in REPORT_VERBS or (w.endswith("ed") and m < k - 1) \
                or w in ("supplied", "provided", "backed", "supported", "funded", "attended", "led", "signed"):
            return False
    return False


_ACTOR_TRIGGERS = (frozenset(("by", "in", "from", ",", "between", "with", "alongside", "'", "’", "confirmed", "acknowledged",
                              "admitted", "claimed")) | _VIOLENT_PARTICIPLES | VIOLENT_VERBS | BLAME_VERBS)


def modifier_party(an: Analysis, span: Span) -> Optional[Span]:
    """The perpetrator as a modifier (guidelines 1.3): in "an Israeli airstrike", "army shelling", "a
    Russian missile" the party is the modifier before a weapon or attack head, without the head."""
    a, b = span
    low, toks = an.low, an.toks
    head = b - 1
    if head <= a or low[head] not in NON_PARTY_HEADS and low[head] not in WEAPON_NOUNS:
        return None
    m = a
    while m < head and low[m] in DETERMINERS:
        m += 1
    first = m
    while m < head and (toks[m][0].isupper() or low[m] in PARTY_HEADS) and low[m] not in NON_PARTY_HEADS \
            and low[m] not in WEAPON_NOUNS:
        m += 1
    if m == first or any(low[x] in NON_PARTY_HEADS or low[x] in WEAPON_NOUNS for x in range(first, m)):
        return None
    # Only modifiers directly before the head (or before another weapon word: "Israeli air strike").
    if not all(low[x] in NON_PARTY_HEADS or low[x] in WEAPON_NOUNS or toks[x] in ("-",) for x in range(m, head)):
        return None
    return (first, m)


def find_actor_spans(an: Analysis, state: Optional[DocState] = None) -> list[tuple[Span, int]]:
    """(span, sentence) of every party named as carrying out or blamed for violence (guidelines 1.3)."""
    out: list[tuple[Span, int]] = []
    low, toks = an.low, an.toks
    for s, (lo, hi) in enumerate(an.sentences):
        found: list[Span] = []
        for k in range(lo, hi):
            w = low[k]
            if w not in _ACTOR_TRIGGERS:
                continue
            if an.masked[k]:
                break
            if w == "by" and k > lo and _violence_before(an, k, lo):
                found += [modifier_party(an, sp) or sp for sp in np_list(an, k + 1, hi, actor=True)]
            elif w == "from" and k > lo and low[k - 1] in ("fire", "gunfire", "shelling", "shots", "bullets"):
                found += np_list(an, k + 1, hi, actor=True)
            elif w in _VIOLENT_PARTICIPLES and k > lo and an.toks[k - 1] == ",":
                # "Gunmen stormed the hotel ..., killing at least 32": the main clause's subject.
                first = lo
                for m in range(lo, k):
                    if is_dash(an, m) or low[m] == ":":
                        first = m + 1
                for a, b in comma_chunks(an, first, k):
                    if low[a] in ADVERBIAL_OPENERS and low[a] not in ("the", "a", "an"):
                        continue
                    spans = np_list(an, a, b, actor=True)
                    if spans and spans[0][0] == a:
                        found += spans
                    break
            elif w in (",", "between") and k + 1 < hi and low[k + 1] in ("between",) or \
                    (w == "between" and k > lo and low[k - 1] in ("fighting", "clashes", "clash", "battles", "battle",
                                                                  "hostilities", "combat", "exchanges")):
                # "fighting between the ELN and the 33rd Front": both parties carried out the violence.
                found += np_list(an, k + 1, hi, actor=True)
            elif w in VIOLENT_VERBS and k > lo and low[k - 1] not in ("was", "were", "been", "being", "be", "is", "are") \
                    and not (w.endswith("ed") and k + 1 < hi and low[k + 1] in _PASSIVE_NEXT
                             and not (low[k + 1] == "at" and k + 2 < hi and low[k + 2] in ("least", "most"))) \
                    and not (w in _PRESENT_VIOLENT and not (k + 1 < hi and (low[k + 1] in DETERMINERS
                                                                           or an.toks[k + 1][0].isupper()))) \
                    and not (w == "carried" and (k + 1 >= hi or low[k + 1] != "out")) \
                    and not (w == "opened" and (k + 1 >= hi or low[k + 1] != "fire")) \
                    and not (w in ("hit", "shot", "killed", "struck") and k > lo and low[k - 1] in DETERMINERS) \
                    and not (w in ("struck", "hit") and k + 2 < hi and low[k + 2] in NON_VIOLENT_OBJECTS):
                subj = subject_before(an, k, lo, exact=True)
                if subj and low[subj[0][0]] in ("its", "their", "our") and state is not None and any(
                        att.cue < k and att.spans for att in sentence_attributions(state, s)):
                    subj = None  # "JNIM said its fighters had killed ...": the claimant is its own actor
                if subj == [] and state is not None:
                    # "The army said it had carried out the strike": "it" is the army.
                    for att in sentence_attributions(state, s):
                        if att.cue < k and att.spans:
                            subj = att.spans
                if subj:
                    found += [modifier_party(an, sp) or sp for sp in subj]
            elif w in ("in", "by") and k > lo and low[k - 1] in OUTCOME_CUES and k + 1 < hi:
                # "killed in an Israeli airstrike", "died in army shelling": the modifier names the party.
                end = np_forward(an, k + 1, hi, actor=True)
                party = modifier_party(an, (k + 1, end)) if end is not None else None
                if party is not None:
                    found.append(party)
            elif w in BLAME_VERBS and not an.joined(k) and not (w in ("held", "holds", "hold", "holding") and
                                                                 "responsible" not in low[k:hi]):
                if w.startswith(("accus", "blam", "held", "hold")):
                    found += np_list(an, k + 1, hi, actor="blame")
                if w.startswith(("attribut", "blam")):
                    for m in range(k + 1, min(hi, k + 10)):
                        if low[m] in ("to", "on") and low[m - 1] not in ("due",):
                            found += np_list(an, m + 1, hi, actor=True)
                            break
            elif w in ("confirmed", "acknowledged", "admitted", "claimed") and k > lo:
                m = k + 1
                if m < hi and low[m] == "responsibility":
                    m += 2 if m + 1 < hi and low[m + 1] == "for" else 1
                while m < hi and low[m] in DETERMINERS:
                    m += 1
                if m < hi and low[m] in ("strike", "strikes", "airstrike", "airstrikes", "attack", "attacks", "raid",
                                         "raids", "operation", "bombing", "responsibility", "killing", "killings"):
                    subj = subject_before(an, k, lo)
                    if subj:
                        found += subj
            elif w in POSSESSIVE_MARKS and k + 2 < hi and low[k + 1] == "s" and low[k + 2] in WEAPON_NOUNS \
                    and an.joined(k):
                span = np_backward(an, k, lo)
                if span:
                    found.append(span)
            elif w in ("with", "alongside") and k > lo and found:
                m = k + 1
                if low[k - 1] == "coordination" or w == "alongside" or low[k - 1] in ("together", "jointly"):
                    found += np_list(an, m, hi, actor=True)
        seen = set()
        for sp in found:
            if sp in seen or not is_party(an, sp, lo):
                continue
            seen.add(sp)
            out.append((sp, s))
    return out
