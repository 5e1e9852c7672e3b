"""Clauses: where a clause starts, the subject of a verb, the phrase after a clause-final verb."""

from __future__ import annotations

from typing import Optional

from baselines.assembly.nounphrases import is_name, is_word, np_list, is_pronoun, np_forward
from baselines.assembly.wordlists import Span, ADJ_ED, CLAUSE_BREAKS, POSSESSIVE_MARKS, RELATIVES, SOURCE_NOUNS, SUBJECT_SKIP, SUBJECT_TAILS, VERB_STOPS
from baselines.lexicon import (
    ADVERBIAL_OPENERS, ATTACHING_PREPS, BLAME_VERBS, DETERMINERS, NP_STOP, PRONOUNS, REPORT_PARTICIPLES, REPORT_VERBS, TOLL_NOUNS, VIOLENT_VERBS, WEEKDAYS,
)
from baselines.text import Analysis


def is_dash(an: Analysis, k: int) -> bool:
    """A free-standing dash: the dateline "MOGADISHU, Aug 4 (Wire) - ..." or a headline's " - "."""
    return an.toks[k] in ("-", "–", "—") and not an.joined(k) and not (k + 1 < len(an) and an.joined(k + 1))


def _clause_start(an: Analysis, verb: int, lo: int) -> int:
    low = an.low
    k = verb - 1
    comma = False  # a subordinator before a comma opened a clause that has ended ("because he ..., said")
    while k >= lo:
        w = low[k]
        if an.toks[k] == ",":
            comma = True
        np_then_comma = comma and _np_before_comma(an, k + 1, verb)
        if (w in CLAUSE_BREAKS and (w == ";" or not comma or np_then_comma)) or w == ":" \
                or (w == "that" and _complementizer(an, k)) \
                or (w in ("which", "whom", "when", "where", "after", "before", "until", "if", "whether", "since")
                    and (not comma or np_then_comma) and k + 1 < verb and is_word(an.toks[k + 1])
                    and an.low[k + 1] not in VERB_STOPS)\
                or (w in REPORT_VERBS and k + 1 < verb and an.low[verb] not in REPORT_VERBS
                    and an.low[k - 1 if k > lo else k] not in DETERMINERS) \
                or an.quote_of[k] != an.quote_of[verb] \
                or an.toks[k] in ("“", "”", "\"", "«", "»") or is_dash(an, k):
            return k + 1
        k -= 1
    return lo


def _np_before_comma(an: Analysis, a: int, verb: int) -> bool:
    """"where Sahel Civilian Watch, a rights group, counted": a noun phrase up to the first comma."""
    for m in range(a, verb):
        if an.toks[m] == ",":
            return np_forward(an, a, m) == m
    return False


def _complementizer(an: Analysis, k: int) -> bool:
    """"said that", "claim that", ", that": a clause starts; "a group that documents": a relative clause."""
    if k == 0:
        return True
    prev = an.low[k - 1]
    if k + 1 < len(an):
        nxt, tok = an.low[k + 1], an.toks[k + 1]
        if nxt in DETERMINERS or (nxt in PRONOUNS and nxt not in ("that", "which", "who")) or tok[0].isupper() \
                or tok[0].isdigit():
            return True
    return (prev in REPORT_VERBS or prev in REPORT_PARTICIPLES or prev in SOURCE_NOUNS or prev in WEEKDAYS
            or prev in (",", "so", "such", "now", "news", "reports", "statement", "added", "also", "and", "but")
            or prev in BLAME_VERBS or an.toks[k - 1][0].isdigit())


def comma_chunks(an: Analysis, a: int, b: int) -> list[Span]:
    out, begin, depth = [], a, 0
    for k in range(a, b):
        t = an.toks[k]
        if t == "(":
            depth += 1
        elif t == ")":
            depth = max(0, depth - 1)
        elif t == "," and depth == 0:
            if k > begin:
                out.append((begin, k))
            begin = k + 1
    if b > begin:
        out.append((begin, b))
    return out


def _trim_tail(an: Analysis, a: int, b: int) -> int:
    """End of the subject before its verb, without auxiliaries and adverbs ("the UN now counts", "the
    ministry initially reported", "the army on Monday said")."""
    low, toks = an.low, an.toks
    while b > a:
        w = low[b - 1]
        if w in SUBJECT_SKIP or (w.endswith("ly") and toks[b - 1][0].islower() and len(w) > 4):
            b -= 1
            continue
        break
    return b


def _acceptable_tail(an: Analysis, e: int, b: int) -> bool:
    """What may stand between a subject phrase and its verb: nothing, a place ("in El Fasher"), a
    restrictive relative clause ("who helped carry the wounded"), a participle ("based in Geneva")."""
    if e >= b:
        return True
    w = an.low[e]
    if w in ("we", "they", "i", "he", "she") and e + 1 < b and an.low[e + 1].endswith("ed"):
        return True  # "residents we interviewed put the toll at ..."
    if w.endswith("ed") and an.toks[e][0].islower() and w not in ("said", "reported", "claimed", "stated"):
        return True  # "A French security assessment reported in international media put ..."
    return w in SUBJECT_TAILS or an.toks[e] == "("


def _full_np(an: Analysis, a: int, b: int) -> Optional[list[Span]]:
    """The noun phrase(s) of a chunk when the chunk is one (with an acceptable tail), else None."""
    spans = np_list(an, a, b)
    if not spans:
        return None
    if _acceptable_tail(an, spans[-1][1], b):
        return spans
    return None


_PPS = frozenset("in on at of near from with by for outside inside across during".split())


def _np_with_pps(an: Analysis, a: int, b: int) -> Optional[list[Span]]:
    """The noun phrase(s) at a when prepositional phrases fill the rest of the chunk up to b."""
    spans = np_list(an, a, b, actor=True)
    if not spans:
        return None
    j = spans[-1][1]
    steps = 0
    if j < b and an.toks[j][0].islower() and an.low[j].endswith(("ed", "ing")) and an.low[j] not in VERB_STOPS:
        return spans  # "troops stationed nearby fired": a participle phrase after the subject
    while j < b and steps < 6:
        if an.low[j] not in _PPS:
            return None
        k = j + 1
        if k < b and an.low[k] in DETERMINERS:
            pass
        end = np_forward(an, k, b)
        if end is None:
            return None
        j = end
        steps += 1
    return spans if j == b else None


def subject_before(an: Analysis, verb: int, lo: int, depth: int = 0, exact: bool = False) -> Optional[list[Span]]:
    """The subject noun phrase(s) of the verb at token `verb`; [] for a pronoun (to resolve); None if none.
    exact: the phrase must reach the verb (no place or relative clause in between)."""
    low = an.low
    start = _clause_start(an, verb, lo)
    end = _trim_tail(an, start, verb)
    if end <= start:
        return None
    chunks = comma_chunks(an, start, end)
    if not chunks:
        return None
    if low[end - 1] == "and" and depth < 2:
        # "confirmed the death toll and claimed that", "arrived on motorcycles and opened fire": the verbs
        # share the subject.
        same = REPORT_VERBS if low[verb] in REPORT_VERBS else VIOLENT_VERBS
        for k in range(end - 2, start - 1, -1):
            if low[k] in same:
                return subject_before(an, k, lo, depth + 1, exact)
        spans = np_list(an, start, end)
        if spans and (start == lo or low[start - 1] in (";", ":", "that") or low[start - 1] in REPORT_VERBS):
            return spans[:1] if exact else spans
        return None
    if low[end - 1] in RELATIVES and not an.toks[end - 1].isupper():
        # "the governor's office, which reported": the phrase before the relative pronoun.
        prev_chunks = comma_chunks(an, start, end - 1)
        if an.toks[end - 2] == "," and prev_chunks:
            spans = _full_np(an, *prev_chunks[-1])
            return spans if spans else []
        if prev_chunks:
            spans = np_list(an, prev_chunks[-1][0], end - 1)
            if spans:
                return spans[:1]
        return []
    if an.toks[end - 1] != ",":
        a, b = chunks[-1]
        if b - a == 1 and is_pronoun(an, a):
            return []
        # A coordinated verb phrase: "confirmed the toll and claimed that" takes the first verb's subject.
        if low[a] in VERB_STOPS and depth < 2:
            for k in range(a, b):
                if low[k] in REPORT_VERBS or low[k] in VIOLENT_VERBS or low[k] in BLAME_VERBS:
                    return subject_before(an, k, lo, depth + 1)
            return None
        if low[a] == "and" and b - a > 1 and low[a + 1] in VERB_STOPS and depth < 2:
            for k in range(lo, a):
                if low[k] in REPORT_VERBS:
                    return subject_before(an, k, lo, depth + 1)
        if exact and low[a] not in ADVERBIAL_OPENERS:
            # "An air strike on a busy market in the village of Togoga killed": the chunk's first phrase with
            # its prepositional tail is the subject (and it names no party here).
            head = _np_with_pps(an, a, b)
            if head is not None:
                return head
        # The longest noun phrase that reaches the verb: "By the evening a ministry spokesman said",
        # "Medical sources in El Fasher say", "A resident who helped carry the wounded said".
        for p in range(a, b):
            if (low[p] in NP_STOP and low[p] not in ("the",) and not (an.toks[p].isupper() and len(an.toks[p]) > 1)) \
                    or an.toks[p] in ("(", ")", "-", "–", "—"):
                continue
            if p > a and an.joined(p):
                continue
            if p > a and not (p - 1 == a and low[a] in ("and", "but", "or", "then", "so")) and \
                    (low[p - 1] in ATTACHING_PREPS or low[p - 1] in ("in", "at", "by", "with", "to", "and",
                                                                     "or", "between", "against", "into")
                     or low[p - 1] in DETERMINERS or an.toks[p - 1] in ("'", "’")):
                continue  # a complement, a second conjunct or a possessed noun is not the subject
            if p > a and not (low[p] in DETERMINERS or an.toks[p][0].isupper() or low[p - 1] in RELATIVES
                              or (p - 1 == a and low[a] in ("and", "but", "or", "then", "so"))):
                continue  # "international media" inside "reported in international media put"
            spans = np_list(an, p, b)
            if spans and (spans[-1][1] == b if exact else _acceptable_tail(an, spans[-1][1], b)):
                if p > a and is_pronoun(an, p):
                    return []
                return spans
        return None
    # "X, a spokesman for Y, an alliance of Z, said": skip trailing relative and participle chunks, then
    # the leftmost of the run of noun-phrase chunks that ends at the verb is the subject.
    idx = len(chunks) - 1
    while idx >= 0 and (low[chunks[idx][0]] in SUBJECT_TAILS or low[chunks[idx][0]] in REPORT_PARTICIPLES
                        or low[chunks[idx][0]] == "or"
                        or (low[chunks[idx][0]].endswith("ing") and an.toks[chunks[idx][0]][0].islower())):
        idx -= 1
    run: list[list[Span]] = []
    skipped = False
    while idx >= 0:
        a, b = chunks[idx]
        if (low[a] in ADVERBIAL_OPENERS and low[a] not in ("the", "a", "an", "this")) or \
                (low[a].endswith("ed") and an.toks[a][0].islower() and low[a] not in ADJ_ED):
            if not run:
                idx -= 1  # ", about 40 km to the south,", ", formed in the weeks after the attack,"
                continue
            break
        if b - a == 1 and is_pronoun(an, a):
            return [] if not run else run[-1]
        spans = _full_np(an, a, b)
        if spans is None:
            if not run and not skipped:
                skipped = True  # one descriptive chunk: "A nurse at the hospital, about 40 km to the south, said"
                idx -= 1
                continue
            break
        run.append(spans)
        idx -= 1
    if not run:
        return None
    # A person named in the run is the claimant ("The UN humanitarian chief, Martin Griffiths, said").
    for spans in run:
        if len(spans) == 1 and is_name(an, spans[0]):
            return spans
    return run[-1]



def after_verb_np(an: Analysis, verb: int, hi: int) -> Optional[list[Span]]:
    """ "..., said a spokesman for the coalition.": the subject after the verb, which ends the clause."""
    k = verb + 1
    if k >= hi or an.low[verb] in ("told", "tells", "tell", "informed"):
        return None
    w = an.low[k]
    if w in ("that", "in", "on", "to", "at", "this"):
        return None
    if w in PRONOUNS:
        return []
    spans = np_list(an, k, hi)
    if not spans or an.low[spans[0][1] - 1] in TOLL_NOUNS:
        return None  # "..., however, put the toll at 30": the object, not a trailing speaker
    e = spans[-1][1]
    if e < hi and is_word(an.toks[e]) and an.low[e] not in ("on", "in", "at", "after", "during", "late", "earlier",
                                                             "yesterday", "today", "last", "when", "as", "while",
                                                             "who", "which", "citing", "adding", "according"):
        return None  # "said the hospital alone had received": a clause follows, not the end of one
    return spans


def verb_reading(an: Analysis, k: int, lo: int, hi: int) -> bool:
    """"the UN now counts 207 dead" is a verb; "the preceding counts:" and "reports of" are nouns."""
    if k + 1 >= hi or k == lo:
        return False
    nxt, prev = an.low[k + 1], an.low[k - 1]
    if prev in DETERMINERS or prev in REPORT_VERBS or prev in ("of", "about", "on"):
        return False  # "declined to confirm reports that ...", "asked about reports": a noun
    if prev == "s" and k >= 2 and an.low[k - 2] in POSSESSIVE_MARKS:
        return False  # "the group's claim that ..." is a noun
    if an.low[k] in ("put", "puts"):
        return True
    if nxt in (",", ".", ";") and any(an.toks[m] == "," for m in range(max(lo, k - 6), k)):
        return True  # "..., the armed forces claim, ...": a clause-final reporting verb
    if prev in ("all", "preceding", "earlier", "initial", "previous", "latest", "media", "false", "official", "new",
                "provisional", "final"):
        return False
    return nxt == "that" or nxt[0].isdigit() or nxt in DETERMINERS or nxt in ("at", "more", "over", "about", "some") \
        or an.toks[k + 1][0].isupper()
