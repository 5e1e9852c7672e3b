"""The casualty-figure finder: every CASUALTY span of a document with its toll, victims and outcome
(guidelines 1.1, 2.4, 3)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from bench.schema import Toll
from bench.tolls import VAGUE_FLOORS, find_toll

from baselines.figures.context import (
    KILL_VERBS, after_subset_cue, bare_context, is_headline, outcome_near, sentence_limits,
)
from baselines.figures.filter import is_casualty_figure
from baselines.figures.heads import (
    closing_quote, extend_head, head_after, in_list_after, is_word, list_end, opening_quote, quote_bounds,
)
from baselines.figures.numbers import age_end, number_end, number_excluded, number_words, qualifier_start, toll_of
from baselines.figures.zeros import ZERO_OPENERS, zero_at
from baselines.lexicon import (
    ADJACENT_OUTCOME_VERBS, AFTER_BARE, AUX_WORDS, NP_STOP, NUMBER_WORDS, OUTCOME_CUES, OUTCOME_HEADS,
    SINGULAR_HEADS, VAGUE_FIRST_WORDS, VICTIM_HEADS,
)
from baselines.text import Analysis

# Vague words that need a victims noun to count ("several attacks" is no figure, "dozens wounded" is).
_VAGUE_NEEDS_HEAD = {"several", "a", "many", "numerous", "countless", "large", "tens"}
# Those of them that stand bare in headline grammar ("Many feared dead", "Several killed in ...").
_HEADLINE_BARE = frozenset("several many numerous countless".split())
_RISE_VERBS = frozenset("rose risen rise rises rising climbed climbs jumped increased reached soared".split())
_RANGE_JOINERS = {"to", "-", "–", "—", "or", "and"}
_OF_DETERMINERS = frozenset("the its their his her our these those them whom".split())
_PRONOUN_OBJECTS = frozenset("them whom which those".split())
# Words after "a"/"an" that may start a figure ("a dozen", "a hundred", "a large number").
_AFTER_A = frozenset(w for phrase in VAGUE_FLOORS if phrase[0] == "a" for w in phrase[1:2]) | {"hundred", "thousand",
                                                                                              "dozen", "million"}
# Tokens that may start a figure besides digits: one set test per token of the document.
_STARTERS = NUMBER_WORDS | VAGUE_FIRST_WORDS | ZERO_OPENERS | {"a", "an"}
_EXCEED_VERBS = frozenset("passed passes passing exceeded exceeds exceeding surpassed surpasses topped tops".split())
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


def find_figures(an: Analysis) -> list[Figure]:
    """Every casualty figure of the document, in text order, non-overlapping, one sentence each."""
    cached = an.cache.get("figures")
    if cached is not None:
        return cached
    words = number_words(an)
    low = an.low
    out: list[Figure] = []
    n = len(an)
    i = 0
    while i < n:
        w = words[i]
        if not (w in _STARTERS or w[0].isdigit()) or an.masked[i]:
            i += 1
            continue
        if w in ("many", "much", "few") and i > 0 and words[i - 1] in ("how", "so", "too", "as"):
            i += 1  # "did not say how many soldiers were killed": a question about a figure, not one
            continue
        if w in ("a", "an") and not (i + 1 < n and (words[i + 1] in _AFTER_A or any(
                x in SINGULAR_HEADS for x in words[i + 1:i + 8]))):
            i += 1  # most articles start no figure: skip them cheaply
            continue
        lo, hi = sentence_limits(an, i)
        if w in ZERO_OPENERS:
            fig = _zero_figure(an, i, lo, hi)
        else:
            fig = _figure_at(an, words, i, lo, hi, out[-1] if out else None)
        if fig is None or not is_casualty_figure(an, fig.first, fig.last):
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


def _zero_figure(an: Analysis, i: int, lo: int, hi: int) -> Optional[Figure]:
    found = zero_at(an, i, lo, hi)
    if found is None:
        return None
    first, last, outcome, victims = found
    toll = toll_of(an.span_text(first, last))
    if toll is None:
        return None
    return Figure(first, last, an.starts[first], an.ends[last - 1], toll, outcome, victims, an.sent_of[i], i)


def _figure_at(an: Analysis, words: list[str], i: int, lo: int, hi: int, previous: Optional[Figure]
               ) -> Optional[Figure]:
    low = an.low
    found = number_end(an, words, i, hi)
    if found is None:
        if low[i] in ("a", "an"):
            return _singular_at(an, i, lo, hi, previous)
        return None
    e, vague = found
    if not vague and number_excluded(an, i, e, lo, hi):
        return None
    if not vague and words[i] in ("a", "an") and e == i + 1:
        return None
    if vague and i - 1 >= lo and low[i - 1] in ("give", "gave", "given", "giving", "provide", "provided", "no"):
        return None  # "did not give a number of the people who died"
    context_first = i
    # A range: "between 20 and 30", "20 to 30", "20-30"; "rose from 20 to 30" keeps the final figure only.
    if not vague and e + 1 < hi and low[e] in _RANGE_JOINERS:
        second = number_end(an, words, e + 1, hi)
        if second is not None and not second[1]:
            opener = low[i - 1] if i - 1 >= lo else ""
            if opener == "from" and i - 2 >= lo and low[i - 2] in _RISE_VERBS:
                return None  # the final figure after "to" is read on its own
            if low[e] != "and" or opener == "between":
                if low[e] in ("-", "–", "—") or not (e + 2 < hi and low[e + 1] in ("a", "an")):
                    if opener in ("between", "from"):
                        context_first = i - 1
                    e = second[0]
    first = qualifier_start(an, context_first, lo)
    # Number with a victims head.
    head_info = None
    k = e
    if closing_quote(an, k) and first - 1 >= lo and opening_quote(an, first - 1):
        k += 1  # '“at least 30” people': the quoted figure goes on to its victims noun
    if k < hi and low[k] == "of":
        k2 = k + 1
        if k2 < hi and low[k2] in _OF_DETERMINERS:
            if low[k2] in _PRONOUN_OBJECTS:
                k2 = -1
            else:
                k2 += 1
        if k2 > 0:
            head_info = head_after(an, k2, hi, after_of=True)
    elif k < hi:
        head_info = head_after(an, k, hi)
    if head_info is not None:
        head, cat, mods = head_info
        head, cat = extend_head(an, head, cat, hi)
        first, last = quote_bounds(an, first, age_end(an, head + 1, hi), lo, hi)
        if last < hi and low[last] in _SPEAKER_VERBS and low[head] not in _NOT_SPEAKERS:
            return None  # "two witnesses said", "one of their leaders reporting": sources, not victims
        cue = outcome_near(an, first, last, lo, hi)
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
        if vague and words[i] in _VAGUE_NEEDS_HEAD and not (words[i] == "a" and words[i + 1] in ("dozen", "few", "handful")) \
                and not (words[i] in _HEADLINE_BARE and is_headline(an, lo, hi)):
            return None
        nxt = low[e] if e < hi else "."
        if is_word(nxt) and nxt not in AFTER_BARE and nxt not in OUTCOME_CUES and nxt not in AUX_WORDS:
            return None
        if nxt == "of" and not (e + 1 < hi and low[e + 1] in ("them", "whom", "those")):
            return None
        # 'killed “at least 25”': the marks around a whole figure stay out of it, its context is around them.
        quoted = first - 1 >= lo and opening_quote(an, first - 1) and closing_quote(an, e)
        outer_first, outer_last = (first - 1, e + 1) if quoted else (first, e)
        outcome = bare_context(an, outer_first, outer_last, lo, hi)
        if outcome is None and after_subset_cue(an, outer_first, lo):
            cue = outcome_near(an, outer_first, outer_last, lo, hi)
            outcome = cue[0] if cue is not None and cue[0] != "none" else None
        if outcome is None:
            return None
        cue = outcome_near(an, outer_first, outer_last, lo, hi)
        if cue is not None and cue[0] == "none" and cue[1] <= 2:
            return None
        cat = "unspecified"
        last = e
    span_text = an.text[an.starts[first]:an.ends[last - 1]]
    if first == i and first - 1 >= lo and low[first - 1] in _EXCEED_VERBS:
        span_text = "more than " + span_text  # "passed 100" is more than 100 (guidelines 3)
    toll = toll_of(span_text)
    if toll is None:
        return None
    return Figure(first, last, an.starts[first], an.ends[last - 1], toll, outcome, cat, an.sent_of[i], i)


def _singular_at(an: Analysis, i: int, lo: int, hi: int, previous: Optional[Figure]) -> Optional[Figure]:
    """ "a child was killed", "killing a soldier": a singular indefinite victim is a figure of one. In a list
    of victims ("two farmers, a teacher and a child were killed") every indefinite member is a figure of
    its own with the list's outcome; an age stays in the span ("a girl aged two", guidelines 1.1)."""
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
        if not is_word(w) or w in NP_STOP or w in OUTCOME_CUES:
            return None
        j += 1
        steps += 1
    else:
        return None
    if j >= hi or low[j] not in SINGULAR_HEADS:
        return None
    head = j
    end = age_end(an, head + 1, hi)
    outcome = None
    k = list_end(an, end, hi)
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
        cue = outcome_near(an, i, head + 1, lo, hi)
        if cue is not None and cue[0] != "none":
            outcome = cue[0]
    if outcome is None and previous is not None and previous.sentence == an.sent_of[i] \
            and in_list_after(an, previous.last, i, hi):
        outcome = previous.outcome
    if outcome is None and i - 1 >= lo:
        prev = low[i - 1]
        if prev in KILL_VERBS:
            outcome = OUTCOME_CUES[prev]
        elif prev == "of" and i - 2 >= lo and low[i - 2] in ("death", "killing", "murder", "abduction", "kidnapping"):
            outcome = OUTCOME_CUES[low[i - 2]]
    if outcome is None:
        return None
    cat = VICTIM_HEADS.get(low[head], "unspecified")
    if cat in ("unspecified",) and low[head] in ("man", "person"):
        cat = "unspecified"
    toll = toll_of(an.span_text(i, end))
    if toll is None or toll.low != 1 or toll.high != 1:
        return None
    return Figure(i, end, an.starts[i], an.ends[end - 1], toll, outcome, cat, an.sent_of[i], i)
