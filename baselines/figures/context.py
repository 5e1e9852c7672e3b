"""The words around a figure that make it a casualty figure and give its outcome: outcome verbs and nouns
near it, the casualty constructions of a bare figure ("kill at least 21", "the deaths of dozens"), toll frames
("the toll rose to 37") and subset cues ("including"); guidelines 1.1, 2.3, 2.4."""

from __future__ import annotations

from typing import Optional

from baselines.lexicon import (
    ADJACENT_OUTCOME_VERBS, AUX_WORDS, FRAME_LINKS, NON_CASUALTY_CUES, NUMBER_WORDS, OUTCOME_CUES, SUBSET_CUES,
    TOLL_BRIDGE, TOLL_NOUNS,
)
from baselines.text import Analysis

KILL_VERBS = frozenset(w for w, o in OUTCOME_CUES.items() if w.endswith(("ed", "ing")) or w in ("kill", "kills", "slain"))


_FINAL_MARKS = frozenset(". ! ? ...".split())
_CLOSERS = frozenset('" ” \' ’ ) ]'.split())


def sentence_limits(an: Analysis, i: int) -> tuple[int, int]:
    a, b = an.sentences[an.sent_of[i]]
    return a, b


def is_headline(an: Analysis, lo: int, hi: int) -> bool:
    """True when the sentence of tokens [lo, hi) is a headline: the title on the text's first line (documents
    carry their title as the first line of `text`) or an entry title of a live page, a line of its own
    without final punctuation. Headlines are annotated like any sentence (guidelines 4), in headline
    grammar: "Dozens killed in market blast", "Many feared dead"."""
    end = hi
    while end > lo and an.low[end - 1] in _CLOSERS:
        end -= 1  # 'they were killed."' ends with its full stop
    if end <= lo or an.low[end - 1] in _FINAL_MARKS:
        return False
    starts_line = lo == 0 or "\n" in an.gap(lo)
    return starts_line and (hi >= len(an) or "\n" in an.gap(hi))


def outcome_near(an: Analysis, first: int, last: int, lo: int, hi: int, window: int = 12
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


def bare_context(an: Analysis, first: int, last: int, lo: int, hi: int) -> Optional[str]:
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
    if j >= lo and low[j] in KILL_VERBS:
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
