"""Actor cues: the parties named as carrying out or blamed for violence (guidelines 1.3, 2.2)."""

from __future__ import annotations

from typing import Optional

from baselines.assembly.attribution import sentence_attributions
from baselines.assembly.clauses import comma_chunks, is_dash, subject_before
from baselines.assembly.datelines import dateline_end
from baselines.assembly.nounphrases import is_party, is_word, np_backward, np_forward, np_list
from baselines.assembly.wordlists import (
    Attribution, DocState, Span, DIRECTION_WORDS, EXPLOSIVE_OBJECTS, GENERIC_PARTY_HEADS, LOCATIVE_PREPS,
    NON_VIOLENT_OBJECTS, NOT_ATTACK_HEADS, PLACE_NOUNS, POSSESSIVE_MARKS, SELF_KILL,
)
from baselines.lexicon import (
    ADVERBIAL_OPENERS, ATTACHING_PREPS, BLAME_VERBS, DETERMINERS, NON_PARTY_HEADS, OUTCOME_CUES, PARTY_HEADS,
    MONTHS, REPORT_VERBS, VIOLENCE_BEFORE_BY, VIOLENT_VERBS, WEAPON_NOUNS, WEEKDAYS,
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


# Datelines open the first sentences of a report (a headline, a byline, then "KADUNA, Nigeria (AP) -").
_DATELINE_SENTENCES = 4

_ACTOR_TRIGGERS = (frozenset(("by", "in", "from", ",", "between", "with", "alongside", "'", "’", "confirmed", "acknowledged",
                              "admitted", "claimed")) | _VIOLENT_PARTICIPLES | VIOLENT_VERBS | BLAME_VERBS)


def modifier_party(an: Analysis, span: Span) -> Optional[Span]:
    """The perpetrator as a modifier (guidelines 1.3): in "an Israeli airstrike", "army shelling", "a
    Russian missile" the party is the modifier before a weapon or attack head, without the head."""
    a, b = span
    low, toks = an.low, an.toks
    head = b - 1
    if head <= a or low[head] not in NON_PARTY_HEADS and low[head] not in WEAPON_NOUNS \
            or low[head] in NOT_ATTACK_HEADS:
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


_DEMONYM_ENDINGS = ("an", "i", "ese", "ish")


def _demonym(an: Analysis, span: Span) -> bool:
    """A one-word nationality modifier ("Russian", "Israeli", "Sudanese"): a party even where it opens the
    sentence, which `is_party` doubts for a lone capitalised word."""
    a, b = span
    t = an.toks[a]
    return b - a == 1 and t[0].isupper() and t[1:].islower() and len(t) > 3 and an.low[a].endswith(_DEMONYM_ENDINGS)


def place_names(an: Analysis) -> frozenset[str]:
    """The capitalised words the article uses as places: its datelines, "in (northern) Beledweyne" closing a
    phrase, "the town of Beledweyne", "Idlib province". A modifier that only names such a place ("the
    Beledweyne bombings") names no perpetrator (guidelines 1.3)."""
    low, toks = an.low, an.toks
    names: set[str] = set()
    dateline = frozenset(low[m] for lo, hi in an.sentences[:_DATELINE_SENTENCES]
                         for m in range(lo, dateline_end(an, lo, hi)) if toks[m][0].isupper())
    n = len(an)
    for k in range(n - 1):
        w = low[k]
        if w in LOCATIVE_PREPS or (w == "of" and k > 0 and low[k - 1] in PLACE_NOUNS):
            m = k + 1
            while m < n and (low[m] in DETERMINERS or low[m] in DIRECTION_WORDS):
                m += 1
            end = m
            while end < n and is_word(toks[end]) and toks[end][0].isupper() and low[end] not in PARTY_HEADS:
                end += 1
            nxt = low[end] if end < n else "."
            if end > m and (not is_word(toks[end] if end < n else ".") or nxt in PLACE_NOUNS or nxt in LOCATIVE_PREPS
                            or nxt in ("and", "of", "on", "at", "in")) and toks[end - 1][1:].lower() == toks[end - 1][1:]:
                names.update(low[m:end])
        elif w in PLACE_NOUNS and w not in PARTY_HEADS and k > 0 and toks[k - 1][0].isupper() \
                and low[k - 1] not in PARTY_HEADS:
            names.add(low[k - 1])  # "Idlib province", "Kaduna region"
    # "the central Somali town": a nationality stays a possible party.
    return frozenset(w for w in names if not w.endswith(_DEMONYM_ENDINGS)) | dateline


def _place_object(an: Analysis, span: Span, lo: int) -> bool:
    """Is the phrase the object of a place preposition rather than a subject ("An air strike on a camp in
    Ethiopia's northern Tigray region killed", "shelling of the Abu Shouk camp killed", "a strike on the
    district of the capital Sanaa killed")? A country or town named as the place is not a perpetrator
    (guidelines 1.3). A party head ends the place phrase: "In northern Nigeria gunmen killed"."""
    a, b = span
    low, toks = an.low, an.toks
    if any(low[m] in PARTY_HEADS for m in range(a, b) if not toks[m][0].isupper()):
        return False
    for m in range(a - 1, max(lo - 1, a - 10), -1):
        w = low[m]
        if w in WEEKDAYS or w in MONTHS:
            return False  # "On Friday Russian forces killed": a time, not a place
        if w in LOCATIVE_PREPS:
            return True
        if w == "of":
            # "the city of", "north of", "shelling of": the place or target of an attack.
            return m > lo and (low[m - 1] in PLACE_NOUNS or low[m - 1] in DIRECTION_WORDS
                               or low[m - 1] in NON_PARTY_HEADS or low[m - 1] in WEAPON_NOUNS)
        if not (w in DETERMINERS or toks[m][0].isupper() or w in DIRECTION_WORDS or w in PLACE_NOUNS
                or toks[m] in POSSESSIVE_MARKS or (w == "s" and toks[m - 1] in POSSESSIVE_MARKS)):
            return False
    return False


_PASSIVE_AUX = frozenset("was were been being is are".split())


def _subject_suffered(an: Analysis, a: int, b: int) -> bool:
    """Does the clause [a, b) say its subject suffered the violence ("A Malian army convoy hit a mine", "came
    under fire", "a hospital was struck by a missile")? Then the subject is the victims' side, not the actor
    of the figure the clause leads to (guidelines 1.3)."""
    low = an.low
    for m in range(a, b):
        w = low[m]
        if w in _PASSIVE_AUX and m + 1 < b and (low[m + 1] in VIOLENT_VERBS or low[m + 1] in OUTCOME_CUES):
            return True
        if w in ("came", "come", "comes", "coming") and m + 1 < b and low[m + 1] == "under":
            return True
        if w in ("hit", "struck", "stepped", "ran", "drove") and any(low[x] in EXPLOSIVE_OBJECTS
                                                                    for x in range(m + 1, min(b, m + 4))):
            return True
    return False


def _weapon_subject(an: Analysis, k: int, lo: int) -> Optional[Span]:
    """The perpetrator as the modifier of a subject that the clause rules leave out because its head reads as a
    verb: "Israeli strikes killed", "Russian strikes on Kharkiv killed" -> "Israeli", "Russian"."""
    low, toks = an.low, an.toks
    start = lo
    for m in range(k - 1, lo - 1, -1):
        if toks[m] in (",", ":", ";") or low[m] == "that" or is_dash(an, m):
            start = m + 1
            break
    m = start
    while m < k and low[m] in DETERMINERS:
        m += 1
    first = m
    while m < k and toks[m][0].isupper() and low[m] not in NON_PARTY_HEADS and low[m] not in WEAPON_NOUNS:
        m += 1
    head = m
    while m < k and (low[m] in WEAPON_NOUNS or low[m] in NON_PARTY_HEADS) and low[m] not in NOT_ATTACK_HEADS:
        m += 1
    if head == first or m == head:
        return None
    if m < k and low[m] not in LOCATIVE_PREPS and low[m] not in ATTACHING_PREPS:
        return None
    if any(toks[x] in (",", "(") or low[x] in REPORT_VERBS or low[x] in VIOLENT_VERBS for x in range(m, k)):
        return None
    return modifier_party(an, (start, m))


_SELF_SUBJECT_SKIP = frozenset("that to have has had having also already successfully reportedly".split())
_SELF_PRONOUNS = frozenset("it they we its their our".split())
_OWN_FORCE_MODIFIERS = frozenset("the security government".split())


def claims_own_kills(an: Analysis, att: Attribution) -> bool:
    """Does a self-claim cue ("said it had killed", "claimed its fighters killed") report the source's own
    kills (guidelines 2.4)? Not when a different party is the subject: "the group says security forces have
    killed 1,300", "the authorities say the strikes have killed". The claimant's own forces named without a
    possessive ("the army said troops had killed 14") are its own kills when the claimant is an armed party."""
    if not att.self_claim:
        return False
    low = an.low
    hi = an.sentences[an.sent_of[att.cue]][1]
    start = att.spans[-1][1] if att.kind == "noun" and att.spans else att.cue + 1
    words = []
    for m in range(start, min(hi, start + 6)):
        if low[m] in SELF_KILL:
            break
        if low[m] not in _SELF_SUBJECT_SKIP:
            words.append(low[m])
    if not words or words[0] in _SELF_PRONOUNS:
        return True
    if not (words[-1] in GENERIC_PARTY_HEADS and all(w in GENERIC_PARTY_HEADS or w in _OWN_FORCE_MODIFIERS
                                                     for w in words)):
        return False
    return any(_head(an, sp) in PARTY_HEADS for sp in att.spans)


def _own_forces(an: Analysis, spans: list[Span]) -> bool:
    """A bare noun for a party's own forces ("troops", "the soldiers", "security forces")."""
    words = [an.low[m] for a, b in spans for m in range(a, b)]
    return all(w in GENERIC_PARTY_HEADS or w in _OWN_FORCE_MODIFIERS for w in words) and words[-1] in GENERIC_PARTY_HEADS


def _head(an: Analysis, span: Span) -> str:
    """The head word of a phrase: its last word before a complement ("the ministry of defence" -> ministry)."""
    head = ""
    for m in range(*span):
        if an.low[m] in ATTACHING_PREPS:
            break
        if is_word(an.toks[m]):
            head = an.low[m]
    return head


def find_actor_spans(an: Analysis, state: Optional[DocState] = None) -> list[tuple[Span, int]]:
    """(span, sentence) of every party named as carrying out or blamed for violence (guidelines 1.3)."""
    out: list[tuple[Span, int]] = []
    low, toks = an.low, an.toks
    places: Optional[frozenset[str]] = None  # read only when an attack noun's modifier needs it
    for s, (lo, hi) in enumerate(an.sentences):
        found: list[Span] = []
        modifiers: set[Span] = set()
        body = dateline_end(an, lo, hi) if s < _DATELINE_SENTENCES else lo
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
                first = body
                for m in range(body, k):
                    if is_dash(an, m) or low[m] == ":":
                        first = m + 1
                for a, b in comma_chunks(an, first, k):
                    if low[a] in ADVERBIAL_OPENERS and low[a] not in ("the", "a", "an"):
                        continue
                    spans = np_list(an, a, b, actor=True)
                    if spans and spans[0][0] == a and not _subject_suffered(an, spans[-1][1], b):
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
                    and not (w in ("struck", "hit") and k + 2 < hi and low[k + 2] in NON_VIOLENT_OBJECTS) \
                    and not _subject_suffered(an, k, min(hi, k + 4)):
                subj = subject_before(an, k, lo, exact=True)
                if subj:
                    subj = [sp for sp in subj if not _place_object(an, sp, lo)]
                elif subj is None:
                    weapon = _weapon_subject(an, k, body)
                    if weapon is not None:
                        modifiers.add(weapon)
                        found.append(weapon)
                if subj and state is not None and (low[subj[0][0]] in ("its", "their", "our") and any(
                        att.cue < k and att.spans for att in sentence_attributions(state, s))
                        or _own_forces(an, subj) and any(att.cue < k and att.spans and claims_own_kills(an, att)
                                                         for att in sentence_attributions(state, s))):
                    subj = None  # "JNIM said its fighters had killed ...": the claimant is its own actor
                if subj == [] and state is not None:
                    # "The army said it had carried out the strike": "it" is the army.
                    for att in sentence_attributions(state, s):
                        if att.cue < k and att.spans:
                            subj = att.spans
                for sp in subj or ():
                    party = modifier_party(an, sp)
                    if party is not None:
                        modifiers.add(party)
                    found.append(party or sp)
            elif w in ("in", "by") and k > lo and low[k - 1] in OUTCOME_CUES and k + 1 < hi:
                # "killed in an Israeli airstrike", "died in army shelling": the modifier names the party.
                end = np_forward(an, k + 1, hi, actor=True)
                party = modifier_party(an, (k + 1, end)) if end is not None else None
                if party is not None and w == "in":
                    if places is None:
                        places = place_names(an)
                    if all(low[m] in places for m in range(*party) if is_word(toks[m])):
                        party = None  # "killed in Beledweyne bombings": the place of the attack
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
            if sp in seen or sp[0] < body or not (is_party(an, sp, lo) or sp in modifiers and _demonym(an, sp)):
                continue
            seen.add(sp)
            out.append((sp, s))
    return out
