"""Shared text analysis for every extractor: tokens, sentences, quotations and boilerplate lines.

One `Analysis` per document is computed once and read by the figure finder (`baselines.figures`), the claim
assembler (`baselines.assembly`) and the CRF's feature function, so all three extractors see the same
sentences and the same tokens. Tokens are those of `bench.tokenize` (the dataset's own tokenizer), so every
span built from token offsets starts and ends on a token boundary of the released `tokens` layer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

from bench.tokenize import tokenize

# Abbreviations after which a full stop does not end a sentence (lower case, without the dot).
ABBREVIATIONS = frozenset("""
mr mrs ms dr gen lt col sgt capt maj brig cmdr adm st jr sr no nos gov sen rep prof rev hon fr messrs
jan feb mar apr aug sep sept oct nov dec approx vs etc inc ltd co corp dept est fig al cf ie eg
""".split())

# Lines that are navigation or related-content boilerplate, never article prose (guidelines section 4).
_BOILERPLATE_LINE = re.compile(
    r"^\s*(read also|also read|read more|see also|related( news| stories| articles| content| posts)?|more stories|"
    r"recommended|trending|follow us|image source|scroll to top|subscribe|sign up|share this|advertisement|"
    r"click here|watch:|listen:|photo:|file photo)\b", re.IGNORECASE)
_RELATED_HEADER = re.compile(r"^\s*(related( news| stories| articles| content| posts)?|more stories|read more|"
                             r"recommended( for you)?|you may also like|latest news)\s*:?\s*$", re.IGNORECASE)

OPEN_QUOTES = {"“": "”", "«": "»", "„": "“"}
CLOSE_QUOTES = {"”", "»"}


@dataclass
class Analysis:
    """Token-level view of one document."""

    text: str
    toks: list[str]
    low: list[str]                      # lower-cased tokens, curly apostrophes made straight
    starts: list[int]
    ends: list[int]
    sentences: list[tuple[int, int]]    # token ranges [first, last + 1)
    sent_of: list[int]                  # sentence index of every token
    quote_of: list[int]                 # quotation index of every token, -1 outside quotations
    quotes: list[tuple[int, int]]       # token ranges of quotations, marks excluded
    masked: list[bool]                  # token on a boilerplate line (never annotated)
    published: Optional[str] = None
    cache: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.toks)

    def span_text(self, i: int, j: int) -> str:
        """Text of tokens [i, j)."""
        return self.text[self.starts[i]:self.ends[j - 1]]

    def gap(self, i: int) -> str:
        """The characters between token i - 1 and token i."""
        return self.text[self.ends[i - 1]:self.starts[i]] if i > 0 else self.text[:self.starts[0]]

    def joined(self, i: int) -> bool:
        """True when token i follows token i - 1 with no space (parts of one word: Mali’s, al-Qaeda)."""
        return i > 0 and self.ends[i - 1] == self.starts[i]

    def token_at_char(self, pos: int) -> int:
        """Index of the first token ending after character `pos`."""
        import bisect

        return bisect.bisect_right(self.ends, pos)


def analyse(text: str, published: Optional[str] = None) -> Analysis:
    toks, offsets = tokenize(text)
    starts = [a for a, _ in offsets]
    ends = [b for _, b in offsets]
    low = [t.lower().replace("’", "'") for t in toks]
    n = len(toks)

    # Boilerplate lines: a navigation line, and after a "Related News" header every short line that follows.
    masked = [False] * n
    if n:
        line_start = 0
        after_related = False
        tok_i = 0
        for line in text.split("\n"):
            line_end = line_start + len(line)
            first = tok_i
            while tok_i < n and starts[tok_i] < line_end:
                tok_i += 1
            words = len(line.split())
            if _RELATED_HEADER.match(line):
                after_related = True
                mask = True
            elif after_related and words < 25:
                mask = True
            else:
                if words >= 25:
                    after_related = False
                mask = bool(_BOILERPLATE_LINE.match(line))
            if mask:
                for k in range(first, tok_i):
                    masked[k] = True
            line_start = line_end + 1

    # Sentences: a line break always ends one; . ! ? end one before a capital, digit or quotation mark.
    sentences: list[tuple[int, int]] = []
    begin = 0
    # Tokens followed by a line break.
    import bisect

    breaks = set()
    pos = text.find("\n")
    while pos != -1:
        i = bisect.bisect_left(starts, pos) - 1
        if 0 <= i < n - 1:
            breaks.add(i)
        pos = text.find("\n", pos + 1)
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
    sent_of = [0] * n
    for k, (a, b) in enumerate(sentences):
        for i in range(a, b):
            sent_of[i] = k

    # Quotations: curly pairs, and straight double quotes toggling within a paragraph.
    quote_of = [-1] * n
    quotes: list[tuple[int, int]] = []
    open_at: Optional[int] = None
    closer: Optional[str] = None
    for i, t in enumerate(toks):
        if open_at is not None and i > open_at and (i - 1) in breaks:
            open_at = None  # a paragraph ends an unclosed quotation
        if open_at is None:
            if t in OPEN_QUOTES:
                open_at, closer = i, OPEN_QUOTES[t]
            elif t == "\"" and not (i > 0 and ends[i - 1] == starts[i] and toks[i - 1][-1:].isalnum()):
                open_at, closer = i, "\""
        elif t == closer or (closer != "\"" and t in CLOSE_QUOTES):
            if i - open_at > 1:
                q = len(quotes)
                quotes.append((open_at + 1, i))
                for k in range(open_at + 1, i):
                    quote_of[k] = q
            open_at = None
    return Analysis(text=text, toks=toks, low=low, starts=starts, ends=ends, sentences=sentences,
                    sent_of=sent_of, quote_of=quote_of, quotes=quotes, masked=masked, published=published)


def doc_fields(doc: Any) -> tuple[str, str, Optional[str]]:
    """(id, text, published) of a document given as a `bench.schema.Document`, a mapping or any object."""
    if isinstance(doc, dict):
        return str(doc["id"]), str(doc["text"]), doc.get("published")
    return str(doc.id), str(doc.text), getattr(doc, "published", None)
