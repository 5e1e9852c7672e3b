"""Events: the main incident of an article and the earlier or other incidents it mentions (guidelines 2.5)."""

from __future__ import annotations

from typing import Optional

from baselines.assembly.clauses import is_dash
from baselines.assembly.nounphrases import is_word
from baselines.lexicon import (
    INCIDENT_NOUNS, MONTHS, OTHER_INCIDENT, PERIOD_WORDS, RELATIVE_PAST, WEEKDAYS,
)
from baselines.text import Analysis


def main_month(an: Analysis) -> tuple[Optional[int], Optional[int]]:
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
        if (w == "so" and nxt == "far" and k + 3 < hi and low[k + 2] == "this" and low[k + 3] in PERIOD_WORDS) \
                or (w == "since" and nxt in ("the", "its") and k + 2 < hi
                    and low[k + 2] in ("start", "beginning", "outbreak", "war", "conflict", "fighting")) \
                or (w == "since" and nxt in MONTHS and toks[k + 1][0].isupper()):
            return "running total"  # "so far this year", "since the war began": a total, not this incident
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
    import datetime

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
