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

from baselines.sentences import find_quotations, line_breaks, split_sentences

# Lines that are navigation or related-content boilerplate, never article prose (guidelines section 4).
_BOILERPLATE_LINE = re.compile(
    r"^\s*(read also|also read|read more|see also|related( news| stories| articles| content| posts)?|more stories|"
    r"recommended|trending|follow us|image source|scroll to top|subscribe|sign up|share this|advertisement|"
    r"click here|watch:|listen:|photo:|file photo)\b", re.IGNORECASE)
_RELATED_HEADER = re.compile(r"^\s*(related( news| stories| articles| content| posts)?|more stories|read more|"
                             r"recommended( for you)?|you may also like|latest news)\s*:?\s*$", re.IGNORECASE)



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
    quote_chain: list[int]              # per quotation, the first quotation of its multi-paragraph chain
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

    breaks, paragraph_breaks = line_breaks(text, starts)
    sentences = split_sentences(toks, low, starts, ends, breaks)
    sent_of = [0] * n
    for k, (a, b) in enumerate(sentences):
        for i in range(a, b):
            sent_of[i] = k
    quote_of, quotes, quote_chain = find_quotations(toks, starts, ends, paragraph_breaks)
    return Analysis(text=text, toks=toks, low=low, starts=starts, ends=ends, sentences=sentences,
                    sent_of=sent_of, quote_of=quote_of, quotes=quotes, quote_chain=quote_chain, masked=masked, published=published)


def doc_fields(doc: Any) -> tuple[str, str, Optional[str]]:
    """(id, text, published) of a document given as a `bench.schema.Document`, a mapping or any object."""
    if isinstance(doc, dict):
        return str(doc["id"]), str(doc["text"]), doc.get("published")
    return str(doc.id), str(doc.text), getattr(doc, "published", None)
