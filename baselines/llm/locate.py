"""Find a model's quotation in the document it was asked about.

A language model quotes the text it read, but not always letter for letter: it changes the case, folds a
line break into a space, straightens a curly apostrophe or adds a full stop. `QuoteLocator.find` tries, in
order, an exact match and then a whitespace-, case- and quote-mark-tolerant match (also with trailing
punctuation trimmed), and among several places picks the one nearest to the previous match, so a claimant
quoted right after a figure is found in the same passage. A quote found nowhere is not guessed at: the
caller drops it and counts it. Spans are widened to whole tokens of the dataset's tokenizer, so they line
up with the released `tokens` layer.
"""

from __future__ import annotations

import bisect
import re
from typing import Collection, Optional

from bench.tokenize import tokenize

# Characters compared as one (typographic quotes, apostrophes and dashes against their ASCII forms).
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
                       "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_STRIP = " \t\r\n\"'\u201c\u201d\u2018\u2019\u00ab\u00bb`"
_TRAILING = ".,;:!?"


def _fold_char(ch: str) -> str:
    ch = ch.translate(_FOLD)
    low = ch.lower()
    # A character whose lower case is longer (e.g. "İ") keeps its own form so offsets stay one to one.
    return low if len(low) == 1 else ch


def _fold(text: str) -> tuple[str, list[int]]:
    """The tolerant form of `text` (case folded, runs of whitespace as one space) and, for every character
    of it, the offset of the character of `text` it came from."""
    out: list[str] = []
    where: list[int] = []
    previous_space = False
    for i, ch in enumerate(text):
        ch = _fold_char(ch)
        if ch.isspace():
            if previous_space:
                continue
            ch, previous_space = " ", True
        else:
            previous_space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, start = [], haystack.find(needle)
    while start != -1:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


class QuoteLocator:
    """Locates quotations in one document; remembers the previous match to break ties by proximity."""

    def __init__(self, text: str):
        self.text = text
        self.folded, self.where = _fold(text)
        _, offsets = tokenize(text)
        self.token_starts = [a for a, _ in offsets]
        self.token_ends = [b for _, b in offsets]
        self.previous: Optional[int] = None

    def find(self, quote: Optional[str], near: Optional[int] = None,
             avoid: Collection[tuple[int, int]] = ()) -> Optional[tuple[int, int]]:
        """Character span [start, end) of `quote` in the text, or None when it is not there. Among several
        occurrences, those not in `avoid` (spans already taken) come first, then the nearest to `near`
        (default: the previous match)."""
        if not isinstance(quote, str):
            return None
        quote = quote.strip(_STRIP)
        if not quote:
            return None
        anchor = self.previous if near is None else near
        spans = self._exact(quote) or self._tolerant(quote)
        if not spans and quote.rstrip(_TRAILING) != quote:
            trimmed = quote.rstrip(_TRAILING).strip(_STRIP)
            spans = (self._exact(trimmed) or self._tolerant(trimmed)) if trimmed else []
        if not spans:
            return None
        spans = [self._to_tokens(*sp) for sp in spans]
        fresh = [sp for sp in spans if sp not in avoid] or spans
        span = min(fresh, key=lambda sp: (abs(sp[0] - anchor), sp[0]) if anchor is not None else (0, sp[0]))
        self.previous = span[0]
        return span

    def _exact(self, quote: str) -> list[tuple[int, int]]:
        return [(start, start + len(quote)) for start in _occurrences(self.text, quote)]

    def _tolerant(self, quote: str) -> list[tuple[int, int]]:
        folded_quote, _ = _fold(quote)
        folded_quote = re.sub(r" +", " ", folded_quote).strip()
        if not folded_quote:
            return []
        return [(self.where[h], self.where[h + len(folded_quote) - 1] + 1)
                for h in _occurrences(self.folded, folded_quote)]

    def _to_tokens(self, start: int, end: int) -> tuple[int, int]:
        """Widen [start, end) to the tokens it touches (a quote cut inside a word takes the whole word)."""
        if not self.token_starts:
            return start, end
        i = bisect.bisect_right(self.token_starts, start) - 1
        if i >= 0 and self.token_ends[i] > start:
            start = self.token_starts[i]
        j = bisect.bisect_left(self.token_ends, end)
        if j < len(self.token_ends) and self.token_starts[j] < end:
            end = self.token_ends[j]
        return start, end
