"""Claimant cues: the sources a sentence names and the one that covers a figure (guidelines 2.1)."""

from __future__ import annotations

from typing import Optional

from baselines.assembly.clauses import after_verb_np, comma_chunks, subject_before, verb_reading
from baselines.assembly.nounphrases import np_backward, np_list, is_pronoun, refine_source, valid_source, np_forward
from baselines.assembly.wordlists import Attribution, DocState, ACCUSE, AMBIGUOUS_VERBS, BARE_SOURCES, CLAUSE_BREAKS, CUE_WORDS, GROUP_BREAK_WORDS, HEADLINE_SOURCES, NEGATION_GAP, NEGATORS, POSSESSIVE_MARKS, REFUSALS, SELF_KILL, SELF_MARKERS, SOURCE_NOUNS
from baselines.lexicon import (
    ADVERBIAL_OPENERS, DENIAL_CUES, DETERMINERS, MONTHS, OUTCOME_CUES, REPORT_PARTICIPLES, REPORT_VERBS, WEEKDAYS,
)
from baselines.text import Analysis


PASSIVE_AUX = frozenset("been was were being be is are".split())
TELL_VERBS = frozenset("told tells tell informed".split())
CHANNEL_NOUNS = frozenset("telephone phone email radio video text message messaging".split())


def _self_claim(an: Analysis, verb: int, hi: int) -> bool:
    """"said it had killed", "claimed they killed 50": the source's own kills (guidelines 1.3); not the
    passive "said 17 people had been killed", whose subject is the victims."""
    low = an.low
    window = low[verb + 1:min(hi, verb + 6)]
    for i, w in enumerate(window):
        if w in SELF_KILL and i > 0 and window[i - 1] not in PASSIVE_AUX:
            return any(m in SELF_MARKERS for m in window[:min(3, i)]) and not window[0][0].isdigit()
    return False


def negated(an: Analysis, verb: int, lo: int) -> bool:
    """"did not confirm", "didn't say", "would neither confirm nor deny", "declined to give": a negated
    reporting verb attributes nothing (guidelines 2.1)."""
    low = an.low
    m = verb - 1
    while m >= lo and verb - m <= 6:
        w = low[m]
        if w in NEGATORS or (w in REFUSALS and m + 1 < verb and low[m + 1] == "to"):
            return True
        if w not in NEGATION_GAP and not (w in REPORT_VERBS and low[m + 1] in ("or", "nor")):
            return False
        m -= 1
    return False


def sentence_attributions(state: DocState, s: int) -> list[Attribution]:
    """Claimant cues of sentence s, outside quotations, in text order."""
    if s in state.attributions:
        return state.attributions[s]
    an = state.an
    lo, hi = an.sentences[s]
    low = an.low
    out: list[Attribution] = []
    for k in range(lo, hi):
        w = low[k]
        if w not in CUE_WORDS or an.quote_of[k] >= 0 or an.masked[k]:
            continue
        att = None
        if w == "according" and k + 1 < hi and low[k + 1] == "to":
            spans = np_list(an, k + 2, hi)
            if spans:
                att = Attribution([refine_source(an, sp, hi) for sp in spans], k, "according")
            elif k + 2 < hi and is_pronoun(an, k + 2):
                att = Attribution([], k, "according", pronoun=True)
        elif w in POSSESSIVE_MARKS and k + 2 < hi and low[k + 1] == "s" and low[k + 2] in SOURCE_NOUNS \
                and an.joined(k) and k > lo:
            # "the health ministry's count stood at 121", "the army's statement said"
            span = np_backward(an, k, lo)
            if span is not None:
                att = Attribution([span], k, "possessive")
        elif w in SOURCE_NOUNS and k + 2 < hi and low[k + 1] in ("by", "from", "of") and k > lo \
                and low[k - 1] in DETERMINERS | {"false", "fabricated", "latest", "official", "new", "unverified"} \
                and w not in ("toll", "count", "number"):
            # "the false claim by the terrorist group that ...", "figures from the UN"
            spans = np_list(an, k + 2, hi)
            if spans:
                att = Attribution([refine_source(an, sp, hi) for sp in spans], k, "noun")
                att.self_claim = _self_claim(an, spans[-1][1] - 1, hi)
        elif w == ":" and k > lo and k - lo <= 8 and an.quote_of[k] < 0:
            # A headline or lead "Army statement: 67 killed", "Ministry of Health: martyrs rise to 115".
            end = np_forward(an, lo, k)
            if end == k and any(low[m] in HEADLINE_SOURCES for m in range(lo, k)):
                att = Attribution([refine_source(an, (lo, k), hi)], k, "headline")
        elif w in REPORT_VERBS | ACCUSE and not (w in ("admitted", "admits", "received", "found") and k + 1 < hi
                                        and (low[k + 1][0].isdigit() or low[k + 1] in ("dozens", "scores", "hundreds"))) \
                and not (w in AMBIGUOUS_VERBS and not verb_reading(an, k, lo, hi)) and not negated(an, k, lo):
            prev = an.toks[k - 1] if k > lo else ""
            by = None
            for m in range(k + 1, min(hi, k + 8)):
                if low[m] == "by":
                    by = m
                    break
                if not (low[m] in ("forward", "out", "on", "in", "at", "the", "day", "after", "earlier", "first")
                        or low[m][0].isdigit() or low[m] in MONTHS or low[m] in WEEKDAYS):
                    break
            if k + 1 < hi and low[k + 1] in OUTCOME_CUES:
                pass  # "some of the people reported dead": a participle, no source
            elif by is not None and by + 1 < hi and (low[by + 1] in DETERMINERS or an.toks[by + 1][0].isupper()
                                                     or low[by + 1] in BARE_SOURCES):
                # "the toll of 80 given by the authorities", "the figure of 184 advanced on 9 December by X"
                spans = np_list(an, by + 1, hi)
                if spans:
                    att = Attribution([refine_source(an, sp, hi) for sp in spans], k, "agent")
            elif prev in (",", "”", "\"", "»") or (k > lo and an.quote_of[k - 1] >= 0):
                spans = after_verb_np(an, k, hi)
                if spans:
                    att = Attribution([refine_source(an, sp, hi) for sp in spans], k, "object")
            if att is None and k > lo and low[k - 1] not in ("was", "were", "been", "being", "is", "are", "the", "a", "an"):
                spans = subject_before(an, k, lo)
                if spans is not None:
                    if spans:
                        att = Attribution([refine_source(an, sp, hi) for sp in spans], k, "subject")
                    else:
                        att = Attribution([], k, "subject", pronoun=True)
            if att is not None:
                att.denied = w in DENIAL_CUES
                att.self_claim = _self_claim(an, k, hi)
        elif w in REPORT_PARTICIPLES and k > lo and low[k - 1] != ",":
            # "with Tuareg rebels reporting ...", "one of their leaders reporting ...": the phrase before.
            m = k - 1
            while m > lo and k - m < 9 and low[m - 1] not in ("with", ",", "and", "while", ";", ":") \
                    and an.quote_of[m - 1] < 0:
                m -= 1
            if np_forward(an, m, k) == k:
                att = Attribution([refine_source(an, (m, k), hi)], k, "participle")
                att.denied = w == "denying"
                att.self_claim = _self_claim(an, k, hi)
        elif w in REPORT_PARTICIPLES and k > lo and low[k - 1] == ",":
            first = lo
            for a, b in comma_chunks(an, lo, k):
                if low[a] not in ADVERBIAL_OPENERS or low[a] in ("the", "a", "an"):
                    first = a
                    break
            spans = np_list(an, first, k)
            if spans and first < k:
                att = Attribution([refine_source(an, spans[0], hi)], k, "participle")
                att.denied = w == "denying"
                att.self_claim = _self_claim(an, k, hi)
        if att is not None:
            att.spans = [sp for sp in att.spans if valid_source(an, sp)]
            if att.spans or att.pronoun:
                out.append(att)
    state.attributions[s] = out
    return out


def clause_group(an: Analysis, k: int, lo: int, hi: int) -> tuple[int, int]:
    """Tokens around k up to ", while", "; ", ", but", ", whereas" (two claims in one sentence)."""
    key = ("groups", lo)
    bounds = an.cache.get(key)
    if bounds is None:
        bounds = _clause_bounds(an, lo, hi)
        an.cache[key] = bounds
    import bisect

    i = bisect.bisect_right(bounds, k) - 1
    return bounds[i], bounds[i + 1]


def _clause_bounds(an: Analysis, lo: int, hi: int) -> list[int]:
    low = an.low

    def brk(m: int) -> bool:
        w = low[m]
        if w == ";":
            return True
        if m - 1 < lo or an.toks[m - 1] != ",":
            return False
        if w in CLAUSE_BREAKS:
            return True
        # ", and several families told us": a new subject starts a new clause.
        return w == "and" and m + 1 < hi and (low[m + 1] in DETERMINERS or an.toks[m + 1][0].isupper()) \
            and low[m + 1] not in ("the",) or (w == "and" and m + 2 < hi and low[m + 1] == "the"
                                               and low[m + 2] not in OUTCOME_CUES)

    bounds = [lo]
    for m in range(lo, hi):
        if low[m] in GROUP_BREAK_WORDS and brk(m):
            bounds.append(m)
    bounds.append(hi)
    return bounds


def _covers(an: Analysis, att: Attribution, first: int, last: int, hi: int) -> bool:
    """Does the cue's scope reach the figure? A verb with its complement after it ("X said that ...",
    ", saying ...", "X's claim that ...") covers what follows it; a clause-final verb (", the ministry said.")
    and "given by X" cover what precedes; "according to X" covers both sides."""
    if att.kind in ("according",):
        return True
    after = att.cue < first
    if att.kind in ("participle", "possessive", "noun", "headline"):
        return after
    if att.kind in ("object", "agent"):
        return not after
    # subject: clause-final ("..., the army said on Monday.") or with a complement.
    k = att.cue + 1
    low = an.low
    if low[att.cue] in TELL_VERBS and k < hi and att.cue > first:
        # "..., the commissioner told reporters by telephone": the hearer and the channel end the clause too.
        end = np_forward(an, k, hi)
        k = end if end is not None else k
        while k < hi and low[k] in ("by", "over", "via") and k + 1 < hi and low[k + 1] in CHANNEL_NOUNS:
            k += 2
    while k < hi and (low[k] in ("on", "in", "a", "an", "the", "statement", "late", "earlier", "this", "week",
                                 "today", "yesterday", "last", "night", "morning", "evening", "afternoon")
                      or low[k] in WEEKDAYS or low[k] in MONTHS or low[k][0].isdigit()):
        k += 1
    if after:
        return True
    final = k >= hi or an.toks[k] in (".", "!", "?", ";", ",", "”", "\"", ")") or an.quote_of[k] >= 0 \
        or low[k] in ("adding", "citing", "according", "as", "while", "but", "and", "after", "when", "in", "at",
                      "on", "late", "earlier", "last", "yesterday", "today", "this", "told", "by")
    return final or an.quote_of[first] >= 0


def quotation_pieces(an: Analysis, q: int) -> list[tuple[int, int]]:
    """Token ranges of the quotation q and of the other paragraphs of its chain (a multi-paragraph quote)."""
    chain = an.quote_chain[q]
    return [an.quotes[p] for p in range(len(an.quotes)) if an.quote_chain[p] == chain]


def quotation_sentences(an: Analysis, q: int) -> list[int]:
    """The sentences where the speaker of quotation q may be named: before and after each piece of its chain
    (the closing mark's sentence holds ", he said")."""
    out = set()
    for qa, qb in quotation_pieces(an, q):
        out.add(an.sent_of[max(qa - 1, 0)])
        out.add(an.sent_of[min(qb, len(an) - 1)])
        if qa >= 2:
            # '"...," she said. "Forty were wounded."': a quotation that opens a sentence continues the
            # speaker of the sentence before.
            out.add(an.sent_of[qa - 2])
    return sorted(out)


def attribution_for(state: DocState, fig_first: int, fig_last: int) -> Optional[Attribution]:
    """The claimant cue that covers a figure: for a figure inside a quotation, the nearest cue around any
    piece of the quotation (before, after, or once for a multi-paragraph quote); else in its clause, else in
    its sentence; the nearest one."""
    an = state.an
    s = an.sent_of[fig_first]
    q = an.quote_of[fig_first]
    if q >= 0:
        pieces = quotation_pieces(an, q)
        sentences = sorted(set(quotation_sentences(an, q)) | {s})
        cands = [(att, min(min(abs(att.cue - qa), abs(att.cue - qb)) for qa, qb in pieces)) for t in sentences
                 for att in sentence_attributions(state, t) if an.quote_of[att.cue] < 0]
        if cands:
            return min(cands, key=lambda x: x[1])[0]
        return None
    lo, hi = an.sentences[s]
    atts = sentence_attributions(state, s)
    if not atts:
        return None
    strong = [a for a in atts if not (a.spans and an.low[a.spans[0][0]] in ("his", "her", "its", "their", "our"))]
    atts = strong or atts
    ga, gb = clause_group(an, fig_first, lo, hi)
    covering = [a for a in atts if _covers(an, a, fig_first, fig_last, hi)]
    inside = [a for a in covering if ga <= a.cue < gb]
    pool = inside or [a for a in covering if a.kind in ("according", "object", "agent")
                      and not any(an.low[m] == ";" for m in range(min(a.cue, fig_first), max(a.cue, fig_last)))]
    if not pool:
        return None
    return min(pool, key=lambda a: min(abs(a.cue - fig_first), abs(a.cue - fig_last)))
