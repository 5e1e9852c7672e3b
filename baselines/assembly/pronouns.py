"""Claimants named before their cue: "he said", "they added", "it said" take the nearest earlier noun phrase
naming a source of the same kind (guidelines 1.2: pronouns are not annotated; link the nearest earlier noun
phrase naming the same source, as a CLAIMANT mention of its own), and a quotation with no attribution
attached takes the speaker the sentences before it introduce (guidelines 2.1)."""

from __future__ import annotations

from typing import Optional

from baselines.assembly.attribution import sentence_attributions
from baselines.assembly.clauses import comma_chunks
from baselines.assembly.nounphrases import is_pronoun, is_word, np_list, valid_source
from baselines.assembly.wordlists import BODY_HEADS, PERSON_HEADS, SUBJECT_SKIP, Attribution, DocState, Span
from baselines.lexicon import ADVERBIAL_OPENERS, ATTACHING_PREPS, DETERMINERS, PARTY_HEADS
from baselines.text import Analysis

# How far back an antecedent may stand, in sentences: a speaker introduced a paragraph before a quotation.
WINDOW = 6
# How far before an unattributed quotation its speaker may be introduced, in sentences.
SPEAKER_WINDOW = 3
PERSON_PRONOUNS = frozenset("he she him her".split())
BODY_PRONOUNS = frozenset("it its".split())
PLURAL_PRONOUNS = frozenset("they them".split())


def resolve_pronouns(state: DocState) -> None:
    """Fill the spans of every pronoun cue with its antecedent, in text order; a cue whose pronoun agrees
    with no earlier phrase takes the sources of the previous cue, as before."""
    an = state.an
    named: dict[int, list[tuple[int, list[Span]]]] = {}  # per sentence, (position, spans) its cues name
    subjects: dict[int, Optional[Span]] = {}  # sentence subjects, found only where a pronoun needs them
    last: Optional[list[Span]] = None
    for s in range(len(an.sentences)):
        for att in sentence_attributions(state, s):
            if att.pronoun:
                found = _antecedent(an, att, _candidates(an, named, subjects, s))
                if found is not None:
                    att.spans = found
                elif last:
                    att.spans = list(last)
            else:
                last = att.spans
            if att.spans:
                named.setdefault(s, []).append((att.spans[0][0], list(att.spans)))


def _candidates(an: Analysis, named: dict[int, list[tuple[int, list[Span]]]],
                subjects: dict[int, Optional[Span]], s: int) -> list[tuple[int, list[Span]]]:
    """Per sentence of the last WINDOW, its subject and then the sources its cues name (a resolved pronoun
    names its antecedent again, so a speaker who goes on speaking stays the nearest)."""
    out = []
    for t in range(max(0, s - WINDOW), s + 1):
        if t not in subjects:
            subjects[t] = _sentence_subject(an, t)
        subject = subjects[t]
        cues = named.get(t, [])
        if subject is not None and not any(pos == subject[0] for pos, _ in cues):
            out.append((subject[0], [subject]))
        out.extend(cues)
    return out


def quotation_speaker(state: DocState, q: int) -> Optional[Attribution]:
    """The speaker of a quotation that no attribution is attached to: the person, body or group that is the
    subject of one of the last sentences before it ("A nurse there was on duty that night. 'I saw eleven
    wounded.'"); guidelines 2.1: the claimant of a quotation is its speaker, wherever the speaker is named."""
    an = state.an
    qa = an.quotes[an.quote_chain[q]][0]
    s = an.sent_of[max(qa - 2, 0)]
    for t in range(s, max(-1, s - SPEAKER_WINDOW), -1):
        subject = _sentence_subject(an, t)
        if subject is not None and _phrase_kind(an, subject) is not None:
            return Attribution([subject], subject[0], "subject")
    return None


def _pronoun_at(an: Analysis, att: Attribution) -> Optional[int]:
    lo, hi = an.sentences[an.sent_of[att.cue]]
    for d in range(1, 5):
        for k in (att.cue - d, att.cue + d):
            if lo <= k < hi and is_pronoun(an, k):
                return k
    return None


def _antecedent(an: Analysis, att: Attribution, candidates: list[tuple[int, list[Span]]]) -> Optional[list[Span]]:
    k = _pronoun_at(an, att)
    if k is None:
        return None
    kind = _pronoun_kind(an.low[k])
    if kind is None:
        return None
    for pos, spans in reversed(candidates):
        if pos >= k:
            continue
        if kind == "plural" and len(spans) > 1:
            return spans  # "local officials and rebels ... they said"
        if len(spans) == 1 and _phrase_kind(an, spans[0]) == kind:
            return spans
    return None


def _pronoun_kind(w: str) -> Optional[str]:
    if w in PERSON_PRONOUNS:
        return "person"
    if w in BODY_PRONOUNS:
        return "body"
    if w in PLURAL_PRONOUNS:
        return "plural"
    return None


def _head(an: Analysis, span: Span) -> Optional[int]:
    head = None
    for k in range(*span):
        if an.low[k] in ATTACHING_PREPS:
            break
        if is_word(an.toks[k]) and an.low[k] not in DETERMINERS:
            head = k
    return head


def _phrase_kind(an: Analysis, span: Span) -> Optional[str]:
    """person (a name, "the governor"), body ("the ministry", "the UN"), plural ("officials", "residents")."""
    head = _head(an, span)
    if head is None:
        return None
    w, tok = an.low[head], an.toks[head]
    if w in PERSON_HEADS:
        return "person"
    if w in BODY_HEADS or (tok.isupper() and len(tok) > 1):
        return "body"
    sentence_start = an.sentences[an.sent_of[head]][0]
    if w in PARTY_HEADS or (w.endswith("s") and not w.endswith("ss") and (tok[0].islower() or head == sentence_start)):
        return "plural"
    words = [an.toks[m] for m in range(span[0], head + 1) if is_word(an.toks[m]) and an.low[m] not in DETERMINERS]
    if len(words) >= 2 and all(t[0].isupper() for t in words):
        return "person"  # "Maria Lopez"
    return None


def _sentence_subject(an: Analysis, s: int) -> Optional[Span]:
    """The noun phrase that opens sentence s after its adverbials ("On Monday, the governor visited ..."):
    the usual antecedent of a pronoun in the next sentences."""
    lo, hi = an.sentences[s]
    if an.quote_of[lo] >= 0 or an.masked[lo]:
        return None
    for a, b in comma_chunks(an, lo, min(hi, lo + 30)):
        if an.low[a] in ADVERBIAL_OPENERS and an.low[a] not in ("the", "a", "an", "this"):
            continue
        spans = np_list(an, a, b)
        if not spans or spans[0][0] != a or is_pronoun(an, a):
            return None
        end = spans[0][1]
        while end > a and an.low[end - 1] in SUBJECT_SKIP:
            end -= 1  # "The army did not say": the auxiliary is no part of the phrase
        return (a, end) if end > a and valid_source(an, (a, end)) else None
        return None
    return None
