"""Sentences and quotations of one document, on the tokens of `bench.tokenize` (so every offset is an offset
into the original text: nothing is re-flowed or rewritten).

Sentences: . ! ? end one before a capital, a digit or an opening quotation mark, unless the stop closes an
abbreviation or an initial. Line breaks depend on the kind of copy (`bench.sentences.is_hard_wrapped`, the
definition the dataset statistics use): in web copy every line is a paragraph and ends a sentence; in
hard-wrapped wire copy (~65 characters a line) a single line break is a space, and ends a sentence only
after a short line (a headline, a dateline, the last line of a paragraph) or at a blank line.

Quotations: curly pairs, and straight double quotes toggling within a paragraph. A paragraph ends an
unclosed quotation; when the next paragraph opens with a quotation mark the quotation goes on there (news
style reopens a multi-paragraph quotation at each paragraph and closes it once), so the pieces form one
chain, and the speaker named once anywhere around the chain speaks for all of it.
"""

from __future__ import annotations

import bisect
import re
from typing import Optional

from bench.sentences import SHORT_LINE, is_hard_wrapped

# Abbreviations after which a full stop does not end a sentence (lower case, without the dot).
ABBREVIATIONS = frozenset("""
mr mrs ms dr gen lt col sgt capt maj brig cmdr adm st jr sr no nos gov sen rep prof rev hon fr messrs
jan feb mar apr aug sep sept oct nov dec approx vs etc inc ltd co corp dept est fig al cf ie eg
""".split())

OPEN_QUOTES = {"“": "”", "«": "»", "„": "“"}
CLOSE_QUOTES = {"”", "»"}
_BLANK_AFTER = re.compile(r"[ \t]*\n[ \t]*\n")


def line_breaks(text: str, starts: list[int]) -> tuple[set[int], set[int]]:
    """(sentence_breaks, paragraph_breaks): indices of the tokens after which a line break ends a sentence,
    and those after which one ends a paragraph (a blank line, or any line break in web copy)."""
    n = len(starts)
    wrapped = is_hard_wrapped(text)
    sentence_breaks: set[int] = set()
    paragraph_breaks: set[int] = set()
    line_start = 0
    pos = text.find("\n")
    while pos != -1:
        i = bisect.bisect_left(starts, pos) - 1
        if 0 <= i < n - 1:
            line = text[line_start:pos].strip()
            blank = bool(_BLANK_AFTER.match(text, pos)) or not line
            if not wrapped or blank:
                sentence_breaks.add(i)
                paragraph_breaks.add(i)
            elif len(line) < SHORT_LINE:
                sentence_breaks.add(i)  # a headline, a dateline, the last line of a paragraph
        line_start = pos + 1
        pos = text.find("\n", pos + 1)
    return sentence_breaks, paragraph_breaks


def split_sentences(toks: list[str], low: list[str], starts: list[int], ends: list[int],
                    breaks: set[int]) -> list[tuple[int, int]]:
    """Token ranges [first, last + 1) of the sentences."""
    n = len(toks)
    sentences: list[tuple[int, int]] = []
    begin = 0
    for i in range(n):
        if i in breaks:
            sentences.append((begin, i + 1))
            begin = i + 1
            continue
        t = toks[i]
        if t in (".", "!", "?") and i + 1 < n:
            j = i + 1
            while j < n and toks[j] in ("”", "\"", "’", ")", "»", "'") and ends[j - 1] == starts[j]:
                j += 1
            if j >= n:
                continue
            if starts[j] == ends[j - 1]:
                continue  # "U.S." or "3.5": no space after the stop
            nxt = toks[j]
            if not (nxt[0].isupper() or nxt[0].isdigit() or nxt in ("“", "\"", "(", "«")):
                continue
            if t == "." and i > 0 and ends[i - 1] == starts[i]:
                prev = low[i - 1]
                if prev in ABBREVIATIONS or (len(prev) == 1 and prev.isalpha()):
                    continue
            sentences.append((begin, j))
            begin = j
    if begin < n:
        sentences.append((begin, n))
    return sentences


def find_quotations(toks: list[str], starts: list[int], ends: list[int], paragraph_breaks: set[int]
                    ) -> tuple[list[int], list[tuple[int, int]], list[int]]:
    """(quote_of, quotes, chain_of): the quotation index of every token (-1 outside), the token ranges of
    the quotations (marks excluded) and, per quotation, the index of the first quotation of its chain."""
    n = len(toks)
    quote_of = [-1] * n
    quotes: list[tuple[int, int]] = []
    chain_of: list[int] = []
    open_at: Optional[int] = None
    closer: Optional[str] = None
    carried: Optional[int] = None  # the chain an unclosed quotation leaves to the next paragraph

    def close(at: int, end: int) -> int:
        q = len(quotes)
        quotes.append((at + 1, end))
        chain_of.append(carried if carried is not None else q)
        for k in range(at + 1, end):
            quote_of[k] = q
        return q

    paragraph_first = True
    for i, t in enumerate(toks):
        if open_at is not None and i > open_at and (i - 1) in paragraph_breaks:
            # A paragraph ends an unclosed quotation; it goes on if the next paragraph opens with a mark.
            q = close(open_at, i) if i - open_at > 1 else None
            open_at = None
            opens = t in OPEN_QUOTES or t == "\""
            carried = chain_of[q] if (q is not None and opens) else None
            paragraph_first = True
        elif i > 0 and (i - 1) in paragraph_breaks:
            paragraph_first = True
            carried = None
        if open_at is None:
            if t in OPEN_QUOTES:
                open_at, closer = i, OPEN_QUOTES[t]
            elif t == "\"" and not (i > 0 and ends[i - 1] == starts[i] and toks[i - 1][-1:].isalnum()):
                open_at, closer = i, "\""
            if open_at is not None and not paragraph_first:
                carried = None
        elif t == closer or (closer != "\"" and t in CLOSE_QUOTES):
            if i - open_at > 1:
                close(open_at, i)
            open_at = None
            carried = None
        paragraph_first = False
    return quote_of, quotes, chain_of
