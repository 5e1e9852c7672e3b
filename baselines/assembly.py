"""Claim assembly: from mention spans to claims in the submission format (guidelines section 2).

Shared by all three extractors. Given the CASUALTY spans of a document (from the rule-based figure finder or
from a tagger), it

* normalises each figure's toll with `bench.tolls.find_toll` (the benchmark's one normaliser);
* links each figure to its claimant(s) by cue rules within the sentence, or within the quotation the figure
  sits in ("according to X", "X said/told/claimed/reported/confirmed ...", "..., said X", "X's statement",
  "X, a spokesman for Y, said", participles such as ", reporting ...", pronouns resolved to the last named
  source); two coordinated sources give two claims (guidelines 2.1);
* links actors: parties named as carrying out the violence in the figure's sentence ("by X", "X carried out",
  "attributed ... to X", "accused X of", "X's drones"), the claimant itself when it claims its own kills, and
  otherwise the actors the same source named elsewhere for the same event (guidelines 1.3, 2.2);
* reads outcome and victims (`baselines.figures`), modality (hedges, denials), subsets ("21 civilians,
  including 11 children" - guidelines 2.3) and the event: figures in sentences about an earlier or another
  incident ("last month", "in late July" when the article is about August, "in a separate attack") get
  their own event id, `<doc_id>#bg1`, `<doc_id>#bg2`, ...; the rest (the main incident) `<doc_id>#main`
  (guidelines 2.5).

In rule mode (`claimants=None, actors=None`) the CLAIMANT and ACTOR mentions are the noun phrases the cues
point at. With spans from a tagger, the cues choose among the tagged spans instead, and a tagged CLAIMANT in
the figure's sentence is used when no cue names one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

from bench.schema import Toll
from bench.tolls import find_toll

from baselines.figures import Figure, describe_span
from baselines.lexicon import (
    ADVERBIAL_OPENERS, ATTACHING_PREPS, BLAME_VERBS, DENIAL_CUES, DETERMINERS, DOCUMENT_HEADS, HEDGE_CUES,
    INCIDENT_NOUNS, MONTHS, NON_PARTY_HEADS, NP_STOP, OTHER_INCIDENT, OUTCOME_CUES, PARTY_HEADS, PERIOD_WORDS,
    PRONOUNS, RELATIVE_PAST, REPORT_PARTICIPLES, REPORT_VERBS, SUBSET_CUES, TIME_WORDS, VIOLENCE_BEFORE_BY,
    VIOLENT_VERBS, WEAPON_NOUNS, WEEKDAYS,
)
from baselines.text import Analysis

Span = tuple[int, int]  # token range [first, last)

# Outcome nouns that may sit inside a noun phrase ("the initial toll of the Ministry of Health").
_OUTCOME_NOUNS = frozenset(
    "toll deaths death bodies lives casualties fatalities massacre killings executions abductions kidnappings "
    "injuries remains graves burials hostages martyrs martyrdom".split())
_VERB_STOPS = REPORT_VERBS | REPORT_PARTICIPLES | VIOLENT_VERBS | BLAME_VERBS | (frozenset(OUTCOME_CUES) - _OUTCOME_NOUNS)
_ADJ_ED = frozenset("""armed united allied unidentified suspected so called detained displaced wounded injured uniformed masked hooded
    retired self-styled concerned affected interested alleged unnamed unarmed""".split())
_CLAUSE_BREAKS = frozenset("; while whereas but although though because".split())
_POSSESSIVE_MARKS = ("'", "’")
_SUBJECT_SKIP = frozenset("""has have had also later earlier previously separately again further itself then
    on in a an the monday tuesday wednesday thursday friday saturday sunday last week night this
    morning evening afternoon today yesterday reportedly initially first now could would can may might should
    must will did does do not only just still themselves himself herself both all""".split())
_SELF_KILL = frozenset("kill killed killing".split())
# Words that may follow a subject phrase before its verb: a place, a relative clause, a participle.
_GENERIC_PARTY_HEADS = frozenset("""fighters mercenaries troops soldiers militants members gunmen men forces
    units elements militiamen commandos""".split())
# Frequent verbs that end a subject phrase read left to right ("The Houthis began attacking").
_COMMON_VERBS = frozenset("""began begin begins started start starts continued continue continues tried try tries
    sought seek seeks appeared appears seemed seems went go goes came come comes used use uses kept keep keeps
    made make makes took take takes gave give gives got get gets condemns condemned condemn urged urges
    called calls wants wanted needs needed must once again vowed vows pledged pledges remains remained
    mourns mourned publishes published welcomed welcomes demanded demands remain stay stays stayed""".split())
# Guidelines 0.2 allow an "at/in" complement in a claimant span ("A doctor at the hospital"), but the
# annotated data leaves it out about twice as often as it keeps it ("A nurse at the regional hospital",
# "the health ministry in Sanaa"); the extractor follows the annotators' majority. Set to ("at", "in") to
# follow the letter of the guideline.
_PLACE_PREPS: tuple[str, ...] = ()
_NOT_PLACES = frozenset("""interview interviews conversation call phone press remarks speech briefing
    time times wake aftermath course run way part charge case addition contrast total particular recent
    person english arabic french writing public private message messages comments""".split())
_TITLE_WORDS = frozenset("""chief spokesman spokesperson spokeswoman head director minister commander governor
    official envoy coordinator representative researcher secretary""".split())
_AMBIGUOUS_VERBS = frozenset("""counts reports claims records documents estimates states notes updates shows finds
    lists figures claim report count estimate record document note update show list put puts""".split())
_RELATIVES = frozenset("who which whom".split())
# Accusers assert the figures of the violence they blame on others ("It blamed X for killing scores").
_ACCUSE = frozenset("accused accuses accuse blamed blames blame".split())
_SOURCE_NOUNS = frozenset("""count toll tally figure figures estimate estimates statement report reports data
    claim claims allegation allegations records documentation""".split())
_HEADLINE_SOURCES = frozenset("""ministry army police government statement spokesman spokesperson official officials
    military command agency office un who commission group rebels health authorities governor hospital
    medics sources source""".split())
_SUBJECT_TAILS = frozenset("""in at near from across inside outside based who whose which that speaking
    reached contacted interviewed quoted cited familiar working living stationed together along alongside backed
    supported with through via""".split())
_SELF_MARKERS = frozenset("to have it they we its their our having had".split())
# "struck a deal", "hit a record": not violence.
_NON_VIOLENT_OBJECTS = frozenset("deal agreement accord peace truce ceasefire compromise balance note tone chord record bargain".split())


_GROUP_BREAK_WORDS = frozenset("; while whereas but although though because and".split())
_CUE_WORDS = (REPORT_VERBS | REPORT_PARTICIPLES | frozenset(("according", ":", "'", "’")) | frozenset(
    "count toll tally figure figures estimate estimates statement report reports data claim claims allegation "
    "allegations records documentation accused accuses accuse blamed blames blame".split()))


@dataclass
class Attribution:
    """A claimant cue in a sentence: the noun phrases it names (or a pronoun to resolve)."""

    spans: list[Span]
    cue: int
    kind: str                 # according | subject | object | participle
    denied: bool = False
    self_claim: bool = False
    pronoun: bool = False


@dataclass
class DocState:
    an: Analysis
    attributions: dict[int, list[Attribution]] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------------
# Noun phrases


def _is_word(tok: str) -> bool:
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
        if w in _POSSESSIVE_MARKS and content and j + 1 < hi and low[j + 1] == "s" and an.joined(j):
            j += 2  # "Mali’s army": the possessive stays inside the phrase
            continue
        if w in _POSSESSIVE_MARKS and content and low[j - 1].endswith("s") and an.joined(j) and j + 1 < hi \
                and _is_word(toks[j + 1]) and not an.joined(j + 1):
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
        if w in ("'", "’") and content and an.joined(j) and j + 1 < hi and an.joined(j + 1) and _is_word(toks[j + 1]):
            j += 1  # "Jama'at"
            continue
        if (w in ATTACHING_PREPS or (w in _PLACE_PREPS and not actor)) and content and depth < 3 and j + 1 < hi:
            k = j + 1
            while k < hi and low[k] in DETERMINERS:
                k += 1
            if k >= hi or low[k] in TIME_WORDS or low[k] in MONTHS or not _is_word(toks[k]):
                break
            if w in ("at", "in") and (low[k] in DOCUMENT_HEADS or low[k] in _NOT_PLACES or low[k].isdigit()
                                      or low[k] in ("least", "most", "all", "which", "that", "order", "response")):
                break  # "said in a statement", "at least": no complement
            if k == j + 1 and low[k].endswith("ing") and toks[k][0].islower():
                break  # "accused the army of staging the strike"
            if actor and (w in ("on", "for") or (w == "of" and actor == "blame")
                          or (w == "from" and (toks[j - 1][0].isupper() or low[j - 1] not in _GENERIC_PARTY_HEADS))):
                break  # "strikes by Israel on the port": the target is no part of the actor
            inner = np_forward(an, j + 1, hi, depth + 1, actor)
            if inner is None:
                break
            j = end = inner
            continue
        if not (_is_word(t) or (t[0].isdigit() and content and toks[j - 1][0].isupper())):
            break
        proper = (content and t[0].isupper() and w not in ("the", "a", "an")) or (t.isupper() and len(t) > 1) \
            or (not content and w in ("allied", "affiliated", "linked", "aligned", "backed", "loyal"))
        if not proper and (w in NP_STOP or w in _VERB_STOPS or _pronoun(an, j)
                           or (content and w in DETERMINERS and w not in ("one",))):
            break
        if not content and w in ATTACHING_PREPS:
            break
        if w.endswith("ed") and t[0].islower() and w not in _ADJ_ED and not an.joined(j):
            break
        if w in _COMMON_VERBS and t[0].islower():
            break
        if w in WEEKDAYS or w in ("yesterday", "today"):
            break
        content += 1
        j += 1
        end = j
    if not content:
        return None
    return end


def _pronoun(an: Analysis, k: int) -> bool:
    """A pronoun token ("he", "they"), not an acronym that spells like one ("WHO")."""
    t = an.toks[k]
    return an.low[k] in PRONOUNS and not (t.isupper() and len(t) > 1)


def _has_complement(an: Analysis, span: Span) -> bool:
    return any(an.low[k] in ("of", "for") for k in range(span[0], span[1]))


def _np_list(an: Analysis, i: int, hi: int, actor: bool = False) -> list[Span]:
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
            if comma and nxt_end < hi and _is_word(an.toks[nxt_end]) or \
                    (nxt_end < hi and an.toks[nxt_end] in ("-", "–") and an.joined(nxt_end)):
                break
            j = nxt
            continue
        break
    return out


def _np_backward(an: Analysis, j: int, lo: int) -> Optional[Span]:
    """The noun phrase ending at token j - 1 (a possessor: "the army’s drones" -> "the army")."""
    low, toks = an.low, an.toks
    k = j - 1
    begin = None
    while k >= lo and j - k <= 5:
        w = low[k]
        if w in DETERMINERS:
            begin = k
            break
        if not _is_word(toks[k]) or w in NP_STOP or w in _VERB_STOPS or w in ATTACHING_PREPS:
            break
        if not toks[k][0].isupper() and begin is not None and toks[begin][0].isupper():
            break
        begin = k
        k -= 1
    if begin is None:
        return None
    return (begin, j)


def _refine_source(an: Analysis, span: Span, hi: int) -> Span:
    """Prefer the person or body over the document that carries the figure, and the person's name over a
    title in front of it (guidelines 1.2)."""
    a, b = span
    low = an.low
    for k in range(a + 1, b - 1):
        if low[k] in _TITLE_WORDS and an.toks[k][0].islower() and _is_name(an, (k + 1, b)):
            return (k + 1, b)  # "WHO chief Tedros Adhanom Ghebreyesus" -> the name
    # "X’s statement" -> X
    for k in range(a, b - 1):
        if low[k] in _POSSESSIVE_MARKS and low[k + 1] == "s" and k + 2 < b and low[b - 1] in DOCUMENT_HEADS:
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


def _valid_source(an: Analysis, span: Span) -> bool:
    a, b = span
    words = [w for w in an.low[a:b] if _is_word(w)]
    if not words:
        return False
    content = [w for w in words if w not in DETERMINERS]
    if not content:
        return False
    if len(content) == 1 and ((content[0] in PRONOUNS and not an.toks[b - 1].isupper())
                              or content[0] in TIME_WORDS or content[0] in MONTHS):
        return False
    return True


def _is_party(an: Analysis, span: Span, sentence_start: int) -> bool:
    a, b = span
    low, toks = an.low, an.toks
    words = [k for k in range(a, b) if _is_word(toks[k])]
    if not words:
        return False
    head = None
    for k in range(a, b):
        if low[k] in ATTACHING_PREPS:
            break
        if _is_word(toks[k]):
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


# --------------------------------------------------------------------------------------------------
# Claimant cues


def _is_dash(an: Analysis, k: int) -> bool:
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
        if (w in _CLAUSE_BREAKS and (w == ";" or not comma or np_then_comma)) or w == ":" \
                or (w == "that" and _complementizer(an, k)) \
                or (w in ("which", "whom", "when", "where", "after", "before", "until", "if", "whether", "since")
                    and (not comma or np_then_comma) and k + 1 < verb and _is_word(an.toks[k + 1])
                    and an.low[k + 1] not in _VERB_STOPS)\
                or (w in REPORT_VERBS and k + 1 < verb and an.low[verb] not in REPORT_VERBS
                    and an.low[k - 1 if k > lo else k] not in DETERMINERS) \
                or an.quote_of[k] != an.quote_of[verb] \
                or an.toks[k] in ("“", "”", "\"", "«", "»") or _is_dash(an, k):
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
    return (prev in REPORT_VERBS or prev in REPORT_PARTICIPLES or prev in _SOURCE_NOUNS or prev in WEEKDAYS
            or prev in (",", "so", "such", "now", "news", "reports", "statement", "added", "also", "and", "but")
            or prev in BLAME_VERBS or an.toks[k - 1][0].isdigit())


def _chunks(an: Analysis, a: int, b: int) -> list[Span]:
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
        if w in _SUBJECT_SKIP or (w.endswith("ly") and toks[b - 1][0].islower() and len(w) > 4):
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
    return w in _SUBJECT_TAILS or an.toks[e] == "("


def _full_np(an: Analysis, a: int, b: int) -> Optional[list[Span]]:
    """The noun phrase(s) of a chunk when the chunk is one (with an acceptable tail), else None."""
    spans = _np_list(an, a, b)
    if not spans:
        return None
    if _acceptable_tail(an, spans[-1][1], b):
        return spans
    return None


_PPS = frozenset("in on at of near from with by for outside inside across during".split())


def _np_with_pps(an: Analysis, a: int, b: int) -> Optional[list[Span]]:
    """The noun phrase(s) at a when prepositional phrases fill the rest of the chunk up to b."""
    spans = _np_list(an, a, b, actor=True)
    if not spans:
        return None
    j = spans[-1][1]
    steps = 0
    if j < b and an.toks[j][0].islower() and an.low[j].endswith(("ed", "ing")) and an.low[j] not in _VERB_STOPS:
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


def _subject_before(an: Analysis, verb: int, lo: int, depth: int = 0, exact: bool = False) -> Optional[list[Span]]:
    """The subject noun phrase(s) of the verb at token `verb`; [] for a pronoun (to resolve); None if none.
    exact: the phrase must reach the verb (no place or relative clause in between)."""
    low = an.low
    start = _clause_start(an, verb, lo)
    end = _trim_tail(an, start, verb)
    if end <= start:
        return None
    chunks = _chunks(an, start, end)
    if not chunks:
        return None
    if low[end - 1] == "and" and depth < 2:
        # "confirmed the death toll and claimed that", "arrived on motorcycles and opened fire": the verbs
        # share the subject.
        same = REPORT_VERBS if low[verb] in REPORT_VERBS else VIOLENT_VERBS
        for k in range(end - 2, start - 1, -1):
            if low[k] in same:
                return _subject_before(an, k, lo, depth + 1, exact)
        spans = _np_list(an, start, end)
        if spans and (start == lo or low[start - 1] in (";", ":", "that") or low[start - 1] in REPORT_VERBS):
            return spans[:1] if exact else spans
        return None
    if low[end - 1] in _RELATIVES and not an.toks[end - 1].isupper():
        # "the governor's office, which reported": the phrase before the relative pronoun.
        prev_chunks = _chunks(an, start, end - 1)
        if an.toks[end - 2] == "," and prev_chunks:
            spans = _full_np(an, *prev_chunks[-1])
            return spans if spans else []
        if prev_chunks:
            spans = _np_list(an, prev_chunks[-1][0], end - 1)
            if spans:
                return spans[:1]
        return []
    if an.toks[end - 1] != ",":
        a, b = chunks[-1]
        if b - a == 1 and _pronoun(an, a):
            return []
        # A coordinated verb phrase: "confirmed the toll and claimed that" takes the first verb's subject.
        if low[a] in _VERB_STOPS and depth < 2:
            for k in range(a, b):
                if low[k] in REPORT_VERBS or low[k] in VIOLENT_VERBS or low[k] in BLAME_VERBS:
                    return _subject_before(an, k, lo, depth + 1)
            return None
        if low[a] == "and" and b - a > 1 and low[a + 1] in _VERB_STOPS and depth < 2:
            for k in range(lo, a):
                if low[k] in REPORT_VERBS:
                    return _subject_before(an, k, lo, depth + 1)
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
            if p > a and not (low[p] in DETERMINERS or an.toks[p][0].isupper() or low[p - 1] in _RELATIVES
                              or (p - 1 == a and low[a] in ("and", "but", "or", "then", "so"))):
                continue  # "international media" inside "reported in international media put"
            spans = _np_list(an, p, b)
            if spans and (spans[-1][1] == b if exact else _acceptable_tail(an, spans[-1][1], b)):
                if p > a and _pronoun(an, p):
                    return []
                return spans
        return None
    # "X, a spokesman for Y, an alliance of Z, said": skip trailing relative and participle chunks, then
    # the leftmost of the run of noun-phrase chunks that ends at the verb is the subject.
    idx = len(chunks) - 1
    while idx >= 0 and (low[chunks[idx][0]] in _SUBJECT_TAILS or low[chunks[idx][0]] in REPORT_PARTICIPLES
                        or low[chunks[idx][0]] == "or"
                        or (low[chunks[idx][0]].endswith("ing") and an.toks[chunks[idx][0]][0].islower())):
        idx -= 1
    run: list[list[Span]] = []
    skipped = False
    while idx >= 0:
        a, b = chunks[idx]
        if (low[a] in ADVERBIAL_OPENERS and low[a] not in ("the", "a", "an", "this")) or \
                (low[a].endswith("ed") and an.toks[a][0].islower() and low[a] not in _ADJ_ED):
            if not run:
                idx -= 1  # ", about 40 km to the south,", ", formed in the weeks after the attack,"
                continue
            break
        if b - a == 1 and _pronoun(an, a):
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
        if len(spans) == 1 and _is_name(an, spans[0]):
            return spans
    return run[-1]


def _is_name(an: Analysis, span: Span) -> bool:
    toks = [an.toks[k] for k in range(*span) if _is_word(an.toks[k])]
    return len(toks) >= 2 and all(t[0].isupper() for t in toks) and an.low[span[0]] not in DETERMINERS


def _after_verb_np(an: Analysis, verb: int, hi: int) -> Optional[list[Span]]:
    """ "..., said a spokesman for the coalition.": the subject after the verb, which ends the clause."""
    k = verb + 1
    if k >= hi or an.low[verb] in ("told", "tells", "tell", "informed"):
        return None
    w = an.low[k]
    if w in ("that", "in", "on", "to", "at", "this"):
        return None
    if w in PRONOUNS:
        return []
    spans = _np_list(an, k, hi)
    if not spans:
        return None
    e = spans[-1][1]
    if e < hi and _is_word(an.toks[e]) and an.low[e] not in ("on", "in", "at", "after", "during", "late", "earlier",
                                                             "yesterday", "today", "last", "when", "as", "while",
                                                             "who", "which", "citing", "adding", "according"):
        return None  # "said the hospital alone had received": a clause follows, not the end of one
    return spans


def _verb_reading(an: Analysis, k: int, lo: int, hi: int) -> bool:
    """"the UN now counts 207 dead" is a verb; "the preceding counts:" and "reports of" are nouns."""
    if k + 1 >= hi or k == lo:
        return False
    nxt, prev = an.low[k + 1], an.low[k - 1]
    if prev in DETERMINERS:
        return False
    if prev == "s" and k >= 2 and an.low[k - 2] in _POSSESSIVE_MARKS:
        return False  # "the group's claim that ..." is a noun
    if an.low[k] in ("put", "puts"):
        return True
    if prev in ("all", "preceding", "earlier", "initial", "previous", "latest", "media", "false", "official", "new",
                "provisional", "final"):
        return False
    return nxt == "that" or nxt[0].isdigit() or nxt in DETERMINERS or nxt in ("at", "more", "over", "about", "some") \
        or an.toks[k + 1][0].isupper()


def _self_claim(an: Analysis, verb: int, hi: int) -> bool:
    low = an.low
    window = low[verb + 1:min(hi, verb + 6)]
    return any(w in _SELF_KILL for w in window) and any(w in _SELF_MARKERS for w in window[:3])


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
        if w not in _CUE_WORDS or an.quote_of[k] >= 0 or an.masked[k]:
            continue
        att = None
        if w == "according" and k + 1 < hi and low[k + 1] == "to":
            spans = _np_list(an, k + 2, hi)
            if spans:
                att = Attribution([_refine_source(an, sp, hi) for sp in spans], k, "according")
            elif k + 2 < hi and _pronoun(an, k + 2):
                att = Attribution([], k, "according", pronoun=True)
        elif w in _POSSESSIVE_MARKS and k + 2 < hi and low[k + 1] == "s" and low[k + 2] in _SOURCE_NOUNS \
                and an.joined(k) and k > lo:
            # "the health ministry's count stood at 121", "the army's statement said"
            span = _np_backward(an, k, lo)
            if span is not None:
                att = Attribution([span], k, "possessive")
        elif w in _SOURCE_NOUNS and k + 2 < hi and low[k + 1] in ("by", "from", "of") and k > lo \
                and low[k - 1] in DETERMINERS | {"false", "fabricated", "latest", "official", "new", "unverified"} \
                and w not in ("toll", "count", "number"):
            # "the false claim by the terrorist group that ...", "figures from the UN"
            spans = _np_list(an, k + 2, hi)
            if spans:
                att = Attribution([_refine_source(an, sp, hi) for sp in spans], k, "noun")
                att.self_claim = _self_claim(an, spans[-1][1] - 1, hi)
        elif w == ":" and k > lo and k - lo <= 8 and an.quote_of[k] < 0:
            # A headline or lead "Army statement: 67 killed", "Ministry of Health: martyrs rise to 115".
            end = np_forward(an, lo, k)
            if end == k and any(low[m] in _HEADLINE_SOURCES for m in range(lo, k)):
                att = Attribution([_refine_source(an, (lo, k), hi)], k, "headline")
        elif w in REPORT_VERBS | _ACCUSE and not (w in ("admitted", "admits", "received", "found") and k + 1 < hi
                                        and (low[k + 1][0].isdigit() or low[k + 1] in ("dozens", "scores", "hundreds"))) \
                and not (w in _AMBIGUOUS_VERBS and not _verb_reading(an, k, lo, hi)):
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
            elif by is not None and by + 1 < hi and (low[by + 1] in DETERMINERS or an.toks[by + 1][0].isupper()):
                # "the toll of 80 given by the authorities", "the figure of 184 advanced on 9 December by X"
                spans = _np_list(an, by + 1, hi)
                if spans:
                    att = Attribution([_refine_source(an, sp, hi) for sp in spans], k, "agent")
            elif prev in (",", "”", "\"", "»") or (k > lo and an.quote_of[k - 1] >= 0):
                spans = _after_verb_np(an, k, hi)
                if spans:
                    att = Attribution([_refine_source(an, sp, hi) for sp in spans], k, "object")
            if att is None and k > lo and low[k - 1] not in ("was", "were", "been", "being", "is", "are", "the", "a", "an"):
                spans = _subject_before(an, k, lo)
                if spans is not None:
                    if spans:
                        att = Attribution([_refine_source(an, sp, hi) for sp in spans], k, "subject")
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
                att = Attribution([_refine_source(an, (m, k), hi)], k, "participle")
                att.denied = w == "denying"
                att.self_claim = _self_claim(an, k, hi)
        elif w in REPORT_PARTICIPLES and k > lo and low[k - 1] == ",":
            first = lo
            for a, b in _chunks(an, lo, k):
                if low[a] not in ADVERBIAL_OPENERS or low[a] in ("the", "a", "an"):
                    first = a
                    break
            spans = _np_list(an, first, k)
            if spans and first < k:
                att = Attribution([_refine_source(an, spans[0], hi)], k, "participle")
                att.denied = w == "denying"
                att.self_claim = _self_claim(an, k, hi)
        if att is not None:
            att.spans = [sp for sp in att.spans if _valid_source(an, sp)]
            if att.spans or att.pronoun:
                out.append(att)
    state.attributions[s] = out
    return out


def _clause_group(an: Analysis, k: int, lo: int, hi: int) -> tuple[int, int]:
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
        if w in _CLAUSE_BREAKS:
            return True
        # ", and several families told us": a new subject starts a new clause.
        return w == "and" and m + 1 < hi and (low[m + 1] in DETERMINERS or an.toks[m + 1][0].isupper()) \
            and low[m + 1] not in ("the",) or (w == "and" and m + 2 < hi and low[m + 1] == "the"
                                               and low[m + 2] not in OUTCOME_CUES)

    bounds = [lo]
    for m in range(lo, hi):
        if low[m] in _GROUP_BREAK_WORDS and brk(m):
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


def attribution_for(state: DocState, fig_first: int, fig_last: int) -> Optional[Attribution]:
    """The claimant cue that covers a figure: in its quotation's sentences, else in its clause, else in its
    sentence; the nearest one."""
    an = state.an
    s = an.sent_of[fig_first]
    q = an.quote_of[fig_first]
    if q >= 0:
        qa, qb = an.quotes[q]
        sentences = sorted({an.sent_of[max(qa - 1, 0)], an.sent_of[min(qb, len(an) - 1)], s})
        cands = [(att, min(abs(att.cue - qa), abs(att.cue - qb))) for t in sentences
                 for att in sentence_attributions(state, t)]
        if cands:
            return min(cands, key=lambda x: x[1])[0]
        return None
    lo, hi = an.sentences[s]
    atts = sentence_attributions(state, s)
    if not atts:
        return None
    strong = [a for a in atts if not (a.spans and an.low[a.spans[0][0]] in ("his", "her", "its", "their", "our"))]
    atts = strong or atts
    ga, gb = _clause_group(an, fig_first, lo, hi)
    covering = [a for a in atts if _covers(an, a, fig_first, fig_last, hi)]
    inside = [a for a in covering if ga <= a.cue < gb]
    pool = inside or [a for a in covering if a.kind in ("according", "object", "agent")
                      and not any(an.low[m] == ";" for m in range(min(a.cue, fig_first), max(a.cue, fig_last)))]
    if not pool:
        return None
    return min(pool, key=lambda a: min(abs(a.cue - fig_first), abs(a.cue - fig_last)))


# --------------------------------------------------------------------------------------------------
# Actor cues


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
        if words > 8 or not _is_word(an.toks[m]) or w in REPORT_VERBS or (w.endswith("ed") and m < k - 1) \
                or w in ("supplied", "provided", "backed", "supported", "funded", "attended", "led", "signed"):
            return False
    return False


_ACTOR_TRIGGERS = (frozenset(("by", "from", ",", "between", "with", "alongside", "'", "’", "confirmed", "acknowledged",
                              "admitted", "claimed")) | _VIOLENT_PARTICIPLES | VIOLENT_VERBS | BLAME_VERBS)


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
                found += _np_list(an, k + 1, hi, actor=True)
            elif w == "from" and k > lo and low[k - 1] in ("fire", "gunfire", "shelling", "shots", "bullets"):
                found += _np_list(an, k + 1, hi, actor=True)
            elif w in _VIOLENT_PARTICIPLES and k > lo and an.toks[k - 1] == ",":
                # "Gunmen stormed the hotel ..., killing at least 32": the main clause's subject.
                first = lo
                for m in range(lo, k):
                    if _is_dash(an, m) or low[m] == ":":
                        first = m + 1
                for a, b in _chunks(an, first, k):
                    if low[a] in ADVERBIAL_OPENERS and low[a] not in ("the", "a", "an"):
                        continue
                    spans = _np_list(an, a, b, actor=True)
                    if spans and spans[0][0] == a:
                        found += spans
                    break
            elif w in (",", "between") and k + 1 < hi and low[k + 1] in ("between",) or \
                    (w == "between" and k > lo and low[k - 1] in ("fighting", "clashes", "clash", "battles", "battle",
                                                                  "hostilities", "combat", "exchanges")):
                # "fighting between the ELN and the 33rd Front": both parties carried out the violence.
                found += _np_list(an, k + 1, hi, actor=True)
            elif w in VIOLENT_VERBS and k > lo and low[k - 1] not in ("was", "were", "been", "being", "be", "is", "are") \
                    and not (w.endswith("ed") and k + 1 < hi and low[k + 1] in _PASSIVE_NEXT
                             and not (low[k + 1] == "at" and k + 2 < hi and low[k + 2] in ("least", "most"))) \
                    and not (w in _PRESENT_VIOLENT and not (k + 1 < hi and (low[k + 1] in DETERMINERS
                                                                           or an.toks[k + 1][0].isupper()))) \
                    and not (w == "carried" and (k + 1 >= hi or low[k + 1] != "out")) \
                    and not (w == "opened" and (k + 1 >= hi or low[k + 1] != "fire")) \
                    and not (w in ("hit", "shot", "killed", "struck") and k > lo and low[k - 1] in DETERMINERS) \
                    and not (w in ("struck", "hit") and k + 2 < hi and low[k + 2] in _NON_VIOLENT_OBJECTS):
                subj = _subject_before(an, k, lo, exact=True)
                if subj and low[subj[0][0]] in ("its", "their", "our") and state is not None and any(
                        att.cue < k and att.spans for att in sentence_attributions(state, s)):
                    subj = None  # "JNIM said its fighters had killed ...": the claimant is its own actor
                if subj == [] and state is not None:
                    # "The army said it had carried out the strike": "it" is the army.
                    for att in sentence_attributions(state, s):
                        if att.cue < k and att.spans:
                            subj = att.spans
                if subj:
                    found += subj
            elif w in BLAME_VERBS and not an.joined(k) and not (w in ("held", "holds", "hold", "holding") and
                                                                 "responsible" not in low[k:hi]):
                if w.startswith(("accus", "blam", "held", "hold")):
                    found += _np_list(an, k + 1, hi, actor="blame")
                if w.startswith(("attribut", "blam")):
                    for m in range(k + 1, min(hi, k + 10)):
                        if low[m] in ("to", "on") and low[m - 1] not in ("due",):
                            found += _np_list(an, m + 1, hi, actor=True)
                            break
            elif w in ("confirmed", "acknowledged", "admitted", "claimed") and k > lo:
                m = k + 1
                if m < hi and low[m] == "responsibility":
                    m += 2 if m + 1 < hi and low[m + 1] == "for" else 1
                while m < hi and low[m] in DETERMINERS:
                    m += 1
                if m < hi and low[m] in ("strike", "strikes", "airstrike", "airstrikes", "attack", "attacks", "raid",
                                         "raids", "operation", "bombing", "responsibility", "killing", "killings"):
                    subj = _subject_before(an, k, lo)
                    if subj:
                        found += subj
            elif w in _POSSESSIVE_MARKS and k + 2 < hi and low[k + 1] == "s" and low[k + 2] in WEAPON_NOUNS \
                    and an.joined(k):
                span = _np_backward(an, k, lo)
                if span:
                    found.append(span)
            elif w in ("with", "alongside") and k > lo and found:
                m = k + 1
                if low[k - 1] == "coordination" or w == "alongside" or low[k - 1] in ("together", "jointly"):
                    found += _np_list(an, m, hi, actor=True)
        seen = set()
        for sp in found:
            if sp in seen or not _is_party(an, sp, lo):
                continue
            seen.add(sp)
            out.append((sp, s))
    return out


# --------------------------------------------------------------------------------------------------
# Events


def _main_month(an: Analysis) -> tuple[Optional[int], Optional[int]]:
    year = month = None
    if an.published and len(an.published) >= 7:
        try:
            year, month = int(an.published[:4]), int(an.published[5:7])
        except ValueError:
            year = month = None
    low = an.low
    limit = an.sentences[min(2, len(an.sentences) - 1)][1] if an.sentences else 0
    dateline = set()
    for a, b in an.sentences[:3]:
        for m in range(a, min(b, a + 14)):
            if _is_dash(an, m):
                dateline.update(range(a, m))  # "(Dakar, May 4, 2023) - ...": the date of publication
                break
    for k in range(limit):
        if k in dateline:
            continue
        if low[k] in MONTHS and an.toks[k][0].isupper() and not (low[k] == "may" and k > 0 and not low[k - 1][0].isdigit()
                                                                and not (k + 1 < len(an) and low[k + 1][0].isdigit())):
            month = MONTHS[low[k]]
            for m in range(k + 1, min(k + 4, len(an))):
                if low[m].isdigit() and len(low[m]) == 4:
                    year = int(low[m])
            break
    return year, month


def background_key(an: Analysis, s: int, main: tuple[Optional[int], Optional[int]]) -> Optional[str]:
    """A key naming the earlier or other incident sentence s reports, or None for the main one."""
    lo, hi = an.sentences[s]
    low, toks = an.low, an.toks
    year, month = main
    for k in range(lo, hi):
        w = low[k]
        nxt = low[k + 1] if k + 1 < hi else ""
        if w in RELATIVE_PAST and nxt in PERIOD_WORDS:
            return f"{w} {nxt}"
        if w == "earlier" and nxt == "this" and k + 2 < hi and low[k + 2] in PERIOD_WORDS:
            return f"earlier this {low[k + 2]}"
        if w in PERIOD_WORDS and nxt == "ago":
            return f"{low[k - 1] if k > lo else ''} {w} ago"
        if w in OTHER_INCIDENT and (nxt in INCIDENT_NOUNS or (k + 2 < hi and low[k + 2] in INCIDENT_NOUNS)):
            return f"other@{s}"
        if w in MONTHS and toks[k][0].isupper() and w != "may" and month is not None:
            m = MONTHS[w]
            y = year
            for j in range(k + 1, min(k + 4, hi)):
                if low[j].isdigit() and len(low[j]) == 4:
                    y = int(low[j])
                    break
            if m != month or (y is not None and year is not None and y != year):
                later = (y is None or year is None or y == year) and m > month or (y is not None and year is not None
                                                                                     and y > year)
                if not later:  # a later month is the aftermath, not an earlier incident
                    return f"month {y}-{m:02d}"
        if w in ("in", "since") and nxt.isdigit() and len(nxt) == 4 and year is not None and int(nxt) < year:
            return f"year {nxt}"
    return None


# --------------------------------------------------------------------------------------------------
# Assembly


def _subset_parent(an: Analysis, fig: Figure, previous: Optional[Figure]) -> bool:
    if previous is None or previous.sentence != fig.sentence:
        return False
    low = an.low
    for cue in SUBSET_CUES:
        k = len(cue)
        a = fig.first - k
        if a >= previous.last and tuple(low[a:fig.first]) == cue:
            between = [w for w in low[previous.last:a]]
            if not any(w in (";",) for w in between):
                return True
    return False


def _hedged(an: Analysis, fig_first: int, fig_last: int) -> bool:
    s = an.sent_of[fig_first]
    lo, hi = an.sentences[s]
    ga, gb = _clause_group(an, fig_first, lo, hi)
    low = an.low
    for k in range(ga, gb):
        if low[k] in HEDGE_CUES and not (low[k] == "may" and an.toks[k][0] == "M"):
            return True
        # "said it had received reports that at least 35 children were killed" (guidelines 2.4)
        if low[k] == "reports" and k < fig_first and k + 1 < gb and low[k + 1] in ("that", "of") \
                and k > lo and low[k - 1] in ("received", "unconfirmed", "citing", "cited", "had", "are", "were"):
            return True
    return False


def _denier_of(state: DocState, att: Optional[Attribution], f: Figure) -> Optional[Attribution]:
    """A denial cue before a figure whose own source is named inside the denied statement."""
    if att is None or att.kind not in ("possessive", "noun", "agent") or att.denied:
        return None
    an = state.an
    for other in sentence_attributions(state, f.sentence):
        if other.denied and other.cue < att.cue and other is not att and other.spans:
            return other
    return None


def _span_chars(an: Analysis, span: Span) -> tuple[int, int]:
    return an.starts[span[0]], an.ends[span[1] - 1]


def _key(an: Analysis, span: Span) -> str:
    """The head word of a source phrase ("Mohamed El-Mouloud" and "El-Mouloud" share "mouloud")."""
    head = ""
    for w in an.low[span[0]:span[1]]:
        if w in ATTACHING_PREPS:
            break
        if _is_word(w) and w not in DETERMINERS:
            head = w
    return head


def assemble(an: Analysis, doc_id: str, figures: Sequence[Figure], *,
             claimants: Optional[Sequence[tuple[int, int]]] = None,
             actors: Optional[Sequence[tuple[int, int]]] = None) -> dict:
    """The submission record of one document.

    figures: CASUALTY figures (from `find_figures` or `figures_from_spans`). claimants/actors: character
    spans from a tagger, or None to let the cue rules find the noun phrases (rule mode).
    """
    state = DocState(an)
    rule_mode = claimants is None
    main = _main_month(an)
    # Pronoun resolution needs the named sources in text order.
    source_at: dict[int, list[Span]] = {}
    last: Optional[list[Span]] = None
    for s in range(len(an.sentences)):
        for att in sentence_attributions(state, s):
            if att.pronoun:
                if last:
                    att.spans = list(last)
            else:
                last = att.spans
            source_at[att.cue] = att.spans

    mentions: list[dict] = []
    taken: list[tuple[int, int]] = []

    def overlaps(a: int, b: int) -> bool:
        return any(a < y and x < b for x, y in taken)

    cas_ids: dict[int, str] = {}
    for idx, f in enumerate(figures):
        mid = f"m{len(mentions) + 1}"
        mentions.append({"id": mid, "label": "CASUALTY", "start": f.start, "end": f.end})
        taken.append((f.start, f.end))
        cas_ids[idx] = mid

    span_ids: dict[tuple[int, int], str] = {}

    def mention_for(chars: tuple[int, int], label: str) -> Optional[str]:
        if chars in span_ids:
            mid = span_ids[chars]
            if label == "CLAIMANT":
                # A party that asserts a figure about its own violence is a CLAIMANT listed among the
                # claim's actors (guidelines 1.3).
                for m in mentions:
                    if m["id"] == mid:
                        m["label"] = "CLAIMANT"
            return mid
        if overlaps(*chars):
            return None
        mid = f"m{len(mentions) + 1}"
        mentions.append({"id": mid, "label": label, "start": chars[0], "end": chars[1]})
        taken.append(chars)
        span_ids[chars] = mid
        return mid

    tagged_claimants = sorted(claimants or [])
    tagged_actors = sorted(actors or [])
    if not rule_mode:
        for sp in tagged_claimants:
            mention_for(sp, "CLAIMANT")
        for sp in tagged_actors:
            mention_for(sp, "ACTOR")

    def tagged_in_sentence(spans: list[tuple[int, int]], s: int) -> list[tuple[int, int]]:
        lo, hi = an.sentences[s]
        a, b = an.starts[lo], an.ends[hi - 1]
        return [sp for sp in spans if a <= sp[0] < b]

    # Actors per sentence.
    actor_by_sentence: dict[int, list[str]] = {}
    if rule_mode:
        for span, s in find_actor_spans(an, state):
            mid = mention_for(_span_chars(an, span), "ACTOR")
            if mid is None:
                chars = _span_chars(an, span)
                mid = span_ids.get(chars)
            if mid is not None and mid not in actor_by_sentence.get(s, []):
                actor_by_sentence.setdefault(s, []).append(mid)
    else:
        for sp in tagged_actors:
            s = an.sent_of[min(an.token_at_char(sp[0]), len(an) - 1)]
            mid = span_ids.get(sp)
            if mid:
                actor_by_sentence.setdefault(s, []).append(mid)

    def claimant_ids(att: Optional[Attribution], f: Figure) -> list[Optional[str]]:
        if rule_mode:
            if att is None or not att.spans:
                return [None]
            ids = []
            for sp in att.spans:
                chars = _span_chars(an, sp)
                mid = mention_for(chars, "CLAIMANT")
                if mid is not None and mid not in ids:
                    ids.append(mid)
            return ids or [None]
        # Tagger mode: cue-named phrases choose among the tagged spans; else a tagged claimant in the sentence.
        pool = tagged_claimants
        ids = []
        if att is not None:
            for sp in att.spans:
                a, b = _span_chars(an, sp)
                hit = [c for c in pool if c[0] < b and a < c[1]]
                for c in hit[:1]:
                    if span_ids.get(c) and span_ids[c] not in ids:
                        ids.append(span_ids[c])
        if not ids:
            near = tagged_in_sentence(pool, f.sentence)
            q = an.quote_of[f.first]
            if not near and q >= 0:
                qa, qb = an.quotes[q]
                for t in {an.sent_of[max(qa - 1, 0)], an.sent_of[min(qb, len(an) - 1)]}:
                    near += tagged_in_sentence(pool, t)
            if near:
                best = min(near, key=lambda c: min(abs(c[0] - f.end), abs(c[1] - f.start)))
                if span_ids.get(best):
                    ids.append(span_ids[best])
        return ids or [None]

    claims: list[dict] = []
    claims_of_fig: dict[int, list[dict]] = {}
    bg_ids: dict[str, str] = {}

    events_by_sentence: dict[int, Optional[str]] = {}

    def event_of(s: int) -> Optional[str]:
        if s in events_by_sentence:
            return events_by_sentence[s]
        key = background_key(an, s, main)
        if key is None:
            # The main incident. Event ids must be predicted (the scorer gives a null event nothing); this
            # one is local to the document, so reports of one incident in several articles stay apart.
            event = f"{doc_id}#main"
        else:
            if key not in bg_ids:
                bg_ids[key] = f"{doc_id}#bg{len(bg_ids) + 1}"
            event = bg_ids[key]
        events_by_sentence[s] = event
        return event

    # The parties each named source holds responsible, per event, anywhere in the article (guidelines 2.2).
    by_claimant_event_actors: dict[tuple[str, str], list[str]] = {}
    for s in range(len(an.sentences)):
        acts = actor_by_sentence.get(s)
        if not acts:
            continue
        for att in sentence_attributions(state, s):
            for sp in att.spans:
                if not _named_source(an, sp):
                    continue
                k = (_key(an, sp), event_of(s))
                for a in acts:
                    if a not in by_claimant_event_actors.setdefault(k, []):
                        by_claimant_event_actors[k].append(a)

    previous: Optional[Figure] = None
    for idx, f in enumerate(figures):
        parent_claims = claims_of_fig.get(idx - 1) if previous is not None else None
        is_subset = parent_claims and _subset_parent(an, f, previous)
        event = event_of(f.sentence)
        att = attribution_for(state, f.first, f.last)
        modality = "asserted"
        if att is not None and att.denied:
            modality = "denied"
        elif _hedged(an, f.first, f.last):
            modality = "hedged"
        sentence_actors = list(actor_by_sentence.get(f.sentence, []))
        q = an.quote_of[f.first]
        if q >= 0:
            qa, qb = an.quotes[q]
            for t in {an.sent_of[max(qa - 1, 0)], an.sent_of[min(qb, len(an) - 1)]}:
                for mid in actor_by_sentence.get(t, []):
                    if mid not in sentence_actors:
                        sentence_actors.append(mid)
        fig_claims = []
        if is_subset:
            for parent in parent_claims:
                fig_claims.append({"claimant": parent["claimant"], "actors": list(parent["actors"]),
                                   "outcome": parent["outcome"], "event": parent["event"],
                                   "subset_of": parent["id"], "modality": parent["modality"]})
        else:
            for cid in claimant_ids(att, f):
                acts = [a for a in sentence_actors if a != cid]
                if att is not None and att.self_claim and cid is not None:
                    acts = [cid] + acts
                fig_claims.append({"claimant": cid, "actors": acts if modality != "denied" else [],
                                   "outcome": f.outcome, "event": event, "subset_of": None, "modality": modality})
            # "a spokesman rejected the group's claim that dozens were killed": the source's claim, asserted,
            # and the denier's, denied (guidelines 2.4).
            denier = _denier_of(state, att, f)
            if denier is not None:
                for cid in claimant_ids(denier, f):
                    if cid is not None and all(c["claimant"] != cid for c in fig_claims):
                        fig_claims.append({"claimant": cid, "actors": [], "outcome": f.outcome, "event": event,
                                           "subset_of": None, "modality": "denied"})
        out = []
        for c in fig_claims:
            claim = {"id": f"c{len(claims) + 1}", "casualty": cas_ids[idx], "claimant": c["claimant"],
                     "actors": c["actors"], "outcome": c["outcome"], "victims": f.victims,
                     "toll": _toll_dict(f.toll), "subset_of": c["subset_of"], "event": c["event"],
                     "modality": c["modality"]}
            claims.append(claim)
            out.append(claim)
        claims_of_fig[idx] = out
        previous = f
    # The parties the article itself says carried out each event: actors of sentences without a claimant cue.
    own_voice: dict[str, list[str]] = {}
    for s in range(len(an.sentences)):
        acts = actor_by_sentence.get(s)
        if acts and not sentence_attributions(state, s):
            for a in acts:
                if a not in own_voice.setdefault(event_of(s), []):
                    own_voice[event_of(s)].append(a)
    # The actors a source named elsewhere for the same event (guidelines 2.2).
    for claim in claims:
        if claim["claimant"] is None and not claim["actors"] and claim["modality"] != "denied" \
                and claim["subset_of"] is None:
            claim["actors"] = list(own_voice.get(claim["event"], []))
            continue
        if claim["claimant"] and not claim["actors"]:
            k = (_mention_key_late(an, mentions, claim["claimant"]), claim["event"])
            if not _named_mention(an, mentions, claim["claimant"]):
                continue
            claim["actors"] = [a for a in by_claimant_event_actors.get(k, []) if a != claim["claimant"]]
    # Each blamed party once per claim, with its mention nearest to the figure (guidelines 2.2).
    by_id = {m["id"]: m for m in mentions}
    for claim in claims:
        if len(claim["actors"]) < 2:
            continue
        fig = by_id[claim["casualty"]]
        best: dict[str, str] = {}
        for a in claim["actors"]:
            m = by_id[a]
            key = an.text[m["start"]:m["end"]].lower().removeprefix("the ").strip()
            dist = min(abs(m["start"] - fig["end"]), abs(fig["start"] - m["end"]))
            if key not in best or dist < best[key][0]:
                best[key] = (dist, a)
        keep = {a for _, a in best.values()}
        claim["actors"] = [a for a in claim["actors"] if a in keep]
    used = {c["claimant"] for c in claims} | {a for c in claims for a in c["actors"]} | {c["casualty"] for c in claims}
    if rule_mode:
        # Claimant phrases exist only where they assert a figure (guidelines 1.2); actors stay.
        mentions = [m for m in mentions if m["label"] != "CLAIMANT" or m["id"] in used]
    return _renumber(doc_id, an.text, mentions, claims)


def _named_source(an: Analysis, span: Span) -> bool:
    """A source identifiable across sentences: a name, or a party ("the separatists"), not "a source"."""
    head = None
    for k in range(span[0], span[1]):
        if an.low[k] in ATTACHING_PREPS:
            break
        if _is_word(an.toks[k]) and an.low[k] not in DETERMINERS:
            head = k
    return head is not None and (an.toks[head][0].isupper() or an.low[head] in PARTY_HEADS)


def _named_mention(an: Analysis, mentions: list[dict], mid: str) -> bool:
    for m in mentions:
        if m["id"] == mid:
            return _named_source(an, (an.token_at_char(m["start"]), an.token_at_char(m["end"] - 1) + 1))
    return False


def _mention_key_late(an: Analysis, mentions: list[dict], mid: str) -> str:
    for m in mentions:
        if m["id"] == mid:
            a = an.token_at_char(m["start"])
            b = an.token_at_char(m["end"] - 1) + 1
            return _key(an, (a, b))
    return ""


def _toll_dict(toll: Toll) -> dict:
    return {"low": toll.low, "high": toll.high, "vague_term": toll.vague_term, "approximate": toll.approximate}


def _renumber(doc_id: str, text: str, mentions: list[dict], claims: list[dict]) -> dict:
    """Mentions in text order as m1, m2, ...; claims keep their order; references follow."""
    mentions = sorted(mentions, key=lambda m: (m["start"], m["end"]))
    new_id = {m["id"]: f"m{i + 1}" for i, m in enumerate(mentions)}
    out_mentions = [{"id": new_id[m["id"]], "label": m["label"], "start": m["start"], "end": m["end"],
                     "text": text[m["start"]:m["end"]]} for m in mentions]
    for c in claims:
        c["casualty"] = new_id[c["casualty"]]
        c["claimant"] = new_id.get(c["claimant"]) if c["claimant"] else None
        c["actors"] = [new_id[a] for a in c["actors"] if a in new_id]
    return {"id": doc_id, "mentions": out_mentions, "claims": claims}


def figures_from_spans(an: Analysis, spans: Iterable[tuple[int, int]]) -> list[Figure]:
    """Figures for CASUALTY character spans found by a tagger: toll by `find_toll`, outcome and victims by
    `describe_span`. Spans without a readable figure are dropped (every CASUALTY needs a toll)."""
    out = []
    for a, b in sorted(spans):
        first = an.token_at_char(a)
        last = an.token_at_char(b - 1) + 1
        if first >= len(an) or first >= last:
            continue
        toll = find_toll(an.text[a:b])
        if toll is None:
            continue
        outcome, victims = describe_span(an, first, last)
        out.append(Figure(first, last, a, b, toll, outcome, victims, an.sent_of[first], first))
    return out



def assemble_spans(an: Analysis, doc_id: str, spans: Sequence[tuple[str, int, int]]) -> dict:
    """The submission record from a tagger's (label, start, end) character spans: CASUALTY spans become figures
    (toll by `find_toll`), CLAIMANT and ACTOR spans are linked by the cue rules. Shared by the CRF and the
    transformer."""
    cas = [(a, b) for label, a, b in spans if label == "CASUALTY"]
    claimants = [(a, b) for label, a, b in spans if label == "CLAIMANT"]
    actors = [(a, b) for label, a, b in spans if label == "ACTOR"]
    return assemble(an, doc_id, figures_from_spans(an, cas), claimants=claimants, actors=actors)
