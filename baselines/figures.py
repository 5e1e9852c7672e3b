"""The casualty-figure finder: CASUALTY spans with their victims and outcome (guidelines 1.1, 2.4).

`find_figures(analysis)` returns every casualty figure of a document: a number expression in digits or words,
a range, or a vague quantity word, with the qualifier in front ("at least", "as high as") and the victims'
head noun with its modifiers after it ("over 130 Malian soldiers and Wagner fighters"). A number only
counts when the words around it report people killed, injured, missing or abducted, so dates, ages,
durations, distances, money, troop strengths, displaced people and counts of strikes stay out.

`describe_span(analysis, first, last)` gives the victims and outcome of a span found by another component
(the CRF or the transformer), so that every extractor assigns them the same way. Tolls always come from
`bench.tolls.find_toll`, the benchmark's one normaliser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from bench.schema import Toll
from bench.tolls import QUALIFIERS, VAGUE_FLOORS, find_toll, parse_number_at

from baselines.lexicon import (
    AFTER_BARE, AUX_WORDS, CIVILIAN_MODIFIERS, CURRENCY_SIGNS, MONTHS, NON_CASUALTY_CUES, NP_STOP,
    ADJACENT_OUTCOME_VERBS, DETERMINERS, FRAME_LINKS, NUMBER_WORDS, PRONOUNS, OF_HEADS, OUTCOME_CUES, OUTCOME_HEADS, SINGULAR_HEADS, SUBSET_CUES, TOLL_BRIDGE,
    TOLL_NOUNS, UNIT_WORDS,
    VAGUE_FIRST_WORDS, VICTIM_HEADS, WEEKDAYS,
)
from baselines.text import Analysis

_PURE_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_AGE = re.compile(r"\b\d+\s*-\s*(?:year|month|week|day)s?\s*-\s*old\b", re.IGNORECASE)
_VAGUE_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in sorted(VAGUE_FLOORS, key=len, reverse=True):
    if _phrase != ("high",):  # "high" is a figure only as "a high number", matched by its longer phrase
        _VAGUE_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)
_QUALIFIERS_BY_LAST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in sorted(QUALIFIERS, key=len, reverse=True):
    _QUALIFIERS_BY_LAST.setdefault(_phrase[-1], []).append(_phrase)
# Vague words that need a victims noun to count ("several attacks" is no figure, "dozens wounded" is).
_VAGUE_NEEDS_HEAD = {"several", "a", "many", "numerous", "countless", "large", "tens"}
_KILL_VERBS = frozenset(w for w, o in OUTCOME_CUES.items() if w.endswith(("ed", "ing")) or w in ("kill", "kills", "slain"))
_RISE_VERBS = frozenset("rose risen rise rises rising climbed climbs jumped increased reached soared".split())
_NOT_BEFORE_NUMBER = frozenset("""aged age ages no number route highway road article resolution chapter page section
    battalion brigade division platoon phase flight level grade class room ward block sector km kilometre
    kilometer paragraph item vol volume issue episode season verse""".split())
_RANGE_JOINERS = {"to", "-", "–", "—", "or", "and"}
_OF_DETERMINERS = frozenset("the its their his her our these those them whom".split())
_PRONOUN_OBJECTS = frozenset("them whom which those".split())
# Words after "a"/"an" that may start a figure ("a dozen", "a hundred", "a large number").
_AFTER_A = frozenset(w for phrase in VAGUE_FLOORS if phrase[0] == "a" for w in phrase[1:2]) | {"hundred", "thousand",
                                                                                              "dozen", "million"}
# Participles after a figure stay out of the span ("dozens wounded" -> "dozens", guidelines 1.1); "dead" is
# the noun of outcome ("400 dead", like "dozens of dead").
_PARTICIPLE_HEADS = frozenset("wounded injured missing".split())
# "58 wounded were evacuated": "wounded" is a noun there (guidelines 1.1).
_NOUN_FOLLOWERS = frozenset("were was are is have had remain remained remains who arrived".split())
_EXCEED_VERBS = frozenset("passed passes passing exceeded exceeds exceeding surpassed surpasses topped tops".split())
_ADJ_ED = frozenset("""armed unarmed displaced detained unidentified suspected retired unnamed alleged so-called
    elderly wounded injured burned burnt charred mutilated decomposed bullet-riddled""".split())
_SPEAKER_VERBS = frozenset("""said say says saying told tell reported reporting claimed claiming stated confirmed
    added described recounted recalled testified spoke""".split())
_NOT_SPEAKERS = frozenset("victims dead bodies deaths lives casualties fatalities martyrs injuries".split())


@dataclass(frozen=True)
class Figure:
    """A CASUALTY span over tokens [first, last) with what the finder read from it."""

    first: int
    last: int
    start: int          # character offsets
    end: int
    toll: Toll
    outcome: str
    victims: str
    sentence: int
    number_at: int      # token where the number expression starts


def _number_words(an: Analysis) -> list[str]:
    """The lower-cased tokens as `bench.tolls.parse_number_at` reads them (ordinals and codes blanked)."""
    words = an.cache.get("number_words")
    if words is None:
        words = []
        for w in an.low:
            if w[0].isdigit() and not _PURE_NUMBER.fullmatch(w):
                words.append("#")
            else:
                words.append(w)
        an.cache["number_words"] = words
    return words


def _figure_end(an: Analysis, words: list[str], i: int, limit: int) -> Optional[tuple[int, bool]]:
    """(index after the number expression starting at token i, is_vague) or None."""
    w = words[i]
    vague = None
    for phrase in _VAGUE_BY_FIRST.get(w, ()):
        k = len(phrase)
        if i + k <= limit and tuple(words[i:i + k]) == phrase:
            vague = i + k
            break
    number = None
    if w[0].isdigit() or w in NUMBER_WORDS or (w in ("a", "an") and i + 1 < limit):
        parsed = parse_number_at(words, i)
        if parsed is not None and parsed[1] <= limit:
            number = parsed[1]
    if vague is not None and (number is None or number <= vague):
        return vague, True
    if number is not None:
        return number, False
    return None


def _qualifier_start(an: Analysis, i: int, floor: int) -> int:
    """Start of a qualifier phrase ending right before token i ("at least", "as high as"), else i."""
    low = an.low
    if i - 1 < floor:
        return i
    for phrase in _QUALIFIERS_BY_LAST.get(low[i - 1], ()):
        k = len(phrase)
        if i - k >= floor and tuple(low[i - k:i]) == phrase:
            return i - k
    return i


def _is_word(tok: str) -> bool:
    return tok[0].isalpha()


def _demonym(tok: str) -> bool:
    return (tok[0].isupper() and len(tok) > 3 and tok.lower() not in MONTHS and tok.lower() not in WEEKDAYS
            and ((tok.endswith("s") and not tok.endswith("ss")) or tok.endswith("ese")))


def _head_after(an: Analysis, k: int, limit: int, after_of: bool = False) -> Optional[tuple[int, str, list[str]]]:
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
        if not _is_word(w) or w in NP_STOP or w in OUTCOME_CUES or w in UNIT_WORDS or w in MONTHS \
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


def _extend_head(an: Analysis, head: int, cat: str, limit: int) -> tuple[int, str]:
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
            if not _is_word(w) and not (w in ("-", "'") and an.joined(j)):
                break
            if w in NP_STOP and w not in ("the",):
                break
            j += 1
        if end is not None:
            head = end
    if head + 2 < limit and low[head + 1] in ("and", "or"):
        nxt = head + 2
        if not _starts_number(an, nxt, limit) and low[nxt] not in OUTCOME_CUES:
            found = _head_after(an, nxt, limit)
            if found is not None and found[0] - nxt <= 4 and low[found[0]] not in OUTCOME_HEADS:
                other = found[1]
                head = found[0]
                if other != cat:
                    cat = "mixed"
    return head, cat


def _starts_number(an: Analysis, i: int, limit: int) -> bool:
    words = _number_words(an)
    return i < limit and _figure_end(an, words, i, limit) is not None


def _outcome_near(an: Analysis, first: int, last: int, lo: int, hi: int, window: int = 12
                  ) -> Optional[tuple[str, int]]:
    """Nearest outcome or non-casualty cue around tokens [first, last): (outcome or "none", distance)."""
    low = an.low
    best: Optional[tuple[str, int]] = None
    # Right side first: "21 civilians were killed" reads the verb after the figure.
    j = last
    while j < hi and j - last < window:
        w = low[j]
        if w in (";",) or an.masked[j]:
            break
        if w in OUTCOME_CUES:
            best = (OUTCOME_CUES[w] if w != "toll" else "killed", j - last + 1)
            break
        if w == "taken" and j + 2 < hi and low[j + 1] == "to" and low[j + 2].startswith(("hospital", "clinic")):
            best = ("injured", j - last + 1)
            break
        if w in ("taken", "led", "carried", "dragged", "marched") and j + 1 < hi \
                and low[j + 1] in ("away", "hostage", "captive", "off"):
            best = ("abducted", j - last + 1)  # "taken away by federal troops" (guidelines 2.4)
            break
        if w in NON_CASUALTY_CUES:
            best = ("none", j - last + 1)
            break
        j += 1
    j = first - 1
    while j >= lo and first - j <= window:
        w = low[j]
        if w in (";",) or an.masked[j]:
            break
        if w in OUTCOME_CUES or w in NON_CASUALTY_CUES:
            d = first - j
            if best is None or d < best[1]:
                best = (OUTCOME_CUES.get(w, "none") if w in OUTCOME_CUES else "none", d)
            break
        j -= 1
    return best


def _bare_context(an: Analysis, first: int, last: int, lo: int, hi: int) -> Optional[str]:
    """Outcome for a figure without a victims noun, when it stands in a casualty construction: "kill at
    least 21", "the toll could be as high as 20", "the deaths of dozens", "dozens wounded", "21 were killed"."""
    low = an.low
    # Right: "dozens wounded", "21 were killed", "12 died", "30 others were hurt".
    j = last
    if j + 1 < hi and low[j] == "of" and low[j + 1] in ("them", "whom", "those"):
        j += 2  # "four of them were killed"
    skipped = 0
    while j < hi and skipped <= 3:
        w = low[j]
        if w in OUTCOME_CUES and w != "toll":
            return OUTCOME_CUES[w]
        if w == "in" and j + 1 < hi and low[j + 1] == "captivity":
            return "abducted"
        if w in ("taken", "held") and j + 1 < hi and low[j + 1] in ("away", "hostage", "captive", "hostages"):
            return "abducted"
        if w == "shot" and j + 1 < hi and low[j + 1] == "dead":
            return "killed"
        if w in AUX_WORDS or w in ("others", "more", "people"):
            j += 1
            skipped += 1
            continue
        break
    # Left: an active verb ("killing 12"), an outcome noun with "of" ("the deaths of dozens") or a toll frame.
    j = first - 1
    if j >= lo and low[j] in _KILL_VERBS:
        return OUTCOME_CUES[low[j]]
    if j >= lo and low[j] in ADJACENT_OUTCOME_VERBS and ADJACENT_OUTCOME_VERBS[low[j]] == "abducted":
        return "abducted"
    if j - 1 >= lo and low[j] == "of" and low[j - 1] in OUTCOME_CUES:
        return OUTCOME_CUES[low[j - 1]] if low[j - 1] != "toll" else "killed"
    frame = _toll_frame(an, first, lo)
    if frame is not None:
        return frame
    steps = 0
    while j >= lo and steps < 7:
        w = low[j]
        if w == "toll" or (w in OUTCOME_CUES and w in ("dead", "deaths", "death", "killed", "wounded", "injured",
                                                         "casualties", "fatalities", "victims")):
            return OUTCOME_CUES.get(w, "killed") if w != "toll" else "killed"
        if w in TOLL_BRIDGE or w in AUX_WORDS or w in ("the", "a", "this", "that", "its", "their", "figure"):
            j -= 1
            steps += 1
            continue
        if (w[0].isdigit() or w in NUMBER_WORDS) and j - 1 >= lo and low[j - 1] == "from":
            j -= 2  # "rose from 20 to 41"
            steps += 1
            continue
        if w == "it" and j + 1 < first and low[j + 1] in AUX_WORDS:
            # "Residents say it could be as high as 400": "it" is the toll of the sentence before.
            s = an.sent_of[j]
            if s > 0:
                pa, pb = an.sentences[s - 1]
                for k in range(pa, pb):
                    if low[k] == "toll" or low[k] in ("dead", "deaths", "killed"):
                        return "killed"
        break
    return None


def _toll_frame(an: Analysis, first: int, lo: int) -> Optional[str]:
    """A figure framed as a toll: "the toll ... has risen to 200", "put the number at 80", "the figure of
    184", "the victims reached 64". The outcome is that of the nearest outcome word before it."""
    low = an.low
    j = first - 1
    if j < lo or low[j] not in FRAME_LINKS and low[j] not in TOLL_BRIDGE:
        return None
    noun = None
    k = j
    while k >= lo and first - k <= 32:
        w = low[k]
        if w[0].isdigit() and k < j or w in (";",):
            break
        if w in TOLL_NOUNS and noun is None:
            noun = k
        if noun is not None and w in OUTCOME_CUES:
            return OUTCOME_CUES[w] if w != "toll" else "killed"
        k -= 1
    if noun is None:
        return None
    if low[noun] in OUTCOME_CUES:
        return OUTCOME_CUES[low[noun]] if low[noun] != "toll" else "killed"
    # "the number of people killed ... rose to 37": the outcome may follow the noun.
    for k in range(noun + 1, first):
        if low[k] in OUTCOME_CUES:
            return OUTCOME_CUES[low[k]]
    if low[noun] == "victims":
        return "killed"
    # "the true number could be as high as 150", after a sentence about the dead.
    s = an.sent_of[first]
    if s > 0:
        pa, pb = an.sentences[s - 1]
        if any(low[m] in ("toll", "dead", "deaths", "killed") for m in range(pa, pb)):
            return "killed"
    return None


def after_subset_cue(an: Analysis, first: int, lo: int) -> bool:
    """True when "including", "among them", ... stands right before token `first`."""
    low = an.low
    for cue in SUBSET_CUES:
        k = len(cue)
        if first - k >= lo and tuple(low[first - k:first]) == cue:
            return True
    return False


def _number_excluded(an: Analysis, i: int, e: int, lo: int, hi: int) -> bool:
    """Numbers that are dates, years, ages, money, times, percentages, codes."""
    low, toks = an.low, an.toks
    w = low[i]
    prev = low[i - 1] if i - 1 >= lo else ""
    nxt = low[e] if e < hi else ""
    if prev in MONTHS or nxt in MONTHS or prev in CURRENCY_SIGNS or prev in _NOT_BEFORE_NUMBER:
        return True
    if prev == "no" and w == "one":
        return True
    if nxt in UNIT_WORDS or nxt in ("%",):
        return True
    if nxt in ("-", "–") and e + 1 < hi and low[e + 1] in ("year", "years", "month", "day", "week", "hour", "km",
                                                         "strong", "member", "day", "storey"):
        return True
    if nxt == ":" and e + 1 < hi and low[e + 1][:1].isdigit():
        return True
    if w.isdigit() and len(w) == 4 and 1900 <= int(w) <= 2100 and e == i + 1:
        return True
    if w[0].isdigit() and an.joined(i) and toks[i - 1] in ("/", ".", "-", "#"):
        return True
    return False


def _sentence_limits(an: Analysis, i: int) -> tuple[int, int]:
    a, b = an.sentences[an.sent_of[i]]
    return a, b


def find_figures(an: Analysis) -> list[Figure]:
    """Every casualty figure of the document, in text order, non-overlapping, one sentence each."""
    cached = an.cache.get("figures")
    if cached is not None:
        return cached
    words = _number_words(an)
    low = an.low
    out: list[Figure] = []
    n = len(an)
    i = 0
    while i < n:
        w = words[i]
        if an.masked[i] or not (w[0].isdigit() or w in NUMBER_WORDS or w in VAGUE_FIRST_WORDS or w in ("a", "an")):
            i += 1
            continue
        if w in ("many", "much", "few") and i > 0 and words[i - 1] in ("how", "so", "too", "as"):
            i += 1  # "did not say how many soldiers were killed": a question about a figure, not one
            continue
        if w in ("a", "an") and not (i + 1 < n and (words[i + 1] in _AFTER_A or any(
                x in SINGULAR_HEADS for x in words[i + 1:i + 8]))):
            i += 1  # most articles start no figure: skip them cheaply
            continue
        lo, hi = _sentence_limits(an, i)
        fig = _figure_at(an, words, i, lo, hi)
        if fig is None:
            i += 1
            continue
        if out and fig.first < out[-1].last:
            i += 1
            continue
        out.append(_shared_qualifier(an, out[-1] if out else None, fig))
        i = fig.last
    an.cache["figures"] = out
    return out


def _shared_qualifier(an: Analysis, previous: Optional[Figure], fig: Figure) -> Figure:
    """"at least 100 people had been killed and 300 injured": one qualifier governs both figures, so the
    second figure's toll takes it (guidelines 3, shared qualifiers)."""
    low = an.low
    if previous is None or previous.sentence != fig.sentence or fig.first != fig.number_at:
        return fig
    if previous.first == previous.number_at or fig.first - 1 < 0 or low[fig.first - 1] != "and":
        return fig
    if any(low[k][0].isdigit() or low[k] in (";", ":") for k in range(previous.last, fig.first - 1)):
        return fig
    elliptic = fig.last >= len(an) or low[fig.last] in OUTCOME_CUES or (fig.last - fig.first <= 2 and low[fig.last - 1]
                                                                      in ("others", "more", "people", "wounded"))
    if not elliptic or fig.toll.vague_term:
        return fig
    qualifier = an.text[an.starts[previous.first]:an.starts[previous.number_at]]
    toll = find_toll(qualifier + an.text[fig.start:fig.end])
    if toll is None:
        return fig
    return Figure(fig.first, fig.last, fig.start, fig.end, toll, fig.outcome, fig.victims, fig.sentence, fig.number_at)


def _figure_at(an: Analysis, words: list[str], i: int, lo: int, hi: int) -> Optional[Figure]:
    low = an.low
    found = _figure_end(an, words, i, hi)
    if found is None:
        if low[i] in ("a", "an"):
            return _singular_at(an, i, lo, hi)
        return None
    e, vague = found
    if not vague and _number_excluded(an, i, e, lo, hi):
        return None
    if not vague and words[i] in ("a", "an") and e == i + 1:
        return None
    if vague and i - 1 >= lo and low[i - 1] in ("give", "gave", "given", "giving", "provide", "provided", "no"):
        return None  # "did not give a number of the people who died"
    context_first = i
    # A range: "between 20 and 30", "20 to 30", "20-30"; "rose from 20 to 30" keeps the final figure only.
    if not vague and e + 1 < hi and low[e] in _RANGE_JOINERS:
        second = _figure_end(an, words, e + 1, hi)
        if second is not None and not second[1]:
            opener = low[i - 1] if i - 1 >= lo else ""
            if opener == "from" and i - 2 >= lo and low[i - 2] in _RISE_VERBS:
                return None  # the final figure after "to" is read on its own
            if low[e] != "and" or opener == "between":
                if low[e] in ("-", "–", "—") or not (e + 2 < hi and low[e + 1] in ("a", "an")):
                    if opener in ("between", "from"):
                        context_first = i - 1
                    e = second[0]
    first = _qualifier_start(an, context_first, lo)
    # Number with a victims head.
    head_info = None
    k = e
    if k < hi and low[k] == "of":
        k2 = k + 1
        if k2 < hi and low[k2] in _OF_DETERMINERS:
            if low[k2] in _PRONOUN_OBJECTS:
                k2 = -1
            else:
                k2 += 1
        if k2 > 0:
            head_info = _head_after(an, k2, hi, after_of=True)
    elif k < hi:
        head_info = _head_after(an, k, hi)
    if head_info is not None:
        head, cat, mods = head_info
        head, cat = _extend_head(an, head, cat, hi)
        last = head + 1
        if last < hi and low[last] in _SPEAKER_VERBS and low[head] not in _NOT_SPEAKERS:
            return None  # "two witnesses said", "one of their leaders reporting": sources, not victims
        cue = _outcome_near(an, first, last, lo, hi)
        head_word = low[head]
        inner = next((OUTCOME_CUES[low[j]] for j in range(e, last) if low[j] in OUTCOME_CUES), None)
        if first - 1 >= lo and low[first - 1] in ADJACENT_OUTCOME_VERBS:
            cue = (ADJACENT_OUTCOME_VERBS[low[first - 1]], 1)
        if head_word in OUTCOME_HEADS and (cue is None or cue[0] == "none" or low[head] in ("deaths", "dead",
                                                                                          "wounded", "injured")):
            outcome = OUTCOME_HEADS[head_word]
        elif inner is not None and (cue is None or cue[0] == "none" or cue[1] > 3):
            outcome = inner
        elif cue is None or cue[0] == "none":
            return None
        else:
            outcome = cue[0]
        if any(m in ("displaced", "arrested", "detained") for m in mods) and (cue is None or cue[1] > 2):
            return None
    else:
        if vague and words[i] in _VAGUE_NEEDS_HEAD and not (words[i] == "a" and words[i + 1] in ("dozen", "few", "handful")):
            return None
        nxt = low[e] if e < hi else "."
        if _is_word(nxt) and nxt not in AFTER_BARE and nxt not in OUTCOME_CUES and nxt not in AUX_WORDS:
            return None
        if nxt == "of" and not (e + 1 < hi and low[e + 1] in ("them", "whom", "those")):
            return None
        outcome = _bare_context(an, first, e, lo, hi)
        if outcome is None and after_subset_cue(an, first, lo):
            cue = _outcome_near(an, first, e, lo, hi)
            outcome = cue[0] if cue is not None and cue[0] != "none" else None
        if outcome is None:
            return None
        cue = _outcome_near(an, first, e, lo, hi)
        if cue is not None and cue[0] == "none" and cue[1] <= 2:
            return None
        cat = "unspecified"
        last = e
    span_text = an.text[an.starts[first]:an.ends[last - 1]]
    if first == i and first - 1 >= lo and low[first - 1] in _EXCEED_VERBS:
        span_text = "more than " + span_text  # "passed 100" is more than 100 (guidelines 3)
    toll = find_toll(_AGE.sub(" ", span_text) if _AGE.search(span_text) else span_text)
    if toll is None:
        return None
    return Figure(first, last, an.starts[first], an.ends[last - 1], toll, outcome, cat, an.sent_of[i], i)


def _singular_at(an: Analysis, i: int, lo: int, hi: int) -> Optional[Figure]:
    """ "a child was killed", "killing a soldier": a singular indefinite victim is a figure of one."""
    low = an.low
    j = i + 1
    steps = 0
    while j < hi and steps < 4:
        w = low[j]
        if w in SINGULAR_HEADS:
            break
        if w[0].isdigit() or w in ("-", "–"):
            j += 1
            continue
        if not _is_word(w) or w in NP_STOP or w in OUTCOME_CUES:
            return None
        j += 1
        steps += 1
    else:
        return None
    if j >= hi or low[j] not in SINGULAR_HEADS:
        return None
    head = j
    outcome = None
    k = head + 1
    skipped = 0
    while k < hi and skipped <= 5:
        w = low[k]
        if w in OUTCOME_CUES and w not in ("toll", "death", "deaths", "lives", "bodies"):
            outcome = OUTCOME_CUES[w]
            break
        if w == "shot" and k + 1 < hi and low[k + 1] == "dead":
            outcome = "killed"
            break
        if w in AUX_WORDS or w in ("among", "the", "those"):
            k += 1
            skipped += 1
            continue
        break
    if outcome is None and after_subset_cue(an, i, lo):
        cue = _outcome_near(an, i, head + 1, lo, hi)
        if cue is not None and cue[0] != "none":
            outcome = cue[0]
    if outcome is None and i - 1 >= lo:
        prev = low[i - 1]
        if prev in _KILL_VERBS:
            outcome = OUTCOME_CUES[prev]
        elif prev == "of" and i - 2 >= lo and low[i - 2] in ("death", "killing", "murder", "abduction", "kidnapping"):
            outcome = OUTCOME_CUES[low[i - 2]]
    if outcome is None:
        return None
    cat = VICTIM_HEADS.get(low[head], "unspecified")
    if cat in ("unspecified",) and low[head] in ("man", "person"):
        cat = "unspecified"
    span_text = an.text[an.starts[i]:an.ends[head]]
    toll = find_toll(_AGE.sub(" ", span_text) if _AGE.search(span_text) else span_text)
    if toll is None or toll.low != 1 or toll.high != 1:
        return None
    return Figure(i, head + 1, an.starts[i], an.ends[head], toll, outcome, cat, an.sent_of[i], i)


def describe_span(an: Analysis, first: int, last: int) -> tuple[str, str]:
    """(outcome, victims) of a CASUALTY span found by a tagger, read the way the finder reads its own."""
    low = an.low
    lo, hi = _sentence_limits(an, first)
    cat = "unspecified"
    cats = []
    head_outcome = None
    civilian_mod = False
    for j in range(first, last):
        w = low[j]
        if w in CIVILIAN_MODIFIERS:
            civilian_mod = True
        if w in VICTIM_HEADS:
            c = VICTIM_HEADS[w]
            if not (cats and j > first and low[j - 1] in VICTIM_HEADS):
                cats.append(c)
            else:
                cats[-1] = c
        if w in OUTCOME_HEADS:
            head_outcome = OUTCOME_HEADS[w]
    cats = [c for c in cats if c != "unspecified"] or cats
    if cats:
        distinct = set(cats)
        cat = "mixed" if len(distinct) > 1 and "and" in low[first:last] else cats[-1]
    if civilian_mod and cat in ("unspecified",):
        cat = "civilians"
    cue = _outcome_near(an, first, last, lo, hi)
    if head_outcome and low[last - 1] in OUTCOME_HEADS:
        outcome = head_outcome
    elif cue is not None and cue[0] != "none":
        outcome = cue[0]
    else:
        outcome = _bare_context(an, first, last, lo, hi) or head_outcome or "killed"
    return outcome, cat
