"""Events: the main incident of an article and the earlier or other incidents it mentions (guidelines 2.5)."""

from __future__ import annotations

import datetime
from typing import NamedTuple, Optional

from baselines.assembly.clauses import is_dash
from baselines.assembly.nounphrases import is_word
from baselines.lexicon import (
    DOCUMENT_HEADS, INCIDENT_NOUNS, MONTHS, NUMBER_WORDS, OTHER_INCIDENT, OUTCOME_CUES, PERIOD_WORDS, RELATIVE_PAST, REPORT_VERBS,
    VIOLENT_VERBS, WEEKDAYS,
)
from baselines.text import Analysis

_WEEKDAY_INDEX = {w: i for i, w in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
# "a second attack", "a third strike": another incident, like "another attack".
_ORDINALS = frozenset("second third fourth fifth".split())
_LEAD_SENTENCES = 4
# "On Tuesday he had given a toll of 79": a count is dated, not the violence.
_TOLL_WORDS = frozenset("toll tolls tally count figure figures number balance".split())
# A weekday dates the violence words of its clause before it, or this close after it ("Friday's attack").
_NEAR = 6
_CLAUSE = 16


class MainDate(NamedTuple):
    """When the article's main incident happened, as far as its lead and publication date tell."""

    year: Optional[int]
    month: Optional[int]
    days_before: Optional[int]  # the lead's weekday, in days before publication ("on Friday" in a Sunday paper: 2)
    lead: int                   # the lead sentence: it and the headline report the main incident


def _days_before(an: Analysis, k: int) -> Optional[int]:
    """Days before publication of the weekday at token k, or None without a publication date."""
    try:
        published = datetime.date.fromisoformat(str(an.published)[:10])
    except (TypeError, ValueError):
        return None
    return (published.weekday() - _WEEKDAY_INDEX[an.low[k]]) % 7


def _incident_weekday(an: Analysis, lo: int, hi: int) -> Optional[int]:
    """The first weekday in [lo, hi) that dates violence ("killed 12 on Friday", "late on Friday", "Friday's
    attack"), not a withdrawal, a statement ("police said on Saturday", "a statement on Sunday") nor a custom ("Friday
    prayers")."""
    low = an.low
    for k in range(lo, hi):
        if low[k] not in WEEKDAYS or not an.toks[k][0].isupper():
            continue
        dated = k > lo and (low[k - 1] in ("on", "last") or (low[k - 1] in ("early", "late") and k - 1 > lo
                                                             and low[k - 2] == "on"))
        possessive = k + 2 < hi and an.toks[k + 1] in ("'", "’") and low[k + 2] == "s"
        if (dated or possessive) and not any(low[m] in REPORT_VERBS or low[m] in DOCUMENT_HEADS
                                             for m in range(max(lo, k - 6), k)) \
                and _near_violence(an, k, lo, hi):
            return k
    return None


def _near_violence(an: Analysis, k: int, lo: int, hi: int) -> bool:
    """Is a violence word in the weekday's clause before it ("killed 20 traders at the market on Friday") or
    just after it ("on Friday gunmen killed"), and no count ("had given a toll of 10 dead on Sunday": the
    date of the count)?"""
    low = an.low
    start = k
    while start > max(lo, k - _CLAUSE) and an.toks[start - 1] not in (",", ";", ":"):
        start -= 1
    words = low[start:k] + low[k + 1:min(hi, k + _NEAR + 1)]
    return not any(w in _TOLL_WORDS for w in words) and any(_violence_word(w) for w in words)


def _violence_word(w: str) -> bool:
    return (w in VIOLENT_VERBS or w in INCIDENT_NOUNS or w in OUTCOME_CUES) and w not in _TOLL_WORDS


def _lead_sentence(an: Analysis) -> int:
    """The first sentence after the headline that reports an outcome: the lead."""
    for s, (lo, hi) in enumerate(an.sentences[1:_LEAD_SENTENCES], start=1):
        if any(an.low[k] in OUTCOME_CUES for k in range(lo, hi)):
            return s
    return 0


def main_month(an: Analysis) -> MainDate:
    """The main incident's year and month (from the lead, else the publication date), its weekday and its
    lead sentence."""
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
            if is_dash(an, m):
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
    lead = _lead_sentence(an)
    # The earliest weekday of the headline and lead: "the toll from Saturday's attack rose on Monday".
    days = [_days_before(an, k) for a, b in an.sentences[:lead + 1]
            for k in [_incident_weekday(an, a, b)] if k is not None and k not in dateline]
    days_before = max((d for d in days if d is not None), default=None)
    return MainDate(year, month, days_before, lead)


def _figure_before(an: Analysis, lo: int, k: int) -> bool:
    """Does a number come before token k in its sentence ("Gunmen killed 12, days after another attack")?"""
    return any(an.low[m][0].isdigit() or an.low[m] in NUMBER_WORDS for m in range(lo, k))


def _earlier_weekday(an: Analysis, lo: int, hi: int, main: MainDate) -> Optional[str]:
    """A key for a sentence whose violence is dated to a weekday before the lead's ("On Tuesday, a strike
    killed 4" in a report on Friday's attack): an earlier incident (guidelines 2.5). A later weekday is the
    aftermath of the main one, as a later month is."""
    if main.days_before is None:
        return None
    k = _incident_weekday(an, lo, hi)
    if k is None:
        return None
    days = _days_before(an, k)
    if days is not None and days > main.days_before:
        return f"day {an.low[k]}"
    return None


def background_key(an: Analysis, s: int, main: MainDate) -> Optional[str]:
    """A key naming the earlier or other incident sentence s reports, or None for the main one."""
    lo, hi = an.sentences[s]
    low, toks = an.low, an.toks
    year, month = main.year, main.month
    after_lead = s > main.lead
    for k in range(lo, hi):
        w = low[k]
        nxt = low[k + 1] if k + 1 < hi else ""
        if w in RELATIVE_PAST and nxt in PERIOD_WORDS:
            return f"{w} {nxt}"
        if w == "earlier" and nxt == "this" and k + 2 < hi and low[k + 2] in PERIOD_WORDS:
            return f"earlier this {low[k + 2]}"
        if (w == "so" and nxt == "far" and k + 3 < hi and low[k + 2] == "this" and low[k + 3] in PERIOD_WORDS) \
                or (w == "since" and nxt in ("the", "its") and k + 2 < hi
                    and low[k + 2] in ("start", "beginning", "outbreak", "war", "conflict", "fighting")) \
                or (w == "since" and nxt in MONTHS and toks[k + 1][0].isupper()):
            return "running total"  # "so far this year", "since the war began": a total, not this incident
        if w in PERIOD_WORDS and nxt == "ago":
            return f"{low[k - 1] if k > lo else ''} {w} ago"
        if (w in OTHER_INCIDENT or (w in _ORDINALS and k > lo and low[k - 1] == "a")) and after_lead \
                and (nxt in INCIDENT_NOUNS or (k + 2 < hi and low[k + 2] in INCIDENT_NOUNS)) \
                and not _figure_before(an, lo, k):
            # "In another attack on Monday, 3 were killed"; not the lead's own figure, nor "killed 12 ...
            # days after another attack" (the figure before the phrase is the main incident's).
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
    return _earlier_weekday(an, lo, hi, main) if after_lead else None


# --------------------------------------------------------------------------------------------------
# Across documents: several reports of one incident


_NOT_PLACE_WORDS = frozenset("""the a an and of in on at by for to from with as after before but this that these those
    his her its their our he she they it we i you said says say told update updated live breaking analysis news
    report reports photo video read more staff wire agency press translated correspondent editor exclusive
    opinion brief sources source official officials army police government ministry minister president
    state islamic forces killed dead attack attacks""".split())


def incident_words(an: Analysis) -> frozenset[str]:
    """Capitalised words of the headline and the first sentences (places, groups, names; not sentence
    openers or months): what two reports of one incident share."""
    words = set()
    for lo, hi in an.sentences[:4]:
        for k in range(lo + 1, hi):
            t, w = an.toks[k], an.low[k]
            if len(t) >= 3 and t[0].isupper() and w not in _NOT_PLACE_WORDS and w not in MONTHS \
                    and w not in WEEKDAYS and not an.masked[k] and is_word(t):
                words.add(w)
    return frozenset(words)


def _day(published: Optional[str]) -> Optional[int]:
    try:
        return datetime.date.fromisoformat(str(published)[:10]).toordinal()
    except (TypeError, ValueError):
        return None


def link_main_events(records: list[dict], analyses: list[Analysis], max_days: int = 45,
                     min_shared: int = 2) -> list[dict]:
    """Give the main-incident claims of documents that report one incident the same event id (event ids are
    global strings: one id in two documents means one incident). Two documents are linked when they were
    published at most `max_days` apart and share `min_shared` capitalised words of their headlines and
    leads (a place, a group, a village); links are transitive. Only `<doc_id>#main` ids move; background
    events stay local. Uses the texts and publication dates only, never gold fields."""
    n = len(records)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    days = [_day(an.published) for an in analyses]
    words = [incident_words(an) for an in analyses]
    order = sorted((d, i) for i, d in enumerate(days) if d is not None)
    for x, (dx, i) in enumerate(order):
        for dy, j in order[x + 1:]:
            if dy - dx > max_days:
                break
            if len(words[i] & words[j]) >= min_shared:
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        shared = f"{min(records[i]['id'] for i in members)}#main"
        for i in members:
            own = f"{records[i]['id']}#main"
            for claim in records[i]["claims"]:
                if claim.get("event") == own:
                    claim["event"] = shared
    return records
